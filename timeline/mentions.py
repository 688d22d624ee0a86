"""Event mentions: the dated statements of each article.

An article is tagged once as a whole (so "the following day" can see the date before it),
split into sentences, and each sentence gives one mention per calendar expression in it,
narrowed to the clause that expression dates. Sentences with no date become undated
mentions that deduplication may attach to an event dated elsewhere.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from timeline.records import Article, Mention, TimeExpression
from timeline.temporal import tag as default_tag
from timeline.temporal.en.lexicon import MONTHS, QUOTATION_RE, TENSE_RE, WEEKDAYS

Tagger = Callable[[str, date], list[TimeExpression]]

with resources.files("timeline").joinpath("wordlists.toml").open("rb") as _file:
    WORDS = tomllib.load(_file)

# Words whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(WORDS["abbreviations"])
# The end of a sentence: its full stop (or "?", "!"), closing quotes or brackets, spaces, then
# what may open the next one. (Matched from the full stop, a character class, which lets the
# regex engine skip straight to the next one; the sentence ends just after it.)
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
# The word before a full stop, read backwards from it: the full stop, then the word reversed.
_LAST_WORD_REVERSED = re.compile(r"\.([\w.]+)")
# "the morning of his death", "at 10.40 am on the day of his death", "the fall of the USSR", "the
# last day or two before Jackson's death": a part of something named after it, or a time counted
# from it, not from the day the article was published (to which the tagger anchors the bare
# phrase), so such a phrase dates nothing here.
_NOUN_PHRASE = r"(?:his|her|their|its|the|a|an|this|that|[A-Z][\w'’-]*['’]s)\b"
_PART_OF_SOMETHING = re.compile(
    rf"(?:\s+on\s+the\s+(?:day|morning|afternoon|evening|night|eve))?\s+of\s+{_NOUN_PHRASE}"
)
_COUNTED_FROM_SOMETHING = re.compile(rf"(?:\s+or\s+\w+)?\s+(?:before|after)\s+{_NOUN_PHRASE}")
_CLOCK = re.compile(r"\b\d{1,2}(?:[.:]\d{2}(?:\s*[ap]\.?m\b\.?)?|\s*[ap]\.?m\b\.?)", re.IGNORECASE)
# A clock time alone ("It had just gone 11am", "at 1:30 on Radio 2") takes its day from the
# publication date, which the text does not state: a report published the next morning tells of
# the day before, and a listing's time recurs. Such a time dates an event only where the text
# names its day; the publication date alone never creates one.
_BARE_CLOCK = re.compile(
    r"(?:(?:about|around|just after|just before)\s+)?(?:(?:\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?m\b\.?)?|noon|midday|midnight)"
    r"(?:\s*(?:GMT|BST|UTC|[ECMP][SD]?T|local time|hrs|h))?|[012]\d[0-5]\d(?:\s*(?:GMT|BST|UTC|[ECMP][SD]?T|local time|hrs|h))?)",
    re.IGNORECASE,
)
# "today" in a hypothetical ("he would still be here today", "if he were here today") means these
# days, not the day of the report: nothing happened on it.
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|if|whether|had (?:I|he|she|we|they|you) \w+)\b", re.IGNORECASE)
_HYPOTHETICAL_NEXT = re.compile(r"\s*,?\s*(?:would|could|might|if|whether)\b", re.IGNORECASE)
# "Today, the country is split ...", "Today he is a professor": a clause opening on "Today" whose
# verb tells a state in the present (a copula, "has", "remains", "seems") says how things are these
# days, not what happened on the day of the report. Not when a past verb comes first ("Today,
# Gates said he is ..."), nor a perfect ("Today, leaders have decided to ...").
_PAST_WORD = r"(?:[a-z]+ed|said|told|met|won|lost|took|made|gave|came|went|began|saw|held|left)\b"
_GENERIC_TODAY = re.compile(
    rf"[\"“]?Today\s*,?\s+(?:(?!{_PAST_WORD})[\w'’.-]+\s+){{0,6}}?"
    r"(?:is|are|isn['’]t|aren['’]t|remains?|seems?|looks?|lives?|stands?|exists?|feels?|knows?"
    r"|(?:has|have)(?!\s+(?:been|[a-z]+(?:ed|en|wn)|made|done|said|told|won|lost|hit|put|set|cut|led|sent|spent|left|met|paid|held|kept|sold|built|begun|come|become|gone|taken|given|seen|known|shown|grown))"
    r"|(?:he|she|it|that|there|what)['’]s)\b"
)
_CALENDAR_WORD = re.compile(
    r"\d|\b(?:" + "|".join(sorted((*MONTHS, *WEEKDAYS), key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# Clause boundaries: a mention is narrowed to the clause its date sits in.
_CLAUSE_BREAK = re.compile(
    r";\s+|:\s+|\s[-–—]\s|,\s+(?=(?:when|while|whereas|although|though|but|after|before|as|which|amid|and then)\b)",
)
_COORDINATION = re.compile(r",?\s+(?:and|but|while|whereas)\s+(?!then\b)")
_REPORTING_CLAUSE = re.compile(r"\s*(?:as\s+)?(?:reported|according to|quoted|cited)\b", re.IGNORECASE)
# A subordinate clause with a named subject, whose verb (the tagger's past-tense markers, less
# those that say nothing of an event) makes it a clause rather than a noun phrase.
_SUBORDINATE_SUBJECT = re.compile(
    r"(?<=\s)(?:after|before|because|once|when)\s+(?P<subject>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+"
)
_NOT_EVENT_VERBS = frozenset({"was", "were", "had", "did", "ago", "yesterday", "last", "earlier"})
_SUBORDINATE_OPENER = re.compile(r"(?:while|although|though|as|after|before|despite|since|if|when|because)\b", re.IGNORECASE)
# A date after one of these bounds a state ("under pressure since May") rather than dating an event.
BOUNDING_MODS = frozenset({"ON_OR_AFTER", "AFTER", "BEFORE", "ON_OR_BEFORE"})
# Lines that are page furniture, not statements about the story.
_BOILERPLATE = re.compile(
    r"^(?:first published|updated|posted|published|last updated|see all photos|watch this|read more|related|"
    r"photo:|image:|copyright|©|share this|sign up|subscribe)",
    re.IGNORECASE,
)
# A page's own date stamp ("Page last updated at 10:38 GMT, Tuesday, 8 November 2011",
# "Susan Watts | 18:00 UK time, Saturday, 25 April 2009") dates the page, not an event: pages
# whose furniture is not on a line of its own still carry it inside their first sentence.
_STAMP_BEFORE = re.compile(
    r"(?:last updated(?:\s+(?:at|on))?|(?:updated|published|posted):|\|)\s*:?\s*"
    r"(?:[\d:.]+\s*(?:GMT|BST|UTC|[A-Z]{2,4}|UK time)?\s*[,-]?\s*)?(?:[A-Z][a-z]+day\s*,?\s*)?$",
    re.IGNORECASE,
)
# ... or a reader's comment stamp: a date followed by a dash and a clock time ("8th November 2011 -
# 17:42"), or by a user name and "wrote:" ("At 15:27 26th Apr 2009, Icecold_00 wrote: ...").
_STAMP_AFTER = re.compile(
    r"[\s,|-]*(?:page\s+)?last updated\b|\s+[-–|]\s+\d{1,2}:\d{2}\b|,\s*[^\s,.:;]{1,40}\s+wrote:", re.IGNORECASE
)
# ... or a note on the page's own history, the date a little further on: when "this article" (story,
# post) was updated, amended or published ("This story was amended at 9am on 4 June 2019 to
# correct a name"), or where a printed version appeared ("A version of this article appeared on
# page 12 of the Sports section on Tuesday 4 June 2019", "... appears in print on June 4"). (A
# full stop between digits, "at 09.15", does not end the note.)
_PAGE_NOTE_BEFORE = re.compile(
    r"(?:\bthis\s+(?:article|story|post|page|entry|report)\s+was\s+(?:last\s+|first\s+|originally\s+)?"
    r"(?:updated|amended|corrected|changed|edited|modified|published|posted)|\b(?:appeared|appears)\s+(?:on\s+p(?:age)?\s*\w+|in\s+print))"
    r"(?:[^.\n]|\.(?=\d)){0,120}$",
    re.IGNORECASE,
)
# ... or the age of a link in a list of headlines from elsewhere ("Storm hits the coast - 3 hrs ago"):
# the age of that page, counted from when this one was read.
_LINK_AGE = re.compile(r"\d+\s*(?:hrs?|hours?|mins?|minutes?|days?)\s+ago", re.IGNORECASE)
_LINK_AGE_BEFORE = re.compile(r"\s[-–|]\s*$")
# A date straight after a one-word label that opens its sentence is a field of a box, not a report:
# a reader's comment stamp ("Added: Tuesday, 19 January, 2010, 18:16 GMT") or a profile's
# fact ("Born: August 29, 1958, Gary, Indiana").
_FIELD_LABEL = re.compile(r"(?:^|[.!?\"”]\s+)[A-Z][a-z]+:\s*$")
# Broadcast listings: a programme slot that opens its sentence ("7.00-10.30 pm BBC RADIO 5 LIVE
# Mark Chapman has all the day's sports news") and credits ("Presenter/Tom Heap, Producers/...",
# written with the slash escaped in some crawls) belong to a schedule, not to the news.
_LISTING = re.compile(
    r"^\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|noon)?\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|noon)?\b"
    r"|\b(?:Presenters?|Producers?|Editors?|Directors?|Readers?|Hosts?)\s*\\?/\s*[A-Z]",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|\d+[A-Za-z]*")


@dataclass(frozen=True)
class _FurnitureRule:
    name: str
    pattern: re.Pattern[str]
    within: int  # searched for in the first `within` characters; 0: matched at the start
    search: bool  # searched for anywhere
    needs: tuple[str, ...]  # tried only on a sentence holding one of these (in lower case) ...
    quick: re.Pattern[str] | None  # ... or a match of this

    def worth_trying(self, sentence: str, lower: str) -> bool:
        if self.needs:
            return any(word in lower for word in self.needs)
        return self.quick is None or self.quick.search(sentence) is not None

    def worth_trying_from(self, sentence: str, lower: str, at: int) -> bool:
        """worth_trying(sentence[at : at + window], lower[at:]), without copying either."""
        if self.needs:
            return any(lower.find(word, at) >= 0 for word in self.needs)
        return self.quick is None or self.quick.search(sentence, at, at + (self.within or 200)) is not None


# A news or photo agency, or a body issuing its own photographs, as a photo credit names it ("{agency}"
# in furniture.toml).
_AGENCIES = (
    r"(?:AP(?:\s+Photo)?|AFP(?:\s+(?:Photo|PHOTO))?|Reuters(?:\s+TV)?|REUTERS|Getty(?:\s+[Ii]mages)?|EPA|PA(?:\s+Wire)?|Rex(?:\s+Features)?|"
    r"Shutterstock|Corbis|Alamy|Xinhua|Bloomberg|Pool|POOL|Handout|HANDOUT|HO|Ho|"
    r"(?:The\s+)?White\s+House(?:\s+[Pp]ress\s+[Oo]ffice)?)(?:\s+for\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"
)


# Month names and their short forms, longest first (so that "Sept" is tried before "Sep").
_MONTH_WORDS = sorted((m for m in MONTHS if m.isalpha()), key=len, reverse=True)


def _expanded(pattern: str) -> str:
    """A furniture.toml pattern with its {month}, {weekday} and {agency} written out."""
    names = "|".join(_MONTH_WORDS)
    days = "|".join(sorted((d for d in WEEKDAYS if d.isalpha()), key=len, reverse=True))
    return pattern.replace("{month}", f"(?i:{names})").replace("{weekday}", f"(?i:{days})").replace("{agency}", _AGENCIES)


def _compiled(rule: dict[str, Any]) -> re.Pattern[str]:
    """A furniture.toml rule's pattern, written out and compiled with its flags."""
    return re.compile(_expanded(rule["pattern"]), re.IGNORECASE if rule.get("ignore_case") else 0)


def _furniture_rules(kind: str) -> list[_FurnitureRule]:
    """The rules of furniture.toml of one kind ("prefix" or "drop"), compiled."""
    rules = []
    for rule in FURNITURE[kind]:
        quick = re.compile(rule["quick"]) if "quick" in rule else None
        rules.append(
            _FurnitureRule(rule["name"], _compiled(rule), rule.get("within", 0), rule.get("search", False), tuple(rule.get("needs", ())), quick)
        )
    return rules


# Page furniture (datelines, bylines, stamps, captions, share and comment lines) and sentences that
# state nothing (questions, instructions to the reader, small talk): furniture.toml, each rule with
# its examples.
with resources.files("timeline").joinpath("furniture.toml").open("rb") as _file:
    FURNITURE = tomllib.load(_file)
_FURNITURE_PREFIXES = _furniture_rules("prefix")
_NOT_STATEMENTS = _furniture_rules("drop")


def furniture_end(sentence: str) -> int:
    """Where the story's own words start in `sentence`: after the page furniture opening it (a
    dateline, a byline, an update note, a page stamp, a speaker's label), 0 when there is none."""
    at = 0
    lower = sentence[:500].lower()
    for _ in range(3):  # furniture comes in layers ("(Update ...) CITY (Agency) -- ...")
        for rule in _FURNITURE_PREFIXES:
            if not rule.worth_trying_from(sentence, lower, at):
                continue
            found = rule.pattern.search(sentence, at, at + rule.within) if rule.within else rule.pattern.match(sentence, at)
            if found and found.end() > at:
                at = found.end()
                break
        else:
            break
    return at


# (each with where it is looked for from: a board's note opening a page is not its end)
_COMMENT_SECTION = [
    (_compiled(rule), rule.get("after", 0)) for rule in FURNITURE["comments"]
]
_MAY_OPEN_COMMENTS = re.compile(r"\||wrote:|closed", re.IGNORECASE)


def story_end(text: str) -> int:
    """Where a page's readers' comments begin (the first timestamped comment stamp, or a board's
    note that it is closed), or the text's length when it has none: what follows is no report
    of the story."""
    if not _MAY_OPEN_COMMENTS.search(text):
        return len(text)
    found = [m.start() for pattern, after in _COMMENT_SECTION if (m := pattern.search(text, after))]
    return min(found, default=len(text))


def not_a_statement(sentence: str) -> str | None:
    """The name of the rule by which `sentence` states nothing of the story (a comment, a share
    line, a question, an instruction to the reader, small talk), or None."""
    lower = sentence.lower()
    for rule in _NOT_STATEMENTS:
        if rule.worth_trying(sentence, lower) and (rule.pattern.search if rule.search else rule.pattern.match)(sentence):
            return rule.name
    return None

# A capitalised word, a run of capitals or "5G", then more of them ("Bank of England"). (Written
# to open with a character class, the word boundary tested after it: see _SHOUTED.)
_NAME = re.compile(
    r"[A-Z\d](?<!\w[A-Z\d])(?:(?<=[A-Z])(?:[A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Z]+)|(?<=\d)\d*G)"
    r"(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][A-Za-z0-9'’.-]*[A-Za-z0-9]|[A-Z]{2,}))*"
)
STOPWORDS = frozenset(WORDS["stopwords"])
_NOT_ACTORS = frozenset(WORDS["not_actors"]) | {m.capitalize() for m in MONTHS} | {d.capitalize() for d in WEEKDAYS}
_ALIASES: dict[str, str] = WORDS["actor_aliases"]


# A chronology's entries run together, their line breaks lost ("20 April: The rig explodes,
# killing 11 people 28 April: The coastguard fears ..."): each entry, from its date, is a
# sentence of its own. Not a date a preposition governs ("set for 28 April: a Monday").
_MONTH_NAMES = "|".join(m.capitalize() for m in _MONTH_WORDS)
_RUN_IN_ENTRY = re.compile(
    rf"(?<=[a-z0-9%)\]\"”’'])[ \t]+(?=(?:\d{{1,2}}\s+(?:{_MONTH_NAMES})\b\.?|(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}\b)(?:,?\s+\d{{4}})?\s*(?::|[-–—]{{1,2}})\s+[A-Z\"“])"
)
_GOVERNS_A_DATE = frozenset(
    ["on", "in", "at", "by", "for", "from", "to", "until", "till", "since", "before", "after", "of", "and", "or", "between", "during", "the", "a", "this", "that", "than", "as"]
)


def _entry_starts(paragraph: str) -> list[re.Match[str]]:
    """Where run-in entries of a chronology start in `paragraph`: none unless two or more name
    different days (a date before a dash may be a sentence's own, "Organizers chose January 25
    -- Police Day ...", and a page may say it twice)."""
    found = []
    for entry in _RUN_IN_ENTRY.finditer(paragraph):
        before = paragraph[max(0, entry.start() - 12) : entry.start()].split()
        if before and before[-1].lower() not in _GOVERNS_A_DATE:
            found.append(entry)
    days = {_ENTRY_DATE.match(paragraph, entry.end()).group() for entry in found}  # type: ignore[union-attr]
    return found if len(days) >= 2 else []


_ENTRY_DATE = re.compile(r"[\w.]+\s+[\w.]+")


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`; paragraphs and lines never join, and a
    chronology's entries run together are read apart."""
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        line = paragraph.group()
        # (where each sentence ends and the next begins: after a full stop, or at an entry's date)
        boundaries = [(b.start() + 1, b.end(), True) for b in _SENTENCE_END.finditer(line)]
        if ":" in line or "-" in line or "–" in line or "—" in line:
            boundaries = sorted(boundaries + [(b.start(), b.end(), False) for b in _entry_starts(line)])
        for ends, begins, stop in boundaries:
            end = paragraph.start() + ends
            if stop:
                last = _LAST_WORD_REVERSED.match(text[max(start, end - 12) : end][::-1])
                if last and (last.group(1)[::-1].lower() in _ABBREVIATIONS or len(last.group(1)) == 1):
                    continue  # "Dr. Mahathir", "U.S. officials"
            yield _trim(text, start, end)
            start = paragraph.start() + begins
        yield _trim(text, start, paragraph.end())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class _Clauses:
    """What clause_span reads of a sentence, whichever date it is asked about: the sentence with
    its quotations masked, its clause breaks and its coordinations (read once per sentence)."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        # Punctuation inside a quotation does not split the reporting sentence around it.
        self.masked = QUOTATION_RE.sub(_masked, sentence) if ('"' in sentence or "“" in sentence or "'" in sentence) else sentence
        self.breaks = list(_CLAUSE_BREAK.finditer(self.masked))
        self._coordinations: list[re.Match[str]] | None = None

    @property
    def coordinations(self) -> list[re.Match[str]]:
        if self._coordinations is None:
            self._coordinations = list(_COORDINATION.finditer(self.masked))
        return self._coordinations


def _masked(quotation: re.Match[str]) -> str:
    return "x" * len(quotation.group())


def clause_span(sentence: str, start: int, end: int, others: Iterable[tuple[int, int]] = ()) -> tuple[int, int]:
    """The clause of `sentence` around the characters start..end; `others` are the spans of
    the sentence's other dates, which a coordinating "and"/"but" between them separates
    ("suspended the licence in May, and unveiled its own system in August")."""
    return _clause_span(_Clauses(sentence), start, end, others)


def _clause_span(clauses: _Clauses, start: int, end: int, others: Iterable[tuple[int, int]]) -> tuple[int, int]:
    sentence, masked = clauses.sentence, clauses.masked
    left, right = 0, len(sentence)
    breaks = list(clauses.breaks)
    dates = list(others)
    if dates:  # a coordination only separates two dates
        for soft in clauses.coordinations:
            before = end <= soft.start()
            if any((other_end <= soft.start()) != before for _, other_end in dates):
                breaks.append(soft)
        breaks.sort(key=lambda b: b.start())
    for number, brk in enumerate(breaks):
        if brk.end() <= start:
            left = brk.end()
        elif brk.start() >= end:
            if sentence[end : brk.start()].strip() == "" and sentence[brk.end() :].startswith("when "):
                # "since May, when the administration banned ...": the date belongs to the when-clause
                following = breaks[number + 1].start() if number + 1 < len(breaks) else len(sentence)
                return brk.end(), following
            right = brk.start()
            break
    # "The deal comes weeks after Washington put Huawei on a blacklist in May": the date is the
    # subordinate clause's, a named subject and its past-tense verb; that clause is the event.
    for clause in _SUBORDINATE_SUBJECT.finditer(masked, left, start):
        verb = TENSE_RE.match(masked, clause.end())
        if verb and verb["past"] and verb.group().lower() not in _NOT_EVENT_VERBS:
            left = clause.start("subject")
    # "While the ban takes effect later, Google suspended ... last month": the main clause.
    opener = _SUBORDINATE_OPENER.match(masked, left)
    if opener:
        comma = masked.find(", ", left, start)
        if comma > 0:
            left = comma + 2
    clause = sentence[left:right]
    # A clause too short to say anything ("said Thursday"), or one that only says who reported
    # ("as reported by The Guardian earlier today"), keeps the whole sentence.
    if len(_WORD.findall(clause)) < 6 or _REPORTING_CLAUSE.match(clause):
        return 0, len(sentence)
    return left, right


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: enough for "signs", "signed" and "signing" to meet."""
    word = word.lower().strip("'’").replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def terms_of(text: str) -> tuple[str, ...]:
    """Content words of `text`, stemmed, in order, without repeats."""
    return _terms_of_words(_WORD.findall(text))


# Terms and actors repeat endlessly ("sign" of "signs", "signed" and "signing"): each is held once
# per process, the first copy made, so that mentions share them (about 1.5 KB a mention
# otherwise), also once pickled (a pickle keeps a shared string shared). Forgotten when too many.
_SHARED: dict[str, str] = {}
_SHARED_LIMIT = 1 << 20


def _shared(text: str) -> str:
    """The copy of `text` mentions share."""
    if len(_SHARED) >= _SHARED_LIMIT:
        _SHARED.clear()
    return _SHARED.setdefault(text, text)


class _TermsOfWords(dict[str, str]):
    """Each word as a term (its stem), or "" for a word that is none (a stopword, too short):
    words repeat endlessly across sentences, so each is worked out once, when first looked up
    (a lookup of a known word stays in C). Cleared when it grows too big."""

    limit = 1 << 20

    def __missing__(self, word: str) -> str:
        lower = word.lower()
        term = "" if lower in STOPWORDS or (len(lower) < 3 and not lower[:1].isdigit()) else _shared(stem(lower))
        if len(self) >= self.limit:
            self.clear()
        self[word] = term
        return term


_TERM_OF_WORD = _TermsOfWords()


def _terms_of_words(words: list[str]) -> tuple[str, ...]:
    """terms_of for a text's words (_WORD.findall of it)."""
    seen = dict.fromkeys(map(_TERM_OF_WORD.__getitem__, words))
    seen.pop("", None)
    return tuple(seen)


# Three or more words in capitals in a row are shouted (a caption, a kicker, a programme title:
# "STATEMENT BY THE FAMILY", "SUNDAY 17 JANUARY - CARWYN HILL"), not a row of acronyms.
# (The word boundary before the first capital is tested after it, as a look-behind: a pattern that
# opens with a character class lets the regex engine skip straight to the next capital.)
_SHOUTED = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z'’.-]*[A-Z](?:[\s,:&/-]+(?:\d+\s+)?[A-Z][A-Z'’.-]*[A-Z])*\b")
# Small words written with a capital ("Has Now Signed A Deal"), after a space: a whole word
# (_CAPITAL_WORD finds the word, the set says whether it is a small one).
_CAPITAL_SMALL_WORDS = frozenset(w.capitalize() for w in STOPWORDS if w.isalpha() and w != "i")
_CAPITAL_WORD = re.compile(rf"[{''.join(sorted({w[0] for w in _CAPITAL_SMALL_WORDS}))}](?<=\s\w)\w*")
_TOKEN = re.compile(r"[\w'’.&-]+")
# A word in lower case, not the tail of a capitalised one. (Written to open with a character
# class, the letter before it tested after it: see _SHOUTED.)
_LOWER_CASE_WORD = re.compile(r"[a-z](?<![A-Za-z][a-z])[a-z]*")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.]*[A-Z0-9]|\d+G")


def _shouted(text: str) -> list[tuple[int, int]]:
    """The spans of `text` shouted in capitals: three words or more."""
    return [m.span() for m in _SHOUTED.finditer(text) if len(m.group().split()) >= 3]


def _capital_small_words(text: str) -> int:
    """How many small words (stopwords) `text` writes with a capital after a space, up to two."""
    found = 0
    for word in _CAPITAL_WORD.findall(text):
        if word in _CAPITAL_SMALL_WORDS:
            found += 1
            if found == 2:
                break
    return found


def _inside(spans: list[tuple[int, int]], at: int) -> bool:
    return any(start <= at < end for start, end in spans)


class NameBook:
    """How an article writes names: read where capitals say nothing (a Title Case headline, words
    shouted in capitals) and to tell a common word opening a sentence ("Ties between ...") from
    a name. Worked out only when asked: most sentences never need the names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lowercase: frozenset[str] | None = None
        self._names: dict[str, str] | None = None
        self._longest = 1

    def writes_in_lower_case(self, word: str) -> bool:
        """Whether the article writes `word` in lower case somewhere ("ties" for "Ties")."""
        if self._lowercase is None:
            self._lowercase = frozenset(_LOWER_CASE_WORD.findall(self.text))
        return word.lower() in self._lowercase

    def known(self, words: list[str]) -> Iterator[str]:
        """The names among `words` (a Title Case or shouted line), longest first, as the article
        writes them elsewhere: its capitalised spans outside shouted words, a single word only
        where the article never writes it in lower case."""
        names = self._names if self._names is not None else self._read_names()
        lowered = [_bare(w).lower() for w in words]
        position = 0
        while position < len(words):
            for size in range(min(self._longest, len(words) - position), 0, -1):
                name = names.get(" ".join(lowered[position : position + size]))
                if name:
                    yield name
                    position += size
                    break
            else:
                position += 1

    def _read_names(self) -> dict[str, str]:
        shouted = _shouted(self.text)
        starts = [start for start, _ in shouted]
        names: dict[str, str] = {}
        # A name read once adds nothing when met again (what it adds depends on it alone, and
        # is only added where nothing is yet): each is read once.
        read: set[str] = set()
        for match in _NAME.finditer(self.text):
            at = bisect_right(starts, match.start()) - 1
            if at >= 0 and match.start() < shouted[at][1]:
                continue
            found = match.group()
            if found in read:
                continue
            read.add(found)
            words = [w for w in (_bare(w) for w in found.split() if w not in _NOT_ACTORS) if w]
            # A run with capitalised small words is a Title Case line ("Has Now Signed A Deal"), not a name.
            if len(words) > 1 and not any(w[0].isupper() and w.lower() in STOPWORDS for w in words):
                actor = " ".join(words)
                names.setdefault(actor.lower(), _ALIASES.get(actor, actor))
            for word in words:
                lower = word.lower()
                if (
                    len(word) > 1
                    and lower not in STOPWORDS
                    and word not in _NOT_ACTORS
                    and lower not in names
                    and not self.writes_in_lower_case(word)
                ):
                    names[lower] = _ALIASES.get(word, word)
        self._names = names
        self._longest = max((n.count(" ") + 1 for n in names), default=1)
        return names


def name_book(text: str) -> NameBook:
    """The names of an article (see NameBook)."""
    return NameBook(text)


def _bare(word: str) -> str:
    """A word without its possessive and edge punctuation ("Huawei's" -> "Huawei")."""
    word = word.strip(".'’")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _is_title_case(text: str) -> bool:
    """Title Case shows in its small words: "Has Now Signed A Deal To Develop"."""
    if _capital_small_words(text) < 2:
        return False  # most text: not two small words in capitals after its first word
    small_words = [w for w in _WORD.findall(text)[1:] if w.lower() in STOPWORDS and w != "I"]
    return len(small_words) >= 2 and sum(w[0].isupper() for w in small_words) >= 0.6 * len(small_words)


# A name as _NAME finds it -> its single word (None when it has several) and the actor it names
# ("" for none): names repeat from sentence to sentence, so each is worked out once.
_NAME_ACTORS: dict[str, tuple[str | None, str]] = {}
_NAME_ACTORS_LIMIT = 1 << 18


def _name_actor(found: str) -> tuple[str | None, str]:
    words = [w for w in found.split() if w not in _NOT_ACTORS]
    name = _bare(" ".join(words))
    name = _ALIASES.get(name, name)
    actor = _shared(name) if len(name) > 1 and name not in _NOT_ACTORS and name.lower() not in STOPWORDS else ""
    if len(_NAME_ACTORS) >= _NAME_ACTORS_LIMIT:
        _NAME_ACTORS.clear()
    result = _NAME_ACTORS[found] = (words[0] if len(words) == 1 else None, actor)
    return result


def actors_of(text: str, book: NameBook | None = None) -> tuple[str, ...]:
    """Capitalised names in `text` ("Huawei", "Vladimir Putin", "MTS"), in order. Where capitals
    say nothing (a headline in Title Case, words shouted in capitals) only acronyms ("MTS", "5G";
    not in a shouted line) and the names the article writes elsewhere (`book`) count; with a
    book, a single word that opens the text is a name only if the article never writes it in
    lower case."""
    seen: dict[str, None] = {}

    def add(name: str) -> None:
        name = _bare(name)
        name = _ALIASES.get(name, name)
        if len(name) > 1 and name not in _NOT_ACTORS and name.lower() not in STOPWORDS:
            seen.setdefault(_shared(name), None)

    shouted = _shouted(text)
    if _is_title_case(text):
        # The names the article knows, then the acronyms outside shouted words.
        for name in book.known(_WORD.findall(text)) if book else ():
            add(name)
        for word in _TOKEN.finditer(text):
            bare = _bare(word.group())
            if _ACRONYM.fullmatch(bare) and not (shouted and _inside(shouted, word.start())):
                add(bare)
        return tuple(seen)
    opening = len(text) - len(text.lstrip(" \"“‘'("))
    if shouted:
        found_names = [match.group() for match in _NAME.finditer(text) if not _inside(shouted, match.start())]
    else:
        found_names = _NAME.findall(text)  # (most text: no match objects needed)
    # The first name found opens the text when a name matches there (none can start before it).
    opens = (
        book is not None
        and bool(found_names)
        and _NAME.match(text, opening) is not None
        and not (shouted and _inside(shouted, opening))
    )
    for found in found_names:
        single, actor = _NAME_ACTORS.get(found) or _name_actor(found)
        if opens:
            opens = False
            if book is not None and single is not None and book.writes_in_lower_case(single.strip(".'’")):
                continue  # "Ties between the two countries ...": a common word opening the sentence
        if actor:
            seen.setdefault(actor, None)
    if book is not None:
        for start, end in shouted:
            for name in book.known(_WORD.findall(text[start:end])):
                add(name)
    return tuple(seen)


# A name right after one of these is where something happened ("in Moscow", "at the Kremlin"):
# many events of a day share a place, so a place is weaker evidence of the same event than a name
# of who acted.
_LOCATIVE_NAME = re.compile(
    r"\b(?:in|at|near|outside|inside|across|throughout|around)\s+(?:the\s+)?([A-Z][A-Za-z'’.-]*)"
)

def _without_possessive(name: str) -> str:
    return name[:-2] if name.endswith(("'s", "’s")) else name


def places_of(text: str, actors: Iterable[str]) -> tuple[str, ...]:
    """The actors of `text` named after a locative preposition ("in Moscow", "at the Kremlin")."""
    after_locative = {_without_possessive(m.group(1).rstrip(".'’")) for m in _LOCATIVE_NAME.finditer(text)}
    if not after_locative:
        return ()
    return tuple(actor for actor in actors if actor.split()[0] in after_locative)


def extract_mentions(articles: Iterable[Article], tagger: Tagger = default_tag) -> list[Mention]:
    """Every mention of every article: dated ones for each calendar expression, undated
    ones for the other sentences (and the title), in reading order."""
    mentions: list[Mention] = []
    for article in articles:
        mentions.extend(article_mentions(article, tagger))
    return mentions


def article_mentions(article: Article, tagger: Tagger = default_tag) -> list[Mention]:
    text = article.text[: story_end(article.text)]
    expressions = _without_page_stamps(
        text,
        [
            t
            for t in tagger(text, article.published)
            if t.type in ("DATE", "TIME")
            and t.is_anchored
            and not (t.interval_start == article.published and _BARE_CLOCK.fullmatch(t.text))
        ],
    )
    mentions: list[Mention] = []
    seen_sentences: set[str] = set()
    book = name_book(text)
    if article.title:
        title = article.title.strip()
        mentions.append(_mention(article, -1, title, title, None, book=book))
        seen_sentences.add(title)
    cursor = 0
    previous, antecedent = "", ""
    for index, (start, end) in enumerate(_bounded(text, split_sentences(text), expressions)):
        start += furniture_end(text[start:end])  # (its dates are the page's, not the story's)
        sentence = text[start:end]
        antecedent = _antecedent(sentence, previous, antecedent, book)
        previous = sentence
        inside = []
        while cursor < len(expressions) and expressions[cursor].start < end:
            if expressions[cursor].start >= start:
                inside.append(expressions[cursor])
            cursor += 1
        if not sentence or _BOILERPLATE.match(sentence) or _is_listing(sentence) or not_a_statement(sentence):
            continue
        words = _WORD.findall(sentence)
        if len(words) < 4:
            continue
        if not inside:
            if sentence not in seen_sentences:  # the headline repeated as the first line
                mentions.append(_mention(article, index, sentence, sentence, None, book=book, words=words, antecedent=antecedent))
                seen_sentences.add(sentence)
            continue
        seen_sentences.add(sentence)
        dated: set[tuple[date | None, date | None]] = set()
        clauses = _Clauses(sentence)
        read: dict[tuple[str, tuple[tuple[int, int], ...]], _Features] = {}
        for expression in inside:
            others = [(t.start - start, t.end - start) for t in inside if t is not expression]
            left, right = _clause_span(clauses, expression.start - start, expression.end - start, others)
            clause = sentence[left:right].strip(" ,;:")
            if expression.mod in BOUNDING_MODS and not clause.lower().startswith("when "):
                continue
            offset = start + left + len(sentence[left:right]) - len(sentence[left:right].lstrip(" ,;:"))
            # The hypothetical governs the day from before it or right after it ("a strain as bad
            # today would ..."), not from a clause it opens: in "announced the figures today,
            # adding that BP would ..." the "would" is what was announced.
            at, after = expression.start - offset, expression.end - offset
            # (and a clause opening on "Today" that tells a present state: _GENERIC_TODAY)
            if _said_of_the_publication_day(expression, article) and (
                _HYPOTHETICAL.search(clause, 0, max(0, at))
                or _HYPOTHETICAL_NEXT.match(clause, max(0, after))
                or (expression.text == "Today" and _GENERIC_TODAY.match(clause))
            ):
                continue
            # "earlier today, 6 June": two phrases for one date in a sentence make one mention.
            key = (expression.interval_start, expression.interval_end)
            if key in dated:
                continue
            dated.add(key)
            spans = tuple(
                (t.start - offset, t.end - offset) for t in inside if offset <= t.start and t.end - offset <= len(clause)
            )
            mentions.append(
                _mention(article, index, sentence, clause, _shift(expression, -offset), spans, book, read=read, antecedent=antecedent)
            )
    return mentions


# A pronoun among a sentence's first words: it may stand for the name opening the sentence before.
_EARLY_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\b")
_PRONOUN_OPENS = re.compile(r"[\"“‘']?(?:he|she|it|they|his|her|its|their)\b(?!['’])", re.IGNORECASE)
_EARLY = 80
_NOT_A_SUBJECT_AFTER = re.compile(r"\s+(?:in|on|at|of|to|for|from|with|by|after|before|during|since|into|onto|over|under)\b")


def _antecedent(sentence: str, previous: str, previous_antecedent: str, book: NameBook) -> str:
    """The name a pronoun among the first words of `sentence` may stand for: the name opening
    `previous` (its subject: "Ann Lee" in "Ann Lee, the minister, lost the vote", "Ann Lee's
    campaign ..."), or, when `previous` opens on a pronoun itself, what that stood for; "" when
    `sentence` has no such pronoun or `previous` opens on no name."""
    if not previous or not _EARLY_PRONOUN.search(sentence, 0, _EARLY):
        return ""
    text = previous.lstrip(" \"“‘'(")
    if _PRONOUN_OPENS.match(text):
        return previous_antecedent
    name = _NAME.match(text)
    if name is None:
        return ""
    actors = actors_of(name.group(), book)
    if not actors or not (text.startswith(actors[0]) or text.startswith(f"The {actors[0]}")):
        return ""
    if _NOT_A_SUBJECT_AFTER.match(text, name.end()):
        return ""  # "Back in 1918 ...", "Inside the hall ...": an adverbial opens it, not a name
    return actors[0]


# A "sentence" past these bounds is no prose but a table or a log pasted without full stops ("2019
# 2019 2019 ...", "in May, in May, ..."): it is read in pieces, since the work on each date grows
# with its sentence and its dates, and the whole would grow with the square of the text.
_PIECE_CHARACTERS = 4000
_PIECE_DATES = 64


def _bounded(text: str, sentences: Iterable[tuple[int, int]], expressions: list[TimeExpression]) -> Iterator[tuple[int, int]]:
    """`sentences`, each cut into pieces of at most _PIECE_CHARACTERS and _PIECE_DATES, at a
    space where there is one and never inside a date."""
    starts = [expression.start for expression in expressions]
    for start, end in sentences:
        while end - start > _PIECE_CHARACTERS or bisect_left(starts, end) - bisect_left(starts, start) > _PIECE_DATES:
            first = bisect_left(starts, start)
            cut = start + _PIECE_CHARACTERS
            if first + _PIECE_DATES < len(starts):
                cut = min(cut, starts[first + _PIECE_DATES])
            space = text.rfind(" ", start + 1, cut + 1)
            if space > (start + cut) // 2:
                cut = space
            straddling = bisect_left(starts, cut) - 1  # the last date opening before the cut
            if straddling >= first and expressions[straddling].end > cut:
                cut = starts[straddling] if starts[straddling] > start else expressions[straddling].end
            if cut <= start:  # dates piled on one place (no tagger gives such): cut by length alone
                cut = start + _PIECE_CHARACTERS
            if cut >= end:
                break
            yield _trim(text, start, cut)
            start = cut
        yield _trim(text, start, end)


def _said_of_the_publication_day(expression: TimeExpression, article: Article) -> bool:
    """Whether the expression's day is only the publication date ("today", "tonight", "11am")."""
    return expression.interval_start == article.published and not _CALENDAR_WORD.search(expression.text)


def _is_listing(sentence: str) -> bool:
    # Both of _LISTING's branches need a digit opening the sentence or a slash: most sentences
    # have neither, and are not searched.
    return ("/" in sentence or sentence[:1].isdigit()) and _LISTING.search(sentence) is not None


# A live page's update note, wherever its entries run together ("... in Alexandria. -- (Update
# 12:24 a.m. Monday in Cairo, 5:24 p.m. ET) ..."): its dates are the page's.
_UPDATE_NOTE_BEFORE = re.compile(r"\(\s*(?:update|updated)\b[^()]{0,50}$", re.IGNORECASE)


def _without_page_stamps(text: str, expressions: list[TimeExpression]) -> list[TimeExpression]:
    """The expressions that are not a page's date stamp (nor the clock time written next to one),
    nor part of something other than a day ("the morning of his death")."""
    kept, stamp_end = [], -10
    for expression in expressions:
        if not _CALENDAR_WORD.search(_CLOCK.sub(" ", expression.text)) and (
            _PART_OF_SOMETHING.match(text, expression.end)
            or (expression.text.lower().startswith("the ") and _COUNTED_FROM_SOMETHING.match(text, expression.end))
        ):
            continue
        if (
            expression.start - stamp_end <= 3
            or _STAMP_BEFORE.search(text, max(0, expression.start - 40), expression.start)
            or _STAMP_AFTER.match(text, expression.end, expression.end + 30)
            or _FIELD_LABEL.search(text, max(0, expression.start - 30), expression.start)
            or _PAGE_NOTE_BEFORE.search(text, max(0, expression.start - 200), expression.start)
            or _UPDATE_NOTE_BEFORE.search(text, max(0, expression.start - 60), expression.start)
            or (_LINK_AGE.fullmatch(expression.text) and _LINK_AGE_BEFORE.search(text, max(0, expression.start - 4), expression.start))
        ):
            stamp_end = expression.end
        else:
            kept.append(expression)
    return kept


def _shift(expression: TimeExpression, offset: int) -> TimeExpression:
    """The expression with offsets relative to its clause."""
    return replace(expression, start=expression.start + offset, end=expression.end + offset, parts=())


_Features = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # a clause's actors, terms and places


def _mention(
    article: Article,
    index: int,
    sentence: str,
    clause: str,
    time: TimeExpression | None,
    time_spans: tuple[tuple[int, int], ...] = (),
    book: NameBook | None = None,
    words: list[str] | None = None,
    read: dict[tuple[str, tuple[tuple[int, int], ...]], _Features] | None = None,
    antecedent: str = "",
) -> Mention:
    """`words`: _WORD.findall(clause) when the caller has them (a clause with no time spans);
    `read`: the features of the clauses of this sentence read so far (two dates of one clause
    give it the same features)."""
    features = read.get((clause, time_spans)) if read is not None else None
    if features is None:
        actors = actors_of(clause, book)
        # The date's own words ("Wednesday") say when, not what: every event of that day shares them.
        undated = clause
        for start, end in time_spans:
            undated = undated[:start] + " " * (end - start) + undated[end:]
        terms = _terms_of_words(words) if words is not None and not time_spans else terms_of(undated)
        features = (actors, terms, places_of(clause, actors) if actors else ())
        if read is not None:
            read[(clause, time_spans)] = features
    actors, terms, places = features
    return Mention(
        article_id=article.id,
        sentence=sentence,
        clause=clause,
        time=time,
        sentence_index=index,
        actors=actors,
        terms=terms,
        time_spans=time_spans,
        places=places,
        antecedent=antecedent,
    )
