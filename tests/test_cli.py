"""The ``labsynth`` command, run through its installed entry point."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from .conftest import DATA, NOT_READER_FIXTURES, ROOT

LABSYNTH = Path(sys.executable).parent / "labsynth"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    assert LABSYNTH.exists(), "installez labsynth (pip install -e .) pour tester la commande"
    return subprocess.run([str(LABSYNTH), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def workdir(tmp_path):
    corpora = tmp_path / "corpora"
    corpora.mkdir()
    shutil.copytree(ROOT / "corpora" / "demo", corpora / "demo")
    return tmp_path


def test_help_is_french(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "afficher cette aide" in result.stdout and "commandes" in result.stdout
    bad = run("chek", "demo", cwd=tmp_path)
    assert bad.returncode == 2 and "choix invalide" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_init_then_check_empty_project(tmp_path):
    result = run("init", "atelier-mende", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "labsynth check atelier-mende" in result.stdout
    assert (tmp_path / "corpora/atelier-mende/project.yml").is_file()
    check = run("check", "atelier-mende", cwd=tmp_path)
    # an empty project is not « Tout est lu »: it says there is nothing, and what to do
    assert check.returncode == 1, check.stderr
    assert "Aucun fichier dans" in check.stdout and "Tout est lu" not in check.stdout
    for command in ("themes", "report"):
        empty = run(command, "atelier-mende", cwd=tmp_path)
        assert empty.returncode == 2 and "[LS506] rien à analyser" in empty.stderr
        assert "Traceback" not in empty.stderr
    assert not (tmp_path / "reports").exists()  # no report of nothing
    again = run("init", "atelier-mende", cwd=tmp_path)
    assert again.returncode == 2 and "LS108" in again.stderr


def test_corpora_option_before_or_after_the_command(tmp_path):
    elsewhere = tmp_path / "projets"
    run("--corpora", str(elsewhere), "init", "atelier", cwd=tmp_path)
    assert (elsewhere / "atelier" / "project.yml").is_file()
    before = run("--corpora", str(elsewhere), "check", "atelier", cwd=tmp_path)
    after = run("check", "atelier", "--corpora", str(elsewhere), cwd=tmp_path)
    assert before.returncode == after.returncode == 1, after.stderr
    assert after.stdout == before.stdout and "Aucun fichier dans" in after.stdout


@pytest.mark.slow
def test_check_demo_prints_inventory_and_exits_1_on_refusals(workdir):
    result = run("check", "demo", cwd=workdir)
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "entretiens/entretien_07_montpellier.vtt" in out and "Julien Faure, Sarah" in out
    assert "consultation_jeunes_2025.csv, ligne 79 : texte vide" in out
    assert "327 contributions, 10 entretiens, 2 notes" in out
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_check_by_path_missing_column_is_a_refusal_then_clean_exits_0(workdir):
    demo = workdir / "corpora" / "demo"
    csv_file = demo / "raw/contributions/consultation_jeunes_2025.csv"
    csv_file.write_text("id;texte\n1;Plus de bus le soir\n", encoding="utf-8")
    result = run("check", str(demo), cwd=workdir / "corpora")
    assert result.returncode == 1, result.stderr
    assert "[LS230] contributions/consultation_jeunes_2025.csv : colonne « Contribution »" \
        in result.stdout
    assert "entretien_10_tarbes.odt" in result.stdout  # the other files are still read
    yml = (demo / "project.yml").read_text(encoding="utf-8")
    start = yml.index("  - files: \"contributions/")
    (demo / "project.yml").write_text(yml[:start] + yml[yml.index("  - files: \"entretiens"):],
                                      encoding="utf-8")
    clean = run("check", str(demo), cwd=workdir / "corpora")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Tout est lu : rien n'a été refusé." in clean.stdout


def test_check_invalid_project_reports_lines(workdir):
    demo = workdir / "corpora" / "demo"
    (demo / "project.yml").write_text('title: "x"\nsegmentation:\n  max_char: 10\n',
                                      encoding="utf-8")
    result = run("check", "demo", cwd=workdir)
    assert result.returncode == 2
    assert "ligne 3, segmentation.max_char : clé inconnue" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_ingest_writes_segments(workdir, suffix):
    out = workdir / f"segments{suffix}"
    result = run("ingest", "demo", "-o", str(out), cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "segments de 339 documents écrits" in result.stdout
    assert "3 élément(s) refusé(s)" in result.stdout
    table = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".xlsx": pd.read_excel}[suffix](out)
    assert len(table) == 578
    assert {"segment_id", "char_start", "text", "Profil"} <= set(table.columns)
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel shows the accents


@pytest.mark.slow
def test_ingest_default_output_and_bad_suffix(workdir):
    result = run("ingest", "demo", cwd=workdir)
    assert result.returncode == 0
    assert (workdir / "reports/demo/segments.csv").is_file()
    bad = run("ingest", "demo", "-o", "segments.docx", cwd=workdir)
    assert bad.returncode == 2 and "LS301" in bad.stderr


def test_check_fixtures_lists_every_refusal(tmp_path):
    shutil.copytree(DATA, tmp_path / "corpora/f/raw",
                    ignore=NOT_READER_FIXTURES)
    (tmp_path / "corpora/f/project.yml").write_text("title: F\n", encoding="utf-8")
    result = run("check", "f", cwd=tmp_path)
    assert result.returncode == 1
    assert "Refus (17)" in result.stdout
    assert "junk/scan.pdf : format « .pdf » non pris en charge" in result.stdout
    assert "subtitles/broken.vtt, ligne 9 : minutage illisible" in result.stdout
    assert "Fichiers ignorés (2)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
