"""Normalize stage: raw article text -> the canonical text every offset points into.

Steps, in order:
1. Unicode NFC (decomposed Mac/NFD text becomes composed).
2. Zero-width characters, BOMs, soft hyphens and C0/C1 control characters are removed
   (tabs become spaces; line breaks are kept as paragraph boundaries).
3. Old-style tone placement and look-alike letters ("hoà" -> "hòa", "Ð" -> "Đ") through
   underthesea's token normalizer, applied word by word so spacing is never changed.
4. White space: runs of spaces collapse to one, lines are stripped, blank lines dropped,
   line breaks normalized to "\\n".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from underthesea.pipeline.text_normalize import token_normalize

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n|\r|\u2028|\u2029|\x85|\x0b|\x0c")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=200_000)
def _normalize_word(word: str) -> str:
    if word.isascii():
        return word
    out = token_normalize(word)
    # underthesea may change a word's length only in ways we do not want (e.g. splitting);
    # keep the original in that case so the text stays a faithful copy.
    return out if out and " " not in out else word


def normalize_words(text: str) -> str:
    return _WORD.sub(lambda m: _normalize_word(m.group(0)), text)


def normalize(text: str) -> str:
    """Return the normalized article text (NFC, clean white space, modern tone marks)."""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = text.replace("Ð", "Đ").replace("ð", "đ")
    text = normalize_words(text)
    text = unicodedata.normalize("NFC", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
