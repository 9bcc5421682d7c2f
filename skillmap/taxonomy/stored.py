"""A built model's taxonomy, read without pydantic.

``skillmap build-model`` validates the taxonomy before it stores it, and a batch job
reads only each skill's id, label, category, broader skill and EV flag. Importing
pydantic and building the schema classes would cost every ``skillmap tag`` run about
0.1 s of start-up, a few percent of a job over a few thousand postings, so the batch
loader reads the stored JSON into these light objects instead. Anything else
(``term_sets``, ``model_dump()``, a skill's ``aliases``) validates the full
:class:`~skillmap.taxonomy.schema.Taxonomy` on first use and answers from it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .schema import Taxonomy


class StoredSkill:
    """The fields batch tagging reads; other attributes come from the validated skill."""

    __slots__ = ("id", "label", "category", "broader", "ev_specific", "_taxonomy")

    def __init__(self, data: dict[str, Any], taxonomy: StoredTaxonomy):
        self.id: str = data["id"]
        self.label: str = data["label"]
        self.category: str = data["category"]
        self.broader: str | None = data.get("broader")
        self.ev_specific: bool = bool(data.get("ev_specific", False))
        self._taxonomy = taxonomy

    def __getattr__(self, name: str) -> Any:  # only for attributes not in __slots__
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._taxonomy.validated().by_id()[self.id], name)

    def __repr__(self) -> str:
        return f"StoredSkill(id={self.id!r}, category={self.category!r})"


class StoredTaxonomy:
    """The taxonomy of a built model (see the module docstring)."""

    def __init__(self, data: dict[str, Any]):
        self._data = data
        self._validated: Taxonomy | None = None
        self.skills = [StoredSkill(skill, self) for skill in data.get("skills", [])]
        self._by_id = {skill.id: skill for skill in self.skills}

    def by_id(self) -> dict[str, StoredSkill]:
        return dict(self._by_id)

    def validated(self) -> Taxonomy:
        """The full pydantic taxonomy (validated once, on first use)."""
        if self._validated is None:
            from .schema import Taxonomy

            self._validated = Taxonomy.model_validate(self._data)
        return self._validated

    def __getattr__(self, name: str) -> Any:  # only for attributes set nowhere above
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.validated(), name)
