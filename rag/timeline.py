"""A question asking for a timeline, answered by the evidence lines that date events, in order."""

from __future__ import annotations

import re

from .text import years
from .types import Evidence

# "Lay out the key dates of…", "Give me a timeline of…", "What are the milestones…", "…in
# chronological order": the dates of several events, not one fact or one reason.
_TIMELINE = re.compile(
    r"\b(?:time\s*lines?|chronology|chronological(?:ly)?|milestones|(?:key|main|major|important|crucial)\s+dates)\b",
    re.I,
)


def asks_for_timeline(question: str) -> bool:
    return bool(_TIMELINE.search(question))


def timeline_reply(evidence: list[Evidence], limit: int) -> str:
    """The reply a timeline is: each evidence line that names a year, as "[n] line", earliest year
    first (a line's earliest year places it: "invaded in 2003 … left in 2011" opens the story),
    evidence order among lines of one year; the `limit` best-ranked of them. "" when no line names a year.

    The lines are the retriever's for the question; a small model asked to lay out dates takes
    two from the first line it reads and pads with a line that dates nothing. The rows are
    checked as any reply is."""
    dated = [(min(int(y) for y in found), n) for n, unit in enumerate(evidence, 1) if (found := years(unit.text))]
    rows = [f"[{n}] {evidence[n - 1].text}" for _, n in sorted(dated[:limit])]  # the best-ranked, then by year
    return "\n".join(rows)
