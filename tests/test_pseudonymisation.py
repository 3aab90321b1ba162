"""Pseudonymisation of a project: consistent pseudonyms, speakers, the register and its
decisions, and a corpus seeded with personal data whose shared outputs hold none of it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from labsynth.anonymise import pseudonymise
from labsynth.anonymise.ledger import ledger_paths, read_decisions, write_ledger
from labsynth.corpus import read_corpus
from labsynth.project import load_project

LABSYNTH = Path(sys.executable).parent / "labsynth"

# fictional data: ARCEP fiction phone ranges, checksum-valid but invented NIR and IBAN
EMAIL = "nadia.benali@example.org"
PHONE = "06 39 98 12 34"
NIR = "2 87 03 75 112 034 63"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
ADDRESS = "12 rue des Lilas, 31000 Toulouse"
SEEDED = ["Nadia Benali", "Benali", "Samia", "Claire Dumas", "Dumas", "Lefebvre", "Kévin",
          EMAIL, PHONE, NIR, IBAN, "rue des Lilas", "3 mars 1987", "jean.dupont"]

INTERVIEW_1 = f"""Entretien à Toulouse, printemps 2025

Claire Dumas : Bonjour, vous pouvez vous présenter ?
Nadia Benali : Oui, Nadia Benali, je suis née le 3 mars 1987, j'habite au {ADDRESS}.
Le bus pour aller au travail ne passe qu'une fois le matin, sans voiture c'est compliqué.
Claire Dumas : Et votre famille ?
Nadia Benali : Ma sœur Samia m'emmène à la gare quand le car est supprimé. Samia Benali
travaille à Albi. Vous pouvez me rappeler au {PHONE} ou m'écrire à {EMAIL}.
Claire Dumas : Merci. Autre chose sur les transports ?
Nadia Benali : Le train liO est toujours en retard, le car scolaire aussi, la gare est loin.
"""

INTERVIEW_2 = f"""Entretien à Albi

Claire Dumas : Parlez-moi du logement.
Kévin : Mon loyer mange tout mon salaire, trouver un logement étudiant est impossible.
Madame Lefebvre de la mission locale m'a aidé, mais Samia aussi, la sœur de Nadia.
Claire Dumas : Et pour payer ?
Kévin : Mon IBAN c'est {IBAN}, la CAF a mon numéro de sécu {NIR}. Le logement coûte cher.
"""


def _contributions() -> str:
    rows = ["Identifiant;Pseudo;Profil;Contribution"]
    texts = ["Le bus du matin ne passe plus, la gare est trop loin sans voiture.",
             "Mon loyer à Toulouse est trop cher, le logement étudiant manque.",
             "Le train et le car sont toujours en retard, le transport est un enfer.",
             "Trouver un logement avec un petit loyer est impossible pour un apprenti."]
    for i in range(24):
        extra = f" Contactez Mme Lefebvre au {PHONE}." if i == 5 else ""
        author = "jean.dupont" if i == 7 else f"contrib{i}"
        rows.append(f"C{i:03d};{author};{['Lycéen·ne', 'Étudiant·e'][i % 2]};"
                    f"{texts[i % 4]} (avis {i}){extra}")
    return "\n".join(rows) + "\n"


YML = """\
title: "Essai pseudonymisation"
interviewers: [Claire Dumas]
themes: {n_themes: 2, seed: 0}
sources:
  - files: "avis.csv"
    kind: contribution
    text_column: Contribution
    id_column: Identifiant
    author_column: Pseudo
    metadata_columns: [Profil]
  - files: "entretiens/*"
    kind: interview
"""


@pytest.fixture
def seeded(make_project):
    root = make_project({"avis.csv": _contributions(),
                         "entretiens/entretien_benali.txt": INTERVIEW_1,
                         "entretiens/entretien_kevin.txt": INTERVIEW_2}, YML, name="seme")
    return load_project(root)


@pytest.fixture
def pseudo(seeded):
    return pseudonymise(seeded, read_corpus(seeded))


def _pseudonyms_of(pseudo, original: str) -> set[str]:
    return {r.pseudonym for r in pseudo.replacements if r.original == original}


def test_speakers_become_participants_and_interviewers(pseudo):
    speakers = set(pseudo.speakers.values())
    assert "Enquêteur·rice 1" in speakers and "Enquêteur·rice 2" not in speakers
    assert {"Participant·e 1", "Participant·e 2"} <= speakers
    nadia = [p for (doc, label), p in pseudo.speakers.items() if label == "Nadia Benali"]
    assert nadia and nadia[0].startswith("Participant·e")


def test_the_same_person_has_the_same_pseudonym_everywhere(pseudo):
    samia = _pseudonyms_of(pseudo, "Samia") | _pseudonyms_of(pseudo, "Samia Benali")
    assert len(samia) == 1 and next(iter(samia)).startswith("Personne")
    lefebvre = {r.pseudonym for r in pseudo.replacements if "Lefebvre" in r.original}
    assert len(lefebvre) == 1
    # the participant's own name in her turn is her speaker pseudonym
    nadia = {r.pseudonym for r in pseudo.replacements if r.original in ("Nadia Benali",)}
    assert nadia and all(p.startswith("Participant·e") for p in nadia)


def test_every_kind_is_replaced_and_nothing_seeded_is_left(pseudo, seeded):
    kinds = {r.kind for r in pseudo.replacements}
    assert {"PER", "EMAIL", "TEL", "NIR", "IBAN", "ADRESSE", "DATE_NAISSANCE"} <= kinds
    shared = pseudo.apply(read_corpus(seeded).segments)
    text = "\n".join(shared["text"]) + "\n".join(shared["speaker"].dropna()) \
        + "\n".join(shared["path"])
    for seed in SEEDED:
        assert seed.casefold() not in text.casefold(), seed
    assert "Toulouse" in text and "Albi" in text  # towns are kept
    assert "entretien_P" in "".join(shared["path"])


def test_register_decisions_apply_on_the_next_run(seeded, pseudo):
    csv, xlsx = write_ledger(seeded, pseudo)
    assert csv.is_file() and xlsx.is_file() and csv.parent.name == "pseudonymisation"
    table = pd.read_csv(csv, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert {"identifiant", "texte d'origine", "remplacé par", "contexte", "décision"} \
        <= set(table.columns)
    row = table.index[table["texte d'origine"] == "Samia"][0]
    table.loc[row, "décision"] = "Garder"  # a false positive, says the designer
    table.loc[len(table)] = {c: "" for c in table.columns} | {"texte d'origine": "liO"}
    table.to_csv(csv, index=False, encoding="utf-8-sig")
    (csv.parent / "registre.xlsx").unlink()
    decisions = read_decisions(seeded)
    assert table.loc[row, "identifiant"] in decisions.keep_ids and "liO" in decisions.names
    again = pseudonymise(seeded, read_corpus(seeded))
    kept = [r for r in again.replacements if r.kept]
    assert len(kept) == 1 and kept[0].original == "Samia"
    assert any(r.original == "liO" for r in again.replacements if not r.kept)
    write_ledger(seeded, again)  # the decision and the added name survive a rewrite
    decisions = read_decisions(seeded)
    assert len(decisions.keep_ids) == 1 and "liO" in decisions.names


def test_project_keep_and_names(make_project):
    yml = YML + "pseudonymisation:\n  names: [liO]\n  keep: [Samia]\n"
    root = make_project({"avis.csv": _contributions(),
                         "entretiens/entretien_benali.txt": INTERVIEW_1}, yml, name="p")
    project = load_project(root)
    done = pseudonymise(project, read_corpus(project))
    originals = {r.original for r in done.replacements}
    assert "Samia" not in originals and "liO" in originals


def test_register_never_in_the_repository():
    ignored = Path(__file__).resolve().parent.parent / ".gitignore"
    assert "corpora/*/pseudonymisation/" in ignored.read_text(encoding="utf-8")


def _texts_of_outputs(folder: Path) -> str:
    """Every text of every shared output under ``folder``: HTML, CSV, XLSX cells."""
    import openpyxl

    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".html", ".csv", ".md", ".ipynb"):
            parts.append(path.read_text(encoding="utf-8-sig"))
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            for sheet in book.worksheets:
                parts.extend(str(v) for row in sheet.iter_rows(values_only=True) for v in row
                             if v is not None)
    return "\n".join(parts)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.slow
def test_seeded_corpus_shares_none_of_its_personal_data(seeded, tmp_path):
    corpora = seeded.root.parent
    run = [str(LABSYNTH), "--corpora", str(corpora)]
    for command in (["themes", "seme"], ["ingest", "seme"],
                    ["ingest", "seme", "-o", "reports/seme/segments.xlsx"],
                    ["report", "seme"]):
        done = subprocess.run([*run, *command], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, (command, done.stderr)
    outputs = tmp_path / "reports" / "seme"
    assert (outputs / "insight_report.html").is_file() and (outputs / "themes.xlsx").is_file()
    shared = _texts_of_outputs(outputs)
    for seed in SEEDED:
        assert seed.casefold() not in shared.casefold(), seed
    digits = _digits(shared)
    for number in (PHONE, NIR, IBAN):
        assert _digits(number) not in digits, number
    html = (outputs / "insight_report.html").read_text(encoding="utf-8")
    assert "Données pseudonymisées" in html and "Participant·e" in html
    # the register, in the project folder, is the only place the data is kept
    done = subprocess.run([*run, "anonymise", "seme"], capture_output=True, text=True,
                          cwd=tmp_path)
    assert done.returncode == 0 and "Registre à relire" in done.stdout, done.stderr
    # the command says whether the register was reviewed (never, here: it was only written)
    assert "Registre pas encore relu" in done.stdout, done.stdout
    assert "Nadia Benali" in ledger_paths(seeded)[0].read_text(encoding="utf-8-sig")
    assert seeded.root in ledger_paths(seeded)[0].parents


@pytest.mark.slow
def test_opting_out_is_said_on_the_first_screen(make_project, tmp_path):
    yml = YML + "pseudonymisation:\n  enabled: false\n"
    root = make_project({"avis.csv": _contributions(),
                         "entretiens/entretien_benali.txt": INTERVIEW_1}, yml, name="brut")
    done = subprocess.run([str(LABSYNTH), "report", str(root), "-p", "sections",
                           "[chiffres, themes]"], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "reports" / "brut" / "insight_report.html").read_text(encoding="utf-8")
    cover = html[:html.index("Chiffres clés")]
    assert "Texte brut : pseudonymisation désactivée" in cover
