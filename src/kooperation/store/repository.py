"""The store: every public method is one transaction and returns domain objects.

A failure anywhere in a method rolls the whole method back. Each call uses its own session; no
ORM object leaves this module. Project ids may be given as a unique prefix of at least six
characters (as ``kooperation projects`` shows them), except where a new project is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from kooperation.domain.changes import ChangeSet
from kooperation.domain.meeting import Assessment, ProgressReview, assessment_to_dict
from kooperation.domain.model import (
    BusinessModel,
    Goal,
    Milestone,
    Partner,
    Project,
    RuleDecision,
)
from kooperation.domain.serialize import (
    DraftFile,
    DraftVersion,
    DraftVersionInfo,
    copy_with_new_ids,
    project_problems,
)
from kooperation.domain.versions import version_label
from kooperation.errors import (
    ConflictError,
    InputError,
    KooperationError,
    NotFoundError,
    StoreBusyError,
    StoreError,
)
from kooperation.i18n import _
from kooperation.review.model import Comment
from kooperation.store import blobs, db, exchange, mapping, server, waiting, writes
from kooperation.store import comments as commentstore
from kooperation.store import drafts as draftstore
from kooperation.store.models import (
    DraftVersionRow,
    GoalRow,
    MilestoneRow,
    PartnerRow,
    ProgressReviewRow,
    ProjectRow,
    RuleDecisionRow,
)
from kooperation.store.quick import OPEN_DECISION, ProjectSummary, build_summaries

ImportMode = Literal["new", "replace", "copy"]


def utcnow() -> datetime:
    return datetime.now(UTC)


def _check_readable(draft: DraftVersion, where: str) -> None:
    """Refuse an imported version whose clauses cannot be read: the review window and the next
    draft (which carries the open comments forward) would fail on it forever."""
    from kooperation.review.clauses import version_clauses

    try:
        version_clauses(draft)
    except Exception as exc:  # noqa: BLE001 - whatever it is, the file is refused, nothing stored
        detail = str(exc) if isinstance(exc, KooperationError) else exc.__class__.__name__
        raise InputError(
            _("Ungültige Datei: Feld „{field}“: Die Entwurfsversion {number} kann nicht gelesen "
              "werden ({error}).").format(field=where, number=draft.number, error=detail)
        ) from exc


def open_store(path_or_url: str | Path) -> Store:
    """Open (or create) a store; checks the file before touching it, then migrates to head.

    A store whose file or folder is not writable is opened for reading only
    (``Store.read_only``); one that would need a migration is then refused. What the user
    should know about the opening (a copy made before a migration) is in ``Store.notices``.
    """
    url, path = db.to_url(path_or_url)
    where = str(path) if path is not None else url.render_as_string(hide_password=True)
    read_only = db.check_file(path) if path is not None else None
    engine = db.create_store_engine(url, read_only, where)
    try:
        if path is None:
            try:
                with engine.connect() as conn:
                    db.check_contents(conn, where)
            except OperationalError as exc:
                if not server.is_server(url) or db.is_locked(exc):
                    raise
                raise server.connection_error(exc, where) from exc
        migration = db.migrate(engine, where, path, read_only)
    except KooperationError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise _translate(exc, where) from exc
    notices = [migration.notice] if migration.notice else []
    return Store(engine, where, read_only=read_only, notices=notices)


def _translate(exc: SQLAlchemyError, where: str) -> KooperationError:
    reason = str(getattr(exc, "orig", None) or exc)
    low = reason.lower()
    if isinstance(exc, StaleDataError):
        return ConflictError(
            _(
                "Dieselben Daten wurden gerade gleichzeitig an anderer Stelle geändert; die Änderung "
                "wurde nicht gespeichert. Bitte noch einmal versuchen."
            )
        )
    if isinstance(exc, OperationalError) and db.is_locked(exc):
        return StoreBusyError(db.locked_message(where))
    if "readonly" in low or "read-only" in low:
        return StoreError(db.read_only_message(where, db.READ_ONLY_FILE))
    if isinstance(exc, IntegrityError):
        return StoreError(
            _(
                "Die Änderung passt nicht zu den gespeicherten Daten und wurde nicht gespeichert ({reason})."
            ).format(reason=reason)
        )
    return StoreError(
        _("Die Datenbank {path} konnte nicht gelesen oder geschrieben werden ({reason}).").format(
            path=where, reason=reason
        )
    )


class Store:
    """A Kooperation database. Use `open_store` to get one; `close` when done."""

    def __init__(
        self,
        engine: Engine,
        where: str,
        read_only: str | None = None,
        notices: Iterable[str] = (),
    ) -> None:
        self.engine = engine
        self.location = where
        self.read_only = read_only
        """None, or why the store can only be read (``db.READ_ONLY_FILE`` or ``_FOLDER``)."""
        self.notices = list(notices)
        """Sentences for the user about the opening (e.g. the copy made before a migration)."""
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self._write = sessionmaker(
            bind=engine.execution_options(**{db.IMMEDIATE: True}), expire_on_commit=False
        )
        self._waiting: dict[tuple[bool, int], sessionmaker] = {}

    # --- plumbing -----------------------------------------------------------------------------

    def check_writable(self) -> None:
        """Raise `StoreError` saying why, if this store can only be read."""
        if self.read_only is not None:
            raise StoreError(db.read_only_message(self.location, self.read_only))

    @contextmanager
    def _tx(self, write: bool = False, wait_ms: int | None = None) -> Iterator[Session]:
        """One transaction; ``wait_ms`` limits how long it waits for a lock held by another
        program (the window passes a short time so that it never freezes)."""
        if write:
            self.check_writable()
        if wait_ms is None:
            wait_ms = waiting.wait_for_this_thread()
        session = self._sessions(write, wait_ms)()
        try:
            with session.begin():
                yield session
        except SQLAlchemyError as exc:
            raise _translate(exc, self.location) from exc
        finally:
            session.close()

    def _sessions(self, write: bool, wait_ms: int | None) -> sessionmaker:
        """The session factory for reads or writes with a lock wait (made once per kind)."""
        if wait_ms is None:
            return self._write if write else self._read
        key = (write, wait_ms)
        maker = self._waiting.get(key)
        if maker is None:
            options: dict[str, Any] = {db.WAIT_MS: wait_ms}
            if write:
                options[db.IMMEDIATE] = True
            maker = sessionmaker(bind=self.engine.execution_options(**options), expire_on_commit=False)
            self._waiting[key] = maker
        return maker

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> str | None:
        """The Alembic revision of the database."""
        with self.engine.connect() as conn:
            return db.current_revision(conn)

    def _project_row(self, s: Session, project_id: str, prefix: bool = True) -> ProjectRow:
        row = s.get(ProjectRow, project_id)
        if row is not None:
            return row
        key = project_id.strip().lower()
        if prefix and len(key) >= 6:
            pattern = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = s.scalars(
                select(ProjectRow).where(ProjectRow.id.like(pattern, escape="\\")).limit(2)
            ).all()
            if len(rows) == 1:
                return rows[0]
            if len(rows) > 1:
                raise InputError(
                    _(
                        "Die Kurz-ID {id} passt zu mehreren Projekten; bitte mehr Zeichen angeben."
                    ).format(id=project_id)
                )
        raise NotFoundError(_("Es gibt kein Projekt mit der ID {id}.").format(id=project_id))

    @staticmethod
    def _bump_revision(s: Session, project_id: str) -> int:
        """Let the project's revision grow by one without changing its fields (a new draft
        version or comment): open windows notice. Run last in the transaction, after the ORM's
        writes. Returns the revision it left (read in the same transaction)."""
        s.flush()
        s.execute(
            update(ProjectRow)
            .where(ProjectRow.id == project_id)
            .values(version=ProjectRow.version + 1)
            .execution_options(synchronize_session=False)
        )
        return s.scalar(select(ProjectRow.version).where(ProjectRow.id == project_id))

    @staticmethod
    def _child(s: Session, model: Any, project: ProjectRow, child_id: str, what: str) -> Any:
        row = s.get(model, child_id)
        if row is None or row.project_id != project.id:
            raise NotFoundError(
                _("Im Projekt {project} gibt es keinen Eintrag „{what}“ mit der ID {id}.").format(
                    project=project.name, what=what, id=child_id
                )
            )
        return row

    @staticmethod
    def _own(s: Session, model: Any, project: ProjectRow, child_id: str) -> Any:
        """The row with ``child_id`` if it belongs to ``project``; None if new."""
        row = s.get(model, child_id)
        if row is not None and row.project_id != project.id:
            raise InputError(
                _("Die ID {id} gehört schon zu einem anderen Projekt.").format(id=child_id)
            )
        return row

    def _slot(
        self, s: Session, model: Any, project: ProjectRow, child_id: str, position: int | None
    ) -> Any:
        """The row for ``child_id`` (created if new) at ``position`` among its siblings.

        None keeps an existing row in its place and appends a new one; the rest is renumbered.
        """
        row = self._own(s, model, project, child_id)
        order = mapping.children(s, model, project.id)  # read before a new row exists
        if row is None:
            row = model(id=child_id, project_id=project.id)
            s.add(row)
            position = len(order) if position is None else position
        else:
            position = order.index(row) if position is None else position
            order.remove(row)
        order.insert(max(0, min(position, len(order))), row)
        for i, r in enumerate(order):
            r.position = i
        return row

    # --- projects -----------------------------------------------------------------------------

    def list_projects(self) -> list[ProjectSummary]:
        """All projects, most recently changed first."""
        with self._tx() as s:
            return build_summaries(
                s.execute(
                    select(PartnerRow.project_id, PartnerRow.name).order_by(
                        PartnerRow.project_id, PartnerRow.position
                    )
                ).all(),
                s.execute(
                    select(DraftVersionRow.project_id, func.count()).group_by(
                        DraftVersionRow.project_id
                    )
                ).all(),
                s.execute(
                    select(RuleDecisionRow.project_id, func.count())
                    .where(text(OPEN_DECISION))  # as the index has it, which holds only these
                    .group_by(RuleDecisionRow.project_id)
                ).all(),
                s.execute(
                    select(ProjectRow.id, ProjectRow.name, ProjectRow.updated_at).order_by(
                        ProjectRow.updated_at.desc(), ProjectRow.name
                    )
                ).all(),
            )

    def project_exists(self, project_id: str) -> bool:
        """Whether a project with exactly this id exists (no prefix matching)."""
        with self._tx() as s:
            return s.get(ProjectRow, project_id) is not None

    def load_project(self, project_id: str) -> Project:
        with self._tx() as s:
            return mapping.load_project(s, self._project_row(s, project_id))

    def load_tracked(self, project_id: str) -> tuple[Project, int]:
        """The project and its revision (the change counter `project_revision` reports), read
        in one transaction: the state a window starts editing from."""
        with self._tx() as s:
            row = self._project_row(s, project_id, prefix=False)
            return mapping.load_project(s, row), row.version

    def project_revision(self, project_id: str, wait_ms: int | None = None) -> int | None:
        """The project's change counter: it grows with every write to anything in the project
        (fields, partners, decisions, drafts, comments, an import). None if the project is gone.
        One primary-key lookup, cheap enough to poll while the window is idle."""
        with self._tx(wait_ms=wait_ms) as s:
            return s.scalar(select(ProjectRow.version).where(ProjectRow.id == project_id))

    def apply_changes(
        self, project_id: str, changes: ChangeSet, wait_ms: int | None = None
    ) -> tuple[int, int]:
        """Store one edit of the window: only the rows and fields in ``changes``, and only where
        the stored values are still those the edit started from (else `ConflictError`, nothing
        stored; see `kooperation.store.writes`). Returns the project's revision before and after:
        a revision before that differs from the one the window knew means that someone else
        changed the project meanwhile."""
        with self._tx(write=True, wait_ms=wait_ms) as s:
            row = s.get(ProjectRow, project_id)
            if row is None:
                raise ConflictError(
                    _("Das Projekt wurde inzwischen in einem anderen Fenster gelöscht.")
                )
            before = row.version
            writes.apply_changes(s, row, changes, utcnow())
            s.flush()
            return before, row.version

    def save_project(self, project: Project) -> Project:
        """Insert or update the whole project; returns it as stored (with timestamps)."""
        with self._tx(write=True) as s:
            row = mapping.write_project(s, project, utcnow())
            return mapping.load_project(s, row)

    def delete_project(self, project_id: str) -> None:
        """Delete a project with everything in it, drafts included."""
        with self._tx(write=True) as s:
            row = self._project_row(s, project_id)
            s.execute(delete(ProjectRow).where(ProjectRow.id == row.id))
            blobs.collect_garbage(s)

    def duplicate_project(self, project_id: str, new_name: str) -> Project:
        """A copy with new ids for everything (references follow); drafts are not copied."""
        with self._tx(write=True) as s:
            original = mapping.load_project(s, self._project_row(s, project_id))
            copy = copy_with_new_ids(original, name=new_name)
            row = mapping.write_project(s, copy, utcnow())
            return mapping.load_project(s, row)

    def import_project(
        self, project: Project, drafts: Iterable[DraftVersion] = (), mode: ImportMode = "new"
    ) -> Project:
        """Store a project read from a file, in one transaction.

        ``new`` refuses an id that exists, ``replace`` replaces that project (its drafts become
        those of the file), ``copy`` stores it under new ids. ``new`` and ``replace`` keep the
        file's timestamps, so export -> import -> export gives the same file.
        """
        if mode not in ("new", "replace", "copy"):
            raise ValueError(f"unknown import mode {mode!r}")
        drafts = list(drafts)
        if mode == "copy":
            project = copy_with_new_ids(project)
        problems = project_problems(project, dates=False)
        if problems:
            raise mapping.input_error(*problems[0])
        numbers = [(d.kind, d.number) for d in drafts]
        if len(numbers) != len(set(numbers)):
            raise InputError(_("Die Entwurfsversionen haben doppelte Nummern."))
        for i, draft in enumerate(drafts):
            if not draft.id:  # read from a file (versions from a store, e.g. an undo, have ids)
                _check_readable(draft, f"drafts[{i}]")
        with self._tx(write=True) as s:
            exists = s.get(ProjectRow, project.id) is not None
            if exists and mode == "new":
                raise InputError(
                    _(
                        "Ein Projekt mit der ID {id} gibt es schon. Mit --replace ersetzen oder mit "
                        "--copy als Kopie importieren."
                    ).format(id=project.id)
                )
            revision = s.scalar(select(ProjectRow.version).where(ProjectRow.id == project.id))
            if exists:
                s.execute(delete(ProjectRow).where(ProjectRow.id == project.id))
            for path, taken in mapping.foreign_ids(s, project):
                raise mapping.input_error(
                    path,
                    _(
                        "Die ID {id} gehört schon zu einem anderen Projekt. Mit --copy als Kopie importieren."
                    ).format(id=taken),
                )
            # an import reproduces the project: its timestamps come from the file (a copy is new)
            row = mapping.write_project(s, project, utcnow())
            if mode != "copy" and project.updated_at is not None:
                row.updated_at = project.updated_at
            ids: dict[str, str] = {}  # comment ids across versions (a copy's source follows)
            for draft in drafts:
                stored = draftstore.insert_draft(s, row.id, draft)
                commentstore.insert_all(
                    s, row.id, stored.id, draft.comments, new_ids=mode == "copy", ids=ids
                )
            loaded = mapping.load_project(s, row)
            if revision is not None:
                # the replaced project's revision keeps growing: open windows see the import
                s.execute(
                    update(ProjectRow)
                    .where(ProjectRow.id == row.id)
                    .values(version=revision + 1)
                    .execution_options(synchronize_session=False)
                )
            if exists:
                blobs.collect_garbage(s)  # what only the replaced versions used
            return loaded

    def update_project_fields(self, project_id: str, **fields: Any) -> None:
        """Change single fields of the project itself (name, description, form, form_status,
        place, language)."""
        unknown = set(fields) - set(mapping.PROJECT_FIELDS)
        if unknown:
            raise TypeError(f"unknown project fields: {sorted(unknown)}")
        with self._tx(write=True) as s:
            row = self._project_row(s, project_id)
            for name, value in fields.items():
                try:
                    mapping.apply_project_fields(row, {name: value})
                except ValueError as exc:
                    raise mapping.input_error(
                        name, _("{value} ist kein gültiger Wert.").format(value=repr(value))
                    ) from exc
            row.updated_at = utcnow()

    def save_business_model(self, project_id: str, bm: BusinessModel) -> None:
        with self._tx(write=True) as s:
            row = self._project_row(s, project_id)
            mapping.apply_business_model(row, bm)
            row.updated_at = utcnow()

    def save_assessment(self, project_id: str, assessment: Assessment) -> None:
        """Store the answers of the meeting checks (readiness, factors, guide, board)."""
        data = assessment_to_dict(assessment)
        with self._tx(write=True) as s:
            row = self._project_row(s, project_id)
            row.assessment = data
            row.updated_at = utcnow()

    def save_progress_review(self, project_id: str, review: ProgressReview) -> ProgressReview:
        """Insert or update one review of goals and milestones."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            row = self._own(s, ProgressReviewRow, project, review.id)
            if row is None:
                row = ProgressReviewRow(id=review.id, project_id=project.id)
                s.add(row)
            mapping.apply_review(row, review)
            project.updated_at = utcnow()
            s.flush()
            return mapping.review_from_row(row)

    def delete_progress_review(self, project_id: str, review_id: str) -> None:
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            row = s.get(ProgressReviewRow, review_id)
            if row is None or row.project_id != project.id:
                raise NotFoundError(_("Diese Überprüfung gibt es nicht (mehr)."))
            s.delete(row)
            project.updated_at = utcnow()

    # --- children, one at a time (the GUI stores every edit at once) ------------------------

    def save_partner(
        self, project_id: str, partner: Partner, position: int | None = None
    ) -> Partner:
        """Insert or update one partner; ``position`` moves it (None keeps its place or appends)."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            row = self._slot(s, PartnerRow, project, partner.id, position)
            mapping.apply_partner(row, partner)
            project.updated_at = utcnow()
            return mapping.partner_from_row(row)

    def delete_partner(self, project_id: str, partner_id: str) -> None:
        """Delete a partner; milestones lose it as responsible, goals it owned get no owner."""
        self._delete(project_id, PartnerRow, partner_id, _("Partner"))

    def save_goal(self, project_id: str, goal: Goal, position: int | None = None) -> Goal:
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            owner = s.get(PartnerRow, goal.owner_id) if goal.owner_id else None
            if goal.owner_id and (owner is None or owner.project_id != project.id):
                raise mapping.input_error(
                    "owner_id", _("{id} ist kein Partner dieses Projekts.").format(id=goal.owner_id)
                )
            row = self._slot(s, GoalRow, project, goal.id, position)
            mapping.apply_goal(row, goal)
            project.updated_at = utcnow()
            return mapping.goal_from_row(row)

    def delete_goal(self, project_id: str, goal_id: str) -> None:
        self._delete(project_id, GoalRow, goal_id, _("Ziel"))

    def save_milestone(
        self, project_id: str, milestone: Milestone, position: int | None = None
    ) -> Milestone:
        """Insert or update one milestone with its responsible partners and dependencies.

        Unknown partners or milestones, a dependency on itself and dependency cycles are refused
        (`InputError`); dates are stored as given, even while the end is before the start.
        """
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            mapping.check_milestone(s, project.id, milestone)
            row = self._slot(s, MilestoneRow, project, milestone.id, position)
            mapping.apply_milestone(row, milestone)
            s.flush()
            mapping.write_links(s, milestone)
            project.updated_at = utcnow()
            s.flush()
            responsible, depends = mapping.links(s, project.id)
            return mapping.milestone_from_row(
                row, responsible.get(row.id, []), depends.get(row.id, [])
            )

    def delete_milestone(self, project_id: str, milestone_id: str) -> None:
        """Delete a milestone; others no longer depend on it."""
        self._delete(project_id, MilestoneRow, milestone_id, _("Meilenstein"))

    def save_decision(self, project_id: str, decision: RuleDecision) -> RuleDecision:
        """Store the decision on one topic; it replaces whatever was stored for that topic."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            s.execute(
                delete(RuleDecisionRow).where(
                    RuleDecisionRow.project_id == project.id,
                    RuleDecisionRow.topic == decision.topic,
                    RuleDecisionRow.id != decision.id,
                )
            )
            row = self._own(s, RuleDecisionRow, project, decision.id)
            if row is None:
                row = RuleDecisionRow(id=decision.id, project_id=project.id)
                s.add(row)
            mapping.apply_decision(row, decision)
            project.updated_at = utcnow()
            s.flush()
            return mapping.decision_from_row(row)

    def delete_decision(self, project_id: str, topic: str) -> None:
        """Forget the decision on a topic (it counts as open again)."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            s.execute(
                delete(RuleDecisionRow).where(
                    RuleDecisionRow.project_id == project.id, RuleDecisionRow.topic == topic
                )
            )
            project.updated_at = utcnow()

    def _delete(self, project_id: str, model: Any, child_id: str, what: str) -> None:
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            self._child(s, model, project, child_id, what)
            s.execute(delete(model).where(model.id == child_id))
            project.updated_at = utcnow()

    # --- draft versions -----------------------------------------------------------------------

    def add_draft_version(
        self,
        project_id: str,
        kind: str,
        language: str,
        data_json: str,
        content_hash: str,
        files: Iterable[tuple[str, str, bytes]],
        template_version: str = "",
        note: str = "",
        before_commit: Callable[[DraftVersionInfo], None] | None = None,
        clause_texts: dict[str, str] | None = None,
        previous_clause_texts: Callable[[DraftVersion], dict[str, str]] | None = None,
    ) -> DraftVersionInfo:
        """Store a generated draft as the next version of its kind ("Vertrag v3").

        ``before_commit`` runs inside the transaction once the version is written (e.g. to check
        its number); if it raises, the version is not stored. Files that belong to the version
        get their final names only after this returns (see `kooperation.drafts.store_draft`). With
        ``clause_texts`` (clause id → text of this version) and ``previous_clause_texts`` (the
        same for an earlier version), the open review threads of the previous version of the
        same kind continue on this one, in the same transaction (see `comments.carry_forward`).
        """
        draft_files = [DraftFile(fmt, filename, bytes(content)) for fmt, filename, content in files]
        try:
            json.loads(data_json)
        except (TypeError, ValueError) as exc:
            raise InputError(
                _("Der Stand des Projekts zum Entwurf ist kein gültiges JSON.")
            ) from exc
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            draft = DraftVersion(
                number=draftstore.next_number(s, project.id, kind),
                kind=kind,
                language=language,
                created_at=utcnow(),
                content_hash=content_hash,
                data_json=data_json,
                files=draft_files,
                template_version=template_version,
                note=note,
            )
            stored = draftstore.insert_draft(s, project.id, draft)
            info = stored.info
            if clause_texts is not None and previous_clause_texts is not None:
                row = draftstore.version_row(s, project.id, stored.number, kind)
                commentstore.carry_forward(
                    s, project.id, row, clause_texts, previous_clause_texts
                )
            # open windows notice the new version; the one that stored it knows it as its own
            info = replace(info, project_revision=self._bump_revision(s, project.id))
            if before_commit is not None:
                before_commit(info)
            return info

    def list_drafts(self, project_id: str) -> list[DraftVersionInfo]:
        """The stored draft versions of a project in the order they were made (all kinds),
        without file contents."""
        with self._tx() as s:
            return draftstore.infos(s, self._project_row(s, project_id).id)

    def get_draft(self, project_id: str, number: int, kind: str = "vertrag") -> DraftVersion:
        """Version ``number`` of ``kind`` ("Vertrag v3": 3, "vertrag") with its snapshot, the
        bytes of its files and its comments."""
        with self._tx() as s:
            project = self._project_row(s, project_id)
            row = draftstore.version_row(s, project.id, number, kind)
            if row is None:
                raise NotFoundError(
                    _("Im Projekt {project} gibt es keine Entwurfsversion {version}.").format(
                        project=project.name, version=version_label(kind, number)
                    )
                )
            return commentstore.draft_with_comments(s, row)

    def get_drafts(self, project_id: str) -> list[DraftVersion]:
        """All draft versions of a project with their files (for an export)."""
        with self._tx() as s:
            project = self._project_row(s, project_id)
            return [commentstore.draft_with_comments(s, r) for r in draftstore.version_rows(s, project.id)]

    # --- project files ("Projekt weitergeben", "Änderungen übernehmen") --------------------------

    def prepare_bundle(self, project_id: str) -> tuple[Project, list[DraftVersion], list[exchange.KnownState]]:
        """The project, its versions and the states this store knows of it (newest first, before
        this one), in one transaction that also remembers this state as sent."""
        with self._tx(write=True) as s:
            row = self._project_row(s, project_id)
            project = mapping.load_project(s, row)
            drafts = [commentstore.draft_with_comments(s, r) for r in draftstore.version_rows(s, row.id)]
            known = exchange.known_states(s, row.id)
            exchange.record(s, project, "sent", utcnow())
            return project, drafts, known

    def common_state(self, project_id: str, hashes: Iterable[str]) -> Project | None:
        """The newest state among ``hashes`` this store sent or took over; None if none."""
        with self._tx() as s:
            return exchange.common_state(s, project_id, set(hashes))

    def apply_merge(
        self, project: Project, revision: int | None, changes: ChangeSet,
        drafts: Iterable[DraftVersion], comments: Iterable[tuple[str, Comment]], received: Project,
    ) -> tuple[int, int]:
        """Store a merge computed from the project's state at ``revision`` (None: the project
        is new here) in one transaction; refused with `ConflictError`, nothing stored, if the
        project changed since. See `kooperation.store.exchange.apply_merge`; returns (versions
        added, comments added)."""
        with self._tx(write=True) as s:
            return exchange.apply_merge(s, project, revision, changes, drafts, comments, received, utcnow())

    # --- review comments ------------------------------------------------------------------------

    def get_draft_by_id(self, project_id: str, draft_id: str) -> DraftVersion:
        """A stored version with its files, by its id."""
        with self._tx() as s:
            project = self._project_row(s, project_id)
            return commentstore.draft_with_comments(s, commentstore.version_row(s, project.id, draft_id))

    def add_comment(self, project_id: str, comment: Comment) -> Comment:
        """Store a new comment or reply (a reply takes its parent's version and clause)."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            added = commentstore.insert(s, project.id, comment)
            self._bump_revision(s, project.id)
            return added

    def update_comment(
        self, project_id: str, comment_id: str, *, expected: dict | None = None, **fields: Any
    ) -> Comment:
        """Change fields of a comment, e.g. ``status="resolved"`` or ``text=...``; with
        ``expected`` only if those fields still hold the given values (else `ConflictError`)."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            updated = commentstore.update(s, project.id, comment_id, fields, expected)
            self._bump_revision(s, project.id)
            return updated

    def delete_comment(self, project_id: str, comment_id: str) -> None:
        """Delete a comment with its replies (on the newest version of its kind only)."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            row = commentstore.comment_row(s, project.id, comment_id)
            commentstore.check_current(s, commentstore.version_row(s, project.id, row.draft_version_id))
            s.delete(row)
            self._bump_revision(s, project.id)

    def list_comments(
        self,
        project_id: str,
        draft_id: str | None = None,
        *,
        status: str | None = None,
        author: str | None = None,
        clause_id: str | None = None,
    ) -> list[Comment]:
        """Comments of a project or of one version, each followed by its replies; the filters
        choose top-level comments (which keep their replies)."""
        with self._tx() as s:
            project = self._project_row(s, project_id)
            return commentstore.select_comments(
                s, project.id, draft_id, status=status, author=author, clause_id=clause_id
            )

    def add_imported_comments(
        self, project_id: str, comments: Iterable[Comment]
    ) -> tuple[list[Comment], list[Comment]]:
        """Store imported comments in one transaction, skipping those whose ``origin_key`` the
        project already has (importing a file twice adds nothing). Returns (added, skipped).

        A reply to a stored comment goes where that thread continues (its copy on the newest
        version); when the thread ended on an earlier version, the reply becomes a comment of
        its own on the same clause (an earlier version takes no new comments)."""
        with self._tx(write=True) as s:
            project = self._project_row(s, project_id)
            known = commentstore.origin_keys(s, project.id)  # origin key -> comment id
            added: list[Comment] = []
            skipped: list[Comment] = []
            same: dict[str, str] = {}  # id in this import -> id of the stored twin
            new: set[str] = set()  # ids stored by this import
            for comment in comments:
                if comment.origin_key and comment.origin_key in known:
                    skipped.append(comment)
                    same[comment.id] = known[comment.origin_key]
                    continue
                if comment.parent_id in same:
                    comment = replace(comment, parent_id=same[comment.parent_id])
                if comment.parent_id is not None and comment.parent_id not in new:
                    parent = commentstore.comment_row(s, project.id, comment.parent_id)
                    target = commentstore.current_thread(s, project.id, parent.id)
                    comment = replace(comment, parent_id=target, clause_id=parent.clause_id)
                added.append(commentstore.insert(s, project.id, comment))
                new.add(comment.id)
                if comment.origin_key:
                    known[comment.origin_key] = comment.id
            self._bump_revision(s, project.id)
            return added, skipped
