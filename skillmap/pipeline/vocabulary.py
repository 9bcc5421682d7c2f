"""The labels the context rules and their readers share: the sections a header can open
and the requirement levels a mention can have. Kept apart from :mod:`.context` so the
rules' schema (:mod:`.context_schema`) can name them without importing the engine."""

from __future__ import annotations

SECTIONS = (
    "title",
    "intro",
    "company",
    "responsibilities",
    "requirements",
    "preferred",
    "benefits",
    "eeo",
    "application",
    "other",
)
REQUIREMENTS = ("required", "preferred", "negated", "unspecified")
