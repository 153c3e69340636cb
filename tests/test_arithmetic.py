"""Totals and spans of years, computed from checked statements: the rules on text written for them."""

from __future__ import annotations

import pytest

from rag.arithmetic import derive, operation
from rag.shape import question_shape


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many ferries sail from Kigoma and Bukoba combined?", "total"),
        ("How many nurses are on strike in total across the two hospitals?", "total"),
        ("How much did the city and the state spend altogether?", "total"),
        ("What is the total number of buses the two depots hold?", "total"),
        ("How many years after the flood was the bridge rebuilt?", "years"),
        ("How many years passed between the strike and the pay deal?", "years"),
        ("How many years has the mayor been in office?", None),  # counts to today: no line gives today
        ("How many ferries sail from Kigoma?", None),
        ("Why did the ferries stop, all told?", None),
        ("How many schools in all 50 states require uniforms?", None),  # "in all" asks a sum only at the end
    ],
)
def test_a_question_asks_for_a_total_or_a_span_of_years_by_its_words(question: str, expected: str | None) -> None:
    assert operation(question) == expected


def test_an_arithmetic_question_may_take_two_statements() -> None:
    shape = question_shape("How many ferries sail from Kigoma and Bukoba combined?")
    assert (shape.kind, shape.max_claims, shape.arithmetic) == ("several", 2, "total")


def test_a_total_adds_the_counts_the_statements_give_and_shows_them() -> None:
    question = "How many ferries sail from Kigoma and Bukoba combined?"
    one_line = derive("total", [("Some 1,200 ferries sail from Kigoma and about 300 from Bukoba", 1)], question)
    assert one_line is not None and one_line.sentence() == "Together that is 1,500 (1,200 + 300) [1]."
    # Bare figures count what their cited lines say they count.
    lines = {1: "The port runs 1,200 ferries a year.", 2: "Bukoba adds about 300."}
    assert derive("total", [("1,200", 1), ("300", 2)], question, lines) is not None
    money = derive(
        "total",
        [("$2.5 billion in ferries for the port", 1), ("$0.75 billion in ferries for the lake", 2)],
        "How much did the ferries cost in total?",
    )
    assert money is None  # "How much" counts no noun: nothing says the parts are of one kind


def test_parts_a_second_statement_restates_are_counted_once() -> None:
    question = "How many nurses walked out in Kigoma and Bukoba combined?"
    restated = [
        ("Some 1,200 nurses walked out in Kigoma and 300 in Bukoba", 1),
        ("1,200 nurses in Kigoma and 300 in Bukoba joined the strike", 2),
    ]
    total = derive("total", restated, question)
    assert total is not None and total.sentence() == "Together that is 1,500 (1,200 + 300) [1]."
    assert (
        derive("total", [("Some 300 nurses walked out in Kigoma and 300 in Bukoba", 1)], question) is None
    )  # one statement, one figure twice
    # One figure in a second statement may be another part alike: not guessed.
    three = [("300 nurses walked out in Kigoma", 1), ("300 in Bukoba", 2), ("150 in Tanga", 3)]
    assert derive("total", three, "How many nurses walked out in all three towns combined?") is None


@pytest.mark.parametrize(
    "statements",
    [
        [("Some 1,200 nurses went on strike in 2019", 1)],  # one count (a year is no count)
        [("Turnout rose 12% to 40,000 nurses", 1)],  # a share is no part of a total
        [("$3 million for 40 nurses", 1), ("4 million nurses", 2)],  # dollars and heads
        [("300 nurses in Kigoma", 1), ("300 nurses in Kigoma, the union said", 2)],  # one figure twice
        [("On March 12, 40 nurses left", 1)],  # the day of a date is no count
        [("Some 1,200 nurses walked out, up from 900 last year", 1)],  # a change, not two parts
        [("Some 3,400 nurses walked out, 2,500 of them at the main site", 1)],  # a share of another
        [("Some 1,200 nurses have been on strike for 3 weeks", 1)],  # weeks are not nurses
        [("The union has 40 branches and 1,200 nurses", 1)],  # branches are not nurses
        [("Some 40 wards and 12 clinics closed", 1)],  # neither counts nurses
    ],
)
def test_no_total_is_made_of_figures_that_are_not_parts_of_what_the_question_counts(statements: list[tuple[str, int]]) -> None:
    assert derive("total", statements, "How many nurses walked out in total?") is None


def test_a_span_of_years_needs_exactly_two_years() -> None:
    question = "How many years after the flood did the bridge reopen?"
    span = derive("years", [("The bridge fell in the 1998 flood", 2), ("it reopened in 2006 with 4 lanes", 3)], question)
    assert span is not None and span.sentence() == "That is 8 years (1998 to 2006) [2][3]."
    one = derive("years", [("It fell in 2005 and reopened in 2006", 1)], question)
    assert one is not None and one.value == "1 year"
    assert derive("years", [("The bridge reopened in 2006", 1)], question) is None
    assert derive("years", [("Floods in 1998, 2001 and 2006", 1)], question) is None
