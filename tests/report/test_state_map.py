"""The HTML report's tile-grid map of postings per state: drawn only when the postings
carry states and at least two states reach the minimum n; small states are grey."""

from __future__ import annotations

import re
import shutil

import pytest

from skillmap.datafiles import data_path
from skillmap.errors import TaxonomyError
from skillmap.io.locations import state_tiles
from skillmap.report.commands import report as report_command
from tests.report.test_html_browser import run_chromium
from tests.tagged_fixture import ROWS, write

# 6 postings in CA, 3 in TX, 2 in NY, 1 without a state.
STATES = ["CA", "CA", "TX", "TX", "CA", "CA", None, "TX", "NY", "NY", "CA", "CA"]


def _page(tmp_path, min_n: int, states=STATES) -> str:
    rows = [{**row, "state": state} for row, state in zip(ROWS, states, strict=True)]
    tagged = write(rows, tmp_path / "tagged.parquet", "parquet")
    out = tmp_path / "report.html"
    report_command(tagged=[tagged], output=out, title="Map test", min_n=min_n)
    return out.read_text(encoding="utf-8")


def _tile(html: str, state: str) -> str:
    return re.search(rf'<g class="tile" data-state="{state}"[^>]*>', html).group(0)


def test_map_shows_postings_per_state_and_greys_small_states(tmp_path):
    html = _page(tmp_path, min_n=3)
    assert html.count('class="chart state-map"') == 1
    assert html.count('<g class="tile"') == len(state_tiles()) == 52
    assert 'data-postings="6"' in _tile(html, "CA") and "data-below-min-n" not in _tile(html, "CA")
    assert 'data-postings="3"' in _tile(html, "TX")
    assert 'data-postings="2" data-below-min-n="true"' in _tile(html, "NY")
    assert 'data-postings="0"' in _tile(html, "WY")
    assert "1 posting without a state" in html
    assert "Grey: 1 of 3 with fewer than 3 postings" in html


@pytest.mark.parametrize(("min_n", "states"), [(4, STATES), (1, ["CA"] * 12), (1, None)])
def test_no_map_for_one_reliable_state_or_no_states(tmp_path, min_n, states):
    if states is None:  # no state column at all
        tagged = write(ROWS, tmp_path / "tagged.parquet", "parquet")
        out = tmp_path / "report.html"
        report_command(tagged=[tagged], output=out, title="Map test", min_n=min_n)
        html = out.read_text(encoding="utf-8")
    else:
        html = _page(tmp_path, min_n, states)
    assert "state-map" not in html


def test_broken_tile_grid_names_file_row_and_field(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_path("geo"), root / "geo")
    tiles = root / "geo" / "state_tiles.csv"
    tiles.write_text(tiles.read_text(encoding="utf-8").replace("TX,7,3", "TX,7,0"), encoding="utf-8")
    with pytest.raises(TaxonomyError) as caught:
        state_tiles(root)
    assert caught.value.code == "E103"
    assert "state_tiles.csv -> row" in str(caught.value) and "taken twice" in str(caught.value)


def test_map_renders_in_chromium(tmp_path):
    page = tmp_path / "report.html"
    _page(tmp_path, min_n=3)
    result = run_chromium("--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count('<g class="tile"') == 52 and 'class="chart state-map"' in result.stdout
