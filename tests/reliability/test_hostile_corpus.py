"""A generated bad-input corpus over extract, title, report and compare.

Each family mixes good rows with bad ones and asserts, for every input: no traceback,
a clear error or warning naming the input (file and line, or file), and no good row
lost: every line comes out exactly once, as a result or as a reject.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.reliability.hostile import run_cli, write_docx_body
from tests.tagged_fixture import ROWS, write

GOOD_TEXT = "Install and repair Level 2 EV chargers. Valid driver's license required."


def _good(i: int) -> dict:
    return {"id": f"good{i}", "title": "EVSE Technician", "text": f"{GOOD_TEXT} Posting {i}."}


def _truncations(line: str, cuts: int) -> list[str]:
    step = max(1, len(line) // (cuts + 1))
    return [line[: step * k] for k in range(1, cuts + 1)]


def _deep(depth: int, kind: str) -> str:
    return "[" * depth + "]" * depth if kind == "array" else '{"a": ' * depth + "1" + "}" * depth


# (line, expected) for extract: "rejected" or "kept"
def extract_corpus() -> list[tuple[str, str]]:
    good = json.dumps({"id": "t", "text": GOOD_TEXT})
    bad = [(cut, "rejected") for cut in _truncations(good, 12)]
    bad += [(value, "rejected") for value in ["null", "1", '"text"', "[]", "true", "[{}]", "{}}", "{'id': 1}", "NaN x"]]
    bad += [(json.dumps({"id": f"k{i}", "text": value}), "rejected")
            for i, value in enumerate([None, 1, 2.5, True, [], {}, ["a"], {"t": "x"}, "", "   \n\t"])]
    bad += [(json.dumps({"id": "nt"}), "rejected"), (json.dumps({"pid": "p", "body": GOOD_TEXT}), "rejected")]
    bad += [('{"id": "d", "text": "x", "e": ' + _deep(depth, kind) + "}", "rejected")
            for depth in (1200, 5000, 40000) for kind in ("array", "object")]
    bad += [(json.dumps({"id": "bin", "text": "\x00\x01\x02\x03" * 50}), "rejected")]
    bad += [('{"id": ' + "1" * 4301 + ', "text": "' + GOOD_TEXT + '"}', "kept"),
            ('{"id": "big", "text": "' + GOOD_TEXT + '", "n": ' + "9" * 20000 + "}", "kept"),
            ('{"id": "bigf", "text": "' + GOOD_TEXT + '", "n": 1e999}', "kept")]
    bad += [('{"id": "s' + str(i) + '", "' + field + '": "' + GOOD_TEXT + " " + esc + '", "text": "' + GOOD_TEXT + '"}'
             if field != "text" else '{"id": "s' + str(i) + '", "text": "' + GOOD_TEXT + " " + esc + '"}', "kept")
            for i, (field, esc) in enumerate(
                [(f, e) for f in ("text", "title", "company") for e in ("\\ud800", "\\udfff", "\\udbff\\udbff")])]
    bad += [('{"id": "sid\\udc80", "text": "' + GOOD_TEXT + '"}', "kept")]
    bad += [(json.dumps({"id": f"ti{i}", "title": value, "text": GOOD_TEXT}), "kept")
            for i, value in enumerate([{"a": 1}, ["x"], 5, False])]
    bad += [(json.dumps({"id": "ls", "text": GOOD_TEXT + "\u2028 next \u2029 para \x85 nel"}), "kept")]
    bad += [(json.dumps({"id": "html", "text": "<script>" * 2000 + GOOD_TEXT}), "kept")]
    return bad


def title_corpus() -> list[tuple[str, str]]:
    good = json.dumps({"id": "t", "title": "Electrician"})
    bad = [(cut, "rejected") for cut in _truncations(good, 8)]
    bad += [(value, "rejected") for value in ["null", "7", '"Electrician"', "[]", "false"]]
    bad += [(json.dumps({"id": f"o{i}", "title": value}), "rejected")
            for i, value in enumerate([{"name": "Electrician"}, ["Electrician"], 42, 1.5, True])]
    bad += [(json.dumps({"id": f"x{i}", "title": "Electrician", "text": value}), "rejected")
            for i, value in enumerate([{"a": 1}, ["a"], 3])]
    bad += [('{"id": "d", "title": "x", "e": ' + _deep(depth, kind) + "}", "rejected")
            for depth in (1500, 20000) for kind in ("array", "object")]
    bad += [(json.dumps({"id": f"e{i}", "title": value}), "kept")
            for i, value in enumerate([None, "", "   ", "\x00\x01", "x" * 5000, "!!!", "🙂🙂"])]
    bad += [('{"id": "s1", "title": "EV Tech \\ud800"}', "kept"), ('{"id": "s2\\udfff", "title": "EV Tech"}', "kept"),
            ('{"id": "s3", "title": "EV Tech", "text": "chargers \\udc00"}', "kept"),
            ('{"id": ' + "5" * 4400 + ', "title": "Electrician"}', "kept"),
            (json.dumps({"id": "ls", "title": "EV\u2028Tech"}), "kept")]
    return bad


def _interleave(bad: list[tuple[str, str]], make_good) -> tuple[list[str], dict[int, str]]:
    """Lines with a good row before each bad one; returns the lines and line -> expected."""
    lines, expected = [], {}
    for i, (line, outcome) in enumerate(bad):
        lines.append(json.dumps(make_good(i)))
        expected[len(lines)] = "good"
        lines.append(line)
        expected[len(lines)] = outcome
    return lines, expected


def test_extract_corpus(tmp_path):
    bad = extract_corpus()
    assert len(bad) >= 55
    lines, expected = _interleave(bad, _good)
    path = tmp_path / "postings.jsonl"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")  # a byte-order mark too
    rejects = tmp_path / "rejects.jsonl"
    result = run_cli("extract", "--file", path, "--json", "--rejects", rejects)
    assert result.exit_code == 0, result.output[-2000:]
    outputs = [json.loads(x) for x in result.stdout.split("\n") if x]  # (U+2028 may be in a value)
    rejected = {r["line"]: r for r in map(json.loads, rejects.read_text().splitlines())}
    good_ids = [o["id"] for o in outputs if o["id"].startswith("good")]
    assert good_ids == [f"good{i}" for i in range(len(bad))]  # every good row, once, in order
    assert set(rejected) == {n for n, e in expected.items() if e == "rejected"}
    assert len(outputs) == sum(e in ("good", "kept") for e in expected.values())  # nothing silently lost
    for number, reject in rejected.items():
        assert reject["code"] in ("E201", "E202", "E204", "E206") and reject["reason"]
        assert f"{path}:{number} " in result.stderr
    result.stdout.encode("utf-8")  # writable output: no lone surrogate echoed


def test_title_corpus(tmp_path):
    bad = title_corpus()
    assert len(bad) >= 35
    lines, expected = _interleave(bad, lambda i: {"id": f"good{i}", "title": "EV Charger Field Technician"})
    path = tmp_path / "titles.jsonl"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("title", "--file", path, "--json")
    assert result.exit_code == 0, result.output[-2000:]
    outputs = [json.loads(x) for x in result.stdout.split("\n") if x]  # (U+2028 may be in a value)
    assert [o["id"] for o in outputs if o["id"].startswith("good")] == [f"good{i}" for i in range(len(bad))]
    assert all(o["soc_code"] == "49-2098" or o["proposed_code"] for o in outputs if o["id"].startswith("good"))
    reported = {int(n) for n in re.findall(rf"rejected {re.escape(str(path))}:(\d+):", result.stderr)}
    assert reported == {n for n, e in expected.items() if e == "rejected"}
    assert len(outputs) == sum(e in ("good", "kept") for e in expected.values())


# -- report: tagged files with one kind of damage each ---------------------------------------------

def _report_cases() -> list[tuple[str, str, object]]:
    """(name, file suffix, content): content is a list of rows (written in that format)
    or raw text/bytes. Expected: a report of the good rows, or a clear E6xx error."""
    good = [json.dumps(r) for r in ROWS]
    cases: list[tuple[str, str, object]] = [
        ("bad-json-line", "jsonl", "\n".join(good[:3] + ["{not json"] + good[3:])),
        ("deep-line", "jsonl", "\n".join(good[:3] + ['{"id": "x", "e": ' + _deep(5000, "array") + "}"] + good[3:])),
        ("big-int", "jsonl", "\n".join(good[:3] + ['{"id": ' + "1" * 5000 + "}"] + good[3:])),
        ("surrogate-group", "jsonl", "\n".join(good + [json.dumps(dict(ROWS[0], id="s1", region="LA \ud800"))])),
        ("empty", "jsonl", ""), ("blank-lines", "jsonl", "\n\n\n"), ("not-object", "jsonl", "[1, 2]\n"),
        ("bom", "jsonl", "\ufeff" + "\n".join(good)),
        ("binary-parquet", "parquet", b"PAR1\x00\x01garbage"), ("truncated-parquet", "parquet", "TRUNCATE"),
        ("binary-csv", "csv", b"\x00\x01\x02\x03" * 100), ("empty-csv", "csv", ""),
        ("header-only-csv", "csv", "id,title,specialized_skills,common_skills,qualifications\n"),
        ("unknown-suffix", "xyz", "\n".join(good)),
    ]
    for column in ("specialized_skills", "common_skills", "qualifications", "id"):
        cases.append((f"missing-{column}", "jsonl", [{k: v for k, v in r.items() if k != column} for r in ROWS]))
    for i, value in enumerate([5, "evse_service", {"a": 1}, [1, 2], [None], True]):
        cases.append((f"wrong-kind-{i}", "jsonl", [dict(r, specialized_skills=value) if j == 2 else r for j, r in enumerate(ROWS)]))
    cases.append(("duplicate-ids", "jsonl", ROWS + ROWS[:3]))
    return cases


REPORT_CASES = _report_cases()


@pytest.mark.parametrize(("name", "suffix", "content"), REPORT_CASES, ids=[c[0] for c in REPORT_CASES])
def test_report_corpus(tmp_path, name, suffix, content):
    path = tmp_path / f"{name}.{suffix}"
    if isinstance(content, list):
        write(content, path, suffix)
    elif content == "TRUNCATE":
        write(ROWS, path, "parquet")
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    result = run_cli("report", path, "--json", "--by", "region")
    if result.exit_code == 0:
        data = json.loads(result.stdout)
        assert data["postings"] >= len(ROWS) - 1, name  # the good rows are all counted
    else:
        assert result.exit_code == 9, result.output
        assert re.search(r"\[E6\d\d\]", result.output) and path.name in result.output, result.output


# -- compare: a program of one good syllabus and one bad file ---------------------------------------

def _compare_cases(tmp_path) -> list:
    import zipfile

    files = []

    def add(name: str, data: bytes | str) -> None:
        path = tmp_path / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        files.append(path)

    add("empty.md", b""), add("spaces.txt", "   \n\n  "), add("binary.txt", b"\x00\x01\x02" * 500)
    add("nul.md", b"# T\x00itle\n" * 50), add("fake.pdf", b"%PDF-1.4\nnot really"), add("fake.docx", b"PK\x03\x04junk")
    add("text.docx", "plain text named docx"), add("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    add("slides.pptx", b"PK"), add("table.xlsx", b"PK"), add("doc.rtf", "{\\rtf1 hi}"), add("odt.odt", b"PK")
    add("latin1.txt", "Módulo: instalación de cargadores".encode("cp1252")), add("utf16.txt", "Course content: chargers".encode("utf-16"))
    add("broken.html", "<html><body><p>unclosed <b><i><table><tr><td>" * 200)
    add("script.html", "<html><script>" + "x" * 100_000)
    with zipfile.ZipFile(tmp_path / "nodoc.docx", "w") as z:
        z.writestr("hello.txt", "hi")
    files.append(tmp_path / "nodoc.docx")
    files.append(write_docx_body(tmp_path / "badxml.docx", iter([b"<w:p><w:r><w:t>unclosed"])))
    add("deep.html", "<div>" * 50_000 + "Install chargers" + "</div>" * 50_000)
    add("controls.txt", "\x01\x02\x03\x04\x05\x06\x07\x08" * 200)
    add("one-letter.md", "a")
    files.append(tmp_path / "missing.md")
    (tmp_path / "adir.md").mkdir()
    files.append(tmp_path / "adir.md")
    return files


def test_compare_corpus(tmp_path):
    demand = write(ROWS, tmp_path / "tagged.jsonl", "jsonl")
    good = tmp_path / "good.md"
    good.write_text("# EV Program\n\n## Course content\n- Install Level 2 EV chargers\n- EVSE repair and service\n")
    bad_files = _compare_cases(tmp_path)
    assert len(bad_files) >= 20
    for bad in bad_files:
        result = run_cli("compare", good, bad, "--demand", demand, "--json")
        assert result.exit_code == 0, (bad.name, result.output[-1500:])
        data = json.loads(result.stdout)
        taught = json.dumps(data)
        assert "ev_charger_installation" in taught, bad.name  # the good file still counts
        problems = json.dumps(data.get("problems", [])) + result.stderr
        if bad.name not in problems:  # read fine (a lenient format): it must then be in the program
            assert bad.name in taught, bad.name
        else:
            assert re.search(r"E8\d\d", problems), (bad.name, problems)
