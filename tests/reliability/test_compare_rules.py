"""`compare --rules`: a user's regular expression that could backtrack exponentially is
refused with a clear error before any syllabus is read."""

from __future__ import annotations

import copy
import time

import pytest
import srsly

from skillmap.curriculum.rules import CurriculumRules, check_pattern
from skillmap.errors import CurriculumError
from tests.reliability.hostile import run_cli
from tests.tagged_fixture import ROWS, write

RISKY = ["(x+x+)+y", "(a|a)*b", "(a*)*", r"(\w+\s?)+$", "(a|ab)*c", r"(.*a){12}", r"(a)\1", "(?:x*)+z"]
SAFE = ["(student |course |program )*outcomes?", r"\bhours?\b", "(a|b)c+", r"\d+(\.\d+)? hours", "x{2,5}y"]


@pytest.mark.parametrize("pattern", RISKY)
def test_risky_patterns_are_refused(pattern):
    with pytest.raises(CurriculumError, match="exponential time|bad regular"):
        check_pattern(pattern, "rules.yaml -> cues.taught[0]")


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern):
    check_pattern(pattern, "here")


def test_compare_with_a_catastrophic_cue_fails_fast_naming_the_rule(tmp_path):
    data = copy.deepcopy(CurriculumRules.default().model.model_dump())
    data["cues"]["prerequisite"].append("(x+x+)+y")
    rules = tmp_path / "my_rules.yaml"
    srsly.write_yaml(rules, data)
    syllabus = tmp_path / "s.md"
    syllabus.write_text("# EV\n\n## Course content\n- Install Level 2 EV chargers " + "x" * 26 + "\n")
    demand = write(ROWS, tmp_path / "tagged.jsonl", "jsonl")
    started = time.perf_counter()
    result = run_cli("compare", syllabus, "--demand", demand, "--rules", rules)
    assert time.perf_counter() - started < 30
    assert result.exit_code == 9, result.output
    assert "[E809]" in result.output and "my_rules.yaml -> cues.prerequisite[" in result.output
    assert "exponential time" in result.output


def test_bundled_rules_pass_the_check():
    CurriculumRules.default()  # raises if a bundled pattern were refused
