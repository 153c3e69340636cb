"""Who holds a post now, by the line: on sentences written for the test."""

from __future__ import annotations

import pytest

from rag.holders import died_in_line, member_not_head
from rag.verify import evidence_reasons


def test_who_holds_a_post_now_is_not_answered_by_someone_the_line_has_killed() -> None:
    line = "Protests followed after a bomb killed the port's security chief Tom Okafor and union leader Sam Reed in Eastport."
    assert died_in_line("Sam Reed", line, "Who leads the union now?") == "Sam Reed"  # past a coordination and a title
    assert died_in_line("Sam Reed", line, "Who led the union in 2023?") is None  # the past is asked about
    assert died_in_line("Sam Reed", "Sam Reed, the union's leader, was killed on Monday.", "Who heads the union?") == "Sam Reed"
    assert died_in_line("Sam Reed", "Sam Reed died in 2019.", "Who's the mayor?") == "Sam Reed"
    assert died_in_line("Dr. Ada Bello", "A gunman killed Dr. Ada Bello on Friday.", "Who is the chief of the clinic?") == "Ada Bello"
    assert died_in_line("Ada Bello", "Its director Ada Bello died in 2019.", "Who is the director of the film?") is None  # who made a thing
    assert any("killed, died or left" in r for r in evidence_reasons("Sam Reed", line, "Who leads the union now?"))


@pytest.mark.parametrize(
    "line",
    [
        "The gunman killed ten people, union leader Sam Reed said.",  # another clause
        "Mayor Sam Reed condemned the killing of two guards.",  # a killing the person speaks about
        "Security guards killed the man who tried to stab Mayor Sam Reed.",  # someone else was killed
        "Gunmen killed a nephew of Mayor Sam Reed.",
        "The killing of two guards was condemned by Mayor Sam Reed.",
        "The bomb that killed Tom Okafor made Sam Reed the union's new leader.",
    ],
)
def test_a_killing_of_someone_else_says_nothing_of_the_person_named(line: str) -> None:
    assert died_in_line("Sam Reed", line, "Who is the mayor?") is None
    assert died_in_line("Sam Reed", line, "Who leads the union?") is None


def test_leaving_counts_only_for_the_post_asked_about() -> None:
    stepping_down = "Harbour Bank founder Sam Reed announced that he was stepping down as CEO."
    assert died_in_line("Sam Reed", stepping_down, "Who is the new CEO of Harbour Bank?") == "Sam Reed"
    assert died_in_line("Sam Reed", "Sam Reed resigned as mayor in May.", "Who is the mayor?") == "Sam Reed"
    assert died_in_line("Sam Reed", "Sam Reed said he will step down as mayor.", "Who is the mayor?") == "Sam Reed"
    assert died_in_line("Sam Reed", "Sam Reed said the talks were stepping up.", "Who is the mayor?") is None
    # Another post left: the one asked about may be held now.
    assert died_in_line("Sam Reed", "Sam Reed stepped down as finance minister to lead the party.", "Who leads the party?") is None
    assert died_in_line("Sam Reed", "Sam Reed retired as a general and now heads the agency.", "Who heads the agency?") is None
    assert died_in_line("Sam Reed", "Sam Reed was fired as coach of Tula and now leads Eastport.", "Who leads Eastport?") is None


def test_a_name_the_question_gives_or_a_lead_in_a_race_is_no_holder() -> None:
    line = "A bomb killed three Harbour Council guards on Monday."
    assert died_in_line("Sam Reed, Harbour Council chair", line, "Who is the chair of the Harbour Council?") is None
    assert died_in_line("Sam Reed", "A bomb killed Sam Reed.", "Who leads the race?") is None


def test_who_leads_something_is_not_answered_by_someone_the_line_calls_a_member() -> None:
    line = "“We will rebuild,” Sam Reed, a founding member of the Eastport Harbour Council, told reporters."
    assert member_not_head("Sam Reed", line, "Who heads the Eastport Harbour Council?") == "Sam Reed"
    assert member_not_head("Sam Reed", line, "Who is the chairman of the council?") == "Sam Reed"
    assert member_not_head("Sam Reed", line, "Who spoke for the council?") is None  # a member may speak
    assert member_not_head("Sam Reed", "Sam Reed, who chairs the council, spoke.", "Who heads the council?") is None
    # A member of something else, or one the clause goes on to make its head.
    assert (
        member_not_head("Sam Reed", "Sam Reed, a member of parliament since 2010, leads the Green Party.", "Who leads the Green Party?")
        is None
    )
    assert (
        member_not_head("Sam Reed", "Sam Reed, a member of the council since 2010, was elected its chairman.", "Who chairs the council?")
        is None
    )
    assert any("a member" in r for r in evidence_reasons("Sam Reed", line, "Who heads the Eastport Harbour Council?"))


def test_a_very_long_line_is_read_in_linear_time() -> None:
    line = "killed " + "Sam Reed and " * 20000 + "Ada Bello."
    assert died_in_line("Ada Bello", line, "Who is the mayor?") is None  # the killing is far back


def test_a_body_is_no_answer_to_who_holds_a_post() -> None:
    from rag.holders import body_not_holder

    question = "Who is the chief executive of Eastport Ferries?"
    # Rule: a post is held by a person; a capitalised name after "the" is a body, unless a title opens it.
    assert body_not_holder("The Eastport Ferries Group", question) == "The Eastport Ferries Group"
    assert body_not_holder("Ada Bello", question) is None
    assert body_not_holder("The Chairman of the board, Ada Bello", question) is None
    assert body_not_holder("The Lions", "Who won the Eastport cup final?") is None  # no post asked about
    line = "The Eastport Ferries Group named a new chief executive on Monday."
    assert any("names a body" in r for r in evidence_reasons("The Eastport Ferries Group", line, question))
    # Rule: nor is the body the question puts the post in, under any wording; its holder is a person.
    assert body_not_holder("Eastport Ferries and its parent", question) == "Eastport Ferries and its parent"
    assert body_not_holder("Eastport Ferries", question) == "Eastport Ferries"
    assert body_not_holder("Eastport Ferries’ Ada Bello", question) is None  # the body's person
    assert body_not_holder("Eastport Ferryman Ada Bello", question) is None  # another word
    # The body, then a title, then a person is the usual way news names a holder.
    assert body_not_holder("Eastport Ferries chief executive Ada Bello", question) is None
    assert body_not_holder("Bank of Westland Governor Sam Reed", "Who is the governor of the Bank of Westland?") is None
    assert body_not_holder("Bank of Westland", "Who is the governor of the Bank of Westland?") == "Bank of Westland"
    assert body_not_holder("Justice Department head Sam Reed", "Who heads the Department of Justice?") is None
    assert body_not_holder("Eastport's Ada Bello", "Who is the head of Eastport's ferry board?") is None


def test_who_died_is_not_answered_from_a_line_that_says_nothing_of_a_death() -> None:
    from rag.holders import not_the_dead

    question = "Who died in the bombing at the Eastport docks?"
    assert not_the_dead("Westland", "Westland carried out strikes on the Eastport docks in response.", question) == "Westland"
    assert not_the_dead("Mayor Ada Bello", "Mayor Ada Bello said the bombing at the docks was a crime.", question) == "Mayor Ada Bello"
    for line in (
        "The bombing at the docks killed union leader Sam Reed and two guards.",
        "Sam Reed and Ana Ruiz died in the bombing at the Eastport docks.",
        "Sam Reed, who was 54, was shot dead at the docks.",
        "Among the dead was deckhand Sam Reed.",
        "Police named the victim as Sam Reed.",
        "Crowds mourned union leader Sam Reed after the bombing.",
        "Sam Reed lost his life in the blast.",
    ):
        assert not_the_dead("Sam Reed", line, question) is None, line
    # Another question, or an answer naming no one the line names: not this rule's to judge.
    assert not_the_dead("Westland", "Westland carried out strikes.", "Who carried out the strikes?") is None
    assert not_the_dead("two guards", "Westland carried out strikes.", question) is None
    assert any("says nothing of a death" in r for r in evidence_reasons("Westland", "Westland carried out strikes on the docks.", question))


def test_a_departure_told_elsewhere_in_the_article_ends_the_post_too() -> None:
    line = "When founding Eastport Ferries, Sam Reed set out to run a cheaper crossing."
    article = f"{line} Ferries founder Sam Reed announced that he was stepping down as chief executive in May."
    question = "Who is the new chief executive of Eastport Ferries?"
    assert not any("died or left" in r for r in evidence_reasons("Sam Reed", line, question))
    assert any("died or left" in r for r in evidence_reasons("Sam Reed", line, question, article=article))
    # Someone else's departure in the article says nothing of the one the answer names.
    other = f"{line} His deputy Ada Bello announced that she was stepping down as chief executive."
    assert not any("died or left" in r for r in evidence_reasons("Sam Reed", line, question, article=other))


def test_asked_who_did_something_a_description_in_place_of_a_name_is_no_answer() -> None:
    # Rule: "a Tula teacher who was named Teacher of the Year" restates the question's deed about
    # someone the line does not name; asked who did it, that is no answer.
    from rag.holders import described_not_named

    question = "Who was named the 2024 Harbour Teacher of the Year?"
    assert described_not_named("Eastport honours Tula teacher who was named 2024 Harbour Teacher of the Year", question)
    assert described_not_named("the runner who won the Tula race", "Who won the Tula race?")
    # A name before the description, or after it, answers.
    assert described_not_named("Ada Bello, a Tula teacher who was named 2024 Harbour Teacher of the Year", question) is None
    assert described_not_named("The teacher who was named 2024 Harbour Teacher of the Year is Ada Bello", question) is None
    assert described_not_named("Ada Bello is the teacher who was named 2024 Harbour Teacher of the Year", question) is None
    assert described_not_named("Ada Bello, 34, a Tula teacher who was named 2024 Harbour Teacher of the Year", question) is None
    assert described_not_named("Police identified Tom Hale as the gunman who opened fire", "Who opened fire at the Tula mall?") is None
    assert described_not_named("a local teacher who won the Tula prize", "In 2024, who won the Tula prize?")  # after a lead-in
    assert described_not_named("a Harbour Bank economist who was appointed", "Who is Harbour Bank's new chief?") is None  # another deed
    assert described_not_named("the Harbour Bank economist who is the new chief", "Who is Harbour Bank's new chief?")
    # Another deed, a plain name, or a question that asks who someone is: no description in place of a name.
    assert described_not_named("a man who won the lottery", "Who won the Tula race?") is None
    assert described_not_named("Ada Bello", question) is None
    assert described_not_named("a Tula teacher who was named 2024 Harbour Teacher of the Year", "Who is Ada Bello?") is None
    # In a verdict, the wrong kind of answer.
    from rag.verify import verify

    line = "Eastport honours Tula teacher who was named 2024 Harbour Teacher of the Year."
    assert verify("Eastport honours Tula teacher who was named 2024 Harbour Teacher of the Year", line, question).mistyped


def test_the_dead_are_those_a_line_has_killed_or_dead_with_their_titles() -> None:
    # Rule: English news has someone dead as the object of a killing ("the raid killed union leader
    # Sam Reed and Gen. Ana al-Ruiz in…") or the subject of "was killed" / "died"; a number, a
    # thing killed ("killed the deal") or an unnamed victim is no one to name.
    from rag.holders import asks_who_died, the_dead

    assert the_dead("The raid killed union leader Sam Reed and Gen. Ana al-Ruiz in the early hours.") == [
        "union leader Sam Reed and Gen. Ana al-Ruiz"
    ]
    assert the_dead("Sam Reed and Ana Ruiz died in the Tula fire.") == ["Sam Reed and Ana Ruiz"]
    assert the_dead("Deckhand Omar bin Said was killed on Monday.") == ["Deckhand Omar bin Said"]
    assert the_dead("Police said the gunman killed Ada Bello, 34, and fled.") == ["Ada Bello"]
    assert the_dead("The blast killed two guards and wounded five.") == []
    assert the_dead("Westland killed the deal.") == []
    # One who lived, a thing that "died", a count, a surname with nothing to mark it a person's: no one.
    assert the_dead("The bomb narrowly missed killing Gen. Ana Ruiz.") == []
    assert the_dead("The Harbour Reform Bill died in committee.") == []
    assert the_dead("Two Britons were killed in the crash.") == []
    assert the_dead("Yesterday Sam Reed died in hospital.") == ["Sam Reed"]
    assert the_dead("The strikes killed at least one member of the Harbour Guard (HG), officials said.") == []
    # Asked who died with one of them named ("…in the same raid as Gen. Ana al-Ruiz"), the others, one by one.
    line = "The raid killed union leader Sam Reed and Gen. Ana al-Ruiz in the early hours."
    assert the_dead(line, "Which union official died in the same raid as Eastport's Ana al-Ruiz?") == ["union leader Sam Reed"]
    assert the_dead(line, "Who died in the raid?") == ["union leader Sam Reed and Gen. Ana al-Ruiz"]
    assert asks_who_died("Who was killed in the Tula raid?") and asks_who_died("And who died in the fire?")
    assert asks_who_died("Which union official died in the same raid as Ana al-Ruiz?")
    assert not asks_who_died("Who killed Sam Reed?")
