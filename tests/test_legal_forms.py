"""Legal forms in any spelling: the annex, the rubrum and the signature blocks print each once."""

from __future__ import annotations

import pytest

from kooperation.domain.demo import demo_project
from kooperation.domain.legal_forms import canonical_form, name_has_form, name_with_form, same_form
from kooperation.drafting.build import build_agreement


@pytest.mark.parametrize(
    ("first", "second"),
    [("e.V.", "e. V."), ("e. V.", "eingetragener Verein"), ("eG", "e.G."), ("e. G.", "eingetragene Genossenschaft"),
     ("GmbH", "Gesellschaft mit beschränkter Haftung"), ("gGmbH", "GmbH"), ("UG (haftungsbeschränkt)", "UG")],
)
def test_spellings_of_one_legal_form_are_the_same_form(first, second):
    """"e.V." and "e. V." (and the other usual pairs) are one legal form."""
    assert same_form(first, second)


def test_different_legal_forms_stay_different():
    """A GmbH is not an AG, an e. V. not an eG."""
    assert not same_form("GmbH", "AG")
    assert not same_form("e. V.", "eG")
    assert canonical_form("Stiftung des bürgerlichen Rechts") != canonical_form("Stiftung des öffentlichen Rechts")


@pytest.mark.parametrize(
    ("name", "form", "expected"),
    [
        ("Beta e.V.", "e. V.", "Beta e.V."),
        ("Beta e. V.", "e.V.", "Beta e. V."),
        ("Bildungswerk Neckar-Alb e. V.", "eingetragener Verein", "Bildungswerk Neckar-Alb e. V."),
        ("Alpha gGmbH", "GmbH", "Alpha gGmbH"),
        ("Alpha GmbH", "gGmbH", "Alpha GmbH"),
        ("Genossenschaft Ost e.G.", "eG", "Genossenschaft Ost e.G."),
        ("Alpha", "GmbH", "Alpha GmbH"),
        ("Beta Dev", "e.V.", "Beta Dev e.V."),
        ("Hochschule X", "Körperschaft des öffentlichen Rechts", "Hochschule X, Körperschaft des öffentlichen Rechts"),
        ("Stadt Y", "", "Stadt Y"),
    ],
)
def test_the_name_carries_its_legal_form_exactly_once(name, form, expected):
    """The form is added only when the name does not carry it in any spelling."""
    assert name_with_form(name, form) == expected
    assert name_has_form(expected, form)


def test_agreement_prints_the_legal_form_once_in_annex_rubrum_and_signatures():
    """"Beta e.V." with the form "e. V." appears without a second form in every place a party is named."""
    project = demo_project()
    project.partners[0].name, project.partners[0].legal_form = "Beta e.V.", "e. V."
    project.partners[1].name, project.partners[1].legal_form = "Alpha", "GmbH"
    project.partners[2].name, project.partners[2].legal_form = "Gamma gGmbH", "GmbH"
    doc = build_agreement(project)
    text = doc.plain_text().replace("\u00a0", " ")  # typography ties "e. V." together
    assert "Beta e.V., e. V." not in text and "Beta e.V. e. V." not in text
    assert "Gamma gGmbH, GmbH" not in text and "Gamma gGmbH GmbH" not in text
    names = [party.name.replace("\u00a0", " ") for party in doc.parties]  # the rubrum and the signature blocks print these
    assert names[:3] == ["Beta e.V.", "Alpha GmbH", "Gamma gGmbH"]
    annex = next(a for a in doc.annexes if a.id == "anlage_partner")
    table = annex.blocks[0]
    assert [row[1].replace("\u00a0", " ") for row in table.rows[:4]] == ["Beta e.V.", "Alpha GmbH", "Gamma gGmbH", "Bildungswerk Neckar-Alb e. V."]
