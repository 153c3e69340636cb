"""A request for a timeline, answered by the evidence lines that date events, in date order."""

from __future__ import annotations

import re
from collections.abc import Callable

from .dates import Date, dates_in
from .types import Evidence

# A request, not a question that mentions a timeline: "Lay out the key dates of…", "Give me a
# timeline of…", "What are the main milestones…", "List … in chronological order". Not "What is
# the timeline for the withdrawal?" (a deadline), "Who said the timeline slipped?", "Did she give a
# timeline?".
_ITEMS = (
    r"(?:time[\s-]*lines?|chronology|(?:key|main|major|important|crucial|significant|notable)\s+(?:dates|milestones|events)|milestones)"
)
_TIMELINE = re.compile(
    rf"^(?:please\s+)?(?:give|show|list|lay\s+out|set\s+out|outline|sketch|provide|draw\s+up|walk\s+me\s+through|trace)\b.{{0,40}}?\b{_ITEMS}\b"
    rf"|^(?:what|which)\s+(?:are|were)\s+the\s+{_ITEMS}\b"
    r"|^(?:what\s+is|what's)\s+the\s+(?:time[\s-]*line|chronology)\s+of\b"
    r"|\bin\s+(?:chronological|date)\s+order\b|\bchronologically\b",
    re.I,
)
# A year alone dates an event after a word that places it in time ("in 1987", "since 2019", "the
# 2019 election"), not as a count, a time of day or a code ("about 2000 troops", "at 2000 GMT",
# "Flight 2019"), nor as a birth year ("born in 1961") or before "BC".
_BEFORE_A_YEAR = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|to|during|before|after|through|between|and|the|early|late|mid-?)\s*)$", re.I
)
_BORN = re.compile(r"\bborn\s+(?:in\s+)?$", re.I)
_AFTER_A_YEAR = re.compile(r"^\s*(?:BCE?|B\.C\.)", re.I)
# A timeline needs two dated lines at least: with fewer, the lines the model picks say more.
MIN_DATED_LINES = 2


def asks_for_timeline(question: str) -> bool:
    return bool(_TIMELINE.search(question.strip()))


def event_dates(text: str) -> list[Date]:
    """The dates a line gives an event: every written date with a month, and a year alone where a
    word before it places it in time; not a birth year."""
    kept = []
    for date in dates_in(text):
        before, after = text[: date.start], text[date.start + len(date.text) :]
        if _BORN.search(before) or _AFTER_A_YEAR.match(after):
            continue
        if re.fullmatch(r"\d{4}", date.text) and not _BEFORE_A_YEAR.search(before):
            continue
        kept.append(date)
    return kept


def timeline_reply(evidence: list[Evidence], limit: int, year_of: Callable[[Evidence], int | None] = lambda unit: None) -> str:
    """The reply a timeline is: the `limit` best-ranked evidence lines that date an event, as
    "[n] line", in the order of their first date (a date without a year takes its article's,
    `year_of`; evidence order among equal dates). "" when fewer than MIN_DATED_LINES lines do.

    A small model asked to lay out dates takes two from the first line it reads and pads with a
    line that dates nothing. The rows are checked as any reply is."""
    dated: list[tuple[tuple[int, int, int], int]] = []
    for n, unit in enumerate(evidence, 1):
        if found := event_dates(unit.text):
            year, month, day = found[0].readings[0]
            year = year or year_of(unit)
            if year is not None:
                dated.append(((year, month or 0, day or 0), n))
    if len(dated) < MIN_DATED_LINES:
        return ""
    return "\n".join(f"[{n}] {evidence[n - 1].text}" for _, n in sorted(dated[:limit]))
