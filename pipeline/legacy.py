"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC) and VNI, plus a Vietnamese-ness score.

The byte tables live in ``pipeline/data/encodings_<name>.json`` (``{"decode": {"B5": "à", ...}}``:
byte in hex -> Unicode letter or combining marks; bytes not listed decode as Latin-1). From a
table we build:

* ``decode_legacy(data, name)`` — bytes -> NFC text;
* ``repair_misdecoded(text, name)`` — the same conversion for text that was already decoded
  with cp1252/Latin-1 ("Céng hßa X· héi" -> "Cộng hòa Xã hội");
* ``encode_legacy(text, name)`` — Unicode -> legacy bytes (used by the round-trip tests and for
  producing test fixtures).

``viet_score(text)`` counts how many non-ASCII words are well-formed Vietnamese syllables: the
detectors in ``pipeline.encodings`` pick the reading that scores best.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA = Path(__file__).resolve().parent / "data"
LEGACY_NAMES = ("tcvn3", "vni")

# cp1252 puts printable characters at 0x80-0x9F where Latin-1 has C1 controls.
_CP1252_HIGH = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0)
                if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}

# --- Vietnamese letters and syllables --------------------------------------------------------
TONES = {"\u0300": "huyền", "\u0301": "sắc", "\u0309": "hỏi", "\u0303": "ngã", "\u0323": "nặng"}
_BASE_VOWELS = "aăâeêioôơuưy"


def _vietnamese_letters() -> str:
    out = ["đ", "Đ"]
    for v in _BASE_VOWELS:
        for mark in ("",) + tuple(TONES):
            ch = unicodedata.normalize("NFC", v + mark)
            out += [ch, ch.upper()]
    return "".join(sorted(set(out)))


VIET_LETTERS = _vietnamese_letters()          # every non-ASCII letter of Vietnamese (NFC)
VIET_ONLY = "".join(c for c in VIET_LETTERS if ord(c) > 0xFF)  # outside Latin-1: ạ, ế, ư, ơ, đ ...
_VIET_SET = frozenset(VIET_LETTERS)

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEUS = "[aăâeêioôơuưy]{1,3}"
_CODA = "(?:ch|ng|nh|[cmnptiyou])?"
_SYLLABLE = re.compile(f"{_ONSET}{_NUCLEUS}{_CODA}")
_TONE_RE = re.compile("[\u0300\u0301\u0309\u0303\u0323]")


@lru_cache(maxsize=100_000)
def is_syllable(word: str) -> bool:
    """True when ``word`` (letters only) is a well-formed Vietnamese syllable (at most one tone)."""
    w = unicodedata.normalize("NFD", word.lower())
    if len(_TONE_RE.findall(w)) > 1:
        return False
    w = unicodedata.normalize("NFC", _TONE_RE.sub("", w))
    return len(w) <= 7 and _SYLLABLE.fullmatch(w) is not None


_EDGE = "\"'()[]{}<>.,;:!?…“”‘’«»–—-/\\*&%$#@+=|~^`_"


class VietScore(NamedTuple):
    valid: int      # non-ASCII words that are Vietnamese syllables
    invalid: int    # non-ASCII words that are not
    words: int      # all words looked at

    @property
    def net(self) -> int:
        return self.valid - 2 * self.invalid


def viet_score(text: str, limit: int = 20_000) -> VietScore:
    """Score the first ``limit`` characters: words with non-ASCII letters, valid or not."""
    valid = invalid = words = 0
    for tok in text[:limit].split():
        tok = tok.strip(_EDGE)
        if not tok:
            continue
        words += 1
        if tok.isascii():
            continue
        tok = unicodedata.normalize("NFC", tok)
        if all(c.isascii() and c.isalpha() or c in _VIET_SET for c in tok) and is_syllable(tok):
            valid += 1
        else:
            invalid += 1
    return VietScore(valid, invalid, words)


# --- tables ---------------------------------------------------------------------------------
class Table(NamedTuple):
    name: str
    byte_map: dict          # ord(latin-1 char of the byte) -> Unicode (decode bytes)
    char_map: dict          # ord(cp1252/latin-1 char) -> Unicode (repair mis-decoded text)
    encoder: dict           # Unicode letter -> bytes


@lru_cache(maxsize=None)
def table(name: str) -> Table:
    if name not in LEGACY_NAMES:
        raise KeyError(f"unknown legacy encoding {name!r}")
    raw = json.loads((DATA / f"encodings_{name}.json").read_text(encoding="utf-8"))["decode"]
    byte_map = {int(k, 16): v for k, v in raw.items()}
    char_map = dict(byte_map)
    for ch, b in _CP1252_HIGH.items():
        if b in byte_map:
            char_map[ord(ch)] = byte_map[b]
    return Table(name, byte_map, char_map, _build_encoder(byte_map))


def _build_encoder(byte_map: dict) -> dict:
    """Unicode letter -> shortest byte sequence decoding to it (single byte, or letter + mark)."""
    def dec(bs: bytes) -> str:
        return unicodedata.normalize("NFC", "".join(byte_map.get(b, chr(b)) for b in bs))

    enc: dict[str, bytes] = {}
    for b in range(0x20, 0x100):
        if b in byte_map and len(dec(bytes([b]))) == 1:
            enc.setdefault(dec(bytes([b])), bytes([b]))
    marks = [b for b, v in byte_map.items() if all(unicodedata.combining(c) for c in v)]
    bases = [ord(c) for c in _BASE_VOWELS.replace("ă", "").replace("â", "").replace("ê", "")
             .replace("ô", "").replace("ơ", "").replace("ư", "")]
    bases += [ord(c.upper()) for c in "aeiouy"]
    bases += [b for b, v in byte_map.items() if len(v) == 1 and v.lower() in "ơư"]
    for base in sorted(bases):
        lower = chr(base).islower()
        for m in sorted(marks, key=lambda m: ((m >= 0xE0) != lower, m)):  # mark of the same case
            s = dec(bytes([base, m]))
            if len(s) == 1:
                enc.setdefault(s, bytes([base, m]))
    return enc


# --- conversions ----------------------------------------------------------------------------
_TCVN_CAPS_WORD = re.compile(r"\w+")


def _tcvn_caps(text: str) -> str:
    """TCVN3 has no toned capitals: upper-case fonts draw lower-case codes. A word whose other
    letters are all capitals ("CộNG") is an upper-case word ("CỘNG")."""
    def fix(m: re.Match) -> str:
        w = m.group(0)
        if w.isupper() or w.islower():
            return w
        ups = sum(c.isupper() for c in w)
        lows = [c for c in w if c.islower()]
        if ups >= 2 and all(ord(c) > 0x7F and c in _VIET_SET for c in lows):
            return w.upper()
        return w
    text = _TCVN_CAPS_WORD.sub(fix, text)
    # a line whose ASCII letters are all capitals was typed in the upper-case font ("XÃ")
    text = _TCVN_CAPS_LINE.sub(lambda m: m.group(0).upper(), text)
    # a toned capital opening a sentence was typed in the upper-case font: "ñy ban" -> "Ủy ban"
    return _TCVN_SENT_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


_TCVN_CAPS_LINE = re.compile(r"^(?=(?:[^a-z\n]*[A-Z]){3})[^a-z\n]+$", re.M)
_TCVN_SENT_START = re.compile(r"((?:^|[.!?][\"”’)]?[ \t]+|\n)[\"“‘(]?)([%s])" % "".join(
    c for c in VIET_LETTERS if c.islower() and ord(c) > 0x7F), re.M)


def decode_legacy(data: bytes, name: str) -> str:
    """Bytes in TCVN3 or VNI -> NFC Unicode text."""
    t = table(name)
    text = unicodedata.normalize("NFC", data.decode("latin-1").translate(t.byte_map))
    return _tcvn_caps(text) if name == "tcvn3" else text


def repair_misdecoded(text: str, name: str) -> str:
    """Text that was legacy bytes read as cp1252/Latin-1 -> the intended NFC Unicode text."""
    t = table(name)
    out = unicodedata.normalize("NFC", text.translate(t.char_map))
    return _tcvn_caps(out) if name == "tcvn3" else out


def encode_legacy(text: str, name: str, errors: str = "strict") -> bytes:
    """NFC Unicode -> legacy bytes. Toned capitals have no TCVN3 code: they become the
    lower-case code (what an upper-case .VnTimeH font would show). ``errors``: strict or replace."""
    t = table(name)
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
            continue
        code = t.encoder.get(ch)
        if code is None and name == "tcvn3":
            code = t.encoder.get(ch.lower())
        if code is None:
            if errors == "replace":
                out.append(ord("?"))
                continue
            raise UnicodeEncodeError(name, text, 0, 1, f"{ch!r} has no {name} code")
        out += code
    return bytes(out)


def to_cp1252_bytes(text: str) -> bytes | None:
    """The bytes a cp1252/Latin-1 reading turned into ``text``; None if some character could
    not have come from such a reading."""
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if o < 0x100:
            out.append(o)
        elif ch in _CP1252_HIGH:
            out.append(_CP1252_HIGH[ch])
        else:
            return None
    return bytes(out)
