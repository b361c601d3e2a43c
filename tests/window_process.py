"""A second "window" in its own process, driven line by line from a test.

Started as ``python window_process.py DB PROJECT_ID``; it opens the store, loads the project into
a `ProjectSession` (as a project window does) and prints ``ready``. Then it reads one JSON
command per line from stdin and answers with one JSON line: ``{"ok": ..., "errors": [...],
"external": [...], "result": ...}``. Commands: ``["call", method, *args]`` (a session method),
``["undo"]``, ``["poll"]`` (check for changes made elsewhere), ``["get", kind, index, field]``,
``["quit"]``.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import QCoreApplication

    from kooperation.domain.model import Partner
    from kooperation.store import open_store
    from kooperation.ui.session import ProjectSession

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 - keeps Qt alive
    store = open_store(sys.argv[1])
    session = ProjectSession(store, sys.argv[2])
    errors: list[str] = []
    external: list[str] = []
    session.sig_error.connect(errors.append)
    session.sig_external.connect(external.append)
    print("ready", flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        errors.clear()
        external.clear()
        result = None
        ok = True
        if command[0] == "quit":
            break
        if command[0] == "call":
            args = command[2:]
            if command[1] == "add_partner":
                args = [Partner(name=args[0])]
            result = getattr(session, command[1])(*args)
            ok = result is not False
            if not isinstance(result, (bool, int, str, type(None))):
                result = getattr(result, "id", None)
        elif command[0] == "undo":
            session.undo_stack.undo()
        elif command[0] == "poll":
            result = session.check_external()
        elif command[0] == "get":
            _, kind, index, field = command
            item = getattr(session.project, kind)
            result = getattr(item[index] if index is not None else item, field)
        print(json.dumps({"ok": ok, "errors": errors, "external": external, "result": result}), flush=True)
    session.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
