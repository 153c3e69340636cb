"""The chat page's pieces: rendering of answers and sources, and the app wiring with fakes."""

from __future__ import annotations

from rag.corpus import load_corpus
from rag.types import Answer, Citation
from ui.render import REFUSAL_NOTE, corpus_table, paragraph_bounds, render_answer, render_draft

from .conftest import CORPUS

ARTICLES = {a.doc_id: a for a in load_corpus(CORPUS)}
SYRIA = "001_74b727acca70647e"


def syria_citation() -> Citation:
    text = ARTICLES[SYRIA].text
    quote = "there are currently around 2,500 American troops in Iraq and 900 in Syria"
    start = text.index(quote)
    article = ARTICLES[SYRIA]
    return Citation(SYRIA, start, start + len(quote), quote, article.title, article.source, article.date, 1)


def test_sources_show_outlet_date_title_and_the_highlighted_quote_in_its_paragraph() -> None:
    html = render_answer(Answer("About 900 [1].", False, [syria_citation()]), ARTICLES)
    assert "<sup class='marker'>[1]</sup>" in html
    assert "Reuters · 2024-03-12" in html
    assert "Talks to end US-led coalition" in html
    assert "<mark class='quote'>there are currently around 2,500 American troops in Iraq and 900 in Syria</mark>" in html
    assert "The U.S. returned in 2014" in html  # the rest of the paragraph around the quote
    assert "<details><summary>Show the whole article</summary>" in html


def test_a_refusal_is_shown_as_such_and_dropped_sentences_never_as_fact() -> None:
    assert render_answer(Answer("The articles don't say.", True), ARTICLES) == REFUSAL_NOTE
    answer = Answer("About 900 [1].", False, [syria_citation()], dropped_sentences=["Invented claim."])
    html = render_answer(answer, ARTICLES)
    assert "Invented claim" not in html and "1 sentence left out" in html


def test_drafts_are_labelled_and_escaped() -> None:
    html = render_draft("<script>x</script> 900")
    assert "checking every sentence" in html and "&lt;script&gt;" in html and "<script>" not in html


def test_paragraph_bounds_and_corpus_table() -> None:
    text = "first line\nsecond line has the quote\nthird"
    start = text.index("the quote")
    assert text[slice(*paragraph_bounds(text, start, start + 9))] == "second line has the quote"
    table = corpus_table(ARTICLES)
    assert table.count("<tr>") == 6 and "Reuters" in table and "2024-01-25" in table


def test_example_questions_come_from_the_corpus_folder(tmp_path) -> None:
    from ui.app import example_questions

    assert example_questions(tmp_path) == []
    (tmp_path / "examples.json").write_text('["When did the ferry sink?", "  ", 7]')
    assert example_questions(tmp_path) == ["When did the ferry sink?"]
    (tmp_path / "examples.json").write_text("{not json")
    assert example_questions(tmp_path) == []
