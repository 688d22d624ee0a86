"""A small local input is merged with its steps in memory, a large or unknown one with them on
disk; the files written are the same either way."""

from __future__ import annotations

from pathlib import Path

from timeline.engines import InProcess
from timeline.pipeline import StageTimes, build, local_input_bytes
from timeline.settings import Limits
from timeline.sources import demo_folder


def _build(out: Path, **options: object) -> StageTimes:
    stages = StageTimes()
    build([demo_folder()], out / "timeline.html", engine=InProcess(), stages=stages, **options)  # type: ignore[arg-type]
    return stages


def test_a_small_input_is_merged_in_memory_a_large_one_on_disk(tmp_path: Path) -> None:
    assert not _build(tmp_path / "small").on_disk
    assert _build(tmp_path / "large", limits=Limits(in_memory_input_bytes=100)).on_disk  # the demo is now "large"
    assert _build(tmp_path / "forced", on_disk=False, limits=Limits(in_memory_input_bytes=100)).on_disk is False
    for name in ("timeline.json", "timeline.csv", "timeline.html", "timeline.timelinejs.json"):
        assert (tmp_path / "small" / name).read_bytes() == (tmp_path / "large" / name).read_bytes(), name


def test_the_size_of_local_inputs_and_of_unknown_ones(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x" * 10)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("y" * 5)
    assert local_input_bytes([tmp_path / "a.txt"]) == 10
    assert local_input_bytes([str(tmp_path)]) == 15
    assert local_input_bytes([]) == 0
    assert local_input_bytes([tmp_path / "a.txt", "https://example.org/feed.xml"]) is None
    assert local_input_bytes([tmp_path / "missing.jsonl"]) is None
