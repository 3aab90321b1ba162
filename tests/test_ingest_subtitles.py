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


# --- files built in tmp_path: regressions ------------------------------------------------------

def read_text(tmp_path, name: str, content: str, **settings):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return read_file(path, name, FileSettings(**settings))


def check_invariants(doc) -> None:
    """Turns are clean slices; each cue's anchor points at its timing line."""
    for turn in doc.turns:
        piece = doc.text[turn.start:turn.end]
        assert piece and piece == piece.strip(), turn
        assert doc.line_at(turn.start) == turn.line, turn
    offsets = [offset for offset, _ in doc.line_anchors]
    assert offsets == sorted(offsets)


def test_vtt_cue_glued_to_header_is_kept(tmp_path):
    result = read_text(tmp_path, "atelier.vtt", (
        "WEBVTT\n"
        "00:00:01.000 --> 00:00:03.000\n"
        "<v Léa>Bonjour, merci d’être venue.</v>\n"
        "\n"
        "00:00:03.500 --> 00:00:06.000\n"
        "<v Claire>Avec plaisir, je viens de Saint-Girons.</v>\n"))
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert [t.speaker for t in doc.turns] == ["Léa", "Claire"]
    assert turn_texts(doc) == ["Bonjour, merci d’être venue.",
                               "Avec plaisir, je viens de Saint-Girons."]
    assert [t.line for t in doc.turns] == [2, 5]
    assert doc.turns[0].time_start == pytest.approx(1.0)
    assert "WEBVTT" not in doc.text
    check_invariants(doc)


def test_vtt_cue_glued_to_header_lines_note_and_style_is_kept(tmp_path):
    result = read_text(tmp_path, "reunion.vtt", (
        "WEBVTT\n"
        "Kind: captions\n"
        "Language: fr\n"
        "1\n"
        "00:00:01.000 --> 00:00:03.000\n"
        "<v Léa>On commence.</v>\n"
        "\n"
        "STYLE\n"
        "::cue { color: white; }\n"
        "00:00:03.000 --> 00:00:05.000\n"
        "<v Karim>Je prends le car à Massat.</v>\n"
        "\n"
        "NOTE relu par l’équipe\n"
        "00:00:05.000 --> 00:00:07.000\n"
        "<v Léa>Tous les jours ?</v>\n"))
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert [t.speaker for t in doc.turns] == ["Léa", "Karim", "Léa"]
    assert turn_texts(doc) == ["On commence.", "Je prends le car à Massat.",
                               "Tous les jours ?"]
    assert [t.line for t in doc.turns] == [5, 10, 14]
    for skipped in ("Kind", "Language", "::cue", "relu"):
        assert skipped not in doc.text
    check_invariants(doc)


ZOOM = (
    "WEBVTT\n\n"
    "1\n00:00:01.000 --> 00:00:04.000\n"
    "lea.martin: Bonjour, vous m’entendez bien ?\n\n"
    "2\n00:00:04.500 --> 00:00:07.000\n"
    "iPhone de Léa: Oui, très bien. Je suis dans le bus: ça capte mal.\n\n"
    "3\n00:00:07.000 --> 00:00:09.000\n"
    "iPhone de Léa: Je descends à Foix.\n\n"
    "4\n00:00:09.500 --> 00:00:12.000\n"
    "lea.martin: Parfait, on peut commencer.\n\n"
    "5\n00:00:12.000 --> 00:00:14.000\n"
    "Première question : combien de trajets par semaine ?\n\n"
)


def test_zoom_display_names_as_prefixes(tmp_path):
    result = read_text(tmp_path, "zoom.vtt", ZOOM, interviewers=("lea.martin",))
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert [t.speaker for t in doc.turns] == ["lea.martin", "iPhone de Léa", "lea.martin"]
    assert [t.role for t in doc.turns] == ["interviewer", "participant", "interviewer"]
    assert turn_texts(doc) == [
        "Bonjour, vous m’entendez bien ?",
        "Oui, très bien. Je suis dans le bus: ça capte mal. Je descends à Foix.",
        "Parfait, on peut commencer. Première question : combien de trajets par semaine ?"]
    assert [t.time_start for t in doc.turns] == pytest.approx([1.0, 4.5, 9.5])
    assert [t.time_end for t in doc.turns] == pytest.approx([4.0, 9.0, 14.0])
    assert doc.line_at(doc.text.index("Je descends")) == 12
    assert doc.line_at(doc.text.index("Première question")) == 20
    check_invariants(doc)


def test_lowercase_prefix_seen_once_needs_declaration(tmp_path):
    content = (
        "00:00:01 --> 00:00:04\nAnimatrice: Bonjour à vous.\n\n"
        "00:00:04 --> 00:00:08\ntablette salle 2: Bonjour, on est trois ici.\n\n"
        "00:00:08 --> 00:00:10\nAnimatrice: Merci.\n\n")
    (doc,) = read_text(tmp_path, "once.srt", content).documents
    assert [t.speaker for t in doc.turns] == ["Animatrice"]
    assert "tablette salle 2: Bonjour" in turn_texts(doc)[0]
    (doc,) = read_text(tmp_path, "once.srt", content,
                       speakers=("tablette salle 2",)).documents
    assert [t.speaker for t in doc.turns] == ["Animatrice", "tablette salle 2", "Animatrice"]
    assert turn_texts(doc)[1] == "Bonjour, on est trois ici."
    check_invariants(doc)


def test_recurring_prefixes_that_are_not_names(tmp_path):
    content = "WEBVTT\n\n" + "".join(
        f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 1:02d}.000\n{line}\n\n"
        for i, line in enumerate([
            "2024: première année du service.", "2024: on a doublé les trajets.",
            "voir http: le site de la mairie.", "voir http: le site de la mairie.",
            "tu vois ? bon : on avance.", "tu vois ? bon : on avance.",
            "remarque : il rit.", "remarque : il rit.",
            "un deux trois quatre cinq six: trop long pour un nom.",
            "un deux trois quatre cinq six: trop long pour un nom."]))
    (doc,) = read_text(tmp_path, "pas_des_noms.vtt", content).documents
    (turn,) = doc.turns
    assert turn.speaker is None
    assert doc.text.startswith("2024: première année")
    check_invariants(doc)


def test_timings_without_milliseconds(tmp_path):
    srt = read_text(tmp_path, "sans_ms.srt", (
        "1\n00:00:01 --> 00:00:04\nEnquêtrice : Vous habitez loin du bourg ?\n\n"
        "2\n00:00:04 --> 00:00:09\nMarcel : À six kilomètres, sans voiture c’est dur.\n\n"
        "3\n00:00:09,500 --> 00:00:12\nEnquêtrice : Et le car ?\n\n"
        "4\n00:00:12 --> 00:01:02\nMarcel : Deux fois par semaine.\n"))
    assert srt.refusals == [] and srt.warnings == []
    (doc,) = srt.documents
    assert [t.speaker for t in doc.turns] == ["Enquêtrice", "Marcel", "Enquêtrice", "Marcel"]
    assert [t.time_start for t in doc.turns] == pytest.approx([1.0, 4.0, 9.5, 12.0])
    assert [t.time_end for t in doc.turns] == pytest.approx([4.0, 9.0, 12.0, 62.0])
    check_invariants(doc)
    vtt = read_text(tmp_path, "sans_ms.vtt",
                    "WEBVTT\n\n00:01 --> 00:04\nBonjour.\n\n00:00:04 --> 00:00:06\nAu revoir.\n")
    (doc,) = vtt.documents
    assert doc.turns[0].time_start == pytest.approx(1.0)
    assert doc.turns[0].time_end == pytest.approx(6.0)


def test_no_readable_cue_says_why(tmp_path):
    path = tmp_path / "casse.srt"
    path.write_text("1\n00:00:01.000 -> 00:00:04.000\nBonjour à tous.\n\n"
                    "2\n00:00:xx,000 --> 00:00:09,000\nAu revoir.\n", encoding="utf-8")
    with pytest.raises(CorpusError) as info:
        read_file(path, "casse.srt", FileSettings())
    assert info.value.code == "LS225"
    assert info.value.line is None
    assert "ligne 1" in info.value.reason
    assert "sans ligne de minutage" in info.value.reason
    assert "Bonjour à tous" in info.value.reason
    assert "1 autre" in info.value.reason


def test_two_voices_in_one_cue_are_split(tmp_path):
    result = read_text(tmp_path, "teams_deux_voix.vtt", (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\n"
        "<v Claire>Bonjour Léa.</v>\n\n"
        "00:00:03.000 --> 00:00:05.000\n"
        "<v Claire>Tu prends le bus ?</v> <v Léa>Oui, tous les jours.</v>\n\n"
        "00:00:05.000 --> 00:00:08.000\n"
        "<v Léa>Sauf le dimanche, il n’y en a pas.</v>\n\n"
        "00:00:08.000 --> 00:00:09.000\n"
        "<v Claire>D’accord.</v><v Léa>Voilà.</v>\n"))
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert [t.speaker for t in doc.turns] == ["Claire", "Léa", "Claire", "Léa"]
    assert turn_texts(doc) == [
        "Bonjour Léa. Tu prends le bus ?",
        "Oui, tous les jours. Sauf le dimanche, il n’y en a pas.",
        "D’accord.", "Voilà."]
    assert [t.time_start for t in doc.turns] == pytest.approx([1.0, 3.0, 8.0, 8.0])
    assert [t.time_end for t in doc.turns] == pytest.approx([5.0, 8.0, 9.0, 9.0])
    assert [t.line for t in doc.turns] == [3, 6, 12, 12]
    assert doc.line_at(doc.text.index("Oui, tous")) == 6
    assert doc.line_at(doc.text.index("Sauf")) == 9
    check_invariants(doc)
