"""Illustrative example postings bundled for `skillmap demo` (written for this project).

    from skillmap.demo import demo_postings_path, run_demo, run_demo_job
    summary = run_demo()                 # extraction over the bundled postings, with rejects
    job = run_demo_job("demo-out")       # the main job: tag them to Parquet, then report
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import demo_postings_path
from ..io.inputs import PostingInput, Reject, iter_jsonl

__all__ = ["DemoJob", "DemoSummary", "demo_postings_path", "run_demo", "run_demo_job"]


@dataclass
class DemoSummary:
    results: list = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)
    sm: object = None

    @property
    def postings(self) -> int:
        return len(self.results)


def run_demo(sm=None) -> DemoSummary:
    """Extract skills from the bundled postings; count demanded skills per category."""
    from .. import load
    from ..errors import InputError

    sm = sm or load()
    summary = DemoSummary(counts={"specialized": Counter(), "common": Counter(), "qualification": Counter()})
    summary.sm = sm
    for item in iter_jsonl(demo_postings_path()):
        if isinstance(item, Reject):
            summary.rejects.append(item)
            continue
        assert isinstance(item, PostingInput)
        try:
            result = sm.extract(item.text, title=item.title, company=item.company, id=item.id)
        except InputError as err:
            summary.rejects.append(Reject(str(demo_postings_path().name), item.line, item.id, err.code, err.message))
            continue
        summary.results.append((item, result))
        for category, ids in result.by_category().items():
            summary.counts.setdefault(category, Counter()).update(ids)
    return summary


@dataclass
class DemoJob:
    tagged: Path
    rejects: Path
    tag_summary: object
    report: object
    # (county label, postings) from the `location` field; label None: no county resolved
    counties: list[tuple[str | None, int]] = field(default_factory=list)


def run_demo_job(output_dir: str | Path, sm=None) -> DemoJob:
    """The main job end to end on the bundled postings: `skillmap tag` into
    ``output_dir/tagged.parquet`` (with rejects), then the skill-frequency report."""
    from .. import load
    from ..aggregate.frequencies import frequency_report
    from ..batch.job import tag

    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    tagged = output / "tagged.parquet"
    rejects = output / "tagged.rejects.jsonl"
    summary = tag(
        inputs=[demo_postings_path()],
        output=tagged,
        rejects=rejects,
        mentions=output / "mentions.parquet",
        workers=1,
        pipeline=sm or load(),
        restart=True,
    )
    report = frequency_report(tagged, top=10)
    return DemoJob(tagged, rejects, summary, report, _county_counts(tagged))


def _county_counts(tagged: Path) -> list[tuple[str | None, int]]:
    import pyarrow.parquet as pq

    from ..aggregate.frequencies import group_label

    counts = Counter(pq.read_table(tagged, columns=["county_fips"]).column(0).to_pylist())
    return [(group_label("county_fips", fips), n) for fips, n in
            sorted(counts.items(), key=lambda item: (item[0] is None, -item[1], item[0] or ""))]
