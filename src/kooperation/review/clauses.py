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
from kooperation.review.model import ClauseText, Comment


def doc_clauses(doc: Document) -> list[ClauseText]:
    """The numbered clauses of a document model, in document order."""
    return [
        ClauseText(id=c.id, number=c.number, title=c.title, text=c.text)
        for section in doc.sections
        for c in section.clauses
    ]


def version_clauses(version: DraftVersion) -> list[ClauseText]:
    """The clauses of a stored version (empty for documents without clauses, e.g. the sketch)."""
    docx = next((f.content for f in version.files if f.format == "docx"), None)
    if docx is not None:
        from kooperation.review.docx_read import read_review_docx

        found = read_review_docx(docx)
        if found.has_bookmarks:
            return [
                ClauseText(id=c.id, number=c.number, title=c.title, text=c.original_text)
                for c in found.clauses
                if c.id
            ]
    from kooperation.drafting.documents import build_document  # loads the templates: on demand

    project = project_from_dict(version.data)
    return doc_clauses(build_document(project, version.kind, version.language))


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
    now = clause_texts(version_clauses(store.get_draft_by_id(project_id, newest.id)))
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
