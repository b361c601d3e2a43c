"""The project sketch (Projektskizze): the whole cooperation on one or two pages.

Partners, the cooperative business model, goals, the roadmap as a timeline, the chosen form and
the two lists of the workshop's phase-4 sheet: what we agree and what we must still settle.
"""

from __future__ import annotations

from kooperation.domain.catalogue import check_decision, load_catalogue
from kooperation.domain.labels import horizon_label, priority_label, role_label, sector_label
from kooperation.domain.model import DecisionStatus, Project
from kooperation.drafting.build import roadmap_items, sorted_goals
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
from kooperation.drafting.overlay import effective_library
from kooperation.drafting.typography import apply_typography
from kooperation.i18n import _


def build_sketch(project: Project, language: str = "de", meta: dict[str, str] | None = None) -> Document:
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
        body.append(
            Table(
                header=cols.get("partners", ["Partner", "Sektor / Rolle", "Handlungsbedarf", "Beiträge"]),
                rows=[
                    [p.name, f"{sector_label(p.sector)} / {role_label(p.role)}", p.need, p.contributions]
                    for p in project.partners
                ],
                widths=[2.4, 1.5, 2.6, 3.2],
            )
        )
    else:
        body.append(Paragraph([OpenMark(_("[offen: Partner]"))]))

    bm = project.business_model
    body.append(Heading(heads.get("canvas", "Geschäftsmodell")))
    costs = "\n".join(
        f"{canvas.get(key, key)}: {getattr(bm, key).strip()}"
        for key in ("costs_management", "costs_development", "costs_infrastructure")
        if getattr(bm, key).strip()
    )
    rows = [[canvas.get(key, key), getattr(bm, key).strip()] for key in ("value_proposition", "customer_segments", "key_partners", "revenue_streams")]
    rows.append([canvas.get("costs", "Kosten"), costs])
    body.append(Table(header=[cols.get("canvas_field", "Feld"), cols.get("canvas_content", "Inhalt")], rows=[[k, v or "—"] for k, v in rows], widths=[1.6, 8]))

    body.append(Heading(heads.get("goals", "Ziele")))
    if project.goals:
        body.append(
            Table(
                header=cols.get("goals", ["Ziel", "Horizont", "Priorität", "Verantwortlich"]),
                rows=[
                    [g.text, horizon_label(g.horizon), priority_label(g.priority), (project.partner(g.owner_id).display_name if project.partner(g.owner_id) else "")]
                    for g in sorted_goals(project)
                ],
                widths=[5.2, 1.4, 1.1, 1.9],
            )
        )
    else:
        body.append(Paragraph([OpenMark(_("[offen: Ziele]"))]))

    body.append(Heading(heads.get("roadmap", "Roadmap")))
    if project.milestones:
        body.append(Figure("roadmap", cols.get("roadmap_caption", "Zeitplan"), {"items": roadmap_items(project), "compact": True}))
    else:
        body.append(Paragraph([OpenMark(_("[offen: Meilensteine]"))]))

    # the form heads the two lists (a heading of its own would push the sketch onto a third page)
    agreed_items, open_items = [], []
    form = catalogue.form(project.form.value if project.form else None)
    form_label = heads.get("form", "Kooperationsform")
    if form is None:
        open_items.append([Text(f"{form_label}: "), OpenMark(lib.text("no_form", _("Die Kooperationsform ist noch nicht gewählt.")))])
    elif project.form_status is DecisionStatus.OPEN:
        open_items.append([Text(f"{form_label}: {form.label.get_text(language)} "), OpenMark(lib.text("form_open_suffix", "(offen)"))])
    else:
        agreed_items.append([Text(f"{form_label}: {form.label.get_text(language)}")])
    for topic in catalogue.topics:
        checked = check_decision(topic, project.decision(topic.id), project)
        variant = checked.variant.label.get_text(language) if checked.variant else _("noch keine Variante gewählt")
        line = f"{topic.label.get_text(language)}: {variant}"
        if checked.is_open:
            note = checked.decision.note.strip()
            open_items.append([Text(line + (f" – {note}" if note else ""))])
        else:
            agreed_items.append([Text(line)])
    for item in project.assessment.board:  # the free points of the phase-4 board
        text = " ".join(item.text.split())
        if text:
            (agreed_items if item.agreed else open_items).append([Text(text)])
    body.append(Heading(heads.get("agreed", "Vereinbart")))
    body.append(BulletList(agreed_items) if agreed_items else Paragraph([Text(lib.text("nothing_agreed"))]))
    body.append(Heading(heads.get("open", "Offen")))
    body.append(BulletList(open_items, open=True) if open_items else Paragraph([Text(lib.text("nothing_open"))]))
    doc.body = body
    return apply_typography(doc)
