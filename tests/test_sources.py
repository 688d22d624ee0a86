from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from timeline.sources import SourceError, demo_folder, load_articles


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_gives_date_title_and_url(tmp_path: Path) -> None:
    file = write(
        tmp_path / "a.md",
        "---\npublished: 2019-06-06\ntitle: Deal signed\nurl: https://example.org/a\n---\nHuawei signed a deal.\n",
    )
    [article] = load_articles([file])
    assert (article.id, article.published, article.title, article.url) == (
        "a",
        date(2019, 6, 6),
        "Deal signed",
        "https://example.org/a",
    )
    assert article.text == "Huawei signed a deal."


def test_missing_date_is_an_error_naming_the_file(tmp_path: Path) -> None:
    file = write(tmp_path / "undated.txt", "Huawei signed a deal on Wednesday.")
    with pytest.raises(SourceError) as error:
        load_articles([file])
    assert "undated.txt" in str(error.value) and "publication date" in str(error.value)


def test_published_option_dates_undated_files(tmp_path: Path) -> None:
    file = write(tmp_path / "undated.txt", "Huawei signed a deal on Wednesday.")
    [article] = load_articles([file], published=date(2019, 6, 6))
    assert article.published == date(2019, 6, 6)


def test_folder_with_manifest(huawei_corpus: Path) -> None:
    articles = load_articles([huawei_corpus])
    assert [a.id for a in articles] == [f"article-00{i}" for i in range(5)]
    assert articles[2].published == date(2019, 6, 5)
    assert articles[1].title == "Huawei signs deal to develop 5G networks in Russian Federation"


def test_manifest_entry_over_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\ndate: 2019-06-04\nid: moscow-deal\ntitle: From the file\n---\nHuawei signed a deal.\n")
    write(tmp_path / "b.md", "---\npublished: 2019-06-04\ntitle: From the file\n---\nMTS confirmed the deal.\n")
    entries = [{"file": "a.md"}, {"file": "b.md", "published": "2019-06-06", "title": "From the manifest", "id": 7}]
    write(tmp_path / "manifest.json", json.dumps({"articles": entries}))
    first, second = load_articles([tmp_path])
    assert (first.id, first.published, first.title) == ("moscow-deal", date(2019, 6, 4), "From the file")
    assert (second.id, second.published, second.title) == ("7", date(2019, 6, 6), "From the manifest")


def test_jsonl_records_and_bad_line_number(tmp_path: Path) -> None:
    good = {"id": "x1", "published": "2019-06-06", "title": "T", "url": "https://example.org/x", "text": "Talks ended on Monday."}
    file = write(tmp_path / "a.jsonl", json.dumps(good) + "\n\n" + "{broken\n")
    with pytest.raises(SourceError) as error:
        load_articles([file])
    assert "a.jsonl:3" in str(error.value)
    write(file, json.dumps(good) + "\n")
    [article] = load_articles([file])
    assert (article.id, article.url) == ("x1", "https://example.org/x")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "empty file"),
        ("---\npublished: 2019-02-30\n---\nText here.", "not a valid date"),
        ("---\npublished: [\n---\nText", "malformed front matter"),
        ("---\npublished: 2019-01-01\nText", "never closed"),
    ],
)
def test_bad_files_get_one_clear_error(tmp_path: Path, content: str, problem: str) -> None:
    file = write(tmp_path / "bad.md", content)
    with pytest.raises(SourceError) as error:
        load_articles([file])
    assert problem in str(error.value) and "bad.md" in str(error.value)


def test_missing_input(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        load_articles([tmp_path / "nope"])


def test_bundled_demo_is_dated() -> None:
    articles = load_articles([demo_folder()])
    assert len(articles) >= 3 and all(a.published and a.title and a.url for a in articles)


@pytest.mark.parametrize("written", ["June 6, 2019", "Thu, 06 Jun 2019 10:00:00 GMT", "2019-06-06T08:00:00Z"])
def test_publication_date_spellings(tmp_path: Path, written: str) -> None:
    file = write(tmp_path / "a.md", f"---\npublished: {written}\n---\nText of the article.")
    assert load_articles([file])[0].published == date(2019, 6, 6)


def test_a_month_alone_is_not_a_publication_date(tmp_path: Path) -> None:
    file = write(tmp_path / "a.md", "---\npublished: June 2019\n---\nText of the article.")
    with pytest.raises(SourceError, match="not a valid date"):
        load_articles([file])
