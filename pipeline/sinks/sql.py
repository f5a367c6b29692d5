"""SQL sink: SQLite (embedded default) and PostgreSQL through one layer, SQLAlchemy Core.

Why SQLAlchemy Core rather than plain DB-API: the same table definitions produce the DDL for
both engines (types, keys, indexes, quoting of keywords), the URL picks the driver, and bulk
inserts use each driver's fast path (``executemany`` / multi-row VALUES). No ORM is involved:
rows are plain dicts.

Loading is idempotent: a batch first deletes every row of its doc_ids (items, then articles),
then inserts the new rows, in one transaction. Re-loading a record replaces it; nothing is
ever duplicated; a failed batch leaves the database as it was before the batch.
The layout version is in the ``schema_version`` table (``name='db'``); opening a database
written by another layout version is an error rather than a silent mix.
"""
from __future__ import annotations

import os
from typing import Iterable, Optional

from ..schema import SCHEMA_VERSION
from . import Sink
from .tables import DB_SCHEMA_VERSION, INDEXES, KINDS, TABLES, record_rows


class SchemaVersionError(RuntimeError):
    pass


def _sa():
    try:
        import sqlalchemy
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("--db needs SQLAlchemy: pip install 'vnx[db]'") from exc
    return sqlalchemy


def engine_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` use psycopg 3; ``sqlite:///x.db`` creates x.db's folder."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        path = url[len("sqlite:///"):]
        d = os.path.dirname(path)
        if d:
            os.makedirs(d, exist_ok=True)
    return url


def sqlite_path(url: str) -> Optional[str]:
    if url.startswith("sqlite:///") and ":memory:" not in url:
        return url[len("sqlite:///"):]
    return None


def build_metadata():
    sa = _sa()
    types = {"str": sa.Text, "int": sa.BigInteger, "float": lambda: sa.Float(precision=53),
             "bool": sa.Boolean, "json": sa.Text}
    md = sa.MetaData()
    sa.Table("schema_version", md,
             sa.Column("name", sa.String(64), primary_key=True),
             sa.Column("version", sa.String(64), nullable=False))
    for name, cols in TABLES.items():
        columns = []
        for c in cols:
            kw = {"nullable": c.nullable}
            if name == "articles" and c.name == "doc_id":
                columns.append(sa.Column("doc_id", sa.String(255), primary_key=True))
                continue
            if c.name == "doc_id":
                columns.append(sa.Column("doc_id", sa.String(255),
                                         sa.ForeignKey("articles.doc_id", ondelete="CASCADE"),
                                         primary_key=True))
                continue
            if c.name == "idx":
                columns.append(sa.Column("idx", sa.Integer, primary_key=True, autoincrement=False))
                continue
            columns.append(sa.Column(c.name, types[c.type](), **kw))
        t = sa.Table(name, md, *columns)
        for idx_cols in INDEXES.get(name, []):
            sa.Index(f"ix_{name}_{'_'.join(idx_cols)}", *[t.c[k] for k in idx_cols])
    return md


class Database:
    """A connection to a vnx database: ``Database(url).load(records)``."""

    def __init__(self, url: str):
        sa = _sa()
        self.url = url
        kwargs = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 60}
        self.engine = sa.create_engine(engine_url(url), **kwargs)
        if url.startswith("sqlite"):
            @sa.event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA synchronous=NORMAL")
                cur.close()
        self.md = build_metadata()
        self.tables = self.md.tables
        self.ensure_schema()

    def ensure_schema(self) -> None:
        sa = _sa()
        self.md.create_all(self.engine, checkfirst=True)
        sv = self.tables["schema_version"]
        with self.engine.begin() as conn:
            found = dict(conn.execute(sa.select(sv.c.name, sv.c.version)).all())
            if "db" not in found:
                conn.execute(sa.insert(sv), [{"name": "db", "version": DB_SCHEMA_VERSION},
                                             {"name": "record", "version": SCHEMA_VERSION}])
            elif found["db"] != DB_SCHEMA_VERSION:
                raise SchemaVersionError(
                    f"{self.url}: database layout version {found['db']}, this vnx writes version "
                    f"{DB_SCHEMA_VERSION}: load into a new database (or drop the vnx tables)")
            elif found.get("record") != SCHEMA_VERSION:
                conn.execute(sa.update(sv).where(sv.c.name == "record").values(version=SCHEMA_VERSION))

    def load(self, records: Iterable[dict]) -> int:
        """Insert or replace these records in one transaction; returns how many articles."""
        sa = _sa()
        by_id: dict[str, dict] = {}
        for rec in records:
            by_id.pop(rec["doc_id"], None)
            by_id[rec["doc_id"]] = rec  # the last version of a doc_id wins
        if not by_id:
            return 0
        rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        for rec in by_id.values():
            for name, rs in record_rows(rec).items():
                rows[name].extend(rs)
        ids = list(by_id)
        with self.engine.begin() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                for kind in KINDS:
                    t = self.tables[kind]
                    conn.execute(sa.delete(t).where(t.c.doc_id.in_(chunk)))
                art = self.tables["articles"]
                conn.execute(sa.delete(art).where(art.c.doc_id.in_(chunk)))
            conn.execute(sa.insert(self.tables["articles"]), rows["articles"])
            for kind in KINDS:
                if rows[kind]:
                    conn.execute(sa.insert(self.tables[kind]), rows[kind])
        return len(ids)

    def counts(self) -> dict[str, int]:
        sa = _sa()
        with self.engine.connect() as conn:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(self.tables[name])).scalar_one()
                    for name in TABLES}

    def close(self) -> None:
        self.engine.dispose()


class SqlSink(Sink):
    """Records into a database, one transaction per batch (rejects are not loaded)."""
    key = "db"
    wants_records = True

    def __init__(self, url: str, batch_size: int = 500):
        self.url = url
        self.batch_size = max(1, batch_size)
        self.db: Optional[Database] = None
        self.buffer: list[dict] = []
        self.loaded = 0

    def paths(self) -> list[str]:
        p = sqlite_path(self.url)
        return [p] if p else []

    def start(self, state: Optional[dict]) -> None:
        # Loading is idempotent: on resume the records after the checkpoint are simply loaded
        # again, replacing whatever the killed run had committed of them.
        self.db = Database(self.url)
        self.loaded = int((state or {}).get("loaded", 0))

    def write(self, is_reject: bool, line: str, record: Optional[dict]) -> None:
        if is_reject or record is None:
            return
        self.buffer.append(record)
        if len(self.buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.loaded += self.db.load(self.buffer)
            self.buffer = []

    def checkpoint(self, done: int) -> dict:
        self.flush()
        return {"loaded": self.loaded}

    def close(self) -> None:
        if self.db is not None:
            self.flush()
            self.db.close()
            self.db = None
