"""Date selection on Timeline17: Date-F1 of our timelines against the gold ones, leave one story out.

    python bench/timeline17.py [--topics H1N1_bbc MJ_bbc] [--explain] [--shipped]

For each topic with a gold timeline (../shared/eval/timeline17; see bench/t17.py), the timeline
is built from all of the topic's articles, exactly as `timeline build` builds it, with the
salience model fitted (bench/fit_salience.py) without the topic's story family (bench/t17.py
FAMILIES): leave one story out. Its events are read most salient first; the dates of day-level
events are kept until there are as many as the gold timeline has dates (a daily timeline, as in
the task). Date-F1 is the F1 of those dates against the gold dates, counting only exact matches
(as tilse and news-tls do), under two protocols: "open", any date may be picked (what a user
gets), and "window", only dates between the gold timeline's first and last (news-tls's). The
published figures to compare with, over all of T17: news-tls DATEWISE (ACL 2020) 0.544, SUnSET
(2025, with GPT-4o) 0.590. With --shipped, the model the package ships (fitted on every family,
so on the scored one too) is used instead: an in-sample figure, printed as such.

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

from bench.fit_salience import Topic, fit
from bench.t17 import FAMILIES, GOLD_TOPICS, gold_dates, load_topic
from timeline import salience
from timeline.pipeline import build_timeline
from timeline.records import Event

RESULTS = Path(__file__).resolve().parent / "results"
PUBLISHED_DATEWISE = 0.544
PUBLISHED_SUNSET = 0.590


def date_f1(predicted: set[date], gold: set[date]) -> tuple[float, float, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def top_dates(events: list[Event], count: int, window: tuple[date, date] | None = None) -> list[date]:
    """The dates of the most salient day-level events, without repeats, `count` of them (with
    `window`, only dates inside it, first and last included)."""
    dates: list[date] = []
    for event in salience.ranked(events):
        if window is not None and not window[0] <= event.start <= window[1]:
            continue
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
    parser.add_argument("--topics", nargs="+", default=list(GOLD_TOPICS), choices=GOLD_TOPICS)
    parser.add_argument("--explain", action="store_true", help="list picked and missed dates per topic")
    parser.add_argument("--shipped", action="store_true", help="score with the shipped model (fitted on every family: in sample)")
    args = parser.parse_args()
    shipped = salience.model
    # The kept events of every topic, for fitting without the scored family (bench/fit_salience.py).
    dev = [Topic(name) for name in GOLD_TOPICS] if not args.shipped else []
    rows = []
    explained: list[str] = []
    for topic in args.topics:
        articles = load_topic(topic)
        timelines = gold_dates(topic)
        if not articles or not timelines:
            sys.exit(f"error: {topic}: articles or gold timeline not found under ../shared/eval/timeline17")
        family = FAMILIES[topic]
        salience.model = shipped if args.shipped else fit([t for t in dev if FAMILIES[t.name] != family])
        started = time.perf_counter()
        events = list(build_timeline(articles).events)
        seconds = time.perf_counter() - started
        for number, gold in enumerate(timelines, 1):
            _, _, opened = date_f1(set(top_dates(events, len(gold))), gold)
            _, _, windowed = date_f1(set(top_dates(events, len(gold), (min(gold), max(gold)))), gold)
            rows.append((topic, family, len(articles), len(gold), len(events), opened, windowed, seconds))
            if args.explain:
                explained += explain(topic, events, gold)
            print(f"{topic} (gold {number}): {len(gold)} gold dates, {len(events)} events, Date-F1 open {opened:.3f} window {windowed:.3f} ({seconds:.1f} s)")
    salience.model = shipped
    families = sorted({row[1] for row in rows})

    def mean(values: list[float]) -> float:
        return sum(values) / len(values)

    by_family = {f: (mean([r[5] for r in rows if r[1] == f]), mean([r[6] for r in rows if r[1] == f])) for f in families}
    how = "the shipped model (fitted on every family, the scored one included: in sample)" if args.shipped else (
        "the salience model fitted without the scored story family (leave one story out)"
    )
    lines = [
        f"Date selection on Timeline17 (`python bench/timeline17.py{' --shipped' if args.shipped else ''}`): Date-F1, exact date match, "
        f"as many dates as the gold timeline has; {how}. Open: any date; window: only dates within the gold timeline's span.",
        "",
        "| topic | family | articles | gold dates | events built | Date-F1 open | Date-F1 window | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *(f"| {t} | {f} | {a:,} | {g} | {e:,} | {o:.3f} | {w:.3f} | {s:.1f} |" for t, f, a, g, e, o, w, s in rows),
        f"| mean of topics | | | | | **{mean([r[5] for r in rows]):.3f}** | **{mean([r[6] for r in rows]):.3f}** | |",
        *(f"| family {f} (mean) | | | | | {o:.3f} | {w:.3f} | |" for f, (o, w) in by_family.items()),
        f"| mean of families | | | | | **{mean([p[0] for p in by_family.values()]):.3f}** | **{mean([p[1] for p in by_family.values()]):.3f}** | |",
        "",
        f"Published, all of T17 (window protocol): news-tls DATEWISE (ACL 2020) {PUBLISHED_DATEWISE}, SUnSET (2025, GPT-4o) {PUBLISHED_SUNSET}",
    ]
    RESULTS.mkdir(exist_ok=True)
    name = "timeline17-shipped.md" if args.shipped else "timeline17.md"
    (RESULTS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if explained:
        (RESULTS / "timeline17-explain.md").write_text("\n".join(explained), encoding="utf-8")
        print(f"picked and missed dates: {RESULTS / 'timeline17-explain.md'}")


if __name__ == "__main__":
    main()
