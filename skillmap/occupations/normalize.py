"""Job-title normalization: the occupation phrase of a noisy posting title.

    >>> normalize_title("Sr. Maintenance Tech II - 2nd Shift - $5K SIGN ON BONUS (Remote)")
    'maintenance technician'

What is stripped: seniority and levels (Sr., II, Level 2, Class B, a "Lead" before the job),
shifts and schedules, pay and bonuses, requisition numbers, work mode and contract type,
hiring noise ("Now Hiring", "Urgent"), places, parenthesised asides, and title segments
without an occupation noun (a team, product, client or company after a comma, colon or
dash). Abbreviations are expanded (tech, maint, elec, EV, EVSE, HVAC, CDL, ...). The words
live in ``taxonomies/occupations/title_lexicon.yaml``.

:func:`analyze_title` also returns the context that was set aside (asides and other
segments), which the coder reads for domain evidence such as "(EVSE)".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import srsly

from ..taxonomy.loader import data_path

LEXICON_FILE = "occupations/title_lexicon.yaml"

# Pay, bonus and requisition patterns are shapes, not word lists, so they stay here.
_MONEY = r"\$\s?\d[\d,]*(?:\.\d+)?\s*[kK]?\+?"
_PAY = re.compile(
    rf"(?:(?:earn|make|starting at|starts at|start at|up to|upto|from)\s+)*{_MONEY}"
    rf"(?:\s*(?:-|to)\s*(?:{_MONEY}|\d[\d,]*(?:\.\d+)?\s*[kK]?))?"
    r"(?:\s*(?:/|per|an|a)\s*(?:hr|hour|hourly|yr|year|annually|annual|wk|week|month|mo|day))?"
    r"|\b\d[\d,]*(?:\.\d+)?\s*(?:/|per)\s*(?:hr|hour)\b",
    re.IGNORECASE,
)
_BONUS = re.compile(
    r"\b(?:(?:\d[\d,]*\s*[kK]?\s+)?(?:sign(?:ing)?[\s-]*on|signing|sign|hiring|retention|referral|relocation|"
    r"completion|annual|quarterly|performance|shift)?\s*(?:bonus(?:es)?|incentives?)"
    r"(?:\s+(?:available|eligible|offered|included|paid))?)",
    re.IGNORECASE,
)
_REQUISITION = re.compile(
    r"\b(?:req(?:uisition)?|job|ref|id|posting|position|jr|job code)\s*(?:#|no\.?|number|id)?\s*[:#]?\s*"
    r"[a-z]{0,4}[-_]?\d[\w-]*|#\s*\d[\w-]*|\b[a-z]{1,4}\d{3,}[a-z]?\b",
    re.IGNORECASE,
)
_ASIDE = re.compile(r"\(([^()]*)\)?|\[([^\[\]]*)\]?|\{([^{}]*)\}?")
# Segment separators: spaced dashes and bars, commas, semicolons, colons, "@ Company".
# Captured, because only a comma may invert a title ("Manager, Software Engineering").
_SEPARATORS = re.compile(r"(\s+[-–—]+\s+|\s*[|•·;]\s*|\s*,\s*|:\s+|\s+@\s*|\s+-{2,}\s*|\s+[-–—](?=[A-Za-z]))")
# "Electrician in Austin" / "Driver at Acme Logistics": a place or employer after the job.
_IN_PLACE = re.compile(r"\s+(?:in|at|near)\s+[A-Z].*$")
_MAX_WORD = 30
_TOKEN = re.compile(r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F+#.&'/-]*")
_KEEP_DIGIT_TOKENS = frozenset({"3d", "2d", "5g", "4g", "401k", "911", "e911", "c++", "x-ray", "s4"})


@dataclass(frozen=True)
class TitleParts:
    """A title split into its occupation phrase and the context set aside."""

    raw: str
    core: str
    context: str
    # Normalized segments without an occupation noun ("medical equipment" in "Field
    # Service Tech - Medical Equipment"): qualifiers the coder may add to the core.
    qualifiers: tuple[str, ...] = ()

    @property
    def words(self) -> str:
        """Core and context together: everything the title says, normalized."""
        return f"{self.core} {self.context}".strip()


@dataclass(frozen=True)
class Lexicon:
    abbreviations: dict[str, tuple[str, ...]]
    case_sensitive: dict[str, tuple[str, ...]]
    plurals: dict[str, str]
    seniority: frozenset[str]
    seniority_phrases: tuple[tuple[str, ...], ...]
    level_marks: frozenset[str]
    noise: tuple[tuple[str, ...], ...]
    locations: tuple[tuple[str, ...], ...]
    state_codes: frozenset[str]
    stopwords: frozenset[str]
    head_words: frozenset[str]
    admin_word: str


def _phrases(values) -> tuple[tuple[str, ...], ...]:
    # Longest first, so "night shift" wins over "night".
    return tuple(sorted({tuple(str(v).lower().split()) for v in values}, key=len, reverse=True))


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The normalization word lists (bundled file unless ``path`` is given)."""
    raw = srsly.read_yaml(path or data_path(LEXICON_FILE))
    seniority = [str(s).lower() for s in raw["seniority"]]
    return Lexicon(
        abbreviations={str(k).lower(): tuple(str(v).split()) for k, v in raw["abbreviations"].items()},
        case_sensitive={str(k): tuple(str(v).split()) for k, v in raw["case_sensitive_abbreviations"].items()},
        plurals={str(k): str(v) for k, v in raw["plurals"].items()},
        seniority=frozenset(s for s in seniority if " " not in s),
        seniority_phrases=_phrases(s for s in seniority if " " in s),
        level_marks=frozenset(str(m).lower() for m in raw["level_marks"]),
        noise=_phrases(raw["noise_phrases"]),
        locations=_phrases(raw["locations"]),
        state_codes=frozenset(raw["state_codes"]),
        stopwords=frozenset(str(s) for s in raw["stopwords"]),
        head_words=frozenset(str(h) for h in raw["head_words"]),
        admin_word=str(raw.get("admin_word", "admin")),
    )


def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category[0] in "LN" or char in " $%+#&/.,:;|()[]{}'-_@":
            out.append(char)
        elif char in "–—―‒−":
            out.append("-")
        elif char in "’`´":
            out.append("'")
        else:  # emoji, symbols, control characters
            out.append(" ")
    text = "".join(out).replace("_", " ")
    text = _PAY.sub(" ", text)
    text = _BONUS.sub(" ", text)
    return _REQUISITION.sub(" ", text)


def _remove_phrases(tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> list[str]:
    if not tokens:
        return tokens
    present = set(tokens)
    out = tokens
    for phrase in phrases:
        if phrase[0] not in present:
            continue
        n = len(phrase)
        i, kept = 0, []
        while i < len(out):
            if tuple(out[i : i + n]) == phrase:
                i += n
            else:
                kept.append(out[i])
                i += 1
        out = kept
        present = set(out)
    return out


def _tokens(segment: str, lex: Lexicon) -> list[str]:
    """Lower-case words of one segment with abbreviations expanded and digits dropped."""
    words: list[str] = []
    for match in _TOKEN.finditer(segment):
        raw = match.group().rstrip(".'-/&")
        if not raw or len(raw) > _MAX_WORD:
            continue
        if raw in lex.case_sensitive:
            words.extend(lex.case_sensitive[raw])
            continue
        if raw in lex.state_codes and len(segment.split()) > 0 and raw.isupper():
            continue
        low = raw.lower().removesuffix("'s")
        parts = [low] if low in lex.abbreviations else [p for p in re.split(r"[-/&.]", low) if p]
        if low in ("c++", "c#", ".net", "node.js"):
            parts = [low]
        for part in parts:
            if part in lex.abbreviations:
                words.extend(lex.abbreviations[part])
            elif any(ch.isdigit() for ch in part) and part not in _KEEP_DIGIT_TOKENS:
                # job codes, years, "2nd": keep level digits for the level pass below
                if part.isdigit() and len(part) == 1:
                    words.append(part)
            else:
                words.append(lex.plurals.get(part, part))
    return words


def _strip_levels(tokens: list[str], lex: Lexicon) -> list[str]:
    out: list[str] = []
    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else ""
        if token in lex.level_marks and (
            previous in ("level", "lvl", "tier", "grade", "class", "step", "band", "l")
            or (len(token) > 1 and token not in ("v",))
            or token.isdigit()
            or (token in ("i", "v") and i == len(tokens) - 1 and i > 0)
            or (token in ("a", "b", "c", "d") and i == len(tokens) - 1 and previous in lex.head_words)
        ):
            continue
        if token in ("class", "step", "band") and i + 1 < len(tokens) and tokens[i + 1] in lex.level_marks:
            continue
        out.append(token)
    return out


def _strip_seniority(tokens: list[str], lex: Lexicon) -> list[str]:
    tokens = _remove_phrases(tokens, lex.seniority_phrases) or tokens
    last = len(tokens) - 1
    kept = [
        t
        for i, t in enumerate(tokens)
        # A seniority word before the job goes; at the end it is the job ("Team Lead").
        if not (t in lex.seniority and i < last)
        and not (t in ("senior", "sr", "junior", "jr", "principal") and i == last and i > 0)
    ]
    return kept or tokens


def _segment_tokens(segment: str, lex: Lexicon) -> list[str]:
    tokens = _tokens(segment, lex)
    tokens = _remove_phrases(tokens, lex.noise)
    tokens = _remove_phrases(tokens, lex.locations)
    tokens = _strip_levels(tokens, lex)
    tokens = [t for t in tokens if t not in lex.stopwords]
    tokens = [t for t in tokens if not (t.isdigit() and len(t) == 1)]
    return _strip_seniority(tokens, lex)


def _has_head(segment: str, lex: Lexicon) -> bool:
    return any(t in lex.head_words for t in _tokens(segment, lex))


def _admin(tokens: list[str], lex: Lexicon) -> list[str]:
    word = lex.admin_word
    if word not in tokens:
        return tokens
    last = len(tokens) - 1
    return ["administrator" if t == word and i == last else "administrative" if t == word else t for i, t in enumerate(tokens)]


@lru_cache(maxsize=65536)
def analyze_title(title: str) -> TitleParts:
    """Split a raw title into its normalized occupation phrase and context words."""
    if not isinstance(title, str):
        return TitleParts(raw="", core="", context="")
    lex = load_lexicon()
    text = _clean_text(title)
    asides: list[str] = []

    def keep_aside(match: re.Match) -> str:
        asides.append(next(g for g in match.groups() if g is not None))
        return " - "

    # Repeat for nested brackets: "(SRE (DevOps))".
    for _ in range(3):
        text, count = _ASIDE.subn(keep_aside, text)
        if not count:
            break
    pieces = _SEPARATORS.split(f" {text} ")
    segments: list[str] = []
    after_comma: list[bool] = []
    for index in range(0, len(pieces), 2):
        if pieces[index].strip(" -"):
            segments.append(pieces[index])
            after_comma.append(index > 0 and pieces[index - 1].strip() == ",")
    cleaned = [
        _admin(_segment_tokens(_IN_PLACE.sub("", s) if _IN_PLACE.search(s) and _has_head(s, lex) else s, lex), lex)
        for s in segments
    ]
    cleaned_nonempty = [c for c in cleaned if c]
    core: list[str] = []
    core_index = -1
    for index, tokens in enumerate(cleaned):
        if any(t in lex.head_words for t in tokens):
            core, core_index = tokens, index
            break
    if not core and cleaned_nonempty:
        core = cleaned_nonempty[0]
        core_index = cleaned.index(core)
    used = {core_index}
    # "Manager, Software Engineering": a bare head word takes the next segment as object.
    if core and all(t in lex.head_words for t in core) and core_index + 1 < len(cleaned):
        following = cleaned[core_index + 1]
        if following and after_comma[core_index + 1] and not any(t in lex.head_words for t in following):
            core = following + core
            used.add(core_index + 1)
    context_words: list[str] = []
    for index, segment in enumerate(segments):
        if index not in used:
            context_words.extend(_tokens(segment, lex))
    for aside in asides:
        context_words.extend(_tokens(aside, lex))
    context = [w for w in context_words if w not in lex.stopwords]
    qualifiers = []
    for index, tokens in enumerate(cleaned):
        if index not in used and tokens and not any(t in lex.head_words for t in tokens):
            qualifiers.append(" ".join(tokens))
    for aside in asides:
        tokens = _admin(_segment_tokens(aside, lex), lex)
        if tokens and not any(t in lex.head_words for t in tokens):
            qualifiers.append(" ".join(tokens))
    return TitleParts(raw=title, core=" ".join(core), context=" ".join(context), qualifiers=tuple(qualifiers[:3]))


def normalize_title(title: str) -> str:
    """The occupation phrase of a posting title, lower case ('' when none is left).

    Examples: "Sr. Diesel Tech - $10K Sign On Bonus" -> "diesel technician";
    "Manager, Software Engineering - Java" -> "software engineering manager";
    "Charging Systems Technician (EVSE) - Bus Depot" -> "charging systems technician".
    """
    return analyze_title(title).core


@lru_cache(maxsize=131072)
def normalize_reference_title(title: str) -> tuple[str, ...]:
    """Normalized forms of a knowledge-base title (O*NET, SOC, curated).

    Reference titles are clean but written differently from postings: "Cloth Folder, Hand"
    (inverted, so commas do not split), "HVAC Engineer (Heating, Ventilation, and Air
    Conditioning Engineer)" (the parenthesis is a synonym, so it becomes a second form).
    """
    lex = load_lexicon()
    text = _clean_text(title)
    forms: list[str] = []
    inner = [g for m in _ASIDE.finditer(text) for g in m.groups() if g]
    outer = _ASIDE.sub(" ", text)
    for variant in (outer, *inner):
        tokens = _admin(_segment_tokens(variant.replace(",", " ").replace(":", " "), lex), lex)
        form = " ".join(tokens)
        if form and form not in forms:
            forms.append(form)
    return tuple(forms)
