from __future__ import annotations

import ast

import pytest

from rag import baselines
from rag.corpus import load_corpus
from rag.evaluation import compare, evaluate, score_item, summarize
from rag.retrieve import Retriever, ScoredChunk
from rag.scoring import alias_match, citation_on_gold, matches_any, rgb_match, token_f1, tokens
from rag.settings import PROJECT_ROOT, Settings
from rag.suites import load_gold, load_suite
from rag.types import Answer, Citation

from .conftest import CORPUS


def test_gold_set_is_big_and_varied_enough() -> None:
    gold = load_gold()
    kinds = [q["kind"] for q in gold]
    assert len(gold) >= 100
    assert sum(not q["answerable"] for q in gold) >= 20
    assert sum(k.startswith("followup") for k in kinds) >= 10
    assert all(q["history"] for q in gold if q["kind"].startswith("followup"))
    assert sum(q["split"] == "heldout" for q in gold) >= 30
    assert len({q["id"] for q in gold}) == len(gold)


def test_every_gold_span_is_an_exact_slice_of_its_article() -> None:
    texts = {a.doc_id: a.text for a in load_corpus(CORPUS)}
    for item in load_gold():
        assert bool(item["support"]) == item["answerable"], item["id"]
        for span in item["support"]:
            assert texts[span["doc_id"]][span["start"] : span["end"]] == span["quote"], item["id"]


def test_no_alias_matches_a_known_wrong_answer_of_its_question() -> None:
    for item in load_gold():
        if not item["answerable"]:
            continue
        assert item["wrong"], f"{item['id']} lists no known wrong answers"
        for wrong in item["wrong"]:
            assert not matches_any(wrong, item["answers"]), (item["id"], wrong)


def test_no_alias_is_made_of_the_question_s_own_words() -> None:
    for item in load_gold():
        asked = set(tokens(item["question"]))
        for alias in item["answers"]:
            assert set(tokens(alias.replace("|", " "))) - asked, (item["id"], alias)


def test_answer_matching_is_strict() -> None:
    assert alias_match("About nine hundred US troops are in Syria [1].", "900")
    assert alias_match("Around 2,500 troops [1].", "2500")
    assert alias_match("2,500 in Iraq and 900 in Syria", "2,500|900")
    assert not alias_match("2,500 in Iraq", "2,500|900")
    assert not alias_match("In December [1].", "December 2021")  # a date needs the parts that make it right
    assert alias_match("Since December 2021 [1].", "December 2021")
    assert alias_match("No, he does not [1].", "no")
    assert not alias_match("There is no full withdrawal planned [1].", "no")  # "no" must be the answer
    assert not alias_match("Revenue was $10.4 million.", "$10.4 billion")
    assert alias_match("al-Sudani's office said so", "al-Sudani")
    assert token_f1("Lloyd Austin is the secretary", ["Lloyd Austin"]) == pytest.approx(2 / 3)


def test_rgb_matching_follows_its_protocol() -> None:
    assert rgb_match("The game was in Tampa, Florida [1].", "Tampa, Florida")
    assert not rgb_match("The game was in Tampa Bay [1].", "Tampa, Florida")
    assert rgb_match("Released on Dec. 1, 2017", [["December 1 2017", "Dec. 1, 2017"]])
    assert not rgb_match("Released in December 2017", [["December 1 2017", "Dec. 1, 2017"]])


def test_the_rgb_suites_reproduce_the_protocol_counts() -> None:
    settings = Settings.from_env(environ={})
    noise, reject = load_suite("rgb-noise", settings), load_suite("rgb-reject", settings)
    assert (len(noise.items), len(list(noise.corpus_dir.glob("*.txt")))) == (50, 487)
    assert (len(reject.items), len(list(reject.corpus_dir.glob("*.txt")))) == (47, 289)
    assert all(item["positives"] for item in noise.items)
    assert {i["split"] for i in noise.items} == {"fit", "heldout"}


def test_citations_are_scored_against_gold_spans() -> None:
    spans = [{"doc_id": "d", "start": 100, "end": 140}]
    assert citation_on_gold("d", 90, 110, spans)
    assert not citation_on_gold("d", 10, 100, spans)
    assert not citation_on_gold("e", 100, 140, spans)


class _Retriever:
    def search(self, query: str, k: int | None = None) -> list[ScoredChunk]:
        return []


def test_a_right_answer_citing_the_wrong_place_is_correct_but_not_cited() -> None:
    articles = {a.doc_id: a for a in load_corpus(CORPUS)}
    item = next(q for q in load_gold() if q["id"] == "a18")  # the year the US invaded Iraq
    doc = item["support"][0]["doc_id"]
    wrong_place = Citation(doc, 0, 20, articles[doc].text[0:20], "t", None, None, 1)
    record = score_item(item, Answer("In 2003 [1].", False, [wrong_place]), 0.1, _Retriever(), articles, item["question"])  # type: ignore[arg-type]
    assert record["correct"] and not record["cited_gold"]
    span = item["support"][0]
    right_place = Citation(doc, span["start"], span["end"], span["quote"], "t", None, None, 1)
    record = score_item(item, Answer("In 2003 [1].", False, [right_place]), 0.1, _Retriever(), articles, item["question"])  # type: ignore[arg-type]
    assert record["correct"] and record["cited_gold"]


def test_the_eval_shares_no_code_with_the_checks_it_grades() -> None:
    for module in ("scoring.py", "evaluation.py", "suites.py"):
        tree = ast.parse((PROJECT_ROOT / "rag" / module).read_text())
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        assert not imported & {"verify", "text", "rag.verify", "rag.text"}, module


def _record(i: int, correct: bool = True) -> dict:
    return {
        "id": f"q{i}",
        "split": "fit",
        "answerable": True,
        "refused": False,
        "correct": correct,
        "cited_gold": correct,
        "citations_on_gold": 1,
        "citations": [{}],
        "exact_citations": 1,
        "retrieval_rank": 1,
        "latency_s": 1.0,
        "question": "q",
        "answer": "a",
        "verdict": "pass" if correct else "wrong",
    }


def test_gate_flags_a_drop_of_more_than_one_question() -> None:
    good = [_record(i) for i in range(10)]
    baseline = {"summary": summarize(good), "questions": good}
    one_worse = [_record(i, i != 0) for i in range(10)]
    assert compare({"summary": summarize(one_worse), "questions": one_worse}, baseline) == []
    two_worse = [_record(i, i > 1) for i in range(10)]
    failures = compare({"summary": summarize(two_worse), "questions": two_worse}, baseline)
    assert failures and failures[0].startswith("answer_accuracy")
    assert any("q0" in line for line in failures)


class UnrelatedRetriever(Retriever):
    """Deliberately broken: returns the chunks least like the question."""

    def search(self, query: str, k: int | None = None, only: set[str] | None = None) -> list[ScoredChunk]:
        ranked = super().search(query, len(self.loaded.chunks))
        return list(reversed(ranked))[: k or self.top_k]


@pytest.mark.slow
def test_the_gate_fails_a_broken_pipeline(real_pipeline) -> None:
    # The baseline this machine is gated on (its CPU flavour's, else another's with the measured drift).
    candidates, slack = baselines.gate_baselines("default")
    baseline = candidates[0][1]
    ids = [q["id"] for q in baseline["questions"] if q["answerable"] and q["correct"]][:10]
    ids += [q["id"] for q in baseline["questions"] if not q["answerable"]][:4]
    gold = [q for q in load_gold() if q["id"] in ids]
    kept = [q for q in baseline["questions"] if q["id"] in ids]
    baseline_subset = {"summary": summarize(kept), "questions": kept}

    healthy = evaluate(real_pipeline, gold, real_pipeline.loaded.articles)
    assert compare(healthy, baseline_subset, slack) == []

    original = real_pipeline.retriever
    real_pipeline.retriever = UnrelatedRetriever(real_pipeline.loaded, real_pipeline.embedder, real_pipeline.settings.top_k_chunks)
    try:
        broken = evaluate(real_pipeline, gold, real_pipeline.loaded.articles)
    finally:
        real_pipeline.retriever = original
    failures = compare(broken, baseline_subset, slack)
    assert any(line.startswith("answer_accuracy") for line in failures), failures
    assert any(line.startswith("retrieval_recall_at_5") for line in failures), failures


def test_a_kinds_item_needs_every_fact_and_every_sentence_cited_on_gold() -> None:
    item = {
        "id": "t1",
        "kind": "explanation",
        "question": "Why is the bridge closed?",
        "history": [],
        "answerable": True,
        "facts": [["cracks", "cracked"], ["two piers", "2 piers"]],
        "support": [{"doc_id": "d", "start": 10, "end": 40, "quote": "x"}],
    }
    articles = {"d": type("A", (), {"text": "x" * 100})()}
    on_gold = Citation("d", 12, 30, "x" * 18, "t", None, None, 1)
    off_gold = Citation("d", 60, 70, "x" * 10, "t", None, None, 2)
    score = lambda text, cites: score_item(item, Answer(text, False, cites), 0.1, _Retriever(), articles, item["question"])  # type: ignore[arg-type]  # noqa: E731
    whole = score("Cracks were found in two piers [1].", [on_gold])
    assert whole["correct"] and whole["grounded"]
    assert not score("Cracks were found [1].", [on_gold])["correct"]  # one fact of two is not enough
    assert not score("Cracks were found in two piers [1]. It is old.", [on_gold])["grounded"]  # an uncited sentence
    assert not score("Cracks were found in two piers [1]. Traffic moved [2].", [on_gold, off_gold])["grounded"]


def test_answer_sentences_are_split_at_markers_and_full_stops_not_abbreviations() -> None:
    from rag.scoring import sentences

    assert sentences("The U.S. sent 900 troops in 2019 [1]. Maj. Gen. Ortiz said so [2].") == [
        ("The U.S. sent 900 troops in 2019 [1]", True),
        ("Maj. Gen. Ortiz said so [2].", True),
    ]
    assert [cited for _, cited in sentences("Reuters reported it [1]. Nobody else did.")] == [True, False]
    assert len(sentences("- Reuters [1]\n- AFP [2]")) == 2


def test_a_full_stop_inside_a_quotation_does_not_end_the_sentence_that_quotes_it() -> None:
    from rag.scoring import sentences

    quoted = "“We will not leave. That is final,” the mayor told reporters on Monday [1]."
    assert sentences(quoted) == [(quoted, True)]
    assert sentences('"Prices will fall. Soon," she said [1]. He disagreed.') == [
        ('"Prices will fall. Soon," she said [1]', True),
        ("He disagreed.", False),
    ]
    # A marker still ends the sentence, even inside a quotation left open; so does a line break.
    assert [c for _, c in sentences("“The dam held [1]. Nobody left.")] == [True, False]
    assert [c for _, c in sentences("- “Rain is due.\n- Snow [1]")] == [False, True]
    # A stray quote mark that never closes joins nothing.
    assert [c for _, c in sentences('Fares rose. The 12" pipe burst. Crews came. Nobody was hurt [1].')] == [False, False, False, True]


def test_the_kinds_suite_loads_split_in_two_halves_with_facts() -> None:
    suite = load_suite("kinds", Settings())
    splits = [i["split"] for i in suite.items]
    assert len(suite.items) >= 30 and abs(splits.count("fit") - splits.count("heldout")) <= 1
    assert next(i for i in suite.items if i["id"] == "k01")["split"] == "fit"
    assert all(i["facts"] for i in suite.items if i["answerable"])
