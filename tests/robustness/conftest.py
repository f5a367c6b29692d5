"""Robustness tests: hostile and messy input. ``slow`` tests time regexes on long inputs."""
from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long-running robustness test (timing, fuzzing)")


def pytest_collection_modifyitems(config, items):
    """``slow`` robustness tests (minutes of timing and fuzzing) run only when asked for:
    ``pytest -m slow tests/robustness`` or ``VNX_SLOW=1``."""
    import os

    import pytest

    if os.environ.get("VNX_SLOW") or "slow" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="slow robustness test: run with -m slow or VNX_SLOW=1")
    for item in items:
        if "robustness" in str(item.fspath) and item.get_closest_marker("slow"):
            item.add_marker(skip)
