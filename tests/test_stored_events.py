"""Events kept on disk: a timeline merged with its steps on disk keeps its events below the
--max-events cut in a temporary file, reads them back like a tuple, and its exports stream them."""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from timeline import pipeline
from timeline.dedup import StoredEvents
from timeline.export import csv_chunks, json_chunks, timeline_dict, to_csv, to_json
from timeline.pipeline import build, build_timeline
from timeline.records import Timeline
from timeline.sources import demo_folder, iter_articles


@pytest.fixture
def timelines(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Timeline, Timeline]:
    """The demo story (9 events) with 3 drawn: merged on disk, and in memory."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    articles = list(iter_articles([demo_folder()]))
    stored = build_timeline(articles, "Demo", max_events=3, on_disk=True)
    reference = build_timeline(articles, "Demo", max_events=3, on_disk=False)
    return stored, reference


def test_events_below_the_cut_read_from_disk_behave_like_the_tuple(timelines: tuple[Timeline, Timeline]) -> None:
    stored, reference = timelines
    more, expected = stored.more_events, tuple(reference.more_events)
    assert isinstance(more, StoredEvents) and isinstance(expected, tuple) and len(expected) >= 6
    assert len(more) == len(expected) and bool(more)
    assert list(more) == list(expected)  # every event, with its mentions, id and salience, in rank order
    assert more[0] == expected[0] and more[-1] == expected[-1] and more[len(more) - 2] == expected[-2]
    assert more[2:5] == expected[2:5] and more[::3] == expected[::3] and more[5:2] == ()
    assert more == expected and more != expected[:-1]
    with pytest.raises(IndexError):
        more[len(more)]
    assert pickle.loads(pickle.dumps(more)) == expected  # pickled as the tuple it reads as
    assert stored.events == reference.events and stored == reference


def test_exports_streamed_are_the_whole_encodings(timelines: tuple[Timeline, Timeline]) -> None:
    stored, reference = timelines
    whole_json = to_json(reference)  # json.dumps of the whole dict
    assert "".join(json_chunks(stored)) == "".join(json_chunks(reference)) == whole_json
    assert timeline_dict(stored) == timeline_dict(reference)
    assert "".join(csv_chunks(stored)) == to_csv(reference) and to_csv(reference).count("\n") == 1 + len(reference.events) + len(reference.more_events)
    empty = Timeline("Nothing", ())  # empty lists encode as [] in both
    assert "".join(json_chunks(empty)) == to_json(empty) and '"events": []' in to_json(empty)


def test_nothing_is_left_in_the_temporary_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    timeline, paths = build([], tmp_path / "out" / "t.html", max_events=3, on_disk=True)
    assert isinstance(timeline.more_events, StoredEvents) and len(timeline.more_events) > 0
    assert list(temporary.iterdir()) == []  # the partition files are gone; the events' file has no name
    assert timeline.more_events[0].mentions  # and is still read while the timeline lives
    assert sorted(p.name for p in paths.html.parent.iterdir()) == sorted(
        p.name for p in (paths.html, paths.fragment, paths.json, paths.timelinejs, paths.csv)
    )


def test_an_error_while_an_output_streams_replaces_no_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "out" / "t.html"
    build([], out, max_events=3, on_disk=True)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.parent.iterdir()}

    def failing(timeline: Timeline) -> Iterator[str]:
        yield "id,date\n"
        raise RuntimeError("disk trouble while writing the CSV")

    monkeypatch.setattr(pipeline, "csv_chunks", failing)
    with pytest.raises(RuntimeError, match="disk trouble"):
        build([], out, title="Another title", max_events=5, on_disk=True)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.parent.iterdir()}
    assert after == before  # the JSON, written before the CSV failed, and the page: the old ones, no temporary file
    fresh = tmp_path / "fresh" / "t.html"
    with pytest.raises(RuntimeError):
        build([], fresh, max_events=3, on_disk=True)
    assert list(fresh.parent.iterdir()) == []


@pytest.mark.parametrize(("max_events", "about"), [(None, None), (2, "Huawei"), (1, "Moscow"), (3, "no such actor")])
def test_the_cut_and_about_on_disk_are_those_in_memory(
    max_events: int | None, about: str | None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    articles = list(iter_articles([demo_folder()]))
    stored = build_timeline(articles, "Demo", max_events=max_events, about=about, on_disk=True)
    reference = build_timeline(articles, "Demo", max_events=max_events, about=about, on_disk=False)
    assert to_json(stored) == to_json(reference) and stored == reference
    assert len(stored.events) == len(reference.events) and len(stored.more_events) == len(reference.more_events)


def test_the_json_written_fast_is_the_standard_encoding_of_awkward_text() -> None:
    from dataclasses import replace

    from timeline.records import Article, Event, Mention

    awkward = 'Café «Zürich» — 5G 北京 "quoted" back\\slash\ttab\x01\x7f\u2028line 🎉 </script>'
    mention = Mention(article_id="a\u00e9", sentence=awkward, clause=awkward, time=None, sentence_index=0)
    event = Event(
        id="e001", headline=awkward, value="2019-06", granularity="month", start=date(2019, 6, 1), end=date(2019, 7, 1),
        end_value=None, mentions=(mention,), sources=("a\u00e9",), actors=("Zürich",), salience=0.1 + 0.2,
    )  # fmt: skip
    article = Article(id="a\u00e9", text="", published=date(2019, 6, 6), title=awkward, url=None)
    for salience in (0.1 + 0.2, 1e-7, 12345.6789, 0.0):
        timeline = Timeline(awkward, (article,), events=(replace(event, salience=salience),), more_events=(event,))
        assert "".join(json_chunks(timeline)) == to_json(timeline)
