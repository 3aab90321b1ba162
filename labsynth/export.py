"""Write tables for people and other tools: CSV, Parquet, XLSX and ODS.

Two kinds of CSV:

- tables for scripts and other tools (:func:`write_table`): stable English column names,
  ``,`` separators, ``.`` decimals, UTF-8 with a BOM (so Excel shows the accents);
- tables for designers (:func:`write_csv_fr`): French column names, ``;`` separators
  and ``,`` decimals, UTF-8 with a BOM: what French Excel opens in columns with a
  double click (LibreOffice asks, and guesses the same).

Workbooks are written as ``.xlsx`` (Excel) or ``.ods`` (OpenDocument, LibreOffice's own
format, the one the French administration's interoperability rules name); the cells are
the same in both.

Every file is written whole or not at all (:func:`labsynth.atomic.atomic_target`): an
interrupted run leaves the previous file, never half of one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from labsynth.atomic import atomic_target
from labsynth.errors import LabsynthError
from labsynth.ingest.document import CONTROL_CHARS_RE

__all__ = ["WORKBOOK_FORMATS", "assignments", "without_controls", "write_csv_fr",
           "write_table", "write_workbook"]

#: the workbook formats, by suffix
WORKBOOK_FORMATS = ("xlsx", "ods")


def assignments(themes: Any) -> pd.DataFrame:
    """One row per analysed segment of a :class:`~labsynth.themes.Themes`: its
    provenance, theme and score."""
    labels = dict(zip(themes.themes["theme_id"], themes.themes["label"], strict=True))
    columns = [c for c in ("segment_id", "doc_id", "path", "speaker", "role", "line",
                           "time_start") if c in themes.segments.columns]
    return themes.segments[columns].assign(
        theme_id=themes.assignments["theme_id"].to_numpy(),
        theme_label=themes.assignments["theme_id"].map(labels).to_numpy(),
        score=themes.assignments["score"].to_numpy())


def write_table(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table; the format follows the suffix.

    CSV is written in UTF-8 with a BOM (so Excel shows accents) with ``,`` separators;
    CSV, XLSX and ODS cells and headers have their control characters replaced by « \ufffd »
    (spreadsheets refuse them; :func:`without_controls`), Parquet keeps them.

    Parameters
    ----------
    table : pandas.DataFrame
    path : str or Path
        Ends in ``.csv``, ``.parquet``, ``.xlsx`` or ``.ods``; parent folders are created.

    Returns
    -------
    Path
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".parquet", ".xlsx", ".ods"}:
        raise LabsynthError("LS301", f"format de sortie « {suffix} » non pris en charge ; "
                            "choisissez .csv, .parquet, .xlsx ou .ods.")
    try:
        with atomic_target(path) as tmp:
            _write(table, tmp, suffix)
    except OSError as exc:
        raise LabsynthError("LS302", f"impossible d'écrire {path} ({exc.strerror or exc}). "
                            "Choisissez un autre chemin, ou fermez le fichier s'il est "
                            "ouvert dans Excel.") from None
    return path


def _write(table: pd.DataFrame, path: Path, suffix: str) -> None:
    if suffix == ".csv":
        _for_excel(table).to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".parquet":
        table.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        _write_xlsx({"segments": table}, path, widths=False)
    elif suffix == ".ods":
        _for_excel(table).to_excel(path, index=False, sheet_name="segments", engine="odf")


#: control characters that Excel and LibreOffice refuse in a cell (openpyxl raises
#: IllegalCharacterError on them, XML forbids them in .ods) and that spreadsheets show as
#: garbage in a CSV; tab and line breaks are kept
CONTROL_RE = CONTROL_CHARS_RE
REPLACEMENT = "\ufffd"


def without_controls(value: Any) -> Any:
    """``value`` with each control character replaced by « \ufffd » when it is text
    (HTML-safe text stays HTML-safe); anything else unchanged. Used by every writer of a
    shared file: the CSV, XLSX and ODS tables, the workbooks' cells, headers and sheet
    names, and the report's HTML (Jinja's ``finalize``)."""
    if isinstance(value, str) and CONTROL_RE.search(value):
        cleaned = CONTROL_RE.sub(REPLACEMENT, value)
        return type(value)(cleaned) if hasattr(value, "__html__") else cleaned
    return value


def _for_excel(table: pd.DataFrame) -> pd.DataFrame:
    """A copy without control characters in text cells, column names or index (a
    metadata value such as « Je\x02ne actif » becomes a column of a cross-tab)."""
    clean = table.rename(columns=without_controls)
    for column in clean.columns:
        if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
            clean[column] = clean[column].map(without_controls)
    if clean.index.dtype == object or pd.api.types.is_string_dtype(clean.index):
        clean.index = clean.index.map(without_controls)
    return clean


def write_workbook(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables as the sheets of one workbook, ``.xlsx`` or ``.ods``.

    Parameters
    ----------
    sheets : dict
        Sheet name (at most 31 characters, none of ``[]:*?/\\``) -> table. Column
        headers are frozen; in ``.xlsx``, columns are widened to their content (up to 60
        characters).
    path : str or Path
        Ends in ``.xlsx`` or ``.ods``; parent folders are created.

    Returns
    -------
    Path
    """
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in WORKBOOK_FORMATS:
        raise LabsynthError("LS301", "un classeur s'écrit en .xlsx ou en .ods ; reçu "
                            f"« {path.name} ».")
    try:
        with atomic_target(path) as tmp:
            if suffix == "ods":
                _write_ods(sheets, tmp)
            else:
                _write_xlsx(sheets, tmp)
    except OSError as exc:
        raise LabsynthError("LS302", f"impossible d'écrire {path} ({exc.strerror or exc}). "
                            "Choisissez un autre chemin, ou fermez le fichier s'il est "
                            "ouvert dans Excel ou LibreOffice.") from None
    return path


def _write_xlsx(sheets: dict[str, pd.DataFrame], path: Path, widths: bool = True) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets.items():
            name = without_controls(name)
            _for_excel(table).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            _no_formulas(sheet)
            if not widths:
                continue
            sheet.freeze_panes = "A2"
            for i, column in enumerate(table.columns, start=1):
                cells = [str(column), *table[column].head(200).map(str)]
                width = min(60, max(len(c) for c in cells) + 2)
                sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width


def _no_formulas(sheet: Any) -> None:
    """Text cells stay text: openpyxl stores a string starting with « = » as a formula,
    so a contribution « =SOMME(...) » or « = pareil » would be computed by Excel (or show
    #NOM?). LibreOffice's .ods writer keeps them as text already."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def _write_ods(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    # pandas' OpenDocument writer (odfpy, already used to read .odt/.ods): same cells as
    # the .xlsx; it sets no column widths
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, table in sheets.items():
            _for_excel(table).to_excel(writer, sheet_name=without_controls(name),
                                       index=False, freeze_panes=(1, 0))


def write_csv_fr(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table for designers, the way French Excel opens it with a double click.

    ``;`` separators, ``,`` decimals, UTF-8 with a BOM; the caller gives French column
    names. Text cells are written as they are (line breaks inside quotes).

    Parameters
    ----------
    table : pandas.DataFrame
    path : str or Path
        Ends in ``.csv``; parent folders are created.

    Returns
    -------
    Path
    """
    path = Path(path)
    try:
        with atomic_target(path) as tmp:
            _for_excel(table).to_csv(tmp, index=False, sep=";", decimal=",",
                                     encoding="utf-8-sig")
    except OSError as exc:
        raise LabsynthError("LS302", f"impossible d'écrire {path} ({exc.strerror or exc}). "
                            "Choisissez un autre chemin, ou fermez le fichier s'il est "
                            "ouvert dans Excel.") from None
    return path
