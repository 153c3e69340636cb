from __future__ import annotations

from rag.generate import build_messages, citation_grammar, parse_claims
from rag.types import Article, Evidence, Location


def test_claims_and_their_markers_are_parsed() -> None:
    claims, refused = parse_claims("There are about 900 US troops in Syria [2]. The US has 2,500 in Iraq [1][3].", 3)
    assert not refused
    assert [(c.text, c.cites) for c in claims] == [
        ("There are about 900 US troops in Syria.", [2]),
        ("The US has 2,500 in Iraq.", [1, 3]),
    ]


def test_markers_that_name_no_evidence_never_survive() -> None:
    claims, _ = parse_claims("Made up [7]. Real one [1].", 2)
    assert [c.cites for c in claims] == [[1]]


def test_uncited_text_is_not_a_claim_and_refusal_is_recognised() -> None:
    assert parse_claims("Some text without any marker.", 3) == ([], False)
    assert parse_claims("NOT FOUND", 3) == ([], True)


def test_grammar_lists_exactly_the_evidence_numbers() -> None:
    grammar = citation_grammar(3)
    assert 'cite ::= "1" | "2" | "3"' in grammar
    assert '"NOT FOUND"' in grammar


def test_prompt_numbers_evidence_with_outlet_and_date() -> None:
    article = Article("d", "", "x" * 50, "T", "Reuters", "2024-03-12", None, ((0, 50),), "0" * 64)
    evidence = [Evidence("There are 900 troops in Syria.", [Location("d", 0, 30)])]
    messages = build_messages("How many?", evidence, {"d": article}, previous="Earlier?")
    user = messages[-1]["content"]
    assert "[1] (Reuters, 2024-03-12) There are 900 troops in Syria." in user
    assert "Earlier question: Earlier?" in user and user.endswith("Question: How many?\nAnswer:")


def test_the_prompt_format_marker_first_is_parsed() -> None:
    claims, refused = parse_claims("[2] About 900 US troops", 3)
    assert not refused
    assert [(c.text, c.cites) for c in claims] == [("About 900 US troops.", [2])]
    assert parse_claims("[9] Made up", 3) == ([], False)


def test_refusal_in_any_case_or_after_a_marker() -> None:
    assert parse_claims("[1] Not FOUND", 3) == ([], True)
    assert parse_claims("not found", 3) == ([], True)
