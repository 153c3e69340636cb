"""Write eval/gold.jsonl from the readable list below, locating each support quote in its article.

The questions were written by reading the five articles. Run `python eval/make_gold.py` after editing;
a test checks that every stored span is an exact slice of its article.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
A0, A1, A2, A3, A4 = (
    "000_5a361f96d8d3f792", "001_74b727acca70647e", "002_4347aecd19218ae7", "003_63da0c3924deb257", "004_c34c2e7006b52b5c",
)

# (id, question, aliases, [(doc_id, supporting quote)], kind, history)
ITEMS: list[tuple] = [
    ("a01", "When might the talks on ending the US military presence in Iraq be concluded?",
     ["after the US presidential election", "after U.S. presidential elections", "after the election", "November"],
     [(A0, "may not be concluded until after the US presidential election in November"),
      (A1, "may not be concluded until after U.S. presidential elections in November")], "answerable", []),
    ("a02", "When did Washington and Baghdad initiate talks to reassess the US presence in Iraq?", ["January"],
     [(A0, "The two countries in January initiated talks"), (A1, "Washington and Baghdad in January initiated talks")], "answerable", []),
    ("a03", "In what year was the US-led coalition in Iraq formed?", ["2014"],
     [(A0, "formed in 2014 to help fight Islamic State"), (A1, "formed in 2014 to help fight Islamic State")], "answerable", []),
    ("a04", "Which group was the coalition formed to fight?", ["Islamic State", "ISIS", "Daesh"],
     [(A1, "formed in 2014 to help fight Islamic State"), (A3, "international coalition against the Daesh terrorist group")], "answerable", []),
    ("a05", "How long have the tit-for-tat attacks between US forces and the militias been halted?",
     ["over a month", "more than a month", "a month"],
     [(A0, "Those clashes have now ceased for over a month"), (A1, "Those attacks have now ceased for over a month")], "answerable", []),
    ("a06", "In which month did the US carry out retaliatory air strikes?", ["February"],
     [(A0, "after retaliatory US air strikes in February")], "answerable", []),
    ("a07", "Who is Haider al-Abadi?", ["former Iraqi Prime Minister", "former prime minister"],
     [(A0, "former Iraqi Prime Minister Haider al-Abadi"), (A1, "former Iraqi Prime Minister Haider al-Abadi")], "answerable", []),
    ("a08", "Does Haider al-Abadi think the Americans want a full withdrawal?",
     ["don't think the Americans want a full withdrawal", "do not want a full withdrawal", "does not think", "doesn't think", "no"],
     [(A0, "I don't think the Americans want a full withdrawal"), (A1, "I don’t think the Americans want a full withdrawal")], "answerable", []),
    ("a09", "Who signed documents with Brigadier General Salah Abdullah at the Taji handover?",
     ["Kenneth P. Ekman", "Kenneth Ekman", "Ekman"], [(A0, "Maj. Gen. Kenneth P. Ekman")], "answerable", []),
    ("a10", "Which base was handed over from coalition troops to Iraqi security forces in August 2020?",
     ["Taji"], [(A0, "handover ceremony of Taji military base")], "answerable", []),
    ("a11", "On what date was the Taji military base handed over to Iraqi forces?", ["August 23, 2020"],
     [(A0, "Iraq August 23, 2020")], "answerable", []),
    ("a12", "What do hardline Iraqi Shi'ite armed groups demand?", ["immediate exit", "immediate withdrawal"],
     [(A0, "have called for an immediate exit of US forces"), (A1, "have called for an immediate exit of U.S. forces")], "answerable", []),
    ("a13", "What are Sunni and Kurdish parties concerned a US departure could lead to?", ["power vacuum"],
     [(A0, "their departure could lead to a power vacuum"), (A1, "their departure could lead to a power vacuum")], "answerable", []),
    ("a14", "Through what body are the technical talks being held?", ["joint military commission", "military commission"],
     [(A0, "The technical talks via a joint military commission"), (A1, "The technical talks via a joint military commission")],
     "answerable", []),
    ("a15", "Who reported the Reuters story on the talks lasting until after the US elections?", ["Timour Azhari"],
     [(A1, "By Timour Azhari")], "answerable", []),
    ("a16", "How many US troops are in Syria?", ["900", "nine hundred"],
     [(A1, "there are currently around 2,500 American troops in Iraq and 900 in Syria"),
      (A3, "There are roughly 2,500 US troops deployed in Iraq and about 900 in Syria")], "answerable", []),
    ("a17", "How many US troops are in Iraq?", ["2,500", "2500"],
     [(A1, "there are currently around 2,500 American troops in Iraq"), (A2, "The US has roughly 2,500 troops currently in Iraq"),
      (A3, "There are roughly 2,500 US troops deployed in Iraq"), (A4, "The 2,500 US troops based in Iraq")], "answerable", []),
    ("a18", "In what year did the US invade Iraq?", ["2003"], [(A1, "The U.S. invaded Iraq in 2003")], "answerable", []),
    ("a19", "When did the US exit Iraq after the 2003 invasion?", ["2011"],
     [(A1, "before exiting the country in 2011")], "answerable", []),
    ("a20", "Which Iraqi president did the 2003 US invasion topple?", ["Saddam Hussein", "Saddam"],
     [(A1, "toppling President Saddam Hussein")], "answerable", []),
    ("a21", "In what year was Islamic State defeated in Iraq?", ["2017"],
     [(A1, "Islamic State’s 2017 defeat in Iraq")], "answerable", []),
    ("a22", "Who edited the Reuters report?", ["Ed Osmond"], [(A1, "Editing by Ed Osmond")], "answerable", []),
    ("a23", "What kind of mission are the US troops in Iraq and Syria on?", ["advise and assist"],
     [(A1, "on an advise and assist mission"), (A2, "in an advise and assist capacity")], "answerable", []),
    ("a24", "When did the US military announce the end of its combat role in Iraq?", ["December 2021"],
     [(A2, "since December 2021, when the US military announced the end of its combat role in the country")], "answerable", []),
    ("a25", "What should the schedule for ending the US military presence be based on, according to the US?",
     ["conditions in Iraq", "conditions"],
     [(A2, "The US prefers a schedule that would be based on conditions in Iraq"),
      (A4, "the US wants a withdrawal schedule based on the conditions in Iraq")], "answerable", []),
    ("a26", "When did the US and Iraq agree to form a higher military commission?", ["last summer", "summer"],
     [(A2, "The US and Iraq agreed to form a higher military commission last summer")], "answerable", []),
    ("a27", "On what date did the Iraqi prime minister's office say it would begin the process to end the coalition's presence?",
     ["January 10th", "January 10"], [(A2, "On January 10th, the office of Iraqi Prime Minister Mohammed Shia al-Sudani")],
     "answerable", []),
    ("a28", "Who is the Prime Minister of Iraq?", ["Sudani", "al-Sudani"],
     [(A2, "Iraqi Prime Minister Mohammed Shia al-Sudani"), (A4, "Iraqi Prime Minister Mohammed Shia al-Sudani")], "answerable", []),
    ("a29", "How many attacks have targeted coalition troops since mid-October?", ["150", "more than 150"],
     [(A3, "There have been more than 150 attacks targeting coalition troops since mid-October")], "answerable", []),
    ("a30", "Who is the US Secretary of Defense?", ["Lloyd Austin", "Austin"],
     [(A3, "US Secretary of Defense Lloyd Austin")], "answerable", []),
    ("a31", "How much of Iraq did Daesh overrun in 2014?", ["a third", "one third"],
     [(A3, "the year the terrorist group overran around a third of Iraq")], "answerable", []),
    ("a32", "Which group claimed many of the attacks on coalition troops?", ["Islamic Resistance in Iraq"],
     [(A3, "many of them claimed by the Islamic Resistance in Iraq")], "answerable", []),
    ("a33", "What did Sudani say about the danger posed by Daesh?", ["no longer a danger"],
     [(A3, "Sudani said Daesh “is no longer a danger for the Iraqi state")], "answerable", []),
    ("a34", "When did Lloyd Austin say the meetings would start?", ["in the coming days", "coming days"],
     [(A3, "confirmed meetings would start “in the coming days”")], "answerable", []),
    ("a35", "What did Lloyd Austin say the process would enable?", ["bilateral security partnership"],
     [(A3, "enable the transition to an enduring bilateral security partnership between the United States and Iraq")],
     "answerable", []),
    ("a36", "Who is Qassem al-Aaraji?", ["national security advisor", "national security adviser"],
     [(A4, "Qassem al-Aaraji, Iraq’s national security advisor")], "answerable", []),
    ("a37", "When did the Iraqi parliament vote for the expulsion of foreign forces?", ["January 2020"],
     [(A4, "the Iraqi parliament voted in January 2020 for the expulsion of foreign forces")], "answerable", []),
    ("a38", "Which Iranian general did the US kill in a drone strike in Baghdad?", ["Qasem Soleimani", "Soleimani"],
     [(A4, "the US killed Iranian Gen. Qasem Soleimani")], "answerable", []),
    ("a39", "What does PMF stand for?", ["Popular Mobilization Forces"],
     [(A4, "Popular Mobilization Forces (PMF)")], "answerable", []),
    ("a40", "On what day of the week did the US launch its latest airstrikes?", ["Tuesday"],
     [(A4, "The latest airstrikes the US launched on Tuesday")], "answerable", []),
    ("a41", "Who wrote the article saying the US and Iraq would start talks on the future of the US military presence?",
     ["Dave DeCamp", "DeCamp"], [(A4, "Dave DeCamp")], "answerable", []),
    ("a42", "Which news network did sources tell that a military commission would be the vehicle for the talks?", ["CNN"],
     [(A4, "Sources told CNN that the US and Iraq would use a military commission")], "answerable", []),
    ("a43", "How many PMF members did the latest US airstrikes kill?", ["at least one", "one"],
     [(A4, "killed at least one member of the Popular Mobilization Forces")], "answerable", []),
    ("a44", "How long were the talks expected to take, according to the Reuters report cited by Antiwar?",
     ["several months"], [(A4, "The talks are expected to take several months, if not longer")], "answerable", []),
    ("a45", "What did a spokesman for al-Sudani say the US strikes violated?", ["sovereignty", "Iraq's sovereignty"],
     [(A4, "the US strikes “blatantly” violated Iraq’s sovereignty")], "answerable", []),
    ("a46", "Which news agency reported that Iraq's prime minister called for the coalition to leave?", ["AFP"],
     [(A3, "the country’s prime minister has called for the coalition to leave, AFP reported")], "answerable", []),
    ("a47", "How many US troops are in Iraq according to CNN-sourced reporting from January 25, 2024?", ["2,500", "2500"],
     [(A2, "The US has roughly 2,500 troops currently in Iraq")], "answerable", []),
    ("a48", "Which Iraqi national body's bases did the national security advisor say the US was bombing?",
     ["Popular Mobilization Forces", "PMF", "an Iraqi national body"],
     [(A4, "targeting and bombing the bases of an Iraqi national body")], "answerable", []),
    # Two articles or a small computation.
    ("m01", "How many US troops are in Iraq and Syria combined?", ["3,400", "3400"],
     [(A1, "there are currently around 2,500 American troops in Iraq and 900 in Syria")], "multi", []),
    ("m02", "How many years after invading Iraq did the US exit the country?", ["8", "eight"],
     [(A1, "The U.S. invaded Iraq in 2003, toppling President Saddam Hussein before exiting the country in 2011")], "multi", []),
    ("m03", "How many US troops are in Iraq, and how many in Syria?", ["2,500|900"],
     [(A1, "around 2,500 American troops in Iraq and 900 in Syria"), (A3, "roughly 2,500 US troops deployed in Iraq and about 900 in Syria")],
     "multi", []),
    ("m04", "When did the talks start, and when might they end?", ["January|election"],
     [(A0, "The two countries in January initiated talks"),
      (A0, "may not be concluded until after the US presidential election in November")], "multi", []),
    # Not in the articles (some tempting: a model may know them from training).
    ("u01", "How many US troops are in Yemen?", [], [], "unanswerable", []),
    ("u02", "What is the population of Baghdad?", [], [], "unanswerable", []),
    ("u03", "Who won the 2024 US presidential election?", [], [], "unanswerable", []),
    ("u04", "What is the capital of France?", [], [], "unanswerable", []),
    ("u05", "How many US troops are stationed in Kuwait?", [], [], "unanswerable", []),
    ("u06", "How much does the US spend each year on its military presence in Iraq?", [], [], "unanswerable", []),
    ("u07", "On what date did Islamic State declare its caliphate?", [], [], "unanswerable", []),
    ("u08", "Who is the US Secretary of State?", [], [], "unanswerable", []),
    ("u09", "How many US soldiers died in the Iraq war?", [], [], "unanswerable", []),
    ("u10", "How many barrels of oil does Iraq produce per day?", [], [], "unanswerable", []),
    ("u11", "Who leads Kata'ib Hezbollah?", [], [], "unanswerable", []),
    ("u12", "Which US base in Jordan was attacked in January 2024?", [], [], "unanswerable", []),
    ("u13", "What is the GDP of Iraq?", [], [], "unanswerable", []),
    ("u14", "How many drones were launched at Al-Asad air base?", [], [], "unanswerable", []),
    # Follow-ups that lean on the conversation.
    ("f01", "And how many are in Syria?", ["900", "nine hundred"],
     [(A1, "900 in Syria"), (A3, "about 900 in Syria")], "followup",
     [["How many US troops are in Iraq?", "There are around 2,500 US troops in Iraq [1]."]]),
    ("f02", "And when did it leave?", ["2011"], [(A1, "before exiting the country in 2011")], "followup",
     [["When did the US invade Iraq?", "The U.S. invaded Iraq in 2003 [1]."]]),
    ("f03", "What did he say about a full withdrawal?", ["full withdrawal"],
     [(A0, "I don't think the Americans want a full withdrawal"), (A1, "I don’t think the Americans want a full withdrawal")],
     "followup", [["Who is Haider al-Abadi?", "Haider al-Abadi is a former Iraqi Prime Minister [1]."]]),
    ("f04", "What did he say the US should do to reduce tensions?", ["halt to the Israeli offensive", "pressure"],
     [(A4, "pile on pressure for a halt to the Israeli offensive in Gaza")], "followup",
     [["Who is Qassem al-Aaraji?", "Qassem al-Aaraji is Iraq's national security advisor [1]."]]),
    ("f05", "After which killing did it vote that way?", ["Soleimani"],
     [(A4, "after the US killed Iranian Gen. Qasem Soleimani")], "followup",
     [["When did the Iraqi parliament vote for the expulsion of foreign forces?", "In January 2020 [1]."]]),
    ("f06", "When did he say the meetings would start?", ["in the coming days", "coming days"],
     [(A3, "confirmed meetings would start “in the coming days”")], "followup",
     [["Who is the US Secretary of Defense?", "Lloyd Austin is the US Secretary of Defense [1]."]]),
    ("f07", "And in Yemen?", [], [], "followup_unanswerable",
     [["How many US troops are in Iraq?", "There are around 2,500 US troops in Iraq [1]."]]),
    ("f08", "What did he say about Daesh?", ["no longer a danger", "can handle the ISIS remnants"],
     [(A3, "Sudani said Daesh “is no longer a danger for the Iraqi state"),
      (A4, "Baghdad can handle the ISIS remnants that are left in Iraq")], "followup",
     [["Who is the Prime Minister of Iraq?", "Mohammed Shia al-Sudani is the Prime Minister of Iraq [1]."]]),
    ("f09", "And when did it end its combat role there?", ["December 2021"],
     [(A2, "since December 2021, when the US military announced the end of its combat role in the country")], "followup",
     [["How many US troops are in Iraq?", "There are around 2,500 US troops in Iraq [1]."]]),
]


def _fold(text: str) -> str:
    return text.translate(str.maketrans({"\u00a0": " ", "’": "'", "‘": "'", "“": '"', "”": '"'}))


def main() -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "corpus").glob("*.txt")}
    lines = []
    for qid, question, answers, support, kind, history in ITEMS:
        spans = []
        for doc_id, quote in support:
            # Same-length folding (no-break spaces, curly quotes) keeps offsets valid in the original.
            start = _fold(texts[doc_id]).find(_fold(quote))
            if start < 0:
                raise SystemExit(f"{qid}: quote not found in {doc_id}: {quote!r}")
            exact = texts[doc_id][start : start + len(quote)]
            spans.append({"doc_id": doc_id, "start": start, "end": start + len(quote), "quote": exact})
        record = {
            "id": qid,
            "kind": kind,
            "question": question,
            "history": history,
            "answerable": not kind.endswith("unanswerable"),
            "answers": answers,
            "support": spans,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
    (ROOT / "eval" / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} questions")


if __name__ == "__main__":
    main()
