"""Whole projects: nothing lost, verbatim offsets, determinism, order independence."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from labsynth import read_corpus
from labsynth.project import load_project
from labsynth.schema import SEGMENT_COLUMNS, check_verbatim

from .conftest import DATA, NOT_READER_FIXTURES, ROOT

DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(scope="module")
def demo():
    return read_corpus(load_project(DEMO))


@pytest.fixture(scope="module")
def fixtures_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("fixtures") / "fixtures"
    shutil.copytree(DATA, root / "raw", ignore=NOT_READER_FIXTURES)
    (root / "project.yml").write_text("title: Fixtures\n", encoding="utf-8")
    return read_corpus(root)


def _account(corpus) -> None:
    """Every file read, refused or ignored; every segment verbatim."""
    on_disk = sorted(p.relative_to(corpus.project.raw_dir).as_posix()
                     for p in corpus.project.raw_dir.rglob("*") if p.is_file())
    assert [f.path for f in corpus.files] == on_disk
    assert {f.status for f in corpus.files} <= {"read", "refused", "ignored"}
    refused_files = {f.path for f in corpus.files if f.status == "refused"}
    assert refused_files == {r.path for r in corpus.refusals if r.line is None}
    assert check_verbatim(corpus.segments, corpus.documents) == []
    assert list(corpus.segments.columns[:len(SEGMENT_COLUMNS)]) == list(SEGMENT_COLUMNS)


def test_demo_inventory(demo):
    _account(demo)
    assert demo.refusals and all(r.code == "LS232" for r in demo.refusals)
    assert sorted(r.line for r in demo.refusals) == [79, 188, 293]
    kinds = demo.documents["kind"].value_counts().to_dict()
    assert kinds == {"contribution": 327, "interview": 10, "note": 2}
    interviews = demo.segments[demo.segments["kind"] == "interview"]
    assert set(interviews["role"]) == {"interviewer", "participant", "unknown"}
    # every interview has exactly one interviewer and one participant
    for doc_id, group in interviews.groupby("doc_id"):
        speakers = group.groupby("role")["speaker"].nunique()
        assert speakers["interviewer"] == 1 and speakers["participant"] == 1, doc_id
    assert demo.metadata_columns == ["Profil", "Tranche d'âge", "Département", "Catégorie"]
    assert interviews["Département"].notna().all()
    assert demo.segments["text"].str.len().max() <= 1500


def test_demo_csv_rows_all_accounted_for(demo):
    raw = (DEMO / "raw/contributions/consultation_jeunes_2025.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("cp1252"), newline=""), delimiter=";"))[1:]
    non_empty = [r for r in rows if any(c.strip() for c in r)]
    contributions = demo.documents[demo.documents["kind"] == "contribution"]
    assert len(contributions) + len(demo.refusals) == len(non_empty) == 330
    by_id = dict(zip(contributions["doc_id"], contributions["text"], strict=True))
    for row in non_empty:
        if row[7].strip():
            assert by_id[f"contributions/consultation_jeunes_2025.csv:{row[0]}"] == row[7]


def test_fixtures_inventory(fixtures_corpus):
    corpus = fixtures_corpus
    _account(corpus)
    status = {f.path: f.status for f in corpus.files}
    assert status["junk/.DS_Store"] == status["junk/~$interview.docx"] == "ignored"
    assert {p for p, s in status.items() if s == "refused"} == {
        "junk/binary.txt", "junk/blank.md", "junk/corrupt.docx", "junk/empty.txt",
        "junk/fake.xlsx", "junk/old_word.doc", "junk/scan.pdf"}
    codes = sorted(r.code for r in corpus.refusals if r.line is not None)
    assert codes == ["LS220", "LS221", "LS222", "LS231", "LS232", "LS232", "LS232", "LS232",
                     "LS232", "LS238"]


def test_same_input_same_tables(demo):
    again = read_corpus(load_project(DEMO))
    pd.testing.assert_frame_equal(demo.segments, again.segments)
    pd.testing.assert_frame_equal(demo.documents, again.documents)


def test_file_and_row_order_do_not_matter(tmp_path, demo):
    """Files copied in reverse order, CSV rows shuffled: the same segments, by id."""
    root = tmp_path / "demo"
    (root / "raw").mkdir(parents=True)
    shutil.copy(DEMO / "project.yml", root / "project.yml")
    for path in sorted((DEMO / "raw").rglob("*"), reverse=True):
        target = root / "raw" / path.relative_to(DEMO / "raw")
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    csv_path = root / "raw/contributions/consultation_jeunes_2025.csv"
    text = csv_path.read_bytes().decode("cp1252")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(
        [rows[0], *reversed(rows[1:])])
    csv_path.write_bytes(out.getvalue().encode("cp1252"))
    shuffled = read_corpus(root)
    columns = ["segment_id", "text", "speaker", "role", "char_start", "char_end", "Profil"]
    left = demo.segments[columns].sort_values("segment_id").reset_index(drop=True)
    right = shuffled.segments[columns].sort_values("segment_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)


@pytest.mark.slow
def test_granddebat_export_read_whole(tmp_path, granddebat_csv):
    """5,859 real citizen answers: every one becomes a document, text unchanged."""
    root = tmp_path / "gdn"
    (root / "raw").mkdir(parents=True)
    (root / "raw" / "granddebat.csv").symlink_to(granddebat_csv)
    (root / "project.yml").write_text(
        "title: Grand Débat\nsources:\n  - files: granddebat.csv\n    text_column: text\n"
        "    id_column: id\n", encoding="utf-8")
    corpus = read_corpus(root)
    source = pd.read_csv(granddebat_csv, dtype=str, keep_default_na=False)
    assert not corpus.refusals
    assert len(corpus.documents) == len(source) == 5859
    assert corpus.documents["text"].tolist() == source["text"].tolist()
    assert check_verbatim(corpus.segments, corpus.documents) == []
    long_answers = (source["text"].str.len() > 1500).sum()
    assert len(corpus.segments) > len(source) + long_answers - 1


# --- defects found in review ---------------------------------------------------------------

def test_symlinked_folder_is_read_and_broken_link_refused(make_project, tmp_path):
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    (elsewhere / "avis.csv").write_text("id;texte\n1;Plus de bus\n", encoding="utf-8")
    root = make_project({"notes/n.md": "# Notes\n\nLe bus passe trop tôt."})
    (root / "raw" / "contributions").symlink_to(elsewhere, target_is_directory=True)
    (root / "raw" / "perdu.txt").symlink_to(tmp_path / "n_existe_pas.txt")
    (root / "raw" / "boucle").symlink_to(root / "raw", target_is_directory=True)
    corpus = read_corpus(root)
    status = {f.path: f.status for f in corpus.files}
    assert status == {"contributions/avis.csv": "read", "notes/n.md": "read",
                      "perdu.txt": "refused", "boucle/": "ignored"}
    loop = next(f for f in corpus.files if f.path == "boucle/")
    assert "boucle" in loop.reason  # the loop is listed with its reason, not skipped silently
    linked = next(f for f in corpus.files if f.path == "contributions/avis.csv")
    assert any("hors du dossier raw/" in note for note in linked.notes)
    assert [r.code for r in corpus.refusals] == ["LS207"]


def test_huge_note_without_blank_lines_is_read(make_project):
    sentence = "les jeunes du village attendent le bus au bord de la route le matin "
    text = (sentence * 9 + "puis ils repartent. ") * 6000  # 3.9 MB, no paragraph break
    root = make_project({"notes/journal.txt": text})
    corpus = read_corpus(root)
    assert not corpus.refusals
    assert check_verbatim(corpus.segments, corpus.documents) == []
    assert corpus.segments["text"].str.len().max() <= 1500


def test_one_windows_byte_in_a_utf8_file_spoils_nothing_else(make_project):
    text = ("Enquêtrice : Tu as été où ?\nLéa : Au lycée, c\u2019est loin.\n"
            "Enquêtrice : Et après ?\nLéa : Le bus, voilà.\n")
    data = text.encode("utf-8").replace("\u2019".encode(), b"\x92")
    corpus = read_corpus(make_project({"e.txt": data}))
    assert corpus.documents["text"].iloc[0] == text
    assert set(corpus.segments["speaker"]) == {"Enquêtrice", "Léa"}


def test_header_only_table_is_refused(make_project):
    corpus = read_corpus(make_project({"vide.csv": "id;texte;profil\n"}))
    assert [(r.code, r.path) for r in corpus.refusals] == [("LS206", "vide.csv")]


def test_numbers_in_project_metadata_and_tables_write_to_parquet(make_project, tmp_path):
    root = make_project(
        {"e1.txt": "Q : Ça va ?\nR : Oui.\nQ : Et le bus ?\nR : Trop rare.\n",
         "avis.csv": "id;texte;Département\n1;Plus de bus;81\n2;Un local;Tarn\n"},
        'title: T\nsources:\n  - files: e1.txt\n    metadata: {Département: 81}\n')
    corpus = read_corpus(root)
    assert set(corpus.segments["Département"]) == {"81", "Tarn"}
    from labsynth.export import write_table

    write_table(corpus.segments, tmp_path / "s.parquet")
    assert len(pd.read_parquet(tmp_path / "s.parquet")) == len(corpus.segments)


def test_reading_never_imports_spacy(make_project):
    """Long turns are cut between sentences without spaCy (1.2 s to import, 50,000 words/s
    for its tokenizer): a fresh process reads and cuts a long turn with spaCy never loaded."""
    import subprocess
    import sys

    long_turn = " ".join(f"Phrase numéro {i} sur le bus du matin qui ne passe pas."
                         for i in range(80))
    root = make_project({"e.txt": f"Enquêtrice : Et le bus ?\nLéa : {long_turn}\n"
                                  "Enquêtrice : Merci.\nLéa : De rien.\n"})
    code = ("import sys; from labsynth.corpus import read_corpus; "
            f"s = read_corpus({str(root)!r}).segments; "
            "assert (s['text'].str.len() <= 1500).all() and len(s) == 6, len(s); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
