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
    ],
)
def test_a_question_asks_for_a_total_or_a_span_of_years_by_its_words(question: str, expected: str | None) -> None:
    assert operation(question) == expected


def test_an_arithmetic_question_may_take_two_statements() -> None:
    shape = question_shape("How many ferries sail from Kigoma and Bukoba combined?")
    assert (shape.kind, shape.max_claims, shape.arithmetic) == ("several", 2, "total")


def test_a_total_adds_the_counts_the_statements_give_and_shows_them() -> None:
    one_line = derive("total", [("Some 1,200 ferries sail from Kigoma and about 300 from Bukoba", 1)])
    assert one_line is not None and one_line.sentence() == "Together that is 1,500 (1,200 + 300) [1]."
    two_lines = derive("total", [("$2.5 billion for the port", 1), ("$0.75 billion for the rail link", 2)])
    assert two_lines is not None and two_lines.sentence() == "Together that is $3.25 billion ($2.5 billion + $0.75 billion) [1][2]."


@pytest.mark.parametrize(
    "statements",
    [
        [("Some 1,200 ferries sailed in 2019", 1)],  # one count (a year is no count)
        [("Turnout rose 12% to 40,000 voters", 1)],  # a share is no part of a total
        [("$3 million for roads", 1), ("4 million residents", 2)],  # dollars and heads
        [("3 million for roads", 1), ("400 for parks", 2)],  # millions and units
        [("300 nurses in Kigoma", 1), ("300 nurses in Kigoma, the union said", 2)],  # one figure twice
        [("On March 12, 40 buses left", 1)],  # the day of a date is no count
    ],
)
def test_no_total_is_made_of_figures_that_are_not_parts_of_one_kind(statements: list[tuple[str, int]]) -> None:
    assert derive("total", statements) is None


def test_a_span_of_years_needs_exactly_two_years() -> None:
    span = derive("years", [("The bridge fell in the 1998 flood", 2), ("it reopened in 2006 with 4 lanes", 3)])
    assert span is not None and span.sentence() == "That is 8 years (1998 to 2006) [2][3]."
    assert derive("years", [("The bridge reopened in 2006", 1)]) is None
    assert derive("years", [("Floods in 1998, 2001 and 2006", 1)]) is None
