"""The comparison's HTML page in headless Chromium: it renders offline, the charts are in
the DOM with the JSON's numbers, and the screenshot shows coverage bars and gap marks.

Uses the browser helpers of the report's HTML test; skipped only when Chromium is
missing outside CI."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from skillmap.curriculum.commands import compare
from skillmap.curriculum.html import GAP_COLOR
from skillmap.report.svg import PALETTE
from tests.report.test_html_browser import _hex, read_png, run_chromium

from .conftest import EXAMPLE_PROGRAMS

PCC = EXAMPLE_PROGRAMS / "pcc_evse_apprenticeship.md"
LACI = EXAMPLE_PROGRAMS / "laci_evse_technician.md"


@pytest.fixture(scope="module")
def pages(sm, tmp_path_factory):
    from tests.tagged_fixture import ROWS, write

    folder = tmp_path_factory.mktemp("compare_html")
    tagged = write(ROWS, folder / "tagged.parquet", "parquet")
    one = compare(syllabi=[PCC], demand=[tagged], output=folder / "one.html", sm=sm, min_share=0.1,
                  title="Browser test comparison")
    doc = json.loads(compare(syllabi=[PCC], demand=[tagged], fmt="json", sm=sm, min_share=0.1).data)
    catalog = compare(programs=[f"PCC={PCC}", f"LACI={LACI}"], demand=[tagged], output=folder / "catalog.html", sm=sm,
                      min_share=0.1)
    return one.path, doc, catalog.path


def test_single_program_dom(pages):
    page, doc, _ = pages
    text = page.read_text()
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "") and "<script" not in text
    result = run_chromium("--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "Browser test comparison" in dom
    assert dom.count('class="chart coverage-chart"') == 1
    assert dom.count('class="skill-bar"') == doc["demanded"]
    assert dom.count('data-status="gap"') + dom.count('data-status="prerequisite"') == len(doc["gaps"])
    shown = re.search(r'data-category="all" data-coverage="([0-9.]+)"', dom)
    assert shown and float(shown.group(1)) == pytest.approx(doc["coverage"], abs=1e-6)


def test_catalog_dom(pages):
    _, _, catalog = pages
    dom = run_chromium("--dump-dom", catalog.as_uri()).stdout
    assert 'id="matrix"' in dom and dom.count('class="program"') == 2
    assert dom.count('class="coverage-bar"') == 2 + 2 * 4  # ranking chart, then each program's chart


def test_screenshot_shows_coverage_and_gaps(pages, tmp_path):
    page, _, _ = pages
    shot = tmp_path / "compare.png"
    result = run_chromium(f"--screenshot={shot}", "--window-size=1100,1600", page.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    image = read_png(shot)
    packed = (image[:, :, 0].astype(np.uint32) << 16) | (image[:, :, 1].astype(np.uint32) << 8) | image[:, :, 2]
    colors, counts = np.unique(packed, return_counts=True)
    assert 1 - counts.max() / counts.sum() > 0.05, "page looks blank"
    assert len(colors) > 50
    specialized = int((image == np.array(_hex(PALETTE["specialized"][0]), dtype=np.uint8)).all(axis=2).sum())
    assert specialized > 200, "no taught/coverage bars visible"
    gap_marks = int((np.abs(image.astype(int) - np.array(_hex(GAP_COLOR))).sum(axis=2) < 40).sum())
    assert gap_marks > 50, "no gap marks visible"


def test_gap_table_text_columns_are_left_aligned(pages, tmp_path, sm):
    # Computed in the browser: a copy of the page with a script that records each gap
    # table column's alignment (the page itself has no script).
    from tests.tagged_fixture import ROWS, write

    tagged = write(ROWS, tmp_path / "tagged.parquet", "parquet")
    mentions = tmp_path / "mentions.parquet"
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"id": str(r["id"]), "skill": s, "requirement": "required", "text": "a quote " * 30}
                                         for r in ROWS for s in r["specialized_skills"]]), mentions)
    page = compare(syllabi=[PCC], demand=[tagged], output=tmp_path / "gaps.html", sm=sm, min_share=0.1,
                   mentions=mentions).path
    script = ("<script>const t=document.getElementById('gaps');const heads=[...t.querySelectorAll('th')].map(h=>h.textContent);"
              "const cells=[...t.querySelectorAll('tbody tr:first-child td')];document.body.setAttribute('data-align',"
              "JSON.stringify(Object.fromEntries(cells.map((c,i)=>[heads[i],getComputedStyle(c).textAlign]))));</script>")
    probe = tmp_path / "probe.html"
    probe.write_text(page.read_text().replace("</body>", script + "</body>"))
    dom = run_chromium("--dump-dom", probe.as_uri()).stdout
    found = re.search(r"data-align=\"([^\"]+)\"", dom)
    assert found, dom[-2000:]
    align = json.loads(found.group(1).replace("&quot;", '"'))
    assert "example postings" in align
    assert {k: align[k] for k in ("skill", "category", "note", "example postings")} == dict.fromkeys(
        ("skill", "category", "note", "example postings"), "left")
    assert align["share (postings)"] == align["required"] == "right"
