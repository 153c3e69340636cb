"""Who a sentence credits, stated on sentences written for the test."""

from __future__ import annotations

from rag.attribution import attributions, same_source, speakers, unsaid_in_line
from rag.types import Article


def article(body: str) -> Article:
    return Article("x", "", body, "x", None, None, None, ((0, len(body)),), "0" * 64)


def sources(body: str, press_only: bool = True) -> list[str]:
    return [a.source for a in attributions(article(body), press_only)]


def test_the_press_is_credited_by_reporting_verbs_datelines_and_who_was_told() -> None:
    assert sources("The mill will close in May, the Daily Post reported.") == ["Daily Post"]
    assert sources("Two managers told Lakeside Wire the talks had failed.") == ["Lakeside Wire"]
    assert sources("NAIROBI (Lakeside Wire) – Rain closed the airport on Monday.") == ["Lakeside Wire"]
    assert sources("A report from the Courier said the mayor would resign.") == ["Courier"]
    assert sources("Sources told KTV that the plant was sold.") == ["KTV"]
    assert sources("The mill will close in May, the Daily Post reported Tuesday.") == ["Daily Post"]
    assert sources("Rail fares will rise, Lakeside Wire reported late on Monday.") == ["Lakeside Wire"]
    assert sources("Acme reported in its annual filing that profits fell.") == []  # a company's report, not the press
    assert sources("A Daily Post report said the mayor would resign.") == ["Daily Post"]
    assert sources("A Tuesday report said the mayor would resign.") == []  # a day is no source


def test_said_and_according_to_credit_anyone_so_only_count_when_any_source_will_do() -> None:
    body = "The bridge will reopen in June, according to the transport office. Mayor Ortiz said repairs were done."
    assert sources(body) == []
    assert sources(body, press_only=False) == ["Mayor Ortiz"]  # "the transport office" is no name
    assert sources("The budget passed, according to the City Council.", press_only=False) == ["City Council"]


def test_a_sentence_opener_is_no_source() -> None:
    assert sources("It reported a loss. They told Reuters nothing.") == ["Reuters"]


def test_sources_match_with_or_without_the_and_acronyms_by_case() -> None:
    assert same_source("The Daily Post", "daily post") and same_source("AFP", "AFP") and not same_source("AFP", "Afp")


def test_a_credit_sits_at_a_clause_edge_so_what_a_company_reports_or_whom_an_officer_orders_is_none() -> None:
    assert sources("Apple reported record quarterly profits.") == []
    assert sources("The officer told Smith to leave.") == []
    assert sources("There were reports from the coast of flooding.") == []
    assert sources("In March the Daily Post reported that the mill would close.") == ["Daily Post"]
    assert sources("LONDON, Jan 5 (Lakeside Wire) – Rail fares rise today.") == ["Lakeside Wire"]
    assert sources("The fares will rise, said Sam Reed.", press_only=False) == ["Sam Reed"]


def test_a_person_quoted_by_name_is_the_name_before_a_verb_of_speech_titles_left_out() -> None:
    assert speakers("Mayor Jane Ortiz, who chairs the port board, said the deal was fair.") == ["Jane Ortiz"]
    assert speakers("“We won,” former Health Minister Ali al-Amin told reporters.") == ["Ali al-Amin"]
    assert speakers("Secretary of State Sam K. Poe confirmed the talks and said more would follow.") == ["Sam K. Poe"]
    assert speakers("Ortiz said the ferries would resume.") == ["Ortiz"]  # a surname: the caller matches it to a full name
    # Institutions and groups speak too, but are no one; a name after "for" or "of" is not the speaker.
    assert speakers("The Foreign Ministry said the talks would resume.") == []
    assert speakers("A spokesman for Jane Ortiz said she was away.") == []
    assert speakers("The office of Mayor Jane Ortiz said she was away.") == []
    assert speakers("Jane Ortiz opened the bridge on Monday.") == []  # named, not quoted
    # Other common forms: the name after the quotation, the name after a title and a comma.
    assert speakers("“It is unsafe,” said engineer Ann Lee.") == ["Ann Lee"]
    assert speakers("The mayor, Jane Ortiz, said it was fine.") == ["Jane Ortiz"]
    assert speakers("But Ortiz said no.") == ["Ortiz"]  # an opening word is no part of the name
    assert speakers("John Major, the former prime minister, said so.") == ["John Major"]  # a title word as a surname
    # A body, or a capitalised pair the sentence does not mark as a person (no title, no
    # appositive, no quotation), is no one.
    assert speakers("Human Rights Watch, a rights group, said it was alarmed.") == []
    assert speakers("Goldman Sachs said profits rose.") == []


def test_who_said_something_is_answered_only_by_a_line_that_says_it() -> None:
    # Rule: asked who said a thing, the line must hold most of that thing; whoever else it quotes
    # did not say it there.
    question = "Who said that the ferry strike could last until the harbour elections in June?"
    other = "Mayor Sam Reed said on Monday the council would meet twice a week."
    same = "The strike could last until June's harbour elections, a union official told Lakeside Wire."
    assert unsaid_in_line(other, question) == "the ferry strike could last until the harbour elections in June"
    assert unsaid_in_line(same, question) is None
    assert unsaid_in_line(other, "Who said so?") is None  # nothing given to look for
    assert unsaid_in_line(other, "Who chairs the council?") is None  # no saying asked about
    assert unsaid_in_line(other, "Who said that about the Eastport ferry strike?") is None  # "that" points back
    # Verbs that also take a plain object count only with "that": a claim of responsibility, an
    # announced closure, whom someone told.
    assert (
        unsaid_in_line(
            "Rebels claimed responsibility for the attack, their radio said.", "Who claimed responsibility for the bombing in Eastport?"
        )
        is None
    )
    assert (
        unsaid_in_line("The port will close, the mayor told reporters.", "Who told reporters at a news conference the port would close?")
        is None
    )
    assert unsaid_in_line(other, "Who warned that ferry fares would rise sharply next year?") == "ferry fares would rise sharply next year"
    from rag.verify import evidence_reasons

    assert any("does not say it" in r for r in evidence_reasons("Sam Reed", other, question))
    assert not any("does not say it" in r for r in evidence_reasons("a union official", same, question))


def test_who_said_a_thing_is_answered_by_whom_a_line_holding_it_has_say_it() -> None:
    # Rule: asked who said a thing, the answer is whom a line that holds it has say it, named
    # ("Mayor Ada Bello told reporters") or described ("a ministry spokeswoman told the Daily Post",
    # "two people familiar with the plans said"); a line that does not hold it offers no one.
    from rag.attribution import asks_who_said, speakers_of

    question = "Who said the Tula port would reopen in May?"
    assert asks_who_said(question) and not asks_who_said("Who reopened the Tula port?")
    assert speakers_of("The Tula port would reopen in May, Mayor Ada Bello told reporters.", question) == ["Ada Bello"]
    assert speakers_of("The Tula port would reopen in May, a ministry spokeswoman told the Daily Post on Monday.", question) == [
        "a ministry spokeswoman told the Daily Post"
    ]
    assert speakers_of("A spokesman for the Tula ministry said the port would reopen in May.", question) == [
        "A spokesman for the Tula ministry"
    ]
    assert speakers_of("The Tula port will reopen in May, two people familiar with the plans said.", question) == [
        "two people familiar with the plans"
    ]
    assert speakers_of("The mill will close in June, a ministry spokeswoman said.", question) == []
    # Clause by clause: another clause's speaker is not this saying's; one who denies it did not say it.
    fares = "Who said fares would rise in March?"
    assert speakers_of("Mayor Sam Reed said the port would close, while Governor Ana Ruiz said fares would rise in March.", fares) == [
        "Ana Ruiz"
    ]
    assert speakers_of("“We will not let fares rise in March,” said Mayor Sam Reed.", fares) == []
    assert speakers_of("The Tula port is busy, a ministry spokeswoman said.", "Who said so?") == ["a ministry spokeswoman"]


def test_a_credit_shared_by_names_joined_with_and_goes_to_each() -> None:
    assert sources("The bridge shut, the Daily Post and Lakeside Wire reported.") == ["Daily Post", "Lakeside Wire"]
    assert sources("The Daily Post, the Courier and Lakeside Wire reported on Monday that it shut.") == [
        "Daily Post",
        "Courier",
        "Lakeside Wire",
    ]
    assert sources("Eastland and Westland reported record harvests.") == []  # what a country reports is no credit
    assert sources("The Daily Post and the Courier both reported that it shut.") == ["Daily Post", "Courier"]
    assert sources("The Daily Post as well as Lakeside Wire reported that it shut.") == ["Daily Post", "Lakeside Wire"]
    # Only names that open the clause share it: not a place the clause before ends on, a list begun
    # before it, an opener's place, or a body named by its kind.
    assert sources("The storm hit Tula and the Daily Post reported that 10 died.") == ["Daily Post"]
    assert sources("Hospitals in Tula, Lakeside and Eastport reported.") == ["Eastport"]
    assert sources("In Tula, the Daily Post and Lakeside Wire reported that the bridge shut.") == ["Daily Post", "Lakeside Wire"]
    assert sources("Police and Lakeside Wire reported.") == ["Lakeside Wire"]
    assert sources("However, the Daily Post and Lakeside Wire reported that the bridge shut.") == ["Daily Post", "Lakeside Wire"]
    assert sources("The bridge shut in Tula, the Daily Post and Lakeside Wire reported.") == ["Daily Post", "Lakeside Wire"]


def test_possessive_reports_and_reported_by_and_a_sentence_opening_according_to_count_when_any_source_will_do() -> None:
    assert sources("The Daily Post's report said the bridge shut.") == []
    assert sources("The Daily Post's report said the bridge shut.", press_only=False) == ["Daily Post"]
    assert sources("The strike was first reported by the Courier.", press_only=False) == ["Courier"]
    assert sources("According to the Courier, the bridge shut.", press_only=False) == ["Courier"]
    assert sources("The council's report said the bridge shut.", press_only=False) == []  # no name
    # A report the sentence sets aside or disputes is no credit to its outlet.
    assert sources("Unlike the Daily Post's report, the Courier's story said 12 died.", press_only=False) == ["Courier"]
    assert sources("Lakeside Wire said the Daily Post's report was wrong.", press_only=False) == ["Lakeside Wire"]
    # The outlet, not its report or its day.
    assert sources("According to a Daily Post report, the bridge shut.") == []
    assert sources("According to a Daily Post report, the bridge shut.", press_only=False) == ["Daily Post"]
    assert sources("According to Monday's Daily Post, the bridge shut.", press_only=False) == ["Daily Post"]
    assert sources("According to Lakeside Wire's tally, 12 died.", press_only=False) == ["Lakeside Wire"]
    assert sources("According to a Westland official, the bridge shut.", press_only=False) == []
    assert sources("According to Tula's, sales rose.", press_only=False) == ["Tula's"]  # a name that ends in 's


def test_a_line_that_quotes_another_named_person_does_not_give_the_words_asked_for() -> None:
    from rag.attribution import another_speaker, people_quoted

    people = people_quoted(
        [
            article(
                "Mayor Ada Bello said the bridge would reopen. Sam Reed, a councillor, said it would not. Deputy Mayor Ali al-Amin said so too."
            )
        ]
    )
    assert people == {"Ada Bello", "Sam Reed", "Ali al-Amin"}
    asked = "How did Mayor Bello's office react to the closure?"
    assert another_speaker("The bridge is unsafe, Sam Reed, the councillor, said.", asked, people) == "Sam Reed"
    assert another_speaker("Sam Reed, a councillor, said it would not.", "What did Ada Bello say?", people) == "Sam Reed"
    # "al-Amin" and "Amin" are one surname; a surname with its particle is a person's.
    assert another_speaker("Sam Reed, a councillor, said it would not.", "What did al-Amin say?", people) == "Sam Reed"
    # A line that names her, has someone speak for her, or quotes no one by name: no objection.
    assert another_speaker("A spokesman for Bello said the closure was wrong.", asked, people) is None
    assert another_speaker("Sam Reed said Bello would resign.", asked, people) is None
    assert another_speaker("“It was wrong,” Tom Hale, the mayor's spokesman, said.", asked, people) is None
    assert another_speaker("The bridge shut in May.", asked, people) is None
    # A question about no one's words, about her critics, or asking why: others may answer.
    assert another_speaker("The bridge is unsafe, Sam Reed said.", "What does the council want?", people) is None
    assert another_speaker("The bridge is unsafe, Sam Reed said.", "When did Ada Bello say it?", people) is None
    assert another_speaker("Sam Reed, a councillor, said it would not.", "What did Ada Bello's critics say?", people) is None
    assert another_speaker("Sam Reed, a councillor, said it would not.", "Why does Ada Bello want it shut?", people) is None


def test_a_bare_surname_may_be_a_country_and_a_shared_surname_needs_the_first_name() -> None:
    from rag.attribution import another_speaker

    people = frozenset({"Lee Jordan", "Kim Park", "Ada Bello", "Ben Bello"})
    line = "Westlandish Foreign Minister Kim Park said talks would resume."
    assert another_speaker(line, "How did Jordan react to the talks?", people) is None  # the country, perhaps
    assert another_speaker(line, "How did Mr Jordan react to the talks?", people) == "Kim Park"
    # Ben Bello's words are not Ada Bello's.
    assert another_speaker("Ben Bello, her brother, said she would run.", "What did Ada Bello say?", people) == "Ben Bello"
    assert another_speaker("Ada Bello, the mayor, said she would run.", "What did Ada Bello say?", people) is None
    assert another_speaker("Mayor Bello said she would run.", "What did Mayor Bello say?", people) is None  # her, by surname


def test_a_title_alone_is_no_person_quoted() -> None:
    from rag.attribution import people_quoted

    assert people_quoted([article("Labour MP Ada Bello said the bill would pass. The Labour MP said later it would not.")]) == {"Ada Bello"}


def test_members_of_parliaments_and_councils_are_quoted_by_their_titles() -> None:
    assert speakers("Labour MP Ada Bello said the bill would pass.") == ["Ada Bello"]
    assert speakers("Councillor Sam Reed said the bridge was unsafe.") == ["Sam Reed"]
    assert speakers("Opposition lawmaker Tom Hale said the bill failed.") == ["Tom Hale"]


def test_a_question_asking_for_someone_s_words_is_told_from_one_that_does_not() -> None:
    from rag.attribution import asks_for_words

    assert asks_for_words("What did Ada Bello say about the bridge?")
    assert asks_for_words("How did Mayor Bello react to the closure?")
    assert not asks_for_words("Why does Ada Bello want the bridge shut?")
    assert not asks_for_words("When did the bridge close?")
