"""What an abbreviation stands for, read where an article spells it out: "the Popular Front (PF)"."""

from __future__ import annotations

import re
from collections import Counter

from .types import Answer, Article, Citation

# "What does PF stand for?", "What is the NTSB short for?", "What is the full name of the PF?"
_ASKED = re.compile(
    r"^(?i:what\s+(?:does|do|did)\s+(?:the\s+)?)(?P<a>[A-Z][A-Za-z]*[A-Z]s?)(?i:\s+stands?\s+for\s*\??)$"
    r"|^(?i:what\s+(?:is|are|was)\s+(?:the\s+)?)(?P<b>[A-Z][A-Za-z]*[A-Z]s?)(?i:\s+(?:short\s+for|an\s+abbreviation\s+(?:of|for))\s*\??)$"
    r"|^(?i:what\s+(?:is|was)\s+the\s+full\s+name\s+(?:of|for)\s+(?:the\s+)?)(?P<c>[A-Z][A-Za-z]*[A-Z]s?)\s*\??$",
)
# Small words a name spells out but its abbreviation leaves out ("Bank of England" → BoE is rare;
# "Federal Bureau of Investigation" → FBI is the rule).
_SKIPPED = frozenset("of and for the in on at to de del la le al el".split())
_WORD = re.compile(r"[A-Za-z][\w'’]*(?:-[A-Za-z][\w'’]*)*")
# How many words before "(PF)" a spelled-out name may start: one per letter, and its small words.
_SLACK = 4


def abbreviation_asked(question: str) -> str:
    """The abbreviation a "what does X stand for?" question asks about, "" for any other question."""
    m = _ASKED.match(" ".join(question.split()))
    return next((g for g in (m.group("a"), m.group("b"), m.group("c")) if g), "") if m else ""


def spelled_out(text: str, abbreviation: str) -> list[tuple[str, int, int]]:
    """Each (name, start, end) where `text` gives the name before the abbreviation in brackets,
    "Popular Front (PF)", its capitalised words' initials spelling the abbreviation (a plural "s"
    aside); the span runs from the name's first word to the closing bracket."""
    letters = abbreviation.rstrip("s") if abbreviation.endswith("s") and abbreviation[:-1].isupper() else abbreviation
    found = []
    for m in re.finditer(rf"\(\s*{re.escape(abbreviation)}\s*\)", text):
        words = list(_WORD.finditer(text[max(0, m.start() - 200) : m.start()]))
        offset = max(0, m.start() - 200)
        for first in range(len(words) - 1, max(-1, len(words) - len(letters) - _SLACK - 1), -1):
            run = words[first:]
            if text[offset + run[0].start() : m.start()].count(",") or run[0].group().lower() in _SKIPPED:
                continue
            if _initials(w.group() for w in run) == letters.upper():
                start = offset + run[0].start()
                found.append((" ".join(w.group() for w in run), start, m.end()))
                break
    return found


def _initials(words: object) -> str:
    """ "Popular Mobilisation Forces" → "PMF"; a small word ("of") adds nothing, nor does a word in
    lower case; a hyphenated name adds a letter per part ("Al-Qaeda" → "AQ")."""
    letters = []
    for word in words:  # type: ignore[attr-defined]
        if word.lower() in _SKIPPED:
            continue
        if not word[0].isupper():
            return ""  # "the group (PF)": not a name that spells it
        letters += [part[0].upper() for part in word.split("-") if part]
    return "".join(letters)


def abbreviation_answer(question: str, articles: dict[str, Article]) -> Answer | None:
    """ "What does PF stand for?" answered from the articles that spell it out, citing the first
    place the commonest spelling is given; None when the question asks something else or no
    article spells it out (the pipeline then answers or refuses)."""
    asked = abbreviation_asked(question)
    if not asked:
        return None
    places = [(name, article, start, end) for article in sorted(articles.values(), key=lambda a: a.doc_id) for name, start, end in spelled_out(article.text, asked)]
    if not places:
        return None
    commonest, _ = Counter(name.lower() for name, *_ in places).most_common(1)[0]
    name, article, start, end = next(p for p in places if p[0].lower() == commonest)
    citation = Citation(article.doc_id, start, end, article.text[start:end], article.title, article.source, article.date, 1, ())
    return Answer(f"{asked} stands for {name} [1].", False, [citation], question, mode="collection")
