"""What the themes say, on the demo and on the designer-week fixture (slow): a number of
themes a designer can work with, labels and keywords without fillers, quotes that read
well."""

from __future__ import annotations

import math
import re
import shutil

import pytest

from labsynth.codebook import project_themes
from labsynth.project import load_project
from labsynth.stopwords import ORAL_FILLERS, SMS_FORMS
from labsynth.themes import MIN_SHARE, UNCLASSIFIED

from .conftest import DATA, ROOT

pytestmark = pytest.mark.slow

PHONE = re.compile(r"(?:\+33|0)\s*[1-9](?:[\s.-]*\d{2}){4}")
LIST_MARKER = re.compile(r"(?m)^\s*(?:[-*+•]|\d{1,3}[.)])\s")
FILLERS = (ORAL_FILLERS | SMS_FORMS) - {"oui"}


@pytest.fixture(scope="module", params=["demo", "designer_week"])
def run(request, tmp_path_factory):
    base = tmp_path_factory.mktemp(request.param)
    root = base / "corpora" / request.param
    if request.param == "demo":
        shutil.copytree(ROOT / "corpora" / "demo", root,
                        ignore=shutil.ignore_patterns(".labsynth-cache", "themes_state.json"))
    else:
        shutil.copytree(DATA / "designer_week", root,
                        ignore=shutil.ignore_patterns("added", "build.py", "README.md"))
        with (root / "project.yml").open("a", encoding="utf-8") as handle:
            handle.write("interviewers: [Claire, Julien]\n")
    return project_themes(load_project(root), progress=False)


def test_auto_gives_a_workable_number_of_themes_none_too_small(run):
    themes = run.themes
    k = themes.params["k"]
    low, high = themes.params["k_range"]
    assert low < themes.params["k_chosen"] < high  # never a bound of the range
    assert k < 15
    table = themes.table().set_index("theme_id").drop(UNCLASSIFIED)
    analysed = int((themes.assignments["theme_id"] != UNCLASSIFIED).sum())
    minimum = max(2, math.ceil(MIN_SHARE * analysed))
    assert (table["n_segments"] >= minimum).all(), table["n_segments"]
    assert (table["n_documents"] >= 2).all()
    unclassified = (themes.assignments["theme_id"] == UNCLASSIFIED).mean()
    assert unclassified <= 0.05


def test_labels_and_keywords_hold_no_filler_and_no_cut_word(run):
    for row in run.themes.table().itertuples():
        if row.theme_id == UNCLASSIFIED:
            continue
        words = {w.lower() for text in [row.label, *row.keywords]
                 for w in re.findall(r"[\w'-]+", text)}
        assert not words & FILLERS, (row.label, row.keywords)
        assert not {"week", "end"} & words  # « week-end » is one word
        assert row.label not in {", ".join(row.keywords[:3]), " · ".join(row.keywords[:3])}
    labels = [r.label.lower() for r in run.themes.table().itertuples()]
    assert len(labels) == len(set(labels))  # distinct


def test_quotes_read_well_and_are_verbatim(run):
    themes = run.themes
    raw = dict(zip(themes.segments["segment_id"], themes.segments["text"], strict=True))
    n = 0
    for theme_id in themes.themes["theme_id"]:
        if theme_id == UNCLASSIFIED:
            continue
        kinds = set()
        for q in themes.quotes(theme_id).itertuples():
            text = raw[q.segment_id][q.excerpt_start:q.excerpt_end]
            assert text == q.text
            for mark in ("#", "**", "__", "<"):
                assert mark not in text, (theme_id, text)
            assert not LIST_MARKER.search(text), (theme_id, text)
            assert not PHONE.search(text), (theme_id, text)
            shared = run.pseudonymisation.excerpt(q.segment_id, raw[q.segment_id],
                                                  q.excerpt_start, q.excerpt_end)
            assert not PHONE.search(shared)
            kinds.add(themes.segments.set_index("segment_id").loc[q.segment_id, "kind"])
            n += 1
        members = themes.segments[themes.assignments["theme_id"] == theme_id]
        if members["kind"].nunique() > 1 and len(members) >= 10:
            assert len(kinds) > 1, theme_id  # interviews and contributions both
    assert n > 0 and run.not_verbatim == []
