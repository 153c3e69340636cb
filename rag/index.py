"""Build, save and load the FAISS index with its chunks and a manifest checked on every load."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .chunking import chunk_corpus
from .corpus import CLEANER_VERSION, article_files, load_corpus
from .embed import Embedder, get_embedder
from .settings import Settings
from .types import Article, Chunk

log = logging.getLogger(__name__)

FORMAT_VERSION = 2
SPLITTER = "sentences-v1"
MANIFEST = "manifest.json"
LOCK_FILE = ".writer.lock"


class IndexUnusableError(RuntimeError):
    """The index cannot be used as it is; the message names the fix."""


class IndexMissingError(IndexUnusableError):
    pass


class IndexStaleError(IndexUnusableError):
    pass


class IndexCorruptError(IndexUnusableError):
    pass


@dataclass
class LoadedIndex:
    """Everything retrieval needs: articles, chunks, their vectors and the FAISS index."""

    manifest: dict[str, Any]
    articles: dict[str, Article]
    chunks: list[Chunk]
    vectors: np.ndarray
    faiss_index: Any


def build_index(settings: Settings | None = None, embedder: Embedder | None = None, progress: bool = False) -> dict[str, Any]:
    """(Re)build the index for settings.corpus_dir, re-embedding only chunks that changed. Returns the manifest."""
    settings = settings or Settings.from_env()
    embedder = embedder or get_embedder(settings.embedder, settings.n_threads)
    # One writer at a time, for the whole build including cleanup: cleanup removes every data file
    # the new manifest does not name, which would include the files of a writer mid-write.
    with index_writer_lock(settings.index_dir):
        return build_under_lock(settings, embedder, progress)


def build_under_lock(settings: Settings, embedder: Embedder, progress: bool) -> dict[str, Any]:
    """build_index's work, for a caller that already holds index_writer_lock (rag.library)."""
    started = time.perf_counter()
    articles = load_corpus(settings.corpus_dir, allow_empty=True)
    chunks = chunk_corpus(articles, settings.chunk_chars)
    reused = _previous_vectors(settings, embedder)
    todo = [c for c in chunks if c.chunk_id not in reused]
    fresh = embedder.encode([c.text for c in todo], progress=progress) if todo else None
    new_vectors = dict(zip((c.chunk_id for c in todo), fresh if fresh is not None else []))
    dim = embedder.dim or (fresh.shape[1] if fresh is not None else next(iter(reused.values())).shape[0] if reused else 0)
    if not dim:  # an empty corpus and an embedder that learns its size on loading: ask it
        dim = int(embedder.encode(["dimension"]).shape[1])
    by_id: dict[str, np.ndarray] = {**reused, **new_vectors}
    vectors = np.stack([by_id[c.chunk_id] for c in chunks]).astype(np.float32) if chunks else np.zeros((0, dim), np.float32)
    if vectors.shape[1] != dim:
        raise IndexCorruptError(f"embedder returned {vectors.shape[1]}-d vectors, expected {dim}")

    from .vectorstore import make_faiss_index, write_faiss

    index_type, faiss_index = make_faiss_index(vectors, settings.index_type)
    manifest: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "embedder": {"id": embedder.id, "dim": int(dim)},
        "chunking": chunking_settings(settings),
        "index_type": index_type,
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
    identity = "".join(c.chunk_id for c in chunks) + "".join(a.sha256 for a in articles)
    digest = hashlib.sha256(vectors.tobytes() + identity.encode()).hexdigest()[:12]
    files = {
        "articles": f"articles-{digest}.jsonl",
        "chunks": f"chunks-{digest}.jsonl",
        "vectors": f"vectors-{digest}.npy",
        "faiss": f"index-{digest}.faiss",
    }
    # The articles' text as indexed (a saved page's extracted text), so citations point into it
    # whatever happens to the files, and a reader never mixes one build's text with another's.
    _atomic_write(settings.index_dir / files["articles"], "".join(json.dumps(asdict(a)) + "\n" for a in articles).encode())
    _atomic_write(settings.index_dir / files["chunks"], "".join(json.dumps(asdict(c)) + "\n" for c in chunks).encode())
    _atomic_write(settings.index_dir / files["vectors"], _npy_bytes(vectors))
    write_faiss(faiss_index, settings.index_dir / files["faiss"])
    manifest["files"] = files
    manifest["stats"]["seconds"] = round(time.perf_counter() - started, 3)
    # The manifest is replaced last, atomically: until then the previous index stays whole and loadable.
    # Its files are kept one build longer, for a reader that read the old manifest just before.
    previous = _files_of_current_manifest(settings.index_dir)
    _atomic_write(settings.index_dir / MANIFEST, json.dumps(manifest, indent=2).encode())
    _remove_unreferenced(settings.index_dir, set(files.values()) | previous)
    log.info("indexed %d chunks (%d embedded, %d reused)", len(chunks), len(todo), len(chunks) - len(todo))
    return manifest


def chunking_settings(settings: Settings) -> dict[str, Any]:
    return {"splitter": SPLITTER, "cleaner": CLEANER_VERSION, "chunk_chars": settings.chunk_chars}


def read_manifest(index_dir: Path) -> dict[str, Any]:
    path = Path(index_dir) / MANIFEST
    if not path.exists():
        raise IndexMissingError(f"no index in {index_dir}: build it with `rag index`")
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, OSError) as exc:
        raise IndexCorruptError(f"{path} is unreadable ({exc}): rebuild it with `rag index`") from exc
    if not isinstance(manifest, dict):  # an if, not an assert: `python -O` drops asserts
        raise IndexCorruptError(f"{path} is not a JSON object: rebuild it with `rag index`")
    return manifest


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
    that, since the index holds the articles' text and the folder may be mid-update."""
    from .vectorstore import read_faiss

    manifest = read_manifest(settings.index_dir)
    folder = corpus_fingerprints(settings.corpus_dir) if check_corpus else None
    check_manifest(manifest, settings, embedder_id or settings.embedder.removeprefix("packaged:"), folder)
    files = manifest.get("files", {})
    try:
        articles = [_article_from_json(line) for line in (settings.index_dir / files["articles"]).read_text(encoding="utf-8").splitlines()]
        chunks = [_chunk_from_json(line) for line in (settings.index_dir / files["chunks"]).read_text().splitlines()]
        vectors = np.load(settings.index_dir / files["vectors"], allow_pickle=False)
        faiss_index = read_faiss(settings.index_dir / files["faiss"])
    except (KeyError, OSError, ValueError, RuntimeError, TypeError) as exc:
        raise IndexCorruptError(f"index files in {settings.index_dir} are missing or damaged ({exc}): rebuild with `rag index`") from exc
    if not (len(chunks) == vectors.shape[0] == faiss_index.ntotal == manifest.get("num_chunks")):
        raise IndexCorruptError(f"index files in {settings.index_dir} disagree in size: rebuild with `rag index`")
    return LoadedIndex(manifest, {a.doc_id: a for a in articles}, chunks, vectors, faiss_index)


@contextmanager
def index_writer_lock(index_dir: Path) -> Iterator[None]:
    """Exclusive right to write in index_dir, for builds and any other writer: an flock on a file
    in the folder, so it holds across processes and threads, and a writer that dies releases it.
    Readers take no lock: the manifest is replaced atomically, after the files it names."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("another writer holds %s: waiting for it to finish", index_dir / LOCK_FILE)
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _previous_vectors(settings: Settings, embedder: Embedder) -> dict[str, np.ndarray]:
    """Vectors of the current index by chunk id, when it was built by the same embedder and chunking."""
    try:
        manifest = read_manifest(settings.index_dir)
        if manifest.get("embedder", {}).get("id") != embedder.id or manifest.get("chunking") != chunking_settings(settings):
            return {}
        files = manifest["files"]
        ids = [json.loads(line)["chunk_id"] for line in (settings.index_dir / files["chunks"]).read_text().splitlines()]
        vectors = np.load(settings.index_dir / files["vectors"], allow_pickle=False)
        return dict(zip(ids, vectors)) if len(ids) == len(vectors) else {}
    except (IndexUnusableError, KeyError, OSError, ValueError):
        return {}


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


def _article_from_json(line: str) -> Article:
    data = json.loads(line)
    data["segments"] = tuple(tuple(s) for s in data["segments"])
    return Article(**data)


def _chunk_from_json(line: str) -> Chunk:
    data = json.loads(line)
    data["sentences"] = tuple(tuple(s) for s in data["sentences"])
    return Chunk(**data)


def _npy_bytes(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _files_of_current_manifest(index_dir: Path) -> set[str]:
    try:
        return {str(name) for name in read_manifest(index_dir).get("files", {}).values()}
    except IndexUnusableError:
        return set()


def _remove_unreferenced(index_dir: Path, keep: set[str]) -> None:
    for path in index_dir.iterdir():
        stale_data = path.suffix in {".jsonl", ".npy", ".faiss"} and path.name not in keep
        if stale_data or (path.name.endswith(".tmp") and path.name.startswith(".")):
            path.unlink(missing_ok=True)
