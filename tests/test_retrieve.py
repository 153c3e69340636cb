"""Evidence selection: which retrieved sentences are shown to the model."""

from __future__ import annotations

import numpy as np

from rag.retrieve import _find_twin
from rag.types import Evidence, Location


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
