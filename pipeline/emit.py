"""Emit stage: records and rejects as JSON Lines (deterministic bytes)."""
from __future__ import annotations

import json
from typing import IO, Union

from .schema import Record, Reject


def to_json(obj: Union[Record, Reject]) -> str:
    data = obj.model_dump(mode="json", exclude_none=False)
    if isinstance(obj, Record) and data.get("tokens") is None:
        data.pop("tokens", None)
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


class JsonlWriter:
    """Writes one JSON object per line to a text stream."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.count = 0

    def write(self, obj: Union[Record, Reject]) -> None:
        self.stream.write(to_json(obj))
        self.stream.write("\n")
        self.count += 1

    def flush(self) -> None:
        self.stream.flush()
