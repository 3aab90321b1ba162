#!/usr/bin/env python3
"""Assemble dev.jsonl and test.jsonl from part A (build_part_a.py) and
part B (source/part_b.txt).  Standard library only, deterministic.

    python3 build_part_a.py && python3 build_all.py && python3 gold_check.py
"""
import json
import os
import random
import sys

from collections import Counter

from gold_check import iban_valid, nir_valid, parse_markup

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = "labsynth-gold-independent-B"

# Documents that name the same people (a contribution answering another, a
# participant thanked in a later contribution...): kept on the same side so
# that a name seen in dev is not a free hit in test.
SAME_SIDE = [["IE01", "IC46"], ["IE03", "IC13"], ["IE05", "IC20"], ["IE06", "IC38"],
             ["IC05", "IC06"], ["IC25", "IC45"]]


def read_part_b():
    path = os.path.join(HERE, "source", "part_b.txt")
    docs, cur_doc, cur = [], None, None

    def flush():
        if cur is not None:
            while cur["lines"] and not cur["lines"][-1].strip():
                cur["lines"].pop()
            cur_doc["recs"].append({
                "doc": cur_doc["doc"], "kind": cur_doc["kind"],
                "speaker": cur["speaker"], "role": cur["role"],
                "text": "\n".join(cur["lines"]),
            })

    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            if line.startswith("%%"):
                continue
            if line.startswith("=== "):
                flush()
                cur = None
                doc, kind = line[4:].split()
                cur_doc = {"doc": doc, "kind": kind, "recs": []}
                docs.append(cur_doc)
            elif line.startswith("@ ") or line == "@":
                flush()
                who, _, role = line[1:].partition("|")
                who, role = who.strip(), role.strip()
                cur = {"speaker": None if who == "-" else who,
                       "role": None if role in ("-", "") else role, "lines": []}
            elif cur is not None:
                cur["lines"].append(line)
            elif line.strip():
                sys.exit(f"part_b.txt: text outside a record: {line!r}")
    flush()
    return docs


def profile(doc):
    """Counts used to balance the split: entities by kind, deliberately
    invalid NIR/IBAN, and one unit for the kind of document."""
    c = Counter({"doc:" + doc["kind"]: 1})
    for r in doc["recs"]:
        for s in parse_markup(r["text"])[1]:
            c[s.kind] += 1
            if s.kind == "NIR" and not nir_valid(s.text):
                c["NIR invalide"] += 1
            if s.kind == "IBAN" and not iban_valid(s.text):
                c["IBAN invalide"] += 1
    return c


def main():
    # ---- part A
    a_recs = []
    with open(os.path.join(HERE, "build", "part_a.jsonl"), encoding="utf-8") as f:
        for line in f:
            a_recs.append(json.loads(line))
    out = {"dev": [], "test": []}
    for r in a_recs:
        side = r.pop("_split")
        r.pop("_src")
        out[side].append(r)

    # ---- part B: whole documents.  Largest first (seeded tie-break), each
    # goes to the side that keeps every kind (and the kind of document, and
    # the deliberately invalid NIR/IBAN) closest to a 50/50 split.
    docs = read_part_b()
    units = []  # lists of documents that must stay on the same side
    grouped = {d for g in SAME_SIDE for d in g}
    by_id = {d["doc"]: d for d in docs}
    for g in SAME_SIDE:
        units.append([by_id[x] for x in g])
    units += [[d] for d in docs if d["doc"] not in grouped]
    rnd = random.Random(SEED)
    tie = [rnd.random() for _ in units]
    vec = [sum((profile(d) for d in u), Counter()) for u in units]
    keys = sorted({k for v in vec for k in v})
    total = {k: sum(v[k] for v in vec) for k in keys}
    acc = {"dev": dict.fromkeys(keys, 0), "test": dict.fromkeys(keys, 0)}
    for i in sorted(range(len(units)), key=lambda i: (-sum(vec[i].values()), tie[i])):
        v = vec[i]

        def cost(side):
            other = "test" if side == "dev" else "dev"
            return sum(abs(acc[side][k] + v[k] - acc[other][k]) / total[k] for k in keys)

        side = "dev" if cost("dev") <= cost("test") else "test"
        for d in units[i]:
            d["split"] = side
        for k in keys:
            acc[side][k] += v[k]
    for d in docs:  # keep the authoring order inside each file
        out[d["split"]].extend(d["recs"])

    for side in ("dev", "test"):
        with open(os.path.join(HERE, f"{side}.jsonl"), "w", encoding="utf-8") as f:
            for r in out[side]:
                f.write(json.dumps({k: r[k] for k in ("doc", "kind", "speaker", "role", "text")},
                                   ensure_ascii=False) + "\n")
    split_b = {d["doc"]: d["split"] for d in docs}
    with open(os.path.join(HERE, "build", "part_b_split.json"), "w", encoding="utf-8") as f:
        json.dump(split_b, f, ensure_ascii=False, indent=1, sort_keys=True)
    print({s: len(v) for s, v in out.items()})


if __name__ == "__main__":
    main()
