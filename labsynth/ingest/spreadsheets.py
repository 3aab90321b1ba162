"""OpenDocument spreadsheets (``.ods``) read as a stream of rows.

pandas' ``odf`` engine (odfpy) builds the whole document tree and expands every repeated
cell and row: LibreOffice writes a row's trailing empty cells as one cell « repeated
16,000 times » and the end of a sheet as one row « repeated a million times », and a
1.5 KB file repeating a text cell 5,000,000 times took 9.6 GB. Here ``content.xml`` is
parsed with expat as it is unpacked, and repetitions are expanded only as far as there
is content: empty cells and rows are counted, not built; a row wider than a spreadsheet
can be (16,384 columns) is refused alone, with its reason. No maintained library reads
ODS as a stream with row numbers (odfpy, pandas, pyexcel-ods all build the tree).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from labsynth.errors import CorpusError
from labsynth.ingest.document import ReadResult

__all__ = ["ods_rows"]

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_SEP = "\x01"
_MAX_ROWS = 1_048_576
_MAX_COLUMNS = 16_384
#: a run of spaces written ``<text:s text:c="N"/>`` longer than this is shortened: it is
#: layout, not words (a 1.4 KB file asked for 100,000,000 spaces)
MAX_SPACES = 1_000
_CHUNK = 1 << 20
#: copies of one filled row (``number-rows-repeated``) that are read; LibreOffice repeats
#: identical neighbouring rows, a few at a time
MAX_REPEATED_ROWS = 1_000


class _StopError(Exception):
    """The wanted sheet is read: stop parsing the rest of the file."""


def _n(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(int(value), 1) if value is not None else default
    except ValueError:
        return default


def _cell_value(attrs: dict[str, str], text: str) -> str:
    """A cell as text, as pandas' odf reader and :func:`labsynth.ingest.tables.cell_text`
    gave it: numbers without ``.0`` when integral, dates in ISO, booleans as True/False."""
    from labsynth.ingest.tables import cell_text

    kind = attrs.get(f"{_OFFICE}{_SEP}value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            return cell_text(float(attrs[f"{_OFFICE}{_SEP}value"]))
        if kind == "date":
            return cell_text(dt.datetime.fromisoformat(attrs[f"{_OFFICE}{_SEP}date-value"]))
        if kind == "boolean":
            return str(attrs.get(f"{_OFFICE}{_SEP}boolean-value") == "true")
    except (KeyError, ValueError, OverflowError):
        pass  # an attribute missing or malformed: the text shown in the cell
    return text


class _SheetParser:
    """expat handlers collecting the rows of one sheet."""

    def __init__(self, wanted: str | None, rel_path: str, result: ReadResult) -> None:
        self.wanted, self.rel_path, self.result = wanted, rel_path, result
        self.names: list[str] = []
        self.depth_table = 0  # > 0 inside the sheet being read
        self.in_sheet = False
        self.rows: list[tuple[int, list[str]]] = []
        self.too_wide: set[int] = set()
        self.gap = 0  # empty rows since the last filled one (counted once content follows)
        self.number = 0  # last row number of the sheet
        self.row: list[str] | None = None
        self.row_repeat = 1
        self.row_wide = False
        self.pending_empty = 0  # empty cells seen after the last filled one of the row
        self.cell_attrs: dict[str, str] | None = None
        self.cell_repeat = 1
        self.paragraphs: list[str] = []
        self.parts: list[str] | None = None
        self.skip = 0  # > 0 inside an annotation (a comment): not the cell's text

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_TABLE}{_SEP}table":
            if self.in_sheet:
                self.depth_table += 1  # a table inside a cell (rare): its text is kept
                return
            sheet = attrs.get(f"{_TABLE}{_SEP}name", f"Feuille{len(self.names) + 1}")
            self.names.append(sheet)
            if (self.wanted is None and len(self.names) == 1) or sheet == self.wanted:
                self.in_sheet, self.depth_table = True, 1
            return
        if not self.in_sheet:
            return
        if self.skip:
            self.skip += 1
        elif name == f"{_OFFICE}{_SEP}annotation":
            self.skip = 1
        elif self.depth_table > 1:
            self._text_start(name, attrs)
        elif name == f"{_TABLE}{_SEP}table-row":
            self.row = []
            self.row_wide = False
            self.pending_empty = 0
            self.row_repeat = _int(attrs.get(f"{_TABLE}{_SEP}number-rows-repeated"))
        elif name in (f"{_TABLE}{_SEP}table-cell", f"{_TABLE}{_SEP}covered-table-cell"):
            self.cell_attrs = attrs
            self.cell_repeat = _int(attrs.get(f"{_TABLE}{_SEP}number-columns-repeated"))
            self.paragraphs = []
        else:
            self._text_start(name, attrs)

    def _text_start(self, name: str, attrs: dict[str, str]) -> None:
        if self.cell_attrs is None:
            return
        if name in (f"{_TEXT}{_SEP}p", f"{_TEXT}{_SEP}h"):
            if self.parts is None:
                self.parts = []
        elif self.parts is None:
            return
        elif name == f"{_TEXT}{_SEP}s":
            self.parts.append(" " * min(_int(attrs.get(f"{_TEXT}{_SEP}c")), MAX_SPACES))
        elif name == f"{_TEXT}{_SEP}tab":
            self.parts.append("\t")
        elif name == f"{_TEXT}{_SEP}line-break":
            self.parts.append("\n")

    def end(self, name: str) -> None:
        if not self.in_sheet:
            return
        if self.skip:
            self.skip -= 1
            return
        if name == f"{_TABLE}{_SEP}table":
            self.depth_table -= 1
            if self.depth_table == 0:
                raise _StopError
            return
        if name in (f"{_TEXT}{_SEP}p", f"{_TEXT}{_SEP}h") and self.parts is not None:
            self.paragraphs.append("".join(self.parts))
            self.parts = None
        elif self.depth_table > 1:
            return  # a table inside a cell: only its paragraphs count, as the cell's
        elif name in (f"{_TABLE}{_SEP}table-cell", f"{_TABLE}{_SEP}covered-table-cell"):
            self._end_cell()
        elif name == f"{_TABLE}{_SEP}table-row":
            self._end_row()

    def data(self, text: str) -> None:
        if self.in_sheet and not self.skip and self.parts is not None:
            self.parts.append(text)

    def _end_cell(self) -> None:
        attrs, self.cell_attrs = self.cell_attrs or {}, None
        value = _cell_value(attrs, "\n".join(self.paragraphs))
        if self.row is None:
            return
        if value == "":
            self.pending_empty += self.cell_repeat  # counted, not built
            return
        width = len(self.row) + self.pending_empty + self.cell_repeat
        if width > _MAX_COLUMNS:
            self.row_wide = True
            width = _MAX_COLUMNS
        self.row.extend([""] * min(self.pending_empty, width - len(self.row)))
        self.row.extend([value] * max(width - len(self.row), 0))
        self.pending_empty = 0

    def _end_row(self) -> None:
        row, self.row = self.row or [], None
        repeat = self.row_repeat
        if not row and not self.row_wide:
            self.number += repeat  # empty rows: numbered and counted, not built
            self.gap += repeat
            return
        self.result.skipped_empty += self.gap
        self.gap = 0
        repeat = min(repeat, _MAX_ROWS - self.number)
        if repeat > MAX_REPEATED_ROWS:  # a filled row copied a million times: not content
            dropped = repeat - MAX_REPEATED_ROWS
            self.result.refusals.append(CorpusError(
                "LS265", f"ligne répétée {_n(repeat)} fois (table:number-rows-repeated) : les "
                f"{_n(MAX_REPEATED_ROWS)} premières copies sont lues, les {_n(dropped)} "
                "suivantes écartées. Vérifiez la feuille dans LibreOffice.",
                self.rel_path, self.number + MAX_REPEATED_ROWS + 1))
            self.result.refused_rows += repeat - MAX_REPEATED_ROWS - 1
            self.number += repeat - MAX_REPEATED_ROWS
            repeat = MAX_REPEATED_ROWS
        for _ in range(repeat):
            self.number += 1
            if self.row_wide:
                self.result.refusals.append(CorpusError(
                    "LS264", f"ligne de plus de {_MAX_COLUMNS:,} cellules remplies (une "
                    "cellule répétée sur des millions de colonnes ?) : elle est écartée. "
                    "Vérifiez cette ligne dans LibreOffice.".replace(",", "\u202f"),
                    self.rel_path, self.number))
                self.too_wide.add(self.number)
            else:
                self.rows.append((self.number, list(row)))
        if self.number >= _MAX_ROWS:
            raise _StopError


def ods_rows(path: Path, rel_path: str, sheet: str | None,
             result: ReadResult) -> Iterator[tuple[int, list[str]]]:
    """``(row_number, cells)`` of one sheet of an ``.ods`` file (the first, or ``sheet``).

    Rows refused here (too wide) are in ``result.refusals`` and yielded with no cells, so
    that the caller skips them; ``result.n_rows`` is the number of the last filled row.

    Raises
    ------
    CorpusError
        ``LS204`` damaged file, ``LS236`` no such sheet.
    """
    handler = _SheetParser(sheet, rel_path, result)
    parser = expat.ParserCreate(namespace_separator=_SEP)
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.data

    def no_dtd(*_args: object) -> None:
        raise ValueError("déclaration DTD (jamais écrite par un tableur)")

    parser.StartDoctypeDeclHandler = no_dtd
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _StopError:
        pass
    except Exception as exc:  # zip, zlib, expat and value errors of a damaged file
        raise CorpusError("LS204", f"classeur .ods illisible ou abîmé ({type(exc).__name__} : "
                          f"{str(exc)[:100]}). Réenregistrez-le depuis LibreOffice.",
                          rel_path) from None
    if not handler.in_sheet:
        if sheet is None:
            raise CorpusError("LS201", "classeur .ods sans feuille.", rel_path)
        raise CorpusError("LS236", f"feuille « {sheet} » introuvable ; feuilles présentes : "
                          f"{', '.join(handler.names)}. Corrigez « sheet » dans project.yml.",
                          rel_path)
    result.notes.append(f"feuille « {handler.names[-1] if sheet is None else sheet} »")
    result.n_rows = max([*(n for n, _ in handler.rows), *handler.too_wide], default=0)
    yield from handler.rows
