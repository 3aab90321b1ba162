"""The designer's codebook, theme ids kept across runs, and the change log.

``corpora/<project>/codebook.yml`` holds the designer's decisions: theme names, merges,
words to exclude, seed themes. ``corpora/<project>/themes_state.json`` (written by each
run; keep it with the codebook) remembers each theme's members and keywords, so that the
next run gives a theme the same id, and the name the designer gave it, when the corpus
grows or parameters move a little.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from labsynth.anonymise import Pseudonymisation, pseudonymise
from labsynth.cache import project_cache
from labsynth.corpus import Corpus, read_corpus
from labsynth.errors import ProjectError
from labsynth.features import Features, text_features
from labsynth.project import Project, validation_problems
from labsynth.themes import (
    UNCLASSIFIED,
    Seed,
    Themes,
    find_themes,
    match_themes,
    merge,
    relabel,
    split,
    verify_quotes,
)

__all__ = ["Codebook", "ThemeRun", "load_codebook", "project_themes"]

CODEBOOK_FILE = "codebook.yml"
STATE_FILE = "themes_state.json"


class _SeedSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str
    keywords: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)


class Codebook(BaseModel):
    """The validated ``codebook.yml``."""

    model_config = ConfigDict(extra="forbid", strict=True)
    names: dict[str, str] = Field(default_factory=dict)
    merge: list[list[str]] = Field(default_factory=list)
    split: list[str] = Field(default_factory=list)
    exclude_words: list[str] = Field(default_factory=list)
    seeds: list[_SeedSpec] = Field(default_factory=list)


TEMPLATE = """\
# Codebook du projet : vos décisions sur les thèmes, gardées d'une exécution à l'autre.
# Les identifiants (T01, T02...) sont ceux de la table des thèmes ; ils restent les mêmes
# quand le corpus grandit.

# Nommer les thèmes :   names: {T01: "Se déplacer sans voiture", T04: "Être écouté"}
names: {}

# Fusionner des thèmes (le premier garde son identifiant) :   merge: [[T03, T08]]
merge: []

# Couper un thème en deux (la plus grande moitié garde l'identifiant, l'autre en reçoit un
# nouveau, gardé aux exécutions suivantes) :   split: [T05]
split: []

# Mots à ne plus utiliser pour construire les thèmes :   exclude_words: [région, jeunes]
exclude_words: []

# Thèmes attendus (codage déductif), chacun guide la recherche d'un thème :
#   seeds:
#     - name: "Santé mentale"
#       keywords: [psy, stress, anxiété]
#       examples: ["J'ai attendu six mois pour voir un psy."]
seeds: []
"""


def load_codebook(project: Project) -> Codebook:
    """Read and validate ``codebook.yml`` (an empty codebook when it does not exist)."""
    path = project.root / CODEBOOK_FILE
    if not path.exists():
        return Codebook()
    try:
        text = path.read_text(encoding="utf-8-sig")
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        raise ProjectError("LS110", f"{path} illisible ({exc}). Vérifiez l'indentation et "
                           "enregistrez-le en UTF-8.", path=path) from None
    if not isinstance(data, dict):
        raise ProjectError("LS110", f"{path} doit contenir des lignes « clé: valeur ».",
                           path=path)
    try:
        return Codebook.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, node)
        raise ProjectError("LS111", f"{path} contient {len(problems)} erreur(s) ; rien n'a "
                           "été lancé :", path=path, problems=problems) from None


def _read_state(project: Project) -> dict[str, Any]:
    path = project.root / STATE_FILE
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}


def _summary(themes: Themes, with_members: bool) -> dict[str, Any]:
    members = themes.assignments.groupby("theme_id")["segment_id"].apply(sorted)
    out = {}
    for row in themes.themes.itertuples():
        entry: dict[str, Any] = {"label": row.label, "n_segments": int(row.n_segments)}
        if with_members:
            entry["members"] = members.get(row.theme_id, [])
            entry["weights"] = themes.weights.get(row.theme_id, {})
        out[row.theme_id] = entry
    return out


def _write_state(project: Project, discovered: Themes, shown: Themes, next_id: int,
                 splits: dict[str, str]) -> None:
    """Remember the themes as discovered (before the codebook's merges and names: the next
    run is matched against them, so a merge keeps applying) and as shown (for the change
    log)."""
    state = {
        "written": dt.datetime.now().isoformat(timespec="seconds"),
        "next_id": next_id,
        "params": discovered.params,
        "themes": _summary(discovered, with_members=True),
        "shown": _summary(shown, with_members=False),
        "splits": splits,
    }
    path = project.root / STATE_FILE
    fd, tmp = tempfile.mkstemp(dir=project.root, prefix=".themes_state", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:  # atomic replace
        json.dump(state, handle, ensure_ascii=False, indent=1, sort_keys=True)
    os.replace(tmp, path)


def _size(entry: dict[str, Any]) -> int:
    return int(entry.get("n_segments", len(entry.get("members", []))))


@dataclass
class ThemeRun:
    """A project's themes after the codebook, with what changed since the last run."""

    themes: Themes
    features: Features
    changes: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    not_verbatim: list[str] = field(default_factory=list)
    corpus: Corpus | None = None
    pseudonymisation: Pseudonymisation = field(
        default_factory=lambda: Pseudonymisation(enabled=False))


def _changes(previous: dict[str, Any], themes: Themes) -> tuple[list[str], list[str]]:
    prev = previous.get("shown") or previous.get("themes", {})
    if not prev:
        return ["Première exécution : les thèmes reçoivent leurs identifiants."], []
    lines, vanished = [], []
    table = themes.themes.set_index("theme_id")
    for theme_id, row in table.iterrows():
        if theme_id == UNCLASSIFIED:
            before = _size(prev.get(UNCLASSIFIED, {}))
            if before != row.n_segments:
                lines.append(f"Non classés : {before} → {row.n_segments} segments.")
            continue
        if theme_id not in prev:
            lines.append(f"Nouveau thème {theme_id} « {row.label} » ({row.n_segments} "
                         "segments).")
            continue
        before = _size(prev[theme_id])
        if before != row.n_segments:
            lines.append(f"{theme_id} « {row.label} » : {before} → {row.n_segments} segments.")
        if prev[theme_id].get("label") != row.label:
            lines.append(f"{theme_id} renommé : « {prev[theme_id].get('label')} » → "
                         f"« {row.label} ».")
    for theme_id, old in prev.items():
        if theme_id != UNCLASSIFIED and theme_id not in table.index:
            vanished.append(theme_id)
            lines.append(f"Thème {theme_id} « {old.get('label')} » disparu (ses segments "
                         "sont répartis ailleurs).")
    return lines or ["Aucun changement depuis l'exécution précédente."], vanished


def project_themes(project: Project, *, n_themes: int | str | None = None,
                   seed: int | None = None, save: bool = True, progress: bool | None = None,
                   corpus: Corpus | None = None) -> ThemeRun:
    """Themes of a project: corpus, NLP (cached), discovery, stable ids, codebook.

    Parameters
    ----------
    project : Project
    n_themes, seed : optional
        Override ``project.yml``'s ``themes`` settings.
    save : bool
        Write ``themes_state.json`` so the next run keeps the ids.
    progress : bool, optional
        Progress bar of the annotation.
    corpus : Corpus, optional
        The project already read (:func:`labsynth.corpus.read_corpus`); read otherwise.

    Returns
    -------
    ThemeRun
    """
    spec = project.spec.themes
    codebook = load_codebook(project)
    corpus = corpus if corpus is not None else read_corpus(project)
    segments = corpus.for_analysis(include_interviewers=spec.include_interviewers)
    nlp_spec = project.spec.nlp.model_copy(
        update={"stop_words": [*project.spec.nlp.stop_words, *codebook.exclude_words]})
    with project_cache(project) as cache:
        if project.spec.pseudonymisation.enabled:
            # names, numbers and addresses are blanked before the analysis, so they can
            # never become keywords or labels; quotes are shown pseudonymised
            pseudo = pseudonymise(project, corpus, cache=cache, progress=progress)
            texts = [pseudo.blanked.get(s, t) for s, t in zip(segments["segment_id"],
                                                               segments["text"], strict=True)]
            segments = segments.assign(text_pseudonymised=[
                pseudo.text(s, t) for s, t in zip(segments["segment_id"], segments["text"],
                                                  strict=True)])
        else:
            pseudo, texts = Pseudonymisation(enabled=False), segments["text"].tolist()
        features = text_features(texts, nlp_spec, cache, progress=progress)
        seeds = [Seed(s.name, tuple(s.keywords), tuple(s.examples)) for s in codebook.seeds]

        def features_of(texts: list[str]) -> list[list[str]]:
            return text_features(texts, nlp_spec, cache, progress=False).tokens

        themes = find_themes(
            segments, features, n_themes=spec.n_themes if n_themes is None else n_themes,
            seed=spec.seed if seed is None else seed, k_range=(spec.k_min, spec.k_max),
            min_score=spec.min_score, seeds=seeds, features_of=features_of)
    previous = _read_state(project)
    mapping = match_themes(themes, previous)
    discovered = relabel(themes, mapping)
    known = set(discovered.themes["theme_id"])
    themes = merge(discovered, [[t for t in group if t in known] for group in codebook.merge
                            if sum(t in known for t in group) > 1], features)
    used = [int(t[1:]) for t in [*known, *previous.get("themes", {}),
                                 *previous.get("splits", {}).values()] if t[1:].isdigit()]
    next_id = max([previous.get("next_id", 1), *(u + 1 for u in used)])
    splits: dict[str, str] = {}
    for theme_id in codebook.split:
        if theme_id not in set(themes.themes["theme_id"]) or theme_id == UNCLASSIFIED:
            continue
        child = previous.get("splits", {}).get(theme_id)
        if child is None or child in known:
            child, next_id = f"T{next_id:02d}", next_id + 1
        splits[theme_id] = child
        themes = split(themes, theme_id, child, features)
    known |= set(themes.themes["theme_id"])
    names = {t: n for t, n in codebook.names.items() if t in known}
    if names:
        themes.themes["label"] = [names.get(t, label) for t, label in
                                  zip(themes.themes["theme_id"], themes.themes["label"],
                                      strict=True)]
    changes, vanished = _changes(previous, themes)
    not_verbatim = verify_quotes(themes, corpus.documents)
    unknown = sorted(set(codebook.names) - known)
    if unknown:
        changes.append(f"codebook.yml nomme des thèmes absents de cette exécution : "
                       f"{', '.join(unknown)}.")
    if save:
        _write_state(project, discovered, themes, next_id, splits)
    return ThemeRun(themes, features, changes, vanished, not_verbatim, corpus, pseudo)


def write_codebook_template(project: Project) -> Path:
    """Create a commented ``codebook.yml`` if the project has none."""
    path = project.root / CODEBOOK_FILE
    if not path.exists():
        path.write_text(TEMPLATE, encoding="utf-8")
    return path
