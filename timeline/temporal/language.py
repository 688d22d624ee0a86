"""How a language writes what the tagging engine reads around an expression (`Writing`).

The engine (engine.py) scans, keeps a document's context and builds TimeExpression records; it
knows no word of any language. A language is a package beside this module (`en/` for English)
that gives an engine.Language: its grammar's rules, its range joiner, the words an expression
can start with, and its Writing: how it marks sentences, quotations and tense. See
docs/tagger.md, "Adding a language".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# (position, "past", "future" or "possible") of each tense marker of a sentence starting at an
# offset. "possible" is a weaker future ("could", "may"): it settles only the dates after it ("the
# well could be sealed by Sunday"), not one before it ("on Thursday, I could smell the oil").
TenseMarkers = Callable[[str, int], list[tuple[int, str]]]


@dataclass(frozen=True)
class Writing:
    """How a language writes what the engine reads around an expression."""

    # Where the sentences of a text end (offsets of their last character).
    sentence_ends: Callable[[str], list[int]]
    # The tense markers of a sentence; the nearest one settles an open date ("Monday", "March").
    tense_markers: TenseMarkers
    # Quotations, whose own tense markers decide inside them, and the quote marks at their ends.
    quotation: re.Pattern[str]
    quote_mark: re.Pattern[str]
    # Whether the past-tense marker at `verb` in `text` is a finite verb of an event that governs
    # the date at `date` ("was arrested on 28 July"), not a copula, a plan or a participle.
    dates_event_verb: Callable[[str, int, int], bool]
    # Whether the tense marker at a position is the conditional ("would"): in a history, the
    # future of a past moment rather than the reader's.
    is_conditional: Callable[[str, int], bool]
    # A word read backwards from a position: the letters before spaces and commas, reversed.
    word_before_reversed: re.Pattern[str]
    # Words so common before a date-free noun ("the", "a") that the engine tries the grammar
    # after them only when the next word is one the grammar knows.
    determiners: frozenset[str]
    # After a word's hyphen, what may start an expression (a range's second date: "April-June").
    after_a_hyphen: re.Pattern[str]
    # Whether the future marker at `marker` governs the date at `date` through the verb phrase
    # between them, whatever follows the date ("will meet him on Wednesday prepared to give
    # ground"). None: the nearest marker decides alone.
    governs_verb_phrase: Callable[[str, int, int], bool] | None = None
    # Whether the tense marker at `marker` after the date at `date` is the sentence's attribution
    # ("... depart on Saturday, a spokeswoman said"): the tense of the saying, not of what was
    # said, so a marker before the date decides. None: every marker counts.
    attributes: Callable[[str, int, int], bool] | None = None
