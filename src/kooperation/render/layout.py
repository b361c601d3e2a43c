"""The one layout of a generated agreement, shared by the DOCX and the PDF renderer.

Both formats follow the same rules, so a lawyer who compares the Word file with the PDF sees the
same document:

* **Cover** (documents with a table of contents): title, subtitle, "zwischen" and the parties
  (the rubrum), the draft notice, then "Projekt · Version · erstellt am". The cover carries the
  watermark but no running header and no footer. A long title gets a smaller size so the cover
  stays one page; the connector "und" always stays with the party it introduces. With more
  than :data:`DENSE_RUBRUM` parties, each party's address and representative share one line.
* **Compact head** (the project sketch, no table of contents): title, subtitle, the meta line,
  the parties, the draft notice, all on the first page, which has a footer but no header.
* The table of contents starts a new page; the Präambel starts a new page after it.
* Headings: section, clause (§), Präambel, table of contents and signature headings are
  centred; annex headings are set left, each annex on a new page.
* The signatures start a new page (documents with a cover); the heading stays with the first
  row of blocks, a block is never split, and the last block never stands alone on a page.
* Running header on every page but the cover: the header text ("Kooperationsvertrag –
  Entwurf") over a thin rule.
* Footer on every page but the cover: :func:`footer_text` ("Entwurf · Version 3 · erstellt am
  21.11.2026") on the left, "Seite x von y" on the right.
* Properties: title "Kooperationsvertrag – Lernfabrik Neckar-Alb", author the parties, subject
  "Entwurf", creator/application "Kooperation", created/modified the generation time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kooperation.drafting.docmodel import Document

APP_NAME = "Kooperation"
DENSE_RUBRUM = 6  # parties; with more, address and representative share one line
FALLBACK_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
"""The document time when the model gives none: the same input always gives the same file."""


def footer_text(doc: Document, label: Callable[[str], str]) -> str:
    """"Entwurf · Version 3 · erstellt am 21.11.2026": what the footer says left of the page
    number (``label`` gives the document's words: ``draft``, ``version``, ``generated``)."""
    meta = doc.meta if isinstance(doc.meta, dict) else {}
    bits = [label("draft")]
    if meta.get("version"):
        bits.append(f"{label('version')} {meta['version']}")
    if meta.get("date"):
        bits.append(f"{label('generated')} {meta['date']}")
    return " · ".join(str(b).strip() for b in bits if str(b or "").strip())


def generated_at(meta: object) -> dt.datetime:
    """When the draft was generated (timezone-aware): ``meta["created"]`` (ISO date and time),
    else ``meta["date"]`` ("21.11.2026" or ISO), else :data:`FALLBACK_TIME`."""
    meta = meta if isinstance(meta, dict) else {}
    for key in ("created", "date"):
        text = str(meta.get(key) or "").strip()
        if not text:
            continue
        for parse in (dt.datetime.fromisoformat, lambda s: dt.datetime.strptime(s, "%d.%m.%Y")):
            try:
                when = parse(text)
            except ValueError:
                continue
            return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return FALLBACK_TIME


def document_title(doc: Document) -> str:
    """"Kooperationsvertrag – Lernfabrik Neckar-Alb": the title a reader's window shows."""
    parts = [str(doc.title or "").strip(), str(doc.subtitle or "").strip()]
    return " – ".join(p for p in parts if p)[:255] or APP_NAME


def document_author(doc: Document) -> str:
    """The parties, "A, B und C" (shortened to 255 characters), or the app's name."""
    names = [" ".join(str(p.name or "").split()) for p in doc.parties]
    names = [n for n in names if n]
    if not names:
        return APP_NAME
    joiner = " and " if (doc.language or "").startswith("en") else " und "
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + joiner + names[-1]
    return text if len(text) <= 255 else text[:254].rstrip() + "…"
