"""Deduplication against hand labels: pairwise precision/recall/F1 and B-cubed.

    python bench/dedup_score.py [bench/dedup_labels/*.toml]

Each label file (bench/dedup_labels/) names a corpus under ../shared and groups mentions,
keyed by article, sentence number, time expression and a few identifying words, into the
real events they report. The corpus is built as `timeline build` builds it; every labelled
mention is found among the events (dated mentions in their event, undated ones in the event
they support, or alone), and the predicted grouping of the labelled mentions is scored
against the labelled one. A key that matches no mention is reported, not skipped quietly.
Writes bench/results/dedup_score.md. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.t17 import load_topic
from timeline.pipeline import build_timeline
from timeline.records import Article, Event, Mention
from timeline.sources import load_articles

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
RESULTS = HERE / "results"


def corpus_articles(corpus: str) -> list[Article]:
    if corpus.startswith("eval/timeline17/t17/"):
        return load_topic(corpus.rsplit("/", 1)[1])  # tokenised: read through the bench loader
    return load_articles([SHARED / corpus])


def matches(key: dict, mention: Mention) -> bool:
    expression = key.get("expression")
    return (
        mention.article_id == key["article"]
        and mention.sentence_index == key["sentence"]
        and key["words"] in mention.sentence
        and (mention.time.text if mention.time else None) == expression
    )


def predicted_groups(keys: list[dict], events: list[Event]) -> list[int | None]:
    """The event number of each key (None when the mention is in no event)."""
    where: dict[tuple[str, int], list[tuple[int, Mention]]] = {}
    for number, event in enumerate(events):
        for mention in event.mentions:
            where.setdefault((mention.article_id, mention.sentence_index), []).append((number, mention))
    groups: list[int | None] = []
    for key in keys:
        found = [n for n, m in where.get((key["article"], key["sentence"]), []) if matches(key, m)]
        groups.append(found[0] if found else None)
    return groups


def pairwise(gold: list[int], predicted: list[int]) -> tuple[float, float, float]:
    pairs = list(itertools.combinations(range(len(gold)), 2))
    same_gold = {p for p in pairs if gold[p[0]] == gold[p[1]]}
    same_predicted = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    both = len(same_gold & same_predicted)
    precision = both / len(same_predicted) if same_predicted else 1.0
    recall = both / len(same_gold) if same_gold else 1.0
    return precision, recall, _f1(precision, recall)


def b_cubed(gold: list[int], predicted: list[int]) -> tuple[float, float, float]:
    precision = recall = 0.0
    for i in range(len(gold)):
        gold_cluster = {j for j in range(len(gold)) if gold[j] == gold[i]}
        predicted_cluster = {j for j in range(len(gold)) if predicted[j] == predicted[i]}
        overlap = len(gold_cluster & predicted_cluster)
        precision += overlap / len(predicted_cluster)
        recall += overlap / len(gold_cluster)
    return precision / len(gold), recall / len(gold), _f1(precision / len(gold), recall / len(gold))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(label_file: Path) -> tuple[str, int, int, int, tuple, tuple]:
    labels = tomllib.loads(label_file.read_text(encoding="utf-8"))
    keys = [key for event in labels["event"] for key in event["mentions"]]
    gold = [n for n, event in enumerate(labels["event"]) for _ in event["mentions"]]
    events = list(build_timeline(corpus_articles(labels["corpus"])).events)
    found = predicted_groups(keys, events)
    missing = [k for k, n in zip(keys, found, strict=True) if n is None and "expression" in k]
    for key in missing:
        print(f"warning: {label_file.name}: no event holds {key}", file=sys.stderr)
    # A labelled mention in no event (an undated sentence left unattached) stands alone.
    singleton = itertools.count(len(events))
    predicted = [n if n is not None else next(singleton) for n in found]
    unplaced = sum(1 for n in found if n is None)
    return labels["corpus"], len(keys), len(labels["event"]), unplaced, pairwise(gold, predicted), b_cubed(gold, predicted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labels", nargs="*", type=Path, default=sorted((HERE / "dedup_labels").glob("*.toml")))
    args = parser.parse_args()
    lines = [
        "Deduplication against hand labels (`python bench/dedup_score.py`).",
        "",
        "| corpus | labelled mentions | events | unattached | pairwise P | pairwise R | pairwise F1 | B-cubed P | B-cubed R | B-cubed F1 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label_file in args.labels:
        corpus, mentions, events, unplaced, (pp, pr, pf), (bp, br, bf) = score(label_file)
        lines.append(
            f"| {corpus} | {mentions} | {events} | {unplaced} | {pp:.3f} | {pr:.3f} | {pf:.3f} | {bp:.3f} | {br:.3f} | {bf:.3f} |"
        )
        print(lines[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "dedup_score.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
