"""Writing files so that a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomically(path: Path, content: str | bytes | Iterable[str]) -> None:
    """Write `content` to `path` so that a reader sees the old file or the new one, never half.
    `content` may be text in pieces, written as they come (a large file never held whole)."""
    write_all_atomically({path: content})


def write_all_atomically(contents: Mapping[Path, str | bytes | Iterable[str]]) -> None:
    """Write each content to its path, each a temporary file beside it first; the files take
    their names only once every one is written, so a failure while making any of them (a
    content in pieces is made as it is written) replaces none."""
    written: list[tuple[str, Path]] = []
    try:
        for path, content in contents.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            written.append((temporary, path))
            if isinstance(content, bytes):
                with os.fdopen(handle, "wb") as binary:
                    binary.write(content)
            else:
                with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                    file.writelines([content] if isinstance(content, str) else content)
            os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs are meant to be shared
        while written:
            temporary, path = written[0]
            os.replace(temporary, path)
            written.pop(0)
    except BaseException:
        for temporary, _ in written:
            Path(temporary).unlink(missing_ok=True)
        raise
