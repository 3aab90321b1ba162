"""What the themes say about the corpus: who raised them, when, and whether more would come.

Pure functions on a :class:`~labsynth.themes.Themes` result, no I/O and no plotting:

- :func:`crosstab`: themes × the values of any segment column (« Profil », « Département »,
  ``kind``...), in segments or in distinct participants, as counts or shares;
- :func:`saturation`: how many themes had appeared after each interview, in date order;
- :func:`over_time`: segments per theme per period.

Nothing is dropped: a missing metadata value is shown as « (non renseigné) », a segment
without a date as « (sans date) », so the counts always add up to the number of segments.
Rows follow the order of the themes table (``T00`` « Non classé » last) and columns a
fixed order, so the same themes always give the same tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from labsynth.errors import LabsynthError
from labsynth.themes import UNCLASSIFIED, UNCLASSIFIED_LABEL, Themes, participant_of

__all__ = [
    "MISSING_LABEL",
    "UNDATED_LABEL",
    "Saturation",
    "crosstab",
    "over_time",
    "saturation",
]

#: the column of segments whose metadata value is missing or blank
MISSING_LABEL = "(non renseigné)"
#: the column of segments without a (readable) date
UNDATED_LABEL = "(sans date)"

_NORMALIZE = (None, "index", "columns")
_BY = ("segments", "participants")
_FREQS = ("D", "W", "M", "Q", "Y")


def _joined(themes: Themes) -> pd.DataFrame:
    """The segments with their ``theme_id`` (from ``assignments``), in input order."""
    segments, assignments = themes.segments, themes.assignments
    if len(segments) != len(assignments):
        raise LabsynthError(
            "LS515", f"résultat de thèmes incohérent : {len(segments)} segments mais "
            f"{len(assignments)} affectations. Relancez find_themes.")
    if "segment_id" in segments.columns and not np.array_equal(
            segments["segment_id"].to_numpy(dtype=object),
            assignments["segment_id"].to_numpy(dtype=object)):
        raise LabsynthError(
            "LS515", "résultat de thèmes incohérent : les segments et les affectations ne "
                     "sont pas dans le même ordre. Relancez find_themes.")
    data = segments.reset_index(drop=True).copy()
    data["theme_id"] = assignments["theme_id"].to_numpy(dtype=object)
    return data


def _theme_order(themes: Themes, data: pd.DataFrame,
                 include_unclassified: bool = True) -> pd.MultiIndex:
    """Rows: theme ids in the themes table's order, then any id only the assignments know
    (in sorted order), with their labels; ``T00`` dropped when not wanted."""
    table = themes.themes
    ids = [str(t) for t in table["theme_id"]]
    extra = sorted(set(map(str, data["theme_id"])) - set(ids))
    ids += extra
    labels = dict(zip(table["theme_id"].astype(str), table["label"], strict=True)) \
        if "label" in table.columns else {}
    labels.setdefault(UNCLASSIFIED, UNCLASSIFIED_LABEL)
    if not include_unclassified:
        ids = [t for t in ids if t != UNCLASSIFIED]
    return pd.MultiIndex.from_arrays(
        [ids, [str(labels.get(t, t)) for t in ids]], names=["theme_id", "label"])


def _categories(values: pd.Series) -> pd.Series:
    """Values as text, a missing or blank one as :data:`MISSING_LABEL`."""
    out = [MISSING_LABEL if pd.isna(v) or not str(v).strip() else str(v) for v in values]
    return pd.Series(out, index=values.index, dtype=object)


def _natural_key(value: str) -> tuple:
    """Sort key: accents and case ignored, numbers by value (« 9 » before « 10 »)."""
    plain = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().casefold()
    parts = tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                  for p in re.split(r"(\d+)", plain) if p)
    return (value == MISSING_LABEL, parts, value)


def _participants(data: pd.DataFrame) -> pd.Series:
    """Who said each segment (see :func:`labsynth.themes.participant_of`)."""
    if {"speaker", "kind"} <= set(data.columns):
        return participant_of(data)
    return data["doc_id"]


def crosstab(
    themes: Themes,
    column: str,
    *,
    by: str = "segments",
    normalize: str | None = None,
    include_unclassified: bool = True,
) -> pd.DataFrame:
    """Themes × the values of a segment column.

    Parameters
    ----------
    themes : Themes
        The result of :func:`labsynth.themes.find_themes`.
    column : str
        Any column of ``themes.segments``: a metadata column (« Profil », « Département »,
        « Tranche d'âge »...) or ``kind``, ``speaker``, ``role``...
    by : {"segments", "participants"}
        Count segments, or distinct participants: an interview or a note counts as one
        participant (its document), a contribution as its author when known, else as its
        document. A participant whose segments fall under several values counts once
        under each, so the participant counts need not add up to the number of
        participants.
    normalize : {None, "index", "columns"}
        ``None``: counts. ``"index"``: shares of each theme's row (the row sums to 1, or to
        0 for a theme without any segment). ``"columns"``: shares of each value's column.
        Shares are fractions (0.25, not 25).
    include_unclassified : bool
        Keep the ``T00`` « Non classé » row and its segments.

    Returns
    -------
    pandas.DataFrame
        Rows indexed by ``(theme_id, label)`` in the themes table's order (every theme,
        even one without a segment); one column per value of ``column``, in alphabetical
        order (accents and case ignored, numbers by value), with missing or blank values
        gathered in a last « (non renseigné) » column. With ``by="segments"`` and
        ``normalize=None``, the cells add up to the number of segments (of classified
        segments without ``T00``).

    Raises
    ------
    LabsynthError
        ``LS510`` unknown column, ``LS511`` bad ``normalize``, ``LS512`` bad ``by``.
    """
    data = _joined(themes)
    if column not in data.columns or column == "theme_id":
        available = [c for c in themes.segments.columns if c != "theme_id"]
        raise LabsynthError(
            "LS510", f"colonne « {column} » absente des segments ; colonnes disponibles : "
            f"{', '.join(map(str, available))}.")
    if normalize not in _NORMALIZE:
        raise LabsynthError(
            "LS511", f"normalize doit valoir None, « index » ou « columns » ; reçu "
            f"{normalize!r}.")
    if by not in _BY:
        raise LabsynthError(
            "LS512", f"by doit valoir « segments » ou « participants » ; reçu {by!r}.")
    rows = _theme_order(themes, data, include_unclassified)
    if not include_unclassified:
        data = data[data["theme_id"] != UNCLASSIFIED]
    values = _categories(data[column])
    columns = sorted(set(values), key=_natural_key)
    frame = pd.DataFrame({"theme_id": data["theme_id"].astype(str).to_numpy(),
                          "value": values.to_numpy()})
    if by == "participants":
        frame["who"] = _participants(data).astype(str).to_numpy()
        counts = frame.groupby(["theme_id", "value"])["who"].nunique()
    else:
        counts = frame.groupby(["theme_id", "value"]).size()
    table = counts.unstack("value") if len(counts) else pd.DataFrame()
    table = table.reindex(index=rows.get_level_values("theme_id"), columns=columns)
    table = table.fillna(0).astype("int64")
    table.index = rows
    table.columns = pd.Index(columns, name=column, dtype=object)
    if normalize is None:
        return table
    axis = 1 if normalize == "index" else 0
    totals = table.sum(axis=axis)
    shares = table.div(totals.where(totals > 0, 1), axis=1 - axis)
    return shares.astype("float64")


@dataclass(frozen=True)
class Saturation:
    """How the themes appeared, interview after interview.

    Attributes
    ----------
    curve : pandas.DataFrame
        One row per interview, in date order: ``position`` (1..n), ``doc_id``, ``date``,
        ``new_themes`` (themes reaching ``min_segments`` with this interview),
        ``cumulative_themes``, ``share_of_final`` (fraction of the themes found in all
        interviews).
    at_80, at_90 : int or None
        The first position at which 80 % / 90 % of the themes found in all interviews had
        appeared; ``None`` without interview or without any theme in the interviews.
    n_themes : int
        Themes found in all interviews (``T00`` excluded).
    first_seen : dict
        Theme id -> the position at which it appeared.
    min_segments : int
        The threshold used.
    """

    curve: pd.DataFrame
    at_80: int | None
    at_90: int | None
    n_themes: int
    first_seen: dict[str, int] = field(default_factory=dict)
    min_segments: int = 1


def _reach(cumulative: np.ndarray, total: int, percent: int) -> int | None:
    """First 1-based position where ``cumulative >= percent % of total``."""
    if total == 0:
        return None
    hits = np.flatnonzero(cumulative * 100 >= percent * total)
    return int(hits[0]) + 1 if len(hits) else None


def saturation(themes: Themes, *, min_segments: int = 1) -> Saturation:
    """Interview saturation: themes appeared after each interview, in date order.

    Interviews (documents of kind ``interview`` having at least one segment in
    ``themes.segments``) are ordered by date, then by ``doc_id``; interviews without a
    (readable) date come last, by ``doc_id``. A theme has appeared once the interviews
    seen so far hold at least ``min_segments`` of its segments.

    Only interview segments count: a theme found only in contributions or field notes is
    not part of the interview saturation, and the unclassified theme ``T00`` never counts.

    Parameters
    ----------
    themes : Themes
        The result of :func:`labsynth.themes.find_themes`.
    min_segments : int
        Segments a theme needs in the interviews seen so far to count as appeared (≥ 1).

    Returns
    -------
    Saturation

    Raises
    ------
    LabsynthError
        ``LS513`` when ``min_segments`` is not an integer ≥ 1.
    """
    if isinstance(min_segments, bool) or not isinstance(min_segments, int | np.integer) \
            or min_segments < 1:
        raise LabsynthError(
            "LS513", f"min_segments doit être un entier ≥ 1 ; reçu {min_segments!r}.")
    min_segments = int(min_segments)
    data = _joined(themes)
    interviews = data[data["kind"] == "interview"]
    columns = ["position", "doc_id", "date", "new_themes", "cumulative_themes",
               "share_of_final"]
    if interviews.empty:
        return Saturation(pd.DataFrame({c: pd.Series(dtype=object if c in ("doc_id", "date")
                                                     else "int64" if c != "share_of_final"
                                                     else "float64") for c in columns}),
                          None, None, 0, {}, min_segments)
    dates = interviews["date"] if "date" in interviews.columns \
        else pd.Series(None, index=interviews.index, dtype=object)
    docs = pd.DataFrame({"doc_id": interviews["doc_id"].astype(str).to_numpy(),
                         "date": [None if pd.isna(d) or not str(d).strip() else str(d)
                                  for d in dates]})
    docs = docs.groupby("doc_id", sort=True)["date"].first().reset_index()
    docs["when"] = _parse_dates(docs["date"])
    docs = docs.sort_values(["when", "doc_id"], na_position="last", kind="stable")
    order = docs["doc_id"].tolist()
    classified = interviews[interviews["theme_id"] != UNCLASSIFIED]
    counts = pd.crosstab(classified["doc_id"].astype(str), classified["theme_id"].astype(str))
    counts = counts.reindex(index=order, fill_value=0)
    running = counts.cumsum(axis=0).to_numpy() if counts.shape[1] else np.zeros((len(order), 0))
    reached = running >= min_segments
    first_seen = {str(t): int(np.argmax(reached[:, j])) + 1
                  for j, t in enumerate(counts.columns) if reached[-1, j]}
    n_final = len(first_seen)
    new = np.bincount(np.asarray(list(first_seen.values()), dtype=int),
                      minlength=len(order) + 1)[1:]
    cumulative = np.cumsum(new)
    curve = pd.DataFrame({
        "position": np.arange(1, len(order) + 1, dtype="int64"),
        "doc_id": pd.Series(order, dtype=object),
        "date": pd.Series([d if isinstance(d, str) else None for d in docs["date"]],
                          dtype=object),
        "new_themes": new.astype("int64"),
        "cumulative_themes": cumulative.astype("int64"),
        "share_of_final": cumulative / n_final if n_final else np.zeros(len(order)),
    }, columns=columns)
    first_seen = dict(sorted(first_seen.items(), key=lambda item: (item[1], item[0])))
    return Saturation(curve, _reach(cumulative, n_final, 80), _reach(cumulative, n_final, 90),
                      n_final, first_seen, min_segments)


def _parse_dates(dates: pd.Series) -> pd.Series:
    """ISO texts (``2025-03-12`` or ``2025-03-12T14:32``) to timestamps, NaT when
    missing or unreadable."""
    text = pd.Series([None if pd.isna(d) else str(d) for d in dates], index=dates.index,
                     dtype=object)
    return pd.to_datetime(text, format="ISO8601", errors="coerce")


def _period_label(period: pd.Period, freq: str) -> str:
    """A period as designers read it: 2025-03-12, 2025-S11, 2025-03, 2025-T1, 2025."""
    if freq == "W":
        year, week, _ = period.start_time.isocalendar()
        return f"{year}-S{week:02d}"
    if freq == "Q":
        return f"{period.year}-T{period.quarter}"
    if freq == "Y":
        return f"{period.year}"
    if freq == "M":
        return f"{period.year}-{period.month:02d}"
    return period.start_time.date().isoformat()


def over_time(themes: Themes, freq: str = "M", *,
              include_unclassified: bool = True) -> pd.DataFrame:
    """Segments per theme per period.

    Parameters
    ----------
    themes : Themes
        The result of :func:`labsynth.themes.find_themes`.
    freq : {"D", "W", "M", "Q", "Y"}
        Day (``2025-03-12``), ISO week (``2025-S11``), month (``2025-03``), quarter
        (``2025-T1``) or year (``2025``).
    include_unclassified : bool
        Keep the ``T00`` « Non classé » row and its segments.

    Returns
    -------
    pandas.DataFrame
        Rows indexed by ``(theme_id, label)`` as in :func:`crosstab`; one column per period
        from the first to the last dated segment, empty periods included (so gaps show),
        then a « (sans date) » column when some segments have no readable date. Cells add
        up to the number of segments. When no segment has a date (or there is no ``date``
        column), the theme rows with no column: there is no time axis to draw.

    Raises
    ------
    LabsynthError
        ``LS514`` when ``freq`` is not one of the above.
    """
    if freq not in _FREQS:
        raise LabsynthError(
            "LS514", f"freq doit valoir « D » (jour), « W » (semaine), « M » (mois), « Q » "
            f"(trimestre) ou « Y » (année) ; reçu {freq!r}.")
    data = _joined(themes)
    rows = _theme_order(themes, data, include_unclassified)
    if not include_unclassified:
        data = data[data["theme_id"] != UNCLASSIFIED]
    empty = pd.DataFrame(index=rows, columns=pd.Index([], name="période", dtype=object),
                         dtype="int64")
    if "date" not in data.columns:
        return empty
    when = _parse_dates(data["date"])
    if when.notna().sum() == 0:
        return empty
    periods = when.dt.to_period(freq)
    span = pd.period_range(periods.min(), periods.max(), freq=periods.dt.freq)
    labels = [_period_label(p, freq) for p in span]
    label_of = dict(zip(span, labels, strict=True))
    column = [label_of[p] if not pd.isna(p) else UNDATED_LABEL for p in periods]
    if when.isna().any():
        labels.append(UNDATED_LABEL)
    frame = pd.DataFrame({"theme_id": data["theme_id"].astype(str).to_numpy(),
                          "period": column})
    table = frame.groupby(["theme_id", "period"]).size().unstack("period")
    table = table.reindex(index=rows.get_level_values("theme_id"), columns=labels)
    table = table.fillna(0).astype("int64")
    table.index = rows
    table.columns = pd.Index(labels, name="période", dtype=object)
    return table
