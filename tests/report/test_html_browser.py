"""The HTML report in a real headless browser (Chromium): it renders, its charts are in
the DOM, and the screenshot is not blank and shows the bar colours.

Skipped only when Chromium is missing outside CI; in CI (CI set) a missing browser fails.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from skillmap.report.commands import report as report_command
from skillmap.report.svg import PALETTE

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed, and CI must run the browser test (.ci/run installs it)")
    pytest.skip("chromium not installed (CI installs it)")


def run_chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120, check=False)


def read_png(path: Path):
    """An 8-bit non-interlaced RGB(A) PNG (what Chromium writes) as an (h, w, 3) array."""
    import numpy as np

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        pos += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0
    channels = 3 if color == 2 else 4
    stride = width * channels
    raw = np.frombuffer(zlib.decompress(b"".join(chunks)), dtype=np.uint8).reshape(height, stride + 1)
    image = np.zeros((height, stride), dtype=np.uint8)
    previous = np.zeros(stride, dtype=np.uint8)
    for y in range(height):
        kind, line = raw[y, 0], raw[y, 1:].copy()
        if kind == 1:  # Sub: running sum per channel
            line = (np.cumsum(line.reshape(-1, channels).astype(np.uint32), axis=0) % 256).astype(np.uint8).ravel()
        elif kind == 2:  # Up
            line = line + previous
        elif kind in (3, 4):  # Average, Paeth: sequential within the row
            out, up = line.tolist(), previous.tolist()
            for i in range(stride):
                left = out[i - channels] if i >= channels else 0
                if kind == 3:
                    out[i] = (out[i] + (left + up[i]) // 2) & 255
                else:
                    corner = up[i - channels] if i >= channels else 0
                    p = left + up[i] - corner
                    pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - corner)
                    out[i] = (out[i] + (left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner)) & 255
            line = np.array(out, dtype=np.uint8)
        image[y] = line
        previous = line
    return image.reshape(height, width, channels)[:, :, :3]


def _hex(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    from tests.tagged_fixture import ROWS, write

    folder = tmp_path_factory.mktemp("html")
    tagged = write(ROWS, folder / "tagged.parquet", "parquet")
    out = folder / "report.html"
    # min_n=1: the 12 fixture postings are drawn as reliable, in full colour (small_page is the other case).
    report_command(tagged=[tagged], output=out, by="region", pairs=True, title="Browser test report", min_n=1)
    return out


@pytest.fixture(scope="module")
def small_page(tmp_path_factory) -> Path:
    from tests.tagged_fixture import ROWS, write

    folder = tmp_path_factory.mktemp("html-small")
    tagged = write(ROWS, folder / "tagged.parquet", "parquet")
    out = folder / "report.html"
    report_command(tagged=[tagged], output=out, title="Small sample")  # 12 postings, under the default 30
    return out


def test_small_sample_page_warns_and_greys_out(small_page):
    result = run_chromium("--dump-dom", small_page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "Warning: only 12 postings counted, fewer than the minimum of 30" in dom
    assert dom.count('data-below-min-n="true" opacity="0.45"') == 3
    assert dom.count('class="month-below-min-n"') == 11 and dom.count('class="interval"') >= 10


def test_dom_has_the_charts(page):
    result = run_chromium("--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert dom.count('class="chart bar-chart"') == 3
    assert dom.count('class="bar"') >= 10 and dom.count('class="interval"') == dom.count('class="bar"')
    assert 'class="chart heatmap"' in dom and 'class="chart trend"' in dom
    assert "Browser test report" in dom


def test_screenshot_is_not_blank_and_shows_bars(page, tmp_path):
    shot = tmp_path / "out.png"
    result = run_chromium(f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    import numpy as np

    image = read_png(shot)
    assert image.shape[:2] == (2000, 1200)
    packed = (image[:, :, 0].astype(np.uint32) << 16) | (image[:, :, 1].astype(np.uint32) << 8) | image[:, :, 2]
    colors, counts = np.unique(packed, return_counts=True)
    ink = 1 - counts.max() / counts.sum()
    assert ink > 0.05, f"page looks blank ({ink:.1%} non-background pixels)"
    assert len(colors) > 50, "page has almost no colours"
    # Each category's "required" bar colour appears (antialiasing aside, bar interiors are exact).
    for category, (required, _, _) in PALETTE.items():
        hits = int((image == np.array(_hex(required), dtype=np.uint8)).all(axis=2).sum())
        assert hits > 200, f"no {category} bars visible"
