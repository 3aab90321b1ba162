"""REFI-QDA exchange: the project (.qdpx) and the codebook (.qdc), export and import.

The files are validated against the standard's schemas (read from ../shared/data) with
xmlschema, and read back with pyrefiqda, an independent reader from PyPI generated from
the same schemas; each selection's positions must give back the pseudonymised verbatim.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml

from labsynth.codebook import load_codebook, project_themes
from labsynth.errors import ProjectError
from labsynth.project import load_project
from labsynth.qda import (
    Code,
    CodeSystem,
    Coding,
    import_codebook,
    pseudonymised_offset,
    read_codebook,
    theme_codes,
    write_qdc,
    write_qdpx,
)

from . import refi
from .conftest import DATA
from .test_report import _contributions

# every test here runs on a project analysed once (spaCy, pseudonymisation: ~35 s cold)
pytestmark = pytest.mark.slow

INTERVIEW = """Entretien à Albi, avec Léa Martin

Enquêtrice : Comment venez-vous au lycée ?
Léa : Le bus ne passe qu'une fois le matin, et le car rate la correspondance du train. Ma conseillère Sandrine Keller m'a aidée pour le dossier du car, et j'ai écrit à lea.martin@example.fr pour la carte.
Enquêtrice : Et le logement ?
Léa : Mon loyer mange tout, trouver un logement étudiant est impossible. Sandrine dit qu'il faut attendre la rentrée.
Enquêtrice : Autre chose ?
Léa : Le stress des examens, aucun soutien psychologique, j'ai attendu un psy six mois.
"""  # noqa: E501

SUBTITLES = """WEBVTT

00:00:01.000 --> 00:00:04.000
<v Julien>Bonjour Noé, on commence par les transports ?

00:00:05.000 --> 00:00:12.000
<v Noé>Oui, le car liO est toujours en retard, et le train coûte trop cher pour aller à Toulouse.

00:00:13.000 --> 00:00:16.000
<v Julien>Et pour te loger ?

00:00:17.000 --> 00:00:30.000
<v Noé>Une colocation à 450 euros, le loyer mange mon salaire d'apprenti, appelle-moi au 06 12 34 56 78 si tu veux.
"""  # noqa: E501

NOTE = """# Permanence à la mission locale

Beaucoup de jeunes viennent pour le permis et le transport : le car ne passe pas le soir.

Les loyers des studios explosent, la résidence est pleine depuis septembre.
"""

YML = """\
title: "Essai REFI-QDA"
interviewers: [Julien]
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
    metadata: {Profil: "Lycéen·ne", Département: Tarn}
  - files: "e2.vtt"
    metadata: {Profil: "Apprenti·e", Département: Gers}
"""

CODEBOOK = """\
# Codebook du projet (écrit à la main, avec des commentaires à garder)
names: {}
seeds:
  # un thème attendu dès le départ
  - name: "Santé mentale"
    keywords: [psy, stress]

exclude_words: []
"""


FILES = {"avis.csv": _contributions(), "e1.txt": INTERVIEW, "e2.vtt": SUBTITLES,
         "notes/permanence.md": NOTE}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("qda") / "corpora" / "essai"
    (root / "raw").mkdir(parents=True)
    (root / "project.yml").write_text(YML, encoding="utf-8")
    for name, text in FILES.items():
        (root / "raw" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "raw" / name).write_text(text, encoding="utf-8")
    return load_project(root)


@pytest.fixture(scope="module")
def run(project):
    return project_themes(project, progress=False)


@pytest.fixture(scope="module")
def schemas():
    reason = refi.missing()
    if reason:
        pytest.skip(reason)
    return refi.project_schema(), refi.codebook_schema()


def _read_back(path: Path, tmp: Path):
    """The .qdpx read by pyrefiqda, and each source's text by its guid."""
    from pyrefiqda import RefiProject

    read = RefiProject.load(path, extract_dir=str(tmp / "extrait"))
    texts = {}
    for source in read.sources.text_source:
        local = RefiProject.resolve_source_path(source.plain_text_path, tmp / "extrait")
        texts[source.guid] = local.read_bytes().decode("utf-8")
    return read, texts


def test_project_validates_reads_back_and_every_selection_is_the_verbatim(
        run, schemas, tmp_path):
    path = write_qdpx(run, tmp_path / "essai.qdpx").path
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        schemas[0].validate(archive.read("project.qde"))  # raises on any violation
    assert names[0] == "project.qde" and all(
        n.startswith("sources/") and n.endswith(".txt") for n in names[1:])
    read, texts = _read_back(path, tmp_path)

    themes = run.themes
    n_themes = int((themes.themes["theme_id"] != "T00").sum())
    assert len(read.code_book.codes.code) == n_themes
    assert {c.name for c in read.code_book.codes.code} == set(
        themes.themes.loc[themes.themes["theme_id"] != "T00", "label"])
    assert all(c.color and c.color.startswith("#") for c in read.code_book.codes.code)
    assert all("Mots-clés : " in c.description for c in read.code_book.codes.code)
    corpus = run.corpus
    assert len(read.sources.text_source) == corpus.segments["path"].nunique() == 4

    shared = run.pseudonymisation.apply(corpus.segments).set_index("segment_id")
    coded = themes.assignments[themes.assignments["theme_id"] != "T00"]
    codes = {c.guid: c.name for c in read.code_book.codes.code}
    labels = dict(zip(themes.themes["theme_id"], themes.themes["label"], strict=True))
    want = {str(run.pseudonymisation.path(s)): labels[t]
            for s, t in zip(coded["segment_id"], coded["theme_id"], strict=True)}
    got, n_selections = {}, 0
    for source in read.sources.text_source:
        text = texts[source.guid]
        for selection in source.plain_text_selection:
            n_selections += 1
            piece = text[selection.start_position:selection.end_position]
            assert piece == shared.loc[selection.name, "text"], selection.name
            for coding in selection.coding:
                got[selection.name] = codes[coding.code_ref.target_guid]
    assert got == want
    # nothing personal left in what is shared
    everything = "\n".join(texts.values())
    for raw in ("Sandrine", "Keller", "lea.martin@example.fr", "06 12 34 56 78", "Léa :",
                "Noé", "Julien", "auteur1;"):
        assert raw not in everything
    assert "[e-mail]" in everything and "[téléphone]" in everything
    assert "[00:00:05] Participant·e" in everything  # subtitles keep their time

    cases = read.cases.case
    participants = corpus.segments[corpus.segments["role"] == "participant"]
    assert n_selections == len(set(participants["segment_id"]) | set(coded["segment_id"]))
    assert len(cases) == 36 + 2  # 36 authors, 2 interviewees
    variables = {v.guid: v.name for v in read.variables.variable}
    assert set(variables.values()) == {"Profil", "Département", "Type de document"}
    by_name = {c.name: c for c in cases}
    interviewee = next(c for name, c in by_name.items()
                       if any("Lycéen" in (v.text_value or "") for v in c.variable_value))
    values = {variables[v.variable_ref.target_guid]: v.text_value
              for v in interviewee.variable_value}
    assert values == {"Profil": "Lycéen·ne", "Département": "Tarn",
                      "Type de document": "entretien"}
    assert len(interviewee.source_ref) == 1 and len(interviewee.selection_ref) == 3
    # the run's id is in the project's description
    assert run.run_id in read.description


def test_same_run_same_bytes(run, tmp_path):
    a = write_qdpx(run, tmp_path / "a.qdpx").path.read_bytes()
    b = write_qdpx(run, tmp_path / "b.qdpx").path.read_bytes()
    assert a == b


def test_another_code_system_with_partial_codings_and_nesting(run, schemas, tmp_path):
    """What hand codes will do: a second system, a hierarchy, codings of part of a
    segment given in raw offsets, converted through the pseudonymisation."""
    segments = run.corpus.segments
    row = segments[segments["text"].str.contains("Sandrine Keller")].iloc[0]
    raw = row["text"]
    pseudo = run.pseudonymisation
    sid = row["segment_id"]
    start = raw.index("Ma conseillère")
    end = raw.index("pour la carte") + len("pour la carte")
    hand = CodeSystem("manuel", (
        Code("aide", "Accompagnement", "Codé à la main", "#123456", children=(
            Code("aide.conseil", "Conseil par une personne"),)),),
        (Coding(sid, "aide.conseil", pseudonymised_offset(pseudo, sid, start),
                pseudonymised_offset(pseudo, sid, end)),
         Coding(sid, "aide"),
         Coding(sid, "aide.conseil", 7, 3)))  # reversed: selects nothing, skipped
    summary = write_qdpx(run, tmp_path / "deux.qdpx", [theme_codes(run), hand])
    with zipfile.ZipFile(summary.path) as archive:
        schemas[0].validate(archive.read("project.qde"))
    read, texts = _read_back(summary.path, tmp_path)
    parent = next(c for c in read.code_book.codes.code if c.name == "Accompagnement")
    assert [c.name for c in parent.code] == ["Conseil par une personne"]
    child = parent.code[0].guid
    pieces = [texts[s.guid][sel.start_position:sel.end_position]
              for s in read.sources.text_source for sel in s.plain_text_selection
              if any(c.code_ref.target_guid == child for c in sel.coding)]
    shown = pseudo.text(row["segment_id"], raw)
    assert pieces == [shown[shown.index("Ma conseillère"):shown.index("pour la carte") + 13]]
    assert pieces[0].startswith("Ma conseillère Personne") and "[e-mail]" in pieces[0]
    # the whole-segment coding shares the theme's selection: one selection, two codes
    assert summary.n_codings == len(theme_codes(run).codings) + 2


def test_offsets_through_the_pseudonymisation(run):
    pseudo = run.pseudonymisation
    segments = run.corpus.segments
    row = segments[segments["text"].str.contains("Sandrine Keller")].iloc[0]
    raw, sid = row["text"], row["segment_id"]
    shown = pseudo.text(sid, raw)
    name = raw.index("Sandrine Keller")
    after = name + len("Sandrine Keller")
    mapped = pseudonymised_offset(pseudo, sid, after)
    assert shown[:pseudonymised_offset(pseudo, sid, name)] == raw[:name]
    assert shown[mapped:] == pseudo.text(sid, raw)[mapped:]
    assert shown[mapped:mapped + 15] == raw[after:after + 15]
    # inside a name: the start of its pseudonym
    assert pseudonymised_offset(pseudo, sid, name + 3) == name
    assert pseudonymised_offset(pseudo, sid, len(raw)) == len(shown)


def test_codebook_round_trip_keeps_every_name(run, project, schemas, tmp_path):
    qdc = write_qdc(run, tmp_path / "themes.qdc").path
    schemas[1].validate(qdc.read_bytes())
    from pyrefiqda import RefiCodebook

    read = RefiCodebook.load(qdc)
    labels = list(run.themes.themes.loc[run.themes.themes["theme_id"] != "T00", "label"])
    assert [c.name for c in read.codes.code] == labels
    (project.root / "codebook.yml").write_text(CODEBOOK, encoding="utf-8")
    try:
        report = import_codebook(project, qdc)
        assert [seed["name"] for _, seed in report.kept] == labels
        keywords = {row.label: list(row.keywords) for row in run.themes.themes.itertuples()}
        assert all(seed["keywords"] == keywords[seed["name"]] for _, seed in report.kept)
        codebook = load_codebook(project)
        assert [s.name for s in codebook.seeds] == ["Santé mentale", *labels]
        text = (project.root / "codebook.yml").read_text(encoding="utf-8")
        assert text.startswith(CODEBOOK.split("\n\n")[0])  # comments kept
        assert "# un thème attendu dès le départ" in text and "exclude_words: []" in text
        again = import_codebook(project, qdc)
        assert not again.kept and all(r == "déjà dans les seeds de codebook.yml"
                                      for _, r in again.skipped)
    finally:
        (project.root / "codebook.yml").unlink()


def test_a_codebook_written_by_another_tool_becomes_seeds(make_project, schemas):
    qdc = DATA / "refi-qda" / "codebook_atelier.qdc"
    schemas[1].validate(qdc.read_bytes())  # the hand-written file follows the standard
    root = make_project(FILES, YML)
    (root / "codebook.yml").write_text(CODEBOOK, encoding="utf-8")
    project = load_project(root)
    report = import_codebook(project, qdc)
    kept = {code.name: seed for code, seed in report.kept}
    assert list(kept) == ["Mobilité / Transports en commun", "Mobilité / Permis et voiture",
                          "Vie quotidienne / Logement / Logement : premier appartement",
                          "Vie quotidienne / Logement / Résidences universitaires"]
    assert kept["Mobilité / Transports en commun"] == {
        "name": "Mobilité / Transports en commun", "keywords": ["Transports en commun"],
        "examples": ["Bus, cars liO, trains régionaux : horaires, prix, correspondances "
                     "ratées."]}
    assert "examples" not in kept["Vie quotidienne / Logement / Résidences universitaires"]
    skipped = {code.name: why for code, why in report.skipped}
    assert skipped["Santé mentale"] == "déjà dans les seeds de codebook.yml"
    assert skipped["Mobilité"].startswith("catégorie de 2 code(s)")
    assert skipped["Vie quotidienne / Logement"].startswith("catégorie de 2 code(s)")
    written = yaml.safe_load((root / "codebook.yml").read_text(encoding="utf-8"))
    assert [s["name"] for s in written["seeds"]] == ["Santé mentale", *kept]
    assert "importés de codebook_atelier.qdc" in (root / "codebook.yml").read_text("utf-8")
    # the seeds guide the next run: each one names a theme
    themed = project_themes(project, n_themes=6, progress=False)
    assert set(themed.themes.params["seeds"]) == {"Santé mentale", *kept}


def test_import_into_a_project_without_codebook(make_project):
    root = make_project(FILES, YML)
    report = import_codebook(load_project(root), DATA / "refi-qda" / "codebook_atelier.qdc")
    assert len(report.kept) == 5  # « Santé mentale » too: no seed yet
    text = (root / "codebook.yml").read_text(encoding="utf-8")
    assert text.startswith("# Codebook du projet") and "names: {}" in text
    assert len(load_codebook(load_project(root)).seeds) == 5


def test_unreadable_or_foreign_files_are_refused(make_project, tmp_path):
    root = make_project(FILES, YML)
    project = load_project(root)
    bad = tmp_path / "pas_xml.qdc"
    bad.write_text("ceci n'est pas du XML", encoding="utf-8")
    with pytest.raises(ProjectError, match=r"LS112.*pas_xml.qdc ne se lit pas"):
        import_codebook(project, bad)
    other = tmp_path / "autre.qdc"
    other.write_text('<?xml version="1.0"?><Liste><Code name="x"/></Liste>', encoding="utf-8")
    with pytest.raises(ProjectError, match=r"LS112.*ne contient pas de codebook"):
        read_codebook(other)
    with pytest.raises(ProjectError, match=r"LS112.*introuvable"):
        read_codebook(tmp_path / "absent.qdc")
    (root / "codebook.yml").write_text('seeds: [{name: "A"}]\n', encoding="utf-8")
    with pytest.raises(ProjectError, match=r"LS113.*un élément par ligne"):
        import_codebook(project, DATA / "refi-qda" / "codebook_atelier.qdc")
    assert (root / "codebook.yml").read_text(encoding="utf-8") == 'seeds: [{name: "A"}]\n'


def test_codes_are_read_from_a_project_file_too(run, tmp_path):
    path = write_qdpx(run, tmp_path / "p.qdpx").path
    codes = read_codebook(path)
    assert [c.name for c in codes] == list(
        run.themes.themes.loc[run.themes.themes["theme_id"] != "T00", "label"])


def test_export_and_import_commands(run, project, tmp_path):
    """The commands a designer types: export the REFI-QDA files, import a codebook."""
    import subprocess
    import sys

    labsynth = Path(sys.executable).parent / "labsynth"
    done = subprocess.run([str(labsynth), "export", str(project.root), "-f", "qdpx,qdc"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = project.reports_dir
    assert f"Exécution {run.run_id}" in done.stdout and "textes pseudonymisés" in done.stdout
    assert "projet.qdpx : projet REFI-QDA, 4 sources pseudonymisées, 3 codes" in done.stdout
    assert (folder / "projet.qdpx").is_file() and (folder / "themes.csv").is_file()
    bad = subprocess.run([str(labsynth), "export", str(project.root), "-f", "nvivo"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 2 and "[LS308] format d'export inconnu : nvivo" in bad.stderr
    try:
        done = subprocess.run([str(labsynth), "import", str(project.root),
                               str(DATA / "refi-qda" / "codebook_atelier.qdc")],
                              capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "8 code(s) lu(s) dans codebook_atelier.qdc ; 5 repris" in done.stdout
        assert "  - Mobilité : catégorie de 2 code(s)" in done.stdout
        assert "  + Mobilité / Transports en commun (mots-clés : Transports en commun ; avec " \
            "sa description en exemple)" in done.stdout
    finally:
        (project.root / "codebook.yml").unlink(missing_ok=True)
    wrong = subprocess.run([str(labsynth), "import", str(project.root), "codes.xlsx"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert wrong.returncode == 2 and "[LS309]" in wrong.stderr
