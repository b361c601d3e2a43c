"""Starting a program of the system (the mail program, the print service, the file manager).

A self-contained build (PyInstaller) points ``LD_LIBRARY_PATH`` at its own libraries; a system
program started with that environment may load the wrong ones and fail. `system_env` gives such
a program the environment the user started us with.
"""

from __future__ import annotations

import os
import sys


def system_env() -> dict[str, str]:
    """The environment for a program of the system: ours, less a frozen build's library path."""
    env = dict(os.environ)
    original = env.pop("LD_LIBRARY_PATH_ORIG", None)  # PyInstaller keeps the user's value here
    if original is not None:
        env["LD_LIBRARY_PATH"] = original
    elif getattr(sys, "frozen", False):
        env.pop("LD_LIBRARY_PATH", None)
    return env
