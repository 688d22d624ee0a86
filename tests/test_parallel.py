"""Streaming and parallel runs: the same timeline from one process, local processes or Dask."""

from __future__ import annotations

import gc
import json
import re
import weakref
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline import cli, engines
from timeline.cli import app
from timeline.engines import InProcess, LocalPool
from timeline.export import to_json
from timeline.pipeline import StageTimes, build_timeline
from timeline.records import Article
from timeline.settings import Limits
from timeline.sources import demo_folder, load_articles

runner = CliRunner()


def shifted_copies(copies: int) -> list[Article]:
    """The demo story told `copies` times, each copy `6 * n` years later (dates and years in the
    text), so that every copy has its own events."""
    demo = load_articles([demo_folder()])
    articles = []
    for n in range(copies):
        years = 6 * n
        for article in demo:
            text = re.sub(r"\b(19\d\d|20\d\d)\b", lambda m, y=years: str(int(m.group()) + y), article.text)
            published = article.published.replace(year=article.published.year + years)
            articles.append(replace(article, id=f"{article.id}-copy{n}", text=text, published=published))
    return articles


# Cut the stream after every article, so even a short story is spread over many tasks.
ONE_ARTICLE_PER_CHUNK = Limits(chunk_characters=1)


@pytest.fixture
def one_article_per_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line builds with ONE_ARTICLE_PER_CHUNK."""
    monkeypatch.setattr(cli, "LIMITS", ONE_ARTICLE_PER_CHUNK)


def test_two_processes_give_the_timeline_of_one() -> None:
    articles = shifted_copies(3)
    single = build_timeline(articles, "T", engine=InProcess())
    stages = StageTimes()
    pooled = build_timeline(iter(articles), "T", engine=LocalPool(2), stages=stages, limits=ONE_ARTICLE_PER_CHUNK)
    assert to_json(pooled) == to_json(single)
    assert len(single.events) >= 3 * 6  # every copy keeps its own events
    assert stages.articles == len(articles) and stages.mentions_kept > 0


def test_the_timeline_keeps_articles_without_their_text() -> None:
    timeline = build_timeline(load_articles([demo_folder()]))
    assert timeline.articles and all(a.text == "" for a in timeline.articles)
    assert all(a.title and a.published for a in timeline.articles)


def test_an_article_is_released_once_its_mentions_are_out() -> None:
    """Streaming: while article k is read, articles a few chunks back are already gone."""
    alive: list[weakref.ref[Article]] = []
    held_back: list[int] = []

    def stream() -> Iterator[Article]:
        for article in shifted_copies(3):
            gc.collect()
            held_back.append(sum(ref() is not None for ref in alive))
            article = replace(article, text=article.text)  # a fresh object no list holds
            alive.append(weakref.ref(article))
            yield article

    build_timeline(stream(), engine=InProcess(), limits=ONE_ARTICLE_PER_CHUNK)
    assert len(alive) == 12
    assert max(held_back) <= 2, held_back


def test_cli_jobs_two_writes_the_same_files_as_jobs_one(one_article_per_chunk: None, tmp_path: Path) -> None:
    source = tmp_path / "archive.jsonl"
    source.write_text(
        "".join(
            json.dumps({"id": a.id, "published": a.published.isoformat(), "title": a.title, "url": a.url, "text": a.text}) + "\n"
            for a in shifted_copies(2)
        ),
        encoding="utf-8",
    )
    outputs = {}
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["build", str(source), "--jobs", jobs, "--out", str(tmp_path / jobs / "t.html")])
        assert result.exit_code == 0, result.output
        outputs[jobs] = [(tmp_path / jobs / name).read_bytes() for name in ("t.html", "t.json", "t.fragment.html")]
    assert outputs["1"] == outputs["2"]


def test_a_bad_line_late_in_a_parallel_run(one_article_per_chunk: None, tmp_path: Path) -> None:
    """--strict: nothing written, exit 2; by default the line is reported and the rest built, exit 1."""
    source = tmp_path / "archive.jsonl"
    lines = [json.dumps({"id": a.id, "published": a.published.isoformat(), "text": a.text}) for a in shifted_copies(2)]
    source.write_text("\n".join([*lines, '{"id": "broken", "text": ']) + "\n", encoding="utf-8")
    strict = runner.invoke(app, ["build", str(source), "--jobs", "2", "--strict", "--out", str(tmp_path / "strict" / "t.html")])
    assert strict.exit_code == 2
    assert f"{source}:9" in strict.output and "invalid JSON" in strict.output
    assert not (tmp_path / "strict").exists()
    lenient = runner.invoke(app, ["build", str(source), "--jobs", "2", "--out", str(tmp_path / "lenient" / "t.html")])
    assert lenient.exit_code == 1
    assert "from 8 articles" in lenient.output
    assert (tmp_path / "lenient" / "t.json").is_file()


def test_engine_options_are_checked() -> None:
    result = runner.invoke(app, ["build", "--engine", "dask"])
    assert result.exit_code == 2 and "--scheduler" in result.output
    result = runner.invoke(app, ["build", "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "--engine dask" in result.output
    result = runner.invoke(app, ["build", "--jobs", "0"])
    assert result.exit_code == 2


def test_dask_local_cluster_gives_the_timeline_of_one_process(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="Dask distributed not installed (pip install '.[dask]')")
    articles = shifted_copies(2)
    expected = to_json(build_timeline(articles, "T", engine=InProcess()))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    ) as cluster:
        on_cluster = build_timeline(iter(articles), "T", engine=engines.DaskCluster(cluster.scheduler_address), limits=ONE_ARTICLE_PER_CHUNK)
        assert to_json(on_cluster) == expected
        # The CLI path too: the same files as a one-process build.
        demo_one = runner.invoke(app, ["build", "--jobs", "1", "--out", str(tmp_path / "one" / "t.html")])
        demo_dask = runner.invoke(
            app, ["build", "--engine", "dask", "--scheduler", cluster.scheduler_address, "--out", str(tmp_path / "dask" / "t.html")]
        )
    assert demo_one.exit_code == 0 and demo_dask.exit_code == 0, demo_dask.output
    assert (tmp_path / "one" / "t.json").read_bytes() == (tmp_path / "dask" / "t.json").read_bytes()



def test_the_json_written_piece_by_piece_is_the_whole_json(tmp_path: Path) -> None:
    """build writes the JSON as it is encoded (an archive's would be millions of pieces held at
    once): the same bytes as encoding it whole."""
    from timeline.export import timeline_dict
    from timeline.pipeline import build

    timeline, paths = build([], tmp_path / "t.html")
    whole = json.dumps(timeline_dict(timeline), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert paths.json.read_text(encoding="utf-8") == whole == to_json(timeline)
    assert '"mentions"' in whole and not any(p.name.startswith(".") for p in tmp_path.iterdir())  # no temporary file left
