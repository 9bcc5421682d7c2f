"""``YYYY-MM`` (or the month's first day) from the date values exports carry: ISO dates and timestamps, ``YYYY-MM``,
``YYYYMM(DD)``, US ``M/D/YYYY``, RFC 2822 (Indeed), month names ("Jan 15, 2024"), epoch
seconds or milliseconds (LinkedIn ``listed_time``), and date/datetime objects."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate

_ISO_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})(?:\b|[-/.T ])")
_COMPACT_RE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})?(?:T|\s|$)")
_US_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), 1) for name in names}
_NAMED_RE = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?(\d{4})\b")
_DAY_NAMED_RE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_NUMBER_RE = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


def _ym(year: int, month: int) -> str | None:
    if 1900 <= year <= 2200 and 1 <= month <= 12:
        return f"{year:04d}-{month:02d}"
    return None


def _from_number(value: float) -> str | None:
    if not 0 < value < 1e17:  # past epoch microseconds of 2200; a huge int cannot become a float
        return None
    if 190001 <= value <= 220012 and float(value).is_integer():
        return _ym(int(value) // 100, int(value) % 100)
    if 19000101 <= value <= 22001231 and float(value).is_integer():
        return _ym(int(value) // 10000, int(value) // 100 % 100)
    # Epoch seconds, milliseconds or microseconds, by magnitude.
    seconds = value
    while seconds > 1e11:
        seconds /= 1000
    if seconds < 1e8:  # before 1973: not a posting date
        return None
    stamp = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    return _ym(stamp.year, stamp.month)


def month_start(value: object) -> dt.date | None:
    """The first day of the month of a date-like value (the tagged ``month``), or None."""
    month = to_month(value)
    return None if month is None else dt.date(int(month[:4]), int(month[5:7]), 1)


def to_month(value: object) -> str | None:
    """The ``YYYY-MM`` of a date-like value, or None when it cannot be read."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.date):  # datetime is a date too
        return _ym(value.year, value.month)
    if isinstance(value, (int, float)):
        if value != value:  # NaN
            return None
        return _from_number(value)
    if not isinstance(value, str):
        year, month = getattr(value, "year", None), getattr(value, "month", None)  # pandas Timestamp
        return _ym(year, month) if isinstance(year, int) and isinstance(month, int) else None
    text = value.strip()
    if not text:
        return None
    if _NUMBER_RE.match(text):
        return _from_number(float(text))
    match = _ISO_RE.match(text)
    if match:
        return _ym(int(match.group(1)), int(match.group(2)))
    match = _COMPACT_RE.match(text)
    if match:
        return _ym(int(match.group(1)), int(match.group(2)))
    match = _US_RE.match(text)
    if match:
        year = int(match.group(3))
        year = year + 2000 if year < 100 else year
        return _ym(year, int(match.group(1)))
    parsed = parsedate(text) if "," in text or ":" in text else None
    if parsed and parsed[0]:
        return _ym(parsed[0], parsed[1])
    match = _NAMED_RE.search(text)
    if match and match.group(1).lower() in _MONTHS:
        return _ym(int(match.group(3)), _MONTHS[match.group(1).lower()])
    match = _DAY_NAMED_RE.search(text)
    if match and match.group(2).lower() in _MONTHS:
        return _ym(int(match.group(3)), _MONTHS[match.group(2).lower()])
    return None
