"""Which input column holds the posting id, title, text, company and date.

Exports name their columns differently: Lightcast (``ID``, ``TITLE_RAW``, ``BODY``),
LinkedIn/Kaggle (``job_id``, ``title``, ``description``), Indeed (``jobkey``, ``jobtitle``,
``snippet``/``description``), USAJobs (``MatchedObjectId``, ``PositionTitle``,
``UserArea.Details.JobSummary`` + ``QualificationSummary``) and plain ``id``/``title``/
``text``. Candidates are tried in order; a name matches when it equals the candidate or its
last dotted part does (flattened JSON: ``MatchedObjectDescriptor.PositionTitle``), ignoring
case, spaces, hyphens and underscores.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import BatchError

# Role -> candidate groups in priority order. A group of several names is used whole: every
# member present is joined (USAJobs splits the text into a summary and qualifications).
ID_CANDIDATES = ("id", "job_id", "jobid", "jobkey", "job_key", "posting_id", "postingid", "pid",
                 "matchedobjectid", "positionid", "requisition_id", "uuid", "uid")
TITLE_CANDIDATES = ("title_raw", "raw_title", "job_title", "jobtitle", "positiontitle",
                    "position_title", "posting_title", "title", "position", "job_name")
TEXT_CANDIDATES: tuple[tuple[str, ...], ...] = (
    ("body",),
    ("text",),
    ("description",),
    ("job_description",),
    ("jobdescription",),
    ("description_text",),
    ("posting_text",),
    ("posting_body",),
    ("jobsummary", "qualificationsummary"),
    ("content",),
    ("full_text",),
    ("snippet",),
    ("summary",),
    ("qualificationsummary",),
)
COMPANY_CANDIDATES = ("company", "company_name", "companyname", "company_raw", "employer",
                      "employer_name", "organizationname", "organization", "hiring_organization")
# The location column is read (state, county, CBSA) and also passed through unchanged.
LOCATION_CANDIDATES = ("location", "job_location", "joblocation", "location_raw", "formattedlocation",
                       "positionlocationdisplay", "locationname", "city_state", "work_location")
DATE_CANDIDATES = ("month", "posted", "date_posted", "posted_date", "posting_date", "post_date",
                   "posted_at", "date", "listed_time", "original_listed_time",
                   "publicationstartdate", "created_at", "created", "first_seen", "formattedrelativetime")


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum() or ch == ".")


def _candidate_keys(candidate: str) -> str:
    return _norm(candidate.replace("_", ""))


@dataclass
class ColumnRoles:
    """Input columns for each role; ``text`` may join several columns."""

    id: str | None
    title: str | None
    text: list[str]
    company: str | None = None
    date: str | None = None
    location: str | None = None
    notes: list[str] = field(default_factory=list)

    def consumed(self) -> set[str]:
        """Columns that become contract columns (id, title, a date column named `month`) or
        are read as text; company and other date columns are passed through like any other."""
        return {c for c in (self.id, self.title, self.month_column) if c} | set(self.text)

    @property
    def month_column(self) -> str | None:
        """The date column when it is named `month`: the output `month` replaces it (passing
        it through too would only add an `input_month` copy)."""
        return self.date if self.date and self.date.lower() == "month" else None

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("notes")
        return data


def _matches(columns: list[str], candidate: str) -> list[str]:
    key = _candidate_keys(candidate)
    exact = [c for c in columns if _norm(c).replace(".", "") == key and "." not in c]
    if exact:
        return exact
    return [c for c in columns if _norm(c).rsplit(".", 1)[-1] == key]


def _pick(columns: list[str], candidates, role: str) -> str | None:
    for candidate in candidates:
        found = _matches(columns, candidate)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise _undecided(columns, f"several columns could be the {role} column: {', '.join(found)}", role)
    return None


def _override(columns: list[str], name: str, role: str) -> str:
    if name in columns:
        return name
    folded = [c for c in columns if c.lower() == name.lower()]
    if len(folded) == 1:
        return folded[0]
    raise _undecided(columns, f"--{role}-col {name!r} is not a column of the input", role)


def _undecided(columns: list[str], why: str, role: str) -> BatchError:
    shown = ", ".join(columns[:60]) + (f", ... ({len(columns)} in all)" if len(columns) > 60 else "")
    return BatchError(
        f"{why}. Columns seen: {shown or '(none)'}. Name it with --{role}-col.", code="E702"
    )


def detect_columns(
    columns: list[str],
    *,
    id_col: str | None = None,
    title_col: str | None = None,
    text_cols: list[str] | tuple[str, ...] | None = None,
    company_col: str | None = None,
    date_col: str | None = None,
    location_col: str | None = None,
) -> ColumnRoles:
    """Decide the role columns; explicit names win. Raises BatchError E702 listing the
    columns seen when no text column can be found or a role is ambiguous."""
    columns = list(columns)
    notes: list[str] = []
    if text_cols:
        text = [_override(columns, name, "text") for name in text_cols]
    else:
        text = []
        for group in TEXT_CANDIDATES:
            found = []
            for candidate in group:
                hits = _matches(columns, candidate)
                if len(hits) > 1:
                    raise _undecided(columns, f"several columns could be the text column: {', '.join(hits)}", "text")
                found += hits
            if found:
                text = found
                break
        if not text:
            raise _undecided(columns, "no posting text column found", "text")
    rest = [c for c in columns if c not in text]
    ident = _override(columns, id_col, "id") if id_col else _pick(rest, ID_CANDIDATES, "id")
    if ident is None:
        notes.append("no id column: ids are row numbers")
    rest = [c for c in rest if c != ident]
    title = _override(columns, title_col, "title") if title_col else _pick(rest, TITLE_CANDIDATES, "title")
    if title is None:
        notes.append("no title column: titles are null")
    rest = [c for c in rest if c != title]
    company = _override(columns, company_col, "company") if company_col else _pick(rest, COMPANY_CANDIDATES, "company")
    date = _override(columns, date_col, "date") if date_col else _pick(columns, DATE_CANDIDATES, "date")
    location = (_override(columns, location_col, "location") if location_col
                else _pick([c for c in rest if c != company], LOCATION_CANDIDATES, "location"))
    if date and date.lower() == "month":
        notes.append(f"column {date!r} gives `month` (first day of the month, a date); not passed through")
    return ColumnRoles(id=ident, title=title, text=text, company=company, date=date, location=location, notes=notes)
