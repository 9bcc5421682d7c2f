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
from dataclasses import dataclass, field
from functools import lru_cache

from ..datafiles import data_path, read_yaml

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
# (The alternatives led by whitespace are grouped behind one ``\s+``: same matches as
# ``\s+[-–—]+\s+|\s*[|•·;]\s*|\s*,\s*|:\s+|\s+@\s*|\s+-{2,}\s*|\s+[-–—](?=[A-Za-z])``, 3x faster.)
_SEPARATORS = re.compile(r"(\s+(?:[-–—]+\s+|[|•·;]\s*|,\s*|@\s*|-{2,}\s*|[-–—](?=[A-Za-z]))|[|•·;]\s*|,\s*|:\s+)")
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
    # Other readings of the occupation phrase, which the coder may prefer when the whole is
    # weak: a trailing "apprentice" moved first ("glazier apprentice" -> "apprentice
    # glazier"), and the sides of a slash ("Master Electrician / Qualifier" -> "master
    # electrician", "qualifier"; "Service Writer / Advisor" also -> "service advisor").
    alternatives: tuple[str, ...] = ()

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
    # Words that go first when they end the occupation phrase ("Glazier Apprentice" ->
    # "apprentice glazier"), the order of the knowledge base's titles.
    leading_words: frozenset[str] = frozenset()
    # Noise words kept when a neighbouring word is one of theirs ("Hybrid Technician").
    noise_kept_beside: dict[str, frozenset[str]] = field(default_factory=dict)
    # Phrase lists indexed by first word (with their rank in the list), and memos of the
    # pure per-token and per-segment steps: titles share words and segments ("Technician",
    # "2nd Shift", "Remote") far more often than they repeat whole.
    noise_index: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = field(default_factory=dict, compare=False)
    locations_index: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = field(default_factory=dict, compare=False)
    seniority_index: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = field(default_factory=dict, compare=False)
    token_memo: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    tokens_memo: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    segment_memo: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)


def _phrases(values) -> tuple[tuple[str, ...], ...]:
    # Longest first, so "night shift" wins over "night" (then alphabetical: deterministic).
    return tuple(sorted({tuple(str(v).lower().split()) for v in values}, key=lambda p: (-len(p), p)))


def _index(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    """Phrases by first word, each with its rank in ``phrases`` (the order they apply in)."""
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for rank, phrase in enumerate(phrases):
        if phrase:
            index.setdefault(phrase[0], []).append((rank, phrase))
    return {word: tuple(entries) for word, entries in index.items()}


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """The normalization word lists (bundled file unless ``path`` is given)."""
    raw = read_yaml(path or data_path(LEXICON_FILE))
    seniority = [str(s).lower() for s in raw["seniority"]]
    seniority_phrases = _phrases(s for s in seniority if " " in s)
    noise = _phrases(raw["noise_phrases"])
    locations = _phrases(raw["locations"])
    return Lexicon(
        abbreviations={str(k).lower(): tuple(str(v).split()) for k, v in raw["abbreviations"].items()},
        case_sensitive={str(k): tuple(str(v).split()) for k, v in raw["case_sensitive_abbreviations"].items()},
        plurals={str(k): str(v) for k, v in raw["plurals"].items()},
        seniority=frozenset(s for s in seniority if " " not in s),
        seniority_phrases=seniority_phrases,
        level_marks=frozenset(str(m).lower() for m in raw["level_marks"]),
        noise=noise,
        locations=locations,
        state_codes=frozenset(raw["state_codes"]),
        stopwords=frozenset(str(s) for s in raw["stopwords"]),
        head_words=frozenset(str(h) for h in raw["head_words"]),
        admin_word=str(raw.get("admin_word", "admin")),
        leading_words=frozenset(str(w).lower() for w in raw.get("leading_words") or ()),
        noise_kept_beside={str(k).lower(): frozenset(str(w).lower() for w in v) for k, v in (raw.get("noise_kept_beside") or {}).items()},
        noise_index=_index(noise),
        locations_index=_index(locations),
        seniority_index=_index(seniority_phrases),
    )


_KEPT_PUNCTUATION = frozenset(" $%+#&/.,:;|()[]{}'-_@")
_MEMO_LIMIT = 200_000
_HAS_DIGIT = re.compile(r"\d")
_HAS_PAY = re.compile(r"[$\d]")


class _CharMap(dict):
    """``str.translate`` table for title text, filled on first sight of a character:
    letters, digits and title punctuation stay, dashes become "-", quotes "'", and the
    underscore and everything else (emoji, symbols, control characters) a space."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char == "_":
            value = " "
        elif char in _KEPT_PUNCTUATION or unicodedata.category(char)[0] in "LN":
            value = char
        elif char in "–—―‒−":
            value = "-"
        elif char in "’`´":
            value = "'"
        else:
            value = " "
        self[code] = value
        return value


_CHAR_MAP = _CharMap()


def _clean_text(text: str) -> str:
    if not text.isascii():  # ASCII is already in NFKC form
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_CHAR_MAP)
    # Each pattern needs a "$" or digit, or the word bonus/incentive: skip it when absent.
    if _HAS_PAY.search(text):
        text = _PAY.sub(" ", text)
    if not text.isascii() or "bonus" in (low := text.lower()) or "incentive" in low:
        text = _BONUS.sub(" ", text)
    if _HAS_DIGIT.search(text):
        text = _REQUISITION.sub(" ", text)
    return text


def _remove_phrases(tokens, index: dict[str, tuple[tuple[int, tuple[str, ...]], ...]]):
    """Remove every occurrence of the indexed phrases, in their rank order (longest first)."""
    if not tokens or index.keys().isdisjoint(tokens):
        return tokens
    candidates = [entry for word in set(tokens) for entry in index.get(word, ())]
    if not candidates:
        return tokens
    candidates.sort()
    present = set(tokens)
    out = tokens
    for _, phrase in candidates:
        if phrase[0] not in present:
            continue
        n = len(phrase)
        if n == 1:
            out = [t for t in out if t != phrase[0]]
        else:
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


def _token_words(token: str, lex: Lexicon) -> tuple[str, ...]:
    """The lower-case words of one raw token: abbreviations expanded, digits dropped."""
    raw = token.rstrip(".'-/&")
    if not raw or len(raw) > _MAX_WORD:
        return ()
    if raw in lex.case_sensitive:
        return lex.case_sensitive[raw]
    if raw in lex.state_codes and raw.isupper():
        return ()
    low = raw.lower().removesuffix("'s")
    parts = [low] if low in lex.abbreviations else [p for p in re.split(r"[-/&.]", low) if p]
    if low in ("c++", "c#", ".net", "node.js"):
        parts = [low]
    words: list[str] = []
    for part in parts:
        if part in lex.abbreviations:
            words.extend(lex.abbreviations[part])
        elif not part.isalpha() and any(ch.isdigit() for ch in part) and part not in _KEEP_DIGIT_TOKENS:
            # job codes, years, "2nd": keep level digits for the level pass below
            if part.isdigit() and len(part) == 1:
                words.append(part)
        else:
            words.append(lex.plurals.get(part, part))
    return tuple(words)


def _tokens(segment: str, lex: Lexicon) -> tuple[str, ...]:
    """Lower-case words of one segment with abbreviations expanded and digits dropped."""
    memo = lex.tokens_memo
    words = memo.get(segment)
    if words is not None:
        return words
    token_memo = lex.token_memo
    found: list[str] = []
    for token in _TOKEN.findall(segment):
        expanded = token_memo.get(token)
        if expanded is None:
            if len(token_memo) >= _MEMO_LIMIT:
                token_memo.clear()
            expanded = token_memo[token] = _token_words(token, lex)
        found.extend(expanded)
    words = tuple(found)
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[segment] = words
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
    tokens = _remove_phrases(tokens, lex.seniority_index) or tokens
    last = len(tokens) - 1
    kept = [
        t
        for i, t in enumerate(tokens)
        # A seniority word before the job goes; at the end it is the job ("Team Lead").
        if not (t in lex.seniority and i < last)
        and not (t in ("senior", "sr", "junior", "jr", "principal") and i == last and i > 0)
    ]
    return kept or tokens


def _protect(tokens, lex: Lexicon):
    """Noise words that stand beside one of their job words, hidden from noise removal
    behind a marker (restored by ``_unprotect``)."""
    kept = lex.noise_kept_beside
    if kept.keys().isdisjoint(tokens):
        return tokens, False
    out, changed = list(tokens), False
    for i, token in enumerate(tokens):
        beside = kept.get(token)
        if beside and ((i > 0 and tokens[i - 1] in beside) or (i + 1 < len(tokens) and tokens[i + 1] in beside)):
            out[i], changed = "\x00" + token, True
    return out, changed


def _segment_tokens(segment: str, lex: Lexicon) -> list[str]:
    tokens = _tokens(segment, lex)
    tokens, protected = _protect(tokens, lex)
    tokens = _remove_phrases(tokens, lex.noise_index)
    if protected:
        tokens = [t.lstrip("\x00") for t in tokens]
    tokens = _remove_phrases(tokens, lex.locations_index)
    tokens = _strip_levels(tokens, lex)
    stopwords = lex.stopwords
    tokens = [t for t in tokens if t not in stopwords and not (len(t) == 1 and t.isdigit())]
    return _strip_seniority(tokens, lex)


def _segment_words(segment: str, lex: Lexicon) -> tuple[str, ...]:
    """The normalized words of one title segment (memoized: segments recur across titles)."""
    memo = lex.segment_memo
    words = memo.get(segment)
    if words is None:
        words = tuple(_admin(_segment_tokens(segment, lex), lex))
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[segment] = words
    return words


def _may_name_place(segment: str) -> bool:
    """Cheap test before ``_IN_PLACE`` (segments hold only plain spaces after cleaning)."""
    return " in " in segment or " at " in segment or " near " in segment


def _has_head(segment: str, lex: Lexicon) -> bool:
    return not lex.head_words.isdisjoint(_tokens(segment, lex))


def _admin(tokens: list[str], lex: Lexicon) -> list[str]:
    word = lex.admin_word
    if word not in tokens:
        return tokens
    last = len(tokens) - 1
    return ["administrator" if t == word and i == last else "administrative" if t == word else t for i, t in enumerate(tokens)]


def _lead(tokens: tuple[str, ...], lex: Lexicon) -> tuple[str, ...]:
    """A leading word written last goes first ("welder apprentice" -> "apprentice welder")."""
    if len(tokens) > 1 and tokens[-1] in lex.leading_words:
        return (tokens[-1], *tokens[:-1])
    return tokens


def _slash_alternatives(segment: str, lex: Lexicon) -> tuple[str, ...]:
    """Readings of an occupation segment with a slash: each side alone, and, when the right
    side is one head word, the left side with its last word replaced by it."""
    if "/" not in segment:
        return ()
    sides = [_lead(_segment_words(side, lex), lex) for side in segment.split("/")]
    sides = [side for side in sides if side]
    if len(sides) < 2:
        return ()
    out = [" ".join(side) for side in sides]
    for left, right in zip(sides, sides[1:], strict=False):
        if len(right) == 1 and right[0] in lex.head_words and len(left) > 1:
            out.append(" ".join((*left[:-1], right[0])))
    return tuple(dict.fromkeys(out))


def _alternatives(core: tuple[str, ...], segment: str, lex: Lexicon) -> tuple[str, ...]:
    """Other readings of the occupation phrase: a leading word moved first, and the sides
    of a slash."""
    led = _lead(core, lex)
    out = ((" ".join(led),) if led != core else ()) + _slash_alternatives(segment, lex)
    return tuple(dict.fromkeys(a for a in out if a != " ".join(core)))


def clear_memos() -> None:
    """Forget the memoized tokens, segments and titles (benchmarks of unseen titles)."""
    lex = load_lexicon()
    lex.token_memo.clear()
    lex.tokens_memo.clear()
    lex.segment_memo.clear()
    analyze_title.cache_clear()


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
    if "(" in text or "[" in text or "{" in text:
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
    heads = lex.head_words
    cleaned = [
        _segment_words(_IN_PLACE.sub("", s) if _may_name_place(s) and _IN_PLACE.search(s) and _has_head(s, lex) else s, lex)
        for s in segments
    ]
    if len(cleaned) == 1 and cleaned[0] and not asides:  # one segment: the whole title
        return TitleParts(raw=title, core=" ".join(cleaned[0]), context="", alternatives=_alternatives(cleaned[0], segments[0], lex))
    core: tuple[str, ...] = ()
    core_index = -1
    for index, tokens in enumerate(cleaned):
        if not heads.isdisjoint(tokens):
            core, core_index = tokens, index
            break
    if not core:
        for index, tokens in enumerate(cleaned):
            if tokens:
                core, core_index = tokens, index
                break
    used = {core_index}
    # "Manager, Software Engineering": a bare head word takes the next segment as object.
    if core and heads.issuperset(core) and core_index + 1 < len(cleaned):
        following = cleaned[core_index + 1]
        if following and after_comma[core_index + 1] and heads.isdisjoint(following):
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
        if index not in used and tokens and heads.isdisjoint(tokens):
            qualifiers.append(" ".join(tokens))
    for aside in asides:
        tokens = _segment_words(aside, lex)
        if tokens and heads.isdisjoint(tokens):
            qualifiers.append(" ".join(tokens))
    return TitleParts(
        raw=title,
        core=" ".join(core),
        context=" ".join(context),
        qualifiers=tuple(qualifiers[:3]),
        alternatives=_alternatives(core, segments[core_index], lex) if 0 <= core_index < len(segments) else (),
    )


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
        form = " ".join(_segment_words(variant.replace(",", " ").replace(":", " "), lex))
        if form and form not in forms:
            forms.append(form)
    return tuple(forms)
