"""Where an index lives: the store interface, and its default backend, FAISS files in a folder."""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .types import Article, Chunk

log = logging.getLogger(__name__)

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


class DenseIndex:
    """Nearest chunks to a query vector by inner product (cosine: the vectors are L2-normalised)."""

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(position in the loaded chunk list, score) of the k nearest chunks, best first. Exact
        backends break ties (the same passage stored twice) as FAISS's exact search does, so every
        backend ranks alike."""
        raise NotImplementedError

    def similarities(self, positions: list[int], query_vector: np.ndarray) -> np.ndarray:
        raise NotImplementedError


@dataclass
class LoadedIndex:
    """Everything retrieval needs: the manifest, articles, chunks, dense search and BM25."""

    manifest: dict[str, Any]
    articles: dict[str, Article]
    chunks: list[Chunk]
    dense: DenseIndex
    bm25: Any


class IndexStore:
    """Keeps one index: the manifest, the articles' indexed text, chunks with their vectors and the
    BM25 index. A writer holds `writer_lock()` and calls `commit` once; readers take no lock and
    see the index before a commit or after it, never a mix."""

    location: str = ""
    # A shared store (a database many page processes read) is the index of record: a reader does
    # not hold it against its own corpus folder, which may be another host's or none.
    shared: bool = False

    def writer_lock(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def read_manifest(self) -> dict[str, Any]:
        """The current manifest; IndexMissingError when there is none, IndexCorruptError when unreadable."""
        raise NotImplementedError

    def stored_chunk_ids(self, embedder_id: str, chunking: dict[str, Any]) -> set[str]:
        """Chunks whose vectors the store holds for this embedder and chunking, so need no embedding."""
        raise NotImplementedError

    def commit(
        self, manifest: dict[str, Any], articles: list[Article], chunks: list[Chunk], fresh: dict[str, np.ndarray], bm25: bytes
    ) -> dict[str, Any]:
        """Make this the index: `fresh` holds the vectors of chunks not in stored_chunk_ids; chunks
        no longer listed are dropped. Returns the manifest as stored."""
        raise NotImplementedError

    def load(self) -> LoadedIndex:
        raise NotImplementedError

    def build_id(self) -> str | None:
        """What identifies the current build, cheaply, so a reader can tell it has been replaced."""
        try:
            return str(self.read_manifest().get("build"))
        except IndexUnusableError:
            return None


class FaissDense(DenseIndex):
    def __init__(self, faiss_index: Any, vectors: np.ndarray) -> None:
        self.faiss_index = faiss_index
        self.vectors = vectors

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        from .vectorstore import search

        if not self.faiss_index.ntotal:
            return []
        scores, ids = search(self.faiss_index, query_vector[None, :], k)
        return [(int(i), float(s)) for s, i in zip(scores[0], ids[0]) if i >= 0]

    def similarities(self, positions: list[int], query_vector: np.ndarray) -> np.ndarray:
        return self.vectors[positions] @ query_vector


class FaissFileStore(IndexStore):
    """The default: files in a folder, each named by a digest of its build, and manifest.json
    replaced last. The previous build's files are kept one build longer, for a reader that read
    the old manifest just before."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self.location = str(self.index_dir)

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        # An flock on a file in the folder: it holds across processes and threads, and a writer
        # that dies releases it.
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / LOCK_FILE, "a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("another writer holds %s: waiting for it to finish", self.index_dir / LOCK_FILE)
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def read_manifest(self) -> dict[str, Any]:
        path = self.index_dir / MANIFEST
        if not path.exists():
            raise IndexMissingError(f"no index in {self.index_dir}: build it with `rag index`")
        try:
            manifest = json.loads(path.read_text())
        except (ValueError, OSError) as exc:
            raise IndexCorruptError(f"{path} is unreadable ({exc}): rebuild it with `rag index`") from exc
        if not isinstance(manifest, dict):  # an if, not an assert: `python -O` drops asserts
            raise IndexCorruptError(f"{path} is not a JSON object: rebuild it with `rag index`")
        return manifest

    def stored_chunk_ids(self, embedder_id: str, chunking: dict[str, Any]) -> set[str]:
        return set(self._previous_vectors(embedder_id, chunking))

    def _previous_vectors(self, embedder_id: str, chunking: dict[str, Any]) -> dict[str, np.ndarray]:
        try:
            manifest = self.read_manifest()
            if manifest.get("embedder", {}).get("id") != embedder_id or manifest.get("chunking") != chunking:
                return {}
            files = manifest["files"]
            ids = [json.loads(line)["chunk_id"] for line in (self.index_dir / files["chunks"]).read_text().splitlines()]
            vectors = np.load(self.index_dir / files["vectors"], allow_pickle=False)
            return dict(zip(ids, vectors)) if len(ids) == len(vectors) else {}
        except (IndexUnusableError, KeyError, OSError, ValueError):
            return {}

    def commit(
        self, manifest: dict[str, Any], articles: list[Article], chunks: list[Chunk], fresh: dict[str, np.ndarray], bm25: bytes
    ) -> dict[str, Any]:
        from .vectorstore import make_faiss_index, write_faiss

        by_id = {**self._previous_vectors(manifest["embedder"]["id"], manifest["chunking"]), **fresh}
        dim = manifest["embedder"]["dim"]
        vectors = np.stack([by_id[c.chunk_id] for c in chunks]).astype(np.float32) if chunks else np.zeros((0, dim), np.float32)
        index_type, faiss_index = make_faiss_index(vectors, manifest["index_type"])
        digest = manifest["build"]
        files = {
            "articles": f"articles-{digest}.jsonl",
            "chunks": f"chunks-{digest}.jsonl",
            "vectors": f"vectors-{digest}.npy",
            "faiss": f"index-{digest}.faiss",
            "bm25": f"bm25-{digest}.zip",
        }
        self.index_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(self.index_dir / files["articles"], "".join(json.dumps(asdict(a)) + "\n" for a in articles).encode())
        atomic_write(self.index_dir / files["chunks"], "".join(json.dumps(asdict(c)) + "\n" for c in chunks).encode())
        atomic_write(self.index_dir / files["vectors"], _npy_bytes(vectors))
        atomic_write(self.index_dir / files["bm25"], bm25)
        write_faiss(faiss_index, self.index_dir / files["faiss"])
        manifest = {**manifest, "index_type": index_type, "files": files}
        previous = self._files_of_current_manifest()
        atomic_write(self.index_dir / MANIFEST, json.dumps(manifest, indent=2).encode())
        self._remove_unreferenced(set(files.values()) | previous)
        return manifest

    def load(self) -> LoadedIndex:
        from .lexical import bm25_from_bytes
        from .vectorstore import read_faiss

        manifest = self.read_manifest()
        files = manifest.get("files", {})
        try:
            articles = [article_from_json(line) for line in (self.index_dir / files["articles"]).read_text(encoding="utf-8").splitlines()]
            chunks = [chunk_from_json(line) for line in (self.index_dir / files["chunks"]).read_text().splitlines()]
            vectors = np.load(self.index_dir / files["vectors"], allow_pickle=False)
            faiss_index = read_faiss(self.index_dir / files["faiss"])
            bm25 = bm25_from_bytes((self.index_dir / files["bm25"]).read_bytes())
        except (KeyError, OSError, ValueError, RuntimeError, TypeError) as exc:
            raise IndexCorruptError(f"index files in {self.index_dir} are missing or damaged ({exc}): rebuild with `rag index`") from exc
        if not (len(chunks) == vectors.shape[0] == faiss_index.ntotal == manifest.get("num_chunks")):
            raise IndexCorruptError(f"index files in {self.index_dir} disagree in size: rebuild with `rag index`")
        return LoadedIndex(manifest, {a.doc_id: a for a in articles}, chunks, FaissDense(faiss_index, vectors), bm25)

    def _files_of_current_manifest(self) -> set[str]:
        try:
            return {str(name) for name in self.read_manifest().get("files", {}).values()}
        except IndexUnusableError:
            return set()

    def _remove_unreferenced(self, keep: set[str]) -> None:
        for path in self.index_dir.iterdir():
            stale_data = path.suffix in {".jsonl", ".npy", ".faiss", ".zip"} and path.name not in keep
            if stale_data or (path.name.endswith(".tmp") and path.name.startswith(".")):
                path.unlink(missing_ok=True)


def open_store(vector_store: str, index_dir: Path) -> IndexStore:
    """The store a setting names: 'faiss' (files in index_dir) or a postgresql:// URL."""
    if vector_store in ("", "faiss"):
        return FaissFileStore(index_dir)
    if vector_store.startswith(("postgresql://", "postgres://")):
        from .pgstore import PgVectorStore

        return PgVectorStore(vector_store)
    shown = vector_store.split("@")[-1] if "@" in vector_store else vector_store  # never echo a password
    raise ValueError(f"vector store {shown!r}: use 'faiss' or a postgresql://… URL")


def article_from_json(line: str) -> Article:
    data = json.loads(line)
    data["segments"] = tuple(tuple(s) for s in data["segments"])
    return Article(**data)


def chunk_from_json(line: str) -> Chunk:
    data = json.loads(line)
    data["sentences"] = tuple(tuple(s) for s in data["sentences"])
    return Chunk(**data)


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _npy_bytes(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()
