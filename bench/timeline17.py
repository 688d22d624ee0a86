"""Date selection on Timeline17: Date-F1 of our timelines against the gold ones.

    python bench/timeline17.py [--topics H1N1_bbc haiti_bbc MJ_bbc] [--explain]

For each topic with a gold timeline (../shared/eval/timeline17; see bench/t17.py), the timeline
is built from all of the topic's articles, exactly as `timeline build` would, and its events are
read most salient first; the dates of day-level events are kept until there are as many as the
gold timeline has dates (a daily timeline, as in the task). Date-F1 is the F1 of those dates
against the gold dates, counting only exact matches (as tilse and news-tls do; with as many
dates as the gold, precision, recall and F1 are equal). The published figure to compare with:
news-tls DATEWISE (Gholipour Ghalandari and Ifrim, ACL 2020), Date-F1 0.544 over all of T17.
Writes bench/results/timeline17.md. With --explain, also lists for each topic the dates picked
(gold or not, with the picked event's headline, sources and salience) and the gold dates missed
(with the rank of their best day-level event) in bench/results/timeline17-explain.md: where a
wrong date comes from is what to fix. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.t17 import GOLD_TOPICS, gold_dates, load_topic
from timeline import salience
from timeline.pipeline import build_timeline
from timeline.records import Event

RESULTS = Path(__file__).resolve().parent / "results"
PUBLISHED_DATEWISE = 0.544


def date_f1(predicted: set[date], gold: set[date]) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def top_dates(events: list[Event], count: int) -> list[date]:
    """The dates of the most salient day-level events, without repeats, `count` of them."""
    dates: list[date] = []
    for event in salience.ranked(events):
        if event.end - event.start == timedelta(days=1) and event.start not in dates:
            dates.append(event.start)
            if len(dates) == count:
                break
    return dates


def explain(topic: str, events: list[Event], gold: set[date]) -> list[str]:
    """The picked dates against the gold ones, and where each missed gold date ranks."""
    best: dict[date, tuple[int, Event]] = {}
    for event in salience.ranked(events):
        if event.end - event.start == timedelta(days=1) and event.start not in best:
            best[event.start] = (len(best), event)
    picked = top_dates(events, len(gold))

    def row(day: date) -> str:
        rank, event = best[day]
        headline = event.headline.replace("|", "/")[:100]
        return f"| {rank + 1} | {day} | {'yes' if day in gold else 'no'} | {len(event.sources)} | {event.salience:g} | {headline} |"

    missed = sorted(gold - set(picked))
    return [
        f"## {topic}: {len(set(picked) & gold)} of {len(gold)} gold dates picked",
        "",
        "| rank | date | gold | sources | salience | headline of its best event |",
        "| --- | --- | --- | --- | --- | --- |",
        *(row(day) for day in picked),
        "",
        f"Gold dates missed ({len(missed)}):",
        "",
        "| rank | date | gold | sources | salience | headline of its best event |",
        "| --- | --- | --- | --- | --- | --- |",
        *(row(day) if day in best else f"| - | {day} | yes | 0 | 0 | (no day-level event) |" for day in missed),
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", nargs="+", default=list(GOLD_TOPICS))
    parser.add_argument("--explain", action="store_true", help="list picked and missed dates per topic")
    args = parser.parse_args()
    rows = []
    explained: list[str] = []
    for topic in args.topics:
        articles = load_topic(topic)
        timelines = gold_dates(topic)
        if not articles or not timelines:
            sys.exit(f"error: {topic}: articles or gold timeline not found under ../shared/eval/timeline17")
        started = time.perf_counter()
        events = list(build_timeline(articles).events)
        seconds = time.perf_counter() - started
        for number, gold in enumerate(timelines, 1):
            predicted = set(top_dates(events, len(gold)))
            p, r, f1 = date_f1(predicted, gold)
            rows.append((topic, number, len(articles), len(gold), len(events), p, r, f1, seconds))
            if args.explain:
                explained += explain(topic, events, gold)
            print(f"{topic} (gold {number}): {len(gold)} gold dates, {len(events)} events, Date-F1 {f1:.3f} ({seconds:.1f} s)")
    mean = sum(row[7] for row in rows) / len(rows)
    lines = [
        "Date selection on Timeline17 (`python bench/timeline17.py`): Date-F1, exact date match, "
        "as many dates as the gold timeline has.",
        "",
        "| topic | articles | gold dates | events built | Date-F1 | seconds |",
        "| --- | --- | --- | --- | --- | --- |",
        *(f"| {t} | {a:,} | {g} | {e:,} | {f1:.3f} | {s:.1f} |" for t, _, a, g, e, _, _, f1, s in rows),
        f"| mean | | | | **{mean:.3f}** | |",
        "",
        f"news-tls DATEWISE (ACL 2020), all of T17: {PUBLISHED_DATEWISE}",
    ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "timeline17.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if explained:
        (RESULTS / "timeline17-explain.md").write_text("\n".join(explained), encoding="utf-8")
        print(f"picked and missed dates: {RESULTS / 'timeline17-explain.md'}")


if __name__ == "__main__":
    main()
