"""The layers point one way: the core never imports Qt."""

from __future__ import annotations

import subprocess
import sys

CORE = ["kooperation.domain.model", "kooperation.domain.catalogue", "kooperation.domain.demo", "kooperation.domain.labels",
        "kooperation.domain.serialize", "kooperation.store", "kooperation.drafting.build", "kooperation.drafting.sketch",
        "kooperation.render.docx", "kooperation.render.pdf", "kooperation.drafts", "kooperation.cli",
        "kooperation.cli_review", "kooperation.domain.meeting", "kooperation.domain.checks",
        "kooperation.domain.checks_logic", "kooperation.review.model", "kooperation.review.clauses",
        "kooperation.review.compare", "kooperation.review.docx_read", "kooperation.review.docx_write",
        "kooperation.review.pdf_write", "kooperation.review.importer", "kooperation.review.exporting",
        "kooperation.review.safety"]


def test_core_packages_import_nothing_from_qt():
    """Importing the whole core (and the CLI) loads no PySide6 module."""
    code = "import sys\n" + "\n".join(f"import {m}" for m in CORE) + "\nprint([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_translation_catalogues_are_compiled():
    """Every .po catalogue has a .mo next to it that carries the same translations.

    The messages are compared, not the bytes: the .mo header records the Babel version that
    compiled it, and a new Babel release must not turn the build red.
    """
    import gettext
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[1]
    locale = root / "src" / "kooperation" / "resources" / "locale"
    pos = sorted(locale.rglob("*.po"))
    assert pos
    for po in pos:
        with po.open("rb") as fh:
            catalog = read_po(fh)
        with po.with_suffix(".mo").open("rb") as fh:
            mo = gettext.GNUTranslations(fh)
        expected = {}
        for message in catalog:
            if not message.id or not message.string or message.fuzzy:
                continue
            if isinstance(message.id, tuple):
                for index, string in enumerate(message.string):
                    if string:
                        expected[(message.id[0], index)] = string
            else:
                expected[message.id] = message.string
        actual = {key: value for key, value in mo._catalog.items() if key != ""}
        assert actual == expected, f"{po}: run scripts/compile_translations.py"
