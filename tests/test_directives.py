"""Tests for the directives extractor: document reference grammar, merging, negatives.

All sentences are invented for these tests (document codes are real-world facts).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import read_items
from pipeline.extract import build_nlp
from pipeline.testing import make_doc

from .helpers import gold_articles

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"

_NLP = None


def run(text: str):
    global _NLP
    if _NLP is None:
        _NLP = build_nlp(["vnx_directives", "vnx_dates"])
    doc = make_doc(text)
    for _, proc in _NLP.pipeline:
        doc = proc(doc)
    return doc


def directives(text: str) -> list[dict]:
    doc = run(text)
    items = read_items(doc, "directives")
    for it in items:  # offsets always slice the text, for the item and every mention
        assert doc.text[it["start"]:it["end"]] == it["text"]
        assert it["mentions"], it
        for m in it["mentions"]:
            assert doc.text[m["start"]:m["end"]] == m["text"]
    return items


# (sentence, expected fields of the single item found)
POSITIVE = [
    ("Tỉnh tiếp tục quán triệt Chỉ thị số 38-CT/TW, ngày 07/9/2009 của Ban Bí thư về bảo hiểm y tế học đường.",
     {"text": "Chỉ thị số 38-CT/TW, ngày 07/9/2009 của Ban Bí thư", "doc_type": "Chỉ thị", "number": "38",
      "code": "38-CT/TW", "type_code": "CT", "issuer_code": "TW", "issuer": "Ban Bí thư", "date": "2009-09-07",
      "subject": "bảo hiểm y tế học đường", "family": "party"}),
    ("Các sở thực hiện nghiêm Chỉ thị số 16/CT-TTg trong thời gian tới.",
     {"code": "16/CT-TTg", "doc_type": "Chỉ thị", "issuer_code": "TTg", "issuer_body": "Thủ tướng Chính phủ",
      "family": "state"}),
    ("Căn cứ Quyết định số 1234/QĐ-UBND ngày 5/3/2020 của UBND tỉnh Long An, xã đã triển khai.",
     {"code": "1234/QĐ-UBND", "doc_type": "Quyết định", "issuer": "UBND tỉnh Long An", "date": "2020-03-05",
      "issuer_body": "Ủy ban nhân dân"}),
    ("Nghị định số 30/2020/NĐ-CP của Chính phủ về công tác văn thư có hiệu lực.",
     {"code": "30/2020/NĐ-CP", "doc_type": "Nghị định", "year": 2020, "number": "30", "type_code": "NĐ",
      "issuer_code": "CP", "issuer": "Chính phủ", "subject": "công tác văn thư"}),
    ("Bộ vừa ban hành Thông tư số 01/2021/TT-BNV hướng dẫn thi đua.",
     {"code": "01/2021/TT-BNV", "doc_type": "Thông tư", "issuer_body": "Bộ Nội vụ", "year": 2021}),
    ("Thực hiện Kế hoạch số 07-KH/BCĐ, ngày 22/02/2021 về phong trào thi đua, huyện đã làm tốt.",
     {"code": "07-KH/BCĐ", "doc_type": "Kế hoạch", "number": "07", "date": "2021-02-22", "issuer_body": "Ban Chỉ đạo",
      "family": "party"}),
    ("Bộ Chính trị ban hành Nghị quyết số 57-NQ/TW về phát triển khoa học.",
     {"code": "57-NQ/TW", "doc_type": "Nghị quyết", "family": "party"}),
    ("Triển khai Nghị quyết số 15-NQ/TU của Tỉnh ủy về chuyển đổi số.",
     {"code": "15-NQ/TU", "issuer": "Tỉnh ủy", "issuer_code": "TU"}),
    ("Ban Thường vụ ban hành Quy định số 05-QĐi/TU về kiểm tra.",
     {"code": "05-QĐi/TU", "doc_type": "Quy định", "type_code": "QĐi"}),
    ("Quốc hội thông qua Luật Doanh nghiệp số 59/2020/QH14 tại kỳ họp thứ 9.",
     {"code": "59/2020/QH14", "doc_type": "Luật", "name": "Doanh nghiệp", "issuer_code": "QH14",
      "issuer_body": "Quốc hội khóa 14", "family": "law", "year": 2020}),
    ("Theo Luật số 59/2020/QH14, doanh nghiệp phải công khai thông tin.",
     {"code": "59/2020/QH14", "doc_type": "Luật", "family": "law"}),
    ("Chính quyền thực hiện Luật Thực hiện Dân chủ ở cơ sở cùng với công tác dân vận.",
     {"text": "Luật Thực hiện Dân chủ ở cơ sở", "doc_type": "Luật", "code": None,
      "name": "Thực hiện Dân chủ ở cơ sở", "family": "law"}),
    ("Các hợp tác xã hoạt động theo Luật Hợp tác xã năm 2012 đã chuyển đổi.",
     {"text": "Luật Hợp tác xã năm 2012", "doc_type": "Luật", "name": "Hợp tác xã", "code": None}),
    ("Ủy ban đã có văn bản số 571/VPCP-KTTH ngày 19/01/2017 của Văn phòng Chính phủ gửi các tỉnh.",
     {"code": "571/VPCP-KTTH", "doc_type": "Công văn", "issuer_code": "VPCP", "date": "2017-01-19",
      "issuer": "Văn phòng Chính phủ"}),
    ("Bộ đã có văn bản số 5278/KL-BNN-TTr kết luận nhiều sai phạm.",
     {"code": "5278/KL-BNN-TTr", "doc_type": "Kết luận", "type_code": "KL", "issuer_code": "BNN"}),
    ("Việc thu phí thực hiện theo Quyết định 50/2016 của UBND tỉnh.",
     {"code": "50/2016", "doc_type": "Quyết định", "number": "50", "year": 2016}),
    ("Ban tổ chức đã ra Thông báo số 19 về lịch tiếp dân.",
     {"code": "19", "doc_type": "Thông báo", "number": "19"}),
    ("Đảng ủy quán triệt Chỉ thị số 38 - CT/TW trong toàn đảng bộ.", {"code": "38-CT/TW"}),
    ("Đảng ủy quán triệt Chỉ thị số 38–CT/TW trong toàn đảng bộ.", {"code": "38-CT/TW"}),
    ("Xã triển khai Chỉ thị số 05- CT/TW đến từng chi bộ.", {"code": "05-CT/TW", "number": "05"}),
    ("UBND tỉnh ban hành Chỉ thị số: 12/CT-UBND về phòng chống thiên tai.", {"code": "12/CT-UBND"}),
    ("Huyện thực hiện nghiêm chỉ thị số 05/CT-TTg về an toàn giao thông.", {"code": "05/CT-TTg", "doc_type": "Chỉ thị"}),
    ("Các ngành quán triệt Chỉ thị 16 của Thủ tướng trong tháng này.",
     {"code": "16", "doc_type": "Chỉ thị", "issuer": "Thủ tướng"}),
    ("Đơn vị thực hiện Quyết định số 31-QĐ/TW, ngày 01-10-1997 của Bộ Chính trị.",
     {"code": "31-QĐ/TW", "date": "1997-10-01", "doc_type": "Quyết định", "issuer": "Bộ Chính trị"}),
    ("Cần sửa Quyết định số 09/2007/QĐ-TTg ngày 19 tháng 01 năm 2007 cho phù hợp.",
     {"code": "09/2007/QĐ-TTg", "date": "2007-01-19"}),
    ("Các bệnh viện áp dụng Thông tư liên tịch số 40/2015/TTLT-BYT-BTC về giá dịch vụ.",
     {"code": "40/2015/TTLT-BYT-BTC", "doc_type": "Thông tư liên tịch", "issuer_code": "BYT-BTC",
      "family": "joint"}),
    ("Giá khám bệnh được tính theo Thông tư liên tịch 37/2015/TTLT-BYT-BTC của Liên bộ Y tế - Tài chính.",
     {"doc_type": "Thông tư liên tịch", "issuer": "Liên bộ Y tế - Tài chính"}),
    ("Pháp lệnh số 28/2005/PL-UBTVQH11 quy định về ưu đãi người có công.",
     {"doc_type": "Pháp lệnh", "issuer_body": "Ủy ban Thường vụ Quốc hội khóa 11"}),
    ("Ban Tuyên giáo có Công văn số 234-CV/BTGTU gửi các huyện ủy.",
     {"code": "234-CV/BTGTU", "doc_type": "Công văn", "issuer_body": "Ban Tuyên giáo Tỉnh ủy"}),
    ("Thực hiện Hướng dẫn số 36-HD/VPTW về thể thức văn bản của Đảng.",
     {"code": "36-HD/VPTW", "doc_type": "Hướng dẫn", "issuer_body": "Văn phòng Trung ương Đảng"}),
    ("Tỉnh quán triệt Kết luận số 72-KL/TW của Bộ Chính trị.",
     {"code": "72-KL/TW", "doc_type": "Kết luận", "issuer": "Bộ Chính trị"}),
    ("Ban Bí thư ra Thông tri số 03-TT/TW về bầu cử.", {"code": "03-TT/TW", "doc_type": "Thông tri"}),
    ("Thủ tướng lại ra Công điện số 2144/CĐ-TTg, đòi các bộ đẩy nhanh giải ngân.",
     {"code": "2144/CĐ-TTg", "doc_type": "Công điện"}),
    ("Văn phòng phát hành Thông cáo số 01/TC-VPCP về phiên họp.", {"doc_type": "Thông cáo", "type_code": "TC"}),
    ("Tỉnh ban hành Chương trình số 3303/CTr-UBND ngày 29/12/2016 thực hiện nghị quyết.",
     {"doc_type": "Chương trình", "type_code": "CTr", "date": "2016-12-29"}),
    ("Huyện xây dựng Phương án số 12/PA-UBND ứng phó bão.", {"doc_type": "Phương án", "code": "12/PA-UBND"}),
    ("Sở trình Đề án số 06/ĐA-UBND về dân cư.", {"doc_type": "Đề án", "type_code": "ĐA"}),
    ("Theo Báo cáo số 145/BC-UBND, thu ngân sách tăng.", {"doc_type": "Báo cáo", "code": "145/BC-UBND"}),
    ("Đoàn kiểm tra lập Biên bản số 03/BB-ĐKT tại cơ sở.", {"doc_type": "Biên bản", "type_code": "BB"}),
    ("UBND xã gửi Tờ trình số 02/TTr-UBND lên huyện.", {"doc_type": "Tờ trình", "type_code": "TTr"}),
    ("Hai bên ký Hợp đồng số 32/HĐ-EPC ngày 1/11/2010 về thi công.",
     {"doc_type": "Hợp đồng", "date": "2010-11-01"}),
    ("Sở lập Dự án số 15/DA-SNN về thủy lợi.", {"doc_type": "Dự án", "type_code": "DA"}),
    ("Hai tỉnh ký Bản ghi nhớ số 01/BGN-UBND về hợp tác.", {"doc_type": "Bản ghi nhớ", "type_code": "BGN"}),
    ("Văn phòng gửi Giấy mời số 45/GM-UBND tới các đại biểu.", {"doc_type": "Giấy mời", "type_code": "GM"}),
    ("Cán bộ mang Giấy giới thiệu số 12/GGT-VP đến làm việc.", {"doc_type": "Giấy giới thiệu"}),
    ("Giám đốc ký Giấy ủy quyền số 7/GUQ-CTY cho phó giám đốc.", {"doc_type": "Giấy ủy quyền"}),
    ("Ban Tiếp công dân có Phiếu chuyển số 480/PC-BTT ngày 9/9/2016 chuyển đơn.",
     {"doc_type": "Phiếu chuyển", "date": "2016-09-09"}),
    ("Văn thư lập Phiếu báo số 3/PB-VP về hồ sơ.", {"doc_type": "Phiếu báo"}),
    ("Văn thư lập Phiếu gửi số 5/PG-VP kèm hồ sơ.", {"doc_type": "Phiếu gửi"}),
    ("Phòng cấp Giấy nghỉ phép số 2/GNP-VP cho cán bộ.", {"doc_type": "Giấy nghỉ phép"}),
    ("UBND tỉnh ban hành Quy định số 10/QyĐ-UBND về quản lý.", {"doc_type": "Quy định", "type_code": "QyĐ"}),
    ("Hai huyện ký Bản thỏa thuận số 4/BTT-UBND về ranh giới.", {"doc_type": "Bản thỏa thuận"}),
    ("Chính phủ ban hành Nghị quyết 19-2017/NQ-CP ngày 6/2/2017 về môi trường kinh doanh.",
     {"code": "19-2017/NQ-CP", "number": "19", "year": 2017, "date": "2017-02-06"}),
    ("Bộ Nội vụ đã ban hành Quyết định số 464/BNV về đồ chơi.", {"code": "464/BNV", "issuer_code": "BNV"}),
    ("Hiệp hội nêu tại Công văn số 324/CV/HHLTVN ngày 23.6.2014 về hợp đồng.",
     {"code": "324/CV/HHLTVN", "date": "2014-06-23", "doc_type": "Công văn"}),
    ("Việc xử phạt căn cứ Nghị định 78/2013/NĐCP của Chính phủ.", {"code": "78/2013/NĐCP"}),
    ("Hành vi này bị xử lý theo Bộ luật Hình sự năm 2015.",
     {"doc_type": "Bộ luật", "name": "Hình sự", "code": None, "family": "law"}),
    ("Ngày 26-12-2013, Thường vụ Quân ủy Trung ương ban hành Chỉ thị số 788-CT/QUTW về cuộc vận động.",
     {"code": "788-CT/QUTW", "date": "2013-12-26", "issuer_body": "Quân ủy Trung ương"}),
    ("Kết luận thanh tra số 2734/KL-TTCP ngày 25.9.2015 do Thanh tra Chính phủ ban hành nêu rõ sai phạm.",
     {"code": "2734/KL-TTCP", "doc_type": "Kết luận", "date": "2015-09-25", "issuer": "Thanh tra Chính phủ"}),
    ("Tỉnh ủy thực hiện Chỉ thị số 03 của Bộ Chính trị về học tập đạo đức.",
     {"code": "03", "issuer": "Bộ Chính trị", "family": "party"}),
    ("UBND thành phố có văn bản 571 ngày 19/1/2017 của Văn phòng Chính phủ về bồi thường.",
     {"code": "571", "doc_type": "Công văn", "date": "2017-01-19"}),
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[str(i) for i in range(len(POSITIVE))])
def test_positive_forms(text, expected):
    items = directives(text)
    assert len(items) == 1, items
    it = items[0]
    for k, v in expected.items():
        assert it.get(k) == v, (k, it)


def test_at_least_forty_forms():
    assert len(POSITIVE) >= 40


def test_coordinated_references_share_the_issuer():
    items = directives("Xã thực hiện Quyết định số 21/QĐ-TTg và Quyết định số 44/QĐ-TTg của Thủ tướng Chính phủ "
                       "về phòng chống dịch bệnh.")
    assert [i["code"] for i in items] == ["21/QĐ-TTg", "44/QĐ-TTg"]
    assert [i["issuer"] for i in items] == ["Thủ tướng Chính phủ"] * 2
    assert items[0]["text"] == "Quyết định số 21/QĐ-TTg"


def test_list_of_codes_after_one_type_word():
    items = directives("Cần sửa đổi các Quyết định số 09/2007/QĐ-TTg, 140/2008/QĐ-TTg cho phù hợp.")
    assert [(i["code"], i["doc_type"]) for i in items] == [("09/2007/QĐ-TTg", "Quyết định"),
                                                           ("140/2008/QĐ-TTg", "Quyết định")]


def test_later_bare_mention_is_a_mention_of_the_full_reference():
    items = directives("Ban Bí thư ban hành Chỉ thị số 38-CT/TW về công tác bảo hiểm y tế. "
                       "Sau 15 năm thực hiện Chỉ thị 38, tỷ lệ bao phủ đã tăng.")
    assert len(items) == 1
    assert items[0]["code"] == "38-CT/TW"
    assert [m["text"] for m in items[0]["mentions"]] == ["Chỉ thị số 38-CT/TW", "Chỉ thị 38"]


def test_repeated_reference_is_one_item_with_the_fullest_mention():
    items = directives("Theo Quyết định 1880/QĐ-TTg, mức bồi thường được nâng. "
                       "Quyết định số 1880/QĐ-TTg ngày 29/9/2016 của Thủ tướng Chính phủ quy định rõ.")
    assert len(items) == 1
    assert items[0]["date"] == "2016-09-29"
    assert len(items[0]["mentions"]) == 2


def test_law_named_then_numbered_is_one_item():
    items = directives("Theo Luật Đất đai, người dân được cấp sổ. Luật Đất đai số 45/2013/QH13 quy định rõ.")
    assert len(items) == 1
    assert (items[0]["code"], items[0]["name"], len(items[0]["mentions"])) == ("45/2013/QH13", "Đất đai", 2)


def test_unknown_law_names_do_not_swallow_the_next_citation():
    items = directives("Căn cứ Luật Cảnh vệ và Nghị định số 12/2020/NĐ-CP của Chính phủ.")
    assert [(i["doc_type"], i.get("name"), i["code"]) for i in items] == [
        ("Luật", "Cảnh vệ", None), ("Nghị định", None, "12/2020/NĐ-CP")]


def test_same_law_twice_is_one_item():
    items = directives("Luật Đất đai quy định rõ. Việc sửa Luật Đất đai cần thận trọng.")
    assert len(items) == 1 and items[0]["name"] == "Đất đai" and len(items[0]["mentions"]) == 2


@pytest.mark.parametrize("text", [
    "Buổi lễ có số 38 người tham gia.",
    "Mọi thông tin xin liên hệ số điện thoại 0913 456 789 hoặc 028.3822.1234.",
    "Nghị quyết Đại hội XIII của Đảng đã xác định rõ mục tiêu.",
    "Tỉnh quán triệt Nghị quyết Trung ương 4 (khóa XII) về xây dựng Đảng.",
    "Hội đồng đã quyết định 5 dự án được hỗ trợ vốn.",
    "Kế hoạch 5 năm của ngành được thông qua.",
    "Ông là luật sư của Công ty Luật Minh Khang.",
    "Luật sư Nguyễn Văn An cho biết vụ việc đang được xem xét.",
    "Người dân cần hiểu pháp luật đất đai để tránh tranh chấp.",
    "Huyện đã hoàn thành Chương trình 135 trước thời hạn.",
    "Các văn bản chỉ đạo của UBND tỉnh được triển khai đồng bộ.",
    "Bảng xếp hạng có 3.462 thẻ BHYT và 2.898,9 tỷ đồng.",
])
def test_negatives(text):
    assert directives(text) == []


def test_article_number_before_a_law_is_not_a_document_number():
    items = directives("Theo Điều 5 Luật Đất đai, người sử dụng đất có quyền chuyển nhượng.")
    assert len(items) == 1
    it = items[0]
    assert it["doc_type"] == "Luật" and it["name"] == "Đất đai"
    assert it["code"] is None and it["number"] is None


def test_issuer_stops_before_the_verb():
    items = directives("Quyết định số 9589/QĐ-UBND ngày 26/9/2016 của Chủ tịch UBND TP Nam Định bác "
                       "đơn của bà.")
    assert items[0]["issuer"] == "Chủ tịch UBND TP Nam Định"


def test_code_spans_are_published_for_dates():
    doc = run("Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ.")
    spans = doc.user_data[("vnx", "directive_code_spans")]
    assert [doc.text[s:e] for s, e in spans] == ["30/2020/NĐ-CP"]
    values = [d["value"] for d in read_items(doc, "dates")]
    assert values == ["2020-03-05"]


def test_long_adversarial_input_is_fast():
    import time
    text = ("Chỉ thị số " + "1-" * 2000 + " Luật " + "Đất " * 3000 + "số 38 - " * 2000) * 2
    t = time.time()
    directives(text)
    assert time.time() - t < 5


@pytest.mark.skipif(not (SHARED / "dev").exists(), reason="shared corpora absent")
def test_dev_and_seed_scores():
    import sys
    sys.path.insert(0, str(SHARED.parent / "tools"))
    import score as S  # the reference scorer, read from ../shared (not copied)

    tp = npred = ngold = 0
    date_ok = date_n = 0
    for gold, text in gold_articles(SHARED, "directives"):
        pred = read_items(run_article(text), "directives")
        gk, pk = S.keys("directives", gold["directives"]), S.keys("directives", pred)
        tp += sum((gk & pk).values())
        npred += sum(pk.values())
        ngold += sum(gk.values())
        by_code = {S.norm_code(p["code"]): p for p in pred if p.get("code")}
        for g in gold["directives"]:
            p = by_code.get(S.norm_code(g.get("code")))
            if p is not None and g.get("date"):
                date_n += 1
                date_ok += S.date_value(p.get("date")) == S.date_value(g["date"])
    p, r = tp / npred, tp / ngold
    assert 2 * p * r / (p + r) >= 0.95
    assert date_ok / date_n >= 0.95


def run_article(text: str):
    global _NLP
    if _NLP is None:
        _NLP = build_nlp(["vnx_directives", "vnx_dates"])
    doc = make_doc(text, title_lines=None)
    for _, proc in _NLP.pipeline:
        doc = proc(doc)
    return doc


def test_date_in_parentheses_after_the_code():
    [d] = directives("Huyện ủy thực hiện Hướng dẫn số 08-HD/BTCTW (ban hành ngày 14/3/2023) của "
                     "Ban Tổ chức Trung ương về sinh hoạt chi bộ.")
    assert (d["code"], d["date"], d["issuer"]) == ("08-HD/BTCTW", "2023-03-14", "Ban Tổ chức Trung ương")
    assert d["text"].endswith("của Ban Tổ chức Trung ương")
    # a parenthesis that is not a date leaves the reference as it was
    [d] = directives("Xã áp dụng Quyết định số 21/QĐ-UBND (sửa đổi) của UBND huyện.")
    assert d["date"] is None and d["text"] == "Quyết định số 21/QĐ-UBND"


def test_an_amended_law_with_its_number_is_one_reference():
    [d] = directives("Luật Bảo hiểm y tế sửa đổi số 51/2024/QH15 có hiệu lực từ ngày 1/7/2025.")
    assert (d["code"], d["name"]) == ("51/2024/QH15", "Bảo hiểm y tế")
    [d] = directives("Luật Đất đai (sửa đổi) số 31/2024/QH15 đã được thông qua.")
    assert (d["code"], d["name"]) == ("31/2024/QH15", "Đất đai")
