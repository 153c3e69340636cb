"""A request for a timeline, answered by the evidence lines that date events, in date order."""

from __future__ import annotations

import re
from collections.abc import Callable

from .dates import Date, dates_in
from .types import Evidence

# A request, not a question that mentions a timeline: "Lay out the key dates of…", "Give me a
# timeline of…", "What are the main milestones…", "List … in chronological order". Not "What is
# the timeline for the repairs?" (a deadline), "Who said the timeline slipped?", "Did she give a
# timeline?".
_ITEMS = (
    r"(?:time[\s-]*lines?|chronology|(?:key|main|major|important|crucial|significant|notable)\s+(?:dates|milestones|events)|milestones)"
)
_POLITE = r"(?:(?:please\s+)?(?:can|could|would|will)\s+you\s+(?:please\s+)?|i'?d\s+like\s+(?:you\s+to\s+)?|i\s+want\s+(?:you\s+to\s+)?|please\s+)?"
_VERB = r"(?:give|show|list|lay\s+out|set\s+out|outline|sketch|provide|draw\s+up|walk\s+(?:me|us)\s+through|trace|create|make|build|put\s+together|compile)"
# What may stand between the verb and what it asks for: "Give me a brief timeline…", "List the key dates…".
_BETWEEN = r"(?:\s+(?:me|us))?(?:\s+(?:a|an|the))?(?:\s+(?:list\s+of|brief|short|full|detailed|quick|rough|simple|basic))*"
_TIMELINE = re.compile(
    rf"^{_POLITE}{_VERB}{_BETWEEN}\s+{_ITEMS}\b"
    rf"|^{_POLITE}{_VERB}\b.*\bin\s+(?:chronological|date)\s+order\b"
    rf"|^(?:i'?d\s+like|i\s+want|i\s+need){_BETWEEN}\s+{_ITEMS}\b"
    rf"|^(?:what|which)\s+(?:are|were)\s+the\s+{_ITEMS}\b"
    r"|^(?:what\s+(?:is|was)|what's)\s+the\s+(?:time[\s-]*line|chronology|sequence\s+of\s+events)\s+(?:of|in)\b"
    r"|^(?:a\s+)?(?:time[\s-]*line|chronology)\s+of\b",
    re.I,
)
# A year alone dates an event after a word that places it in time ("in 1987", "since 2019", "the
# 2019 election"), not as a count, a time of day or a code ("about 2000 workers", "at 2000 GMT",
# "Flight 2019"), nor as a birth year ("born in 1961") or before "BC".
_BEFORE_A_YEAR = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|to|during|before|after|through|between|and|the|early|late|mid-?)\s*)$", re.I
)
_BORN = re.compile(r"\bborn\s+(?:in\s+|on\s+)?$", re.I)
# "In 2000 people marched", "the 2000 delegates": a count before what it counts.
_COUNTED = re.compile(
    r"^\s+(?:people|persons|voters|votes|delegates|points|levels|troops|soldiers|workers|residents|members|units|homes|jobs|"
    r"feet|metres|meters|miles|km|kilometres|kilometers|tonnes|tons|dollars|euros|pounds|pupils|students|patients)\b",
    re.I,
)
_AFTER_A_YEAR = re.compile(r"^\s*(?:BCE?|B\.C\.)", re.I)
# A timeline needs two dated lines at least: with fewer, the lines the model picks say more.
MIN_DATED_LINES = 2


def asks_for_timeline(question: str) -> bool:
    return bool(_TIMELINE.search(question.strip()))


def event_dates(text: str) -> list[Date]:
    """The dates a line gives an event: every written date with a month, and a year alone where a
    word before it places it in time and no count follows; not a birth year."""
    kept = []
    for date in dates_in(text):
        before, after = text[: date.start], text[date.start + len(date.text) :]
        if _BORN.search(before) or _AFTER_A_YEAR.match(after):
            continue
        if re.fullmatch(r"\d{4}", date.text) and (not _BEFORE_A_YEAR.search(before) or _COUNTED.match(after)):
            continue
        kept.append(date)
    return kept


def timeline_reply(evidence: list[Evidence], limit: int, year_of: Callable[[Evidence], int | None] = lambda unit: None) -> str:
    """The reply a timeline is: the `limit` best-ranked evidence lines that date an event, as
    "[n] line", in the order of their fullest date (a date without a year takes its article's,
    `year_of`; evidence order among equal dates). "" when fewer than MIN_DATED_LINES lines do.

    A small model asked to lay out dates takes two from the first line it reads and pads with a
    line that dates nothing. The rows are checked as any reply is."""
    dated: list[tuple[tuple[int, int, int], int]] = []
    for n, unit in enumerate(evidence, 1):
        if found := event_dates(unit.text):
            # Placed by its fullest date, the first of those: "Sam Reed, mayor since 2018, resigned
            # on 2 May 2023" is an event of May 2023.
            fullest = max(found, key=lambda date: (date.parts, -date.start))
            year, month, day = fullest.readings[0]
            year = year or year_of(unit)
            if year is not None:
                dated.append(((year, month or 0, day or 0), n))
    if len(dated) < MIN_DATED_LINES:
        return ""
    return "\n".join(f"[{n}] {evidence[n - 1].text}" for _, n in sorted(dated[:limit]))
