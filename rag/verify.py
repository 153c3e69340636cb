"""Verification in one place: is this answer, cited to this line, stated there and about the question?

A verdict rests on signals that carry over to any English news corpus: exact containment of the
answer in the cited line, the question's names and figures in that line, the kind of answer the
question asks for, the share of the question the line covers, and the model's own probabilities
(read from its logits) that no line answers and that the cited line states this answer. The
thresholds live in `calibration.json`, fitted on the dev split by `eval/calibrate.py`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .attribution import another_speaker, unsaid_in_line
from .contests import contest_reasons
from .holders import body_not_holder, described_not_named, died_in_line, member_not_head, not_the_dead
from .text import (
    MONTHS,
    STOPWORDS,
    content_terms,
    figures_with_units,
    fold_accents,
    names,
    normalize,
    numbers,
    question_names,
    words,
    years,
)
from .titles import derived_title, numbered_title

CALIBRATION = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Thresholds:
    """Where the model's and the evidence's signals turn an answer into a refusal."""

    max_refusal: float = 0.5  # refuse when P(first token says NOT FOUND) is at least this
    min_support: float = 0.5  # drop an answer when P(the check says Yes) is below this
    min_coverage: float = 0.0  # drop an answer whose line (with its context) holds less of the question's words
    min_claim_coverage: float = 0.5  # drop a reworded answer whose words the line holds less of
    min_anchors: float = 1.0  # drop an answer whose line (with its context) names less of the question's names
    # A question asking for several things (why, a list) is prompted differently, and the model
    # declines such prompts with its own prior: its limit is fitted on those questions alone.
    max_refusal_several: float | None = None  # None: max_refusal
    # Past its first statement, an answer to such a question keeps a statement only when the model
    # ranked that statement's line as its first citation at least this many times the even share
    # (1 / lines shown; rag.generate.line_shares).
    min_line_share: float = 0.0
    # "How many soldiers…" answered by "150 attacks": the embedder's cosine between what the question
    # counts and what the line counts with the figure (rag.counting), when they are not one word.
    # Fitted on word pairs written for it (eval/calibration/count_pairs.json), not on any corpus.
    min_count_similarity: float = 0.475

    def for_question(self, several: bool) -> Thresholds:
        """The thresholds for a question of this shape."""
        if not several or self.max_refusal_several is None:
            return self
        return replace(self, max_refusal=self.max_refusal_several)

    @classmethod
    def load(cls, model: str = "", path: Path = CALIBRATION) -> Thresholds:
        """The thresholds fitted for this model (they are the model's own probabilities, so each
        model has its own), else those of the default model."""
        data = json.loads(path.read_text(encoding="utf-8"))
        fitted = data["models"].get(model) or data["models"][data["default"]]
        return cls(**fitted["thresholds"])


# For calibration: every check that needs a threshold passes, so every signal is recorded.
PERMISSIVE = Thresholds(
    max_refusal=1.01, min_support=0.0, min_coverage=0.0, min_claim_coverage=0.0, min_anchors=0.0, min_count_similarity=0.0
)


@dataclass
class Verdict:
    supported: bool
    reasons: list[str] = field(default_factory=list)
    signals: dict[str, float] = field(default_factory=dict)
    # The answer gives a figure or month its line does not (misread_reasons): the model found a
    # line but misread it, rather than found none.
    misread: bool = False
    # The line names someone, but not in the role the question asks about (role_reasons: a past
    # holder of the post, a member, a body, one the line does not have dead, a stage winner): the
    # model picked the wrong one's line, and another line may name the right one.
    not_the_one: bool = False
    # The answer is not the kind of thing the question asks for (answer_type_mismatch): a date for
    # "after which killing…"; the line may still hold the right words.
    mistyped: bool = False
    # The line is about another time or title (elsewhere_reasons): the model may have picked a line
    # of another year or sequel, and another line may be about the right one.
    elsewhere: bool = False
    # The statement says again what an earlier answer of the conversation said (says_again): a
    # follow-up asks for something new, which another line may hold.
    repeated: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def verify(
    claim: str,
    line: str,
    question: str,
    *,
    context: str = "",
    published: str = "",
    p_refuse: float | None = None,
    p_support: float | None = None,
    thresholds: Thresholds = PERMISSIVE,
    anchor_context: str = "",
    count_similarity: float | None = None,
    article: str = "",
    said: str = "",
    people: frozenset[str] = frozenset(),
) -> Verdict:
    """Check one answer against the line it cites. `context` is what the line leans on (its
    article's title, the sentence before it): "Those attacks have now ceased" names them there.
    `published` is the article's date: it dates the line, so it answers "in 2019" in a question,
    but it is not a figure the line states. `article` is the line's whole article: where it says the
    one the answer names has died or left the post asked about, they do not hold it now. `said` is
    what the conversation's earlier answers said: a follow-up is not answered by saying it again.
    `people` are the full names the articles quote: a line quoting one is not another's words."""
    elsewhere = elsewhere_reasons(line, question, context, published, anchor_context)
    roles = role_reasons(claim, line, question, context, article, people)
    reasons = _line_reasons(claim, line, question, context, published) + elsewhere + roles
    # Not a name the line lacks: that the model knows from elsewhere, and it is no answer here.
    misread = bool(misread_reasons(claim, f"{context} {line}"))
    coverage = question_coverage(question, f"{context} {line}")
    verbatim = contains_phrase(line, claim)
    held = 1.0 if verbatim else claim_coverage(claim, f"{context} {line}")
    # `anchor_context` (other lines of the same article) may name who the question is about, but a
    # figure, month or name of the answer must be in the line it cites, or the citation would not hold it.
    anchors = anchor_share(question, f"{context} {anchor_context} {line}")
    signals = {"coverage": round(coverage, 4), "claim_coverage": round(held, 4), "verbatim": float(verbatim), "anchors": round(anchors, 4)}
    if anchors < thresholds.min_anchors:
        missing = missing_anchors(question, f"{context} {anchor_context} {line}")
        reasons.append(f"the line does not name {', '.join(sorted(missing))} from the question")
    if coverage < thresholds.min_coverage:
        reasons.append(f"the line holds {coverage:.0%} of the question's words")
    if held < thresholds.min_claim_coverage:
        reasons.append(f"the line holds {held:.0%} of the answer's words")
    repeated = says_again(claim, said)
    if repeated:
        reasons.append("an earlier answer of the conversation already said this")
    if p_refuse is not None:
        signals["p_refuse"] = round(p_refuse, 4)
        if p_refuse >= thresholds.max_refusal:
            reasons.append(f"the model finds no line answers (p={p_refuse:.2f})")
    if count_similarity is not None:
        signals["count_similarity"] = round(count_similarity, 4)
        if count_similarity < thresholds.min_count_similarity:
            reasons.append(f"the line's figure counts something other than what the question counts (similarity {count_similarity:.2f})")
    if p_support is not None:
        signals["p_support"] = round(p_support, 4)
        if p_support < thresholds.min_support:
            reasons.append(f"the model doubts the line states this answer (p={p_support:.2f})")
    return Verdict(
        not reasons,
        reasons,
        signals,
        misread=misread,
        not_the_one=bool(roles),
        mistyped=bool(answer_type_mismatch(question, claim)),
        elsewhere=bool(elsewhere),
        repeated=repeated,
    )


# A statement holding nearly all its content words from earlier turns says nothing new; a short
# one ("in January") may well repeat a word or two and still answer.
REPEATED_SHARE = 0.9
MIN_REPEATED_TERMS = 4
_NEGATION = re.compile(r"\b(?:not|no|never|nor|none|neither)\b|n['’]t\b", re.I)


def says_again(claim: str, said: str) -> bool:
    """Whether a statement says again what earlier turns said ("Sam Reed, a former mayor of Tula,
    told reporters last week" after "A former mayor of Tula." and "He told reporters last week.").
    Not when it adds a figure, month or name they lack ("…in 2020", "…in Tula"), nor when it
    denies what they only asserted."""
    terms = set(content_terms(claim))
    if not said or len(terms) < MIN_REPEATED_TERMS or claim_coverage(claim, said) < REPEATED_SHARE:
        return False
    if numbers(claim) - numbers(said) or _months(claim) - _months(said) or names(claim) - names(said) - set(content_terms(said)):
        return False
    return not (_NEGATION.search(claim) and not _NEGATION.search(said))


def ranking_reasons(number: int, shares: list[float], thresholds: Thresholds) -> list[str]:
    """For a statement past an answer's first: its line must be one the model itself ranked as an
    answer (`shares`: rag.generate.line_shares), at least min_line_share times the even share. A
    small model asked for several things pads its answer with lines it barely considered."""
    if not shares or shares[number - 1] * len(shares) >= thresholds.min_line_share:
        return []
    return [f"the model barely ranked line {number} as an answer (share {shares[number - 1]:.2f})"]


# A run of capitalised words ("United States", "National Farmers Union"): its initials are the
# name's short form ("US", "NFU"), which another outlet may write instead.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][a-z]+)+")
# The second part of a two-part question ("…, and when do the ferries run again?").
_SECOND_PART = re.compile(
    r",\s*and\s+(?:(?:on|in|at|from|for|by|since|until|to)\s+)?(?:when|why|how|where|who|whose|what|which)\b(?P<part>.*)$", re.I
)


def _name_forms(text: str, names_of: Callable[[str], set[str]] = names) -> set[str]:
    """The names a text carries, capitalised as names are, with the initials of each run of them."""
    initials = set()
    for run in _CAPITALISED_RUN.finditer(text):
        letters = "".join(w[0] for w in run.group().split() if w[0].isupper()).lower()
        # Any two or more words of the run in a row: "The United States Navy" holds "US".
        initials |= {letters[i:j] for i in range(len(letters)) for j in range(i + 2, len(letters) + 1)}
    return {n for n in names_of(text) if n.isalpha()} | initials


def astray_reasons(question: str, line: str, first_line: str, article: str) -> list[str]:
    """For a statement past an answer's first, from another article than the first statement's
    (`article`: the later line's whole article). When the first line carries one of the
    question's names ("What happened at the Tula plant?" → "Tula"), the other article must name
    one of them somewhere, as a name (capitalised), in its short form ("US" for "United States")
    or as its people ("Kenyan" for "Kenya", as unknown_names accepts), or the line must carry a
    word of the question's second part ("…, and when do the ferries run?"). A small model asked
    for several things adds a line from a story near the question: a vote held elsewhere, the
    size of a force. Within one article no name is needed: news refers back by "the plant", "he"."""
    asked = _name_forms(question, question_names)
    if not asked & _name_forms(first_line):
        return []
    held = _name_forms(article)
    plain = {n for n in question_names(question) if n.isalpha()}
    if asked & held or len(unknown_names(question, held)) < len(plain):
        return []
    second = _SECOND_PART.search(question)
    if second and (set(content_terms(second["part"])) - _QUESTION_WORDS) & set(content_terms(fold_accents(line))):
        return []
    return [f"the line's article names none of the question's {sorted(plain)}, and the line is not about its second part"]


def yes_or_no(claim: str) -> bool:
    """The answer is a bare Yes or No."""
    return claim.strip().lower().rstrip(".!") in {"yes", "no"}


def evidence_reasons(claim: str, line: str, question: str, context: str = "", published: str = "", article: str = "") -> list[str]:
    """The checks that need no threshold: the answer's figures, months and names are in the line,
    it says something the question does not, the question's anchors are there, the kind fits, and
    the line gives the one it names the role the question asks about."""
    return (
        _line_reasons(claim, line, question, context, published)
        + elsewhere_reasons(line, question, context, published)
        + role_reasons(claim, line, question, context, article)
    )


def role_reasons(
    claim: str, line: str, question: str, context: str = "", article: str = "", people: frozenset[str] = frozenset()
) -> list[str]:
    """Why the one the answer names is not the one the question asks for, by the line (and its
    article): not the holder of the post now, not the dead, not the winner of the whole contest, not
    the one who said what the question quotes, not the person whose words it asks for. Another line
    may name the right one."""
    reasons = holder_reasons(claim, line, question, article) + contest_reasons(line, question, context)
    if unsaid := unsaid_in_line(f"{context} {line}", question):
        reasons.append(f"the question asks who said {unsaid!r}; the line does not say it")
    if other := another_speaker(line, question, people):  # the line itself: `context` holds the answer's other statements
        reasons.append(f"the question asks for another person's words; the line quotes {other}")
    return reasons


def _line_reasons(claim: str, line: str, question: str, context: str, published: str) -> list[str]:
    evidence = f"{context} {line}"
    reasons = misread_reasons(claim, evidence)
    yes_no = yes_or_no(claim)
    have = set(content_terms(evidence)) | names(evidence)
    if missing := {n for n in names(claim) if n not in have}:
        reasons.append(f"names not in the line: {sorted(missing)}")
    if claim.rstrip().endswith("?"):  # (a title that ends in "?" is lost too: rare, and no answer is safer)
        reasons.append("the answer is itself a question")
    if not yes_no and not adds_information(claim, question):
        reasons.append("the answer only repeats the question")
    if mismatch := answer_type_mismatch(question, claim):
        reasons.append(mismatch)
    return reasons


def elsewhere_reasons(line: str, question: str, context: str = "", published: str = "", around: str = "") -> list[str]:
    """Why the line is about another time or title than the question: it does not give the year the
    question asks about, or names its title only as a numbered sequel or as the source of another
    work (its video, musical, remake), by the line or, where the line does not name the title, by
    `around` (the rest of its article). Another line may be about it."""
    reasons = []
    if missing := missing_years(question, f"{context} {line} {published}"):
        reasons.append(f"the line does not give the year {', '.join(sorted(missing))} the question asks about")
    if other := numbered_title(question, line) or derived_title(question, line, f"{context} {around}"):
        reasons.append(f"the line is about {other}, not the title the question names")
    return reasons


def holder_reasons(claim: str, line: str, question: str, article: str = "") -> list[str]:
    """Why the person the answer names does not hold the post the question asks about, by the line:
    a past holder, dead, a member only, or the holder of another post; or, asked who died, one the
    line does not have dead. Another line may name who the question asks for."""
    reasons = []
    if former := past_holder(claim, line, question):
        reasons.append(f"the line calls {former} a former holder of the post the question asks about")
    # A death or a departure is a fact of the story wherever it tells it: the line, or (`article`)
    # another sentence of its article ("…Sam Reed founded the firm. … Reed stepped down as CEO in May").
    if dead := died_in_line(claim, line, question) or (died_in_line(claim, article, question) if article else None):
        reasons.append(f"the question asks who holds a post now; the line or its article says {dead} was killed, died or left")
    if member := member_not_head(claim, line, question):
        reasons.append(f"the question asks who leads; the line calls {member} a member")
    if alive := not_the_dead(claim, line, question):
        reasons.append(f"the question asks who died; the line names {alive} but says nothing of a death")
    if body := body_not_holder(claim, question):
        reasons.append(f"the question asks who holds a post; {body!r} names a body, not a person")
    if other := another_post(question, line):
        reasons.append(f"the line names the {other[1]}, not the {other[0]} the question asks about")
    return reasons


# "Secretary of State", "Minister of Finance", "Governor of Lagos": a title of office, then a capitalised place or field.
_OFFICES = "Secretary|Minister|President|Speaker|Governor|Mayor|Chancellor|Chairman|Chairwoman|Chair|Director|Chief|Commissioner|Ambassador|Premier|Treasurer|Commander|Leader|Head|Administrator|Attorney"
_TITLE_OF = re.compile(rf"\b(?P<head>{_OFFICES}) of (?:the )?(?P<of>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)")
_TITLE = re.compile(rf"\b(?:{_OFFICES})\b")


def another_post(question: str, line: str) -> tuple[str, str] | None:
    """(asked, given) when the question asks about "<Title> of <X>" and the line gives that title only
    as "<Title> of <Y>", and nowhere names X ("Secretary of State" asked; the line has "Secretary of
    Defense Sam Reed" and says nothing of State): the person it names holds another post. None when
    the line also uses the title bare ("President Ortiz met the President of Westland") or gives the
    post the other way round ("Defense Secretary…" for "Secretary of Defense"). A word of X elsewhere
    ("the United States" for "Secretary of State") is no sign of the post."""
    line = normalize(line)
    for asked in _TITLE_OF.finditer(normalize(question)):
        head, of = asked.group("head"), asked.group("of")
        uses = _TITLE.findall(line).count(head)
        given = [m.group("of") for m in _TITLE_OF.finditer(line) if m.group("head") == head]
        if not uses or len(given) < uses or any(g.startswith(of) or of.startswith(g) for g in given):
            continue
        # The same post written the other way round: "Defense Secretary", "Foreign Affairs Minister".
        if re.search(rf"\b{re.escape(of.split()[0])}\w*\s+(?:\w+\s+)?{head}\b", line, re.I):
            continue
        # A title runs straight into its holder's name ("Minister of Finance Jane Ortiz"): shown as long as the one asked.
        return f"{head} of {of}", f"{head} of {' '.join(given[0].split()[: len(of.split())])}"
    return None


# "Who is the mayor of Eastport?", "Who is Eastport's police chief?": the post's holder now.
_WHO_HOLDS = re.compile(r"^who\s+is\s+(?:the\s+)?(?:current\s+|present\s+)?(?P<post>.+?)\s*\??$", re.I)
_PAST = r"(?:\b(?:[Ff]ormer|[Ee]x-|[Tt]hen-|[Oo]netime|[Oo]ne-time|[Ee]rstwhile)|\b[Tt]he\s+late)"  # a sentence may open with it
# "former Eastport Mayor Jane Ortiz": a past word, then a run of capitalised words (a particle such
# as "al-" or "de" inside a name allowed): a title running straight into the full name. A verb or
# a lower-case word breaks the run ("the former mayor endorsed Sam Reed").
_NAME_RUN = r"[A-Z][\w'’.-]*(?:\s+(?:[a-z]{1,3}[-\s])?[A-Z][\w'’.-]*)+"
_PAST_RUN = re.compile(_PAST + rf"\s*(?P<run>{_NAME_RUN})")
# "Sam Reed, the former mayor of Eastport, said…": the name, then the past post in apposition, up
# to the clause's end or a word that starts something else ("…, a former aide to the mayor", "…,
# former banker and now mayor").
_PAST_APPOSITION = re.compile(rf"(?P<name>{_NAME_RUN}),\s+(?:the\s+|a\s+)?{_PAST}\s*(?P<post>[^,.;:()]+)")
# "…interviewed Sam Reed years ago, when he was the mayor of Eastport": the post held back then,
# in the name's own clause (an abbreviation's dots, "C.E.O.", do not end it).
_WHEN_HELD = re.compile(
    rf"(?P<name>{_NAME_RUN})(?:,?\s+[^,.;:()]{{0,40}}?)?,?\s+(?:when|while)\s+(?:he|she|they)\s+(?:was|were)\s+"
    r"(?:the\s+|a\s+|an\s+)?(?P<post>(?:(?:[A-Z]\.){2,}|[^,.;:()])+)"
)
_POST_ENDS = re.compile(r"\s+(?:and|or|who|now|to|said|says|told|was|is)\b.*$")
_POSSESSIVE = re.compile(r"^(?P<owner>.*?)['’]s\s+(?P<rest>.+)$")


def _post_parts(post: str) -> tuple[set[str], set[str]] | None:
    """(the title's words, the words of where it is held): "mayor of Eastport" -> ({mayor}, {eastport}),
    "Eastport's police chief" -> ({polic, chief}, {eastport}); None for a possessive past the title
    ("the late mayor's son" is the son)."""
    post = _POST_ENDS.sub("", post.strip())
    owner = ""
    if m := _POSSESSIVE.match(post):
        if len(m.group("owner").split()) > 1 or m.group("owner")[:1].islower():
            return None
        owner, post = m.group("owner"), m.group("rest")
    title, where = (re.split(r"\s+(?:of|at|for)\s+", post, maxsplit=1) + [""])[:2]
    return set(content_terms(title)), set(content_terms(f"{owner} {where}"))


def past_holder(claim: str, line: str, question: str) -> str | None:
    """The person the answer names, when the question asks who holds a post now and the line gives
    that post to them as a past one ("former Mayor Jane Ortiz", "ex-Chief Sam Reed", "Sam Reed, the
    former mayor", "Sam Reed, years ago when he was the mayor"); else None."""
    asked = _WHO_HOLDS.match(question.strip())
    if not asked or re.search(_PAST, asked.group("post"), re.I):
        return None  # "Who is the former mayor?" asks for a past holder
    post = set(content_terms(asked.group("post")))
    wanted = _post_parts(asked.group("post"))
    for m in (*_PAST_APPOSITION.finditer(line), *_WHEN_HELD.finditer(line)):
        given = _post_parts(m.group("post"))
        if wanted is None or given is None:
            continue
        # The same title ("deputy mayor" is another post), held at the same place when both name one;
        # a place written into the title ("the former Eastport police chief") is a place.
        title = given[0] - wanted[1]
        if title != wanted[0] - wanted[1] or (given[1] and wanted[1] and not given[1] & wanted[1]):
            continue
        run = m.group("name").split()
        # The name is the longest run's end the answer holds ("Police Chief Sam Reed, the former mayor").
        name = next((" ".join(run[k:]) for k in range(len(run) - 1) if contains_phrase(claim, " ".join(run[k:]))), None)
        if name:
            return name
    for m in _PAST_RUN.finditer(line):
        run = m.group("run").split()
        for k in range(1, len(run) - 1):  # title = run[:k], name = run[k:] (two words or more)
            name = " ".join(run[k:])
            # ("Who is Jane Ortiz?" asks about her, not about a post)
            if contains_phrase(claim, name) and (post - set(content_terms(name))) & set(content_terms(" ".join(run[:k]))):
                return name
    return None


def misread_reasons(claim: str, evidence: str) -> list[str]:
    """The answer's figures and months that its line does not give: a date read off the line's
    label, a sum or a difference the model worked out. The model found a line but misread it."""
    reasons = []
    # "one" is left out of numbers() (it is rarely a figure), but an answer "1" needs it.
    stated = numbers(evidence) | ({"1"} if _ONE.search(evidence) else set())
    if missing := numbers(claim) - stated:
        reasons.append(f"figures not in the line: {sorted(missing)}")
    if missing := _months(claim) - _months(evidence):
        reasons.append(f"months not in the line: {sorted(missing)}")
    return reasons


_NEGATION = re.compile(r"\b(not|no|never|none|neither|nor)\b|n't\b", re.I)


def sentence_reasons(sentence: str, phrase: str, line: str, question: str, context: str = "") -> list[str]:
    """Why a sentence written around a verified answer phrase says more than its line: it drops the
    phrase, or adds a figure, a word or a negation of its own. Words must come from the line (and
    its title), not the question: "cut deaths by 20% in humans" for a line about mice takes the
    question's premise for a fact."""
    evidence = f"{context} {line}"
    reasons = []
    if not contains_phrase(sentence, phrase):
        reasons.append("the sentence drops the answer")
    if extra := numbers(sentence) - numbers(evidence):
        reasons.append(f"figures the line does not give: {sorted(extra)}")
    have = set(content_terms(evidence)) | names(evidence)
    if extra := {t for t in content_terms(sentence) if t not in have}:
        reasons.append(f"words the line does not hold: {sorted(extra)}")
    if _NEGATION.search(sentence) and not _NEGATION.search(phrase):
        reasons.append("a negation outside the verified answer")
    return reasons


def _plain(s: str) -> str:
    return " ".join(re.sub(r"[\"'()\[\]{}]", " ", normalize(s)).split()).lower()


def contains_phrase(text: str, phrase: str) -> bool:
    """Exact containment once spacing, quotes and the case of the first letter are set aside."""
    return bool(_plain(phrase)) and _plain(phrase) in _plain(text)


def with_cut_word_finished(claim: str, line: str) -> str:
    """A claim copied from its line that stops inside one of the line's words or figures ("…former
    Mayor Ad" of "…Mayor Ada Bello", "about 2" of "about 2,500"), as the token budget leaves it,
    with that word finished from the line: then it is an exact run of the line. Any other claim
    as it is."""
    copied, source = _plain(claim), _plain(line)
    # One word is the whole claim the model meant ("2" is no cut "2014"): a budget of dozens of
    # tokens stops a copy further on.
    if len(claim.split()) < 2 or not copied or copied not in source or not claim[-1:].isalnum():
        return claim
    matches = [_WORD_REST.match(source, m.end()) for m in re.finditer(re.escape(copied), source)]
    rests = [m.group(0) for m in matches if m]
    if len(rests) < len(matches):  # one copy of the run ends where a word does: nothing was cut
        return claim
    # The rest as the line itself writes it, straight after the claim's last letters as the claim
    # writes them; else (the line has "4½" where its plain form has "41", or "DAILY POST" for
    # "Daily Po") the claim is left as it is.
    rest = rests[0]
    finished = claim + rest
    if not re.search(re.escape(claim.split()[-1][-3:] + rest), line) or not contains_phrase(line, finished):
        return claim
    return finished


# What finishes a word cut short: more letters or figures ("Ad|a", "bri|dges"), or a figure's or a
# compound's rest ("2|,500", "2|.5", "well|-known").
_WORD_REST = re.compile(r"(?:[^\W_]+|[,.-][^\W_]+)(?:[,.-]?[^\W_]+)*")


def claim_coverage(claim: str, evidence: str) -> float:
    """Share of the answer's content words the evidence holds (a reworded answer keeps most of them)."""
    terms = set(content_terms(claim))
    if not terms:
        return 1.0
    have = set(content_terms(evidence))
    return sum(t in have for t in terms) / len(terms)


# "Jan. 6", "Nov 15" and "3 Sept 2026" name months; "Jan Kubis" and "Mar-a-Lago" do not. Capitalised
# only, and with a full stop or a day beside it.
_ABBREVIATED = {
    "Jan": "january",
    "Feb": "february",
    "Mar": "march",
    "Apr": "april",
    "Jun": "june",
    "Jul": "july",
    "Aug": "august",
    "Sep": "september",
    "Sept": "september",
    "Oct": "october",
    "Nov": "november",
    "Dec": "december",
}
_ABBREVIATION = "|".join(_ABBREVIATED)
_MONTH_ABBREVIATION = re.compile(rf"\b({_ABBREVIATION})(?:\.|(?=\s+\d))|(?<=\d\s)({_ABBREVIATION})\b(?!-)")


def _months(text: str) -> set[str]:
    """The months a text names, in full or abbreviated, as full lower-case names."""
    full = {w for w in words(text) if w in MONTHS}
    return full | {_ABBREVIATED[a or b] for a, b in _MONTH_ABBREVIATION.findall(text)}


def adds_information(claim: str, question: str) -> bool:
    """The answer carries a word or figure the question does not ("Super Bowl 2021" for "Super Bowl 2021 location" does not)."""
    asked = set(content_terms(question)) | numbers(question)
    return any(t not in asked for t in set(content_terms(claim)) | numbers(claim))


def missing_anchors(question: str, evidence: str) -> set[str]:
    """The question's proper names that the evidence does not carry."""
    have = set(content_terms(evidence)) | names(evidence)
    return {n for n in question_names(question) if n.isalpha() and n not in have}


# A place and its people: "Norway"/"Norwegian" aside, most English demonyms add one of these.
_DEMONYM_ENDINGS = ("n", "an", "ian", "i", "ese", "ish")
_MIN_STEM = 4


def unknown_names(question: str, vocabulary: set[str], corpus_names: set[str] | None = None) -> list[str]:
    """The question's names that no article holds, in any form. This only decides whether the
    model is asked at all, so a place counts as held when the corpus names its people ("Kenyan"
    holds "Kenya") and the other way round; both forms must be names of at least four letters in
    the corpus, so "Sean" is not held by "sea". Whether a line supports an answer stays an exact
    match (missing_anchors)."""
    known = corpus_names if corpus_names is not None else vocabulary

    def held(name: str) -> bool:
        if name in vocabulary:
            return True
        for end in _DEMONYM_ENDINGS:
            if len(name) >= _MIN_STEM and name + end in known:
                return True
            stem_form = name[: -len(end)]
            if name.endswith(end) and len(stem_form) >= _MIN_STEM and stem_form in known:
                return True
        return False

    return sorted(n for n in question_names(question) if n.isalpha() and not held(n))


def anchor_share(question: str, evidence: str) -> float:
    """Share of the question's proper names the evidence carries (1.0 when it names none)."""
    anchors = {n for n in question_names(question) if n.isalpha()}
    return 1.0 - len(missing_anchors(question, evidence)) / len(anchors) if anchors else 1.0


def missing_years(question: str, evidence: str) -> set[str]:
    """The years the question asks about ("the 2019 final") that the evidence does not give."""
    # years(), not every number: "the 1,500 troops" asks about no year.
    return years(question) - numbers(evidence)


def question_coverage(question: str, evidence: str) -> float:
    """Share of the question's content words (Snowball stems) that the evidence contains (0..1)."""
    asked = set(content_terms(question)) - _QUESTION_WORDS
    if not asked:
        return 1.0
    have = set(content_terms(fold_accents(evidence)))
    return sum(t in have for t in asked) / len(asked)


# Words that shape a question rather than say what it is about.
_QUESTION_WORDS = frozenset(content_terms("name happen happened happens many much long stand"))
_LEAD_IN = re.compile(r"^(and|but|also|so|then)\s+", re.I)
_WHEN = re.compile(r"^(when|(in|on|by|since|until|during)? ?(what|which) (years?|dates?|days?|months?|time))(?![\w-])", re.I)
_TIME_ASKED = re.compile(r"\b(when|date|year|day|month|time)\b", re.I)
_ONE = re.compile(r"\b(one|a single)\b", re.I)
# Anywhere in the question: "Roughly how many…", "For how long…".
_HOW_MANY = re.compile(r"\bhow (many|much|old|far|big|large)\b", re.I)
_HOW_LONG = re.compile(r"\bhow long\b", re.I)
_YEAR = re.compile(r"^(1\d{3}|20\d{2})s?$")
_TIME_WORDS = MONTHS | set(
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays "
    "year years month months week weeks day days "
    "summer winter spring autumn fall last next coming ago early late mid today yesterday tomorrow "
    "hour hours minute minutes decade decades century centuries".split()
)
_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?|"
    r"several|few|half|third|quarter|many)\b",
    re.I,
)


# "How much did the bridge cost?", "What was the firm's revenue?": a sum of money is asked for. Not
# "How much time did they spend…" (a noun after "how much" says what is measured), not "the income
# tax rate" or "the profit margin" (the money word must end the phrase), not one that names its unit.
_MONEY_VERB = re.compile(
    r"\bhow much\s+(?:money\s+)?(?:did|does|do|has|have|had|will|would|could|can|is|was|are|were)\b.*\b(cost|costs|spend|spends|spent|pay|pays|paid|earn|earns|earned|charge|charged|raise|raised|worth)\b",
    re.I,
)
_MONEY_NOUN = re.compile(
    r"^what\s+(?:is|was|were|are|will\s+be)\s+.*\b(revenue|revenues|budget|salary|profit|profits|income|earnings|funding|price)(?:\s+(?:of|for|in|at|from|last|this|next)\b|\s*\??\s*$)",
    re.I,
)
_UNIT_NAMED = re.compile(r"\bin\s+(?:[A-Z]{3}|\w+\s+)?(?:dollars|euros|pounds|yen|yuan|rupees|francs|pesos|terms)\b", re.I)
# A sum of money: any currency sign (Unicode's "Sc" category), or a currency's code, name or abbreviation.
_CURRENCY = re.compile(
    r"\b(USD|EUR|GBP|JPY|CNY|INR|CHF|Rs|Rp|KSh|dollars?|bucks|euros?|pounds?|yen|yuan|renminbi|rupees?|rupiah|francs?|pesos?|roubles?|rubles?|"
    r"dinars?|riyals?|dirhams?|shekels?|lira|liras|rand|reais|real|kronor|krona|kroner|krone|zloty|naira|baht|ringgit|taka|cents?|pence)\b"
    r"|\d\s*(?:million|billion|trillion)?\s*won\b",
    re.I,
)


def has_currency(text: str) -> bool:
    """The text writes a sum of money: a currency sign of any kind, or a currency's name or code."""
    return any(unicodedata.category(c) == "Sc" for c in text) or bool(_CURRENCY.search(text))


def asks_money(question: str) -> bool:
    """The question asks for a sum of money, in no unit it names ("How much did it cost?", "What was its revenue?")."""
    asked = _LEAD_IN.sub("", question.strip())
    return bool(_MONEY_VERB.search(asked) or _MONEY_NOUN.search(asked)) and not _UNIT_NAMED.search(asked)


# "What is the release date of…?", "What was the closing date for…?"
_WHAT_DATE = re.compile(r"^what\s+(?:is|was|will\s+be)\s+the\s+(?:\w+\s+){0,2}date\b", re.I)


def asks_when(question: str) -> bool:
    """The question asks for a date or a time ("When…?", "On what date…?", "What is the release date…?")."""
    asked = _LEAD_IN.sub("", question.strip())
    return bool(_WHEN.search(asked) or _WHAT_DATE.search(asked))


def answer_type_mismatch(question: str, claim: str) -> str:
    """An answer of the wrong kind: no time for "when", no quantity for "how many", no name for "who
    did…", only a time otherwise."""
    asked = _LEAD_IN.sub("", question.strip())
    if described := described_not_named(claim, asked):
        return f"a 'who' question answered with a description and no name: '{described}'"
    claim_words = [w for w in words(claim) if w not in STOPWORDS]
    # Day numbers ride with a month ("March 12"); a bare figure ("150") is not a time.
    timely = [w in _TIME_WORDS or bool(_YEAR.match(w)) for w in claim_words]
    only_time = any(timely) and all(t or w[:1].isdigit() for t, w in zip(timely, claim_words))
    if _HOW_LONG.search(asked):
        return "" if _QUANTITY.search(claim) or any(timely) else "a 'how long' question answered without a duration"
    if _WHEN.search(asked) or (_TIME_ASKED.search(asked) and only_time):
        if not (any(timely) or re.search(r"\b\d{4}\b", claim)):
            return "a 'when' question answered without a time"
        return ""
    if (
        asks_money(asked)
        and re.search(r"\d", claim)
        and not has_currency(claim)
        and not re.search(r"%|\bper\s*cent\b|\bpercent\b", claim, re.I)
    ):
        return "a question about money answered with a figure that is no sum of money"
    if _HOW_MANY.search(asked):
        return "" if _QUANTITY.search(claim) else "a 'how many' question answered without a quantity"
    if only_time:
        return "answered with only a time, but the question does not ask when"
    return ""


def conflicting_figure(cited: str, other: str, answered: set[str] | None = None) -> tuple[str, str] | None:
    """(ours, theirs) as written, when two passages give different figures for the same kind of
    thing; with `answered`, only for a figure of ours among those (canonical, as `numbers` gives
    them). Passages that name different years report different times, not a disagreement
    ("61,250 containers in 2021" against "74,900 containers in 2023")."""
    our_years, their_years = years(cited), years(other)
    if our_years and their_years and not our_years & their_years:
        return None
    ours = figures_with_units(cited)
    theirs = figures_with_units(other)
    for figure, (written, unit) in ours.items():
        if answered is not None and figure not in answered:
            continue
        for other_figure, (other_written, other_unit) in theirs.items():
            if unit == other_unit and figure != other_figure and other_figure not in ours:
                return written, other_written
    return None
