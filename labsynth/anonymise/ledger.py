"""The register of replacements: written for the designer, read back on the next run.

``corpora/<project>/pseudonymisation/`` holds:

- ``registre.csv`` and ``registre.xlsx``: one row per replacement (with its context, and
  « à vérifier » when a number was replaced on a cue although its checksum fails), one per
  word replaced in a file name, one per speaker. The designer writes « garder » in the
  « décision » column of a false positive, or adds a row with only « texte d'origine »
  filled to replace a missed name everywhere; whichever of the two files was saved last
  is read (the XLSX when it was saved more than 2 s after the CSV).
- ``pseudonymes.json``: the register's memory, which the designer never edits: every
  pseudonym ever given (speakers by file and label, persons by name) and the highest
  number of each series, so a later run gives everyone the same pseudonym and a newcomer
  a number never used before; the fingerprints of the register files as labsynth wrote
  them, so that a save by the designer is noticed (the register is then *reviewed*, on
  that date, for the replacements it listed).

The register holds the personal data it replaces: it stays in the project folder, never
goes into a report, and ``.gitignore`` keeps it out of the repository.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from labsynth.anonymise.detect import name_key
from labsynth.errors import LabsynthError

if TYPE_CHECKING:
    from labsynth.anonymise.pseudonyms import Pseudonymisation
    from labsynth.project import Project

__all__ = ["COLUMNS", "LEDGER_DIR", "Decisions", "Memory", "Register", "Review", "ledger_paths",
           "read_decisions", "read_register", "write_ledger"]

LEDGER_DIR = "pseudonymisation"
MEMORY_FILE = "pseudonymes.json"
_FORMAT = 1
#: what the « décision » column may say to keep a detection (accents and case ignored)
KEEP_WORDS = ("garder", "conserver", "faux positif", "non", "ne pas remplacer", "keep")
COLUMNS = ["identifiant", "type", "texte d'origine", "remplacé par", "fichier", "ligne",
           "contexte", "détection", "à vérifier", "décision"]


@dataclass
class Decisions:
    """What the designer decided in the register."""

    keep_ids: set[str] = field(default_factory=set)
    keep_texts: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


@dataclass
class Memory:
    """Pseudonyms given by earlier runs.

    Attributes
    ----------
    speakers : dict
        ``"doc_id\\x1flabel"`` -> pseudonym.
    persons : dict
        Name key (:func:`~labsynth.anonymise.detect.name_key`) -> « Personne n ».
    high : dict
        Series (« Participant·e », « Enquêteur·rice », « Personne ») -> highest number
        ever given: a new person gets the next one, never a number used before.
    """

    speakers: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)
    high: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Review:
    """Whether the designer has reviewed the register.

    Attributes
    ----------
    status : str
        ``"absent"`` (no register before this run), ``"pending"`` (written by labsynth,
        never saved by the designer since) or ``"reviewed"``.
    at : datetime, optional
        When the designer last saved the register.
    ids : frozenset of str
        Replacements listed in the register the designer saved.
    """

    status: str = "absent"
    at: dt.datetime | None = None
    ids: frozenset[str] = frozenset()


@dataclass
class Register:
    """The register as read before a run: decisions, memory, review, the table."""

    decisions: Decisions = field(default_factory=Decisions)
    memory: Memory = field(default_factory=Memory)
    review: Review = field(default_factory=Review)
    table: pd.DataFrame | None = None
    state: dict = field(default_factory=dict)


def ledger_paths(project: Project) -> tuple[Path, Path]:
    """``(registre.csv, registre.xlsx)`` of a project."""
    folder = project.root / LEDGER_DIR
    return folder / "registre.csv", folder / "registre.xlsx"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _read_state(folder: Path) -> dict:
    path = folder / MEMORY_FILE
    if not path.is_file():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise LabsynthError("LS703", f"mémoire des pseudonymes {path} illisible. Restaurez-la "
                            "depuis une sauvegarde ; la supprimer fait renuméroter les "
                            "pseudonymes au prochain lancement.") from None
    return state if isinstance(state, dict) else {}


def read_register(project: Project) -> Register:
    """The register, its memory and whether it was reviewed; empty without one.

    Raises
    ------
    LabsynthError
        ``LS701`` when the register cannot be read (open elsewhere, damaged), ``LS702``
        when its columns were renamed, ``LS703`` when its memory is damaged.
    """
    csv, xlsx = ledger_paths(project)
    state = _read_state(csv.parent)
    memory = Memory(speakers=dict(state.get("speakers", {})),
                    persons=dict(state.get("persons", {})),
                    high={k: int(v) for k, v in state.get("high", {}).items()})
    register = Register(memory=memory, state=state)
    if not csv.is_file() and not xlsx.is_file():
        return register
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
                            "ouvert, ou supprimez-le : il sera réécrit (les pseudonymes sont "
                            "gardés dans pseudonymes.json).") from None
    columns = {"identifiant", "texte d'origine", "décision"}
    if not columns <= set(table.columns):
        raise LabsynthError("LS702", f"registre {path} : colonnes {', '.join(sorted(columns))} "
                            "attendues. Ne renommez pas les colonnes ; supprimez le fichier "
                            "pour le faire réécrire.")
    register.table = table
    decisions = register.decisions
    ids = table["identifiant"].astype(str).str.strip()
    originals = table["texte d'origine"].astype(str).str.strip()
    for rid, original, decision in zip(ids, originals, table["décision"].map(name_key),
                                       strict=True):
        if not rid and original:
            if decision.startswith(KEEP_WORDS):
                decisions.keep_texts.add(original)
            else:
                decisions.names.add(original)
        elif rid and decision.startswith(KEEP_WORDS):
            decisions.keep_ids.add(rid)
    # reviewed: the designer saved the register after labsynth wrote it
    written = state.get("written", {})
    reviewed = state.get("reviewed")
    if written.get(path.name) != _sha(path) or (not written and (
            decisions.keep_ids or decisions.keep_texts or decisions.names)):
        reviewed = {"at": dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
                    .replace(microsecond=0).isoformat(), "ids": sorted(set(ids) - {""})}
        state["reviewed"] = reviewed
    if reviewed:
        register.review = Review("reviewed", dt.datetime.fromisoformat(reviewed["at"]),
                                 frozenset(reviewed["ids"]))
    else:
        register.review = Review("pending")
    return register


def read_decisions(project: Project) -> Decisions:
    """Decisions of the most recently saved register (CSV or XLSX); none without one."""
    return read_register(project).decisions


def _with_added_rows(table: pd.DataFrame, decisions: Decisions) -> pd.DataFrame:
    added = [{c: "" for c in COLUMNS} | {"type": "ajout", "texte d'origine": text,
                                         "décision": "garder" if keep else ""}
             for text, keep in [*((n, False) for n in sorted(decisions.names)),
                                *((k, True) for k in sorted(decisions.keep_texts))]]
    if not added:
        return table
    return pd.concat([table, pd.DataFrame(added, columns=table.columns)], ignore_index=True)


def register_table(pseudonymisation: Pseudonymisation, register: Register) -> pd.DataFrame:
    """The table to write: the run's rows, then the designer's added rows."""
    return _with_added_rows(pseudonymisation.table(), register.decisions)


def _same(table: pd.DataFrame, previous: pd.DataFrame | None) -> bool:
    if previous is None or list(previous.columns) != list(table.columns):
        return False
    return previous.reset_index(drop=True).equals(table.astype(str).reset_index(drop=True))


def write_ledger(project: Project, pseudonymisation: Pseudonymisation,
                 register: Register | None = None, *, force: bool = True
                 ) -> tuple[Path, Path]:
    """Write the register (CSV and XLSX) and its memory, keeping the designer's decisions
    and added rows.

    Parameters
    ----------
    project : Project
    pseudonymisation : Pseudonymisation
        The run to record.
    register : Register, optional
        The register as read before the run (read again when not given).
    force : bool
        Write even when nothing changed (``False``: a run that found nothing new writes
        nothing, so a warm run costs no file writing).
    """
    from labsynth.export import write_table, write_workbook

    csv, xlsx = ledger_paths(project)
    register = register if register is not None else read_register(project)
    table = register_table(pseudonymisation, register).astype(str)
    memory = pseudonymisation.memory
    state = dict(register.state)
    new_memory = {"speakers": memory.speakers, "persons": memory.persons, "high": memory.high}
    unchanged = (_same(table, register.table)
                 and all(state.get(k) == v for k, v in new_memory.items())
                 and csv.is_file() and xlsx.is_file())
    if unchanged and not force:
        return csv, xlsx
    csv.parent.mkdir(parents=True, exist_ok=True)
    write_table(table, csv)
    write_workbook({"registre": table}, xlsx)
    state.update(new_memory, format=_FORMAT,
                 written={csv.name: _sha(csv), xlsx.name: _sha(xlsx)})
    tmp = csv.parent / f".{MEMORY_FILE}.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True),
                   encoding="utf-8")
    os.replace(tmp, csv.parent / MEMORY_FILE)
    return csv, xlsx
