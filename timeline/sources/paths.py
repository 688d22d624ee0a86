"""Which files an input may lead to: a folder's files and a manifest's stay inside that folder
(a symbolic link out of it is not followed), and only regular files are opened (a named pipe
would block the build for ever, a device could be read without end)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from timeline.sources.errors import SourceError

_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
)  # fmt: skip


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path) -> None:
    """Nothing when `path` is a regular file (after its links), else an error naming what it is;
    nothing is opened to tell."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise SourceError(path, f"cannot read: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        raise SourceError(path, f"cannot read: {kind_of(mode)}, not a regular file; skipped")


def check_inside(path: Path, folder: Path, how: str) -> None:
    """Nothing when `path`, its links followed, is inside `folder`; else an error saying that it
    leads out and was not read. `how` says what the path is ("a symbolic link in the folder")."""
    try:
        target = path.resolve()
        root = folder.resolve()
    except (OSError, RuntimeError) as error:  # a loop of links
        raise SourceError(path, f"cannot read: {getattr(error, 'strerror', None) or error}") from None
    if not target.is_relative_to(root):
        raise SourceError(path, f"{how} leads out of {folder} (to {target}); not read")
