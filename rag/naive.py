"""The naive baseline the common quickstarts ship: top-k chunks, 'cite like [1]', no checks."""

from __future__ import annotations

import re

from .pipeline import Pipeline, validate_question
from .types import Answer, Citation

NAIVE_K = 4
NAIVE_PROMPT = "Use the following context to answer the question. Cite the sources you use like [1].\n\n{context}\n\nQuestion: {question}"
_REFUSAL_WORDS = re.compile(
    r"\b(not (mentioned|provided|stated|specified|available)|does not (say|mention|provide)|no information|cannot (answer|be determined)|don't know)\b",
    re.I,
)


class NaivePipeline:
    """Same index and model as ours; none of the evidence selection, constraints or verification."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self.retriever = pipeline.retriever

    def answer(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer:
        question = validate_question(question, self.pipeline.settings.max_question_chars)
        if history:
            question = f"{history[-1][0]} {question}"
        chunks = [self.pipeline.loaded.chunks[c.index] for c in self.retriever.search(question, NAIVE_K)]
        context = "\n\n".join(f"[{i}] {' '.join(c.text.split())}" for i, c in enumerate(chunks, 1))
        messages = [{"role": "user", "content": NAIVE_PROMPT.format(context=context, question=question)}]
        text = self.pipeline.model.complete(messages, max_tokens=self.pipeline.settings.max_answer_tokens).strip()
        citations = []
        for marker in dict.fromkeys(int(m) for m in re.findall(r"\[(\d+)\]", text)):
            if 1 <= marker <= len(chunks):
                chunk = chunks[marker - 1]
                article = self.pipeline.loaded.articles[chunk.doc_id]
                citations.append(
                    Citation(chunk.doc_id, chunk.start, chunk.end, chunk.text, article.title, article.source, article.date, marker)
                )
        refused = bool(_REFUSAL_WORDS.search(text)) or not text
        return Answer(text, refused, citations, question, mode="naive")
