"""locations: administrative units and named places, linked to Vietnam's administrative map.

Three passes over ``doc.text`` (regexes compiled once; no per-token loops):

1. *Level mentions*: a level word (tỉnh, thành phố/TP, huyện, quận, thị xã, xã, phường, thị trấn,
   ấp, khu phố, thôn, làng, bản, xóm, khóm) followed by a capitalized name or a number
   ("quận 4"); TP.HCM / TPHCM / TP HCM are "thành phố Hồ Chí Minh". The name is cut with the
   map (longest known name) or before a surname ("UBND tỉnh Long An Trần Văn A"). Lists
   continue the level ("4 tỉnh Hà Tĩnh, Quảng Bình, Quảng Trị"; "phường Nghĩa Tân, Yên Hòa").
2. *Named places*: countries, regions, rivers and seas ("sông Hương", "biển Đông", "miền Trung")
   from ``data/locations_places.txt`` and head words.
3. *Bare names*: provinces anywhere, districts of the article's provinces, when the name stands
   alone as a capitalized run (not inside a person's name, after an honorific or a facility word).

One entry per place: bare mentions join the entry that gives the place a level. Entries are then
linked to the map (``extractors.admin_map``): ``parent`` (as written next to the name, else from
the map), ``province`` (the pre-2025 province, inferred from the article's other places when
the name is ambiguous: many provinces have a "huyện Châu Thành"), ``code`` and ``current`` (the
post-2025 unit). An ambiguous name that the article does not settle keeps ``code`` null.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc

from .admin_map import admin_map, name_key
from .base import alternation, data_json, data_lines, doc_text, register

# ---------------------------------------------------------------- character classes, regexes
_UP = "".join(c for c in map(chr, range(0x41, 0x1EFA))
              if c.isupper() and unicodedata.name(c, "").startswith("LATIN"))
_LO = "".join(c for c in map(chr, range(0x61, 0x1EFA))
              if c.islower() and unicodedata.name(c, "").startswith("LATIN"))
CAPW = rf"[{_UP}][{_LO}]*(?:['’][{_LO}]+)?(?![^\W\d_]|&)"     # "Cư M’gar"
# a capitalized run: syllables joined by a space or a tight hyphen ("Thừa Thiên-Huế")
RUN = rf"{CAPW}(?:(?: |-|- ){CAPW})*"
_RUN_RE = re.compile(rf"(?<![\w&.-]){RUN}")
_SYL_RE = re.compile(rf"{CAPW}|\d+")
_CAPWORD_RE = re.compile(CAPW)
_NUM = r"\d{1,2}[A-Z]?(?!\w)(?![.,/:-]\d)"

# tier: 1 province, 2 district, 3 commune, 4 village/hamlet
LEVEL_TIER = {"tỉnh": 1, "thành phố": 1, "huyện": 2, "quận": 2, "thị xã": 2, "xã": 3, "phường": 3,
              "thị trấn": 3, "ấp": 4, "khu phố": 4, "thôn": 4, "làng": 4, "bản": 4, "xóm": 4,
              "khóm": 4}
LEVEL_RANK = {lv: i for i, lv in enumerate(LEVEL_TIER)}
NUMBERED = {"quận", "phường", "khu phố", "ấp", "khóm", "xóm", "thôn"}
# level words; abbreviations (TP, Q., P., TX., TT., H., X.) only before names the map knows
_LEVEL_ALT = ("[Tt]hành phố|T[Pp]\\.?|Q\\.|P\\.|TX\\.|TT\\.|H\\.|X\\.|[Tt]hị xã|[Tt]hị trấn|[Tt]ỉnh"
              "|[Hh]uyện|[Qq]uận|[Xx]ã|[Pp]hường|[Ấấ]p|[Kk]hu phố|[Tt]hôn|[Ll]àng|[Bb]ản|[Xx]óm|[Kk]hóm")


@lru_cache(maxsize=1)
def _words() -> dict:
    w = data_json("locations_words.json")
    return {k: (set(v) if isinstance(v, list) else v) for k, v in w.items()}


@lru_cache(maxsize=1)
def _regexes() -> dict:
    w = _words()
    mods = alternation(w["modifiers"])
    level = re.compile(
        rf"(?<![\w.&/])(?P<lvl>{_LEVEL_ALT})(?:[ ](?P<mod>{mods}))?[ ]?"
        rf"(?P<name>{RUN}(?: \d{{1,2}}(?!\w)(?![.,/:-]\d))?|(?<= ){_NUM})")
    hcm = re.compile(r"(?<![\w.])(?:(?:T[Pp]\.? ?|[Tt]hành phố )(?:HCM|Hồ Chí Minh)|TPHCM|TP\.HCM)(?![\w])")
    heads = re.compile(
        rf"(?<![\w])(?P<head>[Ss]ông|[Kk]ênh|[Bb]iển|[Vv]ịnh|hồ|[Nn]úi|[Rr]ạch|[Cc]ao nguyên) "
        rf"(?P<run>{RUN}(?: - {RUN})?)")
    region = re.compile(r"(?<![\w])[Mm]iền (?:[Bb]ắc|[Tt]rung|[Nn]am|[Tt]ây|[Đđ]ông)(?![\w])"
                        r"(?: (?:[Tt]rung )?[Bb]ộ(?![\w]))?")
    # lexicon entries with lower-case words ("châu Á", "Đồng bằng sông Cửu Long")
    lower_places = [p for p in data_lines("locations_places.txt") if any(c.islower() for c in p.split()[0][:1])
                    or any(s[:1].islower() for s in p.split())]
    lex = re.compile(r"(?<![\w])(?:" + alternation(lower_places) + r")(?![\w])") \
        if lower_places else None
    level_list = re.compile(rf"(?<![\w])(?P<lvl>tỉnh|thành phố|huyện|quận|thị xã|xã|phường)(?: \(| ?: ?)(?P<name>{RUN})")
    # "các xã miền núi như Mường Xén, Tri Lễ", "3 huyện gồm Ba Tri, Bình Đại": names the map knows
    level_such = re.compile(rf"(?<![\w])(?:[Cc]ác|[Nn]hững|[Nn]hiều|[Mm]ột số|\d+) (?P<lvl>tỉnh|thành phố|huyện|quận|thị xã|xã|phường)"
                            rf"(?: [^\W\d_A-ZĐ]+){{0,4}}? (?:như|gồm|là) ?:? ?(?P<name>{RUN})")
    return {"level": level, "level_list": level_list, "level_such": level_such, "hcm": hcm, "heads": heads,
            "region": region, "lex": lex}


@lru_cache(maxsize=1)
def _bare_lexicon() -> dict:
    """name_key -> 'place' | 'province' | 'district' for names taken without a level word."""
    amap = admin_map()
    not_bare = {name_key(n) for n in _words()["not_bare"]}
    lex = {}
    for (tier, key), units in amap.by_name.items():
        if key in not_bare or not key or key[0].isdigit():
            continue
        if tier == 2 and key not in lex and len(key.split()) >= 2:
            lex[key] = "district"
    for (tier, key), units in amap.by_name.items():
        if tier == 1 and key not in not_bare:
            lex[key] = "province"
    for p in data_lines("locations_places.txt"):
        if name_key(p) not in not_bare:
            lex[name_key(p)] = "place"
    return lex


_ABBR_LEVEL = {"tp": "thành phố", "q": "quận", "p": "phường", "tx": "thị xã", "tt": "thị trấn",
               "h": "huyện", "x": "xã"}


def _norm_level(lvl: str) -> str:
    l = lvl.lower().rstrip(".")
    return _ABBR_LEVEL.get(l, l)


# ---------------------------------------------------------------- mentions
@dataclass
class _Mention:
    start: int
    end: int
    level: str | None
    name: str
    kind: str                 # admin | province | district | place
    group: int = -1           # mentions of one list share a group
    parent: "_Mention | None" = None


def _syllables(text: str, base: int) -> list[tuple[int, int, str]]:
    return [(base + m.start(), base + m.end(), m.group(0)) for m in _SYL_RE.finditer(text)]


def _cut_name(sylls, level: str | None, strict: bool = False, tail_ok: bool = False) -> int:
    """How many syllables of a capitalized run after a level word form the place name (0: none).

    The map's longest known name wins when what follows looks like another name ("tỉnh Long An
    Trần Văn A"); an unknown name stops before a surname and may not itself look like a person's
    name. ``strict``: only names the map knows. ``tail_ok``: no acronym follows the run, so a
    word of ``name_tails`` ending it is the name's last syllable ("thôn Sơn Hội"), not the start
    of an organization ("Hội LHPN").
    """
    amap = admin_map()
    w = _words()
    n = len(sylls)
    tiers = {1: (1, 2) if level == "thành phố" else (1,), 2: (2,), 3: (3,)}.get(LEVEL_TIER.get(level, 4), ())
    g = 0
    for k in range(min(n, 6), 0, -1):
        key = name_key(" ".join(s[2] for s in sylls[:k]))
        if any(amap.by_name.get((t, key)) for t in tiers):
            g = k
            break
    if strict:
        return g
    stop = w["surnames"] | w["not_names"]
    c = n
    last = n - 2 if n >= 2 and sylls[-1][2].isdigit() else n - 1     # "ấp Mỹ Trường 2"
    for i in range(1, n):
        if sylls[i][2] in w["not_names"] and not (tail_ok and i == last and sylls[i][2] in w["name_tails"]):
            c = i
            break
        if sylls[i][2] in w["surnames"] and n - i >= 2:
            c = i
            break
    first = sylls[0][2]
    if not g and n >= 3 and first in w["surnames"] and sylls[1][2] in w["middle_names"]:
        return 0            # "UBND tỉnh Lê Văn Hải": the province goes unsaid, a person follows
    if g:
        if g == n or sylls[g][2] in stop or n - g >= 2:
            return g
        if c > 5:
            return g
    if c > 4:
        return 0
    if first in w["surnames"] and (c >= 3 or (c == 2 and sylls[1][2] in w["middle_names"])):
        return 0            # "huyện Phan Thị Hải Yến": a person after a bare level word
    return c


_ACRONYM_NEXT_RE = re.compile(r" ?[A-ZĐ]{2}")


@lru_cache(maxsize=1)
def _ethnic_keys() -> frozenset:
    return frozenset(name_key(x) for x in _words()["ethnic_groups"])


def _level_mentions(text: str) -> tuple[list[_Mention], list[_Mention]]:
    """Level-word mentions, and named places met after a level word ("các tỉnh Tây Nguyên")."""
    rx = _regexes()
    w = _words()
    amap = admin_map()
    places = _bare_lexicon()
    out: list[_Mention] = []
    extra: list[_Mention] = []
    taken = []
    for m in rx["hcm"].finditer(text):
        out.append(_Mention(m.start(), m.end(), "thành phố", "Hồ Chí Minh", "admin"))
        taken.append((m.start(), m.end()))
    group = 0
    hcm_mask = _mask(len(text), taken)
    for m in rx["level"].finditer(text):
        if hcm_mask[m.start()]:
            continue
        lvl_raw = m.group("lvl")
        level = _norm_level(lvl_raw)
        prev = _prev_word(text, m.start())
        if prev in w["not_after"].get(lvl_raw.lower(), ()) or prev.lower() in w["not_after"].get(lvl_raw.lower(), ()):
            continue
        if lvl_raw[0].isupper() and lvl_raw[-1] != "." and lvl_raw not in ("TP", "Tp") \
                and m.start() > 0 and text[m.start() - 1] == " " and _CAPWORD_RE.fullmatch(prev):
            continue                      # "Nhật Bản Abe", "Bà Huyện Thanh Quan"
        if lvl_raw[0].isupper() and re.search(r"(?:^|[\s,])\d+[A-Za-z]? $", text[max(0, m.start() - 8):m.start()]):
            continue                      # "156 Xã Đàn": a street after a house number
        name_text = m.group("name")
        nstart = m.start("name")
        abbrev = lvl_raw[-1] == "." or lvl_raw in ("TP", "Tp")
        if name_text[0].isdigit():
            if level not in NUMBERED:
                continue
            end = m.end("name")
            name = name_text
        else:
            j = re.match(rf" [-–] ({RUN})", text[m.end("name"):m.end("name") + 40])
            if j and _known_at(level, text[nstart:m.end("name") + j.end()]):
                # "tỉnh Bà Rịa - Vũng Tàu", "thành phố Phan Rang - Tháp Chàm": a spaced hyphen
                # joins only names the map knows at the level's tier
                end = m.end("name") + j.end()
                group += 1
                out.append(_Mention(m.start(), end, level, text[nstart:end], "admin", group))
                _continue_list(text, end, level, text[nstart:end], group, out)
                continue
            sylls = _syllables(name_text, nstart)
            if not sylls or (sylls[0][2] in w["not_names"] and not _cut_name(sylls, level, strict=True)):
                continue
            if LEVEL_TIER[level] <= 2 and not _same_level(sylls[0][2], level):
                # "các tỉnh Tây Nguyên": a region after a level word is a named place
                k2 = next((k2 for k2 in range(min(len(sylls), 5), 0, -1)
                           if places.get(name_key(text[sylls[0][0]:sylls[k2 - 1][1]])) == "place"
                           and not any(amap.find(t, text[sylls[0][0]:sylls[k2 - 1][1]])
                                       for t in ((1, 2) if level == "thành phố" else (LEVEL_TIER[level],)))), 0)
                if k2 and (k2 <= _cut_name(sylls, level, strict=True) or (k2 == 1 and len(sylls) > 1)):
                    k2 = 0                    # "huyện Đức Hòa": a longer unit name, not "Đức"
                if k2:
                    extra.append(_Mention(sylls[0][0], sylls[k2 - 1][1], None,
                                          text[sylls[0][0]:sylls[k2 - 1][1]], "place"))
                    continue
            if level == "bản" and name_text.isascii():
                continue                      # "phiên bản Limited Edition", "bản Repsol"
            tail_ok = not _ACRONYM_NEXT_RE.match(text, m.end("name"))
            k = _cut_name(sylls, level, strict=abbrev or level == "thành phố", tail_ok=tail_ok)
            if k and name_key(text[sylls[0][0]:sylls[k - 1][1]]) in _ethnic_keys() \
                    and not _cut_name(sylls, level, strict=True):
                continue                      # "các làng Khmer", "bản Mông": a people, not a name
            if k == 0:
                # "các tỉnh Tây Nguyên": a region after a level word is a named place
                for k2 in range(min(len(sylls), 5), 0, -1):
                    key = name_key(text[sylls[0][0]:sylls[k2 - 1][1]])
                    if places.get(key) == "place":
                        extra.append(_Mention(sylls[0][0], sylls[k2 - 1][1], None,
                                              text[sylls[0][0]:sylls[k2 - 1][1]], "place"))
                        break
                continue
            end = sylls[k - 1][1]
            if k == len(sylls):
                end = m.end("name")          # keeps a trailing number ("ấp Tân Phú 2")
            # "Bà Rịa - Vũng Tàu": a spaced hyphen joins only names the map knows
            j = re.match(rf" [-–] ({RUN})", text[end:end + 40])
            if j and _known_at(level, text[nstart:end + j.end()]):
                end = end + j.end()
            name = text[nstart:end]
        group += 1
        out.append(_Mention(m.start(), end, level, name, "admin", group))
        _continue_list(text, end, level, name, group, out)
    # "một số tỉnh (Điện Biên, Nghệ An)", "các quận: Ba Đình, Đống Đa": names the map knows
    seen = _mask(len(text), [(x.start, x.end) for x in out])
    for m in (*rx["level_list"].finditer(text), *rx["level_such"].finditer(text)):
        such = m.re is rx["level_such"]
        if seen[m.start("name") if such else m.start()]:
            continue
        level = _norm_level(m.group("lvl"))
        sylls = _syllables(m.group("name"), m.start("name"))
        k = _cut_name(sylls, level, strict=True)
        if not k or not _same_level(text[sylls[0][0]:sylls[k - 1][1]], level):
            continue
        group += 1
        end = sylls[k - 1][1]
        first = len(out)
        out.append(_Mention(sylls[0][0], end, level, text[sylls[0][0]:end], "admin", group))
        _continue_list(text, end, level, text[sylls[0][0]:end], group, out)
        if such:
            # "các tỉnh như …" also lists cities: keep only the names the map has at that level
            out[first:] = [x for x in out[first:] if _exact_level(x.name, level)]
    return out, extra


def _exact_level(name: str, level: str) -> bool:
    """The map has a unit named ``name`` of exactly ``level`` (Đà Nẵng is no tỉnh)."""
    amap = admin_map()
    tiers = (1, 2) if level == "thành phố" else (LEVEL_TIER[level],)
    return any(u.level == level for t in tiers for u in amap.find(t, name))


def _known_at(level: str, name: str) -> bool:
    """The map knows ``name`` at the tier(s) of ``level`` (thành phố: province or district)."""
    amap = admin_map()
    tier = LEVEL_TIER[level]
    tiers = (1, 2) if level == "thành phố" else ((tier,) if tier <= 3 else ())
    key = name_key(name)
    return any(amap.by_name.get((t, key)) for t in tiers)


def _same_level(name: str, level: str) -> bool:
    amap = admin_map()
    tier = LEVEL_TIER[level]
    if tier == 1:
        return bool(amap.find(1, name) if level == "tỉnh" else
                    [u for t in (1, 2) for u in amap.find(t, name) if u.level == level])
    return any(u.level == level for u in amap.find(tier, name))


def _continue_list(text: str, pos: int, level: str, name: str, group: int, out: list) -> None:
    """Names listed after a levelled one take its level: "4 tỉnh A, B và C", "quận 5, 11"."""
    tier = LEVEL_TIER[level]
    while True:
        if name[0].isdigit():
            c = _NUM_CONT_RE.match(text, pos)
            if not c:
                return
            out.append(_Mention(c.start(1), c.end(1), level, c.group(1), "admin", group))
            pos = c.end(1)
            continue
        if tier == 4:
            return
        c = _NAME_CONT_RE.match(text, pos)
        if not c:
            return
        sylls = _syllables(c.group(1), c.start(1))
        k = _cut_name(sylls, level, strict=True)
        if not k:
            return
        cand = text[sylls[0][0]:sylls[k - 1][1]]
        if not _same_level(cand, level):
            return
        out.append(_Mention(sylls[0][0], sylls[k - 1][1], level, cand, "admin", group))
        pos = sylls[k - 1][1]


_NUM_CONT_RE = re.compile(
    rf"(?:, ?| và )({_NUM})(?=[,;.)]|\s(?:và|của|thuộc|tại|ở|,|\(|[Qq]uận|[Pp]hường|[Hh]uyện|TP|[Tt]hành phố|[Tt]ỉnh)|$)")
_NAME_CONT_RE = re.compile(rf"(?:, | và |; )({RUN})")


def _mask(n: int, spans) -> bytearray:
    mask = bytearray(n)
    for s, e in spans:
        mask[s:e] = b"\x01" * (e - s)
    return mask


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, pos - 40):pos])
    return m.group(1) if m else ""


def _place_mentions(text: str, taken) -> list[_Mention]:
    rx = _regexes()
    w = _words()
    out = []
    if rx["lex"] is not None:
        for m in rx["lex"].finditer(text):
            out.append(_Mention(m.start(), m.end(), None, m.group(0), "place"))
    for m in rx["region"].finditer(text):
        prev2 = " ".join(text[max(0, m.start() - 30):m.start()].split()[-2:])
        if prev2 in w["facility"] or _prev_word(text, m.start()) in w["facility"]:
            continue                      # "Bến xe Miền Đông"
        out.append(_Mention(m.start(), m.end(), None, m.group(0), "place"))
    for m in rx["heads"].finditer(text):
        head = m.group("head")
        prev = _prev_word(text, m.start())
        if prev in w["facility"] or prev.lower() in ("bãi", "bờ", "cầu", "bến", "cảng", "vùng"):
            continue
        sylls = _syllables(m.group("run"), m.start("run"))
        if sylls[0][2] in w["not_names"] or sylls[0][2] in w["surnames"] and len(sylls) >= 3:
            continue
        k = next((i for i in range(1, len(sylls)) if sylls[i][2] in w["surnames"] and len(sylls) - i >= 2),
                 len(sylls))
        if k > 4:
            continue
        end = sylls[k - 1][1] if k < len(sylls) else m.end("run")
        if head.lower() == "biển" and text[m.start("run"):end] not in ("Đông",):
            continue
        out.append(_Mention(m.start(), end, None, text[m.start():end], "place"))
    res = []
    for mm in sorted(out, key=lambda x: (x.start, -x.end)):
        if any(s < mm.end and mm.start < e for s, e in taken):
            continue
        res.append(mm)
        taken.append((mm.start, mm.end))
    return res


@lru_cache(maxsize=1)
def _lex_firsts() -> frozenset:
    return frozenset(k.split()[0] for k in _bare_lexicon())


def _bare_mentions(text: str, taken, provinces: set[str] | None) -> list[_Mention]:
    """Provinces and places in capitalized runs; districts only of the article's provinces.

    Inside a run, a name counts at the run's start, after sentence words ("Tại Hà Nội"), or
    anywhere in a run that does not open with a surname ("Việt Hân Sài Gòn" yes, "Nguyễn Thái
    Bình" no).
    """
    w = _words()
    lex = _bare_lexicon()
    firsts = _lex_firsts()
    amap = admin_map()
    out = []
    mask = _mask(len(text), taken)
    for m in _RUN_RE.finditer(text):
        if mask.find(1, m.start(), m.end()) >= 0:
            continue
        sylls = _syllables(m.group(0), m.start())
        n = len(sylls)
        lead = 0
        while lead < n and sylls[lead][2] in w["sentence_words"]:
            lead += 1
        h = 0
        while h < n and sylls[h][2].lower() in w["honorifics"]:
            h += 1
        person_run = h < n and sylls[h][2] in w["surnames"] and sylls[h][2] not in w["sentence_words"]
        i = 0
        while i < n:
            found = None
            if sylls[i][2].lower() not in firsts:
                i += 1
                continue
            for k in range(min(n, i + 6), i, -1):
                key = name_key(text[sylls[i][0]:sylls[k - 1][1]])
                if key in lex:
                    found = (k, lex[key])
                    break
            if found is None:
                i += 1
                continue
            k, kind = found
            s, e = sylls[i][0], sylls[k - 1][1]
            ok = i == 0 or i <= lead or not person_run
            if ok and i == 0:
                prev = _prev_word(text, m.start())
                prev2 = " ".join(text[max(0, m.start() - 30):m.start()].split()[-2:])
                if prev.lower() in w["honorifics"] or prev in w["facility"] or prev2 in w["facility"]:
                    ok = False
            if ok and len(sylls[i:k]) == 1 and (i > lead or k < n):
                # one-syllable names are also given names ("Đức Chinh", "Việt Đức"): alone
                # in their run, or followed by a name after a context word ("Tổng thống Mỹ Donald")
                ok = i <= lead and _prev_word(text, m.start()).lower() in w["country_context"]
            if ok and any(text.startswith(c, s) and not text[s + len(c):s + len(c) + 1].isalpha()
                          for c in w["compounds"]):
                ok = False
            if ok and kind == "district" and provinces is not None:
                units = amap.by_name.get((2, name_key(text[s:e])), [])
                ok = any(u.province_key in provinces for u in units)
            if ok:
                out.append(_Mention(s, e, None, text[s:e], kind))
            i = k
    return out


# ---------------------------------------------------------------- entries and resolution
@dataclass
class _Entry:
    level: str | None
    name: str
    kind: str
    mentions: list = field(default_factory=list)
    parent: "_Entry | None" = None
    parent_text: str | None = None
    unit: object = None
    province_key: str | None = None
    successor: object = None          # the pre-2025 unit that took over a dissolved one


def _candidates(e: _Entry):
    amap = admin_map()
    if e.kind == "province":
        return amap.find(1, e.name)
    if e.kind == "district":
        return amap.find(2, e.name)
    if e.level is None:
        if e.kind == "place":
            # "Huế" is a province; "Đà Lạt", "Phú Quốc", "Thủ Đức" are district-level units
            return amap.find(1, e.name) or amap.find(2, e.name)
        return []
    tier = LEVEL_TIER[e.level]
    if tier == 4:
        return []
    if tier == 1:
        units = [u for u in amap.find(1, e.name) if e.level == "tỉnh" or u.level == "thành phố"]
        if units or e.level == "tỉnh":
            return units
        tier = 2
    units = amap.find(tier, e.name)
    same = [u for u in units if u.level == e.level]
    return same or units


def _within(u, parent) -> bool:
    if parent.tier == 1:
        return u.province_key == parent.province_key
    if parent.tier == 2:
        return u.province_key == parent.province_key and u.district_key == parent.district_key
    return False


@lru_cache(maxsize=1)
def _history() -> dict:
    """(level name key) -> [(old province key, successor label)] from locations_history.json."""
    out: dict = {}
    for pk, table in data_json("locations_history.json").items():
        if pk.startswith("_"):
            continue
        for old, new in table.items():
            out.setdefault(name_key(old), []).append((pk, new))
    return out


def _resolve_history(e: _Entry, article_provs: set) -> None:
    """A unit dissolved before 2025 ("quận 9" of Hồ Chí Minh, merged into thành phố Thủ Đức in
    2021): the map no longer lists it, so its successor is its parent and gives ``current``."""
    rows = _history().get(name_key(f"{e.level} {e.name}"), [])
    rows = [r for r in rows if r[0] in article_provs] or (rows if len(rows) == 1 else [])
    if len(rows) != 1:
        return
    pk, successor = rows[0]
    amap = admin_map()
    e.province_key = pk
    lv, _, nm = successor.partition(" ") if not successor.startswith(("thành phố", "thị xã")) else \
        (" ".join(successor.split()[:2]), None, " ".join(successor.split()[2:]))
    units = [u for t in (1, 2) for u in amap.find(t, nm) if u.province_key == pk and u.level == lv]
    if units:
        e.successor = units[0]
        if e.parent_text is None:
            e.parent_text = units[0].label if units[0].tier == 2 else None


def find(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    amap = admin_map()
    level_m, extra_m = _level_mentions(text)
    taken = [(m.start, m.end) for m in level_m]
    place_m = _place_mentions(text, taken) + extra_m
    # provinces the article names, for bare district names
    provinces = set()
    for m in level_m:
        if m.level == "tỉnh" or m.level == "thành phố":
            provinces.update(u.province_key for u in amap.find(1, m.name))
        elif m.level in ("huyện", "quận", "thị xã"):
            units = amap.find(2, m.name)
            if len({u.province_key for u in units}) == 1:
                provinces.add(units[0].province_key)
    bare_m = _bare_mentions(text, list(taken) + [(m.start, m.end) for m in place_m], None)
    for m in bare_m:
        if m.kind == "province" or m.kind == "place":
            provinces.update(u.province_key for u in amap.find(1, m.name))
    bare_m = [m for m in bare_m if m.kind != "district" or any(
        u.province_key in provinces for u in amap.find(2, m.name))]
    mentions = sorted(level_m + place_m + bare_m, key=lambda m: (m.start, m.end))

    # textual parents: "xã A (huyện B)", "xã A, huyện B", "huyện B, Long An", "xã A thuộc huyện B"
    by_start = {m.start: m for m in mentions}
    groups: dict[int, list[_Mention]] = {}
    for m in level_m:
        groups.setdefault(m.group, []).append(m)
    for g, ms in groups.items():
        last = max(ms, key=lambda x: x.end)
        c = re.match(r"\s*(?:\(|,|-|–)?\s*(?:thuộc\s+|của\s+)?", text[last.end:last.end + 20])
        p = by_start.get(last.end + c.end()) if c else None
        if p is None or p.kind not in ("admin", "province"):
            continue
        prank = LEVEL_TIER.get(p.level, 1) if p.level else 1
        if prank < LEVEL_TIER[last.level] or (p.level is None and LEVEL_TIER[last.level] > 1):
            for x in ms:
                x.parent = p

    # entries: one per (level, name); bare mentions join a levelled entry of the same name
    entries: dict[tuple, _Entry] = {}
    order = []
    for m in mentions:
        if m.level is None:
            continue
        key = (m.level, name_key(m.name))
        e = entries.get(key)
        if e is None:
            e = entries[key] = _Entry(m.level, m.name, m.kind)
            order.append(e)
        e.mentions.append(m)
    levelled_by_name: dict[str, _Entry] = {}
    for e in sorted(order, key=lambda e: LEVEL_RANK[e.level]):
        levelled_by_name.setdefault(name_key(e.name), e)
    for m in mentions:
        if m.level is not None:
            continue
        k = name_key(m.name)
        e = levelled_by_name.get(k) or entries.get((None, k))
        if e is None:
            e = entries[(None, k)] = _Entry(None, m.name, m.kind)
            order.append(e)
        e.mentions.append(m)
    ent_of = {}
    for e in order:
        for m in e.mentions:
            ent_of[id(m)] = e
    for e in order:
        for m in e.mentions:
            if m.parent is not None and e.parent is None:
                e.parent = ent_of.get(id(m.parent))
                p = m.parent
                e.parent_text = f"{p.level} {p.name}" if p.level else p.name
                if e.parent is e:
                    e.parent = None

    # the article's provinces: named ones, then those implied by unambiguous units
    votes = Counter()
    for e in order:
        cands = _candidates(e)
        provs = {u.province_key for u in cands}
        if len(provs) == 1 and cands:
            weight = 3 if cands[0].tier == 1 else 1
            votes[next(iter(provs))] += weight * len(e.mentions)
    article_provs = set(votes)
    primary = votes.most_common(1)[0][0] if votes else None

    def tier_of(e):
        if e.level:
            return LEVEL_TIER[e.level]
        return {"province": 1, "district": 2}.get(e.kind, 1)

    for e in sorted(order, key=tier_of):
        if e.level and LEVEL_TIER[e.level] == 4:
            if e.parent is not None and e.parent.unit is not None:
                e.province_key = e.parent.unit.province_key
            elif e.parent is not None:
                e.province_key = e.parent.province_key
            continue
        cands = _candidates(e)
        if not cands and e.level:
            _resolve_history(e, article_provs)
            continue
        if not cands:
            continue
        if e.parent is not None and e.parent.unit is not None:
            inside = [u for u in cands if _within(u, e.parent.unit)]
            cands = inside or cands
        if len(cands) > 1:
            inside = [u for u in cands if u.province_key in article_provs]
            cands = inside or cands
        if len(cands) > 1 and primary:
            inside = [u for u in cands if u.province_key == primary]
            cands = inside or cands
        if len(cands) == 1:
            e.unit = cands[0]
            e.province_key = cands[0].province_key
        elif len({u.province_key for u in cands}) == 1:
            e.province_key = cands[0].province_key

    items = []
    for e in order:
        e.mentions.sort(key=lambda m: m.start)
        first = e.mentions[0]
        unit = e.unit
        parent = e.parent_text
        if parent is None and unit is not None:
            up = amap.district_of(unit) if unit.tier == 3 else (amap.provinces[unit.province_key] if unit.tier == 2 else None)
            parent = up.label if up is not None else None
        province = amap.provinces[e.province_key].name if e.province_key else None
        current = None
        if unit is not None:
            current = amap.current(unit)
        elif e.successor is not None:
            current = amap.current(e.successor)
        elif e.parent is not None and e.parent.unit is not None:
            current = amap.current(e.parent.unit)
        elif e.province_key:
            current = amap.new_province.get(e.province_key)
        items.append({
            "start": first.start, "end": first.end, "text": text[first.start:first.end],
            "name": e.name, "level": e.level, "parent": parent, "province": province,
            "code": unit.code if unit is not None else None, "current": current,
            "mentions": [{"start": m.start, "end": m.end, "text": text[m.start:m.end]} for m in e.mentions],
        })
    return items


FACTORY = register("locations", find)
