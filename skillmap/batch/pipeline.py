"""The pipeline a batch worker needs, loaded without importing spaCy.

Workers only call ``extract`` and ``code_title``, which never touch a spaCy ``Doc``;
importing spaCy alone takes 1.5-2 s per worker process, a good share of a job over a few
thousand postings. :func:`load_for_batch` builds the same :class:`~skillmap.extractor.Extractor`
that ``skillmap.load()`` gets from its ``skillmap_skills`` component (the stored taxonomy,
default context rules) and keeps every other behaviour of :class:`skillmap.Skillmap`
(``extract``, ``code_title``) by subclassing it. ``nlp`` still works, loaded on first use.
A test checks that its rows equal those of ``skillmap.load()``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .. import Skillmap
from ..errors import ModelError

# skillmap.pipeline.build.MODEL_NAME; that module imports spaCy, so the name is repeated
# here (a test checks the two agree).
MODEL_NAME = "skillmap_ev"
LEARNED_DIR = "skillmap_learned"  # skillmap.pipeline.components.LEARNED_DIR (spaCy-free here)


def model_path() -> Path:
    from importlib import resources

    return Path(str(resources.files("skillmap.models").joinpath(MODEL_NAME)))


class BatchSkillmap(Skillmap):
    """A :class:`Skillmap` whose spaCy ``nlp`` is only loaded if someone asks for it."""

    def __init__(self, extractor, taxonomy, extensions: tuple = ()):  # no super(): it needs nlp
        self.extractor = extractor
        self.taxonomy = taxonomy
        self._coder = None
        self._extensions = extensions
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            import skillmap

            self._nlp = skillmap.load(extensions=self._extensions).nlp
        return self._nlp


def load_for_batch(extensions: Iterable[str | Path] = ()) -> Skillmap:
    """The bundled pipeline (plus extension taxonomies) for tagging, without spaCy."""
    from ..extractor import Extractor
    from ..pipeline.context import ContextRules

    extensions = tuple(str(e) for e in extensions)
    if extensions:
        from ..taxonomy.loader import load_taxonomy

        # As skillmap.load(extensions=...) -> build_pipeline: base + extensions, default rules.
        taxonomy = load_taxonomy(None, extensions)
        return BatchSkillmap(Extractor(taxonomy, ContextRules.default(), learned=_learned()), taxonomy, extensions)
    stored = model_path() / "skillmap_skills" / "taxonomy.json"
    if not stored.is_file():
        import skillmap

        return skillmap.load()  # a source checkout without a built model
    # As the skillmap_skills component's from_disk, minus what `skillmap build-model`
    # already did: validating the taxonomy and compiling its patterns (index.json). Every
    # job loads this, so it has to be quick: the taxonomy is read without pydantic.
    from ..pipeline.matcher import INDEX_FILE, read_index
    from ..taxonomy.stored import StoredTaxonomy

    taxonomy = StoredTaxonomy(json.loads(stored.read_text(encoding="utf-8")))
    index = read_index(stored.parent / INDEX_FILE)
    if index is None:  # no index stored with the model: validate and compile here
        from ..taxonomy.loader import validate_taxonomy

        taxonomy = taxonomy.validated()
        problems = validate_taxonomy(taxonomy, str(stored))
        if problems:
            raise ModelError(f"taxonomy stored in {stored.parent} is invalid: {problems[:3]}", code="E301")
    rules_file = model_path() / "skillmap_context" / "context_rules.json"
    context = ContextRules(json.loads(rules_file.read_text(encoding="utf-8"))) if rules_file.is_file() else None
    return BatchSkillmap(Extractor(taxonomy, context, index=index, learned=_learned()), taxonomy)



def _learned():
    from ..learned.skills import load_if_present

    return load_if_present(model_path() / LEARNED_DIR)
