"""The whole run through the CLI, as a user types it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from timeline.cli import app

runner = CliRunner()


def build(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["build", *args])
    return result.exit_code, result.output


def events_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["events"]


def test_demo_build_writes_page_fragment_and_json(tmp_path: Path) -> None:
    code, output = build("--out", str(tmp_path / "timeline.html"))
    assert code == 0, output
    page = (tmp_path / "timeline.html").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "timeline.json").read_text(encoding="utf-8"))
    assert '<ol class="timeline-events">' in page and "Plotly" in page
    assert (tmp_path / "timeline.fragment.html").read_text(encoding="utf-8").startswith('<div class="timeline">')
    assert {"title", "generated_from", "events"} <= set(data)
    for event in data["events"]:
        assert {"id", "headline", "start", "end", "granularity", "value", "mentions", "sources"} <= set(event)
        assert date.fromisoformat(event["start"]) < date.fromisoformat(event["end"])


def test_huawei_corpus_timeline(huawei_corpus: Path, tmp_path: Path) -> None:
    code, output = build(str(huawei_corpus), "--out", str(tmp_path / "t.html"))
    assert code == 0, output
    events = events_of(tmp_path / "t.json")

    def find(value: str, *words: str) -> list[dict]:
        return [e for e in events if e["value"] == value and any(all(w in m["sentence"] for w in words) for m in e["mentions"])]

    ban = find("2019-05", "Trump", "bann")
    google = find("2019-05", "Google suspended")
    signing = find("2019-06-05", "Wednesday")
    assert len(ban) == 1 and len(google) == 1 and ban != google
    assert len(signing) == 1 and len(signing[0]["sources"]) >= 4
    assert ban[0]["granularity"] == "month" and ban[0]["start"] == "2019-05-01" and ban[0]["end"] == "2019-06-01"
    latest = max(a["published"] for a in json.loads((tmp_path / "t.json").read_text())["generated_from"])
    for event in events:
        if event["start"] > latest:  # only statements about the future may lie after the reports
            assert any(
                m["expression"] in ("2019-2020", "this year and in 2020") or "will" in m["sentence"] or "due" in m["sentence"]
                for m in event["mentions"]
            ), event


def test_missing_publication_date_fails_and_writes_nothing(tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("Huawei signed a deal on Wednesday.", encoding="utf-8")
    out = tmp_path / "out" / "timeline.html"
    code, output = build(str(undated), "--out", str(out))
    assert code == 2
    assert "undated.txt" in output and "publication date" in output
    assert not out.parent.exists() or not any(out.parent.iterdir())


def test_published_option_dates_plain_text(tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("Huawei and MTS signed a 5G deal in Moscow on Wednesday.", encoding="utf-8")
    code, output = build(str(undated), "--published", "2019-06-06", "--out", str(tmp_path / "t.html"))
    assert code == 0, output
    assert [e["value"] for e in events_of(tmp_path / "t.json")] == ["2019-06-05"]


def test_jsonl_input(tmp_path: Path) -> None:
    records = [
        {
            "id": "r1",
            "published": "2019-06-06",
            "title": "One",
            "url": "https://example.org/1",
            "text": "Google suspended Huawei's Android licence last month.",
        },
        {
            "id": "r2",
            "published": "2019-06-06",
            "title": "Two",
            "url": "https://example.org/2",
            "text": "Last month Google suspended the Android licence of Huawei.",
        },
    ]
    source = tmp_path / "a.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    code, output = build(str(source), "--out", str(tmp_path / "t.html"))
    assert code == 0, output
    [event] = events_of(tmp_path / "t.json")
    assert event["sources"] == ["r1", "r2"] and event["value"] == "2019-05"


def test_tag_command_prints_expressions(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text("Trump banned Huawei last month.", encoding="utf-8")
    result = runner.invoke(app, ["tag", str(source), "--published", "2019-06-06"])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.output.splitlines()]
    assert (line["text"], line["value"], line["interval"]) == ("last month", "2019-05", ["2019-05-01", "2019-06-01"])
