"""The command line as a user runs it."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import CORPUS

runner = CliRunner()

TEXT = ("Sáng 5/3/2024, Chủ tịch UBND huyện Tân Phước - Lê Minh Quang chủ trì hội nghị triển khai "
        "Kế hoạch số 45/KH-UBND. Huyện đã trao 120 thẻ BHYT cho hộ nghèo.")


def _lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_extract_stdin_text():
    res = runner.invoke(app, ["extract", "-", "-q"], input=TEXT)
    assert res.exit_code == 0, res.output
    recs = _lines(res.output)
    assert len(recs) == 1
    assert recs[0]["text"] == TEXT
    assert recs[0]["source"]["uri"] == "-"


def test_extract_jsonl_counts_rejects(tmp_path):
    src = tmp_path / "dump.jsonl"
    src.write_text("\n".join([
        json.dumps({"id": "a1", "title": "Tin một", "body": TEXT}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "a2", "body": "   "}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "a3", "text": "Ngày 1/6/2024 xã tặng 50 suất quà."}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    out, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    res = runner.invoke(app, ["extract", str(src), "-o", str(out), "--rejects", str(rej)])
    assert res.exit_code == 0, res.output
    records = _lines(out.read_text(encoding="utf-8"))
    rejects = _lines(rej.read_text(encoding="utf-8"))
    assert [r["doc_id"] for r in records] == ["a1", "a3"]
    assert records[0]["title"] == "Tin một"
    assert len(rejects) == 3 and all(r["reject"] for r in rejects)
    assert {r["source"]["index"] for r in rejects} == {2, 3, 4}
    assert "inputs: 5  records: 2  rejects: 3" in res.output


def test_missing_input_is_a_reject(tmp_path):
    res = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), "-q"])
    assert res.exit_code == 0
    (rej,) = _lines(res.output)
    assert rej["reject"] and rej["reason"] == "no such file or folder"


def test_schema_command_prints_json_schema():
    res = runner.invoke(app, ["schema"])
    schema = json.loads(res.output)
    assert schema["title"] == "Record"
    for f in ("officials", "figures", "directives", "dates", "locations", "abbreviations", "quotes", "models"):
        assert f in schema["properties"]


def test_show_writes_html_with_highlights(tmp_path):
    article = sorted(CORPUS.glob("*.txt"))[0]
    page = tmp_path / "page.html"
    res = runner.invoke(app, ["show", str(article), "-o", str(page)])
    assert res.exit_code == 0, res.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "DATES" in html and "spans" in html  # displaCy span markup with our labels
    assert "<td class=\"k\">dates</td>" in html


def test_show_terminal():
    res = runner.invoke(app, ["show", "-", "--terminal"], input=TEXT)
    assert res.exit_code == 0, res.output
    assert "Record" in res.output and "45/KH-UBND" in res.output
    assert "[thẻ BHYT]" in res.output  # bracketed text is printed, not read as rich markup


def test_eval_html_report(tmp_path):
    report = tmp_path / "report.html"
    res = runner.invoke(app, ["eval", str(CORPUS), "--html", str(report)])
    assert res.exit_code == 0, res.output
    html = report.read_text(encoding="utf-8")
    assert "<h1>vnx eval" in html and "figures" in html
    assert html.count("<details") >= 12


def test_bench_smoke_json():
    res = runner.invoke(app, ["bench", str(CORPUS), "-n", "3", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output.strip().splitlines()[-1])
    assert out["articles"] == 3
    run = out["runs"][0]
    assert run["name"] == "vnx" and run["articles_per_s"] > 0 and out["peak_rss_mb"] > 0


def test_bench_stages_name_every_extractor():
    from extractors import COMPONENTS

    res = runner.invoke(app, ["bench", str(CORPUS), "-n", "3", "--stages", "--json"])
    assert res.exit_code == 0, res.output
    st = json.loads(res.output.strip().splitlines()[-1])["stages"]
    names = {c.removeprefix("vnx_") for c in COMPONENTS}
    assert names | {"normalize", "doc", "resolve"} <= set(st["stages_ms"])
    assert all(v >= 0 for v in st["stages_ms"].values())
    assert 0 < st["word_segmentation_ms"] < st["stages_total_ms"]
    # the word segmenter is put back after the measure
    import pipeline.segment as segment
    assert segment.word_spans.__name__ == "word_spans"
