"""Tests for the organizations extractor (invented sentences, not copied from real articles)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractors.base import read_items
from pipeline.testing import run_component

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def orgs(text: str) -> dict[str, dict]:
    doc = run_component("vnx_organizations", text)
    items = read_items(doc, "organizations")
    for it in items:
        assert doc.text[it["start"]:it["end"]] == it["text"] == it["name"]
        for m in it["mentions"]:
            assert doc.text[m["start"]:m["end"]] == m["text"]
    return {it["name"]: it for it in items}


def test_place_bodies_with_level_and_place():
    got = orgs("Chủ tịch UBND tỉnh Bình Thuận Trần Văn Nam làm việc với Công an huyện Châu Thành.")
    assert got["UBND tỉnh Bình Thuận"]["location"] == "Bình Thuận"
    assert got["UBND tỉnh Bình Thuận"]["kind"] == "state"
    assert got["UBND tỉnh Bình Thuận"]["short"] == "UBND"
    assert "Công an huyện Châu Thành" in got


def test_named_bodies_stop_before_a_person():
    got = orgs("Giám đốc Sở Y tế Nguyễn Thanh Bình cho biết Sở Tài nguyên và Môi trường tỉnh Long An đã họp.")
    assert "Sở Y tế" in got
    assert got["Sở Tài nguyên và Môi trường tỉnh Long An"]["location"] == "Long An"
    assert got["Sở Tài nguyên và Môi trường tỉnh Long An"]["short"] == "Sở TN&MT"


def test_party_and_front_bodies():
    got = orgs("Ban Dân vận Tỉnh ủy phối hợp với UBMTTQ Việt Nam tỉnh và Đảng ủy xã Tân Phú.")
    assert got["Ban Dân vận Tỉnh ủy"]["kind"] == "party"
    assert got["UBMTTQ Việt Nam tỉnh"]["kind"] == "front"
    assert got["Đảng ủy xã Tân Phú"]["location"] == "Tân Phú"


def test_ministry_short_forms_merge():
    got = orgs("Bộ Nông nghiệp và Phát triển nông thôn vừa họp. Sau đó Bộ NN&PTNT ra thông báo.")
    assert len(got) == 1
    (item,) = got.values()
    assert item["kind"] == "ministry" and len(item["mentions"]) == 2


def test_acronym_in_parentheses_and_later_mentions():
    got = orgs("Ngân hàng Nhà nước (NHNN) vừa ban hành quy định mới. Theo NHNN, lãi suất sẽ giảm.")
    item = got["Ngân hàng Nhà nước"]
    assert item["short"] == "NHNN"
    assert len(item["mentions"]) == 2


def test_company_names():
    got = orgs("Công ty TNHH MTV Đầu tư phát triển thủy lợi Sông Lam tổ chức hội nghị. "
               "Công ty Hòa Bình kinh doanh vật liệu.")
    assert "Công ty TNHH MTV Đầu tư phát triển thủy lợi Sông Lam" in got
    assert "Công ty Hòa Bình" in got
    assert got["Công ty Hòa Bình"]["kind"] == "company"


def test_not_organizations():
    got = orgs("Đoàn khách từ Đài Loan đến Hội An rồi ra Hải Phòng. Ban tổ chức cho biết hội nghị kết thúc.")
    assert got == {}


def test_place_level_alone():
    got = orgs("UBND tỉnh đã chỉ đạo các sở.")
    assert got["UBND tỉnh"]["location"] is None


def test_linear_on_long_input():
    from extractors.organizations import find
    from pipeline.testing import make_doc

    doc = make_doc("Sở " + "Tài " * 5000 + ". " + "UBND tỉnh " * 2000 + "Công ty " + "cổ phần " * 3000)
    t = time.time()
    find(doc)
    assert time.time() - t < 2


@pytest.mark.skipif(not (SHARED / "seed").exists(), reason="shared corpora not available")
def test_seed_bodies():
    for f in (SHARED / "seed").glob("*.txt"):
        doc = run_component("vnx_organizations", f.read_text(encoding="utf-8"), title_lines=None)
        names = {it["name"] for it in read_items(doc, "organizations")}
        assert "MTTQ Việt Nam" in names
        assert "UBMTTQ Việt Nam tỉnh" in names
        assert "Ban Dân vận Tỉnh ủy" in names
