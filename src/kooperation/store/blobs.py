"""The bytes of draft files, stored once: content-addressed parts, compressed.

Every draft version keeps its DOCX and PDF exactly as they were made, and most of those bytes are
the same from version to version: the embedded fonts and the logo in both formats, the styles,
theme and numbering parts of the DOCX, the font programs and most objects of the PDF. So a file
is not stored whole. It is cut into *parts*; each part is a *blob*, stored once under the SHA-256
of its bytes and compressed with zlib (`BlobRow`); a file is the list of its blobs in order
(`DraftFilePartRow`). Reading a file joins its parts and checks the result against the file's
SHA-256 (kept since the first schema), so a version is either the exact bytes that were written
or a `StoreError` -- never something else.

Where a file is cut (`split`) decides only how much is shared, never what is read back: any cut
gives the same bytes when the parts are joined. The cuts are *content-defined*, so a change in one
place of a file does not move the cuts elsewhere:

* before every ``PK\\x03\\x04`` and ``PK\\x01\\x02`` -- the start of a ZIP member and of the ZIP's
  central directory (DOCX, also when LibreOffice or Word wrote it): each member of a DOCX, with
  its header, is a piece;
* after every ``endobj`` and ``stream`` line end -- PDF objects and the data of their streams
  (fonts, images, page contents) are pieces;
* after every ``00 00 FF FF``, the mark a full flush leaves in deflated data: our DOCX writer
  resets its compressor at content-defined points of the text (:mod:`kooperation.render.zip_writer`),
  so an unchanged stretch of a contract's text is the same compressed bytes in every version;
* the same byte sequences inside compressed data just give extra pieces (harmless).

Pieces are grouped into parts of at least `MIN_PART` bytes; a group ends after a piece whose
CRC-32 is divisible by `GROUP` (content-defined again, so groups line up again after a change) and
after a flush mark (the pieces of a DOCX's text are a kilobyte or more each, and each may
change on its own); a large piece (`BIG_PIECE`, a font, the logo) is always a part of its own,
and no part grows beyond `MAX_PART`.

Deflated data (a DOCX's members, a PDF's streams) is stored as it is: inflating and deflating it
again would make the stored bytes depend on the zlib version that deflates them, and an exact copy
could not be promised on another machine. zlib's *inflate* (used to read blobs) is exact
everywhere.

Blobs nobody references any more (after a project is deleted or replaced by an import) are
removed by `collect_garbage`, which the repository calls inside the same write transaction; the
foreign key from a part to its blob makes SQLite refuse to delete a blob that is still in use.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from kooperation.errors import StoreError
from kooperation.i18n import _
from kooperation.store.models import BlobRow, DraftFilePartRow

MIN_PART = 2048
"""A part ends only after this many bytes (unless the file ends, a large piece follows or a
flush mark ends the piece)."""

GROUP = 4
"""Beyond `MIN_PART`, a part ends after a piece whose CRC-32 is divisible by this."""

BIG_PIECE = 16384
"""A piece of at least this size is a part of its own."""

MAX_PART = 65536
"""No part grows beyond this (plus one piece)."""

ZLIB_LEVEL = 6

_FLUSH_MARK = b"\x00\x00\xff\xff"
_CUT = re.compile(rb"PK\x03\x04|PK\x01\x02|endobj\r?\n|stream\r?\n|" + re.escape(_FLUSH_MARK))


def _cut_points(data: bytes) -> list[int]:
    """Where pieces end: before a ZIP signature, after a PDF object or stream line or a
    deflate flush mark."""
    points = set()
    for match in _CUT.finditer(data):
        points.add(match.start() if match.group().startswith(b"PK") else match.end())
    points.discard(0)
    points.discard(len(data))
    return sorted(points)


def split(data: bytes) -> list[bytes]:
    """``data`` cut into parts (see the module's description); joined they are ``data``."""
    if not data:
        return []
    bounds = [*_cut_points(data), len(data)]
    parts: list[bytes] = []
    start = previous = 0
    for i, end in enumerate(bounds):
        piece = end - previous
        following = bounds[i + 1] - end if i + 1 < len(bounds) else 0
        size = end - start
        if (
            end == len(data)
            or piece >= BIG_PIECE
            or following >= BIG_PIECE
            or size >= MAX_PART
            or (size >= MIN_PART and zlib.crc32(data[previous:end]) % GROUP == 0)
            or data.endswith(_FLUSH_MARK, previous, end)
        ):
            parts.append(data[start:end])
            start = end
        previous = end
    return parts


WORTH_COMPRESSING = 0.9
"""A blob is stored compressed only if that saves at least a tenth: already deflated data (fonts,
the logo, compressed streams) hardly shrinks, and inflating it again would slow every reading."""


def _pack(raw: bytes) -> tuple[str, bytes]:
    """How a blob is stored: zlib-compressed, or as it is when that saves little."""
    packed = zlib.compress(raw, ZLIB_LEVEL)
    return ("zlib", packed) if len(packed) < len(raw) * WORTH_COMPRESSING else ("raw", raw)


def _unpack(codec: str, data: bytes) -> bytes:
    if codec == "zlib":
        return zlib.decompress(data)
    if codec == "raw":
        return bytes(data)
    raise StoreError(_("Ein gespeicherter Dateiteil hat ein unbekanntes Format ({codec}).").format(codec=codec))


def blob_ids(s: Session, parts: list[bytes]) -> list[int]:
    """The ids of the blobs holding ``parts`` (in order), storing those not yet stored."""
    hashes = [hashlib.sha256(p).hexdigest() for p in parts]
    known: dict[str, int] = {}
    wanted = sorted(set(hashes))
    for i in range(0, len(wanted), 500):  # SQLite's limit on bound parameters
        rows = s.execute(select(BlobRow.sha256, BlobRow.id).where(BlobRow.sha256.in_(wanted[i : i + 500])))
        known.update((digest, blob_id) for digest, blob_id in rows)
    for digest, part in zip(hashes, parts, strict=True):
        if digest not in known:
            codec, packed = _pack(part)
            known[digest] = s.execute(
                insert(BlobRow).values(sha256=digest, size=len(part), codec=codec, data=packed).returning(BlobRow.id)
            ).scalar_one()
    return [known[d] for d in hashes]


def store_file(s: Session, file_id: str, content: bytes) -> None:
    """Store ``content`` as the parts of the draft file ``file_id`` (whose row exists)."""
    ids = blob_ids(s, split(content))
    if ids:
        s.execute(
            insert(DraftFilePartRow),
            [{"file_id": file_id, "position": n, "blob_id": b} for n, b in enumerate(ids)],
        )


def read_files(s: Session, files: Iterable[tuple[str, str, str]]) -> dict[str, bytes]:
    """The contents of draft files given as ``(id, sha256, name)``, each checked against its
    SHA-256; a `StoreError` names a file whose parts do not give its bytes."""
    files = list(files)
    chunks: dict[str, list[bytes]] = defaultdict(list)
    ids = [f[0] for f in files]
    for i in range(0, len(ids), 500):
        rows = s.execute(
            select(DraftFilePartRow.file_id, BlobRow.codec, BlobRow.data)
            .join(BlobRow, BlobRow.id == DraftFilePartRow.blob_id)
            .where(DraftFilePartRow.file_id.in_(ids[i : i + 500]))
            .order_by(DraftFilePartRow.file_id, DraftFilePartRow.position)
        )
        for file_id, codec, data in rows:
            chunks[file_id].append(_unpack(codec, data))
    out: dict[str, bytes] = {}
    for file_id, sha, name in files:
        content = b"".join(chunks.get(file_id, ()))
        if hashlib.sha256(content).hexdigest() != sha:
            raise StoreError(
                _(
                    "Die gespeicherte Datei {name} ist beschädigt: ihr Inhalt stimmt nicht mit der "
                    "Prüfsumme überein. Bitte eine Sicherung der Datenbank verwenden."
                ).format(name=name)
            )
        out[file_id] = content
    return out


def collect_garbage(s: Session) -> int:
    """Delete the blobs no draft file uses any more; returns how many. Call it in the write
    transaction that removed draft files (a project deleted or replaced)."""
    used = select(DraftFilePartRow.blob_id).where(DraftFilePartRow.blob_id == BlobRow.id).exists()
    result = s.execute(delete(BlobRow).where(~used))
    return result.rowcount or 0
