from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rag.settings import PROJECT_ROOT, Settings

from .fakes import HashingEmbedder

os.environ.setdefault("HF_HUB_OFFLINE", "1")
CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A private copy of the default corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def fake_settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings.from_env(environ={}, corpus_dir=corpus_dir, index_dir=tmp_path / "index", embedder="hashing-test")


@pytest.fixture
def fake_embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The default corpus and models, with a private index so tests never touch index/."""
    return Settings.from_env(environ={}, index_dir=tmp_path_factory.mktemp("real-index"))


@pytest.fixture(scope="session")
def real_pipeline(real_settings: Settings):
    """One real pipeline (embedder, FAISS, LLM at temperature 0) shared by every slow test."""
    from rag.index import build_index
    from rag.pipeline import Pipeline

    build_index(real_settings)
    return Pipeline(real_settings)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory):
    """A real PostgreSQL 16 + pgvector server (pgserver's binaries) on a Unix socket in a
    throwaway folder, for every test that needs one; stopped at the end of the session."""
    from rag.localpg import start_primary

    server = start_primary(tmp_path_factory.mktemp("pg") / "primary")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server, request: pytest.FixtureRequest) -> str:
    """A new, empty database on the session's server, for one test."""
    import hashlib
    import re

    import psycopg

    # Short and unique per test (parametrised ids included): PostgreSQL cuts names at 63 bytes.
    name = "t_" + re.sub(r"\W", "_", request.node.name.lower())[:40] + "_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:8]
    with psycopg.connect(pg_server.url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_server.url.replace("/postgres?", f"/{name}?")
