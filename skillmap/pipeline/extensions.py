"""Every custom attribute skillmap sets on spaCy objects, declared in one place.

Values are plain data (tuples, strings, dicts), never Span objects, so Docs stay
serializable with DocBin and across ``nlp.pipe(n_process>1)``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_KEY = "skills"

# Doc attributes
DOC_SEGMENTS = "skillmap_segments"  # [(start, end, line, bullet, section, role, header)]
DOC_ATTRIBUTES = "posting_attributes"  # dict, see pipeline.attributes.PostingAttributes
# Span attributes (on spans in doc.spans["skills"])
SPAN_REQUIREMENT = "requirement"  # required | preferred | negated | unspecified
SPAN_SECTION = "section"
SPAN_RULE = "skill_rule"  # alias or pattern that matched


def install_extensions() -> None:
    """Register the extensions once; safe to call repeatedly (e.g. in worker processes)."""
    for name, default in ((DOC_SEGMENTS, None), (DOC_ATTRIBUTES, None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in ((SPAN_REQUIREMENT, None), (SPAN_SECTION, None), (SPAN_RULE, None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def demanded_skill_ids(doc: Doc) -> set[str]:
    """Skill ids the Doc's posting demands (required or preferred), without implied parents."""
    return {
        span.label_
        for span in doc.spans.get(SPAN_KEY, [])
        if span._.get(SPAN_REQUIREMENT) in ("required", "preferred")
    }


install_extensions()
