"""Abbreviations answered where an article spells them out, on text written for the test."""

from __future__ import annotations

import pytest

from rag.abbreviation import abbreviation_answer, abbreviation_asked, spelled_out
from rag.types import Article


def article(doc_id: str, body: str) -> Article:
    text = f"Port strike widens\n\n{body}"
    return Article(doc_id, "", text, "Port strike widens", "Harbour News", "2025-03-01", None, ((20, len(text)),), "0" * 64)


def test_the_question_forms_that_ask_what_an_abbreviation_stands_for() -> None:
    assert abbreviation_asked("What does DWU stand for?") == "DWU"
    assert abbreviation_asked("what does the DWU stand for") == "DWU"
    assert abbreviation_asked("What is the full name of the DWU?") == "DWU"
    assert abbreviation_asked("What is NTSB short for?") == "NTSB"
    assert abbreviation_asked("What's the acronym NTSB short for?") == "NTSB"
    assert abbreviation_asked("What does Nato stand for?") == "Nato"
    assert abbreviation_asked("What does the DWU want?") == ""  # asks what it wants, not its name


def test_a_name_spells_an_abbreviation_by_its_capitalised_words_small_words_aside() -> None:
    text = "Members of the Dock Workers of the Union (DWU), a federation, walked out; the union (DWU) said so."
    assert [name for name, *_ in spelled_out(text, "DWU")] == ["Dock Workers of the Union"]
    name, start, end = spelled_out(text, "DWU")[0]
    assert text[start:end] == "Dock Workers of the Union (DWU)"
    # A clause break is no part of a name; initials that do not spell it are no name for it.
    assert spelled_out("Ships left, Dock Workers (DWU) stayed.", "DWU") == []
    assert spelled_out("The Harbour Police (HP) and the Port Office (PO) met.", "HP") == [("Harbour Police", 4, 23)]
    # As the text writes it; hyphenated parts in capitals count, lower-case ones do not.
    assert spelled_out("The U.N. Relief Agency (UNRA) said.", "UNRA")[0][0] == "U.N. Relief Agency"
    assert spelled_out("the Office for Co-operation and Trade (OCT)", "OCT")[0][0] == "Office for Co-operation and Trade"
    assert spelled_out("imports of liquefied natural gas (LNG) rose", "LNG")[0][0] == "liquefied natural gas"
    # Not across a sentence's end, and not a run that mixes capitals and lower case.
    assert spelled_out("Ships hit the North Port. Police (NPP) came.", "NPP") == []
    assert spelled_out("the port police (PP) came", "PP") == [("port police", 4, 20)]
    assert spelled_out("the Port police (PP) came", "PP") == []
    with pytest.raises(ValueError):
        spelled_out("x ()", "")


def test_the_answer_cites_the_span_that_spells_it_out() -> None:
    articles = {
        "a": article("a", "The Dock Workers Union (DWU) called the strike. Pay is the issue."),
        "b": article("b", "Talks with the Dock Workers Union (DWU) resume on Monday."),
    }
    answer = abbreviation_answer("What does DWU stand for?", articles)
    assert answer is not None and not answer.refused
    assert answer.text == "DWU stands for Dock Workers Union [1]."
    citation = answer.citations[0]
    assert citation.doc_id == "a" and citation.quote == "Dock Workers Union (DWU)"
    assert articles["a"].text[citation.start : citation.end] == citation.quote


def test_an_abbreviation_no_article_spells_out_is_left_to_the_pipeline() -> None:
    articles = {"a": article("a", "The DWU called the strike.")}
    assert abbreviation_answer("What does DWU stand for?", articles) is None
    assert abbreviation_answer("How many workers struck?", articles) is None
