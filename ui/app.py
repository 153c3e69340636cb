"""The Gradio chat page: a thin shell over rag's pipeline. create_app() builds it, launch() serves it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rag.pipeline import Pipeline, Token, get_pipeline, validate_question
from rag.settings import Settings
from rag.types import Answer

from .render import corpus_table, escape, render_answer, render_draft, render_question

log = logging.getLogger(__name__)

MAX_EXAMPLES = 6
# A corpus may ship questions worth trying beside its articles (not indexed: only .txt files are).
EXAMPLES_FILE = "examples.json"
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
"""
INTRO = (
    "# Ask the news\n"
    "Answers come **only** from the articles listed below. Every answer sentence is checked against the "
    "article it cites, quotes are exact, and when the articles don't say, the answer says so."
)


def create_app(settings: Settings | None = None, pipeline: Pipeline | None = None) -> Any:
    """The Blocks app; nothing is served until launch()."""
    import gradio as gr

    settings = settings or Settings.from_env()
    pipe = pipeline or get_pipeline(settings)
    articles = pipe.loaded.articles

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
        try:
            for event in pipe.stream(question, history):
                if isinstance(event, Token):
                    draft += event.text
                    chat[-1] = {"role": "assistant", "content": render_draft(draft)}
                    yield chat, history, ""
                elif isinstance(event, Answer):
                    chat[-1] = {"role": "assistant", "content": render_answer(event, articles)}
                    history = [*history, (question, event.text)]
                    yield chat, history, ""
        except Exception:  # the page shows a short note; the log keeps the trace
            log.exception("answering %r failed", question)
            chat[-1] = {"role": "assistant", "content": "⚠️ Something went wrong while answering. Please try again."}
            yield chat, history, ""

    with gr.Blocks(title="Ask the news") as app:
        gr.Markdown(INTRO)
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
        if examples := example_questions(pipe.settings.corpus_dir):
            gr.Examples(examples, inputs=question_box, label="Try one")
        with gr.Accordion("Articles and index", open=False, elem_id="corpus-panel"):
            gr.HTML(corpus_table(articles))
            gr.HTML(index_status(pipe))

        outputs = [chatbot, history_state, question_box]
        question_box.submit(respond, [question_box, chatbot, history_state], outputs, concurrency_id="llm")
        ask.click(respond, [question_box, chatbot, history_state], outputs, concurrency_id="llm")
        clear.click(lambda: ([], [], ""), None, outputs, queue=False)
    # One answer at a time (one loaded LLM); others wait in the queue and see their position.
    app.queue(default_concurrency_limit=1, max_size=64)
    return app


def style() -> dict[str, Any]:
    """Gradio 6 takes the look at launch()."""
    import gradio as gr

    return {"css": CSS, "theme": gr.themes.Soft()}


def example_questions(corpus_dir: Path) -> list[str]:
    """The corpus's own example questions (a JSON list in examples.json beside the articles), if any."""
    path = Path(corpus_dir) / EXAMPLES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return []
    if not isinstance(data, list):
        log.warning("ignoring %s: expected a JSON list of questions", path)
        return []
    return [q.strip() for q in data if isinstance(q, str) and q.strip()][:MAX_EXAMPLES]


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
