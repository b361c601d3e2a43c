"""Mutations of a real review export, for the fuzz test and ``benchmarks/bench_hostile_docx.py``.

:func:`mutate` takes the bytes of a DOCX, a mutation name from :data:`MUTATIONS` and a seed, and
returns damaged or hostile bytes: the zip truncated or with flipped bytes, or the XML of
``word/document.xml`` / ``word/comments.xml`` changed (deep nesting, huge attribute values,
duplicated comments, broken bookmarks, wrong namespaces, enormous text, storms of tracked
changes, subtrees deleted or copied, parts missing or pointing at each other). The same name and
seed always give the same bytes, so a slow or failing case can be replayed.

:func:`run_import` imports such bytes into a fresh copy of a store and says what happened.
"""

from __future__ import annotations

import io
import random
import shutil
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
DOC = "word/document.xml"
COMMENTS = "word/comments.xml"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


# --- zip level ----------------------------------------------------------------------------------


def read_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def write_parts(parts: dict[str, bytes], stored: bool = False) -> bytes:
    out = io.BytesIO()
    mode = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", mode) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 5, 20, 200))):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _splice(data: bytes, rng: random.Random) -> bytes:
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    at = rng.randrange(len(data))
    return data[:at] + data[a:b] + data[at:]


# --- XML level ----------------------------------------------------------------------------------


def _tree(parts: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(parts[name])


def _put(parts: dict[str, bytes], name: str, root: etree._Element) -> None:
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _text_paragraphs(root: etree._Element) -> list[etree._Element]:
    return [p for p in root.iter(q("p")) if any((t.text or "").strip() for t in p.iter(q("t")))]


def _deep_nesting(parts, rng):
    root = _tree(parts, DOC)
    p = rng.choice(_text_paragraphs(root))
    depth = rng.choice((50, 300, 450, 2000, 20000))
    wrapper = rng.choice(("sdt", "ins", "smartTag", "p", "hyperlink"))
    outer = inner = etree.Element(q(wrapper))
    for _ in range(depth - 1):
        inner = etree.SubElement(inner, q(wrapper))
    etree.SubElement(etree.SubElement(inner, q("r")), q("t")).text = "tief"
    p.append(outer)
    parts[DOC] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if depth > 300:  # lxml refuses to serialise past its own depth limit: write it by hand
        body = f"<w:{wrapper}>" * depth + "<w:r><w:t>tief</w:t></w:r>" + f"</w:{wrapper}>" * depth
        parts[DOC] = parts[DOC].replace(b"</w:body>", f"<w:p>{body}</w:p></w:body>".encode(), 1)


def _huge_attribute(parts, rng):
    name = rng.choice((DOC, COMMENTS))
    root = _tree(parts, name)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    element = rng.choice(elements)
    attribute = rng.choice((q("author"), q("name"), q("val"), q("id"), q("date"), "x"))
    element.set(attribute, rng.choice("aä§😀 ") * rng.choice((10_000, 1_000_000, 8_000_000)))
    _put(parts, name, root)


def _comment_marks(p, cid: str) -> None:
    start = etree.Element(q("commentRangeStart"))
    start.set(q("id"), cid)
    end = etree.Element(q("commentRangeEnd"))
    end.set(q("id"), cid)
    run = etree.Element(q("r"))
    etree.SubElement(run, q("commentReference")).set(q("id"), cid)
    p.insert(1 if len(p) and p[0].tag == q("pPr") else 0, start)
    p.append(end)
    p.append(run)


def _comments(parts, rng, count: int, same_text: bool, same_id: bool) -> None:
    doc = _tree(parts, DOC)
    paragraphs = _text_paragraphs(doc)
    comments = _tree(parts, COMMENTS)
    for i in range(count):
        cid = "7" if same_id else str(1000 + i)
        _comment_marks(rng.choice(paragraphs), cid)
        comment = etree.SubElement(comments, q("comment"))
        comment.set(q("id"), cid)
        comment.set(q("author"), rng.choice(("RA Vogt", "", "Dr. Berg")))
        comment.set(q("date"), rng.choice(("2026-01-01T10:00:00Z", "gestern", "")))
        p = etree.SubElement(comment, q("p"))
        p.set(f"{{{W14}}}paraId", f"{i:08X}")
        text = "Bitte prüfen." if same_text else f"Anmerkung {i}: {rng.random()}"
        etree.SubElement(etree.SubElement(p, q("r")), q("t")).text = text
    _put(parts, DOC, doc)
    _put(parts, COMMENTS, comments)


def _duplicated_comments(parts, rng):
    count = rng.choice((5, 200, 999, 1001, 30000))
    _comments(parts, rng, count, same_text=rng.random() < 0.5, same_id=rng.random() < 0.3)


def _broken_bookmarks(parts, rng):
    root = _tree(parts, DOC)
    starts = list(root.iter(q("bookmarkStart")))
    ends = list(root.iter(q("bookmarkEnd")))
    paragraphs = list(root.iter(q("p")))
    action = rng.choice(("drop-ends", "drop-starts", "shuffle-names", "duplicate", "same-id", "many"))
    if action == "drop-ends":
        for end in rng.sample(ends, max(1, len(ends) // 2)):
            end.getparent().remove(end)
    elif action == "drop-starts":
        for start in rng.sample(starts, max(1, len(starts) // 2)):
            start.getparent().remove(start)
    elif action == "shuffle-names":
        names = [s.get(q("name")) for s in starts]
        rng.shuffle(names)
        for start, name in zip(starts, names, strict=True):
            start.set(q("name"), name)
    elif action == "same-id":
        for element in starts + ends:
            element.set(q("id"), "1")
    elif action == "duplicate":
        for start in starts:
            rng.choice(paragraphs).append(etree.fromstring(etree.tostring(start)))
    else:  # thousands of clause bookmarks, opened everywhere and never closed
        for i in range(rng.choice((500, 5000, 50000))):
            mark = etree.SubElement(rng.choice(paragraphs), q("bookmarkStart"))
            mark.set(q("id"), str(90000 + i))
            mark.set(q("name"), f"kl_x{i}")
    _put(parts, DOC, root)


def _wrong_namespace(parts, rng):
    name = rng.choice((DOC, COMMENTS))
    other = rng.choice((STRICT, "urn:falsch", W + "x", ""))
    if other:
        parts[name] = parts[name].replace(W.encode(), other.encode())
    else:  # no namespace at all: prefixes left unbound
        parts[name] = parts[name].replace(f'xmlns:w="{W}"'.encode(), b"")


def _enormous_text(parts, rng):
    root = _tree(parts, DOC)
    p = rng.choice(_text_paragraphs(root))
    size = rng.choice((100_000, 2_000_000, 20_000_000))
    text = "".join(rng.choice("ab §1 Wort\u05d0\u0634😀") for _ in range(1000)) * (size // 1000)
    if rng.random() < 0.5:
        text = text.replace(" ", "")
    run = etree.SubElement(p, q("r"))
    etree.SubElement(run, q("t")).text = text
    _put(parts, DOC, root)
    parts["__stored__"] = b""  # deflating 20 MB of repeated text would look like a bomb


def _many_paragraphs(parts, rng):
    root = _tree(parts, DOC)
    p = rng.choice(_text_paragraphs(root))
    count = rng.choice((1000, 9000, 150000))
    parent = p.getparent()
    index = parent.index(p)
    copy = etree.tostring(p)
    for _ in range(count):
        parent.insert(index, etree.fromstring(copy))
    _put(parts, DOC, root)
    parts["__stored__"] = b""


def _change_storm(parts, rng):
    root = _tree(parts, DOC)
    runs = list(root.iter(q("r")))
    kind = rng.choice(("ins", "del", "moveTo", "moveFrom"))
    for i, run in enumerate(runs * rng.choice((1, 3))):
        parent = run.getparent()
        if parent is None:
            continue
        wrapper = etree.Element(q(rng.choice((kind, "ins", "del"))))
        wrapper.set(q("id"), str(i))
        wrapper.set(q("author"), rng.choice(("RA Vogt", "Dr. Berg")))
        parent.replace(run, wrapper)
        wrapper.append(run)
        if wrapper.tag == q("del"):
            for t in run.iter(q("t")):
                t.tag = q("delText")
    _put(parts, DOC, root)


def _delete_or_copy(parts, rng):
    name = rng.choice((DOC, DOC, COMMENTS))
    root = _tree(parts, name)
    elements = [e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None]
    if not elements:
        return
    for _ in range(rng.choice((1, 10, 100))):
        element = rng.choice(elements)
        parent = element.getparent()
        if parent is None:
            continue
        if rng.random() < 0.5:
            parent.remove(element)
        else:
            for _ in range(rng.choice((1, 5, 50))):
                parent.append(etree.fromstring(etree.tostring(element)))
    _put(parts, name, root)


def _parts_shuffled(parts, rng):
    action = rng.choice(("drop", "swap", "rels", "empty"))
    if action == "drop":
        parts.pop(rng.choice(sorted(parts)), None)
    elif action == "swap":
        a, b = rng.sample(sorted(parts), 2)
        parts[a], parts[b] = parts[b], parts[a]
    elif action == "rels":
        rels = "word/_rels/document.xml.rels"
        target = rng.choice((b"document.xml", b"../word/document.xml", b"/etc/passwd", b"x" * 5000))
        parts[rels] = parts[rels].replace(b'Target="comments.xml"', b'Target="' + target + b'"')
        parts[rels] = parts[rels].replace(b'Target="styles.xml"', b'Target="' + target + b'"')
    else:
        parts[rng.choice((DOC, COMMENTS, "word/styles.xml"))] = b""


def _comment_replies(parts, rng):
    """A commentsExtended part whose replies point at each other in a circle."""
    _comments(parts, rng, rng.choice((3, 300)), same_text=False, same_id=False)
    count = len(etree.fromstring(parts[COMMENTS]))
    w15 = "http://schemas.microsoft.com/office/word/2012/wordml"
    items = "".join(
        f'<w15:commentEx w15:paraId="{i:08X}" w15:paraIdParent="{(i + 1) % count:08X}"/>'
        for i in range(count)
    )
    parts["word/commentsExtended.xml"] = f'<w15:commentsEx xmlns:w15="{w15}">{items}</w15:commentsEx>'.encode()


def _garbage_in_xml(parts, rng):
    name = rng.choice((DOC, COMMENTS))
    data = bytearray(parts[name])
    for _ in range(rng.choice((1, 3, 30))):
        at = rng.randrange(len(data))
        data[at:at] = rng.choice((b"<", b"&", b"\x00", b"]]>", b"<w:p>", b"</w:t>", b"&#0;", b"\xff"))
    parts[name] = bytes(data)


BYTE_MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncate": _truncate,
    "flip": _flip,
    "splice": _splice,
}
XML_MUTATIONS: dict[str, Callable[[dict[str, bytes], random.Random], None]] = {
    "deep-nesting": _deep_nesting,
    "huge-attribute": _huge_attribute,
    "duplicated-comments": _duplicated_comments,
    "broken-bookmarks": _broken_bookmarks,
    "wrong-namespace": _wrong_namespace,
    "enormous-text": _enormous_text,
    "many-paragraphs": _many_paragraphs,
    "change-storm": _change_storm,
    "delete-or-copy": _delete_or_copy,
    "parts": _parts_shuffled,
    "comment-replies": _comment_replies,
    "garbage-in-xml": _garbage_in_xml,
}
MUTATIONS = sorted(BYTE_MUTATIONS) + sorted(XML_MUTATIONS)


def mutate(data: bytes, mutation: str, seed: int) -> bytes:
    """``data`` (a DOCX) changed by ``mutation`` (one of :data:`MUTATIONS`), reproducibly."""
    rng = random.Random(f"{mutation}:{seed}")
    if mutation in BYTE_MUTATIONS:
        return BYTE_MUTATIONS[mutation](data, rng)
    parts = read_parts(data)
    XML_MUTATIONS[mutation](parts, rng)
    stored = parts.pop("__stored__", None) is not None
    return write_parts(parts, stored=stored)


# --- importing ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    seconds: float
    refused: str | None  # the message of a refusal, None when the file was imported
    added: int
    before: int  # comments on the version before
    after: int  # and after


def run_import(template: Path, workdir: Path, data: bytes) -> Outcome:
    """Import ``data`` into a fresh copy of the store ``template`` (one project, one version)
    and report time, refusal and the version's comments before and after. Anything but the
    app's own errors propagates."""
    from kooperation.errors import KooperationError
    from kooperation.review.importer import import_review_docx
    from kooperation.store.repository import open_store

    path = workdir / "fuzz.sqlite3"
    shutil.copyfile(template, path)
    store = open_store(path)
    try:
        project = store.list_projects()[0]
        version = store.get_draft(project.id, store.list_drafts(project.id)[0].number)
        before = len(store.list_comments(project.id, version.id))
        started = time.perf_counter()
        refused, added = None, 0
        try:
            added = len(import_review_docx(store, project.id, version.id, data).added)
        except KooperationError as exc:
            refused = str(exc)
        seconds = time.perf_counter() - started
        after = len(store.list_comments(project.id, version.id))
    finally:
        store.close()
    return Outcome(seconds, refused, added, before, after)


def make_template(workdir: Path) -> tuple[Path, bytes]:
    """A store with the demo project and one agreement version, and the review export of that
    version (with one comment of ours in it): what a lawyer gets to edit."""
    from kooperation.domain.demo import demo_project
    from kooperation.drafts import generate_draft
    from kooperation.review.exporting import review_export
    from kooperation.review.model import Comment, CommentKind
    from kooperation.store.repository import open_store

    path = workdir / "template.sqlite3"
    store = open_store(path)
    try:
        project = store.save_project(demo_project())
        generate_draft(store, project.id, formats=["docx"])
        version = store.get_draft(project.id, store.list_drafts(project.id)[0].number)
        store.add_comment(project.id, Comment(draft_id=version.id, clause_id="austritt",
                                              author="Max Meier", text="Ist die Frist zu lang?",
                                              kind=CommentKind.QUESTION))  # fmt: skip
        export = review_export(project.name, version, store.list_comments(project.id, version.id))
        data = next(content for fmt, _name, content in export.files if fmt == "docx")
    finally:
        store.close()
    return path, data
