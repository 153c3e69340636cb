from __future__ import annotations

from rag.chunking import chunk_corpus, split_sentences
from rag.corpus import load_corpus

from .conftest import CORPUS


def test_every_chunk_is_its_original_slice() -> None:
    articles = {a.doc_id: a for a in load_corpus(CORPUS)}
    chunks = chunk_corpus(articles.values())
    assert len(chunks) > 20
    for chunk in chunks:
        original = articles[chunk.doc_id].text
        assert original[chunk.start : chunk.end] == chunk.text
        for start, end in chunk.sentences:
            assert chunk.start <= start < end <= chunk.end


def test_abbreviations_do_not_split_sentences() -> None:
    text = "Maj. Gen. Kenneth P. Ekman met U.S. officials. The U.S. returned in 2014. Lt. Col. Smith left."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Maj. Gen. Kenneth P. Ekman met U.S. officials.",
        "The U.S. returned in 2014.",
        "Lt. Col. Smith left.",
    ]


def test_quotes_and_ellipses() -> None:
    text = "He said “a clear timeline... and a reduction”, officials said. “It is clear,” he said. Next one."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences[0].endswith("officials said.")
    assert len(sentences) == 3


def test_chunk_ids_are_stable_and_content_derived() -> None:
    first = [c.chunk_id for c in chunk_corpus(load_corpus(CORPUS))]
    second = [c.chunk_id for c in chunk_corpus(load_corpus(CORPUS))]
    assert first == second
    assert len(set(first)) == len(first)


def test_chunks_respect_the_size_limit_unless_one_sentence_is_longer() -> None:
    for chunk in chunk_corpus(load_corpus(CORPUS), chunk_chars=300):
        assert chunk.end - chunk.start <= 300 or len(chunk.sentences) == 1


def test_a_quotation_stays_with_its_attribution() -> None:
    text = '"I don\'t think they want a full withdrawal. That is clear," the former prime minister said. Next.'
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences[0].endswith("prime minister said.")
    assert len(sentences) == 2


def test_no_is_an_abbreviation_only_before_a_figure() -> None:
    text = "She is ranked No. 1 in the world. The mayor said no. Talks end today."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "She is ranked No. 1 in the world.",
        "The mayor said no.",
        "Talks end today.",
    ]
