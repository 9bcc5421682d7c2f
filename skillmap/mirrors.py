"""Write the JSON mirrors of the bundled YAML files (see :mod:`.datafiles`), each
validated first: a file that fails its schema gets no mirror, so a loader may trust what
a current mirror gives without importing its validator (pydantic) on every run.

    python -m skillmap.mirrors        # part of `make model`

This sits above the layers whose schemas it runs; :mod:`.datafiles` below them only reads.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .datafiles import MIRRORED, data_path, mirror_path
from .occupations.rules import validate_rules
from .pipeline.context_schema import validate_context_rules


def _validators() -> dict[str, Callable[[Any, str], object]]:
    """Bundled file -> its validator (parsed data, file name), raising a SkillmapError."""
    return {"context_rules.yaml": validate_context_rules, "occupations/ev_title_rules.yaml": validate_rules}


def write_mirrors(root: Path | None = None) -> list[Path]:
    """(Re)write the mirror of every file in :data:`.datafiles.MIRRORED`, each validated
    first when it has a schema; returns the mirrors' paths."""
    import srsly

    root = root or data_path()
    validators = _validators()
    written = []
    for name in MIRRORED:
        source = root / name
        raw = source.read_bytes()
        mirror = mirror_path(source, root)
        assert mirror is not None
        parsed = srsly.yaml_loads(raw.decode("utf-8"))
        if name in validators:
            validators[name](parsed, source.name)
        mirror.parent.mkdir(parents=True, exist_ok=True)
        # Key order is kept: some files mean something by it (first section header wins).
        data = {"source": name, "sha256": hashlib.sha256(raw).hexdigest(), "data": parsed}
        mirror.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(mirror)
    return written


if __name__ == "__main__":
    for written in write_mirrors():
        print(f"wrote {written}")
