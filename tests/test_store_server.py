"""The shared store of a network office on PostgreSQL: several people (each a `Store` with its
own connections, as each window on each computer has) write the same project; no acknowledged
edit is lost, a stale one is refused, a window sees what others stored. Plus what only a server
has: the driver as an optional extra, an unreachable server, migrations on a server database."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from kooperation.domain.changes import field_change
from kooperation.domain.demo import demo_project
from kooperation.errors import ConflictError, StoreBusyError, StoreError
from kooperation.store import db, open_store, server, writes


@pytest.fixture
def office(pg_url):
    """Two people of the network office, each with a store of their own on the same database,
    and the project they both work on."""
    first, second = open_store(pg_url), open_store(pg_url)
    project = first.save_project(demo_project())
    yield first, second, project
    first.close()
    second.close()


def _city(store, project, index=1):
    return store.load_project(project.id).partners[index].city


def test_two_people_edit_the_same_partner_the_stale_edit_is_refused(office):
    """A changes a partner's city; B, who still saw the old city, cannot overwrite it but can
    change the partner's name: both acknowledged edits are stored, nothing is lost."""
    first, second, project = office
    partner = project.partners[1]
    _, seen_by_b = second.load_tracked(project.id)
    before, after = first.apply_changes(
        project.id, field_change("partners", partner.id, "city", partner.city, "Ulm")
    )
    assert after > before
    with pytest.raises(ConflictError, match="Ulm"):
        second.apply_changes(
            project.id, field_change("partners", partner.id, "city", partner.city, "Passau")
        )
    revision_before_b, _ = second.apply_changes(
        project.id, field_change("partners", partner.id, "name", partner.name, "Neuer Name e.V.")
    )
    assert revision_before_b != seen_by_b  # B learns that someone else changed the project
    for store in (first, second):
        stored = store.load_project(project.id).partners[1]
        assert (stored.city, stored.name) == ("Ulm", "Neuer Name e.V.")


def _paused_in_transaction(monkeypatch):
    """Make the write of the thread named "A" stop inside its transaction, after its change is
    written and before it commits, until the returned ``go_on`` event is set."""
    inside, go_on = threading.Event(), threading.Event()
    original = writes.apply_changes

    def pausing(s, project, changes, now):
        original(s, project, changes, now)
        if threading.current_thread().name == "A":
            inside.set()
            assert go_on.wait(30)

    monkeypatch.setattr(writes, "apply_changes", pausing)
    return inside, go_on


@pytest.mark.parametrize("same_field", [True, False], ids=["same field", "other field"])
def test_two_concurrent_writers_follow_one_another(office, monkeypatch, same_field):
    """B writes while A's transaction is still open: B waits until A has committed and then
    checks against A's value, so the same field is refused (A's value stays) and another field
    of the same partner is stored next to A's edit; neither is refused for being concurrent."""
    first, second, project = office
    partner = project.partners[1]
    inside, go_on = _paused_in_transaction(monkeypatch)
    results: dict[str, object] = {}

    def write(name, store, field, old, new):
        try:
            results[name] = store.apply_changes(
                project.id, field_change("partners", partner.id, field, old, new)
            )
        except Exception as exc:  # noqa: BLE001 - the test looks at what was raised
            results[name] = exc

    a = threading.Thread(target=write, name="A", args=("A", first, "city", partner.city, "Ulm"))
    field, old, new = (
        ("city", partner.city, "Passau") if same_field else ("name", partner.name, "B e.V.")
    )
    b = threading.Thread(target=write, name="B", args=("B", second, field, old, new))
    a.start()
    assert inside.wait(30)
    b.start()
    b.join(0.5)
    assert b.is_alive(), "B must wait for A's transaction"
    go_on.set()
    a.join(30)
    b.join(30)
    assert isinstance(results["A"], tuple)
    stored = second.load_project(project.id).partners[1]
    assert stored.city == "Ulm"
    if same_field:
        assert isinstance(results["B"], ConflictError)
        assert stored.name == partner.name
    else:
        assert isinstance(results["B"], tuple)
        assert stored.name == "B e.V."


def test_a_writer_that_waits_too_long_is_told_the_store_is_busy(office, monkeypatch):
    """The window waits only briefly for another person's write: it is told the store is busy,
    nothing of its edit is stored, and the same edit goes through once the other has finished."""
    first, second, project = office
    partner = project.partners[1]
    inside, go_on = _paused_in_transaction(monkeypatch)
    a = threading.Thread(
        target=first.apply_changes,
        name="A",
        args=(project.id, field_change("partners", partner.id, "city", partner.city, "Ulm")),
    )
    a.start()
    assert inside.wait(30)
    edit = field_change("partners", partner.id, "name", partner.name, "Wartend e.V.")
    try:
        with pytest.raises(StoreBusyError):
            second.apply_changes(project.id, edit, wait_ms=100)
    finally:
        go_on.set()
        a.join(30)
    assert second.load_project(project.id).partners[1].name == partner.name
    second.apply_changes(project.id, edit, wait_ms=100)
    stored = first.load_project(project.id).partners[1]
    assert (stored.city, stored.name) == ("Ulm", "Wartend e.V.")


def test_a_window_sees_the_revision_grow_when_someone_else_writes(office):
    """The revision a window polls grows with every write from another computer: a field, a
    draft version, a comment-free import; the window reloads and sees the change."""
    first, second, project = office
    seen = second.project_revision(project.id, wait_ms=0)
    first.update_project_fields(project.id, place="Bremen")
    after_field = second.project_revision(project.id, wait_ms=0)
    assert after_field != seen
    assert second.load_project(project.id).place == "Bremen"
    first.add_draft_version(
        project.id, "vertrag", "de", "{}", "h", [("pdf", "v.pdf", b"%PDF-1.4 x")]
    )
    assert second.project_revision(project.id, wait_ms=0) not in (seen, after_field)
    assert [d.number for d in second.list_drafts(project.id)] == [1]
    assert second.get_draft(project.id, 1).files[0].content == b"%PDF-1.4 x"


def test_a_read_sees_one_state_while_another_person_writes(office):
    """A read transaction sees one snapshot: what another person commits meanwhile is not half
    in it (REPEATABLE READ on the server, as a SQLite read transaction)."""
    first, second, project = office
    with second.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM partner")).scalar()
        first.save_partner(project.id, type(project.partners[0])(name="Dazu GmbH"))
        assert conn.execute(text("SELECT count(*) FROM partner")).scalar() == before
    assert len(second.load_project(project.id).partners) == before + 1


def test_first_start_on_an_empty_database_sets_it_up(pg_empty_url):
    """The first window on a new, empty database creates the schema (all migrations, in one
    transaction); a second start finds it current; the schema matches the models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from kooperation.store.models import Base

    with open_store(pg_empty_url) as store:
        assert store.schema_version() == db.head_revision()
        assert store.list_projects() == []
        assert store.notices == []  # no file copy on a server: pg_dump is the backup
        with store.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            # the comparison does not read an index's condition: the open topics' index holds
            # only the open ones on a server too (migration 0013)
            condition = conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_rule_decision_open'")
            ).scalar_one()
            assert condition.endswith("WHERE (((status)::text = 'open'::text) OR (variant IS NULL))"), condition
    with open_store(pg_empty_url) as store:
        saved = store.save_project(demo_project())
        assert store.load_project(saved.id) == saved


def _insert(conn, table: str, **values) -> None:
    """One row as an older schema has it: the given values, a plain one for every other column
    that must not be empty."""
    from datetime import UTC, datetime

    from sqlalchemy import JSON, DateTime, Integer, MetaData, Table

    columns = Table(table, MetaData(), autoload_with=conn).columns
    row = dict(values)
    for column in columns:
        if column.name in row or column.nullable or column.server_default is not None:
            continue
        kind = column.type
        row[column.name] = (
            datetime.now(UTC)
            if isinstance(kind, DateTime)
            else 1
            if isinstance(kind, Integer)
            else {}
            if isinstance(kind, JSON)
            else ""
        )
    conn.execute(columns[0].table.insert().values(**row))


def test_draft_files_of_a_store_at_0008_move_into_shared_parts(pg_empty_url):
    """A server database at schema 0008 with draft files is migrated to the shared parts of
    0009 (bytea on PostgreSQL) and every file reads back byte for byte."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(pg_empty_url)
    content = b"%PDF-1.4\n" + bytes(range(256)) * 300
    try:
        with engine.begin() as conn:
            cfg = db.alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0008")
        project = demo_project()
        with engine.begin() as conn:
            _insert(conn, "project", id=project.id, name=project.name)
            _insert(
                conn,
                "draft_version",
                id="v1",
                project_id=project.id,
                number=1,
                kind_number=1,
                kind="vertrag",
            )
            _insert(
                conn, "draft_file", id="f1", draft_version_id="v1", format="pdf", content=content
            )
    finally:
        engine.dispose()
    with open_store(pg_empty_url) as store:
        assert store.schema_version() == db.head_revision()
        assert store.get_draft(project.id, 1).files[0].content == content


def test_a_missing_driver_is_a_clear_message(monkeypatch):
    """Without psycopg a PostgreSQL URL gives a German sentence naming the extra to install."""
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name == "psycopg" or name.startswith("psycopg."):
            raise ModuleNotFoundError("No module named 'psycopg'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(StoreError, match=r"kooperation\[postgres\]") as info:
        open_store("postgresql://buero@server.example/kooperation")
    assert "buero@server.example" in str(info.value)


def test_an_unknown_kind_of_database_is_a_clear_message():
    """A URL of a database kind we do not support is refused with a sentence, not a traceback."""
    with pytest.raises(StoreError, match="nicht unterstützt"):
        open_store("nosuchdb://host/db")


def test_plain_postgresql_urls_use_psycopg_and_hide_the_password():
    """``postgresql://`` and ``postgres://`` mean the psycopg driver of the extra; messages
    never show the password."""
    for raw in ("postgresql://a:geheim@h/db", "postgres://a:geheim@h/db"):
        url, path = db.to_url(raw)
        assert path is None and url.drivername == server.DRIVER
    with pytest.raises(StoreError) as info:
        open_store("postgresql://a:geheim@/db?host=/nonexistent-folder")
    assert "geheim" not in str(info.value) and "nicht erreichbar" in str(info.value)


def test_the_command_line_works_on_the_server(pg_url, capsys, monkeypatch):
    """``--db URL`` and ``KOOPERATION_DB`` reach the server: the example project made by one
    command is listed by the next."""
    from kooperation.cli import main

    assert main(["--db", pg_url, "demo"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("KOOPERATION_DB", pg_url)
    assert main(["projects"]) == 0
    assert "Lernfabrik Neckar-Alb" in capsys.readouterr().out


def test_two_windows_on_the_server_see_each_others_edits_and_conflicts(qtbot, office):
    """Two windows (sessions) on two computers: A's edit reaches B at B's next poll; B's edit of
    the same field from a stale screen is refused and shown with both values; A's stays."""
    from kooperation.ui.session import ProjectSession

    first, second, project = office
    windows = [ProjectSession(first, project.id), ProjectSession(second, project.id)]
    a, b = windows
    errors: list[str] = []
    b.sig_error.connect(errors.append)
    try:
        goal = project.goals[0]
        assert a.update_goal(goal.id, "text", "Ziel aus dem Büro")
        assert b.check_external()
        assert b.project.goals[0].text == "Ziel aus dem Büro"
        partner = project.partners[0]
        assert a.update_partner(partner.id, "name", "Name von A")
        assert not b.update_partner(partner.id, "name", "Name von B")  # B has not polled yet
        assert errors and "Name von A" in errors[-1] and "Name von B" in errors[-1]
        assert second.load_project(project.id).partners[0].name == "Name von A"
        assert b.project.partners[0].name == "Name von A"
    finally:
        for window in windows:
            window.close()


def test_the_backup_commands_of_the_readme_bring_everything_back(pg_server, pg_url, tmp_path):
    """``pg_dump -Fc`` and ``pg_restore --clean`` as the README gives them: a project changed
    after the backup is as it was at the backup again, with its draft's bytes."""
    import subprocess

    with open_store(pg_url) as store:
        project = store.save_project(demo_project())
        store.add_draft_version(project.id, "vertrag", "de", "{}", "h", [("pdf", "v.pdf", b"%PDF-1.4 gesichert")])
    name, host = pg_server.name(pg_url), str(pg_server.folder)
    dump = tmp_path / "kooperation.dump"
    common = ["-h", host, "-U", "kooperation"]
    subprocess.run([str(pg_server.bin_dir / "pg_dump"), "-Fc", *common, "-f", str(dump), name], check=True)
    with open_store(pg_url) as store:
        store.update_project_fields(project.id, name="Nach der Sicherung geändert")
        store.delete_partner(project.id, project.partners[0].id)
    subprocess.run(
        [str(pg_server.bin_dir / "pg_restore"), "--clean", "--if-exists", "--no-owner", *common, "-d", name, str(dump)],
        check=True,
    )
    with open_store(pg_url) as store:
        assert store.load_project(project.id) == project
        assert store.get_draft(project.id, 1).files[0].content == b"%PDF-1.4 gesichert"
