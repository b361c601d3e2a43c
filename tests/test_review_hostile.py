"""Hostile and broken files are refused with a clear German message, quickly, and never with a
traceback: not a zip, encrypted, zip bombs, XML entity attacks, huge files, missing parts."""

from __future__ import annotations

import io
import random
import struct
import time
import zipfile

import pytest

from kooperation.errors import InputError
from kooperation.review.docx_read import (
    read_review_docx,
    read_review_docx_file,
    read_review_package,
)
from kooperation.review.safety import (
    MB,
    DocxPackage,
    Limits,
    open_docx,
    open_docx_file,
    parse_xml,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ZEROS = bytes(MB)
GERMAN = ("Datei", "Word", "gelesen", "eingelesen", "beschädigt")


def refused(call, *words: str) -> str:
    """Run ``call``; it must raise an InputError with a German, traceback-free message that
    contains ``words``. Returns the message."""
    with pytest.raises(InputError) as info:
        call()
    message = str(info.value)
    assert message.strip()
    assert any(word in message for word in GERMAN), message
    for bad in ("Traceback", 'File "', "Error", "Exception", "lxml", "zipfile"):
        assert bad not in message, message
    for word in words:
        assert word in message, message
    return message


def zip_of(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def document(body: str = "<w:p><w:r><w:t>Hallo</w:t></w:r></w:p>", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def docx_with(xml: bytes, part: str = "word/document.xml") -> bytes:
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": document()}
    parts[part] = xml
    return zip_of(parts)


def streamed_zeros(target, megabytes: int, name: str = "word/document.xml") -> None:
    """Write a zip whose member ``name`` is ``megabytes`` MB of zeros, streamed (the test never
    holds more than 1 MB)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open(name, "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(ZEROS)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """300 MB of zeros as word/document.xml: some 300 KB on disk."""
    out = io.BytesIO()
    streamed_zeros(out, 300)
    return out.getvalue()


def lying_sizes(data: bytes, name: str, declared: int) -> bytes:
    """``data`` with the central directory declaring ``declared`` bytes (compressed and
    uncompressed) for member ``name``: the sizes a reader must not trust."""
    data = bytearray(data)
    encoded = name.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length, extra_length = struct.unpack_from("<HH", data, position + 28)
        if data[position + 46 : position + 46 + name_length] == encoded:
            extra = position + 46 + name_length
            end = extra + extra_length
            while extra < end:  # zip64 extra field: uncompressed, compressed size
                tag, size = struct.unpack_from("<HH", data, extra)
                if tag == 1:
                    struct.pack_into("<QQ", data, extra + 4, declared, declared)
                extra += 4 + size
            struct.pack_into("<II", data, position + 20, 0xFFFFFFFF, 0xFFFFFFFF)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


# --- not a DOCX at all ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        random.Random(4).randbytes(4096),
        b"Sehr geehrte Damen und Herren,\nanbei meine Anmerkungen.",
        b"PK\x03\x04" + bytes(100),  # looks like a zip, is none
    ],
    ids=["random", "text", "truncated-zip"],
)
def test_not_a_zip(data):
    refused(lambda: read_review_docx(data), "kein Word-Dokument")


def test_a_pdf_is_named_as_such():
    refused(lambda: read_review_docx(b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n"), "PDF")


def test_empty_file():
    refused(lambda: read_review_docx(b""), "leer")


def test_half_a_docx_is_refused():
    whole = docx_with(document())
    refused(lambda: read_review_docx(whole[: len(whole) // 2]))


def test_password_protected_docx():
    """Word stores an encrypted DOCX as an OLE compound file with an EncryptedPackage stream."""
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    refused(lambda: read_review_docx(ole), "Kennwort")
    refused(lambda: read_review_docx(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(600)), "Kennwort")


def test_old_word_format():
    doc = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "WordDocument".encode("utf-16-le")
    refused(lambda: read_review_docx(doc), ".doc")


def test_encrypted_zip_member():
    data = bytearray(docx_with(document()))
    position = data.find(b"PK\x01\x02")
    while position != -1:
        data[position + 8] |= 0x1  # "encrypted" flag in the central directory
        position = data.find(b"PK\x01\x02", position + 4)
    refused(lambda: read_review_docx(bytes(data)), "Kennwort")


def test_zip_without_main_document():
    data = zip_of({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<styles/>"})
    refused(lambda: read_review_docx(data), "word/document.xml")


def test_main_document_is_not_wordprocessingml():
    refused(lambda: read_review_docx(docx_with(b"<html><body/></html>")), "kein Word-Dokument")


@pytest.mark.parametrize(
    "xml",
    [
        b"<w:document><w:body>",
        b"\xff\xfe\x00garbage",
        b"",
        b'<?xml version="1.0"?><a>&unknown;</a>',
    ],
    ids=["unclosed", "binary", "empty", "undefined-entity"],
)
def test_malformed_xml(xml):
    refused(lambda: read_review_docx(docx_with(xml)), "kein gültiges XML")


def test_malformed_comments_part():
    refused(
        lambda: read_review_docx(docx_with(b"<w:comments", "word/comments.xml")), "comments.xml"
    )


def test_absurdly_deep_nesting():
    deep = b"<a>" * 5000 + b"</a>" * 5000
    refused(lambda: read_review_docx(docx_with(deep)))


# --- zip bombs ------------------------------------------------------------------------------------


def test_zip_bomb_is_refused_by_its_declared_size(bomb):
    assert len(bomb) < 2 * MB
    started = time.perf_counter()
    refused(lambda: read_review_docx(bomb), "200 MB")
    assert time.perf_counter() - started < 1.0


def test_zip_bomb_from_disk(tmp_path, bomb):
    path = tmp_path / "bombe.docx"
    path.write_bytes(bomb)
    refused(lambda: read_review_docx_file(path), "200 MB")


def test_member_compressed_far_too_well_is_refused():
    out = io.BytesIO()
    streamed_zeros(out, 20)  # under every size limit, but about 1000 : 1
    refused(lambda: read_review_docx(out.getvalue()), "komprimiert")


def test_declared_sizes_that_lie_are_not_trusted(bomb):
    """The directory claims 4 KB for 300 MB of zeros: reading stops at the claim (the data then
    fails its checksum) instead of inflating 300 MB."""
    liar = lying_sizes(bomb, "word/document.xml", 4096)
    started = time.perf_counter()
    refused(lambda: read_review_docx(liar))
    assert time.perf_counter() - started < 1.0


def test_reading_stops_at_the_limit_of_bytes_really_inflated(bomb):
    """Even without the directory checks, a part stops being read at the limit."""
    archive = zipfile.ZipFile(io.BytesIO(bomb))
    package = DocxPackage(archive, Limits(max_part_bytes=2 * MB))
    started = time.perf_counter()
    refused(lambda: package.read("word/document.xml"), "nicht eingelesen", "2,0 MB")
    assert time.perf_counter() - started < 1.0


def test_a_part_declared_too_big_is_refused_before_inflating(bomb):
    archive = zipfile.ZipFile(io.BytesIO(bomb))
    package = DocxPackage(archive, Limits(max_part_bytes=64 * MB))
    refused(lambda: package.xml("word/document.xml"), "word/document.xml", "64 MB")


def test_too_many_members():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for i in range(5001):
            archive.writestr(f"word/media/x{i}.bin", b"")
    refused(lambda: read_review_docx(out.getvalue()), "ungewöhnlich vielen Teilen")


# --- XML attacks ----------------------------------------------------------------------------------


BILLION_LAUGHS = (
    '<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def test_billion_laughs_is_refused_quickly():
    data = docx_with(document("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", BILLION_LAUGHS))
    started = time.perf_counter()
    refused(lambda: read_review_docx(data), "DOCTYPE")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("part", ["word/document.xml", "word/comments.xml", "word/styles.xml"])
def test_external_entity_is_refused_and_never_read(part, tmp_path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("STRENG-GEHEIM-4711", encoding="utf-8")
    prolog = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    xml = document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", prolog)
    message = refused(lambda: read_review_docx(docx_with(xml, part)), "DOCTYPE")
    assert "STRENG-GEHEIM" not in message


def test_doctype_hidden_behind_a_long_comment_is_found_by_the_parser():
    prolog = "<!--" + "x" * (100 * 1024) + '--><!DOCTYPE w:document [<!ENTITY a "b">]>'
    xml = document("<w:p><w:r><w:t>&a;</w:t></w:r></w:p>", prolog)
    refused(lambda: read_review_docx(docx_with(xml)), "DOCTYPE")


def test_external_entity_on_etc_passwd():
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    xml = document("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", prolog)
    message = refused(lambda: read_review_docx(docx_with(xml)), "DOCTYPE")
    assert "root:" not in message


def test_external_dtd_and_parameter_entities_are_refused_without_network():
    for prolog in (
        '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/boese.dtd">',
        '<!DOCTYPE w:document [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    ):
        started = time.perf_counter()
        refused(lambda prolog=prolog: parse_xml(document(prolog=prolog)), "DOCTYPE")
        assert time.perf_counter() - started < 1.0


def test_long_paragraphs_and_many_changes_take_linear_time():
    """A heading padded with a million spaces (a regex trap) and a paragraph of 100 000 tracked
    insertions (allowed here by a raised limit): read in seconds, not hours."""
    piece = '<w:ins w:id="1" w:author="A"><w:r><w:t>x</w:t></w:r></w:ins><w:r><w:t>y</w:t></w:r>'
    body = (
        '<w:p><w:bookmarkStart w:id="1" w:name="kl_a"/><w:r><w:t>§ 1'
        + " " * 1_000_000
        + "x</w:t></w:r></w:p><w:p>"
        + piece * 100_000
        + '<w:bookmarkEnd w:id="1"/></w:p>'
    )
    package = open_docx(docx_with(document(body)), Limits(max_ratio=10**6, max_changes=10**6, max_elements=10**6))
    started = time.perf_counter()
    review = read_review_package(package)
    assert time.perf_counter() - started < 20
    assert review.clauses[0].title == "x"
    assert len(review.changes) == 100_000 and review.clauses[0].text == "xy" * 100_000


def comments_part(count: int) -> bytes:
    comments = "".join(
        f'<w:comment w:id="{i}" w:author="RA"><w:p><w:r><w:t>Nr. {i}</w:t></w:r></w:p></w:comment>'
        for i in range(count)
    )
    return f'<w:comments xmlns:w="{W}">{comments}</w:comments>'.encode()


def test_a_file_with_100_000_comments_is_refused_at_once():
    """100 000 comments (once 8 minutes and 507 MiB): refused while parsing, in well under a
    second, naming the limit."""
    marks = "".join(
        f'<w:commentRangeStart w:id="{i}"/><w:r><w:t>x</w:t></w:r><w:commentRangeEnd w:id="{i}"/>'
        f'<w:r><w:commentReference w:id="{i}"/></w:r>'
        for i in range(100_000)
    )
    parts = {
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": document(f"<w:p>{marks}</w:p>"),
        "word/comments.xml": comments_part(100_000),
    }
    data = zip_of(parts)
    started = time.perf_counter()
    refused(lambda: read_review_docx(data), "mehr als 1.000 Kommentare")
    assert time.perf_counter() - started < 1.0
    parts["word/document.xml"] = document()  # the comments part alone is counted too
    refused(lambda: read_review_docx(zip_of(parts)), "mehr als 1.000 Kommentare")


def test_comments_up_to_the_limit_are_read():
    """1 000 comments, the most a file may have, are all read."""
    data = docx_with(comments_part(1000), "word/comments.xml")
    assert len(read_review_docx(data).comments) == 1000
    refused(lambda: read_review_docx(docx_with(comments_part(1001), "word/comments.xml")),
            "1.000 Kommentare")


def test_too_many_tracked_changes_are_refused_before_reading():
    """Over 10 000 tracked changes: refused with the limit in the message, quickly; a file at
    the limit is read."""
    def changes(count: int) -> bytes:
        piece = '<w:del w:id="{}" w:author="A"><w:r><w:delText>x</w:delText></w:r></w:del>'
        body = "".join(piece.format(i) for i in range(count))
        return zip_of({"word/document.xml": document(f"<w:p>{body}</w:p>")}, zipfile.ZIP_STORED)

    started = time.perf_counter()
    refused(lambda: read_review_docx(changes(200_000)), "mehr als 10.000 nachverfolgte Änderungen")
    assert time.perf_counter() - started < 1.0
    assert len(read_review_docx(changes(10_000)).changes) == 1  # one edit, cut into pieces


def test_too_many_paragraphs_or_elements_are_refused_quickly():
    """More than 10 000 paragraphs, or a part of more than 400 000 elements: refused in well
    under 2 s with the limit named."""
    paragraphs = "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 10_001
    marks = "<w:p>" + "<w:proofErr/>" * 400_001 + "</w:p>"
    for body, words in ((paragraphs, "10.000 Absätze"), (marks, "400.000 Elemente")):
        data = zip_of({"word/document.xml": document(body)}, zipfile.ZIP_STORED)
        started = time.perf_counter()
        refused(lambda data=data: read_review_docx(data), words)
        assert time.perf_counter() - started < 2.0


# --- big files ------------------------------------------------------------------------------------


def test_a_200_mb_file_is_refused_by_its_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "riesig.docx"
    with path.open("wb") as stream:
        stream.truncate(200 * MB)  # sparse: takes no room on disk
    monkeypatch.setattr(zipfile, "ZipFile", None)  # would fail if zip parsing were reached
    started = time.perf_counter()
    refused(lambda: open_docx_file(path), "zu groß", "50 MB")
    refused(lambda: read_review_docx_file(path), "zu groß")
    assert time.perf_counter() - started < 0.5


def test_too_many_bytes_are_refused_before_zip_parsing(monkeypatch):
    monkeypatch.setattr(zipfile, "ZipFile", None)
    refused(lambda: open_docx(bytes(50 * MB + 1)), "zu groß")


def test_missing_file_and_folder(tmp_path):
    refused(lambda: read_review_docx_file(tmp_path / "fehlt.docx"), "gibt es nicht")
    refused(lambda: read_review_docx_file(tmp_path), "keine Datei")
