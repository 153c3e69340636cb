"""A live corpus: add and remove articles, incrementally and atomically (fake embedder; real FAISS)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from rag import library
from rag.index import build_index, load_index, read_manifest
from rag.pipeline import EMPTY_CORPUS_TEXT, Pipeline, get_pipeline
from rag.settings import Settings

from .fakes import HashingEmbedder, ScriptedModel

STORY = """Ferry service resumes on the lake

KIGOMA (Lakeside Wire) – Ferries to the islands resumed on Monday after a nine-day strike by port workers ended.
The harbour board said 14 crossings a day would run until the end of the month.
"""
SECOND = """Library opens in the old mill

The city council opened a new public library in the old mill on Tuesday, with 40,000 books on its shelves.
"""


def _settings(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "library.txt").write_text(SECOND)
    return Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")


def test_add_embeds_only_the_new_chunks_and_remove_keeps_the_file(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    before = embedder.texts_encoded
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.txt").write_text(STORY)

    change = library.add(settings, [inbox], embedder)
    assert change.added == ["ferry.txt"]
    assert change.manifest["stats"]["reused"] >= 1  # the library article was not embedded again
    assert embedder.texts_encoded - before == change.manifest["stats"]["embedded"] == 1
    assert set(load_index(settings, "hashing-test").articles) == {"ferry", "library"}

    again = library.add(settings, [inbox / "ferry.txt"], embedder)
    assert again.unchanged == ["ferry.txt"] and again.manifest["stats"]["embedded"] == 0

    gone = library.remove(settings, ["ferry"], embedder)
    assert gone.removed == ["ferry"] and set(load_index(settings, "hashing-test").articles) == {"library"}
    kept = list((settings.corpus_dir / library.REMOVED_DIR).rglob("ferry.txt"))
    assert len(kept) == 1 and kept[0].read_text() == STORY  # a removal loses nothing


def test_bad_input_is_refused_before_anything_changes(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    manifest = read_manifest(settings)
    with pytest.raises(FileNotFoundError, match="no such file"):
        library.add(settings, [tmp_path / "missing.html"], embedder)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(ValueError, match="not an article file"):
        library.add(settings, [tmp_path / "photo.jpg"], embedder)
    with pytest.raises(ValueError, match="no article with id nope"):
        library.remove(settings, ["nope"], embedder)
    assert read_manifest(settings) == manifest
    assert sorted(p.name for p in settings.corpus_dir.iterdir()) == ["library.txt"]


def test_hidden_folders_stay_out_and_one_article_per_doc_id(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    copy = tmp_path / "copy"
    (copy / ".removed" / "old").mkdir(parents=True)
    (copy / ".removed" / "old" / "ferry.txt").write_text(STORY)
    (copy / "library.html").write_text("<html><body><article><p>" + SECOND.splitlines()[2] + "</p></article></body></html>")
    assert library.article_paths([copy]) == [copy / "library.html"]  # a removed article is not brought back
    change = library.add(settings, [copy], HashingEmbedder())
    assert change.added == [] and "already in the corpus as library.txt" in change.skipped["library.html"]


def test_a_file_with_no_article_is_skipped_and_named(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    (tmp_path / "empty.txt").write_text("   \n")
    change = library.add(settings, [tmp_path / "empty.txt"], HashingEmbedder())
    assert change.skipped == {"empty.txt": "no readable article in it"} and change.added == []
    assert "1 skipped (empty.txt" in change.summary()


def test_a_reader_sees_the_old_index_or_the_new_one_never_a_mix(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    build_index(settings, HashingEmbedder())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(6):
        (inbox / f"story{i}.txt").write_text(STORY.replace("14 crossings", f"{i + 10} crossings"))
    seen: list[tuple[set[str], set[str], int, int]] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                loaded = load_index(settings, "hashing-test", check_corpus=False)
            except BaseException as exc:  # noqa: BLE001 - checked below
                errors.append(exc)
                return
            seen.append((set(loaded.articles), {c.doc_id for c in loaded.chunks}, len(loaded.chunks), loaded.dense.faiss_index.ntotal))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(6):
            library.add(settings, [inbox / f"story{i}.txt"], HashingEmbedder())
    finally:
        stop.set()
        reader.join(timeout=60)
    assert errors == [] and len(seen) > 1
    for articles, chunk_docs, n_chunks, n_vectors in seen:
        assert chunk_docs <= articles and n_chunks == n_vectors  # one build's articles, chunks and vectors
    # The files of the build before are kept for such readers; older ones are gone.
    generations = {p.name.split("-")[1].split(".")[0] for p in settings.index_dir.glob("chunks-*.jsonl")}
    assert len(generations) == 2


def test_the_shared_pipeline_follows_the_index_and_an_empty_corpus_says_how_to_add(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    empty = Pipeline(settings, embedder=embedder, model=ScriptedModel("NOT FOUND"))
    answer = empty.answer("How many crossings a day?")
    assert answer.refused and answer.text == EMPTY_CORPUS_TEXT

    (tmp_path / "ferry.txt").write_text(STORY)
    library.add(settings, [tmp_path / "ferry.txt"], embedder)
    fresh = empty.refreshed()
    assert fresh is not empty and set(fresh.loaded.articles) == {"ferry"} and fresh.embedder is embedder
    assert fresh.refreshed() is fresh  # nothing changed since: the same pipeline


def test_get_pipeline_swaps_in_the_new_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(tmp_path)
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    monkeypatch.setattr("rag.pipeline.get_embedder", lambda *a, **k: embedder)
    first = get_pipeline(settings)
    (tmp_path / "ferry.txt").write_text(STORY)
    library.add(settings, [tmp_path / "ferry.txt"], embedder)
    second = get_pipeline(settings)
    assert second is not first and "ferry" in second.loaded.articles and "ferry" not in first.loaded.articles
