"""Whether a line is about the title a question names or about another work made from it: a numbered sequel ("Road Wars 2"), its video, musical, remake or soundtrack."""

from __future__ import annotations

import re

from .holders import names_in_claim
from .text import MONTHS

# A title's number: "Road Wars 2" (not a year, a model number, a day of a month, a score before
# another name as in "Arsenal 2 Chelsea 1", nor a Roman numeral, which also numbers kings).
_TITLE_NUMBER = re.compile(r"^\s+\d{1,2}(?=[\s,.;:!?)'\"’”]|$)(?![,.]\d)(?!\s+[A-Z\d])")
_ANY_NUMBER = re.compile(r"^\s+(?:\d+|[IVXLC]{1,6})\b")

# Works made from another work by others, each with its own director, cast and date. Not "film",
# "movie", "book" or "novel" (a question rarely says which a title is, and the original is often
# one); not its trailer or tour (its own makers' promotion, with its own date and cast); after the
# title, not its own genre ("Star Drift video game", "Harbour Lights documentary"), nor a crew role
# ("musical director", "cover star").
_DERIVED = (
    r"(?:music\s+)?video(?!\s+games?)|musical(?!\s+(?:directors?|supervisor|score|numbers?|theatre))|remake|reboot|sequel|prequel"
    r"|spin-?off|soundtrack|parody|cover(?!\s+(?:star|art|story|image|photo))|adaptation"
)
# "Road Wars video director", "Road Wars: The Musical", "Road Wars live-action remake" (one
# lower-case word between, but no preposition: "performed Road Wars on tour").
_NOT_MODIFIER = r"(?!(?:on|in|at|and|or|to|for|with|by|from|of|is|was|are|were)\b)"
_DERIVED_AFTER = re.compile(rf"^[\"”’']?\s*(?:[:–—-]\s*)?(?:the\s+)?(?:{_NOT_MODIFIER}[a-z][\w-]*\s+)?(?P<kind>{_DERIVED})\b", re.I)
# "the video for Tula Band's “Road Wars”", "a remake of Road Wars", "a documentary about Road Wars"
# (between them only capitalised words: "a video of the Road Wars final" is of the final).
_DERIVED_BEFORE = re.compile(
    rf"\b(?P<kind>{_DERIVED}|documentary|podcast|video\s+game)\s+(?:for|of|to|from|about|based\s+on)\s+(?-i:[A-Z][\w'’]*\s+){{0,2}}[\"“‘']?$",
    re.I,
)
# How a question may itself ask about such a work ("the clip for…", "the stage version of…").
_ASKED_AS = {
    "video": r"video|clip",
    "musical": r"musical|stage",
    "soundtrack": r"soundtrack|score|music|compos\w*|song",
    "adaptation": r"adapt\w*",
}
# A title the question marks as a work: quoted ("“Road Wars”"), or after what kind of work it is.
_WORK = r"(?:film|movie|song|show|series|book|novel|album|game|play|opera|documentary|podcast)"


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
    """The titles the question marks as works, longest first: the whole of a quoted one ("“Star Run:
    The Last Orbit”", "“Apollo 9”"), or a name after "the film" (not "to play Marta Vell")."""
    marked = {q.group(1).rstrip(",.?!") for q in re.finditer(r"[\"“‘']([A-Z0-9][^\"”’]{1,80}?)[\"”’'](?!\w)", question)}
    for run in names_in_claim(question):
        if re.search(rf"\b(?:the|a|an|his|her|their|its|new|latest)\s+(?:\w+\s+)?{_WORK}\s+{re.escape(run)}(?![\w'’-])", question, re.I):
            marked.add(run)
    return sorted(marked, key=len, reverse=True)


def derived_title(question: str, line: str, around: str = "") -> str | None:
    """The work made from a title the question names ("the video of Road Wars"), when the line names
    that title only as the source of another work ("Road Wars video director Ada Bello"). A line
    that does not name the title at all is read by `around` (its article). None otherwise: when the
    question itself asks about such a work ("Who directed the Road Wars clip?"), or the line also
    names the work by its own kind ("…keeps the ending of Ada Bello's novel")."""
    asked = question.lower()
    work = re.search(rf"\b{_WORK}\b", asked)
    if work and re.search(rf"(?:\b(?:the|its|his|her|their)|[’']s)\s+(?:\w+\s+)?{work.group()}\b", line, re.I):
        return None
    for run in work_titles(question):
        title = rf"(?<![\w-])(?i:{re.escape(run[0])}){re.escape(run[1:])}(?![\w'’-])"
        text = line if re.search(title, line) else around
        found = list(re.finditer(title, text))
        kinds = []
        for m in found:
            kind = _DERIVED_AFTER.match(text[m.end() :]) or _DERIVED_BEFORE.search(text[: m.start()])
            named = kind.group("kind").lower().split()[-1] if kind else ""
            if not named or re.search(rf"\b(?:{_ASKED_AS.get(named, named)})", asked):
                break
            kinds.append(named)
        else:
            if found:
                return f"the {kinds[0]} of {run}"
    return None
