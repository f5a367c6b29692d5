"""models ("mô hình") and campaigns (phong trào, cuộc vận động, chiến dịch).

Models are the named "mô hình" an article presents. Four ways a name is written:

* a quoted name or a run of quoted names after "mô hình": mô hình “A”, “B” và “C”;
* a list after "mô hình … như / gồm / :": "các mô hình như A; B; C;..." — items split on ";"
  when the list has one (names may hold commas: "Cùng biết, cùng thực hiện"), else on ",";
  every item starts with a capital letter, and the list ends at ";...", "..." or the sentence;
* "Mô hình A của xã X": the name stops before "của / tại" + a place found by the locations
  component, which becomes the model's ``locality`` (``location_code`` from the map);
* in captions, headings and titles, "mô hình A" with a capitalized A runs to the end of the line;
* in running text, a sentence-case A ("mô hình Bò - cỏ gắn với bao tiêu, …": one capital, then
  lower-case words) ending at punctuation and holding no clause word (``data/models_clause_words.txt``).

Generic mentions are not names: "mô hình DVK", "các mô hình Dân vận khéo" (a campaign name,
``data/models_generic.txt``), "990 mô hình", "mô hình này". One entry per model per article,
with every mention of its name.

Campaigns: a kind word (phong trào [thi đua], cuộc vận động, chiến dịch) followed by a quoted
name or a known name (``data/models_campaigns.txt``, e.g. "Dân vận khéo | DVK"); a known short
form and its name are one entry.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from spacy.tokens import Doc

from .base import alternation, data_lines, doc_text, read_items, register, segments

_UP = "".join(c for c in map(chr, range(0x41, 0x1EFA))
              if c.isupper() and unicodedata.name(c, "").startswith("LATIN"))

_OPEN = "“\"‘"
_CLOSE = "”\"’"
# a quoted name: an opening quote, up to 200 characters without quotes or line breaks, a closing one
_QUOTED = rf"[{_OPEN}](?P<q>[^{_OPEN}{_CLOSE}\n]{{1,200}})[{_CLOSE}]"
_QUOTED_RE = re.compile(_QUOTED)
_TRIGGER_RE = re.compile(r"(?<!\w)[Mm]ô hình(?!\w)")
@lru_cache(maxsize=1)
def _after_quote_re() -> re.Pattern:
    """After "mô hình": a quote, maybe after a colon, an acronym or a few known words."""
    between = alternation(data_lines("models_between.txt"))
    return re.compile(rf"(?: (?:[A-ZĐ]{{2,6}}|{between}))?,? ?:? ?(?={_QUOTED})")
# between quoted names of one run
_QSEP_RE = re.compile(rf"\s?[,;.]?\s?(?:và\s|cùng\s)?(?={_QUOTED})")
_ITEM_PLACE_RE = re.compile(rf"\s(?:của|tại|ở)\s(?:xã|phường|thị trấn|thị xã|huyện|thôn|ấp|bản|tổ dân phố)"
                            rf"\s[{_UP}][^,;.“”\"\n]{{0,30}}?(?=[,;])")
# "mô hình … như|gồm|:" opening an unquoted list (no sentence punctuation in between)
_LIST_OPEN_RE = re.compile(r"(?:(?!\s(?:này|đó|ra|tại|ở|trên|của|các|những|từ|tương tự)\s)[^.;:!?\n“”\"]){0,60}?"
                           r"(?:\s(?:như|gồm|gồm có|bao gồm)\s?:?|:)\s")
_LIST_END_RE = re.compile(r";\s?(?:\.\.\.|…)|\.\.\.|…|\n|\.(?=\s+[" + _UP + r"])|\.$|!|\?")
_PLURAL_RE = re.compile(r"(?:\b(?:các|những|nhiều|mọi|số|những)|\d[\d.,]*)\s$")
# "với" ends a name except in the connectors "gắn với", "kết hợp với", "đi đôi với", "song song với"
_CUT_RE = re.compile(r"\s(?:của|tại|ở|do|được|đã|đang|sẽ|(?<!\sgắn\s)(?<!\shợp\s)(?<!\sđôi\s)(?<!\ssong\s)với"
                     r"|giúp|góp phần|mang lại|cho thấy)\s")
_LO = "".join(c for c in map(chr, range(0x61, 0x1EFA))
              if c.islower() and unicodedata.name(c, "").startswith("LATIN"))
# a sentence-case name in running text: "mô hình Nuôi cá lồng kết hợp trồng rau, …" — one
# capitalized word, then 2-14 lower-case words (a spaced dash may join two: "Bò - cỏ"), up to
# a comma, a semicolon, a full stop or the end of the line
_SENTENCE_NAME_RE = re.compile(rf"[{_UP}][{_LO}]+(?: (?:[-–] )?[{_LO}]+){{2,14}}(?=[,;.]|\n|$)")
_NAME_END_PUNCT = " ,;:.-–…\"'“”‘’"


@lru_cache(maxsize=1)
def _generic() -> frozenset:
    return frozenset(x.casefold() for x in data_lines("models_generic.txt"))


@lru_cache(maxsize=1)
def _campaign_lexicon() -> tuple[dict, re.Pattern]:
    names = {}
    for line in data_lines("models_campaigns.txt"):
        name, _, short = (p.strip() for p in line.partition("|"))
        names[name.casefold()] = name
        if short:
            names[short.casefold()] = name
    rx = re.compile(r"(?P<kind>[Pp]hong trào|[Cc]uộc vận động|[Cc]hiến dịch)(?P<td> thi đua)?\s"
                    r"(?:(?P<lex>" + alternation(names, ignore_case=True) + r")(?!\w)|" + _QUOTED + ")",
                    re.IGNORECASE)
    return names, rx


def _is_name(name: str) -> bool:
    if not name or len(name) < 2:
        return False
    if name.casefold() in _generic():
        return False
    if "mô hình" in name.casefold():
        return False
    words = name.split()
    if len(words) > 30:
        return False
    if not any(c.islower() for c in name):         # "DVK", "NƠXH", "990": an acronym or a number
        return False
    return any(c.isalpha() for c in name)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _NAME_END_PUNCT:
        start += 1
    while end > start and text[end - 1] in _NAME_END_PUNCT:
        end -= 1
    # a closing parenthesis belongs to the name when it opened inside it: "(BHYT)"
    if end < len(text) and text[end:end + 1] == ")" and text.count("(", start, end) > text.count(")", start, end):
        end += 1
    return start, end


_BAD_ITEM_RE = re.compile(r":|\s(?:gồm|như)\s")


@lru_cache(maxsize=1)
def _clause_words() -> frozenset:
    return frozenset(data_lines("models_clause_words.txt"))


def _sentence_name(text: str, start: int, locations: list[dict]) -> int:
    """End of a sentence-case name at ``start`` (right after "mô hình "), or -1.

    A capital letter in mid-sentence marks a name ("mô hình Tôm - cá luân canh, …"); the name
    must end at punctuation and hold no clause word (là, đã, này, và, …): "mô hình Nhà nước …
    đang được áp dụng" is no name. A location or an organization word opening it is no name.
    """
    m = _SENTENCE_NAME_RE.match(text, start)
    if not m:
        return -1
    words = set(m.group(0).split()[1:])
    if words & _clause_words() or _org_word(m.group(0)):
        return -1
    if any(mm["start"] == start for it in locations for mm in it.get("mentions") or [it]):
        return -1
    return m.end()


@lru_cache(maxsize=1)
def _org_words() -> tuple:
    return tuple(data_lines("models_not_names.txt"))


def _org_word(name: str) -> bool:
    """Names of bodies and places ("HTX chè …", "Viện KIST") are examples, not models."""
    return any(name.startswith(w) and name[len(w):len(w) + 1] in ("", " ") for w in _org_words())


def _seg_kind(segs: list[dict], pos: int) -> str:
    for s in segs:
        if s["start"] <= pos < s["end"]:
            return s["kind"]
    return "paragraph"


def _quoted_run(text: str, pos: int) -> list[tuple[int, int]]:
    """Quoted names one after another from ``pos``: “A”, “B”. “C”; “D”…"""
    out = []
    while True:
        m = _QUOTED_RE.match(text, pos)
        if not m:
            break
        out.append((m.start("q"), m.end("q")))
        pos = m.end()
        sep = _QSEP_RE.match(text, pos)
        if not sep:
            # “B” của xã Bình Thanh; “C”: the list goes on after an item's place
            tail = _ITEM_PLACE_RE.match(text, pos)
            sep = _QSEP_RE.match(text, tail.end()) if tail else None
        if not sep:
            break
        if "." in sep.group(0):
            # a new sentence may open with a quote that is not a name: go on only when the
            # list visibly continues after the next quoted name
            nxt = _QUOTED_RE.match(text, sep.end())
            if not nxt or not (_QSEP_RE.match(text, nxt.end()) or text.startswith(("...", "…"), nxt.end())):
                break
        pos = sep.end()
    return out


def _split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    body = text[start:end]
    sep = ";" if ";" in body else ","
    items = []
    pos = start
    for part in body.split(sep):
        s, e = _strip(text, pos, pos + len(part))
        pos += len(part) + 1
        if s >= e:
            continue
        if not text[s].isupper() or _BAD_ITEM_RE.search(text, s, e) or _org_word(text[s:e]):
            if not items or (sep == "," and len(items) < 2):
                return []       # "4 mô hình: Doanh nghiệp, cộng đồng, …": kinds, not names
            break
        if "(" in text[s:e] and text.count("(", s, e) > text.count(")", s, e):
            e = _strip(text, s, text.index("(", s, e))[1]
        items.append((s, e))
    if sep == "," and items:
        # "A, B và C": the last item splits at " và " when C is capitalized
        s, e = items[-1]
        m = re.search(r" và (?=[" + _UP + r"])", text[s:e])
        if m:
            items[-1] = (s, s + m.start())
            items.append((s + m.end(), e))
    return items


def _locality(text: str, end: int, locations: list[dict]) -> tuple[str | None, str | None, int]:
    """A place written right after a name ("… của xã X, huyện Y"): (locality, code, its end)."""
    m = re.match(r"[”\"’)]*\s(?:của|tại|ở)\s", text[end:end + 8])
    if not m:
        return None, None, end
    start = end + m.end()
    ends = {}
    for it in locations:
        for mm in it.get("mentions") or [it]:
            ends[mm["start"]] = (mm["end"], it)
    if start not in ends:
        return None, None, end
    stop, first = ends[start]
    while True:
        nxt = re.match(r",\s|\s\(", text[stop:stop + 3])
        if not nxt or stop + nxt.end() not in ends:
            break
        stop = ends[stop + nxt.end()][0]
        if text[stop:stop + 1] == ")":
            stop += 1
    return text[start:stop], first.get("code"), stop


def _models(doc: Doc, text: str) -> list[dict]:
    segs = segments(doc)
    locations = read_items(doc, "locations")
    found: list[tuple[int, int, int]] = []          # (name start, name end, trigger start)
    consumed = 0                                    # end of the last list or run read
    for t in _TRIGGER_RE.finditer(text):
        if t.start() < consumed:
            continue
        after = t.end()
        plural = bool(_PLURAL_RE.search(text[max(0, t.start() - 12):t.start()]))
        q = _after_quote_re().match(text, after)
        if q:
            for s, e in _quoted_run(text, q.end()):
                consumed = e
                s, e = _strip(text, s, e)
                found.append((s, e, t.start()))
            continue
        lst = _LIST_OPEN_RE.match(text, after)
        if lst:
            start = lst.end()
            if start < len(text) and text[start] in _OPEN:
                for s, e in _quoted_run(text, start):
                    consumed = e
                    s, e = _strip(text, s, e)
                    found.append((s, e, t.start()))
                continue
            stop = _LIST_END_RE.search(text, start)
            end = stop.start() if stop else len(text)
            consumed = end
            for s, e in _split_list(text, start, end):
                found.append((s, e, t.start()))
            continue
        if plural or text[after:after + 1] != " " or not text[after + 1:after + 2].isupper():
            continue
        # "Mô hình A của xã X" / a caption "… mô hình A"
        start = after + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        cut = _CUT_RE.search(text, start, line_end)
        kind = _seg_kind(segs, t.start())
        sent_end = _sentence_name(text, start, locations)
        if sent_end > 0 and (not cut or cut.start() >= sent_end):
            end = sent_end                    # a sentence-case name ending at punctuation
        elif cut and _locality(text, cut.start(), locations)[0]:
            end = cut.start()
        elif kind == "caption":
            stop = _LIST_END_RE.search(text, start, line_end)
            end = stop.start() if stop else line_end
            if cut and text[cut.start() + 1:cut.end() - 1] not in ("của", "tại", "ở"):
                end = min(end, cut.start())
        else:
            continue
        s, e = _strip(text, start, end)
        if not _org_word(text[s:e]):
            found.append((s, e, t.start()))

    places = {(m["start"], m["end"]) for it in locations for m in it.get("mentions") or [it]}
    entries: dict[str, dict] = {}
    for s, e, _ in sorted(found):
        name = text[s:e]
        if not _is_name(name) or (s, e) in places:
            continue
        key = name.casefold()
        loc, code, _ = _locality(text, e, locations)
        ent = entries.get(key)
        if ent is None:
            ent = entries[key] = {"start": s, "end": e, "text": name, "name": name,
                                  "locality": None, "location_code": None, "mentions": []}
        if loc and not ent["locality"]:
            ent["locality"], ent["location_code"] = loc, code
        ent["mentions"].append((s, e))
    # every other occurrence of a name is a mention too
    low = text.casefold() if len(text.casefold()) == len(text) else None
    for key, ent in entries.items():
        if low is not None and len(key.split()) >= 2:
            pos = low.find(key)
            while pos >= 0:
                end = pos + len(key)
                if (pos == 0 or not text[pos - 1].isalnum()) and (end >= len(text) or not text[end].isalnum()):
                    ent["mentions"].append((pos, end))
                pos = low.find(key, end)
        spans = sorted(set(ent.pop("mentions")))
        ent["mentions"] = [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]
    return list(entries.values())


def _campaigns(doc: Doc, text: str) -> list[dict]:
    names, rx = _campaign_lexicon()
    shorts = {}
    for ab in read_items(doc, "abbreviations"):
        if ab.get("long"):
            shorts[ab["short"].casefold()] = ab["long"]
    entries: dict[str, dict] = {}
    for m in rx.finditer(text):
        if m.group("lex"):
            s, e = m.span("lex")
            canon = names[m.group("lex").casefold()]
        else:
            s, e = _strip(text, m.start("q"), m.end("q"))
            written = text[s:e]
            canon = names.get(written.casefold()) or shorts.get(written.casefold()) or written
        if s >= e or not any(c.isalpha() for c in text[s:e]):
            continue
        kind = m.group("kind").lower()
        if m.group("td"):
            kind = "phong trào"
        key = canon.casefold()
        ent = entries.get(key)
        if ent is None:
            ent = entries[key] = {"start": s, "end": e, "text": text[s:e], "name": canon,
                                  "kind": kind, "mentions": []}
        ent["mentions"].append({"start": s, "end": e, "text": text[s:e]})
    return list(entries.values())


def find(doc: Doc) -> dict[str, list[dict]]:
    text = doc_text(doc)
    return {"models": _models(doc, text), "campaigns": _campaigns(doc, text)}


FACTORY = register(("models", "campaigns"), find, name="vnx_models")
