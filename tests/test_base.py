"""Shared extractor machinery: the trie alternation that the lexicon regexes are built with."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.base import alternation

# a small alphabet so that words share prefixes and texts contain them often
LETTERS = "aăbcđêhn ÂĐ"
words_st = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=1, max_size=12)
text_st = st.text(alphabet=LETTERS + ".,", max_size=60)
# what follows a lexicon word in the extractors' patterns: a word boundary, the end, or nothing
SUFFIXES = ["", r"(?!\w)", r"\s*$", r" ", r"(?=[,.])"]


def _plain(words, space=" "):
    """The pattern the trie replaces: the words, longest first, joined by |."""
    return "|".join(re.escape(w).replace(r"\ ", space) for w in sorted(set(words), key=len, reverse=True))


def _matches(pattern: str, text: str, flags=0):
    return [(m.start(), m.end()) for m in re.compile(pattern, flags).finditer(text)]


@settings(max_examples=400, deadline=None)
@given(words=words_st, text=text_st, suffix=st.sampled_from(SUFFIXES))
def test_trie_matches_what_the_sorted_alternation_matches(words, text, suffix):
    assert _matches(f"(?:{alternation(words)}){suffix}", text) == \
        _matches(f"(?:{_plain(words)}){suffix}", text)


@settings(max_examples=400, deadline=None)
@given(words=words_st, text=text_st, suffix=st.sampled_from(SUFFIXES))
def test_trie_ignoring_case_matches_what_the_sorted_alternation_matches(words, text, suffix):
    assert _matches(f"(?:{alternation(words, ignore_case=True)}){suffix}", text, re.I) == \
        _matches(f"(?:{_plain(words)}){suffix}", text, re.I)


def test_the_longest_word_wins_and_the_rest_of_the_pattern_can_make_it_shorter():
    rx = re.compile(rf"(?:{alternation(['Phó', 'Phó Chủ tịch', 'Phó Chủ', 'Chủ tịch'])})(?!\w)")
    assert rx.match("Phó Chủ tịch tỉnh").group() == "Phó Chủ tịch"
    assert rx.match("Phó Chủ nhiệm").group() == "Phó Chủ"
    assert rx.match("Phó Chủng").group() == "Phó"  # "Phó Chủ" ends inside a word: backtrack
    assert rx.match("Chủ tịch").group() == "Chủ tịch"
    assert rx.match("Chủ nhiệm") is None


def test_space_can_stand_for_any_whitespace():
    rx = re.compile(alternation(["hộ gia đình", "hộ"], space=r"\s"))
    assert rx.match("hộ\u00a0gia\nđình").group() == "hộ\u00a0gia\nđình"
    assert re.compile(alternation(["hộ gia đình", "hộ"])).match("hộ\u00a0gia đình").group() == "hộ"


def test_case_is_folded_only_when_asked():
    assert re.compile(alternation(["Bộ"])).match("bộ") is None
    assert re.compile(alternation(["Bộ"], ignore_case=True), re.I).match("BỘ").group() == "BỘ"


@pytest.mark.parametrize("special", ["TP.", "a+b", "(x)", "c|d", "[e]", "f*", "\\g"])
def test_regex_metacharacters_in_words_are_literal(special):
    rx = re.compile(f"(?:{alternation([special, 'z'])})")
    assert rx.fullmatch(special)
    assert rx.fullmatch("z")


def test_no_words_matches_nothing():
    assert re.compile(alternation([])).search("anything") is None
