"""What an abbreviation stands for, read where an article spells it out: "the Popular Front (PF)"."""

from __future__ import annotations

import re
from collections import Counter

from .types import Answer, Article, Citation

# "What does PF stand for?", "What's the acronym NTSB short for?", "What is the full name of the PF?"
_ABBREVIATION = r"(?:(?:acronym|abbreviation|initialism)\s+)?(?P<{}>[A-Z][A-Za-z]{{1,9}})"
_ASKED = re.compile(
    r"^(?i:what\s+(?:does|do|did)\s+(?:the\s+)?)" + _ABBREVIATION.format("a") + r"(?i:\s+stands?\s+for\s*\??)$"
    r"|^(?i:(?:what\s+is|what's|what\s+was)\s+(?:the\s+)?)"
    + _ABBREVIATION.format("b")
    + r"(?i:\s+(?:short\s+for|an\s+abbreviation\s+(?:of|for))\s*\??)$"
    r"|^(?i:(?:what\s+is|what's|what\s+was)\s+the\s+full\s+name\s+(?:of|for)\s+(?:the\s+)?)" + _ABBREVIATION.format("c") + r"\s*\??$",
)
# Small words a name spells out but its abbreviation leaves out ("Federal Bureau of Investigation").
_SKIPPED = frozenset("of and for the in on at to de del la le al el".split())
_WORD = re.compile(r"[A-Za-z][\w'’]*(?:[.-][A-Za-z][\w'’]*)*\.?")
# How many words before "(PF)" a spelled-out name may start: one per letter, and its small words.
_SLACK = 4
# A full stop after a word of two letters or more ends a sentence ("…the port. Police (PP)"); one
# after an initial does not ("U.S. Agency").
_SENTENCE_END = re.compile(r"[a-z]{2,}[.!?]\s")


def abbreviation_asked(question: str) -> str:
    """The abbreviation a "what does X stand for?" question asks about, "" for any other question."""
    m = _ASKED.match(" ".join(question.split()))
    return next((g for g in (m.group("a"), m.group("b"), m.group("c")) if g), "") if m else ""


def spelled_out(text: str, abbreviation: str) -> list[tuple[str, int, int]]:
    """Each (name, start, end) where `text` gives the name before the abbreviation in brackets,
    "Popular Front (PF)", as the text writes it: a run of words, all capitalised or all in lower
    case ("liquefied natural gas (LNG)"), whose initials spell the abbreviation (a plural "s"
    aside). The span runs from the name's first word to the closing bracket."""
    if not abbreviation.strip():
        raise ValueError("no abbreviation to look for")
    letters = abbreviation[:-1] if abbreviation.endswith("s") and abbreviation[:-1].isupper() else abbreviation
    found = []
    for m in re.finditer(rf"\(\s*{re.escape(abbreviation)}\s*\)", text):
        offset = max(0, m.start() - 200)
        words = list(_WORD.finditer(text[offset : m.start()]))
        for first in range(len(words) - 1, max(-1, len(words) - len(letters) - _SLACK - 1), -1):
            start = offset + words[first].start()
            name = text[start : m.start()].strip()
            if "," in name or _SENTENCE_END.search(name + " ") and not name.endswith(".") or words[first].group().lower() in _SKIPPED:
                continue
            if _initials([w.group() for w in words[first:]]) == letters.upper():
                found.append((name, start, m.end()))
                break
    return found


def _initials(words: list[str]) -> str:
    """ "Popular Front" → "PF"; a small word ("of") adds nothing; a hyphenated word adds a letter
    for each capitalised part ("Non-Proliferation" → "NP", "Co-operation" → "C"). "" when the run
    mixes words in lower case with capitalised ones: not one name."""
    kept = [w for w in words if w.lower() not in _SKIPPED]
    if not kept or len({w[0].isupper() for w in kept}) > 1:
        return ""
    letters = []
    for word in kept:
        parts = [p for p in re.split(r"[.-]", word) if p]
        letters += [p[0].upper() for i, p in enumerate(parts) if i == 0 or p[0].isupper()]
    return "".join(letters)


def abbreviation_answer(question: str, articles: dict[str, Article]) -> Answer | None:
    """ "What does PF stand for?" answered from the articles that spell it out, citing the first
    place the commonest spelling is given; None when the question asks something else or no
    article spells it out (the pipeline then answers or refuses)."""
    asked = abbreviation_asked(question)
    if not asked:
        return None
    places = [
        (name, article, start, end)
        for article in sorted(articles.values(), key=lambda a: a.doc_id)
        for name, start, end in spelled_out(article.text, asked)
    ]
    if not places:
        return None
    commonest, _ = Counter(name.lower() for name, *_ in places).most_common(1)[0]
    name, article, start, end = next(p for p in places if p[0].lower() == commonest)
    citation = Citation(article.doc_id, start, end, article.text[start:end], article.title, article.source, article.date, 1, ())
    return Answer(f"{asked} stands for {name} [1].", False, [citation], question, mode="collection")
