"""Building the document model of an agreement from a project and a clause library.

`build_document` never fails because of what the partners entered (or did not enter): a topic
that is still to be discussed, a missing or invalid parameter, an unknown partner reference all
become open points, highlighted where they belong and listed again in the annex.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from kooperation.domain.catalogue import (
    Catalogue,
    CheckedDecision,
    check_decision,
    load_catalogue,
    param_applies,
)
from kooperation.domain.consistency import Conflict, conflicts_for, find_conflicts, voting_partners
from kooperation.domain.labels import (
    describe_value,
    format_day,
    horizon_label,
    milestone_status_label,
    priority_label,
    sector_label,
    standing_label,
)
from kooperation.domain.legal_forms import name_with_form
from kooperation.domain.meeting import BoardItem
from kooperation.domain.model import (
    BusinessModel,
    DecisionStatus,
    Horizon,
    MilestoneStatus,
    Partner,
    PartnerRole,
    PartnerTier,
    Priority,
    Project,
    Sector,
)
from kooperation.domain.topic_hints import public_partners
from kooperation.drafting.docmodel import (
    Annex,
    Block,
    BulletList,
    Clause,
    Document,
    Figure,
    Heading,
    Note,
    OpenMark,
    OpenPoint,
    Paragraph,
    Party,
    Ref,
    Section,
    Table,
    Text,
)
from kooperation.drafting.engine import (
    OpenValue,
    document_language,
    evaluate,
    number_paragraphs,
    number_word,
    parse_blocks,
    render_template,
)
from kooperation.drafting.library import ClauseTemplate, Library
from kooperation.drafting.overlay import builtin_fallback, effective_library
from kooperation.drafting.typography import apply_typography
from kooperation.drafting.wordings import (
    ADOPTED,
    OTHER_LANGUAGE,
    template_fingerprint,
    wording_blocks,
)
from kooperation.errors import RenderError
from kooperation.i18n import _, ngettext

BOARD_CLAUSE = "weitere_vereinbarungen"
"""The clause that lists the free points of the phase-4 board (``assessment.board``); its open
points are noted there and in the open-points annex."""

# --- views handed to the templates ------------------------------------------------------------


def word(labels: dict[str, Any] | None, key: str, default: str) -> str:
    """The library's word ``key`` (its ``labels``), else ``default`` (the core's message in the
    document's language): every word the builder adds to a document comes from here."""
    value = (labels or {}).get(key)
    return str(value) if value is not None else default


class PartnerView:
    """What a template may read about a partner (plain values, escaped on output)."""

    def __init__(self, partner: Partner, index: int, labels: dict[str, Any] | None = None) -> None:
        self.id = partner.id
        self.index = index
        self.name = partner.name.strip() or word(labels, "name_missing", _("[Name fehlt]"))
        self.kurz = partner.display_name or self.name
        self.legal_form = partner.legal_form.strip()
        self.address = partner.address
        self.representative = partner.representative.strip()
        self.sector = word(labels, f"sector_{Sector(partner.sector).value}", sector_label(partner.sector))
        self.market = partner.market.strip()
        self.role = word(labels, standing_key(partner), standing_label(partner))
        self.tier = PartnerTier(partner.tier).value
        self.is_lead = partner.role is PartnerRole.LEAD
        self.is_party = partner.is_party
        self.votes = partner.votes
        self.contributions = partner.contributions.strip()
        self.potentials = partner.potentials.strip()
        self.need = partner.need.strip()
        self.products = partner.products.strip()

    def __html__(self) -> str:
        return str(escape(self.kurz))


def standing_key(partner: Partner) -> str:
    """The label key of :func:`standing_label`'s word for ``partner``."""
    if partner.role is PartnerRole.LEAD:
        return "role_lead"
    return "role_partner" if partner.tier == PartnerTier.VOLL else f"tier_{PartnerTier(partner.tier).value}"


class TopicView:
    """The decision on one topic as a template sees it: ``.variant``, ``.open`` and every
    parameter by its id. A parameter without a valid value reads as an open mark."""

    def __init__(
        self, checked: CheckedDecision, project: Project, on_open: Callable[[str, str], None], labels: dict[str, Any] | None = None
    ) -> None:
        self._checked = checked
        self._project = project
        self._on_open = on_open
        self._labels = labels
        self.variant = checked.variant.id if checked.variant else None
        self.open = checked.is_open
        self.label = checked.topic.label.get_text()
        self.note = checked.decision.note

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        checked = self.__dict__["_checked"]
        if name in checked.values:
            value = checked.values[name]
            param = next(p for p in checked.topic.params_for(self.variant) if p.id == name)
            if param.type == "partner":
                partner = self._project.partner(value)
                return PartnerView(partner, annex_number(self._project, partner), self._labels)
            if param.type == "partners":
                return [PartnerView(p, annex_number(self._project, p), self._labels) for p in map(self._project.partner, value) if p]
            return value
        all_params = list(checked.topic.params) + [p for v in checked.topic.variants for p in v.params]
        for param in all_params:
            if param.id == name:
                labels = self.__dict__["_labels"]
                problem = next((pr.message for pr in checked.problems if pr.param.id == name), word(labels, "missing", _("fehlt")))
                label = param.label.get_text()
                return OpenValue(word(labels, "open_value", _("[offen: {label}]")).format(label=label), lambda label=label, problem=problem: self._on_open(label, problem))
        raise AttributeError(name)


@dataclass
class _ClauseState:
    """Open values met while rendering one clause."""

    missing: list[tuple[str, str]] = field(default_factory=list)

    def add(self, label: str, problem: str) -> None:
        if (label, problem) not in self.missing:
            self.missing.append((label, problem))


def annex_order(project: Project) -> list[Partner]:
    """The partners in the order of the annex of partners: the parties (full and associated) as
    entered, then the supporters, who are not parties."""
    return project.parties + [p for p in project.partners if not p.is_party]


def annex_number(project: Project, partner: Partner) -> int:
    """A partner's number in the annex of partners (parties first, then supporters)."""
    return annex_order(project).index(partner) + 1


# --- the builder ------------------------------------------------------------------------------


def _ref(target: str) -> Markup:
    return Markup('<ref to="{}"/>').format(target)


class DocumentBuilder:
    def __init__(
        self, project: Project, library: Library, catalogue: Catalogue, meta: dict[str, str] | None = None,
        languages: tuple[str, ...] = (),
    ) -> None:
        self.project = project
        self.library = library
        # both languages of a bilingual draft, the prevailing one first; () for one language
        self.languages = tuple(languages)
        self.catalogue = catalogue
        self.meta = dict(meta or {})
        self.labels = library.labels
        views = [PartnerView(p, i, self.labels) for i, p in enumerate(annex_order(project), start=1)]
        self.partners = [p for p in views if p.is_party]  # the parties: rubrum, signatures
        self.supporters = [p for p in views if not p.is_party]
        self._public_ids = {p.id for p in public_partners(project)}
        self.checked = {t.id: check_decision(t, project.decision(t.id), project) for t in catalogue.topics}
        # contradictions between parameters: each marks its topics open and is an open point
        self.conflicts = find_conflicts(project, catalogue, self.checked)
        self._noted_conflicts: dict[str, OpenPoint] = {}  # rule id -> its open point
        self._conflict_notes: set[tuple[str, str | None]] = set()  # (rule, topic) noted in a clause
        self.open_points: list[OpenPoint] = []
        self._state = _ClauseState()
        self._noted_topics: dict[str, OpenPoint] = {}  # topic id -> its open point
        self._noted_board: set[str] = set()

    # context ------------------------------------------------------------------------------
    def topic_view(self, topic_id: str) -> TopicView:
        view = TopicView(self.checked[topic_id], self.project, self._state.add, self.labels)
        if conflicts_for(topic_id, self.conflicts):
            view.open = True
        return view

    def context(self, topic: str | None = None) -> dict[str, Any]:
        project = self.project
        form = self.catalogue.form(project.form.value if project.form else None)
        lead = next((p for p in self.partners if p.is_lead), None)
        return {
            "project": {"name": project.name, "description": project.description, "place": project.place},
            "partners": self.partners,
            "partner_count": len(self.partners),  # the parties
            "voting_count": voting_partners(project),  # full partners: votes, quorum, majorities
            "voting": [p for p in self.partners if p.votes],
            "associated": [p for p in self.partners if not p.votes],
            "supporters": self.supporters,
            "lead": lead,
            "public_partners": [p for p in self.partners if p.id in self._public_ids],
            "form": form.id if form else None,
            "form_label": form.label.get_text() if form else "",
            "form_open": form is None or project.form_status is DecisionStatus.OPEN,
            "binding": form.binding if form else True,
            "bm": _bm_view(project.business_model),
            "goals": project.goals,
            "milestones": project.milestones,
            "board_agreed": [_one_line(b.text) for b in self.board_items(agreed=True)],
            "board_open": [_one_line(b.text) for b in self.board_items(agreed=False)],
            "v": self.topic_view(topic) if topic else None,
            "t": self.topic_view,
            "ref": _ref,
            "today": date.today(),
            "bilingual": len(self.languages) > 1,  # the clause on the prevailing language
            "prevailing": self.languages[0] if self.languages else self.library.language,
        }

    def render_text(self, source: str, where: str, topic: str | None = None) -> list[Block]:
        if not source.strip():
            return []
        return parse_blocks(render_template(source, self.context(topic), where), where)

    # clauses ------------------------------------------------------------------------------
    def build_clause(self, tpl: ClauseTemplate) -> Clause | None:
        ctx = self.context(tpl.topic)
        if tpl.when and not evaluate(tpl.when, ctx, tpl.id):
            return None
        self._state = _ClauseState()
        blocks: list[Block] = []
        topic_open = False
        checked = self.checked.get(tpl.topic) if tpl.topic else None
        conflicts = conflicts_for(tpl.topic, self.conflicts) if tpl.topic else []
        variant_text = ""
        if checked is not None:
            topic_open = checked.is_open or bool(conflicts)
            if checked.variant is not None:
                variant_text = tpl.variants.get(checked.variant.id, "")
        wording = self.project.wordings.get(tpl.id)
        other_language = wording is not None and (wording.language or "de") != self.library.language
        if other_language:  # agreed in another language: this draft keeps the library text
            wording = None
        if wording is not None:  # agreed for this project: printed as written, never rendered
            blocks = wording_blocks(wording)
        else:
            blocks += self.render_text(tpl.text, tpl.id, tpl.topic)
            if checked is not None and tpl.variants:
                if variant_text:
                    blocks += self.render_text(variant_text, f"{tpl.id}/{checked.variant.id}", tpl.topic)
                elif checked.variant is None and tpl.open_text:
                    blocks += self.render_text(tpl.open_text, f"{tpl.id}/open_text", tpl.topic)
            blocks += self.render_text(tpl.after, f"{tpl.id}/after", tpl.topic)
        clause = Clause(id=tpl.id, title=tpl.title, blocks=blocks, explanation=tpl.explanation, topic=tpl.topic)
        if other_language:
            clause.wording = OTHER_LANGUAGE
        if wording is not None:
            clause.wording = ADOPTED
            clause.wording_recheck = wording.template_hash != template_fingerprint(tpl)
        if topic_open and checked is not None:
            clause.open = True
            for block in blocks:
                if isinstance(block, Paragraph | BulletList):
                    block.open = True
            if checked.is_open:
                noted = self._noted_topics.get(checked.topic.id)
                if noted is None:
                    clause.blocks.insert(0, self._open_note(checked))
                    noted = self._noted_topics[checked.topic.id] = OpenPoint(
                        id=f"thema_{checked.topic.id}",
                        label=checked.topic.label.get_text(),
                        clause_id=tpl.id,
                        note=self._open_note_text(checked),
                        topic=checked.topic.id,
                    )
                    self.open_points.append(noted)
                # the topic's later clauses are highlighted too: the annex names them as well
                if tpl.id not in noted.clause_ids:
                    noted.clause_ids.append(tpl.id)
            self._note_conflicts(clause, conflicts)
        for label, problem in self._state.missing:
            clause.open = True
            self.open_points.append(
                OpenPoint(
                    id=f"wert_{tpl.id}_{len(self.open_points)}",
                    label=label,
                    clause_id=tpl.id,
                    note=self.word("value_note", _("Angabe {problem}.")).format(problem=problem),
                    topic=tpl.topic,
                )
            )
        if tpl.id == BOARD_CLAUSE:
            self._note_board_items(clause)
        number_paragraphs(clause.blocks)
        return clause

    # contradictions between parameters ------------------------------------------------------
    def _note_conflicts(self, clause: Clause, conflicts: list[Conflict]) -> None:
        """Contradictions of the clause's topic: a note in the topic's first clause (after the
        open-topic note, if any) and one open point each, naming every clause highlighted."""
        fresh = []
        for conflict in conflicts:
            point = self._noted_conflicts.get(conflict.rule)
            if point is None:
                point = self._noted_conflicts[conflict.rule] = OpenPoint(
                    id=conflict.id,
                    label=self._conflict_label(conflict),
                    clause_id=clause.id,
                    note=conflict.message,
                    topic=conflict.topics[0],
                )
                self.open_points.append(point)
            if (conflict.rule, clause.topic) not in self._conflict_notes:
                self._conflict_notes.add((conflict.rule, clause.topic))
                fresh.append(conflict)
            if clause.id not in point.clause_ids:
                point.clause_ids.append(clause.id)
        if fresh:
            title = self.word("open_point", _("Offener Punkt"))
            text = " ".join(self.word("conflict", _("Widerspruch: {message}")).format(message=c.message) for c in fresh)
            at = 1 if clause.id in {p.clause_id for p in self._noted_topics.values()} else 0
            clause.blocks.insert(at, Note("open", title, [Text(text)]))

    def _conflict_label(self, conflict: Conflict) -> str:
        names = ([self.word("form", _("Kooperationsform"))] if conflict.form else []) + [
            self.catalogue.topic(t).label.get_text() for t in conflict.topics
        ]
        return self.word("conflict", _("Widerspruch: {message}")).format(message=" / ".join(names))

    # the free points of the phase-4 board -----------------------------------------------------
    def board_items(self, agreed: bool) -> list[BoardItem]:
        """The board points that are agreed (or still open), without empty ones."""
        return [b for b in self.project.assessment.board if b.agreed is agreed and b.text.strip()]

    def _board_open_point(self, item: BoardItem, clause_id: str | None) -> OpenPoint:
        self._noted_board.add(item.id)
        return OpenPoint(
            id=f"board_{item.id}",
            label=_one_line(item.text),
            clause_id=clause_id,
            clause_ref="" if clause_id else "—",
            note=self.word("board_point", _("Weiterer Punkt aus dem Workshop; darüber müssen sich die Partner noch verständigen.")),
        )

    def _note_board_items(self, clause: Clause) -> None:
        """Open board points: a note at the top of the clause and one open point each."""
        items = [b for b in self.board_items(agreed=False) if b.id not in self._noted_board]
        if not items:
            return
        clause.open = True
        text = ngettext(
            "Über einen weiteren Punkt müssen sich die Partner noch verständigen (unten gelb markiert).",
            "Über {n} weitere Punkte müssen sich die Partner noch verständigen (unten gelb markiert).",
            len(items),
        )
        text = self.word("board_open_one" if len(items) == 1 else "board_open_many", text).format(n=number_word(len(items)))
        clause.blocks.insert(0, Note("open", self.word("open_point", _("Offener Punkt")), [Text(text)]))
        self.open_points += [self._board_open_point(item, clause.id) for item in items]

    def _open_note_text(self, checked: CheckedDecision) -> str:
        parts = []
        if checked.variant is not None:
            parts.append(self.word("proposal", _("Vorschlag: {variant}.")).format(variant=checked.variant.label.get_text()))
        else:
            parts.append(self.word("no_variant", _("Noch keine Variante gewählt.")))
        if checked.decision.note.strip():
            parts.append(self.word("note", _("Notiz: {note}")).format(note=checked.decision.note.strip()))
        return " ".join(parts)

    def _open_note(self, checked: CheckedDecision) -> Note:
        intro = self.library.text("open_topic_text", _("Darüber müssen sich die Partner noch verständigen."))
        return Note(
            "open",
            self.word("open_point", _("Offener Punkt")),
            [Text(f"{intro} {self._open_note_text(checked)}")],
        )

    # whole agreement ----------------------------------------------------------------------
    def build(self) -> Document:
        lib = self.library
        project = self.project
        form = self.catalogue.form(project.form.value if project.form else None)
        ctx = self.context()
        # a letter of intent or an NDA has its own title; an agreement is titled by its form
        form_titles = lib.meta.get("form_titles") or {}  # the library's own title per form
        title = lib.text("title") or (
            str(form_titles.get(form.id) or form.document_title.get_text(lib.language))
            if form
            else lib.text("default_title", _("Kooperationsvertrag"))
        )
        doc = Document(
            kind=lib.kind,
            language=lib.language,
            title=title,
            subtitle=project.name,
            labels=dict(lib.labels),
            meta=dict(self.meta),
            draft_notice=lib.text("draft_notice"),
            parties_intro=lib.text("parties_intro"),
            parties_outro=render_plain(lib.text("parties_outro"), ctx, "parties_outro"),
            preamble_title=lib.text("preamble_title"),
            signature_title=lib.text("signature_title"),
            signature_place_date=lib.text("signature_place_date"),
            show_toc=not lib.meta.get("compact", False),  # a short document: no cover, no contents
        )
        doc.labels.setdefault("header", f"{title} – {self.word('draft', _('Entwurf'))}")
        doc.parties = [self._party(p, ctx) for p in self.partners]
        self.open_points += [
            self._representative_point(p) for p, party in zip(self.partners, doc.parties, strict=True) if party.representative_open
        ]
        if (form is None or project.form_status is DecisionStatus.OPEN) and lib.meta.get("form_matters", True):
            self.open_points.append(
                OpenPoint(
                    id="thema_form",
                    label=self.word("form", _("Kooperationsform")),
                    clause_id=None,
                    note=(
                        self.word("proposal", _("Vorschlag: {variant}.")).format(variant=form.label.get_text())
                        if form
                        else self.word("no_form", _("Noch keine Kooperationsform gewählt."))
                    ),
                )
            )
        doc.preamble = self.render_text(lib.text("preamble"), "preamble")
        if doc.preamble and (form is None or project.form_status is DecisionStatus.OPEN) and lib.meta.get("form_matters", True):
            doc.preamble.insert(
                0,
                Note("open", self.word("open_point", _("Offener Punkt")), [Text(self.word("form_open", _("Die Kooperationsform ist noch nicht vereinbart.")))]),
            )
        for sec in lib.sections:
            if sec.when and not evaluate(sec.when, ctx, sec.id):
                continue
            section = Section(sec.id, sec.title)
            for tpl in sec.clauses:
                try:
                    clause = self.build_clause(tpl)
                except RenderError as exc:  # a firm's clause: say where it is written
                    if not tpl.source:
                        raise
                    raise RenderError(f"{tpl.source}: {exc}") from exc
                if clause is not None:
                    section.clauses.append(clause)
            if section.clauses:
                doc.sections.append(section)
        sign = lib.labels.get("clause")  # "§", in English "Section"
        for number, clause in enumerate(doc.clauses(), start=1):
            clause.number = number
            if sign:
                clause.sign = str(sign)
        # open board points stay visible even if the library has no clause that lists them
        if lib.meta.get("board_points", True):
            self.open_points += [
                self._board_open_point(item, None)
                for item in self.board_items(agreed=False)
                if item.id not in self._noted_board
            ]
        doc.annexes = self.build_annexes()
        self.resolve_references(doc)
        doc.open_points = self.open_points
        self.fill_open_points_annex(doc)
        return doc

    # parties ------------------------------------------------------------------------------
    def _party(self, p: PartnerView, ctx: dict[str, Any]) -> Party:
        """A party for the rubrum and the signatures. Without a representative the line names an
        open mark in the representative's place ("vertreten durch [offen: …]")."""
        lib = self.library
        template = lib.text("party_representative")
        mark = "" if p.representative else self.word("representative_open", _("[offen: vertretungsberechtigte Person]"))
        if mark:
            stand_in = copy.copy(p)
            stand_in.representative = mark
            representative = render_plain(template, {**ctx, "party": stand_in}, "party_representative") or mark
        else:
            representative = render_plain(template, {**ctx, "party": p}, "party_representative")
        return Party(
            partner_id=p.id,
            name=_name_with_form(p),
            designation=render_plain(lib.text("party_designation"), {**ctx, "party": p}, "party_designation"),
            address=p.address,
            representative=representative,
            legal_form=p.legal_form,
            representative_open=mark,
        )

    def _representative_point(self, partner: PartnerView) -> OpenPoint:
        """The open point of a party that nobody is named to represent and sign for."""
        signatures = self.library.text("signature_title") or self.word("signatures", _("Unterschriften"))
        return OpenPoint(
            id=f"vertretung_{partner.id}",
            label=self.word("representation", _("Vertretung: {name}")).format(name=partner.name),
            clause_id=None,
            clause_ref=self.word("representation_place", _("Vertragsparteien; {signatures}")).format(signatures=signatures),
            note=self.word(
                "representation_note",
                _(
                    "Noch nicht angegeben, wer diesen Partner beim Abschluss vertritt und für ihn "
                    "unterzeichnet (Steckbrief, „Vertreten durch“: Name und Funktion)."
                ),
            ),
        )

    # annexes ------------------------------------------------------------------------------
    def build_annexes(self) -> list[Annex]:
        annexes = []
        for number, raw in enumerate(self.library.meta.get("annexes") or [], start=1):
            annex_id = str(raw["id"])
            annex = Annex(
                id=annex_id,
                title=str(raw.get("title", "")),
                number=number,
                label=f"{self.word('annex', _('Anlage'))} {number}",
            )
            intro = [] if annex_id == "anlage_offen" else self.render_text(str(raw.get("intro") or ""), annex_id)
            annex.blocks = intro + self.annex_content(annex_id)
            annexes.append(annex)
        return annexes

    def annex_content(self, annex_id: str) -> list[Block]:
        h = self.library.meta.get("headers") or {}
        project = self.project
        if annex_id == "anlage_partner":
            blocks: list[Block] = [
                Table(
                    header=h.get("partners", ["Nr.", "Partner", "Anschrift", "Sektor", "Rolle"]),
                    rows=[[str(p.index), _name_with_form(p), p.address, p.sector, p.role] for p in self.partners],
                    widths=[0.5, 3, 3, 1.6, 1.6],
                )
            ]
            if self.supporters:
                # supporters are not parties: listed apart, under their own heading
                blocks += [
                    Heading(h.get("supporters_title", "Unterstützer"), level=3),
                    Paragraph([Text(h.get("supporters_intro", "Die folgenden Organisationen unterstützen die Kooperation, ohne selbst Partner dieser Vereinbarung zu sein:"))]),
                    Table(
                        header=h.get("supporters", ["Nr.", "Unterstützer", "Anschrift", "Sektor"]),
                        rows=[[str(p.index), _name_with_form(p), p.address, p.sector] for p in self.supporters],
                        widths=[0.5, 3.8, 3.8, 1.6],
                    ),
                ]
            for p in self.partners + self.supporters:
                blocks.append(Heading(f"{p.index}. {p.name}", level=3))
                rows = [
                    [h.get("contributions", "Beiträge"), p.contributions or "—"],
                    [h.get("potentials", "Potenziale"), p.potentials or "—"],
                    [h.get("need", "Handlungsbedarf"), p.need or "—"],
                ]
                blocks.append(Table(header=[h.get("field", "Angabe"), h.get("content", "Inhalt")], rows=rows, widths=[1.4, 5]))
            return blocks
        if annex_id == "anlage_ziele":
            if not project.goals:
                return [Paragraph([OpenMark(self.word("goals_open", _("[offen: Ziele]")))])]
            return [
                Table(
                    header=h.get("goals", ["Nr.", "Ziel", "Horizont", "Priorität", "Verantwortlich", "Indikator"]),
                    rows=[
                        [
                            str(i),
                            g.text,
                            self.word(f"horizon_{Horizon(g.horizon).value}", horizon_label(g.horizon)),
                            self.word(f"priority_{Priority(g.priority).value}", priority_label(g.priority)),
                            self._partner_name(g.owner_id),
                            g.indicator,
                        ]
                        for i, g in enumerate(sorted_goals(project), start=1)
                    ],
                    widths=[0.5, 3.5, 1.3, 1, 1.6, 2.4],
                )
            ]
        if annex_id == "anlage_roadmap":
            if not project.milestones:
                return [Paragraph([OpenMark(self.word("milestones_open", _("[offen: Meilensteine]")))])]
            numbers = {m.id: i for i, m in enumerate(project.milestones, start=1)}
            return [
                Figure("roadmap", h.get("roadmap_caption", "Zeitplan"), {"items": roadmap_items(project)}),
                Table(
                    header=h.get("milestones", ["Nr.", "Meilenstein", "Beginn", "Ende", "Verantwortlich", "Voraussetzung", "Status"]),
                    rows=[
                        [
                            str(numbers[m.id]),
                            m.title + (f"\n{m.description}" if m.description else ""),
                            format_day(m.start),
                            format_day(m.end),
                            ", ".join(self._partner_name(pid) for pid in m.responsible_ids),
                            ", ".join(str(numbers[d]) for d in m.depends_on_ids if d in numbers),
                            self.word(f"status_{MilestoneStatus(m.status).value}", milestone_status_label(m.status)),
                        ]
                        for m in project.milestones
                    ],
                    widths=[0.5, 3.2, 1.2, 1.2, 1.8, 1.1, 1.1],
                ),
            ]
        if annex_id == "anlage_offen":
            return []  # filled once all open points are known
        return []

    def fill_open_points_annex(self, doc: Document) -> None:
        annex = next((a for a in doc.annexes if a.id == "anlage_offen"), None)
        if annex is None:
            return
        h = self.library.meta.get("headers") or {}
        if not doc.open_points and self.library.meta.get("open_annex_if_needed"):
            doc.annexes.remove(annex)  # a short document without open points needs no such annex
            return
        if not doc.open_points:
            annex.blocks.append(Paragraph([Text(self.library.text("no_open_points", _("Es gibt keine offenen Punkte.")))]))
            return
        raw = next((a for a in self.library.meta.get("annexes") or [] if a.get("id") == "anlage_offen"), {})
        annex.blocks += self.render_text(str(raw.get("intro") or ""), "anlage_offen")
        for point in doc.open_points:
            ids = point.clause_ids or ([point.clause_id] if point.clause_id else [])
            headings = [c.heading for c in (doc.clause(i) for i in ids) if c is not None]
            point.clause_ref = "\n".join(headings) if headings else (point.clause_ref or self.library.text("preamble_title", _("Präambel")))
        annex.blocks.append(
            Table(
                header=h.get("open_points", ["Nr.", "Punkt", "Fundstelle", "Stand / Notiz"]),
                rows=[[str(i), p.label, p.clause_ref, p.note] for i, p in enumerate(doc.open_points, start=1)],
                widths=[0.5, 2.2, 2.6, 4],
            )
        )

    def word(self, key: str, default: str) -> str:
        """The library's word ``key``, else ``default`` (see :func:`word`)."""
        return word(self.labels, key, default)

    def _partner_name(self, partner_id: str | None) -> str:
        partner = self.project.partner(partner_id)
        return partner.display_name if partner else ""

    # references ---------------------------------------------------------------------------
    def resolve_references(self, doc: Document) -> None:
        targets = {c.id: f"{c.sign} {c.number}" for c in doc.clauses()}
        targets.update({a.id: a.label for a in doc.annexes})

        def fix(inlines: list) -> None:
            for i, piece in enumerate(inlines):
                if isinstance(piece, Ref):
                    if piece.target in targets:
                        piece.label = targets[piece.target]
                    else:
                        inlines[i] = OpenMark(self.word("dead_reference", _("[Verweis auf eine entfallene Regelung]")))

        for block in _all_blocks(doc):
            if isinstance(block, Paragraph | Note):
                fix(block.inlines)
            elif isinstance(block, BulletList):
                for item in block.items:
                    fix(item)


def _all_blocks(doc: Document):
    yield from doc.preamble
    yield from doc.body
    for clause in doc.clauses():
        yield from clause.blocks
    for annex in doc.annexes:
        yield from annex.blocks


def _name_with_form(partner: PartnerView) -> str:
    """The name followed by the legal form unless the name carries it already in any spelling
    ("Beta e.V." with the form "e. V." stays "Beta e.V."); the annex of partners, the rubrum and
    the signature blocks all print it so."""
    return name_with_form(partner.name, partner.legal_form)


def sorted_goals(project: Project):
    order = {"short": 0, "medium": 1, "long": 2}
    prio = {"high": 0, "medium": 1, "low": 2}
    return sorted(project.goals, key=lambda g: (order[g.horizon.value], prio[g.priority.value]))


def _one_line(text: str) -> str:
    """A board point as one line (a line break would end a list item in the template)."""
    return " ".join(text.split())


def _bm_view(bm: BusinessModel) -> dict[str, str]:
    return {k: str(v).strip() for k, v in vars(bm).items()}


def roadmap_items(project: Project) -> list[dict[str, Any]]:
    return [
        {
            "title": m.title,
            "start": m.start.isoformat() if m.start else None,
            "end": m.end.isoformat() if m.end else None,
            "status": m.status.value,
            "responsible": [project.partner(pid).display_name for pid in m.responsible_ids if project.partner(pid)],
        }
        for m in project.milestones
    ]


def render_plain(source: str, context: dict[str, Any], where: str) -> str:
    """Render a one-line frame text (no markup) to plain text."""
    if not source:
        return ""
    blocks = parse_blocks(render_template(source, context, where), where)
    return " ".join(b.text for b in blocks if isinstance(b, Paragraph))


# --- entry points -----------------------------------------------------------------------------


def build_agreement(
    project: Project, kind: str = "vertrag", language: str = "de", meta: dict[str, str] | None = None,
    languages: tuple[str, ...] = (),
) -> Document:
    """The document model of an agreement of ``kind`` for ``project``, its words, labels, dates
    and numbers in ``language`` (whatever the interface language). ``languages`` names both
    languages of a bilingual draft this is one half of, the prevailing one first
    (:mod:`kooperation.drafting.bilingual`)."""
    with document_language(language):
        return _build_agreement(project, kind, language, meta, languages)


def _build_agreement(
    project: Project, kind: str, language: str, meta: dict[str, str] | None, languages: tuple[str, ...] = ()
) -> Document:
    library = effective_library(kind, language)
    with document_language(library.language):
        try:
            doc = DocumentBuilder(project, library, load_catalogue(), meta, languages).build()
        except RenderError as exc:
            if not library.overlay:
                raise
            library = builtin_fallback(library, exc)  # a firm's broken clause never stops a draft
            doc = DocumentBuilder(project, library, load_catalogue(), meta, languages).build()
    doc = apply_typography(doc)
    doc.meta.setdefault("template_version", library.version)
    if library.notices:
        doc.meta["notices"] = "\n".join(library.notices)
    return doc


def summarize_decision(checked: CheckedDecision, project: Project) -> str:
    """A decision in one line for the project sketch and the CLI: variant and its values."""
    if checked.variant is None:
        return _("noch keine Variante gewählt")
    values = []
    for param in checked.topic.params_for(checked.variant.id):
        if not param_applies(param, checked.variant.id, checked.values, project):
            continue
        if param.id in checked.values and param.type != "text":
            values.append(f"{param.label.get_text()}: {describe_value(param, checked.values[param.id], project)}")
    text = checked.variant.label.get_text()
    return f"{text} ({'; '.join(values)})" if values else text
