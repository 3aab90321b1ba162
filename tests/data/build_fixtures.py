#!/usr/bin/env python3
"""Deterministic builder for the labsynth test fixtures.

Run with:  /tmp/v1/bin/python tests/data/build_fixtures.py
(needs python-docx, odfpy, openpyxl, pandas).

Every fixture is written from the literal strings below, then read back and
checked; every fact stated in README.md is asserted here and README.md is
rewritten from these checked facts. Zip-based files (docx/xlsx/ods/odt) are
re-packed with fixed member timestamps so reruns are byte-identical.
All people, places-of-work and quotes are invented.
"""
import codecs
import csv
import datetime as dt
import io
import json
import random
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pandas as pd
from openpyxl.writer.excel import ExcelWriter
from odf import dc, meta, number
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText, load as odf_load
from odf.style import Style, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf import teletype
from odf.text import H, LineBreak, P, Span

ROOT = Path(__file__).resolve().parent
ZIP_DT = (2024, 3, 15, 12, 0, 0)
FIXED = dt.datetime(2024, 3, 15, 12, 0, 0)
README = {}          # relative path -> README line (facts asserted before being stored)


def put(rel, data):
    assert isinstance(data, bytes)
    p = ROOT / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def fact(rel, text):
    README[rel] = text


def normalize_zip(path, drop=(), rewrite=None):
    """Re-pack a zip with fixed timestamps/attributes, same member order and compression.
    drop: member names to leave out; rewrite: {member: function(bytes) -> bytes}."""
    rewrite = rewrite or {}
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, i.compress_type, z.read(i.filename)) for i in z.infolist() if i.filename not in drop]
    items = [(n, c, rewrite[n](d) if n in rewrite else d) for n, c, d in items]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for name, ctype, data in items:
            zi = zipfile.ZipInfo(name, date_time=ZIP_DT)
            zi.compress_type = ctype
            zi.create_system = 0
            zi.external_attr = 0
            zout.writestr(zi, data)
    path.write_bytes(buf.getvalue())


def not_utf8(raw):
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def label_lines(text, labels, sep=r"[ \u00a0\u202f]?:"):
    """[(1-based line number, label)] for lines that start with one of labels + sep."""
    alt = "|".join(re.escape(x) for x in labels)
    rx = re.compile(rf"^({alt}){sep}")
    res = []
    for n, line in enumerate(text.split("\n"), 1):
        m = rx.match(line)
        if m:
            res.append((n, m.group(1)))
    return res


def generic_label_lines(text):
    """Any line starting with 'Word(s) :' (letters, spaces, hyphens; max 3 words)."""
    rx = re.compile(r"^([^\W\d_][\w’'\-]*(?: [\w’'\-]+){0,2})[ \u00a0\u202f]?:(?!\d)", re.U)
    return [(n, rx.match(l).group(1)) for n, l in enumerate(text.split("\n"), 1) if rx.match(l)]


# =========================================================================== tables
def build_tables():
    # ---------------------------------------------------------------- excel_fr.csv
    header = "Identifiant;Date;Auteur;Profil;Tranche d'âge;Département;Contribution"
    lines = [
        header,
        "C-001;04/03/2024 09:15;Camille Durand;Habitant;35-49;Ariège;Il faudrait des bus le dimanche, même deux allers-retours suffiraient.",
        'C-002;04/03/2024 10:42;Jean-Marc Lefèvre;Élu;50-64;Ariège;"Trois propositions :\n- rouvrir la ligne Foix – Saint-Girons\n- un transport à la demande le mercredi\n- des parkings relais près des gares"',
        'C-003;05/03/2024 18:03;Sophie Marchetti;Association;25-34;Haute-Garonne;"Le ""plan vélo"" est une bonne idée ; mais sans pistes sécurisées, personne ne s\'y risquera."',
        "C-004;05/03/2024 21:30;Bernard Oulié;Retraité;65 et +;Ariège;Je paie 4,80 € l’aller-retour… c’est cher pour un « petit » trajet. J’ai le cœur serré quand je vois le car vide.",
        "C-005;06/03/2024 07:55;Inès Bouaziz;Étudiant;18-24;Aude;Aucun car avant 8 h, impossible d’arriver à l’heure en cours à Carcassonne.",
        ";;;;;;",
        "C-006;06/03/2024 12:10;Thierry Gaubert;Agriculteur;50-64;;Tracteurs et vélos sur la même départementale, c’est dangereux pour tout le monde.",
        "C-007;bientôt;Nadia Kessler;Commerçant;35-49;Ariège;Les livraisons en centre-bourg bloquent la rue le samedi matin.",
        "C-008;07/03/2024 14:22;Lucas Pereira;Habitant;25-34;Aude;",
        "C-009;08/03/2024 09:00;Odile Fabre;Élu;65 et +;Pyrénées-Orientales;Le transport scolaire pourrait être ouvert aux adultes, il reste des places.",
        "C-010;08/03/2024 16:47;Karim Benali;Habitant;35-49;Haute-Garonne;Une appli unique pour les horaires de tous les transporteurs, ce serait déjà énorme.",
        "C-011;09/03/2024 11:05;Hélène Castex;Association;50-64;Ariège;Pensez aux personnes âgées : beaucoup n’ont pas de smartphone.",
        "C-012;10/03/2024 20:18;Maëlle Roussel;Étudiant;18-24;Tarn;Le covoiturage entre étudiants fonctionne, il faudrait juste des aires de rendez-vous éclairées.",
    ]
    text = "\r\n".join(lines) + "\r\n"
    raw = text.encode("cp1252")  # strict: every char must exist in cp1252
    p = put("tables/excel_fr.csv", raw)
    assert not raw.startswith(codecs.BOM_UTF8) and not_utf8(raw)
    t = raw.decode("cp1252")
    assert t.count("\r\n") == 14 and t.count("\n") == 17 and len(t.split("\r\n")) - 1 == 14
    rows = list(csv.reader(io.StringIO(t, newline=""), delimiter=";"))
    assert len(rows) == 14 and all(len(r) == 7 for r in rows)
    assert rows[0] == header.split(";")
    assert rows[6] == [""] * 7                                  # spreadsheet row 7
    ids = {i + 1: r[0] for i, r in enumerate(rows) if i and r[0]}
    assert list(ids.values()) == [f"C-{n:03d}" for n in range(1, 13)]
    assert ids[3] == "C-002" and rows[2][6].count("\n") == 3 and "\r" not in rows[2][6]
    assert rows[2][6].split("\n")[0] == "Trois propositions :" and '"Le ""plan vélo"" est' in t
    assert rows[3][6] == 'Le "plan vélo" est une bonne idée ; mais sans pistes sécurisées, personne ne s\'y risquera.'
    assert all(c in rows[4][6] for c in "’«»…€œ") and ids[5] == "C-004"
    assert ids[8] == "C-006" and rows[7][5] == ""
    assert ids[9] == "C-007" and rows[8][1] == "bientôt"
    assert ids[10] == "C-008" and rows[9][6] == ""
    empties = [i + 1 for i, r in enumerate(rows) if i and r[0] and not r[6]]
    assert empties == [10]
    bad_dates = []
    for i, r in enumerate(rows[1:], 2):
        if not r[0]:
            continue
        try:
            dt.datetime.strptime(r[1], "%d/%m/%Y %H:%M")
        except ValueError:
            bad_dates.append(i)
    assert bad_dates == [9]
    df = pd.read_csv(p, sep=";", encoding="cp1252")
    assert df.shape == (13, 7) and df.iloc[5].isna().all()
    fact("tables/excel_fr.csv",
         "cp1252 (not UTF-8-decodable, no BOM), `;`, CRLF row ends (embedded newlines inside the quoted cell are bare LF; 14 CRLF, 17 `\\n` total). "
         "Header = row 1: `Identifiant;Date;Auteur;Profil;Tranche d'âge;Département;Contribution`. Rows 2-14 (13 rows, 7 fields each with csv.reader); "
         "12 records C-001..C-012 (C-001..C-005 = rows 2-6, C-006..C-012 = rows 8-14). Row 7 = `;;;;;;` (all empty). "
         "Row 3 C-002: Contribution has 4 lines (3 LF), first line `Trois propositions :`. Row 4 C-003: raw cell is quoted with doubled quotes; parsed Contribution = "
         "`Le \"plan vélo\" est une bonne idée ; mais sans pistes sécurisées, personne ne s'y risquera.` (contains `;` and `\"`). "
         "Row 5 C-004: contains ’ « » … € œ. Row 8 C-006: empty Département. Row 9 C-007: Date = `bientôt` (only unparseable date; others `%d/%m/%Y %H:%M`). "
         "Row 10 C-008: empty Contribution (the only one). pandas.read_csv(sep=';', encoding='cp1252') → 13×7, row 7 kept as all-NaN.")

    # ---------------------------------------------------------------- utf8_bom.csv
    text = (
        "id,texte,profil\n"
        "1,Plus de navettes vers la gare de Foix,habitant\n"
        '2,"Oui, mais seulement en semaine",élu\n'
        "3,Je ne prends jamais le bus,retraité\n"
        "4,Le covoiturage marche déjà bien ici,agriculteur\n"
        "5,Créer une piste cyclable le long de l’Ariège,association\n"
        "6,Des horaires adaptés aux lycéens,parent d’élève\n"
    )
    raw = codecs.BOM_UTF8 + text.encode("utf-8")
    put("tables/utf8_bom.csv", raw)
    assert b"\r" not in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["id", "texte", "profil"] and len(rows) == 7 and all(len(r) == 3 for r in rows)
    assert rows[2] == ["2", "Oui, mais seulement en semaine", "élu"]
    assert sum("," in r[1] for r in rows[1:]) == 1 and raw.count(b'"') == 2
    assert [r[2] for r in rows[1:]] == ["habitant", "élu", "retraité", "agriculteur", "association", "parent d’élève"]
    assert next(csv.reader(io.StringIO(raw.decode("utf-8"))))[0] == "\ufeffid"
    fact("tables/utf8_bom.csv",
         "UTF-8 with BOM, `,`, LF. Header `id,texte,profil` (decoding with plain `utf-8` leaves first header `\\ufeffid`). "
         "6 records id 1-6 (rows 2-7). id 2 (row 3) texte = `Oui, mais seulement en semaine` (the only quoted field / only comma). "
         "Profils: habitant, élu, retraité, agriculteur, association, parent d’élève.")

    # ---------------------------------------------------------------- tab.tsv
    text = (
        "id\tréponse\tcommune\n"
        "1\tLe car de 7 h est toujours plein, on reste debout.\tFoix\n"
        "2\tJe télétravaille deux jours ; le reste du temps, voiture.\tSaint-Girons\n"
        '3\tLe car "de 7 h" ne s’arrête plus au lavoir.\tLavelanet\n'
        "4\tRien à signaler.\tPamiers\n"
        "5\tIl faut un parking vélo sécurisé à la gare.\tTarascon-sur-Ariège\n"
    )
    raw = text.encode("utf-8")
    p = put("tables/tab.tsv", raw)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    assert rows[0] == ["id", "réponse", "commune"] and len(rows) == 6 and all(len(r) == 3 for r in rows)
    assert rows[3][1] == 'Le car "de 7 h" ne s’arrête plus au lavoir.'
    assert ";" in rows[2][1] and "," in rows[2][1] and b"\r" not in raw and not raw.startswith(codecs.BOM_UTF8)
    assert [r[2] for r in rows[1:]] == ["Foix", "Saint-Girons", "Lavelanet", "Pamiers", "Tarascon-sur-Ariège"]
    df = pd.read_csv(p, sep="\t")
    assert df.shape == (5, 3) and df.loc[2, "réponse"] == rows[3][1]
    fact("tables/tab.tsv",
         "UTF-8 (no BOM), TAB, LF. Header `id\\tréponse\\tcommune`; 5 records id 1-5 (rows 2-6), 3 fields each. "
         "id 2 réponse contains `;` and `,` (not delimiters); id 3 (row 4) contains unescaped mid-field quotes: `Le car \"de 7 h\" ne s’arrête plus au lavoir.` "
         "(csv/pandas keep them literally). Communes: Foix, Saint-Girons, Lavelanet, Pamiers, Tarascon-sur-Ariège.")

    # ---------------------------------------------------------------- excel_unicode.csv
    text = (
        "id\tcontribution\tprofil\r\n"
        "1\tJe viens travailler en 🚲 tous les jours, même l’hiver.\thabitant\r\n"
        "2\tLes pistes cyclables s’arrêtent à l’entrée de Pamiers.\tassociation\r\n"
        "3\tPourquoi pas des navettes électriques ?\tétudiant\r\n"
        "4\tJe suis d’accord avec la proposition n° 12.\tretraité\r\n"
    )
    raw = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    p = put("tables/excel_unicode.csv", raw)
    assert raw[:2] == b"\xff\xfe" and not_utf8(raw) and b"\x00" in raw
    assert raw.decode("utf-16") == text and "\U0001F6B2".encode("utf-16-le") in raw
    assert text.count("\r\n") == 5 and text.count("\n") == 5
    rows = list(csv.reader(io.StringIO(raw.decode("utf-16"), newline=""), delimiter="\t"))
    assert len(rows) == 5 and all(len(r) == 3 for r in rows) and "🚲" in rows[1][1]
    df = pd.read_csv(p, sep="\t", encoding="utf-16")
    assert df.shape == (4, 3) and list(df.columns) == ["id", "contribution", "profil"]
    fact("tables/excel_unicode.csv",
         "UTF-16 LE with BOM (FF FE; NUL bytes; not UTF-8), TAB, CRLF. Header `id\\tcontribution\\tprofil`; 4 records id 1-4 (rows 2-5). "
         "id 1 contribution contains 🚲 (U+1F6B2, surrogate pair). pandas.read_csv(sep='\\t', encoding='utf-16') → 4×3.")

    # ---------------------------------------------------------------- ragged.csv
    text = (
        "id;texte;profil\n"
        "1;Plus de cars le samedi;habitant\n"
        "2;Une aire de covoiturage à l’échangeur;élu\n"
        "3;Bus trop rares ; horaires inadaptés;habitant\n"
        "4;Le vélo électrique coûte trop cher;étudiant\n"
        "5;Rien à ajouter\n"
        "6;Merci pour la réunion publique;retraité\n"
    )
    p = put("tables/ragged.csv", text.encode("utf-8"))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert [len(r) for r in rows] == [3, 3, 3, 4, 3, 2, 3]
    assert rows[3] == ["3", "Bus trop rares ", " horaires inadaptés", "habitant"]
    assert rows[5] == ["5", "Rien à ajouter"]
    try:
        pd.read_csv(p, sep=";")
        raise AssertionError("pandas should reject ragged.csv")
    except pd.errors.ParserError as e:
        assert "Expected 3 fields in line 4, saw 4" in str(e)
    df = pd.read_csv(p, sep=";", on_bad_lines="skip")
    assert list(df["id"]) == [1, 2, 4, 5, 6] and pd.isna(df.loc[3, "profil"])
    fact("tables/ragged.csv",
         "UTF-8, `;`, LF. Header `id;texte;profil` (3 fields); 6 records id 1-6 (rows 2-7). "
         "Row 4 (id 3) has 4 fields: `3;Bus trop rares ; horaires inadaptés;habitant` (unquoted `;` in text). "
         "Row 6 (id 5) has 2 fields: `5;Rien à ajouter`. Rows 2,3,5,7 (ids 1,2,4,6) are well-formed. "
         "pandas.read_csv(sep=';') raises ParserError `Expected 3 fields in line 4, saw 4`; with on_bad_lines='skip' → ids 1,2,4,5,6 (id 5 profil NaN).")

    # ---------------------------------------------------------------- latin1_only.csv
    text = (
        "id;texte;commune\r\n"
        "1;Très bien, ça évite de prendre la voiture;Foix\r\n"
        "2;Il faudrait un arrêt près de l'école, à côté de la poste;Pamiers\r\n"
        "3;À développer en priorité, surtout l'été;Mirepoix\r\n"
    )
    raw = text.encode("latin-1")
    put("tables/latin1_only.csv", raw)
    assert not any(0x80 <= b <= 0x9F for b in raw) and not_utf8(raw)
    assert raw.decode("latin-1") == raw.decode("cp1252") == text
    assert all(c in text for c in "éèàçÀêô") and text.count("\r\n") == text.count("\n") == 4
    assert [r[2] for r in csv.reader(io.StringIO(text, newline=""), delimiter=";")][1:] == ["Foix", "Pamiers", "Mirepoix"]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 4 and all(len(r) == 3 for r in rows)
    fact("tables/latin1_only.csv",
         "Latin-1 = cp1252 bytes (no byte in 0x80-0x9F; not UTF-8), `;`, CRLF. Header `id;texte;commune`; 3 records id 1-3 "
         "(communes Foix, Pamiers, Mirepoix); contains é è à ç (and À, ê, ô). Record 1 texte = `Très bien, ça évite de prendre la voiture`.")

    # ---------------------------------------------------------------- xlsx / ods shared rows
    H_ = ["Identifiant", "Date", "Profil", "Département", "Contribution"]
    D = [
        ["KL-01", dt.datetime(2024, 3, 4, 9, 15), "Habitant", "Ariège", "Un bus toutes les heures, même le samedi."],
        ["KL-02", dt.datetime(2024, 3, 4, 11, 30), "Élu", "Haute-Garonne", "Le transport à la demande coûte cher mais rend service aux aînés."],
        ["KL-03", dt.datetime(2024, 3, 5, 8, 5), "Association", "Aude", "Sécuriser la voie verte entre Foix et Saint-Girons.\nAjouter de l’éclairage."],
        ["KL-04", dt.datetime(2024, 3, 5, 17, 45), "Agriculteur", "Ariège", None],
        None,  # blank row (spreadsheet row 6)
        ["KL-05", dt.datetime(2024, 3, 6, 10, 0), "Retraité", "Ariège", 42],
        ["KL-06", dt.datetime(2024, 3, 6, 19, 20), "Étudiant", "Tarn", "Les horaires ne collent pas avec ceux du lycée."],
        ["KL-07", dt.datetime(2024, 3, 7, 13, 10), "Commerçant", "Pyrénées-Orientales", "Stationnement payant = moins de clients ?"],
        ["KL-08", dt.datetime(2024, 3, 8, 8, 40), "Habitant", "Ariège", "Merci pour cette consultation 🙂"],
    ]
    NOTES = ["Notes de l’équipe projet", "Export du 10/03/2024 depuis la plateforme de consultation",
             "Colonne Auteur supprimée (RGPD)", "À relire : KL-03, KL-07"]

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Export"
    for c, v in enumerate(H_, 1):
        ws.cell(row=1, column=c, value=v)
    for r, row in enumerate(D, 2):
        if row is None:
            continue
        for c, v in enumerate(row, 1):
            if v is None:
                continue
            cell = ws.cell(row=r, column=c, value=v)
            if c == 2:
                cell.number_format = "DD/MM/YYYY HH:MM"
    ws.column_dimensions["E"].width = 60
    ws2 = wb.create_sheet("Notes")
    for r, v in enumerate(NOTES, 1):
        ws2.cell(row=r, column=1, value=v)
    props = wb.properties
    props.creator = "Équipe Mobilités rurales"
    props.lastModifiedBy = "Équipe Mobilités rurales"
    props.title = "Export consultation mobilités"
    props.created = FIXED
    props.modified = FIXED
    p = ROOT / "tables/contributions.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as archive:  # bypass save_workbook (it forces modified=now)
        ExcelWriter(wb, archive).save()
    normalize_zip(p)
    wb2 = openpyxl.load_workbook(p)
    assert wb2.sheetnames == ["Export", "Notes"]
    e = wb2["Export"]
    assert e.max_row == 10 and e.max_column == 5
    assert [c.value for c in e[1]] == H_
    assert all(c.value is None for c in e[6])
    assert all(isinstance(e.cell(row=r, column=2).value, dt.datetime) for r in (2, 3, 4, 5, 7, 8, 9, 10))
    assert e["E5"].value is None and e["A5"].value == "KL-04"
    assert e["E7"].value == 42 and e["E7"].data_type == "n" and e["A7"].value == "KL-05"
    assert e["E4"].value.count("\n") == 1 and "🙂" in e["E10"].value and e["A10"].value == "KL-08"
    assert e["B2"].value == dt.datetime(2024, 3, 4, 9, 15) and e["B2"].number_format == "DD/MM/YYYY HH:MM"
    n = wb2["Notes"]
    assert n.max_column == 1 and [c.value for c in n["A"]] == NOTES
    assert wb2.properties.created == FIXED and wb2.properties.modified == FIXED
    dfx = pd.read_excel(p, sheet_name=0)
    assert dfx.shape == (9, 5) and dfx.iloc[4].isna().all()
    assert str(dfx["Date"].dtype).startswith("datetime64")
    fact("tables/contributions.xlsx",
         "Sheets [`Export`, `Notes`]. Export row 1 = Identifiant, Date, Profil, Département, Contribution; 8 data rows KL-01..KL-08 "
         "(KL-01..KL-04 = rows 2-5, KL-05..KL-08 = rows 7-10); row 6 completely blank. Dates are real datetimes (format DD/MM/YYYY HH:MM), "
         "KL-01 = 2024-03-04 09:15. Row 5 KL-04: Contribution empty (None). Row 7 KL-05: Contribution = numeric 42 (int, not text). "
         "Row 4 KL-03 Contribution has one `\\n`; row 10 KL-08 contains 🙂. pandas.read_excel(sheet_name=0) → 9×5 (blank row kept as NaN, Date dtype datetime64). "
         "Notes sheet: 4 unrelated lines in column A. Core props created = modified = 2024-03-15T12:00:00.")

    # ODS (odfpy)
    doc = OpenDocumentSpreadsheet()
    ds = number.DateStyle(name="N_DT")
    for el in (number.Day(style="long"), number.Text(text="/"), number.Month(style="long"), number.Text(text="/"),
               number.Year(style="long"), number.Text(text=" "), number.Hours(style="long"), number.Text(text=":"),
               number.Minutes(style="long")):
        ds.addElement(el)
    doc.automaticstyles.addElement(ds)
    cst = Style(name="ce_dt", family="table-cell", datastylename="N_DT")
    doc.automaticstyles.addElement(cst)
    tab = Table(name="Export")
    tab.addElement(TableColumn(numbercolumnsrepeated=5))

    def scell(v):
        c = TableCell(valuetype="string")
        for part in v.split("\n"):
            c.addElement(P(text=part))
        return c

    tr = TableRow()
    for v in H_:
        tr.addElement(scell(v))
    tab.addElement(tr)
    for row in D:
        tr = TableRow()
        if row is None:
            tr.addElement(TableCell(numbercolumnsrepeated=5))
            tab.addElement(tr)
            continue
        for c, v in enumerate(row):
            if v is None:
                tr.addElement(TableCell())
            elif isinstance(v, dt.datetime):
                cell = TableCell(valuetype="date", datevalue=v.strftime("%Y-%m-%dT%H:%M:%S"), stylename=cst)
                cell.addElement(P(text=v.strftime("%d/%m/%Y %H:%M")))
                tr.addElement(cell)
            elif isinstance(v, int):
                cell = TableCell(valuetype="float", value=str(v))
                cell.addElement(P(text=str(v)))
                tr.addElement(cell)
            else:
                tr.addElement(scell(v))
        tab.addElement(tr)
    doc.spreadsheet.addElement(tab)
    doc.meta.addElement(meta.CreationDate(text="2024-03-15T12:00:00"))
    doc.meta.addElement(dc.Date(text="2024-03-15T12:00:00"))
    doc.meta.addElement(dc.Creator(text="Équipe Mobilités rurales"))
    p = ROOT / "tables/contributions.ods"
    doc.save(str(p))
    normalize_zip(p)
    with zipfile.ZipFile(p) as z:
        assert z.namelist()[0] == "mimetype" and z.infolist()[0].compress_type == zipfile.ZIP_STORED
    dfo = pd.read_excel(p, engine="odf", sheet_name=None)
    assert list(dfo) == ["Export"]
    dfo = dfo["Export"]
    assert list(dfo.columns) == H_ and dfo.shape == (9, 5) and dfo.iloc[4].isna().all()
    assert dfo.loc[0, "Date"] == pd.Timestamp("2024-03-04 09:15:00")
    assert str(dfo["Date"].dtype).startswith("datetime64")
    assert pd.isna(dfo.loc[3, "Contribution"]) and dfo.loc[5, "Contribution"] == 42
    assert dfo.loc[2, "Contribution"] == D[2][4]
    assert list(dfo["Identifiant"].dropna()) == [f"KL-0{i}" for i in range(1, 9)]
    pd.testing.assert_frame_equal(dfo, dfx, check_dtype=False)
    fact("tables/contributions.ods",
         "One sheet `Export`, same content and row layout as contributions.xlsx: header row 1, KL-01..KL-04 rows 2-5, blank row 6, KL-05..KL-08 rows 7-10; "
         "Date cells are office:value-type=date (KL-01 = 2024-03-04T09:15:00); KL-04 empty Contribution; KL-05 Contribution float cell 42; "
         "KL-03 Contribution = two <text:p> (read as one `\\n`). pandas.read_excel(engine='odf') → 9×5, blank row all-NaN, Date datetime64.")

    # ---------------------------------------------------------------- JSON
    objs = [
        {"id": 1, "texte": "Plus de trains entre Toulouse et Foix le week-end.", "profil": "habitant", "date": "2024-03-04T09:15:00+01:00"},
        {"id": 2, "texte": None, "profil": "élu", "date": "2024-03-04T11:30:00+01:00"},
        {"id": 3, "texte": "Des vélos à assistance électrique en location longue durée, à prix « social ».", "profil": "association", "date": "2024-03-05T08:05:00+01:00"},
        {"id": 4, "texte": "", "profil": "retraité", "date": "2024-03-05T17:45:00+01:00"},
        {"id": 5, "texte": "Je travaille de nuit : aucun transport ne me convient.\nDonc voiture.", "profil": "infirmière", "date": "2024-03-06T22:10:00+01:00"},
    ]
    put("tables/contributions.json", (json.dumps(objs, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    back = json.loads((ROOT / "tables/contributions.json").read_text("utf-8"))
    assert back == objs and back[1]["texte"] is None and back[3]["texte"] == ""
    assert [o["id"] for o in back if o["texte"]] == [1, 3, 5] and all(o["date"].endswith("+01:00") for o in back)
    assert "\n" in back[4]["texte"] and all(set(o) == {"id", "texte", "profil", "date"} for o in back)
    fact("tables/contributions.json",
         "UTF-8 JSON array of 5 objects with keys id, texte, profil, date (ISO 8601 +01:00). ids 1-5. id 2 texte = null; id 4 texte = \"\"; "
         "id 5 texte contains `\\n`. Non-empty texte: ids 1, 3, 5.")

    wrapped = {
        "meta": {"platform": "ConsultLocal", "api_version": "2.3", "consultation": "Mobilités du quotidien en Couserans",
                 "exported_at": "2024-03-11T08:00:00Z", "total": 3, "page": 1, "per_page": 50},
        "data": [
            {"id": "p-5481", "title": "Un car le dimanche", "body": "Le dimanche, il n’y a aucun car pour rentrer de Toulouse.",
             "author": {"name": "Gaëlle Pujol", "type": "citoyen"}, "created_at": "2024-03-04T10:12:45Z", "votes": 12},
            {"id": "p-5482", "title": "Aires de covoiturage",
             "body": "<p>Créer des aires de covoiturage <strong>éclairées</strong>.</p><p>Près des ronds-points de Saint-Girons.</p>",
             "author": {"name": "Rémi Baylac", "type": "citoyen"}, "created_at": "2024-03-05T18:40:02Z", "votes": 7},
            {"id": "p-5483", "title": "Transport à la demande", "body": "Il faudrait pouvoir réserver le jour même, pas la veille.",
             "author": {"name": "Association Roule en Couserans", "type": "organisation"}, "created_at": "2024-03-06T07:03:19Z", "votes": 0},
        ],
    }
    put("tables/wrapped.json", (json.dumps(wrapped, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    back = json.loads((ROOT / "tables/wrapped.json").read_text("utf-8"))
    assert back == wrapped and len(back["data"]) == 3 and back["meta"]["total"] == 3
    fact("tables/wrapped.json",
         "UTF-8 object {\"meta\": {platform, api_version, consultation, exported_at, total: 3, page, per_page}, \"data\": [3 objects]}. "
         "Records have keys id (strings p-5481, p-5482, p-5483), title, body, author {name, type}, created_at, votes. "
         "p-5482 body is HTML (`<p>…<strong>éclairées</strong>…</p><p>…</p>`); the other two bodies are plain text.")

    jl = [
        json.dumps({"id": 1, "texte": "Je prends le car tous les jours pour aller au lycée.", "profil": "lycéen"}, ensure_ascii=False),
        json.dumps({"id": 2, "texte": "Il manque un arrêt près de la maison de santé.", "profil": "habitant"}, ensure_ascii=False),
        json.dumps({"id": 3, "texte": "Le vélo à assistance électrique a changé ma vie, vraiment.", "profil": "salarié"}, ensure_ascii=False),
        '{"id": 4, "texte": "Export interrompu, la ligne est tronqu',
        json.dumps({"id": 5, "texte": "Merci de nous consulter, c’est rare.", "profil": "retraitée"}, ensure_ascii=False),
        "",
    ]
    raw = ("\n".join(jl) + "\n").encode("utf-8")
    put("tables/contributions.jsonl", raw)
    lines = raw.decode("utf-8").split("\n")[:-1]
    assert len(lines) == 6 and lines[5] == "" and raw.endswith(b"}\n\n")
    ok, bad = [], []
    for n, l in enumerate(lines, 1):
        if not l.strip():
            continue
        try:
            ok.append(json.loads(l)["id"])
        except json.JSONDecodeError:
            bad.append(n)
    assert ok == [1, 2, 3, 5] and bad == [4]
    fact("tables/contributions.jsonl",
         "UTF-8, LF, 6 lines (file ends `}\\n\\n`). Lines 1,2,3,5 valid objects {id, texte, profil} with ids 1,2,3,5; "
         "line 4 invalid JSON (truncated `{\"id\": 4, \"texte\": \"Export interrompu, la ligne est tronqu`); line 6 empty. → 4 valid records.")


# =========================================================================== transcripts
HUGE_SENTENCES = [
    "Je suis arrivé dans la vallée en 1987, après mon service militaire, pour un remplacement de trois mois à la scierie.",
    "Les trois mois sont devenus trente-cinq ans, comme souvent ici, parce qu’on s’attache aux gens et aux montagnes.",
    "À l’époque, il y avait encore un car tous les matins qui descendait à Saint-Girons et qui remontait le soir.",
    "Les anciens le prenaient pour aller au marché le lundi, et les lycéens l’utilisaient toute la semaine.",
    "Moi, je n’avais pas de voiture la première année, alors je faisais du stop, et tout le monde s’arrêtait.",
    "Aujourd’hui, je ne suis pas sûr qu’on prendrait encore quelqu’un au bord de la route avec la même facilité.",
    "La scierie a fermé en 2004, et avec elle une bonne partie des emplois du village a disparu.",
    "Certains sont partis à Toulouse, d’autres ont trouvé du travail à Foix ou à Pamiers, mais il fallait rouler.",
    "J’ai fait ce trajet pendant douze ans, soixante kilomètres aller, soixante kilomètres retour, par tous les temps.",
    "L’hiver, la route du col était parfois fermée et il fallait faire le grand tour par la vallée voisine.",
    "Ma femme travaillait à l’école du village, heureusement, sinon il nous aurait fallu deux voitures.",
    "Quand les enfants sont entrés au collège, on a découvert ce que c’était de vivre au rythme du ramassage scolaire.",
    "Le car passait à sept heures moins le quart, et les petits attendaient dans le noir au bord de la départementale.",
    "Avec d’autres parents, on a demandé un abri, et il a fallu quatre ans pour qu’il soit installé.",
    "Je ne dis pas ça pour me plaindre, je sais bien que les budgets des communes sont serrés.",
    "Mais je crois que les gens de la ville ne se rendent pas compte de ce que représente la voiture pour nous.",
    "Ce n’est pas un confort, c’est la condition pour travailler, se soigner, faire ses courses et voir sa famille.",
    "Le jour où on ne peut plus conduire, on devient dépendant des voisins, et tout le monde n’a pas de bons voisins.",
    "Ma mère a vécu ça à la fin de sa vie, elle qui avait toujours été indépendante.",
    "Elle attendait le passage de l’infirmière comme un événement, parce que c’était sa seule visite de la journée.",
    "On a essayé le transport à la demande, mais il fallait réserver la veille et elle oubliait souvent.",
    "Le chauffeur était très gentil, il la connaissait, il lui portait ses sacs jusqu’à la porte.",
    "C’est ce genre de détail qui compte, bien plus que les grands projets qu’on nous présente en réunion publique.",
    "Il y a deux ans, la commune a acheté un véhicule électrique pour les associations.",
    "Au début, personne n’osait l’utiliser, on avait peur de tomber en panne de batterie dans la montée.",
    "Maintenant, il sert presque tous les jours, pour le club de foot, pour les courses des anciens, pour la bibliothèque.",
    "On a même organisé une sortie au cinéma de Saint-Girons, ce qui n’était pas arrivé depuis des années.",
    "Les jeunes, eux, ont d’autres habitudes, ils se débrouillent avec les applications de covoiturage.",
    "Mon fils rentre de Toulouse le vendredi soir avec des inconnus qui deviennent parfois des amis.",
    "Je trouve ça formidable, même si je ne suis pas sûr que je saurais utiliser ces outils moi-même.",
    "Le vélo, j’y crois moins, à cause du relief, même avec l’assistance électrique.",
    "Quelques courageux montent au village à vélo, mais ce sont des sportifs, pas des gens ordinaires.",
    "Pour les courses du quotidien, il faudrait plutôt des commerces qui reviennent au village.",
    "L’épicerie a rouvert l’an dernier grâce à un jeune couple, et ça a changé beaucoup de choses.",
    "On y trouve le pain, le journal, quelques légumes, et surtout on s’y croise et on discute.",
    "Au fond, la question des transports, c’est aussi la question de ce qu’on garde ou non près de chez soi.",
    "Si l’école ferme, si le médecin part, si la poste ne passe plus, alors on a besoin de rouler davantage.",
    "Et plus on roule, plus on dépense, et moins on a envie de rester, c’est un cercle vicieux.",
    "Je ne veux pas être pessimiste, parce que je vois aussi des familles qui s’installent et qui ont des idées.",
    "Ce qui me manque, c’est qu’on demande plus souvent leur avis aux gens qui vivent vraiment ici toute l’année.",
]
CONNECTORS = ["Vous savez, ", "Et puis, ", "Bon, ", "En fait, ", "Franchement, ", "Comme je vous disais, ", "D’ailleurs, ", "Enfin, "]
ORAL_CLAUSES = [
    "ben en fait moi le matin je pars vers six heures et demie", "parce que sinon avec les camions de la carrière on n'avance pas",
    "et puis euh la route elle est étroite", "vous croisez un tracteur vous êtes obligé de vous arrêter",
    "ma femme elle me dit tout le temps de partir plus tôt", "mais bon c'est pas toujours facile avec les enfants",
    "le petit il a son car à sept heures moins dix", "alors on attend avec lui au bout du chemin", "l'hiver il fait nuit noire hein",
    "on a mis un gilet jaune sur son cartable pour qu'on le voie", "le chauffeur il est bien il connaît tout le monde",
    "il klaxonne deux fois quand il arrive dans le virage", "après le soir c'est autre chose",
    "il rentre à dix-huit heures passées des fois plus", "il fait ses devoirs dans le car quand ça secoue pas trop",
    "moi je trouve que c'est long pour un gamin de onze ans", "mais qu'est-ce que vous voulez on a choisi de vivre ici",
    "on savait que ce serait comme ça", "enfin on savait pas que ce serait autant", "au début on se disait qu'on ferait avec",
    "et puis le prix du gasoil a doublé", "là on a commencé à compter", "on a regardé pour une voiture électrique",
    "mais avec la côte et le froid on est pas sûrs", "le garagiste à Seix il dit que ça tient pas l'hiver",
    "mon beau-frère il en a une il est content lui", "bon il habite en bas dans la plaine c'est pas pareil",
    "nous là-haut c'est sept cents mètres de dénivelé", "des fois je me dis qu'on devrait faire comme avant",
    "monter à plusieurs dans la même voiture", "on le faisait avec les voisins quand on travaillait à l'usine",
    "on se relayait chacun sa semaine", "ça marchait bien et puis on rigolait",
    "maintenant chacun a ses horaires chacun son boulot", "c'est plus compliqué de s'organiser", "voilà quoi",
]


def huge_texts():
    rnd = random.Random(1987)
    parts, total, rnd_i = [], 0, 0
    while total < 25000:
        order = list(range(len(HUGE_SENTENCES)))
        rnd.shuffle(order)
        for k in order:
            s = HUGE_SENTENCES[k]
            if rnd_i > 0 and rnd.random() < 0.5:
                s = rnd.choice(CONNECTORS) + s[0].lower() + s[1:]
            parts.append(s)
            total = len(" ".join(parts))
            if total >= 25000:
                break
        rnd_i += 1
    long_turn = " ".join(parts)
    rnd = random.Random(2011)
    parts = []
    while len(" ".join(parts)) < 6000:
        order = list(range(len(ORAL_CLAUSES)))
        rnd.shuffle(order)
        for k in order:
            parts.append(ORAL_CLAUSES[k])
            if len(" ".join(parts)) >= 6000:
                break
    return long_turn, " ".join(parts)


def build_transcripts():
    NB, NNB = "\u00a0", "\u202f"
    # ---------------------------------------------------------------- colon_labels.txt
    text = (
        "Entretien n° 7 – Projet « Mobilités rurales »\n"
        "Réalisé à Saint-Girons (Ariège) le 12 mars 2024, au domicile de la participante. Transcription intégrale ; les prénoms ont été modifiés.\n"
        "\n"
        "Enquêtrice : Bonjour Josiane, merci de me recevoir. Pour commencer, est-ce que vous pouvez me raconter comment vous vous déplacez au quotidien ?\n"
        "\n"
        f"Josiane{NB}: Alors… au quotidien, c’est la voiture, surtout. J’habite à huit kilomètres du bourg, il n’y a pas vraiment d’autre solution.\n"
        "\n"
        f"Enquêtrice{NNB}: Et le car, vous l’avez déjà essayé ?\n"
        "\n"
        "Josiane : Oui, une fois. Le car passe à 7 h 10 le matin et revient à 18 h 30, donc si vous avez rendez-vous chez le médecin à 10 h, vous attendez toute la journée.\n"
        "Remarque : elle rit.\n"
        "Après, je comprends, ils ne vont pas faire passer un car vide toutes les heures.\n"
        "\n"
        "Et puis il y a l’hiver. Quand il neige, le car ne monte pas jusqu’au hameau, alors là, c’est réglé : on reste chez soi.\n"
        "\n"
        "Enquêtrice : Vous parlez de l’hiver… Qu’est-ce qui change pour vous à ce moment-là ?\n"
        "\n"
        f"Josiane{NNB}: Tout. Je fais les courses une fois tous les quinze jours, je congèle. Ma voisine, Mme Roques, m’emmène quand elle descend à Saint-Girons.\n"
        "\n"
        f"Enquêtrice{NB}: Dernière question : si vous aviez une baguette magique, qu’est-ce que vous changeriez ?\n"
        "\n"
        "Josiane : Un petit bus qui passe devant la porte deux fois par semaine. Pas besoin de plus. Franchement, ça changerait la vie de tout le hameau.\n"
    )
    put("transcripts/colon_labels.txt", text.encode("utf-8"))
    L = text.split("\n")
    ll = label_lines(text, ["Enquêtrice", "Josiane"])
    assert ll == [(4, "Enquêtrice"), (6, "Josiane"), (8, "Enquêtrice"), (10, "Josiane"),
                  (16, "Enquêtrice"), (18, "Josiane"), (20, "Enquêtrice"), (22, "Josiane")]
    assert [n for n, _ in generic_label_lines(text)] == [4, 6, 8, 10, 11, 16, 18, 20, 22]
    assert L[10] == "Remarque : elle rit." and text.count("Remarque") == 1
    assert [n for n, l in enumerate(L, 1) if NB in l] == [6, 20] and [n for n, l in enumerate(L, 1) if NNB in l] == [8, 18]
    assert L[0].startswith("Entretien n°") and L[2] == "" and len(L) == 23 and L[-1] == ""
    assert L[12] == "" and L[13].startswith("Et puis il y a l’hiver") and L[14] == "" and L[11].startswith("Après")
    assert "c’est réglé : on" in L[13] and "Dernière question : si" in L[19]
    fact("transcripts/colon_labels.txt",
         "UTF-8, LF, 22 lines. Lines 1-2 = header paragraph (no turn). 8 turns alternating Enquêtrice/Josiane (4 each), label lines 4,6,8,10,16,18,20,22, "
         "first = Enquêtrice. Separator before `:` is U+00A0 on lines 6 (Josiane) and 20 (Enquêtrice), U+202F on lines 8 (Enquêtrice) and 18 (Josiane), plain space elsewhere. "
         "Josiane's 2nd turn = lines 10-14: 2 paragraphs (blank line 13), includes line 11 `Remarque : elle rit.` (label seen once → NOT a speaker; part of that turn). "
         "Mid-line colons (`c’est réglé : on`, `Dernière question : si`) are not labels.")

    # ---------------------------------------------------------------- qr.txt
    text = (
        "Q : Depuis combien de temps habitez-vous à Massat ?\n"
        "\n"
        "R : Depuis 1998. On est venus pour le travail de mon mari, et on est restés.\n"
        "\n"
        "Q : Comment vous rendez-vous à votre travail ?\n"
        "\n"
        "R : En voiture, quarante minutes de route de montagne. L’hiver, plutôt une heure.\n"
        "Le covoiturage, j’y ai pensé, mais mes horaires changent toutes les semaines.\n"
        "\n"
        "Q : Qu’est-ce qui vous ferait changer d’habitude ?\n"
        "\n"
        "R : Un car le matin tôt, vers 6 h 30. Et un vrai abri à l’arrêt, parce qu’attendre sous la pluie… non.\n"
    )
    put("transcripts/qr.txt", text.encode("utf-8"))
    assert label_lines(text, ["Q", "R"]) == [(1, "Q"), (3, "R"), (5, "Q"), (7, "R"), (10, "Q"), (12, "R")]
    assert generic_label_lines(text) == label_lines(text, ["Q", "R"])
    assert text.split("\n")[7].startswith("Le covoiturage") and text.split("\n")[8] == ""
    fact("transcripts/qr.txt",
         "UTF-8, LF. 6 turns Q,R,Q,R,Q,R (3 each), label lines 1,3,5,7,10,12; 2nd R turn spans lines 7-8 (no blank line between). No header.")

    # ---------------------------------------------------------------- upper.txt
    text = (
        "ENTRETIEN 12 – MARIE-CLAIRE, 58 ANS, AIDE À DOMICILE\n"
        "\n"
        "ENQUÊTEUR : Vous faites combien de kilomètres par jour pour votre travail ?\n"
        "\n"
        "MARIE-CLAIRE : Entre quatre-vingts et cent vingt, ça dépend des patients. Je vais de Lavelanet à Bélesta, puis à Laroque-d’Olmes…\n"
        "\n"
        "ENQUÊTEUR : Et les frais, qui les prend en charge ?\n"
        "\n"
        "MARIE-CLAIRE : L’association rembourse 0,35 € du kilomètre. Avec le prix de l’essence, on en est de notre poche.\n"
        "Les collègues disent pareil. La SNCF, le TER, ça ne nous concerne pas : il n’y a pas de gare sur nos trajets.\n"
        "\n"
        "ENQUÊTEUR : Si vous aviez une voiture de service ?\n"
        "\n"
        "MARIE-CLAIRE : Ce serait un soulagement, vraiment. Je pourrais enfin changer la mienne, elle a 240 000 kilomètres.\n"
    )
    put("transcripts/upper.txt", text.encode("utf-8"))
    assert label_lines(text, ["ENQUÊTEUR", "MARIE-CLAIRE"]) == [(3, "ENQUÊTEUR"), (5, "MARIE-CLAIRE"), (7, "ENQUÊTEUR"),
                                                                 (9, "MARIE-CLAIRE"), (12, "ENQUÊTEUR"), (14, "MARIE-CLAIRE")]
    assert [n for n, _ in generic_label_lines(text)] == [3, 5, 7, 9, 12, 14]
    assert text.split("\n")[9].startswith("Les collègues") and ":" not in text.split("\n")[0]
    fact("transcripts/upper.txt",
         "UTF-8, LF. Line 1 = all-caps title `ENTRETIEN 12 – MARIE-CLAIRE, 58 ANS, AIDE À DOMICILE` (no colon, not a turn). "
         "6 turns ENQUÊTEUR/MARIE-CLAIRE alternating (3 each), label lines 3,5,7,9,12,14; MARIE-CLAIRE's 2nd turn spans lines 9-10.")

    # ---------------------------------------------------------------- bracket_time.txt
    text = (
        "[00:00:04] Julien : Bonjour Fatou, on peut commencer ?\n"
        "[00:00:09] Fatou : Oui, allez-y.\n"
        "[00:00:12] Julien : Vous avez monté le garage solidaire en quelle année ?\n"
        "[00:00:18] Fatou : En 2019, avec trois bénévoles. Aujourd’hui on répare une soixantaine de voitures par an, surtout pour des personnes en insertion.\n"
        "[00:12:03] Julien : Qu’est-ce qui bloque le plus ?\n"
        "[00:12:07] Fatou : Les pièces détachées, et le local : on est dans un hangar prêté par la mairie de Pamiers.\n"
        "On ne sait pas pour combien de temps.\n"
    )
    put("transcripts/bracket_time.txt", text.encode("utf-8"))
    ll = label_lines(text, ["Julien", "Fatou"], sep=r" :")
    assert ll == []  # labels are preceded by the timestamp
    rx = re.compile(r"^\[(\d\d:\d\d:\d\d)\] (\w+) : ")
    got = [(n, rx.match(l).group(1), rx.match(l).group(2)) for n, l in enumerate(text.split("\n"), 1) if rx.match(l)]
    assert got == [(1, "00:00:04", "Julien"), (2, "00:00:09", "Fatou"), (3, "00:00:12", "Julien"),
                   (4, "00:00:18", "Fatou"), (5, "00:12:03", "Julien"), (6, "00:12:07", "Fatou")]
    assert text.split("\n")[6] == "On ne sait pas pour combien de temps." and "\n\n" not in text
    fact("transcripts/bracket_time.txt",
         "UTF-8, LF, no blank lines. 6 turns `[hh:mm:ss] Nom : texte` alternating Julien/Fatou (3 each) on lines 1-6, timestamps "
         "00:00:04, 00:00:09, 00:00:12, 00:00:18, 00:12:03, 00:12:07; line 7 (`On ne sait pas pour combien de temps.`) continues Fatou's last turn.")

    # ---------------------------------------------------------------- paren_time.txt
    text = (
        "Claire (00:00:02) : Merci d’avoir accepté cet entretien.\n"
        "\n"
        "Ahmed (00:00:05) : Avec plaisir.\n"
        "\n"
        "Claire (00:00:08)\n"
        "Vous êtes chauffeur pour le transport à la demande depuis longtemps ?\n"
        "\n"
        "Ahmed (00:00:14) : Quatre ans. Avant, je faisais du ramassage scolaire.\n"
        "\n"
        "Claire (00:00:21) : Qui sont les usagers, principalement ?\n"
        "\n"
        "Ahmed (00:00:25)\n"
        "Des personnes âgées, beaucoup. Des jeunes sans permis aussi, le mercredi.\n"
        "Et quelques touristes l’été, mais c’est rare.\n"
        "\n"
        "Claire (00:01:40) : Qu’est-ce que vous aimeriez améliorer ?\n"
        "\n"
        "Ahmed (00:01:46)\n"
        "La réservation. Il faut appeler la veille avant 17 h : pour les anciens, c’est compliqué, ils oublient.\n"
    )
    put("transcripts/paren_time.txt", text.encode("utf-8"))
    inline = re.compile(r"^(\w+) \((\d\d:\d\d:\d\d)\) : \S")
    alone = re.compile(r"^(\w+) \((\d\d:\d\d:\d\d)\)$")
    Ls = text.split("\n")
    gi = [(n, inline.match(l).group(1)) for n, l in enumerate(Ls, 1) if inline.match(l)]
    ga = [(n, alone.match(l).group(1)) for n, l in enumerate(Ls, 1) if alone.match(l)]
    assert gi == [(1, "Claire"), (3, "Ahmed"), (8, "Ahmed"), (10, "Claire"), (16, "Claire")]
    assert ga == [(5, "Claire"), (12, "Ahmed"), (18, "Ahmed")]
    times = [m.group(2) for l in Ls if (m := inline.match(l) or alone.match(l))]
    assert times == ["00:00:02", "00:00:05", "00:00:08", "00:00:14", "00:00:21", "00:00:25", "00:01:40", "00:01:46"]
    assert Ls[12].startswith("Des personnes") and Ls[13].startswith("Et quelques") and Ls[14] == ""
    fact("transcripts/paren_time.txt",
         "UTF-8, LF. 8 turns alternating Claire/Ahmed (4 each, Claire first). Inline `Nom (hh:mm:ss) : texte` on lines 1,3,8,10,16; "
         "label alone on its line (`Claire (00:00:08)`, `Ahmed (00:00:25)`, `Ahmed (00:01:46)`) on lines 5,12,18 with text on following line(s) "
         "(line 12's turn = lines 13-14). Times in order: 00:00:02, :05, :08, :14, :21, :25, 00:01:40, 00:01:46.")

    # ---------------------------------------------------------------- visio.txt
    text = (
        "Aurélie Martin  10:02\n"
        "Bonjour Yves, vous m’entendez bien ?\n"
        "\n"
        "Yves Carrère  10:02\n"
        "Oui, très bien. Je coupe ma caméra, la connexion est faible ici.\n"
        "\n"
        "Aurélie Martin  10:03\n"
        "Pas de souci. Vous pouvez me parler du projet de navette ?\n"
        "\n"
        "Yves Carrère  10:03\n"
        "Alors, l’idée vient du conseil municipal de Seix.\n"
        "On a un minibus de neuf places qui dort au garage la moitié de la semaine.\n"
        "\n"
        "Aurélie Martin  10:05\n"
        "Et qui le conduirait ?\n"
        "\n"
        "Yves Carrère  10:05\n"
        "Des bénévoles, pour commencer. On en a déjà cinq qui ont le permis D… enfin, qui sont prêts à le passer.\n"
    )
    put("transcripts/visio.txt", text.encode("utf-8"))
    rx = re.compile(r"^(\S.*?)  (\d\d:\d\d)$")
    got = [(n, rx.match(l).group(1), rx.match(l).group(2)) for n, l in enumerate(text.split("\n"), 1) if rx.match(l)]
    assert got == [(1, "Aurélie Martin", "10:02"), (4, "Yves Carrère", "10:02"), (7, "Aurélie Martin", "10:03"),
                   (10, "Yves Carrère", "10:03"), (14, "Aurélie Martin", "10:05"), (17, "Yves Carrère", "10:05")]
    assert ":" not in text.replace("10:0", "")
    VL = text.split("\n")
    assert VL[10].startswith("Alors") and VL[11].startswith("On a un minibus") and VL[12] == ""
    fact("transcripts/visio.txt",
         "UTF-8, LF. 6 turns, 2 speakers alternating: Aurélie Martin (3, first) / Yves Carrère (3). Header lines `Prénom Nom␣␣mm:ss` (two spaces; elapsed minutes:seconds as video-call exports write them, 10:02 = 602 s) "
         "on lines 1,4,7,10,14,17 (times 10:02,10:02,10:03,10:03,10:05,10:05); turn text on following lines, blank line between turns; "
         "Yves's 2nd turn = 2 text lines (11-12). No colon-label anywhere.")

    # ---------------------------------------------------------------- crlf_cp1252.txt
    text = (
        "Enquêteur : Bonjour Thérèse. Vous êtes présidente du club des aînés de Mirepoix ?\r\n"
        "\r\n"
        "Thérèse : Oui, depuis 2015… On est quarante-deux adhérents.\r\n"
        "\r\n"
        "Enquêteur : Comment les adhérents viennent-ils aux activités ?\r\n"
        "\r\n"
        "Thérèse : Ceux qui conduisent encore emmènent les autres. C’est la « solidarité du coffre », comme on dit !\r\n"
        "\r\n"
        "Enquêteur : Et ceux qui n’ont personne ?\r\n"
        "\r\n"
        "Thérèse : Ils restent chez eux. Ça me serre le cœur, franchement.\r\n"
    )
    raw = text.encode("cp1252")
    put("transcripts/crlf_cp1252.txt", raw)
    assert not_utf8(raw) and raw.count(b"\r\n") == 11 and raw.count(b"\n") == 11
    assert any(0x80 <= b <= 0x9F for b in raw) and raw.decode("latin-1") != raw.decode("cp1252")
    assert all(bytes([b]) in raw for b in (0x92, 0x85, 0xAB, 0xBB, 0x9C)) and "Thérèse".encode("cp1252") in raw
    t = raw.decode("cp1252").replace("\r\n", "\n")
    assert label_lines(t, ["Enquêteur", "Thérèse"]) == [(1, "Enquêteur"), (3, "Thérèse"), (5, "Enquêteur"), (7, "Thérèse"), (9, "Enquêteur"), (11, "Thérèse")]
    fact("transcripts/crlf_cp1252.txt",
         "cp1252 (not UTF-8; contains ’ … « » œ → bytes 0x92 0x85 0xAB 0xBB 0x9C, so latin-1 decoding differs), CRLF on every line. "
         "6 turns Enquêteur/Thérèse alternating (3 each, Enquêteur first) on lines 1,3,5,7,9,11; label `Thérèse` has é/è in cp1252.")

    # ---------------------------------------------------------------- markdown_bold.md
    text = (
        "# Entretien avec Sofia, 24 ans, Foix\n"
        "\n"
        "*Transcription relue le 20 mars 2024. Prénom modifié.*\n"
        "\n"
        "---\n"
        "\n"
        "**Enquêteur :** Tu utilises quoi comme moyen de transport ?\n"
        "\n"
        "**Sofia :** Le vélo, presque tout le temps. Et le train pour aller à Toulouse.\n"
        "\n"
        "**Enquêteur :** Qu’est-ce qui pourrait être amélioré ?\n"
        "\n"
        "**Sofia :** Plusieurs choses :\n"
        "\n"
        "- des arceaux pour garer les vélos à la gare ;\n"
        "- des places vélo dans le TER, il n’y en a que six ;\n"
        "- un éclairage sur la voie verte.\n"
        "\n"
        "**Enquêteur :** Et l’hiver ?\n"
        "\n"
        "**Sofia :** Je fais pareil *(rires)*. Il faut juste de bons gants.\n"
    )
    put("transcripts/markdown_bold.md", text.encode("utf-8"))
    assert label_lines(text, ["Enquêteur", "Sofia"], sep=r" :\*\*") == []
    got = [(n, m.group(1)) for n, l in enumerate(text.split("\n"), 1) if (m := re.match(r"^\*\*(\w+) :\*\* ", l))]
    assert got == [(7, "Enquêteur"), (9, "Sofia"), (11, "Enquêteur"), (13, "Sofia"), (19, "Enquêteur"), (21, "Sofia")]
    ML = text.split("\n")
    assert ML[0].startswith("# Entretien avec Sofia") and ML[2].startswith("*") and ML[4] == "---"
    assert [n for n, l in enumerate(ML, 1) if l.startswith("- ")] == [15, 16, 17] and "*(rires)*" in ML[20]
    fact("transcripts/markdown_bold.md",
         "UTF-8, LF. Title `# Entretien avec Sofia…` (line 1), italic intro (line 3), `---` (line 5). 6 turns `**Enquêteur :**` / `**Sofia :**` "
         "alternating (3 each, Enquêteur first) on lines 7,9,11,13,19,21. Sofia's 2nd turn = line 13 + 3 `- ` bullets (lines 15-17). Line 21 has `*(rires)*`.")

    # ---------------------------------------------------------------- notes.md
    text = (
        "# Notes de terrain – atelier mobilité, 15 mars 2024\n"
        "\n"
        "Lieu : MJC de Foix\n"
        "\n"
        "## Déroulé\n"
        "\n"
        "- 18 h 30 : accueil, café, 14 participants dont 9 femmes\n"
        "- 18 h 45 : présentation des cartes des lignes de car\n"
        "- 19 h 30 : travail en petits groupes\n"
        "\n"
        "## Observations\n"
        "\n"
        "Les participants plus âgés sont restés près de l’entrée, ils ont peu pris la parole au début. "
        "Un monsieur a apporté ses anciens tickets de la ligne Foix–Tarascon, fermée depuis longtemps : moment fort, beaucoup de rires.\n"
        "\n"
        "- Thème récurrent : la peur de conduire la nuit\n"
        "- La carte papier circule beaucoup plus que la tablette\n"
        "\n"
        "## À faire\n"
        "\n"
        "- Rappeler Mme Esquirol pour l’entretien individuel\n"
        "- Envoyer le compte rendu avant le 29 mars\n"
    )
    put("transcripts/notes.md", text.encode("utf-8"))
    L = text.split("\n")
    assert generic_label_lines(text) == [(3, "Lieu")]
    assert [n for n, l in enumerate(L, 1) if l.startswith("# ")] == [1]
    assert [n for n, l in enumerate(L, 1) if l.startswith("## ")] == [5, 11, 18]
    assert sum(l.startswith("- ") for l in L) == 7
    assert L[12].startswith("Les participants") and L[14].startswith("- Thème récurrent :") and text.count("Lieu :") == 1
    fact("transcripts/notes.md",
         "UTF-8, LF, no speaker turns. `# ` heading line 1; `## ` headings lines 5 (Déroulé), 11 (Observations), 18 (À faire); 7 `- ` bullets; 1 prose paragraph (line 13). "
         "Only line starting with `Word :` is line 3 `Lieu : MJC de Foix` (appears once, not a speaker); `Thème récurrent :` appears only after `- ` (line 15).")

    # ---------------------------------------------------------------- huge_turn.txt
    long_turn, nopunct = huge_texts()
    text = (
        "Enquêteur : Pouvez-vous me raconter votre parcours, depuis votre arrivée dans la vallée ?\n"
        "\n"
        f"Gilles : {long_turn}\n"
        "\n"
        "Enquêteur : Et aujourd’hui, au quotidien, comment ça se passe ?\n"
        "\n"
        f"Gilles : {nopunct}\n"
        "\n"
        "Enquêteur : Merci beaucoup, on va s’arrêter là.\n"
    )
    raw = text.encode("utf-8")
    put("transcripts/huge_turn.txt", raw)
    assert label_lines(text, ["Enquêteur", "Gilles"]) == [(1, "Enquêteur"), (3, "Gilles"), (5, "Enquêteur"), (7, "Gilles"), (9, "Enquêteur")]
    assert "\n" not in long_turn and "\n" not in nopunct
    n_long, n_np = len(long_turn), len(nopunct)
    assert 25000 <= n_long < 25200 and 6000 <= n_np < 6100
    assert not any(c in nopunct for c in ".,;:!?…«»\"()") and nopunct == nopunct.strip()
    assert {w for w in nopunct.split() if not w.islower()} == {"Seix"} and nopunct[0].islower()
    n_sent = len(re.findall(r"[.!?](?:\s|$)", long_turn))
    assert long_turn.endswith(".") and "?" not in long_turn and "!" not in long_turn
    fact("transcripts/huge_turn.txt",
         f"UTF-8, LF, {len(raw)} bytes / {len(text)} chars (exceeds 30 KB by design). 5 turns: Enquêteur (lines 1,5,9) / Gilles (lines 3,7), one line each. "
         f"Line 3 turn text (after `Gilles : `) = {n_long} chars, one paragraph, {n_sent} sentences each ending with `.`. "
         f"Line 7 turn text = {n_np} chars, one paragraph, lowercase except the place name `Seix`, no . , ; : ! ? … at all (only apostrophes/hyphens inside words).")

    # ---------------------------------------------------------------- interview.docx
    d = docx.Document()
    cp = d.core_properties
    cp.author = "Paul Ségur"
    cp.last_modified_by = "Paul Ségur"
    cp.title = "Entretien – Coopérative de covoiturage"
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1
    cp.comments = ""
    d.add_heading("Entretien – Coopérative de covoiturage du pays d’Olmes", level=1)
    d.add_paragraph("Entretien réalisé le 14 mars 2024 à Lavelanet, durée 40 minutes.")

    def turn(label, *texts):
        p = d.add_paragraph()
        r = p.add_run(label)
        r.bold = True
        for i, t in enumerate(texts):
            run = p.add_run((" " if i == 0 else "") + t)
            if i < len(texts) - 1:
                run.add_break()
        return p

    turn("Enquêteur :", "Pouvez-vous présenter la coopérative en quelques mots ?")
    turn("Nathalie :", "On l’a créée en 2021 avec des parents d’élèves. Au départ, c’était juste un groupe de messagerie pour organiser les trajets vers le collège.")
    d.add_paragraph("Ensuite les entreprises de la zone artisanale nous ont rejoints, et on a dû monter une vraie structure, avec une assurance et une charte.")
    turn("Enquêteur :", "Combien de membres aujourd’hui ?")
    turn("Nathalie\u00a0:", "Cent trente-huit inscrits.", "Une cinquantaine vraiment actifs, qui proposent des trajets chaque semaine.")
    turn("Enquêteur :", "Merci. On passe à l’extrait de l’atelier.")
    d.add_heading("Extrait de l’atelier collectif du 16 mars", level=2)
    rows = [("Locuteur", "Intervention"),
            ("Animatrice", "Qui a déjà fait du covoiturage cette semaine ?"),
            ("Robert", "Moi, deux fois, pour aller à l’hôpital de Pamiers."),
            ("Animatrice", "Et vous, Sylvie ?"),
            ("Sylvie", "Non, jamais : je ne connais personne qui a mes horaires.")]
    tbl = d.add_table(rows=len(rows), cols=2)
    tbl.style = "Table Grid"
    for i, (a, b) in enumerate(rows):
        tbl.cell(i, 0).text = a
        tbl.cell(i, 1).text = b
    tbl.rows[0].cells[0].paragraphs[0].runs[0].bold = True
    tbl.rows[0].cells[1].paragraphs[0].runs[0].bold = True
    d.add_paragraph("Fin du document.")
    p = ROOT / "transcripts/interview.docx"
    d.save(str(p))

    def rm_rel(target):
        def f(b):
            out, n = re.subn(rb'<Relationship [^>]*Target="' + re.escape(target) + rb'"/>', b"", b)
            assert n == 1
            return out
        return f

    def rm_override(b):
        out, n = re.subn(rb'<Override PartName="/word/stylesWithEffects.xml"[^>]*/>', b"", b)
        assert n == 1
        return out

    # slim the python-docx template (thumbnail + 430 KB stylesWithEffects) to stay under 30 KB
    normalize_zip(p, drop=("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"),
                  rewrite={"_rels/.rels": rm_rel(b"docProps/thumbnail.jpeg"),
                           "word/_rels/document.xml.rels": rm_rel(b"stylesWithEffects.xml"),
                           "[Content_Types].xml": rm_override})
    with zipfile.ZipFile(p) as z:
        names = set(z.namelist())
        for rels in [n for n in names if n.endswith(".rels")]:
            base = rels.replace("_rels/", "").rsplit(".rels", 1)[0].rsplit("/", 1)[0] if "/" in rels.replace("_rels/", "") else ""
            for tgt in re.findall(rb'Target="([^"]+)"', z.read(rels)):
                if tgt.startswith(b"http"):
                    continue
                full = (base + "/" if base else "") + tgt.decode()
                full = re.sub(r"[^/]+/\.\./", "", full)
                assert full in names, (rels, full)
        for part in re.findall(rb'PartName="/([^"]+)"', z.read("[Content_Types].xml")):
            assert part.decode() in names, part
    d2 = docx.Document(str(p))
    paras = [x.text for x in d2.paragraphs]
    assert len(paras) == 10
    assert paras[2] == "Enquêteur : Pouvez-vous présenter la coopérative en quelques mots ?"
    assert paras[4].startswith("Ensuite les entreprises") and paras[5] == "Enquêteur : Combien de membres aujourd’hui ?"
    assert paras[6] == "Nathalie\u00a0: Cent trente-huit inscrits.\nUne cinquantaine vraiment actifs, qui proposent des trajets chaque semaine."
    assert paras[9] == "Fin du document."
    for i in (2, 3, 5, 6, 7):
        r0 = d2.paragraphs[i].runs[0]
        assert r0.bold and r0.text.rstrip(":").rstrip(" \u00a0") in ("Enquêteur", "Nathalie") and not d2.paragraphs[i].runs[1].bold
    assert d2.paragraphs[0].style.name == "Heading 1" and d2.paragraphs[8].style.name == "Heading 2"
    assert len(d2.tables) == 1 and [[c.text for c in r.cells] for r in d2.tables[0].rows] == [list(r) for r in rows]
    assert all(c.paragraphs[0].runs[0].bold for c in d2.tables[0].rows[0].cells)
    assert not any(c.paragraphs[0].runs[0].bold for r in d2.tables[0].rows[1:] for c in r.cells)
    assert d2.core_properties.author == "Paul Ségur" and d2.paragraphs[6].runs[0].text == "Nathalie\u00a0:"
    assert [x.text for x in d2.paragraphs[3].runs][0] == "Nathalie :" and not d2.paragraphs[4].runs[0].bold
    body = d2.element.body
    kinds = [c.tag.split("}")[1] for c in body.iterchildren() if c.tag.split("}")[1] in ("p", "tbl")]
    assert kinds == ["p"] * 9 + ["tbl", "p"]
    assert d2.core_properties.created == FIXED.replace(tzinfo=dt.timezone.utc) or d2.core_properties.created == FIXED
    interview_docx_bytes = p.read_bytes()
    fact("transcripts/interview.docx",
         "python-docx: 10 body paragraphs + 1 table (body order: P0-P8, table, P9). P0 Heading 1 title, P1 intro (no label). "
         "Turns P2 Enquêteur, P3+P4 Nathalie (P4 is an unlabeled continuation paragraph), P5 Enquêteur, P6 Nathalie, P7 Enquêteur → 5 turns (Enquêteur 3, Nathalie 2). "
         "Label = first run, bold (`Enquêteur :`, `Nathalie :`; P6 uses `Nathalie\\u00a0:`), text in following non-bold run(s). "
         "P6 has a soft break <w:br/> (paragraph.text contains one `\\n`). P8 Heading 2 `Extrait de l’atelier…`, P9 `Fin du document.` after the table. "
         "Table 5×2: row 0 header (Locuteur | Intervention, bold), then Animatrice, Robert, Animatrice, Sylvie (4 turns). Core props created=modified=2024-03-15 12:00, author Paul Ségur.")

    # ---------------------------------------------------------------- interview.odt
    doc = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    doc.text.addElement(H(outlinelevel=1, text="Entretien avec Marcel, ancien cheminot – Tarascon-sur-Ariège"))
    doc.text.addElement(P(text="Enquêtrice : Vous avez travaillé longtemps sur la ligne ?"))
    p2 = P(text="Marcel : Trente et un ans. J’ai connu la ligne quand il y avait encore des trains de marchandises tous les jours.")
    p2.addElement(LineBreak())
    p2.addText("Le talc de Luzenac, le bois, tout passait par le rail.")
    doc.text.addElement(p2)
    doc.text.addElement(P(text="Enquêtrice : Qu’est-ce qui vous manque le plus ?"))
    p4 = P()
    p4.addElement(Span(stylename=bold, text="Marcel :"))
    p4.addText(" Le bruit du train du matin, à 6 h 12. On réglait les montres dessus.")
    doc.text.addElement(p4)
    doc.meta.addElement(meta.CreationDate(text="2024-03-15T12:00:00"))
    doc.meta.addElement(dc.Date(text="2024-03-15T12:00:00"))
    doc.meta.addElement(dc.Creator(text="Léa Fontaine"))
    p = ROOT / "transcripts/interview.odt"
    doc.save(str(p))
    normalize_zip(p)
    d3 = odf_load(str(p))
    ps = [teletype.extractText(x) for x in d3.text.getElementsByType(P)]
    hs = [teletype.extractText(x) for x in d3.text.getElementsByType(H)]
    assert hs == ["Entretien avec Marcel, ancien cheminot – Tarascon-sur-Ariège"]
    assert len(ps) == 4 and [x.split(" :")[0] for x in ps] == ["Enquêtrice", "Marcel", "Enquêtrice", "Marcel"]
    assert ps[1].count("\n") == 1 and ps[3].startswith("Marcel : Le bruit")
    h0 = d3.text.getElementsByType(H)[0]
    assert str(h0.getAttribute("outlinelevel")) == "1"
    sp = d3.text.getElementsByType(Span)
    assert len(sp) == 1 and teletype.extractText(sp[0]) == "Marcel :"
    fact("transcripts/interview.odt",
         "odfpy: 1 heading (text:h level 1, `Entretien avec Marcel…`, no label) + 4 text:p turns: Enquêtrice, Marcel, Enquêtrice, Marcel (2 each). "
         "Turn 2 contains a <text:line-break/> (extractText gives one `\\n`). Turn 4's label `Marcel :` is inside a bold <text:span>.")
    return interview_docx_bytes


# =========================================================================== subtitles
def vtt_time(s):
    m = re.fullmatch(r"(?:(\d+):)?(\d\d):(\d\d)\.(\d\d\d)", s)
    if not m:
        return None
    h, mi, se, ms = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(se) + int(ms) / 1000


def build_subtitles():
    # ---------------------------------------------------------------- teams.vtt
    U = "9c1e7a52-4b0d-4f0e-8a61-3d2f5b7c9e10/"
    text = (
        "WEBVTT\n"
        "\n"
        "STYLE\n"
        "::cue(.yellow) {\n"
        "  color: yellow;\n"
        "}\n"
        "\n"
        "NOTE\n"
        "Export Microsoft Teams – réunion « Atelier mobilités » du 18 mars 2024.\n"
        "Transcription automatique, non relue.\n"
        "\n"
        f"{U}12-0\n00:00:03.120 --> 00:00:06.480\n<v Sophie Bernard>Bonjour à toutes et à tous, merci d’être là.</v>\n\n"
        f"{U}13-0\n00:00:06.480 --> 00:00:10.200\n<v Sophie Bernard>On commence par un tour de table rapide.</v>\n\n"
        f"{U}14-0\n00:00:11.040 --> 00:00:15.360\n<v Karim Haddad>Karim, je travaille à la communauté de communes,\nservice mobilité.</v>\n\n"
        f"{U}15-0\n00:00:15.360 --> 00:00:19.800\n<v Karim Haddad>Le transport à la demande, c’est <c.yellow>vraiment</c> <i>notre</i> gros dossier.</v>\n\n"
        f"{U}16-0\n00:00:19.800 --> 00:00:22.520\n<v Karim Haddad>On a doublé les réservations en un an.</v>\n\n"
        f"{U}17-0\n00:00:23.100 --> 00:00:27.940\n<v Élodie Vasseur>Élodie, je suis infirmière libérale à Massat.</v>\n\n"
        "NOTE Pause de deux minutes (problème de micro)\n\n"
        f"{U}20-0\n00:02:31.000 --> 00:02:34.560\n<v Sophie Bernard>On reprend. Élodie, vous disiez ?</v>\n\n"
        f"{U}21-0\n00:02:34.560 --> 00:02:37.200\n<v Sophie Bernard>Vous faites combien de visites par jour ?</v>\n\n"
        f"{U}22-0\n00:02:38.010 --> 00:02:42.750\n<v Élodie Vasseur>Une quinzaine, parfois vingt.\n\n"
        f"{U}23-0\n00:02:42.750 --> 00:02:47.300\n<v Élodie Vasseur>Sans voiture, ce serait tout simplement impossible.</v>\n\n"
        f"{U}24-0\n00:02:48.000 --> 00:02:51.400\n<v Karim Haddad>C’est pour ça qu’on réfléchit à des véhicules partagés.</v>\n\n"
        f"{U}25-0\n00:02:51.400 --> 00:02:55.000\n<v Karim Haddad>Mais il faut d’abord trouver un financement.</v>\n"
    )
    put("subtitles/teams.vtt", text.encode("utf-8"))
    blocks = text.strip("\n").split("\n\n")
    assert blocks[0] == "WEBVTT" and blocks[1].startswith("STYLE\n") and blocks[2].startswith("NOTE\n")
    cues = []
    for b in blocks:
        ls = b.split("\n")
        if len(ls) >= 2 and "-->" in ls[1]:
            a, z = ls[1].split(" --> ")
            payload = "\n".join(ls[2:])
            m = re.match(r"<v ([^>]+)>", payload)
            plain = re.sub(r"<[^>]+>", "", payload).replace("\n", " ")
            cues.append((ls[0], vtt_time(a), vtt_time(z), m.group(1), plain))
    assert len(cues) == 12 and all(c[0].startswith(U) for c in cues)
    assert all(c[1] < c[2] for c in cues) and all(cues[i][2] <= cues[i + 1][1] for i in range(11))
    spk = [c[3] for c in cues]
    turns = [s for i, s in enumerate(spk) if i == 0 or spk[i - 1] != s]
    assert turns == ["Sophie Bernard", "Karim Haddad", "Élodie Vasseur", "Sophie Bernard", "Élodie Vasseur", "Karim Haddad"]
    assert cues[3][4] == "Le transport à la demande, c’est vraiment notre gros dossier."
    assert cues[2][4] == "Karim, je travaille à la communauté de communes, service mobilité."
    assert "</v>" not in blocks[[i for i, b in enumerate(blocks) if b.startswith(U + "22-0")][0]]
    assert text.count("</v>") == 11 and text.count("NOTE") == 2
    assert [c[0].rsplit("/", 1)[1] for c in cues] == [f"{n}-0" for n in (12, 13, 14, 15, 16, 17, 20, 21, 22, 23, 24, 25)]
    assert cues[0][1] == 3.12 and cues[-1][2] == 175.0 and "NOTE Pause" in blocks[blocks.index(next(b for b in blocks if b.startswith(U + "17-0"))) + 1]
    fact("subtitles/teams.vtt",
         "UTF-8, LF. WEBVTT + STYLE block + multi-line NOTE block before cues, one-line `NOTE Pause…` between cues 6 and 7. 12 cues, ids `9c1e7a52-4b0d-4f0e-8a61-3d2f5b7c9e10/12-0`…`/17-0` then `/20-0`…`/25-0`, "
         "all `<v Nom>`: cues 1-2 Sophie Bernard, 3-5 Karim Haddad, 6 Élodie Vasseur, 7-8 Sophie Bernard, 9-10 Élodie Vasseur, 11-12 Karim Haddad "
         "→ 6 merged turns (2 per speaker), first 00:00:03.120, last ends 00:02:55.000. Cue 3 has 2 text lines; cue 4 = "
         "`Le transport à la demande, c’est <c.yellow>vraiment</c> <i>notre</i> gros dossier.` (plain: `…c’est vraiment notre gros dossier.`); cue 9 has no closing `</v>`.")

    # ---------------------------------------------------------------- prefix.vtt
    cue_list = [
        ("00:00:00.500", "00:00:03.000", "Animatrice: Bonjour, vous êtes bien Jean-Paul ?"),
        ("00:00:03.200", "00:00:05.000", "Jean-Paul: Oui, c’est moi."),
        ("00:00:05.000", "00:00:09.400", "Jean-Paul: J’ai vu l’annonce à la mairie de Saint-Lizier."),
        ("00:00:10.000", "00:00:13.500", "Animatrice: Parfait. Comment venez-vous au marché le samedi ?"),
        ("00:00:14.000", "00:00:17.000", "Jean-Paul: À pied quand il fait beau."),
        ("00:00:17.000", "00:00:20.800", "Jean-Paul: Sinon mon fils me dépose: il travaille à côté."),
        ("00:00:20.800", "00:00:24.000", "Jean-Paul: Et au retour, je prends le car de 12 h 15."),
        ("00:00:25.000", "00:00:27.500", "Animatrice: Merci beaucoup."),
    ]
    text = "WEBVTT\n\n" + "\n".join(f"{a} --> {z}\n{t}\n" for a, z, t in cue_list)
    put("subtitles/prefix.vtt", text.encode("utf-8"))
    blocks = text.strip("\n").split("\n\n")
    assert len(blocks) == 9 and all(len(b.split("\n")) == 2 for b in blocks[1:])
    spk = [b.split("\n")[1].split(":")[0] for b in blocks[1:]]
    assert spk == ["Animatrice", "Jean-Paul", "Jean-Paul", "Animatrice", "Jean-Paul", "Jean-Paul", "Jean-Paul", "Animatrice"]
    assert blocks[6].split("\n")[1] == "Jean-Paul: Sinon mon fils me dépose: il travaille à côté."
    fact("subtitles/prefix.vtt",
         "UTF-8, LF, WEBVTT, 8 cues without ids, each text prefixed `Nom: ` (no space before colon): Animatrice ×3 (cues 1,4,8), Jean-Paul ×5 (cues 2,3,5,6,7) "
         "→ 5 merged turns A | J(2-3) | A | J(5-7) | A. Cue 6 text `Jean-Paul: Sinon mon fils me dépose: il travaille à côté.` has a 2nd colon (only the first is the label).")

    # ---------------------------------------------------------------- broken.vtt
    lines = [
        "WEBVTT",                                              # 1
        "",
        "00:00:01.000 --> 00:00:04.000",                       # 3  cue 1 ok
        "Bonjour, on commence l’enregistrement.",
        "",
        "00:00:04.500 --> 00:00:08.000",                       # 6  cue 2 ok
        "Merci d’être venus ce soir.",
        "",
        "00:01:xx.000 --> 00:01:05.000",                       # 9  cue 3 malformed timing
        "Cette phrase a un horodatage cassé.",
        "",
        "00:01:06.000 --> 00:01:09.000",                       # 12 cue 4 no text
        "",
        "00:01:10.000 --> 00:01:08.000",                       # 14 cue 5 end < start
        "Ici la fin précède le début.",
        "",
        "00:01:12.000 --> 00:01:15.000",                       # 17 cue 6 (no blank line after)
        "Première phrase collée.",
        "00:01:15.500 --> 00:01:18.000",                       # 19 cue 7
        "Deuxième phrase collée.",
        "",
        "00:01:20.000 --> 00:01:24.000",                       # 22 cue 8 ok
        "On s’arrête là, merci.",
    ]
    text = "\n".join(lines) + "\n"
    put("subtitles/broken.vtt", text.encode("utf-8"))
    tl = [(n, l) for n, l in enumerate(text.split("\n"), 1) if "-->" in l]
    assert [n for n, _ in tl] == [3, 6, 9, 12, 14, 17, 19, 22]
    parsed = {n: [vtt_time(x) for x in l.split(" --> ")] for n, l in tl}
    assert parsed[9][0] is None and all(v is not None for n, l in parsed.items() if n != 9 for v in l)
    assert parsed[14][1] < parsed[14][0] and lines[12] == "" and lines[11 + 2 - 1] == ""
    assert lines[17] == "Première phrase collée." and lines[18].startswith("00:01:15.500") and lines[19] == "Deuxième phrase collée."
    assert len(lines) == 23 and lines[9] == "Cette phrase a un horodatage cassé." and lines[22] == "On s’arrête là, merci."
    fact("subtitles/broken.vtt",
         "UTF-8, LF, starts `WEBVTT`, 23 lines, 8 cues, no ids; timing lines at 3,6,9,12,14,17,19,22. Bad: line 9 `00:01:xx.000 --> 00:01:05.000` (malformed, cue 3, text line 10); "
         "line 12 `00:01:06.000 --> 00:01:09.000` followed by a blank line (cue 4, no text); line 14 `00:01:10.000 --> 00:01:08.000` (end < start, cue 5); "
         "lines 17 & 19: cue 6 (text line 18 `Première phrase collée.`) and cue 7 (text line 20 `Deuxième phrase collée.`) with no blank line between. "
         "Fully valid: cues 1 (line 3), 2 (line 6), 8 (line 22, `On s’arrête là, merci.`).")

    # ---------------------------------------------------------------- no_header.vtt
    text = (
        "00:01.000 --> 00:04.200\n"
        "Bienvenue à cette réunion publique sur le plan de mobilité.\n"
        "\n"
        "00:04.200 --> 00:08.000\n"
        "Nous allons d’abord présenter le diagnostic.\n"
        "\n"
        "00:00:08.500 --> 00:00:12.000\n"
        "Ensuite, la parole sera à la salle.\n"
        "\n"
        "00:00:12.000 --> 00:00:15.500\n"
        "Merci de vous présenter avant de parler.\n"
    )
    put("subtitles/no_header.vtt", text.encode("utf-8"))
    tl = [l for l in text.split("\n") if "-->" in l]
    assert len(tl) == 4 and all(vtt_time(x) is not None for l in tl for x in l.split(" --> ")) and "WEBVTT" not in text
    assert [[vtt_time(x) for x in l.split(" --> ")] for l in tl] == [[1.0, 4.2], [4.2, 8.0], [8.5, 12.0], [12.0, 15.5]]
    fact("subtitles/no_header.vtt",
         "UTF-8, LF, NO `WEBVTT` line (line 1 = `00:01.000 --> 00:04.200`). 4 valid cues, no ids, no speakers; cues 1-2 use short `mm:ss.ttt` "
         "(valid WebVTT), cues 3-4 `hh:mm:ss.ttt`; 1.0-4.2 s, 4.2-8.0, 8.5-12.0, 12.0-15.5.")

    # ---------------------------------------------------------------- standard.srt
    srt = [
        ("00:00:01,000", "00:00:04,000", "Animateur : Bonsoir et bienvenue à cette table ronde."),
        ("00:00:04,000", "00:00:07,500", "Ce soir, on parle des déplacements\nentre les villages du Couserans."),
        ("00:00:07,500", "00:00:10,000", "Brigitte, vous êtes maire d’Aulus ?"),
        ("00:00:10,500", "00:00:13,000", "Brigitte : Oui, depuis 2020."),
        ("00:00:13,000", "00:00:17,200", "Notre commune compte <i>moins de deux cents</i> habitants l’hiver."),
        ("00:00:17,200", "00:00:20,000", "L’été, c’est dix fois plus."),
        ("00:00:21,000", "00:00:24,000", "Animateur : Et comment se déplacent-ils ?"),
        ("00:00:24,000", "00:00:26,500", "Les touristes comme les habitants ?"),
        ("00:00:27,000", "00:00:31,000", "Brigitte : En voiture, à 95 %."),
        ("00:00:31,000", "00:00:35,000", "On a essayé une navette l’été dernier : ça a plutôt bien marché."),
    ]
    text = "\n".join(f"{i}\n{a} --> {z}\n{t}\n" for i, (a, z, t) in enumerate(srt, 1))
    put("subtitles/standard.srt", text.encode("utf-8"))
    blocks = text.strip("\n").split("\n\n")
    assert len(blocks) == 10 and [b.split("\n")[0] for b in blocks] == [str(i) for i in range(1, 11)]
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d", b.split("\n")[1]) for b in blocks)
    starts = [i for i, b in enumerate(blocks, 1) if re.match(r"^(Animateur|Brigitte) : ", b.split("\n")[2])]
    assert starts == [1, 4, 7, 9]
    assert len(blocks[1].split("\n")) == 4 and "<i>moins de deux cents</i>" in blocks[4] and blocks[2].split("\n")[2].startswith("Brigitte, ")
    assert " : " in blocks[9] and blocks[0].split("\n")[1].startswith("00:00:01,000") and blocks[9].split("\n")[1].endswith("00:00:35,000")
    fact("subtitles/standard.srt",
         "UTF-8, LF, 10 cues indexed 1-10, `hh:mm:ss,mmm` timings (00:00:01,000 → 00:00:35,000). Label `Nom : ` only on the first cue of each turn: "
         "4 turns Animateur (cues 1-3), Brigitte (4-6), Animateur (7-8), Brigitte (9-10). Cue 2 has 2 text lines; cue 5 has `<i>moins de deux cents</i>`; "
         "cue 3 starts `Brigitte, vous…` (vocative, not a label); cue 10 has a mid-line ` : `.")

    # ---------------------------------------------------------------- broken.srt
    lines = [
        "1", "00:00:01,000 --> 00:00:03,500", "Bonjour à tous.", "",
        "deux", "00:00:04,000 --> 00:00:06,000", "Cette réplique a un index non numérique.", "",
        "3", "00:00:06,500 --> 00:00:09,000", "Ensuite tout va bien.", "",
        "4", "00:00:09,500 -> 00:00:12,000", "Ici la flèche du minutage est cassée.", "",
        "5", "00:00:12,500 --> 00:00:15,000", "Et on termine normalement.",
    ]
    text = "\n".join(lines) + "\n"
    put("subtitles/broken.srt", text.encode("utf-8"))
    L = text.split("\n")
    assert L[4] == "deux" and L[13] == "00:00:09,500 -> 00:00:12,000" and "-->" not in L[13] and len(lines) == 19 and L[12] == "4"
    good = re.compile(r"\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d")
    assert [n for n, l in enumerate(L, 1) if good.fullmatch(l)] == [2, 6, 10, 18]
    fact("subtitles/broken.srt",
         "UTF-8, LF, 5 cue blocks (19 lines). Bad: block 2 index line 5 = `deux` (timing line 6 is fine, text `Cette réplique a un index non numérique.`); "
         "block 4 (index 4, line 13) timing line 14 = `00:00:09,500 -> 00:00:12,000` (single-dash arrow). Valid: cues 1 (lines 1-3), 3 (lines 9-11), 5 (lines 17-19).")


# =========================================================================== junk
def build_junk(docx_bytes):
    raw = docx_bytes[:300]
    p = put("junk/corrupt.docx", raw)
    assert len(raw) == 300 and raw[:4] == b"PK\x03\x04" and not zipfile.is_zipfile(p)
    try:
        docx.Document(str(p))
        raise AssertionError("corrupt.docx opened")
    except AssertionError:
        raise
    except Exception:
        pass
    fact("junk/corrupt.docx", "300 bytes = first 300 bytes of transcripts/interview.docx; starts `PK\\x03\\x04`, zipfile.is_zipfile() False, python-docx raises.")

    rnd = random.Random(404)
    data = bytearray(int(rnd.random() * 256) for _ in range(2048))
    for i in range(0, 2048, 61):
        data[i] = 0
    raw = bytes(data)
    put("junk/binary.txt", raw)
    assert len(raw) == 2048 and raw.count(0) >= 34 and not_utf8(raw) and raw[0] == 0
    fact("junk/binary.txt", f"2048 random bytes (seeded), {raw.count(0)} NUL bytes (first byte is NUL), not UTF-8 decodable.")

    put("junk/empty.txt", b"")
    fact("junk/empty.txt", "0 bytes.")
    raw = b"   \n\n\t\n  \t  \n\n"
    put("junk/blank.md", raw)
    assert raw.strip() == b"" and len(raw) == 14 and raw.count(b"\n") == 5
    fact("junk/blank.md", "14 bytes, only spaces/tabs/newlines (5 `\\n`); strip() == ''.")

    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % x for x in offs)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    raw = bytes(out)
    put("junk/scan.pdf", raw)
    assert raw.startswith(b"%PDF-1.4") and raw.endswith(b"%%EOF\n") and b"/Contents" not in raw
    fact("junk/scan.pdf", f"{len(raw)} bytes, `%PDF-1.4` header, one empty A4 page, no content stream → no extractable text (like an image-only scan).")

    raw = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    put("junk/old_word.doc", raw)
    assert raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and len(raw) == 32
    fact("junk/old_word.doc", "32 bytes starting with OLE2 signature D0 CF 11 E0 A1 B1 1A E1 (legacy .doc; truncated, unreadable).")

    raw = b"\x00\x00\x00\x01Bud1" + bytes(range(0, 256, 8)) + b"\x00" * 24 + b"\x00\x00\x00\x0bDSDB\x00\x00\x00\x01"
    put("junk/.DS_Store", raw)
    assert raw[4:8] == b"Bud1"
    fact("junk/.DS_Store", f"{len(raw)} bytes of macOS Finder junk (`\\x00\\x00\\x00\\x01Bud1` header); hidden file, should be ignored.")

    name = "Paul Segur"
    raw = bytes([len(name)]) + name.encode("ascii")
    raw += b"\x00" * (54 - len(raw))
    raw += bytes([len(name), 0]) + "Paul Ségur".encode("utf-16-le")
    raw += b"\x00" * (162 - len(raw))
    put("junk/~$interview.docx", raw)
    assert len(raw) == 162 and not zipfile.is_zipfile(ROOT / "junk/~$interview.docx")
    fact("junk/~$interview.docx", "162 bytes, Word owner/lock file (length byte + `Paul Segur` ASCII, then UTF-16 name, NUL padding); .docx extension but not a zip.")

    raw = "Identifiant;Contribution\r\n1;Ce fichier est un CSV renommé en .xlsx\r\n".encode("utf-8")
    p = put("junk/fake.xlsx", raw)
    assert not zipfile.is_zipfile(p)
    try:
        openpyxl.load_workbook(p)
        raise AssertionError("fake.xlsx opened")
    except AssertionError:
        raise
    except Exception:
        pass
    fact("junk/fake.xlsx", f"{len(raw)} bytes of UTF-8 text (a `;` CSV renamed .xlsx), not a zip; openpyxl raises.")


# =========================================================================== README
ORDER = [
    "tables/excel_fr.csv", "tables/utf8_bom.csv", "tables/tab.tsv", "tables/excel_unicode.csv", "tables/ragged.csv",
    "tables/latin1_only.csv", "tables/contributions.xlsx", "tables/contributions.ods", "tables/contributions.json",
    "tables/wrapped.json", "tables/contributions.jsonl",
    "transcripts/colon_labels.txt", "transcripts/qr.txt", "transcripts/upper.txt", "transcripts/bracket_time.txt",
    "transcripts/paren_time.txt", "transcripts/visio.txt", "transcripts/crlf_cp1252.txt", "transcripts/markdown_bold.md",
    "transcripts/notes.md", "transcripts/huge_turn.txt", "transcripts/interview.docx", "transcripts/interview.odt",
    "subtitles/teams.vtt", "subtitles/prefix.vtt", "subtitles/broken.vtt", "subtitles/no_header.vtt",
    "subtitles/standard.srt", "subtitles/broken.srt",
    "junk/corrupt.docx", "junk/binary.txt", "junk/empty.txt", "junk/blank.md", "junk/scan.pdf", "junk/old_word.doc",
    "junk/.DS_Store", "junk/~$interview.docx", "junk/fake.xlsx",
]


def write_readme():
    assert sorted(ORDER) == sorted(README), set(ORDER) ^ set(README)
    for rel in ORDER:
        assert (ROOT / rel).exists()
        if rel != "transcripts/huge_turn.txt":
            assert (ROOT / rel).stat().st_size < 30 * 1024, rel
    head = [
        "# labsynth test fixtures",
        "",
        "Generated by `build_fixtures.py` (run `/tmp/v1/bin/python tests/data/build_fixtures.py`; deterministic, every fact below is asserted there). "
        "French, invented people. \"Row N\" = spreadsheet row with header = row 1; \"line N\" = 1-based physical line. Text files are UTF-8/LF unless stated.",
        "",
    ]
    body = [f"- `{rel}`: {README[rel]}" for rel in ORDER]
    text = "\n".join(head + body) + "\n"
    assert len(text.split("\n")) < 90
    (ROOT / "README.md").write_text(text, encoding="utf-8")


def main():
    build_tables()
    docx_bytes = build_transcripts()
    build_subtitles()
    build_junk(docx_bytes)
    write_readme()
    print(f"OK: {len(README)} fixtures + README.md written under {ROOT}")


if __name__ == "__main__":
    main()
