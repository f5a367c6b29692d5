"""Decoding article bytes to Unicode text, whatever the archive did to them.

``decode_bytes(data) -> (text, encoding_name, converted)`` (raises ``DecodeError`` with a
precise reason) and ``decode(data) -> Decoded`` (the same plus warnings) handle, in order:

1. binary files recognised by their magic bytes (PDF, PNG, JPEG, GIF, ZIP/DOCX, gzip, bzip2,
   xz, 7z, RAR, OLE2 .doc/.xls, RTF, ELF, SQLite, MP4 ...) and NUL-ridden data -> ``DecodeError``;
2. BOMs: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE;
3. UTF-16 without a BOM (NUL bytes at every other position);
4. UTF-8 — including a multi-byte character cut by truncation (dropped, warning ``truncated``)
   and a few invalid bytes in otherwise good UTF-8 (replaced by U+FFFD, warning ``invalid_bytes``);
5. legacy 8-bit Vietnamese: Windows-1258 (combining tone marks), TCVN3/ABC and VNI, scored by
   how many words become well-formed Vietnamese syllables; Windows-1252 as the last resort;
6. text that is valid Unicode but was mis-decoded on its way here ("Céng hßa X· héi",
   "Coäng hoøa", "Cá»™ng hÃ²a"): ``repair_text`` re-reads it as TCVN3, VNI, UTF-8 or
   Windows-1258 when that turns gibberish into Vietnamese.

Converted text is NFC. ``converted`` is True whenever the text is not the input's own UTF-8/16/32.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple, Optional

from .legacy import VIET_ONLY, decode_legacy, repair_misdecoded, to_cp1252_bytes, viet_score, VietScore

SAMPLE = 65_536          # bytes/characters looked at when guessing an encoding


class DecodeError(ValueError):
    pass


class Decoded(NamedTuple):
    text: str
    encoding: str
    converted: bool
    warnings: list       # [{"code", "message"}]


def _w(code: str, message: str) -> dict:
    return {"code": code, "message": message}


# --- binary files ---------------------------------------------------------------------------
_MAGIC: list[tuple[int, bytes, str]] = [
    (0, b"%PDF-", "PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/ODT/EPUB)"),
    (0, b"PK\x05\x06", "empty ZIP archive"),
    (0, b"PK\x07\x08", "ZIP archive"),
    (0, b"\x1f\x8b", "gzip-compressed data"),
    (0, b"BZh", "bzip2-compressed data"),
    (0, b"\xfd7zXZ\x00", "xz-compressed data"),
    (0, b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (.doc/.xls/.ppt)"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"RIFF", "RIFF media (WAV/AVI/WebP)"),
    (0, b"OggS", "Ogg media"),
    (0, b"fLaC", "FLAC audio"),
    (0, b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
    (0, b"wOFF", "WOFF font"),
    (0, b"wOF2", "WOFF2 font"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (4, b"ftyp", "MP4/QuickTime media"),
]


def sniff_binary(data: bytes) -> Optional[str]:
    """The kind of binary file ``data`` starts like, or None."""
    for offset, magic, kind in _MAGIC:
        if data[offset:offset + len(magic)] == magic:
            return kind
    head = data[:4]
    if head in (b"MZ\x90\x00", b"MZ\x00\x00") or (data[:2] == b"MZ" and b"\x00" in data[2:64]):
        return "Windows executable"
    if data[:3] == b"ID3" and b"\x00" in data[3:10]:
        return "MP3 audio"
    return None


# --- UTF-8/16/32 ----------------------------------------------------------------------------
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
]


def _utf8(data: bytes, offset: int = 0) -> tuple[Optional[str], list]:
    """Decode UTF-8, tolerating a cut last character and a few bad bytes. (None, []) if not UTF-8."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc
    if first.reason == "unexpected end of data" and len(data) - first.start < 4:
        try:
            text = data[:first.start].decode("utf-8")
            return text, [_w("truncated", f"the input ends inside a UTF-8 character "
                                          f"(byte {first.start + offset}): {len(data) - first.start} byte(s) dropped")]
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    good_multibyte = sum(1 for c in text[:SAMPLE] if ord(c) > 0x7F and c != "\ufffd")
    if bad <= max(3, len(data) // 2000) and good_multibyte >= 4 * bad:
        return text, [_w("invalid_bytes", f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD "
                                          f"(first at byte {first.start + offset})")]
    return None, []


def _utf16_without_bom(data: bytes) -> Optional[str]:
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.2 * half and even < 0.02 * half:
        codec = "utf-16-le"
    elif even > 0.2 * half and odd < 0.02 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        return codec + "\n" + data.decode(codec)
    except UnicodeDecodeError:
        return None


# --- 8-bit encodings ------------------------------------------------------------------------
_LEGACY_ORDER = ("windows-1258", "tcvn3", "vni")
_C0 = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def _decode_8bit(data: bytes, name: str) -> Optional[str]:
    try:
        if name == "windows-1258":
            return unicodedata.normalize("NFC", data.decode("cp1258"))
        if name == "windows-1252":
            return data.decode("cp1252")
        return decode_legacy(data, name)
    except UnicodeDecodeError:
        return None


def _better(cand: VietScore, base: VietScore) -> bool:
    """Is ``cand`` clearly more Vietnamese than ``base``?"""
    n = cand.valid + cand.invalid
    if cand.valid < 2 or cand.invalid > 0.15 * n:
        return False
    return cand.net >= base.net + max(2, (base.valid + base.invalid) // 5)


def guess_8bit(data: bytes) -> tuple[str, str]:
    """(text, encoding) for bytes that are not UTF-8: the legacy encoding that reads as the most
    Vietnamese, else Windows-1252 if the result is text, else ``DecodeError``."""
    sample = data[:SAMPLE]
    scores = []
    for name in _LEGACY_ORDER:
        text = _decode_8bit(sample, name)
        if text is not None:
            scores.append((viet_score(text).net, -_LEGACY_ORDER.index(name), name, viet_score(text)))
    if scores:
        _, _, name, sc = max(scores)
        if sc.valid >= 1 and sc.invalid <= 0.15 * (sc.valid + sc.invalid):
            text = _decode_8bit(data, name)
            if text is not None:
                return text, name
    text = _decode_8bit(data, "windows-1252")
    if text is None:  # bytes cp1252 leaves undefined (0x81, 0x8D, ...)
        text = data.decode("latin-1")
    controls = len(_C0.findall(text[:SAMPLE]))
    if controls > max(2, len(text[:SAMPLE]) // 100):
        raise DecodeError(f"binary data: {controls} control bytes in the first {min(len(data), SAMPLE)} bytes, "
                          "not UTF-8 and not a known Vietnamese encoding")
    return text, "windows-1252"


# --- text that was mis-decoded before it reached us -----------------------------------------
# Characters a cp1252/Latin-1 reading of TCVN3, VNI or UTF-8 bytes produces and Vietnamese
# text does not use: Latin-1 symbols and non-Vietnamese letters (soft hyphen included).
_HINTS = re.compile("[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce\u00cf\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df"
                    "\u00e4-\u00e7\u00eb\u00ee\u00ef\u00f0\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff"
                    "\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a]")


_VIET_ONLY = re.compile(f"[{VIET_ONLY}]")


def _cp1258_reread(text: str) -> Optional[str]:
    b = to_cp1252_bytes(text)
    if b is None:
        return None
    try:
        return unicodedata.normalize("NFC", b.decode("cp1258"))
    except UnicodeDecodeError:
        return None


def _utf8_reread(text: str) -> Optional[str]:
    b = to_cp1252_bytes(text)
    if b is None:
        return None
    try:
        return b.decode("utf-8")
    except UnicodeDecodeError:
        return None


_REREADS = (
    ("utf-8", _utf8_reread),
    ("tcvn3", lambda t: repair_misdecoded(t, "tcvn3")),
    ("vni", lambda t: repair_misdecoded(t, "vni")),
    ("windows-1258", _cp1258_reread),
)


def repair_text(text: str) -> tuple[str, Optional[str]]:
    """Undo a wrong cp1252/Latin-1 reading of TCVN3, VNI, UTF-8 or Windows-1258 text.

    Returns (text, None) when nothing is to be done (always the case for ordinary Unicode
    Vietnamese or English), else (repaired NFC text, "<encoding> (read as windows-1252)").
    """
    sample = text[:SAMPLE]
    hints = len(_HINTS.findall(sample))
    if hints < 2:
        return text, None
    # letters outside Latin-1 (ạ, ế, ư, ơ, đ ...) never come out of a cp1252 reading: text rich in
    # them is real Unicode Vietnamese, whatever symbols it also holds
    if len(_VIET_ONLY.findall(sample)) >= hints:
        return text, None
    base = viet_score(sample)
    best = None
    for order, (name, reread) in enumerate(_REREADS):
        cand = reread(sample)
        if cand is None or cand == sample:
            continue
        sc = viet_score(cand)
        if _better(sc, base) and len(_HINTS.findall(cand)) < hints / 2:
            key = (sc.net, -order)
            if best is None or key > best[0]:
                best = (key, name, reread)
    if best is None:
        return text, None
    _, name, reread = best
    fixed = reread(text)
    if fixed is None:  # the whole text does not re-read (e.g. a bad byte after the sample)
        return text, None
    return fixed, f"{name} (read as windows-1252)"


# --- lone surrogates ------------------------------------------------------------------------
_SURROGATE = re.compile("[\ud800-\udfff]")


def fix_surrogates(text: str) -> tuple[str, Optional[str]]:
    """Lone surrogates (undecodable bytes kept by ``surrogateescape``, or ``\\udXXX`` escapes in
    JSON) cannot be written as UTF-8. Bytes kept by surrogateescape are decoded again with
    ``decode`` (legacy encodings included); anything else becomes U+FFFD.
    Returns (text, None) when there is none, else (text, what was done)."""
    if not _SURROGATE.search(text):
        return text, None
    if all(ord(c) < 0x80 or 0xDC80 <= ord(c) <= 0xDCFF for c in text):
        # nothing was decoded: these are the input's own bytes, in some 8-bit encoding
        try:
            d = decode(text.encode("utf-8", "surrogateescape"))
            if not _SURROGATE.search(d.text):
                return d.text, d.encoding
        except (UnicodeEncodeError, DecodeError):
            pass
    n = len(_SURROGATE.findall(text))
    return _SURROGATE.sub("\ufffd", text), f"{n} lone surrogate(s) replaced by U+FFFD"


# --- entry points ---------------------------------------------------------------------------
def decode(data: bytes) -> Decoded:
    """Bytes -> ``Decoded(text, encoding, converted, warnings)``; ``DecodeError`` if not text."""
    kind = sniff_binary(data)
    if kind:
        raise DecodeError(f"binary file: {kind} (starts with bytes {data[:8].hex(' ')})")
    warnings: list = []
    text = None
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if codec == "utf-8":
                text, warnings = _utf8(body, len(bom))
                if text is None:
                    raise DecodeError("not UTF-8 text after the UTF-8 BOM: too many invalid bytes")
            else:
                try:
                    text = body.decode(codec)
                except UnicodeDecodeError as exc:
                    if exc.reason in ("truncated data", "unexpected end of data") and len(body) - exc.start < 4:
                        text = body[:exc.start].decode(codec)
                        warnings = [_w("truncated", f"the input ends inside a {label.upper()} character")]
                    else:
                        raise DecodeError(f"broken {label.upper()} text: undecodable bytes at position "
                                          f"{exc.start + len(bom)}") from exc
            enc = label
            break
    if text is None:
        u16 = _utf16_without_bom(data)
        if u16 is not None:
            enc, text = u16.split("\n", 1)
        else:
            nuls = data[:SAMPLE].count(0)
            if nuls:
                raise DecodeError(f"binary data: {nuls} NUL byte(s) in the first {min(len(data), SAMPLE)} bytes "
                                  f"(first at byte {data.index(0)})")
            text, warnings = _utf8(data)
            enc = "utf-8"
            if text is None:
                text, enc = guess_8bit(data)
                return Decoded(text, enc, True, [_w("converted_encoding", f"converted from {enc}")])
    fixed, how = repair_text(text)
    if how:
        return Decoded(fixed, how, True, warnings + [_w("converted_encoding", f"converted from {how}")])
    return Decoded(text, enc, False, warnings)


def decode_fields(fields: list[bytes]) -> tuple[list[str], str, bool]:
    """Several byte strings from one source (the cells of a CSV row). Cells that are UTF-8
    stay as they are; the others are read in the encoding told from all of them together
    (one short cell is too little to tell TCVN3 from VNI). Returns (texts, encoding of the
    cells that were not UTF-8, converted); ``DecodeError`` if those are not text."""
    def utf8(f: bytes) -> str | None:
        try:
            return f.decode("utf-8")
        except UnicodeDecodeError:
            return None

    texts = [utf8(f) for f in fields]
    bad = [f for f, t in zip(fields, texts) if t is None]
    if not bad:
        return texts, "utf-8", False
    d = decode(b"\n".join(bad))
    legacy = d.converted and (d.encoding in _LEGACY_ORDER or d.encoding.startswith("windows-"))
    out = []
    for f, t in zip(fields, texts):
        if t is None:
            t = _decode_8bit(f, d.encoding) if legacy else None
            if t is None:
                t = decode(f).text
        out.append(t)
    return out, d.encoding, d.converted


def decode_bytes(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding_name, converted); raises ``DecodeError`` with a precise reason."""
    d = decode(data)
    return d.text, d.encoding, d.converted
