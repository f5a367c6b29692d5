"""figures: every explicit quantity with its value, unit, qualifier and what it counts.

A regex over ``doc.text`` finds number cores (digit strings, numbers in words, "gấp đôi",
fractions); from each core the text is read forward with small anchored regexes (scale words,
range, unit, per) and backward (qualifier, change). The counted noun phrase (`quantity`) is
read on the underthesea tokens. A number is only emitted with something it counts or measures
(or as a multiplier/fraction), which keeps codes, house numbers and years out.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from .base import alternation, data_json, data_lines, doc_text, read_items, register, sentence_bounds, window_words
from .numbers import NUMBER_WORDS, SCALES, parse_digits, parse_words

W = r"[^\W\d_]"          # a letter
NB = r"(?![^\W_])"      # not followed by a letter or digit


def _alt(words, ignore_case: bool = False) -> str:
    return alternation(words, ignore_case=ignore_case, space=r"\s")


@lru_cache(maxsize=None)
def _lex():
    units = data_json("figures_units.json")
    nouns, cls, bare = {}, set(), set()
    for line in data_lines("figures_nouns.txt"):
        word, _, tag = line.partition("|")
        word = word.strip()
        nouns[word.lower()] = word
        if tag.strip() == "cls":
            cls.add(word.lower())
        elif tag.strip() == "bare":
            bare.add(word.lower())
    stop = {w.lower() for w in data_lines("figures_stop.txt")}
    stop |= {w.lower() for w in data_lines("figures_verbs.txt")}
    cur = units["currency"]
    meas = units["measure"]
    lex = {
        "currency": cur, "measure": meas, "time": set(units["time"]), "nouns": nouns,
        "cls": cls, "bare": bare, "stop": stop,
    }
    # unit after a number: currency/percent/measure/time (may be glued to a digit: "300CV", "4.303m2")
    lex["re_unit"] = re.compile(
        r"[ \u00a0]?(?P<u>" + _alt(list(cur) + units["percent"] + list(meas)) + r")(?![^\W_])"
        r"|\s(?P<t>" + _alt(units["time"]) + r")" + NB
    )
    lex["re_noun"] = re.compile(r"\s(?P<n>" + _alt(nouns, ignore_case=True) + r")" + NB, re.I)
    lex["percent"] = set(units["percent"])
    return lex


# ---------------------------------------------------------------- number cores
_NUMW = _alt(NUMBER_WORDS, ignore_case=True)
RE_CORE = re.compile(
    r"(?<![\w])(?P<g>gấp\s(?:đôi|rưỡi|ba|bốn|năm|mười|\d+(?:,\d+)?))" + NB
    + r"|(?<![\w])(?P<half>(?:một\s)?nửa)" + NB
    + r"|(?<![\w./\-])(?<!\d,)(?P<d>\d+(?:[.,]\d+)*)"
    + r"|(?<![\w])(?P<w>(?:" + _NUMW + r")(?:\s(?:" + _NUMW + r"))*)" + NB,
    re.I,
)
RE_SCALE = re.compile(r"\s?(?P<s>nghìn|ngàn|vạn|triệu|tỷ|tỉ)" + NB + r"(?:\s(?P<r>rưỡi|mốt|tư)" + NB + ")?", re.I)
RE_COMPOUND = re.compile(r"\s(?P<d>\d{1,3}(?:,\d+)?)\s(?P<s>nghìn|ngàn|triệu)" + NB)
RE_DASH = re.compile(r"\s?[-–—]\s?(?=\d)")
RE_TO = re.compile(r"\s(?:đến|tới|-|–)\s(?:(?P<q>dưới|hết)\s)?(?=[\d\w])")
RE_NUM_AT = re.compile(r"(?P<d>\d+(?:[.,]\d+)*)(?![\d/])|(?P<w>(?:" + _NUMW + r")(?:\s(?:" + _NUMW + r"))*)" + NB, re.I)
RE_PER = re.compile(r"\s?/\s?(?P<p>(?:ngày đêm|tín chỉ|hồ sơ|học sinh|sinh viên|lượt khách|" + W + r"+\d?))(?P<p2>/" + W + r"+)?" + NB)
RE_PER_TIME = re.compile(r"/\s?(?P<p>ngày đêm|ngày|tháng|năm|tuần|giờ|người|ca|ha|kg|tấn|lượt|hộ|suất|lần)" + NB)
RE_TRO_LEN = re.compile(r"\strở\slên" + NB)
RE_NUA = re.compile(r"\snữa" + NB)
RE_LAN = re.compile(r"\slần" + NB, re.I)
HALF_QUALIFIERS = {"hơn", "gần", "khoảng", "chưa đến", "chưa tới", "ít nhất", "tối đa", "xấp xỉ", "chừng", "độ", "ước"}
RE_WORD_PAIR = re.compile(r",\s(?P<w2>hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)" + NB)

QUALIFIERS = [
    ("không được vượt quá", "at_most"), ("không được quá", "at_most"), ("không vượt quá", "at_most"),
    ("không quá", "at_most"), ("tối đa là", "at_most"), ("tối đa", "at_most"), ("không lớn hơn", "at_most"),
    ("không cao hơn", "at_most"), ("không nhiều hơn", "at_most"), ("không nhỏ hơn", "at_least"),
    ("không thấp hơn", "at_least"), ("không ít hơn", "at_least"), ("không dưới", "at_least"),
    ("tối thiểu là", "at_least"), ("ít nhất là", "at_least"), ("đến", "at_most"), ("tới", "at_most"), ("ít nhất khoảng", "at_least"), ("ít nhất", "at_least"),
    ("tối thiểu", "at_least"), ("chưa đến", "less_than"), ("chưa tới", "less_than"), ("chưa đầy", "less_than"),
    ("dưới", "less_than"), ("hơn", "more_than"), ("trên", "more_than"), ("vượt ngưỡng", "more_than"),
    ("vượt", "more_than"), ("quá", "more_than"), ("khoảng", "about"), ("gần", "about"), ("xấp xỉ", "about"),
    ("ước đạt", "about"), ("ước tính", "about"), ("ước khoảng", "about"), ("ước", "about"), ("chừng", "about"),
    ("độ", "about"), ("khoảng chừng", "about"), ]
RE_QUAL = re.compile(r"(?<![\w])(?P<q>" + alternation([q for q, _ in QUALIFIERS], ignore_case=True) + r") $", re.I)
QUAL_MAP = {q: a for q, a in QUALIFIERS}
RE_CHANGE = re.compile(r"(?<![\w])(?P<c>tăng|giảm)(?:\s(?:thêm|bớt|đi|gấp))?\s$", re.I)
RE_TU = re.compile(r"(?<![\w])từ\s(?:(?P<q>trên|hơn|dưới)\s)?$", re.I)

# previous word that makes the number a label, an ordinal, a date part or an address
LABEL_WORDS = {
    "ngày", "tháng", "năm", "mùng", "mồng", "quý", "số", "điều", "khoản", "điểm", "mục", "chương", "khóa", "khoá",
    "thứ", "kỳ", "ron", "lớp", "quận", "phường", "tổ", "ấp", "khu", "phố", "phòng", "lô", "tầng", "đợt", "giai đoạn",
    "mega", "power", "tuyến", "ql", "quốc lộ", "tỉnh lộ", "km", "hạng", "khối", "câu", "bảng", "hình", "trang",
    "phần", "tập", "số hiệu", "mã", "đường", "hẻm", "ngõ", "ngách", "kiệt", "nhà", "căn", "block", "tòa", "chung cư",
    "khu phố", "thôn", "xóm", "bản", "tiểu khu", "đội", "liên đội", "trung đoàn", "sư đoàn", "quân khu", "vùng",
    "vành đai", "hải đoàn", "lữ đoàn", "tiểu đoàn", "đại đội", "bệnh viện", "trường", "lúc", "vào lúc", "covid", "u", "ban chỉ đạo",
    "thế kỷ", "phiên", "bước", "bài", "chỉ thị", "nghị quyết", "quyết định", "nghị định", "thông tư",
    "luật", "kết luận", "kế hoạch", "công văn", "tờ trình", "đề án", "chương trình", "gói", "ô", "xe", "biển",
    "biển số", "chuyến", "mục tiêu", "nhóm", "tiêu chí", "mẫu", "hồ", "đập", "sân", "cổng", "khoa", "giờ", "tuần",
    "hiệp", "phút", "số báo danh", "phương án", "lần thứ", "nhiệm kỳ", "đại hội", "kỳ họp", "hội nghị", "thời điểm",
}
TIME_UNITS_NO_QTY = {"năm", "tháng", "ngày", "tuần", "giờ", "phút", "giây", "quý", "thập kỷ", "thập niên", "tuổi",
                     "ngày đêm", "tiếng", "đêm", "buổi", "mùa", "niên khóa", "nhiệm kỳ", "kỳ họp", "thế kỷ", "vụ mùa"}
CLOCK_AFTER = re.compile(r"\s(?:sáng|chiều|tối|trưa|đêm|khuya|ngày|hôm|\d+\s?phút|\d)" + NB, re.I)
MONEY_CONTEXT = re.compile(
    r"(?<![\w])(?:tiền|giá|phí|vốn|lương|thu nhập|kinh phí|chi phí|doanh thu|lợi nhuận|nộp|phạt|bồi thường|"
    r"trị giá|ngân sách|tài trợ|quyên góp|ủng hộ|đầu tư|thưởng|nợ|vay|lãi|đồng|tỷ đồng|USD|thu|chi|học phí|"
    r"hỗ trợ|giải ngân|mức)" + NB, re.I)
# a token starting with one of these syllables ends a counted noun phrase ("trúng Vietlott" is one token)
PREFIX_STOP = {"trúng", "bị", "được", "đã", "đang", "sẽ", "có", "không", "chưa", "là", "và", "của", "cho", "với",
               "tại", "ở", "đi", "đến", "về", "từ", "trong", "theo", "thuộc", "để", "nhằm", "khi", "nếu", "vì"}
PERCENT_NOUNS = {"doanh nghiệp", "DN", "cán bộ", "hộ", "hộ gia đình", "người", "người dân", "dân số", "hội viên",
                 "học sinh", "sinh viên", "đảng viên", "công chức", "viên chức", "lao động", "dân", "xã", "thôn",
                 "trường", "diện tích", "hộ dân", "trẻ em", "phụ nữ", "nông dân", "cử tri", "đại biểu", "giáo viên",
                 "công nhân", "thành viên", "hợp tác xã", "cơ sở", "bệnh nhân", "gia đình", "khách hàng"}
RE_PERCENT_NOUN = re.compile(r"(?:" + _alt(PERCENT_NOUNS, ignore_case=True) + r")" + NB, re.I)
COMPARATIVE = {"cao", "thấp", "nhiều", "ít", "lớn", "nhỏ", "mạnh", "nhanh", "chậm", "rẻ", "đắt", "dài", "ngắn",
               "xa", "gần", "sớm", "muộn", "tốt", "kém", "rộng", "hẹp", "nặng", "nhẹ", "lâu", "vượt"}
MONEY_NEXT_OK = {"cho", "để", "và", "với", "của", "từ", "trong", "mỗi", "một", "nhưng", "thì", "là", "được", "vào",
                 "tiền", "nữa", "rồi", "thôi", "trở", "hoặc", "hay", "mà", "nên", "so", "tương", "khi", "đã", "sẽ",
                 "đến", "tới", "năm", "tháng", "ngày", "trên", "bồi", "hỗ", "vốn", "tại", "ở", "lên", "xuống", "còn"}
ONE_AFTER = {"có", "chỉ", "chỉ có", "thiếu", "thêm", "cho", "tổ chức", "chọn", "mỗi"}
FRACTION_BEFORE = {"bằng", "giảm", "tăng", "chiếm", "còn", "khoảng", "gần", "hơn", "trên", "dưới", "được", "mất",
                   "hết", "đạt", "lên", "xuống", "tới", "đến", "phải"}
DATE_BEFORE = {"ngày", "sáng", "chiều", "tối", "trưa", "đêm", "hôm", "từ", "mùng", "mồng", "đến", "tới", "tháng",
               "năm", "số", "đường", "hẻm", "ngõ", "nhà", "kiệt", "quyết định", "nghị định", "thông tư", "chỉ thị",
               "công văn", "luật", "nghị quyết"}
VAGUE = re.compile(r"(?<![\w])(?P<v>(?:hàng|hằng|vài|mấy)\s(?:chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?:\s(?:nghìn|ngàn|triệu|tỷ|tỉ))*)" + NB, re.I)
CODEISH_AFTER = re.compile(r"[-/.]?[A-ZĐ]{1,}[\w-]*|/\d|-\d+/|[.,]\d|\+\d|h\d|g\d|:\d")
SENT_START = re.compile(r"(?:^|[\n.!?:;“\"(\[–-]\s*)$")
MULT = {"đôi": 2.0, "rưỡi": 1.5, "ba": 3.0, "bốn": 4.0, "năm": 5.0, "mười": 10.0}


WINDOW = 40
_NO_NOUN_AFTER = re.compile(r"\s*(?:(?:(?:nghìn|ngàn|triệu|tỷ|tỉ)\s)*(?:đồng|USD|VNĐ|VND|usd)\b)")
_ATOM = re.compile(r"\w+|[^\w\s]")


def _atom_bounds(doc: Doc, text: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the atoms (``\\w+``, one punctuation mark, a line break), in order:
    the Doc's own tokens unless they are underthesea words (``vnx extract --tokens``)."""
    if not len(doc):
        return [], []
    if not doc.user_data.get("vnx_word_tokens", True):
        arr = doc.to_array([IDX, LENGTH])
        return arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist()
    spans = sorted([(m.start(), m.end()) for m in _ATOM.finditer(text)]
                   + [(t.idx, t.idx + len(t)) for t in doc if t.text.isspace()])
    return [a for a, _ in spans], [b for _, b in spans]


def _number_windows(doc: Doc, text: str, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where counted nouns are read on underthesea's words: a window from each number to
    WINDOW characters after it (overlapping windows merge). Elsewhere plain atoms do.
    Numbers inside ``blocked`` (dates, document codes) are never counted: no window."""
    bstarts = [a for a, _ in blocked]
    numeric: list[tuple[int, int]] = []
    for s, e in sentence_bounds(doc):
        for m in sorted(list(RE_CORE.finditer(text, s, e)) + list(VAGUE.finditer(text, s, e)),
                        key=lambda m: m.start()):
            if _NO_NOUN_AFTER.match(text, m.end()):
                continue  # money counts no noun: no words needed
            i = bisect.bisect_right(bstarts, m.start()) - 1
            if i >= 0 and m.start() < blocked[i][1]:
                continue
            a, b = m.start(), min(e, m.end() + WINDOW)
            if b < e:
                b = text.rfind(" ", a, b) if text.rfind(" ", a, b) > m.end() else b
            if numeric and a <= numeric[-1][1]:
                numeric[-1] = (numeric[-1][0], max(b, numeric[-1][1]))
            else:
                numeric.append((a, b))
    return numeric


class _Words:
    """underthesea words of one window, segmented on first use."""

    __slots__ = ("toks", "starts", "at", "ends")

    def __init__(self, doc: Doc, text: str, s: int, e: int):
        self.toks = [(a, b, text[a:b]) for a, b in window_words(doc, s, e)]
        self.starts = [a for a, _, _ in self.toks]
        self.at = {a: i for i, a in enumerate(self.starts)}
        self.ends = {b for _, b, _ in self.toks}


class _Ctx:
    """The text and its tokens for reading figures: underthesea's words inside the number
    windows, plain atoms elsewhere (the same whatever the Doc's own tokens are). A window is
    segmented only when a reader looks inside it: most numbers are rejected on regexes alone."""

    def __init__(self, doc: Doc, text: str):
        self.doc = doc
        self.text = text
        blocked = []
        for kind in ("dates", "directives"):
            for it in read_items(doc, kind):
                for m in it.get("mentions") or [it]:
                    if "start" in m and "end" in m:
                        blocked.append((m["start"], m["end"]))
        blocked.sort()
        self.blocked = blocked
        self.bstarts = [a for a, _ in blocked]
        self._astarts, self._aends = _atom_bounds(doc, text)
        self._windows = _number_windows(doc, text, blocked) if self._astarts else []
        self._wstarts = [a for a, _ in self._windows]
        self._words: dict[int, _Words] = {}

    def _window(self, pos: int) -> _Words | None:
        """The words of the window holding ``pos``, or None outside the windows."""
        i = bisect.bisect_right(self._wstarts, pos) - 1
        if i < 0 or pos >= self._windows[i][1]:
            return None
        words = self._words.get(i)
        if words is None:
            s, e = self._windows[i]
            words = self._words[i] = _Words(self.doc, self.text, s, e)
        return words

    def token_at(self, pos: int) -> tuple[int, int, str] | None:
        """The token starting at ``pos``."""
        words = self._window(pos)
        if words is not None:
            k = words.at.get(pos)
            return words.toks[k] if k is not None else None
        k = bisect.bisect_left(self._astarts, pos)
        return self._atom(k) if k < len(self._astarts) and self._astarts[k] == pos else None

    def _atom(self, k: int) -> tuple[int, int, str]:
        a, b = self._astarts[k], self._aends[k]
        return a, b, self.text[a:b]

    def ends_at(self, pos: int) -> bool:
        """Does a token end at ``pos``?"""
        words = self._window(pos - 1) if pos > 0 else None
        if words is not None:
            return pos in words.ends
        k = bisect.bisect_left(self._aends, pos)
        return k < len(self._aends) and self._aends[k] == pos

    def containing(self, pos: int) -> tuple[int, int, str] | None:
        """The last token starting before ``pos``, if it runs past it."""
        words = self._window(pos)
        if words is not None and words.starts and words.starts[0] < pos:
            tok = words.toks[bisect.bisect_left(words.starts, pos) - 1]
        else:
            k = bisect.bisect_left(self._astarts, pos) - 1
            if k < 0:
                return None
            tok = self._atom(k)
        return tok if tok[0] < pos < tok[1] else None

    def following(self, pos: int, n: int) -> list[tuple[int, int, str]]:
        """The first ``n`` tokens starting at ``pos`` or after, in order."""
        out: list[tuple[int, int, str]] = []
        while len(out) < n:
            words = self._window(pos)
            if words is not None:
                k = bisect.bisect_left(words.starts, pos)
                out.extend(words.toks[k:k + n - len(out)])
                pos = self._windows[bisect.bisect_right(self._wstarts, pos) - 1][1]
                continue
            j = bisect.bisect_right(self._wstarts, pos)
            stop = self._wstarts[j] if j < len(self._wstarts) else len(self.text) + 1
            k = bisect.bisect_left(self._astarts, pos)
            while k < len(self._astarts) and len(out) < n and self._astarts[k] < stop:
                out.append(self._atom(k))
                k += 1
            if stop > len(self.text) or len(out) >= n:
                break
            pos = stop
        return out

    def is_blocked(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.bstarts, e - 1) - 1
        while i >= 0:
            a, b = self.blocked[i]
            if b > s:
                return True
            if e - a > 200:
                break
            i -= 1
        return False


_PREV_WORDS = {k: re.compile(r"((?:[^\W\d_]+\s){1,%d})$" % k) for k in (1, 2, 3, 4)}


def _prev_words(text: str, pos: int, k: int) -> list[str]:
    """Up to ``k`` words right before ``pos``, on its line (a title's last word is no label)."""
    seg = text[max(0, pos - 60):pos]
    seg = seg[seg.rfind("\n") + 1:]
    m = _PREV_WORDS[k].search(seg)
    return m.group(1).split() if m else []


STRONG_LABELS = {"ngày", "tháng", "năm", "mùng", "mồng", "quý", "số", "điều", "khoản", "điểm", "mục", "chương",
                 "khóa", "khoá", "thứ", "lần thứ", "kỳ", "lớp", "quận", "phường", "tổ", "ấp", "khu phố", "phòng",
                 "lô", "tầng", "đợt", "giai đoạn", "tuyến", "quốc lộ", "km", "hạng", "câu", "trang", "nhiệm kỳ",
                 "đại hội", "thế kỷ", "lúc", "vào lúc", "khối", "mega", "power", "ron", "covid"}
ADDRESS_LABELS = {"số", "đường", "hẻm", "ngõ", "ngách", "kiệt", "nhà", "km", "quốc lộ", "tỉnh lộ", "điều", "khoản",
                  "lô", "tầng", "phòng"}


@lru_cache(maxsize=1)
def _not_labels() -> frozenset[str]:
    return frozenset(data_lines("figures_not_labels.txt"))


def _label_before(text: str, pos: int, labels=None) -> bool:
    labels = LABEL_WORDS if labels is None else labels
    ws = [w.lower() for w in _prev_words(text, pos, 4)]
    for k in (1, 2, 3):
        if len(ws) >= k and " ".join(ws[-k:]) in labels:
            # "kỷ luật 19 đảng viên": the label word ends a longer word that is no label
            if len(ws) > k and " ".join(ws[-k - 1:]) in _not_labels():
                continue
            return True
    return False


def _quantity(ctx: _Ctx, start: int, head: str | None, include_head: bool, lex) -> tuple[str | None, int]:
    """Counted noun phrase starting at char ``start`` (the unit's start, or after the unit)."""
    text = ctx.text
    i = 0
    toks = ctx.following(start, 8)  # at most 4 words and a comma pair are read
    pos = start
    words = []
    end = start
    n = 0
    glued = ctx.containing(start)
    if glued:
        # the unit sits inside a token glued to the number ("13.533 Kw"): go on after that token
        pos = end = glued[1]
        words.append(text[start:end])
        n = 1
    limit = 4 if include_head else 3
    while i < len(toks) and n < limit:
        a, b, t = toks[i]
        if a > pos + 1 or (a != pos and text[pos:a].strip()):
            break
        tl = t.lower()
        if tl.split(" ")[0] in PREFIX_STOP or tl in lex["stop"] or not re.fullmatch(r"[^\W\d_]+(?:\s[^\W\d_]+)*", t):
            break
        if t[0].isupper() and not (t.isupper() or (t.isascii() and " " not in t)):
            break
        words.append(t)
        end = b
        pos = b
        i += 1
        n += 1
        # "cán bộ, hội viên", "tỉnh, thành": a second noun of the same kind after a comma
        if i + 1 < len(toks) and toks[i][2] in (",", "/") and n <= 2:
            a2, b2, t2 = toks[i + 1]
            nxt = toks[i + 2][2] if i + 2 < len(toks) else "."
            if t2.lower() in lex["nouns"] and t2.lower() not in lex["cls"] and (
                    nxt in (",", ".", ";", ")", ":") or nxt.lower() in lex["stop"]) and text[toks[i][1]:a2] in (" ", ""):
                if not re.match(r"\s?\d", text[b2:b2 + 2]):
                    end = b2
                    words.append(text[b:b2])
                    pos = b2
                    i += 2
                    break
    if not words:
        return None, start
    phrase = text[start:end]
    if include_head and head is not None and phrase.strip().lower() == head.lower():
        return None, end
    return phrase, end


def _sentence_start(text: str, pos: int) -> bool:
    return bool(SENT_START.search(text[max(0, pos - 4):pos]))


def _read_number(text: str, m) -> tuple[float | None, list[str], int, bool]:
    """value, flags, end, is_words for a RE_NUM_AT / RE_CORE match of a plain number."""
    if m.group("d"):
        nxt = RE_SCALE.match(text, m.end("d"))
        v, fl = parse_digits(m.group("d"), decimal_hint=True if nxt else None)
        return v, fl, m.end("d"), False
    v = parse_words(m.group("w"))
    return v, [], m.end("w"), True


def _apply_scale(text: str, pos: int, value: float) -> tuple[float, int, bool]:
    """Multiply by the scale words after pos ("2,5 nghìn tỷ", "1 tỷ 200 triệu", "ba triệu rưỡi")."""
    scaled = False
    while True:
        sm = RE_SCALE.match(text, pos)
        if not sm:
            break
        sc = SCALES[sm.group("s").lower()]
        value *= sc
        scaled = True
        pos = sm.end("s")
        if sm.group("r"):
            r = sm.group("r").lower()
            value += sc * (0.5 if r == "rưỡi" else (0.1 if r == "mốt" else 0.4))
            pos = sm.end("r")
            break
    if scaled:
        cm = RE_COMPOUND.match(text, pos)
        if cm:
            v2, fl = parse_digits(cm.group("d"), decimal_hint=True)
            sc2 = SCALES[cm.group("s").lower()]
            if v2 is not None and sc2 * v2 < 1e9 and sc2 < _last_scale(text, pos):
                value += v2 * sc2
                pos = cm.end()
    return value, pos, scaled


def _last_scale(text: str, pos: int) -> int:
    m = re.search(r"(nghìn|ngàn|vạn|triệu|tỷ|tỉ)$", text[max(0, pos - 6):pos], re.I)
    return SCALES[m.group(1).lower()] if m else 1


def _find_unit(ctx: _Ctx, pos: int, allow_noun: bool, lex, digits: bool):
    """Unit right after pos: (kind, unit, start, end, surface)."""
    text = ctx.text
    um = lex["re_unit"].match(text, pos)
    nm = lex["re_noun"].match(text, pos) if allow_noun else None
    cand = []
    if um:
        if um.group("u"):
            s = um.group("u")
            if s in lex["currency"]:
                kind, unit = "currency", lex["currency"][s]
            elif s in lex["percent"]:
                kind, unit = "percent", "%"
            else:
                kind, unit = "measure", lex["measure"][s]
            # glued single letters ("5m", "3g") only when glued or clearly a measure
            cand.append((kind, unit, um.start("u"), um.end("u"), s))
        else:
            s = um.group("t")
            cand.append(("time", s.lower(), um.start("t"), um.end("t"), s))
    if nm:
        s = nm.group("n")
        cand.append(("noun", s.lower(), nm.start("n"), nm.end("n"), s))
    cand = [c for c in cand if not text[c[3]:c[3] + 1].isalpha() or ctx.ends_at(c[3])]
    if not cand:
        return None
    # longest surface wins ("đô la Mỹ" over "đô", "mô hình" over "m")
    cand.sort(key=lambda c: (-(c[3] - c[2]), c[0] != "currency"))
    c = cand[0]
    # one-letter measures need to be glued or followed by punctuation/space and a non-letter context
    if c[0] == "measure" and c[4] in ("m", "g", "l", "đ") and c[2] != pos:
        nxt = text[c[3]:c[3] + 2]
        if c[4] in ("g", "l") or not re.match(r"(?:$|[\s,.;:)/])", nxt):
            return None
    if c[0] == "currency" and c[4] == "đ" and c[2] != pos and not re.match(r"(?:$|[\s,.;:)/])", text[c[3]:c[3] + 1]):
        return None
    return c


def _fallback_noun(ctx: _Ctx, pos: int, lex):
    """The token right after a digit number, as counted noun, when it looks like one."""
    text = ctx.text
    if text[pos:pos + 1] != " ":
        return None
    tok = ctx.token_at(pos + 1)
    if tok is None:
        # underthesea glues a grouped number to its noun ("48.000 viên"): the noun is the rest
        glued = ctx.containing(pos + 1)
        if glued is None or glued[0] >= pos or not re.fullmatch(r"[\d.,]+", text[glued[0]:pos]) \
                or not re.fullmatch(r"[^\W\d_]+", text[pos + 1:glued[1]]):
            return None  # (not a scale word glued to the next: "5 triệu chứng", "một tỷ lệ")
        tok = (pos + 1, glued[1], text[pos + 1:glued[1]])
    a, b, t = tok
    tl = t.lower()
    if not re.fullmatch(r"[^\W\d_]+(?:\s[^\W\d_]+)?", t) or not t[0].islower():
        return None
    if tl in lex["stop"] or tl in LABEL_WORDS or tl in NUMBER_WORDS or tl in FALLBACK_STOP:
        return None
    if len(t) < 2:
        return None
    return ("noun", tl, a, b, t)


FALLBACK_STOP = {
    "lần thứ", "giờ", "h", "sáng", "chiều", "tối", "trưa", "đêm", "khóa", "khoá", "tầng", "phòng", "quy định",
    "tết", "âm lịch", "dương lịch", "an", "biết", "rõ", "không", "nghị định", "lô", "số", "quyết định", "đường",
    "km", "x", "đồng chí", "ông", "bà", "anh", "chị", "mét", "hiện", "vòng", "giải", "thì", "thế hệ", "lúc",
    "cấp độ", "phát huy", "tốt", "xây", "chống", "đẩy mạnh", "nhất", "sao", "cùng", "bước", "lần", "trận", "nhà",
    "đổi", "trở", "nam", "nữ", "dẫn", "thuê", "ăn", "hóa", "phát", "rẽ", "húc", "kháng", "siêu", "chung", "đối với",
    "hiện tại", "vài", "nửa", "trưởng", "nguyên", "sự", "cựu", "đột phá", "thủy", "héc", "ki", "set", "ck", "gặp",
    "lưu thông", "tiền án", "tiền sự", "nhì", "ba", "bét", "sáng kiến", "hiệp", "phút", "gồm",
}


def _qualifier(text: str, start: int):
    seg = text[max(0, start - 30):start]
    m = RE_QUAL.search(seg)
    if not m:
        return None, start
    q = m.group("q").lower()
    return QUAL_MAP.get(q), start - (len(seg) - m.start("q"))


def find(doc: Doc) -> list[dict]:
    text = doc_text(doc)
    if not text:
        return []
    lex = _lex()
    ctx = _Ctx(doc, text)
    items: list[dict] = []
    pos_done = 0
    for m in RE_CORE.finditer(text):
        if m.start() < pos_done:
            continue
        try:
            it = _from_core(ctx, m, lex, items)
        except (ValueError, OverflowError, ZeroDivisionError):
            it = None
        if it:
            pos_done = it[-1]["end"] if it[-1]["start"] >= m.start() else m.end()
            for x in it:
                if not ctx.is_blocked(x["start"], x["end"]) or x.get("unit") in ("VND", "%", "USD"):
                    items.append(x)
    for m in VAGUE.finditer(text):
        if any(x["start"] <= m.start() < x["end"] for x in items):
            continue
        pos = m.end()
        u = _find_unit(ctx, pos, True, lex, False)
        if not u and re.search(r"(?:triệu|tỷ|tỉ)$", m.group("v")) and MONEY_CONTEXT.search(text[max(0, m.start() - 60):m.start()]):
            u = ("currency", "VND", pos, pos, "")
        if not u or u[0] == "time" and u[1] in ("năm",):
            continue
        end = u[3]
        items.append({"start": m.start(), "end": end, "text": text[m.start():end], "value": None, "unit": u[1],
                      "approx": "vague"})
    items.sort(key=lambda x: (x["start"], x["end"]))
    # drop overlaps (keep the first / longest)
    out = []
    for x in items:
        if out and x["start"] < out[-1]["end"] and not x.get("_pair"):
            continue
        out.append(x)
    _parts(text, out)
    for x in out:
        x.pop("_pair", None)
        x.pop("_whole", None)
        for k in ("value", "value_max"):
            if x.get(k) is not None:
                v = float(x[k])
                x[k] = int(v) if v.is_integer() and abs(v) < 1e18 else round(v, 6)
        if not x.get("flags"):
            x.pop("flags", None)
    return out


RE_TRONG_DO = re.compile(r"\s?[(,]?\s?(?:trong\sđó|gồm|bao\sgồm)(?:\scó)?\s?:?\s", re.I)


def _parts(text: str, items: list[dict]) -> None:
    """"990 mô hình (trong đó có 949 ... và 41 ...)": parts point to the whole."""
    for i, w in enumerate(items):
        if w.get("value") is None or w.get("value_max") is not None:
            continue
        tm = RE_TRONG_DO.match(text, w["end"])
        if not tm:
            # allow a short tail of the counted phrase before "(trong đó"
            continue
        paren = text[tm.start():tm.end()].lstrip().startswith("(")
        limit = text.find(")" if paren else ".", tm.end())
        if limit < 0:
            limit = len(text)
        parts = [j for j in range(i + 1, len(items)) if items[j]["start"] < limit
                 and items[j].get("value") is not None and items[j].get("unit") == w.get("unit")]
        if len(parts) >= 1 and sum(items[j]["value"] for j in parts) <= w["value"] * 1.001:
            for j in parts:
                items[j]["part_of"] = i


def _unit_may_follow(text: str, start: int, ws: list[str], lex) -> bool:
    """Could a scale, a range or a unit follow number words? A figure in words needs one of
    them right after some prefix of the words; regexes decide before any word segmentation."""
    if any(w.lower() in SCALES for w in ws):
        return True
    if len(ws) == 1 and ws[0].lower() == "một":
        # "một" counts only time, "lần", or after "có", "chỉ", ...: the rule for "một" in
        # _from_core, checked early; the two must change together
        e = start + len(ws[0])
        um = lex["re_unit"].match(text, e)
        return bool((um and um.group("t")) or RE_LAN.match(text, e) or RE_TO.match(text, e)
                    or " ".join(_prev_words(text, start, 1)).lower() in ONE_AFTER)
    for k in range(1, len(ws) + 1):
        e = start + len(" ".join(ws[:k]))
        if (lex["re_unit"].match(text, e) or lex["re_noun"].match(text, e) or RE_TO.match(text, e)
                or RE_SCALE.match(text, e) or RE_WORD_PAIR.match(text, e)):
            return True
    return False


def _from_core(ctx: _Ctx, m, lex, prior) -> list[dict] | None:
    text = ctx.text
    start = m.start()
    if ctx.is_blocked(m.start(), m.end()):
        return None
    # ---- multipliers "gấp đôi", "gấp 10 lần"
    if m.group("g"):
        g = m.group("g")
        arg = g.split()[-1].lower()
        if arg in MULT:
            val = MULT[arg]
        else:
            val, _ = parse_digits(arg)
            if val is None:
                return None
        end = m.end()
        unit = None
        lm = re.compile(r"\slần" + NB).match(text, end)
        if lm:
            unit = "lần"
            end = lm.end()
        it = {"start": start, "end": end, "text": text[start:end], "value": val, "unit": unit}
        if re.search(r"(?<![\w])tăng\s$", text[max(0, start - 6):start]):
            it["change"] = "increase"
        return [it]
    if m.group("half"):
        h = m.group("half")
        end = m.end()
        u = _find_unit(ctx, end, True, lex, False)
        if not u and not h.lower().startswith("một"):
            return None
        if u and u[0] == "noun" and u[1] in lex["cls"]:
            u = None
        it = {"start": start, "end": end, "text": text[start:end], "value": 0.5, "unit": None}
        if u:
            it["unit"] = u[1]
            it["end"] = u[3]
            if u[0] == "noun":
                q, qe = _quantity(ctx, u[2], u[1], True, lex)
                if q:
                    it["quantity"] = q
                    it["end"] = qe
            it["text"] = text[start:it["end"]]
        approx, qpos = _qualifier(text, start)
        qualified = approx in ("more_than", "less_than", "about", "at_least", "at_most") and \
            text[qpos:start].strip().lower() in HALF_QUALIFIERS
        if not u and h.lower().startswith("một") and not qualified \
                and not re.match(r"\s?[,.;)]|\s(?:số|lượng|so|thời gian)", text[end:end + 4]):
            return None  # "một nửa" alone is a figure only with a qualifier or closing the clause
        if qualified:
            it["approx"] = approx
            it["start"] = qpos
            it["text"] = text[qpos:it["end"]]
        return [it]
    # ---- plain numbers
    is_words = bool(m.group("w"))
    if is_words:
        ws = m.group("w").split(" ")
        if not _unit_may_follow(text, m.start("w"), ws, lex):
            return None  # "không", "một", "tư" with no unit after them: no words needed to say so
        core = None
        value = None
        # the longest token-aligned prefix that reads as a number ("một năm" -> "một" + unit "năm")
        for k in range(len(ws), 0, -1):
            cand = " ".join(ws[:k])
            e = m.start("w") + len(cand)
            if ctx.token_at(m.start("w")) is None:
                return None
            if not ctx.ends_at(e):
                # underthesea glues some number words to the noun ("tư thôn"): accept when a unit follows
                nm = lex["re_noun"].match(text, e)
                if not (nm and ctx.ends_at(nm.end())):
                    continue
            if k == 1 and cand.lower() in SCALES:
                continue
            v = parse_words(cand)
            if v is not None:
                core, value = cand, v
                break
        if core is None:
            return None
        if core[0].isupper() and not _sentence_start(text, start):
            return None
        num_end = start + len(core)
        flags: list[str] = []
        scaled = any(w.lower() in SCALES for w in core.split())
    else:
        d = m.group("d")
        num_end = m.end("d")
        nxt_scale = RE_SCALE.match(text, num_end)
        value, flags = parse_digits(d, decimal_hint=True if nxt_scale else None)
        if value is None:
            return None
        after = text[num_end:num_end + 3]
        # codes, dates, times glued to the number: "38-CT", "9h15", "8/2", "1.2.3", "19:30"
        if CODEISH_AFTER.match(after) and not _glued_unit(text, num_end, lex):
            if not after.startswith("/"):
                return None
        if after[:1] == "/" :
            return _fraction(ctx, m, lex)
        if re.match(r"0\d", d) and not re.match(r"0[,.]\d", d):
            return None  # phone numbers, codes, "05"
        if len(d.replace(".", "").replace(",", "")) >= 9 and "." not in d and "," not in d:
            return None  # phone/account numbers
        if re.fullmatch(r"\d{1,2}[.]\d{1,2}", d) and _label_before(text, start):
            return None
        value, num_end, scaled = _apply_scale(text, num_end, value)
        if scaled and flags:
            flags = [f for f in flags if f != "ambiguous_separator"] if re.fullmatch(r"\d+,\d{3}", d) else flags
    if is_words:
        value, num_end2, scaled2 = _apply_scale(text, num_end, value) if not scaled else (value, num_end, True)
        num_end, scaled = num_end2, scaled or scaled2
    # ---- guards before the number
    if text[max(0, start - 1):start] in ("-", "–", "#", "№") or re.search(r"[A-Za-z]-?$", text[max(0, start - 1):start]):
        return None
    # ---- range
    value_max = None
    range_q = None
    pos = num_end
    tu = RE_TU.search(text[max(0, start - 14):start])
    # "từ 50 triệu đồng đến 1 tỷ đồng": a unit may sit before "đến"
    first_unit = _find_unit(ctx, pos, False, lex, not is_words)
    rpos = first_unit[3] if first_unit and tu else pos
    if first_unit and tu:
        pm = RE_PER.match(text, rpos)
        if pm:
            rpos = pm.end()
    rm = RE_DASH.match(text, pos) if not is_words else None
    connector_end = None
    if rm:
        connector_end = rm.end()
    else:
        tm = RE_TO.match(text, rpos)
        if tm and (tu or text[rpos:rpos + 3].strip() in ("-", "–")):
            connector_end = tm.end()
            range_q = tm.group("q")
        elif not first_unit:
            tm = RE_TO.match(text, pos)
            if tm and tu:
                connector_end = tm.end()
                range_q = tm.group("q")
    if connector_end is not None:
        m2 = RE_NUM_AT.match(text, connector_end)
        if m2:
            if m2.group("w") and (not ctx.ends_at(m2.end("w")) or ctx.token_at(m2.start("w")) is None):
                m2 = None
        if m2:
            v2, fl2, e2, w2 = _read_number(text, m2)
            if v2 is not None and not (m2.group("d") and re.match(r"0\d", m2.group("d"))):
                v2, e2b, sc2 = _apply_scale(text, e2, v2)
                v1 = value
                if sc2 and not scaled and v1 < v2 / _last_scale(text, e2b):
                    # scale of the upper bound applies to the lower one
                    v1 = value * _last_scale(text, e2b) if not scaled else value
                    if _compound_scale(text, e2, e2b) > 1:
                        v1 = value * _compound_scale(text, e2, e2b)
                if v1 < v2 and not _yearish(value, v2, m, m2):
                    if first_unit and tu and rpos != pos:
                        # the second unit must repeat the first
                        u2 = _find_unit(ctx, e2b, False, lex, True)
                        if u2 and u2[1] == first_unit[1]:
                            value, value_max = v1, v2
                            num_end = e2b
                            flags += fl2
                        elif not u2 and first_unit[0] == "percent":
                            pass
                    else:
                        value, value_max = v1, v2
                        num_end = e2b
                        flags += fl2
    # "1,6%-1,8%", "5 ha - 7 ha": a range with the unit repeated
    if value_max is None and not tu and first_unit and first_unit[0] in ("percent", "measure", "currency"):
        dm = re.compile(r"\s?[-–]\s?(?P<d>\d+(?:[.,]\d+)*)").match(text, first_unit[3])
        if dm:
            v2, fl2 = parse_digits(dm.group("d"))
            u2 = _find_unit(ctx, dm.end(), False, lex, True) if v2 is not None else None
            if u2 and u2[1] == first_unit[1] and u2[2] - dm.end() <= 1 and v2 > value and not RE_SCALE.match(text, dm.end()):
                value_max = v2
                flags += fl2
                num_end = u2[2] - (1 if u2[2] > dm.end() else 0)
    # "hai, ba lần", "ba, bốn người": two consecutive numbers in words, a range
    if is_words and value_max is None and not scaled:
        pm = RE_WORD_PAIR.match(text, num_end)
        if pm:
            v2 = parse_words(pm.group("w2"))
            if v2 is not None and v2 == value + 1:
                value_max, num_end = v2, pm.end()
    # ---- unit
    pos = num_end
    u = _find_unit(ctx, pos, True, lex, not is_words)
    if not u and not is_words and not value_max and scaled is False:
        u = _fallback_noun(ctx, pos, lex)
    elif not u and not is_words and value_max is not None and not scaled:
        u = _fallback_noun(ctx, pos, lex)
    if value == 0 and not value_max:
        return None  # "tour 0 đồng", "0 giờ": not a count
    money_guess = False
    if not u and scaled:
        bm = re.match(r"\sbảng(?![^\W_])", text[pos:pos + 7])
        if bm:
            u = ("currency", "GBP", pos + 1, pos + bm.end(), "bảng")
    if not u and scaled and not value_max:
        # "121,6 triệu thuê bao": a counted noun the lexicon does not know
        fb = _fallback_noun(ctx, pos, lex)
        if fb and fb[1] not in ("đồng", "đô"):
            u = fb
    if not u and scaled:
        # "300 triệu", "4.680 tỷ": money when the context says so
        sc = _last_scale(text, pos)
        if sc >= 10 ** 9 or MONEY_CONTEXT.search(text[max(0, start - 80):start]) or MONEY_CONTEXT.match(text, pos + 1):
            nxt = re.match(r"\s([^\W\d_]+)", text[pos:pos + 12])
            ntok_at = ctx.token_at(pos + 1)
            ntok = ntok_at[2].lower() if ntok_at is not None else ""
            if not nxt or nxt.group(1).lower() in MONEY_NEXT_OK or (ntok in lex["stop"] and ntok not in ("giao dịch",)):
                u = ("currency", "VND", pos, pos, "")
                money_guess = True
    if not u:
        return None
    kind, unit_name, us, ue, surface = u
    if us - pos > 1:
        return None
    if kind == "noun" and _label_before(text, start):
        return None
    if kind == "time" and _label_before(text, start, STRONG_LABELS):
        return None
    if kind == "measure" and _label_before(text, start, ADDRESS_LABELS):
        return None
    prev = _prev_words(text, start, 2)
    if prev and not is_words and kind in ("noun", "time"):
        p1 = prev[-1]
        if any(ch.isupper() for ch in p1) and not p1.isupper() and not _sentence_start(text, start - len(p1) - 1) \
                and p1.lower() not in QUAL_MAP and p1.lower() not in ("tăng", "giảm", "có", "gần", "khoảng", "top"):
            # "Mega 6/45", "Formosa 1", "Quang Trung 103": a number after a name
            return None
    # guards on the unit
    if kind == "time" and unit_name == "giờ" and (CLOCK_AFTER.match(text, ue) or _prev_is(text, start, ("lúc", "vào", "từ", "đến", "tới"))):
        return None
    if kind == "time" and re.match(r"\s?\d", text[ue:ue + 2]) and not re.match(r"\s?\d+\s?(?:năm|tháng|ngày)", text[ue:ue + 8]):
        # "5 tháng 9": a date
        return None
    if kind == "time" and unit_name == "tháng" and re.match(r" (?:Chạp|Giêng|chạp|giêng|[A-ZĐ])", text[ue:ue + 3]):
        return None  # "30 tháng Chạp", "ngày 5 tháng Mười": dates
    if kind == "time" and re.match(r"\s?(?:âm lịch|dương lịch|Tết)\b", text[ue:ue + 12]) and unit_name == "tháng":
        return None
    if kind == "noun" and surface[:1].isupper() and not surface.isupper() and re.match(r"\s[A-ZĐ]", text[ue:ue + 2]) \
            and not _sentence_start(text, start):
        return None  # "156 Xã Đàn": a house number before a street name
    if kind == "noun" and re.match(r"\s\d", text[ue:ue + 2]) and (is_words or unit_name in LABEL_WORDS):
        return None  # "năm lớp 3": the noun is a label for the next number
    if is_words:
        if kind == "noun" and unit_name in lex["cls"]:
            return None
        low = core.lower()
        if low == "một":
            prevw = " ".join(_prev_words(text, start, 1)).lower()
            if not (kind == "time" or unit_name in ("lần",) or prevw in ONE_AFTER):
                return None
            if re.match(r"\s(?:trong|số|cách)" + NB, text[num_end:num_end + 7]):
                return None
        if low in ("năm", "ba") and kind == "time" and unit_name in ("năm", "tháng"):
            # "năm tháng" (years and months); "ba năm" is fine
            if low == "năm":
                return None
        if _prev_is(text, start, ("thứ", "lần thứ", "hạng", "số", "khóa", "ngày", "tháng", "năm", "mùng")):
            return None
        if re.search(r"(?i)(?:TNHH|cty|công ty)\s$", text[max(0, start - 12):start]):
            return None
    if kind == "noun" and unit_name == "bên" and re.match(r"\s(?:đường|đường|bờ|sông|phố|lề)", text[ue:ue + 6]):
        return None
    if kind == "noun" and re.search(r"(?i)(?:TNHH|cty)\s$", text[max(0, start - 8):start]):
        return None
    if kind == "noun" and re.search(r"(?i)(?:chương trình|phong trào|cuộc vận động)\s$", text[max(0, start - 16):start]):
        return None
    if not is_words and re.fullmatch(r"(1[89]|20)\d\d", m.group("d") or "") and _prev_is(text, start, ("năm", "từ năm", "đến năm")):
        return None
    if not is_words and re.fullmatch(r"\d+\.\d{1,2}", m.group("d") or "") and kind in ("noun", "time") and not scaled:
        return None  # "777.77": a plate or a code, not a Vietnamese number
    # years: "2016 người" is possible but "năm 2016", "2014 - 2016" are not
    if not is_words and value_max is None and re.fullmatch(r"(19|20)\d\d", m.group("d") or "") and kind in ("noun", "time"):
        if unit_name not in ("người", "hộ", "ha", "tấn", "lượt"):
            return None
    end = ue if not money_guess else pos
    it = {"start": start, "end": end, "value": value, "value_max": value_max, "unit": unit_name}
    if flags:
        if kind == "noun" and "ambiguous_separator" in flags and re.fullmatch(r"\d+,\d{3}", m.group("d") or ""):
            it["value"] = parse_digits(m.group("d"), decimal_hint=False)[0]
        it["flags"] = sorted(set(flags))
    # per
    if kind in ("currency", "percent", "measure") or unit_name in ("lượt", "giờ", "người", "kg", "lần", "km"):
        pm = RE_PER.match(text, end)
        if pm and pm.group("p").lower() not in lex["stop"] - {"ngày", "tháng", "năm"}:
            per = pm.group("p") + (pm.group("p2") or "")
            it["per"] = per
            end = pm.end()
    # quantity
    q = None
    if kind == "noun" and unit_name not in lex["bare"] and unit_name not in TIME_UNITS_NO_QTY:
        if unit_name in lex["cls"]:
            q, qe = _quantity(ctx, _skip_space(text, ue), None, False, lex)
            if q:
                end = qe
        else:
            q, qe = _quantity(ctx, us, unit_name, True, lex)
            if q:
                end = qe
    elif kind in ("measure", "percent") and "per" not in it:
        s2 = _skip_space(text, ue)
        if s2 != ue or kind == "measure":
            nxt = text[s2:s2 + 30]
            if kind == "percent":
                cm = re.match(r"(?:các\s)?", nxt)
                s3 = s2 + cm.end()
                nm = RE_PERCENT_NOUN.match(text, s3)
                if nm:
                    q, qe = _quantity(ctx, s3, None, False, lex)
                    if q:
                        end = qe
            elif kind == "measure" and unit_name not in ("m", "cm", "mm", "km2") and s2 != ue:
                q, qe = _quantity(ctx, s2, None, False, lex)
                if q:
                    end = qe
    if q:
        it["quantity"] = q
    if "per" not in it:
        # "4 ca/ngày", "1,4 triệu tấn đường/năm": a rate after a count
        pm = RE_PER_TIME.match(text, end)
        if pm:
            it["per"] = pm.group("p")
            end = pm.end()
    # "từ 20%/năm trở lên"
    tl = RE_TRO_LEN.match(text, end)
    # qualifier and change before
    qs = start
    approx = None
    if tu:
        qs = start - (len(text[max(0, start - 14):start]) - tu.start())
        if tu.group("q"):
            approx = QUAL_MAP.get(tu.group("q").lower())
        if tl and value_max is None:
            approx = "at_least"
            end = tl.end()
        if value_max is None and not tl and not tu.group("q"):
            qs = start  # "từ 5 người" without "đến": keep the number alone
    else:
        approx, qpos = _qualifier(text, start)
        if approx:
            qw = text[qpos:start].strip().lower()
            if qw in ("đến", "tới"):
                pw = " ".join(_prev_words(text, qpos, 1)).lower()
                if pw not in ("phạt", "tiền", "tù", "xe", "mức") or value_max is not None:
                    approx = None
            elif qw == "trên" and kind == "noun" and value < 10:
                approx = None
            elif qw == "độ" and kind == "measure":
                approx = None
            elif qw == "quá" and kind not in ("currency", "percent", "measure"):
                approx = None
            elif qw == "vượt" and kind not in ("currency", "percent"):
                approx = None
            if approx and qw in ("hơn", "trên", "dưới", "gần") and (kind == "percent" or unit_name == "điểm"):
                pw = [w.lower() for w in _prev_words(text, qpos, 1)]
                if pw and pw[-1] in COMPARATIVE:
                    approx = None  # "cao hơn 12%": a comparison, not a qualifier
            if approx:
                qs = qpos
        if not approx and RE_NUA.match(text, end) and re.search(r"(?<![\w])hơn\s$", text[max(0, start - 5):start]):
            approx = "more_than"
        if not approx and tl and value_max is None:
            approx = "at_least"  # "90% trở lên", "18 tuổi trở lên"
            end = tl.end()
    if approx:
        it["approx"] = approx
    cm = RE_CHANGE.search(text[max(0, qs - 14):qs])
    if cm:
        it["change"] = "increase" if cm.group("c").lower() == "tăng" else "decrease"
    it["start"] = qs
    it["end"] = end
    it["text"] = text[qs:end]
    if it["value_max"] is None:
        del it["value_max"]
    return [it]


def _compound_scale(text, a, b) -> float:
    f = 1.0
    for w in re.findall(r"nghìn|ngàn|vạn|triệu|tỷ|tỉ", text[a:b], re.I):
        f *= SCALES[w.lower()]
    return f


def _yearish(v1, v2, m1, m2) -> bool:
    d1, d2 = m1.group("d") or "", (m2.group("d") if m2 else "") or ""
    return bool(re.fullmatch(r"(19|20)\d\d", d1) and re.fullmatch(r"(19|20)\d\d", d2))


def _skip_space(text: str, pos: int) -> int:
    return pos + 1 if text[pos:pos + 1] == " " else pos


def _prev_is(text: str, pos: int, words) -> bool:
    pw = [w.lower() for w in _prev_words(text, pos, 2)]
    return bool(pw) and (pw[-1] in words or " ".join(pw[-2:]) in words)


def _glued_unit(text: str, pos: int, lex) -> bool:
    um = lex["re_unit"].match(text, pos)
    return bool(um and um.start() == pos and um.group("u"))


# "2/3", "73/81", "1.876/1.903" (thousands grouped by dots on both sides)
RE_FRAC = re.compile(r"(?P<a>\d{1,3}(?:\.\d{3})+|\d{1,4})/(?P<b>\d{1,3}(?:\.\d{3})+|\d{1,4})(?![\w/.-]|,\d)")


def _fraction(ctx: _Ctx, m, lex) -> list[dict] | None:
    """"2/3 dân số" (a fraction) or "241/620 doanh nghiệp" (two counts)."""
    text = ctx.text
    fm = RE_FRAC.match(text, m.start("d"))
    if not fm or "," in m.group("d") or ("." in fm.group("a")) != ("." in fm.group("b")):
        return None
    a, b = int(fm.group("a").replace(".", "")), int(fm.group("b").replace(".", ""))
    if b == 0 or a > b or a == 0:
        return None
    start, end = fm.start(), fm.end()
    prevw = " ".join(_prev_words(text, start, 1)).lower()
    if prevw in DATE_BEFORE or _label_before(text, start):
        return None
    u = _find_unit(ctx, end, True, lex, True)
    if u and (u[0] == "time" or us_gap(u, end)):
        u = None
    if b <= 10:
        if not u:
            nm = re.match(r"\s(dân số|thời gian|số|diện tích|tổng số|lượng|kinh phí|giá trị)" + NB, text[end:end + 14])
            if not (prevw in FRACTION_BEFORE or nm):
                return None
            it = {"start": start, "end": end, "value": round(a / b, 4), "unit": None}
            if nm:
                it["quantity"] = nm.group(1)
                it["end"] = end + nm.end()
            it["text"] = text[start:it["end"]]
            return [it]
        if prevw not in FRACTION_BEFORE:
            return None
        it = {"start": start, "end": u[3], "value": round(a / b, 4), "unit": None}
        q, qe = _quantity(ctx, u[2], None, False, lex)
        if q:
            it["quantity"] = q
            it["end"] = qe
        it["text"] = text[start:it["end"]]
        return [it]
    if not u:
        u = _fallback_noun(ctx, end, lex)  # "73/81 tiểu thương": a counted noun the lexicon lacks
    if not u or u[0] != "noun":
        return None
    e1 = fm.start("b") - 1
    it1 = {"start": start, "end": e1, "text": text[start:e1], "value": float(a), "unit": u[1], "_pair": True}
    it2 = {"start": fm.start("b"), "end": u[3], "value": float(b), "unit": u[1], "_pair": True}
    if u[1] not in lex["cls"] and u[1] not in lex["bare"]:
        q, qe = _quantity(ctx, u[2], u[1], True, lex)
        if q:
            it2["quantity"] = q
            it2["end"] = qe
    it2["text"] = text[it2["start"]:it2["end"]]
    return [it1, it2]


def us_gap(u, end) -> bool:
    return u[2] - end > 1


FACTORY = register("figures", find)
