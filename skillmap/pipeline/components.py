"""skillmap's spaCy components, registered as factories (also via entry points, so
``spacy.load`` and ``nlp.add_pipe("skillmap_skills")`` work without importing skillmap).

    skillmap_sections   -> doc._.skillmap_segments (section and role per segment)
    skillmap_skills     -> doc.spans["skills"] (label = skill id), span._.skill_rule
    skillmap_context    -> span._.requirement, span._.section
    skillmap_learned    -> spans the learned stage adds (span._.skill_rule "learned:<p>")
                           or takes for no demand (requirement "unspecified")
    skillmap_attributes -> doc._.posting_attributes

Data enters in ``initialize()`` (the taxonomy, the context rules) and round-trips through
``to_disk``/``from_disk`` as readable JSON, as spaCy's own rule-based components do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from ..errors import ModelError
from ..learned.skills import SkillClassifier
from ..taxonomy.loader import load_taxonomy, validate_taxonomy
from ..taxonomy.schema import Taxonomy
from ..text.clean import clean_text
from .context import ContextRules, SegmentContext
from .context_schema import validate_context_rules
from .extensions import (
    DOC_ATTRIBUTES,
    DOC_SEGMENTS,
    SPAN_KEY,
    SPAN_REQUIREMENT,
    SPAN_RULE,
    SPAN_SECTION,
    install_extensions,
)
from .matcher import INDEX_FILE, read_index
from .structure import StoredStructure, refined_segments

# The learned stage's directory inside a pipeline directory (the component's name).
LEARNED_DIR = "skillmap_learned"

install_extensions()


def _segments_of(doc: Doc) -> list[SegmentContext] | None:
    raw = doc._.get(DOC_SEGMENTS)
    if not raw:
        return None
    return [SegmentContext(*row) for row in raw]


def _whole_doc_segment(doc: Doc) -> list[SegmentContext]:
    return [SegmentContext(0, len(doc.text), 0, False, "intro", "job", False, True)]


class _ContextRulesComponent:
    """Shared storage of context rules for the components that need them."""

    file_name = "context_rules.json"

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.rules: ContextRules | None = None

    def initialize(self, get_examples=None, *, nlp=None, context_rules: dict | None = None):
        if context_rules:
            validate_context_rules(context_rules, f"{self.name} context_rules")
        self.rules = ContextRules(context_rules) if context_rules else ContextRules.default()

    def _require(self) -> ContextRules:
        if self.rules is None:
            self.rules = ContextRules.default()
        return self.rules

    def to_disk(self, path, exclude=()):
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / self.file_name, self._require().data)

    def from_disk(self, path, exclude=()):
        path = ensure_path(path)
        self.rules = ContextRules(srsly.read_json(path / self.file_name))
        return self

    def to_bytes(self, exclude=()):
        return srsly.json_dumps(self._require().data).encode("utf8")

    def from_bytes(self, data: bytes, exclude=()):
        self.rules = ContextRules(srsly.json_loads(data))
        return self


class SectionDetector(_ContextRulesComponent):
    """Splits the posting into segments labelled with section and role."""

    def __call__(self, doc: Doc) -> Doc:
        rules = self._require()
        segments = refined_segments(rules, doc.text, clean_text(doc.text), doc.user_data.get("company"))
        doc._.set(
            DOC_SEGMENTS,
            [(s.start, s.end, s.line, s.bullet, s.section, s.role, s.header, True) for s in segments],
        )
        return doc


class SkillMatcher:
    """Skill mentions compiled from the taxonomy, written to ``doc.spans["skills"]``."""

    file_name = "taxonomy.json"

    def __init__(self, nlp: Language, name: str, span_key: str = SPAN_KEY):
        self.name = name
        self.span_key = span_key
        self.taxonomy: Taxonomy | None = None
        self._extractor = None

    # -- data -------------------------------------------------------------------------
    def initialize(
        self,
        get_examples=None,
        *,
        nlp=None,
        taxonomy_path: str | None = None,
        extensions: list[str] | None = None,
        taxonomy: Taxonomy | dict | None = None,
    ):
        if isinstance(taxonomy, dict):
            taxonomy = Taxonomy.model_validate(taxonomy)
        self.set_taxonomy(taxonomy or load_taxonomy(taxonomy_path, extensions or ()))

    def set_taxonomy(self, taxonomy: Taxonomy, context: ContextRules | None = None) -> None:
        from ..extractor import Extractor

        self.taxonomy = taxonomy
        self._extractor = Extractor(taxonomy, context)

    @property
    def extractor(self):
        if self._extractor is None:
            raise ModelError(
                f"component {self.name!r} has no taxonomy: call nlp.initialize() or load a built pipeline",
                code="E300",
            )
        return self._extractor

    def to_disk(self, path, exclude=()):
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.taxonomy is None:
            raise ModelError(f"component {self.name!r} has no taxonomy to save", code="E300")
        srsly.write_json(path / self.file_name, self.taxonomy.model_dump(mode="json"))
        # The compiled trie, so loading skips pattern expansion (compact: it is large).
        (path / INDEX_FILE).write_text(
            json.dumps(self.extractor.index.to_data(), separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
        )

    def from_disk(self, path, exclude=()):
        path = Path(ensure_path(path))
        data = srsly.read_json(path / self.file_name)
        taxonomy = Taxonomy.model_validate(data)
        problems = validate_taxonomy(taxonomy, str(path / self.file_name))
        if problems:
            raise ModelError(f"taxonomy stored in {path} is invalid: {problems[:3]}", code="E301")
        from ..extractor import Extractor

        self.taxonomy = taxonomy
        self._extractor = Extractor(taxonomy, index=read_index(path / INDEX_FILE))
        return self

    def to_bytes(self, exclude=()):
        return srsly.json_dumps(self.taxonomy.model_dump(mode="json")).encode("utf8")

    def from_bytes(self, data: bytes, exclude=()):
        self.set_taxonomy(Taxonomy.model_validate(srsly.json_loads(data)))
        return self

    # -- processing -------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        extractor = self.extractor
        segments = _segments_of(doc) or _whole_doc_segment(doc)
        structure = StoredStructure(extractor.context, clean_text(doc.text), segments)
        mentions = extractor.find_mentions(doc.text, structure, learned=False)  # skillmap_learned's part
        spans = []
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, label=mention.skill_id, alignment_mode="expand")
            if span is None:
                continue
            span._.set(SPAN_RULE, mention.rule)
            spans.append(span)
        doc.spans[self.span_key] = spans
        return doc


class ContextAssigner(_ContextRulesComponent):
    """Requirement level (required/preferred/negated/unspecified) and section per mention."""

    def __init__(self, nlp: Language, name: str, span_key: str = SPAN_KEY):
        super().__init__(nlp, name)
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        rules = self._require()
        segments = _segments_of(doc) or _whole_doc_segment(doc)
        cleaned = clean_text(doc.text)
        from ..extractor import _segment_at

        for span in doc.spans.get(self.span_key, []):
            seg = _segment_at(segments, span.start_char)
            if seg is None:
                requirement, section = "unspecified", "other"
            elif seg.role != "job" or (seg.header and seg.section != "other"):
                requirement, section = "unspecified", seg.section
            else:
                text = cleaned[seg.start : seg.end]
                requirement = rules.requirement(
                    text, span.start_char - seg.start, min(span.end_char, seg.end) - seg.start, seg.section, seg.bullet
                )
                section = seg.section
            span._.set(SPAN_REQUIREMENT, requirement)
            span._.set(SPAN_SECTION, section)
        return doc


class SkillLearner:
    """The learned stage (:mod:`skillmap.learned.skills`) on a Doc: after the rules'
    spans have their requirement, adds the skills it recognizes where the rules found
    none, and marks rule spans it rejects; the same ``Extractor.learned_mentions`` as
    ``Skillmap.extract``. Its arrays round-trip through ``to_disk``/``from_disk``."""

    def __init__(self, nlp: Language, name: str, span_key: str = SPAN_KEY):
        self.nlp = nlp
        self.name = name
        self.span_key = span_key
        self.classifier: SkillClassifier | None = None

    def initialize(self, get_examples=None, *, nlp=None, path: str | None = None):
        self.classifier = SkillClassifier.from_dir(path or bundled_learned_path())

    def _require(self) -> SkillClassifier:
        if self.classifier is None:
            raise ModelError(f"component {self.name!r} has no learned stage: call nlp.initialize()", code="E302")
        return self.classifier

    def to_disk(self, path, exclude=()):
        self._require().to_dir(ensure_path(path))

    def from_disk(self, path, exclude=()):
        self.classifier = SkillClassifier.from_dir(ensure_path(path))
        return self

    def __call__(self, doc: Doc) -> Doc:
        from ..extractor import Mention

        extractor = self.nlp.get_pipe("skillmap_skills").extractor
        segments = _segments_of(doc) or _whole_doc_segment(doc)
        structure = StoredStructure(extractor.context, clean_text(doc.text), segments)
        spans = list(doc.spans.get(self.span_key, []))
        mentions = [
            Mention(span.label_, span.label_, extractor.categories.get(span.label_, ""), span.start_char,
                    span.end_char, span.text, span._.get(SPAN_REQUIREMENT) or "unspecified",
                    span._.get(SPAN_SECTION) or "other", "text", span._.get(SPAN_RULE) or "")
            for span in spans
        ]
        after = extractor.learned_mentions(doc.text, structure, mentions, self._require())
        for span, mention in zip(spans, after, strict=False):
            span._.set(SPAN_REQUIREMENT, mention.requirement)
            span._.set(SPAN_RULE, mention.rule)
        for mention in after[len(spans) :]:
            span = doc.char_span(mention.start, mention.end, label=mention.skill_id, alignment_mode="expand")
            if span is not None:
                span._.set(SPAN_RULE, mention.rule)
                span._.set(SPAN_REQUIREMENT, mention.requirement)
                span._.set(SPAN_SECTION, mention.section)
                spans.append(span)
        doc.spans[self.span_key] = spans
        return doc


def bundled_learned_path() -> Path:
    """Where the bundled pipeline keeps the learned stage's arrays."""
    import skillmap

    return skillmap.default_model_path() / LEARNED_DIR


class AttributeExtractor(_ContextRulesComponent):
    """Posting attributes (education, experience, pay, license classes, shifts, travel)."""

    def __call__(self, doc: Doc) -> Doc:
        from ..extractor import compute_attributes

        segments = _segments_of(doc) or _whole_doc_segment(doc)
        attributes = compute_attributes(StoredStructure(self._require(), clean_text(doc.text), segments))
        doc._.set(DOC_ATTRIBUTES, attributes.to_dict())
        return doc


@Language.factory("skillmap_sections", default_config={})
def make_sections(nlp: Language, name: str) -> SectionDetector:
    return SectionDetector(nlp, name)


@Language.factory("skillmap_skills", default_config={"span_key": SPAN_KEY})
def make_skills(nlp: Language, name: str, span_key: str) -> SkillMatcher:
    return SkillMatcher(nlp, name, span_key)


@Language.factory("skillmap_context", default_config={"span_key": SPAN_KEY})
def make_context(nlp: Language, name: str, span_key: str) -> ContextAssigner:
    return ContextAssigner(nlp, name, span_key)


@Language.factory("skillmap_learned", default_config={"span_key": SPAN_KEY})
def make_learned(nlp: Language, name: str, span_key: str) -> SkillLearner:
    return SkillLearner(nlp, name, span_key)


@Language.factory("skillmap_attributes", default_config={})
def make_attributes(nlp: Language, name: str) -> AttributeExtractor:
    return AttributeExtractor(nlp, name)


def component_names() -> list[str]:
    return ["skillmap_sections", "skillmap_skills", "skillmap_context", "skillmap_learned", "skillmap_attributes"]


def describe(nlp: Language) -> dict[str, Any]:
    """Which skillmap components a pipeline has, for `skillmap info`-style output."""
    return {name: nlp.has_pipe(name) for name in component_names()}
