"""The insight report: parameters, content, charts, pages, workbook, notebook, runs."""

from __future__ import annotations

import ast
import itertools
import json
import re
import zipfile
from pathlib import Path

import pytest

from labsynth import pages
from labsynth.charts import heatmap, theme_sizes
from labsynth.errors import ReportError
from labsynth.export import write_workbook
from labsynth.insights import build_insights, questions
from labsynth.project import load_project
from labsynth.report import (
    NOTEBOOK,
    SECTIONS,
    ReportParams,
    _french_error,
    _render_html,
    _step_of,
    parse_assignments,
    validate_parameters,
)

TOPICS = {
    "transport": ["Le bus ne passe qu'une fois le matin, le car rate la correspondance du train.",
                  "Sans permis ni voiture, le car scolaire reste mon seul transport.",
                  "Les horaires du bus et du train ne collent pas, la gare est loin du village."],
    "logement": ["Mon loyer à Toulouse mange tout mon salaire, le logement coûte trop cher.",
                 "Trouver un logement étudiant ou une colocation avec un petit loyer.",
                 "Les résidences universitaires sont pleines, les loyers des studios explosent."],
    "santé": ["J'ai attendu six mois pour voir un psy, le stress m'a épuisée.",
              "L'anxiété et l'isolement, personne n'en parle, la santé mentale est oubliée.",
              "Des crises d'angoisse avant les examens, aucun soutien psychologique."],
}
PROFILES = ["Lycéen·ne", "Étudiant·e", "Apprenti·e"]
DEPARTMENTS = ["Tarn", "Gers", "Aude", "Lot"]


#: what each author adds: a theme quotes the same words once, so the authors of one
#: topic's sentence do not all say exactly the same thing
REMARKS = ["Ma sœur vit pareil à Castres.", "Mes voisins aussi, depuis trois ans.",
           "On en parle souvent au club.", "Rien n'a bougé depuis l'an dernier.",
           "Mon cousin a déménagé pour ça.", "La mairie le sait bien.",
           "C'est écrit partout sur les réseaux.", "Les profs nous le répètent.",
           "Mes parents en ont marre aussi.", "Au foyer, tout le monde pareil.",
           "Ça dure depuis le collège.", "Même les anciens le disent."]


def _contributions(n: int = 36) -> str:
    lines = ["Identifiant;Date;Pseudo;Profil;Département;Contribution"]
    topics = sorted(TOPICS.items())
    for i in range(n):
        _name, texts = topics[i % 3]
        lines.append(f"C{i:03d};2025-0{3 + i % 3}-{10 + i % 9};auteur{i};{PROFILES[i % 3]};"
                     f"{DEPARTMENTS[i % 4]};{texts[i // 3 % 3]} {REMARKS[i // 3 % 12]} "
                     f"(avis {i}) <b>&</b>")
    return "\n".join(lines) + "\n"


INTERVIEW = """Entretien à Albi

Enquêtrice : Comment venez-vous au lycée ?
Léa : Le bus ne passe qu'une fois le matin, et le car rate la correspondance du train.
Enquêtrice : Et le logement ?
Léa : Mon loyer mange tout, trouver un logement étudiant est impossible.
Enquêtrice : Autre chose ?
Léa : Le stress des examens, aucun soutien psychologique, j'ai attendu un psy six mois.
"""

YML = """\
title: "Essai de rapport"
description: "Projet d'essai, fictif."
themes: {n_themes: 3, seed: 0}
sources:
  - files: "avis.csv"
    kind: contribution
    text_column: Contribution
    id_column: Identifiant
    date_column: Date
    author_column: Pseudo
    metadata_columns: [Profil, Département]
  - files: "e1.txt"
    kind: interview
    date: 2025-03-01
    metadata: {Profil: "Lycéen·ne", Département: Tarn}
  - files: "e2.txt"
    kind: interview
    date: 2025-03-08
    metadata: {Profil: "Étudiant·e", Département: Gers}
"""


@pytest.fixture
def report_project(make_project):
    root = make_project({"avis.csv": _contributions(), "e1.txt": INTERVIEW,
                         "e2.txt": INTERVIEW.replace("Léa", "Noé")}, YML, name="essai")
    return load_project(root)


@pytest.fixture
def insights(report_project):
    return build_insights(report_project)


# --- parameters --------------------------------------------------------------------------

def test_parameters_defaults_and_yaml_values():
    params = validate_parameters({"project": "demo"})
    assert params.sections == list(SECTIONS) and params.quotes_per_theme == 4
    values = parse_assignments([("n_themes", "8"), ("sections", "[themes, methode]"),
                                ("cross_by", "Profil"), ("seed", "null"), ("n_themes", "auto")])
    assert values == {"n_themes": "auto", "sections": ["themes", "methode"],
                      "cross_by": "Profil", "seed": None}
    params = validate_parameters({"project": "demo", **values})
    assert params.cross_by == ["Profil"] and params.n_themes == "auto"


def test_every_parameter_problem_is_reported_at_once_in_french():
    with pytest.raises(ReportError) as caught:
        validate_parameters({"project": "demo", "n_theme": 5, "seed": "abc",
                             "quotes_per_theme": 9, "sections": ["themes", "resume"],
                             "n_themes": True})
    message = str(caught.value)
    assert caught.value.code == "LS601" and "rien n'a été exécuté" in message
    assert "paramètre inconnu « n_theme »" in message and "« n_themes » ?" in message
    assert "seed : attendu un nombre entier ≥ 0 ; reçu 'abc'" in message
    assert "quotes_per_theme : attendu un nombre entier de 3 à 5" in message
    assert "sections (élément 2)" in message and "'resume'" in message
    assert "n_themes : attendu « auto » ou un nombre entier ≥ 2 ; reçu True" in message


def test_cross_by_is_checked_against_the_project(report_project):
    validate_parameters({"project": "essai", "cross_by": ["Profil"]}, report_project)
    with pytest.raises(ReportError, match="Ville inconnue"):
        validate_parameters({"project": "essai", "cross_by": "Ville"}, report_project)


def test_the_notebook_parameters_are_the_schema():
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    tagged = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    names = [node.targets[0].id for node in ast.parse("".join(tagged[0]["source"])).body
             if isinstance(node, ast.Assign)]
    assert names == list(ReportParams.model_fields)
    # stored clean: no outputs, no execution counts; every other cell names its step
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in cells)
    for cell in cells:
        if cell is not tagged[0]:
            assert "".join(cell["source"]).startswith("# Étape : ")
    assert notebook["metadata"]["kernelspec"]["name"] == "labsynth"


def test_failing_cell_and_error_are_named_in_french():
    assert _step_of("# Étape : saturation des entretiens\nx = 1", 8) == \
        "« saturation des entretiens » (cellule 8)"
    assert _step_of("x = 1", 3) == "cellule 3"
    assert _french_error("ReportError", "[LS604] 2 verbatim(s)...") == "[LS604] 2 verbatim(s)..."
    assert "erreur Python inattendue (KeyError : 'x')" in _french_error("KeyError", "'x'")


# --- content -----------------------------------------------------------------------------

def test_questions_are_built_on_the_theme_name():
    asked = questions("Se loger quand on débute", "name", ("Profil", "Étudiant·e"), 4)
    assert len(asked) == 4 and all(q.startswith("Comment pourrions-nous") for q in asked)
    assert all(q.endswith(" ?") for q in asked)
    quoted = {w for q in asked for w in re.findall(r"« ([^»]+) »", q)}
    assert quoted == {"Se loger quand on débute", "Profil : Étudiant·e"}
    assert all("le thème « Se loger quand on débute »" in q for q in asked)
    assert len(questions("Transport à la demande", "auto", None, 4)) == 3
    # never a bare keyword: a one-word provisional label gives no question
    assert questions("Logement", "auto", None, 3) == []
    assert len(questions("Logement", "name", None, 3)) == 3
    assert questions("Se loger", "name", None, 0) == []


def test_insights_of_a_project(insights, report_project):
    f = insights.figures
    assert (f.n_interviews, f.n_contributions, f.n_themes) == (2, 36, 3)
    assert f.n_segments == len(insights.run.themes.segments)
    assert f.n_participants == 38  # two interviews, 36 authors
    assert list(insights.crosstabs) == ["Profil", "Département"]
    for card in insights.cards:
        assert 3 <= len(card.quotes) <= 4 and card.questions
        for quote in card.quotes:  # verbatim: the exact slice of the raw file's text
            assert quote.text in (report_project.raw_dir / quote.path).read_text("utf-8")
            assert quote.path in quote.provenance
    assert insights.n_quotes_checked >= 9
    assert len(insights.fingerprint) == 64 and insights.versions["spacy"] != "absent"
    assert insights.saturation.n_themes >= 1 and len(insights.timeline.columns) >= 2


def test_fingerprint_follows_the_files(report_project, insights):
    from labsynth.insights import corpus_fingerprint

    assert corpus_fingerprint(report_project) == insights.fingerprint
    (report_project.raw_dir / "e2.txt").write_text(INTERVIEW + "\nLéa : Merci.\n",
                                                   encoding="utf-8")
    assert corpus_fingerprint(report_project) != insights.fingerprint


def test_unknown_cross_column_fails_loudly(report_project):
    with pytest.raises(ReportError, match="LS605"):
        build_insights(report_project, cross_by=["Ville"], save=False)


# --- charts and pages --------------------------------------------------------------------

def test_charts_are_deterministic_and_described(insights):
    table = insights.run.themes.themes
    first, second = theme_sizes(table), theme_sizes(table)
    assert first.svg == second.svg and "<svg" in first.svg
    assert "Diagramme en barres" in first.alt and table.iloc[0]["label"] in first.alt
    chart = heatmap(insights.crosstabs["Profil"], "Profil")
    assert "Carte de chaleur" in chart.alt and "Profil" in chart.alt


def _page(insights) -> str:
    sections = list(SECTIONS)
    return "".join([pages.cover(insights, sections), pages.sizes(insights),
                    pages.theme_cards(insights), pages.crossings(insights),
                    pages.saturation(insights), pages.timeline_section(insights),
                    pages.method(insights)])


def test_pages_outline_alt_texts_and_escaping(insights):
    html = _page(insights)
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) == 5  # sizes, two heatmaps, saturation, timeline
    assert all(re.search(r'alt="[^"]{40,}"', img) for img in images)
    # markup in the texts is never quoted (and never rendered)
    assert "<b>" not in html and "&lt;b&gt;" not in html
    for card in insights.cards:
        assert f'id="{card.theme_id}"' in html
        assert not card.questions or card.questions[0].split("«")[0] in html
    # what the designer types is shown as typed, never as HTML
    import dataclasses

    card = dataclasses.replace(insights.cards[0], label="Se loger <b>vite</b> & bien")
    typed = pages.theme_cards(dataclasses.replace(insights, cards=[card]))
    assert "<b>vite" not in typed and "Se loger &lt;b&gt;vite&lt;/b&gt; &amp; bien" in typed
    assert insights.fingerprint in html and "Aucun : chaque fichier" in html
    assert pages.cover(insights, ["themes"]).count("Chiffres clés") == 0


def test_the_page_refuses_anything_external(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from labsynth.report import TEMPLATES

    nb = new_notebook(cells=[new_code_cell("x", outputs=[new_output(
        "display_data", data={"text/html": '<img alt="x" src="https://cdn.example.org/a.png">',
                              "text/plain": "x"})])])
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ReportError, match="LS606"):
        _render_html(path, "Essai", TEMPLATES)
    nb.cells[0].outputs[0].data["text/html"] = "<p>Bonjour</p>"
    nbformat.write(nb, path)
    body = _render_html(path, "Essai <&>", TEMPLATES)
    assert '<html lang="fr">' in body and "<title>Essai &lt;&amp;&gt;</title>" in body
    assert "<p>Bonjour</p>" in body and "<script" not in body and ">x<" not in body


def test_workbook_sheets(insights, tmp_path):
    path = write_workbook(insights.sheets(), tmp_path / "out" / "themes.xlsx")
    import openpyxl

    assert zipfile.is_zipfile(path)
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    assert names == ["Thèmes", "Verbatims", "Affectations", "Participants par Profil",
                     "Participants par Département", "Saturation", "Chronologie",
                     "À propos"]
    import pandas as pd

    about = pd.read_excel(path, sheet_name="À propos").set_index("élément")["valeur"]
    assert about["exécution (run_id)"] == insights.run.run_id

    quotes = pd.read_excel(path, sheet_name="Verbatims")
    assert len(quotes) == sum(len(c.quotes) for c in insights.cards)
    assert set(quotes.columns) >= {"thème", "verbatim", "provenance"}


def test_workbook_refuses_other_suffixes(tmp_path):
    from labsynth.errors import LabsynthError

    with pytest.raises(LabsynthError, match="LS301"):
        write_workbook({}, tmp_path / "a.csv")


def test_report_notebook_exists_where_the_command_looks():
    assert NOTEBOOK.is_file() and Path(NOTEBOOK).parent.name == "notebooks"


def test_people_counts_each_voice_and_no_field_note():
    import pandas as pd

    from labsynth.insights import _people

    segments = pd.DataFrame({
        "doc_id": ["e1", "e1", "e1", "e1", "e2", "c1", "c2", "c3", "n1"],
        "kind": ["interview"] * 5 + ["contribution"] * 3 + ["note"],
        "speaker": ["Lucienne", "Marcel", "Nadia", "Lucienne", None, "A. B.", "A. B.", None,
                    None],
        "role": ["participant", "participant", "interviewer", "participant", None, None,
                 None, None, None],
    })
    # Lucienne and Marcel, the interview without turns, two authors (one anonymous row)
    assert _people(segments) == 5


def test_the_report_command_leaves_the_theme_discovery_to_the_notebook(tmp_path):
    """`labsynth report` checks the project's files, reads the corpus and starts the
    notebook, whose kernel finds the themes: the command's own process never imports
    scikit-learn and SciPy (about a second on 2 cores, paid before the notebook starts)."""
    import subprocess
    import sys

    from .nlp_conftest_helpers import copy_demo

    project = copy_demo(tmp_path)
    code = (
        "import sys\n"
        "from labsynth.corpus import read_corpus\n"
        "from labsynth.errors import ReportError\n"
        "from labsynth.report import render_report\n"
        f"read_corpus({str(project)!r})\n"
        "try:\n"
        f"    render_report({str(project)!r}, {{'output_dir': {str(tmp_path / 'out')!r}}},\n"
        "                  kernel='absent-kernel')\n"
        "except ReportError as error:\n"
        "    assert error.code == 'LS602', error\n"
        "print(sorted(m for m in ('labsynth.themes', 'scipy', 'sklearn') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert out.stdout.strip() == "[]"
