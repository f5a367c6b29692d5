"""models ("mô hình") and campaigns."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.base import read_items
from pipeline.extract import build_nlp
from pipeline.testing import make_doc

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "seed"
DEV = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "dev"
_NLP = None


def run(text: str, **kw):
    global _NLP
    if _NLP is None:
        _NLP = build_nlp(["vnx_locations", "vnx_models"])
    doc = make_doc(text, **kw)
    for name in ("vnx_locations", "vnx_models"):
        doc = _NLP.get_pipe(name)(doc)
    for kind in ("models", "campaigns"):
        for it in read_items(doc, kind):
            assert doc.text[it["start"]:it["end"]] == it["text"]
    return read_items(doc, "models"), read_items(doc, "campaigns")


def names(text: str, **kw) -> list[str]:
    return [m["name"] for m in run(text, **kw)[0]]


def test_semicolon_list_keeps_commas_inside_names():
    text = ("Hội viên hăng hái tham gia các mô hình như Góp gạo nuôi quân; Chung tay, chung sức; "
            "Thắp sáng đường quê (TSĐQ);... Nhờ vậy đời sống khá hơn.")
    assert names(text) == ["Góp gạo nuôi quân", "Chung tay, chung sức", "Thắp sáng đường quê (TSĐQ)"]


def test_quoted_names_and_locality():
    text = ('Thành đoàn nhân rộng mô hình “Ngày thứ hai sạch”, “Ống heo tình bạn” và “Tủ sách nhỏ”. '
            'Mô hình Vườn rau dinh dưỡng của xã Bình Thạnh, huyện Thủ Thừa được đánh giá cao.')
    models, _ = run(text)
    got = {m["name"]: m for m in models}
    assert list(got) == ["Ngày thứ hai sạch", "Ống heo tình bạn", "Tủ sách nhỏ", "Vườn rau dinh dưỡng"]
    vr = got["Vườn rau dinh dưỡng"]
    assert vr["locality"] == "xã Bình Thạnh, huyện Thủ Thừa"
    assert vr["location_code"] == "80:huyenthuthua:xabinhthanh"


def test_caption_name_runs_to_end_of_line():
    text = ("Nông dân làm giàu từ ruộng lúa\n"
            "Bà con trong xã rất phấn khởi khi năng suất lúa tăng cao hơn hẳn so với mọi năm trước, "
            "nhờ áp dụng kỹ thuật mới và được hỗ trợ giống.\n"
            "Người dân thực hiện mô hình Nuôi cá trong ruộng lúa\n"
            "Sản lượng cá năm nay tăng mạnh so với năm trước nhờ cách làm mới được cán bộ khuyến nông "
            "hướng dẫn tận tình, chu đáo.")
    assert names(text, title_lines=None) == ["Nuôi cá trong ruộng lúa"]
    # in a paragraph, an unquoted name has no visible end: not taken
    assert names("Người dân thực hiện mô hình Nuôi cá trong ruộng lúa rất hiệu quả và tốt.") == []


def test_generic_mentions_are_not_models():
    text = ("Toàn tỉnh có 990 mô hình DVK, trong đó nhiều mô hình Dân vận khéo rất hiệu quả. "
            "Mô hình này được nhân rộng. Huyện có 4 mô hình: Doanh nghiệp, cộng đồng, hợp tác xã.")
    assert names(text) == []


def test_one_entry_per_model_with_all_mentions():
    text = ('Hội phụ nữ duy trì mô hình “Nuôi heo đất”. Nhờ mô hình “Nuôi heo đất”, '
            'nhiều hội viên có vốn.')
    models, _ = run(text)
    assert len(models) == 1 and len(models[0]["mentions"]) == 2


def test_campaigns_merge_short_forms():
    text = ("Phong trào thi đua Dân vận khéo lan rộng. Xã đẩy mạnh phong trào thi đua DVK và "
            "cuộc vận động “Toàn dân đoàn kết xây dựng đời sống văn hóa”.")
    _, camps = run(text)
    got = {c["name"]: c for c in camps}
    assert set(got) == {"Dân vận khéo", "Toàn dân đoàn kết xây dựng đời sống văn hóa"}
    assert len(got["Dân vận khéo"]["mentions"]) == 2
    assert got["Toàn dân đoàn kết xây dựng đời sống văn hóa"]["kind"] == "cuộc vận động"


@pytest.mark.skipif(not SEED.exists(), reason="shared corpora absent")
def test_seed_has_exactly_its_15_models():
    txt = next(SEED.glob("*.txt"))
    gold = json.loads(txt.with_name(txt.stem + ".gold.json").read_text(encoding="utf-8"))
    models, camps = run(txt.read_text(encoding="utf-8"), title_lines=None)
    assert sorted(m["name"] for m in models) == sorted(g["name"] for g in gold["models"])
    loc = {m["name"]: m["locality"] for m in models}
    assert loc["Tuyến đường kiểu mẫu nông thôn mới nâng cao"] == "xã Thanh Vĩnh Đông, huyện Châu Thành"
    assert "Dân vận khéo" in {c["name"] for c in camps}


@pytest.mark.skipif(not DEV.exists(), reason="shared corpora absent")
def test_dev_models_f1():
    tp = n_pred = n_gold = 0
    for g in sorted(DEV.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if "models" not in gold:
            continue
        models, _ = run(g.with_name(g.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8"),
                        title_lines=None)
        pred = {m["name"].casefold() for m in models}
        gk = {m["name"].casefold() for m in gold["models"]}
        tp += len(pred & gk)
        n_pred += len(pred)
        n_gold += len(gk)
    p, r = tp / n_pred, tp / n_gold
    assert 2 * p * r / (p + r) >= 0.85


def test_linear_on_long_adversarial_input():
    import time

    from extractors import models
    doc = make_doc("mô hình “A”, “B”; " * 400 + "các mô hình như " + "Ab; " * 2000 + "mô hình " * 2000)
    t = time.time()
    models.find(doc)
    assert time.time() - t < 2


def test_sentence_case_name_in_running_text_ends_at_punctuation():
    # a capital letter in mid-sentence marks the name; it ends at the comma
    text = ("Ngoài mô hình Bò - cỏ luân canh gắn với bao tiêu sản phẩm, xã còn hỗ trợ hộ nghèo "
            "vay vốn làm nhà.")
    assert names(text) == ["Bò - cỏ luân canh gắn với bao tiêu sản phẩm"]


def test_sentence_case_name_keeps_connector_and_takes_locality():
    # "gắn với" belongs to the name; "của" + a place found by locations is the locality
    text = ("Mô hình Trồng nấm rơm gắn với xử lý phụ phẩm của xã Bình Thạnh, huyện Thủ Thừa "
            "được nhiều hộ học tập.")
    models, _ = run(text)
    assert [m["name"] for m in models] == ["Trồng nấm rơm gắn với xử lý phụ phẩm"]
    assert models[0]["locality"] == "xã Bình Thạnh, huyện Thủ Thừa"


def test_sentence_case_phrase_with_clause_words_or_body_is_no_name():
    assert names("Nhiều nước theo mô hình Nhà nước pháp quyền xã hội chủ nghĩa, ổn định lâu dài.") == []
    assert names("Huyện áp dụng mô hình Trồng rau sạch đã giúp dân có thu nhập khá, ổn định.") == []
    assert names("Tỉnh học tập mô hình Hòa Bình, nơi đã thành công trước đó.") == []


def test_a_quoted_list_goes_on_after_an_items_place():
    text = ("Huyện nhân rộng các mô hình như: “Đường làng sáng đèn”; “Vườn mẫu kiểu mẫu” của xã Tân Hòa; "
            "“Chợ không túi ni lông”. Nhờ vậy, cảnh quan nông thôn đổi mới.")
    assert names(text) == ["Đường làng sáng đèn", "Vườn mẫu kiểu mẫu", "Chợ không túi ni lông"]
    # the list ends where no quoted name follows the place
    text = "Xã có mô hình “Đường làng sáng đèn” của thôn Bắc Sơn; bà con rất phấn khởi."
    assert names(text) == ["Đường làng sáng đèn"]
