"""Extension taxonomies with hostile patterns and aliases fail validation cleanly and cheaply."""

from __future__ import annotations

import tracemalloc

import pytest

from skillmap.errors import TaxonomyError
from skillmap.taxonomy import load_taxonomy
from skillmap.taxonomy.patterns import MAX_EXPANSIONS, PatternSyntaxError, expand_pattern
from tests.reliability.hostile import run_cli, write_extension


def _wide_alternation(copies: int) -> str:
    # Each copy stands for 2**14 = 16,384 sequences (under the cap alone); the copies are
    # alternatives, so the pattern stands for copies * 16,384 of them.
    return "(" + " | ".join(" ".join(f"(a{c}x{i}|b{c}x{i})" for i in range(14)) for c in range(copies)) + ")"


def test_expansions_are_counted_before_any_is_built():
    pattern = _wide_alternation(40)  # 655,360 sequences: the old parser built them all
    tracemalloc.start()
    try:
        with pytest.raises(PatternSyntaxError, match=f"more than {MAX_EXPANSIONS}"):
            expand_pattern(pattern)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000, f"{peak:,} bytes traced while rejecting the pattern"


def test_term_sets_multiplying_out_are_counted_too():
    term_sets = {"A": [f"w{i}x" for i in range(60)], "B": ["@A @A @A"], "C": ["@B | @B"]}
    tracemalloc.start()
    try:
        with pytest.raises(PatternSyntaxError, match="more than"):
            expand_pattern("@C", term_sets)  # 2 * 60**3 = 432,000 sequences
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000


def test_patterns_under_the_cap_expand_as_before():
    assert expand_pattern("install* [ev] (charger|charging station)") == [
        ("install*", "ev", "charger"), ("install*", "ev", "charging", "station"),
        ("install*", "charger"), ("install*", "charging", "station"),
    ]
    assert len(expand_pattern(" ".join(f"(a{i}|b{i})" for i in range(14)))) == 16_384
    with pytest.raises(PatternSyntaxError, match="refers to itself"):
        expand_pattern("@A", {"A": ["x", "y @A"]})


def test_deep_bracket_nesting_is_a_validation_error_not_recursion(tmp_path):
    deep = "(" * 330 + "charger" + ")" * 330
    path = write_extension(tmp_path / "deep.yaml", [{"id": "deep_skill", "patterns": [deep]}])
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(extensions=[path])
    assert "deep.yaml -> skills[0] (deep_skill) -> patterns[0]" in str(err.value)
    assert "nest more than" in str(err.value)
    result = run_cli("taxonomy", "validate", path, "--as-extension")
    assert result.exit_code == 2 and "deep.yaml" in result.output


def test_a_huge_pattern_file_is_rejected_by_validate_quickly(tmp_path):
    path = write_extension(tmp_path / "wide.yaml", [{"id": "wide_skill", "patterns": [_wide_alternation(40)]}])
    result = run_cli("taxonomy", "validate", path, "--as-extension")
    assert result.exit_code == 2
    assert "wide.yaml -> skills[0] (wide_skill) -> patterns[0]" in result.output
    assert f"more than {MAX_EXPANSIONS}" in result.output


def test_an_alias_of_500_tokens_is_rejected_at_validation(tmp_path):
    alias = " ".join(f"w{i}x" for i in range(500))
    path = write_extension(tmp_path / "long.yaml", [{"id": "long_skill", "aliases": [alias]}])
    for args in (("extract", "-x", path, "Install EV chargers."), ("taxonomy", "validate", path, "--as-extension")):
        result = run_cli(*args)
        assert result.exit_code == 2, result.output
        assert "long.yaml -> skills[0] (long_skill) -> aliases[0]" in result.output
        assert "more than 64 tokens" in result.output


def test_a_pattern_sequence_over_the_token_limit_is_rejected():
    with pytest.raises(PatternSyntaxError, match="more than 64 tokens"):
        expand_pattern(" ".join(f"w{i}x" for i in range(65)))


def test_term_set_errors_name_the_extension_file(tmp_path):
    path = write_extension(
        tmp_path / "sets.yaml",
        [{"id": "set_skill", "patterns": ["install @MY_SET"]}],
        term_sets={"MY_SET": ["charger", "(unclosed"]},
    )
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy(extensions=[path])
    message = str(err.value)
    assert "[sets.yaml -> term_sets -> MY_SET[1]]" in message
    assert "ev_skills.yaml -> term_sets" not in message
    assert "ev_skills.yaml + sets.yaml" in message
