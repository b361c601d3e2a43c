"""Partner cards ("Steckbrief ausfüllen"): `kooperation steckbrief` writes one partner's card,
the partner edits it, `kooperation merge` takes it back. What a user checks: what the file
holds, the store afterwards, the messages."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from kooperation import cli
from kooperation.bundle import CARD_FORMAT, CARD_FORMAT_VERSION, card_project, new_manifest, pack
from kooperation.cli import main, with_open
from kooperation.domain.demo import demo_project
from kooperation.domain.model import Partner, PartnerTier
from kooperation.domain.serialize import project_from_dict, project_to_dict
from kooperation.steckbrief import edited_card, find_partner, read_card_file, write_card
from kooperation.store import open_store
from test_bundle import add_draft


@pytest.fixture
def office(tmp_path):
    """The office's store file with the demo project and one draft with a comment; (path, id)."""
    db = tmp_path / "buero.sqlite3"
    with open_store(db) as store:
        pid = store.save_project(demo_project()).id
        add_draft(store, pid, "erster", comment="Drei Monate Frist?")
    return db, pid


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def fill_in(path: Path, **fields) -> None:
    """The partner edits the card (what the card window writes after each edit)."""
    card = read_card_file(path)
    path.write_bytes(edited_card(card, replace(card.project.partners[0], **fields)))


def snapshot(db, pid):
    with open_store(db) as store:
        return project_to_dict(store.load_project(pid)), len(store.list_drafts(pid)), len(store.list_comments(pid))


def test_card_holds_only_that_partner_and_what_they_need(tmp_path, capsys, office):
    """The card names the project, who asks and what to do; no other partner, no draft, no rule."""
    db, pid = office
    card = tmp_path / "karte.kooperation-steckbrief"
    code, out, err = run(capsys, "--db", db, "steckbrief", pid[:8], "hochschule", "--out", card,
                         "--von", "Anna Berg, Netzwerkbüro (a.berg@example.org)")
    assert code == 0, err
    assert "Hochschule Reutlingen" in out and "Anna Berg" in out
    files = members(card)
    assert set(files) == {"manifest.json", "projekt.json", "basis.json"}
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "kooperation-steckbrief" and manifest["project_name"] == "Lernfabrik Neckar-Alb"
    info = manifest["steckbrief"]
    assert info["asked_by"] == "Anna Berg, Netzwerkbüro (a.berg@example.org)"
    assert "zurück" in info["instruction"] and "Hochschule Reutlingen" in info["instruction"]
    everything = b"".join(files.values()).decode("utf-8")
    project = demo_project()
    for other in project.partners:
        if not other.name.startswith("Hochschule"):
            assert other.name not in everything and other.street not in everything
    for goal in project.goals:
        assert goal.text not in everything
    assert "Drei Monate Frist" not in everything and "%PDF" not in everything
    read = read_card_file(card)
    assert [p.name for p in read.project.partners] == ["Hochschule Reutlingen – Institut für Digitale Fertigung"]
    assert read.drafts == [] and read.project.goals == [] and read.project.decisions == {}


def test_round_trip_changes_only_that_partner(tmp_path, capsys, office):
    """Write the card, the partner fills it in while the office edits other things, merge it:
    the partner's fields are taken, the office's edits, other partners and drafts stay; the same
    card again changes nothing."""
    db, pid = office
    card = tmp_path / "karte.kooperation-steckbrief"
    assert run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", card)[0] == 0
    fill_in(card, city="Tübingen", need="Fachkräfte für Robotik gewinnen", employees=950)
    with open_store(db) as store:  # meanwhile in the office
        project = store.load_project(pid)
        project.partners[0].city = "Metzingen"  # another partner
        project.partners[1].contact_email = "neu@hochschule.example"  # same partner, other field
        project.name = "Lernfabrik Neckar-Alb 2027"
        store.save_project(project)
    before, drafts, comments = snapshot(db, pid)

    code, out, err = run(capsys, "--db", db, "merge", "--dry-run", card)
    assert code == 0, err
    assert "Steckbrief" in out and "Ort, Beschäftigte, Handlungsbedarf geändert" in out and "Konflikt" not in out
    assert snapshot(db, pid) == (before, drafts, comments)

    code, out, err = run(capsys, "--db", db, "merge", card)
    assert code == 0, err
    after, drafts_after, comments_after = snapshot(db, pid)
    changed = {k for k in after["partners"][1] if after["partners"][1][k] != before["partners"][1][k]}
    assert changed == {"city", "need", "employees"}
    assert after["partners"][1]["city"] == "Tübingen" and after["partners"][1]["contact_email"] == "neu@hochschule.example"
    assert [p for i, p in enumerate(after["partners"]) if i != 1] == [p for i, p in enumerate(before["partners"]) if i != 1]
    assert {k: v for k, v in after.items() if k not in ("partners", "updated_at")} == \
        {k: v for k, v in before.items() if k not in ("partners", "updated_at")}
    assert (drafts_after, comments_after) == (drafts, comments)

    code, out, _err = run(capsys, "--db", db, "merge", card)
    assert code == 0 and "Nichts zu übernehmen" in out
    assert snapshot(db, pid)[0] == after


def test_both_sides_changed_the_same_field_is_a_conflict(tmp_path, capsys, office):
    """The office and the partner changed the city differently: shown as a conflict, ours kept
    unless --prefer theirs."""
    db, pid = office
    card = tmp_path / "karte.kooperation-steckbrief"
    run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", card)
    fill_in(card, city="Tübingen")
    with open_store(db) as store:
        project = store.load_project(pid)
        project.partners[1].city = "Pfullingen"
        store.save_project(project)
    code, out, _err = run(capsys, "--db", db, "merge", "--dry-run", card)
    assert code == 0 and "Konflikte (1" in out and "Tübingen" in out and "Pfullingen" in out and "behalten: unserer" in out
    code, out, _err = run(capsys, "--db", db, "merge", "--prefer", "theirs", card)
    assert code == 0 and "übernommen: aus der Datei" in out
    assert snapshot(db, pid)[0]["partners"][1]["city"] == "Tübingen"


def test_conflict_keeps_ours_by_default(tmp_path, capsys, office):
    """Without --prefer the office's value stays, and reading the card again changes nothing."""
    db, pid = office
    card = tmp_path / "karte.kooperation-steckbrief"
    run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", card)
    fill_in(card, city="Tübingen", products="Neu vom Partner")
    with open_store(db) as store:
        project = store.load_project(pid)
        project.partners[1].city = "Pfullingen"
        store.save_project(project)
    assert run(capsys, "--db", db, "merge", card)[0] == 0
    after = snapshot(db, pid)
    assert (after[0]["partners"][1]["city"], after[0]["partners"][1]["products"]) == ("Pfullingen", "Neu vom Partner")
    code, out, _err = run(capsys, "--db", db, "merge", card)
    assert code == 0 and "Nichts zu übernehmen" in out and snapshot(db, pid) == after


def without_partner(project, partner_id):
    """``project`` without the partner and every reference to it (as removing it in the window)."""
    def scrub(value):
        if isinstance(value, dict):
            return {k: (None if v == partner_id else scrub(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value if v != partner_id and not (isinstance(v, dict) and v.get("id") == partner_id)]
        return value

    return project_from_dict(scrub(project_to_dict(project)))


def test_partner_removed_meanwhile_stays_removed(tmp_path, capsys, office):
    """A card of a partner the office removed meanwhile brings nothing back by default."""
    db, pid = office
    card = tmp_path / "karte.kooperation-steckbrief"
    run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", card)
    fill_in(card, city="Tübingen")
    with open_store(db) as store:
        project = store.load_project(pid)
        store.save_project(without_partner(project, project.partners[1].id))
    code, out, _err = run(capsys, "--db", db, "merge", card)
    assert code == 0 and "gelöscht" in out
    assert not any(p["name"].startswith("Hochschule") for p in snapshot(db, pid)[0]["partners"])


def _rewrite(path: Path, change) -> None:
    files = members(path)
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    path.write_bytes(out.getvalue())


def _newer(files):
    manifest = json.loads(files["manifest.json"])
    manifest["format_version"] = CARD_FORMAT_VERSION + 1
    files["manifest.json"] = json.dumps(manifest).encode()


def _card_with(project, card: Partner, base: Partner):
    """(manifest, card, base) of a card with consistent checksums (what a careful forger makes)."""
    mine, theirs = card_project(project, base), card_project(project, card)
    manifest = new_manifest(CARD_FORMAT, CARD_FORMAT_VERSION, theirs, mine, [])
    manifest["steckbrief"] = {"partner_id": card.id, "asked_by": "", "instruction": ""}
    return manifest, theirs, mine


@pytest.mark.parametrize("case, message", [
    ("not_zip", "kein gültiges ZIP"),
    ("newer", "Der Steckbrief hat die Formatversion 2"),
    ("other_project", "das es in dieser Datenbank nicht gibt"),
    ("extra_partner", "mehr als den Steckbrief eines Partners"),
    ("tier", "Rolle und Partnerstufe"),
])
def test_hostile_cards_are_refused_and_change_nothing(tmp_path, capsys, office, case, message):
    """A broken, newer, foreign or forged card: a German message, exit 1, the store unchanged."""
    db, pid = office
    card = tmp_path / "karte.kooperation-steckbrief"
    run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", card)
    if case == "not_zip":
        card.write_bytes(b"PK\x03\x04 das ist kein Archiv")
    elif case == "newer":
        _rewrite(card, _newer)
    elif case == "other_project":
        other = demo_project()
        other.name = "Anderes Netzwerk"
        card.write_bytes(write_card(other, other.partners[1].id, "X"))
    elif case == "extra_partner":
        read = read_card_file(card)
        manifest, theirs, base = _card_with(read.project, read.project.partners[0], read.project.partners[0])
        theirs.partners.append(Partner(name="Eingeschmuggelt GmbH"))
        manifest["state"] = new_manifest(CARD_FORMAT, 1, theirs, None, [])["state"]
        card.write_bytes(pack(manifest, theirs, [], base))
    elif case == "tier":
        read = read_card_file(card)
        edited = replace(read.project.partners[0], tier=PartnerTier.UNTERSTUETZER)
        manifest, theirs, base = _card_with(read.project, edited, read.project.partners[0])
        card.write_bytes(pack(manifest, theirs, [], base))
    before = snapshot(db, pid)
    code, out, err = run(capsys, "--db", db, "merge", card)
    assert code == 1 and message in err and "Traceback" not in err, (out, err)
    assert snapshot(db, pid) == before


def test_partner_is_found_by_name_short_name_or_id(office):
    """The PARTNER argument: full name, short name, id or its first characters; else the list."""
    project = demo_project()
    hochschule = project.partners[1]
    for ref in (hochschule.name, hochschule.short_name.upper(), hochschule.id, hochschule.id[:6]):
        assert find_partner(project, ref) is hochschule
    with pytest.raises(Exception, match="ProdTech Maschinenbau GmbH"):
        find_partner(project, "Niemand")


def test_unknown_partner_and_folder_target_are_refused(tmp_path, capsys, office):
    """A partner the project lacks or a folder as target: a message, exit 1, no file."""
    db, pid = office
    code, _out, err = run(capsys, "--db", db, "steckbrief", pid, "Niemand", "--out", tmp_path / "x.kooperation-steckbrief")
    assert code == 1 and "keinen Partner" in err and not (tmp_path / "x.kooperation-steckbrief").exists()
    code, _out, err = run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", tmp_path)
    assert code == 1 and "Ordner" in err


def test_default_sender_is_the_lead_partner(tmp_path, capsys, office):
    """Without --von the card goes back to the lead partner, with its e-mail address."""
    db, pid = office
    card = tmp_path / "k.kooperation-steckbrief"
    assert run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", card)[0] == 0
    lead = demo_project().lead_partner
    info = json.loads(members(card)["manifest.json"])["steckbrief"]
    assert info["asked_by"] == f"{lead.name} ({lead.contact_email})"


def test_a_file_as_first_argument_means_open(tmp_path, capsys, office, monkeypatch):
    """``kooperation DATEI`` opens it: a card in its own window, a broken file with a message."""
    db, pid = office
    card = tmp_path / "k.kooperation-steckbrief"
    run(capsys, "--db", db, "steckbrief", pid, "Hochschule", "--out", card)
    assert with_open([str(card)]) == ["open", str(card)]
    assert with_open(["--db", str(db), str(card)]) == ["--db", str(db), "open", str(card)]
    assert with_open(["projects"]) == ["projects"] and with_open([str(tmp_path / "fehlt")]) == [str(tmp_path / "fehlt")]

    import kooperation.ui.app as app

    opened, shown = [], []
    monkeypatch.setattr(app, "run_card", lambda path, bundle: opened.append((path, bundle.project.partners[0].name)) or 0)
    monkeypatch.setattr(app, "show_start_error", shown.append)
    assert main([str(card)]) == 0
    assert opened == [(str(card), "Hochschule Reutlingen – Institut für Digitale Fertigung")]
    broken = tmp_path / "kaputt.kooperation-steckbrief"
    broken.write_bytes(b"kein zip")
    assert main(["open", str(broken)]) == 1
    assert "kein gültiges ZIP" in capsys.readouterr().err and "kein gültiges ZIP" in shown[0]
    assert cli.COMMANDS["open"] is cli.cmd_open
