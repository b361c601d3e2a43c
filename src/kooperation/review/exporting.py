"""The files of the review loop for a stored version: the version for review (DOCX with Word
comments, PDF with an annex of comments) and the comparison of two versions (DOCX with tracked
changes, PDF with coloured changes). Shared by the command line and the window (which runs these
functions on a worker: they touch neither the store nor any widget)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from kooperation.domain.serialize import DraftVersion
from kooperation.domain.versions import kind_short_label, kind_title, version_label
from kooperation.drafts import file_title, file_word, slug
from kooperation.i18n import _, document_language
from kooperation.review.model import ClauseDiff, ClauseText, Comment, CommentStatus


def open_threads(comments: list[Comment]) -> list[Comment]:
    """The open top-level comments with their replies, in their order."""
    open_ids = {c.id for c in comments if c.parent_id is None and c.status == CommentStatus.OPEN}
    return [c for c in comments if c.id in open_ids or c.parent_id in open_ids]


def review_title(project_name: str, version: DraftVersion) -> str:
    return _("{title} „{name}“ – Version {number}").format(
        title=kind_title(version.kind), name=project_name, number=version.number
    )


def export_base(project_name: str, version: DraftVersion) -> str:
    """The file name without extension: like the version's own files plus "_Anmerkungen"
    ("_Comments" for an English draft)."""
    language = version.language
    return "_".join((slug(project_name), file_title(version.kind, language), f"v{version.number}",
                     file_word("comments", language)))


@dataclass
class ReviewExport:
    """The files for the reviewer: ``(format, filename, content)`` in the formats the version
    has; the open comments that found no place in the DOCX; whether the version lacks a DOCX."""

    files: list[tuple[str, str, bytes]] = field(default_factory=list)
    unplaced: list[Comment] = field(default_factory=list)
    missing_docx: bool = False


def review_export(
    project_name: str,
    version: DraftVersion,
    comments: list[Comment],
    clauses: list[ClauseText] | None = None,
) -> ReviewExport:
    """The version's DOCX with its open comments as Word comments and its PDF with all comments
    in an annex. A comment whose clause the DOCX lacks is left out of the DOCX and named in
    ``unplaced`` (the PDF annex still lists it). ``clauses`` are the version's clauses and other
    parts (title page, annexes, …) in document order (default: read from the version)."""
    from kooperation.review.clauses import in_order, version_outline
    from kooperation.review.docx_write import add_comments
    from kooperation.review.pdf_write import pdf_with_comment_annex

    clauses = in_order(*version_outline(version)) if clauses is None else clauses
    base = export_base(project_name, version)
    by_format = {f.format: f.content for f in version.files}
    result = ReviewExport(missing_docx="docx" not in by_format)
    with document_language(version.language):  # the labels in the draft's language, not the interface's
        if "docx" in by_format:
            export = add_comments(by_format["docx"], open_threads(comments), clauses)
            result.files.append(("docx", f"{base}.docx", export.docx))
            result.unplaced = export.unplaced
        if "pdf" in by_format:
            title = review_title(project_name, version)
            annexed = pdf_with_comment_annex(by_format["pdf"], comments, clauses, title)
            result.files.append(("pdf", f"{base}.pdf", annexed))
    return result


# --- comparing two versions ----------------------------------------------------------------------


def comparison(old: DraftVersion, new: DraftVersion) -> list[ClauseDiff]:
    """Clause by clause, how ``new`` differs from ``old``."""
    from kooperation.review.clauses import version_clauses
    from kooperation.review.compare import compare_clauses

    return compare_clauses(version_clauses(old), version_clauses(new))


def compare_title(old_number: int, new_number: int, kind: str = "vertrag", language: str | None = None) -> str:
    """"Vergleich Vertrag v1 → Vertrag v3" (in ``language``, default: the current one)."""
    with document_language(language):
        return _("Vergleich {old} → {new}").format(
            old=version_label(kind, old_number), new=version_label(kind, new_number)
        )


def compare_subtitle(project_name: str, kind: str = "vertrag", language: str | None = None) -> str:
    """"Kooperationsvertrag „Lernfabrik“", "Absichtserklärung „Lernfabrik“" (in ``language``)."""
    with document_language(language):
        return _("{document} „{name}“").format(document=kind_title(kind), name=project_name)


def compare_base(
    project_name: str, old_number: int, new_number: int, kind: str = "vertrag", language: str | None = "de"
) -> str:
    """The file name (without extension) of a comparison; other kinds than the agreement name
    their kind, so that comparisons of the LoI and of the agreement never overwrite each other."""
    parts = [slug(project_name), file_word("comparison", language)]
    if kind != "vertrag":
        parts.append(slug(kind_short_label(kind), kind))
    return "_".join((*parts, f"v{old_number}", f"v{new_number}"))


def compare_file(
    fmt: str, diffs: list[ClauseDiff], title: str, subtitle: str, when: datetime, language: str | None = None
) -> bytes:
    """The comparison as a DOCX with tracked changes (``docx``) or a PDF with coloured changes;
    its labels in ``language`` (the drafts' language; default: the current one)."""
    with document_language(language):
        if fmt == "docx":
            from kooperation.review.docx_write import redline_docx

            old = [d.old for d in diffs if d.old is not None]
            new = [d.new for d in diffs if d.new is not None]
            return redline_docx(old, new, diffs, title=title, date=when, subtitle=subtitle)
        from kooperation.review.pdf_write import compare_pdf

        return compare_pdf(diffs, title=title, subtitle=subtitle)


def comparison_files(
    project_name: str,
    old: DraftVersion,
    new: DraftVersion,
    diffs: list[ClauseDiff],
    when: datetime,
) -> list[tuple[str, bytes]]:
    """The comparison as a DOCX with tracked changes and as a PDF with coloured changes, in the
    language of the newer version."""
    language = new.language
    title = compare_title(old.number, new.number, old.kind, language)
    subtitle = compare_subtitle(project_name, old.kind, language)
    base = compare_base(project_name, old.number, new.number, old.kind, language)
    return [
        (f"{base}.{fmt}", compare_file(fmt, diffs, title, subtitle, when, language)) for fmt in ("docx", "pdf")
    ]
