"""Tables of contributions (csv, tsv, xlsx, ods, json, jsonl): one document per row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from labsynth.errors import CorpusError
from labsynth.ingest import read_file
from labsynth.ingest.tables import cell_text, parse_date
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


def read_tmp(path: Path, **settings):
    return read_file(path, path.name, FileSettings(**settings))


def codes(errors) -> list[tuple[str, int | None]]:
    return [(e.code, e.line) for e in errors]


def by_id(result) -> dict:
    return {d.doc_id.rsplit(":", 1)[1]: d for d in result.documents}


# --- excel_fr.csv: cp1252, `;`, CRLF, multi-line cell, quotes, empty row -----------------

EXCEL_FR = "tables/excel_fr.csv"


def test_excel_fr_documents_ids_and_rows():
    result = read(EXCEL_FR)
    ids = [f"C-{i:03d}" for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12)]
    assert [d.doc_id for d in result.documents] == [f"{EXCEL_FR}:{i}" for i in ids]
    assert [d.row for d in result.documents] == [2, 3, 4, 5, 6, 8, 9, 11, 12, 13, 14]
    assert all(d.path == EXCEL_FR and d.kind == "contribution" for d in result.documents)
    assert all(d.turns is None for d in result.documents)


def test_excel_fr_refusals_warnings_and_empty_row():
    result = read(EXCEL_FR)
    assert codes(result.refusals) == [("LS232", 10)]
    assert result.refusals[0].path == EXCEL_FR
    assert codes(result.warnings) == [("LS234", 9)]
    assert "bientôt" in result.warnings[0].reason
    assert result.skipped_empty == 1


def test_excel_fr_multiline_cell_kept_whole():
    doc = by_id(read(EXCEL_FR))["C-002"]
    assert doc.text == (
        "Trois propositions :\n"
        "- rouvrir la ligne Foix – Saint-Girons\n"
        "- un transport à la demande le mercredi\n"
        "- des parkings relais près des gares"
    )
    assert "\r" not in doc.text


def test_excel_fr_quotes_and_semicolon_in_cell():
    doc = by_id(read(EXCEL_FR))["C-003"]
    assert doc.text == ('Le "plan vélo" est une bonne idée ; mais sans pistes sécurisées, '
                        "personne ne s'y risquera.")


def test_excel_fr_cp1252_typography():
    doc = by_id(read(EXCEL_FR))["C-004"]
    assert doc.text == ("Je paie 4,80 € l’aller-retour… c’est cher pour un « petit » trajet. "
                        "J’ai le cœur serré quand je vois le car vide.")


def test_excel_fr_dates_authors_and_metadata():
    docs = by_id(read(EXCEL_FR))
    assert docs["C-001"].date == "2024-03-04T09:15"
    assert docs["C-002"].date == "2024-03-04T10:42"
    assert docs["C-012"].date == "2024-03-10T20:18"
    assert docs["C-007"].date is None  # `bientôt`: warned, row kept
    assert docs["C-007"].text == "Les livraisons en centre-bourg bloquent la rue le samedi matin."
    assert docs["C-001"].author == "Camille Durand"
    assert docs["C-002"].author == "Jean-Marc Lefèvre"
    assert docs["C-001"].metadata == {
        "Profil": "Habitant", "Tranche d'âge": "35-49", "Département": "Ariège"}
    assert docs["C-006"].metadata["Département"] is None
    assert docs["C-005"].metadata["Profil"] == "Étudiant"


# --- utf8_bom.csv ---------------------------------------------------------------------------

def test_utf8_bom_csv():
    rel = "tables/utf8_bom.csv"
    result = read(rel)
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in range(1, 7)]
    assert [d.row for d in result.documents] == [2, 3, 4, 5, 6, 7]
    assert result.refusals == [] and result.warnings == [] and result.skipped_empty == 0
    assert result.documents[1].text == "Oui, mais seulement en semaine"
    assert result.documents[0].text == "Plus de navettes vers la gare de Foix"
    assert [d.metadata for d in result.documents] == [
        {"profil": p} for p in ("habitant", "élu", "retraité", "agriculteur", "association",
                                "parent d’élève")]


# --- tab.tsv ----------------------------------------------------------------------------------

def test_tab_tsv():
    rel = "tables/tab.tsv"
    result = read(rel)
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in range(1, 6)]
    assert [d.row for d in result.documents] == [2, 3, 4, 5, 6]
    assert result.refusals == [] and result.skipped_empty == 0
    docs = by_id(result)
    assert docs["2"].text == "Je télétravaille deux jours ; le reste du temps, voiture."
    assert docs["3"].text == 'Le car "de 7 h" ne s’arrête plus au lavoir.'
    assert [d.metadata["commune"] for d in result.documents] == [
        "Foix", "Saint-Girons", "Lavelanet", "Pamiers", "Tarascon-sur-Ariège"]


# --- excel_unicode.csv: UTF-16 ---------------------------------------------------------------

def test_excel_unicode_utf16_with_emoji():
    rel = "tables/excel_unicode.csv"
    result = read(rel)
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in range(1, 5)]
    assert [d.row for d in result.documents] == [2, 3, 4, 5]
    assert result.refusals == [] and result.skipped_empty == 0
    assert result.documents[0].text == "Je viens travailler en 🚲 tous les jours, même l’hiver."
    assert "\U0001f6b2" in result.documents[0].text
    assert [d.metadata for d in result.documents] == [
        {"profil": p} for p in ("habitant", "association", "étudiant", "retraité")]


# --- ragged.csv -------------------------------------------------------------------------------

def test_ragged_csv_too_many_cells_refused_short_row_kept():
    rel = "tables/ragged.csv"
    result = read(rel)
    assert codes(result.refusals) == [("LS231", 4)]
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in (1, 2, 4, 5, 6)]
    assert [d.row for d in result.documents] == [2, 3, 5, 6, 7]
    docs = by_id(result)
    assert docs["5"].text == "Rien à ajouter"
    assert docs["5"].metadata == {"profil": None}
    assert docs["4"].metadata == {"profil": "étudiant"}
    assert result.skipped_empty == 0


# --- latin1_only.csv --------------------------------------------------------------------------

def test_latin1_only_csv():
    rel = "tables/latin1_only.csv"
    result = read(rel)
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in (1, 2, 3)]
    assert result.documents[0].text == "Très bien, ça évite de prendre la voiture"
    assert result.documents[2].text.startswith("À ")
    assert [d.metadata["commune"] for d in result.documents] == ["Foix", "Pamiers", "Mirepoix"]
    assert result.refusals == []


# --- contributions.xlsx / .ods ----------------------------------------------------------------

@pytest.mark.parametrize("rel", ["tables/contributions.xlsx", "tables/contributions.ods"])
def test_spreadsheet_rows(rel):
    result = read(rel)
    ids = ["KL-01", "KL-02", "KL-03", "KL-05", "KL-06", "KL-07", "KL-08"]
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in ids]
    assert [d.row for d in result.documents] == [2, 3, 4, 7, 8, 9, 10]
    assert codes(result.refusals) == [("LS232", 5)]
    assert result.warnings == []
    assert result.skipped_empty == 1


@pytest.mark.parametrize("rel", ["tables/contributions.xlsx", "tables/contributions.ods"])
def test_spreadsheet_cells(rel):
    docs = by_id(read(rel))
    assert docs["KL-01"].text == "Un bus toutes les heures, même le samedi."
    assert docs["KL-01"].date == "2024-03-04T09:15"
    assert docs["KL-02"].date == "2024-03-04T11:30"
    assert docs["KL-05"].date == "2024-03-06T10:00"
    assert docs["KL-05"].text == "42"
    assert docs["KL-03"].text == ("Sécuriser la voie verte entre Foix et Saint-Girons.\n"
                                  "Ajouter de l’éclairage.")
    assert docs["KL-08"].text == "Merci pour cette consultation 🙂"
    assert docs["KL-01"].metadata == {"Profil": "Habitant", "Département": "Ariège"}
    assert docs["KL-07"].metadata == {"Profil": "Commerçant",
                                      "Département": "Pyrénées-Orientales"}
    assert all(d.kind == "contribution" and d.author is None for d in docs.values())


def test_xlsx_named_sheet_missing_is_refused():
    with pytest.raises(CorpusError) as info:
        read("tables/contributions.xlsx", sheet="Absente")
    assert info.value.code == "LS236"


def test_xlsx_other_sheet_can_be_chosen():
    result = read("tables/contributions.xlsx", sheet="Notes")
    assert [d.text for d in result.documents] == [
        "Export du 10/03/2024 depuis la plateforme de consultation",
        "Colonne Auteur supprimée (RGPD)",
        "À relire : KL-03, KL-07",
    ]
    assert [d.row for d in result.documents] == [2, 3, 4]


# --- JSON ---------------------------------------------------------------------------------------

def test_json_array():
    rel = "tables/contributions.json"
    result = read(rel)
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in (1, 3, 5)]
    assert [d.row for d in result.documents] == [1, 3, 5]
    assert codes(result.refusals) == [("LS232", 2), ("LS232", 4)]
    assert {e.unit for e in result.refusals} == {"élément"}
    docs = by_id(result)
    assert docs["1"].text == "Plus de trains entre Toulouse et Foix le week-end."
    assert docs["5"].text == ("Je travaille de nuit : aucun transport ne me convient.\n"
                              "Donc voiture.")
    assert [d.date for d in result.documents] == [
        "2024-03-04T09:15", "2024-03-05T08:05", "2024-03-06T22:10"]
    assert [d.metadata for d in result.documents] == [
        {"profil": "habitant"}, {"profil": "association"}, {"profil": "infirmière"}]


def test_json_wrapped_in_object():
    rel = "tables/wrapped.json"
    result = read(rel)
    assert [d.doc_id for d in result.documents] == [
        f"{rel}:p-5481", f"{rel}:p-5482", f"{rel}:p-5483"]
    assert result.refusals == []
    docs = by_id(result)
    assert docs["p-5481"].text == "Le dimanche, il n’y a aucun car pour rentrer de Toulouse."
    assert docs["p-5483"].text == "Il faudrait pouvoir réserver le jour même, pas la veille."
    assert "éclairées" in docs["p-5482"].text
    assert docs["p-5481"].date == "2024-03-04T10:12"
    assert docs["p-5482"].date == "2024-03-05T18:40"
    assert docs["p-5481"].metadata["title"] == "Un car le dimanche"
    assert docs["p-5481"].metadata["votes"] == "12"
    assert docs["p-5481"].author == "Gaëlle Pujol"  # nested author.name, flattened


def test_jsonl_bad_line_refused_others_kept():
    rel = "tables/contributions.jsonl"
    result = read(rel)
    assert [d.doc_id for d in result.documents] == [f"{rel}:{i}" for i in (1, 2, 3, 5)]
    assert [d.row for d in result.documents] == [1, 2, 3, 5]
    assert codes(result.refusals) == [("LS238", 4)]
    assert result.documents[3].text == "Merci de nous consulter, c’est rare."
    assert result.documents[0].metadata == {"profil": "lycéen"}


def test_json_invalid_whole_file(tmp_path):
    path = tmp_path / "cassé.json"
    path.write_text('[{"id": 1, "texte": "a"},\n{"id": 2', encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_tmp(path)
    assert info.value.code == "LS238"
    assert info.value.line == 2


def test_json_object_without_single_list_refused(tmp_path):
    path = tmp_path / "objet.json"
    path.write_text('{"a": 1, "b": "deux"}', encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_tmp(path)
    assert info.value.code == "LS239"


# --- project.yml refinements ------------------------------------------------------------------

def test_text_column_missing_is_refused():
    with pytest.raises(CorpusError) as info:
        read("tables/utf8_bom.csv", text_column="Verbatim")
    assert info.value.code == "LS230"
    assert "Verbatim" in info.value.reason


def test_text_column_given(tmp_path):
    path = tmp_path / "deux.csv"
    path.write_text("id;titre;avis\n1;Court;Un avis plus long que le titre\n", encoding="utf-8")
    result = read_tmp(path, text_column="titre")
    assert [d.text for d in result.documents] == ["Court"]
    assert result.documents[0].metadata == {"avis": "Un avis plus long que le titre"}


def test_declared_id_column_duplicate_refused(tmp_path):
    path = tmp_path / "doublons.csv"
    path.write_text("id;texte\nA1;premier\nA1;second\nB2;troisième\n", encoding="utf-8")
    result = read_tmp(path, id_column="id")
    assert [d.doc_id for d in result.documents] == ["doublons.csv:A1", "doublons.csv:B2"]
    assert [d.text for d in result.documents] == ["premier", "troisième"]
    assert codes(result.refusals) == [("LS233", 3)]


def test_guessed_id_column_with_duplicates_falls_back_to_content_ids(tmp_path):
    path = tmp_path / "doublons.csv"
    path.write_text("id;texte\nA1;premier\nA1;second\n", encoding="utf-8")
    result = read_tmp(path)
    ids = [d.doc_id for d in result.documents]
    assert len(set(ids)) == 2 and all(i.startswith("doublons.csv:h") for i in ids)
    assert [d.metadata["id"] for d in result.documents] == ["A1", "A1"]  # kept as metadata
    assert result.refusals == []


def test_no_id_column_ids_follow_content_not_row_order(tmp_path):
    path = tmp_path / "sans_id.csv"
    path.write_text("texte;profil\npremier avis;habitant\n\nsecond avis;élu\n"
                    "premier avis;habitant\n", encoding="utf-8")
    result = read_tmp(path)
    ids = [d.doc_id for d in result.documents]
    assert [d.row for d in result.documents] == [2, 4, 5]
    assert ids[2] == ids[0] + "-2"  # identical rows are both kept
    assert result.skipped_empty == 1
    path.write_text("texte;profil\nsecond avis;élu\npremier avis;habitant\n"
                    "premier avis;habitant\n", encoding="utf-8")
    reordered = read_tmp(path)
    assert sorted(d.doc_id for d in reordered.documents) == sorted(ids)


def test_columns_declared_in_project(tmp_path):
    path = tmp_path / "avis.csv"
    path.write_text("quand|qui|quoi|commune|age\n"
                    "2024-05-02|Léa|Plus de bus|Foix|34\n", encoding="utf-8")
    result = read_tmp(path, delimiter="|", text_column="quoi", date_column="quand",
                      author_column="qui", metadata_columns=("commune",), kind="note",
                      metadata={"vague": "1"})
    (doc,) = result.documents
    assert doc.text == "Plus de bus"
    assert doc.date == "2024-05-02"
    assert doc.author == "Léa"
    assert doc.kind == "note"
    assert doc.metadata == {"vague": "1", "commune": "Foix"}


def test_undeclared_metadata_column_missing_is_refused():
    with pytest.raises(CorpusError) as info:
        read("tables/utf8_bom.csv", metadata_columns=("commune",))
    assert info.value.code == "LS230"


def test_settings_date_used_when_row_has_none():
    result = read("tables/tab.tsv", date=dt.date(2024, 4, 1))
    assert {d.date for d in result.documents} == {"2024-04-01"}


def test_table_without_any_row_is_refused(tmp_path):
    path = tmp_path / "vide.csv"
    path.write_text(";;\n;;\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_tmp(path)
    assert info.value.code == "LS201"


# --- helpers ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("04/03/2024 09:15", "2024-03-04T09:15"),
    ("04/03/2024", "2024-03-04"),
    ("04/03/2024 00:00", "2024-03-04"),
    ("2024-03-04", "2024-03-04"),
    ("2024-03-04T09:15:00+01:00", "2024-03-04T09:15"),
    ("2024-03-11T08:00:00Z", "2024-03-11T08:00"),
    ("2024-03-04 18:03:27", "2024-03-04T18:03"),
    (" 12/03/24 ", "2024-03-12"),
    ("bientôt", None),
    ("", None),
    ("31/02/2024", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, ""),
    (float("nan"), ""),
    (42, "42"),
    (42.0, "42"),
    (4.5, "4.5"),
    (dt.datetime(2024, 3, 4, 9, 15), "2024-03-04T09:15"),
    (dt.datetime(2024, 3, 4), "2024-03-04"),
    (dt.date(2024, 3, 4), "2024-03-04"),
    ({"nom": "Gaëlle"}, '{"nom": "Gaëlle"}'),
    ("a\r\nb\rc", "a\nb\nc"),
])
def test_cell_text(value, expected):
    assert cell_text(value) == expected


# --- defects found in review ---------------------------------------------------------------

def test_header_below_title_lines_is_found(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(("Consultation Jeunes 2025;;;\r\nExport du 12/03/2025;;;\r\n;;;\r\n"
                      "Identifiant;Date de dépôt;Contribution;Profil\r\n"
                      "C1;12/03/2025;Plus de bus le soir;Lycéen·ne\r\n"
                      "C2;13/03/2025;Des logements pour les apprentis;Apprenti·e\r\n")
                     .encode("cp1252"))
    result = read_tmp(path)
    assert [d.doc_id for d in result.documents] == ["export.csv:C1", "export.csv:C2"]
    assert [d.row for d in result.documents] == [5, 6]
    assert result.documents[0].metadata == {"Profil": "Lycéen·ne"}
    assert codes(result.warnings) == [("LS242", 1), ("LS242", 2)]
    assert result.skipped_empty == 1


def test_one_cell_title_line_does_not_break_delimiter_sniffing(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("Consultation Jeunes 2025\nid;texte;profil\n1;Plus de bus;lycéen\n"
                    "2;Un local pour se retrouver;étudiant\n", encoding="utf-8")
    result = read_tmp(path)
    assert [d.text for d in result.documents] == ["Plus de bus", "Un local pour se retrouver"]
    assert result.refusals == []


def test_unclosed_quote_is_refused_not_swallowed_silently(tmp_path):
    path = tmp_path / "avis.csv"
    path.write_text('id;texte;profil\n1;"Je pense que c\'est bien;lycéen\n2;Des bus;étudiant\n'
                    '3;Un local;parent\n', encoding="utf-8")
    result = read_tmp(path)
    assert codes(result.refusals) == [("LS243", 2)]
    assert "avalé 2 ligne(s)" in result.refusals[0].reason


def test_trailing_empty_excel_column_is_not_metadata(tmp_path):
    path = tmp_path / "avis.csv"
    path.write_bytes("id;texte;profil;\r\n1;Plus de bus;lycéen;\r\n".encode("cp1252"))
    (doc,) = read_tmp(path).documents
    assert doc.metadata == {"profil": "lycéen"}


def test_repeated_number_column_is_kept_as_metadata(tmp_path):
    path = tmp_path / "avis.csv"
    path.write_text("Contribution;Numéro de département;Profil\nPlus de bus;81;lycéen\n"
                    "Un local;81;parent\n", encoding="utf-8")
    docs = read_tmp(path).documents
    assert [d.metadata["Numéro de département"] for d in docs] == ["81", "81"]


def test_a_multiline_answer_with_a_semicolon_is_not_an_unclosed_quote(tmp_path):
    path = tmp_path / "avis.csv"
    path.write_text('id;texte\r\nC1;"Ce qui marche : du concret.\nLa Région finance beaucoup '
                    'de choses ; il faudrait des parcours plus fluides."\r\nC2;Un bus.\r\n'
                    'C3;"Ouvert\nC4;Jamais refermé\r\n', encoding="utf-8")
    result = read_tmp(path)
    assert [d.doc_id.rsplit(":", 1)[-1] for d in result.documents] == ["C1", "C2"]
    assert codes(result.refusals)[0][0] in {"LS243", "LS235"}
