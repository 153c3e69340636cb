"""`rag bench`: answer latency, first token, retrieval and indexing, each beside its raw floor."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .generate import build_messages, claim_grammar
from .settings import PROJECT_ROOT, Settings

# The questions are data about the default corpus, kept with the eval data, not in the code.
BENCH_QUESTIONS = PROJECT_ROOT / "eval" / "bench_questions.json"
_DATA = json.loads(BENCH_QUESTIONS.read_text(encoding="utf-8"))
QUESTIONS: list[str] = _DATA["questions"]
WARM_UP: str = _DATA["warm_up"]
RESULTS = PROJECT_ROOT / "bench" / "results.json"


def run_bench(settings: Settings, quick: bool = False) -> int:
    from .pipeline import Pipeline, Token, get_pipeline

    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or platform.platform()}",
        "model": settings.model,
        "n_threads": settings.n_threads,
    }
    pipeline: Pipeline = get_pipeline(settings)
    pipeline.answer(WARM_UP)  # model loaded, the fixed prompt prefix cached, as in steady use
    rounds = 1 if quick else 3

    totals, ttfts, floors = [], [], []
    model: Any = pipeline.model
    previous_tokens = model.prompt_tokens(_messages(pipeline, WARM_UP)[0]) if hasattr(model, "prompt_tokens") else []
    for _ in range(rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            first = None
            for event in pipeline.stream(question):
                if isinstance(event, Token) and first is None:
                    first = time.perf_counter() - started
            totals.append(time.perf_counter() - started)
            ttfts.append(first if first is not None else totals[-1])
            floor, previous_tokens = _floor_seconds(pipeline, question, previous_tokens)
            floors.append(floor)
    results["answer_p50_s"] = round(_percentile(totals, 50), 3)
    results["answer_p95_s"] = round(_percentile(totals, 95), 3)
    results["ttft_p50_s"] = round(_percentile(ttfts, 50), 3)
    results["floor_p50_s"] = round(_percentile(floors, 50), 3)
    results["floor_ratio"] = round(sum(totals) / max(sum(floors), 1e-9), 3)

    retrieval = []
    for _ in range(5 * rounds):
        for question in QUESTIONS:
            started = time.perf_counter()
            chunks = pipeline.retriever.search(question)
            pipeline.retriever.evidence(question, settings.evidence_units, chunks)
            retrieval.append((time.perf_counter() - started) * 1000)
    results["retrieval_p50_ms"] = round(statistics.median(retrieval), 2)

    results.update(_index_throughput(settings, pipeline))
    results["cold_start_s"] = round(_cold_start(settings), 2)
    results["peak_rss_mb"] = round(_peak_rss_mb(), 1)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(f"written to {RESULTS}")
    return 0


def _floor_seconds(pipeline: Any, question: str, previous_tokens: list[int]) -> tuple[float, list[int]]:
    """llama.cpp alone on the prompt our pipeline builds, same grammar, same token budget, and the
    same KV-cache start: the prefix shared with the previous question's prompt is reused, but no
    more than the system prompt (rag.llm.LlamaCppModel._settle: what no earlier question shaped)."""
    llm = getattr(pipeline.model, "llama", None)
    if llm is None:
        return 0.0, []
    messages, n_evidence = _messages(pipeline, question)
    grammar = pipeline.model._grammar(claim_grammar(n_evidence, allow_refusal=False))
    tokens = pipeline.model.prompt_tokens(messages)
    shared = 0
    for a, b in zip(tokens, previous_tokens):
        if a != b:
            break
        shared += 1
    # Our run just left this whole prompt in the cache; keep only what a fresh question would find.
    system = pipeline.model._system_length(messages, tokens) if hasattr(pipeline.model, "_system_length") else shared
    llm.n_tokens = min(llm.n_tokens, shared, system)
    started = time.perf_counter()
    llm.create_completion(
        prompt=tokens,
        max_tokens=pipeline.settings.max_answer_tokens,
        temperature=0.0,
        top_k=1,
        seed=pipeline.settings.seed,
        grammar=grammar,
    )
    return time.perf_counter() - started, tokens


def _messages(pipeline: Any, question: str) -> tuple[list[dict[str, str]], int]:
    chunks = pipeline.retriever.search(question)
    evidence = pipeline.retriever.evidence(question, pipeline.settings.evidence_units, chunks)
    return build_messages(question, evidence, pipeline.loaded.articles), len(evidence)


def _index_throughput(settings: Settings, pipeline: Any) -> dict[str, float]:
    from .chunking import chunk_corpus
    from .corpus import load_corpus
    from .index import build_index

    texts = [c.text for c in chunk_corpus(load_corpus(settings.corpus_dir), settings.chunk_chars)]
    started = time.perf_counter()
    pipeline.embedder.encode(texts)
    raw = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        fresh = settings.replace(index_dir=Path(tmp))
        started = time.perf_counter()
        build_index(fresh, pipeline.embedder)
        full = time.perf_counter() - started
        started = time.perf_counter()
        manifest = build_index(fresh, pipeline.embedder)
        unchanged = time.perf_counter() - started
    return {
        "index_chunks": len(texts),
        "index_build_chunks_per_s": round(len(texts) / full, 1),
        "raw_encode_chunks_per_s": round(len(texts) / raw, 1),
        "index_build_ratio": round(full / raw, 3),
        "reindex_unchanged_s": round(unchanged, 3),
        "reindex_unchanged_embedded": manifest["stats"]["embedded"],
    }


def _cold_start(settings: Settings) -> float:
    env = dict(os.environ, RAG_INDEX_DIR=str(settings.index_dir), RAG_CORPUS_DIR=str(settings.corpus_dir), RAG_MODEL=settings.model)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rag.cli", "ask", QUESTIONS[0]], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _percentile(values: list[float], q: float) -> float:
    import numpy as np

    return float(np.percentile(values, q)) if values else 0.0
