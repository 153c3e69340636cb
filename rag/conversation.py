"""Follow-ups resolved from the conversation: what an elliptical or pronoun-led question leans on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import MONTHS, STOPWORDS, content_terms, question_names, stem
from .text import words as words_of

_FOLLOWUP_START = re.compile(r"^(and|but|also|what about|how about|what of|so|then)\b", re.I)
# "it", "they", "this"…, and "that" ending the question ("When did she announce that?"), not the conjunction.
_THING_PRONOUN = re.compile(r"\b(it|its|they|them|their|this|these|those)\b|\bthat\s*[?.!]?\s*$", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|that|those|these|there|he|she|his|her|him|so)\b", re.I)
_ELLIPSIS = re.compile(r"^(and|but|what about|how about|and what about)\b[\s,]*", re.I)
_NAME_RUN = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*(?:\s+[A-Z][\w'’-]*[a-z][\w'’-]*)*")
_CALENDAR = MONTHS | frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_MARKERS = re.compile(r"\s*\[\d+\]")
# A person named in English news: capitalised words ("O'Neill"), with particles joined or apart
# ("al-Amin", "bin Talal", "von der Berg").
_PARTICLE = r"(?:al|el|bin|ibn|de|da|di|du|van|von|der|den|la|le|del|dos|das)"
_NAME_WORD = r"(?:[A-Z](?:[a-z]|['’][A-Z])[\w'’.-]*|[a-z]{1,3}-[A-Z][\w'’-]*)"
_PERSON_RUN = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_WORD})*")
# "her" is an object or a possessive ("arrest her", "her plan"): it leans back, but is not rewritten.
_PERSONAL = re.compile(r"\b(he|she|him|his|her)\b", re.I)
_REWRITTEN = re.compile(r"\b(he|she|him|his)\b", re.I)
# "Did the judge explain his ruling?": a noun phrase before the pronoun may be what it points to.
_NOUN_PHRASE = re.compile(r"\b(?:the|a|an|this|that|our|your|their)\s+\w+", re.I)
_WHO_IS = re.compile(r"^who\s+(?:is|was)\s+(.+?)\s*\??$", re.I)
# "Who said so?": the pro-form stands for what the previous answer said.
_SAID_SO = re.compile(r"^who\s+(said|says|reported|claimed|told\s+\w+)\s+(?:so|that|this)\s*\??$", re.I)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|\([^)]*\)")
_LOWERED = frozenset("they it he she we there the a an this that these those".split())
# Before a place, not a person: "in New York", "across West Bengal".
_PLACE_PREPOSITIONS = frozenset("in at on from into of over near across through".split())
# "it"/"its", not "it's"; "it" as the subject of a verb that it can stand for a thing before
# ("did it leave"), not an empty one ("did it take", "is it true").
_IT = re.compile(r"\b(it|its)\b(?!['’])", re.I)
_SUBJECT_IT = re.compile(
    r"it\s+(?!(?:take|takes|took|happen|happens|happened|matter|matters|mean|means|seem|seems|seemed|appear|appears|cost|costs|"
    r"true|possible|likely|clear|look|looks|feel|feels|rain|be|come|comes|turn|turns)\b)[a-z]+\b",
    re.I,
)
# "When did <subject> …": an auxiliary after a wh-word, then the subject (with its determiner, if any).
_SUBJECT = re.compile(
    r"^(?:when|where|why|how|what)\s+(?:did|does|do|has|have|had|will|would|could|can|should|might|may)\s+(?:(?P<det>the|a|an|this)\s+)?(?P<rest>.+)$",
    re.I,
)
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
        """The earlier turns as the model reads them before the question; none once the question has
        been rewritten to stand alone ("What did he say?" -> "What did Sam Reed say?"): the earlier
        answers would only be more lines for the model to weigh. Kept while a pronoun for a thing
        is left ("Why did Sam Reed reject it?": the turns say what "it" is)."""
        if not leans_back(self.question) and not _THING_PRONOUN.search(self.question):
            return ""
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
    "What does he make of Eastland's offer?" names a place, but "he" comes before any name."""
    if _FOLLOWUP_START.search(question) or _unbound_person(question):
        return True
    return not question_names(question) and bool(_PRONOUN.search(question) or len(content_terms(question)) <= 2)


def _unbound_person(question: str) -> bool:
    """A personal pronoun before any name or noun phrase of the question: it points back, not forward."""
    pronoun = _PERSONAL.search(question)
    if not pronoun:
        return False
    return not _names_something(question[: pronoun.start()])


def _names_something(text: str) -> bool:
    """A noun phrase or a name: what a pronoun after it may point to."""
    return bool(_NOUN_PHRASE.search(text)) or any(_person_words(m.group()) for m in _PERSON_RUN.finditer(text))


def resolve(question: str, history: list[tuple[str, str]] | None) -> Context:
    """The question in its conversation. A standalone question (it names its own topic) carries
    nothing over, so a new topic is not glued to the old one. A follow-up carries the turns back
    to the one that named its topic, at most MAX_TURNS_BACK, so "he" three turns on is still the
    person the first answer named."""
    turns = [(" ".join(q.split()), a or "") for q, a in (history or []) if q and q.strip()]
    if not turns or not leans_back(question):
        return Context(question)
    if standalone := _substituted(question, turns):
        # "And how many are in Niger?" after "How many French troops are in Chad?" asks the same
        # question about Niger: ask exactly that, so the model cannot mix the two up. A pronoun
        # it keeps ("What does he make of Niger's offer?") is still resolved from the turns.
        if not _unbound_person(standalone):
            return Context(standalone)
        question = standalone
    chain = [turns[-1]]
    for q, a in reversed(turns[:-1]):
        if len(chain) >= MAX_TURNS_BACK or not leans_back(chain[0][0]):
            break
        chain.insert(0, (q, a))
    return Context(name_the_thing(name_the_person(said_what(question, turns[-1]), chain), chain), tuple(chain))


def said_what(question: str, previous: tuple[str, str]) -> str:
    """ "Who said so?" asks who said what the previous answer says: ask exactly that, when the
    answer's first sentence is a statement (a clause of four words or more, not "A senator")."""
    m = _SAID_SO.match(question.strip())
    claim = re.split(r"(?<=[.!?])\s+", plain(previous[1]))[0].rstrip(".!? ")
    if not m or len(claim.split()) < 4:
        return question
    first, _, rest = claim.partition(" ")
    if first.lower() in _LOWERED:  # "They may…" → "…said that they may…"; a name keeps its capital
        claim = f"{first.lower()} {rest}"
    return f"Who {m.group(1)} that {claim}?"


def name_the_person(question: str, turns: list[tuple[str, str]]) -> str:
    """ "What did he say?" about the one person the nearest earlier turn that names people names,
    by name, so retrieval and the model look for that person. Left as it is when that turn names
    two people, when a noun phrase or a name before the pronoun may be what it points to, or when
    it is "her" (object or possessive)."""
    if not _unbound_person(question) or re.search(r"\bher\b", question, re.I):
        return question
    people = next((found for q, a in reversed(turns) if (found := _people_in(q, a))), [])
    if len(people) != 1:
        return question
    return _REWRITTEN.sub(lambda m: f"{people[0]}’s" if m.group(1).lower() == "his" else people[0], question)


def name_the_thing(question: str, turns: list[tuple[str, str]]) -> str:
    """ "And when did it leave?" after "When did the army enter the city?" asks when the army left:
    "it" as the subject of a verb ("did it leave") and "its", before any noun of the question,
    become the singular subject of the nearest earlier question of the form "When/Why/How did
    <subject> <verb>…". An "it" that stands for nothing ("How long did it take?", "Is it true?")
    or that is an object ("Who ordered it?") is left alone."""
    pronouns = [m for m in _IT.finditer(question) if m.group(1).lower() == "its" or _SUBJECT_IT.match(question, m.start())]
    if not pronouns or _names_something(question[: pronouns[0].start()]):
        return question
    subject = next((found for q, _ in reversed(turns) if (found := _subject_of(q))), "")
    if not subject:
        return question
    for m in reversed(pronouns):
        said = f"{subject}’s" if m.group(1).lower() == "its" else subject
        question = question[: m.start()] + said + question[m.end() :]
    return question


def _subject_of(question: str) -> str:
    """The subject of "When did the city council vote…?" ("the city council"): a determiner, any
    capitalised words and at most one noun in lower case (when a function word follows its verb:
    "the board vote for…"), or one name ("Eastland", "NATO"); "" for other questions, for a plural
    ("the talks", "Eastland and Westland"), which "it" cannot stand for, and for two capitalised
    words without a determiner ("Jane Ortiz": likely a person, whom "it" is not)."""
    m = _SUBJECT.match(question.strip())
    if not m:
        return ""
    words = m.group("rest").rstrip("?").split() + ["", "", ""]
    if m.group("det"):
        taken = []
        while words[0][:1].isupper():
            taken.append(words.pop(0))
        if words[0].isalpha() and words[0].islower() and words[1][:1].islower() and words[2].lower() in STOPWORDS:
            taken.append(words.pop(0))
    else:
        run = _PERSON_RUN.match(m.group("rest"))
        taken = run.group().split() if run else []
        if len(taken) != 1:
            return ""
        words = words[1:]
    if not taken or not words[0] or words[0].lower() in {"and", "or", "&"} or words[0].endswith(","):
        return ""
    if taken[-1].islower() and re.search(r"(?<![su])s$", taken[-1]):
        return ""
    return " ".join(([m.group("det").lower()] if m.group("det") else []) + taken)


def _people_in(question: str, answer: str) -> list[str]:
    """Who a turn is about: X of "Who is X?"; the one full name (two words or more) the first
    sentence of an answer to "Who…?" gives ("Mayor Jane Ortiz", "The mayor is Jane Ortiz."); else
    each full name the question gives outside a place phrase ("in New York")."""
    if (m := _WHO_IS.match(question)) and _PERSON_RUN.fullmatch(m.group(1)) and (named := _person_words(m.group(1))):
        return [" ".join(named)]
    if question.lower().startswith("who"):
        # Titles in quotes and "(Outlet, date)" name no one.
        said = _QUOTED.sub(" ", re.split(r"(?<=[.!?])\s+", plain(answer))[0]).rstrip(".!? ")
        asked = question.lower()
        answered = {n for n in _full_names(said) if n.lower() not in asked}
        if len(answered) == 1:
            return list(answered)
    return list(dict.fromkeys(_full_names(question)))


def _full_names(text: str) -> list[str]:
    """Runs of two or more name words that may be a person: not after a preposition ("in New
    York") and not after "the" ("the White House", "The Daily Post")."""
    people = []
    for m in _PERSON_RUN.finditer(text):
        before = text[: m.start()].split()
        if m.group().split()[0] == "The" or (before and before[-1].lower() in _PLACE_PREPOSITIONS | {"the"}):
            continue
        if len(named := _person_words(m.group())) >= 2:
            people.append(" ".join(named))
    return people


def _person_words(run: str) -> list[str]:
    """A run's words past any that open a sentence ("What", "The"), without a possessive "'s";
    months and weekdays are no one."""
    words = run.split()
    while words and (words[0].lower() in STOPWORDS or words[0].lower() in _CALENDAR):
        words = words[1:]
    if words:
        words[-1] = re.sub(r"['’]s$", "", words[-1])
    return [] if any(w.lower() in _CALENDAR for w in words) else words


def _substituted(question: str, turns: list[tuple[str, str]]) -> str:
    """The follow-up swapped into the nearest earlier question that names something (or, for a
    person, has someone's "he" or "she"): questions that name nothing ("Who was he talking to?"
    before "And on the Eastland side?") are passed over, as far back as MAX_TURNS_BACK."""
    person = any(len(_person_words(run)) >= 2 for run in _name_runs(_ELLIPSIS.sub("", question)))
    for previous, _ in reversed(turns[-MAX_TURNS_BACK:]):
        if _name_runs(previous) or (person and _REWRITTEN.search(previous)):
            return substitute_follow_up(question, previous)
    return ""


def substitute_follow_up(question: str, previous: str) -> str:
    """Resolve "And in Niger?" / "What about Niger?" against the previous question by swapping the
    name the follow-up replaces; "" when the follow-up is not of that shape. It is only when the
    follow-up asks nothing the previous question did not ("And when did Pfizer file?" asks more).
    A person takes the place of a person ("What did Tim Cook say?", "Why did he resign?"), a place
    after "in" or "of" of one there; a name in a pair ("Westland and Northland") is not swapped."""
    if not _ELLIPSIS.search(question):
        return ""
    body = _ELLIPSIS.sub("", question)
    new_runs = [re.sub(r"['’]s$", "", r) for r in _name_runs(body)]
    if len(new_runs) != 1:
        return ""
    name = new = new_runs[0]
    # "And on the Eastland side?": the name with the one noun it qualifies, "the Eastland side".
    noun = ""
    if (side := re.search(rf"\bthe\s+{re.escape(name)}\s+([a-z]+)\s*[?.!]?\s*$", body)) and side.group(1) not in STOPWORDS:
        noun, new = side.group(1), f"the {name} {side.group(1)}"
    if set(content_terms(body)) - set(content_terms(new)) - set(content_terms(previous)):
        return ""
    person = len(_person_words(name)) >= 2
    placed = bool(re.search(rf"\b(?:{'|'.join(_PLACE_PREPOSITIONS)})\s+(?:the\s+)?{re.escape(name)}", body, re.I))
    if person and not _full_names(previous) and (pronoun := _REWRITTEN.search(previous)):
        said = f"{name}’s" if pronoun.group(1).lower() == "his" else name
        return previous[: pronoun.start()] + said + previous[pronoun.end() :]
    old_runs = []
    for m in _NAME_RUN.finditer(previous):
        run = re.sub(r"['’]s$", "", m.group())
        words = [w for w in run.split() if w.lower() not in STOPWORDS and w.lower() not in _CALENDAR]
        before = previous[: m.start()].split()
        after = previous[m.end() :].split()
        if not words or run == name or (before and before[-1].lower() in {"and", "or"}) or (after and after[0].lower() in {"and", "or"}):
            continue
        if person != (len(words) >= 2) or (placed and not _after_preposition(before)):
            continue
        old_runs.append(" ".join(words))
    if not old_runs:
        return ""
    old = re.escape(old_runs[-1])
    if noun and stem(noun) in {stem(w) for w in words_of(previous)}:
        # "And the Eastland soldiers?" after "How many Westland soldiers died?": the noun is there
        # already, right after the name: only the name changes. Elsewhere it fills another role
        # ("Did Westland accept the offer?"): no swap.
        if not re.search(rf"(?<!\w){old}(?:\s+[a-z]+)?\s+{re.escape(noun)}", previous, re.I):
            return ""
        new = name
    elif noun and len(old_runs[-1].split()) == 1:
        # "the Westland government" -> "the Eastland side": after "the" and a one-word name, the
        # noun goes with it (not the verb of "Westland offered", nor the possessed thing of "Westland's offer").
        old = rf"\bthe\s+{old}(?:\s+(?!(?:{'|'.join(STOPWORDS)})\b)[a-z]+\b)?|{old}"
    elif new.startswith("the "):
        old = rf"(?:\bthe\s+)?(?:{old})"  # "the Celtics" -> "the Lakers", not "the the Lakers"
    return re.sub(rf"(?<!\w)(?:{old})(?!\w)", new, previous)


def _after_preposition(before: list[str]) -> bool:
    """The words before a name end in a preposition of place, with or without "the" ("in", "of the")."""
    words = [w.lower() for w in before[-2:]]
    return bool(words) and (
        words[-1] in _PLACE_PREPOSITIONS or (words[-1] == "the" and len(words) == 2 and words[0] in _PLACE_PREPOSITIONS)
    )


def _name_runs(text: str) -> list[str]:
    """Runs of capitalised words ("Tim Cook", "Niger"); question words, months and weekdays left out."""
    runs = []
    for m in _NAME_RUN.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in STOPWORDS and w.lower() not in _CALENDAR]
        if words:
            runs.append(" ".join(words))
    return runs
