"""Prompt the model with numbered evidence, constrain its citations, and parse its claims."""

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
_CLAIM = re.compile(r"(?P<text>[^\[\]]+?)\s*(?P<cites>(?:\[\s*\d+\s*\])+)\s*\.?")
_LEADING = re.compile(r"^\s*(?P<cites>(?:\[\s*\d+\s*\]\s*)+)(?P<text>[^\[\]]+)$")


@dataclass
class Claim:
    """One answer sentence and the evidence numbers it cites (1-based, as shown to the model)."""

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


def citation_grammar(n_evidence: int) -> str:
    """GBNF that only lets the model cite evidence numbers that exist."""
    choices = " | ".join(f'"{i}"' for i in range(1, max(1, n_evidence) + 1))
    return load_prompt("grammar.gbnf") + f"cite ::= {choices}\n"


def generate(model: LanguageModel, messages: list[Message], n_evidence: int, max_tokens: int) -> Iterator[str]:
    """Stream the model's raw reply, constrained to cite only evidence 1..n_evidence."""
    yield from model.stream(messages, max_tokens, grammar=citation_grammar(n_evidence))


def parse_claims(reply: str, n_evidence: int) -> tuple[list[Claim], bool]:
    """(claims, model_refused). Markers outside 1..n_evidence are dropped; uncited text is no claim."""
    reply = reply.strip()
    if not reply or REFUSAL_TOKEN in reply.upper():
        return [], True
    claims = []
    if lead := _LEADING.match(reply):
        # The prompt's format: "[n] sentence".
        cites = [int(n) for n in re.findall(r"\d+", lead.group("cites"))]
        valid = list(dict.fromkeys(n for n in cites if 1 <= n <= n_evidence))
        text = lead.group("text").strip().rstrip(".").strip()
        return ([Claim(text + ".", valid)] if valid and text else []), False
    for m in _CLAIM.finditer(reply):
        cites = [int(n) for n in re.findall(r"\d+", m.group("cites"))]
        valid = list(dict.fromkeys(n for n in cites if 1 <= n <= n_evidence))
        text = m.group("text").strip().rstrip(".").strip()
        if valid and text:
            claims.append(Claim(text + ".", valid))
    return claims, False
