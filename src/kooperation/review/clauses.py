"""The clauses of a draft version, as the review loop sees them.

A version's clauses come from its DOCX when it has one (what was delivered is what is
reviewed), otherwise they are built again from the project snapshot the version was made from.
Both give the same texts for a version made by this program (a test keeps them equal).
What a file returned for an earlier version adds continues on the newest one
(`continue_on_newest`).
"""

from __future__ import annotations

from dataclasses import replace

from kooperation.domain.serialize import DraftVersion, project_from_dict
from kooperation.drafting.docmodel import Document
from kooperation.review.model import (
    PART_PARTIES,
    PART_PREAMBLE,
    PART_SIGNATURES,
    PART_TITLE,
    ClauseText,
    Comment,
    clause_label,
    part_label,
)


def doc_clauses(doc: Document) -> list[ClauseText]:
    """The numbered clauses of a document model, in document order."""
    label = clause_label(doc.language)
    return [
        ClauseText(id=c.id, number=c.number, title=c.title, text=c.text, label=label)
        for section in doc.sections
        for c in section.clauses
    ]


def doc_parts(doc: Document) -> list[ClauseText]:
    """The parts of a document model besides its clauses (title page, party list, preamble,
    signatures, annexes), in document order, with their labels; only ids and labels are used
    where a version has no DOCX to read the texts from."""
    parts = [ClauseText(PART_TITLE, 0, part_label(PART_TITLE), doc.title)]
    if doc.parties:
        text = "\n".join(p.name for p in doc.parties)
        parts.append(ClauseText(PART_PARTIES, 0, part_label(PART_PARTIES), text))
    if doc.preamble_title or doc.preamble:
        parts.append(ClauseText(PART_PREAMBLE, 0, part_label(PART_PREAMBLE), ""))
    if doc.show_signatures and doc.parties:
        parts.append(ClauseText(PART_SIGNATURES, 0, part_label(PART_SIGNATURES), ""))
    parts += [ClauseText(a.id, 0, part_label(a.id, a.heading), "") for a in doc.annexes]
    return parts


def docx_parts(docx: bytes) -> list[ClauseText]:
    """The parts of a DOCX (see `doc_parts`), with their texts as read."""
    from kooperation.review.docx_read import read_review_docx

    return _parts_of(read_review_docx(docx))


def _parts_of(found) -> list[ClauseText]:
    return [
        ClauseText(id=p.id, number=0, title=part_label(p.id, p.title), text=p.original_text)
        for p in found.parts
        if p.id
    ]


def version_outline(version: DraftVersion) -> tuple[list[ClauseText], list[ClauseText]]:
    """The clauses of a stored version (empty for documents without clauses, e.g. the sketch)
    and its other parts (title page, preamble, annexes, …), each in document order."""
    docx = next((f.content for f in version.files if f.format == "docx"), None)
    if docx is not None:
        from kooperation.review.docx_read import read_review_docx

        found = read_review_docx(docx)
        if found.has_bookmarks:
            clauses = [
                ClauseText(id=c.id, number=c.number, title=c.title, text=c.original_text,
                           label=clause_label(version.language))
                for c in found.clauses
                if c.id
            ]
            return clauses, _parts_of(found)
    from kooperation.drafting.documents import build_document  # loads the templates: on demand

    project = project_from_dict(version.data)
    doc = build_document(project, version.kind, version.language)
    return doc_clauses(doc), doc_parts(doc)


def version_clauses(version: DraftVersion) -> list[ClauseText]:
    """The clauses of a stored version (empty for documents without clauses, e.g. the sketch)."""
    return version_outline(version)[0]


def in_order(clauses: list[ClauseText], parts: list[ClauseText]) -> list[ClauseText]:
    """Clauses and parts as the document has them: title page to preamble, the clauses, then
    signatures and annexes."""
    from kooperation.review.model import FRONT_PARTS

    front = [p for p in parts if p.id in FRONT_PARTS]
    return front + clauses + [p for p in parts if p.id not in FRONT_PARTS]


def clause_texts(clauses: list[ClauseText]) -> dict[str, str]:
    """Clause id → text (what the carry-forward of comments compares)."""
    return {c.id: c.text for c in clauses}


def agreed_wordings(version: DraftVersion) -> dict[str, str]:
    """Clause id → its agreed wording (as canonical JSON) in the project the version was made
    from: the clauses the version prints in an individually agreed wording."""
    import json

    wordings = (version.data or {}).get("wordings") or []
    return {
        str(w.get("clause_id")): json.dumps(w.get("paragraphs"), sort_keys=True, ensure_ascii=False)
        for w in wordings
        if isinstance(w, dict)
    }


def continue_on_newest(store, project_id: str, version: DraftVersion, clauses: list[ClauseText],
                       comments: list[Comment]) -> tuple[list[Comment], int | None]:
    """Comments read from a file returned for ``version`` (with ``clauses``): when a newer
    version of its kind exists, they continue there as the open threads did (``carried_from``
    this version, flagged for re-check where the clause changed since). Returns the comments
    and the number of the version they go to (None: ``version`` is the newest)."""
    same = [v for v in store.list_drafts(project_id) if v.kind == version.kind]
    newest = max(same, key=lambda v: v.number, default=None)
    if newest is None or newest.number <= version.number:
        return comments, None
    now = clause_texts(in_order(*version_outline(store.get_draft_by_id(project_id, newest.id))))
    then = clause_texts(clauses)
    return [
        replace(
            c,
            draft_id=newest.id,
            carried_from=c.carried_from or version.number,
            needs_recheck=c.needs_recheck or now.get(c.clause_id) != then.get(c.clause_id),
        )
        for c in comments
    ], newest.number
