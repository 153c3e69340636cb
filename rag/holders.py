"""Whether the person an answer names is the one a question asks about by role: who holds a post now (not the dead, not those who left it, not a mere member), who died."""

from __future__ import annotations

import re

from .attribution import TITLE_WORDS
from .text import MONTHS, STOPWORDS, content_terms

# "Who leads the union now?", "Who heads the agency?", "Who's the mayor?": a post held now. Not "Who
# is the director of the film?" (who made a thing is no post) nor "Who leads the race?" (a lead).
_WHO_NOW = re.compile(
    r"^who(?:\s+is|'s|’s)?\s+(?:now\s+|currently\s+)?(?:(?:leads|heads|runs|chairs|commands|governs)\b(?!\s+(?:the\s+)?(?:race|polls?|standings|table|charts|field|league|count|way)\b)"
    r"|(?:the\s+)?(?:current\s+|present\s+|new\s+)?(?:leader|head|chief|chair|chairman|chairwoman|commander|president|governor|mayor|ceo|chief\s+executive)\b)",
    re.I,
)
_DEATH_VERB = re.compile(r"\b(?:killed|killing|assassinated|assassinating|slew|executed|executing)\b", re.I)
# Between a killing and the name only the victims' titles and names, joined by "and" ("killed
# General Sam Reed and union leader Ada Bello"); any other lower-case word ("the man who…", "a
# nephew of…", "that killed … made") ends it.
_JOINING = frozenset("and the a an his her their its".split())
MAX_WORDS_FROM_DEATH_VERB = 12
WINDOW = 200  # characters read before a name: a killing further back is in another clause
_DIED_AFTER = re.compile(
    r"^(?:,[^,;.]*,)?\s+(?:(?:was|were|had\s+been|has\s+been)\s+(?:killed|assassinated|slain|executed)\b|died\b)", re.I
)
# Leaving a post, with the post named ("stepping down as CEO"), which must be the one asked about.
_LEFT_AFTER = re.compile(
    r"^(?:,[^,;.]*,)?\s+(?:(?:said|announced|confirmed)\s+(?:that\s+)?(?:he|she|they)\s+)?"
    r"(?:(?:is|was|were|has|had|will|would)(?:\s+be)?\s+)?(?:(?:stepping|stepped|step)\s+down|resigned|resigning|resign|retired|retiring|retire"
    r"|(?:ousted|fired|sacked|removed))\s+(?:from\s+(?:his|her|their|the)\s+(?:post|job|role)\s+)?as\s+(?P<post>[^,;.]{1,60})",
    re.I,
)
_MEMBER_AFTER = re.compile(r"^,\s+(?:a|an|one|another)\s+(?:[\w'’-]+\s+){0,2}members?\s+of\s+(?P<body>[^,;.]{1,80})(?P<rest>[^;.]*)", re.I)
# A later clause that gives the member the head's post ("…, was elected its chairman").
_HEADS = re.compile(r"\b(?:leads|heads|chairs|runs|elected|appointed|named|became|is\s+(?:the|its|now))\b", re.I)


def asks_who_holds_now(question: str) -> bool:
    return bool(_WHO_NOW.match(question.strip()))


def died_in_line(claim: str, line: str, question: str) -> str | None:
    """The name the answer gives, when the question asks who holds a post now and the line has that
    person killed or dead ("…after the strike killed union leader Sam Reed", "Sam Reed was killed")
    or leaving the post asked about ("Sam Reed announced he was stepping down as CEO"). None otherwise."""
    if not asks_who_holds_now(question):
        return None
    asked = set(content_terms(question))
    for name, m in _mentions(claim, line, question):
        if _killed_before(line[max(0, m.start() - WINDOW) : m.start()]) or _DIED_AFTER.search(line[m.end() :]):
            return name
        left = _LEFT_AFTER.search(line[m.end() :])
        if left and set(content_terms(_post_named(left.group("post")))) & asked:
            return name
    return None


def member_not_head(claim: str, line: str, question: str) -> str | None:
    """The name the answer gives, when the question asks who leads or heads something and the line
    says, right after the name, only that they are a member of it ("Sam Reed, a founding member of
    the harbour council, said…"); a member is not its head. None otherwise."""
    if not asks_who_holds_now(question):
        return None
    asked = set(content_terms(question))
    for name, m in _mentions(claim, line, question):
        member = _MEMBER_AFTER.search(line[m.end() :])
        if member and set(content_terms(member.group("body"))) & asked and not _HEADS.search(member.group("rest")):
            return name
    return None


# "Who died in the fire?", "Who was killed in the raid?", "Which union leader died in the raid?":
# the question asks for the dead.
_WHO_DIED = re.compile(
    r"^(?:who\s+|which\s+(?:[\w'’-]+\s+){1,8}?)(?:has\s+|have\s+)?(?:died|(?:was|were|got|been)\s+(?:killed|assassinated|slain|murdered|shot\s+dead)|lost\s+(?:his|her|their)\s+li(?:fe|ves))\b",
    re.I,
)
# The ways English news says someone died. Broad on purpose: a line with none of them is dropped,
# so a missing word costs a right answer.
_DEATH = re.compile(
    r"\b(?:die[ds]?|dying|dead|deaths?|deadly|kill(?:s|ed|ing)?|slain|perish(?:ed|es)?|drown(?:ed|s)?|murder(?:s|ed)?|assassinat\w*"
    r"|shot|executed|fatal\w*|victims?|casualt\w*|bod(?:y|ies)|mourn\w*|funeral|succumb\w*|li(?:fe|ves)|passed\s+away|remains)\b",
    re.I,
)


def not_the_dead(claim: str, line: str, question: str, context: str = "") -> str | None:
    """The name the answer gives, when the question asks who died and the line (with its context)
    names that person but says nothing of anyone's death ("Westland carried out strikes on the
    docks"): whoever it names, it names for something else. None otherwise."""
    if not _WHO_DIED.match(question.strip()) or _DEATH.search(f"{context} {line}"):
        return None
    return next((name for name, _ in _mentions(claim, line, question)), None)


# "The Harbour Board", "The Eastport Group": a capitalised name after "the" is a body, not a person
# (unless it opens with a title: "The Archbishop of Eastport").
_BODY = re.compile(r"^[Tt]he\s+(?P<word>[A-Z][\w'’.-]*)")


# The body a post belongs to, as the question names it after the post: "…the chief executive of
# Eastport Ferries", "…the governor of the Bank of Westland" (a name runs on across "of", "for", "and").
_POSTS = r"(?:leader|head|chief|chair|chairman|chairwoman|commander|president|governor|mayor|ceo|chief\s+executive|director|boss)"
_NAME_RUN = r"[A-Z][\w.&-]*(?:\s+(?:(?:of|for|and)\s+)?[A-Z][\w.&-]*)*"
_POST_OF = re.compile(rf"\b(?i:{_POSTS})\s+of\s+(?:[Tt]he\s+)?(?P<body>{_NAME_RUN})")
# Words that make what follows a body's name its person: "Eastport Ferries chief executive Ada Bello".
_PERSON_AFTER = TITLE_WORDS | frozenset("boss executive founder".split())


def body_not_holder(claim: str, question: str) -> str | None:
    """The answer, when the question asks who holds a post now and the answer names a body ("Who is
    the chief executive of Eastport Ferries?" -> "The Eastport Ferries Group", or "Eastport Ferries
    and its parent"): a post is held by a person. Not "Eastport Ferries’ Ada Bello" nor "Eastport
    Ferries chief executive Ada Bello". None otherwise."""
    claim = claim.strip()
    if not asks_who_holds_now(question):
        return None
    body = _BODY.match(claim)
    if body and body.group("word").lower() not in TITLE_WORDS:
        return claim
    post_of = _POST_OF.search(question)
    if not post_of:
        return None
    named = re.sub(r"['’]s?$", "", post_of.group("body"))  # "…of Eastport's board": Eastport
    plain = re.sub(r"['’]$", "", re.sub(r"^[Tt]he\s+", "", claim))  # "Eastport Ferries'": the body itself
    m = re.match(rf"{re.escape(named)}(?![\w'’])", plain)
    if not m:
        return None
    rest = plain[m.end() :]
    if any(w.lower().strip(".,") in _PERSON_AFTER for w in rest.split()):
        return None
    return claim


_POST_ENDS = frozenset("to and in on at after before for from with but while when since last this next amid over".split())


def _post_named(text: str) -> str:
    """The post a "…as <post>" names: its first words, up to a preposition or a verb's "to"
    ("finance minister to lead the party" -> "finance minister")."""
    words: list[str] = []
    for word in text.split()[:4]:
        if word.lower() in _POST_ENDS:
            break
        words.append(word)
    return " ".join(words)


_PARTICLE_NAME = re.compile(r"^(?:[a-z]{1,3}-[A-Z]|(?:al|el|de|da|van|von|bin|ibn|du|le)$)")


def _killed_before(text: str) -> bool:
    kills = list(_DEATH_VERB.finditer(text))
    if not kills:
        return False
    between = text[kills[-1].end() :]
    if re.search(r"[,;:?!()“”\"]", between):
        return False
    # A name's particle ("al-Amin", "bin Said") is part of the name, not a lower-case word.
    words = [w.lower().rstrip(".") if w[0].islower() and not _PARTICLE_NAME.match(w) else "" for w in between.split()]
    if len(words) > MAX_WORDS_FROM_DEATH_VERB:
        return False
    # A lower-case word is a joint, a title, or a word of one ("the port's security chief").
    return all(
        not w or w in _JOINING or w in TITLE_WORDS or (w not in STOPWORDS and any(t in TITLE_WORDS for t in words[i + 1 : i + 3]))
        for i, w in enumerate(words)
    )


def _mentions(claim: str, line: str, question: str):
    """Each place the line names a person the answer gives (not a name the question gave too)."""
    for name in sorted(names_in_claim(claim) - names_in_claim(question), key=lambda n: (-len(n), n)):
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", line):
            yield name, m


def names_in_claim(text: str) -> set[str]:
    """Runs of capitalised words ("Ada Bello", "Omar bin Said" and its lower-case particles)."""
    runs = re.findall(r"[A-Z][\w'’-]*(?:\s+(?:(?:al|el|de|da|van|von|bin|ibn|du|le)-?\s*)?[A-Z][\w'’-]*)*", text)
    return {r for r in runs if len(r) > 2}


# "Who won…?", "Who is the director of…?", "In the 2022 race, who won the seat?": a person asked for
# by what they did or are. Not "Who is Ada Bello?" (a description asked for) nor "Who is he?"; yet
# "Who is Harbour Bank's new chief?" asks for a person.
_WHO_DID = re.compile(r"^(?:[^?]*?,\s+)?(?:(?:and|but|so)\s+)?who\s+(?P<rest>.+?)\s*\??$", re.I)
_PARTICLE = r"(?:al|el|de|da|van|von|bin|ibn|du|le|la|del|der|dos)-?"
_WHO_IS_NAMED = re.compile(rf"^(?:is|was|are|were)\s+(?:(?:(?:[A-Z][\w.-]*|{_PARTICLE})\s*)+(?<![’']s)$|(?:he|she|they|it|this|that)\b)")
# "a Tula ferry pilot who won…": a common noun, then the question's own deed.
_DESCRIBED = re.compile(r"\b(?P<noun>[a-z][a-z-]+)\s+who\s+(?P<deed>[^;]+)")
# "Bello, a teacher who…", "Bello is the teacher who…", "Bello (the teacher who…)".
_NAMED_BEFORE = re.compile(r"(?P<name>[A-Z][\w'’.-]*)\s*(?:,|\(|–|—|\bis\b|\bwas\b)\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}$")
_CAPITALISED_RUN = re.compile(rf"[A-Z][\w'’.-]*(?:\s+(?:{_PARTICLE}\s*)*[A-Z][\w'’-]*)*")
_PLACE_OR_TIME_BEFORE = re.compile(r"\b(?:in|on|at|from|of|for|to|by|near|across|since|during|after|before)\s+$", re.I)


def described_not_named(claim: str, question: str) -> str | None:
    """The description an answer gives in place of a name, asked who did something: "a Tula ferry
    pilot who won the Harbour Cup" says the line does not name them. None when the answer names
    someone the question does not, or the question asks who someone is."""
    asked = _WHO_DID.match(question.strip())
    if not asked or _WHO_IS_NAMED.match(asked.group("rest")):
        return None
    own = {n.lower() for n in names_in_claim(question)}
    if _names_someone(claim, own):
        return None
    deed_terms = set(content_terms(asked.group("rest")))
    for m in _DESCRIBED.finditer(claim):
        deed = set(content_terms(m.group("deed")))
        if not deed_terms or len(deed & deed_terms) < 0.5 * len(deed_terms):
            continue  # the clause is not the question's deed
        named = _NAMED_BEFORE.search(claim[: m.start()])
        if named and named.group("name").lower() not in own:
            continue  # "Bello, the coach who…"
        return f"{m.group('noun')} who {m.group('deed').strip()}"
    return None


def _names_someone(claim: str, own: set[str]) -> bool:
    """The claim has a name of two or more capitalised words the question does not: not a place or
    time after a preposition ("In Harbour City", "On Monday"), nor a modifier of the one described
    ("a Harbour City teacher who…")."""
    for m in _CAPITALISED_RUN.finditer(claim):
        run = m.group().split()
        while len(run) > 1 and run[0].lower() in STOPWORDS:
            run = run[1:]  # "The Board", "However Ada"
        if len(run) < 2 or " ".join(run).lower() in own:
            continue
        if _PLACE_OR_TIME_BEFORE.search(claim[: m.start()]) or m.group().split()[0].lower() in {"in", "on", "at", "from", "by"}:
            continue
        if re.match(r"\s+[a-z][a-z-]+\s+(?:who|that)\b", claim[m.end() :]):
            continue
        return True
    return False


def asks_who_died(question: str) -> bool:
    """ "Who died in the fire?", "Who was killed in the raid?": the question asks for the dead."""
    return bool(_WHO_DIED.match(re.sub(r"^(?:and|but|so)\s+", "", question.strip(), flags=re.I)))


# The victims after a killing verb: names, their titles and the joints between them, up to the
# clause's end or a preposition ("killed union leader Sam Reed and Gen. Ana Ruiz in a raid").
_VICTIMS_AFTER = re.compile(
    r"\b(?:killed|killing|assassinated|assassinating|executed|executing)\s+(?P<victims>[^,;:()“”\"]+?)(?=\s+(?:in|at|on|during|near|outside|inside|with|when|after|as|by|while|and\s+(?:[a-z]+ed|wounded|injured))\b|[,;:()]|\.?\s*$)"
)
# Names before "was killed" / "died": "Sam Reed and Ana Ruiz died in the raid".
_VICTIMS_BEFORE = re.compile(
    r"(?P<victims>[A-Z][\w'’.-]*(?:\s+(?:and\s+|(?:al|el|de|da|van|von|bin|ibn|du|le)-?\s*)?[A-Z][\w'’.-]*)*)\s+(?:(?:was|were|had\s+been|has\s+been)\s+(?:killed|assassinated|slain|executed)|died)\b"
)


def the_dead(line: str, question: str = "") -> list[str]:
    """Who the line has killed or dead, as it names them with their titles ("Iranian Gen. Ana Ruiz
    and union leader Sam Reed"): where a question asks who died, the answer is one of those. Where
    the question names some of them ("…died in the same raid as Ana Ruiz?"), the others, one by one."""
    found = _the_dead(line)

    def asked(victim: str) -> bool:  # by the surname, as "Iran's Ana Ruiz" names "Gen. Ana Ruiz"
        return any(re.search(rf"(?<![\w-]){re.escape(n.split()[-1])}(?![\w-])", question) for n in names_in_claim(victim))

    if not any(asked(victims) for victims in found):
        return found
    each = [v.strip() for victims in found for v in re.split(r",\s*|\s+and\s+", victims)]
    return list(dict.fromkeys(v for v in each if names_in_claim(v) and not asked(v)))


def _the_dead(line: str) -> list[str]:
    found: list[str] = []
    for m in _VICTIMS_AFTER.finditer(line):
        victims = m.group("victims").strip()
        if _SURVIVED.search(line[: m.start()]):
            continue  # "narrowly missed killing…", "a plot to kill…"
        if names_in_claim(victims) and _killed_before(f"killed {victims}"):
            found.append(victims)
    for m in _VICTIMS_BEFORE.finditer(line):
        words = m.group("victims").split()
        while words and (words[0].lower() in STOPWORDS or words[0].lower() in _NOT_OPENING):
            words = words[1:]  # "The", "Yesterday", "On Monday", "Both"
        before = line[: m.start()].split()[-1:]
        titled = bool(before) and before[0].lower().rstrip(".") in TITLE_WORDS
        if not words or (len(words) < 2 and not titled) or any(w.lower().strip(".,") in _NO_ONE for w in words):
            continue  # "The Reform Bill died in committee", "Two Britons were killed", "Reed died"
        found.append(" ".join(words))
    return list(dict.fromkeys(found))


# Words before a killing that say no one died: "narrowly missed killing", "a plot to kill".
_SURVIVED = re.compile(
    r"\b(?:nearly|almost|narrowly|missed|escaped|survived|failed|attempt\w*|tried|plot\w*|threat\w*|not|never)(?:\s+\S+){0,2}\s*$", re.I
)
_NOT_OPENING = frozenset("yesterday today both monday tuesday wednesday thursday friday saturday sunday".split()) | MONTHS
# A run with a count, a body or a thing is no one who died: "Two Britons", "the Reform Bill".
_NO_ONE = frozenset(
    """one two three four five six seven eight nine ten dozens hundreds thousands bill act proposition deal treaty plan city state
    ministry office council forces force department government party group agency army police court committee commission union
    company bank coalition administration parliament congress senate""".split()
)
