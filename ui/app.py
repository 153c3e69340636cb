"""The Gradio chat page: a thin shell over rag's pipeline. create_app() builds it, launch() serves it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag import library
from rag.corpus import ARTICLE_SUFFIXES
from rag.pipeline import Pipeline, Token, get_pipeline, validate_question
from rag.settings import Settings
from rag.suggest import example_questions
from rag.types import Answer

from .render import corpus_table, escape, render_answer, render_draft, render_question

log = logging.getLogger(__name__)

CSS = """
.draft-note { color: #8a6d00; font-size: 0.85em; font-style: italic; }
.draft { color: #777; }
.note { color: #666; font-size: 0.85em; margin-top: 4px; }
.sources { margin-top: 10px; border-top: 1px solid #ddd; padding-top: 6px; }
.sources-title { font-weight: 600; font-size: 0.9em; color: #444; }
.source { margin: 6px 0 10px 0; font-size: 0.9em; }
.source blockquote { margin: 4px 0; padding-left: 8px; border-left: 3px solid #f0c000; }
mark.quote { background: #fff1a8; padding: 0 2px; }
.article { max-height: 320px; overflow-y: auto; font-size: 0.9em; padding: 6px; background: #fafafa; }
table.corpus { font-size: 0.9em; }
.upload-error { color: #a00; }
"""
INTRO = (
    "# Ask the news\n"
    "Answers come **only** from the articles listed below. Every answer sentence is checked against the "
    "article it cites, quotes are exact, and when the articles don't say, the answer says so."
)
EMPTY_NOTE = (
    "**There are no articles yet.** Open *Articles and index* below and drop saved news pages (.html) or text files "
    "(.txt, .md) into the upload box, or run `rag add PATH` (a file or a folder). They are indexed in the background; "
    "ask as soon as they are listed."
)


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> Any:
    """The Blocks app; nothing is served until launch()."""
    import gradio as gr

    settings = settings or Settings.from_env()
    live = {"pipe": pipeline or get_pipeline(settings)}

    def current() -> Pipeline:
        """The pipeline over the newest index (an upload, a removal or `rag add` may have replaced it)."""
        live["pipe"] = live["pipe"].refreshed()
        return live["pipe"]

    def respond(message: str, chat: list[dict[str, Any]], history: list[tuple[str, str]]) -> Iterator[tuple[Any, ...]]:
        chat = list(chat or [])
        try:
            question = validate_question(message or "", settings.max_question_chars)
        except ValueError as exc:
            chat.append({"role": "assistant", "content": f"⚠️ {escape(str(exc).capitalize())}."})
            yield chat, history, message
            return
        # The chat renders Markdown and HTML: the question goes in as text, never as markup.
        chat.append({"role": "user", "content": render_question(question)})
        chat.append({"role": "assistant", "content": render_draft("")})
        yield chat, history, ""
        draft = ""
        pipe = current()  # one index for the whole answer, even if an upload lands meanwhile
        try:
            for event in pipe.stream(question, history):
                if isinstance(event, Token):
                    draft += event.text
                    chat[-1] = {"role": "assistant", "content": render_draft(draft)}
                    yield chat, history, ""
                elif isinstance(event, Answer):
                    chat[-1] = {"role": "assistant", "content": render_answer(event, pipe.loaded.articles, asked=question)}
                    history = [*history, (question, event.text)]
                    yield chat, history, ""
        except Exception:  # the page shows a short note; the log keeps the trace
            log.exception("answering %r failed", question)
            chat[-1] = {"role": "assistant", "content": "⚠️ Something went wrong while answering. Please try again."}
            yield chat, history, ""

    def corpus_views(pipe: Pipeline) -> tuple[Any, ...]:
        """Everything on the page that shows the corpus, for the index `pipe` holds."""
        articles = pipe.loaded.articles
        choices = [(f"{a.title} ({a.doc_id})", a.doc_id) for a in articles.values()]
        return (
            gr.update(visible=not articles),
            corpus_table(articles),
            index_status(pipe),
            gr.update(choices=choices, value=None),
            gr.update(samples=[[q] for q in example_questions(articles)]),
        )

    def upload(files: list[str] | None, progress: Any = gr.Progress(track_tqdm=True)) -> tuple[Any, ...]:  # noqa: B008 - Gradio's idiom
        if not files:
            return ("", *corpus_views(current()))
        names = ", ".join(Path(f).name for f in files)
        progress(0, desc=f"Indexing {len(files)} file(s)")
        try:
            change = library.add(settings, [Path(f) for f in files], embedder=current().embedder, progress=True)
        except (ValueError, FileNotFoundError, OSError) as exc:
            log.warning("upload of %s refused: %s", names, exc)
            return (f"<p class='upload-error'>⚠️ Not added: {escape(str(exc))}</p>", *corpus_views(current()))
        return (f"<p class='upload-done'>Done: {escape(change.summary())}. Ask away.</p>", *corpus_views(current()))

    def remove(doc_id: str | None) -> tuple[Any, ...]:
        if not doc_id:
            return ("<p>Choose an article to remove.</p>", *corpus_views(current()))
        try:
            change = library.remove(settings, [doc_id], embedder=current().embedder)
        except (ValueError, OSError) as exc:
            return (f"<p class='upload-error'>⚠️ Not removed: {escape(str(exc))}</p>", *corpus_views(current()))
        return (f"<p class='upload-done'>Done: {escape(change.summary())}.</p>", *corpus_views(current()))

    pipe = current()
    articles = pipe.loaded.articles
    with gr.Blocks(title="Ask the news") as app:
        gr.Markdown(INTRO)
        empty_note = gr.Markdown(EMPTY_NOTE, visible=not articles, elem_id="empty-note")
        history_state = gr.State([])
        # Every piece of text is escaped (ui/render.py); sanitizing is a second guard that keeps our markup.
        chatbot = gr.Chatbot(label="Conversation", height=520, elem_id="chat", sanitize_html=True, buttons=["copy"])
        with gr.Row():
            question_box = gr.Textbox(
                placeholder="Ask about the articles",
                show_label=False,
                scale=5,
                elem_id="question",
                max_lines=3,
            )
            ask = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
            clear = gr.Button("Clear conversation", scale=1, elem_id="clear")
        examples = gr.Dataset(
            components=[question_box],
            samples=[[q] for q in example_questions(articles)],
            label="Try one",
            elem_id="examples",
            type="values",
        )
        with gr.Accordion("Articles and index", open=not articles, elem_id="corpus-panel"):
            table = gr.HTML(corpus_table(articles), elem_id="corpus-table")
            status = gr.HTML(index_status(pipe))
            with gr.Row():
                to_remove = gr.Dropdown(
                    choices=[(f"{a.title} ({a.doc_id})", a.doc_id) for a in articles.values()],
                    label="Article",
                    scale=4,
                    elem_id="remove-choice",
                )
                remove_button = gr.Button("Remove article", scale=1, elem_id="remove", variant="stop")
            uploads = gr.File(
                label="Add articles: drop saved news pages (.html) or text files (.txt, .md)",
                file_count="multiple",
                file_types=sorted(ARTICLE_SUFFIXES),
                elem_id="upload",
            )
            change_note = gr.HTML(elem_id="corpus-change")

        outputs = [chatbot, history_state, question_box]
        question_box.submit(respond, [question_box, chatbot, history_state], outputs, concurrency_id="llm")
        ask.click(respond, [question_box, chatbot, history_state], outputs, concurrency_id="llm")
        clear.click(lambda: ([], [], ""), None, outputs, queue=False)
        examples.click(lambda sample: sample[0], examples, question_box, queue=False)
        views = [change_note, empty_note, table, status, to_remove, examples]
        # Indexing runs beside the answers (its own queue): questions keep being answered from the
        # index as it was until the new one is whole.
        uploads.upload(upload, uploads, views, concurrency_id="index").then(lambda: None, None, uploads, queue=False)
        remove_button.click(remove, to_remove, views, concurrency_id="index")
    # One answer at a time (one loaded LLM); others wait in the queue and see their position.
    app.queue(default_concurrency_limit=1, max_size=64)
    return app


def style() -> dict[str, Any]:
    """Gradio 6 takes the look at launch()."""
    import gradio as gr

    return {"css": CSS, "theme": gr.themes.Soft()}


def index_status(pipe: Pipeline) -> str:
    """The index and model behind the answers; names and paths escaped like every other text."""
    manifest = pipe.loaded.manifest
    settings = pipe.settings
    return (
        f"<p><b>Index:</b> {int(manifest['num_chunks'])} chunks from {len(manifest['corpus'])} articles, "
        f"built {escape(str(manifest['built_at']))}, FAISS <code>{escape(str(manifest['index_type']))}</code>, "
        f"embedder <code>{escape(str(manifest['embedder']['id']))}</code>. "
        f"<b>Model:</b> <code>{escape(settings.model)}</code> (temperature {settings.temperature}, {settings.n_threads} threads).</p>"
    )


def launch(settings: Settings | None = None, host: str = "127.0.0.1", port: int = 7860, share: bool = False) -> None:
    settings = settings or Settings.from_env()
    app = create_app(settings)
    print(f"Chat page on http://{host}:{port}  (Ctrl+C to stop)")
    app.launch(server_name=host, server_port=port, share=share, show_error=False, **style())
