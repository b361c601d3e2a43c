"""Fixture files for the review-import tests, above all a DOCX whose comments and tracked
changes were written by LibreOffice itself.

How the LibreOffice file is made (:func:`build_libreoffice_review_docx`): our generated DOCX is
converted to flat ODF (``.fodt``) by a headless LibreOffice, the ODF XML gets annotations and
tracked changes with lxml (inserting annotations through UNO crashes the headless build; the
text route works), and LibreOffice converts the result back to DOCX. Everything in the DOCX
that the reader sees was therefore written by LibreOffice's own DOCX export.

LibreOffice runs with a private profile (``-env:UserInstallation``) so that parallel runs do not
clash, and is stopped (its whole process group) when it takes longer than :data:`TIMEOUT`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from kooperation.drafting.docmodel import Clause, Note, Table, inline_text

TIMEOUT = 120
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def expected_clause_text(clause: Clause) -> str:
    """The text the reader gives for a clause of a generated, unedited DOCX: ``Clause.text``,
    except that a note box reads "title\\nbody" (the renderer puts a line break after the
    title) and a table gives one line per non-empty cell (every cell is a paragraph)."""
    lines: list[str] = []
    for block in clause.blocks:
        if isinstance(block, Note):
            body = inline_text(block.inlines)
            lines.append(f"{block.title}\n{body}" if body else block.title)
        elif isinstance(block, Table):
            lines += [cell for row in [block.header, *block.rows] for cell in row if cell.strip()]
        else:
            lines.append(block.text)
    return "\n".join(lines)


# --- what the LibreOffice file contains -----------------------------------------------------------


@dataclass(frozen=True)
class LoComment:
    clause_id: str
    author: str
    initials: str
    date: datetime
    paragraphs: tuple[str, ...]
    anchor: str = ""  # the commented text of a range comment; "" for a point comment

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class LoChange:
    clause_id: str
    kind: str  # "insert" or "delete"
    author: str
    date: datetime
    text: str


POINT_COMMENT = LoComment("beitraege", "Dr. Lena Roth", "LR", datetime(2025, 3, 4, 10, 15, tzinfo=UTC),
                          ("Bitte die Beiträge konkretisieren.",))  # fmt: skip
RANGE_COMMENT = LoComment("kosten", "Max Muster", "MM", datetime(2025, 3, 5, 11, 0, tzinfo=UTC),
                          ("Zu gleichen Teilen?", "Oder nach Umsatz?"), anchor="Gemeinsame Kosten")  # fmt: skip
INSERTION = LoChange("haftung", "insert", "Dr. Lena Roth", datetime(2025, 3, 6, 9, 0, tzinfo=UTC),
                     "Vorbehaltlich abweichender Abreden: ")  # fmt: skip
DELETION = LoChange("kosten", "delete", "Max Muster", datetime(2025, 3, 6, 9, 5, tzinfo=UTC),
                    ", selbst")  # fmt: skip


# --- LibreOffice ------------------------------------------------------------------------------------


def soffice_or_skip() -> str:
    """The LibreOffice executable; the test is skipped without one, except on CI (environment
    variable ``CI`` set), where LibreOffice is installed and its absence is a failure."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is not installed, but CI must run the LibreOffice tests")
    pytest.skip("LibreOffice (soffice) is not installed")


def convert(soffice: str, source: Path, target: str, out_dir: Path, profile: Path) -> Path:
    """Convert ``source`` with LibreOffice (``--convert-to target``) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(source),
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group we started: soffice and its children
        process.communicate()
        pytest.fail(f"LibreOffice took longer than {TIMEOUT} s to convert {source.name}")
    suffix = "." + target.split(":", 1)[0]
    result = out_dir / (source.stem + suffix)
    if process.returncode != 0 or not result.is_file():
        pytest.fail(
            f"LibreOffice could not convert {source.name} to {target} "
            f"(exit {process.returncode}): {stdout.decode(errors='replace')} "
            f"{stderr.decode(errors='replace')}"
        )
    return result


def build_libreoffice_review_docx(docx: bytes, work_dir: Path) -> bytes:
    """Our DOCX ``docx`` with the comments and changes above, as LibreOffice writes them."""
    soffice = soffice_or_skip()
    profile = work_dir / "lo_profile"
    source = work_dir / "entwurf.docx"
    source.write_bytes(docx)
    flat = convert(soffice, source, "fodt", work_dir / "fodt", profile)
    annotated = work_dir / "geprueft.fodt"
    annotate_fodt(flat, annotated)
    back = convert(soffice, annotated, "docx:MS Word 2007 XML", work_dir / "docx", profile)
    return back.read_bytes()


# --- editing the flat ODF ---------------------------------------------------------------------------


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def annotate_fodt(source: Path, target: Path) -> None:
    """Write ``source`` to ``target`` with the two comments and two tracked changes added."""
    tree = etree.parse(str(source))
    body = tree.getroot().find(f"{q(OFFICE, 'body')}/{q(OFFICE, 'text')}")
    assert body is not None, "no office:text in the flat ODF"

    first = numbered(clause_paragraphs(body, POINT_COMMENT.clause_id), 1)
    note = annotation(POINT_COMMENT)
    note.tail, first.text = first.text, None
    first.insert(0, note)

    second = numbered(clause_paragraphs(body, RANGE_COMMENT.clause_id), 2)
    assert second.text.startswith(RANGE_COMMENT.anchor), second.text
    rest = second.text[len(RANGE_COMMENT.anchor) :]
    note = annotation(RANGE_COMMENT, name="kommentar_kosten")
    end = etree.Element(q(OFFICE, "annotation-end"), {q(OFFICE, "name"): "kommentar_kosten"})
    second.text = None
    second.insert(0, note)
    note.tail = RANGE_COMMENT.anchor
    note.addnext(end)
    end.tail = rest

    regions = etree.Element(q(TEXT, "tracked-changes"), {q(TEXT, "track-changes"): "false"})
    forms = body.find(q(OFFICE, "forms"))
    body.insert(0 if forms is None else body.index(forms) + 1, regions)
    insert_text(body, regions)
    delete_text(body, regions)
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")


def clause_paragraphs(body, clause_id: str) -> list:
    """The paragraphs and headings from the bookmark start ``kl_<clause_id>`` to its end."""
    name = f"kl_{clause_id}"
    found, inside = [], False
    for paragraph in body.iter(q(TEXT, "p"), q(TEXT, "h")):
        marks = {(m.tag, m.get(q(TEXT, "name"))) for m in paragraph.iter()}
        if (q(TEXT, "bookmark-start"), name) in marks:
            inside = True
        if inside:
            found.append(paragraph)
        if (q(TEXT, "bookmark-end"), name) in marks:
            break
    assert found, f"bookmark {name} not found in the flat ODF"
    return found


def numbered(paragraphs: list, number: int):
    """The paragraph (number) among ``paragraphs``: the number-th paragraph of the clause's
    § list (the "(n)" comes from the list numbering, it is not in the text)."""
    heading = next((p for p in paragraphs if p.tag == q(TEXT, "h")), None)
    assert heading is not None, "no heading among the clause paragraphs"
    paragraph_list = top_list(heading)
    found = [
        p
        for p in paragraphs
        if p.tag == q(TEXT, "p")
        and p.getparent().tag == q(TEXT, "list-item")
        and top_list(p) is not None
        and top_list(p).get(q(TEXT, "style-name")) == paragraph_list.get(q(TEXT, "style-name"))
    ]
    if len(found) < number:
        raise AssertionError(f"no paragraph ({number}) in the clause")
    return found[number - 1]


def top_list(element):
    """The outermost ``text:list`` around ``element`` (None outside lists)."""
    found = None
    for ancestor in element.iterancestors(q(TEXT, "list")):
        found = ancestor
    return found


def annotation(comment: LoComment, name: str | None = None):
    element = etree.Element(q(OFFICE, "annotation"), {q(OFFICE, "name"): name} if name else {})
    etree.SubElement(element, q(DC, "creator")).text = comment.author
    etree.SubElement(element, q(DC, "date")).text = comment.date.strftime("%Y-%m-%dT%H:%M:%S")
    etree.SubElement(element, q(META, "creator-initials")).text = comment.initials
    for text in comment.paragraphs:
        etree.SubElement(element, q(TEXT, "p")).text = text
    return element


def changed_region(regions, region_id: str, kind: str, change: LoChange):
    region = etree.SubElement(regions, q(TEXT, "changed-region"),
                              {q(TEXT, "id"): region_id, XML_ID: region_id})  # fmt: skip
    what = etree.SubElement(region, q(TEXT, kind))
    info = etree.SubElement(what, q(OFFICE, "change-info"))
    etree.SubElement(info, q(DC, "creator")).text = change.author
    etree.SubElement(info, q(DC, "date")).text = change.date.strftime("%Y-%m-%dT%H:%M:%S")
    return what


def insert_text(body, regions) -> None:
    """A tracked insertion at the start of paragraph (1) of the insertion's clause."""
    changed_region(regions, "ct_einfuegung", "insertion", INSERTION)
    paragraph = numbered(clause_paragraphs(body, INSERTION.clause_id), 1)
    start = etree.Element(q(TEXT, "change-start"), {q(TEXT, "change-id"): "ct_einfuegung"})
    end = etree.Element(q(TEXT, "change-end"), {q(TEXT, "change-id"): "ct_einfuegung"})
    rest, paragraph.text = paragraph.text, None
    paragraph.insert(0, start)
    start.tail = INSERTION.text
    start.addnext(end)
    end.tail = rest


def delete_text(body, regions) -> None:
    """A tracked deletion of the deletion's text from paragraph (1) of its clause."""
    what = changed_region(regions, "ct_loeschung", "deletion", DELETION)
    etree.SubElement(what, q(TEXT, "p")).text = DELETION.text
    paragraph = numbered(clause_paragraphs(body, DELETION.clause_id), 1)
    before, found, after = paragraph.text.rpartition(DELETION.text)
    assert found, paragraph.text
    mark = etree.Element(q(TEXT, "change"), {q(TEXT, "change-id"): "ct_loeschung"})
    paragraph.text = before
    paragraph.insert(0, mark)
    mark.tail = after


# --- a file saved several times, with comments on every part and a new § --------------------------

PART_COMMENTS = {  # the first paragraph starting with the key gets a comment with the text
    "Kooperationsvertrag": "Titel ohne Projektnamen?",
    "zwischen": "Sind alle Partner genannt?",
    "Präambel": "Präambel kürzen.",
    "Unterschriften": "Wer zeichnet für die Stadt?",
    "Anlage 2 – Ziele der Kooperation": "Ziele messbar machen.",
}
REPLY_AUTHOR = "Max Muster"  # answers the preamble comment at the same place (LibreOffice 7.4: no link)
REPLY_TEXT = "Stimme zu, höchstens drei Sätze."
NEW_CLAUSE = LoChange("kosten", "insert", "Dr. Lena Roth", datetime(2025, 3, 7, 8, 30, tzinfo=UTC),
                      "§ 5 Umlagen\nDie Partner legen Sachkosten nach Köpfen um.")  # fmt: skip


def lo_save(docx: bytes, work_dir: Path, name: str) -> bytes:
    """``docx`` opened and saved as DOCX once more by LibreOffice."""
    soffice = soffice_or_skip()
    source_dir = work_dir / f"{name}_in"
    source_dir.mkdir(parents=True, exist_ok=True)
    source = source_dir / f"{name}.docx"
    source.write_bytes(docx)
    result = convert(soffice, source, "docx:MS Word 2007 XML", work_dir / f"{name}_out",
                     work_dir / "lo_profile")  # fmt: skip
    return result.read_bytes()


def build_libreoffice_full_review(docx: bytes, work_dir: Path) -> bytes:
    """Our DOCX with the comments and changes of :func:`annotate_fodt`, a comment on every part
    of the document (`PART_COMMENTS`), an unlinked reply, and a tracked insertion of a whole
    new § after "kosten", as LibreOffice writes them."""
    soffice = soffice_or_skip()
    profile = work_dir / "lo_profile"
    source = work_dir / "entwurf.docx"
    source.write_bytes(docx)
    flat = convert(soffice, source, "fodt", work_dir / "fodt", profile)
    annotated = work_dir / "geprueft.fodt"
    annotate_fodt(flat, annotated)
    tree = etree.parse(str(annotated))
    body = tree.getroot().find(f"{q(OFFICE, 'body')}/{q(OFFICE, 'text')}")
    when = datetime(2025, 3, 8, 9, 0, tzinfo=UTC)
    for start, text in PART_COMMENTS.items():
        paragraph = next(
            p for p in body.iter(q(TEXT, "p"), q(TEXT, "h"))
            if "".join(p.itertext()).replace("\u00a0", " ").startswith(start)
            and "Contents" not in p.get(q(TEXT, "style-name"), "")
        )  # fmt: skip
        notes = [annotation(LoComment("", "RA Clara Vogt", "CV", when, (text,)))]
        if start == "Präambel":
            later = datetime(2025, 3, 8, 10, 0, tzinfo=UTC)
            notes.append(annotation(LoComment("", REPLY_AUTHOR, "MM", later, (REPLY_TEXT,))))
        for note in reversed(notes):
            note.tail, paragraph.text = paragraph.text, None
            paragraph.insert(0, note)
    regions = body.find(q(TEXT, "tracked-changes"))
    changed_region(regions, "ct_neuer_paragraf", "insertion", NEW_CLAUSE)
    paragraphs = clause_paragraphs(body, NEW_CLAUSE.clause_id)
    last = paragraphs[-1]
    heading = next(p for p in paragraphs if p.tag == q(TEXT, "h"))  # "§ 4 Kosten", numbered by its list
    title, text = NEW_CLAUSE.text.split("\n")
    new_heading = etree.Element(heading.tag, dict(heading.attrib))
    new_heading.text = re.sub(r"^§\s*\d+\s*", "", title)  # the § list numbers it, as in Writer
    new_body = etree.Element(q(TEXT, "p"), {q(TEXT, "style-name"): last.get(q(TEXT, "style-name"))})
    new_body.text = text
    last.append(etree.Element(q(TEXT, "change-start"), {q(TEXT, "change-id"): "ct_neuer_paragraf"}))
    new_body.append(etree.Element(q(TEXT, "change-end"), {q(TEXT, "change-id"): "ct_neuer_paragraf"}))
    listed = heading.getparent()
    if listed.tag == q(TEXT, "list-item"):  # the heading's own one-item list, continued
        wrapper = etree.Element(q(TEXT, "list"), {k: v for k, v in listed.getparent().attrib.items()
                                                  if k != XML_ID})
        etree.SubElement(wrapper, q(TEXT, "list-item")).append(new_heading)
    else:
        wrapper = new_heading
    after = last
    while after.getparent() is not body:  # after the top-level block holding the last paragraph
        after = after.getparent()
    after.addnext(wrapper)
    wrapper.addnext(new_body)
    tree.write(str(annotated), xml_declaration=True, encoding="UTF-8")
    back = convert(soffice, annotated, "docx:MS Word 2007 XML", work_dir / "docx", profile)
    return back.read_bytes()
