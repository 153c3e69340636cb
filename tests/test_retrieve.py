"""Evidence selection: which retrieved sentences are shown to the model."""

from __future__ import annotations

import numpy as np

from rag.index import build_index
from rag.pipeline import Pipeline
from rag.retrieve import _find_twin
from rag.settings import Settings
from rag.types import Evidence, Location

from .fakes import ScriptedModel


def _unit(text: str) -> Evidence:
    return Evidence(text=text, locations=[Location("a", 0, len(text))], score=1.0, similarity=1.0)


def test_a_sentence_carried_by_two_articles_is_shown_once() -> None:
    kept = _unit("The bridge opened in March 2019 after four years of work.")
    vector = np.array([1.0, 0.0])
    assert _find_twin("The bridge opened in March 2019 after four years of work, officials said.", vector, [kept], [vector]) is kept


def test_a_twin_with_a_fuller_date_says_more_and_is_kept_apart() -> None:
    kept = _unit("The bridge opened in 2019 after four years of work.")
    vector = np.array([1.0, 0.0])
    assert _find_twin("The bridge opened in March 2019 after four years of work.", vector, [kept], [vector]) is None
    assert _find_twin("The bridge opened on 4 March 2019 after four years of work.", vector, [kept], [vector]) is None


def test_the_sentence_after_a_span_is_the_next_one_of_its_article(tmp_path, fake_embedder) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "bridge.txt").write_text(
        "Tula weighs a new crossing\n\nThe council wants the old bridge rebuilt.\nBut residents prefer a ferry.\n"
    )
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")
    build_index(settings, fake_embedder)
    retriever = Pipeline(settings, embedder=fake_embedder, model=ScriptedModel()).retriever
    first = next(e for e in retriever.evidence("old bridge rebuilt", 4) if "council" in e.text)
    after = retriever.sentence_after(first.locations[0])
    assert after is not None and after.text == "But residents prefer a ferry." and after.before == first.text
    assert retriever.sentence_after(after.locations[0]) is None  # the article ends there
