"""Contract rows from extraction results, with and without a title coder."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from skillmap.batch.rows import CODER_COLUMNS, RowBuilder, posting_schema
from skillmap.io.schema import POSTING_COLUMNS

TEXT = (
    "Responsibilities:\n- Install Level 2 EV chargers.\n- Use a multimeter.\n"
    "Requirements:\n- CDL Class A required.\n- EVITP certification preferred.\n"
    "- A forklift license is not required.\n$25-$30 per hour."
)


class FakeCoder:
    def __init__(self, abstain=False):
        self.calls = []
        self.abstain = abstain

    def __call__(self, title, text=None, skills=None):
        self.calls.append((title, skills))
        return SimpleNamespace(
            soc_code="49-2098", soc_title="Security and Fire Alarm Systems Installers", soc_major="49-0000",
            gjrp_group="Installation", proposed_code="49-2093.91", score=0.87, abstain=self.abstain,
            alternatives=[],
        )


def test_skill_lists_match_the_result(sm):
    result = sm.extract(TEXT, title="EV Charger Technician")
    row = RowBuilder(sm).posting("a", "EV Charger Technician", "2024-05", result)
    lists = result.by_category()
    assert row["specialized_skills"] == lists["specialized"]
    assert row["common_skills"] == lists["common"]
    assert row["qualifications"] == lists["qualification"]
    demanded = sorted(result.demanded_ids())
    assert sorted(row["required_skills"] + row["preferred_skills"]) == demanded
    for skill in row["required_skills"]:
        assert result.requirement_of(skill) == "required" or skill not in {m.skill_id for m in result.mentions}
    assert "cdl" in row["required_skills"] and "drivers_license" in row["required_skills"]  # parent implied
    assert row["ev_related"] is True
    assert row["pay_min"] == 25.0 and row["pay_unit"] == "hour" and row["license_classes"] == ["A"]
    assert row["month"] == "2024-05"
    assert set(row) == set(POSTING_COLUMNS)
    if hasattr(sm, "code_title"):
        coded = sm.code_title("EV Charger Technician", skills=sorted(result.demanded_ids()))
        assert (row["soc_code"], row["proposed_code"]) == (coded.soc_code, coded.proposed_code)
    else:
        assert all(row[c] is None for c in CODER_COLUMNS)


def test_every_contract_column_has_an_arrow_type():
    schema = posting_schema()
    assert schema.names == list(POSTING_COLUMNS)


@pytest.mark.parametrize("abstain", [False, True])
def test_title_coder_fills_the_soc_columns(sm, abstain):
    coder = FakeCoder(abstain)
    fake = SimpleNamespace(taxonomy=sm.taxonomy, extract=sm.extract, code_title=coder)
    result = sm.extract(TEXT)
    row = RowBuilder(fake).posting("a", "EV Charger Tech", None, result)
    assert coder.calls == [("EV Charger Tech", sorted(result.demanded_ids()))]
    assert row["title_score"] == 0.87 and row["title_abstain"] is abstain
    if abstain:
        assert row["soc_code"] is None and row["proposed_code"] is None
    else:
        assert (row["soc_code"], row["soc_major"], row["gjrp_group"], row["proposed_code"]) == (
            "49-2098", "49-0000", "Installation", "49-2093.91")


def test_without_a_coder_the_soc_columns_are_null(sm):
    plain = SimpleNamespace(taxonomy=sm.taxonomy, extract=sm.extract)
    row = RowBuilder(plain).posting("a", "EV Charger Technician", None, sm.extract(TEXT))
    assert all(row[c] is None for c in CODER_COLUMNS)


def test_no_title_means_no_coder_call(sm):
    coder = FakeCoder()
    fake = SimpleNamespace(taxonomy=sm.taxonomy, extract=sm.extract, code_title=coder)
    row = RowBuilder(fake).posting("a", None, None, sm.extract(TEXT))
    assert coder.calls == [] and row["soc_code"] is None


def test_mentions_keep_every_mention(sm):
    result = sm.extract(TEXT, title="EV Charger Technician")
    rows = RowBuilder.mentions("a", result)
    assert len(rows) == len(result.mentions)
    assert {r["requirement"] for r in rows} >= {"required", "preferred"}
    assert all(TEXT[r["start"]:r["end"]] == r["text"] for r in rows if r["source"] == "text")


def test_batch_pipeline_matches_skillmap_load(sm):
    from skillmap import default_model_path
    from skillmap.batch.pipeline import load_for_batch, model_path

    from .conftest import make_postings

    assert model_path() == default_model_path()
    light = load_for_batch()
    assert [s.id for s in light.taxonomy.skills] == [s.id for s in sm.taxonomy.skills]
    for posting in make_postings(30) + [{"id": "t", "title": "EV Tech", "company": None, "text": TEXT}]:
        args = dict(title=posting["title"], company=posting["company"], id=posting["id"])
        expected, got = sm.extract(posting["text"], **args), light.extract(posting["text"], **args)
        assert got.mentions == expected.mentions and got.attributes == expected.attributes
        assert RowBuilder(light).posting(posting["id"], posting["title"], None, got) == RowBuilder(sm).posting(
            posting["id"], posting["title"], None, expected
        )


def test_batch_pipeline_with_an_extension_matches_skillmap_load():
    import skillmap
    from skillmap.batch.pipeline import load_for_batch

    full, light = skillmap.load(extensions=["extra"]), load_for_batch(["extra"])
    assert [s.id for s in light.taxonomy.skills] == [s.id for s in full.taxonomy.skills]
    text = "Experience with fuel cells and lean manufacturing required. " + TEXT
    assert light.extract(text).mentions == full.extract(text).mentions
