"""How long does importing a big review take? A 15-partner agreement with 300 Word comments
(spread over every clause and every part of the document: title page, parties, preamble,
signatures, annexes; one in five a reply, with Word's ``commentsExtended`` and ``commentsIds``)
and 40 tracked changes (insertions and deletions in 20 clauses).

Prints the time of each step — reading the DOCX, planning (matching every item), storing — for
the first import and for a second import of the same file (everything is found to be there
already), as the median of ``--runs`` runs, and what the import reported.

Run: ``python benchmarks/bench_review_import.py [--comments 300] [--runs 5]``.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
EXTENDED_REL = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
IDS_REL = "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds"
AUTHORS = ["RA Clara Vogt", "Dr. Lena Roth", "Max Muster", "Prof. Anna Berg"]
CHANGED_CLAUSES = 20


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(q(W, "t")))


def reviewed(docx: bytes, count: int) -> bytes:
    """``docx`` with ``count`` comments (every fifth a reply) and tracked changes."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    document = etree.fromstring(source.read("word/document.xml"))
    paragraphs = [p for p in document.iter(q(W, "p")) if text_of(p).strip()
                  and not any("TOC" in s.get(q(W, "val"), "") for s in p.iter(q(W, "pStyle")))]  # fmt: skip
    comments = etree.Element(q(W, "comments"), nsmap={"w": W, "w14": W14})
    extended = etree.Element(q(W15, "commentsEx"), nsmap={"w15": W15})
    ids = etree.Element(q(W16CID, "commentsIds"), nsmap={"w16cid": W16CID})
    step = max(1, len(paragraphs) // max(1, count - count // 5))
    parent = None
    for n in range(count):
        reply = n % 5 == 4 and parent is not None
        para = paragraphs[(n - n // 5) * step % len(paragraphs)]
        key, para_id = str(n), f"{0x10000000 + n:08X}"
        run = next(para.iter(q(W, "r")))
        run.addprevious(etree.Element(q(W, "commentRangeStart"), {q(W, "id"): key}))
        run.addnext(etree.Element(q(W, "commentRangeEnd"), {q(W, "id"): key}))
        ref = etree.SubElement(para, q(W, "r"))
        etree.SubElement(ref, q(W, "commentReference"), {q(W, "id"): key})
        element = etree.SubElement(comments, q(W, "comment"), {
            q(W, "id"): key, q(W, "author"): AUTHORS[n % len(AUTHORS)],
            q(W, "date"): f"2026-11-{1 + n % 28:02d}T{8 + n % 10:02d}:{n % 60:02d}:00Z"})  # fmt: skip
        body = etree.SubElement(element, q(W, "p"), {q(W14, "paraId"): para_id})
        words = (
            "Einverstanden." if reply else f"Anmerkung {n}: bitte prüfen, ob das so gemeint ist?"
        )
        etree.SubElement(etree.SubElement(body, q(W, "r")), q(W, "t")).text = words
        entry = {q(W15, "paraId"): para_id, q(W15, "done"): "1" if n % 17 == 0 else "0"}
        if reply:
            entry[q(W15, "paraIdParent")] = parent
        else:
            parent = para_id
        etree.SubElement(extended, q(W15, "commentEx"), entry)
        etree.SubElement(ids, q(W16CID, "commentId"),
                         {q(W16CID, "paraId"): para_id, q(W16CID, "durableId"): f"{0x2000 + n:08X}"})  # fmt: skip
    _track(document)
    rels = etree.fromstring(source.read("word/_rels/document.xml.rels"))
    for rid, kind, target in (("rIdB1", REL, "comments.xml"),
                              ("rIdB2", EXTENDED_REL, "commentsExtended.xml"),
                              ("rIdB3", IDS_REL, "commentsIds.xml")):  # fmt: skip
        etree.SubElement(rels, q(RELS, "Relationship"), Id=rid, Type=kind, Target=target)
    replaced = {"word/document.xml": etree.tostring(document),
                "word/_rels/document.xml.rels": etree.tostring(rels),
                "word/comments.xml": etree.tostring(comments),
                "word/commentsExtended.xml": etree.tostring(extended),
                "word/commentsIds.xml": etree.tostring(ids)}  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replaced:
                target.writestr(info, source.read(info))
        for name, content in replaced.items():
            target.writestr(name, content)
    return out.getvalue()


def _track(document) -> None:
    """An insertion at the end and a deletion of the last word of the first paragraph after
    the heading (with text) of ``CHANGED_CLAUSES`` clauses."""
    done, inside = 0, False
    for p in document.iter(q(W, "p")):
        if any(
            (b.get(q(W, "name")) or "").startswith("kl_") for b in p.iter(q(W, "bookmarkStart"))
        ):
            inside = True
            continue
        if not inside or not text_of(p).strip() or done >= CHANGED_CLAUSES:
            continue
        inside = False
        runs = [r for r in p.iter(q(W, "r")) if r.find(q(W, "t")) is not None]
        last = runs[-1]
        deletion = etree.Element(q(W, "del"), {q(W, "id"): str(9000 + done), q(W, "author"): "RA Clara Vogt",
                                               q(W, "date"): "2026-11-20T09:00:00Z"})  # fmt: skip
        last.addprevious(deletion)
        deletion.append(last)
        last.find(q(W, "t")).tag = q(W, "delText")
        insertion = etree.SubElement(p, q(W, "ins"), {q(W, "id"): str(9500 + done),
                                     q(W, "author"): "RA Clara Vogt", q(W, "date"): "2026-11-20T09:00:00Z"})  # fmt: skip
        t = etree.SubElement(etree.SubElement(insertion, q(W, "r")), q(W, "t"))
        t.text = " (neu gefasst)"
        done += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from kooperation.domain.demo import demo_project
    from kooperation.domain.model import Partner
    from kooperation.drafts import generate_draft
    from kooperation.review.clauses import version_outline
    from kooperation.review.docx_read import read_review_docx
    from kooperation.review.importer import ImportReport, plan_import
    from kooperation.store.repository import open_store

    folder = Path(tempfile.mkdtemp())
    try:
        template = folder / "template.sqlite3"
        with open_store(template) as store:
            project = demo_project()
            project.partners += [Partner(name=f"Partner {i}", city="Ulm") for i in range(11)]
            project = store.save_project(project)
            generate_draft(store, project.id, formats=["docx"])
            (info,) = store.list_drafts(project.id)
            version = store.get_draft(project.id, info.number)
        docx = next(f.content for f in version.files if f.format == "docx")
        data = reviewed(docx, args.comments)
        print(f"{len(project.partners)} partners, {args.comments} comments, "
              f"{2 * CHANGED_CLAUSES} tracked changes, file {len(data) / 1024:.0f} KiB")  # fmt: skip
        rounds: dict[str, list[float]] = {}
        for run in range(args.runs):
            path = folder / f"run{run}.sqlite3"
            shutil.copy(template, path)
            with open_store(path) as store:
                for label in ("first import", "same file again"):
                    t0 = time.perf_counter()
                    found = read_review_docx(data)
                    t1 = time.perf_counter()
                    v = store.get_draft_by_id(project.id, version.id)
                    clauses, parts = version_outline(v)
                    existing = store.list_comments(project.id, v.id)
                    plan = plan_import(found, clauses, v.id, existing=existing, parts=parts)
                    t2 = time.perf_counter()
                    added, duplicates = store.add_imported_comments(project.id, plan.comments)
                    t3 = time.perf_counter()
                    for step, seconds in (("read", t1 - t0), ("plan", t2 - t1), ("store", t3 - t2),
                                          ("total", t3 - t0)):  # fmt: skip
                        rounds.setdefault(f"{label}: {step}", []).append(seconds)
                    if run == 0:
                        report = ImportReport(
                            added, duplicates, plan.unmatched, plan.missing, plan.unusable
                        )
                        print(
                            f"  {label}: "
                            + " / ".join(report.lines()[:2])
                            + f" ({len(report.unmatched)} not matched, {len(report.unusable)} not used)"
                        )
        for name, values in rounds.items():
            print(
                f"{name:28s} {statistics.median(values) * 1000:8.1f} ms (median of {len(values)})"
            )
        anchor = _libreoffice_opens(data, folder)
        if anchor is not None:
            total = statistics.median(rounds["first import: total"])
            print(f"{'anchor: LibreOffice opens':28s} {anchor * 1000:8.1f} ms (headless, the same "
                  f"file to flat ODF; import/LibreOffice = {total / anchor:.2f})")  # fmt: skip
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def _libreoffice_opens(data: bytes, folder: Path) -> float | None:
    """Seconds a headless LibreOffice takes to open the same file and write it as flat ODF
    (the anchor: what the reviewer's own word processor needs for the file); None without
    LibreOffice. A first, untimed run sets up its profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    source = folder / "geprueft.docx"
    source.write_bytes(data)
    command = [soffice, f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--headless",
               "--norestore", "--convert-to", "fodt", "--outdir", str(folder / "out"), str(source)]
    subprocess.run(command, capture_output=True, timeout=300, check=False)
    t0 = time.perf_counter()
    subprocess.run(command, capture_output=True, timeout=300, check=False)
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
