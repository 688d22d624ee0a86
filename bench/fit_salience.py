"""Fit the salience model (timeline/salience_weights.toml) on the Timeline17 gold timelines.

    python bench/fit_salience.py [--write] [--rebuild] [--strength C]

Each topic's events are built once, exactly as `timeline build` builds them, and kept in
bench/results/t17-events/ with a digest of the package's code (built again when the code
changes; --rebuild forces it). Every day with a day-level event is a row of salience.FEATURES (its
best events': each feature that lifts a day at its most among the day's events, each that
lowers it at its least), labelled by whether the day is on the topic's gold timeline; a
logistic regression (scipy's L-BFGS-B on standardised features, each coefficient kept to the
sign SIGNS gives it, each story family weighed alike, each topic alike within its family, and
its gold days as much as the rest) is fitted
on them and folded back to coefficients over the raw features.

It prints the leave-one-story-out Date-F1 read from those kept events (the model fitted
without the scored story family: bench/t17.py FAMILIES), both protocols, and the average
precision of the gold days over all of a topic's days (a smoother sign than Date-F1), for a
quick look while fitting; bench/timeline17.py gives the figures from the whole pipeline. With --write, the model
fitted on every family is written to timeline/salience_weights.toml (what the package ships).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import pickle
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from scipy.optimize import minimize

from bench.t17 import FAMILIES, GOLD_TOPICS, gold_dates, load_topic
from timeline import salience
from timeline.pipeline import build_timeline
from timeline.records import Event

RESULTS = Path(__file__).resolve().parent / "results"
CACHE = RESULTS / "t17-events"
PACKAGE = Path(salience.__file__).parent
T17_READER = Path(__file__).with_name("t17.py")
# Regularisation of the logistic regression (scikit-learn's C, on standardised features).
STRENGTH = 1.0
# The share of each topic's weight its gold days have in the fit (the rest: its other days).
GOLD_SHARE = 0.5
# The direction each feature may push salience, known before any fitting: more reports, more
# news on the day, reports written as it happened make a day more likely to matter; history
# recalled long after, a plan, a sentence off the story make it less. The fit only weighs them
# (features that move together, such as reports and the day's reports, would otherwise take
# opposite signs that fit the dev stories and nothing else).
SIGNS = {
    "reports": 1,
    "fresh_reports": 1,
    "supporting": 1,
    "day_reports": 1,
    "day_peak": 1,
    "news_volume": 1,
    "day_mentions": 1,
    "day_articles": 1,
    "day_fresh_share": 1,
    "recalled": 1,
    "named_day": 1,
    "first_report_lag": -1,
    "before_story": -1,
    "after_story": -1,
    "planned": -1,
    "off_story": -1,
    "before_spread": -1,
    "before_articles": -1,
}


def code_version() -> str:
    """A digest of the package's code and word tables (not of the weights being fitted) and of
    bench/t17.py: kept events built by other code, or from text read otherwise, are built again."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".toml") and path.name != salience.WEIGHTS_FILE.name:
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    digest.update(b"bench/t17.py\0" + T17_READER.read_bytes())  # (how the articles are read back into prose)
    return digest.hexdigest()


def cached_events(topic: str, rebuild: bool = False) -> tuple[list[Event], dict[str, date]]:
    """The topic's events as `timeline build` makes them, and when each article came out."""
    path = CACHE / f"{topic}.pickle"
    version = code_version()
    if path.exists() and not rebuild:
        with path.open("rb") as file:
            kept = pickle.load(file)
        if len(kept) == 3 and kept[0] == version:  # (a file of another layout is built again too)
            return kept[1], kept[2]
    articles = load_topic(topic)
    events = list(build_timeline(articles).events)
    published = {a.id: a.published for a in articles}
    CACHE.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        pickle.dump((version, events, published), file, protocol=pickle.HIGHEST_PROTOCOL)
    return events, published


def one_day(event: Event) -> bool:
    return event.end - event.start == timedelta(days=1)


class Topic:
    """A topic's day-level events with their features, and its days with theirs, labelled by
    whether the day is on its (first) gold timeline."""

    def __init__(self, name: str, rebuild: bool = False) -> None:
        self.name = name
        events, published = cached_events(name, rebuild)
        reports = salience.Reports(lambda: [(m for event in events for m in event.mentions)], published)
        rows = salience.event_features(events, published, reports)
        self.gold = gold_dates(name)
        self.events = [e for e in events if one_day(e)]
        self.features = np.array([row for e, row in zip(events, rows, strict=True) if one_day(e)], dtype=float)
        # What is fitted: one row per day, its best events' (a day is on the timeline for its
        # best-told event, its other events need not look like one): each feature that lifts a
        # day at its most among the day's events, each that lowers it at its least. (Taking the
        # most of those too made nearly every busy day look off the story or planned: one of its
        # many events is.)
        rows_of_day: dict[date, list[np.ndarray]] = {}
        for event, row in zip(self.events, self.features, strict=True):
            rows_of_day.setdefault(event.start, []).append(row)
        self.days = list(rows_of_day)
        lowers = np.array([SIGNS[name] < 0 for name in salience.FEATURES])
        self.day_features = np.array([np.where(lowers, np.min(rows, axis=0), np.max(rows, axis=0)) for rows in rows_of_day.values()])
        self.labels = np.array([day in self.gold[0] for day in rows_of_day], dtype=int)


def fit(topics: Sequence[Topic], strength: float = STRENGTH) -> salience.Model:
    x = np.vstack([t.day_features for t in topics])
    y = np.concatenate([t.labels for t in topics])
    # Each story family weighs alike, each topic alike within its family, and within a topic its
    # gold days GOLD_SHARE of it: the five outlets' oil spill is one story told five times, and
    # weighing it five times fits the model to it rather than to stories in general.
    outlets = Counter(FAMILIES[t.name] for t in topics)
    weights = []
    for t in topics:
        positives = max(int(t.labels.sum()), 1)
        negatives = max(len(t.labels) - positives, 1)
        weights.append(np.where(t.labels == 1, GOLD_SHARE / positives, (1 - GOLD_SHARE) / negatives) / outlets[FAMILIES[t.name]])
    sample_weight = np.concatenate(weights) * len(y) / len(outlets)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    signs = np.array([SIGNS[name] for name in salience.FEATURES])

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        margin = z @ theta[1:] + theta[0]
        chance = 1.0 / (1.0 + np.exp(-margin))
        # The weighted log loss (log(1 + e^m) - y m, computed stably) and an L2 penalty.
        value = float((sample_weight * (np.logaddexp(0.0, margin) - y * margin)).sum() + (theta[1:] ** 2).sum() / (2 * strength))
        residual = sample_weight * (chance - y)
        gradient = np.concatenate([[residual.sum()], z.T @ residual + theta[1:] / strength])
        return value, gradient

    bounds = [(None, None)] + [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs]
    result = minimize(loss, np.zeros(len(signs) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    coefficients = result.x[1:] / scale
    intercept = float(result.x[0] - (coefficients * mean).sum())
    return salience.Model(intercept, tuple(float(c) for c in coefficients))


def top_dates(
    events: Sequence[Event], scores: Sequence[float], count: int, window: tuple[date, date] | None = None
) -> list[date]:
    """The days of the highest-scored day-level events, each once, `count` of them (with
    `window`, only days inside it, first and last included)."""
    order = sorted(range(len(events)), key=lambda i: (-scores[i], -len(events[i].sources), events[i].start, events[i].id))
    dates: list[date] = []
    for i in order:
        day = events[i].start
        if day in dates or (window is not None and not window[0] <= day <= window[1]):
            continue
        dates.append(day)
        if len(dates) == count:
            break
    return dates


def f1(predicted: Sequence[date], gold: set[date]) -> float:
    hits = len(set(predicted) & gold)
    if not hits:
        return 0.0
    precision, recall = hits / len(set(predicted)), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def scores_of(topic: Topic, model: salience.Model) -> list[float]:
    """The salience of the topic's day-level events under `model`, as the package weighs it."""
    return salience.weigh(topic.events, topic.features, model)


def date_f1s(topic: Topic, model: salience.Model) -> tuple[float, float]:
    """(open, window) Date-F1 of the topic under `model`, mean over its gold timelines."""
    scores = scores_of(topic, model)
    opened, windowed = [], []
    for gold in topic.gold:
        opened.append(f1(top_dates(topic.events, scores, len(gold)), gold))
        windowed.append(f1(top_dates(topic.events, scores, len(gold), (min(gold), max(gold))), gold))
    return sum(opened) / len(opened), sum(windowed) / len(windowed)


def average_precision(topic: Topic, model: salience.Model) -> float:
    """The average precision of the topic's gold days (its first gold timeline) in the order of
    its days under `model`, each day as likely as its best event (as the package ranks them).
    Over every day, not only the first few: a smoother sign than Date-F1, which moves in steps
    of a date on a few dozen, that a change ranks the gold days higher."""
    margins = topic.features @ np.array(model.coefficients) + model.intercept  # (salience itself saturates at 100)
    best: dict[date, float] = {}
    for event, value in zip(topic.events, margins, strict=True):
        best[event.start] = max(best.get(event.start, -math.inf), float(value))
    order = sorted(best, key=lambda day: (-best[day], day))
    gold = topic.gold[0]
    hits, total = 0, 0.0
    for rank, day in enumerate(order, 1):
        if day in gold:
            hits += 1
            total += hits / rank
    return total / len(gold) if gold else 0.0


def leave_one_story_out(topics: Sequence[Topic], strength: float = STRENGTH) -> dict[str, tuple[float, float, float]]:
    """Each topic's (open, window) Date-F1 and average precision of its gold days under the
    model fitted without its story family."""
    figures = {}
    for family in sorted({FAMILIES[t.name] for t in topics}):
        model = fit([t for t in topics if FAMILIES[t.name] != family], strength)
        for t in topics:
            if FAMILIES[t.name] == family:
                figures[t.name] = (*date_f1s(t, model), average_precision(t, model))
    return figures


def family_means(figures: dict[str, tuple[float, ...]]) -> dict[str, tuple[float, ...]]:
    by_family: dict[str, list[tuple[float, ...]]] = {}
    for name, values in figures.items():
        by_family.setdefault(FAMILIES[name], []).append(values)
    return {f: tuple(float(np.mean(column)) for column in zip(*rows, strict=True)) for f, rows in by_family.items()}


def weights_file(model: salience.Model) -> str:
    lines = [
        "# The salience model: a logistic regression over salience.FEATURES, fitted by",
        "# `python bench/fit_salience.py --write` on every Timeline17 topic with a gold timeline",
        "# (all story families; the leave-one-story-out figures come from fits without the scored one).",
        f"intercept = {model.intercept:.6g}",
        "",
        "[coefficients]",
        *(f"{name} = {value:.6g}" for name, value in zip(salience.FEATURES, model.coefficients, strict=True)),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the model fitted on every family to the package")
    parser.add_argument("--rebuild", action="store_true", help="build the kept events again")
    parser.add_argument("--strength", type=float, default=STRENGTH, help="the regression's C")
    args = parser.parse_args()
    topics = [Topic(name, args.rebuild) for name in GOLD_TOPICS]
    figures = leave_one_story_out(topics, args.strength)
    for name, (opened, windowed, precision) in figures.items():
        print(f"{name:22} open {opened:.3f}  window {windowed:.3f}  average precision {precision:.3f}")
    families = family_means(figures)
    for family, (opened, windowed, precision) in sorted(families.items()):
        print(f"family {family:15} open {opened:.3f}  window {windowed:.3f}  average precision {precision:.3f}")
    of_families = [float(np.mean(column)) for column in zip(*families.values(), strict=True)]
    of_topics = [float(np.mean(column)) for column in zip(*figures.values(), strict=True)]
    print("leave one story out, mean of families: open {:.3f}  window {:.3f}  average precision {:.3f}".format(*of_families))
    print("leave one story out, mean of topics:   open {:.3f}  window {:.3f}  average precision {:.3f}".format(*of_topics))
    model = fit(topics, args.strength)
    print(
        "fitted on every family:", ", ".join(f"{n} {c:+.3f}" for n, c in zip(salience.FEATURES, model.coefficients, strict=True))
    )
    fitted = {t.name: date_f1s(t, model) for t in topics}
    print(
        "in sample (fitted on every family): open {:.3f}  window {:.3f}".format(
            *(sum(p[i] for p in fitted.values()) / len(fitted) for i in (0, 1))
        )
    )
    if args.write:
        path = salience.WEIGHTS_FILE
        path.write_text(weights_file(model), encoding="utf-8")
        print(f"written: {path}")


if __name__ == "__main__":
    main()
