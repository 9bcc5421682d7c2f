"""Shares a reader can trust: the minimum-n rule, 95% Wilson intervals, machine formats
that hold every skill, and the small output fixes that go with them."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from skillmap.aggregate import diff_report, frequency_report
from skillmap.aggregate.proportions import DEFAULT_MIN_N, wilson_interval
from skillmap.cli import _register, app
from skillmap.errors import ReportError
from skillmap.report import render_diff, render_report
from skillmap.report.tables import percent
from tests.tagged_fixture import ROWS, row, write

_register()
runner = CliRunner()


@settings(deadline=None, max_examples=60)
@given(st.integers(0, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))).filter(lambda t: t[1] > 0))
def test_wilson_interval_is_scipys(case):
    from scipy.stats import binomtest

    count, n = case
    low, high = wilson_interval(count, n)
    expected = binomtest(count, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert low == pytest.approx(expected.low, abs=1e-12) and high == pytest.approx(expected.high, abs=1e-12)
    assert 0 <= low <= count / n <= high <= 1


def test_no_postings_means_nothing_is_known():
    assert wilson_interval(0, 0) == (0.0, 1.0)


@pytest.mark.parametrize(("value", "digits", "text"), [
    (1 / 3000, 1, "<0.1%"), (0.0, 1, "0.0%"), (0.0005, 1, "0.1%"), (0.004, 0, "<1%"), (0.5, 0, "50%"), (1.0, 1, "100.0%"),
])
def test_percent_never_shows_a_present_share_as_zero(value, digits, text):
    assert percent(value, digits) == text


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    return write(ROWS, tmp_path_factory.mktemp("rel") / "tagged.parquet", "parquet")


def test_small_report_is_flagged_everywhere(tagged):
    report = frequency_report(tagged, by="region", extra_groupings=("month",))
    assert report.min_n == DEFAULT_MIN_N == 30 and report.postings == 12 and report.below_min_n
    assert report.warnings and "only 12 postings counted" in report.warnings[0]
    data = report.to_dict()
    assert data["below_min_n"] is True and data["warnings"] == report.notes
    assert all(g["below_min_n"] for g in data["groups"]["values"])
    # A threshold the data meets: no flags, no warnings.
    ok = frequency_report(tagged, by="region", min_n=2)
    assert not ok.below_min_n and ok.warnings == []
    flags = {g.name: g.below_min_n for g in ok.groups["region"].groups}
    assert flags == {"Los Angeles County": False, "Orange County": False, "(none)": True}  # 7, 4, 1 postings


def test_min_n_must_be_positive(tagged):
    with pytest.raises(ReportError, match=r"--min-n 0") as err:
        frequency_report(tagged, min_n=0)
    assert err.value.code == "E605"


def test_every_share_has_its_interval_in_json_csv_and_xlsx(tagged):
    from openpyxl import load_workbook

    report = frequency_report(tagged, by="region", top=0)
    skill = report.categories["qualification"][0]  # drivers_license: 6 of 12
    assert (skill.share_low, skill.share_high) == wilson_interval(6, 12)
    rows = list(csv.DictReader(io.StringIO(render_report(report, "csv"))))
    first = next(r for r in rows if r["by"] == "" and r["id"] == "drivers_license")
    assert (float(first["share_low"]), float(first["share_high"])) == pytest.approx(wilson_interval(6, 12))
    assert first["below_min_n"] == "True"
    book = load_workbook(io.BytesIO(render_report(report, "xlsx")))
    sheet = book["qualification"]
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert (values["share_low"], values["share_high"]) == pytest.approx(wilson_interval(6, 12))
    # XLSX polish: every table has an autofilter and fitted column widths
    assert sheet.auto_filter.ref == sheet.dimensions
    assert sheet.column_dimensions["C"].width >= len("Valid Driver's License")
    summary = {r[0]: r[1] for r in book["summary"].iter_rows(values_only=True)}
    assert summary["min_n"] == 30 and "only 12 postings" in summary["warning"]


def test_text_formats_mark_unreliable_shares(tagged):
    small = frequency_report(tagged, by="region")
    for fmt in ("markdown", "table"):
        text = render_report(small, fmt)
        assert "41.7%†" in text and "fewer than 30 postings (--min-n)" in text, fmt
    assert "19.3%–68.0%" in render_report(small, "markdown")  # evse_service: 5 of 12
    reliable = frequency_report(tagged, by="region", min_n=5)
    text = render_report(reliable, "table")
    assert "41.7%†" not in text and "41.7%" in text
    assert "100%†" in text  # the one posting without a region is still under 5


def test_html_marks_small_samples(tagged):
    small = render_report(frequency_report(tagged, extra_groupings=("soc_code", "month")), "html")
    assert 'id="warnings"' in small and "Warning: only 12 postings counted" in small
    assert small.count('data-below-min-n="true" opacity="0.45"') == 3  # the three bar charts
    assert 'class="interval"' in small and "95% interval" in small
    # every month has fewer than 30 postings: all grey, no line joins them
    trend = small[small.index('class="chart trend"'):]
    trend = trend[: trend.index("</svg>")]
    assert "<polyline" not in trend and trend.count('class="month-below-min-n"') == 11  # 11 months, 1-2 postings each
    heat = small[small.index('class="chart heatmap"'):]
    assert 'data-below-min-n="true"' in heat[: heat.index("</svg>")]

    reliable = render_report(frequency_report(tagged, extra_groupings=("soc_code", "month"), min_n=1), "html")
    assert 'id="warnings"' not in reliable and 'data-below-min-n' not in reliable
    trend = reliable[reliable.index('class="chart trend"'):]
    assert "<polyline" in trend[: trend.index("</svg>")]


def test_trend_line_skips_only_the_small_months(tmp_path):
    rows = [row(f"a{i:02d}", spec=["evse_service"] if i % 2 else [], month="2024-01") for i in range(40)]
    rows += [row("b00", spec=["evse_service"], month="2024-02")]  # 1 posting: would be a jump to 100%
    rows += [row(f"c{i:02d}", spec=["evse_service"] if i % 4 == 0 else [], month="2024-03") for i in range(40)]
    page = render_report(frequency_report(write(rows, tmp_path / "t.parquet", "parquet"), extra_groupings=("month",)), "html")
    trend = page[page.index('class="chart trend"'):]
    trend = trend[: trend.index("</svg>")]
    assert trend.count('class="month-below-min-n"') == 1 and 'data-month="2024-02"' in trend
    assert "<polyline" not in trend  # 2024-01 and 2024-03 are not neighbours once February is left out
    hollow = re.findall(r'<circle [^>]*data-below-min-n="true" data-month="([^"]+)"', trend)
    assert hollow == ["2024-02"]


def many_skills(n: int) -> list[dict]:
    """n postings, the i-th demanding skills s00..s(i): s00 by all, s(n-1) by one."""
    return [row(f"p{i:03d}", spec=[f"s{j:02d}" for j in range(i + 1)]) for i in range(n)]


@pytest.mark.parametrize(("fmt", "top", "expected"), [
    ("json", None, 40), ("csv", None, 40), ("xlsx", None, 40), ("json", 5, 5), ("markdown", None, 25), ("table", None, 25),
])
def test_machine_formats_hold_every_skill_unless_top(tmp_path, fmt, top, expected):
    from skillmap.report.commands import report as report_command

    tagged = write(many_skills(40), tmp_path / "t.parquet", "parquet")
    out = tmp_path / f"r.{ {'markdown': 'md', 'table': 'txt'}.get(fmt, fmt)}"
    outcome = report_command(tagged=[tagged], top=top, fmt=fmt, output=out)
    assert len(outcome.report.categories["specialized"]) == expected
    if fmt == "json":
        assert len(json.loads(out.read_text())["categories"]["specialized"]) == expected
    if fmt == "csv":
        assert sum(1 for r in csv.DictReader(out.open()) if r["category"] == "specialized") == expected


def test_csv_without_by_has_no_empty_group_columns(tagged):
    import pandas as pd

    frame = pd.read_csv(io.StringIO(render_report(frequency_report(tagged), "csv")))
    assert not {"by", "group", "group_label"} & set(frame.columns)
    grouped = pd.read_csv(io.StringIO(render_report(frequency_report(tagged, by="region"), "csv")))
    assert {"by", "group", "group_label"} <= set(grouped.columns)


def test_cli_warns_on_stderr_and_min_n_changes_it(tagged):
    result = runner.invoke(app, ["report", str(tagged), "--json"])
    assert result.exit_code == 0
    assert "Warning: only 12 postings counted, fewer than the minimum of 30 (--min-n)" in result.stderr
    assert json.loads(result.stdout)["below_min_n"] is True
    quiet = runner.invoke(app, ["report", str(tagged), "--json", "--min-n", "10"])
    assert quiet.exit_code == 0 and "Warning" not in quiet.stderr
    assert json.loads(quiet.stdout)["min_n"] == 10
    bad = runner.invoke(app, ["report", str(tagged), "--min-n", "0"])
    assert bad.exit_code != 0 and "[E605] --min-n 0" in bad.stderr


def test_cli_help_states_the_default_min_n():
    for command in ("report", "diff"):
        text = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout
        assert f"default {DEFAULT_MIN_N}" in text, command


def test_diff_warns_about_small_sides_and_gives_intervals(tagged):
    report = diff_report(tagged, tagged, a_where=["region=Orange County"], b_where=["region=Los Angeles County"])
    assert len(report.warnings) == 2 and "side A (region=Orange County) has only 4 postings" in report.warnings[0]
    data = json.loads(render_diff(report, "json"))
    assert data["min_n"] == 30 and data["warnings"] == report.warnings
    row0 = data["categories"]["specialized"][0]
    assert (row0["a_share_low"], row0["a_share_high"]) == pytest.approx(wilson_interval(row0["a_count"], 4))
    assert "Note: side A" in render_diff(report, "markdown")
    assert diff_report(tagged, tagged, min_n=1).warnings == []
