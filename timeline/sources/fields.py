"""The fields a record, a manifest entry or front matter gives an article: text of bounded size,
and nothing that cannot be written out (a lone surrogate), checked once more on every article
whichever reader made it, and the one error line for a failure nobody foresaw."""

from __future__ import annotations

from pathlib import Path

from timeline.records import Article
from timeline.sources.errors import SourceError

# An id, a title or a URL longer than this is a mistake or an attack, not metadata.
MAX_FIELD_CHARACTERS = 2000
# How much of a library's own message an error line quotes.
_MESSAGE_CHARACTERS = 200


def described(value: object) -> str:
    """A short description of a value that is not what it should be: a number, a list, an object...
    (never its repr, which may be huge or, for an enormous integer, refused)."""
    if isinstance(value, str):
        return repr(value[:40] + "…") if len(value) > 40 else repr(value)
    names = {bool: "true or false", int: "a number", float: "a number", list: "a list", dict: "an object"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), f"a {type(value).__name__}")


def is_text(value: str) -> bool:
    """Whether `value` can be written as UTF-8: no lone surrogate ("\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def text_field(record: dict[str, object], key: str, where: str | Path, *, numbers: bool = False) -> str | None:
    """The text of `record[key]`, stripped, or None when it is missing or empty; anything else
    (a list, an object, a number unless `numbers`, a lone surrogate, a value too long) is an
    error for the record."""
    value = record.get(key)
    if value is None or value == "":
        return None
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise SourceError(where, f"'{key}' must be text, not {described(value)}")
    if len(value) > MAX_FIELD_CHARACTERS:
        raise SourceError(where, f"'{key}' is {len(value):,} characters long (at most {MAX_FIELD_CHARACTERS:,})")
    if not is_text(value):
        raise SourceError(where, f"'{key}' holds a lone surrogate (such as \\ud800), which is not text")
    return value.strip() or None


def checked(article: Article) -> Article:
    """`article` if every field is what the later stages expect, else an error naming it."""
    where = article.path or article.id
    for key in ("id", "text", "title", "url"):
        value = getattr(article, key)
        if value is None and key in ("title", "url"):
            continue
        if not isinstance(value, str):
            raise SourceError(where, f"'{key}' must be text, not {described(value)}")
        if not is_text(value):
            raise SourceError(where, f"'{key}' holds a lone surrogate (such as \\ud800), which is not text")
    return article


def unforeseen(where: str | Path, error: Exception) -> SourceError:
    """The error line for a failure of our code or of a library while reading one input: it costs
    that input, never the build."""
    if isinstance(error, SourceError):
        return error
    if isinstance(error, RecursionError):
        return SourceError(where, "nested too deeply to read")
    if isinstance(error, MemoryError):
        return SourceError(where, "too large to read in the memory there is")
    message = " ".join(str(error).split())
    if len(message) > _MESSAGE_CHARACTERS:
        message = message[:_MESSAGE_CHARACTERS] + "…"
    return SourceError(where, f"could not be read ({type(error).__name__}{': ' + message if message else ''})")
