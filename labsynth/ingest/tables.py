"""Tables of contributions: one document per row.

``.csv``/``.tsv`` are decoded, their delimiter sniffed, then parsed by pandas' C tokenizer
when the file is well formed (:func:`_csv_frame`; a file over a megabyte is decoded by
pandas, :func:`_csv_undecoded`), else row by row with the standard
``csv`` module (quoted multi-line cells and empty rows handled either way); ``.xlsx`` with
openpyxl's streaming sheet parser (``<dimension>`` is not trusted); ``.ods`` with
:mod:`labsynth.ingest.spreadsheets` (a streaming reader that expands repeated cells only
as far as there is content); ``.json``/``.jsonl`` with ``json``. Every reader yields
``(row_number, cells)`` where the row number is the one a spreadsheet shows (header = 1),
counts the rows of the file in ``ReadResult.n_rows``, and :func:`rows_to_documents` turns
rows into documents or refusals. Rows become documents a column at a time
(:func:`columns_to_documents`, giving a :class:`~labsynth.ingest.document.TableDocuments`);
JSON goes from objects to columns directly (:func:`_records_to_table`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from labsynth.errors import CorpusError
from labsynth.ingest.document import (
    CONTROL_CHARS_RE,
    ReadResult,
    TableDocuments,
    control_warning,
)
from labsynth.ingest.encoding import decode_bytes, decoded_head, plan_decoding
from labsynth.project import FileSettings

Row = tuple[int, list[str]]

_TEXT_NAMES = ("texte", "text", "contribution", "reponse", "contenu", "message", "commentaire",
               "avis", "proposition", "verbatim", "description", "content", "answer", "idee",
               "temoignage", "remarque", "body")
_ID_NAMES = ("id", "identifiant", "reference", "ref", "numero", "n°", "uid", "uuid", "code")
_DATE_NAMES = ("date", "created_at", "created", "horodateur", "timestamp", "depose le")
_AUTHOR_NAMES = ("auteur", "auteur·ice", "auteurice", "author", "pseudo", "pseudonyme",
                 "username", "nom d'utilisateur", "contributeur", "contributrice")
_DELIMITERS = (";", ",", "\t", "|")


def _norm(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(plain.replace("_", " ").replace(".", " ").split())


def cell_text(value: Any) -> str:
    """A cell value as text: dates in ISO, integral floats without ``.0``, empty for None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(
            timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                 "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S",
                 "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


_ZONE_RE = re.compile(r"(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


@lru_cache(maxsize=65_536)
def parse_date(value: str) -> str | None:
    """French or ISO date text to ISO (``2025-03-12`` or ``2025-03-12T14:32``), else None.

    The format that matched last is tried first (an export writes all its dates alike:
    one ``strptime`` per date instead of up to twelve failing ones), and repeated values
    are remembered.
    """
    value = value.strip()
    value = _ZONE_RE.sub("", value)  # drop fractions and zones
    for fmt in (_LAST_FORMAT[0], *_DATE_FORMATS):
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        _LAST_FORMAT[0] = fmt
        has_time = "%H" in fmt and parsed.time() != dt.time()
        return parsed.isoformat(timespec="minutes") if has_time else parsed.date().isoformat()
    return None


_LAST_FORMAT = [_DATE_FORMATS[0]]


# --- readers producing rows ------------------------------------------------------------

#: characters of a table's text the delimiter is sniffed on
_SNIFF_CHARS = 200_000


def _sniff_delimiter(text: str) -> str:
    """The delimiter giving the most rows with the header's number of fields (> 1)."""
    sample = text[:_SNIFF_CHARS]
    best, best_score = ";", (-1.0, 0)
    for delimiter in _DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
            records = [r for _, r in zip(range(60), reader, strict=False) if r]
        except csv.Error:
            continue
        if not records:
            continue
        width, n = Counter(len(r) for r in records).most_common(1)[0]
        if width < 2:
            continue
        score = (n / len(records), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_text(path: Path, rel_path: str, settings: FileSettings, result: ReadResult,
              data: bytes | None = None) -> tuple[str, str]:
    """A CSV file's text and delimiter (decoded, sniffed, noted in ``result``)."""
    data = path.read_bytes() if data is None else data
    text, encoding = decode_bytes(data, rel_path, settings.encoding)
    return text, _csv_delimiter(text, len(text), encoding, rel_path, settings, result)


def _csv_delimiter(head: str, size: int, encoding: str, rel_path: str,
                   settings: FileSettings, result: ReadResult) -> str:
    """The delimiter of a CSV text of ``size`` characters at most (sniffed on its
    ``head`` if not set), noted in ``result`` with the encoding."""
    default = "\t" if rel_path.lower().endswith(".tsv") else None
    delimiter = settings.delimiter or default or _sniff_delimiter(head)
    shown = {"\t": "tabulation"}.get(delimiter, f"« {delimiter} »")
    result.notes.append(f"encodage {encoding}, séparateur {shown}")
    # a cell may be as long as the file (csv's default limit, 131,072 characters, refused
    # whole files for one long answer); memory is bounded by the file size limit
    csv.field_size_limit(max(size + 1, 131_072))
    return delimiter


def _lines(text: str) -> Iterable[str]:
    """The lines of a text (line breaks kept), found as they are asked for: reading the
    first rows of a 200 MB file does not copy it, as ``io.StringIO`` would."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def _csv_records(text: str, delimiter: str, rel_path: str, result: ReadResult,
                 first_only: bool = False) -> Iterable[Row]:
    """The rows of a CSV text with the standard ``csv`` module, one at a time
    (``first_only``: for a few rows, without copying the text)."""
    lines = _lines(text) if first_only else io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter)
    width = 0
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            width = width or (len(cells) if any(c.strip() for c in cells) else 0)
            swallowed = _swallowed_lines(cells, delimiter, width)
            if swallowed:
                result.refusals.append(CorpusError(
                    "LS243", f"guillemet ouvert et jamais refermé : cette ligne a avalé "
                    f"{swallowed} ligne(s) suivante(s) du fichier (jusqu'à la ligne "
                    f"{reader.line_num} de l'éditeur de texte). Ces lignes sont écartées ; "
                    "corrigez le guillemet.", rel_path, number))
                continue
            yield number, cells
    except csv.Error as exc:  # a quote still open at the end of the file
        number += 1
        result.refusals.append(CorpusError(
            "LS235", f"CSV illisible à partir d'ici ({exc}) : un guillemet ouvert n'est "
            f"jamais refermé, la fin du fichier (lignes {number} à {reader.line_num} de "
            "l'éditeur de texte) est écartée ; les lignes au-dessus sont lues. Corrigez le "
            "guillemet.", rel_path, number))
    result.n_rows = number


def read_csv(path: Path, rel_path: str, settings: FileSettings,
             columnar: bool = False) -> ReadResult:
    """Read a CSV/TSV file, one document per row: in ``result.table`` if ``columnar``,
    else in ``result.documents``.

    A well-formed export is parsed by pandas' C tokenizer (:func:`_csv_frame`); a file
    it cannot take, or whose rows it would not give exactly as the ``csv`` module does
    (a row wider than the header, an unclosed quote), is read row by row.
    """
    result, read = _csv_parsed(path, rel_path, settings)
    if isinstance(read, _Frame):
        columns_to_documents(read.header, read.numbers, read.columns, rel_path, settings,
                             result, may_hold_controls=read.controls)
    else:
        rows_to_documents(_csv_records(*read, rel_path, result), rel_path, settings, result)
    return _as_asked(result, columnar)


def _csv_parsed(path: Path, rel_path: str, settings: FileSettings
                ) -> tuple[ReadResult, _Frame | tuple[str, str]]:
    """A CSV file parsed by columns (:func:`_csv_frame`), or its text and delimiter for
    the row reader, with the result the rows go to."""
    data = path.read_bytes()
    verdict: _Frame | bool | None = None
    if len(data) > _HEAD_BYTES:  # a large file: pandas decodes it, if it can
        result = ReadResult()
        verdict = _csv_undecoded(data, rel_path, settings, result)
        if isinstance(verdict, _Frame):
            return result, verdict
    result = ReadResult()
    text, delimiter = _csv_text(path, rel_path, settings, result, data)
    del data
    # False: pandas read the file and something after needs the row reader
    if verdict is not False:
        fast = ReadResult(notes=list(result.notes))
        frame = _csv_frame(text, delimiter, rel_path, fast)
        if isinstance(frame, _Frame):
            return fast, frame
    return result, (text, delimiter)


#: bytes decoded in Python from the start of a large CSV file, for the delimiter and
#: the first rows; the rest is decoded by pandas (:func:`_csv_undecoded`)
_HEAD_BYTES = 1 << 20


def _csv_undecoded(data: bytes, rel_path: str, settings: FileSettings,
                   result: ReadResult) -> _Frame | bool | None:
    """A large CSV file parsed by columns, pandas decoding its bytes (the text is not
    decoded, held whole and encoded again for pandas: 70 MB less on a 22 MB export);
    None when the file needs :func:`decode_bytes` (see
    :func:`~labsynth.ingest.encoding.plan_decoding`), False when it needs the row-by-row
    reader (what :func:`_csv_frame` says).

    Only the first :data:`_HEAD_BYTES` are decoded here, giving what :func:`_csv_text`
    gives from the whole text: the delimiter when they hold the characters it is sniffed
    on, and the first rows when they hold them whole."""
    plan = plan_decoding(data, settings.encoding)
    if plan is None:
        return None
    codec, offset, encoding = plan
    head = decoded_head(data, codec, offset, _HEAD_BYTES)
    if not settings.delimiter and len(head) <= _SNIFF_CHARS:
        return None  # not enough characters to sniff the delimiter as on the whole text
    delimiter = _csv_delimiter(head, len(data), encoding, rel_path, settings, result)
    source = _Undecoded(data if not offset else data[offset:], codec,
                        head[:head.rfind("\n", 0, len(head) - 1) + 1])
    return _csv_frame(source.head, delimiter, rel_path, result, source)


#: rows parsed by the ``csv`` module before pandas reads the whole file: the header is
#: among the first 30, and they check that pandas splits them the same way
_PREFIX_ROWS = 40


@dataclass(frozen=True)
class _Undecoded:
    """The bytes of a CSV file for pandas to decode: ``data.decode(codec)``, line breaks
    normalised, is the file's text, and ``head`` is a prefix of it made of whole lines."""

    data: bytes
    codec: str
    head: str


@dataclass
class _Frame:
    """A table's header, and its data rows by columns (``columns[j][k]``: column ``j``
    of data row ``k``, numbered ``numbers[k]`` in the file), every row as wide as the
    header; ``controls`` False when the file holds no control character."""

    header: list[str]
    numbers: list[int]
    columns: list[list[str]]
    controls: bool = True


def _csv_frame(text: str, delimiter: str, rel_path: str, result: ReadResult,
               undecoded: _Undecoded | None = None) -> _Frame | bool | None:
    """Parse a well-formed CSV text by columns with pandas' C tokenizer; False or None
    (and ``result`` to be dropped) when the file needs the row-by-row reader (None: its
    first rows decided it, before pandas). ``result`` gets the header's warnings and
    counts, and the number of rows.

    pandas' tokenizer derives from CPython's ``csv`` module and splits cells the same way
    (quotes, doubled quotes, line breaks in quoted cells, empty lines; checked on
    thousands of generated snippets in ``tests/test_ingest_columnar.py``). Row numbers
    stay exact because no row is dropped: pandas keeps empty lines, row ``k`` of its
    frame is row ``k + 1`` of the file. What the ``csv`` module would refuse or read
    differently sends the file back: a row wider than the header (pandas stops), a quote
    still open at the end of the file (pandas stops), a row that swallowed the next ones
    (reported by the row reader with its editor line), a difference on the first rows.

    With ``undecoded``, ``text`` is only the start of the file (``undecoded.head``) and
    pandas decodes ``undecoded.data``: cells holding ``\\r`` are then normalised as
    :func:`~labsynth.ingest.encoding.decode_bytes` would have normalised the text, and
    the first rows must all be in ``text``.
    """
    import pandas as pd

    if len(delimiter) != 1:
        return None
    scratch = ReadResult()
    prefix = list(islice(_csv_records(text, delimiter, "", scratch, first_only=True),
                         _PREFIX_ROWS))
    if scratch.refusals or not prefix or prefix[-1][0] != len(prefix):
        return None
    if undecoded is not None and len(prefix) < _PREFIX_ROWS:
        return None  # the first rows go beyond the decoded start of the file
    header, header_at = _split_header(prefix, rel_path, result, "ligne")
    width = len(header)
    if any(len(cells) > width for _, cells in prefix):
        return None
    data, codec = ((text.encode("utf-8"), "utf-8") if undecoded is None
                   else (undecoded.data, undecoded.codec))
    try:
        frame = pd.read_csv(io.BytesIO(data),
                            sep=delimiter, header=None, names=range(width), dtype=object,
                            na_filter=False, keep_default_na=False, skip_blank_lines=False,
                            quoting=csv.QUOTE_MINIMAL, doublequote=True, quotechar='"',
                            engine="c", index_col=False, encoding=codec,
                            encoding_errors="strict")
    except Exception:  # any parser error: the row reader says what is wrong
        return False
    columns = [frame[j].tolist() for j in range(width)]
    del frame
    if undecoded is not None and b"\r" in data:  # line breaks inside quoted cells
        columns = [[v.replace("\r\n", "\n").replace("\r", "\n") if "\r" in v else v
                    for v in column] if any("\r" in v for v in column) else column
                   for column in columns]
    if any(pd.api.types.infer_dtype(column, skipna=False) not in ("string", "empty")
           for column in columns):
        return False
    for number, cells in prefix:
        if [column[number - 1] for column in columns] != cells + [""] * (width - len(cells)):
            return False
    first_filled = next(len(cells) for _, cells in prefix if any(c.strip() for c in cells))
    multi_line = {k for column in columns for k, value in enumerate(column) if "\n" in value}
    if any(_swallowed_lines([c[k] for c in columns], delimiter, first_filled)
           for k in sorted(multi_line)):
        return False
    n_rows = result.n_rows = len(columns[0])
    start = header_at + 1
    # control characters are single bytes in UTF-8, Windows-1252 and Latin-1:
    # bytes.translate finds them in C (a megabyte at a time: no copy of the file)
    step = 1 << 20
    controls = any(len(chunk) != len(chunk.translate(None, _CONTROL_BYTES))
                   for chunk in (data[i:i + step] for i in range(0, len(data), step)))
    return _Frame(header, list(range(start + 1, n_rows + 1)),
                  [column[start:] for column in columns], controls)


#: the bytes of :data:`~labsynth.ingest.document.CONTROL_CHARS_RE`
_CONTROL_BYTES = bytes(b for b in range(32) if CONTROL_CHARS_RE.match(chr(b)))


def _swallowed_lines(cells: list[str], delimiter: str, width: int) -> int:
    """Lines inside a quoted cell that look like whole rows (an unclosed quote): as many
    delimiters as a row, and, in a table of two columns, a first field that looks like an
    id (short, no space), since a sentence of a multi-line answer may hold one « ; »."""
    if width < 2:
        return 0
    inner = [line for cell in cells if "\n" in cell for line in cell.split("\n")[1:]]

    def row_like(line: str) -> bool:
        if line.count(delimiter) < width - 1:
            return False
        first = line.split(delimiter, 1)[0].strip()
        return width >= 3 or (0 < len(first) <= 20 and " " not in first)

    return sum(row_like(line) for line in inner)


#: the largest row and column numbers of a spreadsheet (Excel's and LibreOffice's limits)
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384


def _xlsx_rows(path: Path, rel_path: str, settings: FileSettings,
               result: ReadResult) -> Iterable[Row]:
    """Rows of a worksheet with openpyxl's streaming parser (the one behind its read-only
    mode), without trusting ``<dimension>`` (some exporters write ``A1:XFD1048576`` for
    3,000 rows: read-only mode then pads every row to 16,384 cells) and without
    materialising missing rows (a row numbered 1,000,000 would otherwise yield a million
    empty rows first)."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises assorted zip, XML and key errors
        raise CorpusError("LS204", f"classeur .xlsx illisible ou abîmé ({type(exc).__name__}). "
                          "Ouvrez-le dans Excel ou LibreOffice et réenregistrez-le.",
                          rel_path) from None
    try:
        names = [ws.title for ws in book.worksheets]
        charts = [name for name in book.sheetnames if name not in names]
        if settings.sheet in charts:
            raise CorpusError("LS258", f"la feuille « {settings.sheet} » est un graphique, pas "
                              f"un tableau ; feuilles de données : {', '.join(names)}. "
                              "Corrigez « sheet » dans project.yml.", rel_path)
        if not names:
            raise CorpusError("LS258", "ce classeur ne contient que des graphiques, aucune "
                              "feuille de données.", rel_path)
        name = _pick_sheet(names, settings.sheet, rel_path)
        result.notes.append(f"feuille « {name} »")
        sheet = book[name]
        last = 0
        with sheet._get_source() as source:
            parser = WorkSheetParser(source, sheet._shared_strings, data_only=True,
                                     epoch=book.epoch, date_formats=book._date_formats,
                                     timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                if number <= last or number > MAX_ROWS:
                    raise CorpusError("LS259", f"numéro de ligne impossible ({number} après "
                                      f"{last}) : le fichier est abîmé. Réenregistrez-le "
                                      "depuis Excel ou LibreOffice.", rel_path)
                result.skipped_empty += number - last - 1  # rows missing from the file
                last = number
                width = max((c["column"] for c in cells), default=0)
                if width > MAX_COLUMNS:
                    raise CorpusError("LS259", f"colonne {width} au-delà de la dernière "
                                      f"colonne d'un tableur ({MAX_COLUMNS}) : le fichier est "
                                      "abîmé.", rel_path, number)
                values = [""] * width
                for cell in cells:
                    values[cell["column"] - 1] = cell_text(cell["value"])
                yield number, values
        result.n_rows = last
    except CorpusError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise CorpusError("LS259", f"données compressées abîmées dans le classeur ("
                          f"{type(exc).__name__} : {exc}) : il ne peut pas être lu en entier. "
                          "Ouvrez-le dans Excel ou LibreOffice et réenregistrez-le.",
                          rel_path) from None
    except Exception as exc:  # XML, value and key errors of a damaged sheet
        raise CorpusError("LS204", f"classeur .xlsx illisible ou abîmé ({type(exc).__name__} : "
                          f"{str(exc)[:100]}). Ouvrez-le dans Excel ou LibreOffice et "
                          "réenregistrez-le.", rel_path) from None
    finally:
        book.close()


def _ods_rows(path: Path, rel_path: str, settings: FileSettings,
              result: ReadResult) -> Iterable[Row]:
    from labsynth.ingest.spreadsheets import ods_rows

    yield from ods_rows(path, rel_path, settings.sheet, result)


def _pick_sheet(names: list[str], wanted: str | None, rel_path: str) -> str:
    if wanted is None:
        return names[0]
    if wanted not in names:
        raise CorpusError("LS236", f"feuille « {wanted} » introuvable ; feuilles présentes : "
                          f"{', '.join(names)}. Corrigez « sheet » dans project.yml.", rel_path)
    return wanted


def _flatten(record: dict, prefix: str = "") -> dict[str, Any]:
    """Nested objects become dotted columns (``author.name``), like pandas.json_normalize
    (not used directly: it would drop the row numbers kept here for error messages)."""
    if not prefix and not any(isinstance(v, dict) and v for v in record.values()):
        return record  # flat already (the usual export): not copied
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _flat_records(records: list[Any], rel_path: str
                  ) -> tuple[list[dict[str, Any] | None], list[str]]:
    """Each JSON element flattened (``None`` for one that is not an object) and the
    column names, in order of first appearance."""
    try:
        flat = [_flatten(r) if isinstance(r, dict) else None for r in records]
    except RecursionError:
        raise _too_deep(rel_path) from None
    keys: dict[str, None] = {}
    for record in flat:
        if record is not None:
            keys.update(dict.fromkeys(record))
    return flat, list(keys)


def _records_to_rows(records: list[Any], rel_path: str, result: ReadResult,
                     numbers: list[int]) -> Iterable[Row]:
    flat, columns = _flat_records(records, rel_path)
    yield 0, columns
    for number, record, original in zip(numbers, flat, records, strict=True):
        if record is None:
            result.refusals.append(CorpusError(
                "LS237", f"élément qui n'est pas un objet {{\"clé\": valeur}} : "
                f"{str(original)[:60]!r}.", rel_path, number, unit="élément"))
            continue
        yield number, [cell_text(record.get(k)) for k in columns]


def _too_deep(rel_path: str, line: int | None = None) -> CorpusError:
    return CorpusError("LS261", "structure JSON imbriquée trop profondément (des centaines "
                       "d'objets ou de listes les uns dans les autres) : ce n'est pas un "
                       "export de contributions. Vérifiez que c'est le bon fichier.",
                       rel_path, line)


_SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _json_load(text: str, rel_path: str, line: int | None = None) -> Any:
    """``json.loads`` with every integer kept as its digits (a number of more than 4,300
    digits would otherwise raise), too deep nesting refused with its own reason."""
    try:
        return json.loads(text, parse_int=str)
    except RecursionError:
        raise _too_deep(rel_path, line) from None


def _clean_surrogates(rows: Iterable[Row], rel_path: str, result: ReadResult,
                      unit: str) -> Iterable[Row]:
    """Lone UTF-16 halves written as ``\\udXXX`` escapes cannot be written to any file:
    they become U+FFFD with a warning naming the row."""
    for number, cells in rows:
        if any(_SURROGATE_RE.search(c) for c in cells):
            cells = [_SURROGATE_RE.sub("\ufffd", c) for c in cells]
            result.warnings.append(CorpusError(
                "LS263", "caractère invalide (moitié de caractère UTF-16 isolée, écrite "
                "\\udXXX) remplacé par « \ufffd ».", rel_path, number or None, unit))
        yield number, cells


def _json_records(path: Path, rel_path: str, settings: FileSettings,
                  result: ReadResult) -> tuple[list[Any], list[int], str]:
    """The elements of a JSON export, their numbers (1, 2...) and the file's text."""
    text, _ = decode_bytes(path.read_bytes(), rel_path, settings.encoding)
    try:
        data = _json_load(text, rel_path)
    except json.JSONDecodeError as exc:
        raise CorpusError("LS238", f"JSON invalide ({exc.msg}, colonne {exc.colno}).",
                          rel_path, exc.lineno) from None
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list) and v
                 and all(isinstance(x, dict) for x in v)]
        if len(lists) != 1:
            raise CorpusError("LS239", "le JSON doit être une liste d'objets, ou un objet "
                              "contenant une seule liste d'objets (par exemple "
                              "{\"data\": [...]}).", rel_path)
        data = lists[0]
    if not isinstance(data, list):
        raise CorpusError("LS239", "le JSON doit être une liste d'objets.", rel_path)
    result.n_rows = len(data)
    return data, list(range(1, len(data) + 1)), text


def _json_rows(path: Path, rel_path: str, settings: FileSettings,
               result: ReadResult) -> Iterable[Row]:
    data, numbers, text = _json_records(path, rel_path, settings, result)
    rows = _records_to_rows(data, rel_path, result, numbers)
    if _SURROGATE_ESCAPE_RE.search(text):
        rows = _clean_surrogates(rows, rel_path, result, "élément")
    yield from rows


def _jsonl_records(path: Path, rel_path: str, settings: FileSettings,
                   result: ReadResult) -> tuple[list[Any], list[int], str]:
    """The objects of a JSON Lines file and their line numbers; invalid lines refused."""
    text, _ = decode_bytes(path.read_bytes(), rel_path, settings.encoding)
    records, numbers = [], []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's last line break does not open a line
    result.n_rows = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            result.skipped_empty += 1
            continue
        try:
            records.append(_json_load(line, rel_path, number))
            numbers.append(number)
        except json.JSONDecodeError as exc:
            result.refusals.append(CorpusError(
                "LS238", f"ligne JSON invalide ({exc.msg}) : {line[:60]!r}. Cette ligne est "
                "écartée ; corrigez-la pour la garder.", rel_path, number))
    return records, numbers, text


def _jsonl_rows(path: Path, rel_path: str, settings: FileSettings,
                result: ReadResult) -> Iterable[Row]:
    records, numbers, text = _jsonl_records(path, rel_path, settings, result)
    rows = _records_to_rows(records, rel_path, result, numbers)
    if _SURROGATE_ESCAPE_RE.search(text):
        rows = _clean_surrogates(rows, rel_path, result, "ligne")
    yield from rows


def _cells(values: list[Any]) -> list[str]:
    """:func:`cell_text` of a column of values, text passed through without a call."""
    return [v if type(v) is str and "\r" not in v else cell_text(v) for v in values]


def _records_to_table(records: list[Any], numbers: list[int], text: str, rel_path: str,
                      settings: FileSettings, result: ReadResult, unit: str) -> None:
    """JSON elements to documents by columns: what :func:`_records_to_rows` (and
    :func:`_clean_surrogates`) then :func:`rows_to_documents` give, without a list of
    cells per element."""
    flat, names = _flat_records(records, rel_path)
    for number, record, original in zip(numbers, flat, records, strict=True):
        if record is None:
            result.refusals.append(CorpusError(
                "LS237", f"élément qui n'est pas un objet {{\"clé\": valeur}} : "
                f"{str(original)[:60]!r}.", rel_path, number, unit="élément"))
    objects = [r for r in flat if r is not None]
    kept = [n for n, r in zip(numbers, flat, strict=True) if r is not None]
    columns = [_cells([r.get(k) for r in objects]) for k in names]
    surrogates = bool(_SURROGATE_ESCAPE_RE.search(text))
    if surrogates and any(_SURROGATE_RE.search(c) for c in names):
        names = [_SURROGATE_RE.sub("\ufffd", c) for c in names]
        result.warnings.append(CorpusError(
            "LS263", "caractère invalide (moitié de caractère UTF-16 isolée, écrite "
            "\\udXXX) remplacé par « \ufffd ».", rel_path, None, unit))
    if surrogates:
        bad = sorted({k for column in columns for k, v in enumerate(column)
                      if _SURROGATE_RE.search(v)})
        for k in bad:
            for column in columns:
                column[k] = _SURROGATE_RE.sub("\ufffd", column[k])
            result.warnings.append(CorpusError(
                "LS263", "caractère invalide (moitié de caractère UTF-16 isolée, écrite "
                "\\udXXX) remplacé par « \ufffd ».", rel_path, kept[k] or None, unit))
    header, _ = _split_header([(0, names)], rel_path, result, unit)
    if header:  # else: elements none of which is an object, all refused above
        columns_to_documents(header, kept, columns, rel_path, settings, result, unit)


def read_json(path: Path, rel_path: str, settings: FileSettings,
              columnar: bool = False) -> ReadResult:
    """Read a JSON export (a list of objects), one document per element: in
    ``result.table`` if ``columnar``, else in ``result.documents``."""
    result = ReadResult()
    records, numbers, text = _json_records(path, rel_path, settings, result)
    _records_to_table(records, numbers, text, rel_path, settings, result, "élément")
    return _as_asked(result, columnar)


def read_jsonl(path: Path, rel_path: str, settings: FileSettings,
               columnar: bool = False) -> ReadResult:
    """Read a JSON Lines file, one document per line: in ``result.table`` if
    ``columnar``, else in ``result.documents``."""
    result = ReadResult()
    records, numbers, text = _jsonl_records(path, rel_path, settings, result)
    _records_to_table(records, numbers, text, rel_path, settings, result, "ligne")
    return _as_asked(result, columnar)


# --- rows to documents -----------------------------------------------------------------

def _guess(header: list[str], names: tuple[str, ...], exclude: set[str]) -> str | None:
    for wanted in names:
        for column in header:
            if column not in exclude and _norm(column) == wanted:
                return column
    for wanted in names:
        for column in header:
            if column not in exclude and wanted in _norm(column).split():
                return column
    return None


def _require(column: str | None, header: list[str], key: str, rel_path: str) -> None:
    if column is not None and column not in header:
        raise CorpusError(
            "LS230", f"colonne « {column} » (« {key} » dans project.yml) introuvable ; colonnes "
            f"présentes : {', '.join(header)}. Corrigez project.yml.", rel_path)


def _header_position(rows: list[Row]) -> int | None:
    """Index of the header row among the first 30: the first row filled at least half as
    wide as the usual row (title lines such as « Export du 12/03/2025 » come before it).

    The usual width is the most common number of filled cells, not the largest: one data
    row with extra cells (a comma in a text, in a comma-separated file) must not be taken
    for the header and turn the real header and the rows above it into title lines.
    """
    counts = [sum(bool(c.strip()) for c in cells) for _, cells in rows[:30]]
    filled = [n for n in counts if n]
    if not filled:
        return None
    usual = max(Counter(filled).items(), key=lambda item: (item[1], item[0]))[0]
    needed = max(2, -(-usual // 2)) if usual > 1 else 1
    return next((i for i, n in enumerate(counts) if n >= needed),
                next(i for i, n in enumerate(counts) if n))


def _clean_header(cells: list[str]) -> list[str]:
    header: list[str] = []
    for i, cell in enumerate(cells, start=1):
        name = " ".join(cell.split()) or f"colonne_{i}"
        base, n = name, 2
        while name in header:
            name, n = f"{base} ({n})", n + 1
        header.append(name)
    return header


def _split_header(rows: list[Row], rel_path: str, result: ReadResult,
                  unit: str) -> tuple[list[str], int]:
    """The header of a table and its index in ``rows`` (the first 30 are enough); title
    lines above it are warned about, empty ones counted."""
    synthetic = bool(rows) and rows[0][0] == 0  # JSON: the keys, not a row
    header_at = 0 if synthetic else _header_position(rows)
    if header_at is None:
        raise CorpusError("LS201", "tableau vide (aucune ligne d'en-tête).", rel_path)
    result.n_header_rows += header_at + (not synthetic) - sum(
        not any(c.strip() for c in cells) for _, cells in rows[:header_at])
    for number, cells in rows[:header_at]:
        if any(c.strip() for c in cells):
            title = " ".join(c.strip() for c in cells if c.strip())
            result.warnings.append(CorpusError(
                "LS242", f"ligne de titre avant l'en-tête, ignorée : « {title[:80]} ».",
                rel_path, number, unit))
        else:
            result.skipped_empty += number > 0
    return _clean_header(rows[header_at][1]), header_at


def rows_to_documents(rows: Iterable[Row], rel_path: str, settings: FileSettings,
                      result: ReadResult, unit: str = "ligne") -> None:
    """Turn ``(row_number, cells)`` rows, the first being the header, into documents
    (``result.table``, see :func:`columns_to_documents`)."""
    all_rows = list(rows)
    header, header_at = _split_header(all_rows, rel_path, result, unit)
    if not header:  # JSON elements none of which is an object: all refused above
        return
    data = all_rows[header_at + 1:]
    columns, extra = _padded_columns(data, len(header))
    columns_to_documents(header, [n for n, _ in data], columns, rel_path, settings, result,
                         unit, extra)


def _padded_columns(rows: list[Row], width: int
                    ) -> tuple[list[list[str]], dict[int, list[str]]]:
    """Rows as columns, each padded to ``width`` cells; the cells of row ``k`` beyond
    ``width`` in ``extra[k]``."""
    extra: dict[int, list[str]] = {}
    padded = []
    for k, (_, cells) in enumerate(rows):
        if len(cells) > width:
            extra[k] = cells[width:]
            cells = cells[:width]
        elif len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        padded.append(cells)
    columns = [list(c) for c in zip(*padded, strict=True)] if padded else [
        [] for _ in range(width)]
    return columns, extra


def _row_controls(columns: list[list[str]], extra: dict[int, list[str]]) -> bool:
    """Whether any cell holds a control character (one scan per column, in C)."""
    return any(CONTROL_CHARS_RE.search(c) for cells in extra.values() for c in cells) or any(
        CONTROL_CHARS_RE.search("\n".join(column)) for column in columns)


def columns_to_documents(header: list[str], numbers: list[int], columns: list[list[str]],
                         rel_path: str, settings: FileSettings, result: ReadResult,
                         unit: str = "ligne", extra: dict[int, list[str]] | None = None,
                         may_hold_controls: bool = True) -> None:
    """Turn a table's data rows, given by columns, into documents (``result.table``).

    ``columns[j][k]`` is the cell of column ``j`` in data row ``k`` (row number
    ``numbers[k]``), every row padded to the header's width; ``extra[k]`` holds the cells
    of row ``k`` beyond the header's width, if it has any; ``may_hold_controls=False``
    says that the reader found no control character in the file. Rows entirely empty are counted
    in ``result.skipped_empty``; a row whose text is empty, whose id repeats an earlier
    one, or with more filled cells than the header is refused with its row number; an
    unreadable date is a warning (the row is kept, without date). The checks are done a
    column at a time where they can be, and the rest in one plain loop over rows: no
    object per row (the per-row reader this replaced read ~9,000 rows/s).
    """
    extra = extra or {}
    for key in ("text_column", "id_column", "date_column", "author_column"):
        _require(getattr(settings, key), header, key, rel_path)
    for column in settings.metadata_columns or ():
        _require(column, header, "metadata_columns", rel_path)
    index = {c: i for i, c in enumerate(header)}
    text_col = settings.text_column or _guess(header, _TEXT_NAMES, set())
    guessed = settings.text_column is None
    if text_col is None:  # the column with the longest texts
        lengths = {c: sum(map(len, columns[i])) for i, c in enumerate(header)}
        text_col = max(header, key=lambda c: lengths[c])
    id_col = settings.id_column or _guess(header, _ID_NAMES, {text_col})
    if id_col and settings.id_column is None:
        ids = [v for v in (c.strip() for c in columns[index[id_col]]) if v]
        if len(set(ids)) < len(ids):
            id_col = None  # a guessed id column that repeats is not an id: it is metadata
    date_col = settings.date_column or _guess(header, _DATE_NAMES, {text_col, id_col})
    author_col = settings.author_column or _guess(header, _AUTHOR_NAMES,
                                                  {text_col, id_col, date_col})
    used = {text_col, id_col, date_col, author_col}
    blank = {c for i, c in enumerate(header) if c.startswith("colonne_")
             and not any(v.strip() for v in columns[i])}
    meta_cols = list(settings.metadata_columns
                     or [c for c in header if c not in used and c not in blank])
    result.notes.append(f"texte : « {text_col} »" + (" (devinée)" if guessed else ""))
    texts = columns[index[text_col]]
    ids_in = columns[index[id_col]] if id_col else None
    dates_in = columns[index[date_col]] if date_col else None
    authors_in = columns[index[author_col]] if author_col else None
    text_filled = [bool(t.strip()) for t in texts]
    filled = text_filled[:]  # a row with a text is not empty; the others are looked at whole
    for k in [k for k, f in enumerate(text_filled) if not f]:
        filled[k] = any(column[k].strip() for column in columns)
    for k, cells in extra.items():
        filled[k] = filled[k] or any(c.strip() for c in cells)
    controls: list[tuple[int, str]] = []
    if may_hold_controls and _row_controls(columns, extra):
        for k, number in enumerate(numbers):
            if filled[k]:
                cells = [column[k] for column in columns] + extra.get(k, [])
                found = next((m.group() for c in cells if (m := CONTROL_CHARS_RE.search(c))),
                             None)
                if found is not None:
                    controls.append((number, found))
    seen: dict[str, int] = {}
    repeats: Counter = Counter()
    stem = rel_path.rsplit("/", 1)[-1]
    row_ids = [v.strip() for v in ids_in] if ids_in is not None else None
    default_date = settings.date.isoformat() if settings.date else None
    kept: list[int] = []
    out_ids: list[str] = []
    dates: list[str | None] = []
    plain = (not extra and row_ids is not None and all(text_filled) and all(row_ids)
             and len(set(row_ids)) == len(row_ids))
    for k, number in enumerate(numbers if not plain else ()):
        if not filled[k]:
            result.skipped_empty += 1
            continue
        if k in extra and any(c.strip() for c in extra[k]):
            result.refusals.append(CorpusError(
                "LS231", f"{len(header) + len(extra[k])} cellules au lieu de {len(header)} (un "
                "séparateur non protégé par des guillemets dans le texte ?). Ligne écartée ; "
                "corrigez-la dans le tableur.", rel_path, number, unit))
            continue
        if not text_filled[k]:
            result.refusals.append(CorpusError(
                "LS232", f"texte vide dans la colonne « {text_col} » ; ligne écartée. "
                "Remplissez-la ou supprimez la ligne.", rel_path, number, unit))
            continue
        key = row_ids[k] if row_ids is not None else ""
        if not key:  # no id: the row's content, so that ids do not depend on the rows' order
            cells = [column[k] for column in columns] + extra.get(k, [])
            digest = hashlib.blake2b("\x1f".join(cells).encode(), digest_size=5).hexdigest()
            repeats[digest] += 1
            key = f"h{digest}" + (f"-{repeats[digest]}" if repeats[digest] > 1 else "")
        if key in seen:
            result.refusals.append(CorpusError(
                "LS233", f"identifiant « {row_ids[k] if row_ids else ''} » déjà utilisé "
                f"{unit} {seen[key]} ; ligne écartée. Rendez les identifiants uniques.",
                rel_path, number, unit))
            continue
        seen[key] = number
        kept.append(k)
        out_ids.append(key)
        if dates_in is not None and dates_in[k].strip():
            dates.append(parse_date(dates_in[k]))
            if dates[-1] is None:
                result.warnings.append(CorpusError(
                    "LS234", f"date illisible « {dates_in[k].strip()} » dans la "
                    f"colonne « {date_col} » ; la contribution est gardée, sans date. Écrivez "
                    "les dates JJ/MM/AAAA ou AAAA-MM-JJ.", rel_path, number, unit))
        else:
            dates.append(default_date)
    if plain:  # every row kept under its own id: the loop above had nothing to decide
        kept, out_ids = list(range(len(numbers))), row_ids
        if dates_in is None:
            dates = [default_date] * len(kept)
        else:
            dates = [parse_date(v) if v.strip() else default_date for v in dates_in]
            for k in [k for k, d in enumerate(dates) if d is None and dates_in[k].strip()]:
                result.warnings.append(CorpusError(
                    "LS234", f"date illisible « {dates_in[k].strip()} » dans la "
                    f"colonne « {date_col} » ; la contribution est gardée, sans date. Écrivez "
                    "les dates JJ/MM/AAAA ou AAAA-MM-JJ.", rel_path, numbers[k], unit))
    if plain:  # every row has its id: the titles are a plain concatenation
        titles = [f"{stem} — " + row_id for row_id in row_ids]
    else:
        titles = [f"{stem} — {row_ids[k] if row_ids and row_ids[k] else f'{unit} {numbers[k]}'}"
                  for k in kept]
    authors = ([authors_in[k].strip() or None for k in kept] if authors_in is not None
               else [None] * len(kept))
    metadata: dict[str, list[Any]] = {key: [value] * len(kept)
                                      for key, value in settings.metadata.items()}
    for column in meta_cols:
        values = columns[index[column]]
        metadata[column] = [values[k].strip() or None for k in kept]
    result.table = TableDocuments(
        path=rel_path, kind=settings.kind or "contribution",
        doc_id=[f"{rel_path}:" + key for key in out_ids], title=titles,
        text=[texts[k] for k in kept], date=dates, author=authors,
        row=[numbers[k] for k in kept], metadata=metadata)
    if controls:
        result.warnings.append(control_warning(controls[0][1], len(controls), "ligne(s)",
                                               rel_path, controls[0][0], unit))


_ROW_READERS = {".xlsx": "_xlsx_rows", ".ods": "_ods_rows", ".json": "_json_rows",
                ".jsonl": "_jsonl_rows"}


def table_columns(path: Path, rel_path: str, settings: FileSettings
                  ) -> tuple[list[str], list[int], list[list[str]], dict[int, list[str]],
                             ReadResult]:
    """A table's header and data rows by columns, title lines above the header skipped,
    for commands that must answer for every row, including those with an empty text.

    Returns
    -------
    header, numbers, columns, extra, result
        ``columns[j][k]`` is the cell of column ``j`` in data row ``k`` (numbered
        ``numbers[k]`` in the file), every row padded to the header's width;
        ``extra[k]`` the cells of row ``k`` beyond it, if it has any; ``result`` the
        rows refused while reading. A CSV file is parsed by columns as
        :func:`read_csv` parses it, other formats are read row by row.
    """
    suffix = path.suffix.lower()
    if suffix not in (*_ROW_READERS, ".csv", ".tsv"):
        raise CorpusError("LS205", f"format « {suffix} » non pris en charge pour un tableau ; "
                          "formats acceptés : " + " ".join(sorted((*_ROW_READERS, ".csv",
                                                                   ".tsv"))) + ".",
                          rel_path)
    if suffix in (".csv", ".tsv"):
        result, read = _csv_parsed(path, rel_path, settings)
        if isinstance(read, _Frame):
            return read.header, read.numbers, read.columns, {}, result
        rows = list(_csv_records(*read, rel_path, result))
    else:
        result = ReadResult()
        rows = list(globals()[_ROW_READERS[suffix]](path, rel_path, settings, result))
    at = 0 if rows and rows[0][0] == 0 else _header_position(rows)
    if at is None:
        raise CorpusError("LS201", "tableau vide (aucune ligne d'en-tête).", rel_path)
    header = _clean_header(rows[at][1])
    columns, extra = _padded_columns(rows[at + 1:], len(header))
    return header, [n for n, _ in rows[at + 1:]], columns, extra, result


def _table_reader(rows_of, unit: str = "ligne"):
    def read(path: Path, rel_path: str, settings: FileSettings,
             columnar: bool = False) -> ReadResult:
        result = ReadResult()
        rows_to_documents(rows_of(path, rel_path, settings, result), rel_path, settings,
                          result, unit)
        return _as_asked(result, columnar)

    read.__doc__ = (f"Read a table file ({rows_of.__name__[1:-5]}), one document per row: "
                    "in ``result.table`` if ``columnar``, else in ``result.documents``.")
    return read


def _as_asked(result: ReadResult, columnar: bool) -> ReadResult:
    if not columnar and result.table is not None:
        result.documents, result.table = result.table.documents(), None
    return result


read_xlsx = _table_reader(_xlsx_rows)
read_ods = _table_reader(_ods_rows)
