"""`make bench-scale`: FAISS and pgvector at 10k, 100k and 1M chunks on a deterministic synthetic corpus.

Embedding a million real chunks would take hours on two cores, so the synthetic corpus is made of
vectors shaped like sentence embeddings: L2-normalised points scattered around topic centres, with
queries drawn near stored chunks. Build time, size on disk and in memory, query p50 and recall@10
against exact search are measured for the index type `choose_index_type` picks at each size (or
the one asked for), in FAISS and in PostgreSQL + pgvector (a throwaway local server, HNSW with the
same M, efConstruction and efSearch).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from .settings import PROJECT_ROOT
from .vectorstore import choose_index_type, make_faiss_index, read_faiss, search, write_faiss

DIM = 384
SIZES = (10_000, 100_000, 1_000_000)
N_QUERIES = 200


def synthetic_vectors(n: int, seed: int = 0, topics: int = 2000) -> np.ndarray:
    """n unit vectors around `topics` centres; the same n and seed always give the same corpus."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((topics, DIM)).astype(np.float32)
    out = np.empty((n, DIM), dtype=np.float32)
    step = 100_000
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        which = rng.integers(0, topics, hi - lo)
        out[lo:hi] = centres[which] + 0.9 * rng.standard_normal((hi - lo, DIM)).astype(np.float32)
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def queries_near(vectors: np.ndarray, n: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    picks = vectors[rng.integers(0, len(vectors), n)]
    noisy = picks + 0.5 * rng.standard_normal(picks.shape).astype(np.float32) / np.sqrt(DIM)
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def measure(n: int, requested: str = "auto") -> dict[str, Any]:
    import faiss

    faiss.omp_set_num_threads(2)
    vectors = synthetic_vectors(n)
    queries = queries_near(vectors, N_QUERIES)
    exact = faiss.IndexFlatIP(DIM)
    exact.add(vectors)
    _, truth = exact.search(queries, 10)

    rss_before = rss_mb()
    started = time.perf_counter()
    kind, index = make_faiss_index(vectors, requested)
    build_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.faiss"
        write_faiss(index, path)
        disk_mb = path.stat().st_size / 2**20
        index = read_faiss(path)
    latencies = []
    found = []
    for q in queries:
        t0 = time.perf_counter()
        _, ids = search(index, q[None, :], 10)
        latencies.append((time.perf_counter() - t0) * 1000)
        found.append(ids[0])
    recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)]))
    return {
        "chunks": n,
        "index_type": kind,
        "chosen_automatically": choose_index_type(n) == kind,
        "build_s": round(build_s, 2),
        "disk_mb": round(disk_mb, 1),
        "memory_mb_growth": round(rss_mb() - rss_before, 1),
        "query_p50_ms": round(float(np.median(latencies)), 3),
        "query_p95_ms": round(float(np.percentile(latencies, 95)), 3),
        "recall_at_10": round(recall, 4),
    }


def measure_pgvector(n: int) -> dict[str, Any]:
    """pgvector's HNSW over the same vectors and queries: COPY in, build the index, query one by one."""
    import faiss
    import psycopg
    from pgvector.psycopg import register_vector

    from .localpg import start_primary
    from .pgstore import HNSW_EF_CONSTRUCTION
    from .vectorstore import HNSW_EF_SEARCH, HNSW_M

    vectors = synthetic_vectors(n)
    queries = queries_near(vectors, N_QUERIES)
    exact = faiss.IndexFlatIP(DIM)
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_primary(Path(tmp) / "pg")
        try:
            with psycopg.connect(server.url, autocommit=True) as conn:
                conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
                register_vector(conn)
                conn.execute(f"CREATE TABLE chunks (id int PRIMARY KEY, embedding vector({DIM}) NOT NULL)")
                started = time.perf_counter()
                with conn.cursor() as cur, cur.copy("COPY chunks (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy:
                    copy.set_types(["int4", "vector"])
                    for i, v in enumerate(vectors):
                        copy.write_row((i, v))
                load_s = time.perf_counter() - started
                # The whole graph in memory while it is built (pgvector warns and slows down otherwise),
                # with the second core helping.
                conn.execute("SET maintenance_work_mem = '8GB'")
                conn.execute("SET max_parallel_maintenance_workers = 1")
                started = time.perf_counter()
                conn.execute(
                    f"CREATE INDEX ON chunks USING hnsw (embedding vector_ip_ops) WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
                )
                build_s = time.perf_counter() - started
                table_mb = conn.execute("SELECT pg_relation_size('chunks') / 1048576.0").fetchone()[0]  # type: ignore[index]
                index_mb = conn.execute("SELECT pg_indexes_size('chunks') / 1048576.0").fetchone()[0]  # type: ignore[index]
                conn.execute(f"SET hnsw.ef_search = {HNSW_EF_SEARCH}")
                latencies, found = [], []
                for q in queries:
                    t0 = time.perf_counter()
                    rows = conn.execute("SELECT id FROM chunks ORDER BY embedding <#> %s LIMIT 10", (q,)).fetchall()
                    latencies.append((time.perf_counter() - t0) * 1000)
                    found.append([r[0] for r in rows])
        finally:
            server.stop()
    recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)]))
    return {
        "store": "pgvector",
        "chunks": n,
        "index_type": "hnsw",
        "load_s": round(load_s, 2),
        "build_s": round(build_s, 2),
        "disk_mb": round(float(table_mb) + float(index_mb), 1),
        "index_disk_mb": round(float(index_mb), 1),
        "query_p50_ms": round(float(np.median(latencies)), 3),
        "query_p95_ms": round(float(np.percentile(latencies, 95)), 3),
        "recall_at_10": round(recall, 4),
    }


def measure_replica_lag(commits: int = 5, rows: int = 1000) -> dict[str, Any]:
    """Seconds from a commit of `rows` new vectors on the primary until a streaming replica has replayed it."""
    import psycopg
    from pgvector.psycopg import register_vector

    from .localpg import start_primary, start_replica, wait_for_replay

    vectors = synthetic_vectors(rows * commits)
    lags = []
    with tempfile.TemporaryDirectory() as tmp:
        primary = start_primary(Path(tmp) / "primary")
        replica = None
        try:
            with psycopg.connect(primary.url, autocommit=True) as conn:
                conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
                conn.execute(f"CREATE TABLE chunks (id int PRIMARY KEY, embedding vector({DIM}) NOT NULL)")
            replica = start_replica(primary, Path(tmp) / "replica")
            wait_for_replay(primary, replica)
            with psycopg.connect(primary.url) as conn:
                register_vector(conn)
                for c in range(commits):
                    with (
                        conn.transaction(),
                        conn.cursor() as cur,
                        cur.copy("COPY chunks (id, embedding) FROM STDIN WITH (FORMAT BINARY)") as copy,
                    ):
                        copy.set_types(["int4", "vector"])
                        for i in range(c * rows, (c + 1) * rows):
                            copy.write_row((i, vectors[i]))
                    started = time.perf_counter()
                    wait_for_replay(primary, replica)
                    lags.append(time.perf_counter() - started)
        finally:
            if replica is not None:
                replica.stop()
            primary.stop()
    return {"store": "pgvector replica", "commits": commits, "rows_per_commit": rows, "replay_lag_ms": [round(x * 1000, 1) for x in lags]}


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--index-type", default="auto", help="FAISS index type (auto, flat, hnsw, ivf)")
    parser.add_argument("--store", default="faiss", choices=["faiss", "pgvector"], help="pgvector: HNSW in a local PostgreSQL server")
    parser.add_argument("--replica-lag", action="store_true", help="measure a streaming replica's replay lag instead")
    args = parser.parse_args(argv)
    if args.replica_lag:
        print(json.dumps(measure_replica_lag()))
        return 0
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        row = measure_pgvector(n) if args.store == "pgvector" else {"store": "faiss", **measure(n, args.index_type)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    write_rows(rows, f"scale-{'pgvector' if args.store == 'pgvector' else args.index_type}.json")
    return 0


def write_rows(rows: list[dict[str, Any]], name: str) -> None:
    """A benchmark's rows as bench/<name> (not committed; the figures go into BENCHMARKS.md)."""
    out = PROJECT_ROOT / "bench" / name
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=2))
    print(f"written to {out}")


if __name__ == "__main__":
    raise SystemExit(main())
