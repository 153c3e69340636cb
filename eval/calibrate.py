"""Fit the verifier's thresholds on the dev split and report them on the held-out split.

    python eval/calibrate.py            # run the suites with every threshold open, record signals, fit
    python eval/calibrate.py --refit --signals eval/calibration/signals-1.5b.json   # fit again, no run
    python eval/calibrate.py --several --signals eval/calibration/several-1.5b.json   # the several-things limit

Every suite runs with the thresholds open (rag.verify.PERMISSIVE), so each answer records the
model's P(no line answers), P(the cited line states this answer) and the question coverage of its
line. Thresholds are then chosen on the "fit" items only, maximising, summed over the suites,
answerable questions answered right plus unanswerable questions refused; the held-out figures are
printed beside them. The result is written to rag/calibration.json under the model's name: the
thresholds are read from that model's own probabilities, so each model has its own.

Questions that ask for several things (why, how, a list, a summary: rag.shape) are prompted
differently, so the model's P(no line answers) has another scale there. `--several` fits that one
limit, max_refusal_several, on the kinds suite's fit split (odd ids) and reports it on its
held-out split (even ids); the other thresholds are kept as they are.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag.evaluation import score_item  # noqa: E402
from rag.settings import Settings  # noqa: E402
from rag.suites import CALIBRATION_SUITES, load_suite  # noqa: E402
from rag.verify import CALIBRATION, PERMISSIVE  # noqa: E402

SIGNALS = ROOT / "eval" / "calibration" / "signals.json"  # one file per model: --signals
GRID = {
    "max_refusal": [round(0.05 * i, 2) for i in range(1, 20)] + [1.01],
    "min_support": [round(0.05 * i, 2) for i in range(0, 19)],
    # The lexical coverages are recorded but left open: fitted on ~100 items they overfit (the
    # held-out questions are paraphrased, so they cover fewer of the line's words).
    "min_coverage": [0.0],
    "min_claim_coverage": [0.0],
    "min_anchors": [0.0, 0.5, 0.67, 1.0],
}


def collect(settings: Settings, suites: tuple[str, ...] = CALIBRATION_SUITES, several_only: bool = False) -> list[dict[str, Any]]:
    from rag.index import build_index
    from rag.pipeline import get_pipeline
    from rag.shape import question_shape

    rows = []
    for name in suites:
        suite = load_suite(name, settings)
        suite_settings = settings.replace(corpus_dir=suite.corpus_dir, index_dir=suite.index_dir or settings.index_dir)
        build_index(suite_settings)
        pipeline = get_pipeline(suite_settings)
        pipeline.thresholds = PERMISSIVE
        for item in suite.items:
            if several_only and question_shape(item["question"]).kind != "several":
                continue
            history = [(t[0], t[1]) for t in item["history"]]
            started = time.perf_counter()
            answer = pipeline.answer(item["question"], history)
            record = score_item(item, answer, time.perf_counter() - started, pipeline.retriever, pipeline.loaded.articles, item["question"])
            check = answer.checks[0] if answer.checks else {}
            rows.append(
                {
                    "suite": name,
                    "model": settings.model,
                    "id": item["id"],
                    "split": item["split"],
                    "answerable": item["answerable"],
                    "answer": answer.text,
                    "answered": not answer.refused,  # passed every check that needs no threshold
                    "correct_if_answered": bool(record.get("correct")) if item["answerable"] else False,
                    "cited_gold": bool(record.get("cited_gold")),
                    "signals": check.get("signals", {}),
                    "reasons": check.get("reasons", []),
                }
            )
            print(f"{name} {item['id']}: {answer.text[:70]!r} {check.get('signals', {})}", flush=True)
    return rows


def decide(row: dict[str, Any], t: dict[str, float]) -> bool:
    """Would these thresholds answer (True) or refuse (False)?"""
    s = row["signals"]
    if not row["answered"]:
        return False
    return (
        s.get("p_refuse", 0.0) < t["max_refusal"]
        and s.get("p_support", 1.0) >= t["min_support"]
        and s.get("coverage", 1.0) >= t["min_coverage"]
        and s.get("claim_coverage", 1.0) >= t["min_claim_coverage"]
        and s.get("anchors", 1.0) >= t["min_anchors"]
    )


def figures(rows: list[dict[str, Any]], t: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name in CALIBRATION_SUITES:
        part = [r for r in rows if r["suite"] == name]
        answerable = [r for r in part if r["answerable"]]
        unanswerable = [r for r in part if not r["answerable"]]
        if answerable:
            out[f"{name}:accuracy"] = sum(decide(r, t) and r["correct_if_answered"] for r in answerable) / len(answerable)
            out[f"{name}:false_refusal"] = sum(not decide(r, t) for r in answerable) / len(answerable)
        if unanswerable:
            out[f"{name}:refusal"] = sum(not decide(r, t) for r in unanswerable) / len(unanswerable)
    return out


def objective(rows: list[dict[str, Any]], t: dict[str, float]) -> float:
    f = figures(rows, t)
    return sum(v for k, v in f.items() if k.endswith(("accuracy", "refusal")) and not k.endswith("false_refusal"))


def fit(rows: list[dict[str, Any]]) -> dict[str, Any]:
    fit_rows = [r for r in rows if r["split"] == "fit"]
    held = [r for r in rows if r["split"] == "heldout"]
    best: tuple[float, dict[str, float]] | None = None
    for values in itertools.product(*GRID.values()):
        t = dict(zip(GRID, values))
        score = objective(fit_rows, t)
        # Ties go to the most permissive setting: a threshold is only raised when it pays.
        key = (score, -t["min_support"], -t["min_coverage"], t["max_refusal"])
        if best is None or key > (best[0], -best[1]["min_support"], -best[1]["min_coverage"], best[1]["max_refusal"]):
            best = (score, t)
    assert best is not None
    thresholds = best[1]
    return {
        "thresholds": thresholds,
        "fitted_on": "fit split of every suite (default-corpus a/m/u/f items; RGB ids divisible by 4)",
        "fitted_at": time.strftime("%Y-%m-%d", time.gmtime()),
        "model": rows[0].get("model", "?") if rows else "?",
        "fit": {k: round(v, 3) for k, v in figures(fit_rows, thresholds).items()},
        "heldout": {k: round(v, 3) for k, v in figures(held, thresholds).items()},
        "open": {k: round(v, 3) for k, v in figures(rows, {"max_refusal": 1.01, "min_support": 0.0, "min_coverage": 0.0, "min_claim_coverage": 0.0, "min_anchors": 0.0}).items()},
    }


SEVERAL_GRID = [round(0.05 * i, 2) for i in range(1, 20)] + [1.01]


def fit_several(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """max_refusal_several on the fit split, maximising the questions decided right (answerable
    ones answered right plus unanswerable ones refused, each question counting once: the split
    holds few unanswerable questions of this shape, and a sum of two shares would let two of them
    outweigh a dozen). Ties go to the lowest limit, the one that refuses most."""

    def right(part: list[dict[str, Any]], limit: float) -> int:
        t = {"max_refusal": limit, "min_support": 0.0, "min_coverage": 0.0, "min_claim_coverage": 0.0, "min_anchors": 0.0}
        return sum((decide(r, t) and r["correct_if_answered"]) if r["answerable"] else not decide(r, t) for r in part)

    def score(part: list[dict[str, Any]], limit: float) -> dict[str, float]:
        t = {"max_refusal": limit, "min_support": 0.0, "min_coverage": 0.0, "min_claim_coverage": 0.0, "min_anchors": 0.0}
        answerable = [r for r in part if r["answerable"]]
        unanswerable = [r for r in part if not r["answerable"]]
        out = {}
        if answerable:
            out["accuracy"] = sum(decide(r, t) and r["correct_if_answered"] for r in answerable) / len(answerable)
        if unanswerable:
            out["refusal"] = sum(not decide(r, t) for r in unanswerable) / len(unanswerable)
        return out

    fit_rows = [r for r in rows if r["split"] == "fit"]
    held = [r for r in rows if r["split"] == "heldout"]
    best = max(SEVERAL_GRID, key=lambda limit: (right(fit_rows, limit), -limit))
    return {
        "max_refusal_several": best,
        "fitted_on": f"kinds suite, fit split: {len(fit_rows)} questions asking for several things",
        "fitted_at": time.strftime("%Y-%m-%d", time.gmtime()),
        "fit": {k: round(v, 3) for k, v in score(fit_rows, best).items()},
        "heldout": {k: round(v, 3) for k, v in score(held, best).items()},
        "open": {k: round(v, 3) for k, v in score(rows, 1.01).items()},
    }


# Limits fitted on questions of their own, each with its section: kept when the main limits are refitted.
SEPARATE_LIMITS = {"several": "max_refusal_several", "line_share": "min_line_share"}


def with_separate_limits(result: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The fit, with the limits fitted separately (--several; the line-share limit) carried over from `previous`."""
    for section, limit in SEPARATE_LIMITS.items():
        if section in previous:
            result[section] = previous[section]
            result["thresholds"][limit] = previous["thresholds"][limit]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--refit", action="store_true", help="fit from the saved signals without running the suites")
    parser.add_argument("--dry-run", action="store_true", help="print the fit; do not write rag/calibration.json")
    parser.add_argument("--signals", type=Path, default=SIGNALS, help="where the recorded signals are kept")
    parser.add_argument("--several", action="store_true", help="fit only max_refusal_several, on the kinds suite")
    args = parser.parse_args()
    if args.refit:
        rows = json.loads(args.signals.read_text(encoding="utf-8"))
    else:
        settings = Settings.from_env()
        rows = collect(settings, ("kinds",), several_only=True) if args.several else collect(settings)
        args.signals.parent.mkdir(parents=True, exist_ok=True)
        args.signals.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    current = json.loads(CALIBRATION.read_text(encoding="utf-8")) if CALIBRATION.exists() else {}
    model = rows[0].get("model", "?") if rows else "?"
    previous = current.get("models", {}).get(model, {})
    if args.several:
        several = fit_several(rows)
        result = {**previous, "several": several}
        result["thresholds"] = {**previous.get("thresholds", {}), "max_refusal_several": several["max_refusal_several"]}
    else:
        result = with_separate_limits(fit(rows), previous)
    print(json.dumps(result, indent=2))
    if not args.dry_run:
        current.setdefault("default", model)
        current.setdefault("models", {})[model] = result
        tmp = CALIBRATION.with_suffix(".tmp")
        tmp.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
        tmp.replace(CALIBRATION)
        print(f"wrote {CALIBRATION}")


if __name__ == "__main__":
    main()
