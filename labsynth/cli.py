"""The ``labsynth`` command: thin, prints in French what the library did.

Exit codes: 0 success, 1 something was refused (``check``), 2 the command could not run
(bad arguments, invalid project).
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
    p = sub.add_parser("ingest", help="écrire la table des segments (.csv, .parquet, .xlsx)",
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
    p = sub.add_parser("cache", help="taille du cache d'annotations ; --clear pour le vider",
                       add_help=False)
    _french_help(p)
    p.add_argument("project", metavar="PROJET", help="nom sous corpora/ ou chemin du dossier")
    p.add_argument("--clear", action="store_true", help="supprimer le cache du projet")
    return parser


def _cmd_annotate(args: argparse.Namespace) -> int:
    import time
    import warnings

    from labsynth.cache import project_cache
    from labsynth.features import text_features

    project = load_project(args.project, args.corpora)
    corpus = read_corpus(project)
    segments = corpus.for_analysis()
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
    run = project_themes(project, n_themes=_n_themes(args.n_themes), seed=args.seed)
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
    print("\nChangements :")
    for line in run.changes:
        print(f"  - {line}")
    print(f"\nExécution {run.run_id} : {', '.join(names)} écrits dans {out_dir}/")
    if out.removed:
        print(f"Retirés de ce dossier, car issus d'une autre exécution : "
              f"{', '.join(out.removed)}. Relancez « labsynth report {args.project} » pour "
              "refaire la page.")
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
    import pandas as pd

    from labsynth.export import write_table
    from labsynth.features import text_features
    from labsynth.ingest.tables import table_rows
    from labsynth.project import FileSettings
    from labsynth.themes import find_themes

    if not args.text_column:
        raise LabsynthError("LS304", "pour classer un tableau, indiquez la colonne du texte : "
                            f"labsynth themes {path} --text-column NOM -o sortie.csv")
    if not args.output:
        raise LabsynthError("LS305", "indiquez le fichier de sortie : -o sortie.csv")
    settings = FileSettings(text_column=args.text_column, id_column=args.id_column)
    header, rows, read = table_rows(path, path.name, settings)
    for column in (args.text_column, args.id_column):
        if column and column not in header:
            raise LabsynthError("LS306", f"colonne « {column} » absente de {path} ; colonnes : "
                                f"{', '.join(header)}.")
    text_at = header.index(args.text_column)
    id_at = header.index(args.id_column) if args.id_column else None
    records = []
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        text = cells[text_at] if text_at < len(cells) else ""
        row_id = cells[id_at].strip() if id_at is not None and id_at < len(cells) else ""
        records.append({"id": row_id or str(number), "text": text})
    for refusal in read.refusals:
        print(f"Attention : {refusal}", file=sys.stderr)
    table = pd.DataFrame(records, columns=["id", "text"])
    segments = pd.DataFrame({
        "segment_id": [f"{i:08d}" for i in range(len(table))], "doc_id": table["id"],
        "kind": "contribution", "speaker": None, "text": table["text"]})
    features = text_features(segments["text"].tolist(), progress=None)
    n_themes = _n_themes(args.n_themes) or "auto"
    themes = find_themes(segments, features, n_themes=n_themes,
                         seed=0 if args.seed is None else args.seed)
    labels = dict(zip(themes.themes["theme_id"], themes.themes["label"], strict=True))
    out = pd.DataFrame({"id": table["id"], "theme_id": themes.assignments["theme_id"],
                        "theme_label": themes.assignments["theme_id"].map(labels),
                        "score": themes.assignments["score"]})
    write_table(out, args.output)
    print(f"{_fmt(len(out))} lignes classées en {len(themes.themes) - 1} thèmes "
          f"(k = {themes.params['k']}) ; non classées : "
          f"{_fmt(int((out['theme_id'] == 'T00').sum()))}. Écrit : {args.output}")
    for row in themes.themes.itertuples():
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
    print(f"Classeur : {result.workbook}")
    print(f"Carnet exécuté : {result.notebook}")
    print(f"Tous les fichiers de {result.folder}/ portent l'identifiant {result.run_id} "
          "(liste dans run.json).")


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
    print(f"{_fmt(sum(counts.values()))} remplacements dans {_fmt(len(corpus.segments))} "
          f"segments ; {_fmt(len(pseudo.speakers))} locuteur·rices pseudonymisé·es ; "
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
        print(f"  {h.name} ({', '.join(h.labels)}) : {h.n_turns} tours dans "
              f"{len(h.files)} entretien(s), {_pct(h.question_share)} se terminent par une "
              f"question, {1 / max(h.length_ratio, 1e-9):.0f} fois plus courts que ceux des "
              "autres.")
    declared = list(corpus.project.spec.interviewers)
    names = ", ".join(dict.fromkeys([*declared, *(h.name for h in hints)]))
    print(f"  Si c'est bien le cas, écrivez dans {corpus.project.root / 'project.yml'} :\n"
          f"    interviewers: [{names}]\n  puis relancez « labsynth {command} ».")
    return True


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
    writers = {".csv", ".parquet", ".xlsx"}
    if output.suffix.lower() not in writers:
        raise LabsynthError("LS301", f"format de sortie « {output.suffix or output.name} » non "
                            "pris en charge ; choisissez un fichier .csv, .parquet ou .xlsx.")
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


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``labsynth`` command; returns the exit code."""
    args = _build_parser().parse_args(argv)
    commands = {"init": _cmd_init, "check": _cmd_check, "ingest": _cmd_ingest,
                "annotate": _cmd_annotate, "themes": _cmd_themes, "report": _cmd_report,
                "anonymise": _cmd_anonymise,
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
