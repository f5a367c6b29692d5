"""Person-name F1 of vnx's persons extractor side by side with underthesea's ``ner()``.

``compare_with_underthesea(gold_dir)`` reads every ``*.txt`` with its ``*.gold.json`` under
``gold_dir`` (articles whose gold has ``officials`` or ``people``), runs

* vnx: the structure and persons components (byline authors are never people), and
* underthesea: ``ner()`` sentence by sentence, taking B-PER/I-PER runs as names,

and scores both the way ``persons`` is scored (officials + people by name, a set per article,
after normalization: NFC, case-folded, outer punctuation stripped). underthesea's ``ner()`` is
slow and is only called here, never from a pipeline component.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

_OUTER = "\"'“”‘’«»„‟` .,;:!?()[]{}-–—…"


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", str(s or ""))
    s = re.sub(r"\s+", " ", s).strip().strip(_OUTER).strip()
    return s.casefold()


def _prf(tp: int, npred: int, ngold: int) -> dict:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": npred, "gold": ngold}


def vnx_person_names(text: str) -> set[str]:
    from pipeline.extract import build_nlp
    from pipeline.testing import make_doc

    from .base import read_items

    nlp = _nlp_cache.get("nlp")
    if nlp is None:
        nlp = _nlp_cache["nlp"] = build_nlp(["vnx_structure", "vnx_persons"])
    doc = make_doc(text, title_lines=None)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    items = read_items(doc, "officials") + read_items(doc, "people")
    return {_norm(it["name"]) for it in items if _norm(it["name"])}


_nlp_cache: dict = {}


def underthesea_person_names(text: str) -> set[str]:
    """PER spans of underthesea.ner(), run on each line (ner expects one sentence at a time)."""
    from underthesea import ner, sent_tokenize

    names = set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for sent in sent_tokenize(line):
            cur: list[str] = []
            for tok in ner(sent):
                word, tag = tok[0], tok[-1]
                if tag == "B-PER" or (tag == "I-PER" and not cur):
                    if cur:
                        names.add(_norm(" ".join(cur)))
                    cur = [word]
                elif tag == "I-PER":
                    cur.append(word)
                else:
                    if cur:
                        names.add(_norm(" ".join(cur)))
                    cur = []
            if cur:
                names.add(_norm(" ".join(cur)))
    names.discard("")
    return {n.replace("_", " ") for n in names}


def compare_with_underthesea(gold_dir, use_underthesea: bool = True) -> dict:
    """Person-name P/R/F1 of vnx and of underthesea.ner() on the gold articles of ``gold_dir``.

    Returns ``{"articles": n, "vnx": {p, r, f1, tp, pred, gold}, "underthesea": {...}}``
    (``underthesea`` is None when ``use_underthesea`` is False).
    """
    gold_dir = Path(gold_dir)
    tot = {"vnx": [0, 0, 0], "underthesea": [0, 0, 0]}
    n = 0
    for gold_path in sorted(gold_dir.rglob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if "officials" not in gold and "people" not in gold:
            continue
        txt = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        if not txt.exists():
            continue
        n += 1
        text = txt.read_text(encoding="utf-8")
        g = {_norm(it.get("name")) for it in (gold.get("officials") or []) + (gold.get("people") or [])}
        g.discard("")
        systems = {"vnx": vnx_person_names}
        if use_underthesea:
            systems["underthesea"] = underthesea_person_names
        for key, fn in systems.items():
            pred = fn(text)
            tot[key][0] += len(pred & g)
            tot[key][1] += len(pred)
            tot[key][2] += len(g)
    return {
        "articles": n,
        "vnx": _prf(*tot["vnx"]),
        "underthesea": _prf(*tot["underthesea"]) if use_underthesea else None,
    }


if __name__ == "__main__":  # python -m extractors.persons_eval DIR
    import sys

    print(json.dumps(compare_with_underthesea(sys.argv[1]), ensure_ascii=False, indent=1))
