"""English: the grammar's rules and examples (grammar.py), its word tables (lexicon.toml,
loaded by lexicon.py) and how English writes sentences, quotations and tense (writing.py)."""

from timeline.temporal.en.grammar import RULES, TRIGGER_WORDS, join_ranges
from timeline.temporal.en.writing import WRITING
from timeline.temporal.engine import Language

LANGUAGE = Language(code="en", rules=RULES, join_ranges=join_ranges, trigger_words=TRIGGER_WORDS, writing=WRITING)

__all__ = ["LANGUAGE"]
