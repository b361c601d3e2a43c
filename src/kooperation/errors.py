"""Errors that reach the user as a message in plain words.

Everything the core raises for bad input (a file, a field, an argument, an unusable store) is a
`KooperationError` whose text is already translated; the CLI and the GUI show ``str(error)`` and
never a traceback.
"""


class KooperationError(Exception):
    """A problem the user can understand and act on; ``str()`` is the translated message."""


class InputError(KooperationError):
    """Bad input from the user: a file, a field, an argument. Nothing was changed."""


class NotFoundError(KooperationError):
    """A project, draft version or file that the user named does not exist."""


class StoreError(KooperationError):
    """The store cannot be opened or written (not a Kooperation database, locked, read-only)."""


class RenderError(KooperationError):
    """A document could not be generated or written."""


class StoreBusyError(StoreError):
    """The store is locked by another writer right now; the same write may succeed later."""


class ConflictError(KooperationError):
    """An edit was based on values someone else has changed since (another window, the command
    line): nothing was stored. ``conflicts`` lists the fields with their stored and our values."""

    def __init__(self, message: str, conflicts: list | None = None) -> None:
        super().__init__(message)
        self.conflicts = list(conflicts or [])
