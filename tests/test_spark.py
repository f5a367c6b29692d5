"""Spark entry point in local mode (local[2]): articles DataFrame -> records DataFrame with one
pipeline per partition, and the Parquet tables of the spark-submit example."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("pyspark")


def _java_ok() -> bool:
    if not shutil.which("java"):
        return False
    try:
        return subprocess.run(["java", "-version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


pytestmark = pytest.mark.skipif(not _java_ok(), reason="no Java runtime (.ci/run installs default-jre-headless)")


from .test_readers import ARTICLES, write_warc  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("vnx-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_extract_records_one_pipeline_per_partition(spark, pipeline):
    from pipeline.spark import extract_records

    rows = [{"id": f"s{i}", "title": t, "text": b, "url": f"https://bao.vn/{i}"}
            for i, (t, b) in enumerate(ARTICLES)]
    rows.append({"id": "s9", "title": None, "text": "   ", "url": None})  # becomes a reject
    df = spark.createDataFrame(rows, "id string, title string, text string, url string").repartition(2)
    assert df.rdd.getNumPartitions() == 2
    out = {r["url"]: r.asDict() for r in extract_records(df).collect()}
    assert len(out) == 4
    for i, (title, body) in enumerate(ARTICLES):
        got = out[f"https://bao.vn/{i}"]
        assert got["is_reject"] is False and got["doc_id"] == f"s{i}" and got["title"] == title
        want = pipeline.process_text(body, title=title, id=f"s{i}")
        rec = json.loads(got["record"])
        assert [d["text"] for d in rec["directives"]] == [d.text for d in want.directives]
        assert rec["text"] == want.text
    rej = out[None]
    assert rej["is_reject"] is True and "empty" in rej["reason"]


def test_spark_job_warc_to_parquet(spark, tmp_path):
    import pyarrow.parquet as pq

    from pipeline.spark import extract_records, read_articles, write_tables

    inp = tmp_path / "crawl"
    inp.mkdir()
    write_warc(inp / "a.warc.gz", n_pages=2)
    (inp / "b.jsonl").write_text(json.dumps({"title": ARTICLES[2][0], "body": ARTICLES[2][1]},
                                            ensure_ascii=False) + "\n{hỏng\n", encoding="utf-8")
    articles = read_articles(spark, [str(inp)])
    counts = write_tables(extract_records(articles), str(tmp_path / "pq"))
    assert counts["records"] == 3 and counts["rejects"] == 1
    arts = pq.read_table(tmp_path / "pq" / "articles").to_pylist()
    assert sorted(a["url"] or "" for a in arts) == ["", "https://baothunghiem.vn/bai-0.html",
                                                   "https://baothunghiem.vn/bai-1.html"]
    recs = pq.read_table(tmp_path / "pq" / "records").to_pylist()
    n_dir = sum(len(json.loads(r["record"])["directives"]) for r in recs if not r["is_reject"])
    assert pq.read_table(tmp_path / "pq" / "directives").num_rows == n_dir
