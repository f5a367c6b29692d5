"""models ("mô hình") and campaigns extractor (placeholder until its issue lands)."""
from __future__ import annotations

from spacy.tokens import Doc

from .base import register


def find(doc: Doc) -> dict[str, list[dict]]:
    return {"models": [], "campaigns": []}


FACTORY = register(("models", "campaigns"), find, name="vnx_models")
