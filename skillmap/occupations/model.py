"""The title model: a TF-IDF index of the title knowledge base, built with scikit-learn.

Build time (``skillmap build-title-model``): every reference title is normalized, titles
with the same normal form are merged into one *row* holding a weight per SOC code, a
scikit-learn ``TfidfVectorizer`` (word, word-pair and head-word features, sublinear tf)
is fitted on the rows, and a scikit-learn ``MultinomialNB`` learns P(feature | code) from
them (each row counted once per code, weighted by source: curated job-board titles most),
which generalizes to unseen word combinations ("medical equipment field technician").
Saved without pickle, as plain files any numpy can read:

    models/title_coder/
      meta.json        versions, counts, fingerprint of the reference data
      features.json    the vectorizer vocabulary, in column order
      rows.json        normalized row titles and the SOC code list
      arrays.npz       idf, the row x feature TF-IDF matrix (CSR parts), row -> code weights,
                       the Naive Bayes feature counts per code (sparse: only seen pairs)

Run time uses only numpy/scipy on these arrays (scikit-learn's per-call overhead would
cap throughput far below what batch tagging needs).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse

from ..errors import OccupationError
from ..taxonomy.loader import data_path
from .features import title_features
from .normalize import LEXICON_FILE, normalize_reference_title
from .reference import JOB_BOARD_TITLES, ONET_TITLES, SOC_DIRECT_MATCH, reference_titles

MODEL_NAME = "title_coder"
FORMAT_VERSION = 2
NB_ALPHA = 0.1
SOURCE_CAP = 8.0
FINGERPRINT_FILES = (SOC_DIRECT_MATCH, ONET_TITLES, JOB_BOARD_TITLES, LEXICON_FILE)


def default_title_model_path() -> Path:
    return Path(str(resources.files("skillmap.models").joinpath(MODEL_NAME)))


def reference_fingerprint(root: Path | None = None) -> str:
    """Hash of the files a model is built from, to detect a stale model."""
    digest = hashlib.sha256()
    for name in FINGERPRINT_FILES:
        path = (root / name) if root else data_path(name)
        try:
            digest.update(name.encode() + b"\0" + path.read_bytes())
        except OSError:
            digest.update(name.encode() + b"\0missing")
    return digest.hexdigest()[:16]


@dataclass
class TitleModel:
    """The loaded index. ``matrix`` is rows x features (L2-normalized TF-IDF)."""

    features: dict[str, int]
    idf: np.ndarray
    matrix_t: sparse.csr_matrix  # features x rows, for sparse query products
    rows: list[str]
    row_index: dict[str, int]
    codes: list[str]
    row_code_ptr: np.ndarray
    row_code_idx: np.ndarray
    row_code_weight: np.ndarray
    nb_counts_t: sparse.csr_matrix  # features x codes: log((count + alpha) / alpha)
    nb_log_denominator: np.ndarray  # per code: log(total count + alpha * n_features)
    nb_alpha: float
    meta: dict

    def codes_of_row(self, row: int) -> list[tuple[str, float]]:
        start, end = self.row_code_ptr[row], self.row_code_ptr[row + 1]
        return [(self.codes[i], float(w)) for i, w in zip(self.row_code_idx[start:end], self.row_code_weight[start:end], strict=True)]


def _merge_rows(root: Path | None) -> tuple[list[str], list[dict[str, float]]]:
    merged: dict[str, dict[str, float]] = defaultdict(dict)
    for ref in reference_titles(root):
        for form in normalize_reference_title(ref.title):
            weights = merged[form]
            # The same title under the same code from several sources: keep the best weight.
            weights[ref.soc_code] = max(weights.get(ref.soc_code, 0.0), ref.weight)
    rows = sorted(merged)
    return rows, [merged[r] for r in rows]


def build_title_model(output: str | Path, *, root: Path | None = None) -> Path:
    """Fit the vectorizer on the knowledge base and write the model directory."""
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer

    output = Path(output)
    rows, weights = _merge_rows(root)
    if not rows:
        raise OccupationError("the title knowledge base is empty", code="E503")
    vectorizer = TfidfVectorizer(analyzer=title_features, sublinear_tf=True, dtype=np.float32)
    matrix = vectorizer.fit_transform(rows).tocsr()
    matrix.sort_indices()
    vocabulary = vectorizer.vocabulary_
    features = [None] * len(vocabulary)
    for feature, column in vocabulary.items():
        features[column] = feature

    codes = sorted({code for w in weights for code in w})
    code_index = {c: i for i, c in enumerate(codes)}
    ptr, idx, val = [0], [], []
    for w in weights:
        for code, weight in sorted(w.items()):
            idx.append(code_index[code])
            val.append(weight)
        ptr.append(len(idx))

    nb = _fit_naive_bayes(matrix, ptr, idx, val, len(codes))
    counts = sparse.csr_matrix(nb.feature_count_.T)  # features x codes, only seen pairs
    counts.eliminate_zeros()
    counts.sort_indices()

    output.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        output / "arrays.npz",
        idf=vectorizer.idf_.astype(np.float32),
        data=matrix.data.astype(np.float16),
        indices=matrix.indices.astype(np.int32),
        indptr=matrix.indptr.astype(np.int32),
        row_code_ptr=np.asarray(ptr, dtype=np.int32),
        row_code_idx=np.asarray(idx, dtype=np.int16),
        row_code_weight=np.asarray(val, dtype=np.float16),
        nb_data=counts.data.astype(np.float32),
        nb_indices=counts.indices.astype(np.int16),
        nb_indptr=counts.indptr.astype(np.int32),
        nb_class_count=nb.feature_count_.sum(axis=1).astype(np.float64),
    )
    (output / "features.json").write_text(json.dumps(features, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    (output / "rows.json").write_text(json.dumps({"rows": rows, "codes": codes}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    meta = {
        "name": MODEL_NAME,
        "format_version": FORMAT_VERSION,
        "reference_fingerprint": reference_fingerprint(root),
        "rows": len(rows),
        "features": len(features),
        "codes": len(codes),
        "vectorizer": "sklearn TfidfVectorizer(analyzer=skillmap.occupations.features.title_features, sublinear_tf=True)",
        "classifier": f"sklearn MultinomialNB(alpha={NB_ALPHA}, fit_prior=False) on the TF-IDF rows",
        "nb_alpha": NB_ALPHA,
        "sklearn_version": sklearn.__version__,
    }
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return output


def _fit_naive_bayes(matrix, ptr, idx, val, n_codes):
    """MultinomialNB over (row, code) pairs; a row's weight splits over its codes."""
    from sklearn.naive_bayes import MultinomialNB

    sample_rows, labels, weights = [], [], []
    for row in range(len(ptr) - 1):
        pairs = list(zip(idx[ptr[row] : ptr[row + 1]], val[ptr[row] : ptr[row + 1]], strict=True))
        norm = sum(w * w for _, w in pairs)
        for code, weight in pairs:
            sample_rows.append(row)
            labels.append(code)
            # share of the row (squared source weights) times the source weight itself, so
            # a curated title teaches more than an archaic one
            weights.append(weight * weight / norm * min(weight, SOURCE_CAP))
    nb = MultinomialNB(alpha=NB_ALPHA, fit_prior=False)
    nb.fit(matrix[sample_rows], np.asarray(labels), sample_weight=np.asarray(weights))
    if len(nb.classes_) != n_codes:
        raise OccupationError("every code needs at least one title to train the classifier", code="E503")
    return nb


def load_title_model(path: str | Path | None = None, *, check_fingerprint: bool = True) -> TitleModel:
    """Load a model directory (the bundled one by default). Nothing is unpickled."""
    directory = Path(path) if path else default_title_model_path()
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        features = json.loads((directory / "features.json").read_text(encoding="utf-8"))
        rows_file = json.loads((directory / "rows.json").read_text(encoding="utf-8"))
        with np.load(directory / "arrays.npz", allow_pickle=False) as arrays:
            parts = {name: arrays[name] for name in arrays.files}
    except (OSError, ValueError, KeyError) as err:
        raise OccupationError(f"title model at {directory} is missing or unreadable: {err}", code="E503") from None
    if meta.get("format_version") != FORMAT_VERSION:
        raise OccupationError(f"title model at {directory} has format {meta.get('format_version')}, expected {FORMAT_VERSION}", code="E503")
    if check_fingerprint and path is None and meta.get("reference_fingerprint") != reference_fingerprint():
        raise OccupationError(
            f"title model at {directory} was built from other reference data; rebuild it with "
            "`skillmap build-title-model`",
            code="E503",
        )
    rows = rows_file["rows"]
    matrix = sparse.csr_matrix(
        (parts["data"].astype(np.float32), parts["indices"], parts["indptr"]), shape=(len(rows), len(features))
    )
    counts = sparse.csr_matrix(
        (parts["nb_data"], parts["nb_indices"].astype(np.int32), parts["nb_indptr"]), shape=(len(features), len(rows_file["codes"]))
    )
    alpha = float(meta.get("nb_alpha", NB_ALPHA))
    counts.data = np.log(counts.data + alpha) - np.log(alpha)
    return TitleModel(
        nb_counts_t=counts,
        nb_log_denominator=np.log(parts["nb_class_count"] + alpha * len(features)),
        nb_alpha=alpha,
        features={f: i for i, f in enumerate(features)},
        idf=parts["idf"],
        matrix_t=matrix.T.tocsr(),
        rows=rows,
        row_index={r: i for i, r in enumerate(rows)},
        codes=rows_file["codes"],
        row_code_ptr=parts["row_code_ptr"],
        row_code_idx=parts["row_code_idx"],
        row_code_weight=parts["row_code_weight"].astype(np.float32),
        meta=meta,
    )


@lru_cache(maxsize=1)
def bundled_title_model() -> TitleModel:
    return load_title_model()
