"""The bundled taxonomy is valid and complete; broken taxonomies give precise errors."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import srsly

from skillmap.errors import TaxonomyError
from skillmap.taxonomy import bundled_extensions, data_path, load_taxonomy

# The stable public ids of spec/core-skills.csv (kept here so tests need no ../shared).
CORE_SKILLS = {
    "electric_vehicles": "specialized", "ev_charger_installation": "specialized",
    "evse_service": "specialized", "dc_fast_charging": "specialized",
    "charger_networking_firmware": "specialized", "field_service_management": "specialized",
    "safety_standards": "specialized", "high_voltage": "specialized",
    "electrical_systems": "specialized", "electrical_wiring": "specialized",
    "low_voltage": "specialized", "hand_tools": "specialized", "diagnostic_tools": "specialized",
    "test_equipment": "specialized", "electronics": "specialized", "soldering": "specialized",
    "battery_systems": "specialized", "blueprint_reading": "specialized",
    "electrical_code": "specialized", "preventive_maintenance": "specialized",
    "mechanical_systems": "specialized", "cad_software": "specialized",
    "maintenance_software": "specialized", "fleet_management": "specialized",
    "inventory_management": "specialized", "budgeting": "specialized",
    "communication": "common", "customer_service": "common", "operations": "common",
    "management": "common", "problem_solving": "common", "physical_ability": "common",
    "good_driving_record": "common", "computer_literacy": "common", "teamwork": "common",
    "willingness_to_travel": "common",
    "drivers_license": "qualification", "cdl": "qualification",
    "ase_certification": "qualification", "ase_ev_certification": "qualification",
    "evitp_certification": "qualification", "sae_evse_certification": "qualification",
    "osha_card": "qualification", "cpr_first_aid": "qualification",
    "forklift_certification": "qualification", "electrician_license": "qualification",
    "manufacturer_certification": "qualification", "registered_service_agent": "qualification",
    "project_management_certification": "qualification", "reliable_transportation": "qualification",
}


@pytest.fixture(scope="module")
def raw_taxonomy() -> dict:
    return srsly.read_yaml(data_path("ev_skills.yaml"))


def _write(tmp_path: Path, data: dict, name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    srsly.write_yaml(path, data)
    return path


def test_bundled_taxonomy_has_every_core_skill_with_its_category():
    taxonomy = load_taxonomy()
    by_id = taxonomy.by_id()
    for skill_id, category in CORE_SKILLS.items():
        assert skill_id in by_id, skill_id
        assert by_id[skill_id].category == category
    assert by_id["cdl"].broader == "drivers_license"
    assert by_id["ase_ev_certification"].broader == "ase_certification"


def test_every_skill_has_aliases_or_patterns_and_a_source():
    for skill in load_taxonomy().skills:
        assert skill.aliases or skill.patterns, skill.id
        assert skill.sources.report or skill.sources.onet or skill.sources.lightcast, skill.id


@pytest.mark.parametrize(
    ("mutate", "location", "message"),
    [
        (lambda d: d["skills"].append(copy.deepcopy(d["skills"][0])), "-> id", "duplicate id"),
        (lambda d: d["skills"][5]["aliases"].append("OCPP"), "aliases", "already claimed by skill 'charger_networking_firmware'"),
        (lambda d: d["skills"][1]["related_soc"].append("99-9999"), "related_soc", "not a SOC 2018 detailed code"),
        (lambda d: d["skills"][2].__setitem__("broader", "no_such_skill"), "broader", "unknown skill id"),
        (lambda d: d["skills"][3].__setitem__("colour", "red"), "colour", "Extra inputs are not permitted"),
        (lambda d: d["skills"][4]["patterns"].append("(unclosed"), "patterns", "missing ')'"),
        (lambda d: d["skills"][4].__setitem__("category", "soft"), "category", "Input should be"),
    ],
)
def test_schema_errors_name_file_record_and_field(tmp_path, raw_taxonomy, mutate, location, message):
    data = copy.deepcopy(raw_taxonomy)
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    text = str(info.value)
    assert "broken.yaml -> skills[" in text
    assert location in text
    assert message in text


def test_all_problems_are_reported_at_once(tmp_path, raw_taxonomy):
    data = copy.deepcopy(raw_taxonomy)
    data["skills"][1]["related_soc"].append("99-9999")
    data["skills"][2]["broader"] = "nope"
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(_write(tmp_path, data))
    assert len(info.value.problems) == 2


def test_broader_cycle_is_an_error(tmp_path, fixtures):
    data = srsly.read_yaml(fixtures / "tiny_taxonomy.yaml")
    data["skills"][1]["broader"] = "cdl"
    with pytest.raises(TaxonomyError, match="cycle"):
        load_taxonomy(_write(tmp_path, data))


def test_missing_and_unparseable_files(tmp_path):
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(tmp_path / "nope.yaml")
    assert info.value.code == "E101"
    bad = tmp_path / "bad.yaml"
    bad.write_text("skills: [unclosed\n")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(bad)
    assert info.value.code == "E101"


def test_extension_adds_skills_and_rejects_clashes(tmp_path):
    extension = {
        "name": "mine",
        "version": "1",
        "extends": "ev_evse",
        "skills": [
            {
                "id": "hydrogen_stations",
                "label": "Hydrogen Station Maintenance",
                "category": "specialized",
                "description": "Hydrogen fueling stations.",
                "aliases": ["hydrogen station"],
            }
        ],
    }
    taxonomy = load_taxonomy(extensions=[_write(tmp_path, extension, "mine.yaml")])
    assert "hydrogen_stations" in taxonomy.by_id()
    extension["skills"][0]["id"] = "cdl"
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(extensions=[_write(tmp_path, extension, "clash.yaml")])
    assert info.value.code == "E102"
    assert "clash.yaml -> skills[0] (cdl) -> id" in str(info.value)


def test_extension_alias_clash_names_the_extension_file(tmp_path):
    extension = {
        "name": "mine", "version": "1",
        "skills": [{"id": "x_skill", "label": "X", "category": "common", "description": "x", "aliases": ["EVITP"]}],
    }
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(extensions=[_write(tmp_path, extension, "mine.yaml")])
    assert "mine.yaml" in str(info.value)
    assert "evitp_certification" in str(info.value)


def test_bundled_extra_extension_loads():
    assert "extra" in bundled_extensions()
    taxonomy = load_taxonomy(extensions=["extra"])
    assert "hydrogen_fuel_cell" in taxonomy.by_id()
    with pytest.raises(TaxonomyError):
        load_taxonomy(extensions=["no-such-extension"])
