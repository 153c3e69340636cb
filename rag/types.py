"""The records that flow through the pipeline: articles, chunks, evidence, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One corpus file: its original text, metadata, and the spans worth indexing."""

    doc_id: str
    path: str
    text: str
    title: str
    source: str | None
    date: str | None  # ISO 8601 (YYYY-MM-DD) where the article gives one
    author: str | None
    segments: tuple[tuple[int, int], ...]  # [start, end) spans of body text, boilerplate removed
    sha256: str


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, with offsets into its original text."""

    chunk_id: str
    doc_id: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Location:
    """Where an evidence text occurs: an exact span of one article."""

    doc_id: str
    start: int
    end: int


@dataclass
class Evidence:
    """One numbered unit the model may cite; near-duplicates across articles share one unit."""

    text: str
    locations: list[Location]
    score: float = 0.0
    similarity: float = 0.0  # cosine between the question and this sentence
    before: str = ""  # the sentence before it in its article, for what "those" and "it" refer to


@dataclass(frozen=True)
class Citation:
    """A verified pointer to the exact text that supports an answer sentence."""

    doc_id: str
    start: int
    end: int
    quote: str  # always exactly original_text[start:end]
    title: str
    source: str | None
    date: str | None
    marker: int = 0  # the [n] in Answer.text that names this citation
    also_in: tuple[Location, ...] = ()  # same passage carried by other articles


@dataclass
class Answer:
    """What `rag.answer` returns: text with [n] markers, a refusal flag, and the citations."""

    text: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    question: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    dropped_sentences: list[str] = field(default_factory=list)  # model sentences that failed verification
    mode: str = "generated"  # generated | refused | naive | collection
    checks: list[dict[str, object]] = field(default_factory=list)  # each claim's verdict: reasons and signals
    support: float | None = None  # the pipeline's own estimate that the answer is supported (self-consistency, not a grade)

    def citation(self, marker: int) -> Citation:
        for cit in self.citations:
            if cit.marker == marker:
                return cit
        raise KeyError(marker)
