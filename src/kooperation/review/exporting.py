"""The files of the review loop for a stored version: the version for review (DOCX with Word
comments, PDF with an annex of comments) and the comparison of two versions (DOCX with tracked
changes, PDF with coloured changes). Shared by the command line and the window."""

from __future__ import annotations

from datetime import datetime

from kooperation.domain.serialize import DraftVersion
from kooperation.drafts import slug
from kooperation.errors import InputError
from kooperation.i18n import _
from kooperation.review.clauses import version_clauses
from kooperation.review.model import ClauseDiff, Comment, CommentStatus


def _file(version: DraftVersion, fmt: str) -> bytes | None:
    return next((f.content for f in version.files if f.format == fmt), None)


def open_threads(comments: list[Comment]) -> list[Comment]:
    """The open top-level comments with their replies, in their order."""
    open_ids = {c.id for c in comments if c.parent_id is None and c.status == CommentStatus.OPEN}
    return [c for c in comments if c.id in open_ids or c.parent_id in open_ids]


def review_title(project_name: str, version: DraftVersion) -> str:
    return _("Kooperationsvertrag „{name}“ – Version {number}").format(
        name=project_name, number=version.number
    )


def review_files(
    project_name: str, version: DraftVersion, comments: list[Comment]
) -> list[tuple[str, bytes]]:
    """``(filename, content)`` for each format the version has: its DOCX with the open comments
    as Word comments, its PDF with all comments listed in an annex."""
    from kooperation.review.docx_write import docx_with_comments
    from kooperation.review.pdf_write import pdf_with_comment_annex

    clauses = version_clauses(version)
    base = f"{slug(project_name)}_Kooperationsvertrag_v{version.number}_Anmerkungen"
    files: list[tuple[str, bytes]] = []
    docx = _file(version, "docx")
    if docx is not None:
        files.append((f"{base}.docx", docx_with_comments(docx, open_threads(comments), clauses)))
    pdf = _file(version, "pdf")
    if pdf is not None:
        title = review_title(project_name, version)
        files.append((f"{base}.pdf", pdf_with_comment_annex(pdf, comments, clauses, title)))
    if not files:
        raise InputError(_("Die Version {number} hat keine Dateien.").format(number=version.number))
    return files


def comparison(old: DraftVersion, new: DraftVersion) -> list[ClauseDiff]:
    """Clause by clause, how ``new`` differs from ``old``."""
    from kooperation.review.compare import compare_clauses

    return compare_clauses(version_clauses(old), version_clauses(new))


def comparison_files(
    project_name: str,
    old: DraftVersion,
    new: DraftVersion,
    diffs: list[ClauseDiff],
    when: datetime,
) -> list[tuple[str, bytes]]:
    """The comparison as a DOCX with tracked changes and as a PDF with coloured changes."""
    from kooperation.review.docx_write import redline_docx
    from kooperation.review.pdf_write import compare_pdf

    title = _("Vergleich Version {old} → Version {new}").format(old=old.number, new=new.number)
    subtitle = _("Kooperationsvertrag „{name}“").format(name=project_name)
    base = f"{slug(project_name)}_Vergleich_v{old.number}_v{new.number}"
    old_clauses = [d.old for d in diffs if d.old is not None]
    new_clauses = [d.new for d in diffs if d.new is not None]
    return [
        (f"{base}.docx", redline_docx(old_clauses, new_clauses, diffs, title=title, date=when)),
        (f"{base}.pdf", compare_pdf(diffs, title=title, subtitle=subtitle)),
    ]
