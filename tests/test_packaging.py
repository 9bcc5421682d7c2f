"""Packaging: a clean build prints no setuptools warnings and the wheel ships all data."""

from __future__ import annotations

import os
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


def _pip(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    """The wheel built from this checkout and the build log (pip -v shows the backend's output)."""
    out = tmp_path_factory.mktemp("wheel")
    log = _pip("wheel", "--no-deps", "-v", "-w", str(out), str(ROOT))
    return next(out.glob("skillmap-*.whl")), log


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


@pytest.mark.slow
def test_installed_wheels_load_the_pipeline_by_name(built, tmp_path):
    # Both wheels installed into a folder that comes first on sys.path, so the import
    # below (run outside the checkout) uses the installed copies, not the source (asserted).
    wheel, _ = built
    log = _pip("wheel", "--no-deps", "-v", "-w", str(tmp_path / "dist"), str(ROOT / "pipelines/skillmap_ev"))
    assert "Warning:" not in log
    target = tmp_path / "site"
    _pip("install", "--no-deps", "--target", str(target), str(wheel), *map(str, (tmp_path / "dist").glob("*.whl")))
    script = (
        "import spacy, skillmap, skillmap_ev\n"
        "nlp = spacy.load('skillmap_ev')\n"
        "doc = nlp('Install Level 2 EV chargers.')\n"
        "print(skillmap.__file__, skillmap_ev.__file__, skillmap.default_model_path())\n"
        "print(sorted({s.label_ for s in doc.spans['skills']}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    paths, skills = result.stdout.splitlines()
    assert all(path.startswith(str(target)) for path in paths.split()), paths
    assert skills == "['ev_charger_installation']"
