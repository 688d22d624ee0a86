"""Hostile and broken inputs: each costs one error line, never the build, the machine or a secret.

Records, entries, pages and files are each read under one guard; front matter is bounded;
inputs stay inside what the user named; outputs replace only regular files; CSV cells stay
cells; a long sentence of dates is read in bounded pieces."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from timeline.cli import app
from timeline.mentions import article_mentions
from timeline.pipeline import build_timeline
from timeline.records import Article
from timeline.sources import Notice, ReadOptions, SourceError, load_articles
from timeline.temporal import tag

runner = CliRunner()
GOOD = {"text": "The harbour tram line opened to passengers on Wednesday 13 March 2024.", "published": "2024-03-14"}
SECRET = "The vault code is 4512 and it changed on 2 March 2024."


def read(*inputs: Path | str, **options: object) -> tuple[list[Article], list[SourceError], list[Notice]]:
    errors: list[SourceError] = []
    notices: list[Notice] = []
    articles = load_articles(inputs, options=ReadOptions(**options), on_error=errors.append, on_notice=notices.append)  # type: ignore[arg-type]
    return articles, errors, notices


def build(tmp_path: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "out" / "timeline.html"
    result = runner.invoke(app, ["build", *args, "--out", str(out), "--no-cache"])
    return result.exit_code, result.output, out


def outputs_text(out: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(out.parent.iterdir()))


# One bad record, entry or file costs itself alone ------------------------------------------------

BAD_RECORDS = [
    ('{"text": "Trams ran on 4 March 2024.", "published": "2024-03-05", "title": 42}', "'title' must be text, not a number"),
    ('{"text": "Trams ran on 4 March 2024.", "published": "2024-03-05", "url": ["https://a.example"]}', "'url' must be text, not a list"),
    ('{"text": "Trams ran on 4 March 2024.", "published": "2024-03-05", "title": {"en": "Trams"}}', "'title' must be text, not an object"),
    ('{"text": "Trams ran on 4 March 2024.", "published": "2024-03-05", "title": "\\ud800"}', "'title' holds a lone surrogate"),
    ('{"text": "Trams ran on 4 March 2024 \\udfff.", "published": "2024-03-05"}', "'text' holds a lone surrogate"),
    ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "invalid JSON: nested too deeply"),
    ('{"text": "Trams ran.", "count": ' + "7" * 5000 + "}", "invalid JSON: a number with too many digits"),
    ('{"text": "Trams ran on 4 March 2024.", "published": ' + "9" * 40 + "}", "published is not a date: a number"),
    ('{"text": "Trams ran on 4 March 2024.", "published": "' + "2024-03-05 " * 50 + '"}', "published is not a valid date"),
]


@pytest.mark.parametrize(("line", "problem"), BAD_RECORDS, ids=[problem for _, problem in BAD_RECORDS])
def test_a_bad_json_lines_record_is_its_own_error_line_and_the_rest_is_built(tmp_path: Path, line: str, problem: str) -> None:
    source = tmp_path / "records.jsonl"
    source.write_text(line + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    code, output, out = build(tmp_path, str(source))
    assert code == 1, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {source}:1: {problem}")
    assert "Traceback" not in output
    assert [a["id"] for a in json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))["generated_from"]] == ["records-2"]


def test_a_feed_entry_holding_a_reference_to_no_character_is_read_and_the_rest_too(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    items = [
        ("Tram fares &#xD800; frozen", "Fares were frozen on 1 March 2024 &#55296; by the council.", "https://a.example/fares"),
        ("Tram line opens", "The tram line opened on 13 March 2024.", "https://a.example/opens"),
    ]
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title>'
        + "".join(f"<item><title>{t}</title><link>{link}</link><description>{d}</description>"
                  "<pubDate>Thu, 14 Mar 2024 10:00:00 GMT</pubDate></item>" for t, d, link in items)
        + "</channel></rss>",
        encoding="utf-8",
    )
    articles, errors, notices = read(feed)
    assert errors == []
    assert [a.title for a in articles] == ["Tram fares \ufffd frozen", "Tram line opens"]
    assert any("character reference(s) to no character" in n.message for n in notices if n.level == "warning")


def test_a_failure_nobody_foresaw_costs_that_input_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Any exception from a library while reading one file is that file's error line."""
    import trafilatura

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("a library's own bug")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    (tmp_path / "page.html").write_text("<html><body><p>A page.</p></body></html>", encoding="utf-8")
    (tmp_path / "story.md").write_text("---\npublished: 2024-03-14\n---\nThe tram opened on 13 March 2024.\n", encoding="utf-8")
    articles, errors, _ = read(tmp_path)
    assert [a.id for a in articles] == ["story"]
    assert [(e.path, e.problem) for e in errors] == [(str(tmp_path / "page.html"), "could not be read (KeyError: \"a library's own bug\")")]


# Front matter ------------------------------------------------------------------------------------

LAUGHS = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n" for n in range(1, 7)
) + "title: *a6\npublished: 2024-03-14\n---\nThe tram opened on 13 March 2024.\n"


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        (LAUGHS, "front matter uses a YAML alias (*name); write each value out"),
        ("---\ntitle: [Trams, Ferries]\npublished: 2024-03-14\n---\nThe tram opened.\n", "front matter 'title' must be a single value, not a list"),
        ("---\npublished: {day: 14}\n---\nThe tram opened.\n", "front matter 'published' must be a single value, not an object"),
        ("---\nnotes: " + "x" * 70_000 + "\n---\nThe tram opened.\n", "front matter is 70,007 characters long (at most 65,536)"),
        ("---\ntitle: " + "Trams " * 400 + "\npublished: 2024-03-14\n---\nThe tram opened.\n", "'title' is 2,399 characters long (at most 2,000)"),
    ],
    ids=["aliases", "list", "object", "too long", "title too long"],
)
def test_front_matter_is_only_the_fields_read_as_bounded_plain_values(tmp_path: Path, front_matter: str, problem: str) -> None:
    (tmp_path / "bomb.md").write_text(front_matter, encoding="utf-8")
    (tmp_path / "good.md").write_text("---\npublished: 2024-03-14\ntags: [trams, harbour]\n---\nThe tram opened on 13 March 2024.\n", encoding="utf-8")
    articles, errors, _ = read(tmp_path)
    assert [a.id for a in articles] == ["good"]  # fields the project does not read may be anything
    assert [(e.path, e.problem) for e in errors] == [(str(tmp_path / "bomb.md"), problem)]


# Reading outside the inputs ----------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


def test_a_manifest_reads_only_files_inside_its_folder(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "opening.md").write_text("The tram line opened on 13 March 2024.\n", encoding="utf-8")
    entries = [{"file": "../secret.txt"}, {"file": str(secret)}, {"file": "opening.md"}]
    (folder / "manifest.json").write_text(json.dumps({"articles": [e | {"published": "2024-03-14"} for e in entries]}), encoding="utf-8")
    code, output, out = build(tmp_path, str(folder))
    assert code == 1, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {folder / '../secret.txt'}: listed in manifest.json but leads out of {folder} (to {secret}); not read",
        f"error: {secret}: listed in manifest.json but leads out of {folder} (to {secret}); not read",
    ]
    assert "vault" not in outputs_text(out)


def test_a_symbolic_link_out_of_an_input_folder_is_not_followed(tmp_path: Path, secret: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "opening.md").write_text("---\npublished: 2024-03-14\n---\nThe tram line opened on 13 March 2024.\n", encoding="utf-8")
    (folder / "leak.txt").symlink_to(secret)
    (folder / "again.md").symlink_to(folder / "opening.md")  # inside the folder: read (and counted once)
    code, output, out = build(tmp_path, str(folder), "--published", "2024-03-14")
    assert code == 1, output
    assert f"error: {folder / 'leak.txt'}: a symbolic link that leads out of {folder} (to {secret}); not read" in output.splitlines()
    assert "vault" not in outputs_text(out)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_in_an_input_folder_is_skipped_without_opening_it(tmp_path: Path) -> None:
    (tmp_path / "opening.md").write_text("---\npublished: 2024-03-14\n---\nThe tram line opened on 13 March 2024.\n", encoding="utf-8")
    pipe = tmp_path / "wire.txt"
    os.mkfifo(pipe)

    def unblock() -> None:  # were the pipe opened, the test would fail (an empty file) rather than hang
        try:
            descriptor = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # nobody is reading it, as it should be
            return
        os.close(descriptor)

    timer = threading.Timer(5, unblock)
    timer.start()
    try:
        articles, errors, _ = read(tmp_path)
    finally:
        timer.cancel()
    assert [a.id for a in articles] == ["opening"]
    assert [(e.path, e.problem) for e in errors] == [(str(pipe), "cannot read: a named pipe, not a regular file; skipped")]


# Output paths ------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_every_output_path_problem_is_one_line_exit_2_and_nothing_written(tmp_path: Path) -> None:
    story = tmp_path / "story.md"
    story.write_text("---\npublished: 2024-03-14\n---\nThe tram line opened on 13 March 2024.\n", encoding="utf-8")
    folder = tmp_path / "existing"
    folder.mkdir()
    a_file = tmp_path / "plain.txt"
    a_file.write_text("not a folder", encoding="utf-8")
    # A named pipe stands for a device such as /dev/null, which a test must never risk replacing.
    pipe = tmp_path / "pipe.html"
    os.mkfifo(pipe)
    cases = {
        str(pipe): f"{pipe}: is not a regular file (a device, a pipe or a socket); only a regular file is replaced",
        str(folder): f"{folder}: is a folder; only a regular file is replaced",
        "": ".: --out needs a file name, such as out/timeline.html",
        str(tmp_path / "x.json"): f"{tmp_path / 'x.json'}: the page and the JSON would be written to this one file; choose another name",
        str(a_file / "t.html"): f"{a_file / 't.html'}: cannot write: Not a directory",
    }
    for out, message in cases.items():
        result = runner.invoke(app, ["build", str(story), "--out", out, "--no-cache"])
        assert (result.exit_code, result.output) == (2, f"error: {message}\n"), out
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing", "pipe.html", "plain.txt", "story.md"] and not list(folder.iterdir())


# CSV cells ---------------------------------------------------------------------------------------


def test_a_carriage_return_in_a_cell_neither_breaks_the_row_nor_starts_a_formula(tmp_path: Path) -> None:
    source = tmp_path / "records.jsonl"
    text = "The council approved the tram budget on 13 March 2024 after a long debate\r=HYPERLINK(\"https://evil.example\") and a vote."
    source.write_text(json.dumps({"text": text, "published": "2024-03-14", "id": "budget\r=1+1"}) + "\n", encoding="utf-8")
    code, output, out = build(tmp_path, str(source))
    assert code == 0, output
    table = out.with_suffix(".csv").read_text(encoding="utf-8")
    assert "\r" not in table
    rows = list(csv.reader(io.StringIO(table)))
    assert len(rows) == 2 and len(rows[1]) == len(rows[0])
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]


# Long sentences of dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    ["Sales rose " + " ".join(["2019"] * 3000) + ".", "Sales rose " + ", ".join(["in May 2019"] * 2000) + ".",
     "Totals " + " ".join(str(1000 + n) for n in range(3000)) + "."],
    ids=["years", "in May 2019", "numbers"],
)
def test_a_sentence_of_thousands_of_dates_is_read_in_bounded_pieces(sentence: str) -> None:
    """Each date's work grows with its sentence: a table pasted without full stops is cut, so no
    mention carries more than a piece of it (and the whole stays linear in the text)."""
    article = Article("log", sentence, date(2020, 1, 10))
    mentions = article_mentions(article)
    assert mentions and all(len(m.sentence) <= 4000 and len(m.time_spans) <= 64 for m in mentions)
    pieces = {m.sentence_index: m.sentence for m in mentions}
    assert len(pieces) > 1 and sum(map(len, pieces.values())) <= len(sentence)


def test_an_ordinary_long_sentence_is_not_cut() -> None:
    sentence = "The tram line, which " + "the council debated at length, " * 60 + "opened on 13 March 2024 and closed on 20 March 2024."
    [first, second] = article_mentions(Article("a", sentence, date(2024, 3, 21)))
    assert first.sentence == second.sentence == sentence


# A year beyond those read ------------------------------------------------------------------------


def test_31_december_9999_is_not_the_publication_year() -> None:
    assert [t.value for t in tag("The licence runs until 31 December 9999.", date(2019, 6, 6))] == []
    assert [t.value for t in tag("On 5 June 3000 people marched.", date(2019, 6, 6))] == ["2019-06-05"]


# Property: any records, front matter and feed entries --------------------------------------------

_ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_TEXTS = st.text(min_size=1, max_size=60) | st.just("\ud800") | st.just("x" * 2500) | st.just("http://[::1/broken")
_FIELD = _ANY_JSON | _TEXTS | st.just("http://a.example:99999/x")


@st.composite
def records(draw: st.DrawFn) -> tuple[dict[str, object], bool]:
    """A JSON Lines record of any fields, and whether it must become an article."""
    good = draw(st.booleans())
    record: dict[str, object] = {}
    text = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=5, max_size=80).filter(str.strip))
    record["text"] = text if good else draw(st.sampled_from([text + "\ud800", 5, [text], {"t": text}, "  "]))
    for key in ("title", "url", "published", "id"):
        if draw(st.booleans()):
            value = draw(_FIELD)
            if good:
                value = draw(st.sampled_from(["2024-03-01", "1 March 2024"])) if key == "published" else draw(st.text(max_size=30))
            record[key] = value
    return record, good


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(records(), min_size=1, max_size=6))
def test_any_json_lines_records_give_an_article_or_an_error_line_each(tmp_path: Path, drawn: list[tuple[dict[str, object], bool]]) -> None:
    source = tmp_path / "any.jsonl"
    lines = []
    for number, (record, good) in enumerate(drawn, 1):
        if good:  # distinct texts and ids: a repeat is counted once, not an error
            unique = " ".join(f"{word}{number}" for word in ("harbour", "tram", "ferry", "council", "budget", "vote", "strike", "bridge"))
            record = record | {"text": f"{record['text']} {unique}"} | ({"id": f"{record['id']}-{number}"} if "id" in record else {})
        lines.append(json.dumps(record))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    articles, errors, _ = read(source, published=date(2024, 3, 14), today=date(2024, 6, 1))
    where = {a.path for a in articles} | {e.path for e in errors}
    assert len(articles) + len(errors) == len(drawn) and len(where) == len(drawn)  # one result for each
    assert {a.path for a in articles} >= {f"{source}:{n}" for n, (_, good) in enumerate(drawn, 1) if good}
    assert all("\n" not in str(e) and len(str(e)) < 600 for e in errors)
    timeline = build_timeline(articles, on_disk=False)  # what was read is built
    assert len(timeline.articles) == len(articles)


_YAML_VALUES = st.sampled_from(["plain", "2024-03-14", "[a, b]", "{a: 1}", "&x value", "*x", "'quoted'", "|", ":", "- item", "\"\\ud800\""]) | st.text(max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.tuples(st.sampled_from(["id", "title", "url", "published", "date", "tags"]), _YAML_VALUES), max_size=5), min_size=1, max_size=4))
def test_any_front_matter_gives_an_article_or_an_error_line_per_file(tmp_path: Path, files: list[list[tuple[str, str]]]) -> None:
    folder = tmp_path / "front"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for number, fields in enumerate(files):
        matter = "".join(f"{key}: {value}\n" for key, value in fields)
        (folder / f"story{number}.md").write_text(f"---\n{matter}---\nThe tram ran on 13 March 2024 ({number}).\n", encoding="utf-8", errors="surrogatepass")
    articles, errors, _ = read(folder, published=date(2024, 3, 14), today=date(2024, 6, 1))
    paths = {a.path for a in articles} | {e.path for e in errors}
    assert paths == {str(p) for p in folder.iterdir()} and len(articles) + len(errors) == len(files)  # one result for each
    good = {"id": None, "title": "plain", "url": "plain", "published": "2024-03-14", "date": "2024-03-14", "tags": "plain"}
    plain = [n for n, fields in enumerate(files) if all(value == good[key] for key, value in fields)]
    assert {a.path for a in articles} >= {str(folder / f"story{n}.md") for n in plain}


_ENTRY_TEXT = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<&"), max_size=15)
    | st.sampled_from(["&#xD800;", "&#55296;", "&#0;", "&#x110000;", "&#65;", "&amp;", "&#x1F600;", "&#99999999999;"]),
    max_size=6,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_ENTRY_TEXT, _ENTRY_TEXT, st.sampled_from(["Thu, 14 Mar 2024 10:00:00 GMT", "yesterday", ""])), min_size=1, max_size=5))
def test_any_feed_entries_give_an_article_or_an_error_line_each(tmp_path: Path, entries: list[tuple[str, str, str]]) -> None:
    feed = tmp_path / "any.rss"
    items = "".join(
        f"<item><title>{title}</title><link>https://a.example/{n}</link><description>{body} {n}</description>"
        f"<pubDate>{when}</pubDate></item>"
        for n, (title, body, when) in enumerate(entries)
    )
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>', encoding="utf-8")
    articles, errors, _ = read(feed, published=date(2024, 3, 14), today=date(2024, 6, 1))
    assert all(e.path.startswith(str(feed)) for e in errors)
    if not any(e.path == str(feed) for e in errors):  # the feed as a whole was read: one result per entry
        assert len(articles) + len(errors) == len(entries)
