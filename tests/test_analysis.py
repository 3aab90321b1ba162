"""Cross-tabulation, interview saturation and themes over time: exact counts, nothing lost."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labsynth.analysis import (
    MISSING_LABEL,
    UNDATED_LABEL,
    Saturation,
    crosstab,
    over_time,
    saturation,
)
from labsynth.errors import LabsynthError
from labsynth.features import Features
from labsynth.themes import UNCLASSIFIED, Themes, find_themes

from .conftest import ROOT

CSV = "contributions/consultation_jeunes.csv"
NOTE = "notes/terrain_2025-03-18.md"

# (doc_id, kind, date, speaker, Profil, Département, theme_id, text)
# Interview files e01..e05 are dated in another order than their names: e05, e02, e04, e01,
# then e03 (undated).
ROWS = [
    ("entretiens/e01_lea.txt", "interview", "2025-03-20", "Léa", "Étudiant·e",
     "Haute-Garonne", "T01", "Le loyer me prend la moitié de ma bourse, c'est intenable."),
    ("entretiens/e01_lea.txt", "interview", "2025-03-20", "Léa", "Étudiant·e",
     "Haute-Garonne", "T04", "Je n'ose pas aller voir la psychologue de la fac."),
    ("entretiens/e02_karim.txt", "interview", "2025-03-05", "Karim", "Parent", "Hérault",
     "T02", "Le bus du soir ne passe plus après 21 h, mon fils rentre à pied."),
    ("entretiens/e02_karim.txt", "interview", "2025-03-05", "Karim", "Parent", "Hérault",
     "T01", "On cherche un logement plus proche du lycée."),
    ("entretiens/e03_sami.txt", "interview", None, "Sami", "Jeune actif·ve", None,
     "T05", "Le club de foot a fermé l'an dernier, il n'y a plus rien le samedi."),
    ("entretiens/e03_sami.txt", "interview", None, "Sami", "Jeune actif·ve", None,
     "T02", "Sans voiture, impossible d'aller au travail à l'heure."),
    ("entretiens/e04_ines.txt", "interview", "2025-03-12T14:30", "Inès", "Lycéen·ne", "Gers",
     "T03", "Les stages, on les trouve par piston, sinon rien."),
    ("entretiens/e05_jade.txt", "interview", "2025-02-28", "Jade", "Étudiant·e",
     "Haute-Garonne", "T01", "La colocation coûte trop cher à Toulouse."),
    ("entretiens/e05_jade.txt", "interview", "2025-02-28", "Jade", "Étudiant·e",
     "Haute-Garonne", "T01", "J'ai visité vingt appartements avant d'en trouver un."),
    ("entretiens/e05_jade.txt", "interview", "2025-02-28", "Jade", "Étudiant·e",
     "Haute-Garonne", UNCLASSIFIED, "Bon, voilà, c'est à peu près tout."),
    (f"{CSV}:C0001", "contribution", "2025-03-03T08:47", "nina_31", "Étudiant·e",
     "Haute-Garonne", "T01", "Des logements étudiants en plus, vite."),
    (f"{CSV}:C0002", "contribution", "2025-03-04T09:11", "nina_31", "Étudiant·e",
     "Haute-Garonne", "T06", "Un budget participatif pour les jeunes du quartier."),
    (f"{CSV}:C0003", "contribution", None, None, "", "Lot", "T06",
     "Nous consulter vraiment, pas seulement pour la photo."),
    (f"{CSV}:C0004", "contribution", "2025-04-02T18:25", "Kevin31", "Lycéen·ne", "Gers",
     "T01", "Le foyer jeunes travailleurs est complet jusqu'en septembre."),
    (NOTE, "note", "2025-03-18", None, None, None, "T02",
     "Arrêt de bus sans abri, les jeunes attendent sous la pluie."),
]
LABELS = {"T01": "logement · loyer · colocation", "T02": "bus · voiture · soir",
          "T03": "stage · piston", "T04": "psychologue · santé", "T05": "club · foot",
          "T06": "budget · consulter", UNCLASSIFIED: "Non classé"}


def _segments(rows=ROWS) -> tuple[pd.DataFrame, list[str]]:
    records, theme_ids, position = [], [], {}
    for doc_id, kind, date, speaker, profil, dept, theme_id, text in rows:
        n = position.get(doc_id, 0)
        position[doc_id] = n + 1
        records.append({
            "segment_id": f"{doc_id}#{n}", "doc_id": doc_id, "kind": kind, "date": date,
            "speaker": speaker, "role": "participant" if kind == "interview" else "unknown",
            "text": text, "Profil": profil, "Département": dept})
        theme_ids.append(theme_id)
    return pd.DataFrame(records), theme_ids


def _themes(rows=ROWS, permutation=None) -> Themes:
    """A Themes result built by hand (rows optionally shuffled, as a different file order)."""
    segments, theme_ids = _segments(rows)
    assignments = pd.DataFrame({"segment_id": segments["segment_id"], "theme_id": theme_ids,
                                "score": 0.5})
    if permutation is not None:
        segments = segments.iloc[permutation].reset_index(drop=True)
        assignments = assignments.iloc[permutation].reset_index(drop=True)
    ids = [t for t in LABELS if t in set(theme_ids) or t == UNCLASSIFIED]
    table = pd.DataFrame({
        "theme_id": ids, "label": [LABELS[t] for t in ids],
        "n_segments": [theme_ids.count(t) for t in ids]})
    return Themes(table, assignments, segments, {}, pd.DataFrame(columns=["k", "stability"]))


@pytest.fixture
def themes() -> Themes:
    return _themes()


ORDER = ["T01", "T02", "T03", "T04", "T05", "T06", UNCLASSIFIED]


# -- crosstab -----------------------------------------------------------------------------


def test_crosstab_counts_segments_and_keeps_missing_values(themes):
    table = crosstab(themes, "Profil")
    assert table.index.names == ["theme_id", "label"]
    assert list(table.index.get_level_values("theme_id")) == ORDER
    assert table.index.get_level_values("label")[0] == LABELS["T01"]
    assert table.index.get_level_values("label")[-1] == "Non classé"
    assert table.columns.name == "Profil"
    assert list(table.columns) == ["Étudiant·e", "Jeune actif·ve", "Lycéen·ne", "Parent",
                                   MISSING_LABEL]
    assert table.to_numpy().tolist() == [
        [4, 0, 1, 1, 0],  # T01
        [0, 1, 0, 1, 1],  # T02 (the field note has no profile)
        [0, 0, 1, 0, 0],
        [1, 0, 0, 0, 0],
        [0, 1, 0, 0, 0],
        [1, 0, 0, 0, 1],  # T06 (a blank profile counts as missing)
        [1, 0, 0, 0, 0],  # T00
    ]
    assert (table.dtypes == "int64").all()
    assert int(table.to_numpy().sum()) == len(ROWS) == 15


def test_crosstab_any_segment_column(themes):
    table = crosstab(themes, "kind")
    assert list(table.columns) == ["contribution", "interview", "note"]
    assert table.sum().to_dict() == {"contribution": 4, "interview": 10, "note": 1}
    departments = crosstab(themes, "Département")
    assert list(departments.columns) == ["Gers", "Haute-Garonne", "Hérault", "Lot",
                                         MISSING_LABEL]
    assert departments[MISSING_LABEL].sum() == 3  # e03 twice and the note
    assert int(departments.to_numpy().sum()) == 15


def test_crosstab_without_unclassified(themes):
    table = crosstab(themes, "Profil", include_unclassified=False)
    assert list(table.index.get_level_values("theme_id")) == ORDER[:-1]
    assert int(table.to_numpy().sum()) == 14


def test_crosstab_by_participants(themes):
    table = crosstab(themes, "Profil", by="participants")
    # T01 Étudiant·e: interviews e01 and e05 (two segments, one participant) and nina_31
    assert table.loc["T01"].iloc[0].tolist() == [3, 0, 1, 1, 0]
    # nina_31 wrote two contributions: one participant, counted under T01 and T06
    assert table.loc["T06"].iloc[0].tolist() == [1, 0, 0, 0, 1]
    kinds = crosstab(themes, "kind", by="participants")
    assert kinds.loc["T01"].iloc[0].tolist() == [2, 3, 0]
    assert kinds.loc["T02"].iloc[0].tolist() == [0, 2, 1]


def test_crosstab_shares(themes):
    rows = crosstab(themes, "Profil", normalize="index")
    assert np.allclose(rows.sum(axis=1), 1.0)
    assert rows.loc["T01"].iloc[0, 0] == pytest.approx(4 / 6)
    columns = crosstab(themes, "Profil", normalize="columns")
    assert np.allclose(columns.sum(axis=0), 1.0)
    assert columns.loc["T01", "Étudiant·e"].iloc[0] == pytest.approx(4 / 7)
    assert (rows.dtypes == "float64").all() and (columns.to_numpy() <= 1).all()
    participants = crosstab(themes, "kind", by="participants", normalize="index")
    assert np.allclose(participants.sum(axis=1), 1.0)


def test_crosstab_share_of_an_empty_theme_is_zero():
    rows = [r for r in ROWS if r[6] != UNCLASSIFIED]
    themes = _themes(rows)
    assert UNCLASSIFIED in set(themes.themes["theme_id"])  # as find_themes always lists it
    shares = crosstab(themes, "Profil", normalize="index")
    assert shares.loc[UNCLASSIFIED].to_numpy().tolist() == [[0.0] * 5]
    assert int(crosstab(themes, "Profil").to_numpy().sum()) == 14


def test_crosstab_sorts_numbers_by_value():
    rows = [(f"entretiens/e{i}.txt", "interview", None, "P", profil, dept, "T01", "Texte.")
            for i, (profil, dept) in enumerate([("A", "9"), ("B", "31"), ("C", "11")])]
    table = crosstab(_themes(rows), "Département")
    assert list(table.columns) == ["9", "11", "31"]


def test_crosstab_refuses_bad_arguments(themes):
    with pytest.raises(LabsynthError) as error:
        crosstab(themes, "Âge")
    assert error.value.code == "LS510" and "Profil" in error.value.message
    with pytest.raises(LabsynthError) as error:
        crosstab(themes, "Profil", normalize="all")
    assert error.value.code == "LS511" and "'all'" in error.value.message
    with pytest.raises(LabsynthError) as error:
        crosstab(themes, "Profil", by="documents")
    assert error.value.code == "LS512"


def test_inconsistent_themes_are_refused(themes):
    broken = Themes(themes.themes, themes.assignments.iloc[:-1], themes.segments, {},
                    themes.k_curve)
    with pytest.raises(LabsynthError) as error:
        crosstab(broken, "Profil")
    assert error.value.code == "LS515"


# -- saturation ---------------------------------------------------------------------------


def test_saturation_follows_dates_not_file_order(themes):
    result = saturation(themes)
    assert isinstance(result, Saturation)
    curve = result.curve
    assert list(curve.columns) == ["position", "doc_id", "date", "new_themes",
                                   "cumulative_themes", "share_of_final"]
    assert curve["position"].tolist() == [1, 2, 3, 4, 5]
    assert curve["doc_id"].tolist() == [
        "entretiens/e05_jade.txt", "entretiens/e02_karim.txt", "entretiens/e04_ines.txt",
        "entretiens/e01_lea.txt", "entretiens/e03_sami.txt"]  # undated last
    assert curve["date"].tolist() == ["2025-02-28", "2025-03-05", "2025-03-12T14:30",
                                      "2025-03-20", None]
    assert curve["new_themes"].tolist() == [1, 1, 1, 1, 1]
    assert curve["cumulative_themes"].tolist() == [1, 2, 3, 4, 5]
    assert curve["share_of_final"].tolist() == pytest.approx([0.2, 0.4, 0.6, 0.8, 1.0])
    # T06 is only in contributions, T00 never counts
    assert result.n_themes == 5
    assert result.first_seen == {"T01": 1, "T02": 2, "T03": 3, "T04": 4, "T05": 5}
    assert (result.at_80, result.at_90) == (4, 5)


def test_saturation_min_segments(themes):
    result = saturation(themes, min_segments=2)
    # T01: two segments in e05 already; T02: e02 then e03; the others have one segment
    assert result.first_seen == {"T01": 1, "T02": 5}
    assert result.curve["new_themes"].tolist() == [1, 0, 0, 0, 1]
    assert result.curve["cumulative_themes"].tolist() == [1, 1, 1, 1, 2]
    assert (result.at_80, result.at_90) == (5, 5)
    assert result.min_segments == 2


def test_saturation_does_not_depend_on_row_order(themes):
    shuffled = _themes(permutation=np.random.default_rng(3).permutation(len(ROWS)))
    pd.testing.assert_frame_equal(saturation(shuffled).curve, saturation(themes).curve)
    pd.testing.assert_frame_equal(crosstab(shuffled, "Profil"), crosstab(themes, "Profil"))
    pd.testing.assert_frame_equal(over_time(shuffled), over_time(themes))


def test_saturation_undated_interviews_last_by_doc_id():
    rows = [("entretiens/b.txt", "interview", None, "B", "", "", "T01", "Un."),
            ("entretiens/c.txt", "interview", "2025-01-10", "C", "", "", "T02", "Deux."),
            ("entretiens/a.txt", "interview", None, "A", "", "", "T03", "Trois."),
            ("entretiens/d.txt", "interview", "2025-01-10", "D", "", "", "T01", "Quatre."),
            ("entretiens/e.txt", "interview", "", "E", "", "", "T01", "Cinq.")]
    curve = saturation(_themes(rows)).curve
    assert curve["doc_id"].tolist() == ["entretiens/c.txt", "entretiens/d.txt",
                                        "entretiens/a.txt", "entretiens/b.txt",
                                        "entretiens/e.txt"]
    assert curve["new_themes"].tolist() == [1, 1, 1, 0, 0]  # T02, T01, T03


def test_saturation_without_interviews():
    rows = [r for r in ROWS if r[1] != "interview"]
    result = saturation(_themes(rows))
    assert result.curve.empty
    assert list(result.curve.columns)[:2] == ["position", "doc_id"]
    assert (result.at_80, result.at_90, result.n_themes) == (None, None, 0)


def test_saturation_refuses_bad_threshold(themes):
    for bad in (0, 1.5, "2", True):
        with pytest.raises(LabsynthError) as error:
            saturation(themes, min_segments=bad)
        assert error.value.code == "LS513"


# -- over_time ----------------------------------------------------------------------------


def test_over_time_by_month(themes):
    table = over_time(themes)
    assert table.columns.name == "période"
    assert list(table.columns) == ["2025-02", "2025-03", "2025-04", UNDATED_LABEL]
    assert list(table.index.get_level_values("theme_id")) == ORDER
    assert table.to_numpy().tolist() == [
        [2, 3, 1, 0],  # T01
        [0, 2, 0, 1],  # T02: e02, the note, e03 undated
        [0, 1, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 0, 1],
        [0, 1, 0, 1],
        [1, 0, 0, 0],
    ]
    assert int(table.to_numpy().sum()) == 15
    assert table.sum().to_dict() == {"2025-02": 3, "2025-03": 8, "2025-04": 1,
                                     UNDATED_LABEL: 3}


def test_over_time_other_periods(themes):
    assert list(over_time(themes, "Q").columns) == ["2025-T1", "2025-T2", UNDATED_LABEL]
    weeks = over_time(themes, "W")
    assert list(weeks.columns) == ["2025-S09", "2025-S10", "2025-S11", "2025-S12",
                                   "2025-S13", "2025-S14", UNDATED_LABEL]
    assert int(weeks.to_numpy().sum()) == 15
    days = over_time(themes, "D")
    assert days.columns[0] == "2025-02-28" and days.columns[-2] == "2025-04-02"
    assert list(over_time(themes, "Y").columns) == ["2025", UNDATED_LABEL]


def test_over_time_shows_gaps_and_iso_weeks():
    rows = [("entretiens/a.txt", "interview", "2024-12-30", "A", "", "", "T01", "Un."),
            ("entretiens/b.txt", "interview", "2025-03-02T09:00", "B", "", "", "T01", "Deux.")]
    themes = _themes(rows)
    monthly = over_time(themes)
    assert list(monthly.columns) == ["2024-12", "2025-01", "2025-02", "2025-03"]
    assert monthly.loc["T01"].to_numpy().tolist() == [[1, 0, 0, 1]]
    assert over_time(themes, "W").columns[0] == "2025-S01"  # ISO week of 30 December 2024


def test_over_time_without_any_date():
    rows = [(*r[:2], None, *r[3:]) for r in ROWS]
    table = over_time(_themes(rows))
    assert list(table.index.get_level_values("theme_id")) == ORDER
    assert table.shape == (7, 0)
    themes = _themes()
    no_column = Themes(themes.themes, themes.assignments, themes.segments.drop(columns="date"),
                       {}, themes.k_curve)
    assert over_time(no_column).shape == (7, 0)


def test_over_time_unreadable_date_is_undated():
    rows = [("entretiens/a.txt", "interview", "mars 2025", "A", "", "", "T01", "Un."),
            ("entretiens/b.txt", "interview", "2025-03-02", "B", "", "", "T01", "Deux.")]
    table = over_time(_themes(rows), include_unclassified=False)
    assert list(table.columns) == ["2025-03", UNDATED_LABEL]
    assert table.to_numpy().tolist() == [[1, 1]]


def test_over_time_refuses_unknown_frequency(themes):
    with pytest.raises(LabsynthError) as error:
        over_time(themes, "H")
    assert error.value.code == "LS514"


# -- on find_themes results -----------------------------------------------------------------


def test_on_find_themes_with_hand_made_features():
    segments, _ = _segments()
    words = {"T01": ["logement", "loyer"], "T02": ["bus", "transport"],
             "T03": ["stage", "emploi"], "T04": ["santé", "psychologue"],
             "T05": ["sport", "club"], "T06": ["budget", "participation"], UNCLASSIFIED: []}
    features = Features([words[r[6]] for r in ROWS], {})
    themes = find_themes(segments, features, n_themes=3, seed=0)
    table = crosstab(themes, "Profil")
    assert list(table.index.get_level_values("theme_id")) == themes.themes["theme_id"].tolist()
    assert int(table.to_numpy().sum()) == len(segments)
    by_theme = table.sum(axis=1).droplevel("label")
    assert by_theme.to_dict() == dict(zip(themes.themes["theme_id"],
                                          themes.themes["n_segments"], strict=True))
    assert int(over_time(themes).to_numpy().sum()) == len(segments)
    result = saturation(themes)
    assert result.curve["doc_id"].iloc[0] == "entretiens/e05_jade.txt"
    assert result.curve["cumulative_themes"].iloc[-1] == result.n_themes


@pytest.mark.slow
def test_on_the_demo_project():
    from labsynth import project_cache, read_corpus, text_features

    corpus = read_corpus(ROOT / "corpora" / "demo")
    segments = corpus.for_analysis()
    with project_cache(corpus.project) as cache:
        features = text_features(segments["text"].tolist(), corpus.project.spec.nlp, cache)
    themes = find_themes(segments, features, seed=0)
    n = len(segments)
    for column in ("Profil", "Tranche d'âge", "Département", "kind"):
        table = crosstab(themes, column)
        assert int(table.to_numpy().sum()) == n, column
        assert np.allclose(crosstab(themes, column, normalize="index")
                           .loc[table.sum(axis=1) > 0].sum(axis=1), 1.0)
    profiles = crosstab(themes, "Profil")
    assert profiles[MISSING_LABEL].sum() == (segments["kind"] == "note").sum()
    assert crosstab(themes, "kind").sum().to_dict() == \
        segments["kind"].value_counts().sort_index().to_dict()
    participants = crosstab(themes, "kind", by="participants")
    assert (participants <= crosstab(themes, "kind")).to_numpy().all()

    result = saturation(themes)
    curve = result.curve
    assert len(curve) == segments.loc[segments["kind"] == "interview", "doc_id"].nunique()
    assert curve["position"].tolist() == list(range(1, len(curve) + 1))
    dated = curve["date"].dropna().tolist()
    assert dated == sorted(dated)
    assert (np.diff(curve["cumulative_themes"]) >= 0).all()
    assert curve["new_themes"].sum() == result.n_themes == curve["cumulative_themes"].iloc[-1]
    assert curve["share_of_final"].iloc[-1] == pytest.approx(1.0)
    assert result.at_80 is not None and 1 <= result.at_80 <= result.at_90 <= len(curve)

    monthly = over_time(themes)
    assert int(monthly.to_numpy().sum()) == n
    assert list(monthly.index) == list(profiles.index)
    months = [c for c in monthly.columns if c != UNDATED_LABEL]
    assert months == sorted(months) and months[0].startswith("2025-")
