"""vnx on Apache Spark: a folder of WARC or JSONL files in, Parquet tables out.

    pip install 'vnx[spark,archives]'
    spark-submit --master 'local[*]' examples/spark_job.py 'crawl/*.warc.gz' out/parquet
    spark-submit --master 'local[*]' examples/spark_job.py dumps/ out/parquet --field text=body

On a cluster, vnx must be installed in the executors' Python (e.g. ship a packed virtualenv
with --archives and set PYSPARK_PYTHON) and the input files must be visible to every executor.
The output has ``out/parquet/records`` (one row per input: the record JSON or the reject
reason) and one table per kind (``articles``, ``officials``, ``directives``, ``locations``, ...),
the same layout as ``vnx extract --parquet``.
"""
from __future__ import annotations

import argparse
import json
import sys


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", help="files, folders or globs (WARC, JSONL, CSV, HTML, txt; .gz too)")
    ap.add_argument("output", help="output folder for the Parquet tables")
    ap.add_argument("--format", default=None, help="force the input format (default: by extension)")
    ap.add_argument("--field", action="append", default=[], help="JSONL/CSV mapping, e.g. text=body,title=headline")
    ap.add_argument("--partitions", type=int, default=None, help="article partitions (default: 2 per core)")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    from pipeline.readers.tabular import parse_fields
    from pipeline.spark import extract_records, read_articles, write_tables

    spark = SparkSession.builder.appName("vnx").getOrCreate()
    try:
        articles = read_articles(spark, args.inputs, fmt=args.format, fields=parse_fields(args.field))
        parts = args.partitions or spark.sparkContext.defaultParallelism * 2
        records = extract_records(articles.repartition(parts))
        counts = write_tables(records, args.output, count=True)
    finally:
        spark.stop()
    print(json.dumps(counts, indent=1), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
