"""Speaker turns in transcripts: labels, roles, times, lines and exact text slices."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labsynth.ingest import read_file
from labsynth.ingest.turns import (
    document_from_text,
    find_turns,
    looks_like_name,
    normalise_label,
    parse_time,
    role_of,
)
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"
TRANSCRIPTS = [
    "transcripts/colon_labels.txt", "transcripts/qr.txt", "transcripts/upper.txt",
    "transcripts/bracket_time.txt", "transcripts/paren_time.txt", "transcripts/visio.txt",
    "transcripts/crlf_cp1252.txt", "transcripts/markdown_bold.md", "transcripts/huge_turn.txt",
    "transcripts/interview.docx", "transcripts/interview.odt",
]
ALL_WITH_TURNS = [*TRANSCRIPTS, "subtitles/teams.vtt", "subtitles/prefix.vtt",
                  "subtitles/broken.vtt", "subtitles/no_header.vtt", "subtitles/standard.srt",
                  "subtitles/broken.srt"]


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


def doc_of(rel: str, **settings):
    (doc,) = read(rel, **settings).documents
    return doc


def starts_with_label(piece: str, label: str) -> bool:
    """Whether ``piece`` begins with ``label`` as a whole word (``Q`` vs ``Qu’est-ce``)."""
    return re.match(rf"{re.escape(label)}(?![\w’'-])", piece) is not None


def texts(doc) -> list[str]:
    return [doc.text[t.start:t.end] for t in doc.turns]


# --- the invariant, for every turn of every document -------------------------------------------

@pytest.mark.parametrize("rel", ALL_WITH_TURNS)
def test_every_turn_is_a_clean_slice_without_label(rel):
    doc = doc_of(rel)
    assert doc.kind == "interview"
    assert doc.turns
    previous_end = 0
    for turn in doc.turns:
        piece = doc.text[turn.start:turn.end]
        assert isinstance(piece, str) and piece, turn
        assert piece == piece.strip(), turn
        if turn.speaker is not None:
            assert not starts_with_label(piece, turn.speaker), turn
            assert turn.role in {"interviewer", "participant"}
        else:
            assert turn.role == "unknown"
        assert not piece.startswith((":", "*", "\u00a0", "\u202f")), turn
        assert turn.start >= previous_end, "turns overlap or are out of order"
        previous_end = turn.end


# --- colon_labels.txt ---------------------------------------------------------------------------

def test_colon_labels_speakers_roles_lines():
    doc = doc_of("transcripts/colon_labels.txt")
    assert [t.speaker for t in doc.turns] == [None] + ["Enquêtrice", "Josiane"] * 4
    assert [t.role for t in doc.turns] == ["unknown"] + ["interviewer", "participant"] * 4
    assert [t.line for t in doc.turns[1:]] == [4, 6, 8, 10, 16, 18, 20, 22]
    assert doc.turns[0].line == 1
    assert all(t.time_start is None for t in doc.turns)


def test_colon_labels_header_is_unknown_turn():
    doc = doc_of("transcripts/colon_labels.txt")
    assert texts(doc)[0] == (
        "Entretien n° 7 – Projet « Mobilités rurales »\n"
        "Réalisé à Saint-Girons (Ariège) le 12 mars 2024, au domicile de la participante. "
        "Transcription intégrale ; les prénoms ont été modifiés.")


def test_colon_labels_remark_stays_in_josiane_turn():
    doc = doc_of("transcripts/colon_labels.txt")
    second = texts(doc)[4]
    assert doc.turns[4].speaker == "Josiane"
    assert second.startswith("Oui, une fois. Le car passe à 7 h 10")
    assert "\nRemarque : elle rit.\n" in second
    assert second.endswith("alors là, c’est réglé : on reste chez soi.")
    assert second.count("\n\n") == 1
    assert "Remarque" not in {t.speaker for t in doc.turns}


def test_colon_labels_nbsp_and_nnbsp_separators():
    doc = doc_of("transcripts/colon_labels.txt")
    by_line = {t.line: doc.text[t.start:t.end] for t in doc.turns}
    assert by_line[6].startswith("Alors… au quotidien")
    assert by_line[8] == "Et le car, vous l’avez déjà essayé ?"
    assert by_line[18].startswith("Tout. Je fais les courses")
    assert by_line[20] == ("Dernière question : si vous aviez une baguette magique, "
                           "qu’est-ce que vous changeriez ?")


# --- qr.txt -------------------------------------------------------------------------------------

def test_qr():
    doc = doc_of("transcripts/qr.txt")
    assert [t.speaker for t in doc.turns] == ["Q", "R"] * 3
    assert [t.role for t in doc.turns] == ["interviewer", "participant"] * 3
    assert [t.line for t in doc.turns] == [1, 3, 5, 7, 10, 12]
    assert texts(doc)[3] == (
        "En voiture, quarante minutes de route de montagne. L’hiver, plutôt une heure.\n"
        "Le covoiturage, j’y ai pensé, mais mes horaires changent toutes les semaines.")


# --- upper.txt ----------------------------------------------------------------------------------

def test_upper_case_labels():
    doc = doc_of("transcripts/upper.txt")
    assert [t.speaker for t in doc.turns] == [None] + ["ENQUÊTEUR", "MARIE-CLAIRE"] * 3
    assert [t.role for t in doc.turns] == ["unknown"] + ["interviewer", "participant"] * 3
    assert [t.line for t in doc.turns[1:]] == [3, 5, 7, 9, 12, 14]
    assert texts(doc)[0] == "ENTRETIEN 12 – MARIE-CLAIRE, 58 ANS, AIDE À DOMICILE"
    assert texts(doc)[4] == (
        "L’association rembourse 0,35 € du kilomètre. Avec le prix de l’essence, on en est "
        "de notre poche.\nLes collègues disent pareil. La SNCF, le TER, ça ne nous concerne "
        "pas : il n’y a pas de gare sur nos trajets.")


# --- bracket_time.txt ---------------------------------------------------------------------------

def test_bracket_time():
    doc = doc_of("transcripts/bracket_time.txt")
    assert [t.speaker for t in doc.turns] == ["Julien", "Fatou"] * 3
    assert [t.role for t in doc.turns] == ["participant"] * 6
    assert [t.line for t in doc.turns] == [1, 2, 3, 4, 5, 6]
    assert [t.time_start for t in doc.turns] == [4.0, 9.0, 12.0, 18.0, 723.0, 727.0]
    assert texts(doc)[0] == "Bonjour Fatou, on peut commencer ?"
    assert texts(doc)[5] == (
        "Les pièces détachées, et le local : on est dans un hangar prêté par la mairie "
        "de Pamiers.\nOn ne sait pas pour combien de temps.")


def test_bracket_time_declared_interviewer():
    doc = doc_of("transcripts/bracket_time.txt", interviewers=("Julien",))
    assert [t.role for t in doc.turns] == ["interviewer", "participant"] * 3


# --- paren_time.txt -----------------------------------------------------------------------------

def test_paren_time():
    doc = doc_of("transcripts/paren_time.txt")
    assert [t.speaker for t in doc.turns] == ["Claire", "Ahmed"] * 4
    assert [t.line for t in doc.turns] == [1, 3, 5, 8, 10, 12, 16, 18]
    assert [t.time_start for t in doc.turns] == [2.0, 5.0, 8.0, 14.0, 21.0, 25.0, 100.0, 106.0]
    got = texts(doc)
    assert got[2] == "Vous êtes chauffeur pour le transport à la demande depuis longtemps ?"
    assert got[5] == ("Des personnes âgées, beaucoup. Des jeunes sans permis aussi, le mercredi.\n"
                      "Et quelques touristes l’été, mais c’est rare.")
    assert got[7] == ("La réservation. Il faut appeler la veille avant 17 h : pour les anciens, "
                      "c’est compliqué, ils oublient.")
    assert not any("(00:" in t for t in got)


# --- visio.txt ----------------------------------------------------------------------------------

def test_visio_speakers_and_lines():
    doc = doc_of("transcripts/visio.txt")
    assert [t.speaker for t in doc.turns] == ["Aurélie Martin", "Yves Carrère"] * 3
    assert [t.line for t in doc.turns] == [1, 4, 7, 10, 14, 17]
    got = texts(doc)
    assert got[0] == "Bonjour Yves, vous m’entendez bien ?"
    assert got[3] == ("Alors, l’idée vient du conseil municipal de Seix.\n"
                      "On a un minibus de neuf places qui dort au garage la moitié de la semaine.")


def test_visio_times_are_elapsed_minutes_and_seconds():
    # README: header lines are `Prénom Nom  mm:ss` -> 10:02 is 602 s into the call
    doc = doc_of("transcripts/visio.txt")
    expected = [m * 60 + s for m, s in
                [(10, 2), (10, 2), (10, 3), (10, 3), (10, 5), (10, 5)]]
    assert [t.time_start for t in doc.turns] == expected


# --- crlf_cp1252.txt ----------------------------------------------------------------------------

def test_crlf_cp1252():
    doc = doc_of("transcripts/crlf_cp1252.txt")
    assert [t.speaker for t in doc.turns] == ["Enquêteur", "Thérèse"] * 3
    assert [t.role for t in doc.turns] == ["interviewer", "participant"] * 3
    assert [t.line for t in doc.turns] == [1, 3, 5, 7, 9, 11]
    assert texts(doc)[3] == ("Ceux qui conduisent encore emmènent les autres. "
                             "C’est la « solidarité du coffre », comme on dit !")
    assert texts(doc)[5] == "Ils restent chez eux. Ça me serre le cœur, franchement."
    assert "\r" not in doc.text


# --- markdown_bold.md ---------------------------------------------------------------------------

def test_markdown_bold_labels():
    doc = doc_of("transcripts/markdown_bold.md")
    assert [t.speaker for t in doc.turns] == [None] + ["Enquêteur", "Sofia"] * 3
    assert [t.line for t in doc.turns[1:]] == [7, 9, 11, 13, 19, 21]
    got = texts(doc)
    assert got[0].startswith("# Entretien avec Sofia")
    assert got[0].endswith("---")
    assert got[1] == "Tu utilises quoi comme moyen de transport ?"
    assert got[4] == ("Plusieurs choses :\n\n"
                      "- des arceaux pour garer les vélos à la gare ;\n"
                      "- des places vélo dans le TER, il n’y en a que six ;\n"
                      "- un éclairage sur la voie verte.")
    assert got[6] == "Je fais pareil *(rires)*. Il faut juste de bons gants."


# --- huge_turn.txt ------------------------------------------------------------------------------

def test_huge_turn():
    doc = doc_of("transcripts/huge_turn.txt")
    assert len(doc.text) == 31244
    assert [t.speaker for t in doc.turns] == [
        "Enquêteur", "Gilles", "Enquêteur", "Gilles", "Enquêteur"]
    assert [t.line for t in doc.turns] == [1, 3, 5, 7, 9]
    got = texts(doc)
    assert len(got[1]) == 25006
    assert got[1].endswith(".") and "\n" not in got[1]
    assert len(got[3]) == 6012
    assert not any(c in got[3] for c in ".,;:!?…")


# --- office files (details in test_ingest_office.py) ---------------------------------------------

def test_docx_speakers():
    doc = doc_of("transcripts/interview.docx")
    assert [t.speaker for t in doc.turns] == [
        None, "Enquêteur", "Nathalie", "Enquêteur", "Nathalie", "Enquêteur",
        "Animatrice", "Robert", "Animatrice", "Sylvie"]
    assert [t.role for t in doc.turns] == [
        "unknown", "interviewer", "participant", "interviewer", "participant", "interviewer",
        "interviewer", "participant", "interviewer", "participant"]


def test_odt_speakers():
    doc = doc_of("transcripts/interview.odt")
    assert [t.speaker for t in doc.turns] == [None] + ["Enquêtrice", "Marcel"] * 2
    assert [t.role for t in doc.turns] == ["unknown"] + ["interviewer", "participant"] * 2


# --- project.yml refinements, inline -------------------------------------------------------------

CLAIRE = ("Claire Vidal : Bonjour, merci d’être là.\n\n"
          "Paul Roux : Avec plaisir.\n\n"
          "Claire Vidal : On commence ?\n\n"
          "Paul Roux : Oui.\n")


def test_declared_interviewer_first_name_matches_full_label(tmp_path):
    path = tmp_path / "claire.txt"
    path.write_text(CLAIRE, encoding="utf-8")
    default = read_file(path, "claire.txt", FileSettings()).documents[0]
    assert [t.role for t in default.turns] == ["participant"] * 4
    declared = read_file(path, "claire.txt", FileSettings(interviewers=("Claire",))).documents[0]
    assert [t.speaker for t in declared.turns] == ["Claire Vidal", "Paul Roux"] * 2
    assert [t.role for t in declared.turns] == ["interviewer", "participant"] * 2


def test_kind_note_disables_turns(tmp_path):
    path = tmp_path / "claire.txt"
    path.write_text(CLAIRE, encoding="utf-8")
    (doc,) = read_file(path, "claire.txt", FileSettings(kind="note")).documents
    assert doc.kind == "note"
    assert doc.turns is None
    assert doc.text == CLAIRE


def test_kind_note_on_fixture_transcript():
    doc = doc_of("transcripts/qr.txt", kind="note")
    assert doc.kind == "note" and doc.turns is None


def test_label_seen_once_is_not_a_speaker():
    text = "Léa : un.\n\nMarc : deux.\n\nLéa : trois.\n\nMarc : quatre.\n\nPaul : cinq.\n"
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["Léa", "Marc", "Léa", "Marc"]
    assert text[turns[-1].start:turns[-1].end] == "quatre.\n\nPaul : cinq."


def test_find_turns_declared_speaker_counts_once():
    text = "Léa : un.\n\nMarc : deux.\n\nLéa : trois.\n\nPaul : cinq.\n"
    turns = find_turns(text, speakers=("Paul",))
    assert [t.speaker for t in turns] == ["Léa", "Léa", "Paul"]
    assert text[turns[0].start:turns[0].end] == "un.\n\nMarc : deux."


def test_find_turns_without_speakers_returns_none():
    assert find_turns("Lieu : Foix\n\nDu texte sans locuteur.\n") is None
    assert find_turns("") is None


# --- helpers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("label", ["Enquêtrice", "ENQUÊTEUR", "Enquêteur", "Q", "Animatrice",
                                   "Animateur", "enquetrice"])
def test_role_of_known_interviewers(label):
    assert role_of(label, ()) == "interviewer"


@pytest.mark.parametrize("label", ["R", "Josiane", "MARIE-CLAIRE", "Sophie Bernard"])
def test_role_of_participants(label):
    assert role_of(label, ()) == "participant"


def test_role_of_none_is_unknown():
    assert role_of(None, ("Claire",)) == "unknown"


def test_role_of_declared():
    assert role_of("Claire Vidal", ("Claire",)) == "interviewer"
    assert role_of("Claire", ("Claire Vidal",)) == "interviewer"
    assert role_of("Clairette", ("Claire",)) == "participant"


@pytest.mark.parametrize(("label", "expected"), [
    ("Josiane", True), ("Aurélie Martin", True), ("Jean-Paul", True), ("MARIE-CLAIRE", True),
    ("Marie de la Tour", True), ("Q", True),
    ("Remarque", False), ("Lieu", False), ("josiane", False), ("Dernière question", False),
    ("", False), ("A" * 41, False),
])
def test_looks_like_name(label, expected):
    assert looks_like_name(label) is expected


@pytest.mark.parametrize(("value", "expected"), [
    ("00:12:03", 723.0), ("12:34", 754.0), ("00:00:03.120", 3.12), ("00:00:01,000", 1.0),
    ("01:00:00", 3600.0),
])
def test_parse_time(value, expected):
    assert parse_time(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", [None, ""])
def test_parse_time_empty(value):
    assert parse_time(value) is None


@pytest.mark.parametrize(("label", "expected"), [
    ("Enquêtrice", "enquetrice"), ("  ENQUÊTEUR ", "enqueteur"), ("**Sofia**", "sofia"),
    ("Aurélie   Martin", "aurelie martin"), ("Thérèse", "therese"),
])
def test_normalise_label(label, expected):
    assert normalise_label(label) == expected


# --- defects found in review ---------------------------------------------------------------

def test_numbered_roles_are_interviewers():
    assert role_of("Enquêteur 1", ()) == "interviewer"
    assert role_of("Animatrice 2", ()) == "interviewer"
    assert role_of("Q1", ()) == "interviewer"
    text = "Q1 : Tu prends le bus ?\nR : Oui.\nQ2 : Le soir aussi ?\nR : Non, jamais.\n"
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["Q1", "R", "Q2", "R"]
    assert [t.role for t in turns] == ["interviewer", "participant"] * 2


def test_a_speaker_seen_once_is_reported():
    text = ("Enquêtrice : Bonjour, tu peux te présenter ?\nMarie : J'ai dix-sept ans, je suis "
            "au lycée à Albi.\nEnquêtrice : Merci.\n")
    document = document_from_text(text, "e.txt", FileSettings())
    assert [t.speaker for t in document.turns] == ["Enquêtrice", "Enquêtrice"]
    (warning,) = document.warnings
    assert (warning.code, warning.line) == ("LS212", 2)
    assert "« Marie : » n'apparaît qu'une fois" in warning.reason
    declared = document_from_text(text, "e.txt", FileSettings(speakers=("Marie",)))
    assert [t.speaker for t in declared.turns] == ["Enquêtrice", "Marie", "Enquêtrice"]
    assert declared.warnings == []


def test_note_headings_used_twice_are_not_speakers():
    text = "Besoin : un bus le soir.\nIrritant : les horaires.\nBesoin : un local.\n" \
           "Irritant : personne ne répond.\n"
    assert find_turns(text) is None


def test_a_header_line_naming_the_interviewer_is_not_a_turn():
    """« Enquêtrice : Claire Vidal (Lab Région) » above « Date : » was read as a turn of
    « Enquêtrice » (issue 12, a designer's trial): it says who led the interview."""
    text = (DATA / "pseudonymisation" / "trial" / "famille_roux.txt").read_text(encoding="utf-8")
    turns = find_turns(text)
    assert turns[0].speaker is None and turns[0].role == "unknown"
    assert text[turns[0].start:turns[0].end].startswith("Enquêtrice : Claire Vidal (Lab Région)")
    assert [t.speaker for t in turns[1:3]] == ["Claire", "Kévin"]
    assert "Enquêtrice" not in {t.speaker for t in turns}
    # the header names the interviewer: « Claire » is her label
    assert {t.role for t in turns if t.speaker == "Claire"} == {"interviewer"}
    assert {t.role for t in turns if t.speaker == "Kévin"} == {"participant"}


@pytest.mark.parametrize("opening", [
    "Enquêtrice : Bonjour, merci d'être là.",  # a sentence, not names
    "Enquêtrice : Claire Vidal, 14 mai",  # a date is not a name
])
def test_a_role_turn_that_says_something_stays_a_turn(opening):
    text = f"{opening}\nMme Roux : Bonjour.\nClaire : On commence ?\nMme Roux : Oui.\n"
    turns = find_turns(text)
    assert turns[0].speaker == "Enquêtrice" and turns[0].role == "interviewer"


def test_a_role_label_used_again_is_a_speaker_even_on_the_first_line():
    text = ("Enquêtrice : Claire Vidal\nParticipante : Bonjour.\n"
            "Enquêtrice : Vous êtes Claire Vidal ?\nParticipante : Oui.\n")
    turns = find_turns(text)
    assert [t.speaker for t in turns] == ["Enquêtrice", "Participante", "Enquêtrice",
                                          "Participante"]


def test_a_greeting_after_a_role_is_a_turn_even_once():
    # the role speaks once (a table of turns, or a short exchange): not a header
    text = "Animatrice : Bonjour\nOdile : Merci de m’inviter.\nMarc : Moi aussi.\nOdile : Bon.\n"
    assert find_turns(text)[0].speaker == "Animatrice"
