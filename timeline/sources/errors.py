"""What the readers report: errors that cost an input (or one record of it) and notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


class SourceError(Exception):
    """An input that cannot become an article; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


class HTTPStatusError(SourceError):
    """A web page answered with an HTTP status other than 200 (404, 503, ...)."""

    def __init__(self, url: str, status: int, reason: str = ""):
        super().__init__(url, f"HTTP {status} {reason}".rstrip())
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class Notice:
    """Something worth telling the user that costs nothing: a warning (always shown) or
    an info line (shown with --verbose)."""

    level: Literal["warning", "info"]
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


ErrorHandler = Callable[[SourceError], None]
NoticeHandler = Callable[[Notice], None]
# (what is being read, items done, items in all or None when not known)
ProgressHandler = Callable[[str, int, int | None], None]
