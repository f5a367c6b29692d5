"""Ingest stage: turn files, folders, globs, stdin and archives into raw articles.

``read_inputs(paths)`` yields ``RawArticle`` or ``Reject`` objects in a deterministic order
(folders are walked recursively in sorted order, globs are sorted). Nothing is dropped
silently: every input that cannot become an article becomes a reject with a reason; WARC
records that are not HTML responses are skipped and counted in ``stats.skipped``.

Formats (by extension, ``fmt``/``--format``, or sniffed from the first bytes): txt, jsonl,
csv, tsv, html, warc (ARC too), each possibly gzipped (``.gz``). Readers stream: memory stays
flat however large the archive (one article at a time).
"""
from __future__ import annotations

import glob
import gzip
import io
import os
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterable, Iterator, Mapping, Optional, Union

from .encodings import DecodeError, decode
from .readers import (SUFFIX_FORMATS, IngestStats, PendingHTML, normalize_format,
                      sniff_format)
from .readers import reject as _reject
from .readers.tabular import article_from_mapping, read_csv_stream
from .readers.tabular import read_jsonl_stream as _read_jsonl_stream
from .schema import Reject, Source

TEXT_SUFFIXES = {s for s, f in SUFFIX_FORMATS.items() if f == "txt"}
JSONL_SUFFIXES = {s for s, f in SUFFIX_FORMATS.items() if f == "jsonl"}
KNOWN_SUFFIXES = set(SUFFIX_FORMATS)
# Files that sit next to articles in a corpus folder and are not articles themselves.
SKIP_NAMES = ("README.md", "MANIFEST.md", "SOURCES.jsonl")
SKIP_SUFFIXES = (".gold.json",)
GZIP_MAGIC = b"\x1f\x8b"
_GLOB_CHARS = set("*?[")


@dataclass
class RawArticle:
    body: str
    source: Source
    title: Optional[str] = None
    lead: Optional[str] = None
    id: Optional[str] = None
    meta: dict = field(default_factory=dict)


Item = Union[RawArticle, Reject]


def article_from_json(obj, source: Source, fields: Optional[Mapping[str, str]] = None) -> Item:
    """A JSON object with ``text`` or ``body`` (plus optional title, sapo/lead, url, id, date)."""
    return article_from_mapping(obj, source, fields)


def read_jsonl_stream(stream: Iterable[bytes], uri: str,
                      fields: Optional[Mapping[str, str]] = None) -> Iterator[Item]:
    return _read_jsonl_stream(stream, uri, fields)


def read_text_bytes(data: bytes, uri: str, fmt: str = "txt") -> Item:
    source = Source(uri=uri, format=fmt, index=None)
    try:
        text, enc, converted, warnings = decode(data)
    except DecodeError as exc:
        return _reject(source, "undecodable input", str(exc))
    source.encoding = enc
    source.converted = converted
    if not text.strip():
        return _reject(source, "empty input: no text")
    return RawArticle(body=text, source=source, meta={"warnings": list(warnings)} if warnings else {})


def materialize(item):
    """Parse a pending HTML page (the costly step is deferred so that workers do it)."""
    if isinstance(item, PendingHTML):
        from .readers.html import parse_html
        return parse_html(item.data, item.source, item.charset)
    return item


def format_of_name(name: str) -> Optional[str]:
    """Format from a file name (``a.warc.gz`` -> warc), or None when the extension says nothing."""
    low = name.lower()
    if low.endswith(".gz"):
        low = low[:-3]
    return SUFFIX_FORMATS.get(os.path.splitext(low)[1])


def _peek(stream: IO[bytes], n: int = 2048) -> tuple[IO[bytes], bytes]:
    """Look at the first bytes without consuming them (wrapping the stream if needed)."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream, buffer_size=max(n, io.DEFAULT_BUFFER_SIZE))
    return stream, stream.peek(n)[:n]


def read_stream(raw: IO[bytes], uri: str, fmt: Optional[str] = None,
                fields: Optional[Mapping[str, str]] = None,
                stats: Optional[IngestStats] = None) -> Iterator:
    """Items of one open binary stream; gunzips and sniffs the format when ``fmt`` is None."""
    stats = stats if stats is not None else IngestStats()
    stream, head = _peek(raw)
    gz = head.startswith(GZIP_MAGIC)
    if fmt is None:
        ihead = head
        if gz:  # sniff the start of the decompressed data without consuming the stream
            try:
                ihead = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
            except zlib.error:
                ihead = b""
        fmt = sniff_format(ihead)
    if gz and fmt != "warc":  # warcio gunzips WARC members itself
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
    if fmt == "warc":
        from .readers.warc import read_warc_stream
        yield from read_warc_stream(stream, uri, stats)
    elif fmt == "jsonl":
        yield from _read_jsonl_stream(stream, uri, fields)
    elif fmt in ("csv", "tsv"):
        yield from read_csv_stream(stream, uri, fields, fmt)
    elif fmt == "html":
        from .readers.html import read_html_stream
        try:
            yield read_html_stream(stream, uri)
        except (OSError, EOFError) as exc:
            yield _reject(Source(uri=uri, format=fmt), "unreadable input", str(exc))
    else:
        try:
            data = stream.read()
        except (OSError, EOFError) as exc:
            yield _reject(Source(uri=uri, format=fmt), "unreadable input", str(exc))
            return
        yield read_text_bytes(data, uri, fmt)


def read_path(path: Path, fmt: Optional[str] = None, fields: Optional[Mapping[str, str]] = None,
              stats: Optional[IngestStats] = None) -> Iterator[Item]:
    uri = str(path)
    stats = stats if stats is not None else IngestStats()
    fmt = normalize_format(fmt) or format_of_name(path.name)
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield _reject(Source(uri=uri, format=fmt or "txt"), "unreadable input", exc.strerror or str(exc))
        return
    try:
        size = os.fstat(fh.fileno()).st_size
    except OSError:
        size = 0
    stats.current = fh
    try:
        for item in read_stream(fh, uri, fmt, fields, stats):
            yield item
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield _reject(Source(uri=uri, format=fmt or "txt"), "unreadable input",
                      f"{type(exc).__name__}: {exc}")
    finally:
        stats.current = None
        stats.bytes_done += size
        fh.close()


def _skip_name(name: str) -> bool:
    return name.startswith(".") or name in SKIP_NAMES or name.endswith(SKIP_SUFFIXES)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if _skip_name(name):
                continue
            if format_of_name(name) is not None:
                yield Path(root) / name


def expand_inputs(inputs: Iterable[str], ignore: Iterable[str] = ()) -> Iterator[Union[str, Path, Reject]]:
    """``-``, files, folders (walked) and globs, in a deterministic order, as paths; a missing
    input becomes a reject. Files in ``ignore`` (a run's own outputs) are left out of folders
    and globs."""
    ignored = {os.path.realpath(p) for p in ignore}
    for p in _expand(inputs):
        if ignored and isinstance(p, Path) and os.path.realpath(p) in ignored:
            continue
        yield p


def _expand(inputs: Iterable[str]) -> Iterator[Union[str, Path, Reject]]:
    for inp in inputs:
        if inp == "-":
            yield "-"
            continue
        path = Path(inp)
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield path
        elif _GLOB_CHARS & set(inp):
            matches = sorted(glob.glob(inp, recursive=True))
            if not matches:
                yield _reject(Source(uri=inp, format="txt"), "no file matches the pattern")
            for m in matches:
                p = Path(m)
                if p.is_dir():
                    yield from _walk(p)
                elif not _skip_name(p.name):
                    yield p
        else:
            yield _reject(Source(uri=inp, format="txt"), "no such file or folder")


def total_bytes(inputs: Iterable[str], ignore: Iterable[str] = ()) -> Optional[int]:
    """Size of every input file (None when stdin is among them): for the progress ETA."""
    total = 0
    for p in expand_inputs(inputs, ignore):
        if p == "-":
            return None
        if isinstance(p, Path):
            try:
                total += p.stat().st_size
            except OSError:
                pass
    return total


def read_stdin(fmt: Optional[str] = None, fields: Optional[Mapping[str, str]] = None,
               stats: Optional[IngestStats] = None) -> Iterator[Item]:
    yield from read_stream(sys.stdin.buffer, "-", normalize_format(fmt), fields, stats)


def read_inputs(inputs: Iterable[str], fmt: Optional[str] = None,
                fields: Optional[Mapping[str, str]] = None, stats: Optional[IngestStats] = None,
                lazy: bool = False, ignore: Iterable[str] = ()) -> Iterator:
    """Articles from every input: ``-`` (stdin), a file, a folder (recursive, sorted) or a glob.

    ``lazy=True`` leaves HTML pages as ``PendingHTML`` (for ``materialize`` in a worker);
    ``ignore``: files never read (the run's own outputs, when they sit in an input folder)."""
    fmt = normalize_format(fmt)
    stats = stats if stats is not None else IngestStats()
    for p in expand_inputs(inputs, ignore):
        if isinstance(p, Reject):
            yield p
            continue
        items = read_stdin(fmt, fields, stats) if p == "-" else read_path(p, fmt, fields, stats)
        for item in items:
            yield item if lazy else materialize(item)
