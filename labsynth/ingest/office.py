"""Word-processor files: ``.docx`` (python-docx) and ``.odt`` (odfpy).

The document's text is its paragraphs (and table rows, as ``cell : cell``) joined by
``\\n``, in reading order; a soft line break stays ``\\n`` inside its paragraph, and
line anchors keep paragraph numbers right for provenance. Tracked changes are read as if
accepted (insertions in, deletions out); content controls, fields and nested tables are read;
headers, footers, notes and comments are not.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from labsynth.errors import CorpusError
from labsynth.ingest.document import ReadResult
from labsynth.ingest.spreadsheets import MAX_SPACES
from labsynth.ingest.turns import document_from_text
from labsynth.project import FileSettings

# --- .docx -------------------------------------------------------------------------------------
# python-docx's Paragraph.text skips tracked insertions (<w:ins>), inline content controls and
# simple fields, and Document.iter_inner_content() skips block content controls; cells with the
# same text are not the same cell. So the body XML is walked here, in document order.

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Run containers read through (tracked insertion, move destination, links, fields, tags...);
# anything else in a paragraph (w:del, w:moveFrom, drawings, math, comments) is left out.
_DOCX_INLINE = {_W + tag for tag in ("ins", "moveTo", "hyperlink", "smartTag", "fldSimple",
                                     "customXml", "dir", "bdo")}
_DOCX_BLOCK = {_W + "customXml"}  # block containers read through, as w:sdt's w:sdtContent


def _docx_paragraphs(path: Path) -> tuple[list[str], list[str]]:
    import docx

    document = docx.Document(str(path))
    lines: list[str] = []
    speakers: list[str] = []
    for kind, value in _docx_blocks(document.element.body):
        if kind == "p":
            lines.append(value)
        else:
            lines.extend(" : ".join(cells) for cells in value)
            speakers.extend(_table_speakers(value))
    return lines, speakers


def _docx_blocks(parent):
    """``("p", text)`` per paragraph and ``("tbl", rows)`` per table, in reading order."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            yield "p", _docx_paragraph_text(child)
        elif tag == _W + "tbl":
            yield "tbl", _docx_table_rows(child)
        elif tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                yield from _docx_blocks(content)
        elif tag in _DOCX_BLOCK:
            yield from _docx_blocks(child)


def _docx_paragraph_text(p) -> str:
    """A paragraph's text as Word shows it with changes accepted: insertions in, deletions and
    field codes out; ``\\t`` for tabs, ``\\n`` for line breaks."""
    out: list[str] = []
    _docx_inline_text(p, out)
    # a page or column break ("\f") separates words inside a paragraph, nothing at its ends
    return "".join(out).strip("\f").replace("\f", "\n")


def _docx_inline_text(parent, out: list[str]) -> None:
    for child in parent.iterchildren():
        tag = child.tag
        if tag == _W + "r":
            _docx_run_text(child, out)
        elif tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                _docx_inline_text(content, out)
        elif tag in _DOCX_INLINE:
            _docx_inline_text(child, out)


def _docx_run_text(run, out: list[str]) -> None:
    for child in run.iterchildren():
        tag = child.tag
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            out.append("\t")
        elif tag == _W + "br":
            kind = child.get(_W + "type", "textWrapping")
            out.append("\n" if kind == "textWrapping" else "\f")
        elif tag == _W + "cr":
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "sym":
            out.append(_docx_symbol(child.get(_W + "char", "")))


def _docx_symbol(code: str) -> str:
    """A ``w:sym`` character, unless it is a private-use glyph of a symbol font."""
    try:
        char = chr(int(code, 16))
    except (ValueError, OverflowError):
        return ""
    return "" if "\ue000" <= char <= "\uf8ff" or not char.isprintable() else char


def _docx_table_rows(tbl) -> list[list[str]]:
    """Each row's non-empty cell texts, a cell spanning several columns kept once.

    A cell continuing a vertical merge gives the text of the cell it continues, as
    python-docx's ``row.cells`` does. Nested tables are read into their cell's text.
    """
    rows: list[list[str]] = []
    above: dict[int, object] = {}  # grid column -> the w:tc holding its text, previous row
    for tr in _docx_children(tbl, _W + "tr"):
        grid = _docx_int(tr.find(f"{_W}trPr/{_W}gridBefore"))
        cells: list = []
        here: dict[int, object] = {}
        for tc in _docx_children(tr, _W + "tc"):
            tc_pr = tc.find(_W + "tcPr")
            span = max(_docx_int(None if tc_pr is None else tc_pr.find(_W + "gridSpan")), 1)
            merge = None if tc_pr is None else tc_pr.find(_W + "vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                tc = above.get(grid, tc)
            for column in range(grid, grid + span):
                here[column] = tc
            grid += span
            if not any(tc is seen for seen in cells):
                cells.append(tc)
        above = here
        texts = (_docx_cell_text(tc).strip() for tc in cells)
        rows.append([text for text in texts if text])
    return rows


def _docx_children(parent, tag: str):
    """Children ``tag`` of ``parent``, including those inside content controls."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _W + "sdt":
            for content in child.iterchildren(_W + "sdtContent"):
                yield from _docx_children(content, tag)
        elif child.tag in _DOCX_BLOCK:
            yield from _docx_children(child, tag)


def _docx_int(element) -> int:
    try:
        return int(element.get(_W + "val")) if element is not None else 0
    except (TypeError, ValueError):
        return 0


def _docx_cell_text(tc) -> str:
    lines: list[str] = []
    for kind, value in _docx_blocks(tc):
        if kind == "p":
            lines.append(value)
        else:
            lines.extend(" : ".join(cells) for cells in value)
    return "\n".join(lines)


def _table_speakers(rows: list[list[str]]) -> list[str]:
    """First-column names of a two-column (speaker, text) table, header row excluded."""
    if not rows or any(len(r) not in (0, 2) for r in rows):
        return []
    return [r[0] for r in rows[1:] if r]


# --- .odt ----------------------------------------------------------------------------------------

_TEXTNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLENS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICENS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
# Deleted text of tracked changes (text:tracked-changes) and comments are not the text.
_ODT_SKIPPED = {(_TEXTNS, "tracked-changes"), (_OFFICENS, "annotation"),
                (_OFFICENS, "annotation-end")}


def _odt_paragraphs(path: Path) -> tuple[list[str], list[str]]:
    from odf import opendocument

    document = opendocument.load(str(path))
    lines: list[str] = []
    table_rows: list[list[str]] = []
    speakers: list[str] = []

    def walk(node) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in {(_TEXTNS, "p"), (_TEXTNS, "h")}:
                lines.append(_odt_text(child))
            elif qname == (_TABLENS, "table-row"):
                table_rows.append(_odt_row(child))
                lines.append(" : ".join(table_rows[-1]))
            elif qname == (_TABLENS, "table"):
                outer = table_rows[:]
                table_rows.clear()
                walk(child)
                speakers.extend(_table_speakers(table_rows))
                table_rows[:] = outer
            elif qname not in _ODT_SKIPPED:
                walk(child)

    walk(document.text)
    return lines, speakers


def _odt_text(node) -> str:
    """Text of a paragraph (spans, links, fields...): ``text:s`` as its ``text:c`` spaces,
    ``text:tab`` as ``\\t``, ``text:line-break`` as ``\\n``; comments left out."""
    out: list[str] = []

    def collect(element) -> None:
        for child in element.childNodes:
            qname = getattr(child, "qname", None)
            if qname is None:
                out.append(getattr(child, "data", ""))
            elif qname == (_TEXTNS, "line-break"):
                out.append("\n")
            elif qname == (_TEXTNS, "tab"):
                out.append("\t")
            elif qname == (_TEXTNS, "s"):  # a run of spaces: layout, shortened past 1,000
                count = child.getAttrNS(_TEXTNS, "c")
                out.append(" " * min(int(count) if count and count.isdigit() else 1,
                                     MAX_SPACES))
            elif qname not in _ODT_SKIPPED:
                collect(child)

    collect(node)
    return "".join(out)


def _odt_row(row) -> list[str]:
    """Non-empty cell texts of a table row; a cell's paragraphs joined by ``\\n``."""
    cells: list[str] = []
    for cell in row.childNodes:
        if getattr(cell, "qname", None) != (_TABLENS, "table-cell"):
            continue
        text = _odt_cell_text(cell).strip()
        repeat = cell.getAttrNS(_TABLENS, "number-columns-repeated")
        if text:
            cells.extend([text] * min(int(repeat) if repeat and repeat.isdigit() else 1, 100))
    return cells


def _odt_cell_text(cell) -> str:
    lines: list[str] = []

    def walk(node) -> None:
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname in {(_TEXTNS, "p"), (_TEXTNS, "h")}:
                lines.append(_odt_text(child))
            elif qname == (_TABLENS, "table-row"):
                lines.append(" : ".join(_odt_row(child)))
            elif qname is not None and qname not in _ODT_SKIPPED:
                walk(child)

    walk(cell)
    return "\n".join(lines)


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
