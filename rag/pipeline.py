"""question -> retrieve -> generate -> verify -> Answer, with refusal decided on the evidence."""

from __future__ import annotations

import functools
import itertools
import logging
import re
import threading
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

from .abbreviation import abbreviation_answer
from .arithmetic import Operation, derive
from .attribution import asks_for_words, people_quoted
from .collection import articles_named, collection_answer, outlets_named
from .compose import wants_sentence, with_hedge, write_sentence
from .conversation import plain, resolve
from .counting import counts_to_compare
from .dates import dates_in, fuller_dates, with_date
from .embed import Embedder, get_embedder
from .generate import (
    REFUSAL_TOKEN,
    Claim,
    answer_grammar,
    build_messages,
    generate,
    led_by,
    line_shares,
    model_favourite,
    parse_claims,
    span_grammar,
    support_messages,
    whole_words,
)
from .index import IndexMissingError, IndexUnusableError, LoadedIndex, build_index, index_store, load_index
from .llm import LanguageModel, Message, get_model
from .retrieve import Retriever, clear_favourite
from .settings import Settings
from .shape import REQUEST_TERMS, Shape, question_shape
from .text import content_terms, continues_quote, names, numbers, opens_with_contrast, years
from .timeline import timeline_reply
from .types import Answer, Citation, Evidence, Location
from .verify import (
    Thresholds,
    Verdict,
    asks_when,
    astray_reasons,
    claim_coverage,
    conflicting_figure,
    contains_phrase,
    evidence_reasons,
    ranking_reasons,
    sentence_reasons,
    unknown_names,
    verify,
    with_cut_word_finished,
    yes_or_no,
)

log = logging.getLogger(__name__)

REFUSAL_TEXT = "The articles don't say."
ONE_CAUSE_REASON = "the question asks for one cause: the first checked statement answers it"
EMPTY_CORPUS_TEXT = "There are no articles yet: add news pages or text files (the upload box, or `rag add PATH`), then ask."
# A statement that fails its own line moves to another line only if that line holds at least this
# share of its words, or as much as its own line did: "most of its words", as a reworded copy keeps.
MOVED_CLAIM_SHARE = 0.75
# Below this cosine between question and best chunk, nothing in the corpus is about the question.
MIN_RELEVANCE = 0.25
# A statement this long found word for word in a shown line was copied from it (a figure or a name
# alone may sit in many lines).
MIN_COPIED_WORDS = 4
# A fuller date replaces an answer's date when the model finds its line states it more likely than not
# (P(Yes) over Yes and No): the even point, not a fitted limit.
MIN_FULLER_DATE_SUPPORT = 0.5
# At most this many fuller dates are checked for one answer (each check costs a few dozen tokens).
MAX_FULLER_DATES = 3
# Two passages this similar that give different figures report the same thing differently.
SAME_TOPIC_COSINE = 0.6


@dataclass
class Token:
    """A piece of the model's reply as it streams (a draft: not yet verified)."""

    text: str


class Pipeline:
    """The loaded parts, shared by every question; one per settings."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        model: LanguageModel | None = None,
        loaded: LoadedIndex | None = None,
        thresholds: Thresholds | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embedder, settings.n_threads)
        self.loaded = loaded or load_index(settings, self.embedder.id)
        self.retriever = Retriever(self.loaded, self.embedder, settings.top_k_chunks)
        self._thresholds = thresholds
        self._model = model
        # Every word the corpus holds, its articles' headlines, outlets and bylines included.
        held = [c.text for c in self.loaded.chunks] + [
            f"{a.title} {a.source or ''} {a.author or ''}" for a in self.loaded.articles.values()
        ]
        self._names = {n for text in held for n in names(text)}
        self._vocabulary = {t for text in held for t in content_terms(text)} | self._names

    @functools.cached_property
    def _people(self) -> frozenset[str]:
        """The full names the articles quote: whose words a question may ask for."""
        return people_quoted(self.loaded.articles.values())

    def refreshed(self) -> Pipeline:
        """This pipeline, or one over the newer index when `rag add`/`rag remove` (or the page's
        upload) has replaced it since; the embedder and the model are shared, not loaded again.
        A question keeps the pipeline it started with, so it never sees half of an update."""
        build = index_store(self.settings).build_id()
        if build is None or build == self.loaded.manifest.get("build"):
            return self
        for attempt in range(3):  # a writer may replace the index again while we read it
            try:
                loaded = load_index(self.settings, self.embedder.id, check_corpus=False)
                break
            except IndexUnusableError:
                if attempt == 2:
                    log.warning("the index changed but could not be read: answering from the one loaded")
                    return self
                time.sleep(0.2)
        log.info("the index changed: now %d articles", len(loaded.articles))
        return Pipeline(self.settings, self.embedder, self._model, loaded, self._thresholds)

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds fitted to the model that answers (for a served model, the one it serves)."""
        if self._thresholds is None:
            self._thresholds = Thresholds.load(self.model.id)
        return self._thresholds

    @thresholds.setter
    def thresholds(self, value: Thresholds) -> None:
        """Calibration answers with every threshold open (rag.verify.PERMISSIVE) to record each signal."""
        self._thresholds = value

    @property
    def model(self) -> LanguageModel:
        if self._model is None:
            self._model = get_model(self.settings)
        return self._model

    def _articles_matching(self, question: str) -> list[str]:
        """The articles a question is about, best match first: those it names, else those with a
        passage about it."""
        named = articles_named(question, self.loaded.articles)
        found = [(self.loaded.chunks[c.index].doc_id, c.dense) for c in self.retriever.search(question, only=named)]
        # An article the question names is the story, however vaguely asked ("the Daily Post report");
        # any other must have a passage about the question of its own.
        return list(dict.fromkeys(doc for doc, dense in found if (doc in named if named else dense >= MIN_RELEVANCE)))

    def answer(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        result = None
        for event in self.stream(question, history):
            if isinstance(event, Answer):
                result = event
        if result is None:
            raise RuntimeError("the pipeline ended without an answer")
        return result

    def stream(self, question: str, history: list[tuple[str, str]] | None = None) -> Iterator[Token | Answer]:
        """Draft tokens as the model writes, then the verified Answer last."""
        question = validate_question(question, self.settings.max_question_chars)
        timings: dict[str, float] = {}
        started = time.perf_counter()
        if not self.loaded.chunks:
            yield self._refusal(question, timings, started, "the corpus is empty", text=EMPTY_CORPUS_TEXT)
            return
        # Earlier refusals say nothing a follow-up could lean on.
        context = resolve(question, [(q, "" if a == REFUSAL_TEXT else a) for q, a in (history or [])])
        question = context.question
        shape = question_shape(question)
        # Read off the articles' own text and metadata: no model needed, nothing for it to get wrong.
        read = abbreviation_answer(question, self.loaded.articles)
        if read is None and shape.kind == "collection":
            read = collection_answer(question, self.loaded.articles, self._articles_matching)
        if read is not None:
            timings["total_s"] = time.perf_counter() - started
            read.timings = timings
            yield read
            return

        # "Summarise the Daily Post report", "What has the Daily Post reported…": only those articles' lines.
        only = articles_named(question, self.loaded.articles)
        # A summary of named articles is answerable whenever they exist: its evidence is their lead,
        # unless the question asks about a topic the lead does not touch ("…about the library").
        lead = self.retriever.lead(only, self.settings.evidence_units, context.query) if shape.summary and only else []
        whole_article = bool(lead) and self._lead_covers(question, lead, only or set())
        if whole_article:
            evidence, relevant = lead, True
        else:
            chunks = self.retriever.search(context.query, only=only)
            evidence = self.retriever.evidence(context.query, self.settings.evidence_units, chunks)
            if only and (outlets := outlets_named(question, self.loaded.articles)):
                evidence = self.retriever.with_credits(evidence, context.query, outlets, only, self.settings.evidence_units)
            relevant = bool(evidence) and chunks[0].dense >= MIN_RELEVANCE
        timings["retrieve_s"] = time.perf_counter() - started
        unknown = unknown_names(question, self._vocabulary, self._names)
        if unknown or not relevant:
            why = f"names not in any article: {unknown}" if unknown else "no passage is about the question"
            log.info("refused before generation: %s", why)
            yield self._refusal(question, timings, started, why)
            return

        messages = build_messages(question, evidence, self.loaded.articles, context.prompt(), several=shape.kind == "several")
        t0 = time.perf_counter()
        # The model's own belief that no line answers, read from its probabilities: as the reply's
        # first token, and again after "[n] " (small models often name a line, then decline).
        p_first = (
            0.0
            if whole_article
            else self.model.reply_shares(messages, [[REFUSAL_TOKEN], [f"[{n}]" for n in range(1, len(evidence) + 1)]])[0]
        )
        thresholds = self.thresholds.for_question(several=shape.kind == "several")
        if p_first >= thresholds.max_refusal:
            log.info("refused: the model finds no line answers (p=%.2f)", p_first)
            yield self._refusal(question, timings, started, f"p_refuse={p_first:.2f}", {"p_refuse": p_first})
            return
        # A timeline is the lines that date events, in the order of their dates (rag/timeline.py):
        # read off the evidence, checked as any reply.
        dated = timeline_reply(evidence, shape.max_claims, self._article_year) if shape.timeline else ""
        reply: list[str] = []
        if dated:
            timings["first_token_s"] = time.perf_counter() - started
            reply.append(dated)
            yield Token(dated)
            p_refuse = p_first
        else:
            grammar = answer_grammar(evidence, shape.max_claims, shape.marked, question=question)
            for piece in generate(self.model, messages, grammar, self.settings.max_answer_tokens * shape.max_claims):
                if not reply:
                    timings["first_token_s"] = time.perf_counter() - started
                reply.append(piece)
                yield Token(piece)
            timings["generate_s"] = time.perf_counter() - t0
            marker = re.match(r"\s*(\[\d+\])", "".join(reply))
            p_after = self.model.reply_shares(messages, [[REFUSAL_TOKEN], []], prefix=marker.group(1))[0] if marker else 1.0
            p_refuse = 0.0 if whole_article else p_first + (1 - p_first) * p_after
            if parse_claims("".join(reply), len(evidence))[1] and p_refuse < thresholds.max_refusal:
                # "[2] NOT FOUND" while the model's own probability of declining is under the limit: the
                # greedy reply took a decline that a near tie of other continuations outweighs (run to
                # run, a few thousandths decide it). The probability decides; the answer is checked as any.
                log.info("the model declined at p=%.2f, under the limit: answering without a decline", p_refuse)
                grammar = answer_grammar(evidence, shape.max_claims, shape.marked, allow_decline=False, question=question)
                reply = [(yield from self._redraft(messages, grammar, self.settings.max_answer_tokens * shape.max_claims))]

        t0 = time.perf_counter()
        as_sentence = self.settings.sentence_answers and shape.kind == "fact"
        several = shape.kind == "several"
        if several and not whole_article and not dated and (favourite := clear_favourite(evidence)):
            # The model passed over the line the embedder finds clearly closest to the question: a
            # small model asked why or how drifts to lines about something near it. That line
            # opens the answer, checked as any statement, and the model's own must then be lines
            # it ranked as answers (ranking_reasons).
            reply = [led_by("".join(reply), favourite, evidence[favourite - 1].text, shape.max_claims, len(evidence))]
        # A summary's lines were picked as its article's gist, a timeline's as the dated ones, each a
        # part of the answer: which one line the model would cite first says nothing of the others.
        ranked = line_shares(self.model, messages, len(evidence)) if several and not whole_article and not dated else None
        said = " ".join(f"{q} {plain(a)}" for q, a in context.turns)  # a follow-up asks for something new
        result = self._verified_answer(
            question,
            "".join(reply),
            messages,
            evidence,
            p_refuse,
            thresholds,
            as_sentence,
            several,
            ranked,
            shape.arithmetic,
            said,
            shape,
        )
        if (
            ranked
            and not result.refused
            and not shape.arithmetic  # each statement is a part of the sum: none may give way
            and (mostly := model_favourite(ranked))
            and not _states(result, evidence[mostly - 1].locations)
        ):
            # The model's own ranking puts most of its weight on a line no statement states: it
            # wrote another line's words under that line's number, or passed it over. The line
            # itself opens the answer, checked as any statement; the model's follow it. Kept only
            # when that line holds and no statement the first answer kept is lost.
            again = self._verified_answer(
                question,
                led_by("".join(reply), mostly, evidence[mostly - 1].text, shape.max_claims, len(evidence), as_written=True),
                messages,
                evidence,
                p_refuse,
                thresholds,
                as_sentence,
                several,
                ranked,
                shape.arithmetic,
                said,
                shape,
            )
            # One cause asked for is answered by one statement: the line the model mostly ranks first replaces it.
            if _states(again, evidence[mostly - 1].locations) and (
                shape.one_cause or all(_states(again, [_location(c)]) for c in result.citations)
            ):
                result = again
        t1 = time.perf_counter()
        if p_refuse < thresholds.max_refusal and (others := _lines_not_repeated(result, len(evidence))):
            verified = functools.partial(
                self._verified_answer, as_sentence=as_sentence, several=several, ranked=ranked, said=said, shape=shape
            )
            again = yield from self._past_what_was_said(question, result, messages, evidence, others, p_refuse, thresholds, verified)
            result = result if again.refused and not result.refused else again
            timings["retry_s"] = time.perf_counter() - t1
        elif result.refused and shape.max_claims == 1 and p_refuse < thresholds.max_refusal and _misread(result):
            result = yield from self._from_lines_own_words(question, result, messages, evidence, p_refuse, thresholds, as_sentence, said)
            timings["retry_s"] = time.perf_counter() - t1
        elif (
            result.refused
            and shape.max_claims == 1
            and p_refuse < thresholds.max_refusal
            and (others := _lines_not_cited_by_wrong_ones(result, len(evidence)))
        ):
            result = yield from self._from_other_lines(
                question, result, messages, evidence, others, p_refuse, thresholds, as_sentence, said
            )
            timings["retry_s"] = time.perf_counter() - t1
        timings["verify_s"] = time.perf_counter() - t0
        timings["total_s"] = time.perf_counter() - started
        result.timings = timings
        yield result

    def _from_lines_own_words(
        self,
        question: str,
        refused: Answer,
        messages: list[Message],
        evidence: list[Evidence],
        p_refuse: float,
        thresholds: Thresholds,
        as_sentence: bool,
        said: str = "",
    ) -> Generator[Token, None, Answer]:
        """The model found a line but stated what it does not say (a date read off the line's label,
        a sum of its own) or the wrong kind of thing (a date for "after which killing…"): asked
        again, it may only copy a run of a line's words. Streams the new
        draft; returns the new verified answer."""
        lines = [" ".join(e.text.split()) for e in evidence]
        if not any(lines):
            return refused
        log.info("every statement misread its line or answered another kind of question: answering again from the lines' own words")
        reply = yield from self._redraft(messages, span_grammar(lines), self.settings.max_answer_tokens)
        again = self._verified_answer(question, whole_words(reply, lines), messages, evidence, p_refuse, thresholds, as_sentence, said=said)
        return _after(refused, again)

    def _from_other_lines(
        self,
        question: str,
        refused: Answer,
        messages: list[Message],
        evidence: list[Evidence],
        others: list[int],
        p_refuse: float,
        thresholds: Thresholds,
        as_sentence: bool,
        said: str = "",
    ) -> Generator[Token, None, Answer]:
        """The model named someone its line gives another role than the one asked about (a former
        holder of the post, the dead, a member, a stage winner, one alive), or cited a line about
        another year or sequel: asked again, it may cite only the other lines. Streams the new
        draft; returns the new verified answer."""
        log.info("the cited line is about another one than the question asks for: answering again from lines %s", others)
        grammar = answer_grammar(evidence, only=others, allow_decline=False)
        reply = yield from self._redraft(messages, grammar, self.settings.max_answer_tokens)
        return _after(refused, self._verified_answer(question, reply, messages, evidence, p_refuse, thresholds, as_sentence, said=said))

    def _past_what_was_said(
        self,
        question: str,
        first: Answer,
        messages: list[Message],
        evidence: list[Evidence],
        others: list[int],
        p_refuse: float,
        thresholds: Thresholds,
        verified: Callable[..., Answer],
    ) -> Generator[Token, None, Answer]:
        """A follow-up answered by saying again what the conversation said: asked again, the model
        may only copy a run of the words of a line no such statement cited (small models name the
        right line, then copy another's words). Streams the new draft; returns the new answer as
        `verified` checks it, which replaces the first unless it finds nothing."""
        lines = [" ".join(unit.text.split()) if n in others else "" for n, unit in enumerate(evidence, 1)]
        if not any(lines):
            return first
        log.info("the reply says again what the conversation said: answering again from the words of lines %s", others)
        reply = yield from self._redraft(messages, span_grammar(lines), self.settings.max_answer_tokens)
        return _after(first, verified(question, whole_words(reply, lines), messages, evidence, p_refuse, thresholds))

    def _redraft(self, messages: list[Message], grammar: str, max_tokens: int) -> Generator[Token, None, str]:
        """A second reply under `grammar`, streamed after a line break (the draft is replaced); returns its text."""
        yield Token("\n")
        reply: list[str] = []
        for piece in generate(self.model, messages, grammar, max_tokens):
            reply.append(piece)
            yield Token(piece)
        return "".join(reply)

    def _verified_answer(
        self,
        question: str,
        reply: str,
        messages: list[Message],
        evidence: list[Evidence],
        p_refuse: float,
        thresholds: Thresholds,
        as_sentence: bool = False,
        several: bool = False,
        ranked: list[float] | None = None,
        arithmetic: Operation | None = None,
        said: str = "",
        shape: Shape | None = None,
    ) -> Answer:
        claims, _ = parse_claims(reply, len(evidence))
        # Several statements answer together: the question's names may sit in any of their lines.
        together = " ".join(evidence[c.cites[0] - 1].text for c in claims) if len(claims) > 1 else ""
        kept: list[str] = []
        dropped: list[str] = []
        citations: list[Citation] = []
        marker_of: dict[int, int] = {}
        supports: list[float] = []
        checks: list[dict[str, object]] = []
        stated: list[tuple[str, int]] = []  # each kept statement as the model gave it, with its marker
        first_line: Evidence | None = None  # the line of the first statement kept: what the answer is about
        if claims:  # only the reply's last statement is one the token budget can stop
            last = claims[-1]
            claims[-1] = Claim(with_cut_word_finished(last.text, evidence[last.cites[0] - 1].text), last.cites)
        for claim in claims:
            if kept and shape and shape.one_cause:
                # One cause asked for, in one clause: the first checked statement and its other
                # half answer it; a small model's further lines are ones near the question. Not
                # checked, so not counted as unsupported (dropped_sentences): the checks record them.
                checks.append({"claim": claim.text, "cites": claim.cites, "supported": False, "reasons": [ONE_CAUSE_REASON]})
                continue
            number, verdict = self._supported_line(claim, messages, evidence, question, p_refuse, thresholds, together, several, said)
            if number is not None and ranked:
                verdict.signals["line_share"] = round(ranked[number - 1], 4)
                if kept and (padding := ranking_reasons(number, ranked, thresholds)):
                    verdict.reasons += padding
                    verdict.supported, number = False, None
            # A summary's or a timeline's lines (ranked None) are each a part of the whole, and a
            # sum's parts each name their own place: neither need share the first line's names.
            if (
                number is not None
                and first_line is not None
                and ranked is not None
                and not arithmetic
                and not _docs(evidence[number - 1]) & _docs(first_line)
                and (
                    astray := astray_reasons(question, evidence[number - 1].text, first_line.text, self._article_text(evidence[number - 1]))
                )
            ):
                verdict.reasons += astray
                verdict.supported, number = False, None
            if number is not None and not several and asks_when(question):
                claim, number, verdict = self._fuller_date(claim, number, verdict, messages, evidence, question, p_refuse, thresholds)
            checks.append({"claim": claim.text, "cites": claim.cites, **verdict.as_dict()})
            if number is None:
                dropped.append(claim.text)
                continue
            supports.append(verdict.signals.get("p_support", 1.0))
            # A bare figure keeps the bound its line gives it ("at least one", not "1").
            text = with_hedge(claim.text, evidence[number - 1].text)
            if yes_or_no(claim.text):
                # Words cannot check a bare Yes or No (a line saying "I don't think they will" holds
                # both words' evidence alike): the line itself answers, an exact span of the article.
                text = _whole_line(evidence[number - 1])
            elif as_sentence and wants_sentence(claim):
                text = self._sentence(Claim(text, [number]), reply, messages, evidence, question) or text
            elif several and verdict.signals.get("verbatim"):
                # A reason often sits in the rest of the sentence ("The plant closed in May, after
                # the owners lost the contract"): a statement copied from its line is shown as the
                # whole line, an exact span of the article, as quoted in the sources.
                text = _whole_line(evidence[number - 1])
            if shown := next((k for k in kept if k.startswith(f"{sentence_case(text)} [")), None):
                # Two statements from one line (or a line and the sentence shown after another)
                # come out as the same sentence: it is shown once, under its first marker.
                marker_of.setdefault(number, int(shown.rsplit("[", 1)[1].rstrip("].")))
                stated.append((claim.text, marker_of[number]))  # its figures count all the same
                continue
            if number not in marker_of:
                marker_of[number] = len(citations) + 1
                citations.append(self._citation(evidence[number - 1], marker_of[number]))
            stated.append((claim.text, marker_of[number]))
            kept.append(_cited(text, marker_of[number]))
            first_line = evidence[number - 1] if first_line is None else first_line
            if several and (contrast := self._continuation_after(evidence[number - 1], citations, bool(shape and shape.explains))):
                # "The council wants the bridge rebuilt. But residents prefer a ferry.", or a quote
                # that runs on into the next paragraph: an explanation that stops there tells half
                # of it. The next sentence is shown whole, an exact span of the article, with its
                # own citation.
                citations.append(self._citation(contrast, len(citations) + 1))
                kept.append(_cited(_whole_line(contrast), len(citations)))
                for n, unit in enumerate(evidence, 1):
                    if contrast.locations[0] in unit.locations:
                        marker_of.setdefault(n, len(citations))  # a later statement from that line shares its marker
        if not kept:
            if not checks:  # the model declined: "[2] NOT FOUND"
                checks.append(
                    {"claim": None, "supported": False, "reasons": ["the model declined"], "signals": {"p_refuse": round(p_refuse, 4)}}
                )
            return Answer(REFUSAL_TEXT, True, [], question, dropped_sentences=dropped, mode="refused", checks=checks)
        # A total or a span of years the question asks for: computed here from the checked statements' figures.
        if arithmetic and (derived := derive(arithmetic, stated, question, {m: evidence[n - 1].text for n, m in marker_of.items()})):
            kept.append(derived.sentence())
        kept += self._conflict_notes(evidence, marker_of, citations, numbers(" ".join(text for text, _ in stated)))
        support = min(supports) if supports else None
        return Answer(" ".join(kept), False, citations, question, dropped_sentences=dropped, support=support, checks=checks)

    def _supported_line(
        self,
        claim: Claim,
        messages: list[Message],
        evidence: list[Evidence],
        question: str,
        p_refuse: float,
        thresholds: Thresholds,
        together: str = "",
        several: bool = False,
        said: str = "",
    ) -> tuple[int | None, Verdict]:
        """The line that supports the claim: the one it cites, else another shown line that holds
        the same phrase (small models often name the wrong line). None when no line does."""
        cited = claim.cites[0]
        # A statement copied word for word from a shown line cites that line, whatever number the
        # model wrote: with several statements, another's line could otherwise lend it its words.
        if len(claim.text.split()) >= MIN_COPIED_WORDS and not contains_phrase(evidence[cited - 1].text, claim.text):
            cited = next((n for n in range(1, len(evidence) + 1) if contains_phrase(evidence[n - 1].text, claim.text)), cited)
        if several and not contains_phrase(evidence[cited - 1].text, claim.text):
            # A reworded statement cites the line that holds most of it by itself: the sentence
            # before a line lends it names, not its content ("But residents prefer a ferry" does
            # not state what the council wants, though the sentence before it does).
            alone = [claim_coverage(claim.text, unit.text) for unit in evidence]
            best = max(range(len(evidence)), key=lambda i: alone[i])
            if alone[best] > alone[cited - 1] and alone[best] >= thresholds.min_claim_coverage:
                cited = best + 1
        # Lazily: the other lines are only looked at when the cited one fails. A statement moves only
        # to a line that holds about as much of it as the one it cited: a phrase copied from one line
        # ("Ada Bello leads all ferry planning") is not supported by another that only names her.
        held = min(claim_coverage(claim.text, evidence[cited - 1].text), MOVED_CLAIM_SHARE)
        others = (
            n
            for n in range(1, len(evidence) + 1)
            if n != cited
            and claim_coverage(claim.text, evidence[n - 1].text) >= held
            and not evidence_reasons(claim.text, evidence[n - 1].text, question, published=self._dated_by(evidence[n - 1]))
        )
        first: Verdict | None = None
        for number in itertools.chain([cited], others):
            verdict = self._verdict(
                Claim(claim.text, [number]), messages, evidence, question, p_refuse, thresholds, together, several, said
            )
            first = first or verdict
            if verdict.supported:
                if number != claim.cites[0]:
                    log.info("re-cited %r: [%d] -> [%d]", claim.text, claim.cites[0], number)
                return number, verdict
        assert first is not None
        log.info("dropped %r: %s", claim.text, "; ".join(first.reasons))
        return None, first

    def _verdict(
        self,
        claim: Claim,
        messages: list[Message],
        evidence: list[Evidence],
        question: str,
        p_refuse: float,
        thresholds: Thresholds,
        together: str = "",
        several: bool = False,
        said: str = "",
    ) -> Verdict:
        unit = evidence[claim.cites[0] - 1]
        article = self.loaded.articles[unit.locations[0].doc_id]
        # A line names what it leans on in its title and the sentence before it; and, when the
        # question names its outlet or author ("What did the Daily Post report…"), those too.
        authors = [a.strip() for a in (article.author or "").split(",") if a.strip()]
        named_by = [x for x in (article.source, *authors) if x and (contains_phrase(question, x) or _last_name_in(x, question))]
        context = " ".join(x for x in (self._title(unit), *named_by, unit.before, together) if x)
        # A reason or a list item rarely restates who it is about ("because the orders dried up"): for
        # those, the question's names may sit anywhere in the line's article (names only; a figure,
        # month or name of the answer must still be in the line).
        same_article = article.text if several else ""
        published = self._dated_by(unit)
        judge = functools.partial(
            verify,
            claim.text,
            unit.text,
            question,
            context=context,
            published=published,
            p_refuse=p_refuse,
            thresholds=thresholds,
            anchor_context=same_article,
            count_similarity=self._count_similarity(question, claim.text, unit.text),
            article=article.text,
            said=said,
            # Read off the whole collection once, and only for a question that needs it.
            people=self._people if asks_for_words(question) else frozenset(),
        )
        lexical = judge()
        if not lexical.supported:
            return lexical  # the model's check costs a few dozen tokens: none for an answer already dropped
        # Asked after the answer as the model would have written it, so the KV cache holds it all.
        check = support_messages(messages, f"[{claim.cites[0]}] {claim.text}", claim, question)
        p_support = self.model.reply_shares(check, [["Yes", "yes"], ["No", "no"]])[0]
        verdict = judge(p_support=p_support)
        verdict.signals["similarity"] = round(unit.similarity, 4)
        return verdict

    def _fuller_date(
        self,
        claim: Claim,
        number: int,
        verdict: Verdict,
        messages: list[Message],
        evidence: list[Evidence],
        question: str,
        p_refuse: float,
        thresholds: Thresholds,
    ) -> tuple[Claim, int, Verdict]:
        """A "when" answer with the fullest date a shown line gives for it ("opened in 2019" -> "opened
        on March 4, 2019", "Oct. 3" -> "3 October 2021", "04/03/2019" -> "March 4, 2019"), checked like
        any answer against that line; a date that says more must be held by the model at least as
        firmly as the answer it replaces. The answer as it was when no fuller date holds."""
        candidates = fuller_dates(claim.text, [e.text for e in evidence], first=number)[:MAX_FULLER_DATES]
        if not candidates:
            return claim, number, verdict
        given = dates_in(claim.text)[0]  # (fuller_dates found the answer's one date)
        best: tuple[Claim, int, Verdict] | None = None
        for line_number, date in candidates:
            fuller = Claim(with_date(claim.text, date), [line_number])
            found = self._verdict(fuller, messages, evidence, question, p_refuse, thresholds)
            support = found.signals.get("p_support", 0.0)
            says_more = date.parts > given.parts
            floor = max(MIN_FULLER_DATE_SUPPORT, verdict.signals.get("p_support", 0.0)) if says_more else MIN_FULLER_DATE_SUPPORT
            if found.supported and support >= floor and (best is None or support > best[2].signals.get("p_support", 0.0)):
                best = (fuller, line_number, found)
        if best is None:
            return claim, number, verdict
        log.info("a fuller date: %r [%d] -> %r [%d]", claim.text, number, best[0].text, best[1])
        best[2].signals["fuller_date_of"] = number
        return best

    def _count_similarity(self, question: str, claim: str, line: str) -> float | None:
        """How alike what a "How many…" question counts and what the line counts with the answer's
        figure are, by the embedder (rag.counting); None when there is nothing to compare."""
        compared = counts_to_compare(question, claim, line)
        if compared is None:
            return None
        asked, counted = compared
        vectors = self.embedder.encode([asked, *counted])
        return float(max(vectors[1:] @ vectors[0]))

    def _sentence(self, claim: Claim, reply: str, messages: list[Message], evidence: list[Evidence], question: str) -> str:
        """The verified phrase as one sentence ("About 40,000 cars cross the bridge a day"), or "" when the
        model's sentence says more than the line and the question do."""
        unit = evidence[claim.cites[0] - 1]
        sentence = write_sentence(self.model, messages, reply, claim, question).rstrip(".")
        reasons = sentence_reasons(sentence, claim.text, unit.text, question, context=self._title(unit)) if sentence else ["no sentence"]
        if reasons:
            log.info("kept the phrase %r, not the sentence %r: %s", claim.text, sentence, "; ".join(reasons))
            return ""
        return sentence

    def _lead_covers(self, question: str, lead: list[Evidence], doc_ids: set[str]) -> bool:
        """Half or more of what the question asks about, past the request itself and the names of the
        articles' outlets and authors, is in their lead (and headline)."""
        named = " ".join(f"{a.source or ''} {a.author or ''}" for d in doc_ids for a in [self.loaded.articles[d]])
        asked = set(content_terms(question)) - set(content_terms(named)) - REQUEST_TERMS
        if not asked:
            return True
        held = set(content_terms(" ".join([e.text for e in lead] + [self.loaded.articles[d].title for d in doc_ids])))
        return len(asked & held) >= len(asked) / 2

    def _continuation_after(self, unit: Evidence, shown: list[Citation], explains: bool) -> Evidence | None:
        """The sentence after a line when it is the line's other half and is not shown yet: it goes
        on with the words the line reports (a quotation mark straight after "…said"), or, when the
        question asks why or how, it opens by setting itself against the line ("But…", "However,…").
        A question that asks for several things of a kind ("What conditions…") is answered by
        them, not by another party's view of them. Else None."""
        after = self.retriever.sentence_after(unit.locations[0])
        if after is None or not (continues_quote(unit.text, after.text) or (explains and opens_with_contrast(after.text))):
            return None
        loc = after.locations[0]
        if any(c.doc_id == loc.doc_id and c.start < loc.end and loc.start < c.end for c in shown):
            return None
        return after

    def _dated_by(self, unit: Evidence) -> str:
        """What dates a line: its article's date, title, and the years its article names before it.
        A story sets its time once, in its dateline or first lines ("…the 2020 US election.",
        then "Biden wins the election"), not in every sentence; a year named only after the line
        is about something later in the story."""
        where = unit.locations[0]
        article = self.loaded.articles[where.doc_id]
        before = " ".join(article.text[start : min(end, where.start)] for start, end in article.segments if start < where.start)
        return " ".join((article.date or "", article.title, *sorted(years(before))))

    def _article_text(self, unit: Evidence) -> str:
        """The whole article a line comes from, title first."""
        article = self.loaded.articles[unit.locations[0].doc_id]
        return f"{article.title}\n{article.text}"

    def _article_year(self, unit: Evidence) -> int | None:
        """The year of a line's article, where its metadata gives a date: "on 10 May" is then."""
        published = self.loaded.articles[unit.locations[0].doc_id].date
        return int(published[:4]) if published and published[:4].isdigit() else None

    def _title(self, unit: Evidence) -> str:
        article = self.loaded.articles[unit.locations[0].doc_id]
        return "" if article.title == article.doc_id else article.title

    def _conflict_notes(
        self, evidence: list[Evidence], marker_of: dict[int, int], citations: list[Citation], answered: set[str]
    ) -> list[str]:
        """Where another article gives a different figure for one the answer states (`answered`), say
        so and cite both. A figure the answer does not give ("6-2" in the line of "Who won?") is no
        disagreement about the answer."""
        notes = []
        for number in list(marker_of):
            cited = evidence[number - 1]
            for other_number, other in enumerate(evidence, 1):
                if other_number in marker_of or other.locations[0].doc_id == cited.locations[0].doc_id:
                    continue
                clash = conflicting_figure(cited.text, other.text, answered)
                if clash is None or self._similarity(cited.text, other.text) < SAME_TOPIC_COSINE:
                    continue
                marker_of[other_number] = len(citations) + 1
                citations.append(self._citation(other, marker_of[other_number]))
                notes.append(
                    f"The articles differ here: {self._who(cited)} gives {clash[0]} [{marker_of[number]}], "
                    f"{self._who(other)} gives {clash[1]} [{marker_of[other_number]}]."
                )
        return notes

    def _similarity(self, a: str, b: str) -> float:
        vectors = self.embedder.encode([a, b])
        return float(vectors[0] @ vectors[1])

    def _who(self, unit: Evidence) -> str:
        article = self.loaded.articles[unit.locations[0].doc_id]
        return f"{article.source or 'one article'} ({article.date or 'undated'})"

    def _refusal(
        self,
        question: str,
        timings: dict[str, float],
        started: float,
        why: str,
        signals: dict[str, float] | None = None,
        text: str = REFUSAL_TEXT,
    ) -> Answer:
        timings["total_s"] = time.perf_counter() - started
        checks: list[dict[str, object]] = [{"claim": None, "supported": False, "reasons": [why], "signals": signals or {}}]
        return Answer(text, True, [], question, timings=timings, mode="refused", checks=checks)

    def _citation(self, unit: Evidence, marker: int) -> Citation:
        loc = unit.locations[0]
        article = self.loaded.articles[loc.doc_id]
        return Citation(
            doc_id=loc.doc_id,
            start=loc.start,
            end=loc.end,
            quote=article.text[loc.start : loc.end],
            title=article.title,
            source=article.source,
            date=article.date,
            marker=marker,
            also_in=tuple(unit.locations[1:]),
        )


def _cited(statement: str, marker: int) -> str:
    """A statement of the answer with its marker and full stop; one that ends on a quotation closed
    after its own stop ("…no date has been set.”") has its stop already."""
    text = sentence_case(statement)
    return f"{text} [{marker}]" if re.search(r"[.?!][”\"’']$", text) else f"{text} [{marker}]."


def _whole_line(unit: Evidence) -> str:
    """An evidence line shown as a statement of the answer: its text on one line, without its full stop."""
    return " ".join(unit.text.split()).rstrip(".")


def _after(refused: Answer, again: Answer) -> Answer:
    """The answer of a second reply, with the first reply's verdicts and dropped sentences after its
    own (calibration reads the first verdict)."""
    again.checks += refused.checks
    again.dropped_sentences = refused.dropped_sentences + [d for d in again.dropped_sentences if d not in refused.dropped_sentences]
    return again


def _states(result: Answer, locations: list[Location]) -> bool:
    """Some citation of the answer points into one of these spans."""
    return any(c.doc_id == l.doc_id and c.start < l.end and l.start < c.end for c in result.citations for l in locations)


def _location(citation: Citation) -> Location:
    return Location(citation.doc_id, citation.start, citation.end)


def _lines_not_cited_by_wrong_ones(result: Answer, n_evidence: int) -> list[int]:
    """When every statement of a refused reply named someone its line gives another role than the
    one asked about (rag.verify.Verdict.not_the_one: a former holder of the post, a stage winner, one
    alive), or cited a line about another year or sequel (Verdict.elsewhere), the lines it did not
    cite; else none."""
    if not result.checks or not all(check.get("not_the_one") or check.get("elsewhere") for check in result.checks):
        return []
    cited = {n for check in result.checks for n in check.get("cites", [])}  # type: ignore[attr-defined]
    return [n for n in range(1, n_evidence + 1) if n not in cited]


def _lines_not_repeated(result: Answer, n_evidence: int) -> list[int]:
    """When a statement of the reply said again what the conversation already said
    (rag.verify.Verdict.repeated), the lines no such statement cited; else none."""
    said_again = {n for check in result.checks if check.get("repeated") for n in check.get("cites", [])}  # type: ignore[attr-defined]
    return [n for n in range(1, n_evidence + 1) if n not in said_again] if said_again else []


def _docs(unit: Evidence) -> set[str]:
    """The articles a line is found in (one story carried by two outlets: both)."""
    return {loc.doc_id for loc in unit.locations}


def _misread(result: Answer) -> bool:
    """Every statement of a refused reply gave a figure or month its line does not
    (rag.verify.misread_reasons), or an answer of the wrong kind (rag.verify.answer_type_mismatch)."""
    return bool(result.checks) and all(check.get("misread") or check.get("mistyped") for check in result.checks)


def validate_question(question: str, max_chars: int) -> str:
    if not isinstance(question, str):
        raise TypeError(f"question must be a string, not {type(question).__name__}")
    question = " ".join(question.split())
    if not question:
        raise ValueError("the question is empty: ask something about the articles")
    if len(question) > max_chars:
        raise ValueError(f"the question is {len(question):,} characters long; the limit is {max_chars:,}")
    return question


def _last_name_in(name: str | None, question: str) -> bool:
    """ "Ortiz's piece", "the story by Ortiz" name Jane Ortiz: a two-word name's last word, where
    it can only be a byline (a bare "Jordan" may be the country)."""
    parts = (name or "").split()
    if len(parts) < 2:
        return False
    last = re.escape(parts[-1])
    return re.search(rf"\bby\s+{last}\b|(?<!\w){last}['’]s\b", question) is not None


def sentence_case(text: str) -> str:
    """A copied run of words as a sentence: its first letter capitalised ("al-Masri said…" stays)."""
    first = text[:1]
    return text if not first.islower() or text[1:2] == "-" else first.upper() + text[1:]


_PIPELINES: dict[Settings, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()


def get_pipeline(settings: Settings | None = None) -> Pipeline:
    """The shared pipeline for these settings; builds the index first if there is none."""
    settings = settings or Settings.from_env()
    with _PIPELINES_LOCK:
        if settings in _PIPELINES:
            _PIPELINES[settings] = _PIPELINES[settings].refreshed()
        else:
            try:
                pipeline = Pipeline(settings)
            except IndexMissingError:
                log.warning("no index in %s: building it now", settings.index_dir)
                build_index(settings)
                pipeline = Pipeline(settings)
            _PIPELINES[settings] = pipeline
        return _PIPELINES[settings]


def answer(question: str, history: list[tuple[str, str]] | None = None) -> Answer:
    """Answer a question about the default corpus with verified citations, or refuse."""
    return get_pipeline().answer(question, history)
