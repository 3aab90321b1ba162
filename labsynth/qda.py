"""REFI-QDA exchange: a project's coded material for NVivo, ATLAS.ti, MAXQDA, QualCoder…

Two files of the REFI-QDA standard (QDA-XML 1.0, REFI-QDA 1.5):

- the **project** (``.qdpx``): a zip holding ``project.qde`` (XML) and ``sources/``, one
  plain-text file per raw file. Every source is the *pseudonymised* text, rebuilt from
  the file's segments in their order: a turn starts with its speaker's pseudonym (and
  its time for subtitles), a row of a table with its id and author. Every coded segment
  is a ``PlainTextSelection`` whose ``startPosition``/``endPosition`` are Unicode code
  points of that text (first = 0, end excluded, as the standard's examples count), so
  ``text[start:end]`` is the pseudonymised verbatim. Each participant (a pseudonymised
  speaker or contribution author) is a ``Case`` referring to the selections of their
  segments, with the project's metadata (profile, territory…) as ``Variable`` values.
- the **codebook** (``.qdc``): the codes alone. :func:`read_codebook` reads one written
  by another tool, and :func:`import_codebook` turns its codes into seed themes of
  ``codebook.yml``.

Codes come from **code systems** (:class:`CodeSystem`: codes plus codings of segments):
:func:`theme_codes` makes the themes one (``T00``, not classified, is left out: it is not
a theme, and its segments stay in the sources, uncoded). Hand codes, or any other
coding, plug in as another ``CodeSystem`` passed to :func:`write_qdpx` — a coding may
cover part of a segment (``start``/``end`` in its pseudonymised text), and
:func:`pseudonymised_offset` converts offsets taken in the raw text.

The XML is written with the standard library (``xml.etree``) and validated against the
standard's schema in the tests; GUIDs are derived from the project and the item
(``uuid5``), and the zip carries no dates, so the same run gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from labsynth.atomic import atomic_target, atomic_write
from labsynth.colours import theme_colour
from labsynth.config import append_to_block_list
from labsynth.errors import LabsynthError, ProjectError

if TYPE_CHECKING:
    from labsynth.anonymise import Pseudonymisation
    from labsynth.codebook import ThemeRun
    from labsynth.project import Project

__all__ = [
    "NS_CODEBOOK",
    "NS_PROJECT",
    "Code",
    "CodeSystem",
    "Coding",
    "ImportReport",
    "ImportedCode",
    "QdaSummary",
    "codebook_xml",
    "default_systems",
    "hand_codes",
    "import_codebook",
    "pseudonymised_offset",
    "read_codebook",
    "theme_codes",
    "write_qdc",
    "write_qdpx",
]

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
#: the root of every GUID labsynth writes (uuid5 of the project, then of the item)
_LABSYNTH = uuid.UUID("6c1a0b3e-5d4f-4c2a-9b7e-2f3a1d0c9e85")
#: characters XML 1.0 cannot hold (a text excerpt in an attribute must drop them)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_KIND_FR = {"interview": "entretien", "contribution": "contribution", "note": "note"}
_KEYWORDS = re.compile(r"^\s*Mots-clés\s*:\s*(.+?)\.?\s*$", re.MULTILINE)


# --- what is exported ---------------------------------------------------------------------

@dataclass(frozen=True)
class Code:
    """A code of a code system.

    Attributes
    ----------
    key : str
        Unique within its system (``T03`` for a theme).
    name, description : str
    colour : str or None
        ``#RRGGBB``.
    children : tuple of Code
        Sub-codes (a hierarchy).
    codable : bool
        False for a folder of codes.
    """

    key: str
    name: str
    description: str = ""
    colour: str | None = None
    children: tuple[Code, ...] = ()
    codable: bool = True


@dataclass(frozen=True)
class Coding:
    """A code applied to a segment, or to part of it.

    Attributes
    ----------
    segment_id : str
        The segment (raw id, as in the corpus).
    code : str
        The :attr:`Code.key`.
    start, end : int, optional
        Code points of the segment's *pseudonymised* text; the whole segment by default.
    """

    segment_id: str
    code: str
    start: int = 0
    end: int | None = None


@dataclass(frozen=True)
class CodeSystem:
    """Codes and their codings, exported together (the themes; later, hand codes).

    Attributes
    ----------
    name : str
        Short and stable (``themes``): part of every GUID of its codes.
    codes : tuple of Code
        Top-level codes (each may have children).
    codings : tuple of Coding
    """

    name: str
    codes: tuple[Code, ...]
    codings: tuple[Coding, ...] = ()


@dataclass(frozen=True)
class QdaSummary:
    """What a ``.qdpx`` (or ``.qdc``) holds."""

    path: Path
    n_sources: int = 0
    n_codes: int = 0
    n_selections: int = 0
    n_codings: int = 0
    n_cases: int = 0
    n_variables: int = 0


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "\u202f%"


def theme_codes(run: ThemeRun) -> CodeSystem:
    """The themes of a run as a code system: one code per theme (``T00`` left out), its
    name, colour and a description giving its id, keywords and size; every analysed
    segment of a theme coded whole."""
    themes = run.themes
    sources = {"name": "nommé dans codebook.yml", "seed": "thème attendu (seed)",
               "auto": "nom provisoire fait de ses mots-clés"}
    codes = []
    for row in themes.themes.itertuples():
        if row.theme_id == "T00":
            continue
        description = (f"Thème {row.theme_id} de labsynth, exécution {run.run_id} "
                       f"({sources.get(run.label_sources.get(row.theme_id, 'auto'))}).\n"
                       f"Mots-clés : {', '.join(row.keywords)}.\n"
                       f"{int(row.n_segments)} segments ({_percent(float(row.share))}), "
                       f"{int(row.n_documents)} participant·es ou contributions.")
        codes.append(Code(row.theme_id, str(row.label), description,
                          theme_colour(row.theme_id)[1]))
    assigned = themes.assignments
    codings = tuple(Coding(str(s), str(t)) for s, t in zip(
        assigned["segment_id"], assigned["theme_id"], strict=True) if t != "T00")
    return CodeSystem("themes", tuple(codes), codings)


def hand_codes(run: ThemeRun) -> CodeSystem | None:
    """The designer's own codes (``codage.csv``, :mod:`labsynth.coding`) as a code
    system: « Parent / Enfant » nests, a code on a passage is coded on that passage of
    the pseudonymised text. None when the project has none."""
    spans = run.coding.codes
    if not spans:
        return None
    pseudo = run.pseudonymisation
    counts: dict[str, int] = {}
    for span in spans:
        counts[span.code] = counts.get(span.code, 0) + 1
    tree: dict[str, Any] = {}
    for code in sorted(counts):
        node = tree
        for part in code.split(" / "):
            node = node.setdefault(part, {})

    def build(node: dict[str, Any], above: tuple[str, ...]) -> tuple[Code, ...]:
        out = []
        for name in sorted(node):
            key = " / ".join((*above, name))
            n = counts.get(key, 0)
            description = (f"Code à vous (codage.csv), {n} passage(s) codé(s), exécution "
                           f"{run.run_id}." if n else "Catégorie de codes à vous (codage.csv).")
            out.append(Code(key, name, description, None, build(node[name], (*above, name)),
                            codable=bool(n)))
        return tuple(out)

    codings = tuple(
        Coding(s.segment_id, s.code) if s.whole else
        Coding(s.segment_id, s.code, pseudonymised_offset(pseudo, s.segment_id, s.start),
               pseudonymised_offset(pseudo, s.segment_id, s.end))
        for s in spans)
    return CodeSystem("codes", build(tree, ()), codings)


def default_systems(run: ThemeRun) -> list[CodeSystem]:
    """What an export holds by default: the themes, and the designer's own codes."""
    own = hand_codes(run)
    return [theme_codes(run), *([own] if own is not None else [])]


def pseudonymised_offset(pseudo: Pseudonymisation, segment_id: str, offset: int) -> int:
    """Where a position of a segment's raw text falls in its pseudonymised text.

    A position inside a replaced span (a name) maps to the start of its pseudonym, the
    end of a span to the end of its pseudonym; elsewhere, the text is shifted by the
    length changes of the replacements before it.

    Parameters
    ----------
    pseudo : Pseudonymisation
    segment_id : str
    offset : int
        Code point in the raw text of the segment.

    Returns
    -------
    int
    """
    if not pseudo.enabled:
        return offset
    shift = 0
    for r in sorted((r for r in pseudo.replacements
                     if r.segment_id == segment_id and r.kind != "PATH" and not r.kept),
                    key=lambda r: r.start):
        if offset <= r.start:
            break
        if offset < r.end:
            return r.start + shift
        shift += len(r.pseudonym) - (r.end - r.start)
    return offset + shift


# --- the sources -------------------------------------------------------------------------

@dataclass(eq=False)
class _Source:
    guid: str
    name: str
    text: str
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


class _Guids:
    """Deterministic GUIDs, from the project's name and each item's key."""

    def __init__(self, project: str) -> None:
        self.base = uuid.uuid5(_LABSYNTH, project)
        self.seen: set[str] = set()

    def __call__(self, *key: object) -> str:
        text = "\x1f".join(map(str, key))
        guid = str(uuid.uuid5(self.base, text))
        n = 0
        while guid in self.seen:  # two keys equal once pseudonymised
            n += 1
            guid = str(uuid.uuid5(self.base, f"{text}\x1f{n}"))
        self.seen.add(guid)
        return guid


def _sources(segments: pd.DataFrame, pseudo: Pseudonymisation, guids: _Guids
             ) -> list[_Source]:
    """One pseudonymised text per raw file, rebuilt from its segments in order, with the
    span of each segment in it."""
    out = []
    for path, rows in segments.groupby("path", sort=False):
        shown = str(pseudo.path(path))
        order = {d: i for i, d in enumerate(dict.fromkeys(rows["doc_id"]))}
        table = rows.assign(_doc=rows["doc_id"].map(order)).sort_values(
            ["_doc", "position"], kind="stable")
        several = len(order) > 1
        source = _Source(guids("source", shown), shown, "")
        parts: list[str] = []
        length, previous = 0, None
        for row in table.itertuples(index=False):
            speaker = pseudo.speaker(row.doc_id, row.speaker) \
                if isinstance(row.speaker, str) else None
            prefix = ""
            if parts:
                prefix = "\n" if several and row.doc_id == previous else "\n\n"
            if several and row.doc_id != previous:
                label = str(pseudo.path(row.doc_id)).removeprefix(shown).lstrip(":")
                prefix += f"[{label}]" + (f" {speaker}" if speaker else "") + "\n"
            elif not several:
                if isinstance(row.time_start, float) and not pd.isna(row.time_start):
                    prefix += f"[{_clock(row.time_start)}] "
                if speaker:
                    prefix += f"{speaker} : "
            text = pseudo.text(row.segment_id, row.text)
            start = length + len(prefix)
            source.spans[row.segment_id] = (start, start + len(text))
            parts += [prefix, text]
            length = start + len(text)
            previous = row.doc_id
        source.text = "".join(parts) + "\n"
        out.append(source)
    return out


# --- XML ------------------------------------------------------------------------------------

def _element(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None,
             text: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag, attrib or {})
    if text is not None:
        node.text = _NOT_XML.sub("", text)
    return node


def _code_elements(parent: ET.Element, codes: Iterable[Code], system: str,
                   guids: _Guids, keys: dict[tuple[str, str], str]) -> int:
    n = 0
    for code in codes:
        guid = guids("code", system, code.key)
        keys[(system, code.key)] = guid
        attrib = {"guid": guid, "name": _NOT_XML.sub("", code.name),
                  "isCodable": "true" if code.codable else "false"}
        if code.colour:
            attrib["color"] = code.colour
        node = _element(parent, "Code", attrib)
        if code.description:
            _element(node, "Description", text=code.description)
        n += 1 + _code_elements(node, code.children, system, guids, keys)
    return n


def _root(tag: str, ns: str, attrib: dict[str, str]) -> ET.Element:
    """The root element; the tree is built with plain names under a default namespace
    (``xml.etree`` would otherwise invent prefixes, which the standard's examples do not
    use)."""
    return ET.Element(tag, {"xmlns": ns, **attrib})


def _to_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()


def _project_name(run: ThemeRun) -> tuple[str, str]:
    project = run.corpus.project if run.corpus is not None else None
    title = project.spec.title if project is not None else "labsynth"
    return title, (project.root.name if project is not None else title)


def codebook_xml(systems: Sequence[CodeSystem], *, project: str, origin: str) -> bytes:
    """The ``.qdc`` file of some code systems (XML, UTF-8)."""
    guids = _Guids(project)
    root = _root("CodeBook", NS_CODEBOOK, {"origin": origin})
    codes = _element(root, "Codes")
    for system in systems:
        _code_elements(codes, system.codes, system.name, guids, {})
    return _to_bytes(root)


def _origin() -> str:
    from labsynth import __version__

    return f"labsynth {__version__}"


def _cases(segments: pd.DataFrame, pseudo: Pseudonymisation, metadata: list[str]
           ) -> dict[str, dict[str, Any]]:
    """Participant (pseudonymised speaker or author; the contribution when anonymous) ->
    its segments, kinds and metadata values."""
    cases: dict[str, dict[str, Any]] = {}
    for row in segments[segments["role"] == "participant"].itertuples(index=False):
        if isinstance(row.speaker, str) and row.speaker.strip():
            name = str(pseudo.speaker(row.doc_id, row.speaker))
        else:
            name = str(pseudo.path(row.doc_id))
        case = cases.setdefault(name, {"segments": [], "kinds": set(), "values": {}})
        case["segments"].append(row.segment_id)
        case["kinds"].add(_KIND_FR.get(row.kind, row.kind))
        for column in metadata:
            value = getattr(row, column, None) if column.isidentifier() else None
            if value is None:
                continue
            if isinstance(value, str) and value.strip():
                case["values"].setdefault(column, set()).add(value.strip())
    return cases


def _metadata_values(segments: pd.DataFrame, metadata: list[str]) -> pd.DataFrame:
    """The metadata columns renamed to identifiers (``itertuples`` drops other names)."""
    return segments.rename(columns={c: f"meta_{i}" for i, c in enumerate(metadata)})


def project_xml(run: ThemeRun, systems: Sequence[CodeSystem] | None = None
                ) -> tuple[bytes, list[_Source], QdaSummary]:
    """The ``project.qde`` of a run, its sources, and what they hold."""
    systems = list(systems) if systems is not None else default_systems(run)
    if run.corpus is None:
        raise LabsynthError("LS901", "export REFI-QDA sans corpus (erreur interne de "
                            "labsynth, merci de la signaler).")
    title, name = _project_name(run)
    pseudo = run.pseudonymisation
    guids = _Guids(name)
    segments = run.corpus.segments
    sources = _sources(segments, pseudo, guids)
    where = {sid: source for source in sources for sid in source.spans}
    user = guids("user", "labsynth")
    root = _root("Project", NS_PROJECT, {"name": _NOT_XML.sub("", title),
                                         "origin": _origin(), "creatingUserGUID": user})
    users = _element(root, "Users")
    _element(users, "User", {"guid": user, "name": "labsynth"})
    keys: dict[tuple[str, str], str] = {}
    book = _element(root, "CodeBook")
    codes = _element(book, "Codes")
    n_codes = sum(_code_elements(codes, s.codes, s.name, guids, keys)
                  for s in systems)
    if not n_codes:  # the schema wants at least one code in a codebook
        root.remove(book)

    # selections: (segment, start, end) -> codes; every participant segment has one (cases)
    selections: dict[tuple[str, int, int], list[str]] = {}
    n_codings = 0
    for system in systems:
        for coding in system.codings:
            source = where.get(coding.segment_id)
            if source is None or (system.name, coding.code) not in keys:
                continue
            seg_start, seg_end = source.spans[coding.segment_id]
            end = seg_end if coding.end is None else seg_start + coding.end
            span = (coding.segment_id, seg_start + max(coding.start, 0), min(end, seg_end))
            if span[1] >= span[2]:  # an empty or reversed span selects nothing
                continue
            codes_here = selections.setdefault(span, [])
            guid = keys[(system.name, coding.code)]
            if guid not in codes_here:
                codes_here.append(guid)
                n_codings += 1
    metadata = list(run.corpus.metadata_columns)
    renamed = _metadata_values(segments, metadata)
    cases = _cases(renamed, pseudo, [f"meta_{i}" for i in range(len(metadata))])
    for case in cases.values():
        for sid in case["segments"]:
            start, end = where[sid].spans[sid]
            selections.setdefault((sid, start, end), [])
    shown_ids: dict[str, str] = {}

    def shown_id(segment_id: str) -> str:
        if segment_id not in shown_ids:
            shown_ids[segment_id] = str(pseudo.path(segment_id))
        return shown_ids[segment_id]

    selection_guids = {span: guids("selection", shown_id(span[0]), span[1], span[2])
                       for span in selections}

    variables = {column: guids("variable", column) for column in
                 [*metadata, "Type de document"]}
    if cases:
        node = _element(root, "Variables")
        for column, guid in variables.items():
            _element(node, "Variable", {"guid": guid, "name": column,
                                                    "typeOfVariable": "Text"})
        node = _element(root, "Cases")
        owners = _participants_by_source(segments, sources)
        for case_name in sorted(cases, key=_natural):
            case = cases[case_name]
            element = _element(node, "Case", {"guid": guids("case", case_name),
                                                          "name": case_name})
            values = {metadata[int(k.removeprefix("meta_"))]: v
                      for k, v in case["values"].items()}
            values["Type de document"] = case["kinds"]
            for column, guid in variables.items():
                if values.get(column):
                    value = _element(element, "VariableValue")
                    _element(value, "VariableRef", {"targetGUID": guid})
                    _element(value, "TextValue",
                             text=" ; ".join(sorted(values[column])))
            for source in _whole_sources(case["segments"], where, owners):
                _element(element, "SourceRef", {"targetGUID": source.guid})
            for sid in case["segments"]:
                start, end = where[sid].spans[sid]
                _element(element, "SelectionRef",
                         {"targetGUID": selection_guids[(sid, start, end)]})

    provenance = dict(zip(segments["segment_id"], zip(
        segments["line"], segments["time_start"], strict=True), strict=True))
    node = _element(root, "Sources")
    for source in sources:
        element = _element(node, "TextSource", {
            "guid": source.guid, "name": source.name,
            "plainTextPath": f"internal://{source.guid}.txt"})
        spans = sorted((span for span in selections if where[span[0]] is source),
                       key=lambda s: (s[1], s[2]))
        for span in spans:
            sid, start, end = span
            selection = _element(element, "PlainTextSelection", {
                "guid": selection_guids[span], "name": shown_id(sid),
                "startPosition": str(start), "endPosition": str(end)})
            _element(selection, "Description",
                     text=_where(shown_id(sid), *provenance[sid]))
            for code in selections[span]:
                coding = _element(selection, "Coding", {
                    "guid": guids("coding", selection_guids[span], code),
                    "creatingUser": user})
                _element(coding, "CodeRef", {"targetGUID": code})
    _element(root, "Description", text=_description(run, systems))
    summary = QdaSummary(Path(), len(sources), n_codes, len(selections), n_codings,
                         len(cases), len(variables) if cases else 0)
    return _to_bytes(root), sources, summary


def _natural(name: str) -> tuple:
    """« Participant·e 2 » before « Participant·e 10 »."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name))


def _participants_by_source(segments: pd.DataFrame, sources: list[_Source]
                            ) -> dict[str, set[str] | None]:
    """Source guid -> its participant segments; None for a source of several documents
    (a table: no participant has it whole)."""
    role = dict(zip(segments["segment_id"], segments["role"], strict=True))
    doc = dict(zip(segments["segment_id"], segments["doc_id"], strict=True))
    return {s.guid: None if len({doc[i] for i in s.spans}) > 1 else
            {i for i in s.spans if role[i] == "participant"} for s in sources}


def _whole_sources(ids: list[str], where: dict[str, _Source],
                   owners: dict[str, set[str] | None]) -> list[_Source]:
    """Sources whose participant segments all belong to this case (an interview)."""
    mine = set(ids)
    return [source for source in dict.fromkeys(where[s] for s in ids)
            if owners[source.guid] is not None and owners[source.guid] <= mine]


def _where(segment: str, line: object, time: object) -> str:
    parts = [f"segment {segment}"]
    if time is not None and not pd.isna(time):
        parts.append(f"à {_clock(float(time))}")
    elif line is not None and not pd.isna(line):
        parts.append(f"ligne {int(line)} du fichier d'origine")
    return ", ".join(parts)


def _description(run: ThemeRun, systems: Sequence[CodeSystem]) -> str:
    pseudo = run.pseudonymisation
    how = ("Textes pseudonymisés par labsynth (noms, e-mails, téléphones... remplacés)"
           if pseudo.enabled else
           "ATTENTION : pseudonymisation désactivée dans project.yml, textes BRUTS")
    n_unclassified = int((run.themes.assignments["theme_id"] == "T00").sum())
    return (f"Exporté par {_origin()}, exécution {run.run_id}. {how}. Chaque source est "
            "le texte d'un fichier, reconstruit à partir de ses segments (un tour de parole "
            "commence par le pseudonyme de la personne). Codes : "
            + ", ".join(s.name for s in systems) + f". Les {n_unclassified} segments non "
            "classés (T00) ne sont pas codés ; les questions des enquêteur·rices ne sont pas "
            "analysées. Chaque participant·e est un cas.")


def write_qdpx(run: ThemeRun, path: str | Path,
               systems: Sequence[CodeSystem] | None = None) -> QdaSummary:
    """Write a run's REFI-QDA project (``.qdpx``), atomically.

    Parameters
    ----------
    run : ThemeRun
        Its corpus, pseudonymisation and themes.
    path : str or Path
        The ``.qdpx`` file.
    systems : sequence of CodeSystem, optional
        The codes to export; by default the themes (:func:`theme_codes`) and the
        designer's own codes (:func:`hand_codes`, when the project has some).

    Returns
    -------
    QdaSummary
    """
    path = Path(path)
    xml, sources, summary = project_xml(run, systems)
    try:
        with atomic_target(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            _add(z, "project.qde", xml)
            for source in sorted(sources, key=lambda s: s.guid):
                _add(z, f"sources/{source.guid}.txt", source.text.encode("utf-8"))
    except OSError as exc:
        raise LabsynthError("LS302", f"impossible d'écrire {path} ({exc.strerror or exc}). "
                            "Choisissez un autre chemin.") from None
    return QdaSummary(path, **{k: v for k, v in summary.__dict__.items() if k != "path"})


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))  # no date: same bytes
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def write_qdc(run: ThemeRun, path: str | Path,
              systems: Sequence[CodeSystem] | None = None) -> QdaSummary:
    """Write a run's codebook as a REFI-QDA ``.qdc`` file (the themes and the designer's
    own codes by default)."""
    systems = list(systems) if systems is not None else default_systems(run)
    _, name = _project_name(run)
    data = codebook_xml(systems, project=name, origin=f"{_origin()}, exécution {run.run_id}")
    atomic_write(path, data)
    return QdaSummary(Path(path), n_codes=len(re.findall(rb"<Code ", data)))


# --- reading a codebook ---------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedCode:
    """A code read from another tool's codebook.

    Attributes
    ----------
    path : tuple of str
        Names from the top-level code down to this one.
    description : str
    codable : bool
    colour : str or None
    n_children : int
    """

    path: tuple[str, ...]
    description: str = ""
    codable: bool = True
    colour: str | None = None
    n_children: int = 0

    @property
    def name(self) -> str:
        """The flattened name: the path joined by « / »."""
        return " / ".join(self.path)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_codebook(path: str | Path) -> list[ImportedCode]:
    """Every code of a REFI-QDA codebook (``.qdc``), or of a project's (``.qdpx``), in
    document order, parents before their children.

    Raises
    ------
    ProjectError
        ``LS112`` when the file cannot be read as a REFI-QDA codebook.
    """
    path = Path(path)
    try:
        if path.suffix.lower() == ".qdpx":
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".qde")]
                if not names:
                    raise ValueError("pas de fichier project.qde dans l'archive")
                data = archive.read(names[0])
        else:
            data = path.read_bytes()
        # the standard library's expat refuses external entities and bounds entity
        # expansion (billion laughs), which is what a file from elsewhere needs
        root = ET.fromstring(data)
    except FileNotFoundError:
        raise ProjectError("LS112", f"fichier introuvable : {path}.") from None
    except (OSError, ValueError, zipfile.BadZipFile, ET.ParseError) as exc:
        raise ProjectError("LS112", f"{path.name} ne se lit pas comme un codebook REFI-QDA "
                           f"({exc}). Exportez le codebook de votre logiciel au format "
                           "REFI-QDA (.qdc) et réessayez.") from None
    books = [root] if _local(root.tag) == "CodeBook" else [
        e for e in root if _local(e.tag) == "CodeBook"]
    if not books:
        raise ProjectError("LS112", f"{path.name} ne contient pas de codebook REFI-QDA "
                           f"(élément racine « {_local(root.tag)} »).")
    out: list[ImportedCode] = []

    def walk(node: ET.Element, above: tuple[str, ...]) -> None:
        for code in (c for c in node if _local(c.tag) == "Code"):
            name = " ".join((code.get("name") or "").split())
            description = next(((d.text or "").strip()
                                for d in code if _local(d.tag) == "Description"), "")
            children = [c for c in code if _local(c.tag) == "Code"]
            here = (*above, name)
            out.append(ImportedCode(here, description,
                                    code.get("isCodable", "true").strip() == "true",
                                    code.get("color"), len(children)))
            walk(code, here)

    for book in books:
        for codes in (c for c in book if _local(c.tag) == "Codes"):
            walk(codes, ())
    return out


@dataclass
class ImportReport:
    """What :func:`import_codebook` did.

    Attributes
    ----------
    kept : list of (ImportedCode, dict)
        Codes added as seeds, with the seed written.
    skipped : list of (ImportedCode, str)
        Codes not added, with the reason (French).
    codebook : Path
    """

    kept: list[tuple[ImportedCode, dict[str, Any]]] = field(default_factory=list)
    skipped: list[tuple[ImportedCode, str]] = field(default_factory=list)
    codebook: Path = Path()


def _seed(code: ImportedCode) -> dict[str, Any]:
    """A seed from a code: its keywords when the description lists them (« Mots-clés :
    a, b », as labsynth writes), else the code's own name; the description as an example
    of what the theme is about."""
    found = _KEYWORDS.search(code.description)
    if found:
        keywords = [k.strip() for k in found.group(1).split(",") if k.strip()]
        return {"name": code.name, "keywords": keywords}
    seed: dict[str, Any] = {"name": code.name, "keywords": [code.path[-1]]}
    if code.description:
        seed["examples"] = [code.description]
    return seed


def import_codebook(project: Project, path: str | Path) -> ImportReport:
    """Add the codes of a REFI-QDA codebook to ``codebook.yml`` as seed themes.

    The hierarchy is flattened: each code without children becomes one seed named by its
    path (« Mobilité / Transports en commun »), with its description; a code with
    children is a category, whose name lives on in its children's names. Codes already
    in ``seeds`` (same name) are not added twice. The file keeps its comments: the seeds
    are appended to the ``seeds`` list, and the result is read back and checked before
    it replaces the file.

    Returns
    -------
    ImportReport

    Raises
    ------
    ProjectError
        ``LS112`` the file is not a REFI-QDA codebook; ``LS110``/``LS111`` codebook.yml is
        invalid; ``LS113`` codebook.yml's ``seeds`` cannot be extended automatically.
    """
    from labsynth.codebook import CODEBOOK_FILE, TEMPLATE, load_codebook

    path = Path(path)
    codes = read_codebook(path)
    current = load_codebook(project)
    known = {s.name.casefold() for s in current.seeds}
    report = ImportReport(codebook=project.root / CODEBOOK_FILE)
    for code in codes:
        if not code.path[-1]:
            report.skipped.append((code, "code sans nom"))
        elif code.n_children:
            report.skipped.append((code, f"catégorie de {code.n_children} code(s) : son nom "
                                   "est repris dans le leur"))
        elif code.name.casefold() in known:
            report.skipped.append((code, "déjà dans les seeds de codebook.yml"))
        else:
            seed = _seed(code)
            report.kept.append((code, seed))
            known.add(code.name.casefold())
    if not report.kept:
        return report
    file = report.codebook
    text = file.read_text(encoding="utf-8") if file.exists() else TEMPLATE
    new = _append_seeds(text, [s for _, s in report.kept],
                        f"importés de {path.name} (REFI-QDA), {len(report.kept)} code(s)")
    _check_seeds(new, [*(s.model_dump() for s in current.seeds),
                       *(s for _, s in report.kept)], file)
    atomic_write(file, new)
    return report


def _append_seeds(text: str, seeds: list[dict[str, Any]], note: str) -> str:
    """``codebook.yml`` with seeds appended to its top-level ``seeds`` list, comments and
    everything else untouched (:func:`labsynth.config.append_to_block_list`, checked by
    :func:`_check_seeds`)."""
    import yaml

    block = yaml.safe_dump(seeds, allow_unicode=True, sort_keys=False, width=10_000,
                           default_flow_style=False)
    items = f"  # {note}\n" + "".join(f"  {line}\n" for line in block.splitlines())
    new = append_to_block_list(text, "seeds", items)
    if new is not None:
        return new
    line = next(x for x in text.splitlines() if re.match(r"seeds\s*:", x))
    raise ProjectError("LS113", "la liste seeds de codebook.yml est écrite sur une ligne "
                       f"(« {line.strip()} ») : récrivez-la avec un élément par ligne "
                       "(« - name: ... »), puis relancez l'import.")


def _check_seeds(text: str, expected: list[dict[str, Any]], file: Path) -> None:
    import yaml

    from labsynth.codebook import Codebook

    try:
        written = Codebook.model_validate(yaml.safe_load(text) or {})
    except Exception as exc:  # the edit broke the file: never write it
        raise ProjectError("LS113", f"les seeds importés n'ont pas pu être ajoutés à {file} "
                           f"sans l'abîmer ({exc}). Ajoutez-les à la main.") from None
    got = [s.model_dump() for s in written.seeds]
    want = [{"keywords": [], "examples": [], **s} for s in expected]
    if got != want:
        raise ProjectError("LS113", f"les seeds importés n'ont pas pu être ajoutés à {file} "
                           "sans changer les autres : ajoutez-les à la main.")
