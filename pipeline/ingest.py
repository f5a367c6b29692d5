"""Ingest stage: turn files, folders, stdin and JSONL dumps into raw articles.

``read_inputs(paths)`` yields ``RawArticle`` or ``Reject`` objects in a deterministic order
(folders are walked recursively in sorted order). Nothing is dropped silently: every input
that cannot become an article becomes a reject with a reason.
"""
from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from .encodings import DecodeError, decode_bytes
from .schema import Reject, Source

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES
# Files that sit next to articles in a corpus folder and are not articles themselves.
SKIP_NAMES = ("README.md", "MANIFEST.md", "SOURCES.jsonl")
SKIP_SUFFIXES = (".gold.json",)


@dataclass
class RawArticle:
    body: str
    source: Source
    title: Optional[str] = None
    lead: Optional[str] = None
    id: Optional[str] = None
    meta: dict = field(default_factory=dict)


Item = Union[RawArticle, Reject]


def _reject(source: Source, reason: str, detail: str | None = None) -> Reject:
    return Reject(source=source, reason=reason, detail=detail)


def _first_str(obj: dict, *keys: str) -> Optional[str]:
    for k in keys:
        v = obj.get(k)
        if isinstance(v, str) and v.strip():
            return v
    return None


def article_from_json(obj, source: Source) -> Item:
    """A JSON object with ``text`` or ``body`` (plus optional title, sapo/lead, url, id, date)."""
    if not isinstance(obj, dict):
        return _reject(source, "not a JSON object", type(obj).__name__)
    body = _first_str(obj, "text", "body", "content")
    title = _first_str(obj, "title", "headline")
    lead = _first_str(obj, "sapo", "lead", "description", "summary")
    if body is None and title is None and lead is None:
        return _reject(source, "no text: the object has no non-empty text, body, title or lead field")
    src = source.model_copy(update={
        "url": _first_str(obj, "url", "link"),
        "published": _first_str(obj, "date", "published", "publish_date"),
    })
    ident = obj.get("id", obj.get("doc_id"))
    return RawArticle(body=body or "", title=title, lead=lead, source=src,
                      id=str(ident) if ident is not None and str(ident).strip() else None)


def read_jsonl_stream(stream: Iterable[bytes], uri: str) -> Iterator[Item]:
    for index, raw in enumerate(stream, start=1):
        source = Source(uri=uri, format="jsonl", index=index)
        if not raw.strip():
            continue  # blank lines separate nothing and are not inputs
        try:
            line, _, _ = decode_bytes(raw)
        except DecodeError as exc:
            yield _reject(source, "undecodable line", str(exc))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _reject(source, "invalid JSON", f"{exc.msg} at column {exc.colno}")
            continue
        yield article_from_json(obj, source)


def read_text_bytes(data: bytes, uri: str, fmt: str = "txt") -> Item:
    source = Source(uri=uri, format=fmt, index=None)
    try:
        text, enc, converted = decode_bytes(data)
    except DecodeError as exc:
        return _reject(source, "undecodable input", str(exc))
    source.encoding = enc
    source.converted = converted
    if not text.strip():
        return _reject(source, "empty input: no text")
    return RawArticle(body=text, source=source)


def _looks_like_jsonl(data: bytes) -> bool:
    head = data.lstrip()[:1]
    return head == b"{"


def read_path(path: Path, fmt: str | None = None) -> Iterator[Item]:
    uri = str(path)
    suffix = path.suffix.lower()
    fmt = fmt or ("jsonl" if suffix in JSONL_SUFFIXES else "txt")
    try:
        if fmt == "jsonl":
            with open(path, "rb") as fh:
                yield from read_jsonl_stream(fh, uri)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _reject(Source(uri=uri, format=fmt), "unreadable input", exc.strerror or str(exc))
        return
    yield read_text_bytes(data, uri, fmt)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.startswith(".") or name in SKIP_NAMES or name.endswith(SKIP_SUFFIXES):
                continue
            p = Path(root) / name
            if p.suffix.lower() in KNOWN_SUFFIXES:
                yield p


def read_stdin(fmt: str | None = None) -> Iterator[Item]:
    data = sys.stdin.buffer.read()
    if fmt == "jsonl" or (fmt is None and _looks_like_jsonl(data)):
        yield from read_jsonl_stream(io.BytesIO(data), "-")
    else:
        yield read_text_bytes(data, "-", fmt or "txt")


def read_inputs(inputs: Iterable[str], fmt: str | None = None) -> Iterator[Item]:
    """Articles from every input: ``-`` (stdin), a file, or a folder (recursive, sorted)."""
    for inp in inputs:
        if inp == "-":
            yield from read_stdin(fmt)
            continue
        path = Path(inp)
        if path.is_dir():
            for p in _walk(path):
                yield from read_path(p, fmt)
        elif path.exists():
            yield from read_path(path, fmt)
        else:
            yield _reject(Source(uri=inp, format=fmt or "txt"), "no such file or folder")
