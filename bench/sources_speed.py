"""Reading speed of the sources stage on a large JSON Lines input, and what the duplicate check costs.

    python bench/sources_speed.py

Writes all of Timeline17 (../shared/eval/timeline17, 4,352 articles) as one JSON Lines file in
a temporary folder, then times, on one core: plain json.loads of every line (the floor), and
timeline.sources.iter_articles over the same file (validation, dates, the same-article check).
Also counts the records the duplicate check let through once and those in error (empty texts). Writes
bench/results/sources_speed.md. It measures; it asserts nothing.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timeline.sources import Notice, ReadOptions, SourceError, iter_articles

ROOT = Path(__file__).resolve().parents[1]
TIMELINE17 = ROOT.parent / "shared" / "eval" / "timeline17" / "t17"


def write_jsonl(folder: Path) -> Path:
    target = folder / "t17.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for path in sorted(TIMELINE17.glob("*/articles.json")):
            try:
                articles = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                continue  # one topic's file is absent from the snapshot (see its SOURCE.md)
            for a in articles:
                record = {"id": f"{path.parent.name}-{a['uid']}", "published": a["dct"][:10], "text": a["text"]}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


def main() -> None:
    if not TIMELINE17.is_dir():
        sys.exit(f"error: {TIMELINE17}: Timeline17 not found")
    with tempfile.TemporaryDirectory() as folder:
        source = write_jsonl(Path(folder))
        megabytes = source.stat().st_size / 1e6
        started = time.perf_counter()
        with source.open(encoding="utf-8") as handle:
            lines = sum(1 for line in handle if json.loads(line))
        floor = time.perf_counter() - started
        repeats: list[Notice] = []
        errors: list[SourceError] = []
        started = time.perf_counter()
        articles = sum(
            1 for _ in iter_articles([source], options=ReadOptions(cache_dir=None), on_error=errors.append,
                                     on_notice=lambda n: repeats.append(n) if "counted once" in n.message else None)
        )  # fmt: skip
        seconds = time.perf_counter() - started
    rows = [
        "| step | records | MB | seconds | MB/s |",
        "| --- | --- | --- | --- | --- |",
        f"| json.loads per line (floor) | {lines} | {megabytes:.1f} | {floor:.2f} | {megabytes / floor:.1f} |",
        f"| iter_articles (validation, dates, same-article check) | {articles} kept, {len(repeats)} counted once, {len(errors)} errors | {megabytes:.1f} | {seconds:.2f} | {megabytes / seconds:.1f} |",
    ]
    report = "# Sources: reading Timeline17 as JSON Lines\n\n" + "\n".join(rows) + "\n"
    print(report)
    for notice in repeats[:5]:
        print("  e.g.", notice)
    for error in errors[:3]:
        print("  e.g.", error)
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "sources_speed.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
