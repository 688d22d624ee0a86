"""The whole run, stage by stage: sources -> tagging -> mentions -> deduplication -> rendering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from timeline import render, salience
from timeline.dedup import deduplicate
from timeline.export import to_json, write_atomically
from timeline.mentions import extract_mentions
from timeline.records import Article, Timeline
from timeline.sources import demo_folder, load_articles

DEFAULT_TITLE = "Timeline"


def build_timeline(
    articles: Sequence[Article], title: str | None = None, max_events: int | None = None, about: str | None = None
) -> Timeline:
    """Events of `articles`, merged and dated, as a Timeline record: with `about`, only those
    involving that actor or keyword; with `max_events`, the most salient in `events` and the
    rest, ranked, in `more_events`."""
    mentions = extract_mentions(articles)
    events, more = salience.select(deduplicate(mentions, articles), max_events, about)
    return Timeline(title=title or DEFAULT_TITLE, articles=tuple(articles), events=tuple(events), more_events=tuple(more))


@dataclass(frozen=True)
class Outputs:
    html: Path
    fragment: Path
    json: Path


def outputs_for(html_path: Path) -> Outputs:
    stem = html_path.with_suffix("")
    return Outputs(html=html_path, fragment=stem.with_name(stem.name + ".fragment.html"), json=stem.with_suffix(".json"))


def build(
    inputs: Sequence[str | Path],
    out: Path,
    title: str | None = None,
    published: date | None = None,
    max_events: int | None = None,
    about: str | None = None,
) -> tuple[Timeline, Outputs]:
    """Read `inputs` (the bundled demo when empty), build the timeline and write its files.

    Everything is rendered in memory first, so an error leaves no file half-written."""
    articles = load_articles(inputs or [demo_folder()], published)
    if title is None and not inputs:
        title = "Huawei, the US ban and the Moscow 5G deal (demo)"
    timeline = build_timeline(articles, title, max_events, about)
    paths = outputs_for(out)
    contents = {
        paths.html: render.page_html(timeline),
        paths.fragment: render.fragment_html(timeline),
        paths.json: to_json(timeline),
    }
    for path, content in contents.items():
        write_atomically(path, content)
    return timeline, paths
