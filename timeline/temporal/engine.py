"""The tagging engine: runs the grammar's rules over a text and anchors what they match.

The grammar (grammar.py) says what to match and what it means; this module only scans,
keeps the document's context (publication date, last date mentioned, tense of a sentence)
and turns readings into TimeExpression records. All rules are compiled once into a single
alternation, so a text is scanned in one pass.
"""

from __future__ import annotations

import bisect
import re
import re._constants as re_constants
import re._parser as re_parser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from timeline.records import TimeExpression
from timeline.temporal import values
from timeline.temporal.language import Writing
from timeline.temporal.patterns import unfactored


@dataclass(frozen=True)
class Reading:
    """What a rule says a match means, before it becomes a TimeExpression."""

    type: str
    value: str
    mod: str | None = None
    # Character offsets trimmed off the match, when a rule's pattern had to look at
    # words that TimeML keeps outside the span.
    trim_start: int = 0
    trim_end: int = 0


@dataclass(frozen=True)
class Example:
    """An example phrase of a rule and what it must give: the rule's test corpus."""

    sentence: str
    text: str  # the expression expected inside the sentence
    value: str
    type: str = "DATE"
    published: str = "2019-06-06"  # a Thursday
    mod: str | None = None
    # The rule that gives it, when not the rule it is written beside: an example of what that
    # rule must leave to another ("in 1945" beside the clock rules is a year).
    by: str | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    build: Callable[[re.Match[str], Context], Reading | None]
    examples: tuple[Example, ...] = ()
    # True when the rule's expressions count from the publication date ("yesterday", "last
    # week"): after one, the text is about the time of writing again.
    from_publication: bool = False


@dataclass(frozen=True)
class Language:
    """A language's grammar and writing: everything the engine needs to tag its text."""

    code: str  # ISO 639-1, as dateparser's locales are named
    rules: tuple[Rule, ...]
    join_ranges: Callable[[str, list[TimeExpression]], list[TimeExpression]]
    trigger_words: frozenset[str]
    writing: Writing



@dataclass
class Context:
    """What a rule may know about the document around its match."""

    text: str
    published: date
    writing: Writing  # how the text's language marks sentences, quotations and tense
    reference: tuple[date, str] | None = None  # last anchored date and its granularity
    # The year of the last date written with its year ("in 1917", "June 20, 1792"), while no
    # expression tied to the publication ("yesterday", "Monday", "last week") came after it.
    story_year: int | None = None
    # How many dates written with their year so far lay two years or more from the
    # publication, and how many dates lay nearer: a history or a profile has mostly the former.
    far_dates: int = 0
    near_dates: int = 0
    # The last quarter named within a year of the publication, and where it was named.
    reported_quarter: tuple[date, int] | None = None
    # per sentence start: tense markers outside quotations, and those of each quotation
    _markers_by_sentence: dict[int, tuple[list[tuple[int, str]], list[tuple[tuple[int, int], list[tuple[int, str]]]]]] = field(
        default_factory=dict
    )
    _sentence_ends: list[int] | None = None
    _clock_stamps: bool | None = None

    def writes_clock_stamps(self) -> bool:
        """Whether the text is a live page that opens its entries with a 24-hour time and a colon
        ("0946: Crowds gather ... 1003: Dominic Casciani reports ..."). Such a page has three or
        more of them, each a valid time of day, and at least one that cannot be a year of the
        news (before 1900), so a list of years ("1945: The war ends") is not taken for one."""
        if self._clock_stamps is None:
            stamps = [int(m.group(1)) for m in _STAMP.finditer(self.text)]
            self._clock_stamps = (
                len(stamps) >= 3
                and all(stamp // 100 < 24 and stamp % 100 < 60 for stamp in stamps)
                and any(stamp < 1900 for stamp in stamps)
            )
        return self._clock_stamps

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """The sentence around `pos`: from after the last sentence end before it to the next one.
        A full stop after an abbreviation ("vs.", "Mr.", "U.S.") does not end a sentence."""
        text = self.text
        if self._sentence_ends is None:
            self._sentence_ends = self.writing.sentence_ends(text)
        ends = self._sentence_ends
        i = bisect.bisect_left(ends, pos)
        start = ends[i - 1] if i > 0 else -1
        return start + 1, ends[i] if i < len(ends) else len(text)

    def tense(self, pos: int) -> str | None:
        """ "future", "past" or None at `pos`: the nearest tense marker decides (it settles
        "Monday", "March", "the first quarter"). Inside a quotation, the quotation's own words
        decide when they have a tense; outside, quotations are left out (in "'He will
        leave Thursday,' Castro said", Thursday is the coming one)."""
        nearest = self._nearest_marker(pos)
        if nearest is None:
            return None
        return "future" if nearest[1] == "possible" else nearest[1]

    def would_decides(self, pos: int) -> bool:
        """Whether the tense marker deciding at `pos` is "would": in a history, the future of a
        past moment ("advances would follow the victory on 12 September"), not the reader's."""
        nearest = self._nearest_marker(pos)
        return nearest is not None and self.writing.is_conditional(self.text, nearest[0])

    def _nearest_marker(self, pos: int) -> tuple[int, str] | None:
        # (a "possible" marker settles only the dates after it)
        markers = [marker for marker in self._markers(pos) if marker[0] < pos or marker[1] != "possible"]
        if not markers:
            return None
        before = [marker for marker in markers if marker[0] < pos]
        governs = self.writing.governs_verb_phrase
        if before and before[-1][1] == "future" and governs is not None and governs(self.text, before[-1][0], pos):
            return before[-1]  # "will meet him on Wednesday": the verb phrase's own tense
        attributes = self.writing.attributes
        if before and attributes is not None:
            markers = [marker for marker in markers if marker[0] < pos or not attributes(self.text, pos, marker[0])]
        return min(markers, key=lambda marker: (abs(marker[0] - pos) * (2.0 if marker[0] > pos else 1), marker[1] == "past"))

    def past_verb_before(self, pos: int) -> bool:
        """Whether a finite past verb is written just before `pos` and dates its event there
        ("was arrested on 28 July", "the rig exploded April 20"), so the date lies before the
        publication (the language's Writing.dates_event_verb tells which verbs do)."""
        before = [marker for marker in self._markers(pos) if marker[0] < pos]
        if not before or before[-1][1] != "past":
            return False
        return self.writing.dates_event_verb(self.text, before[-1][0], pos)

    def _markers(self, pos: int) -> list[tuple[int, str]]:
        """Tense markers of the sentence around `pos`, in order: those of the quotation `pos`
        is in when it has any, else those outside quotations."""
        start, end = self.sentence_span(pos)
        cached = self._markers_by_sentence.get(start)
        if cached is None:
            raw = self.text[start:end]
            writing = self.writing
            quotes = [(start + q.start(), start + q.end()) for q in writing.quotation.finditer(raw)]
            outside = writing.tense_markers(writing.quotation.sub(lambda q: " " * len(q.group()), raw), start)
            inside = [
                (q, writing.tense_markers(writing.quote_mark.sub(lambda m: " " * len(m.group()), self.text[q[0] : q[1]]), q[0]))
                for q in quotes
            ]
            cached = self._markers_by_sentence[start] = (outside, inside)
        markers, inside = cached
        for (quote_start, quote_end), quoted in inside:
            if quote_start <= pos < quote_end and quoted:
                return quoted
        return markers

    def word_before(self, pos: int) -> str:
        """The word just before `pos`, lower case ("" at the start of the text)."""
        # (a word-before pattern searched backwards: the letters before the spaces and commas before `pos`,
        # within 40 characters; one match at the start of the reversed window, not a search.)
        m = self.writing.word_before_reversed.match(self.text[max(0, pos - 40) : pos][::-1])
        return m.group(1)[::-1].lower() if m else ""

    def anchor(self) -> tuple[date, str]:
        """The date anaphoric phrases ("the following day", "that year") refer to."""
        return self.reference or (self.published, "day")


_WRITTEN_YEAR = re.compile(r"(?<![\d.,$])(?:1\d{3}|20\d\d)(?![\d%])")
_STAMP = re.compile(r"(?<![\w:.,$£€-])(\d{4}) ?:\s")


def _trie(words: list[str]) -> str:
    """A regular expression matching any of `words`, factored on common prefixes so that
    Python's engine rejects a non-matching word after a character or two."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(tree)


# Where an expression may start: not inside a word, a number or an amount ("$2019", "4.1998"),
# nor after a hyphen that follows a digit or stands alone ("555-1998", "1998-99"); after a
# hyphen that follows a word it may ("14 August-24 August", "August-September 1950").
_EXPRESSION_START = r"(?<![\w$£€.])(?<![^A-Za-z]-)(?<!^-)"
_START = re.compile(_EXPRESSION_START)
# Where an expression may end: not inside a word, nor before a hyphen ("10-year", "1998-5"),
# unless a range's second date follows it: a capitalised name ("April-June") or, after a word,
# a number ("14 August-24 August", "11pm-1am").
_EXPRESSION_END = r"(?!\w)(?!-(?!(?-i:[A-Z])|(?<=[A-Za-z.]-)\d))"


def _hyphen_positions(text: str) -> Iterable[int]:
    """Offsets of the hyphens of `text` that follow a letter (a word's hyphen)."""
    h = text.find("-", 1)
    while h != -1:
        if text[h - 1].isalpha():
            yield h
        h = text.find("-", h + 1)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _first_character_classes(pattern: str) -> list[re.Pattern[str]] | None:
    """Single-character patterns (case-insensitive) one of which the first character of any
    match of `pattern` matches; None when that cannot be told (the pattern may match nothing
    at all, or open with something this does not read). Look-arounds and anchors are read as
    matching anywhere: the classes may admit more characters than can start a match, never fewer."""
    try:
        items, nullable = _first_of_sequence(re_parser.parse(pattern, re.IGNORECASE))
    except _Unread:
        return None
    return None if nullable else [re.compile(item, re.IGNORECASE) for item in dict.fromkeys(items)]


class _Unread(Exception):
    """A pattern construct _first_character_classes does not read."""


_CATEGORIES = {
    re_constants.CATEGORY_DIGIT: r"\d", re_constants.CATEGORY_NOT_DIGIT: r"\D",
    re_constants.CATEGORY_SPACE: r"\s", re_constants.CATEGORY_NOT_SPACE: r"\S",
    re_constants.CATEGORY_WORD: r"\w", re_constants.CATEGORY_NOT_WORD: r"\W",
}  # fmt: skip


def _first_of_sequence(sequence: Any) -> tuple[list[str], bool]:
    """The character classes a match of `sequence` (parsed) may open with, and whether it may be empty."""
    found: list[str] = []
    for op, argument in sequence:
        items, nullable = _first_of_item(op, argument)
        found += items
        if not nullable:
            return found, False
    return found, True


def _first_of_item(op: Any, argument: Any) -> tuple[list[str], bool]:
    c = re_constants
    if op is c.LITERAL:
        return [re.escape(chr(argument))], False
    if op is c.IN:
        parts = []
        for kind, value in argument:
            if kind is c.LITERAL:
                parts.append(re.escape(chr(value)))
            elif kind is c.RANGE:
                parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
            elif kind is c.CATEGORY and value in _CATEGORIES:
                parts.append(_CATEGORIES[value])
            elif kind is c.NEGATE and not parts:
                parts.append("^")
            else:
                raise _Unread
        return ["[" + "".join(parts) + "]"], False
    if op is c.BRANCH:
        found, nullable = [], False
        for sequence in argument[1]:
            items, empty = _first_of_sequence(sequence)
            found += items
            nullable = nullable or empty
        return found, nullable
    if op is c.SUBPATTERN:
        return _first_of_sequence(argument[3])
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        items, nullable = _first_of_sequence(argument[2])
        return items, nullable or argument[0] == 0
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return [], True  # zero width: read as passing
    raise _Unread


# How much of a match `_openings` reads: pieces of one character (or of one repeated character
# class, "\s+"). Ten tell "the year" from "the new" and "at night" from "at the"; more make the
# trigger pattern slow to compile for little.
OPENING_PIECES = 10
_OPENINGS_PER_RULE = 3000  # past this many, a rule's openings stop growing (each ends where it is)
# What follows every match (_EXPRESSION_END), as far as it reads the same in the lower-cased text.
_OPENING_END = r"(?!\w)"


def _openings(pattern: str, size: int = OPENING_PIECES) -> set[tuple[str, ...]]:
    """How a match of `pattern` (case-insensitive, followed by _EXPRESSION_END) may open: tuples
    of pattern pieces, each one character (a literal or a class) or one class repeated, such
    that every match opens with the pieces of one tuple (a tuple ending short of `size` pieces:
    anything may follow; one ending with _OPENING_END: the match ends there).

    Read from the parsed pattern. What it does not read ends a tuple where it is (back
    references, a group repeated past `size`) and zero-width assertions other than a look-ahead
    read as passing, so the tuples may admit more than can match, never less."""
    c = re_constants
    done: set[tuple[str, ...]] = set()

    def extend(states: set[tuple[str, ...]], piece: str) -> set[tuple[str, ...]]:
        longer = {(*state, piece) for state in states}
        done.update(state for state in longer if len(state) >= size)
        return {state for state in longer if len(state) < size}

    def sequence(items: Any, states: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        for op, argument in items:
            if not states:
                break
            states = item(op, argument, states)
            if len(states) > _OPENINGS_PER_RULE:
                done.update(states)
                states = set()
        return states

    def item(op: Any, argument: Any, states: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
        piece = _piece(op, argument)
        if piece is not None:
            return extend(states, piece)
        if op is c.BRANCH:
            return set().union(*(sequence(branch, set(states)) for branch in argument[1]))
        if op is c.SUBPATTERN:
            return sequence(argument[3], states)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            least, most, body = argument
            single = _piece(*body[0]) if len(body) == 1 else None
            if single is not None:
                return extend(
                    states, single + _QUANTIFIERS.get((least, most), f"{{{least},{'' if most == c.MAXREPEAT else most}}}")
                )
            repeated, current = set(states) if least == 0 else set(), set(states)
            for count in range(1, size + 2):
                current = sequence(body, current)
                if count >= least:
                    repeated |= current
                if not current or count == most:
                    return repeated
            done.update(current)  # more repetitions than pieces read: the tuples end here
            return repeated
        if op is c.ASSERT and argument[0] == 1:
            done.update(sequence(argument[1], set(states)))  # a look-ahead: what follows opens as it says
            return set()
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return states
        done.update(states)
        return set()

    ended = sequence(re_parser.parse(pattern, re.IGNORECASE), {()})
    done.update((*state, _OPENING_END) for state in ended)
    return done


_QUANTIFIERS = {(0, re_constants.MAXREPEAT): "*", (1, re_constants.MAXREPEAT): "+", (0, 1): "?"}


def _piece(op: Any, argument: Any) -> str | None:
    """One character of a pattern, as a pattern of its own; None for anything else."""
    c = re_constants
    if op is c.LITERAL:
        return re.escape(chr(argument))
    if op is c.NOT_LITERAL:
        return f"[^{re.escape(chr(argument))}]"
    if op is c.ANY:
        return r"[\s\S]"
    if op is c.IN:
        try:
            return _first_of_item(op, argument)[0][0]
        except _Unread:
            return None
    return None


def _pieces_trie(openings: Iterable[tuple[str, ...]]) -> str:
    """A pattern matching where any of `openings` matches, factored on common first pieces."""
    tree: dict[str | None, dict] = {}
    for opening in openings:
        node = tree
        for piece in opening:
            node = node.setdefault(piece, {})
        node[None] = {}

    def emit(node: dict[str | None, dict]) -> str:
        branches = [piece + emit(child) for piece, child in sorted((p, n) for p, n in node.items() if p is not None)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if None in node else body

    return emit(tree)


class Tagger:
    """Compiled grammar. Build once, call `tag` many times (no per-call set-up)."""

    def __init__(self, language: Language):
        self.language = language
        self.writing = language.writing
        self.rules = language.rules
        # Most places in a text cannot start an expression. A cheap first pass over the
        # lower-cased text finds the ones that can (a digit, or a word some rule starts with,
        # matched through a character trie), and only there is the full grammar tried.
        self._scanner = self._scanner_of(range(len(self.rules)))
        # The full scanner tries every rule at a place; most rules cannot start with the character
        # there (a digit rules out two rules in three). Trying the rules that can, in the same order,
        # finds the rule the full one would, and its own match (with its groups) at once.
        self._opening = [_first_character_classes(r.pattern) for r in self.rules]
        self._rules_by_character: dict[str, tuple[int, ...]] = {}
        words = {w.lower().split()[0] for w in language.trigger_words}
        # The language's determiners are a large share of the places the cheap pass finds, and
        # few of them start an expression: there, the next word must be one the grammar
        # knows (every word written in a rule's pattern, or a trigger) or a number.
        determiners = sorted(words & language.writing.determiners)
        known = words | set(re.findall(r"[a-z]+", unfactored(self._scanner.pattern).lower()))
        before_known = rf"(?:{'|'.join(determiners)})[\s–-]+(?:\d|['’]\d|{_trie(sorted(known))}(?![a-z]))|" if determiners else ""
        others = sorted(words - language.writing.determiners)
        # Where a trigger is, the scanner fails two times in three ("at the", "this is", "100"):
        # the place must also open as some rule's match can (read from the rules' patterns).
        self._triggers: re.Pattern[str] | None = None
        if words:
            openings = _pieces_trie(set().union(*(_openings(r.pattern) for r in self.rules)))
            # A place after a character that no expression follows: that character is matched
            # (not looked behind at), so that the pattern opens with a character class and the
            # regex engine skips straight from one candidate to the next (most characters are
            # inside words); the place is the match's end (see _trigger_places).
            self._triggers = re.compile(
                r"[^\w$£€.-](?=" + before_known + r"\d|['’]\d|" + _trie(others) + r"(?![a-z]))" + f"(?=(?i:{openings}))"
            )
        self._compiled = tuple(re.compile(rf"(?:{r.pattern}){_EXPRESSION_END}", re.IGNORECASE) for r in self.rules)
        self._join_ranges = language.join_ranges

    def tag(self, text: str, published: date) -> list[TimeExpression]:
        ctx = Context(text=text, published=published, writing=self.writing)
        found: list[TimeExpression] = []
        # (After a space, which no expression follows: the text's first place has a character
        # before it too, as _trigger_places needs.)
        lowered = " " + text.lower()
        # str.lower() may change the length of rare characters ("İ"); then scan everything.
        triggers = self._triggers if self._triggers is not None and len(lowered) == len(text) + 1 else None
        search, match_here = self._scanner.search, self._match_here
        after_a_hyphen = self.writing.after_a_hyphen
        # The cheap pass skips every place after a hyphen (fast, and right nearly everywhere);
        # the few where an expression may start after one ("April-June") are listed apart.
        hyphens = [h + 1 for h in _hyphen_positions(text) if after_a_hyphen.match(text, h - 2)] if "-" in text else []
        pos = 0
        while True:
            # (the first rule that matches at a place, and its match when already made)
            hit: tuple[int, re.Match[str] | None] | None = None
            at = 0
            if triggers is None:
                scanned = search(text, pos)
                if scanned is not None:
                    hit, at = (int(scanned.lastgroup[1:]), None), scanned.start()  # type: ignore[index]
            else:
                for place in self._trigger_places(lowered, pos):
                    hit = match_here(text, place)
                    if hit is not None:
                        at = place
                        break
                if hyphens:  # an expression after a hyphen before that one comes first
                    h = bisect.bisect_left(hyphens, pos)
                    limit = at if hit is not None else len(text) + 1
                    while h < len(hyphens) and hyphens[h] < limit:
                        early = match_here(text, hyphens[h])
                        if early is not None:
                            hit, at = early, hyphens[h]
                            break
                        h += 1
            if hit is None:
                break
            if text[at - 1 : at] == "-" and not after_a_hyphen.match(text, at - 3):
                pos = at + 1  # "two-and-a-half weeks", "Reuda-now", "an M-1951 parka"
                continue
            first_rule, first_match = hit
            expression, rule = None, None
            # The first rule that matches here may still decline ("May" the verb); then the
            # later rules get their turn at the same place before the scan moves on.
            # (Only the rules that may start with the character there: the others cannot match.)
            for index in self._rules_starting(text[at]):
                if index < first_rule:
                    continue
                match = first_match if index == first_rule and first_match is not None else self._compiled[index].match(text, at)
                if match is None:
                    continue
                try:
                    reading = self.rules[index].build(match, ctx)
                except (ValueError, OverflowError):
                    reading = None  # a date outside the calendar ("125,000 years ago")
                if reading is not None:
                    rule = self.rules[index]
                    expression = self._make(text, match, reading, rule.name)
                    break
            if expression is None or rule is None:
                pos = at + 1
                continue
            found.append(expression)
            if expression.is_anchored and expression.granularity:
                ctx.reference = (expression.interval_start, expression.granularity)  # type: ignore[assignment]
                if expression.granularity == "quarter" and 0 <= (published - expression.interval_start).days < 370:  # type: ignore[operator]
                    ctx.reported_quarter = (expression.interval_start, expression.start)  # type: ignore[assignment]
                # Only what the text itself dates counts: a year written out, or a date counted
                # from the publication ("a June 5" or "9:58" placed for want of a year says nothing).
                written = _WRITTEN_YEAR.search(expression.text) is not None
                far = abs(expression.interval_start.year - published.year) >= 2  # type: ignore[union-attr]
                if written and far:
                    ctx.far_dates += 1
                elif not far and (written or rule.from_publication):
                    ctx.near_dates += 1
                if written:
                    ctx.story_year = expression.interval_start.year  # type: ignore[union-attr]
                elif rule.from_publication and abs(expression.interval_start.year - published.year) < 2:  # type: ignore[union-attr]
                    ctx.story_year = None  # "yesterday", "last week"; not "the next day" of the story
            pos = max(expression.end, at + 1)
        return self._join_ranges(text, found)

    def _trigger_places(self, lowered: str, pos: int) -> Iterator[int]:
        """The places of the text from `pos` on where the cheap pass says an expression may
        start (`lowered`: a space, then the text in lower case)."""
        # (Each match is the character before a place: in `lowered`, the text's own character
        # before it, or the space before the text's first.)
        for trigger in self._triggers.finditer(lowered, pos):  # type: ignore[union-attr]
            yield trigger.start()

    def _match_here(self, text: str, at: int) -> tuple[int, re.Match[str]] | None:
        """The rule the full scanner matches at `at` and that rule's own match (its groups): the
        first, in order, of the rules that may start with the character there to match."""
        if at >= len(text) or _START.match(text, at) is None:
            return None
        for index in self._rules_starting(text[at]):
            match = self._compiled[index].match(text, at)
            if match is not None:
                return index, match
        return None

    def _rules_starting(self, character: str) -> tuple[int, ...]:
        """The numbers of the rules a match of which may start with `character`, in order."""
        rules = self._rules_by_character.get(character)
        if rules is None:
            rules = self._rules_by_character[character] = tuple(
                i
                for i, opening in enumerate(self._opening)
                if opening is None or any(item.fullmatch(character) for item in opening)
            )
        return rules

    def _scanner_of(self, rules: Iterable[int]) -> re.Pattern[str]:
        """One alternation of the rules numbered `rules`, in that order, each a group named by
        its number (the match's `lastgroup` tells which rule matched)."""
        alternatives = "|".join(f"(?P<r{i}>{_NAMED_GROUP.sub('(?:', self.rules[i].pattern)})" for i in rules)
        return re.compile(rf"{_EXPRESSION_START}(?:{alternatives}){_EXPRESSION_END}", re.IGNORECASE)

    @staticmethod
    def _make(text: str, match: re.Match[str], reading: Reading, rule: str) -> TimeExpression | None:
        start, end = match.start() + reading.trim_start, match.end() - reading.trim_end
        while end > start and text[end - 1].isspace():
            end -= 1  # a pattern's optional tail ("2:17 " before "-RRB-") leaves no space in the span
        if start >= end:
            return None
        period = values.interval(reading.value) if reading.type in ("DATE", "TIME") else None
        granularity, first, last = period if period else (None, None, None)
        return TimeExpression(
            start=start,
            end=end,
            text=text[start:end],
            type=reading.type,
            value=reading.value,
            granularity=granularity,
            interval_start=first,
            interval_end=last,
            mod=reading.mod,
            rule=rule,
        )
