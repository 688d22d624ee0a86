from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from timeline import scoring, timeml
from timeline.cli import app
from timeline.temporal import tag

DOCUMENT = """<?xml version="1.0" ?>
<TimeML>
<DOCID>demo</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-06-06" temporalFunction="false" functionInDocument="CREATION_TIME">June 6, 2019</TIMEX3></DCT>
<TEXT>
Huawei was <EVENT eid="e1">banned</EVENT> <TIMEX3 tid="t1" type="DATE" value="2019-05">last month</TIMEX3> &amp; signed a deal <TIMEX3 tid="t2" type="DATE" value="2019-06-05">Wednesday</TIMEX3> for <TIMEX3 tid="t3" type="DURATION" value="P3Y">three years</TIMEX3>.
</TEXT>
<TLINK lid="l1" eventInstanceID="ei1" relatedToTime="t1" relType="IS_INCLUDED"/>
</TimeML>
"""


def test_reading_strips_tags_and_keeps_gold_offsets(tmp_path: Path) -> None:
    path = tmp_path / "demo.tml"
    path.write_text(DOCUMENT, encoding="utf-8")
    document = timeml.read(path)
    assert document.creation_time == date(2019, 6, 6)
    assert "<EVENT" not in document.text and "& signed" in document.text
    assert [(g.text, g.value) for g in document.gold] == [
        ("last month", "2019-05"),
        ("Wednesday", "2019-06-05"),
        ("three years", "P3Y"),
    ]


def test_writing_inserts_our_tags_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "demo.tml"
    path.write_text(DOCUMENT, encoding="utf-8")
    document = timeml.read(path)
    written = timeml.write(document, tag(document.text, document.creation_time))
    assert "<TLINK" not in written and "<EVENT" not in written and "&amp; signed" in written
    (tmp_path / "out.tml").write_text(written, encoding="utf-8")
    again = timeml.read(tmp_path / "out.tml")
    assert again.text == document.text
    assert [(g.text, g.type, g.value) for g in again.gold] == [(g.text, g.type, g.value) for g in document.gold]


def test_scores_distinguish_strict_relaxed_and_value() -> None:
    text = "Sales fell in the last two months and rose on Monday."
    gold = [scoring_span(text, "the last two months", "DURATION", "P2M"), scoring_span(text, "Monday", "DATE", "2019-06-03")]
    system = [
        scoring_span(text, "last two months", "DURATION", "P2M"),
        scoring_span(text, "Monday", "DATE", "2019-06-10"),
        scoring_span(text, "Sales", "DATE", "PRESENT_REF"),
    ]
    counts = scoring.score_document("d", text, gold, system)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed, counts.type, counts.value) == (2, 3, 1, 2, 2, 1)
    summary = counts.summary()
    assert round(summary["relaxed_f1"], 3) == round(2 * (2 / 3) * 1 / (2 / 3 + 1), 3)


def scoring_span(text: str, phrase: str, type_: str, value: str) -> timeml.GoldTimex:
    start = text.index(phrase)
    return timeml.GoldTimex(start, start + len(phrase), phrase, type_, value)


def test_tag_command_writes_timeml_folder(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "demo.tml").write_text(DOCUMENT, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["tag", str(source), "--format", "timeml", "--out", str(out)])
    assert result.exit_code == 0, result.output
    document = timeml.read(out / "demo.tml")
    assert ("last month", "2019-05") in [(g.text, g.value) for g in document.gold]
