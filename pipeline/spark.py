"""Apache Spark entry point (``pip install 'vnx[spark]'``): articles DataFrame -> records DataFrame.

::

    from pipeline.spark import read_articles, extract_records, write_tables
    articles = read_articles(spark, ["hdfs-mounted/crawl/*.warc.gz"])   # or any DataFrame
    records = extract_records(articles)                                  # one Pipeline per partition
    write_tables(records, "out/parquet")                                 # records + one table per kind

``extract_records`` runs the vnx pipeline with ``mapPartitions``: each partition builds (or
reuses, in a reused Python worker) one ``Pipeline`` and streams its rows through it. Every
input row gives exactly one output row: a record, or a reject with its reason.
See ``examples/spark_job.py`` for a ``spark-submit`` job.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator, Optional, Sequence

ARTICLE_FIELDS = ("id", "title", "lead", "text", "uri", "format", "position", "url", "site",
                  "published", "reject_reason", "reject_detail")
RECORD_FIELDS = ("doc_id", "uri", "position", "url", "published", "title", "is_reject",
                 "reason", "record")

_PIPELINES: dict = {}


def _types():
    from pyspark.sql import types as T
    return T


def article_schema():
    T = _types()
    return T.StructType([
        T.StructField(name, T.LongType() if name == "position" else T.StringType(), True)
        for name in ARTICLE_FIELDS
    ])


def record_schema():
    T = _types()
    fields = []
    for name in RECORD_FIELDS:
        t = {"position": T.LongType(), "is_reject": T.BooleanType()}.get(name, T.StringType())
        fields.append(T.StructField(name, t, name != "is_reject"))
    return T.StructType(fields)


def table_schema(table: str):
    from .sinks.tables import TABLES
    T = _types()
    types = {"str": T.StringType(), "int": T.LongType(), "float": T.DoubleType(),
             "bool": T.BooleanType(), "json": T.StringType()}
    return T.StructType([T.StructField(c.name, types[c.type], c.nullable) for c in TABLES[table]])


# -- articles ----------------------------------------------------------------------------------
def _article_row(item) -> tuple:
    from .ingest import materialize
    from .schema import Reject

    item = materialize(item)
    s = item.source
    base = {"uri": s.uri, "format": s.format, "position": s.index, "url": s.url, "site": s.site,
            "published": s.published}
    if isinstance(item, Reject):
        base.update(reject_reason=item.reason, reject_detail=item.detail)
    else:
        base.update(id=item.id, title=item.title, lead=item.lead, text=item.body)
    return tuple(base.get(name) for name in ARTICLE_FIELDS)


def _read_paths(paths: Iterable[str], fmt: Optional[str], fields: Optional[dict]) -> Iterator[tuple]:
    from .ingest import read_inputs
    for path in paths:
        for item in read_inputs([path], fmt, fields, lazy=True):
            yield _article_row(item)


def read_articles(spark, inputs: Sequence[str], fmt: Optional[str] = None,
                  fields: Optional[dict] = None, num_partitions: Optional[int] = None):
    """A DataFrame of articles from files, folders and globs (any format ``vnx extract`` reads).

    The paths are listed on the driver and read on the executors, one task per file group,
    streaming (a WARC is never loaded whole): the files must be visible to every executor
    (local disk in local mode, a shared or mounted filesystem on a cluster).
    """
    from .ingest import expand_inputs
    from .schema import Reject

    paths, missing = [], []
    for p in expand_inputs(inputs):
        if isinstance(p, Reject):
            missing.append(_article_row(p))
        elif p == "-":
            raise ValueError("read_articles cannot read stdin")
        else:
            paths.append(str(p))
    n = num_partitions or max(1, min(len(paths), spark.sparkContext.defaultParallelism * 4))
    rdd = spark.sparkContext.parallelize(paths, n).mapPartitions(
        lambda it: _read_paths(it, fmt, fields))
    df = spark.createDataFrame(rdd, article_schema())
    if missing:
        df = df.unionByName(spark.createDataFrame(missing, article_schema()))
    return df


# -- records -----------------------------------------------------------------------------------
def _pipeline(components, exclude):
    key = (tuple(components or ()), tuple(exclude or ()))
    pipe = _PIPELINES.get(key)
    if pipe is None:
        from .core import Pipeline
        pipe = _PIPELINES[key] = Pipeline(components=components, exclude=exclude)
    return pipe


def _records_partition(rows, cols: dict, components, exclude) -> Iterator[tuple]:
    from .ingest import RawArticle
    from .runner import process_item
    from .schema import Reject, Source

    pipe = None
    for row in rows:
        d = row.asDict()
        get = lambda k: d.get(cols[k]) if cols.get(k) else None  # noqa: E731
        pos = get("position")
        source = Source(uri=get("uri"), format=get("format") or "spark",
                        index=int(pos) if pos is not None else None,
                        url=get("url"), site=get("site"), published=get("published"))
        if get("reject_reason"):
            item = Reject(source=source, reason=get("reject_reason"), detail=get("reject_detail"))
        else:
            ident = get("id")
            item = RawArticle(body=get("text") or "", title=get("title"), lead=get("lead"),
                              id=str(ident) if ident not in (None, "") else None, source=source)
        if pipe is None:
            pipe = _pipeline(components, exclude)  # one per partition (and per Python worker)
        is_reject, line = process_item(pipe, item)
        rec = json.loads(line)
        if is_reject:
            yield (None, source.uri, source.index, source.url, source.published, None, True,
                   rec.get("reason"), line)
        else:
            yield (rec["doc_id"], source.uri, source.index, source.url, source.published,
                   rec.get("title"), False, None, line)


def extract_records(articles, text_col: str = "text", title_col: Optional[str] = "title",
                    lead_col: Optional[str] = "lead", id_col: Optional[str] = "id",
                    components: Optional[list[str]] = None, exclude: Optional[list[str]] = None):
    """A DataFrame of records (``RECORD_FIELDS``; ``record`` is the JSON of the record, as in
    ``vnx extract`` output) from a DataFrame of articles, one row per article, same order within
    each partition. Columns other than the text one are optional; ``uri``, ``position``,
    ``url``, ``site``, ``published``, ``format`` are used when present."""
    present = set(articles.columns)
    if text_col not in present:
        raise ValueError(f"no column {text_col!r} in the articles DataFrame ({', '.join(articles.columns)})")
    cols = {"text": text_col, "title": title_col, "lead": lead_col, "id": id_col}
    for name in ("uri", "format", "position", "url", "site", "published", "reject_reason", "reject_detail"):
        cols[name] = name
    cols = {k: v for k, v in cols.items() if v and v in present}
    spark = articles.sparkSession
    rdd = articles.rdd.mapPartitions(lambda rows: _records_partition(rows, cols, components, exclude))
    return spark.createDataFrame(rdd, record_schema())


def _table_rows(records: Iterable, table: str) -> Iterator[tuple]:
    from .sinks.tables import TABLES, record_rows
    names = [c.name for c in TABLES[table]]
    for r in records:
        if r["is_reject"]:
            continue
        for row in record_rows(json.loads(r["record"]))[table]:
            yield tuple(row[n] for n in names)


def record_tables(records) -> dict:
    """One DataFrame per table of ``pipeline/sinks/tables.py`` (articles, officials, ...)."""
    from .sinks.tables import TABLES
    spark = records.sparkSession
    return {t: spark.createDataFrame(records.rdd.mapPartitions(lambda rs, t=t: _table_rows(rs, t)),
                                     table_schema(t))
            for t in TABLES}


def write_tables(records, out_dir: str, mode: str = "overwrite", count: bool = False) -> dict[str, int]:
    """Write ``records`` (computed once) to ``out_dir/records`` and one Parquet table per kind
    under ``out_dir`` (the layout of ``vnx extract --parquet``); returns the number of records
    and rejects (and of rows per table with ``count=True``)."""
    spark = records.sparkSession
    records.write.mode(mode).parquet(f"{out_dir}/records")
    stored = spark.read.parquet(f"{out_dir}/records")  # the pipeline does not run again per table
    by_kind = {r["is_reject"]: r["count"] for r in stored.groupBy("is_reject").count().collect()}
    counts = {"records": by_kind.get(False, 0), "rejects": by_kind.get(True, 0)}
    for table, df in record_tables(stored).items():
        df.write.mode(mode).parquet(f"{out_dir}/{table}")
        if count:
            counts[table] = spark.read.parquet(f"{out_dir}/{table}").count()
    return counts
