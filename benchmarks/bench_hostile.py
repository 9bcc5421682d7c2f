"""Peak memory and time of skillmap on the hostile files of issue 17, items 7-9.

    python benchmarks/bench_hostile.py [--only NAME ...] [--keep DIR]

Writes each hostile file into a temporary folder, runs the command that reads it in a
fresh process (the skillmap CLI) and prints its exit code, wall time and peak resident
memory (ru_maxrss of that one child process). Every case must stay under 1 GB; the
script exits 1 when one does not. Not a timed test: it takes a minute or two.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability.hostile import (  # noqa: E402
    docx_bomb,
    docx_paragraphs,
    write_docx_body,
    write_extension,
    write_repeated,
)

LIMIT_BYTES = 1 << 30
SKILLMAP = [str(Path(sys.executable).with_name("skillmap"))]  # the console script of this environment


def _wide_pattern(copies: int) -> str:
    return "(" + " | ".join(" ".join(f"(a{c}x{i}|b{c}x{i})" for i in range(14)) for c in range(copies)) + ")"


def cases(folder: Path) -> dict[str, tuple[str, callable]]:
    """name -> (what it is, a function writing the file and returning the command args)."""
    return {
        "clean-script": ("7: 1M characters of unclosed <script> tags", lambda: [
            "extract", "--json", "--file", write_repeated(folder / "script.txt", "", "<script>Install EV chargers ", 1_000_000)]),
        "clean-comment": ("7: 1M characters of unclosed <!-- comments", lambda: [
            "extract", "--json", "--file", write_repeated(folder / "comment.txt", "", "<!-- Install EV chargers ", 1_000_000, ">")]),
        "pattern-wide": ("8: a ~94 KB pattern standing for 2.6M sequences", lambda: [
            "taxonomy", "validate", "--as-extension",
            write_extension(folder / "wide.yaml", [{"id": "wide", "patterns": [_wide_pattern(160)]}])]),
        "pattern-deep": ("8: brackets 330 deep", lambda: [
            "taxonomy", "validate", "--as-extension",
            write_extension(folder / "deep.yaml", [{"id": "deep", "patterns": ["(" * 330 + "charger" + ")" * 330]}])]),
        "alias-500": ("8: an alias of 500 tokens, used by extract -x", lambda: [
            "extract", "Install EV chargers.", "-x",
            write_extension(folder / "alias.yaml", [{"id": "long", "aliases": [" ".join(f"w{i}x" for i in range(500))]}])]),
        "docx-bomb": ("9: a 1.9 MB DOCX unpacking to 2 GB", lambda: [
            "syllabus", write_docx_body(folder / "bomb.docx", docx_bomb(2_000_000_000))]),
        "docx-paragraphs": ("9: a DOCX of 2M paragraphs", lambda: [
            "syllabus", write_docx_body(folder / "paras.docx", docx_paragraphs(2_000_000))]),
        "html-60mb": ("9: 60 MB of HTML", lambda: [
            "syllabus", write_repeated(folder / "big.html", "<html><body><h1>EV</h1>",
                                       "<p>Students install Level 2 EV chargers and read blueprints.</p>\n",
                                       60_000_000, "</body></html>")]),
        "text-50mb": ("9: 50 MB of text", lambda: [
            "syllabus", write_repeated(folder / "big.txt", "# EV\n",
                                       "Module 3: install Level 2 EV chargers and read blueprints safely.\n", 50_000_000)]),
    }


def measure(args: list) -> tuple[int, float, int, str]:
    """Run the CLI in a child process: (exit code, seconds, peak RSS bytes, last stderr line)."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "took = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024\n"
        "last = (p.stderr.strip().splitlines() or [''])[-1][:150]\n"
        "print(p.returncode, took, peak, last, sep='\\t')\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *SKILLMAP, *map(str, args)], capture_output=True, text=True, check=True)
    rc, took, peak, last = out.stdout.rstrip("\n").split("\t", 3)
    return int(rc), float(took), int(peak), last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="case names to run (default: all)")
    parser.add_argument("--keep", type=Path, help="write the hostile files here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        failed = False
        print(f"{'case':<16} {'exit':>4} {'seconds':>8} {'peak MB':>8}  what / last stderr line")
        for name, (what, make) in cases(folder).items():
            if args.only and name not in args.only:
                continue
            command = make()
            rc, took, peak, last = measure(command)
            failed |= peak >= LIMIT_BYTES
            print(f"{name:<16} {rc:>4} {took:>8.1f} {peak / 1e6:>8.0f}  {what}\n{'':<40}{last}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
