"""A short answer phrase as one complete sentence, written by the model and held to its evidence."""

from __future__ import annotations

from .generate import Claim, load_prompt
from .llm import LanguageModel, Message

# A phrase this long already reads as a statement; rewriting it would only cost time.
MAX_PHRASE_WORDS = 8
MAX_SENTENCE_TOKENS = 48


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
