"""End to end: `labsynth report` runs the notebook on the `labsynth` kernel (papermill) and
renders the page (nbconvert). Slow: run by `make test`, not by a bare `pytest`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from labsynth.errors import ReportError
from labsynth.report import render_report

from .conftest import ROOT
from .test_report import INTERVIEW, YML, _contributions

pytestmark = pytest.mark.slow
LABSYNTH = Path(sys.executable).parent / "labsynth"
RUN_DATE = re.compile(r'<time class="run-date"[^>]*>[^<]*</time>')


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory):
    """The shipped demo, copied, reported twice (the second run reuses the cache), with
    every export asked for in its project.yml (tests/test_exports_demo.py reads them)."""
    base = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "corpora" / "demo", base / "corpora" / "demo",
                    ignore=shutil.ignore_patterns(".labsynth-cache", "themes_state.json",
                                                  "pseudonymisation"))
    with open(base / "corpora" / "demo" / "project.yml", "a", encoding="utf-8") as yml:
        yml.write("\nexports:\n  workbooks: [xlsx, ods]\n  report: [qdpx, qdc, cartes]\n")
    first = render_report("demo", {"output_dir": str(base / "first")},
                          corpora=base / "corpora")
    second = render_report("demo", {"output_dir": str(base / "second")},
                           corpora=base / "corpora")
    return first, second


def test_demo_report_outputs(demo_runs):
    first, _ = demo_runs
    for path in (first.html, first.notebook, first.workbook):
        assert path.is_file() and path.stat().st_size > 1000
    html = first.html.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert "<script" not in html and not re.search(r"(src|href)=\"https?:", html)
    assert "Associer les jeunes à l'action de la Région" in html
    # no code and no prompt reach the page
    assert "build_insights" not in html and "In&nbsp;[" not in html and "jp-" not in html
    images = re.findall(r"<img [^>]*>", html)
    assert len(images) >= 4 and all('alt="' in img for img in images)
    import openpyxl

    names = openpyxl.load_workbook(first.workbook, read_only=True).sheetnames
    assert names[:3] == ["Thèmes", "Verbatims", "Affectations"]
    assert any(n.startswith("Participants par") for n in names)


DEMO_INSIGHTS = ("Le permis conditionne l'autonomie, et les aides pour le passer sont "
                 "illisibles",
                 "Participer sans jamais savoir ce qui a été retenu décourage de participer "
                 "à nouveau")


def _text(path: Path) -> str:
    """A page with its character references resolved (&#39; and ' alike)."""
    import html

    return html.unescape(path.read_text(encoding="utf-8"))


def test_demo_insights_come_first_with_their_verified_quotes(demo_runs):
    first, _ = demo_runs
    page = _text(first.html)
    starts = [page.index(s) for s in DEMO_INSIGHTS]
    # right after the cover, before the theme sizes and the themes
    assert page.index('id="enseignements"') < min(starts)
    assert max(starts) < page.index("Taille des thèmes</h2>")
    section = page[page.index('id="enseignements"'):page.index("Taille des thèmes</h2>")]
    assert section.count("<blockquote>") == 6
    assert "Preuve à revoir" not in section
    assert "Trois ans après, on n’a jamais eu de retour." in section
    assert "entretiens/entretien_04_perpignan.txt, à 00:07:47, Participant·e 4" in section
    # the raw file name holds a first name; the page shows its pseudonymised path only
    assert "entretien_01_lea_albi" not in page and "entretien_01_P1_albi.docx" in section


def test_demo_insight_with_a_broken_source_is_flagged_not_dropped(demo_runs, tmp_path):
    first, _ = demo_runs
    demo = first.html.parent.parent / "corpora" / "demo"
    copy = tmp_path / "corpora" / "demo"
    shutil.copytree(demo, copy)
    source = copy / "raw" / "entretiens" / "entretien_09_ariege.srt"
    text = source.read_text(encoding="utf-8")
    assert "on n’a jamais eu de retour" in text
    source.write_text(text.replace("on n’a jamais eu de retour", "on attend toujours"),
                      encoding="utf-8")
    done = render_report("demo", {"output_dir": str(tmp_path / "out")},
                         corpora=tmp_path / "corpora")
    page = _text(done.html)
    section = page[page.index('id="enseignements"'):page.index("Taille des thèmes</h2>")]
    assert all(s in section for s in DEMO_INSIGHTS)  # both still shown
    assert section.count("Preuve à revoir") == 1
    assert ("ne sont pas (ou plus) dans le segment "
            "entretiens/entretien_09_ariege.srt#12") in section
    assert section.count("<blockquote>") == 5  # the other five verbatims still shown


def test_two_runs_give_the_same_page_but_for_the_date(demo_runs):
    first, second = demo_runs
    a = first.html.read_text(encoding="utf-8")
    b = second.html.read_text(encoding="utf-8")
    assert len(RUN_DATE.findall(a)) == 2
    assert RUN_DATE.sub("", a) == RUN_DATE.sub("", b)


@pytest.fixture
def two_projects(make_project):
    good = make_project({"avis.csv": _contributions(), "e1.txt": INTERVIEW,
                         "e2.txt": INTERVIEW.replace("Léa", "Noé")}, YML, name="a_bon")
    make_project({}, "title: [pas fermé\n", name="b_casse")
    return good.parent


def test_report_command_and_all(two_projects, tmp_path):
    out = tmp_path / "sortie"
    done = subprocess.run([str(LABSYNTH), "--corpora", str(two_projects), "report", "a_bon",
                           "-p", "output_dir", str(out), "-p", "sections",
                           "[chiffres, themes, methode]"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"Page à partager : {out / 'insight_report.html'}" in done.stdout
    html = (out / "insight_report.html").read_text(encoding="utf-8")
    assert "Les thèmes" in html and "Saturation des entretiens" not in html
    assert "Kernel" not in done.stderr and "Traceback" not in done.stderr
    every = subprocess.run([str(LABSYNTH), "--corpora", str(two_projects), "report", "--all"],
                           capture_output=True, text=True, cwd=tmp_path)
    assert every.returncode == 1
    assert "OK     a_bon" in every.stdout and "ÉCHEC  b_casse" in every.stdout
    assert "1 rapport(s) produit(s), 1 échec(s)." in every.stdout
    assert (tmp_path / "reports" / "a_bon" / "insight_report.html").is_file()


def test_a_failing_cell_is_named(make_project, tmp_path):
    yml = YML.replace("    metadata_columns: [Profil, Département]\n", "")
    root = make_project({"avis.csv": _contributions(), "e1.txt": INTERVIEW,
                         "e2.txt": INTERVIEW}, yml, name="essai")
    with pytest.raises(ReportError) as caught:
        render_report(root, {"cross_by": ["Ville"], "output_dir": str(tmp_path / "out")})
    message = str(caught.value)
    assert caught.value.code == "LS603"
    assert "« lecture du corpus et découverte des thèmes » (cellule" in message
    assert "[LS605] cross_by : colonne(s) Ville absente(s)" in message
    # the executed notebook is kept apart, with the error; no report set is written
    assert (tmp_path / "out" / "insight_report.erreur.ipynb").is_file()
    assert "insight_report.erreur.ipynb" in message
    assert not (tmp_path / "out" / "insight_report.html").exists()


def test_bad_parameters_run_nothing(make_project, tmp_path):
    root = make_project({"avis.csv": _contributions(), "e1.txt": INTERVIEW,
                         "e2.txt": INTERVIEW}, YML, name="essai")
    done = subprocess.run([str(LABSYNTH), "report", str(root), "-p", "n_theme", "4"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2 and "[LS601]" in done.stderr and "« n_themes » ?" in done.stderr
    assert not (tmp_path / "reports").exists()


def test_missing_kernel_is_explained(make_project, tmp_path):
    root = make_project({"avis.csv": _contributions(), "e1.txt": INTERVIEW,
                         "e2.txt": INTERVIEW}, YML, name="essai")
    with pytest.raises(ReportError, match=r"LS602.*ipykernel install"):
        render_report(root, {"output_dir": str(tmp_path)}, kernel="pas-de-noyau")


def test_demo_page_in_a_real_browser_offline(demo_runs):
    """Headless Chromium opens the page from disk with every outside request blocked and
    recorded; the theme names are on it; axe-core finds no serious or critical problem."""
    from .browser import check_page, why_unavailable

    reason = why_unavailable()
    if reason:
        if os.environ.get("LABSYNTH_BROWSER_REQUIRED"):
            pytest.fail(reason)
        pytest.skip(reason)
    first, _ = demo_runs
    shot = first.html.with_suffix(".png")
    seen = check_page(first.html, shot, print_screenshot=True)
    assert seen.outside_requests == []
    assert seen.lang == "fr" and seen.title == "Associer les jeunes à l'action de la Région"
    assert [level for level, _ in seen.headings].count(1) == 1
    assert seen.images_without_alt == 0
    import openpyxl

    themes = openpyxl.load_workbook(first.workbook, read_only=True)["Thèmes"]
    names = [row[1] for row in themes.iter_rows(min_row=2, values_only=True)]
    assert names and all(name in seen.text for name in names)
    assert seen.serious_violations == [], seen.serious_violations
    assert shot.stat().st_size > 50_000 and seen.print_screenshot.is_file()


def test_demo_report_writes_the_exports_it_is_asked_for(demo_runs):
    """project.yml's exports: both workbooks, the REFI-QDA files, the workshop cards and
    the designers' CSV, all in the run's set, all carrying its id."""
    import csv
    import json

    first, _ = demo_runs
    manifest = json.loads((first.folder / "run.json").read_text(encoding="utf-8"))
    for name in ("themes.xlsx", "themes.ods", "projet.qdpx", "codebook.qdc", "cartes.html",
                 "cartes.pdf", "postits.csv", "synthese.csv", "verbatims.csv"):
        assert name in manifest["files"], name
        assert (first.folder / name).stat().st_size > 100, name
    run_id = manifest["run_id"]
    assert f'<meta name="labsynth-run" content="{run_id}">' in (
        first.folder / "cartes.html").read_text(encoding="utf-8")
    with open(first.folder / "verbatims.csv", encoding="utf-8-sig", newline="") as handle:
        quotes = list(csv.DictReader(handle, delimiter=";"))
    assert list(quotes[0]) == ["thème", "nom du thème", "verbatim", "provenance", "fichier",
                               "locuteur", "ligne", "segment", "exécution"]
    assert {q["exécution"] for q in quotes} == {run_id}
    with open(first.folder / "synthese.csv", encoding="utf-8-sig", newline="") as handle:
        themes = list(csv.DictReader(handle, delimiter=";"))
    assert all(re.fullmatch(r"\d+,\d", t["part (%)"]) for t in themes)
    with open(first.folder / "postits.csv", encoding="utf-8-sig", newline="") as handle:
        notes = list(csv.DictReader(handle))
    assert sum(n["Type"] == "verbatim" for n in notes) == len(quotes)


def test_demo_qdpx_follows_the_standard_and_gives_back_every_verbatim(demo_runs, tmp_path):
    """The demo's .qdpx validates against the REFI-QDA schema, pyrefiqda reads it with the
    counts of the themes tables, and every selection is its pseudonymised segment, as
    `labsynth ingest` writes it."""
    import zipfile

    import pandas as pd

    from . import refi
    from .test_qda import _read_back

    reason = refi.missing()
    if reason:
        pytest.skip(reason)
    first, _ = demo_runs
    qdpx = first.folder / "projet.qdpx"
    with zipfile.ZipFile(qdpx) as archive:
        refi.project_schema().validate(archive.read("project.qde"))
    refi.codebook_schema().validate((first.folder / "codebook.qdc").read_bytes())
    read, texts = _read_back(qdpx, tmp_path)
    themes = pd.read_csv(first.folder / "themes.csv")
    assignments = pd.read_csv(first.folder / "assignments.csv")
    named = themes[themes["theme_id"] != "T00"]
    assert [c.name for c in read.code_book.codes.code] == named["label"].tolist()
    corpora = first.folder.parent / "corpora"
    done = subprocess.run([str(LABSYNTH), "--corpora", str(corpora), "ingest", "demo", "-o",
                           str(tmp_path / "segments.csv")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    segments = pd.read_csv(tmp_path / "segments.csv").set_index("segment_id")
    assert len(read.sources.text_source) == segments["path"].nunique()
    names = dict(zip([c.guid for c in read.code_book.codes.code], named["theme_id"],
                     strict=True))
    coded = {}
    for source in read.sources.text_source:
        for selection in source.plain_text_selection:
            text = texts[source.guid][selection.start_position:selection.end_position]
            assert text == segments.loc[selection.name, "text"], selection.name
            for coding in selection.coding:
                coded[selection.name] = names[coding.code_ref.target_guid]
    expected = assignments[assignments["theme_id"] != "T00"]
    assert coded == dict(zip(expected["segment_id"], expected["theme_id"], strict=True))
    participants = segments[segments["role"] == "participant"]
    assert len(read.cases.case) == participants["speaker"].nunique()


def test_demo_cards_print_with_no_text_cut(demo_runs):
    """The demo's cards page, in Chromium with print media: no card's text overflows;
    its PDF has one A4 page per sheet and holds every verbatim of the report."""
    import csv
    import unicodedata

    import pypdf

    from .browser import print_layout, why_unavailable

    reason = why_unavailable(need_axe=False)
    if reason:
        if os.environ.get("LABSYNTH_BROWSER_REQUIRED"):
            pytest.fail(reason)
        pytest.skip(reason)
    first, _ = demo_runs
    boxes = print_layout(first.folder / "cartes.html", ".card .body")
    cut = [b for b in boxes if b["scroll"][1] > b["client"][1] + 1
           or b["scroll"][0] > b["client"][0] + 1]
    assert boxes and cut == []
    reader = pypdf.PdfReader(first.folder / "cartes.pdf")
    assert len(reader.pages) == -(-len(boxes) // 4)

    def flat(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    printed = flat("".join(page.extract_text() for page in reader.pages))
    with open(first.folder / "verbatims.csv", encoding="utf-8-sig", newline="") as handle:
        quotes = [row["verbatim"] for row in csv.DictReader(handle, delimiter=";")]
    assert quotes and [q[:40] for q in quotes if flat(q) not in printed] == []


def test_demo_workbooks_have_the_same_cells_in_libreoffice(demo_runs, tmp_path):
    from .test_libreoffice import _require_libreoffice, as_csv

    command = _require_libreoffice()
    first, _ = demo_runs
    ods = as_csv(first.folder / "themes.ods", tmp_path / "ods", command)
    xlsx = as_csv(first.folder / "themes.xlsx", tmp_path / "xlsx", command)
    assert list(ods) == list(xlsx) and "Affectations" in ods
    assert ods == xlsx
