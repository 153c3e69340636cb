"""A line answers "who won" only when it says someone won, and won the whole of what was asked."""

from __future__ import annotations

from rag.contests import asks_who_won, contest_reasons


def test_who_won_questions_are_told_apart_from_others() -> None:
    assert asks_who_won("Who won the 2031 Harbour Cup?") == "the 2031 Harbour Cup"
    assert asks_who_won("Which team won the regional final?") == "the regional final"
    assert asks_who_won("What film won Best Picture in 2031?") == "Best Picture in 2031"
    assert asks_who_won("Who is the 2031 award winner?") is None
    assert asks_who_won("Who won't stand again?") is None
    assert contest_reasons("The two met in the first round.", "Who leads the union?") == []


def test_a_line_where_no_one_wins_anything_does_not_say_who_won() -> None:
    question = "Who won the 2031 Harbour Cup?"
    assert contest_reasons("Harbour Cup 2031 preview: Tom Reyes and Ian Holt are the favourites this week.", question)
    for line in (
        "Tom Reyes won the 2031 Harbour Cup.",
        "Tom Reyes beat Ian Holt in straight sets to take the Harbour Cup.",
        "The 2031 Harbour Cup went to Tom Reyes, who was crowned on Sunday.",
        "Tom Reyes lifted the trophy at the 2031 Harbour Cup.",
        "Westport edged Eastport 2-1 in the Harbour Cup final.",
        "Tom Reyes won in three sets on the centre court.",
    ):
        assert contest_reasons(line, question) == [], line


def test_winning_a_stage_or_a_round_is_not_winning_the_contest() -> None:
    question = "Who won the 2031 Coast Race?"
    assert contest_reasons("Ana Ruiz sprinted to win the final stage of the 2031 Coast Race in Lisbon.", question)
    assert contest_reasons("Ana Ruiz wins stage 13 of the Coast Race, her fourth stage win.", question)
    assert contest_reasons("Ana Ruiz won the first round of the Coast Race vote.", question)
    # The whole contest won, beside stage wins; or the question asks about the stage itself.
    assert (
        contest_reasons("After 21 stages and 13 stage winners, Ana Ruiz stood on the podium as the 2031 Coast Race champion.", question)
        == []
    )
    assert contest_reasons("Ana Ruiz won the final stage of the Coast Race.", "Who won the final stage of the Coast Race?") == []


def test_a_whole_contest_won_in_a_game_or_by_a_team_named_like_a_part_is_no_part() -> None:
    assert contest_reasons("The Eastport Heat won the 2031 league finals in seven games.", "Who won the 2031 league finals?") == []
    assert contest_reasons("Tom Reyes won the match in four sets.", "Who won the 2031 Harbour Cup final?") == []
