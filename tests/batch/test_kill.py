"""kill -9 in the middle of `skillmap tag`, then the same command again: every good
posting exactly once, every bad row in the rejects file once, no worker left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from .conftest import make_postings, write_jsonl

BAD_LINES = {10: "{truncated", 777: '{"id": "empty", "text": "  "}', 1400: "[]"}


def _command(source: Path, output: Path) -> list[str]:
    return [
        sys.executable, "-c", "from skillmap.cli import main; main()",
        "tag", str(source), "-o", str(output), "--workers", "2", "--chunk-size", "20", "--quiet",
    ]


def _children(pid: int) -> list[int]:
    """Child process ids, from the ppid field of /proc/*/stat (works on any Linux kernel)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_kill_9_then_rerun_gives_each_posting_once(sm, tmp_path):
    rows = make_postings(1500, seed=11)
    source = tmp_path / "postings.jsonl"
    write_jsonl(source, rows, bad_lines=BAD_LINES)
    output = tmp_path / "tagged.parquet"
    parts = tmp_path / "tagged.parquet.work" / "parts"

    process = subprocess.Popen(_command(source, output), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    workers: list[int] = []
    while time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid) or workers
        if parts.is_dir() and len(list(parts.glob("*.done.json"))) >= 6:
            break
        time.sleep(0.02)
    assert process.poll() is None, process.communicate()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_at_kill = len(list(parts.glob("*.done.json")))
    assert not output.exists() and 6 <= done_at_kill < 76  # 1,503 lines / 20 = 76 chunks
    # The orphaned workers notice their parent is gone and exit.
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not any(_alive(pid) for pid in workers)

    rerun = subprocess.run(_command(source, output), capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    ids = pq.read_table(output, columns=["id"]).column("id").to_pylist()
    assert ids == [r["id"] for r in rows]  # all, once, in input order
    rejects = [json.loads(line) for line in (tmp_path / "tagged.parquet.rejects.jsonl").read_text().splitlines()]
    assert [(r["row"], r["code"]) for r in rejects] == [(11, "E703"), (778, "E201"), (1401, "E703")]
    assert not (tmp_path / "tagged.parquet.work").exists()
    # Killed, resumed, two workers: the same bytes as one uninterrupted in-process run.
    from skillmap.batch import tag

    tag(inputs=[source], output=tmp_path / "reference.parquet", workers=1, chunk_size=20, pipeline=sm)
    assert output.read_bytes() == (tmp_path / "reference.parquet").read_bytes()


# A job killed (SIGKILL, from inside, at an exact point) during assembly or cleanup; the
# rerun must give every posting and every mention exactly once: the bytes of a run that
# was never interrupted.
KILL_AT = '''
import os, signal, sys
from pathlib import Path
point = sys.argv.pop(1)
from skillmap.batch import job, output as out

def die():
    os.kill(os.getpid(), signal.SIGKILL)

if point == "assembly, inside the posting output":
    tables = out._tables
    def killing_tables(parts, schema):
        for i, table in enumerate(tables(parts, schema)):
            if i == 3 and parts[0].name.endswith(".rows.arrow"):
                die()
            yield table
    out._tables = killing_tables
elif point == "assembly, after the mentions output":
    out.assemble_jsonl = lambda *args: die()
elif point == "assembly, before the completion record":
    write_json = job._write_json
    def killing_write(path, data):
        if path.name == job.COMPLETE:
            die()
        write_json(path, data)
    job._write_json = killing_write
elif point == "cleanup, before it starts":
    job._remove_job_dir = lambda work: die()
elif point == "cleanup, half the mention parts deleted":
    def killing_rmtree(path, ignore_errors=False):  # rmtree's order is the directory's: any
        files = sorted(Path(path).rglob("*.mentions.arrow"))
        for p in files[: len(files) // 2]:
            p.unlink()
        die()
    job.shutil.rmtree = killing_rmtree
from skillmap.cli import main
main()
'''
KILL_POINTS = [
    "assembly, inside the posting output",
    "assembly, after the mentions output",
    "assembly, before the completion record",
    "cleanup, before it starts",
    "cleanup, half the mention parts deleted",
]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_during_assembly_or_cleanup_then_rerun_loses_nothing(sm, tmp_path, point):
    from skillmap.batch import tag

    rows = make_postings(300, seed=5)
    source = tmp_path / "postings.jsonl"
    write_jsonl(source, rows, bad_lines={40: "{truncated"})
    reference = tmp_path / "reference"
    reference.mkdir()
    tag(inputs=[source], output=reference / "tagged.parquet", mentions=reference / "mentions.parquet",
        workers=1, chunk_size=20, pipeline=sm)
    output, mentions = tmp_path / "tagged.parquet", tmp_path / "mentions.parquet"
    args = ["tag", str(source), "-o", str(output), "--mentions", str(mentions), "--workers", "2",
            "--chunk-size", "20", "--quiet"]

    killed = subprocess.run([sys.executable, "-c", KILL_AT, point, *args], capture_output=True, timeout=180)
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    rerun = subprocess.run([sys.executable, "-c", "from skillmap.cli import main; main()", *args],
                           capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    assert pq.read_table(output, columns=["id"]).column("id").to_pylist() == [r["id"] for r in rows]
    assert output.read_bytes() == (reference / "tagged.parquet").read_bytes()
    assert mentions.read_bytes() == (reference / "mentions.parquet").read_bytes()
    assert (tmp_path / "tagged.parquet.rejects.jsonl").read_bytes() == (reference / "tagged.parquet.rejects.jsonl").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "mentions.parquet", "postings.jsonl", "reference", "tagged.parquet", "tagged.parquet.rejects.jsonl"
    ]
