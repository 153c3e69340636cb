from __future__ import annotations

import pytest

from rag.text import names, numbers
from rag.verify import SupportJudge

EVIDENCE = (
    "The U.S. returned in 2014 at the head of an international coalition to fight ISIS and there are currently "
    "around 2,500 American troops in Iraq and 900 in Syria on an advise and assist mission."
)


def test_numbers_are_canonical() -> None:
    assert numbers("around 2,500 troops and 900 more") == {"2500", "900"}
    assert numbers("nine hundred troops") == {"900"}


def test_names_skip_the_first_word_and_months() -> None:
    assert names("The talks began in January with Iraq and al-Sudani.") >= {"iraq", "al-sudani"}
    assert "january" not in names("The talks began in January.")


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("There are about 900 US troops in Syria.", True),
        ("Around 2,500 American troops are in Iraq.", True),
        ("There are about 900 US troops in Yemen.", False),  # swapped name
        ("There are about 1,900 US troops in Syria.", False),  # swapped number
        ("The U.S. returned in 2015 to fight ISIS.", False),  # swapped year
        ("The population of Baghdad is 2,500.", False),  # figure from the evidence, claim it does not make
    ],
)
def test_judge_on_labelled_claims(claim: str, supported: bool) -> None:
    verdict = SupportJudge().judge(claim, EVIDENCE, question=claim)
    assert verdict.supported is supported, verdict.reasons


def test_words_the_question_asks_about_must_be_in_the_evidence() -> None:
    verdict = SupportJudge().judge("The population of Baghdad is 2,500.", EVIDENCE + " Baghdad", "What is the population of Baghdad?")
    assert not verdict.supported
    assert any("popul" in reason for reason in verdict.reasons)


@pytest.mark.parametrize(
    ("question", "claim", "wrong_kind"),
    [
        ("When did the US invade Iraq?", "In 2003.", False),
        ("When will the meetings start?", "In the coming days.", False),
        ("How many US troops are in Syria?", "About 900.", False),
        ("How much of Iraq did Daesh overrun?", "Around a third.", False),
        ("What did Lloyd Austin say the process would enable?", "In the coming days.", True),
        ("After which killing did it vote that way?", "In January 2020.", True),
        ("How many US troops are in Syria?", "Baghdad.", True),
        ("When did the talks begin?", "Lloyd Austin.", True),
        ("And when did it leave?", "In 2011.", False),
    ],
)
def test_answers_of_the_wrong_kind_are_caught(question: str, claim: str, wrong_kind: bool) -> None:
    from rag.verify import answer_type_mismatch

    assert bool(answer_type_mismatch(question, claim)) is wrong_kind
