"""The ``labsynth`` command: thin, prints in French what the library did.

Exit codes: 0 success, 1 something was refused (``check``) or nothing could be analysed
(``annotate``, ``themes``, ``report``), 2 the command could not run (bad arguments,
invalid project).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from labsynth.errors import LabsynthError
from labsynth.project import init_project, load_project

if TYPE_CHECKING:
    from labsynth.corpus import Corpus


def read_corpus(*args, **kwargs):
    """:func:`labsynth.corpus.read_corpus`, imported when a command needs it (``report``
    only runs the notebook and starts faster without pandas and spaCy)."""
    from labsynth.corpus import read_corpus as read

    return read(*args, **kwargs)

__all__ = ["main"]

_KIND_FR = {"interview": "entretien", "contribution": "contribution", "note": "note"}
_KIND_PLURAL = {"interview": "entretiens", "contribution": "contributions", "note": "notes"}


class _Parser(argparse.ArgumentParser):
    """argparse with French errors and exit code 2."""

    _FRENCH = (
        ("the following arguments are required:", "arguments obligatoires manquants :"),
        ("unrecognized arguments:", "arguments inconnus :"),
        ("invalid choice:", "choix invalide :"),
        ("choose from", "choix possibles :"),
        ("expected one argument", "une valeur est attendue"),
    )

    def error(self, message: str) -> None:  # type: ignore[override]
        for english, french in self._FRENCH:
            message = message.replace(english, french)
        self.print_usage(sys.stderr)
        print(f"labsynth : erreur : {message}\nAide : labsynth --help", file=sys.stderr)
        raise SystemExit(2)


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _pct(share: float) -> str:
    """« 12 % », with the narrow no-break space of French typography."""
    return f"{share:.0%}".replace("%", "\u202f%")


def _french_help(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "arguments"
    parser._optionals.title = "options"
    parser.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")


def _build_parser() -> argparse.ArgumentParser:
    from labsynth import __version__

    parser = _Parser(
        prog="labsynth",
        description="labsynth : des entretiens, contributions et notes de terrain aux thèmes "
        "et verbatims, sur votre machine.",
        add_help=False,
    )
    _french_help(parser)
    parser.add_argument("--version", action="version", version=f"labsynth {__version__}",
                        help="afficher la version et quitter")
    parser.add_argument("--corpora", default="corpora", metavar="DOSSIER",
                        help="dossier des projets (par défaut : ./corpora)")
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_Parser,
                                title="commandes")
    sub.required = True
    p = sub.add_parser("init", help="créer un projet (dossier, project.yml commenté, raw/)",
                       add_help=False)
    _french_help(p)
    p.add_argument("name", metavar="NOM")
    p.add_argument("--title", help="titre du projet")
    p = sub.add_parser("check", help="inventaire : fichiers lus, segments, refus et raisons",
                       add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p = sub.add_parser("ingest", help="écrire la table des segments (.csv, .parquet, .xlsx, "
                       ".ods)",
                       add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p.add_argument("-o", "--output", metavar="FICHIER",
                   help="fichier de sortie (par défaut : reports/<projet>/segments.csv)")
    p = sub.add_parser("annotate", help="analyse linguistique (spaCy) avec cache ; mots "
                       "et expressions les plus fréquents", add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p.add_argument("--top", type=int, default=30, metavar="N",
                   help="nombre de mots affichés (par défaut : 30)")
    p.add_argument("--scheduler", metavar="ADRESSE",
                   help="annoter sur un cluster Dask (tcp://hôte:8786 ; par défaut la "
                   "variable LABSYNTH_SCHEDULER) : tout ce dont themes a besoin, écrit dans "
                   "le cache du projet (extra labsynth[dask])")
    p.add_argument("--workers", type=int, metavar="N",
                   help="annoter avec N processus Dask sur cette machine (extra "
                   "labsynth[dask])")
    p.add_argument("--detect-on-cluster", action="store_true",
                   help="repérer aussi les données personnelles sur le cluster : les textes "
                   "bruts, noms compris, y sont alors envoyés (par défaut : repérage ici, "
                   "seuls les textes masqués partent)")
    p = sub.add_parser("themes", help="découvrir les thèmes d'un projet, ou d'un tableau "
                       "(.csv, .xlsx...) avec --text-column", add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET_OU_TABLEAU",
                   help="projet (nom ou dossier), ou fichier tableau à classer")
    p.add_argument("-k", "--n-themes", default=None, metavar="auto|N",
                   help="nombre de thèmes (par défaut : celui de project.yml, sinon auto)")
    p.add_argument("--seed", type=int, default=None, metavar="N",
                   help="graine du hasard (même graine, mêmes thèmes)")
    p.add_argument("--text-column", metavar="COLONNE", help="(tableau) colonne du texte")
    p.add_argument("--id-column", metavar="COLONNE", help="(tableau) colonne d'identifiant")
    p.add_argument("-o", "--output", metavar="FICHIER",
                   help="(tableau) fichier de sortie .csv, .xlsx ou .parquet")
    p = sub.add_parser("anonymise", help="pseudonymisation : registre des remplacements "
                       "(noms, e-mails, téléphones...) à relire", add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p = sub.add_parser("report", help="rapport HTML autonome (carnet exécuté par papermill) "
                       "et classeur themes.xlsx", add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", nargs="?",
                   help="nom sous corpora/ ou chemin du dossier")
    p.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                   metavar=("NOM", "VALEUR"),
                   help="paramètre du carnet (n_themes, seed, sections, quotes_per_theme, "
                   "questions_per_theme, cross_by, output_dir) ; répétable")
    p.add_argument("--all", action="store_true",
                   help="produire le rapport de chaque projet de corpora/")
    p.add_argument("--force", action="store_true",
                   help="refaire le rapport même si rien n'a changé depuis le dernier")
    p = sub.add_parser("export", help="fichiers pour d'autres outils : projet REFI-QDA "
                       "(qdpx), codebook (qdc), cartes d'atelier et post-it (cartes)",
                       add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p.add_argument("-f", "--format", action="append", required=True, metavar="FORMAT",
                   help="qdpx, qdc ou cartes (répétable, ou séparés par des virgules)")
    p.add_argument("-k", "--n-themes", default=None, metavar="auto|N",
                   help="nombre de thèmes (un essai, écrit dans essais/)")
    p.add_argument("--seed", type=int, default=None, metavar="N", help="graine du hasard")
    p = sub.add_parser("import", help="reprendre un codebook REFI-QDA (.qdc) comme thèmes "
                       "attendus (seeds) de codebook.yml", add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p.add_argument("file", metavar="FICHIER", help="codebook .qdc (ou projet .qdpx)")
    p = sub.add_parser("cache", help="taille du cache d'annotations ; --clear pour le vider",
                       add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p.add_argument("--clear", action="store_true", help="supprimer le cache du projet")
    for command in sub.choices.values():  # « labsynth themes demo --corpora X » works too
        command.add_argument("--corpora", default=argparse.SUPPRESS, metavar="DOSSIER",
                             help="dossier des projets (par défaut : ./corpora)")
    return parser


def _cmd_annotate(args: argparse.Namespace) -> int:
    import os
    import time
    import warnings

    from labsynth.cache import project_cache
    from labsynth.cluster import ENV_SCHEDULER
    from labsynth.features import text_features

    if args.scheduler or args.workers is not None or os.environ.get(ENV_SCHEDULER):
        return _annotate_on_cluster(args)
    if args.detect_on_cluster:
        raise LabsynthError("LS406", "--detect-on-cluster va avec --workers N ou --scheduler "
                            "ADRESSE (sans eux, tout se fait sur cette machine).")
    project = load_project(args.project, args.corpora)
    corpus = read_corpus(project)
    segments = corpus.for_analysis()
    _print_refused_count(corpus, args.project)
    if segments.empty:
        return _nothing_to_analyse(corpus, args.project)
    spec = project.spec.nlp
    start = time.perf_counter()
    stats: dict[str, int] = {}
    with warnings.catch_warnings(record=True) as caught, project_cache(project) as cache:
        warnings.simplefilter("always")
        features = text_features(segments["text"].tolist(), spec, cache, stats=stats)
    for warning in caught:
        print(f"Attention : {warning.message}")
    seconds = time.perf_counter() - start
    words = int(segments["text"].str.split().str.len().sum())
    print(f"{_fmt(len(segments))} segments analysés ({_fmt(words)} mots, modèle {spec.model}, "
          f"mode {spec.mode}) en {seconds:.1f} s ; {_fmt(stats['computed'])} textes annotés "
          f"par spaCy, {_fmt(stats['cached'])} lus dans le cache.")
    print(f"Segments d'enquêteur·rices et en-têtes d'entretien exclus : "
          f"{_fmt(len(corpus.segments) - len(segments))}.")
    print(f"\nLes {args.top} mots et expressions les plus présents (nombre de segments) :")
    for feature, n in sorted(features.document_frequency.items(),
                             key=lambda kv: (-kv[1], kv[0]))[:args.top]:
        print(f"  {features.readable(feature):<28} {_fmt(n):>6}")
    shown = ", ".join(features.readable(p) for p in features.phrases[:40])
    print(f"\nExpressions gardées ({len(features.phrases)}) : {shown or 'aucune'}"
          + (" ..." if len(features.phrases) > 40 else ""))
    print("Un mot sans intérêt pour ce projet ? Ajoutez-le à nlp.stop_words dans project.yml.")
    return 0


def _annotate_on_cluster(args: argparse.Namespace) -> int:
    """``annotate --scheduler/--workers``: what a themes run needs, computed on Dask."""
    import time

    from labsynth import cluster
    from labsynth.codebook import annotate_project

    cluster.resolve(args.scheduler, args.workers)  # a wrong option or no Dask: say it now
    project = load_project(args.project, args.corpora)
    corpus = read_corpus(project)
    _print_refused_count(corpus, args.project)
    segments = corpus.for_analysis(
        include_interviewers=project.spec.themes.include_interviewers)
    if segments.empty:
        return _nothing_to_analyse(corpus, args.project)
    spec = project.spec.nlp
    stats: dict[str, int] = {}
    with cluster.connect(args.scheduler, args.workers) as remote:
        print(f"Annotation sur {remote.address} : {remote.n_workers} worker(s), "
              f"{remote.n_threads} fil(s) de calcul.")
        start = time.perf_counter()
        with cluster.use(remote):
            features = annotate_project(project, corpus=corpus, stats=stats, progress=True,
                                        detect_on_cluster=args.detect_on_cluster)
        seconds = time.perf_counter() - start
    words = int(segments["text"].str.split().str.len().sum())
    print(f"{_fmt(len(segments))} segments analysés ({_fmt(words)} mots, modèle {spec.model}, "
          f"mode {spec.mode}) en {seconds:.1f} s ; {_fmt(stats['computed'])} textes annotés "
          f"et {_fmt(stats['embedded'])} encodés par les workers, {_fmt(stats['cached'])} "
          "lus dans le cache.")
    if project.spec.pseudonymisation.enabled:
        where = "par les workers" if args.detect_on_cluster else \
            "sur cette machine, avant l'envoi : seuls des textes masqués sont partis"
        print(f"Données personnelles repérées {where} ; le registre des remplacements "
              "s'écrit au prochain « labsynth themes ».")
    print(f"Tout est dans le cache du projet : « labsynth themes {args.project} » ne "
          "chargera aucun modèle.")
    print(f"\nLes {args.top} mots et expressions les plus présents (nombre de segments) :")
    for feature, n in sorted(features.document_frequency.items(),
                             key=lambda kv: (-kv[1], kv[0]))[:args.top]:
        print(f"  {features.readable(feature):<28} {_fmt(n):>6}")
    return 0


def _n_themes(value: str | None) -> int | str | None:
    if value is None or value == "auto":
        return value
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise LabsynthError("LS303", f"-k attend « auto » ou un nombre entier ≥ 1 ; reçu « {value} ».")


def _cmd_themes(args: argparse.Namespace) -> int:
    path = Path(args.project)
    if path.is_file() and path.name != "project.yml":
        return _themes_of_table(args, path)
    from labsynth.codebook import project_themes, write_codebook_template
    from labsynth.outputs import OutputSet, output_folder, write_theme_files

    project = load_project(args.project, args.corpora)
    corpus = read_corpus(project)
    _print_refused_count(corpus, args.project)
    if corpus.for_analysis().empty:
        return _nothing_to_analyse(corpus, args.project)
    run = project_themes(project, n_themes=_n_themes(args.n_themes), seed=args.seed,
                         corpus=corpus)
    themes = run.themes
    out_dir = output_folder(project, run.overrides)
    with OutputSet(out_dir) as out:
        names = write_theme_files(run, out)
    codebook = write_codebook_template(project)
    k = themes.params["k"]
    how = "choisi automatiquement (stabilité)" if themes.params["n_themes"] == "auto" else \
        "demandé"
    if themes.params.get("start") == "memory":
        how += ", en partant des thèmes de l'exécution précédente"
    print(f"{len(themes.themes) - 1} thèmes (k = {k}, {how}) sur {_fmt(len(themes.segments))} "
          f"segments ; graine {themes.params['seed']}.\n")
    for row in themes.themes.itertuples():
        keywords = ", ".join(row.keywords[:6])
        print(f"{row.theme_id}  {row.label}")
        print(f"     {_fmt(row.n_segments)} segments ({_pct(row.share)}), "
              f"{_fmt(row.n_documents)} participant·es ou contributions"
              + (f" ; mots : {keywords}" if keywords else ""))
        empty = int(themes.params.get("without_content", 0))
        if row.theme_id == "T00" and empty:
            print(f"     dont {_fmt(empty)} sans mot porteur de sens (formules de politesse, "
                  "« merci », « au revoir »…)")
    print("\nChangements :")
    for line in run.changes:
        print(f"  - {line}")
    print(f"\nExécution {run.run_id} : {', '.join(names)} écrits dans {out_dir}/")
    _say_removed(out.removed, args.project)
    if run.exploratory:
        settings = ", ".join(f"{k} = {v}" for k, v in run.overrides.items())
        print(f"Essai ({settings}, différent de project.yml) : la mémoire des thèmes n'est pas "
              "modifiée. Pour adopter ce réglage, écrivez-le dans project.yml (section "
              "themes).")
    print(f"Nommez, fusionnez ou guidez les thèmes dans {codebook}, puis relancez.")
    if run.not_verbatim:
        print(f"ERREUR [LS505] : {len(run.not_verbatim)} verbatim(s) ne correspondent pas "
              f"exactement à leur source : {', '.join(run.not_verbatim[:5])}. Signalez-le.",
              file=sys.stderr)
        return 1
    print("Vérification : chaque verbatim est la copie exacte de sa source.")
    return 0


def _themes_of_table(args: argparse.Namespace, path: Path) -> int:
    from labsynth.export import write_table
    from labsynth.table import table_themes

    if not args.text_column:
        raise LabsynthError("LS304", "pour classer un tableau, indiquez la colonne du texte : "
                            f"labsynth themes {path} --text-column NOM -o sortie.csv")
    if not args.output:
        raise LabsynthError("LS305", "indiquez le fichier de sortie : -o sortie.csv")
    result = table_themes(path, args.text_column, args.id_column,
                          n_themes=_n_themes(args.n_themes) or "auto",
                          seed=0 if args.seed is None else args.seed)
    for refusal in result.refusals:
        print(f"Attention : {refusal}", file=sys.stderr)
    out = result.rows
    write_table(out, args.output)
    print(f"{_fmt(len(out))} lignes classées en {len(result.themes) - 1} thèmes "
          f"(k = {result.k}) ; non classées : "
          f"{_fmt(int((out['theme_id'] == 'T00').sum()))}. Écrit : {args.output}"
          + (" (résultat relu dans le cache : même tableau, mêmes réglages)"
             if result.cached else ""))
    for row in result.themes.itertuples():
        print(f"  {row.theme_id}  {row.label} ({_fmt(row.n_segments)})")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    # jsonschema (under nbformat) imports rfc3987_syntax when present, which builds a
    # grammar for 2-3 s at import; notebooks never use IRI formats, so this process does
    # without it.
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    from labsynth.report import parse_assignments, render_all, render_report

    if bool(args.project) == args.all:
        raise LabsynthError("LS307", "indiquez un projet, ou --all pour tous les projets de "
                            f"{args.corpora}/ (pas les deux).")
    values = parse_assignments(args.parameter)
    if "project" in values:
        raise LabsynthError("LS601", "le projet se donne en argument (labsynth report PROJET), "
                            "pas avec -p project.")
    if not args.all:
        corpus = read_corpus(load_project(args.project, args.corpora))
        _print_refused_count(corpus, args.project)
        if corpus.for_analysis().empty:
            return _nothing_to_analyse(corpus, args.project)
        print(f"Rapport de « {args.project} » : thèmes, graphiques, page HTML…", flush=True)
        result = render_report(args.project, values, corpora=args.corpora, force=args.force)
        _print_report(result, args.project)
        return 0
    outcomes = render_all(args.corpora, values, force=args.force)
    print(f"\nRésumé ({len(outcomes)} projet(s)) :")
    for outcome in outcomes:
        if outcome.result:
            print(f"  OK     {outcome.project} : {outcome.result.html} "
                  f"({outcome.result.seconds:.0f} s)")
        else:
            print(f"  ÉCHEC  {outcome.project} : {outcome.error}")
    failed = sum(o.error is not None for o in outcomes)
    print(f"{len(outcomes) - failed} rapport(s) produit(s), {failed} échec(s).")
    return 1 if failed else 0


def _print_report(result, name: str) -> None:
    if result.up_to_date:
        print(f"Le rapport est à jour (exécution {result.run_id}) : mêmes fichiers, mêmes "
              "réglages, même codebook, même registre et même mémoire des thèmes que lors de "
              "sa production. Rien n'a été refait (--force pour le refaire).")
    else:
        print(f"Rapport produit en {result.seconds:.0f} s (exécution {result.run_id}).")
    if result.exploratory:
        settings = ", ".join(f"{k} = {v}" for k, v in result.exploratory.items())
        print(f"Essai ({settings}, différent de project.yml) : écrit à part, la mémoire des "
              "thèmes n'est pas modifiée. Pour adopter ce réglage, écrivez-le dans "
              "project.yml (section themes).")
    if result.removed:
        print(f"Retirés du dossier, car issus d'une autre exécution : {', '.join(result.removed)}.")
    print(f"Page à partager : {result.html}")
    from labsynth.outputs import read_manifest

    manifest = read_manifest(result.folder)
    files = manifest.get("files", [])
    books = [f for f in files if f.startswith("themes.") and f.endswith((".xlsx", ".ods"))]
    print(f"Classeur : {', '.join(str(result.folder / f) for f in books) or result.workbook}")
    others = [f for f in files if f.endswith((".qdpx", ".qdc", ".pdf", ".csv"))
              and f in ("projet.qdpx", "codebook.qdc", "cartes.pdf", "postits.csv",
                        "synthese.csv", "verbatims.csv")]
    if others:
        print(f"Pour d'autres outils : {', '.join(others)}")
    for note in manifest.get("notes", []):
        print(f"Attention : {note}")
    print(f"Carnet exécuté : {result.notebook}")
    print(f"Tous les fichiers de {result.folder}/ portent l'identifiant {result.run_id} "
          "(liste dans run.json).")


def _export_formats(values: list[str]) -> list[str]:
    from labsynth.outputs import EXPORT_FORMATS

    formats = [f.strip().lower() for value in values for f in value.split(",") if f.strip()]
    unknown = [f for f in formats if f not in EXPORT_FORMATS]
    if unknown or not formats:
        raise LabsynthError("LS308", f"format d'export inconnu : {', '.join(unknown) or '—'} ;"
                            f" formats possibles : {', '.join(EXPORT_FORMATS)}.")
    return list(dict.fromkeys(formats))


def _cmd_export(args: argparse.Namespace) -> int:
    from labsynth.insights import build_insights
    from labsynth.outputs import (
        OutputSet,
        output_folder,
        read_manifest,
        write_exports,
        write_theme_files,
    )

    formats = _export_formats(args.format)
    project = load_project(args.project, args.corpora)
    insights = build_insights(project, n_themes=_n_themes(args.n_themes), seed=args.seed,
                              progress=None)
    run = insights.run
    folder = output_folder(project, run.overrides)
    previous = read_manifest(folder)
    with OutputSet(folder) as out:
        if previous.get("run_id") == run.run_id:  # the same themes: the report stays
            out.manifest.update({k: previous[k] for k in ("kind", "inputs", "project",
                                                           "fingerprint") if k in previous})
        write_theme_files(run, out)
        lines = write_exports(insights, out, formats)
        out.manifest.setdefault("kind", "export")
    how = "pseudonymisés" if run.pseudonymisation.enabled else \
        "BRUTS (pseudonymisation désactivée dans project.yml)"
    print(f"Exécution {run.run_id} ({len(insights.cards)} thèmes, textes {how}), écrit dans "
          f"{folder}/ :")
    for line in lines:
        print(f"  - {line}")
    _say_removed(out.removed, args.project)
    if run.exploratory:
        settings = ", ".join(f"{k} = {v}" for k, v in run.overrides.items())
        print(f"Essai ({settings}, différent de project.yml) : écrit à part, la mémoire des "
              "thèmes n'est pas modifiée.")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from labsynth.qda import import_codebook

    project = load_project(args.project, args.corpora)
    path = Path(args.file)
    if path.suffix.lower() not in {".qdc", ".qdpx"}:
        raise LabsynthError("LS309", f"{path.name} : un codebook REFI-QDA se termine par .qdc "
                            "(ou un projet par .qdpx). Exportez-le au format REFI-QDA depuis "
                            "votre logiciel.")
    report = import_codebook(project, path)
    total = len(report.kept) + len(report.skipped)
    if report.kept:
        print(f"{total} code(s) lu(s) dans {path.name} ; {len(report.kept)} repris comme "
              f"thèmes attendus (seeds) dans {report.codebook} :")
    else:
        print(f"{total} code(s) lu(s) dans {path.name} ; aucun nouveau thème attendu : "
              f"{report.codebook} n'est pas modifié.")
    for _code, seed in report.kept:
        extra = "avec sa description en exemple" if seed.get("examples") else "sans description"
        print(f"  + {seed['name']} (mots-clés : {', '.join(seed['keywords'])} ; {extra})")
    if report.skipped:
        print("Non repris :")
        for code, why in report.skipped:
            print(f"  - {code.name} : {why}")
    if report.kept:
        print(f"Relisez les seeds dans {report.codebook} (ajoutez des mots-clés au besoin), "
              f"puis relancez « labsynth themes {args.project} » : chacun guide la recherche "
              "d'un thème. Les couleurs et les segments codés ailleurs ne sont pas repris.")
    return 0


def _cmd_anonymise(args: argparse.Namespace) -> int:
    from collections import Counter

    from labsynth.anonymise import pseudonymise
    from labsynth.anonymise.ledger import write_ledger
    from labsynth.anonymise.pseudonyms import KIND_NAMES
    from labsynth.cache import project_cache

    project = load_project(args.project, args.corpora)
    corpus = read_corpus(project)
    with project_cache(project) as cache:
        pseudo = pseudonymise(project, corpus, cache=cache, progress=None)
    csv, xlsx = write_ledger(project, pseudo)
    counts = Counter(r.kind for r in pseudo.replacements if not r.kept)
    touched = {r.segment_id for r in pseudo.replacements if not r.kept and r.kind != "PATH"}
    # speakers: one per pseudonym (the same interviewer in five interviews is one)
    paths = " et dans des noms de fichiers" if counts.get("PATH") else ""
    print(f"{_fmt(sum(counts.values()))} remplacements, dans {_fmt(len(touched))} des "
          f"{_fmt(len(corpus.segments))} segments{paths} ; "
          f"{_fmt(len(set(pseudo.speakers.values())))} locuteur·rices pseudonymisé·es ; "
          f"{_fmt(pseudo.kept)} gardé(s) à votre demande.")
    for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {KIND_NAMES[kind]:<26} {_fmt(n):>6}")
    if pseudo.to_check:
        print(f"Dont {_fmt(pseudo.to_check)} « à vérifier » (numéro dont la clé ou la longueur "
              "est fausse, remplacé quand même) : voir la colonne « à vérifier » du registre.")
    print(pseudo.review_note())
    print(f"\nRegistre à relire : {xlsx} (ou {csv.name}). Écrivez « garder » dans la colonne "
          "« décision » d'un faux positif ; ajoutez une ligne avec seulement « texte d'origine » "
          "pour un nom oublié ; puis relancez. Ce registre contient les données personnelles : "
          "il ne doit pas quitter le Lab'.")
    if not project.spec.pseudonymisation.enabled:
        print("Attention : pseudonymisation désactivée dans project.yml : rapports et exports "
              "contiennent le texte brut.")
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    from labsynth.cache import clear_cache, project_cache

    project = load_project(args.project, args.corpora)
    if args.clear:
        freed = clear_cache(project)
        print(f"Cache supprimé ({freed / 2**20:.1f} Mio libérés) : {project.cache_dir}")
        return 0
    if not project.cache_dir.exists():
        print(f"Pas de cache pour ce projet ({project.cache_dir}).")
        return 0
    size = sum(p.stat().st_size for p in project.cache_dir.rglob("*") if p.is_file())
    with project_cache(project) as cache:
        print(f"Cache : {project.cache_dir} ({size / 2**20:.1f} Mio)")
        for namespace, n in cache.namespaces():
            print(f"  {namespace} : {_fmt(n)} textes annotés")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    root = init_project(args.name, args.corpora, args.title)
    print(f"Projet créé : {root}")
    print(f"  1. Déposez vos fichiers dans {root / 'raw'} (sous-dossiers permis).")
    print(f"  2. Complétez au besoin {root / 'project.yml'} (il est commenté).")
    print(f"  3. Vérifiez la lecture : labsynth check {args.name}")
    return 0


def _print_inventory(corpus: Corpus) -> None:
    project = corpus.project
    print(f"Projet « {project.spec.title} » ({project.root})")
    print()
    read = [f for f in corpus.files if f.status == "read"]
    width = max([len(f.path) for f in corpus.files] + [7])
    print(f"{'Fichier':<{width}}  {'Type':<12} {'Docs':>6} {'Segments':>8} {'Mots':>8}  "
          "Intervenants / lecture")
    for f in corpus.files:
        if f.status != "read":
            continue
        kind = "/".join(_KIND_FR[k] for k in f.kinds) or "—"
        detail = ", ".join(f.speakers) if f.speakers else "; ".join(f.notes)
        extra = []
        if f.n_refused:
            extra.append(f"{f.n_refused} refus")
        if f.n_empty_rows:
            extra.append(f"{f.n_empty_rows} ligne(s) vide(s) ignorée(s)")
        if extra:
            detail += " [" + ", ".join(extra) + "]"
        print(f"{f.path:<{width}}  {kind:<12} {_fmt(f.n_documents):>6} {_fmt(f.n_segments):>8} "
              f"{_fmt(f.n_words):>8}  {detail}")
    ignored = [f for f in corpus.files if f.status == "ignored"]
    if ignored:
        print()
        print(f"Fichiers ignorés ({len(ignored)}) :")
        for f in ignored:
            print(f"  {f.path} : {f.reason}")
    if corpus.warnings:
        print()
        print(f"Avertissements ({len(corpus.warnings)}, rien n'est perdu) :")
        for w in corpus.warnings:
            print(f"  {w}")
    print()
    if corpus.refusals:
        print(f"Refus ({len(corpus.refusals)}) :")
        for r in corpus.refusals:
            print(f"  {r}")
        print()
    segments = corpus.segments
    docs = corpus.documents
    kinds = ", ".join(f"{_fmt(int(n))} {_KIND_PLURAL[k]}"
                      for k, n in docs["kind"].value_counts().sort_index().items())
    roles = segments["role"].value_counts()
    n_refused_files = sum(f.status == "refused" for f in corpus.files)
    print(f"Total : {len(read)} fichier(s) lu(s) sur {len(corpus.files)}, "
          f"{n_refused_files} refusé(s), {len(ignored)} ignoré(s).")
    print(f"        {kinds or 'aucun document'} ; {_fmt(len(segments))} segments "
          f"({_fmt(int(roles.get('participant', 0)))} de participant·es, "
          f"{_fmt(int(roles.get('interviewer', 0)))} d'enquêteur·rices, "
          f"{_fmt(int(roles.get('unknown', 0)))} sans locuteur) ; "
          f"{_fmt(sum(f.n_words for f in read))} mots.")
    if corpus.metadata_columns:
        print(f"        Métadonnées : {', '.join(corpus.metadata_columns)}.")
    _print_account(corpus)
    print("        Les segments d'enquêteur·rices sont gardés mais exclus de l'analyse des "
          "thèmes par défaut.")


def _print_interviewer_hints(corpus: Corpus, command: str) -> bool:
    """Suggest the interviewers ``project.yml`` does not declare; True when there are."""
    from labsynth.interviewers import suggest_interviewers

    hints = suggest_interviewers(corpus.segments)
    if not hints:
        return False
    print(f"\nEnquêteur·rices probables, non déclaré·es ({len(hints)}) : leurs tours sont "
          "analysés comme ceux des participant·es.")
    for h in hints:
        forms = f" ({', '.join(h.labels)})" if h.labels != [h.name] else ""
        print(f"  {h.name}{forms} : {h.n_turns} tours dans "
              f"{len(h.files)} entretien(s), {_pct(h.question_share)} se terminent par une "
              f"question, {1 / max(h.length_ratio, 1e-9):.0f} fois plus courts que ceux des "
              "autres.")
    declared = list(corpus.project.spec.interviewers)
    names = ", ".join(dict.fromkeys([*declared, *(h.name for h in hints)]))
    print(f"  Si c'est bien le cas, écrivez dans {corpus.project.root / 'project.yml'} :\n"
          f"    interviewers: [{names}]\n  puis relancez « labsynth {command} ».")
    return True


def _print_account(corpus: Corpus) -> None:
    """The account of what was read: every table row and every non-blank character of the
    texts, with where it went."""
    read = [f for f in corpus.files if f.status == "read"]
    tables = [f for f in read if f.n_rows is not None]
    texts = [f for f in read if f.n_rows is None]
    if tables:
        rows = sum(f.n_rows or 0 for f in tables)
        print(f"        Lignes des tableaux : {_fmt(rows)} = "
              f"{_fmt(sum(f.n_header_rows for f in tables))} d'en-tête ou de titre + "
              f"{_fmt(sum(f.n_documents for f in tables))} lues + "
              f"{_fmt(sum(f.n_refused for f in tables))} refusées + "
              f"{_fmt(sum(f.n_empty_rows for f in tables))} vides.")
    if texts:
        print(f"        Caractères des textes (hors espaces) : "
              f"{_fmt(sum(f.n_chars for f in texts))} = "
              f"{_fmt(sum(f.n_chars_segments for f in texts))} dans les segments + "
              f"{_fmt(sum(f.n_chars_labels for f in texts))} dans les noms des "
              f"locuteur·rices + {_fmt(sum(f.n_chars_reported for f in texts))} signalés.")
    unbalanced = [f.path for f in read if not (f.rows_accounted and f.chars_accounted)]
    if unbalanced:
        print(f"ERREUR [LS902] : le compte ne tombe pas juste pour {', '.join(unbalanced)} ; "
              "signalez-le aux développeurs de labsynth.", file=sys.stderr)


def _print_refused_count(corpus: Corpus, command: str) -> None:
    """One line saying what was not read, for commands that do not list it."""
    files = sum(f.status == "refused" for f in corpus.files)
    parts = sum(f.n_refused for f in corpus.files if f.status == "read")
    if files or parts:
        print(f"Attention : {_fmt(files)} fichier(s) refusé(s) et {_fmt(parts)} ligne(s) ou "
              f"passage(s) refusé(s), absents de l'analyse ; le détail : labsynth check "
              f"{command}", file=sys.stderr)


def _nothing_to_analyse(corpus: Corpus, command: str) -> int:
    """Stop with the reason (LS506, exit code 2) when no segment can be analysed."""
    from labsynth.codebook import nothing_to_analyse

    raise LabsynthError("LS506", nothing_to_analyse(corpus))


def _cmd_check(args: argparse.Namespace) -> int:
    corpus = read_corpus(load_project(args.project, args.corpora))
    if not corpus.files:
        print(f"Projet « {corpus.project.spec.title} » ({corpus.project.root})\n")
        print(f"Aucun fichier dans {corpus.project.raw_dir} : rien à lire. Déposez-y vos "
              "entretiens, contributions et notes (sous-dossiers permis), puis relancez "
              f"« labsynth check {args.project} ».")
        return 1
    _print_inventory(corpus)
    _print_interviewer_hints(corpus, f"check {args.project}")
    if corpus.refusals:
        print(f"\n{len(corpus.refusals)} élément(s) refusé(s) : corrigez-les puis relancez "
              f"« labsynth check {args.project} ».")
        return 1
    if corpus.segments.empty:
        print("\nAucun texte lu : aucun fichier ne contient de texte à analyser.")
        return 1
    print("\nTout est lu : rien n'a été refusé.")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    project = load_project(args.project, args.corpora)
    output = Path(args.output) if args.output else Path("reports") / project.name / "segments.csv"
    writers = {".csv", ".parquet", ".xlsx", ".ods"}
    if output.suffix.lower() not in writers:
        raise LabsynthError("LS301", f"format de sortie « {output.suffix or output.name} » non "
                            "pris en charge ; choisissez un fichier .csv, .parquet, .xlsx ou "
                            ".ods.")
    corpus = read_corpus(project)
    from labsynth.export import write_table

    segments = corpus.segments
    if project.spec.pseudonymisation.enabled:
        from labsynth.anonymise import pseudonymise
        from labsynth.cache import project_cache

        with project_cache(project) as cache:
            segments = pseudonymise(project, corpus, cache=cache).apply(segments)
        how = "pseudonymisés"
    else:
        how = "BRUTS (pseudonymisation désactivée dans project.yml)"
    write_table(segments, output)
    print(f"{_fmt(len(corpus.segments))} segments de {_fmt(len(corpus.documents))} documents "
          f"écrits dans {output}, {how}")
    if corpus.refusals:
        print(f"Attention : {len(corpus.refusals)} élément(s) refusé(s), absents de cette table ; "
              f"le détail : labsynth check {args.project}")
    return 0


def _say_removed(removed: list[str], project: str) -> None:
    """Files of another run taken out of an output folder, said once."""
    if removed:
        print(f"Retirés de ce dossier, car issus d'une autre exécution : "
              f"{', '.join(removed)}. Relancez « labsynth report {project} » pour "
              "refaire la page.")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``labsynth`` command; returns the exit code."""
    args = _build_parser().parse_args(argv)
    commands = {"init": _cmd_init, "check": _cmd_check, "ingest": _cmd_ingest,
                "annotate": _cmd_annotate, "themes": _cmd_themes, "report": _cmd_report,
                "anonymise": _cmd_anonymise, "export": _cmd_export, "import": _cmd_import,
                "cache": _cmd_cache}
    try:
        return commands[args.command](args)
    except LabsynthError as exc:
        print(f"labsynth : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("labsynth : interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped (« | head »): nothing more to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
