"""``kooperation bundle`` and ``kooperation merge``: the project file for partners' laptops.

``bundle ID --out F`` writes the project with its draft versions and comments into one project
file (`kooperation.bundle`); ``merge F`` takes one back: a three-way merge against the state both
sides last had in common (`kooperation.merging`), never a replacement. ``steckbrief ID PARTNER
--out F`` writes one partner's card for that partner to fill in (`kooperation.steckbrief`);
``merge F`` takes it back too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kooperation.errors import InputError
from kooperation.i18n import _

EXIT_OK = 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    bundle = sub.add_parser(
        "bundle", help=_("ein Projekt als Projektdatei weitergeben (mit Entwürfen und Kommentaren)"),
        description=_("Schreibt das Projekt mit allen Entwurfsversionen und Kommentaren in eine "
                      "Projektdatei (.kooperation), die ein Partner mit „kooperation merge“ oder im "
                      "Fenster übernimmt. Die Datei nennt den Stand, von dem sie ausging, so dass "
                      "Änderungen beider Seiten zusammengeführt werden."),
    )
    bundle.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))
    bundle.add_argument("--out", required=True, metavar=_("DATEI"), help=_("Zieldatei (.kooperation)"))

    card = sub.add_parser(
        "steckbrief", help=_("einem Partner seinen Steckbrief zum Ausfüllen schicken (kleine Datei nur mit seinem Steckbrief)"),
        description=_("Schreibt den Steckbrief eines Partners in eine kleine Datei (.kooperation-steckbrief): "
                      "nur dieser Steckbrief, der Projektname, wer darum bittet und eine kurze Anleitung; keine "
                      "anderen Partner und keine Entwürfe. Der Partner öffnet sie mit Kooperation "
                      "(„kooperation DATEI“ oder Doppelklick), füllt sie aus und schickt sie zurück; "
                      "„kooperation merge DATEI“ übernimmt seine Angaben in das Projekt."),
    )
    card.add_argument("project", metavar="ID", help=_("ID des Projekts (die ersten Zeichen genügen)"))
    card.add_argument("partner", metavar=_("PARTNER"),
                      help=_("der Partner: sein Name, seine Kurzbezeichnung oder seine ID (die ersten Zeichen genügen)"))
    card.add_argument("--out", required=True, metavar=_("DATEI"), help=_("Zieldatei (.kooperation-steckbrief)"))
    card.add_argument("--von", dest="sender", metavar=_("NAME"),
                      help=_("wer um den Steckbrief bittet und ihn zurückbekommt, z. B. „Anna Berg, "
                             "Netzwerkbüro (a.berg@example.org)“ (Standard: der Lead-Partner)"))

    merge = sub.add_parser(
        "merge", help=_("die Änderungen aus einer Projektdatei übernehmen (zusammenführen)"),
        description=_(
            "Führt die Änderungen einer Projektdatei mit dem Projekt dieser Datenbank zusammen: "
            "Feld für Feld gegen den gemeinsamen Ausgangsstand. Was nur eine Seite geändert hat, "
            "wird übernommen; Entwürfe und Kommentare beider Seiten bleiben alle erhalten (neue "
            "Versionen werden hinten angefügt). Haben beide Seiten dasselbe Feld verschieden "
            "geändert (Konflikt), gilt: Ein Regelungsthema wird zum offenen Punkt „Darüber müssen "
            "wir uns verständigen“, dessen Notiz beide Positionen enthält; bei allen anderen "
            "Feldern bleibt der Wert dieser Datenbank („unserer“), mit --prefer theirs der aus der "
            "Datei; mit --prefer both bleiben beide, wo das geht: bei freien Texten beide Texte, "
            "jeder unter einer Zeile, die seine Seite nennt, bei Zielen, Meilensteinen und Punkten "
            "der Tafel beide Einträge (sonst unserer). Ein Projekt, das es hier noch nicht gibt, wird angelegt."),
    )
    merge.add_argument("file", metavar=_("DATEI"), help=_("die Projektdatei (.kooperation) oder ein ausgefüllter Steckbrief (.kooperation-steckbrief)"))
    merge.add_argument("--project", metavar="ID",
                       help=_("nur übernehmen, wenn die Datei zu diesem Projekt gehört (sonst abgelehnt)"))
    merge.add_argument("--dry-run", action="store_true",
                       help=_("nur zeigen, was sich ändern würde und welche Konflikte es gibt; nichts speichern"))
    merge.add_argument("--prefer", choices=("ours", "theirs", "both"), default="ours",
                       help=_("bei Konflikten außerhalb der Regelungsthemen: ours = unseren Wert behalten "
                              "(Standard), theirs = den Wert aus der Datei nehmen, both = beide behalten, "
                              "wo das geht (Texte, Ziele, Meilensteine, Punkte der Tafel), sonst unseren"))
    merge.add_argument("--no-open-points", action="store_true",
                       help=_("Konflikte bei Regelungsthemen wie andere Felder lösen statt als offenen Punkt"))


def cmd_bundle(args, store) -> int:
    from kooperation.bundle import write_bundle
    from kooperation.user_files import write_user_file

    target = Path(args.out)
    if target.is_dir():
        raise InputError(_("„{path}“ ist ein Ordner; bitte einen Dateinamen angeben.").format(path=target))
    project, drafts, known = store.prepare_bundle(args.project)
    base = store.common_state(project.id, [known[0].state_hash]) if known else None
    write_user_file(target, write_bundle(project, drafts, known, base))
    print(_("Projekt „{name}“ mit {n} Entwurfsversionen weitergegeben: {path}").format(
        name=project.name, n=len(drafts), path=target))
    return EXIT_OK


def cmd_steckbrief(args, store) -> int:
    from kooperation.cli_args import text_arg
    from kooperation.steckbrief import default_sender, find_partner, write_card
    from kooperation.user_files import write_user_file

    target = Path(args.out)
    if target.is_dir():
        raise InputError(_("„{path}“ ist ein Ordner; bitte einen Dateinamen angeben.").format(path=target))
    project = store.load_project(args.project)
    partner = find_partner(project, args.partner)
    sender = default_sender(project) if args.sender is None else text_arg("partner.name", args.sender, "--von")
    write_user_file(target, write_card(project, partner.id, sender))
    print(_("Steckbrief von „{partner}“ (Projekt „{name}“) geschrieben: {path}").format(
        partner=partner.name, name=project.name, path=target))
    print(_("Zurück kommt er an: {who}").format(who=sender or _("(nicht angegeben)")))
    return EXIT_OK


def cmd_merge(args, store) -> int:
    import sys

    from kooperation.bundle import read_bundle_file
    from kooperation.domain.serialize import cleaned_note
    from kooperation.merging import apply_plan, describe_plan, plan_merge

    bundle = read_bundle_file(args.file)
    if args.project:
        target = store.load_project(args.project)
        if target.id != bundle.project.id:
            raise InputError(_("Die Projektdatei gehört zum Projekt „{theirs}“, nicht zu „{ours}“; nichts wurde übernommen.").format(
                theirs=bundle.project.name, ours=target.name))
    plan = plan_merge(store, bundle, prefer=args.prefer,
                      decisions="prefer" if args.no_open_points else "open_point",
                      source=Path(args.file).name)
    if bundle.is_card:
        print(_("Steckbrief „{file}“ von „{partner}“, Projekt „{name}“:").format(
            file=args.file, partner=bundle.project.partners[0].name, name=bundle.project.name))
    else:
        print(_("Projektdatei „{file}“, Projekt „{name}“:").format(file=args.file, name=bundle.project.name))
    for line in describe_plan(plan):
        print(line)
    if bundle.cleaned:
        print(cleaned_note(bundle.cleaned), file=sys.stderr)
    if args.dry_run:
        print(_("Probelauf: nichts wurde gespeichert."))
        return EXIT_OK
    if plan.changes_nothing:
        apply_plan(store, plan)  # remembers the file's state as known; changes nothing else
        return EXIT_OK
    versions, comments = apply_plan(store, plan)
    if plan.ours is None:
        print(_("Angelegt: Projekt „{name}“ mit {versions} Entwurfsversionen und {comments} Kommentaren.").format(
            name=plan.project.name, versions=versions, comments=comments))
        return EXIT_OK
    print(_("Übernommen: {changes} Änderungen, {versions} neue Entwurfsversionen, {comments} neue Kommentare, {conflicts} Konflikte.").format(
        changes=len(plan.changes.rows), versions=versions, comments=comments,
        conflicts=len(plan.conflicts)))
    return EXIT_OK
