"""organizations extractor: named bodies ("UBND tỉnh Long An", "Ban Dân vận Tỉnh ủy", "Sở Tài
chính", "Công ty TNHH …", "MTTQ Việt Nam"), one entry per body with every mention.

A mention is ``<head> [<name>] [<place>]``:
- the head comes from ``organizations_heads.tsv`` (longest first) with its kind, its mode and
  its short form: ``fixed`` heads are whole names ("Chính phủ", "Bộ Y tế"), ``place`` heads are
  named by their place or level ("UBND tỉnh Long An", "UBND tỉnh", "Tỉnh ủy"), ``named`` heads
  need a name ("Sở Tài chính", "Ban Dân vận", "Công ty TNHH Minh Phát"). After "Trưởng"/"Phó"
  the lower-case unit words "phòng", "ban", "khoa" are heads too ("Trưởng phòng Kinh tế").
- the name is a run of capitalized syllables and acronyms. A lower-case syllable continues it
  only inside the same underthesea word as the capital before it ("Tài nguyên", "Y tế"), when
  it is a listed word (``organizations_name_types.txt`` "cổ phần", "tiểu học";
  ``organizations_name_nouns.txt`` "giao thông", "đối ngoại"; ``organizations_name_company.txt``
  "đầu tư", "xây dựng" for companies before their proper name), or after an open first word
  ("Cục Quản lý …", ``organizations_open_words.txt``) up to a stop word. A family name
  (``organizations_surnames*.txt``) starts a person's name and ends the body; so do the words
  of ``organizations_cap_stop.txt`` ("Tháng", "Theo") and another unit ("… Ban An toàn …").
- the place is a level word (``organizations_levels.txt``) with the place name after it, or a
  bare province (``organizations_provinces.txt``), or a level word alone ("UBND tỉnh"). After
  a province-level word only listed provinces or places found by the locations component
  count (so "UBND TP Nguyễn Văn A" stops at "UBND TP"); those places also bound place names.

``kind`` is party, state, front, ministry, court, company, mass or other. ``short`` is the
acronym written in parentheses right after the name, else the head's short form ("UBND",
"Sở TN&MT"); mentions written with the full head or its acronym are merged, and later bare uses
of an acronym the text defined ("… (VNPT). VNPT …") are mentions too. ``location`` is the place
name inside the body's name.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import IDX
from spacy.tokens import Doc

from .base import WordStarts, alternation, data_lines, doc_text, read_items, register


@lru_cache(maxsize=1)
def _heads() -> dict[str, tuple[str, str, str | None]]:
    """Head phrase (case-folded) -> (kind, mode, short)."""
    out = {}
    for line in data_lines("organizations_heads.tsv"):
        f = line.split("\t")
        if len(f) < 3:
            continue
        out[f[0].strip().casefold()] = (f[1].strip(), f[2].strip(),
                                        (f[3].strip() or None) if len(f) > 3 else None)
    return out


def _head_alternation(phrases) -> str:
    """Heads of several words keep their first letter's case; the rest is matched in any case
    ("Bộ Kế hoạch và đầu tư")."""
    out = []
    for p in sorted(set(phrases), key=lambda p: (-len(p), p)):
        if " " in p and not _is_acronym(p.split(" ", 1)[0]):
            first, rest = p.split(" ", 1)
            out.append(re.escape(first) + r" (?i:" + re.escape(rest) + ")")
        else:
            out.append(re.escape(p))
    return "|".join(out)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    heads = [line.split("\t")[0].strip() for line in data_lines("organizations_heads.tsv")
             if "\t" in line]
    levels = data_lines("organizations_levels.txt")
    provinces = data_lines("organizations_provinces.txt")
    nots = data_lines("organizations_not.txt")
    return {
        # "Trưởng phòng Kinh tế", "Phó ban Dân vận": a lower-case unit word after a title
        "head": re.compile(r"(?:(?<![\w&.\-])(?:%s)|(?<=Trưởng )(?:phòng|ban|khoa)"
                           r"|(?<=Phó )(?:phòng|ban|khoa))(?![\w&])" % _head_alternation(heads)),
        "level": re.compile(r"(?:%s)(?=[\s,.;:)!?]|$|(?<=\.)\w)" % alternation(levels)),
        "province_level": re.compile(r"(?:tỉnh|thành phố|Thành phố|TP\.?|Tp\.?)(?=[\s,.;:)!?]|$|(?<=\.)\w)"),
        "province": re.compile(r"(?:%s)(?![\w&])" % alternation(provinces)),
        "type": re.compile(r"(?:%s)(?![\w&])" % alternation(data_lines("organizations_name_types.txt"))),
        "noun": re.compile(r"(?:%s)(?![\w&])" % alternation(data_lines("organizations_name_nouns.txt"))),
        "company": re.compile(r"(?:%s)(?![\w&])" % alternation(data_lines("organizations_name_company.txt"))),
        "open": re.compile(r"(?:%s)$" % alternation(data_lines("organizations_open_words.txt"))),
        "stop": re.compile(r"(?:%s)(?![\w&])" % alternation(data_lines("organizations_stop_words.txt"))),
        "not": re.compile(r"(?<!\w)(?:%s)(?!\w)" % alternation(nots)),
    }


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    return frozenset(data_lines("organizations_surnames.txt")) | _strong_surnames()


@lru_cache(maxsize=1)
def _strong_surnames() -> frozenset[str]:
    return frozenset(data_lines("organizations_surnames_strong.txt"))


@lru_cache(maxsize=1)
def _cap_stop() -> frozenset[str]:
    return frozenset(data_lines("organizations_cap_stop.txt"))


# the next syllable (or acronym such as NN&PTNT, TP.HCM, KT-XH) and the separator before it
_SYL = re.compile(r"( [-–&] | )(\w+(?:[.&\-]\w+)*)")
_SYL_BEFORE = re.compile(r"[\w&.\-]+$")
_GLUED = re.compile(r"()(\w+)")
_PARENS = re.compile(r" ?\(([A-ZĐ][A-ZĐ0-9&.\-]*[A-ZĐ0-9])\)")
_PARTY_UY = frozenset(["Tỉnh", "Thành", "Huyện", "Quận", "Đảng", "Thị", "Quân"])
_PERSON_NAMED_OK = frozenset(["trường", "công ty", "cty", "tổng công ty", "tổng công ty",
                              "tập đoàn", "htx", "hợp tác xã"])


_COMPANY = frozenset(["công ty", "cty", "tổng công ty", "tập đoàn", "htx", "hợp tác xã"])
_TYPED = _COMPANY | frozenset(["trường", "bệnh viện", "bv"])
_NUMBERED = frozenset(["tổng công ty", "ban quản lý", "phòng", "đội", "trung tâm", "chi nhánh"])
_ONE_WORD_HEADS_IN_NAMES = frozenset(["trường", "hội", "phòng", "viện", "đài", "báo", "khoa", "vụ",
                                      "ban", "quỹ", "cục", "sở", "bộ"])
_SUB_HEADS = frozenset(["ban", "sở", "phòng", "cục", "chi cục", "vụ", "khoa", "ủy ban", "văn phòng"])
_PREV_WORD = re.compile(r"(\w+) $")
_NEXT_WORD = re.compile(r" (\w+)")


def _person_starts(text: str, s: int, syl: str, n: int) -> bool:
    """Does a person's name start at ``s``? Frequent family names always start one; rarer ones
    (which also occur inside place names: "Hải Châu") only when another capital follows, and
    never as the first syllable of a name or place."""
    if syl in _strong_surnames():
        return True
    if not n or syl not in _surnames():
        return False
    nxt = _NEXT_WORD.match(text, s + len(syl))
    return bool(nxt) and nxt.group(1)[0].isupper() and nxt.group(1) not in _strong_surnames()


def _is_acronym(s: str) -> bool:
    return sum(c.isupper() for c in s) >= 2 and not any(c.islower() for c in s)


def _parse_name(text: str, pos: int, starts: set[int], pats: dict, place_starts: set[int],
                need: bool, head: str) -> int:
    """End of the name run that starts after ``pos`` (``pos`` itself when there is none)."""
    n = 0
    only_types = head.casefold() in _PERSON_NAMED_OK
    end = pos
    open_left = 0
    open_from = None
    proper = False  # a proper name has begun: company words no longer continue it
    while True:
        m = _SYL.match(text, end)
        if not m:
            break
        sep, syl, s = m.group(1), m.group(2), m.start(2)
        if pats["level"].match(text, s) and not (need and n == 0 and syl[0].isupper()
                                                   and not _is_acronym(syl) and not syl.endswith(".")):
            break
        if n and pats["head"].match(text, s) and pats["head"].match(text, s).group().casefold() in _SUB_HEADS:
            break  # "Phó ban Chuyên trách Ban An toàn giao thông": another body begins
        if (n or not need) and ((s in place_starts and head.casefold() not in _COMPANY)
                                or pats["province"].match(text, s)):
            break
        first = syl[0]
        if first.isupper() or (first.isdigit() and n and head.casefold() in _TYPED | _NUMBERED):
            if not _is_acronym(syl) and first.isupper() and not (
                    pats["company"].match(text[s:s + 24].lower()) or pats["noun"].match(text[s:s + 24].lower())):
                proper = True
            if sep != " " and n == 0:
                break
            if syl in _cap_stop():
                break
            if not only_types and _person_starts(text, s, syl, n):
                break  # "Sở Y tế Nguyễn Văn A": a person's name follows
            n += 1
            if not _is_acronym(syl):
                only_types = False
            end = m.end()
            open_left = 4 if pats["open"].search(text, max(pos, end - 30), end) else 0
            if n > 30:
                break  # no body's name is that long
            continue
        if sep != " ":
            break
        if syl == "và":
            nxt = _SYL.match(text, m.end())
            if n and nxt and nxt.group(1) == " " and nxt.group(2)[0].isupper() \
                    and not pats["head"].match(text, nxt.start(2)) \
                    and not _is_acronym(nxt.group(2)) and nxt.group(2) not in _cap_stop() \
                    and not pats["level"].match(text, nxt.start(2)):
                end = m.end()
                continue
            break
        if syl == "ủy" and n and text[max(pos, end - 8):end].split()[-1] in _PARTY_UY:
            end = m.end()
            continue
        hk = head.casefold()
        w = (pats["type"].match(text, s) if hk in _TYPED else None) \
            or (pats["noun"].match(text, s) if n else None) \
            or (pats["company"].match(text, s) if hk in _COMPANY and not proper else None)
        if w:
            n += 1
            end = w.end()
            continue
        if n and s not in starts and first.islower() \
                and not _is_acronym(_SYL_BEFORE.search(text, max(0, end - 30), end).group()):
            end = m.end()  # same underthesea word as the capital before it: "Y tế", "Tài chính"
            if not open_left and pats["open"].search(text, max(pos, end - 30), end):
                open_left = 4
            continue
        if n and open_left and first.islower() and not pats["stop"].match(text, s):
            if open_from is None:
                open_from = end
            open_left -= 1
            end = m.end()
            continue
        if open_from is not None and not open_left and first.islower() \
                and not pats["stop"].match(text, s):
            end = open_from  # the name runs on past what can be told apart: keep the sure part
        break
    if need and n == 0:
        return pos
    return end


def _parse_place(text: str, pos: int, pats: dict, places: dict[int, int]) -> tuple[int, str | None]:
    """End of the place part after ``pos`` and the place name in it."""
    end, name = pos, None
    for _ in range(2):
        if text[end:end + 1] != " ":
            break
        s = end + 1
        if s in places:
            e, name = places[s]
            end = e
            continue
        p = pats["province"].match(text, s)
        if p:
            end, name = p.end(), _place_name(p.group())
            continue
        lv = pats["level"].match(text, s)
        if not lv:
            break
        e = lv.end()
        p = pats["province"].match(text, e + (text[e:e + 1] == " "))
        if p:
            end, name = p.end(), _place_name(p.group())
            continue
        if pats["province_level"].fullmatch(lv.group()):
            end = e  # "UBND tỉnh", "UBND TP": a province is named only from the list
            break
        # capitalized place name (or number: "quận 12") after the level word
        k = 0
        q = e
        while k < 4:
            if text[q:q + 1] == " ":
                m = _SYL.match(text, q)
            else:
                m = _GLUED.match(text, q) if k == 0 and lv.group().endswith(".") else None
            if not m or m.group(1) not in ("", " ") or not (m.group(2)[0].isupper() or m.group(2).isdigit()):
                break
            w = m.group(2)
            if _person_starts(text, m.start(2), w, k) or w in _cap_stop():
                break
            k += 1
            q = m.end()
            if w.isdigit():
                break
        end = q
        name = text[e:q].strip() or name
        if k == 0:
            break
    return end, name


def _place_name(s: str) -> str:
    return "Hồ Chí Minh" if re.fullmatch(r"TP\.? ?HCM", s) else s


def _places(doc: Doc) -> dict[int, tuple[int, str]]:
    """Start of every place mention found by the locations component -> (end, place name)."""
    out: dict[int, tuple[int, str]] = {}
    for it in read_items(doc, "locations"):
        for m in it.get("mentions") or [it]:
            if m["start"] not in out or out[m["start"]][0] < m["end"]:
                out[m["start"]] = (m["end"], it.get("name") or m["text"])
    return out


def _acronym_mentions(text: str, entries: dict[str, dict]) -> None:
    """Standalone uses of an acronym the text defined for a body ("… Việt Nam (VNPT). VNPT …")."""
    taken = [(m["start"], m["end"]) for e in entries.values() for m in e["mentions"]]
    done = set()
    for e in entries.values():
        short = e.get("short")
        if id(e) in done or not short or not _is_acronym(short) or short.casefold() in _heads():
            continue
        done.add(id(e))
        if f"({short})" not in text:
            continue
        for m in re.finditer(r"(?<![\w&.\-(])%s(?![\w&)])" % re.escape(short), text):
            if m.start() > e["start"] and not any(a <= m.start() < b for a, b in taken):
                e["mentions"].append({"start": m.start(), "end": m.end(), "text": m.group()})


def find(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    pats = _patterns()
    heads = _heads()
    starts = WordStarts(doc)
    places = _places(doc)
    place_starts = set(places)
    blocked = [(m.start(), m.end()) for m in pats["not"].finditer(text)]
    entries: dict[str, dict] = {}
    order: list[str] = []
    last_end = -1
    for m in pats["head"].finditer(text):
        hs, he = m.start(), m.end()
        if hs < last_end or any(a <= hs < b or a < he <= b for a, b in blocked):
            continue
        head = m.group()
        if head == "Vụ" and (hs == 0 or text[hs - 1] == "\n"):
            continue  # a headline "Vụ …" is a case, not a department
        if head.casefold() in _ONE_WORD_HEADS_IN_NAMES:
            prev = _PREV_WORD.search(text, max(0, hs - 12), hs)
            if prev and prev.group(1)[0].isupper() and not _is_acronym(prev.group(1)) \
                    and prev.group(1) not in _cap_stop():
                continue  # "Nguyễn Trường Tộ", "Hải Phòng": a syllable of a name
        kind, mode, short = heads[head.casefold()]
        end = he
        if mode == "named":
            end = _parse_name(text, he, starts, pats, place_starts, True, head)
            if end == he:
                continue
        elif mode == "place":
            end = _parse_name(text, he, starts, pats, place_starts, False, head) \
                if not _is_acronym(head) and head not in ("Công an",) else he
            # "MTTQ Việt Nam", "Đoàn Thanh niên Cộng sản Hồ Chí Minh" are kept whole
        location = None
        if mode in ("named", "place"):
            end, location = _parse_place(text, end, pats, places)
            if mode == "place" and end == he and head in ("Đảng bộ", "Chi bộ", "Ban Chấp hành",
                                                          "Ban Thường vụ", "Đoàn Thanh niên"):
                continue
        name = text[hs:end].rstrip(" -–.")
        if head[0].islower() and name[len(head):].strip() in ("Chuyên trách", "Thường trực"):
            continue  # "Phó ban Chuyên trách": part of a title
        end = hs + len(name)
        if kind == "state" and re.search(r"MTTQ|Mặt trận Tổ quốc", name):
            kind = "front"
        if kind == "state" and head.casefold() in ("ban", "ban quản lý") and \
                re.search(r"(?:Tỉnh|Thành|Huyện|Quận|Đảng|Thị) ủy|Trung ương", name):
            kind = "party"
        paren = _PARENS.match(text, end)
        if paren and (pats["province"].fullmatch(paren.group(1)) or end + 2 in places
                      or end + 1 in places):
            paren = None  # "BV Nhi đồng 1 (TP.HCM)": a place, not the body's acronym
        acronym = paren.group(1) if paren else None
        if paren and mode in ("named", "place"):
            # "Ban An toàn giao thông (ATGT) TP.HCM": the place may follow the acronym
            after, loc2 = _parse_place(text, paren.end(), pats, places)
            if after > paren.end() and loc2:
                end, location = after, location or loc2
                name = text[hs:end]
        rest = name[len(head):]
        key_head = short if short and not acronym else head
        key = (key_head + rest).lower() if not acronym else (acronym + (rest if mode == "place" else "")).lower()
        if key not in entries:
            order.append(key)
            entries[key] = {
                "start": hs, "end": end, "text": name, "name": name,
                "short": acronym or short or (head if _is_acronym(head) else None),
                "kind": kind, "location": location, "mentions": [],
            }
        entry = entries[key]
        entry["mentions"].append({"start": hs, "end": end, "text": name})
        if entry["name"][0].islower() and name[0].isupper():
            # "Trưởng ban Dân vận Tỉnh ủy" then "Ban Dân vận Tỉnh ủy": the body's own spelling
            entry.update(start=hs, end=end, text=name, name=name)
        if acronym:
            ak = (acronym + (rest if mode == "place" else "")).lower()
            entries.setdefault(ak, entries[key])
        last_end = max(end, paren.end() if paren else end)
    _acronym_mentions(text, entries)
    seen, items = set(), []
    for k in order:
        e = entries[k]
        if id(e) in seen:
            continue
        seen.add(id(e))
        items.append(e)
    return items


FACTORY = register("organizations", find)
