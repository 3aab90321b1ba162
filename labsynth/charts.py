"""The report's charts: matplotlib figures as SVG, each with a French alt text.

Every function takes :class:`~labsynth.insights.Insights` tables and returns a
:class:`Chart` whose ``alt`` says what the chart shows (its largest values included), so
that a screen reader, or a colleague who cannot see the picture, gets the finding.
The SVG is deterministic: no date in its metadata and fixed element ids, so two runs on
the same corpus give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd

# figures are built with matplotlib's object API and saved to SVG text: no pyplot, so no
# backend is chosen and no GUI or notebook display is involved (and pyplot's import,
# ~0.4 s on busy cores, is not paid by the report's kernel)
from matplotlib.figure import Figure

from labsynth.analysis import UNDATED_LABEL, Saturation

__all__ = ["Chart", "heatmap", "saturation_curve", "theme_sizes", "timeline"]

#: the lab's sober palette: ink, accent, light accent, grey
INK, ACCENT, LIGHT, GREY = "#1b2a3a", "#1f4e79", "#c9d9ea", "#5f6b76"
_STYLE = {
    "svg.hashsalt": "labsynth",  # fixed ids in the SVG: same figure, same bytes
    "svg.fonttype": "none",  # text stays text: smaller, searchable, read by the browser
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "axes.titlesize": 11,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Chart:
    """A chart ready for the page: SVG text, a title and its alt text."""

    title: str
    alt: str
    svg: str


def _pct(share: float) -> str:
    return f"{share:.0%}".replace("%", "\u202f%")


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def _short(label: str, width: int = 38) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def theme_sizes(themes: pd.DataFrame) -> Chart:
    """Horizontal bars: segments per theme (``T00`` « Non classé » last, in grey).

    Parameters
    ----------
    themes : pandas.DataFrame
        The themes table (``theme_id, label, n_segments, share``).
    """
    table = themes.reset_index(drop=True)
    names = [f"{t} {_short(label)}" for t, label in zip(table["theme_id"], table["label"],
                                                        strict=True)]
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=(8, 0.36 * len(table) + 0.9))
        ax = fig.subplots()
        colours = [GREY if t == "T00" else ACCENT for t in table["theme_id"]]
        y = np.arange(len(table))
        ax.barh(y, table["n_segments"], color=colours)
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlabel("segments")
        for yi, (n, share) in enumerate(zip(table["n_segments"], table["share"], strict=True)):
            ax.text(n, yi, f" {n} ({_pct(share)})", va="center", color=INK, fontsize=9)
        ax.margins(x=0.15)
        svg = _svg(fig)
    named = table[table["theme_id"] != "T00"]
    alt = f"Diagramme en barres : nombre de segments par thème, {len(named)} thèmes."
    if len(named):
        big, small = named.iloc[0], named.iloc[-1]
        alt += (f" Le plus fréquent : {big.theme_id} « {big.label} », {big.n_segments} "
                f"segments ({_pct(big.share)}) ; le moins fréquent : {small.theme_id} "
                f"« {small.label} », {small.n_segments} segments ({_pct(small.share)}).")
    unclassified = table[table["theme_id"] == "T00"]
    if len(unclassified):
        alt += f" Non classés : {int(unclassified.iloc[0].n_segments)} segments."
    return Chart("Taille des thèmes", alt, svg)


def _grid(table: pd.DataFrame, width_per_column: float, extra_height: float,
          vmax_floor: float, cell_text: Callable[[float], str]) -> tuple[Figure, Any]:
    """Themes (rows, indexed by ``theme_id, label``) × columns, shaded in blue with each
    non-zero cell written; the figure and its image (for a colour bar)."""
    values = table.to_numpy(dtype=float)
    rows = [f"{t} {_short(label, 30)}" for t, label in table.index]
    fig = Figure(figsize=(max(5.5, width_per_column * len(table.columns) + 3.5),
                          0.36 * len(table) + extra_height))
    ax = fig.subplots()
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=max(values.max(), vmax_floor),
                      aspect="auto")
    ax.set_xticks(range(len(table.columns)), [_short(str(c), 24) for c in table.columns],
                  rotation=35, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    threshold = values.max() * 0.6
    for (i, j), value in np.ndenumerate(values):
        if value > 0:
            ax.text(j, i, cell_text(value), ha="center", va="center", fontsize=8,
                    color="white" if value > threshold else INK)
    ax.spines[:].set_visible(False)
    return fig, image


def heatmap(shares: pd.DataFrame, column: str) -> Chart:
    """Themes × values of ``column``: the share of each value's segments in each theme.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`labsynth.analysis.crosstab` with ``normalize="columns"`` (rows indexed by
        ``theme_id, label``).
    column : str
        The metadata column crossed (« Profil », « Département »...).
    """
    table = shares
    values = table.to_numpy(dtype=float)
    with mpl.rc_context(_STYLE):
        fig, image = _grid(table, 0.75, 1.6, 0.01, lambda v: f"{v * 100:.0f}")
        fig.colorbar(image, ax=fig.axes[0], fraction=0.03, format=lambda v, _: f"{v * 100:.0f} %")
        svg = _svg(fig)
    alt = (f"Carte de chaleur : pour chaque valeur de « {column} » (en colonnes), part de "
           f"ses segments consacrée à chaque thème (en lignes), en pourcentage.")
    if values.size and values.max() > 0:
        i, j = np.unravel_index(int(np.argmax(values)), values.shape)
        theme_id, label = table.index[i]
        alt += (f" Part la plus forte : {_pct(values[i, j])} des segments « {table.columns[j]} »"
                f" portent sur {theme_id} « {label} ».")
    return Chart(f"Thèmes × {column}", alt, svg)


def saturation_curve(curve: Saturation) -> Chart:
    """Themes that had appeared after each interview, with the 80 % and 90 % marks.

    Parameters
    ----------
    curve : Saturation
        :func:`labsynth.analysis.saturation`.
    """
    data = curve.curve
    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=(7, 3.4))
        ax = fig.subplots()
        ax.step(data["position"], data["cumulative_themes"], where="post", color=ACCENT,
                linewidth=2)
        ax.plot(data["position"], data["cumulative_themes"], "o", color=ACCENT)
        for percent, at, style in ((80, curve.at_80, "--"), (90, curve.at_90, ":")):
            if at is not None:
                ax.axvline(at, color=GREY, linestyle=style, linewidth=1)
                ax.text(at, 0.02 * max(curve.n_themes, 1), f" {percent} %", color=INK,
                        fontsize=9, va="bottom")
        ax.set_xlabel("entretiens, dans l'ordre des dates")
        ax.set_ylabel("thèmes apparus")
        ax.set_xticks(data["position"])
        ax.set_ylim(0, max(curve.n_themes, 1) * 1.08)
        svg = _svg(fig)
    n = len(data)
    alt = (f"Courbe de saturation : nombre cumulé de thèmes apparus après chacun des {n} "
           f"entretiens, dans l'ordre des dates ; {curve.n_themes} thèmes en tout.")
    if curve.at_80 is not None:
        alt += f" 80 % des thèmes étaient apparus au {curve.at_80}ᵉ entretien"
        alt += f", 90 % au {curve.at_90}ᵉ." if curve.at_90 is not None else "."
    if n:
        alt += (f" Le dernier entretien a apporté {int(data['new_themes'].iloc[-1])} "
                "thème(s) nouveau(x).")
    return Chart("Saturation des entretiens", alt, svg)


def timeline(table: pd.DataFrame, freq: str) -> Chart:
    """Segments per theme per period, as a grid (themes in rows, periods in columns).

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`labsynth.analysis.over_time`.
    freq : str
        ``"W"`` or ``"M"``, for the alt text.
    """
    undated = int(table[UNDATED_LABEL].sum()) if UNDATED_LABEL in table.columns else 0
    table = table.drop(columns=[UNDATED_LABEL], errors="ignore")
    unit = "semaine" if freq == "W" else "mois"
    with mpl.rc_context(_STYLE):
        fig, _ = _grid(table, 0.55, 1.4, 1, lambda v: f"{v:.0f}")
        svg = _svg(fig)
    per_period = table.sum(axis=0)
    alt = (f"Chronologie : nombre de segments de chaque thème (en lignes) par {unit} (en "
           f"colonnes), de {table.columns[0]} à {table.columns[-1]}.")
    if per_period.max() > 0:
        alt += (f" Période la plus chargée : {per_period.idxmax()} "
                f"({int(per_period.max())} segments).")
    if undated:
        alt += f" {undated} segments sans date n'y figurent pas."
    return Chart(f"Chronologie par {unit}", alt, svg)
