"""The BM25 index over chunk texts: built when the index is written, stored with it as bytes."""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from .text import content_terms


def build_bm25(texts: list[str]) -> Any:
    """A bm25s index of the texts' content terms, or None for an empty corpus."""
    if not texts:
        return None
    import bm25s

    _quiet()
    corpus_tokens = [content_terms(t) or ["<empty>"] for t in texts]
    bm25 = bm25s.BM25()
    bm25.index(corpus_tokens, show_progress=False)
    return bm25


def bm25_to_bytes(bm25: Any) -> bytes:
    """bm25s writes a folder of arrays and JSON; one zip of them is one file or one database value."""
    if bm25 is None:
        return b""
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        bm25.save(folder, show_progress=False)
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    return buffer.getvalue()


def bm25_from_bytes(data: bytes) -> Any:
    if not data:
        return None
    import bm25s

    _quiet()
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
        return bm25s.BM25.load(folder, show_progress=False)


def rank(bm25: Any, query: str, k: int, n_docs: int) -> list[int]:
    """Positions of the k best chunks for the query's content terms (score > 0), best first."""
    tokens = content_terms(query)
    if not tokens or bm25 is None or not n_docs:
        return []
    known = [t for t in tokens if t in bm25.vocab_dict]
    if not known:
        return []
    ids, scores = bm25.retrieve([known], k=min(k, n_docs), show_progress=False, n_threads=1)
    return [int(i) for i, s in zip(ids[0], scores[0]) if s > 0]


def _quiet() -> None:
    # bm25s logs every build and load at DEBUG through its own handler; keep the CLI and page quiet.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
