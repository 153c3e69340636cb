"""Assembling a packaged model: parts concatenated once, SHA-256 checked, a bad file rebuilt."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rag import models
from rag.models import ModelNotFoundError, PackagedModel, assemble, resolve_model_path


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[PackagedModel, list[Path]]:
    files = []
    for i, payload in enumerate([b"GGUF-part-one-", b"part-two-", b"part-three"]):
        path = tmp_path / "site" / f"part{i}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(payload)
        files.append(path)
    sha = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()
    model = PackagedModel("tiny.gguf", ("a", "b", "c"), sha)
    monkeypatch.setattr(models, "part_files", lambda m: files)
    return model, files


def test_parts_are_assembled_in_order_and_verified(tmp_path: Path, parts) -> None:
    model, files = parts
    target = assemble(model, tmp_path / "cache")
    assert target.read_bytes() == b"GGUF-part-one-part-two-part-three"
    assert assemble(model, tmp_path / "cache") == target  # second call reuses the verified file


def test_a_file_whose_hash_does_not_match_is_refused_and_rebuilt(tmp_path: Path, parts) -> None:
    model, _ = parts
    target = assemble(model, tmp_path / "cache")
    target.write_bytes(b"corrupted on disk")
    rebuilt = assemble(model, tmp_path / "cache")
    assert hashlib.sha256(rebuilt.read_bytes()).hexdigest() == model.sha256


def test_parts_that_do_not_add_up_are_refused(tmp_path: Path, parts) -> None:
    model, files = parts
    files[1].write_bytes(b"tampered")
    with pytest.raises(ModelNotFoundError, match="SHA-256"):
        assemble(model, tmp_path / "cache")
    assert not (tmp_path / "cache" / "tiny.gguf").exists()


def test_model_settings_name_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError, match="unknown packaged model"):
        resolve_model_path("packaged:nope", tmp_path)
    with pytest.raises(ModelNotFoundError, match="not found"):
        resolve_model_path(str(tmp_path / "missing.gguf"), tmp_path)
    local = tmp_path / "m.gguf"
    local.write_bytes(b"x")
    assert resolve_model_path(str(local), tmp_path) == local


def test_a_missing_part_package_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelNotFoundError, match="pip install no-such-part"):
        models.part_files(PackagedModel("x.gguf", ("no-such-part",), "0" * 64))


def test_the_default_model_parts_are_installed() -> None:
    files = models.part_files(models.PACKAGED_MODELS["qwen2.5-coder-0.5b"])
    assert len(files) == 6 and all(f.exists() for f in files)
