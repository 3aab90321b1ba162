"""Turn the bytes of a text file into ``str`` the way French users' files need it.

Decoding is deterministic rather than statistical: UTF-8 (with or without BOM) is tried
strictly first, then UTF-16 when a BOM says so, then Windows-1252, which is what Excel and
Notepad save in France. Detectors such as charset-normalizer guess among dozens of
encodings and, on short French texts, regularly answer cp1250 or mac-roman; the three
candidates above cover the files designers have, and a wrong guess would silently corrupt
quotes.
"""

from __future__ import annotations

import codecs
import re

from labsynth.errors import CorpusError

# bytes Windows-1252 leaves undefined; a file holding them is read as latin-1 (looked for
# with ``bytes.__contains__``, a memchr: a test per byte in Python took 13 s on 22 MB)
_CP1252_HOLES = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file and normalise its line endings to ``\\n``.

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str
        Name used in error messages.
    encoding : str, optional
        Force an encoding (from ``project.yml``).

    Returns
    -------
    text : str
    encoding : str
        The encoding used, for the inventory.

    Raises
    ------
    CorpusError
        Empty, blank or binary file, or bytes invalid in the forced encoding.
    """
    if not data or data.isspace():  # data.strip() without copying it
        raise CorpusError(
            "LS201",
            "fichier vide. Retirez-le du dossier raw/ ou remplacez-le par le bon fichier.",
            path,
        )
    if encoding:
        try:
            text, used = data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise CorpusError(
                "LS202",
                f"illisible avec l'encodage « {encoding} » demandé dans project.yml ({exc}). "
                "Retirez « encoding » pour laisser labsynth le détecter.",
                path,
            ) from None
    elif data.startswith(codecs.BOM_UTF8):
        text, used = _strict(data, "utf-8-sig", path), "utf-8 (BOM)"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, used = _strict(data, "utf-16", path), "utf-16"
    elif (bare := _utf16_without_bom(data)) is not None:
        text, used = bare
    else:
        try:
            text, used = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, used = _decode_8bit(data)
    _refuse_binary(text, path)
    text = text.lstrip("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text or text.isspace():
        raise CorpusError(
            "LS201",
            "fichier vide. Retirez-le du dossier raw/ ou remplacez-le par le bon fichier.",
            path,
        )
    return text, used


def plan_decoding(data: bytes, encoding: str | None = None) -> tuple[str, int, str] | None:
    """How :func:`decode_bytes` decodes ``data``, found without decoding all of it.

    For a large table, the text is then decoded by its reader (pandas) rather than held
    whole in Python: ``data[offset:].decode(codec)``, its line breaks normalised, is the
    text :func:`decode_bytes` gives, under the same ``label``.

    Returns
    -------
    (codec, offset, label) or None
        None when only :func:`decode_bytes` can tell: a forced encoding, UTF-16, UTF-8
        holding a few Windows bytes, a file it refuses (empty, blank, binary, invalid
        after a BOM), a text that starts with a second BOM or with 20,000 blank
        characters.
    """
    if encoding or not data or data.isspace() or b"\x00" in data or data.startswith(
            (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None  # NUL: binary or UTF-16 without BOM, as decode_bytes says
    if data.startswith(codecs.BOM_UTF8):
        plan = ("utf-8", len(codecs.BOM_UTF8), "utf-8 (BOM)")
        if not _valid_utf8(data, plan[1]):
            return None
    elif _valid_utf8(data):
        plan = ("utf-8", 0, "utf-8")
    elif _has_multibyte(data):
        return None
    elif any(hole in data for hole in _CP1252_HOLES):
        plan = ("latin-1", 0, "latin-1")
    else:
        plan = ("cp1252", 0, "cp1252 (Windows)")
    codec, offset, _ = plan
    if data.startswith(codecs.BOM_UTF8, offset):
        return None  # a second BOM, which decode_bytes strips too
    head = codecs.getincrementaldecoder(codec)().decode(
        data[offset:offset + 80_000], final=offset + 80_000 >= len(data))[:20_000]
    if len(_CONTROL_RE.findall(head)) > 0.01 * len(head) or not head.strip():
        return None  # refused as binary, or blank for all that is known yet
    return plan


def decoded_head(data: bytes, codec: str, offset: int, size: int) -> str:
    """The first ``size`` bytes of ``data[offset:]`` decoded with ``codec``, line breaks
    normalised: a prefix of the text :func:`decode_bytes` gives when
    :func:`plan_decoding` gave ``codec`` and ``offset`` (a character cut at the end is
    left out; a final ``\\r`` is a line break either way)."""
    end = offset + size
    text = codecs.getincrementaldecoder(codec)().decode(data[offset:end],
                                                        final=end >= len(data))
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _valid_utf8(data: bytes, offset: int = 0) -> bool:
    """Whether ``data[offset:]`` is UTF-8, checked a megabyte at a time (the text of a
    200 MB export is not built to be thrown away)."""
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    view, step = memoryview(data), 1 << 20
    try:
        for start in range(offset, len(data), step):
            decoder.decode(view[start:start + step], final=start + step >= len(data))
    except UnicodeDecodeError:
        return False
    return True


_MULTIBYTE_RE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                           rb"[\xf0-\xf4][\x80-\xbf]{3}")


def _has_multibyte(data: bytes) -> bool:
    """Whether ``data`` holds a UTF-8 multi-byte sequence (:data:`_MULTIBYTE_RE`).

    Every such sequence starts with a byte C2–F4 followed by a byte 80–BF: those pairs are
    found with numpy and only they are matched against the pattern (Python's matcher tries
    each branch of the alternation at every byte: 1.6 s on a 22 MB export, 30 ms here).
    """
    import numpy as np

    array = np.frombuffer(data, dtype=np.uint8)
    step = 1 << 23  # 8 MB at a time: the temporaries stay small on a 200 MB export
    for offset in range(0, max(len(array) - 1, 0), step):
        head = array[offset:offset + step]
        tail = array[offset + 1:offset + step + 1]
        head = head[:len(tail)]
        lead = (head >= 0xC2) & (head <= 0xF4)
        lead &= (tail >= 0x80) & (tail <= 0xBF)
        if any(_MULTIBYTE_RE.match(data, offset + int(i)) for i in np.flatnonzero(lead)):
            return True
    return False


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start:error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("labsynth-cp1252", _cp1252_fallback)


def _decode_8bit(data: bytes) -> tuple[str, str]:
    """A file that is not valid UTF-8.

    If it holds real UTF-8 sequences (accents written by an UTF-8 editor), it is UTF-8 in
    which a few bytes were pasted from a Windows program: those bytes alone are read as
    Windows-1252, so one stray « ’ » does not turn every « é » of the file into « Ã© ».
    Otherwise the whole file is Windows-1252 (latin-1 if it uses bytes cp1252 leaves
    undefined).
    """
    if _has_multibyte(data):
        return data.decode("utf-8", errors="labsynth-cp1252"), "utf-8 (quelques octets Windows)"
    if any(hole in data for hole in _CP1252_HOLES):
        return data.decode("latin-1"), "latin-1"
    return data.decode("cp1252"), "cp1252 (Windows)"


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CorpusError(
            "LS202",
            f"marqué {encoding} mais l'octet {exc.start} est invalide. Réenregistrez le fichier "
            "en UTF-8.",
            path,
        ) from None


#: control characters that do not occur in text (tab, line and page breaks, vertical tab
#: and the separators Python counts as spaces are text)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")


def _refuse_binary(text: str, path: str) -> None:
    """Refuse a decoded file that holds NUL bytes, or control characters in more than 1 %
    of its first 20,000 characters, saying which and where."""
    nul = text.find("\x00")
    sample = text[:20_000]
    controls = _CONTROL_RE.findall(sample)
    if nul < 0 and len(controls) <= 0.01 * len(sample):
        return
    first = nul if nul >= 0 else _CONTROL_RE.search(sample).start()
    line = text.count("\n", 0, first) + 1
    if nul >= 0:
        what = (f"octets nuls ({text.count(chr(0)):,} ; le premier à la ligne {line})"
                .replace(",", "\u202f"))
        hint = ("un fichier binaire (image, PDF, archive) renommé, ou un encodage que labsynth "
                "ne lit pas (UTF-32)")
    else:
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in controls})[:5])
        what = f"caractères de contrôle ({codes} ; {len(controls)} dans le début du fichier, le "\
            f"premier à la ligne {line})"
        hint = "un fichier binaire renommé, ou un texte abîmé"
    raise CorpusError(
        "LS203",
        f"ce n'est pas du texte : il contient des {what}, sans doute {hint}. Vérifiez son "
        "extension, ou exportez-le au format texte (UTF-8), .docx ou .csv.",
        path,
    )


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 written without its byte-order mark (some exports do): most characters of
    French text are below U+0100, so one byte in two is 0 at the same parity."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2 or len(data) % 2:
        return None
    even = sample[0:pairs * 2:2].count(0)
    odd = sample[1:pairs * 2:2].count(0)
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.4 * pairs and other <= 0.05 * pairs:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return text, f"{encoding} (sans BOM)"
    return None
