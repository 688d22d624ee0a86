"""The same article read twice (two links to one page, a page and its plain-text copy, a feed
entry and the saved page) counts once: same canonical URL, or near-identical text.

Near-identical is judged on the word 3-grams of the first few hundred words with a bottom-k
sketch (the k smallest 3-gram hashes of a text estimate how much two texts share), and on
length (a short report is not the same article as a long one that starts alike). Each new
article is compared only with the earlier ones that share one of its few smallest hashes and
came out in the same week or the weeks either side, so a long stream costs little, even an
archive that re-runs a text every year; memory per article is its sketch, packed (256 bytes)
and unpacked only to compare, and its probes in a table of 8-byte slots: about half a kilobyte
in all (a million articles are read with half a gigabyte, not one and a half).

Texts published far apart are different reports even when they read alike (a story re-run
on its anniversary, a yearly archive); only copies published within a few days are one.
"""

from __future__ import annotations

import heapq
import re
import zlib
from array import array

from timeline.records import Article
from timeline.sources.urls import same_page_key

_WORD = re.compile(r"\w+")
_SHINGLE = 3
_HEAD_WORDS = 400  # copies of one article agree from the top; the head tells them apart cheaply
_SHORT_WORD = 7  # characters a word takes in most prose, with its space
_SKETCH = 64  # hashes kept per text
_PROBES = 8  # of which the smallest few find candidates
THRESHOLD = 0.85  # estimated share of 3-grams above which two texts are one article
COPY_WINDOW_DAYS = 7  # syndicated and re-posted copies appear within days of each other


def _probe_key(probe: int, week: int) -> int:
    """A probe hash within a week (of COPY_WINDOW_DAYS days): texts that read alike but came out
    far apart do not meet in the probe table, where the same key repeated across years made
    ever longer runs to walk (crc32 hashes are spread evenly, so the mix stays so)."""
    return (probe ^ (week * 0x9E3779B1)) & 0xFFFFFFFF


def _sketch(text: str) -> tuple[frozenset[int], int] | None:
    """The text's sketch and its length in characters."""
    # Most texts hold their first _HEAD_WORDS words in far fewer characters than the 12 a word
    # allowed for: a shorter window is read first, and is enough when a word follows the last
    # one wanted (then none of those was cut short by the window's end).
    words = _WORD.findall(text[: _HEAD_WORDS * _SHORT_WORD].casefold())
    if len(words) <= _HEAD_WORDS and len(text) > _HEAD_WORDS * _SHORT_WORD:
        words = _WORD.findall(text[: _HEAD_WORDS * 12].casefold())
    words = words[:_HEAD_WORDS]
    if len(words) < _SHINGLE:
        return None
    # crc32 (C, deterministic across runs) of each 3-gram: exact enough for a few hundred 3-grams.
    # (Mapped over the zipped words rather than sliced and joined in a loop: the same 3-grams, in C.)
    shingles = zip(*(words[i:] for i in range(_SHINGLE)), strict=False)  # shorter tails end it
    hashes = set(map(zlib.crc32, map(str.encode, map(" ".join, shingles))))
    return frozenset(sorted(hashes)[:_SKETCH]), len(text)


def resemblance(a: frozenset[int], b: frozenset[int]) -> float:
    """Estimated Jaccard similarity of two texts' 3-gram sets from their sketches."""
    union_smallest = set(heapq.nsmallest(min(_SKETCH, len(a | b)), a | b))
    return len(union_smallest & a & b) / len(union_smallest)


class _ProbeTable:
    """Probe hash -> the numbers of the articles whose sketch it opens, as an open-addressing
    table of 8-byte slots ((probe + 1) << 31 | number; 0 is empty), at most half full: a dict
    of lists takes about 160 bytes a probe, this 16 to 32, in one block freed at once."""

    _NUMBER_BITS = 31

    def __init__(self) -> None:
        self._slots = array("Q", bytes(8 * 1024))
        self._used = 0

    def add(self, probe: int, number: int) -> None:
        if 2 * (self._used + 1) > len(self._slots):
            entries = [entry for entry in self._slots if entry]
            self._slots = array("Q", bytes(16 * len(self._slots)))
            for entry in entries:
                self._put(entry)
        self._put((probe + 1) << self._NUMBER_BITS | number)
        self._used += 1

    def _put(self, entry: int) -> None:
        slots, mask = self._slots, len(self._slots) - 1
        at = (entry >> self._NUMBER_BITS) & mask  # (a probe is a hash: its low bits are spread evenly)
        while slots[at]:
            at = (at + 1) & mask
        slots[at] = entry

    def numbers(self, probe: int) -> list[int]:
        key, slots, mask = probe + 1, self._slots, len(self._slots) - 1
        at, found = key & mask, []
        while entry := slots[at]:
            if entry >> self._NUMBER_BITS == key:
                found.append(entry & ((1 << self._NUMBER_BITS) - 1))
            at = (at + 1) & mask
        return found


class SeenArticles:
    """Remembers the articles let through; `same_as` names an earlier one the new one repeats."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._by_url: dict[str, str] = {}
        self._by_probe = _ProbeTable()
        # Each sketch packed as 4-byte integers, one after another (a set of 64 Python ints would
        # take 4 KB an article), with its article's id, text length and publication day.
        self._ids: list[str] = []
        self._sketches = bytearray()
        self._sketch_ends = array("q")
        self._lengths = array("q")
        self._published = array("i")  # day ordinals

    def same_as(self, article: Article) -> tuple[str, str] | None:
        """(id of the earlier article, why) when `article` repeats it; else None, and it is remembered."""
        # A fetched page is known by its canonical URL and by the URL it was fetched from (its
        # path); a feed entry by its link: any of them in common is the same page.
        keys = {k for k in (same_page_key(article.url), same_page_key(article.path)) if k is not None}
        for key in keys:
            if key in self._by_url:
                return self._by_url[key], "the same URL"
        found = _sketch(article.text)
        probes = sorted(found[0])[:_PROBES] if found else []
        if found is not None:
            sketch, length = found
            published = article.published.toordinal()
            week = published // COPY_WINDOW_DAYS  # a copy within the window came out this week or one either side
            candidates = {
                index
                for near in (week - 1, week, week + 1)
                for probe in probes
                for index in self._by_probe.numbers(_probe_key(probe, near))
            }
            best, best_index = 0.0, -1
            for index in sorted(candidates):
                other_length = self._lengths[index]
                if min(length, other_length) < self.threshold * max(length, other_length):
                    continue
                if abs(published - self._published[index]) > COPY_WINDOW_DAYS:
                    continue
                start = self._sketch_ends[index - 1] if index else 0
                alike = resemblance(sketch, frozenset(array("I", self._sketches[start : self._sketch_ends[index]])))
                if alike > best:
                    best, best_index = alike, index
            if best >= self.threshold:
                return self._ids[best_index], f"near-identical text ({best:.0%} of word sequences shared)"
        for key in keys:
            self._by_url[key] = article.id
        if found is not None:
            for probe in probes:
                self._by_probe.add(_probe_key(probe, week), len(self._ids))
            self._ids.append(article.id)
            self._sketches += array("I", sorted(found[0])).tobytes()
            self._sketch_ends.append(len(self._sketches))
            self._lengths.append(found[1])
            self._published.append(published)
        return None
