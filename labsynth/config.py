"""The designer's YAML files, read and checked before any work, with French messages.

``project.yml`` and ``codebook.yml`` are validated by pydantic models (unknown keys are
errors). This module turns what PyYAML and pydantic say into French lines that name the
line of the file, the key path as the designer wrote it, what was expected and what was
received, with « Vouliez-vous dire … ? » for a mistyped key and a specific hint for the
French spaced colon (« Se loger : quand on débute » must be quoted).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from labsynth.errors import ProjectError

__all__ = ["YamlCodes", "load_yaml_model", "read_yaml", "validation_problems"]


@dataclass(frozen=True)
class YamlCodes:
    """The error codes of one file: unreadable bytes, YAML syntax, not a mapping, and wrong
    keys or values."""

    encoding: str
    syntax: str
    shape: str
    content: str


_TYPE_WORDS = {
    "string_type": "un texte (entre guillemets au besoin)",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "bool_type": "true ou false",
    "bool_parsing": "true ou false",
    "list_type": "une liste (une ligne « - valeur » par élément, ou [a, b])",
    "dict_type": "un dictionnaire (des lignes « clé: valeur » indentées)",
    "model_type": "un dictionnaire (des lignes « clé: valeur » indentées)",
    "date_type": "une date écrite AAAA-MM-JJ (par exemple 2025-03-14)",
    "date_parsing": "une date écrite AAAA-MM-JJ (par exemple 2025-03-14)",
    "date_from_datetime_parsing": "une date écrite AAAA-MM-JJ (par exemple 2025-03-14)",
    "date_from_datetime_inexact": "une date écrite AAAA-MM-JJ (par exemple 2025-03-14)",
}


# --- YAML syntax ---------------------------------------------------------------------

def _syntax_message(exc: yaml.YAMLError, text: str) -> str:
    """What went wrong in French, at the line that matters, with what to do."""
    problem = str(getattr(exc, "problem", "") or exc)
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    lines = text.splitlines()
    line = mark.line + 1 if mark is not None else None
    shown = lines[mark.line].strip() if mark is not None and mark.line < len(lines) else ""
    if "mapping values are not allowed" in problem or (
            "expected ',' or '}'" in problem and shown.count(":") > 1):
        key, _, value = shown.partition(": ")
        example = (f'{key}: "{value.strip()}"' if value and '"' not in value
                   else 'T13: "Se loger : quand on débute"')
        return (f"ligne {line} : un deux-points suivi d'une espace au milieu d'une valeur "
                f"(« {shown} »). En YAML, « : » sépare une clé de sa valeur : mettez la "
                f"valeur entre guillemets : {example}")
    if "'\\t'" in problem or "\t" in problem:
        return (f"ligne {line} : une tabulation sert d'indentation. YAML n'accepte que des "
                "espaces : remplacez la tabulation par deux espaces.")
    if "quoted scalar" in str(getattr(exc, "context", "")):
        start = context_mark.line + 1 if context_mark is not None else line
        return (f"ligne {start} : un guillemet ouvert n'est jamais refermé. Refermez-le sur "
                "la même ligne.")
    if "expected <block end>" in problem or "expected <block mapping start>" in problem:
        return (f"ligne {line} : indentation inattendue (« {shown} »). Les clés d'un même "
                "niveau doivent commencer à la même colonne.")
    if "could not find expected ':'" in problem:
        return (f"ligne {line} : une clé sans « : » (« {shown} »). Écrivez « clé: valeur ».")
    where = f"ligne {line}" if line is not None else "position inconnue"
    return (f"{where} : syntaxe YAML invalide (« {shown} » ; {problem}). Vérifiez "
            "l'indentation (des espaces, pas de tabulations), les « : » et les guillemets.")


def read_yaml(path: Path, codes: YamlCodes) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; its data and its composed node tree (for line numbers).

    Raises
    ------
    ProjectError
        ``codes.encoding`` when the file is not UTF-8, ``codes.syntax`` when it is not
        valid YAML (or holds an impossible date), ``codes.shape`` when it is not a
        mapping.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProjectError(codes.encoding, f"{path} n'est pas en UTF-8 (octet illisible en "
                           f"position {exc.start}). Enregistrez-le en UTF-8 depuis votre "
                           "éditeur.", path=path) from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except ValueError as exc:  # PyYAML's own date parsing: « 2025-02-30 »
        raise ProjectError(codes.syntax, f"{path} contient une date impossible ({exc}). "
                           "Écrivez une date réelle, AAAA-MM-JJ (par exemple 2025-03-14).",
                           path=path) from None
    except yaml.YAMLError as exc:
        raise ProjectError(codes.syntax, f"{path} n'est pas un YAML valide, rien n'a été "
                           f"lancé : {_syntax_message(exc, text)}", path=path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ProjectError(codes.shape, f"{path} doit contenir des lignes « clé: valeur » "
                           f"(reçu : {data!r}).", path=path)
    return data, node


# --- key paths and lines -------------------------------------------------------------

def duplicate_keys(node: yaml.Node | None, path: tuple = ()) -> list[tuple[tuple, int]]:
    """Keys written twice in one mapping (PyYAML silently keeps the last one)."""
    found: list[tuple[tuple, int]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                found.append(((*path, key_node.value), key_node.start_mark.line + 1))
            seen.add(key_node.value)
            found.extend(duplicate_keys(value_node, (*path, key_node.value)))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            found.extend(duplicate_keys(item, (*path, i)))
    return found


def node_lines(node: yaml.Node | None, path: tuple = ()) -> dict[tuple, int]:
    """Map every key path of a composed YAML document to its 1-based line."""
    if node is None:
        return {}
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = (*path, key_node.value)
            lines.update(node_lines(value_node, sub))
            lines[sub] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(node_lines(item, (*path, i)))
    return lines


def where(loc: tuple, lines: dict[tuple, int]) -> str:
    """« ligne 12, sources[2].files » for a key path."""
    dotted = ""
    for part in loc:
        if isinstance(part, int):
            dotted += f"[{part + 1}]"
        else:
            dotted += f".{part}" if dotted else str(part)
    line = None
    for n in range(len(loc), -1, -1):
        if loc[:n] in lines:
            line = lines[loc[:n]]
            break
    return f"ligne {line}, {dotted}" if line is not None and dotted else (dotted or "racine")


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    if get_origin(annotation) is typing.Annotated:
        return get_args(annotation)[0]
    return annotation


def _walk(loc: tuple, model: type[BaseModel]) -> tuple[tuple, Any]:
    """The key path as the designer wrote it (without the branch names pydantic adds
    after a union field, such as ``literal['auto']`` or ``list[str]``), and the annotation
    of the container of its last key."""
    clean: list[Any] = []
    annotation: Any = model
    parent: Any = model
    for part in loc:
        annotation = _strip_optional(annotation)
        if get_origin(annotation) in (Union, types.UnionType) and isinstance(part, str):
            annotation = Any  # a branch name: not the designer's
            continue
        clean.append(part)
        parent = annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part) if isinstance(part, str) else None
            annotation = field.annotation if field is not None else Any
        elif get_origin(annotation) in (list, tuple) and get_args(annotation):
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) is dict and get_args(annotation):
            annotation = get_args(annotation)[1]
        else:
            annotation = Any
    return tuple(clean), parent


def _expected(error: dict) -> str:
    kind = error["type"]
    if kind == "literal_error":
        allowed = error.get("ctx", {}).get("expected", "")
        return f"une valeur parmi {allowed}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"une valeur ≥ {error.get('ctx', {}).get('ge', error.get('ctx', {}).get('gt'))}"
    if kind in {"less_than_equal", "less_than"}:
        return f"une valeur ≤ {error.get('ctx', {}).get('le', error.get('ctx', {}).get('lt'))}"
    if kind in {"too_short"}:
        return "au moins un élément"
    return _TYPE_WORDS.get(kind, error["msg"])


def validation_problems(error: ValidationError, node: yaml.Node | None,
                        model: type[BaseModel]) -> list[str]:
    """One French line per wrong key or value, located by line and key path.

    The errors pydantic gives for each branch of a union (« auto » or a number) are joined
    into one line; unknown keys come with the closest known key.
    """
    lines = node_lines(node)
    grouped: dict[tuple, list[dict]] = {}
    parents: dict[tuple, Any] = {}
    for item in error.errors():
        # a wrong dict key comes as (..., key, "[key]"): the key is the place
        raw = tuple(item["loc"])
        loc, parent = _walk(raw[:-1] if raw[-1:] == ("[key]",) else raw, model)
        grouped.setdefault(loc, []).append(item)
        parents[loc] = parent
    out = []
    for loc, items in grouped.items():
        place = where(loc, lines)
        first = items[0]
        kind = first["type"]
        if kind == "extra_forbidden":
            key = loc[-1]
            parent = parents[loc]
            known = list(parent.model_fields) if isinstance(parent, type) and issubclass(
                parent, BaseModel) else []
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
            listing = f" Clés possibles : {', '.join(known)}." if known and not close else ""
            out.append(f"{place} : clé inconnue « {key} ».{hint}{listing}")
        elif kind == "missing":
            out.append(f"{place} : clé obligatoire absente.")
        elif kind == "value_error":
            out.append(f"{place} : {first['msg'].removeprefix('Value error, ')}.")
        else:
            expected = " ou ".join(dict.fromkeys(_expected(i) for i in items))
            out.append(f"{place} : attendu {expected} ; reçu {first.get('input')!r}.")
    return out


def load_yaml_model(path: Path, model: type[BaseModel], codes: YamlCodes
                    ) -> tuple[Any, yaml.Node | None]:
    """Read a YAML file and validate it against ``model``; every problem at once.

    Returns
    -------
    (model instance, yaml.Node or None)
        The validated content, and the node tree (lines of each key).

    Raises
    ------
    ProjectError
        See :func:`read_yaml`; ``codes.content`` lists every wrong key, value or key
        written twice, with its line.
    """
    data, node = read_yaml(path, codes)
    duplicates = [f"{where(key, {key: line})} : clé écrite deux fois (seule la dernière "
                  "serait prise en compte) ; gardez-en une." for key, line in
                  duplicate_keys(node)]
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        problems = duplicates + validation_problems(exc, node, model)
        raise ProjectError(codes.content, f"{path} contient {len(problems)} erreur(s) ; rien "
                           "n'a été lancé :", path=path, problems=problems) from None
    if duplicates:
        raise ProjectError(codes.content, f"{path} contient {len(duplicates)} erreur(s) ; "
                           "rien n'a été lancé :", path=path, problems=duplicates)
    return value, node


def append_to_block_list(text: str, key: str, items: str) -> str | None:
    """``text`` (a YAML file) with ``items`` (lines of list items, already indented)
    appended to its top-level list ``key``, comments and everything else untouched;
    ``None`` when that list is written on one line (« key: [a, b] »), which a textual
    edit cannot extend. A textual edit rather than a YAML round trip: PyYAML would drop
    the designer's comments."""
    lines = text.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if re.match(rf"{key}\s*:", line)), None)
    if at is None:
        return text + ("" if text.endswith("\n") or not text else "\n") + f"{key}:\n" + items
    rest = lines[at].split(":", 1)[1].split("#", 1)[0].strip()
    if rest in ("[]", "null", "~"):
        return "".join(lines[:at]) + f"{key}:\n" + items + "".join(lines[at + 1:])
    if rest:
        return None
    last = at  # a block list: indented lines, or « - » lines, until the next key
    for i in range(at + 1, len(lines)):
        line = lines[i]
        if line.strip() and line[:1] not in (" ", "\t", "-", "#"):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            last = i
    return "".join(lines[:last + 1]) + items + "".join(lines[last + 1:])

