"""Officials and people: named persons, with their position phrase when the article gives one.

How it works (all on ``doc_text(doc)``, with regexes compiled once):

1. *Name candidates*: runs of capitalized syllables ("Phạm Ngọc Tiệp"), all-caps runs
   ("NGUYỄN THU THỦY"), and initials after an honorific ("ông L.T.H."). A run is cleaned of a
   leading honorific/rank ("Ông", "BS") and of a leading place name ("Hà Nội Hoàng Trung Hải",
   "xã Thuần Mỹ Phạm Văn Sơn"). It is a name when it starts with a surname of the shipped
   lexicon, or when an honorific, a rank, a role word or a title introduces it. Runs inside
   facility names ("Trường THPT Phan Huy Chú", "đường Phạm Ngũ Lão"), byline authors and photo
   credits are not names.
2. *Position phrases* around each mention: "Title Org Name", "Title Org - Name",
   "Name, Title Org", "Name - Title Org", "Name (Title Org)", "Name làm Title"; titles come from
   ``persons_titles.txt`` (with "nguyên" → former, "quyền" → acting; "kiêm" and ", Title" join).
3. *Entries*: one per person (full name); later short forms ("ông Tiệp", "Chủ tịch Tâm",
   "cháu Mơ Lo") become mentions. A person with a position (or a military rank) is an
   official, with the fullest position phrase; the others are people.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .base import alternation, data_lines, doc_text, read_items, register, segments
from .names import (
    CAP,
    CAP_RUN,
    CAPS_RUN,
    INITIALS,
    LO,
    UP,
    WB_L,
    fold,
    honorific_tail_re,
    honorifics,
    place_names,
    rank_re,
    ranks,
    stopwords,
    surname_firsts,
    surnames,
    title_at_re,
    title_re,
    titles,
)

# Words right before a run that make it part of a facility or place name, not a person.
_FACILITY = re.compile(
    rf"(?:\b(?:{alternation(data_lines('persons_facility_words.txt'))}|(?<!thành )(?<!Thành )phố)"
    r"|\d)\s*[:.]?\s*$"
)
# Administrative level words: the run after them starts with the unit's name.
_LEVEL = re.compile(
    r"(?:\b(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?|huyện|Huyện|quận|Quận|thị xã|Thị xã|"
    r"xã|Xã|phường|Phường|thị trấn|Thị trấn))\s*$"
)
_PHOTO = re.compile(r"(?:Ảnh|ẢNH|Nguồn|Video|Clip|Đồ họa|Minh họa|Theo)\s*:?\s*$")
_BOUNDARY = re.compile(r"[.;:!?“”\"\n…]")
_LEFT_SEP = re.compile(r"(?:\s*[-–—,]\s*|\s+)$")
_RIGHT_INTRO = re.compile(r"^(?:\s*,\s*|\s+[-–—]\s+|\s*\(\s*|\s+(?:làm|là|giữ chức(?: vụ)?|đảm nhận|đảm nhiệm)\s+)")
_TOKEN = re.compile(r"\([^()\n]{0,120}\)|[^\s,()]+|,")
_FOREIGN = re.compile(r"^[A-Za-z]{5,}$")
_MIDDLE = {"Thị", "Văn", "Công", "Đức", "Hữu", "Quốc", "Minh", "Ngọc", "Xuân", "Thanh", "Hoàng"}
_HISTORIC = {"hồ chí minh": "Hồ Chí Minh"}
_HCM_PERSON = re.compile(r"(?:tư tưởng|đạo đức|phong cách|tấm gương|gương|Chủ tịch|Bác|Người|lời)\s*,?\s*$")
_BAC_HO = re.compile(rf"{WB_L}Bác Hồ(?![\w])")
_LOWER_LEVELS = {"tỉnh", "huyện", "quận", "xã", "phường", "thị", "thành", "tp", "tp.", "thị trấn"}
_ROLE_RIGHT = None
_FACILITY_CAP = {"Đường", "Phố", "Cầu", "Chợ", "Trường", "Bến", "Ngõ", "Hẻm", "Quận", "Huyện", "Tỉnh",
                 "Xã", "Phường", "Sông", "Núi", "Đảo", "Bệnh", "Giải", "Lăng", "Đền", "Chùa", "Làng",
                 "Bản", "Thôn", "Ấp", "Khu", "Tổ", "Công", "Nhà", "Tập", "Trung", "Sân", "Hội", "Ban",
                 "Cục", "Vụ", "Sở", "Bộ", "Viện", "Phòng", "Đảng", "Thành", "Thị", "Quỹ", "Tàu"}
_CUT_WORDS = {"Trong", "Bên", "Theo", "Tại", "Sau", "Trước", "Khi", "Với", "Ngoài", "Cùng", "Đây",
              "Để", "Nhưng", "Tuy", "Do", "Vì", "Nếu", "Còn", "Các", "Những", "Một", "Hiện", "Ngày",
              "Sáng", "Chiều", "Tối", "Tháng", "Ảnh", "Nguồn", "Video",
              "Báo", "Đài", "Tạp", "Sở", "Bộ", "Cục", "Ban", "Viện", "Quận", "Huyện", "Tỉnh", "Xã",
              "Phường", "Bệnh", "Ủy", "UBND", "Tổng", "Chủ", "Phó", "Giám", "Trưởng"}
# ", B và C" inside an organization name: "Sở Văn hóa, Thể thao và Du lịch"
_ORG_ENUM = re.compile(rf"[{UP}][{LO}]*(?: [{UP}{LO}][{LO}]*){{0,3}} và [{UP}]")
# personal titles that stand alone before a name (no organization after them)
_NEXT_ENTRY = re.compile(r"\s*[,;]\s*|\s+[-–—]\s+|\s+(?:và|cùng)\s+")
_LIST_JOIN = re.compile(r"(?:^|\s)(?:và|cùng|với|cùng với|cùng các|và các)$")
_NEXT = re.compile(r" ([^\s,.;:!?()]+)")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT.match(text, pos)
    return m.group(1) if m else ""


@lru_cache(maxsize=None)
def _stop_folded() -> frozenset:
    return frozenset(fold(w) for w in stopwords() if " " in w)


def _role_right_re() -> re.Pattern:
    global _ROLE_RIGHT
    if _ROLE_RIGHT is None:
        alt = alternation((w for w, k in honorifics().items() if k == "role"), ignore_case=True)
        _ROLE_RIGHT = re.compile(rf"^\s*,\s*(?:một|là)?\s*({alt}|người [\wÀ-ỹ]+)(?![\w])", re.IGNORECASE)
    return _ROLE_RIGHT


@lru_cache(maxsize=None)
def _bare_title_left_re() -> re.Pattern:
    """A personal title that stands alone right before a name ("luật sư ")."""
    return re.compile(rf"{WB_L}(?:{alternation(data_lines('persons_titles_bare.txt'), ignore_case=True)})\s+$",
                      re.IGNORECASE)


@lru_cache(maxsize=None)
def _title_tail_re() -> re.Pattern:
    """A title at the end of a string ("... Luật sư ")."""
    return re.compile(rf"{WB_L}(?:{alternation(titles(), ignore_case=True)})\s*$", re.IGNORECASE)


def _syllables(text: str, start: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for part in text.split(" "):
        out.append((pos, pos + len(part)))
        pos += len(part) + 1
    return out


def _is_surname_led(words: list[str]) -> bool:
    if not words:
        return False
    first = words[0][:1] + words[0][1:].lower()
    if first not in surname_firsts():
        return False
    if len(words) >= 2 and f"{first} {words[1][:1]}{words[1][1:].lower()}" in surnames():
        return len(words) >= 3
    return first in surnames()


class _Occ:
    __slots__ = ("start", "end", "name", "honorific", "rank", "role", "position", "title",
                 "organization", "former", "acting", "initials", "military", "strong", "pos_span")

    def __init__(self, start, end, name):
        self.start, self.end, self.name = start, end, name
        self.honorific = self.rank = self.role = self.position = self.title = None
        self.organization = None
        self.former = self.acting = self.initials = self.military = self.strong = False
        self.pos_span = None


def _line_start(text: str, pos: int) -> int:
    i = text.rfind("\n", 0, pos)
    return i + 1


def _left_context(text: str, start: int, limit: int = 260) -> tuple[int, str]:
    ls = max(_line_start(text, start), start - limit)
    return ls, text[ls:start]


def _strip_intro(occ: _Occ, text: str, ls: int, left: str) -> int:
    """Strip honorifics and ranks right before the name; return the new left end (absolute)."""
    end = ls + len(left)
    for _ in range(3):
        seg = text[ls:end]
        cut = max(0, len(seg) - 40)
        m = honorific_tail_re().search(seg, cut)
        if m and m.start() > 0:
            tm = _title_tail_re().search(seg, cut)
            if tm and tm.start() < m.start():
                break  # "Luật sư Name": the title, not the role word "sư"
        if m:
            word = m.group(1)
            kind = honorifics().get(word) or honorifics().get(word[:1].lower() + word[1:])
            if kind == "role":
                occ.role = occ.role or word.lower()
            else:
                occ.honorific = occ.honorific or word.lower()
            occ.strong = True
            end = ls + m.start()
            continue
        m = None
        for rm in rank_re().finditer(seg, cut):
            if seg[rm.end():].strip() == "" or seg[rm.end():].strip() in {",", "-"}:
                m = rm
        if m:
            occ.rank = occ.rank or m.group(0)
            if ranks().get(m.group(0)) == "military":
                occ.military = True
            occ.strong = True
            end = ls + m.start()
            # "Thiếu tướng, Phó cục trưởng": keep looking left
            continue
        break
    return end


def _clean_phrase(s: str) -> str:
    return s.strip().strip("-–—,: ").strip()


def _phrase_ok(tokens: list[str]) -> bool:
    stop = stopwords()
    toks = [t.strip(",.()") for t in tokens]
    for i, t in enumerate(toks):
        if t[:1].islower():
            if t in stop:
                return False
            if i + 1 < len(toks) and f"{t} {toks[i + 1]}" in stop:
                return False
    return True


def _commas_ok(tail: str) -> bool:
    """In "A, B Name" every piece after a comma must start with a title."""
    pieces = tail.split(",")
    return all(title_at_re().match(p.strip()) or _ORG_ENUM.match(p.strip()) for p in pieces[1:])


def _split_title(position: str) -> tuple[str | None, str | None]:
    """Head title and organization of a position phrase."""
    found = list(title_re().finditer(position))
    if not found:
        return None, None
    head = found[0]
    if head.group(0).lower().startswith("ủy viên") and len(found) > 1:
        head = found[1]
    rest = position[head.end():]
    stop = None
    for sm in re.finditer(r",| kiêm | - |\s[-–]\s", rest):
        if sm.group(0) == "," and not title_at_re().match(rest[sm.end():].strip()) \
                and _ORG_ENUM.match(rest[sm.end():].strip()):
            continue  # "Sở Văn hóa, Thể thao và Du lịch": the comma is inside the name
        stop = sm
        break
    org = _clean_phrase(rest[:stop.start()] if stop else rest)
    return head.group(0), (org or None)


def _left_position(occ: _Occ, text: str, ls: int, end: int) -> None:
    seg_full = text[ls:end]
    # cut at the last sentence boundary (keep "(...)" groups: they belong to the org)
    b = 0
    for m in _BOUNDARY.finditer(seg_full):
        if m.group(0) == "." and m.end() < len(seg_full) and not seg_full[m.end():m.end() + 1].isspace():
            continue  # "TP.HCM"
        b = m.end()
    seg = seg_full[b:]
    sep = _LEFT_SEP.search(seg)
    core = seg[:sep.start()] if sep else seg
    if not core:
        return
    matches = list(title_re().finditer(core))
    if not matches:
        return
    start = None
    later = None
    for m in reversed(matches):
        if later is not None and not re.search(r"(?:,|\bkiêm|\bvà|[-–])\s*$", core[:later.start()]):
            break
        tail = core[m.end():]
        toks = [t for t in tail.split() if t]
        if len(toks) > 18:
            break
        if later is not None:
            if any(_names_next_person(core, cm.start())
                   for cm in CAP_RUN.finditer(core, m.end(), later.start())):
                break  # "Title1 Org Name1, Title2 Org Name2": Title1 is Name1's
        # the words between this title and the name (other titles removed) must be org-like
        inner = title_re().sub(" ", tail)
        if not _phrase_ok(inner.replace(",", " ").split()) or not _commas_ok(tail):
            break
        if tail and not tail.startswith(" ") and not tail.startswith(","):
            continue
        if tail.count("(") != tail.count(")") or re.search(r"\)\s+(?:và|,)", tail):
            break
        start = m.start()
        later = m
    if start is None:
        return
    # a comma between the title and the name must be followed by another title ("A, Bí thư X Name")
    phrase = core[start:]
    pre = core[:start]
    pm = re.search(r"(?:^|\s)(nguyên|quyền|Nguyên|Quyền)\s+$", pre)
    if pm:
        start = pm.start(1)
        phrase = core[start:]
        if pm.group(1).lower() == "nguyên":
            occ.former = True
        else:
            occ.acting = True
    phrase = _clean_phrase(phrase)
    if not phrase or _LIST_JOIN.search(phrase):
        return  # "X, Title Org và đồng chí Name": the title is X's, not Name's
    occ.position = phrase
    occ.pos_span = (ls + b + start, end)
    occ.strong = True


def _names_next_person(r: str, at: int, need_next: bool = True) -> bool:
    """A surname-led run of 2-4 capitalized syllables at ``at`` (not a place, not inside a
    facility name): another person's name. With ``need_next`` it must also be followed by the
    next list entry's title (", Phó Chủ tịch …", " - Chủ tịch …", " và Đại tá …")."""
    cm = CAP_RUN.match(r, at)
    if not cm:
        return False
    ws = cm.group(0).split(" ")
    before = r[max(0, at - 40):at]
    historic = fold(cm.group(0)) in _HISTORIC and _HCM_PERSON.search(before)
    if not (2 <= len(ws) <= 4 and _is_surname_led(ws)) or (fold(cm.group(0)) in place_names()
                                                             and not historic):
        return False
    if need_next:
        nm = _NEXT_ENTRY.match(r, cm.end())
        if not nm or not (nm.group(0).strip() in {"và", "cùng"}
                          or title_at_re().match(r, nm.end()) or rank_re().match(r, nm.end())
                          or honorific_tail_re().search(r[nm.end():nm.end() + 12].split(" ")[0])):
            return False
    if _LEVEL.search(before) and (len(ws) < 3 or not need_next):
        return False  # "huyện Lê Thủy": a unit named after a person
    return not (_FACILITY.search(before) or title_at_re().match(r, at))


def _right_position(occ: _Occ, text: str) -> None:
    r = text[occ.end:occ.end + 300]
    nl = r.find("\n")
    if nl >= 0:
        r = r[:nl]
    m = _RIGHT_INTRO.match(r)
    if not m:
        return
    paren = "(" in m.group(0)
    pos = m.end()
    rm = _role_right_re().match(r)
    tm = title_at_re().match(r, pos)
    if not tm and rm:
        comma = r.find(",", rm.end(), rm.end() + 40)
        if comma >= 0 and _phrase_ok(r[rm.end():comma].split()):
            tm2 = title_at_re().match(r, comma + 1 + (r[comma + 1:comma + 2] == " "))
            if tm2 and tm2.group(0)[:1].isupper():
                tm = tm2
    if not tm:
        if rm and not occ.role:
            occ.role = rm.group(1).lower()
        return
    words_in_title = tm.group(0)
    if not words_in_title[:1].isupper() and not title_re().fullmatch(tm.group(2)):
        return
    end = tm.end()
    i = end
    in_cont = False
    skip_to = -1
    last_cont_i = end
    for tok in _TOKEN.finditer(r, end):
        t = tok.group(0)
        if tok.start() < skip_to:
            i = tok.end()
            continue
        if t[:1].isupper():
            if in_cont and _names_next_person(r, tok.start(), need_next=False):
                i = last_cont_i
                break  # "X – Bí thư Tỉnh ủy, Lê Văn A – …": the list goes on with another person
            if not in_cont and _names_next_person(r, tok.start()):
                return  # "X, Chủ tịch UBND tỉnh Nguyễn Văn A, Phó …": the phrase is the next person's
        if t == ",":
            last_cont_i = i
        if paren and t.startswith(")"):
            break
        if t == ",":
            in_cont = True
            if paren:
                i = tok.end()
                continue
            nxt = _TOKEN.match(r, tok.end() + 1) if tok.end() < len(r) else None
            if nxt is None:
                break
            n = nxt.group(0)
            ctm = title_at_re().match(r, nxt.start())
            if ctm and n[:1].isupper():
                skip_to = ctm.end()  # the words of a following title ("Chủ tịch") are all kept
                continue
            if n[:1].isupper() or n.lower() in _LOWER_LEVELS or ctm:
                continue
            break
        if _BOUNDARY.search(t[:1]) or t[:1] in "“”\"":
            break
        if t == "tại" and _next_word(r, tok.end())[:1].islower():
            break
        if t == "vừa" and r[max(0, tok.start() - 7):tok.start()] == "nhỏ và ":
            i = tok.end()
            continue
        if t[:1].islower() and t.strip(".,") in stopwords():
            break
        if t[:1].islower() and f"{t} {_next_word(r, tok.end())}" in stopwords():
            break
        if in_cont and t[:1].islower() and t.lower() not in _LOWER_LEVELS and not paren \
                and not (t == "ương" and r[max(0, tok.start() - 6):tok.start()] == "Trung "):
            break
        if _BOUNDARY.search(t[-1:]) and not t.startswith("("):
            # token ends a sentence / clause ("tỉnh." or "HCM:")
            if t[-1] == "." and re.search(r"\.\w", t):
                i = tok.end()
                continue
            i = tok.end() - 1
            break
        i = tok.end()
    if paren:
        close = r.find(")", end)
        if close >= 0 and close < i + 1:
            i = close
    phrase = _clean_phrase(r[pos:i])
    if tm.start() > pos + 40 or (tm.start() > pos and not _phrase_ok(r[pos:tm.start()].split())):
        return
    if phrase.endswith("(") or phrase.count("(") != phrase.count(")"):
        phrase = _clean_phrase(phrase.rsplit("(", 1)[0]) if phrase.count("(") > phrase.count(")") else phrase
    if not phrase:
        return
    if tm.group(1):
        if tm.group(1).lower() == "nguyên":
            occ.former = True
        else:
            occ.acting = True
    if occ.position is None or len(phrase) > len(occ.position):
        occ.position = phrase
        occ.pos_span = (occ.end + pos, occ.end + i)
    occ.strong = True


def _right_only(occ: _Occ, text: str) -> bool:
    probe = _Occ(occ.start, occ.end, occ.name)
    _right_position(probe, text)
    return bool(probe.position)


_MAX_PLACE_WORDS = 6


def _trim_place_prefix(words: list[str], offs: list[tuple[int, int]], after_level: bool,
                       places: set[str]):
    """Drop a leading place name from a capitalized run ("Hà Nội Hoàng Trung Hải")."""
    n = len(words)
    # place names are at most _MAX_PLACE_WORDS long: longer prefixes need no lookup (and a long
    # run of capitalized words stays linear)
    for k in range(min(n - 1, _MAX_PLACE_WORDS), 0, -1):
        if fold(" ".join(words[:k])) in places:
            return words[k:], offs[k:]
    if after_level:
        if 3 <= n <= 4 and _is_surname_led(words) and fold(" ".join(words)) not in places:
            return words, offs  # "Bệnh viện Phổi tỉnh Trương Hồng Lĩnh"
        for k in range(max(1, n - 4), n - 2):
            if _is_surname_led(words[k:]) and 3 <= n - k <= 4 \
                    and fold(" ".join(words[k:])) not in places:
                return words[k:], offs[k:]
        return None, None
    return words, offs


def _candidates(doc: Doc, text: str | None = None) -> list[_Occ]:
    text = doc_text(doc) if text is None else text
    authors_prefix = {fold(a.get("name", "")) for a in read_items(doc, "authors")
                      if len(a.get("name", "").split()) == 2}
    places = set(place_names())
    for it in read_items(doc, "locations"):
        if it.get("name"):
            places.add(fold(it["name"]))
    hon = honorifics()
    hon_lower = {w.lower(): k for w, k in hon.items()}
    occs: list[_Occ] = []
    taken: list[tuple[int, int]] = []

    for m in _BAC_HO.finditer(text):
        o = _Occ(m.start(), m.end(), "Bác Hồ")
        o.strong = True
        occs.append(o)
        taken.append((m.start(), m.end()))

    for m in CAP_RUN.finditer(text):
        words = m.group(0).split(" ")
        offs = _syllables(m.group(0), m.start())
        if any(s <= m.start() < e for s, e in taken):
            continue
        # leading capitalized honorifics / roles / ranks ("Ông", "Bà", "Anh", "Bé", "Cháu")
        lead_hon = None
        while words and (words[0].lower() in hon_lower) and hon_lower[words[0].lower()] == "honorific" \
                and len(words) >= 2:
            before = text[max(0, offs[0][0] - 3):offs[0][0]]
            if offs[0][0] > 0 and not re.search(r"(?:^|[.!?:“”\"(\n…]\s*|[-–]\s)$", before) \
                    and not before.endswith("\n") and not (len(words) >= 4 and _is_surname_led(words[1:])):
                words = []  # "văn hóa Bà La Môn", "tỉnh Bà Rịa": not an honorific mid-sentence
                break
            lead_hon = words[0].lower()
            words, offs = words[1:], offs[1:]
        if not words:
            continue
        if lead_hon is None and len(words) >= 2 and words[0] in _FACILITY_CAP and not (
                len(words) >= 4 and _LEVEL.search(text[max(0, offs[0][0] - 40):offs[0][0]])
                and any(fold(" ".join(words[:k])) in places for k in (2, 3))):
            continue  # (but "tỉnh Bến Tre Lê Văn A": a unit name, then the person)
        if title_at_re().match(text, offs[0][0]):
            continue
        for j in range(1, len(words)):
            if (j >= 2 and words[j] in _CUT_WORDS and _is_surname_led(words[:j])) \
                    or words[j] in {"Tôi", "Chúng", "Họ"} or title_at_re().match(text, offs[j][0]):
                words, offs = words[:j], offs[:j]
                break
        if authors_prefix and fold(words[0] + " " + (words[1] if len(words) > 1 else "")) in authors_prefix:
            continue
        if len(words) >= 2 and fold(f"{words[-1]} {_next_word(text, offs[-1][1])}") in _stop_folded():
            words, offs = words[:-1], offs[:-1]  # "Đào Minh Tú Chia sẻ"
        if not words:
            continue
        s0 = offs[0][0]
        ls, left = _left_context(text, s0)
        after_level = bool(_LEVEL.search(left[-40:]))
        fm = _FACILITY.search(left[-40:]) if lead_hon is None else None
        if fm and not (fm.group(0).strip()[:1].isdigit() and len(words) >= 3 and _is_surname_led(words)
                       and title_re().search(left[-120:])):
            continue
        introduced = lead_hon is not None or bool(honorific_tail_re().search(left[-40:]))
        if not (introduced and 3 <= len(words) <= 4 and _is_surname_led(words)
                and fold(" ".join(words)) not in places):
            # "đồng chí Hà Trung Kiên": after an honorific a surname-led run is a name, even
            # when its first syllables spell a district
            words, offs = _trim_place_prefix(words, offs, after_level, places)
        if not words:
            continue
        start, end = offs[0][0], offs[-1][1]
        if len(words) >= 2 and len(words[-1]) == 1 and text[end:end + 1] == ".":
            end += 1
        name = text[start:end]
        if len(words) > 5:
            continue
        occ = _Occ(start, end, name)
        if lead_hon:
            occ.honorific = lead_hon
            occ.strong = True
        ls, left = _left_context(text, start)
        if _PHOTO.search(left[-30:]):
            continue
        new_end = _strip_intro(occ, text, ls, left)
        _left_position(occ, text, ls, new_end)
        _right_position(occ, text)
        key = fold(name)
        if key in _HISTORIC:
            if key == "hồ chí minh" and not _HCM_PERSON.search(left[-40:]):
                continue
            occ.position = None
            occ.military = False
            occs.append(occ)
            continue
        surname_ok = _is_surname_led(words)
        if len(words) == 1:
            # a single syllable is a full name only for foreign names with a role phrase
            if not (_FOREIGN.match(name) and (occ.honorific or occ.rank)):
                occ.name = None  # maybe a short reference: resolved later
                occ.strong = occ.strong or bool(occ.position)
                occs.append(occ)
            else:
                occs.append(occ)
            continue
        if key in places or key in place_names():
            continue
        if not surname_ok:
            # ethnic / foreign names need an introducing word
            if not (occ.honorific or occ.role or occ.rank or occ.position):
                continue
            if occ.position and not (occ.honorific or occ.role or occ.rank):
                # "Chủ tịch Hội Nông dân Việt Nam" is not a name: require name-like words
                if len(words) < 2 or any(w in {"Nam", "Việt", "Quốc", "Hội"} for w in words):
                    continue
                # a bare personal title right before the run introduces a (foreign) name:
                # "luật sư Anna Weber", "Thẩm phán John Miller"; a title with an organization
                # ("Chủ tịch Hội …") does not
                if not (_bare_title_left_re().search(left[-30:]) and title_re().fullmatch(occ.position)
                        and len(words) <= 3 and not any(w in _FACILITY_CAP for w in words)):
                    continue
        elif not (occ.strong or occ.position):
            # a bare surname-led run: accept 3+ syllables, or 2 with a typical middle
            if len(words) < 3 and not (len(words) == 2 and words[1] in _MIDDLE and False):
                occ.name = name
                occ.strong = False
                occ.initials = False
                occs.append(occ)  # weak: kept only if confirmed by another mention
                continue
            if after_level:
                continue
        occs.append(occ)
    # all-caps names: "Bà NGUYỄN THU THỦY"
    for m in CAPS_RUN.finditer(text):
        words = m.group(0).split(" ")
        if len(words) > 5 or not _is_surname_led([w[:1] + w[1:].lower() for w in words]):
            continue
        occ = _Occ(m.start(), m.end(), m.group(0))
        ls, left = _left_context(text, m.start())
        if _PHOTO.search(left[-30:]):
            continue
        new_end = _strip_intro(occ, text, ls, left)
        _left_position(occ, text, ls, new_end)
        _right_position(occ, text)
        if not (occ.honorific or occ.rank or occ.position):
            continue
        occs.append(occ)
    # initials after an honorific or role word: "ông L.T.H.", "anh H."
    for m in INITIALS.finditer(text):
        ls, left = _left_context(text, m.start())
        occ = _Occ(m.start(), m.end(), m.group(0))
        new_end = _strip_intro(occ, text, ls, left)
        if new_end == ls + len(left):
            continue
        if not (occ.honorific or occ.role):
            continue
        occ.initials = True
        occs.append(occ)
    # a patient or child written by initials in capitals: "bệnh nhân PTTD (34 tuổi"
    for m in re.finditer(rf"{WB_L}(?:bệnh nhân|bệnh nhi|cháu|bé|nạn nhân|sản phụ) ([{UP}]{{2,5}})(?= \(\d+ tuổi)",
                         text):
        occ = _Occ(m.start(1), m.end(1), m.group(1))
        occ.role = m.group(0).rsplit(" ", 1)[0]
        occ.initials = True
        occ.strong = True
        occs.append(occ)
    return occs


def _short_ref_re() -> re.Pattern:
    return _SHORT


_SHORT = None


def _item(text, start, end, **fields):
    return {"start": start, "end": end, "text": text[start:end], **fields}


def find(doc: Doc) -> dict[str, list[dict]]:
    text = doc_text(doc)
    authors = {fold(a.get("name", a.get("text", ""))) for a in read_items(doc, "authors")}
    byline_spans = [(s["start"], s["end"]) for s in segments(doc) if s.get("kind") == "byline"]

    def in_byline(o):
        return any(s <= o.start < e for s, e in byline_spans)

    occs = [o for o in _candidates(doc, text) if not in_byline(o)]
    # a name inside another person's position phrase is part of it ("văn phòng luật sư Nguyễn Anh")
    kept: list[_Occ] = []
    spans: list[tuple[int, int]] = []
    for o in sorted(occs, key=lambda o: o.start):
        if any(a <= o.start and o.end <= b for a, b in spans):
            continue
        kept.append(o)
        if o.pos_span and o.name:
            spans.append(o.pos_span)
    occs = kept
    # entries keyed by folded full name, in order of first mention
    entries: dict[str, dict] = {}
    order: list[str] = []
    full = [o for o in occs if o.name]
    strong_keys = {fold(o.name) for o in full if o.strong or o.position}
    for o in sorted(full, key=lambda o: o.start):
        k = fold(o.name)
        if k in authors:
            continue
        if not (o.strong or o.position) and k not in strong_keys and len(o.name.split()) < 3:
            continue
        if k not in entries:
            entries[k] = {"occs": [], "name": o.name}
            order.append(k)
        entries[k]["occs"].append(o)
    # merge a shorter full name into a longer one that ends with it ("Mơ Lo" → "Y Khương Mơ Lo")
    for k in list(order):
        for k2 in order:
            if k2 != k and k2.endswith(" " + k) and k in entries and k2 in entries:
                entries[k2]["occs"].extend(entries[k]["occs"])
                del entries[k]
                order.remove(k)
                break
    # single-syllable references: "ông Tiệp", "Chủ tịch Tâm", "anh Mười"
    last_syl: dict[str, list[str]] = {}
    family_first: dict[str, list[str]] = {}
    for k in order:
        if entries[k]["occs"][0].initials:
            continue
        last_syl.setdefault(k.split()[-1], []).append(k)
        if len(k.split()) >= 2 and "-" in k.split()[-1] and "-" not in k.split()[0]:
            # a hyphenated given name puts the family name first: "ông Park" for "Park Sung-min"
            family_first.setdefault(k.split()[0], []).append(k)
    initials_last = {}
    for k in order:
        o0 = entries[k]["occs"][0]
        if o0.initials and len(k) > 2:
            # "L.T.H." → "H."; "PTTD" (capitals without dots) → "D."
            last = k.rstrip(".").split(".")[-1] if "." in k else k[-1:]
            initials_last.setdefault(last + ".", []).append(k)
    for k in list(order):
        o0 = entries[k]["occs"][0]
        if o0.initials and k in initials_last and len(initials_last[k]) == 1 and k not in initials_last[k]:
            entries[initials_last[k][0]]["occs"].extend(entries[k]["occs"])
            del entries[k]
            order.remove(k)
        elif len(k.split()) == 2 and k.split()[0] in last_syl and not _is_surname_led(o0.name.split()):
            for o in entries[k]["occs"]:
                o.end = o.start + len(o.name.split()[0])
                o.name = None
                occs.append(o)
            del entries[k]
            order.remove(k)
    if "bác hồ" in entries and "hồ chí minh" in entries:
        entries["hồ chí minh"]["occs"].extend(entries.pop("bác hồ")["occs"])
        if "bác hồ" in order:
            order.remove("bác hồ")
    for o in occs:
        if o.name is not None or not (o.honorific or o.rank or o.position or o.role):
            continue
        syl = fold(text[o.start:o.end])
        cands = [k for k in last_syl.get(syl, []) if k in entries] \
            or [k for k in family_first.get(syl, []) if k in entries]
        if len(cands) == 1:
            entries[cands[0]]["occs"].append(o)
        elif len(cands) > 1:
            before = [k for k in cands if entries[k]["occs"][0].start < o.start]
            if before:
                best = max(before, key=lambda k: max(x.start for x in entries[k]["occs"] if x.start < o.start))
                entries[best]["occs"].append(o)

    officials, people = [], []
    for k in order:
        if k not in entries:
            continue
        e = entries[k]
        os_ = sorted(e["occs"], key=lambda o: o.start)
        fulls = [o for o in os_ if o.name and fold(o.name) == k]
        first = fulls[0] if fulls else os_[0]
        mentions, seen = [], set()
        for o in os_:
            if (o.start, o.end) in seen:
                continue
            seen.add((o.start, o.end))
            mentions.append({"start": o.start, "end": o.end, "text": text[o.start:o.end]})
        honorific = next((o.honorific for o in os_ if o.honorific), None)
        rank = next((o.rank for o in os_ if o.rank), None)
        role = next((o.role for o in os_ if o.role), None)
        positioned = [o for o in os_ if o.position]
        military = any(o.military for o in os_)
        if positioned or military:
            best = max(positioned, key=lambda o: (len(o.position), -o.start)) if positioned else None
            position = best.position if best else rank
            title, org = _split_title(position) if best else (rank, None)
            officials.append(_item(text, first.start, first.end, name=e["name"], position=position,
                                   title=title, organization=org,
                                   former=bool(best and best.former), acting=bool(best and best.acting),
                                   honorific=honorific, rank=rank, mentions=mentions))
        else:
            people.append(_item(text, first.start, first.end, name=e["name"], honorific=honorific,
                                rank=rank, role=role, initials=any(o.initials for o in os_),
                                mentions=mentions))
    return {"officials": officials, "people": people}


FACTORY = register(("officials", "people"), find, name="vnx_persons")
