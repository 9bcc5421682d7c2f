"""Terminal output fits 80 columns: the demo and report tables, `--by` group titles, and
help text that wraps at the terminal's width, not at its source's line breaks."""

from __future__ import annotations

import io
import os
import subprocess
import sys

from rich.console import Console
from typer.testing import CliRunner

from skillmap.aggregate import frequency_report
from skillmap.cli import _register, app
from skillmap.report.text import report_renderables, terminal_layout
from tests.tagged_fixture import ROWS, write

_register()


def _render(report, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    for item in report_renderables(report, **terminal_layout(width)):
        console.print(item)
    return console.file.getvalue().splitlines()


def test_report_tables_fit_80_columns_with_every_column(tmp_path):
    report = frequency_report(write(ROWS, tmp_path / "t.parquet", "parquet"), min_n=1)
    lines = _render(report, 80)
    assert max(len(line.rstrip()) for line in lines) <= 80
    header = next(line for line in lines if "postings" in line and "share" in line)
    assert header.split() == ["#", "skill", "postings", "share", "required", "preferred"]
    assert any(" id " in f" {line} " for line in _render(report, 120))  # wide terminals show ids


def test_by_soc_code_names_the_occupations(tmp_path):
    report = frequency_report(write(ROWS, tmp_path / "t.parquet", "parquet"), by="soc_code", min_n=1)
    text = "\n".join(_render(report, 80))
    named = [g for g in report.groups["soc_code"].groups[:terminal_layout(80)["max_groups"]] if g.label]
    assert named
    for group in named:
        assert f"{group.name} {group.label}" in " ".join(text.split())


def test_demo_fits_80_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    assert any(line.split()[-4:] == ["postings", "share", "required", "preferred"] for line in lines if line.strip())
    # skill lists wrap under themselves, never back to column 0
    assert all(line.startswith((" ", "─", "demo-", "rejected")) for line in lines[: lines.index(next(
        line for line in lines if "skillmap tag ->" in line))])


def test_help_paragraphs_have_no_hard_line_breaks():
    def commands(typer_app):
        yield from typer_app.registered_commands
        for group in typer_app.registered_groups:
            yield from commands(group.typer_instance)

    for command in commands(app):
        assert all("\n" not in paragraph for paragraph in command.help.split("\n\n")), command.name


def test_help_lines_fit_80_columns():
    env = {**os.environ, "COLUMNS": "80"}
    for args in (["--help"], ["compare", "--help"], ["report", "--help"]):
        result = subprocess.run([sys.executable, "-m", "skillmap", *args], env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
