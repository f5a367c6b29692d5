"""Saved HTML pages: main text and metadata (title, date, author, url, site) via trafilatura.

No hand-written scraping: trafilatura finds the article body, drops navigation, footers and
comments, and reads the metadata from <meta>, JSON-LD and the page itself.
"""
from __future__ import annotations

import codecs
import logging
import re
from html.parser import HTMLParser
from typing import Optional, Union
from urllib.parse import urlsplit

from ..encodings import DecodeError, decode_bytes
from ..schema import Source
from . import reject

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I)

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def _import_trafilatura():
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("reading HTML/WARC needs trafilatura: pip install 'vnx[archives]'") from exc
    return trafilatura


def _decode(data: bytes, charset: Optional[str]) -> tuple[Union[str, bytes], Optional[str], bool]:
    """Text of the page: UTF-8 as is; else the charset the server or the page declares; else
    ``decode_bytes`` (BOMs, legacy Vietnamese encodings, repairs); else the raw bytes, for
    trafilatura to guess."""
    try:
        return data.decode("utf-8", errors="strict"), "utf-8", False
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:4096])
    for cs in (charset, m.group(1).decode("ascii") if m else None):
        if not cs:
            continue
        try:
            name = codecs.lookup(cs).name
        except LookupError:
            continue
        if name.startswith("utf"):
            continue  # a wrong declaration: the bytes are not UTF-8
        try:
            return data.decode(name, errors="strict"), name, True
        except UnicodeDecodeError:
            continue
    try:
        return decode_bytes(data)
    except DecodeError:
        return data, None, False


# --- pages nested too deep for lxml ----------------------------------------------------------
# lxml (under trafilatura) stops at 256 levels of nesting. A page nested deeper still has its
# paragraphs: the standard library's parser, which keeps no tree, reads them.
_DEEP = 256
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote"}
_SKIP = {"script", "style", "noscript", "template", "svg"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _FlatText(HTMLParser):
    """Text of the block elements, the <title>, and how deep the tags nest."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = self.max_depth = self.skipping = 0
        self.blocks: list[str] = []
        self.buf: Optional[list[str]] = None
        self.title: Optional[str] = None
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        self.depth += 1
        self.max_depth = max(self.max_depth, self.depth)
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "title":
            self.in_title = True
        elif tag in _BLOCKS:
            self._flush()
            self.buf = []

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        self.depth = max(0, self.depth - 1)
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self.skipping:
            return
        if self.in_title:
            self.title = (self.title or "") + data
        elif self.buf is not None:
            self.buf.append(data)

    def close(self):
        super().close()
        self._flush()  # text after the last block tag

    def _flush(self):
        if self.buf:
            text = " ".join("".join(self.buf).split())
            if text:
                self.blocks.append(text)
        self.buf = None


def _deep_page(page, source: Source, enc, converted):
    """A RawArticle from a page nested deeper than lxml reads, or None (not such a page, or no
    paragraph of text in it)."""
    from ..ingest import RawArticle

    if not isinstance(page, str) or page.count("<") < _DEEP:
        return None
    parser = _FlatText()
    try:
        parser.feed(page)
        parser.close()
    except Exception:  # the standard parser is lenient; anything else is no page of ours
        return None
    paragraphs = [b for b in parser.blocks if len(b.split()) >= 8]
    if parser.max_depth <= _DEEP or not paragraphs:
        return None
    src = source.model_copy(update={"encoding": enc, "converted": converted})
    warning = {"code": "html_fallback",
               "message": f"tags nested {parser.max_depth} deep: paragraphs read without trafilatura"}
    return RawArticle(body="\n".join(paragraphs), title=_str(parser.title), lead=None, source=src,
                      meta={"warnings": [warning]})


def _str(v) -> Optional[str]:
    if isinstance(v, str) and v.strip():
        return v.strip()
    return None


def parse_html(data: Union[bytes, str], source: Source, charset: Optional[str] = None):
    """A ``RawArticle`` (or a ``Reject``) from one HTML page."""
    from ..ingest import RawArticle

    trafilatura = _import_trafilatura()
    if isinstance(data, bytes):
        page, enc, converted = _decode(data, charset)
    else:
        page, enc, converted = data, "utf-8", False
    try:
        doc = trafilatura.bare_extraction(page, url=source.url, with_metadata=True,
                                          include_comments=False, include_tables=True,
                                          include_images=False, deduplicate=False)
    except Exception as exc:  # a broken page never stops a run
        return reject(source, "unparsable HTML", f"{type(exc).__name__}: {exc}")
    if doc is None:
        return _deep_page(page, source, enc, converted) or reject(source, "no main text in the HTML page")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = _str(meta.get("text")) or ""
    title = _str(meta.get("title"))
    if title and body:
        first, _, rest = body.partition("\n")
        if first.strip() == title:
            body = rest.lstrip("\n")
    lead = _str(meta.get("description"))
    if lead and body and not body.startswith(lead[:60]) and lead[:60] not in body[:2000]:
        lead = None  # a <meta description> that is not the article's lead is noise
    elif lead and body and body.startswith(lead):
        lead = None  # already the first paragraph
    if not body.strip():
        return reject(source, "no main text in the HTML page")
    url = source.url or _str(meta.get("url"))  # a crawl's target URI wins over og:url
    site = _str(meta.get("sitename")) or _str(meta.get("hostname"))
    if site is None and url:
        site = urlsplit(url).hostname
    src = source.model_copy(update={
        "url": url,
        "site": site,
        "published": _str(meta.get("date")) or source.published,
        "encoding": enc,
        "converted": converted,
    })
    author = _str(meta.get("author"))
    return RawArticle(body=body, title=title, lead=lead, source=src,
                      meta={"author": author} if author else {})


def read_html_stream(stream, uri: str, index: Optional[int] = None):
    data = stream.read()
    source = Source(uri=uri, format="html", index=index)
    if not data.strip():
        return reject(source, "empty input: no text")
    from . import PendingHTML
    return PendingHTML(data=data, source=source)
