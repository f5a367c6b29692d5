"""Readers for the ingest stage: one module per input format.

- ``html``    saved web pages, main text and metadata through trafilatura (``vnx[archives]``)
- ``warc``    WARC/ARC crawls, gzipped or not, through warcio (``vnx[archives]``)
- ``tabular`` JSONL and CSV/TSV with a ``--field text=body,title=headline`` mapping

Every reader is a generator over an open binary stream: memory stays flat however large the
archive. ``pipeline.ingest.read_inputs`` chooses the reader by extension, ``--format`` or by
sniffing the first bytes (stdin, files without a known extension).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Optional

from ..schema import Reject, Source

FORMATS = ("txt", "jsonl", "csv", "tsv", "html", "warc")
FORMAT_ALIASES = {"text": "txt", "ndjson": "jsonl", "json": "jsonl", "htm": "html", "arc": "warc"}

# file suffix (without .gz) -> format
SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".warc": "warc", ".arc": "warc",
}


def normalize_format(fmt: Optional[str]) -> Optional[str]:
    if fmt is None:
        return None
    f = fmt.strip().lower().lstrip(".")
    f = FORMAT_ALIASES.get(f, f)
    if f not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected one of {', '.join(FORMATS)}")
    return f


@dataclass
class IngestStats:
    """What the readers saw besides articles: skipped WARC records by reason, bytes read."""
    skipped: Counter = field(default_factory=Counter)
    bytes_done: int = 0          # bytes of inputs read completely
    current: Optional[IO[bytes]] = None   # raw handle of the file being read (for progress)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    @property
    def n_skipped(self) -> int:
        return sum(self.skipped.values())

    def position(self) -> int:
        pos = self.bytes_done
        cur = self.current
        if cur is not None:
            try:
                pos += cur.tell()
            except (OSError, ValueError):
                pass
        return pos


@dataclass
class PendingHTML:
    """An HTML page read but not yet parsed: the (costly) extraction runs in the worker."""
    data: bytes
    source: Source
    charset: Optional[str] = None


def reject(source: Source, reason: str, detail: Optional[str] = None) -> Reject:
    return Reject(source=source, reason=reason, detail=detail)


def sniff_format(head: bytes) -> str:
    """The format of a stream from its first bytes (after gunzip)."""
    h = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if h.startswith(b"WARC/") or h.startswith(b"filedesc://"):
        return "warc"
    if h[:1] == b"{":
        return "jsonl"
    low = h[:512].lower()
    if low.startswith(b"<!doctype html") or low.startswith(b"<html") or (
            low.startswith(b"<") and (b"<html" in low or b"<head" in low or b"<body" in low)):
        return "html"
    return "txt"
