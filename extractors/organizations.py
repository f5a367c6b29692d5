"""organizations extractor (placeholder until its issue lands)."""
from __future__ import annotations

from spacy.tokens import Doc

from .base import register


def find(doc: Doc) -> list[dict]:
    return []


FACTORY = register("organizations", find)
