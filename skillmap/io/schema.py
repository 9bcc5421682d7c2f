"""Column contract of tagged output (`skillmap tag`), read by reports and comparisons.

One row per posting (POSTING_COLUMNS, then any passed-through input columns) and, with
``--mentions``, one row per mention (MENTION_COLUMNS). List columns hold skill ids sorted
alphabetically; skill sets count demanded mentions only, children implying parents.
"""

from __future__ import annotations

# name -> (type, meaning). Types: string, float, int, bool, date, list<string>.
POSTING_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("string", "posting id (from the input's id column, else row number)"),
    "title": ("string", "raw posting title, null if the input has none"),
    "soc_code": ("string", "SOC 2018 detailed code of the title, null when the coder abstains"),
    "soc_title": ("string", "SOC 2018 title of soc_code"),
    "soc_major": ("string", "SOC major group of soc_code, e.g. 49-0000"),
    "gjrp_group": ("string", "GJRP occupation group of the HR&A report (Table 2.1), or null"),
    "proposed_code": ("string", "proposed EV/EVSE occupation code (e.g. 49-2093.91), or null"),
    "title_score": ("float", "title coder confidence in [0, 1]"),
    "title_abstain": ("bool", "true when the coder's score is under its threshold"),
    "specialized_skills": ("list<string>", "demanded specialized skills"),
    "common_skills": ("list<string>", "demanded common skills"),
    "qualifications": ("list<string>", "demanded qualifications"),
    "required_skills": ("list<string>", "skills demanded as required somewhere in the posting"),
    "preferred_skills": ("list<string>", "skills only ever demanded as preferred"),
    "negated_skills": ("list<string>", "skills explicitly not needed (and not demanded elsewhere)"),
    "ev_related": ("bool", "the posting demands at least one EV/EVSE-specific skill"),
    "education_level": ("string", "minimum required education, null if not stated"),
    "education_preferred": ("string", "highest preferred education, null if not stated"),
    "experience_years_min": ("float", "minimum years of experience asked"),
    "experience_years_max": ("float", "largest years-of-experience figure asked"),
    "pay_min": ("float", "lower end of the pay range"),
    "pay_max": ("float", "upper end of the pay range"),
    "pay_unit": ("string", "hour | year | month | week | day"),
    "pay_currency": ("string", "ISO currency code"),
    "license_classes": ("list<string>", "CDL classes asked (A, B, C)"),
    "shifts": ("list<string>", "day | evening | night | weekend | rotating | compressed"),
    "travel_percent_max": ("int", "largest travel percentage stated"),
    "travel_overnight": ("bool", "overnight travel mentioned"),
    "work_mode": ("string", "remote | hybrid | onsite, null if not stated"),
    "month": ("date", "first day of the posting month, from the input's date/month column"),
    "state": ("string", "USPS state code of the location column, null if absent or unresolved"),
    "county_fips": ("string", "5-digit county FIPS code of the location, null unless one county is clear"),
    "county": ("string", "county name (Census) of county_fips"),
    "cbsa_code": ("string", "metro or micro area (OMB CBSA) code of the location"),
    "cbsa_title": ("string", "CBSA title, e.g. Los Angeles-Long Beach-Anaheim, CA"),
    "remote": ("string", "remote | hybrid | onsite from the location, else from the text (work_mode)"),
}

MENTION_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("string", "posting id"),
    "skill": ("string", "skill id"),
    "category": ("string", "specialized | common | qualification"),
    "requirement": ("string", "required | preferred | negated | unspecified"),
    "section": ("string", "posting section of the mention"),
    "source": ("string", "text | title"),
    "start": ("int", "start offset in the cleaned text (or title)"),
    "end": ("int", "end offset"),
    "text": ("string", "the mention as written"),
}

SKILL_LIST_COLUMNS = {"specialized": "specialized_skills", "common": "common_skills", "qualification": "qualifications"}
EDUCATION_ORDER = ("high_school", "postsecondary_certificate", "associate", "bachelor", "master", "doctorate")
