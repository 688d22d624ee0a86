"""The `timeline` command line."""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from timeline import span
from timeline.edits import Edits
from timeline.engines import EngineError, engine_for
from timeline.pipeline import DEFAULT_MAX_EVENTS, OutputError
from timeline.pipeline import build as build_pipeline
from timeline.settings import Limits
from timeline.sources import DEFAULT_MAX_SIZE, InputKind, ReadOptions, SourceError, check_not_future, load_articles, parse_date
from timeline.sources.console import ConsoleReport
from timeline.sources.options import MEGABYTE, default_cache_dir
from timeline.temporal import tag as tag_text

app = typer.Typer(help="Turn news articles into an interactive, embeddable timeline.", no_args_is_help=True, add_completion=False)


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return check_not_future(parse_date(value, "--published"), "--published")
    except SourceError as error:
        raise typer.BadParameter(error.problem) from None


def _check_image(image: Path | None) -> None:
    """Exit 2 with a one-line error when --image names neither a .png nor an .svg."""
    from timeline.export import IMAGE_FORMATS

    if image is not None and image.suffix.lower().lstrip(".") not in IMAGE_FORMATS:
        _fail(f"{image}: --image must end in .png or .svg")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextlib.contextmanager
def _stopping_cleanly() -> Iterator[None]:
    """SIGTERM (`kill`, a job's time limit, a container stopping) unwinds like Ctrl-C does, so the
    partition directory and half-written temporary files are removed and the workers shut down;
    by default Python would die at once and leave them all behind."""
    main = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() != main:  # a forked worker inherits this handler: it just ends, as it would have
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        typer.echo("error: stopped by SIGTERM; outputs not written", err=True)
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


class PlotlyJS(StrEnum):
    inline = "inline"
    cdn = "cdn"


class FragmentPlotlyJS(StrEnum):
    cdn = "cdn"
    inline = "inline"
    none = "none"


class PageTheme(StrEnum):
    light = "light"
    dark = "dark"


# The groups `timeline build --help` shows its options in, as the README does.
# The limits `build` runs with (timeline/settings.py): how much is held or sent at a time.
LIMITS = Limits()

WHAT_PANEL = "What is drawn"
INPUTS_PANEL = "Inputs and dates"
FETCHING_PANEL = "Fetching web pages and feeds"
FILES_PANEL = "The page and files"
PROCESSING_PANEL = "Processing"


@app.command()
def build(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Articles: .txt/.md files, folders (with or without manifest.json), .jsonl files, saved .html pages, "
            "RSS/Atom feeds, http(s) URLs of pages or feeds, text files listing URLs. None: the bundled demo."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write; .json and .fragment.html go beside it.", rich_help_panel=FILES_PANEL)] = Path(
        "out/timeline.html"
    ),
    title: Annotated[str | None, typer.Option(help="Title shown above the timeline.", rich_help_panel=WHAT_PANEL)] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for articles that carry none.", rich_help_panel=INPUTS_PANEL)] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes for tagging, mentions and merging (default: every core).", rich_help_panel=PROCESSING_PANEL)
    ] = None,
    engine: Annotated[
        EngineName, typer.Option(help=r"local: processes on this machine; dask: a Dask cluster (needs the dask extra: pip install 'timeline\[dask]').", rich_help_panel=PROCESSING_PANEL)
    ] = EngineName.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address for --engine dask (tcp://HOST:8786).", rich_help_panel=PROCESSING_PANEL)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first input that fails (default: report it, go on).", rich_help_panel=INPUTS_PANEL)] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say what was read, from where, and what was skipped.", rich_help_panel=INPUTS_PANEL)] = False,
    fetch_links: Annotated[bool, typer.Option("--fetch-links", help="Read each feed entry's linked page for its full text.", rich_help_panel=FETCHING_PANEL)] = False,
    input_kind: Annotated[
        InputKind, typer.Option("--input-kind", help="Read every input as this kind instead of guessing from its name and content.", rich_help_panel=INPUTS_PANEL)
    ] = InputKind.auto,
    max_size: Annotated[
        float, typer.Option("--max-size", help="Largest file, page or JSON line read, in MB.", min=0.001, rich_help_panel=INPUTS_PANEL)
    ] = DEFAULT_MAX_SIZE / MEGABYTE,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", help=f"Where fetched pages are kept between runs (default: {default_cache_dir()}).", rich_help_panel=FETCHING_PANEL)
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Fetch every URL afresh and keep nothing.", rich_help_panel=FETCHING_PANEL)] = False,
    cache_hours: Annotated[
        float, typer.Option("--cache-hours", min=0, help="Use a cached page this many hours, then fetch it again.", rich_help_panel=FETCHING_PANEL)
    ] = 24.0,
    ignore_robots: Annotated[
        bool, typer.Option("--ignore-robots", help="Fetch pages even where the site's robots.txt disallows it.", rich_help_panel=FETCHING_PANEL)
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a web server.", min=0.01, rich_help_panel=FETCHING_PANEL)] = 20.0,
    plotlyjs: Annotated[
        PlotlyJS, typer.Option("--plotlyjs", help="inline: one file that works offline; cdn: a small page loading pinned Plotly.js.", rich_help_panel=FILES_PANEL)
    ] = PlotlyJS.inline,
    fragment: Annotated[
        bool, typer.Option("--fragment/--no-fragment", help="Also write a <div> snippet for a CMS (.fragment.html).", rich_help_panel=FILES_PANEL)
    ] = True,
    fragment_plotlyjs: Annotated[
        FragmentPlotlyJS,
        typer.Option("--fragment-plotlyjs", help="The fragment's Plotly.js: cdn (pinned), inline (works offline) or none (the host page loads it).", rich_help_panel=FILES_PANEL),
    ] = FragmentPlotlyJS.cdn,
    theme: Annotated[PageTheme, typer.Option("--theme", help="Colours of the page and image.", rich_help_panel=FILES_PANEL)] = PageTheme.light,
    image: Annotated[
        Path | None, typer.Option("--image", help="Also draw the chart to this .png or .svg (kaleido, system Chromium).", rich_help_panel=FILES_PANEL)
    ] = None,
    max_events: Annotated[
        int,
        typer.Option(
            "--max-events", min=1, help="Draw the N most salient events; the rest are listed on demand and kept in the JSON.", rich_help_panel=WHAT_PANEL),
    ] = DEFAULT_MAX_EVENTS,
    about: Annotated[
        str | None, typer.Option("--about", help="Keep only events involving this actor or keyword (e.g. 'Huawei').", rich_help_panel=WHAT_PANEL)
    ] = None,
    on_disk: Annotated[
        bool | None,
        typer.Option(
            "--on-disk/--in-memory",
            help="Keep the merging's steps in temporary files (memory about flat in the input's size) or in memory "
            "(faster); the timeline is the same. Default: in memory for local inputs up to 32 MB.", rich_help_panel=PROCESSING_PANEL),
    ] = None,
    edits_file: Annotated[
        Path | None,
        typer.Option("--edits", help="An editor's corrections, keyed by event id (start one with 'timeline start-edits').", rich_help_panel=WHAT_PANEL),
    ] = None,
    from_day: Annotated[
        str | None, typer.Option("--from", help="Keep only events on or after this day (YYYY-MM-DD); those running into it are drawn clipped.", rich_help_panel=WHAT_PANEL)
    ] = None,
    until_day: Annotated[
        str | None, typer.Option("--until", help="Keep only events on or before this day (YYYY-MM-DD); those running past it are drawn clipped.", rich_help_panel=WHAT_PANEL)
    ] = None,
) -> None:
    """Build the timeline of INPUTS (or of the bundled demo) and write HTML, fragment, JSON, TimelineJS JSON and CSV.

    An input that fails is reported on its own line and the rest are built; the exit code is
    then 1. With --strict, or when nothing could be read, nothing is written and it is 2."""
    from timeline.export import ImageError
    from timeline.render import RenderOptions

    _check_image(image)
    render_options = RenderOptions(theme=theme.value, plotlyjs=plotlyjs.value, fragment_plotlyjs=fragment_plotlyjs.value)
    read_options = ReadOptions(
        kind=input_kind, fetch_links=fetch_links, max_size=int(max_size * MEGABYTE), timeout=timeout,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()), cache_max_age=cache_hours * 3600,
        obey_robots=not ignore_robots,
    )  # fmt: skip
    report = ConsoleReport(verbose=verbose, strict=strict, echo=lambda line: typer.echo(line, err=True))
    edits = _edits(edits_file)
    try:
        runner = engine_for(jobs, engine.value, scheduler)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    try:
        within = span.make(
            span.parse_day(from_day, "--from") if from_day is not None else None,
            span.parse_day(until_day, "--until") if until_day is not None else None,
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    try:
        with report, _stopping_cleanly():
            timeline, paths = build_pipeline(
                list(inputs or []), out, title, _published(published), read_options=read_options,
                on_error=report.on_error, on_notice=report.on_notice, on_progress=report.on_progress,
                render_options=render_options, fragment=fragment, image=image, max_events=max_events, about=about, engine=runner,
                on_disk=on_disk, limits=LIMITS,
                edits=edits, on_warning=lambda line: typer.echo(f"warning: {line}", err=True), within=within,
            )  # fmt: skip
    except SourceError as error:
        _fail(str(error))
        return
    except OutputError as error:  # --out or --image on a folder, a device, another output's name
        _fail(str(error))
        return
    except EngineError as error:  # no Dask, or its scheduler out of reach
        _fail(str(error))
        return
    except ImageError as error:  # --image without kaleido or Chromium (a crashed worker is not one)
        _fail(f"{image}: {error}")
        return
    written = [p.name for p in (paths.json, paths.timelinejs, paths.csv, paths.fragment if fragment else None, paths.image) if p]
    more = f" (+{len(timeline.more_events)} more on demand)" if timeline.more_events else ""
    typer.echo(f"{len(timeline.events)} events{more} from {len(timeline.articles)} articles -> {paths.html} ({', '.join(written)})")
    if report.errors:
        typer.echo(f"{len(report.errors)} input(s) or record(s) could not be read and were left out (see the errors above)", err=True)
        raise typer.Exit(1)


def _edits(path: Path | None) -> Edits | None:
    """The edits file, checked before any article is read (a bad one: exit 2, nothing written)."""
    from timeline.edits import EditsError, load

    if path is None:
        return None
    try:
        return load(path)
    except EditsError as error:
        _fail(str(error))
        return None


@app.command("start-edits")
def start_edits(
    timeline_file: Annotated[Path, typer.Argument(help="A built timeline.json (or timeline.csv).")] = Path("out/timeline.json"),
    out: Annotated[Path, typer.Option("--out", "-o", help="The edits file to start.")] = Path("edits.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Replace OUT when it exists (an editor's work: off by default).")] = False,
) -> None:
    """Start an edits file: every drawn event's id, date and headline, commented out, ready to uncomment."""
    from timeline.edits import template
    from timeline.files import write_atomically
    from timeline.sheet import SheetError, read

    try:
        drawn = read(timeline_file)
    except SheetError as error:
        _fail(str(error))
        return
    if out.exists() and not force:
        _fail(f"{out}: exists already; not replaced (--force replaces it)")
    write_atomically(out, template(drawn, str(timeline_file)))
    typer.echo(f"{len(drawn.events)} events -> {out} (uncomment and change; then timeline build ... --edits {out})")


@app.command()
def render(
    sheet: Annotated[Path, typer.Argument(help="An exported timeline.csv (edited in a spreadsheet) or timeline.json.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write; the other exports go beside it.")] = Path(
        "out/timeline.html"
    ),
    title: Annotated[str | None, typer.Option(help="Title shown above the timeline (default: the JSON's, or the file's name).")] = None,
    plotlyjs: Annotated[
        PlotlyJS, typer.Option("--plotlyjs", help="inline: one file that works offline; cdn: a small page loading pinned Plotly.js.")
    ] = PlotlyJS.inline,
    fragment: Annotated[
        bool, typer.Option("--fragment/--no-fragment", help="Also write a <div> snippet for a CMS (.fragment.html).")
    ] = True,
    theme: Annotated[PageTheme, typer.Option("--theme", help="Colours of the page and image.")] = PageTheme.light,
    image: Annotated[
        Path | None, typer.Option("--image", help="Also draw the chart to this .png or .svg (kaleido, system Chromium).")
    ] = None,
) -> None:
    """Draw the page and the other exports from SHEET, without reading the articles again.

    A bad row is an error naming its row and column: exit 2, nothing written."""
    from timeline.export import ImageError
    from timeline.pipeline import write_outputs
    from timeline.render import RenderOptions
    from timeline.sheet import SheetError, read

    _check_image(image)
    if sheet.resolve() in {p.resolve() for p in (out.with_suffix(".csv"), out.with_suffix(".json"))}:
        _fail(f"{sheet}: would be overwritten by the exports of --out {out}; write them elsewhere")
    try:
        drawn = read(sheet, title)
    except SheetError as error:
        _fail(str(error))
        return
    try:
        paths = write_outputs(drawn, out, RenderOptions(theme=theme.value, plotlyjs=plotlyjs.value), fragment=fragment, image=image)
    except OutputError as error:  # --out or --image on a folder, a device, another output's name
        _fail(str(error))
        return
    except ImageError as error:
        _fail(f"{image}: {error}")
        return
    more = f" (+{len(drawn.more_events)} more on demand)" if drawn.more_events else ""
    typer.echo(f"{len(drawn.events)} events{more} from {sheet} -> {paths.html}")


@app.command()
def embed(
    url: Annotated[str, typer.Argument(help="Where the built page is published (http or https).")],
    title: Annotated[str, typer.Option(help="The iframe's title, read out by screen readers.")] = "Timeline",
    height: Annotated[int, typer.Option(help="Height in px until the page reports its own.")] = 720,
) -> None:
    """Print an iframe snippet that embeds the page at URL in a story and fits its height."""
    from timeline.render import embed_snippet

    try:
        typer.echo(embed_snippet(url, title, height), nl=False)
    except ValueError as error:
        _fail(str(error))


class TagFormat(StrEnum):
    json = "json"
    timeml = "timeml"


TIMEML_SUFFIXES = (".tml", ".te3input")


@app.command()
def tag(
    files: Annotated[
        list[str], typer.Argument(help="Articles to tag (files, folders or URLs, as for build), or TimeML .tml/.TE3input files or folders.")
    ],
    published: Annotated[str | None, typer.Option(help="Publication date for articles that carry none.")] = None,
    format: Annotated[
        TagFormat, typer.Option("--format", help="json: one line per expression; timeml: TempEval-3 files.")
    ] = TagFormat.json,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for --format timeml output (default: print).")] = None,
) -> None:
    """Print the time expressions of FILES: span, text, type, value, granularity and interval.

    With --format timeml, TempEval-3 TimeML input (its DCT and <TEXT>) is written back with
    TIMEX3 tags inserted, ready for the official scorer; a folder in gives a folder out."""
    if format is TagFormat.timeml:
        _tag_timeml([Path(item) for item in files], out)
        return
    try:
        articles = load_articles(files, _published(published))
    except SourceError as error:
        _fail(str(error))
        return
    for article in articles:
        for t in tag_text(article.text, article.published):
            interval = [t.interval_start.isoformat(), t.interval_end.isoformat()] if t.interval_start and t.interval_end else None
            record = {"article": article.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value,
                      "end_value": t.end_value, "mod": t.mod, "granularity": t.granularity, "interval": interval}  # fmt: skip
            typer.echo(json.dumps(record, ensure_ascii=False))


def _tag_timeml(inputs: list[Path], out: Path | None) -> None:
    from timeline import timeml

    paths: list[Path] = []
    for item in inputs:
        if item.is_dir():
            paths += sorted(p for p in item.iterdir() if p.suffix.lower() in TIMEML_SUFFIXES)
        elif item.is_file():
            paths.append(item)
        else:
            _fail(f"{item}: no such file or folder")
    documents = []
    for path in paths:
        try:
            documents.append((path, timeml.read(path)))
        except (timeml.TimeMLError, UnicodeDecodeError, OSError) as error:
            _fail(f"{path}: not a TempEval-3 TimeML file ({error})")
    outputs = [(path, timeml.write(doc, tag_text(doc.text, doc.creation_time))) for path, doc in documents]
    if out is None:
        for _, content in outputs:
            typer.echo(content, nl=False)
        return
    from timeline.files import write_atomically

    for path, content in outputs:
        name = path.name[: -len(".TE3input")] if path.name.endswith(".TE3input") else path.name
        write_atomically(out / name, content)
    typer.echo(f"{len(outputs)} TimeML files -> {out}")


@app.command()
def screenshot(
    page: Annotated[Path, typer.Argument(help="A built timeline page.")] = Path("out/timeline.html"),
    out: Annotated[Path, typer.Option("--out", "-o", help="PNG to write.")] = Path("out/timeline.png"),
    width: Annotated[int, typer.Option(help="Viewport width in CSS pixels (360 for a phone).")] = 1200,
    phone: Annotated[bool, typer.Option("--phone", help="A phone's width: 360 px at device scale 2.")] = False,
    first_screen: Annotated[bool, typer.Option("--first-screen", help="Only what the first screen shows, not the whole page.")] = False,
) -> None:
    """Take a full-page PNG of PAGE in headless Chromium (needs the browser extra)."""
    from timeline.screenshot import PHONE_HEIGHT, PHONE_WIDTH
    from timeline.screenshot import screenshot as take

    if phone:
        width = PHONE_WIDTH

    if not page.is_file():
        _fail(f"{page}: no such file (run 'timeline build' first)")
    try:
        errors = take(page, out, width=width, height=PHONE_HEIGHT if phone else 800, full_page=not first_screen)
    except (ImportError, RuntimeError) as error:
        _fail(f"screenshot needs Playwright and Chromium: {error}")
        return
    for message in errors:
        typer.echo(f"console error: {message}", err=True)
    typer.echo(f"{out} ({width}px wide)")
    if errors:
        raise typer.Exit(1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
