"""figures extractor: numbers, units, qualifiers, ranges, structure and the things that are not figures.

All sentences here are written for the tests (not taken from the corpora).
"""
from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.base import read_items
from extractors.numbers import parse_digits, parse_words
from pipeline.testing import run_component

from .helpers import component_items

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seed"


def figs(text: str) -> list[dict]:
    return component_items("vnx_figures", "figures", text)


def close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), rel_tol=1e-6)


# (text, [(value, unit, {field: expected})]) -- figures in text order
POSITIVE = [
    ("Xã đã cấp 3.462 thẻ BHYT cho người nghèo.", [(3462, "thẻ", {"quantity": "thẻ BHYT"})]),
    ("Tổng kinh phí hơn 4 tỉ đồng.", [(4e9, "VND", {"approx": "more_than", "text": "hơn 4 tỉ đồng"})]),
    ("Số tiền hỗ trợ là 1,2 tỉ đồng.", [(1.2e9, "VND", {})]),
    ("Dân số huyện là 1.234.567 người.", [(1234567, "người", {})]),
    ("Tỷ lệ hộ nghèo giảm còn 12,5%.", [(12.5, "%", {})]),
    ("Sau 15 năm thực hiện, phong trào lan rộng.", [(15, "năm", {"quantity": None})]),
    ("Toàn huyện có 990 mô hình (trong đó có 949 mô hình tập thể, còn lại 41 mô hình cá nhân).",
     [(990, "mô hình", {"part_of": None}), (949, "mô hình", {"part_of": 0, "quantity": "mô hình tập thể"}),
      (41, "mô hình", {"part_of": 0, "quantity": "mô hình cá nhân"})]),
    ("Doanh thu tăng 12% so với năm trước.", [(12, "%", {"change": "increase"})]),
    ("Chỉ số này giảm 3 điểm trong quý.", [(3, "điểm", {"change": "decrease"})]),
    ("Giá đất ở đây khoảng 20 triệu đồng/m2.", [(2e7, "VND", {"per": "m2", "approx": "about"})]),
    ("Dự án rộng từ 5 đến 7 ha.", [(5, "ha", {"value_max": 7})]),
    ("Mỗi hộ được giao 5-7 ha rừng.", [(5, "ha", {"value_max": 7})]),
    ("Khu đất rộng 5 – 7 ha nằm ven sông.", [(5, "ha", {"value_max": 7})]),
    ("Nhu cầu vốn khoảng 12.000-15.000 tỷ đồng mỗi năm.",
     [(1.2e13, "VND", {"value_max": 1.5e13, "approx": "about"})]),
    ("Lương tháng của anh từ 5 - 7 triệu đồng.", [(5e6, "VND", {"value_max": 7e6})]),
    ("Công trình có tổng vốn 1 tỷ 200 triệu đồng.", [(1.2e9, "VND", {})]),
    ("Ngân sách dành 2,5 nghìn tỷ đồng cho giao thông.", [(2.5e12, "VND", {})]),
    ("Anh ấy vay ba triệu rưỡi để mua giống.", [(3.5e6, "VND", {})]),
    ("Gia đình có hai con nhỏ.", [(2, "con", {})]),
    ("Bà cụ nuôi mười lăm con gà.", [(15, "con", {})]),
    ("Trường tiếp nhận một trăm hai mươi học sinh.", [(120, "học sinh", {})]),
    ("Hội đã trao hai nghìn suất quà.", [(2000, "suất", {})]),
    ("Đoàn gồm năm người.", [(5, "người", {})]),
    ("Ông đã làm nghề được hai mươi mốt năm.", [(21, "năm", {})]),
    ("Xã có hai mươi tư thôn.", [(24, "thôn", {})]),
    ("Gần 100.000 người đã tham gia góp ý.", [(1e5, "người", {"approx": "about"})]),
    ("Có trên 45.000 tỷ đồng được giải ngân.", [(4.5e13, "VND", {"approx": "more_than"})]),
    ("Doanh số đạt dưới 30% kế hoạch.", [(30, "%", {"approx": "less_than"})]),
    ("Chi phí chưa đến 2 triệu đồng.", [(2e6, "VND", {"approx": "less_than"})]),
    ("Sản lượng xấp xỉ 31% tổng lượng.", [(31, "%", {"approx": "about"})]),
    ("Năm nay ước đạt 8.150 tỷ đồng.", [(8.15e12, "VND", {"approx": "about"})]),
    ("Mỗi lớp có ít nhất 6 tháng thực tập.", [(6, "tháng", {"approx": "at_least"})]),
    ("Thời gian học tối thiểu 3 năm.", [(3, "năm", {"approx": "at_least"})]),
    ("Phí dịch vụ tối đa 300 nghìn đồng.", [(3e5, "VND", {"approx": "at_most"})]),
    ("Mức thu không quá 50 triệu đồng.", [(5e7, "VND", {"approx": "at_most"})]),
    ("Phải chờ hơn 10 ngày nữa mới có kết quả.", [(10, "ngày", {"approx": "more_than"})]),
    ("Tốc độ tăng trưởng từ 20%/năm trở lên.", [(20, "%", {"approx": "at_least", "per": "năm"})]),
    ("Lợi nhuận tăng gấp đôi sau ba năm.", [(2, None, {"change": "increase"}), (3, "năm", {})]),
    ("Mức phạt tăng gấp 10 lần so với trước.", [(10, "lần", {})]),
    ("Giá trị tăng gấp rưỡi.", [(1.5, None, {})]),
    ("Họ chỉ bán được một nửa số hàng.", [(0.5, None, {})]),
    ("Khu vực này chiếm 2/3 dân số của huyện.", [(0.6667, None, {"quantity": "dân số"})]),
    ("Khảo sát 241/620 doanh nghiệp cho thấy kết quả khả quan.", [(241, "doanh nghiệp", {}), (620, "doanh nghiệp", {})]),
    ("Công ty xuất khẩu 2,7 tỷ USD hàng hóa.", [(2.7e9, "USD", {})]),
    ("Khoản viện trợ 5 triệu đô la Mỹ đã được chuyển.", [(5e6, "USD", {})]),
    ("Dự án nhận 3 triệu EUR vốn ODA.", [(3e6, "EUR", {})]),
    ("Giá vé là 50.000 VNĐ.", [(5e4, "VND", {})]),
    ("Mỗi suất ăn giá 25.000đ.", [(25000, "VND", {})]),
    ("Tỷ lệ bao phủ đạt 92 phần trăm.", [(92, "%", {})]),
    ("Nhà máy công suất 50 MW đã hòa lưới.", [(50, "mw", {})]),
    ("Đoạn đường dài 12 km đã được trải nhựa.", [(12, "km", {})]),
    ("Xe chở 15 tấn gạo cứu trợ đến xã.", [(15, "tấn", {"quantity": "gạo cứu trợ"})]),
    ("Bể chứa 2.000 lít nước sạch.", [(2000, "lít", {"quantity": "nước sạch"})]),
    ("Lô đất rộng 4.303m2 bỏ hoang.", [(4303, "m2", {})]),
    ("Căn hộ rộng 70 m² có giá cao.", [(70, "m2", {})]),
    ("Bé gái 3 tuổi bị thương nhẹ.", [(3, "tuổi", {})]),
    ("Xã có 34 hộ dân phải di dời.", [(34, "hộ", {"quantity": "hộ dân"})]),
    ("Đợt này có 8 ngân hàng thương mại tham gia.", [(8, "ngân hàng", {"quantity": "ngân hàng thương mại"})]),
    ("Thành phố đón 6 triệu lượt khách quốc tế.", [(6e6, "lượt", {"quantity": "lượt khách quốc tế"})]),
    ("Tỉnh đã xử lý 149 vụ phạm pháp hình sự.", [(149, "vụ", {"quantity": "vụ phạm pháp hình sự"})]),
    ("Huyện xây 12 căn nhà tình nghĩa.", [(12, "căn nhà", {})]),
    ("Có 27 trường hợp được hỗ trợ.", [(27, "trường hợp", {})]),
    ("Tỉnh triển khai 19 dự án, thu hút nhiều nhà đầu tư.", [(19, "dự án", {"quantity": None})]),
    ("Chị em đã tiết kiệm 298 chiếc quạt điện.", [(298, "chiếc", {"quantity": "quạt điện"})]),
    ("Hộ nghèo được vay 70.000-130.000 đồng/khẩu.", [(7e4, "VND", {"value_max": 1.3e5, "per": "khẩu"})]),
    ("Học phí 2,5 triệu đồng/HS/tháng.", [(2.5e6, "VND", {"per": "HS/tháng"})]),
    ("Thời gian làm việc 8 giờ/ngày.", [(8, "giờ", {"per": "ngày"})]),
    ("Trường có 56 giảng viên, 464 sinh viên.", [(56, "giảng viên", {}), (464, "sinh viên", {})]),
    ("Có 4 tỉnh miền Trung bị ảnh hưởng.", [(4, "tỉnh", {"quantity": "tỉnh miền Trung"})]),
    ("Cửa hàng phục vụ 600-700 lượt khách mỗi ngày.", [(600, "lượt", {"value_max": 700})]),
    ("Số vốn cần có là 2.898,9 tỷ đồng.", [(2.8989e12, "VND", {})]),
    ("Huy động hơn 28,747 tỷ đồng.", [(2.8747e10, "VND", {"approx": "more_than"})]),
    ("Năm huyện được hưởng ưu đãi.", [(5, "huyện", {})]),
    ("Hai ngày sau, đoàn kiểm tra quay lại.", [(2, "ngày", {})]),
    ("Phải mất ít nhất một năm mới xong.", [(1, "năm", {"approx": "at_least"})]),
    ("Lãi suất 1 %/tháng áp dụng cho khoản vay.", [(1, "%", {"per": "tháng"})]),
    ("Nước sạch đạt 30.000m 3 /ngày đêm.", [(30000, "m3", {"per": "ngày đêm"})]),
    ("Trường hợp này vi phạm 2 lần.", [(2, "lần", {})]),
    ("Chỉ bằng 1/3 so với trước đây.", [(0.3333, None, {})]),
    ("Tàu có công suất 822CV, dài 31m.", [(822, "cv", {}), (31, "m", {})]),
    ("Dự án tiêu tốn hàng chục tỷ đồng.", [(None, "VND", {"approx": "vague"})]),
    ("Có hàng trăm người đến xem.", [(None, "người", {"approx": "vague"})]),
    ("Xe buýt hai tầng chạy tuyến mới.", [(2, "tầng", {})]),
    ("Đây là một trong 7 nhà máy lớn nhất.", [(7, "nhà máy", {})]),
    ("Bác sĩ phải làm 4 ca/ngày trong mùa dịch.", [(4, "ca", {"per": "ngày"})]),
    ("Chỉ tiêu đặt ra là 90% trở lên.", [(90, "%", {"approx": "at_least", "text": "90% trở lên"})]),
    ("Khoản trả trước tối thiểu là 15% giá trị.", [(15, "%", {"approx": "at_least"})]),
    ("Căn hộ có diện tích không nhỏ hơn 25 m2.", [(25, "m2", {"approx": "at_least"})]),
    ("Người vi phạm bị phạt tiền đến 10 triệu đồng.", [(1e7, "VND", {"approx": "at_most", "text": "đến 10 triệu đồng"})]),
    ("Số người xem lên đến 50 người mỗi buổi.", [(50, "người", {"approx": None})]),
    ("Có tới 98 triệu giao dịch qua điện thoại.", []),
    ("Lạm phát mục tiêu là 1,6%-1,8% trong năm nay.", [(1.6, "%", {"value_max": 1.8})]),
    ("Câu lạc bộ mua tiền đạo với giá 50 triệu bảng.", [(5e7, "GBP", {})]),
    ("Ngôi nhà bị bỏ hoang hơn nửa năm nay.", [(0.5, "năm", {"approx": "more_than"})]),
    ("Sau đó có 60 đơn vị khắc phục sai phạm.", [(60, "đơn vị", {"quantity": None})]),
    ("Con đường dài hơn 2 km nối hai xã.", [(2, "km", {"approx": "more_than", "quantity": None}), (2, "xã", {})]),
]

# sentences with no figure at all
NEGATIVE = [
    "Ngày 07/9/2009, Ban Bí thư ban hành chỉ thị về công tác này.",
    "Thực hiện Chỉ thị số 38-CT/TW của Ban Bí thư.",
    "Theo Quyết định 1234/QĐ-UBND của UBND tỉnh.",
    "Nghị định 86/2015/NĐ-CP quy định về học phí.",
    "Kế hoạch số 07-KH/BCĐ được triển khai rộng rãi.",
    "Năm 2024, tỉnh tiếp tục đẩy mạnh cải cách.",
    "Từ năm 2014 đến năm 2016, công ty tái cấu trúc.",
    "Giai đoạn 2021-2025 là giai đoạn bản lề.",
    "Trong tháng 9, thời tiết thuận lợi.",
    "Sáng 8/2, đoàn công tác làm việc với huyện.",
    "Hội nghị diễn ra lúc 9h15 sáng nay.",
    "Cuộc họp bắt đầu lúc 14 giờ chiều.",
    "Vui lòng liên hệ số điện thoại 0912 345 678.",
    "Đường dây nóng 0912.345.678 hoạt động cả ngày.",
    "Trụ sở đặt tại số 103/8B Quang Trung.",
    "Nhà ông ở số 25 đường Lê Lợi.",
    "Đây là lần thứ 2 đơn vị đạt giải.",
    "Đại biểu Quốc hội khóa XIV đã chất vấn.",
    "Theo Điều 5 của luật, người vi phạm bị xử lý.",
    "Khoản 3 quy định rõ trách nhiệm.",
    "Giá xăng RON 92 giảm nhẹ.",
    "Kỳ quay 76 có người trúng giải.",
    "Công ty TNHH một thành viên Cấp nước chịu trách nhiệm.",
    "Chương trình 4 an được nhân dân hưởng ứng.",
    "Sở vừa ban hành một công văn hướng dẫn.",
    "Xổ số Mega 6/45 thu hút người chơi.",
    "Học sinh lớp 6 được miễn học phí.",
    "Quận 1 là trung tâm của thành phố.",
    "Anh ta sống ở phường 5 từ nhỏ.",
    "Vào quý 3, sản xuất phục hồi.",
    "Điểm a khoản 2 Điều 8 quy định rõ.",
    "Một số người dân chưa đồng tình.",
    "Ông ấy là một cán bộ tận tụy.",
    "Năm học mới bắt đầu sớm.",
    "Hai bên đường trồng nhiều cây xanh.",
    "Hôm qua ba tôi đi làm về muộn.",
    "Dịch Covid-19 ảnh hưởng nặng nề.",
    "Sản phẩm iPhone 7 bán chạy.",
    "Biển số xe 29A-123.45 bị phạt nguội.",
    "Nghị quyết 18-NQ/TW về sắp xếp bộ máy.",
    "Tuyến Quốc lộ 1A được mở rộng.",
    "Chung cư tầng 5 bị cháy.",
    "Đợt 3 triển khai vào cuối tháng.",
    "Đồng chí Nguyễn Văn Một phát biểu.",
    "Ông Phạm Văn Bốn cho biết như vậy.",
    "Phiên họp thứ 12 của Ủy ban Thường vụ.",
    "Ngày mùng 5 Tết, khách đông.",
    "Từ ngày 1/3, quy định mới có hiệu lực.",
    "Tháng 6-2017 ghi nhận nhiều vụ việc.",
    "Lô A3 đã được giao cho nhà đầu tư.",
    "Thông tư 45/2016/TT-BTC hướng dẫn chi tiết.",
    "Mã số thuế 0301234567 đã bị khóa.",
    "Tổ 3 khu phố 2 tổ chức họp dân.",
    "Các em học tại trường cấp 3 của huyện.",
    "Ông sinh năm 1965 tại Nghệ An.",
    "Trận đấu diễn ra lúc 19:30 tối nay.",
    "Chủ nhật tuần này trời mưa.",
    "Thứ hai đầu tuần, đoàn đến làm việc.",
    "Luật số 15/2012/QH13 đã hết hiệu lực.",
    "Trung đoàn 4 tổ chức huấn luyện.",
    "Chương 2 của cuốn sách nói về lịch sử.",
    "Phong trào 3 sạch được phát động rộng khắp.",
    "Nhà văn sinh ra vào đầu thế kỷ 20.",
    "Khu phố 7 không có vụ trộm nào.",
    "Ông đã về hưu từ lâu.",
    "Báo cáo nêu rõ những hạn chế còn tồn tại.",
    "Nhiều hộ dân đã nhận được hỗ trợ.",
    "Các doanh nghiệp đều muốn mở rộng sản xuất.",
    "Hội nghị lần thứ năm Ban Chấp hành Trung ương.",
    "Vào năm 2016, ông được bổ nhiệm.",
    "Căn cứ Điều 12 Nghị định 100/2019/NĐ-CP.",
    "Ấp 2 xã Tân Phú có nhiều hộ trồng lúa.",
    "Hẻm 45 đường Nguyễn Trãi bị ngập.",
    "Sau Tết Nguyên đán, giá rau tăng.",
    "Đơn vị đã thực hiện một cách nghiêm túc.",
    "Đề án 06 về chuyển đổi số được triển khai.",
    "Khóa học bắt đầu từ 15/8.",
    "Ban chỉ đạo 389 tăng cường kiểm tra.",
    "Mẫu 2A được dùng cho báo cáo.",
    "Xe mang biển kiểm soát 51F-888.88 vượt đèn đỏ.",
    "Tàu QNg 90479 TS bị nạn ngoài khơi.",
    "Sư đoàn 312 tổ chức lễ kỷ niệm.",
    "Đường 3/2 thường xuyên kẹt xe.",
    "Bài 4 trong sách giáo khoa rất khó.",
    "Cuộc thi vòng 2 sẽ diễn ra tại trường.",
    "Bệnh viện 108 tiếp nhận bệnh nhân.",
    "Hội nghị Trung ương 4 khóa XII bàn về chỉnh đốn Đảng.",
    "Người dân ở kiệt 27 Hoàng Diệu phản ánh.",
    "Tổ chức thi theo mục 3 của hướng dẫn.",
    "Chị ấy đang mang thai tháng thứ 7.",
    "Bộ trưởng đến thăm Trường Tiểu học số 2.",
    "Đến 17 giờ ngày 5/2, mưa đã tạnh.",
    "Anh ấy trọ ở ngõ 68 phố Cầu Giấy.",
    "Dự án nằm trên Quốc lộ 14 đoạn qua tỉnh.",
    "Sân bay Tân Sơn Nhất đón khách từ 5h sáng.",
    "Vào khoảng 22 giờ ngày 12/5, vụ cháy xảy ra.",
    "Tòa soạn đặt tại 156 Xã Đàn, quận Đống Đa.",
    "Đứng sau tour 0 đồng là nhiều công ty lữ hành.",
    "Từ năm lớp 3, em luôn đạt học sinh giỏi.",
    "Nhà máy Duyên Hải 3 mở rộng đã vận hành.",
    "Cải cách hành chính thuận lợi hơn\nNgười dân hài lòng.",
    "Từ ngày 27 đến 30 tháng Chạp chợ hoa rất đông.",
    "Dự án mở rộng đường vành đai 3 đoạn qua quận.",
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t[:40] for t, _ in POSITIVE])
def test_positive(text, expected):
    got = figs(text)
    assert len(got) == len(expected), got
    for it, (value, unit, extra) in zip(got, expected):
        assert close(it.get("value"), value), it
        assert (it.get("unit") or None) == unit, it
        for k, v in extra.items():
            if k in ("value_max",):
                assert close(it.get(k), v), it
            else:
                assert it.get(k) == v, (k, it)


@pytest.mark.parametrize("text", NEGATIVE, ids=[t[:40] for t in NEGATIVE])
def test_negative(text):
    assert figs(text) == []


def test_flags_english_separator():
    got = figs("Có 1,200 người tham dự buổi lễ.")
    assert len(got) == 1
    assert "ambiguous_separator" in got[0]["flags"]


def test_items_validate_against_schema():
    from pipeline.schema import Figure

    for it in figs("Xã có 990 mô hình (trong đó có 949 mô hình tập thể), vốn hơn 4 tỉ đồng, tăng 12%."):
        Figure(**it)


def test_part_of_points_into_sorted_list():
    got = figs("Trước đó, xã có 5 tổ. Năm nay có 120 hộ (trong đó 70 hộ nghèo và 50 hộ cận nghèo).")
    whole = [i for i, it in enumerate(got) if it["value"] == 120][0]
    parts = [it for it in got if it["value"] in (70, 50)]
    assert parts and all(it["part_of"] == whole for it in parts)


def test_adversarial_input_is_fast():
    import time

    from extractors.figures import find
    from pipeline.testing import make_doc

    text = ("1." * 3000) + " " + ("hai " * 2000) + ("9" * 3000) + " người " + ("từ 1 đến " * 1000)
    doc = make_doc(text)
    t0 = time.time()
    find(doc)
    assert time.time() - t0 < 2


# ---------------------------------------------------------------- numbers, property tests
UNITS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def _below_1000(n: int, full: bool) -> list[str]:
    h, t, u = n // 100, (n // 10) % 10, n % 10
    out = []
    if h or full:
        out += [UNITS[h] if h else "không", "trăm"]
    if t == 0:
        if u:
            if out:
                out.append("linh")
            out.append(UNITS[u])
    elif t == 1:
        out.append("mười")
        if u:
            out.append("lăm" if u == 5 else UNITS[u])
    else:
        out += [UNITS[t], "mươi"]
        if u:
            out.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, UNITS[u]))
    return out


def to_words(n: int) -> str:
    """A number below 10^12 in Vietnamese words ("một trăm hai mươi", "hai nghìn không trăm linh năm")."""
    assert 0 < n < 10 ** 12
    groups = [(10 ** 9, "tỷ"), (10 ** 6, "triệu"), (10 ** 3, "nghìn"), (1, "")]
    out: list[str] = []
    for size, name in groups:
        g = (n // size) % 1000
        if g:
            out += _below_1000(g, full=bool(out))
            if name:
                out.append(name)
    return " ".join(out)


def to_digits(n: int, frac: int | None = None) -> str:
    s = f"{n:,}".replace(",", ".")
    return s + (f",{frac}" if frac is not None else "")


def test_word_generator_examples():
    assert to_words(120) == "một trăm hai mươi"
    assert to_words(15) == "mười lăm"
    assert to_words(2000) == "hai nghìn"
    assert parse_words("một trăm hai mươi") == 120


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10 ** 12 - 1))
def test_words_round_trip(n):
    assert parse_words(to_words(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10 ** 12), st.one_of(st.none(), st.integers(min_value=1, max_value=99)))
def test_digits_round_trip(n, frac):
    s = to_digits(n, frac)
    value, flags = parse_digits(s)
    expected = float(f"{n}.{frac}") if frac is not None else float(n)
    if frac is not None or n < 1000:
        assert flags == []
    assert math.isclose(value, expected, rel_tol=1e-12)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=999_999))
def test_extractor_reads_generated_numbers(n):
    for numtxt in (to_digits(n), to_words(n)):
        got = figs(f"Năm nay xã có {numtxt} người tham gia.")
        assert len(got) == 1, (numtxt, got)
        assert got[0]["value"] == n and got[0]["unit"] == "người"


# ---------------------------------------------------------------- the seed article
@pytest.mark.skipif(not SEED.is_dir(), reason="../shared is not present")
def test_seed_figures_exactly():
    gold_file = next(SEED.glob("*.gold.json"))
    gold = json.loads(gold_file.read_text(encoding="utf-8"))["figures"]
    text = gold_file.with_name(gold_file.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    doc = run_component("vnx_figures", text, title_lines=None)
    got = read_items(doc, "figures")

    def key(f):
        return (float(f["value"]), (f.get("unit") or "").lower(), f.get("quantity"), f.get("approx"))

    assert Counter(map(key, got)) == Counter(map(key, gold))
    assert len(got) == 11


# --- words are segmented only where a figure needs them ------------------------------------
def _segmented_windows(monkeypatch, text: str) -> list[str]:
    import extractors.figures as figures

    seen = []
    real = figures.window_words

    def spy(doc, start, end):
        seen.append(doc.text[start:end])
        return real(doc, start, end)

    monkeypatch.setattr(figures, "window_words", spy)
    run_component("vnx_figures", text, title_lines=None)
    return seen


def test_number_words_with_nothing_countable_after_them_need_no_segmentation(monkeypatch):
    text = ("Huyện không đồng ý với phương án đầu tư tư nhân. Một lãnh đạo xã cho rằng năm nay "
            "khó hoàn thành. Anh Hai chưa thống nhất.")
    assert _segmented_windows(monkeypatch, text) == []


def test_a_counted_noun_is_read_on_words(monkeypatch):
    text = "Xã đã cấp 3.462 thẻ bảo hiểm y tế cho người dân; tỷ lệ đạt 95%."
    seen = _segmented_windows(monkeypatch, text)
    assert len(seen) == 1 and seen[0].startswith("3.462 thẻ")
    assert [(f["value"], f["quantity"]) for f in figs(text) if f["unit"] == "thẻ"] == [(3462, "thẻ bảo hiểm y tế")]


@pytest.mark.parametrize("text, expected", [
    # a label word ending a longer word is no label: the number after it counts
    ("Huyện ủy thi hành kỷ luật 7 đảng viên vi phạm.", [(7, "đảng viên")]),
    ("Đội kiểm tra lập biên bản 1.204 trường hợp.", [(1204, "trường hợp")]),
    ("Khu 4 có 60 hộ.", [(60, "hộ")]),  # "Khu 4" stays a label
    # a/b counts, thousands grouped on both sides, and a counted noun the lexicon lacks
    ("Đã tiêm cho 12.480/13.005 trẻ trong độ tuổi.", [(12480, "trẻ"), (13005, "trẻ")]),
    ("Có 41/45 tiểu thương dùng ví điện tử.", [(41, "tiểu thương"), (45, "tiểu thương")]),
    ("Có 1.876/19 đảng viên.", []),  # grouped on one side only: not a pair of counts
    # two consecutive numbers in words: a range
    ("Mỗi tuần cán bộ đến từng nhà dân hai, ba lần.", [(2, "lần", 3)]),
    ("Có nhà phải đến bốn, năm lần.", [(4, "lần", 5)]),
    ("hai, năm người", [(5, "người")]),  # not consecutive: no range
    # "một nửa" with a qualifier stands alone
    ("Tiền bồi thường chưa tới một nửa giá thị trường.", [(0.5, None)]),
    ("Một nửa thì để dành.", []),
    # nouns counted in government news
    ("Kỳ họp thông qua 12 nghị quyết và 3 đề án.", [(12, "nghị quyết"), (3, "đề án")]),
    ("Tòa buộc bồi thường cho 9 bị hại.", [(9, "bị hại")]),
    ("Xã có 8 sản phẩm OCOP đạt từ 4 sao trở lên.", [(8, "sản phẩm"), (4, "sao")]),
])
def test_counts_found_on_the_unseen_articles(text, expected):
    got = figs(text)
    assert [(f["value"], f["unit"]) + ((f["value_max"],) if f.get("value_max") else ()) for f in got] == expected


@pytest.mark.parametrize("text, expected", [
    # a title's last words are not labels of the next line's number, nor a date with it
    ("Tỉnh thu hút vốn FDI trong 6 tháng\nSáu tháng đầu năm, tỉnh cấp mới 40 dự án.",
     [(6, "tháng"), (6, "tháng"), (40, "dự án")]),
    # underthesea glues a grouped number to its noun: the noun is still read
    ("Công an thu giữ 12.500 viên ma túy tổng hợp.", [(12500, "viên")]),
    ("Có 5 triệu chứng thường gặp.", []),  # a scale word glued to the next is no noun
    ("Độ mặn 4‰ đã vào sâu 45 km.", [(4, "‰"), (45, "km")]),
    ("Dự kiến thông qua 15 luật và 3 nghị quyết; 6 luật sư bào chữa.",
     [(15, "luật"), (3, "nghị quyết"), (6, "luật sư")]),
    ("Sở giải quyết dứt điểm 31 kiến nghị của doanh nghiệp.", [(31, "kiến nghị")]),
])
def test_counts_found_on_the_third_unseen_set(text, expected):
    assert [(f["value"], f["unit"]) for f in figs(text)] == expected
