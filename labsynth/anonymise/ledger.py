"""The register of replacements: written for the designer, read back on the next run.

``corpora/<project>/pseudonymisation/registre.csv`` and ``registre.xlsx`` hold one row per
replacement (with its context) and one per speaker. The designer writes « garder » in the
« décision » column of a false positive, or adds a row with only « texte d'origine » filled
to replace a missed name everywhere; whichever of the two files was saved last is read
(the XLSX when it was saved more than 2 s after the CSV).
The register holds the personal data it replaces: it stays in the project folder, never
goes into a report, and ``.gitignore`` keeps it out of the repository.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from labsynth.anonymise.detect import name_key
from labsynth.errors import LabsynthError

if TYPE_CHECKING:
    from labsynth.anonymise.pseudonyms import Pseudonymisation
    from labsynth.project import Project

__all__ = ["LEDGER_DIR", "Decisions", "ledger_paths", "read_decisions", "write_ledger"]

LEDGER_DIR = "pseudonymisation"
#: what the « décision » column may say to keep a detection (accents and case ignored)
KEEP_WORDS = ("garder", "conserver", "faux positif", "non", "ne pas remplacer", "keep")


@dataclass
class Decisions:
    """What the designer decided in the register."""

    keep_ids: set[str] = field(default_factory=set)
    keep_texts: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def ledger_paths(project: Project) -> tuple[Path, Path]:
    """``(registre.csv, registre.xlsx)`` of a project."""
    folder = project.root / LEDGER_DIR
    return folder / "registre.csv", folder / "registre.xlsx"


def read_decisions(project: Project) -> Decisions:
    """Decisions of the most recently saved register (CSV or XLSX); none without one.

    Raises
    ------
    LabsynthError
        ``LS701`` when the register cannot be read (open elsewhere, damaged).
    """
    csv, xlsx = ledger_paths(project)
    decisions = Decisions()
    if not csv.is_file() and not xlsx.is_file():
        return decisions
    # both are written together (CSV first); the XLSX is read only when saved later by
    # the designer (reading it costs ~0.7 s, the CSV a few ms)
    path = xlsx if xlsx.is_file() and (not csv.is_file() or
                                       xlsx.stat().st_mtime > csv.stat().st_mtime + 2) else csv
    try:
        if path.suffix == ".csv":
            table = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False,
                                sep=None, engine="python")
        else:
            table = pd.read_excel(path, dtype=str, keep_default_na=False)
    except Exception as exc:
        raise LabsynthError("LS701", f"registre {path} illisible ({exc}). Fermez-le s'il est "
                            "ouvert, ou supprimez-le : il sera réécrit.") from None
    columns = {"identifiant", "texte d'origine", "décision"}
    if not columns <= set(table.columns):
        raise LabsynthError("LS702", f"registre {path} : colonnes {', '.join(sorted(columns))} "
                            "attendues. Ne renommez pas les colonnes ; supprimez le fichier "
                            "pour le faire réécrire.")
    for row in table.itertuples(index=False):
        rid, original, decision = (str(getattr(row, "identifiant", "")).strip(),
                                   str(row[table.columns.get_loc("texte d'origine")]).strip(),
                                   name_key(row[table.columns.get_loc("décision")]))
        if not rid and original:
            if decision.startswith(KEEP_WORDS):
                decisions.keep_texts.add(original)
            else:
                decisions.names.add(original)
        elif rid and decision.startswith(KEEP_WORDS):
            decisions.keep_ids.add(rid)
    return decisions


def write_ledger(project: Project, pseudonymisation: Pseudonymisation) -> tuple[Path, Path]:
    """Write the register (CSV and XLSX), keeping the designer's decisions and added rows."""
    from labsynth.export import write_table, write_workbook

    csv, xlsx = ledger_paths(project)
    previous = read_decisions(project)
    table = pseudonymisation.table()
    added = [{"identifiant": "", "type": "ajout", "texte d'origine": text,
              "décision": "garder" if keep else ""}
             for text, keep in [*((n, False) for n in sorted(previous.names)),
                                *((k, True) for k in sorted(previous.keep_texts))]]
    if added:
        table = pd.concat([table, pd.DataFrame(added, columns=table.columns)],
                          ignore_index=True)
    write_table(table, csv)
    write_workbook({"registre": table}, xlsx)
    return csv, xlsx
