"""Shaping a checked answer phrase, on text written for the test."""

from __future__ import annotations

import pytest

from rag.compose import with_hedge


@pytest.mark.parametrize(
    ("phrase", "line", "shown"),
    [
        ("1", "The storm killed at least one member of the crew.", "at least one"),
        ("2,500", "Some 2,500 nurses are on strike.", "Some 2,500"),
        ("40", "Nearly 40 ferries were lost.", "Nearly 40"),
        ("40", "Its 40 ferries were lost.", "40"),  # the line gives it plain
        ("25", "More than 250 people came.", "25"),  # another figure: no bound of this one
        ("40 ferries", "Nearly 40 ferries were lost.", "40 ferries"),  # more than a figure: the model's phrase
    ],
)
def test_a_bare_figure_keeps_the_bound_its_line_gives_it(phrase: str, line: str, shown: str) -> None:
    assert with_hedge(phrase, line) == shown


@pytest.mark.parametrize(
    ("phrase", "line"),
    [
        ("5", "The hall takes no more than 5 guests."),  # bounded the other way
        ("10", "Not more than 10 boats may dock."),
        ("2", "The ministers met over 2 days."),  # a stretch of time, not a bound
        ("5", "Police arrested 5 people after about 5 hours."),  # which 5 is bounded?
        ("1", "Over one million people voted."),  # the figure is a million
        ("9" * 5000, "A long figure."),
    ],
)
def test_a_bound_that_is_not_this_figure_s_is_not_borrowed(phrase: str, line: str) -> None:
    assert with_hedge(phrase, line) == phrase
