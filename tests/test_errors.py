"""Exceptions: stable codes, facts carried, built-in bases kept."""

from __future__ import annotations

from labsynth.errors import (
    CorpusError,
    LabsynthError,
    ModelNotInstalledError,
    ProjectError,
    ReportError,
)


def test_corpus_error_names_file_and_line():
    error = CorpusError("LS232", "texte vide.", "contributions/export.csv", 14)
    assert str(error) == "[LS232] contributions/export.csv, ligne 14 : texte vide."
    assert (error.code, error.path, error.line, error.reason) == (
        "LS232", "contributions/export.csv", 14, "texte vide.")
    assert isinstance(error, ValueError) and isinstance(error, LabsynthError)
    json_error = CorpusError("LS237", "pas un objet.", "a.json", 3, unit="élément")
    assert str(json_error) == "[LS237] a.json, élément 3 : pas un objet."


def test_project_error_lists_every_problem():
    error = ProjectError("LS105", "2 erreurs :", problems=["ligne 2, a : x", "ligne 3, b : y"])
    assert str(error) == "[LS105] 2 erreurs :\n  - ligne 2, a : x\n  - ligne 3, b : y"
    assert isinstance(error, ValueError)


def test_other_errors_keep_builtin_bases():
    assert isinstance(ModelNotInstalledError("LS401", "x"), ImportError)
    report = ReportError("LS501", "cellule 4 en erreur", cell_index=4)
    assert isinstance(report, RuntimeError) and report.cell_index == 4
