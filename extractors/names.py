"""Lexicons and regexes for person names and position phrases (used by ``persons``/``quotes``).

Everything here is compiled once, at first use, from the data files
``persons_surnames.txt``, ``persons_titles.txt``, ``persons_ranks.txt``,
``persons_honorifics.txt`` and ``persons_stopwords.txt``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .base import alternation, data_lines


def _letters(upper: bool) -> str:
    chars = []
    for c in range(0x00C0, 0x1EFA):
        ch = chr(c)
        if not unicodedata.name(ch, "").startswith("LATIN"):
            continue
        if (ch.isupper() if upper else ch.islower()):
            chars.append(ch)
    return ("A-Z" if upper else "a-z") + "".join(chars)


UP = _letters(True)
LO = _letters(False)
# One capitalized syllable ("Nguyễn", "Y") and one all-caps syllable ("NGUYỄN").
CAP = rf"[{UP}][{LO}]*"
CAPS = rf"[{UP}]{{2,}}"
WB_L = r"(?<![\w'’])"
WB_R = r"(?![\w'’])"
# A run of capitalized syllables separated by single spaces (linear: the separator is a space,
# never part of a syllable).
# A syllable may carry a lower-case hyphenated part: Korean and other foreign given names
# ("Park Sung-min", "Moon Jae-in"); the hyphen is never a letter, so the run stays linear.
# Not a capitalized part: "Minh-Phó Chủ tịch" is a name glued to a title, "Rịa-Vũng Tàu" a place.
CAP_HY = rf"{CAP}(?:-[{LO}]+)?"
CAP_RUN = re.compile(rf"{WB_L}{CAP_HY}(?: {CAP_HY})*{WB_R}")
CAPS_RUN = re.compile(rf"{WB_L}{CAPS}(?: {CAPS})+{WB_R}")
# Initials: "L.T.H.", "H.", "Đ." (an honorific must precede; checked by the caller).
INITIALS = re.compile(rf"{WB_L}(?:[{UP}]\.){{1,4}}(?![\w])")


def fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).casefold()


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    return frozenset(data_lines("persons_surnames.txt"))


@lru_cache(maxsize=None)
def surname_firsts() -> frozenset[str]:
    """First syllables of surnames (compound surnames start with an ordinary one)."""
    return frozenset(s.split()[0] for s in surnames())


@lru_cache(maxsize=None)
def titles() -> tuple[str, ...]:
    return tuple(sorted({t for t in data_lines("persons_titles.txt")}, key=len, reverse=True))


@lru_cache(maxsize=None)
def title_re() -> re.Pattern:
    return re.compile(rf"{WB_L}(?:{alternation(titles(), ignore_case=True)}){WB_R}", re.IGNORECASE)


@lru_cache(maxsize=None)
def title_at_re() -> re.Pattern:
    """A title (optionally after nguyên/quyền) at the start of a string."""
    return re.compile(rf"(?:(nguyên|quyền|Nguyên|Quyền) )?({alternation(titles(), ignore_case=True)}){WB_R}",
                      re.IGNORECASE)


@lru_cache(maxsize=None)
def ranks() -> dict[str, str]:
    out = {}
    for line in data_lines("persons_ranks.txt"):
        kind, _, word = line.partition("\t")
        out[word.strip()] = kind.strip()
    return out


@lru_cache(maxsize=None)
def rank_re() -> re.Pattern:
    return re.compile(rf"{WB_L}(?:{alternation(ranks())})(?![\w])")


@lru_cache(maxsize=None)
def honorifics() -> dict[str, str]:
    """word (as written, lower case unless given otherwise) -> 'honorific' | 'role'."""
    out = {}
    for line in data_lines("persons_honorifics.txt"):
        kind, _, word = line.partition("\t")
        out[word.strip()] = kind.strip()
    return out


@lru_cache(maxsize=None)
def honorific_tail_re() -> re.Pattern:
    """An honorific or role word (either case of the first letter) at the end of a string."""
    words = set()
    for w in honorifics():
        words.add(w)
        words.add(w[:1].upper() + w[1:])
    return re.compile(rf"{WB_L}({alternation(words)})\s*$")


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    return frozenset(data_lines("persons_stopwords.txt"))


@lru_cache(maxsize=None)
def place_names() -> frozenset[str]:
    """Province and district names (folded), from the administrative map underthesea ships."""
    out = set()
    try:
        from .admin_map import admin_map

        m = admin_map()
        for unit in list(m.provinces.values()) + list(m.districts.values()):
            out.add(fold(unit.name))
    except Exception:  # the map is optional: names are still found without it
        pass
    try:
        for line in data_lines("locations_places.txt"):
            out.add(fold(line.split("\t")[0].split("=")[0].strip()))
    except Exception:
        pass
    for line in data_lines("persons_not_names.txt"):
        out.add(fold(line))
    return frozenset(out)
