"""The clauses of a version read from its DOCX equal those of the document model it was made
from, so comments carried to the next version are flagged only where the text really changed."""

from __future__ import annotations

from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import DraftFile, DraftVersion, canonical_json, project_to_dict
from kooperation.drafts import build_document, render_draft
from kooperation.review.clauses import doc_clauses, version_clauses


def _version(formats: list[str]) -> DraftVersion:
    project = demo_project()
    rendered = render_draft(project, formats=formats)
    return DraftVersion(
        number=1, kind="vertrag", language="de", created_at=None, content_hash="",
        data_json=canonical_json(project_to_dict(project)),
        files=[DraftFile(fmt, name, data) for fmt, name, data in rendered.files],
    ), rendered


def test_clauses_from_the_docx_equal_the_document_model():
    version, rendered = _version(["docx"])
    from_docx = version_clauses(version)
    assert from_docx == rendered.clauses
    assert [c.id for c in from_docx] == [c.id for c in build_document(demo_project(), "vertrag").clauses()]
    notes = [c for c in from_docx if c.id in ("ergebnisse", "abwerbeverbot")]
    assert notes and all("\n" in c.text for c in notes)  # the open-point box is part of the text


def test_a_version_without_docx_is_rebuilt_from_its_snapshot():
    version, rendered = _version(["pdf"])
    assert version_clauses(version) == rendered.clauses
    assert doc_clauses(build_document(demo_project(), "vertrag")) == rendered.clauses


def test_the_sketch_has_no_clauses():
    project = demo_project()
    rendered = render_draft(project, kind="skizze", formats=["pdf"])
    assert rendered.clauses == []
