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


# A word an answer may start or end on; a currency sign before it and a percent after it go with it.
_WORD = re.compile(r"[$£€]?\w+%?")
# "Does ...?", "Is ...?", "Did ...?": a question a plain Yes or No answers.
_POLAR = re.compile(r"^(?:and\s+|so\s+)?(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might|must)\b", re.I)


def claim_grammar(lines: list[str], allow_refusal: bool = True, question: str = "") -> str:
    """GBNF: "[n] answer" citing a line that exists, the answer copied word for word from line n
    (a run of its words, from a word's start to a word's end), or NOT FOUND when refusal is left
    to the model. A question a Yes or No answers may also be answered so."""
    polar = bool(_POLAR.match(question.strip()))
    claims = []
    spans = []
    for number, line in enumerate(lines, 1):
        choices = [f"span{number}"] + (['"Yes"', '"No"'] if polar else [])
        claims.append(f'"[{number}] " ({" | ".join(choices)})')
        spans.append(span_rules(f"span{number}", " ".join(line.split())))
    root = "refusal | claim" if allow_refusal else "claim"
    return load_prompt("grammar.gbnf").format(root=root, claims=" | ".join(claims), spans="\n".join(spans))


def span_rules(name: str, text: str) -> str:
    """Rules for every run of whole words of `text`, kept exactly as written (the separators
    between words included): rule k matches word k, then optionally the run that goes on from k+1."""
    found = list(_WORD.finditer(text))
    if not found:
        return f'{name} ::= "{_literal(text or "?")}"'
    rules = [f"{name} ::= " + " | ".join(f"{name}-{k}" for k in range(len(found)))]
    for k, match in enumerate(found):
        if k + 1 < len(found):
            gap = text[match.end() : found[k + 1].start()]
            rules.append(f'{name}-{k} ::= "{_literal(match.group())}" ("{_literal(gap)}" {name}-{k + 1})?')
        else:
            rules.append(f'{name}-{k} ::= "{_literal(match.group())}"')
    return "\n".join(rules)


def _literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


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
