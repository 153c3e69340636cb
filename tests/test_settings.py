from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from rag.settings import Settings


def test_env_then_flags_override_defaults() -> None:
    settings = Settings.from_env(environ={"RAG_N_THREADS": "4", "RAG_CORPUS_DIR": "/tmp/c"})
    assert settings.n_threads == 4 and settings.corpus_dir == Path("/tmp/c")
    parser = argparse.ArgumentParser()
    Settings.add_arguments(parser)
    args = parser.parse_args(["--n-threads", "3", "--model", "/m.gguf"])
    assert Settings.from_args(args).n_threads == 3
    assert Settings.from_args(args).model == "/m.gguf"


def test_bad_values_name_the_setting() -> None:
    with pytest.raises(ValueError, match="n_threads"):
        Settings.from_env(environ={"RAG_N_THREADS": "many"})


def test_every_setting_is_described() -> None:
    import dataclasses

    assert all(f.metadata.get("help") for f in dataclasses.fields(Settings))
