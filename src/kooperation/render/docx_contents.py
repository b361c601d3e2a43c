"""The table of contents of a generated DOCX.

One line per heading (sections, §§, annexes), linked to it, with its page number as a
``PAGEREF`` field and, for a § numbered by the list, its number as a ``REF`` field to the hidden
bookmark around the clause heading (:func:`.docx_numbering.heading_bookmark`).

Not a ``TOC`` field: LibreOffice turns the result of one into fixed text and never updates it
when converting, so its page numbers would be whatever we wrote. These fields Word updates when
it opens the file (``w:updateFields``, :func:`.docx_fonts.update_fields_on_open`) and
LibreOffice computes while laying out, so the pages are right in both, also after a lawyer
inserted a § (a new § itself is not listed until a contents is inserted in the word processor).
"""

from __future__ import annotations

from kooperation.render import docx_styles as S
from kooperation.render.docx_bookmarks import clause_id_from_bookmark
from kooperation.render.docx_numbering import heading_bookmark
from kooperation.render.docx_oxml import field_runs, hyperlink, new_paragraph, new_run, ref_field

# level, text as listed, anchor of the heading, and the title after a list-numbered "§ n"
Entry = tuple[int, str, str | None, str | None]


def insert_contents(
    marker, entries: list[Entry], styles: S.StyleResolver, title_text: str, text_width: int,
    listed: set[str],
) -> None:  # fmt: skip
    """Replace the paragraph ``marker`` by the contents title and ``entries``; ``listed`` are
    the ids of the clauses whose "§ n" comes from the list (and who have a heading bookmark)."""
    parent = marker.getparent()
    if not entries:
        parent.remove(marker)
        return
    title_style = styles.paragraph(S.TOC_TITLE)
    title = new_paragraph(
        title_style.style_id, keep_next=True, jc=None if title_style.exact else "center"
    )
    title.append(new_run(title_text, bold=not title_style.exact))
    marker.addprevious(title)
    levels = {1: styles.paragraph("toc 1"), 2: styles.paragraph("toc 2")}
    for level, text, anchor, numbered_title in entries:
        resolved = levels.get(level, levels[2])
        extra = {} if resolved.exact else {"ind": {"left": 425 * (level - 1)}}
        if not resolved.exact:  # ours has a dotted right tab for the page number
            extra["tabs"] = [("right", text_width)]
        p = new_paragraph(resolved.style_id, **extra)
        bold = level == 1 and not resolved.exact
        clause_id = clause_id_from_bookmark(anchor) if anchor else None
        target = heading_bookmark(clause_id) if clause_id in listed else anchor
        container = p
        if anchor:
            container = hyperlink(anchor)
            p.append(container)
        if anchor and numbered_title is not None:
            number = text[: len(text) - len(numbered_title)].strip()
            for run in ref_field(target, number):
                container.append(run)
            container.append(new_run(" " + numbered_title, bold=bold))
        else:
            container.append(new_run(text, bold=bold))
        if anchor:
            container.append(new_run("\t"))
            for run in field_runs(f"PAGEREF {target} \\h"):
                container.append(run)
        marker.addprevious(p)
    parent.remove(marker)
