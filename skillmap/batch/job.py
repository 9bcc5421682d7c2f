"""Resumable, parallel tagging of whole posting exports.

    inputs ─read in chunks─▶ workers (one pipeline each) ─▶ numbered part files ─▶ output
                                                        (work directory + manifest)

Each chunk of ``chunk_size`` rows is tagged by a worker process that writes its part files
itself: temp file, then an atomic rename, and last a small record of the chunk's counts. A
chunk is finished exactly when that record and all its parts exist, so a job killed at any
moment (kill -9 included) and started again with the same command skips the finished
chunks, redoes the others and ends with one row per good posting. The final output,
mentions and rejects are assembled from the complete set of parts in input order (again
temp + rename), their row counts checked against the chunks' records, and then a
completion record is written: the one step that marks the job done. Only after it is the
work directory removed (renamed, then deleted), so a kill during assembly or cleanup never
leaves a finished-looking job with rows missing.

Memory stays flat in the input size: the parent reads one chunk at a time and keeps at
most ``2 x workers`` chunks in flight; the assembly holds one Parquet row group.
"""

from __future__ import annotations

import atexit
import errno
import glob
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa

from .. import __version__
from ..errors import BatchError
from ..io.columns import detect_columns
from ..io.readers import TAIL_CHUNKS, TAIL_PIECES, Chunk, iter_chunks, open_input
from ..io.staging import stage_inputs
from . import output as out
from .pipeline import load_for_batch
from .tagger import DEFAULT_MAX_CHARS, ChunkTagger, JobPlan, build_plan

DEFAULT_CHUNK_SIZE = 200
MANIFEST = "manifest.json"
PARTS = "parts"
# Written first into every work directory a job creates: only a directory holding it is
# ever emptied (--restart) or removed (at the end), so a --work-dir pointing at a folder
# of the user's own loses nothing.
MARKER = "skillmap-tag-job"
COMPLETE = "complete.json"  # written once every output is in place
DONE = ".done.json"  # suffix of a chunk's record, written after its parts
# Bumped when part files change shape, so an old work directory is not mixed in.
PART_FORMAT = 2


@dataclass
class TagSummary:
    """What a finished job did; the counts are read back from the parts, so they cover
    chunks done by an earlier, interrupted run too."""

    output: Path
    rejects: Path
    mentions: Path | None
    tagged: int = 0
    rejected: int = 0
    mention_rows: int = 0
    chunks: int = 0
    resumed_chunks: int = 0
    processed_rows: int = 0  # rows tagged or rejected by this run (not resumed ones)
    seconds: float = 0.0
    workers: int = 1
    notes: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # inputs read only up to damage (see tag)

    @property
    def rows_per_second(self) -> float:
        return self.processed_rows / self.seconds if self.seconds > 0 else 0.0


class Progress:
    """Receives progress events; the CLI draws a bar from them. Units are input bytes
    (row-based formats are converted), so mixed inputs share one scale."""

    def start(self, total_units: float) -> None:  # pragma: no cover - interface
        pass

    def resumed(self, units: float, rows: int) -> None:  # pragma: no cover - interface
        pass

    def advance(self, units: float, tagged: int, rejected: int) -> None:  # pragma: no cover - interface
        pass

    def finish(self) -> None:  # pragma: no cover - interface
        pass


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


# -- worker side --------------------------------------------------------------------------
_TAGGER: ChunkTagger | None = None
_PARTS_DIR: Path | None = None


def _watch_parent(parent: int) -> None:
    # A parent killed with -9 cannot stop its pool; without this the workers would wait
    # on their task queue forever.
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(plan: JobPlan, extensions: tuple, parts_dir: str, parent: int) -> None:
    global _TAGGER, _PARTS_DIR
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if _TAGGER is None:  # spawned: load our own; forked: inherited from the parent
        _TAGGER = _load_tagger(plan, extensions, None)
    _PARTS_DIR = Path(parts_dir)
    # A spawned worker ends with a full interpreter shutdown that frees the pipeline
    # object by object: about 0.5 s, which the parent's pool shutdown waits for. By then
    # the worker owes nothing (parts renamed, results sent through a synchronous pipe),
    # so it leaves at once.
    atexit.register(_exit_now)


def _load_tagger(plan: JobPlan, extensions: tuple, pipeline: Any, freeze: bool = True) -> ChunkTagger:
    """The pipeline and title coder, loaded with the cyclic collector paused: loading
    creates some 400,000 small lists and dicts (the skill trie), and collections run
    every few hundred new containers would re-scan them, 4x slower. With ``freeze`` (in a
    process that exists for the job) every object is then moved out of the collector's
    sight: the pipeline lives as long as the process."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        tagger = ChunkTagger(plan, pipeline or load_for_batch(extensions))
        getattr(tagger.sm, "coder", None)  # a lazy property: load it now, not on the first chunk
    finally:
        if enabled:
            gc.enable()
    if freeze:
        gc.freeze()
    return tagger


def _exit_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


def _run_chunk(chunk: Chunk) -> tuple[tuple[int, int], int, int, float]:
    assert _TAGGER is not None and _PARTS_DIR is not None
    return tag_and_write(_TAGGER, chunk, _PARTS_DIR)


def part_base(parts_dir: Path, key: tuple[int, int]) -> Path:
    return parts_dir / f"{key[0]:03d}-{key[1]:07d}"


def tag_and_write(tagger: ChunkTagger, chunk: Chunk, parts_dir: Path) -> tuple[tuple[int, int], int, int, float]:
    """Tag one chunk and commit its parts; the chunk's record of counts is renamed last
    and marks the chunk done."""
    key = (chunk.file_index, chunk.index)
    tagged = tagger.tag(chunk)
    base = part_base(parts_dir, key)
    if tagged.mentions is not None:
        out.write_part(tagged.mentions, Path(f"{base}.mentions.arrow"))
    _write_rejects_part(tagged.rejects, Path(f"{base}.rejects.jsonl"))
    out.write_part(tagged.postings, Path(f"{base}.rows.arrow"))
    counts = {
        "rows": tagged.postings.num_rows,
        "rejects": len(tagged.rejects),
        "mentions": None if tagged.mentions is None else tagged.mentions.num_rows,
    }
    _write_json(Path(f"{base}{DONE}"), counts)
    return key, tagged.postings.num_rows, len(tagged.rejects), chunk.units


def _write_rejects_part(rejects: list[dict], path: Path) -> None:
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as handle:
        for reject in rejects:
            line = json.dumps(reject, ensure_ascii=False)
            try:
                handle.write(line + "\n")
            except UnicodeEncodeError:  # a lone surrogate (e.g. in a file name): write it escaped
                handle.write(json.dumps(reject) + "\n")
    os.replace(tmp, path)


# -- parent side ---------------------------------------------------------------------------
def job_dir(output: Path, work_dir: str | Path | None) -> Path:
    """The job's own directory: ``OUTPUT.work`` beside the output, or inside ``work_dir``
    (which itself is never emptied or removed)."""
    name = f"{output.name}.work"
    return output.with_name(name) if work_dir is None else Path(work_dir) / name


def _claim(work: Path) -> None:
    """Create ``work`` (or adopt it when empty) and mark it as the job's; refuse a
    directory that holds anything the job did not make."""
    work.mkdir(parents=True, exist_ok=True)
    marker = work / MARKER
    if marker.is_file():
        return
    foreign = sorted(entry.name for entry in work.iterdir())
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise BatchError(
            f"{work}: the work directory exists and holds files skillmap tag did not create ({shown}); "
            "it is left alone. Give another --work-dir, or move those files away.",
            code="E708",
        )
    marker.write_text(f"created by skillmap {__version__} tag; removed when the job finishes\n", encoding="utf-8")


def _remove_job_dir(work: Path) -> None:
    """Remove a finished job's directory: renamed first (one atomic step, so a kill
    leaves either the whole directory or none under its name), then deleted."""
    if not (work / MARKER).is_file():
        return
    trash = work.with_name(f"{work.name}.removing{os.getpid()}")
    os.replace(work, trash)
    shutil.rmtree(trash, ignore_errors=True)


def _remove_leftovers(work: Path) -> None:
    """Directories a killed cleanup was removing (they hold the marker)."""
    if work.parent.is_dir():
        for old in work.parent.glob(f"{glob.escape(work.name)}.removing*"):
            if (old / MARKER).is_file():
                shutil.rmtree(old, ignore_errors=True)


def _lock(work_dir: Path):
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, resume still works
        return None
    handle = open(work_dir / "lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise BatchError(f"{work_dir}: another skillmap tag is running on this job", code="E705") from None
    return handle


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _job_key(inputs, plan: JobPlan, chunk_size: int, extensions: tuple) -> dict:
    return {
        "part_format": PART_FORMAT,
        "skillmap_version": __version__,
        "inputs": [spec.fingerprint() for spec in inputs],
        "plan": plan.describe(),
        "chunk_size": chunk_size,
        "tail_pieces": [TAIL_CHUNKS, TAIL_PIECES],  # how the last chunks are cut (iter_chunks)
        "extensions": [str(e) for e in extensions],
    }


def _open_manifest(work_dir: Path, key: dict) -> None:
    path = work_dir / MANIFEST
    if path.is_file():
        try:
            saved = json.loads(path.read_text(encoding="utf-8")).get("job")
        except (OSError, ValueError):
            saved = None
        if saved != key:
            changed = sorted(k for k in set(key) | set(saved or {}) if (saved or {}).get(k) != key.get(k))
            raise BatchError(
                f"{work_dir} holds an unfinished job with other settings ({', '.join(changed) or 'unreadable manifest'} "
                "differ). Rerun the original command to finish it, or add --restart to discard it.",
                code="E705",
            )
    else:
        _write_json(path, {"job": key, "created_by": f"skillmap {__version__}"})


def _part_files(base: Path | str, with_mentions: bool) -> list[Path]:
    names = [".rows.arrow", ".rejects.jsonl"] + ([".mentions.arrow"] if with_mentions else [])
    return [Path(f"{base}{suffix}") for suffix in names]


def _finished_parts(parts_dir: Path, with_mentions: bool) -> set[tuple[int, int]]:
    """Chunks with their record and every part file; a record without all its parts (a
    part deleted by hand or by a killed cleanup) is dropped so the chunk is redone."""
    done = set()
    for path in parts_dir.iterdir():
        if ".tmp" in path.name:
            path.unlink(missing_ok=True)  # left by a killed run
    for path in parts_dir.glob(f"*{DONE}"):
        base = str(path)[: -len(DONE)]
        if all(part.is_file() for part in _part_files(base, with_mentions)):
            file_part, chunk_part = path.name[: -len(DONE)].split("-")
            done.add((int(file_part), int(chunk_part)))
        else:
            path.unlink()
    return done


def _expected_counts(bases: list[Path]) -> dict[str, int]:
    """Rows, rejects and mentions the chunks' records say the parts hold."""
    totals = {"rows": 0, "rejects": 0, "mentions": 0}
    for base in bases:
        try:
            counts = json.loads(Path(f"{base}{DONE}").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise BatchError(
                f"{base.parent}: the record of chunk {base.name} is missing or unreadable; "
                "rerun the same command (or add --restart)",
                code="E700",
            ) from None
        for name in totals:
            totals[name] += counts.get(name) or 0
    return totals


def _read_complete(work: Path, outputs: dict[str, Path | None]) -> dict | None:
    """The completion record, when the outputs it lists are still those files."""
    try:
        record = json.loads((work / COMPLETE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    listed = record.get("outputs", {})
    wanted = {name: str(path) for name, path in outputs.items() if path is not None}
    if {name: entry.get("path") for name, entry in listed.items()} != wanted:
        return None
    for entry in listed.values():
        path = Path(entry["path"])
        if not path.is_file() or path.stat().st_size != entry["size"]:
            return None
    return record


def _check_writable(folder: Path) -> None:
    """Fail before tagging, not hours later at assembly, when outputs cannot be written
    (a probe file, since permission bits say nothing for root or read-only mounts)."""
    try:
        handle, probe = tempfile.mkstemp(prefix=".skillmap-probe-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as err:
        raise BatchError(f"{folder}: the output directory is not writable ({err.strerror or err})", code="E706") from None


def _os_failure(err: OSError, work: Path) -> BatchError:
    """A clear error for a failed read or write (disk full, permissions), no traceback."""
    where = err.filename or work
    if err.errno == errno.ENOSPC:
        hint = "the disk is full: free some space and rerun the same command, finished chunks are kept"
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "not writable: check the permissions, then rerun the same command"
    else:
        hint = "rerun the same command to resume"
    return BatchError(f"{where}: {err.strerror or err} ({hint})", code="E706")


def _resolve_format(path: Path, given: str | None) -> str:
    fmt = (given or out.format_of(path) or "").lower()
    if fmt not in out.OUTPUT_FORMATS:
        raise BatchError(
            f"{path}: cannot tell the output format; use a .parquet, .csv or .jsonl name or --format",
            code="E706",
        )
    return fmt


def tag(
    *,
    inputs: Iterable[str | Path],
    output: str | Path,
    mentions: str | Path | None = None,
    rejects: str | Path | None = None,
    output_format: str | None = None,
    input_format: str | None = None,
    sheet: str | None = None,
    id_col: str | None = None,
    title_col: str | None = None,
    text_cols: list[str] | tuple[str, ...] | None = None,
    company_col: str | None = None,
    date_col: str | None = None,
    location_col: str | None = None,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    max_chars: int = DEFAULT_MAX_CHARS,
    work_dir: str | Path | None = None,
    restart: bool = False,
    keep_work: bool = False,
    extensions: Iterable[str | Path] = (),
    progress: Progress | None = None,
    pipeline: Any = None,
    start_method: str | None = None,
    db: str | Path | None = None,
    sql: str | None = None,
    table: str | None = None,
    stdin: BinaryIO | None = None,
) -> TagSummary:
    """Tag posting exports into one row per posting (and optionally per mention).

    Rerunning the same call after an interruption resumes it. ``pipeline`` (a loaded
    :class:`skillmap.Skillmap`) is used as is when ``workers == 1`` and by forked workers;
    spawned workers load their own. ``start_method`` is ``"fork"`` (the default on Linux
    when the calling process runs no other threads: workers start in milliseconds with the
    parent's loaded pipeline) or ``"spawn"`` (each worker imports and loads everything
    itself; the default elsewhere, e.g. in a notebook kernel). An input ``-`` reads
    ``stdin`` (default: standard input); ``db`` with ``sql`` or ``table`` adds the rows of
    a DuckDB or SQLite query (:mod:`skillmap.io.staging`). Raises BatchError for
    job-level problems; bad rows go to the rejects file.
    """
    started = time.perf_counter()
    inputs = [Path(p) for p in inputs]
    if not inputs and db is None and sql is None and table is None:
        raise BatchError("no input files given (or --db)", code="E701")
    if chunk_size < 1:
        raise BatchError("--chunk-size must be at least 1", code="E700")
    if workers is not None and workers < 1:
        raise BatchError(f"--workers {workers}: must be at least 1 (omit it for one per core)", code="E700")
    output = Path(output)
    fmt = _resolve_format(output, output_format)
    mentions_path = Path(mentions) if mentions is not None else None
    mentions_fmt = _resolve_format(mentions_path, out.format_of(mentions_path) or fmt) if mentions_path else None
    rejects_path = Path(rejects) if rejects is not None else output.with_name(output.name + ".rejects.jsonl")
    work = job_dir(output, work_dir)
    extensions = tuple(str(e) for e in extensions)
    workers = workers or default_workers()
    progress = progress or Progress()

    try:
        _remove_leftovers(work)
        _claim(work)
        for final in (output, rejects_path, mentions_path):
            if final is not None:
                final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise BatchError(f"{work}: cannot create the work directory ({err.strerror})", code="E706") from None
    lock = _lock(work)
    try:
        summary = _tag_locked(
            inputs, output, mentions_path, rejects_path, fmt, mentions_fmt, work,
            input_format=input_format, sheet=sheet, id_col=id_col, title_col=title_col, text_cols=text_cols,
            company_col=company_col, date_col=date_col, location_col=location_col, db=db, sql=sql, table=table, stdin=stdin,
            workers=workers, chunk_size=chunk_size,
            max_chars=max_chars, restart=restart, extensions=extensions, progress=progress,
            pipeline=pipeline, start_method=start_method,
        )
        if not keep_work:
            _remove_job_dir(work)
    except OSError as err:
        raise _os_failure(err, work) from None
    finally:
        if lock is not None:
            lock.close()
    summary.seconds = time.perf_counter() - started
    if summary.damaged:
        raise BatchError(
            "; ".join(summary.damaged) + f". The rows before the damage were tagged and written: "
            f"{summary.tagged:,} postings -> {summary.output}, {summary.rejected:,} rejects -> {summary.rejects}"
            + (f", {summary.mention_rows:,} mentions -> {summary.mentions}" if summary.mentions else "")
            + ". Repair or export the file again to tag the rest.",
            code="E710",
        )
    return summary


def _tag_locked(
    inputs: list[Path], output: Path, mentions_path: Path | None, rejects_path: Path, fmt: str,
    mentions_fmt: str | None, work: Path, *, input_format, sheet, id_col, title_col, text_cols, company_col,
    date_col, location_col, db, sql, table, stdin, workers: int, chunk_size: int, max_chars: int, restart: bool, extensions: tuple,
    progress: Progress, pipeline: Any, start_method: str | None,
) -> TagSummary:
    """The job, once its work directory is claimed and locked."""
    if restart:  # under the lock, so a running job's directory is never wiped
        for entry in work.iterdir():
            if entry.name not in ("lock", MARKER):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    outputs = {"output": output, "rejects": rejects_path, "mentions": mentions_path}
    for final in {p.parent for p in outputs.values() if p is not None}:
        _check_writable(final)
    for final in outputs.values():
        if final is not None:
            for stale in final.parent.glob(f"{glob.escape(final.name)}.tmp*"):
                stale.unlink(missing_ok=True)  # from an assembly that was killed
    staged = stage_inputs(inputs, work / "staging", db=db, sql=sql, table=table, stdin=stdin)
    specs = [open_input(p, input_format=input_format, sheet=sheet, staging_dir=work / "staging") for p in staged]
    roles = []
    for spec in specs:
        try:
            roles.append(detect_columns(
                spec.columns, id_col=id_col, title_col=title_col, text_cols=text_cols,
                company_col=company_col, date_col=date_col, location_col=location_col,
            ))
        except BatchError as err:  # name the file: with several inputs it is not obvious
            raise BatchError(f"{spec.path}: {err.message}", code=err.code) from None
    plan = build_plan(specs, roles, max_chars=max_chars, with_mentions=mentions_path is not None)
    _open_manifest(work, _job_key(specs, plan, chunk_size, extensions))
    summary = TagSummary(output=output, rejects=rejects_path, mentions=mentions_path, workers=workers)
    for spec, role in zip(specs, roles, strict=True):
        summary.notes += [f"{spec.path.name}: {note}" for note in role.notes]

    finished = _read_complete(work, outputs)
    if finished is not None:  # killed after completing, during cleanup: nothing to redo
        summary.tagged, summary.rejected = finished["tagged"], finished["rejected"]
        summary.mention_rows = finished["mention_rows"]
        summary.chunks = summary.resumed_chunks = finished["chunks"]
        summary.notes, summary.damaged = finished["notes"], finished["damaged"]
        return summary

    parts_dir = work / PARTS
    parts_dir.mkdir(exist_ok=True)
    done = _finished_parts(parts_dir, plan.with_mentions)

    def chunks():
        for file_index, spec in enumerate(specs):
            yield from iter_chunks(spec, file_index, chunk_size)

    def workers_started() -> None:
        progress.start(float(sum(spec.size for spec in specs)))
        out.preload_writer((fmt, mentions_fmt))

    keys = _run(
        chunks(), plan, parts_dir, done, workers=workers, extensions=extensions,
        progress=progress, summary=summary, pipeline=pipeline, start_method=start_method,
        progress_started=workers_started,
    )
    summary.chunks = len(keys)
    summary.resumed_chunks = sum(1 for k in keys if k in done)
    for spec in specs:
        summary.notes += [f"{spec.path.name}: {warning}" for warning in spec.warnings]
        summary.damaged += spec.damage

    # Assemble from the complete set of parts: mentions, rejects, then the output, each by
    # temp + rename; check the counts; then record completion (the job's one last step).
    schema = plan.schema()
    if fmt == "parquet":  # skillmap version, taxonomy and model hashes as key-value metadata
        from ..provenance import with_provenance

        schema = with_provenance(schema, extensions)
    ordered = [part_base(parts_dir, k) for k in keys]
    expected = _expected_counts(ordered)
    if mentions_path is not None:
        summary.mention_rows = out.assemble(
            [Path(f"{b}.mentions.arrow") for b in ordered], mentions_path, mentions_fmt, out.mention_schema()
        )
    summary.rejected = out.assemble_jsonl([Path(f"{b}.rejects.jsonl") for b in ordered], rejects_path)
    summary.tagged = out.assemble([Path(f"{b}.rows.arrow") for b in ordered], output, fmt, schema)
    if any(role.id for role in roles):  # ids made from row numbers cannot repeat
        ids, extra = out.repeated_ids([Path(f"{b}.rows.arrow") for b in ordered])
        if ids:
            summary.notes.append(
                f"{ids:,} posting ids occur more than once ({extra:,} rows beyond the first of each); "
                "all rows are kept, but counts by posting id will merge them"
            )
    written = {"rows": summary.tagged, "rejects": summary.rejected, "mentions": summary.mention_rows}
    if written != expected:
        raise BatchError(
            f"{work}: the assembled outputs hold {written} rows but the chunks recorded {expected}; "
            "rerun the same command with --restart",
            code="E700",
        )
    _write_json(
        work / COMPLETE,
        {
            "tagged": summary.tagged, "rejected": summary.rejected, "mention_rows": summary.mention_rows,
            "chunks": summary.chunks, "notes": summary.notes, "damaged": summary.damaged,
            "outputs": {
                name: {"path": str(path), "size": path.stat().st_size}
                for name, path in outputs.items() if path is not None
            },
        },
    )
    progress.finish()
    return summary


def _run(
    chunks: Iterable[Chunk],
    plan: JobPlan,
    parts_dir: Path,
    done: set[tuple[int, int]],
    *,
    workers: int,
    extensions: tuple,
    progress: Progress,
    progress_started,
    summary: TagSummary,
    pipeline: Any,
    start_method: str | None,
) -> list[tuple[int, int]]:
    """Tag every chunk not yet done; returns all chunk keys in input order.
    ``progress_started`` is called once the workers exist (see :func:`_start_pool`)."""
    keys: list[tuple[int, int]] = []

    def finished(result: tuple[tuple[int, int], int, int, float]) -> None:
        _, n_tagged, n_rejected, units = result
        summary.processed_rows += n_tagged + n_rejected
        progress.advance(units, n_tagged, n_rejected)

    if workers == 1:
        tagger = _load_tagger(plan, extensions, pipeline, freeze=False)
        progress_started()
        for chunk in chunks:
            key = (chunk.file_index, chunk.index)
            keys.append(key)
            if key in done:
                progress.resumed(chunk.units, len(chunk))
                continue
            finished(tag_and_write(tagger, chunk, parts_dir))
        return keys

    pool = _start_pool(workers, plan, extensions, parts_dir, pipeline, start_method)
    progress_started()
    pending: set[Future] = set()
    window = 2 * workers
    try:
        for chunk in chunks:
            key = (chunk.file_index, chunk.index)
            keys.append(key)
            if key in done:
                progress.resumed(chunk.units, len(chunk))
                continue
            if chunk.kind == "arrow":
                chunk.items = _ipc_bytes(chunk.items)
            pending.add(pool.submit(_run_chunk, chunk))
            while len(pending) >= window:
                completed, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in completed:
                    finished(future.result())
        while pending:
            completed, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in completed:
                finished(future.result())
    except BrokenProcessPool:
        raise BatchError(
            "a worker process died (out of memory or killed); rerun the same command to resume", code="E700"
        ) from None
    except KeyboardInterrupt:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return keys


def _start_pool(
    workers: int, plan: JobPlan, extensions: tuple, parts_dir: Path, pipeline: Any, start_method: str | None
) -> ProcessPoolExecutor:
    """The worker pool.

    With fork, the parent loads the pipeline and title coder once and the workers inherit
    them, ready at once; spawned workers each spend about a second importing and loading.
    Forking is only safe while the parent runs no other threads, so the workers are
    started here, before the progress bar's thread exists.
    """
    import gc
    import multiprocessing

    global _TAGGER
    method = start_method or ("fork" if _can_fork() else "spawn")
    if method not in ("fork", "spawn"):
        raise BatchError(f"start method must be 'fork' or 'spawn', got {method!r}", code="E700")
    if method == "fork":
        # Frozen objects stay shared with the workers (copy-on-write) as long as nobody
        # writes to them; the cyclic collector would write to every one of them.
        _TAGGER = _load_tagger(plan, extensions, pipeline)
        _warm_up(_TAGGER)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(plan, extensions, str(parts_dir), os.getpid()),
    )
    if method == "fork":
        try:
            pool.submit(int)  # forks every worker now, before any other thread starts
        finally:
            _TAGGER = None
            gc.unfreeze()
    return pool


def _warm_up(tagger: ChunkTagger) -> None:
    """Tag the bundled demo postings once in the parent, before it forks. What the first
    chunk would otherwise do in every worker (regexes compiled on first use, first-use
    imports, the commonest words' caches) is then done once and shared: each worker's
    first chunk was about 0.05 s slower than the rest. Costs about 0.03 s."""
    from ..datafiles import demo_postings_path

    roles = tagger.plan.files[0].roles
    lines = []
    for i, line in enumerate(demo_postings_path().read_text(encoding="utf-8").splitlines()):
        record = json.loads(line)
        row = {roles.text[0]: record.get("text")}
        if roles.id:
            row[roles.id] = f"warm-up {i}"
        if roles.title:
            row[roles.title] = record.get("title")
        lines.append(json.dumps(row).encode("utf-8"))
    try:
        tagger.tag(Chunk(0, -1, 1, "lines", lines, 0.0))
    except Exception:  # noqa: BLE001 - an optimisation only: the real chunks report real errors
        pass
    if any(f.roles.location for f in tagger.plan.files):
        from ..io.locations import preload

        preload()


def _can_fork() -> bool:
    # Linux only (macOS system libraries are not fork-safe), and only from a process with
    # no other Python threads (a notebook kernel has several): a forked child inherits
    # every lock those threads might hold at that moment.
    import multiprocessing

    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _stop(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.terminate()


def _ipc_bytes(batch: pa.RecordBatch) -> bytes:
    # Arrow IPC writes exactly the rows of a sliced batch (pickling may ship whole buffers).
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, batch.schema) as writer:
        writer.write_batch(batch)
    return sink.getvalue().to_pybytes()
