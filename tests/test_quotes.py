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


def test_speaker_after_by_given_name_alone():
    text = ("Em Đoàn Minh Thư, học sinh lớp 9B, cho biết em ôn bài mỗi tối. "
            "“Năm nay đề thi có nhiều câu vận dụng nên em phải luyện kỹ hơn”, Thư chia sẻ.")
    qs, _ = _quotes(text)
    assert [(q["speaker"], q["verb"]) for q in qs] == [("Đoàn Minh Thư", "chia sẻ")]


def test_given_name_alone_ambiguous_is_not_a_speaker():
    text = ("Anh Lê Văn Tâm và chị Phạm Thị Tâm cùng trồng rau sạch ở xã Phú Lộc. "
            "“Rau bán chạy hơn nhiều so với năm ngoái”, Tâm nói.")
    qs, _ = _quotes(text)
    assert qs == []


def test_colon_speaker_wins_over_name_after_quote():
    text = ("Bà Khúc Thị Vân, Giám đốc Sở Y tế, cho biết: “Ngành y tế đã sẵn sàng phương án trực.” "
            "Ông Trịnh Văn Hùng, Trưởng phòng Kế hoạch, cho biết thêm về nhân lực.")
    qs, _ = _quotes(text)
    assert [q["speaker"] for q in qs] == ["Khúc Thị Vân"]


def test_hyphenated_foreign_speaker():
    text = ("Ông Choi Jae-won, Tổng Giám đốc Công ty TNHH Seoul Tech, đến thăm khu công nghiệp. "
            "“Chúng tôi sẽ mở rộng nhà xưởng trong năm tới”, ông Choi nói.")
    qs, _ = _quotes(text)
    assert [q["speaker"] for q in qs] == ["Choi Jae-won"]


def test_speaker_after_written_by_initial():
    text = ("Người trúng giải là ông N.V.K. (ở Cần Thơ). "
            "“Tôi giữ tấm vé trong ví gần một tháng mới đem đi dò số”, ông K. kể lại.")
    qs, _ = _quotes(text)
    assert [(q["speaker"], q["verb"]) for q in qs] == [("N.V.K.", "kể lại")]


def test_relative_of_a_person_is_not_that_person():
    text = ("Anh Đinh Văn Lộc (32 tuổi) bị thương khi đi rẫy. "
            "“Chồng tôi được đưa đi cấp cứu ngay trong đêm” - vợ anh Lộc cho biết.")
    qs, _ = _quotes(text)
    assert qs == []


def test_the_one_person_a_sentence_names_speaks_after_its_colon():
    text = ("Bà Đặng Thị Mơ, 58 tuổi, bán cá ở chợ Bình An, phấn khởi: “Từ ngày có mã QR, "
            "tôi không còn phải đổi tiền lẻ cho khách nữa”.")
    qs, _ = _quotes(text)
    assert [(q["speaker"], q["verb"]) for q in qs] == [("Đặng Thị Mơ", None)]
    assert qs[0]["text"].startswith("Từ ngày có mã QR")


def test_a_person_named_as_listener_or_object_is_not_the_speaker():
    heard = ("Ông Lâm Văn Tư quyết định bán mảnh vườn khi nghe hàng xóm khuyên: “Giữ đất thì "
             "cũng không có vốn mà trồng lại đâu”.")
    spoken_to = ("Trong buổi làm việc với ông Huỳnh Văn Sáu, đoàn kiểm tra kết luận: “Công trình "
                 "phải dừng thi công cho đến khi có giấy phép”.")
    assert _quotes(heard)[0] == []
    assert _quotes(spoken_to)[0] == []


def test_two_people_named_before_a_colon_is_no_guess():
    text = ("Ông Phan Văn Tài và bà Lý Thị Hoa đồng lòng: “Xã cần sớm nạo vét kênh trước "
            "mùa mưa năm nay”.")
    assert _quotes(text)[0] == []
