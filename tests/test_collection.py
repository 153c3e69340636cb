"""Collection questions answered from metadata and exact text, on articles written for the test."""

from __future__ import annotations

from rag.collection import articles_named, collection_answer
from rag.types import Article


def article(doc_id: str, title: str, body: str, source: str | None, date: str | None, author: str | None) -> Article:
    text = f"{title}\n\n{body}"
    return Article(doc_id, "", text, title, source, date, author, ((len(title) + 2, len(text)),), "0" * 64)


ARTICLES = {
    a.doc_id: a
    for a in [
        article(
            "a",
            "Strike enters second week",
            "Union leader Maria Lopez said 4,000 workers stay out. The plant is idle.",
            "Daily Post",
            "2025-02-03",
            "Sam Reed",
        ),
        article(
            "b", "Council rejects budget", "The council voted 7-2. Mayor Jane Ortiz called it a mistake.", "City Wire", "2025-02-10", None
        ),
        article("c", "Talks resume at the plant", "Maria Lopez met managers on Friday. No figure was given.", None, "2025-01-28", None),
    ]
}


def test_newest_and_oldest_come_from_the_dates_and_cite_the_title() -> None:
    newest = collection_answer("Which is the most recent article?", ARTICLES)
    assert newest is not None and not newest.refused
    assert "Council rejects budget" in newest.text and "10 February 2025" in newest.text
    assert newest.citations[0].quote == "Council rejects budget"
    oldest = collection_answer("Which is the earliest story in the collection?", ARTICLES)
    assert oldest is not None and "Talks resume at the plant" in oldest.text


def test_articles_that_mention_a_name_are_listed_with_the_sentence_that_names_it() -> None:
    found = collection_answer("Which articles mention Maria Lopez?", ARTICLES)
    assert found is not None and found.text.startswith("2 of the 3 articles mention Maria Lopez")
    assert [c.doc_id for c in found.citations] == ["c", "a"]  # oldest first
    for citation in found.citations:
        assert "Maria Lopez" in citation.quote and ARTICLES[citation.doc_id].text[citation.start : citation.end] == citation.quote


def test_a_figure_asked_for_must_be_in_the_naming_sentence() -> None:
    found = collection_answer("Which articles give a figure for Maria Lopez's workers?", ARTICLES)
    assert found is not None and [c.doc_id for c in found.citations] == ["a"]


def test_a_name_no_article_mentions_is_refused_plainly() -> None:
    found = collection_answer("Which articles mention Westland?", ARTICLES)
    assert found is not None and found.refused and "None of the 3 articles" in found.text


def test_bylines_are_listed_and_cited_where_the_text_gives_them() -> None:
    found = collection_answer("Which articles carry a byline?", ARTICLES)
    assert found is not None and "1 of the 3 articles carry a byline" in found.text and "Sam Reed" in found.text


def test_a_byline_is_cited_where_it_heads_the_story_with_the_marker_after_the_name() -> None:
    signed = article(
        "s",
        "Ferry fares rise",
        "By Lena Fox\n\nFares rise 5% in May.\n(Reporting by Lena Fox; Editing by Kim Park)",
        "Lakeside Wire",
        "2025-03-04",
        "Lena Fox",
    )
    found = collection_answer("Which articles carry a byline?", {"s": signed})
    assert (
        found is not None
        and found.text == "1 of the 1 articles carry a byline: “Ferry fares rise” (Lakeside Wire, 4 March 2025) is by Lena Fox [1]."
    )
    # The byline under the headline, not the credit line at the end, though both give her name.
    assert found.citations[0].start == signed.text.index("By Lena Fox") + 3


def test_what_an_article_reports_is_left_to_the_pipeline() -> None:
    assert collection_answer("What does the collection say about Maria Lopez?", ARTICLES) is None


def test_an_outlet_or_byline_in_the_question_names_its_articles() -> None:
    assert articles_named("Summarise the City Wire report.", ARTICLES) == {"b"}
    assert articles_named("What did Reed's piece say?", ARTICLES) == {"a"}
    assert articles_named("What happened at the plant?", ARTICLES) is None


CREDITED = {
    a.doc_id: a
    for a in [
        article(
            "w",
            "Port strike ends after pay deal",
            "Dockers accepted a 6% raise on Monday, the union said.\n(Reporting by Lena Fox; Additional reporting by Omar Haddad, Editing by Kim Park)",
            "Lakeside Wire",
            "2025-03-01",
            "Lakeside Wire Staff",
        ),
        article("p", "Bakery {wins} award", "The bakery on Elm Street won a regional prize for its bread.", None, "2025-03-02", None),
    ]
}


def test_who_wrote_or_edited_a_story_comes_from_its_byline_and_credit_line() -> None:
    wrote = collection_answer("Who wrote the Lakeside Wire story on the port strike?", CREDITED, lambda q: ["w", "p"])
    assert wrote is not None and not wrote.refused
    assert "is by Lena Fox [1] and Omar Haddad [2]" in wrote.text  # the outlet's own byline is no person
    assert [c.quote for c in wrote.citations] == ["Lena Fox", "Omar Haddad"]  # the credit is the evidence, not the title
    edited = collection_answer("Who edited the story on the pay deal?", CREDITED, lambda q: ["w"])
    assert edited is not None and "was edited by Kim Park [1]" in edited.text
    for answer in (wrote, edited):
        for c in answer.citations:
            assert CREDITED[c.doc_id].text[c.start : c.end] == c.quote
        assert answer.citations[-1].quote in ("Omar Haddad", "Kim Park")


def test_a_story_that_credits_no_one_is_said_so_and_a_next_match_that_does_is_named_as_such() -> None:
    found = collection_answer("Which reporter wrote the story about the bakery prize?", CREDITED, lambda q: ["p"])
    assert found is not None and found.refused and found.citations == []
    assert "“Bakery {wins} award”" in found.text and "does not carry a byline" in found.text
    next_match = collection_answer("Which reporter wrote the story about the bakery prize?", CREDITED, lambda q: ["p", "w"])
    assert next_match is not None and not next_match.refused
    assert next_match.text.startswith(
        "The article that best matches the question, “Bakery {wins} award” (2 March 2025), does not carry a byline; the next match, “Port strike"
    )
    assert "is by Lena Fox [1] and Omar Haddad [2]." in next_match.text


PRESS = {
    a.doc_id: a
    for a in [
        article(
            "m",
            "Mill to close",
            "The mill will close in May, the Daily Post reported. Workers told Lakeside Wire they were stunned.",
            None,
            "2025-04-01",
            None,
        ),
        article(
            "n",
            "Mill buyer sought",
            "A buyer may step in, according to the Daily Post. The union said it would fight.",
            None,
            "2025-04-03",
            None,
        ),
    ]
}


def test_the_outlets_the_articles_credit_are_listed_each_cited_where_first_credited() -> None:
    found = collection_answer("Which news outlets do the articles cite as sources?", PRESS)
    assert found is not None and found.text == "The articles credit 2 news sources: Daily Post [1] and Lakeside Wire [2]."
    assert [c.quote for c in found.citations] == [
        "The mill will close in May, the Daily Post reported.",
        "Workers told Lakeside Wire they were stunned.",
    ]


def test_what_the_articles_credit_to_one_source_is_quoted_from_each_sentence_that_credits_it() -> None:
    found = collection_answer("What does the collection attribute to the Daily Post?", PRESS)
    assert found is not None and found.text.startswith("The articles credit the Daily Post with 2 reports: “The mill will close in May")
    assert [c.doc_id for c in found.citations] == ["m", "n"]
    # The last quotation ends its own sentence: no full stop after its marker.
    assert found.text.endswith("” [2]") and "” [1]; “" in found.text
    # A source the articles name but never credit is left to the pipeline.
    assert collection_answer("What do the articles attribute to the union?", PRESS) is None


def test_a_credit_question_no_article_matches_is_refused_and_a_report_the_news_covers_is_not_a_credit_question() -> None:
    nothing = collection_answer("Who wrote the story about the moon landing?", CREDITED, lambda q: [])
    assert nothing is not None and nothing.refused and "None of the 2 articles" in nothing.text
    assert collection_answer("Who wrote the council's report on flooding?", CREDITED, lambda q: ["w"]) is None


def test_names_with_braces_are_shown_as_text() -> None:
    body = "Fares rise today.\n(Reporting by Jane {0} Doe; Editing by Kim {name} Park)"
    braced = {"b": article("b", "Fares {rise}", body, None, "2025-03-01", None)}
    wrote = collection_answer("Who wrote the story on fares?", braced, lambda q: ["b"])
    assert wrote is not None and "is by Jane {0} Doe [1]" in wrote.text and "“Fares {rise}”" in wrote.text
    assert collection_answer("Which agencies did the mayor credit for the rescue?", braced) is None  # about the world


def test_articles_that_mention_several_names_cite_a_sentence_naming_the_rarest() -> None:
    troops = {
        a.doc_id: a
        for a in [
            article(
                "f",
                "France trims its Sahel force",
                "French officials confirmed the plan. About 1,500 soldiers remain in Niger.",
                None,
                "2025-05-01",
                None,
            ),
            article("g", "Niger junta speaks", "The junta in Niger gave no figure for the French troops.", None, "2025-05-02", None),
            article("h", "Paris budget", "French spending rose 2% this year.", None, "2025-05-03", None),
        ]
    }
    found = collection_answer("Which articles give a figure for French troops in Niger?", troops)
    assert found is not None and [c.doc_id for c in found.citations] == ["f"]
    assert found.citations[0].quote == "About 1,500 soldiers remain in Niger."


def test_a_name_only_the_headline_gives_cites_the_headline_and_a_metadata_byline_is_named_not_cited() -> None:
    two = {
        a.doc_id: a
        for a in [
            article("o", "Ortiz backs Reed", "She thanked the council on Monday.", None, "2025-06-01", "Ann Lee"),
            article("q", "Ortiz visits the port", "Jane Ortiz met dockers.", None, "2025-06-02", None),
        ]
    }
    found = collection_answer("Which articles mention Ortiz and Reed?", two)
    assert found is not None and [c.quote for c in found.citations] == ["Ortiz backs Reed"]
    wrote = collection_answer("Who wrote the story on Ortiz backing Reed?", two, lambda q: ["o"])
    assert wrote is not None and wrote.text.endswith("is by Ann Lee (from the article's details).") and wrote.citations == []


def test_the_people_the_articles_quote_are_listed_each_cited_where_first_quoted() -> None:
    articles = {
        a.doc_id: a
        for a in [
            article(
                "a",
                "Strike ends",
                "Lopez added that pay rose 6%. Union leader Maria Lopez said the vote was clear. Eastport said it agreed.",
                "Daily Post",
                "2025-02-03",
                None,
            ),
            article(
                "b",
                "Budget passes",
                "The council said the budget was passed. “It is a good day,” Mayor Jane Ortiz told reporters.",
                "City Wire",
                "2025-02-10",
                None,
            ),
        ]
    }
    quoted = collection_answer("Who is quoted in the articles?", articles)
    assert quoted is not None and not quoted.refused
    assert quoted.text == "The articles quote 2 people by name: Maria Lopez [1] and Jane Ortiz [2]."
    # A surname alone is the full name it ends ("Lopez added…" is cited first); a lone name no full name ends ("Eastport") is no one.
    assert [c.quote for c in quoted.citations] == ["Lopez added that pay rose 6%.", "“It is a good day,” Mayor Jane Ortiz told reporters."]
    nobody = collection_answer(
        "Who is quoted in the articles?", {"b": article("b", "Budget", "The council said it passed.", None, None, None)}
    )
    assert nobody is not None and nobody.refused and nobody.text == "None of the 1 articles quotes anyone by name."


def test_people_quoted_are_only_those_described_as_the_question_asks() -> None:
    # "Which Westlandish officials…": the title before the name, or the appositive after it, says
    # so, as the word or as its country ("Westland's trade envoy").
    articles = {
        "a": article(
            "a",
            "Talks",
            "Former Westlandish Prime Minister Ada Bello said the talks would fail. "
            "Eastland Trade Secretary Sam Reed said they would not. "
            "“We will wait,” said Tom Hale, Westland's trade envoy.",
            "2024-01-05",
            None,
            None,
        )
    }
    asked = collection_answer("Which Westlandish officials are quoted by name in the coverage?", articles)
    assert asked is not None and not asked.refused
    # Those the articles do not describe so are counted, not hidden.
    assert asked.text == "Of the 3 people the articles quote by name, 2 are described as Westlandish: Ada Bello [1] and Tom Hale [2]."
    everyone = collection_answer("Which officials are quoted by name in the coverage?", articles)
    assert everyone is not None and "3 people by name" in everyone.text
    # No one described so: what the articles say is the pipeline's to read, not "none".
    assert collection_answer("Which Northland officials are quoted?", articles) is None


def test_a_description_is_read_in_the_name_s_own_sentence() -> None:
    # "…the Westland talks. Sam Reed, a delegate, said…": the word before the full stop is not
    # Reed's title; "Gen." is an abbreviation, not a sentence's end.
    articles = {
        "a": article(
            "a",
            "Talks",
            "Delegates met for the Westland talks. Sam Reed, a delegate, said they went well. Westland envoy Gen. Ann Cole said so too.",
            "2024-01-05",
            None,
            None,
        )
    }
    asked = collection_answer("Which Westland officials are quoted?", articles)
    assert asked is not None and asked.text == "Of the 2 people the articles quote by name, 1 is described as Westland: Ann Cole [1]."


def test_a_description_is_the_person_s_own_title_or_appositive_read_as_a_whole() -> None:
    def quoted(body: str, question: str) -> str | None:
        found = collection_answer(question, {"a": article("a", "Talks", body, "2024-01-05", None, None)})
        return found.text if found else None

    # A demonym no ending gives back its country by; a phrase as a whole; alternatives.
    assert quoted("Ada Bello, France's trade envoy, said so.", "Which French officials are quoted?") == (
        "The articles quote 1 person described as French by name: Ada Bello [1]."
    )
    assert quoted("North Westland envoy Sam Reed said so.", "Which South Westland officials are quoted?") is None
    both = quoted(
        "Westland envoy Sam Reed said so. Eastland envoy Ada Bello said no. Tula envoy Tom Hale said maybe.",
        "Which Westland and Eastland officials are quoted?",
    )
    assert both == "Of the 3 people the articles quote by name, 2 are described as Westland or Eastland: Sam Reed [1] and Ada Bello [2]."
    # Not what another clause, a quotation or a place the person went to says.
    assert quoted("After meeting Westland's president, Eastland envoy Sam Reed said so.", "Which Westland officials are quoted?") is None
    assert quoted("“We urge Westland to talk,” Sam Reed, Eastland's envoy, said.", "Which Westland officials are quoted?") is None
    assert quoted("Sam Reed, Eastland's envoy to Westland, said so.", "Which Westland officials are quoted?") is None
    # A lower-case description narrows too; "senior" does not.
    assert quoted("Sam Reed, an opposition lawmaker, said so. Mayor Ada Bello said no.", "Which opposition politicians are quoted?") == (
        "Of the 2 people the articles quote by name, 1 is described as opposition: Sam Reed [1]."
    )
    assert "2 people by name" in (
        quoted("Sam Reed, an opposition lawmaker, said so. Mayor Ada Bello said no.", "Which senior officials are quoted?") or ""
    )
    # A name after a verb or a link word follows no title; a relative clause is no description.
    assert quoted("Westland welcomed Sam Reed warmly. Sam Reed, a delegate, said so.", "Which Westland officials are quoted?") is None
    assert quoted("Talks with Westland and Sam Reed ended. Sam Reed, a delegate, said so.", "Which Westland officials are quoted?") is None
    assert quoted("Sam Reed, who visited Westland last week, said so.", "Which Westland officials are quoted?") is None
    # The title may stand before the name's commas; an acronym ends a sentence.
    assert quoted(
        "Westland's foreign minister, Ada Bello, said so. Westland envoy Sam Reed said no.", "Which Westland officials are quoted?"
    ) == ("The articles quote 2 people described as Westland by name: Ada Bello [1] and Sam Reed [2].")
    assert quoted("The talks were held in the UK. Sam Reed, a delegate, said so.", "Which British officials are quoted?") is None
    assert quoted("United Nations envoy Ada Bello said so.", "Which American officials are quoted?") is None
    # "Nigerian" is of Nigeria, not of Niger.
    assert quoted("Sam Reed, Niger's envoy, said so.", "Which Nigerian officials are quoted?") is None
