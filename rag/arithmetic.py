"""Totals and spans of years the articles imply but never state, computed in code from checked statements.

"How many troops are in A and B combined?" and "How many years after the invasion did they leave?"
ask for a figure no line gives. The model is not trusted with the sum (the verifier holds every
figure of an answer to its line); it states the figures, each checked against its line, and the
arithmetic is done here and shown with its operands: "Together that is 3,400 (2,500 + 900) [1]."
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Operation = Literal["total", "years"]

# "…combined?", "…in total?", "How many … altogether?", "the total number of…": a sum of parts.
_TOTAL = re.compile(r"^how\s+(?:many|much)\b.*\b(?:combined|in\s+total|altogether|in\s+all|all\s+told|put\s+together)\b|^what\s+is\s+the\s+(?:combined|total)\s+(?:number|amount)\s+of\b", re.I)
# "How many years after X did Y?", "How many years passed between X and Y?": the gap between two
# years the articles give (not "How many years has X lasted?", which counts to a date no line gives).
_YEARS = re.compile(r"^how\s+many\s+years\s+(?:after|before|later|earlier|(?:had\s+|have\s+)?(?:passed|elapsed|went\s+by|separate[ds]?)\b|between)\b", re.I)
# A figure as news writes it: "2,500", "900", "$6.3", "1.5"; not a part of a word or a date's day.
_FIGURE = re.compile(r"(?<![\w.,$])(\$?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?!\.\d)(%|\s+(?:million|billion|trillion)\b|)(?![\w%])", re.I)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
# The day of a date ("March 12", "12 March") is no count.
_DAY = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTHS}", re.I)
MAX_PARTS = 4


@dataclass(frozen=True)
class Derived:
    value: str  # "3,400", "8 years"
    operands: list[str]  # as the statements write them
    markers: list[int]  # the citations that hold the operands

    def sentence(self) -> str:
        cited = "".join(f"[{m}]" for m in self.markers)
        if self.value.endswith("years"):
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


def derive(op: Operation, statements: list[tuple[str, int]]) -> Derived | None:
    """The total, or the years between, of what the checked statements give (each with its citation
    marker); None when they do not give exactly what the operation needs: two to four counts of one
    kind for a total (no percentages, no years), two different years for a span."""
    found: list[tuple[str, str, str, int]] = []  # (prefix, number, suffix, marker)
    for text, marker in statements:
        plain = _DAY.sub(" ", text)
        found += [(m.group(1), m.group(2), m.group(3), marker) for m in _FIGURE.finditer(plain)]
    if op == "years":
        years = sorted({int(n) for p, n, s, _ in found if not p and not s and _YEAR.match(n)})
        if len(years) != 2:
            return None
        markers = sorted({m for _, n, _, m in found if n in {str(y) for y in years}})
        return Derived(f"{years[1] - years[0]} years", [str(y) for y in years], markers)
    counts = [(p, n, s, m) for p, n, s, m in found if not _YEAR.match(n) or "," in n or p]
    # Parts of one kind: all dollars or none, all in millions or none; a share is no part of a total.
    if not 2 <= len(counts) <= MAX_PARTS or any(s == "%" for _, _, s, _ in counts) or len({(p, s.strip().lower()) for p, _, s, _ in counts}) > 1:
        return None
    values = [float(n.replace(",", "")) for _, n, _, _ in counts]
    if len(set(values)) < len(values):
        return None  # one figure twice: the same part given by two lines, or two parts alike? Not guessed.
    total = sum(values)
    decimals = max((len(n.split(".")[1]) if "." in n else 0) for _, n, _, _ in counts)
    prefix, scale = counts[0][0], counts[0][2].strip()
    value = f"{prefix}{total:,.{decimals}f}" + (f" {scale}" if scale else "")
    return Derived(value, [f"{p}{n}{s}" for p, n, s, _ in counts], sorted({m for *_, m in counts}))
