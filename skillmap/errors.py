"""Typed errors with stable codes.

Library code raises these; only the CLI turns them into messages and exit codes.
A code never changes meaning once released: new situations get new codes.
"""

from __future__ import annotations


class SkillmapError(Exception):
    """Base class: every error skillmap raises on purpose carries a stable ``code``."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, code: str | None = None):
        if code is not None:
            self.code = code
        self.message = message
        super().__init__(f"[{self.code}] {message}")


class TaxonomyError(SkillmapError):
    """A taxonomy file is unreadable or breaks the schema.

    ``problems`` lists every finding as ``(location, message)`` where location reads
    ``file -> record -> field``, so a user can fix them all in one pass.
    """

    code = "E100"
    exit_code = 2

    def __init__(self, message: str, problems: list[tuple[str, str]] | None = None, *, code=None):
        self.problems = list(problems or [])
        if self.problems:
            listed = "\n".join(f"  [{where}] {what}" for where, what in self.problems)
            message = f"{message}\n{listed}"
        super().__init__(message, code=code)


class InputError(SkillmapError):
    """An input (text, file, row) cannot be processed. Names the input it is about."""

    code = "E200"
    exit_code = 3


class ModelError(SkillmapError):
    """A pipeline or model directory is missing, stale or unreadable."""

    code = "E300"
    exit_code = 4


class EvaluationError(SkillmapError):
    """Gold or prediction files for evaluation do not line up."""

    code = "E400"
    exit_code = 5


class OccupationError(SkillmapError):
    """Title coding cannot run: reference data, rules or the title model are broken."""

    code = "E500"
    exit_code = 7


class BatchError(SkillmapError):
    """A batch tagging job cannot start or go on (unreadable input, undecidable columns,
    a work directory from another job). Bad rows never raise: they go to the rejects file."""

    code = "E700"
    exit_code = 8


class ReportError(SkillmapError):
    """Tagged output cannot be reported on: a file or column is missing or malformed, a
    filter or preset is invalid, or an output cannot be written. Names the file, column
    or option it is about."""

    code = "E600"
    exit_code = 9


class CurriculumError(SkillmapError):
    """A syllabus or program cannot be read or compared: a file is missing, encrypted,
    scanned without text, empty or corrupt; a program spec or comparison option is
    invalid. Names the file or option it is about."""

    code = "E800"
    exit_code = 9


# Codes used across the package, in one place so they stay unique and documented.
ERROR_CODES = {
    "E100": "taxonomy schema violation",
    "E101": "taxonomy file not found or unreadable",
    "E102": "extension taxonomy conflicts with the base taxonomy",
    "E103": "location reference file (geo/*.csv) missing or breaks its schema",
    "E104": "context rules file breaks its schema",
    "E200": "input rejected",
    "E201": "input text is empty or whitespace only",
    "E202": "input is not a string",
    "E203": "input text exceeds the size limit",
    "E204": "input looks binary (not text)",
    "E205": "input file not found or unreadable",
    "E206": "input line is not valid JSON or lacks a text field",
    "E207": "rejects file cannot be written (a directory, or its folder is missing)",
    "E300": "model directory missing or unreadable",
    "E301": "model was built from a different taxonomy",
    "E302": "learned stage missing, unreadable or not fitting its data",
    "E303": "learned stage training data missing or malformed",
    "E400": "evaluation files do not line up",
    "E401": "gold file malformed",
    "E500": "title coder failed",
    "E501": "occupation reference file missing or unreadable",
    "E502": "title rules file breaks its schema",
    "E503": "title model missing, unreadable or built from other reference data",
    "E504": "title gold file malformed",
    "E700": "batch tagging job failed (a worker died, or the job was interrupted)",
    "E701": "input file format unknown, unsupported or unreadable",
    "E702": "input columns cannot be decided (id, title or text column)",
    "E703": "input row cannot be parsed (bad JSON line, CSV row with too many fields)",
    "E704": "input row has no text (text column missing or null)",
    "E705": "work directory belongs to a different job (other input, options or version)",
    "E706": "output format unknown or output not writable",
    "E707": "unexpected error while tagging one row (reported, the job goes on)",
    "E708": "work directory holds files the job did not create (left alone)",
    "E709": "input row holds text UTF-8 cannot encode (a lone surrogate from a JSON escape)",
    "E710": "input file damaged part-way (the rows before the damage are tagged and written)",
    "E711": "database input unreadable (not SQLite/DuckDB, bad --sql or --table, no rows)",
    "E600": "report failed",
    "E601": "tagged input not found, unreadable or empty",
    "E602": "tagged input format unknown or mixed",
    "E603": "tagged input lacks a required column",
    "E604": "tagged input column has values of the wrong kind",
    "E605": "report filter or preset invalid",
    "E606": "grouping column unknown or not scalar",
    "E607": "report output format or path invalid",
    "E608": "no postings left to compare after filters",
    "E800": "curriculum comparison failed",
    "E801": "syllabus file not found or unreadable",
    "E802": "syllabus file format unknown or unsupported",
    "E803": "syllabus PDF is encrypted (a password is needed)",
    "E804": "syllabus PDF has no extractable text (scanned images?)",
    "E805": "syllabus file holds no text",
    "E806": "syllabus file is corrupt (not a valid PDF, DOCX or HTML file)",
    "E807": "no syllabus file of a program could be read",
    "E808": "program specification invalid (--program NAME=FILE[,FILE...])",
    "E809": "curriculum rules file breaks its schema",
    "E810": "mentions file unreadable or lacks a required column",
    "E811": "comparison option invalid (occupation, minimum share, format)",
    "E812": "no postings selected for the demand table",
    "E813": "syllabus file too large (bytes, unpacked size, paragraphs or characters)",
}
