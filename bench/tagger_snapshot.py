"""Every expression the tagger finds in the evaluation texts, one JSON line per document, so two
versions of the tagger can be compared expression by expression (a change meant to make it
faster must leave this file byte for byte the same):

    python bench/tagger_snapshot.py bench/results/snapshot-before.jsonl
    (change the tagger)
    python bench/tagger_snapshot.py bench/results/snapshot-after.jsonl
    cmp bench/results/snapshot-before.jsonl bench/results/snapshot-after.jsonl

Texts: the TimeML files `bench/evaluate_tagger.py` scores (TBAQ-cleaned, the tweets and WikiWars
test splits), every Timeline17 article as the shared copy stores it, and every rule's example
sentences.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.evaluate_tagger import CORPORA
from bench.t17 import topic_records, topics
from timeline import timeml
from timeline.temporal import tag
from timeline.temporal.en.grammar import RULES


def documents() -> Iterator[tuple[str, str, date]]:
    """(name, text, publication date) of every text, in a fixed order."""
    for corpus in sorted(CORPORA):
        for path in sorted(CORPORA[corpus].rglob("*.tml")):
            document = timeml.read(path)
            yield f"{corpus}/{path.name}", document.text, document.creation_time
    for topic in topics():
        for number, article in enumerate(topic_records(topic)):
            yield f"timeline17/{topic}/{number}", article["text"], date.fromisoformat(article["dct"][:10])
    for rule in RULES:
        for number, example in enumerate(rule.examples):
            yield f"rule/{rule.name}/{number}", example.sentence, date.fromisoformat(example.published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the JSON Lines file to write")
    args = parser.parse_args()
    lines, megabytes = [], 0.0
    for name, text, published in documents():
        megabytes += len(text.encode()) / 1e6
        found = [[t.start, t.end, t.type, t.value, t.end_value, t.mod] for t in tag(text, published)]
        lines.append(json.dumps({"document": name, "expressions": found}))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} texts, {megabytes:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
