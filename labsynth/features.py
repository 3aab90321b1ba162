"""From annotations to the words themes are built from.

Per text: lower-cased lemmas of content words (POS chosen by the project), minus stop
words (spaCy's French list, oral fillers, greetings, the project's own), with multi-word
discourse markers and politeness formulas (« au revoir », « bonne journée ») removed as
units, « personne » left out where it means *nobody*, compounds kept whole (« week-end »,
« Pass'Sport »), plus multi-word expressions that recur in the corpus (« transport en
commun », « santé mentale ») kept as single features. For every feature, the surface
form designers read is its most frequent spelling in the corpus.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from labsynth.nlp import Annotation, analyse, annotate, cache_namespace, cached_vectors
from labsynth.project import NLPSpec
from labsynth.stopwords import (
    GENERIC_WORDS,
    LIGHT_VERBS,
    ORAL_FILLERS,
    ORAL_MARKERS,
    POLITENESS_FORMULAS,
    POLITENESS_WORDS,
    SMS_FORMS,
    normalise_apostrophes,
    spacy_stop_words,
)

__all__ = [
    "Features",
    "extract_features",
    "features_and_vectors",
    "join_hyphenated",
    "text_features",
]

_LINKS = {"de", "en", "à", "d'", "du", "des", "au", "aux", "pour"}
_ARTICLES = {"le", "la", "l'", "les"}
_NOUNS = {"NOUN", "PROPN"}
_SENTENCE_ENDS = {".", "!", "?", "…", ":", "«", "-", "—", "–", "\n", '"'}


@dataclass
class Features:
    """Features of each text, and how to show them.

    Attributes
    ----------
    tokens : list of list of str
        Per text, its features in order (lemmas and kept phrases).
    surface : dict
        Feature -> its most frequent written form in the corpus.
    document_frequency : Counter
        Feature -> number of texts containing it.
    phrases : list of str
        The multi-word features kept (recurring in at least ``min_phrase_count`` texts).
    pos : dict
        Feature -> its most frequent part of speech (a phrase: ``"PHRASE"``); empty in
        fast mode.
    """

    tokens: list[list[str]]
    surface: dict[str, str]
    document_frequency: Counter = field(default_factory=Counter)
    phrases: list[str] = field(default_factory=list)
    pos: dict[str, str] = field(default_factory=dict)

    def readable(self, feature: str) -> str:
        """The word a designer reads for a feature."""
        return self.surface.get(feature, feature)


def _marker_sequences(markers: Sequence[Annotation]) -> dict[str, list[tuple[str, ...]]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for marker in map(join_hyphenated, markers):  # read like the texts
        seq = tuple(w.lower() for w in marker.words)
        if seq:
            by_first.setdefault(seq[0], []).append(seq)
    for options in by_first.values():
        options.sort(key=len, reverse=True)
    return by_first


def _removed(lower: list[str], markers: dict[str, list[tuple[str, ...]]]) -> list[bool]:
    """Tokens inside a marker (the longest one starting at a token, markers not
    overlapping: after a marker the search goes on past its end)."""
    removed = [False] * len(lower)
    after = 0  # end of the last marker found
    for i in [i for i, word in enumerate(lower) if word in markers]:
        if i < after:
            continue
        for seq in markers[lower[i]]:
            if tuple(lower[i:i + len(seq)]) == seq:
                removed[i:i + len(seq)] = [True] * len(seq)
                after = i + len(seq)
                break
    return removed


#: pronoun uses of nouns: « personne ne m'écoute » (nobody), « rien ne change »
_NEGATED = {"personne", "rien"}
_NEGATIONS = {"ne", "n'"}
#: words before « personne » that make it the noun (« une personne », « la seule
#: personne »), for fast mode, which has no POS
_BEFORE_NOUN = frozenset("""
un une la le l' les cette ce chaque aucune aucun quelle ma ta sa mon ton son notre votre
leur toute seule autre même bonne vraie tierce grande jeune première dernière
""".split())
_NOUN_POS = {"DET", "ADJ", "NUM"}
#: words after « personne » that make it the noun (« personne âgée »), in fast mode
_AFTER_NOUN = frozenset("""
âgée âgé handicapée handicapé ressource référente référent isolée isolé vulnérable
physique morale concernée extérieure qualifiée
""".split())


def _nobody(a: Annotation, i: int) -> bool:
    """Whether « personne » at ``i`` is the pronoun *nobody*, as spoken French says it
    without « ne » (« personne m'aide », « y a personne le soir »): the singular word
    with no determiner or adjective before it and no adjective after it (« une personne
    âgée », « la personne du CIO » are the noun). fr_core_news_sm tags the pronoun a noun
    or an adjective (lemma « personn »), never PRON, and the parser is not run."""
    if a.words[i].lower() != "personne":
        return False
    if i > 0 and (a.pos[i - 1] in _NOUN_POS or a.words[i - 1].lower() in _BEFORE_NOUN):
        return False
    return not (i + 1 < len(a.words) and (a.pos[i + 1] == "ADJ"
                                          or a.words[i + 1].lower() in _AFTER_NOUN))


def _apostrophe_compound(word: str) -> bool:
    """Whether a token ending in an apostrophe is the first part of a compound
    (« Pass'Sport », « prud'hommes ») rather than an elided word (« l' », « qu' »,
    « jusqu' », « j' »): two letters or more before the apostrophe, not ending in
    « qu »."""
    stem = word[:-1].lower()
    return (word.endswith("'") and len(stem) >= 2 and stem.isalpha()
            and not stem.endswith("qu"))


def join_hyphenated(a: Annotation) -> Annotation:
    """One token for a hyphenated compound that spaCy's French tokenizer cuts in three
    (« week », « - », « end » -> « week-end »; « city-stade »), and for a compound
    written with an apostrophe that it cuts in two as if elided (« Pass' », « Sport » ->
    « Pass'Sport »): its lemma is the parts' lemmas joined (the word itself for an
    apostrophe compound, which is a name), its POS a noun when one part is. Words it
    keeps whole (« peut-être », « Saint-Gaudens », « aujourd'hui ») are left as they
    are."""
    if "-" not in a.words and not any(_apostrophe_compound(w) for w in a.words):
        return a  # nothing to join (most texts): the annotation itself
    words, lemmas, pos, spaces = [], [], [], []
    i, n = 0, len(a.words)
    while i < n:
        j = i
        while (j + 2 < n and a.words[j + 1] == "-" and not a.spaces[j]
               and not a.spaces[j + 1] and a.words[j][-1:].isalpha()
               and a.words[j + 2][:1].isalpha()):
            j += 2
        if j == i and i + 1 < n and not a.spaces[i] and _apostrophe_compound(a.words[i]) \
                and a.words[i + 1][:1].isalpha():
            words.append(a.words[i] + a.words[i + 1])
            lemmas.append((a.words[i] + a.words[i + 1]).lower())
            tags = [a.pos[i], a.pos[i + 1]]
            pos.append("PROPN" if "PROPN" in tags else "NOUN" if "NOUN" in tags
                       else tags[-1])
            spaces.append(a.spaces[i + 1])
            i += 2
            continue
        if j == i:
            words.append(a.words[i])
            lemmas.append(a.lemmas[i])
            pos.append(a.pos[i])
            spaces.append(a.spaces[i])
            i += 1
            continue
        parts = range(i, j + 1, 2)
        words.append("-".join(a.words[k] for k in parts))
        lemmas.append("-".join(a.lemmas[k] for k in parts))
        tags = [a.pos[k] for k in parts]
        pos.append("NOUN" if "NOUN" in tags else tags[-1])
        spaces.append(a.spaces[j])
        i = j + 1
    return Annotation(words, lemmas, pos, spaces)


def _is_word(lemma: str) -> bool:
    return len(lemma) >= 2 and any(c.isalpha() for c in lemma)


def _surface(words: list[str], spaces: list[bool], start: int, end: int) -> str:
    """The words ``start:end`` as written, with their spaces (none after the last)."""
    if end <= start:
        return ""
    return "".join([w + " " if s else w for w, s in zip(words[start:end - 1],
                                                         spaces[start:end - 1],
                                                         strict=True)]) + words[end - 1]


def _phrase_form(a: Annotation, start: int, end: int) -> tuple[str, bool]:
    """How a phrase is written at ``start:end``, and whether it opens a sentence (its
    capital then says nothing: lower-cased, unless it is a proper noun)."""
    text = _surface(a.words, a.spaces, start, end)
    initial = start == 0 or a.words[start - 1] in _SENTENCE_ENDS
    if initial and a.pos[start] != "PROPN":
        text = text[0].lower() + text[1:]
    return text, initial


def _most_frequent(forms: Counter) -> str:
    """The most frequent spelling, counting sentence-initial occurrences (whose capital
    says nothing) only when the word never occurs elsewhere; ties broken alphabetically."""
    inner = [(w, n) for (w, initial), n in forms.items() if not initial]
    pool = inner or [(w, n) for (w, _), n in forms.items()]
    return min(pool, key=lambda kv: (-kv[1], kv[0]))[0]


def _candidates(a: Annotation, content: list[bool], removed: list[bool],
                fast: bool) -> Iterable[tuple[int, int]]:
    """Spans (start, end) of phrase candidates: N A, N N, A N, N de (le) N/V."""
    n = len(a.lemmas)
    for i in range(n - 1):
        if not content[i]:
            continue
        left = a.pos[i]
        if content[i + 1] and (fast or (left in _NOUNS and a.pos[i + 1] in {"ADJ", *_NOUNS})
                               or (left == "ADJ" and a.pos[i + 1] in _NOUNS)):
            yield i, i + 2
        if fast or left in _NOUNS:
            j = i + 1
            if j < n and not removed[j] and a.words[j].lower() in _LINKS:
                j += 1
                if j < n and a.words[j].lower() in _ARTICLES and not removed[j]:
                    j += 1
                if j < n and content[j] and (fast or a.pos[j] in {"VERB", *_NOUNS}):
                    yield i, j + 1


def extract_features(
    annotations: Sequence[Annotation],
    *,
    pos: Iterable[str] = ("NOUN", "PROPN", "ADJ", "VERB"),
    stop_words: Iterable[str] = (),
    markers: Sequence[Annotation] = (),
    phrases: bool = True,
    min_phrase_count: int = 3,
    fast: bool = False,
) -> Features:
    """Compute features from annotations (pure function: no spaCy, no I/O).

    Parameters
    ----------
    annotations : sequence of Annotation
        One per text.
    pos : iterable of str
        Universal POS tags of content words (ignored in fast mode, which has no POS:
        every non-stop word counts).
    stop_words : iterable of str
        The project's own single-word stop words (lemmas or forms, any case).
    markers : sequence of Annotation
        Multi-word markers to remove as units, annotated like the texts.
    phrases : bool
        Keep recurring multi-word expressions as features.
    min_phrase_count : int
        Texts an expression must appear in to be kept.
    fast : bool
        Annotations come from fast mode (no POS).
    """
    pos = set(pos)
    stop = (set(spacy_stop_words()) | ORAL_FILLERS | SMS_FORMS | LIGHT_VERBS | GENERIC_WORDS
            | POLITENESS_WORDS)
    stop |= {normalise_apostrophes(w).lower() for w in stop_words}
    marker_index = _marker_sequences(markers)
    unigrams: list[list[str]] = []
    spans: list[tuple[Annotation, list[tuple[str, int, int]]]] = []
    surfaces: defaultdict[str, Counter] = defaultdict(Counter)
    tags: defaultdict[str, Counter] = defaultdict(Counter)
    word_like: dict[str, bool] = {}  # _is_word of each lemma, computed once
    for a in map(join_hyphenated, annotations):
        lower = [w.lower() for w in a.words]
        removed = _removed(lower, marker_index)
        content = []
        for i, lemma in enumerate(a.lemmas):
            keep = not removed[i] and lemma not in stop and lower[i] not in stop \
                and (fast or a.pos[i] in pos)
            if keep:
                word = word_like.get(lemma)
                if word is None:
                    word = word_like[lemma] = _is_word(lemma)
                keep = word and not (lemma in _NEGATED and i + 1 < len(lower)
                                     and lower[i + 1] in _NEGATIONS) and not _nobody(a, i)
            content.append(keep)
        feats = []
        for i, keep in enumerate(content):
            if keep:
                feats.append(a.lemmas[i])
                tags[a.lemmas[i]][a.pos[i]] += 1
                # a capital at the start of a sentence says nothing of the word's spelling;
                # a verb reads as its infinitive, so « permis » (the licence) and
                # « permis » (of « permettre ») stay two keywords that look different
                initial = i == 0 or a.words[i - 1] in _SENTENCE_ENDS
                if a.pos[i] == "VERB":
                    word, initial = a.lemmas[i], False
                else:
                    word = a.words[i].lower() if initial and a.pos[i] != "PROPN" \
                        else a.words[i]
                surfaces[a.lemmas[i]][word, initial] += 1
        unigrams.append(feats)
        # phrase candidates as spans; the written form only of those kept, further down
        found = [(" ".join(a.lemmas[s:e]), s, e)
                 for s, e in _candidates(a, content, removed, fast)] if phrases else []
        spans.append((a, found))
    phrase_df = Counter(p for _, found in spans for p in {p for p, _, _ in found})
    kept = sorted(p for p, n in phrase_df.items() if n >= min_phrase_count)
    kept_set = set(kept)
    tokens = []
    for feats, (a, found) in zip(unigrams, spans, strict=True):
        extra = [p for p, _, _ in found if p in kept_set]
        for p, s, e in found:
            if p in kept_set:
                surfaces[p][_phrase_form(a, s, e)] += 1
        tokens.append(feats + extra)
    surface = {f: _most_frequent(c) for f, c in surfaces.items()}
    document_frequency = Counter(f for feats in tokens for f in set(feats))
    pos_of = {} if fast else {f: c.most_common(1)[0][0] for f, c in tags.items()}
    pos_of.update((p, "PHRASE") for p in kept)
    return Features(tokens, surface, document_frequency, kept, pos_of)


def text_features(texts: Sequence[str], spec: NLPSpec | None = None, cache=None,
                  **annotate_options) -> Features:
    """Annotate texts (with the cache) and extract their features, per ``project.yml``.

    Parameters
    ----------
    texts : sequence of str
    spec : NLPSpec, optional
        The project's ``nlp`` settings (defaults otherwise).
    cache : AnnotationCache, optional
    **annotate_options
        Passed to :func:`labsynth.nlp.annotate` (``n_process``, ``batch_size``,
        ``progress``, ``stats``).
    """
    return features_and_vectors(texts, spec, cache, embed=False, **annotate_options)[0]


def features_and_vectors(texts: Sequence[str], spec: NLPSpec | None = None, cache=None,
                         *, embed: bool = True, **annotate_options):
    """:func:`text_features` and, in the same pass, the texts' sentence vectors
    (:func:`labsynth.nlp.analyse`; ``None`` without ``embed``).

    With a cache, the features of the whole list of texts are kept there too, keyed by
    the texts, the settings, the language model and the extraction's own code
    (:func:`_features_key`): a warm run reads them and the vectors, without decoding
    every annotation again. Asking for ``stats`` (what the annotation did) always
    annotates.
    """
    spec = spec or NLPSpec()
    texts = list(texts)
    key = _features_key(texts, spec) if cache is not None and "stats" not in \
        annotate_options else None
    if key is not None:
        blob = cache.get_many(FEATURES_NAMESPACE, [key]).get(key)
        features = _decode_features(blob) if blob is not None else None
        vectors = cached_vectors(texts, cache) if embed and features is not None else None
        if features is not None and (vectors is not None or not embed):
            return features, vectors
    multiword = [w for w in spec.stop_words if " " in w.strip()]
    single = [w for w in spec.stop_words if " " not in w.strip()]
    markers = annotate([*ORAL_MARKERS, *POLITENESS_FORMULAS, *multiword], model=spec.model,
                       mode=spec.mode, cache=cache, progress=False)
    annotations, vectors = analyse(list(texts), model=spec.model, mode=spec.mode,
                                   embed=embed, cache=cache, **annotate_options)
    features = extract_features(
        annotations, pos=spec.pos, stop_words=single, markers=markers,
        phrases=spec.phrases, min_phrase_count=spec.min_phrase_count,
        fast=spec.mode == "fast")
    if key is not None:
        cache.put_many(FEATURES_NAMESPACE, [(key, _encode_features(features))])
    return features, vectors


#: the cache partition of whole feature sets (:func:`features_and_vectors`)
FEATURES_NAMESPACE = "features/v1"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The extraction's rules: this module, the stop-word lists and spaCy's version (its
    French stop words). Part of the key, so that a changed rule is never answered from
    the features an older labsynth kept in the cache."""
    from labsynth import stopwords

    digest = hashlib.blake2b(digest_size=16)
    for module in (sys.modules[__name__], stopwords):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(importlib.metadata.version("spacy").encode())
    return digest.hexdigest()


def _features_key(texts: Sequence[str], spec: NLPSpec) -> str:
    """What the features of ``texts`` depend on: the texts in order, the ``nlp``
    settings, the language model's cache partition (name, version, mode) and the code."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(json.dumps([spec.model_dump(mode="json"),
                              cache_namespace(spec.model, spec.mode), _code_digest()],
                             sort_keys=True).encode())
    for text in texts:
        encoded = text.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "little") + encoded)
    return digest.hexdigest()


def _encode_features(features: Features) -> bytes:
    return json.dumps({"tokens": features.tokens, "surface": features.surface,
                       "document_frequency": features.document_frequency,
                       "phrases": features.phrases, "pos": features.pos},
                      ensure_ascii=False, separators=(",", ":")).encode()


def _decode_features(blob: bytes) -> Features | None:
    try:
        data = json.loads(blob)
        return Features(data["tokens"], data["surface"], Counter(data["document_frequency"]),
                        data["phrases"], data["pos"])
    except (ValueError, KeyError, TypeError):  # a damaged entry: computed again
        return None
