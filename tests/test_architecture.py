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
    """Every .po catalogue has an up-to-date .mo next to it (run scripts/compile_translations.py)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "scripts"))
    from compile_translations import LOCALE, compiled

    pos = sorted(LOCALE.rglob("*.po"))
    assert pos
    for po in pos:
        assert po.with_suffix(".mo").read_bytes() == compiled(po), po
