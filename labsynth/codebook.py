"""The designer's codebook, theme ids kept across runs, and the change log.

``corpora/<project>/codebook.yml`` holds the designer's decisions: theme names, merges,
words to exclude, seed themes. ``corpora/<project>/themes_state.json`` (written by each
run; keep it with the codebook) remembers each theme's members and keywords, so that the
next run gives a theme the same id, and the name the designer gave it, when the corpus
grows or parameters move a little.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from labsynth import cluster
from labsynth.anonymise import Pseudonymisation, pseudonymise
from labsynth.atomic import atomic_write
from labsynth.cache import project_cache
from labsynth.coding import AppliedCoding, apply_hand_coding, read_hand_coding
from labsynth.config import YamlCodes, load_yaml_model
from labsynth.corpus import Corpus, read_corpus
from labsynth.describe import UNCLASSIFIED
from labsynth.errors import LabsynthError
from labsynth.features import Features, features_and_vectors, text_features
from labsynth.project import Project

if TYPE_CHECKING:
    from labsynth.themes import Anchor, Themes

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Codebook",
    "ThemeRun",
    "annotate_project",
    "describe_changes",
    "exploration",
    "exploration_folder",
    "load_codebook",
    "nothing_to_analyse",
    "project_themes",
    "read_state",
]

CODEBOOK_FILE = "codebook.yml"
#: detections never quoted: structured personal data (names are quoted, pseudonymised)
PRIVATE_KINDS = frozenset({"EMAIL", "TEL", "ADRESSE", "NIR", "IBAN", "DATE_NAISSANCE"})
STATE_FILE = "themes_state.json"
JOURNAL_FILE = "journal_des_themes.md"
JOURNAL_HEADER = ("# Journal des thèmes\n\nCe que chaque exécution de `labsynth themes` ou "
                  "`labsynth report` (avec les réglages de project.yml) a changé, la plus "
                  "récente en haut. Écrit par labsynth ; vous pouvez y ajouter vos notes.\n")
NO_CHANGE = "Aucun changement depuis l'exécution précédente."
CODEBOOK_CODES = YamlCodes(encoding="LS110", syntax="LS110", shape="LS110", content="LS111")


def _theme_id(value: str) -> str:
    """A theme id as themes.csv writes it (« T06 »), or a French error saying which."""
    if re.fullmatch(r"T\d{2,}", value):
        return value
    number = re.fullmatch(r"\s*[Tt]\s*0*(\d+)\s*", value)
    hint = f" : écrivez « T{int(number.group(1)):02d} », comme dans themes.csv" if number \
        else " : les identifiants sont ceux de themes.csv (T01, T02...)"
    raise ValueError(f"« {value} » n'est pas un identifiant de thème{hint}")


ThemeId = Annotated[str, AfterValidator(_theme_id)]


class _SeedSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str
    keywords: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)


class Codebook(BaseModel):
    """The validated ``codebook.yml``."""

    model_config = ConfigDict(extra="forbid", strict=True)
    names: dict[ThemeId, str] = Field(default_factory=dict)
    merge: list[list[ThemeId]] = Field(default_factory=list)
    split: list[ThemeId] = Field(default_factory=list)
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
    """Read and validate ``codebook.yml`` (an empty codebook when it does not exist).

    Raises
    ------
    ProjectError
        ``LS110`` when the file is not valid YAML (line, and a hint for the French « : »),
        ``LS111`` listing every wrong key or value with its line.
    """
    path = project.root / CODEBOOK_FILE
    if not path.exists():
        return Codebook()
    return load_yaml_model(path, Codebook, CODEBOOK_CODES)[0]


# --- the theme memory -----------------------------------------------------------------

STATE_VERSION = 2
#: themes that disappeared are remembered (for a later return) up to this many
ARCHIVE_LIMIT = 200
#: a run starts again from its own result at most this many times (:func:`_settled`)
SETTLE_ROUNDS = 6


def read_state(project: Project) -> tuple[dict[str, Any], list[str]]:
    """The project's theme memory (``themes_state.json``) and what to say about it.

    A damaged file is set aside (``themes_state.json.illisible-<date>``), never silently
    ignored: the run then starts without memory and says so. A memory written by an
    earlier labsynth (version 1) is read as it is: its themes become anchors.
    """
    path = project.root / STATE_FILE
    if not path.exists():
        return {}, []
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(state, dict) or not isinstance(state.get("themes", {}), dict):
            raise ValueError("structure inattendue")
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        aside = path.with_name(f"{STATE_FILE}.illisible-{dt.datetime.now():%Y%m%d-%H%M%S}")
        path.replace(aside)
        return {}, [f"Mémoire des thèmes illisible ({exc}) : mise de côté dans {aside.name} ; "
                    "les thèmes repartent de zéro et les noms par identifiant de codebook.yml "
                    "peuvent ne plus correspondre."]
    return state, []


def nothing_to_analyse(corpus: Corpus) -> str:
    """Why a project has no segment to analyse, and what to do (French)."""
    project = corpus.project
    name = project.root.name
    if not corpus.files:
        return (f"rien à analyser : aucun fichier dans {project.raw_dir}. Déposez-y vos "
                "entretiens, contributions et notes, puis vérifiez avec « labsynth check "
                f"{name} ».")
    read = [f for f in corpus.files if f.status == "read"]
    if not read:
        return (f"rien à analyser : aucun des {len(corpus.files)} fichier(s) de raw/ n'a pu "
                f"être lu ({len(corpus.refusals)} refus). Les raisons : « labsynth check "
                f"{name} ».")
    if not corpus.segments.empty:
        return ("rien à analyser : les segments lus sont tous des tours d'enquêteur·rices "
                "ou des en-têtes d'entretien, exclus de l'analyse (themes.include_interviewers "
                "dans project.yml pour les inclure).")
    return (f"rien à analyser : les fichiers lus ne contiennent aucun texte ({len(read)} lu(s)"
            f", {len(corpus.refusals)} refus). Les détails : « labsynth check {name} ».")


def _summary(themes: Themes) -> dict[str, Any]:
    """Each discovered theme with its members, the segments its cluster held under
    ``min_score`` (unclassified but nearest to it) and its keyword weights."""
    data = themes.segments
    members = data.groupby("theme_id")["segment_id"].apply(sorted)
    held = {}
    if "cluster" in data.columns:
        low = data[(data["theme_id"] == UNCLASSIFIED) & (data["cluster"] != UNCLASSIFIED)]
        held = low.groupby("cluster")["segment_id"].apply(sorted)
    out = {}
    for row in themes.themes.itertuples():
        out[row.theme_id] = {"label": row.label, "n_segments": int(row.n_segments),
                             "seed": row.label if row.seeded else None,
                             "members": members.get(row.theme_id, []),
                             "held": list(held.get(row.theme_id, [])),
                             "weights": themes.weights.get(row.theme_id, {})}
    return out


def _write_state(project: Project, state: dict[str, Any]) -> None:
    atomic_write(project.root / STATE_FILE,
                 json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True))


def _size(entry: dict[str, Any]) -> int:
    return int(entry.get("n_segments", len(entry.get("members", []))))


# --- a run ----------------------------------------------------------------------------

@dataclass
class ThemeRun:
    """A project's themes after the codebook, with what changed since the last run.

    Attributes
    ----------
    themes : Themes
        The themes as shown: ids from the memory, codebook merges, splits and names.
    features : Features
    changes : list of str
        The change log (French), as ``changements.md`` shows it.
    vanished : list of str
        Ids of the previous run that are gone (not merged on purpose).
    not_verbatim : list of str
        Quote ids whose text differs from their source (must be empty).
    corpus : Corpus
    pseudonymisation : Pseudonymisation
    overrides : dict
        Settings that differ from ``project.yml`` (``n_themes``, ``seed``): an exploratory
        run, which never writes the memory; empty for the project's own run.
    saved : bool
        Whether this run updated the theme memory.
    label_sources : dict
        Theme id -> ``"name"`` (codebook.yml), ``"seed"`` or ``"auto"`` (keywords).
    coding : AppliedCoding
        The designer's hand coding (``codage.csv``) as applied: moves, pinned and dropped
        verbatims, own codes, conflicts.
    before_coding : Themes or None
        The themes after the codebook, before the hand coding (to apply it again at once
        when the designer adds a decision from the notebook).
    merged_into : dict
        Theme merged away by the codebook -> the theme it joined.
    """

    themes: Themes
    features: Features
    changes: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    not_verbatim: list[str] = field(default_factory=list)
    corpus: Corpus | None = None
    pseudonymisation: Pseudonymisation = field(
        default_factory=lambda: Pseudonymisation(enabled=False))
    overrides: dict[str, Any] = field(default_factory=dict)
    saved: bool = False
    label_sources: dict[str, str] = field(default_factory=dict)
    coding: AppliedCoding = field(default_factory=AppliedCoding)
    before_coding: Themes | None = field(default=None, repr=False)
    merged_into: dict[str, str] = field(default_factory=dict)

    @property
    def exploratory(self) -> bool:
        """A run with settings other than the project's (never written to the memory)."""
        return bool(self.overrides)

    @property
    def run_id(self) -> str:
        """A short fingerprint of the result (themes, labels, assignments, parameters,
        pseudonyms): two runs with the same id show the same themes and the same texts.
        Every output file carries it."""
        themes = self.themes
        digest = hashlib.sha256()
        table = themes.themes[["theme_id", "label", "n_segments"]]
        digest.update(table.to_json(orient="values", force_ascii=False).encode("utf-8"))
        pairs = sorted(zip(themes.assignments["segment_id"], themes.assignments["theme_id"],
                           strict=True))
        digest.update(json.dumps(pairs, ensure_ascii=False).encode("utf-8"))
        digest.update(json.dumps(themes.quote_ids, sort_keys=True).encode("utf-8"))
        # how k-means was started (memory or fresh) is not part of the result
        params = {k: v for k, v in themes.params.items() if k not in ("start", "previous_k")}
        digest.update(json.dumps(params, sort_keys=True, default=str).encode("utf-8"))
        # the shared texts and file names too: a register decision changes what the files
        # show even when no segment changes theme
        pseudo = self.pseudonymisation
        digest.update(json.dumps([pseudo.enabled, sorted(
            (r.segment_id, r.path, r.start, r.end, r.pseudonym, r.kept)
            for r in pseudo.replacements)], ensure_ascii=False).encode("utf-8"))
        if self.coding.codes:  # the designer's own codes are part of what the files show
            codes = sorted((c.segment_id, c.code, c.start, c.end) for c in self.coding.codes)
            digest.update(json.dumps(codes, ensure_ascii=False).encode("utf-8"))
        return digest.hexdigest()[:12]


def exploration(project: Project, n_themes: int | str | None = None,
                seed: int | None = None) -> dict[str, Any]:
    """The settings asked for that differ from ``project.yml`` (empty: the project's own
    run). An exploratory run reads the theme memory but never writes it, and writes its
    files apart (:func:`exploration_folder`)."""
    spec = project.spec.themes
    out: dict[str, Any] = {}
    if n_themes is not None and n_themes != spec.n_themes:
        out["n_themes"] = n_themes
    if seed is not None and seed != spec.seed:
        out["seed"] = seed
    return out


def exploration_folder(overrides: dict[str, Any]) -> str:
    """Folder name of an exploratory run, after its settings: ``n_themes-6_seed-3``."""
    return "_".join(f"{k}-{v}" for k, v in sorted(overrides.items()))


def _anchors(previous: dict[str, Any], named: set[str]) -> list[Anchor]:
    """The remembered themes as k-means starts: named first, then the largest."""
    from labsynth.themes import Anchor

    themes = {t: v for t, v in previous.get("themes", {}).items() if t != UNCLASSIFIED}
    order = sorted(themes, key=lambda t: (t not in named, -_size(themes[t]), t))
    return [Anchor(t, (*themes[t].get("members", []), *themes[t].get("held", [])),
                   themes[t].get("seed"), t in named) for t in order]


def _previous_k(previous: dict[str, Any]) -> int | None:
    if "k" in previous:
        return int(previous["k"])
    themes = [t for t in previous.get("themes", {}) if t != UNCLASSIFIED]
    return len(themes) or None


def _nlp_spec(project: Project, codebook: Codebook):
    """The project's ``nlp`` settings with the codebook's excluded words as stop words."""
    return project.spec.nlp.model_copy(
        update={"stop_words": [*project.spec.nlp.stop_words, *codebook.exclude_words]})


def _analysed(project: Project, corpus: Corpus, cache, progress: bool | None,
              save: bool = True) -> tuple[pd.DataFrame, Pseudonymisation, list[str]]:
    """The segments a themes run analyses (with their pseudonymised texts and private
    spans when the project pseudonymises), their pseudonymisation, and the texts the
    language analysis reads: blanked of personal data when the project pseudonymises."""
    segments = corpus.for_analysis(include_interviewers=project.spec.themes.include_interviewers)
    if segments.empty:
        raise LabsynthError("LS506", nothing_to_analyse(corpus))
    if not project.spec.pseudonymisation.enabled:
        return segments, Pseudonymisation(enabled=False), segments["text"].tolist()
    # names, numbers and addresses are blanked before the analysis, so they can never
    # become keywords or labels; quotes are shown pseudonymised
    pseudo = pseudonymise(project, corpus, cache=cache, progress=bool(progress), save=save)
    texts = [pseudo.blanked.get(s, t) for s, t in zip(segments["segment_id"],
                                                       segments["text"], strict=True)]
    segments = segments.assign(text_pseudonymised=[
        pseudo.text(s, t) for s, t in zip(segments["segment_id"], segments["text"],
                                          strict=True)])
    # numbers, e-mails and addresses are never quoted (a name, pseudonymised, may be)
    private: dict[str, list[tuple[int, int]]] = {}
    for r in pseudo.replacements:
        if r.kind in PRIVATE_KINDS and not r.kept:
            private.setdefault(r.segment_id, []).append((r.start, r.end))
    segments = segments.assign(private_spans=[
        private.get(s, []) for s in segments["segment_id"]])
    return segments, pseudo, texts


def annotate_project(project: Project, *, corpus: Corpus | None = None,
                     progress: bool | None = None, stats: dict[str, int] | None = None,
                     detect_on_cluster: bool = False) -> Features:
    """Compute and cache everything the language models give a themes run, and only that.

    The named entities of the pseudonymisation and its whole detection (when the project
    pseudonymises), the annotations and sentence vectors of the analysed texts (blanked),
    the multi-word stop words, the seeds' texts: :func:`project_themes` afterwards finds
    them all in the cache and loads no model. Within :func:`labsynth.cluster.use` the
    models run on the cluster's workers, the analysed texts in partitions of consecutive
    segment ids; the detection of personal data runs in this process, so that only
    blanked texts travel, unless ``detect_on_cluster``. The register of replacements is
    not written (``themes`` writes it).

    Parameters
    ----------
    project : Project
    corpus : Corpus, optional
        The project already read.
    progress : bool, optional
        Progress bar of the annotation.
    stats : dict, optional
        Receives :func:`labsynth.nlp.analyse`'s counts for the analysed texts.
    detect_on_cluster : bool
        Run the named-entity pass of the detection on the cluster too: the segments' raw
        texts, personal data included, then travel to the workers.

    Returns
    -------
    Features
        Of the analysed texts, in the order of their segment ids.
    """
    codebook = load_codebook(project)
    corpus = corpus if corpus is not None else read_corpus(project)
    nlp_spec = _nlp_spec(project, codebook)
    with project_cache(project) as cache:
        with cluster.use(cluster.current() if detect_on_cluster else None):
            segments, _, texts = _analysed(project, corpus, cache, progress, save=False)
        ids = segments["segment_id"].tolist()
        order = sorted(range(len(texts)), key=ids.__getitem__)
        features, _ = features_and_vectors([texts[i] for i in order], nlp_spec, cache,
                                           progress=progress, stats=stats)
        # what find_themes asks of its features_of and vectors_of for the seeds
        seed_features = [t for s in codebook.seeds for t in (" ".join(s.keywords), *s.examples)]
        seed_vectors = [" ".join([*s.keywords, *s.examples]) or s.name for s in codebook.seeds]
        if seed_features:
            text_features(seed_features, nlp_spec, cache, progress=False)
            features_and_vectors(seed_vectors, nlp_spec, cache, progress=False)
    return features


def project_themes(project: Project, *, n_themes: int | str | None = None,
                   seed: int | None = None, save: bool | None = None,
                   progress: bool | None = None, corpus: Corpus | None = None) -> ThemeRun:
    """Themes of a project: corpus, NLP (cached), discovery, stable ids, codebook.

    The theme memory (``themes_state.json``) anchors the discovery: k-means starts from
    the previous run's themes, k stays unless another is clearly more stable, and ids are
    matched to the remembered themes, so the names in ``codebook.yml`` stay on their
    themes when the corpus grows. Only the project's own run (settings of ``project.yml``)
    updates it; a run with other settings is exploratory.

    Parameters
    ----------
    project : Project
    n_themes, seed : optional
        Override ``project.yml``'s ``themes`` settings (an exploratory run).
    save : bool, optional
        Update the theme memory; by default only the project's own run does.
    progress : bool, optional
        Progress bar of the annotation.
    corpus : Corpus, optional
        The project already read (:func:`labsynth.corpus.read_corpus`); read otherwise.

    Returns
    -------
    ThemeRun
    """
    # the theme discovery (scikit-learn, SciPy) is imported by the run only: the
    # codebook's own functions serve `labsynth report` before its notebook starts
    from labsynth.themes import (
        SEED_MATCH,
        SEED_WORDS,
        Seed,
        find_themes,
        match_themes,
        merge,
        relabel,
        split,
        verify_quotes,
    )

    spec = project.spec.themes
    codebook = load_codebook(project)
    overrides = exploration(project, n_themes, seed)
    save = not overrides if save is None else save
    n_themes = spec.n_themes if n_themes is None else n_themes
    seed = spec.seed if seed is None else seed
    corpus = corpus if corpus is not None else read_corpus(project)
    nlp_spec = _nlp_spec(project, codebook)
    previous, notes = read_state(project)
    named = set(codebook.names)
    same_start = previous.get("seed", previous.get("params", {}).get("seed", seed)) == seed
    with project_cache(project) as cache:
        segments, pseudo, texts = _analysed(project, corpus, cache, progress)
        features, vectors = features_and_vectors(texts, nlp_spec, cache, progress=progress)
        seeds = [Seed(s.name, tuple(s.keywords), tuple(s.examples)) for s in codebook.seeds]

        def features_of(texts: list[str]) -> list[list[str]]:
            return text_features(texts, nlp_spec, cache, progress=False).tokens

        def vectors_of(texts: list[str]):
            return features_and_vectors(texts, nlp_spec, cache, progress=False)[1]

        memo: dict = {}

        def discover(memory: dict[str, Any], anchored: bool) -> tuple[Themes, Themes]:
            found = find_themes(
                segments, features, n_themes=n_themes, seed=seed, vectors=vectors,
                cache=cache, k_range=(spec.k_min, spec.k_max), min_score=spec.min_score,
                seeds=seeds, features_of=features_of, vectors_of=vectors_of,
                anchors=_anchors(memory, named) if anchored else (),
                previous_k=_previous_k(memory) if n_themes == "auto" and anchored else None,
                memo=memo)
            return found, relabel(found, match_themes(found, memory, prefer=sorted(named)))

        themes, discovered = _settled(discover, previous, same_start, seed)
    known = set(discovered.themes["theme_id"])
    groups, merge_notes = [], []
    remembered = {*previous.get("themes", {}), *previous.get("archive", {}),
                  *previous.get("shown", {})}
    for group in codebook.merge:
        # the designer said these are one theme, under the first id: that holds as long
        # as any of them is found (when k-means itself put two of them together, or the
        # first one's members went to the others, the group still shows as the first id)
        present = [t for t in group if t in known]
        title = f"Fusion {' + '.join(group)} de codebook.yml"
        if group[0] not in known and group[0] not in remembered:
            merge_notes.append(f"{title} : {group[0]} n'a jamais été un thème de ce projet "
                               "(faute de frappe ?) ; fusion non appliquée.")
            continue
        if present and present != [group[0]]:
            groups.append([group[0], *(t for t in present if t != group[0])])
        missing = [t for t in group if t not in known]
        if not missing:
            continue
        title += f" : {', '.join(missing)} " \
                 f"{'absent' if len(missing) == 1 else 'absents'} de cette exécution"
        if not present:
            merge_notes.append(f"{title} ; fusion non appliquée.")
        elif group[0] in missing:
            merge_notes.append(f"{title} ; le thème fusionné garde l'identifiant "
                               f"{group[0]} ({', '.join(present)} y entre).")
        else:
            merge_notes.append(f"{title} ; fusion faite avec les autres.")
    shown = merge(discovered, groups, features)
    used = [int(t[1:]) for t in [*known, *previous.get("themes", {}),
                                 *previous.get("archive", {}),
                                 *previous.get("splits", {}).values()] if t[1:].isdigit()]
    next_id = max([previous.get("next_id", 1), *(u + 1 for u in used)])
    splits: dict[str, str] = {}
    for theme_id in codebook.split:
        if theme_id not in set(shown.themes["theme_id"]) or theme_id == UNCLASSIFIED:
            continue
        child = previous.get("splits", {}).get(theme_id)
        if child is None or child in known:
            child, next_id = f"T{next_id:02d}", next_id + 1
        splits[theme_id] = child
        shown = split(shown, theme_id, child, features)
    present = set(shown.themes["theme_id"])
    names = {t: n for t, n in codebook.names.items() if t in present}
    sources = {}
    for row in shown.themes.itertuples():
        sources[row.theme_id] = ("name" if row.theme_id in names else
                                 "seed" if row.seeded else "auto")
    # a seed that lands on a theme the designer already named takes no name of its own:
    # say where it is, or it would vanish from view
    seed_notes = [f"Thème attendu « {row.label} » (codebook.yml, seeds) : c'est "
                  f"{row.theme_id} « {names[row.theme_id]} », qui garde son nom."
                  for row in shown.themes.itertuples()
                  if row.seeded and row.theme_id in names]
    for name, why in themes.params.get("seeds_unmatched", {}).items():
        because = (f"proximité {_decimal(why['closeness'])} avec le thème le plus proche, "
                   f"il faut {_decimal(SEED_MATCH)}" if why["closeness"] < SEED_MATCH else
                   f"ses mots ne sont dits que dans {why['said']:.0%} des segments du thème "
                   f"le plus proche, il en faut {SEED_WORDS:.0%}").replace("%", "\u202f%")
        seed_notes.append(f"Thème attendu « {name} » (codebook.yml, seeds) : aucun thème n'en "
                          f"parle dans cette exécution ({because}) ; il ne nomme ni ne "
                          "déplace rien. Donnez-lui des mots-clés que les participant·es "
                          "emploient (keywords).")
    redirect = {t: g[0] for g in groups for t in g[1:]}
    shown_labels = {**dict(zip(shown.themes["theme_id"], shown.themes["label"], strict=True)),
                    **names}
    seed_notes += [f"Thème attendu « {row.label} » (codebook.yml, seeds) : c'est "
                   f"{row.theme_id}, fusionné dans {redirect[row.theme_id]} "
                   f"« {shown_labels.get(redirect[row.theme_id], '')} » (codebook.yml)."
                   for row in discovered.themes.itertuples()
                   if row.seeded and row.theme_id in redirect]
    if names:
        shown.themes["label"] = [names.get(t, label) for t, label in
                                 zip(shown.themes["theme_id"], shown.themes["label"],
                                     strict=True)]
    merged = {g[0]: g[1:] for g in groups}
    # the designer's hand coding (codage.csv): after the codebook, before the report
    before_coding = shown
    shown, coding = apply_hand_coding(shown, read_hand_coding(project), corpus.segments,
                                      features, pseudo, redirect)
    summary = _shown(shown, sources, merged, splits)
    # where segments came from and went, as the analysis moved them (hand coding aside)
    changes, vanished = describe_changes(previous, summary, shown, merged, splits,
                                         _flows(previous, before_coding))
    labels = dict(zip(shown.themes["theme_id"], shown.themes["label"], strict=True))
    changes = notes + merge_notes + seed_notes + changes + coding.lines(pseudo, labels)
    merged_away = {t for group in groups for t in group[1:]}
    orphaned = sorted(set(codebook.names) - present - merged_away)
    if orphaned:
        where = _whereabouts(previous, orphaned, shown)
        changes.append("codebook.yml nomme des thèmes absents de cette exécution : "
                       + " ; ".join(f"{t} « {codebook.names[t]} »{where.get(t, '')}"
                                    for t in orphaned) + ".")
    not_verbatim = verify_quotes(shown, corpus.documents)
    if save:
        _write_state(project, {
            **_memory_after(previous, themes, discovered, seed, next_id),
            "version": STATE_VERSION,
            "written": dt.datetime.now().isoformat(timespec="seconds"),
            "params": discovered.params, "shown": summary, "splits": splits,
        })
    run = ThemeRun(shown, features, changes, vanished, not_verbatim, corpus, pseudo,
                   overrides, save, sources, coding, before_coding, redirect)
    if save and NO_CHANGE not in changes:
        _journal(project, run)
    return run


def _journal(project: Project, run: ThemeRun) -> None:
    """Add the run's changes on top of ``corpora/<p>/journal_des_themes.md``: the
    report folder's ``changements.md`` only tells the last run, and the next identical run
    rewrites it « Aucun changement » (a designer lost the day's record that way)."""
    path = project.root / JOURNAL_FILE
    old = path.read_text(encoding="utf-8") if path.exists() else JOURNAL_HEADER
    head, _, entries = old.partition("\n## ")
    now = dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    entry = (f"## {now} — exécution {run.run_id}\n\n"
             + "".join(f"- {line}\n" for line in run.changes) + "\n")
    atomic_write(path, head.rstrip("\n") + "\n\n" + entry
                 + (f"## {entries}" if entries else ""))


def _decimal(value: float) -> str:
    """« 0,25 »: a French decimal."""
    return f"{value:.2f}".replace(".", ",")


def _memory_after(previous: dict[str, Any], themes: Themes, discovered: Themes, seed: int,
                  next_id: int | None = None) -> dict[str, Any]:
    """What the theme memory holds after a run that found ``discovered``: the part of
    ``themes_state.json`` the next run starts from (themes, archive, k, seed, next id)."""
    known = set(discovered.themes["theme_id"])
    archive = dict(previous.get("archive", {}))
    for theme_id, entry in previous.get("themes", {}).items():
        if theme_id != UNCLASSIFIED and theme_id not in known:
            archive[theme_id] = {**entry, "last_seen": previous.get("written", "")}
    for theme_id in known:
        archive.pop(theme_id, None)
    archive = dict(sorted(archive.items(), key=lambda kv: kv[1].get("last_seen", ""),
                          reverse=True)[:ARCHIVE_LIMIT])
    if next_id is None:
        used = [int(t[1:]) for t in [*known, *previous.get("themes", {}), *archive]
                if t[1:].isdigit()]
        next_id = max([previous.get("next_id", 1), *(u + 1 for u in used)])
    return {"next_id": next_id, "k": int(themes.params["k"]), "seed": seed,
            "themes": _summary(discovered), "archive": archive,
            "written": previous.get("written", "")}


def _partition(discovered: Themes) -> tuple:
    """A run's discovered themes as comparable data: each segment's theme and cluster."""
    data = discovered.segments
    clusters = data["cluster"] if "cluster" in data.columns else data["theme_id"]
    return tuple(zip(data["segment_id"], data["theme_id"], clusters, strict=True))


def _settled(discover: Any, previous: dict[str, Any], anchored: bool,
             seed: int) -> tuple[Themes, Themes]:
    """Discovery run again from its own result until that result no longer moves.

    The memory makes each run depend on the previous one: k-means starts from the
    remembered themes, the remembered members stay unless clearly closer elsewhere, small
    groups dissolve. A run's result is therefore not always what the same run would give
    when started from it, and identical reruns moved segments back and forth (found by a
    designer: 7 segments swapping between two themes at each run after a seed and a
    merge). So the run starts again from its own result, as the next run would, until the
    result gives itself back: the next identical run then changes nothing. When the
    results go round a cycle, the cycle's member whose segments sit closest to their
    themes is kept (ties: the smallest), whichever member the run entered it by, so an
    identical rerun lands on the same one. ``discover(memory, anchored)`` returns the raw
    and the relabelled themes.
    """
    runs = [discover(previous, anchored)]
    seen = [_partition(runs[0][1])]
    for _ in range(SETTLE_ROUNDS):
        themes, discovered = runs[-1]
        again = discover(_memory_after(previous, themes, discovered, seed), True)
        partition = _partition(again[1])
        if partition == seen[-1]:
            return runs[-1]
        if partition in seen:  # a cycle: the same member whatever the entry point
            cycle = runs[seen.index(partition):]
            return min(cycle, key=lambda run: (-float(run[0].assignments["score"].mean()),
                                               _partition(run[1])))
        runs.append(again)
        seen.append(partition)
    return runs[-1]


def _shown(themes: Themes, sources: dict[str, str], merged: dict[str, list[str]],
           splits: dict[str, str]) -> dict[str, Any]:
    parents = {child: parent for parent, child in splits.items()}
    return {row.theme_id: {"label": row.label, "n_segments": int(row.n_segments),
                           "source": sources.get(row.theme_id, "auto"),
                           "merged": merged.get(row.theme_id, []),
                           "split_from": parents.get(row.theme_id)}
            for row in themes.themes.itertuples()}


def _whereabouts(previous: dict[str, Any], ids: list[str], shown: Themes) -> dict[str, str]:
    """For vanished themes: where their remembered members are now (« : ses segments sont
    surtout dans T03 (72 %) »)."""
    now = dict(zip(shown.assignments["segment_id"], shown.assignments["theme_id"],
                   strict=True))
    out = {}
    for theme_id in ids:
        entry = previous.get("themes", {}).get(theme_id) or previous.get("archive", {}).get(
            theme_id)
        members = [now[m] for m in (entry or {}).get("members", []) if m in now]
        if not members:
            continue
        counts = Counter(members).most_common()
        target, n = counts[0]
        share = n / len(members)
        if target == UNCLASSIFIED:
            out[theme_id] = f" (ses segments sont surtout non classés, {share * 100:.0f}\u202f%)"
        else:
            out[theme_id] = f" (ses segments sont surtout dans {target}, {share * 100:.0f}\u202f%)"
    return out


def _flows(previous: dict[str, Any], shown: Themes) -> dict[str, str]:
    """For each theme, where the segments it gained came from and where those it lost
    went, since the previous run (« : +4 de T10, +2 nouveaux ; −6 vers T13 »). Themes a
    split touched are left out: the memory keeps the members of discovered themes only."""
    prev_shown = previous.get("shown", {})
    into = {part: target for target, entry in prev_shown.items()
            for part in entry.get("merged", [])}
    split_touched = {t for t, entry in prev_shown.items() if entry.get("split_from")}
    split_touched |= {entry["split_from"] for entry in prev_shown.values()
                      if entry.get("split_from")}
    before = {m: into.get(t, t) for t, entry in previous.get("themes", {}).items()
              for m in entry.get("members", [])}
    now = dict(zip(shown.assignments["segment_id"], shown.assignments["theme_id"],
                   strict=True))
    gained: dict[str, Counter] = {}
    lost: dict[str, Counter] = {}
    for segment, theme in now.items():
        old = before.get(segment)
        if old != theme:
            gained.setdefault(theme, Counter())[old] += 1
            if old is not None:
                lost.setdefault(old, Counter())[theme] += 1

    def name(theme: str | None) -> str:
        return {None: "nouveaux", UNCLASSIFIED: "non classés"}.get(theme, theme)

    def said(flows: Counter, sign: str, word: str) -> list[str]:
        top = sorted(flows.items(), key=lambda kv: (-kv[1], str(kv[0])))
        out = [(f"{sign}{n} nouveau" + ("x" if n > 1 else "")) if t is None else
               f"{sign}{n} {word} {name(t)}" for t, n in top[:3]]
        return out + (["…"] if len(top) > 3 else [])

    out = {}
    for theme in set(gained) | set(lost):
        if theme in split_touched or theme == UNCLASSIFIED:
            continue
        parts = [", ".join(said(gained.get(theme, Counter()), "+", "de")),
                 ", ".join(said(lost.get(theme, Counter()), "\u2212", "vers"))]
        text = " ; ".join(p for p in parts if p)
        if text:
            out[theme] = f" ({text})"
    return out


def describe_changes(previous: dict[str, Any], summary: dict[str, Any], shown: Themes,
                     merged: dict[str, list[str]], splits: dict[str, str],
                     flows: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """The change log since the previous run of the memory, in French.

    Says precisely « nouveau », « fusionné dans », « scindé », « renommé » (only when the
    designer's name changed), « disparu » (with where its segments went), size changes,
    and updates of a provisional (keyword) label, never called a renaming. ``flows``
    (:func:`_flows`) follows a size change with where the segments came from and went.

    Returns
    -------
    (list of str, list of str)
        The lines, and the ids that disappeared without being merged on purpose.
    """
    prev = previous.get("shown") or previous.get("themes", {})
    if not prev:
        return ["Première exécution : les thèmes reçoivent leurs identifiants."], []
    lines: list[str] = []
    flows = flows or {}
    absorbed = {t: target for target, parts in merged.items() for t in parts}
    was_absorbed = {t for entry in prev.values() for t in entry.get("merged", [])}
    new_children = {child for parent, child in splits.items()
                    if prev.get(parent, {}).get("split_from") is None
                    and child not in prev}
    for theme_id, now in summary.items():
        label = now["label"]
        if theme_id == UNCLASSIFIED:
            before = _size(prev.get(UNCLASSIFIED, {}))
            if before != now["n_segments"]:
                lines.append(f"Non classés : {before} → {now['n_segments']} segments.")
            continue
        if theme_id not in prev:
            if theme_id in new_children:
                parent = next(p for p, c in splits.items() if c == theme_id)
                lines.append(f"{parent} scindé en deux (codebook.yml) : {parent} "
                             f"« {summary[parent]['label']} » ({summary[parent]['n_segments']}"
                             f" segments) et {theme_id} « {label} » ({now['n_segments']} "
                             "segments).")
            else:
                lines.append(f"Nouveau thème {theme_id} « {label} » ({now['n_segments']} "
                             "segments).")
            continue
        old = prev[theme_id]
        old_label, old_source = old.get("label"), old.get("source", "auto")
        source = now["source"]
        for part in now["merged"]:
            if part not in old.get("merged", []) and part not in was_absorbed:
                part_label = prev.get(part, {}).get("label", "")
                lines.append(f"{part} « {part_label} » fusionné dans {theme_id} (codebook.yml)"
                             f" : {theme_id} « {label} » compte {now['n_segments']} segments.")
        parts = []
        before = _size(old)
        # a merged theme's size is compared once its merge is the same as before
        if before != now["n_segments"] and (not now["merged"] or set(now["merged"]) <= set(
                old.get("merged", []))):
            parts.append(f"{before} → {now['n_segments']} segments"
                         + flows.get(theme_id, ""))
        if old_label != label:
            if source == "name" and old_source == "name":
                parts.append(f"renommé (avant : « {old_label} »)")
            elif source == "name":
                parts.append(f"nommé dans codebook.yml (nom provisoire : « {old_label} »)")
            elif old_source == "name":
                parts.append(f"n'est plus nommé dans codebook.yml (avant : « {old_label} ») :"
                             " nom provisoire d'après ses mots-clés")
            else:
                parts.append(f"nom provisoire mis à jour d'après ses mots-clés (avant : "
                             f"« {old_label} »)")
        if parts:
            lines.append(f"{theme_id} « {label} » : {' ; '.join(parts)}.")
    vanished = []
    gone = [t for t in prev if t != UNCLASSIFIED and t not in summary]
    where = _whereabouts(previous, gone, shown)
    for theme_id in gone:
        if theme_id in absorbed:
            continue  # said above, with the theme it joined
        vanished.append(theme_id)
        lines.append(f"Thème {theme_id} « {prev[theme_id].get('label')} » disparu"
                     + (where.get(theme_id) or " (ses segments sont répartis ailleurs)") + ".")
    return lines or [NO_CHANGE], vanished


def write_codebook_template(project: Project) -> Path:
    """Create a commented ``codebook.yml`` if the project has none."""
    path = project.root / CODEBOOK_FILE
    if not path.exists():
        atomic_write(path, TEMPLATE)
    return path
