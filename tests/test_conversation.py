"""Follow-up resolution, stated on a conversation written for the test."""

from __future__ import annotations

from rag.conversation import resolve, substitute_follow_up

TROOPS = [("How many French troops are in Chad?", "About 1,000 [1].")]
MAYOR = [
    ("Who runs the city of Northport?", "Mayor Jane Ortiz [1]."),
    ("What did she say about the bridge?", "Repairs would start in June [1]."),
    ("Why?", "Cracks were found in two piers [2]."),
]


def test_a_standalone_question_carries_nothing_over() -> None:
    context = resolve("Who is the governor of Westland?", MAYOR)
    assert context.turns == () and context.query == "Who is the governor of Westland?" and context.prompt() == ""


def test_an_elliptical_follow_up_becomes_the_earlier_question_about_the_new_name() -> None:
    assert resolve("And how many are in Niger?", TROOPS).question == "How many French troops are in Niger?"
    assert substitute_follow_up("What about Niger?", "How many French troops are in Chad?") == "How many French troops are in Niger?"
    assert substitute_follow_up("And when did it leave?", "When did France enter Chad?") == ""


def test_a_pronoun_three_turns_on_still_reaches_the_turn_that_named_the_person() -> None:
    context = resolve("When did she take office?", MAYOR)
    assert [q for q, _ in context.turns] == [q for q, _ in MAYOR]  # each later turn leaned back too
    assert "Jane Ortiz" in context.query and context.question == "When did Mayor Jane Ortiz take office?"
    assert context.prompt() == ""  # rewritten to stand alone: the model reads no earlier turns


def test_a_pronoun_for_a_thing_keeps_the_earlier_turns_before_the_model() -> None:
    turns = [("What did Sam Reed say about the ceasefire plan?", "He called it unworkable [1].")]
    context = resolve("Why did he reject it?", turns)
    assert context.question == "Why did Sam Reed reject it?"
    assert "Earlier question: What did Sam Reed say about the ceasefire plan?" in context.prompt()
    assert resolve("When did he announce that?", turns).prompt()  # "that" closing the question points back
    assert not resolve("Did he say that the plan would fail?", turns).prompt()  # "that" the conjunction does not


def test_a_follow_up_that_still_leans_back_shows_the_model_the_earlier_turns() -> None:
    context = resolve("And why was it closed?", MAYOR)
    assert context.question == "And why was it closed?"
    assert "[1]" not in context.prompt()  # markers of earlier answers are not evidence numbers now
    assert context.prompt().splitlines()[0] == "Earlier question: Who runs the city of Northport?"
    assert "Earlier answer: Mayor Jane Ortiz." in context.prompt()


def test_the_chain_stops_at_the_question_that_named_its_topic() -> None:
    history = [("How many French troops are in Chad?", "About 1,000 [1]."), *MAYOR[:2]]
    context = resolve("When does it start?", history)
    assert [q for q, _ in context.turns] == [MAYOR[0][0], MAYOR[1][0]]


def test_no_history_means_no_context() -> None:
    assert resolve("And in Niger?", None).turns == ()


def test_a_follow_up_that_asks_something_new_is_not_rewritten_into_the_old_question() -> None:
    assert substitute_follow_up("And when did Pfizer file for approval?", "How much did Moderna earn in 2023?") == ""
    context = resolve("And when did Pfizer file for approval?", [("How much did Moderna earn in 2023?", "$6.8 billion [1].")])
    assert context.question == "And when did Pfizer file for approval?" and context.turns


def test_a_whole_name_is_swapped_and_a_weekday_is_no_name() -> None:
    assert substitute_follow_up("And the Lakers?", "Did the Celtics win on Sunday?") == "Did the Lakers win on Sunday?"
    assert substitute_follow_up("What about Anna Berg?", "What did Tim Cook say?") == "What did Anna Berg say?"


PREMIER = [
    ("Who is Westland's premier?", "Ana Maria de-Souza [1]."),
    ("What does she want the council to do?", "She has called for the council to resign [1]."),
]


def test_he_or_she_becomes_the_person_the_conversation_named() -> None:
    # "Who is X?" names X; a "Who…?" answer that is a full name names that person; the chain reaches back to it.
    assert resolve("What does she make of Eastland's offer?", PREMIER).question == "What does Ana Maria de-Souza make of Eastland's offer?"
    chief = [("Who runs the port?", "Chief Executive Sean O'Neill [1]."), ("What did he announce?", "A new terminal [1].")]
    assert resolve("When did his office announce that?", chief).question == "When did Chief Executive Sean O'Neill’s office announce that?"
    sentence = [("Who is Westland's premier?", "Westland's premier is Ana Maria de-Souza [1]. Her deputy is Tom Reyes [2].")]
    assert resolve("What does she want?", sentence).question == "What does Ana Maria de-Souza want?"
    berg = [("Who is Anna von der Berg?", "A former mayor of Northport [1].")]
    context = resolve("What does she think of Eastland's plan?", berg)
    assert context.question == "What does Anna von der Berg think of Eastland's plan?" and context.turns == tuple(berg)


def test_a_pronoun_before_any_name_leans_back_even_when_the_question_names_a_place() -> None:
    # Without the earlier turn, "What does he make of Eastland's offer?" would be about nobody.
    context = resolve("What does he make of Eastland's offer?", [("What did Tim Cook say in Paris?", "Sales would rise [1].")])
    assert context.question == "What does Tim Cook make of Eastland's offer?" and context.turns


def test_a_pronoun_that_may_point_inside_its_own_question_is_left_alone() -> None:
    smith = [("Who is John Smith?", "A judge in Northport [1].")]
    assert resolve("What did Obama say about his plan?", PREMIER).question == "What did Obama say about his plan?"
    assert resolve("Did the judge explain his ruling?", smith).question == "Did the judge explain his ruling?"


def test_her_and_two_people_in_one_turn_are_not_rewritten() -> None:
    # "her" may be an object or a possessive ("arrest her yesterday", "her plan"): the turns carry it.
    context = resolve("Did police arrest her yesterday?", PREMIER)
    assert context.question == "Did police arrest her yesterday?" and context.turns
    two = [("What did John Smith tell Mary Jones?", "That the deal was off [1].")]
    assert resolve("What did she say then?", two).question == "What did she say then?"


def test_no_person_in_the_conversation_leaves_the_pronoun_as_it_is() -> None:
    # "How many … in Chad?": a place after a preposition is nobody "he" could be; an organisation
    # answering "Who…?" in one word is no one's full name.
    assert resolve("What did he say?", [("How many French troops are in Chad?", "About 1,000 [1].")]).question == "What did he say?"
    assert resolve("What did he say?", [("Who confirmed the strike?", "The Pentagon [1].")]).question == "What did he say?"


def test_who_said_so_asks_who_said_what_the_previous_answer_says() -> None:
    history = [("How long could the strike last?", "It may run until after the holidays [1]. Talks resume Monday [2].")]
    assert resolve("Who said so?", history).question == "Who said that it may run until after the holidays?"
    assert resolve("Who said so?", [("Who won?", "Jane Ortiz won the vote [1].")]).question == "Who said that Jane Ortiz won the vote?"
    assert resolve("Who said so?", [("Who objected?", "A senator [1].")]).question == "Who said so?"  # no statement to ask about


def test_an_institution_after_the_is_no_one_and_a_title_in_quotes_names_no_one() -> None:
    assert (
        resolve("What else did he say?", [("Who announced the plan?", "The White House announced it [1].")]).question
        == "What else did he say?"
    )
    credit = [("Who wrote the story on fares?", "“Fares Rise Again” (Daily Post, 3 March 2025) is by Jane Doe [1].")]
    assert (
        resolve("What else did she write?", credit).question == "What else did Jane Doe write?"
    )  # not "Fares Rise Again", not "Daily Post"


def test_it_before_any_noun_is_the_singular_subject_of_the_earlier_question() -> None:
    asked = [("When did the army enter the city?", "On Monday [1].")]
    assert resolve("And when did it leave?", asked).question == "And when did the army leave?"
    assert resolve("Why did it lose its tanks?", asked).question == "Why did the army lose the army’s tanks?"
    company = [("When will the company file for bankruptcy?", "In May [1].")]
    assert resolve("Why is it doing that?", company).question == "Why is the company doing that?"
    named = [("Why did Acme close the plant?", "Orders fell [1].")]
    assert resolve("When did it reopen?", named).question == "When did Acme reopen?"
    # A capitalised subject ends where its verb begins.
    assert (
        resolve("And when did it lift them?", [("When did the EU impose sanctions?", "In May.")]).question
        == "And when did the EU lift them?"
    )


def test_it_is_left_alone_where_the_earlier_subject_is_unclear_or_plural() -> None:
    for earlier in (
        "When did the talks start?",  # plural
        "When did Eastland and Westland start talking?",  # two things
        "When did the city council vote?",  # where the subject ends is unclear
        "How many soldiers are in the city?",  # no "wh- did <subject>" form
    ):
        assert resolve("When did it end?", [(earlier, "In May [1].")]).question == "When did it end?"
    # An "it" that stands for nothing, an object "it", and "it's" are left alone; so is a person.
    asked = [("When did the army enter the city?", "On Monday [1].")]
    for question in ("How long did it take?", "Is it true?", "Who ordered it?", "And why it's important?"):
        assert resolve(question, asked).question == question
    assert resolve("And why did it end?", [("When did Jane Ortiz resign?", "In May.")]).question == "And why did it end?"
    # A noun before "it" may be what it points to.
    assert (
        resolve("Did the mayor say it was safe?", [("When did the army enter the city?", "Monday.")]).question
        == "Did the mayor say it was safe?"
    )


def test_an_ellipsis_swaps_into_the_nearest_earlier_question_that_names_something() -> None:
    turns = [
        ("Who is Sam Reed?", "A former mayor of Tula [1]."),
        ("What does he make of Westland's intentions?", "He does not think Westland wants a deal [1]."),
        ("Who was he talking to, and when?", "He told reporters last week [1]."),
    ]
    # The question before it names nothing to swap; the one before that does, and "he" is still Sam Reed.
    assert resolve("And on the Eastland side?", turns).question == "What does Sam Reed make of the Eastland side's intentions?"
    # Past the turns a follow-up may lean on, nothing is swapped.
    far = [("What does Westland want?", "A deal [1]."), *[("Who was he talking to?", "Reporters [1].")] * 3]
    assert resolve("And on the Eastland side?", far).question == "And on the Eastland side?"


def test_a_name_with_the_noun_it_qualifies_takes_the_place_of_the_old_one() -> None:
    assert substitute_follow_up("And the Eastland side?", "What does the Westland government's plan say?") == (
        "What does the Eastland side's plan say?"
    )
    # Without "the" the word after a name is its verb ("Westland offered"), which stays.
    assert substitute_follow_up("And the Eastland government?", "What does Westland want?") == "What does the Eastland government want?"
    # A noun the old question has after the name already stays; only the name changes.
    assert substitute_follow_up("And the Eastland soldiers?", "How many Westland soldiers died?") == "How many Eastland soldiers died?"
    assert substitute_follow_up("And the Eastland minister?", "What did the Westland finance minister say?") == (
        "What did the Eastland finance minister say?"
    )
    # A noun that fills another role of the old question, or a name of several words before a verb: no swap.
    assert substitute_follow_up("What about the Eastland offer?", "Did Westland accept the offer?") == ""
    assert substitute_follow_up("And the Eastland side?", "Why did the Westland Wolves fire their coach?") == ""


def test_a_person_takes_the_place_of_a_person_and_a_place_of_a_place() -> None:
    assert substitute_follow_up("And Eastland's response?", "What was Westland's response?") == "What was Eastland's response?"
    assert substitute_follow_up("And Sam Reed?", "How many people voted for Ada Bello in Westland?") == (
        "How many people voted for Sam Reed in Westland?"
    )
    assert substitute_follow_up("And Ada Bello?", "Why did he resign?") == "Why did Ada Bello resign?"
    assert resolve("And Ada Bello?", [("Who is Sam Reed?", "The mayor [1]."), ("Why did he resign?", "Over a scandal [1].")]).question == (
        "Why did Ada Bello resign?"
    )
    assert substitute_follow_up("And in Tula?", "What did Ada Bello say?") == ""  # a place is not a person
    assert substitute_follow_up("And Ada Bello?", "What did the strike in Tula cost?") == ""
    assert substitute_follow_up("And in Eastland?", "How many people died in Westland and Northland?") == ""  # one of a pair
