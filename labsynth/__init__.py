"""labsynth: from field material to themes, locally, in French first.

The public API::

    import labsynth as ls
    project = ls.load_project("corpora/demo")
    corpus = ls.read_corpus(project)   # documents, segments, refusals, inventory
    segments = ls.ingest(project)      # the segments table alone
"""

from labsynth.corpus import Corpus, ingest, read_corpus
from labsynth.errors import (
    CorpusError,
    LabsynthError,
    ModelNotInstalledError,
    ProjectError,
    ReportError,
)
from labsynth.project import Project, init_project, load_project

__version__ = "0.1.0"

__all__ = [
    "Corpus",
    "CorpusError",
    "LabsynthError",
    "ModelNotInstalledError",
    "Project",
    "ProjectError",
    "ReportError",
    "__version__",
    "ingest",
    "init_project",
    "load_project",
    "read_corpus",
]
