"""pipeline.wordseg must give exactly what underthesea.word_tokenize gives, on every input."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import wordseg

from .conftest import SHARED

SHARED_DEV = SHARED / "corpora" / "dev"


def reference(text: str) -> list[str]:
    from underthesea import word_tokenize

    return word_tokenize(text)


SENTENCES = [
    "",
    " ",
    "\n\t ",
    "a",
    "Hà",
    "HÀ NỘI",
    ".",
    "Bác sĩ bây giờ có thể thản nhiên báo tin bệnh nhân bị ung thư",
    "Thủ tướng Chính phủ yêu cầu các bộ, ngành khẩn trương hoàn thiện hồ sơ trước ngày 15/8/2024.",
    "Thực hiện Chỉ thị số 38-CT/TW của Ban Bí thư và Nghị định 15/2020/NĐ-CP, tỉnh đã xử lý 1.234 vụ.",
    "UBND TP. HCM giao Sở KH&ĐT phối hợp với Q.1 và TP.Thủ Đức báo cáo trước 17h30 ngày 2-9.",
    "PGS. TS. Nguyễn Văn An (ĐH Quốc gia Hà Nội) cho biết GDP quý III tăng 7,4%, cao hơn dự báo.",
    "TỔNG BÍ THƯ LÀM VIỆC VỚI BAN THƯỜNG VỤ TỈNH ỦY NGHỆ AN",
    "Giá vàng SJC tăng thêm 500.000 đồng/lượng, lên 79,5 triệu đồng; USD/VND ở mức 24.150.",
    "Ông Trần Văn B., sinh năm 1968, trú tại xã Ea H'Leo, huyện Krông Búk, tỉnh Đắk Lắk.",
    "Đội tuyển Việt Nam thắng Indonesia 3-0 tại vòng loại World Cup 2026 trên sân Mỹ Đình.",
    "Liên hệ: email hotro@example.com.vn, website https://www.example.vn/tin-tuc?id=42 hoặc 0912-345-678.",
    "Xe biển số 51H-123.45 va chạm với xe tải 29C-678.90 lúc 10:20:30 sáng nay (theo VnExpress).",
    "Nhiệt độ 38°C, độ ẩm 85%... Người dân nên hạn chế ra đường => an toàn hơn!!!",
    "Anh ấy nói: “Tôi sẽ cố gắng hết sức” — và rời đi.",
    "Apple, Google và Microsoft đầu tư 10 tỷ USD vào AI; CEO Sam Altman đến Hà Nội.",
    "Covid-19 đã khiến 43.186 người tử vong, theo Bộ Y tế (BYT).",
    "iPhone 15 Pro Max giá 34.990.000đ, Galaxy S24 Ultra 33,99 triệu, 4K 120Hz.",
    "BOS EOS True False bos eos",
    "1 2 3 4 5 6 7 8 9 10 11 12 2147483647 2147483648 -5 +7",
    "Điều 5. Khoản 2, điểm a) và b) của Luật Đất đai năm 2013 (sửa đổi, bổ sung năm 2018).",
    "v.v... và v.v. - dấu gạch -- ngang --> mũi tên >> 3x4 m2",
    "ΑΘΗΝΑ ΣΟΦΙΑ İstanbul straße ǅemal Ｆｕｌｌｗｉｄｔｈ ١٢٣",
    "Chào buổi sáng 😀 ♥‿♥ :)) <3 =))",
    "hoà hòa Hoà HÒA thuỷ thủy Quý quí",
    "M.Anh - T.L - L.T.H. (TTXVN)",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_equal_to_underthesea(text):
    assert wordseg.word_tokenize(text) == reference(text)


def test_features_equal_underthesea_core_featurizer():
    from underthesea_core import CRFFeaturizer

    model = wordseg.load()
    featurizer = CRFFeaturizer(model.template_names, model.dictionary)
    for toks in (
        ["Hà"],
        ["Hà", "Nội"],
        ["BOS", "x", "EOS", "+5", "-2147483648", "2147483648", "007", "٣", "５"],
        ["ΑΣ", "Σ", "İ", "ß", "ǅ", "Ａ", "Ⅰ", "ⅰ", "Đ", "đ", "TP.", "HCM", "38-CT", "/"],
        "Ông Nguyễn Văn A , sinh viên Trường ĐH Bách khoa".split(),
    ):
        assert wordseg.features(toks) == featurizer.process([[[t] for t in toks]])[0]


def test_fast_scores_are_the_reference_sums_bit_for_bit():
    """The fast path's emission scores equal 0.0 + the weight of every feature string, added
    in template order (underthesea_core's CRFTagger), exactly, not approximately."""
    import os

    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    model = wordseg.load()
    _labels, attrs, state, _trans = wordseg._read_crfsuite(
        os.path.join(wordseg.model_dir(), "models.bin"))
    weight = dict(zip(attrs, zip(state[0].tolist(), state[1].tolist())))
    texts = SENTENCES + [" ".join(SENTENCES)]  # the last one is longer than the cached index
    for text in texts:
        toks = tokenize(text, use_token_normalize=True, fixed_words=[])
        if not toks:
            continue
        e0, e1 = wordseg._emissions(model, toks)
        for i, feats in enumerate(wordseg.features(toks)):
            s0 = s1 = 0.0
            for f in feats:
                w0, w1 = weight.get(f, (0.0, 0.0))
                s0 += w0
                s1 += w1
            assert (e0[i], e1[i]) == (s0, s1), (text, i)


def test_load_is_cached_and_reads_the_shipped_model():
    model = wordseg.load()
    assert wordseg.load() is model
    assert model.labels == ["B-W", "I-W"]
    assert len(model.template_names) == 43
    assert wordseg.MODEL_NAME in wordseg.model_dir()


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
ALPHABET = (
    VIETNAMESE * 3 + VIETNAMESE.upper() + "fjwzFJWZ" + "0123456789" * 2
    + "     " + ".,;:!?-/()\"'%&+=_…“”–" + "\n\t"
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_random_vietnamese_text_equal_to_underthesea(text):
    assert wordseg.word_tokenize(text) == reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "Hà", "Nội", "hà", "nội", "HÀ", "NỘI", "Việt", "Nam", "chính", "phủ", "Chính", "Phủ",
    "1", "12", "2024", "-", "/", ".", ",", "TP.", "HCM", "UBND", "ông", "Ông", "bà", "BOS",
    "EOS", "sinh", "viên", "đại", "học", "quốc", "gia", "của", "và", "38-CT/TW", "(", ")",
]), max_size=25))
def test_random_syllable_sequences_equal_to_underthesea(words):
    text = " ".join(words)
    assert wordseg.word_tokenize(text) == reference(text)


@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="../shared is not present")
def test_dev_lines_and_windows_equal_to_underthesea():
    rnd = random.Random(7)
    lines = []
    for path in sorted(SHARED_DEV.glob("*.txt")):
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = rnd.sample(lines, min(150, len(lines)))
    for line in sample:
        assert wordseg.word_tokenize(line) == reference(line)
        starts = [i for i, c in enumerate(line) if not c.isspace() and (i == 0 or line[i - 1].isspace())]
        for _ in range(3):
            i = rnd.choice(starts)
            window = line[i : i + rnd.randint(20, 80)]
            assert wordseg.word_tokenize(window) == reference(window)
