from __future__ import annotations

import json

import pytest

from rag.corpus import load_corpus
from rag.evaluation import BASELINE, GOLD, compare, evaluate, load_gold, summarize
from rag.metrics import alias_match, citation_scores, exact_match, numeric_match, token_f1
from rag.retrieve import Retriever, ScoredChunk
from rag.types import Answer, Citation
from rag.verify import SupportJudge

from .conftest import CORPUS


def test_gold_set_is_big_and_varied_enough() -> None:
    gold = load_gold(GOLD)
    kinds = [q["kind"] for q in gold]
    assert len(gold) >= 60
    assert sum(not q["answerable"] for q in gold) >= 12
    assert sum(k.startswith("followup") for k in kinds) >= 8
    assert all(q["history"] for q in gold if q["kind"].startswith("followup"))
    assert kinds.count("multi") >= 3
    assert len({q["id"] for q in gold}) == len(gold)


def test_every_gold_span_is_an_exact_slice_of_its_article() -> None:
    texts = {a.doc_id: a.text for a in load_corpus(CORPUS)}
    for item in load_gold(GOLD):
        assert bool(item["support"]) == item["answerable"], item["id"]
        for span in item["support"]:
            assert texts[span["doc_id"]][span["start"] : span["end"]] == span["quote"], item["id"]


def test_answer_matching() -> None:
    assert alias_match("There are about 900 US troops in Syria [1].", "nine hundred")
    assert alias_match("Around 2,500 troops [1].", "2500")
    assert alias_match("2,500 in Iraq and 900 in Syria", "2,500|900")
    assert not alias_match("2,500 in Iraq", "2,500|900")
    assert alias_match("The talks began in January [1].", "January")
    assert not alias_match("The talks began in June.", "January")
    assert exact_match("Lloyd Austin.", ["Lloyd Austin"])
    assert token_f1("Lloyd Austin is the secretary", ["Lloyd Austin"]) == pytest.approx(2 / 3)  # "the" is dropped: P=2/4, R=1
    assert numeric_match("about 900 [1]", ["900"]) is True
    assert numeric_match("no figure", ["Lloyd Austin"]) is None


def test_alce_citation_scores() -> None:
    quote = "there are currently around 2,500 American troops in Iraq and 900 in Syria"
    unrelated = "Lloyd Austin confirmed meetings would start in the coming days."
    cits = [Citation("d", 0, len(quote), quote, "t", None, None, 1), Citation("d", 0, 10, unrelated, "t", None, None, 2)]
    answer = Answer("There are 900 US troops in Syria [1][2].", False, cits)
    scores = citation_scores(answer, SupportJudge())
    assert scores["citation_recall"] == 1.0
    assert scores["citation_precision"] == 0.5  # [2] alone supports nothing and [1] suffices
    bare = citation_scores(Answer("There are 900 US troops in Syria.", False, []), SupportJudge())
    assert bare["citation_recall"] == 0.0


def test_gate_flags_a_drop_of_more_than_one_question() -> None:
    good = [{"id": f"q{i}", "answerable": True, "refused": False, "correct": True, "citations": [], "exact_citations": 0,
             "retrieval_rank": 1, "latency_s": 1.0, "question": "q", "answer": "a", "verdict": "pass"} for i in range(10)]
    baseline = {"summary": summarize(good), "questions": good}
    one_worse = [dict(q, correct=(i != 0)) for i, q in enumerate(good)]
    assert compare({"summary": summarize(one_worse), "questions": one_worse}, baseline) == []
    two_worse = [dict(q, correct=(i > 1), verdict="wrong" if i <= 1 else "pass") for i, q in enumerate(good)]
    failures = compare({"summary": summarize(two_worse), "questions": two_worse}, baseline)
    assert failures and failures[0].startswith("answer_accuracy")
    assert any("q0" in line for line in failures)


class UnrelatedRetriever(Retriever):
    """Deliberately broken: returns the chunks least like the question."""

    def search(self, query: str, k: int | None = None) -> list[ScoredChunk]:
        ranked = super().search(query, len(self.loaded.chunks))
        return list(reversed(ranked))[: k or self.top_k]


@pytest.mark.slow
def test_the_gate_fails_a_broken_pipeline(real_pipeline) -> None:
    baseline = json.loads(BASELINE.read_text())
    ids = [q["id"] for q in baseline["questions"] if q["answerable"] and q["correct"]][:10]
    ids += [q["id"] for q in baseline["questions"] if not q["answerable"]][:4]
    gold = [q for q in load_gold(GOLD) if q["id"] in ids]
    kept = [q for q in baseline["questions"] if q["id"] in ids]
    baseline_subset = {"summary": summarize(kept), "questions": kept}
    judge = SupportJudge(real_pipeline.embedder)

    healthy = evaluate(real_pipeline, gold, real_pipeline.loaded.articles, judge)
    assert compare(healthy, baseline_subset) == []

    broken_retriever = UnrelatedRetriever(real_pipeline.loaded, real_pipeline.embedder, real_pipeline.settings.top_k_chunks)
    original = real_pipeline.retriever
    real_pipeline.retriever = broken_retriever
    try:
        broken = evaluate(real_pipeline, gold, real_pipeline.loaded.articles, judge)
    finally:
        real_pipeline.retriever = original
    failures = compare(broken, baseline_subset)
    assert any(line.startswith("answer_accuracy") for line in failures), failures
    assert any(line.startswith("retrieval_recall_at_5") for line in failures), failures
