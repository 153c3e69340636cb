"""Totals and spans of years the articles imply but never state, computed in code from checked statements.

"How many nurses work in A and B combined?" and "How many years after the flood was the bridge rebuilt?"
ask for a figure no line gives. The model is not trusted with the sum (the verifier holds every
figure of an answer to its line); it states the figures, each checked against its line, and the
arithmetic is done here and shown with its operands: "Together that is 1,500 (1,200 + 300) [1]."
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .counting import asked_count, line_counts, same_kind_by_words
from .text import YEAR

Operation = Literal["total", "years"]

# "…combined?", "…in total?", "How many … altogether?", "the total number of…": a sum of parts.
# ("in all" and "all told" only at the end: "How many schools in all 50 states…" asks no sum.)
_TOTAL = re.compile(
    r"^how\s+(?:many|much)\b.*(?:\b(?:combined|in\s+total|altogether|put\s+together)\b|\b(?:in\s+all|all\s+told)\s*\??$)"
    r"|^what\s+is\s+the\s+(?:combined|total)\s+(?:number|amount)\s+of\b",
    re.I,
)
# A figure that is a change or a share of another is no part of a total: "up from 900", "2,500 of them".
_NOT_A_PART = re.compile(r"\b(?:from|to|of)\s*$|^\s*(?:of\s+(?:them|whom|which|those|these))\b", re.I)
# "How many years after X did Y?", "How many years passed between X and Y?": the gap between two
# years the articles give (not "How many years has X lasted?", which counts to a date no line gives).
_YEARS = re.compile(
    r"^how\s+many\s+years\s+(?:after|before|later|earlier|(?:had\s+|have\s+)?(?:passed|elapsed|went\s+by|separate[ds]?)\b|between)\b", re.I
)
# A figure as news writes it: "2,500", "900", "$6.3", "1.5"; not a part of a word or a date's day.
_FIGURE = re.compile(r"(?<![\w.,$])(\$?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\.\d)(%|\s+(?:million|billion|trillion)\b|)(?![\w%])", re.I)
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
# The day of a date ("March 12", "12 March") is no count.
_DAY = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}", re.I)
MAX_PARTS = 4


@dataclass(frozen=True)
class Derived:
    value: str  # "1,500", "8 years"
    operands: list[str]  # as the statements write them
    markers: list[int]  # the citations that hold the operands

    def sentence(self) -> str:
        cited = "".join(f"[{m}]" for m in self.markers)
        if self.value.endswith(("year", "years")):
            return f"That is {self.value} ({self.operands[0]} to {self.operands[1]}) {cited}."
        return f"Together that is {self.value} ({' + '.join(self.operands)}) {cited}."


def operation(question: str) -> Operation | None:
    """The arithmetic a question asks for, if any."""
    q = question.strip()
    if _YEARS.search(q):
        return "years"
    if _TOTAL.search(q):
        return "total"
    return None


def derive(op: Operation, statements: list[tuple[str, int]], question: str = "", lines: dict[int, str] | None = None) -> Derived | None:
    """The total, or the years between, of what the checked statements give (each with its citation
    marker); None when they do not give exactly what the operation needs: for a total, two to four
    counts of one kind (no percentages, no years, none a change or a share of another), each counting
    what the question counts or leaving it unsaid ("1,200 nurses … and 300 in Bukoba"), at least one
    saying it (in the statement, or in its cited line: `lines`, by marker); for a span, two different years.
    A later statement that gives again two or more figures an earlier one gave restates the same
    parts; a single figure given twice may be two parts alike, and is left unsummed."""
    asked = asked_count(question)
    found: list[tuple[str, str, str, int]] = []  # (prefix, number, suffix, marker)
    for text, marker in statements:
        plain = _DAY.sub(" ", text)
        figures = list(_FIGURE.finditer(plain))
        given = {(m.group(1), m.group(2), m.group(3)) for m in figures}
        if len(given) >= 2 and given <= {(p, n, s) for p, n, s, _ in found}:
            continue  # two or more figures an earlier statement gave: the same parts restated
        for m in figures:
            if op == "total" and (_NOT_A_PART.search(plain[: m.start()]) or _NOT_A_PART.search(plain[m.end() :])):
                return None
            found.append((m.group(1), m.group(2), m.group(3), marker))
    if op == "years":
        years = sorted({int(n) for p, n, s, _ in found if not p and not s and YEAR.fullmatch(n)})
        if len(years) != 2:
            return None
        markers = sorted({m for _, n, _, m in found if n in {str(y) for y in years}})
        gap = years[1] - years[0]
        return Derived(f"{gap} year{'' if gap == 1 else 's'}", [str(y) for y in years], markers)
    counts = [(p, n, s, m) for p, n, s, m in found if not YEAR.fullmatch(n) or "," in n or p]
    # Parts of one kind: all dollars or none, all in millions or none; a share is no part of a total.
    if (
        not 2 <= len(counts) <= MAX_PARTS
        or any(s == "%" for _, _, s, _ in counts)
        or len({(p, s.strip().lower()) for p, _, s, _ in counts}) > 1
    ):
        return None
    # Each part counts what the question counts, or leaves it unsaid; at least one says it.
    said = {marker: [text, (lines or {}).get(marker, "")] for text, marker in statements}
    heads = [[h for text in said[m] for h in line_counts(text, n)] for _, n, _, m in counts]
    if not asked or any(h and not any(same_kind_by_words(asked, x) for x in h) for h in heads) or not any(heads):
        return None
    values = [float(n.replace(",", "")) for _, n, _, _ in counts]
    if len(set(values)) < len(values):
        return None  # one figure twice: the same part given by two lines, or two parts alike? Not guessed.
    total = sum(values)
    decimals = max((len(n.split(".")[1]) if "." in n else 0) for _, n, _, _ in counts)
    prefix, scale = counts[0][0], counts[0][2].strip()
    value = f"{prefix}{total:,.{decimals}f}" + (f" {scale}" if scale else "")
    return Derived(value, [f"{p}{n}{s}" for p, n, s, _ in counts], sorted({m for *_, m in counts}))
