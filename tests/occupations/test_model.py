"""Building and loading the title model: offline, no pickle, stale models detected."""

from __future__ import annotations

import json

import numpy as np
import pytest

from skillmap.errors import OccupationError
from skillmap.occupations import TitleCoder
from skillmap.occupations.model import (
    MODEL_FILES,
    build_title_model,
    load_title_model,
    reference_fingerprint,
)
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


def test_recomputed_naive_bayes_counts_match_scikit_learn(tiny_model_dir):
    """The model stores no Naive Bayes counts: the load-time product must equal what
    scikit-learn's MultinomialNB sums over the (row, code) samples."""
    from scipy import sparse
    from sklearn.naive_bayes import MultinomialNB

    from skillmap.occupations.model import SOURCE_CAP

    model = load_title_model(tiny_model_dir)
    stored = model.matrix_t
    matrix = sparse.csr_matrix((stored.data, stored.indices, stored.indptr), shape=stored.shape).T.tocsr()
    rows, labels, weights = [], [], []
    for row in range(len(model.rows)):
        pairs = model.codes_of_row(row)
        norm = sum(w * w for _, w in pairs)
        for code, weight in pairs:
            rows.append(row)
            labels.append(model.codes.index(code))
            weights.append(weight * weight / norm * min(weight, SOURCE_CAP))
    nb = MultinomialNB(alpha=model.nb_alpha, fit_prior=False).fit(matrix[rows], np.asarray(labels), sample_weight=np.asarray(weights))
    expected = np.log(nb.feature_count_.T + model.nb_alpha) - np.log(model.nb_alpha)
    loaded = model.nb_counts_t.toarray()
    present = sparse.csr_matrix(nb.feature_count_.T).toarray() > 0
    assert np.allclose(loaded[present], expected[present], rtol=1e-6)
    assert not loaded[~present].any()
    assert np.allclose(np.exp(model.nb_log_denominator) - model.nb_alpha * len(model.features), nb.feature_count_.sum(axis=1))


def test_bundled_model_is_compact_and_packaged():
    import tomllib
    from pathlib import Path

    from skillmap.occupations.model import default_title_model_path
    from skillmap.occupations.semantic import SEMANTIC_FILE, SEMANTIC_META

    directory = default_title_model_path()
    shipped = (*MODEL_FILES, SEMANTIC_FILE, SEMANTIC_META)
    assert sorted(p.name for p in directory.iterdir() if not p.name.startswith(".")) == sorted(shipped)
    assert sum((directory / name).stat().st_size for name in MODEL_FILES) < 1_500_000
    assert sum((directory / name).stat().st_size for name in (SEMANTIC_FILE, SEMANTIC_META)) < 600_000
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())
    globs = pyproject["tool"]["setuptools"]["package-data"]["skillmap.models"]
    assert any(Path(f"title_coder/{name}").match(g) or g == "**/*" for name in MODEL_FILES for g in globs)


def test_model_of_another_format_raises_e503(tiny_model_dir, tmp_path):
    import shutil

    old = tmp_path / "old"
    shutil.copytree(tiny_model_dir, old)
    meta = json.loads((old / "meta.json").read_text())
    meta["format_version"] = 2
    (old / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(OccupationError) as info:
        load_title_model(old)
    assert info.value.code == "E503" and "format 2" in str(info.value)
    (old / "rows.json.gz").write_bytes(b"not gzip")
    meta["format_version"] = 3
    (old / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(OccupationError):
        load_title_model(old)
