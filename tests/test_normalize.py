import unicodedata

import pytest

from pipeline.normalize import normalize


@pytest.mark.parametrize("raw, expected", [
    ("hoà bình", "hòa bình"),                # old tone placement
    ("thuỷ lợi", "thủy lợi"),
    ("Ðà Nẵng", "Đà Nẵng"),                  # Icelandic eth look-alike
    ("a\u200bb", "ab"),                      # zero-width space
    ("a\u00adb", "ab"),                      # soft hyphen
    ("x\x07y", "xy"),                        # control character
    ("  nhiều    khoảng   trắng  ", "nhiều khoảng trắng"),
    ("dòng 1\r\n\r\n\r\ndòng 2", "dòng 1\ndòng 2"),
    ("tab\there", "tab here"),
    ("KT-XH, (PCI) 3.462", "KT-XH, (PCI) 3.462"),  # punctuation spacing untouched
])
def test_normalize_cases(raw, expected):
    assert normalize(raw) == expected


def test_nfd_input_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Phó Chủ tịch Ủy ban nhân dân tỉnh")
    assert nfd != "Phó Chủ tịch Ủy ban nhân dân tỉnh"
    assert normalize(nfd) == "Phó Chủ tịch Ủy ban nhân dân tỉnh"


def test_normalize_is_idempotent():
    text = "Hoà  bình\n\nỦy ban   thuỷ lợi\u200b."
    once = normalize(text)
    assert normalize(once) == once
