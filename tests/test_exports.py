"""The files `timeline build` writes beside the page, and `timeline embed`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.export import CSV_COLUMNS
from timeline.screenshot import chromium_path

runner = CliRunner()
OUTPUTS = ("timeline.html", "timeline.fragment.html", "timeline.json", "timeline.timelinejs.json", "timeline.csv")


def build(out: Path, *args: str) -> None:
    result = runner.invoke(app, ["build", "--out", str(out / "timeline.html"), *args])
    assert result.exit_code == 0, result.output


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    for theme in ("light", "dark"):
        build(tmp_path / f"one-{theme}", "--theme", theme)
        build(tmp_path / f"two-{theme}", "--theme", theme)
        for name in OUTPUTS:
            one, two = (tmp_path / f"{run}-{theme}" / name for run in ("one", "two"))
            assert one.read_bytes() == two.read_bytes(), name


def test_timelinejs_has_dates_at_their_granularity(tmp_path: Path) -> None:
    build(tmp_path)
    events = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))["events"]
    data = json.loads((tmp_path / "timeline.timelinejs.json").read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"].startswith("Huawei, the US ban")
    slides = {s["unique_id"]: s for s in data["events"]}
    assert set(slides) == {e["id"] for e in events}
    keys_by_granularity = {
        "day": {"year", "month", "day"},
        "week": {"year", "month", "day"},
        "month": {"year", "month"},
        "year": {"year"},
    }
    for event in events:
        slide = slides[event["id"]]
        start = slide["start_date"]
        assert set(start) - {"display_date"} == keys_by_granularity[event["granularity"]], event["granularity"]
        assert all(isinstance(start[k], int) for k in ("year", "month", "day") if k in start)
        assert start["year"] == int(event["start"][:4])
        assert slide["display_date"] == start["display_date"]
        assert slide["group"] == ("Expected" if event["future"] else "Reported")
        assert slide["text"]["text"].count("<p>") == len(event["sources"])
    by_value = {e["value"]: slides[e["id"]] for e in events}
    assert by_value["2019-06-05"]["display_date"] == "5 June 2019" and "end_date" not in by_value["2019-06-05"]
    assert by_value["2019"]["display_date"] == "2019–2020" and by_value["2019"]["end_date"] == {"year": 2020}
    assert by_value["2019-02"]["start_date"] == {"year": 2019, "month": 2, "display_date": "February 2019"}


def test_csv_has_one_row_per_event(tmp_path: Path) -> None:
    build(tmp_path)
    events = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))["events"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "timeline.csv").read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [e["id"] for e in events]
    signing = next(r for r in rows if r["value"] == "2019-06-05")
    assert signing["date"] == "5 June 2019" and int(signing["source_count"]) == len(signing["sources"].split("; ")) >= 3
    assert all(url.startswith("https://") for url in signing["urls"].split())


def test_no_fragment_option_and_dark_theme(tmp_path: Path) -> None:
    build(tmp_path, "--no-fragment", "--theme", "dark")
    assert not (tmp_path / "timeline.fragment.html").exists()
    page = (tmp_path / "timeline.html").read_text(encoding="utf-8")
    assert '<meta name="color-scheme" content="dark">' in page and "#121820" in page


def test_bad_image_suffix_fails_before_writing_anything(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "out" / "t.html"), "--image", str(tmp_path / "t.gif")])
    assert result.exit_code == 2 and "t.gif" in result.output and ".png or .svg" in result.output
    assert not (tmp_path / "out").exists()


def test_image_through_kaleido_and_system_chromium(tmp_path: Path) -> None:
    pytest.importorskip("kaleido", reason="kaleido is not installed (pip install -e '.[browser]')")
    if chromium_path() is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set $CHROMIUM)")
    build(tmp_path, "--image", str(tmp_path / "timeline.png"))
    png = (tmp_path / "timeline.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width == 2400  # 1200 px at scale 2


def test_embed_prints_a_resizing_iframe(tmp_path: Path) -> None:
    result = runner.invoke(app, ["embed", "https://news.example/t/timeline.html", "--title", "Huawei <timeline>"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<iframe ") and 'src="https://news.example/t/timeline.html"' in result.output
    assert 'title="Huawei &lt;timeline&gt;"' in result.output and "timelineHeight" in result.output
    bad = runner.invoke(app, ["embed", "javascript:alert(1)"])
    assert bad.exit_code == 2 and "http(s)" in bad.output
