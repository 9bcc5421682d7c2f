"""Build the spaCy pipeline directory in ``models/`` from the taxonomy files.

    python -m skillmap build-model            # or: skillmap build-model models/skillmap_ev

The directory holds a blank English tokenizer plus the four skillmap components with
their data (taxonomy, context rules) as JSON. Building twice from the same files gives
byte-identical files, which a test checks against the committed copy.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

from .. import __version__
from ..learned.skills import SkillClassifier, load_if_present
from ..taxonomy.loader import load_taxonomy
from ..taxonomy.schema import Taxonomy
from .components import bundled_learned_path, component_names
from .context import ContextRules

MODEL_NAME = "skillmap_ev"


def build_pipeline(
    taxonomy: Taxonomy | None = None,
    *,
    taxonomy_path: str | Path | None = None,
    extensions: tuple[str | Path, ...] | list = (),
    context: ContextRules | None = None,
    learned: SkillClassifier | None = None,
) -> Language:
    """A ready-to-use pipeline: blank English tokenizer + skillmap components.

    ``learned``: the learned stage; by default the one bundled in ``models/`` (trained by
    ``skillmap build-learned``), left out when there is none."""
    taxonomy = taxonomy or load_taxonomy(taxonomy_path, extensions)
    nlp = spacy.blank("en")
    learned = learned if learned is not None else load_if_present(bundled_learned_path())
    for name in component_names():
        if name != "skillmap_learned" or learned is not None:
            nlp.add_pipe(name)
    if learned is not None:
        nlp.get_pipe("skillmap_learned").classifier = learned
    context = context or ContextRules.default()
    for name in ("skillmap_sections", "skillmap_context", "skillmap_attributes"):
        nlp.get_pipe(name).rules = context
    nlp.get_pipe("skillmap_skills").set_taxonomy(taxonomy, context)
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "version": __version__,
            "description": (
                "skillmap EV/EVSE skill tagger: taxonomy "
                f"{taxonomy.name} {taxonomy.version}, {len(taxonomy.skills)} skills. "
                + ("Rules plus a learned linear stage (numpy arrays); " if learned is not None else "Rule-based; ")
                + "loads offline."
            ),
            "author": "skillmap developers",
            "license": "MIT (code); SOC 2018 public domain; see README for O*NET attribution",
            "sources": [
                {"name": "HR&A Workforce Needs Assessment & Training Landscape (2025)"},
                {"name": "SOC 2018 (BLS)", "license": "public domain"},
            ],
        }
    )
    return nlp


def build_model(output: str | Path, **kwargs) -> Path:
    """Write the pipeline directory; returns its path."""
    output = Path(output)
    nlp = build_pipeline(**kwargs)
    output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


def build_learned(
    data_dir: str | Path,
    output: str | Path | None = None,
    *,
    extra: tuple[tuple[str | Path, str | Path], ...] | list = (),
    folds: int = 3,
    seed: int = 0,
) -> SkillClassifier:
    """Train the learned stage from a data directory (gold files with their postings,
    unlabeled pools; see :mod:`skillmap.learned.training`) against the bundled taxonomy
    and rules, and write its arrays to ``output`` (default: the bundled pipeline's
    ``skillmap_learned`` directory; rebuild the pipeline afterwards)."""
    from ..extractor import Extractor
    from ..learned import training

    labeled, pools = training.read_data_dir(data_dir, extra)
    rules = Extractor(load_taxonomy(), ContextRules.default())
    classifier = training.train(rules, labeled, pools, folds=folds, seed=seed)
    classifier.to_dir(Path(output) if output else bundled_learned_path())
    return classifier
