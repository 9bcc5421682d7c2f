"""Shipped occupation reference data and rules: complete, consistent, validated."""

from __future__ import annotations

import csv

import pytest

from skillmap.datafiles import MIRROR_DIR, MIRRORED, read_mirrored
from skillmap.errors import ERROR_CODES, OccupationError
from skillmap.mirrors import write_mirrors
from skillmap.occupations import reference
from skillmap.occupations.rules import RULES_FILE, RulesFile, load_rules, validate_rules
from skillmap.taxonomy.loader import OEWS_AGGREGATES, data_path
from tests.conftest import run_fresh


def test_soc_structure_has_867_detailed_codes():
    structure = reference.soc_structure()
    detailed = reference.detailed_codes()
    assert len(detailed) == 867
    occupation = structure["49-2093"]
    assert (occupation.major, occupation.minor, occupation.broad) == ("49-0000", "49-2000", "49-2090")


def test_gjrp_crosswalk_uses_the_soc_2018_middle_school_code():
    groups = reference.gjrp_groups()
    assert groups["25-2023"] == ("Instructor",)
    assert groups["49-2093"] == ("EVSE Installer + EVSE Technician",)
    assert set(groups["49-2092"]) == {"EV Technician", "Battery Technician"}
    # aggregates reach their SOC 2018 members
    assert groups["51-2022"] == groups["51-2023"] == ("Production Line Worker",)
    for code in groups:
        assert code in reference.detailed_codes() or code in reference.oews_aggregates(), code


def test_oews_aggregates_agree_with_the_taxonomy_loader():
    aggregates = reference.oews_aggregates()
    assert aggregates["51-2028"] == ("51-2022", "51-2023")
    assert reference.oews_code_of()["51-2023"] == "51-2028"
    for code, members in OEWS_AGGREGATES.items():
        assert aggregates[code] == tuple(sorted(members))


def test_proposed_codes_are_kept_exactly():
    with open(data_path("occupations/proposed_occupations.csv"), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    proposed = reference.proposed_occupations()
    assert [r["code"] for r in rows] == list(proposed)
    assert {"49-2093.91", "47-2111.91", "49-3023.91", "49-3031.91", "49-2092.91", "11-3071.91", "51-2022.91"} == set(proposed)
    for item in proposed.values():
        assert item.parent_soc in reference.detailed_codes()
        assert item.code.startswith(item.parent_soc + ".")


def test_reference_titles_are_coded_to_soc_2018():
    titles = reference.reference_titles()
    assert len(titles) > 60_000
    detailed = reference.detailed_codes()
    assert all(t.soc_code in detailed for t in titles)
    assert {t.source for t in titles} == {"soc_direct", "onet_occupation", "onet_alternate", "onet_reported", "job_board"}


def test_bundled_rules_validate():
    rules = load_rules()
    assert rules.spec.title_rules and rules.spec.evidence_rules
    # load_rules() reads the bundled file through its mirror, unvalidated: what it builds
    # must equal what validation gives (defaults included).
    raw, from_mirror = read_mirrored(data_path(RULES_FILE))
    assert from_mirror, "the mirror is stale: run `python -m skillmap.mirrors`"
    assert validate_rules(raw, "ev_title_rules.yaml") == RulesFile.from_data(raw) == rules.spec


def test_bundled_rules_load_without_pydantic():
    code = "import sys\nfrom skillmap.occupations.rules import load_rules\nload_rules()\nprint('pydantic' in sys.modules)\n"
    result = run_fresh(code)
    assert result == "False"


def test_broken_bundled_rules_get_no_mirror(tmp_path):
    # A current mirror lets load_rules skip validation, so writing one checks the rules.
    for name in MIRRORED:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data_path(name).read_bytes())
    rules = tmp_path / RULES_FILE
    rules.write_text(rules.read_text(encoding="utf-8").replace("version: 1\n", "version: 1\nsurprise: true\n", 1), encoding="utf-8")
    with pytest.raises(OccupationError) as info:
        write_mirrors(tmp_path)
    assert info.value.code == "E502"
    assert not (tmp_path / MIRROR_DIR / "occupations__ev_title_rules.yaml.json").exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("soc: 49-2093\n", "soc: 49-9999\n"),
        ("proposed: 49-2093.91\n", "proposed: 49-2093.99\n"),
        ("all: [CHARGER, [TECH_ROLE, FIELD_SPECIALIST]]", "all: [CHARGERS, [TECH_ROLE, FIELD_SPECIALIST]]"),
        ("version: 1\n", "version: 1\nsurprise: true\n"),
    ],
)
def test_broken_rules_are_reported_with_e502(tmp_path, edit, message):
    text = data_path("occupations/ev_title_rules.yaml").read_text(encoding="utf-8")
    assert edit in text
    broken = tmp_path / "rules.yaml"
    broken.write_text(text.replace(edit, message, 1), encoding="utf-8")
    with pytest.raises(OccupationError) as info:
        load_rules(str(broken))
    assert info.value.code == "E502" and "E502" in ERROR_CODES
    assert "rules.yaml" in str(info.value)
