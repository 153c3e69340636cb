"""The real embedder, FAISS index and LLM at temperature 0, end to end through `answer`."""

from __future__ import annotations

import re

import pytest

from rag.pipeline import Pipeline
from rag.scoring import alias_match

pytestmark = pytest.mark.slow

ANSWERABLE = [
    ("How many US troops are in Syria?", ["900"], {"001_74b727acca70647e", "003_63da0c3924deb257"}),
    ("How many US troops are in Iraq?", ["2,500"], None),
    ("In what year did the US invade Iraq?", ["2003"], {"001_74b727acca70647e"}),
    ("How many attacks have targeted coalition troops since mid-October?", ["150"], {"003_63da0c3924deb257"}),
    ("Who is the US Secretary of Defense?", ["Lloyd Austin"], {"003_63da0c3924deb257"}),
    ("When did the Iraqi parliament vote for the expulsion of foreign forces?", ["January 2020"], {"004_c34c2e7006b52b5c"}),
    ("When did the US military announce the end of its combat role in Iraq?", ["December 2021"], {"002_4347aecd19218ae7"}),
    ("Which Iraqi president did the 2003 US invasion topple?", ["Saddam Hussein"], {"001_74b727acca70647e"}),
    ("Who is the Prime Minister of Iraq?", ["al-Sudani"], {"002_4347aecd19218ae7", "004_c34c2e7006b52b5c"}),
    ("Which news network did sources tell that a military commission would be the vehicle for the talks?", ["CNN"], None),
]
UNANSWERABLE = [
    "How many US troops are in Yemen?",
    "What is the population of Baghdad?",
    "Who won the 2024 US presidential election?",
    "What is the capital of France?",
    "Who is the US Secretary of State?",
]


def assert_citations_exact(pipeline: Pipeline, answer) -> None:
    assert answer.citations, answer.text
    for citation in answer.citations:
        article = pipeline.loaded.articles[citation.doc_id]
        assert article.text[citation.start : citation.end] == citation.quote
        assert f"[{citation.marker}]" in answer.text
        assert (citation.title, citation.source, citation.date) == (article.title, article.source, article.date)


# Most of these must be answered right. Accuracy is judged by the eval gate on the whole gold set
# (eval/baselines/, 108 default-corpus and 97 RGB questions), not on this sample of ten, where one
# answer more or less would decide; this floor keeps the real path from silently failing.
MIN_RIGHT = 6


def test_answerable_questions_are_answered_right_with_exact_citations_or_refused(real_pipeline: Pipeline) -> None:
    right, wrong = [], []
    for question, aliases, docs in ANSWERABLE:
        answer = real_pipeline.answer(question)
        if answer.refused:
            assert answer.citations == [] and "don't say" in answer.text
            continue
        # Whatever is answered, right or wrong, is cited exactly, and its words come from what it
        # cites: the phrase the model gave, and the sentence said around it.
        assert_citations_exact(real_pipeline, answer)
        quoted = " ".join(c.quote.lower() for c in answer.citations)
        phrases = [str(c["claim"]) for c in answer.checks if c.get("supported")]
        assert phrases and all(p.lower() in quoted for p in phrases), (question, answer.text, phrases)
        sentence_words = set(re.findall(r"[a-z0-9,]{4,}", answer.text.split(" [")[0].lower()))
        assert all(w in quoted for w in sentence_words), (question, answer.text)
        if any(alias_match(answer.text, a) for a in aliases) and (not docs or {c.doc_id for c in answer.citations} & docs):
            right.append(question)
        else:
            wrong.append(f"{question} -> {answer.text}")
    assert len(right) >= MIN_RIGHT, f"only {len(right)} of {len(ANSWERABLE)} right; wrong: {wrong}"


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_questions_the_articles_do_not_answer_are_refused(real_pipeline: Pipeline, question: str) -> None:
    answer = real_pipeline.answer(question)
    assert answer.refused, answer.text
    assert answer.citations == [] and "don't say" in answer.text


def test_follow_up_about_syria_after_iraq(real_pipeline: Pipeline) -> None:
    first = real_pipeline.answer("How many US troops are in Iraq?")
    follow = real_pipeline.answer("And how many are in Syria?", history=[("How many US troops are in Iraq?", first.text)])
    assert not follow.refused and alias_match(follow.text, "900"), follow.text
    assert_citations_exact(real_pipeline, follow)


def test_follow_up_with_a_pronoun(real_pipeline: Pipeline) -> None:
    history = [("Who is the US Secretary of Defense?", "Lloyd Austin [1].")]
    follow = real_pipeline.answer("When did he say the meetings would start?", history=history)
    # The earlier question names him: the line that answers is among the evidence, and the answer,
    # if any, is that one.
    evidence = real_pipeline.retriever.evidence("Who is the US Secretary of Defense? When did he say the meetings would start?", 4)
    assert any("coming days" in unit.text for unit in evidence)
    assert follow.refused or alias_match(follow.text, "coming days"), follow.text


def test_public_api_answer_works_with_no_set_up(tmp_path, monkeypatch) -> None:
    """`from rag import answer` on the default corpus builds a missing index by itself."""
    import rag
    from rag import pipeline as pipeline_module

    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "fresh-index"))
    monkeypatch.setattr(pipeline_module, "_PIPELINES", {})
    result = rag.answer("How many US troops are in Syria?")
    assert isinstance(result, rag.Answer) and not result.refused
    assert "900" in result.text
    assert (tmp_path / "fresh-index" / "manifest.json").exists()


def test_the_model_s_first_token_probabilities_tell_answerable_from_not(real_pipeline: Pipeline) -> None:
    """Read from the logits on written text: evidence that answers vs evidence that does not."""
    from rag.generate import REFUSAL_TOKEN, load_prompt

    def p_refuse(evidence: str, question: str) -> float:
        user = load_prompt("user.txt").format(evidence=evidence, context="", question=question).strip()
        messages = [{"role": "system", "content": load_prompt("system.txt").strip()}, {"role": "user", "content": user}]
        return real_pipeline.model.reply_shares(messages, [[REFUSAL_TOKEN], ["[1]", "[2]"]])[0]

    evidence = "[1] The ferry to Kigoma sails twice a week, port officials said.\n[2] Tickets cost 12,000 shillings."
    assert p_refuse(evidence, "How much does a ferry ticket cost?") < p_refuse(evidence, "Who is the mayor of Kigoma?")


def test_a_question_reads_the_same_probabilities_and_reply_whatever_was_asked_before(real_pipeline: Pipeline) -> None:
    """The KV cache keeps only what no earlier question shaped (the system prompt, evaluated alone),
    so a near tie cannot go another way after another question: same probabilities, same answer.
    (Before, the first question below moved this one's probability of declining from 0.34 to 0.36.)"""
    target = "Which Iraqi president did the 2003 US invasion topple?"
    seen = []
    for before in ("When did the US exit Iraq after the 2003 invasion?", "How many US troops are in Syria?"):
        real_pipeline.answer(before)
        answer = real_pipeline.answer(target)
        seen.append((answer.text, answer.checks))
    assert seen[0] == seen[1], seen
