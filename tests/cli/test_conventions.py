"""Conventions users bring from other tools: shell completion, `-` for standard input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from skillmap.cli import _register, app

_register()
runner = CliRunner()


def test_show_completion_prints_a_bash_script():
    result = runner.invoke(app, ["--show-completion", "bash"])
    assert result.exit_code == 0, result.output
    assert "_SKILLMAP_COMPLETE=complete_bash" in result.output and "complete " in result.output


def test_completion_offers_command_names():
    env = {**os.environ, "_SKILLMAP_COMPLETE": "complete_bash", "COMP_WORDS": "skillmap ta", "COMP_CWORD": "1"}
    script = Path(sys.executable).parent / "skillmap"  # the installed command: completion keys on its name
    result = subprocess.run([str(script)], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["tag", "taxonomy"]


def test_extract_dash_reads_standard_input():
    result = runner.invoke(app, ["extract", "-", "--json"], input="Use a multimeter and hand tools.")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["id"] == "stdin" and {"test_equipment", "hand_tools"} <= {s["id"] for s in data["skills"]}


def test_extract_empty_text_prints_its_error_once():
    result = runner.invoke(app, ["extract", ""])
    assert result.exit_code == 3
    assert result.output.count("E201") == 1 and "rejected" not in result.output


def test_tag_refuses_zero_workers(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,title,text\n1,EV Tech,Install EV chargers.\n")
    result = runner.invoke(app, ["tag", str(source), "-o", str(tmp_path / "out.parquet"), "--workers", "0"])
    assert result.exit_code == 8 and "E700" in result.output and "--workers 0: must be at least 1" in result.output
    assert not (tmp_path / "out.parquet").exists()


def test_tag_says_an_empty_file_is_empty(tmp_path):
    import gzip

    for name, data in (("empty.csv", b""), ("empty.jsonl.gz", gzip.compress(b""))):
        (tmp_path / name).write_bytes(data)
        result = runner.invoke(app, ["tag", str(tmp_path / name), "-o", str(tmp_path / "out.parquet"), "-q"])
        assert result.exit_code == 8 and f"{name}: empty file" in result.output, result.output
