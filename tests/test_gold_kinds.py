"""Checks on eval/gold_kinds.jsonl (issue 12's explanation, list, summary, follow-up and collection gold). No model."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter

import pytest

from rag.scoring import alias_match, tokens
from rag.settings import PROJECT_ROOT

GOLD = PROJECT_ROOT / "eval" / "gold_kinds.jsonl"
KINDS = ("explanation", "list", "summary", "followup", "collection")


def _fold(text: str) -> str:
    """make_gold's same-length folding (no-break spaces, curly quotes), then lower case."""
    return text.translate(str.maketrans({"\u00a0": " ", "’": "'", "‘": "'", "“": '"', "”": '"'})).lower()


def _has_phrase(text: str, phrase: str) -> bool:
    """`phrase` occurs in `text` as whole words, folded and case-insensitive."""
    return re.search(r"(?<!\w)" + re.escape(_fold(phrase)) + r"(?!\w)", _fold(text)) is not None


def _fact_met(answer: str, aliases: list[str]) -> bool:
    """The judge's rule, checked two ways: a whole-word phrase, or the scorer's token match (numbers by value)."""
    return any(_has_phrase(answer, a) or alias_match(answer, a) for a in aliases)


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "corpus").glob("*.txt")}


def test_the_jsonl_is_what_the_script_writes(items: list[dict]) -> None:
    spec = importlib.util.spec_from_file_location("make_gold_kinds", PROJECT_ROOT / "eval" / "make_gold_kinds.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == items, "rerun: python3 eval/make_gold_kinds.py"


def test_enough_items_of_every_kind(items: list[dict]) -> None:
    assert len(items) >= 30
    ids = [q["id"] for q in items]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"k\d\d", i) for i in ids)
    kinds = Counter(q["kind"].removesuffix("_unanswerable") for q in items if q["answerable"])
    for kind in KINDS:
        assert kinds[kind] >= 3, kind
    assert sum(not q["answerable"] for q in items) >= 4
    assert all(q["kind"].endswith("_unanswerable") for q in items if not q["answerable"])
    assert {q["kind"].removesuffix("_unanswerable") for q in items} <= set(KINDS)


def test_follow_ups_carry_conversations(items: list[dict]) -> None:
    followups = [q for q in items if q["kind"].startswith("followup")]
    assert all(q["history"] for q in followups)
    assert not any(q["history"] for q in items if not q["kind"].startswith("followup"))
    for q in followups:
        for turn in q["history"]:
            assert len(turn) == 2 and turn[0].strip() and re.search(r"\[\d+\]", turn[1]), (q["id"], turn)
    # Conversations of three or more turns: the last question has at least two turns of history.
    long_conversations = {q["history"][0][0] for q in followups if len(q["history"]) >= 2}
    assert len(long_conversations) >= 3


def test_every_span_is_an_exact_slice_of_its_article(items: list[dict], texts: dict[str, str]) -> None:
    for q in items:
        assert bool(q["support"]) == q["answerable"] == bool(q["facts"]), q["id"]
        for span in q["support"]:
            assert texts[span["doc_id"]][span["start"] : span["end"]] == span["quote"], (q["id"], span["quote"])


def test_every_fact_s_first_alias_is_quoted_from_the_support(items: list[dict]) -> None:
    for q in items:
        for fact in q["facts"]:
            assert fact and all(isinstance(a, str) and a.strip() for a in fact), q["id"]
            assert any(_has_phrase(span["quote"], fact[0]) for span in q["support"]), (q["id"], fact[0])


def test_no_alias_is_made_of_the_question_s_own_words(items: list[dict]) -> None:
    for q in items:
        asked = set(tokens(q["question"]))
        for fact in q["facts"]:
            for alias in fact:
                assert set(tokens(alias)) - asked, (q["id"], alias)


def test_every_wrong_answer_misses_a_fact(items: list[dict]) -> None:
    for q in items:
        assert 2 <= len(q["wrong"]) <= 3, q["id"]
        if not q["answerable"]:
            continue
        for wrong in q["wrong"]:
            assert not all(_fact_met(wrong, fact) for fact in q["facts"]), (q["id"], wrong)


def test_the_fact_check_accepts_a_correct_answer() -> None:
    facts = [["Reuters"], ["AFP", "Agence France-Presse"], ["CNN"]]
    assert all(_fact_met("Reuters, Agence France-Presse and CNN [1][2].", f) for f in facts)
    assert not all(_fact_met("Reuters and CNN [1].", f) for f in facts)
    assert not _fact_met("Reutersville", ["Reuters"])  # whole words only
