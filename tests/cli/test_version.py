"""`skillmap --version` and `python -m skillmap`, as users of other tools expect."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from skillmap import __version__
from skillmap.cli import _register, app

_register()


def test_version_names_the_version_and_the_scanner():
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"skillmap {__version__}" and lines[1].startswith("compiled scanner: ")


def test_version_says_when_the_python_path_runs(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name.endswith("._scan") else real(name, *a))
    result = CliRunner().invoke(app, ["--version"])
    assert "compiled scanner: no (installed without a C compiler" in result.stdout


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "skillmap", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith(f"skillmap {__version__}\n")
