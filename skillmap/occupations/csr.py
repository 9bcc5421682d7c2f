"""The few compressed-sparse-row operations the title coder needs, without scipy.

Importing ``scipy.sparse`` costs 0.15-0.2 s and some 25 MB in every process that codes
titles (each ``skillmap tag`` worker). The coder only builds CSR matrices from arrays,
multiplies two of them and reads the result's arrays, so :class:`CSR` holds the three
arrays and :meth:`CSR.matmul` runs scipy's own algorithm (SMMP, in
``skillmap/pipeline/_scan.c``): the same sums in the same order, so every score is
bit-identical to scipy's (a test compares them). Without the C extension the product
falls back to scipy itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

try:
    from ..pipeline._scan import csr_matmat as _c_matmat
except ImportError:  # pragma: no cover - built without a C compiler
    _c_matmat = None


@dataclass
class CSR:
    """A sparse matrix in compressed-sparse-row form (``scipy.sparse.csr_matrix``'s
    ``data``, ``indices``, ``indptr`` and ``shape``)."""

    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    shape: tuple[int, int]

    @classmethod
    def from_arrays(cls, data, indices, indptr, shape: tuple[int, int]) -> CSR:
        return cls(np.asarray(data), np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64),
                   (int(shape[0]), int(shape[1])))

    def astype(self, dtype) -> CSR:
        return CSR(self.data.astype(dtype), self.indices, self.indptr, self.shape)

    def row_of_entries(self) -> np.ndarray:
        return np.repeat(np.arange(self.shape[0], dtype=np.int64), np.diff(self.indptr))

    def toarray(self) -> np.ndarray:
        dense = np.zeros(self.shape, dtype=self.data.dtype)
        dense[self.row_of_entries(), self.indices] = self.data
        return dense

    def sorted_indices(self) -> CSR:
        """The same matrix with each row's columns in ascending order."""
        order = np.lexsort((self.indices, self.row_of_entries()))
        return CSR(self.data[order], self.indices[order], self.indptr, self.shape)

    def without_zeros(self) -> CSR:
        keep = self.data != 0
        if keep.all():
            return self
        indptr = np.zeros(self.shape[0] + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.row_of_entries()[keep], minlength=self.shape[0]), out=indptr[1:])
        return CSR(self.data[keep], self.indices[keep], indptr, self.shape)

    def column_sums(self) -> np.ndarray:
        """Sums over rows (``scipy``'s ``sum(axis=0)``), added in row order."""
        return np.bincount(self.indices, weights=self.data.astype(np.float64), minlength=self.shape[1])

    def matmul(self, other: CSR, *, sort: bool = False) -> CSR:
        """``self @ other`` in float64, entries as scipy.sparse gives them (with ``sort``,
        each row's columns ascending, as :meth:`sorted_indices` puts them)."""
        if self.shape[1] != other.shape[0]:
            raise ValueError(f"cannot multiply {self.shape} by {other.shape}")
        parts = (
            np.ascontiguousarray(self.indptr, dtype=np.int64),
            np.ascontiguousarray(self.indices, dtype=np.int64),
            np.ascontiguousarray(self.data, dtype=np.float64),
            np.ascontiguousarray(other.indptr, dtype=np.int64),
            np.ascontiguousarray(other.indices, dtype=np.int64),
            np.ascontiguousarray(other.data, dtype=np.float64),
        )
        shape = (self.shape[0], other.shape[1])
        if _c_matmat is None:
            product = _scipy_matmul(parts, self.shape, other.shape)
            return product.sorted_indices() if sort else product
        indptr, indices, data = _c_matmat(*parts, shape[1], sort)
        return CSR(np.frombuffer(data, dtype=np.float64), np.frombuffer(indices, dtype=np.int64),
                   np.frombuffer(indptr, dtype=np.int64), shape)


def _scipy_matmul(parts, left_shape, right_shape) -> CSR:
    from scipy import sparse

    a = sparse.csr_matrix((parts[2], parts[1], parts[0]), shape=left_shape)
    b = sparse.csr_matrix((parts[5], parts[4], parts[3]), shape=right_shape)
    product = (a @ b).tocsr()
    return CSR.from_arrays(product.data, product.indices, product.indptr, product.shape)
