"""The DOCX's page furniture and file properties, after the shared layout (:mod:`.layout`).

Header (its text over a rule) and footer ("Entwurf · Version 3 · erstellt am 21.11.2026" left,
"Seite x von y" right) on every page but the first; the first page carries only the watermark,
and on a compact document (no cover) the footer too. The properties name the draft as the PDF's
do: title with subtitle, the parties as author, "Entwurf", the generation time.
"""

from __future__ import annotations

import datetime as dt

from docx.oxml.ns import qn

from kooperation.drafting.docmodel import Text
from kooperation.render import docx_styles as S
from kooperation.render.docx_labels import label_for, quote
from kooperation.render.docx_oxml import (
    borders,
    clean_text,
    el,
    field_runs,
    new_paragraph,
    new_run,
    no_borders,
    two_column_table,
    watermark_run,
)
from kooperation.render.docx_reference import body_font
from kooperation.render.layout import (
    APP_NAME,
    document_author,
    document_title,
    footer_text,
    generated_at,
)

LANG_TAGS = {"de": "de-DE", "en": "en-GB"}


def headers_and_footers(writer) -> None:
    """Fill every header and footer part of the last section of ``writer.document``."""
    doc, document = writer.doc, writer.document
    section = document.sections[-1]
    section.different_first_page_header_footer = True
    pairs = [(section.header, section.footer, True, True)]
    pairs.append((section.first_page_header, section.first_page_footer, False, not doc.show_toc))
    if document.settings.odd_and_even_pages_header_footer:
        pairs.append((section.even_page_header, section.even_page_footer, True, True))
    header_text = clean_text(doc.labels.get("header") or doc.title)
    watermark = doc.labels.get("watermark")
    if watermark is None:
        watermark = label_for(doc, "watermark")
    watermark = clean_text(watermark).strip()
    header_style = writer.styles.paragraph("header")
    footer_style = writer.styles.paragraph("footer")
    font = body_font(document)
    for number, (header, footer, with_header, with_footer) in enumerate(pairs, start=1):
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        container = header._element
        _clear(container)
        if with_header:
            p = new_paragraph(header_style.style_id)
            if header_text:
                p.append(new_run(header_text))
        else:  # no text and no rule: the style's bottom border is switched off
            p = new_paragraph(header_style.style_id, border=no_borders("w:pBdr"))
        container.append(p)
        if watermark:
            width = writer.text_width / 20 * 0.92
            height = width / max(2.0, 0.72 * len(watermark))
            p.append(watermark_run(watermark, font, width, height, number))
        container = footer._element
        _clear(container)
        container.append(_footer_paragraph(writer, footer_style) if with_footer
                         else new_paragraph(footer_style.style_id))


def _footer_paragraph(writer, footer_style):
    """"Entwurf · Version 3 · erstellt am 21.11.2026 <tab> Seite x von y": the style's own tab
    stops are cleared and one right tab at the text edge set."""
    style = writer.styles.element(footer_style.style_id)
    stops = style.findall(f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}") if style is not None else []
    tabs = [("clear", int(t.get(qn("w:pos")))) for t in stops if t.get(qn("w:pos"))]
    tabs.append(("right", writer.text_width))
    p = new_paragraph(footer_style.style_id, jc="left", tabs=tabs)
    p.append(new_run(footer_text(writer.doc, writer.label) + "\t" + f"{writer.label('page')} "))
    for run in field_runs("PAGE", "1"):
        p.append(run)
    p.append(new_run(f" {writer.label('of')} "))
    for run in field_runs("NUMPAGES", "1"):
        p.append(run)
    return p


def properties(writer) -> None:
    """The file properties (core.xml) of ``writer.document``."""
    doc = writer.doc
    meta = doc.meta or {}
    props = writer.document.core_properties
    when = generated_at(meta).astimezone(dt.UTC).replace(tzinfo=None)
    props.title = clean_text(document_title(doc))[:255]
    props.subject = writer.label("draft") or "Entwurf"
    props.author = clean_text(document_author(doc))[:255]
    props.last_modified_by = APP_NAME
    keywords = [doc.title, writer.label("draft"), meta.get("project", ""), doc.kind]
    props.keywords = "; ".join(k for k in (clean_text(k) for k in keywords) if k)[:255]
    props.category = clean_text(doc.kind)[:255]
    props.comments = clean_text(doc.subtitle)[:255]
    props.identifier = clean_text(meta.get("content_hash", ""))[:255]
    props.language = LANG_TAGS.get(doc.language, clean_text(doc.language))
    version = str(meta.get("version", "") or "")
    props.version = clean_text(version)[:255]
    props.revision = int(version) if version.isdigit() and 0 < int(version) < 10**9 else 1
    props.created = when
    props.modified = when
    props.last_printed = when


def _clear(container) -> None:
    for child in list(container):
        container.remove(child)


# --- signatures


def signatures(writer) -> None:
    """The signature table of ``writer``'s document: two blocks per row (place and date, the
    line with the party's name, its representative and short name), rows never split."""
    doc = writer.doc
    title = doc.signature_title or writer.label("signatures")
    writer._heading(S.SECTION, title, level=1, page_break=doc.show_toc)
    line_style = writer.styles.paragraph(S.SIGNATURE_LINE)
    text_style = writer.styles.paragraph(S.SIGNATURE)
    line_extra = {} if line_style.exact else {
        "border": borders("w:pBdr", ("top",), sz=4, space=2, color="000000"),
        "spacing": {"before": 720, "after": 0},
    }  # fmt: skip
    half = writer.text_width // 2
    tbl = two_column_table(writer.text_width, no_borders("w:tblBorders"), 0, 567)
    place_date = clean_text(doc.signature_place_date) or writer.label("place_date")
    parties = list(doc.parties)
    last_p = None
    for start in range(0, len(parties), 2):
        tr = el("w:tr", None, el("w:trPr", None, el("w:cantSplit")))
        for party in parties[start : start + 2] + [None] * (
            2 - len(parties[start : start + 2])
        ):
            tc = el(
                "w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": half, "w:type": "dxa"}))
            )
            if party is None:
                last_p = new_paragraph(text_style.style_id)
                tc.append(last_p)
            else:
                first = new_paragraph(
                    line_style.style_id, keep_next=True, keep_lines=True, **line_extra
                )
                first.append(new_run(place_date))
                sign = new_paragraph(
                    line_style.style_id, keep_next=True, keep_lines=True, **line_extra
                )
                sign.append(new_run(clean_text(party.name), bold=True))
                tc.append(first)
                tc.append(sign)
                last_p = sign
                short = writer._designation(party.designation)[1]
                # the representative may be an open mark: highlighted like every open point
                for pieces in (party.representative_pieces(), [Text(quote(writer.doc, short))] if short else []):
                    if any(clean_text(getattr(piece, "text", "") or getattr(piece, "label", "")) for piece in pieces):
                        last_p = new_paragraph(text_style.style_id, keep_next=True)
                        writer._inlines(last_p, pieces)
                        tc.append(last_p)
            tr.append(tc)
        tbl.append(tr)
    writer._append(tbl)
    writer._last_p = last_p
