"""Semantic code vectors: built from titles, O*NET text and weak labels; held-back postings
left out; loaded without pickle."""

from __future__ import annotations

import json

import numpy as np
import pytest

from skillmap.errors import OccupationError
from skillmap.occupations import TitleCoder
from skillmap.occupations.model import build_title_model, load_title_model
from skillmap.occupations.rules import load_rules
from skillmap.occupations.semantic import (
    build_semantic_index,
    load_semantic_index,
    read_excluded_pids,
)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    from tests.conftest import FIXTURES

    path = build_title_model(tmp_path_factory.mktemp("model"), root=FIXTURES / "occupations_kb")
    return path, load_title_model(path, check_fingerprint=False)


def _onet(tmp_path, code):
    onet = tmp_path / "onet"
    onet.mkdir()
    (onet / "Occupation Data.txt").write_text(f"O*NET-SOC Code\tTitle\tDescription\n{code}.00\tX\tRepair wind turbines.\n")
    (onet / "Task Statements.txt").write_text(f"O*NET-SOC Code\tTask ID\tTask\n{code}.00\t1\tClimb towers to inspect blades.\n")
    return onet


def test_build_uses_onet_text_and_leaves_out_excluded_postings(tiny_model, tmp_path):
    path, model = tiny_model
    code = model.codes[0]
    pool = tmp_path / "pool.jsonl"
    pool.write_text(
        "\n".join(
            json.dumps({"pid": pid, "title": title, "text": "body", "onet_category": f"{code}.00"})
            for pid, title in (("p1", "Windsmith"), ("p2", "Held Back"))
        )
        + "\n"
    )
    held = tmp_path / "held.csv"
    held.write_text("id,title,soc_code\np2,Held Back,11-1011\n")
    build_semantic_index(model, path, onet_dir=_onet(tmp_path, code), weak_labels=pool, exclude=read_excluded_pids([held]))
    index = load_semantic_index(path)
    assert index.codes == model.codes
    assert index.meta["sources"]["weak_postings"] == 1 and index.meta["sources"]["onet_texts"] == 2
    assert np.isclose(np.linalg.norm(index.text_vectors[0]), 1.0, atol=1e-3)
    assert not index.text_vectors[1:].any()  # only the first code has text
    coder = TitleCoder(model, load_rules(), semantic=index)
    assert coder.code("Windsmith").alternatives  # the vectors take part in ranking


def test_unreadable_onet_directory_names_the_file(tiny_model, tmp_path):
    path, model = tiny_model
    with pytest.raises(OccupationError) as err:
        build_semantic_index(model, tmp_path / "out", onet_dir=tmp_path / "missing")
    assert "Occupation Data.txt" in err.value.message and err.value.code == "E501"


def test_a_model_without_vectors_codes_lexically(tiny_model):
    path, model = tiny_model
    assert load_semantic_index(path.parent / "no-such-dir") is None
