"""Render a screenshot of every page of the example project into docs/screenshots/.

Runs offscreen (no display needed): ``python scripts/screenshots.py [--scale 2]``. Look at the
pictures as a user would; they are also what the README shows.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="1", help="device pixel ratio (QT_SCALE_FACTOR), e.g. 2")
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--dark", action="store_true", help="simulate a dark system palette")
    args = parser.parse_args()
    os.environ["QT_SCALE_FACTOR"] = args.scale
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from kooperation.domain.demo import demo_project
    from kooperation.drafts import generate_draft
    from kooperation.store import open_store
    from kooperation.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Kooperation")
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
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
