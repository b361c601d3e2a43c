"""Render a screenshot of every page of the example project into docs/screenshots/.

Runs offscreen (no display needed): ``python scripts/screenshots.py [--scale 2] [--lang en]``.
Look at the pictures as a user would; they are also what the README shows. ``--lang en``
shows the English interface (the example project's own texts stay as they are) and writes
into docs/screenshots/en/, under the same file names as the German ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
NAMES = {
    "partners": "2-partner",
    "business_model": "3-geschaeftsmodell",
    "goals": "4-ziele-roadmap",
    "rules": "5-form-regeln",
    "drafts": "6-entwuerfe",
}

MEETING_NAMES = {
    "readiness": "m1-startklar",
    "factors": "m2-erfolgsfaktoren",
    "form_guide": "m3-form-finden",
    "board": "m4-vereinbart-offen",
    "living": "m5-lebendiger-vertrag",
}


def fill_meeting(session) -> None:
    """Answers for the meeting pages: three partners through the readiness check, some
    factors rated, the decision guide answered, two free board points, two reviews."""
    from datetime import date

    from kooperation.domain.checks import load_checks
    from kooperation.domain.meeting import BoardItem, ReviewStatus
    from kooperation.ui.pages.living import new_review

    partners = session.project.partners
    questions = [q.id for q in load_checks().readiness.questions]

    def answers(a) -> None:
        for number, partner in enumerate(partners[:3]):
            a.readiness[partner.id] = {q: (number == 1) == (i in (3, 5)) for i, q in enumerate(questions)}
        a.factors.update({"koordination": "good", "geben_nehmen": "partly", "gemeinsames_ziel": "good",
                          "transparenz": "good", "naehe": "not_relevant", "chemie": "good",
                          "konflikte": "poor", "austausch": "partly", "tempo": "poor"})
        a.factor_notes["konflikte"] = "Streit um die Nutzung der Halle seit Mai"
        a.guide.update({"binding": "yes", "know_how": "yes", "customers": "no", "assets": "no",
                        "funding": "yes", "partners": "small"})
        a.board += [BoardItem("IT-Sicherheit der vernetzten Maschinen"),
                    BoardItem("Gemeinsamer Auftritt auf der Messe AMB", agreed=True)]

    session.edit_assessment(answers)
    spring = new_review(session.project, date(2026, 3, 2))
    spring.title = "Lenkungskreis Frühjahr"
    for entry in spring.entries[:6]:
        entry.progress = 20
    session.save_review(spring)
    summer = new_review(session.project, date(2026, 6, 15))
    summer.title = "Lenkungskreis Sommer"
    for number, entry in enumerate(summer.entries[:8]):
        entry.progress = min(100, 30 + number * 10)
    summer.entries[2].status = ReviewStatus.AT_RISK
    summer.entries[3].status, summer.entries[3].progress = ReviewStatus.DONE, 100
    summer.reflections = {"eingebracht": {partners[0].id: "Die Hallenfläche und zwei Trainer"}}
    session.save_review(summer)


def dark_palette():
    """A dark palette like a desktop in dark mode hands to Qt (offscreen has no system theme)."""
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    colours = {
        QPalette.Window: "#2b2b2b", QPalette.WindowText: "#e6e6e6", QPalette.Base: "#1e1e1e",
        QPalette.AlternateBase: "#2f2f2f", QPalette.Text: "#e6e6e6", QPalette.Button: "#3a3a3a",
        QPalette.ButtonText: "#e6e6e6", QPalette.Highlight: "#3d7cc9", QPalette.HighlightedText: "#ffffff",
        QPalette.ToolTipBase: "#3a3a3a", QPalette.ToolTipText: "#e6e6e6", QPalette.PlaceholderText: "#8a8a8a",
        QPalette.Link: "#7fb2ff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return palette


def review_windows(store, project_window) -> dict:
    """The review of the agreement with a few comments, after a new version changed the exit
    clause (so one comment asks for a re-check), and the comparison of the two versions."""
    from kooperation.drafts import generate_draft
    from kooperation.review.model import Comment, CommentKind, Role
    from kooperation.ui.review import open_compare_dialog, open_review_window
    from kooperation.ui.session import Change

    session = project_window.session
    project_id = session.project.id
    first = next(v for v in store.list_drafts(project_id) if v.kind == "vertrag")
    question = store.add_comment(project_id, Comment(
        draft_id=first.id, clause_id="austritt", author="Dr. Anna Berg", role=Role.LEGAL,
        kind=CommentKind.QUESTION,
        text="Ist eine Frist von sechs Monaten für die kleineren Partner nicht zu lang?",
    ))
    store.add_comment(project_id, Comment(
        draft_id="", clause_id="", parent_id=question.id, author="Jonas Keller", role=Role.PARTNER,
        text="Wir haben uns im Lenkungskreis auf zwölf Monate verständigt, damit Projekte planbar bleiben.",
    ))
    store.add_comment(project_id, Comment(
        draft_id=first.id, clause_id="konflikte", author="Dr. Anna Berg", role=Role.LEGAL,
        text="Mediation vor dem Gang zum Gericht ist gut; bitte eine Frist für die Mediation nennen.",
    ))
    decision = session.project.decisions["austritt"]
    decision.params["notice_months"] = 12
    store.save_decision(project_id, decision)
    generate_draft(store, project_id, "vertrag", ["docx", "pdf"])
    session.sig_changed.emit(Change("drafts"))
    newest = max(store.list_drafts(project_id), key=lambda v: v.number)
    page = project_window.pages["drafts"]
    review = open_review_window(session, newest.id, page)
    review.resize(1400, 900)
    review.select_clause("austritt")
    compare = open_compare_dialog(session, newest.id, first.id, page)
    compare.resize(1100, 760)
    return {"7-pruefung": review, "8-vergleich": compare}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="1", help="device pixel ratio (QT_SCALE_FACTOR), e.g. 2")
    parser.add_argument("--out", default=None, help="folder (default docs/screenshots, for English docs/screenshots/en)")
    parser.add_argument("--lang", default="de", choices=("de", "en"), help="interface language")
    parser.add_argument("--dark", action="store_true", help="simulate a dark system palette")
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = args.scale
    out = Path(args.out) if args.out else (OUT if args.lang == "de" else OUT / args.lang)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from kooperation.domain.demo import demo_project
    from kooperation.drafts import generate_draft
    from kooperation.i18n import set_language
    from kooperation.store import open_store
    from kooperation.ui.app import install_qt_translations
    from kooperation.ui.main_window import MainWindow

    set_language(args.lang)
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Kooperation")
    app._kooperation_translators = install_qt_translations(app, args.lang)  # type: ignore[attr-defined]
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KOOPERATION_DATA_DIR"] = tmp
        store = open_store(Path(tmp) / "screens.sqlite3")
        project = store.save_project(demo_project())
        generate_draft(store, project.id, "vertrag", ["docx", "pdf"])
        generate_draft(store, project.id, "skizze", ["pdf"])
        window = MainWindow(store)
        window.resize(1440, 900)
        window.show()
        app.processEvents()
        window.grab().save(str(out / "1-startseite.png"))
        window.open_project(project.id)
        project_window = window.project_window
        for phase, name in NAMES.items():
            project_window.select_phase(phase)
            if phase == "rules":
                project_window.pages["rules"].focus_entity("decisions", "austritt")
            project_window.preview.wait_idle()
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
        fill_meeting(project_window.session)
        for key, name in MEETING_NAMES.items():
            project_window.select_phase(key)
            project_window.preview.wait_idle()
            for _ in range(5):
                app.processEvents()
            window.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
        workshop = window.start_workshop()  # workshop mode as the projector shows it
        workshop.showNormal()
        workshop.resize(1920, 1080)
        workshop.go_to(3)
        workshop.toggle_timer()
        for _ in range(5):
            app.processEvents()
        workshop.grab().save(str(out / "w1-workshop-modus.png"))
        print(out / "w1-workshop-modus.png")
        workshop.close()
        for name, widget in review_windows(store, project_window).items():
            for _ in range(5):
                app.processEvents()
            widget.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
            widget.close()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
