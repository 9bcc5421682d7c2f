"""Skill extraction on plain text: the fast path shared by the API, the CLI, batch tagging
and the spaCy components.

    text ─clean─▶ segments + sections ─▶ token trie scan ─▶ mentions with context ─▶ result

Everything here works with character offsets into the caller's text; no spaCy Doc is
built, which is what makes national exports fast. ``skillmap.load()`` wraps an
:class:`Extractor` around the compiled data of the spaCy pipeline in ``models/``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .errors import InputError, SkillmapError
from .pipeline import attributes as attrs
from .pipeline.context import ROLE_JOB, ContextRules, SegmentContext
from .pipeline.matcher import SkillIndex
from .pipeline.structure import PostingStructure
from .taxonomy.patterns import expand_pattern
from .text.clean import clean_text, replace_surrogates
from .text.segment import Line

if TYPE_CHECKING:  # the batch path runs on a StoredTaxonomy, without pydantic
    from .learned.skills import SkillClassifier
    from .taxonomy.schema import Skill, Taxonomy

MAX_TEXT_CHARS = 10_000_000
_BINARY_CHARS = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\ufffd"
_BINARY_RE = re.compile(f"[{_BINARY_CHARS}]")
try:  # one C pass over the sample (the regex without a compiler)
    from .pipeline._scan import count_chars as _count_chars
except ImportError:  # pragma: no cover - built without a C compiler
    _count_chars = None
DEMANDED = ("required", "preferred")


@dataclass(frozen=True, slots=True)
class Mention:
    """One skill mention. ``start``/``end`` index the input text (or the title when
    ``source == "title"``)."""

    skill_id: str
    label: str
    category: str
    start: int
    end: int
    text: str
    requirement: str
    section: str
    source: str = "text"
    rule: str = ""

    @property
    def demanded(self) -> bool:
        return self.requirement in DEMANDED

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        data = {
            "id": self.skill_id,
            "label": self.label,
            "category": self.category,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "requirement": self.requirement,
        }
        if explain:
            data.update(section=self.section, source=self.source, rule=self.rule)
        return data


@dataclass
class ExtractionResult:
    """Mentions and attributes of one posting."""

    id: str | None
    mentions: list[Mention]
    attributes: attrs.PostingAttributes
    broader: dict[str, str] = field(default_factory=dict, repr=False)
    categories: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def skills(self) -> list[Mention]:
        """Mentions stated as demands of the hire or explicitly negated (the JSON list)."""
        return [m for m in self.mentions if m.requirement != "unspecified"]

    def demanded_ids(self, *, implied: bool = True) -> set[str]:
        """Posting-level set of demanded skills; children imply their parents."""
        ids = {m.skill_id for m in self.mentions if m.demanded}
        if implied:
            ids = expand_broader(ids, self.broader)
        return ids

    def by_category(self, *, implied: bool = True) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"specialized": [], "common": [], "qualification": []}
        for skill_id in sorted(self.demanded_ids(implied=implied)):
            out.setdefault(self.categories.get(skill_id, "specialized"), []).append(skill_id)
        return out

    def requirement_of(self, skill_id: str) -> str | None:
        """Strongest requirement of a demanded skill: required beats preferred."""
        levels = {m.requirement for m in self.mentions if m.skill_id == skill_id and m.demanded}
        if "required" in levels:
            return "required"
        return "preferred" if levels else None

    def to_dict(self, explain: bool = False, all_mentions: bool = False) -> dict[str, Any]:
        mentions = self.mentions if all_mentions else self.skills
        return {
            "id": self.id,
            "skills": [m.to_dict(explain) for m in mentions],
            "attributes": self.attributes.to_dict(),
        }


def expand_broader(ids: set[str], broader: dict[str, str]) -> set[str]:
    out = set(ids)
    for skill_id in ids:
        parent = broader.get(skill_id)
        guard = 0
        while parent and guard < 20:
            out.add(parent)
            parent = broader.get(parent)
            guard += 1
    return out


def check_text(text: Any, name: str = "input") -> str:
    """Validate one input text; raises InputError with a stable code naming the input."""
    if not isinstance(text, str):
        raise InputError(f"{name}: text must be a string, got {type(text).__name__}", code="E202")
    if not text or text.isspace():  # (not text.strip(), without copying the text)
        raise InputError(f"{name}: text is empty or whitespace only", code="E201")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{name}: text has {len(text):,} characters, over the limit of {MAX_TEXT_CHARS:,}",
            code="E203",
        )
    sample = min(len(text), 4096)
    if _count_chars is not None:
        bad = _count_chars(text, _BINARY_CHARS, sample)
    else:
        bad = len(_BINARY_RE.findall(text, 0, sample))
    if text.find("\x00", 0, sample) >= 0 or bad > max(8, sample // 20):
        raise InputError(f"{name}: text looks binary (control bytes), not posting text", code="E204")
    return text


class Extractor:
    """Finds taxonomy skills in posting text, with section and requirement level."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        context: ContextRules | None = None,
        index: SkillIndex | None = None,
        learned: SkillClassifier | None = None,
        coordination: bool = False,
    ):
        """``index``: the taxonomy's compiled index as :func:`compile_index` makes it
        (e.g. stored in a built model); compiled here when not given. ``learned``: the
        learned stage (:mod:`skillmap.learned.skills`), run after the rules; None for
        rules only. ``coordination``: also read coordinated phrases of the posting body
        ("hydraulic and pneumatic systems" as "hydraulic systems" too). Off by default:
        it raised recall 0.01-0.02 on real postings but cost 2.7x the extraction time
        (readings are built in Python), which a national export cannot pay; titles are
        always read with it (they are short)."""
        self.taxonomy = taxonomy
        self.learned = learned
        self.coordination = coordination
        self.context = context or ContextRules.default()
        self.index = index or compile_index(taxonomy)
        self.skills: dict[str, Skill] = taxonomy.by_id()
        self.broader = {s.id: s.broader for s in taxonomy.skills if s.broader}
        self.categories = {s.id: s.category for s in taxonomy.skills}

    # -- public API -------------------------------------------------------------------
    def extract(
        self,
        text: str,
        *,
        title: str | None = None,
        company: str | None = None,
        id: str | None = None,
        boilerplate: bool = True,
    ) -> ExtractionResult:
        """Skills and attributes of one posting.

        ``boilerplate=False`` skips scanning company, benefits, EEO and application
        sections: their mentions never count as demands, so batch tagging leaves them
        out for speed (they are then missing from ``result.mentions``, nothing else).
        """
        name = f"input {id!r}" if id is not None else "input"
        check_text(text, name)
        if title is not None and not isinstance(title, str):
            raise InputError(f"{name}: title must be a string, got {type(title).__name__}", code="E202")
        if company is not None and not isinstance(company, str):
            company = None
        # Lone surrogates (bad JSON escapes) could be read but never written out.
        text = replace_surrogates(text)
        title, company = (replace_surrogates(v) if v is not None else None for v in (title, company))
        if isinstance(id, str):
            id = replace_surrogates(id)
        cleaned = clean_text(text)
        structure = PostingStructure(self.context, text, cleaned, company)
        mentions = self.find_mentions(text, structure, title, boilerplate=boilerplate)
        attributes = compute_attributes(structure)
        return ExtractionResult(id, mentions, attributes, self.broader, self.categories)

    def extract_many(
        self, records: Iterable[dict], *, on_error: str = "raise"
    ) -> Iterator[ExtractionResult | SkillmapError]:
        """Extract from dicts with ``text`` (and optional ``id``, ``title``, ``company``).

        With ``on_error="yield"`` a bad record yields its InputError instead of stopping.
        """
        for record in records:
            try:
                yield self.extract(
                    record.get("text"),
                    title=record.get("title"),
                    company=record.get("company"),
                    id=record.get("id"),
                )
            except InputError as err:
                if on_error == "raise":
                    raise
                yield err

    def job_sentences(
        self, text: str, *, title: str | None = None, company: str | None = None
    ) -> tuple[list[tuple[int, int, str]], list[Mention]]:
        """The job sentences of a posting as (start, end, text), and the rules' mentions:
        what the learned stage reads at run time and is trained on at build time."""
        check_text(text)
        cleaned = clean_text(text)
        structure = PostingStructure(self.context, text, cleaned, company)
        mentions = self.find_mentions(text, structure, title, learned=False)
        sentences = [(s.start, s.end, cleaned[s.start : s.end]) for s in _job_segments(structure)]
        return sentences, mentions

    # -- internals --------------------------------------------------------------------
    def _scan(self, text: str, structure=None, boilerplate: bool = True) -> list[tuple[int, int, int]]:
        """Raw matches as (start, end, rule) with character offsets; with a structure, a
        match stays inside one segment.

        The scan bounds matches by line; the few actual matches are then checked against
        sentence segments. Without ``boilerplate``, only lines in job sections are
        tokenized at all.
        """
        if structure is None:
            whole = [(0, len(text))]
            return self.index.scan_ranges(text, whole, [Line(0, len(text), text, False, False)]) + \
                self.index.scan_coordinated(text, whole)
        ranges = [(0, len(text))] if boilerplate else structure.job_ranges()
        matches = []
        found = self.index.scan_ranges(text, ranges, structure.lines)
        if self.coordination:
            found += self.index.scan_coordinated(text, ranges)
        for match in found:
            seg = structure.segment_at(match[0])
            if seg is not None and match[1] <= seg.end:
                matches.append(match)
        return matches

    def find_mentions(
        self, raw: str, structure, title: str | None = None, *, boilerplate: bool = True, learned: bool = True
    ) -> list[Mention]:
        """Mentions in the text (and title), with section and requirement level; with
        ``learned`` (and a learned stage loaded), also those of the learned stage."""
        cleaned = structure.cleaned
        matches = self._scan(cleaned, structure, boilerplate)
        title_matches: list = []
        if title and title.strip():
            title_matches = self._scan(clean_text(title), None)
        rules = self.index.rules

        # Conditions hold when a signal pattern occurs in the title or in job text.
        conditions: set[str] = set()
        for _, _, rule_id in title_matches:
            rule = rules[rule_id]
            if rule.kind == "signal":
                conditions.add(rule.skill_id[1:])
        for start, _, rule_id in matches:
            rule = rules[rule_id]
            if rule.kind == "signal" and rule.skill_id[1:] not in conditions:
                seg = structure.segment_at(start)
                if seg is not None and structure.refined(seg).role == ROLE_JOB:
                    conditions.add(rule.skill_id[1:])

        mentions = self._resolve(matches, raw, structure, conditions, "text")
        if title_matches:
            mentions += self._resolve(title_matches, title, None, conditions, "title")
        if learned and self.learned is not None:
            mentions = self.learned_mentions(raw, structure, mentions, self.learned)
        limits = self.context.role_limits(title)
        if limits is not None:
            # e.g. EV-specific skills of a role that does not do the EV work: no demands.
            mentions = [
                replace(m, requirement="unspecified", rule=f"{m.rule} [not the role's]")
                if m.demanded and not limits.holds(m.skill_id, self.skills[m.skill_id].ev_specific)
                else m
                for m in mentions
            ]
        mentions.sort(key=lambda m: (m.source != "title", m.start, m.end, m.skill_id))
        return mentions

    def _resolve(self, matches, raw, structure, conditions, source) -> list[Mention]:
        rules = self.index.rules
        out: list[Mention] = []
        for skill_id, start, end, rule_id in resolve_matches(matches, rules, conditions):
            skill = self.skills.get(skill_id)
            if skill is None:
                continue
            if source == "title":
                requirement, section = "required", "title"
            else:
                requirement, section = self._context_of(structure, start, end)
            out.append(
                Mention(
                    skill_id=skill_id,
                    label=skill.label,
                    category=skill.category,
                    start=start,
                    end=end,
                    text=raw[start:end],
                    requirement=requirement,
                    section=section,
                    source=source,
                    rule=rules[rule_id].source,
                )
            )
        return out

    def learned_mentions(self, raw: str, structure, mentions: list[Mention], classifier: SkillClassifier) -> list[Mention]:
        """``mentions`` after the learned stage: a skill the rules did not find at all
        is added where a job sentence scores at least the classifier's threshold (the
        mention spans that sentence, rule ``learned:<probability>``); with a ``reject``
        level, a rule mention in a job sentence scoring under it stops counting as a
        demand (requirement ``unspecified``, rule suffixed ``|learned-reject:<probability>``)."""
        # A skill the rules mention anywhere is theirs to decide (negated, company text).
        found = expand_broader({m.skill_id for m in mentions}, self.broader)
        column = classifier.column
        wanted = [column[s] for s in column if s not in found and s in self.skills] if classifier.threshold <= 1 else []
        if not wanted and classifier.reject is None:
            return mentions
        segments = _job_segments(structure)
        if not segments:
            return mentions
        cleaned = structure.cleaned
        probabilities = classifier.probabilities([cleaned[s.start : s.end] for s in segments])
        out = list(mentions)
        if classifier.reject is not None:
            row_of = {seg.start: i for i, seg in enumerate(segments)}
            for i, m in enumerate(out):
                seg = structure.segment_at(m.start) if m.source == "text" and m.demanded else None
                row = row_of.get(seg.start) if seg is not None else None
                k = column.get(m.skill_id)
                if row is not None and k is not None and probabilities[row, k] < classifier.reject:
                    probability = float(probabilities[row, k])
                    out[i] = replace(m, requirement="unspecified", rule=f"{m.rule}|learned-reject:{probability:.3f}")
        for k in wanted:
            row = int(probabilities[:, k].argmax())
            probability = float(probabilities[row, k])
            if probability < classifier.threshold:
                continue
            seg = segments[row]
            requirement, section = self._context_of(structure, seg.start, seg.end)
            if requirement not in DEMANDED:
                continue
            skill = self.skills[classifier.skill_ids[k]]
            out.append(
                Mention(skill.id, skill.label, skill.category, seg.start, seg.end, raw[seg.start : seg.end],
                        requirement, section, "text", f"learned:{probability:.3f}")
            )
        return out

    def _context_of(self, structure, start: int, end: int) -> tuple[str, str]:
        seg = structure.segment_at(start)
        if seg is None:
            return "unspecified", "other"
        structure.refined(seg)
        # Known headers ("Benefits:") are not demands; unknown header lines are often the
        # job title or a role phrase, so they are read like job text.
        if seg.role != ROLE_JOB or (seg.header and seg.section != "other"):
            return "unspecified", seg.section
        text = structure.text_of(seg)
        requirement = self.context.requirement(
            text, start - seg.start, min(end, seg.end) - seg.start, seg.section, seg.bullet
        )
        return requirement, seg.section


def compile_index(taxonomy: Taxonomy) -> SkillIndex:
    """The skill index of a taxonomy: its aliases, patterns and vetoes, plus the signal
    patterns of its posting-level conditions."""
    from .pipeline.matcher import Rule

    index = SkillIndex.from_taxonomy(taxonomy)
    for name, patterns in taxonomy.conditions.items():
        for pattern in patterns:
            index.add(expand_pattern(pattern, taxonomy.term_sets), Rule(f"@{name}", "signal", pattern))
    return index


def compute_attributes(structure) -> attrs.PostingAttributes:
    """Posting attributes from the job segments (pay also from benefits text).

    A cheap keyword scan picks the segments that may state each attribute, so the
    detailed regexes run on a handful of segments instead of all of them.
    """
    cleaned = structure.cleaned
    rules = structure.rules

    def segments_at(positions: list[int], roles: tuple[str, ...] = (ROLE_JOB,)) -> list[SegmentContext]:
        chosen: dict[int, SegmentContext] = {}
        for pos in positions:
            seg = structure.segment_at(pos)
            if seg is not None and seg.start not in chosen and seg.role in roles and not seg.header:
                chosen[seg.start] = seg
        return [chosen[k] for k in sorted(chosen)]

    def texts(chosen: list[SegmentContext]) -> list[str]:
        return [cleaned[s.start : s.end] for s in chosen]

    def pairs(chosen: list[SegmentContext]) -> list[tuple[str, str]]:
        return [(cleaned[s.start : s.end], s.section) for s in chosen]

    triggers = attrs.trigger_positions(cleaned)
    education, education_preferred = attrs.find_education(pairs(segments_at(triggers["edu"])))
    years_min, years_max = attrs.find_experience(pairs(segments_at(triggers["years"])))
    # "A CDL is not required" names a class nobody asks for.
    license_texts = [t for t in texts(segments_at(triggers["cdl"])) if not rules._negated(t, 0, 0)]
    travel_pct, overnight = attrs.find_travel(texts(segments_at(triggers["travel"])))
    pay_spans = [(s.start, s.end) for s in segments_at(triggers["pay"], (ROLE_JOB, "benefit"))]
    return attrs.PostingAttributes(
        education_level=education,
        education_preferred=education_preferred,
        experience_years_min=years_min,
        experience_years_max=years_max,
        pay=attrs.find_pay(cleaned, pay_spans),
        license_classes=attrs.find_license_classes(license_texts),
        shifts=attrs.find_shifts(texts(segments_at(triggers["shift"]))),
        travel_percent_max=travel_pct,
        travel_overnight=overnight,
        work_mode=attrs.find_work_mode(cleaned),
    )


def resolve_matches(matches, rules, conditions: set[str]) -> Iterator[tuple[str, int, int, int]]:
    """The mentions raw matches ``(start, end, rule_id)`` make: (skill id, start, end,
    rule id). Signal rules are left out, conditional rules kept only when their condition
    holds; a skill keeps its leftmost-longest non-overlapping spans that none of its
    ``exclude`` matches overlaps. ``rules`` maps a rule id to its Rule."""
    excluded: dict[str, list[tuple[int, int]]] = {}
    candidates: dict[str, list[tuple[int, int, int]]] = {}
    for start, end, rule_id in matches:
        rule = rules[rule_id]
        if rule.kind == "signal":
            continue
        if rule.when != "always" and rule.when not in conditions:
            continue
        if rule.kind == "exclude":
            excluded.setdefault(rule.skill_id, []).append((start, end))
        else:
            candidates.setdefault(rule.skill_id, []).append((start, end, rule_id))
    for skill_id, spans in candidates.items():
        for start, end, rule_id in select_spans(spans, excluded.get(skill_id, [])):
            yield skill_id, start, end, rule_id


def select_spans(spans: list[tuple], vetoes: list[tuple[int, int]]) -> list[tuple]:
    """The spans (tuples starting with start, end) a skill keeps: leftmost-longest,
    non-overlapping, none overlapping a veto. O(n log n) even for megabyte texts."""
    merged = _merge_intervals(vetoes)
    veto_starts = [v[0] for v in merged]
    kept: list[tuple] = []
    last_end = -1
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start, end = span[0], span[1]
        if start < last_end:
            continue
        if merged:
            i = bisect_right(veto_starts, end - 1) - 1
            if i >= 0 and merged[i][1] > start:
                continue
        kept.append(span)
        last_end = end
    return kept


def _job_segments(structure) -> list[SegmentContext]:
    """The segments of a posting that can state demands: job text, not headers, not
    sentences the context rules read as company statements."""
    if isinstance(structure, PostingStructure):
        segments = [
            seg
            for index, role in enumerate(structure.roles)
            if role == ROLE_JOB
            for seg in structure.segments_of_line(index)
        ]
    else:
        segments = structure.all_segments()
    return [seg for seg in segments if not seg.header and structure.refined(seg).role == ROLE_JOB]


def _merge_intervals(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _segment_at(segments: list[SegmentContext], offset: int) -> SegmentContext | None:
    lo, hi = 0, len(segments)
    while lo < hi:
        mid = (lo + hi) // 2
        if segments[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(segments) and segments[lo].start <= offset < segments[lo].end:
        return segments[lo]
    return None
