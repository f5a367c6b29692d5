"""End-to-end: records from text, determinism, schema validity, offsets (property-tested)."""
from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import Pipeline, Record, Reject
from pipeline.emit import to_json
from pipeline.schema import json_schema

from .conftest import CORPUS, needs_shared, SHARED
from .helpers import assert_offsets_valid

ARTICLE = (
    "Tỉnh đẩy mạnh phong trào Dân vận khéo\n"
    "Ngày 12/3/2024, UBND tỉnh Đồng Tháp tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 16/CT-TTg.\n"
    "Phát biểu tại hội nghị, Phó Chủ tịch UBND tỉnh - Nguyễn Văn Bình cho biết: “Toàn tỉnh có hơn 1,2 tỉ đồng "
    "hỗ trợ 3.462 thẻ BHYT cho người dân”. Giai đoạn 2021-2025, tỉnh phấn đấu giảm 2% hộ nghèo mỗi năm. Thanh Mai"
)

SCHEMA = json_schema()


def test_record_from_text(pipeline):
    rec = pipeline.process_text(ARTICLE)
    assert isinstance(rec, Record)
    assert rec.title == "Tỉnh đẩy mạnh phong trào Dân vận khéo"
    assert rec.authors == ["Thanh Mai"]
    assert rec.doc_id and len(rec.doc_id) == 16
    data = json.loads(to_json(rec))
    jsonschema.validate(data, SCHEMA)
    assert_offsets_valid(data)


def test_same_input_same_bytes():
    a = [to_json(r) for r in Pipeline().run([str(CORPUS)])]
    b = [to_json(r) for r in Pipeline().run([str(CORPUS)])]
    assert a and a == b


def test_word_tokens_change_nothing_but_the_tokens_field():
    # --tokens puts underthesea words in the Doc; every extractor must read the same text
    # the same way whatever the Doc's tokens are
    plain = [json.loads(to_json(r)) for r in Pipeline().run([str(CORPUS)])]
    worded = [json.loads(to_json(r)) for r in Pipeline(tokens=True).run([str(CORPUS)])]
    assert len(plain) == len(worded) >= 12
    for a, b in zip(plain, worded):
        assert b.pop("tokens") and "tokens" not in a
        assert a == b


def test_empty_text_is_a_reject(pipeline):
    out = pipeline.process_text("   \n\u200b  ")
    assert isinstance(out, Reject)
    assert "empty" in out.reason


def test_corpus_records_validate_and_offsets_hold():
    records = list(Pipeline().run([str(CORPUS)]))
    assert len(records) >= 12
    n_items = 0
    for rec in records:
        assert isinstance(rec, Record), rec
        data = json.loads(to_json(rec))
        jsonschema.validate(data, SCHEMA)
        n_items += assert_offsets_valid(data)
    assert n_items > 100


@needs_shared
def test_seed_and_dev_records_validate():
    pipe = Pipeline()
    inputs = [str(SHARED / "corpora" / "seed"), str(SHARED / "corpora" / "dev")]
    n = 0
    for rec in pipe.run(inputs):
        assert isinstance(rec, Record), rec
        data = json.loads(to_json(rec))
        jsonschema.validate(data, SCHEMA)
        assert_offsets_valid(data)
        n += 1
    assert n == 38


# Article-like text: fragments that trigger every extractor, joined in random order, with
# random noise between them.
FRAGMENTS = [
    "Chỉ thị số 38-CT/TW, ngày 07/9/2009 của Ban Bí thư", "Quyết định 1234/QĐ-UBND", "Nghị định 30/2020/NĐ-CP",
    "hơn 1,2 tỉ đồng", "3.462 thẻ BHYT", "từ 5 đến 7 ha", "tăng 12%", "hàng trăm người",
    "Phó Chủ tịch UBND tỉnh - Nguyễn Văn Bình", "ông Bình", "Bí thư Tỉnh ủy Lê Thị Hoa",
    "xã Thanh Vĩnh Đông, huyện Châu Thành", "tỉnh Long An", "TP.HCM", "quận 4",
    "các mô hình như Mỗi nhà một cây xanh; Thắp sáng đường quê;...", "giai đoạn 2021-2025",
    "ngày 27-5", "tháng 3/2024", "cho biết: “Chúng tôi sẽ làm tốt”", "(PCI)", "KT-XH", "Luật Đất đai",
    "“", "”", "(", ")", ";", ".", ",", " - ", "\n", "|", "...", "số", "0913 456 789",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), min_size=1, max_size=25))
def test_offsets_slice_text_for_any_input(parts):
    pipe = _shared_pipeline()
    out = pipe.process_text(" ".join(parts))
    if isinstance(out, Reject):
        assert out.reason.startswith("empty"), out
        return
    data = json.loads(to_json(out))
    assert_offsets_valid(data)
    jsonschema.validate(data, SCHEMA)


_PIPE = []


def _shared_pipeline() -> Pipeline:
    if not _PIPE:
        _PIPE.append(Pipeline())
    return _PIPE[0]
