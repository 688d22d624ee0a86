"""The whole run, stage by stage: sources -> tagging -> mentions -> deduplication -> rendering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from timeline import render
from timeline.dedup import deduplicate
from timeline.export import image_bytes, to_csv, to_json, to_timelinejs, write_atomically
from timeline.mentions import extract_mentions
from timeline.records import Article, Timeline
from timeline.sources import demo_folder, load_articles

DEFAULT_TITLE = "Timeline"


def build_timeline(articles: Sequence[Article], title: str | None = None) -> Timeline:
    """Events of `articles`, merged and dated, as a Timeline record."""
    mentions = extract_mentions(articles)
    events = deduplicate(mentions, articles)
    return Timeline(title=title or DEFAULT_TITLE, articles=tuple(articles), events=tuple(events))


@dataclass(frozen=True)
class Outputs:
    html: Path
    fragment: Path
    json: Path
    timelinejs: Path  # Knight Lab TimelineJS JSON
    csv: Path
    image: Path | None = None  # --image: PNG or SVG through kaleido


def outputs_for(html_path: Path, image: Path | None = None) -> Outputs:
    stem = html_path.with_suffix("")
    return Outputs(
        html=html_path,
        fragment=stem.with_name(stem.name + ".fragment.html"),
        json=stem.with_suffix(".json"),
        timelinejs=stem.with_name(stem.name + ".timelinejs.json"),
        csv=stem.with_suffix(".csv"),
        image=image,
    )


def build(
    inputs: Sequence[str | Path],
    out: Path,
    title: str | None = None,
    published: date | None = None,
    options: render.RenderOptions | None = None,
    fragment: bool = True,
    image: Path | None = None,
) -> tuple[Timeline, Outputs]:
    """Read `inputs` (the bundled demo when empty), build the timeline and write its files.

    Everything is rendered in memory first, so an error leaves no file half-written."""
    articles = load_articles(inputs or [demo_folder()], published)
    if title is None and not inputs:
        title = "Huawei, the US ban and the Moscow 5G deal (demo)"
    timeline = build_timeline(articles, title)
    paths = outputs_for(out, image)
    options = options or render.RenderOptions()
    contents: dict[Path, str | bytes] = {
        paths.html: render.page_html(timeline, options),
        paths.json: to_json(timeline),
        paths.timelinejs: to_timelinejs(timeline),
        paths.csv: to_csv(timeline),
    }
    if fragment:
        contents[paths.fragment] = render.fragment_html(timeline, options)
    if image is not None:
        contents[image] = image_bytes(timeline, image.suffix.lower().lstrip("."), options.theme)
    for path, content in contents.items():
        write_atomically(path, content)
    return timeline, paths
