"""Provenance: the tagged Parquet records what tagged it; reports carry it in JSON and the
HTML footer, and warn when their inputs were tagged differently."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from skillmap import __version__
from skillmap.aggregate import frequency_report
from skillmap.batch import tag
from skillmap.cli import _register, app
from skillmap.provenance import METADATA_KEY, read_parquet_provenance, tagging_provenance
from skillmap.report import render_report
from tests.batch.conftest import make_postings, write_jsonl
from tests.tagged_fixture import ROWS, write

_register()


def test_tagged_parquet_records_version_taxonomy_and_model(sm, tmp_path):
    source = tmp_path / "postings.jsonl"
    write_jsonl(source, make_postings(12))
    out = tmp_path / "tagged.parquet"
    tag(inputs=[source], output=out, workers=1, pipeline=sm)
    recorded = json.loads(pq.read_schema(out).metadata[METADATA_KEY])
    assert recorded == tagging_provenance() == read_parquet_provenance(out)
    assert recorded["skillmap_version"] == __version__
    assert recorded["taxonomy"]["name"] == sm.taxonomy.name and recorded["taxonomy"]["version"] == sm.taxonomy.version
    assert len(recorded["taxonomy"]["sha256"]) == 64
    assert recorded["model_sha256"] is None or len(recorded["model_sha256"]) == 64

    report = frequency_report(out)
    provenance = report.to_dict()["provenance"]
    assert provenance["tagged_by"] == [{**recorded, "files": 1}] and provenance["untracked_files"] == 0
    assert provenance["skillmap_version"] == __version__ and provenance["filters"]["ev_related"] is False
    assert not any("different skillmap versions" in w for w in report.warnings)
    footer = render_report(report, "html").split("<footer>")[1]
    assert f"input tagged by skillmap {__version__}, taxonomy {sm.taxonomy.name}" in footer
    assert recorded["taxonomy"]["sha256"][:12] in footer and "no filters" in footer


def _stamped(path, provenance):
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata({METADATA_KEY: json.dumps(provenance).encode()}), path)
    return path


def test_report_warns_when_inputs_were_tagged_differently(tmp_path):
    folder = tmp_path / "parts"
    folder.mkdir()
    old = {"skillmap_version": "0.0.9", "taxonomy": {"name": "ev_evse", "version": "2024.1", "sha256": "a" * 64},
           "model_sha256": "b" * 64}
    new = {**old, "skillmap_version": "0.1.0", "taxonomy": {**old["taxonomy"], "version": "2025.1", "sha256": "c" * 64}}
    _stamped(write(ROWS[:6], folder / "a.parquet", "parquet"), old)
    _stamped(write(ROWS[6:], folder / "b.parquet", "parquet"), new)
    write(ROWS[:1], folder / "c.parquet", "parquet")  # written by another tool: no provenance

    report = frequency_report(folder)
    runs = report.provenance["tagged_by"]
    assert [r["skillmap_version"] for r in runs] == ["0.0.9", "0.1.0"] and report.provenance["untracked_files"] == 1
    mixed = [w for w in report.warnings if "different skillmap versions" in w]
    assert len(mixed) == 1 and "skillmap 0.0.9, taxonomy ev_evse 2024.1" in mixed[0] and "2025.1" in mixed[0]

    result = CliRunner().invoke(app, ["report", str(folder), "--json", "--min-n", "1"])
    assert result.exit_code == 0
    assert "Warning: the inputs were tagged by different skillmap versions" in result.stderr
    assert json.loads(result.stdout)["provenance"]["tagged_by"] == runs


def test_text_inputs_count_as_untracked(tmp_path):
    report = frequency_report(write(ROWS, tmp_path / "t.jsonl", "jsonl"))
    assert report.provenance["tagged_by"] == [] and report.provenance["untracked_files"] == 1
