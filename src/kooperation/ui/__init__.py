"""The PySide6 user interface.

Importing it first stops PySide6 from keeping the source of every module imported afterwards in
memory (26 MiB with a project open; see `kooperation.ui.memory.keep_sources_out_of_linecache`).
"""

import PySide6.QtCore  # noqa: F401 - installs PySide6's import check that the next line tames

from kooperation.ui.memory import keep_sources_out_of_linecache

keep_sources_out_of_linecache()
