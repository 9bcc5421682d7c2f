"""Posting attributes: minimum education, years of experience, pay, license classes,
shifts, travel and work mode, read with regular expressions from the job segments."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .context import CaselessPattern

EDUCATION_LEVELS = (
    "high_school",
    "postsecondary_certificate",
    "associate",
    "bachelor",
    "master",
    "doctorate",
)
_EDU_PATTERNS = [
    ("doctorate", r"\b(ph\.?\s?d|doctorate|doctoral degree)\b"),
    ("master", r"\b(master'?s|masters|m\.s\.|mba|m\.eng)\b(?! electrician| electrician's| license| plumber| technician| certified| level| tech)"),
    ("bachelor", r"\b(bachelor'?s|bachelors|b\.s\.|b\.a\.|bs/ba|ba/bs|bsc|b\.sc|bsee|bsme|4[- ]year (technical |college |university )?degree|four[- ]year degree|college degree|university degree|undergraduate degree)\b"),
    ("associate", r"\b(associate'?s?( degree| of)|aas|a\.a\.s\.|a\.s\. degree|2[- ]year degree|two[- ]year degree)\b"),
    ("postsecondary_certificate", r"\b(trade school|vocational (school|training|program|certificate)|technical (school|certificate|college)|certificate program|postsecondary (certificate|training))\b"),
    ("high_school", r"\b(high school|hs diploma|h\.s\. diploma|ged|hse|secondary school|diploma or equivalent)\b"),
]
_EDU_RES = [(level, CaselessPattern(p)) for level, p in _EDU_PATTERNS]
_EDU_PREFERRED_RE = CaselessPattern(r"\b(preferred|a plus|nice to have|desired|desirable|ideally|not required)\b")

_YEARS_RE = CaselessPattern(
    r"(?<![\d.$])(\d{1,2}(?:\.\d)?)\s*(?:(?:-|–|to)\s*(\d{1,2})\s*)?\+?\s*(?:plus\s+)?(?:years?|yrs?)\b"
)
_WORD_YEARS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "ten": 10}
_WORD_YEARS_RE = CaselessPattern(
    r"\b(one|two|three|four|five|six|seven|eight|ten)\s*(?:\(\d+\)\s*)?\+?\s*(?:years?|yrs?)\b"
)
_EXPERIENCE_CONTEXT_RE = CaselessPattern(r"experience|experiance|background|in (a|the) .{0,30}role|as an? ")
_NOT_EXPERIENCE_RE = CaselessPattern(r"\b(old|of age|age|warranty|since|founded|valid for|months? of hire|retention|after \d+ months)\b")

_MONEY = r"(?:(USD|CAD|US\$|C\$|\$|£|€)\s?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*([kK])?"
_PAY_RE = re.compile(
    _MONEY + r"(?:\s*(?:-|–|—|to|~)\s*(?:(?:USD|CAD|US\$|C\$|\$|£|€)\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?\s*([kK])?)?"
)
_USD_RANGE_RE = re.compile(r"\bUSD\s*(\d+(?:\.\d+)?)\s*~\s*(\d+(?:\.\d+)?)")
_PAY_UNIT_RE = [
    ("hour", re.compile(r"^\s*(/\s*h(ou)?r|per hour|an hour|/hour|hourly|hr\b|p/h|ph\b|per hr)", re.I)),
    ("year", re.compile(r"^\s*(/\s*y(ea)?r|per year|a year|/year|annually|annual|per annum|yearly|/annum|salary)", re.I)),
    ("month", re.compile(r"^\s*(/\s*mo(nth)?|per month|a month|monthly)", re.I)),
    ("week", re.compile(r"^\s*(/\s*w(ee)?k|per week|a week|weekly)", re.I)),
    ("day", re.compile(r"^\s*(/\s*day|per day|a day|daily)", re.I)),
]
_NOT_PAY_RE = re.compile(
    r"\b(bonus|sign[- ]?on|signing|allowance|stipend|budget|tuition|reimburse|incentive|fee|raised|valuation|"
    r"revenue|funding|billion|million|per diem|credit|discount|match|grant|investment|retention|referral|series)\b",
    re.IGNORECASE,
)
_CURRENCY = {"$": "USD", "US$": "USD", "USD": "USD", "CAD": "CAD", "C$": "CAD", "£": "GBP", "€": "EUR"}

_CDL_RE = re.compile(
    r"\b(?:CDL|commercial driver'?s?\s+licen[sc]e|commercial licen[sc]e)\b[^.;\n]{0,40}?\bclass\s*([ABC])\b"
    r"|\bclass\s*([ABC])\b[^.;\n]{0,30}?\b(?:CDL|commercial|driver'?s?\s+licen[sc]e|licen[sc]e)"
    r"|\bCDL[\s-]?([ABC])\b",
    re.IGNORECASE,
)
_SHIFT_PATTERNS = [
    ("night", r"\b(night|graveyard|overnight|3rd shift|third shift)\b"),
    ("evening", r"\b(evening|swing|2nd shift|second shift|pm shift)\b"),
    ("day", r"\b(day shift|1st shift|first shift|days,? monday|monday\s*-\s*friday|m-f)\b"),
    ("weekend", r"\b(weekends?|saturdays?|sundays?)\b"),
    ("rotating", r"\b(rotating|rotation|on[- ]call|call-outs?|after-hours)\b"),
    ("compressed", r"\b(4x10|4/10|four 10|9/80)\b"),
]
_SHIFT_RES = [(name, CaselessPattern(p)) for name, p in _SHIFT_PATTERNS]
_SHIFT_CONTEXT_RE = CaselessPattern(r"\b(shift|schedule|hours|work|weekend|call|rotation|night|m-f|monday)\b")
_TRAVEL_PCT_RE = re.compile(
    r"(?:travel[^.;\n]{0,30}?(\d{1,3})\s*(?:-|–|to)?\s*(\d{1,3})?\s*%|(\d{1,3})\s*%?\s*(?:-|–|to)?\s*(\d{1,3})?\s*%\s*(?:of the time\s*)?(?:travel|overnight))",
    re.IGNORECASE,
)
_OVERNIGHT_RE = re.compile(r"\bovernights?\b(?! shift)(?!\s+(?:dc|charging|hub|technician))", re.IGNORECASE)
# Run on every posting's head: CaselessPattern skips the regex when the head lacks the
# words every match needs ("hybrid", "remote", ...), which is most of the time.
_WORK_MODE = [
    ("hybrid", CaselessPattern(re.compile(r"\bhybrid\b\s*(?:\(|:|-|,|schedule|work|role|position|\d|$)", re.I))),
    ("remote", CaselessPattern(re.compile(r"\b(fully remote|100% remote|remote[- ]first|work from home|wfh|remote\s*(?:,|\)|$|position|role|us|united states))", re.I))),
    ("onsite", CaselessPattern(re.compile(r"\b(on[- ]site|in[- ]office|in[- ]person)\b", re.I))),
]


# Keyword finds on the lower-cased text (C-speed) pick the few segments worth the
# detailed regexes; a Python regex with many alternatives would cost more than the rest
# of the extraction.
_TRIGGER_WORDS = {
    "edu": ("high school", "diploma", "ged", "hse", "degree", "bachelor", "associate", "master", "mba",
            "ph.d", "phd", "doctora", "b.s.", "b.a.", "bs/ba", "ba/bs", "bsc", "bsee", "bsme", "aas",
            "trade school", "vocational", "technical school", "technical college", "technical certificate",
            "certificate program", "postsecondary", "secondary school"),
    "years": ("year", "yr"),
    "cdl": ("cdl", "commercial driver", "commercial licen", "class a", "class b", "class c"),
    "shift": ("shift", "night", "graveyard", "overnight", "evening", "swing", "weekend", "saturday",
              "sunday", "rotat", "on-call", "on call", "call-out", "after-hours", "4x10", "4/10", "9/80",
              "monday", "m-f"),
    "travel": ("travel",),
    "pay": ("$", "usd", "£", "€", "cad "),
}
TRIGGER_KINDS = tuple(_TRIGGER_WORDS)
_ALL_TRIGGERS = tuple(dict.fromkeys(w for words in _TRIGGER_WORDS.values() for w in words))
_TRIGGER_INDEX = {word: i for i, word in enumerate(_ALL_TRIGGERS)}
try:  # one C pass for all trigger words (skillmap/pipeline/_scan.c); str.find otherwise
    from ._scan import find_all as _find_all
except ImportError:  # pragma: no cover - built without a C compiler
    _find_all = None


def trigger_positions(text: str) -> dict[str, list[int]]:
    """Offsets where each kind of attribute may be stated.

    "year" and "$" are common; only those near a number are kept, so that lines which
    merely mention a year are not split into sentences for nothing."""
    # The C search reads the text as lower-cased without building that copy; it gives
    # up (None) on the one character whose lower case is longer (then: lower() here).
    hits = _find_all(text, _ALL_TRIGGERS, True) if _find_all is not None else None
    lowered = text.lower() if hits is None else None
    found: dict[str, list[int]] = {}
    for kind, words in _TRIGGER_WORDS.items():
        positions: list[int] = []
        for word in words:
            if hits is not None:
                occurrences = hits[_TRIGGER_INDEX[word]]
            else:
                occurrences = []
                at = lowered.find(word)
                while at >= 0:
                    occurrences.append(at)
                    at = lowered.find(word, at + len(word))
            if kind == "years":
                if lowered is None:  # a window lower-cased alone: the same, as no length changes
                    occurrences = [at for at in occurrences if _NUMBER_BEFORE_RE.search(text[max(0, at - 14) : at].lower())]
                else:
                    occurrences = [at for at in occurrences if _NUMBER_BEFORE_RE.search(lowered, max(0, at - 14), at)]
            positions += occurrences
        found[kind] = positions
    return found


_NUMBER_BEFORE_RE = re.compile(r"[0-9]|one|two|three|four|five|six|seven|eight|ten")


@dataclass
class Pay:
    min: float
    max: float
    unit: str | None
    currency: str
    text: str
    start: int
    end: int


@dataclass
class PostingAttributes:
    education_level: str | None = None
    education_preferred: str | None = None
    experience_years_min: float | None = None
    experience_years_max: float | None = None
    pay: Pay | None = None
    license_classes: list[str] = field(default_factory=list)
    shifts: list[str] = field(default_factory=list)
    travel_percent_max: int | None = None
    travel_overnight: bool = False
    work_mode: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        return data


def _money(value: str, cents: str | None, kilo: str | None) -> float:
    amount = float(value.replace(",", "") + (f".{cents}" if cents else ""))
    return amount * 1000 if kilo else amount


def _pay_unit(after: str, low: float) -> str | None:
    for unit, pattern in _PAY_UNIT_RE:
        if pattern.match(after):
            return unit
    if low < 200:
        return "hour"
    if low >= 15000:
        return "year"
    return None


def find_pay(text: str, spans: list[tuple[int, int]]) -> Pay | None:
    """The first pay range that is not a bonus, allowance or company figure."""
    for start, end in spans:
        segment = text[start:end]
        for match in _USD_RANGE_RE.finditer(segment):
            low, high = float(match.group(1)), float(match.group(2))
            unit = "year" if low >= 15000 else ("hour" if low < 200 else None)
            return Pay(low, high, unit, "USD", match.group(0), start + match.start(), start + match.end())
        for match in _PAY_RE.finditer(segment):
            # The window reaches back past the segment start: "Pay: $30-$40/hr" has its
            # "Pay:" in a header segment of its own.
            window = text[max(0, start + match.start() - 40) : start + match.end() + 25]
            if _NOT_PAY_RE.search(window) and not re.search(r"\b(pay|salary|wage|rate|compensation|base)\b", window, re.I):
                continue
            low = _money(match.group(2), match.group(3), match.group(4))
            high = _money(match.group(5), match.group(6), match.group(7) or match.group(4)) if match.group(5) else low
            if low <= 0 or high < low or low < 7:
                continue
            unit = _pay_unit(segment[match.end() :], low)
            currency = _CURRENCY.get(match.group(1), "USD")
            return Pay(low, high, unit, currency, match.group(0).strip(), start + match.start(), start + match.end())
    return None


def find_education(segments: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    """(minimum required level, preferred level) from (segment text, section) pairs."""
    required: list[int] = []
    preferred: list[int] = []
    for text, section in segments:
        for level, pattern in _EDU_RES:
            if pattern.search(text):
                rank = EDUCATION_LEVELS.index(level)
                if section == "preferred" or _EDU_PREFERRED_RE.search(text):
                    preferred.append(rank)
                else:
                    required.append(rank)
    minimum = EDUCATION_LEVELS[min(required)] if required else None
    best_preferred = EDUCATION_LEVELS[max(preferred)] if preferred else None
    return minimum, best_preferred


def find_experience(segments: list[tuple[str, str]]) -> tuple[float | None, float | None]:
    values: list[tuple[float, float]] = []
    for text, section in segments:
        if section == "preferred" or _NOT_EXPERIENCE_RE.search(text):
            continue
        if not (_EXPERIENCE_CONTEXT_RE.search(text) or section == "requirements"):
            continue
        for match in _YEARS_RE.finditer(text):
            low = float(match.group(1))
            high = float(match.group(2)) if match.group(2) else low
            if 0 < low <= 40 and high >= low:
                values.append((low, high))
        for match in _WORD_YEARS_RE.finditer(text):
            low = float(_WORD_YEARS[match.group(1).lower()])
            values.append((low, low))
    if not values:
        return None, None
    return min(v[0] for v in values), max(v[1] for v in values)


def find_license_classes(segments: list[str]) -> list[str]:
    classes: set[str] = set()
    for text in segments:
        for match in _CDL_RE.finditer(text):
            letter = next(g for g in match.groups() if g)
            classes.add(letter.upper())
    return sorted(classes)


def find_shifts(segments: list[str]) -> list[str]:
    found: list[str] = []
    for text in segments:
        if not _SHIFT_CONTEXT_RE.search(text):
            continue
        for name, pattern in _SHIFT_RES:
            if name not in found and pattern.search(text):
                found.append(name)
    order = [name for name, _ in _SHIFT_PATTERNS]
    return sorted(found, key=order.index)


def find_travel(segments: list[str]) -> tuple[int | None, bool]:
    best: int | None = None
    overnight = False
    for text in segments:
        lowered = text.lower()
        if "travel" not in lowered and "overnight" not in lowered:
            continue
        for match in _TRAVEL_PCT_RE.finditer(text):
            numbers = [int(g) for g in match.groups() if g]
            if numbers and max(numbers) <= 100:
                best = max(best or 0, max(numbers))
        if "travel" in lowered and _OVERNIGHT_RE.search(text):
            overnight = True
    return best, overnight


def find_work_mode(text: str) -> str | None:
    head = text[:1500]
    for mode, pattern in _WORK_MODE:
        if pattern.search(head):
            return mode
    return None
