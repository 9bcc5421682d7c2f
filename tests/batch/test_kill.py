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
        if parts.is_dir() and len(list(parts.glob("*.rows.arrow"))) >= 6:
            break
        time.sleep(0.02)
    assert process.poll() is None, process.communicate()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_at_kill = len(list(parts.glob("*.rows.arrow")))
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
