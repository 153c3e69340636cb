"""Tests for rag.titles: a line about the title the question names, or another work made from it."""

from __future__ import annotations

from rag.titles import derived_title, numbered_title, work_titles
from rag.verify import evidence_reasons, verify


def test_a_title_the_question_names_without_a_number_is_not_its_numbered_sequel() -> None:
    line = "Harbour Games said Road Wars 2 will launch on 20th October, 2023."
    assert numbered_title("When was Road Wars released?", line) == "Road Wars 2"
    assert numbered_title("When was Road Wars 2 released?", line) is None  # the question names the sequel
    # Roman numerals number kings as well as sequels; a score runs into the next name; a day is a date.
    assert numbered_title("When was King Tomas crowned?", "King Tomas III was crowned in May.") is None
    assert numbered_title("Did Tula win?", "Tula 2 Eastport 1, the board said.") is None
    assert numbered_title("How many workers struck in March?", "About 300 workers struck on March 4.") is None
    # A year, a model number or the title also written plain is no sequel.
    assert numbered_title("When was Road Wars released?", "Road Wars 2023 edition is out.") is None
    assert numbered_title("When did the Boeing crash?", "A Boeing 737 crashed on Monday.") is None
    assert numbered_title("When was Road Wars released?", "Road Wars came out in 2019; Road Wars 2 follows.") is None
    assert numbered_title("Where was the Harbour Cup 2021 held?", "Harbour Cup XI was held in Tula.") is None  # a year names it too
    assert numbered_title("Who spoke at Harbour?", "Sam Reed spoke at Harbour I/O in May.") is None  # part of a longer name
    assert any("not the title" in r for r in evidence_reasons("20th October, 2023", line, "When was Road Wars released?"))


def test_a_title_the_question_names_as_a_work_is_not_the_video_musical_or_remake_made_from_it() -> None:
    # Rule: a video, musical, remake or soundtrack made from a work has its own director, cast and
    # date; a line that names the asked title only as the source of one is about that other work.
    question = 'Who directed "Harbour Lights"?'
    assert derived_title(question, "Fans thanked Harbour Lights video director Ada Bello on Sunday.") == "the video of Harbour Lights"
    assert derived_title(question, "Ada Bello made the 1983 video for Tula Band's “Harbour Lights”.") == "the video of Harbour Lights"
    assert derived_title(question, "Harbour Lights: The Musical opens in May, directed by Sam Reed.") == "the musical of Harbour Lights"
    assert (
        derived_title("Who stars in the film Road Wars?", "The Road Wars live-action remake stars Omar Said.") == "the remake of Road Wars"
    )
    # The line that names no title is read by its article.
    assert (
        derived_title(question, "Director Sam Reed (Tidewater, Blue Coast) returns.", "Harbour Lights: The Musical tours in May.")
        == "the musical of Harbour Lights"
    )
    # The work itself, a question about the derived work, a title also named plain: no other work.
    assert derived_title(question, "Harbour Lights director Omar Said was fired.") is None
    assert derived_title('Who directed the video for "Harbour Lights"?', "Harbour Lights video director Ada Bello") is None
    assert derived_title(question, "Harbour Lights, directed by Omar Said, has a video too; the Harbour Lights video came later.") is None
    # A name the question does not mark as a work (a singer, a team) may well have a tour or a video.
    assert derived_title("When did Ada Bello play in Tula?", "Ada Bello tour dates include Tula on May 4.") is None
    assert work_titles('Who directed "Harbour Lights" for the film festival?') == ["Harbour Lights"]
    # In a verdict, the line is about something else, so another line may be tried.
    line = "Fans thanked Harbour Lights video director Ada Bello on Sunday."
    assert verify("Ada Bello", line, question).elsewhere
    assert any("video of Harbour Lights" in r for r in evidence_reasons("Ada Bello", line, question))
