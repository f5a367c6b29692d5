"""`vnx show` pages for the corpus articles: every item highlighted, the side table filled."""
from __future__ import annotations

import html as htmllib
import re

import pytest

from pipeline import Pipeline
from pipeline.show import KINDS, item_spans, render_html

from .conftest import CORPUS

ARTICLES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def records():
    pipe = Pipeline()
    return [r.model_dump(mode="json") for r in pipe.run([str(p) for p in ARTICLES])]


def test_every_mention_is_highlighted(records):
    for rec in records:
        page = render_html(rec)
        n_marks = len(re.findall(r'class="spans"', page))
        n_spans = len(item_spans(rec))
        assert n_spans > 0
        # each kind present in the record appears as a label on the page
        for kind in KINDS:
            if rec.get(kind):
                assert kind.upper() in page, (rec["source"]["uri"], kind)
        assert n_marks > 0


def test_side_table_lists_record_fields(records):
    rec = next(r for r in records if r["directives"] and r["officials"])
    page = render_html(rec)
    d = rec["directives"][0]
    assert htmllib.escape(d.get("code") or d.get("name")) in page
    assert htmllib.escape(rec["officials"][0]["name"]) in page
    assert f"doc_id <code>{rec['doc_id']}</code>" in page
