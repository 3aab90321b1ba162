"""Project themes: codebook decisions, ids kept across runs, change log, CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from labsynth.codebook import STATE_FILE, load_codebook, project_themes
from labsynth.errors import ProjectError
from labsynth.project import load_project

LABSYNTH = Path(sys.executable).parent / "labsynth"

TOPICS = {
    "bus": ["Le bus ne passe qu'une fois le matin, le car rate la correspondance du train.",
            "Sans permis ni voiture, le car scolaire reste mon seul transport vers la gare.",
            "Les horaires du bus et du train ne collent pas, la gare est loin du village.",
            "Un bus le soir et le dimanche, sinon pas de transport sans voiture.",
            "Le train liO supprimé, le car en retard, le permis trop cher."],
    "logement": ["Mon loyer à Toulouse mange tout mon salaire, le logement coûte trop cher.",
                 "Trouver un logement étudiant ou une colocation avec un petit loyer.",
                 "Payer deux loyers, un appartement près du CFA, un autre chez l'employeur.",
                 "Les résidences universitaires sont pleines, les loyers des studios explosent.",
                 "Une caution et un garant pour louer un appartement, impossible seul."],
    "psy": ["J'ai attendu six mois pour voir un psy, le stress m'a épuisée.",
            "L'anxiété et l'isolement, personne n'en parle, la santé mentale est oubliée.",
            "Un psychologue gratuit contre le stress, l'angoisse et la solitude.",
            "Des crises d'angoisse avant les examens, aucun soutien psychologique.",
            "La dépression touche mes amis, les consultations de psy coûtent cher."],
    "stage": ["Trouver un stage sans réseau est impossible, les entreprises ne répondent pas.",
              "Pour l'apprentissage il faut un patron, cinquante candidatures envoyées.",
              "Un stage dans une entreprise du coin, seulement par piston ou par relation.",
              "Les offres d'alternance demandent de l'expérience, aucun employeur ne répond.",
              "Rédiger un CV et une lettre de motivation pour un stage, personne n'aide."],
}


def _csv(rows: list[tuple[str, str, str]]) -> str:
    lines = ["Identifiant;Profil;Contribution"]
    lines += [f"{i};{p};{t}" for i, p, t in rows]
    return "\n".join(lines) + "\n"


def _rows(n_per_topic: int, start: int = 0) -> list[tuple[str, str, str]]:
    rows = []
    for t, (_topic, texts) in enumerate(sorted(TOPICS.items())):
        for i in range(n_per_topic):
            k = start + t * 1000 + i
            rows.append((f"C{k:05d}", ["Lycéen·ne", "Étudiant·e"][i % 2],
                         f"{texts[i % 5]} (avis {k})"))
    return rows


@pytest.fixture
def project(make_project):
    root = make_project({"avis.csv": _csv(_rows(12))},
                        "title: Essai\nthemes: {n_themes: 4, seed: 0}\n")
    return load_project(root)


def _topic_of(run, word: str) -> str:
    assigned = run.themes.segments.assign(theme_id=run.themes.assignments["theme_id"])
    return assigned[assigned["text"].str.contains(word)]["theme_id"].mode()[0]


def test_first_run_then_same_ids_and_no_change(project):
    first = project_themes(project)
    assert first.changes == ["Première exécution : les thèmes reçoivent leurs identifiants."]
    assert (project.root / STATE_FILE).is_file()
    again = project_themes(project)
    assert again.changes == ["Aucun changement depuis l'exécution précédente."]
    pd.testing.assert_frame_equal(first.themes.assignments, again.themes.assignments)


def test_ids_survive_a_growing_corpus(project):
    before = project_themes(project)
    ids = {w: _topic_of(before, w) for w in ("bus", "loyer", "psy", "stage")}
    more = [*_rows(12), *_rows(3, start=500)]
    (project.raw_dir / "avis.csv").write_text(_csv(more), encoding="utf-8")
    after = project_themes(project)
    assert {w: _topic_of(after, w) for w in ids} == ids
    # each size change says where the segments came from: here, the new contributions
    grown = [line for line in after.changes if "→" in line]
    assert grown and all(re.search(r"\(\+\d+ nouveaux?\)", line) for line in grown), grown


def test_codebook_names_merge_and_exclusions(project):
    run = project_themes(project)
    bus, psy, loyer = (_topic_of(run, w) for w in ("bus", "psy", "loyer"))
    sizes = run.themes.table().set_index("theme_id")["n_segments"]
    (project.root / "codebook.yml").write_text(
        f'names: {{{bus}: "Se déplacer sans voiture"}}\n'
        f"merge: [[{psy}, {loyer}]]\nexclude_words: [avis]\n", encoding="utf-8")
    named = project_themes(project)
    table = named.themes.table().set_index("theme_id")
    assert table.loc[bus, "label"] == "Se déplacer sans voiture"
    assert loyer not in table.index and psy in table.index
    assert table.loc[psy, "n_segments"] == sizes[psy] + sizes[loyer]
    assert all("avis" not in kw for kws in table["keywords"] for kw in kws)
    assert any(line.startswith(f"{bus} « Se déplacer sans voiture » : nommé dans codebook.yml")
               for line in named.changes), named.changes
    assert any(line.startswith(f"{loyer} ") and f"fusionné dans {psy} (codebook.yml)" in line
               for line in named.changes), named.changes
    assert not any("renommé" in line or "disparu" in line for line in named.changes)
    assert int(table["n_segments"].sum()) == 48
    again = project_themes(project)  # the merge keeps applying: nothing new appears
    assert again.changes == ["Aucun changement depuis l'exécution précédente."]
    (project.root / "codebook.yml").write_text(
        f'names: {{{bus}: "Prendre le car"}}\nmerge: [[{psy}, {loyer}]]\n'
        "exclude_words: [avis]\n", encoding="utf-8")
    renamed = project_themes(project)
    assert renamed.changes == [f"{bus} « Prendre le car » : renommé (avant : « Se déplacer "
                               "sans voiture »)."]
    # the merged theme grows: its size line is there too (a designer saw none)
    (project.raw_dir / "avis.csv").write_text(_csv([*_rows(12), *_rows(3, start=500)]),
                                              encoding="utf-8")
    grown = project_themes(project)
    assert any(line.startswith(f"{psy} ") and "→" in line and "nouveaux" in line
               for line in grown.changes), grown.changes


def test_seed_theme_is_found_first(make_project):
    root = make_project({"avis.csv": _csv(_rows(12))}, "title: Essai\nthemes: {n_themes: 4}\n")
    (root / "codebook.yml").write_text(
        'seeds:\n  - name: "Santé mentale"\n    keywords: [psy, stress, anxiété]\n',
        encoding="utf-8")
    run = project_themes(load_project(root))
    first = run.themes.table().iloc[0]
    assert (first["theme_id"], first["label"], first["seeded"]) == ("T01", "Santé mentale", True)
    assert _topic_of(run, "psy") == "T01"


def test_codebook_mistakes_are_located(project):
    (project.root / "codebook.yml").write_text("names: {T01: 3}\nfusion: []\n",
                                               encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_codebook(project)
    joined = "\n".join(info.value.problems)
    assert "ligne 1, names.T01 : attendu un texte" in joined
    assert "ligne 2, fusion : clé inconnue" in joined


def test_theme_ids_are_checked_before_any_work(project):
    (project.root / "codebook.yml").write_text(
        'names: {T6: "Santé", T01: "Bus"}\nmerge: [[T01, t 3]]\nsplit: [Thème 2]\n',
        encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_codebook(project)
    joined = "\n".join(info.value.problems)
    assert "ligne 1, names.T6 : « T6 » n'est pas un identifiant de thème : écrivez « T06 »" \
        in joined, joined
    assert "ligne 2, merge[1][2] : « t 3 » n'est pas un identifiant de thème : écrivez « T03 »" \
        in joined, joined
    assert "ligne 3, split[1] : « Thème 2 » n'est pas un identifiant de thème : les " \
        "identifiants sont ceux de themes.csv" in joined, joined


def test_a_seed_nothing_is_about_changes_nothing(project):
    before = project_themes(project)
    # with an example sentence too: its sentence vector sits near some segments, and a
    # cluster started there was named after it (found by a designer)
    (project.root / "codebook.yml").write_text(
        'seeds:\n  - name: "Voyages"\n    keywords: [avion, croisière, passeport]\n'
        '    examples: ["Nous aimerions partir en croisière ou prendre l\'avion pour voir nos '
        'petits-enfants au Canada."]\n', encoding="utf-8")
    after = project_themes(project)
    pd.testing.assert_frame_equal(before.themes.assignments, after.themes.assignments)
    assert "Voyages" not in set(after.themes.table()["label"])
    assert any(line.startswith("Thème attendu « Voyages » (codebook.yml, seeds) : aucun "
                               "thème n'en parle") and "ne nomme ni ne déplace rien" in line
               for line in after.changes), after.changes


def test_a_seed_takes_over_the_theme_that_says_its_words(project):
    before = project_themes(project)
    bus = _topic_of(before, "bus")
    (project.root / "codebook.yml").write_text(
        'seeds:\n  - name: "Se déplacer"\n    keywords: [bus, car, train]\n',
        encoding="utf-8")
    after = project_themes(project)
    table = after.themes.table().set_index("theme_id")
    assert table.loc[bus, "label"] == "Se déplacer" and bool(table.loc[bus, "seeded"])
    assert len(table) == len(before.themes.table())  # no cluster added beside it
    pd.testing.assert_frame_equal(before.themes.assignments, after.themes.assignments)


def test_a_merge_keeps_its_first_id_when_that_theme_is_not_found(project):
    """The designer merged B into A; a later run finds B's group but not A's (k-means put
    them together under B's id): the group is still shown as A, with A's name."""
    import json

    run = project_themes(project)
    psy = _topic_of(run, "psy")
    state = json.loads((project.root / STATE_FILE).read_text(encoding="utf-8"))
    state["archive"]["T09"] = {"label": "Soutien psychologique", "members": [],
                               "weights": {}, "last_seen": "2026-11-30T10:00:00"}
    (project.root / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    (project.root / "codebook.yml").write_text(
        f'names: {{T09: "Être écouté"}}\nmerge: [[T09, {psy}], [T42, T01]]\n',
        encoding="utf-8")
    merged = project_themes(project)
    table = merged.themes.table().set_index("theme_id")
    assert "T09" in table.index and psy not in table.index
    assert table.loc["T09", "label"] == "Être écouté"
    assert _topic_of(merged, "psy") == "T09"
    assert f"Fusion T09 + {psy} de codebook.yml : T09 absent de cette exécution ; le thème " \
        f"fusionné garde l'identifiant T09 ({psy} y entre)." in merged.changes
    assert "Fusion T42 + T01 de codebook.yml : T42 n'a jamais été un thème de ce projet " \
        "(faute de frappe ?) ; fusion non appliquée." in merged.changes
    assert not any("absents de cette exécution" in line for line in merged.changes)


@pytest.mark.slow
def test_cli_themes_on_demo_writes_files_and_keeps_ids(tmp_path):
    shutil.copytree(Path(__file__).parent.parent / "corpora" / "demo", tmp_path / "corpora/demo",
                    ignore=shutil.ignore_patterns(".labsynth-cache", STATE_FILE))
    run = subprocess.run([str(LABSYNTH), "themes", "demo"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "T00  Non classé" in run.stdout and "Première exécution" in run.stdout
    out = tmp_path / "reports" / "demo"
    themes = pd.read_csv(out / "themes.csv")
    assignments = pd.read_csv(out / "assignments.csv")
    assert themes["n_segments"].sum() == len(assignments)
    unclassified = themes.loc[themes["theme_id"] == "T00", "n_segments"].iloc[0]
    assert unclassified / len(assignments) <= 0.10
    assert (tmp_path / "corpora/demo/codebook.yml").is_file()
    again = subprocess.run([str(LABSYNTH), "themes", "demo"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=600)
    assert "Aucun changement" in again.stdout
    pd.testing.assert_frame_equal(assignments, pd.read_csv(out / "assignments.csv"))


@pytest.mark.slow
def test_cli_themes_on_a_table_keeps_every_row(tmp_path):
    rows = [*_rows(8), ("C99998", "Parent", ""), ("C99999", "Parent", "   ")]
    table = tmp_path / "export.csv"
    table.write_bytes(_csv(rows).encode("cp1252"))
    out = tmp_path / "classes.csv"
    run = subprocess.run([str(LABSYNTH), "themes", str(table), "--text-column", "Contribution",
                          "--id-column", "Identifiant", "-k", "4", "-o", str(out)],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    result = pd.read_csv(out, dtype=str)
    assert list(result.columns) == ["id", "theme_id", "theme_label", "score"]
    assert result["id"].tolist() == [r[0] for r in rows]
    assert result.set_index("id").loc[["C99998", "C99999"], "theme_id"].tolist() == ["T00"] * 2
    missing = subprocess.run([str(LABSYNTH), "themes", str(table), "-o", str(out)],
                             cwd=tmp_path, capture_output=True, text=True)
    assert missing.returncode == 2 and "--text-column" in missing.stderr


def test_quotes_are_checked_against_their_source(project):
    from labsynth.corpus import read_corpus
    from labsynth.themes import verify_quotes

    run = project_themes(project, save=False)
    assert run.not_verbatim == []
    documents = read_corpus(project).documents.copy()
    first_quote = run.themes.quote_ids["T01"][0]
    doc_id = run.themes.segments.set_index("segment_id").loc[first_quote, "doc_id"]
    documents.loc[documents["doc_id"] == doc_id, "text"] = "texte modifié"
    assert first_quote in verify_quotes(run.themes, documents)


def test_split_cuts_a_theme_in_two_and_keeps_the_new_id(project):
    run = project_themes(project)
    sizes = run.themes.table().set_index("theme_id")["n_segments"]
    target = sizes.drop("T00").idxmax()
    (project.root / "codebook.yml").write_text(f"split: [{target}]\n", encoding="utf-8")
    cut = project_themes(project)
    table = cut.themes.table().set_index("theme_id")
    new = [t for t in table.index if t not in sizes.index]
    assert len(new) == 1 and new[0] == "T05"  # a never-used id
    assert table.loc[target, "n_segments"] + table.loc[new[0], "n_segments"] == sizes[target]
    assert table.loc[target, "n_segments"] >= table.loc[new[0], "n_segments"] > 0
    assert int(table["n_segments"].sum()) == 48
    assert any(line.startswith(f"{target} scindé en deux (codebook.yml)") and new[0] in line
               for line in cut.changes), cut.changes
    assert not any("Nouveau thème" in line for line in cut.changes)
    assert cut.themes.quote_ids[new[0]]
    again = project_themes(project)
    assert again.changes == ["Aucun changement depuis l'exécution précédente."]
    pd.testing.assert_frame_equal(cut.themes.assignments, again.themes.assignments)


def test_an_exploratory_run_reads_the_memory_but_never_writes_it(project):
    from labsynth.outputs import output_folder

    first = project_themes(project)
    memory = (project.root / STATE_FILE).read_bytes()
    trial = project_themes(project, n_themes=3)
    assert trial.exploratory and not trial.saved and trial.overrides == {"n_themes": 3}
    assert (project.root / STATE_FILE).read_bytes() == memory
    assert output_folder(project, trial.overrides).parts[-2:] == ("essais", "n_themes-3")
    assert not project_themes(project, seed=0).exploratory  # the project's own seed
    again = project_themes(project)
    assert again.changes == ["Aucun changement depuis l'exécution précédente."]
    pd.testing.assert_frame_equal(first.themes.assignments, again.themes.assignments)


def test_the_journal_keeps_every_change_newest_first(project):
    from labsynth.codebook import JOURNAL_FILE

    first = project_themes(project)
    bus = _topic_of(first, "bus")
    journal = project.root / JOURNAL_FILE
    assert "Première exécution" in journal.read_text(encoding="utf-8")
    (project.root / "codebook.yml").write_text(f'names: {{{bus}: "Le car"}}\n',
                                               encoding="utf-8")
    named = project_themes(project)
    project_themes(project)  # nothing changed: nothing added
    text = journal.read_text(encoding="utf-8")
    assert text.startswith("# Journal des thèmes")
    assert text.count("\n## ") == 2
    assert text.index("nommé dans codebook.yml") < text.index("Première exécution")
    assert f"exécution {named.run_id}" in text
