"""The index in PostgreSQL with pgvector, shared by every page process that points at it."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

import numpy as np

from .store import (
    DenseIndex,
    IndexCorruptError,
    IndexMissingError,
    IndexStore,
    IndexUnusableError,
    LoadedIndex,
    article_from_json,
    chunk_from_json,
)
from .types import Article, Chunk
from .vectorstore import HNSW_EF_SEARCH, HNSW_M

log = logging.getLogger(__name__)

# One writer at a time across every process and host that shares the database.
WRITER_LOCK_KEY = 0x7261_6721  # "rag!"
HNSW_EF_CONSTRUCTION = 80
CONNECT_TIMEOUT_S = 10
_WATCHERS: dict[str, Any] = {}
_WATCH_LOCK = threading.Lock()

SCHEMA = """
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TABLE IF NOT EXISTS rag_index (
    id int PRIMARY KEY CHECK (id = 1),
    manifest jsonb NOT NULL,
    bm25 bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS rag_articles (
    doc_id text PRIMARY KEY,
    sha256 text NOT NULL,
    body jsonb NOT NULL
);
"""


class PgVectorStore(IndexStore):
    """Chunks with their vectors (an HNSW index past FLAT_MAX chunks, exact search below, as with
    FAISS), the articles' text, the manifest and the BM25 index, in one database. A commit upserts
    new chunks and deletes dropped ones by chunk id in one transaction; a reader loads in one
    snapshot, so it sees the index before a commit or after it."""

    shared = True

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = redacted(url)

    def _connect(self, vectors: bool = False, **kwargs: Any) -> Any:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise IndexUnusableError(
                "RAG_VECTOR_STORE is a PostgreSQL URL but psycopg is not installed: pip install 'psycopg[binary]'"
            ) from exc
        try:
            conn = psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT_S, **kwargs)
        except psycopg.OperationalError as exc:
            raise IndexUnusableError(f"cannot reach the index database {self.location}: {exc}".strip()) from exc
        if vectors:
            from pgvector.psycopg import register_vector

            register_vector(conn)  # numpy arrays go in and out as pgvector's binary form
        return conn

    @contextmanager
    def writer_lock(self) -> Iterator[None]:
        with self._connect(autocommit=True) as conn:
            row = conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITER_LOCK_KEY,)).fetchone()
            if not (row and row[0]):
                log.info("another writer holds the index lock of %s: waiting for it to finish", self.location)
                conn.execute("SELECT pg_advisory_lock(%s)", (WRITER_LOCK_KEY,))
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (WRITER_LOCK_KEY,))

    def read_manifest(self) -> dict[str, Any]:
        with self._connect() as conn:
            row = _fetch_manifest(conn, with_bm25=False)
        return row[0]

    def build_id(self) -> str | None:
        # Read before every question: on one connection per database, kept open.
        with _WATCH_LOCK:
            try:
                conn = _WATCHERS.get(self.url)
                if conn is None or conn.closed:
                    conn = _WATCHERS[self.url] = self._connect(autocommit=True)
                row = conn.execute("SELECT manifest->>'build' FROM rag_index WHERE id = 1").fetchone()
            except Exception as exc:  # no table yet, or the database is away: answer from the index loaded
                log.warning("cannot read the index's build id from %s: %s", self.location, exc)
                stale = _WATCHERS.pop(self.url, None)
                if stale is not None:
                    stale.close()
                return None
        return str(row[0]) if row else None

    def stored_chunk_ids(self, embedder_id: str, chunking: dict[str, Any]) -> set[str]:
        try:
            manifest = self.read_manifest()
        except IndexUnusableError:
            return set()
        if manifest.get("embedder", {}).get("id") != embedder_id or manifest.get("chunking") != chunking:
            return set()
        with self._connect() as conn:
            return {row[0] for row in conn.execute("SELECT chunk_id FROM rag_chunks")}

    def commit(
        self, manifest: dict[str, Any], articles: list[Article], chunks: list[Chunk], fresh: dict[str, np.ndarray], bm25: bytes
    ) -> dict[str, Any]:
        dim = int(manifest["embedder"]["dim"])
        with self._connect() as conn:
            conn.execute(SCHEMA)  # the extension first: the vector type must exist before it is registered
        with self._connect(vectors=True) as conn, conn.transaction():
            _ensure_chunks_table(conn, dim)
            previous = _previous_corpus(conn)
            if previous.get("embedder") != manifest["embedder"] or previous.get("chunking") != manifest["chunking"]:
                # Other vectors: every chunk is in `fresh`. DELETE, not TRUNCATE: a reader's snapshot keeps the old rows.
                conn.execute("DELETE FROM rag_chunks")
            kept = {row[0] for row in conn.execute("SELECT chunk_id FROM rag_chunks")}
            wanted = {c.chunk_id for c in chunks}
            gone = sorted(kept - wanted)
            if gone:
                conn.execute("DELETE FROM rag_chunks WHERE chunk_id = ANY(%s)", (gone,))
            new = [c for c in chunks if c.chunk_id not in kept]
            missing = [c.chunk_id for c in new if c.chunk_id not in fresh]
            if missing:
                raise IndexCorruptError(f"{len(missing)} chunks have no vector (first {missing[0]}): rebuild with `rag index`")
            with (
                conn.cursor() as cur,
                cur.copy("COPY rag_chunks (chunk_id, doc_id, start_offset, body, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy,
            ):
                copy.set_types(["text", "text", "int4", "jsonb", "vector"])
                from psycopg.types.json import Jsonb

                for c in new:
                    copy.write_row((c.chunk_id, c.doc_id, c.start, Jsonb(asdict(c)), np.asarray(fresh[c.chunk_id], dtype=np.float32)))
            _sync_articles(conn, articles, previous.get("corpus", {}))
            _ensure_vector_index(conn, manifest["index_type"])
            conn.execute(
                "INSERT INTO rag_index (id, manifest, bm25) VALUES (1, %s, %s) ON CONFLICT (id) DO UPDATE SET manifest = EXCLUDED.manifest, bm25 = EXCLUDED.bm25",
                (json.dumps(manifest), bm25),
            )
        log.info("pgvector index %s: %d chunks inserted, %d deleted", self.location, len(new), len(gone))
        return manifest

    def load(self) -> LoadedIndex:
        from .lexical import bm25_from_bytes

        with self._connect() as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            manifest, bm25_bytes = _fetch_manifest(conn, with_bm25=True)
            try:
                articles = [
                    article_from_json(json.dumps(row[0]))
                    for row in conn.execute('SELECT body FROM rag_articles ORDER BY doc_id COLLATE "C"')
                ]
                chunks = [
                    chunk_from_json(json.dumps(row[0]))
                    for row in conn.execute('SELECT body FROM rag_chunks ORDER BY doc_id COLLATE "C", start_offset')
                ]
            except Exception as exc:
                raise IndexCorruptError(
                    f"index tables in {self.location} are missing or damaged ({exc}): rebuild with `rag index`"
                ) from exc
        if len(chunks) != manifest.get("num_chunks") or len(articles) != len(manifest.get("corpus", {})):
            raise IndexCorruptError(f"index tables in {self.location} disagree with its manifest: rebuild with `rag index`")
        dense = PgDense(self, chunks, exact=manifest.get("index_type") != "hnsw")
        return LoadedIndex(manifest, {a.doc_id: a for a in articles}, chunks, dense, bm25_from_bytes(bm25_bytes))


class PgDense(DenseIndex):
    """Searches the live table and maps chunk ids to this snapshot's positions; a chunk added
    since the snapshot was loaded is skipped until the reader loads the new index."""

    def __init__(self, store: PgVectorStore, chunks: list[Chunk], exact: bool) -> None:
        self.store = store
        # An exact scan can break ties as FAISS's exact search does (it keeps the earlier chunks of a
        # tie at the cut-off, then lists a tie later chunk first); an HNSW scan orders by distance
        # alone, and ties fall as they may, as in FAISS's HNSW.
        # (COLLATE "C": code-point order, the builder's, whatever the database's locale.)
        self.order = "embedding <#> %(q)s" + (', doc_id COLLATE "C", start_offset' if exact else "")
        self.exact = exact
        self.chunk_ids = [c.chunk_id for c in chunks]
        self.position = {cid: i for i, cid in enumerate(self.chunk_ids)}
        self._conn: Any = None

    def _cursor(self) -> Any:
        # One connection per reader, opened on first use and reopened if the server dropped it.
        if self._conn is None or self._conn.closed:
            self._conn = self.store._connect(vectors=True, autocommit=True)
            self._conn.execute(f"SET hnsw.ef_search = {int(HNSW_EF_SEARCH)}")
        return self._conn.cursor()

    def search(self, query_vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if not self.position:
            return []
        with self._cursor() as cur:
            if not self.exact:  # an HNSW scan returns at most ef_search rows
                cur.execute(f"SET hnsw.ef_search = {max(int(HNSW_EF_SEARCH), int(k))}")
            rows = cur.execute(
                f"SELECT chunk_id, -(embedding <#> %(q)s) FROM rag_chunks ORDER BY {self.order} LIMIT %(k)s",
                {"q": _as_vector(query_vector), "k": int(k)},
            ).fetchall()
        found = [(self.position[cid], float(score)) for cid, score in rows if cid in self.position]
        return sorted(found, key=lambda hit: (-hit[1], -hit[0]))

    def similarities(self, positions: list[int], query_vector: np.ndarray) -> np.ndarray:
        wanted = [self.chunk_ids[p] for p in positions]
        with self._cursor() as cur:
            rows = cur.execute(
                "SELECT chunk_id, -(embedding <#> %s) FROM rag_chunks WHERE chunk_id = ANY(%s)", (_as_vector(query_vector), wanted)
            ).fetchall()
        score = {self.position[cid]: float(s) for cid, s in rows}
        return np.array([score.get(p, 0.0) for p in positions], dtype=np.float32)


def _fetch_manifest(conn: Any, with_bm25: bool) -> tuple[dict[str, Any], bytes]:
    import psycopg

    try:
        row = conn.execute(f"SELECT manifest{', bm25' if with_bm25 else ''} FROM rag_index WHERE id = 1").fetchone()
    except psycopg.errors.UndefinedTable:
        row = None
    if row is None:
        raise IndexMissingError("no index in the database: build it with `rag index`")
    manifest = row[0]
    if not isinstance(manifest, dict):
        raise IndexCorruptError("the database's manifest is not a JSON object: rebuild it with `rag index`")
    return manifest, bytes(row[1]) if with_bm25 else b""


def _previous_corpus(conn: Any) -> dict[str, Any]:
    row = conn.execute("SELECT manifest FROM rag_index WHERE id = 1").fetchone()
    return row[0] if row else {}


def _ensure_chunks_table(conn: Any, dim: int) -> None:
    row = conn.execute("SELECT atttypmod FROM pg_attribute WHERE attrelid = to_regclass('rag_chunks') AND attname = 'embedding'").fetchone()
    if row is not None and int(row[0]) != dim:
        conn.execute("DROP TABLE rag_chunks")  # another embedder's vectors: a new table of the new size
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS rag_chunks (chunk_id text PRIMARY KEY, doc_id text NOT NULL, start_offset int NOT NULL,"
        f" body jsonb NOT NULL, embedding vector({int(dim)}) NOT NULL)"
    )
    conn.execute("CREATE INDEX IF NOT EXISTS rag_chunks_order ON rag_chunks (doc_id, start_offset)")


def _ensure_vector_index(conn: Any, index_type: str) -> None:
    """HNSW past FLAT_MAX chunks (the type FAISS would pick); below, exact search by a scan."""
    if index_type == "hnsw":
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS rag_chunks_hnsw ON rag_chunks USING hnsw (embedding vector_ip_ops)"
            f" WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
        )
    else:
        conn.execute("DROP INDEX IF EXISTS rag_chunks_hnsw")


def _sync_articles(conn: Any, articles: list[Article], indexed: dict[str, Any]) -> None:
    stored = {row[0]: row[1] for row in conn.execute("SELECT doc_id, sha256 FROM rag_articles")}
    current = {a.doc_id for a in articles}
    gone = sorted(set(stored) - current)
    if gone:
        conn.execute("DELETE FROM rag_articles WHERE doc_id = ANY(%s)", (gone,))
    changed = [a for a in articles if stored.get(a.doc_id) != a.sha256 or a.doc_id not in indexed]
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO rag_articles (doc_id, sha256, body) VALUES (%s, %s, %s)"
            " ON CONFLICT (doc_id) DO UPDATE SET sha256 = EXCLUDED.sha256, body = EXCLUDED.body",
            [(a.doc_id, a.sha256, json.dumps(asdict(a))) for a in changed],
        )


def _as_vector(vector: np.ndarray) -> Any:
    from pgvector import Vector

    return Vector(np.asarray(vector, dtype=np.float32))


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    import re
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
    return urlunsplit(parts._replace(query=query))
