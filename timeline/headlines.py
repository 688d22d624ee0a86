"""Headlines: each event's mention that compresses best into a short phrase saying who did what.

A mention's clause (or, when the clause has lost its subject, its sentence), made whole where the
sentence splitter broke it (inside brackets, two sentences run together), is pruned the way a
desk shortens copy, in order, each step only while the text is still long: its date phrases,
page furniture (credits and datelines too), a leading discourse word ("Meanwhile,"), the attribution ("..., officials said",
"according to ..."), parentheticals and dashed asides; then appositives and trailing clauses;
then adverbs and trailing prepositional phrases; never cut with an ellipsis. A pronoun opening
the headline takes the name the sentence gives it ("Japan said it ..." -> "Japan ..."). Among an
event's mentions, the one read closest to its centroid wins unless another compresses better:
fitting whole, naming its subject, stating rather than quoting. The full sentence stays in each
mention (the event's longer text).

Public: `headline_of(mention)`, `score(mention, text, centrality)`, `choose(ranked)` and
`MAX_BONUS`; dedup calls them.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable

from timeline.mentions import STOPWORDS, WORDS, actors_of, furniture_end, stem
from timeline.records import Mention
from timeline.verbs import (
    BEFORE_ADJECTIVE,
    CLAUSE_GAP,
    DEPENDENT_OPENERS,
    NOT_VERBS,
    PREPOSITIONS,
    REPORTING_WORDS,
    WORD,
    has_main_verb,
    has_verb,
    subject_relative_clause,
)

# The longest headline; and what a pruned text aims at before its trailing clauses are kept.
LIMIT = 80
TARGET = 60

_CLOSING_QUOTE = re.compile(r"[\w,.!?…][\"”](?=[\s,.;:]|$)")
_OPENING_QUOTE = re.compile(r"(?:^|\s)[\"“](?=\w)")
# ("as" opens a compound preposition, "As of noon, ...", or a participle's phrase, "As shown by ...,":
# an adverbial that goes whole, not a conjunction before a clause)
_LEADING_JUNK = re.compile(
    r"^(?:and|but|while|when|as(?!\s+(?:of|at|for|to|many|much|few|little|long|far|well|high|low|[a-z]{2,}(?:ed|en|wn))\b)|after|before|so|then|also|however|which)\b[\s,]*",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(r"(?:\b(?:as\s+of|in|on|at|since|during|from|by|of|until|for)\s+)?$", re.IGNORECASE)
_LONGEST_PREPOSITION = len("during")
_LOWER_WORD_FOLLOWS = re.compile(r"\s+([a-z]+)")
_POSSESSIVE = re.compile(r"['’]s\b")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d]")

# A clause opening with one of these after "and"/"but" has a subject of its own.
_SUBJECT_OPENERS = frozenset(WORDS["subject_openers"])
# A headline opening with one of these is a verb without its subject ("Was hit by ...").
_VERB_OPENERS = frozenset(WORDS["verb_openers"])
_COORDINATED = re.compile(r"(?:,\s*|\s)(?:and|but|or)\s+$")
_RELATIVE = re.compile(r"(?:which|who|whose|where)\b", re.IGNORECASE)
_NAME_FOLLOWS = re.compile(r"\s+and\s+")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


_PRONOUNS = frozenset(WORDS["pronoun_subjects"])
_QUOTE_EDGES = " ,\"“”'‘’"
# A clause opening with one of these is a subordinate phrase, not a statement.
_SUBORDINATE_OPENING = re.compile(
    r"(?:because|despite|although|though|even as|even though|as|with|without|along|against|after|before|since|until|while|when|"
    r"whereas|if|unless|during|amid|following|over|under|whether|aware of|to|up from|down from|(?:\w+\s+){1,3}(?:before|after|since))\b",
    re.IGNORECASE,
)
# A phrase ending on a verb that needs what follows it ("Clinton called", "border guards fired").
_ENDS_ON_VERB = re.compile(
    r"\b(?:[a-z]+ed|drawn|seen|known|heard|said|told|made|put|set|held|sent|left|led|met|took|gave|came|went|began|"
    r"was|were|is|are|be|been|has|have|had|will|would|could|should|can|may|might|must|do|does|did)$"
)
_FIRST_PERSON = frozenset({"i", "we", "our", "my", "us", "me"})
_REPORTING = _alternation(WORDS["reporting_verbs"])
# "Meanwhile, ...", "As you know, ...": words that tie a sentence to the one before it.
_DISCOURSE_OPENER = re.compile(rf"(?:{_alternation(WORDS['discourse_openers'])})\b\s*,?\s+", re.IGNORECASE)
# A sentence adverb ("Interestingly", "Unfortunately", "Reportedly"): how the writer takes what
# follows, never who did it. (Its endings, not "-ly" alone: "Kelly", "Italy", "Reilly" are names.)
_SENTENCE_ADVERB = re.compile(
    r"[A-Za-z][a-z]{2,}(?:ingly|edly|ically|ually|ially|ionally|urally|ately|ously|ively|ibly|ably|fully|ently|antly|arly)"
)
_SENTENCE_ADVERB_OPENING = re.compile(rf"{_SENTENCE_ADVERB.pattern},\s+")
# ... and those without the ending, which open a sentence as often ("Perhaps it ...").
_NOT_NAMES = frozenset(WORDS["discourse_openers"]) | frozenset(WORDS["opening_adverbs"])
# A short adverbial phrase before the subject ("In downtown Madrid, ...", "After the vote, ...").
_LEADING_ADVERBIAL = re.compile(
    r"(?:in|at|on|from|after|before|during|since|following|amid|under|with|despite|for|by|as|within|across|"
    r"inside|outside|near|throughout|over|once|when|while|earlier|later|late|early|last|this|speaking|because|despite|"
    r"although|though|even as|even though|whereas|along with|like|unlike|whether|aware of|to|up from|down from|[a-z]+ing|"
    r"(?:now\s+)?[a-z]+ly\s+(?:on|in|at|aboard|inside|outside|back)|"
    r"(?:a|an|one|two|three|four|five|six|several|few|\d+)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|hours?)\s+(?:before|after|later|earlier|ago))"
    r"\b[^,;:\"“”]{0,70},\s+",
    re.IGNORECASE,
)
# A participle's phrase opening the sentence ("As shown by the vote on ..., and later ..., the
# party ...", "Backed by the EU, Obama ..."), through the comma after which the subject and its
# verb come (not a comma before "and later ...": what follows it is still the phrase).
_PARTICIPLE_OPENING = re.compile(
    r"(?:as\s+)?[a-z]{2,}(?:ed|en|wn)\s+(?:by|in|at|on|from|with|to)\b[^;:\"“”]{0,160}?,\s+"
    r"(?!(?:and|but|or|nor|to|in|on|at|of|for|with|by|from|as|than|then|later|earlier|which|who)\b)",
    re.IGNORECASE,
)
# "According to X, ...", "X said (that) ..." opening; "..., X said" or "..., said X" closing.
_ACCORDING_OPENING = re.compile(r"according\s+to\s+[^,]{1,80},\s+", re.IGNORECASE)
# The small words inside a name ("Abdul Fattah Younis al Abidi", "Ursula von der Leyen").
_NAME_PARTICLES = "al|el|bin|ibn|de|da|del|della|di|van|von|der|den|le|la|du|dos|das"
# ("told" with whom it told: "Ann Lee told reporters", "... told the BBC in a telephone interview that",
# "told XYZ's Ann Lee, ...")
_SAID_OPENING = re.compile(
    rf"(?P<who>(?:(?:[A-Z][\w.'’-]*|{_NAME_PARTICLES})\s+){{0,5}}[A-Z][\w.'’-]*)\s+(?:told\s+(?:reporters|journalists|(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}})|{_REPORTING})"
    r"(?:\s+(?:on|in)\s+(?:an?\s+)?[\w-]+(?:\s+(?:interview|statement|conference|briefing))?)?,?\s+(?:that\s+)?",
    0,
)
# A clause that is only who said something ("In a statement, the council said"): what was said
# follows it in the sentence.
_ONLY_ATTRIBUTION = re.compile(rf"\b(?:{_REPORTING})\s*[:,]?\s*$", re.IGNORECASE)
# (A reporting verb right after the comma closes only as "..., said X"; "Ann Lee, the mayor,
# told ..." is the sentence's own verb. A reporting verb before a clause of its own, "that" or
# a pronoun, opens what was said: "..., Ann Lee said she would ...".)
_NOT_CLOSING = r"(?!\s+(?:that|to|he|she|it|they|we|i|there)\b)"
_ATTRIBUTION_CLOSING = re.compile(
    rf"(?:,|\s+--|\s+—)\s*(?:[\"”’']\s*)?(?:(?:said|says|added|adds|wrote|writes)\b{_NOT_CLOSING}|according\s+to\b|(?:[\w.'’-]+\s+){{1,8}}?(?:{_REPORTING})\b{_NOT_CLOSING})[^\"“”]*$"
    # (a speaker named after the quotation's closing mark, however long their title: '..., " Dr. Ann Lee,
    # head of the ..., told reporters')
    rf"|,\s*[\"”]\s+[A-Z][^\"“”]*?\b(?:{_REPORTING})\b{_NOT_CLOSING}[^\"“”]*$",
    re.IGNORECASE,
)
_SAID_THAT = re.compile(rf"\b({_REPORTING})\s+that\b")
_EMPTY_IT = re.compile(
    r"it\s+(?:(?:is|was|has\s+been|had\s+been)\s+(?:not\s+)?(?:clear|unclear|known|understood|thought|believed|reported|"
    r"expected|likely|unlikely|possible|true|said|confirmed|feared|alleged)|(?:did\s+not\s+|does\s+not\s+)?(?:appears?|appeared|"
    r"seems?|seemed|emerged|emerges|transpired))\s+that\s+|it\s+(?:is|was)\s+(?!not\b)[^,;\"“”]{3,60}?\s+that\s+(?=[A-Z])"
    # "it was confirmed a child had ...": a reporting passive without its "that"
    r"|it\s+(?:is|was|has\s+been|had\s+been)\s+(?:confirmed|reported|believed|thought|understood|expected|feared|alleged|said)\s+"
    r"(?=(?:a|an|the)\s|[A-Z0-9])"
    # "It (all) began when ...", "It happened as ...": what began is the clause after it
    r"|it\s+(?:all\s+)?(?:began|started|happened|came|occurred)\s+(?:when|as)\s+"
    # "It was [a date], the day (that) ...": the date gone, what the day saw
    r"|it\s+(?:is|was)\s*,\s+(?:the\s+(?:day|night|morning|afternoon|evening|week|month|year)\s+(?:that\s+|when\s+)?)?",
    re.IGNORECASE,
)
_QUOTATION = re.compile(r"[\"“][^\"”]*[\"”]")
_PARENTHETICAL = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")
# (a hyphen between spaces is a dash too, as much web copy types it: "Ann Lee - the mayor - said")
_DASHED_ASIDE = re.compile(r"\s+(?:--|—|–|-)\s+(?:(?!\s(?:--|—|–|-)\s).){1,120}?\s+(?:--|—|–|-)(?=\s)")
_DASHED_TAIL = re.compile(r"\s+(?:--|—|–|-)\s+.*$")
# An appositive after a name: ", a former minister," ", who led the talks,".
# ... or a participle's phrase: ", backed by the EU,", ", based in Leeds,".
_APPOSITIVE = re.compile(
    r"(?<=[A-Za-z0-9.)])(?<!\bsaid)(?<!\bsays),\s+(?:(?:a|an|the|who|whose|which|another|formerly|now|once|himself|herself|its|his|her|their|one of)\b"
    r"|(?:[a-z]+ed|[a-z]+en|led|flanked)\s+(?:by|in|with|from|at)\b)[^,;\"“”]{1,90},(?=\s+[a-z])"
)
# ... or a name in apposition ("A spokeswoman for the trade body, Farm Union UK, said ...").
_NAME_APPOSITIVE = re.compile(r",\s+[A-Z][\w&.'’-]*(?:\s+(?:of\s+|the\s+|&\s+)?[A-Z][\w&.'’-]*){0,4},(?=\s+(?!and\b|or\b|nor\b)[a-z])")
# ... or a relative clause however long, when the verb follows it ("The crash on the bypass, which
# happened as ... after ..., was angering drivers").
_RELATIVE_BEFORE_VERB = re.compile(
    r",\s+(?:which|who)\b[^,;\"“”]{1,160},(?=\s+(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|did|does)\b)"
)
# ... or a noun phrase however long, when a finite verb follows it ("Toyota, the carmaker that took
# the crown of ... from its rival, gave a loss forecast").
_LONG_APPOSITIVE_BEFORE_VERB = re.compile(
    rf",\s+(?:a|an|the)\b[^,;\"“”]{{1,160}},(?=\s+(?:{_alternation(WORDS['finite_verbs'])}|[a-z]{{2,}}ed)\b)"
)
# ... or a participle's phrase however made, when the verb follows it ("The man, travelling with
# his family from ..., was diagnosed").
_PARTICIPLE_BEFORE_VERB = re.compile(
    r",\s+[a-z]{2,}(?:ing|ed|en)\s+(?:by|in|with|from|at|to|on|for|over|through|into|under|across)\b[^,;\"“”]{1,90},"
    r"(?=\s+(?:is|are|was|were|has|have|had|will|would|could|can|may|might|must|should|did|does|[a-z]{2,}ed)\b)"
)
# The most words before an appositive that follows the subject ("Ann Lee, the mayor, told ...").
_SUBJECT_WORDS = 6
# Bullet points run together ("* Government announces ... * New strain found ...").
_BULLET = re.compile(r"(?:^|\s+)[*•]\s+")
_TRAILING_CLAUSE = re.compile(rf"(?:,\s+|;\s+|:\s+|\s+(?:--|—|–)\s+|\s+(?=(?:{_alternation(WORDS['trailing_clause_openers'])})\b))")
# An adverb that adds nothing to what happened ("successfully", "finally"), before the verb or
# adjective it qualifies: a headline does without it. Others stay, since they change what is
# told ("effectively banning", "allegedly took", "temporarily stopped"); so does one before a
# function word ("rose sharply after ...").
_ADVERB = re.compile(r"\s+([a-z]{3,}ly)\b(?=\s+([a-z]+)\b)")
_FILLER_ADVERBS = frozenset(WORDS["filler_adverbs"])
_WORD_BEFORE = re.compile(r"([\w'’]+)\s*$")


def _adverb_kept(found: re.Match[str]) -> bool:
    """Whether the adverb `_ADVERB` found stays: any but a filler, one before a function word, or
    one qualifying an adjective after a determiner or a possessive ("the specially built box")."""
    before = _WORD_BEFORE.search(found.string, 0, found.start())
    word = before.group(1).lower() if before else ""
    return found.group(1) not in _FILLER_ADVERBS or found.group(2) in STOPWORDS or word in BEFORE_ADJECTIVE or word.endswith(("'s", "’s"))
# Where a trailing phrase starts: a preposition or a conjunction ("to", "of" and "that" open a
# verb's or a noun's complement, which the phrase before needs: "willing to sign").
_PHRASE_BREAK = re.compile(
    r"\s+(?!at\s+(?:least|most)\b)(?=(?:in|at|on|for|from|with|without|within|by|over|after|before|during|into|near|under|across|against|amid|"
    r"about|through|throughout|and|but|or|as|than|because|since|until|while|when|if)\s)"
)
_DANGLING = re.compile(
    r"(?:\s+(?:to|of|the|a|an|and|or|but|in|on|at|for|with|by|from|as|that|than|his|her|its|their|our|"
    r"was|were|is|are|be|been|has|have|had|will|would|could|should|who|which|whose|where|when|while|after|before|"
    r"amid|over|into|about|because|since|if|said|says|not|also|very|more|most|some|any|all|this|these|those|"
    r"up|out|off|so|then|such|one|two|around|against|between|among|through|across|toward|towards|via|per|like|including|"
    r"saying|adding|noting|citing))+$",
    re.IGNORECASE,
)
_STARTS_WITH_NAME = re.compile(r"[\"“]?[A-Z0-9]")


def _without_trailing_preposition(text: str) -> str:
    """`text` without the preposition (and spaces) that ends it: `_PREPOSITION.sub("", text)`,
    searched only where a match can start (the last word before the trailing spaces), not from
    the start of `text`: the search from the start tried the pattern at every character."""
    found = _PREPOSITION.search(text, max(0, len(text.rstrip()) - _LONGEST_PREPOSITION))
    assert found is not None  # "$" matches at the end
    return text[: found.start()] + text[found.end() :]


# A word that measures or places the date after it ("exactly two months ago", "back in 1918", "as
# early as May"): it goes with the date.
_DATE_MODIFIER = re.compile(
    r"\s*\b(?:exactly|nearly|almost|just|only|roughly|approximately|precisely|barely|some|(?:way\s+)?back|late|early|"
    r"at\s+(?:least|the\s+earliest|the\s+latest)|as\s+(?:early|late|recently|far\s+back|long\s+ago)\s+as)\s*$",
    re.IGNORECASE,
)
_LONGEST_DATE_MODIFIER = len(" as far back as ")


def _without_date_modifier(text: str) -> str:
    """`text` without the word measuring the date that followed it (searched only at its end)."""
    at = max(0, len(text) - _LONGEST_DATE_MODIFIER)
    found = _DATE_MODIFIER.search(text, at)
    return text[: found.start()] if found else text


def _before_date(text: str) -> str:
    """`text` (what comes before a date phrase) without what went with the date: its preposition
    and the word measuring it, in either order ("back in 1918", "until at least Thursday", "at
    approximately 10:28"); not a verb's particle ("had called in just two hours earlier")."""
    text = _without_trailing_preposition(text)
    modified = _without_date_modifier(text)
    if modified == text:
        return text
    bare = _without_trailing_preposition(modified + " ")
    particle = modified[len(bare) :].split()
    if particle and particle[0].lower() in _PARTICLES and _PAST_BEFORE_PARTICLE.search(bare):
        return modified
    return bare


# A time zone after a clock time the tagger read without it ("at 3:25 p.m. Eastern time"): it goes
# with the time.
_TIME_ZONE = re.compile(
    r"\s*(?:\(?(?:Eastern|Central|Mountain|Pacific|Atlantic|local|Greenwich\s+Mean|British\s+Summer)\s+(?:[Dd]aylight\s+|[Ss]tandard\s+)?[Tt]ime\)?"
    r"|\(?\b(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|PT)\b\)?)"
)
# A date inside a noun phrase, between its determiner and its noun ("in the 12 January earthquake"):
# the phrase stays, without the date.
_NOUN_AFTER_DATE = re.compile(r"\s+([a-z][\w-]*)")


def _without_dates(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` without its date phrases (and the preposition before each); a possessive date
    ("Wednesday's severe aftershock") becomes "the"."""
    for start, end in sorted(spans, reverse=True):
        if 0 <= start < end <= len(text):
            if not text[:start].strip(" \"“'") and _LOWER_WORD_FOLLOWS.match(text, end):
                continue  # the date is what the clause is about ("Today is broadcast live")
            possessive = _POSSESSIVE.match(text, end)
            if possessive:
                text = f"{text[:start]}the{text[possessive.end():]}"
                continue
            if text[start:end].lower().startswith("the ") and _noun_follows(text, end):
                text = f"{text[:start]}the{text[end:]}"
                continue
            zone = _TIME_ZONE.match(text, end)
            end = zone.end() if zone else end
            before = _before_date(text[:start])
            after = text[end:].lstrip(" ")
            # "on a blacklist in May, cutting ...": the comma after the date still closes the clause
            keep_comma = after.startswith(",") and before.strip() and not before.rstrip().endswith(",")
            before, after = before.rstrip(" ,"), after.lstrip(" ,")
            # "... not June 2. BP ...": the full stop after the date closes the words before it
            joint = ", " if keep_comma else "" if after[:1] in _CLOSING_PUNCTUATION else " "
            text = f"{before}{joint}{after}".strip()
    return text


_CLOSING_PUNCTUATION = frozenset(".;:!?)]")


def _noun_follows(text: str, at: int) -> bool:
    """Whether a lower-case word that is no function word follows `at` (a noun the date qualified)."""
    found = _NOUN_AFTER_DATE.match(text, at)
    return found is not None and found.group(1) not in STOPWORDS and found.group(1) not in PREPOSITIONS and not has_verb(found.group(1))
# Where a sentence ends inside a clause (the splitter kept "... not June 2. BP has ..." whole): a
# full stop after a lower-case word or a number, before a capital. Not after an abbreviation:
# "Gov. Ann Lee" and "U.S. Navy" open on a capital, "a.m. Monday" has a stop inside it.
_SENTENCE_END = re.compile(r"(?<![\w.])(?!(?:vs|etc|al|approx|no|ca|cf)\.)(?:[a-z][\w'’-]*|\d[\w,]*)[.!?](?=\s+[\"“]?[A-Z])")


def _dated_text(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` without its date phrases, and, when sentences run together in it, only the one
    holding its first date (else its first that says something): a headline states one thing."""
    spans = sorted(spans)
    pieces = _sentences_in(text)
    if len(pieces) > 1:
        says = [(start, end) for start, end in pieces if len(WORD.findall(_without_dates(text[start:end], _within(spans, start, end)))) >= 4]
        dated = [(start, end) for start, end in says if spans and start <= spans[0][0] < end]
        start, end = (dated or says or pieces)[0]
        text, spans = text[start:end], _within(spans, start, end)
    return _without_dates(text, spans)


# Where a crawl ran a heading or a caption into the text, the line break lost: a word opening a
# sentence (a determiner, a preposition, a pronoun), capitalised, after a word with no stop, and
# before a lower-case word ("... is finally sealed The leaking well", "... concern In the US").
# Not a title's capitals ("told The Times") nor a letter naming a type ("type A influenza").
_SEAM = re.compile(rf"\b([\w'’-]*[a-z0-9%])(?=\s+(?:{_alternation(WORDS['seam_openers'])})\s+[a-z])")
_NOT_BEFORE_SEAM = frozenset(WORDS["seam_not_after"])


def _sentences_in(text: str) -> list[tuple[int, int]]:
    masked = _masked_quotes(text)
    seams = {found.end() for found in _SEAM.finditer(masked) if found.group(1).lower() not in _NOT_BEFORE_SEAM}
    ends = sorted({found.end() for found in _SENTENCE_END.finditer(masked)} | seams)
    # (each piece from its first word: a date's offsets count from there)
    starts = [0, *(end + len(text[end:]) - len(text[end:].lstrip()) for end in ends)]
    return list(zip(starts, [*ends, len(text)], strict=True))


def _within(spans: Iterable[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The date spans inside text[start:end], counted from `start`."""
    return [(begin - start, finish - start) for begin, finish in spans if start <= begin and finish <= end]


def _without_opening_furniture(text: str) -> str:
    """`text` without the page furniture opening it (`furniture.toml`'s prefixes, one after another:
    "Coast Guard via AP NEW ORLEANS -- The ..."): page furniture is no headline, and no part of one."""
    return text[furniture_end(text) :]


# Where a sentence's part begins: after a full stop (not an abbreviation's: "U.S. troops"), a
# semicolon or a dash between spaces.
_PART_START = re.compile(r"(?:(?<=[a-z\d][.!?])\s+|;\s+|\s(?:--|—|–|-)\s+)(?=\S)")


def _outside_brackets(clause: str, sentence: str, spans: tuple[tuple[int, int], ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A clause the sentence was split into inside a parenthesis ("6.4 million litres) of oil
    flowed ...", "AP) Crews cleared ...") made whole, with its date spans: from after the bracket
    when a new statement opens there (a credit or an aside closed before it), else from the start
    of the sentence's part that opens the bracket. Else the clause as it is."""
    close = clause.find(")")
    if close < 0 or "(" in clause[:close]:
        return clause, spans
    after = clause[close + 1 :].lstrip()
    if after[:1].isupper() or after[:1] in "\"“":
        shift = len(clause) - len(after)
    else:
        at = sentence.find(clause)
        opening = sentence.rfind("(", 0, at) if at > 0 else -1
        if opening < 0:
            return clause, spans
        start = max((found.end() for found in _PART_START.finditer(sentence, 0, opening)), default=0)
        clause, shift = sentence[start : at + len(clause)], start - at
        after = clause
    return after, tuple((begin - shift, end - shift) for begin, end in spans if begin >= shift)


def _subject_of(before: str) -> str | None:
    """The named subject of the clause a coordinated verb phrase shares ("Huawei and MTS" in
    "During the visit Huawei and MTS signed a deal ... and launch pilot networks"), or None."""
    actors = actors_of(before)
    if not actors:
        return None
    at = before.find(actors[0])
    if at < 0:
        return None
    subject, end = actors[0], at + len(actors[0])
    joined = _NAME_FOLLOWS.match(before, end)
    if joined and len(actors) > 1 and before.startswith(actors[1], joined.end()):
        subject, end = f"{subject} and {actors[1]}", joined.end() + len(actors[1])
    following = _LOWER_WORD_FOLLOWS.match(before, end)
    if following is None:
        return None
    # the noun the name qualifies is the subject's head ("Four New York Times journalists who were
    # held ... have been freed": not "Four New York Times")
    for _ in range(2):
        word = WORD.match(before, following.start(1))
        word = word.group() if word else following.group(1)  # ("isn't", not "isn")
        if word in STOPWORDS or word in PREPOSITIONS or word in DEPENDENT_OPENERS or has_verb(word) or word.endswith("ing"):
            break
        subject, end = before[at:following.end()], following.end()
        following = _LOWER_WORD_FOLLOWS.match(before, end)
        if following is None:
            break
    return subject  # a verb follows the name: it is the subject


# Where a clause of its own begins inside a sentence: after a comma, a semicolon, a dash, a
# conjunction joining clauses ("while", "whereas", "because"), or a reporting verb and its "that".
_CLAUSE_START = re.compile(
    rf"(?:[,;]\s+|\s+(?:--|—|–)\s+|\b(?:while|whereas|because|although|though|but|when|after|before|since|if)\s+|\b(?:{_REPORTING})\s+(?:that\s+)?)"
)


# A form of "be" before a verb: a passive ("who were reported captured"), no clause reporting speech.
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+$")


def _subject_of_last_clause(before: str) -> str | None:
    """The named subject opening the last clause of `before` (the sentence up to a coordinated verb
    phrase), or None: the verb phrase shares that clause's subject, never the sentence's first
    name ("Officials said ..., while the paper said Ann Lee had been ... and had called ..." ->
    "Ann Lee"; "Four reporters who were held by troops in Dara have been freed and ..." -> not
    "Dara", a name inside the clause)."""
    starts = [
        found.end()
        for found in _CLAUSE_START.finditer(before)
        if has_verb(before[found.end() :]) and not _PASSIVE_BEFORE.search(before, 0, found.start())
    ]
    if not starts:
        return _subject_of(before)
    clause = before[starts[-1] :]
    subject = _subject_of(clause)
    opening = re.match(r"(?:(?:the|a|an)\s+)?", clause, re.IGNORECASE)
    return subject if subject and clause.startswith(subject, opening.end() if opening else 0) else None


# A dash closing an aside, before a verb phrase whose subject the aside followed.
_DASH_BEFORE = re.compile(r"\s(?:--|—|–|-)\s*$")


def _subjectless(mention: Mention) -> tuple[bool, str]:
    """Whether the clause is a verb phrase without its subject ("... and launch pilot networks",
    ", which was hit by ..."), and the sentence text before it."""
    at = mention.sentence.find(mention.clause)
    if at <= 0:
        return False, ""
    before = mention.sentence[:at]
    first = mention.clause.split(maxsplit=1)[0] if mention.clause.strip() else ""
    if (_RELATIVE.match(first) and before.rstrip().endswith(",")) or first.lower() in _VERB_OPENERS:
        return True, before
    if _COORDINATED.search(before) and first[:1].islower() and first.lower() not in _SUBJECT_OPENERS:
        return True, before
    if _DASH_BEFORE.search(before) and first[:1].islower() and has_verb(first) and first.lower() not in _SUBJECT_OPENERS:
        return True, before  # "A rescue team - made up of 71 people - flew to ...": "flew to ..."
    return False, before


_TAIL = 48  # the end of a text the patterns below are tried on: they are anchored at its end


# A passive of what is done to someone or something ending a phrase ("... had been killed", "the
# well was sealed"): complete. (Not every passive: "was set", "is credited", "were told" need more.)
_COMPLETE_PASSIVES = WORDS["complete_passives"]
_ENDS_ON_PASSIVE = re.compile(rf"\b(?:is|are|was|were|be|been|being)\s+(?:[a-z]+ly\s+)?(?:{_alternation(_COMPLETE_PASSIVES)})$")


def _ends_on_verb(text: str) -> bool:
    tail = text[-_TAIL:]
    return _ENDS_ON_VERB.search(tail) is not None and _ENDS_ON_PASSIVE.search(tail) is None


# A verb's particle ("called in", "broke out", "stepped down"): part of the verb, never dangling.
_PARTICLES = frozenset({"in", "out", "up", "off", "down", "back", "away"})
_PAST_BEFORE_PARTICLE = re.compile(r"\b(?:[a-z]{2,}ed|broke|came|gave|got|held|kept|left|made|pulled|sent|set|stepped|took|went)\s*$")


def _without_dangling(text: str) -> str:
    """`text` without the function words left dangling at its end ("... signed the deal with"),
    a verb's particle kept ("Ann Lee had called in")."""
    while True:
        tail = text[-_TAIL:]
        found = _DANGLING.search(tail)
        if not found:
            return text
        start = len(text) - len(tail) + found.start()
        first = found.group().split()[0]
        if first.lower() in _PARTICLES and _PAST_BEFORE_PARTICLE.search(text[max(0, start - _TAIL) : start]):
            kept = text[: start + found.group().index(first) + len(first)]
            if kept == text:
                return text
            text = kept
            continue
        text = text[:start]


def _first_word(text: str) -> str:
    found = WORD.search(text)
    return found.group().lower() if found else ""


def opens_on_pronoun(text: str) -> bool:
    """Whether `text` opens on a bare pronoun ("He said ...", "Its shares ..."), its subject unnamed."""
    return _first_word(text.lstrip("\"“‘'")) in _PRONOUNS


# An adverbial of time opening on a determiner ("This week, ...", "Last year, ..."); with a verb,
# the same words open the subject ("This bond will ...").
_TIME_DETERMINER = re.compile(r"(?:this|last|early|late)\b", re.IGNORECASE)


# One capitalised word and a comma before a clause of its own: a speaker's address to the anchor
# ("Wolf, thousands of people were ...") or an adverb ("Still, ..."), not the subject.
_ONE_WORD_OPENING = re.compile(r"[A-Z][a-z]+,\s+(?=[a-z])")
_NOT_A_CLAUSE_OPENING = re.compile(r"(?:who|whom|whose|which|where|when|however|though|too|also|[a-z]+ing|[a-z]+ed|[a-z]+en)\b")


def _clause_follows(text: str, at: int) -> bool:
    """Whether a clause with its own verb opens at `at` and runs to the next comma (not an
    appositive, a relative clause or a participle's phrase closed by a comma before the verb)."""
    segment = text[at:].split(",", 1)[0]
    return not _NOT_A_CLAUSE_OPENING.match(segment) and has_verb(segment)


def _drop_opening(text: str) -> str:
    """`text` without the words that open it before its subject: discourse words, a short
    adverbial phrase, "according to ...,"; each only when a subject (a word) follows."""
    for _ in range(4):
        for pattern in (_DISCOURSE_OPENER, _SENTENCE_ADVERB_OPENING, _ACCORDING_OPENING, _PARTICIPLE_OPENING, _LEADING_ADVERBIAL, _ONE_WORD_OPENING):
            found = pattern.match(text)
            if found and _TIME_DETERMINER.match(text) and has_verb(found.group()):
                continue  # "This bond will reassert itself despite ..., and ...": the subject, no adverbial
            if found and pattern is _PARTICIPLE_OPENING and not has_verb(text[found.end() :]):
                continue  # no clause of its own follows: the participle is the sentence's verb
            if found and pattern is _ONE_WORD_OPENING and not _clause_follows(text, found.end()):
                continue  # "Mubarak, the president, resigned": an appositive follows the subject
            if found and len(WORD.findall(text[found.end() :])) >= 4:
                text = text[found.end() :]
                break
        else:
            return text
    return text


def _reported(text: str) -> str:
    """ "Japan said it has imposed sanctions" -> "Japan has imposed sanctions": a named speaker
    reporting its own act (the reported clause opens on a pronoun) is the act's subject."""
    found = _SAID_OPENING.match(text[:1].upper() + text[1:])  # ("he told reporters, ..." once "As" has gone)
    if found and found.group("who").lower() in _PRONOUNS:
        # "He said five people were hospitalised": the unnamed speaker goes, what was said stays
        rest = text[found.end() :]
        if _first_word(rest) not in _PRONOUNS and len(WORD.findall(rest)) >= 4:
            return rest
        return text
    if found:
        rest = text[found.end() :]
        first = _first_word(rest)
        if first in ("it", "he", "she", "they", "we") and rest[:1].islower():
            return f"{found.group('who')}{rest[len(first):]}"
    return text


def _pruned(text: str) -> str:
    """`text` shortened, step by step, each step only while it is longer than the target."""
    # (each pattern tried only where its punctuation is: most clauses have none of it)
    if "(" in text or "[" in text:
        text = _PARENTHETICAL.sub("", text)
    if "-" in text or "—" in text or "–" in text:
        text = _DASHED_ASIDE.sub("", text)
    text = _drop_opening(text)
    # "It did not appear that the fire caused a leak", "It was into this anger that Obama jumped":
    # an empty "it" before what the sentence states
    empty_it = _EMPTY_IT.match(text)
    if empty_it and len(WORD.findall(text[empty_it.end() :])) >= 3:
        text = text[empty_it.end() :]
    # "Ann Lee, the town's mayor, told ...": the subject's appositive goes before the verb is read
    appositive = (
        (
            _APPOSITIVE.search(text)
            or _NAME_APPOSITIVE.search(text)
            or _RELATIVE_BEFORE_VERB.search(text)
            or _PARTICIPLE_BEFORE_VERB.search(text)
            or _LONG_APPOSITIVE_BEFORE_VERB.search(text)
        )
        if "," in text
        else None
    )
    if appositive and len(WORD.findall(text[: appositive.start()])) <= _SUBJECT_WORDS:
        text = text[: appositive.start()] + text[appositive.end() :]
    # "A virologist who helped fight SARS and bird flu warned ...": a long subject's relative clause
    # goes, its verb stays
    relative = subject_relative_clause(text) if len(text) > TARGET else None
    if relative:
        text = text[: relative[0]] + text[relative[1] :]
    quoted = False
    reports = ("," in text or "-" in text or "—" in text) and not REPORTING_WORDS.isdisjoint(text.lower().replace(",", " ").split())
    attribution = _ATTRIBUTION_CLOSING.search(text) if reports else None
    if attribution and len(WORD.findall(text[: attribution.start()])) >= 3:
        speakers = _speakers(text[attribution.start() : attribution.start() + 40])  # who, right after the quotation
        text = text[: attribution.start()]
        # a quotation keeps who said it, as a desk prints it ("Xi: We will ...")
        # (not when the attribution holds a quotation whole: 'X could hold a vote, "but it's asking
        # a lot," Ann Lee said' quotes Ann Lee's last words only)
        closes_quote = attribution.group().lstrip(" ,")[:1] in "\"”" or text.rstrip(" ,")[-1:] in "\"”"
        closes_quote = closes_quote and attribution.group().count('"') < 2 and "“" not in attribution.group()
        if speakers and speakers[0] not in text and (closes_quote or _first_word(text) in _FIRST_PERSON) and not _quotes_within(text):
            quotation = text.strip(_QUOTE_EDGES)
            text = speakers[0] + ": " + quotation[:1].upper() + quotation[1:]
            quoted = len(text) <= LIMIT  # a quotation that fits is kept whole
    text = _reported(text)
    if quoted:
        return text
    if len(text) > TARGET and "," in text:
        text = _APPOSITIVE.sub("", text)
    if len(text) > TARGET and ("-" in text or "—" in text or "–" in text):
        # (only when what is left says something: "NEW ORLEANS -- The ..." keeps the statement)
        head = _DASHED_TAIL.sub("", text)
        text = head if has_main_verb(head) else text
    if len(text) > TARGET:
        text = _without_trailing_clauses(text)
    if len(text) > LIMIT:
        text = _ADVERB.sub(lambda m: m.group() if _adverb_kept(m) else "", text)
        text = _SAID_THAT.sub(r"\1", text)  # "said that the company ..." -> "said the company ..."
    if len(text) > LIMIT:
        text = _without_reporting_frame(text)
    while len(text) > LIMIT:
        # the last phrase first: a trailing prepositional phrase, or a coordinated verb phrase
        breaks = [b.start() for b in _PHRASE_BREAK.finditer(_masked_quotes(text)) if _whole_phrase(text[: b.start()]) and _clean_cut(text, b.start())]
        if not breaks:
            break
        text = text[: breaks[-1]]
    return text


# Verbs saying that someone stated what their "that" clause holds (not "continued", "recalled").
_SAYING_THAT = WORDS["saying_that_verbs"]
# What the words between a reporting verb and "that" hold when that "that" opens a noun's relative
# clause ("warned of a pandemic that ...", "spoke about the plan that ..."): what was said is the noun.
_NOUN_BEFORE_RELATIVE = re.compile(r"\b(?:of|about|for|with)\b")
# Who reported, the reporting verb and whom it was told, before "that" and what was reported
# ("Farmers later told the local radio station that ...", "The council said on Monday that ...").
_REPORTING_FRAME = re.compile(rf"[^,;:\"“”]{{1,60}}?\b(?:{_alternation(_SAYING_THAT)})\b(?P<whom>[^,;:\"“”]{{0,50}}?)\s+that\s+(?=\S)")


def _without_reporting_frame(text: str) -> str:
    """`text` too long without who reported it: "Farmers told the local radio station that at least
    forty sheep had drowned" -> "At least forty sheep had drowned" (what was reported is the news),
    when what was reported is a statement of its own."""
    found = _REPORTING_FRAME.match(text)
    if found is None or has_verb(found.group("whom")) or _NOUN_BEFORE_RELATIVE.search(found.group("whom")):
        # ("said the industry was upset that ...": what was said holds the "that"; "warned of a
        # pandemic that ...": a noun's relative clause, no "that" of what was said)
        return text
    content = text[found.end() :]
    first = _first_word(content)
    if not has_verb(content) or len(WORD.findall(content)) < 4 or first in _PRONOUNS or first in _VERB_OPENERS or has_verb(first):
        return text  # ("the outbreak that began in ...": a relative clause, no statement)
    # ("... will step aside and that the mission will ...": the first thing said is the headline)
    first_said = content.split(" and that ", 1)[0]
    content = first_said if len(WORD.findall(first_said)) >= 4 else content
    return content[:1].upper() + content[1:]


def _quotes_within(text: str) -> bool:
    """Whether a quotation opens inside `text`, after words of the writer's own ("X called for calm,
    "from ...," the agency reported"): what was said is the whole text, not the quoted words."""
    opening = _OPENING_QUOTE.search(text)
    return opening is not None and bool(text[: opening.start()].strip(_QUOTE_EDGES))


# Titles written short before a name ("Sen.", "Gov.", "Lt. Gen.", "U.S. Rep."): no speaker alone.
_TITLES = re.compile(r"(?<![\w.])(?:[A-Z][a-z]{0,3}\.\s*)+(?=[A-Z][a-z])")


def _speakers(attribution: str) -> tuple[str, ...]:
    """The names in an attribution ("..., Sen. Ann Lee, D-Ore., told ..."), its titles read as
    part of no name: a quotation keeps who said it ("Ann Lee: ..."), never a title ("Sen: ...")."""
    return actors_of(_TITLES.sub("", attribution))


def _without_trailing_clauses(text: str) -> str:
    """`text` cut at a clause break (a comma, a semicolon, a dash, "which", "saying" ...) that
    leaves a phrase of at least four words: the longest such phrase within the target, else the
    longest within the limit ("X hit Y, killing ..." -> "X hit Y")."""
    masked = _masked_quotes(text, open_to_end=True)
    heads = [text[: found.start()] for found in _TRAILING_CLAUSE.finditer(masked) if _whole_phrase(text[: found.start()]) and _clean_cut(text, found.start())]
    fitting = [head for head in heads if len(head) <= LIMIT]
    return fitting[-1] if fitting else text


def _whole_phrase(head: str) -> bool:
    """Whether `head` can stand as a headline once what follows it goes: five words or more, with
    a verb, not ending on a verb that needs its object, and what it reports said with its verb."""
    # (the cheap tests first: the main-clause reading is the costly one, and most heads fail before it)
    if len(WORD.findall(head)) < 5 or _ends_on_verb(head.rstrip(" ,;:")) or not has_verb(head) or not has_main_verb(head):
        return False
    # "X said attacks ...", "officials warned events ...": what was said keeps its verb
    said = [found.end() for found in _REPORTING_VERB.finditer(head)]
    if said and not has_verb(head[said[-1] :]):
        return False
    # "... had been killed since tanks": a subordinate clause cut before its verb
    opened = [found.end() for found in _SUBORDINATOR.finditer(head)]
    return not opened or has_verb(head[opened[-1] :])


# A name of capitalised words joined by one of these ("Centers for Disease Control and Prevention",
# "Bank of England"): no phrase breaks inside it.
# ("and" only inside a name already joined so: "the United Nations and NATO" are two names)
_NAME_JOIN = re.compile(r"\s+(?:for|of)\s+[A-Z]")
_NAME_AND = re.compile(r"\s+(?:and|&)\s+[A-Z]")
_CAPITALISED_END = re.compile(r"\b[A-Z][\w.'’-]*$")
_JOINED_NAME_END = re.compile(r"\b[A-Z][\w.'’-]*\s+(?:for|of)\s+(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*$")
# A determiner and one word before a comma, and a second adjective after it ("a second, more serious
# wave", "a long, bloody war"): adjectives stacked before their noun, no clause break.
_DETERMINER_AND_WORD = re.compile(r"\b(?:a|an|the)\s+[\w-]+$", re.IGNORECASE)
_ADJECTIVE_FOLLOWS = re.compile(
    r"[\s,]*(?:more|most|less|least|very|even|ever|far|increasingly|[a-z]+(?:ous|ive|ful|ible|able|ic|ish|less|ier|iest|y))\b"
)
# ... and the head ending after the second adjective ("a second, more serious" of "..., wave").
_STACKED_HEAD = re.compile(rf"\b(?:a|an|the)\s+[\w-]+,{_ADJECTIVE_FOLLOWS.pattern}(?:\s+[a-z-]+)?$")
# Words opening a clause whose subject and verb follow ("after a girl from Leeds was diagnosed"),
# which are prepositions too ("after a steep rise in cases").
_CLAUSE_OR_PHRASE_OPENER = re.compile(r"\b(?:after|before|since|until)\s+", re.IGNORECASE)


def _clean_cut(text: str, at: int) -> bool:
    """Whether cutting `text` at `at` leaves no phrase hanging: not inside a name ("the U.S.
    Centers" of "... Centers for Disease Control"), not between adjectives stacked before their
    noun ("expects a second, more serious"), not between a subordinate clause's subject and its
    verb ("closed after a 14-year-old girl" of "... girl from Leeds was diagnosed")."""
    head, rest = text[:at], text[at:]
    if (_NAME_JOIN.match(rest) and _CAPITALISED_END.search(head)) or (_NAME_AND.match(rest) and _JOINED_NAME_END.search(head)):
        return False
    if rest.lstrip()[:1] == "," and ((_DETERMINER_AND_WORD.search(head) and _ADJECTIVE_FOLLOWS.match(rest)) or _STACKED_HEAD.search(head)):
        return False
    openers = list(_CLAUSE_OR_PHRASE_OPENER.finditer(head))
    if not openers:
        return True
    opened = openers[-1].end()
    if has_verb(head[opened:]) or CLAUSE_GAP.search(head, opened):
        return True
    clause = CLAUSE_GAP.split(text[opened:], maxsplit=1)[0]
    # (the subject's own words first: "after a girl from Leeds was diagnosed" reads "was")
    return not has_verb(clause)


# Conjunctions opening a subordinate clause, whose verb it needs ("since" and "until" are
# prepositions too: "since tanks and armoured cars rolled in" and "since March" both open on one).
_SUBORDINATOR = re.compile(r"\b(?:when|because|while|although|though|whereas|since|unless)\s+(?!(?:the\s+)?(?:\d|[A-Z][a-z]+\b(?!\s+[a-z]+ed\b)))")


_REPORTING_VERB = re.compile(rf"\b(?:{_REPORTING})\b")
def _masked_quotes(text: str, open_to_end: bool = False) -> str:
    """`text` with its quotations blanked: punctuation inside a quotation breaks no clause; with
    `open_to_end`, a quotation left open runs to the end ('... then said: "Don't say that, we
    don't know': no clause break inside it)."""
    if '"' not in text and "“" not in text:
        return text
    masked = _QUOTATION.sub(lambda m: "x" * len(m.group()), text)
    unclosed = open_to_end and (text.count('"') % 2 or text.count("“") > text.count("”"))
    opening = _OPENING_QUOTE.search(masked) if unclosed else None
    at = opening.end() - 1 if opening else len(masked)  # (from the mark, not the space before it)
    return masked[:at] + "x" * (len(masked) - at)


def _fitted(text: str) -> tuple[str, bool]:
    """`text` within the limit: whole if it fits, else cut before the last phrase break (a comma,
    a preposition, a conjunction) that fits, never with an ellipsis; and whether it was cut."""
    if len(text) <= LIMIT:
        return text, False
    window = text[: LIMIT + 1]
    breaks = [m.start() for m in re.finditer(r",\s|;\s", window)] + [m.start() for m in _PHRASE_BREAK.finditer(window)]
    breaks.sort()
    cut = next((b for b in reversed(breaks) if _whole_phrase(window[:b]) and _clean_cut(text, b)), None)
    if cut is None:
        cut = window.rfind(" ")
    head = text[:cut].rstrip(" ,;:")
    tidied = _without_dangling(head)
    return (tidied.rstrip(" ,;:") if len(WORD.findall(tidied)) >= 3 else head), True


def _tidy(text: str) -> str:
    text = text.strip(" ,;:-–—\"“”'")
    junk = _LEADING_JUNK.match(text)  # at the start only
    text = (text[junk.end() :] if junk else text).strip()
    return _SPACES.sub(" ", text).rstrip(" ,;:.")


def _with_opening_quote(text: str) -> str:
    """A quotation whose opening mark was trimmed with the clause's edge gets it back."""
    if '"' in text or "”" in text:
        closing, opening = _CLOSING_QUOTE.search(text), _OPENING_QUOTE.search(text)
        if closing and (opening is None or closing.start() < opening.start()):
            text = ("“" if closing.group().endswith("”") else '"') + text
    return text


def _balanced_quotes(text: str) -> str:
    """`text` without a quotation mark left open by pruning."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    return text


def _balanced_brackets(text: str) -> str:
    """`text` without a bracket left open or closed alone by a cut: what an open bracket began
    goes with it ("BP plc (BP" -> "BP plc"), as does what a lone closing bracket ended."""
    depth, unmatched_close = 0, -1
    for at, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth:
                depth -= 1
            else:
                unmatched_close = at
    if unmatched_close >= 0:
        text = _part_saying_something(text[unmatched_close + 1 :], text, unmatched_close)
    if depth:
        opening = text.rfind("(")
        while text.count("(", 0, opening) > text.count(")", 0, opening):  # the first one left open
            opening = text.rfind("(", 0, opening)
        text = _part_saying_something(text[:opening], text, opening)
    return text


def _part_saying_something(part: str, text: str, bracket: int) -> str:
    """`part` of `text` trimmed, or, when it has no word left, `text` without its bracket."""
    part = part.strip(" ,;:-–—")
    return part if WORD.search(part) else text[:bracket] + text[bracket + 1 :]


def _compressed(mention: Mention) -> tuple[str, bool]:
    """A mention's headline and whether it had to be cut to fit."""
    return _compressed_text(mention.clause, mention.sentence, mention.time_spans, mention.antecedent)


@functools.lru_cache(maxsize=1 << 15)
def _compressed_text(clause: str, sentence: str, time_spans: tuple[tuple[int, int], ...], antecedent: str = "") -> tuple[str, bool]:
    """_compressed of the mention with this clause, sentence, date spans and antecedent: an event's
    members are read again when its supporting mentions are weighed, and repeated sentences are common."""
    clause, time_spans = _outside_brackets(clause, sentence, time_spans)
    mention = Mention(
        article_id="", sentence=sentence, clause=clause, time=None, sentence_index=0, time_spans=time_spans, antecedent=antecedent
    )
    clause = _without_opening_furniture(_dated_text(mention.clause, mention.time_spans))
    subjectless, before = _subjectless(mention)
    too_short = len(WORD.findall(clause)) < 4  # "At around": the date was all it said
    only_attribution = _ONLY_ATTRIBUTION.search(clause) is not None and len(mention.sentence) > len(mention.clause) + 20
    # "The crash on the bypass on Monday evening" of "The crash ..., which ..., was angering ...":
    # a noun phrase the date's clause was cut to, its verb later in the sentence
    only_subject = not has_verb(clause) and len(mention.sentence) > len(mention.clause) + 20 and has_verb(mention.sentence)
    if not subjectless and (too_short or only_attribution or only_subject or _SUBORDINATE_OPENING.match(_tidy(clause))) and mention.sentence.find(mention.clause) >= 0:
        # "Four days before the explosion", "Because of its accidents": a clause the date narrowed
        # to a subordinate phrase says nothing alone; its sentence's main clause does
        at = mention.sentence.find(mention.clause)
        clause = _dated_text(mention.sentence, [(at + start, at + end) for start, end in mention.time_spans])
    elif subjectless:
        # (after a dashed aside the sentence reads whole, its aside pruned: the subject is before it)
        subject = None if _RELATIVE.match(mention.clause) or _DASH_BEFORE.search(before) else _subject_of_last_clause(_COORDINATED.sub("", before))
        if subject:
            clause = f"{subject} {clause}"
        else:
            at = len(before)
            clause = _dated_text(mention.sentence, [(at + start, at + end) for start, end in mention.time_spans])
    clause = _without_opening_furniture(clause)
    if "*" in clause or "•" in clause:  # the first bullet point that says something
        clause = next((point for point in _BULLET.split(clause) if len(WORD.findall(point)) >= 4), clause)
    clause = _tidy(_balanced_brackets(clause))
    if not _LETTER.search(clause):  # nothing but the date ("1130"): the sentence as written
        clause = _tidy(_without_opening_furniture(mention.sentence))
    pruned = _tidy(_pruned(clause))
    if len(WORD.findall(pruned)) >= 3:
        clause = pruned
    if opens_on_pronoun(clause):
        clause = _named(clause, mention)
    if _first_word(clause) in _FIRST_PERSON:
        clause = _with_speaker(clause, mention)
    clause = _without_dangling(clause).rstrip(" ,;:.")
    text, cut = _fitted(clause)
    return _capitalised(_balanced_brackets(_balanced_quotes(_with_opening_quote(text)))), cut


def _capitalised(text: str) -> str:
    """`text` opening on a capital, after its opening quotation mark if any."""
    at = len(text) - len(text.lstrip("\"“‘'"))
    return text[:at] + text[at : at + 1].upper() + text[at + 1 :]


# A phrase opening the sentence on a possessor's "own" ("By BP's own account, it ...", "In Ann
# Lee's own words, she ...", "By the council's own count, it ..."): "own" points to the subject,
# so the pronoun after it is the possessor.
_OWN_POSSESSOR = re.compile(
    r"[\"“]?(?:[Bb]y|[Ii]n|[Oo]n|[Ff]rom|[Aa]ccording\s+to)\s+(?P<who>(?:[A-Z][\w.&'’-]*\s+){0,3}[A-Z][\w.&-]*|the\s+[a-z]+)['’]s"
    r"\s+own\s+[a-z]+(?:\s+[a-z]+)?,\s+[\"“]?(?P<pronoun>he|she|it|they)\b"
)


def _named(text: str, mention: Mention) -> str:
    """`text` with its opening pronoun replaced by the subject the sentence names before it
    ("Japan said it ..." for "it"), when the sentence has one; else by the name opening the
    sentence before (the mention's antecedent: "Her decision ..." -> "Ann Lee's decision ..."),
    when it agrees with the pronoun; else `text` as it is."""
    at = mention.sentence.find(mention.clause)
    before = mention.sentence[:at] if at > 0 else ""
    subject = _subject_of(before.rstrip(" ,")) if before else None
    first = WORD.search(text)
    if first is None:
        return text
    pronoun = first.group().lower()
    if subject and pronoun in ("he", "she", "it", "they"):
        return f"{subject}{text[first.end():]}"
    own = _OWN_POSSESSOR.match(mention.sentence)
    if own and own.group("pronoun").lower() == pronoun and _agrees(pronoun, own.group("who")):
        return f"{own.group('who')}{text[first.end():]}"
    name = mention.antecedent
    if not name or pronoun not in _STANDS_FOR or not _agrees(pronoun, name):
        return text
    return f"{name}{_STANDS_FOR[pronoun]}{text[first.end():]}"


# What opens a quotation after who said it ('Ann Lee said: "We ...', "He told reporters: ...").
_SPEAKER_BEFORE = re.compile(
    r"(?:^|[\s,])(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}),?\s+(?:said|says|added|told\s+\w+|wrote|writes)\s*[:,]\s*[\"“‘']?\s*$"
)


def _with_speaker(text: str, mention: Mention) -> str:
    """A quotation in the first person (`text`) with who said it, as a desk prints it ("Ann Lee:
    We will rebuild ..."), when the sentence names the speaker before it, by name or by a pronoun
    whose antecedent agrees; else `text` as it is."""
    at = mention.sentence.find(mention.clause)
    found = _SPEAKER_BEFORE.search(mention.sentence, 0, at) if at > 0 else None
    if found is None:
        return text
    who = found.group("who")
    if who.lower() in _PRONOUNS:
        if not mention.antecedent or not _agrees(who.lower(), mention.antecedent):
            return text
        who = mention.antecedent
    quotation = text.strip(_QUOTE_EDGES)
    return f"{who}: {quotation[:1].upper()}{quotation[1:]}"


# A pronoun the name before may replace, and what follows the name in its place.
_STANDS_FOR = {"he": "", "she": "", "it": "", "they": "", "his": "'s", "her": "'s", "its": "'s", "their": "'s"}
_ACRONYM = re.compile(r"[A-Z0-9.&-]{2,}")
# Two or three capitalised words, as a person's name is written ("Ann Lee", "Ann B. Lee").
_PERSON_LIKE = re.compile(r"[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+){1,2}")


def _agrees(pronoun: str, name: str) -> bool:
    """Whether `name` can be what `pronoun` stands for: a person ("he", "her") is not written as an
    acronym; a thing ("it", "its") is not named like a person (two or three capitalised words);
    a sentence adverb, a discourse word or a preposition opening the sentence before ("Interestingly, ...") is
    no name at all."""
    if _SENTENCE_ADVERB.fullmatch(name) or name.lower() in _NOT_NAMES or name.lower() in STOPWORDS or name.lower() in PREPOSITIONS:
        return False  # ("Without the free arena of ..., young Egyptians ..." opens on no name)
    if pronoun in ("he", "she", "his", "her"):
        return _ACRONYM.fullmatch(name) is None
    if pronoun in ("it", "its"):
        return _PERSON_LIKE.fullmatch(name) is None
    return True


def headline_of(mention: Mention) -> str:
    """A mention's clause as a headline of at most LIMIT characters, never cut with an ellipsis."""
    return _compressed(mention)[0]


# The most a headline's bonus adds to its centrality: an article title that fits and names the
# event's recurring actors.
MAX_BONUS = 0.6
# Naming the actors the event's mentions name most, and its commonest verb, says who did what.
ACTOR_BONUS = 0.05
MAX_ACTOR_BONUS = 0.1
RECURRING_ACTORS = 4
VERB_BONUS = 0.1
# Every mention of an event is about it (it joined it, or was attached to it): how close it is to
# the event's centroid counts less than how well it reads.
CENTRALITY_WEIGHT = 0.1


def score(
    mention: Mention,
    text: str,
    centrality: float,
    cut: bool | None = None,
    event: EventWords | None = None,
) -> float:
    """How well `text` heads its event: its mention's centrality (weighed down), plus a bonus for
    an article title, for fitting whole, for naming its subject, the event's most named actors
    and its main verb; less for a pronoun, a bare verb, a quotation, a cut."""
    if cut is None:
        cut = _compressed(mention)[1]
    no_content, dangling, named, verb_opening, pronoun_opening, quotation, verbless, shouted = _read(text)
    bonus = (0.15 if mention.sentence_index == -1 else 0.0) - 0.002 * abs(len(text) - IDEAL_LENGTH)
    if no_content:
        bonus -= 0.3  # "The U.N. High Commissioner": names, no verb, no event
    if dangling:
        bonus -= 0.2  # "A draft resolution drawn": what it did is missing
    if verbless:
        bonus -= 0.2  # "BP chief executive Tony Hayward": who, not what they did
    if len(text) >= 20 and not cut:
        bonus += 0.1
    if named:
        bonus += 0.05
    if event is not None:
        bonus += event.bonus(text)
    if verb_opening:
        bonus -= 0.3  # "Was hit by ...": a verb without its subject reads worst
    if pronoun_opening:
        bonus -= 0.25
    if quotation:
        bonus -= 0.1  # a quotation says what someone said, not what happened
    if shouted:
        bonus -= 0.1  # "... is on STATE OF THE UNION": a transcript's capitals, no desk's copy
    if cut:
        bonus -= 0.15
    return CENTRALITY_WEIGHT * centrality + bonus


@functools.lru_cache(maxsize=1 << 14)
def _read(text: str) -> tuple[bool, bool, bool, bool, bool, bool, bool, bool]:
    """What `score` reads of a headline's text alone (a text is scored again each time its event's
    headline is chosen): no content word, a dangling end, opening on a name, on a bare verb, on a
    pronoun or a demonstrative, on a quotation mark, no verb (or only one saying that someone spoke),
    three words in capitals in a row."""
    first = _first_word(text)
    pronoun = opens_on_pronoun(text)
    return (
        not _CONTENT_WORD.search(text[1:]),
        _ends_on_verb(text) or _without_dangling(text) != text,
        bool(_STARTS_WITH_NAME.match(text)) and not pronoun,
        text[:1].isalpha() and (first in _VERB_OPENERS or (_PARTICIPLE_FRAGMENT.match(text) is not None and "," not in text)),
        pronoun or first in ("this", "that", "these", "those"),
        text[:1] in "\"“",
        not has_main_verb(text) or _only_reports(text) or _only_relative(text),
        _SHOUTED.search(text) is not None,
    )


# Verbs that say only that someone spoke: what was said is their object, and without it they
# report nothing ("Activists later told the news agency", "Ann Lee said in a statement").
_SPEAKING = re.compile(r"\b(?:said|says|told|tells)\b")


_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose)\b")


def _only_relative(text: str) -> bool:
    """Whether the only verb of `text` is in a relative clause, its noun's own verb missing ("Ann
    Lee and Tom Reyes, who were killed": who they are, not what happened)."""
    found = _RELATIVE_CLAUSE.search(text)
    return found is not None and not has_verb(text[: found.start()])


def _only_reports(text: str) -> bool:
    """Whether the only verb of `text` says that someone spoke, what was said cut away."""
    found = _SPEAKING.search(text)
    if found is None:
        return False
    before = _ADVERB_BEFORE_VERB.sub("", text[: found.start()])  # ("Activists later told": "later" is no verb)
    return not has_verb(before) and not has_verb(text[found.end() :])


_ADVERB_BEFORE_VERB = re.compile(r"\b(?:later|earlier|also|then|again|previously|today|yesterday|[a-z]+ly)\s*$")


# A participle's phrase and no subject ("Referring to a resolution vetoed by ...", "Speaking on the
# radio"): a verb without who did it. (A stem ending in "j" or "q" is a name's: "Beijing".)
_PARTICIPLE_FRAGMENT = re.compile(
    r"[A-Z][a-z]{2,}(?<![jq])ing\s+(?:to|on|about|of|in|at|for|with|from|into|over|the|a|an|his|her|its|their|up|out|down|off)\b"
)


# Three words in capitals in a row ("STATE OF THE UNION", "CANDY CROWLEY, HOST"): a transcript's
# or a heading's capitals ("BP PLC", "U.S. NATO" are two).
_SHOUTED = re.compile(r"\b[A-Z][A-Z'’-]+\b(?:[\s,]+\b[A-Z][A-Z'’-]+\b){2}")


_PAST_VERB = re.compile(r"\b[a-z]{3,}ed\b")


class EventWords:
    """What an event's mentions say most: the actors they name most and their commonest verb in
    the past tense (what happened). A headline naming them says who did what."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        mentions = list(mentions)
        # (dict.fromkeys, not set: a set's order changes from process to process, and ties keep the first met)
        named = Counter(actor for mention in mentions for actor in dict.fromkeys(mention.actors))
        self.actors = [actor for actor, count in named.most_common(RECURRING_ACTORS) if count >= 2]
        verbs = Counter(verb for mention in mentions for verb in _past_verbs(mention.clause))
        common = [verb for verb, count in verbs.most_common(1) if count >= 2]
        self.verb = common[0] if common else None

    def max_bonus(self) -> float:
        """The most `bonus` gives a text: naming every recurring actor and the verb."""
        most = min(MAX_ACTOR_BONUS, ACTOR_BONUS * len(self.actors)) + (ACTOR_BONUS if self.actors else 0.0)
        return most + (VERB_BONUS if self.verb else 0.0)

    def bonus(self, text: str) -> float:
        named = [actor for actor in self.actors if actor in text]
        bonus = min(MAX_ACTOR_BONUS, ACTOR_BONUS * len(named))
        if self.actors and self.actors[0] in named:
            bonus += ACTOR_BONUS  # the event's most named actor
        if self.verb and self.verb in {stem(word) for word in WORD.findall(text.lower())}:
            bonus += VERB_BONUS
        return bonus


@functools.lru_cache(maxsize=1 << 14)
def _past_verbs(clause: str) -> tuple[str, ...]:
    """The stems of the past-tense verbs of `clause` (each verb once), in order: an event's clauses
    are read again each time its headline is chosen."""
    return tuple(stem(verb) for verb in dict.fromkeys(_PAST_VERB.findall(clause)) if verb not in NOT_VERBS)


_NO_EVENT_WORDS = EventWords(())

# A headline of about this length reads best: long enough to say who did what.
IDEAL_LENGTH = 55
_CONTENT_WORD = re.compile(r"\b(?!(?:the|a|an|of|and|in|on|at|for|to|by|with|from)\b)[a-z]{3,}\b")


# A headline is sought among this many of an event's members at most, the most central first.
CANDIDATES = 40


def choose(ranked: Iterable[tuple[float, int, Mention]]) -> tuple[float, int, str]:
    """The best headline among an event's members (centrality, member, mention), read most
    central first and only while they could still beat the best so far: (score, member, text);
    the first member wins a tie."""
    candidates = list(itertools.islice(ranked, CANDIDATES))
    # (one mention names nothing twice: no recurring actor or verb to read)
    event = EventWords(mention for _, _, mention in candidates) if len(candidates) > 1 else _NO_EVENT_WORDS
    best: tuple[float, int, str] | None = None
    # The most a sentence (not a title) can score above its centrality: fitting whole, opening on
    # a name, naming all the event's words; one that cannot beat the best is not compressed.
    sentence_bonus = 0.1 + 0.05 + event.max_bonus() + 1e-9
    for centrality, i, mention in candidates:
        if best is not None and CENTRALITY_WEIGHT * centrality + MAX_BONUS < best[0]:
            break
        if best is not None and mention.sentence_index != -1 and CENTRALITY_WEIGHT * centrality + sentence_bonus < best[0]:
            continue
        text, cut = _compressed(mention)
        value = score(mention, text, centrality, cut, event)
        if best is None or (value, -i) > (best[0], -best[1]):
            best = (value, i, text)
    if best is None:
        raise ValueError("an event has no member to head it")
    return best
