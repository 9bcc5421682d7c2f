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
    OccupationError,
    ReportError,
    SkillmapError,
    TaxonomyError,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from .extractor import ExtractionResult, Extractor
    from .occupations import TitleCoder, TitleCoding
    from .taxonomy.schema import Taxonomy

__all__ = [
    "CurriculumError",
    "EvaluationError",
    "InputError",
    "ModelError",
    "OccupationError",
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
        if nlp.has_pipe("skillmap_learned"):  # extract() runs the same learned stage
            self.extractor.learned = nlp.get_pipe("skillmap_learned").classifier
        self.taxonomy: Taxonomy = matcher.taxonomy
        self._coder: TitleCoder | None = None

    def extract(
        self,
        text: str,
        *,
        title: str | None = None,
        company: str | None = None,
        id: str | None = None,
        boilerplate: bool = True,
    ) -> ExtractionResult:
        """Skills and attributes of one posting. Raises InputError for unusable text.

        ``boilerplate=False`` skips company/benefits/EEO sections (faster; their
        mentions never count as demands anyway)."""
        return self.extractor.extract(text, title=title, company=company, id=id, boilerplate=boilerplate)

    def extract_many(self, records, *, on_error: str = "raise"):
        """Extract from an iterable of dicts with ``text`` (``id``/``title``/``company`` optional)."""
        return self.extractor.extract_many(records, on_error=on_error)

    @property
    def coder(self) -> TitleCoder:
        """The title coder, loaded on first use so ``load()`` stays fast."""
        if self._coder is None:
            from .occupations import load_coder

            self._coder = load_coder()
        return self._coder

    def code_title(
        self,
        title: str,
        text: str | None = None,
        *,
        skills: set[str] | frozenset[str] | list[str] | None = None,
        id: str | None = None,
    ) -> TitleCoding:
        """SOC 2018 code, proposed EV/EVSE code and score of a posting title.

        Skill evidence breaks ties and assigns proposed codes: pass the posting ``text``
        (skills are extracted from it) or precomputed demanded skill ids as ``skills``.
        Bad titles (empty, not text, too long, unknown words) give an abstaining result.
        """
        evidence = set(skills or ())
        if text is not None and isinstance(text, str) and text.strip():
            try:
                evidence |= self.extract(text, title=title if isinstance(title, str) else None).demanded_ids()
            except InputError:
                pass  # unusable body text: code the title alone
        return self.coder.code(title, skills=evidence, id=id, text=text if isinstance(text, str) else None)

    def code_titles(
        self,
        titles,
        texts=None,
        *,
        skills=None,
        ids=None,
        batch_size: int = 2048,
    ) -> list[TitleCoding]:
        """Code many posting titles at once (the batch path of the title coder).

        ``titles``: one title per posting. ``texts`` (optional, same length): posting
        bodies, whose demanded skills are evidence as in ``code_title``; ``skills``
        (optional, same length): precomputed skill ids per posting, merged with them.
        ``ids`` (optional, same length) are copied to the results. Results are in input
        order and equal to ``code_title`` per posting, several times faster for large
        batches (the scoring is vectorized over the batch).
        """
        titles = list(titles)
        evidence = [set(s or ()) for s in skills] if skills is not None else [set() for _ in titles]
        if len(evidence) != len(titles):
            raise InputError(f"code_titles got {len(titles)} titles but {len(evidence)} skill sets", code="E200")
        if texts is not None:
            texts = list(texts)
            if len(texts) != len(titles):
                raise InputError(f"code_titles got {len(titles)} titles but {len(texts)} texts", code="E200")
            for found, title, text in zip(evidence, titles, texts, strict=True):
                if isinstance(text, str) and text.strip():
                    try:
                        found |= self.extract(text, title=title if isinstance(title, str) else None).demanded_ids()
                    except InputError:
                        pass  # unusable body text: code the title alone
        return self.coder.code_many(titles, skills=evidence, ids=ids, texts=texts, batch_size=batch_size)

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
