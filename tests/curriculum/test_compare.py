"""Coverage, gaps and surplus agree with the demand table and the documented formula."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.aggregate import Filters, SkillCount
from skillmap.curriculum.compare import (
    CoveredSkill,
    DemandTable,
    SkillGap,
    SurplusSkill,
    compare_program,
    compare_programs,
    demand_table,
    read_mention_evidence,
)
from skillmap.curriculum.taught import ProgramSkills, SyllabusMention
from skillmap.errors import CurriculumError
from tests.tagged_fixture import ROWS, expected_counts, frame

from .conftest import program_from_text

SYLLABUS = """# EVSE Service Basics
## Modules
- Troubleshoot and repair Level 2 chargers (12 hours)
- Test equipment: multimeters (6 hours)
- Communication with site hosts and drivers
- Soldering practice
## Prerequisites
Students must hold a valid driver's license.
"""


@pytest.fixture(scope="module")
def demand():
    return demand_table(frame())


@pytest.fixture(scope="module")
def program(reader):
    return program_from_text(reader, SYLLABUS, name="EVSE Service Basics")


def recompute(result, min_share):
    """The formula, from the demand table alone."""
    shares = {s.id: s.share for s in result.demand.skills}
    categories = {s.id: s.category for s in result.demand.skills}
    demanded = {s for s, v in shares.items() if v >= min_share}
    taught = set(result.taught)
    total = sum(shares[s] for s in demanded)
    overall = sum(shares[s] for s in demanded & taught) / total if total else 0.0
    by_category = {}
    for category in ("specialized", "common", "qualification"):
        in_category = {s for s in demanded if categories[s] == category}
        weight = sum(shares[s] for s in in_category)
        by_category[category] = sum(shares[s] for s in in_category & taught) / weight if weight else None
    return demanded, overall, by_category


def test_demand_table_matches_the_obvious_count(demand):
    expected = expected_counts(ROWS)
    assert demand.postings == len(ROWS)
    for skill in demand.skills:
        count, required, _ = expected[skill.category][skill.id]
        assert (skill.count, skill.required) == (count, required)
        assert skill.share == pytest.approx(count / len(ROWS))


@pytest.mark.parametrize("min_share", [0.0, 0.05, 0.2, 0.4, 0.9])
def test_coverage_gaps_surplus_follow_the_formula(program, demand, min_share):
    result = compare_program(program, demand, min_share=min_share)
    demanded, overall, by_category = recompute(result, min_share)
    taught = set(result.taught)
    assert result.coverage == pytest.approx(overall)
    for category, value in by_category.items():
        assert result.coverage_by_category[category] == (pytest.approx(value) if value is not None else None)
    assert {g.id for g in result.gaps} == demanded - taught
    assert {c.id for c in result.covered} == demanded & taught
    assert [g.demand_share for g in result.gaps] == sorted((g.demand_share for g in result.gaps), reverse=True)
    for gap in result.gaps:
        assert gap.demand_share == pytest.approx(demand.share(gap.id)) and gap.demand_share >= min_share
        assert gap.evidence is None  # no mentions file given
    assert {s.id for s in result.surplus} == taught - demanded
    # Surplus: under the threshold, or demanded by no posting at all (min_share 0).
    assert all(s.demand_share < min_share or s.count == 0 for s in result.surplus)
    assert 0.0 <= result.coverage <= 1.0


def test_known_values(program, demand):
    result = compare_program(program, demand, min_share=0.3)
    # Demanded at >= 30% of 12 postings: evse_service 5, communication 6, drivers_license 6.
    assert {g.id for g in result.gaps} | {c.id for c in result.covered} == {"evse_service", "communication", "drivers_license"}
    assert set(result.taught) >= {"evse_service", "test_equipment", "communication", "soldering"}
    assert result.coverage == pytest.approx((5 + 6) / (5 + 6 + 6))
    assert result.coverage_by_category == {"specialized": 1.0, "common": 1.0, "qualification": 0.0}
    gap = result.gaps[0]
    assert gap.id == "drivers_license" and gap.prerequisite and gap.required_share == pytest.approx(4 / 6)
    assert result.prerequisites == ["drivers_license"]
    assert [s.id for s in result.surplus][:1] == ["soldering"] and result.surplus[0].demand_share == 0.0
    assert "drivers_license" not in result.taught


def test_json_contract(program, demand):
    data = json.loads(json.dumps(compare_program(program, demand).to_dict()))
    assert list(data)[:6] == ["taught", "prerequisites", "coverage", "coverage_by_category", "gaps", "surplus"]
    assert all(isinstance(s, str) for s in data["taught"] + data["prerequisites"])
    assert isinstance(data["coverage"], float) and 0 <= data["coverage"] <= 1
    assert set(data["coverage_by_category"]) == {"specialized", "common", "qualification"}
    for item in data["gaps"] + data["surplus"]:
        assert {"id", "label", "category", "demand_share"} <= set(item)
    assert data["program"] == "EVSE Service Basics" and data["postings"] == len(ROWS) and data["summary"]
    assert {row["id"] for row in data["demand"] if row["demanded"]} == {g["id"] for g in data["gaps"]} | {
        c["id"] for c in data["covered"]}


def test_skill_records_list_their_fields_in_order_and_leave_out_unset_optionals():
    common = {"id": "x", "label": "X", "category": "common", "demand_share": 0.5}
    assert list(CoveredSkill(**common, required_share=0.25, count=3).to_dict()) == [
        "id", "label", "category", "demand_share", "required_share", "count"]
    assert CoveredSkill(**common, required_share=0.25, count=3, hours=0.0).to_dict()["hours"] == 0.0
    assert list(SurplusSkill(**common, count=3, hours=4.5).to_dict()) == [
        "id", "label", "category", "demand_share", "count", "hours"]
    gap = SkillGap(**common, required_share=0.25, count=3)
    assert gap.to_dict() == {**common, "required_share": 0.25, "count": 3, "prerequisite": False}


def test_no_skill_reaches_the_threshold(program, demand):
    result = compare_program(program, demand, min_share=1.0)
    assert result.coverage == 0.0 and not result.gaps and result.coverage_by_category["specialized"] is None
    assert "cannot be measured" in result.summary()


@pytest.mark.parametrize("bad", [-0.1, 1.5, "lots", float("nan")])
def test_bad_min_share(program, demand, bad):
    with pytest.raises(CurriculumError) as caught:
        compare_program(program, demand, min_share=bad)
    assert caught.value.code == "E811"


def test_occupation_by_soc_code():
    table = demand_table(frame(), occupations=["47-2111"])
    assert table.postings == sum(r["soc_code"] == "47-2111" for r in ROWS)
    assert table.occupations == ("47-2111",)


def test_occupation_by_group_ignores_case():
    from skillmap.aggregate.synthetic import synthetic_table

    data = synthetic_table(300, seed=3).to_pandas()
    table = demand_table(data, occupations=["evse MAINTENANCE"])
    assert table.postings == int((data["gjrp_group"] == "EVSE maintenance").sum())
    with pytest.raises(CurriculumError) as caught:
        demand_table(data, occupations=["Astronauts"])
    assert caught.value.code == "E811" and "EVSE maintenance" in str(caught.value)


def test_no_postings_left():
    with pytest.raises(CurriculumError) as caught:
        demand_table(frame(), occupations=["11-1021"])
    assert caught.value.code == "E812"


def test_evidence_from_mentions_file(program, tmp_path):
    mentions = tmp_path / "mentions.jsonl"
    rows = [
        {"id": "p02", "skill": "drivers_license", "requirement": "preferred", "text": "driver's license", "section": "requirements"},
        {"id": "p01", "skill": "drivers_license", "requirement": "required", "text": "Valid driver's license", "section": "requirements"},
        {"id": "p01", "skill": "drivers_license", "requirement": "required", "text": "license again", "section": "requirements"},
        {"id": "p07", "skill": "drivers_license", "requirement": "negated", "text": "no license", "section": "other"},
        {"id": "p03", "skill": "drivers_license", "requirement": "required", "text": "license", "section": "requirements"},
    ]
    mentions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    table = demand_table(frame(), filters=Filters(ev_related=True), selected_ids=True)
    assert table.selected_ids is not None and "p07" not in table.selected_ids
    evidence = read_mention_evidence(mentions, {"drivers_license"}, selected_ids=table.selected_ids)
    items = evidence["drivers_license"]
    assert [e["posting"] for e in items] == ["p01", "p03", "p02"]  # required first, one per posting
    result = compare_program(program, table, min_share=0.3, evidence=evidence)
    gap = next(g for g in result.gaps if g.id == "drivers_license")
    assert gap.evidence == items and "evidence" in gap.to_dict()


def test_mentions_file_errors(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_text("posting,skill\nx,y\n")
    with pytest.raises(CurriculumError) as caught:
        read_mention_evidence(bad, {"y"})
    assert caught.value.code == "E810" and "'id'" in str(caught.value)
    with pytest.raises(CurriculumError):
        read_mention_evidence(tmp_path / "missing.parquet", {"y"})


def test_catalog_ranks_by_coverage(reader, demand):
    weak = program_from_text(reader, "# Soldering 101\n- Soldering", name="Soldering 101")
    strong = program_from_text(reader, SYLLABUS + "\n- Customer service\n", name="Strong")
    catalog = compare_programs([weak, strong], demand)
    assert [c.name for c in catalog.comparisons] == ["Strong", "Soldering 101"]
    data = catalog.to_dict()
    assert [r["program"] for r in data["ranking"]] == ["Strong", "Soldering 101"]
    assert data["ranking"][0]["coverage"] >= data["ranking"][1]["coverage"]
    assert data["programs"][0]["gaps"] and "Strong" in data["summary"]


def _program(taught: set[str], prerequisites: set[str] = frozenset()) -> ProgramSkills:
    mentions = [SyllabusMention(s, s, "specialized", 0, 1, s, "taught", "topics", "x.md") for s in taught]
    mentions += [SyllabusMention(s, s, "specialized", 0, 1, s, "prerequisite", "prerequisites", "x.md") for s in prerequisites]
    return ProgramSkills(name="P", files=[], mentions=mentions)


SKILL_IDS = [f"s{i}" for i in range(12)]


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=40), min_size=len(SKILL_IDS), max_size=len(SKILL_IDS)),
    taught=st.sets(st.sampled_from(SKILL_IDS + ["other"])),
    min_share=st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_property_coverage_is_the_formula(counts, taught, min_share):
    postings = 40
    categories = ("specialized", "common", "qualification")
    skills = [SkillCount(s, s, categories[i % 3], c, c // 2, 0, postings) for i, (s, c) in enumerate(zip(SKILL_IDS, counts, strict=True)) if c]
    table = DemandTable(postings=postings, skills=skills, filters=Filters())
    result = compare_program(_program(taught), table, min_share=min_share)
    demanded = {s.id for s in skills if s.share >= min_share - 1e-12}
    total = sum(s.share for s in skills if s.id in demanded)
    expected = sum(s.share for s in skills if s.id in demanded & taught) / total if total else 0.0
    assert result.coverage == pytest.approx(expected) and 0 <= result.coverage <= 1
    assert {g.id for g in result.gaps} == demanded - taught
    assert {s.id for s in result.surplus} == taught - demanded
    assert all(s.demand_share < min_share or s.count == 0 for s in result.surplus)
    for value in result.coverage_by_category.values():
        assert value is None or 0 <= value <= 1


def test_demand_table_of_files(tmp_path, tagged_file):
    table = demand_table([tagged_file])
    assert table.postings == len(ROWS) and Path(table.source).name.startswith("tagged")


def _software_frame(n: int, ev: int = 0):
    """``n`` postings demanding common skills only, the first ``ev`` of them also an EV skill."""
    import pandas as pd

    from tests.tagged_fixture import row

    rows = [row(f"s{i:03d}", common=["communication", "computer_literacy"], req=["communication", "computer_literacy"])
            for i in range(n)]
    for r in rows[:ev]:
        r["specialized_skills"], r["required_skills"], r["ev_related"] = ["evse_service"], r["required_skills"] + ["evse_service"], True
    return pd.DataFrame(rows)


def test_warns_when_demand_has_no_ev_postings(program):
    table = demand_table(_software_frame(40))
    assert table.ev_postings == 0
    result = compare_program(program, table)
    assert result.coverage == 0.5  # communication is taught: "50% coverage" of software demand
    warnings = result.to_dict()["warnings"]
    assert len(warnings) == 1 and "none of the 40 selected postings" in warnings[0]
    assert "Warning: none of the 40" in result.summary()


def test_warns_when_demand_has_few_ev_postings(program):
    few = demand_table(_software_frame(200, ev=5))
    assert few.ev_postings == 5
    assert "only 5 of the 200" in few.warnings()[0] and "--ev-related" in few.warnings()[0]
    small = demand_table(_software_frame(12, ev=9)).warnings()
    assert len(small) == 1 and "only 9 of the selected postings" in small[0]
    assert demand_table(_software_frame(60, ev=30)).warnings() == []
    assert demand_table(frame()).ev_postings == sum(r["ev_related"] for r in ROWS)


def test_shares_show_their_posting_counts(program, demand):
    from skillmap.curriculum.render import render_comparison

    result = compare_program(program, demand)
    markdown = render_comparison(result, "markdown", top=0)
    gap = result.gaps[0]
    assert f"{round(gap.demand_share * 100)}% ({gap.count})" in markdown
    assert f"{gap.label} ({round(gap.demand_share * 100)}%, {gap.count} postings)" in result.summary()


def test_summary_lists_end_with_a_count_not_an_ellipsis(program, demand):
    from skillmap.curriculum.compare import _listed

    assert _listed(["a", "b", "c", "d", "e", "f"]) == "a, b, c, d and 2 more"
    assert _listed(["a", "b"]) == "a, b"
    result = compare_program(program, demand, min_share=0.99)
    assert len(result.surplus) > 4
    summary = result.summary()
    assert "…" not in summary and ".." not in summary
    assert f"and {len(result.surplus) - 4} more." in summary
