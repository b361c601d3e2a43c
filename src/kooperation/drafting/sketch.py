"""The project sketch (Projektskizze): the whole cooperation on one or two pages.

Partners, the cooperative business model, goals, the roadmap as a timeline, the chosen form and
the two lists of the workshop's phase-4 sheet: what we agree and what we must still settle.
"""

from __future__ import annotations

from kooperation.domain.catalogue import check_decision, load_catalogue
from kooperation.domain.labels import (
    horizon_label,
    priority_label,
    role_label,
    sector_label,
    standing_label,
)
from kooperation.domain.model import (
    DecisionStatus,
    Horizon,
    Partner,
    PartnerRole,
    Priority,
    Project,
    Sector,
)
from kooperation.drafting.build import roadmap_items, sorted_goals, standing_key, word
from kooperation.drafting.docmodel import (
    Block,
    BulletList,
    Document,
    Figure,
    Heading,
    OpenMark,
    Paragraph,
    Table,
    Text,
)
from kooperation.drafting.engine import document_language
from kooperation.drafting.overlay import effective_library
from kooperation.drafting.typography import apply_typography
from kooperation.i18n import _

# Tables with more rows than this are set smaller and tighter, so that the sketch of a large
# alliance (15 partners, a dozen goals) still fits on two pages as promised.
DENSE_ROWS = 8
DENSE_MILESTONES = 12  # a longer roadmap is drawn with tighter rows
DENSE_ROADMAP_ROW = 10.0  # points; the sketch's normal row is 12.5


def build_sketch(project: Project, language: str = "de", meta: dict[str, str] | None = None) -> Document:
    """The project sketch of ``project``, its words, dates and numbers in ``language``."""
    with document_language(language):
        return _build_sketch(project, language, meta)


def _build_sketch(project: Project, language: str, meta: dict[str, str] | None) -> Document:
    lib = effective_library("skizze", language)
    catalogue = load_catalogue()
    heads = lib.meta.get("headings") or {}
    cols = lib.meta.get("headers") or {}
    canvas = lib.meta.get("canvas") or {}
    doc = Document(
        kind="skizze",
        language=language,
        title=lib.text("title", _("Projektskizze")),
        subtitle=project.name,
        labels=dict(lib.labels),
        meta=dict(meta or {}),
        draft_notice=lib.text("draft_notice"),
        show_toc=False,
        show_signatures=False,
    )
    doc.labels.setdefault("header", f"{doc.title} – {project.name}")
    doc.meta.setdefault("template_version", lib.version)
    if lib.notices:
        doc.meta["notices"] = "\n".join(lib.notices)
    body: list[Block] = []
    if project.description.strip():
        body.append(Paragraph([Text(project.description.strip())], style="lead"))

    body.append(Heading(heads.get("partners", "Partner")))
    if project.partners:
        # sector and role with the name: three columns leave the long texts room to breathe
        dense = len(project.partners) > DENSE_ROWS
        body.append(
            Table(
                header=_header(cols, "partners", ["Partner", "Handlungsbedarf", "Beiträge"]),
                rows=[[_partner_cell(p, dense, lib.labels), p.need, p.contributions] for p in project.partners],
                widths=[2.7, 3.4, 3.9],
                dense=dense,
            )
        )
    else:
        body.append(Paragraph([OpenMark(word(lib.labels, "partners_open", _("[offen: Partner]")))]))

    bm = project.business_model
    body.append(Heading(heads.get("canvas", "Geschäftsmodell")))
    costs = "\n".join(
        f"{canvas.get(key, key)}: {getattr(bm, key).strip()}"
        for key in ("costs_management", "costs_development", "costs_infrastructure")
        if getattr(bm, key).strip()
    )
    rows = [[canvas.get(key, key), getattr(bm, key).strip()] for key in ("value_proposition", "customer_segments", "key_partners", "revenue_streams")]
    rows.append([canvas.get("costs", "Kosten"), costs])
    large = len(project.partners) > DENSE_ROWS or len(project.goals) > DENSE_ROWS or len(project.milestones) > DENSE_MILESTONES
    body.append(
        Table(
            header=[cols.get("canvas_field", "Feld"), cols.get("canvas_content", "Inhalt")],
            rows=[[k, v or "—"] for k, v in rows],
            widths=[1.6, 8],
            dense=large,
        )
    )

    body.append(Heading(heads.get("goals", "Ziele")))
    if project.goals:
        body.append(
            Table(
                header=_header(cols, "goals", ["Ziel", "Horizont, Priorität", "Verantwortlich"]),
                rows=[
                    [
                        g.text,
                        f"{word(lib.labels, f'horizon_{Horizon(g.horizon).value}', horizon_label(g.horizon))}, "
                        f"{word(lib.labels, f'priority_{Priority(g.priority).value}', priority_label(g.priority))}",
                        project.partner(g.owner_id).display_name if project.partner(g.owner_id) else "",
                    ]
                    for g in sorted_goals(project)
                ],
                widths=[6.0, 2.0, 2.0],
                dense=len(project.goals) > DENSE_ROWS,
            )
        )
    else:
        body.append(Paragraph([OpenMark(word(lib.labels, "goals_open", _("[offen: Ziele]")))]))

    body.append(Heading(heads.get("roadmap", "Roadmap")))
    if project.milestones:
        data = {"items": roadmap_items(project), "compact": True}
        caption = cols.get("roadmap_caption", "Zeitplan")
        if len(project.milestones) > DENSE_MILESTONES:  # tighter rows; the heading says it all
            data["row"], caption = DENSE_ROADMAP_ROW, ""
        body.append(Figure("roadmap", caption, data))
    else:
        body.append(Paragraph([OpenMark(word(lib.labels, "milestones_open", _("[offen: Meilensteine]")))]))

    # the form is the first of the phase-4 decisions: agreed, it heads the table of what we
    # agree; open or not chosen, it heads the list of what we must still settle
    form_label = heads.get("form", "Kooperationsform")
    agreed_rows: list[list[str]] = []
    open_items: list[list] = []
    form = catalogue.form(project.form.value if project.form else None)
    if form is None:
        open_items.append([Text(f"{form_label}: "), OpenMark(lib.text("no_form", _("Die Kooperationsform ist noch nicht gewählt.")))])
    elif project.form_status is DecisionStatus.OPEN:
        open_items.append([Text(f"{form_label}: {form.label.get_text(language)} "), OpenMark(lib.text("form_open_suffix", "(offen)"))])
    else:
        agreed_rows.append([form_label, form.label.get_text(language)])
    for topic in catalogue.topics:
        checked = check_decision(topic, project.decision(topic.id), project)
        variant = checked.variant.label.get_text(language) if checked.variant else word(lib.labels, "no_variant_short", _("noch keine Variante gewählt"))
        if checked.is_open:
            note = checked.decision.note.strip()
            open_items.append([Text(f"{topic.label.get_text(language)}: {variant}" + (f" – {note}" if note else ""))])
        else:
            agreed_rows.append([topic.label.get_text(language), variant])
    board_label = lib.text("board_item", _("Aus dem Workshop"))
    for item in project.assessment.board:  # the free points of the phase-4 board
        text = " ".join(item.text.split())
        if text:
            if item.agreed:
                agreed_rows.append([board_label, text])
            else:
                open_items.append([Text(text)])
    body.append(Heading(heads.get("agreed", "Vereinbart")))
    if agreed_rows:
        # one running paragraph, each topic in bold: a table row per topic made the sketch of a
        # large alliance run to three pages
        inlines: list = []
        for n, (label, value) in enumerate(agreed_rows):
            inlines += [Text("" if n == 0 else " · "), Text(f"{label}:", bold=True), Text(f" {value}")]
        body.append(Paragraph(inlines, style="dense" if large else "body"))
    else:
        body.append(Paragraph([Text(lib.text("nothing_agreed"))]))
    body.append(Heading(heads.get("open", "Offen")))
    body.append(BulletList(open_items, open=True) if open_items else Paragraph([Text(lib.text("nothing_open"))]))
    doc.body = body
    return apply_typography(doc)


def _header(cols: dict, key: str, default: list[str]) -> list[str]:
    """A table's column titles from the library, or the default when a library (e.g. a firm's
    older overlay) gives a different number of columns than the sketch now has."""
    value = cols.get(key)
    if isinstance(value, list) and len(value) == len(default) and all(isinstance(v, str) for v in value):
        return value
    return default



def _partner_cell(partner: Partner, dense: bool, labels: dict | None = None) -> str:
    """The partner's name with its sector and, unless it is an ordinary partner (the column says
    so), its role: below the name, or after it in a dense table. The words come from the
    library's ``labels`` where it has them (see :func:`build.word`)."""
    about = word(labels, f"sector_{Sector(partner.sector).value}", sector_label(partner.sector))
    standing = standing_label(partner)  # lead partner, associated partner or supporter
    if standing != role_label(PartnerRole.PARTNER):
        about += f", {word(labels, standing_key(partner), standing)}"
    return f"{partner.name} ({about})" if dense else f"{partner.name}\n{about}"
