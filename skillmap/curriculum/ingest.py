"""Syllabus files to text: PDF, Word (DOCX), HTML, Markdown or plain text.

Every reader returns markdown-like text, so one set of rules reads them all: headings
become ``#`` lines (Word heading styles, HTML ``h1``-``h6``; a heading's level is kept),
list items become ``- `` lines, table rows become ``cell | cell`` lines (with an ``(N hours)``
note when the table has an hours column), and PDF lines wrapped by the layout are joined
back into sentences. Offsets of syllabus mentions index this text.

A file that cannot be used raises :class:`~skillmap.errors.CurriculumError` naming it:
missing (E801), unsupported format (E802), encrypted PDF (E803), PDF without a text layer
(E804), no text at all (E805), corrupt (E806), too large once unpacked or read (E813).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import CurriculumError

MAX_FILE_BYTES = 64 * 1024 * 1024
# Bounds on what one file may unpack to (E813): reading, and the rules after it, cost
# memory and time in proportion (a 2M-character text took 53 s and 280 MB to read as a
# syllabus; 50 MB of text, 4.6 GB). A 300-page syllabus has about 1M characters and
# 10,000 paragraphs.
MAX_SYLLABUS_CHARS = 1_000_000
MAX_TEXT_BYTES = 4 * MAX_SYLLABUS_CHARS  # a text or Markdown file (UTF-8: up to 4 bytes a character)
MAX_HTML_BYTES = 24 * 1024 * 1024  # HTML: markup, inline styles and images around the text
MAX_DOCX_UNPACKED_BYTES = 128 * 1024 * 1024  # all parts of a .docx (a zip) unpacked
MAX_DOCX_PARAGRAPHS = 50_000
_KIND = {"html": "an HTML", "text": "a text", "markdown": "a Markdown"}
MIN_PDF_LETTERS = 20
MIN_LETTERS_PER_PAGE = 25
SUFFIX_FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown",
    ".txt": "text", ".text": "text", ".rst": "text",
}
UNSUPPORTED = {
    ".doc": "old Word (.doc) files are not supported: save it as .docx or PDF",
    ".odt": "OpenDocument files are not supported: save it as .docx or PDF",
    ".rtf": "RTF files are not supported: save it as .docx, PDF or text",
    ".pptx": "slides are not supported: export them as PDF",
    ".ppt": "slides are not supported: export them as PDF",
    ".xlsx": "spreadsheets are not supported: save the sheet as CSV text or PDF",
    ".xls": "spreadsheets are not supported: save the sheet as CSV text or PDF",
}
_HOURS_HEADER = re.compile(r"\b(hours?|hrs?)\b", re.IGNORECASE)
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")
_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class SyllabusText:
    """One syllabus file as text: ``text`` is what the rules read; ``title`` is its
    first heading (or first line), a default name for the program."""

    path: Path
    format: str
    text: str
    title: str | None = None

    @property
    def name(self) -> str:
        return self.path.name


def detect_format(path: Path, head: bytes) -> str:
    """Format from the suffix, else from the first bytes."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise CurriculumError(f"{path}: {UNSUPPORTED[suffix]}", code="E802")
    if suffix in SUFFIX_FORMATS:
        return SUFFIX_FORMATS[suffix]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise CurriculumError(f"{path}: {UNSUPPORTED['.doc']}", code="E802")
    sample = head[:2048].lower()
    if b"<html" in sample or b"<!doctype html" in sample or b"<body" in sample:
        return "html"
    return "text"


def read_syllabus(path: str | Path) -> SyllabusText:
    """Read one syllabus file. Raises CurriculumError (E801-E806, E813) naming the file."""
    path = Path(path)
    if not path.exists():
        raise CurriculumError(f"{path}: no such file", code="E801")
    if path.is_dir():
        raise CurriculumError(f"{path}: is a directory, not a syllabus file", code="E801")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CurriculumError(f"{path}: {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}", code="E801")
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as err:
        raise CurriculumError(f"{path}: cannot read ({err.strerror or err})", code="E801") from None
    if size == 0:
        raise CurriculumError(f"{path}: file is empty", code="E805")
    fmt = detect_format(path, head)
    limit = {"html": MAX_HTML_BYTES, "text": MAX_TEXT_BYTES, "markdown": MAX_TEXT_BYTES}.get(fmt)
    if limit is not None and size > limit:
        raise CurriculumError(
            f"{path}: {size:,} bytes, over the limit of {limit:,} for {_KIND[fmt]} syllabus file; split it", code="E813"
        )
    reader = {"pdf": _read_pdf, "docx": _read_docx, "html": _read_html}.get(fmt, _read_text)
    text = reader(path)
    text = text.strip("\n")
    if len(text) > MAX_SYLLABUS_CHARS:
        raise CurriculumError(
            f"{path}: {len(text):,} characters of text, over the limit of {MAX_SYLLABUS_CHARS:,} "
            "for one syllabus file; split it",
            code="E813",
        )
    if sum(ch.isalpha() for ch in text) < 3:
        what = "a Word document without text" if fmt == "docx" else "no text"
        raise CurriculumError(f"{path}: {what}", code="E805")
    return SyllabusText(path=path, format=fmt, text=text, title=first_heading(text))


def first_heading(text: str) -> str | None:
    """The first ``#`` heading, else the first non-empty line (shortened)."""
    first_line = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip().strip("*_ ") or None
        if first_line is None:
            first_line = stripped.strip("*_ ")
            break
    if first_line and len(first_line) <= 120:
        return first_line
    return None


# -- plain text and markdown -----------------------------------------------------------------

def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:8192]:
        # UTF-16 text files carry a byte-order mark; anything else with NULs is binary.
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise CurriculumError(f"{path}: binary data, not text (is it a PDF or DOCX with the wrong suffix?)", code="E806")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CurriculumError(f"{path}: cannot read ({err.strerror or err})", code="E801") from None
    text = _decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\t\f")
    if controls > max(8, len(text[:4096]) // 20):
        raise CurriculumError(f"{path}: binary data, not text", code="E806")
    if "|" in text:
        text = markdown_tables(text)
    return join_wrapped_lines(text)


def join_wrapped_lines(text: str) -> str:
    """Hard-wrapped prose back into sentences, keeping every offset: a newline becomes a
    space when its line does not end a sentence and the next line continues it (starts in
    lower case, or the line was wrapped near the text's usual width). Headings, list
    items and table rows keep their own lines."""
    lines = text.split("\n")
    width = max((len(line.rstrip()) for line in lines), default=0)
    chars = list(text)
    position = 0
    for index, line in enumerate(lines[:-1]):
        position += len(line)
        current, following = line.strip(), lines[index + 1].strip()
        if (
            current and following
            and not _SENTENCE_END.search(current)
            and not current.startswith(("#", "|")) and not following.startswith(("#", "|", ">"))
            and not _BULLET_START.match(lines[index + 1])
            and not _looks_like_heading(current) and not _looks_like_heading(following)
            and (following[:1].islower() or (width >= 60 and len(line.rstrip()) >= 0.75 * width and not following[:1].isdigit()))
        ):
            chars[position] = " "
        position += 1
    return "".join(chars)


_MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_SEPARATOR = re.compile(r"^[\s|:\-]+$")


def markdown_tables(text: str) -> str:
    """Markdown tables as ``a | b`` rows (the format of Word and HTML tables), with an
    ``(N hours)`` note per row when a column is headed hours."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _MD_TABLE_ROW.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        rows = []
        while i < len(lines) and _MD_TABLE_ROW.match(lines[i]):
            if not _MD_SEPARATOR.match(lines[i]):
                rows.append([cell.strip() for cell in lines[i].strip().strip("|").split("|")])
            i += 1
        out.extend(_table_lines(rows))
    return "\n".join(out)


# -- PDF ---------------------------------------------------------------------------------------

def _read_pdf(path: Path) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings on sloppy PDFs are noise here
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError) as err:
                raise CurriculumError(f"{path}: encrypted PDF that cannot be opened here ({err})", code="E803") from None
            if not opened:
                raise CurriculumError(
                    f"{path}: encrypted PDF; a password is needed (save an unprotected copy)", code="E803"
                )
        pages = []
        for page in reader.pages:
            try:
                pages.append(page.extract_text() or "")
            except (FileNotDecryptedError, DependencyError):
                raise CurriculumError(f"{path}: encrypted PDF; a password is needed", code="E803") from None
            except Exception:  # one damaged page: keep the others
                pages.append("")
    except CurriculumError:
        raise
    except FileNotDecryptedError:
        raise CurriculumError(f"{path}: encrypted PDF; a password is needed", code="E803") from None
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as err:
        raise CurriculumError(f"{path}: not a readable PDF ({type(err).__name__}: {err})", code="E806") from None
    except Exception as err:  # pypdf raises many kinds on broken files
        raise CurriculumError(f"{path}: not a readable PDF ({type(err).__name__}: {err})", code="E806") from None
    letters = sum(ch.isalpha() for page in pages for ch in page)
    # A scanned PDF may still carry a stamp or page numbers as text ("Page 1 of 9").
    if letters < max(MIN_PDF_LETTERS, MIN_LETTERS_PER_PAGE * len(pages)):
        raise CurriculumError(
            f"{path}: PDF has no extractable text ({len(pages)} page(s), {letters} letters); "
            "it is probably scanned images: run OCR on it first",
            code="E804",
        )
    return "\n\n".join(reflow_pdf_text(page) for page in pages if page.strip())


_BULLET_START = re.compile(
    r"^\s*([•·▪●◦‣\-*–]|\d{1,2}[.)]|[a-zA-Z][.)]|[ivxIVX]{1,4}[.)])\s+"
    # outline lines and course codes start their own line: "Lesson 4 ...", "AUTO 150 ..."
    r"|^\s*((module|unit|week|lesson|session|chapter|day|lab|topic|part|phase|step)\s*\d|(?-i:[A-Z]{2,5} ?-?\d{2,4}[A-Z]?)\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;]['\")\]]?$")


def reflow_pdf_text(page: str) -> str:
    """Join lines the PDF layout wrapped: a line continues on the next when it does not
    end a sentence and the next line starts in lower case (or the line is about as long
    as the page's longest, i.e. it was wrapped at the margin). Bullets and headings
    stay on their own lines; a hyphen at a wrap joins the word."""
    lines = [_SPACES.sub(" ", line).strip() for line in page.replace("\r", "\n").split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        if not line:
            out.append("")
            continue
        if out and out[-1]:
            previous = out[-1]
            starts_lower = line[:1].islower()
            wrapped = len(previous) >= 0.75 * width and width >= 40
            continues = (
                not _SENTENCE_END.search(previous)
                and not _BULLET_START.match(line)
                and (starts_lower or (wrapped and not line[:1].isdigit()))
                and not _looks_like_heading(line)
                and not _looks_like_heading(previous)
            )
            if continues:
                out[-1] = previous[:-1] + line if previous.endswith("-") and starts_lower else previous + " " + line
                continue
        out.append(line)
    return "\n".join(out)


def _looks_like_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 3 and line.upper() == line and len(line) <= 80:
        return True
    return len(line) <= 60 and line.endswith(":") and len(line.split()) <= 8


# -- Word --------------------------------------------------------------------------------------

_DOCX_PARAGRAPH = re.compile(rb"<w:p[\s>/]")


def _check_docx_size(path: Path) -> None:
    """Refuse a .docx that unpacks to too much, or holds too many paragraphs, before
    python-docx builds it in memory: the zip's declared sizes bound what it reads, and
    the paragraphs are counted in the XML as it streams out of the zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_DOCX_UNPACKED_BYTES:
                raise CurriculumError(
                    f"{path}: unpacks to {unpacked:,} bytes, over the limit of {MAX_DOCX_UNPACKED_BYTES:,} "
                    "for a Word file (a zip bomb?)",
                    code="E813",
                )
            if "word/document.xml" not in archive.namelist():
                return  # not a Word document: python-docx says so below
            paragraphs, carry = 0, b""
            with archive.open("word/document.xml") as xml:
                while chunk := xml.read(1 << 20):
                    data = carry + chunk
                    paragraphs += len(_DOCX_PARAGRAPH.findall(data))
                    carry = data[-4:]  # a mark cut by the chunk end (5 bytes) is counted next time
                    if paragraphs > MAX_DOCX_PARAGRAPHS:
                        raise CurriculumError(
                            f"{path}: more than {MAX_DOCX_PARAGRAPHS:,} paragraphs, over the limit for one "
                            "syllabus file; split it",
                            code="E813",
                        )
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise CurriculumError(f"{path}: not a readable Word (.docx) file ({type(err).__name__}: {err})", code="E806") from None


def _read_docx(path: Path) -> str:
    _check_docx_size(path)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise CurriculumError(f"{path}: python-docx is not installed ({err})", code="E802") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CurriculumError(f"{path}: not a readable Word (.docx) file ({type(err).__name__}: {err})", code="E806") from None
    except Exception as err:  # lxml and zip errors on damaged files
        raise CurriculumError(f"{path}: not a readable Word (.docx) file ({type(err).__name__}: {err})", code="E806") from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(_docx_paragraph(Paragraph(child, document)))
        elif tag == "tbl":
            lines.extend(_table_lines([[cell.text for cell in row.cells] for row in Table(child, document).rows]))
            lines.append("")
    return "\n".join(lines)


def _docx_paragraph(paragraph) -> str:
    text = _SPACES.sub(" ", paragraph.text.replace("\n", " ")).strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = style.lower()
    match = re.match(r"heading (\d)", lowered)
    if match:
        return "\n" + "#" * int(match.group(1)) + " " + text
    if lowered in ("title", "subtitle"):
        return "\n# " + text if lowered == "title" else "\n## " + text
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if numbered or lowered.startswith("list"):
        return "- " + text
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold for r in runs) and len(text) <= 80:
        return "\n**" + text + "**"
    return text


def _table_lines(rows: list[list[str]]) -> list[str]:
    """Rows as ``a | b | c`` lines; cells repeated by merged columns appear once. With an
    hours column (header names hours), each row gets an ``(N hours)`` note."""
    cleaned = []
    for row in rows:
        cells: list[str] = []
        for cell in row:
            text = _SPACES.sub(" ", (cell or "").replace("\n", " ")).strip()
            if not cells or text != cells[-1]:
                cells.append(text)
        cleaned.append(cells)
    if not cleaned:
        return []
    header = cleaned[0]
    hours_col = next((i for i, cell in enumerate(header) if _HOURS_HEADER.search(cell) and len(cell) <= 30), None)
    lines = []
    for index, cells in enumerate(cleaned):
        if not any(cells):
            continue
        line = " | ".join(c for c in cells if c)
        if index > 0 and hours_col is not None and hours_col < len(cells):
            number = _NUMBER.match(cells[hours_col])
            if number:
                line += f" ({number.group(1)} hours)"
        lines.append(line)
    return lines


# -- HTML --------------------------------------------------------------------------------------

_BLOCK = {"p", "div", "section", "article", "main", "br", "tr", "table", "ul", "ol", "dl", "blockquote",
          "pre", "form", "fieldset", "address", "figure", "figcaption", "hr", "body", "tbody", "thead"}
_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "footer", "head", "aside", "button", "select", "iframe", "canvas"}
_HEADINGS = {f"h{i}": i for i in range(1, 7)}


class _HtmlToText(HTMLParser):
    """HTML to the markdown-like text the rules read: headings, list items, table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip_depth = 0
        self.heading: int | None = None
        self.in_list_item = False
        self.title: list[str] = []
        self.in_title = False
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.table: list[list[str]] | None = None
        self.bold_depth = 0

    # -- helpers
    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        self.current = []
        if not text:
            return
        if self.heading:
            self.lines.append("")
            self.lines.append("#" * self.heading + " " + text.replace("**", ""))
            self.lines.append("")
        elif self.in_list_item:
            self.lines.append("- " + text)
        else:
            self.lines.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
            return
        if tag in _SKIP:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "table":
            self.flush()
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag in _HEADINGS:
            self.flush()
            self.heading = _HEADINGS[tag]
        elif tag == "li":
            self.flush()
            self.in_list_item = True
        elif tag in ("b", "strong"):
            self.bold_depth += 1
            self._text("**")
        elif tag == "dt":
            self.flush()
        elif tag == "dd":
            pass
        elif tag in _BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            return
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if self.skip_depth:
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_SPACES.sub(" ", "".join(self.cell)).replace("**", "").strip())
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            self.table.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self.lines.extend(_table_lines(self.table))
            self.lines.append("")
            self.table = None
        elif tag in _HEADINGS:
            self.flush()
            self.heading = None
        elif tag == "li":
            self.flush()
            self.in_list_item = False
        elif tag in ("b", "strong"):
            self.bold_depth = max(0, self.bold_depth - 1)
            self._text("**")
        elif tag == "dt":
            text = _SPACES.sub(" ", "".join(self.current)).replace("**", "").strip()
            self.current = [text.rstrip(":") + ": "] if text else []
        elif tag == "dd":
            self.flush()
        elif tag in _BLOCK:
            self.flush()

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr") and not self.skip_depth:
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self.flush()

    def _text(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.table is None or self.row is None:
            self.current.append(data)

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
            return
        if self.skip_depth:
            return
        self._text(data.replace("\n", " "))

    def result(self) -> str:
        self.flush()
        if self.table:
            self.lines.extend(_table_lines(self.table))
        text = "\n".join(self.lines)
        # "**Prerequisites**" alone on a line stays a heading; bold inside a sentence is
        # blanked by the cleaner; empty bold pairs go.
        text = re.sub(r"\*\*\s*\*\*", "", text)
        return re.sub(r"\n{3,}", "\n\n", text)


def _read_html(path: Path) -> str:
    raw = _read_text(path)
    parser = _HtmlToText()
    try:
        parser.feed(raw)
        parser.close()
    except Exception as err:  # html.parser is lenient; this is a safety net
        raise CurriculumError(f"{path}: not readable HTML ({type(err).__name__}: {err})", code="E806") from None
    text = parser.result()
    title = _SPACES.sub(" ", "".join(parser.title)).strip()
    if title and not re.search(r"^\s*#", text, re.MULTILINE):
        text = f"# {title}\n\n{text}"
    return text
