"""The light taxonomy batch jobs load (skillmap.taxonomy.stored) against the validated one."""

from __future__ import annotations

import json

from skillmap.batch.pipeline import load_for_batch, model_path
from skillmap.taxonomy import load_taxonomy
from skillmap.taxonomy.stored import StoredTaxonomy
from tests.conftest import run_fresh


def _stored() -> StoredTaxonomy:
    return StoredTaxonomy(json.loads((model_path() / "skillmap_skills" / "taxonomy.json").read_text(encoding="utf-8")))


def test_stored_skills_carry_the_validated_fields():
    stored, validated = _stored(), load_taxonomy()
    assert [s.id for s in stored.skills] == [s.id for s in validated.skills]
    for light, full in zip(stored.skills, validated.skills, strict=True):
        assert (light.label, light.category, light.broader, light.ev_specific) == (
            full.label, full.category, full.broader, full.ev_specific
        )
    assert stored.by_id().keys() == validated.by_id().keys()


def test_other_attributes_come_from_the_validated_taxonomy():
    stored = _stored()
    assert stored._validated is None
    skill = stored.by_id()["cdl"]
    assert skill.aliases == load_taxonomy().by_id()["cdl"].aliases  # validates on first use
    assert stored._validated is not None
    assert stored.term_sets == load_taxonomy().term_sets
    assert stored.model_dump()["skills"][0]["id"] == stored.skills[0].id


def test_batch_loading_imports_no_pydantic_taxonomy_schema():
    code = (
        "import sys\n"
        "from skillmap.batch.pipeline import load_for_batch\n"
        "sm = load_for_batch(())\n"
        "sm.extract('Valid CDL class A required.', title='EV Technician')\n"
        "print('skillmap.taxonomy.schema' in sys.modules)\n"
    )
    result = run_fresh(code)
    assert result == "False"


def test_batch_pipeline_extracts_as_the_full_pipeline():
    import skillmap

    text = "Requirements:\n- Valid driver's license\n- OSHA 10 preferred\n- Experience with OCPP and EVSE repair"
    light = load_for_batch(()).extract(text, title="EV Charger Technician").to_dict()
    full = skillmap.load().extract(text, title="EV Charger Technician").to_dict()
    assert light == full
