"""Follow-ups resolved from the conversation: what an elliptical or pronoun-led question leans on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import MONTHS, STOPWORDS, content_terms, question_names

_FOLLOWUP_START = re.compile(r"^(and|but|also|what about|how about|what of|so|then)\b", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|that|those|these|there|he|she|his|her|him|so)\b", re.I)
_ELLIPSIS = re.compile(r"^(and|but|what about|how about|and what about)\b[\s,]*", re.I)
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*[a-z][\w'’-]*)*")
_CALENDAR = MONTHS | frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MARKERS = re.compile(r"\s*\[\d+\]")
# How far back a chain of follow-ups is followed to the question that named its topic.
MAX_TURNS_BACK = 3


@dataclass(frozen=True)
class Context:
    """What a follow-up leans on: the earlier turns it continues, oldest first ("" when standalone)."""

    question: str  # the question to answer (a rewritten one for "And in Niger?")
    turns: tuple[tuple[str, str], ...] = ()

    @property
    def query(self) -> str:
        """What retrieval searches for: the question with the names and words it leans on."""
        earlier = " ".join(f"{q} {plain(a)}" for q, a in self.turns)
        return f"{earlier} {self.question}".strip()

    def prompt(self) -> str:
        """The earlier turns as the model reads them before the question."""
        lines = []
        for q, a in self.turns:
            lines.append(f"Earlier question: {q}")
            if plain(a):
                lines.append(f"Earlier answer: {plain(a)}")
        return "\n".join(lines) + "\n" if lines else ""


def plain(answer: str) -> str:
    return " ".join(_MARKERS.sub("", answer or "").split())


def leans_back(question: str) -> bool:
    """ "And in Niger?" opens like a follow-up; "What did he say?" names nobody and leans on a pronoun."""
    if _FOLLOWUP_START.search(question):
        return True
    return not question_names(question) and bool(_PRONOUN.search(question) or len(content_terms(question)) <= 2)


def resolve(question: str, history: list[tuple[str, str]] | None) -> Context:
    """The question in its conversation. A standalone question (it names its own topic) carries
    nothing over, so a new topic is not glued to the old one. A follow-up carries the turns back
    to the one that named its topic, at most MAX_TURNS_BACK, so "he" three turns on is still the
    person the first answer named."""
    turns = [(" ".join(q.split()), a or "") for q, a in (history or []) if q and q.strip()]
    if not turns or not leans_back(question):
        return Context(question)
    if standalone := substitute_follow_up(question, turns[-1][0]):
        # "And how many are in Niger?" after "How many French troops are in Chad?" asks the same
        # question about Niger: ask exactly that, so the model cannot mix the two up.
        return Context(standalone)
    chain = [turns[-1]]
    for q, a in reversed(turns[:-1]):
        if len(chain) >= MAX_TURNS_BACK or not leans_back(chain[0][0]):
            break
        chain.insert(0, (q, a))
    return Context(question, tuple(chain))


def substitute_follow_up(question: str, previous: str) -> str:
    """Resolve "And in Niger?" / "What about Niger?" against the previous question by swapping the
    name the follow-up replaces; "" when the follow-up is not of that shape. It is only when the
    follow-up asks nothing the previous question did not ("And when did Pfizer file?" asks more)."""
    if not _ELLIPSIS.search(question):
        return ""
    body = _ELLIPSIS.sub("", question)
    new_runs = _name_runs(body)
    if len(new_runs) != 1 or set(content_terms(body)) - set(content_terms(new_runs[0])) - set(content_terms(previous)):
        return ""
    old_runs = [r for r in _name_runs(previous) if r != new_runs[0]]
    if not old_runs:
        return ""
    return re.sub(rf"(?<!\w){re.escape(old_runs[-1])}(?!\w)", new_runs[0], previous)


def _name_runs(text: str) -> list[str]:
    """Runs of capitalised words ("Tim Cook", "Niger"); question words, months and weekdays left out."""
    runs = []
    for m in _NAME_RUN.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in STOPWORDS and w.lower() not in _CALENDAR]
        if words:
            runs.append(" ".join(words))
    return runs
