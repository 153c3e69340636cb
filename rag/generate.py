"""Prompt the model with numbered evidence, hold its reply to "[n] answer", and parse the claim."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .attribution import credited_in, speakers_of, unsaid_in_line
from .holders import the_dead
from .llm import LanguageModel, Message
from .shape import Marked
from .text import MONTHS
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


def build_messages(
    question: str, evidence: list[Evidence], articles: dict[str, Article], context: str = "", several: bool = False
) -> list[Message]:
    """The prompt: numbered evidence, then the earlier turns a follow-up leans on (`context`, one
    "Earlier question: …" / "Earlier answer: …" a line), then the question. A question that asks
    for several things (`several`) is told so, with an example answered in more than one line."""
    user = load_prompt("user.txt").format(evidence=format_evidence(evidence, articles), context=context, question=question)
    system = load_prompt("system_several.txt" if several else "system.txt")
    return [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]


def support_messages(messages: list[Message], reply: str, claim: Claim, question: str) -> list[Message]:
    """The check question asked after the answer, on the same conversation (so on the same KV cache)."""
    check = load_prompt("check.txt").format(n=claim.cites[0], question=question, answer=claim.text).strip()
    return [*messages, {"role": "assistant", "content": reply.strip()}, {"role": "user", "content": check}]


def answer_grammar(
    evidence: list[Evidence],
    max_claims: int = 1,
    marked: Marked | None = None,
    allow_decline: bool = True,
    only: Sequence[int] | None = None,
    question: str = "",
) -> str:
    """What the first reply may be: "[n] answer" lines ("[n] NOT FOUND" too, unless not
    `allow_decline`). Where the answer is a kind of name lines mark out (`marked`), one a shown line
    (of `only`, when given) marks, when any does: the outlet it credits ("…, the Daily Post
    reported"), those it has dead ("…killed union leader Sam Reed"; not those the `question` names),
    who it has say what the `question` quotes ("…, a senior official told the Daily Post")."""
    marks: dict[Marked, Callable[[str], list[str]]] = {
        "outlet": credited_in,
        "dead": lambda text: the_dead(text, question),
        "speaker": lambda text: speakers_of(text, question),
    }
    if marked:
        lines = {n: " ".join(unit.text.split()) for n, unit in enumerate(evidence, 1) if only is None or n in only}
        options = {n: marks[marked](text) for n, text in lines.items()}
        if any(options.values()):
            # Who said a thing may be named in ways no rule reads ("Sam Reed told reporters"): a line
            # that holds the saying but no speaker a rule reads stays open. (Open lines for the dead
            # let the model name the one who ordered the strike from a line that names no victim.)
            free = (
                [n for n, found in options.items() if not found and not unsaid_in_line(lines[n], question)] if marked == "speaker" else []
            )
            return choice_grammar(options, free, allow_decline)
    return claim_grammar(len(evidence), allow_refusal=False, max_claims=max_claims, allow_decline=allow_decline, only=only)


# A statement after its marker; without a decline, no "[n] NOT FOUND" either, in any case or
# spelling ("Not_found", "NOT", "  NOT FOUND", "*NOT FOUND*"), nor the capitalised declines a model
# turns to when that one is closed ("NOT ANSWERED", "NOTfound", "Not Mentioned"), while "No", "November", "Note"
# and "Not until May" stay open.
_ANY_BODY = "[^\\[\\]\\n(] rest"
_NO_DECLINE_BODY = (
    "[^\\[\\]\\n(nN \\t\"'*_`“‘] rest"
    " | [nN] ([^oO\\[\\]\\n] rest"
    ' | "o" ([^t\\[\\]\\n] rest | "t" ([a-eg-z] rest | " " [^fFA-Z\\[\\]\\n] rest))?'
    ' | "O" ([^tT\\[\\]\\n] rest)?)?'
)


def claim_grammar(
    n_evidence: int, allow_refusal: bool = True, max_claims: int = 1, allow_decline: bool = True, only: Sequence[int] | None = None
) -> str:
    """GBNF: one to `max_claims` lines "[n] answer", each citing a line that exists (of `only`, when
    given), or NOT FOUND when refusal is left to the model; without `allow_decline`, no "[n] NOT
    FOUND" either. (A grammar that allowed only runs of the cited line's own words was measured and
    dropped: eval/README.md, "Tried and dropped".)"""
    numbers = [i for i in range(1, max(1, n_evidence) + 1) if only is None or i in only]
    if not numbers:
        raise ValueError("no evidence line to cite")
    cites = " | ".join(f'"{i}"' for i in numbers)
    root = "refusal | claims" if allow_refusal else "claims"
    more = "".join(' ("\\n" claim' for _ in range(max_claims - 1)) + ")?" * (max_claims - 1)
    body = _ANY_BODY if allow_decline else _NO_DECLINE_BODY
    return load_prompt("grammar.gbnf").format(root=root, more=more, cites=cites, body=body)


def span_grammar(lines: list[str]) -> str:
    """GBNF for one line "[n] words", the words an unbroken run of evidence line n's own words.
    The fallback when a free answer states what no line does (a date read off a line's label, a
    sum the model worked out): the model then picks its answer from the lines themselves."""
    rules = []
    starts = []
    for number, line in enumerate(lines, 1):
        words = span_words(line)
        if not words:
            continue
        starts.append(f'"[{number}] " l{number}')
        rules.append(f"l{number} ::= " + " | ".join(f"l{number}w{i}" for i in range(len(words))))
        for i, (word, continues) in enumerate(words):
            more = f' (" " l{number}w{i + 1})?' if continues else ""
            rules.append(f"l{number}w{i} ::= {_gbnf_literal(word)}{more}")
    if not starts:
        raise ValueError("no evidence line has words")
    return "\n".join([f"root ::= {' | '.join(starts)}", *rules]) + "\n"


def choice_grammar(options: dict[int, list[str]], free: Sequence[int] = (), allow_decline: bool = True) -> str:
    """GBNF for one line "[n] option", the option one of those given for line n: where a question
    asks for a kind of name a line marks out (the outlet it credits), the answer is one of those.
    The `free` lines may be cited with any statement: a line may say it in a way no rule reads."""
    starts = [f'"[{n}] " (' + " | ".join(_gbnf_literal(o) for o in names) + ")" for n, names in sorted(options.items()) if names]
    if not starts:
        raise ValueError("no line has an option")
    if not free:
        return f"root ::= {' | '.join(starts)}\n"
    body = _ANY_BODY if allow_decline else _NO_DECLINE_BODY
    cites = " | ".join(f'"{n}"' for n in free)
    return f'root ::= {" | ".join(starts)} | free\nfree ::= "[" ({cites}) "] " {body}\nrest ::= [^\\[\\]\\n]*\n'


# A clause ends at a comma, semicolon or colon, after or before a closing quote ("the deal,” he said").
_CLAUSE_END = re.compile(r"[,;:][\"”’')]*$|[\"”’')]+[,;:]$")


def span_words(line: str) -> list[tuple[str, bool]]:
    """The words of a line as a run may copy them, each with whether a run may go on past it: a
    run ends at a clause's end ("spring, the council said" answers "when" with "spring"), and
    the clause's punctuation is not part of the answer. (A run may still cross a sentence's end:
    a full stop also ends "U.S." and "Gen.")"""
    tokens = line.split()
    out = []
    for i, token in enumerate(tokens):
        cut = _CLAUSE_END.search(token)
        ends = cut is not None and cut.start() > 0  # a lone "," is a word, not a clause's end
        out.append((token[: cut.start()] if cut and ends else token, i + 1 < len(tokens) and not ends))
    return out


def whole_words(reply: str, lines: list[str]) -> str:
    """A reply held to a line's words ("[n] run"), without a last word the token budget cut in two,
    and with the month beside a day it copied ("10th" of "On January 10th" is "January 10th")."""
    m = _LEADING.match(reply.strip())
    if not m or not 1 <= int(m.group("n")) <= len(lines):
        return reply
    words = span_words(lines[int(m.group("n")) - 1])
    copied = m.group("text").split()
    if copied and copied[-1] not in {word for word, _ in words}:
        copied.pop()
    return f"[{m.group('n')}] {' '.join(_with_month(copied, words))}"


_DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")


def _with_month(copied: list[str], words: list[tuple[str, bool]]) -> list[str]:
    """A run that is a day alone, with the capitalised month the line gives beside it: "March 10th,"
    or "3 May". Not a count ("In March 12 soldiers…": a word follows the day), not "10 may be…",
    and not a day the line gives twice."""
    if len(copied) != 1 or not _DAY.match(copied[0]) or [w for w, _ in words].count(copied[0]) != 1:
        return copied
    i = [w for w, _ in words].index(copied[0])

    def month(at: int) -> str:
        word = words[at][0].rstrip(".,") if 0 <= at < len(words) else ""
        return word if word[:1].isupper() and word.lower() in MONTHS else ""

    ends_here = not words[i][1] or i + 1 == len(words) or bool(re.fullmatch(r"\d{4}\.?", words[i + 1][0]))
    if (before := month(i - 1)) and ends_here:
        return [before, copied[0]]
    if after := month(i + 1):
        return [copied[0], after]
    return copied


def _gbnf_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 else c for c in escaped) + '"'


def line_shares(model: LanguageModel, messages: list[Message], n_lines: int) -> list[float]:
    """How likely the reply is to open by citing each line, read from the model's next token after
    "[" (one token on the prompt's KV cache): its own ranking of the lines as answers. Empty past
    nine lines, where "[1" opens "[1]" and "[12]" alike (tokenizers split digits)."""
    if n_lines > 9:
        return []
    return model.reply_shares(messages, [[str(n)] for n in range(1, n_lines + 1)], prefix="[")


def generate(model: LanguageModel, messages: list[Message], grammar: str, max_tokens: int) -> Iterator[str]:
    """Stream the model's raw reply under the grammar."""
    yield from model.stream(messages, max_tokens, grammar=grammar)


# Words a phrase does not end on: a run that stops here was cut short (by the token budget).
_DANGLING = frozenset("a an the and or but of in on at to for from by with as that which who than – -".split())


def trim(text: str) -> str:
    """The phrase without trailing punctuation or the function words a cut-short run ends on."""
    words = " ".join(text.split()).rstrip(".,;:–- ").split(" ")
    while len(words) > 1 and words[-1] in _DANGLING:  # lower case only: "Group A" and "Doctor Who" end there
        words.pop()
    phrase = " ".join(words).rstrip(".,;:–- “‘\"'")
    if "“" not in phrase:  # a run copied from inside a quotation ends on its closing mark: not the answer's
        phrase = phrase.rstrip("”").rstrip(".,;:–- ")
    return phrase


# A statement that only says no line answers ("Not in the evidence line", "No information given",
# "The text does not say"): a decline in other words, not an answer.
_DECLINE = re.compile(
    r"^(?:not\s+(?:found|in|mentioned|stated|given|specified|provided|available|known|clear|said|applicable|relevant|answerable|determinable"
    r"|answered|reported|disclosed|addressed|included|indicated|listed|identified|covered|discussed|shown|revealed|described|explained)\b"
    r"|no\s+(?:information|answer|mention|data|evidence|details?)\b"
    r"|(?:the\s+)?(?:evidence|lines?|text|articles?|passages?|context)\s+(?:does|do|did)\s+not\b"
    r"|(?:unknown|n/?a)\W*$)",
    re.I,
)


def declines(text: str) -> bool:
    return text.upper().startswith(REFUSAL_TOKEN) or bool(_DECLINE.match(text.strip()))


def led_by(reply: str, number: int, line: str, max_claims: int, n_evidence: int, as_written: bool = False) -> str:
    """The reply with line `number` stated first, when the model stated something: moved to the
    front when the model cited it later, else stated as the line itself. `as_written`: the line
    itself first, whatever the model wrote under its number (which may be another line's words),
    the model's statements after it. At most max_claims statements, the model's last ones giving
    way. A declined or empty reply is left as it is."""
    _, declined = parse_claims(reply, n_evidence)
    rows = [(int(m.group("n")), row) for row in reply.strip().splitlines() if (m := _LEADING.match(row))]
    itself = f"[{number}] {' '.join(line.split())}"
    if declined or not rows:
        return reply
    if as_written:
        return "\n".join([itself, *[row for _, row in rows][: max(0, max_claims - 1)]])
    if rows[0][0] == number:
        return reply
    first = next((row for n, row in rows if n == number), itself)
    return "\n".join([first, *[row for n, row in rows if n != number][: max(0, max_claims - 1)]])


def model_favourite(shares: list[float]) -> int | None:
    """The line (1-based) the model would cite first with more probability than all the others
    together (`shares`: line_shares), or None."""
    best = max(range(len(shares)), key=lambda i: shares[i], default=None)
    return best + 1 if best is not None and shares[best] > 0.5 else None


def parse_claims(reply: str, n_evidence: int) -> tuple[list[Claim], bool]:
    """(claims, model_refused). The grammar's shape is one "[n] phrase" a line; a marker outside
    1..n is no claim, and a statement repeated word for word is kept once."""
    reply = reply.strip()
    if not reply or reply.upper().startswith(REFUSAL_TOKEN):
        return [], True
    claims: list[Claim] = []
    for row in reply.splitlines():
        m = _LEADING.match(row)
        if not m:
            continue
        n = int(m.group("n"))
        text = trim(m.group("text"))
        if declines(text):
            if not claims:
                return [], True  # "[2] NOT FOUND": the model names a line, then declines
            continue
        if 1 <= n <= n_evidence and text and all(c.text != text for c in claims):
            claims.append(Claim(text, [n]))
    return claims, False
