"""The REFI-QDA standard's schemas, read from the shared reference files at test time.

``../shared/data/refi-qda/`` holds the project schema (``Project-mrt2019.xsd``) and the
standard's text (``REFI-QDA-1-5.pdf``). The codebook schema (``.qdc``) exists only as
printed in the standard (section 5.2): :func:`codebook_schema_text` takes it out of the
PDF with pypdf, removing the page furniture and the figure text that pypdf reads in the
middle of it, and joining the GUID pattern the page width cut in two. Nothing is copied
into the repository; tests skip, with the reason, when the files are absent.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .conftest import SHARED_DATA

REFI = SHARED_DATA / "refi-qda"
PROJECT_XSD = REFI / "Project-mrt2019.xsd"
STANDARD_PDF = REFI / "REFI-QDA-1-5.pdf"


def missing() -> str | None:
    """Why the REFI-QDA reference files cannot be used (None when they can)."""
    absent = [p for p in (PROJECT_XSD, STANDARD_PDF) if not p.is_file()]
    if absent:
        return ("fichiers de référence REFI-QDA absents (" + ", ".join(map(str, absent))
                + ") : ces tests ne tournent qu'avec ../shared/data/refi-qda/")
    return None


@functools.cache
def codebook_schema_text(pdf: Path = STANDARD_PDF) -> str:
    """The codebook XML schema of REFI-QDA 1.5, section 5.2, as printed in the standard."""
    import pypdf

    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    start = text.index('<?xml version="1.0" encoding="UTF-8"?>',
                       text.index("5.2 XML Schema for REFI-QDA codebook exchange"))
    end = text.index("</xsd:schema>", start) + len("</xsd:schema>")
    schema = text[start:end]
    schema = re.sub(r"\n\s*REFI-QDA\s*\n\s*\d+\s*\n", "\n", schema)  # page header
    # the labels of figure 3 (data model) come between two lines of the schema
    schema = re.sub(r"\nCode\n- GUID.*?\nhasChild\n0\.\.\*", "", schema, flags=re.DOTALL)
    schema = re.sub(r"\[0-\s*\n\s*9a-fA-F\]", "[0-9a-fA-F]", schema)  # cut pattern
    return schema


def project_schema():
    """The project schema, parsed by xmlschema."""
    import xmlschema

    return xmlschema.XMLSchema(str(PROJECT_XSD))


def codebook_schema():
    """The codebook schema, parsed by xmlschema from the standard's text."""
    import xmlschema

    return xmlschema.XMLSchema(codebook_schema_text())
