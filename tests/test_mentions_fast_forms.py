"""The faster forms in timeline/mentions.py read text as the plain forms they replaced did."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date

from hypothesis import example, given, settings
from hypothesis import strategies as st

from timeline import mentions
from timeline.extract import mentions_of_chunk
from timeline.records import Article

_PLAIN_LAST_WORD = re.compile(r"([\w.]+)\.$")
_PLAIN_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def _plain_split_sentences(text: str) -> Iterator[tuple[int, int]]:
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        for boundary in _PLAIN_SENTENCE_END.finditer(paragraph.group()):
            end = paragraph.start() + boundary.start()
            last = _PLAIN_LAST_WORD.search(text, max(start, end - 12), end)
            if last and (last.group(1).lower() in mentions._ABBREVIATIONS or len(last.group(1)) == 1):
                continue
            yield mentions._trim(text, start, end)
            start = paragraph.start() + boundary.end()
        yield mentions._trim(text, start, paragraph.end())


_PIECES = st.sampled_from(
    [".", "?", "!", "?!", "...", '"', "”", "’", ")", "]", "(", "“", " ", "  ", "\n", "\t", "Dr.", "U.S.", "a.", "X.", "5.", "2019",
     "He said", "The", "word", "ends", "é", "É", "Mr", "dr", "Inc", "e.g", "_", "abcdefghijklm"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=30), st.sampled_from(["", " "]))
@settings(max_examples=400, deadline=None)
def test_sentences_split_as_the_plain_look_behind_splits_them(pieces: list[str], separator: str) -> None:
    text = separator.join(pieces)
    assert list(mentions.split_sentences(text)) == list(_plain_split_sentences(text))


def _plain_read_names(book: mentions.NameBook) -> dict[str, str]:
    """NameBook._read_names reading every name every time it is met."""
    shouted = mentions._shouted(book.text)
    starts = [start for start, _ in shouted]
    names: dict[str, str] = {}
    for match in mentions._NAME.finditer(book.text):
        at = bisect_right(starts, match.start()) - 1
        if at >= 0 and match.start() < shouted[at][1]:
            continue
        words = [w for w in (mentions._bare(w) for w in match.group().split() if w not in mentions._NOT_ACTORS) if w]
        if len(words) > 1 and not any(w[0].isupper() and w.lower() in mentions.STOPWORDS for w in words):
            actor = " ".join(words)
            names.setdefault(actor.lower(), mentions._ALIASES.get(actor, actor))
        for word in words:
            lower = word.lower()
            if (
                len(word) > 1
                and lower not in mentions.STOPWORDS
                and word not in mentions._NOT_ACTORS
                and lower not in names
                and not book.writes_in_lower_case(word)
            ):
                names[lower] = mentions._ALIASES.get(word, word)
    return names


_NAME_PIECES = st.sampled_from(
    ["Huawei", "Huawei's", "MTS", "Bank of England", "Bank", "England", "The", "ties", "Ties", "STATEMENT BY THE FAMILY",
     "Has Now Signed A Deal", "5G", "Vladimir Putin", "Putin", "putin", "May", "A", "of", "the", ".", ",", "\n", "said"]
)  # fmt: skip


@given(st.lists(_NAME_PIECES, max_size=40))
@example(["STATEMENT BY THE FAMILY", ",", "MTS", "said", "MTS"])  # a name shouted, then written plainly
@settings(max_examples=300, deadline=None)
def test_names_read_once_each_are_the_names_read_every_time(pieces: list[str]) -> None:
    text = " ".join(pieces)
    book = mentions.NameBook(text)
    assert book._read_names() == _plain_read_names(mentions.NameBook(text))
    assert list(book._read_names()) == list(_plain_read_names(mentions.NameBook(text)))  # in the same order


def test_the_mentions_of_a_chunk_share_one_copy_of_each_term_and_actor() -> None:
    texts = [
        "Huawei signed a deal with MTS on June 5. The deal was signed in Moscow by Huawei's chief.",
        "MTS says Huawei signs deals every year. On June 6, Huawei was signing another in Moscow.",
    ]
    articles = [Article(id=str(n), text=text, published=date(2019, 6, 7)) for n, text in enumerate(texts)]
    result = mentions_of_chunk(articles)
    terms = [t for m in result.mentions for t in m.terms]
    actors = [a for m in result.mentions for a in m.actors]
    assert terms.count("sign") >= 3 and actors.count("Huawei") >= 3
    assert len({id(t) for t in terms}) == len(set(terms))
    assert len({id(a) for a in actors}) == len(set(actors))


def _plain_actors_of(text: str, book: mentions.NameBook | None) -> tuple[str, ...]:
    """actors_of with a match object for every name, as it was written first."""
    seen: dict[str, None] = {}

    def add(name: str) -> None:
        name = mentions._bare(name)
        name = mentions._ALIASES.get(name, name)
        if len(name) > 1 and name not in mentions._NOT_ACTORS and name.lower() not in mentions.STOPWORDS:
            seen.setdefault(name, None)

    shouted = mentions._shouted(text)
    if mentions._is_title_case(text):
        for name in book.known(mentions._WORD.findall(text)) if book else ():
            add(name)
        for word in mentions._TOKEN.finditer(text):
            bare = mentions._bare(word.group())
            if mentions._ACRONYM.fullmatch(bare) and not (shouted and mentions._inside(shouted, word.start())):
                add(bare)
        return tuple(seen)
    opening = len(text) - len(text.lstrip(" \"“‘'("))
    for match in mentions._NAME.finditer(text):
        if shouted and mentions._inside(shouted, match.start()):
            continue
        single, actor = mentions._name_actor(match.group())
        if book is not None and single is not None and match.start() == opening and book.writes_in_lower_case(single.strip(".'’")):
            continue
        if actor:
            seen.setdefault(actor, None)
    if book is not None:
        for start, end in shouted:
            for name in book.known(mentions._WORD.findall(text[start:end])):
                add(name)
    return tuple(seen)


_CLAUSE_PIECES = st.sampled_from(
    ["Ties", "ties", "Huawei", "huawei", "MTS", "5G", "STATEMENT BY THE FAMILY", "“", '"', "(", "'", "Bank of England", "The",
     "said", "on", "Monday", "Putin's", "U.S.", "A", "Deal", "With", "5", "x", ",", "."]
)  # fmt: skip


@given(st.lists(_CLAUSE_PIECES, max_size=16), st.lists(_CLAUSE_PIECES, max_size=30), st.booleans())
@example(["“", "Ties", "said"], ["ties"], True)  # a common word opening a quoted sentence
@example(["said", "Ties"], ["ties"], True)  # ... and one that does not open it
@example(["STATEMENT BY THE FAMILY", "Ties"], ["ties", "MTS"], True)
@settings(max_examples=400, deadline=None)
def test_actors_are_read_as_the_plain_loop_reads_them(clause: list[str], article: list[str], with_book: bool) -> None:
    text = " ".join(clause)
    book = mentions.NameBook(" ".join(article + clause)) if with_book else None
    plain_book = mentions.NameBook(" ".join(article + clause)) if with_book else None
    assert mentions.actors_of(text, book) == _plain_actors_of(text, plain_book)
