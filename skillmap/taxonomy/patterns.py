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
MAX_EXPANSIONS = 20_000

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


class _Parser:
    def __init__(self, text: str, term_sets: dict[str, list[str]], depth: int = 0):
        self.text = text
        self.term_sets = term_sets
        self.depth = depth
        self.items = [p for p in _SPLIT_RE.split(text) if p]
        self.pos = 0

    def parse(self) -> list[Sequence]:
        result = self._alternatives()
        if self.pos != len(self.items):
            raise PatternSyntaxError(f"unexpected {self.items[self.pos]!r} in {self.text!r}")
        return result

    def _alternatives(self) -> list[Sequence]:
        options = self._sequence()
        while self.pos < len(self.items) and self.items[self.pos] == "|":
            self.pos += 1
            options = options + self._sequence()
        return options

    def _sequence(self) -> list[Sequence]:
        seqs: list[Sequence] = [()]
        while self.pos < len(self.items) and self.items[self.pos] not in ("|", ")", "]"):
            part = self._item()
            seqs = [a + b for a in seqs for b in part]
            if len(seqs) > MAX_EXPANSIONS:
                raise PatternSyntaxError(
                    f"{self.text!r} expands to more than {MAX_EXPANSIONS} sequences"
                )
        return seqs

    def _item(self) -> list[Sequence]:
        token = self.items[self.pos]
        self.pos += 1
        if token in ("(", "["):
            closing = ")" if token == "(" else "]"
            inner = self._alternatives()
            if self.pos >= len(self.items) or self.items[self.pos] != closing:
                raise PatternSyntaxError(f"missing {closing!r} in {self.text!r}")
            self.pos += 1
            return inner + [()] if token == "[" else inner
        if token.startswith("@"):
            name = token[1:]
            if name not in self.term_sets:
                raise PatternSyntaxError(f"unknown term set {token!r}")
            if self.depth > 4:
                raise PatternSyntaxError(f"term sets nest too deeply at {token!r}")
            expanded: list[Sequence] = []
            for entry in self.term_sets[name]:
                expanded.extend(_Parser(entry, self.term_sets, self.depth + 1).parse())
            return expanded
        return [tuple(_word_elements(token))]


def expand_pattern(pattern: str, term_sets: dict[str, list[str]] | None = None) -> list[Sequence]:
    """All token sequences a pattern stands for. Raises PatternSyntaxError."""
    sequences = _Parser(pattern, term_sets or {}).parse()
    clean: list[Sequence] = []
    for seq in sequences:
        if not seq:
            continue
        if is_gap(seq[0]) or is_gap(seq[-1]):
            raise PatternSyntaxError(f"{pattern!r} may not start or end with a gap")
        if any(is_gap(a) and is_gap(b) for a, b in zip(seq, seq[1:], strict=False)):
            raise PatternSyntaxError(f"{pattern!r} has two gaps in a row")
        clean.append(seq)
    if not clean:
        raise PatternSyntaxError(f"{pattern!r} matches nothing")
    return list(dict.fromkeys(clean))
