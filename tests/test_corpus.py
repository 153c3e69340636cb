from __future__ import annotations

import logging
from pathlib import Path

import pytest

from rag.corpus import load_corpus, parse_article

from .conftest import CORPUS

EXPECTED = {
    # doc_id: (title start, source, date, author)
    "000_5a361f96d8d3f792": ("Talks To End US Military Presence In Iraq", None, "2024-03-13", None),
    "001_74b727acca70647e": ("Talks to end US-led coalition in Iraq", "Reuters", "2024-03-12", "Thomson Reuters, Timour Azhari"),
    "002_4347aecd19218ae7": ("US and Iraqi governments expected to start talks", None, "2024-01-25", None),
    "003_63da0c3924deb257": ("Baghdad, Washington to start talks", None, None, None),
    "004_c34c2e7006b52b5c": ("US, Iraq to Start Talks on Future", None, None, "Dave DeCamp"),
}


def test_every_article_metadata() -> None:
    articles = {a.doc_id: a for a in load_corpus(CORPUS)}
    assert set(articles) == set(EXPECTED)
    for doc_id, (title, source, date, author) in EXPECTED.items():
        article = articles[doc_id]
        assert article.title.startswith(title), doc_id
        assert (article.source, article.date, article.author) == (source, date, author), doc_id


def test_boilerplate_is_not_indexed_but_offsets_stay_original() -> None:
    for article in load_corpus(CORPUS):
        body = [article.text[s:e] for s, e in article.segments]
        for junk in ("More News", "TAG:", "7921132.jpg", "Current location", "Date archive", "Author:"):
            assert not any(junk in line for line in body), (article.doc_id, junk)
        assert all(line == line.strip() and line for line in body)
        assert not any(line == "Search" for line in body)


def test_caption_with_facts_is_kept() -> None:
    article = next(a for a in load_corpus(CORPUS) if a.doc_id.startswith("000"))
    assert any("Taji military base" in article.text[s:e] for s, e in article.segments)


def test_dates_in_each_format() -> None:
    assert parse_article("a", "Title\n\nWednesday, 03/13/2024\n\nBody text.").date == "2024-03-13"
    assert parse_article("b", "Title\n\nBy Thomson Reuters Mar 12, 2024 | 4:31 AM\n\nBody.").date == "2024-03-12"
    assert parse_article("c", "Title\n\n2024-01-25 FOCUS 69\n\nBody.").date == "2024-01-25"
    assert parse_article("d", "Title\n\nBody without a date.").date is None


def test_a_body_sentence_starting_with_by_is_not_a_byline() -> None:
    article = parse_article("x", "Harbour talks stall\n\nBy the end of the year, the talks had stalled.\n\nBy noon it rained.")
    assert article.author is None
    assert len(article.segments) == 2


PAGE = """Home > World > Africa
Search
Ferry operators agree to resume Lake Tanganyika crossings
By Amina Odhiambo and Peter Lutz Jun 3, 2023 | 6:12 PM
share
ferry_dock_2023.jpg
KIGOMA (Lakeside Wire) – Ferry operators agreed on Friday to resume crossings after a two-week halt.
The halt began when a storm damaged the main pier, port officials said.
Tags: ferries, weather
Related stories
Most read
"""


def test_page_furniture_is_left_out_by_general_rules() -> None:
    article = parse_article("page", PAGE)
    body = [article.text[s:e] for s, e in article.segments]
    assert body == [
        "KIGOMA (Lakeside Wire) – Ferry operators agreed on Friday to resume crossings after a two-week halt.",
        "The halt began when a storm damaged the main pier, port officials said.",
    ]
    assert article.title == "Ferry operators agree to resume Lake Tanganyika crossings"
    assert (article.source, article.date, article.author) == ("Lakeside Wire", "2023-06-03", "Amina Odhiambo and Peter Lutz")


def test_bad_files_are_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "good.txt").write_text("Headline\n\nA sentence with facts.")
    (tmp_path / "copy.txt").write_text("Headline\n\nA sentence with facts.")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 news".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "empty.txt").write_text("   \n")
    with caplog.at_level(logging.WARNING):
        articles = load_corpus(tmp_path)
    assert [a.doc_id for a in articles] == ["copy"]
    text = caplog.text
    for name in ("good.txt", "latin1.txt", "binary.txt", "empty.txt"):
        assert name in text


def test_missing_or_empty_corpus_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(ValueError, match="no readable"):
        load_corpus(tmp_path)
