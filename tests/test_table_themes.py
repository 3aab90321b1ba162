"""Plain-table mode (`labsynth themes export.csv --text-column …`): order-independent,
cached in the user's cache, names blanked (slow)."""

from __future__ import annotations

import csv
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from .conftest import DATA, ROOT

pytestmark = pytest.mark.slow
LABSYNTH = Path(sys.executable).parent / "labsynth"


def _texts() -> list[str]:
    """Real-looking French answers: the contributions of the demo and of the
    designer-week fixture, each varied a few times (distinct texts)."""
    texts = []
    for path, encoding in ((ROOT / "corpora/demo/raw/contributions/consultation_jeunes_2025.csv",
                            "cp1252"),
                           (DATA / "designer_week/raw/contributions/consultation.csv",
                            "cp1252")):
        rows = csv.DictReader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=";")
        texts += [r["Contribution"] for r in rows if r["Contribution"].strip()]
    endings = ["", " Merci.", " Voilà mon avis.", " C'est urgent."]
    return [t + e for e in endings for t in texts]


def _write(path: Path, rows: list[tuple[str, str]], with_id: bool) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "texte"] if with_id else ["texte", "commune"])
        for row_id, text in rows:
            writer.writerow([row_id, text] if with_id else [text, "Rodez"])


def _run(table: Path, out: Path, env: dict, with_id: bool) -> tuple[pd.DataFrame, float]:
    args = [str(LABSYNTH), "themes", str(table), "--text-column", "texte", "-o", str(out)]
    if with_id:
        args += ["--id-column", "id"]
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    return pd.read_csv(out, dtype=str, keep_default_na=False), seconds


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    # a fresh user cache, but numba's compiled code from the usual place (compiling it is
    # not what this test measures)
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache")),
            "NUMBA_CACHE_DIR": str(Path(home) / "labsynth" / "numba")}


@pytest.mark.parametrize("with_id", [True, False])
def test_a_shuffled_table_gives_the_same_themes(tmp_path, env, with_id):
    texts = _texts()
    rows = [(f"C{i:04d}", t) for i, t in enumerate(texts)]
    _write(tmp_path / "a.csv", rows, with_id)
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    _write(tmp_path / "b.csv", shuffled, with_id)
    first, cold = _run(tmp_path / "a.csv", tmp_path / "a_out.csv", env, with_id)
    second, warm = _run(tmp_path / "b.csv", tmp_path / "b_out.csv", env, with_id)
    key = "id" if with_id else "text"
    if not with_id:  # rows are known by their row number: compare by text
        first[key] = [t for _, t in rows]
        second[key] = [t for _, t in shuffled]
    a = first.set_index(key).sort_index()
    b = second.set_index(key).sort_index()
    pd.testing.assert_frame_equal(a[["theme_id", "theme_label", "score"]],
                                  b[["theme_id", "theme_label", "score"]])
    if with_id:
        assert cold >= 10 * warm, (cold, warm)  # the second run reads everything cached


def test_names_never_become_labels(tmp_path, env):
    texts = _texts()[:300]
    named = [f"{t} Merci à Mme Garcia-Lefèvre et à Josiane Pradalié." for t in texts]
    _write(tmp_path / "n.csv", [(f"N{i}", t) for i, t in enumerate(named)], True)
    out, _ = _run(tmp_path / "n.csv", tmp_path / "n_out.csv", env, True)
    labels = " ".join(out["theme_label"]).lower()
    assert "garcia" not in labels and "pradalié" not in labels and "josiane" not in labels
