"""Helpers for tests and notebooks: build the Doc an extractor sees, without extracting."""
from __future__ import annotations

from spacy.tokens import Doc

from .normalize import normalize
from .segment import build_doc, classify_lines


def make_doc(text: str, title_lines: int | None = 0, lead_lines: int = 0,
             normalized: bool = False) -> Doc:
    """Normalize and segment ``text`` into a Doc (tokens, sentences, segments).

    By default every line is body text (``title_lines=0``), which is what extractor unit tests
    want; pass ``title_lines=None`` to let the layout be guessed as for a .txt file.
    """
    if not normalized:
        text = normalize(text)
    return build_doc(text, classify_lines(text, title_lines=title_lines, lead_lines=lead_lines))


def run_component(factory: str, text: str, **kwargs) -> Doc:
    """make_doc, then run one registered extractor component on it (``vnx_dates``, ...)."""
    from .extract import build_nlp

    nlp = build_nlp([factory])
    doc = make_doc(text, **kwargs)
    return nlp.get_pipe(factory)(doc)
