"""Build the index (chunk, embed what is new, BM25) into its store, and load it with the manifest checked."""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from .chunking import chunk_corpus
from .corpus import CLEANER_VERSION, article_files, load_corpus
from .embed import Embedder, get_embedder
from .lexical import bm25_to_bytes, build_bm25
from .settings import Settings
from .store import (
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    IndexStore,
    IndexUnusableError,
    LoadedIndex,
    open_store,
)
from .types import Article

log = logging.getLogger(__name__)

FORMAT_VERSION = 3
SPLITTER = "sentences-v1"

__all__ = [
    "IndexCorruptError",
    "IndexMissingError",
    "IndexStaleError",
    "IndexUnusableError",
    "LoadedIndex",
    "build_index",
    "build_under_lock",
    "index_store",
    "index_writer_lock",
    "load_index",
    "read_manifest",
]


def index_store(settings: Settings) -> IndexStore:
    return open_store(settings.vector_store, settings.index_dir)


def build_index(settings: Settings | None = None, embedder: Embedder | None = None, progress: bool = False) -> dict[str, Any]:
    """(Re)build the index for settings.corpus_dir, re-embedding only chunks that changed. Returns the manifest."""
    settings = settings or Settings.from_env()
    embedder = embedder or get_embedder(settings.embedder, settings.n_threads)
    # One writer at a time, for the whole build including cleanup: cleanup removes every data file
    # the new manifest does not name, which would include the files of a writer mid-write.
    with index_writer_lock(settings):
        return build_under_lock(settings, embedder, progress)


def build_under_lock(settings: Settings, embedder: Embedder, progress: bool) -> dict[str, Any]:
    """build_index's work, for a caller that already holds index_writer_lock (rag.library)."""
    started = time.perf_counter()
    store = index_store(settings)
    # Chunks in one canonical order, by doc id (code points) then offset, that every store
    # reproduces on load: BM25 and the vector search name chunks by their position in it.
    articles = sorted(load_corpus(settings.corpus_dir, allow_empty=True), key=lambda a: a.doc_id)
    chunks = chunk_corpus(articles, settings.chunk_chars)
    stored = store.stored_chunk_ids(embedder.id, chunking_settings(settings))
    todo = [c for c in chunks if c.chunk_id not in stored]
    fresh = embedder.encode([c.text for c in todo], progress=progress) if todo else None
    dim = embedder.dim or (fresh.shape[1] if fresh is not None else 0) or _stored_dim(store)
    if not dim:  # an embedder that learns its size on loading, and nothing embedded yet: ask it
        dim = int(embedder.encode(["dimension"]).shape[1])
    if fresh is not None and fresh.shape[1] != dim:
        raise IndexCorruptError(f"embedder returned {fresh.shape[1]}-d vectors, expected {dim}")
    from .vectorstore import choose_index_type

    identity = "".join(c.chunk_id for c in chunks) + "".join(a.sha256 for a in articles) + embedder.id
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        # Names this build: chunk ids hash their text and chunking, so equal ids mean an equal index.
        "build": hashlib.sha256(identity.encode()).hexdigest()[:12],
        "embedder": {"id": embedder.id, "dim": int(dim)},
        "chunking": chunking_settings(settings),
        "index_type": choose_index_type(len(chunks), settings.index_type),
        "num_chunks": len(chunks),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "corpus": {
            a.doc_id: {"file": Path(a.path).name, "sha256": a.sha256, "title": a.title, "source": a.source, "date": a.date}
            for a in articles
        },
        # Files of the folder that hold no article (empty, binary, a page without one): not stale.
        "skipped": {p.name: file_sha256(p) for p in _skipped_files(settings.corpus_dir, articles)},
        "stats": {"embedded": len(todo), "reused": len(chunks) - len(todo), "seconds": 0.0},
    }
    bm25 = bm25_to_bytes(build_bm25([c.text for c in chunks]))
    new_vectors = dict(zip((c.chunk_id for c in todo), fresh if fresh is not None else []))
    manifest["stats"]["seconds"] = round(time.perf_counter() - started, 3)
    manifest = store.commit(manifest, articles, chunks, new_vectors, bm25)
    log.info("indexed %d chunks (%d embedded, %d reused) in %s", len(chunks), len(todo), len(chunks) - len(todo), store.location)
    return manifest


def _stored_dim(store: IndexStore) -> int:
    try:
        return int(store.read_manifest().get("embedder", {}).get("dim") or 0)
    except IndexUnusableError:
        return 0


def chunking_settings(settings: Settings) -> dict[str, Any]:
    return {"splitter": SPLITTER, "cleaner": CLEANER_VERSION, "chunk_chars": settings.chunk_chars}


def read_manifest(settings: Settings) -> dict[str, Any]:
    return index_store(settings).read_manifest()


def check_manifest(manifest: dict[str, Any], settings: Settings, embedder_id: str, files: dict[str, str] | None = None) -> None:
    """Raise with the fix when the index was built by another format, embedder or chunking, or
    (given the corpus folder's `files`, name -> sha256) for other files than the folder holds."""
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexStaleError(
            f"index format {manifest.get('format_version')} but this version reads {FORMAT_VERSION}: rebuild with `rag index`"
        )
    built_with = manifest.get("embedder", {}).get("id")
    if built_with != embedder_id:
        raise IndexStaleError(f"index built with embedder {built_with!r}, settings use {embedder_id!r}: rebuild with `rag index`")
    if manifest.get("chunking") != chunking_settings(settings):
        raise IndexStaleError(f"index chunking {manifest.get('chunking')} differs from settings: rebuild with `rag index`")
    if files is None:
        return
    indexed = {meta["file"]: meta["sha256"] for meta in manifest.get("corpus", {}).values()} | manifest.get("skipped", {})
    current = files
    added = sorted(set(current) - set(indexed))
    removed = sorted(set(indexed) - set(current))
    changed = sorted(d for d in set(current) & set(indexed) if current[d] != indexed[d])
    if added or removed or changed:
        parts = [f"{name}: {', '.join(docs)}" for name, docs in (("added", added), ("changed", changed), ("removed", removed)) if docs]
        raise IndexStaleError(f"index is stale for {settings.corpus_dir} ({'; '.join(parts)}): rebuild with `rag index`")


def load_index(settings: Settings, embedder_id: str | None = None, check_corpus: bool = True) -> LoadedIndex:
    """Load and validate the index; every failure names its fix. With `check_corpus`, the corpus
    folder must hold the files it was built from; a live reader (the page, after `rag add`) skips
    that, since the index holds the articles' text and the folder may be mid-update, and so does
    every reader of a shared store (PostgreSQL)."""
    store = index_store(settings)
    manifest = store.read_manifest()
    folder = corpus_fingerprints(settings.corpus_dir) if check_corpus and not store.shared else None
    check_manifest(manifest, settings, embedder_id or settings.embedder.removeprefix("packaged:"), folder)
    return store.load()


def index_writer_lock(settings: Settings) -> AbstractContextManager[None]:
    """Exclusive right to write the index, for builds and any other writer (rag.library). Readers
    take no lock: a store's commit replaces the index in one step."""
    return index_store(settings).writer_lock()


def file_sha256(path: Path) -> str:
    """The hash the manifest keeps for a corpus file: of its bytes (a .txt article's sha256 is that of its UTF-8 text, the same)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_fingerprints(corpus_dir: Path) -> dict[str, str]:
    """Every article file of the folder by name, with its sha256."""
    if not Path(corpus_dir).is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    return {p.name: file_sha256(p) for p in article_files(corpus_dir)}


def _skipped_files(corpus_dir: Path, articles: list[Article]) -> list[Path]:
    used = {Path(a.path).name for a in articles}
    return [p for p in article_files(corpus_dir) if p.name not in used]
