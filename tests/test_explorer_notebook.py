"""notebooks/explorer.ipynb runs headless through a real Jupyter kernel (« labsynth »,
papermill, channels over IPC as `labsynth report` does) with its working directory in
notebooks/, on a copy of the demo; its rendered HTML holds the expected tables and reads
well without a kernel. Headless, the notebook runs with ``interactive=False`` (its
widgets are driven in tests/test_widgets.py). Slow: run by `make test`."""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from labsynth.report import KERNEL

from .conftest import ROOT

pytestmark = pytest.mark.slow
NOTEBOOK = ROOT / "notebooks" / "explorer.ipynb"


def _run(output: Path, parameters: dict) -> str:
    """Execute the notebook into ``output`` from notebooks/ and return its HTML."""
    import tempfile

    import nbformat
    import papermill
    from jupyter_client.manager import AsyncKernelManager
    from nbconvert import HTMLExporter

    with tempfile.TemporaryDirectory(prefix="labsynth-kernel-") as sockets:
        manager = AsyncKernelManager(kernel_name=KERNEL, transport="ipc",
                                     ip=f"{sockets}/kernel")
        try:
            # interactive=False: no widget is created headless (nbclient can block on a
            # cell creating widgets, jupyter/nbclient#312; tests/test_widgets.py drives
            # the panels); a timeout turns any other hang into a failure
            papermill.execute_notebook(str(NOTEBOOK), str(output),
                                       parameters={"interactive": False, **parameters},
                                       kernel_name=KERNEL, km=manager,
                                       cwd=str(NOTEBOOK.parent), progress_bar=False,
                                       execution_timeout=900)
        finally:
            if manager.has_kernel:
                asyncio.run(manager.shutdown_kernel(now=True))
    body, _ = HTMLExporter().from_notebook_node(nbformat.read(output, as_version=4))
    return body


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory) -> Path:
    """The demo, copied with its annotation cache when there is one (a fresh checkout
    has none: the first run analyses the texts)."""
    corpora = tmp_path_factory.mktemp("explorer") / "corpora"
    shutil.copytree(ROOT / "corpora" / "demo", corpora / "demo",
                    ignore=shutil.ignore_patterns("themes_state.json", "codage.csv"))
    return corpora


def _tables(page: str) -> list[str]:
    return re.findall(r"<table.*?</table>", page, flags=re.S)


def test_explorer_runs_on_the_demo_from_notebooks_and_shows_its_tables(demo_copy, tmp_path):
    project = demo_copy / "demo"
    insights_before = (project / "insights.yml").read_bytes()
    out = tmp_path / "explorer.ipynb"
    # the copy named relative to notebooks/: found only from a kernel working there
    relative = os.path.relpath(demo_copy, NOTEBOOK.parent)
    assert not Path(relative).is_absolute()
    page = html.unescape(_run(out, {"corpora": relative}))
    executed = json.loads(out.read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] for o in c.get("outputs", [])
              if o["output_type"] == "error"]
    assert not errors
    tables = _tables(page)
    assert len(tables) >= 12

    def table_with(*headers: str) -> str:
        found = [t for t in tables if all(f">{h}</th>" in t for h in headers)]
        assert found, headers
        return found[0]

    themes = table_with("theme_id", "label", "n_segments", "n_participants")
    n_themes = themes.count("<tr") - 2  # header and T00 apart
    assert n_themes >= 3 and ">T00</td>" in themes
    search = table_with("avant", "mot", "après", "correspondance", "provenance")
    assert ">logement</td>" in search and ">lemme</td>" in search
    context = table_with("ici", "position", "speaker", "role")
    assert context.count("●") == 1 and ">interviewer</td>" in context
    table_with("verbatim", "épinglé", "provenance")
    table_with("score", "quoted", "pinned")
    table_with("Apprenti·e", "Étudiant·e", "Lycéen·ne")
    table_with("segments du groupe", "participants du groupe", "part des participants")
    differences = table_with("segments Étudiant·e", "sur Lycéen·ne", "p (Fisher)")
    assert differences.count("<tr") == n_themes + 1  # header and every theme
    table_with("action", "segment", "thème", "code", "extrait", "note")
    insights = table_with("enseignement", "priorité", "verbatims vérifiés")
    assert "Le permis conditionne l'autonomie" in insights
    assert "Participer sans jamais savoir" in insights
    # widgets read as French sentences without a kernel, never as their Python repr
    assert "Boîte de recherche interactive" in page and "Sélecteur de thème" in page
    assert "VBox(" not in page and "Dropdown(" not in page
    # names are never shown
    assert "entretien_01_lea_albi" not in page
    # the notebook read the project and wrote nothing in it
    assert not (project / "codage.csv").exists()
    assert not (project / "themes_state.json").exists()
    assert (project / "insights.yml").read_bytes() == insights_before


def test_explorer_with_write_codes_and_drafts_into_the_project(demo_copy, tmp_path):
    project = demo_copy / "demo"
    out = tmp_path / "explorer.ipynb"
    page = html.unescape(_run(out, {"corpora": str(demo_copy), "write": True}))
    coding = (project / "codage.csv").read_text(encoding="utf-8-sig").splitlines()
    assert coding[0] == "action;segment;thème;code;extrait;note"
    assert [line.split(";")[0] for line in coding[1:]] == ["épingler", "coder", "coder"]
    assert "À explorer / logement" in coding[2]
    assert "écrit dans codage.csv, ligne 4." in page
    assert not re.search(r"\[LS12\d\]", page)  # no conflict
    assert re.search(r"Codes à vous : <strong>2 passage\(s\)</strong>", page)
    text = (project / "insights.yml").read_text(encoding="utf-8")
    assert text.count("- statement:") == 3
    assert "(à formuler) Ce que disent les participant·es de « logement »" in text
    (project / "codage.csv").unlink()
