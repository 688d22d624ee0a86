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
from pathlib import Path

import pytest

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


def test_sigterm_removes_the_partition_files_and_the_workers_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "archive.jsonl"
    with source.open("w", encoding="utf-8") as lines:
        for years_back in range(200):  # the demo told again each year before: still at work when stopped
            for article in load_articles([demo_folder()]):
                text = re.sub(r"\b(19|20)\d\d\b", lambda year, back=years_back: str(int(year.group()) - back), article.text)
                published = article.published.replace(year=article.published.year - years_back).isoformat()
                lines.write(json.dumps({"id": f"{article.id}-{years_back}", "published": published, "text": text}) + "\n")
    temporary, out = tmp_path / "tmp", tmp_path / "out"
    temporary.mkdir()
    log = (tmp_path / "stderr").open("w+", encoding="utf-8")  # a file, not a pipe nobody reads while it fills
    build = subprocess.Popen(
        [sys.executable, "-c", "from timeline.cli import app; app()", "build", str(source), "--jobs", "2", "--partition-files",
         "--out", str(out / "t.html")],
        env={**os.environ, "TMPDIR": str(temporary)}, stderr=log, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not (list(temporary.glob("timeline-partitions-*")) and _children(build.pid)):
            assert build.poll() is None and time.monotonic() < deadline, "the build ended before it could be stopped"
            time.sleep(0.01)
        workers = _children(build.pid)
        build.send_signal(signal.SIGTERM)
        build.wait(timeout=60)
    finally:  # whatever happened, no process of this build outlives the test
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        log.close()
    assert build.returncode == 128 + signal.SIGTERM
    assert (tmp_path / "stderr").read_text(encoding="utf-8").strip().splitlines()[-1] == "error: stopped by SIGTERM; outputs not written"
    assert list(temporary.iterdir()) == []
    assert not out.exists() or list(out.iterdir()) == []
    assert not any(Path(f"/proc/{worker}").exists() for worker in workers)
