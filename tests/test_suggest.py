"""Example questions drawn from a corpus written for the test."""

from __future__ import annotations

from rag.corpus import parse_article
from rag.shape import question_shape
from rag.suggest import example_questions

PORT = """Port workers end strike

KIGOMA (Lakeside Wire) – Port workers ended a nine-day strike on Friday after the harbour board agreed to a 12% pay rise.
Union leader Maria Lopez signed the deal with board chair Sam Reed.
Maria Lopez said about 340 containers of coffee had been stuck in warehouses.
"""
LIBRARY = """Library opens in the old mill

2025-02-10

Mayor Jane Ortiz opened the library. Maria Lopez, who led the strike, spoke at the opening.
"""


def test_examples_come_from_the_corpus_names_figures_and_outlets() -> None:
    articles = {a.doc_id: a for a in (parse_article("port", PORT), parse_article("library", LIBRARY))}
    examples = example_questions(articles)
    assert examples[0] == "Which is the most recent article?"  # the articles are dated
    assert "Which articles mention Maria Lopez?" in examples  # the name in the most sentences
    assert "Summarise the Lakeside Wire report." in examples
    assert "What do the articles say about the 12% pay?" in examples  # the first figure with the word after it
    assert question_shape("Which articles mention Maria Lopez?").kind == "collection"  # each has a route


def test_names_lose_possessives_and_openers_and_dates_are_no_figures() -> None:
    text = """Cup final ends in a draw

On Monday Émile Durand scored twice. Émile Durand's coach, Bruno Fernandes, praised him.
On March 5 after the 3-1 against Leeds, Bruno Fernandes's side signed 2 strikers.
"""
    examples = example_questions({"cup": parse_article("cup", text)})
    assert "Which articles mention Émile Durand?" in examples  # any script's capitals; "On Monday" set aside
    assert "What do the articles say about Bruno Fernandes?" in examples  # no "'s"
    assert "What do the articles say about the 2 strikers?" in examples  # not "5 after" nor "1 against"


def test_an_outlet_named_with_the_keeps_one_the() -> None:
    text = "Ferry strike ends\n\nLONDON (The Harbour Times) – The ferry strike ended on Friday after nine days of talks.\n"
    assert "Summarise the Harbour Times report." in example_questions({"f": parse_article("f", text)})


def test_an_empty_corpus_has_no_examples() -> None:
    assert example_questions({}) == []
