"""Properties of the tagger over any text: it never crashes, spans are honest, intervals sane."""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import default_tagger, engine, patterns, tag, values
from timeline.temporal.en import LANGUAGE, lexicon, writing
from timeline.temporal.en.grammar import RANGE_EXAMPLES, RULES, TRIGGER_WORDS
from timeline.temporal.engine import Tagger

from .conftest import SHARED

TEMPORAL_WORDS = st.sampled_from(
    [
        "last",
        "next",
        "this",
        "the",
        "a",
        "few",
        "two",
        "12",
        "2019",
        "1998-99",
        "May",
        "June",
        "Thursday",
        "Wednesday",
        "month",
        "year",
        "week",
        "weeks",
        "ago",
        "since",
        "early",
        "late",
        "mid-",
        "quarter",
        "third-quarter",
        "Q2",
        "today",
        "yesterday",
        "3:54",
        "a.m.",
        "p.m.",
        ",",
        ".",
        "-",
        "–",
        "/",
        "5",
        "31",
        "30",
        "'90s",
        "fiscal",
        "every",
        "now",
        "and",
        "in",
        "to",
        "from",
        "between",
        "Christmas",
        "İ",
        "ß",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(TEMPORAL_WORDS, st.text(max_size=6)), max_size=40).map(" ".join),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, published=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_any_text_gives_honest_expressions(text: str, published: date) -> None:
    for expression in tag(text, published):
        assert 0 <= expression.start < expression.end <= len(text)
        assert text[expression.start : expression.end] == expression.text
        if expression.interval_start is not None:
            assert expression.interval_end is not None and expression.interval_start < expression.interval_end
            period = values.interval(expression.value)
            assert period is not None and period[0] == expression.granularity
        if expression.type == "DURATION":
            assert expression.value.startswith("P") and expression.interval_start is None


@functools.cache
def _reference_tagger() -> Tagger:
    """The same grammar without the trigger pre-filter: it tries every position."""
    return Tagger(dataclasses.replace(LANGUAGE, trigger_words=frozenset()))


@given(text=TEXTS)
@settings(max_examples=200, deadline=None)
def test_trigger_prefilter_loses_nothing_on_random_text(text: str) -> None:
    assert default_tagger().tag(text, date(2019, 6, 6)) == _reference_tagger().tag(text, date(2019, 6, 6))


def test_trigger_prefilter_loses_nothing_on_examples_and_news() -> None:
    texts = [e.sentence for rule in RULES for e in rule.examples] + [e.sentence for e in RANGE_EXAMPLES]
    tbaq = SHARED / "eval" / "tbaq-cleaned" / "TBAQ-cleaned"
    if tbaq.is_dir():
        from timeline import timeml

        texts += [timeml.read(p).text for p in sorted(tbaq.glob("*/*.tml"))[:80]]
    reference = _reference_tagger()
    for text in texts:
        assert default_tagger().tag(text, date(2019, 6, 6)) == reference.tag(text, date(2019, 6, 6)), text[:80]
    assert TRIGGER_WORDS


@pytest.mark.parametrize(
    "value", ["2019-05", "2019-W23", "2019-Q2", "2019-H1", "2019-SU", "2019", "201", "20", "2019-06-05T03:54"]
)
def test_values_have_their_own_granularity(value: str) -> None:
    period = values.interval(value)
    assert period is not None and period[1] < period[2]


def test_impossible_dates_are_not_calendar_values() -> None:
    assert values.interval("2019-02-30") is None and values.interval("P3M") is None and values.interval("PRESENT_REF") is None


def _same_match_everywhere(text: str) -> None:
    tagger = default_tagger()
    for at in range(len(text) + 1):
        full, dispatched = tagger._scanner.match(text, at), tagger._match_here(text, at)
        expected = (full.span(), int(full.lastgroup[1:])) if full and full.lastgroup else None
        assert (dispatched and (dispatched[1].span(), dispatched[0])) == expected, (text, at)


@given(text=TEXTS)
@settings(max_examples=200, deadline=None)
def test_the_scanner_of_a_character_matches_as_the_scanner_of_every_rule(text: str) -> None:
    _same_match_everywhere(text)


def test_the_scanner_of_a_character_matches_as_the_scanner_of_every_rule_on_the_examples() -> None:
    for text in [e.sentence for rule in RULES for e in rule.examples] + [e.sentence for e in RANGE_EXAMPLES]:
        _same_match_everywhere(text)


_WORD_LISTS = [
    sorted({w for tense in ("future", "past") for w in lexicon.TABLES["tense"][tense]}),
    sorted(lexicon.MONTHS),
    sorted([*lexicon.UNITS, *lexicon.UNIT_PLURALS]),
    sorted(lexicon.NUMBERS),
    sorted(lexicon.MODS),
]
_PIECES = [*sorted({w for words in _WORD_LISTS for w in words}), " ", "\n", "signed", "next to", "x", "ſ", "-", "s", "."]


@given(st.sampled_from(range(len(_WORD_LISTS))), st.lists(st.sampled_from(_PIECES), max_size=6), st.booleans())
@settings(max_examples=400, deadline=None)
def test_a_factored_alternation_matches_as_the_plain_one(which: int, pieces: list[str], upper: bool) -> None:
    text = " ".join(pieces).upper() if upper else " ".join(pieces)
    words = _WORD_LISTS[which]
    plain = re.compile(rf"(?<![\w'])(?P<w>{patterns.plain_alternation(words)})(?!\w)", re.IGNORECASE)
    factored = re.compile(rf"(?<![\w'])(?P<w>{patterns.factored_alternation(words)})(?!\w)", re.IGNORECASE)
    assert [m.span() for m in plain.finditer(text)] == [m.span() for m in factored.finditer(text)]
    assert [m.span() for m in re.compile(patterns.plain_alternation(words)).finditer(text)] == [
        m.span() for m in re.compile(patterns.factored_alternation(words)).finditer(text)
    ]


def test_the_known_words_are_read_from_the_alternations_written_out() -> None:
    pattern = default_tagger()._scanner.pattern
    assert "january" not in re.findall(r"[a-z]+", pattern.lower())  # factored: "jan(?:uary)?"
    assert "january" in re.findall(r"[a-z]+", patterns.unfactored(pattern).lower())


_EXPRESSIONS = sorted({e.text for rule in RULES for e in rule.examples} | {e.text for e in RANGE_EXAMPLES})
# Rule examples' expressions run together with temporal words and awkward characters: most places
# here start a match of some rule, and some start one of several.
MATCHING_TEXTS = st.tuples(
    st.lists(
        st.one_of(st.sampled_from(_EXPRESSIONS), TEMPORAL_WORDS, st.sampled_from(["ſ", "K", "ı", "x", "'", "“"])), max_size=12
    ),
    st.sampled_from([" ", "-", ", ", "\n", "  ", ""]),
    st.sampled_from([str, str.upper, str.lower, str.title]),
).map(lambda parts: parts[2](parts[1].join(parts[0])))


@functools.cache
def _openings_pattern() -> re.Pattern[str]:
    return re.compile(f"(?i:{engine._pieces_trie(set().union(*(engine._openings(r.pattern) for r in RULES)))})")


def _every_match_opens_as_read(text: str, openings: re.Pattern[str]) -> None:
    scanner = default_tagger()._scanner
    lowered = text.lower()
    for at in range(len(text) + 1):
        if scanner.match(text, at):
            assert openings.match(text, at), (text, at)
            if len(lowered) == len(text):  # the trigger pass reads the lower-cased text
                assert openings.match(lowered, at), (text, at)


@given(text=st.one_of(TEXTS, MATCHING_TEXTS))
@settings(max_examples=300, deadline=None)
def test_every_match_opens_as_the_rules_openings_say(text: str) -> None:
    _every_match_opens_as_read(text, _openings_pattern())


def test_every_match_in_the_examples_opens_as_the_rules_openings_say() -> None:
    openings = _openings_pattern()
    for text in [e.sentence for rule in RULES for e in rule.examples] + [e.sentence for e in RANGE_EXAMPLES]:
        _every_match_opens_as_read(text, openings)
        _every_match_opens_as_read(text.upper(), openings)


def test_the_openings_turn_down_places_a_trigger_word_finds() -> None:
    openings = _openings_pattern()
    assert openings.match("at night") and openings.match("the year") and openings.match("2019")
    assert not openings.match("at the door") and not openings.match("the new rules") and not openings.match("100 people")


_PLAIN_SENTENCE_END_CANDIDATE = re.compile(r"\n|[.?!](?= )")


def _plain_sentence_ends(text: str) -> list[int]:
    return [
        m.start()
        for m in _PLAIN_SENTENCE_END_CANDIDATE.finditer(text)
        if m.group() != "."
        or not (
            writing.ABBREVIATION_BEFORE.search(text, max(0, m.start() - 12), m.start() + 1)
            or writing.NUMBER_SIGN.match(text, max(0, m.start() - 2))
        )
    ]


_SENTENCE_PIECES = st.sampled_from(
    ["Mr.", "mr.", "U.S.", "u.s.a.", "Jan.", "jan.", "Sept.", "Thurs.", "no.", "No.", "NO.", "5", "said.", "signed.", "abcdef.",
     "a.", "X.", ".", "?", "!", "\n", " ", "  ", "vs.", "Inc.", "ſt.", "K.", "2019.", "'", "“", "word", "É.", "é"]
)  # fmt: skip


@given(st.lists(_SENTENCE_PIECES, max_size=30), st.sampled_from([" ", "", "\n"]))
@settings(max_examples=400, deadline=None)
def test_sentence_ends_are_found_as_the_plain_search_finds_them(pieces: list[str], separator: str) -> None:
    text = separator.join(pieces)
    assert writing.sentence_ends(text) == _plain_sentence_ends(text)


_PLAIN_WORD_BEFORE = re.compile(r"([A-Za-z']+)[\s,]*$")


@given(
    st.lists(st.sampled_from(["word", "May", "it's", "ended", ",", " ", "\n", "\u2003", "5", "é", "'", "x" * 45]), max_size=20)
)
@settings(max_examples=300, deadline=None)
def test_the_word_before_a_place_is_read_as_the_plain_search_reads_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    context = engine.Context(text=text, published=date(2019, 6, 6), writing=writing.WRITING)
    for pos in range(len(text) + 1):
        plain = _PLAIN_WORD_BEFORE.search(text, max(0, pos - 40), pos)
        assert context.word_before(pos) == (plain.group(1).lower() if plain else ""), (text, pos)
