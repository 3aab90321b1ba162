"""Interviewers not declared in project.yml are suggested by `check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from labsynth.corpus import read_corpus
from labsynth.interviewers import speaker_profiles, suggest_interviewers
from labsynth.project import load_project

from .conftest import DATA, ROOT

LABSYNTH = Path(sys.executable).parent / "labsynth"


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("week") / "corpora" / "semaine"
    shutil.copytree(DATA / "designer_week", root,
                    ignore=shutil.ignore_patterns("added", "build.py", "README.md"))
    return root


def test_the_two_undeclared_interviewers_are_suggested(week):
    corpus = read_corpus(load_project(week))
    hints = suggest_interviewers(corpus.segments)
    assert [h.name for h in hints] == ["Julien", "Claire"]
    julien = hints[0]
    assert set(julien.labels) == {"Julien", "Julien Garnier", "julien (Lab Région)"}
    assert julien.question_share > 0.5 and julien.length_ratio < 1
    assert len(julien.files) == 5
    # participants are never suggested; « Q » is already an interviewer by its name
    assert not {h.name for h in hints} & {"Léa", "Mathis", "INES", "R", "Q", "Sofiane"}


def test_check_prints_the_line_to_add_then_says_nothing_once_declared(week):
    run = subprocess.run([str(LABSYNTH), "check", str(week)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Enquêteur·rices probables, non déclaré·es (2)" in run.stdout
    assert "interviewers: [Julien, Claire]" in run.stdout
    yml = week / "project.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "interviewers: [Julien, Claire]\n",
                   encoding="utf-8")
    corpus = read_corpus(load_project(week))
    assert suggest_interviewers(corpus.segments) == []
    roles = corpus.segments.set_index("speaker")["role"]
    assert (roles.loc[["Claire", "Claire Vidal", "julien (Lab Région)"]] == "interviewer").all()
    again = subprocess.run([str(LABSYNTH), "check", str(week)], capture_output=True,
                           text=True, timeout=300)
    assert "Enquêteur·rices probables" not in again.stdout


def test_the_demo_interviewers_are_all_found_and_no_participant():
    corpus = read_corpus(load_project(ROOT / "corpora" / "demo"))
    assert suggest_interviewers(corpus.segments) == []  # all declared or named by role
    found = {h.name for h in suggest_interviewers(corpus.segments, include_known=True)}
    assert found == {"Claire", "Julien", "Enquêtrice", "ENQUÊTEUR", "Q"}


def test_a_lonely_speaker_or_a_note_is_never_judged(make_project):
    root = make_project({"seul.txt": "Léa : Est-ce que ça marche ?\nLéa : Et là ?\n",
                         "note.md": "# Note\n\nQui décide ? Personne ne sait ?\n"})
    corpus = read_corpus(load_project(root))
    assert speaker_profiles(corpus.segments).empty
    assert suggest_interviewers(corpus.segments) == []
