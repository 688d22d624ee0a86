"""Sources: read articles from files, folders, manifests and JSON Lines, and validate them.

Every article leaves here with a publication date, the anchor of its relative phrases; an
input that has none (and no --published) is an error naming the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import yaml

from timeline.records import Article

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")


class SourceError(Exception):
    """An input that cannot become an article; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def demo_folder() -> Path:
    """The bundled demo story (articles written for this project)."""
    return Path(str(resources.files("timeline").joinpath("demo")))


def load_articles(inputs: Iterable[str | Path], published: date | None = None) -> list[Article]:
    """Articles from every input, in order; `published` dates those that carry no date."""
    return list(iter_articles(inputs, published))


def iter_articles(inputs: Iterable[str | Path], published: date | None = None) -> Iterator[Article]:
    """Articles from every input as a stream, read one at a time (a large JSONL file is never
    held in memory whole); a repeated article id is an error when it is reached."""
    seen: set[str] = set()
    for item in inputs:
        for article in _load_input(Path(item), published):
            if article.id in seen:
                raise SourceError(article.path or article.id, f"duplicate article id {article.id!r}")
            seen.add(article.id)
            yield article


def _load_input(path: Path, published: date | None) -> Iterator[Article]:
    if not path.exists():
        raise SourceError(path, "no such file or folder")
    if path.is_dir():
        manifest = path / "manifest.json"
        if manifest.is_file():
            yield from _load_manifest(manifest, published)
            return
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES)
        if not files:
            raise SourceError(path, "folder holds no .txt, .md or .jsonl articles")
        for file in files:
            yield from _load_input(file, published)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _load_jsonl(path, published)
    elif path.name == "manifest.json":
        yield from _load_manifest(path, published)
    else:
        yield _load_text_file(path, published)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None
    if b"\x00" in data[:4096]:
        raise SourceError(path, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(path, f"not UTF-8 text (byte {error.start})") from None
    if not text.strip():
        raise SourceError(path, "empty file")
    return text.replace("\r\n", "\n")


def parse_date(value: object, path: str | Path, field: str = "published") -> date:
    """A publication date from front matter, a manifest or JSON (YYYY-MM-DD, or a timestamp)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", text):
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                raise SourceError(path, f"{field} is not a valid date (YYYY-MM-DD): {text!r}") from None
        # Other spellings ("June 6, 2019", "Thu, 06 Jun 2019 10:00 GMT") through dateparser,
        # which must find a day, a month and a year: a publication date is never guessed.
        import dateparser

        parsed = dateparser.parse(text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
        if parsed is None:
            raise SourceError(path, f"{field} is not a valid date (YYYY-MM-DD): {text!r}")
        return parsed.date()
    raise SourceError(path, f"{field} is not a date: {value!r}")


def _publication_date(written: object, fallback: date | None, where: str | Path, hint: str) -> date:
    """The article's own date, else --published; an article with neither is an error."""
    if written is not None:
        return parse_date(written, where)
    if fallback is None:
        raise SourceError(where, f"no publication date ({hint})")
    return fallback


def _split_front_matter(text: str, path: Path) -> tuple[dict[str, object], str]:
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise SourceError(path, "front matter opened with --- is never closed") from None
    try:
        # BaseLoader keeps values as written, so "2019-02-30" reaches parse_date as text.
        meta = yaml.load("\n".join(lines[1:end]), Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise SourceError(path, f"malformed front matter{where}") from None
    if not isinstance(meta, dict):
        raise SourceError(path, "front matter is not a set of key: value lines")
    return meta, "\n".join(lines[end + 1 :])


def _optional_str(meta: dict[str, object], key: str) -> str | None:
    value = meta.get(key)
    return str(value).strip() if value not in (None, "") else None


def _load_text_file(path: Path, published: date | None) -> Article:
    meta, body = _split_front_matter(_read_text(path), path)
    if not body.strip():
        raise SourceError(path, "article has no text")
    when = meta.get("published", meta.get("date"))
    return Article(
        id=_optional_str(meta, "id") or path.stem,
        text=body.strip("\n"),
        published=_publication_date(when, published, path, "add 'published:' front matter or pass --published YYYY-MM-DD"),
        title=_optional_str(meta, "title"),
        url=_optional_str(meta, "url"),
        path=str(path),
    )


def _load_manifest(manifest: Path, published: date | None) -> Iterator[Article]:
    try:
        data = json.loads(_read_text(manifest))
    except json.JSONDecodeError as error:
        raise SourceError(manifest, f"invalid JSON at line {error.lineno}: {error.msg}") from None
    entries = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SourceError(manifest, 'expected {"articles": [{"file", "published", "title"}, ...]}')
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise SourceError(manifest, f"article {number} has no 'file'")
        path = manifest.parent / entry["file"]
        if not path.is_file():
            raise SourceError(path, "listed in manifest.json but missing")
        meta, body = _split_front_matter(_read_text(path), path)
        when = entry.get("published", meta.get("published"))
        yield Article(
            id=str(entry.get("id") or path.stem),
            text=body.strip("\n"),
            published=_publication_date(when, published, path, "none in manifest.json or front matter; or pass --published"),
            title=entry.get("title") or _optional_str(meta, "title"),
            url=entry.get("url") or _optional_str(meta, "url"),
            path=str(path),
        )


def _jsonl_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a JSON Lines file with their numbers, read one at a time."""
    try:
        handle = path.open("rb")
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None
    any_line = False
    with handle:
        for number, raw in enumerate(handle, 1):
            if b"\x00" in raw:
                raise SourceError(f"{path}:{number}", "binary data, not text")
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                raise SourceError(f"{path}:{number}", f"not UTF-8 text (byte {error.start})") from None
            if line.strip():
                any_line = True
                yield number, line
    if not any_line:
        raise SourceError(path, "empty file")


def _load_jsonl(path: Path, published: date | None) -> Iterator[Article]:
    for number, line in _jsonl_lines(path):
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise SourceError(where, f"invalid JSON: {error.msg}") from None
        if not isinstance(record, dict):
            raise SourceError(where, "each line must be a JSON object")
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            raise SourceError(where, "record has no 'text'")
        when = record.get("published")
        yield Article(
            id=str(record.get("id") or f"{path.stem}-{number}"),
            text=body.strip("\n"),
            published=_publication_date(when, published, where, "record has no 'published'; or pass --published"),
            title=record.get("title") or None,
            url=record.get("url") or None,
            path=where,
        )
