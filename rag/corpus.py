"""Load news articles: metadata from the text, boilerplate marked, offsets kept in the original."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime
from pathlib import Path

from .pages import PAGE_SUFFIXES, read_bytes, read_page
from .types import Article

log = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 5_000_000
ARTICLE_SUFFIXES = frozenset({".txt", ".md"}) | PAGE_SUFFIXES
# Bump when the cleaning rules change: indexes built with other rules are then stale.
CLEANER_VERSION = 3

# General rules for text saved from news pages: reporting is written in sentences, so a line is
# body text when it ends like a sentence (or a parenthetical note) or is long; short unpunctuated
# lines are headlines, navigation, tags and file names. The first headline-like line is the title.
_SENTENCE_END = re.compile(r"[.!?…\"”’)]$")
MIN_BODY_WORDS = 8
MAX_LINES_BEFORE_TITLE = 2
_CRUMB_SEPARATORS = frozenset({">", ">>", "»", "|", "/", "·", "•", "›"})
_LABEL_LINE = re.compile(r"^[^\W\d_][\w ]{0,24}:\s*")  # "Tag: …", "Author: …", "Current location:…"
_FILE_NAME = re.compile(r"^\S+\.(jpe?g|png|gif|webp|svg|pdf|html?)$", re.IGNORECASE)
# "By Jane Doe", "By Jane Doe and John Roe Mar 12, 2024 | 4:31 AM": a byline is a run of capitalised words.
_BYLINE = re.compile(
    r"^[Bb]y\s+(?P<who>[A-Z][\w.'’-]*(?:\s+(?:and\s+)?[A-Z][\w.'’-]*){0,5})"
    r"(?:\s*,?\s+(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}).*)?$",
)
_AUTHOR = re.compile(r"^author\s*:\s*(?P<who>.+)$", re.IGNORECASE)
# A wire dateline names the outlet: "NAIROBI (Lakeside Wire) –".
_DATELINE_OUTLET = re.compile(r"^[A-Z][A-Z .'-]+ \((?P<outlet>[A-Z][\w .&-]+)\) [–—-]")
_DATE_PATTERNS = [
    # Wednesday, 03/13/2024
    (re.compile(r"^(?:[A-Z][a-z]+day,\s*)?(\d{2}/\d{2}/\d{4})$"), "%m/%d/%Y"),
    # 2024-01-25 FOCUS 69
    (re.compile(r"^(\d{4}-\d{2}-\d{2})\b(?:\s+[A-Z]+)?(?:\s+\d+)?$"), "%Y-%m-%d"),
]
_INLINE_DATE = re.compile(r"([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}), (\d{4})")


def article_files(corpus_dir: Path) -> list[Path]:
    """The files of corpus_dir that hold an article (text or a saved page), by name."""
    return sorted(
        p for p in Path(corpus_dir).iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file() and not p.name.startswith(".")
    )


def load_corpus(corpus_dir: Path, allow_empty: bool = False) -> list[Article]:
    """Every readable article in corpus_dir (.txt, .md, .html, .htm), sorted by doc_id; bad files
    are skipped with a warning naming them."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    articles: list[Article] = []
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    for path in article_files(corpus_dir):
        if path.stem in ids:
            log.warning("skipping %s: %s already holds the article %r", path.name, ids[path.stem], path.stem)
            continue
        article = load_article(path)
        if article is None:
            continue
        if article.sha256 in seen:
            log.warning("skipping %s: same text as %s", path.name, seen[article.sha256])
            continue
        seen[article.sha256] = path.name
        ids[path.stem] = path.name
        articles.append(article)
    if not articles and not allow_empty:
        raise ValueError(f"no readable articles (.txt, .md, .html) in {corpus_dir}: add some with `rag add PATH`")
    return articles


def read_text(path: Path) -> str | None:
    """The file's text, or None (with a warning naming it) when it is empty, binary or not UTF-8."""
    raw = read_bytes(path, MAX_ARTICLE_BYTES)
    if raw is None:
        return None
    if b"\x00" in raw:
        log.warning("skipping %s: binary file", path.name)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        log.warning("skipping %s: not UTF-8 text", path.name)
        return None
    if not text.strip():
        log.warning("skipping %s: empty file", path.name)
        return None
    return text


def load_article(path: Path) -> Article | None:
    """One article file: a saved web page through its extractor, text as written."""
    if path.suffix.lower() in PAGE_SUFFIXES:
        return read_page(path)
    text = read_text(path)
    if text is None:
        return None
    return parse_article(path.stem, text, str(path))


def parse_article(doc_id: str, text: str, path: str = "") -> Article:
    """Split text into lines with offsets; pull metadata lines out and keep the body as segments."""
    title = source = date = None
    title_span: tuple[int, int] | None = None
    authors: list[str] = []
    segments: list[tuple[int, int]] = []
    for start, end in _line_spans(text):
        line = text[start:end].strip()
        lead = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        span = (lead, lead + len(line))
        if not line or _FILE_NAME.match(line):
            continue
        if (found := _parse_date_line(line)) is not None:
            date = date or found
            continue
        if m := _BYLINE.match(line):
            authors.append(m.group("who").strip())
            if m.group("date"):
                date = date or _parse_inline_date(m.group("date"))
            continue
        if m := _AUTHOR.match(line):
            authors.append(m.group("who").strip())
            continue
        if m := _DATELINE_OUTLET.match(line):
            source = source or m.group("outlet").strip()
        if title is None and len(segments) <= MAX_LINES_BEFORE_TITLE and _looks_like_title(line):
            title, title_span = line, span  # a headline sits at the top (a photo caption may precede it)
        elif is_body(line):
            segments.append(span)
    if not segments and title_span is not None:
        segments.append(title_span)  # a snippet of one line is all body; a headline above a body only names its topic
    return Article(
        doc_id=doc_id,
        path=path,
        text=text,
        title=title or doc_id,
        source=source,
        date=date,
        author=", ".join(dict.fromkeys(authors)) or None,
        segments=tuple(segments),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def is_body(line: str) -> bool:
    """A line of running text: it ends like a sentence or is long (headlines, menus and tags are short and unpunctuated)."""
    if _LABEL_LINE.match(line) and len(line.split()) < MIN_BODY_WORDS:
        return False
    return bool(_SENTENCE_END.search(line)) or len(line.split()) >= MIN_BODY_WORDS


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def _looks_like_title(line: str) -> bool:
    # Headlines are a few words with no closing period; navigation crumbs are one or two.
    tokens = line.split()
    crumbs = any(t in _CRUMB_SEPARATORS for t in tokens)  # "Home > World > Africa", "News | Sport"
    return 3 <= len(tokens) <= 25 and not crumbs and not _LABEL_LINE.match(line) and not line.endswith((".", "!", "?", ":"))


def _parse_date_line(line: str) -> str | None:
    for pattern, fmt in _DATE_PATTERNS:
        if m := pattern.match(line):
            try:
                return datetime.strptime(m.group(1), fmt).date().isoformat()
            except ValueError:
                return None
    return None


def _parse_inline_date(value: str) -> str | None:
    m = _INLINE_DATE.search(value)
    if not m:
        return None
    try:
        return datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)}", "%b %d %Y").date().isoformat()
    except ValueError:
        return None
