"""labsynth: from field material to themes, locally, in French first.

The public API::

    import labsynth as ls
    project = ls.load_project("corpora/demo")
    corpus = ls.read_corpus(project)   # documents, segments, refusals, inventory
    segments = ls.ingest(project)      # the segments table alone
    with ls.project_cache(project) as cache:
        features = ls.text_features(corpus.for_analysis()["text"], project.spec.nlp, cache)
    run = ls.project_themes(project)   # themes with stable ids, codebook applied
    run.themes.table()                 # one row per theme
    run.themes.quotes("T03", n=5)      # verbatim, with provenance
"""

from labsynth.cache import AnnotationCache, project_cache
from labsynth.codebook import ThemeRun, load_codebook, project_themes
from labsynth.corpus import Corpus, ingest, read_corpus
from labsynth.errors import (
    CorpusError,
    LabsynthError,
    ModelNotInstalledError,
    ProjectError,
    ReportError,
)
from labsynth.features import Features, text_features
from labsynth.nlp import annotate
from labsynth.project import Project, init_project, load_project
from labsynth.themes import Seed, Themes, find_themes

__version__ = "0.1.0"

__all__ = [
    "AnnotationCache",
    "Corpus",
    "CorpusError",
    "Features",
    "LabsynthError",
    "ModelNotInstalledError",
    "Project",
    "ProjectError",
    "ReportError",
    "Seed",
    "ThemeRun",
    "Themes",
    "__version__",
    "annotate",
    "find_themes",
    "ingest",
    "init_project",
    "load_codebook",
    "load_project",
    "project_cache",
    "project_themes",
    "read_corpus",
    "text_features",
]
