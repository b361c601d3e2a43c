"""The preview's ``QTextDocument`` put together from pieces, and changed piece by piece.

The HTML of the preview comes in pieces (``render_html_pieces``: the cover parts, each clause,
each annex ...). Each piece is read into a document of its own (:func:`read_piece`, on the
worker thread), and the shown document is those pieces one after the other. When the project
changes, only the pieces whose HTML changed are replaced in the shown document
(:func:`patch`, on the GUI thread): the browser then lays out just the replaced blocks again
instead of the whole agreement, and the reader's place and the layout of the rest stay.

The result is exactly the document Qt makes of the whole HTML with ``setHtml`` (the tests in
``tests/test_preview_pieces.py`` compare text, formats and anchors). What joining takes care of:

* Qt puts a paragraph separator between two pieces unless the second starts with a table
  (a table starts right after the text before it) or the first ends with a table whose last
  cell is empty (Qt's reader then starts the next block in the block after the table);
* the first block of a piece inserted after a separator would keep the format of the block
  before it, so it is given the piece's own first block and character format.
"""

from __future__ import annotations

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


@dataclass(frozen=True, eq=False)
class Piece:
    """One piece of the preview read by Qt: its HTML (what decides whether it changed) and
    what joining it to its neighbours needs."""

    html: str
    document: QTextDocument  # the piece read; it lives on the thread that inserts it
    length: int  # characters it takes in the document
    starts_with_table: bool
    ends_with_empty_cell: bool
    block_format: QTextBlockFormat  # of its first block
    char_format: QTextCharFormat

    def fragment(self) -> QTextDocumentFragment:
        return QTextDocumentFragment(self.document)

    def separated_from(self, before: Piece | None) -> bool:
        """Whether Qt puts a paragraph separator between ``before`` and this piece."""
        return before is not None and not (self.starts_with_table or before.ends_with_empty_cell)


def read_piece(html: str, new_document) -> Piece:
    """``html`` (one piece) read into ``new_document()``, a document set up like the browser's
    (any thread: the document is never laid out; a worker moves it to the GUI thread before
    the GUI thread inserts it, since inserting makes objects of its tables)."""
    document: QTextDocument = new_document()
    document.setHtml(HTML_HEAD + html + HTML_TAIL)
    raw = document.toRawText()
    first = document.begin()
    return Piece(
        html=html,
        document=document,
        length=document.characterCount() - 1,
        starts_with_table=raw.startswith(FRAME_START),
        ends_with_empty_cell=raw.endswith(FRAME_START + FRAME_END),
        block_format=QTextBlockFormat(first.blockFormat()),
        char_format=QTextCharFormat(first.charFormat()),
    )


def same_html(one: list[Piece], other: list[Piece]) -> bool:
    """Whether two lists of pieces make the same document."""
    return [p.html for p in one] == [p.html for p in other]


def assemble(document: QTextDocument, pieces: list[Piece]) -> None:
    """Fill the empty ``document`` with ``pieces``."""
    document.setUndoRedoEnabled(False)  # edits of a read-only preview are never undone
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    _insert(cursor, None, pieces)
    cursor.endEditBlock()


def patch(document: QTextDocument, shown: list[Piece], pieces: list[Piece],
          until: int | None = None, most: int | None = None) -> list[Piece]:
    """Make ``document`` (which holds ``shown``) hold ``pieces`` by replacing only the runs of
    pieces whose HTML differs, or just the first ``most`` runs that begin before the document
    position ``until``; returns the pieces the document holds then."""
    starts, position = [], 0
    for i, piece in enumerate(shown):
        position += piece.separated_from(shown[i - 1] if i else None)
        starts.append(position)
        position += piece.length
    matcher = SequenceMatcher(None, [p.html for p in shown], [p.html for p in pieces], autojunk=False)
    held: list[Piece] = []
    changed = []
    for tag, i1, i2, j1, j2 in _one_by_one(matcher.get_opcodes()):
        op = (tag, i1, i2, j1, j2)
        now = tag != "equal" and (until is None or (starts[i1] if i1 < len(shown) else position) < until)
        if now and (most is None or len(changed) < most):
            changed.append(op)
            held += pieces[j1:j2]
        else:
            held += shown[i1:i2]
    # from the end backwards, so that the positions of the pieces before stay valid
    for _tag, i1, i2, j1, j2 in reversed(changed):
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
        last = _insert(cursor, before, pieces[j1:j2])
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


def _one_by_one(opcodes):
    """The runs of a diff, with a run of replaced pieces that keeps their number split into
    single replacements (each replaced and laid out on its own)."""
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                yield tag, i1 + k, i1 + k + 1, j1 + k, j1 + k + 1
        else:
            yield tag, i1, i2, j1, j2


def _insert(cursor: QTextCursor, before: Piece | None, pieces: list[Piece]) -> Piece | None:
    """Insert ``pieces`` at ``cursor``, the end of ``before`` (nothing follows it in its block);
    returns the last piece now before the cursor."""
    for piece in pieces:
        if piece.separated_from(before):
            cursor.insertBlock()
        if not piece.starts_with_table:
            cursor.setBlockFormat(piece.block_format)
            cursor.setBlockCharFormat(piece.char_format)
        cursor.insertFragment(piece.fragment())
        before = piece
    return before
