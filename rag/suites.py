"""Eval suites: the default-corpus gold set and RGB's noise and reject suites, as one item format.

An item is a dict: id, kind, question, history, answerable, split ("fit" or "heldout": thresholds
are fitted on the first and reported on the second), plus what its scorer needs: `answers` (gold
aliases) and `support` (exact gold spans) for the default corpus, or `facts` (each a list of
aliases; an answer must state every fact) for the kinds suite; `rgb_answer` and `positives`
(doc ids of the passages that hold the answer) for RGB.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .scoring import rgb_match
from .settings import PROJECT_ROOT, Settings

EVAL_DIR = PROJECT_ROOT / "eval"
GOLD = EVAL_DIR / "gold.jsonl"
GOLD_KINDS = EVAL_DIR / "gold_kinds.jsonl"
RGB_DATA = EVAL_DIR / "rgb" / "en_fact_dev.jsonl"
# Generated corpora and indexes for the external suites (not committed; rebuilt when missing).
WORK_DIR = EVAL_DIR / ".work"
# The suites thresholds are fitted on (their "fit" split) and reported on (their "heldout" split).
CALIBRATION_SUITES = ("default", "rgb-noise", "rgb-reject")
SUITES = (*CALIBRATION_SUITES, "kinds")
GROUPS = {"all": SUITES, "rgb": ("rgb-noise", "rgb-reject")}


@dataclass(frozen=True)
class Suite:
    name: str
    corpus_dir: Path
    index_dir: Path | None  # None: the settings' own index
    items: list[dict[str, Any]]


def suite_names(spec: str) -> tuple[str, ...]:
    if spec in GROUPS:
        return GROUPS[spec]
    if spec in SUITES:
        return (spec,)
    raise ValueError(f"unknown suite {spec!r}: choose one of {', '.join((*SUITES, *GROUPS))}")


def load_suite(name: str, settings: Settings) -> Suite:
    if name == "default":
        return Suite(name, settings.corpus_dir, None, load_gold())
    if name == "kinds":  # explanations, lists, summaries, follow-ups, collection questions
        return Suite(name, settings.corpus_dir, None, [{**item, "split": kinds_split(item["id"])} for item in load_gold(GOLD_KINDS)])
    if name in ("rgb-noise", "rgb-reject"):
        return _rgb_suite(name)
    raise ValueError(f"unknown suite {name!r}")


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    """The default-corpus gold set; the fresh items ("n…") written last are the held-out split."""
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in items:
        item.setdefault("split", "heldout" if item["id"].startswith("n") else "fit")
    return items


def load_rgb(path: Path = RGB_DATA) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def kinds_split(item_id: str) -> str:
    """Odd-numbered kinds items fit the one limit fitted on them (max_refusal_several); even ones report it."""
    return "fit" if int(item_id.lstrip("k")) % 2 else "heldout"


def rgb_split(qid: int) -> str:
    """RGB dev ids are even: ids divisible by 4 fit the thresholds, the others hold out."""
    return "fit" if qid % 4 == 0 else "heldout"


def passage_id(text: str) -> str:
    return "p" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _rgb_suite(name: str) -> Suite:
    rows = load_rgb()
    noise = name == "rgb-noise"
    positives = {text for row in rows for text in row["positive"]}
    passages: dict[str, str] = {}
    for row in rows:
        for text in (row["positive"] if noise else []) + row["negative"]:
            # A passage that answers any question is no negative: the reject folder leaves it out.
            if noise or text not in positives:
                passages.setdefault(passage_id(text), text)
    folder = WORK_DIR / name
    corpus_dir = _write_corpus(folder / "corpus", passages)
    items = []
    for row in rows:
        answer = row["answer"]
        if not noise and any(rgb_match(text, answer) for text in passages.values()):
            continue  # the answer is in the folder after all: not a reject question
        items.append(
            {
                "id": f"rgb{row['id']:03d}",
                "kind": "rgb" if noise else "rgb_reject",
                "question": row["query"],
                "history": [],
                "answerable": noise,
                "rgb_answer": answer,
                "positives": sorted({passage_id(t) for t in row["positive"]}) if noise else [],
                "split": rgb_split(int(row["id"])),
            }
        )
    return Suite(name, corpus_dir, folder / "index", items)


def _write_corpus(folder: Path, passages: dict[str, str]) -> Path:
    """One passage a file; rewritten only when the set of passages changed."""
    stamp = hashlib.sha256("".join(sorted(passages)).encode()).hexdigest()
    marker = folder / ".passages"
    if marker.exists() and marker.read_text() == stamp:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        if old.stem not in passages:
            old.unlink()
    for doc_id, text in passages.items():
        path = folder / f"{doc_id}.txt"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
    marker.write_text(stamp)
    return folder
