from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SHARED
from timeline.dedup import deduplicate
from timeline.headlines import _PREPOSITION, _without_trailing_preposition
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


def test_headline_keeps_who_said_a_quotation_and_is_never_cut_with_an_ellipsis() -> None:
    articles = [
        art("a", '"If the lights go out in the West, the East will still shine," Ren Zhengfei said in February.'),
        art("b", "Huawei " + "very " * 40 + "quickly expanded its research laboratories in Shenzhen in March."),
    ]
    headlines = {e.value: e.headline for e in deduplicate(extract_mentions(articles), articles)}
    assert headlines["2019-02"] == "Ren Zhengfei: If the lights go out in the West, the East will still shine"
    long = headlines["2019-03"]
    assert not long.endswith(("…", "...")) and len(long) <= 80 and long.startswith("Huawei very")


def test_a_plan_reaching_past_the_reports_is_future_but_this_weeks_remark_is_not() -> None:
    articles = [
        art("a", "MTS and Huawei will launch pilot 5G networks across Russia in 2019-2020."),
        art("b", "Huawei's chairman said this week that the company would sign a no-spy agreement."),
    ]
    future = {e.value: e.future for e in deduplicate(extract_mentions(articles), articles)}
    assert future == {"2019": True, "2019-W23": False}


def headlines_of(*texts: str) -> dict[str, str]:
    articles = [art(str(n), text) for n, text in enumerate(texts)]
    return {e.value: e.headline for e in deduplicate(extract_mentions(articles), articles)}


def test_a_coordinated_verb_phrase_headline_borrows_the_named_subject() -> None:
    headlines = headlines_of("Google suspended the licence in May, and unveiled its own operating system in August.")
    assert headlines == {"2019-05": "Google suspended the licence", "2019-08": "Google unveiled its own operating system"}


def test_a_headline_keeps_a_date_that_is_its_subject_and_reads_a_possessive_date_as_the() -> None:
    headlines = headlines_of(
        "Tomorrow will be a national day of mourning across Haiti.",
        "Hundreds of houses in Leogane were flattened by Wednesday's severe aftershock.",
    )
    assert headlines["2019-06-07"] == "Tomorrow will be a national day of mourning across Haiti"
    assert headlines["2019-06-05"] == "Hundreds of houses in Leogane were flattened by the severe aftershock"


def test_a_long_headline_drops_its_trailing_clause() -> None:
    headlines = headlines_of("The port closed its old ferry berth in May, moving the ferries to the new quay.")
    assert headlines["2019-05"] == "The port closed its old ferry berth"


def test_a_relative_clause_headline_reads_as_its_sentences_main_clause() -> None:
    headlines = headlines_of("Rescuers reached the town of Petit Goave, which was hit by a strong aftershock on Wednesday.")
    assert headlines["2019-06-05"] == "Rescuers reached the town of Petit Goave"


def test_sharing_only_the_city_does_not_make_one_event() -> None:
    articles = [
        art("a", "Xi Jinping arrived in Moscow on Wednesday for a three-day state visit to Russia."),
        art("b", "Huawei and MTS signed an agreement in Moscow on Wednesday to build 5G networks in Russia."),
        art("c", "The Shenzhen company Huawei signed the 5G agreement with MTS on Wednesday."),
    ]
    events = deduplicate(extract_mentions(articles), articles)
    assert sorted(e.sources for e in events) == [("a",), ("b", "c")]


def test_an_undated_headline_joins_the_news_it_names_not_the_plan_it_resembles() -> None:
    articles = [
        Article(
            "a",
            "Huawei and MTS signed the agreement in the Kremlin on Wednesday, with Xi Jinping and Vladimir Putin looking on.",
            date(2019, 6, 6),
        ),
        Article(
            "b",
            "MTS said the deal would cover the development of 5G networks and the launch of pilot networks in 2019-2020.",
            date(2019, 6, 6),
            title="Huawei signs deal to develop 5G networks with MTS",
        ),
    ]
    events = {e.value: e for e in deduplicate(extract_mentions(articles), articles)}
    assert [m.sentence for m in events["2019-06-05"].mentions if m.time is None] == ["Huawei signs deal to develop 5G networks with MTS"]
    assert all(m.time is not None for m in events["2019"].mentions)


def test_the_next_sentence_about_the_same_person_and_day_continues_the_event() -> None:
    story = (
        "Sarah was in Haiti on 20 January when an aftershock hit, measuring 6.1 on the Richter Scale. "
        '"It was at 6am in the morning so most people were still asleep," Sarah said. '
        "Mark Green flew back to London on 20 January."
    )
    articles = [art("a", story, date(2010, 1, 22))]
    events = deduplicate(extract_mentions(articles), articles)
    assert sorted(len(e.mentions) for e in events if e.value.startswith("2010-01-20")) == [1, 2]


def test_a_clause_that_is_only_its_date_is_headlined_by_its_sentence() -> None:
    headlines = headlines_of("He said he would step down, but at the beginning of next year.")
    assert headlines == {"2020": "He said he would step down"}


def test_merging_does_not_depend_on_pythons_hash_seed() -> None:
    """Two runs with different hash seeds (as two processes have) give the same timeline."""
    if not (SHARED / "eval" / "timeline17" / "t17" / "H1N1_bbc" / "articles.json").is_file():
        pytest.skip(f"Timeline17 not found under {SHARED} (../shared beside the project)")
    script = "from bench.t17 import load_topic; from timeline import build_timeline; from timeline.export import to_json; " \
             "print(to_json(build_timeline(load_topic('H1N1_bbc'))))"  # fmt: skip
    root = Path(__file__).resolve().parents[1]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.append(subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True, check=True).stdout)
    assert outputs[0] == outputs[1]


@given(st.lists(st.sampled_from(["in", "Since", "during", "within", "for", "of", " ", "\n", "\u2003", ",", "x"]), max_size=8).map("".join))
def test_a_trailing_preposition_is_cut_as_the_pattern_cuts_it(text: str) -> None:
    assert _without_trailing_preposition(text) == _PREPOSITION.sub("", text)
