"""Deterministic, offline eval metrics: answer match, retrieval, ALCE-style citation scores, refusal."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .text import normalize, numbers
from .types import Answer
from .verify import SupportJudge

_MARKER = re.compile(r"\s*\[\d+\]")
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize_answer(text: str) -> str:
    """SQuAD-style: lower case, no markers, punctuation or articles, single spaces."""
    text = _MARKER.sub("", normalize(text)).lower().replace("u.s.", "us").replace("’", "'")
    text = "".join(ch for ch in text if ch not in set(string.punctuation) - {"'"})
    return " ".join(_ARTICLES.sub(" ", text).split())


def alias_match(prediction: str, alias: str) -> bool:
    """An alias matches if it appears in the answer; 'a|b' needs both parts; numbers compare by value."""
    parts = alias.split("|")
    pred = normalize_answer(prediction)
    pred_numbers = numbers(prediction)
    for part in parts:
        gold_numbers = numbers(part)
        if gold_numbers and gold_numbers <= pred_numbers:
            continue
        if normalize_answer(part) and f" {normalize_answer(part)} " in f" {pred} ":
            continue
        return False
    return True


def exact_match(prediction: str, aliases: Sequence[str]) -> bool:
    return any(normalize_answer(prediction) == normalize_answer(a) for a in aliases)


def token_f1(prediction: str, aliases: Sequence[str]) -> float:
    best = 0.0
    pred = normalize_answer(prediction).split()
    for alias in aliases:
        gold = normalize_answer(alias.replace("|", " ")).split()
        common = Counter(pred) & Counter(gold)
        same = sum(common.values())
        if same:
            precision, recall = same / len(pred), same / len(gold)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def numeric_match(prediction: str, aliases: Sequence[str]) -> bool | None:
    """None when the gold answer has no number; else whether the answer carries its figures."""
    golds = [numbers(a.replace("|", " ")) for a in aliases if numbers(a)]
    if not golds:
        return None
    have = numbers(prediction)
    return any(g <= have for g in golds)


def answer_sentences(answer: Answer) -> list[tuple[str, list[int]]]:
    """(sentence, markers) pairs of an answer's text."""
    out = []
    for sentence in re.split(r"(?<=[.!?”])\s+(?=[A-Z“\"])", answer.text.strip()):
        markers = [int(m) for m in re.findall(r"\[(\d+)\]", sentence)]
        text = _MARKER.sub("", sentence).strip()
        if text:
            out.append((text, markers))
    return out


def citation_scores(answer: Answer, judge: SupportJudge, question: str = "") -> dict[str, float]:
    """ALCE (Gao et al., 2023) citation recall and precision, with our offline judge in place of NLI.

    Recall: a sentence counts if the concatenation of its citations supports it.
    Precision: a citation counts unless it alone does not support its sentence while the others do.
    """
    # Outlet labels travel with the quote ("according to Reuters"); the question is context, so a
    # terse answer ("2014") is judged as the answer to it. Whether the evidence is about the
    # question is the pipeline's check, not a citation's.
    by_marker = {c.marker: f"({c.source}) {c.quote}" if c.source else c.quote for c in answer.citations}
    supported, precise, cited = 0, 0, 0
    sentences = answer_sentences(answer)
    for text, markers in sentences:
        quotes = [by_marker[m] for m in markers if m in by_marker]
        if not quotes:
            continue
        whole = judge.judge(text, " ".join(quotes), question, context=question).supported
        supported += whole
        for i, quote in enumerate(quotes):
            cited += 1
            alone = judge.judge(text, quote, question, context=question).supported
            rest = [q for j, q in enumerate(quotes) if j != i]
            others = bool(rest) and judge.judge(text, " ".join(rest), question, context=question).supported
            precise += int(whole and (alone or not others))
    n = len(sentences)
    return {
        "citation_recall": supported / n if n else 0.0,
        "citation_precision": precise / cited if cited else 0.0,
        "grounded_sentences": float(supported),
        "sentences": float(n),
    }


def span_overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def percentile(values: Sequence[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0
