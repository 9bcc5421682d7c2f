"""Curriculum comparison: which demanded skills a training program teaches, and which it
misses.

    import skillmap
    from skillmap.curriculum import SyllabusReader, demand_table, compare_program

    reader = SyllabusReader(skillmap.load())
    program = reader.read_program(["outline.pdf", "labs.docx"])   # bad files -> program.problems
    demand = demand_table("tagged.parquet", occupations=["49-9071"])
    result = compare_program(program, demand, min_share=0.05)
    result.coverage, result.gaps[:5], result.to_dict()          # the `skillmap compare --json` document

Parts: :mod:`.ingest` (PDF, DOCX, HTML, Markdown, text to text), :mod:`.rules` (the
curriculum rules of ``taxonomies/curriculum_rules.yaml``: sections and roles),
:mod:`.taught` (taught skills of a program with the shared token matcher),
:mod:`.compare` (demand shares, coverage, gaps, surplus, catalogs), :mod:`.render` and
:mod:`.html` (output), :mod:`.commands` (what the CLI calls).
"""

from .compare import (
    DEFAULT_MIN_SHARE,
    CatalogComparison,
    Comparison,
    DemandTable,
    SkillGap,
    SurplusSkill,
    compare_program,
    compare_programs,
    demand_table,
    read_mention_evidence,
)
from .ingest import SyllabusText, read_syllabus
from .rules import ROLES, CurriculumRules
from .taught import FileProblem, ProgramSkills, SyllabusMention, SyllabusReader, taught_skills

__all__ = [
    "DEFAULT_MIN_SHARE",
    "ROLES",
    "CatalogComparison",
    "Comparison",
    "CurriculumRules",
    "DemandTable",
    "FileProblem",
    "ProgramSkills",
    "SkillGap",
    "SurplusSkill",
    "SyllabusMention",
    "SyllabusReader",
    "SyllabusText",
    "compare_program",
    "compare_programs",
    "demand_table",
    "read_mention_evidence",
    "read_syllabus",
    "taught_skills",
]
