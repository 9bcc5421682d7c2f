"""How a syllabus is read: sections and roles (taught, prerequisite, not taught, ignored).

Postings and syllabi share the token matcher but not the context: in a posting a skill
counts when it is *demanded*; in a syllabus it counts when it is *taught*, which course
text says without requirement cues ("Module 3: OCPP and firmware updates"). The rules are
data (``taxonomies/curriculum_rules.yaml``), validated by a schema; this module compiles
them and applies them to the segments (sentences, list items, headings) of a syllabus.
"""

from __future__ import annotations

import re
import re._constants as _sre  # the parsed form of a pattern, to check it before use
import re._parser as _sre_parse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import CurriculumError
from ..pipeline.context import ContextRules, cue_pattern, normalize_header, split_inline_header
from ..text.segment import Line, segment_line, split_lines
from ..text.tokens import tokenize

ROLES = ("taught", "prerequisite", "not_taught", "ignored")
TAUGHT, PREREQUISITE, NOT_TAUGHT, IGNORED = ROLES
RULES_FILE = "curriculum_rules.yaml"

_ENUMERATOR_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[ivxlc]{1,5}[.)]|[a-z][.)])\s+", re.IGNORECASE)
_INLINE_HEADER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9&'’ /()#.-]{0,60}?)\s*[:：–—]\s+(?=\S)")
_LETTER_RE = re.compile(r"[A-Za-z]")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
_HEADING_HASHES_RE = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]")
_END_PUNCT = (".", ",", ";", "!", "?")
# "Lesson 3 ...", "Week 2 - ...", "Module 4 (8 hrs)": a line of a course outline.
TOPIC_LINE_RE = re.compile(
    r"^(?:module|unit|week|weeks|lesson|session|chapter|day|lab|topic|part|phase|block|step)\s*"
    r"(?:\d{1,3}[a-z]?(?:\s*[-–&]\s*\d{1,3})?|[ivx]{1,4})\b(?!\s*%)",
    re.IGNORECASE,
)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    role: Literal["taught", "prerequisite", "not_taught", "ignored"]
    headers: list[str] = Field(min_length=1)


class _Cues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    not_taught_forward: list[str] = Field(default_factory=list)
    not_taught_backward: list[str] = Field(default_factory=list)
    terminators: list[str] = Field(default_factory=list)
    prerequisite: list[str] = Field(default_factory=list)
    taught: list[str] = Field(default_factory=list)
    outcome: list[str] = Field(default_factory=list)
    not_required: list[str] = Field(default_factory=list)
    staff: list[str] = Field(default_factory=list)
    boilerplate: list[str] = Field(default_factory=list)
    hours: list[str] = Field(default_factory=list)


class _Veto(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skill: str
    pattern: str


class _ExtraPatterns(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skill: str
    patterns: list[str] = Field(min_length=1)


class RulesFile(BaseModel):
    """Schema of ``curriculum_rules.yaml``."""

    model_config = ConfigDict(extra="forbid")

    name: str
    version: str
    sections: list[_Section]
    inline_header_max_words: int = Field(default=6, ge=1, le=12)
    topic_predicate: str = ""
    vetoes: list[_Veto] = Field(default_factory=list)
    extra_patterns: list[_ExtraPatterns] = Field(default_factory=list)
    cues: _Cues


@dataclass(slots=True)
class SyllabusSegment:
    """A sentence, list item or heading of a syllabus with the section it sits in and
    the role its mentions start from (cues inside the sentence can still change it)."""

    start: int
    end: int
    line: int
    bullet: bool
    section: str
    role: str
    header: bool = False
    unit: str | None = None
    """The heading (module, unit, week) or hour-bearing line the segment belongs to."""
    unit_key: str | None = None
    hours: float | None = None
    """Hours stated for the segment's line, else for its unit."""


def _literal(items) -> str | None:
    """The text a parsed alternative stands for when it is plain literal characters."""
    if all(op == _sre.LITERAL for op, _ in items):
        return "".join(chr(av) for _, av in items)
    return None


def _ambiguous_repeat(items, in_repeat: bool = False) -> str | None:
    """Why a parsed pattern can backtrack exponentially, or None.

    Python's engine backtracks: a repeated part that can match the same text in more
    than one way (a repeat inside a repeat, alternatives that are not plain words with
    none a prefix of another, a back-reference) takes time exponential in the text's
    length: "(x+x+)+y" took 113 s on 30 characters. Rules files are user input
    (``--rules``), so such patterns are refused; the bundled rules have none."""
    for op, av in items:
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            _, most, sub = av
            repeats = most > 1
            if repeats and in_repeat:
                return "a repetition inside a repetition"
            found = _ambiguous_repeat(sub, in_repeat or repeats)
            if found:
                return found
        elif op == _sre.SUBPATTERN:
            found = _ambiguous_repeat(av[3], in_repeat)
            if found:
                return found
        elif op == _sre.BRANCH:
            if in_repeat:
                words = [_literal(branch) for branch in av[1]]
                prefix_free = None not in words and not any(
                    a != b and b.startswith(a) for a in words for b in words
                ) and len(set(words)) == len(words)
                if not prefix_free:
                    return "repeated alternatives that can match the same text"
            for branch in av[1]:
                found = _ambiguous_repeat(branch, in_repeat)
                if found:
                    return found
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            found = _ambiguous_repeat(av[1], in_repeat)
            if found:
                return found
        elif op in (_sre.GROUPREF, _sre.GROUPREF_EXISTS):
            return "a back-reference"
    return None


def check_pattern(pattern: str, where: str) -> None:
    """Raise CurriculumError (E809) for a pattern that does not compile or could take
    exponential time; ``where`` names the rule."""
    try:
        parsed = _sre_parse.parse(pattern)
        re.compile(pattern)
    except re.error as err:
        raise CurriculumError(f"{where}: bad regular expression ({err}): {pattern}", code="E809") from None
    reason = _ambiguous_repeat(list(parsed))
    if reason:
        raise CurriculumError(
            f"{where}: regular expression could take exponential time ({reason}); rewrite it: {pattern}", code="E809"
        )


def _check(patterns: list[str], where: str) -> list[str]:
    """The patterns, each checked to compile and to run in linear time (an error names
    the list and the item)."""
    for i, pattern in enumerate(patterns):
        check_pattern(pattern, f"{where}[{i}]")
    return patterns


class CurriculumRules:
    """Compiled curriculum rules. ``CurriculumRules.default()`` reads the bundled file."""

    def __init__(self, data: dict, source: str = RULES_FILE):
        try:
            model = RulesFile.model_validate(data)
        except ValidationError as err:
            listed = "; ".join(f"[{source} -> {' -> '.join(map(str, e['loc']))}] {e['msg']}" for e in err.errors())
            raise CurriculumError(f"{source}: invalid curriculum rules: {listed}", code="E809") from None
        self.model = model
        self.source = source
        self.inline_max_words = model.inline_header_max_words
        self.topic_predicate: list[str] = tokenize(model.topic_predicate)[2]
        self.roles: dict[str, str] = {}
        self._headers: list[tuple[str, re.Pattern]] = []
        for i, section in enumerate(model.sections):
            if section.name in self.roles:
                raise CurriculumError(f"{source} -> sections[{i}]: duplicate section name {section.name!r}", code="E809")
            self.roles[section.name] = section.role
            for j, pattern in enumerate(section.headers):
                check_pattern(pattern, f"{source} -> sections[{i}] ({section.name}) -> headers[{j}]")
                self._headers.append((section.name, re.compile(pattern)))
        # The syllabus genre of the context engine: the posting engine's scope and
        # nearest-cue rules, run on this file's cue lists (taught, prerequisite, not taught).
        cues = {name: _check(getattr(model.cues, name), f"{source} -> cues.{name}") for name in _Cues.model_fields}
        self.engine = ContextRules({"section_headers": {}, "cues": cues})
        self.cues = self.engine.cues
        self.vetoes: dict[str, list] = {}
        for i, veto in enumerate(model.vetoes):
            compiled = cue_pattern(_check([veto.pattern], f"{source} -> vetoes[{i}].pattern"))
            self.vetoes.setdefault(veto.skill, []).append(compiled)

    def vetoed(self, skill_id: str, text: str, rel_start: int, rel_end: int) -> bool:
        """A veto pattern of the skill overlaps the mention in its sentence."""
        for pattern in self.vetoes.get(skill_id, ()):
            for match in pattern.finditer(text):
                if match.start() < rel_end and rel_start < match.end():
                    return True
        return False

    @classmethod
    def default(cls) -> CurriculumRules:
        return _default_rules()

    @classmethod
    def from_file(cls, path: str | Path) -> CurriculumRules:
        import srsly

        path = Path(path)
        try:
            data = srsly.read_yaml(path)
        except FileNotFoundError:
            raise CurriculumError(f"{path}: no such curriculum rules file", code="E809") from None
        except Exception as err:  # YAML parser errors come in many types
            raise CurriculumError(f"{path}: not valid YAML ({err})", code="E809") from None
        if not isinstance(data, dict):
            raise CurriculumError(f"{path}: curriculum rules must be a mapping", code="E809")
        return cls(data, source=str(path))

    # -- headings ---------------------------------------------------------------------------
    def classify_header(self, text: str) -> str | None:
        """Section name of a heading text, or None for an unknown (topic) heading."""
        norm = normalize_header(_ENUMERATOR_RE.sub("", text.strip()))
        if not norm:
            return None
        for name, pattern in self._headers:
            if pattern.fullmatch(norm):
                return name
        return None

    def hours_in(self, text: str) -> float | None:
        pattern = self.cues["hours"]
        if pattern is None:
            return None
        for match in pattern.finditer(text):
            for group in match.groups():
                if group:
                    try:
                        value = float(group)
                    except ValueError:
                        continue
                    if 0 < value <= 5000:
                        return value
        return None

    def _inline_label(self, text: str) -> tuple[str | None, int]:
        found = split_inline_header(text, self.inline_max_words, _INLINE_HEADER_RE)
        if found:
            return self.classify_header(found[0]), found[1]
        return None, 0

    def _heading(self, line: Line, raw_line: str) -> tuple[bool, str | None]:
        """(is a heading, its section or None when unknown)."""
        text = line.text.strip()
        words = text.split()
        stripped = text.rstrip(" :：-–—")
        marked = line.heading_marked
        if line.bullet and not marked:
            if len(words) <= 5 and not text.endswith(_END_PUNCT):
                label = self.classify_header(stripped)
                if label is not None and self.roles[label] != TAUGHT:
                    return True, label
            return False, None
        if marked:
            label = self.classify_header(stripped)
            if label is None:
                inline, _ = self._inline_label(text)
                label = inline
            return True, label
        letters = _LETTER_RE.findall(text)
        shouty = len(letters) >= 4 and text.upper() == text and len(words) >= 1
        short = len(words) <= 8 and len(text) <= 80
        if short and (text.endswith((":", "：")) or shouty):
            label = self.classify_header(stripped)
            if label is None and shouty:
                label, _ = self._inline_label(text)
            return True, label
        if len(words) <= 6 and not text.endswith(_END_PUNCT):
            label = self.classify_header(stripped)
            if label is not None:
                return True, label
        return False, None

    # -- structure --------------------------------------------------------------------------
    def structure(self, raw: str, cleaned: str) -> list[SyllabusSegment]:
        """Segments of a syllabus with section, starting role, unit and hours."""
        out: list[SyllabusSegment] = []
        section, role, level = "intro", TAUGHT, None  # level: of the heading that set a non-content role
        unit = unit_key = None
        unit_hours: float | None = None
        lead_role: str | None = None  # role a lead-in line ("Students must already know:") gives its list
        paragraph: tuple[str, str] | None = None  # (section, role) of an inline label for its paragraph
        previous_end = -2
        for index, line in enumerate(split_lines(raw, cleaned)):
            paragraph_start = index == 0 or bool(_BLANK_LINE_RE.search(cleaned, max(previous_end, 0), line.start))
            previous_end = line.end
            if paragraph_start:
                paragraph = None
            raw_line_start = raw.rfind("\n", 0, line.start) + 1
            hashes = _HEADING_HASHES_RE.match(raw[raw_line_start : line.end])
            heading_level = len(hashes.group(1)) if hashes else None
            is_heading, label = self._heading(line, raw[raw_line_start : line.end])
            if is_heading and label is None and line.text.rstrip().endswith((":", "：")) and self._lead_role(line.text):
                is_heading = False  # "Students must already have:" introduces a list, it is no topic
            # Hours belong to units: headings, list items, "Module 2: ..." lines and table
            # rows; a prose sentence ("this 120-hour certificate ...") states a total.
            line_hours = self.hours_in(line.text) if (
                is_heading or line.bullet or " | " in line.text or self._inline_label(line.text)[0] is not None
            ) else None
            if is_heading:
                lead_role = None
                paragraph = None
                if label is not None:
                    section, role, level = label, self.roles[label], heading_level
                elif role != TAUGHT and not (heading_level is not None and level is not None and heading_level <= level):
                    pass  # a sub-heading inside a non-content section ("Late work" under "Policies")
                else:
                    deeper = heading_level is not None and level is not None and heading_level > level
                    section = section if deeper and section != "intro" else "topic"
                    role, level = TAUGHT, heading_level if not deeper else level
                unit, unit_key, unit_hours = line.text.strip(" :#*"), f"h{index}", line_hours
                out.append(SyllabusSegment(line.start, line.end, index, False, section, role, True,
                                           unit, unit_key, unit_hours))
                continue
            line_section, line_role = section, role
            if paragraph is not None:
                line_section, line_role = paragraph
            label, content_at = self._inline_label(line.text)
            if label is None and TOPIC_LINE_RE.match(line.text):
                # An outline line ("Lesson 3 NEC Article 625 (8 hrs)") is content wherever
                # it sits, and the lines after it belong to the outline too.
                label = "topics" if "topics" in self.roles else None
                if label is not None and role != TAUGHT:
                    section, role, level = label, TAUGHT, None
            if label is not None:
                line_section, line_role = label, self.roles[label]
                if not line.bullet:
                    paragraph = (label, line_role)
            if line.bullet and lead_role is not None:
                line_role = lead_role
            elif not line.bullet:
                lead_role = None
            if line.text.rstrip().endswith((":", "：")):
                lead = self._lead_role(line.text) if label is None else line_role
                if lead is not None:
                    lead_role = lead
            if line_hours is not None:
                seg_unit, seg_key, seg_hours = line.text.strip(" :*")[:120], f"l{index}", line_hours
            else:
                seg_unit, seg_key, seg_hours = unit, unit_key, unit_hours
            for seg in segment_line(line, index):
                out.append(SyllabusSegment(seg.start, seg.end, index, seg.bullet, line_section, line_role, False,
                                           seg_unit, seg_key, seg_hours))
        return out

    def _lead_role(self, text: str) -> str | None:
        """The role a lead-in line gives the list below it, from its own cues."""
        cues = self.cues
        if cues["boilerplate"] is not None and cues["boilerplate"].search(text):
            return IGNORED
        if cues["outcome"] is not None and cues["outcome"].search(text):
            return TAUGHT
        if cues["not_taught_forward"] is not None and cues["not_taught_forward"].search(text):
            return NOT_TAUGHT
        if cues["prerequisite"] is not None and cues["prerequisite"].search(text):
            return PREREQUISITE
        return None

    # -- mention roles ----------------------------------------------------------------------
    def role_of(self, text: str, rel_start: int, rel_end: int, segment: SyllabusSegment) -> str:
        """Role of the mention at ``text[rel_start:rel_end]`` (``text`` is its segment)."""
        base = segment.role
        cues = self.cues
        if base == IGNORED:
            return IGNORED
        if cues["boilerplate"] is not None and cues["boilerplate"].search(text):
            return IGNORED
        if base == NOT_TAUGHT:
            return NOT_TAUGHT
        engine = self.engine
        if engine.in_scope(text, rel_start, rel_end, "not_required", "not_required"):
            return IGNORED
        if engine.in_scope(text, rel_start, rel_end, "staff", None):
            return IGNORED
        outcome = cues["outcome"] is not None and bool(cues["outcome"].search(text))
        if base == PREREQUISITE:
            return TAUGHT if outcome else PREREQUISITE
        if engine.in_scope(text, rel_start, rel_end, "not_taught_forward", "not_taught_backward"):
            return NOT_TAUGHT
        if not outcome and not (segment.header and segment.section != "intro"):
            near_prerequisite = engine.nearest("prerequisite", text, rel_start, rel_end)
            if near_prerequisite is not None:
                near_taught = engine.nearest("taught", text, rel_start, rel_end)
                if near_taught is None or near_taught >= near_prerequisite:
                    return PREREQUISITE
        return TAUGHT


@lru_cache(maxsize=1)
def _default_rules() -> CurriculumRules:
    import srsly

    from ..datafiles import data_path

    return CurriculumRules(srsly.read_yaml(data_path(RULES_FILE)), source=RULES_FILE)
