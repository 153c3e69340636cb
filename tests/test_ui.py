"""The chat page's pieces: rendering of answers and sources, and the app wiring with fakes."""

from __future__ import annotations

from html.parser import HTMLParser

from rag.corpus import load_corpus
from rag.types import Answer, Article, Citation
from ui.render import REFUSAL_NOTE, corpus_table, escape, paragraph_bounds, render_answer, render_draft, render_question

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
    assert f"<code class='file'>{escape(SYRIA + '.txt')}</code>" in html  # the file the article came from
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
    assert table.count("<tr") == 6 and "Reuters" in table and "2024-01-25" in table and " words</td>" in table
    assert corpus_table({}) == "<p class='corpus-empty'>No articles yet.</p>"


HOSTILE_TITLE = "<script>document.title='INJECTED'</script> Ceasefire <b>holds</b>"
HOSTILE_TEXT = (
    f"{HOSTILE_TITLE}\n\n"
    "Officials met on Monday. <img src=x onerror=\"document.title='INJECTED'\"> The talks ended at noon.\n"
    "See [the statement](javascript:document.title='INJECTED') and **this** `code` with $$x$$ in it.\n"
)


class _Markup(HTMLParser):
    """The tags, attributes and text a browser would read from an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: dict[str, str | None] = {}
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.update(attrs)

    def handle_data(self, data: str) -> None:
        self.text += data


def _read(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def test_article_text_titles_and_file_names_show_as_text_never_as_markup() -> None:
    quote = "Officials met on Monday. <img src=x onerror=\"document.title='INJECTED'\"> The talks ended at noon."
    start = HOSTILE_TEXT.index(quote)
    article = Article(
        doc_id="<i>file</i>_[x](javascript:1)",
        path="hostile.txt",
        text=HOSTILE_TEXT,
        title=HOSTILE_TITLE,
        source="<b>Wire</b>",
        date="2024-01-02",
        author=None,
        segments=((0, len(HOSTILE_TEXT)),),
        sha256="0",
    )
    citation = Citation(article.doc_id, start, start + len(quote), quote, article.title, article.source, article.date, 1)
    answer = Answer("Noon <script>x</script> [1] *bold* [link](javascript:1).", False, [citation])
    for html in (render_answer(answer, {article.doc_id: article}), corpus_table({article.doc_id: article})):
        markup = _read(html)
        # Only our own markup: no script, image or link, no event handler; the hostile text reads as itself.
        assert set(markup.tags) <= {
            "div",
            "sup",
            "b",
            "i",
            "blockquote",
            "mark",
            "details",
            "summary",
            "br",
            "table",
            "tr",
            "th",
            "td",
            "code",
        }
        assert set(markup.attributes) <= {"class", "data-doc"}
        assert HOSTILE_TITLE in markup.text and "<b>Wire</b>" in markup.text
        assert article.doc_id in markup.text or markup.attributes["data-doc"] == article.doc_id
        # Nothing Markdown would turn into a link, emphasis, code or LaTeX before the HTML is read.
        for structure in ("](", "**", "`", "$$", "<script", "<img"):
            assert structure not in html
    html = render_answer(answer, {article.doc_id: article})
    assert "<sup class='marker'>[1]</sup>" in html  # our own markup survives
    text = _read(html).text
    assert "<img src=x onerror=\"document.title='INJECTED'\">" in text and "[the statement](javascript:" in text


def test_a_question_is_shown_as_text_in_a_block_of_its_own() -> None:
    question = "# <img src=x onerror=\"document.title='INJECTED'\"> [a](javascript:1) **How** many?"
    html = render_question(question)
    markup = _read(html)
    assert markup.tags == ["div"] and markup.text == question
    assert html.startswith("<div") and "](" not in html and "**" not in html


def test_the_page_builds_for_an_empty_corpus_and_shows_how_to_add(tmp_path) -> None:
    from rag.index import build_index
    from rag.pipeline import Pipeline
    from rag.settings import Settings
    from ui.app import EMPTY_NOTE, create_app

    from .fakes import HashingEmbedder, ScriptedModel

    (tmp_path / "corpus").mkdir()
    settings = Settings.from_env(environ={}, corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", embedder="hashing-test")
    embedder = HashingEmbedder()
    build_index(settings, embedder)
    app = create_app(settings, pipeline=Pipeline(settings, embedder=embedder, model=ScriptedModel("NOT FOUND")))
    by_id = {getattr(block, "elem_id", None): block for block in app.blocks.values()}
    assert {"upload", "remove", "corpus-table", "examples", "empty-note"} <= set(by_id)
    assert by_id["empty-note"].visible and by_id["empty-note"].value == EMPTY_NOTE
    assert by_id["corpus-panel"].open  # the upload box is in view
    assert by_id["examples"].samples == []


def test_a_follow_up_read_as_another_question_says_how_it_was_read_as_text() -> None:
    answer = Answer("About 900 [1].", False, [syria_citation()], question="What did Jane <b>Ortiz</b> say?")
    html = render_answer(answer, ARTICLES, asked="What did she say?")
    assert html.startswith("<div class='note read-as'>Read as: What did Jane &lt;b&gt;Ortiz&lt;/b&gt; say?</div>")
    assert "read-as" not in render_answer(answer, ARTICLES, asked="What did Jane <b>Ortiz</b> say?")
    refused = Answer("The articles don't say.", True, question="When did Jane Ortiz leave?")
    assert render_answer(refused, ARTICLES, asked="When did she leave?").endswith(REFUSAL_NOTE)
