"""Shared fixtures: the test data folder, a project builder, the shared evaluation data."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED_DATA = ROOT.parent / "shared" / "data"
#: what a copy of tests/data as a project's raw/ leaves out: code, docs, and the data sets
#: that are not reader fixtures (pseudonymisation gold, browser harness pages, the
#: designer-week, workbench and teens projects, a REFI-QDA codebook, the snapshots of read
#: projects)
NOT_READER_FIXTURES = shutil.ignore_patterns("*.py", "README.md", "__pycache__",
                                             "pseudonymisation", "browser", "designer_week",
                                             "workbench", "teens", "refi-qda", "snapshots")
#: the teens test project (politeness closings, « on court », « Pass'Sport »,
#: « personne m'aide », a sentence said four times): tests/data/teens
TEENS = DATA / "teens"


@pytest.fixture
def make_project(tmp_path):
    """Build ``tmp_path/corpora/<name>`` from ``{relative path: str | bytes}`` and a YAML text."""

    def build(files: dict[str, str | bytes], yml: str = 'title: "Essai"\n',
              name: str = "essai") -> Path:
        root = tmp_path / "corpora" / name
        (root / "raw").mkdir(parents=True)
        (root / "project.yml").write_text(textwrap.dedent(yml), encoding="utf-8")
        for rel, content in files.items():
            path = root / "raw" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return build


@pytest.fixture(scope="session")
def granddebat_csv() -> Path:
    """The shared Grand Débat evaluation file; skipped, with the reason, when absent."""
    path = SHARED_DATA / "granddebat_dev.csv"
    if not path.is_file():
        pytest.skip(f"données d'évaluation absentes ({path}) : ce test ne tourne qu'en CI")
    return path


#: the workbench test project (explore, hand coding, insights): tests/data/workbench
WORKBENCH = DATA / "workbench"


@pytest.fixture(scope="session")
def workbench_cache(tmp_path_factory) -> Path:
    """The workbench project's annotation cache, filled once per session (a first run
    annotates and encodes every text: ~20 s; a warm run takes ~5 s)."""
    from labsynth.codebook import project_themes
    from labsynth.project import load_project

    root = tmp_path_factory.mktemp("warm") / "corpora" / "atelier"
    shutil.copytree(WORKBENCH, root, ignore=shutil.ignore_patterns("README.md"))
    project = load_project(root)
    project_themes(project, save=False)
    return root / ".labsynth-cache"


@pytest.fixture
def atelier(tmp_path, workbench_cache):
    """A fresh copy of the workbench project (``tmp_path/corpora/atelier``) with a warm
    annotation cache and no theme memory: each test starts as a designer's first run."""
    from labsynth.project import load_project

    root = tmp_path / "corpora" / "atelier"
    shutil.copytree(WORKBENCH, root, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(workbench_cache, root / ".labsynth-cache")
    return load_project(root)
