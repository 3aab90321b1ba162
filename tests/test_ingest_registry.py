"""Reader registry: suffix dispatch, refused formats, junk files, ignored files."""

from __future__ import annotations

from pathlib import Path

import pytest

from labsynth.errors import CorpusError
from labsynth.ingest import READERS, read_file, why_ignored
from labsynth.ingest.office import read_docx, read_odt
from labsynth.ingest.subtitles import read_subtitles
from labsynth.ingest.tables import read_csv, read_json, read_jsonl, read_ods, read_xlsx
from labsynth.ingest.text import read_text
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


def refused(rel: str) -> CorpusError:
    with pytest.raises(CorpusError) as info:
        read(rel)
    return info.value


def test_readers_mapping():
    expected = {
        ".txt": read_text, ".md": read_text, ".docx": read_docx, ".odt": read_odt,
        ".vtt": read_subtitles, ".srt": read_subtitles, ".csv": read_csv, ".tsv": read_csv,
        ".xlsx": read_xlsx, ".ods": read_ods, ".json": read_json, ".jsonl": read_jsonl,
    }
    assert dict(READERS) == expected


# --- junk ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["junk/empty.txt", "junk/blank.md"])
def test_empty_files_ls201(rel):
    error = refused(rel)
    assert error.code == "LS201"
    assert error.path == rel
    assert str(error).startswith(f"[LS201] {rel} : ")


def test_binary_ls203():
    assert refused("junk/binary.txt").code == "LS203"


@pytest.mark.parametrize(("rel", "advice"), [
    ("junk/scan.pdf", ".docx ou .txt"),
    ("junk/old_word.doc", "enregistrez-le en .docx"),
])
def test_unsupported_formats_ls205_with_advice(rel, advice):
    error = refused(rel)
    assert error.code == "LS205"
    assert error.path == rel
    assert advice in error.reason


def test_unknown_suffix_lists_accepted_formats(tmp_path):
    path = tmp_path / "carte.kml"
    path.write_text("<kml/>", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_file(path, "carte.kml", FileSettings())
    assert info.value.code == "LS205"
    assert ".docx" in info.value.reason and ".vtt" in info.value.reason


def test_suffix_is_case_insensitive(tmp_path):
    path = tmp_path / "SCAN.PDF"
    path.write_bytes((DATA / "junk/scan.pdf").read_bytes())
    with pytest.raises(CorpusError) as info:
        read_file(path, "SCAN.PDF", FileSettings())
    assert info.value.code == "LS205"
    upper = tmp_path / "NOTES.TXT"
    upper.write_text("Quelques notes.", encoding="utf-8")
    (doc,) = read_file(upper, "NOTES.TXT", FileSettings()).documents
    assert doc.text == "Quelques notes."


def test_fake_xlsx_ls204():
    error = refused("junk/fake.xlsx")
    assert error.code == "LS204"
    assert error.path == "junk/fake.xlsx"


def test_corrupt_docx_ls204():
    assert refused("junk/corrupt.docx").code == "LS204"


def test_empty_file_of_any_reader_is_ls201(tmp_path):
    for suffix in READERS:
        path = tmp_path / f"vide{suffix}"
        path.write_bytes(b"")
        with pytest.raises(CorpusError) as info:
            read_file(path, path.name, FileSettings())
        assert info.value.code == "LS201", suffix


# --- ignored files -----------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["junk/.DS_Store", "junk/~$interview.docx", ".DS_Store",
                                 "Thumbs.db", "a/desktop.ini", "a/.~lock.notes.odt#",
                                 ".cache/notes.txt", "a/.cachée.txt"])
def test_why_ignored_gives_a_reason(rel):
    reason = why_ignored(rel)
    assert isinstance(reason, str) and reason


def test_why_ignored_reasons():
    assert why_ignored("junk/.DS_Store") == "fichier système"
    assert why_ignored("junk/~$interview.docx") == "fichier temporaire d'un document ouvert"
    assert why_ignored(".cache/notes.txt") == "fichier caché"


@pytest.mark.parametrize("rel", ["transcripts/interview.docx", "tables/excel_fr.csv",
                                 "junk/corrupt.docx", "a~b.txt", "notes.v2.md"])
def test_ordinary_files_not_ignored(rel):
    assert why_ignored(rel) is None


def test_every_fixture_is_read_or_refused_or_ignored():
    for path in sorted(DATA.glob("*/*")):
        rel = path.relative_to(DATA).as_posix()
        if why_ignored(rel):
            continue
        try:
            result = read_file(path, rel, FileSettings())
        except CorpusError as error:
            assert error.code.startswith("LS2"), rel
            assert error.path == rel
            continue
        assert result.documents, rel
