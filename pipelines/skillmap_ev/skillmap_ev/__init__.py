"""``spacy.load("skillmap_ev")``: skillmap's bundled pipeline, loaded by name like
``en_core_web_sm``. The model directory is the one shipped in skillmap
(:func:`skillmap.default_model_path`); nothing is copied or downloaded."""

from __future__ import annotations

from typing import Any


def load(**overrides: Any):
    """The pipeline; ``overrides`` are spacy.load's (vocab, disable, enable, exclude, config)."""
    from spacy.util import load_model_from_path

    from skillmap import default_model_path

    return load_model_from_path(default_model_path(), **overrides)
