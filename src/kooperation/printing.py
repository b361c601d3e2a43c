"""Printing a stored PDF, the parts without Qt: which pages in which order, the pages as a PDF of
their own, and the hand-over to the system's print service (CUPS ``lp``).

What is printed is always the stored PDF of a version (or the poster's PDF), never a re-render.
The window (``kooperation.ui.printing``) chooses one of three ways:

- a native printer on Linux or macOS with CUPS's ``lp``: the PDF itself goes to CUPS, with page
  ranges, copies, collation, duplex and fit-to-page as options (vector quality, no work for us);
- "print to file" (PDF): the chosen pages are copied into the file (`write_pages`), text stays text;
- anything else (Windows, no ``lp``): the pages are rasterised and painted into the printer.

Page numbers here are 1-based and inclusive, as in the print dialog; indexes are 0-based.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from kooperation.errors import InputError, RenderError
from kooperation.i18n import _
from kooperation.system_programs import system_env
from kooperation.user_files import write_user_file

LP_TIMEOUT_SECONDS = 60
"""``lp`` only queues the job; a minute covers a slow spooler on a busy machine."""


def page_count(pdf: bytes) -> int:
    """The number of pages of ``pdf``; a damaged file is a `RenderError` in plain words."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except Exception as exc:  # pypdf raises many kinds for a damaged file
        raise RenderError(
            _("Die PDF-Datei ist beschädigt und kann nicht gedruckt werden ({error}).").format(
                error=type(exc).__name__
            )
        ) from exc


def selected_pages(count: int, ranges: Sequence[tuple[int, int]] | None) -> list[int]:
    """The 0-based indexes of the pages in ``ranges`` (1-based, inclusive; None or empty: all),
    in order and without repeats, limited to the ``count`` pages that exist. None of them
    existing is an `InputError` that names the number of pages."""
    if not ranges:
        return list(range(count))
    chosen: list[int] = []
    for first, last in ranges:
        first, last = min(first, last), max(first, last)
        for number in range(max(first, 1), min(last, count) + 1):
            if number - 1 not in chosen:
                chosen.append(number - 1)
    if not chosen:
        raise InputError(
            _("Diese Seiten gibt es nicht: Das Dokument hat {count} Seiten.").format(count=count)
        )
    return chosen


def print_order(pages: Sequence[int], copies: int, collate: bool) -> list[int]:
    """The page indexes in the order they are printed: ``copies`` times the whole set
    (``collate``) or every page ``copies`` times in a row."""
    copies = max(1, int(copies))
    if collate:
        return [page for _copy in range(copies) for page in pages]
    return [page for page in pages for _copy in range(copies)]


def write_pages(pdf: bytes, order: Sequence[int], path: str | Path) -> Path:
    """Write the pages ``order`` of ``pdf`` (0-based indexes, repeats allowed) as a PDF of
    their own to ``path``, complete or not at all; the pages are copied, not redrawn."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for index in order:
        writer.add_page(reader.pages[index])
    out = io.BytesIO()
    writer.write(out)
    return write_user_file(path, out.getvalue())


def lp_program() -> str | None:
    """CUPS's ``lp`` where the system prints through CUPS (Linux, macOS), else None."""
    if sys.platform.startswith("win"):
        return None
    return shutil.which("lp")


def ranges_option(ranges: Sequence[tuple[int, int]]) -> str:
    """``[(1, 3), (5, 5)]`` → ``"1-3,5"``, as ``lp -P`` takes it."""
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def lp_command(
    lp: str,
    printer: str,
    path: str | Path,
    *,
    title: str,
    copies: int = 1,
    ranges: Sequence[tuple[int, int]] | None = None,
    collate: bool = True,
    sides: str | None = None,
) -> list[str]:
    """The ``lp`` command line that prints the PDF ``path`` on ``printer``, scaled to the paper
    (the A0 poster on an A4 printer; CUPS turns a landscape page itself). ``sides`` is CUPS's ``one-sided``,
    ``two-sided-long-edge`` or ``two-sided-short-edge`` (None: the printer's default)."""
    command = [lp, "-d", printer, "-t", title, "-n", str(max(1, int(copies))), "-o", "fit-to-page"]
    if ranges:
        command += ["-P", ranges_option(ranges)]
    if copies > 1:
        command += ["-o", f"collate={'true' if collate else 'false'}"]
    if sides:
        command += ["-o", f"sides={sides}"]
    command += ["--", str(path)]
    return command


def send_to_cups(command: list[str]) -> str:
    """Run the ``lp`` command; returns what ``lp`` said (the job id). A refusal is a
    `RenderError` with CUPS's own reason."""
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=LP_TIMEOUT_SECONDS, check=False,
            env=system_env(),
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(
            _("Der Druckdienst antwortet nicht. Bitte prüfen Sie den Drucker und versuchen Sie es "
              "noch einmal.")
        ) from exc
    except OSError as exc:
        raise RenderError(
            _("Der Druckdienst konnte nicht gestartet werden: {reason}.").format(
                reason=exc.strerror or exc
            )
        ) from exc
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        raise RenderError(
            _("Der Drucker hat den Auftrag abgelehnt: {reason}").format(
                reason=reason[-1] if reason else _("ohne Angabe von Gründen")
            )
        )
    return result.stdout.strip()
