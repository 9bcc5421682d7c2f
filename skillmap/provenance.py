"""What produced a tagged file or a report: the skillmap version, the taxonomy (name,
version, SHA-256) and the built model's SHA-256, so a researcher can tell later which
rules counted the skills.

``skillmap tag`` writes :func:`tagging_provenance` into a Parquet file's key-value
metadata under the key ``skillmap`` (JSON); :func:`read_parquet_provenance` reads it back,
and reports list what their inputs were tagged with (and warn when it differs).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__

METADATA_KEY = b"skillmap"


def sha256_of_files(paths: Iterable[Path], root: Path | None = None) -> str:
    """One SHA-256 over the files' relative names and bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = path.relative_to(root).as_posix() if root else path.name
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=4)
def model_sha256(model_dir: str) -> str | None:
    """SHA-256 of a built pipeline directory (every file), or None when none is built."""
    root = Path(model_dir)
    if not root.is_dir():
        return None
    return sha256_of_files((p for p in root.rglob("*") if p.is_file()), root)


def _taxonomy(model_dir: Path, extensions: tuple[str, ...]) -> dict[str, Any]:
    """Name, version and SHA-256 of the taxonomy a tagging run uses: the one stored in the
    built model (else the bundled source), plus each extension file."""
    stored = model_dir / "skillmap_skills" / "taxonomy.json"
    if stored.is_file():
        data = json.loads(stored.read_text(encoding="utf-8"))
        info = {"name": data.get("name"), "version": data.get("version"), "sha256": sha256_of_files([stored])}
    else:  # a source checkout without a built model
        from .taxonomy.loader import DEFAULT_TAXONOMY, data_path, load_taxonomy

        base = load_taxonomy()
        info = {"name": base.name, "version": base.version, "sha256": sha256_of_files([data_path(DEFAULT_TAXONOMY)])}
    if extensions:
        from .taxonomy.loader import resolve_extension

        info["extensions"] = [{"file": Path(resolve_extension(e)).name, "sha256": sha256_of_files([Path(resolve_extension(e))])}
                              for e in extensions]
    return info


def tagging_provenance(extensions: Iterable[str | Path] = ()) -> dict[str, Any]:
    """What a tagging run records about itself (see the module docstring)."""
    from .batch.pipeline import model_path

    model_dir = model_path()
    return {
        "skillmap_version": __version__,
        "taxonomy": _taxonomy(model_dir, tuple(str(e) for e in extensions)),
        "model_sha256": model_sha256(str(model_dir)),
    }


def with_provenance(schema, extensions: Iterable[str | Path] = ()):
    """An Arrow schema carrying :func:`tagging_provenance` as key-value metadata."""
    metadata = dict(schema.metadata or {})
    metadata[METADATA_KEY] = json.dumps(tagging_provenance(extensions), sort_keys=True).encode()
    return schema.with_metadata(metadata)


def read_parquet_provenance(path: str | Path) -> dict[str, Any] | None:
    """The provenance a tagged Parquet file records, or None (older files, other writers)."""
    import pyarrow.parquet as pq

    metadata = pq.read_schema(path).metadata or {}
    raw = metadata.get(METADATA_KEY)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def describe(tagged_by: dict[str, Any]) -> str:
    """One line: "skillmap 0.1.0, taxonomy ev_evse 2025.1 (sha256 1a2b3c4d5e6f), model 0a1b2c3d4e5f"."""
    taxonomy = tagged_by.get("taxonomy") or {}
    model = tagged_by.get("model_sha256")
    return (f"skillmap {tagged_by.get('skillmap_version', '?')}, taxonomy {taxonomy.get('name', '?')} "
            f"{taxonomy.get('version', '?')} (sha256 {str(taxonomy.get('sha256', '?'))[:12]})"
            + (f", model {model[:12]}" if model else ", no built model"))
