"""The same article read twice (two links to one page, a page and its plain-text copy, a feed
entry and the saved page) counts once: same canonical URL, or near-identical text.

Near-identical is judged on word 3-grams with a bottom-k sketch (the k smallest 3-gram
hashes of a text estimate how much two texts share). Each new article is compared only with
the earlier ones that share one of its few smallest hashes, so a long stream costs little;
memory per article is its sketch, about half a kilobyte.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import defaultdict

from timeline.records import Article
from timeline.sources.urls import same_page_key

_WORD = re.compile(r"\w+")
_SHINGLE = 3
_SKETCH = 64  # hashes kept per text
_PROBES = 8  # of which the smallest few find candidates
THRESHOLD = 0.85  # estimated share of 3-grams above which two texts are one article


def _sketch(text: str) -> frozenset[int] | None:
    words = _WORD.findall(text.casefold())
    if len(words) < _SHINGLE:
        return None
    hashes = {
        int.from_bytes(hashlib.blake2b(" ".join(words[i : i + _SHINGLE]).encode(), digest_size=8).digest(), "big")
        for i in range(len(words) - _SHINGLE + 1)
    }
    return frozenset(heapq.nsmallest(_SKETCH, hashes))


def resemblance(a: frozenset[int], b: frozenset[int]) -> float:
    """Estimated Jaccard similarity of two texts' 3-gram sets from their sketches."""
    union_smallest = set(heapq.nsmallest(min(_SKETCH, len(a | b)), a | b))
    return len(union_smallest & a & b) / len(union_smallest)


class SeenArticles:
    """Remembers the articles let through; `same_as` names an earlier one the new one repeats."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._by_url: dict[str, str] = {}
        self._by_probe: dict[int, list[int]] = defaultdict(list)
        self._sketches: list[tuple[str, frozenset[int]]] = []

    def same_as(self, article: Article) -> tuple[str, str] | None:
        """(id of the earlier article, why) when `article` repeats it; else None, and it is remembered."""
        key = same_page_key(article.url)
        if key is not None and key in self._by_url:
            return self._by_url[key], "the same URL"
        sketch = _sketch(article.text)
        probes = heapq.nsmallest(_PROBES, sketch) if sketch else []
        if sketch is not None:
            candidates = {index for probe in probes for index in self._by_probe.get(probe, ())}
            best = max(((resemblance(sketch, self._sketches[i][1]), i) for i in candidates), default=(0.0, -1))
            if best[0] >= self.threshold:
                return self._sketches[best[1]][0], f"near-identical text ({best[0]:.0%} of word sequences shared)"
        if key is not None:
            self._by_url[key] = article.id
        if sketch is not None:
            for probe in probes:
                self._by_probe[probe].append(len(self._sketches))
            self._sketches.append((article.id, sketch))
        return None
