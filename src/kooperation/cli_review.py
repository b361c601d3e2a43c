"""``kooperation review …``: the review loop on the command line.

``comments`` lists the comments of a version, ``comment`` adds one, ``export`` writes a version
for review (DOCX with Word comments, PDF with the comments in an annex), ``import`` reads a DOCX
that came back and ``compare`` compares two versions (redline DOCX, coloured PDF).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from kooperation.cli_args import version_help
from kooperation.errors import InputError
from kooperation.i18n import _, ngettext
from kooperation.user_files import write_user_file

WRITING = frozenset({"comment", "import"})
"""The review commands that change the store."""


def _id_help() -> str:
    return _("ID des Projekts (die ersten Zeichen genügen)")


def add_parser(sub: argparse._SubParsersAction, parser_class: type) -> None:
    review = sub.add_parser(
        "review",
        help=_("Prüfung: Kommentare, Export für die Rechtsberatung, Import, Versionsvergleich"),
    )
    rsub = review.add_subparsers(
        dest="review_command", metavar=_("BEFEHL"), parser_class=parser_class, required=True
    )

    listing = rsub.add_parser("comments", help=_("die Kommentare einer Version auflisten"))
    _project_and_version(listing)
    listing.add_argument("--status", choices=["open", "resolved", "rejected"], help=_("nur Kommentare mit diesem Status"))
    listing.add_argument("--author", help=_("nur Kommentare dieser Person"))
    listing.add_argument("--clause", metavar=_("KLAUSEL"), help=_("nur Kommentare zu dieser Klausel (ID, z. B. austritt)"))

    add = rsub.add_parser("comment", help=_("einen Kommentar zu einer Klausel anlegen"))
    _project_and_version(add)
    add.add_argument("--clause", required=True, metavar=_("KLAUSEL"), help=_("ID der Klausel, z. B. austritt, oder eines Teils: teil_titel, teil_parteien, teil_praeambel, teil_unterschriften, anlage_ziele …"))
    add.add_argument("--author", required=True, help=_("wer den Kommentar schreibt"))
    add.add_argument("--role", default="partner", choices=["legal", "partner", "moderator"], help=_("Rolle (Standard: partner)"))
    add.add_argument("--kind", default="comment", choices=["comment", "question", "suggestion"], help=_("Art (Standard: comment)"))
    add.add_argument("--text", default="", help=_("der Kommentar"))
    add.add_argument("--proposed", default="", metavar=_("TEXT"), help=_("bei einem Formulierungsvorschlag: der vorgeschlagene Text"))

    export = rsub.add_parser("export", help=_("eine Version mit ihren offenen Kommentaren zur Prüfung exportieren"))
    _project_and_version(export)
    export.add_argument("--out", required=True, metavar=_("ORDNER"), help=_("Zielordner"))

    imp = rsub.add_parser("import", help=_("eine geprüfte DOCX-Datei einlesen: Kommentare und Änderungen werden Anmerkungen"))
    _project_and_version(imp)
    imp.add_argument("file", metavar=_("DATEI"), help=_("die DOCX-Datei aus Word oder LibreOffice"))
    imp.add_argument("--role", default="legal", choices=["legal", "partner", "moderator"], help=_("Rolle der Prüfenden (Standard: legal)"))
    imp.add_argument("--editor", default="", metavar=_("NAME"), help=_("wer Änderungen ohne Nachverfolgung gemacht hat"))

    compare = rsub.add_parser("compare", help=_("zwei Versionen Klausel für Klausel vergleichen"))
    compare.add_argument("project", metavar="ID", help=_id_help())
    compare.add_argument("old", metavar=_("ALT"), help=_("die ältere Version, z. B. vertrag-1 oder 1"))
    compare.add_argument("new", metavar=_("NEU"), help=_("die neuere Version, z. B. vertrag-3 oder 3"))
    compare.add_argument("--out", metavar=_("ORDNER"), help=_("Vergleich als DOCX (Änderungsmodus) und PDF in diesen Ordner schreiben"))


def _project_and_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="ID", help=_id_help())
    parser.add_argument("version", metavar=_("VERSION"), help=version_help())


def run(args, store) -> int:
    commands = {
        "comments": _comments,
        "comment": _comment,
        "export": _export,
        "import": _import,
        "compare": _compare,
    }
    return commands[args.review_command](args, store)


def _version(store, args, ref: str | None = None, current: bool = False):
    """The project and one of its versions with clauses (agreement, letter of intent, NDA; the
    sketch has none to review); with ``current`` only the newest one (earlier versions are
    read-only)."""
    from kooperation.domain.versions import CLAUSE_KINDS, parse_version, version_label, version_ref

    kind, number = parse_version(args.version if ref is None else ref)
    if kind not in CLAUSE_KINDS:
        raise InputError(
            _("{version} ist eine Projektskizze; geprüft werden Entwürfe mit Paragrafen (Vertrag, Absichtserklärung, Vertraulichkeitsvereinbarung).").format(
                version=version_label(kind, number)
            )
        )
    project = store.load_project(args.project)
    version = store.get_draft(project.id, number, kind)
    if current:
        newest = max(
            (v.number for v in store.list_drafts(project.id) if v.kind == kind), default=number
        )
        if newest != number:
            raise InputError(
                _(
                    "{version} ist eine frühere Version und kann nur gelesen werden; offene Punkte "
                    "werden in {newest} weitergeführt. Bitte dort arbeiten: {ref}"
                ).format(
                    version=version_label(kind, number),
                    newest=version_label(kind, newest),
                    ref=version_ref(kind, newest),
                )
            )
    return project, version


def _comments(args, store) -> int:
    from kooperation.domain.text import clean_text
    from kooperation.domain.versions import version_label
    from kooperation.review.clauses import in_order, version_outline
    from kooperation.review.model import kind_label, status_label

    project, version = _version(store, args)
    headings = {c.id: c.heading for c in in_order(*version_outline(version))}
    author = clean_text(args.author, multiline=False)[0] if args.author is not None else None
    comments = store.list_comments(
        project.id, version.id, status=args.status, author=author, clause_id=args.clause
    )
    if not comments:
        print(_("Keine Kommentare."))
        return 0
    for c in comments:
        indent = "    " if c.parent_id else ""
        head = _("{heading} – {kind}, {status}, {author}").format(
            heading=headings.get(c.clause_id, c.clause_id),
            kind=kind_label(c.kind),
            status=status_label(c.status),
            author=c.author,
        )
        print(indent + (_("Antwort von {author}").format(author=c.author) if c.parent_id else head))
        if c.needs_recheck and c.carried_from:
            print(indent + "  " + _("! neu prüfen: die Klausel hat sich seit {version} geändert").format(
                version=version_label(version.kind, c.carried_from)))
        elif c.needs_recheck:
            print(indent + "  " + _("! neu prüfen: die Klausel hat sich geändert"))
        if c.continued_in and not c.parent_id:
            print(indent + "  " + _("→ weitergeführt in {version}").format(
                version=version_label(version.kind, c.continued_in)))
        for line in (c.text or "").splitlines():
            print(indent + "  " + line)
        if c.proposed_text:
            print(indent + "  " + _("Vorschlag: {text}").format(text=c.proposed_text))
    return 0


def _comment(args, store) -> int:
    from kooperation.cli_args import text_arg
    from kooperation.review.clauses import in_order, version_outline
    from kooperation.review.model import Comment

    text = text_arg("comment.text", args.text, "--text")
    author = text_arg("comment.author", args.author, "--author")
    proposed = text_arg("comment.proposed_text", args.proposed, "--proposed")
    from kooperation.domain.versions import version_label

    project, version = _version(store, args, current=True)
    known = {c.id for c in in_order(*version_outline(version))}  # clauses and parts
    if args.clause not in known:
        raise InputError(
            _("Die Klausel {clause} gibt es in {version} nicht.").format(
                clause=args.clause, version=version_label(version.kind, version.number)
            )
        )
    comment = store.add_comment(
        project.id,
        Comment(
            draft_id=version.id,
            clause_id=args.clause,
            text=text,
            author=author,
            role=args.role,
            kind=args.kind,
            proposed_text=proposed,
        ),
    )
    print(comment.id)
    return 0


def _write(path: Path, data: bytes) -> None:
    print(write_user_file(path, data))


def _export(args, store) -> int:
    from kooperation.domain.versions import version_label
    from kooperation.drafts import check_out_dir
    from kooperation.review.exporting import review_export

    out = Path(args.out)
    check_out_dir(out)
    project, version = _version(store, args)
    comments = store.list_comments(project.id, version.id)
    export = review_export(project.name, version, comments)
    for _fmt, filename, data in export.files:
        _write(out / filename, data)
    if export.missing_docx:
        print(_("Hinweis: {version} hat keine DOCX-Datei; die Kommentare stehen nur in der "
                "Anlage des PDF.").format(version=version_label(version.kind, version.number)),
              file=sys.stderr)
    for comment in export.unplaced:
        print(_("Hinweis: Der Kommentar von {author} zu {clause} steht nicht im DOCX (die Klausel "
                "fehlt dort), nur in der Anlage des PDF.").format(author=comment.author,
                                                                  clause=comment.clause_id),
              file=sys.stderr)
    return 0


def _import(args, store) -> int:
    from kooperation.cli_args import text_arg
    from kooperation.review.importer import import_review_file

    editor = text_arg("comment.author", args.editor, "--editor")
    project, version = _version(store, args)  # a file for an earlier version continues on the newest
    report = import_review_file(  # checks the file (there, a file, size) before reading it
        store, project.id, version.id, Path(args.file), role=args.role, editor=editor
    )
    for line in report.lines():
        print(line)
    return 0


def _compare(args, store) -> int:
    from kooperation.review.exporting import compare_title, comparison, comparison_files

    project, old = _version(store, args, args.old)
    _project, new = _version(store, args, args.new)
    from kooperation.domain.versions import version_label

    if old.kind != new.kind:
        raise InputError(
            _("{old} und {new} sind verschiedene Dokumente; verglichen werden zwei Versionen desselben Dokuments.").format(
                old=version_label(old.kind, old.number), new=version_label(new.kind, new.number)
            )
        )
    print(compare_title(old.number, new.number, old.kind))
    diffs = comparison(old, new)
    changed = [d for d in diffs if d.status != "unchanged"]
    print(
        ngettext(
            "{n} Klausel unterscheidet sich.", "{n} Klauseln unterscheiden sich.", len(changed)
        ).format(n=len(changed))
    )
    labels = {"changed": _("geändert"), "added": _("neu"), "removed": _("entfallen")}
    for d in changed:
        clause = d.new or d.old
        print(f"  {clause.heading}: {labels[d.status]}")
    if args.out:
        from kooperation.drafts import check_out_dir

        out = Path(args.out)
        check_out_dir(out)
        for filename, data in comparison_files(project.name, old, new, diffs, datetime.now(UTC)):
            _write(out / filename, data)
    return 0
