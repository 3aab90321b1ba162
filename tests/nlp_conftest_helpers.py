"""Helpers shared by the tests of the French NLP layer (nlp, features, cache, stopwords)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from labsynth.nlp import Annotation

from .conftest import ROOT

LABSYNTH = Path(sys.executable).parent / "labsynth"
DEMO_CSV = ROOT / "corpora" / "demo" / "raw" / "contributions" / "consultation_jeunes_2025.csv"
_NO_SPACE_BEFORE = {".", ",", ")", "…", "!", "?", ":", ";"}


def mk(*tokens: tuple[str, str, str]) -> Annotation:
    """An Annotation from ``(word, lemma, pos)`` triples; spaces as French text would have
    them (none before final punctuation, none after an elided article such as ``l'``)."""
    words = [w for w, _, _ in tokens]
    spaces = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        spaces.append(not last and not word.endswith("'") and words[i + 1] not in _NO_SPACE_BEFORE)
    return Annotation(words, [lemma for _, lemma, _ in tokens], [p for _, _, p in tokens],
                      spaces)


def fast(text: str) -> Annotation:
    """A fast-mode-like Annotation (no POS) of a space-separated text; lemma = lower form."""
    words = text.split()
    return Annotation(words, [w.lower() for w in words], [""] * len(words),
                      [True] * (len(words) - 1) + [False] * bool(words))


def demo_contributions(n: int | None = None) -> list[str]:
    """Distinct contributions of the demo consultation (realistic French texts)."""
    table = pd.read_csv(DEMO_CSV, sep=";", encoding="cp1252", dtype=str)
    texts = list(dict.fromkeys(t.strip() for t in table["Contribution"].dropna() if t.strip()))
    return texts if n is None else texts[:n]


def copy_demo(tmp_path: Path) -> Path:
    """A copy of corpora/demo under ``tmp_path/corpora``, without any existing cache."""
    corpora = tmp_path / "corpora"
    corpora.mkdir(exist_ok=True)
    shutil.copytree(ROOT / "corpora" / "demo", corpora / "demo",
                    ignore=shutil.ignore_patterns(".labsynth-cache"))
    return corpora / "demo"


def run_cli(*args: str, cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    """Run the installed ``labsynth`` entry point."""
    assert LABSYNTH.exists(), "installez labsynth (pip install -e .) pour tester la commande"
    return subprocess.run([str(LABSYNTH), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


class RunSpy:
    """Wraps ``labsynth.nlp._run`` to record the texts spaCy is asked to annotate."""

    def __init__(self, original, fail: bool = False) -> None:
        self.original = original
        self.fail = fail
        self.texts: list[str] = []
        self.calls = 0

    def __call__(self, model, mode, texts, batch_size):
        if self.fail:
            raise AssertionError(f"spaCy was asked to annotate {list(texts)!r}")
        self.calls += 1
        self.texts.extend(texts)
        return self.original(model, mode, texts, batch_size)
