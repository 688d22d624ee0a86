"""How merging and whole builds scale: all of Timeline17 (4,352 articles) through the pipeline.

    python bench/merge_scale.py [--no-build]

1. Extracts the mentions of every Timeline17 article (tagging included) and times it.
2. Deduplicates growing prefixes of those mentions (10,000 up to all of them) and times each:
   near-linear merging keeps the seconds per 1,000 mentions flat as the pile grows.
3. Writes the articles as one JSON Lines file (bench/results/timeline17.jsonl) and times
   `timeline build` on it end to end in a fresh process (reading, tagging, mentions, merging,
   page, fragment and JSON), with --max-events 200 as a newsroom would draw it.
Wall-clock and CPU seconds are both printed: the machine is shared, and CPU seconds are what
the code costs. Writes bench/results/scale.md. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.t17 import load_topic, topics
from timeline.dedup import deduplicate
from timeline.mentions import extract_mentions

RESULTS = Path(__file__).resolve().parent / "results"
PREFIXES = (10_000, 50_000, 100_000)


def timed(function, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-build", action="store_true", help="skip the end-to-end build")
    parser.add_argument("--max-events", type=int, default=200)
    args = parser.parse_args()
    articles = [a for topic in topics() for a in load_topic(topic)]
    if not articles:
        sys.exit("error: ../shared/eval/timeline17 not found")
    mentions, wall, cpu = timed(extract_mentions, articles)
    dated = sum(1 for m in mentions if m.time is not None)
    lines = [
        f"Timeline17: {len(articles):,} articles, {len(mentions):,} mentions ({dated:,} dated). `python bench/merge_scale.py`",
        "",
        "| stage | mentions | events | wall s | CPU s | CPU s per 1,000 mentions |",
        "| --- | --- | --- | --- | --- | --- |",
        f"| tagging + mentions | {len(mentions):,} | | {wall:.1f} | {cpu:.1f} | {1000 * cpu / len(mentions):.3f} |",
    ]
    print(lines[-1], flush=True)
    by_id = {a.id: a for a in articles}
    for size in (*(p for p in PREFIXES if p < len(mentions)), len(mentions)):
        prefix = mentions[:size]
        used = [by_id[i] for i in dict.fromkeys(m.article_id for m in prefix)]
        events, wall, cpu = timed(deduplicate, prefix, used)
        lines.append(f"| deduplication | {size:,} | {len(events):,} | {wall:.1f} | {cpu:.1f} | {1000 * cpu / size:.3f} |")
        print(lines[-1], flush=True)
    if not args.no_build:
        RESULTS.mkdir(exist_ok=True)
        source = RESULTS / "timeline17.jsonl"
        with source.open("w", encoding="utf-8") as file:
            for a in articles:
                if not a.text.strip():
                    continue  # a few Timeline17 articles are empty; `timeline build` rightly rejects them
                file.write(json.dumps({"id": a.id, "published": a.published.isoformat(), "text": a.text}) + "\n")
        command = ["timeline", "build", str(source), "--out", str(RESULTS / "t17" / "timeline.html"), "--max-events", str(args.max_events)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if run.returncode != 0:
            sys.exit(f"error: {' '.join(command)} failed: {run.stderr.strip()}")
        lines += ["", f"`{' '.join(command[:2])} timeline17.jsonl --max-events {args.max_events}`: {run.stdout.strip()}",
                  f"end to end: {wall:.1f} s wall, {cpu:.1f} s CPU (all processes)"]  # fmt: skip
        print("\n".join(lines[-2:]))
    (RESULTS / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
