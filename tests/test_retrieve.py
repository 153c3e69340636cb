"""Evidence selection: which retrieved sentences are shown to the model."""

from __future__ import annotations

import numpy as np

from rag.index import build_index
from rag.pipeline import Pipeline
from rag.retrieve import CLEAR_LEAD, _find_twin, clear_favourite
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


def _retriever(tmp_path, fake_embedder, stories: dict[str, str]):
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name, text in stories.items():
        (corpus / name).write_text(text)
    settings = Settings.from_env(environ={}, corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hashing-test")
    build_index(settings, fake_embedder)
    return Pipeline(settings, embedder=fake_embedder, model=ScriptedModel()).retriever


BRIDGE_STORY = """Tula council votes to rebuild the old bridge

The Tula council voted on Monday to rebuild the old bridge over the river.
The vote ends a year of debate in the town.
Parking fees rise in June.
A choir from Westland sang on Sunday.
The rebuilt bridge will carry buses as well as cars, the council said.
Ada Bello won the chess cup.
Residents of the east bank had asked the council for a ferry rather than a bridge.
"""


def test_a_summary_draws_on_the_lead_then_the_sentences_nearest_the_story_s_gist(tmp_path, fake_embedder) -> None:
    retriever = _retriever(tmp_path, fake_embedder, {"bridge.txt": BRIDGE_STORY})
    doc_id = next(iter(retriever.loaded.articles))
    shown = [e.text for e in retriever.lead({doc_id}, 4, "Summarise the story")]
    # The lead's two sentences, then the two that keep returning to the bridge and the council, in
    # the story's order; the parking fees, the choir and the chess cup are left out.
    assert shown == [
        "The Tula council voted on Monday to rebuild the old bridge over the river.",
        "The vote ends a year of debate in the town.",
        "The rebuilt bridge will carry buses as well as cars, the council said.",
        "Residents of the east bank had asked the council for a ferry rather than a bridge.",
    ]
    # A short story is shown whole.
    assert len(retriever.lead({doc_id}, 8, "Summarise the story")) == 7


RETOLD_STORY = """Tula council votes to rebuild the old bridge

The Tula council voted on Monday to rebuild the old bridge over the river.
The vote ends a year of debate in the town.
Parking fees rise in June.
Tula voted to rebuild the old bridge over the river.
"We have waited too long for a safe bridge," said Ada Bello, who runs the ferry on the river.
A choir from Westland sang on Sunday.
The new bridge will open in spring, the council said.
"""


def test_a_summary_passes_over_a_retelling_of_the_lead_for_what_adds_to_it(tmp_path, fake_embedder) -> None:
    retriever = _retriever(tmp_path, fake_embedder, {"bridge.txt": RETOLD_STORY})
    doc_id = next(iter(retriever.loaded.articles))
    retold = "Tula voted to rebuild the old bridge over the river."
    sentences = [Location(doc_id, s, e) for s, e in retriever._article_sentences(doc_id)]
    vectors = retriever._vectors_for(sentences)
    closeness = {retriever._text(loc): float(v @ vectors.mean(axis=0)) for loc, v in zip(sentences, vectors)}
    quote = next(text for text in closeness if text.startswith('"We have waited'))
    assert closeness[retold] > closeness[quote]  # the retelling is nearer the story's gist…
    shown = [e.text for e in retriever.lead({doc_id}, 4, "Summarise the story")]
    # …but says again what the lead said: the quote and the opening date are what a summary adds,
    # shown after the lead, most telling first.
    assert shown == [
        "The Tula council voted on Monday to rebuild the old bridge over the river.",
        "The vote ends a year of debate in the town.",
        quote,
        "The new bridge will open in spring, the council said.",
    ]


def test_a_summary_of_several_articles_lets_them_take_turns_and_shows_a_shared_sentence_once(tmp_path, fake_embedder) -> None:
    retriever = _retriever(tmp_path, fake_embedder, {"bridge.txt": BRIDGE_STORY, "retold.txt": RETOLD_STORY})
    doc_ids = sorted(retriever.loaded.articles)
    shown = retriever.lead(set(doc_ids), 6, "Summarise the stories")
    # The two stories open on the same two sentences: each is shown once, and the places they
    # would have taken go to what else the stories say.
    texts = [e.text for e in shown]
    assert texts.count("The Tula council voted on Monday to rebuild the old bridge over the river.") == 1
    assert texts.count("The vote ends a year of debate in the town.") == 1
    assert len(texts) == len(set(texts)) == 6
    assert {e.locations[0].doc_id for e in shown} == set(doc_ids)  # what the second adds is still there


def test_the_clear_favourite_is_the_line_far_closer_to_the_question_than_any_other() -> None:
    def units(*similarities: float) -> list[Evidence]:
        return [Evidence(text=f"line {i}", locations=[Location("a", i, i + 1)], similarity=s) for i, s in enumerate(similarities)]

    assert clear_favourite(units(0.45, 0.68, 0.52)) == 2  # the closest, by CLEAR_LEAD or more
    assert clear_favourite(units(0.61, 0.55, 0.40)) is None  # two close together: no favourite
    assert clear_favourite(units(0.7)) is None  # one line: nothing to stand clear of
    assert clear_favourite(units(0.50, 0.501 + CLEAR_LEAD)) == 2
    assert clear_favourite(units(0.50, 0.499 + CLEAR_LEAD)) is None


WIRE_STORY = """Tula ferry may stop in May

TULA (Lakeside Wire) – The Tula ferry may stop running in May, town officials said on Monday.
The ferry carries about 300 people a day across the river.
The ferry's owners want the council to pay for a new engine.
Ferry tickets rose by a third last year.
A ferry has crossed the river at Tula since 1920.
"""
COURIER_STORY = """Council debates the Tula ferry

The council debated the future of the ferry on Monday.
The Tula ferry may stop running in May, town officials said on Monday, Lakeside Wire reported.
A report from Lakeside Wire about the ferry said its owners had lost money for three years.
Parking fees rise in June.
The mayor of Westland is to marry in July, Lakeside Wire reported.
"""


def test_what_other_articles_credit_to_a_named_outlet_is_shown_beside_its_own_lines(tmp_path, fake_embedder) -> None:
    retriever = _retriever(tmp_path, fake_embedder, {"wire.txt": WIRE_STORY, "courier.txt": COURIER_STORY})
    own = {d for d, a in retriever.loaded.articles.items() if a.source == "Lakeside Wire"}
    query = "What has Lakeside Wire reported about the ferry?"
    evidence = retriever.evidence(query, 4, retriever.search(query, only=own))
    assert all(e.locations[0].doc_id in own for e in evidence)
    shown = retriever.with_credits(evidence, query, ["Lakeside Wire"], own, 4)
    texts = [e.text for e in shown]
    # The other article's credit to the outlet is shown; its own reporting is not.
    assert "A report from Lakeside Wire about the ferry said its owners had lost money for three years." in texts
    assert not any("council debated" in t or "Parking" in t for t in texts)
    # A credit about something else does not push out an own line it does not outscore.
    assert not any("marry" in t for t in texts) and len(shown) == 4
    # The credit that retells the outlet's own line joins that line as a second place it is said.
    lead = next(e for e in shown if e.text.startswith("TULA"))
    assert {loc.doc_id for loc in lead.locations} == {*own, *(set(retriever.loaded.articles) - own)}
    assert len(shown) <= 4
    # No credit to the outlet elsewhere: the evidence is as it was.
    assert retriever.with_credits(evidence, query, ["Westland Times"], own, 4) == evidence


def test_a_line_opening_according_to_the_named_outlet_is_a_credit_to_it_too(tmp_path, fake_embedder) -> None:
    # "According to…" credits officials as often as the press; naming an outlet the collection
    # holds articles of, it credits that outlet.
    courier = COURIER_STORY.replace(
        "A report from Lakeside Wire about the ferry said its owners", "According to Lakeside Wire, the ferry's owners"
    )
    retriever = _retriever(tmp_path, fake_embedder, {"wire.txt": WIRE_STORY, "courier.txt": courier})
    own = {d for d, a in retriever.loaded.articles.items() if a.source == "Lakeside Wire"}
    query = "What has Lakeside Wire reported about the ferry?"
    evidence = retriever.evidence(query, 4, retriever.search(query, only=own))
    texts = [e.text for e in retriever.with_credits(evidence, query, ["Lakeside Wire"], own, 4)]
    assert "According to Lakeside Wire, the ferry's owners had lost money for three years." in texts
