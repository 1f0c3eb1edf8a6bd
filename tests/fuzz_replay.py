"""Shared replay of the randomised fuzz fixtures (tests/fixtures/fuzz_<family>.json, recorded
from MXNet 1.9.1 by tools/record_fuzz.py). Each tests/test_fuzz_<family>.py calls
:func:`make_test` with its own documented differences; the comparison rules (values to 1e-4,
float16 to 2e-3, error types, and MXNet's error text where meaningful) are the diff sweep's."""
import json
import os

import pytest

from mxlite import autograd
from test_diff_sweep import replay

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def load(family):
    """The recorded cases of `family`, by name."""
    with open(os.path.join(FIXTURES, f"fuzz_{family}.json")) as f:
        return {c["name"]: c for c in json.load(f)["cases"]}


def make_test(family, documented=None):
    """A parametrised test over every case of `family`. `documented`: name -> check(case) for
    the cases where the reference is plainly broken (mxlite's better behaviour is checked)."""
    cases = load(family)
    documented = documented or {}
    unknown = set(documented) - set(cases)
    assert not unknown, f"documented cases not in fuzz_{family}.json: {sorted(unknown)}"

    @pytest.mark.parametrize("name", list(cases))
    def test_case(name):
        try:
            check = documented.get(name, replay)
            check(cases[name])
        finally:  # an expression that failed inside train_mode() must not leak the mode
            autograd.set_training(False)
            autograd.set_recording(False)
    return test_case
