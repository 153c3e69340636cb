"""The language model behind a small base class; llama.cpp is imported only when a model loads."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .models import PACKAGED_MODELS, resolve_model_path
from .settings import Settings

Message = dict[str, str]


class LanguageModel:
    """Generates a reply to chat messages. Subclasses implement `stream`; everything else builds on it."""

    id: str = "base"

    def stream(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        raise NotImplementedError

    def complete(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> str:
        return "".join(self.stream(messages, max_tokens, grammar))


class LlamaCppModel(LanguageModel):
    """A GGUF model run by llama-cpp-python at temperature 0 with a fixed seed and thread count."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.id = settings.model
        self.path: Path = resolve_model_path(settings.model, settings.cache_dir)
        name = settings.model.removeprefix("packaged:")
        packaged = PACKAGED_MODELS.get(name)
        from llama_cpp import Llama

        self._llm = Llama(
            model_path=str(self.path),
            n_ctx=settings.n_ctx,
            n_threads=settings.n_threads,
            n_threads_batch=settings.n_threads,
            n_batch=512,
            seed=settings.seed,
            verbose=False,
        )
        has_template = "tokenizer.chat_template" in (self._llm.metadata or {})
        self.chat_template = has_template and (packaged is None or packaged.chat_template)
        self._lock = threading.Lock()
        self._grammars: dict[str, Any] = {}

    def stream(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        # One generation at a time: a llama.cpp context is not safe to share between threads.
        with self._lock:
            kwargs: dict[str, Any] = {
                "max_tokens": max_tokens,
                "temperature": self.settings.temperature,
                "top_k": 1,
                "seed": self.settings.seed,
                "stream": True,
            }
            if grammar:
                kwargs["grammar"] = self._grammar(grammar)
            llm: Any = self._llm  # llama_cpp's TypedDicts do not describe the streamed parts
            if self.chat_template:
                for part in llm.create_chat_completion(messages=messages, **kwargs):
                    text = part["choices"][0]["delta"].get("content")
                    if text:
                        yield str(text)
            else:
                for part in llm.create_completion(prompt=plain_prompt(messages), stop=["\n\n"], **kwargs):
                    text = part["choices"][0]["text"]
                    if text:
                        yield str(text)

    def _grammar(self, source: str) -> Any:
        if source not in self._grammars:
            from llama_cpp import LlamaGrammar

            self._grammars[source] = LlamaGrammar.from_string(source, verbose=False)
        return self._grammars[source]

    @property
    def llama(self) -> Any:
        """The underlying llama_cpp.Llama, for benchmarks that measure the raw floor."""
        return self._llm


def plain_prompt(messages: list[Message]) -> str:
    """A prompt for base models without a chat template."""
    lines = [m["content"] for m in messages if m["role"] == "system"]
    for m in messages:
        if m["role"] == "user":
            lines.append(m["content"])
        elif m["role"] == "assistant":
            lines.append("Answer: " + m["content"])
    return "\n\n".join(lines) + "\nAnswer:"


_SHARED: dict[tuple[str, int, int], LanguageModel] = {}
_SHARED_LOCK = threading.Lock()


def get_model(settings: Settings) -> LanguageModel:
    """One loaded model per (model, threads, context) for the whole process."""
    key = (settings.model, settings.n_threads, settings.n_ctx)
    with _SHARED_LOCK:
        if key not in _SHARED:
            _SHARED[key] = LlamaCppModel(settings)
        return _SHARED[key]
