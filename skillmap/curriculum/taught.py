"""Taught skills of a program: the skills its syllabus files teach, require on entry or
leave out.

    reader = SyllabusReader(skillmap.load())
    program = reader.read_program(["outline.pdf", "labs.docx"], name="EVSE Technician")
    program.taught_ids()          # {'evse_service', 'charger_networking_firmware', ...}
    program.prerequisite_ids()    # {'drivers_license'}
    program.problems              # files that could not be read (the others still count)

Matching is the posting extractor's token trie (``sm.extractor.index``: aliases and
patterns of the taxonomy); the context is the curriculum rules' (:mod:`.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CurriculumError
from ..extractor import expand_broader, resolve_matches
from ..pipeline.matcher import Rule, SkillIndex
from ..taxonomy.patterns import PatternSyntaxError, expand_pattern
from ..text.clean import clean_text
from ..text.coordination import COORDINATORS, coordinated_readings
from ..text.tokens import tokenize
from .ingest import SyllabusText, read_syllabus
from .rules import IGNORED, NOT_TAUGHT, PREREQUISITE, TAUGHT, CurriculumRules, SyllabusSegment

EVIDENCE_PER_SKILL = 3
_TOPIC_BREAK_RE = re.compile(r"[,;:()/\[\]|\n]")


def _topic_matches(matches, real_of: list[int], offset: int):
    """Matches of a topic stream as (first, last course-text token, rule + offset); they
    end on course text (not on an implied word)."""
    for first, last, rule in matches:
        if real_of[last] >= 0:
            yield _real_token(real_of, first), real_of[last], rule + offset


def _real_token(real_of: list[int], j: int) -> int:
    """The course-text token at topic-stream position ``j`` (an implied predicate token
    stands for the token it precedes)."""
    return real_of[j] if real_of[j] >= 0 else -1 - real_of[j]


@dataclass(frozen=True, slots=True)
class SyllabusMention:
    """One skill mention in a syllabus file. ``start``/``end`` index the file's text as
    read (:class:`~skillmap.curriculum.ingest.SyllabusText`)."""

    skill_id: str
    label: str
    category: str
    start: int
    end: int
    text: str
    role: str  # taught | prerequisite | not_taught | ignored
    section: str
    file: str
    context: str = ""
    unit: str | None = None
    unit_key: str | None = None
    hours: float | None = None
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = {"id": self.skill_id, "label": self.label, "category": self.category, "start": self.start,
                "end": self.end, "text": self.text, "role": self.role, "section": self.section,
                "file": self.file, "context": self.context}
        if self.unit is not None:
            data["unit"] = self.unit
        if self.hours is not None:
            data["hours"] = self.hours
        return data


@dataclass(frozen=True)
class FileProblem:
    """A syllabus file that could not be used, with the error's code and message."""

    path: str
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": self.message}


@dataclass
class ProgramSkills:
    """What one program (one or more syllabus files) teaches."""

    name: str
    files: list[SyllabusText]
    mentions: list[SyllabusMention]
    problems: list[FileProblem] = field(default_factory=list)
    broader: dict[str, str] = field(default_factory=dict, repr=False)
    labels: dict[str, str] = field(default_factory=dict, repr=False)
    categories: dict[str, str] = field(default_factory=dict, repr=False)

    def _ids(self, role: str) -> set[str]:
        return {m.skill_id for m in self.mentions if m.role == role}

    def taught_ids(self, *, implied: bool = True) -> set[str]:
        """Skills named as content or outcome anywhere; a child implies its parent (as
        in posting-level demand sets)."""
        ids = self._ids(TAUGHT)
        return expand_broader(ids, self.broader) if implied else ids

    def prerequisite_ids(self) -> set[str]:
        """Skills students must bring, and that no file of the program teaches."""
        return self._ids(PREREQUISITE) - self.taught_ids()

    def not_taught_ids(self) -> set[str]:
        """Skills the program says it leaves out (and teaches nowhere)."""
        return self._ids(NOT_TAUGHT) - self.taught_ids() - self.prerequisite_ids()

    def hours(self) -> dict[str, float]:
        """Stated hours of the units (modules, weeks, lines with hours) that teach each skill."""
        units: dict[str, dict[tuple[str, str], float]] = {}
        for m in self.mentions:
            if m.role == TAUGHT and m.hours is not None and m.unit_key is not None:
                units.setdefault(m.skill_id, {})[(m.file, m.unit_key)] = m.hours
        return {skill: sum(found.values()) for skill, found in units.items()}

    def evidence(self, skill_id: str, role: str = TAUGHT, limit: int = EVIDENCE_PER_SKILL) -> list[dict[str, Any]]:
        """Up to ``limit`` mentions of a skill in a role, one per sentence."""
        out, seen = [], set()
        for m in self.mentions:
            if m.skill_id != skill_id or m.role != role or (m.file, m.context) in seen:
                continue
            seen.add((m.file, m.context))
            item = {"file": m.file, "section": m.section, "text": m.text, "context": m.context}
            if m.unit:
                item["unit"] = m.unit
            out.append(item)
            if len(out) >= limit:
                break
        return out

    def implied_ids(self) -> set[str]:
        """Taught only because a child skill is taught."""
        return self.taught_ids() - self.taught_ids(implied=False)

    def to_dict(self, *, mentions: bool = False) -> dict[str, Any]:
        taught = sorted(self.taught_ids())
        implied = self.implied_ids()
        hours = self.hours()
        data: dict[str, Any] = {
            "program": self.name,
            "files": [{"path": str(f.path), "format": f.format, "title": f.title} for f in self.files],
            "problems": [p.to_dict() for p in self.problems],
            "taught": taught,
            "prerequisites": sorted(self.prerequisite_ids()),
            "not_taught": sorted(self.not_taught_ids()),
            "taught_details": [
                {"id": s, "label": self.labels.get(s, s), "category": self.categories.get(s, "specialized"),
                 **({"hours": hours[s]} if s in hours else {}), **({"implied": True} if s in implied else {}),
                 "evidence": self.evidence(s)}
                for s in taught
            ],
        }
        if mentions:
            data["mentions"] = [m.to_dict() for m in self.mentions]
        return data


class SyllabusReader:
    """Reads syllabi with the taxonomy's matcher and the curriculum rules."""

    def __init__(self, sm=None, rules: CurriculumRules | None = None):
        if sm is None:
            import skillmap

            sm = skillmap.load()
        self.sm = sm
        self.extractor = sm.extractor
        self.index = self.extractor.index
        self.rules = rules or CurriculumRules.default()
        self.skills = self.extractor.skills
        self.broader = dict(self.extractor.broader)
        self.categories = dict(self.extractor.categories)
        self.labels = {s.id: s.label for s in self.skills.values()}
        self.extra_index = self._extra_index()

    def _extra_index(self) -> SkillIndex | None:
        """The rules' curriculum-only patterns, compiled like taxonomy patterns."""
        extra = self.rules.model.extra_patterns
        if not extra:
            return None
        index = SkillIndex()
        term_sets = self.sm.taxonomy.term_sets
        for i, entry in enumerate(extra):
            if entry.skill not in self.skills:
                raise CurriculumError(f"{self.rules.source} -> extra_patterns[{i}]: unknown skill id {entry.skill!r}",
                                      code="E809")
            for j, pattern in enumerate(entry.patterns):
                try:
                    sequences = expand_pattern(pattern, term_sets)
                except PatternSyntaxError as err:
                    raise CurriculumError(
                        f"{self.rules.source} -> extra_patterns[{i}] ({entry.skill}) -> patterns[{j}]: {err}", code="E809"
                    ) from None
                index.add(sequences, Rule(entry.skill, "pattern", f"curriculum: {pattern}"))
        return index

    # -- one text ------------------------------------------------------------------------
    def read_text(self, text: str, *, file: str = "syllabus") -> list[SyllabusMention]:
        """Mentions with roles in one syllabus text (markdown-like, as the readers give)."""
        if not isinstance(text, str):
            raise CurriculumError(f"{file}: text must be a string, got {type(text).__name__}", code="E805")
        if not text.strip():
            raise CurriculumError(f"{file}: no text", code="E805")
        cleaned = clean_text(text)
        segments = self.rules.structure(text, cleaned)
        rules, matches, segment_of = self._scan(cleaned, segments)

        # "when" patterns (charger_context ...) hold when a signal occurs in text that is
        # not boilerplate, as job text decides them for postings.
        conditions = {rules[rule_id].skill_id[1:] for start, _, rule_id in matches
                      if rules[rule_id].kind == "signal" and segments[segment_of[start]].role != IGNORED}

        mentions: list[SyllabusMention] = []
        for skill_id, start, end, rule_id in resolve_matches(matches, rules, conditions):
            skill = self.skills.get(skill_id)
            if skill is None:
                continue
            segment = segments[segment_of[start]]
            sentence = cleaned[segment.start : segment.end]
            rel_start, rel_end = start - segment.start, end - segment.start
            if self.rules.vetoed(skill_id, sentence, rel_start, rel_end):
                continue
            role = self.rules.role_of(sentence, rel_start, rel_end, segment)
            mentions.append(SyllabusMention(
                skill_id=skill_id, label=skill.label, category=skill.category, start=start, end=end,
                text=text[start:end], role=role, section=segment.section, file=file,
                context=" ".join(sentence.split())[:300], unit=segment.unit, unit_key=segment.unit_key,
                hours=segment.hours, rule=rules[rule_id].source,
            ))
        mentions.sort(key=lambda m: (m.start, m.end, m.skill_id))
        return mentions

    def _scan(self, cleaned: str, segments: list[SyllabusSegment]):
        """(rules, matches as (start, end, rule id) in characters, segment index by match
        start): the taxonomy's and the curriculum-only patterns, each match inside one
        segment. The extra index's rule ids follow the taxonomy's."""
        starts, ends, norms = tokenize(cleaned)
        segment_of: list[int] = []
        seg_i, n_seg = 0, len(segments)
        for s in starts:
            while seg_i < n_seg and segments[seg_i].end <= s:
                seg_i += 1
            segment_of.append(seg_i if seg_i < n_seg and segments[seg_i].start <= s else -1 - seg_i)
        # Exclusive token index where each token's segment ends: matches stay in one segment.
        limits = [0] * len(segment_of)
        end = len(segment_of)
        for i in range(len(segment_of) - 1, -1, -1):
            if i + 1 < len(segment_of) and segment_of[i + 1] != segment_of[i]:
                end = i + 1
            limits[i] = end if segment_of[i] >= 0 else -1
        rules = list(self.index.rules)
        indexes = [(self.index, 0)]
        if self.extra_index is not None:
            indexes.append((self.extra_index, len(rules)))
            rules += self.extra_index.rules
        def joinable(before: str, after: str) -> bool:
            return any(index.joinable(before, after) for index, _ in indexes)

        # Coordinated phrases ("AC and DC charging") also read once per conjunct, each
        # reading inside one segment.
        readings = [r for r in coordinated_readings(cleaned, starts, ends, norms, joinable)
                    if segment_of[r.tokens[0]] >= 0 and all(segment_of[t] == segment_of[r.tokens[0]] for t in r.tokens)]
        found: set[tuple[int, int, int]] = set()
        for index, offset in indexes:
            found.update((first, last, rule + offset) for first, last, rule in index.scan(norms, limits.__getitem__))
            found.update((first, last, rule + offset) for first, last, rule in index.scan_readings(norms, readings))
        taught_ends = self._taught_ends(cleaned, segments)
        if self.rules.topic_predicate and norms:
            topic_norms, real_of, topic_limits, _ = self._topic_stream(
                cleaned, starts, ends, norms, segment_of, taught_ends, range(len(norms)), ())
            for index, offset in indexes:
                found.update(_topic_matches(index.scan(topic_norms, topic_limits.__getitem__), real_of, offset))
            for reading in readings:
                topic_norms, real_of, _, cuts = self._topic_stream(
                    cleaned, starts, ends, norms, segment_of, taught_ends, reading.tokens, reading.cuts)
                for index, offset in indexes:
                    found.update(_topic_matches(index.scan_across(topic_norms, cuts), real_of, offset))
        matches = [(starts[first], ends[last], rule) for first, last, rule in sorted(found) if segment_of[first] >= 0]
        return rules, matches, {starts[first]: segment_of[first] for first, _, _ in found if segment_of[first] >= 0}

    def _taught_ends(self, cleaned: str, segments: list[SyllabusSegment]) -> set[int]:
        """Character offsets where a teaching cue ("covers", "introduces students to") ends."""
        ends: set[int] = set()
        for seg in segments:
            for _s, end in self.rules.engine._spans("taught", cleaned[seg.start : seg.end]):
                ends.add(seg.start + end)
        return ends

    def _topic_stream(self, cleaned, starts, ends, norms, segment_of, taught_ends, order, joins):
        """The tokens ``order`` (indices into ``norms``, in text order) with the rules'
        topic predicate ("knowledge of") put before every topic a syllabus names: at the
        start of a segment (a list item, lesson title, heading), after a comma, colon,
        semicolon, bracket or slash, after "and"/"or" and after a teaching cue ("covers",
        "introduces students to"), but not at ``joins`` (positions in ``order`` where a
        coordinated reading joins words across skipped ones). A course outline states
        its content without the verb a posting would use ("Traction batteries"); the
        predicate lets the taxonomy's own patterns read it.
        Returns (norms, real token of each or -1 - next real token, limits, the joins'
        positions in the stream)."""
        predicate = self.rules.topic_predicate
        out_norms: list[str] = []
        real_of: list[int] = []
        out_joins: list[int] = []
        prev = -1
        for k, i in enumerate(order):
            if k in joins:
                out_joins.append(len(out_norms))
            elif segment_of[i] >= 0 and (
                prev < 0 or segment_of[prev] != segment_of[i] or norms[prev] in COORDINATORS
                or _TOPIC_BREAK_RE.search(cleaned, ends[prev], starts[i]) is not None
                or any(ends[prev] <= e <= starts[i] for e in taught_ends)
            ):
                out_norms.extend(predicate)
                real_of.extend([-1 - i] * len(predicate))
            out_norms.append(norms[i])
            real_of.append(i)
            prev = i
        # Exclusive limit of a match starting at each token: the end of its segment.
        limits = [0] * len(out_norms)
        end = len(out_norms)
        for j in range(len(out_norms) - 1, -1, -1):
            i = _real_token(real_of, j)
            if j + 1 < len(out_norms) and segment_of[_real_token(real_of, j + 1)] != segment_of[i]:
                end = j + 1
            limits[j] = end if segment_of[i] >= 0 else -1
        return out_norms, real_of, limits, tuple(out_joins)

    # -- a program -----------------------------------------------------------------------
    def read_documents(self, documents: Sequence[SyllabusText], *, name: str | None = None,
                       problems: Iterable[FileProblem] = ()) -> ProgramSkills:
        """A program from syllabus texts already read."""
        mentions: list[SyllabusMention] = []
        for document in documents:
            mentions.extend(self.read_text(document.text, file=document.name))
        if name is None:
            name = next((d.title for d in documents if d.title), None) or (documents[0].path.stem if documents else "program")
        return ProgramSkills(name=name, files=list(documents), mentions=mentions, problems=list(problems),
                             broader=self.broader, labels=self.labels, categories=self.categories)

    def read_program(self, paths: Sequence[str | Path], *, name: str | None = None) -> ProgramSkills:
        """Read a program's files. A file that cannot be used becomes a FileProblem and the
        others still count; when none can be read, raises CurriculumError (E807) listing why."""
        if not paths:
            raise CurriculumError(f"program {name or ''!s}: no syllabus files given".replace("  ", " "), code="E807")
        documents: list[SyllabusText] = []
        problems: list[FileProblem] = []
        for path in paths:
            try:
                documents.append(read_syllabus(path))
            except CurriculumError as err:
                problems.append(FileProblem(str(path), err.code, err.message))
        if not documents:
            listed = "; ".join(f"[{p.code}] {p.message}" for p in problems)
            label = f"program {name!r}" if name else "program"
            raise CurriculumError(f"{label}: no syllabus file could be read: {listed}", code="E807")
        return self.read_documents(documents, name=name, problems=problems)


def taught_skills(paths: Sequence[str | Path], *, sm=None, rules: CurriculumRules | None = None,
                  name: str | None = None) -> ProgramSkills:
    """Shortcut: read a program's syllabus files with the bundled pipeline and rules."""
    return SyllabusReader(sm, rules).read_program(paths, name=name)


__all__ = ["EVIDENCE_PER_SKILL", "FileProblem", "IGNORED", "NOT_TAUGHT", "PREREQUISITE", "ProgramSkills",
           "SyllabusMention", "SyllabusReader", "TAUGHT", "taught_skills"]
