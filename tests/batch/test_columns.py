"""Column detection for the export layouts users bring, and month derivation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillmap.errors import BatchError
from skillmap.io.columns import detect_columns
from skillmap.io.dates import to_month


@pytest.mark.parametrize(
    "columns, expected",
    [
        (["ID", "TITLE_RAW", "TITLE", "BODY", "POSTED", "COMPANY_NAME", "SOC_2021_5"], ("ID", "TITLE_RAW", ["BODY"], "COMPANY_NAME", "POSTED")),
        (["job_id", "company_name", "title", "description", "listed_time", "location"], ("job_id", "title", ["description"], "company_name", "listed_time")),
        (["jobkey", "jobtitle", "company", "snippet", "date", "city"], ("jobkey", "jobtitle", ["snippet"], "company", "date")),
        (["jobkey", "jobtitle", "snippet", "description"], ("jobkey", "jobtitle", ["description"], None, None)),
        (
            ["MatchedObjectId", "MatchedObjectDescriptor.PositionTitle",
             "MatchedObjectDescriptor.UserArea.Details.JobSummary",
             "MatchedObjectDescriptor.QualificationSummary", "MatchedObjectDescriptor.OrganizationName",
             "MatchedObjectDescriptor.PublicationStartDate"],
            ("MatchedObjectId", "MatchedObjectDescriptor.PositionTitle",
             ["MatchedObjectDescriptor.UserArea.Details.JobSummary", "MatchedObjectDescriptor.QualificationSummary"],
             "MatchedObjectDescriptor.OrganizationName", "MatchedObjectDescriptor.PublicationStartDate"),
        ),
        (["id", "title", "text"], ("id", "title", ["text"], None, None)),
        (["Job Title", "Job Description"], (None, "Job Title", ["Job Description"], None, None)),
    ],
    ids=["lightcast", "linkedin", "indeed-snippet", "indeed-description", "usajobs", "plain", "spaces"],
)
def test_detects_known_layouts(columns, expected):
    roles = detect_columns(columns)
    assert (roles.id, roles.title, roles.text, roles.company, roles.date) == expected


def test_overrides_win_and_are_case_insensitive():
    roles = detect_columns(["id", "title", "text", "Notes", "Headline"], text_cols=["notes"], title_col="headline")
    assert roles.text == ["Notes"] and roles.title == "Headline"
    assert roles.consumed() == {"id", "Headline", "Notes"}


def test_no_text_column_lists_the_columns_seen():
    with pytest.raises(BatchError) as err:
        detect_columns(["posting_key", "headline", "where"])
    assert err.value.code == "E702"
    assert "posting_key, headline, where" in str(err.value) and "--text-col" in str(err.value)


def test_unknown_override_is_an_error():
    with pytest.raises(BatchError, match="--id-col 'nope'"):
        detect_columns(["id", "text"], id_col="nope")


def test_ambiguous_nested_columns_are_an_error():
    with pytest.raises(BatchError, match="several columns"):
        detect_columns(["a.description", "b.description"])


@pytest.mark.parametrize(
    "value, month",
    [
        ("2024-03-15", "2024-03"),
        ("2024-03", "2024-03"),
        ("2024-03-15T10:00:00Z", "2024-03"),
        ("20240315", "2024-03"),
        ("3/15/2024", "2024-03"),
        ("Mon, 02 Dec 2013 09:12:34 GMT", "2013-12"),
        ("January 5, 2025", "2025-01"),
        ("5 Feb 2025", "2025-02"),
        (1710460800, "2024-03"),  # epoch seconds
        (1710460800000, "2024-03"),  # epoch milliseconds (LinkedIn listed_time)
        ("1710460800000.0", "2024-03"),
        (202403, "2024-03"),
        (dt.date(2024, 3, 1), "2024-03"),
        (dt.datetime(2024, 3, 1, 12), "2024-03"),
        ("", None),
        ("soon", None),
        (None, None),
        (float("nan"), None),
        ("2024-13-01", None),
    ],
)
def test_to_month(value, month):
    assert to_month(value) == month


@given(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 12, 31)))
def test_to_month_reads_iso_and_epoch_alike(stamp):
    expected = f"{stamp.year:04d}-{stamp.month:02d}"
    assert to_month(stamp.isoformat()) == expected
    assert to_month(stamp.replace(tzinfo=dt.UTC).timestamp()) == expected
