"""Page furniture and sentences that state nothing: every rule of timeline/furniture.toml is tested
by the examples written beside it, and the pipeline neither dates nor heads an event with them."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.mentions import FURNITURE, article_mentions, furniture_end, not_a_statement
from timeline.records import Article

PREFIXES = [(rule["name"], text, rest) for rule in FURNITURE["prefix"] for text, rest in rule["examples"]]
PREFIX_KEEPS = [(rule["name"], text) for rule in FURNITURE["prefix"] for text in rule.get("keeps", [])]
DROPS = [(rule["name"], text) for rule in FURNITURE["drop"] for text, _ in rule["examples"]]
DROP_KEEPS = [(rule["name"], text) for rule in FURNITURE["drop"] for text in rule.get("keeps", [])]


def test_every_rule_has_examples() -> None:
    for kind in ("prefix", "drop"):
        for rule in FURNITURE[kind]:
            assert rule["examples"] and rule.get("keeps"), rule["name"]


@pytest.mark.parametrize(("name", "text", "rest"), PREFIXES)
def test_furniture_opening_a_sentence_is_dropped(name: str, text: str, rest: str) -> None:
    assert text[furniture_end(text) :] == rest, name


@pytest.mark.parametrize(("name", "text"), PREFIX_KEEPS)
def test_a_sentence_without_furniture_is_kept_whole(name: str, text: str) -> None:
    assert furniture_end(text) == 0, name


@pytest.mark.parametrize(("name", "text"), DROPS)
def test_a_sentence_stating_nothing_is_dropped(name: str, text: str) -> None:
    assert not_a_statement(text) == name


@pytest.mark.parametrize(("name", "text"), DROP_KEEPS)
def test_a_statement_is_kept(name: str, text: str) -> None:
    assert not_a_statement(text) is None, name


def _mentions(text: str) -> list:
    return article_mentions(Article(id="a", text=text, published=date(2014, 3, 4)))


def test_a_wire_dateline_neither_dates_nor_opens_a_mention() -> None:
    mentions = _mentions("PERTH | Mon Mar 3, 2014 4:10 pm EST PERTH (Reuters) - Storms cut power to the city on Sunday.")
    [dated] = [m for m in mentions if m.time]
    assert dated.time.value == "2014-03-02"
    assert dated.sentence == "Storms cut power to the city on Sunday."


def test_questions_comments_and_instructions_make_no_mention() -> None:
    text = (
        "Will the mayor resign on Friday? Watch the debate live on Monday. "
        "March 3, 2014 at 2:10 pm | The mayor lied on Sunday. The mayor resigned on Monday."
    )
    assert [m.sentence for m in _mentions(text)] == ["The mayor resigned on Monday."]
