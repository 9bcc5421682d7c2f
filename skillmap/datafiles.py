"""YAML data files read through JSON mirrors.

The taxonomy, context and title-rule files are YAML so people can edit them, but the
YAML parser srsly ships is pure Python: about 0.15 s per file, paid again by every batch
worker process. ``python -m skillmap.mirrors`` (part of ``make model``) writes a JSON
mirror of each bundled YAML file (under ``taxonomies/_mirrors/``) that records the
SHA-256 of the YAML it came from.
:func:`read_yaml` uses a mirror only when that hash matches the file as it is now, so an
edited YAML file is always read itself: a stale mirror costs time, never correctness.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MIRROR_DIR = "_mirrors"
# The bundled YAML files worth mirroring: read by every `skillmap tag` worker.
MIRRORED = ("context_rules.yaml", "occupations/ev_title_rules.yaml", "occupations/title_lexicon.yaml")


def data_path(name: str = "") -> Path:
    """Path of a data file shipped in ``skillmap.taxonomies`` (installed or source tree)."""
    from importlib import resources

    root = resources.files("skillmap.taxonomies")
    return Path(str(root.joinpath(name))) if name else Path(str(root))


def demo_postings_path() -> Path:
    """The illustrative postings bundled for ``skillmap demo`` (also what batch tagging
    warms up on), read as a data file: nothing here imports the demo runner."""
    from importlib import resources

    return Path(str(resources.files("skillmap").joinpath("demo", "postings.jsonl")))


def _data_root() -> Path:
    return data_path()


def mirror_path(path: Path, root: Path | None = None) -> Path | None:
    """Where the mirror of ``path`` lives, or None for a file outside the bundled data."""
    root = root or _data_root()
    try:
        relative = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return root / MIRROR_DIR / f"{relative.as_posix().replace('/', '__')}.json"


def read_yaml(path: str | Path) -> Any:
    """The parsed YAML file, from its mirror when the mirror is current."""
    return read_mirrored(path)[0]


def read_mirrored(path: str | Path) -> tuple[Any, bool]:
    """(The parsed YAML file, whether it came from a current mirror). :func:`.mirrors.write_mirrors`
    validates the title rules before it mirrors them, so their loader may skip validating
    what a current mirror gives."""
    path = Path(path)
    raw = path.read_bytes()
    mirror = mirror_path(path)
    if mirror is not None and mirror.is_file():
        try:
            stored = json.loads(mirror.read_text(encoding="utf-8"))
            if stored.get("sha256") == hashlib.sha256(raw).hexdigest():
                return stored["data"], True
        except (OSError, ValueError, AttributeError):
            pass  # unreadable mirror: parse the YAML
    import srsly

    return srsly.yaml_loads(raw.decode("utf-8")), False
