"""A small, fast tokenizer shared by the taxonomy compiler and the matcher.

Taxonomy phrases and posting text go through the same function, so "OSHA-10", "OSHA 10"
and "osha10" all become ``osha 10`` on both sides, "EVSEs" becomes ``evse`` and
"PowerPoint" becomes ``power point``. Normal forms are lower case and lightly singular
(plural ``s``/``es``/``ies`` dropped), which is enough for skill phrases and much cheaper
than a lemmatizer.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate

TOKEN_RE = re.compile(
    r"[A-Z]+(?=[A-Z][a-z]{2})"  # "EVSEPro" -> "EVSE" | "Pro"
    r"|[A-Z]{2,}s\b"  # "EVSEs", "DCFCs": plural of an acronym
    r"|[A-ZÀ-Þ]?[a-zß-ÿ]+(?:['’][a-z]+)?"  # words, "driver's", camel parts
    r"|[A-ZÀ-Þ]+"  # acronyms
    r"|[0-9]+(?:[.,][0-9]+)*"  # numbers, "1,000", "31.42"
    r"|[&%+$]"
)

_IRREGULAR = {
    "buses": "bus",
    "busses": "bus",
    "gases": "gas",
    "lbs": "lb",
    "ibs": "lb",
    "&": "and",
    "its": "it",
    "this": "this",
    "has": "has",
    "was": "was",
    "does": "does",
    "yes": "yes",
    "us": "us",
    "plus": "plus",
    "status": "status",
    "series": "series",
    "species": "species",
    "news": "news",
    "ops": "ops",
    "analysis": "analysis",
    "diagnosis": "diagnosis",
    "basis": "basis",
    "chassis": "chassis",
    "gps": "gps",
    "bms": "bms",
    "cmms": "cmms",
    "ems": "ems",
    "mes": "mes",
    "os": "os",
    "ios": "ios",
    "aws": "aws",
    "ms": "ms",
    "hrs": "hour",
    "hr": "hour",
    "yrs": "year",
    "yr": "year",
}


@lru_cache(maxsize=200_000)
def normalize(token: str) -> str:
    """Lower-case, strip possessives and plural endings. Cached: vocabularies are small."""
    t = token.lower()
    if "'" in t or "’" in t:
        t = t.replace("’", "'")
        if t.endswith("'s"):
            t = t[:-2]
        t = t.replace("'", "")
    if t in _IRREGULAR:
        return _IRREGULAR[t]
    if t[:1].isdigit():
        return t.replace(",", "")
    n = len(t)
    # Short acronyms are not plurals ("NACS", "CMMS"); neither are "-ics" words
    # ("electronics", "logistics").
    if (n <= 4 and token.isupper()) or t.endswith("ics"):
        return t
    if n > 4 and t.endswith("ies"):
        return t[:-3] + "y"
    if n > 4 and t.endswith(("ches", "shes", "sses", "xes", "zes")):
        return t[:-2]
    if n > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")):
        return t[:-1]
    return t


_L = "a-zß-öø-ÿ"
_U = "A-ZÀ-ÖØ-Þ"
# One C-level split does the tokenizing: words (a capitalised run plus lower case, so
# "PowerPoint" -> Power|Point and "EVSEs" stays whole), acronyms, numbers, a few symbols.
# Offsets come from the running sum of piece lengths, also in C.
_SPLIT_RE = re.compile(
    rf"([{_U}]*[{_L}]+(?:['’][{_L}]+)?|[{_U}]+(?:['’][{_U}{_L}]+)?(?![{_L}])|[0-9]+(?:[.,][0-9]+)*|[&%+$])"
)


class _NormalForms(dict):
    """Word -> normal form, filled on first sight (vocabularies are small)."""

    def __missing__(self, word: str) -> str:
        form = normalize(word)
        if len(self) < 500_000:
            self[word] = form
        return form


NORMAL_FORMS = _NORMAL_FORMS = _NormalForms()  # shared with SkillIndex.scan_ranges


def split_words(text: str) -> tuple[list[int], list[int], list[str]]:
    """Token starts, ends and surface words of ``text`` (the regex version; the C one in
    ``skillmap/pipeline/_scan.c`` gives the same and is used when it was compiled)."""
    pieces = _SPLIT_RE.split(text)
    if len(pieces) == 1:
        return [], [], []
    offsets = list(accumulate(map(len, pieces)))
    return offsets[0:-1:2], offsets[1::2], pieces[1::2]


try:
    from ..pipeline._scan import split_words as _split_words
    from ..pipeline._scan import tokenize_ranges as _c_tokenize_ranges
except ImportError:  # pragma: no cover - built without a C compiler
    _split_words = split_words
    _c_tokenize_ranges = None


def tokenize(text: str) -> tuple[list[int], list[int], list[str]]:
    """Token starts, ends and normal forms of ``text``."""
    starts, ends, words = _split_words(text)
    return starts, ends, list(map(_NORMAL_FORMS.__getitem__, words))


def tokenize_ranges(text: str, ranges: list[tuple[int, int]], lookups: tuple[dict, dict] | None = None) -> tuple:
    """Tokens of the character ranges ``text[a:b]`` only (each tokenized on its own),
    with offsets into the whole text: (starts, ends, normal forms). With ``lookups``, two
    dicts keyed by normal form (see ``SkillIndex.lookup_tables``), also each token's
    value in both, as two more lists (the C version remembers them per word)."""
    if _c_tokenize_ranges is not None:
        return _c_tokenize_ranges(text, ranges, _NORMAL_FORMS, lookups)
    starts: list[int] = []
    ends: list[int] = []
    norms: list[str] = []
    for a, b in ranges:
        s, e, n = tokenize(text[a:b])
        if a:
            s = [x + a for x in s]
            e = [x + a for x in e]
        starts += s
        ends += e
        norms += n
    if lookups is None:
        return starts, ends, norms
    return starts, ends, norms, [lookups[0][n] for n in norms], [lookups[1][n] for n in norms]


def normal_form(phrase: str) -> str:
    """The normal form of a whole phrase, used to compare aliases across skills."""
    return " ".join(tokenize(phrase)[2])
