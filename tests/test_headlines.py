"""Headlines (timeline/headlines.py): each rule with the examples that are its test, made-up
sentences in the forms news copy takes; the article is dated 4 March 2014 and every sentence
dates one event ("on Monday" is 3 March)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from timeline.headlines import LIMIT, _subject_of, _without_dates, choose, headline_of, opens_on_pronoun
from timeline.mentions import article_mentions
from timeline.pipeline import build_timeline
from timeline.records import Article, Event, Mention
from timeline.sources import load_articles
from timeline.verbs import has_main_verb, has_verb

# rule -> (sentence, the headline it gives)
RULES: dict[str, list[tuple[str, str]]] = {
    "the date phrase goes": [
        ("The city council approved the new budget on Monday.", "The city council approved the new budget"),
        ("Protests first broke out in the port exactly two months ago.", "Protests first broke out in the port"),
        ("Back in 1918 a pandemic of influenza swept through the army camps.", "A pandemic of influenza swept through the army camps"),
    ],
    "furniture before the story goes": [
        ("OSLO | Mon 9:05 am EDT OSLO (Reuters) - The central bank raised its main rate on Monday.", "The central bank raised its main rate"),
        ("Lima, Peru (CNN) -- Rescuers pulled two miners from the shaft on Monday.", "Rescuers pulled two miners from the shaft"),
    ],
    "a pronoun takes the name opening the sentence before, when they agree": [
        ("Ann Lee, the new minister, chaired the panel. She resigned from the cabinet on Monday.", "Ann Lee resigned from the cabinet"),
        ("Ann Lee's handling of the strike was criticised. Her party replaced her as leader on Monday.", "Ann Lee's party replaced her as leader"),
        ("Hydrova posted a loss. It cut five hundred jobs at its smelters on Monday.", "Hydrova cut five hundred jobs at its smelters"),
        ("ACME posted a loss. It then said it would cut five hundred jobs on Monday.", "ACME then said it would cut five hundred jobs"),
        ("Ann Lee spoke first. She thanked the voters. She then resigned from the cabinet on Monday.", "Ann Lee then resigned from the cabinet"),
        # a person is not written as an acronym, nor a thing named like a person
        ("NASA posted the photos. He was arrested at the border on Monday.", "He was arrested at the border"),
        ("Ann Lee posted the photos. It was signed by both parties on Monday.", "It was signed by both parties"),
        # no name opens the sentence before ("Back in ..." is an adverbial)
        ("Back in town the river flooded. It reached the town bridge on Monday.", "It reached the town bridge"),
    ],
    "a quotation in the first person keeps who said it": [
        ('Ann Lee led the march. She said: "We have come here on Monday to be heard by the government."', "Ann Lee: We have come here to be heard by the government"),
        ('The union\'s leader, Ann Lee, said: "We will strike on Monday if the offer stays."', "Ann Lee: We will strike if the offer stays"),
    ],
    "a reporting passive without its 'that' goes": [
        ("On Monday it was confirmed a second pupil at the school had tested positive.", "A second pupil at the school had tested positive"),
    ],
    "a leading discourse word goes": [
        ("Meanwhile, the rebels seized the airport on Monday.", "The rebels seized the airport"),
        ("Separately, the ferry sank near the harbour on Monday.", "The ferry sank near the harbour"),
    ],
    "a short adverbial opening goes": [
        ("In the northern port city, the rebels seized the airport on Monday.", "The rebels seized the airport"),
        ("Two weeks before the vote, the party replaced its leader on Monday.", "The party replaced its leader"),
        ("Facing a revolt, the party replaced its leader on Monday.", "The party replaced its leader"),
    ],
    "a clause the date narrowed to a subordinate phrase reads its sentence": [
        ("Four days before the blast on Monday, engineers sent a warning to the owner of the rig.", "Engineers sent a warning to the owner of the rig"),
    ],
    "the attribution goes": [
        ("The rebels seized the airport on Monday, a military spokesman said.", "The rebels seized the airport"),
        ("According to local officials, floods cut off three villages on Monday.", "Floods cut off three villages"),
        ("The ferry sank on Monday, said Anna Berg, a coastguard officer at the scene.", "The ferry sank"),
    ],
    "a quotation keeps who said it": [
        ('"We will not give up the fight," Maria Lopez said on Monday.', "Maria Lopez: We will not give up the fight"),
    ],
    "an empty 'it' before what the sentence states goes": [
        ("It emerged on Monday that the regulator had fined the bank twice.", "The regulator had fined the bank twice"),
        ("It was in this mood that Anna Berg resigned on Monday.", "Anna Berg resigned"),
    ],
    "a speaker reporting its own act is its subject": [
        ("Norway said on Monday it has frozen the assets of the shipping firm.", "Norway has frozen the assets of the shipping firm"),
    ],
    "parentheticals and dashed asides go": [
        ("The regulator (pictured above with the minister) fined the bank on Monday.", "The regulator fined the bank"),
        ("The strike -- the third this year -- closed every school on Monday.", "The strike closed every school"),
    ],
    "an appositive goes when long": [
        (
            "Jonas Weber, a former finance minister who led the party for a decade, resigned his seat in parliament on Monday.",
            "Jonas Weber resigned his seat in parliament",
        ),
    ],
    "the subject's appositive goes before its verb is read": [
        ("Ann Lee, the town's mayor, told the BBC on Monday in a telephone interview that she had resigned.", "Ann Lee had resigned"),
        ("Jonas Weber, backed by the farmers' union, called on Monday for the minister to resign.", "Jonas Weber called for the minister to resign"),
    ],
    "a headline is cut only where it keeps a verb": [
        (
            "President Ann Lee and Senator Tom Reyes, a farmer from Iowa, both took to the airwaves on Monday, defending the budget deal struck last month with the unions of the north.",
            "President Ann Lee and Senator Tom Reyes both took to the airwaves",
        ),
        (
            "A spokeswoman for the trade body, Farm Union UK, said on Monday that the industry was disappointed that the minister repeated his call for a ban on imports.",
            "A spokeswoman for the trade body said the industry was disappointed",
        ),
    ],
    "names in a list stay": [
        ("Hayward, Svanberg, and Lee met the president at the White House on Monday.", "Hayward, Svanberg, and Lee met the president at the White House"),
    ],
    "a named speaker telling of its own act is its subject": [
        ("Ann Lee told reporters on Monday that she would quit the party.", "Ann Lee would quit the party"),
        ("Omar Hassan al Rawi told the BBC on Monday that he had resigned.", "Omar Hassan al Rawi had resigned"),
        ("Now safely aboard a ferry bound for Malta, Ann Lee said on Monday she would only relax at home.", "Ann Lee would only relax at home"),
    ],
    "a clause that only says who spoke reads what was said": [
        ('In a statement on Monday, the council said: "The old bridge will reopen in May."', "The council said: The old bridge will reopen in May"),
    ],
    "a bullet point is read alone": [
        ("* Government announces fatal outbreak on Monday * New strain found in two cities", "Government announces fatal outbreak"),
    ],
    "a heading in capitals before the paragraph goes": [
        ("FLIGHTS HALTED AT AIRPORT The airline grounded its fleet on Monday after the ash cloud spread.", "The airline grounded its fleet after the ash cloud spread"),
    ],
    "a trailing clause goes when long": [
        (
            "Troops fired on protesters in the main square on Monday, killing at least twelve people and wounding dozens more.",
            "Troops fired on protesters in the main square",
        ),
    ],
    "trailing phrases go, the last first, until it fits": [
        (
            "Storms forced the closure of every port along the southern coast of the island for the first time in nearly four decades on Monday.",
            "Storms forced the closure of every port along the southern coast of the island",
        ),
    ],
    "what measures or places the date goes with it": [
        ("The libraries have been shut until at least Thursday after a leak was found.", "The libraries have been shut after a leak was found"),
        ("The crew lowered a steel dome over the leak late Monday.", "The crew lowered a steel dome over the leak"),
        ("Ann Lee had called in just two hours earlier on Monday.", "Ann Lee had called in"),
    ],
    "a date between a determiner and its noun leaves the phrase whole": [
        ("As many as 3,000 homes were lost in the 3 March flood in the valley.", "As many as 3,000 homes were lost in the flood in the valley"),
    ],
    "an empty 'it' before the day's event goes": [
        ("It began on Monday when three ferries sank in the storm.", "Three ferries sank in the storm"),
        ("It was 3 March, the day the miners marched on the capital.", "The miners marched on the capital"),
    ],
    "a verb phrase after a dashed aside reads its sentence's subject": [
        ("A rescue team - forty firefighters and two dogs - flew to the town on Monday.", "A rescue team flew to the town"),
    ],
    "a participle's phrase after the subject goes before its verb": [
        (
            "The woman, travelling with her husband from the coast via the capital, was taken to hospital after landing at the airport on Monday.",
            "The woman was taken to hospital after landing at the airport",
        ),
    ],
    "a long subject's relative clause goes, its verb stays": [
        (
            "The only clause of the ceasefire that appears to have held so far is the prisoner exchange agreed on Monday by both sides.",
            "The only clause of the ceasefire is the prisoner exchange agreed by both sides",
        ),
    ],
    "a cut leaves no phrase hanging": [
        # not between a subordinate clause's subject and its verb
        (
            "Schools across the northern district have been shut until at least Friday after a nine-year-old boy from Leeds in year four was diagnosed with measles on Monday.",
            "Schools across the northern district have been shut",
        ),
        # not between adjectives stacked before their noun
        (
            "Health minister Ann Lee said on Monday she expected a second, more dangerous, wave of infections among the elderly in the northern region.",
            "Health minister Ann Lee said she expected a second, more dangerous, wave",
        ),
        # not inside a name joined by "for" or "of"
        (
            "Regional officials said on Monday the seed stock was grown at the National Institute for Biological Standards and Control in the south.",
            "Regional officials said the seed stock was grown",
        ),
    ],
    "the subject's long appositive goes before its verb": [
        (
            "Hydrova Metals, the once-dominant smelting group that took the title of the region's largest employer from the railways last year, posted a record loss for the second year running.",
            "Hydrova Metals posted a record loss for the second year running",
        ),
    ],
    "a quotation keeps who said it, however long their title": [
        (
            '"Our worry has grown as of Monday," Dr. Ann Lee, deputy director of the National Institute for Biological Standards and Control told reporters.',
            "Ann Lee: Our worry has grown",
        ),
    ],
    "a heading run into the text is read apart": [
        ("Ferry services restored after storm The first boats left the harbour on Monday.", "The first boats left the harbour"),
        ("Bridge reopens to traffic In the north, the council reopened the old bridge on Monday.", "The council reopened the old bridge"),
    ],
}
CASES = [(rule, sentence, expected) for rule, examples in RULES.items() for sentence, expected in examples]


def dated_mention(sentence: str) -> Mention:
    mentions = [m for m in article_mentions(Article(id="a", text=sentence, published=date(2014, 3, 4))) if m.time]
    assert mentions, sentence
    return mentions[0]


@pytest.mark.parametrize(("rule", "sentence", "expected"), CASES)
def test_rule(rule: str, sentence: str, expected: str) -> None:
    assert headline_of(dated_mention(sentence)) == expected, rule


def test_a_headline_too_long_for_every_rule_is_shortened_at_a_phrase_break_without_an_ellipsis() -> None:
    sentence = (
        "Engineers from seventeen countries completed the international thermonuclear experimental "
        "reactor's superconducting central solenoid magnet assembly on Monday."
    )
    text = headline_of(dated_mention(sentence))
    assert len(text) <= LIMIT and not text.endswith(("…", "...")) and text.startswith("Engineers")


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Huawei and MTS agree to build 5G in Russia", True),
        ("Protests erupt in the capital", True),
        ("The alliance comes under strain", True),
        ("Shares in the airline plunged", True),
        ("The mayor died at home", True),
        ("BP chief executive Ann Lee", False),
        ("U.S. President Ann Lee", False),
        ("A meeting with the bank's chairman, Tom Reyes", False),
        ("In downtown Leeds", False),
        ("Talks between Lee and Reyes", False),
        # a verb written short is a verb; a possessive "'s" after a name is none
        ("Ann Lee: It's just heartbreaking", True),
        ("They're back", True),
        ("He'd never go", True),
        ("Ann Lee won't", True),
        ("There's hope", True),
        ("Ann Lee's decision", False),
        ("The council's new budget", False),
        # a plural noun after its modifier is no present in "-s": in a series of short items,
        # closing a noun phrase after its determiner, after a participle used as an adjective
        ("Headache, chills, stiff joints, runny noses", False),
        ("Round-the-clock storm coverage, the big regional radio stations", False),
        ("Among 12 injured passengers on a Leeds, Yorkshire", False),
        ("Aid came in from crowded towns in emerging economies", True),
        ("The company takes full responsibility", True),
        ("Ann Lee, the mayor, resigns", True),
        ("Farm prices, the minister warns, will rise", True),
    ],
)
def test_a_headline_without_a_verb_is_told_apart(text: str, verb: bool) -> None:
    assert has_verb(text) is verb


@pytest.mark.parametrize(
    ("text", "main"),
    [
        # a verb only in a relative clause, a subordinate one or a participle's phrase
        ("A retired judge who led the inquiry into the crash", False),
        ("The tanker two days after it ran aground on the reef", False),
        ("The new strain of the virus that has killed nine people", False),
        ("The senator, elected to the chamber on a reform ticket", False),
        ("A traveller, flying from the coast via the capital", False),
        ("The second of three tunnels, begun", False),
        ("A panel of engineers put together by the ministry", False),
        ("Talks between a newly appointed envoy and the rebels", False),
        ("The council's spokesman for the floods, Ann Lee", False),
        ("1,204 cases and 31 deaths", False),
        ("Densely crowded towns in emerging economies such as Peru", False),
        ("Four injured climbers on the ridge", False),
        # a main clause around or after the dependent one
        ("The man who shot the mayor was arrested", True),
        ("When the dam broke the villagers fled", True),
        ("After the vote, the ministers resigned", True),
        ("Ann Lee, backed by the union, won the vote", True),
        ("The WHO raised its alert to the highest level", True),
        ("Shares fell by 5% after the report", True),
        ("The bridge was closed by the police", True),
        ("Two people were killed", True),
        ("The injured were taken to hospital", True),
        ("Four injured climbers were flown out", True),
        ("Crowded trains in the capital run late", True),
    ],
)
def test_a_headline_whose_only_verb_is_in_a_dependent_clause_is_told_apart(text: str, main: bool) -> None:
    assert has_main_verb(text) is main


def test_among_an_events_mentions_a_subject_without_its_verb_does_not_head_it() -> None:
    # the central mention's clause is a noun phrase and its relative clause; another states the event
    fragment = dated_mention("A farmer who found the first sick cattle in the valley on Monday.")
    stated = dated_mention("Vets confirmed the outbreak in the valley on Monday.")
    _score, member, text = choose([(0.9, 0, fragment), (0.8, 1, stated)])
    assert (member, text) == (1, "Vets confirmed the outbreak in the valley")


def test_a_clock_time_goes_with_its_time_zone() -> None:
    text = "But at 3:25 p.m. Eastern time the leak stopped."
    at = text.index("3:25")
    assert _without_dates(text, [(at, at + len("3:25 p.m."))]) == "But the leak stopped."


def test_the_subject_a_verb_phrase_shares_is_the_noun_its_name_qualifies() -> None:
    # "... have been freed and [on Monday] have arrived home": who arrived is the reporters, not the paper
    assert _subject_of("Two Daily Courier reporters who were held by the militia have been freed and ") == "Two Daily Courier reporters"
    assert _subject_of("During the visit Huawei and MTS signed a deal and ") == "Huawei and MTS"


def test_a_filler_adverb_goes_but_one_that_changes_what_is_told_stays() -> None:
    sentence = (
        "The minister said on Monday that she would advise her own family members against using the crowded "
        "buses and trains of the capital during the outbreak."
    )
    assert "family members" in headline_of(dated_mention(sentence))
    # "effectively" says the order did not name the firm: a desk keeps it
    kept = headline_of(dated_mention(
        "The president on Monday signed an executive order effectively banning the shipping firm Nordlys from "
        "every port of the country, stopping its ferries and trucks from loading cargo."
    ))
    assert "effectively banning" in kept
    dropped = headline_of(dated_mention(
        "The regional rescue service on Monday successfully lifted the stranded fishermen off the rocks near "
        "the northern harbour wall after a night of storms along the coast."
    ))
    assert "successfully" not in dropped and "lifted the stranded fishermen" in dropped


def test_a_pronoun_takes_the_name_the_sentence_gives_it() -> None:
    text = headline_of(dated_mention("The Danish shipping group Maersk said on Monday that it cut five hundred jobs."))
    assert not opens_on_pronoun(text) and "Maersk" in text and "cut five hundred jobs" in text


def test_among_an_events_mentions_the_one_naming_who_did_what_heads_it() -> None:
    central = dated_mention("On Monday it approved the plan to close the mine after a long debate in the chamber.")
    named = dated_mention("The regional parliament approved the mine's closure on Monday.")
    _score, member, text = choose([(0.9, 0, central), (0.6, 1, named)])
    assert (member, text) == (1, "The regional parliament approved the mine's closure")


def mission_event(events: list[Event], value: str, *words: str) -> Event:
    [event] = [e for e in events if e.value == value and all(any(w in m.sentence for m in e.mentions) for w in words)]
    return event


def test_the_mission_corpus_ban_suspension_and_signing_name_who_did_what(huawei_corpus: Path) -> None:
    events = list(build_timeline(load_articles([huawei_corpus])).events)
    signing = mission_event(events, "2019-06-05", "Kremlin")
    ban = [e for e in events if e.value == "2019-05" and any("banned" in m.clause for m in e.mentions if m.time)]
    google = mission_event(events, "2019-05", "Google suspended")
    assert len(ban) == 1
    for event, who, did in ((signing, ("Huawei",), ("sign",)), (ban[0], ("Trump", "Huawei"), ("bann",)), (google, ("Google", "Huawei"), ("suspend",))):
        assert len(event.headline) <= LIMIT and not event.headline.endswith("…"), event.headline
        assert all(name in event.headline for name in who), event.headline
        assert all(verb in event.headline.lower() for verb in did), event.headline


# What an event says most is read the same in every process: a name's order among names named
# as often must not come from a set, whose order changes with each process's string hashing
# (a --jobs 2 build chose other headlines than --jobs 1).
_EVENT_WORDS = """
from timeline.headlines import EventWords
from timeline.records import Mention
names = ("Ravel", "Ostrander", "Quill", "Parnell", "Mott")
mentions = [Mention("a", "s", "The council signed and approved it", None, 0, actors=names),
            Mention("b", "s", "The council signed and approved it", None, 0, actors=names[::-1])]
words = EventWords(mentions)
print(words.actors, words.verb)
"""


def test_an_events_words_are_read_the_same_in_every_process() -> None:
    import os
    import subprocess
    import sys

    seen = {
        subprocess.run(
            [sys.executable, "-c", _EVENT_WORDS], env={**os.environ, "PYTHONHASHSEED": str(seed)}, capture_output=True, text=True, check=True
        ).stdout
        for seed in range(8)
    }
    assert len(seen) == 1, seen
