"""Why a gold day has no day-level event: the stage that lost it, for each Timeline17 topic.

    python bench/gold_days.py [--topics H1N1_bbc MJ_bbc] [--examples]

A gold date that no day-level event carries cannot be picked, whatever the salience model: it
caps Date-F1's recall. For each such day (of each topic with a gold timeline, bench/t17.py),
the articles are followed stage by stage and the first stage that loses the day is named:

- "uncovered": no article names the day (no day-level date of the tagger, and no "20 April" or
  "April 20" in any text), and none was published on it or in the three days after;
- "unnamed": no article names the day, though some were published on it or just after: what
  they report of it they write without a date ("BP has agreed ...", "the BBC has learned");
- "coarser": the text names the day's month and day, but the tagger made a coarser date of it
  (a week, a month) or none;
- "dated otherwise": the text names the day's month and day, but the tagger dated that phrase another day
  (another year, most often);
- "mentions": the tagger dated something that day, but timeline/mentions.py made no mention of
  it (page stamps, furniture, non-statements, "since", hypotheticals, short lines);
- "merged": mentions of the day were made and kept, but deduplication put every one of them in an
  event of another date (a wider one it nested in, most often);
- "lost": mentions were made but are in no event (cut by worth_merging or the event table).

With --examples, the phrases and sentences behind each verdict are printed. Writes
bench/results/gold-days.md. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.t17 import GOLD_TOPICS, gold_dates, load_topic
from timeline.dedup import worth_merging
from timeline.mentions import extract_mentions
from timeline.pipeline import build_timeline
from timeline.records import Article, TimeExpression
from timeline.temporal import tag

RESULTS = Path(__file__).resolve().parent / "results"
CAUSES = ("uncovered", "unnamed", "coarser", "dated otherwise", "mentions", "merged", "lost")
DAY = timedelta(days=1)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


def _named(day: date) -> re.Pattern[str]:
    """ "20 April", "April 20th", "Apr. 20": the day's month and day written out (any year)."""
    month = _MONTHS[day.month - 1]
    months = f"(?:{month}|{month[:3]}\\.?)"
    number = f"0?{day.day}(?:st|nd|rd|th)?"
    return re.compile(rf"\b(?:{number}\s+(?:of\s+)?{months}|{months}\s+{number})\b(?!\s*(?:-|–|to|and)\s*\d)")


def _is_day(start: date | None, end: date | None, day: date) -> bool:
    return start == day and end == day + DAY


def diagnose(topic: str, articles: list[Article], gold: set[date]) -> list[tuple[date, str, list[str]]]:
    """(day, cause, examples) for each gold day with no day-level event."""
    expressions: dict[str, list[TimeExpression]] = {}
    texts = {article.id: article.text for article in articles}

    def recording_tag(text: str, published: date) -> list[TimeExpression]:
        found = tag(text, published)
        expressions[text] = found
        return found

    mentions = extract_mentions(articles, tagger=recording_tag)
    kept = worth_merging(mentions)
    events = list(build_timeline(articles).events)
    day_events = {e.start for e in events if e.end - e.start == DAY}
    # Where each kept dated mention ended: (article, sentence, time offset) -> its event's dates.
    placed: dict[tuple[str, int, int], tuple[date, date]] = {}
    for event in events:
        for m in event.mentions:
            if m.time is not None:
                placed[(m.article_id, m.sentence_index, m.time.start)] = (event.start, event.end)
    verdicts = []
    for day in sorted(gold - day_events):
        tagged = [
            (article, t)
            for article in articles
            for t in expressions.get(article.text, ())
            if t.type in ("DATE", "TIME") and _is_day(t.interval_start, t.interval_end, day)
        ]
        of_day = [m for m in mentions if m.time is not None and _is_day(m.time.interval_start, m.time.interval_end, day)]
        if not tagged:
            pattern = _named(day)
            named = [(article, found) for article in articles for found in pattern.finditer(article.text)]
            if not named:
                near = sorted({a.published for a in articles if day <= a.published <= day + 3 * DAY})
                verdicts.append(
                    (day, "unnamed" if near else "uncovered", [f"published then: {', '.join(map(str, near))}"] if near else [])
                )
                continue
            wrong, coarse = [], []
            for article, found in named:
                over = [t for t in expressions.get(article.text, ()) if t.start <= found.start() < t.end]
                what = f"{over[0].value} ({over[0].text!r})" if over else "untagged"
                line = f"{article.id} ({article.published}): {article.text[max(0, found.start() - 60) : found.end() + 40]!r} -> {what}"
                if over and over[0].granularity in ("day", "time") and over[0].interval_start not in (None, day):
                    wrong.append(line)
                else:
                    coarse.append(line)
            verdicts.append((day, "dated otherwise" if wrong and not coarse else "coarser", wrong + coarse))
            continue
        if not of_day:
            lines = []
            for article, t in tagged[:6]:
                text = texts[article.id]
                lines.append(f"{article.id} ({article.published}): {text[max(0, t.start - 80) : t.end + 60]!r}")
            verdicts.append((day, "mentions", lines))
            continue
        kept_keys = {(m.article_id, m.sentence_index, m.time.start) for m in kept if m.time is not None}
        where = [placed.get((m.article_id, m.sentence_index, m.time.start)) for m in of_day if m.time is not None]
        lines = [
            f"{m.article_id}: {m.clause[:140]!r} -> "
            + (
                f"event {w[0]}..{w[1] - DAY}"
                if w
                else ("not kept" if (m.article_id, m.sentence_index, m.time.start) not in kept_keys else "no event")
            )
            for m, w in zip(of_day, where, strict=True)
            if m.time is not None
        ][:6]
        verdicts.append((day, "merged" if any(where) else "lost", lines))
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", nargs="+", default=list(GOLD_TOPICS), choices=GOLD_TOPICS)
    parser.add_argument("--examples", action="store_true", help="print the phrases and sentences behind each verdict")
    args = parser.parse_args()
    table: dict[str, Counter[str]] = defaultdict(Counter)
    details: list[str] = []
    for topic in args.topics:
        articles = load_topic(topic)
        gold = set().union(*gold_dates(topic))
        for day, cause, lines in diagnose(topic, articles, gold):
            table[topic][cause] += 1
            details.append(f"{topic} {day}: {cause}")
            details.extend(f"    {line}" for line in lines)
        print(f"{topic}: " + ", ".join(f"{c} {table[topic][c]}" for c in CAUSES if table[topic][c]), flush=True)
    total = Counter[str]()
    for counts in table.values():
        total.update(counts)
    lines = [
        "Gold days with no day-level event, by the stage that lost them (`python bench/gold_days.py`).",
        "",
        "| topic | " + " | ".join(CAUSES) + " | all |",
        "| --- |" + " --- |" * (len(CAUSES) + 1),
        *(f"| {t} | " + " | ".join(str(table[t][c]) for c in CAUSES) + f" | {sum(table[t].values())} |" for t in args.topics),
        "| all | " + " | ".join(str(total[c]) for c in CAUSES) + f" | {sum(total.values())} |",
    ]
    print("\n".join(lines))
    if args.examples:
        print("\n".join(details))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "gold-days.md").write_text("\n".join([*lines, "", "```", *details, "```"]) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
