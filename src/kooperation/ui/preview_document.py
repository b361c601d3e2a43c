"""The preview's ``QTextDocument`` put together from pieces, and changed piece by piece.

The HTML of the preview comes in pieces (``render_html_pieces``: the cover parts, each clause,
each annex ...), made on the worker thread as plain strings. The GUI thread reads a piece into
a small document of its own (:func:`read_piece`) only when it inserts it, and the shown
document is those pieces one after the other. When the project changes, only the pieces whose
HTML changed are read and replaced in the shown document (:func:`patch`): the browser then lays
out just the replaced blocks again instead of the whole agreement, and the reader's place and
the layout of the rest stay. No Qt object is ever made on one thread and used on another.

The result is exactly the document Qt makes of the whole HTML with ``setHtml`` (the tests in
``tests/test_preview_pieces.py`` compare text, formats and anchors). What joining takes care of:

* Qt puts a paragraph separator between two pieces unless the second starts with a table
  (a table starts right after the text before it) or the first ends with a table whose last
  cell is empty (Qt's reader then starts the next block in the block after the table);
* the first block of a piece inserted after a separator would keep the format of the block
  before it, so it is given the piece's own first block and character format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from PySide6.QtGui import (
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
)

from kooperation.render.html import HTML_HEAD, HTML_TAIL

FRAME_START, FRAME_END = "\ufdd0", "\ufdd1"  # how a table's cells and its end appear in the text
LARGE_PIECE = 16_000
"""A piece of more characters of HTML takes a slice of its own to read (about 10 ms here; reading
takes about as long as the HTML is long) and is inserted in the next one."""


def is_large(html: str) -> bool:
    return len(html) > LARGE_PIECE


@dataclass(frozen=True, eq=False)
class Piece:
    """One piece of the preview as it sits in the shown document: its HTML (what decides
    whether it changed) and what joining it to its neighbours needs. It keeps no document."""

    html: str
    length: int  # characters it takes in the document
    starts_with_table: bool
    ends_with_empty_cell: bool
    block_format: QTextBlockFormat  # of its first block
    char_format: QTextCharFormat

    def separated_from(self, before: Piece | None) -> bool:
        """Whether Qt puts a paragraph separator between ``before`` and this piece."""
        return before is not None and not (self.starts_with_table or before.ends_with_empty_cell)


@dataclass(frozen=True, eq=False)
class ReadPiece:
    """A piece just read, with what is inserted: lives on the GUI thread until it is inserted."""

    piece: Piece
    fragment: QTextDocumentFragment


Reader = Callable[[str], ReadPiece]


def read_piece(html: str, new_document: Callable[[], QTextDocument]) -> ReadPiece:
    """``html`` (one piece) read into ``new_document()``, a document set up like the browser's
    (on the GUI thread, which inserts it)."""
    document = new_document()
    document.setHtml(HTML_HEAD + html + HTML_TAIL)
    raw = document.toRawText()
    first = document.begin()
    piece = Piece(
        html=html,
        length=document.characterCount() - 1,
        starts_with_table=raw.startswith(FRAME_START),
        ends_with_empty_cell=raw.endswith(FRAME_START + FRAME_END),
        block_format=QTextBlockFormat(first.blockFormat()),
        char_format=QTextCharFormat(first.charFormat()),
    )
    return ReadPiece(piece, QTextDocumentFragment(document))


def same_html(one: list[Piece], other: list[str]) -> bool:
    """Whether the pieces ``one`` make the document of the pieces of HTML ``other``."""
    return [p.html for p in one] == other


class Assembly:
    """Fills an empty document with pieces at its end, a few at a time (the whole preview is
    built in slices that each keep the GUI thread short)."""

    def __init__(self, document: QTextDocument, htmls: list[str], read: Reader) -> None:
        document.setUndoRedoEnabled(False)  # edits of a read-only preview are never undone
        self.document, self.htmls, self.read = document, htmls, read
        self.pieces: list[Piece] = []
        self.cursor = QTextCursor(document)
        self._next: ReadPiece | None = None  # the next piece, read in a slice, not inserted yet

    @property
    def done(self) -> bool:
        return len(self.pieces) == len(self.htmls)

    def step(self, keep_going: Callable[[], bool]) -> None:
        """Read and insert the next pieces while ``keep_going()``; at least one piece is read or
        inserted. A large piece (such as the table of 120 milestones) is read in a slice of its
        own and inserted in the next one; a piece whose reading used up the slice likewise."""
        fresh = True  # nothing done yet in this slice
        while not self.done:
            if self._next is None:
                html = self.htmls[len(self.pieces)]
                if is_large(html) and not fresh:
                    return  # read at the start of the next slice
                self._next = self.read(html)
                if is_large(html) or not keep_going():
                    return
            fresh = False
            read, self._next = self._next, None
            before = self.pieces[-1] if self.pieces else None
            _insert(self.cursor, before, [read])
            self.pieces.append(read.piece)
            if not keep_going():
                return


def next_run(shown: list[Piece], htmls: list[str]) -> list[str]:
    """The HTML of the pieces that ``patch(document, shown, htmls, read, most=1)`` reads."""
    matcher = SequenceMatcher(None, [p.html for p in shown], htmls, autojunk=False)
    for tag, _i1, _i2, j1, j2 in _one_by_one(matcher.get_opcodes()):
        if tag != "equal":
            return htmls[j1:j2]
    return []


def patch(document: QTextDocument, shown: list[Piece], htmls: list[str], read: Reader,
          until: int | None = None, most: int | None = None) -> list[Piece]:
    """Make ``document`` (which holds ``shown``) hold the pieces of HTML ``htmls`` by reading
    and replacing only the runs of pieces whose HTML differs, or just the first ``most`` runs
    that begin before the document position ``until``; returns the pieces it holds then."""
    starts, position = [], 0
    for i, piece in enumerate(shown):
        position += piece.separated_from(shown[i - 1] if i else None)
        starts.append(position)
        position += piece.length
    matcher = SequenceMatcher(None, [p.html for p in shown], htmls, autojunk=False)
    changed, runs = [], 0
    for tag, i1, i2, j1, j2 in _one_by_one(matcher.get_opcodes()):
        now = tag != "equal" and (until is None or (starts[i1] if i1 < len(shown) else position) < until)
        if now and (most is None or runs < most):
            runs += 1
            changed.append((i1, i2, [read(html) for html in htmls[j1:j2]]))
        else:
            changed.append((i1, i2, None))  # kept as shown
    held: list[Piece] = []
    for i1, i2, new in changed:
        held += shown[i1:i2] if new is None else [r.piece for r in new]
    # from the end backwards, so that the positions of the pieces before stay valid
    for i1, i2, new in reversed(changed):
        if new is None:
            continue
        before = shown[i1 - 1] if i1 else None
        after = shown[i2] if i2 < len(shown) else None
        # the run goes from the end of the piece before to the start of the piece after
        # (both separators included: whether they are there depends on the new pieces)
        begin = starts[i1 - 1] + before.length if before else 0
        end = starts[i2] if after else document.characterCount() - 1
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        cursor.setPosition(begin)
        # the last block of the piece before stays as it was (at the start: a plain block)
        kept = (QTextBlockFormat(cursor.blockFormat()), QTextCharFormat(cursor.blockCharFormat())) \
            if before else (QTextBlockFormat(), QTextCharFormat())
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.setBlockFormat(kept[0])
        cursor.setBlockCharFormat(kept[1])
        if after is not None:
            # the piece after gets a block of its own for now: pieces are inserted into an
            # empty block (a table in the middle of a block's text would split it in two)
            cursor.insertBlock()
            cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter)
        last = _insert(cursor, before, new)
        if after is not None:
            if after.separated_from(last):
                cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
            else:
                cursor.deleteChar()
            if not after.starts_with_table:
                cursor.setBlockFormat(after.block_format)
                cursor.setBlockCharFormat(after.char_format)
        cursor.endEditBlock()
    return held


def _one_by_one(opcodes) -> Iterator[tuple[str, int, int, int, int]]:
    """The runs of a diff, with a run of replaced pieces that keeps their number split into
    single replacements (each replaced and laid out on its own)."""
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                yield tag, i1 + k, i1 + k + 1, j1 + k, j1 + k + 1
        elif tag != "equal" or i2 > i1:
            yield tag, i1, i2, j1, j2


def _insert(cursor: QTextCursor, before: Piece | None, pieces: list[ReadPiece]) -> Piece | None:
    """Insert ``pieces`` at ``cursor``, the end of ``before`` (nothing follows it in its block);
    returns the last piece now before the cursor."""
    for read in pieces:
        piece = read.piece
        if piece.separated_from(before):
            cursor.insertBlock()
        if not piece.starts_with_table:
            cursor.setBlockFormat(piece.block_format)
            cursor.setBlockCharFormat(piece.char_format)
        cursor.insertFragment(read.fragment)
        before = piece
    return before
