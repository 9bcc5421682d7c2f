"""The README keeps its promises: the two set-up commands first, CI runs the test one."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_opens_with_the_two_commands():
    lines = [line for line in (ROOT / "README.md").read_text().splitlines() if line.strip()][:4]
    assert lines[1].startswith("make demo")
    assert lines[2].startswith("make test")


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_makefile_targets_exist():
    text = (ROOT / "Makefile").read_text()
    assert "\ndemo:" in text and "\ntest:" in text


def test_every_cli_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for command in ("extract", "taxonomy", "evaluate", "build-model", "demo", "title", "evaluate-titles", "build-title-model",
                    "tag", "report", "diff", "compare", "syllabus"):
        assert f"skillmap {command}" in readme or f"`skillmap {command}`" in readme, command
