"""Encodings: UTF-8/16/32, Windows-1258, TCVN3 and VNI (bytes and mis-decoded text) -> NFC."""
from __future__ import annotations

import codecs
import json
import unicodedata

import pytest

from pipeline.encodings import DecodeError, decode, decode_bytes, repair_text, sniff_binary
from pipeline.legacy import (LEGACY_NAMES, VIET_LETTERS, decode_legacy, encode_legacy,
                             repair_misdecoded, table, viet_score)
from tests.conftest import SHARED, needs_shared
from tests.helpers import to_cp1258

# Our own sentences, in the style of provincial news.
VI = ("Sáng 12/3, Ủy ban nhân dân tỉnh Quảng Ngãi tổ chức hội nghị tổng kết công tác năm 2023. "
      "Ông Nguyễn Văn Đức, Phó Chủ tịch UBND tỉnh, yêu cầu các sở, ngành khẩn trương triển khai "
      "mô hình nuôi trồng thủy sản bền vững, hỗ trợ hộ nghèo vay vốn ưu đãi.")
VI_CAPS = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
EN = "The provincial committee met on Monday to review the fishing season and the new harbour."


# --- tables ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", LEGACY_NAMES)
def test_round_trip_text(name):
    text = VI if name == "vni" else VI.replace("Ủy", "ủy")  # TCVN3 has no toned capitals
    assert decode_legacy(encode_legacy(text, name), name) == text


def test_vni_round_trip_every_letter():
    letters = "".join(VIET_LETTERS)
    assert decode_legacy(encode_legacy(letters, "vni"), "vni") == letters


def test_tcvn3_round_trip_every_lowercase_letter():
    letters = "".join(c for c in VIET_LETTERS if c.islower()) + "ĂÂÊÔƠƯĐ"
    assert decode_legacy(encode_legacy(letters, "tcvn3"), "tcvn3") == letters


def test_tcvn3_upper_case_words_and_sentence_starts():
    # an upper-case .VnTimeH word is stored with lower-case codes: it comes back upper-case
    assert decode_legacy(encode_legacy(VI_CAPS, "tcvn3"), "tcvn3") == VI_CAPS
    assert decode_legacy(encode_legacy("Họp xong. Ủy ban ra về.", "tcvn3"), "tcvn3") == "Họp xong. Ủy ban ra về."


def test_tables_are_shipped_data():
    for name in LEGACY_NAMES:
        t = table(name)
        assert len(t.byte_map) > 40
        # every Vietnamese lower-case letter has a code
        assert all(c in t.encoder for c in VIET_LETTERS if c.islower() and not c.isascii())


def test_known_examples():
    assert repair_misdecoded("Céng hßa X· héi", "tcvn3") == "Cộng hòa Xã hội"
    assert repair_misdecoded("Coäng hoøa xaõ hoäi", "vni") == "Cộng hòa xã hội"


# --- bytes ----------------------------------------------------------------------------------
@pytest.mark.parametrize("data,enc", [
    (VI.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + VI.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + VI.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + VI.encode("utf-16-be"), "utf-16"),
    (VI.encode("utf-16-le"), "utf-16-le"),
    (VI.encode("utf-16-be"), "utf-16-be"),
    (VI.encode("utf-32"), "utf-32"),
])
def test_unicode_bytes(data, enc):
    text, got, converted = decode_bytes(data)
    assert (text, got, converted) == (VI, enc, False)


@pytest.mark.parametrize("name", ["windows-1258", "tcvn3", "vni"])
def test_legacy_bytes(name):
    text = VI.replace("Ủy", "ủy") if name == "tcvn3" else VI
    data = to_cp1258(text) if name == "windows-1258" else encode_legacy(text, name)
    assert data != text.encode("utf-8")
    got, enc, converted = decode_bytes(data)
    assert (got, enc, converted) == (text, name, True)
    assert unicodedata.is_normalized("NFC", got)


def test_windows_1258_combining_marks_become_nfc():
    data = to_cp1258("Nghệ An")
    assert b"\xf2" in data  # combining dot below
    assert decode_bytes(data) == ("Nghệ An", "windows-1258", True)


def test_western_8bit_falls_back_to_windows_1252():
    text, enc, converted = decode_bytes("Caf\u00e9 cr\u00e8me \u2013 \u201cna\u00efve\u201d".encode("cp1252"))
    assert enc == "windows-1252" and converted and text == "Café crème – “naïve”"


@pytest.mark.parametrize("name", ["tcvn3", "vni"])
def test_misdecoded_unicode(name):
    """Legacy bytes that were read as cp1252 and saved as UTF-8."""
    text = VI.replace("Ủy", "ủy") if name == "tcvn3" else VI
    mojibake = encode_legacy(text, name).decode("cp1252")
    assert mojibake != text
    fixed, how = repair_text(mojibake)
    assert fixed == text and how == f"{name} (read as windows-1252)"
    got, enc, converted = decode_bytes(mojibake.encode("utf-8"))
    assert got == text and converted and enc.startswith(name)


def test_misdecoded_utf8_and_cp1258():
    mojibake = "".join(bytes([b]).decode("cp1252", errors="replace") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                       else chr(b) for b in VI.encode("utf-8"))
    assert repair_text(mojibake) == (VI, "utf-8 (read as windows-1252)")
    m1258 = to_cp1258(VI).decode("cp1252", errors="strict")
    assert repair_text(m1258) == (VI, "windows-1258 (read as windows-1252)")


def test_short_tcvn3_heading():
    assert repair_text("Céng hßa X· héi chñ nghÜa ViÖt Nam")[0] == "Cộng hòa Xã hội chủ nghĩa Việt Nam"


@pytest.mark.parametrize("text", [
    VI, VI_CAPS, EN, unicodedata.normalize("NFD", VI), "Nhiệt độ 30°C, độ ẩm 85% — “trời nồm” ©2023 ½ × ±",
    "Crème brûlée, Straße, naïve, façade, señor, Ørsted, Æsir", "Trường THPT Lê Quý Đôn « lớp 12A » ¼ số học sinh",
    "Café au lait", "", "   ", "123 456", "Xin chào", "Phở bò ở Hà Nội ngon lắm",
])
def test_no_misfire(text):
    assert repair_text(text) == (text, None)
    got, enc, converted = decode_bytes(text.encode("utf-8"))
    assert got == text and enc == "utf-8" and not converted


@needs_shared
def test_no_conversion_on_real_corpora():
    """Not one text of ../shared/corpora is converted or warned about."""
    corpora = SHARED / "corpora"
    n = 0
    for path in sorted(corpora.rglob("*")):
        if path.suffix == ".jsonl":
            with open(path, "rb") as fh:
                for line in fh:
                    d = decode(line)
                    assert not d.converted and not d.warnings, (path.name, d.encoding)
                    for key, value in json.loads(d.text).items():
                        if isinstance(value, str):
                            assert repair_text(value)[1] is None, (path.name, key, value[:80])
                    n += 1
        elif path.suffix == ".txt":
            d = decode(path.read_bytes())
            assert (d.encoding, d.converted, d.warnings) == ("utf-8", False, []), path.name
            n += 1
    assert n > 10_000


# --- broken and binary bytes ----------------------------------------------------------------
def test_truncated_utf8_keeps_the_text_with_a_warning():
    data = "Hà Nội".encode("utf-8")[:-2]  # cut inside the 3 bytes of "ộ"
    d = decode(data)
    assert d.text == "Hà N" and d.encoding == "utf-8" and not d.converted
    assert [w["code"] for w in d.warnings] == ["truncated"]


def test_a_few_invalid_bytes_are_replaced_with_a_warning():
    data = VI.encode("utf-8") + b" \xff\xfe " + VI.encode("utf-8")
    d = decode(data)
    assert "\ufffd" in d.text and d.warnings[0]["code"] == "invalid_bytes"


@pytest.mark.parametrize("data,kind", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"GIF89a\x01\x00", "GIF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "OLE2"),
    (b"\x7fELF\x02\x01\x01", "ELF"),
])
def test_binary_files_are_named(data, kind):
    assert kind in sniff_binary(data)
    with pytest.raises(DecodeError, match=kind):
        decode_bytes(data + bytes(range(256)) * 4)


def test_nul_bytes_are_binary():
    with pytest.raises(DecodeError, match="NUL"):
        decode_bytes(b"abc\x00\x01\x02\x00\xff\xfe\x00\x00" * 100 + b"\x00")


def test_random_bytes_never_raise_anything_but_decode_error():
    import random

    rnd = random.Random(7)
    for _ in range(300):
        data = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 400)))
        try:
            text, enc, conv = decode_bytes(data)
        except DecodeError:
            continue
        assert isinstance(text, str) and isinstance(enc, str)


def test_viet_score():
    assert viet_score(VI).invalid == 0 and viet_score(VI).valid > 20
    assert viet_score("Céng hßa X· héi").invalid >= 2
