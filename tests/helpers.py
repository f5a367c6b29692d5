"""Assertions shared by several test modules."""
from __future__ import annotations

import unicodedata


def spanned_items(record: dict):
    """Every dict in the record that carries start/end/text (items, mentions, segments)."""
    stack = [(k, v) for k, v in record.items() if k not in ("text", "source")]
    while stack:
        key, value = stack.pop()
        if isinstance(value, dict):
            if {"start", "end", "text"} <= value.keys():
                yield key, value
            stack.extend(value.items())
        elif isinstance(value, list):
            stack.extend((key, v) for v in value)


def assert_offsets_valid(record: dict) -> int:
    text = record["text"]
    n = 0
    for key, item in spanned_items(record):
        assert 0 <= item["start"] <= item["end"] <= len(text), (key, item)
        assert text[item["start"]:item["end"]] == item["text"], (key, item)
        n += 1
    for seg in record.get("segments", []):
        assert 0 <= seg["start"] < seg["end"] <= len(text)
    return n


def component_items(factory: str, kind: str, text: str, **kwargs) -> list[dict]:
    """Run one extractor component on ``text`` and return its items of ``kind``, after checking
    that every item and mention slices the text to its own ``text``."""
    from extractors.base import read_items
    from pipeline.testing import run_component

    doc = run_component(factory, text, **kwargs)
    items = read_items(doc, kind)
    for it in items:
        assert doc.text[it["start"]:it["end"]] == it["text"], it
        for m in it.get("mentions") or []:
            assert doc.text[m["start"]:m["end"]] == m["text"], m
    return items


def gold_articles(corpora, field: str, folders=("seed", "dev")):
    """(gold, article text) for every gold file under ``corpora/<folder>`` annotated for
    ``field``, in a stable order."""
    import json

    for folder in folders:
        for gf in sorted((corpora / folder).glob("*.gold.json")):
            gold = json.loads(gf.read_text(encoding="utf-8"))
            if field in gold:
                text = gf.with_name(gf.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
                yield gold, text


def to_cp1258(text: str) -> bytes:
    """Windows-1258 the way Vietnamese Windows wrote it: base letter + combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tone))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)
