"""Split posting text into lines and sentence-like segments, keeping character offsets.

Scraped postings are messy: bullets without newlines ("• Install • Maintain"), sentences
glued together when markup was stripped ("...stakeholdersProvide training"), very long
lines. Segments are what context rules look at, so they should be short and never
straddle two list items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import bullet_marker_end, is_heading_marked

# Sentence ends: . ! ? ; followed by space and something that starts a sentence.
# (Written to start with the punctuation class: Python's regex engine then jumps to
# candidates instead of trying every position; the look-behind checks the character
# before the run.)
_SENTENCE_END_RE = re.compile(
    r"[.!?;](?:(?<=[a-z0-9\)\]%\"'’][.!?;])[.!?;]*\s+(?=[\"'“(]?[A-Z0-9•·▪●\-*])|\s*$)"
)
# Inline bullets inside one line, and separators scraped pages use between items.
_INLINE_BULLET_RE = re.compile(r"\s(?:[•·▪●◦‣]|\s[*\-–—]\s)\s*")
# A lower-case letter glued to an upper-case word: "placeCreate", "skillsProblem".
# Only a word that starts in lower case counts ("skillsProblem"), so product names in
# camel case ("SalesForce", "PowerPoint", "ChargePoint") stay whole.
# Candidates are found by their capital (fast to scan for); _glued_points checks what
# precedes it: two or more lower-case letters starting a word, "x." or ")".
_GLUED_CANDIDATE_RE = re.compile(r"[A-Z](?<=[a-z.)][A-Z])[a-z]{2}")
# Whitespace but not a newline, then a heading mark (is_heading_marked strips any space).
_MARK_START_RE = re.compile(r"^[^\S\n]*(?:#|\*\*|__)", re.MULTILINE)
_MAX_SEGMENT = 400
_BULLET_FIRST = frozenset("*+-•·▪●◦‣0123456789")


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str
    bullet: bool
    heading_marked: bool


@dataclass(slots=True)
class Segment:
    """A sentence or list item: ``text[start:end]`` of the cleaned posting."""

    start: int
    end: int
    line: int
    bullet: bool


def split_lines(raw: str, cleaned: str) -> list[Line]:
    """Non-blank lines of ``cleaned`` with offsets; heading marks are read from ``raw``."""
    if _c_split_lines is not None:
        return _c_split_lines(raw, cleaned, Line)
    return split_lines_python(raw, cleaned)


def split_lines_python(raw: str, cleaned: str) -> list[Line]:
    """:func:`split_lines` in Python: the fallback without a C compiler and the reference
    the C version (``skillmap/pipeline/_scan.c``) is tested against."""
    # Only lines whose raw text starts with "#", "**" or "__" can be marked headings.
    marked = {m.start() for m in _MARK_START_RE.finditer(raw)} if ("#" in raw or "**" in raw or "__" in raw) else ()
    lines: list[Line] = []
    pos = 0
    for chunk in cleaned.split("\n"):
        end = pos + len(chunk)
        stripped = chunk.strip()
        if stripped:
            start = pos + len(chunk) - len(chunk.lstrip())
            stop = start + len(stripped)
            marker = bullet_marker_end(chunk) if stripped[0] in _BULLET_FIRST else 0
            bullet = 0 < marker < len(chunk)
            if bullet:
                start = pos + marker
                while start < stop and cleaned[start] == " ":
                    start += 1
            # Only short lines can be headings; skip the check on long ones.
            heading = pos in marked and len(stripped) <= 120 and is_heading_marked(raw[pos:end])
            lines.append(Line(start, stop, cleaned[start:stop], bullet, heading))
        pos = end + 1
    return lines


def _glued_points(text: str) -> list[int]:
    """Offsets of capitals glued to the previous word ("skillsProblem", "place.Create",
    "(EV)Charging"): the capital must start a word of three or more letters."""
    points = []
    for match in _GLUED_CANDIDATE_RE.finditer(text):
        at = match.start()
        before = text[at - 1]
        if before == ")" or (before == "." and at >= 2 and "a" <= text[at - 2] <= "z"):
            points.append(at)
        elif "a" <= before <= "z":
            start = at - 1
            while start > 0 and "a" <= text[start - 1] <= "z":
                start -= 1
            # The lower-case run must be a word of its own: "skillsProblem", not "iPhone".
            if at - start >= 2 and (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")):
                points.append(at)
    return points


def split_points(text: str) -> list[int]:
    """Sorted offsets inside ``text`` where segment_line cuts it (the C version in
    ``skillmap/pipeline/_scan.c`` gives the same and is used when it was compiled)."""
    points = set()
    for match in _SENTENCE_END_RE.finditer(text):
        points.add(match.end())
    for match in _INLINE_BULLET_RE.finditer(text):
        points.add(match.start())
        points.add(match.end())
    points.update(_glued_points(text))
    return sorted(p for p in points if 0 < p < len(text))


try:
    from ..pipeline._scan import split_lines as _c_split_lines
    from ..pipeline._scan import split_points as _split_points
except ImportError:  # pragma: no cover - built without a C compiler
    _split_points = split_points
    _c_split_lines = None


def segment_line(line: Line, index: int) -> list[Segment]:
    """Sentences and inline list items of one line."""
    text = line.text
    cuts = [0, *_split_points(text), len(text)]
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b]
        stripped = piece.strip(" •·▪●◦‣*-–—")
        if not stripped:
            continue
        lead = piece.find(stripped)
        start = line.start + a + lead
        end = start + len(stripped)
        # Very long run-ons (tables flattened to one line) are cut at commas so that a
        # negation cue cannot reach a mention hundreds of characters away.
        while end - start > _MAX_SEGMENT:
            cut = text.rfind(", ", start - line.start, start - line.start + _MAX_SEGMENT)
            cut = cut + line.start if cut > start - line.start else start + _MAX_SEGMENT
            segments.append(Segment(start, cut, index, line.bullet))
            start = cut + 1
            while start < end and text[start - line.start] in " ,":
                start += 1
        if end > start:
            segments.append(Segment(start, end, index, line.bullet))
    return segments
