"""Page furniture and sentences that state nothing: every rule of timeline/furniture.toml is tested
by the examples written beside it, and the pipeline neither dates nor heads an event with them."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.mentions import FURNITURE, article_mentions, furniture_end, not_a_statement, story_end
from timeline.records import Article

PREFIXES = [(rule["name"], text, rest) for rule in FURNITURE["prefix"] for text, rest in rule["examples"]]
PREFIX_KEEPS = [(rule["name"], text) for rule in FURNITURE["prefix"] for text in rule.get("keeps", [])]
DROPS = [(rule["name"], text) for rule in FURNITURE["drop"] for text, _ in rule["examples"]]
DROP_KEEPS = [(rule["name"], text) for rule in FURNITURE["drop"] for text in rule.get("keeps", [])]


def test_every_rule_has_examples() -> None:
    for kind in ("prefix", "drop", "comments"):
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
        "Will the mayor resign on Friday? Watch the debate live on Monday. The mayor resigned on Monday. "
        "March 3, 2014 at 2:10 pm | The mayor lied on Sunday."
    )
    assert [m.sentence for m in _mentions(text)] == ["The mayor resigned on Monday."]


COMMENT_SECTIONS = [(rule["name"], text, story) for rule in FURNITURE["comments"] for text, story in rule["examples"]]
COMMENT_KEEPS = [(rule["name"], text) for rule in FURNITURE["comments"] for text in rule["keeps"]]


@pytest.mark.parametrize(("name", "text", "story"), COMMENT_SECTIONS)
def test_readers_comments_are_cut_from_where_their_first_stamp_is(name: str, text: str, story: str) -> None:
    assert text[: story_end(text)] == story, name


@pytest.mark.parametrize(("name", "text"), COMMENT_KEEPS)
def test_a_page_without_a_comment_stamp_is_read_whole(name: str, text: str) -> None:
    assert story_end(text) == len(text), name


def test_readers_comments_neither_date_nor_head_an_event() -> None:
    page = (
        "The council reopened the old bridge on Monday after a year of repairs. "
        "At 09:14 3rd May 2012, riverfan wrote: I crossed it on 1 May 2012 and it was still shut. "
        "At 10:02 3rd May 2012, Ann_L wrote: The mayor promised it by 20 April."
    )
    mentions = article_mentions(Article(id="bridge", text=page, published=date(2012, 5, 2)))
    dated = [m for m in mentions if m.time is not None]
    assert [m.time.value for m in dated] == ["2012-04-30"]
    assert all("wrote" not in m.sentence and "mayor promised" not in m.sentence for m in mentions)


def test_an_update_note_inside_a_live_pages_run_of_entries_dates_nothing() -> None:
    page = (
        "Gunfire was heard in the harbour district, as well as in the old town. -- (Update 12:24 a.m. Monday in Lagos, "
        "6:24 p.m. ET) The army said it had sealed off the bridge on Sunday."
    )
    mentions = article_mentions(Article(id="live", text=page, published=date(2011, 1, 31)))
    assert [m.time.value for m in mentions if m.time is not None] == ["2011-01-30"]


def test_a_page_stamp_in_gmt_neither_dates_nor_heads_an_event() -> None:
    page = (
        "Bank shares slide 6 May 2011 Last updated at 14:02 GMT Help Shares in the bank fell on Thursday. "
        "12 May 11 18:37 GMT Prime Minister Ann Lee resigned on Tuesday."
    )
    mentions = article_mentions(Article(id="stamp", text=page, published=date(2011, 5, 6)))
    dated = [m for m in mentions if m.time is not None]
    assert [m.time.value for m in dated] == ["2011-05-05", "2011-05-03"]
    assert [m.sentence for m in dated] == ["Shares in the bank fell on Thursday.", "Prime Minister Ann Lee resigned on Tuesday."]


def test_a_credit_and_a_dateline_with_its_state_open_no_mention() -> None:
    page = "A diver in the bay. Harbour Police via AP PORT ELLIS, Fla. -- Divers recovered the barge on Monday."
    [dated] = [m for m in _mentions(page) if m.time is not None]
    assert dated.sentence == "Divers recovered the barge on Monday."
