"""labsynth: from field material to themes, locally, in French first.

The public API::

    import labsynth as ls
    project = ls.load_project("corpora/demo")
    corpus = ls.read_corpus(project)   # documents, segments, refusals, inventory
    segments = ls.ingest(project)      # the segments table alone
    with ls.project_cache(project) as cache:
        features = ls.text_features(corpus.for_analysis()["text"], project.spec.nlp, cache)
"""

from labsynth.cache import AnnotationCache, project_cache
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
    "__version__",
    "annotate",
    "ingest",
    "init_project",
    "load_project",
    "project_cache",
    "read_corpus",
    "text_features",
]
