"""The near-duplicate sketch (timeline/sources/duplicates.py) hashes the 3-grams the plain loop hashed."""

from __future__ import annotations

import random
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.sources import duplicates


def _plain_sketch(text: str) -> tuple[frozenset[int], int] | None:
    words = duplicates._WORD.findall(text[: duplicates._HEAD_WORDS * 12].casefold())[: duplicates._HEAD_WORDS]
    if len(words) < duplicates._SHINGLE:
        return None
    hashes = {zlib.crc32(" ".join(words[i : i + duplicates._SHINGLE]).encode()) for i in range(len(words) - duplicates._SHINGLE + 1)}
    return frozenset(sorted(hashes)[: duplicates._SKETCH]), len(text)


@given(st.lists(st.sampled_from(["the", "Huawei", "signed", "ŞTRASSE", "straße", "5G", "a", "deal", ",", ".", "\n", "é"]), max_size=500))
@settings(max_examples=200, deadline=None)
def test_the_sketch_hashes_the_3_grams_the_plain_loop_hashed(words: list[str]) -> None:
    text = " ".join(words)
    assert duplicates._sketch(text) == _plain_sketch(text)


@given(st.lists(st.sampled_from(["a", "to", "Huawei", "telecommunications", "ŞTRASSE", "straße", ", ", "\n"]), min_size=300, max_size=900))
@settings(max_examples=40, deadline=None)
def test_the_sketch_of_a_long_text_reads_the_words_the_plain_loop_read(words: list[str]) -> None:
    # Texts whose first 400 words take more characters, and fewer, than the short window read first.
    text = " ".join(words)
    assert duplicates._sketch(text) == _plain_sketch(text)


def test_the_probe_table_finds_every_article_a_dict_of_lists_finds() -> None:
    draw = random.Random(7)
    # Spread hashes, a few shared by many articles, and the extremes; 5,000 make the table grow
    # (and re-file every probe) four times.
    probes = [draw.choice([draw.getrandbits(32), draw.choice([0, 7, 1024, 2048, 2**32 - 1])]) for _ in range(5000)]
    table, plain = duplicates._ProbeTable(), {}
    for number, probe in enumerate(probes):
        table.add(probe, number)
        plain.setdefault(probe, []).append(number)
    for probe in {*probes, 1, 2**31}:
        assert sorted(table.numbers(probe)) == plain.get(probe, [])
