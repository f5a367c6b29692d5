"""Exact, faster re-implementation of underthesea's word segmentation inference.

``underthesea.word_tokenize`` splits a sentence into syllable tokens with its regex
``tokenize`` and labels every token B-W / I-W with a CRF (``FastCRFSequenceTagger``:
``underthesea_core.CRFFeaturizer`` builds 43 feature strings per token, ``CRFTagger`` maps
them to attribute ids and runs Viterbi). Building and converting those strings between Rust
and Python is most of its cost. This module keeps underthesea's own ``tokenize`` and replaces
the CRF part:

* ``load()`` reads the model shipped inside the installed underthesea package (never
  downloads): ``features.bin`` (the 43 feature templates), ``dictionary.bin`` (the word set of
  the ``is_in_dict`` features) and ``models.bin`` (a CRFsuite model: FEAT chunk of state and
  transition features, CQDB databases for labels and attributes), and lays the weights out
  per value: one packed row of doubles per syllable / bigram / trigram value holding what it
  fires in every template that reads it (see ``Model``). No feature string is ever built.
* Per sentence: one row per syllable (cached), bigram and trigram, BOS/EOS rows beyond the
  ends, all joined into one buffer; a precomputed index picks every template's weight at
  every token out of it (numpy), and the weights are added template after template.

Exactness. The result equals ``underthesea.word_tokenize(sentence)`` bit for bit, because the
scores are the same floating-point numbers computed in the same order:

* the featurizer semantics are underthesea_core's: an n-gram template is ``BOS`` when its
  first position is before the sentence, else ``EOS`` when its last position is past the end;
  ``lower`` is Unicode lowercase of the space-joined syllables; ``isdigit`` means "parses as a
  32-bit signed integer" (optional sign, ASCII digits, in range); ``istitle`` means the first
  character of every space-separated part is unchanged by uppercasing (so digits and
  punctuation are "title"); ``is_in_dict`` looks the lowercased text up in the dictionary.
  A real syllable spelled ``BOS``/``EOS`` yields the same attribute string as the padding, as
  it does in the original;
* the emission score of a label is ``0.0`` plus the weights of the token's attributes added
  one by one in template order (attributes unknown to the model add nothing, exactly like
  adding ``0.0``); Viterbi uses the same additions, strict ``>`` comparisons and tie-breaking
  towards the lower label id as underthesea_core's tagger.
"""
from __future__ import annotations

import os
import pickle
import re
import struct
from functools import lru_cache

import numpy as np

MODEL_NAME = "ws_crf_vlsp2013_20230727"

BOS = "BOS"
EOS = "EOS"
_TRUE = "True"
_FALSE = "False"
_PAD = 2  # the largest |offset| of the supported templates

_TEMPLATE = re.compile(
    r"T\[(?P<o1>-?\d+)(?:,(?P<o2>-?\d+))?\](?:\[(?P<col>[^\]]*)\])?(?:\.(?P<fn>.*))?$"
)
_FUNCTIONS = (None, "lower", "isdigit", "istitle", "is_in_dict")


def model_dir() -> str:
    """The directory of the word segmentation model inside the installed underthesea."""
    import importlib.util

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.origin:
        raise RuntimeError("underthesea is not installed")
    path = os.path.join(
        os.path.dirname(spec.origin), "pipeline", "word_tokenize", "models", MODEL_NAME
    )
    if not os.path.isfile(os.path.join(path, "models.bin")):
        raise RuntimeError(f"underthesea's word segmentation model is missing: {path}")
    return path


# --- reading the shipped model -------------------------------------------------------------

def _read_cqdb(buf: bytes, offset: int) -> list[str]:
    """The strings of the CQDB database at ``offset``, in the id order underthesea_core
    gives them: the order of its "backward" array (id -> entry offset), skipping empty slots,
    a repeated string keeping its first id.

    An entry is ``id u32, key size u32, key bytes + NUL``. When the entries lie one after
    the other (as CRFsuite writes them) all keys are cut out and decoded at once; otherwise
    every entry is read on its own.
    """
    magic, _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<4s5I", buf, offset)
    if magic != b"CQDB":
        raise ValueError(f"not a CQDB database at offset {offset}")
    bwd = np.frombuffer(buf, dtype="<u4", count=bwd_size, offset=offset + bwd_offset)
    entries = bwd[bwd != 0].astype(np.int64) + offset
    if not len(entries):
        return []
    raw = np.frombuffer(buf, dtype=np.uint8)
    ksize = (raw[entries + 4].astype(np.int64) | raw[entries + 5].astype(np.int64) << 8
             | raw[entries + 6].astype(np.int64) << 16 | raw[entries + 7].astype(np.int64) << 24)
    ends = entries + 8 + ksize
    strings = None
    if (ksize > 0).all() and (ends[:-1] == entries[1:]).all() and ends[-1] <= len(buf) \
            and (raw[ends - 1] == 0).all():
        first = int(entries[0])
        keep = np.ones(int(ends[-1]) - first, dtype=bool)
        keep[((entries - first)[:, None] + np.arange(8)).ravel()] = False
        try:
            pieces = raw[first : int(ends[-1])][keep].tobytes().decode("utf-8").split("\0")
        except UnicodeDecodeError:
            pieces = []
        if len(pieces) == len(entries) + 1:  # no NUL inside a key
            strings = pieces[:-1]
    if strings is None:
        strings = []
        for pos in entries.tolist():
            (size,) = struct.unpack_from("<I", buf, pos + 4)
            key = buf[pos + 8 : pos + 8 + size]
            nul = key.find(b"\0")
            strings.append((key[:nul] if nul >= 0 else key).decode("utf-8", "replace"))
    return list(dict.fromkeys(strings))


_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _read_crfsuite(path: str):
    """(labels, attributes, state weights as a (labels, attributes) array, transitions
    [[w]]) of a CRFsuite model file, with underthesea_core's loading rules."""
    with open(path, "rb") as f:
        buf = f.read()
    (magic, _size, _type, _version, num_features, _num_labels, _num_attrs,
     off_features, off_labels, off_attrs, _off_lrefs, _off_arefs) = struct.unpack_from(
        "<4sI4sI8I", buf, 0)
    if magic != b"lCRF":
        raise ValueError(f"not a CRFsuite model: {path}")
    labels = _read_cqdb(buf, off_labels)
    attrs = _read_cqdb(buf, off_attrs)
    chunk, _chunk_size, count = struct.unpack_from("<4sII", buf, off_features)
    if chunk != b"FEAT":
        raise ValueError(f"no FEAT chunk in {path}")
    feats = np.frombuffer(buf, dtype=_FEATURE, count=count or num_features,
                          offset=off_features + 12)
    nl, na = len(labels), len(attrs)

    trans = [[0.0] * nl for _ in range(nl)]
    for src, dst, w in feats[feats["type"] == 1][["src", "dst", "weight"]].tolist():
        if src < nl and dst < nl:
            trans[src][dst] = w

    st = feats[(feats["type"] == 0) & (feats["src"] < na) & (feats["dst"] < nl)]
    src = st["src"].astype(np.int64)
    dst = st["dst"].astype(np.int64)
    # underthesea_core drops (near-)zero state weights: a missing weight adds nothing, as 0.0
    weight = np.where(np.abs(st["weight"]) > 1e-10, st["weight"], 0.0)
    key = src * nl + dst
    if len(key) and np.bincount(key).max() > 1:  # a later feature replaces an earlier one
        _, last = np.unique(key[::-1], return_index=True)
        keep = len(key) - 1 - last
        src, dst, weight = src[keep], dst[keep], weight[keep]
    state = np.zeros((nl, na))
    state[dst, src] = weight
    return labels, attrs, state, trans


def _space_prefixes(texts) -> frozenset[str]:
    """``t[:i]`` for every text t and every position i of its second, third... space."""
    out: set[str] = set()
    todo = [t for t in texts if t.count(" ") > 1]
    while todo:
        cut = {t.rpartition(" ")[0] for t in todo}
        out |= cut
        todo = [t for t in cut if t.count(" ") > 1]
    return frozenset(out)


class Model:
    """The loaded segmentation model, laid out for the fast path.

    Templates are grouped by n-gram length L (1, 2, 3). Within a group they are laid out by
    function (raw, lower, isdigit, istitle, is_in_dict), then template order; each template
    takes two doubles (B-W weight, I-W weight). The row of an n-gram holds the weights its
    values fire in every template of its group (packed doubles, so a sentence's rows are
    joined with one ``bytes.join``), and the weight of template k at token i is read from the
    row of the n-gram starting at ``i + offset1(k)``: one row per syllable, bigram and trigram
    (plus BOS/EOS rows beyond the ends) serves all 43 templates.
    """

    def __init__(self, path: str):
        with open(os.path.join(path, "features.bin"), "rb") as f:
            names = pickle.load(f)
        with open(os.path.join(path, "dictionary.bin"), "rb") as f:
            self.dictionary = pickle.load(f)
        labels, attrs, state, trans = _read_crfsuite(os.path.join(path, "models.bin"))
        if len(labels) != 2 or "I-W" not in labels:
            raise ValueError(f"unexpected labels {labels}")
        self.labels = labels
        self.inside = labels.index("I-W")  # the label that joins a syllable to the word before
        self.trans = trans
        self.num_attributes = len(attrs)
        self.num_state_features = int(np.count_nonzero(state))

        # templates -> (offset1, length, function)
        self.template_names = list(names)
        self.templates = []
        for name in names:
            m = _TEMPLATE.match(name)
            if not m or (m.group("col") not in (None, "0")) or m.group("fn") not in _FUNCTIONS:
                raise ValueError(f"unsupported feature template {name!r}")
            o1 = int(m.group("o1"))
            o2 = int(m.group("o2")) if m.group("o2") is not None else o1
            if o2 < o1 or max(abs(o1), abs(o2)) > _PAD or o2 - o1 > 2:
                raise ValueError(f"unsupported feature template {name!r}")
            self.templates.append((o1, o2 - o1 + 1, m.group("fn")))
        self.num_templates = len(self.templates)

        # layout: template k -> (L, column in the group's row, function, index in its part)
        self.layout = {}
        self.width = {}
        part_size = {}
        for length in (1, 2, 3):
            column = 0
            for fn in _FUNCTIONS:
                ks = [k for k, (_o, ln, f) in enumerate(self.templates) if ln == length and f == fn]
                for j, k in enumerate(ks):
                    self.layout[k] = (length, column, fn, j)
                    column += 1
                part_size[length, fn] = len(ks)
            self.width[length] = column

        # weights per value: raw/lower parts keyed by the value, boolean parts by
        # "False"/"True", BOS/EOS rows for the padding
        words = {(ln, fn): {} for ln in (1, 2, 3) for fn in (None, "lower")}
        flags = {(ln, fn): ([0.0] * (2 * part_size[ln, fn]), [0.0] * (2 * part_size[ln, fn]))
                 for ln in (1, 2, 3) for fn in _FUNCTIONS[2:]}
        pads = {(ln, edge): [0.0] * (2 * self.width[ln]) for ln in (1, 2, 3) for edge in (BOS, EOS)}
        # attribute name -> (value table or None, False/True rows or None, BOS/EOS rows,
        # column in the group row, index in its part, width of its part)
        spec = {}
        for k, name in enumerate(names):
            length, column, fn, j = self.layout[k]
            spec[name] = (words.get((length, fn)), flags.get((length, fn)),
                          (pads[length, BOS], pads[length, EOS]), 2 * column, 2 * j,
                          2 * part_size[length, fn])
        used = np.flatnonzero(state.any(axis=0))
        for a, w0, w1 in zip(used.tolist(), state[0, used].tolist(), state[1, used].tolist()):
            name, sep, value = attrs[a].partition("=")
            found = spec.get(name) if sep else None
            if found is None:  # no template produces this attribute: it never fires
                continue
            table, booleans, (bos, eos), c, j, size = found
            if value == BOS or value == EOS:
                row = bos if value == BOS else eos
                row[c] = w0
                row[c + 1] = w1
            if table is not None:  # raw / lower (a real syllable may be spelled BOS / EOS)
                row = table.get(value)
                if row is None:
                    row = table[value] = [0.0] * size
            elif value == _TRUE or value == _FALSE:
                row = booleans[value == _TRUE]
            else:
                continue
            row[j] = w0
            row[j + 1] = w1

        self.parts = {}  # L -> (raw dict, raw zero, lower dict, lower zero, booleans)
        self.pads = {}  # L -> (BOS row, EOS row)
        for length in (1, 2, 3):
            packed = []
            for fn in (None, "lower"):
                pack = struct.Struct(f"<{2 * part_size[length, fn]}d").pack
                packed += [{v: pack(*row) for v, row in words[length, fn].items()},
                           pack(*[0.0] * (2 * part_size[length, fn]))]
            digit, title, indict = (flags[length, fn] for fn in _FUNCTIONS[2:])
            # booleans[isdigit][istitle][is_in_dict] -> packed weights of the boolean parts
            booleans = tuple(tuple(tuple(
                _pack(digit[dg] + title[tt] + indict[dc]) for dc in (0, 1)) for tt in (0, 1))
                for dg in (0, 1))
            self.parts[length] = (*packed, booleans)
            self.pads[length] = (_pack(pads[length, BOS]), _pack(pads[length, EOS]))

        # every text some trigram value / dictionary entry continues with " ...", cut at its
        # second or later space (a bigram always contains one space)
        self.raw3_prefixes = _space_prefixes(self.parts[3][0])
        self.dict3_prefixes = _space_prefixes(self.dictionary)
        self.syllables: dict[str, tuple[bytes, str, bool]] = {}  # see _syllable


def _pack(values: list[float]) -> bytes:
    return struct.pack(f"<{len(values)}d", *values)


@lru_cache(maxsize=1)
def load() -> Model:
    """The model shipped with underthesea, read once."""
    return Model(model_dir())


@lru_cache(maxsize=1)
def _tokenize():
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    return tokenize


# --- featurizer ----------------------------------------------------------------------------

_MAX_I32 = 2147483647


def _isdigit(t: str) -> str:
    """underthesea_core's ``isdigit``: the text parses as a Rust ``i32`` (optional sign, ASCII
    digits, within range)."""
    if not t or not t.isascii():
        return _FALSE
    if t.isdigit():
        return _TRUE if len(t) < 10 or int(t) <= _MAX_I32 else _FALSE
    sign = t[0]
    if sign == "-" or sign == "+":
        body = t[1:]
        if body.isdigit():
            return _TRUE if int(body) <= _MAX_I32 + (sign == "-") else _FALSE
    return _FALSE


def _istitle(t: str) -> bool:
    """underthesea_core's ``istitle``: every space-separated part starts with a character that
    uppercasing leaves unchanged."""
    if t and " " not in t:
        c = t[0]
        return c == c.upper()
    for part in t.split(" "):
        if not part:  # underthesea_core panics here
            raise ValueError(f"istitle of a text with an empty part: {t!r}")
        c = part[0]
        if c != c.upper():
            return False
    return True


def _padded(values: list, n: int, length: int) -> list:
    """Values of the n-grams of ``length`` starting at -_PAD .. n-1+_PAD: BOS before the
    sentence, EOS when the n-gram runs past its end."""
    return [BOS] * _PAD + values + [EOS] * (n + _PAD - len(values))


def _keys(model: Model, toks: list[str]) -> list[str]:
    """The value of every template at every token, template-major: ``keys[k * n + i]`` is
    the value of template k at token i (what follows ``=`` in underthesea's feature string).

    The slow, string-building reference featurizer behind ``features()``; the fast path
    (``_emissions``) computes the same values per n-gram and never builds these strings."""
    n = len(toks)
    dictionary = model.dictionary
    low = [t.lower() for t in toks]
    digit = [_isdigit(t) for t in toks]
    title = [_istitle(t) for t in toks]
    indict = [_TRUE if x in dictionary else _FALSE for x in low]

    need = {(length, fn) for _o1, length, fn in model.templates}
    columns = {}
    columns[(1, None)] = _padded(toks, n, 1)
    if (1, "lower") in need:
        columns[(1, "lower")] = _padded(low, n, 1)
    if (1, "isdigit") in need:
        columns[(1, "isdigit")] = _padded(list(digit), n, 1)
    if (1, "istitle") in need:
        columns[(1, "istitle")] = _padded([_TRUE if x else _FALSE for x in title], n, 1)
    if (1, "is_in_dict") in need:
        columns[(1, "is_in_dict")] = _padded(list(indict), n, 1)
    # bigrams, then trigrams as a bigram and the next syllable (empty when too short)
    raw2, low2, title2 = ([a + " " + b for a, b in zip(toks, toks[1:])],
                          [a + " " + b for a, b in zip(low, low[1:])],
                          [a and b for a, b in zip(title, title[1:])])
    raw3, low3, title3 = ([a + " " + b for a, b in zip(raw2, toks[2:])],
                          [a + " " + b for a, b in zip(low2, low[2:])],
                          [a and b for a, b in zip(title2, title[2:])])
    for length, raw, lows, titles in ((2, raw2, low2, title2), (3, raw3, low3, title3)):
        if (length, None) in need:
            columns[(length, None)] = _padded(raw, n, length)
        if (length, "lower") in need:
            columns[(length, "lower")] = _padded(lows, n, length)
        if (length, "isdigit") in need:  # a space-joined text never parses as an integer
            columns[(length, "isdigit")] = _padded([_FALSE] * len(raw), n, length)
        if (length, "istitle") in need:
            columns[(length, "istitle")] = _padded(
                [_TRUE if x else _FALSE for x in titles], n, length)
        if (length, "is_in_dict") in need:
            columns[(length, "is_in_dict")] = _padded(
                [_TRUE if x in dictionary else _FALSE for x in lows], n, length)

    keys: list[str] = []
    for o1, length, fn in model.templates:
        s = o1 + _PAD
        keys += columns[(length, fn)][s : s + n]
    return keys


def features(toks: list[str]) -> list[list[str]]:
    """underthesea's feature strings for the tokens (for tests and debugging only: the fast
    path never builds them)."""
    model = load()
    n = len(toks)
    keys = _keys(model, toks)
    return [[f"{name}={keys[k * n + i]}" for k, name in enumerate(model.template_names)]
            for i in range(n)]


def _index(model: Model, n: int):
    """Positions, in the joined rows of an n-token sentence (n + 4 padded rows per group,
    groups 1, 2, 3 one after the other), of the weight of template k for label y at token i,
    as an array shaped (templates, 2 * n): label 0 for tokens 0..n-1, then label 1."""
    stride = {length: 2 * model.width[length] for length in (1, 2, 3)}
    base = {1: 0}
    base[2] = (n + 2 * _PAD) * stride[1]
    base[3] = base[2] + (n + 2 * _PAD) * stride[2]
    first = np.array([
        [base[length] + (o1 + _PAD) * stride[length] + 2 * column + label
         for label in (0, 1)]
        for k, (o1, _ln, _fn) in enumerate(model.templates)
        for length, column, _f, _j in [model.layout[k]]
    ], dtype=np.intp)  # (templates, 2): token 0
    step = np.array([stride[model.layout[k][0]] for k in range(len(model.templates))],
                    dtype=np.intp)
    tokens = np.arange(n, dtype=np.intp)
    index = first[:, :, None] + step[:, None, None] * tokens[None, None, :]
    return index.reshape(len(model.templates), 2 * n)


_INDEX_CACHED = 128  # sentences up to this many tokens reuse their index (<= 6 MB in all)
_index_cached = lru_cache(maxsize=_INDEX_CACHED)(_index)


_SYLLABLES_MAX = 30_000  # a model's syllable cache is cleared when it holds this many (~15 MB)


def _syllable(model: Model, t: str):
    """(weight row of group 1, lowercase, istitle) of a syllable, cached on the model."""
    raw, zraw, lower, zlower, booleans = model.parts[1]
    low = t.lower()
    tt = _istitle(t)
    row = (raw.get(t, zraw) + lower.get(low, zlower)
           + booleans[_isdigit(t) is _TRUE][tt][low in model.dictionary])
    cache = model.syllables
    if len(cache) >= _SYLLABLES_MAX:
        cache.clear()
    info = cache[t] = (row, low, tt)
    return info


def _emissions(model: Model, toks: list[str]):
    """(B-W scores, I-W scores) of the tokens: 0.0 plus the weights of their attributes,
    added one by one in template order (numpy's ``add.accumulate`` adds row after row)."""
    n = len(toks)
    get = model.syllables.get
    rows1, lows, titles = zip(*[get(t) or _syllable(model, t) for t in toks])
    dictionary = model.dictionary

    raw, zraw, lower, zlower, booleans = model.parts[2]
    booleans = booleans[False]  # a space-joined text never parses as an integer
    raw2 = [a + " " + b for a, b in zip(toks, toks[1:])]
    low2 = [a + " " + b for a, b in zip(lows, lows[1:])]
    title2 = [a and b for a, b in zip(titles, titles[1:])]
    rows2 = [raw.get(r, zraw) + lower.get(w, zlower) + booleans[t][w in dictionary]
             for r, w, t in zip(raw2, low2, title2)]

    raw, zraw, lower, zlower, booleans = model.parts[3]
    booleans = booleans[False]
    rows3 = []
    if n > 2 and not lower:
        # a trigram can only be a known value (or a dictionary word) when its first two
        # syllables are a known prefix: most trigram strings are never built
        prefixes = model.raw3_prefixes
        words = model.dict3_prefixes
        rows3 = [(raw.get(a + " " + b, zraw) if a in prefixes else zraw)
                 + booleans[ta and tb][w in words and (w + " " + c) in dictionary]
                 for a, b, w, c, ta, tb in zip(raw2, toks[2:], low2, lows[2:], title2,
                                               titles[2:])]
    elif n > 2:
        low3 = [a + " " + b for a, b in zip(low2, lows[2:])]
        rows3 = [raw.get(a + " " + b, zraw) + lower.get(w, zlower)
                 + booleans[ta and tb][w in dictionary]
                 for a, b, w, ta, tb in zip(raw2, toks[2:], low3, title2, titles[2:])]

    bos1, eos1 = model.pads[1]
    bos2, eos2 = model.pads[2]
    bos3, eos3 = model.pads[3]
    flat = b"".join((
        bos1, bos1, *rows1, eos1, eos1,
        bos2, bos2, *rows2, eos2 * (n + _PAD - len(rows2)),
        bos3, bos3, *rows3, eos3 * (n + _PAD - len(rows3)),
    ))
    index = _index_cached(model, n) if n <= _INDEX_CACHED else _index(model, n)
    weights = np.frombuffer(flat, dtype="<f8")[index]  # (templates, 2n)
    # add template after template (accumulate is defined as exactly that). underthesea_core
    # starts from 0.0; 0.0 + w == w here, since no weight is -0.0 (near-zero ones became 0.0)
    scores = np.add.accumulate(weights, axis=0)[-1].tolist()
    return scores[:n], scores[n:]


# --- tagger --------------------------------------------------------------------------------

def tag(model: Model, toks: list[str]) -> list[int]:
    """Label ids of the tokens (Viterbi, exactly as underthesea_core's CRFTagger)."""
    n = len(toks)
    if n == 0:
        return []
    e0, e1 = _emissions(model, toks)
    (t00, t01), (t10, t11) = model.trans
    p0 = e0[0]
    p1 = e1[0]
    back = []
    for t in range(1, n):
        a = p0 + t00
        b = p1 + t10
        if b > a:
            q0 = b
            k0 = 1
        else:
            q0 = a
            k0 = 0
        a = p0 + t01
        b = p1 + t11
        if b > a:
            q1 = b
            k1 = 1
        else:
            q1 = a
            k1 = 0
        p0 = q0 + e0[t]
        p1 = q1 + e1[t]
        back.append((k0, k1))
    y = 1 if p1 > p0 else 0
    labels = [y] * n
    for t in range(n - 1, 0, -1):
        y = back[t - 1][y]
        labels[t - 1] = y
    return labels


def word_tokenize(sentence: str) -> list[str]:
    """Exactly ``underthesea.word_tokenize(sentence)`` (default arguments), faster."""
    model = load()
    toks = _tokenize()(sentence, use_token_normalize=True, fixed_words=[])
    if not toks:
        return []
    inside = model.inside
    out: list[str] = []
    for y, tok in zip(tag(model, toks), toks):
        if y == inside and out:
            out[-1] = out[-1] + " " + tok
        else:
            out.append(tok)
    return out
