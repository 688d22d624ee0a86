"""The whole run, stage by stage: sources -> tagging -> mentions -> deduplication -> rendering.

Reading, tagging and mention extraction run per article, as a stream, on an engine
(timeline/engines.py: this process, local processes or a Dask cluster); an article's text is
dropped once its mentions are out (timeline/extract.py), and only the sentences deduplication
can use are kept, each routed to its calendar year (dedup.route) in the worker that made it.
Deduplication then merges and builds the events a year at a time on the same engine
(timeline/dedup/years.py), keeping its steps in memory for a small input, or in files on disk
(timeline/dedup/store.py) so that memory stays about flat as the input grows.
"""

from __future__ import annotations

import functools
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from timeline import collector, dedup, render, span, titles
from timeline.dedup import FeatureCounts, FileStore, MemoryStore, Routed, Store
from timeline.edits import Edits
from timeline.edits import apply as apply_edits
from timeline.engines import Engine, EngineError, InProcess
from timeline.export import csv_chunks, image_bytes, json_chunks, to_timelinejs
from timeline.extract import ChunkResult, chunks, mentions_of_chunk
from timeline.files import write_all_atomically
from timeline.records import Article, Span, Timeline
from timeline.settings import DEFAULT_LIMITS, Limits
from timeline.sources import ReadOptions, SourceError, demo_folder, iter_articles
from timeline.sources.errors import ErrorHandler, NoticeHandler, ProgressHandler

DEFAULT_TITLE = "Timeline"
# A story's timeline is read, not searched: past a hundred events a chart is a blur, and a pile
# of thousands of articles would make a page of thousands of markers. `build` draws this many.
DEFAULT_MAX_EVENTS = 100


@dataclass
class StageTimes:
    """What a run read and how long each stage took, in seconds (filled in by build_timeline and build).

    `tag` and `mentions` are CPU time summed over the workers, so with several processes they
    can exceed `per_article`, the wall-clock time of the streamed stages (read included)."""

    articles: int = 0
    characters: int = 0
    utf8_bytes: int = 0
    mentions_kept: int = 0
    read: float = 0.0  # waiting for the source stream, in the main process
    tag: float = 0.0
    mentions: float = 0.0
    per_article: float = 0.0
    dedup: float = 0.0
    on_disk: bool = False  # the merging kept its steps in files on disk
    render: float = 0.0
    engine: str = ""


def build_timeline(
    articles: Iterable[Article],
    title: str | None = None,
    *,
    max_events: int | None = None,
    about: str | None = None,
    engine: Engine | None = None,
    stages: StageTimes | None = None,
    on_disk: bool = True,
    within: Span | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Timeline:
    """Events of `articles`, merged and dated, as a Timeline record: with `about`, only those
    involving that actor or keyword; with `within` (--from, --until), only those touching its
    days; with `max_events`, the most salient in `events` and the rest, ranked, in `more_events`.
    Without `title`, one made from the story (titles.default_title).

    `on_disk`: where the engine's workers share this machine's disk, the merging keeps its steps
    in files (memory about flat in the input's size) rather than in memory (faster on a small
    input); the timeline is the same.

    `articles` may be a lazy stream; the Timeline keeps them without their text. `more_events`
    is read back as it is asked for (dedup.StoredEvents: like a tuple), from a temporary file
    deleted with the Timeline when the steps were on disk."""
    stages = stages if stages is not None else StageTimes()
    engine = engine or InProcess()
    stages.engine = engine.description
    stages.on_disk = on_disk and engine.shares_disk
    kept: list[Article] = []
    counts = FeatureCounts()
    routed = Routed()
    started = time.perf_counter()
    try:
        with ExitStack() as cleanup:
            if stages.on_disk:
                store: Store = FileStore(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="timeline-merging-")))
            else:
                store = MemoryStore(forked_workers=engine.forks_workers)
            cleanup.callback(store.close)
            numbered = enumerate(chunks(_timed(articles, stages), limits.chunk_characters))
            for result, routes in engine.map(numbered, functools.partial(_extract_and_route, store)):
                routed.add(routes)
                kept.extend(result.articles)
                counts.add(result.feature_counts)
                stages.articles += len(result.articles)
                stages.characters += result.characters
                stages.utf8_bytes += result.utf8_bytes
                stages.tag += result.tag_seconds
                stages.mentions += result.mention_seconds
            stages.per_article = time.perf_counter() - started
            stages.mentions_kept = routed.mentions
            started = time.perf_counter()
            # Steps kept on disk are read by workers that need none of this process's memory.
            run = engine.run_fresh_tasks if store.on_disk else engine.run_tasks
            table = dedup.merge(routed, kept, counts=counts, store=store, run=run, about=about, limits=limits)
            span.mark_outside(table, within)  # --from, --until: the cut is made among the events inside
            events, more = table.select(max_events)
    except OSError as error:  # the temporary directory missing, not writable or full
        if not stages.on_disk:
            raise
        raise EngineError(
            f"cannot write the merging's files in {tempfile.gettempdir()}: {error.strerror or error} "
            "(set TMPDIR to a directory with room)"
        ) from None
    stages.dedup = time.perf_counter() - started
    # No title given: one made from the story's actors and days ("Huawei and MTS, February-June 2019").
    title = title or titles.default_title(events, within) or DEFAULT_TITLE
    return Timeline(title=title, articles=tuple(kept), events=events, more_events=more, span=within)


def _extract_and_route(store: Store, numbered: tuple[int, list[Article]]) -> tuple[ChunkResult, dedup.ChunkRoutes]:
    """The per-article stages' task (extract.mentions_of_chunk), its mentions routed to their
    years in `store` (dedup.route): only a summary of them comes back."""
    number, articles = numbered
    result = mentions_of_chunk(articles)
    routes = dedup.route(store, number, result.mentions, articles)
    return replace(result, mentions=[]), routes


def local_input_bytes(inputs: Sequence[str | Path]) -> int | None:
    """The bytes of `inputs` on this machine (files, and every file under a folder), or None when
    one is not a local file or folder (a URL, a feed address). No inputs is the bundled demo: small."""
    total = 0
    for given in inputs:
        path = Path(given)
        if "://" in str(given) or not path.exists():
            return None
        try:
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
        except OSError:
            return None
    return total


def _timed(articles: Iterable[Article], stages: StageTimes) -> Iterator[Article]:
    """`articles`, adding the time spent waiting for each to `stages.read`."""
    stream = iter(articles)
    while True:
        started = time.perf_counter()
        article = next(stream, None)
        stages.read += time.perf_counter() - started
        if article is None:
            return
        yield article


@dataclass(frozen=True)
class Outputs:
    html: Path
    fragment: Path
    json: Path
    timelinejs: Path  # Knight Lab TimelineJS JSON
    csv: Path
    image: Path | None = None  # --image: PNG or SVG through kaleido


class OutputError(ValueError):
    """An output path that cannot be written (a folder, a device, two outputs on one name, a
    place that cannot be written); raised before anything is read or written."""


def outputs_for(html_path: Path, image: Path | None = None) -> Outputs:
    """The files a build writes beside the page `html_path` ("t.html": t.json, t.csv, ...)."""
    if not html_path.name or html_path.name in (".", ".."):
        raise OutputError(f"{str(html_path) or repr('')}: --out needs a file name, such as out/timeline.html")
    stem = html_path.with_suffix("")
    return Outputs(
        html=html_path,
        fragment=stem.with_name(stem.name + ".fragment.html"),
        json=stem.with_suffix(".json"),
        timelinejs=stem.with_name(stem.name + ".timelinejs.json"),
        csv=stem.with_suffix(".csv"),
        image=image,
    )


def check_outputs(paths: Outputs, fragment: bool = True) -> None:
    """Nothing when every output can be written; else an OutputError naming the path. Only a
    regular file is ever replaced (never a folder or a device such as /dev/null), and no two
    outputs share a name."""
    wanted = [("the page", paths.html), ("the JSON", paths.json), ("the TimelineJS JSON", paths.timelinejs),
              ("the CSV", paths.csv), ("the fragment", paths.fragment if fragment else None), ("the image", paths.image)]  # fmt: skip
    seen: dict[Path, str] = {}
    for role, path in wanted:
        if path is None:
            continue
        if not path.name or path.name in (".", ".."):
            raise OutputError(f"{str(path) or repr('')}: {role} needs a file name")
        key = Path(os.path.realpath(path))
        if key in seen:
            raise OutputError(f"{path}: {seen[key]} and {role} would be written to this one file; choose another name")
        seen[key] = role
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise OutputError(f"{path}: cannot write: {error.strerror or error}") from None
        if mode is not None and not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, a pipe or a socket)"
            raise OutputError(f"{path}: is {what}; only a regular file is replaced")
        _check_folder(path)


def _check_folder(path: Path) -> None:
    """Nothing when `path`'s folder exists and can be written, or can be made; else an OutputError."""
    folder = Path(os.path.abspath(path)).parent
    while not folder.exists():  # the nearest folder that exists is where the rest would be made
        if folder.is_symlink():
            raise OutputError(f"{path}: cannot write: {folder} is a broken symbolic link")
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(f"{path}: cannot write: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: cannot write in {folder}: permission denied")


def build(
    inputs: Sequence[str | Path],
    out: Path,
    title: str | None = None,
    published: date | None = None,
    *,
    engine: Engine | None = None,
    stages: StageTimes | None = None,
    read_options: ReadOptions | None = None,
    on_error: ErrorHandler | None = None,
    on_notice: NoticeHandler | None = None,
    on_progress: ProgressHandler | None = None,
    render_options: render.RenderOptions | None = None,
    fragment: bool = True,
    image: Path | None = None,
    max_events: int | None = DEFAULT_MAX_EVENTS,
    about: str | None = None,
    on_disk: bool | None = None,
    edits: Edits | None = None,
    on_warning: Callable[[str], None] | None = None,
    within: Span | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Timeline, Outputs]:
    """Read `inputs` (the bundled demo when empty), build the timeline and write its files.

    With `on_error`, inputs that fail are reported there and the timeline is built from the
    rest (an error only when nothing is left); without it the first failure is raised.
    The page is rendered in memory first, the JSON and CSV as they are written, and no file
    takes its name before all are written, so an error leaves no file of this build.
    With `edits`, an editor's corrections are applied to the events drawn and ranked (ids no
    event has any more are reported to `on_warning`)."""
    check_outputs(outputs_for(out, image), fragment)  # before anything is read
    articles = iter_articles(
        inputs or [demo_folder()],
        published,
        options=read_options,
        on_error=on_error,
        on_notice=on_notice,
        on_progress=on_progress,
    )
    if title is None and not inputs:
        title = "Huawei, the US ban and the Moscow 5G deal (demo)"
    stages = stages if stages is not None else StageTimes()
    if on_disk is None:  # by the input's size (Limits.in_memory_input_bytes)
        size = local_input_bytes(inputs)
        on_disk = size is None or size > limits.in_memory_input_bytes
    timeline = build_timeline(
        articles, title, max_events=max_events, about=about, engine=engine, stages=stages, on_disk=on_disk,
        within=within, limits=limits,
    )  # fmt: skip
    if not timeline.articles:
        raise SourceError("inputs", "no article could be read, so there is no timeline to build")
    if edits is not None:  # the editor's pass, on what the merging drew and ranked
        timeline, warnings = apply_edits(timeline, edits, max_events)
        for warning in warnings:
            if on_warning is not None:
                on_warning(warning)
    started = time.perf_counter()
    paths = write_outputs(timeline, out, render_options, fragment=fragment, image=image)
    stages.render = time.perf_counter() - started
    return timeline, paths


def write_outputs(
    timeline: Timeline,
    out: Path,
    render_options: render.RenderOptions | None = None,
    *,
    fragment: bool = True,
    image: Path | None = None,
) -> Outputs:
    """Write the page and every export of `timeline` beside `out`; none takes its name before all are written."""
    paths = outputs_for(out, image)
    check_outputs(paths, fragment)
    options = render_options or render.RenderOptions()
    page, fragment_html = render.page_and_fragment(timeline, options)
    # The JSON (every event with every mention) and the CSV (a row per event) are by far the
    # largest files: they are written piece by piece as they are made, every event read back from
    # disk in turn; every file takes its name only once all are written, so a failure leaves none.
    contents: dict[Path, str | bytes | Iterable[str]] = {
        paths.json: json_chunks(timeline),
        paths.html: page,
        paths.timelinejs: to_timelinejs(timeline),
        paths.csv: csv_chunks(timeline),
    }
    if fragment:
        contents[paths.fragment] = fragment_html
    if image is not None:
        contents[image] = image_bytes(timeline, image.suffix.lower().lstrip("."), options.theme)
    with collector.paused():  # see timeline/collector.py
        try:
            write_all_atomically(contents)
        except OSError as error:  # the disk full, or the folder changed since it was checked
            where = f"{error.filename}: " if error.filename else f"{out}: "
            raise OutputError(f"{where}cannot write: {error.strerror or error}") from None
    return paths
