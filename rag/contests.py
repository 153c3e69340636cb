"""Whether a line says who won what a question asks about: a win at all, and the whole contest, not a stage of it."""

from __future__ import annotations

import re

# "Who won the 2021 Tour?", "Which team won the cup?", "What film won Best Picture?": the question
# asks who won something. Not "Who is the award winner?" (a title) nor "Who won't…".
_WHO_WON = re.compile(
    r"^(?:who|which\s+[\w'’-]+(?:\s+[\w'’-]+)?|what\s+[\w'’-]+(?:\s+[\w'’-]+)?)\s+(?:has\s+|have\s+|had\s+|will\s+)?(?:won|wins|win)\b(?!['’]t)(?P<what>.*)$",
    re.I,
)
# The ways English news says someone won: a win, a beaten rival, a title or prize taken or given.
# Broad on purpose: a line with none of them is dropped, so a missing word costs a right answer.
_WON = re.compile(
    r"\b(?:win|wins|won|winning|winners?|victor(?:y|ies|ious)|champions?|crowned|beat|beats|beaten|beating|edged|routed|thrashed"
    r"|defeat(?:s|ed|ing)?|triumph(?:s|ed|ant)?|clinch(?:es|ed|ing)?|prevail(?:s|ed)?|t(?:ook|akes?|aking)|lift(?:s|ed)|swept|topped"
    r"|claim(?:s|ed)|elected|awarded|receiv(?:es|ed)|given\s+to|went\s+to|(?:was|were|been|is|are)\s+named|selected|honou?red"
    r"|title|trophy|prize|medal|podium|(?:finished|came|placed)\s+first|on\s+top)\b",
    re.I,
)
# A part of a contest: a stage, a round, a heat, a game of a series. Winning one is not winning it.
# Lower case only ("the Miami Heat won"), and "of" after it: "won the match in four sets" is no part.
_PART = r"(?:stage|leg|round|heat|game|lap|semi-?finals?|quarter-?finals?|qualifier|qualifying\s+round|time\s+trial|primary|caucus)"
_PART_AFTER = re.compile(rf"^\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?(?:[\w'’-]+\s+){{0,2}}?{_PART}e?s?(?:\s+\d+)?\s+of\b")
_PART_BEFORE = re.compile(rf"\b{_PART}(?:\s+\d+)?\s+$")
_PART_ASKED = re.compile(rf"\b{_PART}e?s?\b", re.I)


def asks_who_won(question: str) -> str | None:
    """What the question asks the winner of ("the 2021 Tour"), or None when it asks no such thing."""
    m = _WHO_WON.match(question.strip())
    return m.group("what").strip(" ?") if m else None


def contest_reasons(line: str, question: str, context: str = "") -> list[str]:
    """Why the line (with its context) does not say who won what the question asks about: it says no
    one won anything ("X and Y meet in the first round"), or only that someone won a part of it ("won
    the final stage of the Tour" for "Who won the Tour?"). Empty when the question asks no winner."""
    what = asks_who_won(question)
    if what is None:
        return []
    evidence = f"{context} {line}"
    wins = list(_WON.finditer(evidence))
    if not wins:
        return ["the question asks who won; the line says no one won anything"]
    if _PART_ASKED.search(what):
        return []  # "Who won stage 13?" asks about the part
    if all(_PART_AFTER.match(evidence[m.end() :]) or _PART_BEFORE.search(evidence[: m.start()]) for m in wins):
        return ["the question asks who won it; the line says who won a part of it (a stage, a round, a game)"]
    return []
