"""Semantic evidence for the title coder: each SOC code as points in the static embedding
space (:mod:`skillmap.learned.embeddings`), so an unseen word or wording lands near its
occupation, and a posting body can choose among close codes.

Per code, two unit vectors (``models/title_coder/semantic.npz``):

- **title**: the weighted mean of the code's knowledge-base titles (the title model's
  rows, each weighted as it votes in the coder), plus, as weak labels, the titles of real
  postings collected under the code (the Zhou et al. 2022 pool's ``onet_category``);
- **text**: the mean of the code's O*NET description and task statements, plus the bodies
  of those pool postings.

At run time a title's normalized phrase is embedded once (word pieces cached) and compared
with every code's title vector (one small matrix product); a body with the text vectors.
How the coder blends these with its lexical scores is in :mod:`.coder`.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import OccupationError
from ..learned.embeddings import StaticEmbedding, load_embedding
from .model import TitleModel, default_title_model_path

SEMANTIC_FILE = "semantic.npz"
SEMANTIC_META = "semantic.json"
# A weak-label posting counts as much as this many knowledge-base title weights.
WEAK_TITLE_WEIGHT = 2.0
WEAK_TEXT_WEIGHT = 1.0


@dataclass
class SemanticIndex:
    codes: list[str]
    title_vectors: np.ndarray  # codes x dims, unit rows (zero for a code without titles)
    text_vectors: np.ndarray  # codes x dims, unit rows (zero for a code without text)
    meta: dict

    def title_scores(self, vectors: np.ndarray) -> np.ndarray:
        """Cosine of a title vector (or n x dims rows) with every code's title vector."""
        return vectors @ self.title_vectors.T

    def text_scores(self, vectors: np.ndarray) -> np.ndarray:
        return vectors @ self.text_vectors.T


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _onet_texts(onet_dir: Path) -> list[tuple[str, str]]:
    """(SOC code, text) for every O*NET occupation description and task statement."""
    out: list[tuple[str, str]] = []
    for name, column in (("Occupation Data.txt", "Description"), ("Task Statements.txt", "Task")):
        path = onet_dir / name
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle, delimiter="\t"):
                    out.append((row["O*NET-SOC Code"][:7], row[column]))
        except (OSError, KeyError) as err:
            raise OccupationError(f"{path}: cannot read O*NET {column.lower()}s ({err})", code="E501") from None
    return out


def _weak_postings(path: Path, exclude: frozenset[str]) -> list[tuple[str, str, str]]:
    """(SOC code, title, text) of each pool posting with an ``onet_category``, except the
    ``exclude`` pids (held back for evaluation)."""
    out = []
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    raise OccupationError(f"{path}:{number}: not valid JSON", code="E501") from None
                code = str(row.get("onet_category") or "")[:7]
                if code and row.get("pid") not in exclude:
                    out.append((code, str(row.get("title") or ""), str(row.get("text") or "")))
    except OSError as err:
        raise OccupationError(f"{path}: cannot read weak-label postings ({err.strerror})", code="E501") from None
    return out


def read_excluded_pids(paths) -> frozenset[str]:
    """Posting ids held back for evaluation: ``pid`` of each line of a .jsonl file, or the
    ``id`` column of a .csv file."""
    pids: set[str] = set()
    for path in map(Path, paths):
        try:
            if path.suffix == ".csv":
                with open(path, encoding="utf-8", newline="") as handle:
                    pids.update(row["id"] for row in csv.DictReader(handle) if row.get("id"))
            else:
                with open(path, encoding="utf-8") as handle:
                    pids.update(str(json.loads(line)["pid"]) for line in handle if line.strip())
        except (OSError, KeyError, json.JSONDecodeError) as err:
            raise OccupationError(f"{path}: cannot read the posting ids to exclude ({err})", code="E501") from None
    return frozenset(pids)


def build_semantic_index(
    model: TitleModel,
    output: str | Path,
    *,
    embedding: StaticEmbedding | None = None,
    onet_dir: str | Path | None = None,
    weak_labels: str | Path | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Path:
    """Compute the per-code vectors from the title model's rows (and, when given, O*NET
    descriptions and tasks and weak-label postings) and write them beside the model."""
    embedding = embedding or load_embedding()
    codes = model.codes
    index = {code: i for i, code in enumerate(codes)}
    dims = embedding.dim
    titles = np.zeros((len(codes), dims))
    texts = np.zeros((len(codes), dims))
    rows = embedding.encode(model.rows).astype(np.float64)
    ptr = model.row_code_ptr.astype(np.int64)
    weight = model.row_code_weight.astype(np.float64)
    owner = np.repeat(np.arange(len(model.rows)), np.diff(ptr))
    share = weight * weight / np.bincount(owner, weights=weight * weight)[owner]
    np.add.at(titles, model.row_code_idx.astype(np.int64), rows[owner] * (share * weight)[:, None])
    sources = {"titles": len(model.rows)}
    if onet_dir is not None:
        pairs = [(index[c], t) for c, t in _onet_texts(Path(onet_dir)) if c in index]
        vectors = embedding.encode([t for _, t in pairs])
        np.add.at(texts, np.array([i for i, _ in pairs], dtype=np.int64), vectors)
        sources["onet_texts"] = len(pairs)
    if weak_labels is not None:
        postings = [(index[c], title, text) for c, title, text in _weak_postings(Path(weak_labels), exclude) if c in index]
        if postings:
            at = np.array([i for i, _, _ in postings], dtype=np.int64)
            np.add.at(titles, at, WEAK_TITLE_WEIGHT * embedding.encode([t for _, t, _ in postings]))
            np.add.at(texts, at, WEAK_TEXT_WEIGHT * embedding.encode([t for _, _, t in postings]))
        sources["weak_postings"] = len(postings)
        sources["weak_excluded"] = len(exclude)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        output / SEMANTIC_FILE,
        title_vectors=_unit(titles).astype(np.float16),
        text_vectors=_unit(texts).astype(np.float16),
    )
    meta = {
        "codes": codes,
        "embedding": embedding.meta.get("method"),
        "sources": sources,
        "attribution": "O*NET 30.0 Database (USDOL/ETA), CC BY 4.0: descriptions and task statements, as vectors",
    }
    (output / SEMANTIC_META).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return output / SEMANTIC_FILE


def load_semantic_index(directory: str | Path | None = None) -> SemanticIndex | None:
    """The semantic vectors beside a title model (the bundled one by default), or None when
    that model has none (a model built without them codes titles lexically only)."""
    directory = Path(directory) if directory else default_title_model_path()
    if not (directory / SEMANTIC_FILE).exists():
        return None
    try:
        meta = json.loads((directory / SEMANTIC_META).read_text(encoding="utf-8"))
        with np.load(directory / SEMANTIC_FILE, allow_pickle=False) as arrays:
            titles = arrays["title_vectors"].astype(np.float32)
            texts = arrays["text_vectors"].astype(np.float32)
    except (OSError, ValueError, KeyError) as err:
        raise OccupationError(f"semantic vectors at {directory} are unreadable: {err}", code="E503") from None
    if not (len(meta.get("codes", ())) == len(titles) == len(texts)):
        raise OccupationError(f"semantic vectors at {directory} are inconsistent (sizes disagree)", code="E503")
    return SemanticIndex(meta["codes"], titles, texts, meta)
