"""Headlines a desk would print: what the 30 most salient drawn events of each story read like.

    python bench/headlines.py [--topics EgyptianProtest_cnn ...] [--top 30] [--examples 3]

For every Timeline17 topic (../shared/eval/timeline17, every outlet, with or without a gold
timeline; see bench/t17.py) and for the mission corpus (../shared/corpus/huawei-mts), the
timeline is built as `timeline build` would, and the headlines of its 30 most salient drawn
events are read for: the share cut with an ellipsis, over 80 characters, opening on a bare
pronoun, asking a question, and matching a form of page furniture (datelines, outlet tags,
update and comment stamps, captions and photo credits, a wire's notes, share or copyright lines),
and broken (a bracket or quotation mark left alone, a gap before a stop, no lower case). The forms are written here,
apart from the pipeline's own rules, so the bench checks them rather than repeats them.
Prints a table per topic and per outlet, the median length, and examples of each fault;
writes bench/results/headlines.md. It measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.t17 import load_topic, topics
from timeline import salience
from timeline.pipeline import build_timeline
from timeline.records import Article
from timeline.sources import load_articles
from timeline.verbs import has_main_verb, has_verb

ROOT = Path(__file__).resolve().parents[1]
MISSION = ROOT.parent / "shared" / "corpus" / "huawei-mts"
RESULTS = Path(__file__).resolve().parent / "results"
LIMIT = 80

_PRONOUN = re.compile(r"^[\"“‘']?(?:he|she|it|they|we|i|you|him|her|them|his|its|their|this|these|those)\b(?!['’]s\b)", re.IGNORECASE)
_QUESTION = re.compile(
    r"\?[\"”’']?$|^(?:could|would|should|will|can|is|are|was|were|do|does|did|has|have|who|what|why|how|when|where)\b.*\?",
    re.IGNORECASE,
)
# Page furniture, as wire and web copy print it (independent of the pipeline's rules).
_FURNITURE = {
    "wire dateline": re.compile(r"\b[A-Z]{3,}(?:\s[A-Z]{3,})*\s*\|\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)|\((?:Reuters|AP|AFP|Bloomberg)\)"),
    "outlet tag": re.compile(r"\((?:CNN|BBC|AP|AFP|Reuters|Fox News|EW\.com|CNNMoney)\)\s*(?:--|—|-)?"),
    "time stamp": re.compile(r"\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?\s*(?:E[SD]T|GMT|BST|ET|PT|UTC)\b", re.IGNORECASE),
    "update note": re.compile(r"^\(?\s*(?:update|updated|editor's note|correction)\b", re.IGNORECASE),
    "comment stamp": re.compile(r"\b\d{4}\s+at\s+\d{1,2}:\d{2}\s*(?:am|pm)?\s*\||\|\s*(?:reply|report abuse|permalink)\b", re.IGNORECASE),
    "caption or credit": re.compile(r"\((?:pictured|above|left|right|below|photo|file photo)\b|\b(?:Getty Images|AP Photo|Photograph:)", re.IGNORECASE),
    "share or related line": re.compile(r"^(?:read more|related|share this|click here|follow us|see also|watch)\b|\bclick here\b", re.IGNORECASE),
    "copyright": re.compile(r"©|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE),
    "photo credit": re.compile(
        r"^[\w.' -]{1,40}/(?:AP|AFP|Reuters|REUTERS|Getty|EPA|PA|Pool|Handout|Rex|Corbis|White House)\b|^(?:AP Photo|AFP Photo|REUTERS)/"
        r"|^(?:AP|AFP|Reuters|Getty Images)\s+[A-Z]|\b(?:Photograph|Picture|Credit):"
    ),
    "wire note": re.compile(r"^\((?:repeats|adds|recasts|updates|corrects|refiles)\b", re.IGNORECASE),
}
# Copy broken on the way: a bracket or quotation mark left alone, a space before a stop or a
# comma (a gap where words were taken out), nothing in lower case (a dateline or a shout).
_SPACED_STOP = re.compile(r"\s[.,;:](?:\s|$)")


def broken(headline: str) -> str | None:
    """How `headline` is broken, or None."""
    if headline.count("(") != headline.count(")") or headline.count("[") != headline.count("]"):
        return "bracket"
    if headline.count('"') % 2 or headline.count("“") != headline.count("”"):
        return "quotation mark"
    if _SPACED_STOP.search(headline):
        return "gap"
    if not any(c.islower() for c in headline):
        return "no lower case"
    return None


MEASURES = ("cut", f"over {LIMIT}", "pronoun", "question", "furniture", "broken")


def faults(headline: str) -> dict[str, str | None]:
    """Each measure's fault in `headline`: the furniture form it matches, or "" for a plain fault."""
    form = next((name for name, pattern in _FURNITURE.items() if pattern.search(headline)), None)
    return {
        "cut": "" if headline.endswith(("…", "...")) else None,
        f"over {LIMIT}": "" if len(headline) > LIMIT else None,
        "pronoun": "" if _PRONOUN.match(headline) else None,
        "question": "" if _QUESTION.search(headline) else None,
        "furniture": form,
        "broken": broken(headline),
    }


def outlet(topic: str) -> str:
    return topic.rsplit("_", 1)[-1] if "_" in topic else topic


def headlines_of(articles: list[Article], top: int) -> list[str]:
    events = list(build_timeline(articles).events)
    return [event.headline for event in salience.ranked(events)[:top]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topics", nargs="+", default=None, help="Timeline17 topics (default: all)")
    parser.add_argument("--top", type=int, default=30, help="how many of the most salient events to read")
    parser.add_argument("--examples", type=int, default=3, help="examples of each fault to print")
    args = parser.parse_args()
    stories: list[tuple[str, list[Article]]] = [(t, load_topic(t)) for t in (args.topics or topics())]
    if MISSION.exists():
        stories.append(("huawei-mts", load_articles([MISSION])))
    rows: list[str] = []
    examples: dict[str, list[str]] = defaultdict(list)
    by_outlet: dict[str, list[dict[str, str | None]]] = defaultdict(list)
    everything: list[dict[str, str | None]] = []
    lengths: list[int] = []
    verbless: list[str] = []
    no_main_verb: list[str] = []
    for name, articles in stories:
        if not articles:
            print(f"{name}: no articles found, skipped", file=sys.stderr)
            continue
        heads = headlines_of(articles, args.top)
        found = [faults(h) for h in heads]
        for headline, fault in zip(heads, found, strict=True):
            for measure, value in fault.items():
                if value is not None and len(examples[measure]) < args.examples * 8:
                    examples[measure].append(f"{name}: {headline}" + (f"  [{value}]" if value else ""))
        by_outlet[outlet(name)] += found
        everything += found
        lengths += [len(h) for h in heads]
        verbless += [f"{name}: {h}" for h in heads if not has_verb(h)]
        no_main_verb += [f"{name}: {h}" for h in heads if not has_main_verb(h)]
        shares = [sum(f[m] is not None for f in found) / max(1, len(found)) for m in MEASURES]
        median = statistics.median(len(h) for h in heads) if heads else 0
        row = f"| {name} | {len(heads)} | " + " | ".join(f"{s:.0%}" for s in shares) + f" | {median:g} |"
        rows.append(row)
        print(row, flush=True)

    def share_row(label: str, found: list[dict[str, str | None]]) -> str:
        shares = [sum(f[m] is not None for f in found) / max(1, len(found)) for m in MEASURES]
        return f"| {label} | {len(found)} | " + " | ".join(f"{s:.0%}" for s in shares) + " | |"

    header = ["| story | headlines | " + " | ".join(MEASURES) + " | median length |", "|" + " --- |" * (len(MEASURES) + 3)]
    lines = [
        f"Headlines of the {args.top} most salient drawn events (`python bench/headlines.py`).",
        "",
        *header,
        *rows,
        "",
        *header,
        *(share_row(o, f) for o, f in sorted(by_outlet.items())),
        share_row("all", everything),
        "",
        f"Median length: {statistics.median(lengths) if lengths else 0:g} characters.",
        "",
        f"Without a verb (by the pipeline's own `has_verb`, not the bench's reading): {len(verbless)} of {len(lengths)}.",
        *(f"- {v}" for v in verbless[: args.examples]),
        "",
        f"Without a verb in the main clause (the pipeline's `has_main_verb`): {len(no_main_verb)} of {len(lengths)}.",
        *(f"- {v}" for v in no_main_verb[: args.examples]),
        "",
    ]
    for measure in MEASURES:
        chosen = examples[measure][:: max(1, len(examples[measure]) // max(1, args.examples))][: args.examples]
        if chosen:
            lines += [f"Examples, {measure}:", *(f"- {e}" for e in chosen), ""]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "headlines.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
