#!/usr/bin/env python3
"""Build part A (presse) of the independent gold set from the Europeana
Newspapers French NER corpus (BnF part, CC0).

Standard library only.  Deterministic: running it twice gives the same bytes.

Inputs (all under source/europeana_fr/):
  <name>.compact   hand transcription of eunews_fr.bio/<name> (one token per
                   whitespace-separated item; suffix |P = I-PERS, |L = I-LIEU,
                   |G = I-ORG, no suffix = O).  `--expand` rewrites each file in
                   the original two-column form (<name>.tag) so that it can be
                   compared byte for byte with the repository file.
  corrections.tsv  reviewed label corrections (see README).

Output: build/part_a.jsonl (one record per sentence, doc ids P001...) and
build/part_a_split.json (file -> dev/test), consumed by build_all.py.

Usage: python3 build_part_a.py [--review] [--expand] [--raw]
  --review  print every kept sentence with token indices (used to write the
            corrections); --raw ignores corrections.tsv.
"""
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "source", "europeana_fr")
BUILD = os.path.join(HERE, "build")

# Files of eunews_fr.bio/ (commit efcf30cefde90165013ad4aaab02d1a2132671a2)
# whose name carries the "H" mark, sorted, minus the second annotation of
# axag, shuffled with random.Random("labsynth-gold-independent-A").shuffle.
# They were read in that order until part A held >= 250 PER mentions; this is
# that prefix of the shuffled list.
SHUFFLED_PREFIX = [
    "axar.H.a.tag", "axcr.H.jp.tag", "axdd.H.io.tag", "axcv.H.jp.tag",
    "axdk.H.a.tag", "axcu.H.jp.tag", "xcv.H.a.tag", "axde.H.io.tag",
    "axct.H.jp.tag", "axdh.H.a.tag", "axbp.H.jp.tag", "xcx.H.a.tag",
    "axaf.H.a.tag",
]

LABELS = {"P": "I-PERS", "L": "I-LIEU", "G": "I-ORG", "": "O"}
OURS = {"I-PERS": "PER", "I-LIEU": "LIEU", "I-ORG": "ORG", "O": "O"}

SEED = "labsynth-gold-independent-A"

# Token ranges left out after reading the review: OCR mixed two newspaper
# columns there (truncated words, unlabelled names), nothing usable.
EXCLUDE = {"xcv.H.a.tag": range(415, 1000)}


def h_files():
    a = "axaa axab axac axad axae axaf axag axaq axar axas axci axdg axdh axdk axdl axdm xcv xcx xcz".split()
    jp = "axag axai axak axbn axbo axbp axbr axbu axbx axcg axco axcp axcq axcr axct axcu axcv axcy xad xdb xdg".split()
    io = "axba axdd axde xea".split()
    files = [x + ".H.a.tag" for x in a] + [x + ".H.jp.tag" for x in jp if x != "axag"] + [x + ".H.io.tag" for x in io]
    files.sort()
    random.Random(SEED).shuffle(files)
    return files


def read_compact(name):
    with open(os.path.join(SRC, name + ".compact"), encoding="utf-8") as f:
        items = f.read().split()
    toks = []
    for it in items:
        m = re.match(r"^(.*)\|([PLG])$", it)
        if m and m.group(1):
            toks.append((m.group(1), LABELS[m.group(2)]))
        else:
            toks.append((it, "O"))
    return toks


def expand(name, toks):
    with open(os.path.join(SRC, name), "w", encoding="utf-8") as f:
        for t, l in toks:
            f.write(f"{t}\t{l}\n")


# ---------------------------------------------------------------- sentences
END = {".", "!", "?"}
HEADER_START = "==>"
HEADER_END = "<=="


ABBREV = {"M", "MM", "NI", "Ni", "IL", "hi", "Me", "Mme", "Mmes", "Mlle", "Dr",
          "St", "Ste", "art", "inf", "col", "colon", "fr", "Ir", "tr", "etc",
          "ex-mar", "mar", "log", "ex-sold", "Dép", "ART", "Anr", "Aar", "AAT", "Asr",
          "Ch", "Ed"}


def is_abbrev(tok):
    """Token before a full stop that does not end a sentence: civilities
    (incl. their OCR forms NI, IL, hi for M.), initials, abbreviations."""
    return tok in ABBREV or (len(tok) == 1 and tok.isupper())


LONG = 60


def starts_upper(tok):
    return bool(tok) and (tok[0].isupper() or tok[0] in "«\"(")


def sentences(toks):
    """Yield lists of token indices.  A sentence ends after . ! ? when the
    next token starts with a capital (or an opening quote/parenthesis), or
    at a header block of the extraction tool (dropped)."""
    out, cur, i, n = [], [], 0, len(toks)
    while i < n:
        t = toks[i][0]
        if t == HEADER_START:
            if cur:
                out.append(cur)
                cur = []
            while i < n and toks[i][0] != HEADER_END:
                i += 1
            i += 1
            continue
        cur.append(i)
        if t in END and not (i > 0 and is_abbrev(toks[i - 1][0])):
            # absorb following sentence-final punctuation (". ." etc.)
            while i + 1 < n and toks[i + 1][0] in END | {")", "»"}:
                i += 1
                cur.append(i)
            if i + 1 >= n or starts_upper(toks[i + 1][0]):
                out.append(cur)
                cur = []
        i += 1
    if cur:
        out.append(cur)
    # Long list-like segments (results, civil registers): cut after ";" and
    # after a full stop followed by a number.
    res = []
    for seg in out:
        if len(seg) <= LONG:
            res.append(seg)
            continue
        piece = []
        for k, i in enumerate(seg):
            piece.append(i)
            nxt = toks[seg[k + 1]][0] if k + 1 < len(seg) else ""
            if toks[i][0] == ";" or (toks[i][0] == "." and nxt[:1].isdigit()):
                res.append(piece)
                piece = []
        if piece:
            res.append(piece)
    return res


WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*['’-]?$|^-[a-zé]+(?:-[a-z]+)?$")
NUM = re.compile(r"^\d+(?:[.,]\d+)*$|^\d+(?:e|er|°|\*|»|«|·|o)$")
PUNCT = {".", ",", ";", ":", "!", "?", "(", ")", "«", "»", "\"", "'", "-", "--"}
ONE_LETTER_OK = {"a", "à", "y", "A", "M", "P", "G", "H", "L", "E", "J", "C"}


def bad_token(t):
    if t in PUNCT or NUM.match(t):
        return False
    if not WORD.match(t):
        return True
    if len(t) == 1 and t not in ONE_LETTER_OK:
        return True
    if t in {"Il", "NI", "il"}:
        return False
    # lower-case letters followed by a capital inside a word (OCR: "JouaulL")
    if re.search(r"[a-zà-ÿ][A-Z]", t):
        return True
    return False


def quality(toks, idx):
    words = [toks[i][0] for i in idx]
    n = len(words)
    if n < 6 or n > 110:
        return False, "length"
    bad = sum(bad_token(w) for w in words)
    if bad / n > 0.08:
        return False, "ocr"
    letters = [w for w in words if w[0].isalpha()]
    if letters and sum(w.isupper() and len(w) > 1 for w in letters) / len(letters) > 0.5:
        return False, "title"
    return True, ""


# ---------------------------------------------------------- detokenisation
CLITIC = re.compile(r"^-(?:t-)?(?:il|elle|on|ils|elles|je|tu|nous|vous|moi|toi|lui|le|la|les|ce|ci|là|y|en|même)$")
NO_SPACE_BEFORE = {",", ".", ")", "…"}
NO_SPACE_AFTER = {"("}


def detok(words):
    """Return (text, [(start, end)] per token)."""
    text, offs = "", []
    prev = None
    for w in words:
        if prev is None:
            sep = ""
        elif w in NO_SPACE_BEFORE or CLITIC.match(w):
            sep = ""
        elif prev in NO_SPACE_AFTER:
            sep = ""
        elif len(prev) > 1 and prev[-1] in "'’" and prev[0].isalpha():
            sep = ""  # elision: l' homme -> l'homme
        else:
            sep = " "
        text += sep
        offs.append((len(text), len(text) + len(w)))
        text += w
        prev = w
    return text, offs


# ------------------------------------------------------------- corrections
def load_corrections():
    path = os.path.join(SRC, "corrections.tsv")
    corr = {}
    if not os.path.exists(path):
        return corr
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 6:
                sys.exit(f"corrections.tsv:{ln}: need 6 tab-separated fields")
            fname, idx, tok, old, new, why = parts
            corr[(fname, int(idx))] = (tok, old, new, why)
    return corr


def apply_corrections(fname, toks, corr):
    """toks: list of (token, source label).  Returns list of (token, label,
    begin) where label in PER/LIEU/ORG/O and begin=True forces a new span."""
    out = []
    for i, (t, l) in enumerate(toks):
        lab, begin = OURS[l], False
        c = corr.get((fname, i))
        if c:
            tok, old, new, _ = c
            if tok != t or old != OURS[l]:
                sys.exit(f"correction mismatch {fname}:{i}: file has {t!r}/{OURS[l]}, table says {tok!r}/{old}")
            if new.startswith("B-"):
                lab, begin = new[2:], True
            else:
                lab = new
        out.append((t, lab, begin))
    return out


def spans(labelled, idx, offs):
    res, cur = [], None
    for k, i in enumerate(idx):
        t, lab, begin = labelled[i]
        if lab in ("PER", "LIEU") and cur and cur[0] == lab and not begin:
            cur[2] = offs[k][1]
        else:
            if cur:
                res.append(tuple(cur))
            cur = [lab, offs[k][0], offs[k][1]] if lab in ("PER", "LIEU") else None
    if cur:
        res.append(tuple(cur))
    return res


def markup(text, sp):
    out, pos = [], 0
    for kind, s, e in sp:
        out.append(text[pos:s])
        out.append(f"[[{kind}:{text[s:e]}]]")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def main():
    args = set(sys.argv[1:])
    assert h_files()[: len(SHUFFLED_PREFIX)] == SHUFFLED_PREFIX
    corr = {} if "--raw" in args else load_corrections()
    used = set()
    per_file = []
    for fname in SHUFFLED_PREFIX:
        toks = read_compact(fname)
        if "--expand" in args:
            expand(fname, toks)
        lab = apply_corrections(fname, toks, corr)
        used |= {k for k in corr if k[0] == fname}
        kept = []
        for idx in sentences(toks):
            if any(i in EXCLUDE.get(fname, ()) for i in idx):
                continue
            ok, why = quality(toks, idx)
            if not ok:
                continue
            text, offs = detok([toks[i][0] for i in idx])
            sp = spans(lab, idx, offs)
            kept.append((idx, text, sp))
        per_file.append((fname, kept))
    unused = set(corr) - used
    if unused:
        sys.exit(f"unused corrections: {sorted(unused)}")

    if "--review" in args:
        for fname, kept in per_file:
            print(f"##### {fname}")
            for idx, text, sp in kept:
                print(f"[{idx[0]}-{idx[-1]}] {markup(text, sp)}")
        return

    # Sampling: every kept sentence with a PER span, plus a seeded sample of
    # the others (half as many as PER sentences, per file), original order.
    rnd = random.Random(SEED + "-sample")
    chosen = []
    for fname, kept in per_file:
        with_per = [k for k in kept if any(s[0] == "PER" for s in k[2])]
        others = [k for k in kept if not any(s[0] == "PER" for s in k[2])]
        n_other = min(len(others), (len(with_per) + 1) // 2)
        pick = set(id(k) for k in rnd.sample(others, n_other)) if n_other else set()
        sel = [k for k in kept if k in with_per or id(k) in pick]
        chosen.append((fname, sel))

    # Split by source file: greedy balance of PER mentions, largest first.
    counts = {f: sum(1 for k in sel for s in k[2] if s[0] == "PER") for f, sel in chosen}
    order = sorted(counts, key=lambda f: (-counts[f], f))
    tot = {"dev": 0, "test": 0}
    split = {}
    for f in order:
        side = "dev" if tot["dev"] <= tot["test"] else "test"
        split[f] = side
        tot[side] += counts[f]

    os.makedirs(BUILD, exist_ok=True)
    recs, docno = [], 0
    for fname, sel in chosen:
        for c in range(0, len(sel), 10):
            docno += 1
            doc = f"P{docno:03d}"
            for idx, text, sp in sel[c : c + 10]:
                recs.append({
                    "doc": doc, "kind": "presse", "speaker": None, "role": None,
                    "text": markup(text, sp),
                    "_src": f"eunews_fr.bio/{fname}#tokens{idx[0]}-{idx[-1]}",
                    "_split": split[fname],
                })
    suffix = "_raw" if "--raw" in args else ""
    with open(os.path.join(BUILD, f"part_a{suffix}.jsonl"), "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(BUILD, f"part_a_split{suffix}.json"), "w", encoding="utf-8") as f:
        json.dump({"split": split, "per_mentions": counts}, f, ensure_ascii=False, indent=1, sort_keys=True)
    n_per = sum(counts.values())
    n_lieu = sum(1 for _, sel in chosen for k in sel for s in k[2] if s[0] == "LIEU")
    print(f"part A: {len(recs)} sentences, {docno} docs, PER={n_per}, LIEU={n_lieu}, split={tot}")


if __name__ == "__main__":
    main()
