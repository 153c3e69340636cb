"""What a question asks for, stated on questions written for the test."""

from __future__ import annotations

import pytest

from rag.shape import people_described, question_shape


@pytest.mark.parametrize(
    "question",
    [
        "How many workers are on strike?",
        "When will the bridge reopen?",
        "Who is the mayor of Northport?",
        "What does GDP stand for?",
        "Which river floods every spring?",
        "Does the mayor support the plan?",
        "What led the charts in May?",
    ],
)
def test_one_fact(question: str) -> None:
    shape = question_shape(question)
    assert (shape.kind, shape.max_claims) == ("fact", 1)


@pytest.mark.parametrize(
    "question",
    [
        "Why did the council vote against the budget?",
        "How did the strikers react to the offer?",
        "What happened at the plant on Monday?",
        "What does the union want from the talks?",
        "Which unions joined the strike?",
        "What conditions did the council attach to the loan?",
        "Summarise the mayor's speech.",
        "Give me a two- or three-sentence summary of the report.",
        "Who spoke at the rally, and when?",
        "Whose office announced the closure, and on what date?",
        "What set off the strike at the plant?",  # a cause, as "why" asks
        "What caused the bridge to close?",
        "What is behind the rise in fares?",
    ],
)
def test_several_statements(question: str) -> None:
    assert question_shape(question).kind == "several" and question_shape(question).max_claims == 3


@pytest.mark.parametrize(
    "question",
    [
        "Which is the most recent article?",
        "How many of the articles quote the mayor, and which ones?",
        "Which stories carry a byline?",
        "Which articles mention Northport?",
        "Who is quoted in the articles?",
        "Which officials are quoted by name in the coverage?",
    ],
)
def test_questions_about_the_collection(question: str) -> None:
    assert question_shape(question).kind == "collection"


def test_a_leading_conjunction_does_not_change_the_shape() -> None:
    assert question_shape("And why did they walk out?").kind == "several"


@pytest.mark.parametrize(
    "question",
    [
        "What did the latest report from the IMF say about inflation?",
        "How many outlets will the chain close?",
        "How many stories tall was the tower?",
        "What did the earliest report say about the fire?",
        "What price was quoted for the shares?",
        "Who was quoted as saying the bridge was unsafe?",
        "Who is quoted in the Daily Post story?",
        "Which minister was quoted by the Courier?",
    ],
)
def test_article_words_in_a_question_about_the_world_are_not_a_collection_question(question: str) -> None:
    assert question_shape(question).kind != "collection"


@pytest.mark.parametrize("question", ["What virus caused the outbreak?", "What crisis hit the banks?", "How tall is the tower?"])
def test_words_ending_in_s_that_are_not_plurals_ask_one_fact(question: str) -> None:
    assert question_shape(question).kind == "fact"


def test_a_summary_asks_for_the_whole_not_one_point() -> None:
    assert question_shape("Summarise the mayor's speech.").summary
    assert question_shape("Give me a two- or three-sentence summary of the report.").summary
    assert not question_shape("Why did the council vote against the budget?").summary
    assert not question_shape("How many people attended?").summary
    assert question_shape("What is the gist of the Harbour Times report?") == question_shape("Sum up the mayor's speech.")
    assert question_shape("What is the gist of the Harbour Times report?").summary


def test_who_made_one_story_is_a_credit_question_and_who_reported_a_fact_is_not() -> None:
    from rag.shape import collection_route, credit_asked

    assert collection_route("Who wrote the Daily Post story on the port strike?") == "credit"
    assert collection_route("Which reporter filed the wire report about the flood?") == "credit"
    assert collection_route("Who edited the City Wire report?") == "credit" and credit_asked("Who edited the City Wire report?") == (
        "edited",
        "report",
    )
    assert credit_asked("Who reported the story on the strike?") == ("wrote", "story")
    assert collection_route("Which articles carry a byline?") == "byline"
    assert collection_route("Who reported that the mayor resigned?") is None  # who said it, not who wrote a story


def test_which_outlets_are_credited_and_what_one_is_credited_with_are_collection_questions() -> None:
    from rag.shape import collection_route, source_asked

    assert collection_route("Which news organisations do the articles cite as sources?") == "sources"
    assert collection_route("What outlets are quoted in the coverage?") == "sources"
    assert collection_route("What does the collection attribute to the Daily Post?") == "attributed"
    assert source_asked("What do the articles credit to Lakeside Wire?") == "Lakeside Wire"
    assert collection_route("Which news agency reported that the mill will close?") is None  # a fact, not the list
    assert collection_route("Which wire service was credited for the report that the mill closed?") is None


def test_which_outlet_asks_for_one_outlet() -> None:
    assert question_shape("Which news agency reported that the mill will close?").outlet
    assert question_shape("What newspaper first reported the strike?").outlet
    assert not question_shape("Which country reported the most cases?").outlet
    assert not question_shape("Which paper mill will close?").outlet
    assert not question_shape("Which network was hit by the outage?").outlet


def test_the_words_that_describe_the_people_asked_for_are_those_before_the_people_noun() -> None:
    assert people_described("Which Westland politicians or officials are quoted by name in the coverage?") == ["Westland"]
    assert people_described("Which Westland and Eastland officials are quoted?") == ["Westland", "Eastland"]
    assert people_described("Which of Westland's officials are quoted?") == ["Westland"]
    assert people_described("Which opposition politicians are quoted?") == ["opposition"]
    assert people_described("Which senior officials are quoted?") == []
    assert people_described("Who is quoted in the articles?") == []
    assert people_described("Which Westland bridges collapsed?") == []  # not a question about who is quoted


@pytest.mark.parametrize(
    ("question", "explains"),
    [
        ("Why did the Tula ferry stop?", True),
        ("How do the council and residents differ on the bridge?", True),
        ("What happened at the Tula plant in 2019?", True),
        ("What were the reasons for the strike?", True),
        ("What factors led the council to act?", True),
        ("Summarise the Daily Post report.", True),
        ("What conditions does the council set for the bridge?", False),
        ("Which outlets reported the strike?", False),
        ("List the towns the storm hit.", False),
    ],
)
def test_a_why_how_or_summary_asks_for_an_explanation_and_a_list_does_not(question: str, explains: bool) -> None:
    # An explanation's line has another half ("But residents prefer a ferry"); a list is its items.
    shape = question_shape(question)
    assert shape.kind == "several" and shape.explains is explains


@pytest.mark.parametrize(
    ("question", "one_cause"),
    [
        ("Why did the Tula ferry stop?", True),
        ("How did the mayor's office react to the closure?", True),
        ("What set off the strike at the Kigoma port?", True),
        ("How come the ferry stopped?", True),
        ("What triggered the riots in Korsa and Dalt?", True),  # two names, one cause
        ("Why did the mayor resign, and who replaced her?", False),  # two questions in one
        ("Why did Ada Bello resign and who replaced her?", False),
        ("Why did the union strike? Who negotiated?", False),
        ("What led to the strike and the lockout?", False),  # two things
        ("Why are prices rising and wages falling?", False),
        ("Why did Westland raise rates while Eastland cut them?", False),  # two sides
        ("How quickly did the fire spread?", False),  # a degree, not a manner
        ("How do the council and residents differ on the bridge?", False),  # two sides
        ("What happened at the Tula plant in 2019?", False),  # events, not a cause
        ("What did the mayor say about the bridge?", False),
        ("Summarise the Daily Post report.", False),
    ],
)
def test_a_why_or_how_of_one_clause_asks_for_one_cause(question: str, one_cause: bool) -> None:
    shape = question_shape(question)
    assert shape.kind == "several" and shape.one_cause is one_cause
