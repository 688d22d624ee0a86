"""TIMEX3 values as calendar periods: formatting, parsing and arithmetic at a granularity.

A value keeps the granularity the text gave it ("2019-05" is a month), and its interval is
that whole period, end exclusive, so nothing downstream invents a day the text never said.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

GRANULARITIES = ("time", "day", "week", "month", "season", "quarter", "half", "year", "decade", "century")

_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_OF_MONTH = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 9: "FA", 10: "FA", 11: "FA"}

_VALUE_RE = re.compile(
    r"^(?:"
    r"(?P<day>(?P<dy>\d{4})-(?P<dm>\d{2})-(?P<dd>\d{2}))(?:T(?P<time>\d{2}(?::\d{2}){0,2}|MO|AF|EV|NI|DT))?"
    r"|(?P<week>(?P<wy>\d{4})-W(?P<ww>\d{2}))(?P<weekend>-WE)?"
    r"|(?P<month>(?P<my>\d{4})-(?P<mm>\d{2}))"
    r"|(?P<quarter>(?P<qy>\d{4})-Q(?P<qq>[1-4]))"
    r"|(?P<half>(?P<hy>\d{4})-H(?P<hh>[12]))"
    r"|(?P<season>(?P<sy>\d{4})-(?P<ss>SP|SU|FA|WI))"
    r"|(?P<year>\d{4})"
    r"|(?P<decade>\d{3})"
    r"|(?P<century>\d{2})"
    r")$"
)


def season_start(code: str, year: int) -> date:
    """First day of season `code` (SP, SU, FA, WI) in `year`; winter starts in December."""
    return date(year, _SEASON_START[code], 1)


def add_months(d: date, months: int) -> date:
    """First day of the month `months` after the month of `d`."""
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(a: date, b: date) -> int:
    """Whole months from the month of `a` to the month of `b`."""
    return (b.year - a.year) * 12 + b.month - a.month


def week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def period_start(d: date, granularity: str) -> date:
    """The first day of the period of `granularity` that contains `d`."""
    if granularity in ("day", "time"):
        return d
    if granularity == "week":
        return week_start(d)
    if granularity == "month":
        return d.replace(day=1)
    if granularity == "quarter":
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    if granularity == "half":
        return date(d.year, 1 if d.month <= 6 else 7, 1)
    if granularity == "season":
        start_month = _SEASON_START[_SEASON_OF_MONTH[d.month]]
        year = d.year - 1 if d.month < 3 else d.year
        return date(year, start_month, 1)
    if granularity == "year":
        return date(d.year, 1, 1)
    if granularity == "decade":
        return date(d.year - d.year % 10, 1, 1)
    if granularity == "century":
        return date(d.year - d.year % 100, 1, 1)
    raise ValueError(f"unknown granularity {granularity!r}")


def shift(d: date, granularity: str, n: int) -> date:
    """Start of the period `n` periods of `granularity` away from the one containing `d`."""
    start = period_start(d, granularity)
    if granularity in ("day", "time"):
        return start + timedelta(days=n)
    if granularity == "week":
        return start + timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "season": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}[granularity]
    return add_months(start, n * months)


def format_value(d: date, granularity: str) -> str:
    """The TIMEX3 value of the period of `granularity` containing `d`."""
    if granularity in ("day", "time"):
        return d.isoformat()
    if granularity == "week":
        iso_year, iso_week, _ = d.isocalendar()
        return f"{iso_year:04d}-W{iso_week:02d}"
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if granularity == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if granularity == "half":
        return f"{d.year:04d}-H{1 if d.month <= 6 else 2}"
    if granularity == "season":
        start = period_start(d, "season")
        return f"{start.year:04d}-{_SEASON_OF_MONTH[start.month]}"
    if granularity == "year":
        return f"{d.year:04d}"
    if granularity == "decade":
        return f"{d.year // 10:03d}"
    if granularity == "century":
        return f"{d.year // 100:02d}"
    raise ValueError(f"unknown granularity {granularity!r}")


@lru_cache(maxsize=1 << 16)
def interval(value: str) -> tuple[str, date, date] | None:
    """(granularity, start, end exclusive) of a calendar TIMEX3 value, or None.

    None for durations, sets, PRESENT_REF and other values with no calendar period, and for
    values naming an impossible date. (Kept per value: a text's dates repeat, and the result,
    a tuple of a string and dates, cannot be changed by its callers.)
    """
    m = _VALUE_RE.match(value)
    if m is None:
        return None
    try:
        if m["day"]:
            start = date(int(m["dy"]), int(m["dm"]), int(m["dd"]))
            granularity = "time" if m["time"] else "day"
            return granularity, start, start + timedelta(days=1)
        if m["week"]:
            start = date.fromisocalendar(int(m["wy"]), int(m["ww"]), 1)
            if m["weekend"]:
                return "week", start + timedelta(days=5), start + timedelta(days=7)
            return "week", start, start + timedelta(weeks=1)
        if m["month"]:
            start = date(int(m["my"]), int(m["mm"]), 1)
            return "month", start, add_months(start, 1)
        if m["quarter"]:
            start = date(int(m["qy"]), (int(m["qq"]) - 1) * 3 + 1, 1)
            return "quarter", start, add_months(start, 3)
        if m["half"]:
            start = date(int(m["hy"]), 1 if m["hh"] == "1" else 7, 1)
            return "half", start, add_months(start, 6)
        if m["season"]:
            start = season_start(m["ss"], int(m["sy"]))
            return "season", start, add_months(start, 3)
        if m["year"]:
            start = date(int(m["year"]), 1, 1)
            return "year", start, date(start.year + 1, 1, 1)
        if m["decade"]:
            start = date(int(m["decade"]) * 10, 1, 1) if int(m["decade"]) else date(1, 1, 1)
            return "decade", start, date(int(m["decade"]) * 10 + 10, 1, 1)
        if m["century"]:
            first_year = max(int(m["century"]) * 100, 1)
            return "century", date(first_year, 1, 1), date(int(m["century"]) * 100 + 100, 1, 1)
    except ValueError:
        return None
    return None
