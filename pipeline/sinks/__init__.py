"""Sinks: where records go. JSONL (default), SQL databases (``--db``), Parquet (``--parquet``).

Every sink follows the same small protocol so that ``pipeline.runner`` can make a run
resumable whatever the sinks:

- ``start(state)``: ``state`` is None for a fresh run, else what ``checkpoint`` returned at
  the last checkpoint of the killed run: the sink drops whatever it wrote after it.
- ``write(is_reject, line, record)``: one result, in input order (``record`` is the parsed
  dict of a record line, None for a reject).
- ``checkpoint(done)``: make everything written so far durable; return a JSON-able state.
- ``close()``.
"""
from __future__ import annotations

import os
import sys
from typing import IO, Optional

from .tables import DB_SCHEMA_VERSION, KINDS, TABLES, record_rows  # noqa: F401  (re-exported)


class Sink:
    key = "sink"
    wants_records = False   # True when write() needs the parsed record dict

    def start(self, state: Optional[dict]) -> None:
        pass

    def write(self, is_reject: bool, line: str, record: Optional[dict]) -> None:
        raise NotImplementedError

    def checkpoint(self, done: int) -> dict:
        return {}

    def paths(self) -> list[str]:
        """Files this sink writes (never read as inputs by the same run)."""
        return []

    def close(self) -> None:
        pass


class JsonlSink(Sink):
    """JSON lines to a file (resumable: truncated back to the checkpoint) or to a stream.

    ``take`` is "records", "rejects" or "all"."""

    def __init__(self, path: Optional[str] = None, stream: Optional[IO[str]] = None,
                 take: str = "all", key: str = "jsonl"):
        self.path = path
        self.stream = stream
        self.take = take
        self.key = key
        self.count = 0
        self._fh = None

    def paths(self) -> list[str]:
        return [self.path] if self.path else []

    @property
    def resumable(self) -> bool:
        return self.path is not None

    def start(self, state: Optional[dict]) -> None:
        if self.path is None:
            self._fh = self.stream or sys.stdout
            return
        d = os.path.dirname(self.path)
        if d:
            os.makedirs(d, exist_ok=True)
        if state is not None and not os.path.exists(self.path):
            raise RuntimeError(f"{self.path} has disappeared since the last run: "
                               "cannot resume, start again without --resume")
        if state is None:
            self._fh = open(self.path, "w", encoding="utf-8", newline="\n")
            return
        size = int(state.get("bytes", 0))
        with open(self.path, "r+b") as fh:  # drop what was written after the checkpoint,
            fh.truncate(size)               # a partial last line included
        self._fh = open(self.path, "a", encoding="utf-8", newline="\n")
        self.count = int(state.get("count", 0))

    def write(self, is_reject: bool, line: str, record: Optional[dict]) -> None:
        if self.take == "records" and is_reject or self.take == "rejects" and not is_reject:
            return
        self._fh.write(line)
        self._fh.write("\n")
        self.count += 1

    def checkpoint(self, done: int) -> dict:
        self._fh.flush()
        if self.path is None:
            return {}
        os.fsync(self._fh.fileno())
        return {"bytes": self._fh.tell(), "count": self.count}

    def close(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        if self.path is not None:
            self._fh.close()
        self._fh = None


def open_db_sink(url: str, batch_size: int = 500):
    from .sql import SqlSink
    return SqlSink(url, batch_size=batch_size)


def open_parquet_sink(path: str):
    from .parquet import ParquetSink
    return ParquetSink(path)
