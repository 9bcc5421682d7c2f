"""Every output format shows the same counts, and they are the tagged rows' counts."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from skillmap.aggregate import frequency_report
from skillmap.errors import ReportError
from skillmap.report import render_diff, render_report, resolve_format
from skillmap.report.commands import report as report_command
from tests.tagged_fixture import ROWS, expected_counts

Counts = dict[str, dict[str, int]]


def truth() -> Counts:
    return {c: {s: v[0] for s, v in skills.items()} for c, skills in expected_counts(ROWS).items()}


def from_json(text: str) -> Counts:
    data = json.loads(text)
    assert set(data) == {"postings", "min_n", "below_min_n", "warnings", "filters", "categories", "groups", "provenance"}
    for rows in data["categories"].values():
        for row in rows:
            assert set(row) == {"id", "label", "count", "share", "share_low", "share_high", "required_share"}
            assert row["share_low"] <= row["share"] <= row["share_high"]
    return {c: {r["id"]: r["count"] for r in rows} for c, rows in data["categories"].items()}


def from_csv(text: str) -> Counts:
    out: Counts = {"specialized": {}, "common": {}, "qualification": {}}
    for row in csv.DictReader(io.StringIO(text)):
        if row["by"] == "":
            out[row["category"]][row["id"]] = int(row["count"])
    return out


def from_markdown(text: str) -> Counts:
    out: Counts = {}
    titles = {"Specialized skills": "specialized", "Common skills": "common", "Qualifications": "qualification"}
    category = None
    for line in text.splitlines():
        if line.startswith("## "):
            category = titles.get(line[3:].strip())
            if category:
                out[category] = {}
        elif category and re.match(r"^\| \d+ \|", line):
            cells = [c.strip() for c in line.strip("|").split("|")]
            out[category][cells[2]] = int(cells[3].replace(",", ""))
    return out


def from_xlsx(data: bytes) -> Counts:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    out: Counts = {}
    for category in ("specialized", "common", "qualification"):
        rows = list(book[category].iter_rows(values_only=True))
        header = rows[0]
        out[category] = {r[header.index("id")]: r[header.index("count")] for r in rows[1:]}
    return out


def from_table(text: str) -> Counts:
    out: Counts = {}
    titles = {"Specialized skills": "specialized", "Common skills": "common", "Qualifications": "qualification"}
    category = None
    for line in text.splitlines():
        if line.strip() in titles:
            category = titles[line.strip()]
            out[category] = {}
            continue
        match = re.match(r"^\s*\d+\s+.*?\s([a-z][a-z0-9_]+)\s+([\d,]+)\s+[\d.]+%", line)
        if category and match:
            out[category][match.group(1)] = int(match.group(2).replace(",", ""))
        elif not line.strip():
            category = None if category and out[category] else category
    return out


class _Bars(HTMLParser):
    """Counts on the bars (data-count) and in the number tables under the charts."""

    def __init__(self):
        super().__init__()
        self.category = None
        self.bars: Counts = {}
        self.table: str | None = None
        self.in_count = False
        self.table_counts: dict[str, list[int]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "bar-chart" in a.get("class", ""):
            self.category = a["data-category"]
            self.bars[self.category] = {}
        elif tag == "g" and a.get("class") == "bar":
            self.bars[self.category][a["data-id"]] = int(a["data-count"])
        elif tag == "table":
            self.table = a.get("data-category")
            if self.table:
                self.table_counts[self.table] = []
        elif tag == "span" and a.get("class") == "count" and self.table:
            self.in_count = True

    def handle_endtag(self, tag):
        if tag == "table":
            self.table = None
        elif tag == "span":
            self.in_count = False

    def handle_data(self, data):
        if self.in_count:
            self.table_counts[self.table].append(int(data.replace(",", "")))


def from_html(text: str) -> Counts:
    parser = _Bars()
    parser.feed(text)
    for category, bars in parser.bars.items():
        assert parser.table_counts[category] == list(bars.values())
    return parser.bars


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from tests.tagged_fixture import write

    path = write(ROWS, tmp_path_factory.mktemp("t") / "tagged.parquet", "parquet")
    return frequency_report(path, by="region", top=0, extra_groupings=("soc_code", "month"))


@pytest.mark.parametrize(
    ("fmt", "parse"),
    [("json", from_json), ("csv", from_csv), ("markdown", from_markdown), ("xlsx", from_xlsx), ("html", from_html),
     ("table", from_table)],
)
def test_every_format_has_the_tagged_counts(report, fmt, parse):
    assert parse(render_report(report, fmt)) == truth()


def test_group_counts_agree_between_json_csv_and_xlsx(report):
    data = json.loads(render_report(report, "json"))
    from_json_groups = {(g["value"] or "", r["id"]): r["count"] for g in data["groups"]["values"]
                        for rows in g["categories"].values() for r in rows}
    from_csv_groups = {(row["group"], row["id"]): int(row["count"])
                       for row in csv.DictReader(io.StringIO(render_report(report, "csv"))) if row["by"] == "region"}
    assert from_json_groups == from_csv_groups
    assert data["groups"]["by"] == "region"
    assert from_json_groups[("Orange County", "evse_service")] == 2

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(render_report(report, "xlsx")), read_only=True)
    rows = list(book["specialized"].iter_rows(values_only=True))
    header = rows[0]
    column = header.index("Orange County count")
    xlsx = {r[header.index("id")]: r[column] for r in rows[1:]}
    assert xlsx["evse_service"] == from_json_groups[("Orange County", "evse_service")]
    assert [r[1] for r in book["groups"].iter_rows(values_only=True)][0] == "label"


def test_pairs_in_csv_json_and_html(report, tagged_parquet):
    with_pairs = frequency_report(tagged_parquet, pairs=True, top=0)
    pairs_json = {(p["a"], p["b"]): p["count"] for p in json.loads(render_report(with_pairs, "json"))["pairs"]}
    pairs_csv = {(r["a"], r["b"]): int(r["count"]) for r in csv.DictReader(io.StringIO(render_report(with_pairs, "csv")))}
    assert pairs_json == pairs_csv and pairs_json[("communication", "drivers_license")] == 4
    assert 'id="pairs"' in render_report(with_pairs, "html")


def test_html_is_self_contained(report):
    page = render_report(report, "html")
    assert "<script" not in page and "<link" not in page
    assert re.findall(r"https?://[^\"' ]+", page) == ["http://www.w3.org/2000/svg"] * page.count('xmlns="http://www.w3.org/2000/svg"')
    assert page.count('class="chart bar-chart"') == 3
    assert 'class="chart heatmap"' in page and 'class="chart trend"' in page
    # heatmap cells hold the per-occupation counts
    cells = re.findall(r'<g class="cell" data-id="evse_service" data-group="49-9071" data-count="(\d+)"', page)
    assert cells == ["2"]


def test_html_without_months_or_occupations_still_renders(tmp_path):
    from tests.tagged_fixture import write

    rows = [{k: v for k, v in r.items() if k not in ("month", "soc_code")} for r in ROWS]
    page = render_report(frequency_report(write(rows, tmp_path / "t.parquet", "parquet")), "html")
    assert page.count('class="chart bar-chart"') == 3 and "heatmap" not in page and 'class="chart trend"' not in page


def test_diff_formats_agree(tagged_parquet):
    from skillmap.aggregate import diff_report

    d = diff_report(tagged_parquet, tagged_parquet, a_where=["region=Los Angeles County"], b_where=["region=Orange County"], top=0)
    truth_ = {(r["id"], r["a_count"], r["b_count"]) for rows in d.to_dict()["categories"].values() for r in rows}
    rows = list(csv.DictReader(io.StringIO(render_diff(d, "csv"))))
    assert {(r["id"], int(r["a_count"]), int(r["b_count"])) for r in rows} == truth_
    assert "drivers_license" in render_diff(d, "markdown") and "Δ pts" in render_diff(d, "table")
    assert render_diff(d, "xlsx")[:2] == b"PK"


def test_format_resolution():
    assert resolve_format(None, "out/report.HTML") == "html"
    assert resolve_format("md", None) == "markdown"
    with pytest.raises(ReportError, match="-o FILE.xlsx"):
        resolve_format("xlsx", None)
    with pytest.raises(ReportError, match="suffix"):
        resolve_format(None, "report.pdf")


def test_report_command_writes_files(tagged_parquet, tmp_path):
    outcome = report_command(tagged=[tagged_parquet], output=tmp_path / "r.md", preset="hra-2025")
    text = (tmp_path / "r.md").read_text()
    assert outcome.path == tmp_path / "r.md" and "Skill frequencies (hra-2025)" in text
    assert "less than a Bachelor’s degree" in text  # the preset's source wording is in the report
