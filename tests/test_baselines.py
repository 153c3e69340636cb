"""Baselines per CPU flavour: a run is gated on its own flavour's, else on the others' with their measured drift."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rag import baselines


def _run(correct: list[bool]) -> dict[str, object]:
    questions = [{"id": f"q{i}", "correct": c, "refused": False, "cited_gold": c, "grounded": c} for i, c in enumerate(correct)]
    return {"summary": {}, "questions": questions}


@pytest.fixture
def stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(baselines, "BASELINES", tmp_path)
    for flavour, correct in (("avx512", [True] * 8 + [False] * 2), ("avx2", [True] * 6 + [False] * 4)):
        (tmp_path / flavour).mkdir()
        (tmp_path / flavour / "default.json").write_text(json.dumps(_run(correct)))
    return tmp_path


def test_a_flavour_with_its_own_baseline_is_gated_on_it_alone(stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(baselines, "cpu_flavour", lambda: "avx2")
    candidates, slack = baselines.gate_baselines("default")
    assert [f for f, _ in candidates] == ["avx2"] and slack == 0
    assert baselines.baseline_path("default") == stored / "avx2" / "default.json"


def test_a_new_flavour_is_gated_on_every_known_one_with_the_drift_measured_between_them(
    stored: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(baselines, "cpu_flavour", lambda: "generic")
    monkeypatch.setattr(baselines, "DRIFT", stored / "drift.json")
    # The drift is measured on two flavours' results of the same code.
    for flavour in ("avx512", "avx2"):
        (stored / "runs" / flavour).mkdir(parents=True)
        (stored / "runs" / flavour / "default.json").write_text((stored / flavour / "default.json").read_text())
    assert baselines.main([str(stored / "runs" / "avx512"), str(stored / "runs" / "avx2")]) == 0
    candidates, slack = baselines.gate_baselines("default")
    assert [f for f, _ in candidates] == ["avx2", "avx512"]
    assert slack == 2  # q6 and q7 changed between the two builds
    assert baselines.gate_baselines("kinds") == ([], 1)  # no baseline anywhere: nothing to gate on


def test_drift_counts_questions_that_moved_either_way_and_is_at_least_one() -> None:
    a, b = _run([True, False, True]), _run([False, True, True])
    assert baselines.cross_flavour_drift([a, b]) == 2
    assert baselines.cross_flavour_drift([a]) == 1
    assert baselines.cross_flavour_drift([a, a]) == 1


def test_this_machine_has_a_flavour_name() -> None:
    assert re.fullmatch(r"generic|avx2(-vnni)?|avx512(-vbmi)?(-vnni)?(-bf16)?", baselines.cpu_flavour())


def test_slack_is_shared_out_by_how_much_of_the_suite_a_metric_counts() -> None:
    from rag.evaluation import compare

    def summary(recall: float) -> dict[str, object]:
        return {"summary": {"questions": 40, "unanswerable": 5, "refusal_recall": recall}, "questions": []}

    # 5 questions of slack over 40 give the 5 unanswerable ones 1 more: 2 of 5 may move, not 3.
    assert compare(summary(0.4), summary(0.8), slack=5) == []
    assert compare(summary(0.2), summary(0.8), slack=5) != []
    assert compare(summary(0.6), summary(0.8)) == [] and compare(summary(0.4), summary(0.8)) != []
