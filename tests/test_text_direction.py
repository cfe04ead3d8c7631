"""Isolating a member's text inside a sentence of ours (rapport/text_direction.py)."""

from __future__ import annotations

import pytest

from rapport.text_direction import FSI, PDI, isolated

CASES = {
    "a left-to-right name needs nothing": ("Ben Okafor", "Ben Okafor"),
    "a right-to-left name is isolated": ("שרה כהן", f"{FSI}שרה כהן{PDI}"),
    "Arabic, and its digits": ("سارة ٣", f"{FSI}سارة ٣{PDI}"),
    "an override inside is ended by the isolate": ("Eve \u202eyenoM", f"{FSI}Eve \u202eyenoM{PDI}"),
    # A stray end of isolate would close ours early: it is dropped.
    "a stray end of isolate": (f"Eve{PDI} x", f"{FSI}Eve x{PDI}"),
    # An isolate opened in the name and never closed is closed before ours.
    "an isolate left open": ("Eve \u2067yenoM", f"{FSI}Eve \u2067yenoM{PDI}{PDI}"),
    "an isolate opened and closed": (f"a \u2067ש{PDI} b", f"{FSI}a \u2067ש{PDI} b{PDI}"),
    "nothing": ("", ""),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_isolated(text, expected):
    assert isolated(text) == expected
