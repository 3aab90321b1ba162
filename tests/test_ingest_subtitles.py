"""Subtitle files (.vtt, .srt): cues merged into speaker turns, broken cues refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from labsynth.errors import CorpusError
from labsynth.ingest import read_file
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"
SUBTITLES = ["subtitles/teams.vtt", "subtitles/prefix.vtt", "subtitles/broken.vtt",
             "subtitles/no_header.vtt", "subtitles/standard.srt", "subtitles/broken.srt"]


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


def codes(errors) -> list[tuple[str, int | None]]:
    return [(e.code, e.line) for e in errors]


def turn_texts(doc) -> list[str]:
    return [doc.text[t.start:t.end] for t in doc.turns]


# --- teams.vtt --------------------------------------------------------------------------------

def test_teams_vtt_merged_turns():
    result = read("subtitles/teams.vtt")
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert doc.doc_id == "subtitles/teams.vtt"
    assert doc.kind == "interview"
    assert [t.speaker for t in doc.turns] == [
        "Sophie Bernard", "Karim Haddad", "Élodie Vasseur",
        "Sophie Bernard", "Élodie Vasseur", "Karim Haddad"]
    assert [t.role for t in doc.turns] == ["participant"] * 6
    assert [t.time_start for t in doc.turns] == pytest.approx(
        [3.12, 11.04, 23.1, 151.0, 158.01, 168.0])
    assert [t.time_end for t in doc.turns] == pytest.approx(
        [10.2, 22.52, 27.94, 157.2, 167.3, 175.0])
    assert [t.line for t in doc.turns] == [13, 21, 34, 40, 48, 56]


def test_teams_vtt_text_tags_and_notes():
    (doc,) = read("subtitles/teams.vtt").documents
    texts = turn_texts(doc)
    assert texts[0] == ("Bonjour à toutes et à tous, merci d’être là. "
                        "On commence par un tour de table rapide.")
    assert texts[1] == ("Karim, je travaille à la communauté de communes, service mobilité. "
                        "Le transport à la demande, c’est vraiment notre gros dossier. "
                        "On a doublé les réservations en un an.")
    assert texts[4] == ("Une quinzaine, parfois vingt. "
                        "Sans voiture, ce serait tout simplement impossible.")
    assert not re.search(r"</?[a-z]", doc.text)
    for skipped in ("WEBVTT", "NOTE", "Pause", "Microsoft Teams", "::cue", "9c1e7a52"):
        assert skipped not in doc.text


def test_teams_vtt_declared_interviewer():
    (doc,) = read("subtitles/teams.vtt", interviewers=("Sophie Bernard",)).documents
    assert [t.role for t in doc.turns] == ["interviewer", "participant", "participant",
                                           "interviewer", "participant", "participant"]


# --- prefix.vtt -------------------------------------------------------------------------------

def test_prefix_vtt_speakers_from_name_prefix():
    result = read("subtitles/prefix.vtt")
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert [t.speaker for t in doc.turns] == [
        "Animatrice", "Jean-Paul", "Animatrice", "Jean-Paul", "Animatrice"]
    assert [t.role for t in doc.turns] == [
        "interviewer", "participant", "interviewer", "participant", "interviewer"]
    assert [t.time_start for t in doc.turns] == pytest.approx([0.5, 3.2, 10.0, 14.0, 25.0])
    assert [t.time_end for t in doc.turns] == pytest.approx([3.0, 9.4, 13.5, 24.0, 27.5])
    texts = turn_texts(doc)
    assert texts[1] == "Oui, c’est moi. J’ai vu l’annonce à la mairie de Saint-Lizier."
    assert texts[3] == ("À pied quand il fait beau. "
                        "Sinon mon fils me dépose: il travaille à côté. "
                        "Et au retour, je prends le car de 12 h 15.")
    assert texts[4] == "Merci beaucoup."


# --- standard.srt -------------------------------------------------------------------------------

def test_standard_srt_turns():
    result = read("subtitles/standard.srt")
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert [t.speaker for t in doc.turns] == ["Animateur", "Brigitte", "Animateur", "Brigitte"]
    assert [t.role for t in doc.turns] == [
        "interviewer", "participant", "interviewer", "participant"]
    assert [t.time_start for t in doc.turns] == pytest.approx([1.0, 10.5, 21.0, 27.0])
    assert [t.time_end for t in doc.turns] == pytest.approx([10.0, 20.0, 26.5, 35.0])
    assert [t.line for t in doc.turns] == [2, 15, 27, 35]
    texts = turn_texts(doc)
    assert texts[0] == ("Bonsoir et bienvenue à cette table ronde. Ce soir, on parle des "
                        "déplacements entre les villages du Couserans. "
                        "Brigitte, vous êtes maire d’Aulus ?")
    assert texts[1] == ("Oui, depuis 2020. Notre commune compte moins de deux cents habitants "
                        "l’hiver. L’été, c’est dix fois plus.")
    assert texts[3] == ("En voiture, à 95 %. On a essayé une navette l’été dernier : "
                        "ça a plutôt bien marché.")
    assert "<i>" not in doc.text and "</i>" not in doc.text


# --- broken.vtt -------------------------------------------------------------------------------

def test_broken_vtt_refusals():
    result = read("subtitles/broken.vtt")
    assert codes(result.refusals) == [("LS221", 9), ("LS222", 14)]
    assert all(e.path == "subtitles/broken.vtt" for e in result.refusals)
    assert result.warnings == []


def test_broken_vtt_keeps_valid_and_glued_cues():
    (doc,) = read("subtitles/broken.vtt").documents
    (turn,) = doc.turns
    assert turn.speaker is None and turn.role == "unknown"
    assert doc.text[turn.start:turn.end] == (
        "Bonjour, on commence l’enregistrement. Merci d’être venus ce soir. "
        "Première phrase collée. Deuxième phrase collée. On s’arrête là, merci.")
    assert "horodatage cassé" not in doc.text
    assert "précède le début" not in doc.text
    assert turn.time_start == pytest.approx(1.0)
    assert turn.time_end == pytest.approx(84.0)
    # each kept cue maps back to its timing line
    assert [line for _, line in doc.line_anchors] == [3, 6, 17, 19, 22]
    assert doc.line_at(doc.text.index("Deuxième")) == 19
    assert doc.line_at(doc.text.index("Première")) == 17


# --- broken.srt -------------------------------------------------------------------------------

def test_broken_srt_refusal_and_warning():
    result = read("subtitles/broken.srt")
    assert codes(result.refusals) == [("LS220", 13)]
    assert codes(result.warnings) == [("LS223", 5)]
    assert "deux" in result.warnings[0].reason
    (doc,) = result.documents
    (turn,) = doc.turns
    assert doc.text[turn.start:turn.end] == (
        "Bonjour à tous. Cette réplique a un index non numérique. "
        "Ensuite tout va bien. Et on termine normalement.")
    assert "flèche" not in doc.text
    assert turn.time_start == pytest.approx(1.0)
    assert turn.time_end == pytest.approx(15.0)


# --- no_header.vtt ----------------------------------------------------------------------------

def test_no_header_vtt_warning_and_short_timings():
    result = read("subtitles/no_header.vtt")
    assert codes(result.warnings) == [("LS224", 1)]
    assert result.refusals == []
    (doc,) = result.documents
    (turn,) = doc.turns
    assert turn.speaker is None and turn.role == "unknown"
    assert turn.time_start == pytest.approx(1.0)
    assert turn.time_end == pytest.approx(15.5)
    assert doc.text == (
        "Bienvenue à cette réunion publique sur le plan de mobilité. "
        "Nous allons d’abord présenter le diagnostic. Ensuite, la parole sera à la salle. "
        "Merci de vous présenter avant de parler.")
    assert [line for _, line in doc.line_anchors] == [1, 4, 7, 10]


# --- every file --------------------------------------------------------------------------------

@pytest.mark.parametrize("rel", SUBTITLES)
def test_every_turn_is_a_clean_slice(rel):
    (doc,) = read(rel).documents
    assert doc.turns
    for turn in doc.turns:
        piece = doc.text[turn.start:turn.end]
        assert piece, turn
        assert piece == piece.strip(), turn
        if turn.speaker:
            assert re.match(rf"{re.escape(turn.speaker)}(?![\w’'-])", piece) is None, turn
        assert not piece.startswith(":"), turn


def test_no_readable_cue_is_refused(tmp_path):
    path = tmp_path / "rien.vtt"
    path.write_text("WEBVTT\n\nNOTE rien ici\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_file(path, "rien.vtt", FileSettings())
    assert info.value.code == "LS225"


def test_kind_and_title_from_settings():
    (doc,) = read("subtitles/standard.srt", kind="note", title="Table ronde").documents
    assert doc.kind == "note"
    assert doc.title == "Table ronde"
