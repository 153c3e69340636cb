"""Who a news sentence credits for what it reports: "…, the Daily Post reported", "told Lakeside Wire"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunking import article_sentences
from .types import Article

# A source is a run of capitalised words or an acronym ("Lakeside Wire", "The Daily Post", "KTV").
_NAME = r"(?P<source>(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
# What may follow a credit: the clause's end, "that…", or a day ("reported on Monday that…").
_THEN = r"(?=\s*(?:[.,;:)]|$|that\b|on\s+(?:[A-Z]|condition\b)|last\s+\w+|earlier\b|in\s+an?\s+\w+\b))"
# How English news credits the press: "…, the Daily Post reported" (ending a clause or before
# "that", so a company that "reported record profits" is no source), "told Lakeside Wire…" (not "told Smith to leave"),
# "a report from the Courier", a wire dateline "NAIROBI, May 3 (Lakeside Wire) –". Someone who
# "told Parliament" counts too: no rule of form tells an outlet from an audience.
# "According to" and "said" credit officials as often as outlets: they count only when any source will do.
_PRESS = [
    re.compile(r"(?<![\w'’-])" + _NAME + r"\s+(?:has\s+|had\s+)?(?:reported|reports)" + _THEN),
    re.compile(r"\btold\s+(?:the\s+)?" + _NAME + r"\b(?!\s+to\b)"),
    re.compile(r"\b[Aa]n?\s+(?:\w+\s+)?report\s+(?:from|by)\s+(?:the\s+)?" + _NAME),
    re.compile(r"^[A-Z][A-Z .'-]+(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+\(" + _NAME + r"\)\s+[–—-]"),
]
_ANY = [
    re.compile(r"\baccording\s+to\s+(?:the\s+)?" + _NAME),
    re.compile(r"(?:^|[,;:]\s*)" + _NAME + r"\s+(?:said|says|stated|added|announced)\b"),
    re.compile(r",\s+(?:said|says)\s+(?:the\s+)?" + _NAME),
]
# Words that open a clause or date it are no part of a source ("In March the Courier reported…").
_NOT_SOURCES = frozenset(
    """the a an it he she they we i this that these those in on at after before later earlier meanwhile separately also
    but and so then yet sources source officials official monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december""".split()
)


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
