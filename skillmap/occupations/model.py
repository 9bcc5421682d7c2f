"""The title model: a TF-IDF index of the title knowledge base, built with scikit-learn.

Build time (``skillmap build-title-model``): every reference title is normalized, titles
with the same normal form are merged into one *row* holding a weight per SOC code, a
scikit-learn ``TfidfVectorizer`` (word, word-pair and head-word features, sublinear tf)
is fitted on the rows. A multinomial Naive Bayes model learns P(feature | code) from the
same rows (each row counted once per code, weighted by source: curated job-board titles
most), which generalizes to unseen word combinations ("medical equipment field
technician"). Saved without pickle, compact, as plain files any numpy can read:

    models/title_coder/
      meta.json          versions, counts, fingerprint of the reference data
      features.json.gz   the vectorizer vocabulary, in column order
      rows.json.gz       normalized row titles and the SOC code list
      arrays.npz         idf; the feature x row index (rows per feature, delta-coded row
                         ids, term counts); row -> code weights

What can be recomputed quickly is not stored: the TF-IDF values come from the term counts
and idf (sublinear tf, L2-normalized rows, as scikit-learn computes them), and the Naive
Bayes feature counts per code are one sparse product of that matrix with the row -> code
sample weights (what scikit-learn's ``MultinomialNB.fit`` sums; a test checks they agree).

Run time uses only numpy (and ``csr.CSR``) on these arrays (scikit-learn's per-call overhead would
cap throughput far below what batch tagging needs).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..datafiles import data_path
from ..errors import OccupationError
from .csr import CSR
from .features import title_features
from .normalize import LEXICON_FILE, normalize_reference_title
from .reference import JOB_BOARD_TITLES, ONET_TITLES, SOC_DIRECT_MATCH, reference_titles

MODEL_NAME = "title_coder"
FORMAT_VERSION = 3
NB_ALPHA = 0.1
SOURCE_CAP = 8.0
FINGERPRINT_FILES = (SOC_DIRECT_MATCH, ONET_TITLES, JOB_BOARD_TITLES, LEXICON_FILE)
MODEL_FILES = ("meta.json", "features.json.gz", "rows.json.gz", "arrays.npz")


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
    """The loaded index. ``matrix_t`` is features x rows (rows L2-normalized TF-IDF)."""

    features: dict[str, int]
    idf: np.ndarray
    matrix_t: CSR  # features x rows, for sparse query products
    rows: list[str]
    row_index: dict[str, int]
    codes: list[str]
    row_code_ptr: np.ndarray
    row_code_idx: np.ndarray
    row_code_weight: np.ndarray
    nb_counts_t: CSR  # features x codes: log((count + alpha) / alpha)
    nb_log_denominator: np.ndarray  # per code: log(total count + alpha * n_features)
    nb_alpha: float
    meta: dict

    def codes_of_row(self, row: int) -> list[tuple[str, float]]:
        start, end = self.row_code_ptr[row], self.row_code_ptr[row + 1]
        return [(self.codes[i], float(w)) for i, w in zip(self.row_code_idx[start:end], self.row_code_weight[start:end], strict=True)]


def tfidf_values(tf: np.ndarray, features: np.ndarray, rows: np.ndarray, idf: np.ndarray, n_rows: int) -> np.ndarray:
    """TF-IDF values of index entries from their term counts: ``(1 + ln tf) * idf``, each
    row scaled to unit L2 norm (scikit-learn's ``sublinear_tf=True, norm="l2"``)."""
    weights = (1.0 + np.log(tf.astype(np.float32))) * idf[features]
    norms = np.sqrt(np.bincount(rows, weights=weights.astype(np.float64) ** 2, minlength=n_rows)).astype(np.float32)
    return (weights / norms[rows]).astype(np.float32)


def naive_bayes_counts(matrix_t: CSR, row_code_ptr, row_code_idx, row_code_weight, n_codes: int) -> CSR:
    """Weighted feature counts per code (features x codes), as ``MultinomialNB.fit`` sums
    them over (row, code) samples: a row's weight splits over its codes in proportion to
    the squared source weights, times the source weight itself (capped), so a curated
    title teaches more than an archaic one."""
    weight = np.asarray(row_code_weight, dtype=np.float64)
    ptr = np.asarray(row_code_ptr)
    owner = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))
    norm = np.bincount(owner, weights=weight * weight, minlength=len(ptr) - 1)
    sample_weight = weight * weight / norm[owner] * np.minimum(weight, SOURCE_CAP)
    samples = CSR.from_arrays(sample_weight, row_code_idx, ptr, (len(ptr) - 1, n_codes))
    return matrix_t.astype(np.float64).matmul(samples, sort=True).without_zeros()


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
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    output = Path(output)
    rows, weights = _merge_rows(root)
    if not rows:
        raise OccupationError("the title knowledge base is empty", code="E503")
    # TfidfVectorizer in its two steps, so the term counts can be stored instead of values.
    counter = CountVectorizer(analyzer=title_features, dtype=np.float32)
    term_counts = counter.fit_transform(rows).tocsr()
    transformer = TfidfTransformer(sublinear_tf=True).fit(term_counts)
    idf = transformer.idf_.astype(np.float32)
    vocabulary = counter.vocabulary_
    features = [None] * len(vocabulary)
    for feature, column in vocabulary.items():
        features[column] = feature

    index = term_counts.T.tocsr()  # features x rows
    index.sort_indices()
    per_feature = np.diff(index.indptr)
    row_ids = index.indices.astype(np.int64)
    deltas = np.diff(row_ids, prepend=0)
    starts = index.indptr[:-1][per_feature > 0]
    deltas[starts] = row_ids[starts]
    tf = index.data
    if tf.max() > 255:
        raise OccupationError("a title repeats one feature more than 255 times", code="E503")
    feature_of_entry = np.repeat(np.arange(len(features)), per_feature)
    values = tfidf_values(tf, feature_of_entry, row_ids, idf, len(rows))
    expected = transformer.transform(term_counts).T.tocsr()
    expected.sort_indices()
    if not np.allclose(values, expected.data, rtol=1e-5, atol=1e-6):
        raise OccupationError("recomputed TF-IDF values disagree with scikit-learn's", code="E503")

    codes = sorted({code for w in weights for code in w})
    code_index = {c: i for i, c in enumerate(codes)}
    counts, idx, val = [], [], []
    for w in weights:
        for code, weight in sorted(w.items()):
            idx.append(code_index[code])
            val.append(weight)
        counts.append(len(w))

    output.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        output / "arrays.npz",
        idf=idf,
        feature_rows=per_feature.astype(np.int32),
        row_deltas=deltas.astype(np.uint16 if deltas.max() < 2**16 else np.uint32),
        term_counts=tf.astype(np.uint8),
        row_code_count=np.asarray(counts, dtype=np.uint8 if max(counts) < 256 else np.uint16),
        row_code_idx=np.asarray(idx, dtype=np.int16),
        row_code_weight=np.asarray(val, dtype=np.float16),
    )
    _write_json_gz(output / "features.json.gz", features)
    _write_json_gz(output / "rows.json.gz", {"rows": rows, "codes": codes})
    for stale in ("features.json", "rows.json"):  # format 2 files
        (output / stale).unlink(missing_ok=True)
    meta = {
        "name": MODEL_NAME,
        "format_version": FORMAT_VERSION,
        "reference_fingerprint": reference_fingerprint(root),
        "rows": len(rows),
        "features": len(features),
        "codes": len(codes),
        "vectorizer": "sklearn TfidfVectorizer(analyzer=skillmap.occupations.features.title_features, sublinear_tf=True), stored as term counts + idf",
        "classifier": f"multinomial Naive Bayes (as sklearn MultinomialNB(alpha={NB_ALPHA}, fit_prior=False)) on the TF-IDF rows, counts recomputed at load",
        "nb_alpha": NB_ALPHA,
        "sklearn_version": sklearn.__version__,
    }
    (output / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return output


def _write_json_gz(path: Path, data) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))  # mtime 0: reproducible


def _read_json_gz(path: Path):
    return json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))


def load_title_model(path: str | Path | None = None, *, check_fingerprint: bool = True) -> TitleModel:
    """Load a model directory (the bundled one by default). Nothing is unpickled."""
    directory = Path(path) if path else default_title_model_path()
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise OccupationError(
                f"title model at {directory} has format {meta.get('format_version')}, expected {FORMAT_VERSION}; "
                "rebuild it with `skillmap build-title-model`",
                code="E503",
            )
        features = _read_json_gz(directory / "features.json.gz")
        rows_file = _read_json_gz(directory / "rows.json.gz")
        with np.load(directory / "arrays.npz", allow_pickle=False) as arrays:
            parts = {name: arrays[name] for name in arrays.files}
        rows, codes = rows_file["rows"], rows_file["codes"]
        idf = parts["idf"]
        per_feature = parts["feature_rows"].astype(np.int64)
        row_code_count = parts["row_code_count"].astype(np.int64)
        shapes_ok = (
            len(idf) == len(features) == len(per_feature)
            and len(row_code_count) == len(rows)
            and int(per_feature.sum()) == len(parts["row_deltas"]) == len(parts["term_counts"])
            and int(row_code_count.sum()) == len(parts["row_code_idx"]) == len(parts["row_code_weight"])
        )
    except (OSError, ValueError, KeyError, TypeError, EOFError) as err:
        raise OccupationError(f"title model at {directory} is missing or unreadable: {err}", code="E503") from None
    if not shapes_ok:
        raise OccupationError(f"title model at {directory} is inconsistent (array sizes disagree)", code="E503")
    if check_fingerprint and path is None and meta.get("reference_fingerprint") != reference_fingerprint():
        raise OccupationError(
            f"title model at {directory} was built from other reference data; rebuild it with "
            "`skillmap build-title-model`",
            code="E503",
        )
    # Rows of each feature: delta-coded within the feature's run, first id absolute.
    indptr = np.zeros(len(features) + 1, dtype=np.int64)
    np.cumsum(per_feature, out=indptr[1:])
    running = np.cumsum(parts["row_deltas"].astype(np.int64))
    before = np.concatenate(([0], running))[indptr[:-1]]
    row_ids = running - np.repeat(before, per_feature)
    feature_of_entry = np.repeat(np.arange(len(features)), per_feature)
    values = tfidf_values(parts["term_counts"], feature_of_entry, row_ids, idf, len(rows))
    matrix_t = CSR.from_arrays(values, row_ids, indptr, (len(features), len(rows)))
    row_code_ptr = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum(row_code_count, out=row_code_ptr[1:])
    row_code_weight = parts["row_code_weight"].astype(np.float32)
    counts = naive_bayes_counts(matrix_t, row_code_ptr, parts["row_code_idx"], row_code_weight, len(codes))
    alpha = float(meta.get("nb_alpha", NB_ALPHA))
    class_count = counts.column_sums()
    counts.data = np.log(counts.data + alpha) - np.log(alpha)
    return TitleModel(
        nb_counts_t=counts,
        nb_log_denominator=np.log(class_count + alpha * len(features)),
        nb_alpha=alpha,
        features={f: i for i, f in enumerate(features)},
        idf=idf,
        matrix_t=matrix_t,
        rows=rows,
        row_index={r: i for i, r in enumerate(rows)},
        codes=codes,
        row_code_ptr=row_code_ptr,
        row_code_idx=parts["row_code_idx"],
        row_code_weight=row_code_weight,
        meta=meta,
    )


@lru_cache(maxsize=1)
def bundled_title_model() -> TitleModel:
    return load_title_model()
