"""The designer's YAML files are checked before any work, in French, at the right line."""

from __future__ import annotations

import pytest

from labsynth.codebook import load_codebook
from labsynth.errors import ProjectError
from labsynth.project import load_project


@pytest.fixture
def project(make_project):
    return load_project(make_project({"a.csv": "id;texte\n1;Le bus passe trop tôt.\n"}))


def _codebook_error(project, text: str) -> ProjectError:
    (project.root / "codebook.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_codebook(project)
    return info.value


def test_the_french_spaced_colon_gets_its_own_hint_at_its_line(project):
    error = _codebook_error(project, "# mes noms\nnames:\n  T04: Bus\n"
                                     "  T13: Se loger : quand on débute\nmerge: []\n")
    assert error.code == "LS110"
    message = str(error)
    assert "ligne 4 : un deux-points suivi d'une espace" in message
    assert 'T13: "Se loger : quand on débute"' in message  # the fix, with the designer's words
    assert "mapping values" not in message and "<unicode string>" not in message


def test_the_spaced_colon_in_a_flow_mapping_too(project):
    error = _codebook_error(project, 'names: {T04: "Bus", T13: Se loger : quand on débute}\n')
    assert "ligne 1 : un deux-points suivi d'une espace" in str(error)


@pytest.mark.parametrize(("text", "expected"), [
    ("names:\n\tT01: Bus\n", "ligne 2 : une tabulation sert d'indentation"),
    ('names:\n  T01: "Bus\nmerge: []\n', "ligne 2 : un guillemet ouvert n'est jamais refermé"),
    ("names:\n  T01: Bus\n merge: []\n", "ligne 3 : indentation inattendue"),
])
def test_common_yaml_mistakes_are_said_in_french(project, text, expected):
    assert expected in str(_codebook_error(project, text))


def test_a_mistyped_codebook_key_gets_a_suggestion(project):
    error = _codebook_error(project, "name:\n  T04: Bus\nsplits: [T02]\n")
    assert error.code == "LS111"
    assert "ligne 1, name : clé inconnue « name ». Vouliez-vous dire « names » ?" in \
        error.problems
    assert "ligne 3, splits : clé inconnue « splits ». Vouliez-vous dire « split » ?" in \
        error.problems
    seeds = _codebook_error(project, "seeds:\n  - nom: Santé\n")
    assert sorted(seeds.problems) == [
        "ligne 2, seeds[1].name : clé obligatoire absente.",
        "ligne 2, seeds[1].nom : clé inconnue « nom ». Clés possibles : name, keywords, "
        "examples."]


def test_a_bad_value_shows_no_internal_path(make_project):
    root = make_project({"a.csv": "id;texte\n1;x\n"},
                        "title: Essai\nthemes:\n  n_themes: six\n  k_max: 0\n")
    with pytest.raises(ProjectError) as info:
        load_project(root)
    problems = info.value.problems
    assert problems == [
        "ligne 3, themes.n_themes : attendu une valeur parmi 'auto' ou un nombre entier ; "
        "reçu 'six'.",
        "ligne 4, themes.k_max : attendu une valeur ≥ 1 ; reçu 0."]


def test_a_bad_codebook_stops_the_themes_before_any_work(make_project, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = make_project({"a.csv": "id;texte\n" + "".join(
        f"{i};Le bus du matin passe trop tôt pour aller au lycée {i}.\n" for i in range(30))})
    (root / "codebook.yml").write_text("names: {T01: Se loger : vite}\n", encoding="utf-8")
    labsynth = Path(sys.executable).parent / "labsynth"
    for command in ("themes", "report"):
        run = subprocess.run([str(labsynth), command, str(root)], cwd=tmp_path,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 2 and "[LS110]" in run.stderr, run.stderr
        assert "Traceback" not in run.stderr
    assert not (root / ".labsynth-cache").exists()  # nothing was annotated
    assert not (tmp_path / "reports").exists()
