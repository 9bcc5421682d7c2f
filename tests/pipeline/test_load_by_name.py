"""The bundled pipeline loads by name, like a spaCy pipeline package (en_core_web_sm)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import spacy

import skillmap

ROOT = Path(__file__).resolve().parents[2]
TEXT = "Install Level 2 EV chargers. Valid driver's license required; a CDL is not required."


def _skills(doc) -> list[tuple[str, int, int]]:
    return [(span.label_, span.start_char, span.end_char) for span in doc.spans["skills"]]


def test_default_model_path_is_the_bundled_pipeline():
    path = skillmap.default_model_path()
    assert (path / "config.cfg").is_file()
    assert json.loads((path / "meta.json").read_text())["name"] == "skillmap_ev"
    assert _skills(spacy.load(path)(TEXT)) == _skills(skillmap.load().nlp(TEXT))


def test_spacy_loads_the_pipeline_by_name():
    assert "skillmap_ev" in spacy.util.get_installed_models()
    by_name = spacy.load("skillmap_ev")
    assert by_name.pipe_names == spacy.load(skillmap.default_model_path()).pipe_names
    doc = by_name(TEXT)
    assert {"ev_charger_installation", "drivers_license"} <= {label for label, _, _ in _skills(doc)}
    assert _skills(doc) == _skills(skillmap.load().nlp(TEXT))


def test_load_by_name_passes_spacy_options_on():
    nlp = spacy.load("skillmap_ev", exclude=["skillmap_attributes"])
    assert "skillmap_attributes" not in nlp.pipe_names and "skillmap_skills" in nlp.pipe_names


def test_pipeline_package_matches_skillmap_version():
    # The pipeline package holds no data; it must pin the skillmap whose model it loads.
    project = tomllib.loads((ROOT / "pipelines/skillmap_ev/pyproject.toml").read_text())["project"]
    assert project["version"] == skillmap.__version__
    assert project["dependencies"] == [f"skillmap=={skillmap.__version__}"]
