"""The `timeline` command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

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
) -> None:
    """Build the timeline of INPUTS (or of the bundled demo) and write HTML, fragment and JSON."""
    try:
        timeline, paths = build_pipeline(list(inputs or []), out, title, _published(published))
    except SourceError as error:
        _fail(str(error))
        return
    typer.echo(
        f"{len(timeline.events)} events from {len(timeline.articles)} articles -> {paths.html} ({paths.json.name}, {paths.fragment.name})"
    )


@app.command()
def tag(
    files: Annotated[list[Path], typer.Argument(help="Articles to tag (same formats as build).")],
    published: Annotated[str | None, typer.Option(help="Publication date for articles that carry none.")] = None,
) -> None:
    """Print the time expressions of FILES as JSON lines: span, text, type, value, granularity, interval."""
    try:
        articles = load_articles(files, _published(published))
    except SourceError as error:
        _fail(str(error))
        return
    for article in articles:
        for t in tag_text(article.text, article.published):
            typer.echo(
                json.dumps(
                    {
                        "article": article.id,
                        "start": t.start,
                        "end": t.end,
                        "text": t.text,
                        "type": t.type,
                        "value": t.value,
                        "end_value": t.end_value,
                        "mod": t.mod,
                        "granularity": t.granularity,
                        "interval": [t.interval_start.isoformat(), t.interval_end.isoformat()]
                        if t.interval_start and t.interval_end
                        else None,
                    },
                    ensure_ascii=False,
                )
            )


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
