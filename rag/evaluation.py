"""The grounding eval: run the gold set, score it, write results and a report, gate on the baseline."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any, Protocol

from .metrics import alias_match, citation_scores, exact_match, numeric_match, percentile, span_overlap, token_f1
from .retrieve import Retriever
from .settings import PROJECT_ROOT, Settings
from .types import Answer, Article
from .verify import SupportJudge

EVAL_DIR = PROJECT_ROOT / "eval"
GOLD = EVAL_DIR / "gold.jsonl"
BASELINE = EVAL_DIR / "baseline.json"
RETRIEVAL_K = 5
# Metrics the gate watches, and which way is better.
GATED = {
    "answer_accuracy": ("answerable", +1),
    "retrieval_recall_at_5": ("answerable", +1),
    "citation_exactness": ("citations", +1),
    "citation_recall": ("answered", +1),
    "citation_precision": ("answered", +1),
    "groundedness": ("answered", +1),
    "refusal_recall": ("unanswerable", +1),
    "false_refusal_rate": ("answerable", -1),
}


class Answerer(Protocol):
    retriever: Retriever

    def answer(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer: ...


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate(answerer: Answerer, gold: list[dict[str, Any]], articles: dict[str, Article], judge: SupportJudge) -> dict[str, Any]:
    """Every question through the pipeline; per-question records and the summary metrics."""
    records = []
    for item in gold:
        history: list[tuple[str, str]] = [(turn[0], turn[1]) for turn in item["history"]]
        query = f"{history[-1][0]} {item['question']}" if history else item["question"]
        started = time.perf_counter()
        answer = answerer.answer(item["question"], history)
        latency = time.perf_counter() - started
        records.append(score_item(item, answer, latency, answerer.retriever, articles, judge, query))
    return {"summary": summarize(records), "questions": records}


def score_item(
    item: dict[str, Any], answer: Answer, latency: float, retriever: Retriever, articles: dict[str, Article], judge: SupportJudge, query: str
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": item["id"],
        "kind": item["kind"],
        "question": item["question"],
        "answerable": item["answerable"],
        "answer": answer.text,
        "refused": answer.refused,
        "mode": answer.mode,
        "latency_s": round(latency, 3),
        "citations": [
            {"marker": c.marker, "doc_id": c.doc_id, "start": c.start, "end": c.end, "quote": c.quote} for c in answer.citations
        ],
        "exact_citations": sum(articles[c.doc_id].text[c.start : c.end] == c.quote for c in answer.citations),
    }
    if item["answerable"]:
        aliases = item["answers"]
        record["correct"] = (not answer.refused) and any(alias_match(answer.text, a) for a in aliases)
        record["exact_match"] = exact_match(answer.text, aliases)
        record["token_f1"] = round(token_f1(answer.text, aliases), 4)
        record["numeric_match"] = numeric_match(answer.text, aliases)
        gold_docs = {s["doc_id"] for s in item["support"]}
        record["cites_gold_article"] = any(c.doc_id in gold_docs for c in answer.citations)
        chunks = retriever.search(query, RETRIEVAL_K)
        rank = next(
            (
                r
                for r, scored in enumerate(chunks, 1)
                if any(
                    retriever.loaded.chunks[scored.index].doc_id == s["doc_id"]
                    and span_overlap(retriever.loaded.chunks[scored.index].start, retriever.loaded.chunks[scored.index].end, s["start"], s["end"])
                    for s in item["support"]
                )
            ),
            None,
        )
        record["retrieval_rank"] = rank
    else:
        record["correct"] = answer.refused
    if not answer.refused:
        record.update(citation_scores(answer, judge, query))
    record["verdict"] = "pass" if record["correct"] else ("false refusal" if answer.refused else "wrong")
    return record


def summarize(records: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    answered = [r for r in records if not r["refused"]]
    n_citations = sum(len(r["citations"]) for r in records)
    numeric = [r["numeric_match"] for r in answerable if r.get("numeric_match") is not None]
    sentences = sum(r.get("sentences", 0) for r in answered)
    latencies = [r["latency_s"] for r in records]

    def share(rows: list[dict[str, Any]], key: str) -> float:
        return round(sum(bool(r.get(key)) for r in rows) / len(rows), 4) if rows else 0.0

    def mean(rows: list[dict[str, Any]], key: str) -> float:
        return round(sum(r.get(key, 0.0) for r in rows) / len(rows), 4) if rows else 0.0

    return {
        "questions": len(records),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "answered": len(answered),
        "citations": n_citations,
        "answer_accuracy": share(answerable, "correct"),
        "exact_match": share(answerable, "exact_match"),
        "token_f1": mean(answerable, "token_f1"),
        "numeric_match": round(sum(numeric) / len(numeric), 4) if numeric else 0.0,
        "retrieval_recall_at_5": round(sum(r["retrieval_rank"] is not None for r in answerable) / len(answerable), 4) if answerable else 0.0,
        "mrr": round(sum(1 / r["retrieval_rank"] for r in answerable if r["retrieval_rank"]) / len(answerable), 4) if answerable else 0.0,
        "citation_exactness": round(sum(r["exact_citations"] for r in records) / n_citations, 4) if n_citations else 1.0,
        "cites_gold_article": share([r for r in answerable if not r["refused"]], "cites_gold_article"),
        "citation_recall": mean(answered, "citation_recall"),
        "citation_precision": mean(answered, "citation_precision"),
        "groundedness": round(sum(r.get("grounded_sentences", 0) for r in answered) / sentences, 4) if sentences else 0.0,
        "refusal_recall": share(unanswerable, "refused"),
        "false_refusal_rate": share(answerable, "refused"),
        "latency_p50_s": round(percentile(latencies, 50), 3),
        "latency_p95_s": round(percentile(latencies, 95), 3),
    }


def compare(current: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Failures: each gated metric that dropped by more than one question's worth, and the questions that broke."""
    failures = []
    now, before = current["summary"], baseline["summary"]
    for metric, (denominator, direction) in GATED.items():
        if metric not in before:
            continue
        tolerance = 1.0 / max(1, now.get(denominator) or 1) + 1e-9
        change = (now[metric] - before[metric]) * direction
        if change < -tolerance:
            failures.append(f"{metric}: {before[metric]:.3f} -> {now[metric]:.3f} (allowed drop {tolerance:.3f})")
    was = {q["id"]: q for q in baseline.get("questions", [])}
    broken = [q for q in current["questions"] if q["id"] in was and was[q["id"]]["correct"] and not q["correct"]]
    if failures:
        for q in broken:
            failures.append(f"  {q['id']} now {q['verdict']}: {q['question']!r} -> {q['answer']!r}")
    return failures


def write_report(results: dict[str, Any], path: Path, title: str = "Grounding eval") -> None:
    summary = results["summary"]
    lines = [f"# {title}", "", f"Model: `{results.get('model')}` · {results.get('date')}", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in summary.items()]
    ordered = sorted(results["questions"], key=lambda q: (q["correct"], q["id"]))
    lines += ["", "## Questions (failures first)", ""]
    for q in ordered:
        lines.append(f"### {q['id']} · {q['verdict']} · {q['kind']}")
        lines.append(f"- **Q:** {q['question']}")
        lines.append(f"- **A:** {q['answer']}")
        for c in q["citations"]:
            lines.append(f"  - [{c['marker']}] `{c['doc_id']}:{c['start']}-{c['end']}` “{' '.join(c['quote'].split())}”")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def run_eval(settings: Settings, naive: bool = False, limit: int | None = None) -> dict[str, Any]:
    from .pipeline import get_pipeline

    pipeline = get_pipeline(settings)
    answerer: Answerer = pipeline
    if naive:
        from .naive import NaivePipeline

        answerer = NaivePipeline(pipeline)
    gold = load_gold()[:limit] if limit else load_gold()
    results = evaluate(answerer, gold, pipeline.loaded.articles, SupportJudge(pipeline.embedder))
    results["model"] = settings.model + (" (naive)" if naive else "")
    results["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return results


def run_cli(settings: Settings, args: argparse.Namespace) -> int:
    results = run_eval(settings, naive=args.naive, limit=args.limit)
    out = Path(args.output) if args.output else EVAL_DIR / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    write_report(results, out.with_suffix(".md"))
    print(json.dumps(results["summary"], indent=2))
    print(f"results: {out}  report: {out.with_suffix('.md')}")
    if args.update_baseline:
        tmp = BASELINE.with_suffix(".tmp")
        tmp.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, BASELINE)
        print(f"baseline updated: {BASELINE}")
        return 0
    if args.no_compare or args.limit:
        return 0
    if not BASELINE.exists():
        print(f"no baseline at {BASELINE}: create it with `rag eval --update-baseline`")
        return 1
    failures = compare(results, json.loads(BASELINE.read_text(encoding="utf-8")))
    if failures:
        print("EVAL REGRESSION against eval/baseline.json:")
        print("\n".join(failures))
        return 1
    print("eval: no regression against eval/baseline.json")
    return 0
