"""`skillmap compare` and `skillmap syllabus` on the command line: formats, warnings for
bad files with the good ones still counted, exit codes, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from skillmap.cli import _register, app
from tests.curriculum.syllabus_files import write_pdf, write_scanned_pdf

_register()
runner = CliRunner()
PROGRAMS = Path(__file__).resolve().parents[2] / "examples" / "programs"
LACI = str(PROGRAMS / "laci_evse_technician.md")
PCC = str(PROGRAMS / "pcc_evse_apprenticeship.md")


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_json_contract(tagged_parquet):
    result = run("compare", LACI, "--demand", tagged_parquet, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"taught", "prerequisites", "coverage", "coverage_by_category", "gaps", "surplus"} <= set(data)
    assert 0 <= data["coverage"] <= 1
    assert all({"id", "label", "category", "demand_share"} <= set(g) for g in data["gaps"])


def test_terminal_table(tagged_parquet):
    result = run("compare", LACI, "--demand", tagged_parquet, "--ev-related")
    assert result.exit_code == 0, result.output
    assert "Coverage" in result.output and "Gaps" in result.output and "LACI EVSE Technician Program" in result.output


@pytest.mark.parametrize("suffix,marker", [(".md", "## Gaps"), (".csv", "program,rank,category,id"), (".html", "<svg")])
def test_written_formats(tagged_parquet, tmp_path, suffix, marker):
    out = tmp_path / f"out{suffix}"
    result = run("compare", LACI, PCC, "--name", "Combined", "--demand", tagged_parquet, "-o", out)
    assert result.exit_code == 0, result.output
    assert marker in out.read_text()


def test_bad_file_is_reported_and_the_rest_counts(tagged_parquet, tmp_path):
    scanned = write_scanned_pdf(tmp_path / "scan.pdf")
    result = run("compare", LACI, scanned, "--demand", tagged_parquet, "--json")
    assert result.exit_code == 0
    assert "E804" in result.stderr and "scan.pdf" in result.stderr
    data = json.loads(result.stdout)
    assert data["taught"] and data["problems"][0]["code"] == "E804"


def test_no_readable_file_fails(tagged_parquet, tmp_path):
    result = run("compare", write_scanned_pdf(tmp_path / "scan.pdf"), "--demand", tagged_parquet)
    assert result.exit_code == 9
    assert "E807" in result.stderr and "scan.pdf" in result.stderr


@pytest.mark.parametrize("args,code", [
    (["--program", "no-equals-sign"], "E808"),
    (["--program", "=x.md"], "E808"),
    (["--program", f"A={LACI}", "--min-share", "2"], "E811"),
    (["--program", f"A={LACI}", "--occupation", "Astronauts"], "E811"),
    ([LACI, "--format", "xlsx"], "E811"),
    ([LACI], "E811"),  # no --demand
])
def test_option_errors(tagged_parquet, args, code):
    demand = [] if args == [LACI] else ["--demand", str(tagged_parquet)]
    result = run("compare", *args, *demand)
    assert result.exit_code == 9, result.output
    assert code in result.stderr


def test_catalog_ranking(tagged_parquet, tmp_path):
    pdf = write_pdf(tmp_path / "soldering.pdf", ["Soldering Basics", "Lesson 1 Soldering and desoldering (4 hrs)"])
    result = run("compare", "--demand", tagged_parquet, "--program", f"LACI={LACI}", "--program", f"PCC={PCC}",
                 "--program", f"Solder={pdf}", "--json")
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.output)["ranking"]
    assert [r["coverage"] for r in ranking] == sorted((r["coverage"] for r in ranking), reverse=True)
    assert ranking[-1]["program"] == "Solder"


def test_syllabus_command(tmp_path):
    result = run("syllabus", PCC, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "evse_service" in data["taught"] and "drivers_license" in data["prerequisites"]
    assert "high_voltage" in data["not_taught"]
    table = run("syllabus", PCC)
    assert table.exit_code == 0 and "Taught skills" in table.output


def test_help_has_examples():
    for command in ("compare", "syllabus"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example:" in result.output


def test_one_program_option_gives_the_single_program_document(tagged_parquet):
    result = run("compare", "--demand", tagged_parquet, "--program", f"LACI={LACI}", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["program"] == "LACI" and "coverage" in data and "ranking" not in data
