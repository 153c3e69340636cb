"""The LLM behind an OpenAI-compatible endpoint (RAG_MODEL=openai:http://host:port/v1): no model in this process."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from .llm import DECODING, LanguageModel, Message, plain_prompt
from .settings import Settings

# Top next tokens read per probability question: the groups the pipeline asks about ("NOT", "[1]"…,
# "Yes"/"No") sit in the first few; what falls outside counts for "any other continuation".
TOP_LOGPROBS = 20
TIMEOUT_S = 300.0
ONE_CHARACTER = "root ::= [^\\x00]"


class ServedModelError(RuntimeError):
    """The endpoint cannot be used; the message names it and the fix."""


class ServedModel(LanguageModel):
    """Answers through `/v1/completions` of an OpenAI-compatible server, carrying what the pipeline
    needs: greedy decoding with a fixed seed, a grammar (llama.cpp servers' `grammar` field) and
    the next token's log-probabilities (`logprobs`).

    The prompt is rendered here with the served model's own chat template, read from the server's
    `GET /props` (llama.cpp's server and `rag serve-llm` give it), so the server reads the prompt
    the in-process model would (the answer's "[n]" prefix is tokenized with it, not apart; the same
    tokens for the packaged models, `tests/test_served.py`), and its KV cache keeps the shared
    prefix between calls. Group shares are read from the top TOP_LOGPROBS tokens, not the whole
    vocabulary.
    Without `/props` the reply goes through `/v1/chat/completions`, and the probability questions
    fall back to the greedy reply, as for any model that only generates.
    """

    def __init__(self, settings: Settings, client: Any = None) -> None:
        import httpx

        self.settings = settings
        self.id = settings.model
        self.base_url = settings.model.removeprefix("openai:").rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise ServedModelError(f"model {settings.model!r}: write openai:http://host:port/v1")
        self._client = client or httpx.Client(timeout=TIMEOUT_S)
        self._formatter: Any = None
        self._stop: list[str] = ["\n\n"]  # a base model without a template ends its answer at a blank line
        props = self._props()
        # With /props the prompt is rendered here and sent to /completions: with the served model's
        # chat template, or as the plain prompt of a model without one, as the in-process model does.
        self._completions = bool(props)
        # The served model's name (rag serve-llm names it by its RAG_MODEL), for its fitted thresholds.
        self.id = str(props.get("model") or self._served_name() or settings.model)
        if props.get("chat_template"):
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter  # a Jinja renderer; loads no model

            self._formatter = Jinja2ChatFormatter(
                template=props["chat_template"], eos_token=props.get("eos_token", ""), bos_token=props.get("bos_token", "")
            )
            self._stop = [props["eos_token"]] if props.get("eos_token") else []

    def _props(self) -> dict[str, Any]:
        import httpx

        root = self.base_url.removesuffix("/v1")
        try:
            response = self._client.get(f"{root}/props")
        except httpx.HTTPError as exc:
            raise ServedModelError(f"cannot reach the LLM server at {self.base_url}: {exc}; start one with `rag serve-llm`") from exc
        if response.status_code != 200:
            return {}
        try:
            body = response.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _served_name(self) -> str:
        try:
            response = self._client.get(f"{self.base_url}/models")
            return str(response.json()["data"][0]["id"]) if response.status_code == 200 else ""
        except (ValueError, KeyError, IndexError, TypeError):
            return ""

    def prompt_text(self, messages: list[Message]) -> str:
        if self._formatter is not None:
            return str(self._formatter(messages=messages).prompt)
        return plain_prompt(messages)

    def stream(self, messages: list[Message], max_tokens: int, grammar: str | None = None) -> Iterator[str]:
        body: dict[str, Any] = {
            "max_tokens": max_tokens,
            "temperature": self.settings.temperature,
            **DECODING,
            "seed": self.settings.seed,
            "stream": True,
        }
        if grammar:
            body["grammar"] = grammar
        if self._completions:
            body.update(prompt=self.prompt_text(messages), stop=self._stop)
            path, read = "/completions", (lambda choice: choice.get("text") or "")
        else:
            body.update(messages=messages)
            path, read = "/chat/completions", (lambda choice: (choice.get("delta") or {}).get("content") or "")
        with self._client.stream("POST", self.base_url + path, json=body) as response:
            self._check(response)
            for line in response.iter_lines():
                if not line.startswith("data:"):
                    continue
                data = line.removeprefix("data:").strip()
                if data == "[DONE]":
                    break
                choices = json.loads(data).get("choices") or [{}]
                piece = read(choices[0])
                if piece:
                    yield str(piece)

    def reply_shares(self, messages: list[Message], groups: Sequence[Sequence[str]], prefix: str = "") -> list[float]:
        if not self._completions:
            return super().reply_shares(messages, groups, prefix)
        body = {
            "prompt": self.prompt_text(messages) + prefix,
            "max_tokens": 1,
            "temperature": self.settings.temperature,
            **DECODING,
            "seed": self.settings.seed,
            "logprobs": TOP_LOGPROBS,
            # Log-probabilities come with generated tokens only: were end-of-text the likeliest
            # next token, none would be generated. The grammar asks for one character, which rules
            # out ending without touching the probabilities read (they are the raw logits').
            "grammar": ONE_CHARACTER,
        }
        response = self._client.post(self.base_url + "/completions", json=body)
        self._check(response)
        logprobs = (response.json().get("choices") or [{}])[0].get("logprobs") or {}
        top = (logprobs.get("top_logprobs") or [None])[0]
        if not top:
            raise ServedModelError(
                f"the LLM server at {self.base_url} returned no log-probabilities: it must support `logprobs` on /completions"
            )
        return shares_of_next_token({str(piece): float(lp) for piece, lp in top.items()}, groups)

    def _check(self, response: Any) -> None:
        if response.status_code != 200:
            response.read()
            raise ServedModelError(f"the LLM server at {self.base_url} answered {response.status_code}: {response.text[:300]}")


def shares_of_next_token(top: dict[str, float], groups: Sequence[Sequence[str]]) -> list[float]:
    """Each group's share of the next-token probability, from the top tokens' log-probabilities:
    a token counts for a group when the reply could open with it towards one of the group's
    strings ("N", "NOT", "[", "[2"…); an empty group takes every other continuation, including
    the mass of the tokens not listed. Normalised over the groups."""
    import math

    probs = {piece: math.exp(lp) for piece, lp in top.items()}

    def opens(piece: str, group: Sequence[str]) -> bool:
        piece = piece.lstrip()  # a prompt ending in "Answer:" is continued by " NOT"
        return bool(piece) and any(s.startswith(piece) or piece.startswith(s) for s in group)

    named = {piece for piece in probs if any(opens(piece, g) for g in groups if g)}
    rest = max(0.0, 1.0 - sum(probs[p] for p in named))
    shares = [sum(probs[p] for p in probs if opens(p, g)) if g else rest for g in groups]
    total = sum(shares)
    return [s / total for s in shares] if total > 0 else [1.0 / len(groups)] * len(groups)
