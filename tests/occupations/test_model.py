"""Building and loading the title model: offline, no pickle, stale models detected."""

from __future__ import annotations

import json

import numpy as np
import pytest

from skillmap.errors import OccupationError
from skillmap.occupations import TitleCoder
from skillmap.occupations.model import MODEL_FILES, build_title_model, load_title_model, reference_fingerprint
from skillmap.occupations.rules import load_rules


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    from tests.conftest import FIXTURES

    return build_title_model(tmp_path_factory.mktemp("model"), root=FIXTURES / "occupations_kb")


def test_tiny_model_round_trips_without_pickle(tiny_model_dir):
    files = {p.name for p in tiny_model_dir.iterdir()}
    assert files == set(MODEL_FILES) == {"meta.json", "features.json.gz", "rows.json.gz", "arrays.npz"}
    with np.load(tiny_model_dir / "arrays.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    model = load_title_model(tiny_model_dir)
    assert "maintenance technician" in model.row_index
    assert set(model.codes) == {"47-2111", "49-3031", "49-9071", "49-2092", "15-1252", "41-4011"}
    meta = json.loads((tiny_model_dir / "meta.json").read_text())
    assert "MultinomialNB" in meta["classifier"]


def test_tiny_model_codes_titles(tiny_model_dir):
    coder = TitleCoder(load_title_model(tiny_model_dir), load_rules())
    assert coder.code("Sr. Diesel Mechanic - Nights").soc_code == "49-3031"
    # the curated job-board title outweighs the O*NET listing under 49-2092
    assert coder.code("Maintenance Technician II").soc_code == "49-9071"
    assert coder.code("Software Engineer (Remote)").soc_code == "15-1252"
    assert coder.code("Electrican").soc_code == "47-2111"  # typo -> nearest known word


def test_build_is_deterministic(tiny_model_dir, tmp_path):
    from tests.conftest import FIXTURES

    again = build_title_model(tmp_path / "again", root=FIXTURES / "occupations_kb")
    for name in ("features.json.gz", "rows.json.gz", "meta.json"):
        assert (again / name).read_bytes() == (tiny_model_dir / name).read_bytes()
    # the zip archive stamps entry times: compare the arrays themselves
    with np.load(again / "arrays.npz") as a, np.load(tiny_model_dir / "arrays.npz") as b:
        assert sorted(a.files) == sorted(b.files)
        for name in a.files:
            assert a[name].dtype == b[name].dtype and np.array_equal(a[name], b[name])


def test_bundled_model_matches_the_shipped_reference_data():
    model = load_title_model()
    assert model.meta["reference_fingerprint"] == reference_fingerprint()
    assert len(model.codes) == 867


def test_broken_model_directory_raises_e503(tmp_path):
    with pytest.raises(OccupationError) as info:
        load_title_model(tmp_path)
    assert info.value.code == "E503"
