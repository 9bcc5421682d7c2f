"""The learned skill classifier: which skills a job sentence demands, beyond the aliases.

A linear one-vs-rest model over binary word-stem and stem-bigram features of one sentence
(L2-normalised), trained at build time (:mod:`skillmap.learned.training`) and stored as
plain arrays (``weights.npy``, ``bias.npy``) beside a JSON file with the vocabulary, the
skill ids and the decision thresholds. Inference is a row gather and a sum in numpy; no
scikit-learn, no pickle, nothing downloaded.

    classifier = SkillClassifier.from_dir("models/skillmap_ev/skillmap_learned")
    classifier.probabilities(["Hands-on experience with hydraulic and pneumatic systems"])

The extractor asks it only about job sentences in demand sections, and only adds a skill
the rules did not already find (see ``Extractor.learned_mentions``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError

META_FILE = "meta.json"
WEIGHTS_FILE = "weights.npy"
BIAS_FILE = "bias.npy"
FORMAT = "skillmap.learned.skills.v1"
# Words are cut to this many characters: "diagnose", "diagnosing", "diagnostics" share
# "diagno"; "hydraulic(s)" share "hydrau". A stem is the cheapest morphology there is.
STEM_CHARS = 6
_WORD_RE = re.compile(r"[a-z0-9][a-z0-9+#]*")


def sentence_features(text: str) -> set[str]:
    """The binary features of one sentence: word stems and adjacent stem pairs."""
    stems = [w[:STEM_CHARS] for w in _WORD_RE.findall(text.lower())]
    features = set(stems)
    features.update(f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False))
    return features


def feature_rows(texts: Iterable[str], vocabulary: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR parts (data, indices, indptr) of the L2-normalised binary feature matrix; the
    training and the run time both build their rows here."""
    indices: list[int] = []
    indptr = [0]
    data: list[float] = []
    for text in texts:
        row = sorted({vocabulary[f] for f in sentence_features(text) if f in vocabulary})
        if row:
            value = 1.0 / np.sqrt(len(row))
            data.extend([value] * len(row))
            indices.extend(row)
        indptr.append(len(indices))
    return (
        np.asarray(data, dtype=np.float32),
        np.asarray(indices, dtype=np.int64),
        np.asarray(indptr, dtype=np.int64),
    )


class SkillClassifier:
    """One-vs-rest logistic model over sentence features, with its decision thresholds.

    ``threshold``: probability at which a sentence demands a skill the rules missed.
    ``reject``: probability under which a rule mention in a job sentence is taken for
    something other than a demand (company products, culture statements); None leaves
    rule mentions alone.
    """

    def __init__(
        self,
        skill_ids: Sequence[str],
        vocabulary: dict[str, int],
        weights: np.ndarray,
        bias: np.ndarray,
        *,
        threshold: float,
        reject: float | None = None,
        info: dict | None = None,
    ):
        weights = np.asarray(weights, dtype=np.float32)
        bias = np.asarray(bias, dtype=np.float32)
        if weights.shape != (len(vocabulary), len(skill_ids)) or bias.shape != (len(skill_ids),):
            raise ModelError(
                f"learned stage: weights {weights.shape} and bias {bias.shape} do not fit "
                f"{len(vocabulary)} features x {len(skill_ids)} skills",
                code="E302",
            )
        self.skill_ids = list(skill_ids)
        self.vocabulary = vocabulary
        self.weights = weights
        self.bias = bias
        self.threshold = float(threshold)
        self.reject = None if reject is None else float(reject)
        self.info = dict(info or {})
        self.column = {skill_id: k for k, skill_id in enumerate(self.skill_ids)}

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), skills) probabilities that each sentence demands each skill."""
        data, indices, indptr = feature_rows(texts, self.vocabulary)
        logits = np.tile(self.bias, (len(texts), 1))
        if len(indices):
            gathered = self.weights[indices] * data[:, None]
            starts = indptr[:-1]
            filled = starts < indptr[1:]
            logits[filled] += np.add.reduceat(gathered, starts[filled], axis=0)
        return 1.0 / (1.0 + np.exp(-logits))

    # -- storage ----------------------------------------------------------------------
    def to_dir(self, path: str | Path) -> Path:
        """Write the arrays and the JSON metadata (byte-identical for the same model)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.save(path / WEIGHTS_FILE, self.weights.astype(np.float16), allow_pickle=False)
        np.save(path / BIAS_FILE, self.bias.astype(np.float32), allow_pickle=False)
        features = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = {
            "format": FORMAT,
            "skills": self.skill_ids,
            "threshold": self.threshold,
            "reject": self.reject,
            "info": self.info,
            "features": features,
        }
        (path / META_FILE).write_text(json.dumps(meta, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_dir(cls, path: str | Path) -> SkillClassifier:
        path = Path(path)
        try:
            meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
            weights = np.load(path / WEIGHTS_FILE, allow_pickle=False)
            bias = np.load(path / BIAS_FILE, allow_pickle=False)
        except (OSError, ValueError) as err:
            raise ModelError(f"learned stage in {path} is unreadable: {err}", code="E302") from None
        if meta.get("format") != FORMAT:
            raise ModelError(
                f"{path / META_FILE}: field 'format' is {meta.get('format')!r}, expected {FORMAT!r}", code="E302"
            )
        vocabulary = {feature: i for i, feature in enumerate(meta["features"])}
        return cls(
            meta["skills"],
            vocabulary,
            weights.astype(np.float32),
            bias,
            threshold=meta["threshold"],
            reject=meta.get("reject"),
            info=meta.get("info"),
        )


def load_if_present(path: str | Path) -> SkillClassifier | None:
    """The learned stage stored in ``path``, or None when there is none (a model built
    without one); a stage that is there but unreadable is a ModelError."""
    return SkillClassifier.from_dir(path) if (Path(path) / META_FILE).is_file() else None
