"""A resumed job never mixes in stale or missing parts: inputs are keyed on content, a
chunk counts as done only with all of its parts, and completion is recorded once the
outputs are whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from skillmap.batch import tag
from skillmap.errors import BatchError

from .conftest import make_postings, write_jsonl


def test_an_in_place_edit_keeping_size_and_mtime_is_noticed(sm, tmp_path):
    rows = make_postings(8)
    source = tmp_path / "in.jsonl"
    write_jsonl(source, rows)
    output = tmp_path / "out.parquet"
    tag(inputs=[source], output=output, workers=1, chunk_size=3, pipeline=sm, keep_work=True)
    before = source.stat()
    data = source.read_bytes()
    edited = data.replace(rows[0]["id"].encode(), b"X" * len(rows[0]["id"]), 1)
    assert len(edited) == len(data) and edited != data
    source.write_bytes(edited)
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(BatchError) as err:
        tag(inputs=[source], output=output, workers=1, chunk_size=3, pipeline=sm)
    assert err.value.code == "E705" and "inputs" in err.value.message


def _job(sm, source, tmp_path, **kwargs):
    kwargs.setdefault("workers", 1)
    kwargs.setdefault("chunk_size", 4)
    return tag(inputs=[source], output=tmp_path / "out.parquet", mentions=tmp_path / "m.parquet", pipeline=sm,
               **kwargs)


def _outputs(tmp_path):
    return [(tmp_path / name).read_bytes() for name in ("out.parquet", "m.parquet", "out.parquet.rejects.jsonl")]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "in.jsonl"
    write_jsonl(path, make_postings(20), bad_lines={5: "{broken"})
    return path


@pytest.fixture
def reference(sm, source, tmp_path):
    folder = tmp_path / "reference"
    folder.mkdir()
    _job(sm, source, folder)
    return _outputs(folder)


def test_a_chunk_missing_a_part_is_redone_not_skipped(sm, source, tmp_path, reference):
    # A cleanup killed half-way used to leave chunks whose mention part was gone: the
    # rerun skipped them and exited 0 with mention rows missing.
    _job(sm, source, tmp_path, keep_work=True)
    parts = tmp_path / "out.parquet.work" / "parts"
    (tmp_path / "out.parquet.work" / "complete.json").unlink(missing_ok=True)
    for lost in sorted(parts.glob("*.mentions.arrow"))[::2]:
        lost.unlink()
    (tmp_path / "out.parquet").unlink()
    summary = _job(sm, source, tmp_path)
    assert 0 < summary.resumed_chunks < summary.chunks
    assert _outputs(tmp_path) == reference


def test_assembly_refuses_a_missing_part(tmp_path):
    from skillmap.batch import output as out

    with pytest.raises(BatchError) as err:
        out.assemble_jsonl([tmp_path / "000-0000000.rejects.jsonl"], tmp_path / "r.jsonl")
    assert err.value.code == "E700" and "part file missing" in err.value.message
    with pytest.raises(BatchError):
        out.assemble([tmp_path / "000-0000000.rows.arrow"], tmp_path / "o.parquet", "parquet", out.mention_schema())
    assert not list(tmp_path.iterdir())


def test_a_completed_job_killed_during_cleanup_is_not_redone(sm, source, tmp_path, reference):
    _job(sm, source, tmp_path, keep_work=True)  # as if killed right after the completion record
    assert (tmp_path / "out.parquet.work" / "complete.json").is_file()
    summary = _job(sm, source, tmp_path)
    assert summary.processed_rows == 0 and summary.tagged == 20 and summary.rejected == 1
    assert _outputs(tmp_path) == reference and not (tmp_path / "out.parquet.work").exists()


def test_a_completion_record_whose_output_changed_is_not_trusted(sm, source, tmp_path, reference):
    _job(sm, source, tmp_path, keep_work=True)
    (tmp_path / "m.parquet").write_bytes(b"truncated")
    _job(sm, source, tmp_path)  # re-assembled from the parts
    assert _outputs(tmp_path) == reference


def test_a_half_removed_work_directory_is_cleared_and_the_job_redone(sm, source, tmp_path, reference):
    _job(sm, source, tmp_path, keep_work=True)
    work = tmp_path / "out.parquet.work"
    removing = work.rename(tmp_path / "out.parquet.work.removing12345")  # cleanup killed mid-way
    for part in sorted((removing / "parts").iterdir())[::3]:
        part.unlink()
    summary = _job(sm, source, tmp_path)
    assert summary.resumed_chunks == 0 and not removing.exists() and not work.exists()
    assert _outputs(tmp_path) == reference


# -- disk full, read-only output ------------------------------------------------------------
def _failing_after(real, calls: int, error: OSError):
    count = {"n": 0}

    def fake(*args, **kwargs):
        count["n"] += 1
        if count["n"] > calls:
            raise error
        return real(*args, **kwargs)

    return fake


def test_disk_full_while_tagging_is_a_clear_error_and_resume_works(sm, source, tmp_path, reference, monkeypatch):
    import errno

    from skillmap.batch import output as out

    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.arrow.tmp1"))
    monkeypatch.setattr(out, "write_part", _failing_after(out.write_part, 5, full))
    with pytest.raises(BatchError) as err:
        _job(sm, source, tmp_path)
    assert err.value.code == "E706" and "disk is full" in err.value.message and "x.arrow" in err.value.message
    monkeypatch.undo()  # space freed
    summary = _job(sm, source, tmp_path)
    assert summary.resumed_chunks > 0 and _outputs(tmp_path) == reference


def test_disk_full_in_a_worker_process_is_a_clear_error(sm, source, tmp_path, monkeypatch):
    import errno

    from skillmap.batch import output as out

    full = OSError(errno.ENOSPC, "No space left on device", "part.tmp")
    monkeypatch.setattr(out, "write_part", _failing_after(out.write_part, 1, full))  # forked workers inherit it
    with pytest.raises(BatchError) as err:
        _job(sm, source, tmp_path, workers=2, start_method="fork")
    assert err.value.code == "E706" and "disk is full" in err.value.message


def test_disk_full_during_assembly_is_a_clear_error(sm, source, tmp_path, reference, monkeypatch):
    import errno

    from skillmap.batch import output as out

    def full(parts, dest, schema, gz):
        dest.write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(out._WRITERS, "parquet", full)
    with pytest.raises(BatchError) as err:
        _job(sm, source, tmp_path)
    assert err.value.code == "E706" and "No space left" in err.value.message
    assert not list(tmp_path.glob("*.tmp*"))
    monkeypatch.undo()
    assert _job(sm, source, tmp_path).processed_rows == 0  # every chunk kept, only assembled
    assert _outputs(tmp_path) == reference


def test_a_read_only_output_directory_is_refused_before_tagging(sm, source, tmp_path, monkeypatch):
    import errno
    import tempfile

    from typer.testing import CliRunner

    from skillmap.cli import _register, app

    _register()
    real = tempfile.mkstemp
    readonly = tmp_path / "out"
    readonly.mkdir()

    def mkstemp(*args, dir=None, **kwargs):  # root ignores permission bits: simulate EROFS
        if dir is not None and Path(dir) == readonly:
            raise OSError(errno.EROFS, "Read-only file system", str(dir))
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    work = tmp_path / "scratch"
    with pytest.raises(BatchError) as err:
        tag(inputs=[source], output=readonly / "out.parquet", work_dir=work, workers=1, pipeline=sm)
    assert err.value.code == "E706" and "not writable" in err.value.message and str(readonly) in err.value.message
    assert not list((work / "out.parquet.work").glob("parts/*"))
    result = CliRunner().invoke(app, ["tag", str(source), "-o", str(readonly / "out.parquet"), "--work-dir",
                                      str(work), "--workers", "1", "--quiet"])
    assert result.exit_code == 8 and "E706" in result.output and "Traceback" not in result.output
