"""FAISS wrappers: pick an index type by corpus size, write atomically, search by inner product."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

# Below this many vectors exact search is fast enough (~20 ms at 100k x 384 on 2 cores) and exact.
FLAT_MAX = 100_000
HNSW_M = 32
HNSW_EF_SEARCH = 96


def choose_index_type(n_vectors: int, requested: str = "auto") -> str:
    if requested != "auto":
        if requested not in {"flat", "hnsw", "ivf"}:
            raise ValueError(f"unknown index type {requested!r}: use auto, flat, hnsw or ivf")
        return requested
    return "flat" if n_vectors <= FLAT_MAX else "hnsw"


def make_faiss_index(vectors: np.ndarray, requested: str = "auto") -> tuple[str, Any]:
    """An inner-product index over L2-normalised vectors (so scores are cosine similarities)."""
    import faiss

    kind = choose_index_type(len(vectors), requested)
    dim = vectors.shape[1]
    index: Any
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        nlist = max(1, int(4 * np.sqrt(len(vectors))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.nprobe = max(1, nlist // 16)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return kind, index


def write_faiss(index: Any, path: Path) -> None:
    import faiss

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    faiss.write_index(index, str(tmp))
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def read_faiss(path: Path) -> Any:
    import faiss

    if not path.exists():
        raise OSError(f"{path.name} is missing")
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSWFlat):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def search(index: Any, query_vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, ids) of the k nearest vectors per query; ids of -1 mean fewer than k exist."""
    k = max(1, min(k, index.ntotal))
    scores, ids = index.search(np.ascontiguousarray(query_vectors, dtype=np.float32), k)
    return scores, ids
