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
    """The shipped demo, copied, reported twice (the second run reuses the cache)."""
    base = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "corpora" / "demo", base / "corpora" / "demo",
                    ignore=shutil.ignore_patterns(".labsynth-cache", "themes_state.json"))
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
