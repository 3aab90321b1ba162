"""Imports run one way (raw files -> report): the workbench modules sit in the flow of
docs/architecture.md and nothing below them imports them. Read from the source (ast):
every import counts, lazy ones inside functions too; ``if TYPE_CHECKING:`` blocks do
not (they are never run)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "labsynth"

#: module -> modules it must never import (the stages after it)
LATER = {
    "search": {"themes", "codebook", "coding", "evidence", "compare", "insights", "explore",
               "widgets", "report", "pages"},
    "compare": {"codebook", "coding", "evidence", "insights", "explore", "widgets", "report",
                "pages"},
    "coding": {"codebook", "evidence", "insights", "explore", "widgets", "report", "pages",
               "qda"},
    "codebook": {"evidence", "insights", "explore", "widgets", "report", "pages"},
    "evidence": {"insights", "explore", "widgets", "report", "pages", "qda"},
    "insights": {"explore", "widgets", "report", "pages"},
    "explore": {"widgets", "report", "pages", "insights"},
    # lent to the model stages (nlp, anonymise/detect): below all that uses them
    "cluster": {"features", "vectorize", "themes", "codebook", "coding", "corpus", "search",
                "explore", "report", "insights"},
}


def _imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
            and getattr(node.test, "id", None) == "TYPE_CHECKING"
            for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "labsynth":
                found |= {a.name for a in node.names}
            elif node.module.startswith("labsynth."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names
                      if a.name.startswith("labsynth.")}
    return found


@pytest.mark.parametrize("module", sorted(LATER))
def test_no_module_imports_a_later_stage(module):
    assert not _imports(module) & LATER[module]


def test_only_the_notebook_side_imports_the_workbench():
    users = {p.stem for p in PACKAGE.glob("*.py")
             if p.stem != "explore" and "explore" in _imports(p.stem)}
    assert users <= {"widgets"}  # widgets names it for its type hints only
    assert not {p.stem for p in PACKAGE.glob("*.py") if "widgets" in _imports(p.stem)}
