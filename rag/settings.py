"""One typed settings object: defaults, RAG_* environment variables and CLI flags from one place."""

from __future__ import annotations

import argparse
import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENV_PREFIX = "RAG_"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rag-news"


@dataclass(frozen=True)
class Settings:
    """Every knob of the pipeline. Override with RAG_<NAME> env vars or --<name> flags."""

    corpus_dir: Path = _setting(PROJECT_ROOT / "corpus", "Folder of .txt news articles to answer from.")
    index_dir: Path = _setting(PROJECT_ROOT / "index", "Folder holding the built FAISS index and manifest.json.")
    cache_dir: Path = _setting(_default_cache_dir(), "Where assembled model files are cached.")
    model: str = _setting(
        "packaged:qwen2.5-coder-1.5b",
        "LLM to answer with: 'packaged:<name>' (see rag.models; packaged:qwen2.5-coder-0.5b is the fast setting), "
        "a local .gguf path, 'hf:<repo>/<file>' (online), or 'openai:http://host:port/v1' (an OpenAI-compatible server, e.g. `rag serve-llm`).",
    )
    embedder: str = _setting(
        "packaged:all-MiniLM-L6-v2",
        "Sentence-transformers embedder: 'packaged:all-MiniLM-L6-v2', a local folder, or a hub id (online).",
    )
    n_threads: int = _setting(2, "CPU threads for the LLM and the embedder.")
    n_ctx: int = _setting(2048, "LLM context window in tokens.")
    seed: int = _setting(0, "Sampling seed (answers are deterministic at temperature 0).")
    temperature: float = _setting(0.0, "LLM sampling temperature.")
    max_answer_tokens: int = _setting(40, "Most tokens the LLM may generate for one cited statement of an answer.")
    sentence_answers: bool = _setting(
        True, "Write a short answer phrase as one sentence that says what it is (a few dozen tokens more; checked against its line)."
    )
    chunk_chars: int = _setting(400, "Target size of an index chunk in characters (whole sentences).")
    top_k_chunks: int = _setting(8, "Chunks retrieved per question by each retriever before fusion.")
    evidence_units: int = _setting(
        8, "Evidence sentences shown to the LLM per question (more find the answer more often; each adds prompt tokens)."
    )
    max_question_chars: int = _setting(2000, "Longest question accepted; longer ones are rejected with a message.")
    index_type: str = _setting(
        "auto", "Vector index type: 'auto' (exact up to 100k chunks, then HNSW), 'flat', 'hnsw' or 'ivf' (FAISS only)."
    )
    vector_store: str = _setting(
        "faiss",
        "Where the index lives: 'faiss' (files in index_dir) or a PostgreSQL URL with pgvector (postgresql://…), shared by page processes.",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then RAG_* environment variables, then explicit overrides."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _coerce(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for f in dataclasses.fields(cls):
            if f.name in values:
                values[f.name] = _coerce(f, values[f.name])
        return cls(**values)

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        """Add one --flag per setting; unset flags stay None so env and defaults apply."""
        for f in dataclasses.fields(cls):
            parser.add_argument(
                "--" + f.name.replace("_", "-"),
                dest=f.name,
                default=None,
                help=f"{f.metadata['help']} (env {ENV_PREFIX}{f.name.upper()})",
            )

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Settings:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls.from_env(**{k: v for k, v in vars(args).items() if k in names})

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def _coerce(f: dataclasses.Field[Any], raw: Any) -> Any:
    kind: type[Any] = type(f.default)
    if isinstance(raw, kind):
        return raw
    if kind is bool:
        return str(raw).lower() in {"1", "true", "yes", "on"}
    if issubclass(kind, Path):
        return Path(str(raw)).expanduser()
    try:
        return kind(raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"setting {f.name}: cannot read {raw!r} as {kind.__name__}") from exc
