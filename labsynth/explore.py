"""The workbench: a project's material as pandas tables, to explore, code and draft.

In a notebook (``notebooks/explorer.ipynb``)::

    from labsynth.explore import open_project
    wb = open_project("demo")
    wb.search("transport à la demande", where={"Profil": "Lycéen·ne"})

:func:`open_project` runs the project's themes as the report does
(:func:`labsynth.codebook.project_themes`, theme memory read, **never written**: the
workbench is a reader) and gives:

- ``segments``, ``themes``, ``assignments``: DataFrames;
- :meth:`Workbench.search` on words and lemmas, with filters and keyword in context;
- :meth:`Workbench.context`: a segment among its neighbours in its conversation;
- :meth:`Workbench.members`: a theme's segments by centrality;
- :meth:`Workbench.who_says_what`, :meth:`Workbench.share`, :meth:`Workbench.differences`
  and :meth:`Workbench.compare` (:mod:`labsynth.compare`);
- hand coding (:meth:`Workbench.move`, :meth:`~Workbench.pin`, :meth:`~Workbench.drop`,
  :meth:`~Workbench.code`, written to ``codage.csv``, :mod:`labsynth.coding`) and insights
  (:meth:`Workbench.draft_insight`, written to ``insights.yml``, :mod:`labsynth.evidence`).

Everything shown is pseudonymised like every shared output (texts, speakers, paths, ids),
unless the project opted out in ``project.yml``. Ids may be given back as shown or raw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from labsynth import compare as _compare
from labsynth.analysis import crosstab
from labsynth.codebook import ThemeRun, project_themes
from labsynth.coding import (
    ACTION_WORDS,
    SegmentIds,
    append_decisions,
    apply_hand_coding,
    count_rows,
    locate,
    missing_words,
    read_hand_coding,
)
from labsynth.describe import UNCLASSIFIED, UNCLASSIFIED_LABEL
from labsynth.errors import LabsynthError
from labsynth.evidence import Finding, append_insight, check_insights, load_insights
from labsynth.export import assignments as assignments_table
from labsynth.project import Project, load_project
from labsynth.search import Match, TokenIndex, exact_tokens, fold, parse_query
from labsynth.segment import sentence_bounds
from labsynth.themes import participant_of

__all__ = ["Workbench", "open_project"]

#: characters of context on each side of a match
CONTEXT = 70
NOT_ANALYSED = "—"


def open_project(project: str | Path | Project, *, corpora: str | Path = "corpora",
                 n_themes: int | str | None = None, seed: int | None = None,
                 progress: bool | None = None) -> Workbench:
    """Open a project in the workbench.

    Parameters
    ----------
    project : str, Path or Project
        A name under ``corpora/`` (looked for from the working directory and the folders
        above it: a notebook in ``notebooks/`` finds ``demo``), a folder, or a project.
    corpora : str or Path
    n_themes, seed : optional
        Other settings than ``project.yml``'s: an exploratory run (theme memory read,
        never written, as always here).
    progress : bool, optional
        Progress bar of the annotation (a first run on a new corpus).

    Returns
    -------
    Workbench
    """
    if not isinstance(project, Project):
        project = load_project(project, corpora)
    run = project_themes(project, n_themes=n_themes, seed=seed, save=False, progress=progress)
    return Workbench(project, run)


def _fold_key(mapping: Iterable[str], wanted: str) -> str | None:
    by_fold = {fold(c): c for c in mapping}
    return wanted if wanted in set(mapping) else by_fold.get(fold(wanted))


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        return [value]
    return list(value)


class Workbench:
    """A project opened for exploration and hand coding (see :func:`open_project`).

    Attributes
    ----------
    project : Project
    run : ThemeRun
        The themes, as the report would show them, hand coding applied.
    """

    def __init__(self, project: Project, run: ThemeRun) -> None:
        if run.corpus is None:
            raise LabsynthError("LS901", "atelier sans corpus (erreur interne de labsynth).")
        self.project = project
        self.run = run
        self.pseudo = run.pseudonymisation
        self._ids = SegmentIds(run.corpus.segments["segment_id"], self.pseudo)
        self._index: TokenIndex | None = None
        self._refresh()

    # --- tables ------------------------------------------------------------------------

    def _refresh(self) -> None:
        """The tables after a change of the hand coding."""
        run = self.run
        corpus = run.corpus
        themes = run.themes
        labels = dict(zip(themes.themes["theme_id"], themes.themes["label"], strict=True))
        theme_of = dict(zip(themes.assignments["segment_id"], themes.assignments["theme_id"],
                            strict=True))
        score_of = dict(zip(themes.assignments["segment_id"], themes.assignments["score"],
                            strict=True))
        raw = corpus.segments.reset_index(drop=True)
        self._raw = raw
        self._row = {sid: i for i, sid in enumerate(raw["segment_id"])}
        shared = self.pseudo.apply(raw.drop(columns=["text_pseudonymised"], errors="ignore"))
        shared.insert(0, "theme_id", [theme_of.get(s, NOT_ANALYSED) for s in raw["segment_id"]])
        shared.insert(1, "theme", [labels.get(theme_of.get(s), "") for s in raw["segment_id"]])
        shared.insert(2, "score", [score_of.get(s) for s in raw["segment_id"]])
        shared["participant"] = participant_of(shared).to_numpy()
        shared["analysed"] = raw["segment_id"].isin(theme_of).to_numpy()
        self.segments: pd.DataFrame = shared
        table = themes.table()
        table["keywords"] = table["keywords"].map(", ".join)
        self.themes: pd.DataFrame = table.drop(columns=["seeded"], errors="ignore").rename(
            columns={"n_documents": "n_participants"})
        self.assignments: pd.DataFrame = self.pseudo.apply(assignments_table(themes))
        self._labels = labels

    @property
    def metadata_columns(self) -> list[str]:
        """The project's metadata columns (profile, territory...)."""
        return list(self.run.corpus.metadata_columns)

    def _raw_id(self, segment: str) -> str:
        sid = self._ids(str(segment))
        if sid is None:
            raise LabsynthError("LS520", f"segment « {segment} » introuvable ; copiez son "
                                "identifiant depuis une table du carnet (colonne segment_id).")
        return sid

    def _theme(self, theme: str) -> str:
        wanted = str(theme).strip()
        if wanted in self._labels:
            return wanted
        if wanted.upper().startswith("T") and wanted[1:].isdigit():
            candidate = f"T{int(wanted[1:]):02d}"
            if candidate in self._labels:
                return candidate
        by_name = {fold(v): k for k, v in self._labels.items()}
        if fold(wanted) in by_name:
            return by_name[fold(wanted)]
        raise LabsynthError("LS521", f"thème « {theme} » inconnu ; thèmes : "
                            f"{', '.join(self._labels)}.")

    def theme_id(self, theme: str) -> str:
        """A theme's id from its id written loosely (« t3 ») or its exact name."""
        return self._theme(theme)

    def column(self, name: str) -> str:
        """A column of ``segments`` named without minding case or accents."""
        found = _fold_key(self.segments.columns, name)
        if found is None:
            raise LabsynthError("LS510", f"colonne « {name} » absente des segments ; "
                                f"colonnes : {', '.join(map(str, self.segments.columns))}.")
        return found

    # --- filters ---------------------------------------------------------------------

    def filter(self, *, theme: str | Sequence[str] | None = None,
               kind: str | Sequence[str] | None = None,
               role: str | Sequence[str] | None = None,
               since: str | None = None, until: str | None = None,
               where: Mapping[str, Any] | None = None) -> pd.Series:
        """Which segments (rows of ``segments``) pass the filters: a boolean Series.

        Parameters
        ----------
        theme : theme id(s) or name(s)
        kind : ``interview``, ``contribution``, ``note``
        role : ``participant``, ``interviewer``, ``unknown``
        since, until : str
            Dates ``AAAA-MM-JJ`` (or a prefix: ``2025-03``), inclusive.
        where : mapping
            Metadata column -> value or list of values (case and accents aside):
            ``{"Profil": "Lycéen·ne", "Département": ["Tarn", "Gers"]}``.
        """
        data = self.segments
        keep = pd.Series(True, index=data.index)
        if theme is not None:
            ids = [self._theme(t) for t in _as_list(theme)]
            keep &= data["theme_id"].isin(ids)
        for name, value in (("kind", kind), ("role", role)):
            values = _as_list(value)
            if values is not None:
                keep &= data[name].map(lambda v: fold(str(v))).isin({fold(str(x)) for x in values})
        dates = data["date"].fillna("").astype(str) if "date" in data.columns else None
        if since and dates is not None:
            keep &= (dates != "") & (dates >= str(since))
        if until and dates is not None:
            keep &= (dates != "") & (dates.str[:len(str(until))] <= str(until))
        for name, value in (where or {}).items():
            column = self.column(name)
            values = {fold(str(v)) for v in _as_list(value)}
            keep &= data[column].map(lambda v: fold(str(v)) if pd.notna(v) else "").isin(values)
        return keep

    # --- search ------------------------------------------------------------------------

    def _token_index(self) -> TokenIndex:
        """Annotations of every segment (the analysed text: personal data blanked), from
        the project's cache; segments never annotated (interviewer turns) are annotated
        once and cached."""
        if self._index is None:
            from labsynth.cache import project_cache
            from labsynth.nlp import analyse

            raw = self._raw
            texts = [self.pseudo.blanked.get(s, t) if self.pseudo.enabled else t
                     for s, t in zip(raw["segment_id"], raw["text"], strict=True)]
            spec = self.project.spec.nlp
            with project_cache(self.project) as cache:
                annotations, _ = analyse(texts, model=spec.model, mode=spec.mode, cache=cache)
            self._index = TokenIndex(texts, annotations)
        return self._index

    def _query(self, query: str):
        from labsynth.cache import project_cache
        from labsynth.nlp import analyse

        spec = self.project.spec.nlp
        with project_cache(self.project) as cache:
            return analyse([query], model=spec.model, mode=spec.mode, cache=cache,
                           progress=False)[0][0]

    def _shared(self, sid: str, start: int, end: int) -> str:
        text = self._raw.at[self._row[sid], "text"]
        return " ".join(self.pseudo.excerpt(sid, text, max(start, 0), min(end, len(text)))
                        .split())

    def _provenance(self, row: pd.Series) -> str:
        parts = [str(row["path"])]
        time = row.get("time_start")
        if time is not None and pd.notna(time):
            s = int(time)
            parts.append(f"à {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}")
        elif pd.notna(row.get("line")):
            parts.append(f"ligne {int(row['line'])}")
        if isinstance(row.get("speaker"), str) and row["speaker"]:
            parts.append(row["speaker"])
        return ", ".join(parts)

    def search(self, query: str, *, theme: str | Sequence[str] | None = None,
               kind: str | Sequence[str] | None = None,
               role: str | Sequence[str] | None = None,
               since: str | None = None, until: str | None = None,
               where: Mapping[str, Any] | None = None, context: int = CONTEXT,
               limit: int | None = None) -> pd.DataFrame:
        """Where the verbatims say ``query``, on words and lemmas, keyword in context.

        « transport à la demande » also finds « transports à la demande »; « aider » finds
        « aidé », « aidait ». Words between quotes are matched as written only:
        ``'"permis"'`` (the small French model takes « permis » for the verb
        « permettre », so without quotes « permet » is found too). Filters as
        :meth:`filter`. Personal data was blanked before the analysis: a name is never
        found (it is not in the shared texts either).

        Returns
        -------
        pandas.DataFrame
            One row per match: ``segment_id, theme_id, theme, avant, mot, après`` (the
            keyword in context), ``correspondance`` (« mot » or « lemme »), ``phrase``
            (the sentence holding it, to cite), ``provenance`` (file, line or time,
            speaker), ``kind, role, date`` and the metadata columns. Shared texts.
        """
        keep = self.filter(theme=theme, kind=kind, role=role, since=since, until=until,
                           where=where)
        index = self._token_index()
        among = set(keep[keep].index)
        text, quoted = parse_query(query)
        annotation = self._query(text)
        matches: list[Match] = index.find(annotation, among,
                                          exact_tokens(text, annotation, quoted))
        rows = []
        for m in matches:
            row = self.segments.iloc[m.index]
            sid = self._raw.at[m.index, "segment_id"]
            text = self._raw.at[m.index, "text"]
            left = text.rfind(" ", 0, max(m.start - context, 0)) + 1 if m.start > context else 0
            right = text.find(" ", m.end + context)
            right = len(text) if right < 0 or m.end + context >= len(text) else right
            starts = sentence_bounds(text, 0, len(text))
            begin = max((s for s in starts if s <= m.start), default=0)
            after = [s for s in starts if s > m.start]
            finish = after[0] if after else len(text)
            rows.append({
                "segment_id": row["segment_id"], "theme_id": row["theme_id"],
                "theme": row["theme"],
                "avant": ("…" if left > 0 else "") + self._shared(sid, left, m.start),
                "mot": self._shared(sid, m.start, m.end),
                "après": self._shared(sid, m.end, right) + ("…" if right < len(text) else ""),
                "correspondance": m.how,
                "phrase": self._shared(sid, begin, finish),
                "provenance": self._provenance(row),
                **{c: row[c] for c in ("kind", "role", "date", *self.metadata_columns)
                   if c in row.index}})
            if limit is not None and len(rows) >= limit:
                break
        columns = ["segment_id", "theme_id", "theme", "avant", "mot", "après",
                   "correspondance", "phrase", "provenance", "kind", "role", "date",
                   *self.metadata_columns]
        return pd.DataFrame(rows, columns=[c for c in columns if c in self.segments.columns
                                           or c in ("avant", "mot", "après", "correspondance",
                                                    "phrase", "provenance")])

    # --- reading -------------------------------------------------------------------------

    def context(self, segment: str, before: int = 2, after: int = 2) -> pd.DataFrame:
        """A segment among its neighbours in its conversation (same document, by
        position), interviewer questions included; ``ici`` marks the segment."""
        sid = self._raw_id(segment)
        i = self._row[sid]
        doc = self._raw.at[i, "doc_id"]
        same = self._raw.index[self._raw["doc_id"] == doc]
        positions = self._raw.loc[same, "position"]
        order = list(positions.sort_values(kind="stable").index)
        at = order.index(i)
        chosen = order[max(at - before, 0): at + after + 1]
        out = self.segments.loc[chosen, ["segment_id", "position", "speaker", "role",
                                         "theme_id", "theme", "text"]].copy()
        out.insert(0, "ici", ["●" if j == i else "" for j in chosen])
        return out.reset_index(drop=True)

    def segment(self, segment: str) -> pd.Series:
        """One segment, shared, with its theme and provenance."""
        return self.segments.iloc[self._row[self._raw_id(segment)]]

    def members(self, theme: str, n: int | None = None) -> pd.DataFrame:
        """A theme's segments, the most central first (score: closeness to the theme's
        core; a segment placed by hand has none and comes last), with ``quoted`` (among
        the theme's quotes) and ``pinned`` (pinned by hand)."""
        theme_id = self._theme(theme)
        data = self.segments[self.segments["theme_id"] == theme_id]
        data = data.sort_values(["score", "segment_id"], ascending=[False, True],
                                na_position="last")
        quoted = set(self.run.themes.quote_ids.get(theme_id, []))
        pinned = set(self.run.coding.pins.get(theme_id, []))
        raw_ids = self._raw.loc[data.index, "segment_id"]
        out = data[["segment_id", "score", "speaker", "kind", "text"]].assign(
            quoted=raw_ids.isin(quoted).to_numpy(), pinned=raw_ids.isin(pinned).to_numpy(),
            provenance=[self._provenance(r) for _, r in data.iterrows()])
        out = out.reset_index(drop=True)
        return out.head(n) if n is not None else out

    def quotes(self, theme: str) -> pd.DataFrame:
        """A theme's verbatims, as the report shows them (pinned first), shared."""
        theme_id = self._theme(theme)
        table = self.run.themes.quotes(theme_id, n=len(self.run.themes.quote_ids.get(
            theme_id, [])) or 1)
        rows = []
        for q in table.itertuples(index=False):
            row = self.segments.iloc[self._row[q.segment_id]]
            rows.append({"segment_id": row["segment_id"],
                         "verbatim": self._shared(q.segment_id, q.excerpt_start, q.excerpt_end),
                         "épinglé": q.segment_id in self.run.coding.pins.get(theme_id, []),
                         "provenance": self._provenance(row)})
        return pd.DataFrame(rows, columns=["segment_id", "verbatim", "épinglé", "provenance"])

    # --- who says what ------------------------------------------------------------------

    def who_says_what(self, column: str, by: str = "participants") -> pd.DataFrame:
        """Themes × the values of any metadata column (« qui parle de quoi »): counts of
        participants (or segments, ``by="segments"``)."""
        return crosstab(self.run.themes, self.column(column), by=by)

    def share(self, theme: str, by: str) -> pd.DataFrame:
        """A theme's weight in each group of a column: see :func:`labsynth.compare.share`."""
        return _compare.share(self.run.themes, self._theme(theme), self.column(by))

    def differences(self, column: str, a: str, b: str, top: int | None = 10) -> pd.DataFrame:
        """The themes two groups differ on most: see :func:`labsynth.compare.differences`."""
        return _compare.differences(self.run.themes, self.column(column), a, b, top=top)

    def compare(self, other: Workbench) -> pd.DataFrame:
        """This project's themes beside another's (or another wave's), matched by content:
        see :func:`labsynth.compare.match_projects`."""
        return _compare.match_projects(self.run.themes, other.run.themes)

    # --- hand coding ---------------------------------------------------------------------

    def _decide(self, **values: str) -> list[str]:
        values["segment"] = str(self.pseudo.path(self._raw_id(values["segment"])))
        path = append_decisions(self.project, [values])
        line = count_rows(self.project)  # the new line is the last (Excel's row number)
        self.reload_coding()
        said = [c for c in self.run.coding.conflicts + self.run.coding.refused
                if f"ligne {line}" in c]
        message = (f"{ACTION_WORDS.get(values['action'], values['action'])} : écrit dans "
                   f"{path.name}, ligne {line}.")
        return [message, *said]

    def reload_coding(self) -> None:
        """Read ``codage.csv`` again and apply it to the themes at once (no new
        clustering: the same themes, the designer's decisions on top)."""
        run = self.run
        if run.before_coding is None:
            return
        themes, coding = apply_hand_coding(run.before_coding, read_hand_coding(self.project),
                                           run.corpus.segments, run.features, self.pseudo,
                                           run.merged_into)
        run.themes, run.coding = themes, coding
        self._refresh()

    def move(self, segment: str, theme: str, note: str = "") -> list[str]:
        """Move a segment to another theme (or to ``T00``), in ``codage.csv``; applied
        on every run. Returns what was done, and a conflict if there is one. A segment
        already in that theme gets the line too: it keeps it there on later runs."""
        target = UNCLASSIFIED if str(theme).strip().upper() in (UNCLASSIFIED, "T0") or \
            fold(str(theme)) == fold(UNCLASSIFIED_LABEL) else self._theme(theme)
        sid = self._raw_id(segment)
        already = self.segments.iloc[self._row[sid]]["theme_id"] == target
        said = self._decide(action="move", segment=segment, thème=target, note=note)
        if already:
            said.insert(1, f"Le segment était déjà dans {target} « "
                        f"{self._labels.get(target, target)} » : la ligne l'y gardera aux "
                        "prochaines exécutions.")
        return said

    def _check_words(self, segment: str, words: str) -> None:
        """Refuse, before anything is written, words that are not in the segment."""
        if not words.strip():
            return
        sid = self._raw_id(segment)
        if locate(words, self._raw.at[self._row[sid], "text"], sid, self.pseudo) is None:
            what, todo = missing_words(words, sid, self._raw, self.pseudo)
            raise LabsynthError("LS522", f"{what} ; {todo} Rien n'a été écrit.")

    def pin(self, segment: str, extrait: str = "", theme: str = "", note: str = ""
            ) -> list[str]:
        """Pin a verbatim among its theme's quotes (``extrait``: the exact words, as
        shown; empty: labsynth picks them)."""
        self._check_words(segment, extrait)
        return self._decide(action="pin", segment=segment, extrait=extrait,
                            thème=self._theme(theme) if theme else "", note=note)

    def drop(self, segment: str, note: str = "") -> list[str]:
        """Never quote this segment."""
        return self._decide(action="drop", segment=segment, note=note)

    def code(self, segment: str, code: str, extrait: str = "", note: str = "") -> list[str]:
        """Give a segment (or the passage ``extrait`` of it) one of your own codes;
        « Parent / Enfant » makes a sub-code. Several calls give several codes."""
        self._check_words(segment, extrait)
        return self._decide(action="code", segment=segment, code=code, extrait=extrait,
                            note=note)

    def codes(self) -> pd.DataFrame:
        """Your codes as applied: one row per coded passage, shared text."""
        rows = []
        for c in self.run.coding.codes:
            row = self.segments.iloc[self._row[c.segment_id]]
            rows.append({"code": c.code, "segment_id": row["segment_id"],
                         "passage": self._shared(c.segment_id, c.start, c.end),
                         "segment entier": c.whole, "theme_id": row["theme_id"],
                         "participant": row["participant"], "note": c.note,
                         "ligne de codage.csv": c.line})
        return pd.DataFrame(rows, columns=["code", "segment_id", "passage", "segment entier",
                                           "theme_id", "participant", "note",
                                           "ligne de codage.csv"])

    def code_counts(self) -> pd.DataFrame:
        """Each of your codes: passages and distinct participants."""
        table = self.codes()
        if table.empty:
            return pd.DataFrame(columns=["code", "passages", "participants"])
        return (table.groupby("code").agg(passages=("segment_id", "size"),
                                          participants=("participant", "nunique"))
                .reset_index().sort_values(["passages", "code"], ascending=[False, True],
                                           ignore_index=True))

    @property
    def conflicts(self) -> list[str]:
        """Decisions of ``codage.csv`` that could not apply, and lines refused."""
        return [*self.run.coding.conflicts, *self.run.coding.refused]

    # --- insights ------------------------------------------------------------------------

    def evidence(self, rows: pd.DataFrame | pd.Series, column: str | None = None
                 ) -> list[dict[str, str]]:
        """Evidence for :meth:`draft_insight` from rows of a table of the workbench
        (:meth:`search`: their sentence; :meth:`members` or :meth:`quotes`: their text or
        verbatim); ``column`` names the words to cite."""
        frame = rows.to_frame().T if isinstance(rows, pd.Series) else rows
        column = column or next(c for c in ("phrase", "verbatim", "passage", "text")
                                if c in frame.columns)
        out = []
        for sid, words in zip(frame["segment_id"], frame[column], strict=True):
            raw = self._raw_id(sid)
            quote = str(words).removeprefix("[…] ").removesuffix(" […]").strip()
            if locate(quote, self._raw.at[self._row[raw], "text"], raw, self.pseudo) is None:
                raise LabsynthError("LS522", f"les mots « {quote[:60]} » ne sont pas dans le "
                                    f"segment {sid}.")
            out.append({"segment": str(sid), "quote": quote})
        return out

    def draft_insight(self, statement: str, evidence: list[dict[str, str] | str],
                      how_might_we: str | None = None, priority: str | None = None) -> Path:
        """Append an insight to ``insights.yml`` (comments kept), with its evidence
        (:meth:`evidence`); the report shows it first, its quotes checked. Evidence
        whose segment or words cannot be found is refused before anything is written."""
        for item in evidence:
            segment, words = (item, "") if isinstance(item, str) else (
                item.get("segment", ""), item.get("quote") or "")
            if words:
                self._check_words(segment, words)
            else:
                self._raw_id(segment)
        return append_insight(self.project, statement, evidence, how_might_we, priority)

    def insights(self) -> list[Finding]:
        """The insights of ``insights.yml``, their evidence checked against this run."""
        return check_insights(self.run, load_insights(self.project))

    def insights_table(self) -> pd.DataFrame:
        """The insights as a table: statement, priority, verified quotes, problems."""
        rows = [{"n°": f.number, "enseignement": f.statement, "priorité": f.priority or "",
                 "verbatims vérifiés": sum(p.quote is not None for p in f.proofs),
                 "à revoir": " ; ".join(f.problems)} for f in self.insights()]
        return pd.DataFrame(rows, columns=["n°", "enseignement", "priorité",
                                           "verbatims vérifiés", "à revoir"])
