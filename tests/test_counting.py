"""What a figure counts, on sentences written for the test; the limit on the real embedder's word pairs."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rag.counting import asked_count, asked_measure, counts_to_compare, line_counts
from rag.settings import PROJECT_ROOT
from rag.verify import Thresholds


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("How many nurses walked out on Monday?", "nurses"),
        ("How many union members have been arrested since May?", "members"),
        ("How many Kenyan runners finished in the top ten?", "runners"),
        ("How many U.S. nurses are still on strike?", "nurses"),
        ("How many people live in the valley?", "people"),
        ("How many were hurt?", None),
        ("When did the strike end?", None),
    ],
)
def test_the_question_counts_the_noun_after_how_many(question: str, noun: str | None) -> None:
    assert asked_count(question) == noun


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("What is the population of Tula?", "population"),
        ("What was the voter turnout in the runoff?", "turnout"),
        ("What is the number of nurses on strike?", "nurses"),  # a number names no group: what it is of does
        ("What was the total number of ferries lost?", "ferries"),
        ("What is the size of the fleet?", None),  # of something no plural names: nothing to compare
        ("What is the death toll in the valley?", None),  # "toll" names no group and is not "of" anything
        ("What is Tula's population?", None),
        ("Why is the turnout low?", None),
        ("What is the capacity of the stadium?", None),  # it holds fans, which "capacity" does not name
        ("What is the height of the tower?", None),
    ],
)
def test_a_measure_question_names_the_group_it_measures(question: str, group: str | None) -> None:
    assert asked_measure(question) == group


def test_a_measure_is_compared_with_the_group_the_line_counts_never_with_a_unit() -> None:
    line = "Tula, a port of 40,000 residents, lost 12 ferries in 30 years."
    assert counts_to_compare("What is the population of Tula?", "12", line) == ("population", ["ferries"])
    assert counts_to_compare("What is the population of Tula?", "40,000", line) == ("population", ["residents"])
    assert counts_to_compare("What is the age of the port?", "30", line) is None  # years measure an age
    assert counts_to_compare("What is the number of ferries it lost?", "12", line) is None  # the same word


def test_the_line_counts_the_noun_after_the_figure_past_its_modifiers() -> None:
    line = "Some 1,200 hospital nurses joined, 40 wards closed and about 300 in Mombasa stayed home."
    assert line_counts(line, "1,200") == ["nurses"]
    assert line_counts(line, "40") == ["wards"]
    assert line_counts(line, "300") == []  # "300 in Mombasa": what it counts is not said here
    assert line_counts("At least 12 buses currently run.", "12") == ["buses"]
    assert line_counts("Its 40 buses run every day.", "40") == ["buses"]  # the plural, not a verb or a later noun
    assert line_counts("The flood killed at least one member of the crew.", "one") == []  # no plural: nothing to compare


def test_only_different_words_are_left_to_judge() -> None:
    line = "More than 150 marches were held, and 2,000 nurses joined them in 2024."
    assert counts_to_compare("How many nurses walked out?", "150", line) == ("nurses", ["marches"])
    assert counts_to_compare("How many nurses walked out?", "2,000", line) is None  # the same word
    assert counts_to_compare("How many nurses walked out?", "2024", line) is None  # a year is no count
    assert counts_to_compare("Why did the nurses walk out?", "150", line) is None


@pytest.mark.slow
def test_the_count_limit_classifies_most_written_word_pairs_right_on_the_real_embedder() -> None:
    from rag.embed import get_embedder

    pairs = json.loads((PROJECT_ROOT / "eval" / "calibration" / "count_pairs.json").read_text())
    embedder = get_embedder("packaged:all-MiniLM-L6-v2")

    def cosines(kind: str) -> np.ndarray:
        a = embedder.encode([p[0] for p in pairs[kind]])
        b = embedder.encode([p[1] for p in pairs[kind]])
        return np.sum(a * b, axis=1)

    same, other = cosines("same_kind"), cosines("other_kind")

    def right(limit: float) -> int:
        return int((same >= limit).sum() + (other < limit).sum())

    limit = Thresholds().min_count_similarity
    assert right(limit) >= 0.75 * (len(same) + len(other))
    assert right(limit) == max(right(x) for x in np.arange(0.2, 0.9, 0.025)), "the limit is the best on its pairs"
