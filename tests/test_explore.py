"""The exploration API (labsynth.explore, search, compare) on the workbench test project:
search on words and lemmas with filters and keyword in context, neighbours, members,
who says what, group differences with counts, two projects side by side."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from labsynth.errors import LabsynthError
from labsynth.explore import Workbench, open_project

from .conftest import WORKBENCH

CSV = "contributions/consultation_mars_2025.csv"
MANON = "entretiens/entretien_01_cahors.txt"


@pytest.fixture
def wb(atelier) -> Workbench:
    return open_project(atelier)


def _ids(table: pd.DataFrame) -> list[str]:
    return table["segment_id"].tolist()


def test_search_matches_words_and_lemmas_with_context(wb):
    found = wb.search("transports à la demande")
    by_id = found.set_index("segment_id")
    # the plural as written, the singular through its lemma
    assert by_id.at[f"{CSV}:AV007#0", "correspondance"] == "mot"
    assert by_id.at[f"{CSV}:AV003#0", "correspondance"] == "lemme"
    assert by_id.at[f"{CSV}:AV003#0", "mot"] == "transport à la demande"
    assert {f"{MANON}#5", "entretiens/entretien_03_figeac.txt#5"} <= set(found["segment_id"])
    # keyword in context: the words around the match, and the sentence to cite
    row = by_id.loc[f"{MANON}#5"]
    assert row["mot"] == "transports à la demande"
    assert row["avant"].startswith("…") and row["avant"].endswith(
        "réserver la veille avant midi par téléphone, et les")
    assert row["après"].startswith("ne roulent pas le soir ni le week-end.")
    assert row["phrase"] == ("Il faut réserver la veille avant midi par téléphone, et les "
                             "transports à la demande ne roulent pas le soir ni le week-end.")
    assert row["provenance"] == f"{MANON}, ligne 10, Participant·e 1"
    # a verb under its forms
    verbs = wb.search("aider")
    assert set(verbs["mot"]) == {"aidé", "aidée"}
    assert (verbs["correspondance"] == "lemme").all()
    assert len(verbs) == 6
    # the small model lemmatises « permis » (the licence) as « permettre »: the lemma
    # finds « permet »; between quotes, the word is matched as written only
    assert "permet" in set(wb.search("permis")["mot"])
    for query in ('"permis"', "« permis »", "“Permis”"):
        licence = wb.search(query)
        assert set(licence["mot"].str.lower()) == {"permis"}, query
        assert len(licence) == 5  # AV004 twice, AV009, the question and the answer of Manon
        assert (licence["correspondance"] == "mot").all()
    mixed = wb.search('aide au "permis"')
    assert _ids(mixed) == [f"{CSV}:AV004#0"]


def test_search_filters(wb):
    everything = wb.search("transport à la demande")
    assert len(everything) == 5  # the interviewer's question included
    people = wb.search("transport à la demande", role="participant")
    assert f"{MANON}#4" in _ids(everything) and f"{MANON}#4" not in _ids(people)
    assert len(people) == 4
    pupils = wb.search("transport à la demande", where={"profil": "lyceen·ne"})
    assert set(pupils["Profil"]) == {"Lycéen·ne"}
    assert set(_ids(pupils)) == {f"{CSV}:AV003#0", f"{CSV}:AV007#0", f"{MANON}#4",
                                 f"{MANON}#5"}
    both = wb.search("transport à la demande", kind="contribution",
                     where={"Département": ["Lot", "Gers"]})
    assert _ids(both) == [f"{CSV}:AV003#0", f"{CSV}:AV007#0"]
    dated = wb.search("transport à la demande", since="2025-03-03", until="2025-03")
    assert _ids(dated) == [f"{CSV}:AV007#0", f"{MANON}#4", f"{MANON}#5"]
    transport = wb.segment(f"{CSV}:AV003#0")["theme_id"]
    themed = wb.search("transport à la demande", theme=transport)
    assert (themed["theme_id"] == transport).all() and len(themed) >= 3
    assert wb.search("transport à la demande", limit=2).shape[0] == 2
    with pytest.raises(LabsynthError, match=r"LS510.*« Métier » absente"):
        wb.search("car", where={"Métier": "x"})


def test_names_are_never_found_nor_shown(wb):
    assert wb.search("Chloé").empty
    shown = wb.segment(f"{MANON}#5")["text"]
    assert "Chloé" not in shown and "Personne 1" in shown
    assert not wb.segments["text"].str.contains("Manon|Kévin|Chloé", regex=True).any()


def test_context_shows_the_conversation_around_a_segment(wb):
    around = wb.context(f"{MANON}#5", before=2, after=2)
    assert _ids(around) == [f"{MANON}#{i}" for i in (3, 4, 5, 6, 7)]
    assert around["ici"].tolist() == ["", "", "●", "", ""]
    assert around["role"].tolist() == ["participant", "interviewer", "participant",
                                       "interviewer", "participant"]
    assert around.at[1, "text"].startswith("Et le transport à la demande, tu connais ?")
    first = wb.context(f"{MANON}#0", before=3, after=1)
    assert _ids(first) == [f"{MANON}#0", f"{MANON}#1"]


def test_members_by_centrality_and_quotes(wb):
    theme = wb.segment(f"{CSV}:AV011#0")["theme_id"]
    members = wb.members(theme)
    assert len(members) == int(wb.themes.set_index("theme_id").at[theme, "n_segments"])
    assert members["score"].is_monotonic_decreasing
    assert members["quoted"].sum() == len(wb.quotes(theme))
    assert wb.members(theme, n=3).shape[0] == 3
    with pytest.raises(LabsynthError, match="LS521"):
        wb.members("T42")


def test_who_says_what_share_and_differences_count_people(wb):
    transport = wb.segment(f"{CSV}:AV001#0")["theme_id"]
    lodging = wb.segment(f"{CSV}:AV011#0")["theme_id"]
    data = wb.segments[wb.segments["analysed"]]
    table = wb.who_says_what("Profil")
    for profile in ("Lycéen·ne", "Étudiant·e"):
        mine = data[(data["Profil"] == profile) & (data["theme_id"] == transport)]
        assert table.loc[transport, profile].item() == mine["participant"].nunique()
    share = wb.share(transport, "profil").set_index("Profil")
    pupils = data[data["Profil"] == "Lycéen·ne"]
    assert share.at["Lycéen·ne", "segments du groupe"] == len(pupils)
    assert share.at["Lycéen·ne", "segments"] == (pupils["theme_id"] == transport).sum()
    assert share.at["Lycéen·ne", "part"] == round(
        (pupils["theme_id"] == transport).mean(), 3)
    assert share.index[0] == "Lycéen·ne"  # the group that says it most comes first
    diff = wb.differences("Profil", "lycéen·ne", "Étudiant·e", top=None).set_index("theme_id")
    assert diff.at[transport, "écart (points)"] > 30
    assert diff.at[lodging, "écart (points)"] < -20
    assert diff.at[transport, "segments Lycéen·ne"] == share.at["Lycéen·ne", "segments"]
    assert diff.at[transport, "p (Fisher)"] < 0.01
    assert diff.loc[transport, "sur Lycéen·ne"] == len(pupils)
    with pytest.raises(LabsynthError, match=r"LS523.*Retraité"):
        wb.differences("Profil", "Retraité", "Étudiant·e")


def test_compare_two_waves_matches_themes_by_content(wb, tmp_path, workbench_cache):
    same = wb.compare(wb)
    assert (same["theme_id A"] == same["theme_id B"]).all()
    assert (same["similarité"] == 1.0).all()
    # the second wave: a project with the April contributions only, and the interviews
    root = tmp_path / "vague2" / "corpora" / "avril"
    shutil.copytree(WORKBENCH, root, ignore=shutil.ignore_patterns("README.md",
                                                                   "consultation_mars*"))
    shutil.copy(WORKBENCH / "added" / "consultation_avril_2025.csv",
                root / "raw" / "contributions")
    shutil.copytree(workbench_cache, root / ".labsynth-cache")
    other = open_project(root)
    side = wb.compare(other)
    assert {"theme_id A", "theme A", "segments A", "part A", "theme_id B", "theme B",
            "segments B", "part B", "similarité", "mots communs"} <= set(side.columns)
    matched = side.dropna(subset=["similarité"])
    assert len(matched) >= 3
    assert (matched["similarité"] >= 0.3).all()
    assert matched["similarité"].is_monotonic_decreasing
    # every theme of each side is listed once
    assert sorted(t for t in side["theme_id A"] if t) == sorted(
        t for t in wb.themes["theme_id"] if t != "T00")
    assert sorted(t for t in side["theme_id B"] if t) == sorted(
        t for t in other.themes["theme_id"] if t != "T00")


def test_the_workbench_never_writes_the_theme_memory(wb):
    assert not (wb.project.root / "themes_state.json").exists()
    assert not wb.run.saved
