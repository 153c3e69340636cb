"""Prompt the model with numbered evidence, hold its reply to "[n] answer", and parse the claim."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .llm import LanguageModel, Message
from .types import Article, Evidence

PROMPTS = Path(__file__).with_name("prompts")
REFUSAL_TOKEN = "NOT FOUND"
_LEADING = re.compile(r"^\s*\[\s*(?P<n>\d+)\s*\]\s*(?P<text>.*)$", re.S)


@dataclass
class Claim:
    """One answer phrase and the evidence numbers it cites (1-based, as shown to the model)."""

    text: str
    cites: list[int]


@cache
def load_prompt(name: str) -> str:
    return (PROMPTS / name).read_text(encoding="utf-8")


def format_evidence(evidence: list[Evidence], articles: dict[str, Article]) -> str:
    lines = []
    for number, unit in enumerate(evidence, 1):
        article = articles[unit.locations[0].doc_id]
        label = ", ".join(x for x in (article.source, article.date) if x)
        text = " ".join(unit.text.split())
        lines.append(f"[{number}] ({label}) {text}" if label else f"[{number}] {text}")
    return "\n".join(lines)


def build_messages(question: str, evidence: list[Evidence], articles: dict[str, Article], previous: str = "") -> list[Message]:
    context = f"Earlier question: {previous}\n" if previous else ""
    user = load_prompt("user.txt").format(evidence=format_evidence(evidence, articles), context=context, question=question)
    return [{"role": "system", "content": load_prompt("system.txt").strip()}, {"role": "user", "content": user.strip()}]


def support_messages(messages: list[Message], reply: str, claim: Claim, question: str) -> list[Message]:
    """The check question asked after the answer, on the same conversation (so on the same KV cache)."""
    check = load_prompt("check.txt").format(n=claim.cites[0], question=question, answer=claim.text).strip()
    return [*messages, {"role": "assistant", "content": reply.strip()}, {"role": "user", "content": check}]


def claim_grammar(n_evidence: int, allow_refusal: bool = True) -> str:
    """GBNF: "[n] answer" citing a line that exists, or NOT FOUND when refusal is left to the model."""
    cites = " | ".join(f'"{i}"' for i in range(1, max(1, n_evidence) + 1))
    root = "refusal | claim" if allow_refusal else "claim"
    return load_prompt("grammar.gbnf").format(root=root, cites=cites)


def generate(model: LanguageModel, messages: list[Message], grammar: str, max_tokens: int) -> Iterator[str]:
    """Stream the model's raw reply under the grammar."""
    yield from model.stream(messages, max_tokens, grammar=grammar)


def parse_claims(reply: str, n_evidence: int) -> tuple[list[Claim], bool]:
    """(claims, model_refused). The grammar's shape is "[n] phrase"; a marker outside 1..n is no claim."""
    reply = reply.strip()
    if not reply or reply.upper().startswith(REFUSAL_TOKEN):
        return [], True
    m = _LEADING.match(reply)
    if not m:
        return [], False
    n = int(m.group("n"))
    text = " ".join(m.group("text").split()).rstrip(".,;: ")
    if text.upper().startswith(REFUSAL_TOKEN):
        return [], True  # "[2] NOT FOUND": the model names a line, then declines
    return ([Claim(text, [n])] if 1 <= n <= n_evidence and text else []), False
