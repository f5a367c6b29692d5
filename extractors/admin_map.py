"""Vietnam's administrative map, read from the map shipped inside underthesea.

underthesea ships ``underthesea/address/data/mapping.json``: the 63 provinces with their districts
and wards as they stood before 2025-07-01, each ward linked to the commune-level unit and the
province it belongs to after the 2025 reorganisation (34 provinces, no districts). This module
loads it once (cached) and indexes it by name for the locations extractor.

Codes: the map carries official codes for provinces only. A province's ``code`` is its official
two-digit code ("80"); a district's is ``<province code>:<district key>`` and a ward's
``<province code>:<district key>:<ward key>`` (keys are the map's own accent-free keys, e.g.
``80:huyenthuthua:xabinhthanh``), so every code is a stable pointer back into the map.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from pipeline.normalize import normalize_words

from .base import data_lines

_TYPE_RE = re.compile(r"^(Thành phố|Thị xã|Thị trấn|Huyện|Quận|Phường|Xã|Tỉnh|Đặc khu)\s+(.*)$", re.I)


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """Comparison key for a place name: modern tone marks, lower case, hyphens as spaces."""
    s = normalize_words(name).lower().replace("-", " ").replace("–", " ").replace("’", "'")
    return " ".join(s.split())


def split_type(full: str) -> tuple[str, str]:
    """'Huyện Thủ Thừa' -> ('huyện', 'Thủ Thừa')."""
    m = _TYPE_RE.match(full.strip())
    if not m:
        return "", full.strip()
    return m.group(1).lower(), normalize_words(m.group(2).strip())


@dataclass(frozen=True)
class Unit:
    level: str           # tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn
    name: str            # short name as the map writes it ("Thủ Thừa", "4")
    tier: int            # 1 province, 2 district, 3 ward
    code: str
    province_key: str
    district_key: str = ""
    ward_key: str = ""

    @property
    def label(self) -> str:
        return f"{self.level} {self.name}"


@dataclass
class AdminMap:
    provinces: dict = field(default_factory=dict)       # prov_key -> Unit
    districts: dict = field(default_factory=dict)       # (prov_key, dist_key) -> Unit
    wards: dict = field(default_factory=dict)           # (prov, dist, ward) -> Unit
    new_province: dict = field(default_factory=dict)    # old prov_key -> "tỉnh Tây Ninh"
    new_ward: dict = field(default_factory=dict)        # (prov, dist, ward) -> ("xã Thủ Thừa", new prov label)
    by_name: dict = field(default_factory=dict)         # (tier, name_key) -> [Unit]

    def find(self, tier: int, name: str) -> list[Unit]:
        return self.by_name.get((tier, name_key(name)), [])

    def province_of(self, unit: Unit) -> Unit:
        return self.provinces[unit.province_key]

    def district_of(self, unit: Unit) -> Unit | None:
        return self.districts.get((unit.province_key, unit.district_key)) if unit.district_key else None

    def current(self, unit: Unit) -> str | None:
        """The post-2025 unit the place now belongs to ("xã Thủ Thừa, tỉnh Tây Ninh")."""
        if unit.tier == 3:
            new = self.new_ward.get((unit.province_key, unit.district_key, unit.ward_key))
            if new:
                return f"{new[0]}, {new[1]}"
        return self.new_province.get(unit.province_key)


def _load_json() -> dict:
    ref = resources.files("underthesea.address").joinpath("data", "mapping.json")
    with ref.open("r", encoding="utf-8") as fh:
        return json.load(fh)


def _lower_type(full: str) -> str:
    level, name = split_type(full)
    return f"{level} {name}" if level else name


@lru_cache(maxsize=1)
def admin_map() -> AdminMap:
    data = _load_json()
    m = AdminMap()
    for key, info in data["old_province_names"].items():
        level, name = split_type(info["name"])
        m.provinces[key] = Unit(level, normalize_words(info["short"]), 1, info["code"], key)
    for old_key, new_key in data["province_mapping"].items():
        m.new_province[old_key] = _lower_type(data["province_names"][new_key]["name"])
    for rec in data["ward_mapping"]:
        pk, dk, wk = rec["old_province_key"], rec["old_district_key"], rec["old_ward_key"]
        code = m.provinces[pk].code
        if (pk, dk) not in m.districts:
            level, name = split_type(rec["old_district"])
            m.districts[(pk, dk)] = Unit(level, name, 2, f"{code}:{dk}", pk, dk)
        if not rec["old_ward"]:
            continue
        wkey = (pk, dk, wk)
        if wkey not in m.wards:
            level, name = split_type(rec["old_ward"])
            m.wards[wkey] = Unit(level, name, 3, f"{code}:{dk}:{wk}", pk, dk, wk)
        if rec.get("mapping_type") != "divided" or rec.get("is_default") or wkey not in m.new_ward:
            m.new_ward[wkey] = (_lower_type(rec["new_ward"]), _lower_type(rec["new_province"]))
    for unit in (*m.provinces.values(), *m.districts.values(), *m.wards.values()):
        m.by_name.setdefault((unit.tier, name_key(unit.name)), []).append(unit)
    # Alternative province names ("Thừa Thiên Huế", "TP.HCM"): locations_province_aliases.txt
    for line in data_lines("locations_province_aliases.txt"):
        alias, _, target = line.partition("=")
        units = m.find(1, target.strip())
        bucket = m.by_name.setdefault((1, name_key(alias.strip())), [])
        bucket.extend(u for u in units if u not in bucket)
    return m
