"""`timeline render`: the page and exports drawn again from an edited timeline.csv or timeline.json."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.export import CSV_COLUMNS

runner = CliRunner()
OUTPUTS = ("timeline.html", "timeline.fragment.html", "timeline.json", "timeline.timelinejs.json", "timeline.csv")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's timeline, built once."""
    page = tmp_path_factory.mktemp("built") / "timeline.html"
    result = runner.invoke(app, ["build", "--out", str(page), "--max-events", "6"])
    assert result.exit_code == 0, result.output
    return page


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def render(sheet: Path, out: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["render", str(sheet), "--out", str(out)])
    return result.exit_code, result.output


def test_the_csv_round_trip_keeps_an_edited_headline_a_deleted_row_and_an_added_row(built: Path, tmp_path: Path) -> None:
    rows = rows_of(built.with_suffix(".csv"))
    assert tuple(rows[0]) == CSV_COLUMNS and next(iter(rows[0])) == "id"
    edited, deleted = rows[1], rows.pop(2)
    edited["headline"] = "Ren Zhengfei: Huawei can do without US partners"
    rows.append({"value": "2019-05-16", "headline": "Trump signs a telecoms order"})  # every other column empty
    sheet = write_rows(tmp_path / "edited.csv", rows, list(CSV_COLUMNS))
    code, output = render(sheet, tmp_path / "out" / "timeline.html")
    assert code == 0, output
    assert all((tmp_path / "out" / name).is_file() for name in OUTPUTS)
    data = json.loads((tmp_path / "out" / "timeline.json").read_text(encoding="utf-8"))
    every = {e["id"]: e for e in data["events"] + data["more_events"]}
    assert every[edited["id"]]["headline"] == "Ren Zhengfei: Huawei can do without US partners"
    assert deleted["id"] not in every
    added = [e for e in data["events"] if e["headline"] == "Trump signs a telecoms order"]
    assert len(added) == 1 and (added[0]["start"], added[0]["granularity"], added[0]["edited"]) == ("2019-05-16", "day", True)
    page = (tmp_path / "out" / "timeline.html").read_text(encoding="utf-8")
    assert "Ren Zhengfei: Huawei can do without US partners" in page and "Trump signs a telecoms order" in page
    assert deleted["headline"] not in page
    # Drawn or not, as the sheet says; the sheet written again reads back the same.
    assert {e["id"] for e in data["more_events"]} == {r["id"] for r in rows if r.get("drawn") == "no"}
    code, output = render(tmp_path / "out" / "timeline.csv", tmp_path / "again" / "timeline.html")
    assert code == 0, output
    assert (tmp_path / "again" / "timeline.csv").read_bytes() == (tmp_path / "out" / "timeline.csv").read_bytes()


def test_a_moved_date_is_read_from_value_and_a_changed_label_alone_is_an_error(built: Path, tmp_path: Path) -> None:
    rows = rows_of(built.with_suffix(".csv"))
    rows[0]["value"] = "2019-03"  # the other date columns are stale: value wins
    code, output = render(write_rows(tmp_path / "moved.csv", rows, list(CSV_COLUMNS)), tmp_path / "moved" / "t.html")
    assert code == 0, output
    moved = json.loads((tmp_path / "moved" / "t.json").read_text(encoding="utf-8"))["events"]
    assert ("2019-03-01", "month") in {(e["start"], e["granularity"]) for e in moved}
    rows = rows_of(built.with_suffix(".csv"))
    rows[0]["date"] = "April 2019"
    code, output = render(write_rows(tmp_path / "label.csv", rows, list(CSV_COLUMNS)), tmp_path / "label" / "t.html")
    assert code == 2 and "row 2, column date:" in output and "change value" in output, output


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"value": "2019-13"}, "row 3, column value: '2019-13' is not a date"),
        ({"value": ""}, "row 3, column value: empty"),
        ({"headline": "  "}, "row 3, column headline: empty"),
        ({"urls": "javascript:alert(1)"}, "row 3, column urls: 'javascript:alert(1)' is not an http(s) link"),
        ({"future": "perhaps"}, "row 3, column future: 'perhaps' is not yes or no"),
        ({"end_value": "2018"}, "row 3, column end_value: 2018 ends before"),
    ],
)
def test_each_bad_row_is_an_error_naming_row_and_column_and_nothing_is_written(
    built: Path, tmp_path: Path, change: dict[str, str], named: str
) -> None:
    rows = rows_of(built.with_suffix(".csv"))
    rows[1].update(change)
    sheet = write_rows(tmp_path / "bad.csv", rows, list(CSV_COLUMNS))
    code, output = render(sheet, tmp_path / "out" / "timeline.html")
    assert code == 2 and f"error: {sheet}: {named}" in output, output
    assert not (tmp_path / "out").exists()


def test_a_sheet_without_a_needed_column_is_an_error(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("date,headline\n2019-05-01,A\n", encoding="utf-8")
    code, output = render(sheet, tmp_path / "out" / "timeline.html")
    assert code == 2 and "row 1: no 'value' column" in output, output


def test_formula_guards_are_taken_off_and_put_back(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text('value,headline\n2019-05-01,"\'=HYPERLINK(""https://evil.example"")"\n', encoding="utf-8")
    code, output = render(sheet, tmp_path / "out" / "timeline.html")
    assert code == 0, output
    data = json.loads((tmp_path / "out" / "timeline.json").read_text(encoding="utf-8"))
    assert data["events"][0]["headline"] == '=HYPERLINK("https://evil.example")'
    assert rows_of(tmp_path / "out" / "timeline.csv")[0]["headline"].startswith("'=")


def test_the_json_round_trip_gives_the_same_files(built: Path, tmp_path: Path) -> None:
    code, output = render(built.with_suffix(".json"), tmp_path / "timeline.html")
    assert code == 0, output
    for name in ("timeline.json", "timeline.csv", "timeline.timelinejs.json"):
        assert (tmp_path / name).read_bytes() == (built.parent / name).read_bytes(), name


def test_a_hand_edited_json_event_needs_only_value_and_headline(built: Path, tmp_path: Path) -> None:
    data = json.loads(built.with_suffix(".json").read_text(encoding="utf-8"))
    data["events"].append({"value": "2019-W21", "headline": "A week of <b>talks</b>"})
    data["events"][0]["value"] = "not a date"
    sheet = tmp_path / "timeline.json"
    sheet.write_text(json.dumps(data), encoding="utf-8")
    code, output = render(sheet, tmp_path / "bad" / "timeline.html")
    assert code == 2 and "events #1, field value: 'not a date' is not a date" in output, output
    data["events"][0]["value"] = "2019"
    sheet.write_text(json.dumps(data), encoding="utf-8")
    code, output = render(sheet, tmp_path / "out" / "timeline.html")
    assert code == 0, output
    page = (tmp_path / "out" / "timeline.html").read_text(encoding="utf-8")
    assert "A week of &lt;b&gt;talks&lt;/b&gt;" in page and "<b>talks" not in page


def test_render_will_not_write_over_its_own_sheet(built: Path) -> None:
    code, output = render(built.with_suffix(".csv"), built)
    assert code == 2 and "would be overwritten" in output, output


def test_start_edits_reads_an_edited_sheet_too(built: Path, tmp_path: Path) -> None:
    rows = [row for row in rows_of(built.with_suffix(".csv")) if row["drawn"] == "yes"]
    rows[0]["headline"] = "A headline from the sheet"
    sheet = write_rows(tmp_path / "sheet.csv", rows, list(CSV_COLUMNS))
    result = runner.invoke(app, ["start-edits", str(sheet), "--out", str(tmp_path / "edits.yaml")])
    assert result.exit_code == 0, result.output
    started = (tmp_path / "edits.yaml").read_text(encoding="utf-8")
    assert '#   headline: "A headline from the sheet"' in started
    assert all(f"# {row['id']}:" in started for row in rows)
