"""Write tables for people and other tools: CSV (UTF-8 with BOM), Parquet, XLSX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from labsynth.errors import LabsynthError

__all__ = ["write_table"]


def write_table(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a table; the format follows the suffix.

    CSV is written in UTF-8 with a BOM (so Excel shows accents) with ``,`` separators;
    XLSX cells lose the control characters Excel forbids (the CSV and Parquet keep them).

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
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(table, path, suffix)
    except OSError as exc:
        raise LabsynthError("LS302", f"impossible d'écrire {path} ({exc.strerror or exc}). "
                            "Choisissez un autre chemin, ou fermez le fichier s'il est "
                            "ouvert dans Excel.") from None
    return path


def _write(table: pd.DataFrame, path: Path, suffix: str) -> None:
    if suffix == ".csv":
        table.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".parquet":
        table.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        clean = table.copy()
        for column in clean.columns:
            if clean[column].dtype == object or pd.api.types.is_string_dtype(clean[column]):
                clean[column] = clean[column].map(
                    lambda v: ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v)
        clean.to_excel(path, index=False, sheet_name="segments")
