from __future__ import annotations

from rag.dates import dates_in, fuller_dates, with_date


def readings(text: str) -> list[tuple[str, tuple]]:
    return [(d.text, d.readings) for d in dates_in(text)]


def test_dates_are_read_in_the_forms_news_writes_them() -> None:
    assert readings("The ferry resumed on March 4, 2019.") == [("March 4, 2019", ((2019, 3, 4),))]
    assert readings("It opened on 4th of March 2019 and closed in Sept. 2020.") == [
        ("4th of March 2019", ((2019, 3, 4),)),
        ("Sept. 2020", ((2020, 9, None),)),
    ]
    assert readings("Doors open Nov. 15; the vote is 15 November.") == [("Nov. 15", ((None, 11, 15),)), ("15 November", ((None, 11, 15),))]
    assert readings("Filed 2019-03-04.") == [("2019-03-04", ((2019, 3, 4),))]
    # Figures alone may be day/month or month/day: both readings are kept; 27/10 can only be one.
    assert readings("Listed 04/03/2019, shipped 27/10/2019.") == [
        ("04/03/2019", ((2019, 3, 4), (2019, 4, 3))),
        ("27/10/2019", ((2019, 10, 27),)),
    ]
    assert readings("a 2019 report") == [("2019", ((2019, None, None),))]
    # Not dates: a count, a quarter's number, a year inside a word.
    assert readings("It has 2,019 seats in Q3 and a mid-2019 target.") == []


def test_a_fuller_date_agrees_with_every_part_the_answer_gives() -> None:
    lines = [
        "The bridge, finished in 2019, carries two rail lines.",
        "Work began on January 8, 2018.",
        "The bridge opened to traffic on March 4, 2019, officials said.",
        "A second span is due in March 2019, the council said.",
    ]
    found = fuller_dates("2019", lines)
    assert [(n, d.text) for n, d in found] == [(3, "March 4, 2019"), (4, "March 2019")]  # not 2018's date
    assert [(n, d.text) for n, d in fuller_dates("March 2019", lines)] == [(3, "March 4, 2019")]
    assert fuller_dates("March 4, 2019", lines) == []  # nothing says more
    assert fuller_dates("2020", lines) == []
    assert fuller_dates("between 2018 and 2019", lines) == []  # two dates: nothing to complete
    assert fuller_dates("two rail lines", lines) == []
    # Figures alone are rewritten in words, with the same parts.
    assert [d.text for _, d in fuller_dates("4/3/2019", lines)] == ["March 4, 2019"]
    assert [d.text for _, d in fuller_dates("Nov. 15", ["Voting ends on 15 November 2022."])] == ["15 November 2022"]


def test_the_answer_keeps_its_words_around_the_fuller_date() -> None:
    fuller = dates_in("on March 4, 2019")[0]
    assert with_date("The bridge opened in 2019", fuller) == "The bridge opened on March 4, 2019"
    assert with_date("The bridge opened in 2019", dates_in("in March 2019")[0]) == "The bridge opened in March 2019"
    assert with_date("2019", fuller) == "March 4, 2019"


def test_a_month_before_a_count_or_an_impossible_day_is_no_date() -> None:
    assert readings("In May 3 million people voted; in March 2 percent more.") == []
    assert readings("Filed 31/02/2019.") == []
    assert readings("Signed on 29 February 2020.") == [("29 February 2020", ((2020, 2, 29),))]


def test_only_a_date_that_ends_the_answer_after_a_bare_preposition_is_completed() -> None:
    lines = ["The bridge opened to traffic on March 4, 2019."]
    assert [d.text for _, d in fuller_dates("The bridge opened in 2019", lines)] == ["March 4, 2019"]
    assert [d.text for _, d in fuller_dates("2019.", lines)] == ["March 4, 2019"]
    for phrase in ("in early 2019", "by the end of 2019", "before 2019", "the 2019 season", "in 2019's first quarter", "in 2019 by rail"):
        assert fuller_dates(phrase, lines) == [], phrase


def test_the_cited_line_is_tried_first() -> None:
    lines = ["Prices rose on March 4, 2019.", "The bridge opened on 4 March 2019."]
    assert [(n, d.text) for n, d in fuller_dates("2019", lines, first=2)] == [(2, "4 March 2019"), (1, "March 4, 2019")]
