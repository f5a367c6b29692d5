"""The Pipeline object: ingest -> normalize -> segment -> extract -> resolve -> emit.

Both the CLI and the Python API use it::

    from pipeline import Pipeline
    nlp = Pipeline()
    record = nlp.process_text("Ngày 07/9/2009, Ban Bí thư ban hành Chỉ thị số 38-CT/TW ...")
    for rec in nlp.run(["articles/"]):   # records and rejects, in input order
        ...
"""
from __future__ import annotations

import hashlib
import traceback
from dataclasses import replace
from typing import Iterable, Iterator, Optional, Union

from .extract import build_nlp
from .ingest import RawArticle, read_inputs
from .normalize import normalize
from .resolve import resolve
from .encodings import fix_surrogates, repair_text
from .quality import check as quality_check
from .schema import Record, Reject, Source, Warning_
from .segment import build_doc, classify_lines

MAX_CHARS = 2_000_000  # longer inputs are rejected: an article this long is not an article


def doc_id_for(text: str, given: Optional[str] = None) -> str:
    if given:
        return given
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _one_line(s: Optional[str]) -> Optional[str]:
    if s is None:
        return None
    s = normalize(s).replace("\n", " ")
    return s or None


def _repair_encoding(raw: RawArticle) -> RawArticle:
    """Text fields that are legacy-encoded text read as cp1252 ("Céng hßa") become Unicode."""
    how = None
    fixed = {}
    for key in ("title", "lead", "body"):
        value = getattr(raw, key)
        if value:
            new, label = fix_surrogates(value)
            if label and label.endswith("U+FFFD"):
                if not isinstance(raw.meta, dict):
                    raw.meta = {}
                raw.meta.setdefault("warnings", []).append({"code": "invalid_characters", "message": label})
                fixed[key] = value = new
                label = None
            elif not label:
                new, label = repair_text(value)
            if label:
                fixed[key], how = new, how or label
    if not fixed:
        return raw
    if how is None:
        return replace(raw, **fixed)
    source = raw.source.model_copy(update={"encoding": how, "converted": True})
    return replace(raw, source=source, **fixed)


def _source_warnings(raw: RawArticle) -> list[dict]:
    """Warnings found while reading the input (``raw.meta["warnings"]``) and the conversion note."""
    meta = raw.meta if isinstance(raw.meta, dict) else {}
    out = [w for w in meta.get("warnings", []) if isinstance(w, dict) and {"code", "message"} <= w.keys()]
    if raw.source.converted and not any(w["code"] == "converted_encoding" for w in out):
        out.append({"code": "converted_encoding", "message": f"converted from {raw.source.encoding}"})
    return [{"code": str(w["code"]), "message": str(w["message"])} for w in out]


def _with_author(raw: RawArticle) -> Source:
    author = (raw.meta or {}).get("author")
    if author and not raw.source.author:
        return raw.source.model_copy(update={"author": str(author)})
    return raw.source


class Pipeline:
    """The vnx pipeline. ``components``/``exclude`` choose extractors by factory name."""

    def __init__(self, components: Optional[list[str]] = None, exclude: Optional[list[str]] = None,
                 tokens: bool = False, word_tokens: bool = False):
        """``tokens``: add the full word segmentation to each record. ``word_tokens``: make the
        Doc's tokens underthesea words for the whole article; by default the tokens are plain
        atoms and extractors ask for words only where they need them (``extractors.base.window_words``),
        which is several times faster and gives the same records."""
        self.nlp = build_nlp(components, exclude)
        self.tokens = tokens
        self.word_tokens = word_tokens or tokens

    # -- stages ---------------------------------------------------------------------------
    def assemble(self, raw: RawArticle) -> tuple[str, int | None, int]:
        """Normalized text, number of title lines and lead lines."""
        title, lead = _one_line(raw.title), _one_line(raw.lead)
        body = normalize(raw.body or "")
        parts = [p for p in (title, lead, body) if p]
        if raw.title is None and raw.lead is None:
            return body, None, 0
        return "\n".join(parts), (1 if title else 0), (1 if lead else 0)

    def make_doc(self, text: str, title_lines: int | None = None, lead_lines: int = 0):
        return build_doc(text, classify_lines(text, title_lines, lead_lines), vocab=self.nlp.vocab,
                         words=self.word_tokens)

    def extract(self, doc):
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return doc

    # -- whole articles -------------------------------------------------------------------
    def process(self, raw: RawArticle) -> Union[Record, Reject]:
        try:
            raw_len = sum(len(x) for x in (raw.title, raw.lead, raw.body) if x)
            if raw_len > 2 * MAX_CHARS:  # refuse before normalizing megabytes
                return Reject(source=raw.source, reason="input too long",
                              detail=f"{raw_len} characters before normalization; the limit is {MAX_CHARS}")
            raw = _repair_encoding(raw)
            text, title_lines, lead_lines = self.assemble(raw)
            if not text.strip():
                return Reject(source=raw.source, reason="empty text after normalization")
            if len(text) > MAX_CHARS:
                return Reject(source=raw.source, reason="input too long",
                              detail=f"{len(text)} characters; the limit is {MAX_CHARS}")
            verdict = quality_check(text)
            if verdict.reason:
                return Reject(source=raw.source, reason=verdict.reason, detail=verdict.detail)
            warnings = _source_warnings(raw) + verdict.warnings
            doc = self.extract(self.make_doc(text, title_lines, lead_lines))
            fields = resolve(doc)
            segs = doc.user_data.get("vnx_segments", [])
            title = next((text[s["start"]:s["end"]] for s in segs if s["kind"] == "title"), None)
            lead = next((text[s["start"]:s["end"]] for s in segs if s["kind"] == "lead"), None)
            record = Record(
                doc_id=doc_id_for(text, raw.id),
                source=_with_author(raw),
                title=title,
                lead=lead,
                text=text,
                segments=segs,
                tokens=[{"start": t.idx, "end": t.idx + len(t.text), "text": t.text}
                        for t in doc if not t.is_space] if self.tokens else None,
                **fields,
            )
            if warnings:
                record.warnings.extend(Warning_(**w) for w in warnings)
            return record
        except Exception as exc:  # one bad article never stops a run
            return Reject(source=raw.source, reason="internal error",
                          detail=f"{type(exc).__name__}: {exc} | "
                                 + traceback.format_exc(limit=3).replace("\n", " ")[-600:])

    def process_text(self, text: str, title: Optional[str] = None, lead: Optional[str] = None,
                     uri: Optional[str] = None, id: Optional[str] = None) -> Union[Record, Reject]:
        raw = RawArticle(body=text, title=title, lead=lead, id=id, source=Source(uri=uri, format="txt"))
        return self.process(raw)

    def run(self, inputs: Iterable[str], fmt: Optional[str] = None) -> Iterator[Union[Record, Reject]]:
        for item in read_inputs(inputs, fmt):
            yield item if isinstance(item, Reject) else self.process(item)
