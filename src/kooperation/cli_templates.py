"""``kooperation templates``: check a firm's clause library, list what is in effect."""

from __future__ import annotations

import argparse
from pathlib import Path

from kooperation.errors import InputError, RenderError
from kooperation.i18n import _

# The clause libraries, the overlay and python-docx are imported by the commands that use
# them: every command line builds this parser, and most commands need none of them.

EXIT_OK, EXIT_ERROR = 0, 1


def add_parser(sub: argparse._SubParsersAction, parser_class: type) -> None:
    templates = sub.add_parser(
        "templates",
        help=_("die eigene Klauselbibliothek einer Kanzlei prüfen und anzeigen, was gilt"),
    )
    tsub = templates.add_subparsers(dest="templates_command", metavar=_("BEFEHL"), parser_class=parser_class, required=True)
    check = tsub.add_parser("check", help=_("einen Vorlagenordner prüfen: jeder Fehler mit Datei, Zeile und Erklärung"))
    check.add_argument("folder", metavar=_("ORDNER"), help=_("der Vorlagenordner (mit vertrag/de/…) oder ein Bibliotheksordner"))
    tsub.add_parser("list", help=_("zeigen, welche Bibliotheken und Formatvorlagen gelten, mit Versionen"))


def _built_in_pairs() -> list[tuple[str, str]]:
    from kooperation.drafting.library import available_kinds, templates_root

    root = templates_root()
    return [(kind, p.name) for kind in available_kinds(root) for p in sorted((root / kind).iterdir()) if (p / "library.yaml").is_file()]


def cmd_check(folder: Path) -> int:
    from kooperation.drafting.library_yaml import Problem
    from kooperation.drafting.overlay import check_overlay, counts, find_libraries
    from kooperation.render.docx_reference import load_reference

    if not folder.is_dir():
        raise InputError(_("Den Ordner „{folder}“ gibt es nicht.").format(folder=folder))
    libraries = find_libraries(folder)
    reference = folder / "reference.docx"
    if not libraries and not reference.is_file():
        raise InputError(
            _("In „{folder}“ gibt es weder eine Klauselbibliothek (vertrag/de/library.yaml und NN_name.yaml) noch eine reference.docx.").format(folder=folder)
        )
    pairs = _built_in_pairs()
    problems: list[Problem] = []
    summaries: list[str] = []
    for lib_folder, kind, language in libraries:
        if (kind, language) not in pairs:
            problems.append(Problem(lib_folder, None, _("Für „{kind}/{language}“ gibt es keine eingebaute Bibliothek, über die sich diese legen ließe; möglich sind: {pairs}.").format(
                kind=kind, language=language, pairs=", ".join(f"{k}/{lang}" for k, lang in pairs))))
            continue
        checked = check_overlay(lib_folder, kind, language)
        problems += checked.problems
        if not checked.problems:
            name = " ".join(filter(None, [checked.name, checked.version]))
            summaries.append(_("{kind}/{language} ({name}): {counts}").format(kind=kind, language=language, name=name, counts=counts(checked, kind, language)))
    if reference.is_file():
        try:
            load_reference(reference)
            summaries.append(_("reference.docx: lesbar"))
        except RenderError as exc:
            problems.append(Problem(reference, None, str(exc)))
    root = folder if libraries and libraries[0][0] != folder else folder.parent
    for problem in problems:
        print(problem.describe(root))
    if problems:
        files = len({p.file for p in problems})
        print(_("{count} Fehler in {files} Dateien. Solange Fehler bestehen, gilt die eingebaute Bibliothek.").format(count=len(problems), files=files))
        return EXIT_ERROR
    print(_("Keine Fehler gefunden."))
    for line in summaries:
        print(f"  {line}")
    return EXIT_OK


def cmd_list() -> int:
    from kooperation.drafting.library import load_library, templates_root
    from kooperation.drafting.overlay import (
        OVERLAY_ENV,
        check_overlay,
        counts,
        effective_library,
        effective_reference,
        overlay_location,
        user_templates_dir,
    )

    print(_("Eingebaute Klauselbibliothek: {folder}").format(folder=templates_root()))
    for kind, language in _built_in_pairs():
        library = load_library(kind, language)
        print(_("  {kind}/{language}: Version {version}, {count} Klauseln").format(
            kind=kind, language=language, version=library.version, count=len(library.clause_ids())))
    location = overlay_location()
    origin = {
        "env": _("aus {env}").format(env=OVERLAY_ENV),
        "setting": _("in den Einstellungen gewählt"),
        "user": _("Benutzerordner"),
    }[location.origin]
    if location.folder is None:
        print(_("Keine eigenen Vorlagen in Kraft. Eine Kanzlei legt sie in {folder} ab oder wählt einen Ordner in den Einstellungen.").format(
            folder=location.wanted or user_templates_dir()))
    else:
        print(_("Eigene Vorlagen: {folder} ({origin})").format(folder=location.folder, origin=origin))
    notices: list[str] = list(location.notices)
    for kind, language in _built_in_pairs():
        library = effective_library(kind, language)
        notices += [n for n in library.notices if n not in notices]
        if library.overlay:
            checked = check_overlay(Path(library.overlay), kind, language)
            print(_("  {kind}/{language}: in Kraft {version}; {counts}").format(
                kind=kind, language=language, version=library.version, counts=counts(checked, kind, language)))
    path, reference_notices = effective_reference()
    if location.folder is not None and path.parent == location.folder:
        print(_("  reference.docx: die eigene Formatvorlage gilt ({path})").format(path=path))
    notices += [n for n in reference_notices if n not in notices]
    for notice in notices:
        print(_("Hinweis: {notice}").format(notice=notice))
    return EXIT_OK


def run(args) -> int:
    if args.templates_command == "check":
        return cmd_check(Path(args.folder).expanduser())
    return cmd_list()
