"""Who a news sentence credits for what it reports: "…, the Daily Post reported", "told Lakeside Wire"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .chunking import article_sentences
from .text import MONTHS, content_terms
from .types import Article

# A source is a run of capitalised words or an acronym ("Lakeside Wire", "The Daily Post", "KTV").
_NAME = r"(?P<source>(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
# What may follow a credit: the clause's end, "that…", or a day ("reported on Monday that…",
# "reported Tuesday", "reported late on Monday"; not "reported in its annual filing": a company's).
_THEN = (
    r"(?=\s*(?:[.,;:)]|$|that\b|on\s+(?:[A-Z]|condition\b)|last\s+\w+|earlier\b|in\s+an?\s+\w+\b|late\s+on\b"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b))"
)
# How English news credits the press: "…, the Daily Post reported" (ending a clause or before
# "that", so a company that "reported record profits" is no source), "told Lakeside Wire…" (not
# "told Smith to leave"), "a report from the Courier", "a Courier report said", a wire dateline
# "NAIROBI, May 3 (Lakeside Wire) –". Someone who "told Parliament" counts too: no rule of form
# tells an outlet from an audience.
# "According to" and "said" credit officials as often as outlets: they count only when any source will do.
_PRESS = [
    re.compile(
        r"(?<![\w'’-])"
        + _NAME
        + r"\s+(?:all\s+|both\s+)?(?:(?:has\s+|had\s+|have\s+)?(?:all\s+|both\s+)?reported|reports|(?:all|both)\s+report)"
        + _THEN
    ),
    re.compile(r"\btold\s+(?:the\s+)?" + _NAME + r"\b(?!\s+to\b)"),
    re.compile(r"\b[Aa]n?\s+(?:\w+\s+)?report\s+(?:from|by)\s+(?:the\s+)?" + _NAME),
    re.compile(r"\b[Aa]n?\s+" + _NAME + r"\s+report\s+(?:said|says|found|showed|published)\b"),
    re.compile(r"^[A-Z][A-Z .'-]+(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s+\(" + _NAME + r"\)\s+[–—-]"),
]
# "The Daily Post's report said…" and "as first reported by the Daily Post" credit a company's or a
# watchdog's findings as often: where any source will do.
_ANY = [
    re.compile(r"\b[Aa]ccording\s+to\s+(?:the\s+)?" + _NAME),
    # "According to a Daily Post report", not "According to a Westland official".
    re.compile(r"\b[Aa]ccording\s+to\s+an?\s+" + _NAME + r"\s+(?:report|story|tally|count|survey|investigation|analysis)\b"),
    # As the clause's subject: "Unlike the Daily Post's report…" or "denied the Post's story" is none.
    re.compile(
        r"(?:^|[,;:]\s+)" + _NAME + r"['’]s\s+(?:own\s+|latest\s+|earlier\s+)?(?:report|reporting|story|investigation)"
        r"\s+(?:said|says|found|finds|showed|shows|revealed|reveals|reported)\b"
    ),
    re.compile(r"\breported\s+(?:first\s+|earlier\s+|previously\s+)?by\s+(?:the\s+)?" + _NAME),
    re.compile(r"(?:^|[,;:]\s*)" + _NAME + r"\s+(?:said|says|stated|added|announced)\b"),
    re.compile(r",\s+(?:said|says)\s+(?:the\s+)?" + _NAME),
]
# Words that open a clause or date it are no part of a source ("In March the Courier reported…").
_NOT_SOURCES = frozenset(
    """the a an it he she they we i this that these those in on at after before later earlier meanwhile separately also
    but and so then yet however still instead now indeed moreover furthermore yesterday today tonight overnight previously
    sources source officials official monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december""".split()
)


# A person quoted by name: a run of capitalised words ("Jane Ortiz", "Ali al-Amin", "Ursula von
# der Berg", "Minister of Health Jane Ortiz") opening a clause, then, past an appositive between
# commas, a verb of speech ("Jane Ortiz, the mayor, said…"); or "said" and the name after a quotation
# ("“It is unsafe,” said engineer Ann Lee").
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[a-z]{1,3}-[A-Z][\w'’-]*)"
_RUN = rf"{_NAME_WORD}(?:\s+(?:(?:of|for)\s+(?:the\s+)?|(?:(?:von|van|der|den|de|da|di|du|la|le|del|bin|ibn)\s+)+)?{_NAME_WORD})*"
# Words that make a run a title, not a name ("Prime Minister", "Secretary of Defense"): the name is
# what follows the last of them (a title word that ends the run is a surname: "John Major").
TITLE_WORDS = frozenset(
    """president vice prime minister secretary foreign defense defence interior finance health state general gen gen. maj maj.
    lt lt. col col. capt capt. adm adm. sgt sgt. brigadier colonel major captain admiral commander chief deputy director
    spokesman spokeswoman spokesperson adviser advisor ambassador envoy governor mayor senator sen sen. rep rep. representative
    chancellor premier king queen prince princess pope judge justice officer official dr dr. mr mr. mrs mrs. ms ms. prof prof.
    sir lord lady chairman chairwoman chair ceo speaker leader head engineer economist analyst professor lawyer
    mp councillor councilor councilman councilwoman lawmaker legislator""".split()
)
# Words that make a run a body, not a person ("Foreign Ministry", "Human Rights Watch", "BBC News").
_INSTITUTION_WORDS = frozenset(
    """ministry office council forces force department government party group agency army police court committee commission
    union university company corp corp. inc inc. ltd bank news times post press network coalition administration parliament
    congress senate assembly board team club house watch international nations association institute foundation organisation
    organization service services centre center authority federation league church school hospital""".split()
)
# A title in lower case may open the clause before the name: "union leader Maria Lopez said".
_LOWER_TITLE = (
    r"(?:(?!(?:for|of|to|with|by|from|at|in|on)\b)[\w'’-]+\s+){0,2}(?:" + "|".join(sorted(w for w in TITLE_WORDS if "." not in w)) + r")\s+"
)
_SPEECH = r"(?:said|says|told|added|stated|confirmed|announced|warned|insisted|argued)"
_SPEAKER = re.compile(
    rf"(?:^|(?<=[,;:“”\"]\s)|(?<=[“\"]))(?:(?:former|then|acting|outgoing|ex-)\s*)?(?P<title>{_LOWER_TITLE})?(?P<who>{_RUN})"
    rf"(?P<apposition>,[^,;“”\"]{{1,100}},)?,?\s+(?:has\s+|had\s+|also\s+)?{_SPEECH}\b"
    rf"|[”\"],?\s+said\s+(?:(?:former|then|acting|outgoing)\s+)?(?P<title2>{_LOWER_TITLE})?(?P<who2>{_RUN})"
)
_OPENERS = frozenset("but and however later meanwhile separately also yet so then still on in at by after before since".split())


def speakers(sentence: str) -> list[str]:
    """The people a sentence quotes by name, titles left out: "Jane Ortiz" of "Mayor Jane Ortiz, who
    chairs the board, said…". Only a name the sentence marks as a person's counts: a title before
    it, an appositive after it, or a quotation it closes; "Goldman Sachs said" and "Saudi Arabia
    said" are not. A surname alone ("Mayor Ortiz said") is kept for the caller to match to a full
    name; bodies ("the Foreign Ministry said", "Human Rights Watch said") are no one."""
    found = []
    for m in _SPEAKER.finditer(sentence):
        words = (m.group("who") or m.group("who2")).split()
        while words and (words[0].lower() in _OPENERS or words[0].lower().rstrip(".,") in MONTHS or words[0].lower().endswith("day")):
            words = words[1:]  # "But Ortiz said", "On Monday Ortiz said"
        titles = [i for i, w in enumerate(words[:-1]) if w.lower() in TITLE_WORDS or w.lower() in ("of", "for", "the")]
        before = sentence[: m.start()].rstrip()
        marked = bool(
            titles
            or m.group("title")
            or m.group("title2")
            or m.group("apposition")
            or m.group("who2")
            or before.endswith(("”", '"', "”,", '",'))  # "“…,” Jane Ortiz told…"
            or (
                before.endswith(",") and before[:-1].split()[-1:] and before[:-1].split()[-1].lower() in TITLE_WORDS
            )  # "The mayor, Jane Ortiz, said"
        )
        words = words[titles[-1] + 1 :] if titles else words
        if words and len(words[-1]) > 2:
            words[-1] = words[-1].rstrip(".")  # the sentence's full stop, not an initial's ("Sam K.")
        # A surname alone counts when the caller finds the full name it ends.
        if not words or not (marked or len(words) == 1) or any(re.sub(r"['’]s$", "", w.lower()) in _INSTITUTION_WORDS for w in words):
            continue
        found.append(" ".join(words))
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Attribution:
    source: str  # as the text writes it, without a leading "The"
    start: int  # the sentence that credits it, as offsets into the text
    end: int


def attributions(article: Article, press_only: bool = True) -> list[Attribution]:
    """Each body sentence's credited sources, in text order."""
    found = []
    for start, end in article_sentences(article):
        for source in credited_in(article.text[start:end].strip(), press_only):
            found.append(Attribution(source, start, end))
    return found


def credited_in(sentence: str, press_only: bool = True) -> list[str]:
    """The sources one sentence credits, as it writes them."""
    names = []
    for pattern in _PRESS + ([] if press_only else _ANY):
        for m in pattern.finditer(sentence):
            # "The Daily Post and Lakeside Wire reported…": a credit shared by the names before it.
            joint = _JOINT.search(sentence, 0, m.start("source")) if pattern is _PRESS[0] else None
            if joint and not re.match(r"[Tt]he\s", joint.group("sources")) and _LIST_BEFORE.search(sentence, 0, joint.start()):
                joint = None  # "Hospitals in Tula, Lakeside and Eastport reported": a list begun before the clause
            # "In Tula, the Daily Post and…": a name after an opener ("In", "After") is where or when, no source.
            joined = [n for n in _JOINED.split(joint.group("sources")) if not _institution(n) and not _opened(n)] if joint else []
            for source in [*joined, m.group("source")]:
                words = source.split()
                while words and (words[0].lower() in _NOT_SOURCES or re.sub(r"['’]s$", "", words[0].lower()) in _NOT_SOURCES):
                    words = words[1:]  # "In March the Courier…", "Monday's Daily Post"
                # "Lakeside Wire's tally", "a Daily Post report": the outlet, not its report.
                name = " ".join(words)
                if re.match(r"\s+[a-z]", sentence[m.end("source") :]):  # "McDonald's" alone is the name
                    name = re.sub(r"['’]s$", "", name)
                if name.endswith(".") and not re.search(r"\b(?:[A-Z]\.){2,}$", name):  # a full stop, not "U.N."
                    name = name[:-1]
                if name:
                    names.append(name)
    return list(dict.fromkeys(names))


# Names joined by commas and "and" right before a credit's own name: each shares it.
# Only names that open the clause ("The storm hit Tula and the Daily Post reported…" credits the Post alone).
_ONE_NAME = r"(?:[Tt]he\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3}"
_JOINT = re.compile(
    rf"(?:^|(?<=[,;:(“\"])\s*|(?<=\bwhich\s)|(?<=\bboth\s)|(?<=\bBoth\s))(?P<sources>{_ONE_NAME}(?:,\s+{_ONE_NAME})*),?\s+(?:and|as\s+well\s+as)\s+$"
)
_JOINED = re.compile(r",\s+")
_LIST_BEFORE = re.compile(r"\b[A-Z][\w'’-]*,\s*$")


def _opened(name: str) -> bool:
    first = name.split()[0].lower()
    return first != "the" and first in _NOT_SOURCES


def _institution(name: str) -> bool:
    """ "Police", "The Army": a body named by its kind alone, no outlet."""
    words = [w.lower() for w in name.split() if w.lower() != "the"]
    return bool(words) and all(w in _INSTITUTION_WORDS for w in words)


def same_source(a: str, b: str) -> bool:
    """ "The Daily Post" and "Daily Post" are one source; case matters only for acronyms."""
    strip = re.compile(r"^the\s+", re.I)
    a, b = strip.sub("", a.strip()), strip.sub("", b.strip())
    return a == b if a.isupper() or b.isupper() else a.lower() == b.lower()


# "Who said that the talks may drag on?", "Who said the port would close?", "Who warned that fares
# would rise?": the question gives what was said and asks who said it. Verbs that also take a plain
# object ("claimed responsibility", "announced the closure", "told reporters") count only with "that".
_WHO_SAID = re.compile(
    r"^(?:and\s+)?who\s+(?:had\s+|has\s+)?(?:(?:said|says|stated)\s+(?:that\s+)?|(?:told|claimed|announced|warned|argued|insisted)\s+(?:[\w'’-]+\s+){0,4}?that\s+)(?P<said>.+?)\s*\??$",
    re.I,
)
# "Who said that about the strike?", "Who said that to the press?": "that" points back; nothing is quoted.
_POINTING_THAT = re.compile(r"^(?:about|to|in|on|during|at|after|before|when|first|again|publicly|today|yesterday)\b", re.I)
# The share of what the question says was said that the line must hold: a reworded quote keeps most of its words.
MIN_SAID_SHARE = 0.5


def unsaid_in_line(line: str, question: str) -> str | None:
    """What the question says was said, when it asks who said it and the line holds too little of
    it: whoever the line names, it does not say they said that. None otherwise (or when the question
    gives too little of the saying to look for: "Who said so?")."""
    m = _WHO_SAID.match(question.strip())
    if not m:
        return None
    if _POINTING_THAT.match(m.group("said")) and re.search(r"\bsaid\s+that$", question[: m.start("said")].rstrip(), re.I):
        return None  # "Who said that about…?"
    said = set(content_terms(m.group("said")))
    if len(said) < 3:
        return None
    held = set(content_terms(line))
    return m.group("said") if sum(t in held for t in said) / len(said) < MIN_SAID_SHARE else None


# "What did Ada Bello say…", "What does Bello want from…", "How did Bello's office react…": the
# question asks for one person's words, wishes or reaction (not "why": a reason others may give).
_WHOSE_WORDS = re.compile(
    r"^(?:and\s+)?(?:what\s+(?:did|does|do|has|have|had|will|would)\s+(?P<who>.+?)\s+"
    r"(?:say|said|want|think|make\s+of|argue|warn|tell|mean|propose|demand|call\s+for|believe|expect|see)"
    r"|how\s+(?:did|does|do|has|have|had|will|would)\s+(?P<reacting>.+?)\s+(?:react|reacted|respond|responded|reply|replied))\b",
    re.I,
)
# Their office or spokesperson speaks for them ("Bello's office"); their critics or government do not.
_VOICE_OF = re.compile(r"['’]s\s+(?:office|spokes(?:man|woman|person))$", re.I)
_HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. prof prof. sir the former".split())
# A line where someone speaks for another ("Tom Hale, the mayor's spokesman, said") may give their words.
_SPEAKS_FOR = re.compile(
    r"\b(?:spokes(?:man|woman|person|people|men|women)|aides?|advis[eo]rs?|lawyers?|attorneys?|representatives?|on\s+behalf\s+of)\b", re.I
)


def asks_for_words(question: str) -> bool:
    """ "What did Ada Bello say…", "How did Bello react…": a question asking for someone's words."""
    return bool(_WHOSE_WORDS.match(question.strip()))


def people_quoted(articles: Iterable[Article]) -> frozenset[str]:
    """The full names the articles quote ("Jane Ortiz" of "Mayor Jane Ortiz said…"): who is a person."""
    return frozenset(
        who
        for article in articles
        for start, end in article_sentences(article)
        for who in speakers(article.text[start:end].strip())
        if len(who.split()) >= 2 and who.split()[-1].lower() not in TITLE_WORDS  # "The Labour MP said": no name
    )


def surname(person: str) -> str:
    return re.sub(r"^[a-z]{1,3}-", "", person.split()[-1])  # "al-Amin" and "Amin" are one surname


def _names(text: str, name: str) -> bool:
    return bool(re.search(rf"(?<![\w'’])(?:[a-z]{{1,3}}-)?{re.escape(name)}(?![\w-])", text))


def _asked_people(question: str, people: frozenset[str]) -> list[str]:
    """Whose words the question asks for: the quoted person it names (after any title), by full name,
    or by a surname after a title or with its particle ("Mayor Bello", "al-Amin"): a bare "Jordan"
    or "Ford" may be a country or a firm. Empty when it asks about their critics, rivals or camp."""
    m = _WHOSE_WORDS.match(question.strip())
    if not m:
        return []
    who = _VOICE_OF.sub("", (m.group("who") or m.group("reacting")).strip())
    words = who.split()
    titled = False
    while words and (words[0].lower() in TITLE_WORDS or words[0].lower() in _HONORIFICS):
        titled, words = True, words[1:]
    name = " ".join(words)
    if not name:
        return []
    if full := [p for p in people if p == name]:
        return full
    if len(words) == 1 and (titled or re.match(r"^[a-z]{1,3}-", name)):
        return [p for p in people if surname(p) == surname(name)]
    return []


def another_speaker(line: str, question: str, people: frozenset[str]) -> str | None:
    """Who the line has speak, when the question asks for the words (wishes, reaction) of another
    person (one of `people`, those the articles quote by name) and the line never names that person:
    "What did Ada Bello say…" is not answered by "…, Sam Reed said". A line that names them ("a
    spokesman for Bello said", "Reed said Bello would resign"), has someone speak for another
    ("Tom Hale, the mayor's spokesman, said") or quotes no one by name may answer."""
    asked = _asked_people(question, people)
    if not asked or _SPEAKS_FOR.search(line):
        return None
    for person in asked:
        # Two people quoted with one surname: the line must give the first name too.
        shared = any(p != person and surname(p) == surname(person) for p in people)
        if _names(line, person if shared else surname(person)):
            return None
    asked_surnames = {surname(p) for p in asked}
    return next(
        (
            who
            for who in speakers(line)
            # "Mayor Bello said" is her; "Ben Bello said" is her brother when the articles quote him too.
            if who not in asked and (surname(who) not in asked_surnames or who in people) and who.split()[-1].lower() not in TITLE_WORDS
            if len(who.split()) >= 2 or who in map(surname, people)
        ),
        None,
    )


def asks_who_said(question: str) -> bool:
    """ "Who said that the talks may drag on?", "Who told reporters that…?": who said a given thing."""
    return bool(_WHO_SAID.match(question.strip()))


# A speaker described, not named: "…, a senior government official told the Daily Post", "two
# people familiar with the talks said", "a spokesman for the ministry said".
_DESCRIBED_AS = (
    r"(?:officials?|sources?|diplomats?|people|persons?|spokesm[ae]n|spokeswom[ae]n|spokespersons?|aides?|officers?|"
    + "|".join(sorted(w for w in TITLE_WORDS if "." not in w))
    + r")"
)
_UNNAMED_SPEAKER = re.compile(
    rf"(?:^|(?<=,\s)|(?<=\band\s))(?P<who>(?i:an?|the|two|three|four|several)\s+(?:[\w'’-]+\s+){{0,5}}?{_DESCRIBED_AS}"
    rf"(?:\s+(?:for|at|from|in|with|of|close\s+to|familiar\s+with)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){{0,3}}?)?)"
    rf"\s+(?:has\s+|had\s+)?(?P<verb>{_SPEECH})\b(?:\s+(?P<outlet>(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){{0,3}}))?"
)


# Clauses that each have their own speaker: "Reed said the port would close, while Ruiz said…".
_CLAUSE_BREAK = re.compile(r";|,?\s+(?:but|while|whereas|although|rejecting|citing)\b")
_NEGATION = re.compile(r"\b(?:not|never|no|den(?:y|ies|ied)|reject\w*|dismiss\w*|wrong)\b|n['’]t\b", re.I)


def speakers_of(line: str, question: str) -> list[str]:
    """Who the line has say what the question asks about, as it names or describes them ("Jane
    Ortiz", "a senior government official told the Daily Post"): where a question asks who said a
    thing, the answer is one of those. Read clause by clause: none from a clause that does not hold
    what was said, or denies it."""
    found: list[str] = []
    for clause in _CLAUSE_BREAK.split(line):
        if unsaid_in_line(clause, question) or (_NEGATION.search(clause) and not _NEGATION.search(question)):
            continue  # another clause's saying, or one that denies what the question has said
        found += speakers(clause.strip())
        for m in _UNNAMED_SPEAKER.finditer(clause.strip()):
            told = f" told {m.group('outlet').rstrip('.')}" if m.group("verb") == "told" and m.group("outlet") else ""
            found.append(f"{m.group('who')}{told}")
    return list(dict.fromkeys(found))
