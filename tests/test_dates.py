"""Tests for the dates extractor: every form of EXTRACTION.md "dates", intervals, negatives.

All sentences are invented for these tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.base import read_items
from extractors.dates import find_in_text, match_day_at
from pipeline.extract import build_nlp
from pipeline.testing import make_doc

from .helpers import component_items, gold_articles

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"

_NLP = None


def run(text: str, title_lines=0):
    global _NLP
    if _NLP is None:
        _NLP = build_nlp(["vnx_directives", "vnx_dates"])
    doc = make_doc(text, title_lines=title_lines)
    for _, proc in _NLP.pipeline:
        doc = proc(doc)
    return doc


def dates(text: str) -> list[dict]:
    doc = run(text)
    items = read_items(doc, "dates")
    for it in items:
        assert doc.text[it["start"]:it["end"]] == it["text"]
    return items


def values(text: str) -> list[str]:
    return [d["value"] for d in dates(text)]


FORMS = [
    ("Ban Bí thư ký ngày 07/9/2009 tại Hà Nội.", ["2009-09-07"]),
    ("Văn bản ký ngày 7 tháng 9 năm 2009.", ["2009-09-07"]),
    ("Hội nghị diễn ra ngày 04 tháng 4 năm 2018 tại tỉnh.", ["2018-04-04"]),
    ("Tổng kết vào tháng 3/2024 tại huyện.", ["2024-03"]),
    ("Lạm phát tháng 12.2016 giảm nhẹ.", ["2016-12"]),
    ("Trung tâm hoạt động từ tháng 5-2017 vừa qua.", ["2017-05"]),
    ("Đến tháng 3 năm 2024, xã có 40 mô hình.", ["2024-03"]),
    ("Chủ đề công tác năm 2024 được triển khai.", ["2024"]),
    ("Từ nay đến cuối năm 2024, ngành tiếp tục đổi mới.", ["2024"]),
    ("Phong trào giai đoạn 2021-2025 đạt kết quả.", ["2021/2025"]),
    ("Giai đoạn 2014 - 2015 có nhiều đổi mới.", ["2014/2015"]),
    ("Ông công tác tại xã từ năm 1995 đến năm 2016 thì nghỉ hưu.", ["1995/2016"]),
    ("Dự án chạy từ năm 2016 đến 2020 mới xong.", ["2016/2020"]),
    ("Ban chấp hành nhiệm kỳ 2011-2016 đã hoàn thành nhiệm vụ.", ["2011/2016"]),
    ("Hội đồng nhiệm kì 2016-2021 chưa được công nhận.", ["2016/2021"]),
    ("Kết thúc năm học 2014 - 2015, trường đạt chuẩn.", ["2014/2015"]),
    ("Trong 3 năm (2014 - 2016), lợi nhuận đều tăng.", ["2014/2016"]),
    ("Đợt cao điểm kéo dài từ ngày 14/4 - 14/5 trên toàn tỉnh.", ["--04-14/--05-14"]),
    ("Đoàn sẽ thăm chính thức từ ngày 11 - 15/5 tới đây.", ["--05-11/--05-15"]),
    ("Thông tư có hiệu lực từ ngày 12-2-2017 đến ngày 1-7- 2017.", ["2017-02-12/2017-07-01"]),
    ("Các đơn vị thi đua từ đầu tháng 3 đến ngày 10-5-2017 sôi nổi.", ["2017-03/2017-05-10"]),
    ("Bộ đã tạm ứng tiền trong quý 3/2016 cho ngư dân.", ["2016-07/2016-09"]),
    ("Doanh thu quí III/2017 tăng mạnh.", ["2017-07/2017-09"]),
    ("Lợi nhuận quý IV năm 2016 giảm.", ["2016-10/2016-12"]),
    ("Kết quả tốt hơn tháng 4 và quý I năm nay.", ["--04", "--01/--03"]),
    ("Tình hình đầu tư sáu tháng đầu năm 2017 khả quan.", ["2017-01/2017-06"]),
    ("Lễ hội khai mạc ngày 27-5 tại quảng trường.", ["--05-27"]),
    ("Dự kiến đến tháng 7 sẽ giải ngân hết vốn.", ["--07"]),
    ("Vụ việc xảy ra ngày 6.5 tại xã.", ["--05-06"]),
    ("Sáng 8/2/2017, công ty trao giải thưởng.", ["2017-02-08"]),
    ("Chiều 15/6, Phó Thủ tướng trả lời chất vấn.", ["--06-15"]),
    ("Nghị định ký ngày 4.11.2010 của Chính phủ.", ["2010-11-04"]),
    ("Được biết ngày 27-12-1993, Bộ đã ban hành văn bản.", ["1993-12-27"]),
    ("Hội nghị diễn ra hôm nay (6/2) tại tỉnh.", ["--02-06"]),
    ("Bộ sẽ gặp mặt vào ngày 16 và 17-5 tới đây.", ["--05-16", "--05-17"]),
    ("Dịp Tết Nguyên đán 2017, sức mua tăng.", ["2017"]),
    ("Kỳ thi THPT quốc gia 2016 diễn ra an toàn.", ["2016"]),
    ("Luật Hợp tác xã năm 2012 đã đi vào cuộc sống.", ["2012"]),
    ("Hồi cuối tháng Chín, Thủ tướng ký quyết định.", ["--09"]),
    ("Cách mạng Tháng Tám năm 1945 thành công.", ["1945-08"]),
    ("Tăng 24% so với 31/12/2015 và đến hết 31/12/2017 phải giải ngân.", ["2015-12-31", "2017-12-31"]),
    ("Đề án được nghiên cứu từ năm 2001, đến 2007 vẫn chưa được thông qua.", ["2001", "2007"]),
    ("Thông tư có hiệu lực từ 1/7 tới.", ["--07-01"]),
    ("Lễ hội diễn ra ngày 7-13/5/2017 tại tỉnh.", ["2017-05-07/2017-05-13"]),
    ("Người lao động nghỉ lễ ngày 30-4 và 1-5.", ["--04-30", "--05-01"]),
    ("Đồng chí sinh năm 1907, mất năm 1988 (1907 - 1988).", ["1907", "1988", "1907/1988"]),
]


@pytest.mark.parametrize("text,expected", FORMS, ids=[str(i) for i in range(len(FORMS))])
def test_forms(text, expected):
    assert values(text) == expected


def test_text_and_kind():
    items = dates("Kế hoạch ngày 22/02/2021 về phong trào giai đoạn 2021-2025.")
    assert [(d["text"], d["value"], d["kind"]) for d in items] == [
        ("ngày 22/02/2021", "2021-02-22", "date"), ("giai đoạn 2021-2025", "2021/2025", "interval")]


def test_directive_date_is_a_date_but_its_code_is_not():
    items = dates("Thực hiện Chỉ thị số 38-CT/TW, ngày 07/9/2009 và Nghị định số 30/2020/NĐ-CP, "
                  "Nghị quyết 19-2017/NQ-CP.")
    assert [d["value"] for d in items] == ["2009-09-07"]


@pytest.mark.parametrize("text", [
    "Tỉnh tặng 3.462 thẻ BHYT trị giá 2.898,9 tỷ đồng.",
    "Xã có 2000 người tham gia và 1500 hộ đăng ký.",
    "Mỗi tháng 2 lần, đoàn xuống cơ sở; hàng tháng 1 lần họp.",
    "Liên hệ số điện thoại 0912.345.678 hoặc 0913-2016-88.",
    "Tỷ lệ 2/3 số hộ đã có nước sạch.",
    "Hạn chót ghi ngày 32/13 là sai, ngày 30/2 cũng không có.",
    "Đến nay, cuối năm, các đơn vị đã hoàn thành.",
    "Xe chạy trên quốc lộ 1A, km 2017 gặp sự cố.",
    "Ngày 15 tháng Giêng âm lịch người dân đi lễ.",
    "Hội làng mở vào tháng 8 âm lịch hằng năm.",
    "Nếu 9 tháng 10 ngày sau mới sinh thì phải theo dõi.",
    "Tỷ lệ tăng từ 1 - 2/3 số hộ trong xã.",
])
def test_negatives(text):
    assert values(text) == []


def test_match_day_at():
    text = "ngày 7 tháng 9 năm 2009 và ngày 30/2"
    assert match_day_at(text, 5) == (len("ngày 7 tháng 9 năm 2009"), "2009-09-07")
    assert match_day_at(text, text.rindex("30")) is None


def test_leap_day():
    assert values("Hạn chót là ngày 29/2/2016.") == ["2016-02-29"]
    assert values("Hạn chót là ngày 29/2/2017.") == []


def test_without_directives_component_codes_are_still_masked():
    items = find_in_text("Nghị định số 30/2020/NĐ-CP và ngày 5/3/2020.")
    assert [d["value"] for d in items] == ["2020-03-05"]


def test_long_adversarial_input_is_fast():
    import time
    text = ("ngày " + "1/" * 3000 + " tháng " * 2000 + "2016-" * 2000 + "từ năm 2016 đến " * 500) * 2
    t = time.time()
    find_in_text(text)
    assert time.time() - t < 5


@pytest.mark.skipif(not (SHARED / "dev").exists(), reason="shared corpora absent")
def test_dev_and_seed_scores():
    import sys
    sys.path.insert(0, str(SHARED.parent / "tools"))
    import score as S  # the reference scorer, read from ../shared (not copied)

    tp = npred = ngold = 0
    for gold, text in gold_articles(SHARED, "dates"):
        doc = run(text, title_lines=None)
        gk, pk = S.keys("dates", gold["dates"]), S.keys("dates", read_items(doc, "dates"))
        tp += sum((gk & pk).values())
        npred += sum(pk.values())
        ngold += sum(gk.values())
    p, r = tp / npred, tp / ngold
    assert 2 * p * r / (p + r) >= 0.90


def test_from_a_day_to_the_end_of_a_year_is_one_interval():
    got = [(d["text"], d["value"]) for d in component_items("vnx_dates", "dates",
                                                           "Mức hỗ trợ áp dụng từ ngày 1-7-2025 đến hết năm 2026.")]
    assert got == [("từ ngày 1-7-2025 đến hết năm 2026", "2025-07-01/2026")]
    # no "từ", or a year before the start: two dates, no interval
    assert len(component_items("vnx_dates", "dates", "Ngày 1-7-2025 đến năm 2026 vẫn chưa xong.")) == 2
    assert len(component_items("vnx_dates", "dates", "Từ ngày 1-7-2025 đến năm 2024 thì khác.")) == 2


def test_a_date_never_runs_across_lines():
    items = component_items("vnx_dates", "dates", "Doanh thu tăng mạnh trong 9 tháng\nChín tháng năm 2025, tỉnh thu hút 40 dự án.")
    assert [(d["text"], d["value"]) for d in items] == [("năm 2025", "2025")]
