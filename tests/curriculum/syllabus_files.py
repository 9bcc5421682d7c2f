"""Build syllabus files for tests: PDF (written by hand, no PDF library needed), DOCX
(python-docx), HTML and Markdown; and broken ones (encrypted, scanned, empty, corrupt)."""

from __future__ import annotations

import textwrap
from pathlib import Path


def _pdf_escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(pages: list[list[str]], *, wrap: int | None = 88) -> bytes:
    """A PDF with one Helvetica text line per entry (long lines wrapped at ``wrap``
    characters, as a layout would). An empty page list entry makes a page without text."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        page_number = len(objects) + 1
        kids.append(page_number)
        if lines:
            shown: list[str] = []
            for line in lines:
                shown.extend(textwrap.wrap(line, wrap) if wrap and line else [line])
            body = b"BT /F1 10 Tf 13 TL 56 760 Td " + b" ".join(b"(" + _pdf_escape(line) + b") Tj T*" for line in shown) + b" ET"
        else:
            body = b"q 0.2 0.3 0.4 rg 72 300 460 400 re f Q"  # a "scanned" page: only a filled area
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {page_number + 1} 0 R >>".encode())
        objects.append(f"<< /Length {len(body)} >>\nstream\n".encode() + body + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def write_pdf(path: Path, lines: list[str], **kwargs) -> Path:
    path.write_bytes(pdf_bytes([lines], **kwargs))
    return path


def write_scanned_pdf(path: Path, pages: int = 2) -> Path:
    path.write_bytes(pdf_bytes([[] for _ in range(pages)]))
    return path


def write_encrypted_pdf(path: Path, lines: list[str], *, user_password: str = "secret") -> Path:
    """The PDF of ``lines`` encrypted (AES-256); an empty user password only restricts it."""
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([lines]))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def write_docx(path: Path, blocks: list[tuple[str, object]]) -> Path:
    """Blocks: ("title"|"h1"|"h2"|"h3", text), ("p", text), ("bullet", text), ("number", text),
    ("bold", text) a bold-only paragraph, ("table", rows)."""
    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "title":
            document.add_heading(str(value), level=0)
        elif kind in ("h1", "h2", "h3"):
            document.add_heading(str(value), level=int(kind[1]))
        elif kind == "p":
            document.add_paragraph(str(value))
        elif kind == "bullet":
            document.add_paragraph(str(value), style="List Bullet")
        elif kind == "number":
            document.add_paragraph(str(value), style="List Number")
        elif kind == "bold":
            document.add_paragraph().add_run(str(value)).bold = True
        elif kind == "table":
            rows = list(value)
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = str(cell)
        else:
            raise ValueError(kind)
    document.save(str(path))
    return path


def write_empty_docx(path: Path) -> Path:
    import docx

    docx.Document().save(str(path))
    return path
