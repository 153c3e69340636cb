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
