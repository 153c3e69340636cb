"""Whether a line is about the title a question names or about another work made from it: a numbered sequel ("Road Wars 2"), its video, musical, remake or soundtrack."""

from __future__ import annotations

import re

from .holders import names_in_claim
from .text import MONTHS

# A title's number: "Road Wars 2" (not a year, a model number, a day of a month, a score before
# another name as in "Arsenal 2 Chelsea 1", nor a Roman numeral, which also numbers kings).
_TITLE_NUMBER = re.compile(r"^\s+\d{1,2}(?=[\s,.;:!?)'\"’”]|$)(?![,.]\d)(?!\s+[A-Z\d])")
_ANY_NUMBER = re.compile(r"^\s+(?:\d+|[IVXLC]{1,6})\b")

# Works made from another work, each with its own director, cast and date. Not "film", "movie",
# "book" or "novel": a question rarely says which of those a title is, and the original is often one.
_DERIVED = r"(?:music\s+)?video|musical|remake|reboot|sequel|prequel|spin-?off|soundtrack|trailer|tour|parody|cover|documentary|adaptation|video\s+game|podcast"
# "Road Wars video director", "Road Wars: The Musical", "Road Wars live-action remake".
_DERIVED_AFTER = re.compile(rf"^[\"”’']?\s*(?:[:–—-]\s*)?(?:the\s+)?(?:[a-z][\w-]*\s+)?(?P<kind>{_DERIVED})\b", re.I)
# "the video for Queen's “Road Wars”", "a remake of Road Wars", "the sequel to Road Wars".
_DERIVED_BEFORE = re.compile(rf"\b(?P<kind>{_DERIVED})\s+(?:for|of|to|from|based\s+on)\s+(?:[\w'’]+\s+){{0,2}}[\"“‘']?$", re.I)
# A title the question marks as a work: quoted ("“Road Wars”"), or after what kind of work it is.
_WORK = r"(?:film|movie|song|show|series|book|novel|album|game|play|opera)"


def numbered_title(question: str, line: str) -> str | None:
    """The numbered title the line gives wherever it names one the question names without a number
    ("When was Road Wars released?" against "Road Wars 2 launches in May"): a sequel, a later
    edition, another event. None otherwise."""
    for run in sorted(names_in_claim(question), key=len, reverse=True):
        if run.lower() in MONTHS:
            continue  # "March 4" is a day
        if any(_ANY_NUMBER.match(question[m.end() :]) for m in re.finditer(re.escape(run), question)):
            continue  # the question gives it a number of its own ("Road Wars 2", "the Cup 2021")
        found = list(re.finditer(rf"(?<![\w-]){re.escape(run)}(?![\w'’-])", line))
        numbers = [_TITLE_NUMBER.match(line[m.end() :]) for m in found]
        if found and all(numbers):
            return f"{run} {numbers[0].group().strip()}"  # type: ignore[union-attr]
    return None


def work_titles(question: str) -> list[str]:
    """The titles the question marks as works, longest first: quoted, or named after "the film"."""
    marked = []
    for run in names_in_claim(question):
        quoted = re.search(rf"[\"“‘']{re.escape(run)}[\"”’']", question)
        typed = re.search(rf"\b{_WORK}\s+{re.escape(run)}(?![\w'’-])", question, re.I)
        if quoted or typed:
            marked.append(run)
    return sorted(marked, key=len, reverse=True)


def derived_title(question: str, line: str, around: str = "") -> str | None:
    """The work made from a title the question names ("the video of Road Wars"), when the line names
    that title only as the source of another work ("Road Wars video director Ada Bello"). A line
    that does not name the title at all is read by `around` (its article). None otherwise, and
    when the question itself asks about such a work ("Who directed the Road Wars video?")."""
    asked = question.lower()
    for run in work_titles(question):
        text = line if run in line else around
        found = list(re.finditer(rf"(?<![\w-]){re.escape(run)}(?![\w'’-])", text))
        kinds = []
        for m in found:
            kind = _DERIVED_AFTER.match(text[m.end() :]) or _DERIVED_BEFORE.search(text[: m.start()])
            if kind is None or kind.group("kind").lower().split()[-1] in asked:
                break
            kinds.append(kind.group("kind").lower())
        else:
            if found:
                return f"the {kinds[0]} of {run}"
    return None
