"""Bilingual drafts: German and English side by side, one clause next to its translation.

A bilingual document language names both languages, the prevailing one first: ``"de+en"``
(German on the left and prevailing, the default) or ``"en+de"`` (English on the left and
prevailing). The project is built twice, once per language (each build inside its own
``document_language``), with ``bilingual`` and ``prevailing`` set for the templates, so both
libraries add their clause on the language of the agreement. The two document models are then
paired by their ids — sections, clauses, paragraphs, annexes, parties — and the first one
carries the second as its ``parallel``. Anything that does not pair is a `RenderError` naming
the clause: a bilingual draft is never silently misaligned.
"""

from __future__ import annotations

from kooperation.domain.model import Project
from kooperation.drafting.build import build_agreement
from kooperation.drafting.docmodel import Block, BulletList, Document, Paragraph, Table
from kooperation.drafting.languages import CLAUSE_KINDS, languages_of
from kooperation.errors import InputError, RenderError
from kooperation.i18n import _


def language_name(language: str) -> str:
    """A language's name in the interface language ("Deutsch", "Englisch")."""
    return {"de": _("Deutsch"), "en": _("Englisch")}.get(language, language)


def build_bilingual(
    project: Project, kind: str, language: str, meta: dict[str, str] | None = None
) -> Document:
    """The bilingual document model of ``kind``: the first language's document with the second
    one as its ``parallel``, checked to pair clause by clause."""
    languages = languages_of(language)
    if kind not in CLAUSE_KINDS:
        raise InputError(
            _(
                "Zweisprachig (nebeneinander) gibt es nur Vertrag, Absichtserklärung und "
                "Vertraulichkeitsvereinbarung; die Projektskizze bitte auf Deutsch oder Englisch "
                "erzeugen."
            )
        )
    left, right = (build_agreement(project, kind, lang, meta, languages) for lang in languages)
    pair_documents(left, right)
    left.parallel = right
    return left


# --- pairing ----------------------------------------------------------------------------------


def _shape(block: Block) -> tuple:
    """What two translations of a block must share to stand side by side: its kind, its
    paragraph number, the number of list items, the table's size."""
    if isinstance(block, Paragraph):
        return ("Absatz", block.number)
    if isinstance(block, BulletList):
        return ("Liste", len(block.items))
    if isinstance(block, Table):
        return ("Tabelle", len(block.header), len(block.rows))
    return (type(block).__name__,)


def _mismatch(what: str, left: Document, right: Document, detail: str) -> RenderError:
    return RenderError(
        _(
            "Die beiden Sprachfassungen passen bei {what} nicht zusammen ({detail}). Der "
            "zweisprachige Entwurf wurde nicht erzeugt; bitte die Klauselbibliotheken "
            "„{left}“ und „{right}“ angleichen."
        ).format(what=what, detail=detail, left=left.language, right=right.language)
    )


def _pair_blocks(what: str, left: Document, right: Document, a: list[Block], b: list[Block]) -> None:
    shapes_a, shapes_b = [_shape(x) for x in a], [_shape(x) for x in b]
    if shapes_a == shapes_b:
        return
    if len(shapes_a) != len(shapes_b):
        detail = _("{left}: {n} Abschnitte, {right}: {m}").format(
            left=language_name(left.language), n=len(a), right=language_name(right.language), m=len(b)
        )
    else:
        index = next(i for i, (x, y) in enumerate(zip(shapes_a, shapes_b, strict=True)) if x != y)
        detail = _("Abschnitt {n} ist verschieden gegliedert").format(n=index + 1)
    raise _mismatch(what, left, right, detail)


def pair_documents(left: Document, right: Document) -> None:
    """Check that ``left`` and ``right`` stand side by side: the same sections, clauses,
    paragraphs, annexes and parties in the same order. Raises `RenderError` naming the first
    clause (or part) that does not pair."""
    ids_left = [c.id for c in left.clauses()]
    ids_right = [c.id for c in right.clauses()]
    if ids_left != ids_right:
        only = [(i, right.language) for i in ids_left if i not in ids_right] + [
            (i, left.language) for i in ids_right if i not in ids_left
        ]
        if only:
            clause_id, missing_in = only[0]
            detail = _("sie fehlt in der Fassung „{language}“").format(language=missing_in)
        else:
            clause_id = next(a for a, b in zip(ids_left, ids_right, strict=True) if a != b)
            detail = _("sie steht an anderer Stelle")
        raise _mismatch(_("der Klausel „{id}“").format(id=clause_id), left, right, detail)
    sections_left = [(s.id, [c.id for c in s.clauses]) for s in left.sections]
    sections_right = [(s.id, [c.id for c in s.clauses]) for s in right.sections]
    if sections_left != sections_right:
        section = next(
            (a[0] for a, b in zip(sections_left, sections_right, strict=False) if a != b),
            sections_left[-1][0] if sections_left else "",
        )
        raise _mismatch(_("dem Abschnitt „{id}“").format(id=section), left, right, _("andere Gliederung"))
    for a, b in zip(left.clauses(), right.clauses(), strict=True):
        _pair_blocks(_("der Klausel „{id}“").format(id=a.id), left, right, a.blocks, b.blocks)
    _pair_blocks(_("der Präambel"), left, right, left.preamble, right.preamble)
    _pair_blocks(_("dem Text"), left, right, left.body, right.body)
    if [a.id for a in left.annexes] != [a.id for a in right.annexes]:
        raise _mismatch(_("den Anlagen"), left, right, ", ".join(a.id for a in left.annexes))
    for a, b in zip(left.annexes, right.annexes, strict=True):
        _pair_blocks(_("der Anlage „{id}“").format(id=a.id), left, right, a.blocks, b.blocks)
    if [p.partner_id for p in left.parties] != [p.partner_id for p in right.parties]:
        raise _mismatch(_("den Vertragsparteien"), left, right, _("andere Parteien"))
    if left.show_signatures != right.show_signatures:
        raise _mismatch(_("den Unterschriften"), left, right, _("nur eine Fassung hat Unterschriften"))


def both(left: str, right: str, sep: str = " / ") -> str:
    """``"ENTWURF / DRAFT"``: two words in both languages, once if they are the same."""
    left, right = (left or "").strip(), (right or "").strip()
    if not left or not right or left == right:
        return left or right
    return f"{left}{sep}{right}"


def combined_labels(left: Document, right: Document, keys: tuple[str, ...]) -> dict[str, str]:
    """``left``'s labels with ``keys`` in both languages (watermark, header, page furniture)."""
    labels = dict(left.labels)
    for key in keys:
        a, b = left.labels.get(key, ""), right.labels.get(key, "")
        if a or b:
            labels[key] = both(a, b)
    return labels
