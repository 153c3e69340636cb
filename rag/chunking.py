"""Split article body text into sentences and sentence-aligned chunks, offsets into the original."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from .types import Article, Chunk

# Tokens that end with a period without ending a sentence.
ABBREVIATIONS = frozenset(
    """
    u.s u.k u.n e.u mr mrs ms dr prof gen lt col maj sgt capt cmdr adm brig gov sen rep st jr sr inc ltd co corp
    no vs etc al jan feb mar apr jun jul aug sep sept oct nov dec dept est approx fig i.e e.g a.m p.m
    """.split()
)
# Abbreviations only before a figure: "no" and "No" end a sentence as often ("She said no.").
_BEFORE_A_NUMBER = frozenset({"no"})
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences in text[start:end], whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        stop = m.end()
        if _is_abbreviation(text[pos:stop], text[stop:end].lstrip()[:1]) or _inside_quote(text[pos:stop]):
            continue
        spans.append((pos, stop))
        pos = stop
    spans.append((pos, end))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e))]


def _is_abbreviation(sentence: str, next_char: str = "") -> bool:
    if not sentence.endswith("."):
        return False
    m = _WORD_BEFORE.search(sentence)
    if not m:
        return False
    word = m.group(1).lower()
    if word in _BEFORE_A_NUMBER:  # "No. 1", but "The mayor said no. Talks end."
        return next_char.isdigit()
    # Single initials ("Kenneth P. Ekman") and listed abbreviations ("U.S.", "Gen.").
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _inside_quote(sentence: str) -> bool:
    """A quotation still open: its attribution follows, and belongs to the same sentence."""
    if sentence.count("“") > sentence.count("”"):
        return True
    return sentence.count('"') % 2 == 1


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def article_sentences(article: Article) -> list[tuple[int, int]]:
    """Sentence spans over every indexable segment of the article."""
    return [span for seg_start, seg_end in article.segments for span in split_sentences(article.text, seg_start, seg_end)]


def chunk_article(article: Article, chunk_chars: int = 400) -> list[Chunk]:
    """Group consecutive sentences into chunks of about chunk_chars; a chunk never splits a sentence."""
    chunks: list[Chunk] = []
    group: list[tuple[int, int]] = []
    for span in article_sentences(article):
        # Never span text that was stripped as boilerplate between two sentences.
        gap = article.text[group[-1][1] : span[0]] if group else ""
        if group and (span[1] - group[0][0] > chunk_chars or gap.strip()):
            chunks.append(_make_chunk(article, group))
            group = []
        group.append(span)
    if group:
        chunks.append(_make_chunk(article, group))
    return chunks


def chunk_corpus(articles: Iterable[Article], chunk_chars: int = 400) -> list[Chunk]:
    return [chunk for article in articles for chunk in chunk_article(article, chunk_chars)]


def _make_chunk(article: Article, sentences: list[tuple[int, int]]) -> Chunk:
    start, end = sentences[0][0], sentences[-1][1]
    text = article.text[start:end]
    return Chunk(
        chunk_id=chunk_id(article.doc_id, start, text),
        doc_id=article.doc_id,
        start=start,
        end=end,
        text=text,
        sentences=tuple(sentences),
    )


def chunk_id(doc_id: str, start: int, text: str) -> str:
    """Derived from content, so an unchanged corpus always rebuilds to the same ids."""
    return hashlib.sha256(f"{doc_id}\x00{start}\x00{text}".encode()).hexdigest()[:16]
