"""Saved web pages in: the declared charset honoured, the article and its metadata taken out with trafilatura.

A news page is mostly furniture (navigation, cookie banners, advertisements, related links). The
article is extracted with trafilatura, a well-kept extraction library, and its metadata (title,
publication date, site name, author) comes from the page's own meta tags and JSON-LD before any
guess from the text. The extracted text is what gets indexed and cited, so it is stored with the
index: a citation's offsets point into it, and the original file stays named in the source line.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from pathlib import Path

from .types import Article

log = logging.getLogger(__name__)

PAGE_SUFFIXES = frozenset({".html", ".htm"})
# A saved page carries its scripts, styles and inline images; its article is a small part of it.
MAX_PAGE_BYTES = 20_000_000
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…">, in the head.
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEAD_BYTES = 4096


def decode_page(raw: bytes) -> str:
    """The page's text in the charset it declares (byte-order mark first, then a meta tag); an
    undeclared page is read as UTF-8, else as Windows-1252, the browsers' fallback for Western pages."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    if m := _DECLARED.search(raw[:_HEAD_BYTES]):
        name = m.group(1).decode("ascii", errors="ignore").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            log.warning("unknown charset %r declared: reading the page as UTF-8", name)
        else:
            # Browsers read a page labelled ISO-8859-1 as Windows-1252 (its superset): so do we.
            codec = "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec
            return raw.decode(codec, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_bytes(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None (with a warning naming it) when it is larger than `limit` or unreadable."""
    try:
        if path.stat().st_size > limit:
            log.warning("skipping %s: larger than %d bytes", path.name, limit)
            return None
        return path.read_bytes()
    except OSError as exc:
        log.warning("skipping %s: cannot read (%s)", path.name, exc)
        return None


def read_page(path: Path) -> Article | None:
    """The article of a saved page, or None (with a warning naming the file) when it has none."""
    raw = read_bytes(path, MAX_PAGE_BYTES)
    if raw is None:
        return None
    article = parse_page(path.stem, decode_page(raw), str(path), hashlib.sha256(raw).hexdigest())
    if article is None:
        log.warning("skipping %s: no article text found in the page", path.name)
    return article


def parse_page(doc_id: str, html: str, path: str = "", sha256: str = "") -> Article | None:
    """The page's headline, then its paragraphs, one segment each; metadata from the page's tags."""
    from trafilatura import bare_extraction

    from .corpus import is_body

    found = bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,  # an old page lays itself out in tables: its menus would come in as text
        # The page's own date (meta tags, JSON-LD, a time element), never one guessed from a copyright line.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if found is None:
        return None
    found = found if isinstance(found, dict) else found.as_dict()
    paragraphs = [" ".join(p.split()) for p in (found.get("text") or "").split("\n")]
    title = " ".join((found.get("title") or "").split())
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # trafilatura repeats the headline as the first line
    paragraphs = [p for p in paragraphs if p]
    # What the extractor keeps of a page with no article is its menus: no line of it reads as prose.
    # Subheadings and the like stay in the text but are not indexed, as in a text file.
    if not any(is_body(p) for p in paragraphs):
        return None
    text = f"{title}\n\n" if title else ""
    segments = []
    for paragraph in paragraphs:
        if is_body(paragraph):
            segments.append((len(text), len(text) + len(paragraph)))
        text += paragraph + "\n\n"
    return Article(
        doc_id=doc_id,
        path=path,
        text=text,
        title=title or doc_id,
        source=" ".join((found.get("sitename") or "").split()) or None,
        date=_iso_date(found.get("date")),
        author=", ".join(a.strip() for a in (found.get("author") or "").split(";") if a.strip()) or None,
        segments=tuple(segments),
        sha256=sha256 or hashlib.sha256(html.encode("utf-8")).hexdigest(),
    )


def _iso_date(value: str | None) -> str | None:
    return value if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
