"""Questions about the collection itself, answered from each article's metadata and exact text."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from .attribution import TITLE_WORDS, Attribution, attributions, same_source, speakers, surname
from .chunking import article_sentences
from .shape import collection_route, credit_asked, people_described, source_asked
from .types import Answer, Article, Citation

# A long corpus answers "which articles mention X?" with the first few and a count of the rest.
MAX_LISTED = 10
# "Who wrote the story on…": the best match, else the next of these that carries a byline.
CREDIT_CANDIDATES = 3
# What one source is credited with: a few sentences, quoted whole.
MAX_QUOTED = 3
_FIGURE = re.compile(r"\b(figures?|numbers?|statistics?|tally|toll)\b", re.I)
# Capitalised words in a run ("Jane Ortiz", "UN"): what the articles are asked to mention.
_NAME_RUN = re.compile(r"(?:\b[\w'’-]*[A-Z][\w'’-]*)(?:\s+[\w'’-]*[A-Z][\w'’-]*)*")
_QUESTION_WORDS = frozenset("which what who whom whose when where why how do does did is are was were has have the a an and of in".split())
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|$)")
# A wire credit line: "(Reporting by Jane Doe in Nairobi; additional reporting by Al Roe, Editing by Sam Poe)".
_ROLE = r"[A-Za-z]+(?: [a-z]+)? by "
_CREDIT_LINE = re.compile(rf"^[ \t]*\(({_ROLE}[^()\n]+)\)[ \t]*$", re.M)
_CREDIT_PART = re.compile(rf"(?P<role>{_ROLE})(?P<who>.+?)(?=[;,]\s*{_ROLE}|[;]|$)")
# Names in a credit split at "," and "and"; each ends before "in <Place>".
_NAME_SPLIT = re.compile(r",\s*|\s+and\s+")
_WHERE = re.compile(r"\s+in\s+[A-Z].*$")


def collection_answer(question: str, articles: dict[str, Article], rank: Callable[[str], Sequence[str]] | None = None) -> Answer | None:
    """The answer from metadata and the text's own structure when the question asks which articles
    are newest or oldest, carry a byline, mention a name, which outlets they credit, what they
    credit to one, or who wrote or edited the story it describes (`rank`: the articles a question
    is about, best first, none when no passage is); None when it asks what they report (the
    pipeline answers that)."""
    route = collection_route(question)
    listed = sorted(articles.values(), key=lambda a: (a.date or "", a.doc_id))
    if route is None or not listed:
        return None
    if route == "credit":
        verb, noun = credit_asked(question)
        if noun == "report" and not articles_named(question, articles):
            return None  # "Who wrote the council's report?": a report the news covers, not a news report
        matching = [articles[d] for d in dict.fromkeys(rank(question) if rank else ()) if d in articles]
        if not matching:
            return _answer(question, [], f"None of the {len(listed)} articles is the story the question describes.", refused=True)
        return _credit_answer(question, matching[:CREDIT_CANDIDATES], edited=verb == "edited")
    if route in ("newest", "oldest"):
        dated = [a for a in listed if a.date]
        if not dated:
            return _answer(question, [], f"None of the {len(listed)} articles gives its date.", refused=True)
        day = dated[-1].date if route == "newest" else dated[0].date
        same_day = [a for a in dated if a.date == day]
        which = "most recent" if route == "newest" else "earliest"
        if len(same_day) == 1:
            return _answer(question, [(same_day[0], _title_span(same_day[0]))], f"The {which} article is {{0}}.")
        names = ", ".join(f"{{{i}}}" for i in range(min(len(same_day), MAX_LISTED)))
        titled = [(a, _title_span(a)) for a in same_day[:MAX_LISTED]]
        return _answer(question, titled, f"{len(same_day)} articles share the {which} date: {names}{_more(same_day)}.")
    if route == "byline":
        people = [(a, credited) for a in listed if (credited := credits(a))]
        if not people:
            return _answer(question, [], f"None of the {len(listed)} articles carries a byline.", refused=True)
        # Each article is cited where its text first gives a credited name, the marker after the names it supports.
        signed = [(a, next((span for _, span in credited if span), _title_span(a))) for a, credited in people]
        parts = [
            f"{_literal(describe(a))} is by {_literal(_joined([n for n, _ in credited]))} [{i}]"
            for i, (a, credited) in enumerate(people[:MAX_LISTED], 1)
        ]
        answer = _answer(
            question, [], f"{len(signed)} of the {len(listed)} articles carry a byline: " + "; ".join(parts) + f"{_more(signed)}."
        )
        answer.citations = [_citation(a, span, marker) for marker, (a, span) in enumerate(signed[:MAX_LISTED], 1)]
        return answer
    if route == "sources":
        return _sources_answer(question, listed)
    if route == "attributed":
        return _attributed_answer(question, listed, source_asked(question))
    if route == "quoted":
        return _quoted_answer(question, listed, people_described(question))
    wanted = _names(question)
    if not wanted:
        return None  # "Which articles quote the study's authors?": what they say, left to the pipeline
    # An article mentions the names when its text does; the sentence cited (with the figure, when
    # one is asked for) is one that names the rarest of them, the one that says what it is about:
    # "a figure for French troops in Niger" is "1,500 soldiers in Niger" in an article on France.
    rarest = min(wanted, key=lambda name: sum(_mentions(a.text, name, a.text) for a in listed))
    found = []
    for article in listed:
        if not all(_mentions(article.text, name, article.text) for name in wanted):  # headline included
            continue
        span = _sentence_naming(article, [rarest], needs_figure=bool(_FIGURE.search(question)))
        if span is None and not _FIGURE.search(question) and _mentions(article.title, rarest, article.text):
            span = _title_span(article)  # named in the headline alone
        if span:
            found.append((article, span))
    what = _literal(" and ".join(wanted))
    if not found:
        return _answer(question, [], f"None of the {len(listed)} articles mentions {what}.", refused=True)
    listing = ", ".join(f"{{{i}}}" for i in range(min(len(found), MAX_LISTED)))
    verb = "mentions" if len(found) == 1 else "mention"
    return _answer(question, found[:MAX_LISTED], f"{len(found)} of the {len(listed)} articles {verb} {what}: {listing}{_more(found)}.")


def _credit_answer(question: str, matching: list[Article], edited: bool) -> Answer:
    """Who wrote (or edited) the story that best matches the question: its byline and credit line.
    When that story credits no one, the answer says so, and names the next match that does (news
    often runs one story in several outlets), saying that it is the next match."""
    what = "an editing credit" if edited else "a byline"
    verb = "was edited by" if edited else "is by"
    for rank, article in enumerate(matching):
        credited = credits(article, edited)
        if not credited:
            continue
        # Each name is cited where the byline or credit line gives it: that is the evidence, and its
        # source panel names the article.
        given = [(name, span) for name, span in credited if span is not None]
        markers = {name: marker for marker, (name, _) in enumerate(given, 1)}
        # (a byline from the article's metadata that its text does not give is named, not cited)
        names = [
            f"{_literal(name)} [{markers[name]}]" if name in markers else f"{_literal(name)} (from the article's details)"
            for name, _ in credited
        ]
        story = _literal(describe(article))
        lead = (
            ""
            if rank == 0
            else f"The article that best matches the question, {_literal(describe(matching[0]))}, does not carry {what}; the next match, "
        )
        answer = _answer(question, [], f"{lead}{story}{',' if lead else ''} {verb} {_joined(names)}.")
        answer.citations = [_citation(article, span, markers[name]) for name, span in given if span is not None]
        return answer
    return _answer(
        question, [], f"The article that best matches the question, {_literal(describe(matching[0]))}, does not carry {what}.", refused=True
    )


def _sources_answer(question: str, listed: list[Article]) -> Answer:
    """The outlets the articles credit ("…, the Daily Post reported", "told Lakeside Wire"), each
    cited where it is first credited, oldest article first."""
    first: dict[str, tuple[Article, Attribution]] = {}
    for article in listed:
        for credit in attributions(article):
            if not any(same_source(credit.source, known) for known in first):
                first[credit.source] = (article, credit)
    if not first:
        return _answer(question, [], f"None of the {len(listed)} articles credits a news outlet for what it reports.", refused=True)
    shown = list(first.items())[:MAX_LISTED]
    answer = _answer(question, [], f"The articles credit {len(first)} news {'source' if len(first) == 1 else 'sources'}: ")
    answer.text += _joined([f"{name} [{marker}]" for marker, (name, _) in enumerate(shown, 1)]) + _more(list(first)) + "."
    answer.citations = [_citation(article, (credit.start, credit.end), marker) for marker, (_, (article, credit)) in enumerate(shown, 1)]
    return answer


def _quoted_answer(question: str, listed: list[Article], described: Sequence[str] = ()) -> Answer | None:
    """The people the articles quote by name ("Jane Ortiz, the mayor, said…"), each cited at the
    first sentence that quotes them, oldest article first. A surname alone ("Ortiz said") is the
    person whose full name ends in it; one no full name ends in ("Eastport says") is no one.
    `described` ("Westland" of "Which Westland officials…"): only those the articles describe so,
    None when they describe no one so (the pipeline reads what they say)."""
    said = [
        (article, span, who)
        for article in listed
        for span in article_sentences(article)
        for who in speakers(article.text[span[0] : span[1]])
    ]
    full = list(dict.fromkeys(who for _, _, who in said if len(who.split()) >= 2))

    def person(who: str) -> str | None:
        if len(who.split()) >= 2:
            return who
        return next((name for name in full if surname(name) == surname(who)), None)

    first: dict[str, tuple[Article, tuple[int, int]]] = {}
    for article, span, who in said:
        if (name := person(who)) and name not in first:
            first[name] = (article, span)
    if not first:
        return _answer(question, [], f"None of the {len(listed)} articles quotes anyone by name.", refused=True)
    everyone = len(first)
    if described:
        first = {name: at for name, at in first.items() if any(_described_as(phrase, name, listed) for phrase in described)}
        if not first:
            return None
    people = "person" if len(first) == 1 else "people"
    as_what = f" described as {_literal(' or '.join(described))}" if described else ""
    opening = f"The articles quote {len(first)} {people}{as_what} by name: "
    if everyone > len(first):  # the articles may not describe everyone they quote: the others are counted, not hidden
        opening = f"Of the {everyone} people the articles quote by name, {len(first)} {'is' if len(first) == 1 else 'are'}{as_what}: "
    shown = list(first.items())[:MAX_LISTED]
    answer = _answer(question, [], opening)
    answer.text += _joined([f"{name} [{marker}]" for marker, (name, _) in enumerate(shown, 1)]) + _more(list(first)) + "."
    answer.citations = [_citation(article, span, marker) for marker, (_, (article, span)) in enumerate(shown, 1)]
    return answer


# Demonym endings: "Westlandish" is of Westland, "Kenyan" of Kenya, "Omani" of Oman, "Chinese" of China.
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "n")
# English demonyms no ending gives back their country by.
_IRREGULAR_DEMONYMS = {
    "american": ("us", "u.s", "u.s.", "america"),
    "british": ("britain", "uk", "u.k", "u.k."),
    "french": ("france",),
    "dutch": ("netherlands", "holland"),
    "swiss": ("switzerland",),
    "spanish": ("spain",),
    "greek": ("greece",),
    "turkish": ("turkey", "türkiye"),
    "swedish": ("sweden",),
    "polish": ("poland",),
    "irish": ("ireland",),
    "danish": ("denmark",),
    "norwegian": ("norway",),
    "belgian": ("belgium",),
    "portuguese": ("portugal",),
    "lebanese": ("lebanon",),
    "congolese": ("congo",),
    "filipino": ("philippines", "philippine"),
    "thai": ("thailand",),
    "afghan": ("afghanistan",),
    "argentine": ("argentina",),
    "welsh": ("wales",),
    "scottish": ("scotland",),
    "emirati": ("uae", "emirates"),
    "nigerian": ("nigeria",),
    "german": ("germany",),
    "finnish": ("finland",),
    "somali": ("somalia",),
}
# How far around a name its description reaches: "former Westland Prime Minister Ada Bello", or
# "Sam Reed, Eastland's trade envoy, said" (not "…, Eastland's envoy to Westland, said").
_TITLE_WORDS_BEFORE = 5
# A word that ends a sentence, not an abbreviation ("U.S.", "Gen.", "St.").
_SENTENCE_END_WORD = re.compile(r"(?:[a-z]{3,}|\d|\b[A-Z]{2,})[.!?][”\"’]?$")
# Not a relative clause ("Sam Reed, who visited Westland, said").
_APPOSITIVE = re.compile(
    r"^,(?!\s*(?:who|which|whose|whom)\b)\s*([^,.;:“”\"]{1,80}?)(?:\s+(?:to|with|visiting|against|about|toward|towards|on|at|for|from)\b[^,.;:]*)?[,.;:]"
)


def _forms(word: str) -> set[str]:
    """The word and the country it names: "Omani" -> {"omani", "oman"}, "French" -> {"french", "france"}."""
    w = word.lower()
    if w in _IRREGULAR_DEMONYMS:
        return {w, *_IRREGULAR_DEMONYMS[w]}
    return {w} | {w[: -len(ending)] for ending in _DEMONYM_ENDINGS if w.endswith(ending) and len(w) - len(ending) >= 4}


def _described_as(phrase: str, name: str, listed: list[Article]) -> bool:
    """Whether the articles describe a person by this phrase: where they name them, it stands in
    their title before the name ("former Westland Prime Minister Ada Bello", "Westland's foreign
    minister, Ada Bello,") or in the appositive after it ("Ada Bello, Westland's envoy,"), its last
    word itself or as its country ("Omani": "Oman's envoy"; "South Westland" as a whole)."""
    *lead, last = phrase.lower().split()
    forms = _forms(last)

    def plain(w: str) -> str:
        return re.sub(r"['’]s$", "", w.strip(".,;:()“”\"'’").lower())

    def fits(words: list[str]) -> bool:
        words = [plain(w) for w in words]
        for i, w in enumerate(words):
            grown = any(w == f or (f != last and w.startswith(f) and len(w) <= len(f) + 1) for f in forms)
            if grown and words[max(0, i - len(lead)) : i] == lead:
                return True
        return False

    for article in listed:
        for m in re.finditer(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", article.text):
            pieces = re.split(r"[,;:“”\"\n]", article.text[max(0, m.start() - 120) : m.start()])
            if not pieces[-1].strip() and len(pieces) > 1:  # "Westland's foreign minister, Ada Bello,"
                pieces = pieces[:-1]
            after = _APPOSITIVE.match(article.text[m.end() : m.end() + 100])
            if fits(_title_before(pieces[-1].split())) or (after and fits(after.group(1).split())):
                return True
    return False


# Words a title runs on through ("Westland's national security adviser"), not a verb or a link
# ("Westland welcomed Sam Reed", "talks with Westland and Sam Reed").
_NOT_IN_TITLES = frozenset("a an the and or but with to for by at in on from that who which after before as than said says told".split())


def _title_before(words: list[str]) -> list[str]:
    """The title a name follows, as written ("former Westland Prime Minister"): it must end in a
    title word, and runs back over capitalised words, possessives and other modifiers to a verb,
    a link word or a sentence's end; nothing when the name follows no title."""
    if not words or words[-1].lower().strip(".,") not in TITLE_WORDS and words[-1].lower() not in TITLE_WORDS:
        return []
    title: list[str] = []
    for word in reversed(words[-_TITLE_WORDS_BEFORE:]):
        low = word.lower()
        if _SENTENCE_END_WORD.search(word) or low in _NOT_IN_TITLES or (word.islower() and low.endswith("ed") and low not in TITLE_WORDS):
            break
        title.insert(0, word)
    return title


def _attributed_answer(question: str, listed: list[Article], source: str) -> Answer | None:
    """The sentences that credit one source ("…, KTV reported", "according to KTV"), quoted and
    cited; None when the articles name it but never credit it (what they say of it is the
    pipeline's to answer)."""
    credited = [(a, c) for a in listed for c in attributions(a, press_only=False) if same_source(c.source, source)]
    if not credited:
        return None
    sentences = list({(a.doc_id, c.start): (a, c) for a, c in credited}.values())
    shown = sentences[:MAX_QUOTED]
    quotes = [f"“{a.text[c.start : c.end].strip()}” [{marker}]" for marker, (a, c) in enumerate(shown, 1)]
    count = len(sentences)
    answer = _answer(question, [], f"The articles credit {_literal(source)} with {'this' if count == 1 else f'{count} reports'}: ")
    more = f"; and {count - len(shown)} more" if count > len(shown) else ""
    # A quotation that ends its sentence inside the closing mark ends the answer: “…reported.” [1]
    last = "" if more else shown[-1][0].text[shown[-1][1].start : shown[-1][1].end].strip()
    answer.text += "; ".join(quotes) + more + ("" if last.endswith((".", "!", "?")) else ".")
    answer.citations = [_citation(a, (c.start, c.end), marker) for marker, (a, c) in enumerate(shown, 1)]
    return answer


def credits(article: Article, edited: bool = False) -> list[tuple[str, tuple[int, int] | None]]:
    """The people an article credits, each with where its text names them: for writing, its byline
    and "Reporting by"/"Writing by" in a credit line; for editing, "Editing by". A byline that
    names the outlet ("By Daily Post Staff") credits the outlet, not a person."""
    found: dict[str, tuple[int, int]] = {}
    for line in _CREDIT_LINE.finditer(article.text):
        for part in _CREDIT_PART.finditer(line.group(1)):
            role = part.group("role").lower()
            if not (("edit" in role) if edited else ("report" in role or "writ" in role)):
                continue
            at = line.start(1) + part.start("who")
            for piece in _NAME_SPLIT.split(part.group("who")):
                name = _WHERE.sub("", piece).strip()
                start = article.text.find(name, at) if name else -1
                if start >= 0:
                    found.setdefault(name, (start, start + len(name)))
                    at = start + len(name)
    byline = [] if edited else [n.strip() for n in (article.author or "").split(",") if n.strip()]
    # A byline name is cited where the text first gives it (the byline heads the story), else at its credit line.
    people: list[tuple[str, tuple[int, int] | None]] = [(n, _given(article, n) or found.get(n)) for n in byline]
    people += [(n, span) for n, span in found.items() if n not in byline]
    outlet = re.sub(r"^the\s+", "", article.source or "", flags=re.I)
    return [(n, span) for n, span in people if not (outlet and re.search(rf"(?<!\w){re.escape(outlet)}(?!\w)", n))]


def _given(article: Article, name: str) -> tuple[int, int] | None:
    """Where the article's text first gives a name, or None when only its metadata does."""
    at = article.text.find(name)
    return (at, at + len(name)) if at >= 0 else None


def _literal(text: str) -> str:
    """Text placed in an answer template as it is (a title or a name may hold braces)."""
    return text.replace("{", "{{").replace("}", "}}")


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _more(items: Sequence[object]) -> str:
    return f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else ""


def articles_named(question: str, articles: dict[str, Article]) -> set[str] | None:
    """The articles a question names by outlet ("the Daily Post report": the outlet's full name, with
    or without "The") or by byline ("DeCamp's piece", "the story by Ann Jordan"), or None when it
    names none (every article may answer)."""
    named = set()
    for article in articles.values():
        if _outlet_in(question, article):
            named.add(article.doc_id)
        for author in re.split(r",|\band\b", article.author or ""):
            last = author.split()[-1] if author.split() else ""
            if last and re.search(
                rf"\bby\s+(?:{re.escape(author.strip())}|{re.escape(last)})\b|\b{re.escape(last)}['’]s\s+(?:article|story|piece|report|column)",
                question,
            ):
                named.add(article.doc_id)
    return named or None


def outlets_named(question: str, articles: dict[str, Article]) -> list[str]:
    """The outlets of the collection's own articles that a question names ("What has the Daily Post
    reported…"), as their articles give them."""
    return list(dict.fromkeys(a.source for a in articles.values() if a.source and _outlet_in(question, a)))


def _outlet_in(question: str, article: Article) -> bool:
    outlet = re.sub(r"^the\s+", "", article.source or "", flags=re.I)
    # "the Daily Post-Gazette" is another paper.
    return bool(outlet) and bool(re.search(rf"(?<![\w-]){re.escape(outlet)}(?![\w-])", question))


def _names(question: str) -> list[str]:
    runs = []
    for run in _NAME_RUN.findall(question):
        words = run.split()
        while words and words[0].lower() in _QUESTION_WORDS:
            words = words[1:]
        if words:
            runs.append(re.sub(r"['’]s$", "", " ".join(words)).strip("'’"))
    return runs


def _sentence_naming(article: Article, wanted: list[str], needs_figure: bool) -> tuple[int, int] | None:
    """The first sentence of the article's body that names every wanted name (and a figure, when asked)."""
    for seg_start, seg_end in article.segments:
        for m in _SENTENCE.finditer(article.text, seg_start, seg_end):
            sentence = m.group()
            if not sentence.strip():
                continue
            if all(_mentions(sentence, name, article.text) for name in wanted) and (not needs_figure or re.search(r"\d", sentence)):
                start = m.start() + len(sentence) - len(sentence.lstrip())
                return start, m.start() + len(sentence.rstrip())
    return None


def _mentions(sentence: str, name: str, article_text: str) -> bool:
    """Whole-word containment; an all-capitals name ("US") by its exact case. A sentence may name a
    person by the last word ("Ortiz") when the article gives the full name somewhere."""
    flags = 0 if name.isupper() else re.I

    def has(text: str, phrase: str) -> bool:
        return bool(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, flags))

    if has(sentence, name):
        return True
    return " " in name and has(sentence, name.split()[-1]) and has(article_text, name)


def _title_span(article: Article) -> tuple[int, int]:
    at = article.text.find(article.title) if article.title else -1
    if at >= 0:
        return at, at + len(article.title)
    start, end = article.segments[0] if article.segments else (0, len(article.text))
    first = _SENTENCE.match(article.text, start, end)
    return start, (first.end() if first else end)


def describe(article: Article) -> str:
    """“Title” (Outlet, 13 March 2024): how an article is named in an answer."""
    label = ", ".join(x for x in (article.source, _readable(article.date)) if x)
    return f"“{article.title}”" + (f" ({label})" if label else "")


def _readable(iso: str | None) -> str:
    try:
        day = date.fromisoformat(iso or "")
    except ValueError:
        return iso or ""
    return f"{day.day} {day:%B %Y}"


def _citation(article: Article, span: tuple[int, int], marker: int) -> Citation:
    start, end = span
    return Citation(article.doc_id, start, end, article.text[start:end], article.title, article.source, article.date, marker, ())


def _answer(question: str, cited: list[tuple[Article, tuple[int, int]]], template: str, refused: bool = False) -> Answer:
    citations = []
    names = []
    for marker, (article, span) in enumerate(cited, 1):
        citations.append(_citation(article, span, marker))
        names.append(f"{describe(article)} [{marker}]")
    text = template.format(*names)
    return Answer(text, refused, citations, question, mode="collection" if not refused else "refused")
