from __future__ import annotations

import pytest

from rag.text import continues_quote, opens_with_contrast


@pytest.mark.parametrize(
    "sentence",
    [
        "But residents of the east bank prefer a ferry service.",
        "However, the union says the deal falls short.",
        '"But we will not wait forever," the mayor said.',
        "Still, the board expects ferries to resume on Monday.",
        "Even so, exporters fear another stoppage.",
        "By contrast, the harbour at Tula reopened within a day.",
        "Yet the council has not set a date.",
        "But more than 300 people were evacuated.",
        "The mayor, however, refused.",  # the contrast a few words in
        "Instead, the council voted to repair the old bridge.",
    ],
)
def test_a_sentence_opening_on_a_contrast_sets_itself_against_the_one_before(sentence: str) -> None:
    assert opens_with_contrast(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Butler Ada Bello served the council for ten years.",  # a word that only starts with "But"
        "Stillwater residents voted on Monday.",
        "Still more ferries are to come next year.",  # "still more": a degree, not a contrast
        "Yet to come is the vote on the budget.",
        "Residents prefer a ferry, but the council wants a bridge.",
        "Still images showed smoke rising over Tula.",  # "still" and "however" count only with their comma
        "Still missing are two fishermen from Eastland.",
        "However long the talks take, Westland will not sign.",
        "Yet another storm hit Eastland on Tuesday.",
        "Even so-called experts were surprised.",
    ],
)
def test_other_sentences_do_not(sentence: str) -> None:
    assert not opens_with_contrast(sentence)


SPOKESMAN = "A spokesman for the mayor of Tula said the closure of the bridge was “a disgrace”."


@pytest.mark.parametrize(
    "after",
    [
        "“It will cost the town dearly… at a time when trade is already slow.",
        "“It will cost the town dearly,” the spokesman added.",  # the same speaker, named again
        '"We were not consulted," he said.',
        "“It was never about the money,” the spokesman for the mayor told reporters.",
    ],
)
def test_a_quotation_straight_after_a_reported_statement_goes_on_with_the_same_words(after: str) -> None:
    assert continues_quote(SPOKESMAN, after)


REPORT = "A report from the Tula Courier about the closure said the bridge may stay shut until spring."


@pytest.mark.parametrize(
    ("line", "after"),
    [
        (REPORT, "The report reads: “Repairs are expected to take several months, if not longer.”"),
        (REPORT, "The report, published on Monday, reads: “No date has been set.”"),
        ("A long-awaited report from the council said the ferry would run.", "The report read in part: “It will run twice an hour.”"),
        ("An internal audit report said the ferry lost money.", "The report also said: “Its owners were not told.”"),
        ("A statement from the council said the ferry would run.", 'That statement added, "The ferry will run twice an hour."'),
    ],
)
def test_a_sentence_that_names_again_what_the_line_introduced_and_quotes_it_goes_on_with_it(line: str, after: str) -> None:
    assert continues_quote(line, after)


@pytest.mark.parametrize(
    ("line", "after"),
    [
        (REPORT, "The mayor said: “We will find the money.”"),  # someone the line did not introduce
        (REPORT, "The report was written by Sam Reed."),  # names it again, but quotes nothing
        (REPORT, "The article reads: “Repairs are expected to take months.”"),  # not what the line introduced
        ("Ada Bello, a deputy mayor, said the plan was rushed.", "The mayor said: “We will go ahead.”"),  # not the line's subject
        ("Workers at a union meeting said the talks had failed.", "The union said: “No deal.”"),
        ("“We will rebuild,” a spokesman said.", "The spokesman added: “It will take a year.”"),  # the line is a quote already
        ("Police arrested a man on Monday.", "The man said: “I did nothing wrong.”"),  # the line reports no speech
        ("A report by police said the road was closed.", 'The police said: "We will reopen it."'),  # not the head noun
    ],
)
def test_a_quote_of_something_the_line_did_not_introduce_is_not_its_continuation(line: str, after: str) -> None:
    assert not continues_quote(line, after)


@pytest.mark.parametrize(
    ("line", "after"),
    [
        (SPOKESMAN, "“It will cost the town dearly,” said Sam Reed, who runs a shop by the bridge."),  # another speaker
        (SPOKESMAN, "“We were never consulted,” said Sam Reed, “and we will sue.”"),  # another speaker, mid-sentence
        (SPOKESMAN, "“It was long overdue,” a local engineer said."),  # another speaker, not named
        (SPOKESMAN, "“Tula Nights” won three awards at the festival."),  # a title, not a quote
        (SPOKESMAN, "“We were never consulted.”"),  # closed, with no one saying it: a pull quote, maybe
        ("Troops from the United States arrived on Monday.", "“We are here to help.”"),  # "States" reports nothing
        (SPOKESMAN, "The council meets on Monday."),  # no quotation
        ("The bridge over the river closed in May.", "“It will cost the town dearly.”"),  # nobody was reported speaking
        # The line is a quote already: the next one says more, not the rest of it.
        ("“We were not consulted,” Sam Reed, who runs a shop by the bridge, told reporters.", "“Also, the ferry is too slow.”"),
    ],
)
def test_other_sentences_do_not_continue_the_quote(line: str, after: str) -> None:
    assert not continues_quote(line, after)
