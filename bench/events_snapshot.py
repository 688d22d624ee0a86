"""Every mention and every event the mentions and merging stages make of Timeline17 (all topics
in one pile, as bench/scale.py builds it) and of the mission corpus, written out so two versions
of timeline/mentions.py, dedup.py and salience.py can be compared byte for byte (a change meant
to make them faster must leave this file the same):

    python bench/events_snapshot.py bench/results/events-before.txt
    (change the code)
    python bench/events_snapshot.py bench/results/events-after.txt
    cmp bench/results/events-before.txt bench/results/events-after.txt

Each mention line: its number, article id, sentence number, clause span in its sentence, time
expression (span in the clause, value, interval), actors, places, terms and, for a dated one,
its headline text. Each event line: dates, headline, salience, sources and its mentions'
numbers. The time expressions are tagged once, before the clock starts, so the CPU seconds
printed per stage (mentions, the cut and counts, merging) are those stages' own; with
--tags-cache the tagger's output is kept in a file between runs (keyed by the tagger's source
and the texts). It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.t17 import load_topic, topics  # noqa: E402
from timeline.dedup import deduplicate, feature_counts, worth_merging  # noqa: E402
from timeline.headlines import headline_of as headline_text  # noqa: E402
from timeline.mentions import extract_mentions  # noqa: E402
from timeline.records import Article, Event, Mention, TimeExpression  # noqa: E402
from timeline.sources import load_articles  # noqa: E402
from timeline.temporal import tag  # noqa: E402

SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results"


def corpora() -> dict[str, list[Article]]:
    """The piles to build: every Timeline17 topic together, and the mission corpus."""
    timeline17 = [article for topic in topics() for article in load_topic(topic) if article.text.strip()]
    return {"timeline17": timeline17, "huawei-mts": load_articles([SHARED / "corpus" / "huawei-mts"])}


def tagged(piles: dict[str, list[Article]], cache: Path | None) -> dict[tuple[str, str], list[TimeExpression]]:
    """The tagger's expressions for every article, from `cache` when it was made by this tagger
    from these texts."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "timeline" / "temporal").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".toml"):
            digest.update(path.read_bytes())
    for name, articles in piles.items():
        for article in articles:
            digest.update(f"{name}\0{article.id}\0{article.published}\0{article.text}\0".encode())
    key = digest.hexdigest()
    if cache and cache.exists():
        stored = pickle.loads(cache.read_bytes())
        if stored["key"] == key:
            return stored["tags"]
    tags = {(name, a.id): tag(a.text, a.published) for name, articles in piles.items() for a in articles}
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(pickle.dumps({"key": key, "tags": tags}))
    return tags


def _time(t: TimeExpression | None) -> str:
    if t is None:
        return "-"
    return f"{t.start}:{t.end} {t.type} {t.value} {t.end_value} {t.mod} {t.granularity} {t.interval_start}/{t.interval_end}"


def mention_line(number: int, m: Mention) -> str:
    at = m.sentence.find(m.clause)
    headline = headline_text(m) if m.time is not None else ""
    return (
        f"M{number} {m.article_id} s{m.sentence_index} clause@{at}+{len(m.clause)} [{_time(m.time)}] "
        f"spans={list(m.time_spans)} actors={list(m.actors)} places={list(m.places)} terms={list(m.terms)} "
        f"headline={headline!r}"
    )


def event_line(event: Event, numbers: dict[int, int]) -> str:
    return (
        f"E {event.id} {event.value} {event.end_value} {event.granularity} {event.start}/{event.end} "
        f"future={event.future} salience={event.salience!r} headline={event.headline!r} "
        f"actors={list(event.actors)} sources={list(event.sources)} mentions={[numbers[id(m)] for m in event.mentions]}"
    )


def snapshot(name: str, articles: list[Article], tags: dict, lines: list[str], seconds: dict[str, float]) -> None:
    def tagger(text: str, published: date, ids: Iterable[str] = iter([a.id for a in articles])) -> list[TimeExpression]:
        return tags[(name, next(ids))]  # extract_mentions tags the articles in order

    started = time.process_time()
    mentions = extract_mentions(articles, tagger)
    seconds["mentions"] += time.process_time() - started
    started = time.process_time()
    counts = feature_counts(mentions)
    kept = worth_merging(mentions)
    seconds["cut and counts"] += time.process_time() - started
    started = time.process_time()
    events = deduplicate(kept, articles, counts=counts)
    seconds["merging"] += time.process_time() - started
    numbers = {id(m): n for n, m in enumerate(mentions)}
    lines.append(f"# {name}: {len(articles)} articles, {len(mentions)} mentions, {len(kept)} kept, {len(events)} events")
    lines.extend(mention_line(n, m) for n, m in enumerate(mentions))
    lines.extend(event_line(e, numbers) for e in events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the text file to write")
    parser.add_argument("--tags-cache", default=str(RESULTS / "events_snapshot_tags.pickle"),
                        help="where the tagger's output is kept between runs ('' for none)")
    parser.add_argument("--only", choices=("timeline17", "huawei-mts"), help="one pile only")
    args = parser.parse_args()
    piles = corpora()
    if args.only:
        piles = {args.only: piles[args.only]}
    tags = tagged(piles, Path(args.tags_cache) if args.tags_cache else None)
    lines: list[str] = []
    seconds = {"mentions": 0.0, "cut and counts": 0.0, "merging": 0.0}
    for name, articles in piles.items():
        snapshot(name, articles, tags, lines, seconds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lines -> {args.out}")
    print("CPU s: " + ", ".join(f"{stage} {value:.2f}" for stage, value in seconds.items()))


if __name__ == "__main__":
    main()
