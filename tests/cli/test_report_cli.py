"""`skillmap report` and `skillmap diff` on the command line: contract output, files,
clean typed errors and exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from skillmap.cli import _register, app
from tests.tagged_fixture import ROWS, write

_register()
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_report_json_contract(tagged_parquet):
    result = run("report", tagged_parquet, "--json", "--top", "3")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"postings", "min_n", "below_min_n", "warnings", "filters", "categories", "provenance"}
    assert data["postings"] == len(ROWS)
    assert set(data["categories"]) == {"specialized", "common", "qualification"}
    first = data["categories"]["qualification"][0]
    low, high = first.pop("share_low"), first.pop("share_high")
    assert first == {
        "id": "drivers_license", "label": "Valid Driver's License", "count": 6, "share": 6 / 12, "required_share": 4 / 6,
    }
    assert low == pytest.approx(0.2538, abs=1e-4) and high == pytest.approx(0.7462, abs=1e-4)  # Wilson, 6 of 12
    assert all(len(rows) <= 3 for rows in data["categories"].values())


def test_report_preset_by_and_min_postings(tagged_parquet):
    result = run("report", tagged_parquet, "--preset", "hra-2025", "--by", "soc_code", "--json", "--min-postings", "2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["postings"] == 5 and data["filters"]["preset"] == "hra-2025"
    assert data["filters"]["funnel"][-1] == {"step": "months", "postings": 5}
    assert all(row["count"] >= 2 for rows in data["categories"].values() for row in rows)
    groups = {g["value"]: g for g in data["groups"]["values"]}
    assert data["groups"]["by"] == "soc_code" and groups["47-2111"]["label"] == "Electricians"
    assert sum(g["postings"] for g in groups.values()) == 5


def test_report_explicit_filters_and_terminal_table(tagged_file):
    result = run("report", tagged_file, "--ev-related", "--max-education", "associate", "--exclude-soc", "53-3000",
                 "--since", "2023", "--until", "2024-12", "--where", "region=Los Angeles County", "--pairs")
    assert result.exit_code == 0, result.output
    assert "Specialized skills" in result.output and "Skills demanded together" in result.output
    assert "3 postings (of 12" in result.output  # p01, p02, p12


@pytest.mark.parametrize(("suffix", "magic"), [(".html", "<!doctype html>"), (".md", "# Skill"), (".csv", "postings,below_min_n,category")])
def test_report_writes_files(tagged_parquet, tmp_path, suffix, magic):
    out = tmp_path / f"report{suffix}"
    result = run("report", tagged_parquet, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith(magic)


def test_report_xlsx_needs_a_file(tagged_parquet, tmp_path):
    result = run("report", tagged_parquet, "--format", "xlsx")
    assert result.exit_code == 9 and "E607" in result.output
    out = tmp_path / "r.xlsx"
    assert run("report", tagged_parquet, "-o", out).exit_code == 0 and out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["report", "/no/such.parquet"], "E601", "/no/such.parquet"),
        (["report", "{tagged}", "--by", "county"], "E606", "county"),
        (["report", "{tagged}", "--max-education", "phd"], "E605", "--max-education"),
        (["report", "{tagged}", "--preset", "nope"], "E605", "hra-2025"),
        (["report", "{tagged}", "--exclude-soc", "99-9999"], "E605", "99-9999"),
        (["report", "{nomonth}", "--since", "2023-01"], "E603", "'month'"),
        (["diff", "{tagged}", "{tagged}", "--b-where", "region=Mars"], "E608", "region=Mars"),
    ],
)
def test_errors_are_one_line_with_codes(tagged_parquet, tmp_path, args, code, fragment):
    nomonth = write([{k: v for k, v in r.items() if k != "month"} for r in ROWS], tmp_path / "nomonth.parquet", "parquet")
    args = [a.format(tagged=tagged_parquet, nomonth=nomonth) for a in args]
    result = run(*args)
    assert result.exit_code == 9, result.output
    assert code in result.output and fragment in result.output and "Traceback" not in result.output


def test_diff_cli_json_and_table(tagged_parquet):
    result = run("diff", tagged_parquet, tagged_parquet, "--a-where", "region=Los Angeles County", "--b-where",
                 "region=Orange County", "--a-label", "LA", "--b-label", "OC", "--json", "--top", "0")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["a"]["label"], data["a"]["postings"], data["b"]["postings"]) == ("LA", 7, 4)
    row = next(r for r in data["categories"]["qualification"] if r["id"] == "drivers_license")
    assert (row["a_count"], row["b_count"]) == (4, 1)
    table = run("diff", tagged_parquet, tagged_parquet, "--a-where", "month<=2023-12", "--b-where", "month>=2024-01")
    assert table.exit_code == 0 and "Δ pts" in table.output


def test_help_documents_the_methodology():
    result = run("report", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "less than a Bachelor's degree [associate's degree" in text and "--preset" in text and "Example:" in text


def test_readme_report_commands_run(tagged_parquet, tmp_path, monkeypatch):
    """Every `skillmap report` / `skillmap diff` line of the README's Reports section runs."""
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Reports", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith(("skillmap report ", "skillmap diff "))]
    assert len(lines) >= 7
    monkeypatch.chdir(tmp_path)
    parts = tmp_path / "tagged"
    parts.mkdir()
    write(ROWS, parts / "part-0.parquet", "parquet")
    write(ROWS, tmp_path / "tagged.parquet", "parquet")
    for line in lines:
        args = shlex.split(line, comments=True)[1:]
        result = run(*args)
        assert result.exit_code == 0, (line, result.output)
