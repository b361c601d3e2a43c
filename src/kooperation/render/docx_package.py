"""Writing a python-docx document as DOCX bytes, compressed once, equal input equal bytes.

python-docx's ``Document.save`` compresses every part (the embedded fonts included) and stamps
it with the current time; making the bytes reproducible then meant unpacking that package and
compressing it all again (:func:`.docx_oxml.normalize_zip`). Here python-docx's own package
writer lays the members out (the same names, contents and order as ``save``), but into a list;
they are then compressed once, each stamped with one fixed time: the same bytes as saving and
normalising, in about half the time.
"""

from __future__ import annotations

import io
import zipfile

from docx.opc.pkgwriter import PackageWriter

from kooperation.render.docx_oxml import FIXED_ZIP_TIME


class _Members:
    """Stands in for python-docx's zip writer: keeps ``(member name, bytes)`` in order."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def zip_members(items: list[tuple[str, bytes]]) -> bytes:
    """A zip package of ``items`` in order, every member deflated and stamped with
    :data:`FIXED_ZIP_TIME`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items:
            fixed = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, data, compresslevel=6)
    return out.getvalue()


def package_bytes(document) -> bytes:
    """``document`` (python-docx) as DOCX bytes: what ``Document.save`` writes (see
    ``OpcPackage.save`` and ``PackageWriter.write``), with fixed member times."""
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    return zip_members(members.items)
