"""Render the start page with the example project to a PNG (default /tmp/start_page.png).

Runs offscreen in a throw-away data folder, so neither the user's store nor their preferences
are touched:  python scripts/screenshot_start_page.py [OUT.png] [--empty]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    out = Path(next((a for a in argv if not a.startswith("--")), "/tmp/start_page.png"))
    empty = "--empty" in argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as data:
        os.environ["KOOPERATION_DATA_DIR"] = data
        from kooperation.domain.demo import demo_project
        from kooperation.domain.model import Partner, Project
        from kooperation.store.repository import open_store
        from kooperation.ui.app import create_application, create_main_window

        app = create_application(["kooperation"])
        store = open_store(Path(data) / "kooperation.sqlite3")
        window = create_main_window(store)
        if not empty:
            demo = store.save_project(demo_project())
            store.add_draft_version(
                demo.id, "vertrag", "de", "{}", "h", [("pdf", "Vertrag-v1.pdf", b"%PDF")]
            )
            market = store.save_project(
                Project(
                    name="Regionalmarkt Schwäbische Alb",
                    partners=[
                        Partner(name="Hofladen Sonnenhalde"),
                        Partner(name="Stadt Münsingen"),
                    ],
                )
            )
            window.start_page.refresh()
            window.start_page.add_recent(market.id)
            window.start_page.add_recent(demo.id)
            window.start_page.select_project(demo.id)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        ok = window.grab().save(str(out))
        window.close()
        store.close()
    print(out if ok else f"could not write {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
