"""Job titles to SOC 2018 codes and the proposed EV/EVSE occupation codes.

    from skillmap.occupations import load_coder, normalize_title
    normalize_title("Sr. Diesel Tech - $10K Sign On Bonus")   # 'diesel technician'
    coder = load_coder()
    coder.code("EV Charger Reliability Technician").proposed_code   # '49-2093.91'
    coder.code("Field Technician", skills={"evse_service"}).soc_code  # '49-2093'
    coder.code_many(titles, skills=skill_sets, ids=pids)   # a batch: same results, faster

``skillmap.load().code_title(title, text=...)`` does the same with skills extracted from
the posting text.
"""

from .coder import (
    ABSTAIN_THRESHOLD,
    MAX_TITLE_CHARS,
    Alternative,
    TitleCoder,
    TitleCoding,
    load_coder,
)
from .normalize import TitleParts, analyze_title, normalize_title

__all__ = [
    "ABSTAIN_THRESHOLD",
    "MAX_TITLE_CHARS",
    "Alternative",
    "TitleCoder",
    "TitleCoding",
    "TitleParts",
    "analyze_title",
    "load_coder",
    "normalize_title",
]
