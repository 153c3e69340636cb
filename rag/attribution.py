"""Who a news sentence credits for what it reports: "…, the Daily Post reported", "told Lakeside Wire"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunking import article_sentences
from .types import Article

# A source is a run of capitalised words or an acronym ("AFP", "Lakeside Wire", "The Daily Post").
_NAME = r"(?P<source>(?:The\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
# How English news credits the press: the outlet reports, someone told it, a report came from it,
# or a wire dateline carries it ("NAIROBI (Lakeside Wire) –"). "According to" and "said" credit
# officials as often as outlets, so they count only when any source will do.
_PRESS = [
    re.compile(_NAME + r"\s+(?:has\s+|had\s+)?(?:reported|reports|reporting)\b"),
    re.compile(r"\btold\s+(?:the\s+)?" + _NAME),
    re.compile(r"\breports?\s+(?:from|by)\s+(?:the\s+)?" + _NAME),
    re.compile(r"^[A-Z][A-Z .'-]+\s+\(" + _NAME + r"\)\s+[–—-]"),
]
_ANY = [
    re.compile(r"\baccording\s+to\s+(?:the\s+)?" + _NAME),
    re.compile(_NAME + r"\s+(?:said|says|stated|added|announced)\b"),
]
# A capitalised word that opens a sentence is no source by itself ("Sources told…", "It reported").
_NOT_SOURCES = frozenset("the a an it he she they we i this that these those sources source officials official".split())


@dataclass(frozen=True)
class Attribution:
    source: str  # as the text writes it, without a leading "The"
    start: int  # the sentence that credits it, as offsets into the text
    end: int


def attributions(article: Article, press_only: bool = True) -> list[Attribution]:
    """Each body sentence's credited sources, in text order."""
    found = []
    for start, end in article_sentences(article):
        for source in credited_in(article.text[start:end].strip(), press_only):
            found.append(Attribution(source, start, end))
    return found


def credited_in(sentence: str, press_only: bool = True) -> list[str]:
    """The sources one sentence credits, as it writes them."""
    names = []
    for pattern in _PRESS + ([] if press_only else _ANY):
        for m in pattern.finditer(sentence):
            words = m.group("source").split()
            while words and words[0].lower() in _NOT_SOURCES:
                words = words[1:]
            name = " ".join(words)
            if name.endswith(".") and not re.search(r"\b(?:[A-Z]\.){2,}$", name):  # a full stop, not "U.N."
                name = name[:-1]
            if name:
                names.append(name)
    return list(dict.fromkeys(names))


def same_source(a: str, b: str) -> bool:
    """ "The Daily Post" and "Daily Post" are one source; case matters only for acronyms."""
    strip = re.compile(r"^the\s+", re.I)
    a, b = strip.sub("", a.strip()), strip.sub("", b.strip())
    return a == b if a.isupper() or b.isupper() else a.lower() == b.lower()
