"""The CLI: contract output, file/stdin input, rejects, exit codes, help text."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from skillmap.cli import _register, app
from tests.conftest import run_fresh

_register()
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_extract_argument_json():
    result = run("extract", "Troubleshoot DC fast chargers. Valid driver's license required.", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ids = {s["id"] for s in data["skills"]}
    assert {"evse_service", "dc_fast_charging", "drivers_license"} <= ids
    assert set(data["skills"][0]) == {"id", "label", "category", "start", "end", "text", "requirement"}


def test_extract_stdin():
    result = run("extract", "--json", input="Use a multimeter and hand tools.")
    assert result.exit_code == 0, result.output
    assert {"test_equipment", "hand_tools"} <= {s["id"] for s in json.loads(result.output)["skills"]}


def test_extract_jsonl_with_broken_lines(tmp_path):
    path = tmp_path / "postings.jsonl"
    rejects = tmp_path / "rejects.jsonl"
    path.write_text(
        '{"id": "a", "title": "EVSE Technician", "text": "Repair chargers."}\n'
        "{not json\n"
        '{"id": "c", "text": ""}\n'
        '{"id": "d", "text": 7}\n'
        '{"id": "e"}\n'
        '{"id": "f", "text": "Forklift certified."}\n'
    )
    result = run("extract", "--file", str(path), "--json", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [d["id"] for d in lines] == ["a", "f"]
    rows = [json.loads(line) for line in rejects.read_text().splitlines()]
    assert [r["line"] for r in rows] == [2, 3, 4, 5]
    assert {r["code"] for r in rows} == {"E206", "E201", "E202"}


def test_extract_human_output_highlights():
    result = run("extract", "Install Level 2 EV chargers.")
    assert result.exit_code == 0
    assert "ev_charger_installation" in result.output


@pytest.mark.parametrize(
    ("args", "code"),
    [(["extract", "   "], 3), (["extract", "--file", "/no/such/file.jsonl"], 3)],
)
def test_extract_errors_have_clean_messages(args, code):
    result = run(*args)
    assert result.exit_code == code
    assert "Traceback" not in result.output
    assert "E20" in result.output


def test_taxonomy_commands(tmp_path):
    assert "evse_service" in run("taxonomy", "list").output
    shown = run("taxonomy", "show", "cdl")
    assert json.loads(shown.output)["broader"] == "drivers_license"
    assert run("taxonomy", "show", "nope").exit_code == 2
    assert run("taxonomy", "validate").exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nversion: '1'\nskills:\n  - id: Bad Id\n    label: x\n    category: common\n    description: x\n")
    result = run("taxonomy", "validate", str(bad))
    assert result.exit_code == 2
    assert "bad.yaml -> skills[0] (Bad Id) -> id" in result.output


def test_evaluate_fixture(fixtures):
    result = run("evaluate", str(fixtures / "gold.jsonl"), str(fixtures / "postings.jsonl"), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    # t1: all four plus implied drivers_license found; t2: forklift is a false positive
    # and mechanical_systems (not in the text) a false negative.
    assert report["overall"] == {"precision": 0.8571, "recall": 0.8571, "f1": 0.8571, "tp": 6, "fp": 1, "fn": 1}
    assert report["by_skill"]["forklift_certification"]["fp"] == 1
    floor = run("evaluate", str(fixtures / "gold.jsonl"), str(fixtures / "postings.jsonl"), "--min-f1", "0.99")
    assert floor.exit_code == 6


def test_demo_runs():
    result = run("demo")
    assert result.exit_code == 0, result.output
    assert "rejected" in result.output
    assert "Tagged 7 postings" in result.output


def test_every_command_has_help_with_an_example():
    import typer.main

    group = typer.main.get_command(app)
    ctx = group.make_context("skillmap", ["--help"], resilient_parsing=True)
    names = group.list_commands(ctx)
    assert {"extract", "taxonomy", "evaluate", "demo", "build-model"} <= set(names)
    for name in names:
        command = group.get_command(ctx, name)
        subcommands = getattr(command, "commands", None)
        targets = list(subcommands.values()) if subcommands else [command]
        for target in targets:
            assert "Example:" in (target.help or ""), f"{name} {target.name} lacks an example"


def test_extract_binary_file_is_rejected_cleanly(tmp_path):
    blob = tmp_path / "posting.txt"
    blob.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    result = run("extract", "--file", str(blob))
    assert result.exit_code == 3
    assert "E204" in result.output
    assert "posting.txt" in result.output


def test_extract_html_file_keeps_offsets(tmp_path):
    page = tmp_path / "posting.html"
    html = "<html><body><h2>Requirements</h2><ul><li>Valid <b>CDL</b> Class A</li><li>Use a multimeter</li></ul></body></html>"
    page.write_text(html)
    result = run("extract", "--file", str(page), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"cdl", "test_equipment"} <= {s["id"] for s in data["skills"]}
    for skill in data["skills"]:
        assert html[skill["start"] : skill["end"]] == skill["text"]


def test_demo_runs_the_main_job_end_to_end(tmp_path):
    import pyarrow.parquet as pq

    result = run("demo", "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "tagged.parquet")
    assert table.num_rows == 7
    assert "specialized_skills" in table.column_names and "soc_code" in table.column_names
    rejects = (tmp_path / "tagged.rejects.jsonl").read_text().splitlines()
    assert len(rejects) == 1 and "E201" in rejects[0]
    # the demo postings' location field gives the region columns
    by_id = {row["id"]: row for row in table.to_pylist()}
    assert by_id["demo-01"]["county_fips"] == "06037" and by_id["demo-05"]["cbsa_code"] == "40140"
    assert by_id["demo-06"]["county_fips"] is None and by_id["demo-06"]["remote"] == "remote"
    assert "Los Angeles County, CA 3; Orange County, CA 1; San Bernardino County, CA 1; no county 2" in " ".join(
        result.output.split())


def test_registering_commands_does_not_load_the_taxonomy_stack():
    # `skillmap tag` starts worker processes that load the pipeline themselves; the parent
    # paying ~0.4 s for pydantic, srsly and the extractor before it starts them is waste.
    code = (
        "import sys\nfrom skillmap.cli import _register\n_register()\n"
        "print(sorted(m for m in ('skillmap.extractor', 'skillmap.taxonomy.loader', 'pydantic') if m in sys.modules))\n"
    )
    result = run_fresh(code)
    assert result == "[]"


def test_quiet_tag_imports_neither_rich_nor_the_parquet_writer_before_its_workers(tmp_path):
    # Both cost ~20 ms of a job's serial start-up; rich draws nothing with --quiet, and
    # the Parquet writer is imported after the workers fork (batch.output.preload_writer).
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "1", "title": "EV Technician", "text": "Install Level 2 EV chargers."}\n')
    code = (
        "import sys\nimport skillmap.batch.job as job\nfrom skillmap.cli import main\n"
        "start = job._start_pool\n"
        "def spy(*a, **k):\n"
        "    print(sorted((m, m in sys.modules) for m in ('rich', 'pyarrow.parquet')), flush=True)\n"
        "    return start(*a, **k)\n"
        "job._start_pool = spy\n"
        f"sys.argv = ['skillmap', 'tag', {str(source)!r}, '-o', {str(tmp_path / 'out.parquet')!r}, '--quiet', '--workers', '2']\n"
        "main()\n"
    )
    assert run_fresh(code) == "[('pyarrow.parquet', False), ('rich', False)]"


def test_long_help_texts_are_one_line_per_paragraph():
    # The help renderer keeps a help string's line breaks and wraps again at the terminal
    # width, which left one-word lines in `skillmap tag --help`.
    from skillmap.cli import unwrapped

    assert unwrapped("Reads CSV\nand TSV.\n\nExample: x\n") == "Reads CSV and TSV.\n\nExample: x"
    _register()
    helps = {c.name: c.help for c in app.registered_commands if c.name in ("tag", "extract", "syllabus")}
    assert len(helps) == 3
    for name, text in helps.items():
        assert "\n" not in text.replace("\n\n", ""), name
