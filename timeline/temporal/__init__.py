"""Temporal tagging: find time expressions in a text and anchor them to its publication date.

>>> from datetime import date
>>> [(t.text, t.value) for t in tag("Huawei was banned last month.", date(2019, 6, 6))]
[('last month', '2019-05')]

The engine (engine.py) is language-neutral; a language is a package of its own (en/: its
grammar, word tables and writing conventions), loaded by language.load_language.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from timeline.records import TimeExpression
from timeline.temporal.engine import Tagger
from timeline.temporal.language import LANGUAGE_PACKAGES, load_language

DEFAULT_LANGUAGE = "en"


@lru_cache(maxsize=len(LANGUAGE_PACKAGES))
def default_tagger(language: str = DEFAULT_LANGUAGE) -> Tagger:
    """The news tagger of `language`, compiled once per process."""
    return Tagger(load_language(language))


def tag(text: str, published: date, language: str = DEFAULT_LANGUAGE) -> list[TimeExpression]:
    """Time expressions of `text`, in order, anchored to `published`."""
    return default_tagger(language).tag(text, published)


__all__ = ["DEFAULT_LANGUAGE", "TimeExpression", "default_tagger", "tag"]
