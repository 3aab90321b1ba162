"""project.yml: resolution by name or path, validation with locations, settings merge."""

from __future__ import annotations

import datetime as dt

import pytest

from labsynth.errors import ProjectError
from labsynth.project import find_project_dir, init_project, load_project, match_pattern


def test_init_creates_a_commented_valid_project(tmp_path):
    root = init_project("jeunes-occitanie", tmp_path / "corpora", title='Les "jeunes"')
    assert (root / "raw").is_dir()
    text = (root / "project.yml").read_text(encoding="utf-8")
    assert "# " in text and "déposez vos fichiers" in text
    project = load_project(root)
    assert project.spec.title == "Les 'jeunes'"
    assert project.spec.segmentation.max_chars == 1500


def test_init_refuses_existing_project_and_bad_names(tmp_path):
    init_project("demo", tmp_path)
    with pytest.raises(ProjectError, match="LS108"):
        init_project("demo", tmp_path)
    with pytest.raises(ProjectError, match="LS107"):
        init_project("../ailleurs", tmp_path)


def test_project_found_by_name_path_or_file(make_project, tmp_path, monkeypatch):
    root = make_project({"a.txt": "Bonjour."})
    assert find_project_dir("essai", tmp_path / "corpora") == root
    assert find_project_dir(root) == root
    assert find_project_dir(root / "project.yml") == root
    monkeypatch.chdir(tmp_path)
    assert load_project("essai").root == root.relative_to(tmp_path)


def test_unknown_project_lists_existing_ones(make_project, tmp_path):
    make_project({"a.txt": "x"}, name="demo")
    with pytest.raises(ProjectError) as info:
        load_project("dmeo", tmp_path / "corpora")
    assert "LS101" in str(info.value) and "demo" in str(info.value)


def test_every_problem_is_reported_with_its_line(make_project):
    root = make_project({"a.csv": "id;texte\n1;x\n"}, """\
        title: Essai
        langage: fr
        segmentation:
          max_chars: "beaucoup"
        sources:
          - files: a.csv
            kind: sondage
            text_colum: texte
        """)
    with pytest.raises(ProjectError) as info:
        load_project(root)
    problems = info.value.problems
    assert len(problems) == 4, problems
    joined = "\n".join(problems)
    assert "ligne 2, langage : clé inconnue « langage »" in joined
    assert "ligne 4, segmentation.max_chars : attendu un nombre entier" in joined
    assert "ligne 7, sources[1].kind : attendu une valeur parmi" in joined
    assert "ligne 8, sources[1].text_colum : clé inconnue" in joined
    assert "Vouliez-vous dire « text_column »" in joined


def test_missing_title_and_broken_yaml(make_project):
    root = make_project({}, "description: sans titre\n")
    with pytest.raises(ProjectError, match="title : clé obligatoire absente"):
        load_project(root)
    (root / "project.yml").write_text("title: [ouvert\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"LS103.*ligne 2"):
        load_project(root)


def test_source_matching_no_file_is_reported(make_project):
    root = make_project({"entretiens/e1.txt": "x"}, """\
        title: Essai
        sources:
          - files: "entretiens/*.docx"
            kind: interview
        """)
    with pytest.raises(ProjectError) as info:
        load_project(root)
    assert "LS106" in str(info.value)
    assert "ligne 3, sources[1].files" in str(info.value)


def test_project_yml_not_utf8(make_project):
    root = make_project({})
    (root / "project.yml").write_bytes("title: Été\n".encode("cp1252"))
    with pytest.raises(ProjectError, match="LS102"):
        load_project(root)


def test_settings_merge_in_order(make_project):
    root = make_project({"entretiens/e1_2025-03-02.txt": "x", "entretiens/e2.txt": "y"}, """\
        title: Essai
        interviewers: [Claire]
        sources:
          - files: "entretiens/*"
            kind: interview
            metadata: {profil: lycéen·ne, departement: Tarn}
          - files: e2.txt
            date: 2025-03-14
            interviewers: [Julien]
            metadata: {profil: apprenti·e}
        """)
    project = load_project(root)
    e1 = project.settings_for("entretiens/e1_2025-03-02.txt")
    e2 = project.settings_for("entretiens/e2.txt")
    assert e1.kind == "interview" and e1.date is None and e1.interviewers == ("Claire",)
    assert e2.metadata == {"profil": "apprenti·e", "departement": "Tarn"}
    assert e2.date == dt.date(2025, 3, 14)
    assert e2.interviewers == ("Claire", "Julien")


@pytest.mark.parametrize(("path", "pattern", "expected"), [
    ("entretiens/e1.docx", "entretiens/*.docx", True),
    ("entretiens/e1.docx", "e1.docx", True),
    ("entretiens/sous/e1.docx", "entretiens/", True),
    ("entretiens/sous/e1.docx", "entretiens/**", True),
    ("notes/e1.docx", "entretiens/*", False),
    ("e1.docx", "E1.docx", True),  # case ignored, as file explorers do
    ("EXPORT.CSV", "*.csv", True),
    ("Re\u0301gion.docx", "Région.docx", True),  # a name saved decomposed by a Mac
    ("e1.docx.bak", "e1.docx", False),
])
def test_match_pattern(path, pattern, expected):
    assert match_pattern(path, pattern) is expected


def test_ignore_patterns(make_project):
    root = make_project({"brouillons/a.txt": "x"}, 'title: T\nignore: ["brouillons/*"]\n')
    assert load_project(root).is_ignored("brouillons/a.txt") == "brouillons/*"


def test_yaml_mistakes_are_reported_not_raised(make_project):
    root = make_project({"e.txt": "x"}, """\
        title: Essai
        interviewers: [Claire]
        interviewers: [Julien]
        sources:
          - files: e.txt
            date: "2025-03-12"
        segmentation: {max_chars: 300, min_chars: 5000}
        """)
    with pytest.raises(ProjectError) as info:
        load_project(root)
    joined = "\n".join(info.value.problems)
    assert "ligne 3, interviewers : clé écrite deux fois" in joined
    (root / "project.yml").write_text(
        "title: E\nsources:\n  - files: e.txt\n    date: \"2025-03-12\"\n"
        "segmentation: {max_chars: 300, min_chars: 5000}\n", encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_project(root)
    assert info.value.problems == [
        "ligne 5, segmentation : min_chars (5000) dépasse max_chars (300)."]
    (root / "project.yml").write_text(
        "title: E\nsources:\n  - files: e.txt\n    date: \"2025-03-12\"\n", encoding="utf-8")
    assert load_project(root).settings_for("e.txt").date == dt.date(2025, 3, 12)
    (root / "project.yml").write_text(
        "title: E\nsources:\n  - files: e.txt\n    date: 2025-02-30\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"LS103.*date impossible"):
        load_project(root)
    (root / "project.yml").write_text(
        "title: E\nsources:\n  - files: e.txt\n    date: mardi\n", encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        load_project(root)
    assert info.value.problems[0].startswith("ligne 4, sources[1].date : attendu une date")


def test_template_examples_work_when_uncommented(tmp_path):
    root = init_project("atelier", tmp_path)
    text = (root / "project.yml").read_text(encoding="utf-8")
    text = text.replace('ignore: []\n', 'ignore: ["brouillons/*"]\n')
    text = text.replace("interviewers: []\n", "interviewers: [Claire, Julien]\n")
    (root / "raw" / "c.csv").write_text("id;texte\n1;x\n", encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("sources: []")
    block = []
    for line in lines[start + 1:]:
        if not line.startswith("#  "):
            break
        block.append(line[1:].split("  #")[0].rstrip())
    lines[start:start + 1 + len(block)] = ["sources:", *block[:7]]  # the CSV example
    (root / "project.yml").write_text("\n".join(lines).replace(
        '"contributions/*.csv"', '"c.csv"') + "\n", encoding="utf-8")
    project = load_project(root)
    assert project.spec.ignore == ["brouillons/*"]
    assert project.spec.sources[0].text_column == "Contribution"
