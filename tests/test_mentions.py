from __future__ import annotations

from datetime import date

from timeline.mentions import actors_of, article_mentions, split_sentences
from timeline.records import Article


def article(text: str, title: str | None = None) -> Article:
    return Article(id="a", text=text, published=date(2019, 6, 6), title=title)


def test_sentences_do_not_break_at_abbreviations() -> None:
    text = "The U.S. ban hit Huawei. Dr. Mahathir praised it.\nA new line starts here."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The U.S. ban hit Huawei.",
        "Dr. Mahathir praised it.",
        "A new line starts here.",
    ]


def test_each_date_gives_a_mention_narrowed_to_its_clause() -> None:
    text = "Huawei has been under growing pressure since May, when the Trump administration banned US companies from selling it chips."
    [mention] = [m for m in article_mentions(article(text)) if m.time]
    assert mention.time and mention.time.value == "2019-05"
    assert mention.clause.startswith("when the Trump administration banned")


def test_subordinate_clause_does_not_date_the_main_one() -> None:
    text = "While the ban comes into force within three months, Google suspended Huawei's Android licence last month."
    [mention] = [m for m in article_mentions(article(text)) if m.time]
    assert mention.clause.startswith("Google suspended")


def test_undated_sentences_and_title_are_supporting_mentions() -> None:
    mentions = article_mentions(article("Huawei signed a deal with MTS in Moscow.", title="Huawei signs 5G deal"))
    assert [m.time for m in mentions] == [None, None]
    assert mentions[0].sentence == "Huawei signs 5G deal"


def test_page_furniture_is_not_a_statement() -> None:
    mentions = article_mentions(article("First published at 3:54 a.m. PT on Wednesday.\nSee all photos"))
    assert mentions == []


def test_actors() -> None:
    assert actors_of("Chinese President Xi Jinping met Vladimir Putin and MTS in Moscow") == (
        "Xi Jinping",
        "Vladimir Putin",
        "MTS",
        "Moscow",
    )


def test_two_dated_clauses_give_two_mentions() -> None:
    text = "Google suspended Huawei's Android licence in May, and Huawei unveiled its own operating system in August."
    mentions = [m for m in article_mentions(article(text)) if m.time]
    assert [(m.time.value, m.clause) for m in mentions if m.time] == [
        ("2019-05", "Google suspended Huawei's Android licence in May"),
        ("2019-08", "Huawei unveiled its own operating system in August."),
    ]


def test_one_date_written_twice_is_one_mention() -> None:
    text = "Xi spoke beside Putin in the Kremlin hall, as reported by The Guardian earlier today, 6 June."
    assert [m.time.value for m in article_mentions(article(text)) if m.time] == ["2019-06-06"]


def test_a_page_date_stamp_is_not_an_event() -> None:
    text = (
        "Jackson doctor trial Page last updated at 08:58 GMT, Thursday, 24 June 2010 09:58 UK "
        "The doctor was charged with involuntary manslaughter on 8 February."
    )
    assert [m.time.value for m in article_mentions(article(text)) if m.time] == ["2019-02-08"]


def test_a_title_case_headline_does_not_make_one_long_actor() -> None:
    assert actors_of("China's Huawei Has Now Signed A Deal To Develop 5G Network In Russia") == (
        "China",
        "Huawei",
        "Signed",
        "Deal",
        "Develop",
        "5G",
        "Network",
        "Russia",
    )
