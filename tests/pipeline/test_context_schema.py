"""The context rules file under a schema: unknown keys, section labels and broken
expressions are errors naming file -> key -> field; the bundled file read through its
current mirror is not validated again (no pydantic on the batch path)."""

from __future__ import annotations

import copy

import pytest
import srsly

from skillmap.datafiles import MIRROR_DIR, MIRRORED, data_path, read_yaml
from skillmap.errors import ERROR_CODES, TaxonomyError
from skillmap.mirrors import write_mirrors
from skillmap.pipeline import context
from skillmap.pipeline.context import ContextRules
from skillmap.pipeline.context_schema import validate_context_rules
from tests.conftest import run_fresh


def _bundled() -> dict:
    return copy.deepcopy(read_yaml(data_path("context_rules.yaml")))


def test_bundled_rules_match_the_schema():
    rules = validate_context_rules(_bundled(), "context_rules.yaml")
    assert rules.cues.negation_forward and "benefits" in rules.section_headers


def _misspelt_cue(d):
    d["cues"]["negation_forwrd"] = d["cues"].pop("negation_forward")


def _bad_cue(d):
    d["cues"]["required"][1] = "(unclosed"


def _unknown_section(d):
    d["section_headers"]["perks"] = ["perks"]


def _unknown_family_key(d):
    d["ev_roles"]["families"]["office"]["title"] = ["clerk"]


def _bad_role_title(d):
    d["ev_roles"]["families"]["office"]["titles"] = ["(billing"]


def _unknown_top_key(d):
    d["cue"] = {}


def _word_limit(d):
    d["inline_header_max_words"] = 0


def _bad_non_demand(d):
    d["non_demand_sections"].append("perks")


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (_misspelt_cue, "context_rules.yaml -> cues -> negation_forwrd", "Extra inputs"),
        (_bad_cue, "context_rules.yaml -> cues -> required[1]", "bad regular expression"),
        (_unknown_section, "context_rules.yaml -> section_headers -> perks", "'responsibilities'"),
        (_unknown_family_key, "context_rules.yaml -> ev_roles -> families -> office -> title", "Extra inputs"),
        (_bad_role_title, "context_rules.yaml -> ev_roles -> families -> office -> titles[0]", "(billing"),
        (_unknown_top_key, "context_rules.yaml -> cue", "Extra inputs"),
        (_word_limit, "context_rules.yaml -> inline_header_max_words", "greater than or equal to 1"),
        (_bad_non_demand, "context_rules.yaml -> non_demand_sections[4]", "'eeo'"),
    ],
)
def test_a_broken_file_is_reported_by_file_key_and_field(edit, where, message):
    data = _bundled()
    edit(data)
    with pytest.raises(TaxonomyError) as info:
        validate_context_rules(data, "context_rules.yaml")
    assert info.value.code == "E104" and "E104" in ERROR_CODES
    assert [what for place, what in info.value.problems if place == where] != []
    assert message in dict(info.value.problems)[where]


def test_every_problem_is_listed_at_once():
    data = _bundled()
    _misspelt_cue(data)
    _bad_cue(data)
    with pytest.raises(TaxonomyError) as info:
        validate_context_rules(data, "rules.yaml")
    assert {place for place, _ in info.value.problems} == {
        "rules.yaml -> cues -> negation_forwrd", "rules.yaml -> cues -> required[1]"}


def test_a_rules_file_is_validated_as_it_is_read(tmp_path):
    data = _bundled()
    _misspelt_cue(data)
    path = tmp_path / "my_rules.yaml"
    srsly.write_yaml(path, data)
    with pytest.raises(TaxonomyError, match=r"my_rules.yaml -> cues -> negation_forwrd") as info:
        ContextRules.from_file(path)
    assert info.value.code == "E104"
    srsly.write_yaml(path, _bundled())
    assert ContextRules.from_file(path).data == _bundled()


def test_an_edited_bundled_file_is_validated(tmp_path, monkeypatch):
    # Outside the bundled data (or with a stale mirror) there is no current mirror to trust.
    data = _bundled()
    _misspelt_cue(data)
    edited = tmp_path / "context_rules.yaml"
    srsly.write_yaml(edited, data)
    monkeypatch.setattr(context, "data_path", lambda name="": edited)
    context._default_rules.cache_clear()
    try:
        with pytest.raises(TaxonomyError, match="negation_forwrd"):
            ContextRules.default()
    finally:
        context._default_rules.cache_clear()


def test_bundled_rules_load_without_pydantic():
    code = ("import sys\nfrom skillmap.pipeline.context import ContextRules\nContextRules.default()\n"
            "print(sorted(m for m in ('pydantic', 'skillmap.pipeline.context_schema') if m in sys.modules))\n")
    assert run_fresh(code) == "[]"


def test_a_broken_bundled_file_gets_no_mirror(tmp_path):
    for name in MIRRORED:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data_path(name).read_bytes())
    rules = tmp_path / "context_rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("\ncues:\n", "\nsurprise: 1\ncues:\n", 1), encoding="utf-8")
    with pytest.raises(TaxonomyError, match="context_rules.yaml -> surprise"):
        write_mirrors(tmp_path)
    assert not (tmp_path / MIRROR_DIR / "context_rules.yaml.json").exists()


def test_rules_given_to_the_pipeline_are_validated():
    from skillmap.pipeline.components import SectionDetector

    data = _bundled()
    _bad_cue(data)
    with pytest.raises(TaxonomyError, match=r"sections context_rules -> cues -> required\[1\]"):
        SectionDetector(None, "sections").initialize(context_rules=data)
