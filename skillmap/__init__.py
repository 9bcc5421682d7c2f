"""skillmap: which skills the EV and EV-charging (EVSE) workforce is asked for.

    import skillmap
    sm = skillmap.load()
    result = sm.extract("Install Level 2 EV chargers. Valid driver's license required.")
    result.demanded_ids()        # {'ev_charger_installation', 'drivers_license'}
    doc = sm.nlp("...")          # the same analysis as a spaCy Doc (doc.spans["skills"])
"""

from __future__ import annotations

__version__ = "0.1.0"

from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from .errors import (  # noqa: E402
    CurriculumError,
    EvaluationError,
    InputError,
    ModelError,
    ReportError,
    SkillmapError,
    TaxonomyError,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from .extractor import ExtractionResult, Extractor
    from .taxonomy.schema import Taxonomy

__all__ = [
    "CurriculumError",
    "EvaluationError",
    "InputError",
    "ModelError",
    "ReportError",
    "Skillmap",
    "SkillmapError",
    "TaxonomyError",
    "__version__",
    "default_model_path",
    "load",
]


def default_model_path() -> Path:
    """The pipeline directory shipped in the package (``models/skillmap_ev``)."""
    from importlib import resources

    from .pipeline.build import MODEL_NAME

    return Path(str(resources.files("skillmap.models").joinpath(MODEL_NAME)))


class Skillmap:
    """A loaded pipeline: the fast extractor plus the spaCy ``nlp`` object it came from."""

    def __init__(self, nlp: Language):
        self.nlp = nlp
        matcher = nlp.get_pipe("skillmap_skills")
        self.extractor: Extractor = matcher.extractor
        self.taxonomy: Taxonomy = matcher.taxonomy

    def extract(
        self, text: str, *, title: str | None = None, company: str | None = None, id: str | None = None
    ) -> ExtractionResult:
        """Skills and attributes of one posting. Raises InputError for unusable text."""
        return self.extractor.extract(text, title=title, company=company, id=id)

    def extract_many(self, records, *, on_error: str = "raise"):
        """Extract from an iterable of dicts with ``text`` (``id``/``title``/``company`` optional)."""
        return self.extractor.extract_many(records, on_error=on_error)

    def skill(self, skill_id: str):
        return self.taxonomy.by_id()[skill_id]


def load(
    path: str | Path | None = None,
    *,
    taxonomy: str | Path | None = None,
    extensions: list[str | Path] | tuple = (),
) -> Skillmap:
    """Load the bundled pipeline, a pipeline directory, or build one from taxonomy files.

    ``taxonomy``/``extensions`` build a pipeline in memory from YAML files instead (for a
    user's own extension taxonomy). Nothing is downloaded.
    """
    import spacy

    from .pipeline import components  # noqa: F401  (registers the factories)
    from .pipeline.build import build_pipeline

    if taxonomy is not None or extensions:
        return Skillmap(build_pipeline(taxonomy_path=taxonomy, extensions=tuple(extensions)))
    model_dir = Path(path) if path else default_model_path()
    if not (model_dir / "config.cfg").is_file():
        if path:
            raise ModelError(f"no spaCy pipeline at {model_dir} (config.cfg missing)", code="E300")
        # A source checkout without a built model still works: build from the taxonomy.
        return Skillmap(build_pipeline())
    return Skillmap(spacy.load(model_dir))
