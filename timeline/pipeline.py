"""The whole run, stage by stage: sources -> tagging -> mentions -> deduplication -> rendering."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from timeline import render, salience
from timeline.dedup import deduplicate
from timeline.export import image_bytes, to_csv, to_json, to_timelinejs, write_atomically
from timeline.mentions import extract_mentions
from timeline.records import Article, Timeline
from timeline.sources import ReadOptions, SourceError, demo_folder, load_articles
from timeline.sources.errors import ErrorHandler, NoticeHandler, ProgressHandler

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
    *,
    read_options: ReadOptions | None = None,
    on_error: ErrorHandler | None = None,
    on_notice: NoticeHandler | None = None,
    on_progress: ProgressHandler | None = None,
    render_options: render.RenderOptions | None = None,
    fragment: bool = True,
    image: Path | None = None,
    max_events: int | None = None,
    about: str | None = None,
) -> tuple[Timeline, Outputs]:
    """Read `inputs` (the bundled demo when empty), build the timeline and write its files.

    With `on_error`, inputs that fail are reported there and the timeline is built from the
    rest (an error only when nothing is left); without it the first failure is raised.
    Everything is rendered in memory first, so an error leaves no file half-written."""
    articles = load_articles(
        inputs or [demo_folder()], published, options=read_options, on_error=on_error, on_notice=on_notice, on_progress=on_progress
    )
    if not articles:
        raise SourceError("inputs", "no article could be read, so there is no timeline to build")
    if title is None and not inputs:
        title = "Huawei, the US ban and the Moscow 5G deal (demo)"
    timeline = build_timeline(articles, title, max_events, about)
    paths = outputs_for(out, image)
    options = render_options or render.RenderOptions()
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
