"""What partner meetings add to a project: the checks answered together, the phase-4 board,
and the reviews of goals and milestones over time (the living agreement).

The texts of the questions live in ``resources/catalogue/checks.yaml`` (`kooperation.domain.checks`);
here only the answers are kept, by the ids of that catalogue. Plain dataclasses plus their
exchange-format form (`meeting_to_dict` / `meeting_from_dict`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


def _new_id() -> str:
    return str(uuid.uuid4())


class ReviewStatus(StrEnum):
    """How a goal or milestone stands at a review."""

    ON_TRACK = "on_track"  # im Plan
    AT_RISK = "at_risk"  # gefährdet
    OFF_TRACK = "off_track"  # verzögert / verfehlt
    DONE = "done"  # erreicht
    DROPPED = "dropped"  # aufgegeben


@dataclass
class BoardItem:
    """A point of the phase-4 sheet that no rule topic covers ("Darüber müssen wir uns
    verständigen: IT-Sicherheit"); agreed points are listed in the draft, open ones among its
    open points."""

    text: str
    agreed: bool = False
    id: str = field(default_factory=_new_id)


@dataclass
class Assessment:
    """The answers of the meeting checks.

    ``readiness``: partner id → readiness question id → yes/no (unanswered questions are absent).
    ``factors``: success/failure factor id → rating (``good``, ``partly``, ``poor``,
    ``not_relevant``), ``factor_notes`` a remark per factor. ``guide``: decision-guide question
    id → chosen option id. ``board``: further points of the phase-4 board. ``phase_minutes``:
    the time planned per workshop phase when it differs from the catalogue's.
    """

    readiness: dict[str, dict[str, bool]] = field(default_factory=dict)
    factors: dict[str, str] = field(default_factory=dict)
    factor_notes: dict[str, str] = field(default_factory=dict)
    guide: dict[str, str] = field(default_factory=dict)
    board: list[BoardItem] = field(default_factory=list)
    phase_minutes: dict[str, int] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.readiness or self.factors or self.factor_notes or self.guide
                    or self.board or self.phase_minutes)


@dataclass
class ReviewEntry:
    """How one goal or milestone stood at a review."""

    target_id: str  # a goal or milestone id
    status: ReviewStatus = ReviewStatus.ON_TRACK
    progress: int = 0  # percent
    comment: str = ""

    def __post_init__(self) -> None:
        self.status = ReviewStatus(self.status)
        self.progress = max(0, min(100, int(self.progress)))


@dataclass
class ProgressReview:
    """A review meeting: the state of goals and milestones on ``day`` and the answers to the
    reflection questions (question id → partner id, or ``""`` for the whole group → answer)."""

    day: date
    title: str = ""
    note: str = ""
    entries: list[ReviewEntry] = field(default_factory=list)
    reflections: dict[str, dict[str, str]] = field(default_factory=dict)
    id: str = field(default_factory=_new_id)

    def entry(self, target_id: str) -> ReviewEntry | None:
        return next((e for e in self.entries if e.target_id == target_id), None)


# --- exchange format -----------------------------------------------------------------------------


def assessment_to_dict(a: Assessment) -> dict[str, Any]:
    return {
        "readiness": {pid: dict(sorted(ans.items())) for pid, ans in sorted(a.readiness.items())},
        "factors": dict(sorted(a.factors.items())),
        "factor_notes": dict(sorted(a.factor_notes.items())),
        "guide": dict(sorted(a.guide.items())),
        "board": [{"id": b.id, "text": b.text, "agreed": b.agreed} for b in a.board],
        "phase_minutes": dict(sorted(a.phase_minutes.items())),
    }


def assessment_from_dict(d: dict[str, Any] | None) -> Assessment:
    d = d or {}
    return Assessment(
        readiness={pid: {q: bool(v) for q, v in ans.items()} for pid, ans in d.get("readiness", {}).items()},
        factors=dict(d.get("factors", {})),
        factor_notes=dict(d.get("factor_notes", {})),
        guide=dict(d.get("guide", {})),
        board=[BoardItem(text=b["text"], agreed=bool(b.get("agreed", False)), id=b["id"])
               for b in d.get("board", [])],
        phase_minutes={k: int(v) for k, v in d.get("phase_minutes", {}).items()},
    )


def review_to_dict(r: ProgressReview) -> dict[str, Any]:
    return {
        "id": r.id,
        "day": r.day.isoformat(),
        "title": r.title,
        "note": r.note,
        "entries": [
            {"target_id": e.target_id, "status": e.status.value, "progress": e.progress,
             "comment": e.comment}
            for e in r.entries
        ],
        "reflections": {q: dict(sorted(ans.items())) for q, ans in sorted(r.reflections.items())},
    }


def review_from_dict(d: dict[str, Any]) -> ProgressReview:
    return ProgressReview(
        id=d["id"],
        day=date.fromisoformat(d["day"]),
        title=d.get("title", ""),
        note=d.get("note", ""),
        entries=[ReviewEntry(**e) for e in d.get("entries", [])],
        reflections={q: dict(ans) for q, ans in d.get("reflections", {}).items()},
    )


def remap_meeting(assessment: Assessment, reviews: list[ProgressReview], mapping: dict[str, str]) -> None:
    """Make the references follow new ids (a copied project): partner ids in the readiness
    answers and reflections, goal and milestone ids in review entries; new ids for board points
    and reviews."""
    assessment.readiness = {mapping.get(p, p): ans for p, ans in assessment.readiness.items()}
    for item in assessment.board:
        item.id = _new_id()
    for review in reviews:
        review.id = _new_id()
        for e in review.entries:
            e.target_id = mapping.get(e.target_id, e.target_id)
        review.reflections = {
            q: {mapping.get(p, p): text for p, text in ans.items()} for q, ans in review.reflections.items()
        }
