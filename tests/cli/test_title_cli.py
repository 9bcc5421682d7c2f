"""`skillmap title` and `skillmap evaluate-titles`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from skillmap.cli import _register, app
from tests.conftest import FIXTURES

_register()
runner = CliRunner()
CONTRACT = {"id", "title", "soc_code", "soc_title", "proposed_code", "score", "alternatives"}


def test_title_json_contract():
    result = runner.invoke(app, ["title", "EV Charger Field Tech II - Nights", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert CONTRACT <= set(data)
    assert (data["soc_code"], data["proposed_code"]) == ("49-2093", "49-2093.91")


def test_title_with_text_uses_skill_evidence():
    body = "Install Level 2 EV chargers and run new circuits. EVITP certification required."
    result = runner.invoke(app, ["title", "Electrician", "--text", body, "--json"])
    assert json.loads(result.stdout)["proposed_code"] == "47-2111.91"


def test_title_file_of_lines_and_jsonl(tmp_path):
    lines = tmp_path / "titles.txt"
    lines.write_text("Diesel Tech\n\nSoftware Engineer\n")
    out = [json.loads(x) for x in runner.invoke(app, ["title", "--file", str(lines), "--json"]).stdout.splitlines()]
    assert [d["soc_code"] for d in out] == ["49-3031", "15-1252"]
    jsonl = tmp_path / "titles.jsonl"
    jsonl.write_text('{"id": "a", "title": "Field Technician", "text": "Repair DC fast chargers and update charger firmware."}\nnot json\n{"id": "b", "title": ""}\n')
    result = runner.invoke(app, ["title", "--file", str(jsonl), "--json"])
    assert result.exit_code == 0
    out = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [d["id"] for d in out] == ["a", "b"]
    assert out[0]["proposed_code"] == "49-2093.91"
    assert out[1]["soc_code"] is None
    assert "E206" in result.stderr


def test_title_human_output_and_errors():
    assert "49-3031" in runner.invoke(app, ["title", "Sr. Diesel Tech - $10K Sign On Bonus"]).output
    missing = runner.invoke(app, ["title", "--file", "/no/such/titles.txt"])
    assert missing.exit_code == 3 and "E205" in missing.output


def test_evaluate_titles(tmp_path):
    result = runner.invoke(app, ["evaluate-titles", str(FIXTURES / "titles_gold.csv"), "--json", "--details"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == 5
    assert report["accuracy"] == 1.0 and report["proposed"]["accuracy"] == 1.0
    floor = runner.invoke(app, ["evaluate-titles", str(FIXTURES / "titles_gold.csv"), "--min-accuracy", "1.01"])
    assert floor.exit_code == 6
    bad = tmp_path / "bad.csv"
    bad.write_text("title\nElectrician\n")
    broken = runner.invoke(app, ["evaluate-titles", str(bad)])
    assert broken.exit_code == 7 and "E504" in broken.output


def test_new_commands_have_examples():
    for command in ("title", "evaluate-titles", "build-title-model"):
        assert "Example:" in runner.invoke(app, [command, "--help"]).output
