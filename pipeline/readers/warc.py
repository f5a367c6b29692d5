"""WARC and ARC crawls (gzipped or not) through warcio.

HTML responses (status 2xx, text/html or application/xhtml+xml) become articles; every other
record (requests, metadata, warcinfo, images, redirects, errors, ...) is skipped and counted in
``IngestStats.skipped`` by reason. The position of an article is the ordinal of its record in
the file (1-based, every record counted), so it is stable across runs.
"""
from __future__ import annotations

from typing import IO, Iterator, Optional

from ..schema import Source
from . import IngestStats, PendingHTML, reject

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _import_warcio():
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("reading WARC/ARC needs warcio: pip install 'vnx[archives]'") from exc
    return ArchiveIterator


def _content_type(value: Optional[str]) -> tuple[str, Optional[str]]:
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip('"\'')
    return parts[0].lower(), charset


def read_warc_stream(stream: IO[bytes], uri: str, stats: Optional[IngestStats] = None) -> Iterator:
    ArchiveIterator = _import_warcio()
    stats = stats if stats is not None else IngestStats()
    index = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            index += 1
            rtype = record.rec_type
            if rtype not in ("response", "resource"):
                stats.skip(f"warc {rtype} record")
                continue
            target = record.rec_headers.get_header("WARC-Target-URI")
            if rtype == "response":
                http = record.http_headers
                if http is None:
                    stats.skip("warc response without HTTP headers")
                    continue
                status = http.get_statuscode() or ""
                if not status.startswith("2"):
                    stats.skip(f"http status {status[:1] or '?'}xx")
                    continue
                ctype, charset = _content_type(http.get_header("Content-Type"))
            else:
                ctype, charset = _content_type(record.rec_headers.get_header("Content-Type"))
            if ctype not in HTML_TYPES:
                stats.skip("not html")
                continue
            source = Source(uri=uri, format="warc", index=index, url=target or None)
            try:
                data = record.content_stream().read()
            except Exception as exc:  # a truncated or badly encoded payload
                yield reject(source, "unreadable WARC payload", f"{type(exc).__name__}: {exc}")
                continue
            if not data.strip():
                yield reject(source, "empty HTML response")
                continue
            yield PendingHTML(data=data, source=source, charset=charset)
    except Exception as exc:  # a truncated or corrupt archive: what was read stays, the rest is one reject
        yield reject(Source(uri=uri, format="warc", index=index + 1), "corrupt archive",
                     f"{type(exc).__name__}: {exc}")
