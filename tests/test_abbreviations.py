"""Tests for the abbreviations extractor (invented sentences, not copied from real articles)."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from extractors.base import read_items
from pipeline.testing import run_component

from .helpers import component_items

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def abbrs(text: str) -> dict[str, dict]:
    return {it["short"]: it for it in component_items("vnx_abbreviations", "abbreviations", text)}


def test_definition_in_text_wins():
    got = abbrs("Huyện đã cấp 1.200 thẻ bảo hiểm y tế (BHYT) cho người nghèo; thẻ BHYT được phát tận nhà.")
    assert got["BHYT"]["long"] == "bảo hiểm y tế"
    assert got["BHYT"]["source"] == "text"
    assert len(got["BHYT"]["mentions"]) == 2


def test_definition_with_foreign_initials():
    got = abbrs("Tỉnh muốn nâng chỉ số năng lực cạnh tranh cấp tỉnh (PCI) trong năm tới.")
    assert got["PCI"]["long"] == "chỉ số năng lực cạnh tranh cấp tỉnh"
    assert got["PCI"]["source"] == "text"


def test_inferred_from_article_words():
    got = abbrs("Phong trào Bếp ấm vùng cao lan rộng. Các mô hình BAVC được nhân rộng khắp xã.")
    assert got["BAVC"]["long"] == "Bếp ấm vùng cao"
    assert got["BAVC"]["source"] == "inferred"


def test_lexicon_expansion():
    got = abbrs("Chủ tịch UBND huyện làm việc với Sở GD&ĐT về kế hoạch KT-XH.")
    assert got["UBND"]["long"] == "Ủy ban nhân dân" and got["UBND"]["source"] == "lexicon"
    assert got["GD&ĐT"]["long"] == "Giáo dục và Đào tạo"
    assert got["KT-XH"]["long"] == "kinh tế - xã hội"


def test_tp_hcm_variants_are_one_entry():
    got = abbrs("Đoàn từ TP.HCM đến thăm. Sau đó đoàn trở về TPHCM và TP. HCM vào buổi tối.")
    assert list(got) == ["TP.HCM"]
    assert len(got["TP.HCM"]["mentions"]) == 3


def test_tp_before_a_name_is_tp():
    got = abbrs("Lãnh đạo TP. Cần Thơ họp với UBND TP vào sáng nay.")
    assert "TP" in got and "UBND" in got


def test_not_abbreviations():
    text = ("Giá xăng RON 92 tăng 500 VNĐ, tương đương 0,02 USD. Theo Chỉ thị số 05-CT/TW và "
            "Quyết định 1234/QĐ-UBND, khóa XII đã họp. Ông L.T.H. và bệnh nhân NVT được cứu. "
            "Cty của ông bán 300 tấn H5N1. NGUYỄN VĂN AN")
    got = abbrs(text)
    for bad in ("RON", "VNĐ", "USD", "CT", "TW", "QĐ-UBND", "QĐ", "XII", "L.T.H", "NVT", "H5N1",
                "NGUYỄN", "VĂN", "AN", "Cty"):
        assert bad not in got, bad


def test_dash_list_of_known_acronyms_is_split():
    got = abbrs("Đại biểu HĐND-UBND xã dự họp.")
    assert "HĐND" in got and "UBND" in got and "HĐND-UBND" not in got


def test_photo_credit_initials_are_skipped():
    got = abbrs("Cây cầu mới thông xe. Ảnh: QT")
    assert "QT" not in got


def test_linear_on_long_input():
    import time

    from extractors.abbreviations import find
    from pipeline.testing import make_doc

    doc = make_doc(("A" * 5000 + " ") + ("AB-" * 3000) + "C " + ("x.y&" * 3000) + " TP." * 3000
                   + " Hội đồng nhân dân" * 2000 + " (HĐND)")
    t = time.time()
    find(doc)
    assert time.time() - t < 2


def _key(s: str) -> str:
    return re.sub(r"[‐‑‒–—―−]", "-", re.sub(r"[\s.]", "", unicodedata.normalize("NFC", s))).upper()


@pytest.mark.skipif(not (SHARED / "dev").exists(), reason="shared corpora not available")
def test_dev_and_seed_f1():
    tp = fp = fn = 0
    for gold_file in sorted((SHARED / "dev").glob("*.gold.json")) + sorted((SHARED / "seed").glob("*.gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        if "abbreviations" not in gold:
            continue
        text = gold_file.with_name(gold_file.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        doc = run_component("vnx_abbreviations", text, title_lines=None)
        pred = {_key(a["short"]) for a in read_items(doc, "abbreviations")}
        want = {_key(a["short"]) for a in gold["abbreviations"]}
        tp += len(pred & want)
        fp += len(pred - want)
        fn += len(want - pred)
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1 = 2 * p * r / max(1e-9, p + r)
    assert f1 >= 0.85, (p, r, f1)


def test_unknown_acronym_inside_a_company_name_is_a_brand():
    from pipeline.extract import build_nlp
    from pipeline.testing import make_doc

    nlp = build_nlp(["vnx_organizations", "vnx_abbreviations"])
    doc = make_doc("Công ty cổ phần Đầu tư XKQ Việt Nam được giao dự án. Công ty TNHH MTV Sông Lam cũng vậy.")
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    got = {a["short"] for a in read_items(doc, "abbreviations")}
    assert "XKQ" not in got
    assert {"TNHH", "MTV"} <= got


def test_document_code_written_with_a_space():
    got = abbrs("Theo Quyết định số 10/2016 QĐ-UBND của UBND tỉnh, giá vé giảm.")
    assert "QĐ-UBND" not in got and "UBND" in got


def test_payment_and_security_codes_of_digital_services():
    got = abbrs("Người bán in mã QR tại quầy; khách xác nhận bằng mã OTP gửi về điện thoại.")
    assert set(got) == {"QR", "OTP"} and got["OTP"]["long"] == "mật khẩu dùng một lần"
    # "AI" is also "ai" (who) in an all-caps headline: not in the lexicon
    assert abbrs("AI SẼ CHI TRẢ KHOẢN NỢ NÀY?\nNgười dân chờ câu trả lời.") == {}
