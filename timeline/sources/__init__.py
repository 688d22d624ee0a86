"""Sources: read articles from files, folders, manifests, JSON Lines, web pages, feeds, URLs
and lists of URLs, and validate them.

Every article leaves here with a publication date, the anchor of its relative phrases. An
input that cannot be read is reported (through `on_error`, or raised when there is none) and
the rest are read on; the same article reached twice is let through once.

The readers live beside this file, one kind of input each: text.py (text, front matter,
manifest.json), jsonl.py, html.py, feeds.py, urls.py (URL lists), fetch.py (HTTP with a disk
cache), dates.py and textdate.py (publication dates), decoding.py (bytes to text),
duplicates.py (the same article twice).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from dataclasses import replace
from datetime import date
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

from timeline.records import Article
from timeline.sources.dates import check_not_future, parse_date
from timeline.sources.decoding import decode, read_bytes
from timeline.sources.duplicates import SeenArticles
from timeline.sources.errors import ErrorHandler, Notice, NoticeHandler, ProgressHandler, SourceError
from timeline.sources.fields import checked, unforeseen
from timeline.sources.options import DEFAULT_MAX_SIZE, InputKind, ReadOptions
from timeline.sources.paths import check_inside, check_regular

if TYPE_CHECKING:
    from timeline.sources.fetch import Fetcher

__all__ = [
    "DEFAULT_MAX_SIZE",
    "InputKind",
    "Notice",
    "ReadOptions",
    "SourceError",
    "check_not_future",
    "demo_folder",
    "iter_articles",
    "load_articles",
    "parse_date",
]

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES


def demo_folder() -> Path:
    """The bundled demo story (articles written for this project)."""
    return Path(str(resources.files("timeline").joinpath("demo")))


def load_articles(
    inputs: Iterable[str | Path],
    published: date | None = None,
    *,
    options: ReadOptions | None = None,
    on_error: ErrorHandler | None = None,
    on_notice: NoticeHandler | None = None,
    on_progress: ProgressHandler | None = None,
) -> list[Article]:
    """Articles from every input, in order; `published` dates those that carry no date."""
    return list(iter_articles(inputs, published, options=options, on_error=on_error, on_notice=on_notice, on_progress=on_progress))


def iter_articles(
    inputs: Iterable[str | Path],
    published: date | None = None,
    *,
    options: ReadOptions | None = None,
    on_error: ErrorHandler | None = None,
    on_notice: NoticeHandler | None = None,
    on_progress: ProgressHandler | None = None,
) -> Iterator[Article]:
    """Articles from every input as a stream, read one at a time (a large JSONL file is never
    held in memory whole).

    Each input is a path (file or folder) or an http(s) URL. An input, or one record of it,
    that cannot become an article is passed to `on_error` and reading goes on; without
    `on_error` the first such error is raised (strict). `on_notice` hears warnings (an
    encoding guessed, a date taken from the text) and info lines (what was read, what was
    counted once); `on_progress` hears (what, done, total) as inputs and URLs are read."""
    options = options or ReadOptions()
    if published is not None:
        options = replace(options, published=published)
    reader = _Reader(options, on_notice or (lambda notice: None))
    seen = SeenArticles()
    ids: dict[str, str] = {}
    total = len(inputs) if isinstance(inputs, Sized) else None
    done = 0
    for is_url, group in groupby(inputs, key=lambda item: isinstance(item, str) and _is_url(item)):
        streams: Iterable[tuple[Iterator[Article | SourceError], int, str]]
        if is_url:
            urls = [str(url) for url in group]
            streams = [(reader.urls(urls, "URLs", on_progress), len(urls), "URLs")]
        else:
            streams = ((reader.path(Path(item)), 1, str(item)) for item in group)
        for stream, count, where in streams:
            yield from _accept(stream, where, seen, ids, reader.notify, on_error)
            done += count
            if on_progress is not None:
                on_progress("inputs", done, total)


def _accept(
    results: Iterator[Article | SourceError], input_name: str, seen: SeenArticles, ids: dict[str, str],
    notify: NoticeHandler, on_error: ErrorHandler | None,
) -> Iterator[Article]:  # fmt: skip
    """The articles of `results` (read from `input_name`), once each, with errors reported."""
    while True:
        try:
            result = next(results)
        except StopIteration:
            return
        except Exception as error:  # the whole input failed: its stream is over, next() stops
            result = unforeseen(input_name, error)
        if isinstance(result, Article):
            where = result.path or result.id
            try:
                result = checked(result)
                repeated = seen.same_as(result)
            except Exception as error:  # this article alone
                result = unforeseen(where, error)
        if isinstance(result, SourceError):
            if on_error is None:
                raise result
            on_error(result)
            continue
        if repeated is not None:
            other, why = repeated
            notify(Notice("info", where, f"the same article as {other!r}, {why}; counted once"))
            continue
        if result.id in ids:
            error = SourceError(where, f"duplicate article id {result.id!r} (also {ids[result.id]}), with different text")
            if on_error is None:
                raise error
            on_error(error)
            continue
        ids[result.id] = where
        notify(Notice("info", where, f"article {result.id!r}{' ' + repr(result.title) if result.title else ''}, published {result.published}"))
        yield result


def _is_url(text: str) -> bool:
    from timeline.sources.urls import is_url

    return is_url(text)


class _Reader:
    """Turns each input into a stream of articles and errors, guessing its kind."""

    def __init__(self, options: ReadOptions, notify: NoticeHandler):
        self.options = options
        self.notify = notify
        self._fetcher: Fetcher | None = None

    @property
    def fetcher(self) -> Fetcher:
        from timeline.sources.fetch import Fetcher

        if self._fetcher is None:
            self._fetcher = Fetcher(self.options)
        return self._fetcher

    def _links_fetcher(self) -> Fetcher | None:
        return self.fetcher if self.options.fetch_links else None

    # Paths -----------------------------------------------------------------------------
    def path(self, path: Path) -> Iterator[Article | SourceError]:
        """Articles and record errors of a file or folder; raises when the whole input fails."""
        if not path.exists():
            raise SourceError(path, "no such file or folder")
        if path.is_dir():
            yield from self._folder(path)
            return
        check_regular(path)
        kind = self._kind_from_name(path)
        if kind is InputKind.jsonl:
            from timeline.sources.jsonl import load_jsonl

            yield from load_jsonl(path, self.options, self.notify)
            return
        if path.name == "manifest.json" and self.options.kind is InputKind.auto:
            from timeline.sources.text import load_manifest

            yield from load_manifest(path, self.options, self.notify)
            return
        data = read_bytes(path, self.options.max_size)
        yield from self._document(data, str(path), kind, path=path)

    def _folder(self, folder: Path) -> Iterator[Article | SourceError]:
        manifest = folder / "manifest.json"
        if manifest.exists() or manifest.is_symlink():
            from timeline.sources.text import load_manifest

            check_inside(manifest, folder, "a symbolic link that")
            check_regular(manifest)
            yield from load_manifest(manifest, self.options, self.notify)
            return
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith("."))
        if not files:
            raise SourceError(folder, "folder holds no articles (.txt, .md, .jsonl, .html, .rss/.atom/.xml)")
        self.notify(Notice("info", str(folder), f"{len(files)} files"))
        for file in files:
            try:
                # Only regular files inside the folder: a link out of it, a named pipe or a
                # device is an error line, found without opening it.
                check_inside(file, folder, "a symbolic link that")
                check_regular(file)
                yield from self.path(file)
            except Exception as error:  # whatever fails, ours or a library's, costs this file alone
                yield unforeseen(file, error)

    def _kind_from_name(self, path: Path) -> InputKind:
        if self.options.kind is not InputKind.auto:
            return self.options.kind
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            return InputKind.jsonl
        if suffix in HTML_SUFFIXES:
            return InputKind.html
        if suffix in (".rss", ".atom"):
            return InputKind.feed
        return InputKind.auto  # .txt may be a list of URLs, .xml a feed or not: read it to tell

    # Documents (a file's bytes, or a fetched page) -----------------------------------------
    def _document(
        self, data: bytes, where: str, kind: InputKind, *, path: Path | None = None, url: str | None = None,
        declared: str | None = None, media_type: str = "",
    ) -> Iterator[Article | SourceError]:  # fmt: skip
        from timeline.sources.feeds import load_feed, looks_like_feed
        from timeline.sources.html import declared_charset, looks_like_html, page_article
        from timeline.sources.urls import url_list

        if kind is InputKind.jsonl:  # a fetched JSON Lines document: small enough to be here whole
            raise SourceError(where, "JSON Lines are read from files, not URLs")
        if kind is InputKind.feed or (kind is InputKind.auto and ("rss" in media_type or "atom" in media_type)):
            yield from load_feed(data, where, self.options, self.notify, self._links_fetcher(), url, media_type)
            return
        text = decode(data, where, self.notify, declared or declared_charset(data))
        if kind is InputKind.auto:
            if "html" in media_type or looks_like_html(text):
                kind = InputKind.html
            elif looks_like_feed(text):
                kind = InputKind.feed
            elif url_list(text) is not None:
                kind = InputKind.urls
            else:
                kind = InputKind.text
            how = "its Content-Type" if "html" in media_type else "its content"
            self.notify(Notice("info", where, f"read as {kind.value} (from {how})"))
        if kind is InputKind.feed:
            yield from load_feed(data, where, self.options, self.notify, self._links_fetcher(), url, media_type)
        elif kind is InputKind.html:
            yield page_article(text, where, self.options, self.notify, url=url, article_id=path.stem if path is not None else None)
        elif kind is InputKind.urls:
            urls = url_list(text)
            if urls is None:
                raise SourceError(where, "not a list of URLs: every non-blank line must be one http(s) URL")
            yield from self.urls(urls, where, None)
        else:
            from timeline.sources.text import load_text_file

            yield load_text_file(path or Path(where), self.options, self.notify, text=text, fetched_from=url if path is None else None)

    # URLs ------------------------------------------------------------------------------
    def urls(self, urls: list[str], label: str, on_progress: ProgressHandler | None) -> Iterator[Article | SourceError]:
        """Articles of each URL, fetched a few at a time; a failed URL is an error for it alone."""
        for done, (url, page) in enumerate(self.fetcher.fetch_many(urls), 1):
            if on_progress is not None:
                on_progress(label, done, len(urls))
            if isinstance(page, SourceError):
                yield page
                continue
            if page.from_cache:
                self.notify(Notice("info", url, "from the cache"))
            elif page.final_url != url:
                self.notify(Notice("info", url, f"redirected to {page.final_url}"))
            kind = self.options.kind if self.options.kind is not InputKind.urls else InputKind.auto
            try:
                yield from self._document(page.body, url, kind, url=page.final_url, declared=page.charset, media_type=page.content_type)
            except Exception as error:  # whatever fails, ours or a library's, costs this page alone
                yield unforeseen(url, error)
