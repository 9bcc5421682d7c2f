"""The work directory: a job only ever empties or removes the directory it created (the
one holding its marker file), never a --work-dir of the user's own or its contents."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from skillmap.batch import tag
from skillmap.batch.job import MARKER, job_dir
from skillmap.cli import _register, app
from skillmap.errors import BatchError

from .conftest import make_postings, write_jsonl

_register()


def _source(tmp_path):
    source = tmp_path / "in.jsonl"
    write_jsonl(source, make_postings(6))
    return source


def _user_folder(path):
    path.mkdir()
    (path / "notes.txt").write_text("mine")
    (path / "sub").mkdir()
    (path / "sub" / "data.csv").write_text("a,b\n")
    return path


def _untouched(path):
    return (path / "notes.txt").read_text() == "mine" and (path / "sub" / "data.csv").read_text() == "a,b\n"


def test_an_existing_work_dir_survives_the_job(sm, tmp_path):
    scratch = _user_folder(tmp_path / "scratch")
    summary = tag(inputs=[_source(tmp_path)], output=tmp_path / "out.parquet", workers=1, pipeline=sm,
                  work_dir=scratch)
    assert summary.tagged == 6
    assert _untouched(scratch)
    assert sorted(p.name for p in scratch.iterdir()) == ["notes.txt", "sub"]  # the job's subdirectory is gone


def test_the_job_works_in_its_own_marked_subdirectory(sm, tmp_path):
    scratch = _user_folder(tmp_path / "scratch")
    tag(inputs=[_source(tmp_path)], output=tmp_path / "out.parquet", workers=1, pipeline=sm,
        work_dir=scratch, keep_work=True)
    own = job_dir(tmp_path / "out.parquet", scratch)
    assert own.parent == scratch and (own / MARKER).is_file() and (own / "manifest.json").is_file()


def test_restart_empties_only_what_the_job_owns(sm, tmp_path):
    scratch = _user_folder(tmp_path / "scratch")
    source = _source(tmp_path)
    tag(inputs=[source], output=tmp_path / "out.parquet", workers=1, pipeline=sm, work_dir=scratch, keep_work=True)
    summary = tag(inputs=[source], output=tmp_path / "out.parquet", workers=1, pipeline=sm, work_dir=scratch,
                  restart=True, chunk_size=2)
    assert summary.tagged == 6 and summary.resumed_chunks == 0
    assert _untouched(scratch)


def test_a_foreign_non_empty_job_directory_is_refused_and_kept(sm, tmp_path):
    # The default work directory's name is taken by a folder the job did not create.
    foreign = _user_folder(tmp_path / "out.parquet.work")
    for restart in (False, True):
        with pytest.raises(BatchError) as err:
            tag(inputs=[_source(tmp_path)], output=tmp_path / "out.parquet", workers=1, pipeline=sm, restart=restart)
        assert err.value.code == "E708" and str(foreign) in err.value.message and "notes.txt" in err.value.message
        assert _untouched(foreign)
    assert not (tmp_path / "out.parquet").exists()


def test_an_empty_existing_job_directory_is_adopted(sm, tmp_path):
    (tmp_path / "out.parquet.work").mkdir()
    assert tag(inputs=[_source(tmp_path)], output=tmp_path / "out.parquet", workers=1, pipeline=sm).tagged == 6
    assert not (tmp_path / "out.parquet.work").exists()


def test_cli_refuses_a_foreign_work_directory_cleanly(tmp_path):
    _user_folder(tmp_path / "out.parquet.work")
    result = CliRunner().invoke(app, ["tag", str(_source(tmp_path)), "-o", str(tmp_path / "out.parquet"),
                                      "--workers", "1", "--quiet"])
    assert result.exit_code == 8 and "E708" in result.output and "Traceback" not in result.output
