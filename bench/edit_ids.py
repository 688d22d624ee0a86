"""How well event ids last as a story grows: build a Timeline17 topic from its earlier articles,
then from all of them, and count the first build's events whose id the second build still has,
or still finds through a mention (as an edits file would: timeline/edits.py).

    python -m bench.edit_ids [TOPIC ...] [--share 0.8] [--added later|earlier]

Writes bench/results/edit_ids-later.json (or -earlier) and prints a line per topic.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.t17 import load_topic
from timeline.dedup import mention_id
from timeline.pipeline import build_timeline

RESULTS = Path(__file__).resolve().parent / "results"


def measure(topic: str, share: float, added: str) -> dict[str, object]:
    articles = sorted(load_topic(topic), key=lambda a: (a.published, a.id))
    count = int(len(articles) * share)
    first = articles[:count] if added == "later" else articles[len(articles) - count :]
    before = build_timeline(first, topic, max_events=None, on_disk=False)
    after = build_timeline(articles, topic, max_events=None, on_disk=False)
    ids = {e.id for e in after.events}
    by_mention = {mention_id(m) for e in after.events for m in e.mentions if m.time is not None}
    kept = [e.id for e in before.events if e.id in ids]
    found = [e.id for e in before.events if e.id not in ids and e.id in by_mention]
    return {
        "topic": topic,
        "added": added,
        "articles": [len(first), len(articles)],
        "events": [len(before.events), len(after.events)],
        "ids_kept": len(kept),
        "found_through_a_mention": len(found),
        "lost": len(before.events) - len(kept) - len(found),
        "duplicate_ids_after": len(after.events) - len(ids),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", default=["H1N1_guardian", "H1N1_reuters"])
    parser.add_argument("--share", type=float, default=0.8, help="the share of articles in the first build")
    parser.add_argument("--added", choices=("later", "earlier"), default="later", help="which articles the second build adds")
    options = parser.parse_args()
    rows = []
    for topic in options.topics:
        row = measure(topic, options.share, options.added)
        rows.append(row)
        print(
            f"{topic}: {row['articles'][0]} then {row['articles'][1]} articles ({options.added} ones added); {row['events'][0]} events first; "
            f"{row['ids_kept']} keep their id, {row['found_through_a_mention']} found through a mention, {row['lost']} lost; "
            f"{row['duplicate_ids_after']} duplicate ids after"
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"edit_ids-{options.added}.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
