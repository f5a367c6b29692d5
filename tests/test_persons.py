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


def test_legal_titles_make_officials_not_role_words():
    # "Luật sư" is a title (spec): the trailing "sư" must not be read as the role word for monks
    off, ppl, _ = _run("Tại phiên xử, Luật sư Trịnh Mai Anh, người bào chữa cho bị cáo, đề nghị giảm nhẹ hình phạt. "
                       "Hội thẩm Đoàn Văn Bình hỏi thêm nhân chứng.")
    offs = _by_name(off)
    assert offs["Trịnh Mai Anh"]["position"] == "Luật sư"
    assert offs["Đoàn Văn Bình"]["title"] == "Hội thẩm"
    assert ppl == []


def test_bare_legal_title_introduces_foreign_name():
    off, ppl, _ = _run("Trong phiên điều trần, thẩm phán Helen Carter yêu cầu luật sư Marcus Bell nộp thêm tài liệu. "
                       "Chủ tịch Hội Nông Dân tham dự buổi làm việc.")
    offs = _by_name(off)
    assert offs["Helen Carter"]["title"].lower() == "thẩm phán"
    assert offs["Marcus Bell"]["title"].lower() == "luật sư"
    assert "Hội Nông Dân" not in offs and ppl == []


def test_dong_chi_list_each_with_own_position():
    text = ("Dự hội nghị có đồng chí Hà Trung Dũng, Phó Bí thư Thường trực Thị ủy; đồng chí Lò Văn Thắng, "
            "Phó Bí thư Thị ủy, Chủ tịch UBND thị xã và đồng chí Ma Thị Hoa, Trưởng Ban Dân vận Thị ủy.")
    off, ppl, _ = _run(text)
    offs = _by_name(off)
    # a surname-led name after "đồng chí" keeps its first syllables even when they spell a district
    assert offs["Hà Trung Dũng"]["position"] == "Phó Bí thư Thường trực Thị ủy"
    # a continuation title after a comma is kept whole
    assert offs["Lò Văn Thắng"]["position"] == "Phó Bí thư Thị ủy, Chủ tịch UBND thị xã"
    # the title before "… và đồng chí X" belongs to the previous person
    assert offs["Ma Thị Hoa"]["position"] == "Trưởng Ban Dân vận Thị ủy"
    assert ppl == []


def test_hyphenated_foreign_given_name_and_family_name_reference():
    text = ("Ông Lee Min-ho, Giám đốc Công ty TNHH Daesan Vina, cho biết nhà máy sẽ tuyển thêm 300 công nhân. "
            "Theo ông Lee, đơn hàng năm sau đã kín.")
    off, ppl, doc = _run(text)
    o = _by_name(off)["Lee Min-ho"]
    assert o["title"] == "Giám đốc"
    assert [m["text"] for m in o["mentions"]] == ["Lee Min-ho", "Lee"]
    assert doc.text[o["start"]:o["end"]] == "Lee Min-ho"
    assert ppl == []


def test_hyphen_in_place_pairs_is_not_a_name():
    off, ppl, _ = _run("Tuyến cao tốc Hà Nội-Hải Phòng đông xe. Ông Vũ Văn Lực đi từ Cần Thơ-Cà Mau về.")
    assert [p["name"] for p in ppl] == ["Vũ Văn Lực"] and off == []


def test_title_org_with_enumeration_comma_then_honorific():
    text = ("Trưởng phòng Sở Lao động, Thương binh và Xã hội tỉnh Hậu Giang, ông Đinh Công Lý cho biết "
            "năm nay tỉnh hỗ trợ 500 hộ nghèo.")
    off, ppl, _ = _run(text)
    o = _by_name(off)["Đinh Công Lý"]
    assert o["position"] == "Trưởng phòng Sở Lao động, Thương binh và Xã hội tỉnh Hậu Giang"
    assert o["organization"] == "Sở Lao động, Thương binh và Xã hội tỉnh Hậu Giang"
    assert ppl == []


def test_name_after_province_starting_with_facility_word():
    off, _, _ = _run("Phát biểu tại hội nghị, Phó Chủ tịch UBND tỉnh Bến Tre Trương Văn Hậu đề nghị các sở vào cuộc.")
    o = _by_name(off)["Trương Văn Hậu"]
    assert o["organization"] == "UBND tỉnh Bến Tre" or o["position"].endswith("tỉnh Bến Tre")


def test_single_initial_joins_capital_initials_person():
    text = "Ngày 2/4, bệnh nhân NTHK (41 tuổi) nhập viện. Vợ anh K. cho biết anh bị ngã từ mái nhà."
    _, ppl, _ = _run(text)
    assert [p["name"] for p in ppl] == ["NTHK"]
    assert [m["text"] for m in ppl[0]["mentions"]] == ["NTHK", "K."]


def test_list_of_title_org_name_entries_keeps_each_position_apart():
    text = ("Dự buổi lễ có Bí thư Thành ủy Lê Văn An, Chủ tịch UBND thành phố Trần Văn Bình, "
            "Phó Chủ tịch UBND thành phố Hà Thị Chi cùng nhiều đại biểu. "
            "Ông Hồ Văn Tư, Chủ tịch UBND huyện Lê Thủy, đến dự.")
    off, _, _ = _run(text)
    pos = {o["name"]: o["position"] for o in off}
    assert pos["Lê Văn An"] == "Bí thư Thành ủy"
    assert pos["Trần Văn Bình"] == "Chủ tịch UBND thành phố"
    assert pos["Hà Thị Chi"] == "Phó Chủ tịch UBND thành phố"
    # a district named after a person stays inside the position
    assert pos["Hồ Văn Tư"] == "Chủ tịch UBND huyện Lê Thủy"


def test_name_dash_title_list_stops_at_next_person():
    text = "Đón đoàn có các đồng chí: Bùi Văn Đạt – Bí thư Tỉnh ủy, Lò Văn Tâm – Chủ tịch UBND tỉnh."
    off, _, _ = _run(text)
    pos = {o["name"]: o["position"] for o in off}
    assert pos["Bùi Văn Đạt"] == "Bí thư Tỉnh ủy"
    assert pos["Lò Văn Tâm"] == "Chủ tịch UBND tỉnh"


def test_position_phrases_linear_on_long_title_name_lists():
    unit = "Chủ tịch UBND tỉnh Nguyễn Văn An, "
    text = "Dự có " + unit * 400 + "và nhiều đại biểu."
    t0 = time.perf_counter()
    _run(text)
    assert time.perf_counter() - t0 < 5.0


def test_the_head_of_a_provincial_tax_office_since_2025():
    off, ppl, _ = _run("Ông Trịnh Văn Khôi, Trưởng Thuế tỉnh Hưng Yên, cho biết cơ quan thuế không gọi điện yêu cầu chuyển tiền.")
    o = _by_name(off)["Trịnh Văn Khôi"]
    assert (o["title"], o["organization"]) == ("Trưởng Thuế", "tỉnh Hưng Yên")
    assert ppl == []
