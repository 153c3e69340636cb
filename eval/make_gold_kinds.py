"""Write eval/gold_kinds.jsonl: gold for the question kinds of issue 12, located in the articles.

Issue 12 teaches the system kinds of questions it cannot answer yet: explanations (why / how / what
happened / what does X want, answered in 1-3 sentences), lists, summaries, follow-up conversations
that lean on pronouns and ellipsis, questions about the collection itself, and refusals for
explanations or lists the articles do not give. These items were written from the five articles in
corpus/ alone, without running the pipeline or reading its output.

Each item names the facts an answer must carry, ALL of them. A fact is a list of aliases: the judge
accepts the fact when any alias occurs in the answer (case-insensitive, whole words). The first alias
of every fact is quoted from one of the item's support spans, so each fact is provably from the
articles; later aliases are paraphrases. Support quotes are located in the raw .txt text with the
same same-length folding as make_gold.py (curly quotes, no-break spaces), and the script stops with
an error when a quote is not found. `wrong` lists plausible wrong answers, each missing a fact.
Unanswerable items end their kind in "_unanswerable" (as "followup_unanswerable" does in gold.jsonl),
have no facts and no support, and list tempting answers the articles do not back.

Rerun after editing:  cd /work/main && python3 eval/make_gold_kinds.py
Checked by:           .venv/bin/python -m pytest -q tests/test_gold_kinds.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "eval" / "gold_kinds.jsonl"
A0, A1, A2, A3, A4 = (
    "000_5a361f96d8d3f792", "001_74b727acca70647e", "002_4347aecd19218ae7", "003_63da0c3924deb257", "004_c34c2e7006b52b5c",
)

# How the articles are told apart in a collection answer: header date, byline, title (and the doc id).
A0_ID = ["03/13/2024", "March 13", "13 March", "Mar 13", "2024-03-13", "Talks To End US Military Presence In Iraq May Last Until US Election",
         A0]
A1_DATE = ["Mar 12, 2024", "March 12", "12 March", "Mar 12", "2024-03-12", "Timour Azhari", "Azhari",
           "Talks to end US-led coalition in Iraq may take till after US elections", A1]
A3_ID = ["Baghdad, Washington to start talks to end US military presence in Iraq", "Baghdad, Washington to start talks", "AFP", A3]

AFTER_ELECTION = ["after U.S. presidential elections", "after the US presidential election", "after US presidential elections",
                  "after the U.S. presidential election", "after the presidential election", "after the presidential elections",
                  "after the US election", "after the US elections", "after the election", "after the elections", "after November",
                  "past the US election", "past the election", "beyond the US election", "beyond the election"]

# (id, kind, question, history, facts, [(doc_id, supporting quote)], wrong)
ITEMS: list[tuple] = [
    # ---- explanation: why / how / what happened / what does X want; 1-3 sentences ----
    ("k01", "explanation", "What set off the talks between Washington and Baghdad on winding down the coalition?", [],
     [["tit-for-tat", "tit for tat", "exchange of attacks", "exchanged attacks", "traded attacks", "trading attacks", "clashes between"],
      ["Shi'ite", "Shiite", "Shia", "Iran-backed", "militias", "militia", "armed groups"],
      ["Gaza"]],
     [(A0, "The process to wind up the military coalition came after US forces and Iran-backed Shi'ite Muslim militias engaged "
           "in tit-for-tat attacks amid regional conflict linked to the war in Gaza"),
      (A1, "The decision came after U.S forces and Shi’ite armed groups had engaged in tit-for-tat attacks amid regional conflict "
           "linked to Israel’s war in Gaza"),
      (A3, "linked to the Israel’s war on Gaza, which has sparked a surge in attacks on American and other coalition forces")],
     ["Islamic State's 2017 defeat in Iraq made the coalition's mission obsolete [1].",
      "The Iraqi parliament's January 2020 vote to expel foreign forces [1].",
      "US air strikes in February that killed a PMF member [1]."]),
    ("k02", "explanation", "How do Iraqi politicians see the commission-level talks with the US, and why?", [],
     [["buy time", "buying time", "gain time", "gaining time", "play for time", "playing for time", "stall", "stalling"],
      ["differing views", "different views", "disagree", "disagreement", "disagreements", "divided", "division", "divisions",
       "split", "no consensus"]],
     [(A0, "The technical talks via a joint military commission are seen by politicians as a way to buy time in the face of "
           "differing views over how US-Iraqi military relations should evolve"),
      (A1, "The technical talks via a joint military commission are seen by politicians as a way to buy time amid differing views "
           "over how the countries’ military relationship should evolve")],
     ["As a way to agree a fixed date for the US withdrawal [1].",
      "As a way to end the coalition before the US election in November [1].",
      "As a way to keep Iraq from becoming a battlefield for foreign powers [1]."]),
    ("k03", "explanation", "How do Washington and parts of the Iraqi government differ on the timing of a pullout?", [],
     [["conditions in Iraq", "based on conditions", "conditions-based", "conditions on the ground", "conditions"],
      ["timeline", "timetable", "set a date", "fixed date", "firm date", "set date", "date for"],
      ["regardless", "irrespective", "no matter", "whatever the"]],
     [(A2, "The US prefers a schedule that would be based on conditions in Iraq"),
      (A2, "some elements within the Iraqi government prefer a schedule based on a timeline, setting the date for an American "
           "withdrawal regardless of the stability or the security situation within the country"),
      (A4, "the US wants a withdrawal schedule based on the conditions in Iraq"),
      (A4, "Elements of the Iraqi government want to set a date for the withdrawal regardless of the situation with ISIS")],
     ["Both sides want the withdrawal to wait until after the US election in November [1].",
      "Washington wants an immediate exit, while Baghdad wants US advisers to stay [1].",
      "The US wants a timeline, while Iraq wants advisers kept until ISIS is beaten [1]."]),
    ("k04", "explanation", "What does the US say it wants out of the talks with Baghdad?", [],
     [["not be a negotiation on the withdrawal", "not necessarily entailing a withdrawal", "not a negotiation on withdrawal",
       "not a negotiation on the withdrawal", "not about withdrawal", "not about a withdrawal", "not about withdrawing",
       "not a withdrawal", "not necessarily a withdrawal", "not necessarily mean a withdrawal", "not mean a withdrawal",
       "no withdrawal", "not want to withdraw", "doesn't want to withdraw", "not to withdraw", "without withdrawing",
       "without a withdrawal", "rather than a withdrawal", "rather than withdrawal", "not negotiating a withdrawal",
       "not negotiate a withdrawal", "not negotiating withdrawal", "not necessarily lead to a withdrawal",
       "not necessarily leading to a withdrawal", "not necessarily mean withdrawal", "not necessarily mean a pullout"],
      ["bilateral security", "bilateral", "security partnership", "security cooperation", "security relationship", "security ties"]],
     [(A3, "A senior US defense official said the upcoming meetings would not be a negotiation on the withdrawal of American "
           "forces from Iraq"),
      (A3, "Washington “sees a need to transition to a normal bilateral security cooperation relationship”"),
      (A3, "the process will “enable the transition to an enduring bilateral security partnership between the United States and Iraq”"),
      (A0, "Washington does not view the talks as necessarily entailing a withdrawal of US military advisers from the country"),
      (A1, "does not view the talks as necessarily entailing a withdrawal of U.S. military advisers from the country")],
     ["A specific and clear timeline for the gradual reduction of coalition advisers [1].",
      "A full withdrawal of US troops once ISIS is defeated [1].",
      "An immediate exit of US forces from Iraq [1]."]),
    ("k05", "explanation", "What does Baghdad expect the talks to deliver, according to its Foreign Ministry?", [],
     [["timeline", "timetable", "schedule"],
      ["gradual reduction", "gradually reduce", "gradually reducing", "gradual drawdown", "reduction", "reduce", "reducing",
       "drawdown", "scale down", "scaling down"],
      ["advisers", "advisors", "troops", "forces", "presence"]],
     [(A3, "Washington and Baghdad agreed to form working groups that would eventually lead to formulating “a specific and clear "
           "timeline... and to begin the gradual reduction of its (the coalition’s) advisers on Iraqi soil”"),
      (A3, "with Baghdad expecting the talks to lead to a timeline for reducing their presence")],
     ["A full and immediate withdrawal of all US forces [1].",
      "An enduring bilateral security partnership with the United States [1].",
      "A decision only after the US election in November [1]."]),
    ("k06", "explanation", "Why, according to Dave DeCamp, has the US troop presence been resented in Iraq for years?", [],
     [["parliament", "lawmakers", "MPs", "legislature"],
      ["January 2020", "Jan. 2020", "2020"],
      ["Soleimani", "Suleimani", "Muhandis"]],
     [(A4, "The 2,500 US troops based in Iraq have been unwelcome for years as the Iraqi parliament voted in January 2020 for the "
           "expulsion of foreign forces after the US killed Iranian Gen. Qasem Soleimani and PMF leader Abu Mahdi al-Muhandis in a "
           "drone strike in Baghdad")],
     ["Because of the 2003 invasion that toppled Saddam Hussein [1].",
      "Because US strikes on Tuesday killed a PMF member [1].",
      "Because parliament voted in January 2020 to expel them after ISIS overran a third of Iraq [1]."]),
    ("k07", "explanation", "How did US forces manage to stay in Iraq after the parliament voted to expel them?", [],
     [["foreign reserves", "reserves", "currency reserves"],
      ["economy", "economic"]],
     [(A4, "The US refused to leave and was able to stay due to its control of Iraq’s foreign reserves and ability to destroy the "
           "Iraqi economy")],
     ["Baghdad invited the advisers to stay on an advise and assist mission [1].",
      "The US agreed to end its combat role in December 2021 [1].",
      "By threatening sanctions on Iraq's economy through its oil sales [1]."]),
    ("k08", "explanation", "Why have armed groups in Iraq been attacking US troops since mid-October?", [],
     [["support for Israel", "supports Israel", "supporting Israel", "backing for Israel", "backing of Israel", "backs Israel",
       "backing Israel", "support of Israel", "backed Israel", "support to Israel"],
      ["Gaza"]],
     [(A3, "many of them claimed by the Islamic Resistance in Iraq that oppose US support for Israel in the Gaza conflict"),
      (A4, "Iraqi Shia militias are firing rockets at US bases due to President Biden’s support for Israel’s slaughter in Gaza"),
      (A3, "linked to the Israel’s war on Gaza, which has sparked a surge in attacks on American and other coalition forces")],
     ["In revenge for the killing of Qasem Soleimani in 2020 [1].",
      "Because the US launched airstrikes on the PMF [1].",
      "Because Islamic State has regrouped near US bases [1]."]),
    ("k09", "explanation", "How did al-Sudani's office react to the American strike that killed a PMF fighter?", [],
     [["sovereignty"],
      ["years of co-operation", "years of cooperation", "co-operation", "cooperation"]],
     [(A4, "A spokesman for al-Sudani said the US strikes “blatantly” violated Iraq’s sovereignty"),
      (A4, "“This unacceptable act undermines years of co-operation…")],
     ["It welcomed the strike as a blow against Iran's proxies [1].",
      "It said the strike broke international law and demanded compensation [1].",
      "It called for pressure for a halt to the Israeli offensive in Gaza [1]."]),

    # ---- list: the question asks for several things; every one is a fact ----
    ("k10", "list", "Which news organisations do the articles cite as sources on the talks?", [],
     [["Reuters"], ["AFP", "Agence France-Presse", "Agence France Presse"], ["CNN"]],
     [(A0, "may not be concluded until after the US presidential election in November, Reuters reported"),
      (A1, "BAGHDAD (Reuters)"),
      (A4, "A report from Reuters about the talks"),
      (A3, "the country’s prime minister has called for the coalition to leave, AFP reported"),
      (A4, "Sources told CNN"),
      (A4, "US officials told CNN")],
     ["Reuters and CNN [1][2].", "Reuters, AFP and the Associated Press [1].", "Al Jazeera and the BBC [1]."]),
    ("k11", "list", "Which Iraqi factions fear what could happen if US troops leave?", [],
     [["moderate Shi'ite factions", "moderate Shi'ite", "moderate Shiite", "moderate Shia", "moderate Shi'a"],
      ["Sunni"],
      ["Kurdish", "Kurds", "Kurd"]],
     [(A0, "more moderate Shi'ite factions and Sunni and Kurdish parties are concerned their departure could lead to a power vacuum"),
      (A1, "more moderate Shi’ite factions and Sunni and Kurdish parties are concerned their departure could lead to a power vacuum")],
     ["Hardline Shi'ite armed groups seen as Iran's proxies [1].",
      "Sunni and Kurdish parties [1].",
      "The Popular Mobilization Forces and the Islamic Resistance in Iraq [1]."]),
    ("k12", "list", "What conditions does Washington want a withdrawal schedule tied to?", [],
     [["ISIS", "Islamic State", "Daesh"],
      ["stability of the government", "government's stability", "stable government", "government stability",
       "stability of Iraq's government", "stability of the Iraqi government", "political stability"],
      ["security forces", "armed forces", "army"]],
     [(A2, "The US prefers a schedule that would be based on conditions in Iraq, including the ongoing defeat of ISIS and the "
           "stability of the government and the Iraqi security forces"),
      (A4, "the US wants a withdrawal schedule based on the conditions in Iraq, including the status of ISIS and the stability of "
           "Iraq’s security forces")],
     ["A fixed date, regardless of the security situation [1].",
      "The outcome of the November US presidential election [1].",
      "The defeat of ISIS alone [1]."]),
    ("k13", "list", "Which Iraqi politicians or officials are quoted by name in the coverage?", [],
     [["Haider al-Abadi", "Abadi"], ["Sudani", "al-Sudani"], ["Qassem al-Aaraji", "Aaraji"]],
     [(A0, "former Iraqi Prime Minister Haider al-Abadi, a moderate Shiite politician, told journalists last week"),
      (A1, "former Iraqi Prime Minister Haider al-Abadi, a moderate member of Iraq’s ruling Shi’ite Coordination Framework, told "
           "journalists last week"),
      (A2, "the office of Iraqi Prime Minister Mohammed Shia al-Sudani said they would soon begin the process"),
      (A3, "Sudani said Daesh “is no longer a danger for the Iraqi state"),
      (A4, "Iraqi Prime Minister Mohammed Shia al-Sudani has said repeatedly in recent weeks that Baghdad can handle the ISIS "
           "remnants"),
      (A4, "Qassem al-Aaraji, Iraq’s national security advisor, said the way for the US to reduce tensions")],
     ["Haider al-Abadi and Brigadier General Salah Abdullah [1].",
      "Lloyd Austin and Haider al-Abadi [1].",
      "Mohammed Shia al-Sudani and Saddam Hussein [1]."]),
    ("k14", "list", "Lay out the key dates of America's military involvement in Iraq, from the invasion to the end of its combat role.", [],
     [["2003"], ["2011"], ["2014"], ["December 2021", "Dec. 2021", "Dec 2021"]],
     [(A1, "The U.S. invaded Iraq in 2003, toppling President Saddam Hussein before exiting the country in 2011"),
      (A1, "The U.S. returned in 2014 at the head of an international coalition to fight ISIS"),
      (A0, "formed in 2014 to help fight Islamic State (IS)"),
      (A3, "the anti-Daesh coalition formed in 2014"),
      (A2, "since December 2021, when the US military announced the end of its combat role in the country")],
     ["Invaded in 2003, left in 2011, and ended its combat role in 2017 [1].",
      "Invaded in 2003, returned in 2014 and ended its combat role in December 2021 [1].",
      "Invaded in 2003 and ended its combat role in 2011 [1]."]),
    ("k15", "list", "Who died in the US drone strike in Baghdad that preceded parliament's vote to expel foreign forces?", [],
     [["Qasem Soleimani", "Soleimani", "Suleimani"], ["Abu Mahdi al-Muhandis", "Muhandis"]],
     [(A4, "the US killed Iranian Gen. Qasem Soleimani and PMF leader Abu Mahdi al-Muhandis in a drone strike in Baghdad")],
     ["Qasem Soleimani alone [1].", "Abu Mahdi al-Muhandis and Qassem al-Aaraji [1].", "Saddam Hussein [1]."]),

    # ---- summary: one article, or the corpus on one topic ----
    ("k16", "summary", "Give me a two- or three-sentence summary of the Reuters report by Timour Azhari.", [],
     [AFTER_ELECTION,
      ["January"],
      ["Haider al-Abadi", "Abadi"]],
     [(A1, "may not be concluded until after U.S. presidential elections in November, a senior Iraqi government official told Reuters "
           "on condition of anonymity"),
      (A1, "Washington and Baghdad in January initiated talks to reassess the U.S-led coalition in Iraq"),
      (A1, "“I don’t think the Americans want a full withdrawal. That is clear,” former Iraqi Prime Minister Haider al-Abadi")],
     ["Talks started in January and the US has agreed to withdraw all 2,500 troops by November [1].",
      "Prime Minister al-Sudani said Daesh is no longer a danger and the coalition must leave [1].",
      "The talks may end after the US election, Haider al-Abadi said, with the US planning a full withdrawal [1]."]),
    ("k17", "summary", "Summarise Dave DeCamp's piece on the upcoming talks.", [],
     [["military commission"],
      ["conditions"],
      ["Popular Mobilization Forces", "Popular Mobilisation Forces", "PMF"]],
     [(A4, "Sources told CNN that the US and Iraq would use a military commission they formed last summer as a vehicle for the talks"),
      (A4, "US officials told CNN that the US wants a withdrawal schedule based on the conditions in Iraq"),
      (A4, "The latest airstrikes the US launched on Tuesday killed at least one member of the Popular Mobilization Forces (PMF)")],
     ["Talks may not end until after the US election in November, a senior Iraqi official told Reuters [1].",
      "The US and Iraq will use a military commission for the talks, and the US has agreed to a fixed withdrawal date [1].",
      "Baghdad says Daesh is no longer a danger, and Lloyd Austin says meetings start in the coming days [1]."]),
    ("k18", "summary", "Across all the coverage, where do the US-Iraq talks on the American troop presence stand?", [],
     [["January"],
      ["military commission", "joint commission", "commission"],
      AFTER_ELECTION + ["several months", "months, if not longer"],
      ["conditions"]],
     [(A0, "The two countries in January initiated talks"),
      (A1, "Washington and Baghdad in January initiated talks"),
      (A0, "The technical talks via a joint military commission"),
      (A1, "The technical talks via a joint military commission"),
      (A2, "agreed to form a higher military commission last summer, according to the Pentagon, as a vehicle for the talks"),
      (A4, "would use a military commission they formed last summer as a vehicle for the talks"),
      (A0, "may not be concluded until after the US presidential election in November"),
      (A1, "may not be concluded until after U.S. presidential elections in November"),
      (A4, "The talks are expected to take several months, if not longer"),
      (A2, "The US prefers a schedule that would be based on conditions in Iraq"),
      (A4, "the US wants a withdrawal schedule based on the conditions in Iraq")],
     ["The talks concluded in February with an agreement on a full US withdrawal [1].",
      "Talks started in January 2020 after parliament's vote and ended in December 2021 [1].",
      "Talks began in January through a joint military commission and should wrap up in the coming days [1]."]),

    # ---- followup: the history holds the earlier turns ----
    # Conversation 1: Haider al-Abadi (three follow-ups).
    ("k19", "followup", "What does he make of Washington's intentions?",
     [["Who is Haider al-Abadi?",
       "A former Iraqi prime minister, a moderate Shi'ite in Iraq's ruling Coordination Framework [1][2]."]],
     [["don't think the Americans want a full withdrawal", "not think the Americans want a full withdrawal",
       "doesn't think the Americans want", "does not think the Americans want", "do not think the Americans want",
       "not want a full withdrawal", "don't want a full withdrawal", "doesn't want a full withdrawal",
       "do not want a full withdrawal", "does not want a full withdrawal", "Americans don't want", "Americans do not want",
       "US doesn't want", "US does not want", "Washington doesn't want", "Washington does not want", "no full withdrawal",
       "not seeking a full withdrawal"]],
     [(A0, "I don't think the Americans want a full withdrawal"),
      (A1, "I don’t think the Americans want a full withdrawal")],
     ["He said the Americans want a full withdrawal [1].",
      "He said Washington plans to pull out after the November election [1].",
      "He called for an immediate exit of US forces [1]."]),
    ("k20", "followup", "Who was he talking to, and when?",
     [["Who is Haider al-Abadi?",
       "A former Iraqi prime minister, a moderate Shi'ite in Iraq's ruling Coordination Framework [1][2]."],
      ["What does he make of Washington's intentions?",
       "He does not think the Americans want a full withdrawal [1][2]."]],
     [["journalists", "reporters", "the press", "media", "newsmen"], ["last week"]],
     [(A0, "told journalists last week"), (A1, "told journalists last week")],
     ["He told Reuters on condition of anonymity [1].", "He spoke to parliament in January [1].", "He told CNN last month [1]."]),
    ("k21", "followup", "And on the Iraqi side?",
     [["Who is Haider al-Abadi?",
       "A former Iraqi prime minister, a moderate Shi'ite in Iraq's ruling Coordination Framework [1][2]."],
      ["What does he make of Washington's intentions?",
       "He does not think the Americans want a full withdrawal [1][2]."],
      ["Who was he talking to, and when?", "He told journalists last week [1][2]."]],
     [["dispense entirely with the Americans", "dispense entirely", "dispense with the Americans", "do away with the Americans",
       "get rid of the Americans", "no Iraqi desire", "not an Iraqi desire", "no desire", "not want the Americans gone",
       "don't want the Americans out", "do not want the Americans out", "not want them out", "don't want them gone"],
      ["more problems than solutions", "more problems"]],
     [(A0, "I do not thing there is an Iraqi desire among the political forces to dispense entirely with the Americans"),
      (A0, "there is a feeling today that their presence at this time causes more problems than solutions"),
      (A1, "I do not thing there is an Iraqi desire among the political forces to dispense entirely with the Americans"),
      (A1, "there is a feeling today that their presence at this time causes more problems than solutions")],
     ["Iraq's political forces all want an immediate full withdrawal [1].",
      "He said Iraqis see the US presence as essential to fighting ISIS [1].",
      "Sunni and Kurdish parties fear a power vacuum [1]."]),
    # Conversation 2: the PMF, then a new topic.
    ("k22", "followup", "What happened to them in the latest US strikes?",
     [["What is the PMF?",
       "The Popular Mobilization Forces, a militia coalition formed in 2014 to fight ISIS that is part of Iraq's security forces [1]."]],
     [["at least one member", "at least one", "one member", "one PMF member", "one of its members", "one of their members"],
      ["killed", "kill", "died", "dead"]],
     [(A4, "The latest airstrikes the US launched on Tuesday killed at least one member of the Popular Mobilization Forces (PMF)")],
     ["The strikes killed PMF leader Abu Mahdi al-Muhandis [1].",
      "Two PMF bases were destroyed with no casualties [1].",
      "At least one US soldier was wounded [1]."]),
    ("k23", "followup", "How many American troops are stationed in Syria?",  # new topic: must not be read as PMF fighters in Syria
     [["What is the PMF?",
       "The Popular Mobilization Forces, a militia coalition formed in 2014 to fight ISIS that is part of Iraq's security forces [1]."],
      ["What happened to them in the latest US strikes?",
       "US airstrikes on Tuesday killed at least one PMF member [1]."]],
     [["900", "nine hundred"]],
     [(A1, "around 2,500 American troops in Iraq and 900 in Syria"),
      (A3, "There are roughly 2,500 US troops deployed in Iraq and about 900 in Syria")],
     ["2,500 [1].", "The articles do not say how many PMF fighters are in Syria.", "3,400 [1]."]),
    # Conversation 3: how long the talks may take, then a new topic.
    ("k24", "followup", "How long could they drag on?",
     [["When did Washington and Baghdad start talking about the coalition's future?", "In January [1][2]."]],
     [AFTER_ELECTION + ["several months", "months, if not longer"]],
     [(A0, "may not be concluded until after the US presidential election in November"),
      (A1, "may not be concluded until after U.S. presidential elections in November"),
      (A4, "The talks are expected to take several months, if not longer")],
     ["They should wrap up in the coming days [1].", "Less than a month [1].", "They ended in February [1]."]),
    ("k25", "followup", "Who said so?",
     [["When did Washington and Baghdad start talking about the coalition's future?", "In January [1][2]."],
      ["How long could they drag on?",
       "They may not be concluded until after the US presidential election in November [1][2]."]],
     [["senior Iraqi government official", "Iraqi government official", "senior Iraqi official", "Iraqi official", "senior official",
       "government official", "unnamed official", "anonymous official"],
      ["Reuters"]],
     [(A1, "a senior Iraqi government official told Reuters on condition of anonymity"),
      (A0, "may not be concluded until after the US presidential election in November, Reuters reported")],
     ["Haider al-Abadi, speaking to journalists [1].", "US Defense Secretary Lloyd Austin [1].", "US officials speaking to CNN [1]."]),
    ("k26", "followup", "What happened at the Taji base in 2020?",  # new topic: nothing to do with the talks' length
     [["When did Washington and Baghdad start talking about the coalition's future?", "In January [1][2]."],
      ["How long could they drag on?",
       "They may not be concluded until after the US presidential election in November [1][2]."],
      ["Who said so?", "A senior Iraqi government official, speaking to Reuters on condition of anonymity [1]."]],
     [["handover", "handed over", "hand over", "handing over", "handed back", "transferred", "transfer"],
      ["Iraqi security forces", "Iraqi forces", "Iraqi control", "Iraqi troops", "Iraqi military", "Iraqi army", "Iraqi hands"]],
     [(A0, "signs documents with Brigadier General Salah Abdullah during a handover ceremony of Taji military base from US-led "
           "coalition troops to Iraqi security forces")],
     ["A US drone strike killed Qasem Soleimani there [1].",
      "US forces launched strikes on PMF bases there [1].",
      "The coalition was formed there in 2014 [1]."]),
    # Conversation 4: Iraq's prime minister.
    ("k27", "followup", "What does he want the coalition to do?",
     [["Who is Iraq's prime minister?", "Mohammed Shia al-Sudani [1][2]."]],
     [["leave", "withdraw", "withdrawal", "exit", "depart", "pull out", "go home", "end the presence", "end its presence"]],
     [(A3, "the country’s prime minister has called for the coalition to leave"),
      (A3, "Prime Minister Mohamed Shia al-Sudani calling on the coalition to withdraw from the country"),
      (A2, "the office of Iraqi Prime Minister Mohammed Shia al-Sudani said they would soon begin the process “to end the presence of "
           "the international coalition forces in Iraq permanently.”"),
      (A4, "Baghdad has been calling for the withdrawal of the US-led coalition")],
     ["Stay until ISIS is fully defeated [1].", "Expand its training mission [1].", "Help Iraqi forces fight Daesh remnants [1]."]),
    ("k28", "followup", "When did his office announce that?",
     [["Who is Iraq's prime minister?", "Mohammed Shia al-Sudani [1][2]."],
      ["What does he want the coalition to do?", "He has called for the coalition to leave Iraq [1][2]."]],
     [["January 10th", "January 10", "10 January", "Jan. 10", "Jan 10"]],
     [(A2, "On January 10th, the office of Iraqi Prime Minister Mohammed Shia al-Sudani said they would soon begin the process")],
     ["On January 25, 2024 [1].", "In January 2020 [1].", "On March 13, 2024 [1]."]),
    ("k29", "followup", "Why does he think Iraq can manage without it?",
     [["Who is Iraq's prime minister?", "Mohammed Shia al-Sudani [1][2]."],
      ["What does he want the coalition to do?", "He has called for the coalition to leave Iraq [1][2]."],
      ["When did his office announce that?", "On January 10 [1]."]],
     [["no longer a danger", "no longer dangerous", "no longer a threat", "no longer poses", "not a danger", "not a threat",
       "can handle the ISIS remnants", "can handle"],
      ["capable", "able", "can handle", "can take over", "can maintain"]],
     [(A3, "Sudani said Daesh “is no longer a danger for the Iraqi state, and our armed forces are capable of fully assuming the "
           "maintenance of security and stability”"),
      (A4, "Baghdad can handle the ISIS remnants that are left in Iraq")],
     ["He says Daesh remains a danger and Iraq still needs US help [1].",
      "He says the US strikes violated Iraq's sovereignty [1].",
      "He says the coalition's advisers have finished training the army [1]."]),

    # ---- collection: about the collection itself (headers, bylines, datelines, outlets) ----
    ("k30", "collection", "How many of the articles quote Haider al-Abadi, and which ones?", [],
     [A0_ID, A1_DATE],
     [(A0, "Wednesday, 03/13/2024"),
      (A0, "former Iraqi Prime Minister Haider al-Abadi, a moderate Shiite politician, told journalists last week"),
      (A1, "By Timour Azhari"),
      (A1, "Mar 12, 2024"),
      (A1, "former Iraqi Prime Minister Haider al-Abadi, a moderate member of Iraq’s ruling Shi’ite Coordination Framework, told "
           "journalists last week")],
     ["Only one: the Reuters report by Timour Azhari [2].",
      "Two: the March 13 article and Dave DeCamp's piece [1][3].",
      "Only Dave DeCamp's article [1]."]),
    ("k31", "collection", "Which is the most recent article in the collection?", [],
     [A0_ID],
     [(A0, "Talks To End US Military Presence In Iraq May Last Until US Election"),
      (A0, "Wednesday, 03/13/2024"),
      (A1, "Mar 12, 2024"),
      (A2, "2024-01-25")],
     ["The Reuters report dated Mar 12, 2024 [2].", "The article dated 2024-01-25 [3].",
      "Dave DeCamp's article on the upcoming talks [5]."]),
    ("k32", "collection", "What has Reuters reported about the talks, going by these articles?", [],
     [AFTER_ELECTION, ["several months", "months, if not longer", "months or longer"]],
     [(A0, "may not be concluded until after the US presidential election in November, Reuters reported"),
      (A1, "may not be concluded until after U.S. presidential elections in November, a senior Iraqi government official told Reuters"),
      (A4, "The talks are expected to take several months, if not longer, with the outcome unclear and no US troop withdrawal imminent")],
     ["That the talks would start in the coming days [1].",
      "That the US agreed to withdraw by November [1].",
      "That Iraq's prime minister called for the coalition to leave [1]."]),
    ("k33", "collection", "Which articles carry a byline, and whose?", [],
     [["Timour Azhari", "Azhari"], ["Dave DeCamp", "DeCamp"]],
     [(A1, "By Timour Azhari"), (A4, "Author: Dave DeCamp")],
     ["Only the Reuters article, by Timour Azhari [2].", "Ed Osmond and Dave DeCamp [1][2].", "Timour Azhari and Ed Osmond [2]."]),
    ("k34", "collection", "Which articles give a figure for US troops in Syria?", [],
     [A1_DATE + ["Reuters"], A3_ID],
     [(A1, "Mar 12, 2024"),
      (A1, "around 2,500 American troops in Iraq and 900 in Syria"),
      (A3, "Baghdad, Washington to start talks to end US military presence in Iraq"),
      (A3, "There are roughly 2,500 US troops deployed in Iraq and about 900 in Syria")],
     ["Only the Reuters report of Mar 12, 2024 [1].",
      "The articles dated 2024-01-25 and 03/13/2024 [1][2].",
      "Dave DeCamp's article and the Reuters report [1][2]."]),
    ("k35", "collection", "What does the collection attribute to AFP?", [],
     [["prime minister", "premier", "Sudani"], ["leave", "withdraw", "withdrawal", "exit", "pull out", "depart"]],
     [(A3, "Washington has forces in Iraq as part of the international coalition against the Daesh terrorist group, but the country’s "
           "prime minister has called for the coalition to leave, AFP reported")],
     ["That the talks may not end until after the US election [1].",
      "That the US killed Qasem Soleimani in a drone strike [1].",
      "That the US has 2,500 troops in Iraq on an advise and assist mission [1]."]),

    # ---- unanswerable: explanations or lists the articles do not give ----
    ("k36", "explanation_unanswerable", "Why did American troops pull out of Iraq in 2011?", [], [], [],
     ["Because the status of forces agreement expired at the end of 2011 [1].",
      "Because Iraq's parliament refused to give US troops legal immunity [1]."]),
    ("k37", "list_unanswerable", "Which countries besides the US have troops in the coalition in Iraq?", [], [], [],
     ["Britain, France and Italy [1].", "The UK, Spain and Australia [1]."]),
    ("k38", "list_unanswerable", "Which US bases in Iraq have the militias fired rockets at?", [], [], [],
     ["Ain al-Asad air base and Erbil [1].", "Taji military base, north of Baghdad [1].", "Baghdad airport and Al-Asad [1]."]),
    ("k39", "summary_unanswerable", "Summarise what was agreed at the first meeting of the military commission.", [], [], [],
     ["They agreed a timeline for a US withdrawal by September 2025 [1].",
      "They agreed to move to an enduring bilateral security partnership [1]."]),
    ("k40", "followup_unanswerable", "When did he take up that post?",
     [["Who is the US defense secretary?", "Lloyd Austin [1]."],
      ["When did he say the meetings would start?", "In the coming days [1]."]], [], [],
     ["In January 2021 [1].", "In 2014 [1]."]),
]


def _fold(text: str) -> str:
    return text.translate(str.maketrans({"\u00a0": " ", "’": "'", "‘": "'", "“": '"', "”": '"'}))


def build() -> list[dict]:
    """The records, with every support quote located in its article; stops on a quote it cannot find."""
    texts = {p.stem: p.read_text(encoding="utf-8") for p in (ROOT / "corpus").glob("*.txt")}
    records = []
    for qid, kind, question, history, facts, support, wrong in ITEMS:
        spans = []
        for doc_id, quote in support:
            start = _fold(texts[doc_id]).find(_fold(quote))  # same-length folding keeps offsets valid in the original
            if start < 0:
                raise SystemExit(f"{qid}: quote not found in {doc_id}: {quote!r}")
            spans.append({"doc_id": doc_id, "start": start, "end": start + len(quote),
                          "quote": texts[doc_id][start : start + len(quote)]})
        records.append({
            "id": qid,
            "kind": kind,
            "question": question,
            "history": history,
            "answerable": not kind.endswith("unanswerable"),
            "facts": facts,
            "wrong": wrong,
            "support": spans,
        })
    return records


def main() -> None:
    records = build()
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    print(f"wrote {len(records)} items to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
