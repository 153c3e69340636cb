"""Fakes that subclass the real base classes, for unit tests of logic."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

import numpy as np

from rag.embed import Embedder
from rag.llm import LanguageModel, Message
from rag.text import content_terms


class HashingEmbedder(Embedder):
    """Bag of stemmed words hashed into 384 dims: similar wording gives similar vectors."""

    id = "hashing-test"
    dim = 384

    def __init__(self) -> None:
        self.calls = 0
        self.texts_encoded = 0

    def _encode(self, texts: list[str], batch_size: int, progress: bool) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in content_terms(text) or ["<empty>"]:
                out[row, int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out


class ScriptedModel(LanguageModel):
    """Replies with a fixed text (or a function of the prompt), streamed word by word; its
    probabilities that no line answers and that the check says Yes are scripted too."""

    id = "scripted"

    def __init__(
        self,
        reply: str | None = None,
        reply_for=None,
        p_refuse: float = 0.05,
        p_support: float = 0.95,
        line_shares: list[float] | Callable[[list[Message]], list[float]] | None = None,
    ) -> None:
        self.reply = reply
        self.reply_for = reply_for
        self.p_refuse = p_refuse
        self.p_support = p_support
        self.line_shares = line_shares  # how likely each line is as the first citation; None: all alike
        self.prompts: list[list[Message]] = []
        self.grammars: list[str | None] = []
        self.checks: list[list[Message]] = []

    def reply_shares(self, messages: list[Message], groups, prefix: str = "") -> list[float]:
        if prefix == "[":  # which line the reply cites first
            if self.line_shares is not None:
                shares = self.line_shares(messages) if callable(self.line_shares) else self.line_shares
                assert len(shares) == len(groups), "one share per line shown"
                return shares
            return [1 / len(groups)] * len(groups)
        if prefix:  # after "[n]": read the scripted reply, as a model without logits would
            return super().reply_shares(messages, groups, prefix)
        if "Yes" in groups[0]:
            self.checks.append(messages)
            return [self.p_support, 1 - self.p_support]
        return [self.p_refuse, 1 - self.p_refuse]

    def stream(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        self.prompts.append(messages)
        self.grammars.append(grammar)
        text = self.reply_for(messages) if self.reply_for else (self.reply or "")
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word
