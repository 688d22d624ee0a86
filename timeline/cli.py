"""The `timeline` command line."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from timeline.engines import engine_for
from timeline.pipeline import build as build_pipeline
from timeline.sources import SourceError, load_articles, parse_date
from timeline.temporal import tag as tag_text

app = typer.Typer(help="Turn news articles into an interactive, embeddable timeline.", no_args_is_help=True, add_completion=False)


def _published(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value, "--published")
    except SourceError as error:
        raise typer.BadParameter(error.problem) from None


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def build(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Articles: .txt/.md files, folders (with or without manifest.json), .jsonl files. None: the bundled demo."
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write; .json and .fragment.html go beside it.")] = Path(
        "out/timeline.html"
    ),
    title: Annotated[str | None, typer.Option(help="Title shown above the timeline.")] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for articles that carry none.")] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Processes for tagging and mentions (default: every core).")
    ] = None,
    engine: Annotated[
        EngineName, typer.Option(help="local: processes on this machine; dask: a Dask cluster (needs '.[dask]').")
    ] = EngineName.local,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address for --engine dask (tcp://HOST:8786).")] = None,
) -> None:
    """Build the timeline of INPUTS (or of the bundled demo) and write HTML, fragment and JSON."""
    try:
        runner = engine_for(jobs, engine.value, scheduler)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    try:
        timeline, paths = build_pipeline(list(inputs or []), out, title, _published(published), engine=runner)
    except SourceError as error:
        _fail(str(error))
        return
    except RuntimeError as error:  # the engine could not start (no Dask, no scheduler)
        _fail(str(error))
        return
    typer.echo(
        f"{len(timeline.events)} events from {len(timeline.articles)} articles -> {paths.html} ({paths.json.name}, {paths.fragment.name})"
    )


class TagFormat(StrEnum):
    json = "json"
    timeml = "timeml"


TIMEML_SUFFIXES = (".tml", ".te3input")


@app.command()
def tag(
    files: Annotated[
        list[Path], typer.Argument(help="Articles to tag (as for build), or TimeML .tml/.TE3input files or folders.")
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
        _tag_timeml(files, out)
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
    from timeline.export import write_atomically

    for path, content in outputs:
        name = path.name[: -len(".TE3input")] if path.name.endswith(".TE3input") else path.name
        write_atomically(out / name, content)
    typer.echo(f"{len(outputs)} TimeML files -> {out}")


@app.command()
def screenshot(
    page: Annotated[Path, typer.Argument(help="A built timeline page.")] = Path("out/timeline.html"),
    out: Annotated[Path, typer.Option("--out", "-o", help="PNG to write.")] = Path("out/timeline.png"),
    width: Annotated[int, typer.Option(help="Viewport width in CSS pixels (360 for a phone).")] = 1200,
) -> None:
    """Take a full-page PNG of PAGE in headless Chromium (needs the [browser] extra)."""
    from timeline.screenshot import screenshot as take

    if not page.is_file():
        _fail(f"{page}: no such file (run 'timeline build' first)")
    try:
        errors = take(page, out, width=width)
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
