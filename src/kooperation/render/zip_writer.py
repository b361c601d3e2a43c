"""Writing a ZIP package (a DOCX) whose compressed bytes change only where its content changed.

Every draft version is kept in the store (:mod:`kooperation.store.blobs`), which stores the parts
two versions share only once. A DOCX is a ZIP of deflated members, and deflate carries its state
through the whole member: a word changed in § 3 of ``word/document.xml`` would change every
compressed byte after it, so two versions of a contract would share nothing of their text.

So large members are compressed the way ``gzip --rsyncable`` does it: the member's text is cut
after a paragraph (``</w:p>``) at *content-defined* points, and after each cut the compressor is
reset with ``Z_FULL_FLUSH`` (it then forgets everything before; the stream stays one valid
deflate stream that every ZIP reader inflates, Word and LibreOffice included). A piece of text
therefore compresses to the same bytes wherever it stands, and the flush leaves a mark in the
compressed data (``00 00 FF FF``) where the store cuts its parts. The price is size: the text
of the demo agreement compresses to 50 KB instead of 35 KB, 7 % of the whole DOCX (the
embedded fonts and the logo are most of it); each version then adds about a tenth of that to the
store instead of all of it.

A cut is made after a paragraph when at least :data:`MIN_PIECE` bytes were written since the last
cut and the paragraph's CRC-32 is divisible by :data:`CUT_EVERY` -- a rule that depends only on the
text around the cut, so an edit moves no cut beyond the next few paragraphs.

Python's :mod:`zipfile` cannot write data it did not compress itself, so the package is written
here, following PKWARE's APPNOTE (local headers, central directory, end record; no ZIP64, no data
descriptors, no extra fields). Every member carries :data:`FIXED_ZIP_TIME`, so equal documents
give equal bytes.
"""

from __future__ import annotations

import re
import struct
import zlib
from functools import lru_cache

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The time every member is stamped with (the earliest a ZIP can hold)."""

LEVEL = 6
"""zlib's compression level (its default)."""

MIN_PIECE = 2048
"""Bytes of text after which a paragraph end may become a cut."""

CUT_EVERY = 16
"""A paragraph end becomes a cut (beyond :data:`MIN_PIECE`) when its paragraph's CRC-32 is
divisible by this: on average every sixteenth paragraph, some 8 KB of text. The cuts lie further
apart than :data:`MIN_PIECE`, so after an edit the next cut is the same as before it and the
pieces line up again at once."""

RESYNCABLE_FROM = 16384
"""Members at least this large are compressed piecewise; small ones in one go."""

_PARAGRAPH_END = re.compile(rb"</w:p>")

_DOS_TIME = (FIXED_ZIP_TIME[3] << 11) | (FIXED_ZIP_TIME[4] << 5) | (FIXED_ZIP_TIME[5] // 2)
_DOS_DATE = ((FIXED_ZIP_TIME[0] - 1980) << 9) | (FIXED_ZIP_TIME[1] << 5) | FIXED_ZIP_TIME[2]
_VERSION = 20  # "2.0": deflate, what every reader understands
_MADE_ON_UNIX = 3 << 8
_PERMISSIONS = 0o600 << 16
_UTF8_NAME = 1 << 11
_ZIP_LIMIT = 0xFFFFFFFF


def cut_points(text: bytes) -> list[int]:
    """Where the compressor is reset in ``text`` (see the module's description)."""
    points, last, previous = [], 0, 0
    for match in _PARAGRAPH_END.finditer(text):
        end = match.end()
        if end - last >= MIN_PIECE and zlib.crc32(text[previous:end]) % CUT_EVERY == 0:
            points.append(end)
            last = end
        previous = end
    return points


def deflate(data: bytes) -> bytes:
    """``data`` as one raw deflate stream; large data reset at its cut points."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    if len(data) < RESYNCABLE_FROM:
        return compressor.compress(data) + compressor.flush()
    out, start = [], 0
    for end in cut_points(data):
        out.append(compressor.compress(data[start:end]))
        out.append(compressor.flush(zlib.Z_FULL_FLUSH))
        start = end
    out.append(compressor.compress(data[start:]))
    out.append(compressor.flush())
    return b"".join(out)


KEPT_MEMBERS = ("word/fonts/", "word/media/")
"""Members whose compressed bytes are kept (:func:`deflate_kept`): the embedded font subsets and
the pictures, which are the same from one draft of a project to the next."""


@lru_cache(maxsize=16)
def deflate_kept(data: bytes) -> bytes:
    """:func:`deflate` of ``data``, kept for the next package with the same member.

    The embedded fonts and the roadmap picture are a third of a DOCX's compressing time and
    rarely change between drafts. Cache: the key is the member's whole content (compared byte
    for byte), so an entry can never stand for other data; what invalidates it is any changed
    byte (another character in the text changes the font subset, another milestone the
    picture): then the data is compressed anew. Sixteen entries at most: the large network agreement
    has nine such members (455 KB; kept with their compressed bytes about 0.8 MB).
    Test: ``tests/test_docx_package.py::test_kept_members_are_compressed_anew_when_changed``."""
    return deflate(data)


def zip_members(items: list[tuple[str, bytes]]) -> bytes:
    """A ZIP package of ``items`` (name, content) in order, every member deflated and stamped
    with :data:`FIXED_ZIP_TIME`."""
    body: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name, data in items:
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8_NAME
        packed = deflate_kept(data) if name.startswith(KEPT_MEMBERS) else deflate(data)
        crc = zlib.crc32(data)
        if max(len(data), len(packed), offset) >= _ZIP_LIMIT:
            raise ValueError(f"{name}: too large for a ZIP without ZIP64")
        fields = (_VERSION, flags, zlib.DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data), len(encoded))
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded
        directory.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, _MADE_ON_UNIX | _VERSION, *fields, 0, 0, 0, 0,
                        _PERMISSIONS, offset) + encoded
        )
        body += [local, packed]
        offset += len(local) + len(packed)
    central = b"".join(directory)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(items), len(items), len(central), offset, 0)
    return b"".join(body) + central + end
