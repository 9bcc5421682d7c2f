"""Batch tagging of posting exports: streaming, resumable, parallel; and a Spark adapter.

    from skillmap.batch import tag
    summary = tag(inputs=["postings.csv.gz"], output="tagged.parquet", mentions="mentions.parquet")
    summary.tagged, summary.rejected
"""

from __future__ import annotations

from .job import DEFAULT_CHUNK_SIZE, Progress, TagSummary, default_workers, tag
from .tagger import DEFAULT_MAX_CHARS

__all__ = ["DEFAULT_CHUNK_SIZE", "DEFAULT_MAX_CHARS", "Progress", "TagSummary", "default_workers", "tag"]
