"""Plain text and Markdown files read as one document (note or interview)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from labsynth.errors import CorpusError
from labsynth.ingest import read_file
from labsynth.ingest.text import read_text
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"
UTF8_TEXTS = [
    "transcripts/colon_labels.txt", "transcripts/qr.txt", "transcripts/upper.txt",
    "transcripts/bracket_time.txt", "transcripts/paren_time.txt", "transcripts/visio.txt",
    "transcripts/markdown_bold.md", "transcripts/notes.md", "transcripts/huge_turn.txt",
]


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


@pytest.mark.parametrize("rel", UTF8_TEXTS)
def test_text_is_the_file_content(rel):
    result = read(rel)
    (doc,) = result.documents
    assert doc.text == (DATA / rel).read_text(encoding="utf-8")
    assert doc.doc_id == rel and doc.path == rel
    assert doc.title == Path(rel).stem
    assert doc.row is None and doc.date is None and doc.author is None
    assert doc.metadata == {}
    assert result.notes == ["encodage utf-8"]
    assert result.refusals == [] and result.warnings == [] and result.skipped_empty == 0


def test_cp1252_crlf_text_is_decoded_and_normalised():
    rel = "transcripts/crlf_cp1252.txt"
    (doc,) = read(rel).documents
    raw = (DATA / rel).read_bytes()
    assert doc.text == raw.decode("cp1252").replace("\r\n", "\n")
    assert doc.text.startswith("Enquêteur : Bonjour Thérèse.")
    assert "\r" not in doc.text


def test_notes_md_is_a_note_without_turns():
    (doc,) = read("transcripts/notes.md").documents
    assert doc.kind == "note"
    assert doc.turns is None
    assert doc.text.startswith("# Notes de terrain – atelier mobilité, 15 mars 2024\n\n"
                               "Lieu : MJC de Foix\n")
    assert "- Thème récurrent : la peur de conduire la nuit" in doc.text


@pytest.mark.parametrize("rel", [r for r in UTF8_TEXTS if r != "transcripts/notes.md"])
def test_transcripts_are_interviews(rel):
    (doc,) = read(rel).documents
    assert doc.kind == "interview"
    assert doc.turns


def test_huge_file_read_whole():
    (doc,) = read("transcripts/huge_turn.txt").documents
    assert len(doc.text) == 31244
    assert len(doc.text.encode("utf-8")) == 32464


def test_line_at_counts_text_lines():
    (doc,) = read("transcripts/colon_labels.txt").documents
    assert doc.line_at(doc.text.index("Remarque : elle rit.")) == 11
    assert doc.line_at(0) == 1
    assert doc.line_at(doc.text.index("Un petit bus")) == 22


def test_settings_title_date_metadata_kind():
    settings = FileSettings(title="Entretien Josiane", date=dt.date(2024, 3, 12),
                            metadata={"commune": "Saint-Girons"}, kind="note")
    (doc,) = read_text(DATA / "transcripts/colon_labels.txt", "colon_labels.txt",
                       settings).documents
    assert doc.title == "Entretien Josiane"
    assert doc.date == "2024-03-12"
    assert doc.metadata == {"commune": "Saint-Girons"}
    assert doc.kind == "note" and doc.turns is None


def test_kind_interview_forced_on_notes():
    (doc,) = read("transcripts/notes.md", kind="interview").documents
    assert doc.kind == "interview"
    assert doc.turns is None


@pytest.mark.parametrize(("name", "date"), [
    ("notes_2025-03-18.md", "2025-03-18"),
    ("2024-11-02 entretien.txt", "2024-11-02"),
    ("notes_2025-13-40.md", None),
    ("notes_20250318.md", None),
])
def test_date_from_file_name(tmp_path, name, date):
    path = tmp_path / name
    path.write_text("Quelques notes.\n", encoding="utf-8")
    (doc,) = read_file(path, f"terrain/{name}", FileSettings()).documents
    assert doc.date == date
    assert doc.doc_id == f"terrain/{name}"


def test_old_mac_line_endings(tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(b"ligne un\rligne deux\r\nligne trois\n")
    (doc,) = read_file(path, "mac.txt", FileSettings()).documents
    assert doc.text == "ligne un\nligne deux\nligne trois\n"


@pytest.mark.parametrize("rel", ["junk/blank.md", "junk/empty.txt"])
def test_blank_text_refused(rel):
    with pytest.raises(CorpusError) as info:
        read(rel)
    assert info.value.code == "LS201"
    assert info.value.path == rel
