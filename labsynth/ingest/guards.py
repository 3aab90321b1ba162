"""Checks made before a reader opens a file: what it is, how big it is, what it unpacks to.

A FIFO or a device is never opened (reading would wait or run forever), a file above the
project's size limit is not read, and a Word, OpenDocument or Excel file (a zip archive)
whose parts would unpack to too much, or to too many times their packed size, is refused
as a probable decompression bomb before any XML parser sees it. The sizes used are those
the archive declares: Python's ``zipfile`` never returns more bytes than declared (it
stops and fails the CRC check), so a lying archive cannot go past them either.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from labsynth.errors import CorpusError
from labsynth.project import Limits

__all__ = ["ZIP_SUFFIXES", "check_file", "check_zip", "megabytes"]

#: formats that are zip archives of XML parts
ZIP_SUFFIXES = frozenset({".docx", ".xlsx", ".odt", ".ods"})

#: a part smaller than this is never called a bomb, whatever its ratio (an empty sheet
#: packs a thousand times)
_RATIO_FLOOR = 16 * 2**20


def megabytes(size: int) -> str:
    """A size in bytes as French megabytes: « 3,2 Mo »."""
    value = size / 2**20
    text = f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return text.replace(",", "\u202f").replace(".", ",") + " Mo"


def check_file(path: Path, rel_path: str, limits: Limits) -> os.stat_result:
    """Refuse what must not be opened: broken links, link loops, FIFOs, devices, sockets,
    files above the size limit.

    Returns
    -------
    os.stat_result
        The file's status (a regular file, link followed).

    Raises
    ------
    CorpusError
        ``LS207`` broken link, ``LS251`` link loop, ``LS252`` FIFO, ``LS253`` device,
        ``LS254`` socket or other special file, ``LS208`` no permission, ``LS256`` too big.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise CorpusError("LS207", "lien cassé : le fichier vers lequel il pointe n'existe "
                          "plus. Remplacez le lien par le fichier lui-même.", rel_path) from None
    except PermissionError:
        raise CorpusError("LS208", "lecture interdite (droits du fichier ou de son dossier). "
                          "Copiez-le dans raw/ depuis votre explorateur de fichiers.",
                          rel_path) from None
    except OSError as exc:  # ELOOP: a link that points to itself, or a chain of links
        raise CorpusError("LS251", f"lien qui ne mène à aucun fichier ({exc.strerror or exc} : "
                          "il pointe sur lui-même ou sur une boucle de liens). Remplacez-le "
                          "par le fichier lui-même.", rel_path) from None
    mode = status.st_mode
    if stat.S_ISFIFO(mode):
        raise CorpusError("LS252", "tube nommé (FIFO), pas un fichier : il n'est pas ouvert, "
                          "sa lecture attendrait sans fin qu'un autre programme écrive. "
                          "Déposez dans raw/ le fichier lui-même.", rel_path)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise CorpusError("LS253", "périphérique du système (comme /dev/zero), pas un fichier : "
                          "il n'est pas lu, sa lecture ne finirait pas. Retirez ce lien de "
                          "raw/.", rel_path)
    if not stat.S_ISREG(mode):
        raise CorpusError("LS254", "ni un fichier ni un dossier (socket ou fichier spécial du "
                          "système) : il n'est pas lu. Retirez-le de raw/.", rel_path)
    if status.st_size > limits.max_file_bytes:
        raise CorpusError("LS256", f"fichier de {megabytes(status.st_size)}, au-delà de la "
                          f"limite de {megabytes(limits.max_file_bytes)} : il n'est pas lu. "
                          "Coupez-le en plusieurs fichiers, ou relevez limits.max_file_mb "
                          "dans project.yml si la machine a la mémoire nécessaire.", rel_path)
    return status


def check_zip(path: Path, rel_path: str, limits: Limits, label: str) -> None:
    """Refuse an archive that is not one, or that would unpack to too much.

    Parameters
    ----------
    path : Path
    rel_path : str
    limits : Limits
    label : str
        What the file is, in French (« classeur .xlsx »), for messages.

    Raises
    ------
    CorpusError
        ``LS204`` not a zip archive, ``LS257`` probable decompression bomb.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorpusError("LS204", f"{label} illisible ou abîmé ({type(exc).__name__} : ce "
                          "n'est pas une archive complète). Ouvrez-le dans son logiciel et "
                          "réenregistrez-le.", rel_path) from None
    packed = os.stat(path).st_size
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise CorpusError("LS257", f"probablement une bombe de décompression : ce {label} de "
                          f"{megabytes(packed)} se décompresserait en {megabytes(total)}, "
                          f"au-delà de la limite de {megabytes(limits.max_unzipped_bytes)} "
                          "(limits.max_unzipped_mb dans project.yml). Il n'est pas lu.",
                          rel_path)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > limits.max_zip_ratio:
            raise CorpusError(
                "LS257", f"probablement une bombe de décompression : la partie « "
                f"{member.filename[:60]} » de ce {label} passerait de "
                f"{megabytes(member.compress_size)} à {megabytes(member.file_size)} une fois "
                f"décompressée ({_number(ratio)} fois plus ; limite : "
                f"{limits.max_zip_ratio} fois, limits.max_zip_ratio dans project.yml). "
                "Il n'est pas lu.", rel_path)


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")
