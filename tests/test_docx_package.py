"""The DOCX package is compressed once and is still exactly what python-docx saves, with
every member stamped with the fixed time (equal documents, equal bytes)."""

from __future__ import annotations

import io
import zipfile

from docsample import sample_document
from kooperation.drafting.overlay import effective_reference
from kooperation.render.docx import _DocxWriter
from kooperation.render.docx_oxml import normalize_zip
from kooperation.render.docx_package import package_bytes
from kooperation.render.docx_reference import load_reference
from kooperation.render.zip_writer import FIXED_ZIP_TIME


def _written():
    document = load_reference(effective_reference()[0])
    _DocxWriter(document, sample_document()).write()
    return document


def test_same_package_as_saving_and_normalising():
    """Member for member and byte for byte what Document.save plus normalize_zip gave."""
    document = _written()
    saved = io.BytesIO()
    document.save(saved)
    assert package_bytes(document) == normalize_zip(saved.getvalue())


def test_members_complete_and_stamped():
    """Content types first, the document, styles, fonts and relations inside, all with the
    fixed time."""
    with zipfile.ZipFile(io.BytesIO(package_bytes(_written()))) as package:
        infos = package.infolist()
        names = [info.filename for info in infos]
        assert names[0] == "[Content_Types].xml"
        assert {"_rels/.rels", "word/document.xml", "word/styles.xml"} <= set(names)
        assert any(name.startswith("word/fonts/") for name in names)
        assert {info.date_time for info in infos} == {FIXED_ZIP_TIME}
        assert package.testzip() is None


def test_kept_members_are_compressed_anew_when_changed():
    """A font or picture whose bytes changed since the last package is compressed anew, not
    taken from the kept one: the package holds exactly the new content."""
    from kooperation.render.zip_writer import zip_members

    font = bytes(range(256)) * 300
    changed = font[:1000] + b"X" + font[1001:]
    for content in (font, changed, font):
        data = zip_members([("word/fonts/a.odttf", content), ("word/media/image1.png", content[::-1])])
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.read("word/fonts/a.odttf") == content
            assert package.read("word/media/image1.png") == content[::-1]
            assert package.testzip() is None
