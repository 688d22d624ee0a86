"""Reading English verbs by rule, for headlines: whether a text has a word that reads as a finite
verb (`has_verb`), whether it has one in its main clause rather than only in a relative or
subordinate clause, a participle's phrase or an adjective (`has_main_verb`), and the relative
clause inside a long subject that a headline can do without (`subject_relative_clause`). No
part-of-speech model: word tables (`timeline/wordlists.toml`) and the words around each word.
"""

from __future__ import annotations

import functools
import re

from timeline.mentions import STOPWORDS, WORDS

# A word as headlines and this module count them ("BP's", "co-operation", "won't").
WORD = re.compile(r"[\w'’-]+")
# Prepositions a sentence may open on, capitalised there, that no word list of stop words holds.
PREPOSITIONS = frozenset(WORDS["opening_prepositions"])
REPORTING_WORDS = frozenset(WORDS["reporting_verbs"]) | {"according"}
# Words ending in "-ed" that are no past tense ("need", "hundred", "united").
NOT_VERBS = frozenset(WORDS["not_past_verbs"])

_FINITE_VERBS = frozenset(WORDS["finite_verbs"]) | frozenset(WORDS["reporting_verbs"])
_NOT_BEFORE_VERBS = frozenset(WORDS["not_before_verbs"])


# Nouns ending in "-s" that are never a verb ("the AFP news agency", "a TV series").
_S_NOUNS = frozenset(WORDS["s_nouns"])


# A verb written short: "n't" after any ("won't", "didn't"), "'re", "'ve", "'ll", "'m", "'d" after
# any subject ("they're", "Ann'll"), and "'s" only after a pronoun ("it's", "there's": after a
# name it is a possessive, "BP's").
_CONTRACTED_VERB = re.compile(
    r"[a-z]+n['’]t|[a-z]+['’](?:re|ve|ll|m|d)|(?:it|he|she|that|there|here|what|who|where|when|how|let)['’]s"
)


@functools.lru_cache(maxsize=1 << 14)
def has_verb(text: str) -> bool:
    """Whether `text` has a word that reads as a finite verb: an auxiliary, a modal, a common
    irregular past, a past in "-ed", a present in "-s" after a word that can be its subject
    ("Shares in BP plunged", "The relationship comes under strain"; not "BP chief executive Tony
    Hayward", "A meeting with the chairman"), or one written short ("It's", "they're", "won't")."""
    return any(_verb_readings(text, list(WORD.finditer(text))))


def _verb_readings(text: str, found: list[re.Match[str]]) -> list[bool]:
    """Which of the words `found` in `text` read as finite verbs (`_reads_as_verb`), a plural noun
    told from a present in "-s" where the words around it show it: after a participle used as an
    adjective ("populated cities", "in developing countries", "13 wounded survivors"), closing a
    noun phrase after its determiner and modifiers ("the major cable networks,"), or in a series of
    short items ("Fever, cough, body aches")."""
    words = [match.group() for match in found]
    verbs = [_reads_as_verb(earlier, before, word) for earlier, before, word in zip(["", "", *words], ["", *words], words, strict=False)]
    series = _in_series(text, found)
    for at, word in enumerate(words):
        lower = word.lower()
        adjacent = at > 0 and not text[found[at - 1].end() : found[at].start()].strip()
        if verbs[at] and adjacent and lower.endswith("ed") and _NUMBER.fullmatch(words[at - 1].lower()) and _noun_next(text, found, at):
            verbs[at] = False  # "13 wounded survivors": a participle before its noun, after a number
        if not verbs[at] or not _PLURAL_LIKE.fullmatch(word) or lower in _FINITE_VERBS:
            continue
        if series[at] or (adjacent and _plural_noun(text, found, at)):
            verbs[at] = False
    return verbs


# A word that may be a plural noun or a present in "-s" ("strikes", "plans", "networks").
_PLURAL_LIKE = re.compile(r"[a-z][a-z-]*[a-rt-z]s")
_DETERMINERS = frozenset({"the", "a", "an"})


def _noun_next(text: str, found: list[re.Match[str]], at: int) -> bool:
    """Whether a lower-case word that is no function word follows the word at `at` (its noun)."""
    if at + 1 >= len(found) or text[found[at].end() : found[at + 1].start()].strip():
        return False
    word = found[at + 1].group()
    return word.islower() and word not in STOPWORDS and word not in PREPOSITIONS


def _plural_noun(text: str, found: list[re.Match[str]], at: int) -> bool:
    """Whether the "-s" word at `at` is a plural noun by the words before it: a participle used as
    an adjective ("populated cities", "of confirmed cases"; a gerund after a preposition: "in
    developing countries"), or a determiner and two modifiers or more, the noun phrase ending
    there ("the major U.S. cable networks", not "the company takes full ...")."""
    before = found[at - 1].group()
    lower = before.lower()
    if before.islower() and lower.endswith("ed") and lower not in NOT_VERBS and len(lower) >= 4:
        return not (at >= 2 and found[at - 2].group().lower() in _DETERMINERS)  # ("the accused denies")
    if before.islower() and lower.endswith("ing") and at >= 2 and found[at - 2].group().lower() in _PREPOSITION_WORDS:
        return True
    if not _ends_segment(text, found, at):
        return False
    start = max(0, at - 5)
    span = [match.group().lower() for match in found[start:at]]
    if not any(word in _DETERMINERS for word in span):
        return False
    determiner = start + max(i for i, word in enumerate(span) if word in _DETERMINERS)
    between = found[determiner + 1 : at]
    gap = CLAUSE_GAP.search(text, found[determiner].end(), found[at].start())
    return len(between) >= 2 and gap is None and not any(_reads_as_verb("", "", match.group()) for match in between)


_PREPOSITION_WORDS = frozenset({"in", "on", "at", "of", "for", "from", "by", "with", "into", "against", "among", "amid", "over", "under", "between", "to"})


def _ends_segment(text: str, found: list[re.Match[str]], at: int) -> bool:
    """Whether the word at `at` ends its clause's part: the text, a comma, a stop or a dash follows."""
    rest = text[found[at].end() :].lstrip()
    return not rest or rest[:1] in ",.;:!?)" or rest.startswith(("--", "—", "–", "- "))


# The most words an item of a series may have ("sore throat", "pro-democracy activists").
_SERIES_ITEM_WORDS = 3


def _in_series(text: str, found: list[re.Match[str]]) -> list[bool]:
    """For each word `found`, whether it is in a series of three short items or more separated by
    commas ("Fever, cough, sore throat, body aches"): a list of nouns, each item no clause."""
    flags = [False] * len(found)
    if text.count(",") < 2:
        return flags
    items: list[list[int]] = [[]]
    for at, match in enumerate(found):
        if at and "," in text[found[at - 1].end() : match.start()]:
            items.append([])
        items[-1].append(at)
    run: list[list[int]] = []
    for item in [*items, []]:
        if 0 < len(item) <= _SERIES_ITEM_WORDS:
            run.append(item)
            continue
        if len(run) >= 3:
            # (not a last item of one word: "Ann Lee's son, Tom Lee, appears" ends on its verb)
            for short in run if len(run[-1]) > 1 else run[:-1]:
                for at in short:
                    flags[at] = True
        run = []
    return flags


def _reads_as_verb(earlier: str, before: str, word: str) -> bool:
    """Whether `word`, after the words `earlier` and `before`, reads as a finite verb (has_verb)."""
    lower = word.lower()
    if _CONTRACTED_VERB.fullmatch(lower):
        return True
    if not word[:1].islower() and before:
        return False
    if earlier == "and" and before[:1].isupper() and lower not in _NOT_BEFORE_VERBS and lower not in STOPWORDS:
        return True  # a coordinated subject and its verb: "Huawei and MTS agree"
    if lower in _FINITE_VERBS or (len(lower) >= 4 and lower.endswith("ed") and lower not in NOT_VERBS):
        return True
    if (
        before[:1].isupper()
        and before.endswith("s")
        and not before.endswith(("'s", "’s"))
        and lower not in _NOT_BEFORE_VERBS
        and lower not in STOPWORDS
        and lower not in PREPOSITIONS  # ("the United States via Amsterdam")
    ):
        return True  # a plural subject and its verb: "Protests erupt", "Libyans gather"
    return bool(
        before
        and len(lower) > 3
        and lower.endswith("s")
        and not lower.endswith(("ss", "us", "is", "ics"))
        and lower not in _S_NOUNS
        and before.lower() not in _NOT_BEFORE_VERBS
        and not before.lower().endswith("s")
    )


# What opens a clause (or a phrase) inside another, whose verb is not the main clause's: a
# relative pronoun ("a virologist who helped ..."), "that" before a verb ("the strain that has
# killed ..."), a subordinating conjunction ("three days after the vessel ran aground").
DEPENDENT_OPENERS = frozenset(WORDS["dependent_clause_openers"])
# Words after which the next verb still belongs to the same dependent clause ("who was found and
# was taken ...", "that helped to ...").
_SAME_CLAUSE_JOINERS = frozenset({"and", "or", "but", "nor", "to", "not", "then", "also"})
# A clause break between two words: a comma, a semicolon, a colon or a dash.
CLAUSE_GAP = re.compile(r"[,;:]|\s(?:--|—|–|-)\s")
# A participle opening a phrase after the subject and its comma ("The MP, elected to ...", "A
# traveller, flying from ...", "the first of two wells, begun ..."): no finite verb.
_PARTICIPLE = re.compile(r"[a-z]{2,}(?:ing|ed|en)|begun|put|set|held|led|made|sent|built|left|run|seen|known|shown|done|given|taken")
# An -ed form after these is an adjective ("the injured", "a crippled well", "of infected pigs").
BEFORE_ADJECTIVE = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "of", "for", "in", "on", "at", "by", "with", "from", "into", "between", "among", "against", "about", "over", "under", "newly"})


def has_main_verb(text: str) -> bool:
    """Whether `text` has a finite verb outside its dependent clauses and phrases: not only one in a
    relative clause ("A virologist who helped fight SARS"), a subordinate one ("The ship three days
    after it ran aground"), a participle's phrase after the subject's comma ("The MP, elected to
    parliament ..."), a passive participle before its agent ("A team put together by the
    government"), or an adjective ("Talks between newly appointed ministers", "45 deaths"). A
    dependent clause runs to the next comma or dash, or to a second verb of its own that is not
    joined to its first ("The man who shot the mayor was arrested": "was" is the main verb)."""
    return _clauses(text)[0]


# A relative clause between the subject and its verb ("A virologist who helped fight SARS warned
# ..."): from the character where it opens to where the main verb does, or None.
Relative = tuple[int, int] | None


@functools.lru_cache(maxsize=1 << 14)
def _clauses(text: str) -> tuple[bool, Relative]:
    """has_main_verb of `text`, and the relative clause (no comma before it) that opens within its
    first words and ends where the main verb begins, if any."""
    found = list(WORD.finditer(text))
    words = [match.group() for match in found]
    verbs = _verb_readings(text, found)
    for at, word in enumerate(words):
        lower, before = word.lower(), words[at - 1].lower() if at else ""
        if not verbs[at]:
            continue
        earlier = words[at - 2].lower() if at > 1 else ""
        if lower.endswith(("'s", "’s")) or (lower.endswith("s") and (_NUMBER.fullmatch(before) or _NUMBER.fullmatch(earlier))):
            verbs[at] = False  # "the administration's", "45 deaths", "two relief wells"
        elif _before_agent(words, at) and not _BE_OR_HAVE.match(before):
            verbs[at] = False  # "put together by the government": a participle before its agent
        elif lower.endswith("ed") and (before in BEFORE_ADJECTIVE or (before.endswith("ly") and (at < 2 or words[at - 2].lower() in BEFORE_ADJECTIVE))):
            verbs[at] = False  # "a crippled well", "between newly appointed ministers"
    gaps = [bool(CLAUSE_GAP.search(text, found[at - 1].end(), match.start())) if at else False for at, match in enumerate(found)]
    first_comma = next((at for at, gap in enumerate(gaps) if gap), None)
    at, relative = 0, None
    while at < len(words):
        word = words[at]
        lower = word.lower()
        # (in its sentence's case: "WHO" is the health body's name, "When ..." opens the text)
        opens = (lower in DEPENDENT_OPENERS and (word.islower() or (at == 0 and word[1:].islower()))) or _relative_that(words, verbs, at)
        participle = at == first_comma and at > 0 and "," in text[found[at - 1].end() : found[at].start()] and _PARTICIPLE.fullmatch(lower) is not None
        if not (opens or participle):
            at += 1
            continue
        end, seen, previous = at + 1, participle, participle
        while end < len(words) and not gaps[end]:
            # (a participle's phrase runs to its comma: "meaning it is circulating" is its object)
            if verbs[end] and seen and not previous and not participle and words[end - 1].lower() not in _SAME_CLAUSE_JOINERS:
                break  # a verb of the main clause after the dependent one's ("The man who shot her was ...")
            seen = seen or verbs[end]
            # (an adverb or "been" keeps a verb's group whole: "had recently returned", "has been carried")
            if not (words[end].lower().endswith("ly") or words[end].lower() in ("been", "being")):
                previous = verbs[end]
            end += 1
        for inside in range(at, end):
            verbs[inside] = False
        # (in the subject: no verb before it, "NOAA released a report that ..." keeps its clause)
        in_subject = 0 < at <= _RELATIVE_WORDS and not any(verbs[:at])
        if relative is None and opens and in_subject and not gaps[at] and end < len(words) and not gaps[end] and lower in _RELATIVE_OPENERS:
            relative = (found[at].start(), found[end].start())
        at = end
    return any(verbs), relative


# The most words before a relative clause that goes from a long subject ("The only part of the
# League's plan that has survived is ...").
_RELATIVE_WORDS = 10
_RELATIVE_OPENERS = frozenset({"who", "which", "that"})


def _relative_that(words: list[str], verbs: list[bool], at: int) -> bool:
    """Whether the word at `at` is "that" opening a relative clause: a verb follows it, and no
    verb of saying comes before it ("the strain that has killed ...", "the only part that seems
    ..."; not "officials warned that events ...": what was said, "events" its subject)."""
    if words[at].lower() != "that" or at + 1 >= len(words) or not verbs[at + 1]:
        return False
    return at == 0 or words[at - 1].lower() not in REPORTING_WORDS


_BE_OR_HAVE = re.compile(r"(?:is|are|was|were|be|been|being|has|have|had|get|got|gets)$")
_NUMBER = re.compile(r"\d[\d.]*|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|millions|several|many|few")
# What may come between a participle and "by" ("put together by", "jointly run by").
_BEFORE_BY = frozenset({"together", "up", "out", "off", "down", "back", "jointly", "largely", "partly", "mainly"})


def _before_agent(words: list[str], at: int) -> bool:
    """Whether the verb at `at` is followed by "by" and an agent, not a number ("fell by 5%")."""
    by = at + 1 + (at + 1 < len(words) and words[at + 1].lower() in _BEFORE_BY)
    return by + 1 < len(words) and words[by] == "by" and not words[by + 1][:1].isdigit()


def subject_relative_clause(text: str) -> tuple[int, int] | None:
    """The relative clause (no comma before it) that opens within the first words of `text`'s
    subject and ends where its main verb begins ("A virologist [who helped fight SARS] warned
    ..."), as character offsets, or None."""
    return _clauses(text)[1]
