"""The command line: every capability of the core without the window.

Every failure a user can cause (a bad id, file, folder or argument, an unusable store) ends with
a message in plain words on stderr and exit status 1 (2 for a malformed command line); nothing
was changed. A traceback never reaches the user.
"""

from __future__ import annotations

import argparse
import gc
import gettext
import json
import os
import sys
from pathlib import Path
from typing import NoReturn

from kooperation import __version__
from kooperation.cli_args import text_arg, version_help
from kooperation.domain.versions import DRAFT_KINDS, parse_version, version_label, version_ref
from kooperation.errors import InputError, KooperationError
from kooperation.i18n import _, current_language, set_language
from kooperation.resources import resource_path

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _install_argparse_translations(language: str) -> None:
    """argparse's own messages ("usage:", "the following arguments are required") use the
    default gettext domain; point it at our catalogue so they appear in the user's language."""
    gettext.bindtextdomain("argparse", str(resource_path("locale")))
    try:
        translation = gettext.translation("argparse", str(resource_path("locale")), languages=[language])
    except OSError:  # no catalogue (English): argparse's own words, also after an earlier call
        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
        return
    argparse._ = translation.gettext  # type: ignore[attr-defined]
    argparse.ngettext = translation.ngettext  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, _("{prog}: Fehler: {message}\n").format(prog=self.prog, message=message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kooperation",
        description=_("Kooperationen gestalten: Partner, Geschäftsmodell, Ziele und Regeln erfassen und daraus Vertragsentwürfe (DOCX, PDF) erzeugen."),
        epilog=_("Ohne Befehl startet die Anwendung mit Fenster. Die Datenbank ist {path}, solange nicht --db oder KOOPERATION_DB eine andere nennt.").format(
            path=_default_db_hint()
        ),
    )
    parser.add_argument("--db", metavar=_("DATEI"), help=_("die Datenbank (SQLite-Datei), die verwendet werden soll"))
    parser.add_argument("--version", action="version", version=f"kooperation {__version__}")
    sub = parser.add_subparsers(dest="command", metavar=_("BEFEHL"), parser_class=_Parser)

    demo = sub.add_parser("demo", help=_("ein Beispielprojekt anlegen und seine ID ausgeben"))
    demo.add_argument("--out", metavar=_("ORDNER"), help=_("zusätzlich Vertrag und Projektskizze (DOCX und PDF) in diesen Ordner erzeugen"))

    sub.add_parser("projects", help=_("die Projekte der Datenbank auflisten"))

    show = sub.add_parser("show", help=_("ein Projekt mit seinen offenen Punkten zusammenfassen"))
    show.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))

    export = sub.add_parser("export", help=_("ein Projekt als JSON-Datei exportieren"))
    export.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))
    export.add_argument("--json", required=True, metavar=_("DATEI"), help=_("Zieldatei (- für die Standardausgabe)"))
    export.add_argument("--without-drafts", action="store_true", help=_("die gespeicherten Entwurfsversionen nicht mitexportieren"))

    imp = sub.add_parser("import", help=_("ein Projekt aus einer JSON-Datei importieren"))
    imp.add_argument("file", metavar=_("DATEI"), help=_("die JSON-Datei"))
    mode = imp.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true", help=_("ein vorhandenes Projekt mit derselben ID ersetzen"))
    mode.add_argument("--copy", action="store_true", help=_("als Kopie mit neuen IDs importieren"))

    draft = sub.add_parser("draft", help=_("einen Entwurf erzeugen und als neue Version speichern"))
    draft.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))
    draft.add_argument("--kind", default="vertrag", choices=list(DRAFT_KINDS), help=_(
        "Dokumentart: vertrag (Kooperationsvertrag), absichtserklaerung (Absichtserklärung), "
        "vertraulichkeit (Vertraulichkeitsvereinbarung) oder skizze (Projektskizze); Standard: vertrag"))
    draft.add_argument("--format", dest="formats", action="append", choices=["docx", "pdf"], help=_("Ausgabeformat, mehrfach möglich (Standard: docx und pdf)"))
    draft.add_argument("--out", metavar=_("ORDNER"), help=_("Ordner, in den die Dateien zusätzlich geschrieben werden"))
    draft.add_argument("--lang", default=None, help=_("Sprache des Dokuments: de, en, zweisprachig de+en (Deutsch links und maßgeblich) oder en+de (Standard: die Sprache des Projekts)"))
    draft.add_argument("--note", default="", help=_("Notiz zur Version"))

    drafts = sub.add_parser("drafts", help=_("die gespeicherten Entwurfsversionen eines Projekts auflisten"))
    drafts.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))

    get = sub.add_parser("get-draft", help=_("die Dateien einer gespeicherten Version in einen Ordner schreiben"))
    get.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))
    get.add_argument("version", metavar=_("VERSION"), help=version_help())
    get.add_argument("--out", required=True, metavar=_("ORDNER"), help=_("Zielordner"))

    opener = sub.add_parser("open", help=_("einen Steckbrief oder eine Projektdatei im Fenster öffnen"),
                            description=_("Öffnet einen Steckbrief (.kooperation-steckbrief) zum Ausfüllen in "
                                          "einem eigenen Fenster, oder eine Projektdatei (.kooperation), deren "
                                          "Änderungen das Fenster dann zum Übernehmen zeigt. „kooperation DATEI“ "
                                          "tut dasselbe."))
    opener.add_argument("file", metavar=_("DATEI"), help=_("der Steckbrief oder die Projektdatei"))

    poster = sub.add_parser("poster", help=_("den Arbeitsplan als Plakat (PDF, A0 oder A3) erzeugen"))
    poster.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))
    poster.add_argument("--size", default="A0", metavar=_("GRÖSSE"), help=_("Papierformat A0 oder A3, quer (Standard: A0)"))
    poster.add_argument("--out", required=True, metavar=_("DATEI"), help=_("Zieldatei (PDF)"))
    poster.add_argument("--lang", default=None, help=_("Sprache des Plakats, de oder en (Standard: die Sprache des Projekts)"))

    from kooperation import cli_bundle, cli_review

    cli_bundle.add_parsers(sub)
    cli_review.add_parser(sub, _Parser)
    from kooperation import cli_templates

    cli_templates.add_parser(sub, _Parser)

    selftest = sub.add_parser(
        "selftest",
        help=_("die Installation prüfen: Fenster starten, Beispielprojekt öffnen, Vertragsentwurf erzeugen (in einem Wegwerf-Ordner)"),
    )
    selftest.add_argument("--out", metavar=_("ORDNER"), help=_("die erzeugten Dateien (DOCX und PDF) zusätzlich in diesen Ordner schreiben"))
    return parser


def _default_db_hint() -> str:
    try:
        from kooperation.paths import default_db_path

        return str(default_db_path())
    except Exception:  # only a help text
        return "kooperation.sqlite3"


def _open(args, write: bool = False):
    """The store of ``--db``; what the user should know about the opening (a copy made before
    a migration) goes to stderr. A command that will write refuses a read-only store at once,
    before any work is done."""
    from kooperation.paths import resolve_db
    from kooperation.store import open_store

    store = open_store(resolve_db(args.db))
    _OPENED.append(store)
    for notice in store.notices:
        print(notice, file=sys.stderr)
    if write:
        store.check_writable()
    return store


_OPENED: list = []
"""The stores this process opened (closed by `run` before a fast exit)."""


def _print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=False))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())


def _fmt_time(value) -> str:
    if value is None:
        return ""
    from babel.dates import format_datetime

    return format_datetime(value, format="short", locale="de_DE" if current_language() == "de" else "en_GB")


# --- commands ---------------------------------------------------------------------------------


def cmd_demo(args) -> int:
    from kooperation.domain.demo import demo_project
    from kooperation.drafts import check_out_dir, generate_draft

    out = Path(args.out) if args.out else None
    if out is not None:
        check_out_dir(out)
    store = _open(args, write=True)
    project = store.save_project(demo_project())
    print(project.id)
    if out is not None:
        for kind in ("vertrag", "skizze"):
            for file in generate_draft(store, project.id, kind=kind, out_dir=out).files:
                print(f"  {file}")
    return EXIT_OK


def cmd_projects(args) -> int:
    store = _open(args)
    projects = store.list_projects()
    if not projects:
        print(_("Die Datenbank enthält noch keine Projekte. Mit „kooperation demo“ legen Sie ein Beispiel an."))
        return EXIT_OK
    _print_table(
        [_("ID"), _("Name"), _("Partner"), _("Entwürfe"), _("Offen"), _("Geändert")],
        [[p.id, p.name, str(p.partner_count), str(p.draft_count), str(p.open_topics), _fmt_time(p.updated_at)] for p in projects],
    )
    return EXIT_OK


def cmd_show(args) -> int:
    from kooperation.domain.catalogue import check_decision, load_catalogue
    from kooperation.domain.labels import standing_label
    from kooperation.drafting.build import summarize_decision

    store = _open(args)
    project = store.load_project(args.project)
    catalogue = load_catalogue()
    form = catalogue.form(project.form.value if project.form else None)
    print(f"{project.name}  ({project.id})")
    print(_("Kooperationsform: {form}").format(form=form.label.get_text() if form else _("noch nicht gewählt")))
    print(_("Partner:"))
    for p in project.partners:
        print(f"  - {p.name} ({standing_label(p)})")
    print(_("Ziele: {goals}, Meilensteine: {milestones}").format(goals=len(project.goals), milestones=len(project.milestones)))
    from kooperation.domain.consistency import find_conflicts

    conflicts = find_conflicts(project, catalogue)
    contradicted = {t for c in conflicts for t in c.topics}
    print(_("Regeln:"))
    for topic in catalogue.topics:
        checked = check_decision(topic, project.decision(topic.id), project)
        mark = _("offen") if checked.is_open or topic.id in contradicted else _("vereinbart")
        print(f"  [{mark}] {topic.label.get_text()}: {summarize_decision(checked, project)}")
    if conflicts:
        print(_("Widersprüche:"))
        for conflict in conflicts:
            print(f"  - {conflict.message}")
    return EXIT_OK


def cmd_export(args) -> int:
    from kooperation.domain.serialize import export_document

    store = _open(args)
    project = store.load_project(args.project)
    drafts = [] if args.without_drafts else store.get_drafts(project.id)
    text = json.dumps(export_document(project, drafts), ensure_ascii=False, indent=2)
    if args.json == "-":
        sys.stdout.write(text + "\n")
        return EXIT_OK
    from kooperation.user_files import write_user_file

    target = write_user_file(args.json, (text + "\n").encode("utf-8"))
    print(_("Projekt „{name}“ exportiert nach {path}.").format(name=project.name, path=target))
    return EXIT_OK


def cmd_import(args) -> int:
    from kooperation.domain.serialize import MAX_IMPORT_BYTES, cleaned_note, read_document
    from kooperation.user_files import read_user_file

    path = Path(args.file)
    store = _open(args, write=True)  # a store that cannot take it says so before the file is read
    data = read_user_file(path, MAX_IMPORT_BYTES, _("Die Datei „{path}“ ist zu groß für einen Import."))
    read = read_document(data)
    mode = "replace" if args.replace else "copy" if args.copy else "new"
    imported = store.import_project(read.project, read.drafts, mode=mode)
    print(imported.id)
    if read.cleaned:
        print(cleaned_note(read.cleaned), file=sys.stderr)
    return EXIT_OK


def cmd_draft(args) -> int:
    from kooperation.drafts import generate_draft

    note = text_arg("draft.note", args.note, "--note")
    store = _open(args, write=True)
    result = generate_draft(
        store,
        args.project,
        kind=args.kind,
        formats=args.formats or ["docx", "pdf"],
        out_dir=Path(args.out) if args.out else None,
        language=args.lang,
        note=note,
    )
    print(_("{version} gespeichert ({open} offene Punkte).").format(version=version_label(result.kind, result.number), open=result.open_points))
    for file in result.files:
        print(f"  {file}")
    for notice in result.notices:
        print(_("Hinweis: {notice}").format(notice=notice), file=sys.stderr)
    return EXIT_OK


def cmd_drafts(args) -> int:
    store = _open(args)
    project = store.load_project(args.project)
    versions = store.list_drafts(project.id)
    if not versions:
        print(_("Für „{name}“ gibt es noch keine Entwürfe.").format(name=project.name))
        return EXIT_OK
    _print_table(
        [_("Version"), _("Angabe"), _("Sprache"), _("Erstellt"), _("Formate"), _("Prüfsumme")],
        [
            [version_label(v.kind, v.number), version_ref(v.kind, v.number), v.language, _fmt_time(v.created_at), ", ".join(v.formats), v.content_hash[:12]]
            for v in versions
        ],
    )
    return EXIT_OK


def cmd_get_draft(args) -> int:
    from kooperation.drafts import check_out_dir
    from kooperation.user_files import write_user_file

    store = _open(args)
    project = store.load_project(args.project)
    kind, number = parse_version(args.version)
    draft = store.get_draft(project.id, number, kind)
    out = Path(args.out)
    check_out_dir(out)
    for file in draft.files:
        print(write_user_file(out / Path(file.filename).name, file.content))
    return EXIT_OK


def cmd_poster(args) -> int:
    from kooperation.render.poster import normalize_size, poster_language, write_poster

    size = normalize_size(args.size)  # a bad size is refused before anything is opened
    store = _open(args)
    project = store.load_project(args.project)
    language = poster_language(project, args.lang)
    target = write_poster(project, Path(args.out), size, language=language)
    print(_("Plakat „{name}“ ({size}) gespeichert: {path}").format(name=project.name, size=size, path=target))
    return EXIT_OK


def cmd_review(args) -> int:
    from kooperation import cli_review

    return cli_review.run(args, _open(args, write=args.review_command in cli_review.WRITING))


def cmd_bundle(args) -> int:
    from kooperation import cli_bundle

    return cli_bundle.cmd_bundle(args, _open(args, write=True))


def cmd_merge(args) -> int:
    from kooperation import cli_bundle

    return cli_bundle.cmd_merge(args, _open(args, write=not args.dry_run))


def cmd_open(args) -> int:
    """A card opens in its own window (no database needed); a project file opens the main
    window, which shows what taking it over would change. A file that cannot be read is said
    on stderr and, when the window can start, in a message box (opened by a double click,
    there is no terminal)."""
    from kooperation.bundle import read_bundle_file

    try:
        bundle = read_bundle_file(args.file)
    except KooperationError as exc:
        print(_("Fehler: {message}").format(message=_printable(str(exc))), file=sys.stderr)
        try:
            from kooperation.ui.app import show_start_error
        except ImportError:
            return EXIT_ERROR
        show_start_error(str(exc))
        return EXIT_ERROR
    try:
        from kooperation.ui.app import run, run_card
    except ImportError as exc:
        print(_("Das Fenster kann nicht gestartet werden ({error}).").format(error=exc), file=sys.stderr)
        return EXIT_ERROR
    if bundle.is_card:
        return run_card(args.file, bundle)
    return run(db=args.db, take_over=args.file)


def with_open(argv: list[str]) -> list[str]:
    """``kooperation DATEI`` (a double click on a file) means ``kooperation open DATEI``: a first
    argument that is no command but an existing file gets ``open`` put before it."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        option = argv[index]
        index += 2 if option == "--db" else 1  # --db takes a value; --db=X and others do not
    if index < len(argv) and argv[index] not in COMMANDS and Path(argv[index]).is_file():
        return [*argv[:index], "open", *argv[index:]]
    return argv


def cmd_steckbrief(args) -> int:
    from kooperation import cli_bundle

    return cli_bundle.cmd_steckbrief(args, _open(args))


def cmd_templates(args) -> int:
    from kooperation import cli_templates

    return cli_templates.run(args)


def cmd_selftest(args) -> int:
    try:
        from kooperation.ui.selftest import run_selftest
    except ImportError as exc:
        print(_("Das Fenster kann nicht gestartet werden ({error}).").format(error=exc), file=sys.stderr)
        return EXIT_ERROR
    return run_selftest(Path(args.out) if args.out else None)


COMMANDS = {
    "demo": cmd_demo,
    "projects": cmd_projects,
    "show": cmd_show,
    "export": cmd_export,
    "import": cmd_import,
    "draft": cmd_draft,
    "drafts": cmd_drafts,
    "get-draft": cmd_get_draft,
    "poster": cmd_poster,
    "review": cmd_review,
    "bundle": cmd_bundle,
    "merge": cmd_merge,
    "steckbrief": cmd_steckbrief,
    "open": cmd_open,
    "templates": cmd_templates,
    "selftest": cmd_selftest,
}


def _start_gui(args) -> int:
    """The window; if Qt cannot be loaded (e.g. system libraries missing), say so plainly."""
    try:
        from kooperation.ui.app import run
    except ImportError as exc:
        print(
            _("Das Fenster kann nicht gestartet werden ({error}). Die Befehle der Befehlszeile "
              "funktionieren weiterhin; „kooperation --help“ zeigt sie.").format(error=exc),
            file=sys.stderr,
        )
        return EXIT_ERROR
    return run(db=args.db)


_PATH_ARGS = frozenset({"db", "file", "out", "json", "folder"})


def _check_encoding(args: argparse.Namespace) -> None:
    """Refuse an argument that is not valid UTF-8 (the shell passes such bytes as lone
    surrogates, which no store, document or terminal can take); file names may be anything."""
    for name, value in vars(args).items():
        if name in _PATH_ARGS or not isinstance(value, str):
            continue
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            raise InputError(
                _("Die Angabe „{value}“ enthält Zeichen, die kein gültiges UTF-8 sind.").format(
                    value=_printable(value)
                )
            )


def _printable(text: str) -> str:
    """``text`` without lone surrogates (a file name that is not UTF-8), for any terminal."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return text.encode("utf-8", "replace").decode("utf-8")


NO_ARGUMENTS = {"db": None, "command": None}
"""What the parser makes of no arguments (the window on the user's store): `main` takes it as
it is, without building the parser of every command (5 ms of the window's start). A test
checks that the two agree."""


def main(argv: list[str] | None = None, program: bool = False) -> int:
    """Run the command of ``argv``; returns the exit status. ``program``: called as the
    program (`run`), not from Python: then a command of :data:`FAST_EXIT` runs without the
    cyclic garbage collector (a short process: its few cycles are freed at the exit, and
    about a tenth of a draft's time is saved), and so does the start of the window: the
    collector would run some 40 times while the window's modules load, 5 ms before the first
    paint, and the window switches it off anyway, collecting on its GUI thread instead
    (`kooperation.ui.collector`)."""
    language = os.environ.get("KOOPERATION_LANG", "de") or "de"
    set_language(language)
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments:
        _install_argparse_translations(language)
        args = build_parser().parse_args(with_open(arguments))
    else:  # `kooperation` alone, as the desktop starts it: nothing to parse
        args = argparse.Namespace(**NO_ARGUMENTS)
    _RAN["command"] = args.command
    if program and (args.command in FAST_EXIT or not args.command):
        gc.disable()
    try:
        _check_encoding(args)
        if not args.command:
            return _start_gui(args)
        return COMMANDS[args.command](args)
    except KooperationError as exc:
        print(_("Fehler: {message}").format(message=_printable(str(exc))), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("Abgebrochen."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the last line of defence: never a traceback for the user
        print(_("Unerwarteter Fehler: {error}. Es wurde nichts verändert.").format(error=exc.__class__.__name__ + (f": {exc}" if str(exc) else "")), file=sys.stderr)
        if os.environ.get("KOOPERATION_DEBUG"):
            raise
        return EXIT_ERROR


_RAN: dict[str, str | None] = {}
"""The command `main` ran last (read by `run`)."""

FAST_EXIT = frozenset({"draft", "demo", "get-draft", "export", "poster"})
"""Commands whose every write is finished and on the disk when they return: the versions are
committed (SQLite has made each commit durable before ``commit()`` returned) and the files were
written to temporary names, synced, renamed and their folder synced (`kooperation.atomic`)."""


def run() -> NoReturn:
    """The program ``kooperation``: `main`, then the exit.

    After a command of :data:`FAST_EXIT` succeeded, the process ends with ``os._exit`` instead
    of the interpreter's orderly teardown (freeing every module and object: a quarter of a
    second or more, longer than some commands). That skips only work whose result nobody
    sees: everything the command reported as saved is on the disk before it returned (see
    :data:`FAST_EXIT`; a process killed at that point would lose nothing either). What is left
    is done here first: the stores are closed and stdout and stderr flushed, so no output is
    lost. Every other command, and every failure, ends the ordinary way.
    """
    code = main(sys.argv[1:], program=True)
    if code == EXIT_OK and _RAN.get("command") in FAST_EXIT and _fast_exit_ready():
        os._exit(code)
    sys.exit(code)


def _fast_exit_ready() -> bool:
    """Close the stores and flush the output; False if any of it fails (then the ordinary
    exit reports it)."""
    try:
        while _OPENED:
            _OPENED.pop().close()
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # e.g. a closed pipe: let the interpreter's exit deal with it
        return False
    return True


if __name__ == "__main__":
    run()
