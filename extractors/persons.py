"""officials and people extractor (placeholder until its issue lands)."""
from __future__ import annotations

from spacy.tokens import Doc

from .base import register


def find(doc: Doc) -> dict[str, list[dict]]:
    return {"officials": [], "people": []}


FACTORY = register(("officials", "people"), find, name="vnx_persons")
