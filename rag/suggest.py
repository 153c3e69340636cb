"""Example questions drawn from the corpus itself: its newest article, the names and figures it reports, its outlets.

Each example is a question the pipeline has a route for, so a new user's first click gets an
answer: the newest article and "which articles mention X" are answered from the collection, a
summary of an outlet's report from its lead, and "what do the articles say about X" from the lines
that name X. Nothing here knows any corpus: names are runs of capitalised words found in more than
one sentence, figures are numbers followed by what they count.
"""

from __future__ import annotations

import re
from collections import Counter

from .chunking import article_sentences
from .text import MONTHS, SENTENCE_STARTERS
from .types import Article

MAX_EXAMPLES = 6
# "Maria Lopez", "Jean de Lacroix", "Lakeside Wire": two to four capitalised words (a lower-case
# particle such as "de" or "al-" may sit inside); capitals of any script ("Émile Durand").
_CAPITALISED = r"[^\W\d_a-z][\w’'-]+"
_NAME = re.compile(rf"(?<!\w){_CAPITALISED}(?:\s+(?:(?:al|de|van|von|bin|da)[-\s])?{_CAPITALISED}){{1,3}}")
# "4,000 workers", "340 containers", "a 12% pay rise": a figure and the noun after it; not a day
# of a month ("March 5 after…") nor a score ("3-1 against").
_FIGURE = re.compile(r"(?<![\w-])(\d[\d,.]*%?)\s+((?:[A-Z][\w-]*\s+)?[a-z][a-z-]{2,})\b")
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def example_questions(articles: dict[str, Article], limit: int = MAX_EXAMPLES) -> list[str]:
    """Up to `limit` questions about this corpus, most useful first; none for an empty corpus."""
    if not articles:
        return []
    sentences = [article.text[s:e] for article in articles.values() for s, e in article_sentences(article)]
    examples = []
    if any(a.date for a in articles.values()):
        examples.append("Which is the most recent article?")
    names = _frequent_names(sentences, articles)
    if names:
        examples.append(f"Which articles mention {names[0]}?")
    outlets = Counter(a.source for a in articles.values() if a.source)
    if outlets:
        outlet = re.sub(r"^the\s+", "", outlets.most_common(1)[0][0], flags=re.I)  # not "the The Guardian"
        examples.append(f"Summarise the {outlet} report.")
    examples += [f"What do the articles say about {name}?" for name in names[1:3]]
    if figure := _figure(sentences):
        examples.append(f"What do the articles say about the {figure}?")
    return list(dict.fromkeys(examples))[:limit]


def _frequent_names(sentences: list[str], articles: dict[str, Article]) -> list[str]:
    """Names in more than one sentence, most frequent first; outlets and headline words aside."""
    outlets = {a.source for a in articles.values() if a.source}
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for match in dict.fromkeys(_NAME.findall(sentence)):  # in order: ties go to the first named
            words = match.split()
            while words and (words[0].lower() in SENTENCE_STARTERS or words[0].lower() in MONTHS | _WEEKDAYS):
                words = words[1:]  # "The City Council" -> "City Council", "On Monday Acme" -> "Acme"
            words = [re.sub(r"['’]s$", "", w) for w in words]  # "Maria Lopez's" -> "Maria Lopez"
            if len(words) >= 2 and " ".join(words) not in outlets and not any(w.isupper() and len(w) > 4 for w in words):
                counts[" ".join(words)] += 1
    return [name for name, n in counts.most_common() if n > 1]


def _figure(sentences: list[str]) -> str | None:
    for sentence in sentences:
        for m in _FIGURE.finditer(sentence):
            number = m.group(1).rstrip(".,")
            before = sentence[: m.start()].split()[-1:] or [""]
            if re.fullmatch(r"(19|20)\d\d", number) or before[0].lower().strip(".,") in MONTHS:
                continue  # a year or a day of a month is a date, not a count
            return f"{number} {m.group(2)}"
    return None
