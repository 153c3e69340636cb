"""Write eval/judge_pairs.jsonl: (sentence, evidence, supported?) pairs for measuring the support judge.

Supported pairs paraphrase their evidence; each is then perturbed (a swapped number, date or name),
which must make it unsupported; a few pairs pair a sentence with unrelated evidence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SUPPORTED = [
    ("There are about 900 US troops in Syria.", "The U.S. returned in 2014 at the head of an international coalition to fight ISIS and there are currently around 2,500 American troops in Iraq and 900 in Syria on an advise and assist mission."),
    ("The US has roughly 2,500 troops in Iraq.", "The US has roughly 2,500 troops currently in Iraq who have been operating there in an advise and assist capacity since December 2021, when the US military announced the end of its combat role in the country."),
    ("The US military announced the end of its combat role in Iraq in December 2021.", "The US has roughly 2,500 troops currently in Iraq who have been operating there in an advise and assist capacity since December 2021, when the US military announced the end of its combat role in the country."),
    ("The U.S. invaded Iraq in 2003.", "The U.S. invaded Iraq in 2003, toppling President Saddam Hussein before exiting the country in 2011."),
    ("The US exited Iraq in 2011.", "The U.S. invaded Iraq in 2003, toppling President Saddam Hussein before exiting the country in 2011."),
    ("The coalition was formed in 2014 to help fight Islamic State.", "Washington and Baghdad in January initiated talks to reassess the U.S-led coalition in Iraq, formed in 2014 to help fight Islamic State after the extremist Sunni Muslim militant group overran large parts of the country."),
    ("Washington and Baghdad initiated talks in January.", "Washington and Baghdad in January initiated talks to reassess the U.S-led coalition in Iraq, formed in 2014 to help fight Islamic State after the extremist Sunni Muslim militant group overran large parts of the country."),
    ("There have been more than 150 attacks on coalition troops since mid-October.", "There have been more than 150 attacks targeting coalition troops since mid-October, many of them claimed by the Islamic Resistance in Iraq that oppose US support for Israel in the Gaza conflict."),
    ("Many of the attacks were claimed by the Islamic Resistance in Iraq.", "There have been more than 150 attacks targeting coalition troops since mid-October, many of them claimed by the Islamic Resistance in Iraq that oppose US support for Israel in the Gaza conflict."),
    ("Lloyd Austin said the meetings would start in the coming days.", "US Secretary of Defense Lloyd Austin confirmed meetings would start “in the coming days” and said the process will “enable the transition to an enduring bilateral security partnership between the United States and Iraq”."),
    ("The Iraqi parliament voted in January 2020 to expel foreign forces.", "The 2,500 US troops based in Iraq have been unwelcome for years as the Iraqi parliament voted in January 2020 for the expulsion of foreign forces after the US killed Iranian Gen. Qasem Soleimani and PMF leader Abu Mahdi al-Muhandis in a drone strike in Baghdad."),
    ("The US killed Qasem Soleimani in a drone strike in Baghdad.", "The 2,500 US troops based in Iraq have been unwelcome for years as the Iraqi parliament voted in January 2020 for the expulsion of foreign forces after the US killed Iranian Gen. Qasem Soleimani and PMF leader Abu Mahdi al-Muhandis in a drone strike in Baghdad."),
    ("Qassem al-Aaraji is Iraq's national security advisor.", "Qassem al-Aaraji, Iraq’s national security advisor, said the way for the US to reduce tensions in the region would be to “pile on pressure for a halt to the Israeli offensive in Gaza rather than targeting and bombing the bases of an Iraqi national body.”"),
    ("Haider al-Abadi is a former Iraqi Prime Minister.", "\"I don't think the Americans want a full withdrawal. That is clear,\" former Iraqi Prime Minister Haider al-Abadi, a moderate Shiite politician, told journalists last week."),
    ("Haider al-Abadi said he doesn't think the Americans want a full withdrawal.", "\"I don't think the Americans want a full withdrawal. That is clear,\" former Iraqi Prime Minister Haider al-Abadi, a moderate Shiite politician, told journalists last week."),
    ("Maj. Gen. Kenneth P. Ekman signed documents at the handover of Taji military base on August 23, 2020.", "Maj. Gen. Kenneth P. Ekman, Deputy Commander of Combined Joint Task Force-Operation Inherent Resolve, signs documents with Brigadier General Salah Abdullah during a handover ceremony of Taji military base from US-led coalition troops to Iraqi security forces, in the base north of Baghdad, Iraq August 23, 2020."),
    ("The latest US airstrikes on Tuesday killed at least one member of the Popular Mobilization Forces.", "The latest airstrikes the US launched on Tuesday killed at least one member of the Popular Mobilization Forces (PMF), a militia coalition formed in 2014 to fight ISIS that’s part of Iraq’s security forces."),
    ("Daesh overran around a third of Iraq in 2014.", "There are roughly 2,500 US troops deployed in Iraq and about 900 in Syria as part of the anti-Daesh coalition formed in 2014 – the year the terrorist group overran around a third of Iraq."),
    ("The talks may not be concluded until after the US presidential election in November.", "Talks between Washington and Baghdad on ending the US military presence in Iraq may not be concluded until after the US presidential election in November, Reuters reported."),
    ("Islamic State was defeated in Iraq in 2017.", "Washington says the coalition’s mission needs to be reassessed in light of Islamic State’s 2017 defeat in Iraq but does not view the talks as necessarily entailing a withdrawal of U.S. military advisers from the country."),
    ("On January 10th, al-Sudani's office said it would begin the process to end the coalition's presence.", "On January 10th, the office of Iraqi Prime Minister Mohammed Shia al-Sudani said they would soon begin the process “to end the presence of the international coalition forces in Iraq permanently.”"),
    ("The US and Iraq agreed to form a higher military commission last summer.", "The US and Iraq agreed to form a higher military commission last summer, according to the Pentagon, as a vehicle for the talks."),
]
UNRELATED = [
    ("The population of Baghdad is 2,500.", SUPPORTED[0][1]),
    ("There are about 900 US troops in Yemen.", SUPPORTED[0][1]),
    ("Joe Biden won the 2024 US presidential election.", SUPPORTED[18][1]),
    ("Paris is the capital of France.", SUPPORTED[13][1]),
    ("The US spends billions each year on its presence in Iraq.", SUPPORTED[1][1]),
    ("Hardline groups want the US to stay in Iraq permanently.", "Hardline Iraqi Shi’ite armed groups have called for an immediate exit of U.S. forces while more moderate Shi’ite factions and Sunni and Kurdish parties are concerned their departure could lead to a power vacuum."),
]
NAME_SWAPS = {"Syria": "Yemen", "Iraq": "Kuwait", "Lloyd Austin": "Antony Blinken", "Soleimani": "Nasrallah", "al-Aaraji": "al-Maliki",
              "al-Abadi": "al-Kadhimi", "Ekman": "Petraeus", "Islamic Resistance": "Houthi", "Taji": "Al-Asad", "al-Sudani": "al-Hakim"}
MONTH_SWAPS = {"December": "March", "January": "June", "November": "October", "August": "July", "February": "May"}


def perturb_number(sentence: str) -> str | None:
    m = re.search(r"\d[\d,]*", sentence)
    if not m:
        return None
    value = int(m.group(0).replace(",", ""))
    new = f"{value + 100:,}" if value < 1900 else str(value + 1)
    return sentence[: m.start()] + new + sentence[m.end() :]


def perturb_by(sentence: str, swaps: dict[str, str]) -> str | None:
    for old, new in swaps.items():
        if old in sentence:
            return sentence.replace(old, new, 1)
    return None


def main() -> None:
    rows = []
    for i, (sentence, evidence) in enumerate(SUPPORTED):
        rows.append({"id": f"s{i:02d}", "sentence": sentence, "evidence": evidence, "supported": True, "kind": "paraphrase"})
        for kind, changed in (("number", perturb_number(sentence)), ("date", perturb_by(sentence, MONTH_SWAPS)),
                              ("name", perturb_by(sentence, NAME_SWAPS))):
            if changed and changed != sentence:
                rows.append({"id": f"s{i:02d}-{kind}", "sentence": changed, "evidence": evidence, "supported": False, "kind": kind})
    for i, (sentence, evidence) in enumerate(UNRELATED):
        rows.append({"id": f"u{i:02d}", "sentence": sentence, "evidence": evidence, "supported": False, "kind": "unrelated"})
    path = ROOT / "eval" / "judge_pairs.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} pairs ({sum(r['supported'] for r in rows)} supported)")


if __name__ == "__main__":
    main()
