"""Saved web pages in: pages written for these tests (tests/data/pages/) and the default articles saved as pages."""

from __future__ import annotations

import codecs
import json
import logging
import shutil
from pathlib import Path

import pytest

from rag.chunking import article_sentences
from rag.corpus import load_article, load_corpus
from rag.index import build_index, load_index
from rag.pages import decode_page, read_page
from rag.pipeline import Pipeline
from rag.settings import PROJECT_ROOT, Settings

from .fakes import HashingEmbedder, ScriptedModel

PAGES = Path(__file__).parent / "data" / "pages"
CORPUS_HTML = Path(__file__).parent / "data" / "corpus_html"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["harbour_strike.html", "legacy_charset.html"])
def test_a_page_gives_its_article_and_the_metadata_of_its_tags(name: str) -> None:
    expected = EXPECTED[name]
    article = read_page(PAGES / name)
    assert article is not None
    assert (article.source, article.date, article.author) == (expected["site_name"], expected["date"], expected["author"])
    assert expected["title"] in article.title
    for sentence in expected["must_contain"]:
        assert sentence in article.text
    for furniture in expected["must_not_contain"]:  # cookie banner, menus, ads, related links, newsletter box
        assert furniture not in article.text
    # Every indexed span is a paragraph of the stored text; the original file stays named.
    assert article.segments and all(article.text[s:e].strip() == article.text[s:e] for s, e in article.segments)
    assert article.path.endswith(name)


def test_a_legacy_charset_is_read_as_declared() -> None:
    raw = (PAGES / "legacy_charset.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = decode_page(raw)
    assert "José Muñoz" in text and "€5,000" in text and "“" in text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (codecs.BOM_UTF8 + "<p>Señor</p>".encode(), "Señor"),
        ('<meta charset="iso-8859-1"><p>Se\xf1or \x93quoted\x94</p>'.encode("latin-1"), "Señor “quoted”"),  # read as Windows-1252
        ("<html><p>Señor</p>".encode(), "Señor"),  # undeclared UTF-8
        ("<html><p>Se\xf1or</p>".encode("cp1252"), "Señor"),  # undeclared, not UTF-8
        ('<meta charset="no-such-charset"><p>Señor</p>'.encode(), "Señor"),
    ],
)
def test_charsets_declared_or_not(raw: bytes, expected: str) -> None:
    assert expected in decode_page(raw)


def test_a_page_without_an_article_is_skipped_with_a_warning_naming_it(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    shutil.copy(PAGES / "no_article.html", tmp_path)
    shutil.copy(PAGES / "harbour_strike.html", tmp_path)
    with caplog.at_level(logging.WARNING):
        articles = load_corpus(tmp_path)
    assert [a.doc_id for a in articles] == ["harbour_strike"]
    assert "skipping no_article.html: no article text found" in caplog.text


def test_a_five_megabyte_page_is_read(tmp_path: Path) -> None:
    page = (PAGES / "harbour_strike.html").read_text(encoding="utf-8")
    comment = "<div class='comment'><p class='who'>reader{}</p><p>Great news for the port, finally!</p></div>\n"
    filler = "".join(comment.format(i) for i in range(60_000))
    big = page.replace("</article>", f"</article><section id='comments'>{filler}</section>")
    (tmp_path / "big.html").write_text(big, encoding="utf-8")
    assert (tmp_path / "big.html").stat().st_size > 5_000_000
    article = read_page(tmp_path / "big.html")
    assert article is not None and EXPECTED["harbour_strike.html"]["must_contain"][1] in article.text
    assert "reader59999" not in article.text


def test_citations_point_into_the_extracted_text_stored_with_the_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGES / "harbour_strike.html", corpus)
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")
    embedder = HashingEmbedder()
    build_index(settings, embedder)

    def reply(messages) -> str:
        return next(f"[{line[1]}] a 12% pay rise" for line in messages[-1]["content"].splitlines() if "12% pay rise" in line)

    answer = Pipeline(settings, embedder=embedder, model=ScriptedModel(reply_for=reply)).answer(
        "What pay rise did the harbour board agree to?"
    )
    assert not answer.refused, answer.checks
    citation = answer.citations[0]
    stored = load_index(settings, "hashing-test").articles[citation.doc_id]
    assert stored.text[citation.start : citation.end] == citation.quote and "12% pay rise" in citation.quote
    assert citation.source == "Lakeside Wire" and citation.date == "2025-03-14"
    assert stored.path.endswith("harbour_strike.html")


def _sentences(article) -> list[str]:
    return [" ".join(article.text[s:e].split()) for s, e in article_sentences(article)]


@pytest.mark.parametrize("txt", sorted((PROJECT_ROOT / "corpus").glob("*.txt")), ids=lambda p: p.stem[:3])
def test_the_default_articles_saved_as_pages_give_the_same_sentences(txt: Path) -> None:
    as_text = load_article(txt)
    as_page = read_page(CORPUS_HTML / f"{txt.stem}.html")
    assert as_text is not None and as_page is not None
    assert as_page.title == as_text.title and as_page.date in (as_text.date, None)
    page_sentences = _sentences(as_page)
    assert set(page_sentences) <= set(_sentences(as_text))
    # What the extractor leaves out is a photo caption, a standfirst or an author's bio, never the story:
    # at most two sentences of an article.
    assert len(set(_sentences(as_text)) - set(page_sentences)) <= 2


@pytest.mark.slow
def test_the_default_articles_as_pages_answer_as_the_text_files_do(real_pipeline, tmp_path: Path) -> None:
    """The same questions over the five articles saved as pages: the same facts or refusals, cited into
    the pages' text. The wording may differ: a page drops lines its text file keeps (captions, bylines,
    a standfirst), so the evidence differs a little and the model may word a near tie another way."""
    shutil.copytree(CORPUS_HTML, tmp_path / "corpus")
    settings = real_pipeline.settings.replace(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    build_index(settings, real_pipeline.embedder)
    pages = Pipeline(settings, embedder=real_pipeline.embedder, model=real_pipeline.model, thresholds=real_pipeline.thresholds)
    # (question, what the articles answer it with; None: they don't say)
    for question, fact in [
        ("How many US troops are in Syria?", "900"),
        ("In what year did the US invade Iraq?", "2003"),
        ("Who is the US Secretary of Defense?", "Austin"),
        ("What is the population of Baghdad?", None),
    ]:
        from_text, from_pages = real_pipeline.answer(question), pages.answer(question)
        assert from_pages.refused == from_text.refused == (fact is None), (question, from_text.text, from_pages.text)
        if fact is not None:
            assert fact in from_text.text and fact in from_pages.text, (question, from_text.text, from_pages.text)
            assert any(fact in citation.quote for citation in from_pages.citations), (question, from_pages.citations)
        for citation in from_pages.citations:
            assert pages.loaded.articles[citation.doc_id].text[citation.start : citation.end] == citation.quote
            assert pages.loaded.articles[citation.doc_id].path.endswith(".html")
