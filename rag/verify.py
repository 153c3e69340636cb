"""The offline support judge: is a sentence backed by the evidence it cites? Figures, names, meaning."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .embed import Embedder
from .text import MONTHS, STOPWORDS, content_terms, figures_with_units, name_phrases, names, normalize, numbers, term_in, words

_LABEL = re.compile(r"^\([^)]*\)\s*")

# Calibrated on eval/judge_pairs.jsonl (measured by tests/test_judge.py); both must hold.
MIN_SIMILARITY = 0.40
MIN_COVERAGE = 0.60
# Share of the question's words the cited evidence must hold to be about the question at all.
MIN_QUESTION_COVERAGE = 0.55


@dataclass
class Verdict:
    supported: bool
    similarity: float = 0.0
    coverage: float = 0.0
    reasons: list[str] = field(default_factory=list)


class SupportJudge:
    """Supported means: every number, month and name in the claim is in the evidence, most of its
    content words are, the words it shares with the question are, and it means about the same."""

    def __init__(self, embedder: Embedder | None = None, min_similarity: float = MIN_SIMILARITY, min_coverage: float = MIN_COVERAGE):
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.min_coverage = min_coverage

    def judge(self, claim: str, evidence: str, question: str = "", context: str = "", surroundings: str = "") -> Verdict:
        """Check the claim against the evidence; with a question, also check the evidence is about it.

        `context` is all the evidence shown with the cited part: single names the question asks about
        may sit there ("... in Iraq and Syria"), but a title like "Secretary of State" must be whole
        in the cited evidence itself. `surroundings` is the sentence before the cited one, which
        "Those attacks have now ceased" leans on to say which attacks.
        """
        reasons: list[str] = []
        missing_numbers = {n for n in numbers(claim) - numbers(evidence) if not _derived(n, numbers(evidence))}
        if missing_numbers:
            reasons.append(f"numbers not in evidence: {sorted(missing_numbers)}")
        claim_months = {w for w in words(claim) if w in MONTHS}
        missing_months = claim_months - {w for w in words(evidence) if w in MONTHS}
        if missing_months:
            reasons.append(f"months not in evidence: {sorted(missing_months)}")
        evidence_terms = set(content_terms(evidence)) | names(evidence)
        missing_names = {n for n in names(claim) if not term_in(n, evidence_terms)}
        if missing_names:
            reasons.append(f"names not in evidence: {sorted(missing_names)}")
        claim_terms = [t for t in content_terms(claim) if not t[0].isdigit()]
        found = [t for t in claim_terms if term_in(t, evidence_terms)]
        coverage = len(found) / len(claim_terms) if claim_terms else 1.0
        if coverage < self.min_coverage:
            reasons.append(f"only {coverage:.0%} of the claim's words are in the evidence")
        if question:
            near_terms = evidence_terms | set(content_terms(surroundings)) | names(surroundings)
            context_terms = near_terms | set(content_terms(context)) | names(context)
            asked_names = sorted(n for n in names(question) if not term_in(n, context_terms))
            asked_names += [" ".join(p) for p in name_phrases(question) if not all(term_in(t, evidence_terms) for t in p)]
            if asked_names:
                reasons.append(f"names in the question are not in the evidence: {asked_names}")
            asked = set(content_terms(question)) & set(claim_terms)
            unasked = sorted(t for t in asked if not term_in(t, near_terms))
            if unasked:
                reasons.append(f"what the question asks about is not in the evidence: {unasked}")
            if mismatch := answer_type_mismatch(question, claim):
                reasons.append(mismatch)
            if answers_question(question, f"{surroundings} {evidence}") < MIN_QUESTION_COVERAGE:
                reasons.append("the evidence is not about what the question asks")
        # A terse answer ("2,500") means something only next to its question.
        similarity = self.similarity(f"{question} {claim}".strip(), _LABEL.sub("", evidence))
        if similarity < self.min_similarity:
            reasons.append(f"meaning too far from the evidence (cosine {similarity:.2f})")
        return Verdict(not reasons, similarity, coverage, reasons)

    def similarity(self, claim: str, evidence: str) -> float:
        if self.embedder is None:
            return 1.0
        vectors = self.embedder.encode([normalize(claim), normalize(evidence)])
        return float(vectors[0] @ vectors[1])


def answers_question(question: str, evidence: str) -> float:
    """Share of the question's content words that the evidence contains (0..1)."""
    asked = set(content_terms(question))
    if not asked:
        return 0.0
    have = set(content_terms(evidence)) | names(evidence)
    return sum(term_in(t, have) for t in asked) / len(asked)


def _derived(value: str, evidence_numbers: set[str]) -> bool:
    """A figure the evidence implies: the sum or difference of two of its numbers (2,500 + 900)."""
    try:
        target = float(value)
        known = [float(n) for n in evidence_numbers]
    except ValueError:
        return False
    return any(target in (a + b, abs(a - b)) for i, a in enumerate(known) for b in known[i + 1 :])


_WHEN = re.compile(r"^(when|(in|on|by|since|until)? ?what (year|date|day|month|time)|what (year|date|day|month))\b", re.I)
_HOW_MANY = re.compile(r"^(how (many|much|long))\b", re.I)
_TIME_WORDS = MONTHS | set("monday tuesday wednesday thursday friday saturday sunday year years month months week weeks day days summer winter spring autumn fall last next coming ago early late mid".split())
_QUANTITY = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|several|few|half|third|quarter|many)\b", re.I)


def answer_type_mismatch(question: str, claim: str) -> str:
    """A terse answer of the wrong kind: a date for "what did he say", a name for "how many"."""
    # The question word is the first word, or follows a short lead-in ("And", "Also").
    asked = re.sub(r"^(and|but|also|so|then)\s+", "", question.strip(), flags=re.I)
    claim_words = [w for w in words(claim) if w not in STOPWORDS]
    only_time = bool(claim_words) and all(w in _TIME_WORDS or w[:1].isdigit() for w in claim_words)
    if _WHEN.search(asked):
        if not (only_time or any(w in _TIME_WORDS for w in claim_words) or re.search(r"\b\d{4}\b", claim)):
            return "a 'when' question answered without a time"
        return ""
    if _HOW_MANY.search(asked):
        if not _QUANTITY.search(claim):
            return "a 'how many' question answered without a quantity"
        return ""
    if only_time:
        return "answered with only a time, but the question does not ask when"
    return ""


def conflicting_figure(claim_evidence: str, other: str) -> tuple[str, str] | None:
    """(ours, theirs) when two passages give different figures for the same kind of thing."""
    ours = figures_with_units(claim_evidence)
    theirs = figures_with_units(other)
    for figure, unit in ours.items():
        for other_figure, other_unit in theirs.items():
            if unit == other_unit and figure != other_figure and other_figure not in ours:
                return figure, other_figure
    return None
