from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from rag.corpus import CLEANER_VERSION
from rag.index import IndexCorruptError, IndexMissingError, IndexStaleError, build_index, load_index
from rag.settings import Settings

from .fakes import HashingEmbedder


def test_build_writes_a_manifest_that_describes_the_index(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    manifest = build_index(fake_settings, fake_embedder)
    on_disk = json.loads((fake_settings.index_dir / "manifest.json").read_text())
    assert on_disk == manifest
    assert manifest["format_version"] == 3
    assert manifest["embedder"] == {"id": "hashing-test", "dim": 384}
    assert manifest["chunking"] == {"splitter": "sentences-v1", "cleaner": CLEANER_VERSION, "chunk_chars": fake_settings.chunk_chars}
    assert len(manifest["corpus"]) == 5
    assert all(len(meta["sha256"]) == 64 for meta in manifest["corpus"].values())
    loaded = load_index(fake_settings, "hashing-test")
    assert len(loaded.chunks) == manifest["num_chunks"] == loaded.dense.faiss_index.ntotal


def test_missing_index_names_the_fix(fake_settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="rag index"):
        load_index(fake_settings, "hashing-test")


def test_changed_added_and_removed_articles_make_the_index_stale(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    corpus = fake_settings.corpus_dir
    (corpus / "000_5a361f96d8d3f792.txt").write_text("Changed\n\nA different text.")
    (corpus / "new.txt").write_text("New article\n\nWith news.")
    (corpus / "004_c34c2e7006b52b5c.txt").unlink()
    with pytest.raises(IndexStaleError) as info:
        load_index(fake_settings, "hashing-test")
    message = str(info.value)
    assert "added: new" in message and "changed: 000_5a361f96d8d3f792" in message
    assert "removed: 004_c34c2e7006b52b5c" in message and "rag index" in message


def test_another_embedder_or_format_is_refused(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    with pytest.raises(IndexStaleError, match="embedder"):
        load_index(fake_settings, "all-MiniLM-L6-v2")
    manifest_path = fake_settings.index_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 99
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexStaleError, match="format"):
        load_index(fake_settings, "hashing-test")


@pytest.mark.parametrize("damage", ["truncate-faiss", "delete-vectors", "garble-manifest"])
def test_damaged_files_are_a_clear_error(fake_settings: Settings, fake_embedder: HashingEmbedder, damage: str) -> None:
    manifest = build_index(fake_settings, fake_embedder)
    index_dir = fake_settings.index_dir
    if damage == "truncate-faiss":
        path = index_dir / manifest["files"]["faiss"]
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "delete-vectors":
        (index_dir / manifest["files"]["vectors"]).unlink()
    else:
        (index_dir / "manifest.json").write_text("{not json")
    with pytest.raises(IndexCorruptError, match="rag index"):
        load_index(fake_settings, "hashing-test")


def test_rebuilding_an_unchanged_corpus_embeds_nothing(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    first = build_index(fake_settings, fake_embedder)
    before = fake_embedder.texts_encoded
    second = build_index(fake_settings, fake_embedder)
    assert fake_embedder.texts_encoded == before
    assert second["stats"] == {**second["stats"], "embedded": 0, "reused": first["num_chunks"]}
    assert second["files"] == first["files"]


def test_changing_one_article_re_embeds_only_its_chunks(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    path = fake_settings.corpus_dir / "003_63da0c3924deb257.txt"
    path.write_text(path.read_text() + "\nA new closing sentence was added to this article.\n")
    manifest = build_index(fake_settings, fake_embedder)
    assert 1 <= manifest["stats"]["embedded"] <= 3
    (fake_settings.corpus_dir / "004_c34c2e7006b52b5c.txt").unlink()
    manifest = build_index(fake_settings, fake_embedder)
    assert manifest["stats"]["embedded"] == 0
    loaded = load_index(fake_settings, "hashing-test")
    assert not any(c.doc_id.startswith("004") for c in loaded.chunks)


KILL_SCRIPT = """
import os, signal, sys
sys.path.insert(0, {root!r})
from tests.fakes import HashingEmbedder
from rag.settings import Settings
from rag import index as index_module, store as store_module
settings = Settings.from_env(environ={{}}, corpus_dir={corpus!r}, index_dir={index!r}, embedder="hashing-test")
real_write = store_module.atomic_write
def dying_write(path, data):
    real_write(path, data)
    if path.name.startswith("vectors-"):
        os.kill(os.getpid(), signal.SIGKILL)  # die mid-build, after some new files exist
store_module.atomic_write = dying_write
index_module.build_index(settings, HashingEmbedder())
"""


def test_sigkill_mid_build_leaves_the_previous_index_loadable(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    before = load_index(fake_settings, "hashing-test")
    # Change the corpus so the killed build writes new files, then restore it.
    path = fake_settings.corpus_dir / "001_74b727acca70647e.txt"
    original = path.read_text()
    path.write_text(original + "\nOne more sentence for the new build.\n")
    script = KILL_SCRIPT.format(
        root=str(Path(__file__).resolve().parents[1]),
        corpus=str(fake_settings.corpus_dir),
        index=str(fake_settings.index_dir),
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert result.returncode == -9, result.stderr.decode()
    path.write_text(original)
    after = load_index(fake_settings, "hashing-test")
    assert [c.chunk_id for c in after.chunks] == [c.chunk_id for c in before.chunks]


def test_two_builds_at_once_exclude_each_other_and_leave_one_whole_index(
    fake_settings: Settings, fake_embedder: HashingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag import vectorstore

    # Two corpus states: the whole corpus (A) and the corpus without one article (B).
    corpus_b = fake_settings.corpus_dir.parent / "corpus-b"
    shutil.copytree(fake_settings.corpus_dir, corpus_b)
    (corpus_b / "004_c34c2e7006b52b5c.txt").unlink()
    settings_a, settings_b = fake_settings, fake_settings.replace(corpus_dir=corpus_b)
    docs_a = {p.stem for p in fake_settings.corpus_dir.glob("*.txt")}
    docs_b = {p.stem for p in corpus_b.glob("*.txt")}
    build_index(settings_b, fake_embedder)  # an index to read while the two builds run

    # Build A stops after writing its data files and before its manifest: the moment another
    # writer's cleanup would delete them as files no manifest names.
    a_mid_write, a_may_go_on = threading.Event(), threading.Event()
    real_write_faiss = vectorstore.write_faiss

    def pausing_write_faiss(index, path) -> None:
        real_write_faiss(index, path)
        if threading.current_thread().name == "build-a":
            a_mid_write.set()
            a_may_go_on.wait(timeout=60)

    monkeypatch.setattr(vectorstore, "write_faiss", pausing_write_faiss)
    errors: list[BaseException] = []

    def build(settings: Settings) -> None:
        try:
            build_index(settings, HashingEmbedder())
        except BaseException as exc:  # noqa: BLE001 - checked below
            errors.append(exc)

    build_a = threading.Thread(target=build, args=(settings_a,), name="build-a")
    build_b = threading.Thread(target=build, args=(settings_b,), name="build-b")
    build_a.start()
    assert a_mid_write.wait(timeout=60)
    assert set(load_index(settings_b, "hashing-test").articles) == docs_b  # readers need no lock
    build_b.start()
    build_b.join(timeout=5)  # time enough for B to build and clean up, were it not kept out
    b_was_kept_out = build_b.is_alive()
    a_may_go_on.set()
    build_a.join(timeout=60)
    build_b.join(timeout=60)
    assert not build_a.is_alive() and not build_b.is_alive() and errors == []

    manifest = json.loads((fake_settings.index_dir / "manifest.json").read_text())
    assert set(manifest["corpus"]) in (docs_a, docs_b)
    settings = settings_a if set(manifest["corpus"]) == docs_a else settings_b
    loaded = load_index(settings, "hashing-test")  # every file it names is there and whole
    assert len(loaded.chunks) == manifest["num_chunks"] and set(loaded.articles) == set(manifest["corpus"])
    left = {p.name for p in fake_settings.index_dir.iterdir()} - {"manifest.json", ".writer.lock", *manifest["files"].values()}
    # No stray or temporary files: at most the previous build's, kept one build longer for readers.
    assert not any(name.endswith(".tmp") for name in left)
    assert len({name.split("-")[1].split(".")[0] for name in left}) <= 1 and len(left) in (0, 5)
    assert b_was_kept_out, "the second build ran while the first was writing"


def test_a_manifest_that_is_not_an_object_is_refused_even_under_python_O(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    build_index(fake_settings, fake_embedder)
    (fake_settings.index_dir / "manifest.json").write_text("[1, 2, 3]")
    with pytest.raises(IndexCorruptError, match="rag index"):
        load_index(fake_settings, "hashing-test")
    # `python -O` removes assert statements: the check must not be one.
    script = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"
        "from rag.store import IndexCorruptError, FaissFileStore\n"
        f"try:\n    FaissFileStore({str(fake_settings.index_dir)!r}).read_manifest()\nexcept IndexCorruptError as exc:\n    print('refused:', exc)\n"
        "else:\n    print('accepted')\n"
    )
    result = subprocess.run([sys.executable, "-O", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused:") and "rag index" in result.stdout, result.stdout
