"""The editor's pass: stable event ids, and an editor's corrections applied on every rebuild."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from timeline import edits, salience
from timeline.cli import app
from timeline.pipeline import build_timeline
from timeline.records import Article, Event, Mention, TimeExpression, Timeline

# A small story in our own words: two events a week apart, each reported twice.
STORY = [
    Article("deal-1", "Northwind and Acme signed a supply deal in Oslo on 5 June 2019, the companies said.", date(2019, 6, 6)),
    Article("deal-2", "Acme and Northwind signed their Oslo supply deal on 5 June 2019 after months of talks.", date(2019, 6, 7)),
    Article("strike-1", "Dock workers in Bergen went on strike on 12 June 2019 over pay.", date(2019, 6, 13)),
    Article("strike-2", "The Bergen dock strike began on 12 June 2019, the union said.", date(2019, 6, 14)),
]
# An article about an earlier, unrelated date: it comes first in date order.
EARLIER = Article("flood", "Heavy rain flooded the old town of Trondheim on 3 March 2018.", date(2018, 3, 4))
# A later report of the deal: the deal event gains a source.
LATER = Article("deal-3", "Northwind and Acme signed the Oslo supply deal on 5 June 2019; shipments start in autumn.", date(2019, 6, 20))


def ids_by_source(articles: list[Article], on_disk: bool = False) -> dict[str, str]:
    timeline = build_timeline(articles, "T", on_disk=on_disk)
    return {source: event.id for event in timeline.events for source in event.sources}


def test_ids_do_not_change_when_an_article_about_an_earlier_date_is_added() -> None:
    before = ids_by_source(STORY)
    after = ids_by_source([EARLIER, *STORY])
    assert set(before.values()) == {before["deal-1"], before["strike-1"]} and before["deal-1"] != before["strike-1"]
    assert {k: after[k] for k in before} == before
    assert after["flood"] not in before.values()


def test_ids_do_not_change_when_an_event_gains_a_later_source_or_an_article_is_removed() -> None:
    before = ids_by_source(STORY)
    grown = ids_by_source([*STORY, LATER])
    assert grown["deal-3"] == grown["deal-1"] == before["deal-1"] and grown["strike-1"] == before["strike-1"]
    assert ids_by_source(STORY[2:])["strike-1"] == before["strike-1"]


def test_both_merging_paths_give_the_same_ids() -> None:
    assert ids_by_source([EARLIER, *STORY, LATER], on_disk=True) == ids_by_source([EARLIER, *STORY, LATER])


# --- an editor's corrections, through the command line ---------------------------------------

runner = CliRunner()


def write_articles(folder: Path, articles: list[Article]) -> Path:
    path = folder / "articles.jsonl"
    lines = [json.dumps({"id": a.id, "published": a.published.isoformat(), "text": a.text}) for a in articles]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(folder: Path, articles: list[Article], edits: str | None, *options: str) -> tuple[int, str, Path]:
    """`timeline build` of `articles` with `edits` (YAML text) into `folder`/out: (exit code, output, page)."""
    folder.mkdir(parents=True, exist_ok=True)
    args = ["build", str(write_articles(folder, articles)), "--out", str(folder / "out" / "timeline.html"), *options]
    if edits is not None:
        (folder / "edits.yaml").write_text(edits, encoding="utf-8")
        args += ["--edits", str(folder / "edits.yaml")]
    result = runner.invoke(app, args)
    return result.exit_code, result.output, folder / "out" / "timeline.html"


def drawn(page: Path) -> dict[str, Any]:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


def list_items(page: Path) -> dict[str, str]:
    """Each listed event's item on the page, by id, as markup."""
    html = page.read_text(encoding="utf-8")
    return dict(re.findall(r'<li id="timeline-[0-9a-f]+-([^"]+)" data-event="[^"]+" tabindex="0">(.*?)</ul></li>', html))


@pytest.fixture
def draft(tmp_path: Path) -> dict[str, str]:
    """The ids of the machine's draft of STORY + EARLIER, by a source of each event."""
    code, output, page = build(tmp_path / "draft", [EARLIER, *STORY], None)
    assert code == 0, output
    return {source: event["id"] for event in drawn(page)["events"] for source in event["sources"]}


def test_each_edit_is_applied_and_shows_on_the_page(tmp_path: Path, draft: dict[str, str]) -> None:
    edits = f"""
events:
  {draft["deal-1"]}:
    headline: Northwind and Acme sign supply deal in Oslo
    text: The deal runs for five years.
    merge: [{draft["strike-1"]}]
  {draft["flood"]}:
    date: 2018-03-02
add:
  - date: 2019-05-15
    headline: Acme opens its first Oslo office
    url: https://example.org/acme-office
"""
    code, output, page = build(tmp_path, [EARLIER, *STORY], edits)
    assert code == 0 and "warning" not in output, output
    events = {e["id"]: e for e in drawn(page)["events"]}
    deal, flood = events[draft["deal-1"]], events[draft["flood"]]
    assert deal["headline"] == "Northwind and Acme sign supply deal in Oslo" and deal["text"] == "The deal runs for five years."
    assert set(deal["sources"]) == {"deal-1", "deal-2", "strike-1", "strike-2"} and draft["strike-1"] not in events
    assert (flood["value"], flood["start"], flood["end"]) == ("2018-03-02", "2018-03-02", "2018-03-03")
    added = [e for e in events.values() if e["headline"] == "Acme opens its first Oslo office"]
    assert len(added) == 1 and added[0]["value"] == "2019-05-15"
    assert added[0]["links"] == ["https://example.org/acme-office"]
    assert all(e["edited"] for e in (deal, flood, added[0]))
    items = list_items(page)
    assert set(items) == set(events)
    assert "Northwind and Acme sign supply deal in Oslo</span> <span class=\"edited\">edited</span>" in items[deal["id"]]
    assert "The deal runs for five years." in items[deal["id"]] and "2 March 2018" in items[flood["id"]]
    assert 'href="https://example.org/acme-office"' in items[added[0]["id"]]
    assert f'<span class="event-id">{deal["id"]}</span>' in items[deal["id"]]
    rows = list(csv.DictReader(io.StringIO(page.with_suffix(".csv").read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == [e["id"] for e in drawn(page)["events"]] and next(iter(rows[0])) == "id"


def test_hide_removes_an_event_everywhere_and_pin_draws_one_past_the_cut(tmp_path: Path, draft: dict[str, str]) -> None:
    code, output, page = build(tmp_path / "cut", [EARLIER, *STORY], None, "--max-events", "2")
    below = drawn(page)["more_events"]
    assert code == 0 and len(below) == 1, output
    edits = f"""
events:
  {draft["deal-1"]}:
    hide: true
  {below[0]["id"]}:
    pin: true
"""
    code, output, page = build(tmp_path / "edited", [EARLIER, *STORY], edits, "--max-events", "2")
    assert code == 0, output
    data = drawn(page)
    assert below[0]["id"] in {e["id"] for e in data["events"]} and len(data["events"]) == 2 and data["more_events"] == []
    for name in ("timeline.html", "timeline.json", "timeline.csv", "timeline.timelinejs.json", "timeline.fragment.html"):
        text = (page.parent / name).read_text(encoding="utf-8")
        assert draft["deal-1"] not in text and "supply deal" not in text, name


def test_edits_survive_a_rebuild_with_more_articles(tmp_path: Path, draft: dict[str, str]) -> None:
    edits = f"""
events:
  {draft["strike-1"]}:
    headline: Bergen dockers strike over pay
"""
    code, output, page = build(tmp_path, [EARLIER, *STORY, LATER], edits)
    assert code == 0 and "warning" not in output, output
    events = {e["id"]: e for e in drawn(page)["events"]}
    assert events[draft["strike-1"]]["headline"] == "Bergen dockers strike over pay"
    assert "deal-3" in events[draft["deal-1"]]["sources"] and not events[draft["deal-1"]]["edited"]


def test_an_edit_finds_its_event_after_an_earlier_report_founded_it_anew(tmp_path: Path, draft: dict[str, str]) -> None:
    first = Article("deal-0", "Northwind and Acme signed a supply deal in Oslo on 5 June 2019, a source said.", date(2019, 6, 5))
    edits = f"""
events:
  {draft["deal-1"]}:
    headline: The Oslo supply deal
"""
    code, output, page = build(tmp_path, [first, EARLIER, *STORY], edits)
    assert code == 0 and "warning" not in output, output
    deal = next(e for e in drawn(page)["events"] if "deal-0" in e["sources"])
    assert deal["id"] != draft["deal-1"] and deal["headline"] == "The Oslo supply deal" and "deal-1" in deal["sources"]


def test_an_id_no_longer_found_is_a_warning_and_the_other_edits_apply(tmp_path: Path, draft: dict[str, str]) -> None:
    edits = f"""
events:
  e000000000000:
    headline: Gone
  {draft["flood"]}:
    headline: Trondheim floods
"""
    code, output, page = build(tmp_path, [EARLIER, *STORY], edits)
    assert code == 0, output
    assert "warning:" in output and "edits.yaml: events.e000000000000: no event has this id any more" in output
    assert "Trondheim floods" in {e["headline"] for e in drawn(page)["events"]}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ("events:\n  e1: [unclosed\n", "line"),
        ("events:\n  e1:\n    pin: true\n  e1:\n    hide: true\n", "line 4: e1 is given twice"),
        ("events:\n  e1:\n    headlin: typo\n", "events.e1: unknown key 'headlin'"),
        ("events:\n  e1:\n    date: 2019-13-01\n", "events.e1: date: '2019-13-01' is not a date"),
        ("events:\n  e1:\n    date: next Tuesday\n", "events.e1: date: 'next Tuesday' is not a date"),
        ("events:\n  e1:\n    hide: maybe\n", "events.e1: hide: must be true or false"),
        ("events:\n  e1:\n    hide: true\n    pin: true\n", "events.e1: hide and pin both"),
        ("events:\n  e1:\n    merge: [e1]\n", "events.e1: merge: an event cannot be merged into itself"),
        ("add:\n  - date: 2019-05-01\n    headline: A\n    url: javascript:alert(1)\n", "add #1: url: 'javascript:alert(1)' is not an http(s) link"),
        ("add:\n  - headline: No date\n", "add #1: needs a date"),
        ("add:\n  - date: 2019\n", "add #1: needs a headline"),
        ("editors: []\n", "the file: unknown key 'editors'"),
        ("- just a list\n", "the file: must be a mapping"),
    ],
)
def test_a_bad_edits_file_is_an_error_naming_file_and_entry_and_nothing_is_written(tmp_path: Path, content: str, named: str) -> None:
    code, output, page = build(tmp_path, STORY, content)
    assert code == 2, output
    assert f"error: {tmp_path / 'edits.yaml'}: " in output and named in output, output
    assert not page.parent.exists()


def test_hostile_text_in_an_edit_is_escaped_and_cannot_run_as_a_formula(tmp_path: Path, draft: dict[str, str]) -> None:
    edits = f"""
events:
  {draft["deal-1"]}:
    headline: "<script>window.pwned=1</script> =HYPERLINK(\\"https://evil.example\\")"
    text: "<img src=x onerror=\\"window.pwned=2\\">"
"""
    code, output, page = build(tmp_path, [EARLIER, *STORY], edits)
    assert code == 0, output
    for name in ("timeline.html", "timeline.fragment.html", "timeline.timelinejs.json"):
        text = (page.parent / name).read_text(encoding="utf-8")
        assert "<script>window.pwned" not in text and "<img src=x" not in text, name
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(page.with_suffix(".csv").read_text(encoding="utf-8"))))
    assert next(r for r in rows if r["id"] == draft["deal-1"])["text"].startswith("<img")  # text, not a formula: no leading =


def test_start_edits_lists_every_drawn_event_ready_to_uncomment(tmp_path: Path, draft: dict[str, str]) -> None:
    page = tmp_path / "draft" / "out" / "timeline.html"
    started = tmp_path / "edits.yaml"
    result = runner.invoke(app, ["start-edits", str(page.with_suffix(".json")), "--out", str(started)])
    assert result.exit_code == 0, result.output
    lines = started.read_text(encoding="utf-8").splitlines()
    assert edits.parse("\n".join(lines)).events == {}  # all commented out
    for event in drawn(page)["events"]:
        assert any(line.startswith(f"  # {event['id']}:  # ") for line in lines)
        assert f"  #   headline: {json.dumps(event['headline'], ensure_ascii=False)}" in lines
    # Uncomment the flood's lines and change its headline: a working edits file.
    at = lines.index(next(line for line in lines if line.startswith(f"  # {draft['flood']}:")))
    for n in range(at, at + 3):
        lines[n] = "  " + lines[n][4:]
    lines[at + 2] = '    headline: "Floods in Trondheim"'
    code, output, rebuilt = build(tmp_path / "again", [EARLIER, *STORY], "\n".join(lines) + "\n")
    assert code == 0, output
    assert "Floods in Trondheim" in {e["headline"] for e in drawn(rebuilt)["events"]}
    again = runner.invoke(app, ["start-edits", str(page.with_suffix(".json")), "--out", str(started)])
    assert again.exit_code == 2 and "exists already" in again.output  # an editor's work is not replaced


def test_edits_give_the_same_files_whichever_merging_path_runs(tmp_path: Path, draft: dict[str, str]) -> None:
    edits = f"""
events:
  {draft["deal-1"]}:
    headline: The deal
    merge: [{draft["flood"]}]
add:
  - date: 2019-W23
    headline: A week of talks
"""
    outputs = []
    for path in ("--on-disk", "--in-memory"):
        code, output, page = build(tmp_path / path.strip("-"), [EARLIER, *STORY, LATER], edits, path, "--max-events", "2")
        assert code == 0, output
        outputs.append([(page.parent / name).read_bytes() for name in ("timeline.json", "timeline.csv", "timeline.html")])
    assert outputs[0] == outputs[1]


# --- applying, on the records ----------------------------------------------------------------


def made_event(n: int, score: float, day: int = 1) -> Event:
    start = date(2019, 6, day)
    mention = Mention(f"art-{n}", f"Sentence {n}.", f"Sentence {n}", TimeExpression(0, 4, "June", "DATE", start.isoformat()), 0)
    return Event(id=f"e{n:012x}", headline=f"Event {n}", value=start.isoformat(), granularity="day", start=start,
                 end=start + timedelta(days=1), end_value=None, mentions=(mention,), sources=(f"art-{n}",), salience=score)  # fmt: skip


def test_edits_keep_the_drawn_allowance_and_the_ranked_order_below_the_cut() -> None:
    events = [made_event(n, score=float(n % 7) + n / 100, day=1 + n % 28) for n in range(40)]
    drawn, below = salience.select(events, 10)
    timeline = Timeline("T", (), tuple(drawn), tuple(below))
    low = below[-1]
    content = f"""
events:
  {drawn[0].id}:
    hide: true
  {low.id}:
    pin: true
  {below[5].id}:
    merge: [{below[6].id}, {drawn[1].id}]
  {below[7].id}:
    date: 2019-07
"""
    edited, warnings = edits.apply(timeline, edits.parse(content), 10)
    assert warnings == []
    shown = {e.id for e in edited.events}
    rest = list(edited.more_events)
    assert len(edited.events) == 10 and low.id in shown
    assert drawn[0].id not in shown | {e.id for e in rest}  # hidden
    assert below[6].id not in shown | {e.id for e in rest} and drawn[1].id not in shown | {e.id for e in rest}  # merged
    assert len(shown) + len(rest) == 40 - 3
    assert rest == salience.ranked(rest) and edited.more_events[2:5] == tuple(rest[2:5])
    # The one place left is filled with the most salient event below the cut, the merged one counted at its new rank.
    refilled = [e for e in edited.events if e.id not in {d.id for d in drawn} | {low.id}]
    assert len(refilled) == 1 and salience.ranked([*refilled, *rest])[0] == refilled[0]
    merged = next(e for e in [*edited.events, *rest] if e.id == below[5].id)
    assert set(merged.sources) == {below[5].sources[0], below[6].sources[0], drawn[1].sources[0]} and merged.edited
    moved = next(e for e in [*edited.events, *rest] if e.id == below[7].id)
    assert (moved.value, moved.start, moved.granularity) == ("2019-07", date(2019, 7, 1), "month")


def test_pins_and_additions_past_the_allowance_push_the_least_salient_drawn_events_below() -> None:
    events = [made_event(n, score=float(n), day=1 + n) for n in range(12)]
    drawn, below = salience.select(events, 4)
    content = f"events:\n  {below[0].id}:\n    pin: true\n  {below[1].id}:\n    pin: true\nadd:\n  - date: 2019-06\n    headline: Added\n"
    edited, _ = edits.apply(Timeline("T", (), tuple(drawn), tuple(below)), edits.parse(content), 4)
    weakest = salience.ranked(drawn)[-3:]
    assert len(edited.events) == 4 and {below[0].id, below[1].id} <= {e.id for e in edited.events}
    assert set(weakest) <= set(edited.more_events) and list(edited.more_events) == salience.ranked(list(edited.more_events))
