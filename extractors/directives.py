"""directives extractor: references to Vietnamese Party and state documents.

Grammar (facts in shared/spec/DOCUMENT-CODES.md; lexicons in ``data/directives_*``)::

    REF    := TYPE [qualifier words] ["số" [":"]] CODE TAIL
            | "Luật"/"Bộ luật" LAW-NAME ["năm" YEAR] ["số" CODE] TAIL
            | "số" CODE                                  (a code whose symbol names the type)
    CODE   := N "-" TYPE "/" ISSUER                      Party:      38-CT/TW, 05-QĐi/TU
            | N ["/" YEAR | "-" YEAR] "/" SYMBOLS        state:      16/CT-TTg, 30/2020/NĐ-CP
            | N "/" YEAR                                 incomplete: 50/2016
            | N                                          bare:       Chỉ thị 16, Thông báo số 19
    TAIL   := [","] ["ngày" DATE] ["của" ISSUER] ["ngày" DATE] ["về" SUBJECT]

Spacing and dash variants ("38 - CT/TW", en-dashes, "số: ") are tolerated and canonicalized in
``code``. Coordinated references share their issuer ("Chỉ thị 16/CT-TTg và Chỉ thị
33/CT-TTg của Thủ tướng"); a date written before the verb ("Ngày 26-12-2013, X ban
hành Chỉ thị số ...") dates a reference that has none. One item per distinct document, with every
mention in ``mentions``; a later bare citation ("Chỉ thị 38", "Quyết định 1880") is a mention of
the full reference with that type and number.

Besides the items, the component leaves the character spans of the codes it read in
``doc.user_data[("vnx", "directive_code_spans")]`` so that the dates component never reads a
date inside a code.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .base import alternation, doc_text, data_json, data_lines, register
from .dates import match_day_at

# ---------------------------------------------------------------------------------------------
# lexicons


@lru_cache(maxsize=None)
def _types():
    return data_json("directives_types.json")


@lru_cache(maxsize=None)
def _issuers():
    return data_json("directives_issuers.json")


@lru_cache(maxsize=None)
def _law_stop():
    return frozenset(data_lines("directives_law_stop.txt"))


@lru_cache(maxsize=None)
def _issuer_stop():
    return frozenset(data_lines("directives_issuer_stop.txt"))


# ---------------------------------------------------------------------------------------------
# regexes (compiled once)

_NUM = r"\d{1,5}"
_H = r"\s?[-–—‐‑]\s?"  # a hyphen, with the spaces news sometimes put around it
# a symbol group: starts upper-case and has a second capital or digit early (TTg, QĐi, HoREA)
_SYM = r"[A-ZĐ][a-zđ]{0,3}[A-ZĐ0-9&][A-Za-zĐđ0-9&]*|[A-ZĐ](?![\w])"
_SYM_LOOSE = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_SYMCHAIN = (r"(?:" + _SYM + r")(?:[-–/](?:" + _SYM_LOOSE + r")|\s[-–]\s?(?:" + _SYM + r")|[-–]\s(?:" + _SYM
             + r"))*")
_PARTY = _NUM + _H + r"(?:" + _SYM + r")/" + _SYMCHAIN
_STATE = _NUM + r"(?:\s?/\d{4}|[-–]\s?\d{4})?/" + _SYMCHAIN
_INCOMPLETE = _NUM + r"/(?:19|20)\d\d"
_CODE = (r"(?P<code>(?P<party>" + _PARTY + r")|(?P<state>" + _STATE + r")|(?P<inc>" + _INCOMPLETE
         + r")|(?P<bare>" + _NUM + r"))(?![\w/]|[.,\-–]\d)")


@lru_cache(maxsize=None)
def _ref_re():
    # literal alternatives, first letter in both cases (much faster than a case-insensitive group)
    variants = set()
    for w in _types()["type_words"]:
        variants.add(w)
        variants.add(w[0].upper() + w[1:])
    return re.compile(
        r"(?<![\w])(?P<tw>" + alternation(variants) + r")"
        r"(?P<qual>(?:\s+[a-zđà-ỹ]+){1,3}?(?=\s+số\b))?"
        r"\s*(?:(?P<so>[sS]ố)\s*(?:[:.]\s*)?)?" + _CODE)


@lru_cache(maxsize=None)
def _law_re():
    alt = alternation(data_lines("directives_laws.txt"), ignore_case=True)
    return re.compile(r"(?<![\w])(?P<tw>Bộ luật|Luật|luật)\s+(?P<name>(?i:" + alt + r"))(?![\w])")


_LAW_FALLBACK = re.compile(r"(?<![\w])(?P<tw>Bộ luật|Luật)\s+(?=(?P<name>\w+(?:(?: |, )[\w]+){0,7}))")
# "pháp luật đất đai", "kỷ luật lao động", "Công ty Luật Basico" are not laws
_NOT_LAW_BEFORE = re.compile(
    r"(?:\b(?:[Pp]háp|[Kk]ỷ|[Đđ]iều|[Cc]ông ty|[Cc]ty|[Vv]ăn phòng|[Hh]ãng|[Kk]hoa|[Tt]rường|[Vv]iện|[Tt]ạp chí|"
    r"[Đđ]oàn|[Hh]ội|[Nn]gành|[Cc]ử nhân|[Tt]hạc sĩ|[Tt]iến sĩ|[Hh]ọc|[Đđ]ại học|[Dd]ư)\s+)$")
_LAW_YEAR = re.compile(r"\s*(?:\(sửa đổi(?:, bổ sung)?\)\s*)?(?:năm\s+)?(?P<y>(?:19|20)\d\d)(?![\d/\-]|[.,]\d)")
# "Luật Bảo hiểm y tế sửa đổi số 51/2024/QH15", "Luật Đất đai (sửa đổi) số 31/2024/QH15"
_LAW_CODE = re.compile(r"\s*,?\s*(?:\(\s*sửa đổi(?:,\s*bổ sung)?\s*\)\s*|sửa đổi(?:,\s*bổ sung)?\s+)?"
                       r"(?:[sS]ố\s*:?\s*)" + _CODE)
_SO_BEFORE = re.compile(r"(?<!\w)[sS]ố\s*:?\s*$")
_STANDALONE = re.compile(r"(?=\d)(?<![\w/\-–])(?<![\-–] )(?P<code>(?P<party>" + _PARTY
                         + r")|(?P<state>" + _STATE + r"))(?![\w/]|[.,\-–]\d)")
_CONT = re.compile(r"\s*(?:,|và|;)\s*(?:[sS]ố\s*)?(?P<code>(?P<party>" + _PARTY + r")|(?P<state>" + _STATE
                   + r"))(?![\w/]|[.,\-–]\d)")
_PAREN_DATE = re.compile(r"\s*\(\s*(?:(?:được\s+)?(?:ký\s+ban\s+hành|ban\s+hành|ký)\s+)?[Nn]gày\s+")
_PAREN_CLOSE = re.compile(r"\s*\)")
_DATE_TAIL = re.compile(r"\s*,?\s*(?:(?:được\s+)?(?:ký\s+ban\s+hành|ban\s+hành|ký)\s+)?(?:[Nn]gày)\s+")
_OF_TAIL = re.compile(r"\s*,?\s*(?:của|do)\s+")
_SEND_TAIL = re.compile(r"\s*,?\s*gửi\s+")
_ABOUT = re.compile(r"\s*,?\s*về\s+(?P<subj>[^,;:.!?()“”\"\n]{3,200})")
_SUBJ_STOP = re.compile(r"\s(?:nhằm|để|theo đó|thì|đã|đang|với tổng|do|được|có hiệu lực|là|vừa|sẽ|cho biết|"
                        r"yêu cầu|nêu rõ|chỉ rõ|quy định rõ)(?:\s|$)")
_WORD = re.compile(r"[\w&]+(?:[./\-][\w&]+)*")
_BARE_NEXT_OK = re.compile(
    r"(?:\s*(?:[,.;:)\n]|$)|\s+(?:của|về|ngày|và|hoặc|đã|được|có|đến|thì|là|trong|theo|nêu|quy|hướng|"
    r"yêu|ban|do|với|cũng|để|nhằm|vừa|sẽ|này|khi|mà|cho|tại|so|[A-ZĐ]))")
_PRE_DATE = re.compile(
    r"(?:[Nn]gày|[Ss]áng|[Cc]hiều|[Tt]ối|[Hh]ôm)\s+(?P<date>\d[\d/.\-– ]{2,12}?)\s*,\s*[^.;\n]{1,90}?\s"
    r"(?:đã\s+|vừa\s+)?(?:ký\s+)?(?:ban hành|có|ký|ra|gửi)\s+$")
_REPORTED = re.compile(r"\b(?:cho biết|cho hay|thông tin|cho rằng|khẳng định|nói|phản ánh|được biết|theo)\b")
_PARTY_WORDS = ("Bộ Chính trị", "Ban Bí thư", "Trung ương Đảng", "Ban Chấp hành Trung ương", "Tỉnh ủy",
                "Thành ủy", "Huyện ủy", "Quận ủy", "Đảng ủy", "Quân ủy", "Ban Thường vụ")
_STATE_WORDS = ("Chính phủ", "Thủ tướng", "UBND", "HĐND", "Ủy ban nhân dân", "Hội đồng nhân dân", "Bộ ",
                "Quốc hội", "Chủ tịch nước", "Sở ", "Ngân hàng Nhà nước", "Thanh tra")


# ---------------------------------------------------------------------------------------------
# code parsing


def canonical_code(code: str) -> str:
    code = re.sub(r"[–—‐‑]", "-", code)
    return re.sub(r"\s+", "", code)


def _issuer_body(code: str | None) -> str | None:
    if not code:
        return None
    table = _issuers()
    parts = code.split("-")
    bodies = []
    for p in parts:
        m = re.fullmatch(r"(UBTVQH|QH)(\d+)", p)
        if m:
            bodies.append(f"{table[m.group(1)]} khóa {int(m.group(2))}")
        elif p in table:
            bodies.append(table[p])
        else:
            return None
    return ", ".join(bodies) if bodies else None


def parse_code(code: str, shape: str) -> dict:
    """Number, year, type code, issuer code and family of a canonical code."""
    t = _types()
    out = {"number": None, "year": None, "type_code": None, "type_name": None, "issuer_code": None,
           "family": None}
    if shape == "party":
        m = re.fullmatch(r"(\d+)-([^/]+)/(.+)", code)
        if m:
            out["number"], out["type_code"], out["issuer_code"] = m.group(1), m.group(2), m.group(3)
            out["type_name"] = t["party_codes"].get(m.group(2)) or t["state_codes"].get(m.group(2))
            out["family"] = "party"
        return out
    parts = code.split("/")
    first = parts[0]
    m = re.fullmatch(r"(\d+)[-](\d{4})", first)
    if m:
        out["number"], out["year"] = m.group(1), int(m.group(2))
    else:
        out["number"] = first
    rest = parts[1:]
    if rest and re.fullmatch(r"(?:19|20)\d\d", rest[0]):
        out["year"] = int(rest[0])
        rest = rest[1:]
    if not rest:
        return out
    groups = [g for g in re.split(r"[-/]", "/".join(rest)) if g]
    if not groups:
        return out
    if groups[0] in t["state_codes"]:
        out["type_code"] = groups[0]
        out["type_name"] = t["state_codes"][groups[0]]
        issuer = groups[1:]
    elif re.fullmatch(r"QH\d*", groups[0]):
        out["type_name"] = "Luật"
        issuer = groups[:1]
        out["family"] = "law"
    else:
        issuer = groups
    if issuer:
        if out["type_code"] in t["joint_codes"]:
            out["issuer_code"] = "-".join(issuer)
            out["family"] = "joint"
        else:
            out["issuer_code"] = issuer[0]
    if out["family"] is None:
        out["family"] = "state"
    return out


# ---------------------------------------------------------------------------------------------
# tails: date, issuer, subject


def _issuer_at(text: str, pos: int) -> int | None:
    """End of an issuer phrase starting at ``pos`` ("Ban Bí thư", "UBND huyện Phù Yên")."""
    stop = _issuer_stop()
    end = None
    last_cap = None
    low_run = 0
    n = 0
    p = pos
    while n < 10:
        m = _WORD.match(text, p)
        if not m:
            break
        w = m.group(0)
        if n == 0 and not w[0].isupper():
            return None
        if not w[0].isupper() and (w in stop or w.isdigit()):
            break
        if w[0].isupper():
            last_cap = m.end()
            low_run = 0
        else:
            low_run += 1
            if low_run > 2:
                end = last_cap
                break
        end = m.end()
        n += 1
        nxt = re.match(r" (?=[\w&])| - (?=[A-ZĐÀ-Ỹ])", text[end:end + 4])
        if not nxt:
            break
        p = end + len(nxt.group(0))
    return end


def _tail(text: str, pos: int, info: dict) -> int:
    """Read ", ngày DATE", "của ISSUER", "gửi X ngày DATE" after a code; return the new end."""
    end = pos
    for _ in range(3):
        m = _DATE_TAIL.match(text, end)
        if m and info.get("date") is None:
            got = match_day_at(text, m.end())
            if got:
                end, info["date"] = got
                continue
        m = _PAREN_DATE.match(text, end)
        if m and info.get("date") is None:
            # "Hướng dẫn số 12-HD/BTCTW (ban hành ngày 6/6/2022) của …"
            got = match_day_at(text, m.end())
            close = _PAREN_CLOSE.match(text, got[0]) if got else None
            if close:
                end, info["date"] = close.end(), got[1]
                continue
        m = _OF_TAIL.match(text, end)
        if m and info.get("issuer") is None:
            iend = _issuer_at(text, m.end())
            if iend:
                info["issuer"] = text[m.end():iend]
                end = iend
                continue
        m = _SEND_TAIL.match(text, end)
        if m and info.get("date") is None:
            iend = _issuer_at(text, m.end())
            if iend:
                m2 = _DATE_TAIL.match(text, iend)
                got = match_day_at(text, m2.end()) if m2 else None
                if got:
                    end, info["date"] = got
                    continue
        break
    m = _ABOUT.match(text, end)
    if m:
        subj = m.group("subj")
        cut = _SUBJ_STOP.search(subj)
        if cut:
            subj = subj[:cut.start()]
        subj = subj.strip()
        if subj:
            info["subject"] = subj
    return end


def _date_before(text: str, start: int) -> str | None:
    """"Ngày 26-12-2013, Thường vụ Quân ủy Trung ương ban hành <ref>": the sentence's date."""
    window = text[max(0, start - 160):start]
    cut = max(window.rfind(". "), window.rfind("\n"))
    if cut >= 0:
        window = window[cut + 1:]
    m = _PRE_DATE.search(window)
    if not m or _REPORTED.search(window, m.end("date")):
        return None  # "Ngày 9/5, X cho biết, Thủ tướng đã có quyết định ...": the date of the report
    got = match_day_at(window, m.start("date"))
    if not got or got[0] > m.end("date") + 1:
        return None
    return got[1]


# ---------------------------------------------------------------------------------------------
# the references


def _family_from_issuer(issuer: str | None) -> str | None:
    if not issuer:
        return None
    if any(w in issuer for w in _PARTY_WORDS):
        return "party"
    if any(w in issuer for w in _STATE_WORDS):
        return "state"
    return None


def _make(text, start, code_end, tw_name, generic, m_code, shape, info):
    code = canonical_code(m_code) if m_code else None
    parsed = parse_code(code, shape) if code else {}
    doc_type = tw_name
    if parsed.get("type_name"):
        if generic or (tw_name and parsed["type_name"] != tw_name and parsed["type_name"].startswith(tw_name)):
            doc_type = parsed["type_name"]
    elif generic:
        doc_type = "Công văn"
    end = info.pop("_end")
    item = {
        "start": start, "end": end, "text": text[start:end],
        "doc_type": doc_type,
        "type_code": parsed.get("type_code"),
        "number": parsed.get("number"),
        "year": parsed.get("year"),
        "code": code,
        "issuer_code": parsed.get("issuer_code"),
        "issuer_body": _issuer_body(parsed.get("issuer_code")),
        "issuer": info.get("issuer"),
        "date": info.get("date"),
        "subject": info.get("subject"),
        "family": parsed.get("family"),
        "_code_span": (info["_code_start"], code_end) if code else None,
    }
    if item["family"] is None:
        if doc_type in ("Luật", "Bộ luật"):
            item["family"] = "law"
        else:
            item["family"] = _family_from_issuer(item["issuer"])
    if parsed.get("type_name") == "Luật" and doc_type == "Luật":
        item["family"] = "law"
    return item


def _refs(text: str) -> list[dict]:
    t = _types()
    words = t["type_words"]
    generic_words = set(t["generic"])
    bare_ok = set(t["bare_ok"])
    refs: list[dict] = []
    occupied = bytearray(len(text) + 1)  # characters already read as part of a reference

    def take(s, e):
        occupied[s:e] = b"\x01" * (e - s)

    def free(s, e):
        return not any(occupied[s:e])

    # 1. typed references
    for m in _ref_re().finditer(text):
        tw = m.group("tw")
        key = tw[0].lower() + tw[1:]
        name, _ = words[key]
        generic = key in generic_words
        lower = tw[0].islower()
        so = m.group("so")
        shape = "party" if m.group("party") else "state" if m.group("state") else "inc" if m.group("inc") else "bare"
        if m.group("qual") and (not so or not m.group("qual").islower()):
            continue  # qualifiers are lower-case words ("Kết luận thanh tra số"), not names
        if name in ("Luật", "Bộ luật") and shape in ("bare", "inc"):
            continue  # "Luật 2013" is a year, "luật 59" nothing we can read
        if shape == "bare":
            after = text[m.end():m.end() + 12]
            if not so:
                if (lower and not generic) or name not in bare_ok and not generic:
                    continue
                if not _BARE_NEXT_OK.match(after):
                    continue
                if generic and not re.match(r"\s*,?\s*(?:ngày|của)\s", after):
                    continue
            if re.match(r"\s*(?:năm|tháng|người|lần|%|triệu|tỷ|tỉ)\b", after):
                continue
        if shape == "inc" and lower and not so:
            continue
        if shape in ("bare", "inc") and m.group("qual"):
            continue
        info = {"_code_start": m.start("code")}
        end = _tail(text, m.end("code"), info)
        info["_end"] = end
        item = _make(text, m.start(), m.end("code"), name, generic, m.group("code"),
                     "party" if shape == "party" else "state", info)
        refs.append(item)
        take(m.start(), m.end("code"))
        # "Quyết định số 09/2007/QĐ-TTg, 140/2008/QĐ-TTg": more codes after one type word
        pos = m.end("code")
        while shape in ("party", "state"):
            c = _CONT.match(text, pos)
            if not c:
                break
            info = {"_code_start": c.start("code")}
            cend = _tail(text, c.end("code"), info)
            info["_end"] = cend
            refs.append(_make(text, c.start("code"), c.end("code"), name, generic, c.group("code"),
                              "party" if c.group("party") else "state", info))
            take(c.start("code"), c.end("code"))
            pos = c.end("code")

    # 2. laws named without (or before) their number
    for rx in (_law_re(), _LAW_FALLBACK):
        for m in rx.finditer(text):
            name = m.group("name")
            tw = m.group("tw")
            if tw[0].islower() and not name[0].isupper():
                continue  # "theo luật đất đai": not a citation
            if _NOT_LAW_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
                continue
            if rx is _LAW_FALLBACK:
                name = _fallback_law_name(name)
                if not name:
                    continue
            nend = m.start("name") + len(name)
            if not free(m.start(), nend):
                continue
            info = {}
            pos = nend
            y = _LAW_YEAR.match(text, pos)
            year = None
            if y:
                year = int(y.group("y"))
                pos = y.end()
            c = _LAW_CODE.match(text, pos)
            code = shape = None
            if c and (c.group("state") or c.group("party")):
                code, shape = c.group("code"), "state"
                info["_code_start"] = c.start("code")
                pos = c.end("code")
            end = _tail(text, pos, info)
            info["_end"] = end
            if not code:
                info.pop("subject", None)
            item = _make(text, m.start(), pos if code else None, "Bộ luật" if tw == "Bộ luật" else "Luật",
                         False, code, shape, info)
            item["name"] = name
            item["family"] = "law"
            if year and not item["year"]:
                item["year"] = year
            refs.append(item)
            take(m.start(), end)

    # 3. codes cited without a type word ("số 05/KL-UBND")
    for m in _STANDALONE.finditer(text):
        if not free(m.start("code"), m.end("code")):
            continue
        code = canonical_code(m.group("code"))
        shape = "party" if m.group("party") else "state"
        parsed = parse_code(code, shape)
        if not parsed.get("type_name") or not parsed.get("issuer_code"):
            continue
        so = _SO_BEFORE.search(text, max(0, m.start() - 8), m.start())
        if shape == "state" and _issuer_body(parsed["issuer_code"]) is None and not so:
            continue
        info = {"_code_start": m.start("code")}
        end = _tail(text, m.end("code"), info)
        info["_end"] = end
        refs.append(_make(text, m.start("code"), m.end("code"), parsed["type_name"], False,
                          m.group("code"), shape, info))
        take(m.start("code"), end)

    refs.sort(key=lambda r: r["start"])
    return refs


def _fallback_law_name(raw: str) -> str | None:
    """Name of a law not in the lexicon: capitalized head, then words until a function word."""
    words = raw.split(" ")
    if not words[0][:1].isupper() or words[0].rstrip(",").lower() in ("sửa", "này", "mới", "về"):
        return None
    out = []
    for i, w in enumerate(words):
        bare = w.rstrip(",")
        if i > 0 and (bare in _law_stop() or not bare or any(ch.isdigit() for ch in bare)):
            break
        if i > 0 and bare[:1].isupper() and " ".join(words[i:i + 2]).lower().rstrip(",") in _types()["type_words"]:
            break  # "Luật Ngân sách Kết luận thanh tra ...": a new citation starts
        out.append(bare)
        if bare.isupper() and len(bare) > 1:
            break  # "Luật BHYT", "Luật HTX": an acronym is the whole name
        if w.endswith(","):
            # "Luật Cán bộ, công chức" is in the lexicon; a comma here ends an unknown name
            # only when a new citation follows
            nxt = words[i + 1] if i + 1 < len(words) else ""
            if not nxt[:1].isupper():
                return None
            break
    if len(out) < 1 or len(out) > 6:
        return None
    if len(out) == 1 and len(out[0]) < 3:
        return None
    name = " ".join(out)
    # the name must look like a law name: head capitalized, rest mostly lower case
    if sum(1 for w in out[1:] if w[:1].isupper()) > 2:
        return None
    return name


def _coordinate(text: str, refs: list[dict]) -> None:
    """References joined by "và" / "," share the issuer the last one states."""
    for i in range(len(refs) - 2, -1, -1):
        a, b = refs[i], refs[i + 1]
        gap = text[a["end"]:b["start"]]
        if not re.fullmatch(r"\s*(?:,|;|và|,\s*và|hoặc)\s*", gap):
            continue
        if a["issuer"] is None and b["issuer"] is not None and a["doc_type"] != "Luật":
            a["issuer"] = b["issuer"]
            if a["family"] is None:
                a["family"] = _family_from_issuer(a["issuer"])


def _key(r: dict):
    if r["code"]:
        return ("CODE", r["code"].upper())
    return ("NAME", (r["doc_type"] or "").casefold(), (r.get("name") or "").casefold())


def _score(r: dict) -> tuple:
    return (r["code"] is not None and ("/" in r["code"] or "-" in r["code"]), r["date"] is not None,
            r["issuer"] is not None, r["end"] - r["start"])


def _merge(refs: list[dict]) -> list[dict]:
    groups: dict = {}
    order = []
    for r in refs:
        k = _key(r)
        if k not in groups:
            groups[k] = []
            order.append(k)
        groups[k].append(r)
    # bare or incomplete codes that name a fuller code of the same type in the article
    full = [k for k in order if k[0] == "CODE" and groups[k][0]["code"] and
            ("-" in groups[k][0]["code"] or re.search(r"/\D", groups[k][0]["code"]))]
    for k in list(order):
        r0 = groups[k][0]
        code = r0["code"]
        if k[0] != "CODE" or not code or "-" in code or re.search(r"/\D", code):
            continue
        for fk in full:
            f0 = groups[fk][0]
            fcode = f0["code"]
            if not (fcode.startswith(code + "/") or fcode.startswith(code + "-")):
                continue
            if f0["doc_type"] != r0["doc_type"] and r0["doc_type"] != "Công văn":
                continue
            groups[fk].extend(groups.pop(k))
            order.remove(k)
            break
    # "Luật Đất đai" and "Luật Đất đai số 45/2013/QH13" in one article are one law
    named = {}
    for k in order:
        r0 = groups[k][0]
        if k[0] == "CODE" and r0.get("name"):
            named.setdefault(((r0["doc_type"] or "").casefold(), r0["name"].casefold()), k)
    for k in list(order):
        if k[0] == "NAME" and (k[1], k[2]) in named:
            groups[named[(k[1], k[2])]].extend(groups.pop(k))
            order.remove(k)
    items = []
    for k in order:
        rs = sorted(groups[k], key=lambda r: r["start"])
        best = max(rs, key=_score)
        item = dict(best)
        for r in rs:  # fill what the chosen mention leaves out
            for f in ("date", "issuer", "subject", "issuer_code", "issuer_body", "type_code", "year", "family"):
                if item.get(f) is None and r.get(f) is not None:
                    item[f] = r[f]
        item["mentions"] = [{"start": r["start"], "end": r["end"], "text": r["text"]} for r in rs]
        items.append(item)
    return items


def find(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    refs = _refs(text)
    _coordinate(text, refs)
    for r in refs:
        if r["date"] is None and r["code"]:
            r["date"] = _date_before(text, r["start"])
    doc.user_data[("vnx", "directive_code_spans")] = [r["_code_span"] for r in refs if r.get("_code_span")]
    items = _merge(refs)
    for it in items:
        it.pop("_code_span", None)
        if it.get("name") is None:
            it.pop("name", None)
    return items


FACTORY = register("directives", find)
