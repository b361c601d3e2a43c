"""Comparing two versions of a draft, clause by clause and word by word.

`compare_clauses` pairs the clauses of an old and a new version by their stable id and diffs
each pair's text. The text is cut into tokens that keep every character (words, single
punctuation marks, runs of spaces, each line break ``\\n`` on its own), so the segments of a
`ClauseDiff` always add up to the texts they came from::

    "".join(s.text for s in d.segments if s.kind != "insert") == d.old.text
    "".join(s.text for s in d.segments if s.kind != "delete") == d.new.text

(an added clause has one ``insert`` segment, a removed one one ``delete`` segment).

Titles: the segments cover the clause *text* only, so the identity above holds for the text the
store keeps. A changed title still makes the clause "changed" (see `ClauseDiff.status`); the
writers show it by diffing the headings with `heading_segments` (or `title_segments`). A new
number alone (``§ 21`` became ``§ 22`` because a clause was added before it) is not a change.

Nothing here imports Qt, python-docx or reportlab.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from kooperation.i18n import _

from .model import ClauseDiff, ClauseText, Segment

__all__ = [
    "CompareSummary",
    "compare_clauses",
    "diff_texts",
    "heading_segments",
    "new_text",
    "old_text",
    "summarize",
    "title_segments",
    "tokenize",
]

# a line break, a run of other white space, a word, or one other character
_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")
_WORD = re.compile(r"\w+")
_SMALL_EQUAL = 12  # characters: an unchanged word this short between two changes is folded in


# --- tokens and segments ------------------------------------------------------------------------


def tokenize(text: str) -> list[str]:
    """``text`` cut into diff tokens; ``"".join(tokenize(t)) == t`` for every string."""
    return _TOKEN.findall(text)


def diff_texts(old: str, new: str) -> list[Segment]:
    """The word-level difference of two texts as merged segments.

    Adjacent segments of one kind are merged, and a change is written as its deletion followed
    by its insertion. Spaces or one short word between two changes are folded into them, so
    that "sechs Monaten" → "drei Wochen" reads as one deletion and one insertion rather than four
    pieces around a lone space. Line breaks are never folded: they stay where the paragraphs are.
    """
    if old == new:
        return [Segment("equal", old)] if old else []
    a, b = tokenize(old), tokenize(new)
    pieces: list[Segment] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Segment("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Segment("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Segment("insert", "".join(b[j1:j2])))
    return _slide_edits(_merge(_fold_small_equals(pieces)))


def _fold_small_equals(pieces: list[Segment]) -> list[Segment]:
    """Turn a small equal segment that sits between two changes (only spaces, or one short
    word with its spaces and punctuation) into a deletion plus an insertion of the same text,
    which `_merge` then joins with the changes around it."""
    out: list[Segment] = []
    for i, seg in enumerate(pieces):
        between_changes = 0 < i < len(pieces) - 1 and all(
            p.kind != "equal" for p in (pieces[i - 1], pieces[i + 1])
        )
        if seg.kind == "equal" and between_changes and _is_small(seg.text):
            out += [Segment("delete", seg.text), Segment("insert", seg.text)]
        else:
            out.append(seg)
    return out


def _is_small(text: str) -> bool:
    """Short enough to be folded into the changes around it; never a line break."""
    if not text or "\n" in text:
        return False
    words = _WORD.findall(text)
    return len(words) <= 1 and len(text) <= _SMALL_EQUAL


def _merge(pieces: list[Segment]) -> list[Segment]:
    """Join each run of changes into one deletion and one insertion, and neighbours of one kind
    into one segment; empty segments are dropped."""
    out: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Segment("delete", "".join(deleted)))
        if inserted:
            out.append(Segment("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for seg in pieces:
        if not seg.text:
            continue
        if seg.kind == "delete":
            deleted.append(seg.text)
        elif seg.kind == "insert":
            inserted.append(seg.text)
        else:
            flush()
            if out and out[-1].kind == "equal":
                out[-1] = Segment("equal", out[-1].text + seg.text)
            else:
                out.append(seg)
    flush()
    return out


def _slide_edits(segments: list[Segment]) -> list[Segment]:
    """Move each lone insertion or deletion between two equal segments to the most natural
    place it can take without changing the texts: at line starts, sentence ends or word
    boundaries (``"eins" + ".\nNeu" + ".\nzwei"`` becomes ``"eins.\n" + "Neu.\n" + "zwei"``).
    The scoring follows diff-match-patch's ``cleanupSemanticLossless``."""
    out = list(segments)
    for i in range(1, len(out) - 1):
        before, edit, after = out[i - 1], out[i], out[i + 1]
        if before.kind != "equal" or after.kind != "equal" or edit.kind == "equal":
            continue
        left, middle, right = _best_position(before.text, edit.text, after.text)
        out[i - 1], out[i], out[i + 1] = (
            Segment("equal", left), Segment(edit.kind, middle), Segment("equal", right)
        )
    return _merge(out)


def _best_position(left: str, middle: str, right: str) -> tuple[str, str, str]:
    common = len(os.path.commonprefix([left[::-1], middle[::-1]]))
    if common:  # slide as far left as the texts allow
        left, middle, right = left[:-common], left[-common:] + middle[:-common], middle[-common:] + right
    best = (_boundary_score(left, middle) + _boundary_score(middle, right), left, middle, right)
    while middle and right and middle[0] == right[0]:
        left, middle, right = left + middle[0], middle[1:] + right[0], right[1:]
        score = _boundary_score(left, middle) + _boundary_score(middle, right)
        if score >= best[0]:
            best = (score, left, middle, right)
    return best[1], best[2], best[3]


def _boundary_score(one: str, two: str) -> int:
    """How good a place the boundary between ``one`` and ``two`` is for a change to begin or
    end: 6 at either end of a text, 5 at a blank line, 4 at a line break, 3 after the end of
    a sentence, 2 at white space, 1 at other punctuation, 0 inside a word."""
    if not one or not two:
        return 6
    a, b = one[-1], two[0]
    if one.endswith("\n\n") or two.startswith("\n\n"):
        return 5
    if a == "\n" or b == "\n":
        return 4
    if a in ".!?;:" and b.isspace():
        return 3
    if a.isspace() or b.isspace():
        return 2
    if not a.isalnum() or not b.isalnum():
        return 1
    return 0


def old_text(segments: Iterable[Segment]) -> str:
    """The text before the change: everything but the insertions."""
    return "".join(s.text for s in segments if s.kind != "insert")


def new_text(segments: Iterable[Segment]) -> str:
    """The text after the change: everything but the deletions."""
    return "".join(s.text for s in segments if s.kind != "delete")


# --- clauses ------------------------------------------------------------------------------------


def compare_clauses(old: list[ClauseText], new: list[ClauseText]) -> list[ClauseDiff]:
    """One `ClauseDiff` per clause of either version, matched by clause id.

    The order is the new version's; a removed clause stays where it was in the old version,
    right after the clause it used to follow (at the start when it was the first). When an id
    occurs twice in one version, its first clause counts and later ones are ignored.
    """
    old_by_id = _first_by_id(old)
    new_by_id = _first_by_id(new)
    result = [_diff(old_by_id.get(cid), clause) for cid, clause in new_by_id.items()]
    previous: str | None = None
    for cid, clause in old_by_id.items():
        if cid not in new_by_id:
            at = _index_after(result, previous)
            result.insert(at, _diff(clause, None))
        previous = cid
    return result


def _first_by_id(clauses: list[ClauseText]) -> dict[str, ClauseText]:
    by_id: dict[str, ClauseText] = {}
    for clause in clauses:
        by_id.setdefault(clause.id, clause)
    return by_id


def _index_after(diffs: list[ClauseDiff], clause_id: str | None) -> int:
    """Where to insert a removed clause that followed ``clause_id`` in the old version."""
    if clause_id is None:
        return 0
    for i, diff in enumerate(diffs):
        if diff.clause_id == clause_id:
            return i + 1
    return len(diffs)


def _diff(old: ClauseText | None, new: ClauseText | None) -> ClauseDiff:
    clause_id = (new or old).id  # type: ignore[union-attr]  # one of them is always set
    if new is None:
        segments = [Segment("delete", old.text)] if old.text else []
    elif old is None:
        segments = [Segment("insert", new.text)] if new.text else []
    else:
        segments = diff_texts(old.text, new.text)
    return ClauseDiff(clause_id=clause_id, old=old, new=new, segments=segments)


# --- headings -----------------------------------------------------------------------------------


def title_segments(diff: ClauseDiff) -> list[Segment]:
    """The difference of the clause's title alone (an added clause: all inserted)."""
    return diff_texts(diff.old.title if diff.old else "", diff.new.title if diff.new else "")


def heading_segments(diff: ClauseDiff) -> list[Segment]:
    """The difference of the whole heading "§ n Title", number included; what the redline
    shows, so that rejecting every change gives the old heading exactly."""
    return diff_texts(diff.old.heading if diff.old else "", diff.new.heading if diff.new else "")


# --- summary ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareSummary:
    """How many clauses changed, were added, removed or stayed as they were."""

    changed: int = 0
    added: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.changed + self.added + self.removed + self.unchanged

    @property
    def differs(self) -> bool:
        """True when the two versions differ in any clause."""
        return bool(self.changed or self.added or self.removed)

    def text(self) -> str:
        """One line for the user, e.g. "2 geändert · 1 neu · 0 entfallen · 29 unverändert"."""
        return _("{changed} geändert · {added} neu · {removed} entfallen · {unchanged} unverändert").format(
            changed=self.changed, added=self.added, removed=self.removed, unchanged=self.unchanged
        )


def summarize(diffs: Iterable[ClauseDiff]) -> CompareSummary:
    """Count the clauses of a comparison by their status."""
    counts = {"changed": 0, "added": 0, "removed": 0, "unchanged": 0}
    for diff in diffs:
        counts[diff.status] += 1
    return CompareSummary(**counts)
