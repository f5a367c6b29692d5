"""Fuzzing the whole pipeline: random Unicode, mutated article-like text and spliced fragments
of the formats vnx reads. Never an exception (no "internal error" reject), offsets always
valid, every record valid against the JSON Schema."""
from __future__ import annotations

import json
import unicodedata

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.encodings import DecodeError, decode_bytes, repair_text
from pipeline.legacy import encode_legacy
from pipeline.schema import Record, Reject, json_schema
from tests.helpers import assert_offsets_valid

SCHEMA = json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# Our own article-like sentences and the pieces real articles are made of.
SENTENCES = [
    "Ngày 5/3/2024, Ủy ban nhân dân huyện Đức Phổ tổ chức hội nghị sơ kết mô hình trồng rau sạch.",
    "Ông Trần Văn Lâm, Phó Bí thư Thường trực Huyện ủy, cho biết: “Năm nay, huyện hỗ trợ 1,5 tỷ đồng”.",
    "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, toàn tỉnh có 1.234 hộ thoát nghèo, đạt 102%.",
    "Theo Quyết định số 1234/QĐ-UBND ngày 12/10/2023 của UBND tỉnh Quảng Ngãi, kinh phí là 300 triệu đồng.",
    "Bà Nguyễn Thị Hoa (SN 1975, ở xã Phổ Vinh) cho biết, mô hình “Dân vận khéo” đã giúp gia đình bà.",
    "Đến nay, MTTQ Việt Nam (Mặt trận Tổ quốc) các cấp đã vận động được hơn 20 nghìn suất quà Tết.",
    "TP.HCM: Trong quý I/2024, thu ngân sách tăng khoảng 15% so với cùng kỳ năm trước.",
    "Ảnh: Minh Anh",
    "PGS.TS Lê Văn B, Giám đốc Sở Y tế, chủ trì cuộc họp chiều 7/9.",
]
FRAGMENTS = [
    "Quyết định số ", "12/QĐ-UBND", "05-CT/TW", "Nghị quyết", "ngày ", "5/3/2024", "tháng 3 năm 2024",
    "1,5 tỷ đồng", "300 triệu", "50%", "1.234", "Chủ tịch UBND tỉnh", "Bí thư", "Ông ", "Bà ", "Nguyễn Văn A",
    "“", "”", "\"", "(", ")", "-", "–", "/", ":", ".", ",", "…", "\n", "\n\n", " ", "số ", "Số: ", "mô hình ",
    "TP.", "HCM", "UBND", "MTTQ", "(MTTQ)", "Ảnh: ", "PV", "CT/TW", "NĐ-CP", "xã ", "huyện ", "tỉnh ",
    "<p>", "</p>", "&nbsp;", "\u200b", "\ufeff", "\u00ad", "\t", "\r\n", "\u2028", "o\u0302\u0323", "Ð",
    "Céng hßa", "Coäng hoøa", "Viá»‡t", "😀", "中文", "ẞ", "İ", "ﬁ", "\U0001d400",
]

article_like = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8).map(" ".join)


@st.composite
def mutated(draw):
    text = draw(article_like)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["insert", "delete", "dup", "case", "nfd", "newline", "fragment"]))
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 40)))
        if op == "insert":
            text = text[:i] + draw(st.text(max_size=6)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "dup":
            text = text[:j] + text[i:j] * draw(st.integers(1, 5)) + text[j:]
        elif op == "case":
            text = text[:i] + text[i:j].swapcase() + text[j:]
        elif op == "nfd":
            text = text[:i] + unicodedata.normalize("NFD", text[i:j]) + text[j:]
        elif op == "newline":
            text = text[:i] + "\n" + text[i:]
        else:
            text = text[:i] + draw(st.sampled_from(FRAGMENTS)) + text[i:]
    return text


spliced = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(SENTENCES), st.text(max_size=4)),
                   min_size=1, max_size=40).map("".join)

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def check(pipeline, text: str, title=None, lead=None) -> None:
    r = pipeline.process_text(text, title=title, lead=lead)
    if isinstance(r, Reject):
        assert r.reason != "internal error", r.detail
        return
    assert isinstance(r, Record)
    rec = json.loads(r.model_dump_json())
    assert_offsets_valid(rec)
    errors = sorted(VALIDATOR.iter_errors(rec), key=str)
    assert not errors, errors[0].message
    assert unicodedata.is_normalized("NFC", rec["text"])


@FUZZ
@given(text=st.text(max_size=300))
def test_random_unicode(pipeline, text):
    check(pipeline, text)


@FUZZ
@given(text=mutated())
def test_mutated_articles(pipeline, text):
    check(pipeline, text)


@FUZZ
@given(text=spliced)
def test_spliced_fragments(pipeline, text):
    check(pipeline, text)


@FUZZ
@given(title=st.one_of(st.none(), spliced), lead=st.one_of(st.none(), mutated()), body=mutated())
def test_title_lead_body(pipeline, title, lead, body):
    check(pipeline, body, title=title, lead=lead)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.one_of(mutated(), spliced, st.text(min_size=500, max_size=3000)))
def test_more_examples(pipeline, text):
    check(pipeline, text)


# --- decoding -------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=st.binary(max_size=2000))
def test_decode_random_bytes(data):
    try:
        text, enc, converted = decode_bytes(data)
    except DecodeError:
        return
    assert isinstance(text, str) and enc


@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=mutated(), name=st.sampled_from(["tcvn3", "vni"]), cut=st.integers(0, 50))
def test_decode_mutated_legacy_bytes(text, name, cut):
    data = encode_legacy(text, name, errors="replace")
    data = data[: max(0, len(data) - cut)]
    try:
        got, enc, converted = decode_bytes(data)
    except DecodeError:
        return
    assert isinstance(got, str)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(text=st.one_of(mutated(), spliced))
def test_repair_never_touches_unicode_vietnamese(text):
    """Ordinary Unicode text (our sentences, mutated) is never 'repaired'."""
    if any(f in text for f in ("Céng", "Coäng", "Viá»")):
        return
    assert repair_text(text) == (text, None)
