"""skillmap.occupations.csr against scipy.sparse: the title coder's scores depend on
every bit of these products, so the entries must be exactly scipy's."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillmap.occupations.csr import CSR
from tests.conftest import run_fresh

sparse = pytest.importorskip("scipy.sparse")


def _random_csr(rng, rows, cols, density):
    matrix = sparse.random(rows, cols, density=density, format="csr", random_state=rng, dtype=np.float64)
    matrix.data = np.round(matrix.data * 8) / 8 - 0.5  # small exact values: cancellation to 0 happens
    return matrix


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(0, 12), st.integers(1, 12), st.integers(0, 12))
def test_matmul_gives_scipys_entries_in_scipys_order(seed, rows, inner, cols):
    rng = np.random.default_rng(seed)
    a = _random_csr(rng, rows, inner, 0.4)
    b = _random_csr(rng, inner, cols, 0.4)
    expected = (a @ b).tocsr()
    mine = CSR.from_arrays(a.data, a.indices, a.indptr, a.shape).matmul(CSR.from_arrays(b.data, b.indices, b.indptr, b.shape))
    assert mine.shape == expected.shape
    assert np.array_equal(mine.indptr, expected.indptr)
    assert np.array_equal(mine.indices, expected.indices)
    assert np.array_equal(mine.data, expected.data)
    assert np.array_equal(mine.toarray(), expected.toarray())
    # sort=True: each row's columns ascending, the same entries and values.
    left, right = (CSR.from_arrays(m.data, m.indices, m.indptr, m.shape) for m in (a, b))
    ordered, reference = left.matmul(right, sort=True), mine.sorted_indices()
    assert np.array_equal(ordered.indptr, reference.indptr)
    assert np.array_equal(ordered.indices, reference.indices)
    assert np.array_equal(ordered.data, reference.data)


def test_the_other_operations_match_scipy():
    rng = np.random.default_rng(3)
    a = _random_csr(rng, 30, 20, 0.3)
    mine = CSR.from_arrays(a.data.copy(), a.indices.copy(), a.indptr.copy(), a.shape)  # scipy edits in place
    assert np.array_equal(mine.column_sums(), np.asarray(a.sum(axis=0)).ravel())
    a.eliminate_zeros()
    trimmed = mine.without_zeros()
    assert np.array_equal(trimmed.data, a.data) and np.array_equal(trimmed.indptr, a.indptr)
    product = (a @ a.T.tocsr()).tocsr()
    product.sort_indices()
    ours = trimmed.matmul(CSR.from_arrays(a.T.tocsr().data, a.T.tocsr().indices, a.T.tocsr().indptr, (20, 30)))
    ours = ours.sorted_indices()
    assert np.array_equal(ours.indices, product.indices) and np.array_equal(ours.data, product.data)


def test_matmul_checks_shapes_and_arrays():
    a = CSR.from_arrays([1.0], [0], [0, 1], (1, 2))
    with pytest.raises(ValueError):
        a.matmul(CSR.from_arrays([1.0], [0], [0, 1], (1, 1)))
    bad = CSR.from_arrays([1.0], [5], [0, 1], (1, 2))  # column 5 of a 2-row right matrix
    with pytest.raises(ValueError):
        bad.matmul(CSR.from_arrays([1.0, 2.0], [0, 0], [0, 1, 2], (2, 1)))


def test_title_model_loads_without_scipy():
    code = "import sys\nfrom skillmap.occupations.coder import load_coder\nload_coder()\nprint('scipy' in sys.modules)\n"
    result = run_fresh(code)
    assert result == "False"


def test_without_the_c_extension_scipy_multiplies(monkeypatch):
    from skillmap.occupations import csr

    rng = np.random.default_rng(5)
    a, b = _random_csr(rng, 9, 7, 0.4), _random_csr(rng, 7, 6, 0.4)
    left, right = (CSR.from_arrays(m.data, m.indices, m.indptr, m.shape) for m in (a, b))
    with_c = left.matmul(right)
    monkeypatch.setattr(csr, "_c_matmat", None)
    without = left.matmul(right)
    assert np.array_equal(with_c.data, without.data) and np.array_equal(with_c.indices, without.indices)
    sorted_without = left.matmul(right, sort=True)
    assert np.array_equal(sorted_without.indices, with_c.sorted_indices().indices)
