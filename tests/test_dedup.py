from __future__ import annotations

from datetime import date

from timeline.dedup import deduplicate
from timeline.mentions import extract_mentions
from timeline.records import Article


def art(id_: str, text: str, published: date = date(2019, 6, 6)) -> Article:
    return Article(id=id_, text=text, published=published)


def test_same_event_across_articles_merges_and_keeps_sources() -> None:
    articles = [
        art("a", "Huawei and MTS signed a 5G agreement in Moscow on Wednesday.", date(2019, 6, 5)),
        art("b", "On Wednesday, Huawei and MTS signed the 5G agreement at the Kremlin in Moscow."),
        art("c", "Huawei signed a 5G agreement with MTS in Moscow, the company said."),
    ]
    events = deduplicate(extract_mentions(articles), articles)
    [signing] = events
    assert (signing.value, signing.granularity, signing.sources) == ("2019-06-05", "day", ("a", "b", "c"))


def test_repeated_paragraph_inside_one_article_is_one_mention_source() -> None:
    paragraph = "Nokia signed 12 new 5G contracts with carriers in Europe last month."
    articles = [art("a", paragraph + "\n\n" + paragraph)]
    [event] = deduplicate(extract_mentions(articles), articles)
    assert event.sources == ("a",) and len(event.mentions) == 2


def test_different_events_in_one_month_stay_apart() -> None:
    articles = [
        art("a", "President Donald Trump signed an executive order banning Huawei from US networks last month."),
        art("b", "Google suspended Huawei's licence to its Android operating system last month."),
    ]
    events = deduplicate(extract_mentions(articles), articles)
    assert sorted(e.value for e in events) == ["2019-05", "2019-05"]


def test_day_mention_fits_inside_month_mention() -> None:
    articles = [
        art("a", "Trump banned Huawei from US telecoms networks in May with an executive order."),
        art("b", "Trump banned Huawei from US telecoms networks on May 15 with an executive order."),
    ]
    [event] = deduplicate(extract_mentions(articles), articles)
    assert (event.value, event.granularity, event.sources) == ("2019-05-15", "day", ("a", "b"))


def test_future_events_are_marked() -> None:
    articles = [art("a", "The two leaders will attend an economic forum in St Petersburg on Friday.")]
    [event] = deduplicate(extract_mentions(articles), articles)
    assert event.value == "2019-06-07" and event.future


def test_headline_is_a_clause_cut_at_a_word_and_keeps_its_quotation_marks() -> None:
    articles = [
        art("a", '"If the lights go out in the West, the East will still shine," Ren Zhengfei said in February.'),
        art("b", "Huawei " + "very " * 40 + "quickly expanded its research laboratories in Shenzhen in March."),
    ]
    headlines = {e.value: e.headline for e in deduplicate(extract_mentions(articles), articles)}
    assert headlines["2019-02"] == '"If the lights go out in the West, the East will still shine," Ren Zhengfei said'
    long = headlines["2019-03"]
    assert long.endswith("…") and len(long) <= 101 and long[:-1].split()[-1] == "very"


def test_a_plan_reaching_past_the_reports_is_future_but_this_weeks_remark_is_not() -> None:
    articles = [
        art("a", "MTS and Huawei will launch pilot 5G networks across Russia in 2019-2020."),
        art("b", "Huawei's chairman said this week that the company would sign a no-spy agreement."),
    ]
    future = {e.value: e.future for e in deduplicate(extract_mentions(articles), articles)}
    assert future == {"2019": True, "2019-W23": False}
