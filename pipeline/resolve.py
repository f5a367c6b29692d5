"""Resolve stage: from the items the extractors left on the Doc to one validated record.

* merges items that stand for the same entity (same key per kind) into one entry whose
  ``mentions`` hold every mention, so each distinct item appears once per article;
* drops people who are byline authors, and people who are also officials;
* links officials' organizations and models' localities to the article's locations.
"""
from __future__ import annotations

import re
import unicodedata

from extractors.base import read_items

# Kinds holding one entry per distinct entity, and the key that says "same entity".
def _fold(s) -> str:
    s = unicodedata.normalize("NFC", str(s or ""))
    return re.sub(r"\s+", " ", s).strip().casefold()


def _code_key(s) -> str:
    return re.sub(r"\s+", "", re.sub(r"[‐‑‒–—―−]", "-", str(s or ""))).upper()


ENTITY_KEYS = {
    "officials": lambda it: _fold(it.get("name")),
    "people": lambda it: _fold(it.get("name")),
    "organizations": lambda it: _fold(it.get("name")),
    "models": lambda it: _fold(it.get("name")),
    "campaigns": lambda it: _fold(it.get("name")),
    "locations": lambda it: (_fold(it.get("level")), _fold(it.get("name"))),
    "abbreviations": lambda it: _code_key(it.get("short")).replace(".", ""),
    "directives": lambda it: _code_key(it.get("code")) if it.get("code")
    else ("name", _fold(it.get("doc_type")), _fold(it.get("name"))),
}
ITEM_KINDS = ("officials", "people", "organizations", "models", "campaigns", "figures",
              "directives", "dates", "locations", "abbreviations", "quotes")


def _mention(it: dict) -> dict:
    return {"start": it["start"], "end": it["end"], "text": it["text"]}


def merge_entities(kind: str, items: list[dict]) -> list[dict]:
    key_of = ENTITY_KEYS.get(kind)
    if key_of is None:
        return [dict(it) for it in items]
    merged: dict = {}
    for it in items:
        key = key_of(it)
        mentions = it.get("mentions") or [_mention(it)]
        if key not in merged:
            entry = dict(it)
            entry["mentions"] = list(mentions)
            merged[key] = entry
            continue
        entry = merged[key]
        for field, value in it.items():  # fill what the first mention left empty
            if field not in ("mentions", "start", "end", "text") and entry.get(field) in (None, "", [], False):
                entry[field] = value
        entry["mentions"].extend(mentions)
    out = []
    for entry in merged.values():
        seen = set()
        uniq = []
        for m in sorted(entry["mentions"], key=lambda m: (m["start"], m["end"])):
            if (m["start"], m["end"]) not in seen:
                seen.add((m["start"], m["end"]))
                uniq.append(m)
        entry["mentions"] = uniq
        out.append(entry)
    return out


def _int_if_whole(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    return v


def resolve(doc) -> dict:
    """Record fields (everything but identity and source) from an extracted Doc."""
    fields: dict = {}
    for kind in ITEM_KINDS:
        fields[kind] = merge_entities(kind, read_items(doc, kind))
    authors = read_items(doc, "authors")
    author_names = {_fold(a["name"]) for a in authors}
    official_names = {_fold(o["name"]) for o in fields["officials"]}
    fields["people"] = [p for p in fields["people"]
                        if _fold(p["name"]) not in author_names and _fold(p["name"]) not in official_names]
    for fig in fields["figures"]:
        fig["value"] = _int_if_whole(fig.get("value"))
        fig["value_max"] = _int_if_whole(fig.get("value_max"))
    _link_locations(fields)
    fields["authors"] = [a["name"] for a in authors]
    fields["bylines"] = [{"start": a["start"], "end": a["end"], "text": a["text"], "name": a["name"]}
                         for a in authors]
    fields["headings"] = [h["name"] for h in read_items(doc, "headings")]
    fields["captions"] = [c["name"] for c in read_items(doc, "captions")]
    return fields


# How specific a level is: an official of "xã Bình Thạnh (huyện Thủ Thừa)" belongs to the xã.
_LEVEL_RANK = {"ấp": 4, "thôn": 4, "khu phố": 4, "làng": 4, "bản": 4, "xóm": 4, "khóm": 4,
               "xã": 3, "phường": 3, "thị trấn": 3,
               "huyện": 2, "quận": 2, "thị xã": 2, "thành phố": 2, "tỉnh": 1}
_BARE_PROVINCE = re.compile(r"(?<!\w)tỉnh(?: ủy)?$")


def _link_locations(fields: dict) -> None:
    """Officials point at the place their position names (the most specific one: the xã of a
    "Chủ tịch UBND xã …", the article's province for "… tỉnh"); models at their locality."""
    locs = fields["locations"]
    if not locs:
        return
    provinces = {l.get("province") for l in locs if l.get("province")}
    for off in fields["officials"]:
        if off.get("location"):
            continue
        phrase = _fold(off.get("position") or off.get("organization"))
        if not phrase:
            continue
        best, best_key = None, None
        for loc in locs:
            name = _fold(loc.get("name"))
            if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", phrase):
                key = (_LEVEL_RANK.get(loc.get("level") or "", 0), len(name))
                if best_key is None or key > best_key:
                    best, best_key = loc, key
        if best is not None and best_key[0] > 0:
            off["location"] = best["name"]
        elif _BARE_PROVINCE.search(phrase) and len(provinces) == 1:
            off["location"] = next(iter(provinces))  # "… tỉnh": the article's own province
        elif best is not None:
            off["location"] = best["name"]
    by_name = sorted(((_fold(l["name"]), l) for l in locs), key=lambda x: -len(x[0]))
    for model in fields["models"]:
        loc_text = _fold(model.get("locality"))
        if loc_text and not model.get("location_code"):
            for name, loc in by_name:
                if name and name in loc_text and loc.get("code"):
                    model["location_code"] = loc["code"]
                    break
