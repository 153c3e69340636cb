"""The chat page in real headless Chromium: ask, watch the answer stream, check the highlighted
quote, ask a follow-up, and keep screenshots in tests/artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROME_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def page_url(real_settings, real_pipeline):
    from ui.app import create_app, style

    app = create_app(real_settings, pipeline=real_pipeline)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **style())
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: `make browser` installs Debian's chromium")
        pytest.skip("chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROME_ARGS)
        yield browser
        browser.close()


USER_MESSAGES = "#chat [data-testid='user']"


def last_bot_message(page):
    return page.locator("#chat .message.bot, #chat [data-testid='bot']").last


def test_ask_stream_cite_and_follow_up(page_url: str, browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1100})
    page.goto(page_url)
    page.get_by_placeholder("Ask about the articles").fill("How many US troops are in Syria?")
    page.locator("#ask").click()
    # The draft streams first, then the verified answer replaces it with its sources.
    page.wait_for_selector("#chat mark.quote", timeout=120_000)
    bot = last_bot_message(page)
    assert "Sources" in bot.inner_text()
    assert "900" in page.locator("#chat .answer-text").last.inner_text()
    quote = page.locator("#chat blockquote.context mark.quote").last.inner_text()
    assert "900" in quote
    page.screenshot(path=str(ARTIFACTS / "1-answer-with-sources.png"), full_page=True)

    page.locator("#chat details summary").last.click()
    page.screenshot(path=str(ARTIFACTS / "2-whole-article.png"), full_page=True)

    page.get_by_placeholder("Ask about the articles").fill("And how many are in Iraq?")
    page.locator("#ask").click()
    page.wait_for_function("document.querySelectorAll('#chat blockquote.context mark.quote').length >= 2", timeout=120_000)
    assert "2,500" in page.locator("#chat .answer-text").last.inner_text()
    page.screenshot(path=str(ARTIFACTS / "3-follow-up.png"), full_page=True)

    page.get_by_placeholder("Ask about the articles").fill("What is the population of Baghdad?")
    page.locator("#ask").click()
    page.wait_for_function('document.body.innerText.includes("The articles don\'t say.")', timeout=120_000)
    page.screenshot(path=str(ARTIFACTS / "4-refusal.png"), full_page=True)

    page.locator("#corpus-panel").click()
    page.wait_for_selector("table.corpus", timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "5-corpus-panel.png"), full_page=True)
    page.close()


def test_empty_question_gets_a_friendly_note(page_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(page_url)
    page.locator("#ask").click()
    page.wait_for_function("document.body.innerText.includes('The question is empty')", timeout=30_000)
    page.close()


INJECTED_HTML = "<img src=x onerror=\"document.title='INJECTED'\"> How many US troops are in Syria?"
INJECTED_MARKDOWN = "[more](javascript:document.title='INJECTED') **And** how many are in Iraq? $$x$$"


def ask_and_wait_for_the_verified_reply(page, question: str, asked: int) -> None:
    page.get_by_placeholder("Ask about the articles").fill(question)
    page.locator("#ask").click()
    # The question and the draft arrive in one update; the verified reply then replaces the draft.
    page.wait_for_function(f"document.querySelectorAll({USER_MESSAGES!r}).length >= {asked}", timeout=30_000)
    page.wait_for_function("document.querySelectorAll('#chat .draft-note').length === 0", timeout=120_000)


def test_html_and_markdown_in_a_question_show_as_text_and_nothing_runs(page_url: str, browser) -> None:
    page = browser.new_page()
    page.goto(page_url)
    page.wait_for_function("document.title === 'Ask the news'", timeout=30_000)
    ask_and_wait_for_the_verified_reply(page, INJECTED_HTML, 1)
    ask_and_wait_for_the_verified_reply(page, INJECTED_MARKDOWN, 2)
    assert page.title() == "Ask the news"  # the image's onerror never ran
    assert page.locator("#chat img").count() == 0
    shown = [q.inner_text().strip() for q in page.locator(USER_MESSAGES).all()]
    assert shown == [INJECTED_HTML, INJECTED_MARKDOWN]  # the first one still as text after the chat came back
    assert page.locator("#chat a[href^='javascript']").count() == 0 and page.locator(USER_MESSAGES).locator("strong, em, code").count() == 0
    # A link would only run on a click: click the words where it would be.
    page.locator(USER_MESSAGES).last.get_by_text("more", exact=False).first.click()
    assert page.title() == "Ask the news"
    page.close()


def ask_and_read_the_checked_reply(page, question: str) -> str:
    """Ask, wait for the checked answer (or the refusal) to replace the draft, return its text."""
    before = page.locator("#chat [data-testid='bot']").count()
    page.get_by_placeholder("Ask about the articles").fill(question)
    page.locator("#ask").click()
    page.wait_for_function(
        "([n]) => { const bots = document.querySelectorAll(\"#chat [data-testid='bot']\");"
        " return bots.length > n && !bots[bots.length - 1].querySelector('.draft-note'); }",
        arg=[before],
        timeout=180_000,
    )
    return str(last_bot_message(page).inner_text())


def test_an_explanation_and_a_three_turn_conversation(page_url: str, browser) -> None:
    """A why-question gets its cause, cited; a pronoun two turns on still means the person the
    first answer named."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(page_url)

    def ask(question: str) -> str:
        return ask_and_read_the_checked_reply(page, question)

    explanation = ask("Why have armed groups in Iraq been attacking US troops since mid-October?")
    assert "Gaza" in explanation and "[1]" in explanation, explanation
    page.screenshot(path=str(ARTIFACTS / "6-explanation.png"), full_page=True)

    page.locator("#clear").click()  # a new conversation
    page.wait_for_function("document.querySelectorAll(\"#chat [data-testid='bot']\").length == 0", timeout=10_000)
    first = ask("Who is Iraq's prime minister?")
    assert "Sudani" in first, first
    ask("What does he want the coalition to do?")  # answered or refused, the turn stays in the conversation
    third = ask("When did his office announce that?")  # "his": the prime minister two turns back
    assert "January" in third, third
    page.screenshot(path=str(ARTIFACTS / "7-three-turn-conversation.png"), full_page=True)
    page.close()


@pytest.fixture(scope="module")
def live_page_url(real_pipeline, tmp_path_factory):
    """A page over a private copy of the default corpus (uploads change it), sharing the loaded models."""
    from rag.index import build_index
    from rag.pipeline import Pipeline
    from ui.app import create_app, style

    root = tmp_path_factory.mktemp("live")
    shutil.copytree(real_pipeline.settings.corpus_dir, root / "corpus")
    settings = real_pipeline.settings.replace(corpus_dir=root / "corpus", index_dir=root / "index")
    build_index(settings, real_pipeline.embedder)
    pipeline = Pipeline(settings, embedder=real_pipeline.embedder, model=real_pipeline.model, thresholds=real_pipeline.thresholds)
    app = create_app(settings, pipeline=pipeline)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, **style())
    yield f"http://127.0.0.1:{port}/"
    app.close()


def test_upload_a_page_ask_about_it_then_remove_it(live_page_url: str, browser) -> None:
    """A saved news page dropped on the page is indexed, answered from with a citation, and once
    removed is no longer answered from."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(live_page_url)
    question = "What pay rise did the harbour board agree to?"

    def ask() -> str:
        return ask_and_read_the_checked_reply(page, question)

    page.locator("#corpus-panel").click()
    page.locator("#upload input[type='file']").set_input_files(str(Path(__file__).parent / "data" / "pages" / "harbour_strike.html"))
    page.wait_for_function("document.querySelector('#corpus-change').innerText.includes('1 added')", timeout=180_000)
    assert "Lakeside Wire" in page.locator("#corpus-table").inner_text()
    page.screenshot(path=str(ARTIFACTS / "8-uploaded-page.png"), full_page=True)

    answer = ask()
    assert "12%" in answer and "[1]" in answer, answer
    source_line = last_bot_message(page).locator(".source-meta").first.inner_text()
    assert "Lakeside Wire" in source_line and "harbour_strike.html" in source_line  # the original file stays named
    assert "12%" in last_bot_message(page).locator("mark.quote").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "9-answer-from-the-uploaded-page.png"), full_page=True)

    page.locator("#remove-choice input").click()
    page.locator("#remove-choice input").fill("Port workers")
    page.get_by_role("option", name="Port workers", exact=False).first.click()
    page.locator("#remove").click()
    page.wait_for_function("document.querySelector('#corpus-change').innerText.includes('1 removed')", timeout=180_000)
    assert "Lakeside Wire" not in page.locator("#corpus-table").inner_text()
    assert "The articles don't say." in ask()
    page.screenshot(path=str(ARTIFACTS / "10-refused-after-removal.png"), full_page=True)
    page.close()
