"""What fast mode (lookup lemmas, no POS) costs in theme quality.

On ../shared/data/granddebat_dev.csv: features from the full pipeline and from fast mode
(each annotated into a fresh cache), then the same ``find_themes(seed=0)`` with k=4 and
"auto"; NMI and ARI against ``label``, share unclassified, annotation and theme seconds.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from labsynth.cache import AnnotationCache
from labsynth.features import text_features
from labsynth.project import NLPSpec
from labsynth.themes import UNCLASSIFIED, find_themes

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "granddebat_dev.csv"


def main() -> int:
    if not SHARED.is_file():
        print(f"données absentes : {SHARED} (benchmark sauté)")
        return 0
    data = pd.read_csv(SHARED, dtype=str, keep_default_na=False)
    segments = pd.DataFrame({"segment_id": data["id"], "doc_id": data["id"],
                             "kind": "contribution", "speaker": None, "text": data["text"]})
    print(f"{len(data):,} answers; labels: {data['label'].nunique()} themes")
    print(f"{'mode':<6} {'k asked':>8} {'k':>3} {'NMI':>6} {'ARI':>6} {'uncl.':>6} "
          f"{'annot. s':>9} {'themes s':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("full", "fast"):
            with AnnotationCache(Path(tmp) / f"{mode}.sqlite") as cache:
                start = time.perf_counter()
                features = text_features(data["text"].tolist(), NLPSpec(mode=mode), cache,
                                         progress=False)
                annotation = time.perf_counter() - start
            for k in (4, "auto"):
                start = time.perf_counter()
                themes = find_themes(segments, features, n_themes=k, seed=0)
                seconds = time.perf_counter() - start
                labels = themes.assignments["theme_id"]
                print(f"{mode:<6} {k!s:>8} {themes.params['k']:>3} "
                      f"{normalized_mutual_info_score(data['label'], labels):>6.3f} "
                      f"{adjusted_rand_score(data['label'], labels):>6.3f} "
                      f"{(labels == UNCLASSIFIED).mean():>6.1%} {annotation:>9.1f} "
                      f"{seconds:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
