"""Publication dates: parsing what metadata says, checking it, and the order of fallbacks.

An article's own date comes first, then --published, then a date its text states (with a
warning); with none of them the article is an error. Today's date is never used in their place.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

from timeline.sources.errors import Notice, NoticeHandler, SourceError
from timeline.sources.fields import described
from timeline.sources.textdate import date_from_text

# Longer than any way of writing a date ("Wednesday, 12 September 2019 10:00:00 +0100 (BST)"):
# longer text is not read as one.
_LONGEST_DATE = 100
# A report dated tomorrow may be today's somewhere east of here; anything later is a mistake.
_TIME_ZONE_ALLOWANCE = timedelta(days=1)


def parse_date(value: object, path: str | Path, field: str = "published") -> date:
    """A publication date from front matter, a manifest or JSON (YYYY-MM-DD, or a timestamp)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        if len(text) > _LONGEST_DATE:
            raise SourceError(path, f"{field} is not a valid date (YYYY-MM-DD): {described(text)}")
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
    raise SourceError(path, f"{field} is not a date: {described(value)}")


def check_not_future(value: date, where: str | Path, today: date | None = None, field: str = "published") -> date:
    today = today or date.today()
    if value > today + _TIME_ZONE_ALLOWANCE:
        raise SourceError(where, f"{field} {value.isoformat()} is in the future (today is {today.isoformat()})")
    return value


def publication_date(
    written: object,
    where: str | Path,
    *,
    fallback: date | None,
    text: str,
    url: str | None = None,
    hint: str,
    today: date | None = None,
    notify: NoticeHandler | None = None,
) -> date:
    """The article's own date, else `fallback` (--published), else one stated in its text."""
    if written is not None and written != "":
        return check_not_future(parse_date(written, where), where, today)
    if fallback is not None:
        return fallback
    found = date_from_text(text, url, today)
    if found is None:
        raise SourceError(where, f"no publication date, none in its text either ({hint})")
    check_not_future(found.value, where, today, field="the date in its text,")
    year = f"; year from {found.year_from}" if found.year_from else ""
    if notify is not None:
        notify(
            Notice("warning", str(where), f"no publication date in its metadata; using {found.value.isoformat()} "
                   f"from {found.cue} ({found.evidence!r}{year})")
        )
    return found.value
