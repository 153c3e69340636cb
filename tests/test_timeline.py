from __future__ import annotations

import pytest

from rag.shape import TIMELINE_ENTRIES, question_shape
from rag.timeline import asks_for_timeline, event_dates, timeline_reply
from rag.types import Evidence, Location

from .fakes import ScriptedModel
from .test_pipeline import corpus_settings, make_pipeline


@pytest.mark.parametrize(
    "question",
    [
        "Lay out the key dates of the bridge dispute.",
        "Give me a timeline of the strike.",
        "What are the main dates in the port's history?",
        "List the milestones of the ferry service in chronological order.",
        "Give me a time-line of the dock strike.",
        "What is the chronology of the talks?",
        "Can you give me a timeline of the Tula strike?",
        "Could you lay out the key dates of the strike?",
        "I'd like a brief timeline of the strike.",
        "Timeline of the Tula strike?",
        "Put together a timeline of the ferry dispute.",
        "What was the sequence of events in the port strike?",
    ],
)
def test_a_request_for_the_dates_of_several_events_asks_for_a_timeline(question: str) -> None:
    assert asks_for_timeline(question)
    assert question_shape(question) == question_shape(question).__class__("several", TIMELINE_ENTRIES, timeline=True)


@pytest.mark.parametrize(
    "question",
    [
        "When did the strike end?",
        "What date was the bridge opened?",
        "Why did the ferry stop?",
        "Which dates did the mayor name?",
        # A question that mentions a timeline, not a request for one.
        "Why was the quay timeline delayed?",
        "Who said the quay timeline was delayed?",
        "What is the timeline for the bridge repairs?",
        "Did Ada Bello give a timeline for the talks?",
        "How many years does the timeline cover?",
        "Which newspaper first reported the timeline?",
        "What milestones did the ferry company reach?",
        "Give me Ada Bello's reaction to the new timeline for the bridge.",
        "Outline the criticism of the timeline.",
        "Provide details of the council's timeline for elections.",
        "List the objections to the milestones.",
        "Did the events happen chronologically?",
        "Are the files sorted in chronological order?",
    ],
)
def test_one_date_or_a_reason_is_no_timeline(question: str) -> None:
    assert not asks_for_timeline(question)
    assert not question_shape(question).timeline


def _units(*texts: str) -> list[Evidence]:
    return [Evidence(text=t, locations=[Location("a", i, i + 1)]) for i, t in enumerate(texts)]


def test_a_timeline_is_the_lines_that_date_an_event_in_date_order() -> None:
    evidence = _units(
        "The ferry has run daily since March 2019, when the new pier opened.",
        "Talks on a bridge will resume soon, officials said.",  # dates nothing
        "The town built its first pier in 1987 and rebuilt it in 2004.",  # placed by its first date
        "About 2000 people use the ferry each day.",  # a count, not a year
        "A storm closed the crossing for a week in February 2019.",
        "Dockers walked out on 3 March, the union said.",  # no year: its article's
    )
    assert timeline_reply(evidence, 6, lambda unit: 2025) == (
        "[3] The town built its first pier in 1987 and rebuilt it in 2004.\n"
        "[5] A storm closed the crossing for a week in February 2019.\n"
        "[1] The ferry has run daily since March 2019, when the new pier opened.\n"
        "[6] Dockers walked out on 3 March, the union said."
    )
    # Without an article date, a line dated without a year cannot be placed: it is left out.
    assert "[6]" not in timeline_reply(evidence, 6)
    # Past the limit, the best-ranked dated lines are kept, then put in order.
    assert timeline_reply(evidence, 2) == (
        "[3] The town built its first pier in 1987 and rebuilt it in 2004.\n[1] The ferry has run daily since March 2019, when the new pier opened."
    )
    # One dated line is no timeline: the model writes the answer.
    assert timeline_reply(_units("Talks will resume soon.", "The pier opened in 1987."), 5) == ""


@pytest.mark.parametrize(
    "line",
    [
        "Polls close at 2000 GMT.",
        "About 2000 workers are based there.",
        "Rents reach $1900 a month.",
        "The road runs 1850 km to the coast.",
        "She lives at 1900 Main Street.",
        "Flight 2019 landed late.",
        "Sam Reed, born in 1961, spoke first.",
        "Ada Bello, born on 3 May 1961, spoke first.",
        "In 2000 people marched through Tula.",
        "The 2000 delegates voted.",
        "The wall was built in 1850 BC.",
    ],
)
def test_a_count_a_time_a_code_or_a_birth_year_dates_no_event(line: str) -> None:
    assert event_dates(line) == []


def test_a_year_a_word_places_in_time_dates_an_event() -> None:
    assert [d.text for d in event_dates("The bridge, built in 1987, shut after the 2019 floods and reopened since 2021.")] == [
        "1987",
        "2019",
        "2021",
    ]
    assert [d.text for d in event_dates("Sam Reed, born in 1961, was elected mayor in 2015.")] == ["2015"]


def test_a_line_is_placed_by_its_fullest_date() -> None:
    # "mayor since 2018" is background: the line is an event of May 2023.
    evidence = _units(
        "Ada Bello won the vote on 10 March 2023.", "Sam Reed, mayor since 2018, resigned on 2 May 2023.", "The ferry began in 2019."
    )
    assert timeline_reply(evidence, 3) == (
        "[3] The ferry began in 2019.\n[1] Ada Bello won the vote on 10 March 2023.\n[2] Sam Reed, mayor since 2018, resigned on 2 May 2023."
    )


PIER_STORY = """Tula pier to close for repairs

The Tula pier, built in 1987, will close for repairs in May.
The ferry service from the pier began in 1992, the council said.
Storms damaged the pier's deck in 2021.
Residents want the council to keep a ferry running while the pier is shut.
"""


def test_a_timeline_answer_states_the_dated_lines_in_order_whatever_the_model_would_write(tmp_path, fake_embedder) -> None:
    # The model, asked, would pad with a line that dates nothing; a timeline is not its to write.
    model = ScriptedModel(
        reply_for=lambda m: "[1] The ferry service from the pier began in 1992\n[2] Residents want the council to keep a ferry"
    )
    settings = corpus_settings(tmp_path, {"pier.txt": PIER_STORY})
    pipeline = make_pipeline(settings, fake_embedder, model)
    answer = pipeline.answer("Lay out the key dates of the Tula pier's history.")
    assert not answer.refused, answer.checks
    assert answer.text == (
        "The Tula pier, built in 1987, will close for repairs in May [1]. "
        "The ferry service from the pier began in 1992, the council said [2]. "
        "Storms damaged the pier's deck in 2021 [3]."
    )
    assert [c.quote for c in answer.citations] == [
        "The Tula pier, built in 1987, will close for repairs in May.",
        "The ferry service from the pier began in 1992, the council said.",
        "Storms damaged the pier's deck in 2021.",
    ]
    # The model's own doubt that any line answers still refuses.
    doubtful = make_pipeline(settings, fake_embedder, ScriptedModel(p_refuse=0.9))
    assert doubtful.answer("Lay out the key dates of the Tula pier's history.").refused
