from __future__ import annotations

from rag.generate import build_messages, claim_grammar, parse_claims, span_rules
from rag.types import Article, Evidence, Location


def test_the_reply_shape_is_parsed() -> None:
    claims, refused = parse_claims("[2] About 900 US troops.", 3)
    assert not refused
    assert [(c.text, c.cites) for c in claims] == [("About 900 US troops", [2])]


def test_markers_that_name_no_evidence_never_survive() -> None:
    assert parse_claims("[7] Made up", 2) == ([], False)


def test_uncited_text_is_not_a_claim_and_refusal_is_recognised() -> None:
    assert parse_claims("Some text without any marker.", 3) == ([], False)
    assert parse_claims("NOT FOUND", 3) == ([], True)
    assert parse_claims("not found", 3) == ([], True)


LINES = ["The mayor, Jane Ortiz, said repairs would cost $1.2 million.", 'Traffic fell 30% after the "closure".']


def test_grammar_offers_exactly_the_evidence_numbers() -> None:
    grammar = claim_grammar(LINES)
    assert '"[1] " (span1)' in grammar and '"[2] " (span2)' in grammar and '"[3] "' not in grammar
    assert "root ::= refusal | claim" in grammar
    assert "root ::= claim" in claim_grammar(LINES, allow_refusal=False)


def test_an_answer_is_a_run_of_whole_words_of_its_line_kept_as_written() -> None:
    rules = dict(line.split(" ::= ", 1) for line in span_rules("s", LINES[0]).splitlines())
    assert rules["s"].startswith("s-0 | s-1 |")
    assert rules["s-2"] == '"Jane" (" " s-3)?'  # a run can start at any word and stop after any word
    assert rules["s-1"] == '"mayor" (", " s-2)?'  # the separator is the line's own
    assert rules["s-8"] == '"$1" ("." s-9)?'  # a currency sign goes with its figure
    quoted = dict(line.split(" ::= ", 1) for line in span_rules("t", LINES[1]).splitlines())
    assert quoted["t-2"] == '"30%" (" " t-3)?'
    assert quoted["t-5"] == '"closure"'  # no trailing punctuation: the reply may add one full stop
    assert quoted["t-4"] == '"the" (" \\"" t-5)?'  # a quote in the text is escaped for GBNF


def test_yes_and_no_are_offered_only_to_a_question_they_answer() -> None:
    assert '"Yes" | "No"' in claim_grammar(LINES, question="Did the mayor say what repairs cost?")
    assert '"Yes"' not in claim_grammar(LINES, question="What did the mayor say repairs cost?")


def test_the_grammar_compiles_in_llama_cpp() -> None:
    from llama_cpp import LlamaGrammar

    for allow in (True, False):
        LlamaGrammar.from_string(claim_grammar(LINES, allow_refusal=allow, question="Is it?"), verbose=False)


def test_prompt_numbers_evidence_with_outlet_and_date() -> None:
    article = Article("d", "", "x" * 50, "T", "Reuters", "2024-03-12", None, ((0, 50),), "0" * 64)
    evidence = [Evidence("There are 900 troops in Syria.", [Location("d", 0, 30)])]
    messages = build_messages("How many?", evidence, {"d": article}, context="Earlier question: Earlier?\n")
    user = messages[-1]["content"]
    assert "[1] (Reuters, 2024-03-12) There are 900 troops in Syria." in user
    assert "Earlier question: Earlier?" in user and user.endswith("Question: How many?\nAnswer:")




def test_a_sign_or_currency_goes_with_its_figure_but_a_hyphen_joins_words() -> None:
    rules = dict(line.split(" ::= ", 1) for line in span_rules("s", "Temperatures hit -40C as al-Abadi paid ¥500.").splitlines())
    assert rules["s-2"] == '"-40C" (" " s-3)?'
    assert rules["s-4"] == '"al" ("-" s-5)?'
    assert rules["s-7"] == '"¥500"'


def test_a_cut_short_run_loses_its_dangling_function_words_but_not_a_capital_letter() -> None:
    from rag.generate import trim

    assert trim("troops in Iraq and") == "troops in Iraq"
    assert trim("qualified from Group A") == "qualified from Group A"
    assert trim("the first series of Doctor Who.") == "the first series of Doctor Who"
