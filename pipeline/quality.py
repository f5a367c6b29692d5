"""Is this text a Vietnamese article we can extract from? Checks on the normalized text.

``check(text) -> Verdict(reason, detail, warnings)``: ``reason`` is set when the text must be
rejected (the pipeline then emits a reject with that reason and detail); ``warnings`` are
``{"code", "message"}`` dicts attached to the record otherwise. Every check is a linear scan.

Rejects: ``not Vietnamese text`` (another script, or a long Latin text that is neither written
with Vietnamese diacritics nor made of Vietnamese syllables), ``not prose`` (mostly
replacement characters, symbols or giant tokens: binary junk, base64, minified code; or
50,000+ characters without sentence punctuation).

Warnings: ``not_vietnamese`` (short text that does not look Vietnamese), ``no_diacritics``
(Vietnamese typed without tone marks), ``mixed_script``, ``all_caps``, ``no_punctuation`` (a very
long stretch without sentence punctuation), ``html_debris`` (tags or entities left in the text),
``replacement_chars`` (U+FFFD from undecodable bytes), ``long_tokens``.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

from .legacy import VIET_LETTERS, is_syllable

_VIET_MARKED = frozenset(c for c in VIET_LETTERS if ord(c) > 0x7F)
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_NON_LATIN = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0e7f\u0e80-\u0eff"
    "\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff]")
_SCRIPTS = [("Greek", "\u0370", "\u03ff"), ("Cyrillic", "\u0400", "\u052f"), ("Hebrew", "\u0590", "\u05ff"),
            ("Arabic", "\u0600", "\u06ff"), ("Indic", "\u0900", "\u0dff"), ("Thai", "\u0e00", "\u0e7f"),
            ("Lao", "\u0e80", "\u0eff"), ("Myanmar", "\u1000", "\u109f"), ("Hangul", "\u1100", "\u11ff"),
            ("Khmer", "\u1780", "\u17ff"), ("Japanese kana", "\u3040", "\u30ff"), ("Chinese", "\u3100", "\u9fff"),
            ("Hangul", "\uac00", "\ud7af"), ("Chinese", "\uf900", "\ufaff")]
_SENT_PUNCT = re.compile(r"[.!?;:…。！？]")
_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,15}(?:\s[^<>]{0,300})?/?>|&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_LONG_TOKEN = re.compile(r"\S{60,}")
_LONG_RUN = 20_000       # characters without sentence punctuation before ``no_punctuation``

MAX_UNPUNCTUATED = 50_000  # a run this long without . ! ? ; : is not prose (and slow to tag)
MIN_WORDS_TO_REJECT = 20


class Verdict(NamedTuple):
    reason: Optional[str]
    detail: Optional[str]
    warnings: list


def _w(code: str, message: str) -> dict:
    return {"code": code, "message": message}


def _script_name(sample: str) -> str:
    counts: dict[str, int] = {}
    for ch in _NON_LATIN.findall(sample):
        for name, lo, hi in _SCRIPTS:
            if lo <= ch <= hi:
                counts[name] = counts.get(name, 0) + 1
                break
    return max(counts, key=counts.get) if counts else "non-Latin"


def language_profile(text: str, limit: int = 200_000) -> dict:
    """Counts the language checks rely on (first ``limit`` characters)."""
    sample = text[:limit]
    words = _LETTER_WORD.findall(sample)
    non_latin_chars = len(_NON_LATIN.findall(sample))
    latin = [w for w in words if not _NON_LATIN.search(w)] if non_latin_chars else words
    marked = sum(1 for w in latin if not w.isascii() and not _VIET_MARKED.isdisjoint(w))
    plain = [w for w in latin if w.isascii()]
    syll = sum(1 for w in plain if is_syllable(w))
    letters = sum(map(len, words))
    upper = sum(len(w) for w in words if w.isupper())
    return {"words": len(latin), "marked": marked, "plain": len(plain), "plain_syllables": syll,
            "non_latin_chars": non_latin_chars, "letters": letters, "upper_letters": upper}


def check(text: str) -> Verdict:
    warnings: list = []
    n = len(text)
    if not n:
        return Verdict("empty text after normalization", None, [])

    # junk: replacement characters, symbols, giant tokens
    fffd = text.count("\ufffd")
    if fffd:
        if fffd > max(20, n // 20):
            return Verdict("not prose", f"{fffd} replacement characters (U+FFFD) in {n}: undecodable bytes", [])
        warnings.append(_w("replacement_chars", f"{fffd} replacement character(s) from undecodable bytes"))
    # script and language
    prof = language_profile(text)
    letters = max(1, prof["letters"])
    if prof["non_latin_chars"] > 0.5 * letters:
        script = _script_name(text[:200_000])
        share = 100 * prof["non_latin_chars"] // letters
        if prof["non_latin_chars"] >= 20:
            return Verdict("not Vietnamese text", f"{script} script ({share}% of the letters)", [])
        warnings.append(_w("not_vietnamese", f"{script} script ({share}% of the letters)"))
    elif prof["non_latin_chars"] > 0.05 * letters:
        warnings.append(_w("mixed_script", f"{_script_name(text[:200_000])} characters: "
                                           f"{100 * prof['non_latin_chars'] // letters}% of the letters"))
    non_space = n - text.count(" ") - text.count("\n")
    if non_space >= 200 and prof["letters"] < 0.3 * min(non_space, 200_000):
        share = 100 * prof["letters"] // max(1, min(non_space, 200_000))
        return Verdict("not prose", f"only {share}% of the characters are letters (tables, numbers or symbols)", [])
    long_chars = sum(len(t) for t in _LONG_TOKEN.findall(text[:200_000]))
    if long_chars > 0.5 * min(n, 200_000) and n >= 200:
        return Verdict("not prose", f"{100 * long_chars // min(n, 200_000)}% of the text is in 'words' of "
                                    "60+ characters without spaces (base64, binary, code or URLs)", [])
    if long_chars > 1000:
        warnings.append(_w("long_tokens", f"{long_chars} characters in tokens of 60+ characters"))

    words = prof["words"]
    if words >= 3:
        marked = prof["marked"] / words
        syll = prof["plain_syllables"] / max(1, prof["plain"])
        if marked < 0.05:
            if syll >= 0.85:
                warnings.append(_w("no_diacritics", f"Vietnamese written without diacritics? "
                                                    f"{100 * prof['marked'] // words}% of {words} words carry "
                                                    "diacritics: extraction will be poor"))
            elif words >= MIN_WORDS_TO_REJECT:
                return Verdict("not Vietnamese text",
                               f"Latin-script text in another language (English?): {100 * prof['marked'] // words}% "
                               f"of {words} words carry Vietnamese diacritics and {int(100 * syll)}% of the "
                               "others are Vietnamese syllables", [])
            else:
                warnings.append(_w("not_vietnamese", f"{words} words, none or almost none Vietnamese"))
        elif marked < 0.2 and syll < 0.6 and words >= MIN_WORDS_TO_REJECT:
            warnings.append(_w("not_vietnamese", f"only {int(100 * marked)}% of {words} words carry Vietnamese "
                                                 "diacritics: mostly another language"))

    # shape
    if prof["letters"] >= 30 and prof["upper_letters"] > 0.85 * prof["letters"]:
        warnings.append(_w("all_caps", f"{100 * prof['upper_letters'] // prof['letters']}% of the letters "
                                       "are in all-capital words"))
    longest = _longest_unpunctuated(text)
    if longest >= MAX_UNPUNCTUATED:
        return Verdict("not prose", f"{longest} characters in a row without sentence punctuation "
                                    f"(limit {MAX_UNPUNCTUATED}): not an article", [])
    if longest >= _LONG_RUN:
        warnings.append(_w("no_punctuation", f"{longest} characters in a row without sentence punctuation"))
    tags = len(_HTML.findall(text[:200_000]))
    if tags >= 3:
        warnings.append(_w("html_debris", f"{tags} HTML tag(s) or entities left in the text"))
    return Verdict(None, None, warnings)


def _longest_unpunctuated(text: str) -> int:
    last = 0
    longest = 0
    for m in _SENT_PUNCT.finditer(text):
        longest = max(longest, m.start() - last)
        last = m.end()
    return max(longest, len(text) - last)
