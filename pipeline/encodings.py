"""Decoding article bytes to Unicode text.

``decode_bytes(data) -> (text, encoding_name, converted)``: UTF-8 (with or without BOM) and
UTF-16 with a BOM. Raises ``DecodeError`` with a precise reason otherwise.
"""
from __future__ import annotations


class DecodeError(ValueError):
    pass


def decode_bytes(data: bytes) -> tuple[str, str, bool]:
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig", False
        except UnicodeDecodeError as exc:
            raise DecodeError(f"not UTF-8 text after the BOM: undecodable byte at position {exc.start + 3}") from exc
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16", errors="strict"), "utf-16", False
        except UnicodeDecodeError as exc:
            raise DecodeError(f"broken UTF-16 text: undecodable bytes at position {exc.start}") from exc
    try:
        return data.decode("utf-8", errors="strict"), "utf-8", False
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not UTF-8 text: undecodable byte at position {exc.start}") from exc
