"""Tests for the quotes extractor (invented sentences)."""
from pipeline.extract import build_nlp
from pipeline.testing import make_doc
from extractors.base import read_items


def _quotes(text):
    nlp = build_nlp(["vnx_persons", "vnx_quotes"])
    doc = make_doc(text)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return read_items(doc, "quotes"), doc


def test_speaker_before_with_colon():
    qs, doc = _quotes("Giám đốc Sở Y tế Võ Thành Nhân cho biết: “Bệnh viện sẽ bổ sung thêm 50 giường bệnh trong tháng tới”.")
    assert len(qs) == 1
    q = qs[0]
    assert q["speaker"] == "Võ Thành Nhân"
    assert q["verb"] == "cho biết"
    assert doc.text[q["start"]:q["end"]] == q["text"]
    assert q["text"].startswith("Bệnh viện sẽ bổ sung")


def test_speaker_after_short_form():
    text = ("Ông Lương Đình Khoa, Chủ tịch UBND xã An Lạc, đã kiểm tra con đê. "
            "“Chúng tôi sẽ gia cố đoạn đê này trước mùa mưa bão” - ông Khoa nói.")
    qs, _ = _quotes(text)
    assert [q["speaker"] for q in qs] == ["Lương Đình Khoa"]
    assert qs[0]["verb"] == "nói"


def test_nested_and_mixed_marks():
    text = ("Bà Tạ Thu Hằng, Trưởng phòng Văn hóa huyện, chia sẻ: “Phong trào “Ngày chủ nhật xanh” "
            "đã lan rộng khắp các thôn\", bà Hằng nói thêm.")
    qs, _ = _quotes(text)
    assert len(qs) == 1
    assert "Ngày chủ nhật xanh" in qs[0]["text"]


def test_no_scare_quotes_or_unnamed_speakers():
    text = ("Tình trạng này được ví như “nước đổ lá khoai”. "
            "“Chúng tôi chưa nhận được thông báo nào” - một người dân cho biết. "
            "Ông Hà Quang Vinh, Giám đốc công ty, đọc lại văn bản “Kế hoạch phát triển nông thôn mới”.")
    qs, _ = _quotes(text)
    assert qs == []
