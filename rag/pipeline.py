"""question -> retrieve -> generate -> verify -> Answer, with refusal decided on the evidence."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from .embed import Embedder, get_embedder
from .generate import build_messages, generate, parse_claims
from .index import IndexMissingError, LoadedIndex, build_index, load_index
from .llm import LanguageModel, get_model
from .retrieve import Retriever
from .settings import Settings
from .text import STOPWORDS, content_terms, names, term_in
from .types import Answer, Citation, Evidence
from .verify import SupportJudge, answers_question, conflicting_figure

log = logging.getLogger(__name__)

REFUSAL_TEXT = "The articles don't say."
# Below this cosine between question and best chunk, nothing in the corpus is about the question.
MIN_RELEVANCE = 0.25
# The extractive fallback quotes a sentence only if it holds this share of the question's words.
MIN_EXTRACTIVE_COVERAGE = 0.75
# Two passages this similar that give different figures report the same thing differently.
SAME_TOPIC_COSINE = 0.6
_FOLLOWUP_START = re.compile(r"^(and|but|also|what about|how about|what of|so|then)\b", re.I)
_PRONOUN = re.compile(r"\b(it|its|they|them|their|that|those|these|there|he|she|his|her)\b", re.I)


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
    ) -> None:
        self.settings = settings
        self.embedder = embedder or get_embedder(settings.embedder, settings.n_threads)
        self.loaded = loaded or load_index(settings, self.embedder.id)
        self.retriever = Retriever(self.loaded, self.embedder, settings.top_k_chunks)
        self.judge = SupportJudge(self.embedder)
        self._model = model
        self._vocabulary = {t for c in self.loaded.chunks for t in set(content_terms(c.text)) | names(c.text)}

    @property
    def model(self) -> LanguageModel:
        if self._model is None:
            self._model = get_model(self.settings)
        return self._model

    def answer(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        result = None
        for event in self.stream(question, history):
            if isinstance(event, Answer):
                result = event
        assert result is not None
        return result

    def stream(self, question: str, history: list[tuple[str, str]] | None = None) -> Iterator[Token | Answer]:
        """Draft tokens as the model writes, then the verified Answer last."""
        question = validate_question(question, self.settings.max_question_chars)
        timings: dict[str, float] = {}
        started = time.perf_counter()
        previous = previous_question(question, history)
        if previous and (standalone := substitute_follow_up(question, previous)):
            # "And how many are in Iraq?" after "How many US troops are in Syria?" asks the same
            # question about Iraq: ask exactly that, so the model cannot mix the two up.
            question, previous = standalone, ""
        query = f"{previous} {question}" if previous else question

        chunks = self.retriever.search(query)
        evidence = self.retriever.evidence(query, self.settings.evidence_units, chunks)
        timings["retrieve_s"] = time.perf_counter() - started
        unknown = [n for n in names(question) if not term_in(n, self._vocabulary)]
        if unknown or not evidence or chunks[0].dense < MIN_RELEVANCE:
            why = f"names not in any article: {unknown}" if unknown else "no passage is about the question"
            log.info("refused before generation: %s", why)
            yield self._refusal(question, timings, started)
            return

        messages = build_messages(question, evidence, self.loaded.articles, previous)
        reply: list[str] = []
        t0 = time.perf_counter()
        for piece in generate(self.model, messages, len(evidence), self.settings.max_answer_tokens):
            if not reply:
                timings["first_token_s"] = time.perf_counter() - started
            reply.append(piece)
            yield Token(piece)
        timings["generate_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        result = self._verified_answer(question, query, "".join(reply), evidence)
        timings["verify_s"] = time.perf_counter() - t0
        timings["total_s"] = time.perf_counter() - started
        result.timings = timings
        yield result

    def _verified_answer(self, question: str, query: str, reply: str, evidence: list[Evidence]) -> Answer:
        claims, _ = parse_claims(reply, len(evidence))
        kept: list[str] = []
        dropped: list[str] = []
        citations: list[Citation] = []
        marker_of: dict[int, int] = {}
        labelled = [self._labelled(unit) for unit in evidence]
        context = " ".join(labelled)
        for claim in claims:
            # Small models often name the wrong line: keep the claim if the line it cites or any
            # other shown line supports it, and cite the line that does.
            cites = self._supporting_cites(claim.text, claim.cites, labelled, evidence, query, context)
            if not cites:
                dropped.append(claim.text)
                continue
            claim.cites = cites
            markers = []
            for n in claim.cites:
                if n not in marker_of:
                    marker_of[n] = len(marker_of) + 1
                    citations.append(self._citation(evidence[n - 1], marker_of[n]))
                markers.append(f"[{marker_of[n]}]")
            kept.append(f"{claim.text.rstrip('.')} {''.join(markers)}.")
        if kept:
            kept += self._conflict_notes(evidence, marker_of, citations)
            return Answer(" ".join(kept), False, citations, question, dropped_sentences=dropped)
        # Nothing the model said survived, or it declined: quote the evidence if it plainly answers.
        best = max(evidence, key=lambda unit: answers_question(query, f"{unit.before} {unit.text}"))
        if self._plainly_answers(query, self._labelled(best), best.before):
            quote = " ".join(best.text.split())
            return Answer(
                f"The articles say: “{quote}” [1]", False, [self._citation(best, 1)], question, dropped_sentences=dropped, mode="extractive"
            )
        return Answer(REFUSAL_TEXT, True, [], question, dropped_sentences=dropped, mode="refused")

    def _conflict_notes(self, evidence: list[Evidence], marker_of: dict[int, int], citations: list[Citation]) -> list[str]:
        """Where another article gives a different figure for the same thing, say so and cite both."""
        notes = []
        for number in list(marker_of):
            cited = evidence[number - 1]
            for other_number, other in enumerate(evidence, 1):
                if other_number in marker_of or other.locations[0].doc_id == cited.locations[0].doc_id:
                    continue
                clash = conflicting_figure(cited.text, other.text)
                if clash is None or self.judge.similarity(cited.text, other.text) < SAME_TOPIC_COSINE:
                    continue
                marker_of[other_number] = len(marker_of) + 1
                citations.append(self._citation(other, marker_of[other_number]))
                notes.append(
                    f"The articles differ here: {self._who(cited)} gives {clash[0]} [{marker_of[number]}], "
                    f"{self._who(other)} gives {clash[1]} [{marker_of[other_number]}]."
                )
        return notes

    def _who(self, unit: Evidence) -> str:
        article = self.loaded.articles[unit.locations[0].doc_id]
        return f"{article.source or 'one article'} ({article.date or 'undated'})"

    def _labelled(self, unit: Evidence) -> str:
        """Evidence with its outlet: "according to Reuters" may rest on it (the date may not: it dates
        the article, not the events)."""
        source = self.loaded.articles[unit.locations[0].doc_id].source
        return f"({source}) {unit.text}" if source else unit.text

    def _supporting_cites(
        self, claim: str, cites: list[int], labelled: list[str], evidence: list[Evidence], query: str, context: str
    ) -> list[int]:
        cited_text = " ".join(labelled[n - 1] for n in cites)
        before = " ".join(evidence[n - 1].before for n in cites)
        verdict = self.judge.judge(claim, cited_text, query, context, before)
        if verdict.supported:
            return cites
        for number, text in enumerate(labelled, 1):
            if number not in cites and self.judge.judge(claim, text, query, context, evidence[number - 1].before).supported:
                log.info("re-cited %r: [%s] -> [%d]", claim, cites, number)
                return [number]
        log.info("dropped %r: %s", claim, "; ".join(verdict.reasons))
        return []

    def _plainly_answers(self, query: str, text: str, before: str) -> bool:
        # "The two countries in January initiated talks": who they are is in the sentence before.
        have = set(content_terms(f"{before} {text}")) | names(f"{before} {text}")
        if any(not term_in(n, have) for n in names(query)):
            return False
        return answers_question(query, f"{before} {text}") >= MIN_EXTRACTIVE_COVERAGE

    def _refusal(self, question: str, timings: dict[str, float], started: float) -> Answer:
        timings["total_s"] = time.perf_counter() - started
        return Answer(REFUSAL_TEXT, True, [], question, timings=timings, mode="refused")

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


def validate_question(question: str, max_chars: int) -> str:
    if not isinstance(question, str):
        raise TypeError(f"question must be a string, not {type(question).__name__}")
    question = " ".join(question.split())
    if not question:
        raise ValueError("the question is empty: ask something about the articles")
    if len(question) > max_chars:
        raise ValueError(f"the question is {len(question):,} characters long; the limit is {max_chars:,}")
    return question


def previous_question(question: str, history: list[tuple[str, str]] | None) -> str:
    """The earlier question a follow-up leans on ("And in Syria?"), or "" for a standalone question."""
    if not history:
        return ""
    last_user = next((q for q, _ in reversed(history) if q and q.strip()), "")
    if not last_user:
        return ""
    # "And in Syria?" opens like a follow-up; "What did he say?" names nobody and leans on a pronoun.
    leans_back = not names(question) and (_PRONOUN.search(question) or len(content_terms(question)) <= 2)
    if _FOLLOWUP_START.search(question) or leans_back:
        return " ".join(last_user.split())
    return ""


_ELLIPSIS = re.compile(r"^(and|but|what about|how about|and what about)\b[\s,]*", re.I)
_NAME_TOKEN = re.compile(r"\b[A-Z][\w'’-]*[a-z][\w'’-]*\b")


def substitute_follow_up(question: str, previous: str) -> str:
    """Resolve "And in Iraq?" / "What about Iraq?" against the previous question by swapping the
    name the follow-up replaces; "" when the follow-up is not of that shape."""
    if not _ELLIPSIS.search(question):
        return ""
    body = _ELLIPSIS.sub("", question)
    new_names = [n for n in _NAME_TOKEN.findall(body) if n.lower() not in STOPWORDS]
    old_names = [n for n in _NAME_TOKEN.findall(previous)[1:] if n.lower() not in STOPWORDS and n not in new_names]
    if len(new_names) != 1 or not old_names:
        return ""
    return re.sub(rf"\b{re.escape(old_names[-1])}\b", new_names[0], previous)


_PIPELINES: dict[Settings, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()


def get_pipeline(settings: Settings | None = None) -> Pipeline:
    """The shared pipeline for these settings; builds the index first if there is none."""
    settings = settings or Settings.from_env()
    with _PIPELINES_LOCK:
        if settings not in _PIPELINES:
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
