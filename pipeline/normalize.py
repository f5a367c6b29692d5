"""Normalize stage: raw article text -> the canonical text every offset points into.

Steps, in order:
1. Unicode NFC (decomposed Mac/NFD text becomes composed).
2. Zero-width characters, BOMs, soft hyphens and C0/C1 control characters are removed
   (tabs become spaces; line breaks are kept as paragraph boundaries).
3. Cyrillic/Greek look-alike letters inside Latin words ("hiệп" -> "hiện") become Latin.
3b. Old-style tone placement and look-alike letters ("hoà" -> "hòa", "Ð" -> "Đ") through
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


# Cyrillic/Greek look-alikes typed (or injected to dodge filters) inside Latin words:
# "Xuất hiệп" -> "Xuất hiện". Only words that also hold Latin letters are touched.
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "п": "n", "к": "k", "һ": "h", "ԁ": "d", "ӏ": "l", "ο": "o", "α": "a", "ν": "v", "ι": "i",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I",
    "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z",
})
_LOOKALIKE = re.compile("[%s]" % "".join(chr(k) for k in _HOMOGLYPHS))
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_NON_LATIN_LETTER = re.compile("[\u0370-\u052f]")


def _fix_homoglyph_word(m: re.Match) -> str:
    w = m.group(0)
    if not _LOOKALIKE.search(w) or not _LATIN_LETTER.search(w):
        return w
    fixed = w.translate(_HOMOGLYPHS)
    # only when every non-Latin letter was a look-alike (a real Cyrillic word stays)
    return fixed if not _NON_LATIN_LETTER.search(fixed) else w


def fix_homoglyphs(text: str) -> str:
    if not _LOOKALIKE.search(text):
        return text
    return _WORD.sub(_fix_homoglyph_word, text)


def normalize_words(text: str) -> str:
    # each distinct word once; most articles need no change at all, and then no substitution
    changed = {}
    for word in set(_WORD.findall(text)):
        fixed = _normalize_word(word)
        if fixed != word:
            changed[word] = fixed
    if not changed:
        return text
    return _WORD.sub(lambda m: changed.get(m.group(0), m.group(0)), text)


def normalize(text: str) -> str:
    """Return the normalized article text (NFC, clean white space, modern tone marks)."""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\t", " ")
    text = _CONTROL.sub("", text)
    text = text.replace("Ð", "Đ").replace("ð", "đ")
    text = fix_homoglyphs(text)
    text = normalize_words(text)
    text = unicodedata.normalize("NFC", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
