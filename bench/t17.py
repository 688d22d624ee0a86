"""Timeline17 as Article records, for the benches (../shared/eval/timeline17, see its SOURCE.md).

The articles come tokenised (PTB style: "it 's", "-LRB-", "`` ... ''", "\\/"); they are joined back
into ordinary text so the sentence splitter, tagger and headlines see what a newsroom would feed.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from timeline.records import Article

ROOT = Path(__file__).resolve().parents[1]
TIMELINE17 = ROOT.parent / "shared" / "eval" / "timeline17" / "t17"
# Topics that come with a gold timeline in the shared copy.
GOLD_TOPICS = (
    "H1N1_bbc",
    "H1N1_guardian",
    "H1N1_reuters",
    "bpoil_bbc",
    "bpoil_foxnews",
    "bpoil_guardian",
    "bpoil_reuters",
    "bpoil_washingtonpost",
    "haiti_bbc",
    "MJ_bbc",
)
# Story families: one story told by several outlets. Whatever is fitted or chosen is scored on
# a family it was not fitted on (leave one story out).
FAMILIES = {topic: topic.split("_")[0] for topic in GOLD_TOPICS}

_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_DETOKENISE = (
    # a stock ticker in brackets, split at its dot ("-LRB- BP . L -RRB-": "(BP.L)", as wire copy prints it)
    (re.compile(r"(-LRB- [A-Za-z0-9]{1,6}) \. ([A-Z]{1,3}) (?=-RRB-)"), lambda m: f"{m.group(1)}.{m.group(2)} "),
    (re.compile(r"-[LR][RSC]B-"), lambda m: _BRACKETS[m.group()]),
    (re.compile(r"``\s*"), lambda m: '"'),
    (re.compile(r"\s*''"), lambda m: '"'),
    (re.compile(r" (n't|'s|'re|'ve|'m|'ll|'d)\b", re.IGNORECASE), lambda m: m.group(1)),
    # single quotes: "` not suspicious '" and "' a lot of fun '" (a pair, the closing one before
    # punctuation or a space); an apostrophe inside ("it's") stays
    (re.compile(r"(?<![\w'`])[`']\s+((?:[^`'\n]|'(?=\w)){1,300}?)\s+'(?=[\s.,;:!?)\]]|$)"), lambda m: f"'{m.group(1)}'"),
    (re.compile(r"\\([/*])"), lambda m: m.group(1)),  # PTB escapes "/" and "*" ("AP\/Reuters")
    (re.compile(r"([(\[{$]) "), lambda m: m.group(1)),
    (re.compile(r" ([.,;:!?%)\]}])"), lambda m: m.group(1)),
)


def detokenise(text: str) -> str:
    """PTB-tokenised text as ordinary prose ("it 's" -> "it's", "-LRB-" -> "(")."""
    for pattern, replacement in _DETOKENISE:
        text = pattern.sub(replacement, text)
    return re.sub(r"[ \t]+", " ", text).strip()


def topics() -> list[str]:
    return sorted(p.parent.name for p in TIMELINE17.glob("*/articles.json"))


def topic_records(topic: str) -> list[dict[str, str]]:
    """One topic's articles as the shared copy stores them (tokenised text, `dct`, `uid`)."""
    path = TIMELINE17 / topic / "articles.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []  # one topic's file is absent from the snapshot (see SOURCE.md)


def load_topic(topic: str) -> list[Article]:
    """The articles of one topic, ids prefixed with the topic (uids repeat across topics)."""
    return [
        Article(id=f"{topic}/{r['uid']}", text=detokenise(r["text"]), published=date.fromisoformat(r["dct"][:10]))
        for r in topic_records(topic)
    ]


def gold_dates(topic: str) -> list[set[date]]:
    """The dates of each gold timeline of `topic`."""
    return [
        {date.fromisoformat(entry["date"][:10]) for entry in json.loads(path.read_text(encoding="utf-8"))}
        for path in sorted((TIMELINE17 / topic).glob("*timeline.json"))
    ]
