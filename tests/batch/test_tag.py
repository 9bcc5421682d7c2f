"""`skillmap tag` end to end, in process (workers=1): formats, rejects, pass-through,
determinism, resume and the CLI surface."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
from types import SimpleNamespace

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from skillmap.batch import tag
from skillmap.batch.job import MANIFEST, PARTS
from skillmap.cli import _register, app
from skillmap.errors import BatchError
from skillmap.io.readers import iter_chunks, open_input
from skillmap.io.schema import MENTION_COLUMNS, POSTING_COLUMNS

from .conftest import make_postings, write_jsonl

_register()


def run_tag(sm, inputs, output, **kwargs):
    kwargs.setdefault("workers", 1)
    kwargs.setdefault("chunk_size", 7)
    return tag(inputs=inputs, output=output, pipeline=sm, **kwargs)


def read_rows(path):
    return pq.read_table(path).to_pylist()


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def write_csv(path, rows, delimiter=","):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)


def write_xlsx(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    workbook.save(path)


WRITERS = {
    "postings.jsonl": lambda p, rows: write_jsonl(p, rows),
    "postings.jsonl.gz": lambda p, rows: p.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())),
    "postings.csv": write_csv,
    "postings.csv.gz": write_csv,
    "postings.tsv": lambda p, rows: write_csv(p, rows, "\t"),
    "postings.parquet": lambda p, rows: pq.write_table(pa.Table.from_pylist(rows), p),
    "postings.parquet.gz": lambda p, rows: p.write_bytes(gzip.compress(_parquet_bytes(rows))),
    "postings.xlsx": write_xlsx,
    "postings.export": lambda p, rows: write_csv(p, rows, "\t"),  # no known extension: sniffed
}


def _parquet_bytes(rows) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(rows), sink)
    return sink.getvalue().to_pybytes()


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_format_gives_the_same_rows(sm, tmp_path, postings, name):
    source = tmp_path / name
    WRITERS[name](source, postings)
    summary = run_tag(sm, [source], tmp_path / "out.parquet")
    rows = read_rows(tmp_path / "out.parquet")
    assert summary.tagged == len(postings) and summary.rejected == 0
    assert [r["id"] for r in rows] == [p["id"] for p in postings]
    reference = tmp_path / "ref.parquet"
    WRITERS["postings.jsonl"](tmp_path / "ref.jsonl", postings)
    run_tag(sm, [tmp_path / "ref.jsonl"], reference)
    assert rows == read_rows(reference)
    first = rows[0]
    assert first["month"] == dt.date(2024, 1, 1) and first["location"] == postings[0]["location"]
    assert first["company"] == postings[0]["company"]
    assert list(first)[: len(POSTING_COLUMNS)] == list(POSTING_COLUMNS)
    assert any(r["ev_related"] for r in rows)
    assert not (tmp_path / "out.parquet.work").exists()


def test_bad_rows_go_to_rejects_and_the_job_goes_on(sm, tmp_path):
    rows = make_postings(10)
    rows[2]["text"] = ""
    rows[3]["text"] = 42
    rows[4]["text"] = None
    del rows[5]["text"]
    rows[6]["text"] = "x" * 5000
    rows[7]["text"] = "\x00\x01binary" * 100
    source = tmp_path / "in.jsonl"
    write_jsonl(source, rows, bad_lines={1: "{not json", 9: "[1, 2]", 11: ""})
    summary = run_tag(sm, [source], tmp_path / "out.parquet", max_chars=4000)
    rejects = read_jsonl(tmp_path / "out.parquet.rejects.jsonl")
    assert [(r["row"], r["id"], r["code"]) for r in rejects] == [
        (2, None, "E703"),
        (4, "p00002", "E201"),
        (5, "p00003", "E202"),
        (6, "p00004", "E704"),
        (7, "p00005", "E704"),
        (8, "p00006", "E203"),
        (9, "p00007", "E204"),
        (10, None, "E703"),
    ]
    assert all(r["reason"] and r["source"].endswith("in.jsonl") for r in rejects)
    assert summary.tagged == 4 and summary.rejected == 8
    assert [r["id"] for r in read_rows(tmp_path / "out.parquet")] == ["p00000", "p00001", "p00008", "p00009"]


def test_csv_rows_with_extra_fields_are_rejected(sm, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text('id,title,text\na,T,"Install EV chargers."\nb,T,Repair chargers,oops\n\nc,,"Valid driver\'s license"\n')
    summary = run_tag(sm, [source], tmp_path / "out.csv")
    assert summary.tagged == 2
    [reject] = read_jsonl(tmp_path / "out.csv.rejects.jsonl")
    assert (reject["row"], reject["code"]) == (2, "E703")
    with open(tmp_path / "out.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["a", "c"]
    assert json.loads(rows[1]["qualifications"]) == ["drivers_license"]
    assert rows[1]["title"] == "" and rows[0]["ev_related"] == "true"


def test_pass_through_columns_are_prefixed_on_a_clash(sm, tmp_path):
    rows = [
        {"ID": "1", "TITLE_RAW": "EV Tech", "TITLE": "EV Technician", "BODY": "Install EV chargers.",
         "SOC_CODE": "49-2098", "month": "2024-02", "Education": "HS"},
    ]
    source = tmp_path / "lightcast.csv"
    write_csv(source, rows)
    run_tag(sm, [source], tmp_path / "out.parquet")
    [row] = read_rows(tmp_path / "out.parquet")
    assert row["id"] == "1" and row["title"] == "EV Tech"
    assert row["input_TITLE"] == "EV Technician" and row["input_SOC_CODE"] == "49-2098"
    # The input's `month` becomes the typed output month, not also an `input_month` copy.
    assert "input_month" not in row and row["month"] == dt.date(2024, 2, 1) and row["Education"] == "HS"
    assert "BODY" not in row and "TITLE_RAW" not in row


def test_nested_json_lines_usajobs(sm, tmp_path):
    line = {
        "MatchedObjectId": "784", "MatchedObjectDescriptor": {
            "PositionTitle": "Electrician", "PublicationStartDate": "2024-06-03T00:00:00",
            "QualificationSummary": "Valid driver's license required.",
            "UserArea": {"Details": {"JobSummary": "Install Level 2 EV chargers.", "MajorDuties": ["a", "b"]}},
        },
    }
    source = tmp_path / "usajobs.jsonl"
    write_jsonl(source, [line])
    run_tag(sm, [source], tmp_path / "out.parquet")
    [row] = read_rows(tmp_path / "out.parquet")
    assert row["id"] == "784" and row["title"] == "Electrician" and row["month"] == dt.date(2024, 6, 1)
    assert "ev_charger_installation" in row["specialized_skills"] and "drivers_license" in row["qualifications"]
    assert row["MatchedObjectDescriptor.UserArea.Details.MajorDuties"] == '["a", "b"]'


def test_parquet_pass_through_keeps_types_and_parts_do_not_change_rows(sm, tmp_path, postings):
    table = pa.Table.from_pylist(postings).append_column("salary", pa.array(range(len(postings)), pa.int32()))
    source = tmp_path / "in.parquet"
    pq.write_table(table, source, row_group_size=5)
    run_tag(sm, [source], tmp_path / "a.parquet", chunk_size=3)
    run_tag(sm, [source], tmp_path / "b.parquet", chunk_size=100)
    assert pq.read_schema(tmp_path / "a.parquet").field("salary").type == pa.int32()
    assert read_rows(tmp_path / "a.parquet") == read_rows(tmp_path / "b.parquet")


def test_output_is_byte_identical_across_runs(sm, tmp_path, postings):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, postings)
    for fmt in ("parquet", "csv", "jsonl", "jsonl.gz"):
        first, second = tmp_path / f"1.{fmt}", tmp_path / f"2.{fmt}"
        run_tag(sm, [source], first, mentions=tmp_path / f"m1.{fmt}")
        run_tag(sm, [source], second, mentions=tmp_path / f"m2.{fmt}")
        assert first.read_bytes() == second.read_bytes(), fmt
        assert (tmp_path / f"m1.{fmt}").read_bytes() == (tmp_path / f"m2.{fmt}").read_bytes(), fmt


def test_mentions_table(sm, tmp_path, postings):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, postings)
    summary = run_tag(sm, [source], tmp_path / "out.parquet", mentions=tmp_path / "mentions.jsonl")
    mentions = read_jsonl(tmp_path / "mentions.jsonl")
    assert summary.mention_rows == len(mentions) > len(postings)
    assert list(mentions[0]) == list(MENTION_COLUMNS)
    by_id = {p["id"]: p for p in postings}
    for m in mentions:
        if m["source"] == "text":
            assert by_id[m["id"]]["text"][m["start"]:m["end"]] == m["text"]


def test_several_inputs_get_a_source_column(sm, tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"text": "Install EV chargers."}])
    write_jsonl(tmp_path / "b.jsonl", [{"text": "Repair DC fast chargers.", "city": "LA"}])
    run_tag(sm, [tmp_path / "a.jsonl", tmp_path / "b.jsonl"], tmp_path / "out.parquet")
    rows = read_rows(tmp_path / "out.parquet")
    assert [(r["id"], r["source"], r["city"]) for r in rows] == [("a.jsonl:1", "a.jsonl", None), ("b.jsonl:1", "b.jsonl", "LA")]


def test_title_coder_is_used_when_the_pipeline_has_one(sm, tmp_path, postings):
    from .test_rows import FakeCoder

    coder = FakeCoder()
    fake = SimpleNamespace(taxonomy=sm.taxonomy, extract=sm.extract, code_title=coder)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, postings[:3])
    run_tag(fake, [source], tmp_path / "out.parquet")
    rows = read_rows(tmp_path / "out.parquet")
    assert [r["soc_code"] for r in rows] == ["49-2098"] * 3
    assert [c[0] for c in coder.calls] == [p["title"] for p in postings[:3]]


def test_resume_skips_finished_chunks_and_redoes_the_rest(sm, tmp_path):
    rows = make_postings(30)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, rows, bad_lines={4: "{broken"})
    output = tmp_path / "out.parquet"
    run_tag(sm, [source], output, chunk_size=5, keep_work=True)
    expected = output.read_bytes()
    expected_rejects = (tmp_path / "out.parquet.rejects.jsonl").read_text()
    parts = tmp_path / "out.parquet.work" / PARTS
    # As if killed: output never assembled, some chunks lost, one half-written temp file.
    output.unlink()
    for lost in ("000-0000001", "000-0000004"):
        for path in parts.glob(lost + ".*"):
            path.unlink()
    (parts / "000-0000002.rows.arrow.tmp99").write_bytes(b"half")
    summary = run_tag(sm, [source], output, chunk_size=5)
    # The chunks as the job cuts them (the last ones in smaller pieces, see iter_chunks).
    cut = list(iter_chunks(open_input(source), 0, 5))
    assert summary.resumed_chunks == len(cut) - 2 and summary.chunks == len(cut)
    assert summary.processed_rows == len(cut[1]) + len(cut[4])
    assert summary.tagged == 30 and summary.rejected == 1
    assert output.read_bytes() == expected
    assert (tmp_path / "out.parquet.rejects.jsonl").read_text() == expected_rejects
    assert not (tmp_path / "out.parquet.work").exists()


def test_a_changed_job_does_not_reuse_the_work_directory(sm, tmp_path, postings):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, postings)
    output = tmp_path / "out.parquet"
    run_tag(sm, [source], output, keep_work=True)
    assert (tmp_path / "out.parquet.work" / MANIFEST).is_file()
    with pytest.raises(BatchError) as err:
        run_tag(sm, [source], output, chunk_size=3)
    assert err.value.code == "E705" and "chunk_size" in str(err.value)
    summary = run_tag(sm, [source], output, chunk_size=3, restart=True)
    assert summary.tagged == len(postings) and summary.resumed_chunks == 0


def test_empty_input_writes_an_empty_table(sm, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("id,title,text\n")
    summary = run_tag(sm, [source], tmp_path / "out.parquet")
    assert summary.tagged == 0
    assert pq.read_schema(tmp_path / "out.parquet").names[: len(POSTING_COLUMNS)] == list(POSTING_COLUMNS)


# -- CLI ---------------------------------------------------------------------------------
runner = CliRunner()


def test_cli_help_has_an_example():
    result = runner.invoke(app, ["tag", "--help"])
    assert result.exit_code == 0 and "Example: skillmap tag" in result.output


def test_cli_reports_undecidable_columns(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("key,headline,where\n1,EV Tech,LA\n")
    result = runner.invoke(app, ["tag", str(source), "-o", str(tmp_path / "out.parquet"), "--quiet"])
    assert result.exit_code == 8
    assert "E702" in result.output and "key, headline, where" in result.output


def test_cli_tags_with_overrides(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("key,headline,words\nk1,EV Tech,Install Level 2 EV chargers.\n")
    result = runner.invoke(
        app,
        ["tag", str(source), "-o", str(tmp_path / "out.jsonl"), "--id-col", "key", "--title-col", "headline",
         "--text-col", "words", "--workers", "1"],
    )
    assert result.exit_code == 0, result.output
    assert "Tagged 1 postings, rejected 0" in result.output
    [row] = read_jsonl(tmp_path / "out.jsonl")
    assert row["id"] == "k1" and row["title"] == "EV Tech" and "ev_charger_installation" in row["specialized_skills"]


def test_cli_unknown_output_format(tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, make_postings(1))
    result = runner.invoke(app, ["tag", str(source), "-o", str(tmp_path / "out.xyz")])
    assert result.exit_code == 8 and "E706" in result.output


def test_cli_defaults_are_the_library_defaults():
    import inspect

    from skillmap.batch import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_CHARS
    from skillmap.cli.tag import tag_cli

    params = inspect.signature(tag_cli).parameters
    assert params["chunk_size"].default.default == DEFAULT_CHUNK_SIZE
    assert params["max_chars"].default.default == DEFAULT_MAX_CHARS


def test_a_second_job_on_the_same_work_directory_is_refused(sm, tmp_path, postings):
    from skillmap.batch.job import _claim, _lock

    source = tmp_path / "in.jsonl"
    write_jsonl(source, postings)
    work = tmp_path / "out.parquet.work"
    _claim(work)
    held = _lock(work)
    try:
        with pytest.raises(BatchError, match="another skillmap tag is running"):
            run_tag(sm, [source], tmp_path / "out.parquet", restart=True)
        assert work.is_dir()
    finally:
        held.close()
    assert run_tag(sm, [source], tmp_path / "out.parquet").tagged == len(postings)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_worker_processes_give_the_in_process_rows(sm, tmp_path, postings, start_method):
    # Parquet input: the parent has used pyarrow before it forks.
    source = tmp_path / "postings.parquet"
    pq.write_table(pa.Table.from_pylist(postings), source)
    reference = run_tag(sm, [source], tmp_path / "one.parquet", mentions=tmp_path / "one.mentions.parquet")
    pooled = tag(
        inputs=[source], output=tmp_path / "two.parquet", mentions=tmp_path / "two.mentions.parquet",
        workers=2, chunk_size=3, start_method=start_method,
    )
    assert pooled.tagged == reference.tagged > 0
    # The same rows whatever the chunking: parts are assembled in input order.
    assert read_rows(tmp_path / "two.parquet") == read_rows(tmp_path / "one.parquet")
    assert read_rows(tmp_path / "two.mentions.parquet") == read_rows(tmp_path / "one.mentions.parquet")


def test_unknown_start_method_is_refused(sm, tmp_path, postings):
    write_jsonl(tmp_path / "in.jsonl", postings)
    with pytest.raises(BatchError, match="start method"):
        tag(inputs=[tmp_path / "in.jsonl"], output=tmp_path / "o.parquet", workers=2, start_method="thread")


def test_cli_process_ends_cleanly_after_tagging(tmp_path, postings):
    # The tag command ends its process without tearing the pipeline down: the summary
    # must still be printed and every output complete.
    import subprocess
    import sys

    write_jsonl(tmp_path / "in.jsonl", postings[:3])
    done = subprocess.run(
        [sys.executable, "-c", "from skillmap.cli import main; main()", "tag", str(tmp_path / "in.jsonl"),
         "-o", str(tmp_path / "out.jsonl"), "--workers", "1"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Tagged 3 postings" in done.stderr
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 3


def test_fork_is_the_default_only_without_other_threads():
    import threading

    from skillmap.batch import job

    stop = threading.Event()
    if threading.active_count() == 1:
        assert job._can_fork() is sys_is_linux()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert job._can_fork() is False  # e.g. a notebook kernel: spawn instead
    finally:
        stop.set()
        helper.join()


def sys_is_linux() -> bool:
    import sys

    return sys.platform.startswith("linux")


def test_repeated_posting_ids_are_noted_with_counts(sm, tmp_path):
    rows = [{"id": pid, "title": "Electrician", "text": f"Install Level 2 chargers. Posting {n}."}
            for n, pid in enumerate(["a", "b", "a", "c", "a", "b", "d"])]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    summary = run_tag(sm, [source], tmp_path / "out.parquet", chunk_size=2)
    assert summary.tagged == 7  # every row kept
    assert "2 posting ids occur more than once (3 rows beyond the first of each)" in " ".join(summary.notes)

    unique = tmp_path / "unique.jsonl"
    unique.write_text("".join(json.dumps({**r, "id": str(n)}) + "\n" for n, r in enumerate(rows)), encoding="utf-8")
    assert not any("occur more than once" in n for n in run_tag(sm, [unique], tmp_path / "u.parquet").notes)
