"""The `rag` command's errors: the message alone, and with -v the traceback too."""

from __future__ import annotations

from unittest import mock

import pytest

from rag import cli
from rag.index import IndexCorruptError

MESSAGE = "index/manifest.json is not a JSON object: rebuild it with `rag index`"


def _fail_deep_inside(*args, **kwargs):
    raise IndexCorruptError(MESSAGE)


def test_an_error_prints_its_message_only(capsys: pytest.CaptureFixture[str]) -> None:
    with mock.patch("rag.index.build_index", side_effect=_fail_deep_inside):
        assert cli.main(["index"]) == 2
    assert capsys.readouterr().err == f"error: {MESSAGE}\n"


@pytest.mark.parametrize("argv", [["-v", "index"], ["index", "-v"], ["index", "--verbose"]])
def test_verbose_shows_the_traceback_and_keeps_the_message(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with mock.patch("rag.index.build_index", side_effect=_fail_deep_inside):
        assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert "_fail_deep_inside" in err and f"IndexCorruptError: {MESSAGE}" in err  # where it was raised
    assert err.endswith(f"error: {MESSAGE}\n")


def test_verbose_is_off_unless_asked() -> None:
    with mock.patch("rag.cli._run", return_value=0) as run:
        cli.main(["ask", "a question"])
        assert run.call_args.args[0].verbose is False
        cli.main(["ask", "-v", "a question"])
        assert run.call_args.args[0].verbose is True


def test_add_list_and_remove_articles(tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from .fakes import HashingEmbedder

    monkeypatch.setattr("rag.library.get_embedder", lambda *a, **k: HashingEmbedder())
    monkeypatch.setattr("rag.index.get_embedder", lambda *a, **k: HashingEmbedder())
    page = tmp_path / "inbox" / "ferry.txt"
    page.parent.mkdir()
    page.write_text("Ferries resume on the lake\n\nFerries to the islands resumed on Monday after a nine-day strike ended.\n")
    where = ["--corpus-dir", str(tmp_path / "corpus"), "--index-dir", str(tmp_path / "index"), "--embedder", "hashing-test"]
    assert cli.main(["add", str(page.parent), *where]) == 0
    assert capsys.readouterr().out.startswith("1 added; index: 1 chunks from 1 articles (1 embedded, 0 reused)")
    assert cli.main(["list", *where]) == 0
    assert capsys.readouterr().out == "ferry\t-\t-\tFerries resume on the lake\n"
    assert cli.main(["remove", "ferri", *where]) == 2
    assert "no article with id ferri in the index (its articles: ferry)" in capsys.readouterr().err
    assert cli.main(["remove", "ferry", *where]) == 0
    assert capsys.readouterr().out.startswith("1 removed; index: 0 chunks from 0 articles")
