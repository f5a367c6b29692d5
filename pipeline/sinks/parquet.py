"""Parquet sink: one table per kind, for analytics (pyarrow).

``DIR/articles/``, ``DIR/officials/``, ``DIR/directives/``, ... each a Parquet dataset: a folder
of ``part-NNNNNNNNNN.parquet`` files that pyarrow, pandas, DuckDB, Polars and Spark read as one
table (``pyarrow.parquet.read_table("DIR/directives")``). Columns are those of the SQL tables
(``pipeline/sinks/tables.py``). A part is written at each checkpoint of the run and named by
the position of its first input, which makes resuming exact: parts at or after the last
checkpoint are deleted and written again.
"""
from __future__ import annotations

import os
import re
import shutil
from typing import Optional

from . import Sink
from .tables import TABLES, record_rows

_PART = re.compile(r"^part-(\d{10})\.parquet$")


def _pa():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("--parquet needs pyarrow: pip install 'vnx[parquet]'") from exc
    return pyarrow


def arrow_schema(table: str):
    pa = _pa()
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "json": pa.string()}
    return pa.schema([pa.field(c.name, types[c.type], nullable=c.nullable) for c in TABLES[table]])


class ParquetSink(Sink):
    key = "parquet"
    wants_records = True

    def __init__(self, path: str):
        self.path = path
        self.rows: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.first: Optional[int] = None   # position (0-based) of the first input of the part
        self.seen = 0                      # inputs seen (records and rejects)
        self.parts = 0

    def _dir(self, table: str) -> str:
        return os.path.join(self.path, table)

    def start(self, state: Optional[dict]) -> None:
        _pa()
        done = int(state.get("done", 0)) if state else 0
        for table in TABLES:
            d = self._dir(table)
            os.makedirs(d, exist_ok=True)
            for name in os.listdir(d):
                m = _PART.match(name)
                if (m and int(m.group(1)) >= done) or name.endswith(".tmp"):
                    os.remove(os.path.join(d, name))  # written after the checkpoint (or a fresh run)
        self.seen = done
        self.parts = int(state.get("parts", 0)) if state else 0

    def write(self, is_reject: bool, line: str, record: Optional[dict]) -> None:
        if self.first is None:
            self.first = self.seen
        self.seen += 1
        if is_reject or record is None:
            return
        for table, rows in record_rows(record).items():
            self.rows[table].extend(rows)

    def _write_part(self) -> None:
        if self.first is None:
            return
        pa = _pa()
        import pyarrow.parquet as pq
        for table, rows in self.rows.items():
            d = self._dir(table)
            if not rows and any(_PART.match(n) for n in os.listdir(d)):
                continue  # nothing new; the table already has a part with its schema
            name = f"part-{self.first:010d}.parquet"
            tmp = os.path.join(d, name + ".tmp")
            pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema(table)), tmp,
                           compression="zstd")
            os.replace(tmp, os.path.join(d, name))
        self.rows = {t: [] for t in TABLES}
        self.first = None
        self.parts += 1

    def checkpoint(self, done: int) -> dict:
        self._write_part()
        return {"done": done, "parts": self.parts}

    def close(self) -> None:
        self._write_part()


def clear(path: str) -> None:
    """Remove the tables a ParquetSink wrote under ``path``."""
    for table in TABLES:
        shutil.rmtree(os.path.join(path, table), ignore_errors=True)
