"""Segment stage: article structure, sentences and words.

* ``classify_lines`` labels every line of the normalized text as title, lead, heading,
  paragraph, caption, byline or separator (a trailing byline inside the last paragraph becomes
  a segment of its own).
* ``sentence_spans`` splits each segment with underthesea's sentence splitter and repairs the
  splits it makes inside abbreviations ("TP. HCM", "PGS. TS.", initials "L.T.H.").
* ``word_spans`` runs underthesea's word segmentation and maps every word back to exact
  character offsets.
* ``build_doc`` turns all of it into a spaCy ``Doc`` whose tokens are the words, with sentence
  starts set and the segments in ``doc.user_data["vnx_segments"]``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc
from spacy.vocab import Vocab

SEGMENT_KINDS = ("title", "lead", "heading", "paragraph", "caption", "byline", "separator")


@dataclass(frozen=True)
class Segment:
    kind: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end}


_SEPARATOR = re.compile(r"^[\W_]{1,12}$")
_TERMINAL = re.compile(r"[.!?…:;”\"')\]]$")
# photo cues: "(Ảnh: …)", "(Trong ảnh: …)", a line opening "Ảnh:", or ending in a credit "… sơ kết. Ảnh: T.Vy"
_PHOTO = re.compile(r"\((?:Trong )?ảnh\b|^(?:Ảnh|Video|Nguồn)\s*:|[.!?]\s+(?:Ảnh|Video)\s*:\s*[^\s:.][^:]{0,40}$",
                    re.IGNORECASE)
# A byline word: a capitalized syllable, an all-caps syllable, or initials such as "T.L", "M.Anh".
_BYLINE_WORD = r"(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]?\.(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?)+|[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\.?)"
# "Tin, ảnh: NAME", "Bài và ảnh: NAME": a credit line naming the author.
BYLINE_CREDIT = re.compile(r"^(?:Tin|Bài|Ảnh|Bài viết)(?:\s*(?:,|và|-|/)\s*(?:ảnh|bài|clip))?\s*:\s*")
_BYLINE = re.compile(
    rf"^(?:{_BYLINE_WORD}(?:\s+{_BYLINE_WORD}){{0,4}})"
    rf"(?:\s*(?:-|–|,|và)\s*{_BYLINE_WORD}(?:\s+{_BYLINE_WORD}){{0,4}}){{0,3}}"
    r"(?:\s*\((?:[A-ZĐ]{2,}[\w/ -]*)\))?$"
)
# Words that start a sentence or a reported-speech tail, never a byline.
_NOT_BYLINE_START = {"Ông", "Bà", "Anh", "Chị", "Theo", "Tại", "Trong", "Các", "Những", "Người"}


def _words(line: str) -> list[str]:
    return line.split()


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line))


def looks_like_byline(s: str) -> bool:
    s = BYLINE_CREDIT.sub("", s.strip())
    if not s or len(s) > 60 or not _BYLINE.match(s):
        return False
    words = _words(s)
    if words[0] in _NOT_BYLINE_START:
        return False
    return len(words) <= 8


def _heading_like(line: str) -> bool:
    return not _TERMINAL.search(line) and len(_words(line)) <= 10 and line[:1].isupper()


def _caption_like(line: str) -> bool:
    if _PHOTO.search(line):
        return True
    return not _TERMINAL.search(line) and len(_words(line)) <= 40 and line[:1].isupper()


_SENTENCE_END = re.compile(r"[.!?…\"”)](?=\s)")


def _trailing_byline(line: str) -> int | None:
    """Start offset (within line) of a byline run into the end of a paragraph, or None."""
    window = max(0, len(line) - 70)
    for m in _SENTENCE_END.finditer(line, window):
        start = m.end() + (len(line[m.end():]) - len(line[m.end():].lstrip()))
        tail = line[start:].strip()
        if tail and not tail.startswith("(") and looks_like_byline(tail):
            return start
    return None


def classify_lines(text: str, title_lines: int | None = None, lead_lines: int = 0) -> list[Segment]:
    """Label each line of ``text``.

    ``title_lines``/``lead_lines`` say how many leading lines are known to be title and lead
    (from structured input such as JSONL). With ``title_lines=None`` the layout is guessed.
    """
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    if not lines or not text:
        return []
    kinds: list[str] = ["paragraph"] * len(lines)
    for i, (_, _, line) in enumerate(lines):
        if is_separator(line):
            kinds[i] = "separator"
    content = [i for i, k in enumerate(kinds) if k != "separator"]
    rich = len(content) > 3  # more than title / lead / body: a laid-out article
    first = content[0] if content else None

    if title_lines is not None:
        for i in content[:title_lines]:
            kinds[i] = "title"
        for i in content[title_lines:title_lines + lead_lines]:
            kinds[i] = "lead"
        start_body = title_lines + lead_lines
    else:
        start_body = 0
        if first is not None and not rich and len(content) > 1:
            kinds[first] = "title"
            start_body = 1
            if len(content) == 3:
                kinds[content[1]] = "lead"
                start_body = 2

    body = content[start_body:]
    last = body[-1] if body else None
    # A byline is the last content line when it holds only a name (or names).
    if last is not None and looks_like_byline(lines[last][2]) and len(body) > 1:
        kinds[last] = "byline"
        body = body[:-1]
    if rich and title_lines is None and body and not _heading_like(lines[body[0]][2]) \
            and not lines[body[0]][2].endswith(".") and len(_words(lines[body[0]][2])) <= 40:
        kinds[body[0]] = "title"  # a laid-out article that kept its headline
        body = body[1:]
    if rich:
        for n, i in enumerate(body):
            line = lines[i][2]
            nxt = body[n + 1] if n + 1 < len(body) else None
            prev_sep = i > 0 and kinds[i - 1] == "separator"
            next_sep = i + 1 < len(lines) and kinds[i + 1] == "separator"
            if _PHOTO.search(line):
                kinds[i] = "caption"
            elif prev_sep and next_sep:
                kinds[i] = "caption"
            elif _heading_like(line) and nxt is not None and not _heading_like(lines[nxt][2]):
                kinds[i] = "heading"
            elif _caption_like(line) and len(_words(line)) > 10:
                kinds[i] = "caption"
    segments: list[Segment] = []
    for i, (s, e, line) in enumerate(lines):
        kind = kinds[i]
        if kind in ("paragraph", "lead") and i == last:
            cut = _trailing_byline(line)
            if cut is not None:
                body_end = s + len(line[:cut].rstrip())
                segments.append(Segment(kind, s, body_end))
                segments.append(Segment("byline", s + cut, e))
                continue
        if e > s:
            segments.append(Segment(kind, s, e))
    return segments


# --- sentences -------------------------------------------------------------------------

# Tokens after which underthesea wrongly ends a sentence.
_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:TP|Tp|TX|TT|Q|P|ThS|TS|PGS|GS|BS|KS|CN|NCS|Th\.S|Mr|Mrs|Dr|St|Đ/c|đ/c|Cty|Co)\.|"
    r"\b[A-ZĐ]\.(?:[A-ZĐ]\.)*|\b\d+\.)$"
)


@lru_cache(maxsize=1)
def _sent_tokenize():
    from underthesea import sent_tokenize

    return sent_tokenize


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside text[start:end]."""
    chunk = text[start:end]
    if not chunk.strip():
        return []
    raw = _sent_tokenize()(chunk)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for sent in raw:
        sent = sent.strip()
        if not sent:
            continue
        i = chunk.find(sent, cursor)
        if i < 0:  # the splitter altered the text: fall back to one sentence for the rest
            spans.append((cursor, len(chunk)))
            cursor = len(chunk)
            break
        spans.append((i, i + len(sent)))
        cursor = i + len(sent)
    if cursor < len(chunk) and chunk[cursor:].strip():
        rest = len(chunk) - len(chunk[cursor:].lstrip())
        spans.append((rest, len(chunk)))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged:
            ps, pe = merged[-1]
            prev = chunk[ps:pe]
            nxt = chunk[s:e]
            if _NO_BREAK_AFTER.search(prev) or (nxt[:1].islower() or nxt[:1].isdigit()):
                merged[-1] = (ps, e)
                continue
        merged.append((s, e))
    return [(start + s, start + e) for s, e in merged]


# --- words -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _word_tokenize():
    # underthesea's word segmentation, computed by pipeline.wordseg: its own regex tokenizer
    # and shipped CRF model, scored without building feature strings (same output, bit for bit)
    from .wordseg import word_tokenize

    return word_tokenize


_ATOM = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Word (start, end) offsets inside text[start:end], from underthesea's segmentation.

    Each word's syllables are located in order in the original text, so offsets are exact
    whatever spacing the segmenter reports. Anything it skips becomes single atoms.
    """
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    try:
        words = _word_tokenize()(chunk)
    except Exception:  # the segmenter must never take the record down with it
        words = []
    for word in words:
        parts = word.split()
        if not parts:
            continue
        j = chunk.find(parts[0], cursor)
        if j < 0 or chunk[cursor:j].strip():
            # something between cursor and the word (or word not found): atomize the gap
            stop = j if j >= 0 else len(chunk)
            for m in _ATOM.finditer(chunk, cursor, stop):
                spans.append((m.start(), m.end()))
            if j < 0:
                cursor = len(chunk)
                break
        k = j + len(parts[0])
        ok = True
        for part in parts[1:]:
            # whitespace, then the syllable (no regex per syllable: that thrashes re's cache)
            w = k
            while w < len(chunk) and chunk[w].isspace():
                w += 1
            if w == k or not chunk.startswith(part, w):
                ok = False
                break
            k = w + len(part)
        if not ok:
            k = j + len(parts[0])
        spans.append((j, k))
        cursor = k
    for m in _ATOM.finditer(chunk, cursor):
        spans.append((m.start(), m.end()))
    return [(start + s, start + e) for s, e in spans]


# --- doc -------------------------------------------------------------------------------

_VOCAB: Vocab | None = None


def shared_vocab() -> Vocab:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = Vocab()
    return _VOCAB


def build_doc(text: str, segments: list[Segment], vocab: Vocab | None = None,
              words: bool = True) -> Doc:
    """A spaCy Doc over ``text``: tokens are words (or atoms with ``words=False``)."""
    vocab = vocab or shared_vocab()
    token_spans: list[tuple[int, int]] = []
    sent_starts: set[int] = set()
    for seg in segments:
        sents = [(seg.start, seg.end)] if seg.kind == "separator" else sentence_spans(text, seg.start, seg.end)
        sent_starts.update(s for s, _ in sents)
        if words:  # sentence by sentence
            for s, e in sents:
                token_spans.extend(word_spans(text, s, e))
        token_spans.extend((seg.start + m.start(), seg.start + m.end())
                           for m in _ATOM.finditer(text[seg.start:seg.end]))
    if words:
        token_spans.sort(key=lambda t: (t[0], -t[1]))  # a word before the atoms it covers
    else:
        token_spans.sort()  # atoms never share a start
    # Fill the gaps: a single space is token whitespace, anything else is a space token.
    toks: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    pos = 0
    for s, e in token_spans:
        if s < pos:
            continue
        gap = text[pos:s]
        if gap:
            if gap == " " and toks:
                spaces[-1] = True
            else:
                if toks and gap.startswith(" "):
                    spaces[-1] = True
                    gap = gap[1:]
                if gap:
                    toks.append(gap)
                    spaces.append(False)
                    starts.append(s - len(gap))
        toks.append(text[s:e])
        spaces.append(False)
        starts.append(s)
        pos = e
    if pos < len(text):
        toks.append(text[pos:])
        spaces.append(False)
        starts.append(pos)
    if not toks:
        doc = Doc(vocab, words=[], spaces=[])
    else:
        sent_flags = [True if i == 0 else (st in sent_starts) for i, st in enumerate(starts)]
        doc = Doc(vocab, words=toks, spaces=spaces, sent_starts=sent_flags)
    if len(doc) and doc[-1].idx + len(doc[-1].text) + (1 if doc[-1].whitespace_ else 0) != len(text):
        raise AssertionError("token offsets must reproduce the text")
    doc.user_data["vnx_text"] = text
    doc.user_data["vnx_word_tokens"] = words
    doc.user_data["vnx_segments"] = [seg.as_dict() for seg in segments]
    return doc
