"""A page rendered by `vnx show` displays in a real (headless) browser."""
from __future__ import annotations

import shutil
import struct
import subprocess

import pytest

from pipeline import Pipeline
from pipeline.show import render_html

from .conftest import CORPUS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
def test_rendered_page_displays_in_chromium(tmp_path):
    article = sorted(CORPUS.glob("*.txt"))[0]
    rec = next(iter(Pipeline().run([str(article)])))
    page = tmp_path / "page.html"
    page.write_text(render_html(rec.model_dump(mode="json")), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars", "--window-size=1200,900",
                    f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert _png_size(data) == (1200, 900)
    # a blank page compresses to a few kB; highlighted text does not
    assert len(data) > 30_000
