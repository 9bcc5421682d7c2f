"""Posting structure and mention context: sections, boilerplate, requirement level.

The rules live in ``taxonomies/context_rules.yaml``; this module compiles them and applies
them to segments (sentences and list items). It works on plain text and offsets, so the
batch path never needs a spaCy Doc; the spaCy components call the same functions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..datafiles import data_path
from ..errors import TaxonomyError
from ..text.cache import BoundedCache
from ..text.segment import Line, Segment
from .vocabulary import SECTIONS

RULES_FILE = "context_rules.yaml"

# Where a segment stands: job content, or text about the employer / legal / applying.
ROLE_JOB, ROLE_COMPANY, ROLE_BENEFIT, ROLE_EEO, ROLE_APPLICATION = (
    "job",
    "company",
    "benefit",
    "eeo",
    "application",
)
_SECTION_ROLE = {
    "company": ROLE_COMPANY,
    "benefits": ROLE_BENEFIT,
    "eeo": ROLE_EEO,
    "application": ROLE_APPLICATION,
}
_HEADER_CLEAN_RE = re.compile(r"[^a-z0-9&'’ -]+")
_INLINE_HEADER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9&'’ /()-]{1,60}?)\s*[:：]\s+(?=\S)")
_DIGIT_RE = re.compile(r"\d")
_ALNUM_RE = re.compile(r"[^\W_]")
# Before a clause-opening preference cue: only bullets, quotes, brackets and spaces.
_CLAUSE_LEAD_RE = re.compile(r"[\W_]*")
# After it, before what it governs: "Preferred: experience with", "Ideally - ...".
_OPENER_GAP_RE = re.compile(r"[\s:：,\-–—]*")
_LETTER_RE = re.compile(r"[A-Za-z]")
_SPACES_RE = re.compile(r"\s+")
_FIRST_PERSON_PLURAL_RE = re.compile(r"\b(we|our|us|we're|we've)\b", re.IGNORECASE)
# Sentence ends inside a segment, for the nearest-cue rule of ContextRules._requirement:
# . ! ? ; followed by white space. Looser than the segmenter's (text/segment.py), which
# also wants a sentence-like start after it and so leaves "Required: CDL. Preferred ..."
# whole. A decimal point ("3.5") has no space after it; common abbreviations do not end
# a sentence ("e.g. OCPP", "3+ yrs. experience").
_CUE_SENTENCE_END_RE = re.compile(r"[.!?;]+(?=\s)")
_ABBREVIATION_RE = re.compile(r"(?:^|[^\w.])(?:e\.g|i\.e|vs|approx|incl|yrs?|min|max|no|st)$", re.IGNORECASE)


@dataclass(slots=True)
class SegmentContext:
    """One segment of a posting with the context rules' verdicts."""

    start: int
    end: int
    line: int
    bullet: bool
    section: str
    role: str  # job | company | benefit | eeo | application
    header: bool = False
    checked: bool = False  # sentence-level role checks done (see ContextRules.refine)


_CASE_SENSITIVE_CUES = frozenset({"company_subject"})


@dataclass(frozen=True, slots=True)
class RoleLimits:
    """A role family's limits: the EV-specific skills it can demand (``ev_skills``) and
    the skills it never demands (``not_demanded``)."""

    ev_skills: frozenset[str]
    not_demanded: frozenset[str]

    def holds(self, skill_id: str, ev_specific: bool) -> bool:
        """Whether a demanded mention of the skill is the role's."""
        return skill_id not in self.not_demanded and (not ev_specific or skill_id in self.ev_skills)


class CaselessPattern:
    """A case-insensitive cue list. Python's regex engine runs IGNORECASE alternations
    about twice as slowly as plain ones, so when no pattern depends on case (no upper-case
    letter outside an escape), the text is lower-cased (same length: same offsets) and
    matched without the flag. Most segments hold none of a cue list's words, so a quick
    substring test (see :func:`required_substrings`) skips the regex for them."""

    __slots__ = ("_pattern", "_source", "_flags", "_plain", "_needles", "_fold")

    def __init__(self, pattern: re.Pattern | str, flags: int = re.IGNORECASE):
        """``pattern``: a compiled case-insensitive pattern, or its source (with ``flags``),
        which is then compiled only if some text needs it (see :attr:`pattern`)."""
        if isinstance(pattern, re.Pattern):
            self._pattern, self._source, self._flags = pattern, pattern.pattern, pattern.flags
        else:
            self._pattern, self._source, self._flags = None, pattern, flags
        self._plain = self._needles = None
        if re.search("[A-Z]", re.sub(r"\\.", "", self._source)):
            # Case matters: the only form this list is matched with (compiled now).
            self._pattern = self._pattern or re.compile(self._source, self._flags)
        else:
            plain_flags = self._flags & ~re.IGNORECASE
            parsed = _parsed(self._source, plain_flags)  # once, for the needles and the guard
            needles = _required_of(parsed)
            self._needles = _shortest_needles(needles) if needles else None
            guarded = _guarded_source(self._source, parsed)
            self._plain = re.compile(guarded or self._source, plain_flags)
        # The C test can read the text as lower-cased without making that copy when the
        # needles hold no capitals or other cased non-ASCII letters (see _scan.c FOLD).
        self._fold = (
            self._needles is not None
            and all(ch.isascii() or ch.lower() == ch == ch.upper() for n in self._needles for ch in n)
            and all(n == n.lower() for n in self._needles)
        )

    @property
    def pattern(self) -> re.Pattern:
        """The list compiled with IGNORECASE (compiled on first use)."""
        if self._pattern is None:
            self._pattern = re.compile(self._source, self._flags)
        return self._pattern

    def _pick(self, text: str) -> tuple[re.Pattern | None, str]:
        if self._plain is not None:
            # Most segments hold none of the needles: tell that from the text itself, and
            # lower-case it only when a match may exist. (None: a character whose lower
            # case is longer, which the copy below handles.)
            if self._fold and _contains_any(text, self._needles, True) is False:
                return None, text  # no match can exist
            lowered = _lower(text)
            if len(lowered) == len(text):
                if self._needles is not None and not self._fold and not _contains_any(lowered, self._needles):
                    return None, lowered  # no match can exist
                return self._plain, lowered
        return self.pattern, text

    def search(self, text: str) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.search(text) if pattern is not None else None

    def finditer(self, text: str):
        pattern, text = self._pick(text)
        return pattern.finditer(text) if pattern is not None else iter(())


def _shortest_needles(needles: set[str]) -> tuple[str, ...]:
    """The needles none of the others is part of: a text holding "expected" holds
    "expect", so testing "expect" alone decides the same."""
    kept: list[str] = []
    for needle in sorted(needles, key=lambda n: (len(n), n)):
        if not any(shorter in needle for shorter in kept):
            kept.append(needle)
    return tuple(sorted(kept))


# The cue lists of one segment are asked in a row about the same text object: lower-case
# it once. (One tuple, rebound whole, so threads never see a text with another's lower case.)
_last_lowered: tuple[str | None, str] = (None, "")


def _lower(text: str) -> str:
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    lowered = text.lower()
    _last_lowered = (text, lowered)
    return lowered


def _contains_any_python(text: str, needles: tuple[str, ...], fold: bool = False) -> bool | None:
    if fold:  # as the C version: read text as lower-cased; None for U+0130 (see _pick)
        if "\u0130" in text:
            return None
        text = text.lower()
    return any(map(text.__contains__, needles))


try:
    from ._scan import contains_any as _contains_any
except ImportError:  # pragma: no cover - built without a C compiler
    _contains_any = _contains_any_python


def with_first_char_guard(pattern: re.Pattern) -> re.Pattern:
    """``pattern`` behind a look-ahead for the characters its matches can start with, when
    those can be read off its parsed form (else ``pattern`` itself). A cue list is an
    alternation of ``\\b...`` branches, which Python's engine tries one by one at every
    position; the look-ahead turns most positions away with one test (1.1-1.9x faster on
    real lines). It is only an extra condition every match meets, so the matches are the same."""
    if pattern.flags & re.IGNORECASE:
        return pattern  # the class would need every case of every character
    guarded = _guarded_source(pattern.pattern, _parsed(pattern.pattern, pattern.flags))
    return re.compile(guarded, pattern.flags) if guarded else pattern


def _required_of(parsed) -> set[str] | None:
    if parsed is None:
        return None
    try:
        return _required(parsed, _sre_constants())
    except Exception:  # a parser detail changed: just do not prefilter
        return None


def _sre_constants():
    from re import _constants as sc

    return sc


def _parsed(source: str, flags: int):
    """The parsed form of a pattern (re's own parser), or None when it cannot be had: a
    parser detail changed (then nothing is prefiltered). Syntax errors are raised."""
    try:
        from re import _parser as sp
    except ImportError:  # pragma: no cover - another Python's internals
        return None
    return sp.parse(source, flags)


def _guarded_source(source: str, parsed) -> str | None:
    """``source`` behind the look-ahead of :func:`with_first_char_guard`, or None when the
    first characters cannot be told (or the pattern can match empty text)."""
    if parsed is None:
        return None
    try:
        found = _first_chars(parsed, _sre_constants())
    except Exception:  # a parser detail changed: no guard
        return None
    if found is None or found[1] or not found[0]:
        return None
    return f"(?=[{''.join(sorted(set(found[0])))}])(?:{source})"


_CLASS_CATEGORIES = {
    "CATEGORY_SPACE": r"\s", "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W",
}


def _class_items(op, av, sc) -> list[str] | None:
    """Character-class source for one parsed LITERAL or IN item; None when unsupported."""
    if op is sc.LITERAL:
        return [re.escape(chr(av))]
    out: list[str] = []
    for item_op, item in av:  # IN: a list of (op, value)
        if item_op is sc.LITERAL:
            out.append(re.escape(chr(item)))
        elif item_op is sc.RANGE:
            out.append(f"{re.escape(chr(item[0]))}-{re.escape(chr(item[1]))}")
        elif item_op is sc.CATEGORY and str(item) in _CLASS_CATEGORIES:
            out.append(_CLASS_CATEGORIES[str(item)])
        else:
            return None  # negated classes and the rest: do not guess
    return out


def _first_chars(items, sc) -> tuple[list[str], bool] | None:
    """(class items for the first character a match can consume, whether the items can
    match empty text), or None when that cannot be told."""
    chars: list[str] = []
    for op, av in items:
        if op in (sc.AT, sc.ASSERT, sc.ASSERT_NOT):
            continue  # zero-width: the next item consumes the first character
        if op is sc.LITERAL or op is sc.IN:
            part = _class_items(op, av, sc)
            return None if part is None else (chars + part, False)
        if op is sc.SUBPATTERN and av[1] & sc.SRE_FLAG_IGNORECASE:
            return None  # a (?i:...) group
        if op is sc.SUBPATTERN or op is sc.BRANCH or op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
            branches = av[1] if op is sc.BRANCH else [av[-1]]
            empty = False
            for branch in branches:
                found = _first_chars(branch, sc)
                if found is None:
                    return None
                chars += found[0]
                empty = empty or found[1]
            if op in (sc.MAX_REPEAT, sc.MIN_REPEAT) and av[0] == 0:
                empty = True
            if not empty:
                return chars, False
            continue
        return None
    return chars, True


def required_substrings(pattern: re.Pattern) -> set[str] | None:
    """Strings one of which every match of ``pattern`` contains, read off its parsed form;
    None when no such set can be told (then nothing is skipped). Sound by construction:
    a literal run counts only when the pattern cannot match without it."""
    return _required_of(_parsed(pattern.pattern, pattern.flags))


def _required(items, sc) -> set[str] | None:
    if any(op is sc.BRANCH for op, _ in items) and len(items) == 1:
        branches = [_required(branch, sc) for branch in items[0][1][1]]
        return set().union(*branches) if all(branches) else None
    candidates: list[set[str]] = []
    # The literal run so far, as its few spellings: a small class of literal characters
    # ("on[- ]site") multiplies them, so the run goes on ("on-site", "on site").
    run: list[str] = [""]
    for op, av in items:
        if op is sc.LITERAL:
            run = [r + chr(av) for r in run]
            continue
        if op in (sc.AT, sc.ASSERT, sc.ASSERT_NOT):
            continue  # zero-width: the literal run goes on
        if op is sc.IN and av and all(item_op is sc.LITERAL for item_op, _ in av) and len(av) * len(run) <= 8:
            run = [r + chr(ch) for r in run for _, ch in av]
            continue
        if run[0]:
            candidates.append(set(run))
            run = [""]
        found = None
        if op is sc.SUBPATTERN:
            found = _required(av[-1], sc)
        elif op is sc.BRANCH:
            branches = [_required(branch, sc) for branch in av[1]]
            found = set().union(*branches) if all(branches) else None
        elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT, getattr(sc, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            found = _required(av[2], sc)
        if found:
            candidates.append(found)
    if run[0]:
        candidates.append(set(run))
    if not candidates:
        return None
    # The most selective requirement: longest shortest string, then fewest strings.
    return max(candidates, key=lambda c: (min(len(x) for x in c), -len(c)))


def _cue_source(patterns: list[str]) -> str | None:
    """One alternation of a cue list's patterns (None for an empty list)."""
    if not patterns:
        return None
    # Scraped text has runs of spaces where markup was; a space in a cue means \s+.
    flexible = [p.replace(" ", r"\s+") for p in patterns]
    return "|".join(f"(?:{p})" for p in flexible)


def cue_pattern(patterns: list[str]) -> CaselessPattern | None:
    """A case-insensitive cue list compiled as the context rules compile theirs (None for
    an empty list); for rule sets of other genres (syllabi) that keep their own records."""
    source = _cue_source(patterns)
    return CaselessPattern(source) if source is not None else None


def normalize_header(text: str) -> str:
    """A header's text as header patterns are matched against it: lower case, only
    letters, digits, ``&'-`` and single spaces."""
    norm = _HEADER_CLEAN_RE.sub(" ", text.lower().replace("’", "'")).strip(" -")
    return _SPACES_RE.sub(" ", norm)


def split_inline_header(text: str, max_words: int, pattern: re.Pattern = _INLINE_HEADER_RE) -> tuple[str, int] | None:
    """(label, offset where the content starts) of a "Label: content" line whose label has
    at most ``max_words`` words, else None. ``pattern`` is the genre's label form (a syllabus
    also takes dashes: "Week 3 - Wiring")."""
    match = pattern.match(text)
    if match and len(match.group(1).split()) <= max_words:
        return match.group(1), match.end()
    return None


class ContextRules:
    """Compiled context rules. ``ContextRules.default()`` reads the bundled file."""

    def __init__(self, data: dict):
        self.data = data
        self.non_demand = set(data.get("non_demand_sections", []))
        self.inline_max_words = int(data.get("inline_header_max_words", 6))
        # One alternation with a named group per section: a single fullmatch per header,
        # first section in file order wins.
        self._header_labels: dict[str, str] = {}
        self._header_re = self._compile_headers(data["section_headers"], "section_headers")
        # Open-ended header phrases ("Ideal candidate ...", "Optional ...") that would swallow
        # an ordinary sentence or list item: headers only on a line marked as one.
        marked = data.get("marked_section_headers") or {}
        self._marked_header_re = self._compile_headers(marked, "marked_section_headers") if marked else None
        self._span_cache: BoundedCache[tuple[str, str], tuple[tuple[int, int], ...]] = BoundedCache(20_000)
        self._requirement_cache: BoundedCache[tuple, str] = BoundedCache(100_000)  # see requirement
        self._header_cache: BoundedCache[tuple[str, bool], str | None] = BoundedCache(50_000)
        self._line_headers: BoundedCache[tuple, tuple[str | None, int]] = BoundedCache(50_000)  # see line_header
        self._header_norms: BoundedCache[str, str] = BoundedCache(50_000)
        self._ev_roles = self._compile_ev_roles(data.get("ev_roles") or {})
        self._ev_allowed: BoundedCache[str, RoleLimits | None] = BoundedCache(50_000)  # see role_limits
        cues = data["cues"]
        self.cues = {}
        for name in cues:
            source = _cue_source(cues.get(name, []))
            if source is None:
                self.cues[name] = None
                continue
            try:
                # A case-insensitive list is compiled as CaselessPattern needs it (its
                # IGNORECASE form only if a text ever asks for it).
                self.cues[name] = re.compile(source) if name in _CASE_SENSITIVE_CUES else CaselessPattern(source)
            except re.error as err:
                raise TaxonomyError(f"context rules: bad regular expression in cues.{name}: {err}") from err

    def _compile_headers(self, sections: dict, where: str) -> re.Pattern:
        """One alternation with a named group per section: a single fullmatch per header,
        first section in file order wins."""
        groups = []
        for label, patterns in sections.items():
            if label not in SECTIONS:
                raise TaxonomyError(f"context rules: unknown section label {label!r} in {where}")
            group = f"g{len(self._header_labels)}"
            self._header_labels[group] = label
            groups.append(f"(?P<{group}>" + "|".join(f"(?:{p})" for p in patterns) + ")")
        try:
            return re.compile("|".join(groups), re.IGNORECASE)
        except re.error:  # name the pattern at fault (compiling each up front costs start-up)
            for label, patterns in sections.items():
                for p in patterns:
                    try:
                        re.compile(p)
                    except re.error as err:
                        raise TaxonomyError(f"context rules: bad header pattern {p!r} ({where}.{label}): {err}") from err
            raise

    @staticmethod
    def _compile_ev_roles(data: dict) -> tuple[re.Pattern | None, list[tuple[re.Pattern, RoleLimits]]]:
        def compiled(patterns: list[str], where: str) -> re.Pattern | None:
            try:
                return re.compile(_cue_source(patterns), re.IGNORECASE) if patterns else None
            except re.error as err:
                raise TaxonomyError(f"context rules: bad regular expression in ev_roles.{where}: {err}") from err

        families = []
        for name, family in (data.get("families") or {}).items():
            pattern = compiled(family.get("titles") or [], f"families.{name}.titles")
            if pattern is not None:
                limits = RoleLimits(frozenset(family.get("ev_skills") or ()), frozenset(family.get("not_demanded") or ()))
                families.append((pattern, limits))
        return compiled(data.get("hands_on") or [], "hands_on"), families

    def role_limits(self, title: str | None) -> RoleLimits | None:
        """What the role of ``title`` cannot demand (see ``ev_roles`` in the rules file):
        None for no limit (a hands-on role, no title, a title of no known family)."""
        if not title:
            return None
        found = self._ev_allowed.get(title, False)
        if found is False:
            hands_on, families = self._ev_roles
            found = None
            if hands_on is None or hands_on.search(title) is None:
                found = next((allowed for pattern, allowed in families if pattern.search(title)), None)
            self._ev_allowed.put(title, found)
        return found

    @classmethod
    def default(cls) -> ContextRules:
        return _default_rules()

    @classmethod
    def from_file(cls, path: str | Path) -> ContextRules:
        """The rules of a YAML file, validated against the schema (TaxonomyError E104)."""
        from .context_schema import read_context_rules

        return cls(read_context_rules(path))

    # -- headers and sections -------------------------------------------------------
    def classify_header(self, text: str, company: str | None = None, marked: bool = True) -> str | None:
        """Section of a header text, or None. ``marked=False`` for a line with no header
        mark (no colon, heading markup or capitals): the open-ended phrases of
        ``marked_section_headers`` do not count there."""
        norm = self._header_norms.get(text)
        if norm is None:
            norm = normalize_header(text)
            self._header_norms.put(text, norm)
        if not norm:
            return None
        if company:
            name = re.sub(r"\s+", " ", _HEADER_CLEAN_RE.sub(" ", company.lower())).strip()
            if name and len(norm.split()) <= 6 and (norm == name or norm == f"about {name}"):
                return "company"
        # Headers repeat across postings ("Requirements", "About us"): remember them.
        key = (norm, marked)
        label = self._header_cache.get(key, False)
        if label is False:
            match = self._header_re.fullmatch(norm)
            if match is None and marked and self._marked_header_re is not None:
                match = self._marked_header_re.fullmatch(norm)
            label = self._header_labels[match.lastgroup] if match is not None and match.lastgroup else None
            self._header_cache.put(key, label)
        return label

    def line_header(self, line: Line, company: str | None) -> tuple[str | None, int]:
        """(section label or None, offset where content starts; -1 if the line is all header)."""
        text = line.text
        if line.bullet and not line.heading_marked:
            return None, 0
        # Long lines without an early colon cannot be headers: skip the regexes.
        if len(text) > 80 and ":" not in text[:64] and "：" not in text[:64]:
            return None, 0
        # The same lines recur across an export's postings ("Requirements:", boilerplate).
        key = (text, line.heading_marked, company)
        found = self._line_headers.get(key)
        if found is None:
            found = self._line_header(text, line.heading_marked, company)
            self._line_headers.put(key, found)
        return found

    def _line_header(self, text: str, heading_marked: bool, company: str | None) -> tuple[str | None, int]:
        words = text.split()
        stripped = text.rstrip(" :：-–—")
        letters = _LETTER_RE.findall(text)
        shouty = bool(letters) and len(letters) >= 3 and text.upper() == text
        short = len(words) <= 8 and len(text) <= 80
        ends_colon = text.endswith((":", "："))
        # "Optional: OSHA 30", "Education: Bachelor's degree" on a plain line: a known header
        # before a colon with content after it is an inline header, so the content is kept
        # rather than swallowed with the header. A heading, an all-caps line or one ending
        # with a colon ("TOTAL REWARDS: Thrive with Us") stays a header for the lines below.
        # ("Benefits: **" has no content, only markup residue.)
        marked = heading_marked or shouty or ends_colon
        inline = None if marked else self._inline_header(text, company)
        if inline is not None and _ALNUM_RE.search(text, inline[1]):
            return inline
        if short and (heading_marked or ends_colon or shouty):
            label = self.classify_header(stripped, company)
            # An all-caps list line with a number ("OSHA 30", "ASE A1-A8") is an item,
            # not an unknown header; a known header ("STEP 1: APPLY") stays one.
            if label is not None or heading_marked or ends_colon or not _DIGIT_RE.search(text):
                return label or "other", -1
        if len(words) <= 6 and not text.endswith((".", ",", ";")):
            label = self.classify_header(stripped, company, marked=False)
            if label:
                return label, -1
        if marked:
            inline = self._inline_header(text, company)
        return inline or (None, 0)

    def _inline_header(self, text: str, company: str | None) -> tuple[str, int] | None:
        """(label, content offset) of a known header opening the line before a colon."""
        found = split_inline_header(text, self.inline_max_words)
        if found:
            label = self.classify_header(found[0], company)
            if label:
                return label, found[1]
        return None

    def refine(
        self, seg: SegmentContext, cleaned: str, company: str | None = None, text: str | None = None
    ) -> SegmentContext:
        """Sentence-level role checks (EEO sentence, company statement, job text inside a
        company section). Run lazily, only on segments that hold a mention: most
        segments of a posting hold none, and these are the expensive regexes."""
        if seg.checked or seg.header:
            seg.checked = True
            return seg
        seg.checked = True
        if text is None:
            text = cleaned[seg.start : seg.end]
        cues = self.cues
        cue_eeo = cues.get("eeo_sentence")
        cue_job = cues.get("job_content")
        cue_required = cues.get("required")
        if cue_eeo is not None and cue_eeo.search(text):
            seg.role = ROLE_EEO
        elif seg.role == ROLE_COMPANY:
            # "Company Profile: Qualified candidates will have..." is job text.
            if (cue_job and cue_job.search(text)) or (cue_required and cue_required.search(text)):
                seg.role = ROLE_JOB
        elif seg.role == ROLE_JOB and self._company_statement(
            text, seg, seg.section, company, cues.get("company_subject"), cue_job, cue_required
        ):
            seg.role = ROLE_COMPANY
        return seg

    def infer_section(self, text: str, previous: str | None = None, company: str | None = None) -> str | None:
        """Section of one sentence of unheaded text, read from its content: many real
        postings arrive as one block without headers (job boards that flatten them, the
        publisher's fields pasted together). ``previous`` is the section inferred for the
        sentence before it, which a sentence with no cue of its own continues ("With
        57,000 associates, Sysco operates ..." after "Sysco is the global leader ...").
        None when nothing tells (the text stays "intro": job text).

        Order matters: a sentence speaking to the hire is job text whoever it names; a
        stated duty outweighs company words inside it ("Serve our customers"); the
        employer as the subject makes a company sentence unless it asks something."""
        cues = self.cues
        has = self._cue_found
        if has("eeo_sentence", text):
            return "eeo"
        required = has("required", text)
        if has("job_content", text):
            return "requirements" if required or has("requirement_item", text) else "responsibilities"
        if has("duty", text):
            return "responsibilities"
        if not required and self._company_statement(text, None, "intro", company, cues.get("company_subject"), None, None):
            return "company"
        if not required and has("benefit", text):
            return "benefits"
        if self._spans("preferred", text):
            # Preferred as a section makes every mention in it preferred: only when the
            # cue governs the sentence from its front ("Nice to have: OCPP, CDL"), not in
            # "Valid CDL. Experience with OCPP preferred." (levels are then per mention).
            opens = _CLAUSE_LEAD_RE.fullmatch(text, 0, self._spans("preferred", text)[0][0]) is not None
            return "preferred" if opens and not has("required_strong", text) else "requirements"
        if required:
            return "requirements"
        if has("company_statement", text):
            return "company"
        if has("requirement_item", text):
            return "requirements"
        # A preference does not carry to the next item: "Bachelor's degree preferred" and
        # then "Install chargers" leaves the duty required.
        return "requirements" if previous == "preferred" else previous

    def _cue_found(self, name: str, text: str) -> bool:
        pattern = self.cues.get(name)
        return pattern is not None and pattern.search(text) is not None

    def section_role(self, section: str) -> str:
        return _SECTION_ROLE.get(section, ROLE_JOB) if section in self.non_demand else ROLE_JOB

    @staticmethod
    def _company_statement(text, seg: Segment | None, section, company, cue_company, cue_job, cue_required) -> bool:
        if seg is not None and seg.bullet and section in ("requirements", "preferred", "responsibilities"):
            return False
        if cue_job is not None and cue_job.search(text):
            return False
        if cue_required is not None and cue_required.search(text):
            return False  # "Must have forklift certification" asks something of the hire
        if company and text.lower().startswith(company.lower()):
            return True
        if section == "intro" and _FIRST_PERSON_PLURAL_RE.search(text):
            return True  # "Every vehicle in our fleet is electric": the employer talking
        return bool(cue_company is not None and cue_company.search(text.lstrip("\"'“(")))

    # -- requirement level ----------------------------------------------------------
    def _spans(self, name: str, text: str) -> tuple[tuple[int, int], ...]:
        """Match spans of one cue list in a segment, cached: a segment often holds
        several mentions and each asks the same questions of it."""
        key = (name, text)
        found = self._span_cache.get(key)
        if found is None:
            pattern = self.cues.get(name)
            found = tuple(m.span() for m in pattern.finditer(text)) if pattern is not None else ()
            self._span_cache.put(key, found)
        return found

    def _has(self, name: str, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether a cue match lies wholly inside ``text[start:end]``."""
        spans = self._spans(name, text)
        if not spans:
            return False
        end = len(text) if end is None else end
        # finditer spans do not overlap and come in order, so their ends are sorted too:
        # the first span starting at or after ``start`` is the one that ends soonest.
        i = bisect_left(spans, (start,))
        return i < len(spans) and spans[i][1] <= end

    def requirement(
        self, text: str, rel_start: int, rel_end: int, section: str, bullet: bool = False
    ) -> str:
        """Requirement level of the mention at ``text[rel_start:rel_end]`` (a job segment).
        Remembered: boilerplate sentences recur across an export's postings, and the
        answer depends on nothing else."""
        key = (text, rel_start, rel_end, section, bullet)
        found = self._requirement_cache.get(key)
        if found is None:
            found = self._requirement(text, rel_start, rel_end, section, bullet)
            self._requirement_cache.put(key, found)
        return found

    def _requirement(self, text: str, rel_start: int, rel_end: int, section: str, bullet: bool) -> str:
        if self._negated(text, rel_start, rel_end):
            if self._has("negation_reversal", text, rel_end):
                return "preferred"
            # "Journeyman license (not required)" listed under "Nice to have" is a preference.
            # A preference cue counts only in the mention's own clause: "ASE preferred;
            # high-voltage training is not required" negates the training.
            if (section == "preferred" and bullet) or self._in_clause("preferred", text, rel_start, rel_end):
                return "preferred"
            return "negated"
        if section == "preferred":
            return "preferred"
        if self._preference_opens(text, rel_start):
            return "preferred"
        # The nearest cue wins, counting only cues in the mention's own sentence:
        # "Required: CDL. Preferred experience with OCPP." has "Preferred" as near the CDL
        # as "Required:". A sentence without either cue ("Valid CDL. OCPP preferred.")
        # falls back to the whole segment, as before sentences were told apart: a lead-in
        # sentence can govern a bare list that follows it in the same segment.
        # (Most segments hold no preference cue at all: then nothing below can say preferred.)
        if self._spans("preferred", text):
            lo, hi = self._sentence(text, rel_start, rel_end)
            pref = self._nearest("preferred", text, rel_start, rel_end, lo, hi)
            req = self._nearest("required", text, rel_start, rel_end, lo, hi)
            if pref is None and req is None and (lo, hi) != (0, len(text)):
                pref = self._nearest("preferred", text, rel_start, rel_end)
                req = self._nearest("required", text, rel_start, rel_end)
            if pref is not None and (req is None or pref <= req):
                return "preferred"
        if section not in ("requirements", "preferred", "title"):
            if self._spans("benefit", text) and not self._spans("required", text):
                return "unspecified"
        return "required"

    def _preference_opens(self, text: str, rel_start: int) -> bool:
        """Whether a preference cue governs the mention's clause from its front: it opens
        the clause ("Preferred experience with OCPP", "Helpful to have experience with SAP",
        "Preferred: experience with ...") or stands right before a required-type cue
        ("...; and preferred experience with OCPP"). The nearest-cue rule would read these
        as required ("experience with" lies nearer the mention). A strong required cue
        between the two ("Nice to have OCPP, must have a CDL") keeps the mention required."""
        prefs = self._spans("preferred", text)
        if not prefs or prefs[0][0] >= rel_start:
            return False
        terms = self._spans("terminators", text)
        for start, end in prefs:
            if start >= rel_start:
                break
            # Clause start: the end of the last terminator before the cue, or the segment start.
            i = bisect_left(terms, (start,))
            clause_start = 0
            while i > 0:
                i -= 1
                if terms[i][1] <= start:
                    clause_start = terms[i][1]
                    break
            opens = _CLAUSE_LEAD_RE.fullmatch(text, clause_start, start) is not None
            if not opens:
                for req_start, _req_end in self._spans("required", text):
                    if req_start >= end:
                        opens = req_start < rel_start and not text[end:req_start].strip()
                        break
            if not opens:
                continue
            # "Preferred: experience with X": the colon or dash after the cue belongs to it.
            gap = min(_OPENER_GAP_RE.match(text, end).end(), rel_start)
            if self._has("terminators", text, gap, rel_start):
                continue
            return not self._has("required_strong", text, end, rel_start)
        return False

    def _in_clause(self, name: str, text: str, rel_start: int, rel_end: int) -> bool:
        """Whether a cue lies in the mention's clause (no terminator in between)."""
        for start, end in self._spans(name, text):
            if end <= rel_start:
                if not self._has("terminators", text, end, rel_start):
                    return True
            elif start >= rel_end:
                if not self._has("terminators", text, rel_end, start):
                    return True
            else:
                return True
        return False

    @staticmethod
    def _sentence(text: str, rel_start: int, rel_end: int) -> tuple[int, int]:
        """(start, end) of the sentence of ``text`` holding the mention (see
        _CUE_SENTENCE_END_RE); a sentence end inside the mention does not cut it."""
        lo, hi = 0, len(text)
        for match in _CUE_SENTENCE_END_RE.finditer(text):
            if match.group() == "." and _ABBREVIATION_RE.search(text, max(0, match.start() - 8), match.start()):
                continue
            if match.end() <= rel_start:
                lo = match.end()
            elif match.start() >= rel_end:
                hi = match.end()
                break
        return lo, hi

    def _nearest(
        self, name: str, text: str, rel_start: int, rel_end: int, lo: int = 0, hi: int | None = None
    ) -> int | None:
        """Distance from the mention to the nearest cue of ``name`` wholly inside
        ``text[lo:hi]`` (None when there is none)."""
        best = None
        hi = len(text) if hi is None else hi
        for start, end in self._spans(name, text):
            if start < lo or end > hi:
                continue
            if end <= rel_start:
                distance = rel_start - end
            elif start >= rel_end:
                distance = start - rel_end
            else:
                distance = 0
            if best is None or distance < best:
                best = distance
        return best

    def _negated(self, text: str, rel_start: int, rel_end: int) -> bool:
        return self.in_scope(text, rel_start, rel_end, "negation_forward", "negation_backward")

    def in_scope(self, text: str, rel_start: int, rel_end: int, forward: str | None, backward: str | None) -> bool:
        """A cue of list ``forward`` before the mention, or of list ``backward`` after it,
        with no clause terminator in between (negation in postings; not taught, not
        required and staff cues in syllabi)."""
        if forward is not None:
            for start, end in self._spans(forward, text):
                if start >= rel_start:
                    break
                if end > rel_start:
                    return True  # the cue overlaps the mention: "won't be diagnosing chargers"
                if not self._has("terminators", text, end, rel_start):
                    return True
        if backward is not None:
            for start, _end in self._spans(backward, text):
                if start >= rel_end and not self._has("terminators", text, rel_end, start):
                    return True
        return False

    def nearest(self, name: str, text: str, rel_start: int, rel_end: int) -> int | None:
        """Distance from the mention to the nearest cue of list ``name`` in ``text``."""
        return self._nearest(name, text, rel_start, rel_end)


@lru_cache(maxsize=1)
def _default_rules() -> ContextRules:
    """The bundled rules. Read through a current mirror they were validated when it was
    written (``python -m skillmap.mirrors``); an edited file is validated as it is read."""
    from ..datafiles import read_mirrored

    data, from_mirror = read_mirrored(data_path(RULES_FILE))
    if not from_mirror:
        from .context_schema import validate_context_rules

        validate_context_rules(data, RULES_FILE)
    return ContextRules(data)
