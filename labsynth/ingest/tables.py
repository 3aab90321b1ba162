"""Tables of contributions: one document per row.

``.csv``/``.tsv`` are parsed with the standard ``csv`` module after encoding detection and
delimiter sniffing (quoted multi-line cells and empty rows handled); ``.xlsx`` with
openpyxl; ``.ods`` with pandas/odfpy; ``.json``/``.jsonl`` with ``json``. Every reader
yields ``(row_number, cells)`` where the row number is the one a spreadsheet shows
(header = 1), and :func:`rows_to_documents` turns rows into documents or refusals.
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
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from labsynth.errors import CorpusError
from labsynth.ingest.document import Document, ReadResult
from labsynth.ingest.encoding import decode_bytes
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


def parse_date(value: str) -> str | None:
    """French or ISO date text to ISO (``2025-03-12`` or ``2025-03-12T14:32``), else None."""
    value = value.strip()
    value = re.sub(r"(\.\d+)?(Z|[+-]\d{2}:?\d{2})$", "", value)  # drop fractions and zones
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        has_time = "%H" in fmt and parsed.time() != dt.time()
        return parsed.isoformat(timespec="minutes") if has_time else parsed.date().isoformat()
    return None


# --- readers producing rows ------------------------------------------------------------

def _sniff_delimiter(text: str) -> str:
    """The delimiter giving the most rows with the header's number of fields (> 1)."""
    sample = text[:200_000]
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


def _csv_rows(path: Path, rel_path: str, settings: FileSettings,
              result: ReadResult) -> Iterable[Row]:
    text, encoding = decode_bytes(path.read_bytes(), rel_path, settings.encoding)
    default = "\t" if rel_path.endswith(".tsv") else None
    delimiter = settings.delimiter or default or _sniff_delimiter(text)
    shown = {"\t": "tabulation"}.get(delimiter, f"« {delimiter} »")
    result.notes.append(f"encodage {encoding}, séparateur {shown}")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    width = 0
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
    except csv.Error as exc:
        raise CorpusError("LS235", f"CSV illisible ({exc}) ; vérifiez les guillemets.",
                          rel_path, reader.line_num) from None


def _swallowed_lines(cells: list[str], delimiter: str, width: int) -> int:
    """Lines inside a quoted cell that look like whole rows (an unclosed quote)."""
    if width < 2:
        return 0
    inner = [line for cell in cells if "\n" in cell for line in cell.split("\n")[1:]]
    return sum(line.count(delimiter) >= width - 1 for line in inner)


def _xlsx_rows(path: Path, rel_path: str, settings: FileSettings,
               result: ReadResult) -> Iterable[Row]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CorpusError("LS204", f"classeur .xlsx illisible ou abîmé ({type(exc).__name__}). "
                          "Ouvrez-le dans Excel ou LibreOffice et réenregistrez-le.",
                          rel_path) from None
    try:
        name = _pick_sheet(book.sheetnames, settings.sheet, rel_path)
        result.notes.append(f"feuille « {name} »")
        sheet = book[name]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(v) for v in values]
    finally:
        book.close()


def _ods_rows(path: Path, rel_path: str, settings: FileSettings,
              result: ReadResult) -> Iterable[Row]:
    import pandas as pd

    try:
        sheets = pd.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object)
    except Exception as exc:  # odfpy raises assorted XML and zip errors on damaged files
        raise CorpusError("LS204", f"classeur .ods illisible ou abîmé ({type(exc).__name__}). "
                          "Réenregistrez-le depuis LibreOffice.", rel_path) from None
    name = _pick_sheet(list(sheets), settings.sheet, rel_path)
    result.notes.append(f"feuille « {name} »")
    for number, values in enumerate(sheets[name].itertuples(index=False), start=1):
        yield number, [cell_text(v) for v in values]


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
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _records_to_rows(records: list[Any], rel_path: str, result: ReadResult,
                     numbers: list[int]) -> Iterable[Row]:
    flat = [_flatten(r) if isinstance(r, dict) else None for r in records]
    keys: list[str] = []
    for record in flat:
        if record is not None:
            keys.extend(k for k in record if k not in keys)
    yield 0, keys
    for number, record, original in zip(numbers, flat, records, strict=True):
        if record is None:
            result.refusals.append(CorpusError(
                "LS237", f"élément qui n'est pas un objet {{\"clé\": valeur}} : "
                f"{str(original)[:60]!r}.", rel_path, number, unit="élément"))
            continue
        yield number, [cell_text(record.get(k)) for k in keys]


def _json_rows(path: Path, rel_path: str, settings: FileSettings,
               result: ReadResult) -> Iterable[Row]:
    text, _ = decode_bytes(path.read_bytes(), rel_path, settings.encoding)
    try:
        data = json.loads(text)
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
    yield from _records_to_rows(data, rel_path, result, list(range(1, len(data) + 1)))


def _jsonl_rows(path: Path, rel_path: str, settings: FileSettings,
                result: ReadResult) -> Iterable[Row]:
    text, _ = decode_bytes(path.read_bytes(), rel_path, settings.encoding)
    records, numbers = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
            numbers.append(number)
        except json.JSONDecodeError as exc:
            result.refusals.append(CorpusError(
                "LS238", f"ligne JSON invalide ({exc.msg}) : {line[:60]!r}. Cette ligne est "
                "écartée ; corrigez-la pour la garder.", rel_path, number))
    yield from _records_to_rows(records, rel_path, result, numbers)


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
    """Index of the header row: the first row filled at least half as wide as the widest
    of the first 30 rows (title lines such as « Export du 12/03/2025 » come before it)."""
    counts = [sum(bool(c.strip()) for c in cells) for _, cells in rows[:30]]
    if not any(counts):
        return None
    needed = max(2, -(-max(counts) // 2)) if max(counts) > 1 else 1
    return next(i for i, n in enumerate(counts) if n >= needed)


def _clean_header(cells: list[str]) -> list[str]:
    header: list[str] = []
    for i, cell in enumerate(cells, start=1):
        name = " ".join(cell.split()) or f"colonne_{i}"
        base, n = name, 2
        while name in header:
            name, n = f"{base} ({n})", n + 1
        header.append(name)
    return header


def rows_to_documents(rows: Iterable[Row], rel_path: str, settings: FileSettings,
                      result: ReadResult, unit: str = "ligne") -> None:
    """Turn ``(row_number, cells)`` rows, the first being the header, into documents.

    Rows entirely empty are counted in ``result.skipped_empty``; a row whose text is empty,
    whose id repeats an earlier one, or with more cells than the header is refused with its
    row number; an unreadable date is a warning (the row is kept, without date).
    """
    all_rows = list(rows)
    header_at = _header_position(all_rows)
    if header_at is None:
        raise CorpusError("LS201", "tableau vide (aucune ligne d'en-tête).", rel_path)
    for number, cells in all_rows[:header_at]:
        if any(c.strip() for c in cells):
            title = " ".join(c.strip() for c in cells if c.strip())
            result.warnings.append(CorpusError(
                "LS242", f"ligne de titre avant l'en-tête, ignorée : « {title[:80]} ».",
                rel_path, number, unit))
        else:
            result.skipped_empty += number > 0
    header = _clean_header(all_rows[header_at][1])
    data = all_rows[header_at + 1:]
    for key in ("text_column", "id_column", "date_column", "author_column"):
        _require(getattr(settings, key), header, key, rel_path)
    for column in settings.metadata_columns or ():
        _require(column, header, "metadata_columns", rel_path)
    text_col = settings.text_column or _guess(header, _TEXT_NAMES, set())
    guessed = settings.text_column is None
    if text_col is None:  # the column with the longest texts
        lengths = {c: sum(len(r[i]) for _, r in data if i < len(r))
                   for i, c in enumerate(header)}
        text_col = max(header, key=lambda c: lengths[c])
    id_col = settings.id_column or _guess(header, _ID_NAMES, {text_col})
    if id_col and settings.id_column is None:
        column = header.index(id_col)
        ids = [r[column].strip() for _, r in data if column < len(r) and r[column].strip()]
        if len(set(ids)) < len(ids):
            id_col = None  # a guessed id column that repeats is not an id: it is metadata
    date_col = settings.date_column or _guess(header, _DATE_NAMES, {text_col, id_col})
    author_col = settings.author_column or _guess(header, _AUTHOR_NAMES,
                                                  {text_col, id_col, date_col})
    used = {text_col, id_col, date_col, author_col}
    blank = {c for i, c in enumerate(header) if c.startswith("colonne_")
             and not any(i < len(r) and r[i].strip() for _, r in data)}
    meta_cols = list(settings.metadata_columns
                     or [c for c in header if c not in used and c not in blank])
    result.notes.append(f"texte : « {text_col} »" + (" (devinée)" if guessed else ""))
    index = {c: i for i, c in enumerate(header)}
    seen: dict[str, int] = {}
    repeats: Counter = Counter()
    stem = rel_path.rsplit("/", 1)[-1]
    kind = settings.kind or "contribution"
    for number, cells in data:
        if not any(c.strip() for c in cells):
            result.skipped_empty += 1
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            result.refusals.append(CorpusError(
                "LS231", f"{len(cells)} cellules au lieu de {len(header)} (un séparateur non "
                "protégé par des guillemets dans le texte ?). Ligne écartée ; corrigez-la dans "
                "le tableur.", rel_path, number, unit))
            continue
        cells = cells + [""] * (len(header) - len(cells))
        text = cells[index[text_col]]
        if not text.strip():
            result.refusals.append(CorpusError(
                "LS232", f"texte vide dans la colonne « {text_col} » ; ligne écartée. "
                "Remplissez-la ou supprimez la ligne.", rel_path, number, unit))
            continue
        row_id = cells[index[id_col]].strip() if id_col else ""
        if row_id:
            key = row_id
        else:  # no id: the row's content, so that ids do not depend on the rows' order
            digest = hashlib.blake2b("\x1f".join(cells).encode(), digest_size=5).hexdigest()
            repeats[digest] += 1
            key = f"h{digest}" + (f"-{repeats[digest]}" if repeats[digest] > 1 else "")
        if key in seen:
            result.refusals.append(CorpusError(
                "LS233", f"identifiant « {row_id} » déjà utilisé {unit} {seen[key]} ; ligne "
                "écartée. Rendez les identifiants uniques.", rel_path, number, unit))
            continue
        seen[key] = number
        date = None
        if date_col and cells[index[date_col]].strip():
            date = parse_date(cells[index[date_col]])
            if date is None:
                result.warnings.append(CorpusError(
                    "LS234", f"date illisible « {cells[index[date_col]].strip()} » dans la "
                    f"colonne « {date_col} » ; la contribution est gardée, sans date. Écrivez "
                    "les dates JJ/MM/AAAA ou AAAA-MM-JJ.", rel_path, number, unit))
        elif settings.date:
            date = settings.date.isoformat()
        metadata = dict(settings.metadata)
        for column in meta_cols:
            value = cells[index[column]].strip()
            metadata[column] = value or None
        author = cells[index[author_col]].strip() or None if author_col else None
        result.documents.append(Document(
            doc_id=f"{rel_path}:{key}", path=rel_path, kind=kind,
            title=f"{stem} — {row_id or f'{unit} {number}'}", text=text, date=date,
            author=author, metadata=metadata, row=number))


_ROW_READERS = {".csv": "_csv_rows", ".tsv": "_csv_rows", ".xlsx": "_xlsx_rows",
                ".ods": "_ods_rows", ".json": "_json_rows", ".jsonl": "_jsonl_rows"}


def table_rows(path: Path, rel_path: str,
               settings: FileSettings) -> tuple[list[str], list[Row], ReadResult]:
    """A table's header and data rows as read (title lines above the header skipped),
    for commands that must answer for every row, including those with an empty text."""
    suffix = path.suffix.lower()
    if suffix not in _ROW_READERS:
        raise CorpusError("LS205", f"format « {suffix} » non pris en charge pour un tableau ; "
                          "formats acceptés : " + " ".join(sorted(_ROW_READERS)) + ".",
                          rel_path)
    result = ReadResult()
    rows = list(globals()[_ROW_READERS[suffix]](path, rel_path, settings, result))
    at = _header_position(rows)
    if at is None:
        raise CorpusError("LS201", "tableau vide (aucune ligne d'en-tête).", rel_path)
    return _clean_header(rows[at][1]), rows[at + 1:], result


def _table_reader(rows_of, unit: str = "ligne"):
    def read(path: Path, rel_path: str, settings: FileSettings) -> ReadResult:
        result = ReadResult()
        rows_to_documents(rows_of(path, rel_path, settings, result), rel_path, settings,
                          result, unit)
        return result

    read.__doc__ = f"Read a table file ({rows_of.__name__[1:-5]}), one document per row."
    return read


read_csv = _table_reader(_csv_rows)
read_xlsx = _table_reader(_xlsx_rows)
read_ods = _table_reader(_ods_rows)
read_json = _table_reader(_json_rows, unit="élément")
read_jsonl = _table_reader(_jsonl_rows)
