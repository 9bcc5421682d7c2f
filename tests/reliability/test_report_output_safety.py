"""Report outputs keep hostile group values and labels as inert text (XLSX, Markdown)."""

from __future__ import annotations

import io
import re

import pytest

from tests.reliability.hostile import run_cli
from tests.tagged_fixture import ROWS, write

HOSTILE_GROUPS = [
    '=HYPERLINK("http://evil.example/x","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "**bold** | `code` ~~gone~~",
]


@pytest.fixture
def hostile_tagged(tmp_path):
    rows = [dict(r, region=HOSTILE_GROUPS[i % len(HOSTILE_GROUPS)]) for i, r in enumerate(ROWS)]
    return write(rows, tmp_path / "tagged.jsonl", "jsonl")


def test_xlsx_writes_formula_like_values_as_text(hostile_tagged, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    result = run_cli("report", hostile_tagged, "--by", "region", "-o", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    seen = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in HOSTILE_GROUPS:
                    seen[cell.value] = (cell.data_type, cell.quotePrefix)
    assert set(seen) == set(HOSTILE_GROUPS)
    for value in HOSTILE_GROUPS[:4]:
        assert seen[value] == ("s", True), value


def test_markdown_escapes_group_values(hostile_tagged):
    result = run_cli("report", hostile_tagged, "--by", "region", "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "[click](javascript" not in text and "\\[click\\](javascript" in text
    assert not re.search(r"(?<!\\)<img", text) and "\\<img src=x onerror=alert(1)\\>" in text
    assert "\\*\\*bold\\*\\* \\| \\`code\\` \\~\\~gone\\~\\~" in text
    tables = re.findall(r"(?:^\|.*\n)+", text, re.MULTILINE)
    assert tables
    for table in tables:  # an unescaped "|" in a value would add a column to its row
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in table.splitlines()}
        assert len(widths) == 1, table
