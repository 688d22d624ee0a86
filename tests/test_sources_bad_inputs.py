"""Every row of the README's bad-input table: what the tool does with each kind of bad input."""

from __future__ import annotations

import json
import os
import re
import socket
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from timeline.cli import app
from timeline.sources import Notice, ReadOptions, SourceError, load_articles

runner = CliRunner()
GOOD = "---\npublished: 2024-03-14\ntitle: Good\n---\nThe harbour tram line opened on Wednesday.\n"


def read(*paths: Path, **options: object) -> tuple[list, list[SourceError], list[Notice]]:
    errors: list[SourceError] = []
    notices: list[Notice] = []
    articles = load_articles(paths, options=ReadOptions(**options), on_error=errors.append, on_notice=notices.append)  # type: ignore[arg-type]
    return articles, errors, notices


def only_error(path: Path, **options: object) -> str:
    articles, errors, _ = read(path, **options)
    assert articles == [] and len(errors) == 1
    assert str(errors[0]).startswith(str(path))  # the message names the input
    return errors[0].problem


def build(tmp_path: Path, *args: str) -> tuple[int, str, Path]:
    out = tmp_path / "out" / "timeline.html"
    result = runner.invoke(app, ["build", *args, "--out", str(out), "--no-cache"])
    return result.exit_code, result.output, out


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("  \n\n", encoding="utf-8")
    assert only_error(tmp_path / "empty.md") == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert only_error(tmp_path / "photo.txt") == "binary file, not text"


def test_non_utf8_file_is_read_in_its_detected_encoding_with_a_warning(tmp_path: Path) -> None:
    text = "---\npublished: 2024-03-14\ntitle: Café tram\n---\nThe “harbour” café reopened on Wednesday – the fit-out cost €2 million.\n"
    (tmp_path / "legacy.md").write_bytes(text.encode("cp1252"))
    [article], errors, notices = read(tmp_path / "legacy.md")
    assert errors == [] and article.title == "Café tram" and "“harbour” café" in article.text and "€2" in article.text
    assert [(n.level, n.message) for n in notices if n.level == "warning"] == [("warning", "not UTF-8; read as cp1252 (detected)")]


def test_cyrillic_legacy_encoding_is_detected(tmp_path: Path) -> None:
    text = "Совет города проголосовал в понедельник за закрытие старого парома, открытого в 1998 году."
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    [article], _, notices = read(tmp_path / "ru.txt", published=date(2024, 3, 14))
    assert article.text == text and any("cp1251" in n.message for n in notices)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("---\ntitle: Tram\npublished: [2024\n---\nText.", "malformed front matter (line 3)"),
        ("---\npublished: 2024-03-14\ntitle: Tram\nText of the story.\n", "front matter opened with --- on line 1 is never closed"),
        ("---\n- a list\n- not keys\n---\nText.", "front matter (lines 2-3) is not a set of key: value lines"),
    ],
)
def test_malformed_front_matter_gives_the_line(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "story.md").write_text(content, encoding="utf-8")
    assert only_error(tmp_path / "story.md").startswith(problem)


def test_malformed_json_lines_name_the_line_and_the_other_records_are_read(tmp_path: Path) -> None:
    good = {"id": "r1", "published": "2024-03-14", "text": "The tram line opened on Wednesday."}
    lines = [json.dumps(good), "", '{"id": "r2", "text": "cut off', "[1, 2]", json.dumps(good | {"id": "r5", "text": "Fares were cut on Friday."})]
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors, _ = read(tmp_path / "export.jsonl")
    assert [a.id for a in articles] == ["r1", "r5"]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'export.jsonl'}:3: invalid JSON: Unterminated string starting at (column 22)",
        f"{tmp_path / 'export.jsonl'}:4: each line must be a JSON object",
    ]


def test_impossible_date(tmp_path: Path) -> None:
    (tmp_path / "story.md").write_text("---\npublished: 2019-02-30\n---\nThe tram opened on Wednesday.", encoding="utf-8")
    assert only_error(tmp_path / "story.md") == "published is not a valid date (YYYY-MM-DD): '2019-02-30'"


def test_publication_date_in_the_future(tmp_path: Path) -> None:
    soon = date.today() + timedelta(days=30)
    (tmp_path / "story.md").write_text(f"---\npublished: {soon}\n---\nThe tram opened on Wednesday.", encoding="utf-8")
    assert only_error(tmp_path / "story.md") == f"published {soon} is in the future (today is {date.today()})"


def test_a_page_dated_in_the_future_by_its_markup(tmp_path: Path) -> None:
    page = (Path(__file__).parent / "data" / "stories" / "html" / "tram-opens.html").read_text(encoding="utf-8")
    (tmp_path / "page.html").write_text(page.replace("2024", "2031"), encoding="utf-8")
    assert only_error(tmp_path / "page.html", today=date(2024, 6, 1)) == "published 2031-03-14 is in the future (today is 2024-06-01)"


def test_missing_folder(tmp_path: Path) -> None:
    assert only_error(tmp_path / "no-such-folder") == "no such file or folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "locked.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "locked.md").chmod(0)
    assert only_error(tmp_path / "locked.md") == "cannot read: Permission denied"


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_unreadable_file_that_is_not_a_regular_file(tmp_path: Path) -> None:
    # A socket cannot be opened for reading even by root: the same path as a permission error.
    path = tmp_path / "story.txt"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert only_error(path).startswith("cannot read: ")


def test_enormous_file_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "huge.md").write_text(GOOD + "The tram ran again on Thursday.\n" * 2000, encoding="utf-8")
    size = (tmp_path / "huge.md").stat().st_size
    problem = only_error(tmp_path / "huge.md", max_size=10_000)
    assert problem == f"{size:,} bytes, over the size limit of 10,000 bytes (raise it with --max-size MB)"
    assert read(tmp_path / "huge.md")[0]  # under the default limit it is read


def test_enormous_json_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    big = {"id": "big", "published": "2024-03-14", "text": "word " * 5000}
    small = {"id": "small", "published": "2024-03-14", "text": "The tram opened on Wednesday."}
    (tmp_path / "a.jsonl").write_text(json.dumps(big) + "\n" + json.dumps(small) + "\n", encoding="utf-8")
    articles, errors, _ = read(tmp_path / "a.jsonl", max_size=4096)
    assert [a.id for a in articles] == ["small"]
    assert [e.path for e in errors] == [f"{tmp_path / 'a.jsonl'}:1"] and "over the size limit" in errors[0].problem


def test_no_date_anywhere_but_one_in_the_text_is_used_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "wire.txt").write_text("HARBOURTON, 6 June 2024 - The council voted on Tuesday to close the old ferry.\n", encoding="utf-8")
    [article], errors, notices = read(tmp_path / "wire.txt")
    assert errors == [] and article.published == date(2024, 6, 6)
    [warning] = [n for n in notices if n.level == "warning"]
    assert warning.where == str(tmp_path / "wire.txt")
    assert warning.message == "no publication date in its metadata; using 2024-06-06 from its dateline ('HARBOURTON, 6 June 2024')"


def test_no_date_anywhere_is_an_error_naming_the_article_never_today(tmp_path: Path) -> None:
    (tmp_path / "undated.txt").write_text("The council voted on Tuesday to close the old ferry.\n", encoding="utf-8")
    problem = only_error(tmp_path / "undated.txt")
    assert problem.startswith("no publication date, none in its text either")


def test_same_article_twice_counts_once(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD.replace("title: Good", "url: https://news.example/tram?utm_source=x"), encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD.replace("title: Good", "url: https://NEWS.example/tram/#top").replace("Wednesday", "Wednesday morning"),
                                   encoding="utf-8")  # fmt: skip
    text = "The harbour tram line carried its first passengers on Wednesday, two years after work began, and 4,000 people rode it."
    (tmp_path / "c.md").write_text(f"---\npublished: 2024-03-14\n---\n{text}\n", encoding="utf-8")
    (tmp_path / "d.md").write_text(f"---\npublished: 2024-03-14\n---\n{text}\nRead more\n", encoding="utf-8")
    articles, errors, notices = read(tmp_path)
    assert [a.id for a in articles] == ["a", "c"] and errors == []
    repeats = [(n.where, n.message) for n in notices if "counted once" in n.message]
    assert repeats[0] == (str(tmp_path / "b.md"), "the same article as 'a', the same URL; counted once")
    assert repeats[1][0] == str(tmp_path / "d.md")
    assert re.fullmatch(r"the same article as 'c', near-identical text \(\d\d% of word sequences shared\); counted once", repeats[1][1])


def test_the_same_text_published_a_year_apart_is_two_reports(tmp_path: Path) -> None:
    text = "The harbour tram line carried its first passengers on Wednesday, two years after work began, and 4,000 people rode it."
    (tmp_path / "c.md").write_text(f"---\npublished: 2024-03-14\n---\n{text}\n", encoding="utf-8")
    (tmp_path / "d.md").write_text(f"---\npublished: 2025-03-14\n---\n{text}\n", encoding="utf-8")
    assert [a.id for a in read(tmp_path)[0]] == ["c", "d"]


def test_a_copy_within_a_week_counts_once_whatever_the_weekday_and_one_later_is_another_report(tmp_path: Path) -> None:
    text = "The harbour tram line carried its first passengers on Wednesday, two years after work began, and 4,000 people rode it."
    first_days = [date(2024, 3, 11) + timedelta(days=n) for n in range(7)]  # every place in a week
    for first in first_days:
        for apart in range(9):
            folder = tmp_path / f"{first}-{apart}"
            folder.mkdir()
            (folder / "a.md").write_text(f"---\npublished: {first}\n---\n{text}\n", encoding="utf-8")
            (folder / "b.md").write_text(f"---\npublished: {first + timedelta(days=apart)}\n---\n{text}\n", encoding="utf-8")
            expected = ["a"] if apart <= 7 else ["a", "b"]
            assert [a.id for a in read(folder)[0]] == expected, (first, apart)


def test_different_articles_are_not_merged(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD.replace("opened on Wednesday", "closed for repairs on Friday"), encoding="utf-8")
    assert [a.id for a in read(tmp_path)[0]] == ["a", "b"]


# Through the command line: the rest is built and the exit code is 1; with --strict, or when
# nothing is left, the exit code is 2 and nothing is written.


def test_cli_builds_the_rest_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    code, output, out = build(tmp_path, str(tmp_path / "good.md"), str(tmp_path / "empty.md"), str(tmp_path / "missing"))
    assert code == 1, output
    assert f"error: {tmp_path / 'empty.md'}: empty file" in output.splitlines()
    assert f"error: {tmp_path / 'missing'}: no such file or folder" in output.splitlines()
    assert [a["id"] for a in json.loads(out.with_suffix(".json").read_text())["generated_from"]] == ["good"]


def test_cli_strict_stops_at_the_first_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    code, output, out = build(tmp_path, str(tmp_path / "empty.md"), str(tmp_path / "good.md"), "--strict")
    assert code == 2 and output.strip() == f"error: {tmp_path / 'empty.md'}: empty file"
    assert not out.parent.exists()


def test_cli_nothing_readable_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    code, output, out = build(tmp_path, str(tmp_path / "empty.md"))
    assert code == 2 and "no article could be read" in output
    assert not out.parent.exists()


def test_cli_max_size_option(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD + "More text. " * 200, encoding="utf-8")
    code, output, _ = build(tmp_path, str(tmp_path / "good.md"), "--max-size", "0.001")
    assert code == 2 and "over the size limit of 1,048 bytes" in output


def test_a_repeated_id_with_different_text_is_an_error_for_that_record(tmp_path: Path) -> None:
    records = [
        {"id": "r1", "published": "2024-03-14", "text": "The tram line opened on Wednesday."},
        {"id": "r1", "published": "2024-03-15", "text": "Fares were cut on Friday after a council vote."},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    articles, [error], _ = read(tmp_path / "a.jsonl")
    assert [a.text for a in articles] == [records[0]["text"]]
    assert error.path == f"{tmp_path / 'a.jsonl'}:2" and error.problem.startswith("duplicate article id 'r1'")


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    from timeline.sources import console

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(console.sys.stderr, "isatty", lambda: True, raising=False)
    assert console.ConsoleReport().shows_progress
    monkeypatch.setenv("CI", "true")
    assert not console.ConsoleReport().shows_progress
    monkeypatch.delenv("CI")
    monkeypatch.setattr(console.sys.stderr, "isatty", lambda: False, raising=False)
    assert not console.ConsoleReport().shows_progress


def test_cli_published_option_in_the_future_is_refused(tmp_path: Path) -> None:
    (tmp_path / "undated.md").write_text("The tram opened on Wednesday.", encoding="utf-8")
    code, output, out = build(tmp_path, str(tmp_path / "undated.md"), "--published", str(date.today() + timedelta(days=400)))
    assert code == 2 and "is in the future" in output and not out.parent.exists()
