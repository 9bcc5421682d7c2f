"""Helpers of the bad-input corpus: run a CLI command in-process, assert a clean outcome."""

from __future__ import annotations

from pathlib import Path

import srsly
from typer.testing import CliRunner

from skillmap.cli import _register, app

_register()
_runner = CliRunner()


def run_cli(*args: str, input: str | None = None):
    """The CLI run in-process; fails the test on any exception the CLI did not handle."""
    result = _runner.invoke(app, [str(a) for a in args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"unhandled {type(result.exception).__name__}: {result.exception!r}\n{result.output}")
    assert "Traceback" not in result.output, result.output
    return result


def write_extension(path: Path, skills: list[dict], term_sets: dict | None = None) -> Path:
    """An extension taxonomy file with the given skill records (defaults filled in)."""
    records = [
        {"label": s["id"].replace("_", " ").title(), "category": "specialized", "description": "d",
         "counts_when": "c", **s}
        for s in skills
    ]
    data = {"name": "hostile", "version": "1", "extends": "ev_evse", "description": "test",
            "term_sets": term_sets or {}, "skills": records}
    srsly.write_yaml(path, data)
    return path
