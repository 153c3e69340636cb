"""What a question asks for: one fact, several statements (why, how, a list, a summary), or the collection."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .arithmetic import Operation, operation
from .attribution import asks_who_said
from .holders import asks_who_died
from .text import content_terms
from .timeline import asks_for_timeline

Kind = Literal["fact", "several", "collection"]
# A timeline holds at most this many dated lines.
TIMELINE_ENTRIES = 5
Marked = Literal["outlet", "dead", "speaker"]

# The words of a request, not of its topic ("Give me a short summary of the report", "What has
# the Daily Post reported about…").
REQUEST_TERMS = frozenset(
    content_terms(
        "summarise summarize summary sum give short two three sentence sentences report reports reported piece article "
        "story stories column coverage overview gist recap rundown main key points highlights please write tell"
    )
)
# "How did…", "How do…": not "how many / long / far…", which ask for one figure.
_HOW = r"how(?!\s+(?:many|much|long|old|far|big|large|often|soon|tall|high|fast|deep|wide|heavy|hot|cold|close|likely|severe|strong)\b)"
# "Why…", "How did…" (not "how many/much/long…"), "What happened…", "What does X want/say…",
# "What caused…", "Explain…", "Summarise…", "Lay out…": an explanation or a summary, not one fact.
_EXPLAIN = re.compile(
    rf"^(why|{_HOW}|what\s+happened|explain|describe|summari[sz]e|"
    r"outline|lay\s+out|list|walk\s+me\s+through|give\s+(me\s+)?(a|an)\s+(\S+\s+){0,4}(summary|overview|rundown))\b"
    r"|^(across\s.{1,60},\s*)?where\s+(do|does|did)\s+.{1,80}\bstand\b"
    r"|^what\s+(does|do|did|has|have)\s+.{1,60}\b(want|say|said|expect|think|make\s+of|see|mean|attribute|report|reported)\b"
    # "What set off / caused / prompted the talks?": a cause, asked as "why" is.
    r"|^what\s+(set\s+off|sparked|triggered|caused|prompted|led\s+to|(?:is|was|were|are)\s+behind)\b",
    re.I,
)
# "List…", "Outline…", "Lay out…": several things of a kind, asked as a request.
_LISTING = re.compile(r"^(list|outline|lay\s+out)\b", re.I)
# "Why…", "How did…", "What set off…": a cause or a manner, whose answer is one reason and what
# goes with it in the story. "How" only before an auxiliary ("How did…"), not "How quickly…".
_CAUSE = re.compile(
    r"^(?:why|how(?=\s+(?:did|do|does|is|are|was|were|has|have|had|will|would|can|could|should|might|may|come|exactly|so)\b|['’]s)"
    r"|what\s+(?:set\s+off|sparked|triggered|caused|prompted|led\s+to|(?:is|was|were|are)\s+behind))\b",
    re.I,
)
# Not one cause: a second question ("…and who replaced him?", "…? Who negotiated?", "Why and how…"),
# two things it asks about ("the strike and the lockout", "prices rising and wages falling"; not
# two names, "Tula and Kigoma"), or two sides ("differ", "while", "unlike").
_NOT_ONE = re.compile(
    r"(?:[,;?]\s*(?:and\s+)?|\s+and\s+|\s[-–—]\s*and\s+)(?:\w+\s+)?(?:when|why|how|where|who|whose|what|which)\b"
    r"|,\s*and\s+(?:is|are|was|were|do|does|did|will|would|can|could|has|have|had)\b"
    r"|\?\s*\w|^(?:why|how)\s+(?:and|or)\s+(?:why|how)\b"
    r"|\b(?-i:[a-z])[\w'’-]*\s+and\s|\sand\s+(?-i:[a-z])"
    r"|\b(?:differ|differs|differed|difference|differences|compare|compared|comparison|contrast|versus|vs|while|whereas|unlike)\b",
    re.I,
)
# "What were the reasons for…", "What factors…": a why, asked of its nouns.
_REASONS = re.compile(r"\b(?:reasons?|causes?|factors?|motives?|explanations?)\b", re.I)
# "Which factions…", "What conditions…", "Who are…": several things. The noun after the wh-word
# (past up to two modifiers) is plural.
_WH_NOUNS = re.compile(r"^(?:which|what)\s+((?:[\w'’-]+\s+){0,3})", re.I)
_PLURAL = re.compile(r"^(?!\w*(?:ss|us|is)$)\w{2,}s$", re.I)
_AUXILIARY = frozenset("is are was were do does did has have had can could will would should may might".split())
_NOT_PLURAL = frozenset("news this his its whereas unless series species".split())
# "…, and which ones?", "Who was he talking to, and when?": two questions in one.
# "…, and on what date?" too.
_SEVERAL = re.compile(
    r"\b(which ones|who are|what are the|what were the)\b|,\s*and\s+(?:(?:on|in|at|from|for|by|since|until|to)\s+)?(when|why|how|where|who|whose|what|which)\b",
    re.I,
)
# A question about the articles themselves, asked of the article nouns, not of what they report:
# "Which is the latest article?", "Which articles mention X?", "Which stories carry a byline?".
_ARTICLE = r"(?:articles?|stories|story|pieces?)"
_SUPERLATIVE = r"(?:most\s+recent|latest|newest|oldest|earliest)"
_NEWEST_OLDEST = re.compile(
    rf"^(?:which|what)\s+(?:is|was)\s+the\s+({_SUPERLATIVE})\s+{_ARTICLE}\b"
    rf"|^which\s+{_ARTICLE}\s+(?:is|was)\s+(?:the\s+)?({_SUPERLATIVE})\b",
    re.I,
)
# "Who wrote the story on…", "Who edited the Daily Post report?", "Which reporter filed the wire
# story…": who made one article, answered from its byline or credit line.
_CREDIT = re.compile(
    r"^(?:who|which\s+(?:journalist|reporter|writer|correspondent|editor|author))\s+(?:\w+\s+)?(wrote|reported|authored|filed|edited|penned)"
    r"\s+(?:the|this|that)\s+(?:[\w'’-]+\s+){0,3}?(article|story|report|piece|dispatch)\b",
    re.I,
)
# "Which news organisations do the articles cite?": the outlets the text credits. A plural, and
# asked of the articles ("which agency was credited for the report that…" asks about one report;
# "which agencies did the mayor credit…" about the world).
_SOURCES = re.compile(
    r"^(?:which|what)\s+(?:other\s+)?(?:news\s+|media\s+|press\s+)?(?:organi[sz]ations|outlets|agencies|wire\s+services|wires|newspapers|broadcasters|networks|publications)\b"
    r"(?=.{0,80}\b(?:cite[sd]?|quote[sd]?|credit(?:s|ed)?|attribut\w*|rel(?:y|ies|ied)\s+on|draw\s+on|sourced?)\b)"
    r"(?=.*\b(?:articles?|stories|coverage|collection|corpus|pieces)\b)",
    re.I,
)
# "What does the collection attribute to the Daily Post?": what the text credits to one source.
_ATTRIBUTED = re.compile(
    r"^what\s+(?:does|do|did)\s+(?:the\s+)?(?:collection|corpus|coverage|articles?|stories|story|reports?)\s+(?:attribute|credit|ascribe)\s+to\s+(?P<source>.+?)\s*\??$",
    re.I,
)
# "Who is quoted in the articles?", "Which officials are quoted by name in the coverage?", "Whom do
# the stories quote?": the whole question asks who the collection quotes. Not "Which articles quote
# X?" (a mention), "Who was quoted as saying…", "What price was quoted?", "…quoted by the Post".
_PEOPLE = r"(?:people|persons|individuals|officials|politicians|leaders|experts|sources|figures|ministers|spokes(?:wo)?men|spokespeople|witnesses|analysts|residents|diplomats|lawmakers)"
_IN_COLLECTION = rf"(?:\s+(?:in|across)\s+(?:the|these|this|all\s+the)\s+(?:{_ARTICLE}|articles|coverage|collection|corpus|reports?))?"
_QUOTED_PEOPLE = re.compile(
    rf"^(?:who\s+(?:is|are|gets?)\s+quoted|(?:which|what)\s+(?P<described>(?:[\w'’-]+\s+){{0,3}}?){_PEOPLE}\s+(?:are|get)\s+quoted)(?:\s+by\s+name)?{_IN_COLLECTION}\s*\??$"
    rf"|^whom?\s+(?:do|does)\s+(?:the\s+)?(?:{_ARTICLE}|articles|coverage|collection|reports?)\s+quote(?:\s+by\s+name)?\s*\??$",
    re.I,
)
_BYLINES = re.compile(rf"\bbylines?\b|\bwho\s+wrote\s+(?:the|each|these|which)\s+{_ARTICLE}\b", re.I)
_MENTIONS = re.compile(
    rf"^(?:which|how\s+many)\s+(?:of\s+the\s+)?{_ARTICLE}\s+(?:\w+\s+)?"
    r"(?:mention|quote|cite|name|cover|carry|give|report|feature|refer|talk)",
    re.I,
)
Route = Literal["newest", "oldest", "credit", "byline", "sources", "attributed", "quoted", "mention"]


def credit_asked(question: str) -> tuple[str, str]:
    """(verb, noun): ("edited", "report") for "Who edited the … report?"; the verb is "wrote" for
    wrote, reported, filed…"""
    m = _CREDIT.search(question.strip())
    if not m:
        return "", ""
    return ("edited" if m.group(1).lower() == "edited" else "wrote"), m.group(2).lower()


def source_asked(question: str) -> str:
    """The source an "attribute to…" question names ("the Daily Post"), "" for any other question."""
    m = _ATTRIBUTED.search(question.strip())
    return m.group("source") if m else ""


def people_described(question: str) -> list[str]:
    """What says which people a "who is quoted" question asks for, one phrase per alternative:
    ["Westland"] of "Which Westland officials are quoted?", ["Westland", "Eastland"] of "Which
    Westland and Eastland officials…", ["opposition"] of "Which opposition politicians…", none of
    "Which senior officials are quoted?"."""
    m = _QUOTED_PEOPLE.search(question.strip())
    described = re.sub(r"^of\s+(?:the\s+)?", "", m.group("described") or "", flags=re.I) if m else ""
    phrases = []
    for part in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", described):
        words = [re.sub(r"['’]s$", "", w) for w in part.split() if w.lower() not in _ANY_PEOPLE and not _PEOPLE_NOUN.fullmatch(w)]
        if words:
            phrases.append(" ".join(words))
    return phrases


# Words that narrow no one down: "Which senior officials…" asks for every official quoted.
_ANY_PEOPLE = frozenset("the senior top other key named main leading prominent some any all several many various".split())
_PEOPLE_NOUN = re.compile(_PEOPLE, re.I)


def collection_route(question: str) -> Route | None:
    """How a question about the collection is answered from metadata, or None when it is not one."""
    q = question.strip()
    if m := _NEWEST_OLDEST.search(q):
        superlative = (m.group(1) or m.group(2)).lower()
        return "oldest" if superlative in ("oldest", "earliest") else "newest"
    if _CREDIT.search(q):
        return "credit"
    if _BYLINES.search(q):
        return "byline"
    if _SOURCES.search(q):
        return "sources"
    if _ATTRIBUTED.search(q):
        return "attributed"
    if _QUOTED_PEOPLE.search(q):
        return "quoted"
    if _MENTIONS.search(q):
        return "mention"
    return None


# "Summarise…", "Give me a summary of…", "What is the gist of…": the whole of something, not one point.
_SUMMARY = re.compile(r"\b(summari[sz]e|summary|overview|rundown|gist|recap|sum\s+up|main\s+points|key\s+points|highlights)\b", re.I)


# "Which news agency reported…", "What newspaper first said…": one outlet, as a line credits it
# (not "Which paper mill…" or "Which network was hit…": a reporting verb follows the noun).
_OUTLET = re.compile(
    r"^(?:which|what)\s+(?:news\s+|media\s+|press\s+)?(?:agency|outlet|wire\s+service|wire|newspaper|paper|broadcaster|network|publication|news\s+organi[sz]ation)"
    r"\s+(?:\w+\s+){0,2}?(?:reported|broke|revealed|published|carried|said|was\s+credited|is\s+credited)\b",
    re.I,
)


@dataclass(frozen=True)
class Shape:
    kind: Kind
    max_claims: int  # how many cited statements the answer may hold (each checked, dropped when unsupported)
    summary: bool = False  # asks for the whole of an article or topic, not one of its points
    # The kind of name the answer is, when a line marks it out: the outlet a line credits ("which
    # agency reported…"), those it has dead ("who died…"), who it has say it ("who said that…").
    marked: Marked | None = None
    arithmetic: Operation | None = None  # asks for a total or a span of years: its parts are stated, the sum computed
    timeline: bool = False  # asks for the dates of several events: the lines that date them, in order
    # Asks why or how, what happened, or for a summary: a line's other half ("But…") belongs to it.
    explains: bool = False
    # Asks for one cause or manner ("Why did the ferry stop?"), in one clause: answered by the
    # first checked statement and its other half. A small model asked why adds lines near the
    # question (the size of a force, when talks began) that no check can tell from a second reason.
    one_cause: bool = False

    @property
    def outlet(self) -> bool:
        return self.marked == "outlet"


def question_shape(question: str) -> Shape:
    q = re.sub(r"^(and|but|so|also|then)\s+", "", question.strip(), flags=re.I)
    if collection_route(q):
        return Shape("collection", 3)
    if asks_for_timeline(q):  # "Lay out the key dates…", "Give me a timeline of…"
        return Shape("several", TIMELINE_ENTRIES, timeline=True)
    if _SUMMARY.search(q):  # "What is the gist of…", "Sum up…": the whole, whatever the question word
        return Shape("several", 3, summary=True, explains=True)
    if op := operation(q):  # the parts may sit in two lines ("1,200 from Kigoma", "300 from Bukoba")
        return Shape("several", 2, arithmetic=op)
    if _EXPLAIN.search(q) or _SEVERAL.search(q) or _asks_for_plural(q):
        # Allowed, not forced: a small model made to write a second line copies any fragment.
        explains = bool(_EXPLAIN.search(q) and not _LISTING.match(q) or _REASONS.search(q))
        one_cause = bool(_CAUSE.search(q)) and not _SEVERAL.search(q) and not _NOT_ONE.search(q)
        return Shape("several", 3, explains=explains, one_cause=one_cause)
    marked: Marked | None = "outlet" if _OUTLET.search(q) else "dead" if asks_who_died(q) else "speaker" if asks_who_said(q) else None
    return Shape("fact", 1, marked=marked)


def _asks_for_plural(question: str) -> bool:
    """ "Which news organisations…", "What conditions does…": the noun the wh-word asks for is
    plural. It is the first word after the wh-word that is not a capitalised modifier ("French")."""
    m = _WH_NOUNS.match(question)
    for word in m.group(1).split() if m else []:
        if word[:1].isupper() or word.lower() in _NOT_PLURAL:
            continue
        return bool(_PLURAL.match(word)) and word.lower() not in _AUXILIARY
    return False
