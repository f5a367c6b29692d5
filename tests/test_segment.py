from pipeline.normalize import normalize
from pipeline.segment import build_doc, classify_lines, looks_like_byline, sentence_spans

LAID_OUT = "\n".join([
    "Nâng cao đời sống người dân vùng biên",
    "Những năm qua, huyện Tân Hồng đã dồn sức cho công tác giảm nghèo. Nhiều hộ đã thoát nghèo bền vững.",
    "Cán bộ xã hướng dẫn bà con chăm sóc vườn cây ăn trái theo quy trình an toàn sinh học",
    "Các mô hình sinh kế được nhân rộng ở nhiều ấp, giúp người dân có thu nhập ổn định hơn trước.",
    "|",
    "Giữ vững an ninh trật tự",
    "Lực lượng công an xã phối hợp với dân quân tuần tra thường xuyên dọc tuyến biên giới.",
    "|",
    "Hội viên nông dân tham gia ngày hội việc làm của huyện.",
    "|",
    "Minh Khang",
])


def kinds(text, **kw):
    return [(s.kind, text[s.start:s.end]) for s in classify_lines(text, **kw)]


def test_laid_out_article_structure():
    got = kinds(LAID_OUT)
    assert got[0] == ("heading", "Nâng cao đời sống người dân vùng biên")
    assert ("caption", "Cán bộ xã hướng dẫn bà con chăm sóc vườn cây ăn trái theo quy trình an toàn sinh học") in got
    assert ("heading", "Giữ vững an ninh trật tự") in got
    assert ("caption", "Hội viên nông dân tham gia ngày hội việc làm của huyện.") in got
    assert got[-1] == ("byline", "Minh Khang")
    assert [k for k, _ in got].count("separator") == 3


def test_three_line_article_title_lead_and_trailing_byline():
    text = ("Tỉnh tăng tốc giải ngân vốn đầu tư công\n"
            "Đến cuối tháng 6, tỉnh mới giải ngân được 35% kế hoạch vốn.\n"
            "Theo Sở Tài chính, nhiều dự án còn vướng mặt bằng. Tỉnh yêu cầu các chủ đầu tư khẩn trương hoàn thiện thủ tục. Thu Hà")
    got = kinds(text)
    assert got[0][0] == "title" and got[1][0] == "lead"
    assert got[-1] == ("byline", "Thu Hà")
    assert got[-2][1].endswith("hoàn thiện thủ tục.")


def test_known_title_and_lead_lines():
    text = "Tiêu đề\nĐoạn dẫn.\nThân bài một câu."
    got = kinds(text, title_lines=1, lead_lines=1)
    assert [k for k, _ in got] == ["title", "lead", "paragraph"]


def test_byline_shapes():
    for ok in ["Ngọc Mận", "T.L", "Kh.V", "VĂN HUY", "Xuân Tùng - Phúc Hằng (TTXVN)", "PV", "Tin, ảnh: MINH ANH"]:
        assert looks_like_byline(ok), ok
    for bad in ["Ông Nguyễn Văn A cho biết", "Theo Sở Y tế", "tăng 12% so với cùng kỳ.",
                "Bà TRẦN THỊ HOA, Phó Giám đốc Sở Y tế"]:
        assert not looks_like_byline(bad), bad


def test_sentences_not_split_inside_abbreviations_and_numbers():
    text = "Ông A ở TP. HCM tặng 3.462 thẻ. Ngày 07/9/2009 có Chỉ thị 38-CT/TW. PGS. TS. Lê Văn B phát biểu."
    spans = sentence_spans(text, 0, len(text))
    sents = [text[s:e] for s, e in spans]
    assert sents[0] == "Ông A ở TP. HCM tặng 3.462 thẻ."
    assert sents[1] == "Ngày 07/9/2009 có Chỉ thị 38-CT/TW."
    assert sents[2].startswith("PGS. TS. Lê Văn B")


def test_doc_tokens_map_to_exact_offsets():
    text = normalize("Phó Chủ tịch UBND tỉnh  Long An, ông Trần Văn Hai cho biết: “Năm 2024 tỉnh tặng 3.462 thẻ BHYT”.\nHết")
    segs = classify_lines(text, title_lines=0)
    doc = build_doc(text, segs)
    assert doc.text == text
    for tok in doc:
        assert text[tok.idx:tok.idx + len(tok.text)] == tok.text
    words = [t.text for t in doc if not t.is_space]
    assert "Phó Chủ tịch" in words or "Chủ tịch" in words
    assert len(list(doc.sents)) >= 2


def test_a_line_ending_in_a_photo_credit_is_a_caption():
    text = ("Huyện tổng kết công tác dân vận năm 2025\n"
            "Hội nghị đánh giá kết quả một năm thực hiện phong trào thi đua dân vận khéo ở các xã.\n"
            "Theo báo cáo, toàn huyện có 45 mô hình dân vận khéo được công nhận, tăng 9 mô hình.\n"
            "Các đại biểu dự hội nghị tổng kết. Ảnh: Q.Anh\n"
            "Huyện đề ra mục tiêu mỗi xã có ít nhất hai mô hình mới trong năm tới.\n"
            "Minh Thư")
    got = kinds(text)
    assert ("caption", "Các đại biểu dự hội nghị tổng kết. Ảnh: Q.Anh") in got
    # a sentence that merely mentions photos stays a paragraph
    para = "Theo báo cáo, toàn huyện có 45 mô hình dân vận khéo được công nhận, tăng 9 mô hình."
    assert ("paragraph", para) in got
