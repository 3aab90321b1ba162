"""Comparing groups and projects: who carries a theme, what two groups differ on, and two
projects (or two waves of a consultation) side by side.

Counts come with every share: a share of 40 % means little without « 4 of 10
participants ». Group differences are tested with Fisher's exact test on the segments
(a theme's segments in group A against the rest of A, and in B), which holds for the
small counts of a qualitative study.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.stats import fisher_exact

from labsynth.analysis import MISSING_LABEL
from labsynth.describe import UNCLASSIFIED
from labsynth.errors import LabsynthError
from labsynth.themes import Themes, keyword_cosine, participant_of

__all__ = ["differences", "match_projects", "share"]

#: below this similarity (cosine of their keyword weights), two themes
#: of two projects are not said to match
MATCH = 0.3


def _data(themes: Themes, column: str) -> pd.DataFrame:
    data = themes.segments.reset_index(drop=True)
    if column not in data.columns:
        raise LabsynthError("LS510", f"colonne « {column} » absente des segments ; colonnes "
                            f"disponibles : {', '.join(map(str, data.columns))}.")
    values = data[column].map(lambda v: MISSING_LABEL if pd.isna(v) or not str(v).strip()
                              else str(v))
    return pd.DataFrame({"theme_id": themes.assignments["theme_id"].to_numpy(),
                         "value": values.to_numpy(),
                         "who": participant_of(data).astype(str).to_numpy()})


def _value(data: pd.DataFrame, wanted: str) -> str:
    from labsynth.search import fold

    found = {fold(v): v for v in data["value"].unique()}
    if str(wanted) in set(data["value"]):
        return str(wanted)
    if fold(str(wanted)) in found:
        return found[fold(str(wanted))]
    raise LabsynthError("LS523", f"valeur « {wanted} » absente ; valeurs : "
                        f"{', '.join(sorted(found.values()))}.")


def share(themes: Themes, theme_id: str, column: str) -> pd.DataFrame:
    """A theme's weight in each group of ``column`` (profile, territory...).

    Returns
    -------
    pandas.DataFrame
        One row per value: ``segments`` (of the theme), ``segments du groupe``, ``part``
        (of the group's segments), ``participants`` (who said it), ``participants du
        groupe``, ``part des participants``; sorted by share, largest first.
    """
    data = _data(themes, column)
    mine = data[data["theme_id"] == theme_id]
    groups = data.groupby("value")
    out = pd.DataFrame({
        "segments": mine.groupby("value").size(),
        "segments du groupe": groups.size(),
        "participants": mine.groupby("value")["who"].nunique(),
        "participants du groupe": groups["who"].nunique()}).fillna(0).astype(int)
    out.insert(2, "part", (out["segments"] / out["segments du groupe"]).round(3))
    out["part des participants"] = (out["participants"]
                                    / out["participants du groupe"]).round(3)
    out.index.name = column
    return out.sort_values(["part", "segments"], ascending=False).reset_index()


def differences(themes: Themes, column: str, a: str, b: str, top: int | None = 10
                ) -> pd.DataFrame:
    """The themes two groups (two values of ``column``) differ on most.

    For each theme: its segments and participants in each group, its share of each
    group's segments, the difference in points, and the p-value of Fisher's exact test
    (small: the difference is unlikely to be chance). Sorted by the size of the
    difference; ``T00`` left out.

    Returns
    -------
    pandas.DataFrame
    """
    data = _data(themes, column)
    a, b = _value(data, a), _value(data, b)
    labels = dict(zip(themes.themes["theme_id"], themes.themes["label"], strict=True))
    group = {v: data[data["value"] == v] for v in (a, b)}
    total = {v: len(g) for v, g in group.items()}
    rows = []
    for theme_id in themes.themes["theme_id"]:
        if theme_id == UNCLASSIFIED:
            continue
        counts = {v: int((g["theme_id"] == theme_id).sum()) for v, g in group.items()}
        people = {v: g.loc[g["theme_id"] == theme_id, "who"].nunique()
                  for v, g in group.items()}
        shares = {v: counts[v] / total[v] if total[v] else 0.0 for v in (a, b)}
        table = [[counts[a], total[a] - counts[a]], [counts[b], total[b] - counts[b]]]
        p = float(fisher_exact(table)[1]) if total[a] and total[b] else 1.0
        rows.append({"theme_id": theme_id, "theme": labels.get(theme_id, theme_id),
                     f"segments {a}": counts[a], f"sur {a}": total[a],
                     f"participants {a}": people[a], f"part {a}": round(shares[a], 3),
                     f"segments {b}": counts[b], f"sur {b}": total[b],
                     f"participants {b}": people[b], f"part {b}": round(shares[b], 3),
                     "écart (points)": round((shares[a] - shares[b]) * 100, 1),
                     "p (Fisher)": round(p, 4)})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out = out.reindex(out["écart (points)"].abs().sort_values(ascending=False,
                                                               kind="stable").index)
    out = out.reset_index(drop=True)
    return out.head(top) if top is not None else out


def match_projects(a: Themes, b: Themes, threshold: float = MATCH) -> pd.DataFrame:
    """Two projects' themes (or two waves') side by side, matched by content.

    Two themes are compared by the cosine of their keyword weights (lemmas and phrases,
    class-based TF-IDF: comparable across projects, whatever the ids); pairs are matched
    one to one (Hungarian algorithm) and kept above ``threshold``. A theme of one side
    without a match gets its own row, the other side empty.

    Returns
    -------
    pandas.DataFrame
        ``theme_id A, theme A, segments A, part A, theme_id B, theme B, segments B,
        part B, similarité, mots communs``, matched pairs first (most similar first).
    """
    ids_a = [t for t in a.themes["theme_id"] if t != UNCLASSIFIED]
    ids_b = [t for t in b.themes["theme_id"] if t != UNCLASSIFIED]
    sim = np.zeros((len(ids_a), len(ids_b)))
    for i, ta in enumerate(ids_a):
        for j, tb in enumerate(ids_b):
            sim[i, j] = keyword_cosine(a.weights.get(ta, {}), b.weights.get(tb, {}))
    pairs = []
    if sim.size:
        rows, cols = linear_sum_assignment(-sim)
        pairs = [(ids_a[i], ids_b[j], float(sim[i, j])) for i, j in zip(rows, cols,
                                                                           strict=True)
                 if sim[i, j] >= threshold]
    table_a = a.themes.set_index("theme_id")
    table_b = b.themes.set_index("theme_id")

    def side(table: pd.DataFrame, theme_id: str | None, tag: str) -> dict:
        if theme_id is None:
            return {f"theme_id {tag}": "", f"theme {tag}": "", f"segments {tag}": pd.NA,
                    f"part {tag}": pd.NA}
        row = table.loc[theme_id]
        return {f"theme_id {tag}": theme_id, f"theme {tag}": row["label"],
                f"segments {tag}": int(row["n_segments"]),
                f"part {tag}": round(float(row["share"]), 3)}

    out = []
    for ta, tb, s in sorted(pairs, key=lambda p: -p[2]):
        common = sorted(set(a.weights.get(ta, {})) & set(b.weights.get(tb, {})),
                        key=lambda f: -(a.weights[ta][f] * b.weights[tb][f]))[:5]
        out.append({**side(table_a, ta, "A"), **side(table_b, tb, "B"),
                    "similarité": round(s, 3), "mots communs": ", ".join(common)})
    matched_a = {p[0] for p in pairs}
    matched_b = {p[1] for p in pairs}
    for ta in ids_a:
        if ta not in matched_a:
            out.append({**side(table_a, ta, "A"), **side(table_b, None, "B"),
                        "similarité": pd.NA, "mots communs": ""})
    for tb in ids_b:
        if tb not in matched_b:
            out.append({**side(table_a, None, "A"), **side(table_b, tb, "B"),
                        "similarité": pd.NA, "mots communs": ""})
    return pd.DataFrame(out)
