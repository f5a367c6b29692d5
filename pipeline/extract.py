"""Extract stage: a spaCy ``Language`` holding the vnx extractor components in order."""
from __future__ import annotations

import spacy
from spacy.language import Language


def blank_vietnamese() -> Language:
    # Docs are built by the segment stage, so spaCy's own (pyvi) tokenizer is never used.
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def build_nlp(components: list[str] | None = None, exclude: list[str] | None = None) -> Language:
    """A blank Vietnamese pipeline with the registered vnx components added in order."""
    import extractors

    nlp = blank_vietnamese()
    for name in components if components is not None else extractors.COMPONENTS:
        if exclude and name in exclude:
            continue
        nlp.add_pipe(name)
    return nlp
