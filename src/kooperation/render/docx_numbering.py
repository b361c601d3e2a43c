"""Word list numbering for the §§ and their paragraphs (1), (2), ...

A generated agreement numbers its clause headings ("§ 12") and the numbered paragraphs of a
clause ("(1)", "(2)") with one multi-level list, not with typed text: level 0 ("§ %1") on the
clause heading style, level 1 ("(%2)", restarting in every §) on the numbered paragraph style.
A lawyer who inserts a § in Word or LibreOffice therefore gets every later number moved on,
and cross-references (``REF`` fields to the clause bookmarks, see :mod:`.docx`) follow.

:func:`add_clause_list` writes the list definition into the document's numbering part and,
where the reference has our own styles, links them to it, so a paragraph a lawyer gives the
heading style is numbered as a § at once. The renderer also writes the list on every numbered
paragraph itself, which is what a reference without our styles needs.

:func:`list_numbering_holds` says whether the model's numbers are the ones the list will show
(§ 1, 2, 3 ... in order; paragraphs 1, 2, 3 ... in each §); when they are not, the renderer
types the numbers as text as before.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from kooperation.drafting.docmodel import Clause, Document, Paragraph
from kooperation.render.docx_oxml import PPR_ORDER, el, insert_in_order

NSID = "4B4F4F52"  # "KOOR": fixed, so equal input gives equal bytes
# Between "§" and its number: a narrow no-break space. LibreOffice lays out a REF field's
# result as one piece and breaks it at a no-break space U+00A0 ("nach §|4"), not at U+202F.
NNBSP = "\u202f"
HANG = 567  # twips: "(1)" hangs in the first centimetre
CLAUSE_LEVEL = 0
PARAGRAPH_LEVEL = 1


HEADING_PREFIX = "_kl_"


def heading_bookmark(clause_id: str) -> str:
    """The hidden bookmark (a leading "_" hides it in Word's list) around a clause heading
    alone, which the REF and PAGEREF fields point to: ``kl_<id>`` encloses the whole clause,
    and a field to a bookmark over several paragraphs is read differently by Word and
    LibreOffice. Clause ids have at most 36 characters, so the name stays within Word's 40."""
    return HEADING_PREFIX + clause_id


def clause_numbers_hold(clause: Clause) -> bool:
    """Whether the numbered paragraphs of ``clause`` are (1), (2), ... in order."""
    numbers = [b.number for b in clause.blocks if isinstance(b, Paragraph) and b.number is not None]
    return numbers == list(range(1, len(numbers) + 1))


def list_numbering_holds(doc: Document) -> bool:
    """Whether the numbered clauses of ``doc`` are § 1, § 2, ... in document order."""
    numbers = [c.number for c in doc.clauses() if c.number]
    return bool(numbers) and numbers == list(range(1, len(numbers) + 1))


def _level(ilvl: int, fmt: str, text: str, suffix: str, style_id: str | None, ppr, rpr=None):
    return el(
        "w:lvl",
        {"w:ilvl": ilvl},
        el("w:start", {"w:val": 1}),
        el("w:numFmt", {"w:val": fmt}),
        el("w:pStyle", {"w:val": style_id}) if style_id else None,
        el("w:suff", {"w:val": suffix}),
        el("w:lvlText", {"w:val": text}),
        el("w:lvlJc", {"w:val": "left"}),
        ppr,
        rpr,
    )


def add_clause_list(
    document, heading_style: str | None, paragraph_style: str | None, *, bold_heading: bool, sign: str = "§"
) -> int:
    """Add the §/paragraph list to ``document``'s numbering part; returns its ``w:numId``.

    ``heading_style``/``paragraph_style`` are the ids of our own styles when the reference has
    them (they get linked to the list), else None. ``bold_heading`` makes the "§ n" bold where
    the heading style is not ours (the renderer then bolds the heading text directly). ``sign``
    is the word before the number ("§", in English "Section")."""
    numbering = document.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.iterchildren(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.iterchildren(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1
    levels = [
        _level(
            CLAUSE_LEVEL,
            "decimal",
            f"{sign}{NNBSP}%1",
            "space",
            heading_style,
            el("w:pPr", None, el("w:ind", {"w:left": 0, "w:firstLine": 0})),
            el("w:rPr", None, el("w:b"), el("w:bCs")) if bold_heading else None,
        ),
        _level(
            PARAGRAPH_LEVEL,
            "decimal",
            "(%2)",
            "tab",
            paragraph_style,
            el(
                "w:pPr",
                None,
                el("w:tabs", None, el("w:tab", {"w:val": "num", "w:pos": HANG})),
                el("w:ind", {"w:left": HANG, "w:hanging": HANG}),
            ),
        ),
        _level(
            2,
            "lowerLetter",
            "%3)",
            "tab",
            None,
            el("w:pPr", None, el("w:ind", {"w:left": 2 * HANG, "w:hanging": HANG})),
        ),
    ]
    abstract = el(
        "w:abstractNum",
        {"w:abstractNumId": abstract_id},
        el("w:nsid", {"w:val": NSID}),
        el("w:multiLevelType", {"w:val": "multilevel"}),
        el("w:name", {"w:val": "Kooperation Paragrafen"}),
        *levels,
    )
    first_num = numbering.find(qn("w:num"))  # every abstractNum comes before the nums
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = el("w:num", {"w:numId": num_id}, el("w:abstractNumId", {"w:val": abstract_id}))
    cleanup = numbering.find(qn("w:numIdMacAtCleanup"))  # must stay last
    if cleanup is not None:
        cleanup.addprevious(num)
    else:
        numbering.append(num)
    styles = document.styles.element
    for style_id, ilvl in ((heading_style, CLAUSE_LEVEL), (paragraph_style, PARAGRAPH_LEVEL)):
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']") if style_id else None
        if style is None:
            continue
        ppr = style.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            rpr = style.find(qn("w:rPr"))
            if rpr is not None:
                rpr.addprevious(ppr)
            else:
                style.append(ppr)
        num_pr = el("w:numPr", None, el("w:ilvl", {"w:val": ilvl}), el("w:numId", {"w:val": num_id}))
        insert_in_order(ppr, num_pr, PPR_ORDER)
    return num_id
