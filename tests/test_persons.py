"""Tests for the officials/people extractor (invented sentences)."""
from pathlib import Path
import time

import pytest

from extractors.base import read_items
from pipeline.testing import run_component


def _run(text):
    doc = run_component("vnx_persons", text)
    return read_items(doc, "officials"), read_items(doc, "people"), doc


def _by_name(items):
    return {it["name"]: it for it in items}


def test_title_org_name_form():
    off, ppl, doc = _run("Phó Giám đốc Sở Nông nghiệp tỉnh Quảng Nam Lê Văn Khải cho biết, mùa màng năm nay khá tốt.")
    o = _by_name(off)["Lê Văn Khải"]
    assert o["position"] == "Phó Giám đốc Sở Nông nghiệp tỉnh Quảng Nam"
    assert o["title"] == "Phó Giám đốc"
    assert o["organization"] == "Sở Nông nghiệp tỉnh Quảng Nam"
    assert doc.text[o["start"]:o["end"]] == "Lê Văn Khải"
    assert ppl == []


def test_name_comma_title_form_and_short_mentions():
    text = ("Ông Trần Minh Quý, Chủ tịch UBND huyện Đông Sơn, cho biết xã đã hoàn thành kế hoạch. "
            "Theo ông Quý, năm tới huyện sẽ mở thêm hai trường học. Chủ tịch Quý đề nghị các xã chủ động.")
    off, ppl, _ = _run(text)
    o = _by_name(off)["Trần Minh Quý"]
    assert o["position"] == "Chủ tịch UBND huyện Đông Sơn"
    assert o["honorific"] == "ông"
    assert len(o["mentions"]) == 3
    assert [m["text"] for m in o["mentions"]] == ["Trần Minh Quý", "Quý", "Quý"]


def test_dash_form_and_former():
    text = "Bí thư Đảng ủy xã Tân Phú - Nguyễn Thị Hạnh phát biểu. Ông Đỗ Văn Lực, nguyên Giám đốc Sở Tài chính, cũng có mặt."
    off, _, _ = _run(text)
    d = _by_name(off)
    assert d["Nguyễn Thị Hạnh"]["position"] == "Bí thư Đảng ủy xã Tân Phú"
    assert d["Đỗ Văn Lực"]["former"] is True
    assert d["Đỗ Văn Lực"]["position"] == "nguyên Giám đốc Sở Tài chính"


def test_people_roles_initials_and_ranks():
    text = ("Chị Lò Thị Mai, nông dân ở bản Hua Tát, đã trồng 2 ha cam. "
            "Ông N.V.T. (45 tuổi) kể lại sự việc. TS Hoàng Minh Đạt cũng góp ý.")
    off, ppl, _ = _run(text)
    d = _by_name(ppl)
    assert d["Lò Thị Mai"]["honorific"] == "chị"
    assert d["N.V.T."]["initials"] is True
    assert d["Hoàng Minh Đạt"]["rank"] == "TS"
    assert off == []


def test_military_rank_is_official():
    off, _, _ = _run("Đại tá Phùng Văn Tài đã trao quà cho các gia đình chính sách.")
    assert _by_name(off)["Phùng Văn Tài"]["rank"] == "Đại tá"


def test_not_people_streets_schools_places_authors():
    text = ("Đoàn đi qua đường Lê Văn Sỹ rồi đến Trường THPT Nguyễn Thị Minh Khai ở Hà Nội. "
            "Ảnh: Trần Hữu Phước")
    off, ppl, _ = _run(text)
    assert off == [] and ppl == []


def test_place_prefix_is_trimmed():
    off, _, _ = _run("Chủ tịch UBND thành phố Hà Nội Đinh Văn Bảo chủ trì hội nghị.")
    assert "Đinh Văn Bảo" in _by_name(off)


def test_all_caps_name():
    off, _, _ = _run("Bà PHAN THỊ LỆ, Phó Giám đốc Bệnh viện tỉnh, cho biết bệnh nhân đã ổn định.")
    assert _by_name(off)["PHAN THỊ LỆ"]["title"] == "Phó Giám đốc"


def test_offsets_and_speed_on_adversarial_input():
    text = ("Nguyễn " * 3000) + "Ông " * 2000 + "Chủ tịch UBND " * 1000
    t0 = time.time()
    off, ppl, doc = _run(text)
    assert time.time() - t0 < 20
    for it in off + ppl:
        assert doc.text[it["start"]:it["end"]] == it["text"]


GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "dev"


@pytest.mark.skipif(not GOLD.exists(), reason="shared corpora not available")
def test_dev_person_f1():
    from extractors.persons_eval import compare_with_underthesea

    res = compare_with_underthesea(GOLD, use_underthesea=False)
    assert res["articles"] > 10
    assert res["vnx"]["f1"] >= 0.9
