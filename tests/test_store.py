"""The local store: round trips, cascades, draft versions, refusing foreign files, migrations."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kooperation.domain.model import (
    BusinessModel,
    CooperationForm,
    DecisionStatus,
    Goal,
    Horizon,
    Milestone,
    MilestoneStatus,
    OrgSize,
    Partner,
    PartnerRole,
    Priority,
    Project,
    RuleDecision,
    Sector,
)
from kooperation.errors import InputError, NotFoundError, StoreError
from kooperation.store import db, open_store
from kooperation.store.models import Base

TABLES = [
    "project",
    "partner",
    "goal",
    "milestone",
    "milestone_responsible",
    "milestone_dependency",
    "rule_decision",
    "draft_version",
    "draft_file",
]


def rich_project(name: str = "Regionales Wärmenetz") -> Project:
    """A project that uses every field: 4 partners, goals, a roadmap with links, decisions."""
    partners = [
        Partner(
            "Stadtwerke Musterstadt GmbH",
            short_name="Stadtwerke",
            legal_form="GmbH",
            street="Hauptstraße 1",
            postcode="34117",
            city="Kassel",
            representative="Dr. Erika Mustermann",
            contact_email="erika@example.org",
            sector=Sector.STAAT,
            size=OrgSize.GROSS,
            employees=1200,
            products="Wärme, Strom",
            need="Abwärme nutzen",
            potentials="Netz, Kunden",
            contributions="Planung",
            role=PartnerRole.LEAD,
        ),
        Partner("{{ 7*7 }} GmbH", sector=Sector.WIRTSCHAFT, size=OrgSize.KLEIN, employees=12),
        Partner("Łódź Łączność Sp. z o.o.", country="Polen", sector=Sector.WIRTSCHAFT),
        Partner(
            "Universität Kassel",
            sector=Sector.WISSENSCHAFT,
            role=PartnerRole.STRATEGIC,
            size=None,
            employees=None,
        ),
    ]
    a, b, c, d = partners
    m1 = Milestone(
        "Machbarkeitsstudie",
        description="mit <b>Markup</b> & Co.",
        start=date(2025, 4, 1),
        end=date(2025, 6, 30),
        responsible_ids=[d.id, a.id],
        status=MilestoneStatus.IN_PROGRESS,
    )
    m2 = Milestone(
        "Förderantrag", start=date(2025, 7, 1), responsible_ids=[a.id], depends_on_ids=[m1.id]
    )
    m3 = Milestone(
        "Bau", end=date(2026, 12, 31), responsible_ids=[b.id, c.id], depends_on_ids=[m2.id, m1.id]
    )
    m4 = Milestone("Abschluss", status=MilestoneStatus.CANCELLED, depends_on_ids=[m3.id])
    decisions = [
        RuleDecision(
            "laufzeit",
            variant="befristet",
            params={"monate": 24, "beginn": date(2025, 5, 1), "verlaengerung": True},
            status=DecisionStatus.AGREED,
        ),
        RuleDecision(
            "kosten",
            variant="quote",
            params={
                "anteile": [{"partner": a.id, "prozent": 40.5}, {"partner": b.id, "prozent": 59.5}],
                "waehrung": "EUR",
                "obergrenze": None,
            },
            status=DecisionStatus.AGREED,
            note="Anteile nach Umsatz",
        ),
        RuleDecision("austritt", params={"partner": [c.id, d.id], "frist_text": "2025-01-31"}),
        RuleDecision("streit", variant="mediation", status=DecisionStatus.OPEN),
    ]
    return Project(
        name,
        description="Abwärme der Industrie für das Quartier",
        form=CooperationForm.VERTRAG,
        form_status=DecisionStatus.AGREED,
        place="Kassel",
        language="de",
        partners=partners,
        business_model=BusinessModel(
            value_proposition="günstige Wärme",
            customer_segments="Haushalte",
            key_partners="Industrie",
            revenue_streams="Wärmeverkauf",
            costs_management="10 %",
            costs_development="Studie",
            costs_infrastructure="Leitungen",
        ),
        goals=[
            Goal(
                "Studie fertig",
                horizon=Horizon.SHORT,
                priority=Priority.HIGH,
                owner_id=d.id,
                indicator="Bericht",
            ),
            Goal("Netz in Betrieb", horizon=Horizon.LONG, owner_id=a.id),
            Goal("Mehr Partner", priority=Priority.LOW),
        ],
        milestones=[m1, m2, m3, m4],
        decisions={x.topic: x for x in decisions},
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kooperation.sqlite3"


@pytest.fixture
def store(store_url: str):
    """A store on SQLite, then on PostgreSQL (see `store_url` in conftest)."""
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(db_path: Path):
    """A store in the SQLite file ``db_path`` (for what only SQLite has)."""
    s = open_store(db_path)
    yield s
    s.close()


def _sql(statement: str) -> Any:
    """``?`` placeholders as SQLAlchemy's named ones (the same on SQLite and PostgreSQL)."""
    parts = statement.split("?")
    return text("".join(part + (f":p{i}" if i < len(parts) - 1 else "") for i, part in enumerate(parts)))


def count(store, table: str, where: str = "", *args: object) -> int:
    """Rows of ``table`` in the store's database, read past the store's own methods."""
    with store.engine.connect() as conn:
        statement = _sql(f"SELECT count(*) FROM {table} {where}")
        return conn.execute(statement, {f"p{i}": a for i, a in enumerate(args)}).scalar()


def dump(store) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a failed operation changed nothing."""
    with store.engine.connect() as conn:
        return {t: sorted(map(repr, conn.execute(text(f"SELECT * FROM {t}")).all())) for t in TABLES}


# --- round trips ------------------------------------------------------------------------------


def test_rich_project_round_trip(store):
    """Everything entered for a project comes back exactly, in order, after saving and reopening."""
    project = rich_project()
    saved = store.save_project(project)
    assert saved.created_at is not None and saved.created_at.tzinfo is UTC
    assert saved.updated_at >= saved.created_at
    expected = Project(
        **{**vars(project), "created_at": saved.created_at, "updated_at": saved.updated_at}
    )
    assert saved == expected
    assert store.load_project(project.id) == saved
    params = store.load_project(project.id).decisions["laufzeit"].params
    assert params["beginn"] == date(2025, 5, 1) and isinstance(params["beginn"], date)
    assert store.load_project(project.id).decisions["austritt"].params["frist_text"] == "2025-01-31"


def test_data_survives_reopening(store_url):
    """A project saved and the program closed is there when the store is opened again."""
    project = rich_project()
    with open_store(store_url) as s:
        saved = s.save_project(project)
    with open_store(store_url) as s:
        assert s.load_project(project.id) == saved


def test_update_removes_deleted_children(store):
    """Partners, goals, milestones and decisions removed from a project are gone after saving."""
    project = rich_project()
    store.save_project(project)
    gone_partner = project.partners.pop(2)  # responsible for m3, named in params
    project.milestones[2].responsible_ids.remove(gone_partner.id)
    project.goals.pop(0)
    gone_ms = project.milestones.pop()
    del project.decisions["streit"]
    saved = store.save_project(project)
    assert [p.id for p in saved.partners] == [p.id for p in project.partners]
    assert (
        len(saved.goals) == 2
        and len(saved.milestones) == 3
        and set(saved.decisions) == {"laufzeit", "kosten", "austritt"}
    )
    assert count(store, "partner", "WHERE id = ?", gone_partner.id) == 0
    assert count(store, "milestone", "WHERE id = ?", gone_ms.id) == 0
    assert count(store, "milestone_dependency", "WHERE depends_on_id = ?", gone_ms.id) == 0
    assert count(store, "rule_decision") == 3


def test_order_is_kept(store):
    """Reordering partners, goals, milestones and responsible partners is stored as shown."""
    project = rich_project()
    store.save_project(project)
    project.partners.reverse()
    project.goals.reverse()
    project.milestones.insert(0, project.milestones.pop())
    project.milestones[1].responsible_ids.reverse()
    project.milestones[3].depends_on_ids.reverse()
    loaded = store.save_project(project)
    assert [p.name for p in loaded.partners] == [p.name for p in project.partners]
    assert [g.id for g in loaded.goals] == [g.id for g in project.goals]
    assert [m.id for m in loaded.milestones] == [m.id for m in project.milestones]
    assert loaded.milestones[1].responsible_ids == project.milestones[1].responsible_ids
    assert loaded.milestones[3].depends_on_ids == project.milestones[3].depends_on_ids


def test_delete_project_cascades(store):
    """Deleting a project leaves no rows of it behind, and other projects are untouched."""
    doomed, kept = rich_project("weg"), rich_project("bleibt")
    store.save_project(doomed)
    store.save_project(kept)
    store.add_draft_version(doomed.id, "vertrag", "de", "{}", "h", [("pdf", "v.pdf", b"%PDF")])
    store.delete_project(doomed.id)
    assert not store.project_exists(doomed.id)
    assert store.load_project(kept.id).partners == kept.partners
    assert count(store, "project") == 1
    for table in ("partner", "goal", "milestone", "rule_decision", "draft_version"):
        assert count(store, table, "WHERE project_id = ?", doomed.id) == 0
    assert (
        count(
            store, "milestone_responsible", "WHERE milestone_id NOT IN (SELECT id FROM milestone)"
        )
        == 0
    )
    assert (
        count(
            store, "milestone_dependency", "WHERE milestone_id NOT IN (SELECT id FROM milestone)"
        )
        == 0
    )
    assert count(store, "draft_file") == 0


def test_deleting_a_partner_clears_its_references(store):
    """A deleted partner is no longer responsible for milestones and owns no goals."""
    project = rich_project()
    store.save_project(project)
    lead = project.partners[0]
    store.delete_partner(project.id, lead.id)
    loaded = store.load_project(project.id)
    assert lead.id not in [p.id for p in loaded.partners]
    assert loaded.goals[1].owner_id is None
    assert all(lead.id not in m.responsible_ids for m in loaded.milestones)
    assert loaded.milestones[0].responsible_ids == [project.partners[3].id]


def test_failure_while_saving_changes_nothing(store, monkeypatch):
    """If saving breaks half-way, the project is exactly as it was before."""
    project = rich_project()
    store.save_project(project)
    before = dump(store)
    project.goals.pop()
    project.partners.append(Partner("Neu"))
    project.name = "geändert"
    from kooperation.store import mapping

    def broken(row, decision):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(mapping, "apply_decision", broken)
    with pytest.raises(RuntimeError):
        store.save_project(project)
    assert dump(store) == before


def test_save_refuses_dangling_references(store):
    """A goal owned by an unknown partner is refused with a message naming the field."""
    project = rich_project()
    project.goals[0].owner_id = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(InputError, match=r"goals\[0\]\.owner_id"):
        store.save_project(project)
    assert count(store, "project") == 0


# --- single edits (the GUI stores every edit at once) -----------------------------------------


def test_single_edits_are_stored_and_bump_updated_at(store):
    """Each single edit is stored at once and marks the project as changed."""
    project = store.save_project(rich_project())
    last = project.updated_at
    new = Partner("Neu e.V.", sector=Sector.ZIVILGESELLSCHAFT)
    store.save_partner(project.id, new, position=1)
    loaded = store.load_project(project.id)
    assert [p.id for p in loaded.partners][1] == new.id and len(loaded.partners) == 5
    assert loaded.updated_at > last
    new.city = "Kassel"
    store.save_partner(project.id, new)  # keeps its place
    assert store.load_project(project.id).partners[1].city == "Kassel"

    store.update_project_fields(project.id, name="Umbenannt", form="verein")
    goal = store.save_goal(project.id, Goal("Neues Ziel", owner_id=new.id), position=0)
    ms = store.save_milestone(
        project.id,
        Milestone("Neu", responsible_ids=[new.id], depends_on_ids=[project.milestones[0].id]),
    )
    store.save_decision(
        project.id, RuleDecision("laufzeit", variant="unbefristet", status=DecisionStatus.AGREED)
    )
    store.save_business_model(project.id, BusinessModel(value_proposition="neu"))
    loaded = store.load_project(project.id)
    assert loaded.name == "Umbenannt" and loaded.form is CooperationForm.VEREIN
    assert loaded.goals[0] == goal and loaded.milestones[-1] == ms
    assert loaded.decisions["laufzeit"].variant == "unbefristet" and len(loaded.decisions) == 4
    assert loaded.business_model.value_proposition == "neu"

    store.delete_goal(project.id, goal.id)
    store.delete_milestone(project.id, project.milestones[0].id)
    loaded = store.load_project(project.id)
    assert goal.id not in [g.id for g in loaded.goals]
    assert all(project.milestones[0].id not in m.depends_on_ids for m in loaded.milestones)


def test_single_edits_refuse_bad_links(store):
    """A dependency cycle, a foreign partner or an unknown entry is refused with a clear message."""
    project = store.save_project(rich_project())
    first = dataclasses.replace(project.milestones[0])
    first.depends_on_ids = [project.milestones[3].id]
    with pytest.raises(InputError, match="Kreis"):
        store.save_milestone(project.id, first)
    other = store.save_project(rich_project("anderes"))
    with pytest.raises(InputError, match="kein Partner dieses Projekts"):
        store.save_goal(project.id, Goal("x", owner_id=other.partners[0].id))
    with pytest.raises(InputError, match="anderen Projekt"):
        store.save_partner(project.id, other.partners[0])
    with pytest.raises(NotFoundError):
        store.delete_partner(project.id, other.partners[0].id)
    with pytest.raises(InputError, match="Feld „form“: 'kolchose' ist kein gültiger Wert"):
        store.update_project_fields(project.id, form="kolchose")
    assert store.load_project(project.id) == project


def test_project_ids_can_be_shortened(store):
    """Users can type the first characters of a project id, as the project list shows them."""
    project = store.save_project(rich_project())
    assert store.load_project(project.id[:8]).id == project.id
    with pytest.raises(NotFoundError, match="ffffffff-nope"):
        store.load_project("ffffffff-nope")
    with pytest.raises(NotFoundError):
        store.load_project(project.id[:4])  # too short to be a prefix


# --- drafts and the project list --------------------------------------------------------------


def test_draft_versions_are_numbered_with_bytes_intact(store):
    """Each generated draft becomes version 1, 2, 3 … and its files come back byte for byte."""
    project = store.save_project(rich_project())
    blobs = [os.urandom(5000) + b"\x00\xff" * 10 for _ in range(3)]
    infos = [
        store.add_draft_version(
            project.id,
            "vertrag",
            "de",
            f'{{"n":{i}}}',
            f"hash{i}",
            [("docx", f"v{i}.docx", blob), ("pdf", f"v{i}.pdf", blob[::-1])],
            template_version="1.0",
            note=f"Runde {i}",
        )
        for i, blob in enumerate(blobs)
    ]
    assert [i.number for i in infos] == [1, 2, 3]
    listed = store.list_drafts(project.id)
    assert [d.number for d in listed] == [1, 2, 3]
    assert listed[0].formats == ["docx", "pdf"] and listed[0].sizes == {"docx": 5020, "pdf": 5020}
    assert listed[0].files[1].filename == "v0.pdf"
    second = store.get_draft(project.id, 2)
    assert second.files[0].content == blobs[1] and second.files[1].content == blobs[1][::-1]
    assert second.data == {"n": 1} and second.note == "Runde 1" and second.template_version == "1.0"
    assert second.info == listed[1]
    with pytest.raises(NotFoundError):
        store.get_draft(project.id, 4)
    with pytest.raises(InputError):
        store.add_draft_version(project.id, "vertrag", "de", "{}", "h", [("exe", "x.exe", b"MZ")])
    assert len(store.list_drafts(project.id)) == 3


def test_draft_version_is_not_stored_when_files_cannot_be_written(store):
    """If moving the output files fails, the draft version is not stored either."""
    project = store.save_project(rich_project())

    def disk_full(info):
        assert info.number == 1
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        store.add_draft_version(
            project.id,
            "vertrag",
            "de",
            "{}",
            "h",
            [("pdf", "v.pdf", b"%PDF")],
            before_commit=disk_full,
        )
    assert store.list_drafts(project.id) == []


def test_list_projects_summary(store):
    """The project list shows partner names, counts of drafts and open topics, newest first."""
    older = store.save_project(rich_project("Älteres"))
    newer = store.save_project(Project("Leer"))
    store.add_draft_version(older.id, "skizze", "de", "{}", "h", [("pdf", "s.pdf", b"x")])
    store.add_draft_version(older.id, "vertrag", "de", "{}", "h", [("pdf", "v.pdf", b"y")])
    summaries = store.list_projects()
    assert [s.id for s in summaries] == [newer.id, older.id]
    rich = summaries[1]
    assert rich.partner_count == 4 and rich.partner_names[0] == "Stadtwerke Musterstadt GmbH"
    assert rich.draft_count == 2
    assert rich.open_topics == 2  # "austritt" has no variant, "streit" is still open
    assert summaries[0].partner_count == 0 and summaries[0].open_topics == 0


def test_duplicate_project_gets_new_ids(store):
    """A duplicated project is independent: new ids everywhere, links point inside the copy."""
    original = store.save_project(rich_project())
    copy = store.duplicate_project(original.id, "Kopie")
    assert copy.name == "Kopie" and copy.id != original.id
    old_ids = {
        x.id
        for x in [
            *original.partners,
            *original.goals,
            *original.milestones,
            *original.decisions.values(),
        ]
    }
    new_ids = {
        x.id for x in [*copy.partners, *copy.goals, *copy.milestones, *copy.decisions.values()]
    }
    assert not old_ids & new_ids
    assert copy.milestones[2].depends_on_ids == [copy.milestones[1].id, copy.milestones[0].id]
    assert copy.goals[0].owner_id == copy.partners[3].id
    assert copy.decisions["austritt"].params["partner"] == [
        copy.partners[2].id,
        copy.partners[3].id,
    ]
    store.delete_project(original.id)
    assert store.load_project(copy.id) == copy


# --- the database file --------------------------------------------------------------------------


def test_sqlite_settings(sqlite_store, db_path):
    """The database runs with foreign keys, a write-ahead log, full sync and a busy timeout."""
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == db.APPLICATION_ID
    with sqlite3.connect(db_path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_not_a_sqlite_file_is_refused_and_unchanged(tmp_path):
    """Opening a text file as database gives a clear message and leaves the file alone."""
    path = tmp_path / "notizen.sqlite3"
    content = b"Das ist eine Einkaufsliste\n" * 10
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"keine Kooperation-Datenbank \(keine SQLite-Datei\)"):
        open_store(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notizen.sqlite3"]


def test_sqlite_file_of_another_program_is_refused_and_unchanged(tmp_path):
    """A SQLite database of another program is refused and not modified."""
    path = tmp_path / "fremd.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('hallo')")
    conn.close()
    content = path.read_bytes()
    with pytest.raises(StoreError, match="anderen Programm"):
        open_store(path)
    assert path.read_bytes() == content


def test_newer_schema_is_refused_and_unchanged(db_path):
    """A database made by a newer Kooperation is refused with a hint to update, unchanged."""
    open_store(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_aus_der_zukunft'")
    conn.close()
    content = db_path.read_bytes()
    with pytest.raises(StoreError, match="neueren Version"):
        open_store(db_path)
    assert db_path.read_bytes() == content


def test_missing_folder_is_refused(tmp_path):
    """A database path in a folder that does not exist gives a clear message."""
    with pytest.raises(StoreError, match="existiert nicht"):
        open_store(tmp_path / "gibt-es-nicht" / "k.sqlite3")
    assert not (tmp_path / "gibt-es-nicht").exists()


def test_unwritable_folder_is_refused(tmp_path, monkeypatch):
    """A database in a folder without write permission gives a clear message."""
    folder = tmp_path / "schreibgeschuetzt"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:  # root may write anywhere; pretend the folder refuses
        monkeypatch.setattr(db, "_probe_writable", lambda _folder: False)
    try:
        with pytest.raises(StoreError, match="kann nicht geschrieben werden"):
            open_store(folder / "k.sqlite3")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_empty_file_becomes_a_store(tmp_path):
    """An empty file (e.g. just created by a file dialog) is turned into a new store."""
    path = tmp_path / "neu.sqlite3"
    path.touch()
    with open_store(path) as s:
        assert s.list_projects() == []


def test_sqlalchemy_url_is_accepted(tmp_path):
    """A SQLAlchemy URL works as well as a plain path."""
    path = tmp_path / "url.sqlite3"
    with open_store(f"sqlite:///{path}") as s:
        s.save_project(Project("über URL"))
    with open_store(path) as s:
        assert [p.name for p in s.list_projects()] == ["über URL"]


def test_migrations_create_the_schema_of_the_models(store):
    """The Alembic migrations and the ORM models describe the same tables (no drift)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert store.schema_version() == db.head_revision()
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_core_does_not_import_qt():
    """Store and domain load without Qt, so the CLI and tests run without a display."""
    code = (
        "import sys, kooperation.store, kooperation.store.repository, kooperation.domain, "
        "kooperation.domain.serialize, kooperation.paths\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_paths(tmp_path, monkeypatch):
    """The database is found from the argument, then KOOPERATION_DB, then the data folder."""
    from kooperation import paths

    data = tmp_path / "daten" / "tief"
    monkeypatch.setenv("KOOPERATION_DATA_DIR", str(data))
    assert paths.data_dir() == data
    assert paths.resolve_db(None) == str(data / "kooperation.sqlite3")
    assert data.is_dir()  # the default folder is created
    monkeypatch.setenv("KOOPERATION_DB", str(tmp_path / "env.sqlite3"))
    assert paths.resolve_db(None) == str(tmp_path / "env.sqlite3")
    assert paths.resolve_db("x.sqlite3") == "x.sqlite3"
    monkeypatch.delenv("KOOPERATION_DATA_DIR")
    assert paths.data_dir().name == "Kooperation"


def test_timestamps_are_utc(sqlite_store, db_path):
    """Timestamps are stored in UTC, whatever time zone the computer is in."""
    project = rich_project()
    project.created_at = datetime(2025, 1, 1, 12, 0, tzinfo=UTC).astimezone()
    saved = sqlite_store.save_project(project)
    assert saved.created_at == datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    with sqlite3.connect(db_path) as conn:
        assert (
            conn.execute("SELECT created_at FROM project")
            .fetchone()[0]
            .startswith("2025-01-01 12:00:00")
        )


def test_schema_head_constant_matches_the_migrations():
    """The revision the store checks at start-up without Alembic is Alembic's real head."""
    from kooperation.store.db import SCHEMA_HEAD, head_revision

    assert head_revision() == SCHEMA_HEAD
