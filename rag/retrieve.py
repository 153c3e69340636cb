"""Hybrid retrieval: dense (FAISS or pgvector) + BM25 fused by reciprocal rank, then sentence evidence units."""

from __future__ import annotations

import itertools
import logging
import re
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import lexical
from .attribution import attributions, same_source
from .chunking import article_sentences
from .dates import dates_in
from .embed import Embedder
from .index import LoadedIndex
from .shape import REQUEST_TERMS
from .text import content_terms, numbers
from .types import Article, Evidence, Location

log = logging.getLogger(__name__)

RRF_K = 60
# Two sentences this similar (and with the same figures and dates) are one passage carried by two articles.
NEAR_DUPLICATE_COSINE = 0.88


@dataclass
class ScoredChunk:
    index: int
    score: float
    dense: float


# A line this much closer to the question (cosine) than every other line shown is the retriever's
# clear favourite (`clear_favourite`). Read off the fit split of the kinds and default suites
# (eval/README.md, sixteenth round): there the favourite was a gold line in 7 of 8 questions.
CLEAR_LEAD = 0.1
# A summary's evidence opens with this many sentences of each article's lead.
LEAD_SENTENCES = 2
# How much a summary's next sentence is chosen for being central to its article rather than for
# being unlike those already taken (`Retriever._gist`). Any weight from 0.5 to 0.7 picks the same
# sentences for both kinds-suite summaries of a named article; 0.7 stays nearest plain centrality.
GIST_CENTRALITY = 0.7
# Searching only some articles ranks this many times k chunks of the whole corpus, then filters.
ONLY_POOL = 20
_THE = re.compile(r"^the\s+", re.I)


class Retriever:
    """Ranks chunks for a query and picks the sentences worth showing to the model."""

    def __init__(self, loaded: LoadedIndex, embedder: Embedder, top_k: int = 8) -> None:
        self.loaded = loaded
        self.embedder = embedder
        self.top_k = top_k
        self._sentence_vectors: dict[tuple[str, int, int], np.ndarray] = {}
        self._lock = threading.Lock()
        self._sentences: dict[str, list[tuple[int, int]]] = {}
        self._credits: dict[str, list[tuple[str, Location]]] = {}
        self._last_query: tuple[str, np.ndarray] | None = None

    def search(self, query: str, k: int | None = None, only: set[str] | None = None) -> list[ScoredChunk]:
        """Chunks by fused rank; `dense` keeps each chunk's cosine similarity to the query. With
        `only`, chunks of those articles alone (ranked among a wider pool)."""
        k = k or self.top_k
        if only:
            pool = self.search(query, min(len(self.loaded.chunks), k * ONLY_POOL))
            kept = [c for c in pool if self.loaded.chunks[c.index].doc_id in only][:k]
            return kept or pool[:k]
        query_vector = self._encode_query(query)
        nearest = self.loaded.dense.search(query_vector, k)
        dense_rank = [i for i, _ in nearest]
        dense_score = dict(nearest)
        lexical_rank = lexical.rank(self.loaded.bm25, query, k, len(self.loaded.chunks))
        fused: dict[int, float] = {}
        for ranking in (dense_rank, lexical_rank):
            for rank, idx in enumerate(ranking):
                fused[idx] = fused.get(idx, 0.0) + 1.0 / (RRF_K + rank + 1)
        missing = [i for i in fused if i not in dense_score]
        if missing:
            sims = self.loaded.dense.similarities(missing, query_vector)
            dense_score.update({i: float(s) for i, s in zip(missing, sims)})
        ranked = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        return [ScoredChunk(i, fused[i], dense_score[i]) for i in ranked]

    def evidence(self, query: str, n_units: int, chunks: list[ScoredChunk] | None = None) -> list[Evidence]:
        """The n best sentences of the top chunks, near-duplicates merged, best first."""
        chunks = chunks if chunks is not None else self.search(query)
        spans: list[Location] = []
        chunk_score: list[float] = []
        for rank, scored in enumerate(chunks):
            chunk = self.loaded.chunks[scored.index]
            title = self.loaded.articles[chunk.doc_id].title
            for start, end in chunk.sentences:
                if self.loaded.articles[chunk.doc_id].text[start:end] == title:
                    continue  # a headline names the topic; it rarely states the answer
                spans.append(Location(chunk.doc_id, start, end))
                chunk_score.append(1.0 / (rank + 1))
        if not spans:
            return []
        sentence_vectors = self._vectors_for(spans)
        dense = sentence_vectors @ self._encode_query(query)
        query_terms = set(content_terms(query))
        lexical = np.array([_overlap(query_terms, self._text(s)) for s in spans])
        scores = _score(dense, lexical, np.array(chunk_score))
        order = np.argsort(-scores, kind="stable")
        units: list[Evidence] = []
        unit_vectors: list[np.ndarray] = []
        for i in order:
            loc, text = spans[i], self._text(spans[i])
            twin = _find_twin(text, sentence_vectors[i], units, unit_vectors)
            if twin is not None:
                if all(l.doc_id != loc.doc_id for l in twin.locations):
                    twin.locations.append(loc)
                continue
            if len(units) < n_units:
                units.append(
                    Evidence(
                        text=text, locations=[loc], score=float(scores[i]), similarity=float(dense[i]), before=self._sentence_before(loc)
                    )
                )
                unit_vectors.append(sentence_vectors[i])
        return units

    def with_credits(self, evidence: list[Evidence], query: str, sources: list[str], own: set[str], n_units: int) -> list[Evidence]:
        """`evidence` from the named outlets' own articles, with what other articles credit to those
        outlets ("…, the Daily Post reported", "a report from the Daily Post said…", and the forms
        that credit anyone, since the name is a known outlet's: "according to the Daily Post",
        "the Daily Post said"): the outlet's
        reporting too, retold, and often the part a reader of the others saw. Up to half the units,
        each in place of an own line it outscores (`_score`, the outlet's name left out); a
        sentence that retells a line already shown joins it as another location."""
        spans = [
            loc
            for doc_id, article in self.loaded.articles.items()
            if doc_id not in own
            for source, loc in self._credited_in(article)
            if any(same_source(source, wanted) for wanted in sources)
        ]
        spans = list(dict.fromkeys(spans))
        if not spans:
            return evidence
        # A line that credits the outlet names it, as the question does: that says who reported,
        # not what. It is matched to the question without the name.
        topic = query
        for source in sources:
            name = re.escape(_THE.sub("", source))
            topic = re.sub(rf"(?<![\w-])(?:the\s+)?{name}(?![\w-])", " ", topic, flags=re.I)
        vectors = self._vectors_for(spans)
        similarity = vectors @ self.embedder.encode([topic])[0]
        topic_terms = set(content_terms(topic)) - REQUEST_TERMS
        kept = list(evidence)
        kept_vectors = list(self._vectors_for([u.locations[0] for u in kept])) if kept else []
        retold: list[Evidence] = []
        for i in np.argsort(-similarity, kind="stable"):
            text = self._text(spans[i])
            twin = _find_twin(text, vectors[i], kept + retold, kept_vectors)
            if twin is not None:
                if all(l.doc_id != spans[i].doc_id for l in twin.locations):
                    twin.locations.append(spans[i])
            elif len(retold) < n_units // 2:
                score = _score(float(similarity[i]), _overlap(topic_terms, text), 0.0)
                retold.append(
                    Evidence(
                        text=text,
                        locations=[spans[i]],
                        score=score,
                        similarity=float(similarity[i]),
                        before=self._sentence_before(spans[i]),
                    )
                )
                kept_vectors.append(vectors[i])
        # Ranked among the own lines by the formula evidence() scores them with (`_score`; a retold
        # line's against the question without the outlet's name and the request's words, an own
        # line's against the whole question, which it rarely matches in those words): a retold line
        # takes the place of an own line it outscores, and shows where it ranks (a small model
        # favours the first lines).
        return sorted(kept + retold, key=lambda u: -u.score)[:n_units]

    def _credited_in(self, article: Article) -> list[tuple[str, Location]]:
        if article.doc_id not in self._credits:
            self._credits[article.doc_id] = [
                (c.source, Location(article.doc_id, c.start, c.end)) for c in attributions(article, press_only=False)
            ]
        return self._credits[article.doc_id]

    def lead(self, doc_ids: set[str], n_units: int, query: str) -> list[Evidence]:
        """What a summary of these articles draws on: each article's lead, since a news story states
        its gist first (the inverted pyramid), then the sentences that add most to it (`_gist`),
        since the facts a reader wants often sit further down: a reaction, a quote, a condition. The
        articles take turns, each showing its most telling sentence not yet shown (a sentence two
        articles share, once), up to n_units: a small model writing three statements takes the
        first lines it is shown."""
        ranked: list[list[Location]] = []
        for doc_id in sorted(doc_ids):
            article = self.loaded.articles[doc_id]
            # The story starts under its headline (a line of its own); what sits above it is a
            # caption or furniture. An article without a headline starts at the top.
            headline = re.search(rf"(?m)^[ \t]*{re.escape(article.title)}[ \t]*$", article.text) if article.title != doc_id else None
            starts = headline.end() if headline else 0
            body = [Location(doc_id, s, e) for s, e in self._article_sentences(doc_id) if s >= starts]
            ranked.append(self._gist(body, n_units))  # more than its share: what another leaves, or repeats, it fills
        spans = [loc for turn in itertools.zip_longest(*ranked) for loc in turn if loc is not None]
        if not spans:
            return []
        # One wire story carried by two outlets: its sentences are shown once, not in pairs.
        vectors = self._vectors_for(spans)
        kept: list[int] = []
        for i in range(len(spans)):
            if len(kept) == n_units:
                break
            if all(float(vectors[i] @ vectors[j]) < NEAR_DUPLICATE_COSINE for j in kept):
                kept.append(i)
        spans = [spans[i] for i in kept]
        similarity = vectors[kept] @ self._encode_query(query)
        return [
            Evidence(text=self._text(loc), locations=[loc], score=0.0, similarity=float(sim), before=self._sentence_before(loc))
            for loc, sim in zip(spans, similarity)
        ]

    def _gist(self, body: list[Location], n: int) -> list[Location]:
        """Up to n sentences of an article, most telling first: the first LEAD_SENTENCES, then by
        maximal marginal relevance (Carbonell and Goldstein, 1998): each next sentence the one
        nearest the article's centroid (what the story keeps returning to) and least like any
        taken, so that a quote or a reaction is not crowded out by a third retelling of the lead.
        A story of n sentences or fewer is given whole, in its own order."""
        if len(body) <= n:
            return body
        vectors = self._vectors_for(body)
        centroid = vectors.mean(axis=0)
        closeness = vectors @ (centroid / (np.linalg.norm(centroid) or 1.0))
        taken = list(range(min(LEAD_SENTENCES, n)))
        while len(taken) < n:
            left = [
                i for i in range(len(body)) if i not in taken and max(float(vectors[i] @ vectors[j]) for j in taken) < NEAR_DUPLICATE_COSINE
            ]
            if not left:
                break
            taken.append(
                max(
                    left,
                    key=lambda i: (
                        GIST_CENTRALITY * closeness[i] - (1 - GIST_CENTRALITY) * max(float(vectors[i] @ vectors[j]) for j in taken)
                    ),
                )
            )
        return [body[i] for i in taken]

    def _encode_query(self, query: str) -> np.ndarray:
        """search() and evidence() embed the same query back to back: encode it once."""
        with self._lock:
            if self._last_query is not None and self._last_query[0] == query:
                return self._last_query[1]
        vector = self.embedder.encode([query])[0]
        with self._lock:
            self._last_query = (query, vector)
        return vector

    def _sentence_before(self, loc: Location) -> str:
        previous = [s for s in self._article_sentences(loc.doc_id) if s[1] <= loc.start]
        return self._text(Location(loc.doc_id, *previous[-1])) if previous else ""

    def sentence_after(self, loc: Location) -> Evidence | None:
        """The sentence that follows a span in its article, as a unit (None at the article's end)."""
        following = [s for s in self._article_sentences(loc.doc_id) if s[0] >= loc.end]
        if not following:
            return None
        after = Location(loc.doc_id, *following[0])
        return Evidence(text=self._text(after), locations=[after], before=self._text(loc))

    def _article_sentences(self, doc_id: str) -> list[tuple[int, int]]:
        if doc_id not in self._sentences:
            self._sentences[doc_id] = article_sentences(self.loaded.articles[doc_id])
        return self._sentences[doc_id]

    def _text(self, loc: Location) -> str:
        return self.loaded.articles[loc.doc_id].text[loc.start : loc.end]

    def _vectors_for(self, spans: list[Location]) -> np.ndarray:
        key = [(s.doc_id, s.start, s.end) for s in spans]
        with self._lock:
            todo = [k for k in dict.fromkeys(key) if k not in self._sentence_vectors]
        if todo:
            fresh = self.embedder.encode([self.loaded.articles[d].text[s:e] for d, s, e in todo])
            with self._lock:
                self._sentence_vectors.update(zip(todo, fresh))
        with self._lock:
            return np.stack([self._sentence_vectors[k] for k in key])


def clear_favourite(evidence: list[Evidence]) -> int | None:
    """The line (1-based) the embedder puts clearly closest to the question: CLEAR_LEAD or more
    above every other line shown. None when two or more are close."""
    if len(evidence) < 2:
        return None
    ranked = sorted(range(len(evidence)), key=lambda i: -evidence[i].similarity)
    first, second = evidence[ranked[0]].similarity, evidence[ranked[1]].similarity
    return ranked[0] + 1 if first - second >= CLEAR_LEAD else None


def _score(dense: Any, lexical: Any, chunk_rank: Any) -> Any:
    """A sentence's evidence score: its similarity decides; word overlap and its chunk's rank
    (1/rank) break near-ties."""
    return dense + 0.5 * lexical + 0.05 * chunk_rank


def _overlap(query_terms: set[str], text: str) -> float:
    if not query_terms:
        return 0.0
    return len(query_terms & set(content_terms(text))) / len(query_terms)


def _find_twin(text: str, vector: np.ndarray, units: list[Evidence], vectors: list[np.ndarray]) -> Evidence | None:
    """The unit already kept that says what this sentence says, if any. A sentence whose date has a
    part the other lacks ("founded in December 2015" beside "founded in 2015") says more: it is kept
    apart, or the line a "when" question needs would be merged into a vaguer one."""
    figures, dates = numbers(text), _date_readings(text)
    for unit, unit_vector in zip(units, vectors):
        if float(unit_vector @ vector) >= NEAR_DUPLICATE_COSINE and numbers(unit.text) == figures and _date_readings(unit.text) == dates:
            return unit
    return None


def _date_readings(text: str) -> set[tuple[tuple[int | None, int | None, int | None], ...]]:
    return {date.readings for date in dates_in(text)}
