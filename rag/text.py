"""Small text tools shared by retrieval and verification: words, Snowball stems, numbers, names.

Everything here holds for English text in general: no entity, outlet or phrase of any corpus.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

from .dates import dates_in

# English function words (the Snowball project's English stop list, which its stemmer is built
# to pair with), plus contractions' pieces. Content words, including reporting verbs, stay.
STOPWORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
    it its itself they them their theirs themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing would should could ought a an the and but if or because as until
    while of at by for with about against between into through during before after above below to from up down in out
    on off over under again further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don shall may might must also
    """.split()
)
MONTHS = frozenset("january february march april may june july august september october november december".split())
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "thousand": 1000,
}
_SPELLED = {value: word for word, value in _NUMBER_WORDS.items()}


def figure_forms(figure: str) -> list[str]:
    """How a line may write this figure: as given, and spelled out when it is a small round one ("1" -> "one")."""
    value = figure.replace(",", "")
    return [figure, _SPELLED[int(value)]] if value.isdigit() and len(value) < 16 and int(value) in _SPELLED else [figure]


_WORD = re.compile(r"[^\W\d_](?:[\w'’.\-]*[^\W_])?|\d[\d,]*(?:\.\d+)?")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])")
# A bare 19xx or 20xx is a year: news style writes counts of a thousand or more with a comma ("2,000 troops").
YEAR = re.compile(r"(?:1[89]|20)\d\d")
_NUMBER_WORD_RUN = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")(?:[\s-]+(" + "|".join(_NUMBER_WORDS) + r"))*\b", re.I)
# Words capitalised only because they open a sentence or a question.
SENTENCE_STARTERS = (
    frozenset("""according approximately around roughly nearly since yes no many several whose whom please name list tell""".split())
    | STOPWORDS
)
_STEMMER_LOCK = threading.Lock()


_SPACED_INITIAL = re.compile(r"\b([A-Z])\. (?=[A-Z]\.)")


def normalize(text: str) -> str:
    """NFKC, accents kept but spaces, quotes and dashes made plain."""
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    # Initials written with spaces are one abbreviation: "U. S." is "U.S.", not the names "U" and "S".
    return _SPACED_INITIAL.sub(r"\1.", text)


def fold_accents(text: str) -> str:
    """ "Pogačar" and "Pogacar" are one name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased words and numbers; a possessive "'s" is dropped ("Tesla's" -> "tesla")."""
    out = []
    for w in _WORD.findall(fold_accents(normalize(text))):
        w = re.sub(r"'s$", "", w.strip(".'-")).lower()
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball English stem ("withdrawal" and "withdraw" meet at "withdraw")."""
    with _STEMMER_LOCK:
        return str(_stemmer().stemWord(word))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _parts(word: str) -> list[str]:
    """A hyphenated word is read as its parts ("US-led" -> "us", "led"); numbers stay whole."""
    if word[:1].isdigit():
        return [word.replace(",", "")]
    return [p for p in word.replace(".", "").split("-") if p]


def content_terms(text: str) -> list[str]:
    """Stems of the words that carry meaning: function words dropped, numbers kept."""
    return [stem(p) for w in words(text) for p in _parts(w) if p not in STOPWORDS]


def numbers(text: str) -> set[str]:
    """Numbers in canonical form: '2,500' -> '2500', 'nine hundred' -> '900'."""
    text = normalize(text)
    found = {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}
    for m in _NUMBER_WORD_RUN.finditer(text):
        value = _words_to_number(re.split(r"[\s-]+", m.group(0).lower()))
        if value is not None and value > 1:  # "one of" is rarely a figure
            found.add(str(value))
    return found


def _words_to_number(tokens: list[str]) -> int | None:
    total, current = 0, 0
    for token in tokens:
        value = _NUMBER_WORDS.get(token)
        if value is None:
            return None
        if value in (100, 1000):
            current = max(current, 1) * value
            if value == 1000:
                total, current = total + current, 0
        else:
            current += value
    return total + current


def names(text: str) -> set[str]:
    """Stems of capitalised words that do not merely open a sentence, and are not months: the
    proper names a claim or a line rests on. Of a hyphenated word only capitalised parts count."""
    return _capitalised(text, skip_opening=False)


def question_names(question: str) -> set[str]:
    """The names a question rests on. Its opening word is capitalised by position alone, and in a
    request it is often a verb or a preposition ("Summarise…", "Give me…", "Across…"), so it is
    never taken for a name; a name that opens a question is rare and still reaches the model."""
    return _capitalised(question, skip_opening=True)


# Titles and ranks that end in a full stop without ending a sentence ("Mr. Smith", "Gen. Ortiz").
_ABBREVIATIONS = "Mr Mrs Ms Dr Prof Sr Jr St Gen Lt Col Maj Capt Sgt Adm Gov Sen Rep Rev Hon Pres No Vol".split()
_TITLES = frozenset(a.lower() for a in _ABBREVIATIONS)
_ENDS_IN_ABBREVIATION = re.compile(r"(?<!\w)(?:" + "|".join(_ABBREVIATIONS) + r")\.$")


def _sentences(text: str) -> list[str]:
    pieces: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+", text):
        if pieces and _ENDS_IN_ABBREVIATION.search(pieces[-1]):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces


def _capitalised(text: str, skip_opening: bool) -> set[str]:
    found = set()
    for sentence in _sentences(fold_accents(normalize(text))):
        for i, token in enumerate(_WORD.findall(sentence)):
            if i == 0 and skip_opening:
                continue
            for part in _parts(token.strip(".'-")):
                part = re.sub(r"'s$", "", part)
                low = part.lower()
                if not part[:1].isupper() or low in MONTHS or low in STOPWORDS or low in _TITLES:
                    continue
                if i == 0 and low in SENTENCE_STARTERS:
                    continue
                found.add(stem(low))
    return found


def figures_with_units(text: str) -> dict[str, tuple[str, str]]:
    """Each counted figure, canonical, mapped to (the figure as written, the stem of the word it
    counts): "2,500 troops" -> {"2500": ("2,500", "troop")}. A date's day, month or year counts
    nothing ("27/10/2017", "January 12, 2017", "12 May"), nor does a figure followed by another."""
    out: dict[str, tuple[str, str]] = {}
    text = normalize(text)
    for date in reversed(dates_in(text)):
        text = text[: date.start] + " " + text[date.start + len(date.text) :]
    tokens = _WORD.findall(text)
    for i, token in enumerate(tokens):
        if token[:1].isdigit() and not YEAR.fullmatch(token):
            following = [t for t in tokens[i + 1 : i + 4] if t.lower() not in STOPWORDS and not t[:1].isupper()]
            if following and not following[0][:1].isdigit():
                out[token.replace(",", "")] = (token.rstrip(","), stem(following[0].lower()))
    return out


def years(text: str) -> set[str]:
    """The years a text names: "in 2021", "Q1 2023"."""
    return {m.group(0) for m in _NUMBER.finditer(normalize(text)) if YEAR.fullmatch(m.group(0))}  # "2,000" is a count


# A sentence that opens on one of these states the other side of the sentence before it ("The
# council wants the bridge rebuilt. But residents prefer a ferry."). "Still", "however" and the
# like only with their comma: "Still images showed…", "However long the talks take…" are no
# contrast. Nor is "Yet another…" or "Still more…"; "But more than 300…" is.
_CONTRAST_OPENING = re.compile(
    r"""^[\s"'“‘]*(?:"""
    r"""but\b|yet\b(?!\s+(?:another|again|more|less|to\s+come)\b)"""
    r"""|(?:however|still|nevertheless|nonetheless|even\s+so|on\s+the\s+other\s+hand|by\s+contrast|in\s+contrast|instead|that\s+said|conversely),"""
    r"""|(?:nevertheless|nonetheless|by\s+contrast|in\s+contrast|conversely)\b"""
    r""")""",
    re.I,
)
# "The mayor, however, refused.": the contrast a few words in.
_CONTRAST_INSIDE = re.compile(r"^[\s\"'“‘]*[\w'’-]+(?:\s+[\w'’-]+){0,3},\s+however,", re.I)


def opens_with_contrast(sentence: str) -> bool:
    """Whether a sentence opens by setting itself against the one before it ("But…", "However,…")."""
    plain = normalize(sentence)
    return bool(_CONTRAST_OPENING.match(plain) or _CONTRAST_INSIDE.match(plain))


# Reporting verbs, lower case: "States" in "United States" reports nothing.
_REPORTS_SPEECH = re.compile(
    r"\b(?:said|says|say|saying|told|tells|added|adds|stated|warned|warns|wrote|writes|declared|insisted|argued"
    r"|asked|explained|replied|reads|according\s+to)\b"
)
_QUOTED = re.compile(r'"[^"]*"')
# Who a quotation's own attribution names, when it names no one new: "he said", "she added".
_PRONOUN_SPEAKER = re.compile(r"\b(?:he|she|they|we|i)\b", re.I)


# "The report reads: "…"", "The statement, issued on Monday, read in part: "…"": a sentence that
# quotes what the line before it introduced as its subject ("A report from the Courier said…"),
# naming it again as "the" one.
_QUOTES_IT_AGAIN = re.compile(
    r'^(?:the|that|this)\s+([a-z]+)(?:\s*,[^,"]{1,60},)?\s+(?:[a-z]+ly\s+|also\s+)?'
    r'(?:reads|read|says|said|states|stated|adds|added|continues|continued)(?:\s+in\s+part)?\s*[:,]\s*"'
)
# A line's subject when it opens on an indefinite noun phrase, up to its head noun: the word
# before a preposition, a verb of report or a comma ("A report from the Courier said…", "An
# internal audit report said…", "A 40-page report, published…").
_INDEFINITE_SUBJECT = re.compile(
    r"^an?\s+((?:[\w-]+\s+){0,3}?[\w-]+)(?=\s+(?:by|from|of|in|on|at|for|with|about|to|that|who|which|released|published|"
    r"issued|seen|obtained|found|shows|showed|reads|read|says|said|states|stated|adds|added|warned|warns)\b|\s*[,;:])"
)


def continues_quote(line: str, after: str) -> bool:
    """Whether `after`, the sentence following `line`, goes on with the words `line` reports: it
    opens on a quotation mark straight after a sentence that says what someone said ("A spokesman
    for the mayor said the closure was "a disgrace". / "It will cost the town dearly…"). News
    stories break a long quote over paragraphs this way, leaving the quote open or closing it on
    "…," the spokesman said / he said. Not when its attribution names a speaker `line` does not
    ("…," said Sam Reed / a local engineer said): that is someone else's quote; nor a closed quote
    with no attribution ("Tula Nights" won three awards): a title, or a pull quote. Nor when `line`
    is itself a quotation: the reader has the speaker's words already, and the next quote says
    more, not the rest. A sentence that names again what `line` introduced and quotes it ("A
    report from the Courier said… / The report reads: "…"") goes on with it too."""
    opened, reported = normalize(after).lstrip(), normalize(line).lstrip()
    if reported.startswith('"') or not _REPORTS_SPEECH.search(_QUOTED.sub(" ", reported)):
        return False
    if again := _QUOTES_IT_AGAIN.match(opened.lower()):
        # The same noun heads the line's subject: "A report… said" / "The report reads:". Not a
        # noun further in ("Ada Bello, a deputy mayor, said…" / "The mayor said:").
        subject = _INDEFINITE_SUBJECT.match(reported.lower())
        return subject is not None and subject.group(1).split()[-1] == again.group(1)
    if not opened.startswith('"'):
        return False
    closing = opened.find('"', 1)
    if closing < 0:
        return True  # the quote runs on to the paragraph's end
    attribution = opened[closing + 1 :].split('"', 1)[0]
    verb = _REPORTS_SPEECH.search(attribution)
    if not verb:
        return False
    # The speaker sits by the verb: "…," said Sam Reed, who runs a shop by the bridge.
    attribution = attribution[: verb.end()] + attribution[verb.end() :].split(",", 1)[0]
    speaker = set(content_terms(_REPORTS_SPEECH.sub(" ", attribution)))
    return bool(_PRONOUN_SPEAKER.search(attribution) and not names(attribution)) or bool(speaker & set(content_terms(reported)))
