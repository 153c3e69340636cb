"""What a figure counts: the noun a question counts against the noun its line puts after the figure.

"How many nurses walked out?" is not answered by "more than 150 marches", nor "What is the
population of the town?" by "40 ferries": the figure is in the line, but it counts something else. English news puts the counted noun right after the figure, past
its modifiers ("1,200 hospital nurses joined", "40 U.S. ferries"), and a question puts it right
after "how many" ("How many union members…"), or names a measure of a group ("What is the
population of…", "What was the turnout in…"; "the number of nurses" asks for nurses). Both are read here; whether they name the same kind
of thing is judged by the embedder (nurses and medics are one kind, marches another).
"""

from __future__ import annotations

import re

from .text import YEAR, stem

# Words that end the counted phrase: verbs and auxiliaries, prepositions, relative words.
_STOP = frozenset(
    "is are was were be been being do does did has have had can could will would should may might must "
    "in at on from into of over near across through to for by with since during after before about under "
    "than as that which who whom whose where when while and or but per each a an the this these those its their".split()
)
_WORD = re.compile(r"\d[\d,.]*\d|\d|(?:[A-Za-z]\.){2,}|[A-Za-z][\w'’-]*|[^\s\w]")
_HOW_MANY = re.compile(r"\bhow\s+many\s+(.+)", re.I)
_FIGURE = re.compile(r"\d[\d,.]*\d|\d")
# A regular plural ("nurses", "buses"), not "press", "bonus", "analysis", "famous".
_PLURAL = re.compile(r"^[a-z]{2,}(?<!s|u|i)s$|^[a-z]+ies$")
_IRREGULAR_PLURALS = frozenset("people children men women police staff personnel crew cattle feet teeth mice geese".split())
MAX_PHRASE_WORDS = 4
# "What is the <measure> of/in…?" A measure that names no group ("number", "total", "share") asks
# about what follows "of"; what it measures is said there or not at all.
_MEASURE = re.compile(
    r"\b(?i:what)\s+(?:is|was|are|were|will\s+be)\s+the\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)\s*(?:\b(?:of|in|at|for|among|on)\b\s+(.*)|\?|$)"
)
_QUANTITY_WORDS = frozenset(
    "number total count amount size strength figure tally toll level sum share proportion percentage rate ratio quantity "
    "scale extent value result outcome score margin balance record estimate average median maximum minimum limit cap "
    "increase decrease rise fall drop change difference growth".split()
)
# Measures of a group of people ("the population of…", "the turnout in…"): what the line counts
# must be that group. Other measures ("the capacity of the stadium": 60,000 fans; "the height of
# the tower": 40 storeys) are answered in what they hold or span, which no noun of theirs names.
_GROUP_MEASURES = frozenset(
    "population turnout attendance workforce membership enrollment enrolment electorate readership viewership ridership "
    "audience headcount congregation garrison staff crew".split()
)
# Units of measure: "the age of…" is answered in years, "the length of…" in miles; a unit is no
# group counted.
_UNITS = frozenset(
    "seconds minutes hours days weeks months years decades centuries inches feet yards miles metres meters kilometres "
    "kilometers centimetres centimeters millimetres millimeters acres hectares pounds ounces grams kilograms kilos tons "
    "tonnes litres liters gallons barrels dollars euros cents pence yen points percent degrees knots mph km kg lbs yrs storeys "
    "stories floors".split()
)


def _head(words: list[str]) -> str | None:
    """The counted noun that opens `words`: the first plural among its first few words, past
    modifiers ("U.S.", "Kenyan", "hospital"); None at a verb, a preposition or punctuation first,
    or with no plural ("one member of": nothing to compare)."""
    for word in words[:MAX_PHRASE_WORDS]:
        low = word.lower()
        if not word[0].isalpha() or low in _STOP:
            return None
        if word[0].isupper() or "." in word:
            continue  # a name or an abbreviation modifies the noun
        if low in _IRREGULAR_PLURALS or _PLURAL.match(low):
            return word
    return None


def asked_count(question: str) -> str | None:
    """The noun a "How many…" question counts ("How many US soldiers died…" -> "soldiers")."""
    m = _HOW_MANY.search(question)
    return _head(_WORD.findall(m.group(1))) if m else None


def asked_measure(question: str) -> str | None:
    """The group a "What is the <measure> of…" question measures: the measure itself when it measures
    a group of people ("What is the population of Tula?" -> "population"), or what follows "of" when
    the measure names no group ("What was the number of nurses…" -> "nurses"); None for any other
    question."""
    m = _MEASURE.search(question)
    if not m:
        return None
    words = m.group(1).split()
    if any(w in _STOP for w in words):
        return None
    head = words[-1]
    if head in _GROUP_MEASURES:
        return head
    if head not in _QUANTITY_WORDS:
        return None
    rest = m.group(2) or ""
    return _head(_WORD.findall(rest)) if re.search(rf"\b{re.escape(head)}\s+of\b", m.group(0)) else None


def line_counts(line: str, figure: str) -> list[str]:
    """The nouns the line counts with this figure, one per place it gives the figure ("1,200 hospital
    nurses joined" -> "nurses"); a figure followed by no noun ("300 in Bukoba") counts nothing said here."""
    digits = _FIGURE.fullmatch(figure.strip().rstrip("."))
    if not digits:
        return []
    words = _WORD.findall(line)
    heads = []
    for i, word in enumerate(words):
        if word == digits.group() and (head := _head(words[i + 1 :])):
            heads.append(head)
    return heads


def same_kind_by_words(asked: str, counted: str) -> bool:
    """The two heads are one word ("member", "members")."""
    return stem(asked.lower()) == stem(counted.lower())


def counts_to_compare(question: str, claim: str, line: str) -> tuple[str, list[str]] | None:
    """What the question counts (or the group it measures) and what the line counts with the answer's
    figures (a year is no count, and a unit no group measured), when both are said and no two are one
    word; else None: nothing to judge."""
    asked = asked_count(question)
    measure = None if asked else asked_measure(question)
    asked = asked or measure
    if not asked:
        return None
    figures = [f for f in _FIGURE.findall(claim) if not YEAR.fullmatch(f)]
    counted = [head for figure in figures for head in line_counts(line, figure)]
    if measure:
        counted = [head for head in counted if head.lower() not in _UNITS]
    if not counted or any(same_kind_by_words(asked, head) for head in counted):
        return None
    return asked, counted
