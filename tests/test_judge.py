"""The support judge measured on eval/judge_pairs.jsonl, including perturbed pairs."""

from __future__ import annotations

import json

import pytest

from rag.settings import PROJECT_ROOT
from rag.verify import SupportJudge

PAIRS = [json.loads(line) for line in (PROJECT_ROOT / "eval" / "judge_pairs.jsonl").read_text().splitlines()]


def accuracy(judge: SupportJudge) -> tuple[float, list[str]]:
    wrong = [p["id"] for p in PAIRS if judge.judge(p["sentence"], p["evidence"]).supported != p["supported"]]
    return 1 - len(wrong) / len(PAIRS), wrong


def test_the_labelled_set_has_perturbations_of_each_kind() -> None:
    kinds = {p["kind"] for p in PAIRS if not p["supported"]}
    assert {"number", "date", "name", "unrelated"} <= kinds
    assert sum(p["supported"] for p in PAIRS) >= 20


def test_lexical_checks_alone_reject_every_perturbed_figure() -> None:
    judge = SupportJudge(embedder=None)
    for pair in PAIRS:
        if pair["kind"] in {"number", "date"}:
            assert not judge.judge(pair["sentence"], pair["evidence"]).supported, pair["id"]


@pytest.mark.slow
def test_judge_accuracy_with_the_real_embedder() -> None:
    from rag.embed import get_embedder

    score, wrong = accuracy(SupportJudge(get_embedder("packaged:all-MiniLM-L6-v2")))
    print(f"judge accuracy {score:.3f} on {len(PAIRS)} pairs; wrong: {wrong}")
    assert score >= 0.9, wrong
