"""Word-processor files: .docx (python-docx) and .odt (odfpy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from labsynth.errors import CorpusError
from labsynth.ingest import read_file
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"
DOCX = "transcripts/interview.docx"
ODT = "transcripts/interview.odt"


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


def doc_of(rel: str, **settings):
    (doc,) = read(rel, **settings).documents
    return doc


def texts(doc) -> list[str]:
    return [doc.text[t.start:t.end] for t in doc.turns]


# --- interview.docx ---------------------------------------------------------------------------

def test_docx_document():
    result = read(DOCX)
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert doc.doc_id == DOCX and doc.path == DOCX
    assert doc.kind == "interview"
    assert doc.title == "interview"
    assert doc.text.startswith("Entretien – Coopérative de covoiturage du pays d’Olmes\n"
                               "Entretien réalisé le 14 mars 2024 à Lavelanet")
    assert doc.text.rstrip().endswith("Fin du document.")


def test_docx_turns_include_table_rows():
    doc = doc_of(DOCX)
    assert [t.speaker for t in doc.turns] == [
        None, "Enquêteur", "Nathalie", "Enquêteur", "Nathalie", "Enquêteur",
        "Animatrice", "Robert", "Animatrice", "Sylvie"]
    got = texts(doc)
    assert got[6] == "Qui a déjà fait du covoiturage cette semaine ?"
    assert got[7] == "Moi, deux fois, pour aller à l’hôpital de Pamiers."
    assert got[8] == "Et vous, Sylvie ?"
    assert got[9].startswith("Non, jamais : je ne connais personne qui a mes horaires.")
    assert [t.role for t in doc.turns[6:]] == [
        "interviewer", "participant", "interviewer", "participant"]
    assert "Locuteur" not in {t.speaker for t in doc.turns}


def test_docx_turn_texts():
    got = texts(doc_of(DOCX))
    assert got[0] == ("Entretien – Coopérative de covoiturage du pays d’Olmes\n"
                      "Entretien réalisé le 14 mars 2024 à Lavelanet, durée 40 minutes.")
    assert got[1] == "Pouvez-vous présenter la coopérative en quelques mots ?"
    # P3 + unlabeled continuation P4
    assert got[2] == ("On l’a créée en 2021 avec des parents d’élèves. Au départ, c’était juste "
                      "un groupe de messagerie pour organiser les trajets vers le collège.\n"
                      "Ensuite les entreprises de la zone artisanale nous ont rejoints, et on a "
                      "dû monter une vraie structure, avec une assurance et une charte.")
    assert got[3] == "Combien de membres aujourd’hui ?"
    assert got[5].startswith("Merci. On passe à l’extrait de l’atelier.")


def test_docx_soft_break_kept_and_nbsp_label():
    got = texts(doc_of(DOCX))
    # P6: `Nathalie\u00a0:` label, one <w:br/>
    assert got[4] == ("Cent trente-huit inscrits.\n"
                      "Une cinquantaine vraiment actifs, qui proposent des trajets chaque semaine.")


def test_docx_turn_lines_are_paragraph_numbers():
    # Turn.line is "the Word paragraph" for .docx: P2 -> 3, P3 -> 4, P5 -> 6, P6 -> 7, P7 -> 8
    doc = doc_of(DOCX)
    assert [t.line for t in doc.turns[:6]] == [1, 3, 4, 6, 7, 8]


def test_docx_declared_interviewer_and_note_kind():
    doc = doc_of(DOCX, interviewers=("Nathalie",))
    assert [t.role for t in doc.turns[1:6]] == ["interviewer"] * 5
    note = doc_of(DOCX, kind="note")
    assert note.kind == "note" and note.turns is None


def test_corrupt_docx_refused():
    with pytest.raises(CorpusError) as info:
        read("junk/corrupt.docx")
    assert info.value.code == "LS204"
    assert info.value.path == "junk/corrupt.docx"
    assert ".docx" in info.value.reason


def test_owner_file_docx_refused_when_read():
    with pytest.raises(CorpusError) as info:
        read("junk/~$interview.docx")
    assert info.value.code == "LS204"


def test_docx_without_text_refused(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("   ")
    path = tmp_path / "vide.docx"
    document.save(str(path))
    with pytest.raises(CorpusError) as info:
        read_file(path, "vide.docx", FileSettings())
    assert info.value.code == "LS201"


def test_docx_speaker_table_built_inline(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Atelier du 2 avril")
    table = document.add_table(rows=3, cols=2)
    for row, (who, what) in zip(table.rows, [("Locuteur", "Texte"), ("Animateur", "Bonjour."),
                                             ("Odile", "Merci de m’inviter.")], strict=True):
        row.cells[0].text, row.cells[1].text = who, what
    path = tmp_path / "atelier.docx"
    document.save(str(path))
    (doc,) = read_file(path, "atelier.docx", FileSettings()).documents
    assert [t.speaker for t in doc.turns] == [None, "Animateur", "Odile"]
    assert [doc.text[t.start:t.end] for t in doc.turns[1:]] == ["Bonjour.", "Merci de m’inviter."]


# --- interview.odt ----------------------------------------------------------------------------

def test_odt_turns():
    result = read(ODT)
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert doc.kind == "interview"
    assert [t.speaker for t in doc.turns] == [None] + ["Enquêtrice", "Marcel"] * 2
    assert [t.role for t in doc.turns] == ["unknown"] + ["interviewer", "participant"] * 2
    got = texts(doc)
    assert got[0] == "Entretien avec Marcel, ancien cheminot – Tarascon-sur-Ariège"
    assert got[1] == "Vous avez travaillé longtemps sur la ligne ?"
    # <text:line-break/> read as one "\n"
    assert got[2] == ("Trente et un ans. J’ai connu la ligne quand il y avait encore des trains "
                      "de marchandises tous les jours.\n"
                      "Le talc de Luzenac, le bois, tout passait par le rail.")
    assert got[3] == "Qu’est-ce qui vous manque le plus ?"
    # label inside a bold <text:span>
    assert got[4] == "Le bruit du train du matin, à 6 h 12. On réglait les montres dessus."


def test_odt_turn_lines_are_paragraph_numbers():
    # heading = paragraph 1, then the four turns are paragraphs 2-5
    doc = doc_of(ODT)
    assert [t.line for t in doc.turns] == [1, 2, 3, 4, 5]


def test_corrupt_odt_refused(tmp_path):
    path = tmp_path / "abime.odt"
    path.write_bytes((DATA / ODT).read_bytes()[:300])
    with pytest.raises(CorpusError) as info:
        read_file(path, "abime.odt", FileSettings())
    assert info.value.code == "LS204"
