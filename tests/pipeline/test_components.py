"""spaCy integration: factories via entry points, serialization, DocBin, multiprocessing."""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import spacy
from spacy.tokens import DocBin

import skillmap
from skillmap.pipeline.build import build_model, build_pipeline
from skillmap.pipeline.extensions import SPAN_KEY
from tests.conftest import run_fresh

TEXT = "Requirements\n- Troubleshoot DC fast chargers\n- No CDL required\n- EVITP a plus\n\nPay: $30-$40/hr"


def _summary(doc):
    return [(s.start_char, s.end_char, s.label_, s._.requirement, s._.section) for s in doc.spans[SPAN_KEY]]


def test_factories_resolve_without_importing_skillmap():
    # A fresh interpreter that never imports skillmap: entry points must register them.
    code = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "for name in ['skillmap_sections','skillmap_skills','skillmap_context','skillmap_attributes']:\n"
        "    nlp.add_pipe(name)\n"
        "print(','.join(nlp.pipe_names))\n"
    )
    out = run_fresh(code)
    assert out == "skillmap_sections,skillmap_skills,skillmap_context,skillmap_attributes"


def test_factory_registry_snapshot():
    from spacy.language import Language

    names = {n for n in Language.factories if n.startswith("skillmap_")}
    assert names == {"skillmap_sections", "skillmap_skills", "skillmap_context", "skillmap_learned", "skillmap_attributes"}


def test_doc_api_matches_fast_path(sm):
    doc = sm.nlp(TEXT)
    fast = sm.extract(TEXT)
    assert {(m.start, m.end, m.skill_id, m.requirement) for m in fast.mentions} == {
        (a, b, label, req) for a, b, label, req, _ in _summary(doc)
    }
    assert doc._.posting_attributes["pay"]["min"] == 30


def test_to_disk_from_disk_round_trip(tmp_path):
    nlp = build_pipeline()
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    assert _summary(loaded(TEXT)) == _summary(nlp(TEXT))


def test_bytes_round_trip():
    nlp = build_pipeline()
    matcher = nlp.get_pipe("skillmap_skills")
    other = build_pipeline()
    other.get_pipe("skillmap_skills").from_bytes(matcher.to_bytes())
    assert _summary(other(TEXT)) == _summary(nlp(TEXT))


def test_docbin_keeps_spans_and_extensions(sm):
    doc = sm.nlp(TEXT)
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    restored = list(DocBin().from_bytes(data).get_docs(sm.nlp.vocab))[0]
    assert _summary(restored) == _summary(doc)
    # msgpack hands lists back as tuples; compare the JSON forms.
    assert json.dumps(restored._.posting_attributes) == json.dumps(doc._.posting_attributes)


def test_pipe_with_two_processes(sm):
    texts = [TEXT, "Install Level 2 EV chargers.", "Valid driver's license required."] * 2
    single = [_summary(d) for d in sm.nlp.pipe(texts)]
    multi = [_summary(d) for d in sm.nlp.pipe(texts, n_process=2, batch_size=2)]
    assert single == multi


def test_committed_model_is_identical_to_a_rebuild(tmp_path):
    rebuilt = build_model(tmp_path / "skillmap_ev")
    committed = skillmap.default_model_path()
    compare = filecmp.dircmp(committed, rebuilt)

    def differences(cmp) -> list[str]:
        found = [f"{cmp.left}/{n}" for n in cmp.diff_files + cmp.left_only + cmp.right_only]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(compare) == [], "models/skillmap_ev is stale: run `make model`"


def test_load_missing_model_dir_is_a_model_error(tmp_path):
    import pytest

    with pytest.raises(skillmap.ModelError):
        skillmap.load(tmp_path / "nowhere")


def test_model_dir_loads_with_spacy_load():
    nlp = spacy.load(Path(skillmap.default_model_path()))
    assert "skillmap_skills" in nlp.pipe_names
