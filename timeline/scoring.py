"""TempEval-3 style scores for time expressions: strict and relaxed span F1, type and value F1.

Follows the official scorer's definitions: a relaxed match is any overlap, a strict match the
same span; attribute F1 counts, among relaxed matches, those whose attribute is right, against
the number of system and of gold expressions. Spans are compared on words, as the official
scorer compares tokens, so "Monday." and "Monday" are the same span.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

_TOKEN = re.compile(r"\w+|[^\w\s]")


class Span(Protocol):
    start: int
    end: int
    type: str
    value: str


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    type: int = 0
    value: int = 0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # (document, text, gold, system)

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "type", "value"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def f1(self, matched: int) -> tuple[float, float, float]:
        precision = matched / self.system if self.system else 0.0
        recall = matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def summary(self) -> dict[str, float]:
        result = {}
        for name in ("strict", "relaxed", "type", "value"):
            p, r, f = self.f1(getattr(self, name))
            result.update({f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f})
        return result


def _token_span(text: str, start: int, end: int, tokens: list[tuple[int, int]]) -> tuple[int, int]:
    covered = [i for i, (s, e) in enumerate(tokens) if s < end and e > start]
    return (covered[0], covered[-1] + 1) if covered else (-1, -1)


def score_document(name: str, text: str, gold: Sequence[Span], system: Sequence[Span]) -> Counts:
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    gold_spans = [_token_span(text, g.start, g.end, tokens) for g in gold]
    system_spans = [_token_span(text, s.start, s.end, tokens) for s in system]
    counts = Counts(gold=len(gold), system=len(system))
    used: set[int] = set()
    for g_index, (g_start, g_end) in enumerate(gold_spans):
        overlapping = [i for i, (s, e) in enumerate(system_spans) if i not in used and s < g_end and e > g_start]
        if not overlapping:
            continue
        exact = [i for i in overlapping if system_spans[i] == (g_start, g_end)]
        chosen = exact[0] if exact else overlapping[0]
        used.add(chosen)
        counts.relaxed += 1
        counts.strict += bool(exact)
        g, s = gold[g_index], system[chosen]
        counts.type += g.type == s.type
        if g.value == s.value:
            counts.value += 1
        else:
            counts.errors.append((name, text[g.start : g.end], g.value, s.value))
    return counts


def total(per_document: Iterable[Counts]) -> Counts:
    result = Counts()
    for counts in per_document:
        result.add(counts)
    return result
