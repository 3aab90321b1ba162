#!/usr/bin/env python3
"""Loader and self-check for the independent pseudonymisation gold set.

Standard library only; does not import anything from labsynth.

    python3 gold_check.py                 # checks dev.jsonl and test.jsonl next to this file
    python3 gold_check.py some.jsonl ...  # checks the given files

Exit code 0 when every invariant holds, 1 otherwise.

As a library:

    from gold_check import load, parse_markup
    recs = load("dev.jsonl")      # list of Record(doc, kind, speaker, role, text, spans, line)
    clean, spans = parse_markup("Appelez [[PER:Mme Durand]].")
    # spans: [Span(start=8, end=18, kind='PER', text='Mme Durand')], clean[start:end] == text
"""
import json
import os
import re
import sys
from collections import Counter, namedtuple

KINDS = ("PER", "EMAIL", "TEL", "ADRESSE", "NIR", "IBAN", "DATE_NAISSANCE", "LIEU")
REPLACE = KINDS[:-1]  # LIEU is kept, the others must be replaced

Span = namedtuple("Span", "start end kind text")
Record = namedtuple("Record", "doc kind speaker role text spans line")

# ARCEP numbers reserved for fiction (10 digits, national form).
FICTION_PREFIXES = ("019900", "026191", "035301", "046571", "053649", "063998")

# Structured values written wrong on purpose (still personal data, still
# annotated).  Key: normalised value.  gold_check fails if one of these turns
# out valid or if any other NIR/IBAN is invalid.
INTENDED_INVALID_NIR = {
    "288109915503437": "IE07 : clé fausse (« le dernier chiffre est faux »), la bonne est 31",
    "16304810405792": "IC27 : coquille, 14 chiffres au lieu de 15 (« et pas … comme j'ai écrit »)",
}
INTENDED_INVALID_IBAN = {
    "FR7663678408417809156133359": "IE06 : un chiffre mal tapé (4173 -> 4178), « IBAN invalide »",
    "FR7643125427173091222963846": "IC59 : deux derniers chiffres inversés (« au lieu de »)",
}

RESERVED_EMAIL_DOMAINS = ("example.com", "example.net", "example.org")


# ------------------------------------------------------------------ markup
TAG_OPEN = re.compile(r"\[\[([A-Z_]*)(:?)")


def parse_markup(marked):
    """Return (clean_text, [Span]).  Raises ValueError naming the problem."""
    clean, spans, i, n = [], [], 0, len(marked)
    pos = 0  # length of clean text so far
    while i < n:
        j = marked.find("[[", i)
        k = marked.find("]]", i)
        if k != -1 and (j == -1 or k < j):
            raise ValueError(f"stray ']]' at {k}")
        if j == -1:
            clean.append(marked[i:])
            break
        clean.append(marked[i:j])
        pos += j - i
        m = TAG_OPEN.match(marked, j)
        kind = m.group(1)
        if not kind or not m.group(2):
            raise ValueError(f"'[[' without 'KIND:' at {j}")
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} at {j}")
        start = m.end()
        end = marked.find("]]", start)
        if end == -1:
            raise ValueError(f"unclosed tag at {j}")
        inner = marked[start:end]
        if "[[" in inner:
            raise ValueError(f"nested tag at {j}")
        if not inner:
            raise ValueError(f"empty tag at {j}")
        if inner != inner.strip():
            raise ValueError(f"tag with surrounding whitespace at {j}: {inner!r}")
        spans.append(Span(pos, pos + len(inner), kind, inner))
        clean.append(inner)
        pos += len(inner)
        i = end + 2
    text = "".join(clean)
    for s in spans:
        assert text[s.start:s.end] == s.text
    return text, spans


def load(path):
    recs = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{ln}: bad JSON: {e}") from None
            try:
                text, spans = parse_markup(obj["text"])
            except ValueError as e:
                raise ValueError(f"{path}:{ln}: {e}") from None
            recs.append(Record(obj["doc"], obj["kind"], obj.get("speaker"), obj.get("role"), text, spans, ln))
    return recs


# ------------------------------------------------------------- validators
def nir_normal(s):
    return re.sub(r"[\s.\-]", "", s).upper()


def nir_valid(s):
    v = nir_normal(s)
    if not re.fullmatch(r"[12]\d{4}(?:\d{2}|2A|2B)\d{8}", v):
        return False
    body = v[:13].replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == int(v[13:])


def iban_normal(s):
    return re.sub(r"\s", "", s).upper()


def iban_valid(s):
    v = iban_normal(s)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", v):
        return False
    if v.startswith("FR") and len(v) != 27:
        return False
    r = v[4:] + v[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


UNITS = {"zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
         "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
         "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
         "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}


def words_value(word):
    """'quatre-vingt-dix-huit' -> 98, 'trente-neuf' -> 39."""
    parts = [p for p in word.split("-") if p]
    total, k = 0, 0
    while k < len(parts):
        p = parts[k]
        if p == "quatre" and k + 1 < len(parts) and parts[k + 1] in ("vingt", "vingts"):
            total += 80
            k += 2
            continue
        if p not in UNITS:
            raise ValueError(p)
        total += UNITS[p]
        k += 1
    return total


def phone_digits(s):
    """National 10-digit form of a phone number written with digits or in
    French words ('zéro six, trente-neuf, …')."""
    if re.search(r"[a-zé]", s.lower()):
        toks = re.split(r"[\s,]+", s.lower().strip(" ."))
        nums, k = [], 0
        while k < len(toks):
            t = toks[k]
            if t == "et" and nums and k + 1 < len(toks):  # 'quarante et un'
                nums[-1] += words_value(toks[k + 1])
                k += 2
                continue
            nums.append(words_value(t))
            k += 1
        return "".join(str(n) for n in nums)
    t = s.replace("(0)", "")
    d = re.sub(r"\D", "", t)
    if t.strip().startswith("+33"):
        d = "0" + d[2:]
    elif d.startswith("0033"):
        d = "0" + d[4:]
    return d


def email_domain_ok(s):
    v = s.lower()
    v = re.sub(r"\s+(?:at|arobase)\s+", "@", v)
    v = re.sub(r"\s+(?:dot|point)\s+", ".", v)
    if not re.fullmatch(r"[a-z0-9._%+\-]+@[a-z0-9.\-]+", v):
        return False
    dom = v.split("@", 1)[1]
    return any(dom == d or dom.endswith("." + d) for d in RESERVED_EMAIL_DOMAINS)


DATE_RE = re.compile(
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"\d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}"
)


# ------------------------------------------------------------------ checks
def check(paths):
    errors, notes = [], []
    per_file = {}
    docs_seen = {}
    for path in paths:
        try:
            recs = load(path)
        except ValueError as e:
            errors.append(str(e))
            continue
        cnt = Counter()
        doc_kind, order, last = {}, [], None
        for r in recs:
            where = f"{os.path.basename(path)}:{r.line} ({r.doc})"
            if "[[" in r.text or "]]" in r.text:
                errors.append(f"{where}: markup left in clean text")
            if r.doc in doc_kind and doc_kind[r.doc] != r.kind:
                errors.append(f"{where}: document has two kinds")
            doc_kind.setdefault(r.doc, r.kind)
            if r.doc != last:
                if r.doc in order:
                    errors.append(f"{where}: lines of a document are not contiguous")
                order.append(r.doc)
                last = r.doc
            if r.doc in docs_seen and docs_seen[r.doc] != path:
                errors.append(f"{where}: document also in {docs_seen[r.doc]}")
            docs_seen.setdefault(r.doc, path)
            if r.kind == "entretien":
                if not r.speaker or r.role not in ("participant", "interviewer"):
                    errors.append(f"{where}: interview turn without speaker/role")
            elif r.role is not None:
                errors.append(f"{where}: role set outside an interview")
            prev_end = -1
            for s in r.spans:
                cnt[s.kind] += 1
                if s.start < prev_end:
                    errors.append(f"{where}: overlapping spans")
                prev_end = s.end
                v = s.text
                if s.kind == "NIR":
                    ok, key = nir_valid(v), nir_normal(v)
                    if key in INTENDED_INVALID_NIR:
                        if ok:
                            errors.append(f"{where}: NIR {v!r} meant to be invalid but is valid")
                        else:
                            notes.append(f"NIR invalide voulu : {v!r} ({INTENDED_INVALID_NIR[key]})")
                    elif not ok:
                        errors.append(f"{where}: invalid NIR {v!r}")
                elif s.kind == "IBAN":
                    ok, key = iban_valid(v), iban_normal(v)
                    if key in INTENDED_INVALID_IBAN:
                        if ok:
                            errors.append(f"{where}: IBAN {v!r} meant to be invalid but is valid")
                        else:
                            notes.append(f"IBAN invalide voulu : {v!r} ({INTENDED_INVALID_IBAN[key]})")
                    elif not ok:
                        errors.append(f"{where}: invalid IBAN {v!r}")
                elif s.kind == "TEL":
                    try:
                        d = phone_digits(v)
                    except ValueError as e:
                        errors.append(f"{where}: unreadable phone {v!r} ({e})")
                        continue
                    if len(d) != 10 or not d.startswith(FICTION_PREFIXES):
                        errors.append(f"{where}: phone {v!r} -> {d} outside the ARCEP fiction ranges")
                elif s.kind == "EMAIL":
                    if not email_domain_ok(v):
                        errors.append(f"{where}: e-mail {v!r} not on a reserved domain")
                elif s.kind == "DATE_NAISSANCE":
                    if not DATE_RE.fullmatch(v):
                        errors.append(f"{where}: date of birth {v!r} not a date")
                elif s.kind == "ADRESSE":
                    if not re.search(r"\d", v):
                        errors.append(f"{where}: address {v!r} without number or postcode")
                elif s.kind == "PER":
                    if re.search(r"\d|@", v):
                        errors.append(f"{where}: person name {v!r} contains a digit or @")
        per_file[path] = (cnt, recs, doc_kind)
    return per_file, errors, notes


def table(per_file):
    names = list(per_file)
    lines = []
    head = f"{'':16}" + "".join(f"{os.path.basename(p):>12}" for p in names) + f"{'total':>10}"
    lines.append(head)
    tot = Counter()
    for k in KINDS:
        row = [per_file[p][0][k] for p in names]
        tot[k] = sum(row)
        lines.append(f"{k:16}" + "".join(f"{v:>12}" for v in row) + f"{tot[k]:>10}")
    for label, fn in (
        ("hors LIEU", lambda c: sum(c[k] for k in REPLACE)),
    ):
        row = [fn(per_file[p][0]) for p in names]
        lines.append(f"{label:16}" + "".join(f"{v:>12}" for v in row) + f"{sum(row):>10}")
    for label, fn in (
        ("lignes", lambda p: len(per_file[p][1])),
        ("documents", lambda p: len(per_file[p][2])),
    ):
        row = [fn(p) for p in names]
        lines.append(f"{label:16}" + "".join(f"{v:>12}" for v in row) + f"{sum(row):>10}")
    for kind in ("presse", "entretien", "contribution"):
        row = [sum(1 for r in per_file[p][1] if r.kind == kind) for p in names]
        lines.append(f"{'  ' + kind:16}" + "".join(f"{v:>12}" for v in row) + f"{sum(row):>10}")
    return "\n".join(lines)


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    paths = argv[1:] or [os.path.join(here, "dev.jsonl"), os.path.join(here, "test.jsonl")]
    per_file, errors, notes = check(paths)
    if per_file:
        print(table(per_file))
    for n in sorted(set(notes)):
        print("note:", n)
    for e in errors:
        print("ERROR:", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
