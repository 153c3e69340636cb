"""Small text tools shared by retrieval and verification: tokens, stems, numbers, names."""

from __future__ import annotations

import re
import unicodedata

STOPWORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as into onto about over under than then there here
    is are was were be been being am do does did doing have has had having will would shall should can could may
    might must not no nor so too very just only also both each few more most other some such own same any all
    this that these those it its itself they them their theirs he him his she her hers we us our you your i me my
    what which who whom whose when where why how whether while during before after above below up down out off
    again further once s t don now through said says say told tell according reported report reports one ones
    many much number amount currently current per there's it's what's
    """.split()
)

# Spellings of the same name, mapped to one canonical token.
ALIASES = {
    "u.s": "us", "u.s.": "us", "usa": "us", "america": "us", "american": "us", "americans": "us",
    "washington": "us", "united": "us", "states": "us",
    "isis": "isis", "isil": "isis", "daesh": "isis",
    "iraqi": "iraq", "iraqis": "iraq", "syrian": "syria", "iranian": "iran", "tehran": "iran",
    "soldiers": "troops", "soldier": "troops", "troop": "troops", "forces": "troops", "personnel": "troops",
    "shiite": "shia", "shi'ite": "shia", "shi’ite": "shia", "shia": "shia",
    "pentagon": "pentagon",
}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "thousand": 1000,
}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*[A-Za-z]|[A-Za-z]|\d[\d,]*(?:\.\d+)?")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?![\d])|(?<![\w.,])\d+(?:\.\d+)?(?![\d])")
_NUMBER_WORD_RUN = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")(?:[\s-]+(" + "|".join(_NUMBER_WORDS) + r"))*\b", re.I)
MONTHS = frozenset("january february march april may june july august september october november december".split())


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")


def words(text: str) -> list[str]:
    return [w.strip(".'-").lower() for w in _WORD.findall(normalize(text)) if w.strip(".'-")]


def stem(word: str) -> str:
    """A deliberately crude suffix stripper: enough to match 'withdrawal'/'withdraw', 'talks'/'talk'."""
    word = ALIASES.get(word, word)
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "als", "al", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    # "vote"/"voted" and "invade"/"invaded" meet at "vot" and "invad".
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_terms(text: str) -> list[str]:
    """Stemmed, alias-folded words that carry meaning (stopwords dropped, numbers kept)."""
    terms = []
    for w in words(text):
        if w in STOPWORDS and w not in ALIASES:
            continue
        folded = ALIASES.get(w, w)
        if folded in STOPWORDS:
            continue
        terms.append(stem(folded))
    return terms


def numbers(text: str) -> set[str]:
    """Numbers in canonical form: '2,500' -> '2500', 'nine hundred' -> '900', 'a third' stays out."""
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


# Capitalised only because they open a sentence or a question.
SENTENCE_STARTERS = frozenset(
    """through according approximately around roughly nearly over under since during after before in on at for from
    by with does did do is are was were can could would will should has have had which what who whom whose when where
    why how whether there here this that these those it its they some several many most more less about yes no""".split()
)


def names(text: str) -> set[str]:
    """Capitalised words that are not sentence-initial or months: the proper names a claim rests on."""
    found = set()
    for sentence in re.split(r"(?<=[.!?])\s+", normalize(text)):
        tokens = _WORD.findall(sentence)
        for i, token in enumerate(tokens):
            clean = token.strip(".'-")
            if not clean or not any(part[:1].isupper() for part in clean.split("-")) or clean.lower() in MONTHS:
                continue
            low = clean.lower()
            if i == 0 and (low in STOPWORDS or low in SENTENCE_STARTERS):
                continue
            if low in STOPWORDS and low not in ALIASES:
                continue
            found.add(stem(ALIASES.get(low, low)))
    return found


def term_in(term: str, haystack: set[str]) -> bool:
    """A term matches a stemmed token, or a longer or shorter form of it (Sudani / al-Sudani)."""
    if term in haystack:
        return True
    return any(len(term) >= 4 and len(t) >= 4 and (t.startswith(term) or term.startswith(t) or t.endswith("-" + term)) for t in haystack)


def name_phrases(text: str) -> list[list[str]]:
    """Runs of two or more capitalised words ("Secretary of State"), as folded terms."""
    phrases: list[list[str]] = []
    for sentence in re.split(r"(?<=[.!?])\s+", normalize(text)):
        run: list[str] = []
        tokens = _WORD.findall(sentence)
        for i, token in enumerate(tokens + [""]):
            clean = token.strip(".'-")
            capital = bool(clean) and clean[0].isupper() and not (i == 0 and clean.lower() in SENTENCE_STARTERS | STOPWORDS)
            if capital:
                run.append(stem(ALIASES.get(clean.lower(), clean.lower())))
            elif clean.lower() == "of" and run:
                continue
            else:
                if len(run) >= 2:
                    phrases.append(run)
                run = []
    return phrases


def figures_with_units(text: str) -> dict[str, str]:
    """Each figure mapped to the word after it: "2,500 US troops" -> {"2500": "troops"} (aliases folded)."""
    out: dict[str, str] = {}
    tokens = _WORD.findall(normalize(text))
    for i, token in enumerate(tokens):
        if token[:1].isdigit():
            following = [stem(ALIASES.get(t.lower(), t.lower())) for t in tokens[i + 1 : i + 4] if t.lower() not in STOPWORDS]
            if following:
                out[token.replace(",", "")] = following[0] if following[0] != "us" or len(following) == 1 else following[1]
    return out
