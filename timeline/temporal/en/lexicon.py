"""Loads lexicon.toml and turns its tables into regular-expression macros for the grammar."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

from timeline.temporal.patterns import alternation

with resources.files("timeline.temporal.en").joinpath("lexicon.toml").open("rb") as _file:
    TABLES = tomllib.load(_file)

MONTHS: dict[str, int] = TABLES["months"]
WEEKDAYS: dict[str, int] = TABLES["weekdays"]
NUMBERS: dict[str, float] = TABLES["numbers"]
VAGUE_NUMBERS: dict[str, str] = TABLES["vague_numbers"]
ORDINALS: dict[str, int] = TABLES["ordinals"]
UNITS: dict[str, str] = TABLES["units"]
TIME_UNITS: dict[str, bool] = TABLES["time_units"]
UNIT_PLURALS: dict[str, str] = TABLES["unit_plurals"]
SEASONS: dict[str, str] = TABLES["seasons"]
SEASON_NAME_WORDS: frozenset[str] = frozenset(TABLES["season_names"]["words_before"])
PARTS_OF_DAY: dict[str, str] = TABLES["parts_of_day"]
INFORMAL_DAYS: dict[str, str] = TABLES["informal_days"]
GENERIC_AFTER_DEICTIC: frozenset[str] = frozenset(TABLES["generic_after_deictic"]["words"])
MODS: dict[str, str] = TABLES["mods"]
SIGNAL_MODS: dict[str, str] = TABLES["signal_mods"]
HOLIDAYS: dict[str, str] = TABLES["holidays"]
TRIGGERS: list[str] = TABLES["triggers"]["words"]


_ABBREVIATED = [m for m in MONTHS if len(m) <= 4 and m not in ("may", "june", "july")]
MONTH = "(?:" + alternation([m for m in MONTHS if m not in _ABBREVIATED]) + "|" + alternation(_ABBREVIATED) + r"\.?)"
WEEKDAY = (
    "(?:"
    + alternation([d for d in WEEKDAYS if d.endswith("day")])
    + "|"
    + alternation([d for d in WEEKDAYS if not d.endswith("day")])
    + r"\.?)"
)
_TENS = alternation(w for w in NUMBERS if w.endswith("ty"))
_SMALL = alternation(w for w in NUMBERS if isinstance(NUMBERS[w], int) and 0 < NUMBERS[w] < 10 and " " not in w and len(w) > 2)
NUMBER_WORD = rf"(?:{_TENS}(?:[\s-]{_SMALL})?|{alternation(NUMBERS)})"
NUMBER = rf"(?:\d+\s+[1-3]/[234]|\d+(?:[.,]\d+)?|{NUMBER_WORD}|{alternation(VAGUE_NUMBERS)})"
UNIT = alternation(list(UNITS) + list(UNIT_PLURALS))
SEASON = alternation(SEASONS)
PART_OF_DAY = alternation(PARTS_OF_DAY)
ORDINAL = alternation(ORDINALS)
YEAR = r"(?:1[0-9]\d\d|20\d\d)"
DAY_OF_MONTH = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

# Tense markers, for the expressions the calendar alone leaves open ("Monday", "March"): the
# marker nearest the expression, outside quotations, decides.
TENSE_RE = re.compile(
    r"(?<![\w'])(?:(?P<future>"
    + alternation(TABLES["tense"]["future"])
    + r")|(?P<possible>(?-i:"
    + alternation(TABLES["tense"]["possible"])
    # (not "could not", "could have", nor the past of the senses: "shots could be heard on Friday")
    + r")(?!\s+(?:not|have|never)\b|['’]ve|\s+(?:be\s+)?(?:heard|seen|smelt|smelled|felt|hear|smell|feel)\b)"
    + r")|(?P<past>"
    + alternation(TABLES["tense"]["past"])
    # a past form in "-ed", written in lower case ("United", "Red" are names) and not one of
    # the few other words that end so ("hundred", "indeed", "proceed")
    + r"|(?-i:(?!(?:hundred|indeed|proceed|succeed|exceed|speed|kindred|sacred|naked|wicked)\b)[a-z]{3,}ed)))"
    + r"(?![\w-])(?!(?<=next)\s+to\b)",  # "next to the embassy" is a place; "would-be", "left-wing" no verbs
    re.IGNORECASE,
)
# Quotations: "...", “...”, and the ``...'' and ''...'' of wire copy.
QUOTATION_RE = re.compile(r"\"[^\"]*\"|“[^”]*”|``[^`]*?''|''[^'`]*?''")


def number_value(word: str) -> float | str | None:
    """The quantity a counting word stands for: a number, "X" when vague, None if not a count."""
    word = re.sub(r"\s+", " ", word.lower().strip())
    if word in VAGUE_NUMBERS:
        return "X"
    if word in NUMBERS:
        return NUMBERS[word]
    parts = re.split(r"[\s-]", word)
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    fraction = re.fullmatch(r"(\d+)\s+([1-3])/([234])", word)
    if fraction:  # "5 1/2"
        return int(fraction[1]) + int(fraction[2]) / int(fraction[3])
    try:
        return float(word.replace(",", "")) if "." in word else int(word.replace(",", ""))
    except ValueError:
        return None


def unit_name(word: str) -> str:
    """Singular unit name of a unit word ("years" -> "year")."""
    word = word.lower()
    return UNIT_PLURALS.get(word, word)


# Years said in words, as broadcast transcripts write them: "nineteen ninety-six",
# "nineteen oh five", "two thousand", "two thousand and one".
_UNITS_WORDS = [w for w in NUMBERS if isinstance(NUMBERS[w], int) and 1 <= NUMBERS[w] <= 9 and " " not in w and len(w) > 2]
_TEENS_WORDS = [w for w in NUMBERS if isinstance(NUMBERS[w], int) and 10 <= NUMBERS[w] <= 19]
_TENS_WORDS = [w for w in NUMBERS if w.endswith("ty")]
_CENTURY_WORDS = {"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
SPELLED_YEAR = (
    rf"(?:{alternation(_CENTURY_WORDS)}\s+(?:hundred|oh[\s-]+{alternation(_UNITS_WORDS)}|{alternation(_TENS_WORDS)}(?:[\s-]{alternation(_UNITS_WORDS)})?"
    rf"|{alternation(_TEENS_WORDS)})|two\s+thousand(?:\s+(?:and\s+)?(?:{alternation(_TEENS_WORDS)}|{alternation(_UNITS_WORDS)}))?)"
)


def spelled_year(words: str) -> int | None:
    """The year a spelled-out year stands for ("nineteen ninety-six" -> 1996), else None."""
    parts = [p for p in re.split(r"[\s-]+", words.lower()) if p not in ("and", "oh")]
    if len(parts) >= 2 and parts[0] == "two" and parts[1] == "thousand":
        return 2000 + sum(int(NUMBERS[p]) for p in parts[2:] if p in NUMBERS)
    if not parts or parts[0] not in _CENTURY_WORDS:
        return None
    if parts[1:] == ["hundred"]:
        return _CENTURY_WORDS[parts[0]] * 100
    if not all(p in NUMBERS for p in parts[1:]):
        return None
    return _CENTURY_WORDS[parts[0]] * 100 + sum(int(NUMBERS[p]) for p in parts[1:])
