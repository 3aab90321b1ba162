"""Word-processor files: .docx (python-docx) and .odt (odfpy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from labsynth.errors import CorpusError
from labsynth.ingest import read_file
from labsynth.project import FileSettings

DATA = Path(__file__).parent / "data"
DOCX = "transcripts/interview.docx"
ODT = "transcripts/interview.odt"


def read(rel: str, **settings):
    return read_file(DATA / rel, rel, FileSettings(**settings))


def doc_of(rel: str, **settings):
    (doc,) = read(rel, **settings).documents
    return doc


def texts(doc) -> list[str]:
    return [doc.text[t.start:t.end] for t in doc.turns]


# --- interview.docx ---------------------------------------------------------------------------

def test_docx_document():
    result = read(DOCX)
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert doc.doc_id == DOCX and doc.path == DOCX
    assert doc.kind == "interview"
    assert doc.title == "interview"
    assert doc.text.startswith("Entretien – Coopérative de covoiturage du pays d’Olmes\n"
                               "Entretien réalisé le 14 mars 2024 à Lavelanet")
    assert doc.text.rstrip().endswith("Fin du document.")


def test_docx_turns_include_table_rows():
    doc = doc_of(DOCX)
    assert [t.speaker for t in doc.turns] == [
        None, "Enquêteur", "Nathalie", "Enquêteur", "Nathalie", "Enquêteur",
        "Animatrice", "Robert", "Animatrice", "Sylvie"]
    got = texts(doc)
    assert got[6] == "Qui a déjà fait du covoiturage cette semaine ?"
    assert got[7] == "Moi, deux fois, pour aller à l’hôpital de Pamiers."
    assert got[8] == "Et vous, Sylvie ?"
    assert got[9].startswith("Non, jamais : je ne connais personne qui a mes horaires.")
    assert [t.role for t in doc.turns[6:]] == [
        "interviewer", "participant", "interviewer", "participant"]
    assert "Locuteur" not in {t.speaker for t in doc.turns}


def test_docx_turn_texts():
    got = texts(doc_of(DOCX))
    assert got[0] == ("Entretien – Coopérative de covoiturage du pays d’Olmes\n"
                      "Entretien réalisé le 14 mars 2024 à Lavelanet, durée 40 minutes.")
    assert got[1] == "Pouvez-vous présenter la coopérative en quelques mots ?"
    # P3 + unlabeled continuation P4
    assert got[2] == ("On l’a créée en 2021 avec des parents d’élèves. Au départ, c’était juste "
                      "un groupe de messagerie pour organiser les trajets vers le collège.\n"
                      "Ensuite les entreprises de la zone artisanale nous ont rejoints, et on a "
                      "dû monter une vraie structure, avec une assurance et une charte.")
    assert got[3] == "Combien de membres aujourd’hui ?"
    assert got[5].startswith("Merci. On passe à l’extrait de l’atelier.")


def test_docx_soft_break_kept_and_nbsp_label():
    got = texts(doc_of(DOCX))
    # P6: `Nathalie\u00a0:` label, one <w:br/>
    assert got[4] == ("Cent trente-huit inscrits.\n"
                      "Une cinquantaine vraiment actifs, qui proposent des trajets chaque semaine.")


def test_docx_turn_lines_are_paragraph_numbers():
    # Turn.line is "the Word paragraph" for .docx: P2 -> 3, P3 -> 4, P5 -> 6, P6 -> 7, P7 -> 8
    doc = doc_of(DOCX)
    assert [t.line for t in doc.turns[:6]] == [1, 3, 4, 6, 7, 8]


def test_docx_declared_interviewer_and_note_kind():
    doc = doc_of(DOCX, interviewers=("Nathalie",))
    assert [t.role for t in doc.turns[1:6]] == ["interviewer"] * 5
    note = doc_of(DOCX, kind="note")
    assert note.kind == "note" and note.turns is None


def test_corrupt_docx_refused():
    with pytest.raises(CorpusError) as info:
        read("junk/corrupt.docx")
    assert info.value.code == "LS204"
    assert info.value.path == "junk/corrupt.docx"
    assert ".docx" in info.value.reason


def test_owner_file_docx_refused_when_read():
    with pytest.raises(CorpusError) as info:
        read("junk/~$interview.docx")
    assert info.value.code == "LS204"


def test_docx_without_text_refused(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("   ")
    path = tmp_path / "vide.docx"
    document.save(str(path))
    with pytest.raises(CorpusError) as info:
        read_file(path, "vide.docx", FileSettings())
    assert info.value.code == "LS201"


def test_docx_speaker_table_built_inline(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Atelier du 2 avril")
    table = document.add_table(rows=3, cols=2)
    for row, (who, what) in zip(table.rows, [("Locuteur", "Texte"), ("Animateur", "Bonjour."),
                                             ("Odile", "Merci de m’inviter.")], strict=True):
        row.cells[0].text, row.cells[1].text = who, what
    path = tmp_path / "atelier.docx"
    document.save(str(path))
    (doc,) = read_file(path, "atelier.docx", FileSettings()).documents
    assert [t.speaker for t in doc.turns] == [None, "Animateur", "Odile"]
    assert [doc.text[t.start:t.end] for t in doc.turns[1:]] == ["Bonjour.", "Merci de m’inviter."]


# --- interview.odt ----------------------------------------------------------------------------

def test_odt_turns():
    result = read(ODT)
    assert result.refusals == [] and result.warnings == []
    (doc,) = result.documents
    assert doc.kind == "interview"
    assert [t.speaker for t in doc.turns] == [None] + ["Enquêtrice", "Marcel"] * 2
    assert [t.role for t in doc.turns] == ["unknown"] + ["interviewer", "participant"] * 2
    got = texts(doc)
    assert got[0] == "Entretien avec Marcel, ancien cheminot – Tarascon-sur-Ariège"
    assert got[1] == "Vous avez travaillé longtemps sur la ligne ?"
    # <text:line-break/> read as one "\n"
    assert got[2] == ("Trente et un ans. J’ai connu la ligne quand il y avait encore des trains "
                      "de marchandises tous les jours.\n"
                      "Le talc de Luzenac, le bois, tout passait par le rail.")
    assert got[3] == "Qu’est-ce qui vous manque le plus ?"
    # label inside a bold <text:span>
    assert got[4] == "Le bruit du train du matin, à 6 h 12. On réglait les montres dessus."


def test_odt_turn_lines_are_paragraph_numbers():
    # heading = paragraph 1, then the four turns are paragraphs 2-5
    doc = doc_of(ODT)
    assert [t.line for t in doc.turns] == [1, 2, 3, 4, 5]


def test_corrupt_odt_refused(tmp_path):
    path = tmp_path / "abime.odt"
    path.write_bytes((DATA / ODT).read_bytes()[:300])
    with pytest.raises(CorpusError) as info:
        read_file(path, "abime.odt", FileSettings())
    assert info.value.code == "LS204"


# --- .docx built in tmp_path: text Word shows that python-docx alone loses -----------------------

_TRACK = 'w:author="Claire Dumas" w:date="2024-04-02T10:00:00Z"'


def _run(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _docx_from_body(tmp_path, name: str, body_xml: str, header: str | None = None):
    """A .docx made by python-docx whose body gets ``body_xml`` (WordprocessingML)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
        document.sections[0].footer.paragraphs[0].text = "Page 1"
    body = document.element.body
    for child in list(parse_xml(f'<w:body {nsdecls("w")}>{body_xml}</w:body>')):
        body.insert(len(body) - 1, child)  # before w:sectPr
    path = tmp_path / name
    document.save(str(path))
    return path


def _read_doc(path, **settings):
    (doc,) = read_file(path, path.name, FileSettings(**settings)).documents
    return doc


def test_docx_tracked_changes_accepted(tmp_path):
    body = "".join([
        _p(_run("Entretien avec Mireille, aide-soignante à Foix")),
        _p(_run("Enquêtrice :", bold=True), _run(" Vous prenez le bus le matin ?")),
        _p(_run("Mireille :", bold=True), _run(" "),
           f'<w:ins w:id="1" {_TRACK}>{_run("Oui, tous les jours")}</w:ins>',
           f'<w:del w:id="2" {_TRACK}><w:r><w:delText>Non, jamais</w:delText></w:r></w:del>',
           _run(", sauf le dimanche.")),
        _p(_run("Enquêtrice :", bold=True),
           f'<w:ins w:id="3" {_TRACK}>{_run(" Et pour rentrer ?")}</w:ins>'),
        # a whole paragraph inserted with track changes
        f'<w:p><w:pPr><w:rPr><w:ins w:id="4" {_TRACK}/></w:rPr></w:pPr>'
        f'<w:ins w:id="5" {_TRACK}>{_run("Mireille :", bold=True)}'
        f'{_run(" Le car de 17 h 40, quand il passe.")}</w:ins></w:p>',
    ])
    doc = _read_doc(_docx_from_body(tmp_path, "mireille.docx", body))
    assert "Non, jamais" not in doc.text
    assert [t.speaker for t in doc.turns] == [
        None, "Enquêtrice", "Mireille", "Enquêtrice", "Mireille"]
    assert texts(doc)[2:] == ["Oui, tous les jours, sauf le dimanche.", "Et pour rentrer ?",
                              "Le car de 17 h 40, quand il passe."]
    assert [t.line for t in doc.turns] == [1, 2, 3, 4, 5]


def test_docx_inline_content_kept_field_codes_left_out(tmp_path):
    link = ('<w:hyperlink w:anchor="horaires">' + _run("fiche horaire") + "</w:hyperlink>")
    smart = '<w:smartTag w:uri="urn:x" w:element="place">' + _run("Saint-Girons") + "</w:smartTag>"
    simple = '<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM yyyy&quot; ">' + _run("2 avril 2024")
    simple += "</w:fldSimple>"
    control = ('<w:sdt><w:sdtPr><w:alias w:val="Commune"/></w:sdtPr><w:sdtContent>'
               + _run("Massat") + "</w:sdtContent></w:sdt>")
    complex_field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                     '<w:r><w:instrText xml:space="preserve"> PAGEREF _Toc1 \\h '
                     '</w:instrText></w:r>'
                     '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + _run("3")
                     + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    body = "".join([
        _p(_run("Paul :", bold=True), _run(" Voir la "), link, _run(" de "), smart, _run(".")),
        _p(_run("Inès :", bold=True), _run(" Mis à jour le "), simple, _run(" pour "), control,
           _run(", page "), complex_field, _run(".")),
        _p(_run("Paul :", bold=True),
           '<w:r><w:t>Aller</w:t><w:tab/><w:t>retour</w:t><w:br/><w:t>Pont</w:t>'
           '<w:noBreakHyphen/><w:t>Neuf</w:t><w:cr/><w:t>fin</w:t></w:r>',
           '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Arial" w:char="2192"/>'
           '<w:br w:type="page"/></w:r>'),
        _p('<w:r><w:br w:type="page"/></w:r>', _run("Inès :", bold=True), _run(" Fin.")),
    ])
    doc = _read_doc(_docx_from_body(tmp_path, "liens.docx", body))
    assert doc.text == ("Paul : Voir la fiche horaire de Saint-Girons.\n"
                        "Inès : Mis à jour le 2 avril 2024 pour Massat, page 3.\n"
                        "Paul :Aller\tretour\nPont-Neuf\nfin→\n"
                        "Inès : Fin.")
    assert "PAGEREF" not in doc.text and "DATE" not in doc.text
    # the soft breaks stay inside paragraph 3: the next turn is paragraph 4
    assert [t.line for t in doc.turns] == [1, 2, 3, 4]


def test_docx_block_content_controls_and_custom_xml(tmp_path):
    table = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
             + "".join(f"<w:tr><w:tc>{_p(_run(a))}</w:tc><w:tc>{_p(_run(b))}</w:tc></w:tr>"
                       for a, b in [("Locuteur", "Texte"), ("Enquêteur", "On commence ?"),
                                    ("Hervé", "Allez-y.")])
             + "</w:tbl>")
    body = "".join([
        _p(_run("Transcription – atelier mobilité, Mirepoix")),
        '<w:sdt><w:sdtPr><w:alias w:val="Transcription"/><w:tag w:val="corps"/></w:sdtPr>'
        "<w:sdtContent>"
        + _p(_run("Enquêteur :", bold=True), _run(" Vous venez comment à l’atelier ?"))
        + _p(_run("Hervé :", bold=True), _run(" En stop, depuis Léran."))
        + table
        + "</w:sdtContent></w:sdt>",
        '<w:customXml w:element="reponse">'
        + _p(_run("Enquêteur :", bold=True), _run(" Merci."))
        + "</w:customXml>",
        _p(_run("Fin de la transcription.")),
    ])
    path = _docx_from_body(tmp_path, "atelier.docx", body, header="Confidentiel – ne pas diffuser")
    doc = _read_doc(path)
    assert "Confidentiel" not in doc.text and "Page 1" not in doc.text
    assert doc.text == ("Transcription – atelier mobilité, Mirepoix\n"
                        "Enquêteur : Vous venez comment à l’atelier ?\n"
                        "Hervé : En stop, depuis Léran.\n"
                        "Locuteur : Texte\nEnquêteur : On commence ?\nHervé : Allez-y.\n"
                        "Enquêteur : Merci.\n"
                        "Fin de la transcription.")
    assert [t.speaker for t in doc.turns] == [None] + ["Enquêteur", "Hervé"] * 2 + ["Enquêteur"]
    assert [t.line for t in doc.turns] == [1, 2, 3, 5, 6, 7]


def test_docx_table_identical_cells_kept_merged_cells_once(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Questionnaire – Jeanne, Castillon-en-Couserans")
    table = document.add_table(rows=4, cols=3)
    for row, values in zip(table.rows, [("Question", "Aller", "Retour"),
                                        ("Bus le soir ?", "Oui", "Oui"),
                                        ("Covoiturage ?", "Non", "Non"),
                                        ("Remarque", "", "")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    merged = table.cell(3, 1).merge(table.cell(3, 2))  # one cell over two columns
    merged.text = "Le dernier car part à 18 h."
    inner = table.cell(0, 0).add_table(rows=1, cols=2)  # a table nested in a cell
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Code", "Q-07"
    path = tmp_path / "questionnaire.docx"
    document.save(str(path))
    doc = _read_doc(path)
    assert doc.text == ("Questionnaire – Jeanne, Castillon-en-Couserans\n"
                        "Question\nCode : Q-07 : Aller : Retour\n"
                        "Bus le soir ? : Oui : Oui\n"
                        "Covoiturage ? : Non : Non\n"
                        "Remarque : Le dernier car part à 18 h.")
    assert doc.line_at(doc.text.index("Covoiturage")) == 4


def test_docx_vertical_merge_and_rows_in_content_control(tmp_path):
    def row(*cells: str) -> str:
        return "<w:tr>" + "".join(cells) + "</w:tr>"

    def tc(text: str, merge: str | None = None) -> str:
        props = f'<w:tcPr><w:vMerge w:val="{merge}"/></w:tcPr>' if merge == "restart" else ""
        props = "<w:tcPr><w:vMerge/></w:tcPr>" if merge == "continue" else props
        return f"<w:tc>{props}{_p(_run(text)) if text else '<w:p/>'}</w:tc>"

    table = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
             + row(tc("Locuteur"), tc("Intervention"))
             + row(tc("Animatrice"), tc("Qui vient à vélo ?"))
             + row(tc("Yvette", "restart"), tc("Moi, l’été."))
             # a repeating-section content control around rows
             + '<w:sdt><w:sdtPr><w:alias w:val="Tours"/></w:sdtPr><w:sdtContent>'
             + row(tc("", "continue"), tc("Et jamais quand il pleut."))
             + row(tc("Animatrice"), tc("Merci Yvette."))
             + "</w:sdtContent></w:sdt></w:tbl>")
    doc = _read_doc(_docx_from_body(tmp_path, "velo.docx", table))
    assert doc.text == ("Locuteur : Intervention\nAnimatrice : Qui vient à vélo ?\n"
                        "Yvette : Moi, l’été.\nYvette : Et jamais quand il pleut.\n"
                        "Animatrice : Merci Yvette.")
    assert [t.speaker for t in doc.turns] == [None, "Animatrice", "Yvette", "Yvette",
                                              "Animatrice"]


def test_docx_only_deleted_text_refused(tmp_path):
    body = _p(f'<w:del w:id="1" {_TRACK}><w:r><w:delText>Brouillon supprimé</w:delText>'
              "</w:r></w:del>")
    path = _docx_from_body(tmp_path, "supprime.docx", body, header="En-tête seul")
    with pytest.raises(CorpusError) as info:
        read_file(path, "supprime.docx", FileSettings())
    assert info.value.code == "LS201"


# --- .odt built in tmp_path -------------------------------------------------------------------

def _odt(tmp_path, name: str, *elements):
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for element in elements:
        document.text.addElement(element)
    path = tmp_path / name
    document.save(str(path))
    return path


def _odt_p(*parts, heading: bool = False):
    from odf import text

    paragraph = text.H(outlinelevel=1) if heading else text.P()
    for part in parts:
        if isinstance(part, str):
            paragraph.addText(part)
        else:
            paragraph.addElement(part)
    return paragraph


def test_odt_tracked_changes_lists_sections_and_spaces(tmp_path):
    from odf import dc, office, text
    from odf.namespaces import TEXTNS, XMLNS

    def region_of(change_id: str):  # LibreOffice writes both ids
        return text.ChangedRegion(qattributes={(TEXTNS, "id"): change_id,
                                               (XMLNS, "id"): change_id})

    changes = text.TrackedChanges()
    for change_id, removed in [("ct1", "Je ne prends jamais le train."), ("ct2", "Brouillon")]:
        region = region_of(change_id)
        deletion = text.Deletion()
        info = office.ChangeInfo()
        info.addElement(dc.Creator(text="Claire Dumas"))
        info.addElement(dc.Date(text="2024-04-02T10:00:00"))
        deletion.addElement(info)
        deletion.addElement(_odt_p(removed))
        region.addElement(deletion)
        changes.addElement(region)
    inserted = region_of("ct3")
    insertion = text.Insertion()
    info = office.ChangeInfo()
    info.addElement(dc.Creator(text="Claire Dumas"))
    insertion.addElement(info)
    inserted.addElement(insertion)
    changes.addElement(inserted)

    def label():  # nested spans, as LibreOffice writes a partly formatted label
        bold = text.Span(stylename="Gras")
        bold.addElement(text.Span(text="Enquêtrice"))
        bold.addText(" :")
        return bold

    items = text.List()
    for entry in ("le car du matin,", "le TAD le mardi."):
        item = text.ListItem()
        item.addElement(_odt_p(entry))
        items.addElement(item)
    section = text.Section(name="Suite")
    section.addElement(_odt_p("Lucien : Merci à vous."))
    note = office.Annotation()
    note.addElement(dc.Creator(text="Claire Dumas"))
    note.addElement(_odt_p("Vérifier le nom de la ligne"))
    elements = [
        changes,
        _odt_p("Entretien avec Lucien, Seix", heading=True),
        _odt_p(label(), " Comment allez-vous à Saint-Girons ?"),
        _odt_p("Lucien : ", text.Change(changeid="ct1"), text.ChangeStart(changeid="ct3"),
               "Le train,", text.ChangeEnd(changeid="ct3"), " puis", text.S(c=3), "le car",
               text.Tab(), "(ligne 452).", text.LineBreak(), "Et aussi :"),
        items,
        _odt_p(label(), " Merci.", note),
        section,
    ]
    doc = _read_doc(_odt(tmp_path, "lucien.odt", *elements))
    assert "jamais" not in doc.text and "Brouillon" not in doc.text
    assert "Vérifier" not in doc.text
    assert doc.text == ("Entretien avec Lucien, Seix\n"
                        "Enquêtrice : Comment allez-vous à Saint-Girons ?\n"
                        "Lucien : Le train, puis   le car\t(ligne 452).\nEt aussi :\n"
                        "le car du matin,\nle TAD le mardi.\n"
                        "Enquêtrice : Merci.\n"
                        "Lucien : Merci à vous.")
    assert [t.speaker for t in doc.turns] == [None] + ["Enquêtrice", "Lucien"] * 2
    assert [t.line for t in doc.turns] == [1, 2, 3, 6, 7]


def test_odt_table_cells_identical_and_multi_paragraph(tmp_path):
    from odf import table

    grid = table.Table(name="Reponses")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=3))
    for values in [("Question", "Aller", "Retour"), ("Bus le soir ?", "Oui", "Oui"),
                   ("Remarque", ("Car à 18 h.", "Rien après."), "")]:
        row = table.TableRow()
        for value in values:
            cell = table.TableCell()
            for paragraph in ((value,) if isinstance(value, str) else value):
                cell.addElement(_odt_p(paragraph))
            row.addElement(cell)
        grid.addElement(row)
    doc = _read_doc(_odt(tmp_path, "reponses.odt", _odt_p("Questionnaire – Foix"), grid))
    assert doc.text == ("Questionnaire – Foix\nQuestion : Aller : Retour\n"
                        "Bus le soir ? : Oui : Oui\nRemarque : Car à 18 h.\nRien après.")
    assert doc.line_at(doc.text.index("Rien")) == 4
