"""JSONL and CSV/TSV dumps, with a field mapping (``--field text=body,title=headline``).

Without a mapping the usual names are tried: text/body/content, title/headline,
sapo/lead/description/summary, id/doc_id, url/link, date/published/publish_date, site, author.
A mapping names the column (or the dotted path inside a JSON object) of each target and takes
precedence over those defaults.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import IO, Iterable, Iterator, Mapping, Optional

from ..encodings import DecodeError, decode, decode_fields
from ..schema import Reject, Source
from . import reject

TARGETS = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "lead": ("sapo", "lead", "description", "summary"),
    "id": ("id", "doc_id"),
    "url": ("url", "link"),
    "published": ("date", "published", "publish_date"),
    "site": ("site", "sitename", "source"),
    "author": ("author",),
}
TARGET_ALIASES = {"body": "text", "content": "text", "sapo": "lead", "headline": "title",
                  "date": "published", "doc_id": "id", "link": "url"}


def parse_fields(specs: Optional[Iterable[str]]) -> dict[str, str]:
    """``["text=body,title=headline", "id=guid"]`` -> ``{"text": "body", "title": "headline", "id": "guid"}``."""
    out: dict[str, str] = {}
    for spec in specs or ():
        for part in spec.split(","):
            part = part.strip()
            if not part:
                continue
            target, sep, column = part.partition("=")
            target, column = target.strip().lower(), column.strip()
            target = TARGET_ALIASES.get(target, target)
            if not sep or not column or target not in TARGETS:
                raise ValueError(f"bad --field {part!r}: expected TARGET=COLUMN with TARGET one of "
                                 f"{', '.join(TARGETS)}")
            out[target] = column
    return out


def _get(obj: Mapping, path: str):
    if path in obj:
        return obj[path]
    cur = obj
    for key in path.split("."):
        if not isinstance(cur, Mapping) or key not in cur:
            return None
        cur = cur[key]
    return cur


def _pick(obj: Mapping, target: str, fields: Mapping[str, str]) -> Optional[str]:
    keys = (fields[target],) + TARGETS[target] if target in fields else TARGETS[target]
    for k in keys:
        v = _get(obj, k)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and target in ("id", "published"):
            v = str(v)
        if isinstance(v, str) and v.strip():
            return v
    return None


def article_from_mapping(obj, source: Source, fields: Optional[Mapping[str, str]] = None):
    """A ``RawArticle`` (or ``Reject``) from a JSON object or a CSV row."""
    from ..ingest import RawArticle

    fields = fields or {}
    if not isinstance(obj, Mapping):
        return reject(source, "not a JSON object", type(obj).__name__)
    body = _pick(obj, "text", fields)
    title = _pick(obj, "title", fields)
    lead = _pick(obj, "lead", fields)
    if body is None and title is None and lead is None:
        wanted = "/".join(fields[t] for t in ("text", "title", "lead") if t in fields) or \
            "text, body, title or lead"
        return reject(source, f"no text: the {'row' if source.format in ('csv', 'tsv') else 'object'} "
                              f"has no non-empty {wanted} field")
    src = source.model_copy(update={
        "url": _pick(obj, "url", fields),
        "published": _pick(obj, "published", fields),
        "site": _pick(obj, "site", fields),
    })
    ident = _pick(obj, "id", fields)
    author = _pick(obj, "author", fields)
    return RawArticle(body=body or "", title=title, lead=lead, source=src,
                      id=ident.strip() if ident else None, meta={"author": author} if author else {})


def read_jsonl_stream(stream: Iterable[bytes], uri: str, fields: Optional[Mapping[str, str]] = None,
                      fmt: str = "jsonl") -> Iterator:
    """One article per non-blank line; the position is the line number."""
    for index, raw in enumerate(stream, start=1):
        source = Source(uri=uri, format=fmt, index=index)
        if not raw.strip():
            continue  # blank lines separate nothing and are not inputs
        try:
            line, encoding, converted, warnings = decode(raw)
        except DecodeError as exc:
            yield reject(source, "undecodable line", str(exc))
            continue
        if converted:
            source = source.model_copy(update={"encoding": encoding, "converted": True})
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield reject(source, "invalid JSON", f"{exc.msg} at column {exc.colno}")
            continue
        art = article_from_mapping(obj, source, fields)
        if warnings and not isinstance(art, Reject):
            art.meta.setdefault("warnings", []).extend(warnings)
        yield art


def _has_surrogates(values) -> bool:
    for v in values:
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


_CSV_LIMIT_SET = False


def _raise_csv_limit() -> None:
    global _CSV_LIMIT_SET
    if not _CSV_LIMIT_SET:
        limit = sys.maxsize
        while True:  # the C long may be narrower than sys.maxsize
            try:
                csv.field_size_limit(limit)
                break
            except OverflowError:
                limit //= 2
        _CSV_LIMIT_SET = True


def read_csv_stream(stream: IO[bytes], uri: str, fields: Optional[Mapping[str, str]] = None,
                    fmt: str = "csv") -> Iterator:
    """One article per row after the header; the position is the row number (header excluded).

    Undecodable bytes make their row a reject, not the whole file."""
    _raise_csv_limit()
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    try:
        yield from _csv_rows(text, uri, fields, fmt)
    finally:
        try:
            text.detach()  # the caller owns (and closes) the binary stream
        except ValueError:
            pass


def _csv_rows(text, uri, fields, fmt) -> Iterator:
    reader = csv.reader(text, delimiter="\t" if fmt == "tsv" else ",")
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield reject(Source(uri=uri, format=fmt, index=0), "malformed CSV header", str(exc))
        return
    header = [h.strip() for h in header]
    missing = [c for c in (fields or {}).values() if c not in header]
    if missing:
        yield reject(Source(uri=uri, format=fmt, index=0), "mapped column not in the CSV header",
                     f"missing {', '.join(missing)}; header: {', '.join(header)}")
        return
    index = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            index += 1
            yield reject(Source(uri=uri, format=fmt, index=index), "malformed CSV row", str(exc))
            continue
        if not row or all(not c.strip() for c in row):
            continue
        index += 1
        source = Source(uri=uri, format=fmt, index=index)
        if len(row) != len(header):
            yield reject(source, "malformed CSV row", f"{len(row)} fields; the header has {len(header)}")
            continue
        warnings = []
        if _has_surrogates(row):
            # the row is not UTF-8: its bytes, kept by surrogateescape, in a legacy encoding
            try:
                row, encoding, converted = decode_fields([c.encode("utf-8", "surrogateescape") for c in row])
            except (DecodeError, UnicodeEncodeError) as exc:
                yield reject(source, "undecodable row", f"not UTF-8 text, and not a known encoding: {exc}")
                continue
            if converted:
                source = source.model_copy(update={"encoding": encoding, "converted": True})
                warnings = [{"code": "converted_encoding", "message": f"row {index} converted from {encoding}"}]
        art = article_from_mapping(dict(zip(header, row)), source, fields)
        if warnings and not isinstance(art, Reject):
            art.meta.setdefault("warnings", []).extend(warnings)
        yield art
