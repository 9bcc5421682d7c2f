"""The token-pattern language of taxonomy files, parsed into plain token sequences.

Syntax (whitespace separates items)::

    install* ~3 (charger|charging station|@CHARGER)   [level 2] charger   #hv

- ``word``      a token in normal form (lower case, singular); "OSHA-10" is two tokens
- ``word*``     any token starting with ``word`` ("troubleshoot*" -> troubleshooting)
- ``(a|b c)``   alternatives, each a sub-pattern
- ``[a b]``     optional sub-pattern
- ``~N``        a gap of 0..N arbitrary tokens inside one sentence (N <= 12)
- ``@NAME``     a named term set of the taxonomy (its entries are sub-patterns)
- ``#num``      a number; ``#hv`` a voltage of 300 V or more; ``#lv`` a voltage of 5-60 V

Patterns expand into the cartesian product of their alternatives; the matcher stores
them in one token trie, so thousands of expansions cost nothing per token.
"""

from __future__ import annotations

import re

from ..text.tokens import tokenize

SHAPES = frozenset({"#num", "#hv", "#lv"})
MAX_GAP = 12
MAX_EXPANSIONS = 20_000  # sequences one pattern stands for, counted before any is built
MAX_NESTING = 20  # brackets inside brackets
# Tokens (and gaps) in one alias or expanded sequence: the longest bundled one has 12; the
# matcher's trie is one level per token.
MAX_SEQUENCE_TOKENS = 64

Element = str  # a token element ("charger", "troubleshoot*", "#hv") or a gap ("~4")
Sequence = tuple[Element, ...]

_SPLIT_RE = re.compile(r"\s*([()\[\]|])\s*|\s+")


class PatternSyntaxError(ValueError):
    """A pattern string cannot be parsed; the message says where."""


def is_gap(element: Element) -> bool:
    return element.startswith("~")


def literal_sequence(phrase: str) -> Sequence:
    """An alias is literal text: tokenized, no pattern syntax."""
    return tuple(tokenize(phrase)[2])


def _word_elements(word: str) -> list[Element]:
    lowered = word.lower()
    if lowered in SHAPES:
        return [lowered]
    if lowered.startswith("#"):
        raise PatternSyntaxError(f"unknown shape {word!r}; known: {', '.join(sorted(SHAPES))}")
    if re.fullmatch(r"~\d+", lowered):
        size = int(lowered[1:])
        if not 1 <= size <= MAX_GAP:
            raise PatternSyntaxError(f"gap {word!r} must be ~1..~{MAX_GAP}")
        return [lowered]
    if lowered.endswith("*"):
        stem = lowered.rstrip("*")
        parts = [m.group().lower() for m in re.finditer(r"[a-z]+|[0-9]+", stem)]
        if not parts or len(parts[-1]) < 3:
            raise PatternSyntaxError(f"prefix {word!r} is too short (3+ letters before '*')")
        head = list(tokenize(" ".join(parts[:-1]))[2]) if len(parts) > 1 else []
        return [*head, parts[-1] + "*"]
    elements = list(tokenize(word)[2])
    if not elements:
        raise PatternSyntaxError(f"{word!r} has no letters or digits")
    return elements


# A parsed pattern: an alternation is a list of sequences, a sequence a list of items, an
# item ("words", elements) | ("alt", alternation) | ("opt", alternation) | ("set", name).
# Parsing is linear and expands nothing; _measure then counts the expansions (saturating
# at the cap) before any is built, so a pattern that would multiply out to billions of
# sequences costs no more memory than its own text.
Alternation = list


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.items = [p for p in _SPLIT_RE.split(text) if p]
        self.pos = 0

    def parse(self) -> Alternation:
        depth = 0
        for item in self.items:  # checked up front: the parser recurses once per bracket
            depth += item in ("(", "[")
            depth -= item in (")", "]")
            if depth > MAX_NESTING:
                raise PatternSyntaxError(
                    f"brackets nest more than {MAX_NESTING} deep in {_shown(self.text)}"
                )
        result = self._alternatives()
        if self.pos != len(self.items):
            raise PatternSyntaxError(f"unexpected {self.items[self.pos]!r} in {_shown(self.text)}")
        return result

    def _alternatives(self) -> Alternation:
        options = [self._sequence()]
        while self.pos < len(self.items) and self.items[self.pos] == "|":
            self.pos += 1
            options.append(self._sequence())
        return options

    def _sequence(self) -> list:
        items = []
        while self.pos < len(self.items) and self.items[self.pos] not in ("|", ")", "]"):
            items.append(self._item())
        return items

    def _item(self) -> tuple:
        token = self.items[self.pos]
        self.pos += 1
        if token in ("(", "["):
            closing = ")" if token == "(" else "]"
            inner = self._alternatives()
            if self.pos >= len(self.items) or self.items[self.pos] != closing:
                raise PatternSyntaxError(f"missing {closing!r} in {_shown(self.text)}")
            self.pos += 1
            return ("opt" if token == "[" else "alt", inner)
        if token.startswith("@"):
            return ("set", token[1:])
        return ("words", tuple(_word_elements(token)))


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 200 else f"{text[:200]!r}... ({len(text):,} characters)"


_MEASURING = (-1, -1)


class _Expander:
    """Counts, then builds, the token sequences of parsed patterns over named term sets."""

    def __init__(self, term_sets: dict[str, list[str]]):
        self.term_sets = term_sets
        self.parsed: dict[str, list[Alternation]] = {}
        self.measured: dict[str, tuple[int, int]] = {}

    def term_set(self, name: str, depth: int) -> list[Alternation]:
        if name not in self.term_sets:
            raise PatternSyntaxError(f"unknown term set '@{name}'")
        if depth > 4:
            raise PatternSyntaxError(f"term sets nest too deeply at '@{name}'")
        if name not in self.parsed:
            self.parsed[name] = [_Parser(entry).parse() for entry in self.term_sets[name]]
        return self.parsed[name]

    def measure(self, alternation: Alternation, depth: int = 0) -> tuple[int, int]:
        """(number of sequences, capped at MAX_EXPANSIONS + 1; most elements in one)."""
        count = longest = 0
        for sequence in alternation:
            n, length = self._measure_sequence(sequence, depth)
            count = min(count + n, MAX_EXPANSIONS + 1)
            longest = max(longest, length) if n else longest
        return count, longest

    def _measure_sequence(self, sequence: list, depth: int) -> tuple[int, int]:
        count, length = 1, 0
        for item in sequence:
            n, longest = self._measure_item(item, depth)
            count, length = min(count * n, MAX_EXPANSIONS + 1), min(length + longest, MAX_SEQUENCE_TOKENS + 1)
        return count, length

    def _measure_item(self, item: tuple, depth: int) -> tuple[int, int]:
        kind, value = item
        if kind == "words":
            return 1, len(value)
        if kind == "set":
            if self.measured.get(value) == _MEASURING:
                raise PatternSyntaxError(f"term set '@{value}' refers to itself")
            if value not in self.measured:
                self.measured[value] = _MEASURING
                entries = [self.measure(entry, depth + 1) for entry in self.term_set(value, depth)]
                self.measured[value] = (
                    min(sum(n for n, _ in entries), MAX_EXPANSIONS + 1),
                    max((length for n, length in entries if n), default=0),
                )
            return self.measured[value]
        count, longest = self.measure(value, depth)
        return (min(count + 1, MAX_EXPANSIONS + 1), longest) if kind == "opt" else (count, longest)

    def expand(self, alternation: Alternation, depth: int = 0) -> list[Sequence]:
        # Only called on measured patterns: every list built here is at most the cap.
        out: list[Sequence] = []
        for sequence in alternation:
            parts = [self._expand_item(item, depth) for item in sequence]
            if any(not part for part in parts):
                continue  # an empty term set: the sequence stands for nothing
            seqs: list[Sequence] = [()]
            for part in parts:
                seqs = [a + b for a in seqs for b in part]
            out.extend(seqs)
        return out

    def _expand_item(self, item: tuple, depth: int) -> list[Sequence]:
        kind, value = item
        if kind == "words":
            return [value]
        if kind == "set":
            return [seq for entry in self.term_set(value, depth) for seq in self.expand(entry, depth + 1)]
        inner = self.expand(value, depth)
        return inner + [()] if kind == "opt" else inner


def expand_pattern(pattern: str, term_sets: dict[str, list[str]] | None = None) -> list[Sequence]:
    """All token sequences a pattern stands for. Raises PatternSyntaxError."""
    parsed = _Parser(pattern).parse()
    expander = _Expander(term_sets or {})
    count, longest = expander.measure(parsed)
    if count > MAX_EXPANSIONS:
        raise PatternSyntaxError(f"{_shown(pattern)} expands to more than {MAX_EXPANSIONS} sequences")
    if longest > MAX_SEQUENCE_TOKENS:
        raise PatternSyntaxError(f"{_shown(pattern)} has a sequence of more than {MAX_SEQUENCE_TOKENS} tokens")
    sequences = expander.expand(parsed)
    clean: list[Sequence] = []
    for seq in sequences:
        if not seq:
            continue
        if is_gap(seq[0]) or is_gap(seq[-1]):
            raise PatternSyntaxError(f"{_shown(pattern)} may not start or end with a gap")
        if any(is_gap(a) and is_gap(b) for a, b in zip(seq, seq[1:], strict=False)):
            raise PatternSyntaxError(f"{_shown(pattern)} has two gaps in a row")
        clean.append(seq)
    if not clean:
        raise PatternSyntaxError(f"{_shown(pattern)} matches nothing")
    return list(dict.fromkeys(clean))
