"""A short answer phrase as one complete sentence, written by the model and held to its evidence."""

from __future__ import annotations

import re

from .generate import Claim, load_prompt
from .llm import LanguageModel, Message
from .text import figure_forms

# A phrase this long already reads as a statement; rewriting it would only cost time.
MAX_PHRASE_WORDS = 8
MAX_SENTENCE_TOKENS = 48


# Words that bound a figure: "at least one" is not "1". Not after "no"/"not" ("no more than 5"
# bounds it the other way), and "over" only before a figure that is not a stretch of time.
_HEDGE = r"(?<!\bno\s)(?<!\bnot\s)\b(at\s+least|at\s+most|more\s+than|fewer\s+than|less\s+than|up\s+to|as\s+many\s+as|about|around|nearly|almost|roughly|approximately|some|over)"
_TIME = r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b"
_SCALE = r"(?:hundred|thousand|million|billion|trillion)\b"
_BARE_FIGURE = re.compile(r"\d[\d,]{0,15}(?:\.\d+)?")


def with_hedge(phrase: str, line: str) -> str:
    """A bare figure as the line bounds it ("1" from "killed at least one member" -> "at least one");
    the phrase itself when it is more than a figure, the line gives the figure plain, or gives it
    more than once (which bound would be whose?)."""
    figure = phrase.strip()
    if not _BARE_FIGURE.fullmatch(figure):
        return phrase
    for form in figure_forms(figure):
        if len(re.findall(rf"(?<![\w,.]){re.escape(form)}(?![\w]|[,.]\d)", line, re.I)) != 1:
            continue
        m = re.search(rf"{_HEDGE}\s+({re.escape(form)})(?![\w]|[,.]\d)(?!\s+{_SCALE})", line, re.I)
        if m and not (m.group(1).lower() == "over" and re.match(rf"\s+{_TIME}", line[m.end() :], re.I)):
            return f"{m.group(1)} {m.group(2)}"
    return phrase


def wants_sentence(claim: Claim) -> bool:
    return len(claim.text.split()) <= MAX_PHRASE_WORDS and claim.text.lower() not in {"yes", "no"}


def sentence_messages(messages: list[Message], reply: str, claim: Claim, question: str) -> list[Message]:
    """Asked after the answer, on the same conversation (so on the same KV cache)."""
    ask = load_prompt("sentence.txt").format(n=claim.cites[0], question=question, answer=claim.text).strip()
    return [*messages, {"role": "assistant", "content": reply.strip()}, {"role": "user", "content": ask}]


def sentence_grammar(phrase: str) -> str:
    """GBNF: one sentence on one line that holds the phrase word for word (its first letter in
    either case, so it may open the sentence) and ends with a full stop."""
    head, rest = phrase[:1], phrase[1:]
    first = f'("{_literal(head.upper())}" | "{_literal(head.lower())}")' if head.isalpha() else f'"{_literal(head)}"'
    return "\n".join(
        [
            f'root ::= before {first} "{_literal(rest)}" after "."',
            r"before ::= [^\n\[\]]{0,80}",
            r"after ::= [^\n\[\].]{0,80}",
        ]
    )


def write_sentence(model: LanguageModel, messages: list[Message], reply: str, claim: Claim, question: str) -> str:
    """The model's sentence for this phrase ("" when it ran out of room before finishing)."""
    text = model.complete(sentence_messages(messages, reply, claim, question), MAX_SENTENCE_TOKENS, grammar=sentence_grammar(claim.text))
    text = " ".join(text.split())
    return text if text.endswith(".") else ""


def _literal(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
