"""Posting structure and mention context: sections, boilerplate, requirement level.

The rules live in ``taxonomies/context_rules.yaml``; this module compiles them and applies
them to segments (sentences and list items). It works on plain text and offsets, so the
batch path never needs a spaCy Doc; the spaCy components call the same functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import srsly

from ..errors import TaxonomyError
from ..taxonomy.loader import data_path
from ..text.segment import Line, Segment, segment_line, split_lines

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
# Where a segment stands: job content, or text about the employer / legal / applying.
ROLE_JOB, ROLE_COMPANY, ROLE_BENEFIT, ROLE_EEO, ROLE_APPLICATION = (
    "job",
    "company",
    "benefit",
    "eeo",
    "application",
)
_SECTION_ROLE = {
    "company": ROLE_COMPANY,
    "benefits": ROLE_BENEFIT,
    "eeo": ROLE_EEO,
    "application": ROLE_APPLICATION,
}
_HEADER_CLEAN_RE = re.compile(r"[^a-z0-9&'’ -]+")
_INLINE_HEADER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9&'’ /()-]{1,60}?)\s*[:：]\s+(?=\S)")
_LETTER_RE = re.compile(r"[A-Za-z]")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")


@dataclass(slots=True)
class SegmentContext:
    """One segment of a posting with the context rules' verdicts."""

    start: int
    end: int
    line: int
    bullet: bool
    section: str
    role: str  # job | company | benefit | eeo | application
    header: bool = False


_CASE_SENSITIVE_CUES = frozenset({"company_subject"})


def _compile(patterns: list[str], where: str, flags: int = re.IGNORECASE) -> re.Pattern | None:
    if not patterns:
        return None
    try:
        # Scraped text has runs of spaces where markup was; a space in a cue means \s+.
        flexible = [p.replace(" ", r"\s+") for p in patterns]
        return re.compile("|".join(f"(?:{p})" for p in flexible), flags)
    except re.error as err:
        raise TaxonomyError(f"context rules: bad regular expression in {where}: {err}") from err


class ContextRules:
    """Compiled context rules. ``ContextRules.default()`` reads the bundled file."""

    def __init__(self, data: dict):
        self.data = data
        self.non_demand = set(data.get("non_demand_sections", []))
        self.inline_max_words = int(data.get("inline_header_max_words", 6))
        self._headers: list[tuple[str, re.Pattern]] = []
        for label, patterns in data["section_headers"].items():
            if label not in SECTIONS:
                raise TaxonomyError(f"context rules: unknown section label {label!r}")
            compiled = [re.compile(p, re.IGNORECASE) for p in patterns]
            self._headers.extend((label, c) for c in compiled)
        cues = data["cues"]
        self.cues = {
            name: _compile(cues.get(name, []), f"cues.{name}", 0 if name in _CASE_SENSITIVE_CUES else re.IGNORECASE)
            for name in cues
        }

    @classmethod
    def default(cls) -> ContextRules:
        return _default_rules()

    @classmethod
    def from_file(cls, path: str | Path) -> ContextRules:
        return cls(srsly.read_yaml(path))

    # -- headers and sections -------------------------------------------------------
    def classify_header(self, text: str, company: str | None = None) -> str | None:
        norm = _HEADER_CLEAN_RE.sub(" ", text.lower().replace("’", "'")).strip(" -")
        norm = re.sub(r"\s+", " ", norm)
        if not norm:
            return None
        if company:
            name = re.sub(r"\s+", " ", _HEADER_CLEAN_RE.sub(" ", company.lower())).strip()
            if name and len(norm.split()) <= 6 and (norm == name or norm == f"about {name}"):
                return "company"
        for label, pattern in self._headers:
            if pattern.fullmatch(norm):
                return label
        return None

    def _line_header(self, line: Line, company: str | None) -> tuple[str | None, int]:
        """(section label or None, offset where content starts; -1 if the line is all header)."""
        text = line.text
        words = text.split()
        if line.bullet and not line.heading_marked:
            return None, 0
        stripped = text.rstrip(" :：-–—")
        letters = _LETTER_RE.findall(text)
        shouty = bool(letters) and len(letters) >= 3 and text.upper() == text
        short = len(words) <= 8 and len(text) <= 80
        if short and (line.heading_marked or text.endswith((":", "：")) or shouty):
            return self.classify_header(stripped, company) or "other", -1
        if len(words) <= 6 and not text.endswith((".", ",", ";")):
            label = self.classify_header(stripped, company)
            if label:
                return label, -1
        match = _INLINE_HEADER_RE.match(text)
        if match and len(match.group(1).split()) <= self.inline_max_words:
            label = self.classify_header(match.group(1), company)
            if label:
                return label, match.end()
        return None, 0

    def structure(
        self, raw: str, cleaned: str, company: str | None = None
    ) -> list[SegmentContext]:
        """Segments of a posting with section and role."""
        out: list[SegmentContext] = []
        section = "intro"
        lines = split_lines(raw, cleaned)
        cue_company = self.cues.get("company_subject")
        cue_job = self.cues.get("job_content")
        cue_required = self.cues.get("required")
        cue_eeo = self.cues.get("eeo_sentence")
        previous_end = -2
        paragraph_section: str | None = None  # section to restore after an inline header
        for index, line in enumerate(lines):
            label, content_at = self._line_header(line, company)
            paragraph_start = index == 0 or bool(_BLANK_LINE_RE.search(cleaned, max(previous_end, 0), line.start))
            previous_end = line.end
            if paragraph_start and paragraph_section is not None:
                # An inline "Nice to have: ..." header governs its own paragraph only.
                section, paragraph_section = paragraph_section, None
            line_section = section
            if label is not None:
                if content_at < 0:
                    section, paragraph_section = label, None
                    out.append(
                        SegmentContext(line.start, line.end, index, False, label, self._role(label), True)
                    )
                    continue
                # Inline "Requirements: ..." governs the rest of its paragraph; "SALARY: $30/hr"
                # inside a block of key: value lines applies to that line only.
                line_section = label
                if paragraph_start or label not in ("other", "benefits"):
                    if paragraph_section is None:
                        paragraph_section = section
                    section = label
                if label != "other":
                    out.append(
                        SegmentContext(line.start, line.start + content_at, index, False, label, self._role(label), True)
                    )
                    line = Line(line.start + content_at, line.end, line.text[content_at:], line.bullet, False)
            for seg in segment_line(line, index):
                text = cleaned[seg.start : seg.end]
                role = self._role(line_section)
                if cue_eeo is not None and cue_eeo.search(text):
                    role = ROLE_EEO
                elif role == ROLE_COMPANY:
                    # "Company Profile: Qualified candidates will have..." is job text.
                    if (cue_job and cue_job.search(text)) or (cue_required and cue_required.search(text)):
                        role = ROLE_JOB
                elif role == ROLE_JOB and self._company_statement(
                    text, seg, line_section, company, cue_company, cue_job, cue_required
                ):
                    role = ROLE_COMPANY
                out.append(SegmentContext(seg.start, seg.end, index, seg.bullet, line_section, role))
        return out

    def _role(self, section: str) -> str:
        return _SECTION_ROLE.get(section, ROLE_JOB) if section in self.non_demand else ROLE_JOB

    @staticmethod
    def _company_statement(text, seg: Segment, section, company, cue_company, cue_job, cue_required) -> bool:
        if seg.bullet and section in ("requirements", "preferred", "responsibilities"):
            return False
        if cue_job is not None and cue_job.search(text):
            return False
        if cue_required is not None and cue_required.search(text):
            return False  # "Must have forklift certification" asks something of the hire
        if company and text.lower().startswith(company.lower()):
            return True
        return bool(cue_company is not None and cue_company.search(text.lstrip("\"'“(")))

    # -- requirement level ----------------------------------------------------------
    def requirement(
        self, text: str, rel_start: int, rel_end: int, section: str, bullet: bool = False
    ) -> str:
        """Requirement level of the mention at ``text[rel_start:rel_end]`` (a job segment)."""
        cues = self.cues
        negated = self._negated(text, rel_start, rel_end)
        preferred_cue = cues.get("preferred")
        if negated:
            reversal = cues.get("negation_reversal")
            if reversal is not None and reversal.search(text, rel_end):
                return "preferred"
            # "Journeyman license (not required)" listed under "Nice to have" is a preference.
            if (section == "preferred" and bullet) or (preferred_cue is not None and preferred_cue.search(text)):
                return "preferred"
            return "negated"
        if section == "preferred":
            return "preferred"
        if preferred_cue is not None:
            pref = self._nearest(preferred_cue, text, rel_start, rel_end)
            if pref is not None:
                req = self._nearest(cues.get("required"), text, rel_start, rel_end)
                if req is None or pref <= req:
                    return "preferred"
        if section not in ("requirements", "preferred", "title"):
            benefit = cues.get("benefit")
            required = cues.get("required")
            if benefit is not None and benefit.search(text) and not (required and required.search(text)):
                return "unspecified"
        return "required"

    @staticmethod
    def _nearest(pattern: re.Pattern | None, text: str, rel_start: int, rel_end: int) -> int | None:
        if pattern is None:
            return None
        best = None
        for match in pattern.finditer(text):
            if match.end() <= rel_start:
                distance = rel_start - match.end()
            elif match.start() >= rel_end:
                distance = match.start() - rel_end
            else:
                distance = 0
            if best is None or distance < best:
                best = distance
        return best

    def _negated(self, text: str, rel_start: int, rel_end: int) -> bool:
        terminators = self.cues.get("terminators")
        forward = self.cues.get("negation_forward")
        backward = self.cues.get("negation_backward")
        if forward is not None:
            for match in forward.finditer(text, 0, rel_end):
                if match.start() >= rel_start:
                    break
                if match.end() > rel_start:
                    return True  # the cue overlaps the mention: "won't be diagnosing chargers"
                between = text[match.end() : rel_start]
                if terminators is None or not terminators.search(between):
                    return True
        if backward is not None:
            for match in backward.finditer(text, rel_end):
                between = text[rel_end : match.start()]
                if terminators is None or not terminators.search(between):
                    return True
        return False


@lru_cache(maxsize=1)
def _default_rules() -> ContextRules:
    return ContextRules(srsly.read_yaml(data_path("context_rules.yaml")))
