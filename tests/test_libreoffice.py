"""LibreOffice and French Excel: workbooks as .ods beside .xlsx, CSV for designers.

The .ods and the .xlsx are both opened by LibreOffice headless (``soffice --convert-to
csv``, every sheet) and must give the same cells. Without LibreOffice the test is skipped
with the reason; with ``LABSYNTH_LIBREOFFICE_REQUIRED=1`` (CI, after ``make browser``
installed it) it fails instead.
"""

from __future__ import annotations

import csv
import math
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from labsynth.errors import LabsynthError
from labsynth.export import write_csv_fr, write_table, write_workbook

SHEETS = {
    "Thèmes": pd.DataFrame({
        "thème": ["T01", "T02", "T00"],
        "nom": ["Se déplacer sans voiture", "Se loger : quand on débute", "Non classé"],
        "segments": [40, 31, 4],
        "part": [0.531, 0.4133333, 0.0557],
    }),
    "Verbatims": pd.DataFrame({
        "verbatim": ["« Le car ne passe plus » ; dit-elle.\nEt après ?",
                     "Mon loyer = 550 €, \"charges\" comprises\x07", "=SOMME(A1:A2)"],
        "ligne": pd.array([12, None, 3], dtype="Int64"),
        "minutage": [None, 754.5, None],
    }),
    "À propos": pd.DataFrame([("exécution (run_id)", "a1b2c3d4e5f6"), ("graine", "0"),
                              ("produit le", "2025-03-14T10:00:00+01:00")],
                             columns=["élément", "valeur"]),
}

#: LibreOffice's CSV filter: « , » « " » UTF-8, every sheet (-1), cells as shown
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def soffice() -> str | None:
    """LibreOffice's command, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _require_libreoffice() -> str:
    found = soffice()
    if found:
        return found
    reason = ("LibreOffice absent (soffice) : `apt-get install -y --no-install-recommends "
              "libreoffice-calc`, ou `make browser` / LibreOffice missing")
    if os.environ.get("LABSYNTH_LIBREOFFICE_REQUIRED"):
        pytest.fail(reason)
    pytest.skip(reason)


def as_csv(workbook: Path, out: Path, command: str) -> dict[str, str]:
    """Every sheet of a workbook as LibreOffice shows it (one CSV text per sheet)."""
    out.mkdir(parents=True, exist_ok=True)
    profile = out / "profil"  # a profile of its own: no clash with an open LibreOffice
    done = subprocess.run([command, "--headless", "--norestore",
                           f"-env:UserInstallation={profile.resolve().as_uri()}",
                           "--convert-to", CSV_FILTER, "--outdir", str(out), str(workbook)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    prefix = f"{workbook.stem}-"
    return {p.stem.removeprefix(prefix): p.read_text(encoding="utf-8")
            for p in sorted(out.glob(f"{prefix}*.csv"))}


@pytest.mark.slow
def test_ods_and_xlsx_open_in_libreoffice_with_the_same_cells(tmp_path):
    command = _require_libreoffice()
    write_workbook(SHEETS, tmp_path / "themes.xlsx")
    write_workbook(SHEETS, tmp_path / "themes.ods")
    xlsx = as_csv(tmp_path / "themes.xlsx", tmp_path / "depuis_xlsx", command)
    ods = as_csv(tmp_path / "themes.ods", tmp_path / "depuis_ods", command)
    assert sorted(ods) == sorted(xlsx) == sorted(SHEETS)
    for name in SHEETS:
        assert ods[name] == xlsx[name], name
    rows = list(csv.reader(ods["Verbatims"].splitlines(keepends=True)))
    assert rows[0] == ["verbatim", "ligne", "minutage"]
    assert rows[1][0] == "« Le car ne passe plus » ; dit-elle.\nEt après ?"
    assert rows[2][0].endswith("comprises\ufffd")  # a control character is replaced
    assert rows[3][0] == "=SOMME(A1:A2)"  # text, never a formula
    assert "Se loger : quand on débute" in ods["Thèmes"]


def test_ods_table_and_workbook_are_opendocument(tmp_path):
    path = write_table(SHEETS["Verbatims"], tmp_path / "segments.ods")
    back = pd.read_excel(path, engine="odf")
    assert list(back.columns) == ["verbatim", "ligne", "minutage"]
    assert back.loc[0, "verbatim"] == "« Le car ne passe plus » ; dit-elle.\nEt après ?"
    book = pd.read_excel(write_workbook(SHEETS, tmp_path / "t.ods"), sheet_name=None,
                         engine="odf")
    assert list(book) == list(SHEETS)
    assert math.isclose(book["Thèmes"].loc[1, "part"], 0.4133333)
    with pytest.raises(LabsynthError, match=r"LS301.*\.xlsx ou en \.ods"):
        write_workbook(SHEETS, tmp_path / "t.xls")


def test_designer_csv_opens_in_french_excel(tmp_path):
    table = pd.DataFrame({"thème": ["T01", "T02"], "nom": ["Se loger ; enfin", "Bus"],
                          "part (%)": [53.1, 41.3], "segments": [40, 31]})
    path = write_csv_fr(table, tmp_path / "synthese.csv")
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "thème;nom;part (%);segments"
    assert text.splitlines()[1] == 'T01;"Se loger ; enfin";53,1;40'
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert back["part (%)"].tolist() == [53.1, 41.3]
