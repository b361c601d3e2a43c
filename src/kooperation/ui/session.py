"""One open project in the window: its current state, every edit stored at once, undo and redo.

Pages never write to the store or mutate the project themselves. They call the edit methods of
`ProjectSession`; each one describes the edit as a `ChangeSet` (the rows and fields it changes,
with their values before and after), stores it in its own transaction, updates ``project`` and
pushes an undoable command onto ``undo_stack`` (one stack for all pages). Afterwards the session
emits ``sig_changed`` with a `Change` saying what changed, and every view decides for itself
whether it must refresh. Consecutive typing in the same field merges into one undo step.

Other windows and the command line may write to the same store. A write touches only the fields
the edit changed, and only while they still hold the values this window started from; otherwise
it is refused and shown (`sig_error`), and the window shows the stored state. A window's session
asks every few seconds, off the GUI thread, whether the project's revision grew and then shows
what someone else changed (`sig_external`; `kooperation.ui.watch`). A
store locked by another program never freezes the window: a write waits a few milliseconds at
most, then the edit is kept in memory, shown as not yet stored (`sig_pending`) and retried in
order until the store is free.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from kooperation.domain.change_text import check_changes
from kooperation.domain.changes import (
    ChangeSet,
    RowChange,
    apply_to,
    assessment_field,
    bm_field,
    diff_projects,
    field_change,
    row_change,
)
from kooperation.domain.meeting import Assessment, ProgressReview
from kooperation.domain.model import (
    Goal,
    Milestone,
    Partner,
    PartnerRole,
    Project,
    RuleDecision,
)
from kooperation.domain.wording import Wording, wording_problem
from kooperation.errors import ConflictError, InputError, KooperationError, StoreBusyError
from kooperation.i18n import _, ngettext, pgettext

PROJECT_FIELDS = ("name", "description", "form", "form_status", "place", "language")
KINDS = (
    "project", "partners", "business_model", "goals", "milestones", "decisions", "drafts",
    "assessment", "reviews", "wordings",
)


def kind_name(kind: str) -> str:
    """The name of a kind of change, for messages."""
    names = {
        "project": _("Projekt"), "partners": pgettext("Mehrzahl", "Partner"), "business_model": _("Geschäftsmodell"),
        "goals": _("Ziele"), "milestones": _("Meilensteine"), "decisions": _("Regeln"),
        "drafts": _("Entwürfe"), "assessment": _("Prüfungen im Treffen"),
        "reviews": _("Überprüfungen"), "wordings": _("Klauselfassungen"),
    }
    return names.get(kind, kind)


@dataclass(frozen=True)
class Change:
    """What changed: ``kind`` is one of `KINDS`; ``ids`` the entities concerned (topic ids for
    decisions), empty when the whole kind may have changed; ``field`` the edited field if one."""

    kind: str
    ids: tuple[str, ...] = ()
    field: str | None = None


class _Command(QUndoCommand):
    """An edit already stored when pushed: ``changes`` redoes it, their inverse undoes it.
    ``merge_key`` (if set) lets consecutive edits of the same field become one undo step."""

    MERGE_ID = 4711

    def __init__(
        self, session: ProjectSession, text: str, changes: ChangeSet, change: Change,
        merge_key: tuple | None = None,
    ) -> None:
        super().__init__(text)
        self._session = session
        self.changes = changes
        self.change = change
        self.merge_key = merge_key
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._session._replay(self.changes, self.change)

    def undo(self) -> None:
        self._session._replay(self.changes.inverse(), self.change)

    def id(self) -> int:  # noqa: A003 - Qt API
        return self.MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if not isinstance(other, _Command) or other.merge_key is None or other.merge_key != self.merge_key:
            return False
        self.changes = self.changes.then(other.changes)
        return True


class ProjectSession(QObject):
    sig_changed = Signal(object)
    """Emitted after every stored edit, undo and redo; carries a `Change`."""

    sig_error = Signal(str)
    """Emitted with a message in plain words when an edit could not be stored (nothing changed;
    the views show the stored state again). The message should stay until the user read it."""

    sig_external = Signal(str)
    """Emitted with a message when the project was changed elsewhere (another window, the
    command line) and the views now show that state."""

    sig_notice = Signal(str)
    """Emitted with a note when an edit was stored changed (control characters removed)."""

    sig_pending = Signal(int)
    """Emitted with the number of edits waiting for a locked store; 0 once all are stored."""

    WAIT_MS = 50
    """How long a write from the window waits for a lock before it is queued for a retry."""

    RETRY_MS = 500

    def __init__(
        self, store, project_id: str, parent: QObject | None = None, *, poll: bool = False,
        loaded: tuple[Project, int] | None = None,
    ) -> None:
        """``poll``: watch the store for changes made elsewhere (the project window does; a
        session without a window has nobody to tell). ``loaded``: the project and its revision
        as `Store.load_tracked` read them already (on a worker thread); else they are read here."""
        super().__init__(parent)
        self.store = store
        self.project: Project
        self.project, self.revision = loaded if loaded is not None else store.load_tracked(project_id)
        self.undo_stack = QUndoStack(self)
        self.replaying = False
        self._merge_epoch = 0
        self._pending: list[ChangeSet] = []
        self._own_writes = 0  # writes of this window running on a worker (see begin_own_write)
        self._gone = False
        from kooperation.ui.watch import ExternalWatch

        self.watch = ExternalWatch(self)
        if poll:
            self.watch.start()
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(self.RETRY_MS)
        self._retry.timeout.connect(self.flush_pending)

    # --- plumbing ---------------------------------------------------------------------------
    def _edit(self, text: str, changes: ChangeSet, change: Change, merge_key: tuple | None = None) -> bool:
        """Store ``changes`` now; on success push the command so that undo reverts them. Every
        text is cleaned and held to its field's limit first (the same rules as the import)."""
        if not changes:
            return True
        changes, error, note = check_changes(changes)
        if error:
            self._refused(error, change, reload=False)
            return False
        if not self._store(changes, change):
            return False
        if note:
            self.sig_notice.emit(note)
        if merge_key is not None:
            merge_key = (*merge_key, self._merge_epoch)
        self.undo_stack.push(_Command(self, text, changes, change, merge_key))
        return True

    def _replay(self, changes: ChangeSet, change: Change) -> None:
        """Undo or redo: ``replaying`` is set meanwhile so that views can bring the changed
        entity into sight; a refusal (someone else changed it since) is reported."""
        self.replaying = True
        try:
            self._store(changes, change)
        finally:
            self.replaying = False

    def _store(self, changes: ChangeSet, change: Change) -> bool:
        if self._pending:
            # the store is locked: later edits wait behind the earlier ones, in order
            self._queue(changes, change)
            return True
        try:
            before, after = self.store.apply_changes(self.project.id, changes, wait_ms=self.WAIT_MS)
        except StoreBusyError:
            self._queue(changes, change)
            return True
        except KooperationError as exc:
            self._refused(str(exc), change, reload=isinstance(exc, ConflictError))
            return False
        if self._stored(before, after):
            self._reload(announce=not self._own_writes)
        else:
            self.project = apply_to(self.project, changes)
            self.sig_changed.emit(change)
        return True

    def _stored(self, before: int, after: int) -> bool:
        """Note the revision a write left; True if someone else wrote in between (the revision
        the write found is not the one this window knew). While a write of this window runs on a
        worker, a gap may be that write's: the caller reloads anyway, so nothing shown is stale."""
        external = before != self.revision
        self.revision = after
        return external

    # --- writes of this window made on a worker (a draft version) --------------------------
    def begin_own_write(self) -> None:
        """A write of this window that grows the project's revision starts on a worker (storing
        a draft version). Until `end_own_write`, the watch does not take a grown revision for
        someone else's change: it asks again at its next tick."""
        self._own_writes += 1

    def end_own_write(self, revision: int | None) -> None:
        """The worker's write is over: ``revision`` is the revision its commit left (None: it
        failed and stored nothing). If the window knew the revision just before it, the write
        was the only one since and is taken silently; else someone else wrote too, and the
        watch will show their change."""
        self._own_writes = max(0, self._own_writes - 1)
        if revision is not None and revision - 1 == self.revision:
            self.revision = revision

    def _refused(self, message: str, change: Change, *, reload: bool) -> None:
        """An edit was not stored: let the views show what is stored, then say why (last, so
        that a view's refresh does not clear the message)."""
        reloaded = False
        if reload:
            try:
                self._reload(announce=False)
                reloaded = True
            except KooperationError:
                pass
        if not reloaded:
            self.sig_changed.emit(change)
        self.sig_error.emit(message)

    def _queue(self, changes: ChangeSet, change: Change) -> None:
        self._pending.append(changes)
        self.project = apply_to(self.project, changes)
        self.sig_changed.emit(change)
        self.sig_pending.emit(len(self._pending))
        if not self._retry.isActive():
            self._retry.start()

    def close(self) -> None:
        """Stop watching the store (the window closes); waiting edits are tried once more."""
        self.watch.stop()
        self._retry.stop()
        if self._pending:
            self.flush_pending()

    @property
    def pending(self) -> int:
        """How many edits are waiting for a locked store (shown as not yet stored)."""
        return len(self._pending)

    def flush_pending(self) -> bool:
        """Store the waiting edits in order; True when none is left. Called by a timer while the
        store is locked, and before the window closes."""
        external = False
        while self._pending:
            changes = self._pending[0]
            try:
                before, after = self.store.apply_changes(self.project.id, changes, wait_ms=self.WAIT_MS)
            except StoreBusyError:
                self._retry.start()
                return False
            except KooperationError as exc:
                lost = len(self._pending)
                self._pending.clear()
                self.sig_pending.emit(0)
                self.sig_error.emit(
                    ngettext(
                        "{count} Änderung konnte nicht gespeichert werden: {reason}",
                        "{count} Änderungen konnten nicht gespeichert werden: {reason}",
                        lost,
                    ).format(count=lost, reason=exc)
                )
                with contextlib.suppress(KooperationError):
                    self._reload(announce=False)
                return True
            self._pending.pop(0)
            external = self._stored(before, after) or external
        self.sig_pending.emit(0)
        if external:  # someone else wrote while these edits waited: show the whole new state
            self._reload(announce=not self._own_writes)
        return True

    def end_merge(self) -> None:
        """Stop merging typing into the previous undo step (e.g. when a field loses focus):
        what is typed next becomes a new step, and merges with its own continuation."""
        self._merge_epoch += 1

    def _emit(self, kind: str, ids: tuple[str, ...] = (), field: str | None = None) -> None:
        self.sig_changed.emit(Change(kind, ids, field))

    # --- changes made elsewhere -------------------------------------------------------------
    def can_take_external(self) -> bool:
        """Whether the session can show a state read from the store now (not while edits wait
        for a locked store, an undo is being stored, or after the project was deleted)."""
        return not (self._pending or self.replaying or self._gone or self._own_writes)

    def check_external(self) -> bool:
        """Whether someone else changed the project since this window last read or wrote it;
        if so, reload it and tell the views. Asks on the calling thread (the window's
        `ExternalWatch` asks on a worker and calls `take_external`); never waits for a locked
        store."""
        if not self.can_take_external():
            return False
        try:
            revision = self.store.project_revision(self.project.id, wait_ms=0)
        except KooperationError:
            return False  # locked or unreadable right now: ask again at the next tick
        if revision is None:
            return self.take_external(self.revision, None, None)
        if revision == self.revision:
            return False
        try:
            self._reload(announce=True)
        except KooperationError:
            return False
        return True

    def take_external(self, known: int, revision: int | None, project: Project | None) -> bool:
        """Show a state of the project read elsewhere (by the watch's worker) when the revision
        was ``known``: ``revision`` None means the project is gone, ``project`` None that
        nothing changed. An answer is dropped if this window wrote since (``known`` is no longer
        its revision) or cannot take it now; the next question brings the newer state. True if
        the views were told of a change."""
        if not self.can_take_external() or known != self.revision:
            return False
        if revision is None:
            self._gone = True
            self.watch.stop()
            self.sig_external.emit(
                _("Das Projekt wurde in einem anderen Fenster gelöscht. Änderungen hier werden "
                  "nicht mehr gespeichert.")
            )
            return True
        if project is None or revision == self.revision:
            return False
        self._reload(announce=True, loaded=(project, revision))
        return True

    def _reload(self, *, announce: bool, loaded: tuple[Project, int] | None = None) -> None:
        old = self.project
        self.project, self.revision = loaded or self.store.load_tracked(old.id)
        kinds = _changed_kinds(old, self.project)
        self._emit("project")
        for kind in kinds:  # each view refreshes what it shows of that kind, field by field
            if kind != "project":
                self._emit(kind)
        self._emit("drafts")
        if announce:
            if kinds:
                names = ", ".join(kind_name(k) for k in kinds)
                self.sig_external.emit(
                    _("In einem anderen Fenster oder von jemand anderem geändert: {what}. Angezeigt wird der neue Stand.").format(what=names)
                )
            else:
                self.sig_external.emit(
                    _("In einem anderen Fenster wurden Entwürfe oder Kommentare geändert.")
                )

    def reload(self) -> None:
        self._reload(announce=False)

    # --- whole-project snapshots for structural edits ---------------------------------------
    def _snapshot_edit(self, text: str, mutate: Callable[[Project], None], kind: str, ids: tuple[str, ...] = ()) -> bool:
        after = copy.deepcopy(self.project)
        mutate(after)
        return self._edit(text, diff_projects(self.project, after), Change(kind, ids))

    # --- project fields ---------------------------------------------------------------------
    def set_project_field(self, field: str, value: Any) -> bool:
        if field not in PROJECT_FIELDS:
            raise ValueError(field)
        old = getattr(self.project, field)
        if old == value:
            return True
        pid = self.project.id
        return self._edit(
            _("Projekt bearbeiten"), field_change("project", pid, field, old, value),
            Change("project", (pid,), field), ("project", field),
        )

    # --- business model ---------------------------------------------------------------------
    def set_business_model_field(self, field: str, value: str) -> bool:
        old = getattr(self.project.business_model, field)
        if old == value:
            return True
        return self._edit(
            _("Geschäftsmodell bearbeiten"),
            field_change("project", self.project.id, bm_field(field), old, value),
            Change("business_model", (), field), ("bm", field),
        )

    # --- partners ---------------------------------------------------------------------------
    def add_partner(self, partner: Partner | None = None, index: int | None = None) -> Partner:
        partner = partner or Partner(name=_("Neuer Partner"))
        if not self.project.partners and partner.role is PartnerRole.PARTNER and partner.votes:
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
        """Make ``partner_id`` the only lead partner; only a full partner can be one (False and
        nothing changed otherwise)."""
        partner = self.project.partner(partner_id)
        if partner is None or not partner.votes:
            return False

        def mutate(p: Project) -> None:
            for x in p.partners:
                if x.id == partner_id:
                    x.role = PartnerRole.LEAD
                elif x.role is PartnerRole.LEAD:
                    x.role = PartnerRole.PARTNER

        return self._snapshot_edit(_("Lead-Partner festlegen"), mutate, "partners", (partner_id,))

    def update_partner(self, partner_id: str, field: str, value: Any) -> bool:
        return self._update_child("partners", partner_id, field, value, _("Partner bearbeiten"))

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
        return self._update_child("goals", goal_id, field, value, _("Ziel bearbeiten"))

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
        return self._update_child("milestones", milestone_id, field, value, _("Meilenstein bearbeiten"))

    # --- decisions --------------------------------------------------------------------------
    def decision(self, topic: str) -> RuleDecision:
        return self.project.decision(topic)

    def set_decision(self, topic: str, *, merge_key: tuple | None = None, text: str | None = None, **changes: Any) -> bool:
        """Change the decision on ``topic``: any of ``variant``, ``status``, ``note``, ``params``
        (the whole parameter dict). Edits with the same ``merge_key`` in a row are one undo step."""
        stored = self.project.decisions.get(topic)
        old = copy.deepcopy(self.project.decision(topic))
        new = replace(copy.deepcopy(old), **changes)
        if new == old:
            return True
        delta = row_change("decisions", topic, stored, new)
        return self._edit(
            text or _("Regel bearbeiten"), delta, Change("decisions", (topic,), next(iter(changes), None)),
            merge_key,
        )

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
        """Change the answers of the meeting checks: ``mutate`` edits a copy; each part that
        changed (``readiness``, ``factors``, ``guide``, ``board``, ``phase_minutes``...) is
        stored as a field of its own. ``part`` names what changed for the views; typing into a
        note passes a ``merge_key`` so that it becomes one undo step."""
        old = self.project.assessment
        new = copy.deepcopy(old)
        mutate(new)
        if new == old:
            return True
        parts = [k for k, v in vars(old).items() if getattr(new, k) != v]
        before = {assessment_field(k): copy.deepcopy(getattr(old, k)) for k in parts}
        after = {assessment_field(k): copy.deepcopy(getattr(new, k)) for k in parts}
        delta = ChangeSet((RowChange("project", self.project.id, before, after),))
        return self._edit(text or _("Prüfung bearbeiten"), delta, Change("assessment", (), part), merge_key)

    def save_review(
        self, review: ProgressReview, *, text: str | None = None, merge_key: tuple | None = None
    ) -> bool:
        """Add or change a progress review (kept in date order); undo restores the previous
        state of the review (or removes a new one)."""
        old = next((r for r in self.project.reviews if r.id == review.id), None)
        delta = row_change("reviews", review.id, old, copy.deepcopy(review))
        return self._edit(
            text or _("Überprüfung bearbeiten"), delta, Change("reviews", (review.id,)), merge_key
        )

    def remove_review(self, review_id: str) -> bool:
        old = next((r for r in self.project.reviews if r.id == review_id), None)
        if old is None:
            return False
        return self._edit(
            _("Überprüfung löschen"), row_change("reviews", review_id, old, None),
            Change("reviews", (review_id,)),
        )

    # --- agreed clause wordings --------------------------------------------------------------
    def wording_change(self, clause_id: str, wording: Wording | None) -> ChangeSet:
        """The change from the clause's wording now to ``wording`` (None: the library text);
        raises `InputError` for a wording that cannot be stored (empty, too long)."""
        if wording is not None:
            problem = wording_problem(wording.paragraphs)
            if problem:
                raise InputError(problem)
        old = self.project.wordings.get(clause_id)
        return row_change("wordings", clause_id, old, copy.deepcopy(wording))

    def set_wording(self, clause_id: str, wording: Wording | None, text: str | None = None) -> bool:
        """Give a clause an agreed wording, change it, or (None) go back to the library text;
        one undo step of this window."""
        try:
            delta = self.wording_change(clause_id, wording)
        except InputError as exc:
            self.sig_error.emit(str(exc))
            return False
        default = _("Fassung bearbeiten") if wording is not None else _("Vorlagentext wiederherstellen")
        return self._edit(text or default, delta, Change("wordings", (clause_id,)))

    def write_now(self, changes: ChangeSet, change: Change) -> None:
        """Store an edit whose undo another window keeps (the review window adopts a wording
        together with the comment it came from): at once, or raise the store's
        `KooperationError` (a conflict reloads first; nothing is queued)."""
        changes, error, _note = check_changes(changes)
        if error:
            raise InputError(error)
        if self._pending and not self.flush_pending():
            raise StoreBusyError(_("Die Datenbank ist gerade belegt. Bitte gleich noch einmal versuchen."))
        try:
            before, after = self.store.apply_changes(self.project.id, changes, wait_ms=1000)
        except ConflictError:
            with contextlib.suppress(KooperationError):
                self._reload(announce=False)
            raise
        if self._stored(before, after):
            self._reload(announce=not self._own_writes)
        else:
            self.project = apply_to(self.project, changes)
            self.sig_changed.emit(change)

    # --- helpers ----------------------------------------------------------------------------
    def _update_child(self, kind: str, child_id: str, field: str, value: Any, text: str) -> bool:
        current = next((x for x in getattr(self.project, kind) if x.id == child_id), None)
        if current is None:
            return False
        old = getattr(current, field)
        if old == value:
            return True
        return self._edit(
            text, field_change(kind, child_id, field, old, value), Change(kind, (child_id,), field),
            (kind, child_id, field),
        )


def _changed_kinds(old: Project, new: Project) -> list[str]:
    """The kinds of data in which two states of a project differ."""
    kinds = []
    if any(getattr(old, f) != getattr(new, f) for f in PROJECT_FIELDS):
        kinds.append("project")
    for kind in (
        "partners", "business_model", "goals", "milestones", "decisions", "assessment", "reviews",
        "wordings",
    ):
        if getattr(old, kind) != getattr(new, kind):
            kinds.append(kind)
    return kinds
