"""The normalized tables of a record, shared by the SQL, Parquet and Spark sinks.

``articles`` has one row per record (``doc_id`` is its key). Each item kind has its own table
(``officials``, ``people``, ``models``, ``campaigns``, ``figures``, ``directives``, ``dates``,
``locations``, ``organizations``, ``abbreviations``, ``quotes``) with one row per item, keyed by
(``doc_id``, ``idx``) where ``idx`` is the item's position in the record's list. Item columns
are the fields of the item's pydantic model (``pipeline/schema.py``), with ``start``/``end``
renamed ``char_start``/``char_end`` (``end`` is an SQL keyword); list fields (``mentions``,
``flags``) are JSON text. The columns follow the schema: a field added there becomes a column.
"""
from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from pydantic import BaseModel

from .. import schema as S

# Version of the database layout (tables, columns, indexes); bump it on any change.
DB_SCHEMA_VERSION = "1"

KIND_MODELS: dict[str, type[BaseModel]] = {
    "officials": S.Official,
    "people": S.Person,
    "models": S.ModelItem,
    "campaigns": S.Campaign,
    "figures": S.Figure,
    "directives": S.Directive,
    "dates": S.DateItem,
    "locations": S.Location,
    "organizations": S.Organization,
    "abbreviations": S.Abbreviation,
    "quotes": S.Quote,
}
KINDS = tuple(KIND_MODELS)
RENAMED = {"start": "char_start", "end": "char_end"}

# Indexes for the obvious queries (besides doc_id on every item table).
INDEXES: dict[str, list[tuple[str, ...]]] = {
    "articles": [("published",), ("site",), ("url",)],
    "officials": [("name",), ("position",), ("organization",)],
    "people": [("name",)],
    "models": [("name",), ("locality",)],
    "campaigns": [("name",)],
    "figures": [("unit",), ("quantity",)],
    "directives": [("code",), ("doc_type", "year"), ("issuer_code",)],
    "dates": [("value",)],
    "locations": [("name",), ("province",), ("code",)],
    "organizations": [("name",), ("short",)],
    "abbreviations": [("short",)],
    "quotes": [("speaker",)],
}


@dataclass(frozen=True)
class Column:
    name: str
    type: Literal["str", "int", "float", "bool", "json"]
    nullable: bool = True


def _base_type(annotation) -> str:
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        kinds = {_base_type(a) for a in args}
        if kinds <= {"int", "float"} and "float" in kinds:
            return "float"
        return kinds.pop() if len(kinds) == 1 else "json"
    if origin is Literal:
        vals = typing.get_args(annotation)
        return "bool" if all(isinstance(v, bool) for v in vals) else "str"
    if origin in (list, dict, tuple) or annotation in (list, dict):
        return "json"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is str:
        return "str"
    return "json"


def _item_columns(model: type[BaseModel]) -> list[Column]:
    cols = [Column("doc_id", "str", False), Column("idx", "int", False)]
    for name, f in model.model_fields.items():
        cols.append(Column(RENAMED.get(name, name), _base_type(f.annotation)))
    return cols


ARTICLE_COLUMNS = [
    Column("doc_id", "str", False),
    Column("title", "str"),
    Column("lead", "str"),
    Column("text", "str"),
    Column("uri", "str"),
    Column("format", "str"),
    Column("position", "int"),
    Column("url", "str"),
    Column("site", "str"),
    Column("published", "str"),
    Column("encoding", "str"),
    Column("authors", "json"),
    Column("headings", "json"),
    Column("warnings", "json"),
    Column("n_chars", "int"),
    Column("record_schema_version", "str"),
]

TABLES: dict[str, list[Column]] = {"articles": ARTICLE_COLUMNS}
TABLES.update({kind: _item_columns(model) for kind, model in KIND_MODELS.items()})


def _cell(value: Any, col: Column):
    if value is None:
        return None
    if col.type == "json":
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if col.type == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return value


def record_rows(rec: dict) -> dict[str, list[dict]]:
    """The rows of one record (a dict as in the JSONL output), by table."""
    src = rec.get("source") or {}
    art = {
        "doc_id": rec["doc_id"],
        "title": rec.get("title"),
        "lead": rec.get("lead"),
        "text": rec.get("text"),
        "uri": src.get("uri"),
        "format": src.get("format"),
        "position": src.get("index"),
        "url": src.get("url"),
        "site": src.get("site"),
        "published": src.get("published"),
        "encoding": src.get("encoding"),
        "authors": rec.get("authors") or [],
        "headings": rec.get("headings") or [],
        "warnings": rec.get("warnings") or [],
        "n_chars": len(rec.get("text") or ""),
        "record_schema_version": rec.get("schema_version"),
    }
    out = {"articles": [{c.name: _cell(art[c.name], c) for c in ARTICLE_COLUMNS}]}
    for kind in KINDS:
        cols = TABLES[kind]
        rows = []
        for idx, item in enumerate(rec.get(kind) or []):
            vals = {RENAMED.get(k, k): v for k, v in item.items()}
            vals["doc_id"] = rec["doc_id"]
            vals["idx"] = idx
            rows.append({c.name: _cell(vals.get(c.name), c) for c in cols})
        out[kind] = rows
    return out
