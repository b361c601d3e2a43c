"""Comparing two versions of an agreement clause by clause (kooperation.review.compare)."""

from __future__ import annotations

import random

import pytest

from kooperation.domain.demo import demo_project
from kooperation.drafting.build import build_agreement
from kooperation.review.compare import (
    compare_clauses,
    diff_texts,
    heading_segments,
    new_text,
    old_text,
    summarize,
    title_segments,
    tokenize,
)
from kooperation.review.model import ClauseText


def clause_texts(project) -> list[ClauseText]:
    """The clauses of the project's agreement as the store keeps them."""
    doc = build_agreement(project, "vertrag", "de")
    return [ClauseText(c.id, c.number, c.title, c.text) for c in doc.clauses()]


@pytest.fixture(scope="module")
def demo_clauses() -> list[ClauseText]:
    return clause_texts(demo_project())


def changed_ids(diffs) -> set[str]:
    return {d.clause_id for d in diffs if d.status != "unchanged"}


def assert_rebuilds(diff) -> None:
    """Equal + deleted segments give the old text, equal + inserted ones the new text."""
    assert old_text(diff.segments) == (diff.old.text if diff.old else "")
    assert new_text(diff.segments) == (diff.new.text if diff.new else "")


# --- real document models -----------------------------------------------------------------------


def test_the_same_version_compares_as_unchanged(demo_clauses):
    """Comparing a version with itself changes nothing and keeps the clause order."""
    diffs = compare_clauses(demo_clauses, demo_clauses)
    assert [d.clause_id for d in diffs] == [c.id for c in demo_clauses]
    assert changed_ids(diffs) == set()
    assert summarize(diffs).unchanged == len(demo_clauses)
    assert not summarize(diffs).differs
    for diff in diffs:
        assert [s.kind for s in diff.segments] in ([], ["equal"])
        assert_rebuilds(diff)


def test_a_shorter_notice_period_changes_only_the_exit_clause(demo_clauses):
    """Changing the notice period of the exit rule marks § Austritt, and only it, as changed;
    the diff shows "sechs" deleted and "drei" inserted."""
    project = demo_project()
    project.decisions["austritt"].params["notice_months"] = 3
    diffs = compare_clauses(demo_clauses, clause_texts(project))
    assert changed_ids(diffs) == {"austritt"}
    diff = next(d for d in diffs if d.clause_id == "austritt")
    assert diff.status == "changed"
    changes = [(s.kind, s.text) for s in diff.segments if s.kind != "equal"]
    assert changes == [("delete", "sechs"), ("insert", "drei")]
    for d in diffs:
        assert_rebuilds(d)


def test_a_longer_confidentiality_period_changes_only_that_clause(demo_clauses):
    project = demo_project()
    project.decisions["vertraulichkeit"].params["years_after"] = 5
    diffs = compare_clauses(demo_clauses, clause_texts(project))
    assert changed_ids(diffs) == {"vertraulichkeit"}
    diff = next(d for d in diffs if d.clause_id == "vertraulichkeit")
    assert ("insert", "fünf") in [(s.kind, s.text) for s in diff.segments]
    assert_rebuilds(diff)


def test_renaming_the_coordinator_changes_the_coordination_clause(demo_clauses):
    """A partner's short name appears in the coordination clause and in the data-protection
    clause (ProdTech runs the joint processing); the other mentions of "ProdTech" are notes the
    partners typed themselves and stay as they are."""
    project = demo_project()
    project.partners[0].short_name = "PT Maschinenbau"
    diffs = compare_clauses(demo_clauses, clause_texts(project))
    assert changed_ids(diffs) == {"koordination", "datenschutz"}
    diff = next(d for d in diffs if d.clause_id == "koordination")
    assert ("delete", "ProdTech") in [(s.kind, s.text) for s in diff.segments]
    assert ("insert", "PT Maschinenbau") in [(s.kind, s.text) for s in diff.segments]


def test_choosing_a_variant_changes_the_clause_and_its_cross_references(demo_clauses):
    """Agreeing on a no-poaching rule rewrites its clause; the clauses that refer to it by
    number change too — and nothing else."""
    project = demo_project()
    project.decisions["abwerbung"].variant = "verbot"
    new = clause_texts(project)
    diffs = compare_clauses(demo_clauses, new)
    expected = {c.id for c, o in zip(new, demo_clauses, strict=True) if c.text != o.text}
    assert "abwerbeverbot" in expected
    assert changed_ids(diffs) == expected
    for d in diffs:
        assert_rebuilds(d)


# --- added, removed, renamed, renumbered --------------------------------------------------------


def test_added_and_removed_clauses_keep_their_places(demo_clauses):
    """New clauses appear in the new order; a removed clause stays right after the clause it
    used to follow, a removed first clause at the start."""
    first, removed = demo_clauses[0], next(c for c in demo_clauses if c.id == "kartellrecht")
    added = ClauseText("neu_pruefung", 33, "Prüfung durch Dritte", "Erster Absatz.\nZweiter Absatz.")
    new = [c for c in demo_clauses if c.id not in {first.id, removed.id}]
    # right after the place the removed clause leaves: its old successor in the new list
    at = [c.id for c in new].index(demo_clauses[demo_clauses.index(removed) + 1].id)
    new.insert(at, added)
    diffs = compare_clauses(demo_clauses, new)
    ids = [d.clause_id for d in diffs]
    assert ids[0] == first.id
    before = demo_clauses[demo_clauses.index(removed) - 1].id  # the clause it used to follow
    assert ids[ids.index(before) + 1] == "kartellrecht"
    assert ids[ids.index("kartellrecht") + 1] == "neu_pruefung"
    status = {d.clause_id: d.status for d in diffs}
    assert status[first.id] == status["kartellrecht"] == "removed"
    assert status["neu_pruefung"] == "added"
    added_diff = diffs[ids.index("neu_pruefung")]
    assert [(s.kind, s.text) for s in added_diff.segments] == [("insert", added.text)]
    assert [s.kind for s in diffs[0].segments] == ["delete"]
    summary = summarize(diffs)
    assert (summary.added, summary.removed, summary.changed) == (1, 2, 0)
    assert summary.total == len(demo_clauses) + 1
    assert summary.text() == f"0 geändert · 1 neu · 2 entfallen · {len(demo_clauses) - 2} unverändert"


def test_a_new_title_is_a_change_shown_by_the_title_segments(demo_clauses):
    """The segments cover the clause text; a renamed clause is "changed" and its title
    difference comes from title_segments / heading_segments."""
    old = [c for c in demo_clauses if c.id == "datenschutz"]
    new = [ClauseText(old[0].id, old[0].number, "Datenschutz und Informationssicherheit", old[0].text)]
    (diff,) = compare_clauses(old, new)
    assert diff.status == "changed"
    assert [s.kind for s in diff.segments] == ["equal"]
    assert [(s.kind, s.text) for s in title_segments(diff)] == [
        ("equal", "Datenschutz"), ("insert", " und Informationssicherheit")
    ]
    assert new_text(heading_segments(diff)) == new[0].heading
    assert old_text(heading_segments(diff)) == old[0].heading


def test_a_new_number_alone_is_no_change(demo_clauses):
    """When a clause is added before it, § 21 becomes § 22: unchanged, though the heading
    segments show the number."""
    clause = next(c for c in demo_clauses if c.id == "austritt")
    moved = ClauseText(clause.id, clause.number + 1, clause.title, clause.text)
    (diff,) = compare_clauses([clause], [moved])
    assert diff.status == "unchanged"
    kinds = [(s.kind, s.text) for s in heading_segments(diff) if s.kind != "equal"]
    assert kinds == [("delete", str(clause.number)), ("insert", str(clause.number + 1))]


def test_a_repeated_id_counts_once():
    a = ClauseText("x", 1, "A", "eins")
    diffs = compare_clauses([a, ClauseText("x", 2, "B", "zwei")], [a])
    assert [(d.clause_id, d.status) for d in diffs] == [("x", "unchanged")]


# --- word-level diff ----------------------------------------------------------------------------


def test_tokens_keep_every_character():
    text = "Frist:  sechs\tMonate\n(2) Łódź – „Zitat“ {{ 7*7 }}\n\n"
    assert "".join(tokenize(text)) == text
    assert "\n" in tokenize(text)


def test_segments_are_merged_and_spaces_between_changes_folded():
    """"sechs Monaten" → "drei Wochen" reads as one deletion and one insertion."""
    segments = diff_texts("Frist von sechs Monaten zum Ende", "Frist von drei Wochen zum Ende")
    assert [(s.kind, s.text) for s in segments] == [
        ("equal", "Frist von "),
        ("delete", "sechs Monaten"),
        ("insert", "drei Wochen"),
        ("equal", " zum Ende"),
    ]


def test_line_breaks_stay_visible_in_the_segments():
    segments = diff_texts("Absatz eins.\nAbsatz zwei.", "Absatz eins.\nNeu.\nAbsatz zwei.")
    assert [(s.kind, s.text) for s in segments] == [
        ("equal", "Absatz eins.\n"), ("insert", "Neu.\n"), ("equal", "Absatz zwei.")
    ]


def test_random_edits_always_rebuild_both_texts():
    """Whatever the edit, the segments rebuild both texts, are never empty and never repeat a
    kind next to each other."""
    rng = random.Random(7)
    words = ["Partner", "Frist", "sechs", "drei", "Monate", ",", ".", "\n", " ", "  ", "Łódź", "§", "12"]
    for _ in range(300):
        old = "".join(rng.choice(words + [" "] * 4) for _ in range(rng.randint(0, 40)))
        new = list(old)
        for _ in range(rng.randint(0, 6)):
            pos = rng.randint(0, len(new))
            if rng.random() < 0.5 and new:
                del new[pos - 1 : pos + rng.randint(0, 4)]
            else:
                new[pos:pos] = rng.choice(words)
        new = "".join(new)
        segments = diff_texts(old, new)
        assert old_text(segments) == old
        assert new_text(segments) == new
        assert all(s.text for s in segments)
        kinds = [s.kind for s in segments]
        assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))
