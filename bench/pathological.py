"""Time and memory against the size of the text, for pathological text beside ordinary news.

    python bench/pathological.py [--sizes 10000,40000,160000,640000] [--only years,news]

Each kind of text is made at each size (in characters) and goes through tagging, mentions and
merging (build_timeline in this process, no page rendered), in a forked child so that its peak
memory is its own. Pathological kinds are one long sentence with no full stop: a table or a
log pasted as prose ("2019 2019 2019 ...", "in 2019, in 2019, ...", dates one after another,
numbers, a month name repeated). Ordinary news is Timeline17's articles (../shared/eval),
as many as make the size. Time that grows linearly shows as a flat "µs/char" column down a
kind. Tagging and mentions are CPU seconds (as the pipeline counts them), merging wall seconds,
the total the child's CPU seconds. Prints a table and writes bench/results/pathological.md. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.pipeline import StageTimes, build_timeline  # noqa: E402
from timeline.records import Article  # noqa: E402

PUBLISHED = date(2020, 1, 10)


def _repeat(opening: str, piece: Callable[[int], str], separator: str) -> Callable[[int], list[Article]]:
    def make(size: int) -> list[Article]:
        parts, length, n = [opening], len(opening), 0
        while length < size:
            parts.append(piece(n))
            length += len(parts[-1]) + len(separator)
            n += 1
        return [Article("long", parts[0] + separator.join(parts[1:]) + ".", PUBLISHED)]

    return make


def _news(size: int) -> list[Article]:
    from bench.t17 import load_topic, topics

    articles: list[Article] = []
    length = 0
    for topic in topics():
        for article in load_topic(topic):
            if length >= size:
                return articles
            articles.append(article)
            length += len(article.text)
    if not articles:
        raise SystemExit("no Timeline17 articles: is ../shared/eval/timeline17 there? (or leave out 'news' with --only)")
    return articles


KINDS: dict[str, Callable[[int], list[Article]]] = {
    "news": _news,
    "years": _repeat("Sales rose ", lambda n: "2019", " "),
    "in-years": _repeat("Sales rose ", lambda n: "in 2019", ", "),
    "dates": _repeat("Shipments on ", lambda n: f"{n % 28 + 1} {('January', 'March', 'June')[n % 3]} {1990 + n % 30}", ", "),
    "numbers": _repeat("Totals ", lambda n: str(1000 + n % 9000), " "),
    "months": _repeat("Months ", lambda n: "January", " "),
    "and-years": _repeat("Huawei signed deals ", lambda n: f"in {1900 + n % 120}", " and "),
}


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _run(articles: list[Article]) -> tuple[float, float, float, float, int, int]:
    """(tag s, mentions s, merge s, CPU s, events, peak KB added) of one build, in this process
    (CPU seconds: on a shared machine the wall clock says as much about the neighbours)."""
    before = _peak_kb()
    stages = StageTimes()
    started = _cpu()
    timeline = build_timeline(articles, stages=stages, on_disk=False)
    cpu = _cpu() - started
    return stages.tag, stages.mentions, stages.dedup, cpu, len(timeline.events), _peak_kb() - before


def _forked(articles: list[Article]) -> tuple[float, float, float, float, int, int]:
    """_run in a forked child: its peak memory is not the parent's."""
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        try:
            result = _run(articles)
            os.write(write, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(child, 0)
    tag, mentions, merge, wall, events, peak = json.loads(text)
    return tag, mentions, merge, wall, events, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,40000,160000,640000", help="characters, comma-separated")
    parser.add_argument("--only", default=",".join(KINDS), help="kinds, comma-separated: " + ", ".join(KINDS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    _run(KINDS["years"](1000))  # the tagger's and the lexicon's first use, outside the clock
    header = "| kind | characters | tag s | mentions s | merge s (wall) | total CPU s | CPU µs/char | events | peak MB added |"
    lines = [header, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    print(header, flush=True)
    for kind in args.only.split(","):
        for size in sizes:
            articles = KINDS[kind](size)
            characters = sum(len(a.text) for a in articles)
            tag, mentions, merge, cpu, events, peak = _forked(articles)
            line = (f"| {kind} | {characters:,} | {tag:.2f} | {mentions:.2f} | {merge:.2f} | {cpu:.2f} | "
                    f"{cpu / characters * 1e6:.1f} | {events:,} | {peak / 1024:.0f} |")  # fmt: skip
            lines.append(line)
            print(line, flush=True)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "pathological.md").write_text(
        "# Pathological text against ordinary news\n\n`python bench/pathological.py --sizes " + args.sizes + "`\n\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    print(f"-> {results / 'pathological.md'}")


if __name__ == "__main__":
    main()
