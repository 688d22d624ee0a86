"""How English writes sentences, quotations and tense, for the engine (see language.Writing)."""

from __future__ import annotations

import re

from timeline.temporal.en.lexicon import QUOTATION_RE, TENSE_RE
from timeline.temporal.language import Writing

# A sentence ends at a line break, or at ".", "?" or "!" before a space, unless the full stop
# closes a title or abbreviation ("Mr. Bush", "Roe vs. Wade", "U.S. forces"). Short month
# and weekday names count only capitalised ("Jan. 6", "Wed. night": "they sat." and "they
# wed." end sentences), and "No." only before a number ("No. 2 automaker"; "he said no." ends).
ABBREVIATIONS = (
    "mr|mrs|ms|dr|st|vs|gen|sen|rep|gov|lt|col|capt|sgt|adm|maj|prof|rev|inc|corp|co|ltd|mt|ft|ave|[a-z]|(?:[a-z]\\.)+[a-z]"
)
SHORT_NAMES = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun"
# (A line break, or ".", "?" or "!" before a space; written to open with a character class, which
# lets the regex engine skip straight to the next candidate.)
SENTENCE_END_CANDIDATE = re.compile(r"[\n.?!](?:(?<=\n)|(?= ))")
ABBREVIATION_BEFORE = re.compile(rf"(?<![\w.])(?:(?i:{ABBREVIATIONS})|{SHORT_NAMES})\.$")
NUMBER_SIGN = re.compile(r"(?<![\w.])no\.\s+\d", re.IGNORECASE)
QUOTE_MARK = re.compile(r"^(?:``|''|\"|“)|(?:''|\"|”)$")


def sentence_ends(text: str) -> list[int]:
    """Where the sentences of `text` end (see engine.Context.sentence_span)."""
    ends = []
    for candidate in SENTENCE_END_CANDIDATE.finditer(text):
        at = candidate.start()
        if text[at] == "." and (
            # Every abbreviation ends in a letter, and in five letters at most after any full stop:
            # where the text has no letter, or six letters, before the full stop, there is none.
            (
                text[at - 1 : at].isalpha()
                and not (at >= 6 and text[at - 6 : at].isalpha())
                and ABBREVIATION_BEFORE.search(text, max(0, at - 12), at + 1)
            )
            or (text[at - 1 : at] in ("o", "O") and NUMBER_SIGN.match(text, max(0, at - 2)))
        ):
            continue
        ends.append(at)
    return ends


PLUPERFECT_BEFORE = re.compile(r"\bhad\s+(?:been\s+)?$", re.IGNORECASE)
# Before a word that is no past tense though it is spelled as one: "to", a modal or "do", or a
# bare "be" (perhaps with "not" and an adverb). "to cut the dividend", "could hit the coast",
# "did not set a date" are base forms; "could be sealed", "to be paid" passive participles,
# whose tense is the auxiliary's. ("May" with a capital is the month: "in May claimed".)
BASE_FORM_BEFORE = re.compile(
    r"\b(?:to|be|(?:will|would|shall|should|can|could|(?-i:may)|might|must|do|does|did)(?:\s+not|n['’]t)?)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)


def tense_markers(sentence: str, offset: int) -> list[tuple[int, str]]:
    """(position, "future" or "past") of each tense marker of `sentence`, which starts at `offset`."""
    markers: list[tuple[int, str]] = []
    for m in TENSE_RE.finditer(sentence):
        tense = "future" if m["future"] else "possible" if m["possible"] else "past"
        if tense == "future" and PLUPERFECT_BEFORE.search(sentence, max(0, m.start() - 12), m.start()):
            tense = "past"  # "had been scheduled to expire Friday": a plan in the past
        if tense == "past" and BASE_FORM_BEFORE.search(sentence, max(0, m.start() - 30), m.start()):
            continue  # "to cut", "could be sealed": no past tense
        # "will be held": a participle right after a future marker is still the future
        if tense == "past" and markers and markers[-1][1] != "past" and offset + m.start() - markers[-1][0] < 16:
            continue
        markers.append((offset + m.start(), tense))
    return markers


# Between a verb and the date it governs: spaces and at most the preposition "on" or "in".
VERB_TO_DATE = re.compile(r"\s+(?:(?:on|in)\s+)?", re.IGNORECASE)
# Before a participle that is no past tense: a form of "be" or "to" (perhaps with an adverb:
# ("is officially published on"), or a hyphen ("the Shia-dominated March 8 coalition").
PARTICIPLE_AFTER = re.compile(r"(?:\b(?:is|are|am|be|been|being|to|get|gets|['’]s)\s+(?:\w+ly\s+)?|,\s*|-)$", re.IGNORECASE)
# Tense markers that do not date an event of their own at the date after them: the copula and
# auxiliaries ("the slot was on 9 February"), adverbs, and the participles of plans, whose
# date is the plan's and often still ahead ("was expected on July 3", "postponed to").
NOT_AN_EVENT_VERB = frozenset(
    {"was", "were", "had", "did", "ago", "yesterday", "last", "earlier", "says", "expected", "scheduled", "planned", "slated",
     "timed", "billed", "earmarked", "postponed", "delayed", "deferred", "rescheduled", "moved", "pushed", "extended",
     "adjourned", "set", "fixed", "due"}
)  # fmt: skip


def dates_event_verb(text: str, verb_at: int, date_at: int) -> bool:
    """Whether the past-tense marker at `verb_at` is a finite verb whose event the date at
    `date_at` dates: "was arrested on 28 July", "the rig exploded April 20". A participle after
    "is", "be" or "to be" ("is released on", "due to be paid on") or after a comma ("an extract,
    published on July 4") is no past tense, nor is a copula or a verb of planning ("was on",
    "was expected on")."""
    verb = TENSE_RE.match(text, verb_at)
    if verb is None or verb.group().lower() in NOT_AN_EVENT_VERB or not VERB_TO_DATE.fullmatch(text, verb.end(), date_at):
        return False
    return PARTICIPLE_AFTER.search(text, max(0, verb_at - 24), verb_at) is None


def is_conditional(text: str, marker_at: int) -> bool:
    return text[marker_at : marker_at + 5].lower() == "would"


# After a word and a hyphen, only a second date of a range or a date after a prefix starts an
# expression: a capitalised name ("April-June", "Monday-Wednesday"), a day and month or a clock
# time ("14 August-24 August", "11pm-1am"), a year ("pre-1967"), a season ("summer-fall 1919");
# not after a single letter (an "M-1951" parka, the "SA-7").
AFTER_A_HYPHEN = re.compile(
    r"(?![^A-Za-z][A-Za-z]-)[\s\S]{2}-(?:[A-Z]|\d{1,2}\s*(?:[A-Z]|[ap]\.?m)|\d{4}(?!\d)|(?i:spring|summer|autumn|fall|winter)\b)"
)

# Where a clause or a verb phrase ends: punctuation, a dash, a conjunction or a relative word.
CLAUSE_BREAK = re.compile(
    r"[,;:()\"“”]|\s[-–—]+\s|\b(?:and|but|or|while|which|who|whom|whose|that|because|after|before|when|as|if|since|until|said|says)\b",
    re.IGNORECASE,
)
# Future markers that are past forms themselves ("planned to", "scheduled", "expected to"): a plan
# told in the past ("Obama first planned to visit in March") as often as one still ahead.
PAST_FORM = re.compile(r"[a-z]+ed\b", re.IGNORECASE)


def governs_verb_phrase(text: str, marker_at: int, date_at: int) -> bool:
    """Whether the future marker at `marker_at` ("will", "is to", "going to") governs the date
    at `date_at`: the date ends its verb phrase, no clause break between them ("will meet
    Obama at the White House on Wednesday")."""
    return not PAST_FORM.match(text, marker_at) and not CLAUSE_BREAK.search(text, marker_at, date_at)


# Verbs of saying that close a sentence as its attribution, after a comma.
ATTRIBUTION_VERB = re.compile(r"(?:said|says|told|tells|added|adds|stated|explained)\b", re.IGNORECASE)


def attributes(text: str, date_at: int, marker_at: int) -> bool:
    """Whether the marker at `marker_at` is a verb of saying after a comma that follows the date at
    `date_at` ("is scheduled to depart on Saturday, a spokeswoman said")."""
    return ATTRIBUTION_VERB.match(text, marker_at) is not None and "," in text[date_at:marker_at]


WRITING = Writing(
    sentence_ends=sentence_ends,
    tense_markers=tense_markers,
    quotation=QUOTATION_RE,
    quote_mark=QUOTE_MARK,
    dates_event_verb=dates_event_verb,
    is_conditional=is_conditional,
    word_before_reversed=re.compile(r"[\s,]*([A-Za-z']+)"),
    # "the", "a", "an" and "that" are a third of all the places the engine's cheap pass finds.
    determiners=frozenset({"the", "a", "an", "that"}),
    after_a_hyphen=AFTER_A_HYPHEN,
    governs_verb_phrase=governs_verb_phrase,
    attributes=attributes,
)
