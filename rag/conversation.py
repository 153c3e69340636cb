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
# A person named in English news: capitalised words, with joined particles ("al-Sudani", "bin-Zayed").
_NAME_WORD = r"(?:[A-Z][a-z][\w'’.-]*|[a-z]{1,3}-[A-Z][\w'’-]*)"
_PERSON_RUN = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_PERSONAL = re.compile(r"\b(he|she|him|his|her)\b", re.I)
_WHO_IS = re.compile(r"^who\s+(?:is|was)\s+(.+?)\s*\??$", re.I)
# "Who said so?": the pro-form stands for what the previous answer said.
_SAID_SO = re.compile(r"^who\s+(said|says|reported|claimed|told\s+\w+)\s+(?:so|that|this)\s*\??$", re.I)
_PREPOSITIONS = frozenset("in at on to from into of for with by about over near across against".split())
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
    """ "And in Niger?" opens like a follow-up; "What did he say?" names nobody and leans on a pronoun;
    "What does he make of Washington's offer?" names a place, but "he" comes before any name."""
    if _FOLLOWUP_START.search(question) or _unbound_person(question):
        return True
    return not question_names(question) and bool(_PRONOUN.search(question) or len(content_terms(question)) <= 2)


def _unbound_person(question: str) -> bool:
    """A personal pronoun before any person the question names: it points back, not forward."""
    pronoun = _PERSONAL.search(question)
    if not pronoun:
        return False
    return not any(_person_words(m.group()) for m in _PERSON_RUN.finditer(question[: pronoun.start()]))


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
    return Context(name_the_person(said_what(question, turns[-1]), chain), tuple(chain))


def said_what(question: str, previous: tuple[str, str]) -> str:
    """ "Who said so?" asks who said what the previous answer says: ask exactly that."""
    m = _SAID_SO.match(question.strip())
    claim = plain(previous[1]).rstrip(".!? ")
    if not m or not claim:
        return question
    first, _, rest = claim.partition(" ")
    if first.lower() in STOPWORDS:  # "They may…" → "…said that they may…"; a name keeps its capital
        claim = f"{first.lower()} {rest}".strip()
    return f"Who {m.group(1)} that {claim}?"


def name_the_person(question: str, turns: list[tuple[str, str]]) -> str:
    """ "What did he say?" about the person the conversation named, by the surname news uses on a
    second mention ("al-Sudani", "Ortiz"), so retrieval and the model look for that person. The
    question is left as it is when no earlier turn names one person."""
    if not _unbound_person(question):
        return question
    person = next((p for q, a in reversed(turns) if (p := _person_in(q, a))), "")
    if not person:
        return question
    surname = person.split()[-1].rstrip(".")

    def swap(m: re.Match[str]) -> str:
        word, after = m.group(1).lower(), question[m.end() :].lstrip()
        possessive = word == "his" or (word == "her" and bool(re.match(r"[a-z]", after)) and after.split()[0].lower() not in STOPWORDS | _PREPOSITIONS)
        return f"{surname}’s" if possessive else surname

    return _PERSONAL.sub(swap, question)


def _person_in(question: str, answer: str) -> str:
    """The person a turn is about: X of "Who is X?", the name an answer to "Who…?" opens with, or a
    full name (two words or more) the question gives outside a place phrase ("in Iraq")."""
    if (m := _WHO_IS.match(question)) and _PERSON_RUN.fullmatch(m.group(1)) and (named := _person_words(m.group(1))):
        return " ".join(named)
    if question.lower().startswith("who") and (m := _PERSON_RUN.match(plain(answer))) and (named := _person_words(m.group())):
        return " ".join(named)
    for m in _PERSON_RUN.finditer(question):
        before = question[: m.start()].split()
        named = _person_words(m.group())
        if len(named) >= 2 and not (before and before[-1].lower() in _PREPOSITIONS):
            return " ".join(named)
    return ""


def _person_words(run: str) -> list[str]:
    """A run's words past any that open a sentence ("What", "The"); months and weekdays are no one."""
    words = run.split()
    while words and (words[0].lower() in STOPWORDS or words[0].lower() in _CALENDAR):
        words = words[1:]
    return [] if any(w.lower() in _CALENDAR for w in words) else words


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
