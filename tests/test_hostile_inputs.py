"""Big and hostile inputs (issue 13): each defect the fuzz run found, reproduced small.

Every case is read or refused with a coded French reason naming the file; none stops the
corpus, none takes time out of proportion to what it holds.
"""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
import zlib

import openpyxl
import pandas as pd
import pytest

from labsynth.corpus import read_corpus
from labsynth.errors import CorpusError
from labsynth.export import write_table, write_workbook
from labsynth.ingest import read_file
from labsynth.ingest.tables import table_columns
from labsynth.ingest.turns import find_turns
from labsynth.project import FileSettings, Limits

CSV = ("id;texte;profil\n1;Plus de bus le soir;lycéen\n2;Un local pour les jeunes;apprenti\n"
       "3;Des stages plus faciles à trouver;étudiant\n")


def codes(corpus) -> dict[str, str]:
    return {f.path: (f.status, f.reason[:0]) and f.status for f in corpus.files}


def refusal(corpus, path: str) -> CorpusError:
    return next(r for r in corpus.refusals if r.path == path)


# --- names, folders, special files ---------------------------------------------------------

def test_name_that_is_not_utf8_is_read_and_shown(make_project):
    root = make_project({"notes.md": "# Atelier\n\nLe bus passe trop tôt."})
    os.rename(root / "raw" / "notes.md", os.fsencode(root / "raw") + b"/entretien_\xe9t\xe9.txt")
    corpus = read_corpus(root)
    assert [(f.path, f.status) for f in corpus.files] == [("entretien_été.txt", "read")]
    assert [w.code for w in corpus.warnings] == ["LS267"]
    corpus.segments.to_parquet(io.BytesIO())  # used to fail: surrogates not allowed


def test_unreadable_subfolder_is_refused_by_name(make_project, monkeypatch):
    root = make_project({"a.txt": "Bonjour.", "prive/b.txt": "Secret."})
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("prive"):
            raise PermissionError(13, "Permission non accordée", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    corpus = read_corpus(root)
    status = {f.path: f.status for f in corpus.files}
    assert status == {"a.txt": "read", "prive/": "refused"}
    assert refusal(corpus, "prive/").code == "LS250"


def test_fifo_and_device_are_refused_without_being_opened(make_project):
    root = make_project({"a.txt": "Bonjour."})
    os.mkfifo(root / "raw" / "tube.txt")
    (root / "raw" / "zero.txt").symlink_to("/dev/zero")
    (root / "raw" / "boucle.txt").symlink_to(root / "raw" / "boucle.txt")
    start = time.perf_counter()
    corpus = read_corpus(root)
    assert time.perf_counter() - start < 10
    assert refusal(corpus, "tube.txt").code == "LS252"
    assert refusal(corpus, "zero.txt").code == "LS253"
    assert refusal(corpus, "boucle.txt").code == "LS251"


def test_file_above_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "gros.txt"
    path.write_text("Bonjour. " * 200_000, encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_file(path, "gros.txt", FileSettings(limits=Limits(max_file_bytes=2**20)))
    assert info.value.code == "LS256" and "Mo" in info.value.reason


def test_zip_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (40 * 2**20))
    assert path.stat().st_size < 2**20
    with pytest.raises(CorpusError) as info:
        read_file(path, "bombe.docx", FileSettings())
    assert info.value.code == "LS257" and "bombe de décompression" in info.value.reason


# --- encodings ------------------------------------------------------------------------------

def test_utf16_without_bom_and_form_feed_are_text(tmp_path):
    text = "Q : Tu viens comment ?\nLéa : En car, c’est long.\nQ : Et le soir ?\nLéa : Rien.\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        (doc,) = read_file(path, path.name, FileSettings()).documents
        assert doc.text == text
    path = tmp_path / "pages.txt"
    path.write_text("Première page.\fDeuxième page.\n", encoding="utf-8")
    assert read_file(path, path.name, FileSettings()).documents[0].text.startswith("Première")


# --- speaker turns --------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda n: " " * n + "x\nLéa : a\nLéa : b\n",
    lambda n: "Léa" + " " * n + "x\nLéa : a\nLéa : b\n",
    lambda n: "\t" * n + "- " + " " * n + "**" + " " * n + "x\n",
    lambda n: "Claire Vidal" + " " * n + "x\n",
])
def test_turn_detection_is_linear_in_runs_of_spaces(make):
    start = time.perf_counter()
    find_turns(make(200_000))  # 20,000 spaces used to take 64 s
    assert time.perf_counter() - start < 2


def test_file_of_speaker_labels_only_is_refused(make_project):
    corpus = read_corpus(make_project({"vide.txt": "Q :\nLéa :\nQ :\nLéa :\n"}))
    assert refusal(corpus, "vide.txt").code == "LS214"


def test_empty_turn_is_reported_and_accounted(make_project):
    corpus = read_corpus(make_project(
        {"e.txt": "Q : Ça va ?\nLéa :\nQ : Et le bus ?\nLéa : Trop rare.\n"}))
    assert [w.code for w in corpus.warnings] == ["LS213"]
    (report,) = corpus.files
    assert report.chars_accounted and report.n_chars_reported == 4


def test_odt_space_run_of_a_hundred_million_is_shortened(tmp_path):
    from odf import text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    first = text.P(text="Léa :")
    first.addElement(text.S(c=100_000_000))
    first.addText("bonjour")
    document.text.addElement(first)
    document.text.addElement(text.P(text="Léa : au revoir"))
    path = tmp_path / "espaces.odt"
    document.save(str(path))
    start = time.perf_counter()
    (doc,) = read_file(path, path.name, FileSettings()).documents
    assert time.perf_counter() - start < 5 and len(doc.text) < 2000


# --- tables ---------------------------------------------------------------------------------

def test_a_longer_data_row_never_replaces_the_header(tmp_path):
    path = tmp_path / "virgules.csv"
    path.write_text("id,texte,profil\n1,Plus de bus,lycéen\n2,Un local,apprenti\n"
                    "3,Du bus, du train, des vélos, des cars, partout,étudiant\n"
                    "4,Des stages,apprenti\n", encoding="utf-8")
    result = read_file(path, path.name, FileSettings())
    assert [d.row for d in result.documents] == [2, 3, 5]
    assert [(r.code, r.line) for r in result.refusals] == [("LS231", 4)]
    assert not result.warnings  # the real header is not a « title line »
    tsv = tmp_path / "t.tsv"
    tsv.write_text("id\ttexte\n1\tBus\n2\tLocal\tlà\tet\tlà\n3\tStages\n", encoding="utf-8")
    assert [d.row for d in read_file(tsv, tsv.name, FileSettings()).documents] == [2, 4]


def test_one_huge_cell_does_not_refuse_the_file(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(CSV + f"4;{'Une très longue contribution. ' * 10_000};élu\n",
                    encoding="utf-8")
    result = read_file(path, path.name, FileSettings())
    assert len(result.documents) == 4 and not result.refusals
    assert len(result.documents[-1].text) > 131_072


def test_quote_open_at_the_end_keeps_the_rows_above(tmp_path):
    path = tmp_path / "guillemet.csv"
    path.write_text(CSV + '4;"Pas de fin\n5;rien\n', encoding="utf-8")
    result = read_file(path, path.name, FileSettings())
    assert len(result.documents) == 4 and result.documents[-1].text == "Pas de fin\n5;rien\n"
    assert result.n_rows == result.n_header_rows + 4 + result.skipped_empty


def test_json_big_integer_and_deep_nesting(tmp_path):
    big = tmp_path / "grand.json"
    big.write_text('[{"id": ' + "7" * 5000 + ', "texte": "Plus de bus"}]', encoding="utf-8")
    (doc,) = read_file(big, big.name, FileSettings()).documents
    assert doc.doc_id.endswith("7" * 5000)
    deep = tmp_path / "profond.json"
    deep.write_text('[{"texte": ' + "[" * 5000 + "]" * 5000 + "}]", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_file(deep, deep.name, FileSettings())
    assert info.value.code == "LS261"


def test_json_lone_surrogate_is_replaced_with_a_warning(tmp_path):
    path = tmp_path / "moitie.json"
    path.write_text('[{"id": 1, "texte": "Bus \\ud83d trop rare"}]', encoding="utf-8")
    result = read_file(path, path.name, FileSettings())
    assert result.documents[0].text == "Bus \ufffd trop rare"
    assert [w.code for w in result.warnings] == ["LS263"]


def _workbook(tmp_path, name: str, fill) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    fill(book)
    path = tmp_path / name
    book.save(path)
    return path


def test_xlsx_chart_sheet_first_is_skipped(tmp_path):
    def fill(book):
        data = book.active
        data.title = "Données"
        for row in (["id", "texte"], [1, "Plus de bus"], [2, "Un local"]):
            data.append(row)
        chart = book.create_chartsheet("Graphique", 0)
        chart.add_chart(openpyxl.chart.BarChart())

    path = _workbook(tmp_path, "graphique.xlsx", fill)
    assert len(read_file(path, path.name, FileSettings()).documents) == 2
    with pytest.raises(CorpusError) as info:
        read_file(path, path.name, FileSettings(sheet="Graphique"))
    assert info.value.code == "LS258"


def test_xlsx_with_dates_booleans_errors_accounts_every_row(tmp_path):
    import datetime as dt

    def fill(book):
        sheet = book.active
        sheet.append(["id", "texte", "date", "ok", "note"])
        for i in range(16):
            sheet.append([i, f"Contribution {i}", dt.datetime(2025, 3, 1 + i % 28), i % 2 == 0,
                          "#N/A" if i % 5 == 0 else 1.5 * i])

    path = _workbook(tmp_path, "types.xlsx", fill)
    result = read_file(path, path.name, FileSettings())
    assert result.n_rows == 17 == result.n_header_rows + len(result.documents) + len(
        result.refusals) + result.skipped_empty


def test_xlsx_dimension_is_not_trusted(tmp_path):
    def fill(book):
        sheet = book.active
        sheet.append(["id", "texte"])
        for i in range(3000):
            sheet.append([i, f"Contribution numéro {i}"])

    path = _workbook(tmp_path, "dimension.xlsx", fill)
    liar = tmp_path / "menteur.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(liar, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B3001"/>',
                                    b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            target.writestr(item, data)
    start = time.perf_counter()
    result = read_file(liar, liar.name, FileSettings())
    assert time.perf_counter() - start < 10  # 28 s before
    assert len(result.documents) == 3000 and result.n_rows == 3001


def _ods(path, rows_xml: str) -> None:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Export">'
               f'{rows_xml}</table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)


def _row(*cells: str, repeat: int = 1) -> str:
    body = "".join(f"<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p>"
                   "</table:table-cell>" for c in cells)
    return f'<table:table-row table:number-rows-repeated="{repeat}">{body}</table:table-row>'


def test_ods_repeated_cells_expand_only_as_far_as_content(tmp_path):
    path = tmp_path / "repete.ods"
    wide = ('<table:table-row><table:table-cell table:number-columns-repeated="5000000" '
            'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    trailing = ('<table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
                '</table:table-row>')
    _ods(path, _row("id", "texte") + _row("1", "Plus de bus") + wide + trailing
         + _row("2", "Un local") + _row(repeat=1_000_000))
    start = time.perf_counter()
    result = read_file(path, path.name, FileSettings())
    assert time.perf_counter() - start < 5
    assert [d.row for d in result.documents] == [2, 5]
    assert [(r.code, r.line) for r in result.refusals] == [("LS264", 3)]
    assert result.n_rows == 5 and result.skipped_empty == 1


# --- outputs --------------------------------------------------------------------------------

def test_control_byte_in_a_cell_is_reported_and_every_writer_cleans_it(make_project, tmp_path):
    root = make_project({"avis.csv": CSV.replace("lycéen", "Je\x02ne actif")})
    corpus = read_corpus(root)
    assert [w.code for w in corpus.warnings] == ["LS266"]
    segments = corpus.segments
    cross = pd.crosstab(segments["profil"], segments["kind"]).T.reset_index()
    write_workbook({"segments": segments, "croisement": cross}, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    headers = [c.value for c in book["croisement"][1]]
    assert "Je\ufffdne actif" in headers
    write_table(segments, tmp_path / "s.csv")
    assert "\x02" not in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    from labsynth.pages import _ENV

    assert "\x02" not in _ENV.from_string("<p>{{ v }}</p>").render(v="Je\x02ne")


def test_themes_of_a_json_table_keeps_the_keys_as_header(tmp_path):
    path = tmp_path / "avis.json"
    path.write_text(json.dumps([{"id": i, "texte": f"Avis {i}"} for i in range(3)]),
                    encoding="utf-8")
    header, numbers, columns, _, _ = table_columns(path, path.name, FileSettings())
    assert header == ["id", "texte"] and numbers == [1, 2, 3]
    assert columns == [["0", "1", "2"], ["Avis 0", "Avis 1", "Avis 2"]]


def test_damaged_compressed_data_in_xlsx_is_refused_with_its_reason(tmp_path):
    def fill(book):
        sheet = book.active
        sheet.append(["id", "texte"])
        for i in range(2000):
            sheet.append([i, f"Contribution numéro {i} " * 5])

    path = _workbook(tmp_path, "abime.xlsx", fill)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle:middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with pytest.raises(CorpusError) as info_:
        read_file(path, path.name, FileSettings())
    assert info_.value.code in {"LS259", "LS204"} and info_.value.code != "LS299"
    assert zlib  # the error comes from zlib or zipfile's CRC check, never a traceback
