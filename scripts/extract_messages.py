"""Extract the translatable messages of the program into a template and update the catalogues.

Run after changing messages: ``python scripts/extract_messages.py`` (then translate the new
entries in ``resources/locale/en/LC_MESSAGES/kooperation.po`` and run
``python scripts/compile_translations.py``). Reads every ``_("…")``, ``ngettext("…", "…", n)``,
``pgettext("context", "…")`` and ``N_("…")`` (a message marked where it is defined and
translated where it is shown) in ``src/kooperation``, writes ``resources/locale/kooperation.pot`` and merges it into each
language's ``kooperation.po``: translations are kept, new messages come in untranslated, a
message whose German text changed slightly is kept as "fuzzy" (its translation needs a look),
and messages no longer in the program are dropped.

German is the language of the message ids, so there is no German catalogue of this domain.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "kooperation"
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "kooperation.pot"
LANGUAGES = ("en",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
"""The helper names of `kooperation.i18n` and where their message arguments are."""
METHODS = [("**.py", "python")]
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""Header dates stay fixed so that re-running the script on unchanged sources changes nothing."""


def extract() -> Catalog:
    """The template: every message of the program with the files and lines that use it."""
    catalog = Catalog(
        project="Kooperation", version="", charset="utf-8", creation_date=FIXED_DATE,
        revision_date=FIXED_DATE, fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), METHODS, keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True
    ):
        path = (SOURCE / filename).relative_to(ROOT).as_posix()
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path, **options) -> bool:
    """Write ``catalog`` to ``path``; returns whether the file changed."""
    import io

    out = io.BytesIO()
    # file names without line numbers: a change elsewhere in a file does not touch the catalogues
    write_po(out, catalog, width=100, sort_output=False, include_lineno=False, **options)
    data = out.getvalue()
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def update(template: Catalog, language: str) -> tuple[Path, Catalog]:
    """The catalogue of ``language`` brought up to date with ``template`` (translations kept)."""
    path = LOCALE / language / "LC_MESSAGES" / "kooperation.po"
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
    else:
        catalog = Catalog(locale=language, project="Kooperation", charset="utf-8",
                          creation_date=FIXED_DATE, revision_date=FIXED_DATE, fuzzy=False)
    # no guesses from similar messages: a new message stays untranslated until someone translates it
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()  # messages no longer in the program are dropped, not kept as "#~"
    catalog.revision_date = FIXED_DATE
    return path, catalog


def main() -> int:
    template = extract()
    if _write(template, TEMPLATE, omit_header=False):
        print(f"wrote {TEMPLATE.relative_to(ROOT)} ({len(template)} messages)")
    for language in LANGUAGES:
        path, catalog = update(template, language)
        missing = sum(1 for m in catalog if m.id and not m.string)
        if _write(catalog, path, ignore_obsolete=True):
            print(f"updated {path.relative_to(ROOT)} ({missing} of {len(catalog)} untranslated)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
