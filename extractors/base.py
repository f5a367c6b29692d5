"""Shared machinery for extractors.

Every extractor is a spaCy component: a function ``find(doc) -> list[dict]`` wrapped by
``register(kind, find)`` into a factory named ``vnx_<kind>``. Each item is a plain dict with
``start``/``end`` character offsets into ``doc.text`` and ``text == doc.text[start:end]``,
plus the fields of its kind in ``pipeline/schema.py``. The component stores the items in
``doc.spans[kind]`` (spans expanded to token boundaries, for display and for other
components) and the exact items, in the same order, in ``doc.user_data[("vnx", kind)]``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

FindFn = Callable[[Doc], list]


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("vnx_text")
    if text is None:
        text = doc.user_data["vnx_text"] = doc.text
    return text


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences, computed once per Doc."""
    bounds = doc.user_data.get("vnx_sents")
    if bounds is None:
        text = doc_text(doc)
        bounds = []
        for sent in (doc.sents if len(doc) else ()):
            s, e = sent.start_char, sent.end_char
            e = s + len(text[s:e].rstrip())  # a line break after the sentence is not part of it
            if e > s:
                bounds.append((s, e))
        doc.user_data["vnx_sents"] = bounds
    return bounds


def window_words(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """underthesea words of text[start:end] segmented on their own (cached on the Doc).

    Words are segmented lazily, only where an extractor reads them (a few words after an
    anchor): segmenting a whole article costs more than all the extractors together."""
    from pipeline.segment import word_spans

    cache: dict = doc.user_data.setdefault("vnx_window_words", {})
    key = (start, end)
    if key not in cache:
        cache[key] = word_spans(doc_text(doc), start, end)
    return cache[key]


class WordStarts:
    """``pos in WordStarts(doc)``: does an underthesea word start at ``pos``?

    With word tokens in the Doc this is a set lookup; otherwise a window of a few words around
    ``pos`` is segmented on first use (``window_words``), so only what an extractor asks about is."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.eager = doc.user_data.get("vnx_word_tokens", True)
        self._starts = {t.idx for t in doc} if self.eager else set()
        self._bounds = sentence_bounds(doc)
        self._sent_starts = [b[0] for b in self._bounds]
        self._done: set[int] = set()

    def __contains__(self, pos: int) -> bool:
        if pos in self._starts:
            return True
        if not self.eager and pos not in self._done:
            from bisect import bisect_right

            i = bisect_right(self._sent_starts, pos) - 1
            if i >= 0:
                # a window of a few words on each side of ``pos``, inside its sentence
                s, e = self._bounds[i]
                text = doc_text(self.doc)
                a = text.rfind(" ", s, max(s, pos - self.REACH))
                a = s if a < 0 else a + 1
                b = text.find(" ", min(e, pos + self.REACH), e)
                b = e if b < 0 else b
                words = window_words(self.doc, a, b)
                if a > s and words:  # the window's first word may be cut short: leave it out
                    words = words[1:]
                self._starts.update(w0 for w0, _ in words)
                if words:
                    self._done.update(range(words[0][0], b))
                self._done.add(pos)
        return pos in self._starts

    REACH = 30


def write_items(doc: Doc, kind: str, items: Iterable[dict]) -> list[dict]:
    items = sorted(items, key=lambda it: (it["start"], it["end"]))
    text = doc_text(doc)
    spans = []
    for it in items:
        if text[it["start"]:it["end"]] != it.get("text", text[it["start"]:it["end"]]):
            raise ValueError(f"{kind}: offsets do not slice to the item's text: {it!r}")
        it.setdefault("text", text[it["start"]:it["end"]])
        span = doc.char_span(it["start"], it["end"], label=kind, alignment_mode="expand")
        if span is None and len(doc):
            tok = max(0, min(len(doc) - 1, _token_at(doc, it["start"])))
            span = doc[tok:tok + 1]
        if span is not None:
            spans.append(span)
    doc.spans[kind] = spans
    doc.user_data[("vnx", kind)] = items
    return items


def read_items(doc: Doc, kind: str) -> list[dict]:
    return doc.user_data.get(("vnx", kind), [])


def segments(doc: Doc) -> list[dict]:
    return doc.user_data.get("vnx_segments", [])


def _token_at(doc: Doc, char: int) -> int:
    for tok in doc:
        if tok.idx + len(tok.text) > char:
            return tok.i
    return len(doc) - 1


class _Component:
    def __init__(self, kinds: str | tuple[str, ...], find: FindFn):
        self.kinds = kinds
        self.find = find

    def __call__(self, doc: Doc) -> Doc:
        found = self.find(doc)
        if isinstance(self.kinds, str):
            write_items(doc, self.kinds, found)
        else:
            for kind in self.kinds:
                write_items(doc, kind, found.get(kind, []))
        return doc


def register(kinds: str | tuple[str, ...], find: FindFn, name: str | None = None) -> str:
    """Register ``find`` as the spaCy factory ``vnx_<name>`` and return the factory name.

    With one kind, ``find(doc)`` returns that kind's items; with a tuple of kinds it returns a
    dict ``{kind: items}``.
    """
    name = name or f"vnx_{kinds if isinstance(kinds, str) else kinds[0]}"
    if not Language.has_factory(name):
        Language.factory(name)(lambda nlp, name, _k=kinds, _f=find: _Component(_k, _f))
    return name


@lru_cache(maxsize=None)
def data_text(name: str) -> str:
    """A data file shipped in ``extractors/data`` as text."""
    return resources.files("extractors").joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def data_json(name: str):
    return json.loads(data_text(name))


@lru_cache(maxsize=None)
def data_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a shipped text lexicon (``#`` starts a comment)."""
    out = []
    for line in data_text(name).splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return tuple(out)


def alternation(words: Iterable[str], ignore_case: bool = False, space: str = " ") -> str:
    """A regex alternation of ``words`` built as a prefix trie.

    It matches exactly what the words sorted longest first and joined by ``|`` match, with the
    same preference (the longest word that lets the rest of the pattern match), but the engine
    follows one path through the trie instead of trying every word at every position: several
    times faster on lexicons of hundreds of entries. ``ignore_case`` folds the words to lower
    case (for patterns compiled with re.IGNORECASE, where case variants must share a path);
    ``space`` is what a space in a word becomes (" " or r"\\s")."""
    root: dict = {}
    for word in words:
        node = root
        for ch in (word.lower() if ignore_case else word):
            node = node.setdefault(ch, {})
        node[""] = None  # a word ends here

    def build(node: dict) -> str:
        branches = [(space if ch == " " else re.escape(ch)) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # a word may end here: try the longer words first (greedy), then stop
        return "(?:" + body + ")?" if "" in node else body

    if not root:
        return "(?!)"
    return build(root)
