"""abbreviations extractor: every acronym used in the article, with its expansion.

An acronym is a run of upper-case parts (letters, digits) joined by ".", "&" or "-" with at
least two capital letters and no lower-case letter (UBND, HĐND, KT-XH, GD&ĐT, TP.HCM).
"TP. HCM" and "TP HCM" are one acronym with "TP.HCM"/"TPHCM" (the key drops dots and spaces).

Rejected: units and currencies (``abbreviations_stop.txt``), symbols of document codes
("38-CT/TW", "1234/QĐ-UBND"), letter-digit product codes (H5N1, "RES 11"), Roman numerals,
dotted initials ("L.T.H.") and initials after a person word ("bệnh nhân PTTD"), and all-caps
words that are plain Vietnamese syllables (shouted names, headings: "NGUYỄN THU THỦY") unless
the lexicon knows them.

The expansion (``long``) comes, in this order, from a definition in the text ("bảo hiểm y tế
(BHYT)", or a named body before the parenthesis whose initials are foreign, "Phòng Thương mại
và Công nghiệp Việt Nam (VCCI)": source ``text``), from the article's words (a lexicon
expansion written in the article, or a word run whose initials spell an acronym of three or more
letters, "Dân vận khéo" for DVK: source ``inferred``), or from the shipped lexicon of standard
abbreviations (``abbreviations_lexicon.tsv``, source ``lexicon``); null when none is known.
Lexicon acronyms are accepted without the shape checks above (MC, VAT, EU), except inside
document codes.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from spacy.tokens import Doc

from .base import doc_text, data_lines, read_items, register

# A chain of word parts joined by . & - (the separator is never a word character, so the
# pattern is linear).
_CHAIN = re.compile(r"\w+(?:(?:\.| ?& ?|[-–] ?| [-–])\w+)*")
_SEP_SPLIT = re.compile(r"(\.| ?& ?|[-–] ?| [-–])")
_TP_HCM = re.compile(r"\bTP\.? ?HCM\b")
_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_CODE_BEFORE = re.compile(r"(?:/\s?|\d[-–]\s?|\d\s[-–]|\d/\d{2,4} )$")
_CODE_AFTER = re.compile(r"^\s?/")
_NUM_AFTER = re.compile(r"^(?:[-–]\d|\s\d)")
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:ông|bà|anh|chị|em|cháu|bé|cụ|cô|thầy|bệnh nhân|nạn nhân|đối tượng|bị can|"
    r"bị cáo|sản phụ|thai phụ|nữ sinh|nam sinh|tài xế|thanh niên|Ông|Bà|Anh|Chị|Em|Cháu|Bé|Cụ)"
    r"\s)$")
_CREDIT_BEFORE = re.compile(
    r"(?:\b(?:Ảnh|ảnh|Nguồn|Video|Clip|Đồ họa|mã|Mã|mã CK|mã chứng khoán|cổ phiếu)\s?:?\s?\(?)$")
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}"
    r"(?:ng|nh|ch|[cmnpt])?$")
_VN_VOWEL_MARKS = set("ĂÂÊÔƠƯăâêôơư")


@lru_cache(maxsize=1)
def _not_in_names() -> frozenset[str]:
    return frozenset(data_lines("abbreviations_function_words.txt"))


@lru_cache(maxsize=1)
def _def_heads() -> tuple[str, ...]:
    return data_lines("abbreviations_def_heads.txt")


_KEY_DROP = re.compile(r"[\s.]")
_KEY_DASH = re.compile(r"[‐‑‒–—―−]")


def _key(s: str) -> str:
    return _KEY_DASH.sub("-", _KEY_DROP.sub("", s)).upper()


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for line in data_lines("abbreviations_lexicon.tsv"):
        if "\t" not in line:
            continue
        short, long = line.split("\t", 1)
        out.setdefault(_key(short), []).append(long.strip())
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return frozenset(_key(x) for x in data_lines("abbreviations_stop.txt"))


def _strip_marks(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def _is_syllable(word: str) -> bool:
    """True for an all-caps word that reads as a Vietnamese syllable (NGUYỄN, THU, HUY)."""
    if any(c in _VN_VOWEL_MARKS for c in word):
        return True
    plain = _strip_marks(word)
    if plain != word.replace("Đ", "D"):
        return True  # tone marks: a spelled word, not an acronym
    return bool(_SYLLABLE.match(plain.lower()))


def _is_caps_part(p: str) -> bool:
    return any(c.isupper() for c in p) and not any(c.islower() for c in p)


_UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha())
_UP2 = re.compile(r"[%s](?: ?[.&\-–] ?)?[%s]" % (_UPPER, _UPPER))


def _chains(text: str):
    """The word chains holding two capitals close together (most words are skipped fast)."""
    last = -1
    for h in _UP2.finditer(text):
        p = h.start()
        if p < last:
            continue
        b = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p)) + 1
        # resume where the previous scan of this same chain stopped: a long run without
        # spaces ("12/QĐ-12/QĐ-...") is then read once, not once per capital pair
        for m in _CHAIN.finditer(text, max(b, last)):
            if m.end() > p:
                if m.start() <= p:
                    last = m.end()
                    yield m
                break
            last = m.end()


def _candidates(text: str) -> list[tuple[int, int]]:
    """(start, end) of every all-caps run inside word chains, "TP. HCM" merged."""
    out = []
    merged = []
    for m in _TP_HCM.finditer(text):
        merged.append((m.start(), m.end()))
    mi = 0
    for m in _chains(text):
        s0 = m.start()
        while mi < len(merged) and merged[mi][1] <= s0:
            mi += 1
        if mi < len(merged) and merged[mi][0] <= s0 < merged[mi][1]:
            if s0 == merged[mi][0]:
                out.append(merged[mi])
            continue
        chain = m.group()
        if chain[1:] == chain[1:].lower():
            continue  # at most one capital: an ordinary word
        parts = _SEP_SPLIT.split(chain)
        pos = s0
        run_start = run_end = None
        for i in range(0, len(parts), 2):
            p = parts[i]
            p_start, p_end = pos, pos + len(p)
            pos = p_end + (len(parts[i + 1]) if i + 1 < len(parts) else 0)
            if _is_caps_part(p):
                if run_start is None and i > 0 and parts[i - 1].strip() == ".":
                    continue  # "Tp.HCM": a form with lower case is not an acronym
                if run_start is None:
                    run_start = p_start
                run_end = p_end
            else:
                if run_start is not None:
                    out.append((run_start, run_end))
                run_start = None
        if run_start is not None:
            out.append((run_start, run_end))
    return out


_CODE_IN_TEXT = re.compile(r"\d{1,6}(?:/\d{1,4}){0,3}\s?[/-]\s?[A-ZĐ][\wĐ]{0,12}(?:\s?[/\-–&]\s?[A-ZĐ][\wĐ]{0,12}){1,6}")


def _code_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Where the codes of the directives found earlier sit in the text."""
    ranges = []
    for it in read_items(doc, "directives"):
        code = it.get("code")
        if not code:
            continue
        pat = "".join(r"\s?[-–]\s?" if c in "-–" else (r"\s?/\s?" if c == "/" else re.escape(c))
                      for c in code)
        try:
            for m in re.finditer(pat, doc_text(doc)[it["start"]:it["end"]]):
                ranges.append((it["start"] + m.start(), it["start"] + m.end()))
        except re.error:
            continue
    for m in _CODE_IN_TEXT.finditer(doc_text(doc)):
        ranges.append((m.start(), m.end()))
    return ranges


def _accept(text: str, s: int, e: int, known: bool) -> bool:
    word = text[s:e]
    k = _key(word)
    if len(k) > 16:
        return False  # no acronym is that long
    letters = [c for c in word if c.isalpha()]
    if sum(c.isupper() for c in letters) < 2:
        return False
    if k in _stop():
        return False
    before, after = text[max(0, s - 12):s], text[e:e + 3]
    if _CODE_BEFORE.search(before) or _CODE_AFTER.match(after):
        return False  # symbol of a document code: 38-CT/TW, 1234/QĐ-UBND
    if known:
        return True
    if any(c.isdigit() for c in word) or _NUM_AFTER.match(text[e:e + 2]):
        return False  # product and plate codes: H5N1, CC1, "RES 11"
    parts = re.split(r" ?[.&\-–] ?", word)
    if "." in word and any(len(p) == 1 for p in parts):
        return False  # dotted initials: L.T.H., T.L, N.TRI
    if _CREDIT_BEFORE.search(text[max(0, s - 20):s]):
        return False  # photo credits and stock tickers: "Ảnh: TL", "mã CK: HVG"
    if _ROMAN.match(k):
        return False
    if _PERSON_BEFORE.search(text[max(0, s - 12):s]):
        return False  # bệnh nhân PTTD, ông NVA
    if len(parts) == 1 and _is_syllable(word):
        return False  # shouted words and names: NGUYỄN, HUY
    # a run of all-caps words around it: a shouted name or heading
    prev = re.search(r"(\w+)\s$", text[max(0, s - 30):s])
    nxt = re.match(r"\s(\w+)", text[e:e + 30])
    for nb in (prev, nxt):
        if nb and len(nb.group(1)) > 1 and _is_caps_part(nb.group(1)) and nb.group(1).isalpha() \
                and _key(nb.group(1)) not in _lexicon():
            return False
    return True


def _base(c: str) -> str:
    """The letter an acronym writes for a syllable's first character ("Ủy" -> U, "Đầu" -> Đ)."""
    if c in "Đđ":
        return "Đ"
    return unicodedata.normalize("NFD", c)[0].upper()


def _letter_classes() -> dict[str, str]:
    out: dict[str, set[str]] = {}
    for code in range(0x41, 0x1EFA):
        ch = chr(code)
        if ch.isalpha() and (code < 0x250 or code >= 0x1E00):
            out.setdefault(_base(ch), set()).add(ch)
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in out.items()}


_LETTER_CLASS = _letter_classes()


def _initial(w: str) -> str:
    return _base(w[0])


def _letters(short: str) -> list[str]:
    """The letters of an acronym, with "&" kept as a marker for an optional "và"."""
    out = []
    for c in short:
        if c.isalpha():
            out.append(_base(c))
        elif c == "&":
            out.append("&")
    return out


def _match_initials(letters: list[str], words: list[str]) -> bool:
    """Do the words, one letter each ("và" for "&", "-" skipped), spell the letters?"""
    i = 0
    ws = [w for w in words if w not in ("-", "–", ",")]
    for w in ws:
        if i >= len(letters):
            return False
        if letters[i] == "&":
            i += 1
            if w.lower() == "và":
                continue
            if i >= len(letters):
                return False
        if letters[i] == "W" and _initial(w) == "U":
            i += 1
            continue
        if _initial(w) != letters[i]:
            return False
        i += 1
    return i == len(letters)


_DEF_STOP = re.compile(r"[,;:.!?()“”\"\n]")


def _text_definition(text: str, s: int, e: int, short: str) -> str | None:
    """"long phrase (SHORT)" or "SHORT (long phrase)": the phrase when its initials match."""
    letters = _letters(short)
    n = len([c for c in letters if c != "&"])
    if text[s - 1:s] == "(" and text[e:e + 1] == ")":
        left = text[max(0, s - 200):s - 1].rstrip()
        # words back to the clause boundary
        cut = max((m.end() for m in _DEF_STOP.finditer(left)), default=0)
        clause = left[cut:]
        toks = list(re.finditer(r"\w+|[-–]", clause))
        for size in range(n, min(len(toks), n + 4) + 1):
            span = toks[len(toks) - size:]
            if span and span[0].group() not in ("-", "–") and \
                    _match_initials(letters, [t.group() for t in span]):
                return clause[span[0].start():].strip()
        # a definition whose initials are not Vietnamese (PCI, VCCI): the lexicon's phrase or
        # a named body right before the parenthesis
        low = clause.lower()
        for long in _lexicon().get(_key(short), ()):
            if low.endswith(long.lower()):
                return clause[len(clause) - len(long):]
        best = -1
        for head in _def_heads():
            i = clause.rfind(head)
            if i > best and (i == 0 or clause[i - 1] == " "):
                best = i
        if best >= 0 and len(clause[best:].split()) <= 14:
            return clause[best:].strip()
    m = re.match(r" \(([^()\n]{3,120})\)", text[e:e + 125])
    if m:
        words = re.findall(r"\w+|[-–]", m.group(1))
        if words and _match_initials(letters, words):
            return m.group(1).strip()
    return None


def _initials_pattern(letters: list[str]) -> re.Pattern | None:
    """A regex for a run of words whose initials spell the letters ("và" for "&")."""
    words = []
    for c in letters:
        if c == "&":
            words.append(r"(?:và )?")
            continue
        cls = (_LETTER_CLASS["U"] if c == "W" else _LETTER_CLASS.get(_base(c), re.escape(c)))
        words.append(cls + r"\w*(?: - | )")
    if not words:
        return None
    pat = "".join(words)
    pat = pat[:pat.rfind("(?: - | )")] if pat.endswith("(?: - | )") else pat
    return re.compile(r"(?<!\w)" + pat + r"(?!\w)", re.IGNORECASE)


def _inferred(text: str, short: str) -> str | None:
    """A word run of the article whose initials spell the acronym (lexicon phrases first)."""
    low = text.lower()
    known = _lexicon().get(_key(short), ())
    for long in known:
        if long.lower() in low:
            return long
    if known:
        return None
    letters = _letters(short)
    plain = [c for c in letters if c != "&"]
    if len(plain) < 3:
        return None
    pat = _initials_pattern(letters)
    if pat is None:
        return None
    counts: dict[str, int] = {}
    for m in pat.finditer(text):
        ws = re.findall(r"\w+", m.group())
        if any((len(t) > 1 and any(c.isupper() for c in t[1:])) or t.isdigit()
               or t.lower() in _not_in_names() or (t.lower() == "và" and "&" not in letters)
               for t in ws):
            continue
        caps = [t[0].isupper() for t in ws]
        if any(caps[1:]) and not all(caps):
            continue  # "Hòa Phát góp": a name cut short
        prev = re.search(r"(\w+) $", text[max(0, m.start() - 20):m.start()])
        if caps[0] and prev and prev.group(1)[0].isupper():
            continue  # "(Hải) Phòng chủ trì": starts inside a name
        if _match_initials(letters, ws):
            counts[m.group()] = counts.get(m.group(), 0) + 1
    if len(plain) == 3:  # three lower-case words are too easy to hit by chance
        counts = {p: c for p, c in counts.items() if c >= 2}
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def find(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    lex = _lexicon()
    codes = _code_ranges(doc)
    found: dict[str, list[tuple[int, int]]] = {}
    order: list[str] = []
    for s, e in _candidates(text):
        # "TP.HCM9." in a numbered list: drop the list number
        m = re.search(r"\d+$", text[s:e])
        if m and _key(text[s:s + m.start()]) in lex and text[e:e + 1] == ".":
            e = s + m.start()
        for s, e in _split_lists(text, s, e):
            _add(text, s, e, codes, lex, found, order)
    companies = [(m["start"], m["end"]) for org in read_items(doc, "organizations")
                 if org.get("kind") == "company" for m in (org.get("mentions") or [org])]
    return _items(text, lex, found, order, companies)


def _split_lists(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """"HĐND-UBND", "KCX-KCN": a dash between two known acronyms joins a list, not one."""
    word = text[s:e]
    lex = _lexicon()
    if not any(c in word for c in "-–&") or _key(word) in lex:
        return [(s, e)]
    parts = list(re.finditer(r"[^\s\-–&]+", word))
    if len(parts) > 1 and all(_key(p.group()) in lex and len(_key(p.group())) >= 3 for p in parts):
        return [(s + p.start(), s + p.end()) for p in parts]
    return [(s, e)]


def _add(text: str, s: int, e: int, codes: list, lex: dict, found: dict, order: list) -> None:
    k = _key(text[s:e])
    if any(a <= s and e <= b for a, b in codes):
        return
    paren = text[s - 1:s] == "(" and text[e:e + 1] == ")"
    if paren and k not in lex and _ROMAN.match(k):
        return
    if not _accept(text, s, e, k in lex or paren):
        return
    if k not in found:
        found[k] = []
        order.append(k)
    found[k].append((s, e))


def _items(text: str, lex: dict, found: dict, order: list,
           companies: list[tuple[int, int]] = ()) -> list[dict]:
    items = []
    for k in order:
        spans = found[k]
        short = text[spans[0][0]:spans[0][1]]
        long, source = None, None
        for s, e in spans:
            long = _text_definition(text, s, e, short)
            if long:
                source = "text"
                # a definition opening a sentence ("Bảo hiểm y tế (BHYT) …"): the usual casing
                long = next((x for x in lex.get(k, ()) if x.casefold() == long.casefold()), long)
                break
        if long is None:
            long = _inferred(text, short)
            if long:
                source = "inferred"
        if long is None and k in lex:
            long, source = lex[k][0], "lexicon"
        if long is None and companies and all(any(a <= s and e <= b for a, b in companies)
                                              for s, e in spans):
            continue  # an unknown acronym used only inside a company's name: a brand name
        s, e = spans[0]
        items.append({
            "start": s, "end": e, "text": short, "short": short, "long": long, "source": source,
            "mentions": [{"start": a, "end": b, "text": text[a:b]} for a, b in spans],
        })
    return items


FACTORY = register("abbreviations", find)
