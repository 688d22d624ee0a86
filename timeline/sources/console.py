"""What a command-line run says about its inputs: one line per failed input on stderr,
warnings always, what was read with --verbose, and a progress bar only on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any

from timeline.sources.errors import Notice, SourceError


def _interactive() -> bool:
    # CI services set CI=true; a pipe or a file is not a terminal. Either way: no bar.
    return sys.stderr.isatty() and not os.environ.get("CI")


class ConsoleReport:
    """Handlers for iter_articles (`on_error`, `on_notice`, `on_progress`) that print for a person."""

    def __init__(self, *, verbose: bool = False, strict: bool = False, echo: Callable[[str], None] | None = None,
                 progress: bool | None = None):  # fmt: skip
        self.verbose = verbose
        self.strict = strict
        self.errors: list[SourceError] = []
        self.warnings: list[Notice] = []
        self._echo = echo or (lambda line: print(line, file=sys.stderr))
        self.shows_progress = _interactive() if progress is None else progress
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    # Handlers ------------------------------------------------------------------------------
    @property
    def on_error(self) -> Callable[[SourceError], None] | None:
        return None if self.strict else self._error  # strict: iter_articles raises the first

    def _error(self, error: SourceError) -> None:
        self.errors.append(error)
        self._say(f"error: {error}")

    def on_notice(self, notice: Notice) -> None:
        if notice.level == "warning":
            self.warnings.append(notice)
            self._say(f"warning: {notice}")
        elif self.verbose:
            self._say(f"  {notice}")

    def on_progress(self, label: str, done: int, total: int | None) -> None:
        if self._progress is None:
            return
        task = self._tasks.get(label)
        if task is None:
            task = self._tasks[label] = self._progress.add_task(f"reading {label}", total=total)
        self._progress.update(task, completed=done, total=total)

    def _say(self, line: str) -> None:
        if self._progress is not None:
            self._progress.console.print(line, markup=False, highlight=False)
        else:
            self._echo(line)

    # A bar for the time inputs are read --------------------------------------------------
    def __enter__(self) -> ConsoleReport:
        if self.shows_progress:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
