"""The layout of one posting: lines with their section (computed up front, cheaply) and
sentence segments (computed per line on demand).

Most lines of a posting hold no skill at all, so splitting them into sentences and
running the sentence-level role rules on them would be wasted work; the extractor asks
for the segment at an offset only where the token scan found something.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..text.segment import Line, segment_line, split_lines
from .context import ContextRules, SegmentContext

# Only lines this long are searched for headers inside them: flattened postings are long;
# ordinary list items and sentences are shorter.
_FLAT_LINE_CHARS = 80
_UNKNOWN = object()
# The section of lines no header governs (the start of a posting, or all of an unheaded one).
_UNHEADED = "intro"
# "... sentence end. Requirements: ..." - a capitalised phrase of up to six words after the
# end of a sentence, then a colon.
# (The punctuation is matched, not looked behind at: a pattern that starts with a character
# class lets the regex engine skip to candidates.)
_MIDLINE_HEADER_RE = re.compile(r"[.!?;)\]]\s+([A-Z][\w'’&/()-]*(?:[ \t]+[\w'’&/()-]+){0,5})[ \t]*:[ \t]+(?=\S)")


class _SegmentLookups:
    """What both structures offer the extractor once they can find a segment."""

    rules: ContextRules
    cleaned: str
    company: str | None
    _texts: dict[int, str]

    def refined(self, seg: SegmentContext) -> SegmentContext:
        if not seg.checked:
            self.rules.refine(seg, self.cleaned, self.company, self.text_of(seg))
        return seg

    def text_of(self, seg: SegmentContext) -> str:
        """``cleaned[seg.start:seg.end]``, one str object per segment: the cue lists asked
        about it in a row then share one lower-cased copy and one hash."""
        text = self._texts.get(seg.start)
        if text is None or len(text) != seg.end - seg.start:
            text = self._texts[seg.start] = self.cleaned[seg.start : seg.end]
        return text


class PostingStructure(_SegmentLookups):
    """Sections per line, segments per line on demand, lookup by character offset."""

    def __init__(self, rules: ContextRules, raw: str, cleaned: str, company: str | None = None):
        self.rules = rules
        self.cleaned = cleaned
        self.company = company
        self.lines: list[Line] = []  # content part of each line (after an inline header)
        self.sections: list[str] = []
        self.roles: list[str] = []
        self.headers: dict[int, SegmentContext] = {}  # line index -> header segment
        self._segments: dict[int, list[SegmentContext]] = {}
        self._segment_starts: dict[int, list[int]] = {}
        self._inferred_last: dict[int, str | None] = {}  # unheaded line -> its last inferred section
        self._texts: dict[int, str] = {}  # segment start -> its text (see text_of)
        self._at: dict[int, SegmentContext | None] = {}  # see segment_at
        self._build(raw, cleaned)
        self.starts = [line.start for line in self.lines]
        self._header_starts = [(seg.start, i) for i, seg in sorted(self.headers.items())]

    def _build(self, raw: str, cleaned: str) -> None:
        rules = self.rules
        section = _UNHEADED
        previous_end = -1
        paragraph_section: str | None = None  # section to restore after an inline header
        for index, line in enumerate(self._unflatten(split_lines(raw, cleaned))):
            label, content_at = rules.line_header(line, self.company)
            paragraph_start = index == 0 or cleaned.count("\n", max(previous_end, 0), line.start) >= 2
            previous_end = line.end
            if paragraph_start and paragraph_section is not None:
                # An inline "Nice to have: ..." header governs its own paragraph only.
                section, paragraph_section = paragraph_section, None
            line_section = section
            if label is not None:
                if content_at < 0:
                    section, paragraph_section = label, None
                    self.headers[len(self.lines)] = SegmentContext(
                        line.start, line.end, index, False, label, rules.section_role(label), True, True
                    )
                    self._append(Line(line.end, line.end, "", False, False), label)
                    continue
                # Inline "Requirements: ..." governs the rest of its paragraph; "SALARY: $30/hr"
                # inside a block of key: value lines applies to that line only.
                line_section = label
                if paragraph_start or label not in ("other", "benefits"):
                    if paragraph_section is None:
                        paragraph_section = section
                    section = label
                if label != "other":
                    self.headers[len(self.lines)] = SegmentContext(
                        line.start, line.start + content_at, index, False, label, rules.section_role(label), True, True
                    )
                    line = Line(line.start + content_at, line.end, line.text[content_at:], line.bullet, False)
            self._append(line, line_section)

    def _unflatten(self, lines: list[Line]) -> list[Line]:
        """Long lines cut before known section headers inside them: scraped postings
        (LinkedIn, Kaggle exports) often arrive as one line, "... team. Responsibilities:
        Install ... Benefits: Medical ...". Only headers the rules know are cut at."""
        out: list[Line] = []
        for line in lines:
            if len(line.text) < _FLAT_LINE_CHARS or ":" not in line.text:
                out.append(line)
                continue
            cuts = [
                m.start(1)
                for m in _MIDLINE_HEADER_RE.finditer(line.text)
                if self.rules.classify_header(m.group(1), self.company) not in (None, "other")
            ]
            if not cuts:
                out.append(line)
                continue
            bounds = [0, *cuts, len(line.text)]
            for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
                piece = line.text[a:b].rstrip()
                if piece:
                    first = i == 0
                    out.append(Line(line.start + a, line.start + a + len(piece), piece, line.bullet and first,
                                    line.heading_marked and first))
        return out

    def _append(self, line: Line, section: str) -> None:
        self.lines.append(line)
        self.sections.append(section)
        self.roles.append(self.rules.section_role(section))

    def segments_of_line(self, index: int) -> list[SegmentContext]:
        found = self._segments.get(index)
        if found is None:
            if self.sections[index] == _UNHEADED:
                self._infer_through(index)
                return self._segments[index]
            found = self._segment(index)
        return found

    def _segment(self, index: int) -> list[SegmentContext]:
        line = self.lines[index]
        section, role = self.sections[index], self.roles[index]
        found = [SegmentContext(s.start, s.end, index, s.bullet, section, role) for s in segment_line(line, index)]
        self._segments[index] = found
        self._segment_starts[index] = [seg.start for seg in found]
        return found

    def _infer_through(self, index: int) -> None:
        """Sections of the unheaded lines up to ``index`` read from their sentences (see
        ContextRules.infer_section), in text order: a sentence without a cue of its own
        continues the section of the one before it, across lines."""
        first = index
        while first > 0 and self.sections[first - 1] == _UNHEADED and first - 1 not in self._segments:
            first -= 1
        previous = self._inferred_last.get(first - 1)
        rules = self.rules
        for i in range(first, index + 1):
            for seg in self._segment(i):
                label = rules.infer_section(self.text_of(seg), previous, self.company)
                if label is not None:
                    seg.section, seg.role = label, rules.section_role(label)
                previous = label
            self._inferred_last[i] = previous

    def segment_at(self, offset: int) -> SegmentContext | None:
        """The segment (or header) holding ``offset``, None between segments. Remembered
        per offset: the scan, the conditions and the requirement of a mention each ask
        about the same start."""
        found = self._at.get(offset, _UNKNOWN)
        if found is _UNKNOWN:
            found = self._at[offset] = self._find_segment(offset)
        return found

    def _find_segment(self, offset: int) -> SegmentContext | None:
        index = bisect_right(self.starts, offset) - 1
        header = self.headers.get(index + 1)
        if header is not None and header.start <= offset < header.end:
            return header
        header = self.headers.get(index)
        if header is not None and header.start <= offset < header.end:
            return header
        if index < 0 or offset >= self.lines[index].end:
            return None
        segments = self.segments_of_line(index)
        i = bisect_right(self._segment_starts[index], offset) - 1
        if i >= 0 and offset < segments[i].end:
            return segments[i]
        return None

    def job_ranges(self) -> list[tuple[int, int]]:
        """Character ranges of the lines a scan for demanded skills must read: job
        sections and company sections (a company section can hold job sentences,
        see ContextRules.refine), headers of unknown type included; not benefits,
        EEO or application text, which never hold demands."""
        ranges: list[tuple[int, int]] = []
        extend = False  # no boilerplate line since the last range: grow it
        for index, line in enumerate(self.lines):
            if self.roles[index] not in ("job", "company"):
                extend = False
                continue
            header = self.headers.get(index)
            start = header.start if header is not None and header.section == "other" else line.start
            if line.end <= start:
                continue
            # Few long ranges tokenize faster than many short ones. Header text inside a
            # range is tokenized but never matched: the scan bounds matches by line.
            if extend:
                ranges[-1] = (ranges[-1][0], line.end)
            else:
                ranges.append((start, line.end))
                extend = True
        return ranges

    def all_segments(self) -> list[SegmentContext]:
        """Every segment and header in text order (eager; used by the spaCy component)."""
        out: list[SegmentContext] = []
        for index in range(len(self.lines)):
            header = self.headers.get(index)
            if header is not None:
                out.append(header)
            out.extend(self.segments_of_line(index))
        return out


def refined_segments(rules: ContextRules, raw: str, cleaned: str, company: str | None = None) -> list[SegmentContext]:
    """Every segment of a posting with its section and its sentence-level role checks done
    (what the spaCy component stores on a Doc; the extractor uses the lazy
    :class:`PostingStructure` and refines only segments that hold a mention)."""
    segments = PostingStructure(rules, raw, cleaned, company).all_segments()
    for seg in segments:
        rules.refine(seg, cleaned, company)
    return segments


class StoredStructure(_SegmentLookups):
    """The same lookups over segments computed earlier (e.g. stored on a spaCy Doc)."""

    def __init__(self, rules: ContextRules, cleaned: str, segments: list[SegmentContext], company=None):
        self.rules = rules
        self.cleaned = cleaned
        self.company = company
        self.segments = segments
        self.lines = segments  # the scan bounds matches by "line": here, by segment
        self._texts: dict[int, str] = {}
        self.starts = [s.start for s in segments]

    def segment_at(self, offset: int) -> SegmentContext | None:
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.segments[index].end:
            return self.segments[index]
        return None

    def all_segments(self) -> list[SegmentContext]:
        return self.segments
