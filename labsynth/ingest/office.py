"""Word-processor files: ``.docx`` (python-docx) and ``.odt`` (odfpy).

The document's text is its paragraphs (and table rows, as ``cell : cell``) joined by
``\\n``, in reading order; a soft line break stays ``\\n`` inside its paragraph, and
line anchors keep paragraph numbers right for provenance.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from labsynth.errors import CorpusError
from labsynth.ingest.document import ReadResult
from labsynth.ingest.turns import document_from_text
from labsynth.project import FileSettings


def _docx_paragraphs(path: Path) -> tuple[list[str], list[str]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    speakers: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            rows = [_distinct(c.text.strip() for c in row.cells) for row in block.rows]
            lines.extend(" : ".join(cells) for cells in rows)
            speakers.extend(_table_speakers(rows))
    return lines, speakers


def _distinct(cells) -> list[str]:
    """Non-empty cells, merged cells (repeated by python-docx) kept once."""
    out: list[str] = []
    for cell in cells:
        if cell and cell not in out:
            out.append(cell)
    return out


def _table_speakers(rows: list[list[str]]) -> list[str]:
    """First-column names of a two-column (speaker, text) table, header row excluded."""
    if not rows or any(len(r) not in (0, 2) for r in rows):
        return []
    return [r[0] for r in rows[1:] if r]


def _odt_paragraphs(path: Path) -> tuple[list[str], list[str]]:
    from odf import opendocument, teletype
    from odf.namespaces import TABLENS, TEXTNS

    document = opendocument.load(str(path))
    lines: list[str] = []
    table_rows: list[list[str]] = []

    def walk(node) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in {(TEXTNS, "p"), (TEXTNS, "h")}:
                lines.append(teletype.extractText(child))
            elif qname == (TABLENS, "table-row"):
                cells = [teletype.extractText(c).strip() for c in child.childNodes
                         if getattr(c, "qname", None) == (TABLENS, "table-cell")]
                table_rows.append(_distinct(cells))
                lines.append(" : ".join(table_rows[-1]))
            elif qname == (TABLENS, "table"):
                table_rows.clear()
                walk(child)
                speakers.extend(_table_speakers(table_rows))
            else:
                walk(child)

    speakers: list[str] = []
    walk(document.text)
    return lines, speakers


def _read(path: Path, rel_path: str, settings: FileSettings, kind: str) -> ReadResult:
    extract = _docx_paragraphs if kind == "docx" else _odt_paragraphs
    try:
        lines, table_speakers = extract(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        app = "Word" if kind == "docx" else "LibreOffice"
        raise CorpusError(
            "LS204",
            f"fichier .{kind} illisible ou abîmé ({type(exc).__name__}). Ouvrez-le dans {app} "
            f"et réenregistrez-le au format .{kind}, ou exportez-le en .txt.",
            rel_path,
        ) from None
    except Exception as exc:  # odfpy/lxml raise many parser errors on damaged XML
        raise CorpusError(
            "LS204",
            f"fichier .{kind} illisible ({type(exc).__name__} : {exc}). Réenregistrez-le ou "
            "exportez-le en .txt.",
            rel_path,
        ) from None
    paragraphs = [line.replace("\r\n", "\n").replace("\r", "\n") for line in lines]
    anchors, offset = [], 0
    for number, paragraph in enumerate(paragraphs, start=1):
        anchors.append((offset, number))
        offset += len(paragraph) + 1
    text = "\n".join(paragraphs)
    if not text.strip():
        raise CorpusError("LS201", f"le .{kind} ne contient aucun texte.", rel_path)
    return ReadResult(documents=[
        document_from_text(text, rel_path, settings, table_speakers, anchors)])


def read_docx(path: Path, rel_path: str, settings: FileSettings) -> ReadResult:
    """Read a Word ``.docx`` file as one document (speaker turns detected)."""
    return _read(path, rel_path, settings, "docx")


def read_odt(path: Path, rel_path: str, settings: FileSettings) -> ReadResult:
    """Read an OpenDocument ``.odt`` file as one document (speaker turns detected)."""
    return _read(path, rel_path, settings, "odt")
