"""Packaging: a clean build prints no setuptools warnings and the wheel ships all data."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Source folders that setuptools maps into the package (see [tool.setuptools] package-dir).
SOURCES = {"skillmap": "skillmap", "taxonomies": "skillmap.taxonomies", "models": "skillmap.models"}


def _folders_with_files() -> dict[str, Path]:
    """Dotted package name -> folder, for every shipped folder that holds a file."""
    found = {}
    for top, package in SOURCES.items():
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".so"}:
                relative = path.parent.relative_to(ROOT / top)
                found[".".join([package, *relative.parts])] = path.parent
    return found


def _data_files() -> set[str]:
    """Wheel paths of the data shipped from taxonomies/ and models/."""
    files = set()
    for top in ("taxonomies", "models"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                files.add(f"{SOURCES[top].replace('.', '/')}/{path.relative_to(ROOT / top).as_posix()}")
    return files


def test_every_folder_with_files_is_a_declared_package():
    # An undeclared folder is what made setuptools print "Package would be ignored" for
    # 13 data folders on every install.
    declared = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    missing = sorted(set(_folders_with_files()) - declared)
    assert not missing, f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"


def test_license_is_an_spdx_string():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"  # the TOML-table form is deprecated (setuptools >= 77)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """The wheel built from this checkout and the build log (pip -v shows the backend's output)."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return next(out.glob("skillmap-*.whl")), result.stdout + result.stderr


@pytest.mark.slow
def test_wheel_builds_without_setuptools_warnings(built):
    _, log = built
    warnings = [line for line in log.splitlines() if "Warning:" in line or "would be ignored" in line]
    assert not warnings, "\n".join(warnings)


@pytest.mark.slow
def test_wheel_ships_every_data_file(built):
    wheel, _ = built
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = sorted(_data_files() - names)
    assert not missing, missing
    assert "skillmap/demo/postings.jsonl" in names
