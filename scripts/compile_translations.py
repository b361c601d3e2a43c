"""Compile the gettext catalogues (.po) in resources/locale into .mo files.

Run after editing a .po file: ``python scripts/compile_translations.py``. The .mo files are
committed so that an installed app needs no build step; a test checks they carry the same
messages as the .po files (not the same bytes: the header names the Babel version).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "resources" / "locale"


def compiled(po_path: Path) -> bytes:
    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    for message in list(catalog):
        # an untranslated plural would be written with the German forms as its "translation"
        if message.id and isinstance(message.string, tuple) and not any(message.string):
            catalog.delete(message.id, context=message.context)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def main() -> int:
    for po in sorted(LOCALE.rglob("*.po")):
        mo = po.with_suffix(".mo")
        data = compiled(po)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            print(f"compiled {mo.relative_to(LOCALE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
