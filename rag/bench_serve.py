"""`make bench-scale`, second part: answers per second through one and two `rag serve-llm` processes.

Each configuration starts its servers on loopback ports (one server with every thread, or two with
half each: the same cores either way), then page-side workers (twice as many as servers, each
pinned to one server, sharing one embedder and index, as page processes would) answer the bench
questions twice over. Throughput is answers over wall time; latency is per answer, queueing included.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from .bench import QUESTIONS
from .bench_scale import rss_mb, write_rows
from .settings import Settings

ROUNDS = 2


def start_servers(settings: Settings, count: int, threads: int, log_dir: Path) -> tuple[list[subprocess.Popen[bytes]], list[str]]:

    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        _start(settings, count, threads, log_dir, processes, urls)
    except BaseException:
        stop_servers(processes)  # none left running when one fails to start
        raise
    return processes, [f"openai:{u}/v1" for u in urls]


def stop_servers(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=30)


def _start(settings: Settings, count: int, threads: int, log_dir: Path, processes: list[subprocess.Popen[bytes]], urls: list[str]) -> None:
    import httpx

    for i in range(count):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        cmd = [sys.executable, "-m", "rag.cli", "serve-llm", "--port", str(port), "--model", settings.model, "--n-threads", str(threads)]
        with open(log_dir / f"server-{i}.log", "wb") as log:  # the child keeps its own descriptor
            processes.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "HF_HUB_OFFLINE": "1"}))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 300
    for process, url in zip(processes, urls):
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"rag serve-llm at {url} did not start (see {log_dir})")
            try:
                if httpx.get(f"{url}/props", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)


def measure(settings: Settings, servers: int) -> dict[str, Any]:
    from .pipeline import Pipeline

    threads = max(1, settings.n_threads // servers)
    with tempfile.TemporaryDirectory() as tmp:
        processes, urls = start_servers(settings, servers, threads, Path(tmp))
        try:
            base = Pipeline(settings.replace(model=urls[0]))
            workers = [Pipeline(settings.replace(model=urls[i % servers]), base.embedder, loaded=base.loaded) for i in range(2 * servers)]
            for worker in workers:
                worker.answer(QUESTIONS[0])  # warm: the servers hold the system prompt in their KV cache
            jobs = [q for _ in range(ROUNDS) for q in QUESTIONS]
            latencies: list[float] = []

            def run(i: int) -> None:
                worker = workers[i % len(workers)]
                started = time.perf_counter()
                worker.answer(jobs[i])
                latencies.append(time.perf_counter() - started)

            started, cpu = time.perf_counter(), time.process_time()
            with ThreadPoolExecutor(len(workers)) as pool:
                list(pool.map(run, range(len(jobs))))
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        finally:
            stop_servers(processes)
    return {
        "servers": servers,
        "threads_per_server": threads,
        "clients": 2 * servers,
        "answers": len(jobs),
        "wall_s": round(wall, 1),
        "answers_per_s": round(len(jobs) / wall, 3),
        "latency_p50_s": round(float(np.median(latencies)), 2),
        "latency_p95_s": round(float(np.percentile(latencies, 95)), 2),
        # What the page side costs: retrieval, prompt building and the checks (the LLM is elsewhere).
        "page_cpu_s_per_answer": round(cpu / len(jobs), 3),
        "page_rss_mb": round(rss_mb(), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--servers", default="1,2", help="server counts to measure")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    rows = []
    for count in (int(s) for s in args.servers.split(",")):
        row = {"model": settings.model, **measure(settings, count)}
        print(json.dumps(row), flush=True)
        rows.append(row)
    write_rows(rows, "serve.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
