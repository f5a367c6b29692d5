"""Shared test fixtures. Tests that need ../shared skip cleanly when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VNX_SHARED", ROOT.parent / "shared"))
CORPUS = ROOT / "corpus"

needs_shared = pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared is not present")


@pytest.fixture(scope="session")
def pipeline():
    from pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "corpora").is_dir():
        pytest.skip("../shared is not present")
    return SHARED
