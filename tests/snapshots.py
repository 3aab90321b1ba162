"""Snapshots of what :func:`labsynth.corpus.read_corpus` gives, to prove that a change of
how tables are read changes nothing a user sees (issue 13, item 8).

A snapshot holds, for one project: the documents and segments tables (columns, dtypes and
every value), the refusals and warnings (code, file, line, unit, reason) and the inventory
(every field of every :class:`~labsynth.corpus.FileReport`). The projects are the demo,
the reader fixtures of ``tests/data``, the designer-week project, and ``tables_edge``, a
project of nasty tables written by :func:`write_edge_project` (title lines, blank rows,
duplicate and missing ids, rows too wide or too short, empty texts, unclosed quotes,
control characters, unreadable dates, reserved metadata names, notes cut in paragraphs,
long answers cut between sentences, every table format).

The snapshots in ``tests/data/snapshots/`` were written by the per-row reader that the
columnar one replaced (commit named in ``tests/data/snapshots/README.md``). Rewrite them
only for a change of behaviour meant and described: ``python -m tests.snapshots write``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import math
import random
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SNAPSHOTS = DATA / "snapshots"


# --- what is compared ---------------------------------------------------------------------

def _value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if hasattr(value, "item"):  # numpy scalars
        return _value(value.item())
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def _frame(df) -> dict:
    return {"columns": [str(c) for c in df.columns],
            "dtypes": [str(t) for t in df.dtypes],
            "index": [int(i) for i in df.index],
            "data": {str(c): [_value(v) for v in df[c].tolist()] for c in df.columns}}


def _error(error) -> list:
    return [error.code, error.path, error.line, error.unit, error.reason]


def snapshot(corpus) -> dict:
    """Everything a user sees of a read project, as plain JSON values."""
    return {
        "documents": _frame(corpus.documents),
        "segments": _frame(corpus.segments),
        "refusals": [_error(e) for e in corpus.refusals],
        "warnings": [_error(e) for e in corpus.warnings],
        "files": [dataclasses.asdict(f) for f in corpus.files],
    }


def differences(expected: dict, got: dict, limit: int = 12) -> list[str]:
    """Readable differences between two snapshots (empty when they are equal)."""
    out: list[str] = []
    for key in ("refusals", "warnings", "files"):
        want, have = expected[key], got[key]
        if want != have:
            if len(want) != len(have):
                out.append(f"{key}: {len(want)} attendus, {len(have)} obtenus")
            for i, (a, b) in enumerate(zip(want, have, strict=False)):
                if a != b:
                    out.append(f"{key}[{i}]: attendu {a!r}\n      obtenu  {b!r}")
                    if len(out) >= limit:
                        return out
    for key in ("documents", "segments"):
        want, have = expected[key], got[key]
        for part in ("columns", "dtypes", "index"):
            if want[part] != have[part]:
                out.append(f"{key}.{part}: attendu {want[part][:20]!r}, obtenu "
                           f"{have[part][:20]!r}")
        for column in want["columns"]:
            a, b = want["data"].get(column), have["data"].get(column)
            if a != b and b is not None:
                rows = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
                first = rows[0] if rows else min(len(a), len(b))
                out.append(f"{key}.{column}: {len(rows)} valeur(s) différente(s), la "
                           f"première ligne {first} : attendu "
                           f"{a[first] if first < len(a) else '—'!r}, obtenu "
                           f"{b[first] if first < len(b) else '—'!r}")
            if len(out) >= limit:
                return out
    return out


def load(name: str) -> dict:
    """A stored snapshot."""
    with gzip.open(SNAPSHOTS / f"{name}.json.gz", "rt", encoding="utf-8") as stream:
        return json.load(stream)


def _dump(name: str, data: dict) -> None:
    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # mtime=0: the same snapshot gives the same bytes
    with open(SNAPSHOTS / f"{name}.json.gz", "wb") as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as stream:
        stream.write(text.encode("utf-8"))


# --- the projects -------------------------------------------------------------------------

def fixtures_project(folder: Path) -> Path:
    """tests/data as a project's raw/ (the reader fixtures only)."""
    from tests.conftest import NOT_READER_FIXTURES

    root = folder / "fixtures"
    shutil.copytree(DATA, root / "raw", ignore=NOT_READER_FIXTURES)
    (root / "project.yml").write_text("title: Fixtures\n", encoding="utf-8")
    return root


def designer_week_project(folder: Path) -> Path:
    """The designer-week project as committed (its raw/ and project.yml)."""
    root = folder / "designer_week"
    shutil.copytree(DATA / "designer_week" / "raw", root / "raw")
    shutil.copy(DATA / "designer_week" / "project.yml", root / "project.yml")
    return root


_EDGE_YML = """\
title: Tables piégées
segmentation:
  max_chars: 300
  min_chars: 60
sources:
  - files: doublons.csv
    id_column: id
  - files: notes.csv
    kind: note
  - files: reserve.csv
    metadata: {vague: 2, date_collecte: 2025-03-01, source: plateforme}
  - files: declare.csv
    delimiter: "|"
    text_column: quoi
    date_column: quand
    author_column: qui
    metadata_columns: [commune]
    date: 2025-04-01
  - files: grand.csv
    id_column: ref
    date_column: depot
    author_column: pseudo
  - files: "entretiens/*"
    metadata: {Département: 81, text: oui}
  - files: classeur.xlsx
    sheet: Export
"""

_WORDS = ("bus", "train", "car", "vélo", "logement", "stage", "lycée", "Région", "soir",
          "matin", "« local »", "c’est", "trop", "rare", "cher", "loin", "42", "€", "ça",
          "aujourd'hui", "peut-être", "Saint-Girons", "…", "!", "?", ".", ",", ";", ":")


def _sentence(rnd: random.Random, n: int) -> str:
    words = rnd.choices(_WORDS, k=n)
    return (" ".join(words).capitalize() + rnd.choice([".", " !", " ?", "…", ""])).strip()


def _grand_rows(rnd: random.Random, n: int) -> list[list[str]]:
    """A generated export: every kind of row, at random places."""
    rows = [["ref", "depot", "pseudo", "profil", "contribution", "commentaire", ""]]
    used: list[str] = []
    for i in range(n):
        kind = rnd.random()
        ref = f"G{i:05d}"
        text = " ".join(_sentence(rnd, rnd.randint(2, 14)) for _ in range(rnd.randint(1, 4)))
        date = rnd.choice(["12/03/2025", "2025-03-12 14:32", "13/03/2025 09:05", "", "hier",
                           "2025-03-12T08:00:00+01:00", "31/02/2025"])
        row = [ref, date, rnd.choice(["léa", "", " Yanis ", "M. Dupont"]),
               rnd.choice(["lycéen", "apprentie", "", "  ", "parent d’élève"]), text,
               rnd.choice(["", "à revoir", "ok"]), ""]
        if kind < 0.04:
            row = [""] * 7  # blank row
        elif kind < 0.07:
            row[4] = rnd.choice(["", "   ", "\n"])  # empty text
        elif kind < 0.09 and used:
            row[0] = rnd.choice(used)  # an id seen before
        elif kind < 0.11:
            row += ["débordement", "encore"]  # too wide
        elif kind < 0.13:
            row += ["", " "]  # wider, but only with blank cells
        elif kind < 0.15:
            row = row[:5]  # short row
        elif kind < 0.17:
            row[4] = text * rnd.randint(4, 12)  # long: cut between sentences
        elif kind < 0.18:
            row[3] = "Je\x02ne"  # control character
        elif kind < 0.19:
            row[4] = f"  {text}\n\n  {_sentence(rnd, 6)}  "  # spaces and paragraphs
        elif kind < 0.20:
            row[0] = ""  # no id: a content hash
        used.append(row[0])
        rows.append(row)
    return rows


def _csv(rows: list[list[str]], delimiter: str = ";", terminator: str = "\n") -> str:
    import csv
    import io

    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=terminator).writerows(rows)
    return out.getvalue()


def _xlsx(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    title = book.active
    title.title = "Lisez-moi"
    title.append(["Export de la plateforme"])
    sheet = book.create_sheet("Export")
    sheet.append(["Consultation des jeunes — export du 12/03/2025"])
    sheet.append([])
    sheet.append(["Identifiant", "Date de dépôt", "Contribution", "Note", "Majeur", None,
                  "Profil"])
    rows = [
        ["X-1", dt.datetime(2025, 3, 12, 14, 32), "Plus de bus le soir.", 4.5, True, None,
         "lycéen"],
        ["X-2", dt.datetime(2025, 3, 13), "Un local\npour se retrouver.", 3.0, False, None,
         " apprentie "],
        ["X-3", dt.date(2025, 3, 14), None, 2, None, None, "étudiant"],
        [None, None, None, None, None, None, None],
        ["X-4", "bientôt", 42, "#N/A", True, None, None],
        ["X-5", "14/03/2025", "Des stages plus faciles à trouver.", 1e20, None, None,
         "parent"],
        ["X-1", None, "Doublon d’identifiant.", None, None, None, None],
        ["X-6", None, "Trop large", None, None, None, "élu", "déborde"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.cell(row=40, column=3, value="Une ligne loin après un trou.")
    sheet.cell(row=40, column=1, value="X-7")
    book.save(path)


def _ods(path: Path) -> None:
    def cell(value: str, repeat: int = 1, kind: str = "string") -> str:
        extra = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
        if kind == "float":
            return (f'<table:table-cell office:value-type="float" office:value="{value}"{extra}>'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string"{extra}><text:p>{value}</text:p>'
                "</table:table-cell>")

    def row(*cells: str, repeat: int = 1) -> str:
        extra = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
        return f"<table:table-row{extra}>{''.join(cells)}</table:table-row>"

    body = (row(cell("id"), cell("texte"), cell("profil"))
            + row(cell("1"), cell("Plus de bus"), cell("lycéen"))
            + row(cell("2"), cell("Un local"), cell("x", repeat=20_000))
            + row('<table:table-cell table:number-columns-repeated="3"/>', repeat=4)
            + row(cell("3"), cell("Copie"), cell("élu"), repeat=3)
            + row(cell("4", kind="float"), cell("17.5", kind="float"), cell("a&amp;b"))
            + row(cell("5"), cell("Ligne<text:s text:c=\"3\"/>espacée"), cell(""))
            + row('<table:table-cell table:number-columns-repeated="3"/>', repeat=1_000_000))
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'office:version="1.2"><office:body><office:spreadsheet>'
               f'<table:table table:name="Export">{body}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)


def write_edge_project(folder: Path) -> Path:
    """A project of nasty tables (deterministic: the same bytes on every call)."""
    root = folder / "tables_edge"
    raw = root / "raw"
    (raw / "entretiens").mkdir(parents=True)
    (root / "project.yml").write_text(_EDGE_YML, encoding="utf-8")
    rnd = random.Random(13)
    files: dict[str, bytes] = {}
    files["titres.csv"] = (
        "Consultation Jeunes 2025;;;;;;\r\nExport du 12/03/2025;;;;;;\r\n;;;;;;\r\n"
        "Identifiant;Date de dépôt;Pseudo;Contribution;;Profil;\r\n"
        "C1;12/03/2025;léa;Plus de bus le soir;;Lycéen·ne;\r\n"
        "C2;bientôt;;\"Un local\r\npour se retrouver ; vite\";;Apprenti·e;\r\n"
        ";;;;;;\r\n"
        "C3;13/03/2025 18:02;Yanis;   ;;Étudiant;\r\n"
        "C4;;;Des \"stages\" plus faciles;;  ;;\r\n"
        "C5;14/03/2025;;Trop;de;cellules;ici;oui\r\n"
        "C6;14/03/2025;;Ligne courte\r\n"
        "C7;15/03/2025;M. Dupont;Des cellules vides en trop;;Élu;;;;\r\n"
        "C8;16/03/2025;;Un caractère \x01 de contrôle;;Parent;\r\n"
        "C9;16/03/2025;;\"Ouvert au milieu\";;;\r\n"
    ).encode("cp1252")
    files["sans_id.csv"] = _csv([
        ["texte", "profil", "âge"], ["premier avis", "habitant", "34"], [],
        ["second avis", "élu", ""], ["premier avis", "habitant", "34"],
        ["premier avis", "habitant", "34"], ["", "", ""], ["troisième", "", " 12 "]]).encode()
    files["doublons.csv"] = _csv([
        ["id", "texte"], ["A1", "premier"], ["A1", "second"], ["B2", "troisième"],
        [" B2 ", "quatrième"], ["", "sans identifiant"], ["", "sans identifiant"]]).encode()
    files["devine.csv"] = _csv([
        ["id", "texte", "commune"], ["A1", "premier", "Foix"], ["A1", "second", "Foix"],
        ["B2", "troisième", "Pamiers"]]).encode()
    files["notes.csv"] = _csv([
        ["id", "compte rendu"],
        ["N1", "Atelier du matin.\n\nLes jeunes veulent des bus le soir. " * 6
         + "\n\nFin.\n\n" + "Une très longue phrase sans point " * 12],
        ["N2", "Court."]]).encode()
    files["reserve.csv"] = _csv([
        ["id", "texte", "text", "kind", "path", "segment_id", "meta_kind", "vague"],
        ["1", "Plus de bus", "doublon", "avis", "a/b", "s1", "déjà", "1"],
        ["2", "Un local", "", "", "", "", "", ""]]).encode()
    files["declare.csv"] = _csv([
        ["quand", "qui", "quoi", "commune", "age"],
        ["2024-05-02", "Léa", "Plus de bus", "Foix", "34"],
        ["", "", "Sans date", "", "20"],
        ["02/05/2024", " ", "Auteur vide", "Pamiers", ""]], delimiter="|").encode()
    files["longues.tsv"] = _csv([
        ["n°", "intitulé", "détail"],
        ["1", "Bus", "Il faudrait plus de bus le soir. Vraiment. Et le dimanche aussi !"],
        ["2", "Local", "Un local pour se retrouver entre jeunes, avec du wifi."],
        ["3", "Vide", ""]], delimiter="\t").encode("utf-8-sig")
    files["virgules.csv"] = (
        "id,texte,profil\n1,Plus de bus,lycéen\n2,Un local,apprenti\n"
        "3,Du bus, du train, des vélos,étudiant\n4,\"Des stages, vite\",apprenti\n"
    ).encode()
    files["guillemet.csv"] = (
        'id;texte;profil\n1;"Je pense que c\'est bien;lycéen\n2;Des bus;étudiant\n'
        "3;Un local;parent\n4;Fin;élu\n").encode()
    files["fin_ouverte.csv"] = 'id;texte\nC1;Un bus.\nC2;"Ouvert\nC3;jamais refermé\n'.encode()
    files["windows.csv"] = ("id;texte\n1;Ça va\n2;C’est loin\n".encode()
                            .replace("’".encode(), b"\x92"))
    files["trous.csv"] = "id;texte\n1;Un\x81 trou cp1252\n2;Deux\n".encode("latin-1")
    files["utf16.csv"] = "id\ttexte\n1\tVélo 🚲\n2\tBus\n".encode("utf-16")
    files["grand.csv"] = _csv(_grand_rows(rnd, 1500)).encode()
    files["sans_entete.csv"] = b";;\n;;\n"
    files["entete_seule.csv"] = b"id;texte;profil\n"
    files["export.json"] = json.dumps({"meta": {"total": 6}, "data": [
        {"id": 1, "texte": "Plus de bus", "auteur": {"nom": "Léa", "type": "jeune"},
         "votes": 12, "note": 4.5, "ok": True, "tags": ["a", "b"], "vide": None},
        {"id": 2, "texte": None, "auteur": {}},
        {"id": 3, "texte": "Ligne\r\ncoupée", "note": 3.0},
        {"id": 4, "texte": "", "note": 1e300},
        {"id": 5, "texte": "Moitié \\ud83d isolée"},
        {"id": 6, "texte": "Six", "extra": {"a": {"b": 1}}},
    ]}, ensure_ascii=False).replace("\\\\ud83d", "\\ud83d").encode()
    files["liste.json"] = json.dumps([
        {"id": "a", "texte": "Un"}, "pas un objet", [1, 2], {"id": "b", "texte": "Deux"},
        {"id": "a", "texte": "Doublon"}, {"texte": "Sans id"}, {"texte": "Sans id"},
    ], ensure_ascii=False).encode()
    files["lignes.jsonl"] = (
        '{"id": 1, "texte": "Un", "profil": "lycéen"}\n\n'
        '{"id": 2, "texte": "Deux"\n'
        '[1, 2]\n'
        '   \n'
        '{"id": 3, "texte": "Trois \\u0002 contrôle", "profil": {"age": 17}}\n'
        '{"id": 4, "texte": "Quatre"}').encode()
    files["entretiens/e1.txt"] = ("Enquêtrice : Tu viens comment ?\nLéa : En car, c’est "
                                  "long.\nEnquêtrice : Et le soir ?\nLéa : Rien.\n").encode()
    files["entretiens/notes.md"] = "# Atelier\n\nLe bus passe trop tôt.\n".encode()
    for rel, data in files.items():
        (raw / rel).write_bytes(data)
    _xlsx(raw / "classeur.xlsx")
    _ods(raw / "classeur.ods")
    return root


def projects(folder: Path) -> dict[str, Path]:
    """Every snapshot project, built under ``folder`` (the demo is read in place)."""
    return {"demo": ROOT / "corpora" / "demo", "fixtures": fixtures_project(folder),
            "designer_week": designer_week_project(folder),
            "tables_edge": write_edge_project(folder)}


def main(argv: list[str]) -> int:
    import tempfile

    from labsynth.corpus import read_corpus

    if argv[1:] != ["write"]:
        print("usage : python -m tests.snapshots write")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        for name, root in projects(Path(tmp)).items():
            data = snapshot(read_corpus(root))
            _dump(name, data)
            print(f"{name}: {len(data['documents']['index'])} documents, "
                  f"{len(data['segments']['index'])} segments, {len(data['refusals'])} refus, "
                  f"{len(data['warnings'])} avertissements")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
