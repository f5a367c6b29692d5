"""Quotes: direct speech in quotation marks attributed to a named person.

Quotation marks are paired by position (an opening mark follows a space, a line start or "(:";
a closing mark follows a word), so mixed “…" pairs and nested quotes work; the outermost pairs
are the candidates. A candidate is a quote when its speaker is found next to it:

* after it: ``“…” - ông Tú nói``, ``“…”, Thủ tướng khẳng định``, or, when the quote opens the
  paragraph, ``“…”. Ông X, Chức vụ, nhấn mạnh …``;
* before it, in the same sentence: ``X cho biết: “…”``, ``Theo X: “…”``, ``Bí thư Thăng: “…”``,
  ``… theo anh là “…”`` (a pronoun takes the last person named before).

The speaker is a mention of an ``officials``/``people`` entry (full name, short form
"ông Tiệp", or a title alone "Phó Thủ tướng" when exactly one official has that title); the
item's ``speaker`` is the entry's full name, ``start``/``end`` cover the quoted text (without
the marks), ``verb`` is the speech verb when one is written.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .base import alternation, doc_text, data_lines, read_items, register
from .names import LO, UP, WB_L, fold, title_re

_OPEN_CHARS = "“\""
_CLOSE_CHARS = "”\""
_MARK = re.compile(r"[“”\"]")
_PRONOUN = re.compile(rf"{WB_L}(?:ông|bà|anh|chị|cô|thầy|ông ấy|bà ấy|anh ấy|chị ấy|Ông|Bà|Anh|Chị)(?![\w])")
_GIVEN_ONLY = re.compile(rf"([{UP}][{LO}]+)\s+")
_RELATIVE = re.compile(r"(?<![\w])(?:vợ|chồng|con|con trai|con gái|mẹ|bố|cha|anh trai|chị gái|em trai|em gái|"
                       r"người nhà|người thân|gia đình|bạn|hàng xóm|đồng nghiệp)\s+(?:của\s+)?"
                       r"(?:ông|bà|anh|chị|em|cháu|bé|cô|chú|bác)?\s*$", re.IGNORECASE)
_INITIAL_DOT = re.compile(rf"(?:^|[\s.])[{UP}]\.$")
_SENT_END = re.compile(r"[.!?…](?=\s)|\n")
# "bà Vân ... khi nghe người cùng xóm rỉ tai: “…”": the person named listens
_HEARS = re.compile(r"(?<![\w])(?:nghe|được nghe|nghe thấy|theo lời)(?![\w])", re.IGNORECASE)
# a person named right after these is talked about or to, not the one talking
_OBJECT_BEFORE = re.compile(r"(?<![\w])(?:với|của|cho|gặp|cùng|và|thăm|tặng|giúp|hỏi|mời|về|tới|đến|"
                            r"khen|trao|đề nghị|yêu cầu|nhờ)\s+(?:(?:ông|bà|anh|chị|cô|chú|bác|em|cháu|"
                            r"cụ|đồng chí)\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=None)
def _verb_re() -> re.Pattern:
    alt = alternation(data_lines("persons_speech_verbs.txt"), ignore_case=True)
    return re.compile(rf"{WB_L}({alt})(?![\w])", re.IGNORECASE)


def _pairs(text: str) -> list[tuple[int, int]]:
    """Outermost (open, close) index pairs, plus dangling closes as (-1, close)."""
    stack: list[int] = []
    out: list[tuple[int, int]] = []
    for m in _MARK.finditer(text):
        i, ch = m.start(), m.group(0)
        prev = text[i - 1] if i else "\n"
        nxt = text[i + 1] if i + 1 < len(text) else "\n"
        if ch == "“":
            is_open = True
        elif ch == "”":
            is_open = False
        else:  # straight quote: decide by its neighbours
            is_open = (prev.isspace() or prev in "(:[-–—") and not nxt.isspace()
        if is_open:
            stack.append(i)
        elif stack:
            o = stack.pop()
            if not stack:
                out.append((o, i))
        else:
            out.append((-1, i))
    return out


def _mentions(doc: Doc) -> list[tuple[int, int, str, dict]]:
    out = []
    for kind in ("officials", "people"):
        for it in read_items(doc, kind):
            for m in it.get("mentions") or [{"start": it["start"], "end": it["end"]}]:
                out.append((m["start"], m["end"], it["name"], it))
    out.sort(key=lambda x: x[0])
    return out


def _title_index(doc: Doc) -> dict[str, str]:
    """Folded title -> official name, for titles held by exactly one official."""
    seen: dict[str, str] = {}
    for it in read_items(doc, "officials"):
        for t in {it.get("title"), it.get("position")}:
            if t:
                seen[fold(t) + "\x00" + it["name"]] = it["name"]
    return seen


def _title_speaker(segment: str, titles: dict[str, str], at_start: bool) -> tuple[str, int] | None:
    """A title alone naming the speaker ("Phó Thủ tướng nhấn mạnh"): the one official whose
    title or position starts with it."""
    found = list(title_re().finditer(segment))
    if at_start:
        found = [m for m in found if m.start() <= 3][:1]
    for m in reversed(found):
        t = fold(m.group(0))
        names = {n for k, n in titles.items() if k.startswith(t + " ") or k.startswith(t + "\x00")}
        if len(names) == 1:
            return next(iter(names)), m.start()
    return None


def find(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    mentions = _mentions(doc)
    if not mentions:
        return []
    titles = _title_index(doc)
    items = []
    for o, c in _pairs(text):
        line_start = text.rfind("\n", 0, c) + 1
        if o < 0:
            # dangling close: start at the last opening mark of the paragraph, else its start
            k = max(text.rfind("“", line_start, c), text.rfind("\"", line_start, c))
            o = k if k >= 0 else line_start - 1
        inner_s, inner_e = o + 1, c
        inner = text[inner_s:inner_e]
        if len(inner.split()) < 3:
            continue
        if text[max(0, o - 3):o].rstrip().endswith(":"):
            # "X cho biết: “…”": the speaker before the colon wins over a name after the quote
            found = _before(text, o, mentions, titles) or _after(text, c, mentions, titles, o)
        else:
            found = _after(text, c, mentions, titles, o) or _before(text, o, mentions, titles)
        if not found:
            continue
        speaker, verb = found
        s, e = inner_s, inner_e
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        items.append({"start": s, "end": e, "text": text[s:e], "speaker": speaker, "verb": verb})
    return items


def _after(text, c, mentions, titles, o):
    """Speaker written after the closing mark."""
    tail_end = c + 1
    m = re.match(r",?\s*[-–—]?\s*", text[tail_end:tail_end + 6])
    start = tail_end + (m.end() if m else 0)
    if text[tail_end:tail_end + 1] == ".":
        start = window_end = tail_end
    else:
        window_end = min(len(text), start + 200)
    se = _SENT_END.search(text, start, window_end)
    while se and _INITIAL_DOT.search(text, max(0, se.start() - 3), se.end()):
        se = _SENT_END.search(text, se.end(), window_end)  # "ông H. kể lại": an initial, not an end
    stop = se.start() if se else window_end
    q = _MARK.search(text, start, stop)
    if q:
        stop = q.start()
    seg = text[start:stop]
    vm = _verb_re().search(seg)
    if not vm:
        # "“…”. Ông X, Chức vụ, nhấn mạnh …" when the quote opens its paragraph
        if text[c + 1:c + 2] == "." and (o <= 0 or text[o - 1] == "\n"):
            nstart = c + 2
            while nstart < len(text) and text[nstart] == " ":
                nstart += 1
            se2 = _SENT_END.search(text, nstart, nstart + 250)
            seg2_end = se2.start() if se2 else min(len(text), nstart + 250)
            vm2 = _verb_re().search(text, nstart, seg2_end)
            if vm2:
                for ms, me, name, _ in mentions:
                    if nstart <= ms <= nstart + 12 and me <= vm2.start():
                        return name, vm2.group(1).lower()
        return None
    verb_at = start + vm.start()
    for ms, me, name, _ in mentions:
        if start <= ms < verb_at and (ms - start <= 25 or (
                ms - start <= 150 and title_re().match(text, start))):
            if _RELATIVE.search(text, start, ms):
                return None  # "vợ anh D. cho biết": the speaker is a relative of the person
            return name, vm.group(1).lower()
    ts = _title_speaker(text[start:verb_at], titles, at_start=True)
    if ts:
        return ts[0], vm.group(1).lower()
    # "“…”, Ngọc chia sẻ": the given name alone, of exactly one person named before the quote
    gm = _GIVEN_ONLY.fullmatch(text, start, verb_at)
    if gm:
        given = fold(gm.group(1))
        names = {name for ms, _, name, _ in mentions
                 if ms < c and len(name.split()) >= 2 and fold(name.split()[-1]) == given}
        if len(names) == 1:
            return next(iter(names)), vm.group(1).lower()
    return None


def _before(text, o, mentions, titles):
    """Speaker written before the opening mark, in the same sentence."""
    if o <= 0:
        return None
    line_start = text.rfind("\n", 0, o) + 1
    ws = line_start
    for m in _SENT_END.finditer(text, line_start, o):
        ws = m.end()
    # a closing mark in between means another quote sits there: start after it
    for m in _MARK.finditer(text, ws, o):
        if m.group(0) in "”\"":
            ws = m.end()
    seg = text[ws:o]
    stripped = seg.rstrip()
    vms = list(_verb_re().finditer(seg))
    direct = stripped.endswith(":") or re.search(r"(?:rằng|là)$", stripped) is not None
    in_win = [x for x in mentions if ws <= x[0] and x[1] <= o]
    if in_win:
        ms, me, name, _ = in_win[-1]
        verbs_after = [v for v in vms if ws + v.start() >= me]
        if verbs_after and not _OBJECT_BEFORE.search(text[ws:ms]):
            v = verbs_after[0]
            between = text[me:ws + v.start()]
            gap = text[ws + v.end():o]
            if len(between) <= 160 and not _HEARS.search(between) and (direct or gap.strip(" ,:") == "" or (
                    len(gap) <= 60 and text[o + 1:o + 2].islower()
                    and len(text[o:].split("”", 1)[0].split()) >= 6)):
                return name, v.group(1).lower()
        if direct and text[me:o].strip() in {":", ""}:
            return name, None
        if re.match(r"\s*:\s*$", text[me:o]) or re.match(r"^\s*(?:Theo|theo)\b", text[ws:ms]) and direct:
            return name, None
        # "Bà X, 62 tuổi, bán rau ở chợ, vui vẻ: “…”": the one person the sentence names, as its
        # subject (not the object of "với", "của", "cho" ...), speaks after its colon
        if stripped.endswith(":") and len({x[2] for x in in_win}) == 1 and len(text[me:o]) <= 160 \
                and not _OBJECT_BEFORE.search(text[ws:ms]) and not _MARK.search(text, me, o) \
                and not _HEARS.search(text, me, o):
            return name, None
    # pronoun: "theo anh là “…”", "ông cho biết: “…”"
    pm = None
    for m in _PRONOUN.finditer(seg):
        if not text[ws + m.end() + 1:ws + m.end() + 2].isupper():
            pm = m
    if pm and in_win and in_win[-1][1] > ws + pm.start():
        pm = None
    if pm and (direct or vms):
        prev = [x for x in mentions if x[1] <= ws + pm.start()]
        if prev:
            return prev[-1][2], (vms[-1].group(1).lower() if vms else None)
    if vms and direct:
        ts = _title_speaker(seg, titles, at_start=False)
        if ts:
            return ts[0], vms[-1].group(1).lower()
    return None


FACTORY = register("quotes", find)
