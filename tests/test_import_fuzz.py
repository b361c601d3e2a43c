"""Fuzzing the JSON import: a real export mutated with hostile values is refused with a message
(store unchanged) or imported so that the next draft (DOCX and PDF) generates; never a crash."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importfuzz import Importer, demo_document, ids_of, one_round, paths_of


@pytest.fixture(scope="module")
def fuzz_base(tmp_path_factory):
    base = demo_document(tmp_path_factory.mktemp("base"))
    importer = Importer(tmp_path_factory.mktemp("fuzz"))
    yield base, paths_of(base), ids_of(base), importer
    importer.close()


def test_unmutated_export_imports_and_drafts(fuzz_base):
    """The starting point itself is accepted (otherwise the fuzzing would prove nothing)."""
    base, paths, ids, importer = fuzz_base
    assert importer.attempt(json.dumps(base)) == "accepted"
    assert len(paths) > 500 and len(ids) > 20


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_exports_never_end_in_an_unexpected_error(fuzz_base, seed):
    """Any mix of deep nesting, huge numbers, surrogates, control characters, wrong types, dates
    out of range, missing keys and upper-case ids is refused cleanly or imported usably."""
    base, paths, ids, importer = fuzz_base
    # a third of the PDFs keeps the suite fast; benchmarks/fuzz_import.py renders them all
    outcome, mutated = one_round(importer, base, paths, ids, random.Random(seed), pdf_share=1 / 3)
    assert not outcome.startswith("unexpected"), (outcome, mutated)
