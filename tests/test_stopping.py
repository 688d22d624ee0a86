"""A build stopped by SIGTERM (`kill`, a job's time limit) cleans up after itself, as Ctrl-C does."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.local_server import serve
from timeline.sources import demo_folder, load_articles

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the worker processes from /proc (Linux)")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # the process ended while we looked
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@dataclass
class RunningBuild:
    process: subprocess.Popen[bytes]
    workers: set[int]  # its worker processes, once it has some
    temporary: Path  # its $TMPDIR
    out: Path
    stderr: Path


@contextlib.contextmanager
def build_at_work(tmp_path: Path) -> Iterator[RunningBuild]:
    """`timeline build --jobs 2 --on-disk` of a long input, once its workers are at work."""
    source = tmp_path / "archive.jsonl"
    with source.open("w", encoding="utf-8") as lines:
        for years_back in range(200):  # the demo told again each year before: still at work when stopped
            for article in load_articles([demo_folder()]):
                text = re.sub(r"\b(19|20)\d\d\b", lambda year, back=years_back: str(int(year.group()) - back), article.text)
                published = article.published.replace(year=article.published.year - years_back).isoformat()
                lines.write(json.dumps({"id": f"{article.id}-{years_back}", "published": published, "text": text}) + "\n")
    temporary, out, stderr = tmp_path / "tmp", tmp_path / "out", tmp_path / "stderr"
    temporary.mkdir()
    with stderr.open("w", encoding="utf-8") as log:  # a file, not a pipe nobody reads while it fills
        process = subprocess.Popen(
            [sys.executable, "-c", "from timeline.cli import app; app()", "build", str(source), "--jobs", "2",
             "--on-disk", "--out", str(out / "t.html")],
            env={**os.environ, "TMPDIR": str(temporary)}, stderr=log, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while not (list(temporary.glob("timeline-merging-*")) and _children(process.pid)):
                assert process.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
                time.sleep(0.01)
            yield RunningBuild(process, _children(process.pid), temporary, out, stderr)
        finally:  # whatever happened, no process of this build outlives the test
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _ended(workers: set[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while any(Path(f"/proc/{worker}").exists() for worker in workers):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_sigterm_removes_the_merging_files_and_the_workers_and_writes_nothing(tmp_path: Path) -> None:
    with build_at_work(tmp_path) as build:
        build.process.send_signal(signal.SIGTERM)
        build.process.wait(timeout=60)
        assert build.process.returncode == 128 + signal.SIGTERM
        assert build.stderr.read_text(encoding="utf-8").strip().splitlines()[-1] == "error: stopped by SIGTERM; outputs not written"
        assert list(build.temporary.iterdir()) == []
        assert not build.out.exists() or list(build.out.iterdir()) == []
        assert _ended(build.workers, within=5)


def test_the_workers_end_with_a_build_killed_outright(tmp_path: Path) -> None:
    """SIGKILL or the out-of-memory killer gives the build no chance to clean up; its workers
    must not wait on their queue for ever."""
    with build_at_work(tmp_path) as build:
        build.process.kill()
        build.process.wait(timeout=60)
        assert build.workers and _ended(build.workers, within=5)


@pytest.mark.parametrize(("signum", "message"), [(signal.SIGTERM, "error: stopped by SIGTERM; outputs not written"), (signal.SIGINT, None)])
@pytest.mark.parametrize("path", ["/trickled-page", "/busy-for-a-minute"])
def test_a_build_stops_at_once_while_it_waits_for_a_server(tmp_path: Path, signum: int, message: str | None, path: str) -> None:
    """A server trickling its page, or asking to be asked again later, holds a request open; the
    build still ends when told to (SIGTERM, or Ctrl-C: SIGINT), at once."""
    out = tmp_path / "out" / "t.html"
    with serve() as site, (tmp_path / "stderr").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", "from timeline.cli import app; app()", "build", site.url(path), "--timeout", "600",
             "--no-cache", "--out", str(out)],
            stderr=log, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while not site.hits[path]:
                assert process.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
                time.sleep(0.01)
            time.sleep(0.3)  # inside the request (or the wait it asked for)
            process.send_signal(signum)
            process.wait(timeout=10)  # before the change it never ended: the fetching thread held it
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 128 + signum
    if message is not None:
        assert (tmp_path / "stderr").read_text(encoding="utf-8").strip().splitlines()[-1] == message
    assert not out.parent.exists() or list(out.parent.iterdir()) == []
