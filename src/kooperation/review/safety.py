"""Opening an untrusted DOCX safely.

A DOCX that comes back from a lawyer is input from outside: it may be damaged, encrypted, not a
DOCX at all, or built to harm (a zip bomb, XML entity tricks). Everything here refuses such a
file with an :class:`~kooperation.errors.InputError` whose message says in plain German what is
wrong; nothing is written anywhere, and no network or file outside the package is ever read.

What is checked, in this order:

* size of the file itself (:data:`Limits.max_file_bytes`); the path-based
  :func:`open_docx_file` looks at the size on disk before reading a single byte;
* an OLE container (``D0 CF 11 E0``): a password-protected DOCX or an old ``.doc`` file;
* the zip directory: number of members, the declared total uncompressed size, and the
  compression ratio of every big member; encrypted zip members;
* that ``word/document.xml`` is there.

Parts are then read lazily by :meth:`DocxPackage.read`, which refuses a part declared bigger
than the part limit, counts the bytes that really come out of the decompressor and stops at
the part and total limits (declared sizes can lie), and parsed by
:func:`parse_xml`, which never resolves entities, never loads a DTD and refuses every document
that has a DOCTYPE at all: WordprocessingML never needs one. A part may be parsed with
:class:`Quota` s (at most so many comments, so many tracked changes): the elements are counted
while the parser streams through the bytes, and parsing stops at the first element over the
quota, before the rest of the file is built or any of it is interpreted.
"""

from __future__ import annotations

import io
import logging
import os
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from kooperation.errors import InputError
from kooperation.i18n import _

log = logging.getLogger(__name__)

__all__ = [
    "MAIN_PART",
    "DocxPackage",
    "Limits",
    "Quota",
    "open_docx",
    "open_docx_file",
    "parse_xml",
]

MB = 1024 * 1024
MAIN_PART = "word/document.xml"
_CHUNK = 256 * 1024
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD97_STREAM = "WordDocument".encode("utf-16-le")
_CENTRAL_ENTRY = b"PK\x01\x02"


@dataclass(frozen=True)
class Limits:
    """How much a returned DOCX may contain. The defaults are far above any real agreement (a
    100-page contract is well under 1 MB) and far below what would hurt the machine."""

    max_file_bytes: int = 50 * MB  # the DOCX file itself
    max_total_bytes: int = 200 * MB  # all members together, uncompressed
    max_part_bytes: int = 64 * MB  # one member, uncompressed
    max_members: int = 5000
    max_ratio: int = 100  # uncompressed : compressed, for members above ratio_min_bytes
    ratio_min_bytes: int = 1 * MB
    # What the review import takes from one file. A lawyer's review of a long agreement has tens
    # to a few hundred comments; 1,000 is several times the most heavily annotated file we know
    # of, and importing that many (each becomes a stored comment that every later version
    # carries forward while it is open) stays within about a second. Word cuts every edit into
    # one w:ins/w:del per run, so a clause rewritten with tracked changes easily gives a hundred
    # pieces; 10,000 lets a whole 60-page agreement be rewritten and read in about a second.
    max_comments: int = 1000  # w:comment in the comments part, comment marks in the body
    max_changes: int = 10000  # w:ins, w:del, w:moveFrom, w:moveTo in the body
    # The demo agreement (13 pages) has 512 paragraphs and 4,800 XML elements; the limits allow
    # some 250 pages and keep reading a file under a second.
    max_paragraphs: int = 10000  # w:p in the body
    max_elements: int = 400000  # elements of any one XML part


DEFAULT_LIMITS = Limits()


# --- opening ------------------------------------------------------------------------------------


def open_docx_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> DocxPackage:
    """Open the DOCX at ``path``; its size is checked on disk before anything is read."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise InputError(_("Die Datei „{path}“ gibt es nicht.").format(path=path)) from exc
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if not path.is_file():
        raise InputError(_("„{path}“ ist keine Datei.").format(path=path))
    _check_file_size(info.st_size, limits)
    try:
        with path.open("rb") as stream:
            data = stream.read(limits.max_file_bytes + 1)  # never more, even if the file grows
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    return open_docx(data, limits)


def open_docx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> DocxPackage:
    """Open DOCX ``data`` (the whole file as bytes) after the checks described above.

    Raises :class:`InputError` with a German message for every file that is not a readable,
    harmless DOCX."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InputError(_("Die Datei ist kein Word-Dokument (.docx) oder ist beschädigt."))
    data = bytes(data)
    _check_file_size(len(data), limits)
    if not data:
        raise InputError(_("Die Datei ist leer."))
    _check_signature(data)
    if data.count(_CENTRAL_ENTRY) > limits.max_members:
        raise _too_many_members()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception as exc:  # any zip trouble in untrusted bytes means: not a readable DOCX
        log.info("not a zip: %s", exc)
        raise InputError(
            _("Die Datei ist kein Word-Dokument (.docx) oder ist beschädigt.")
        ) from exc
    try:
        _check_members(infos, limits)
        package = DocxPackage(archive, limits)
        if not package.has(MAIN_PART):
            raise InputError(
                _("Die Datei ist kein Word-Dokument: Der Haupttext (word/document.xml) fehlt.")
            )
    except BaseException:
        archive.close()
        raise
    return package


def _check_file_size(size: int, limits: Limits) -> None:
    if size > limits.max_file_bytes:
        raise InputError(
            _(
                "Die Datei ist zu groß ({size} MB). Eingelesen werden Word-Dokumente bis "
                "{limit} MB."
            ).format(size=_mb(size), limit=_mb(limits.max_file_bytes))
        )


def _check_signature(data: bytes) -> None:
    """Refuse the formats people often send instead of a DOCX, each with its own message."""
    if data.startswith(_OLE_MAGIC):
        if _WORD97_STREAM in data and _ENCRYPTED_STREAM not in data:
            raise InputError(
                _(
                    "Die Datei ist im alten Word-Format (.doc) gespeichert. Bitte in Word oder "
                    "LibreOffice als Word-Dokument (.docx) speichern und erneut einlesen."
                )
            )
        raise _password_protected()
    if data[:1024].lstrip()[:5] == b"%PDF-":
        raise InputError(
            _(
                "Die Datei ist ein PDF-Dokument. Eingelesen werden können nur Word-Dokumente "
                "(.docx) mit Kommentaren oder Änderungen."
            )
        )


def _check_members(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse zip bombs by what the zip directory declares."""
    if len(infos) > limits.max_members:
        raise _too_many_members()
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise _password_protected()
        size = max(info.file_size, 0)
        total += size
        ratio_too_high = size > limits.ratio_min_bytes and size > limits.max_ratio * max(
            info.compress_size, 1
        )
        if total > limits.max_total_bytes or ratio_too_high:
            raise _bomb(limits)


def _password_protected() -> InputError:
    return InputError(
        _(
            "Die Datei ist mit einem Kennwort geschützt (verschlüsselt) und kann nicht gelesen "
            "werden. Bitte den Kennwortschutz in Word entfernen, die Datei erneut als .docx "
            "speichern und dann einlesen."
        )
    )


def _too_many_members() -> InputError:
    return InputError(
        _(
            "Die Datei wird nicht eingelesen: Sie besteht aus ungewöhnlich vielen Teilen. Ein "
            "echtes Word-Dokument sieht so nicht aus."
        )
    )


def _bomb(limits: Limits) -> InputError:
    return InputError(
        _(
            "Die Datei wird nicht eingelesen: Entpackt wäre sie größer als {limit} MB oder sie "
            "ist ungewöhnlich stark komprimiert. Ein echtes Word-Dokument sieht so nicht aus."
        ).format(limit=_mb(limits.max_total_bytes))
    )


def _part_too_big(part: str, limits: Limits) -> InputError:
    return InputError(
        _(
            "Die Datei wird nicht eingelesen: Ihr Bestandteil {part} wäre entpackt größer als "
            "{limit} MB. Ein echtes Word-Dokument sieht so nicht aus."
        ).format(part=part, limit=_mb(limits.max_part_bytes))
    )


def _unreadable(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or exc.__class__.__name__
    return InputError(
        _("Die Datei „{path}“ kann nicht gelesen werden: {reason}").format(path=path, reason=reason)
    )


def _mb(size: int) -> str:
    return f"{size / MB:.0f}" if size >= 10 * MB else f"{size / MB:.1f}".replace(".", ",")


# --- the opened package -------------------------------------------------------------------------


class DocxPackage:
    """An opened, checked DOCX. Parts are read on demand, each at most once, under the limits.

    Part names are matched case-insensitively (as OPC wants) and without a leading ``/``. Use
    as a context manager or call :meth:`close`."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> None:
        self._archive = archive
        self._limits = limits
        self._infos = {info.filename.lower(): info for info in archive.infolist()}
        self._consumed = 0
        self._xml: dict[str, etree._Element | None] = {}

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    @property
    def names(self) -> list[str]:
        """The member names as stored in the zip."""
        return [info.filename for info in self._infos.values()]

    def has(self, part: str) -> bool:
        return self._info(part) is not None

    def read(self, part: str) -> bytes | None:
        """The bytes of ``part`` (None when there is no such part).

        Refuses a part whose declared size is over the part limit, and stops with an
        :class:`InputError` as soon as the bytes really decompressed exceed the part limit or,
        over all parts read so far, the total limit (declared sizes can lie)."""
        info = self._info(part)
        if info is None:
            return None
        limits = self._limits
        if info.file_size > limits.max_part_bytes:
            raise _part_too_big(info.filename, limits)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > limits.max_part_bytes:
                        raise _part_too_big(info.filename, limits)
                    if self._consumed + size > limits.max_total_bytes:
                        raise _bomb(limits)
                    chunks.append(chunk)
        except InputError:
            raise
        except Exception as exc:  # bad CRC, unknown compression, truncated data ...
            log.info("cannot unpack %s: %s", info.filename, exc)
            raise InputError(
                _("Die Datei ist beschädigt: {part} kann nicht entpackt werden.").format(
                    part=info.filename
                )
            ) from exc
        finally:
            self._consumed += size
        return b"".join(chunks)

    @property
    def limits(self) -> Limits:
        return self._limits

    def xml(self, part: str, quotas: Sequence[Quota] = ()) -> etree._Element | None:
        """The root element of XML ``part``, parsed safely (:func:`parse_xml`, counting
        ``quotas`` on the way); None when the package has no such part. Parsed once, then
        cached (the quotas of the first call apply)."""
        key = _normalise(part)
        if key not in self._xml:
            data = self.read(part)
            self._xml[key] = (
                None
                if data is None
                else parse_xml(data, part, quotas, max_elements=self._limits.max_elements)
            )
        return self._xml[key]

    def _info(self, part: str) -> zipfile.ZipInfo | None:
        return self._infos.get(_normalise(part))


def _normalise(part: str) -> str:
    name = posixpath.normpath("/" + part.replace("\\", "/")).lstrip("/")
    return name.lower()


# --- XML ----------------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        dtd_validation=False,
    )


@dataclass(frozen=True)
class Quota:
    """At most ``limit`` elements with one of the local ``names`` (in any namespace) in a part;
    ``message`` (German, translated) is what the user reads when a file has more."""

    names: tuple[str, ...]
    limit: int
    message: str


def parse_xml(
    data: bytes,
    part: str = MAIN_PART,
    quotas: Sequence[Quota] = (),
    max_elements: int | None = None,
) -> etree._Element:
    """Parse ``data`` (the bytes of ``part``) without resolving entities, loading DTDs or going
    to the network, and refuse every document with a DOCTYPE: that is where billion-laughs and
    external-entity attacks live, and Word never writes one.

    A DOCTYPE near the start is refused before libxml2 sees it; one hidden further down is
    found by the parser (``docinfo``) or makes the parse fail. With ``quotas`` the elements they
    name are counted as the parser streams through ``data``, and the parse stops with the
    quota's message at the first element too many. A document with more than ``max_elements``
    elements is refused after parsing (libxml2 counts them) and before anyone walks them."""
    if _declares_doctype(data, 64 * 1024):
        raise _doctype(part)
    try:
        root = _parse(data, quotas)
    except (etree.XMLSyntaxError, ValueError, MemoryError) as exc:
        log.info("malformed XML in %s: %s", part, exc)
        if _declares_doctype(data, MB):
            raise _doctype(part) from exc
        raise InputError(
            _("Die Datei ist beschädigt: {part} ist kein gültiges XML.").format(part=part)
        ) from exc
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise _doctype(part)
    if max_elements is not None and root.xpath("count(//*)") > max_elements:
        raise InputError(
            _(
                "Die Datei wird nicht eingelesen: Ihr Bestandteil {part} ist ungewöhnlich "
                "umfangreich (mehr als {limit} Elemente). Ein Vertragsentwurf sieht so nicht aus."
            ).format(part=part, limit=f"{max_elements:,}".replace(",", "."))
        )
    return root


def _parse(data: bytes, quotas: Sequence[Quota]) -> etree._Element:
    if not quotas:
        return etree.fromstring(data, _parser())
    counted: dict[str, list[int]] = {}  # local name -> indices of the quotas that count it
    for index, quota in enumerate(quotas):
        for name in quota.names:
            counted.setdefault(name, []).append(index)
    counts = [0] * len(quotas)
    events = etree.iterparse(
        io.BytesIO(data),
        events=("start",),
        tag=[f"{{*}}{name}" for name in counted],  # libxml2 filters: only these reach Python
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    for _event, element in events:
        for index in counted.get(etree.QName(element).localname, ()):
            counts[index] += 1
            if counts[index] > quotas[index].limit:
                raise InputError(quotas[index].message)
    return events.root


_DOCTYPE_FORMS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def _declares_doctype(data: bytes, limit: int) -> bool:
    head = data[:limit]
    return any(form in head for form in _DOCTYPE_FORMS)


def _doctype(part: str) -> InputError:
    return InputError(
        _(
            "Die Datei wird nicht eingelesen: {part} enthält eine DOCTYPE-Deklaration. Word "
            "schreibt so etwas nie; die Datei ist vermutlich manipuliert."
        ).format(part=part)
    )
