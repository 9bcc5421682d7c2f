"""Offset-preserving clean-up of posting text.

Postings arrive as HTML, markdown or scraped text. Instead of producing a shorter text
and a mapping back, every markup character is overwritten in place (tags by spaces or
a newline, entities by their character plus padding), so an offset into the cleaned
text is the same offset into the input. Mentions can then quote the user's own text.
"""

from __future__ import annotations

import html
import re

# Block-level tags end a line; inline tags just vanish.
_BLOCK_TAGS = (
    "p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|section|article|header|footer|hr|dd|dt|dl|blockquote"
)
# A tag cannot hold "<", so each try stops at the next "<": linear. Comments, scripts and
# styles, whose ends may be far away or missing, are found by plain searches (see
# _blank_scripts and _blank_tags_and_comments).
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*>")
_BLOCK_RE = re.compile(rf"^(?:{_BLOCK_TAGS})$", re.IGNORECASE)
# (ASCII: an HTML tag name is ASCII; "<ſcript>" with a long s is not a script.)
_SCRIPT_OPEN_RE = re.compile(r"<(?:(?P<script>script)|(?P<style>style))\b", re.IGNORECASE | re.ASCII)
_SCRIPT_CLOSE_RE = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE | re.ASCII) for name in ("script", "style")
}
_ENTITY_RE = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# An apostrophe entity inside a word ("driver&#39;s license", "We&rsquo;re"): the letters
# after it move left next to the apostrophe so the word stays whole ("driver's").
# (Written to start with the literal "&", the letter before it checked by a look-behind
# after it: the regex engine then jumps from one "&" to the next.)
_APOS_ENTITY_RE = re.compile(
    r"&(?<=[A-Za-z]&)(?:#0*39|#x0*27|apos|rsquo|#0*8217|#x0*2019);([A-Za-z]{1,2})(?![A-Za-z])"
)
# Markdown: links [label](url) keep the label; emphasis markers and heading hashes vanish.
# (The link regex starts at the one literal "[", which the engine jumps to; an image's
# "!" is taken by _blank_md_links. Either alternative at the start is 4x slower. The
# possessive "+" gives up at once where the greedy runs could only backtrack in vain.)
_MD_LINK_RE = re.compile(r"\[([^\]\n]{0,300}+)\]\(([^)\s]{0,500}+)\)")
# A literal first character lets the regex engine skip ahead; the neighbour checks that
# tell emphasis from a bullet or a multiplication sign happen in _emphasis.
_MD_EMPHASIS_RE = re.compile(r"\*\*|__|\*|`+|~~")
_MD_HEADING_RE = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]", re.MULTILINE)
# Candidates for _MD_HEADING_RE found by their marks (fast to scan for); _blank_headings
# checks what stands between the line start and the marks.
_HASH_RUN_RE = re.compile(r"##{0,5}[ \t]")  # a literal first "#": the engine jumps to it
_MD_BULLET_RE = re.compile(r"^([ \t]*)([*+\-•·▪●◦‣]|\d{1,2}[.)])[ \t]+", re.MULTILINE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# A lone surrogate (a JSON escape such as "\\ud800" without its pair) is a str character
# that no UTF-8 writer accepts.
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

HTML_HINT_RE = re.compile(r"</?(?:p|div|br|li|ul|span|strong|b|em|h[1-6])\b[^>]*>", re.IGNORECASE)


def _emphasis(match: re.Match) -> str:
    text = match.string
    start, end = match.start(), match.end()
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    # "**bold**" markers touch text on one side; "* item" bullets and "2 * 3" do not.
    if not after.isspace() or not before.isspace():
        return " " * (end - start)
    return match.group()


def blank_emphasis(text: str) -> str:
    """Markdown emphasis markers blanked (the C version in ``_scan.c`` does the same)."""
    return _MD_EMPHASIS_RE.sub(_emphasis, text)


try:
    from ..pipeline._scan import blank_emphasis as _blank_emphasis
except ImportError:  # pragma: no cover - built without a C compiler
    _blank_emphasis = blank_emphasis


def _blank_headings(text: str) -> str:
    """``_MD_HEADING_RE.sub`` with blanks: from the line start through the marks and the
    space after them, where the line starts with at most three spaces or tabs and the marks."""
    pieces: list[str] = []
    done = 0
    for match in _HASH_RUN_RE.finditer(text):
        at = match.start()
        # Only the last four characters can hold the line start (at most three before
        # the marks): looking further back made a long line of "# " quadratic.
        window = max(0, at - 4)
        line_start = text.rfind("\n", window, at) + 1 or window
        if at - line_start > 3 or text[line_start:at].strip(" \t"):
            continue
        pieces += [text[done:line_start], " " * (match.end() - line_start)]
        done = match.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _blank_scripts(text: str) -> str:
    """Each ``<script ...>...</script>`` and ``<style ...>...</style>`` blanked whole.

    The same spans as ``<(script|style)\\b[^>]*>.*?</\\1\\s*>`` (case-insensitive) found
    left to right, in linear time: that regex reads to the end of the text for every
    opening tag left unclosed (a million characters took minutes), while here the next
    ">" and the next closing tag of each kind are searched for once and remembered, since
    the positions asked about only grow.
    """
    spans: list[tuple[int, int]] = []
    gt = -1  # position of the next ">" at or after the last position asked about
    closes: dict[str, re.Match | None] = {}
    pos = 0
    while (opening := _SCRIPT_OPEN_RE.search(text, pos)) is not None:
        if gt < opening.end():
            gt = text.find(">", opening.end())
            if gt < 0:
                break  # no opening tag from here on is ever finished
        name = opening.lastgroup
        close = closes.get(name, False)
        if close is False or (close is not None and close.start() <= gt):
            close = closes[name] = _SCRIPT_CLOSE_RE[name].search(text, gt + 1)
        if close is None:
            pos = opening.end()  # unclosed: the text inside is cleaned as ordinary text
            continue
        spans.append((opening.start(), close.end()))
        pos = close.end()
    return _blank_spans(text, spans)


def _blank_tags_and_comments(text: str) -> str:
    """Each ``<!-- ... -->`` blanked whole (an unclosed one is left as text) and each tag
    replaced, as one left-to-right pass of ``<tag ...>|<!--.*?-->`` would, in linear time.

    A tag cannot hold "<", so no tag reaches into a comment: the comments are found first
    and the tags replaced in the text between them (blanking the comments first instead
    would let "<b" followed by a comment and a ">" become one tag).
    """
    pieces: list[str] = []
    done = pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        pos = end + 3
        pieces += [_TAG_RE.sub(_tag_replacement, text[done:start]), " " * (pos - start)]
        done = pos
    pieces.append(_TAG_RE.sub(_tag_replacement, text[done:]))
    return "".join(pieces)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    pieces: list[str] = []
    done = 0
    for start, end in spans:
        pieces += [text[done:start], " " * (end - start)]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _tag_replacement(match: re.Match) -> str:
    width = match.end() - match.start()
    name = match.group(2) or ""
    if _BLOCK_RE.match(name):
        return "\n" + " " * (width - 1)
    return " " * width


def _entity_replacement(match: re.Match) -> str:
    raw = match.group(0)
    char = html.unescape(raw)
    if len(char) != 1 or char == raw:
        return " " * len(raw)
    if char in "\u00a0\u2009\u202f":
        char = " "
    return char + " " * (len(raw) - 1)


def _apostrophe_replacement(match: re.Match) -> str:
    tail = match.group(1)
    return "'" + tail + " " * (match.end() - match.start() - 1 - len(tail))


def _blank_md_links(text: str) -> str:
    """Each "[label](url)" as " label" padded to its width; an image's "!" goes too."""
    pieces: list[str] = []
    done = 0
    for match in _MD_LINK_RE.finditer(text):
        start = match.start()
        if start > done and text[start - 1] == "!":
            start -= 1
        label = match.group(1)
        pieces += [text[done:start], " " * (match.start(1) - start), label, " " * (match.end() - match.end(1))]
        done = match.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# Control characters become spaces (one C pass, the regex without a compiler).
_CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]))
try:
    from ..pipeline._scan import blank_chars as _blank_chars
except ImportError:  # pragma: no cover - built without a C compiler
    _blank_chars = None


def blank_controls(text: str) -> str:
    return _CONTROL_RE.sub(" ", text)


def _blank_controls(text: str) -> str:
    return _blank_chars(text, _CONTROL_CHARS) if _blank_chars is not None else blank_controls(text)


def clean_text(text: str) -> str:
    """Return ``text`` with markup blanked out; ``len(result) == len(text)`` always.

    Newlines survive, block-level HTML tags become line breaks, markdown headings and
    bullets lose their markers (the line structure stays), control characters become
    spaces. Offsets into the result are offsets into ``text``.
    """
    if not text:
        return text
    out = _blank_controls(text)
    if "<" in out and ">" in out:
        out = _blank_scripts(out)
        out = _blank_tags_and_comments(out)
    if "&" in out:
        out = _APOS_ENTITY_RE.sub(_apostrophe_replacement, out)
        out = _ENTITY_RE.sub(_entity_replacement, out)
    if "](" in out:
        out = _blank_md_links(out)
    if "*" in out or "_" in out or "`" in out or "~" in out:
        out = _blank_emphasis(out)
    if "#" in out:
        out = _blank_headings(out)
    out = out.replace("\r", " ").replace("\t", " ").replace("\u00a0", " ")
    assert len(out) == len(text)
    return out


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length, offsets kept),
    as decoding replaces invalid UTF-8 bytes: the text stays writable and analysable."""
    return _SURROGATE_RE.sub("\ufffd", text) if _SURROGATE_RE.search(text) else text


def is_heading_marked(raw_line: str) -> bool:
    """A line the author marked as a heading (markdown ``#`` or bold-only)."""
    stripped = raw_line.strip()
    if stripped.startswith("#"):
        return True
    return (
        len(stripped) > 4
        and stripped.startswith(("**", "__"))
        and stripped.rstrip(":").endswith(("**", "__"))
    )


def bullet_marker_end(line: str) -> int:
    """Length of a leading bullet marker (``- ``, ``* ``, ``• ``, ``1. ``), else 0."""
    match = _MD_BULLET_RE.match(line)
    return match.end() if match else 0
