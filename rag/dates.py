"""Dates as English news writes them: found in text, compared by their parts, completed from the evidence.

"When" answers from a small model are often less than the evidence says: the year a line gives in
passing ("the 2019 bridge") where another shown line gives the day ("opened on March 4, 2019"), or
a day without its year ("opens Oct. 3") where another line has "3 October 2021". A date written
with figures alone ("04/03/2019") is ambiguous to a reader (day or month first). `fuller_dates`
finds, in the shown lines, the written dates that agree with every part the answer gives and say
more (or say the same in words); the pipeline checks each like any answer before it replaces the
short one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as calendar_date

_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<{}>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_DAY = r"(?P<{}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# "In May 3 million people voted": a month, then a count, is no date.
_NOT_A_COUNT = r"(?!\s*(?:million|billion|thousand|hundred|people|percent|per\s+cent|%)\b)"
_YEAR = r"(?P<{}>1[89]\d\d|20\d\d)"
# Longest forms first: a full date is not read as a month and a year.
_FORMS = [
    rf"{_MONTH.format('m1')}\s+{_DAY.format('d1')},?\s+{_YEAR.format('y1')}",  # March 4, 2019
    rf"{_DAY.format('d2')}\s+(?:of\s+)?{_MONTH.format('m2')},?\s+{_YEAR.format('y2')}",  # 4 March 2019
    r"(?P<n1>\d{1,2})/(?P<n2>\d{1,2})/(?P<ny>(?:1[89]|20)\d\d)",  # 04/03/2019: day or month first
    r"(?P<iy>(?:1[89]|20)\d\d)-(?P<im>0[1-9]|1[0-2])-(?P<id>[0-2]\d|3[01])",  # 2019-03-04
    rf"{_MONTH.format('m3')},?\s+(?:of\s+)?{_YEAR.format('y3')}",  # March 2019
    rf"{_MONTH.format('m4')}\s+{_DAY.format('d4')}{_NOT_A_COUNT}",  # Oct. 3
    rf"{_DAY.format('d5')}\s+(?:of\s+)?{_MONTH.format('m5')}",  # 3 October
    _YEAR.format("y6"),  # 2019
]
_DATE = re.compile(r"(?<![\w/.-])(?:" + "|".join(f"(?:{form})" for form in _FORMS) + r")(?![\w/]|-\d)")


@dataclass(frozen=True)
class Date:
    """A date as a text writes it, with the parts it gives; a figures-only date may be read two
    ways (day/month or month/day), so it carries every reading."""

    text: str
    readings: tuple[tuple[int | None, int | None, int | None], ...]  # (year, month, day)
    start: int = 0

    @property
    def in_words(self) -> bool:
        return len(self.readings) == 1 and not re.fullmatch(r"[\d/-]+", self.text)

    @property
    def parts(self) -> int:
        return max(sum(p is not None for p in reading) for reading in self.readings)

    def agrees_with(self, other: Date) -> bool:
        """Every part this date gives, some reading of the other gives too."""
        return any(
            all(mine is None or mine == theirs for mine, theirs in zip(reading, their))
            for reading in self.readings
            for their in other.readings
        )


def dates_in(text: str) -> list[Date]:
    """Every date the text writes, in order."""
    found = []
    for m in _DATE.finditer(text):
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        readings: list[tuple[int | None, int | None, int | None]]
        if "n1" in g:
            a, b, numeric_year = int(g["n1"]), int(g["n2"]), int(g["ny"])
            readings = [(numeric_year, month, day) for day, month in ((a, b), (b, a)) if 1 <= month <= 12 and 1 <= day <= 31]
            readings = list(dict.fromkeys(readings))
            if not readings:
                continue
        elif "iy" in g:
            readings = [(int(g["iy"]), int(g["im"]), int(g["id"]))]
        else:
            year = next((int(g[k]) for k in ("y1", "y2", "y3", "y6") if k in g), None)
            month_name = next((g[k] for k in ("m1", "m2", "m3", "m4", "m5") if k in g), None)
            month = _MONTH_NUMBER[month_name.rstrip(".").lower()] if month_name else None
            day = next((int(g[k]) for k in ("d1", "d2", "d4", "d5") if k in g), None)
            readings = [(year, month, day)]
        readings = [r for r in readings if _exists(*r)]
        if readings:
            found.append(Date(m.group(0), tuple(readings), m.start()))
    return found


def _exists(year: int | None, month: int | None, day: int | None) -> bool:
    """No 31 February: a day must be in its month (of a leap year, when the year is not given)."""
    if month is None or day is None:
        return True
    try:
        calendar_date(year or 2000, month, day)
    except ValueError:
        return False
    return True


def fuller_dates(answer: str, lines: list[str], first: int | None = None) -> list[tuple[int, Date]]:
    """(line number, date) for each written date in the lines that agrees with the one date of the
    answer and says more, or says the same in words where the answer gave figures alone; line
    `first` (the one the answer cites) first, then the others in order. Empty when the answer
    holds no date, several, or one that cannot be rewritten (`replaceable`)."""
    ours = dates_in(answer)
    if len(ours) != 1 or not replaceable(answer, ours[0]):
        return []
    date = ours[0]
    order = sorted(range(1, len(lines) + 1), key=lambda n: n != first)
    found = []
    for number in order:
        for theirs in dates_in(lines[number - 1]):
            if (
                theirs.in_words
                and date.agrees_with(theirs)
                and (theirs.parts > date.parts or (theirs.parts == date.parts and not date.in_words))
            ):
                found.append((number, theirs))
    return found


# Only a date that is the answer, or ends it after a bare preposition ("opened in 2019"): inside a
# phrase ("in early 2019", "by the end of 2019", "the 2019 season", "2019's first half") a fuller
# date would not read, or would change what the phrase says.
_BARE_BEFORE = re.compile(r"(?:^|\b(?:in|on|since|from)\s+)$", re.I)


def replaceable(answer: str, date: Date) -> bool:
    before = answer[: date.start]
    after = answer[date.start + len(date.text) :]
    return _BARE_BEFORE.search(before) is not None and re.fullmatch(r"[\s.,;:!]*", after) is not None


def with_date(answer: str, fuller: Date) -> str:
    """The answer with its date written as the fuller one: "in 2019" becomes "on March 4, 2019"."""
    date = dates_in(answer)[0]
    before = answer[: date.start]
    if all(reading[2] is not None for reading in fuller.readings):  # a day is "on" it, a year or month "in" it
        before = re.sub(r"\b([Ii])n(\s+)$", lambda m: ("O" if m.group(1) == "I" else "o") + "n" + m.group(2), before)
    return before + fuller.text + answer[date.start + len(date.text) :]
