"""Each rule of the verifier, stated on text written for the test (no article of any corpus)."""

from __future__ import annotations

import pytest

from rag.text import content_terms, names, numbers, question_names, stem
from rag.verify import (
    PERMISSIVE,
    Thresholds,
    adds_information,
    another_post,
    answer_type_mismatch,
    astray_reasons,
    missing_anchors,
    missing_years,
    question_coverage,
    ranking_reasons,
    says_again,
    unknown_names,
    verify,
    with_cut_word_finished,
)

LINE = "About 1,000 French troops are stationed in Chad and 600 in Niger, the defence ministry said in March."


def test_numbers_are_canonical() -> None:
    assert numbers("around 2,500 troops and 900 more") == {"2500", "900"}
    assert numbers("nine hundred troops") == {"900"}


def test_snowball_stems_join_word_forms() -> None:
    assert stem("withdrawal") == stem("withdraw")
    assert set(content_terms("The talks were formed")) == {stem("talk"), stem("form")}


def test_initials_written_with_spaces_are_one_abbreviation() -> None:
    assert names("The U. K. envoy met them.") == names("The U.K. envoy met them.") == {"uk"}
    assert names("Jane Q. Public spoke.") == {"jane", "q", "public"}  # one initial stays a name
    assert verify("The U. K. sent 300 troops", "The U.K. sent 300 troops to the region.", "How many troops did the U.K. send?").supported


def test_a_hyphenated_name_is_read_by_its_capitalised_parts() -> None:
    assert names("The France-led mission began in 2013.") == {"franc"}
    assert "led" not in names("The France-led mission began in 2013.")


def test_names_skip_the_opening_word_and_months() -> None:
    assert names("The talks began in January with Chad and al-Bashir.") >= {"chad", "bashir"}
    assert "january" not in names("The talks began in January.")


def test_a_request_s_opening_verb_or_preposition_is_no_name() -> None:
    assert question_names("Summarise the ministry's report on Chad.") == {"chad"}
    assert question_names("Give me the dates. Across the coverage, who spoke for Niger?") == {"niger"}
    # A title's full stop ends no sentence, and a title is no name.
    assert question_names("What did Mr. Smith and Dr. Okafor say?") == {"smith", stem("okafor")}
    # In a line or a claim the opening word can be a name ("Chad said…"): names() keeps it.
    assert "chad" in names("Chad said 600 troops would leave.")


def test_a_place_is_known_to_the_corpus_through_its_people_but_not_through_a_longer_name() -> None:
    vocabulary = set(content_terms("French and Chadian officers met in the capital."))
    assert unknown_names("What did the French say about Chad?", vocabulary) == []
    assert unknown_names("What did France say about Chad?", vocabulary) == [stem("france")]  # no rule for every demonym
    assert unknown_names("What did Belgium say about Chad?", vocabulary) == [stem("belgium")]
    # Both forms must be names of the corpus, of four letters or more: "sea" does not hold "Sean".
    sea = set(content_terms("The sea was calm when Dan and Eva sailed."))
    assert unknown_names("Where did Sean sail?", sea, names("The sea was calm when Dan and Eva sailed.")) == [stem("sean")]
    assert unknown_names("Did Evan and Dani sail?", sea, names("The sea was calm when Dan and Eva sailed.")) == [stem("dani"), stem("evan")]
    # The support check stays exact: "Chadian" does not anchor an answer about "Chad".
    assert missing_anchors("How many troops are in Chad?", "Chadian officers said 400 troops arrived.") == {stem("chad")}


def test_no_alias_folds_one_country_into_another() -> None:
    assert names("the United Kingdom") == {stem("united"), stem("kingdom")}
    assert "us" not in names("the United Kingdom") | set(content_terms("the United Kingdom"))


def test_a_name_does_not_match_a_longer_name_that_starts_with_it() -> None:
    assert missing_anchors("How many troops are in Sudan?", "Sudani officials said 400 troops arrived.") == {stem("sudan")}


def test_the_question_s_own_names_and_years_are_looked_for_in_the_line() -> None:
    assert missing_anchors("How many Belgian troops are in Chad?", LINE) == {stem("belgian")}
    assert missing_years("How many troops were in Chad in 2019?", LINE) == {"2019"}
    assert missing_years("How many troops were in Chad in 2019?", LINE + " The count dates from 2019.") == set()
    assert missing_anchors("How many French troops are in Chad?", LINE) == set()


@pytest.mark.parametrize(
    ("claim", "supported"),
    [
        ("About 1,000", True),
        ("About 1,000 French troops", True),
        ("1,600 troops", False),  # an invented sum of two figures of the line
        ("About 1,000 troops in April", False),  # a month the line does not give
        ("About 1,000 Italian troops", False),  # a name the line does not give
    ],
)
def test_an_answer_carries_only_figures_months_and_names_of_its_line(claim: str, supported: bool) -> None:
    verdict = verify(claim, LINE, "How many French troops are stationed in Chad?", thresholds=PERMISSIVE)
    assert verdict.supported is supported, verdict.reasons


def test_an_answer_that_only_restates_the_question_adds_nothing() -> None:
    assert not adds_information("the Harbour Bridge", "Where is the Harbour Bridge?")
    assert adds_information("in Sydney", "Where is the Harbour Bridge?")


def test_question_coverage_counts_the_question_s_content_words() -> None:
    assert question_coverage("How many troops are stationed in Chad?", LINE) == 1.0
    assert question_coverage("What is the population of Chad?", LINE) == pytest.approx(0.5)


def test_thresholds_turn_signals_into_reasons() -> None:
    strict = Thresholds(max_refusal=0.3, min_support=0.6, min_coverage=0.8, min_claim_coverage=0.5, min_anchors=1.0)
    question = "How many French troops are stationed in Chad?"
    assert verify("About 1,000", LINE, question, p_refuse=0.1, p_support=0.9, thresholds=strict).supported
    doubted = verify("About 1,000", LINE, question, p_refuse=0.1, p_support=0.4, thresholds=strict)
    assert not doubted.supported and "doubts" in doubted.reasons[0]
    other_country = verify(
        "About 1,000", LINE, "How many Belgian troops are stationed in Chad?", p_refuse=0.1, p_support=0.9, thresholds=strict
    )
    assert not other_country.supported and other_country.signals["anchors"] == 0.5
    unanswerable = verify("About 1,000", LINE, question, p_refuse=0.5, p_support=0.9, thresholds=strict)
    assert not unanswerable.supported and "no line answers" in unanswerable.reasons[0]
    assert doubted.signals["p_support"] == 0.4


def test_calibrated_thresholds_load_from_one_file() -> None:
    loaded = Thresholds.load()
    assert 0.0 < loaded.max_refusal <= 1.01 and 0.0 <= loaded.min_support < 1.0


@pytest.mark.parametrize(
    ("question", "claim", "wrong_kind"),
    [
        ("When did the ferry sink?", "In 1987.", False),
        ("When will the hearings start?", "In the coming days.", False),
        ("What is the release date of the film?", "June 19, 2020", False),
        ("How many people were rescued?", "About 900.", False),
        ("How much of the forest burned?", "Around a third.", False),
        ("What did the minister say the plan would enable?", "In the coming days.", True),
        ("How many people were rescued?", "The harbour master.", True),
        ("When did the hearings begin?", "Judge Ortiz.", True),
        ("And when did it close?", "In 2011.", False),
    ],
)
def test_answers_of_the_wrong_kind_are_caught(question: str, claim: str, wrong_kind: bool) -> None:
    assert bool(answer_type_mismatch(question, claim)) is wrong_kind


@pytest.mark.parametrize(
    ("question", "claim", "wrong_kind"),
    [
        ("Roughly how many people were rescued?", "150", False),  # "how many" need not open the question
        ("Roughly how many people were rescued?", "The harbour master.", True),
        ("For how long has the bridge been closed?", "over a month", False),
        ("How long did the hearings last?", "three weeks", False),
        ("How long did the hearings last?", "Judge Ortiz.", True),
        ("Who paid for the repairs?", "150", False),  # a bare figure is not a time
        ("Who paid for the repairs?", "In March 2019", True),
    ],
)
def test_quantities_durations_and_times_are_told_apart(question: str, claim: str, wrong_kind: bool) -> None:
    assert bool(answer_type_mismatch(question, claim)) is wrong_kind


@pytest.mark.parametrize(
    ("question", "claim", "wrong_kind"),
    [
        ("In which years did Sam Reed serve as mayor?", "He does not think the plan will work.", True),
        ("In which years did Sam Reed serve as mayor?", "From 2009 to 2015", False),
        ("What days are the markets closed?", "Sundays", False),
        ("Which day-care centres closed?", "The two in Eastport", False),  # "day-care" is no time asked for
        ("How much did the town spend on the bridge?", "1,200 workers", True),
        ("How much did the town spend on the bridge?", "$4.5 million", False),
        ("How much did the town spend on the bridge?", "4.5 million euros", False),
        ("What was the ferry company's revenue in 2023?", "61,250 passengers", True),
        ("What was the ferry company's revenue in 2023?", "£12 million", False),
        ("How much of the forest burned?", "About 1,200 hectares", False),  # not a sum of money
        ("How much time did the crews spend at sea?", "3 hours", False),  # a noun after "how much" says what is measured
        ("What was the income tax rate?", "20 percent", False),  # the money word must end the phrase
        ("What was the firm's profit margin?", "4.5%", False),
        ("How much did the bridge cost in dollars?", "2 billion", False),  # the question names its unit
        ("How much did the port pay its dockers?", "Rs 500 crore", False),
        ("How much did the port pay its dockers?", "KSh 5 billion", False),
        ("How much did the port pay its dockers?", "5 billion won", False),
        ("How much did the port pay its dockers?", "₴40 million", False),  # any currency sign
        ("What was the budget of the festival?", "1,200 volunteers", True),
    ],
)
def test_a_time_or_a_sum_of_money_asked_for_needs_one_in_the_answer(question: str, claim: str, wrong_kind: bool) -> None:
    assert bool(answer_type_mismatch(question, claim)) is wrong_kind


def test_a_line_that_gives_the_same_title_of_something_else_names_another_post() -> None:
    line = "Minister of Finance Jane Ortiz said the budget would pass."
    assert another_post("Who is the Minister of Defence of Eastland?", line) == ("Minister of Defence", "Minister of Finance")
    assert another_post("Who is the Minister of Finance?", line) is None
    assert another_post("Who is the Minister of Finance of Eastland?", line) is None  # "Finance of Eastland" begins with "Finance"
    assert another_post("Who is Eastland's finance minister?", line) is None  # no "<Title> of <X>" asked
    both = "Minister of Defence Sam Reed and Minister of Finance Jane Ortiz met."
    assert another_post("Who is the Minister of Finance?", both) is None  # the post asked for is there too
    # The field named elsewhere in the line ("Defence Minister"), or the title also used bare: no verdict.
    assert another_post("Who is the Minister of Defence?", "Defence Minister Sam Reed met Minister of Finance Jane Ortiz.") is None
    assert another_post("Who is the President of Westland?", "President Sam Reed met the President of Eastland.") is None
    # A word of the post asked for, elsewhere in the line, is no sign of that post.
    elsewhere = "Secretary of Defense Sam Reed said the pact would bind the United States and Westland."
    assert another_post("Who is the Secretary of State?", elsewhere) == ("Secretary of State", "Secretary of Defense")
    # Not a title of office: works, battles and banks are not posts.
    assert another_post("What happened at the Battle of Kigoma?", "The Battle of Bukoba ended in 1916.") is None
    assert another_post("What did the Bank of Eastland say?", "The Bank of Westland raised rates.") is None
    assert not verify("Jane Ortiz", line, "Who is the Minister of Defence?").supported


def test_an_answer_of_one_is_stated_by_the_word_one() -> None:
    line = "The blast killed at least one firefighter, officials said."
    assert verify("1", line, "How many firefighters did the blast kill?").supported
    assert not verify("2", line, "How many firefighters did the blast kill?").supported


def test_the_article_date_answers_the_year_a_question_asks_about_but_is_no_figure_of_the_line() -> None:
    line = "About 40 ferries cross the strait each day, the port authority said."
    question = "How many ferries crossed the strait daily in 2019?"
    assert not verify("About 40", line, question).supported
    assert verify("About 40", line, question, published="2019-06-02").supported
    assert not verify("2019-06-02", line, "When did the port authority speak?", published="2019-06-02").supported


def test_a_sentence_around_an_answer_may_only_use_the_line_and_the_question() -> None:
    from rag.verify import sentence_reasons

    line = "The mayor, Jane Ortiz, said repairs to the bridge would start in June."
    question = "When will the bridge repairs start?"
    assert sentence_reasons("Repairs to the bridge will start in June", "June", line, question) == []
    assert sentence_reasons("Repairs will start in July", "June", line, question)[0] == "the sentence drops the answer"
    assert "figures the line does not give: ['2026']" in sentence_reasons("Repairs start in June 2026", "June", line, question)
    assert any("words the line" in r for r in sentence_reasons("Contractors will start repairs in June", "June", line, question))
    assert "a negation outside the verified answer" in sentence_reasons("Repairs will not start in June", "June", line, question)
    # The question's premise is not the line's: "in humans" for a line about mice.
    mice = "The drug cut deaths by 20% in mice, the study found."
    assert sentence_reasons("The drug cut deaths by 20% in humans", "20%", mice, "By how much did the drug cut deaths in humans?")


def test_the_sentence_grammar_holds_the_phrase_and_compiles() -> None:
    from llama_cpp import LlamaGrammar

    from rag.compose import sentence_grammar

    grammar = sentence_grammar('about 900 "US" troops')
    assert '("A" | "a") "bout 900 \\"US\\" troops"' in grammar
    LlamaGrammar.from_string(grammar, verbose=False)


def test_a_verdict_tells_a_misread_line_from_a_line_that_does_not_answer() -> None:
    line = "Ferries to the islands will resume on Monday, the harbour board said."
    strict = Thresholds(min_anchors=1.0)
    # A date the line does not give: the answer misreads it, whatever the thresholds.
    assert verify("March 14", line, "When will the ferries resume?", thresholds=strict).misread
    # A name no line gives is what the model knows from elsewhere: no answer here, and no misreading.
    assert not verify("Captain Ali Mori", line, "Who runs the ferries?", thresholds=strict).misread
    # Copied word for word, but the line does not name the port the question asks about: not a misreading.
    verdict = verify("on Monday", line, "When will the ferries to Kigoma resume?", thresholds=strict)
    assert not verdict.supported and not verdict.misread


def test_an_abbreviated_month_is_the_month() -> None:
    line = "The ferry service returns on Jan. 6, 2026, and the new pier opens 3 Sept 2026."
    assert verify("January 6, 2026", line, "When does the ferry service return?").supported
    assert verify("September 3, 2026", line, "When does the new pier open?").supported
    assert not verify("March 6, 2026", line, "When does the ferry service return?").supported
    # A name or a place is no month: "Jan Ortiz", "Mar-a-Lago".
    assert not verify("March 3", "Guests met at Mar-a-Lago on 3 July.", "When did the guests meet?").supported
    assert not verify("January 9", "Jan Ortiz spoke on 9 May.", "When did Ortiz speak?").supported
    # Lower case it is a word, not a month: "to mar" names no March.
    assert "months not in the line: ['march']" in verify("March 2", "Storms mar the 2 ferry crossings.", "When?").reasons


def test_a_question_copied_from_a_line_is_no_answer() -> None:
    line = "Who directed the harbour film and its sequel? Critics still argue."
    assert (
        "the answer is itself a question"
        in verify("Who directed the harbour film and its sequel?", line, "Who directed the harbour film?").reasons
    )


def test_a_later_statement_needs_a_line_the_model_ranked_near_the_even_share_or_above() -> None:
    limit = Thresholds(min_line_share=0.8)  # 0.8 of the even share: 0.2 with four lines
    shares = [0.6, 0.2, 0.15, 0.05]
    assert ranking_reasons(2, shares, limit) == []
    assert ranking_reasons(3, shares, limit) == ["the model barely ranked line 3 as an answer (share 0.15)"]
    assert ranking_reasons(3, [], limit) == []  # no ranking (more than nine lines): no check
    assert ranking_reasons(4, shares, Thresholds()) == []  # not fitted: off


def test_a_later_statement_from_another_article_keeps_to_the_names_the_first_line_carries() -> None:
    question = "What happened at the Tula plant in 2019?"
    first = "Workers at the Tula plant walked out in March 2019 over unpaid wages."
    vote = "The council voted in May 2019 to raise taxes."
    elsewhere = "Westland council raises taxes\n" + vote + " Its members met on Monday."
    assert astray_reasons(question, vote, first, elsewhere) == [
        "the line's article names none of the question's ['tula'], and the line is not about its second part"
    ]
    # Its article names Tula somewhere (the line refers back by "the plant", "they"): kept.
    assert astray_reasons(question, "They went back after two weeks.", first, "Tula strike ends\nThey went back after two weeks.") == []
    # In another form: a place's people for the place; a name's initials for the name, both ways.
    tulan = "Tulan workers back at work\nThe walkout ended in May 2019."
    assert astray_reasons(question, "The walkout ended in May 2019.", first, tulan) == []
    tariffs = "The United States imposed tariffs on steel."
    jobs = "U.S. officials said the measures would protect jobs."
    assert astray_reasons("Why did the United States impose tariffs?", jobs, tariffs, "Steel\n" + jobs) == []
    assert astray_reasons("Why did the US impose tariffs?", jobs, "The US imposed tariffs.", "Steel\nThe United States Navy said so.") == []
    # A name's common word, lower case in another story, is not the name.
    council = "What did the Selvara City Council decide?"
    budget = "The council voted 7-2 to approve the new budget."
    assert astray_reasons(council, budget, "The Selvara City Council voted to close the pool.", "Budget\n" + budget) != []
    # The first line carries none of the question's names: nothing to keep to.
    assert astray_reasons(question, vote, "Workers walked out in March.", elsewhere) == []
    # A question of two parties, each article one of them.
    assert astray_reasons("What did Westland and Eastland agree?", vote, "Eastland will build the road.", elsewhere) == []
    # A question of two parts: the later line is about its second part.
    two_parts = "Why did the port workers in Kigoma end their strike, and when do ferries run again?"
    first = "Port workers in Kigoma ended their strike after a 12% pay rise."
    islands = "Island boats\nFerries to the islands will resume on Monday. About 300 people a day take the boat."
    assert astray_reasons(two_parts, "Ferries to the islands will resume on Monday.", first, islands) == []
    assert astray_reasons(two_parts, "About 300 people a day take the boat.", first, islands) != []


def test_a_post_held_back_then_is_a_past_one() -> None:
    from rag.verify import past_holder

    # Rule: "when she was the mayor" gives the post for a time gone by, in the name's own clause.
    line = "I first interviewed Jane Ortiz a decade ago, when she was the C.E.O. of Eastport Ferries, about the strike."
    assert past_holder("Jane Ortiz", line, "Who is the CEO of Eastport Ferries?") == "Jane Ortiz"
    assert past_holder("Jane Ortiz", line, "Who is the CEO of Lakeside Air?") is None  # another company
    assert (
        past_holder("Jane Ortiz", "Jane Ortiz, the mayor of Eastport, spoke when she was in Paris.", "Who is the mayor of Eastport?")
        is None
    )
    assert past_holder("Jane Ortiz", "Jane Ortiz was elected mayor of Eastport while he was away.", "Who is the mayor of Eastport?") is None


def test_who_holds_a_post_now_is_not_answered_by_a_past_holder() -> None:
    from rag.verify import evidence_reasons, past_holder

    line = "“We will rebuild,” former Eastport Mayor Jane Ortiz told reporters, as Mayor Sam Reed looked on."
    assert past_holder("Jane Ortiz", line, "Who is the mayor of Eastport?") == "Jane Ortiz"
    assert past_holder("Sam Reed", line, "Who is the mayor of Eastport?") is None  # he holds it now
    assert past_holder("Jane Ortiz", line, "Who is the former mayor of Eastport?") is None  # a past holder is asked for
    assert past_holder("Jane Ortiz", line, "Who is Jane Ortiz?") is None  # no post asked about
    assert past_holder("Jane Ortiz", "ex-Mayor Jane Ortiz spoke.", "Who is Eastport's current mayor?") == "Jane Ortiz"
    assert any("former holder" in r for r in evidence_reasons("Jane Ortiz", line, "Who is the mayor of Eastport?"))
    # Only a title running straight into the name: not a past holder named elsewhere in the sentence,
    # nor "late" as in "late 2023".
    assert past_holder("Sam Reed", "The former mayor endorsed Sam Reed on Tuesday.", "Who is the mayor?") is None
    assert past_holder("Sam Reed", "In late 2023 Mayor Sam Reed opened the bridge.", "Who is the mayor?") is None
    assert past_holder("Sam Reed", "the late Mayor Sam Reed", "Who is the mayor?") == "Sam Reed"
    # The past post in apposition after the name: the same title, held at the same place.
    apposition = [
        ("Sam Reed, the former mayor of Eastport, cut the ribbon.", "Who is the mayor of Eastport?", "Sam Reed"),
        ("Sam Reed, former chief of the harbour board and now a consultant", "Who is the chief of the harbour board?", "Sam Reed"),
        ("Sam Reed, the former Eastport police chief, won the mayoral race.", "Who is Eastport's police chief?", "Sam Reed"),
        ("Police Chief Sam Reed, the former mayor, spoke.", "Who is the mayor?", "Sam Reed"),
        ("On Monday Sam Reed, the former mayor, spoke.", "Who is the mayor?", "Sam Reed"),
        ("Sam Reed, a former teacher, was elected mayor.", "Who is the mayor?", None),
        ("Sam Reed, a former deputy mayor, was sworn in as mayor on Monday.", "Who is the mayor?", None),
        ("Sam Reed, the former mayor of Westport, spoke.", "Who is the mayor of Eastport?", None),
        ("Sam Reed, the former Eastport police chief, won the mayoral race.", "Who is the mayor?", None),
        ("Sam Reed, the late mayor's son, spoke.", "Who is the mayor?", None),
        ("Sam Reed, a former aide to the mayor, spoke.", "Who is the mayor?", None),
        ("Sam Reed, former Northwind executive and now Eastport mayor, spoke.", "Who is the mayor of Eastport?", None),
    ]
    for line, question, former in apposition:
        assert past_holder("Sam Reed", line, question) == former, (line, question)
    assert past_holder("Jane Ortiz", "Sam Reed, the former mayor, praised Jane Ortiz.", "Who is the mayor?") is None


def test_a_disagreement_is_looked_for_about_the_figures_the_answer_gives() -> None:
    from rag.verify import conflicting_figure

    ours, theirs = "The port handled 300 ships and 40,000 containers.", "The port handled 310 ships and 52,000 containers."
    assert conflicting_figure(ours, theirs) == ("300", "310")
    assert conflicting_figure(ours, theirs, {"40000"}) == ("40,000", "52,000")  # the answer's figure, though not the first
    assert conflicting_figure(ours, theirs, set()) is None  # an answer with no figure ("Who runs the port?")


def test_figures_for_the_same_thing_conflict_but_dates_and_other_years_do_not() -> None:
    from rag.text import figures_with_units
    from rag.verify import conflicting_figure

    # The same count, two figures: reported as written.
    assert conflicting_figure("About 3,000 nurses work at the hospital.", "The hospital employs 2,400 nurses.") == ("3,000", "2,400")
    assert conflicting_figure("About 2,000 troops were deployed.", "Some 1,850 troops were deployed.") == (
        "2,000",
        "1,850",
    )  # counts, not years
    assert conflicting_figure("The ferry carried 120, mostly tourists.", "The ferry carried 150, mostly tourists.") == ("120", "150")
    # A date's parts count nothing: not "10" against "12".
    assert figures_with_units("Opening day: 27/10/2017.") == {}
    assert figures_with_units("The bridge opened on January 12, 2017, and 12th May 2018.") == {}
    assert conflicting_figure("Release date: 27/10/2017.", "It was announced on January 12, 2017.") is None
    assert conflicting_figure("In May 3 million people voted.", "In May 4 million people voted.") == ("3", "4")  # a month, then a count
    # Figures for different years are different times, not a disagreement.
    assert conflicting_figure("In 2021 the port handled 61,250 containers.", "The port handled 74,900 containers in 2023.") is None
    assert conflicting_figure("In 2021 the port handled 61,250 containers.", "In 2021 officials counted 70,000 containers.") == (
        "61,250",
        "70,000",
    )
    # A figure followed by another figure counts nothing; a bare 19xx/20xx is a year.
    assert figures_with_units("a 2017 action game; 4 5 votes") == {"5": ("5", "vote")}
    assert figures_with_units("2,000 troops") == {"2000": ("2,000", "troop")}


def test_a_verdict_tells_a_line_about_another_year_or_sequel_from_a_wrong_answer() -> None:
    # Rule: a line that lacks the year the question asks about, or names only a numbered sequel of
    # its title, is about something else; another line may be about the right one.
    line = "As chair of the Eastport board, Ada Bello leads all ferry planning."
    assert verify("Ada Bello", line, "Who chaired the Eastport board in 2021?").elsewhere
    assert not verify("Ada Bello", line, "Who chairs the Eastport board?").elsewhere
    assert verify("in May", "Road Wars 2 launches in May.", "When was Road Wars released?").elsewhere
    assert not verify("in May", "Road Wars launches in May.", "When was Road Wars released?").elsewhere
    # A count is no year: "the 1,500 workers" asks about none.
    assert not verify("Ada Bello", line, "Who leads the 1,500 ferry workers?").elsewhere


def test_a_statement_the_conversation_already_made_says_nothing_new() -> None:
    said = "Who is Sam Reed? A former mayor of Tula. What did he say? He told reporters last week the ferry would run."
    assert says_again("Sam Reed, a former mayor of Tula, told reporters last week", said)
    assert not says_again("Sam Reed wants the old bridge rebuilt within three years", said)
    assert not says_again("last week", said)  # a short answer may repeat a word or two and still answer
    assert not says_again("Sam Reed, a former mayor of Tula, told reporters last week", "")  # no conversation
    # What it adds may be the whole answer: a year, a month, a place; or it denies what was said.
    assert not says_again("He told reporters last week in 2020 the ferry would run", said)
    assert not says_again("He told reporters in Eastport last week the ferry would run", said)
    assert not says_again("Sam Reed told reporters last week the ferry would not run", said)
    assert not says_again("Sam Reed told reporters the ferry would run because the bridge fell", said)  # a reason is new
    verdict = verify(
        "Sam Reed, a former mayor of Tula, told reporters last week",
        "Sam Reed, a former mayor of Tula, told reporters last week.",
        "And then?",
        said=said,
    )
    assert not verdict.supported and verdict.repeated


def test_a_line_quoting_another_person_is_not_the_one_whose_words_are_asked_for() -> None:
    people = frozenset({"Ada Bello", "Sam Reed"})
    question = "What did Ada Bello say about the ferry?"
    other = verify("The ferry must stop", "The ferry must stop, Sam Reed, a councillor, said.", question, people=people)
    assert not other.supported and other.not_the_one
    assert other.reasons == ["the question asks for another person's words; the line quotes Sam Reed"]
    # What the line leans on (the sentence before it, the answer's other statements) may name her;
    # the line still gives another person's words.
    leaning = verify(
        "The ferry must stop",
        "The ferry must stop, Sam Reed, a councillor, said.",
        question,
        context="Ada Bello spoke first.",
        people=people,
    )
    assert not leaning.supported
    hers = verify("The ferry must stop", "The ferry must stop, Ada Bello, the mayor, said.", question, people=people)
    assert hers.supported


def test_a_copied_claim_the_budget_cut_inside_a_word_has_that_word_finished_from_its_line() -> None:
    line = "“We have waited too long,” former Mayor Ada Bello told reporters, as 2,500 people and well-known guests looked on."
    # The token budget stopped the copy inside "Ada": the line finishes it, as it writes it.
    assert with_cut_word_finished('"We have waited too long," former Mayor Ad', line) == '"We have waited too long," former Mayor Ada'
    # Only what the line itself writes after the claim's own letters: not "41" of "4½", nor
    # "PoST" of "DAILY POST".
    assert with_cut_word_finished("Sam Reed served 4", "Sam Reed served 4½ years as mayor.") == "Sam Reed served 4"
    assert with_cut_word_finished("the Daily Po", "Ada Bello told the DAILY POST on Monday.") == "the Daily Po"
    # Inside a figure or a compound: "2" of "2,500", "well" of "well-known".
    assert with_cut_word_finished("as 2", line) == "as 2,500"
    assert with_cut_word_finished("people and well", line) == "people and well-known"
    # A copy that ends on a whole word, a claim in other words, and one ending on punctuation stay as they are.
    assert with_cut_word_finished("former Mayor Ada", line) == "former Mayor Ada"
    assert with_cut_word_finished("told reporters", line) == "told reporters"
    assert with_cut_word_finished("The former mayor spoke to reporters", line) == "The former mayor spoke to reporters"
    assert with_cut_word_finished("told reporters,", line) == "told reporters,"
    # A claim of one word is what the model meant, however the line goes on ("2" of "2014").
    assert with_cut_word_finished("2", "The fund was set up in 2014.") == "2"
    # A run the line has twice, once whole: nothing was cut.
    assert with_cut_word_finished("the bank", "Ada Bello runs the bank by the bankside.") == "the bank"
    assert with_cut_word_finished("runs the bank", "Ada Bello runs the banks by the river.") == "runs the banks"
