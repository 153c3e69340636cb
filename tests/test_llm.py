"""The language-model base class, without a real model."""

from __future__ import annotations

from rag.llm import LanguageModel

from .fakes import ScriptedModel


def test_reply_shares_falls_back_to_the_greedy_reply_for_models_without_logits() -> None:

    class OnlyGenerates(ScriptedModel):
        reply_shares = LanguageModel.reply_shares

    assert OnlyGenerates("[2] about 900").reply_shares([], [["NOT FOUND"], ["[1]", "[2]"]]) == [0.0, 1.0]
    assert OnlyGenerates("NOT FOUND").reply_shares([], [["NOT FOUND"], ["[1]", "[2]"]]) == [1.0, 0.0]
