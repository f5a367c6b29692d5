"""dates extractor: explicit calendar references with ISO values.

Forms (see shared/spec/EXTRACTION.md "dates"):

- days: ``07/9/2009``, ``ngày 7 tháng 9 năm 2009``, ``4.11.2010``, ``27-12-1993`` → ``2009-09-07``;
  without a year (``ngày 27-5``, ``sáng 6.5``, ``hôm nay (6/2)``) → ``--05-27``;
- months: ``tháng 3/2024``, ``tháng 12.2016``, ``tháng 5-2017``, ``tháng 3 năm 2024`` →
  ``2024-03``; ``tháng 7``, ``tháng Chín`` → ``--07``;
- quarters: ``quý 3/2016``, ``quý IV năm 2016`` → ``2016-10/2016-12``; ``quý I`` → ``--01/--03``;
- years: ``năm 2024``, ``cuối năm 2024``, bare years in context (``Tết Nguyên đán 2017``);
- intervals, one item per expression: ``giai đoạn 2021-2025``, ``nhiệm kỳ 2011-2016``,
  ``năm học 2014 - 2015``, ``(2014 - 2016)`` → ``2021/2025``; ``từ năm 1995 đến năm 2016``;
  ``từ ngày 14/4 - 14/5`` → ``--04-14/--05-14``; ``sáu tháng đầu năm 2017`` → ``2017-01/2017-06``;
  ``từ đầu tháng 3 đến ngày 10-5-2017`` → ``2017-03/2017-05-10`` (the start takes the end's year).

Nothing is read inside document codes (``30/2020/NĐ-CP``): the directives component runs first
and its code spans are masked. Days and months are validated; figures like ``3.462`` never
parse as dates. Each item is one occurrence: ``text``, ``value``, ``kind``.
"""
from __future__ import annotations

import bisect
import calendar
import re

from spacy.tokens import Doc

from .base import alternation, doc_text, data_json, register

_Y = r"(?:19\d\d|20\d\d)"
_SEP = r"\s?[/.\-–]\s?"
# a day-month(-year) core: 7/9/2009, 4.11.2010, 1-7- 2017, 27-5
_DMY = r"(?P<d>\d{1,2})(?P<s>[/.\-–])(?P<m>\d{1,2})(?:" + _SEP + r"(?P<y>" + _Y + r"))?"
_DMY_END = r"(?![\d]|[.,/\-–]\d)"
# day-month-year written out: 7 tháng 9 năm 2009 (year optional)
_TEXTUAL = (r"(?P<td>\d(?<![\w/.,\-–]\d)\d?)\s+tháng\s+(?P<tm>\d{1,2})(?:\s*(?:năm\s+|[/.\-]\s?)(?P<ty>" + _Y + r"))?"
            r"(?![\d])")

_DAY_PREFIX = r"(?:[Rr]ạng\s+sáng|[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Hh]ôm|[Kk]huya)"

_DAY_AT = re.compile(r"(?:" + _TEXTUAL + r"|" + _DMY + r")" + _DMY_END)


def _valid(y: int | None, m: int, d: int | None = None) -> bool:
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    if y is None:
        return 1 <= d <= (29 if m == 2 else calendar.monthrange(2001, m)[1])
    return 1 <= d <= calendar.monthrange(y, m)[1]


def iso_day(y: int | None, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}" if y else f"--{m:02d}-{d:02d}"


def iso_month(y: int | None, m: int) -> str:
    return f"{y:04d}-{m:02d}" if y else f"--{m:02d}"


def match_day_at(text: str, pos: int) -> tuple[int, str] | None:
    """A day date starting exactly at ``pos`` (after "ngày "): ``(end, iso)`` or None."""
    m = _DAY_AT.match(text, pos)
    if not m:
        return None
    if m.group("td"):
        d, mo, y = int(m.group("td")), int(m.group("tm")), m.group("ty")
    else:
        d, mo, y = int(m.group("d")), int(m.group("m")), m.group("y")
        # a yearless "6.5" right before more digits or a decimal figure is not a date
        if not y and m.group("s") == "." and re.match(r"\s?\d", text[m.end():m.end() + 2]):
            return None
    y = int(y) if y else None
    if not _valid(y, mo, d):
        return None
    return m.end(), iso_day(y, mo, d)


# ---------------------------------------------------------------------------------------------
# candidate patterns

_LEX = data_json("dates_lexicon.json")
_WORD_MONTHS: dict[str, int] = _LEX["word_months"]  # "tháng Giêng"/"tháng Chạp" are lunar: left out
_WORD_MONTH_ALT = "|".join(sorted(_WORD_MONTHS, key=len, reverse=True))
_NUM_WORDS: dict[str, int] = _LEX["number_words"]
_NUM_WORD_ALT = "|".join(sorted(_NUM_WORDS, key=len, reverse=True))
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_EDGE = r"(?<![\w/.,\-–])"  # not glued to a word, a code or a figure

# counted things after a bare number ("2000 người" is a figure, not a year)
_COUNT_AFTER = r"\s?(?:" + "|".join(_LEX["count_after"]) + ")"
_YEAR_NOT_BEFORE = re.compile(
    r"(?:\b(?:" + alternation(_LEX["not_before"]) + r")\s*:?\s*|[#№])$")

# Every pattern starts at its distinctive core (a digit, "tháng", "năm", "quý"); optional words
# before the core ("ngày", "cuối", "giai đoạn", "từ") are read backwards with the *_BEFORE
# patterns, which keeps the scan fast.
_INTERVAL_KW_BEFORE = re.compile(
    r"(?:[Tt]ừ\s+)?(?:[Gg]iai đoạn|[Nn]hiệm kỳ|[Nn]hiệm kì|[Nn]ăm học|[Nn]iên khóa|[Nn]iên học|"
    r"[Nn]iên độ|[Kk]hóa|[Mm]ùa giải|[Tt]hời kỳ|[Tt]hời kì|[Cc]ác năm|[Nn]hững năm|[Nn]ăm|[Tt]ừ)"
    r"(?:(?<=đoạn)(?: [a-zđà-ỹ]+){1,3}?)?\s+$")  # "giai đoạn tái cấu trúc 2014 - 2016"
_P_INTERVAL_YEARS = re.compile(
    r"(?P<y1>(?:19|20)(?<![\w/.,\-–]\d\d)\d\d)\s?(?:[-–]|\s(?:đến|tới)\s(?:năm\s)?)\s?(?P<y2>" + _Y + r")(?![\d]|[.,/]\d)")
_FROM_BEFORE_YEAR = re.compile(r"[Tt]ừ\s+(?:(?:đầu|cuối|giữa)\s+)?$")
_P_FROM_TO_YEAR = re.compile(
    r"n(?<!\wn)ăm\s+(?P<y1>" + _Y + r")\s+(?:đến|tới)\s+(?:(?:hết|cuối|đầu)\s+)?"
    r"(?:năm\s+)?(?P<y2>" + _Y + r")(?![\d])")
_NUM_WORD_BEFORE = re.compile(r"(?<!\w)(?P<n>(?i:" + _NUM_WORD_ALT + r"))\s+$")
_P_MONTHS_OF_YEAR = re.compile(r"t(?<!\wt)háng\s+(?P<part>đầu|cuối)\s+năm\s+(?P<y>" + _Y + r")(?![\d])")
_P_QUARTER = re.compile(
    r"[Qq](?<!\w[Qq])u[ýíyi]\s+(?P<q>IV|I{1,3}|[1-4])(?![\w])(?:\s?[/.\-]\s?(?P<y>" + _Y + r")|\s+năm\s+(?P<y2>" + _Y + r"))?"
    r"(?![\d])")
_DAY_BEFORE = re.compile(_DAY_PREFIX + r"\s+$")
_DAY_BEFORE_PAREN = re.compile(
    _DAY_PREFIX + r"\s+(?:(?:nay|qua|mai)\s+)?\(?$|(?<!\w)(?:nay|qua|mai)\s+\($"
    r"|(?<!\w)(?:[Kk]ể từ|hiệu lực(?: thi hành)? từ|[Vv]ào|[Tt]rước|[Đđ]ến hết|[Hh]ạn chót)\s+$")
_P_TEXTUAL = re.compile(_TEXTUAL)
_P_DMY = re.compile(r"(?P<d>\d(?<![\w/.,\-–]\d)\d?)" + _SEP + r"(?P<m>\d{1,2})" + _SEP + r"(?P<y>" + _Y + r")" + _DMY_END)
_P_DM = re.compile(r"(?P<d>\d(?<![\w/.,\-–]\d)\d?)\s?(?P<s>[/.\-–])\s?(?P<m>\d{1,2})" + _DMY_END)
_P_DAY_ONLY = re.compile(r"[Nn](?<!\w[Nn])gày\s+(?P<d>\d{1,2})(?=\s*(?:và|,|-|–|đến|tới)\s*\d)")
_P_DAY_RANGE = re.compile(  # "ngày 7-13/5/2017", "từ 11 - 15/5"
    r"(?:[Tt](?<!\w[Tt])ừ\s+(?:ngày\s+)?|[Nn](?<!\w[Nn])gày\s+)(?P<d1>\d{1,2})\s?(?:[-–]|đến)\s?(?P<d2>\d{1,2})"
    r"(?P<s>[/.\-])(?P<m>\d{1,2})(?:(?P=s)(?P<y>" + _Y + r"))?" + _DMY_END)
_PART_BEFORE = re.compile(r"(?:[Đđ]ầu|[Cc]uối|[Gg]iữa|[Hh]ết)\s+$")
_YEAR_PART_BEFORE = re.compile(
    r"(?:[Đđ]ầu|[Cc]uối|[Gg]iữa|[Hh]ết|[Nn]ửa đầu|[Nn]ửa cuối|[Nn]ửa sau|[Tt]rong|[Ss]uốt)\s+$")
_EVERY_BEFORE = re.compile(r"(?:[Mm]ỗi|[Hh]àng|[Hh]ằng)\s+$")
_P_MONTH_YEAR = re.compile(
    r"[Tt](?<!\w[Tt])háng\s+(?:(?P<m>\d{1,2})(?:\s?[/.\-–]\s?|\s+năm\s+)|"
    r"(?P<w>" + _WORD_MONTH_ALT + r")\s+năm\s+)(?P<y>" + _Y + r")"
    + _DMY_END)
_P_MONTH = re.compile(
    r"[Tt](?<!\w[Tt])háng\s+"
    r"(?:(?P<m>\d{1,2})(?![\d]|[.,/\-–]\d)(?!" + _COUNT_AFTER + r")|(?P<w>" + _WORD_MONTH_ALT + r")(?![\w]))")
_P_YEAR = re.compile(r"[Nn](?<!\w[Nn])ăm\s+(?P<y>" + _Y + r")(?![\d]|[.,]\d)")
_P_BARE_YEAR = re.compile(r"(?P<y>(?:19|20)(?<![\w/.,\-–]\d\d)(?<!\d\s\d\d)\d\d)(?![\d]|[.,]\d|\s?[/\-–]\s?\d)")


def _back(rx, text: str, start: int, width: int = 40):
    """The match of ``rx`` (anchored with ``$``) ending right at ``start``, or None."""
    return rx.search(text, max(0, start - width), start)


_RANGE_END_BEFORE = re.compile(r"\d\s?[-–]\s?$")
_CONNECT = re.compile(r"\s*(?:-|–|đến|tới|cho đến)\s*$")
_CONNECT_YEAR_END = re.compile(r"\s*(?:đến|tới|cho đến)(?:\s+hết)?\s*$")
_FROM_BEFORE = re.compile(r"(?:^|\W)[Tt]ừ\s+$")
_AND = re.compile(r"^\s*(?:và|,|hoặc)\s*$")


class _Cand:
    __slots__ = ("start", "end", "value", "kind", "weak", "y", "m", "d", "prio")

    def __init__(self, start, end, value, kind, y=None, m=None, d=None, weak=False, prio=0):
        self.start, self.end, self.value, self.kind = start, end, value, kind
        self.y, self.m, self.d, self.weak, self.prio = y, m, d, weak, prio


def _day(start, end, y, m, d, weak=False, prio=2):
    if not _valid(y, m, d):
        return None
    return _Cand(start, end, iso_day(y, m, d), "date", y, m, d, weak, prio)


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    add = out.append

    def pre(rx, start, width=40):
        b = _back(rx, text, start, width)
        return b.start() if b else start

    for m in _P_INTERVAL_YEARS.finditer(text):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if not (y1 < y2 <= y1 + 120):  # "(1907 - 1988)" is a life span
            continue
        add(_Cand(pre(_INTERVAL_KW_BEFORE, m.start()), m.end(), f"{y1}/{y2}", "interval", prio=5))
    for m in _P_FROM_TO_YEAR.finditer(text):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        b = _back(_FROM_BEFORE_YEAR, text, m.start(), 16)
        if b and y1 < y2 <= y1 + 60:
            add(_Cand(b.start(), m.end(), f"{y1}/{y2}", "interval", prio=6))
    for m in _P_MONTHS_OF_YEAR.finditer(text):
        b = _back(_NUM_WORD_BEFORE, text, m.start(), 12)
        if not b:
            continue
        n = _NUM_WORDS[b.group("n").lower()]
        if not 1 <= n <= 11:
            continue
        y = int(m.group("y"))
        a, z = (1, n) if m.group("part") == "đầu" else (13 - n, 12)
        add(_Cand(b.start(), m.end(), f"{iso_month(y, a)}/{iso_month(y, z)}", "interval", prio=6))
    for m in _P_QUARTER.finditer(text):
        q = _ROMAN[m.group("q")]
        y = m.group("y") or m.group("y2")
        y = int(y) if y else None
        a, z = 3 * q - 2, 3 * q
        add(_Cand(m.start(), m.end(), f"{iso_month(y, a)}/{iso_month(y, z)}", "quarter", prio=5))
    for m in _P_TEXTUAL.finditer(text):
        y = int(m.group("ty")) if m.group("ty") else None
        start = pre(_DAY_BEFORE, m.start(), 14)
        if y is None and start == m.start():
            continue  # "9 tháng 10 ngày": a duration, not a date
        c = _day(start, m.end(), y, int(m.group("tm")), int(m.group("td")), prio=4)
        if c:
            add(c)
    for m in _P_DMY.finditer(text):
        c = _day(pre(_DAY_BEFORE, m.start(), 14), m.end(), int(m.group("y")), int(m.group("m")),
                 int(m.group("d")), prio=4)
        if c:
            add(c)
    for m in _P_DM.finditer(text):
        d, mo = int(m.group("d")), int(m.group("m"))
        b = _back(_DAY_BEFORE_PAREN, text, m.start(), 20)
        end = m.end()
        strong = False
        if b:
            paren = b.group(0).endswith("(")
            if paren and text[end:end + 1] == ")":
                end += 1
                strong = True
            elif not paren and not (m.group("s") == "." and re.match(r"\s?\d", text[end:end + 2])):
                strong = True
        if strong:
            c = _day(b.start(), end, None, mo, d, prio=3)
        else:
            c = _day(m.start(), m.end(), None, mo, d, weak=True, prio=1)
        if c:
            add(c)
    for m in _P_DAY_RANGE.finditer(text):
        d1, d2, mo = int(m.group("d1")), int(m.group("d2")), int(m.group("m"))
        y = int(m.group("y")) if m.group("y") else None
        if y is None and "ngày" not in m.group(0):
            continue  # "tăng từ 1 - 2/3 số hộ" is a fraction
        if d1 < d2 and _valid(y, mo, d1) and _valid(y, mo, d2):
            add(_Cand(m.start(), m.end(), f"{iso_day(y, mo, d1)}/{iso_day(y, mo, d2)}", "interval", prio=6))
    for m in _P_DAY_ONLY.finditer(text):
        d = int(m.group("d"))
        if 1 <= d <= 31:
            add(_Cand(m.start(), m.end(), "", "date", None, None, d, weak=True, prio=1))
    for m in _P_MONTH_YEAR.finditer(text):
        mo = int(m.group("m")) if m.group("m") else _WORD_MONTHS[m.group("w")]
        y = int(m.group("y"))
        if _valid(y, mo):
            add(_Cand(pre(_PART_BEFORE, m.start(), 10), m.end(), iso_month(y, mo), "month", y, mo, prio=3))
    for m in _P_MONTH.finditer(text):
        if _back(_EVERY_BEFORE, text, m.start(), 8):
            continue  # "mỗi tháng 2 lần"
        mo = int(m.group("m")) if m.group("m") else _WORD_MONTHS[m.group("w")]
        if _valid(None, mo):
            add(_Cand(pre(_PART_BEFORE, m.start(), 10), m.end(), iso_month(None, mo), "month", None, mo, prio=2))
    for m in _P_YEAR.finditer(text):
        y = int(m.group("y"))
        add(_Cand(pre(_YEAR_PART_BEFORE, m.start(), 12), m.end(), str(y), "year", y, prio=2))
    for m in _P_BARE_YEAR.finditer(text):
        y = int(m.group("y"))
        if y > 2060:
            continue
        if _YEAR_NOT_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if _RANGE_END_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "1010 - 2010": the end of a range we do not read
        if re.match(_COUNT_AFTER, text[m.end():m.end() + 20]):
            continue
        add(_Cand(m.start(), m.end(), str(y), "year", y, prio=1))
    # a date never runs across lines ("… trong 9 tháng" / "Chín tháng năm 2025" is no "tháng Chín")
    return [c for c in out if "\n" not in text[c.start:c.end]]


def _select(cands: list[_Cand], masked) -> list[_Cand]:
    """Non-overlapping candidates: longest first, then higher priority, then leftmost."""
    cands = [c for c in cands if not masked(c.start, c.end)]
    cands.sort(key=lambda c: (-(c.end - c.start), -c.prio, c.start))
    taken: list[_Cand] = []
    occupied = bytearray(max((c.end for c in cands), default=0))  # candidates are short: linear
    for c in cands:
        if any(occupied[c.start:c.end]):
            continue
        taken.append(c)
        occupied[c.start:c.end] = b"\x01" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken


def _combine(text: str, cands: list[_Cand]) -> list[_Cand]:
    """Join "từ A đến B" / "A - B" day and month ranges into intervals; resolve weak pieces."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and a.kind in ("date", "month") and b.kind in ("date", "month") and b.m:
            gap = text[a.end:b.start]
            before = text[max(0, a.start - 6):a.start]
            has_from = bool(_FROM_BEFORE.search(before))
            if _CONNECT.match(gap) and (has_from or ("-" in gap or "–" in gap) and a.kind == b.kind == "date"
                                        and (a.m is not None or a.d is not None and not b.weak)
                                        and (not a.weak or not b.weak)):
                if a.m is None:  # "từ ngày 14 đến 16/5"
                    a = _Cand(a.start, a.end, "", "date", b.y, b.m, a.d)
                ya = a.y if a.y else (b.y if b.y and (a.m or 0) <= b.m else None)
                va = iso_day(ya, a.m, a.d) if a.d and a.kind == "date" else iso_month(ya, a.m)
                if (a.kind == "date" and not _valid(ya, a.m, a.d)) or (ya is None) != (b.y is None):
                    out.append(a)
                    i += 1
                    continue
                start = a.start - len("từ ") if has_from and text[a.start - 3:a.start].lower() == "từ " else a.start
                out.append(_Cand(start, b.end, f"{va}/{b.value}", "interval", prio=7))
                i += 2
                continue
            if a.kind == "date" and a.m is None and _AND.match(gap) and b.kind == "date":
                # "ngày 16 và 17-5": the first day takes the second one's month
                c = _day(a.start, a.end, b.y, b.m, a.d)
                if c:
                    out.append(c)
                out.append(_Cand(b.start, b.end, b.value, b.kind, b.y, b.m, b.d, prio=2))
                i += 2
                continue
            if (b.weak and not a.weak and a.kind == "date" and _AND.match(gap)):
                # "ngày 3/2 và 6/2": a list continues the day form
                out.append(a)
                out.append(_Cand(b.start, b.end, b.value, "date", b.y, b.m, b.d, prio=2))
                i += 2
                continue
        if b is not None and a.kind in ("date", "month") and a.y and b.kind == "year" and b.y >= a.y \
                and _FROM_BEFORE.search(text[max(0, a.start - 6):a.start]) \
                and _CONNECT_YEAR_END.match(text[a.end:b.start]):
            # "từ ngày 1-1-2026 đến hết năm 2027": a day or month to a year
            start = a.start - len("từ ") if text[a.start - 3:a.start].lower() == "từ " else a.start
            out.append(_Cand(start, b.end, f"{a.value}/{b.value}", "interval", prio=7))
            i += 2
            continue
        out.append(a)
        i += 1
    return [c for c in out if not c.weak and c.value]


def _masker(doc: Doc):
    spans = doc.user_data.get(("vnx", "directive_code_spans"))
    if spans is None:
        # directives did not run: mask anything shaped like a document code
        spans = [(m.start(), m.end()) for m in _CODE_SHAPE.finditer(doc_text(doc))]
    spans = sorted(spans)
    starts = [cs for cs, _ in spans]

    def masked(s, e):  # does [s, e) overlap a code span? (spans do not overlap each other)
        i = bisect.bisect_left(starts, e) - 1
        return i >= 0 and spans[i][1] > s
    return masked


_CODE_SHAPE = re.compile(r"(?<![\d/\-–])\d{1,5}(?:\s?[/\-–]\s?\d{2,4})*\s?[/\-–]\s?[A-ZĐ][A-Za-zĐđ]")


_LUNAR_AFTER = re.compile(r"\s*\(?\s*(?:âm lịch|ÂL)\b")


def find_in_text(text: str, masked=lambda s, e: False) -> list[dict]:
    cands = [c for c in _candidates(text) if c.y is not None or not _LUNAR_AFTER.match(text, c.end)]
    cands = _select(cands, masked)
    items = []
    for c in _combine(text, cands):
        items.append({"start": c.start, "end": c.end, "text": text[c.start:c.end], "value": c.value,
                      "kind": c.kind})
    return items


def find(doc: Doc) -> list[dict]:
    return find_in_text(doc_text(doc), _masker(doc))


FACTORY = register("dates", find)
