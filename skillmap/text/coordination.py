"""Coordination: the readings a coordinated phrase stands for, as token sequences.

"AC and DC motor controls" says "AC motor controls" and "DC motor controls"; "install and
commission chargers" says "install chargers" and "commission chargers"; "electrical,
mechanical and hydraulic equipment" and "electrical/mechanical systems" share a head the
same way, and "maintain forklifts and lift trucks" shares a verb. The text as written
holds the conjunct next to the shared words (the last one before a shared head, the
first one after a shared verb); every other conjunct is read here with the shared words
joined to it:

    prefix  C1 , C2 and C3  suffix   ->   prefix C1 suffix, prefix C2 suffix, prefix C3 suffix

A reading is a sequence of the text's token indices with *cuts* where it skips words, so
a match found in it maps back to real tokens and its span covers the words as written
("mechanical ... systems" spans "mechanical and electrical systems"). Which readings mean
something is left to the taxonomy's patterns: the matcher keeps only matches that join
words across a cut (:meth:`skillmap.pipeline.matcher.SkillIndex.scan_readings`).

Conjuncts are read from tokens and the punctuation between them: a conjunct is one to
``MAX_CONJUNCT`` tokens; list commas and slashes separate conjuncts, "and"/"or"/"&"
("and/or") joins the last one; any other punctuation or a line break ends the phrase.
Where a first or last conjunct starts or ends is not written, so each possible length
gives a reading. Used by posting extraction and by the syllabus reader alike.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

COORDINATORS = frozenset({"and", "or"})  # the tokenizer reads "&" as "and"
MAX_CONJUNCT = 3  # tokens in one conjunct ("AC Level 2", "lift trucks")
CONTEXT = 10  # tokens of shared words read on each side of the phrase

# A conjunct does not start with a preposition: "the Code of Conduct ethics and compliance"
# coordinates "ethics" (or "Conduct ethics"), never "of Conduct ethics".
PREPOSITIONS = frozenset({"of", "to", "for", "with", "in", "on", "at", "by", "from", "into", "as", "per", "via"})
# What separates two tokens: nothing but spaces (or a hyphen), a list comma, a slash, or
# anything else (a phrase boundary).
PLAIN, COMMA, SLASH, BREAK = range(4)
_SEPARATOR_RE = re.compile(r"/|&|\b(?:and|or)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reading:
    """Token indices of one reading, in text order, and the positions in ``tokens``
    that follow skipped words (a match must join tokens across one of them)."""

    tokens: tuple[int, ...]
    cuts: tuple[int, ...]


def gap_kind(text: str, end: int, start: int) -> int:
    """How ``text[end:start]`` (the characters between two tokens) separates them."""
    return _kind_of(text[end:start])


def _kind_of(between: str) -> int:
    if between == " ":
        return PLAIN
    if "\n" in between:
        return BREAK
    stripped = between.strip()
    if stripped in ("", "-"):
        return PLAIN
    if stripped == ",":
        return COMMA
    if stripped == "/":
        return SLASH
    return BREAK


class _Tokens:
    """Token offsets and forms of one text, and the separator before each token."""

    __slots__ = ("gap", "gaps", "joinable", "norms", "starts", "text")

    def __init__(self, text: str, starts: list[int], ends: list[int], norms: list[str], joinable):
        self.text, self.starts, self.norms, self.joinable = text, starts, norms, joinable
        self.gaps = [BREAK, *map(_kind_of, map(text.__getitem__, map(slice, ends, starts[1:])))]
        self.gap = self.gaps.__getitem__  # the separator before token i (BREAK before the first)

    def word(self, i: int) -> bool:
        """Token ``i`` may be part of a conjunct (it is not a coordinator)."""
        return self.norms[i] not in COORDINATORS


def coordinated_readings(text: str, starts: list[int], ends: list[int], norms: list[str],
                         joinable=None) -> list[Reading]:
    """The readings of every coordinated phrase in a tokenized text (``starts``/``ends``
    are the tokens' offsets in ``text``, ``norms`` their normal forms), without
    duplicates, in text order. ``joinable(before, after)``, when given, says whether a
    pattern can hold word ``before`` and then word ``after``; readings that would join
    nothing across their cuts are then left out (the matcher's patterns decide, see
    :meth:`~skillmap.pipeline.matcher.SkillIndex.joinable`)."""
    if not norms:
        return []
    tokens = _Tokens(text, starts, ends, norms, joinable or (lambda before, after: True))
    n = len(norms)
    readings: dict[Reading, None] = {}
    for left, right in _points(tokens):
        if 0 <= left < right < n:
            readings.update(dict.fromkeys(_phrase_readings(tokens, left, right)))
    return list(readings)


def _points(tokens: _Tokens):
    """(last token of a conjunct, first token of the next) at each "and"/"or" group and
    each slash between two words."""
    text, starts, norms = tokens.text, tokens.starts, tokens.norms
    n = len(norms)
    seen: set[int] = set()
    for found in _SEPARATOR_RE.finditer(text):
        i = bisect_left(starts, found.start())
        if found.group() == "/":
            # a slash between two words: "electrical/mechanical"
            if 0 < i < n and tokens.gap(i) == SLASH and tokens.word(i - 1) and tokens.word(i) and i not in seen:
                seen.add(i)
                yield i - 1, i
            continue
        if i >= n or starts[i] != found.start() or norms[i] not in COORDINATORS or i in seen:
            continue
        j = i  # the group: "and", "or", "and/or"
        while j + 1 < n and not tokens.word(j + 1) and tokens.gap(j + 1) in (PLAIN, SLASH):
            j += 1
        seen.update(range(i, j + 1))
        if i > 0 and tokens.word(i - 1) and tokens.gap(i) in (PLAIN, COMMA) and j + 1 < n and tokens.gap(j + 1) == PLAIN:
            yield i - 1, j + 1


def _phrase_readings(tokens: _Tokens, left: int, right: int) -> list[Reading]:
    """Readings of the phrase whose conjuncts meet at ``left`` | ``right``."""
    gap, word = tokens.gap, tokens.word
    n = len(tokens.norms)
    # Conjuncts before the point, right to left: fixed by list commas and slashes.
    middle: list[tuple[int, int]] = []  # (first, last) of each conjunct after the first
    last = left
    while True:
        first = last
        while first > 0 and last - first + 1 < MAX_CONJUNCT and gap(first) == PLAIN and word(first - 1):
            first -= 1
        if gap(first) in (COMMA, SLASH) and first > 0 and word(first - 1):
            middle.append((first, last))
            last = first - 1
            continue
        break
    middle.reverse()
    # In a list the conjuncts are parallel: the first and last are as long as one
    # between them ("electrical, mechanical and hydraulic equipment").
    sizes = {b - a + 1 for a, b in middle} or set(range(1, MAX_CONJUNCT + 1))
    norms, joinable = tokens.norms, tokens.joinable
    first_end = last  # the first conjunct ends here; where it starts is not written
    first_starts = []
    s = first_end
    while True:
        if first_end - s + 1 in sizes and norms[s] not in PREPOSITIONS:
            first_starts.append(s)
        if s == 0 or first_end - s + 1 >= MAX_CONJUNCT or gap(s) != PLAIN or not word(s - 1):
            break
        s -= 1
    # The last conjunct starts at ``right``; where it ends is not written.
    last_ends = []
    e = right
    while True:
        if e - right + 1 in sizes:
            last_ends.append(e)
        if e + 1 >= n or e - right + 1 >= MAX_CONJUNCT or gap(e + 1) != PLAIN or not word(e + 1):
            break
        e += 1
    # Shared words: before the first conjunct (ending at s - 1), after the last one
    # (starting at e + 1).
    prefix_ends = [s - 1 for s in first_starts if s > 0 and gap(s) == PLAIN]
    suffix_starts = [e + 1 for e in last_ends if e + 1 < n and gap(e + 1) == PLAIN]
    if not prefix_ends and not suffix_starts:
        return []
    conjuncts = [(first_end, first_end), *middle, (right, right)]  # first/last bounds set per reading

    out: list[Reading] = []
    for k, (c_first, c_last) in enumerate(conjuncts):
        is_first, is_last = k == 0, k == len(conjuncts) - 1
        # A reading only helps where a pattern can join the words on both sides of a cut.
        befores = [] if is_first else [p for p in prefix_ends if joinable(norms[p], norms[c_first])]
        afters = [] if is_last else [q for q in suffix_starts if joinable(norms[c_last], norms[q])]
        if not befores and not afters:
            continue
        # The first conjunct runs on into its own prefix, the last into its suffix.
        if is_first:
            core = range(_reach(tokens, c_last, -1), c_last + 1)
        elif is_last:
            core = range(c_first, _reach(tokens, c_first, 1) + 1)
        else:
            core = range(c_first, c_last + 1)
        for before in [*befores, None]:
            head = () if before is None else range(_reach(tokens, before, -1), before + 1)
            for after in [*afters, None]:
                if before is None and after is None:
                    continue
                tail = () if after is None else range(after, _reach(tokens, after, 1) + 1)
                out.append(_joined((head, core, tail)))
    return out


def _reach(tokens: _Tokens, i: int, step: int) -> int:
    """The furthest token from ``i`` (towards ``step``) within CONTEXT tokens and the
    same phrase: shared words stand next to the coordination, with no punctuation
    between."""
    gaps, n = tokens.gaps, len(tokens.norms)
    if step > 0:
        for _ in range(CONTEXT - 1):
            if i + 1 >= n or gaps[i + 1] != PLAIN:
                break
            i += 1
    else:
        for _ in range(CONTEXT - 1):
            if i <= 0 or gaps[i] != PLAIN:
                break
            i -= 1
    return i


def _joined(parts) -> Reading:
    tokens: list[int] = []
    cuts: list[int] = []
    for part in parts:
        if tokens and part and part[0] != tokens[-1] + 1:
            cuts.append(len(tokens))
        tokens.extend(part)
    return Reading(tuple(tokens), tuple(cuts))
