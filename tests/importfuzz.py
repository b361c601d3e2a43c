"""Mutating a real project file with hostile values and importing it: the shared machinery of
``tests/test_import_fuzz.py`` (bounded, in every test run) and ``benchmarks/fuzz_import.py``
(thousands of mutations, prints the figure).

An outcome is "refused" (a `KooperationError` with a message, the store unchanged), "accepted"
(the project imported and a new draft generated) or "unexpected: …" (anything else).
"""

from __future__ import annotations

import copy
import json
import random
import sqlite3
import string
import uuid
from pathlib import Path
from typing import Any

from kooperation.domain.demo import demo_project
from kooperation.domain.serialize import dumps_document, export_document, read_document
from kooperation.drafts import generate_draft
from kooperation.errors import KooperationError
from kooperation.store import open_store
from kooperation.store.models import Base

_DELETE = object()


def demo_document(folder: Path) -> dict:
    """The demo project exported with one stored agreement version (DOCX and PDF) carrying an
    open comment, as parsed JSON."""
    store = open_store(folder / "source.sqlite3")
    try:
        project = store.save_project(demo_project())
        generate_draft(store, project.id, kind="vertrag")
        doc = json.loads(dumps_document(export_document(
            store.load_project(project.id), store.get_drafts(project.id))))
    finally:
        store.close()
    doc["drafts"][0]["comments"] = [{
        "id": str(uuid.uuid4()), "parent_id": None, "clause_id": "austritt", "author": "Dr. Anna Berg",
        "initials": "AB", "role": "legal", "kind": "comment", "status": "open", "text": "Bitte prüfen.",
        "proposed_text": "", "original_text": "", "created_at": "2025-01-01T09:00:00Z",
        "updated_at": None, "origin": "app", "origin_key": "", "needs_recheck": False,
        "carried_from": None,
    }]
    return doc


def paths_of(doc: Any) -> list[tuple]:
    """Every place in ``doc`` (as a tuple of keys and indices), containers included."""
    out: list[tuple] = []
    stack: list[tuple[Any, tuple]] = [(doc, ())]
    while stack:
        value, path = stack.pop()
        out.append(path)
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
    return sorted(out, key=repr)


def ids_of(doc: Any) -> list[str]:
    return sorted({v for _path, v in _leaves(doc) if isinstance(v, str) and len(v) == 36
                   and v.count("-") == 4})


def _leaves(doc: Any):
    stack: list[tuple[tuple, Any]] = [((), doc)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        else:
            yield path, value


def _nested(depth: int, rng: random.Random) -> Any:
    value: Any = "tief"
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"x": value}
    return value


def _nasty_text(rng: random.Random) -> str:
    pool = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff",
            "\ufffe", "\uffff", "\U0010ffff", "\t", "\n", "\r", "\r\n", "{{ 7*7 }}", "{% if %}", "<b>",
            "&amp;", "\u202e", "ä", " ", "😀", "§", "\\"]
    return "".join(rng.choice(pool + list(string.ascii_letters)) for _ in range(rng.randint(1, 40)))


def hostile_value(rng: random.Random, current: Any, ids: list[str]) -> Any:
    """A value to put where ``current`` was (or `_DELETE`)."""
    kind = rng.randrange(13)
    if kind == 0:
        return _nested(rng.choice([20, 60, 300, 600]), rng)
    if kind == 1:
        return rng.choice([10 ** rng.randint(9, 40), -(10 ** rng.randint(9, 40)), 2**31, 2**63, -1, 0,
                           1e308, -1e308, 1e-320, 0.5, float("inf"), float("nan")])
    if kind == 2:
        return _nasty_text(rng)
    if kind == 3:
        return rng.choice(["x" * 25000, "Ä" * 501, "y" * 2001, "z" * 20001, "", "   ", "\ud800"])
    if kind == 4:
        return rng.choice([None, True, False, [], {}, "text", 0, [None], {"a": 1}])
    if kind == 5:
        return rng.choice(["0001-01-01", "9999-12-31", "2025-02-30", "1899-12-31", "2200-12-31",
                           "2201-01-01", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00",
                           "2025-01-01T00:00:00", "2025-13-01", "1900-01-01T00:30:00+01:00"])
    if kind == 6:
        return rng.choice([{"$date": "9999-01-01"}, {"$datetime": "0001-01-01T00:00:00+01:00"},
                           {"$date": "kein datum"}, {"$date": "2025-05-01"}])
    if kind == 7 and isinstance(current, str):
        return rng.choice([current.upper(), f" {current.upper()} ", current + "\x00", current * 30])
    if kind == 8 and ids:
        return rng.choice([rng.choice(ids), rng.choice(ids).upper(), str(uuid.uuid4()), "kein-uuid"])
    if kind == 9:
        return _DELETE
    if kind == 10 and isinstance(current, str) and current:
        i = rng.randrange(len(current) + 1)
        return current[:i] + _nasty_text(rng) + current[i:]
    if kind == 11 and isinstance(current, dict):
        extra = dict(current)
        extra[rng.choice(["unbekannt", "a\x00b", "\ud800", "ID", str(uuid.uuid4()).upper()])] = 1
        return extra
    if kind == 12 and isinstance(current, list) and current:
        return [*current, copy.deepcopy(rng.choice(current))]
    return copy.deepcopy(current) if current is not None else None


def mutate(doc: dict, rng: random.Random, paths: list[tuple], ids: list[str], count: int) -> list[tuple]:
    """Replace the values at ``count`` random paths of ``doc`` (in place); returns the paths."""
    done = []
    for _ in range(count):
        path = rng.choice(paths)
        parent: Any = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            current = parent[path[-1]] if path else doc
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed it
        if not path:
            continue
        value = hostile_value(rng, current, ids)
        if value is _DELETE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
        done.append(path)
    return done


def table_rows(db: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(db)
    try:
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in Base.metadata.tables}
    finally:
        conn.close()


class Importer:
    """One store for many imports; each accepted project is deleted again afterwards."""

    def __init__(self, folder: Path) -> None:
        self.db = folder / "fuzz.sqlite3"
        self.store = open_store(self.db)
        self.baseline = table_rows(self.db)

    def close(self) -> None:
        self.store.close()

    def attempt(self, text: bytes | str, mode: str = "new", pdf: bool = True) -> str:
        """Import ``text``; "refused", "accepted" or "unexpected: <what>"."""
        try:
            read = read_document(text)
            project = self.store.import_project(read.project, read.drafts, mode=mode)
        except KooperationError as exc:
            message = str(exc)
            if not message or "Unerwarteter Fehler" in message:
                return f"unexpected: empty or generic message {message!r}"
            if table_rows(self.db) != self.baseline:
                return f"unexpected: refused but the store changed ({message})"
            return "refused"
        except Exception as exc:  # noqa: BLE001 - exactly what the fuzzing looks for
            return f"unexpected: {exc.__class__.__name__}: {str(exc)[:200]}"
        try:
            generate_draft(self.store, project.id, kind="vertrag",
                           formats=["docx", "pdf"] if pdf else ["docx"])
        except Exception as exc:  # noqa: BLE001
            return f"unexpected: draft after import: {exc.__class__.__name__}: {str(exc)[:200]}"
        finally:
            self.store.delete_project(project.id)
        if table_rows(self.db) != self.baseline:
            return "unexpected: the store is not empty after deleting the imported project"
        return "accepted"


def one_round(importer: Importer, base: dict, paths: list[tuple], ids: list[str],
              rng: random.Random, pdf_share: float = 1.0) -> tuple[str, list[tuple]]:
    """Mutate a copy of ``base`` at one to three places, import it; (outcome, mutated paths).
    The next draft is rendered as DOCX, and also as PDF (the slow part) when the project itself
    was mutated, in ``pdf_share`` of those cases."""
    doc = copy.deepcopy(base)
    done = mutate(doc, rng, paths, ids, rng.randint(1, 3))
    text = json.dumps(doc).encode("utf-8")  # as a file: lone surrogates as \ud800 escapes
    pdf = any(p and p[0] == "project" for p in done) and rng.random() < pdf_share
    return importer.attempt(text, mode=rng.choice(["new", "copy"]), pdf=pdf), done
