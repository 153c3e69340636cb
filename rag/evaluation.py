"""The eval: run each suite through the pipeline, score it against gold, report, gate on baselines.

Answers and citations are scored by `rag.scoring` against gold written from the articles; the
pipeline's own support score is reported beside them as `self_consistency`, never as a grade.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import time
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from . import baselines
from .retrieve import Retriever
from .scoring import citation_on_gold, matches_any, rgb_match, sentences, token_f1
from .settings import Settings
from .suites import EVAL_DIR, Suite, load_suite, suite_names
from .types import Answer, Article

RESULTS = EVAL_DIR / "results"
RETRIEVAL_K = 5
# Metrics the gate watches: (denominator, +1 higher is better / -1 lower is better).
GATED = {
    "answer_accuracy": ("answerable", +1),
    "correct_and_cited": ("answerable", +1),
    "correct_and_grounded": ("answerable", +1),
    "citation_correct": ("answered_answerable", +1),
    "retrieval_recall_at_5": ("answerable", +1),
    "refusal_recall": ("unanswerable", +1),
    "false_refusal_rate": ("answerable", -1),
}
# Reported in every summary and again for the held-out split.
HEADLINE = ("answer_accuracy", "correct_and_cited", "citation_correct", "false_refusal_rate", "refusal_recall")


class Answerer(Protocol):
    retriever: Retriever

    def answer(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer: ...


def evaluate(answerer: Answerer, items: list[dict[str, Any]], articles: dict[str, Article]) -> dict[str, Any]:
    """Every item through the answerer; per-question records and the summary metrics."""
    records = []
    for item in items:
        history: list[tuple[str, str]] = [(turn[0], turn[1]) for turn in item["history"]]
        query = f"{history[-1][0]} {item['question']}" if history else item["question"]
        started = time.perf_counter()
        answer = answerer.answer(item["question"], history)
        latency = time.perf_counter() - started
        records.append(score_item(item, answer, latency, answerer.retriever, articles, query))
    return {"summary": summarize(records), "questions": records}


def score_item(
    item: dict[str, Any], answer: Answer, latency: float, retriever: Retriever, articles: dict[str, Article], query: str
) -> dict[str, Any]:
    """One answer against its gold: right answer, citations on gold evidence, retrieval rank."""
    rgb = "rgb_answer" in item
    record: dict[str, Any] = {
        "id": item["id"],
        "kind": item["kind"],
        "split": item.get("split", "fit"),
        "question": item["question"],
        "answerable": item["answerable"],
        "answer": answer.text,
        "refused": answer.refused,
        "mode": answer.mode,
        "self_support": answer.support,
        "latency_s": round(latency, 3),
        "citations": [{"marker": c.marker, "doc_id": c.doc_id, "start": c.start, "end": c.end, "quote": c.quote} for c in answer.citations],
        "exact_citations": sum(articles[c.doc_id].text[c.start : c.end] == c.quote for c in answer.citations),
    }

    def on_gold(doc_id: str, start: int, end: int) -> bool:
        if rgb:  # the cited passage is one of the question's positives and holds the answer
            return doc_id in item["positives"] and rgb_match(articles[doc_id].text, item["rgb_answer"])
        return citation_on_gold(doc_id, start, end, item["support"])

    if item["answerable"]:
        if rgb:
            right = rgb_match(answer.text, item["rgb_answer"])
        elif "facts" in item:  # every fact the gold lists, each by one of its aliases
            right = all(matches_any(answer.text, fact) for fact in item["facts"])
        else:
            right = matches_any(answer.text, item["answers"])
        record["correct"] = (not answer.refused) and right
        if "answers" in item:
            record["token_f1"] = round(token_f1(answer.text, item["answers"]), 4)
        record["citations_on_gold"] = sum(on_gold(c.doc_id, c.start, c.end) for c in answer.citations)
        record["cited_gold"] = record["citations_on_gold"] > 0
        # Every sentence carries a citation and every citation lands on gold evidence.
        record["grounded"] = (
            bool(answer.citations)
            and record["citations_on_gold"] == len(answer.citations)
            and all(marker for _, marker in sentences(answer.text))
        )
        chunks = retriever.search(query, RETRIEVAL_K)
        record["retrieval_rank"] = next(
            (
                r
                for r, s in enumerate(chunks, 1)
                if on_gold(
                    retriever.loaded.chunks[s.index].doc_id, retriever.loaded.chunks[s.index].start, retriever.loaded.chunks[s.index].end
                )
            ),
            None,
        )
    else:
        record["correct"] = answer.refused
    record["verdict"] = "pass" if record["correct"] else ("false refusal" if answer.refused else "wrong")
    return record


def summarize(records: list[dict[str, Any]], with_splits: bool = True) -> dict[str, Any]:
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    answered = [r for r in records if not r["refused"]]
    answered_answerable = [r for r in answerable if not r["refused"]]
    n_citations = sum(len(r["citations"]) for r in records)
    gold_citations = sum(len(r["citations"]) for r in answered_answerable)
    supports = [r["self_support"] for r in answered if r.get("self_support") is not None]
    latencies = [r["latency_s"] for r in records]

    def share(rows: list[dict[str, Any]], test: Any) -> float | None:
        return round(sum(bool(test(r)) for r in rows) / len(rows), 4) if rows else None

    summary: dict[str, Any] = {
        "questions": len(records),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "answered": len(answered),
        "answered_answerable": len(answered_answerable),
        "answer_accuracy": share(answerable, lambda r: r["correct"]),
        "correct_and_cited": share(answerable, lambda r: r["correct"] and r["cited_gold"]),
        "correct_and_grounded": share(answerable, lambda r: r["correct"] and r.get("grounded")),
        "citation_correct": round(sum(r["citations_on_gold"] for r in answered_answerable) / gold_citations, 4) if gold_citations else None,
        "false_refusal_rate": share(answerable, lambda r: r["refused"]),
        "refusal_recall": share(unanswerable, lambda r: r["refused"]),
        "retrieval_recall_at_5": share(answerable, lambda r: r["retrieval_rank"] is not None),
        "mrr": round(sum(1 / r["retrieval_rank"] for r in answerable if r["retrieval_rank"]) / len(answerable), 4) if answerable else None,
        "token_f1": round(float(np.mean([r["token_f1"] for r in answerable if "token_f1" in r])), 4)
        if any("token_f1" in r for r in answerable)
        else None,
        "citation_exactness": round(sum(r["exact_citations"] for r in records) / n_citations, 4) if n_citations else None,
        "self_consistency": round(float(np.mean(supports)), 4) if supports else None,
        "latency_p50_s": round(float(np.percentile(latencies, 50)), 3) if latencies else None,
        "latency_p95_s": round(float(np.percentile(latencies, 95)), 3) if latencies else None,
    }
    kinds = sorted({r.get("kind", "") for r in records})
    if with_splits and len(kinds) > 1:
        summary["by_kind"] = {
            kind: {
                "questions": len(rows),
                "accuracy": share(rows, lambda r: r["correct"]),
                "latency_p50_s": round(float(np.percentile([r["latency_s"] for r in rows], 50)), 3),
            }
            for kind in kinds
            if (rows := [r for r in records if r.get("kind", "") == kind])
        }
    if with_splits:
        for split in ("fit", "heldout"):
            part = [r for r in records if r.get("split", "fit") == split]
            if part:
                sub = summarize(part, with_splits=False)
                summary[split] = {k: sub[k] for k in ("questions", *HEADLINE)}
    return summary


def compare(current: dict[str, Any], baseline: dict[str, Any], slack: int = 0) -> list[str]:
    """Failures: each gated metric that dropped by more than one question's worth, and the questions
    that broke. `slack`: questions of the whole suite that may move against another CPU flavour's
    baseline; a metric over part of the suite (its unanswerable questions, say) gets its share of them."""
    failures = []
    now, before = current["summary"], baseline["summary"]
    for metric, (denominator, direction) in GATED.items():
        if before.get(metric) is None or now.get(metric) is None:
            continue
        counted = max(1, now.get(denominator) or 1)
        extra = math.ceil(slack * counted / max(counted, now.get("questions") or counted))
        tolerance = (1.0 + extra) / counted + 1e-9
        change = (now[metric] - before[metric]) * direction
        if change < -tolerance:
            failures.append(f"{metric}: {before[metric]:.3f} -> {now[metric]:.3f} (allowed drop {tolerance:.3f})")
    was = {q["id"]: q for q in baseline.get("questions", [])}
    broken = [q for q in current["questions"] if q["id"] in was and was[q["id"]]["correct"] and not q["correct"]]
    if failures:
        for q in broken:
            failures.append(f"  {q['id']} now {q['verdict']}: {q['question']!r} -> {q['answer']!r}")
    return failures


def write_report(results: dict[str, Any], path: Path) -> None:
    summary = results["summary"]
    lines = [f"# Eval: {results.get('suite')}", "", f"Model: `{results.get('model')}` · {results.get('date')}", ""]
    lines += ["| metric | all | fit | held out |", "|---|---|---|---|"]
    for key, value in summary.items():
        if isinstance(value, dict):
            continue
        split_values = [summary.get(s, {}).get(key, "") for s in ("fit", "heldout")]
        lines.append(f"| {key} | {value} | {split_values[0]} | {split_values[1]} |")
    lines += ["", "## Questions (failures first)", ""]
    for q in sorted(results["questions"], key=lambda q: (q["correct"], q["id"])):
        lines.append(f"### {q['id']} · {q['verdict']} · {q['kind']} · {q['split']}")
        lines.append(f"- **Q:** {q['question']}")
        lines.append(f"- **A:** {q['answer']}")
        for c in q["citations"]:
            lines.append(f"  - [{c['marker']}] `{c['doc_id']}:{c['start']}-{c['end']}` “{' '.join(c['quote'].split())}”")
        lines.append("")
    _atomic_text(path, "\n".join(lines))


def run_suite(name: str, settings: Settings, naive: bool = False, limit: int | None = None) -> dict[str, Any]:
    from .index import build_index
    from .pipeline import get_pipeline

    suite: Suite = load_suite(name, settings)
    suite_settings = settings.replace(corpus_dir=suite.corpus_dir, index_dir=suite.index_dir or settings.index_dir)
    build_index(suite_settings)  # incremental: an up-to-date index is kept, new passages are embedded
    pipeline = get_pipeline(suite_settings)
    answerer: Answerer = pipeline
    if naive:
        from .naive import NaivePipeline

        answerer = NaivePipeline(pipeline)
    items = suite.items[:limit] if limit else suite.items
    results = evaluate(answerer, items, pipeline.loaded.articles)
    results["suite"] = name
    results["model"] = settings.model + (" (naive)" if naive else "")
    results["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return results


def run_cli(settings: Settings, args: argparse.Namespace) -> int:
    failed = []
    for name in suite_names(args.suite):
        results = run_suite(name, settings, naive=args.naive, limit=args.limit)
        out = Path(args.output) / f"{name}.json" if args.output else RESULTS / f"{name}.json"
        _atomic_text(out, json.dumps(results, indent=2, ensure_ascii=False))
        write_report(results, out.with_suffix(".md"))
        print(f"== {name}: {json.dumps(results['summary'])}")
        print(f"results: {out}  report: {out.with_suffix('.md')}")
        if args.update_baseline:
            path = baselines.baseline_path(name)
            _atomic_text(path, json.dumps(results, indent=2, ensure_ascii=False))
            print(f"baseline updated: {path}")
            continue
        if args.no_compare or args.limit:
            continue
        if not gate(name, results):
            failed.append(name)
    return 1 if failed else 0


def gate(name: str, results: dict[str, Any]) -> bool:
    """Whether a suite's results hold against the baselines this machine is gated on (rag.baselines)."""
    candidates, slack = baselines.gate_baselines(name)
    if not candidates:
        print(f"no baseline for suite {name}: create it with `rag eval --suite {name} --update-baseline`")
        return False
    if slack:
        print(
            f"no {name} baseline for this CPU flavour ({baselines.cpu_flavour()}): gated on {[f for f, _ in candidates]} with {slack} more questions of slack (eval/baselines/drift.json)"
        )
    outcomes = [(flavour, compare(results, baseline, slack)) for flavour, baseline in candidates]
    held = [flavour for flavour, failures in outcomes if not failures]
    if held:
        print(f"eval {name}: no regression against the {held[0]} baseline")
        return True
    for flavour, failures in outcomes:
        print(f"EVAL REGRESSION in suite {name} against the {flavour} baseline ({baselines.baseline_path(name, flavour)}):")
        print("\n".join(failures))
    return False


def _atomic_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
