"""Score answers and citations against gold written from the articles; shares no code with the checks.

Nothing here imports the pipeline's text tools, verifier or thresholds: an eval that graded answers
with the code under test would measure its agreement with itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_MARKER = re.compile(r"\[\d+\]")
_TOKEN = re.compile(r"\$?\d[\d,]*(?:\.\d+)?%?|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])'s\b")
_ARTICLES = frozenset({"a", "an", "the"})
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
}
_SCALES = {100, 1000, 1_000_000}
_YES_NO = frozenset({"yes", "no"})


def fold(text: str) -> str:
    """NFKC, straight quotes and dashes, lower case: the form both sides are compared in."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return text.lower()


def tokens(text: str) -> list[str]:
    """Words and numbers, articles dropped; "2,500" -> "2500", "nine hundred" -> "900"."""
    plain = _POSSESSIVE.sub("", _MARKER.sub(" ", fold(text)))  # "al-Bashir's office" names al-Bashir
    raw = [t for t in _TOKEN.findall(plain) if t not in _ARTICLES]
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] in _NUMBER_WORDS and not (raw[i] in _SCALES and not out):
            j, value = _number_run(raw, i)
            if j > i:
                out.append(str(value))
                i = j
                continue
        token = raw[i]
        if token[0].isdigit() or token[0] == "$":
            token = token.replace(",", "").lstrip("$")  # "$6.3 billion" and "6.3 billion" name one figure
            token = token[:-1] if token.endswith(".") else token
        out.append(token)
        i += 1
    return out


def _number_run(raw: list[str], i: int) -> tuple[int, int]:
    total, current, j = 0, 0, i
    while j < len(raw) and raw[j] in _NUMBER_WORDS:
        value = _NUMBER_WORDS[raw[j]]
        if value in _SCALES:
            current = max(current, 1) * value
            if value >= 1000:
                total, current = total + current, 0
        else:
            current += value
        j += 1
    return j, total + current


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def alias_match(answer: str, alias: str) -> bool:
    """Every "|"-part of the alias occurs in the answer as a whole-word phrase (numbers by value).

    A bare "yes" or "no" must be the answer, not a word somewhere in it: it matches only as the
    answer's first word.
    """
    have = tokens(answer)
    for part in alias.split("|"):
        want = tokens(part)
        if not want:
            return False
        if len(want) == 1 and want[0] in _YES_NO:
            if not have or have[0] != want[0]:
                return False
        elif not _contains(have, want):
            return False
    return True


def matches_any(answer: str, aliases: Iterable[str]) -> bool:
    return any(alias_match(answer, a) for a in aliases)


def rgb_match(text: str, answer: str | list[list[str]]) -> bool:
    """RGB's own rule: case-insensitive substring; for a list answer, every element matched by one alias."""
    low = fold(text)
    if isinstance(answer, str):
        return fold(answer) in low
    return all(any(fold(alias) in low for alias in element) for element in answer)


# A sentence ends after its citation marker, or at a full stop after a lower-case word or a figure
# ("in 2011. The", not "the U.S. military" or "Maj. Gen."), or at a line break (list items).
_SENTENCE_END = re.compile(r"(?<=\])[.!?]?\s+(?=\S)|(?<=[a-z]{3})[.!?]\s+(?=[A-Z])|(?<=\d)[.!?]\s+(?=[A-Z])|\s*\n+\s*")


def sentences(answer: str) -> list[tuple[str, bool]]:
    """The answer's sentences (and list lines), each with whether it carries a citation marker.

    A full stop inside a quotation does not end the sentence that quotes it: "“We will stay. That
    is clear,” the minister said [1]." is one sentence, cited once. Only a quotation that closes
    joins pieces (a stray quote mark does not), a marker always ends a sentence, and so does a
    line break.
    """
    parts: list[str] = []
    for line in answer.splitlines():
        pieces: list[tuple[int, int]] = []  # (start, end) in the line, so a joined sentence keeps its stops
        at = 0
        for end in [*_SENTENCE_END.finditer(line), None]:
            stop = end.start() if end else len(line)
            if line[at:stop].strip():
                pieces.append((at, stop))
            at = end.end() if end else len(line)
        groups: list[list[tuple[int, int]]] = []
        for piece in pieces:
            last = line[groups[-1][0][0] : groups[-1][-1][1]] if groups else ""
            if last and _open_quotation(last) and not _MARKER.search(last):
                groups[-1].append(piece)
            else:
                groups.append([piece])
        for group in groups:
            joined = line[group[0][0] : group[-1][1]]
            split_back = len(group) > 1 and _open_quotation(joined)  # the quotation never closed
            parts += [line[a:b].strip() for a, b in group] if split_back else [joined.strip()]
    return [(p, bool(_MARKER.search(p))) for p in parts]


def _open_quotation(text: str) -> bool:
    """A double quotation opened and not yet closed: curly quotes by direction, straight ones by count."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def span_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def citation_on_gold(doc_id: str, start: int, end: int, spans: Sequence[dict[str, object]]) -> bool:
    """A citation is correct when it overlaps one of the gold spans (same article, shared characters)."""
    return any(s["doc_id"] == doc_id and span_overlap(start, end, int(str(s["start"])), int(str(s["end"]))) for s in spans)


def token_f1(answer: str, aliases: Sequence[str]) -> float:
    """SQuAD-style token F1 against the closest alias ("a|b" read as one phrase)."""
    have = tokens(answer)
    best = 0.0
    for alias in aliases:
        want = tokens(alias.replace("|", " "))
        common = sum(min(have.count(t), want.count(t)) for t in set(want))
        if common:
            precision, recall = common / len(have), common / len(want)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best
