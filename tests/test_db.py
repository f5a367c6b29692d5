"""Database and Parquet sinks: SQLite and a real PostgreSQL (VNX_TEST_PG_URL, set by .ci/run),
normalized schema, idempotent loading, one transaction per batch, schema version, vnx load."""
from __future__ import annotations

import json
import os

import pytest

sa = pytest.importorskip("sqlalchemy")

from typer.testing import CliRunner  # noqa: E402

from pipeline.cli import app  # noqa: E402
from pipeline.schema import SCHEMA_VERSION, Record  # noqa: E402
from pipeline.sinks.sql import Database, SchemaVersionError, SqlSink  # noqa: E402
from pipeline.sinks.tables import DB_SCHEMA_VERSION, KINDS, TABLES, record_rows  # noqa: E402

from .test_readers import write_warc  # noqa: E402

PG_URL = os.environ.get("VNX_TEST_PG_URL")

# Directives cited per province (the query of docs/ARCHIVES.md).
DIRECTIVES_PER_PROVINCE = """
SELECT l.province,
       COALESCE(d.code, d.name, d.text) AS directive,
       COUNT(DISTINCT d.doc_id)        AS articles
FROM directives d
JOIN locations l ON l.doc_id = d.doc_id
WHERE l.province IS NOT NULL
GROUP BY l.province, COALESCE(d.code, d.name, d.text)
ORDER BY l.province, articles DESC, directive
"""


def _span(text: str, part: str, **kw) -> dict:
    start = text.index(part)
    return {"text": part, "start": start, "end": start + len(part), **kw}


def make_record(doc_id: str, province: str, code: str, extra_directive: bool = False) -> dict:
    """A valid record (checked by the pydantic model), built by hand: no pipeline needed."""
    text = (f"Tỉnh triển khai Chỉ thị {code}\n"
            f"Ngày 03/5/2024, UBND tỉnh {province} họp triển khai Chỉ thị {code} và Luật Đất đai. "
            f"Ông Trần Văn Nam, Giám đốc Sở Nội vụ, nói: “Phải làm ngay”. Tỉnh có 120 hộ nghèo.")
    d_item = _span(text, f"Chỉ thị {code}", doc_type="Chỉ thị", code=code, family="party")
    d_item["mentions"] = [{k: d_item[k] for k in ("start", "end", "text")}]
    rec = {
        "doc_id": doc_id,
        "source": {"uri": f"{doc_id}.txt", "format": "txt", "index": None, "url": f"https://bao.vn/{doc_id}",
                   "site": "bao.vn", "published": "2024-05-03"},
        "title": text.split("\n")[0], "text": text,
        "directives": [d_item],
        "locations": [_span(text, province, name=province, level="province", province=province)],
        "dates": [_span(text, "03/5/2024", value="2024-05-03", kind="date")],
        "officials": [_span(text, "Trần Văn Nam", name="Trần Văn Nam", position="Giám đốc",
                            organization="Sở Nội vụ")],
        "figures": [_span(text, "120 hộ nghèo", value=120, unit="hộ", quantity="hộ nghèo")],
        "quotes": [_span(text, "Phải làm ngay", speaker="Trần Văn Nam", verb="nói")],
        "organizations": [_span(text, "Sở Nội vụ", name="Sở Nội vụ", kind="state")],
        "authors": ["Thanh Mai"],
    }
    if extra_directive:
        rec["directives"].append(_span(text, "Luật Đất đai", doc_type="Luật", name="Luật Đất đai", family="law"))
    return json.loads(Record.model_validate(rec).model_dump_json())


RECORDS = [make_record("a1", "Đồng Tháp", "16/CT-TTg"),
           make_record("a2", "Đồng Tháp", "05-CT/TW", extra_directive=True),
           make_record("a3", "Cà Mau", "16/CT-TTg")]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/sub/vnx.db"
    if not PG_URL:
        pytest.skip("no PostgreSQL: set VNX_TEST_PG_URL (.ci/run does)")
    from pipeline.sinks.sql import build_metadata, engine_url
    eng = sa.create_engine(engine_url(PG_URL))
    build_metadata().drop_all(eng)  # a clean database for each test
    eng.dispose()
    return PG_URL


def test_rows_follow_the_schema():
    rows = record_rows(RECORDS[1])
    assert len(rows["articles"]) == 1 and rows["articles"][0]["authors"] == '["Thanh Mai"]'
    assert [r["idx"] for r in rows["directives"]] == [0, 1]
    d = rows["directives"][0]
    assert d["code"] == "05-CT/TW" and RECORDS[1]["text"][d["char_start"]:d["char_end"]] == d["text"]
    assert json.loads(d["mentions"])[0]["text"] == d["text"]
    assert set(TABLES) == {"articles", *KINDS}
    for kind in ("officials", "people", "models", "figures", "directives", "dates", "locations",
                 "organizations", "abbreviations", "quotes"):
        assert kind in TABLES and TABLES[kind][0].name == "doc_id"


def test_load_is_idempotent_and_updates(db_url):
    db = Database(db_url)
    try:
        db.load(RECORDS)
        first = db.counts()
        assert first["articles"] == 3 and first["directives"] == 4 and first["locations"] == 3
        db.load(RECORDS)                 # the same records again: same rows
        db.load(RECORDS[::-1])
        assert db.counts() == first
        changed = json.loads(json.dumps(RECORDS[1]))
        changed["directives"] = changed["directives"][:1]
        changed["title"] = "Tiêu đề đã sửa"
        db.load([changed])               # an updated record replaces the old one
        after = db.counts()
        assert after["directives"] == 3 and after["articles"] == 3
        with db.engine.connect() as c:
            assert c.execute(sa.text("SELECT title FROM articles WHERE doc_id = 'a2'")).scalar_one() == "Tiêu đề đã sửa"
            versions = dict(c.execute(sa.text("SELECT name, version FROM schema_version")).all())
        assert versions == {"db": DB_SCHEMA_VERSION, "record": SCHEMA_VERSION}
    finally:
        db.close()


def test_a_failed_batch_changes_nothing(db_url):
    db = Database(db_url)
    try:
        db.load(RECORDS)
        before = db.counts()
        bad = json.loads(json.dumps(RECORDS[0]))
        bad["figures"][0]["value"] = "không phải số"   # fails in the figures insert, after the deletes
        bad["title"] = "should not stay"
        with pytest.raises(Exception):
            db.load([make_record("a9", "Cà Mau", "99/CT-TTg"), bad])
        assert db.counts() == before
        with db.engine.connect() as c:
            assert c.execute(sa.text("SELECT title FROM articles WHERE doc_id = 'a1'")).scalar_one() != "should not stay"
    finally:
        db.close()


def test_directives_per_province_and_indexes(db_url):
    db = Database(db_url)
    try:
        db.load(RECORDS)
        with db.engine.connect() as c:
            rows = [tuple(r) for r in c.execute(sa.text(DIRECTIVES_PER_PROVINCE)).all()]
        assert rows == [("Cà Mau", "16/CT-TTg", 1),
                        ("Đồng Tháp", "05-CT/TW", 1), ("Đồng Tháp", "16/CT-TTg", 1),
                        ("Đồng Tháp", "Luật Đất đai", 1)] or sorted(rows) == sorted(
            [("Cà Mau", "16/CT-TTg", 1), ("Đồng Tháp", "05-CT/TW", 1), ("Đồng Tháp", "16/CT-TTg", 1),
             ("Đồng Tháp", "Luật Đất đai", 1)])  # collation order differs between engines
        insp = sa.inspect(db.engine)
        names = {ix["name"] for t in TABLES for ix in insp.get_indexes(t)}
        for ix in ("ix_locations_province", "ix_directives_code", "ix_officials_name", "ix_dates_value"):
            assert ix in names
        assert insp.get_pk_constraint("directives")["constrained_columns"] == ["doc_id", "idx"]
    finally:
        db.close()


def test_another_layout_version_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path}/old.db"
    Database(url).close()
    eng = sa.create_engine(url)
    with eng.begin() as c:
        c.execute(sa.text("UPDATE schema_version SET version = '0' WHERE name = 'db'"))
    eng.dispose()
    with pytest.raises(SchemaVersionError):
        Database(url)


def test_sink_commits_per_batch(tmp_path):
    url = f"sqlite:///{tmp_path}/b.db"
    sink = SqlSink(url, batch_size=2)
    sink.start(None)
    for rec in RECORDS:
        sink.write(False, "", rec)
    assert Database(url).counts()["articles"] == 2   # the first batch is committed, the third waits
    sink.write(True, '{"reject": true}', None)        # rejects are not loaded
    assert sink.checkpoint(4) == {"loaded": 3}
    sink.close()
    assert Database(url).counts()["articles"] == 3


def test_vnx_load_twice_same_counts_and_parquet(tmp_path, db_url):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    src = tmp_path / "records.jsonl"
    src.write_text("\n".join([json.dumps(r, ensure_ascii=False) for r in RECORDS]
                             + ['{"reject": true, "source": {"uri": "x"}, "reason": "invalid JSON"}', ""]),
                   encoding="utf-8")
    runner = CliRunner()
    r1 = runner.invoke(app, ["load", str(src), "--db", db_url, "--parquet", str(tmp_path / "pq")])
    assert r1.exit_code == 0, r1.output
    db = Database(db_url)
    first = db.counts()
    r2 = runner.invoke(app, ["load", str(src), "--db", db_url, "--parquet", str(tmp_path / "pq")])
    assert r2.exit_code == 0, r2.output
    assert db.counts() == first and first["articles"] == 3
    db.close()
    assert "records: 3  rejects skipped: 1  bad lines: 0" in r2.output
    t = pq.read_table(tmp_path / "pq" / "directives")
    assert t.num_rows == 4 and "char_start" in t.column_names
    assert pq.read_table(tmp_path / "pq" / "articles").num_rows == 3
    assert pq.read_table(tmp_path / "pq" / "people").num_rows == 0  # empty tables still have their schema
    assert pa.types.is_float64(pq.read_table(tmp_path / "pq" / "figures").schema.field("value").type)
    # a line that is not a record is reported and the exit code says so
    src.write_text(src.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    r3 = runner.invoke(app, ["load", str(src), "--db", db_url])
    assert r3.exit_code == 1 and "bad lines: 1" in r3.output


def test_warc_in_sqlite_out(tmp_path):
    """End to end: vnx extract a gzipped WARC straight into SQLite (and JSONL)."""
    crawl = tmp_path / "crawl.warc.gz"
    write_warc(crawl, n_pages=2)
    url = f"sqlite:///{tmp_path}/out/vnx.db"
    res = CliRunner().invoke(app, ["extract", str(crawl), "-o", str(tmp_path / "out" / "records.jsonl"),
                                   "--db", url])
    assert res.exit_code == 0, res.output
    assert "inputs: 2  records: 2  rejects: 0  skipped: 6" in res.output
    db = Database(url)
    with db.engine.connect() as c:
        urls = [r[0] for r in c.execute(sa.text("SELECT url FROM articles ORDER BY url"))]
        c.execute(sa.text(DIRECTIVES_PER_PROVINCE)).all()   # the documented query runs
    db.close()
    assert urls == ["https://baothunghiem.vn/bai-0.html", "https://baothunghiem.vn/bai-1.html"]
