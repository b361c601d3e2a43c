"""Word bookmark names for clauses, and the way back.

A generated DOCX wraps every clause in a bookmark named ``kl_<clause id>`` and every other part
of the document (title page, party list, preamble, signatures, each annex) in one named
``tl_<part id>`` (see :mod:`kooperation.review.model` for the part ids). When a lawyer's edited
file comes back, :func:`clause_id_from_bookmark` and :func:`part_id_from_bookmark` map the
bookmarks found there back. Kept apart from the renderer so the review import can use it alone.
"""

from __future__ import annotations

import re

CLAUSE_PREFIX = "kl_"
ANNEX_PREFIX = "an_"
PART_PREFIX = "tl_"

# the parts of a document besides its clauses (see kooperation.review.model)
PART_TITLE = "teil_titel"
PART_PARTIES = "teil_parteien"
PART_CONTENTS = "teil_inhalt"
PART_PREAMBLE = "teil_praeambel"
PART_SIGNATURES = "teil_unterschriften"
ANNEX_PART_PREFIX = "anlage_"  # the annexes' own ids begin so
_CLAUSE_ID = re.compile(r"[a-z][a-z0-9_]{0,35}")
_BOOKMARK = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def bookmark_name(clause_id: str) -> str:
    """The Word bookmark that encloses clause ``clause_id``: ``"kl_" + clause_id``.

    Word wants a letter first, then letters, digits or ``_``, at most 40 characters; clause ids
    (``[a-z][a-z0-9_]*``, at most 36 characters) always fit. Raises ``ValueError`` for any other
    id, since a bookmark Word silently renames could no longer be mapped back.
    """
    if not isinstance(clause_id, str) or not _CLAUSE_ID.fullmatch(clause_id):
        raise ValueError(f"invalid clause id for a bookmark: {clause_id!r}")
    return CLAUSE_PREFIX + clause_id


def clause_id_from_bookmark(name: str) -> str | None:
    """The clause id a bookmark made by :func:`bookmark_name` stands for; None for any other
    bookmark (Word's own ``_Toc…``/``_GoBack``, a lawyer's bookmarks, annex anchors)."""
    if not isinstance(name, str) or not name.startswith(CLAUSE_PREFIX):
        return None
    clause_id = name[len(CLAUSE_PREFIX) :]
    return clause_id if _CLAUSE_ID.fullmatch(clause_id) else None


def annex_anchor(annex_id: str) -> str | None:
    name = ANNEX_PREFIX + annex_id if isinstance(annex_id, str) else ""
    return name if _BOOKMARK.fullmatch(name) and _CLAUSE_ID.fullmatch(annex_id) else None


def part_bookmark(part_id: str) -> str | None:
    """The bookmark around a part of the document (``"tl_" + part_id``); None for an id that
    cannot be one (it is then simply not marked: the reader finds parts by their headings)."""
    name = PART_PREFIX + part_id if isinstance(part_id, str) else ""
    return name if _BOOKMARK.fullmatch(name) and _CLAUSE_ID.fullmatch(part_id) else None


def part_id_from_bookmark(name: str) -> str | None:
    """The part a bookmark stands for: ``tl_<part id>``, or the annex of an annex anchor
    (``an_<annex id>``, around the annex heading); None for any other bookmark."""
    if not isinstance(name, str):
        return None
    for prefix in (PART_PREFIX, ANNEX_PREFIX):
        if name.startswith(prefix) and _CLAUSE_ID.fullmatch(name[len(prefix) :]):
            return name[len(prefix) :]
    return None


def enclose_part(part_id: str, first, last_p, bookmark_id: int) -> None:
    """Put the part's bookmark around the body elements from ``first`` (a paragraph or a table)
    to the paragraph ``last_p``; nothing for an id that cannot be a bookmark."""
    from kooperation.render.docx_oxml import append_after_ppr, bookmark_end, bookmark_start, qn

    name = part_bookmark(part_id)
    first = first if first.tag == qn("w:p") else next(first.iter(qn("w:p")), None)
    if name is not None and first is not None and last_p is not None:
        append_after_ppr(first, bookmark_start(bookmark_id, name))
        last_p.append(bookmark_end(bookmark_id))
