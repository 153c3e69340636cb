"""Eval baselines per CPU flavour: which one a run is gated on, and how far it may move from it.

llama.cpp is built for the instruction sets of the CPU it runs on, and its sums differ in the last
bits between builds: greedy decoding on an AVX-512 build and on an AVX2 build can part ways on a
question whose top two tokens are close. So each flavour keeps its own baselines
(`eval/baselines/<flavour>/<suite>.json`), and a run is gated on its own flavour's, one question of
slack per metric. A flavour with no baselines of its own is gated on every flavour that has them,
with the slack widened by the drift measured between flavours on the same code
(`eval/baselines/drift.json`, written by `python -m rag.baselines A_RESULTS B_RESULTS`): what a
change of CPU alone has been seen to move.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from .suites import EVAL_DIR

BASELINES = EVAL_DIR / "baselines"
FLAVOUR_SCRIPT = EVAL_DIR.parent / "scripts" / "llama_cmake_args.sh"
DRIFT = BASELINES / "drift.json"


@functools.cache
def cpu_flavour() -> str:
    """The name of this CPU's llama.cpp build (the same script the Makefile builds it with)."""
    try:
        return (
            subprocess.run(["bash", str(FLAVOUR_SCRIPT), "--flavor"], capture_output=True, text=True, check=True, timeout=30).stdout.strip()
            or "unknown"
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def baseline_path(suite: str, flavour: str | None = None) -> Path:
    """Where this flavour's baseline of a suite is (or would be written)."""
    return BASELINES / (flavour or cpu_flavour()) / f"{suite}.json"


def flavours_with(suite: str) -> list[str]:
    return sorted(p.parent.name for p in BASELINES.glob(f"*/{suite}.json"))


def load(suite: str, flavour: str) -> dict[str, Any]:
    return dict(json.loads(baseline_path(suite, flavour).read_text(encoding="utf-8")))


def gate_baselines(suite: str) -> tuple[list[tuple[str, dict[str, Any]]], int]:
    """The baselines a run on this machine is gated on, and the extra questions of slack per metric:
    this flavour's own with none, else every flavour's with the drift measured between them."""
    own = cpu_flavour()
    if baseline_path(suite, own).exists():
        return [(own, load(suite, own))], 0
    others = [(f, load(suite, f)) for f in flavours_with(suite)]
    measured = json.loads(DRIFT.read_text(encoding="utf-8"))["questions"] if DRIFT.exists() else {}
    return others, int(measured.get(suite, 1))


def cross_flavour_drift(baselines: list[dict[str, Any]]) -> int:
    """The most questions any one gated outcome moved between two flavours' baselines of one suite
    (same questions, same code): what the CPU alone changes. At least one."""
    worst = 1
    for i, a in enumerate(baselines):
        for b in baselines[i + 1 :]:
            before = {q["id"]: q for q in a["questions"]}
            moved = {"correct": 0, "refused": 0, "cited_gold": 0, "grounded": 0}
            for q in b["questions"]:
                if (p := before.get(q["id"])) is not None:
                    for key in moved:
                        moved[key] += bool(p.get(key)) != bool(q.get(key))
            worst = max(worst, *moved.values())
    return worst


def main(argv: list[str]) -> int:
    """Write drift.json from two results folders of the same code run on two flavours."""
    if len(argv) != 2:
        print("usage: python -m rag.baselines RESULTS_DIR_A RESULTS_DIR_B  (the same commit, two CPU flavours)")
        return 2
    a, b = (Path(x) for x in argv)
    suites = sorted(p.stem for p in a.glob("*.json") if (b / p.name).exists())
    drift = {s: cross_flavour_drift([json.loads((d / f"{s}.json").read_text(encoding="utf-8")) for d in (a, b)]) for s in suites}
    # Measured suites replace their estimates; the rest of the record is kept.
    record = json.loads(DRIFT.read_text(encoding="utf-8")) if DRIFT.exists() else {}
    record["questions"] = {**record.get("questions", {}), **drift}
    record["measured"] = sorted({*record.get("measured", []), *drift})
    record["estimated"] = sorted(set(record.get("estimated", [])) - set(drift))
    DRIFT.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"{DRIFT}: {drift}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
