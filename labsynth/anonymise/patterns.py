"""Structured personal data found by regular expressions: e-mail, phone, NIR, IBAN, birth
date, postal address.

Why hand-written patterns rather than ``phonenumbers`` / ``python-stdnum``: finding the
*span* in running (often transcribed) text is the hard part, not validating it.
``phonenumbers.PhoneNumberMatcher`` does not follow a number across a line break, and its
lenient matching takes case numbers written with hyphens; French phone shapes are few and
strict. The IBAN and NIR checksums are three lines of mod-97 each. So this module adds no
dependency for them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from labsynth.anonymise.spans import Detection
from labsynth.anonymise.vocab import _fold

__all__ = ["structured"]

# --------------------------------------------------------------------------- motifs

# Separators inside a number: one space, dot or hyphen, or a line break (a number cut by
# the end of a line).
_SEP = r"(?:[ \t.\-]|\s*\n\s*|\u00a0)"
_NOT_DIGIT_BEFORE = r"(?<![\w+])"
_NOT_DIGIT_AFTER = r"(?![.\-\u00a0 ]?\d)(?!\w)"

# TEL. French numbers: 0 + 9 digits in any grouping (06 12 34 56 78, 06.12.34.56.78,
# 0612345678, 06 1234 5678), or +33 / 0033 / (+33) with an optional (0). The digit count
# and the leading 0 reject SIRET (14 digits), case numbers (2024-03817) and short numbers.
_TEL_RE = re.compile(
    rf"{_NOT_DIGIT_BEFORE}"
    rf"(?:(?:\(\+33\)|\+33|0033){_SEP}?(?:\(0\){_SEP}?)?[1-9]|0[1-9])"
    rf"(?:{_SEP}?\d){{8}}{_NOT_DIGIT_AFTER}")
# Other international numbers: +CC then 8 to 12 digits in groups.
_TEL_INTL_RE = re.compile(rf"(?<![\w+])\+(?!33)\d{{2,3}}(?:{_SEP}?\d){{8,12}}{_NOT_DIGIT_AFTER}")

# TEL dictated in words: « zéro six, trente-neuf, quatre-vingt-dix-huit, ... ».
_NUM_WORD = (r"(?:z[ée]ro|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|"
             r"treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|et)")
_NUM_GROUP = rf"{_NUM_WORD}(?:[\- ]{_NUM_WORD})*"
_TEL_WORDS_RE = re.compile(
    rf"\bz[ée]ro[ ,]+(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf)"
    rf"(?:[ ,]+{_NUM_GROUP}){{4}}\b", re.IGNORECASE)

# EMAIL: the usual address, its « [at] » / « (at) » obfuscations, and the dictated form
# « prenom point nom arobase domaine point fr ».
_EMAIL_RE = re.compile(
    r"(?<![\w.+\-])[\w.+\-]*\w"
    r"(?:@|\s?[\[(]\s?(?:at|arobase|@)\s?[\])]\s?)"
    r"[\w\-]+(?:(?:\.|\s?[\[(]\s?(?:dot|point)\s?[\])]\s?)[\w\-]+)*\.[A-Za-z]{2,}\b",
    re.IGNORECASE)
_SPOKEN_WORD = r"[^\W\d_][\w'’]*"
_EMAIL_SPOKEN_RE = re.compile(
    rf"\b{_SPOKEN_WORD}(?:\s+(?:point|tiret|underscore|tiret bas)\s+{_SPOKEN_WORD})*"
    rf"(?:\s+(?:{_NUM_GROUP}|\d+))*"
    rf"\s+arobase\s+{_SPOKEN_WORD}(?:\s+(?:point|tiret)\s+{_SPOKEN_WORD})+",
    re.IGNORECASE)

# NIR: sex, year, month, department (2A/2B for Corsica), commune, order, optional key;
# any of space, dot, hyphen or line break between groups. The key is checked when present.
_NIR_RE = re.compile(
    rf"{_NOT_DIGIT_BEFORE}([12]){_SEP}?(\d\d){_SEP}?(\d\d){_SEP}?(\d\d|2[AB]){_SEP}?"
    rf"(\d{{3}}){_SEP}?(\d{{3}})(?:{_SEP}?(\d\d))?{_NOT_DIGIT_AFTER}", re.IGNORECASE)
_NIR_CUE_RE = re.compile(r"s[ée]cu|sociale|\bNIR\b|\bSS\b|INSEE|vitale", re.IGNORECASE)

# IBAN: country code, check digits, then 11 to 30 letters/digits in groups; trimmed to the
# longest prefix whose mod-97 check gives 1.
_IBAN_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?\n?[A-Za-z0-9]){11,34}(?![A-Za-z0-9])")

# DATE: 12/02/1988, 12-02-1988, 12.02.1988, 12/02/88, 1988-02-12, 12 février 1988,
# 1er avril 2006.
_MONTHS = ("janvier février fevrier mars avril mai juin juillet août aout septembre octobre "
           "novembre décembre decembre").split()
_MONTH_NUM = {m: i for i, m in enumerate(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre "
    "decembre".split(), start=1)}
_DATE_RE = re.compile(
    r"(?<!\d)(?:"
    r"(?P<d1>[0-3]?\d)[/.\-](?P<m1>[01]?\d)[/.\-](?P<y1>(?:19|20)\d\d|\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)"
    rf"|(?P<d3>[0-3]?\d|1er)\s+(?P<m3>{'|'.join(_MONTHS)})\s+(?P<y3>(?:19|20)\d\d)"
    r")(?!\d)", re.IGNORECASE)
# birth cues, within a short distance before the date
_BIRTH_CUE_RE = re.compile(
    r"\b(?:n[ée]e?s?|naissance|nais\.|DDN|date de naiss\w*|anniversaire)(?!\w)", re.IGNORECASE)
_BIRTH_WINDOW = 45

# ADRESSE: number (+ bis/ter) + street type + name, then optional flat/building and
# postcode + town; « lieu-dit X », « résidence X, bâtiment B »; a locality directly
# followed by a postcode and a town (« Kerguistin, 29270 Carhaix »).
_STREET_TYPES = (
    r"rue|avenue|av\.?|bd|boulevard|bld|chemin|ch\.|impasse|imp\.|all[ée]e|place|pl\.|route|"
    r"rte|quai|cours|lotissement|lot\.|r[ée]sidence|r[ée]s\.|hameau|square|sentier|voie|"
    r"passage|cit[ée]|faubourg|fg|esplanade|parvis|promenade|rond-point|domaine|venelle|"
    r"ruelle|mont[ée]e|mail|clos|lieu-dit|village|parc|zone|za|zi|zac|cour|port")
_TOWN = r"[A-ZÀ-Þ][\w'’]*(?:[\- ](?:[A-ZÀ-Þ][\w'’]*|sur|sous|en|l[ea]s?|de|du|des|d['’]\w+))*"
_POSTCODE_TOWN = rf"(?:\d{{5}}|\d\d \d{{3}})[ \t]+{_TOWN}(?:[ \t]+CEDEX(?:[ \t]+\d+)?)?"
_COMPLEMENT = (r"(?:b[âa]t(?:iment|\.)?|appartement|appt\.?|apt\.?|app\.|escalier|esc\.|"
               r"[ée]tage|porte|logement|log\.|entr[ée]e|bo[îi]te postale|BP)[ \t]*\w{1,4}")
_STREET_NAME = r"[^\d\n,.;:()«»!?]{2,60}?"
_ADDRESS_TAIL = (rf"(?:(?:,[ \t]*|[ \t]+){_COMPLEMENT})*"
                 rf"(?:(?:,[ \t]*(?!\d){_STREET_NAME}){{0,2}}?(?:,[ \t]*|[ \t]*\n[ \t]*|[ \t]+)"
                 rf"{_POSTCODE_TOWN})?")
_ADDRESS_RE = re.compile(
    rf"(?<![\w,])\d{{1,4}}(?:[ \t]?(?:bis|ter|quater|[A-D])\b)?,?[ \t]+"
    rf"(?:{_STREET_TYPES})\b[ \t]+{_STREET_NAME}"
    rf"(?=[\n,.;:()!?]|\s\d{{5}}\b|\s*$|\s+(?:{_COMPLEMENT}))"
    rf"{_ADDRESS_TAIL}", re.IGNORECASE)
_PLACE_NAME_RE = re.compile(
    rf"\b(?i:lieu-dit|lieudit)[ \t]+{_TOWN}(?:,?[ \t]+{_POSTCODE_TOWN})?"
    # a residence is an address with a building, flat or postcode, not « en résidence »
    rf"|\b(?i:r[ée]sidence|r[ée]s\.)[ \t]+{_TOWN}(?:(?:(?:,[ \t]*|[ \t]+)(?i:{_COMPLEMENT}))+"
    rf"(?:,?[ \t]+{_POSTCODE_TOWN})?|,?[ \t]+{_POSTCODE_TOWN})")
_LOCALITY_RE = re.compile(
    rf"(?<![\w'’\-])(?:(?:L[ea]s?|Le|La)[ \t])?[A-ZÀ-Þ][\w'’\-]+(?:[ \t]+(?:de|du|des|d['’])?"
    rf"[ \t]*[A-ZÀ-Þ][\w'’\-]+)?,[ \t]*{_POSTCODE_TOWN}")
_TOWN_LEAD = re.compile(r"[ \t]*(?:\d{5}|\d\d \d{3})")


# Numbers shaped like a NIR, an IBAN or a phone number but failing their check: taken only
# after their cue.
_CUED_NUMBERS = (
    ("NIR", _NIR_CUE_RE,
     re.compile(rf"{_NOT_DIGIT_BEFORE}[12](?:{_SEP}?[\dAB]){{11,15}}(?![\w])", re.IGNORECASE),
     "n° de sécurité sociale dont la clé ou la longueur est fausse : à vérifier"),
    ("IBAN", re.compile(r"\bIBAN\b|\bRIB\b|bancaire|compte", re.IGNORECASE),
     re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){10,32}(?![A-Za-z0-9])"),
     "IBAN dont la clé est fausse : à vérifier"),
    ("TEL", re.compile(r"t[ée]l[ée]phone|\bt[ée]l\b|portable|mobile|\bfixe\b|joindre|joignable|"
                       r"appel|num[ée]ro|\bnum\b|whatsapp|sms", re.IGNORECASE),
     re.compile(rf"{_NOT_DIGIT_BEFORE}(?:\+33{_SEP}?|0)[1-9](?:{_SEP}?\d){{6,9}}(?![\w])"),
     "téléphone au nombre de chiffres inhabituel : à vérifier"),
    # shapes that are a cue by themselves: a French IBAN in its groups of four, a NIR in
    # its groups (1 85 07 75 123 456 78)
    ("IBAN", None, re.compile(r"(?<![A-Za-z0-9])FR\d{2}(?:[ ]?[A-Z0-9]{4}){5}[ ]?[A-Z0-9]{3}"
                              r"(?![A-Za-z0-9])", re.IGNORECASE),
     "IBAN dont la clé est fausse : à vérifier"),
    ("NIR", None, re.compile(r"(?<![\w+])[12] \d\d \d\d (?:\d\d|2[AB]) \d{3} \d{3}(?: \d\d)?"
                             r"(?![ .\-]?\d)(?!\w)"),
     "n° de sécurité sociale dont la clé est fausse : à vérifier"),
)

# EMAIL written « prenom dot nom at domaine dot org » (to fool robots)
_EMAIL_DOT_AT_RE = re.compile(
    r"\b[\w\-]+(?:\s+(?:dot|point)\s+[\w\-]+)*\s+(?:at|arobase)\s+[\w\-]+"
    r"(?:\s+(?:dot|point)\s+[\w\-]+)*\s+(?:dot|point)\s+(?:com|org|net|fr|eu|info|be|ch)\b",
    re.IGNORECASE)


def _nir_valid(groups: tuple[str | None, ...], text: str, start: int) -> bool:
    sex, year, month, dept, commune, order, key = groups
    if not (1 <= int(month) <= 12 or 20 <= int(month) <= 42 or 50 <= int(month) <= 99):
        return False
    number = f"{sex}{year}{month}{dept}{commune}{order}".upper()
    if key is None:  # no key: only with a social-security cue nearby
        return bool(_NIR_CUE_RE.search(text, max(0, start - 60), start))
    value = int(number.replace("2A", "19").replace("2B", "18"))
    return 97 - value % 97 == int(key)


def _iban_ok(compact: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


#: IBAN lengths of the countries whose accounts French residents hold most
_IBAN_LENGTHS = {"FR": 27, "MC": 27, "BE": 16, "DE": 22, "ES": 24, "IT": 27, "PT": 25,
                 "CH": 21, "LU": 20, "GB": 22, "NL": 18, "IE": 22, "AT": 20, "MA": 28,
                 "DZ": 26, "TN": 24, "SN": 28, "PL": 28, "RO": 24}


def _find_ibans(text: str) -> Iterable[tuple[int, int]]:
    for match in _IBAN_RE.finditer(text):
        # positions of the alphanumeric characters, to trim to the longest valid prefix
        chars = [(i, c) for i, c in enumerate(match.group(), match.start()) if c.isalnum()]
        length = _IBAN_LENGTHS.get(match.group()[:2].upper())
        # a known country has one length: never a shorter prefix valid by chance (1 in 97)
        sizes = [length] if length and len(chars) >= length else \
            range(min(len(chars), 34), 14, -1)
        for size in sizes:
            compact = "".join(c for _, c in chars[:size]).upper()
            if _iban_ok(compact):
                yield match.start(), chars[size - 1][0] + 1
                break


def _date_value(match: re.Match[str]) -> tuple[int, int, int] | None:
    g = match.groupdict()
    if g["d1"]:
        day, month, year = int(g["d1"]), int(g["m1"]), int(g["y1"])
    elif g["y2"]:
        day, month, year = int(g["d2"]), int(g["m2"]), int(g["y2"])
    else:
        day = 1 if g["d3"].lower() == "1er" else int(g["d3"])
        month, year = _MONTH_NUM[_fold(g["m3"])], int(g["y3"])
    if year < 100:
        year += 2000 if year <= 30 else 1900
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return year, month, day


def _birth_dates(text: str) -> list[tuple[int, int]]:
    """Dates preceded by a birth cue, and the same dates written elsewhere in the text."""
    dates = [(m, _date_value(m)) for m in _DATE_RE.finditer(text)]
    births: set[tuple[int, int, int]] = set()
    found: list[tuple[int, int]] = []
    for match, value in dates:
        if value is None:
            continue
        window = text[max(0, match.start() - _BIRTH_WINDOW):match.start()]
        cues = list(_BIRTH_CUE_RE.finditer(window))
        cue = cues[-1] if cues else None
        # the cue must be the closest thing before: no other date, no sentence end
        if cue is not None:
            between = window[cue.end():]
            if not _DATE_RE.search(between) and not re.search(r"[!?]|\.\s+[A-Z]|\n\n",
                                                               between):
                births.add(value)
    # « ils ont mis le 10/08/1988 au lieu du 08/10/1988 »: the date given for the birth
    # date is one too
    for (first, value), (second, other) in itertools.pairwise(dates):
        if value in births and other is not None and other not in births and re.fullmatch(
                r"[ \t,]*(?:au lieu d[ue]|et non|et pas|pas|ou|et|non)[ \t]+(?:le[ \t]+|du[ \t]+)?",
                text[first.end():second.start()], re.IGNORECASE):
            births.add(other)
    for match, value in dates:
        if value in births:
            found.append((match.start(), match.end()))
    return found


def structured(text: str) -> list[Detection]:
    """Regex detections of structured data (e-mail, IBAN, NIR, phone, birth date, address),
    possibly overlapping; a number failing its check after its cue is marked « à vérifier »."""
    out: list[Detection] = []

    def add(start: int, end: int, kind: str, check: str = "") -> None:
        while end > start and text[end - 1] in " \t\n,.;:":
            end -= 1
        if end > start:
            out.append(Detection(start, end, kind, text[start:end], "motif", check))

    for regex in (_EMAIL_RE, _EMAIL_SPOKEN_RE, _EMAIL_DOT_AT_RE):
        for m in regex.finditer(text):
            add(m.start(), m.end(), "EMAIL")
    for start, end in _find_ibans(text):
        add(start, end, "IBAN")
    for m in _NIR_RE.finditer(text):
        if _nir_valid(m.groups(), text, m.start()):
            add(m.start(), m.end(), "NIR")
    for regex in (_TEL_RE, _TEL_INTL_RE, _TEL_WORDS_RE):
        for m in regex.finditer(text):
            add(m.start(), m.end(), "TEL")
    # a number after its cue is replaced even when its checksum or length is wrong (a
    # misread digit is still personal data), and marked « à vérifier » in the register
    taken = [(d.start, d.end) for d in out]
    for kind, cue, number, why in _CUED_NUMBERS:
        for m in number.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if cue is None or cue.search(text, max(0, m.start() - 60), m.start()):
                add(m.start(), m.end(), kind, why)
                taken.append((m.start(), m.end()))
    for start, end in _birth_dates(text):
        add(start, end, "DATE_NAISSANCE")
    for regex in (_ADDRESS_RE, _PLACE_NAME_RE, _LOCALITY_RE):
        for m in regex.finditer(text):
            add(m.start(), m.end(), "ADRESSE")
    return out
