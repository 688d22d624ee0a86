"""Headlines a desk would not print, each with the rule that prevents it (timeline/headlines.py):
made-up sentences in the forms web copy takes; the article is dated 4 March 2014 ("on Monday" is
3 March). A clause the sentence splitter cut badly is given as a Mention directly."""

from __future__ import annotations

import pytest

from tests.test_headlines import dated_mention
from timeline.headlines import _without_dates, headline_of, score
from timeline.records import Mention
from timeline.verbs import has_verb

# rule -> (text, the headline it gives)
RULES: dict[str, list[tuple[str, str]]] = {
    "a sentence adverb opening the sentence before is no name for a pronoun": [
        (
            "Remarkably, the shelters stayed open all night. They were serving hot meals to hundreds of families on Monday.",
            "They were serving hot meals to hundreds of families",
        ),
        ("Perhaps the river will rise again. It reached the town bridge on Monday.", "It reached the town bridge"),
    ],
    "a sentence adverb opening the sentence goes": [
        ("Unusually, the ferry left the harbour at dawn on Monday.", "The ferry left the harbour at dawn"),
    ],
    "a photo credit and a dateline before the story go": [
        (
            "Harbour Police via AP LAKE CITY -- Divers recovered the sunken barge from the lake bed on Monday, ending a search.",
            "Divers recovered the sunken barge from the lake bed, ending a search",
        ),
        (
            "LAKE CITY, Fla. -- Divers recovered the sunken barge from the lake bed on Monday, ending a search that had lasted all week.",
            "Divers recovered the sunken barge",
        ),
    ],
    "a removed date leaves no gap before a full stop, and sentences run together are read one": [
        (
            "Ann Lee made the remark March 2, not March 3. Shops stayed shut across the city all week despite the order of the council.",
            "Ann Lee made the remark",
        ),
    ],
    "a speaker's title written short is no speaker": [
        ('"We are heartbroken," Sen. Ann Lee, D-Ore., told reporters on Monday about the flooded farms.', "Ann Lee: We are heartbroken"),
        ('"We are heartbroken," U.S. Rep. Tom Reyes told reporters on Monday about the flooded farms.', "Tom Reyes: We are heartbroken"),
    ],
    "words quoted inside the writer's own take no speaker": [
        (
            'Ann Lee, head of the council, called on Monday for calm across the province, "from one street to the next," the AFP news agency reported.',
            "Ann Lee, head of the council, called for calm across the province",
        ),
    ],
    "an aside between spaced hyphens goes": [
        (
            "The River Show - the station's weekly farming programme - was broadcast from a barge on the canal on Monday.",
            "The River Show was broadcast from a barge on the canal",
        ),
    ],
    "a subject opening on 'this' is no adverbial of time": [
        (
            "Whether they voted or stayed home on Monday, this bond between the parties will soon reassert itself despite their quarrels, "
            "and despite every attempt to divide them.",
            "This bond between the parties will soon reassert itself despite their quarrels",
        ),
    ],
    "an opening 'as of' phrase goes with its date": [
        ("As of 0900 GMT on Monday, 41 people had been taken to hospital with burns.", "41 people had been taken to hospital with burns"),
        ("As at noon on Monday, the fund held assets worth 4 billion pounds.", "The fund held assets worth 4 billion pounds"),
    ],
    "an opening participle's phrase goes through the comma before its subject": [
        (
            "As shown by the council's vote on Monday to close the bridge, and later to close the road, the town is divided.",
            "The town is divided",
        ),
        ("Backed by the unions, the mayor vetoed the budget on Monday.", "The mayor vetoed the budget"),
    ],
    "a pronoun after a possessor's 'own' is the possessor": [
        ("By the council's own account, it has spent 4 million pounds on the bridge since Monday.", "The council has spent 4 million pounds on the bridge"),
        ("By Ann Lee's own admission, she missed the vote on Monday.", "Ann Lee missed the vote"),
        ("By the time of Ann Lee's own speech, they had left the hall on Monday.", "They had left the hall"),
    ],
    "a preposition opening the sentence before is no name for a pronoun": [
        (
            "Without the help of the river police, the divers could not have reached the barge. "
            "As he told reporters on Monday, the barge had sunk in minutes.",
            "The barge had sunk in minutes",
        ),
    ],
    "a quotation in the attribution is the speaker's, not the words before it": [
        ('The mayor could also call a new vote on Monday, "but it is asking a lot," Ann Lee said.', "The mayor could also call a new vote"),
        ('"We will rebuild the bridge, starting from Monday," said Mayor Ann Lee, according to the council.', "Mayor Ann Lee: We will rebuild the bridge, starting"),
    ],
    "one word and a comma before a clause of its own is an address or an adverb, not the subject": [
        ("Anna, the crowd was growing in the square on Monday.", "The crowd was growing in the square"),
        ("Mubarak, the president, resigned on Monday after weeks of protests.", "Mubarak resigned after weeks of protests"),
        ("Mubarak, 82, resigned on Monday after weeks of protests.", "Mubarak, 82, resigned after weeks of protests"),
    ],
    "a quotation left open is not cut inside": [
        ('The guard testified on Monday that the nurse then said: "Don\'t touch that, we don\'t know.', "The guard testified that the nurse then said: Don't touch that, we don't know"),
    ],
}
CASES = [(rule, sentence, expected) for rule, examples in RULES.items() for sentence, expected in examples]


@pytest.mark.parametrize(("rule", "sentence", "expected"), CASES)
def test_rule(rule: str, sentence: str, expected: str) -> None:
    assert headline_of(dated_mention(sentence)) == expected, rule


def mention(sentence: str, clause: str, date: str = "") -> Mention:
    at = clause.find(date)
    spans = ((at, at + len(date)),) if date else ()
    return Mention(article_id="a", sentence=sentence, clause=clause, time=None, sentence_index=0, time_spans=spans)


SPLIT_INSIDE_BRACKETS = "Surveyors now say between 200 and 400 tonnes (180,000 kilograms and 360,000 kilograms) of grain spilled from the silo on March 3."
CREDIT_BEFORE = "(Jo Bell - AP) Crews cleared the wreckage from the main road on Monday."


@pytest.mark.parametrize(
    ("sentence", "clause", "date", "expected"),
    [
        # the clause begins inside the brackets: the sentence's part that opens them is read
        (SPLIT_INSIDE_BRACKETS, SPLIT_INSIDE_BRACKETS[SPLIT_INSIDE_BRACKETS.index("360,000") :], "March 3",
         "Surveyors now say between 200 and 400 tonnes of grain spilled from the silo"),
        # ... unless a statement opens after them (a credit closed before it)
        (CREDIT_BEFORE, CREDIT_BEFORE[CREDIT_BEFORE.index("AP)") :], "Monday", "Crews cleared the wreckage from the main road"),
        # a bracket the splitter left open goes with what it began, or alone when it opens the text
        ("Shares in Ostrava Mining plc (OSM.", "Shares in Ostrava Mining plc (OSM.", "", "Shares in Ostrava Mining plc"),
        ("(For the record, the mayor will visit the flooded town on Friday.", "(For the record, the mayor will visit the flooded town on Friday.", "Friday",
         "The mayor will visit the flooded town"),
    ],
)
def test_a_headline_has_no_bracket_left_alone(sentence: str, clause: str, date: str, expected: str) -> None:
    text = headline_of(mention(sentence, clause, date))
    assert text == expected
    assert text.count("(") == text.count(")")


def test_a_plain_statement_is_kept_as_it_is() -> None:
    assert headline_of(dated_mention("Forecasters were watching a storm over the gulf on Monday.")) == "Forecasters were watching a storm over the gulf"


def test_a_removed_date_leaves_no_space_before_the_stop_after_it() -> None:
    text = "Ann Lee spoke on March 2, not March 3. Then she left"
    spans = [(text.index("March 2"), text.index("March 2") + 7), (text.index("March 3"), text.index("March 3") + 7)]
    assert _without_dates(text, spans) == "Ann Lee spoke, not. Then she left"


def test_a_transcripts_capitals_score_below_the_same_words_in_copy() -> None:
    m = dated_mention("Ann Lee is on the morning show on Monday.")
    assert score(m, "Ann Lee is on THE MORNING SHOW", 0.5, False) < score(m, "Ann Lee is on The Morning Show", 0.5, False)


def test_who_was_told_is_not_who_spoke() -> None:
    text = headline_of(dated_mention('As he told Radio Ten\'s Ann Lee on Monday, "We would sail at dawn and return by noon.'))
    assert not text.startswith("Ann Lee"), text
    assert headline_of(dated_mention("As she told the River Times on Monday, the ferry will not sail again.")) == "The ferry will not sail again"


# rule -> (text, the headline it gives): what a headline reads when the date's clause was cut from
# its sentence's verb, or what was reported from who reported it
READS_ON: dict[str, list[tuple[str, str]]] = {
    "over the limit, what was reported stays and who reported it goes": [
        (
            "Farmers later told the local radio station that at least forty sheep had drowned in the floods on Monday.",
            "At least forty sheep had drowned in the floods",
        ),
        (
            "Ann Lee insisted at a press conference in the town hall on Monday that the bridge will soon reopen and that the ferry will then be withdrawn.",
            "The bridge will soon reopen",
        ),
    ],
    "a 'that' opening a noun's relative clause is no reported statement": [
        (
            "A doctor who fought cholera warned on Monday of a flood that the poorest villages in the valley would be unable to withstand.",
            "A doctor warned of a flood that the poorest villages",
        ),
    ],
    "a clause cut to its subject reads on to the sentence's verb, past a relative clause however long": [
        (
            "The crash on the bypass on Monday evening, which happened as the fog thickened, was angering drivers in the town, the council said.",
            "The crash on the bypass was angering drivers in the town",
        ),
        (
            "The crash on the bypass on Monday evening, which happened as the fog thickened and the lorries slowed to a crawl behind the gritters "
            "on the hill, was angering drivers across the county.",
            "The crash on the bypass was angering drivers across the county",
        ),
    ],
    "a coordinated verb phrase takes the subject of its own clause, never the sentence's first name": [
        (
            "Harbour officials said they were checking the claim, while the River Times said Ann Lee had been sailing for the paper since "
            "March 1 and had called in just two hours earlier.",
            "Ann Lee had called in",
        ),
        (
            "Four reporters who were reported held by troops in Dara last week have been freed and have flown home on Monday.",
            "Four reporters have been freed",
        ),
    ],
    "a verb keeps its particle": [
        ("The old mill burned down on Monday.", "The old mill burned down"),
        ("The leaking well was sealed off on Monday.", "The leaking well was sealed off"),
        ("Two prisoners broke out on Monday.", "Two prisoners broke out"),
    ],
    "a cut keeps a subordinate clause's verb, and a complete passive ends a phrase": [
        (
            "A shepherd said on Monday 40 sheep had been killed since dogs and foxes clambered into the field behind the old barn at the edge of town, "
            "500 metres from the road.",
            "A shepherd said 40 sheep had been killed",
        ),
    ],
}
READS_ON_CASES = [(rule, sentence, expected) for rule, examples in READS_ON.items() for sentence, expected in examples]


@pytest.mark.parametrize(("rule", "sentence", "expected"), READS_ON_CASES)
def test_reads_on(rule: str, sentence: str, expected: str) -> None:
    assert headline_of(dated_mention(sentence)) == expected, rule


def test_a_quantity_is_no_phrase_to_cut_at() -> None:
    text = headline_of(dated_mention("Ann Lee told the local news agency that at least eight people had been killed in the flood on Monday."))
    assert "at least eight people had been killed" in text.lower(), text
    assert not text.endswith(("agency", "that", "at")), text


def test_news_is_no_verb() -> None:
    assert not has_verb("the ZTV news agency")
    assert has_verb("ZTV news agency reports")


@pytest.mark.parametrize(
    ("empty", "full"),
    [
        # a reporting verb whose reported content was cut away says nothing
        ("Farmers later told the local radio station", "Forty sheep had drowned in the floods"),
        # a participle's phrase without its subject loses to a named subject and its finite verb
        ("Referring to a plan rejected by the council and the mayor", "The council and the mayor rejected the river plan"),
        # who they are (a relative clause) is not what happened to them
        ("Ann Lee and Tom Reyes, who were hurt", "Ann Lee and Tom Reyes were hurt in the storm"),
    ],
)
def test_a_headline_saying_nothing_scores_below_one_saying_what_happened(empty: str, full: str) -> None:
    m = dated_mention("The council met on Monday.")
    assert score(m, empty, 0.5, False) < score(m, full, 0.5, False) - 0.1


def test_a_name_ending_in_ing_opens_no_participles_phrase() -> None:
    m = dated_mention("The council met on Monday.")
    assert score(m, "Beijing to host the river summit in the spring", 0.5, False) > score(m, "Referring to host the river summit in the spring", 0.5, False)
