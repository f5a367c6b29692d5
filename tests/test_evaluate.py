"""vnx eval scores exactly as the reference scorer (shared/tools/score.py) does."""
from __future__ import annotations

import json
import subprocess
import sys

from pipeline.evaluate import canon, canon_code, canon_date, canon_model_name, load_gold, match_figures, score

from .conftest import CORPUS, SHARED, needs_shared


def test_normalizers():
    assert canon("  “Phạm  Ngọc Tiệp”. ") == "phạm ngọc tiệp"
    assert canon_code("38 – CT/TW") == "38-CT/TW"
    assert canon_model_name("Mô hình Chung tay mua bảo hiểm y tế (BHYT)") == "chung tay mua bảo hiểm y tế"
    assert canon_date("2021/2025") == "2021/2025"


def test_figures_match_one_to_one():
    gold = [{"value": 5, "unit": "xe buýt"}, {"value": 5, "unit": "xe buýt"}]
    pred = [{"value": 5.0, "unit": "xe"}]
    tp, npred, ngold, _ = match_figures(gold, pred)
    assert (tp, npred, ngold) == (1, 1, 2)


def test_perfect_prediction_scores_one():
    gold = {"a": {"officials": [{"name": "Lê Văn A", "position": "Chủ tịch UBND xã"}],
                  "dates": [{"value": "2024"}], "figures": [{"value": 3, "unit": "hộ"}]}}
    rec = {"a": {"officials": [{"name": "Lê Văn A", "position": "Chủ tịch UBND xã"}],
                 "dates": [{"value": "2024"}, {"value": "2024"}], "figures": [{"value": 3, "unit": "hộ"}]}}
    s = score(gold, rec).scores
    assert s["officials"]["f1"] == 1.0 and s["dates"]["f1"] == 1.0 and s["figures"]["f1"] == 1.0
    assert s["official_position_acc"] == 1.0


def _reference(gold_dir, pred_path) -> dict:
    out = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold_dir), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _ours(gold_dir, pred_path) -> dict:
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "eval", str(gold_dir), "--pred", str(pred_path), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@needs_shared
def test_agrees_with_reference_scorer_on_dev(tmp_path):
    pred = tmp_path / "pred.jsonl"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(SHARED / "corpora" / "dev"),
                    "-o", str(pred), "-q"], check=True)
    ref, ours = _reference(SHARED / "corpora" / "dev", pred), _ours(SHARED / "corpora" / "dev", pred)
    ref.pop("missing_records"), ours.pop("missing_records")
    assert ours == ref


@needs_shared
def test_agrees_with_reference_scorer_on_corpus(tmp_path):
    pred = tmp_path / "pred.jsonl"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(CORPUS), "-o", str(pred), "-q"], check=True)
    ref, ours = _reference(CORPUS, pred), _ours(CORPUS, pred)
    assert ours == ref
    assert len(load_gold(CORPUS)) >= 12
