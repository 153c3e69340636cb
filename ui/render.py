"""HTML for answers and sources: quotes highlighted in their paragraph, the whole article a click away."""

from __future__ import annotations

from html import escape as escape_html
from pathlib import Path

from rag.pipeline import REFUSAL_TEXT
from rag.types import Answer, Article, Citation

REFUSAL_NOTE = (
    "**The articles don't say.** I answer only from the articles in this corpus, "
    "and none of them states this. Try other words, or ask about something the articles listed below cover."
)
DRAFT_NOTE = '<span class="draft-note">Draft — checking every sentence against the articles…</span>'
# The chat renders every message as Markdown, then as HTML. Text from users, articles and the model
# goes out as character references wherever HTML or Markdown would read it as structure (a tag, a
# link, an image, emphasis, code, LaTeX), so it shows as itself; only our own markup is markup.
_MARKDOWN_REFERENCES = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]()!~|$"})


def escape(text: str) -> str:
    """Text that shows as itself in a chat message: never a tag, an attribute's end or Markdown."""
    return escape_html(text, quote=True).translate(_MARKDOWN_REFERENCES)


def render_question(question: str) -> str:
    # A block of its own, so nothing at the start of the question (#, -, 1.) makes a heading or list.
    return f"<div class='question'>{escape(question)}</div>"


def render_draft(text: str) -> str:
    return f"{DRAFT_NOTE}\n\n<div class='draft'>{escape(text)}</div>"


def render_answer(answer: Answer, articles: dict[str, Article], asked: str = "") -> str:
    """The checked answer, its markers linked to its sources. When a follow-up was read as another
    question (`asked` differs from `answer.question`: "What did he say?" → "What did Jane Ortiz
    say?"), a note says how, so a wrong reading shows."""
    read_as = ""
    if asked and answer.question and " ".join(answer.question.split()) != " ".join(asked.split()):
        read_as = f"<div class='note read-as'>Read as: {escape(answer.question)}</div>\n\n"
    if answer.refused:
        # The usual refusal gets its explanation; any other (an empty corpus) says what it says.
        return read_as + (REFUSAL_NOTE if answer.text == REFUSAL_TEXT else f"<div class='answer-text'>{escape(answer.text)}</div>")
    body = escape(answer.text)
    for citation in answer.citations:
        body = body.replace(escape(f"[{citation.marker}]"), f"<sup class='marker'>[{citation.marker}]</sup>")
    parts = [f"{read_as}<div class='answer-text'>{body}</div>"]
    if answer.dropped_sentences:
        n = len(answer.dropped_sentences)
        parts.append(f"<div class='note'>{n} sentence{'s' if n > 1 else ''} left out: the cited articles do not support it.</div>")
    parts.append("<div class='sources'><div class='sources-title'>Sources</div>")
    parts.extend(render_source(c, articles[c.doc_id]) for c in answer.citations)
    parts.append("</div>")
    return "\n".join(parts)


def render_source(citation: Citation, article: Article) -> str:
    meta = " · ".join(escape(x) for x in (citation.source or "Outlet not stated", citation.date or "undated"))
    para_start, para_end = paragraph_bounds(article.text, citation.start, citation.end)
    paragraph = _marked(article.text, para_start, para_end, citation.start, citation.end)
    whole = _marked(article.text, 0, len(article.text), citation.start, citation.end).replace("\n", "<br>")
    also = ""
    if citation.also_in:
        also = f"<div class='also'>Also reported in {len(citation.also_in)} other article(s).</div>"
    return (
        f"<div class='source' data-doc='{escape(citation.doc_id)}'>"
        f"<div class='source-meta'><b>[{citation.marker}]</b> {meta} — <i>{escape(citation.title)}</i>"
        f" <code class='file'>{escape(Path(article.path).name or citation.doc_id)}</code></div>"
        f"<blockquote class='context'>{paragraph}</blockquote>{also}"
        f"<details><summary>Show the whole article</summary><div class='article'>{whole}</div></details>"
        "</div>"
    )


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) of the original text that hold [start, end)."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    return para_start, len(text) if para_end == -1 else para_end


def _marked(text: str, lo: int, hi: int, start: int, end: int) -> str:
    return f"{escape(text[lo:start])}<mark class='quote'>{escape(text[start:end])}</mark>{escape(text[end:hi])}"


def corpus_table(articles: dict[str, Article]) -> str:
    if not articles:
        return "<p class='corpus-empty'>No articles yet.</p>"
    rows = "".join(
        f"<tr data-doc='{escape(a.doc_id)}'><td>{escape(a.title)}</td><td>{escape(a.source or '—')}</td><td>{escape(a.date or '—')}</td>"
        f"<td>{len(a.text.split()):,} words</td><td><code>{escape(Path(a.path).name or a.doc_id)}</code></td></tr>"
        for a in articles.values()
    )
    header = "<tr><th>Title</th><th>Outlet</th><th>Date</th><th>Size</th><th>File</th></tr>"
    return f"<table class='corpus'>{header}{rows}</table>"
