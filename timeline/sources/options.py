"""How inputs are read: the settings the CLI's build options map onto."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

MEGABYTE = 1024 * 1024
# Far above any article or saved page (a page with inline scripts and images is rarely over
# 5 MB), low enough that a mistaken input (a video, a database dump) is refused, not read.
DEFAULT_MAX_SIZE = 20 * MEGABYTE


class InputKind(StrEnum):
    """What an input holds; `auto` guesses from the name and content."""

    auto = "auto"
    text = "text"  # .txt/.md, optional YAML front matter
    jsonl = "jsonl"  # one JSON record per line
    html = "html"  # a saved web page
    feed = "feed"  # RSS or Atom
    urls = "urls"  # a text file of http(s) URLs, one a line


def default_cache_dir() -> Path:
    import os

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "timeline" / "pages"


@dataclass(frozen=True)
class ReadOptions:
    published: date | None = None  # the date of articles that carry none
    kind: InputKind = InputKind.auto
    fetch_links: bool = False  # read each feed entry's linked page for its full text
    max_size: int = DEFAULT_MAX_SIZE  # bytes, per file, page or JSON line
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None: no cache
    timeout: float = 20.0  # seconds for a whole request: connecting, headers, page, and retries with their waits
    retries: int = 2  # after the first try, for timeouts, dropped connections, 429 and 5xx
    backoff: float = 0.5  # seconds; doubles with each retry
    concurrency: int = 4  # requests in flight at once
    obey_robots: bool = True  # skip pages a site's robots.txt disallows to our user agent
    cache_max_age: float = 24 * 3600.0  # seconds a cached page is used before it is fetched again
    today: date | None = None  # for the future-date check; None: the real today
