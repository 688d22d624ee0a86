"""Temporal tagging: find time expressions in a text and anchor them to its publication date.

>>> from datetime import date
>>> [(t.text, t.value) for t in tag("Huawei was banned last month.", date(2019, 6, 6))]
[('last month', '2019-05')]
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from timeline.records import TimeExpression
from timeline.temporal.engine import Tagger
from timeline.temporal.grammar import RULES, TRIGGER_WORDS, join_ranges


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """The English news tagger, compiled once per process."""
    return Tagger(RULES, join_ranges, TRIGGER_WORDS)


def tag(text: str, published: date) -> list[TimeExpression]:
    """Time expressions of `text`, in order, anchored to `published`."""
    return default_tagger().tag(text, published)


__all__ = ["TimeExpression", "default_tagger", "tag"]
