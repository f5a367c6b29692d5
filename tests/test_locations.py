"""locations: level words, bare names, one entry per place, links to underthesea's map."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.admin_map import admin_map, name_key
from extractors.base import read_items
from pipeline.testing import run_component

from .helpers import component_items

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seed"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "dev"


def locs(text: str) -> list[dict]:
    return component_items("vnx_locations", "locations", text)


def by_key(items):
    return {(it["level"], it["name"]): it for it in items}


def test_map_loads_once_and_indexes_units():
    m = admin_map()
    assert m is admin_map()
    assert len(m.provinces) == 63
    assert {u.province_key for u in m.find(2, "Thủ Thừa")} == {"tinhlongan"}
    assert len({u.province_key for u in m.find(2, "Châu Thành")}) > 5


def test_commune_with_district_in_parentheses_is_resolved():
    items = by_key(locs("Bí thư Đảng ủy xã Bình Thạnh (huyện Thủ Thừa) phát biểu tại hội nghị."))
    xa = items[("xã", "Bình Thạnh")]
    assert xa["parent"] == "huyện Thủ Thừa"
    assert xa["province"] == "Long An"
    assert xa["code"] and xa["code"].startswith("80:huyenthuthua")
    assert xa["current"].endswith("tỉnh Tây Ninh")
    assert items[("huyện", "Thủ Thừa")]["current"] == "tỉnh Tây Ninh"


def test_ambiguous_district_follows_the_article_province():
    text = ("Huyện ủy huyện Thủ Thừa và xã Thanh Vĩnh Đông, huyện Châu Thành cùng làm đường. "
            "Người dân huyện biên giới Tân Hưng cũng góp sức.")
    items = by_key(locs(text))
    ct = items[("huyện", "Châu Thành")]
    assert ct["province"] == "Long An" and ct["code"] == "80:huyenchauthanh"
    assert items[("huyện", "Tân Hưng")]["province"] == "Long An"
    assert items[("xã", "Thanh Vĩnh Đông")]["parent"] == "huyện Châu Thành"


def test_ambiguous_district_without_province_keeps_code_null():
    items = by_key(locs("Nông dân huyện Châu Thành thu hoạch lúa sớm."))
    assert items[("huyện", "Châu Thành")]["code"] is None


def test_one_entry_per_place_level_holds_for_bare_mentions():
    text = "UBND tỉnh Long An họp bàn. Long An sẽ hỗ trợ nông dân. Việt Nam và Nhật Bản ký kết."
    items = locs(text)
    keys = [(it["level"], it["name"]) for it in items]
    assert keys.count(("tỉnh", "Long An")) == 1 and (None, "Long An") not in keys
    la = by_key(items)[("tỉnh", "Long An")]
    assert len(la["mentions"]) == 2
    assert (None, "Việt Nam") in keys and (None, "Nhật Bản") in keys


def test_hcm_forms_numbered_units_and_lists():
    items = by_key(locs("Dự án tại phường 13, quận 4, TP.HCM và các quận 5, 11 của TPHCM."))
    assert ("thành phố", "Hồ Chí Minh") in items
    assert len(items[("thành phố", "Hồ Chí Minh")]["mentions"]) == 2
    assert {("quận", "4"), ("quận", "5"), ("quận", "11"), ("phường", "13")} <= set(items)
    assert items[("quận", "4")]["code"] == "79:quan4"
    lst = by_key(locs("Bộ hỗ trợ 4 tỉnh Hà Tĩnh, Quảng Bình, Quảng Trị và Thừa Thiên-Huế."))
    assert {("tỉnh", "Hà Tĩnh"), ("tỉnh", "Quảng Bình"), ("tỉnh", "Quảng Trị"),
            ("tỉnh", "Thừa Thiên-Huế")} <= set(lst)


def test_person_names_and_bare_level_words_are_not_places():
    text = ("Chủ tịch UBND tỉnh Đồng Nai Trần Văn Bình cho biết trên địa bàn tỉnh đã ổn định. "
            "Phó Chủ tịch UBND TP Nguyễn Thành Công chủ trì. Ông Đức và anh Phạm Đức Long có mặt.")
    keys = {(it["level"], it["name"]) for it in locs(text)}
    assert keys == {("tỉnh", "Đồng Nai")}


def test_regions_rivers_and_seas():
    keys = {(it["level"], it["name"]) for it in locs(
        "Mưa lớn ở miền Trung và Tây Nguyên làm nước sông Hương dâng cao; tàu cá ra biển Đông.")}
    assert {(None, "miền Trung"), (None, "Tây Nguyên"), (None, "sông Hương"), (None, "biển Đông")} <= keys


def test_dissolved_district_gets_its_successor():
    items = by_key(locs("Khu đô thị mới ở quận 9, TP.HCM đã có hạ tầng."))
    q9 = items[("quận", "9")]
    assert q9["province"] == "Hồ Chí Minh" and q9["current"] == "thành phố Hồ Chí Minh"


def test_no_catastrophic_backtracking_on_long_capitalized_input():
    import time
    text = "tỉnh " + " ".join(["Hà"] * 5000) + " và " + "Xã " * 3000
    t = time.time()
    locs(text)
    assert time.time() - t < 5


@pytest.mark.skipif(not SEED.exists(), reason="shared corpora absent")
def test_seed_locations_all_resolved_to_long_an():
    txt = next(SEED.glob("*.txt"))
    gold = json.loads(txt.with_name(txt.stem + ".gold.json").read_text(encoding="utf-8"))
    items = locs(txt.read_text(encoding="utf-8"))
    keys = {(it["level"], name_key(it["name"])) for it in items}
    assert keys == {(g["level"], name_key(g["name"])) for g in gold["locations"]}
    for it in items:
        if it["name"] != "Việt Nam":
            assert it["province"] == "Long An", it
            assert it["current"] and it["current"].endswith("tỉnh Tây Ninh"), it


@pytest.mark.skipif(not DEV.exists(), reason="shared corpora absent")
def test_dev_locations_f1():
    tp = n_pred = n_gold = 0
    for g in sorted(DEV.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if "locations" not in gold:
            continue
        doc = run_component("vnx_locations", g.with_name(g.name.replace(".gold.json", ".txt")).read_text(
            encoding="utf-8"), title_lines=None)
        key = lambda it: ((it.get("level") or "").casefold(),
                          re.sub(r"\s+", " ", name_key(it["name"]).casefold()).strip())
        pred = {key(it) for it in read_items(doc, "locations")}
        gk = {key(it) for it in gold["locations"]}
        tp += len(pred & gk)
        n_pred += len(pred)
        n_gold += len(gk)
    p, r = tp / n_pred, tp / n_gold
    assert 2 * p * r / (p + r) >= 0.85


def test_two_syllable_village_name_ending_in_an_organization_word():
    # "Hội", "Trường" open organizations ("Hội Nông dân") but also end unit names
    got = by_key(locs("Bà con ở thôn Phú Hội và ấp Tân Trường đã thu hoạch xong lúa."))
    assert ("thôn", "Phú Hội") in got and ("ấp", "Tân Trường") in got
    # an acronym after the word: an organization follows, the name stops before it
    got = by_key(locs("Cán bộ thôn Phú Trường THCS Kim Đồng tham gia lao động."))
    assert ("thôn", "Phú") in got and ("thôn", "Phú Trường") not in got


def test_city_level_holds_for_district_level_city_and_its_bare_mentions():
    items = locs("Ông A trú tại TP Nha Trang, tỉnh Khánh Hòa. Nha Trang đón nhiều khách quốc tế.")
    got = by_key(items)
    assert ("thành phố", "Nha Trang") in got and (None, "Nha Trang") not in got
    assert len(got[("thành phố", "Nha Trang")]["mentions"]) == 2


def test_spaced_hyphen_joins_a_district_level_name_the_map_knows():
    got = by_key(locs("Đoàn khách dừng chân ở thành phố Phan Rang - Tháp Chàm rồi đi tiếp."))
    assert ("thành phố", "Phan Rang - Tháp Chàm") in got
    assert not any(k[1] == "Phan Rang" for k in got)


def test_ethnic_group_after_village_word_is_not_a_place():
    got = by_key(locs("Du khách ghé thăm các làng Khmer và bản Mông trên núi, rồi về làng Mỹ Lợi."))
    assert ("làng", "Khmer") not in got and ("bản", "Mông") not in got
    assert ("làng", "Mỹ Lợi") in got


def test_country_name_opening_a_unit_name_is_not_taken_alone():
    got = by_key(locs("Doanh nghiệp ở huyện Đức Hòa và huyện Mỹ Đức được hỗ trợ vốn."))
    assert ("huyện", "Đức Hòa") in got and ("huyện", "Mỹ Đức") in got
    assert (None, "Đức") not in got and (None, "Mỹ") not in got


@pytest.mark.parametrize("text", [
    "Phó Chủ tịch UBND tỉnh Lê Văn Hải yêu cầu các xã đẩy nhanh tiến độ.",
    "Chủ tịch UBND huyện Trần Thị Mai Hoa kiểm tra công trình.",
])
def test_a_person_after_an_unsaid_province_is_no_place(text):
    # "UBND tỉnh <name>": the article's own province goes unsaid; the run is the official
    assert locs(text) == []


def test_a_surname_led_place_name_the_map_knows_stays_a_place():
    assert [(x["name"], x["level"]) for x in locs("Người dân xã Võ Ninh đã nhận hỗ trợ.")] == [("Võ Ninh", "xã")]


def test_a_river_by_its_bank_is_still_a_place():
    names = [x["name"] for x in locs("Cảnh sát giao thông kiểm tra nồng độ cồn ven sông Hàn mỗi tối.")]
    assert names == ["sông Hàn"]
    assert locs("Xe dừng ở chân cầu sông Hàn.") == []  # a bridge's name is a facility


def test_names_listed_after_a_plural_level_word_take_that_level():
    got = [(x["name"], x["level"]) for x in locs("Mặn xâm nhập sâu vào các huyện ven biển như Ba Tri, Bình Đại và Thạnh Phú.")]
    assert got == [("Ba Tri", "huyện"), ("Bình Đại", "huyện"), ("Thạnh Phú", "huyện")]
    # a city in a list of provinces keeps no province level
    got = {x["name"]: x["level"] for x in locs("Mô hình được nhân rộng ra một số tỉnh như Quảng Ninh, Bình Dương, Đà Nẵng.")}
    assert got["Quảng Ninh"] == "tỉnh" and got.get("Đà Nẵng") != "tỉnh"
