"""Article structure: headings, photo captions and byline authors, from the segments."""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.segment import BYLINE_CREDIT

from .base import doc_text, register, segments

# Author separators inside a byline, and a trailing agency in parentheses: "A - B (TTXVN)".
_AUTHOR_SPLIT = re.compile(r"\s*(?:\s-\s|\s–\s|,|\bvà\b)\s*")
_AGENCY = re.compile(r"\s*\([^()]*\)\s*$")
_CREDIT = re.compile(r"^(?:Ảnh|Video|Nguồn|Theo)\s*:", re.IGNORECASE)


def _item(doc: Doc, start: int, end: int, **fields) -> dict:
    return {"start": start, "end": end, "text": doc_text(doc)[start:end], **fields}


def byline_authors(doc: Doc, start: int, end: int) -> list[dict]:
    """One item per name in the byline text[start:end]."""
    text = doc_text(doc)
    credit = BYLINE_CREDIT.match(text[start:end])
    if credit:
        start += credit.end()
    stop = end
    m = _AGENCY.search(text[start:end])
    if m:
        stop = start + m.start()
    if _CREDIT.match(text[start:stop]):
        return []
    out = []
    pos = start
    for part in _AUTHOR_SPLIT.split(text[start:stop]) + [None]:
        if part is None:
            break
        i = text.find(part, pos, stop) if part else -1
        if part and i >= 0:
            out.append(_item(doc, i, i + len(part), name=part))
            pos = i + len(part)
    return out


def find(doc: Doc) -> dict[str, list[dict]]:
    found = {"headings": [], "captions": [], "authors": []}
    for seg in segments(doc):
        kind, s, e = seg["kind"], seg["start"], seg["end"]
        if kind == "heading":
            found["headings"].append(_item(doc, s, e, name=doc_text(doc)[s:e]))
        elif kind == "caption":
            found["captions"].append(_item(doc, s, e, name=doc_text(doc)[s:e]))
        elif kind == "byline":
            found["authors"].extend(byline_authors(doc, s, e))
    return found


FACTORY = register(("headings", "captions", "authors"), find, name="vnx_structure")
