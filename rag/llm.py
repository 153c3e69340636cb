"""The language model behind a small base class; llama.cpp is imported only when a model loads."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .models import PACKAGED_MODELS, resolve_model_path
from .settings import Settings

Message = dict[str, str]
# Greedy decoding with no penalties, said out loud for every backend: llama-cpp-python's server
# defaults to a repeat penalty of 1.1, which the in-process default (1.0) does not apply.
DECODING: dict[str, float | int] = {"top_k": 1, "repeat_penalty": 1.0, "presence_penalty": 0.0, "frequency_penalty": 0.0}
_END = object()  # closes a stream's queue of pieces


class LanguageModel:
    """Generates a reply to chat messages. Subclasses implement `stream`; everything else builds on it."""

    id: str = "base"

    def stream(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        raise NotImplementedError

    def complete(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> str:
        return "".join(self.stream(messages, max_tokens, grammar))

    def reply_shares(self, messages: list[Message], groups: Sequence[Sequence[str]], prefix: str = "") -> list[float]:
        """How likely the reply, after `prefix`, is to go on with each group's strings, normalised
        over the groups; an empty group stands for every other continuation.

        Read from the next-token probabilities where the model exposes them. This fallback, for
        models that only generate, puts all the weight on the group the greedy reply opens with.
        """
        reply = self.complete(messages, max_tokens=8).lstrip()
        if not reply.startswith(prefix.strip()):
            reply = ""
        reply = reply[len(prefix.strip()) :].lstrip()
        hits = [float(any(reply.startswith(s) or (reply and s.startswith(reply)) for s in group)) for group in groups]
        if any(not group for group in groups) and not any(hits):
            hits = [float(not group) for group in groups]
        total = sum(hits)
        return [h / total for h in hits] if total else [1.0 / len(groups)] * len(groups)


class LlamaCppModel(LanguageModel):
    """A GGUF model run by llama-cpp-python at temperature 0 with a fixed seed and thread count.

    Every call renders the messages to tokens and reuses the KV cache for the prefix it shares with
    the previous call, so reading the first-token probabilities, generating the answer and asking
    a check question about it cost one prompt evaluation plus the new tokens.

    Only a prefix that does not depend on earlier questions is reused, though (`_settle`): the
    system prompt, always evaluated alone, or the whole first turn of this conversation. A prompt
    evaluated from wherever the last question's tokens happened to part from it is cut into other
    batches, and a near tie could go another way: the same question would be answered differently
    after different questions.
    """

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
        metadata = self._llm.metadata or {}
        template = metadata.get("tokenizer.chat_template")
        self._formatter: Any = None
        self._stop: list[str] = ["\n\n"]
        if template and (packaged is None or packaged.chat_template):
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            eos = self._piece(self._llm.token_eos())
            self._formatter = Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=self._piece(self._llm.token_bos()))
            self._stop = [eos] if eos else []
        self._lock = threading.Lock()
        self._grammars: dict[str, Any] = {}
        self._pieces: list[str] | None = None
        self._masks: dict[tuple[str, ...], np.ndarray] = {}
        self._system_lengths: dict[str, int] = {}

    @property
    def chat_template(self) -> bool:
        return self._formatter is not None

    def prompt_tokens(self, messages: list[Message]) -> list[int]:
        """The exact tokens the model reads for these messages, up to where its reply starts."""
        if self._formatter is not None:
            text = self._formatter(messages=messages).prompt
            return list(self._llm.tokenize(text.encode("utf-8"), add_bos=True, special=True))
        return list(self._llm.tokenize(plain_prompt(messages).encode("utf-8"), add_bos=True, special=False))

    def stream(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        # The reply is generated to its end (max_tokens at most) by a worker that holds the model
        # only meanwhile, and read from a queue: a consumer that reads slowly or stops reading (a
        # stalled chat client, a caller that breaks out of its loop) does not keep the model from
        # the next question. A consumer that closes the stream stops the worker early.
        pieces: queue.SimpleQueue[object] = queue.SimpleQueue()
        closed = threading.Event()
        # Not a daemon: interpreter exit waits for the few tokens left instead of freeing the model under it.
        worker = threading.Thread(target=self._generate, args=(messages, max_tokens, grammar, pieces, closed), name="llm-generate")
        worker.start()
        try:
            while (piece := pieces.get()) is not _END:
                if isinstance(piece, BaseException):
                    raise piece
                yield str(piece)
        finally:
            closed.set()

    def _generate(
        self, messages: list[Message], max_tokens: int, grammar: str | None, pieces: queue.SimpleQueue[object], closed: threading.Event
    ) -> None:
        try:
            # One generation at a time: a llama.cpp context is not safe to share between threads.
            with self._lock:
                kwargs: dict[str, Any] = {
                    "max_tokens": max_tokens,
                    "temperature": self.settings.temperature,
                    **DECODING,
                    "seed": self.settings.seed,
                    "stream": True,
                    "stop": self._stop,
                }
                if grammar:
                    kwargs["grammar"] = self._grammar(grammar)
                llm: Any = self._llm  # llama_cpp's TypedDicts do not describe the streamed parts
                tokens = self.prompt_tokens(messages)
                llm.n_tokens = self._settle(messages, tokens)  # create_completion reuses at most this much
                for part in llm.create_completion(prompt=tokens, **kwargs):
                    if closed.is_set():
                        break
                    text = part["choices"][0]["text"]
                    if text:
                        pieces.put(str(text))
        except Exception as exc:  # raised to the consumer, in its thread
            pieces.put(exc)
        finally:
            pieces.put(_END)

    def reply_shares(self, messages: list[Message], groups: Sequence[Sequence[str]], prefix: str = "") -> list[float]:
        with self._lock:
            tokens = self.prompt_tokens(messages)
            if prefix:
                tokens += list(self._llm.tokenize(prefix.encode("utf-8"), add_bos=False, special=False))
            logits = self._next_logits(tokens, self._settle(messages, tokens))
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        masks = [self._opening_mask(tuple(group)) for group in groups if group]
        named = np.logical_or.reduce(masks) if masks else np.zeros(len(probs), dtype=bool)
        shares = [float(probs[self._opening_mask(tuple(group))].sum()) if group else float(probs[~named].sum()) for group in groups]
        total = sum(shares)
        return [s / total for s in shares] if total > 0 else [1.0 / len(groups)] * len(groups)

    def _settle(self, messages: list[Message], tokens: list[int]) -> int:
        """How much of the KV cache a call on `tokens` may reuse: all it shares with them when that
        covers this conversation's whole first turn (a later call of the same question), else only
        the system prompt, which is evaluated alone, from the start, whenever the cache lacks it."""
        llm: Any = self._llm
        cached = _shared_prefix(llm.input_ids[: llm.n_tokens], tokens)
        if len(messages) > 1 and cached >= _shared_prefix(self.prompt_tokens(messages[:2]), tokens):
            return cached
        system = self._system_length(messages, tokens)
        if cached < system:
            llm.n_tokens = 0
            llm.eval(tokens[:system])
        return system

    def _system_length(self, messages: list[Message], tokens: list[int]) -> int:
        """How many of `tokens` are the system prompt's (0 when the first message is not one)."""
        if not messages or messages[0]["role"] != "system":
            return 0
        key = messages[0]["content"]
        if key not in self._system_lengths:
            if len(self._system_lengths) > 16:
                self._system_lengths.clear()
            self._system_lengths[key] = _shared_prefix(self.prompt_tokens(messages[:1]), tokens)
        return self._system_lengths[key]

    def _next_logits(self, tokens: list[int], reusable: int) -> np.ndarray:
        """Logits for the token after `tokens`, evaluating only what the KV cache holds past `reusable`."""
        llm: Any = self._llm
        llm.n_tokens = min(reusable, len(tokens) - 1)  # re-read at least the last token: its logits are wanted
        llm.eval(tokens[llm.n_tokens :])
        return np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),)).astype(np.float64)

    def _opening_mask(self, group: tuple[str, ...]) -> np.ndarray:
        """Tokens a reply opening with one of these strings could start with ("N", "NOT", "[", "[2"...)."""
        if group not in self._masks:
            pieces = self._vocabulary()
            mask = np.zeros(len(pieces), dtype=bool)
            for i, piece in enumerate(pieces):
                piece = piece.lstrip()  # a prompt ending in "Answer:" is continued by " NOT"
                if piece and any(s.startswith(piece) or piece.startswith(s) for s in group):
                    mask[i] = True
            self._masks[group] = mask
        return self._masks[group]

    def _vocabulary(self) -> list[str]:
        if self._pieces is None:
            self._pieces = [self._piece(i) for i in range(self._llm.n_vocab())]
        return self._pieces

    def _piece(self, token: int) -> str:
        try:
            return bytes(self._llm.detokenize([token], special=True)).decode("utf-8", errors="ignore")
        except Exception:  # a control token without a printable piece
            return ""

    def _grammar(self, source: str) -> Any:
        if source not in self._grammars:
            from llama_cpp import LlamaGrammar

            if len(self._grammars) > 64:  # grammars are built per question's evidence: keep a few
                self._grammars.clear()
            self._grammars[source] = LlamaGrammar.from_string(source, verbose=False)
        return self._grammars[source]

    @property
    def llama(self) -> Any:
        """The underlying llama_cpp.Llama, for benchmarks that measure the raw floor."""
        return self._llm


def _shared_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    """How many leading tokens two sequences share."""
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


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
            if settings.model.startswith("openai:"):
                from .served import ServedModel  # no model in this process: it answers through the server

                _SHARED[key] = ServedModel(settings)
            else:
                _SHARED[key] = LlamaCppModel(settings)
        return _SHARED[key]
