#!/usr/bin/env python3
"""Build ``extra.jsonl``: a second *tuning* set of old French press, from the same
corpus and by the same rules as part A of the independent set, on files that set
does not use.

Why: the independent set's dev split is nearly saturated (a handful of misses left), so
it no longer tells a rule that generalises from one that does not; its test split must
not be looked at. Part A of that set drew 13 files of the Europeana Newspapers French NER
corpus (``eunews_fr.bio/*.H.*.tag``, commit efcf30cefde90165013ad4aaab02d1a2132671a2,
CC0) in a seeded order; this set takes the next six files of that same order
(:data:`FILES`), so no text is shared with dev or test.

Differences with part A: the corpus labels are used **as published** (no hand
corrections: part A corrected 74 token labels over 13 files, so expect some noise, e.g.
an unlabelled « colonel Picquart », « Du Gaulois » labelled a person); everything else
(sentence cutting, quality filter, detokenisation, sampling of sentences without a
person, inline markup) is part A's code, imported from
``../independent/build_part_a.py``.

Inputs: ``source/<name>.compact``, a transcription of ``eunews_fr.bio/<name>`` (one
token per whitespace-separated item, ``|P`` = I-PERS, ``|L`` = I-LIEU, ``|G`` = I-ORG).
Standard library only; deterministic. Run: ``python3 build.py``.
"""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "independent"))

import build_part_a as a  # noqa: E402

#: the files after part A's 13 in part A's shuffled order (``a.h_files()[13:19]``)
FILES = ["xcz.H.a.tag", "axcy.H.jp.tag", "xea.H.io.tag", "axak.H.jp.tag",
         "axbn.H.jp.tag", "axag.H.a.tag"]


def main() -> None:
    assert a.h_files()[13:13 + len(FILES)] == FILES
    a.SRC = os.path.join(HERE, "source")
    rnd = random.Random(a.SEED + "-extra-sample")
    records, docno, n_per, n_lieu = [], 0, 0, 0
    for fname in FILES:
        toks = a.read_compact(fname)
        assert len(toks) == 1000, (fname, len(toks))
        labelled = a.apply_corrections(fname, toks, {})
        kept = []
        for idx in a.sentences(toks):
            if not a.quality(toks, idx)[0]:
                continue
            text, offs = a.detok([toks[i][0] for i in idx])
            kept.append((idx, text, a.spans(labelled, idx, offs)))
        with_per = [k for k in kept if any(s[0] == "PER" for s in k[2])]
        others = [k for k in kept if k not in with_per]
        n_other = min(len(others), (len(with_per) + 1) // 2)
        pick = {id(k) for k in rnd.sample(others, n_other)} if n_other else set()
        chosen = [k for k in kept if k in with_per or id(k) in pick]
        for c in range(0, len(chosen), 10):
            docno += 1
            for idx, text, sp in chosen[c:c + 10]:
                records.append({"doc": f"X{docno:03d}", "kind": "presse", "speaker": None,
                                "role": None, "text": a.markup(text, sp),
                                "_src": f"eunews_fr.bio/{fname}#tokens{idx[0]}-{idx[-1]}"})
                n_per += sum(s[0] == "PER" for s in sp)
                n_lieu += sum(s[0] == "LIEU" for s in sp)
    with open(os.path.join(HERE, "extra.jsonl"), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"extra: {len(records)} sentences, {docno} docs, PER={n_per}, LIEU={n_lieu}")


if __name__ == "__main__":
    main()
