"""Taught-skill precision and recall on hand-labelled syllabi in DOCX, PDF, HTML and
Markdown (tests/curriculum/labeled.py), plus their prerequisites and exclusions."""

from __future__ import annotations

import pytest

from .labeled import CASES, HOLDOUT2_CASES, HOLDOUT_CASES

ALL_CASES = CASES + HOLDOUT_CASES + HOLDOUT2_CASES

PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.85
# Second held-out set (six syllabi written and committed before the reader was run on them):
# before any change P 0.944 R 0.840 (68 true, 4 false positives, 13 missed);
# after the fixes found on it P 0.988 R 0.975 (79 true, 1 false positive, 2 missed).
HOLDOUT2_FLOORS = (0.97, 0.96)


@pytest.fixture(scope="module")
def read_cases(reader, tmp_path_factory):
    folder = tmp_path_factory.mktemp("labeled")
    return {case.name: (case, reader.read_program([case.build(folder / f"{case.name}{case.suffix}")]))
            for case in ALL_CASES}


@pytest.mark.parametrize("which", ["tuned", "holdout", "holdout2"])
def test_taught_precision_and_recall(read_cases, which):
    """``tuned``: the syllabi the rules were developed on; ``holdout``: written afterwards
    and measured before any rule change; ``holdout2``: a second such set, measured before
    the fixes it prompted (numbers above)."""
    cases = {"tuned": CASES, "holdout": HOLDOUT_CASES, "holdout2": HOLDOUT2_CASES}[which]
    tp = fp = fn = 0
    for case in cases:
        case, program = read_cases[case.name]
        found = program.taught_ids()
        tp += len(found & case.taught)
        fp += len(found - case.taught)
        fn += len(case.taught - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\ntaught skills on {len(cases)} {which} labelled syllabi: precision {precision:.3f}, recall {recall:.3f} "
          f"({tp} true, {fp} false positives, {fn} missed)")
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR
    if which == "holdout2":
        assert precision >= HOLDOUT2_FLOORS[0] and recall >= HOLDOUT2_FLOORS[1]


def test_prerequisites_found_apart(read_cases):
    found_total = gold_total = hits = 0
    for case, program in read_cases.values():
        found = program.prerequisite_ids()
        assert found <= case.prerequisites, (case.name, found - case.prerequisites)
        hits += len(found & case.prerequisites)
        found_total += len(found)
        gold_total += len(case.prerequisites)
    print(f"\nprerequisites: {hits} of {gold_total} found, {found_total - hits} wrong")
    assert hits / gold_total >= 0.8


@pytest.mark.parametrize("name", [c.name for c in ALL_CASES])
def test_left_out_content_is_not_taught(read_cases, name):
    case, program = read_cases[name]
    assert not case.not_taught & program.taught_ids()
    assert program.not_taught_ids() <= case.not_taught | {"electrical_systems", "high_voltage", "electrician_license"}
    assert not program.problems
