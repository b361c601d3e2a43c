"""Legal forms compared as a lawyer reads them: "e.V.", "e. V." and "eingetragener Verein" are one
form, so are "eG", "e.G." and "eingetragene Genossenschaft"; a "gGmbH" is a GmbH.

Used wherever a partner's name and its legal form are put together (the annex of partners, the
rubrum, the signature blocks): the form is added only when the name does not carry it already,
so no document prints "Beta e.V., e. V.".
"""

from __future__ import annotations

import re

# compact spelling (lower case, without spaces, dots and hyphens) -> canonical form
_SYNONYMS = {
    "ev": "ev",
    "eingetragenerverein": "ev",
    "eg": "eg",
    "eingetragenegenossenschaft": "eg",
    "genossenschaft(eg)": "eg",
    "gmbh": "gmbh",
    "gesellschaftmitbeschränkterhaftung": "gmbh",
    "ggmbh": "ggmbh",
    "gemeinnützigegmbh": "ggmbh",
    "gemeinnützigegesellschaftmitbeschränkterhaftung": "ggmbh",
    "ug": "ug",
    "ug(haftungsbeschränkt)": "ug",
    "unternehmergesellschaft": "ug",
    "unternehmergesellschaft(haftungsbeschränkt)": "ug",
    "gug": "ug",
    "gug(haftungsbeschränkt)": "ug",
    "ag": "ag",
    "aktiengesellschaft": "ag",
    "gag": "ag",
    "kg": "kg",
    "kommanditgesellschaft": "kg",
    "gmbh&cokg": "gmbh&cokg",
    "gmbh&co": "gmbh&cokg",
    "ohg": "ohg",
    "offenehandelsgesellschaft": "ohg",
    "gbr": "gbr",
    "gesellschaftbürgerlichenrechts": "gbr",
    "egbr": "gbr",
    "eingetragenegesellschaftbürgerlichenrechts": "gbr",
    "se": "se",
    "kgaa": "kgaa",
    "partg": "partg",
    "partgmbb": "partg",
    "partnerschaftsgesellschaft": "partg",
    "ek": "ek",
    "ekfm": "ek",
    "ekfr": "ek",
    "eingetragenerkaufmann": "ek",
    "eingetragenekauffrau": "ek",
    "kdör": "kdör",
    "körperschaftdesöffentlichenrechts": "kdör",
    "adör": "adör",
    "anstaltdesöffentlichenrechts": "adör",
}

# forms of one family: a name carrying any of them carries the partner's form ("Alpha gGmbH" is
# a GmbH; a name "Alpha GmbH" with the form "gGmbH" is not printed as "Alpha GmbH, gGmbH")
_FAMILY = {"ggmbh": "gmbh"}

# forms that are part of the firm name and follow it with a space ("Alpha GmbH"); the others
# (Körperschaft des öffentlichen Rechts, Stiftung, …) follow after a comma
_SUFFIXES = frozenset({"ev", "eg", "gmbh", "ggmbh", "ug", "ag", "kg", "gmbh&cokg", "ohg", "gbr", "se", "kgaa", "partg", "ek"})

_LONGEST = 6  # words in the longest spelled-out form ("gemeinnützige Gesellschaft mit beschränkter Haftung")


def _compact(text: str) -> str:
    return re.sub(r"[\s.\-–]+", "", text.casefold())


def canonical_form(form: str) -> str:
    """One spelling per legal form: "e. V.", "e.V." and "eingetragener Verein" all give "ev";
    a form not in the list is compared by its compact spelling."""
    compact = _compact(form)
    return _SYNONYMS.get(compact, compact)


def same_form(first: str, second: str) -> bool:
    """Whether two spellings name the same legal form (a gGmbH counts as a GmbH)."""
    a, b = canonical_form(first), canonical_form(second)
    return bool(a) and _FAMILY.get(a, a) == _FAMILY.get(b, b)


def _words(name: str) -> list[str]:
    return name.replace("(", " (").split()


def name_has_form(name: str, form: str) -> bool:
    """Whether ``name`` already carries the legal form ``form`` in any spelling ("Beta e.V."
    carries "e. V." and "eingetragener Verein"; "Alpha gGmbH" carries "GmbH")."""
    if not form.strip():
        return True
    wanted = canonical_form(form)
    family = _FAMILY.get(wanted, wanted)
    words = _words(name)
    for size in range(1, _LONGEST + 1):
        for start in range(0, len(words) - size + 1):
            found = canonical_form(" ".join(words[start : start + size]))
            if found == wanted or _FAMILY.get(found, found) == family:
                return True
    return False


def name_with_form(name: str, form: str) -> str:
    """The name as a party is called in a contract: the name, followed by its legal form unless
    the name carries it already ("Alpha" + "GmbH" -> "Alpha GmbH"; "Beta e.V." + "e. V." ->
    "Beta e.V."; "Hochschule X" + "Körperschaft des öffentlichen Rechts" -> "Hochschule X,
    Körperschaft des öffentlichen Rechts")."""
    name = " ".join(name.split())
    form = " ".join(form.split())
    if not form or name_has_form(name, form):
        return name
    if not name:
        return form
    if canonical_form(form) in _SUFFIXES and len(form) <= 30:
        return f"{name} {form}"
    return f"{name}, {form}"
