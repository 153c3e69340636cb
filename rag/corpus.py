"""Load news articles: metadata from the text, boilerplate marked, offsets kept in the original."""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime
from pathlib import Path

from .types import Article

log = logging.getLogger(__name__)

MAX_ARTICLE_BYTES = 5_000_000
# Bump when the cleaning rules change: indexes built with other rules are then stale.
CLEANER_VERSION = 2

# Whole lines that are site furniture, not reporting.
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^current location\s*:",
        r"^more news$",
        r"^tag\s*:",
        r"^search$",
        r"^date archive$",
        r"^[\w\-]+\.(jpe?g|png|gif|webp)$",
        r"follow (him|her|them) on twitter",
        r"^(share|print|email|advertisement)$",
    )
]
_BYLINE = re.compile(r"^by\s+(?P<who>.+?)(?:\s+(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}).*)?$", re.IGNORECASE)
_AUTHOR = re.compile(r"^author\s*:\s*(?P<who>.+)$", re.IGNORECASE)
_DATELINE_OUTLET = re.compile(r"^[A-Z][A-Z .'-]+ \((?P<outlet>[A-Z][\w .&-]+)\) [–—-]")
_DATE_PATTERNS = [
    # Wednesday, 03/13/2024
    (re.compile(r"^(?:[A-Z][a-z]+day,\s*)?(\d{2}/\d{2}/\d{4})$"), "%m/%d/%Y"),
    # 2024-01-25 FOCUS 69
    (re.compile(r"^(\d{4}-\d{2}-\d{2})\b(?:\s+[A-Z]+)?(?:\s+\d+)?$"), "%Y-%m-%d"),
]
_INLINE_DATE = re.compile(r"([A-Z][a-z]{2})[a-z]*\.? (\d{1,2}), (\d{4})")
_OUTLET_ALIASES = {"thomson reuters": "Reuters", "reuters": "Reuters", "afp": "AFP", "ap": "AP"}


def load_corpus(corpus_dir: Path) -> list[Article]:
    """Every readable .txt article in corpus_dir, sorted by doc_id; bad files are skipped with a warning."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        article = load_article(path)
        if article is None:
            continue
        if article.sha256 in seen:
            log.warning("skipping %s: same text as %s", path.name, seen[article.sha256])
            continue
        seen[article.sha256] = path.name
        articles.append(article)
    if not articles:
        raise ValueError(f"no readable .txt articles in {corpus_dir}")
    return articles


def read_text(path: Path) -> str | None:
    """The file's text, or None (with a warning naming it) when it is empty, binary or not UTF-8."""
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            log.warning("skipping %s: larger than %d bytes", path.name, MAX_ARTICLE_BYTES)
            return None
        raw = path.read_bytes()
    except OSError as exc:
        log.warning("skipping %s: cannot read (%s)", path.name, exc)
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
    text = read_text(path)
    if text is None:
        return None
    return parse_article(path.stem, text, str(path))


def parse_article(doc_id: str, text: str, path: str = "") -> Article:
    """Split text into lines with offsets; pull metadata lines out and keep the body as segments."""
    title = source = date = author = None
    segments: list[tuple[int, int]] = []
    for start, end in _line_spans(text):
        line = text[start:end].strip()
        lead = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        span = (lead, lead + len(line))
        if not line or any(p.search(line) for p in _BOILERPLATE):
            continue
        if (found := _parse_date_line(line)) is not None:
            date = date or found
            continue
        if len(line.split()) <= 10 and (m := _BYLINE.match(line)):
            who = m.group("who").strip()
            if who.lower() in _OUTLET_ALIASES:
                source = source or _OUTLET_ALIASES[who.lower()]
            else:
                author = author or who
            if m.group("date"):
                date = date or _parse_inline_date(m.group("date"))
            continue
        if m := _AUTHOR.match(line):
            author = author or m.group("who").strip()
            continue
        if m := _DATELINE_OUTLET.match(line):
            source = source or _OUTLET_ALIASES.get(m.group("outlet").lower(), m.group("outlet"))
        if title is None and _looks_like_title(line):
            title = line
        segments.append(span)
    return Article(
        doc_id=doc_id,
        path=path,
        text=text,
        title=title or doc_id,
        source=source,
        date=date,
        author=author,
        segments=tuple(segments),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def _looks_like_title(line: str) -> bool:
    # Headlines are short and carry no closing period; photo captions are long sentences.
    return len(line.split()) <= 20 and not line.endswith((".", ":", "”", '"'))


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
