"""The compiled skill index stored in a built model, and the JSON mirrors of YAML files."""

from __future__ import annotations

import json
import shutil

import pytest
import srsly

import skillmap
from skillmap.datafiles import MIRRORED, mirror_path, read_yaml
from skillmap.extractor import Extractor, compile_index
from skillmap.mirrors import write_mirrors
from skillmap.pipeline.matcher import INDEX_FILE, SkillIndex, read_index
from skillmap.taxonomy import data_path, load_taxonomy

TEXT = (
    "Requirements\n- Troubleshoot DC fast chargers and 480V equipment\n- Install EVSE per the NEC\n"
    "- No CDL required\n- EVITP a plus\n- Proficient in Microsoft Excel and PowerPoint"
)


def _found(extractor: Extractor) -> list[tuple]:
    return [(m.skill_id, m.start, m.end, m.requirement, m.rule) for m in extractor.extract(TEXT).mentions]


def test_stored_index_extracts_exactly_like_a_compiled_one():
    taxonomy = load_taxonomy()
    compiled = compile_index(taxonomy)
    stored = SkillIndex.from_data(json.loads(json.dumps(compiled.to_data())))
    assert stored.size == compiled.size and stored.rules == compiled.rules
    assert _found(Extractor(taxonomy, index=stored)) == _found(Extractor(taxonomy, index=compiled))
    assert _found(Extractor(taxonomy, index=stored))  # the text does hold skills


def test_stored_index_still_accepts_new_patterns():
    taxonomy = load_taxonomy()
    stored = SkillIndex.from_data(compile_index(taxonomy).to_data())
    from skillmap.pipeline.matcher import Rule

    stored.add([("zzyzx", "widget")], Rule("computer_literacy", "alias", "zzyzx widget"))
    extractor = Extractor(taxonomy, index=stored)
    ids = {m.skill_id for m in extractor.extract("Skills:\n- ZZYZX widgets required").mentions}
    assert "computer_literacy" in ids
    assert _found(extractor) == _found(Extractor(taxonomy))


def test_read_index_rejects_missing_or_other_format(tmp_path):
    assert read_index(tmp_path / "missing.json") is None
    (tmp_path / "old.json").write_text(json.dumps({"format": -1}), encoding="utf-8")
    assert read_index(tmp_path / "old.json") is None
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    assert read_index(tmp_path / "broken.json") is None


def test_model_without_index_file_compiles_the_taxonomy(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(skillmap.default_model_path(), model)
    (model / "skillmap_skills" / INDEX_FILE).unlink()
    assert _found(skillmap.load(model).extractor) == _found(skillmap.load().extractor)


def test_committed_mirrors_are_current():
    for name in MIRRORED:
        source = data_path(name)
        mirror = json.loads(mirror_path(source).read_text(encoding="utf-8"))
        assert mirror["data"] == srsly.read_yaml(source), f"{name}: run `make model`"
        assert read_yaml(source) == srsly.read_yaml(source)


def test_a_stale_mirror_is_ignored(tmp_path):
    root = tmp_path / "data"
    (root / "occupations").mkdir(parents=True)
    for name in MIRRORED:
        shutil.copy(data_path(name), root / name)
    write_mirrors(root)
    target = root / MIRRORED[0]
    mirror = mirror_path(target, root)
    stored = json.loads(mirror.read_text(encoding="utf-8"))
    stored["data"] = {"poisoned": True}
    mirror.write_text(json.dumps(stored), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("skillmap.datafiles._data_root", lambda: root)
        assert read_yaml(target) == {"poisoned": True}  # current hash: the mirror is used
        target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        assert read_yaml(target) == srsly.read_yaml(target)  # edited YAML: read itself
