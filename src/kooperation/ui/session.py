"""One open project in the window: its current state, every edit stored at once, undo and redo.

Pages never write to the store or mutate the project themselves. They call the edit methods of
`ProjectSession`; each one stores the change in its own transaction, updates ``project`` and
pushes an undoable command onto ``undo_stack`` (one stack for all pages). Afterwards the session
emits ``sig_changed`` with a `Change` saying what changed, and every view decides for itself
whether it must refresh. Consecutive typing in the same field merges into one undo step.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kooperation.domain.meeting import Assessment, ProgressReview
from kooperation.domain.model import (
    Goal,
    Milestone,
    Partner,
    PartnerRole,
    Project,
    RuleDecision,
)
from kooperation.errors import KooperationError
from kooperation.i18n import _

PROJECT_FIELDS = ("name", "description", "form", "form_status", "place", "language")
KINDS = (
    "project", "partners", "business_model", "goals", "milestones", "decisions", "drafts",
    "assessment", "reviews",
)


@dataclass(frozen=True)
class Change:
    """What changed: ``kind`` is one of `KINDS`; ``ids`` the entities concerned (topic ids for
    decisions), empty when the whole kind may have changed; ``field`` the edited field if one."""

    kind: str
    ids: tuple[str, ...] = ()
    field: str | None = None


class _Command(QUndoCommand):
    """An edit already applied when pushed. ``apply(value)`` stores a state; ``merge_key``
    (if set) lets consecutive edits of the same field become one undo step."""

    MERGE_ID = 4711

    def __init__(self, text: str, apply: Callable[[Any], None], old: Any, new: Any, merge_key: tuple | None = None) -> None:
        super().__init__(text)
        self._apply = apply
        self.old = old
        self.new = new
        self.merge_key = merge_key
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)

    def id(self) -> int:  # noqa: A003 - Qt API
        return self.MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, _Command) or other.merge_key is None or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True


class ProjectSession(QObject):
    sig_changed = Signal(object)
    """Emitted after every stored edit, undo and redo; carries a `Change`."""

    sig_error = Signal(str)
    """Emitted with a message in plain words when an edit could not be stored (nothing changed)."""

    def __init__(self, store, project_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.project: Project = store.load_project(project_id)
        self.undo_stack = QUndoStack(self)
        self.replaying = False
        self._merge_epoch = 0

    # --- plumbing ---------------------------------------------------------------------------
    def _run(self, text: str, apply: Callable[[Any], None], old: Any, new: Any, merge_key: tuple | None = None) -> bool:
        """Apply ``new`` now; on success push the command so that undo restores ``old``."""
        try:
            apply(new)
        except KooperationError as exc:
            self.sig_error.emit(str(exc))
            return False
        if merge_key is not None:
            merge_key = (*merge_key, self._merge_epoch)
        self.undo_stack.push(_Command(text, self._guarded(apply), old, new, merge_key))
        return True

    def _guarded(self, apply: Callable[[Any], None]) -> Callable[[Any], None]:
        """``apply`` as undo and redo run it: errors reported, ``replaying`` set meanwhile so that
        views can bring the changed entity into sight."""

        def run(value: Any) -> None:
            self.replaying = True
            try:
                apply(value)
            except KooperationError as exc:
                self.sig_error.emit(str(exc))
            finally:
                self.replaying = False

        return run

    def end_merge(self) -> None:
        """Stop merging typing into the previous undo step (e.g. when a field loses focus):
        what is typed next becomes a new step, and merges with its own continuation."""
        self._merge_epoch += 1

    def _emit(self, kind: str, ids: tuple[str, ...] = (), field: str | None = None) -> None:
        self.sig_changed.emit(Change(kind, ids, field))

    def reload(self) -> None:
        self.project = self.store.load_project(self.project.id)
        self._emit("project")

    # --- whole-project snapshots for structural edits ---------------------------------------
    def _snapshot_edit(self, text: str, mutate: Callable[[Project], None], kind: str, ids: tuple[str, ...] = ()) -> bool:
        before = copy.deepcopy(self.project)
        after = copy.deepcopy(self.project)
        mutate(after)

        def apply(state: Project) -> None:
            saved = self.store.save_project(copy.deepcopy(state))
            self.project = saved
            self._emit(kind, ids)

        return self._run(text, apply, before, after)

    # --- project fields ---------------------------------------------------------------------
    def set_project_field(self, field: str, value: Any) -> bool:
        if field not in PROJECT_FIELDS:
            raise ValueError(field)
        old = getattr(self.project, field)
        if old == value:
            return True

        def apply(v: Any) -> None:
            self.store.update_project_fields(self.project.id, **{field: v})
            setattr(self.project, field, v)
            self._emit("project", (self.project.id,), field)

        return self._run(_("Projekt bearbeiten"), apply, old, value, ("project", field))

    # --- business model ---------------------------------------------------------------------
    def set_business_model_field(self, field: str, value: str) -> bool:
        old_bm = self.project.business_model
        if getattr(old_bm, field) == value:
            return True

        def apply(v: str) -> None:
            bm = replace(self.project.business_model, **{field: v})
            self.store.save_business_model(self.project.id, bm)
            self.project.business_model = bm
            self._emit("business_model", (), field)

        return self._run(_("Geschäftsmodell bearbeiten"), apply, getattr(old_bm, field), value, ("bm", field))

    # --- partners ---------------------------------------------------------------------------
    def add_partner(self, partner: Partner | None = None, index: int | None = None) -> Partner:
        partner = partner or Partner(name=_("Neuer Partner"))
        if not self.project.partners and partner.role is PartnerRole.PARTNER:
            partner.role = PartnerRole.LEAD

        def mutate(p: Project) -> None:
            p.partners.insert(len(p.partners) if index is None else index, copy.deepcopy(partner))

        self._snapshot_edit(_("Partner hinzufügen"), mutate, "partners", (partner.id,))
        return partner

    def remove_partner(self, partner_id: str) -> bool:
        def mutate(p: Project) -> None:
            p.partners = [x for x in p.partners if x.id != partner_id]
            for goal in p.goals:
                if goal.owner_id == partner_id:
                    goal.owner_id = None
            for ms in p.milestones:
                ms.responsible_ids = [i for i in ms.responsible_ids if i != partner_id]
            for decision in p.decisions.values():
                decision.params = {
                    k: ([i for i in v if i != partner_id] if isinstance(v, list) else v)
                    for k, v in decision.params.items()
                    if v != partner_id
                }
            # the partner's own answers go with it (undo brings them back with the partner)
            p.assessment.readiness.pop(partner_id, None)
            for review in p.reviews:
                for answers in review.reflections.values():
                    answers.pop(partner_id, None)

        return self._snapshot_edit(_("Partner entfernen"), mutate, "partners", (partner_id,))

    def move_partner(self, partner_id: str, new_index: int) -> bool:
        def mutate(p: Project) -> None:
            partner = next(x for x in p.partners if x.id == partner_id)
            p.partners.remove(partner)
            p.partners.insert(max(0, min(new_index, len(p.partners))), partner)

        return self._snapshot_edit(_("Partner verschieben"), mutate, "partners", (partner_id,))

    def set_lead_partner(self, partner_id: str) -> bool:
        def mutate(p: Project) -> None:
            for x in p.partners:
                if x.id == partner_id:
                    x.role = PartnerRole.LEAD
                elif x.role is PartnerRole.LEAD:
                    x.role = PartnerRole.PARTNER

        return self._snapshot_edit(_("Lead-Partner festlegen"), mutate, "partners", (partner_id,))

    def update_partner(self, partner_id: str, field: str, value: Any) -> bool:
        return self._update_child("partners", partner_id, field, value, self.store.save_partner, _("Partner bearbeiten"))

    # --- goals ------------------------------------------------------------------------------
    def add_goal(self, goal: Goal | None = None) -> Goal:
        goal = goal or Goal(text="")
        self._snapshot_edit(_("Ziel hinzufügen"), lambda p: p.goals.append(copy.deepcopy(goal)), "goals", (goal.id,))
        return goal

    def remove_goal(self, goal_id: str) -> bool:
        def mutate(p: Project) -> None:
            p.goals = [g for g in p.goals if g.id != goal_id]

        return self._snapshot_edit(_("Ziel entfernen"), mutate, "goals", (goal_id,))

    def update_goal(self, goal_id: str, field: str, value: Any) -> bool:
        return self._update_child("goals", goal_id, field, value, self.store.save_goal, _("Ziel bearbeiten"))

    # --- milestones -------------------------------------------------------------------------
    def add_milestone(self, milestone: Milestone | None = None) -> Milestone:
        milestone = milestone or Milestone(title="")
        self._snapshot_edit(_("Meilenstein hinzufügen"), lambda p: p.milestones.append(copy.deepcopy(milestone)), "milestones", (milestone.id,))
        return milestone

    def remove_milestone(self, milestone_id: str) -> bool:
        def mutate(p: Project) -> None:
            p.milestones = [m for m in p.milestones if m.id != milestone_id]
            for m in p.milestones:
                m.depends_on_ids = [d for d in m.depends_on_ids if d != milestone_id]

        return self._snapshot_edit(_("Meilenstein entfernen"), mutate, "milestones", (milestone_id,))

    def update_milestone(self, milestone_id: str, field: str, value: Any) -> bool:
        return self._update_child("milestones", milestone_id, field, value, self.store.save_milestone, _("Meilenstein bearbeiten"))

    # --- decisions --------------------------------------------------------------------------
    def decision(self, topic: str) -> RuleDecision:
        return self.project.decision(topic)

    def set_decision(self, topic: str, *, merge_key: tuple | None = None, text: str | None = None, **changes: Any) -> bool:
        """Change the decision on ``topic``: any of ``variant``, ``status``, ``note``, ``params``
        (the whole parameter dict). Edits with the same ``merge_key`` in a row are one undo step."""
        old = copy.deepcopy(self.project.decision(topic))
        new = replace(copy.deepcopy(old), **changes)
        if new == old:
            return True

        def apply(d: RuleDecision) -> None:
            saved = self.store.save_decision(self.project.id, copy.deepcopy(d))
            self.project.decisions[topic] = saved
            self._emit("decisions", (topic,), next(iter(changes), None))

        return self._run(text or _("Regel bearbeiten"), apply, old, new, merge_key)

    def set_param(self, topic: str, param_id: str, value: Any) -> bool:
        """Set one parameter of a topic (None or "" removes it); typing merges into one step."""
        params = dict(self.project.decision(topic).params)
        if value is None or value == "":
            params.pop(param_id, None)
        else:
            params[param_id] = value
        return self.set_decision(topic, params=params, merge_key=("param", topic, param_id))

    # --- meeting checks and progress reviews ------------------------------------------------
    def edit_assessment(
        self,
        mutate: Callable[[Assessment], None],
        *,
        text: str | None = None,
        merge_key: tuple | None = None,
        part: str | None = None,
    ) -> bool:
        """Change the answers of the meeting checks: ``mutate`` edits a copy, which is stored as
        a whole (one small JSON). ``part`` names what changed (``readiness``, ``factors``,
        ``guide``, ``board``, ``phase_minutes``) for the views; typing into a note passes a
        ``merge_key`` so that it becomes one undo step."""
        old = copy.deepcopy(self.project.assessment)
        new = copy.deepcopy(old)
        mutate(new)
        if new == old:
            return True

        def apply(a: Assessment) -> None:
            self.store.save_assessment(self.project.id, a)
            self.project.assessment = copy.deepcopy(a)
            self._emit("assessment", (), part)

        return self._run(text or _("Prüfung bearbeiten"), apply, old, new, merge_key)

    def save_review(
        self, review: ProgressReview, *, text: str | None = None, merge_key: tuple | None = None
    ) -> bool:
        """Add or change a progress review (kept in date order); undo restores the previous
        state of the review (or removes a new one)."""
        old = copy.deepcopy(next((r for r in self.project.reviews if r.id == review.id), None))
        new = copy.deepcopy(review)
        if old == new:
            return True

        return self._run(
            text or _("Überprüfung bearbeiten"), self._review_setter(review.id), old, new, merge_key
        )

    def remove_review(self, review_id: str) -> bool:
        old = next((r for r in self.project.reviews if r.id == review_id), None)
        if old is None:
            return False
        return self._run(
            _("Überprüfung löschen"), self._review_setter(review_id), copy.deepcopy(old), None
        )

    def _review_setter(self, review_id: str) -> Callable[[ProgressReview | None], None]:
        """Stores a state of one review: None deletes it."""

        def apply(state: ProgressReview | None) -> None:
            reviews = [r for r in self.project.reviews if r.id != review_id]
            if state is None:
                self.store.delete_progress_review(self.project.id, review_id)
            else:
                reviews.append(self.store.save_progress_review(self.project.id, copy.deepcopy(state)))
            self.project.reviews = sorted(reviews, key=lambda r: (r.day, r.id))
            self._emit("reviews", (review_id,))

        return apply

    # --- helpers ----------------------------------------------------------------------------
    def _update_child(self, kind: str, child_id: str, field: str, value: Any, save, text: str) -> bool:
        items = getattr(self.project, kind)
        current = next((x for x in items if x.id == child_id), None)
        if current is None:
            return False
        old = getattr(current, field)
        if old == value:
            return True

        def apply(v: Any) -> None:
            items_now = getattr(self.project, kind)
            index = next(i for i, x in enumerate(items_now) if x.id == child_id)
            updated = replace(items_now[index], **{field: copy.deepcopy(v)})
            save(self.project.id, updated)
            items_now[index] = updated
            self._emit(kind, (child_id,), field)

        return self._run(text, apply, copy.deepcopy(old), copy.deepcopy(value), (kind, child_id, field))
