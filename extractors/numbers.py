"""Vietnamese numbers: digit strings with Vietnamese separators and numbers written in words.

``parse_digits("3.462") -> (3462.0, [])``, ``parse_digits("1,200") -> (1200.0, ["ambiguous_separator"])``
``parse_words("một trăm hai mươi") -> 120``, ``parse_words("ba triệu rưỡi") -> 3500000``.
"""
from __future__ import annotations

import re

DIGITS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
SCALES = {"nghìn": 1000, "ngàn": 1000, "vạn": 10000, "triệu": 10 ** 6, "tỷ": 10 ** 9, "tỉ": 10 ** 9}
NUMBER_WORDS = set(DIGITS) | set(SCALES) | {"mười", "mươi", "trăm", "linh", "lẻ", "rưỡi"}
# words that may start a number written in words ("tư", "mốt", "lăm" only inside one)
START_WORDS = {"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười"}

_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?")
_PLAIN = re.compile(r"\d+")
_DOT_DECIMAL = re.compile(r"\d+\.\d+")


def parse_digits(s: str, decimal_hint: bool | None = None) -> tuple[float | None, list[str]]:
    """Value of a digit string written the Vietnamese way; ``(None, [])`` when it is no number.

    ``decimal_hint``: for a lone "1,200" (comma then exactly three digits), True reads it as a
    decimal (1.2, as before a scale word), False as English thousands (1200); either way the
    result is flagged ``ambiguous_separator``.
    """
    s = s.strip()
    if _PLAIN.fullmatch(s):
        return float(s), []
    if _THOUSANDS_DOT.fullmatch(s):
        return float(s.replace(".", "").replace(",", ".")), []
    if _DECIMAL_COMMA.fullmatch(s):
        whole, frac = s.split(",")
        if len(frac) == 3 and decimal_hint is not True:
            if decimal_hint is False:
                return float(whole + frac), ["ambiguous_separator"]
            return float(whole + "." + frac), ["ambiguous_separator"]
        return float(whole + "." + frac), []
    if _THOUSANDS_COMMA.fullmatch(s):
        return float(s.replace(",", "")), ["ambiguous_separator"]
    if _DOT_DECIMAL.fullmatch(s):
        # "2.5" is not Vietnamese; read as a decimal point but say so
        return float(s), ["ambiguous_separator"]
    return None, []


def parse_words(words: list[str] | str) -> float | None:
    """Value of a number written in Vietnamese words, or None when the words do not form one."""
    if isinstance(words, str):
        words = words.split()
    ws = [w.lower() for w in words]
    if not ws or ws[0] not in START_WORDS and ws[0] not in SCALES:
        return None
    total = 0.0      # finished groups (above the current scale)
    group = 0.0      # value below 1000 being built
    last = None      # previous word class
    last_scale = 1
    i = 0
    n = len(ws)
    seen = False
    while i < n:
        w = ws[i]
        if w in DIGITS:
            d = DIGITS[w]
            if w in ("mốt", "lăm", "tư") and last not in ("mươi", "scale", "trăm", "mười"):
                if not (w == "tư" and last == "scale"):
                    return None
            if last == "scale" and w in ("tư", "mốt", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín") \
                    and i == n - 1 and last_scale >= 1000 and group == 0:
                # "một triệu tư" = 1.4 million, "hai nghìn rưỡi" handled below
                total += d * last_scale / 10
                last = "tail"
                i += 1
                continue
            if last == "digit":
                return None
            if last == "mươi" or last == "mười":
                group += d
            elif last == "linh":
                group += d
            else:
                if group % 100 != 0 and last not in (None, "scale", "trăm"):
                    return None
                group += d
            last = "digit"
            seen = True
        elif w == "mười":
            if last == "digit" or last == "mươi" or last == "mười":
                return None
            group += 10
            last = "mười"
            seen = True
        elif w == "mươi":
            if last != "digit":
                return None
            # the digit just added becomes tens
            units = group % 10
            group = group - units + units * 10
            last = "mươi"
        elif w == "trăm":
            if last != "digit":
                return None
            units = group % 10
            group = group - units + units * 100
            last = "trăm"
        elif w in ("linh", "lẻ"):
            if last != "trăm":
                return None
            last = "linh"
        elif w in SCALES:
            sc = SCALES[w]
            if not seen and group == 0 and total == 0:
                group = 1  # a bare scale word: "nghìn tỷ"
                seen = True
            if group == 0 and last == "scale":
                # "nghìn tỷ": multiply the last group
                total = total * sc
            elif total and sc > last_scale and last_scale != 1:
                total = (total + group) * sc
            else:
                total += group * sc
            group = 0
            last = "scale"
            last_scale = sc
        elif w == "rưỡi":
            if last == "scale":
                total += last_scale / 2
            elif last == "trăm":
                group += 50
            else:
                return None
            last = "tail"
        else:
            return None
        i += 1
    if last in ("linh",):
        return None
    return total + group if seen else None
