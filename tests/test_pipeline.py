from __future__ import annotations

import re

import pytest

from rag.index import build_index
from rag.pipeline import ONE_CAUSE_REASON, REFUSAL_TEXT, Pipeline, _cited, validate_question
from rag.retrieve import clear_favourite
from rag.settings import Settings
from rag.types import Answer
from rag.verify import Thresholds

from .fakes import HashingEmbedder, ScriptedModel


def make_pipeline(settings: Settings, embedder: HashingEmbedder, model: ScriptedModel, thresholds: Thresholds | None = None) -> Pipeline:
    build_index(settings, embedder)
    return Pipeline(settings, embedder=embedder, model=model, thresholds=thresholds)


def cite_evidence_with(figure: str, place: str = "Syria"):
    """A model that cites the evidence line holding `figure`, as a good model would."""

    def reply(messages) -> str:
        if "Short answer:" in messages[-1]["content"]:  # asked to say it as a sentence
            return f"There are about {figure} US troops in {place}."
        lines = messages[-1]["content"].splitlines()
        number = next(line.split("]")[0].lstrip("[") for line in lines if figure in line and line.startswith("["))
        return f"[{number}] about {figure} US troops in {place}"

    return reply


def test_markers_map_to_exact_citations(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    pipeline = make_pipeline(fake_settings, fake_embedder, ScriptedModel(reply_for=cite_evidence_with("900")))
    answer = pipeline.answer("How many US troops are in Syria?")
    assert not answer.refused
    assert answer.text == "There are about 900 US troops in Syria [1]."  # the phrase, said as a sentence
    citation = answer.citation(1)
    original = (fake_settings.corpus_dir / f"{citation.doc_id}.txt").read_text()
    assert original[citation.start : citation.end] == citation.quote
    assert "900" in citation.quote


def test_a_sentence_that_says_more_than_its_line_is_not_shown(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    def reply(messages) -> str:
        if "Short answer:" in messages[-1]["content"]:
            return "There are not about 900 US troops in Syria since 2019."  # a negation and a year of its own
        return cite_evidence_with("900")(messages)

    answer = make_pipeline(fake_settings, fake_embedder, ScriptedModel(reply_for=reply)).answer("How many US troops are in Syria?")
    assert answer.text == "About 900 US troops in Syria [1]."  # the verified phrase itself
    plain = make_pipeline(fake_settings.replace(sentence_answers=False), fake_embedder, ScriptedModel(reply_for=reply))
    assert plain.answer("How many US troops are in Syria?").text == "About 900 US troops in Syria [1]."


def test_a_claim_its_evidence_does_not_support_is_dropped(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    model = ScriptedModel(reply_for=lambda m: "[1] about 7,000 US troops in Syria")
    pipeline = make_pipeline(fake_settings, fake_embedder, model)
    answer = pipeline.answer("How many US troops are in Syria?")
    assert answer.refused and answer.text == REFUSAL_TEXT and answer.citations == []
    # (then asked again from the lines' own words; this fake ignores the grammar, so that is dropped too)
    assert answer.dropped_sentences[0] == "about 7,000 US troops in Syria"
    assert "figures not in the line" in str(answer.checks)


def test_a_high_probability_of_no_answer_refuses_before_generating(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    model = ScriptedModel(reply_for=cite_evidence_with("900"), p_refuse=0.97)
    answer = make_pipeline(fake_settings, fake_embedder, model).answer("How many US troops are in Syria?")
    assert answer.refused and model.prompts == []
    assert answer.checks[0]["signals"]["p_refuse"] == 0.97


def test_the_model_s_doubt_about_its_own_answer_drops_it(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    thresholds = Thresholds(max_refusal=0.5, min_support=0.5)
    model = ScriptedModel(reply_for=cite_evidence_with("900"), p_support=0.01)
    answer = make_pipeline(fake_settings, fake_embedder, model, thresholds).answer("How many US troops are in Syria?")
    assert answer.refused
    check = model.checks[0][-1]["content"]
    assert "Proposed answer: about 900 US troops in Syria" in check and "Does evidence line [" in check
    confident = ScriptedModel(reply_for=cite_evidence_with("900"), p_support=0.99)
    kept = make_pipeline(fake_settings, fake_embedder, confident, thresholds).answer("How many US troops are in Syria?")
    assert not kept.refused and kept.support == 0.99


def test_names_absent_from_every_article_are_refused_without_calling_the_model(
    fake_settings: Settings, fake_embedder: HashingEmbedder
) -> None:
    model = ScriptedModel("There are 900 troops in Yemen [1].")
    pipeline = make_pipeline(fake_settings, fake_embedder, model)
    answer = pipeline.answer("How many US troops are in Yemen?")
    assert answer.refused
    assert model.prompts == []


def test_model_refusal_is_kept_when_evidence_does_not_answer(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    pipeline = make_pipeline(fake_settings, fake_embedder, ScriptedModel("NOT FOUND"))
    assert pipeline.answer("Which company built the Taji base kitchens?").refused


class DecliningModel(ScriptedModel):
    """Writes "[n] NOT FOUND" while its grammar lets it, though its probability of declining after
    the marker is `p_after`; without a decline it cites the line with the figure."""

    def __init__(self, p_after: float) -> None:
        super().__init__(reply_for=lambda m: next(f"[{line[1]}] 1,200" for line in m[-1]["content"].splitlines() if "1,200" in line))
        self.p_after = p_after

    def reply_shares(self, messages, groups, prefix: str = "") -> list[float]:
        if prefix.startswith("[") and prefix != "[":
            return [self.p_after, 1 - self.p_after]
        return super().reply_shares(messages, groups, prefix)

    def stream(self, messages, max_tokens: int, grammar: str | None = None):
        may_decline = grammar is not None and "body ::= [^\\[\\]\\n(] rest" in grammar
        if may_decline and "Short answer:" not in messages[-1]["content"]:
            self.grammars.append(grammar)
            yield "[1] NOT FOUND"
            return
        yield from super().stream(messages, max_tokens, grammar)


def test_a_decline_the_model_s_own_probability_does_not_bear_out_is_answered_anyway(tmp_path, fake_embedder: HashingEmbedder) -> None:
    # The greedy reply declined, but the model's probability of declining is under the limit: it
    # answers again with no decline allowed, and that answer is checked as any other.
    settings = corpus_settings(tmp_path, {"ferry.txt": FERRY_STORY}, sentence_answers=False)
    question = "How many passengers crossed from Kigoma?"
    unsure = DecliningModel(p_after=0.1)
    answer = make_pipeline(settings, fake_embedder, unsure, Thresholds(max_refusal=0.5)).answer(question)
    assert not answer.refused and "1,200" in answer.text and len(unsure.grammars) >= 2
    # Over the limit, the decline stands.
    sure = DecliningModel(p_after=0.9)
    assert make_pipeline(settings, fake_embedder, sure, Thresholds(max_refusal=0.5)).answer(question).refused
    assert len(sure.grammars) == 1


COUNCIL_STORY = """Harbour council picks a budget

Lakeside Wire, 2025-05-02

Former Eastport Mayor Jane Ortiz opened the harbour council session on Monday.
Mayor Sam Reed said the new budget would fund two ferries.
"""


class OneLineAtATimeModel(ScriptedModel):
    """Answers `first` from the first line holding `first_mark` while its grammar lets it cite that
    line; then `then` from the first line holding `then_mark`. By default: Jane Ortiz, then Sam Reed."""

    def __init__(self, first: tuple[str, str] = ("Ortiz", "Jane Ortiz"), then: tuple[str, str] = ("Sam Reed", "Sam Reed")) -> None:
        super().__init__()
        self.first, self.then = first, then

    def stream(self, messages, max_tokens: int, grammar: str | None = None):
        self.grammars.append(grammar)
        lines = messages[-1]["content"].splitlines()
        (first_mark, first), (then_mark, then) = self.first, self.then
        one = next(line[1] for line in lines if first_mark in line and line.startswith("["))
        other = next(line[1] for line in lines if then_mark in line and line.startswith("["))
        cites = (grammar or "").split("cite ::= ")[-1]
        yield f"[{one}] {first}" if f'"{one}"' in cites else f"[{other}] {then}"


def test_a_past_holder_s_line_gives_way_to_the_other_lines(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, {"council.txt": COUNCIL_STORY}, sentence_answers=False)
    model = OneLineAtATimeModel()
    answer = make_pipeline(settings, fake_embedder, model).answer("Who is the mayor of Eastport?")
    assert answer.text.startswith("Sam Reed") and not answer.refused
    assert any("former holder" in r for c in answer.checks for r in c["reasons"])  # type: ignore[union-attr]
    answers = [g for g in model.grammars if g and "cite ::= " in g]
    assert len(answers) == 2 and len(answers[1].split("cite ::= ")[-1].split("|")) == len(answers[0].split("cite ::= ")[-1].split("|")) - 1


BOARD_STORY = """Ferry board news

Lakeside Wire, 2025-05-02

As chair of the Eastport ferry board, Ada Bello leads all ferry planning.
In 2021 the Eastport ferry board chair Sam Reed, with Ada Bello beside him, said two ferries would be bought.
"""


def test_a_line_about_another_year_gives_way_to_the_other_lines_and_lends_no_other_line_its_words(
    tmp_path, fake_embedder: HashingEmbedder
) -> None:
    settings = corpus_settings(tmp_path, {"board.txt": BOARD_STORY}, sentence_answers=False)
    model = OneLineAtATimeModel(first=("Bello", "Ada Bello leads all ferry planning"))  # her line's own words, then Sam Reed
    answer = make_pipeline(settings, fake_embedder, model).answer("Who chaired the Eastport ferry board in 2021?")
    # "Ada Bello leads all ferry planning" is her line's words: Sam Reed's line, which names her but
    # holds little else of them, does not support it; her line does not give 2021, so the model is
    # asked again from the other lines.
    assert answer.text.startswith("Sam Reed") and not answer.refused, answer.text
    assert "leads all ferry planning" not in answer.text
    assert len([g for g in model.grammars if g and "cite ::= " in g]) == 2


def test_stream_yields_tokens_then_the_answer(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    pipeline = make_pipeline(fake_settings, fake_embedder, ScriptedModel(reply_for=cite_evidence_with("900")))
    events = list(pipeline.stream("How many US troops are in Syria?"))
    assert isinstance(events[-1], Answer) and not events[-1].refused
    draft = "".join(e.text for e in events[:-1])
    assert draft.startswith("[") and "about 900 US troops in Syria" in draft
    assert events[-1].timings["total_s"] >= events[-1].timings["first_token_s"] > 0


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_empty_questions_are_rejected(question: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        validate_question(question, 100)


def test_huge_questions_are_rejected_quickly() -> None:
    with pytest.raises(ValueError, match="100,000 characters"):
        validate_question("x" * 100_000, 2000)


def test_conflicting_figures_are_reported_with_both_citations(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    (fake_settings.corpus_dir / "005_conflict.txt").write_text(
        "Pentagon figures for the region\n\nBy Jane Doe Feb 2, 2024 | 9:00 AM\n\n"
        "WASHINGTON (Reuters) - There are roughly 3,000 US troops deployed in Iraq and about 900 in Syria as part of the anti-Daesh coalition formed in 2014.\n"
    )
    pipeline = make_pipeline(fake_settings, fake_embedder, ScriptedModel(reply_for=cite_evidence_with("2,500", "Iraq")))
    answer = pipeline.answer("How many US troops are deployed in Iraq?")
    assert not answer.refused
    assert "The articles differ here:" in answer.text, answer.text
    assert "3000 [" in answer.text or "3,000" in answer.text or "3000" in answer.text
    docs = {c.doc_id for c in answer.citations}
    assert "005_conflict" in docs and len(docs) >= 2
    assert "Reuters (2024-02-02)" in answer.text


def test_a_figure_the_answer_does_not_give_is_no_disagreement_to_report(tmp_path, fake_embedder: HashingEmbedder) -> None:
    stories = {
        "wire.txt": "Harbour chief named\n\nKIGOMA (Lakeside Wire) – Sam Reed now runs the harbour board, which handles 300 ferries a year.\n",
        "post.txt": "Harbour in numbers\n\nKIGOMA (Daily Post) – The harbour board, run by Sam Reed, handles 350 ferries a year.\n",
    }

    def reply(messages) -> str:
        if "Short answer:" in messages[-1]["content"]:  # asked to say it as a sentence
            return "Sam Reed runs the harbour board."
        lines = messages[-1]["content"].splitlines()
        number = next(line.split("]")[0].lstrip("[") for line in lines if "300 ferries" in line and line.startswith("["))
        return f"[{number}] Sam Reed"

    answer = make_pipeline(corpus_settings(tmp_path, stories), fake_embedder, ScriptedModel(reply_for=reply)).answer(
        "Who runs the harbour board?"
    )
    assert not answer.refused and "Sam Reed" in answer.text, answer.text
    assert "differ" not in answer.text, answer.text


WIRE_STORY = """Dock photo: cranes at the harbour, 2025.

Port workers end strike after pay deal

Author: Ann Jordan

KIGOMA (Lakeside Wire) – Port workers in Kigoma ended a nine-day strike on Friday after the harbour board agreed to a 12% pay rise.
The deal was signed by union leader Maria Lopez and board chair Sam Reed at the port offices.
Ferries to the islands will resume on Monday, the board said.
Exporters had warned that coffee shipments were piling up in warehouses during the stoppage.
"""
OTHER_STORY = """Council opens new library

The city council opened a new public library on Tuesday, with 40,000 books on its shelves.
Mayor Jane Ortiz said the library would open seven days a week.
"""


def corpus_settings(tmp_path, stories: dict[str, str], **overrides) -> Settings:
    """Settings over a corpus of these stories (file name -> text), written for the test."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name, text in stories.items():
        (corpus / name).write_text(text)
    return Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test", **overrides)


def two_story_settings(tmp_path) -> Settings:
    """A corpus of the two stories above, written for these tests."""
    return corpus_settings(tmp_path, {"port.txt": WIRE_STORY, "library.txt": OTHER_STORY})


def test_a_summary_of_a_named_article_is_drawn_from_its_lead(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)

    def reply(messages) -> str:
        return "[1] Port workers in Kigoma ended a nine-day strike on Friday\n[3] Ferries to the islands will resume on Monday"

    # The model doubts any one line answers "summarise", but the article exists: it is summarised.
    model = ScriptedModel(reply_for=reply, p_refuse=0.9)
    answer = make_pipeline(settings, fake_embedder, model).answer("Summarise the Lakeside Wire report by Ann Jordan.")
    assert not answer.refused, answer.checks
    assert answer.text == (
        "KIGOMA (Lakeside Wire) – Port workers in Kigoma ended a nine-day strike on Friday after the harbour board agreed to a 12% pay rise [1]. "
        "Ferries to the islands will resume on Monday, the board said [2]."
    )
    shown = model.prompts[0][-1]["content"]
    # The lead, in the story's order, from under the headline (not the photo caption), and nothing of the other article.
    assert shown.index("Port workers in Kigoma") < shown.index("The deal was signed") < shown.index("Ferries to the islands")
    assert "Dock photo" not in shown and "library" not in shown
    assert "several things" in model.prompts[0][0]["content"]  # told the answer may take more than one line
    # A summary about a topic the lead does not touch is answered like any question: here the model
    # finds no line answers, and that stands.
    other_topic = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply, p_refuse=0.9))
    assert other_topic.answer("Summarise the Lakeside Wire report on the new public library.").refused


def test_a_question_about_an_author_s_report_is_answered_from_her_article_s_lines(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)
    model = ScriptedModel(reply_for=lambda m: next(f"[{l[1]}] a 12% pay rise" for l in m[-1]["content"].splitlines() if "12%" in l))
    pipeline = make_pipeline(settings, fake_embedder, model)
    answer = pipeline.answer("According to Ann Jordan, port workers in Kigoma ended a strike after the harbour board agreed to what?")
    # Ann Jordan is named in no line, but the line is from her article: its byline is where it comes from.
    assert not answer.refused, answer.checks
    assert answer.text.startswith("A 12% pay rise")
    assert pipeline.answer("According to Sam Lee, port workers in Kigoma ended a strike after the harbour board agreed to what?").refused
    # An author's name counts only when the question names her: "Jordan" here is a country, not the byline.
    assert pipeline.answer("Did port workers in Jordan end a strike after the harbour board agreed to what?").refused


def test_questions_asking_for_several_things_have_their_own_refusal_limit(fake_settings: Settings, fake_embedder: HashingEmbedder) -> None:
    thresholds = Thresholds(max_refusal=0.2, min_support=0.0, max_refusal_several=0.4)
    assert thresholds.for_question(several=True).max_refusal == 0.4
    assert thresholds.for_question(several=False).max_refusal == 0.2
    assert Thresholds(max_refusal=0.2).for_question(several=True).max_refusal == 0.2  # none fitted: the one limit

    def reply(messages) -> str:
        return "[1] a reason" if "several things" not in messages[0]["content"] else cite_evidence_with("900")(messages)

    model = ScriptedModel(reply_for=reply, p_refuse=0.3)
    pipeline = make_pipeline(fake_settings, fake_embedder, model, thresholds)
    assert pipeline.answer("How many US troops are in Syria?").refused  # one fact: 0.3 is past its limit
    assert model.prompts == []
    assert not pipeline.answer("Why are US troops in Syria?").refused, "several things: 0.3 is within the limit"


def test_a_statement_answering_why_is_shown_as_its_whole_line(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, {"port.txt": WIRE_STORY})

    def reply(messages) -> str:
        n = next(line[1] for line in messages[-1]["content"].splitlines() if "12% pay rise" in line)
        return f"[{n}] the harbour board agreed to a 12% pay rise\n[{n}] Port workers in Kigoma ended a nine-day strike"

    answer = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply)).answer(
        "Why did the port workers in Kigoma end their strike?"
    )
    line = (
        "KIGOMA (Lakeside Wire) – Port workers in Kigoma ended a nine-day strike on Friday after the harbour board agreed to a 12% pay rise"
    )
    assert answer.text == f"{line} [1]."  # the reason with its sentence, once, though two statements came from it
    assert answer.citations[0].quote.startswith(line)


PLANT_STORY = """Tula plant strike ends

Author: Ada Bello

TULA (Harbour Post) – Workers at the Tula plant walked out in March 2019 over unpaid wages.
They went back after two weeks, when the owners paid what they owed.
"""
WATER_RATES_STORY = """Westland raises water rates

Author: Sam Reed

WESTLAND (Lakeside Wire) – The regional council voted in May 2019 to raise water rates.
Its members meet again in June.
"""


def test_past_its_first_statement_an_answer_keeps_to_the_names_its_first_line_carries(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, {"plant.txt": PLANT_STORY, "rates.txt": WATER_RATES_STORY})

    def reply(messages) -> str:
        rows = [line for line in messages[-1]["content"].splitlines() if re.match(r"\[\d+\] ", line)]
        return "\n".join(
            next(f"{line[:3]} {re.sub(r'^.*?– ', '', line[4:]).rstrip('.')}" for line in rows if word in line)
            for word in ("walked out", "council voted", "went back")
        )

    answer = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply)).answer("What happened at the Tula plant in 2019?")
    # The council's vote is from a story that names nothing the question asks about: a line near
    # the question, not an answer to it. "They went back…" is from the plant's own story: kept.
    assert "walked out" in answer.text and "They went back" in answer.text and "council" not in answer.text, answer.checks
    assert any("names none of the question's ['tula']" in r for c in answer.checks for r in c["reasons"])  # type: ignore[union-attr]


def test_past_its_first_statement_an_answer_keeps_lines_the_model_ranked_as_answers(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)

    def shown(messages) -> list[str]:
        return [line for line in messages[-1]["content"].splitlines() if re.match(r"\[\d+\] ", line)]

    def cite(messages, *words: str) -> str:
        rows = [(line[:3], re.sub(r"^\(.*?\) ", "", line[4:])) for line in shown(messages)]
        return "\n".join(next(f"{marker} {text}" for marker, text in rows if word in text) for word in words)

    def shares(doubted: str):  # the line holding `doubted` gets 5%, the rest share what is left
        def of(messages) -> list[float]:
            lines = shown(messages)
            return [0.05 if doubted in line else 0.95 / (len(lines) - 1) for line in lines]

        return of

    question = "Why did the port workers in Kigoma end their strike, and when do ferries run again?"
    thresholds = Thresholds(max_refusal=0.5, min_support=0.0, min_line_share=0.5)

    def reply(messages) -> str:
        return cite(messages, "12% pay rise", "Ferries")

    # The ferries' line is one the model barely ranked as an answer (5%): left out, with the reason.
    doubted = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply, line_shares=shares("Ferries")), thresholds).answer(
        question
    )
    assert doubted.text.endswith("12% pay rise [1].") and len(doubted.citations) == 1, doubted.checks
    assert any("Ferries to the islands will resume on Monday" in d for d in doubted.dropped_sentences)
    assert any("barely ranked line" in r for c in doubted.checks for r in c["reasons"])  # type: ignore[union-attr]
    # The first statement stands whatever its share; a line ranked above the limit is kept.
    ranked = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply, line_shares=shares("12% pay rise")), thresholds).answer(
        question
    )
    assert len(ranked.citations) == 2 and ranked.text.endswith("the board said [2].")
    # A summary's lines were picked as its article's gist: which one the model would cite first
    # says nothing of the others, and none is left out for it.
    summary = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply, line_shares=shares("Ferries")), thresholds).answer(
        "Summarise the Lakeside Wire report by Ann Jordan."
    )
    assert len(summary.citations) == 2 and summary.text.endswith("the board said [2].")


def test_a_statement_copied_word_for_word_from_a_shown_line_cites_that_line(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)

    def reply(messages) -> str:  # the second statement is line 1's words, numbered as line 3
        return "[1] Port workers in Kigoma ended a nine-day strike on Friday\n[3] the harbour board agreed to a 12% pay rise"

    answer = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply)).answer(
        "Summarise the Lakeside Wire report by Ann Jordan."
    )
    # Line 1 holds both statements: one sentence, cited there; line 3 (the ferries) lent nothing.
    assert answer.text.endswith("agreed to a 12% pay rise [1].") and len(answer.citations) == 1, answer.text
    assert "Ferries" not in answer.citations[0].quote


FERRY_STORY = """Ferries back on the lake

Lakeside Wire, 2025-04-02

Ferry crossings resumed on Monday after the strike. Some 1,200 passengers crossed from Kigoma and about 300 from Bukoba, the board said.
The Kigoma service first sailed in 1998 and the Bukoba service in 2006.
"""


def test_a_total_the_articles_imply_is_computed_from_checked_statements_not_written_by_the_model(
    tmp_path, fake_embedder: HashingEmbedder
) -> None:
    settings = corpus_settings(tmp_path, {"ferry.txt": FERRY_STORY})

    def stating(words: str):
        return lambda messages: next(f"[{line[1]}] {words}" for line in messages[-1]["content"].splitlines() if words.split()[-1] in line)

    question = "How many passengers crossed from Kigoma and Bukoba combined?"
    parts = make_pipeline(
        settings, fake_embedder, ScriptedModel(reply_for=stating("Some 1,200 passengers crossed from Kigoma and about 300 from Bukoba"))
    ).answer(question)
    assert parts.text.endswith("from Bukoba, the board said [1]. Together that is 1,500 (1,200 + 300) [1]."), parts.text
    # A sum the model writes itself is a figure its line does not give: dropped, as any other.
    summed = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=stating("1,500 passengers crossed from Kigoma"))).answer(
        question
    )
    assert summed.refused and "1,500" not in summed.text
    span = make_pipeline(
        settings, fake_embedder, ScriptedModel(reply_for=stating("The Kigoma service first sailed in 1998 and the Bukoba service in 2006"))
    )
    assert span.answer("How many years after the Kigoma service did the Bukoba service first sail?").text.endswith(
        "That is 8 years (1998 to 2006) [1]."
    )


def test_a_figure_that_counts_something_else_than_the_question_is_no_answer(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, {"ferry.txt": FERRY_STORY})

    def reply(messages) -> str:
        return next(f"[{line[1]}] 1,200" for line in messages[-1]["content"].splitlines() if "1,200" in line)

    pipeline = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply))
    assert pipeline.answer("How many passengers crossed from Kigoma?").text.startswith("Some 1,200")  # as its line bounds it
    ferries = pipeline.answer("How many ferries crossed from Kigoma?")  # the line's 1,200 counts passengers
    assert ferries.refused
    assert any("counts something other" in r for c in ferries.checks for r in c["reasons"])  # type: ignore[union-attr]


def test_an_answer_that_misreads_its_line_is_asked_again_from_the_lines_own_words(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)
    model = ScriptedModel()

    def reply(messages) -> str:
        if "Short answer:" in messages[-1]["content"]:  # asked to say it as a sentence
            return "Ferries to the islands will resume on Monday."
        line = next(l[1] for l in messages[-1]["content"].splitlines() if "Ferries" in l)
        if model.grammars[-1] and model.grammars[-1].startswith("root ::= claims"):
            return f"[{line}] 2025-03-14"  # a date read off the line's label, stated by no line
        return f"[{line}] on Monday"  # under the grammar of the lines' own words

    model.reply_for = reply
    events = list(
        make_pipeline(settings, fake_embedder, model).stream(
            "When will ferries to the islands resume after the port workers ended the strike?"
        )
    )
    answer = events[-1]
    assert isinstance(answer, Answer) and not answer.refused, answer.checks
    assert answer.text == "Ferries to the islands will resume on Monday [1].", answer.text
    # The second reply was held to the lines' own words (then the sentence was written).
    held = [g for g in model.grammars if g]  # (None: the fake reads its reply to give probabilities)
    assert held[0].startswith("root ::= claims") and held[1].startswith('root ::= "[1] "')
    assert [c["misread"] for c in answer.checks] == [False, True]  # the answer's verdict, then the first reply's
    assert answer.dropped_sentences == ["2025-03-14"] and "retry_s" in answer.timings
    assert "2025-03-14" in "".join(e.text for e in events[:-1])  # the draft showed both replies


def test_an_answer_of_the_wrong_kind_is_asked_again_from_the_lines_own_words(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)
    model = ScriptedModel()

    def reply(messages) -> str:
        line = next(l[1] for l in messages[-1]["content"].splitlines() if "pay rise" in l)
        if model.grammars[-1] and model.grammars[-1].startswith("root ::= claims"):
            return f"[{line}] on Friday"  # the line's time, where the question asks who
        return f"[{line}] the harbour board"  # under the grammar of the lines' own words

    model.reply_for = reply
    answer = make_pipeline(settings, fake_embedder, model).answer("Who agreed to the 12% pay rise that ended the port workers' strike?")
    assert not answer.refused and answer.text.startswith("The harbour board"), answer.checks
    first = answer.checks[-1]
    assert first["mistyped"] and not first["misread"]  # held by its line, but no answer to "who"
    assert answer.dropped_sentences == ["on Friday"]


def test_a_year_the_question_asks_about_may_be_set_earlier_in_the_story_not_later(tmp_path, fake_embedder: HashingEmbedder) -> None:
    # The year neither in the headline nor in the sentence just before the line (those always count).
    told_before = "Lopez takes governorship\n\nResults of the 2031 regional election came in overnight. Turnout was high. Maria Lopez won the governorship with 54% of the vote.\n"
    told_after = "Lopez takes governorship\n\nMaria Lopez won the governorship with 54% of the vote. Turnout was high. She will run for a seat in parliament in 2031.\n"

    def cite_winner(messages) -> str:
        return next(f"[{l[1]}] Maria Lopez" for l in messages[-1]["content"].splitlines() if "won the governorship" in l)

    question = "Who won the governorship in the 2031 regional election?"
    for story, answered in ((told_before, True), (told_after, False)):
        (folder := tmp_path / ("before" if answered else "after")).mkdir()
        settings = corpus_settings(folder, {"vote.txt": story})
        answer = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=cite_winner)).answer(question)
        assert answer.refused is not answered, answer.checks
        if not answered:
            assert any("the year 2031" in r for r in answer.checks[0]["reasons"])


def test_a_bare_yes_or_no_is_answered_by_its_line_itself(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)
    model = ScriptedModel(reply_for=lambda m: next(f"[{l[1]}] Yes" for l in m[-1]["content"].splitlines() if "Ferries" in l))
    answer = make_pipeline(settings, fake_embedder, model).answer("Will ferries to the islands resume after the strike?")
    assert answer.text == "Ferries to the islands will resume on Monday, the board said [1].", answer.checks
    assert "Yes" not in answer.text


def test_a_refusal_for_want_of_a_line_is_not_asked_again(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = two_story_settings(tmp_path)
    thresholds = Thresholds(max_refusal=0.5, min_anchors=1.0)
    # Copied from its line, but the line does not name Kigoma, which the question does: no misreading.
    copied = ScriptedModel(reply_for=lambda m: next(f"[{l[1]}] on Monday" for l in m[-1]["content"].splitlines() if "Ferries" in l))
    assert (
        make_pipeline(settings, fake_embedder, copied, thresholds)
        .answer("When will the ferries to Kigoma resume after the port workers ended the strike?")
        .refused
    )
    assert len([g for g in copied.grammars if g]) == 1


def test_who_wrote_a_story_is_answered_from_the_best_matching_articles_credit(
    tmp_path, fake_embedder: HashingEmbedder, monkeypatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port.txt").write_text(
        "Port strike ends after pay deal\n\nBy Lena Fox\n\nNORTHPORT (Lakeside Wire) – Dockers at the northern port accepted a 6% pay raise on Monday and ended a strike.\n"
        "(Reporting by Lena Fox; Editing by Kim Park)\n"
    )
    (corpus / "bakery.txt").write_text(
        "Bakery wins award\n\nThe bakery on Elm Street won a regional prize for its sourdough bread this week.\n"
    )
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")
    model = ScriptedModel(reply_for=lambda m: "NOT FOUND")
    pipeline = make_pipeline(settings, fake_embedder, model)
    wrote = pipeline.answer("Who wrote the story about the dockers' pay raise at the port?")
    assert wrote.mode == "collection" and "is by Lena Fox [1]" in wrote.text
    edited = pipeline.answer("Who edited the story on the port strike?")
    assert "was edited by Kim Park [1]" in edited.text and edited.citations[-1].quote == "Kim Park"
    assert "was edited by Kim Park" in pipeline.answer("Who edited the Lakeside Wire report?").text
    # The port story has no passage about a bakery: it is no "next match", however it ranks.
    bakery = pipeline.answer("Who wrote the story about the bakery's sourdough prize?")
    assert bakery.refused and bakery.text == "The article that best matches the question, “Bakery wins award”, does not carry a byline."
    # An article the question names is the story, however little its passages match the words.
    monkeypatch.setattr("rag.pipeline.MIN_RELEVANCE", 1.01)
    assert pipeline.answer("Who edited the Lakeside Wire report?").text.endswith("was edited by Kim Park [1].")
    assert pipeline.answer("Who wrote the story about the dockers' pay raise at the port?").refused  # nothing matches now
    assert model.prompts == [] and model.checks == []  # the byline answers; the model is not asked


def test_which_outlet_reported_is_answered_with_an_outlet_a_line_credits(tmp_path, fake_embedder: HashingEmbedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mill.txt").write_text(
        "Mill to close\n\nThe Riverside paper mill will close in May and 300 jobs will go, the Daily Post reported.\n"
        "The owners blamed the price of pulp for the closure of the paper mill.\n"
    )
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")
    model = ScriptedModel(
        reply_for=lambda m: "[1] Daily Post" if "Short answer:" not in m[-1]["content"] else "The Daily Post reported the mill will close."
    )
    answer = make_pipeline(settings, fake_embedder, model).answer("Which newspaper reported that the Riverside paper mill will close?")
    grammars = [g for g in model.grammars if g]
    assert grammars[0].startswith('root ::= "[') and '("Daily Post")' in grammars[0]  # held to the credited outlet
    assert not answer.refused and "Daily Post" in answer.text, answer.text


def test_what_an_abbreviation_stands_for_is_read_where_an_article_spells_it_out(tmp_path, fake_embedder: HashingEmbedder) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "port.txt").write_text("Port strike ends\n\nThe Dock Workers Union (DWU) accepted a 6% pay raise on Monday.\n")
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")
    model = ScriptedModel(reply_for=lambda m: "NOT FOUND")
    pipeline = make_pipeline(settings, fake_embedder, model)
    spelled = pipeline.answer("What does DWU stand for?")
    assert spelled.text == "DWU stands for Dock Workers Union [1]." and spelled.citations[0].quote == "Dock Workers Union (DWU)"
    assert model.prompts == [] and model.checks == []  # read off the text; the model is not asked


BRIDGE_STORIES = {
    "bridge.txt": "Harbour bridge opens\n\nThe Harbour Bridge, finished in 2019, carries two rail lines across the bay.\n",
    "opening.txt": "Traffic crosses the bay\n\nThe Harbour Bridge opened to traffic on March 4, 2019, the city's transport office said.\n",
}


def test_a_when_answer_takes_the_fullest_date_a_line_gives_for_it(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, BRIDGE_STORIES, sentence_answers=False)

    def year_from_the_first_story(messages) -> str:
        return next(f"[{l[1]}] 2019" for l in messages[-1]["content"].splitlines() if "finished in 2019" in l)

    answer = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=year_from_the_first_story)).answer(
        "When did the Harbour Bridge open?"
    )
    assert answer.text == "March 4, 2019 [1].", answer.checks
    assert answer.citations[0].doc_id == "opening" and "March 4, 2019" in answer.citations[0].quote
    # The model doubts the fuller date's line states it: the answer stays as the model gave it.
    doubtful = ScriptedModel(reply_for=year_from_the_first_story, p_support=0.3)
    answer = make_pipeline(settings, fake_embedder, doubtful).answer("When did the Harbour Bridge open?")
    assert answer.text == "2019 [1]." and answer.citations[0].doc_id == "bridge"
    # Only questions asking when: a "how many" answer is left alone.
    counted = ScriptedModel(reply_for=lambda m: next(f"[{l[1]}] two rail lines" for l in m[-1]["content"].splitlines() if "rail" in l))
    assert (
        make_pipeline(settings, fake_embedder, counted).answer("How many rail lines does the Harbour Bridge carry?").text
        == "Two rail lines [1]."
    )


STRIKE_STORY = """Harbour strike ends

Lakeside Wire, 2025-04-01

Port workers in Eastport went back to work on Friday.
Ferries sailed to the islands again by noon.
The nine-day walkout ended after the harbour board agreed to a 12% pay rise, the union said.
"""


def test_a_reason_need_not_restate_whom_it_is_about_when_its_article_names_them(tmp_path, fake_embedder: HashingEmbedder) -> None:
    # Rule: asked why, the reason's line may leave the question's names to the rest of its article.
    settings = corpus_settings(tmp_path, {"strike.txt": STRIKE_STORY}, evidence_units=1)

    def reply(messages) -> str:
        return next(
            f"[{line[1]}] after the harbour board agreed to a 12% pay rise"
            for line in messages[-1]["content"].splitlines()
            if "pay rise" in line
        )

    answer = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply), Thresholds(min_anchors=1.0)).answer(
        "Why did the nine-day walkout at the Eastport harbour end?"
    )
    assert not answer.refused and "12% pay rise" in answer.text, answer.checks
    (tmp_path / "other").mkdir()
    other = corpus_settings(tmp_path / "other", {"strike.txt": STRIKE_STORY.replace("in Eastport ", "")}, evidence_units=1)
    assert (
        make_pipeline(other, fake_embedder, ScriptedModel(reply_for=reply), Thresholds(min_anchors=1.0))
        .answer("Why did the nine-day walkout at the Eastport harbour end?")
        .refused
    )


BRIDGE_STORY = """Tula weighs a new crossing

Author: Ada Bello

TULA (Harbour Post) – The town council wants the old bridge rebuilt within three years, its planning chief said on Monday.
But residents of the east bank prefer a ferry service, whatever the cost of the crossing.
The council will vote on the plan in June.
"""


def test_an_explanation_keeps_the_but_that_follows_its_statement(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, {"bridge.txt": BRIDGE_STORY})

    def reply(messages) -> str:
        # The council's wish, in the model's words, numbered as the residents' line (whose sentence
        # before it is where the council's wish is).
        n = next(line[1] for line in messages[-1]["content"].splitlines() if "ferry" in line)
        return f"[{n}] The council wants the old bridge rebuilt in three years"

    answer = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply)).answer(
        "How do the council and residents differ on the crossing?"
    )
    assert answer.text == (
        "The council wants the old bridge rebuilt in three years [1]. "
        "But residents of the east bank prefer a ferry service, whatever the cost of the crossing [2]."
    )
    assert "rebuilt" in answer.citation(1).quote and answer.citation(2).quote.startswith("But residents")
    # Asked for several things of a kind, not why or how: the things, not another party's view of them.
    plans = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=reply)).answer(
        "Which plans does the council have for the crossing?"
    )
    assert "rebuilt" in plans.text and "ferry" not in plans.text, plans.text

    # One fact is one statement: no sentence is added to it.
    def fact(messages) -> str:
        return next(f"[{line[1]}] three years" for line in messages[-1]["content"].splitlines() if "rebuilt" in line)

    one = make_pipeline(settings.replace(sentence_answers=False), fake_embedder, ScriptedModel(reply_for=fact))
    assert one.answer("Within how many years does the council want the old bridge rebuilt?").text == "Three years [1]."


CREWS_STORY = """Ferry strike ends in Tula

Author: Ada Bello

TULA (Harbour Post) – Sam Reed, the union leader, told reporters on Friday that the strike was over.
"We will be back at work on Monday," Reed said of the ferry crews.
The harbour board agreed to a 12% pay rise for the crews.
"""


def test_a_follow_up_is_not_answered_by_saying_again_what_the_conversation_said(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, {"crews.txt": CREWS_STORY}, sentence_answers=False)
    turns = [
        ("Who is Sam Reed?", "The union leader [1]."),
        ("What did he tell reporters on Friday?", "He told them the strike was over [1]."),
    ]

    def reply(messages) -> str:
        lines = messages[-1]["content"].splitlines()
        if not (model.grammars[-1] or "").startswith('root ::= "['):  # first: the line the conversation already quoted
            return next(
                f"[{l[1]}] Sam Reed, the union leader, told reporters on Friday that the strike was over" for l in lines if "Reed," in l
            )
        return next(f"[{l[1]}] Monday" for l in lines if "Monday" in l)

    model = ScriptedModel(reply_for=reply)
    answer = make_pipeline(settings, fake_embedder, model).answer("When will the crews be back?", turns)
    assert answer.text == "Monday [1]." and "Monday" in answer.citation(1).quote
    assert any("already said" in r for c in answer.checks for r in c["reasons"])  # type: ignore[union-attr]
    # Asked again, the model may copy only words of the lines the repeated statement did not cite.
    assert (model.grammars[-1] or "").startswith('root ::= "[2] " l2 | "[3] " l3\n')
    # With no conversation before it, the same statement says nothing again, and stands.
    model = ScriptedModel(reply_for=reply)
    alone = make_pipeline(settings, fake_embedder, model).answer("What did Sam Reed tell reporters on Friday?")
    assert "the strike was over" in alone.text and not any((g or "").startswith('root ::= "[') for g in model.grammars)


CLOSURE_STORY = """Tula shuts its old bridge

Author: Ada Bello

TULA (Harbour Post) – Engineers shut the old bridge over the river on Monday after finding cracks in two piers.
A spokesman for the mayor said the closure of the bridge was “a disgrace”.
“It will cost the town dearly… at a time when trade is already slow.
Ferries will carry cars until a new crossing opens, officials said.
Westland beat Eastland in the rowing race on Saturday.
"""


def test_an_explanation_opens_with_the_line_far_closest_to_the_question_and_keeps_its_quote_whole(
    tmp_path, fake_embedder: HashingEmbedder
) -> None:
    settings = corpus_settings(tmp_path, {"closure.txt": CLOSURE_STORY})
    question = "How did the mayor's spokesman react to the closure of the bridge?"

    def lines(messages) -> list[str]:
        return [line for line in messages[-1]["content"].splitlines() if re.match(r"\[\d+\] ", line)]

    def reply(messages) -> str:  # a small model drifting to a line about something near the question
        return next(f"{line[:3]} Ferries will carry cars until a new crossing opens" for line in lines(messages) if "Ferries" in line)

    def shares(messages) -> list[float]:  # and barely ranking that line as an answer
        return [0.02 if "Ferries" in line else 0.98 / (len(lines(messages)) - 1) for line in lines(messages)]

    model = ScriptedModel(reply_for=reply, line_shares=shares)
    pipeline = make_pipeline(settings, fake_embedder, model, Thresholds(max_refusal=0.5, min_support=0.0, min_line_share=0.5))
    evidence = pipeline.retriever.evidence(question, settings.evidence_units)
    assert clear_favourite(evidence) is not None and "spokesman" in evidence[clear_favourite(evidence) - 1].text  # type: ignore[operator]
    answer = pipeline.answer(question)
    # The spokesman's line opens the answer, and the quote it runs into is shown whole after it,
    # each an exact span with a citation of its own; the drifting statement is left out.
    assert answer.text == (
        "A spokesman for the mayor said the closure of the bridge was “a disgrace” [1]. "
        "“It will cost the town dearly… at a time when trade is already slow [2]."
    ), answer.checks
    assert [c.marker for c in answer.citations] == [1, 2] and answer.citation(2).quote.startswith("“It will cost")
    assert any("Ferries" in str(c["claim"]) and not c["supported"] for c in answer.checks)

    # The model cites the quote's second paragraph too: it is shown once, under one marker, and
    # every citation is one the text names.
    def both(messages) -> str:
        rows = [(line[:3], re.sub(r"^\(.*?\) ", "", line[4:])) for line in lines(messages)]
        return "\n".join(next(f"{m} {t}" for m, t in rows if word in t) for word in ("spokesman", "dearly"))

    twice = make_pipeline(settings, fake_embedder, ScriptedModel(reply_for=both, line_shares=shares)).answer(question)
    assert twice.text == answer.text and [c.marker for c in twice.citations] == [1, 2], twice.checks


FERRY_OWNERS_STORY = """Tula ferry to stop in May

TULA (Harbour Post) – The Tula ferry will stop running in May, the council said on Monday.
Its owners have lost money for three years, a council report found.
About 300 people a day cross the Tula river on the ferry.
Westland beat Eastland in the rowing race on Saturday.
"""


def test_a_line_the_model_mostly_ranks_first_but_never_states_opens_the_answer(tmp_path, fake_embedder: HashingEmbedder) -> None:
    settings = corpus_settings(tmp_path, {"ferry.txt": FERRY_OWNERS_STORY})
    question = "Why will the Tula ferry stop running, and when?"

    def lines(messages) -> list[str]:
        return [line for line in messages[-1]["content"].splitlines() if re.match(r"\[\d+\] ", line)]

    def reply(messages) -> str:  # the owners' line's number, another line's words under it
        return next(f"{line[:3]} About 300 people a day cross the Tula river on the ferry" for line in lines(messages) if "owners" in line)

    def shares_giving(owners: float):
        def shares(messages) -> list[float]:
            rest = (1 - owners - 0.2) / (len(lines(messages)) - 2)
            return [owners if "owners" in line else 0.2 if "300" in line else rest for line in lines(messages)]

        return shares

    thresholds = Thresholds(max_refusal=0.5, min_support=0.0, min_line_share=0.45)

    def answer_with(owners: float) -> str:
        model = ScriptedModel(reply_for=reply, line_shares=shares_giving(owners))
        return make_pipeline(settings, fake_embedder, model, thresholds).answer(question).text

    # (The lead is the embedder's clear favourite here, and opens the first answer.) The model put
    # 0.55 of its first citation on the owners' line: that line itself opens the answer, an exact
    # span; the statements of the first answer follow, the model's cited where its words are.
    lead = "TULA (Harbour Post) – The Tula ferry will stop running in May, the council said on Monday"
    assert answer_with(0.55) == (
        f"Its owners have lost money for three years, a council report found [1]. {lead} [2]. "
        "About 300 people a day cross the Tula river on the ferry [3]."
    )
    # At 0.7 the other lines' shares fall under min_line_share: the lead would be dropped, and an
    # answer that loses a checked statement is not taken.
    assert answer_with(0.7) == f"{lead} [1]. About 300 people a day cross the Tula river on the ferry [2]."
    # Under half: no line is the model's clear first choice.
    assert answer_with(0.45) == answer_with(0.7)

    # Asked for one cause only, one statement answers: the line the model mostly ranks first, else
    # the first checked statement; the model's further lines are left out, with the reason.
    def one_cause(owners: float) -> Answer:
        model = ScriptedModel(reply_for=reply, line_shares=shares_giving(owners))
        return make_pipeline(settings, fake_embedder, model, thresholds).answer("Why will the Tula ferry stop running?")

    assert one_cause(0.55).text == "Its owners have lost money for three years, a council report found [1]."
    alone = one_cause(0.45)
    assert alone.text == f"{lead} [1]." and len(alone.citations) == 1
    assert any(ONE_CAUSE_REASON in r for c in alone.checks for r in c["reasons"])  # type: ignore[union-attr]


def test_a_statement_ending_on_a_closed_quotation_keeps_its_own_full_stop() -> None:
    assert _cited("the ferry stops in May", 1) == "The ferry stops in May [1]."
    assert _cited("The report reads: “No date has been set.”", 2) == "The report reads: “No date has been set.” [2]"
    assert _cited('He asked: "Who pays?"', 3) == 'He asked: "Who pays?" [3]'
    assert _cited("They called it “a disgrace”", 4) == "They called it “a disgrace” [4]."  # the stop is the sentence's


def test_a_last_statement_the_token_budget_cut_inside_a_name_is_finished_from_its_line(tmp_path, fake_embedder: HashingEmbedder) -> None:
    def reply(messages) -> str:
        n = next(line[1] for line in messages[-1]["content"].splitlines() if "Maria Lopez" in line)
        return f"[{n}] signed by union leader Maria Lop"

    pipeline = make_pipeline(two_story_settings(tmp_path), fake_embedder, ScriptedModel(reply_for=reply))
    answer = pipeline.answer("Who signed the pay deal for the port workers in Kigoma?")
    assert not answer.refused, answer.checks
    assert "Maria Lopez" in answer.text and "Lop " not in answer.text
