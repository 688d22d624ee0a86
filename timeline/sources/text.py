"""Plain-text and Markdown articles with optional YAML front matter, and manifest.json folders."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import yaml

from timeline.records import Article
from timeline.sources.dates import publication_date
from timeline.sources.decoding import decode, read_bytes
from timeline.sources.errors import NoticeHandler, SourceError
from timeline.sources.fields import described, text_field, unforeseen
from timeline.sources.options import ReadOptions
from timeline.sources.paths import check_inside, check_regular
from timeline.sources.urls import id_from_url


def read_text_file(path: Path, options: ReadOptions, notify: NoticeHandler) -> str:
    return decode(read_bytes(path, options.max_size), path, notify)


# The fields of front matter the project reads; the rest is let be.
FRONT_MATTER_FIELDS = ("id", "title", "url", "published", "date")
# Far above a few lines of key: value, low enough that front matter is never a document of its own.
MAX_FRONT_MATTER = 64 * 1024


def split_front_matter(text: str, path: Path | str) -> tuple[dict[str, object], str]:
    """The fields of the YAML front matter that the project reads, each a plain value, and the
    text after it. An alias (*name) is an error: a few hundred bytes of them expand to millions
    of items."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise SourceError(path, "front matter opened with --- on line 1 is never closed") from None
    block = "\n".join(lines[1:end])
    if len(block) > MAX_FRONT_MATTER:
        raise SourceError(path, f"front matter is {len(block):,} characters long (at most {MAX_FRONT_MATTER:,})")
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(block, Loader=yaml.BaseLoader)):
            raise SourceError(path, "front matter uses a YAML alias (*name); write each value out")
        # BaseLoader keeps values as written, so "2019-02-30" reaches parse_date as text.
        meta = yaml.load(block, Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(error, "problem", None)
        raise SourceError(path, f"malformed front matter{where}{': ' + problem if problem else ''}") from None
    if not isinstance(meta, dict):
        raise SourceError(path, f"front matter (lines 2-{end}) is not a set of key: value lines")
    fields = {key: meta[key] for key in FRONT_MATTER_FIELDS if key in meta}
    for key, value in fields.items():
        if not isinstance(value, str):
            raise SourceError(path, f"front matter '{key}' must be a single value, not {described(value)}")
    return fields, "\n".join(lines[end + 1 :])


def load_text_file(
    path: Path, options: ReadOptions, notify: NoticeHandler, text: str | None = None, fetched_from: str | None = None
) -> Article:
    """A text or Markdown article; `fetched_from` is the URL a fetched plain-text page came from."""
    meta, body = split_front_matter(text if text is not None else read_text_file(path, options, notify), path)
    if fetched_from is not None:
        meta = {"url": fetched_from, "id": id_from_url(fetched_from), **meta}
    article = _article(path, meta, body, options, notify, hint="add 'published:' front matter or pass --published YYYY-MM-DD")
    return replace(article, path=fetched_from) if fetched_from is not None else article


def _article(path: Path, meta: dict[str, object], body: str, options: ReadOptions, notify: NoticeHandler, hint: str) -> Article:
    """One article from its metadata (front matter, with a manifest's entry over it) and text."""
    if not body.strip():
        raise SourceError(path, "article has no text")
    url = text_field(meta, "url", path)
    return Article(
        id=text_field(meta, "id", path, numbers=True) or path.stem,
        text=body.strip("\n"),
        published=publication_date(
            meta.get("published", meta.get("date")), path, fallback=options.published, text=body, url=url,
            hint=hint, today=options.today, notify=notify,
        ),
        title=text_field(meta, "title", path),
        url=url,
        path=str(path),
    )


def load_manifest(manifest: Path, options: ReadOptions, notify: NoticeHandler) -> Iterator[Article | SourceError]:
    """The articles a manifest lists; a bad entry costs that article only."""
    try:
        data = json.loads(read_text_file(manifest, options, notify))
    except json.JSONDecodeError as error:
        raise SourceError(manifest, f"invalid JSON at line {error.lineno}: {error.msg}") from None
    entries = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SourceError(manifest, 'expected {"articles": [{"file", "published", "title"}, ...]}')
    for number, entry in enumerate(entries, 1):
        try:
            yield _manifest_article(manifest, number, entry, options, notify)
        except Exception as error:  # whatever fails, ours or a library's, costs this entry alone
            yield unforeseen(f"{manifest} article {number}", error)


def _manifest_article(manifest: Path, number: int, entry: object, options: ReadOptions, notify: NoticeHandler) -> Article:
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        raise SourceError(manifest, f"article {number} has no 'file'")
    path = manifest.parent / entry["file"]
    if not path.exists():
        raise SourceError(path, "listed in manifest.json but missing")
    check_inside(path, manifest.parent, "listed in manifest.json but")
    check_regular(path)
    front_matter, body = split_front_matter(read_text_file(path, options, notify), path)
    # The manifest's entry wins where it says something; the file's front matter fills the rest.
    listed = {key: value for key, value in entry.items() if key != "file" and value not in (None, "")}
    meta = {**front_matter, **listed}
    return _article(path, meta, body, options, notify, hint="none in manifest.json or front matter; or pass --published")
