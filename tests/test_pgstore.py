"""The index in a real PostgreSQL + pgvector server: built, updated incrementally, read by other
processes and by a streaming replica, and ranking as the FAISS files do."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from rag import library
from rag.index import IndexMissingError, build_index, load_index, read_manifest
from rag.pipeline import Pipeline
from rag.retrieve import Retriever
from rag.settings import Settings

from .fakes import HashingEmbedder, ScriptedModel
from .test_library import SECOND, STORY


def _pg_settings(tmp_path: Path, url: str) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "library.txt").write_text(SECOND)
    return Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test", vector_store=url)


def test_an_empty_database_has_no_index_and_says_how_to_build_one(tmp_path: Path, pg_url: str) -> None:
    settings = _pg_settings(tmp_path, pg_url)
    with pytest.raises(IndexMissingError, match="rag index"):
        load_index(settings, "hashing-test")


def test_build_add_and_remove_update_the_tables_by_chunk_id(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    settings = _pg_settings(tmp_path, pg_url)
    embedder = HashingEmbedder()
    first = build_index(settings, embedder)
    assert read_manifest(settings) == first and not (tmp_path / "index").exists()  # nothing on disk
    again = build_index(settings, embedder)
    assert again["stats"]["embedded"] == 0 and again["build"] == first["build"]

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(STORY)
    added = library.add(settings, [inbox / "ferry.txt"], embedder)
    assert added.manifest["stats"] == {**added.manifest["stats"], "embedded": 1, "reused": first["num_chunks"]}
    loaded = load_index(settings, "hashing-test")
    assert set(loaded.articles) == {"ferry", "library"}
    query = embedder.encode(["ferry strike crossings"])[0]
    best, _ = loaded.dense.search(query, 1)[0]
    assert loaded.chunks[best].doc_id == "ferry"

    library.remove(settings, ["library"], embedder)
    with psycopg.connect(pg_url) as conn:
        docs = {row[0] for row in conn.execute("SELECT DISTINCT doc_id FROM rag_chunks")}
        articles = {row[0] for row in conn.execute("SELECT doc_id FROM rag_articles")}
    assert docs == articles == {"ferry"}


def test_a_page_process_answers_from_the_database_and_follows_an_add(tmp_path: Path, pg_url: str) -> None:
    settings = _pg_settings(tmp_path, pg_url)
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    page = Pipeline(settings, embedder, ScriptedModel(reply="[1] 14"))
    assert page.refreshed() is page  # nothing changed
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(STORY)
    library.add(settings, [inbox / "ferry.txt"], embedder)
    newer = page.refreshed()
    assert newer is not page and set(newer.loaded.articles) == {"ferry", "library"}
    result = newer.answer("How many crossings a day will the ferries run?")
    assert not result.refused and result.citations[0].doc_id == "ferry"


def test_a_streaming_replica_answers_reads_while_the_primary_takes_an_add(tmp_path: Path, pg_server, pg_url: str) -> None:
    from rag.localpg import start_replica, wait_for_replay

    settings = _pg_settings(tmp_path, pg_url)
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    replica = start_replica(pg_server, tmp_path / "replica")
    try:
        wait_for_replay(pg_server, replica)
        read_settings = settings.replace(vector_store=pg_url.replace(f"host={pg_server.socket_dir}", f"host={replica.socket_dir}"))
        seen: list[tuple[set[str], int]] = []
        errors: list[BaseException] = []
        stop = threading.Event()

        def read() -> None:
            query = embedder.encode(["ferry crossings library books"])[0]
            try:
                while not stop.is_set():
                    loaded = load_index(read_settings, "hashing-test", check_corpus=False)
                    hits = loaded.dense.search(query, 3)
                    assert hits and all(0 <= i < len(loaded.chunks) for i, _ in hits)
                    seen.append((set(loaded.articles), len(loaded.chunks)))
            except BaseException as exc:  # raised in the test's thread below
                errors.append(exc)

        reader = threading.Thread(target=read)
        reader.start()
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        (inbox / "ferry.txt").write_text(STORY)
        library.add(settings, [inbox / "ferry.txt"], embedder)
        wait_for_replay(pg_server, replica)
        deadline = time.monotonic() + 30
        while not any("ferry" in docs for docs, _ in seen) and not errors and time.monotonic() < deadline:
            time.sleep(0.01)  # the reader's next load sees the replayed add
        stop.set()
        reader.join(timeout=30)
        assert not errors, errors
        # Every read saw one whole index, the one before the add or the one after it.
        assert {(frozenset(d), n) for d, n in seen} <= {(frozenset({"library"}), 1), (frozenset({"ferry", "library"}), 2)}
        assert (frozenset({"ferry", "library"}), 2) in {(frozenset(d), n) for d, n in seen}
        with pytest.raises(Exception, match="read-only"):
            build_index(read_settings, embedder)  # a replica takes no writes
    finally:
        replica.stop()


@pytest.mark.slow
@pytest.mark.parametrize("suite", ["default", "rgb-noise", "rgb-reject"])
def test_pgvector_ranks_every_suite_question_as_faiss_does(suite: str, real_settings: Settings, real_pipeline, pg_url: str) -> None:
    """Same chunks, same order, same evidence for every question of the suite, so its figures
    are those of the FAISS run (everything after retrieval is deterministic)."""
    from rag.suites import load_suite

    loaded_suite = load_suite(suite, real_settings)
    faiss_settings = real_settings.replace(corpus_dir=loaded_suite.corpus_dir, index_dir=loaded_suite.index_dir or real_settings.index_dir)
    pg_settings = faiss_settings.replace(vector_store=pg_url)
    embedder = real_pipeline.embedder
    build_index(faiss_settings, embedder)
    build_index(pg_settings, embedder)
    on_faiss = Retriever(load_index(faiss_settings, embedder.id), embedder, real_settings.top_k_chunks)
    on_pg = Retriever(load_index(pg_settings, embedder.id), embedder, real_settings.top_k_chunks)
    assert on_faiss.loaded.chunks == on_pg.loaded.chunks and on_faiss.loaded.articles == on_pg.loaded.articles
    for item in loaded_suite.items:
        question = item["question"]
        a, b = on_faiss.search(question), on_pg.search(question)
        assert [c.index for c in a] == [c.index for c in b], question
        assert [c.dense for c in a] == pytest.approx([c.dense for c in b], abs=1e-5), question
        units = real_settings.evidence_units
        assert [e.locations for e in on_faiss.evidence(question, units, a)] == [e.locations for e in on_pg.evidence(question, units, b)]


def test_a_reader_on_another_host_needs_no_corpus_folder(tmp_path: Path, pg_url: str) -> None:
    """The database is the index of record: a page process elsewhere, with an empty folder of its
    own, answers from it; only writers sync it from their folder."""
    settings = _pg_settings(tmp_path, pg_url)
    build_index(settings, HashingEmbedder())
    elsewhere = tmp_path / "other-host-corpus"
    elsewhere.mkdir()
    loaded = load_index(settings.replace(corpus_dir=elsewhere), "hashing-test")
    assert set(loaded.articles) == {"library"}


def test_an_unreachable_database_is_a_clear_error_without_the_password(tmp_path: Path) -> None:
    from rag.index import IndexUnusableError

    url = f"postgresql://reader:s3cret@/rag?host={tmp_path}/no-server-here"
    with pytest.raises(IndexUnusableError, match="cannot reach the index database") as info:
        load_index(_pg_settings(tmp_path, url), "hashing-test")
    assert "s3cret" not in str(info.value) and "***" in str(info.value)


def test_an_hnsw_index_is_built_when_asked_for_and_searched(tmp_path: Path, pg_url: str) -> None:
    """Past FLAT_MAX chunks (or with RAG_INDEX_TYPE=hnsw) the store keeps an HNSW index and the
    query uses it; below, an exact scan, and the index is dropped again."""
    import psycopg

    settings = _pg_settings(tmp_path, pg_url).replace(index_type="hnsw")
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    loaded = load_index(settings, "hashing-test")
    assert loaded.manifest["index_type"] == "hnsw"
    query = embedder.encode(["library books mill"])[0]
    assert loaded.chunks[loaded.dense.search(query, 1)[0][0]].doc_id == "library"
    with psycopg.connect(pg_url) as conn:
        conn.execute("SET enable_seqscan = off")  # a one-article table: make the planner show it would use the index
        plan = " ".join(
            row[0]
            for row in conn.execute(
                "EXPLAIN SELECT chunk_id FROM rag_chunks ORDER BY embedding <#> (SELECT embedding FROM rag_chunks LIMIT 1) LIMIT 3"
            )
        )
        assert "rag_chunks_hnsw" in plan
    build_index(settings.replace(index_type="auto"), embedder)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('rag_chunks_hnsw')").fetchone()[0] is None


def test_both_stores_keep_one_chunk_order_whatever_the_file_names(tmp_path: Path, pg_url: str) -> None:
    """BM25 and the vector search name chunks by position: the database must load them in the
    builder's order, which file-name order ("a-b.txt" before "a.txt") and a locale's collation
    ("B" between "a" and "c") are not."""
    from rag import lexical

    settings = _pg_settings(tmp_path, pg_url)
    (settings.corpus_dir / "library.txt").unlink()
    for name, text in {
        "a.txt": "Port workers strike",
        "a-b.txt": "Ferry crossings resume",
        "B.txt": "Council opens library",
        "c.txt": "Mill reopens",
    }.items():
        (settings.corpus_dir / name).write_text(
            f"{text}\n\n{text} on Monday, officials said, after weeks of talks with the city council.\n"
        )
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    build_index(settings.replace(vector_store="faiss"), embedder)
    on_pg, on_faiss = load_index(settings, "hashing-test"), load_index(settings.replace(vector_store="faiss"), "hashing-test")
    assert [c.chunk_id for c in on_pg.chunks] == [c.chunk_id for c in on_faiss.chunks]
    assert [c.doc_id for c in on_pg.chunks] == sorted(c.doc_id for c in on_pg.chunks)  # code-point order: "B" first
    for query in ("ferry crossings", "library council", "mill"):
        ranked = lexical.rank(on_pg.bm25, query, 2, len(on_pg.chunks))
        assert [on_pg.chunks[i].doc_id for i in ranked] == [
            on_faiss.chunks[i].doc_id for i in lexical.rank(on_faiss.bm25, query, 2, len(on_faiss.chunks))
        ]
        vector = embedder.encode([query])[0]
        assert on_pg.chunks[on_pg.dense.search(vector, 1)[0][0]].doc_id == on_faiss.chunks[on_faiss.dense.search(vector, 1)[0][0]].doc_id
    assert on_pg.chunks[lexical.rank(on_pg.bm25, "ferry crossings", 1, len(on_pg.chunks))[0]].doc_id == "a-b"


def test_a_password_never_shows_in_messages() -> None:
    from rag.pgstore import redacted
    from rag.store import open_store

    assert redacted("postgresql://rag:s3cret@db/news") == "postgresql://rag:***@db/news"
    assert "s3cret" not in redacted("postgresql:///news?host=/run/pg&password=s3cret&sslmode=require")
    with pytest.raises(ValueError) as info:
        open_store("mysql://rag:s3cret@db/news", Path("index"))
    assert "s3cret" not in str(info.value)
