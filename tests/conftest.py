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
#: designer-week project, a REFI-QDA codebook)
NOT_READER_FIXTURES = shutil.ignore_patterns("*.py", "README.md", "__pycache__",
                                             "pseudonymisation", "browser", "designer_week",
                                             "refi-qda")


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
