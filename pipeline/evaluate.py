"""Scoring records against gold files, as shared/spec/EXTRACTION.md "How a pipeline is scored".

Per field: micro-averaged precision, recall and F1 over all articles. Items are compared by a
per-field key after normalization (NFC, HTML entities, case-fold, white space, outer
punctuation). Figures are matched one to one (value within 1e-3 relative, compatible unit).
A gold file that leaves a list out was not annotated for it, and that field is not scored
for the article.
"""
from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

SCORED_FIELDS = ("officials", "people", "persons", "models", "figures", "directives", "dates",
                 "locations", "abbreviations", "quotes", "authors", "headings", "captions")
# Fields compared as sets (one entry per distinct key); the others are multisets.
SET_FIELDS = {"dates", "officials", "people", "persons", "models", "locations", "abbreviations",
              "directives", "authors"}

_QUOTE_CHARS = "\"'“”‘’«»„‟`"
_EDGE = _QUOTE_CHARS + " .,;:!?()[]{}-–—…"
_DASHES = re.compile("[‐‑‒–—―−]")
_WS = re.compile(r"\s+")
_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)[\s.,;:]*$")
_MONEY = {"vnd", "vnđ", "đồng", "đ", "dong", "vn₫", "₫"}
_DOLLAR = {"usd", "đô la mỹ", "đô la", "$"}
_PERCENT = {"%", "phần trăm"}


def canon(value) -> str:
    """The normalized form two strings are compared in."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", html.unescape(str(value)))
    return _WS.sub(" ", text).strip().strip(_EDGE).strip().casefold()


def canon_model_name(value) -> str:
    text = _TRAILING_PAREN.sub("", unicodedata.normalize("NFC", str(value or "")))
    text = canon(text)
    if text.startswith("mô hình "):
        text = text[len("mô hình "):].lstrip()
    return text.strip(_EDGE).strip()


def canon_code(value) -> str:
    if not value:
        return ""
    text = unicodedata.normalize("NFC", html.unescape(str(value)))
    return _DASHES.sub("-", _WS.sub("", text)).upper()


def canon_unit(value) -> str:
    u = canon(value)
    if u in _MONEY:
        return "VND"
    if u in _DOLLAR:
        return "USD"
    if u in _PERCENT:
        return "%"
    return u


def as_number(value) -> Optional[float]:
    if value is None:
        return None
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return None


def canon_date(value) -> str:
    if value is None:
        return ""
    text = str(value).strip().replace("--", "/").replace("..", "/")
    return "/".join(part[:10] for part in text.split("/"))


def _location_key(it: dict):
    name = _WS.sub(" ", canon(it.get("name")).replace("-", " ")).strip()
    return (canon(it.get("level")), name)


def _directive_key(it: dict):
    code = canon_code(it.get("code"))
    return code or ("NAME", canon(it.get("doc_type")), canon(it.get("name")))


KEY_FUNCS: dict[str, Callable[[dict], object]] = {
    "officials": lambda it: canon(it.get("name")),
    "people": lambda it: canon(it.get("name")),
    "persons": lambda it: canon(it.get("name")),
    "models": lambda it: canon_model_name(it.get("name")),
    "directives": _directive_key,
    "dates": lambda it: canon_date(it.get("value")),
    "locations": _location_key,
    "abbreviations": lambda it: canon_code(it.get("short")).replace(".", ""),
    "quotes": lambda it: canon(it.get("speaker")),
    "authors": lambda it: canon(it.get("name")),
    "headings": lambda it: canon(it.get("name")),
    "captions": lambda it: canon(it.get("name")),
}


def item_keys(field_name: str, items: Iterable) -> Counter:
    key_of = KEY_FUNCS[field_name]
    found: Counter = Counter()
    for it in items or []:
        if isinstance(it, str):
            it = {"name": it, "short": it}
        key = key_of(it)
        if key:
            found[key] += 1
    if field_name in SET_FIELDS:
        found = Counter(dict.fromkeys(found, 1))
    return found


def _units_compatible(a, b) -> bool:
    wa, wb = canon_unit(a).split(), canon_unit(b).split()
    n = min(len(wa), len(wb))
    return wa[:n] == wb[:n] if n else wa == wb


def match_figures(gold: list, pred: list) -> tuple[int, int, int, list[tuple[dict, dict]]]:
    """Greedy one-to-one matching. Returns tp, n_pred, n_gold and the matched pairs."""
    gold = [g for g in gold or [] if as_number(g.get("value")) is not None]
    pred = [p for p in pred or [] if as_number(p.get("value")) is not None]
    taken: set[int] = set()
    pairs = []
    for g in gold:
        gv = as_number(g.get("value"))
        for j, p in enumerate(pred):
            if j in taken:
                continue
            if abs(as_number(p.get("value")) - gv) <= 1e-3 * max(1.0, abs(gv)) \
                    and _units_compatible(g.get("unit"), p.get("unit")):
                taken.add(j)
                pairs.append((g, p))
                break
    return len(pairs), len(pred), len(gold), pairs


def _tokens(s) -> list[str]:
    return canon(s).replace(",", " ").replace("(", " ").replace(")", " ").split()


def position_matches(pred_pos, gold_pos) -> bool:
    p, g = canon(pred_pos), canon(gold_pos)
    if p and g and (p in g or g in p):
        return True
    tp, tg = Counter(_tokens(p)), Counter(_tokens(g))
    if not tp and not tg:
        return True
    common = sum((tp & tg).values())
    if not common:
        return False
    prec, rec = common / sum(tp.values()), common / sum(tg.values())
    return 2 * prec * rec / (prec + rec) >= 0.8


def items_of(record: dict, field_name: str) -> list:
    if field_name == "persons":
        return list(record.get("officials") or []) + list(record.get("people") or [])
    value = record.get(field_name)
    if field_name == "authors" and value is None and isinstance(record.get("byline"), dict):
        value = record["byline"].get("authors")
    if field_name in ("headings", "captions") and value is None:
        text = record.get("text") or ""
        value = [text[s["start"]:s["end"]] for s in record.get("segments") or []
                 if s.get("kind") == field_name[:-1] and "start" in s]
    return value or []


def gold_items(gold: dict, field_name: str) -> Optional[list]:
    """The gold list for a field, or None when the article was not annotated for it."""
    if field_name == "persons":
        if "officials" not in gold and "people" not in gold:
            return None
        return list(gold.get("officials") or []) + list(gold.get("people") or [])
    if field_name not in gold:
        return None
    return gold[field_name]


@dataclass
class Tally:
    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def as_dict(self) -> dict:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4),
                "tp": self.tp, "pred": self.pred, "gold": self.gold}


@dataclass
class ArticleErrors:
    article: str
    field: str
    missed: list
    spurious: list


@dataclass
class Report:
    scores: dict
    errors: list[ArticleErrors] = field(default_factory=list)


def record_name(record: dict) -> str:
    """Which gold file a record belongs to: its source file name without extension."""
    src = record.get("source")
    uri = (src.get("uri") or src.get("path")) if isinstance(src, dict) else None
    if uri:
        return os.path.splitext(os.path.basename(str(uri)))[0]
    return str(record.get("doc_id") or record.get("id"))


def load_gold(gold_dir) -> dict[str, dict]:
    gold = {}
    for path in sorted(Path(gold_dir).rglob("*.gold.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        name = data.get("source_file") or path.name[: -len(".gold.json")]
        gold[os.path.splitext(os.path.basename(name))[0]] = data
    return gold


def score(gold: dict[str, dict], records: dict[str, dict]) -> Report:
    tallies = {f: Tally() for f in SCORED_FIELDS}
    pos_ok = pos_n = date_ok = date_n = 0
    errors: list[ArticleErrors] = []
    missing = []
    for name, g in gold.items():
        rec = records.get(name)
        if rec is None:
            missing.append(name)
            rec = {}
        for f in SCORED_FIELDS:
            gitems = gold_items(g, f)
            if gitems is None:
                continue
            pitems = items_of(rec, f)
            if f == "figures":
                tp, npred, ngold, pairs = match_figures(gitems, pitems)
                tallies[f].add(tp, npred, ngold)
                matched_g = {id(a) for a, _ in pairs}
                matched_p = {id(b) for _, b in pairs}
                missed = [x.get("text") for x in gitems if id(x) not in matched_g and as_number(x.get("value")) is not None]
                spurious = [x.get("text") for x in pitems if id(x) not in matched_p and as_number(x.get("value")) is not None]
            else:
                gk, pk = item_keys(f, gitems), item_keys(f, pitems)
                tallies[f].add(sum((gk & pk).values()), sum(pk.values()), sum(gk.values()))
                missed = list((gk - pk).elements())
                spurious = list((pk - gk).elements())
            if missed or spurious:
                errors.append(ArticleErrors(name, f, missed, spurious))
        if "officials" in g:
            predicted = {canon(o.get("name")): o for o in items_of(rec, "officials")}
            for o in g["officials"]:
                hit = predicted.get(canon(o.get("name")))
                if hit is not None and o.get("position"):
                    pos_n += 1
                    pos_ok += position_matches(hit.get("position"), o.get("position"))
        if "directives" in g:
            predicted = {canon_code(d.get("code")): d for d in items_of(rec, "directives") if d.get("code")}
            for d in g["directives"]:
                hit = predicted.get(canon_code(d.get("code")))
                if hit is not None and d.get("date"):
                    date_n += 1
                    date_ok += canon_date(hit.get("date")) == canon_date(d.get("date"))
    scores: dict = {}
    for f, t in tallies.items():
        if t.gold or t.pred:
            scores[f] = t.as_dict()
    if pos_n:
        scores["official_position_acc"] = round(pos_ok / pos_n, 4)
    if date_n:
        scores["directive_date_acc"] = round(date_ok / date_n, 4)
    scores["articles"] = len(gold)
    scores["missing_records"] = missing
    return Report(scores, errors)


def read_records(path) -> dict[str, dict]:
    records = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and not rec.get("reject"):
                records[record_name(rec)] = rec
    return records


def format_table(scores: dict) -> str:
    lines = [f"{'field':16s} {'P':>7s} {'R':>7s} {'F1':>7s} {'tp':>6s} {'pred':>6s} {'gold':>6s}"]
    for f in SCORED_FIELDS:
        if f in scores:
            s = scores[f]
            lines.append(f"{f:16s} {s['p']:7.4f} {s['r']:7.4f} {s['f1']:7.4f} {s['tp']:6d} {s['pred']:6d} {s['gold']:6d}")
    for extra in ("official_position_acc", "directive_date_acc"):
        if extra in scores:
            lines.append(f"{extra:24s} {scores[extra]:.4f}")
    lines.append(f"articles: {scores['articles']}" + (f"  missing records: {', '.join(scores['missing_records'])}"
                                                      if scores["missing_records"] else ""))
    return "\n".join(lines)
