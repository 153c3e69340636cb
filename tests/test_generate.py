from __future__ import annotations

import pytest

from rag.generate import build_messages, claim_grammar, led_by, model_favourite, parse_claims
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
    # A decline in other words is a decline; an answer that opens alike is not.
    for decline in (
        "[2] Not in the evidence line",
        "[1] No information is given",
        "[1] The text does not say",
        "[1] Unknown.",
        "[3] Not applicable",
        "[1] Not relevant here",
        "[1] NOT ANSWERED",
        "[2] Not reported.",
    ):
        assert parse_claims(decline, 3) == ([], True), decline
    for answer in (
        "[1] Not until May",
        "[1] No fewer than 40 ferries",
        "[1] Unknown gunmen",
        "[2] Not far from the harbour",
        "[1] Not paid for months",
        "[1] Not married",
    ):
        assert parse_claims(answer, 3)[0], answer


def test_grammar_offers_exactly_the_evidence_numbers() -> None:
    grammar = claim_grammar(3)
    assert 'cite ::= "1" | "2" | "3"' in grammar
    assert "root ::= refusal | claims" in grammar
    assert "root ::= claims" in claim_grammar(3, allow_refusal=False)
    # A statement never opens with "(": the line's "(outlet, date)" label is not the line's text.
    assert 'claim ::= "[" cite "] " body' in grammar and "body ::= [^\\[\\]\\n(] rest" in grammar


def test_several_statements_are_one_cited_line_each_up_to_the_limit() -> None:
    assert "claims ::= claim\n" in claim_grammar(2, max_claims=1)
    assert 'claims ::= claim ("\\n" claim ("\\n" claim)?)?' in claim_grammar(2, max_claims=3)


def test_the_grammar_compiles_in_llama_cpp() -> None:
    from llama_cpp import LlamaGrammar

    for allow in (True, False):
        for most in (1, 3):
            for decline in (True, False):
                LlamaGrammar.from_string(claim_grammar(4, allow_refusal=allow, max_claims=most, allow_decline=decline), verbose=False)


def _grammar_rule_as_regex(grammar: str, rule: str) -> str:
    """A rule of these flat grammars (alternatives of character classes, literals and `rest`) as a
    regular expression, to check which statements it admits."""
    import re

    rules = dict(line.split(" ::= ", 1) for line in grammar.strip().splitlines())
    body, out, i = rules[rule], [], 0
    while i < len(body):
        c = body[i]
        if c == "[":  # a character class, copied as it is (GBNF and Python write them alike)
            j = i + 1
            while body[j] != "]" or body[j - 1] == "\\":
                j += 1
            out.append(body[i : j + 1].replace("\\t", "\t"))
            i = j + 1
        elif c == '"':
            j = body.index('"', i + 1)
            out.append(re.escape(body[i + 1 : j]))
            i = j + 1
        elif body.startswith("rest", i):
            out.append(r"[^\[\]\n]*")
            i += 4
        elif c.isspace():
            i += 1
        else:  # ( ) | ?
            out.append(c)
            i += 1
    return "".join(out)


@pytest.mark.parametrize(
    ("statement", "allowed"),
    [
        ("NOT FOUND", False),
        ("NOT_FOUND", False),
        ("Not found", False),
        ("not", False),
        (" NOT FOUND", False),
        ('"NOT FOUND"', False),
        ("*NOT FOUND*", False),
        ("NOT ANSWERED", False),
        ("NOTfound", False),
        ("Notfound", False),
        ("NO", True),
        ("Nothing was said", True),
        ("Not Mentioned in the lines", False),
        ("Not until May", True),
        ("No", True),
        ("November 4", True),
        ("Notably, 40 buses", True),
        ("Sam Reed", True),
    ],
)
def test_without_a_decline_the_statement_cannot_decline(statement: str, allowed: bool) -> None:
    import re

    pattern = _grammar_rule_as_regex(claim_grammar(2, allow_refusal=False, allow_decline=False), "body")
    assert bool(re.fullmatch(pattern, statement)) == allowed
    assert re.fullmatch(_grammar_rule_as_regex(claim_grammar(2), "body"), "NOT FOUND")  # the usual grammar lets it


def test_several_lines_are_several_claims_and_a_repeat_adds_nothing() -> None:
    claims, refused = parse_claims("[1] cracks in two piers\n[2] drivers use Elm Street\n[1] cracks in two piers", 2)
    assert not refused and [(c.text, c.cites) for c in claims] == [("cracks in two piers", [1]), ("drivers use Elm Street", [2])]


def test_prompt_numbers_evidence_with_outlet_and_date() -> None:
    article = Article("d", "", "x" * 50, "T", "Reuters", "2024-03-12", None, ((0, 50),), "0" * 64)
    evidence = [Evidence("There are 900 troops in Syria.", [Location("d", 0, 30)])]
    messages = build_messages("How many?", evidence, {"d": article}, context="Earlier question: Earlier?\n")
    user = messages[-1]["content"]
    assert "[1] (Reuters, 2024-03-12) There are 900 troops in Syria." in user
    assert "Earlier question: Earlier?" in user and user.endswith("Question: How many?\nAnswer:")


def test_a_cut_short_run_loses_its_dangling_function_words_but_not_a_capital_letter() -> None:
    from rag.generate import trim

    assert trim("troops in Iraq and") == "troops in Iraq"
    assert trim("qualified from Group A") == "qualified from Group A"
    assert trim("the first series of Doctor Who.") == "the first series of Doctor Who"


def test_the_span_grammar_offers_runs_of_each_line_s_own_words_up_to_a_clause_end() -> None:
    from llama_cpp import LlamaGrammar

    from rag.generate import span_grammar

    grammar = span_grammar(['Ferries resume on Monday, the board said "soon".', "", "Coffee piled up"])
    assert grammar.startswith('root ::= "[1] " l1 | "[3] " l3\n')  # an empty line is offered as no answer
    assert 'l1w3 ::= "Monday"\n' in grammar  # "Monday," ends a clause: a run stops there, without the comma
    assert 'l1w0 ::= "Ferries" (" " l1w1)?' in grammar and 'l1w7 ::= "\\"soon\\"."\n' in grammar
    assert "l3 ::= l3w0 | l3w1 | l3w2" in grammar  # a run may start at any word
    LlamaGrammar.from_string(grammar, verbose=False)


def test_a_run_is_cut_at_a_clause_end_and_a_word_the_budget_cut_in_two_is_dropped() -> None:
    from rag.generate import span_words, whole_words

    assert span_words("the deal,” he said; then") == [("the", True), ("deal", False), ("he", True), ("said", False), ("then", False)]
    line = "Ships use the harbour board dock."
    assert whole_words("[1] the harbour bo", [line]) == "[1] the harbour"
    assert whole_words("[1] the harbour board", [line]) == "[1] the harbour board"
    from rag.generate import trim

    assert trim("the deal,”") == "the deal" and trim("“a clear timeline”") == "“a clear timeline”"


@pytest.mark.slow
def test_the_real_model_held_by_the_span_grammar_copies_a_run_of_one_line(real_pipeline) -> None:
    # llama-cpp-python only parses a grammar when it samples with it: this is the check that it is valid.
    from rag.generate import span_grammar

    lines = [
        "Ferries to the islands will resume on Monday, the harbour board said.",
        'The board\'s chair, Sam "Red" Reed, signed the deal.',
    ]
    messages = [{"role": "user", "content": "[1] " + lines[0] + "\n[2] " + lines[1] + "\nWho signed the deal? Reply [n] and the answer."}]
    reply = real_pipeline.model.complete(messages, 24, grammar=span_grammar(lines))
    number, run = reply.split(" ", 1)
    assert number in ("[1]", "[2]") and run and run.rstrip(".,") in lines[int(number[1]) - 1]


def test_which_outlet_is_answered_with_one_a_line_credits_when_any_line_credits_one() -> None:
    from rag.generate import answer_grammar, choice_grammar
    from rag.types import Evidence

    def unit(text: str) -> Evidence:
        return Evidence(text, [], 0.5)

    evidence = [
        unit("The mill will close in May, the Daily Post reported."),
        unit("Workers were stunned."),
        unit("Staff told Lakeside Wire so."),
    ]
    assert (
        answer_grammar(evidence, marked="outlet")
        == choice_grammar({1: ["Daily Post"], 2: [], 3: ["Lakeside Wire"]})
        == ('root ::= "[1] " ("Daily Post") | "[3] " ("Lakeside Wire")\n')
    )
    assert answer_grammar(evidence, marked=None) == claim_grammar(3, allow_refusal=False)
    assert answer_grammar([unit("Workers were stunned.")], marked="outlet") == claim_grammar(1, allow_refusal=False)


def test_who_died_is_answered_with_those_a_line_has_dead_when_any_line_has_one() -> None:
    # Rule: asked who died, the answer is among those a shown line has killed or dead, with the
    # titles it gives them; a line that has no one dead offers no one.
    from rag.generate import answer_grammar, choice_grammar
    from rag.types import Evidence

    evidence = [
        Evidence("Westland carried out the strike on the Eastport docks.", [], 0.5),
        Evidence("The strike on the docks killed union leader Sam Reed and Gen. Ana al-Ruiz in the early hours.", [], 0.5),
    ]
    assert answer_grammar(evidence, marked="dead") == choice_grammar({2: ["union leader Sam Reed and Gen. Ana al-Ruiz"]})
    assert answer_grammar(evidence, marked="dead", only=[1]) == claim_grammar(2, allow_refusal=False, only=[1])
    # Asked who said a thing, a line that holds it but no speaker a rule reads stays open to any statement.
    said = [
        Evidence("Mayor Ada Bello told reporters the docks would reopen in May after repairs.", [], 0.5),
        Evidence("The docks were busy, a guard said.", [], 0.5),
        Evidence("Sam Reed told reporters the docks would reopen in May after repairs.", [], 0.5),
    ]
    assert answer_grammar(said, marked="speaker", question="Who said the docks would reopen in May after repairs?") == choice_grammar(
        {1: ["Ada Bello"], 2: [], 3: []}, free=[3]
    )


@pytest.mark.slow
def test_the_real_model_held_by_the_choice_grammar_names_one_option(real_pipeline) -> None:
    # llama.cpp parses a grammar only when it samples with it, and fails on an invalid one: this is that check.
    from rag.generate import choice_grammar

    messages = [
        {
            "role": "user",
            "content": "[1] The mill will close, the Daily Post reported.\n[2] Staff told Lakeside Wire.\nWhich newspaper reported the closure?",
        }
    ]
    reply = real_pipeline.model.complete(messages, 12, grammar=choice_grammar({1: ["Daily Post"], 2: ["Lakeside Wire"]}))
    assert reply in ("[1] Daily Post", "[2] Lakeside Wire")
    # With a line left open to any statement.
    messages[0]["content"] = "[1] The mill will close, the Daily Post reported.\n[2] Staff were told on Monday.\nWho told staff?"
    reply = real_pipeline.model.complete(messages, 12, grammar=choice_grammar({1: ["Daily Post"]}, free=[2], allow_decline=False))
    assert reply == "[1] Daily Post" or (reply.startswith("[2] ") and len(reply) > 4)


def test_a_day_copied_alone_takes_the_month_beside_it() -> None:
    from rag.generate import whole_words

    lines = ["On March 10th, the council met.", "Votes are counted on 3 May, officials said.", "Flights resumed on day 10 of the strike."]
    assert whole_words("[1] 10th", lines) == "[1] March 10th"
    assert whole_words("[2] 3", lines) == "[2] 3 May"
    assert whole_words("[3] 10", lines) == "[3] 10"  # no month beside it: left as it is
    assert whole_words("[1] the council met.", lines) == "[1] the council met."


def test_a_reply_is_led_by_a_line_it_passed_over_and_keeps_its_length() -> None:
    line = "A spokesman  for the mayor said the closure was a disgrace."
    assert led_by("[4] The bridge closed in May\n[5] Ada Bello told reporters", 1, line, 3, 6) == (
        "[1] A spokesman for the mayor said the closure was a disgrace.\n[4] The bridge closed in May\n[5] Ada Bello told reporters"
    )
    assert led_by("[4] a\n[5] b\n[6] c", 1, "L.", 3, 6) == "[1] L.\n[4] a\n[5] b"  # the model's last statement gives way
    assert led_by("[4] a\n[5] b", 1, "L.", 1, 6) == "[1] L."
    assert led_by("[1] a\n[2] b", 1, "L.", 3, 6) == "[1] a\n[2] b"  # the line opens the reply already: as it was
    assert led_by("[2] b\n[1] a", 1, "L.", 3, 6) == "[1] a\n[2] b"  # cited later: moved to the front, in the model's words
    assert led_by("NOT FOUND", 1, "L.", 3, 6) == "NOT FOUND"  # a decline stays a decline
    assert led_by("[2] NOT FOUND", 1, "L.", 3, 6) == "[2] NOT FOUND"


def test_a_line_the_model_named_but_did_not_state_is_stated_as_written_first() -> None:
    # The model cited line 1 but wrote line 2's words under it: line 1 itself opens the reply, and
    # the model's statements follow (the verifier finds line 2 for the first of them).
    assert (
        led_by("[1] The ferry stops in May\n[3] c", 1, "L  one.", 3, 6, as_written=True) == "[1] L one.\n[1] The ferry stops in May\n[3] c"
    )
    assert led_by("[1] a\n[2] b\n[3] c", 1, "L.", 2, 6, as_written=True) == "[1] L.\n[1] a"
    assert led_by("NOT FOUND", 1, "L.", 3, 6, as_written=True) == "NOT FOUND"


def test_the_model_s_favourite_line_has_more_weight_than_all_others_together() -> None:
    assert model_favourite([0.2, 0.6, 0.2]) == 2
    assert model_favourite([0.5, 0.3, 0.2]) is None  # half: not more than the rest
    assert model_favourite([0.4, 0.35, 0.25]) is None
    assert model_favourite([]) is None
    assert led_by("[4] The bridge closed\n[5] NOT FOUND", 1, "L.", 3, 6) == "[1] L.\n[4] The bridge closed\n[5] NOT FOUND"
