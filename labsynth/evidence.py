"""The designer's insights, each with its evidence, checked verbatim against the sources.

``corpora/<project>/insights.yml`` holds what the designer concludes: a statement, the
segments (and the exact words of each) that support it, an optional « Comment
pourrions-nous… » question and a priority. It is checked like ``codebook.yml`` (French
messages with the line, unknown keys refused). At render time every piece of evidence is
found again in this run's corpus and compared with its source file; it is shown
pseudonymised, like every shared quote. Evidence that is gone (a file edited or removed,
words no longer in the segment) **flags** its insight; the insight is never dropped.

Also here: :class:`Quote`, a verbatim with its provenance, as the report shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from labsynth.atomic import atomic_write
from labsynth.coding import SegmentIds, locate, missing_words
from labsynth.config import YamlCodes, append_to_block_list, load_yaml_model
from labsynth.errors import ProjectError

if TYPE_CHECKING:
    from labsynth.codebook import ThemeRun
    from labsynth.project import Project

__all__ = [
    "INSIGHTS_FILE",
    "PRIORITIES",
    "Finding",
    "InsightSpec",
    "InsightsSpec",
    "Proof",
    "Quote",
    "append_insight",
    "check_insights",
    "load_insights",
]

INSIGHTS_FILE = "insights.yml"
INSIGHTS_CODES = YamlCodes(encoding="LS130", syntax="LS130", shape="LS130", content="LS131")
PRIORITIES = ("haute", "moyenne", "basse")

TEMPLATE = """\
# Enseignements du projet : ce que vous retenez, chacun appuyé sur des verbatims.
# Le rapport les montre en premier ; chaque verbatim y est vérifié mot pour mot contre
# son fichier et pseudonymisé. Une preuve introuvable est signalée, jamais retirée.
#
#   insights:
#     - statement: "Sans voiture, l'offre de la Région n'existe pas pour les jeunes ruraux"
#       evidence:
#         - segment: "entretiens/entretien_05_gers.txt#4"   # identifiant du segment
#           quote: "le bus passe deux fois par jour"         # les mots exacts (facultatif)
#       how_might_we: "Comment pourrions-nous … ?"           # facultatif
#       priority: haute                                      # haute, moyenne ou basse
insights: []
"""


class EvidenceSpec(BaseModel):
    """A segment (its id as labsynth shows it) and, optionally, the exact words cited."""

    model_config = ConfigDict(extra="forbid", strict=True)
    segment: str = Field(min_length=1)
    quote: str | None = None


class InsightSpec(BaseModel):
    """One insight of ``insights.yml``."""

    model_config = ConfigDict(extra="forbid", strict=True)
    statement: str = Field(min_length=1)
    evidence: list[EvidenceSpec | str] = Field(default_factory=list)
    how_might_we: str | None = None
    priority: Literal["haute", "moyenne", "basse"] | None = None


class InsightsSpec(BaseModel):
    """The validated ``insights.yml``."""

    model_config = ConfigDict(extra="forbid", strict=True)
    insights: list[InsightSpec] = Field(default_factory=list)


def load_insights(project: Project) -> InsightsSpec:
    """Read and validate ``insights.yml`` (none when it does not exist).

    Raises
    ------
    ProjectError
        ``LS130`` not valid YAML (with the line), ``LS131`` listing every wrong key or
        value with its line.
    """
    path = project.root / INSIGHTS_FILE
    if not path.is_file():
        return InsightsSpec()
    return load_yaml_model(path, InsightsSpec, INSIGHTS_CODES)[0]


@dataclass(frozen=True)
class Quote:
    """A verbatim quote and where it comes from."""

    theme_id: str
    text: str
    segment_id: str
    path: str
    speaker: str | None
    line: int | None
    time_start: float | None
    cut_before: bool = False
    cut_after: bool = False

    @property
    def shown(self) -> str:
        """The quote as the report shows it: « […] » where text of the segment was left
        out."""
        return (("[…] " if self.cut_before else "") + self.text
                + (" […]" if self.cut_after else ""))

    @property
    def provenance(self) -> str:
        """« fichier, ligne 12, Lina » (or « à 00:04:31 » for subtitles)."""
        parts = [self.path]
        if self.time_start is not None:
            seconds = int(self.time_start)
            parts.append(f"à {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}")
        elif self.line is not None:
            parts.append(f"ligne {self.line}")
        if self.speaker:
            parts.append(self.speaker)
        return ", ".join(parts)


@dataclass(frozen=True)
class Proof:
    """One piece of evidence of an insight: its verified quote, or what is wrong.

    Attributes
    ----------
    segment : str
        The segment id as shown (pseudonymised).
    quote : Quote or None
        The verbatim, checked against its source; None when it could not be found.
    problem : str or None
        Why the evidence is missing (French), when it is.
    """

    segment: str
    quote: Quote | None = None
    problem: str | None = None


@dataclass
class Finding:
    """An insight as the report shows it.

    Attributes
    ----------
    number : int
        Its place in ``insights.yml`` (1 = first).
    statement, how_might_we, priority : str
    proofs : list of Proof
    """

    number: int
    statement: str
    how_might_we: str | None
    priority: str | None
    proofs: list[Proof] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """What is wrong with its evidence (French); empty when all of it holds."""
        out = [p.problem for p in self.proofs if p.problem]
        if not self.proofs:
            out.append("aucune preuve : ajoutez au moins un segment dans « evidence ».")
        return out

    @property
    def flagged(self) -> bool:
        """Some evidence is missing (the insight is shown, with a warning)."""
        return bool(self.problems)


def _quote(run: ThemeRun, row: Any, start: int, end: int, theme: str) -> Quote:
    pseudo = run.pseudonymisation
    text = str(row.text)
    time = getattr(row, "time_start", None)
    return Quote(theme, pseudo.excerpt(row.segment_id, text, start, end),
                 str(pseudo.path(row.segment_id)), str(pseudo.path(row.path)),
                 None if pd.isna(row.speaker) else str(pseudo.speaker(row.doc_id, row.speaker)),
                 None if pd.isna(row.line) else int(row.line),
                 None if time is None or pd.isna(time) else float(time),
                 any(c.isalnum() for c in text[:start]), any(c.isalnum() for c in text[end:]))


def check_insights(run: ThemeRun, spec: InsightsSpec) -> list[Finding]:
    """Each insight with its evidence found again in this run and checked verbatim.

    A piece of evidence holds when its segment is in the corpus, the cited words are in
    it, and they are exactly the source file's text at their offsets. The quotes are
    pseudonymised (:meth:`Pseudonymisation.excerpt`). Insights come by priority (haute,
    moyenne, basse, none), then in file order.

    Returns
    -------
    list of Finding
    """
    if not spec.insights:
        return []
    if run.corpus is None:
        raise ProjectError("LS901", "insights sans corpus (erreur interne de labsynth, merci "
                           "de la signaler).")
    from labsynth.schema import check_verbatim

    pseudo = run.pseudonymisation
    segments = run.corpus.segments
    ids = SegmentIds(segments["segment_id"], pseudo)
    rows = segments.set_index("segment_id", drop=False)
    theme_of = dict(zip(run.themes.assignments["segment_id"],
                        run.themes.assignments["theme_id"], strict=True))
    out = []
    for number, insight in enumerate(spec.insights, start=1):
        proofs = []
        for item in insight.evidence:
            written, words = (item, None) if isinstance(item, str) else (item.segment,
                                                                          item.quote)
            sid = ids(written)
            if sid is None:
                proofs.append(Proof(str(pseudo.path(written.strip())), problem=(
                    f"segment « {pseudo.path(written.strip())} » introuvable dans le corpus "
                    "(fichier modifié, renommé ou retiré ?)")))
                continue
            row = next(rows.loc[[sid]].itertuples(index=False))
            text = str(row.text)
            span = (0, len(text)) if not words else locate(words, text, sid, pseudo)
            shown = str(pseudo.path(sid))
            if span is None:
                what, todo = missing_words(words or "", sid, segments, pseudo)
                proofs.append(Proof(shown, problem=f"{what} ; {todo}"))
                continue
            start, end = span
            cited = pd.DataFrame([{"segment_id": sid, "doc_id": row.doc_id,
                                   "char_start": int(row.char_start) + start,
                                   "char_end": int(row.char_start) + end,
                                   "text": text[start:end]}])
            if check_verbatim(cited, run.corpus.documents):
                proofs.append(Proof(shown, problem=(
                    f"le segment {shown} ne correspond plus exactement à son fichier")))
                continue
            proofs.append(Proof(shown, _quote(run, row, start, end, theme_of.get(sid, ""))))
        out.append(Finding(number, insight.statement.strip(),
                           (insight.how_might_we or "").strip() or None, insight.priority,
                           proofs))
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    return sorted(out, key=lambda f: (rank.get(f.priority or "", len(PRIORITIES)), f.number))


def append_insight(project: Project, statement: str, evidence: list[dict[str, str] | str],
                   how_might_we: str | None = None, priority: str | None = None) -> Path:
    """Add an insight at the end of ``insights.yml`` (created from a commented template).

    The file keeps its comments and layout: the insight is appended to the ``insights``
    list as text, then the whole file is read back and checked (the insights before are
    unchanged, the new one is there) before it replaces the old one.

    Parameters
    ----------
    project : Project
    statement : str
    evidence : list
        Segment ids, or ``{"segment": id, "quote": "exact words"}``.
    how_might_we : str, optional
    priority : {"haute", "moyenne", "basse"}, optional

    Returns
    -------
    Path

    Raises
    ------
    ProjectError
        ``LS131`` the new insight is invalid (empty statement, unknown priority),
        ``LS130``/``LS131`` the file is invalid already, ``LS132`` the list cannot be
        extended automatically.
    """
    import yaml

    item: dict[str, Any] = {"statement": statement, "evidence": [
        e if isinstance(e, str) else {k: v for k, v in e.items() if v} for e in evidence]}
    if how_might_we:
        item["how_might_we"] = how_might_we
    if priority:
        item["priority"] = priority
    try:
        InsightSpec.model_validate(item)
    except Exception as exc:
        raise ProjectError("LS131", f"insight invalide, {INSIGHTS_FILE} n'est pas modifié : "
                           f"{exc.__class__.__name__} ({_short(exc)}).") from None
    path = project.root / INSIGHTS_FILE
    before = load_insights(project)
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else TEMPLATE
    block = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=10_000)
    items = "".join(f"  {line}\n" for line in block.splitlines())
    new = append_to_block_list(text, "insights", items)
    if new is None:
        raise ProjectError("LS132", f"la liste insights de {path} est écrite sur une "
                           f"ligne : récrivez-la avec un élément par ligne (« - statement: "
                           "... »), puis recommencez.")
    try:
        written = InsightsSpec.model_validate(yaml.safe_load(new) or {})
    except Exception:
        written = None
    expected = [*before.insights, InsightSpec.model_validate(item)]
    if written is None or written.insights != expected:
        raise ProjectError("LS132", f"l'insight n'a pas pu être ajouté à {path} sans changer "
                           "le reste : ajoutez-le à la main.")
    atomic_write(path, new)
    return path


def _short(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        return " ; ".join(f"{'.'.join(map(str, e['loc']))} : {e['msg']}" for e in errors())
    return str(exc)
