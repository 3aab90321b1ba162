"""Write tables for people and other tools: CSV (UTF-8 with BOM), Parquet, XLSX.

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

__all__ = ["assignments", "without_controls", "write_table", "write_workbook"]


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
    CSV and XLSX cells and headers have their control characters replaced by « \ufffd »
    (Excel refuses them; :func:`without_controls`), Parquet keeps them.

    Parameters
    ----------
    table : pandas.DataFrame
    path : str or Path
        Ends in ``.csv``, ``.parquet`` or ``.xlsx``; parent folders are created.

    Returns
    -------
    Path
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".parquet", ".xlsx"}:
        raise LabsynthError("LS301", f"format de sortie « {suffix} » non pris en charge ; "
                            "choisissez .csv, .parquet ou .xlsx.")
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
        _without_controls(table).to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".parquet":
        table.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        _without_controls(table).to_excel(path, index=False, sheet_name="segments")


#: control characters that Excel and LibreOffice refuse in a cell (openpyxl raises
#: IllegalCharacterError on them) and that spreadsheets show as garbage in a CSV; tab and
#: line breaks are kept
CONTROL_RE = CONTROL_CHARS_RE
REPLACEMENT = "\ufffd"


def without_controls(value: Any) -> Any:
    """``value`` with each control character replaced by « \ufffd » when it is text
    (HTML-safe text stays HTML-safe); anything else unchanged. Used by every writer of a
    shared file: the CSV and XLSX tables, the workbook's cells, headers and sheet names,
    and the report's HTML (Jinja's ``finalize``)."""
    if isinstance(value, str) and CONTROL_RE.search(value):
        cleaned = CONTROL_RE.sub(REPLACEMENT, value)
        return type(value)(cleaned) if hasattr(value, "__html__") else cleaned
    return value


def _without_controls(table: pd.DataFrame) -> pd.DataFrame:
    """A copy without control characters in text cells or column names (a metadata value
    such as « Je\x02ne actif » becomes a column of a cross-tab)."""
    clean = table.rename(columns=without_controls)
    for column in clean.columns:
        if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
            clean[column] = clean[column].map(without_controls)
    if clean.index.dtype == object or pd.api.types.is_string_dtype(clean.index):
        clean.index = clean.index.map(without_controls)
    return clean


def write_workbook(sheets: dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables as the sheets of one ``.xlsx`` workbook.

    Parameters
    ----------
    sheets : dict
        Sheet name (at most 31 characters, none of ``[]:*?/\\``) -> table. Column
        headers are frozen and columns widened to their content (up to 60 characters).
    path : str or Path
        Ends in ``.xlsx``; parent folders are created.

    Returns
    -------
    Path
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise LabsynthError("LS301", f"un classeur s'écrit en .xlsx ; reçu « {path.name} ».")
    try:
        with atomic_target(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, table in sheets.items():
                name = without_controls(name)
                _without_controls(table).to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                sheet.freeze_panes = "A2"
                for i, column in enumerate(table.columns, start=1):
                    cells = [str(column), *table[column].head(200).map(str)]
                    width = min(60, max(len(c) for c in cells) + 2)
                    sheet.column_dimensions[sheet.cell(1, i).column_letter].width = width
    except OSError as exc:
        raise LabsynthError("LS302", f"impossible d'écrire {path} ({exc.strerror or exc}). "
                            "Choisissez un autre chemin, ou fermez le fichier s'il est "
                            "ouvert dans Excel.") from None
    return path
