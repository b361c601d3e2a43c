"""Reading a file a user names: size checked first, every failure a German message."""

from __future__ import annotations

import pytest

from kooperation.errors import InputError
from kooperation.user_files import read_user_file

TOO_LARGE = "„{path}“ ist größer als {mb} MB."


def test_a_file_within_the_limit_is_read_whole(tmp_path):
    """The bytes come back as they are on disk."""
    path = tmp_path / "projekt.kooperation"
    path.write_bytes(b"x" * 1000)
    assert read_user_file(path, 1000, TOO_LARGE) == b"x" * 1000


def test_a_file_over_the_limit_is_refused_with_the_callers_message(tmp_path):
    """One byte too many: the caller's message with the file and the limit in MiB."""
    path = tmp_path / "gross.json"
    path.write_bytes(b"x" * (2 * 2**20 + 1))
    with pytest.raises(InputError, match=r"gross\.json“ ist größer als 2 MB"):
        read_user_file(path, 2 * 2**20, TOO_LARGE)


@pytest.mark.parametrize("kind, message", [("missing", "gibt es nicht"), ("folder", "ist ein Ordner")])
def test_a_missing_file_or_a_folder_is_named(tmp_path, kind, message):
    """A name that is not a readable file gets a sentence, not a traceback."""
    path = tmp_path / "ordner"
    if kind == "folder":
        path.mkdir()
    with pytest.raises(InputError, match=message):
        read_user_file(path, 1000, TOO_LARGE)
