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
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
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
    page.wait_for_function("document.body.innerText.includes(\"The articles don't say.\")", timeout=120_000)
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
