"""The report notebook reruns in JupyterLab: a kernel started in `notebooks/`, or in
`reports/<project>/` for the executed copy, finds the project (slow)."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from labsynth.report import render_report

from .conftest import ROOT

pytestmark = pytest.mark.slow


def _run(path, cwd):
    """Execute a notebook as JupyterLab would: a kernel whose working directory is
    ``cwd``, every cell in order."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="labsynth",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def _html_outputs(nb) -> str:
    return "".join(output.get("data", {}).get("text/html", "") for cell in nb.cells
                   for output in cell.get("outputs", []))


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    """A copy of the repository's layout: corpora/demo and notebooks/."""
    base = tmp_path_factory.mktemp("depot")
    shutil.copytree(ROOT / "corpora" / "demo", base / "corpora" / "demo",
                    ignore=shutil.ignore_patterns(".labsynth-cache", "themes_state.json"))
    shutil.copytree(ROOT / "notebooks", base / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return base


def test_the_notebook_runs_from_its_own_folder(repository):
    notebooks = repository / "notebooks"
    nb = _run(notebooks / "insight_report.ipynb", notebooks)
    html = _html_outputs(nb)
    assert "Associer les jeunes à l&#39;action de la Région" in html
    assert 'class="run-id"' in html
    streams = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "Aucun fichier écrit par le carnet" in streams
    assert not (repository / "reports").exists()  # no file without an output_dir
    # the project's own settings: the theme memory is the project's
    assert (repository / "corpora" / "demo" / "themes_state.json").is_file()


def test_the_executed_copy_reruns_from_the_report_folder(repository):
    result = render_report("demo", corpora=repository / "corpora")
    assert result.folder == (repository / "reports" / "demo").resolve()
    executed = nbformat.read(result.notebook, as_version=4)
    injected = next(c for c in executed.cells
                    if "injected-parameters" in c.metadata.get("tags", []))
    assert "project = 'demo'" in injected.source and "output_dir = None" in injected.source
    assert "labsynth-staging" not in json.dumps(executed)  # no trace of the staging folder
    before = {p.name: p.stat().st_mtime_ns for p in result.folder.iterdir()}
    nb = _run(result.notebook, result.folder)
    html = _html_outputs(nb)
    assert f'<code class="run-id">{result.run_id}</code>' in html  # the same run again
    after = {p.name: p.stat().st_mtime_ns for p in result.folder.iterdir()}
    assert after == before  # rerunning the copy writes nothing into the report folder
