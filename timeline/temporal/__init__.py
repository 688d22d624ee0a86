"""Temporal tagging: find time expressions in a text and anchor them to its publication date.

>>> from datetime import date
>>> [(t.text, t.value) for t in tag("Huawei was banned last month.", date(2019, 6, 6))]
[('last month', '2019-05')]

The engine (engine.py) is language-neutral; a language is a package of its own (en/: its
grammar, word tables and writing conventions) that gives its engine.Language, loaded by
`load_language`.
"""

from __future__ import annotations

import importlib
from datetime import date
from functools import lru_cache

from timeline.records import TimeExpression
from timeline.temporal.engine import Language, Tagger

DEFAULT_LANGUAGE = "en"
# The languages the tagger knows, by code: the package that defines each (its LANGUAGE).
LANGUAGE_PACKAGES = {"en": "timeline.temporal.en"}


def load_language(code: str) -> Language:
    """The language `code`, imported on first use (a ValueError names the ones there are)."""
    package = LANGUAGE_PACKAGES.get(code)
    if package is None:
        raise ValueError(f"no temporal grammar for language {code!r} (there is: {', '.join(sorted(LANGUAGE_PACKAGES))})")
    language: Language = importlib.import_module(package).LANGUAGE
    return language


@lru_cache(maxsize=len(LANGUAGE_PACKAGES))
def default_tagger(language: str = DEFAULT_LANGUAGE) -> Tagger:
    """The news tagger of `language`, compiled once per process."""
    return Tagger(load_language(language))


def tag(text: str, published: date, language: str = DEFAULT_LANGUAGE) -> list[TimeExpression]:
    """Time expressions of `text`, in order, anchored to `published`."""
    return default_tagger(language).tag(text, published)


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGE_PACKAGES", "TimeExpression", "default_tagger", "load_language", "tag"]
