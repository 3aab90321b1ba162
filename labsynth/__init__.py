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

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Names are imported on first use (PEP 562), so that `import labsynth.project` or the
# command line does not pay for scikit-learn, spaCy and pandas when it does not need them.
_WHERE = {
    "AnnotationCache": "cache", "project_cache": "cache",
    "ThemeRun": "codebook", "load_codebook": "codebook", "project_themes": "codebook",
    "Corpus": "corpus", "ingest": "corpus", "read_corpus": "corpus",
    "CorpusError": "errors", "LabsynthError": "errors", "ModelNotInstalledError": "errors",
    "ProjectError": "errors", "ReportError": "errors",
    "Features": "features", "text_features": "features", "annotate": "nlp",
    "Project": "project", "init_project": "project", "load_project": "project",
    "Seed": "themes", "Themes": "themes", "find_themes": "themes",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"labsynth.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'labsynth' has no attribute {name!r}")


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
