"""The models' shared argument checks (antbook.models._validate) and the models that use them."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antbook.models._validate import check_number, check_range
from antbook.models.capital_light import platform_lending
from antbook.models.escrow_market import lemons_equilibrium
from antbook.models.rules import rules_lending


@pytest.mark.parametrize("bad", [True, False, "1", None, math.nan])
def test_a_non_number_is_refused_by_name(bad):
    with pytest.raises(ValueError, match=r"^share must be a number, got "):
        check_number("share", bad)
    with pytest.raises(ValueError, match=r"^share must be a number, got "):
        check_range("share", bad, 0.0, 1.0)


def test_closed_and_open_lower_bounds_are_worded_as_brackets():
    assert check_range("x", 0.0, 0.0, 1.0) == 0.0
    with pytest.raises(ValueError, match=r"^x must lie in \(0\.0, 1\.0\], got 0\.0$"):
        check_range("x", 0.0, 0.0, 1.0, low_open=True)
    with pytest.raises(ValueError, match=r"^x must lie in \[0\.0, 1\.0\], got 1\.5$"):
        check_range("x", 1.5, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"^x must lie in \[0\.0, inf\], got -1$"):
        check_range("x", -1, 0.0)


@given(st.floats(allow_nan=False), st.floats(-10, 10), st.floats(-10, 10), st.booleans())
def test_accepts_exactly_the_values_in_range(value, low, high, low_open):
    inside = (low < value if low_open else low <= value) and value <= high
    if inside:
        assert check_range("v", value, low, high, low_open=low_open) == value
    else:
        with pytest.raises(ValueError, match=r"^v must lie in "):
            check_range("v", value, low, high, low_open=low_open)


def test_every_model_using_the_checks_refuses_a_bool_the_same_way():
    args = dict(balance=100.0, own_share=0.5, fee_rate=0.02, spread=0.03, capital_ratio=0.1)
    with pytest.raises(ValueError, match=r"^own_share must be a number, got True$"):
        platform_lending(**{**args, "own_share": True})
    with pytest.raises(ValueError, match=r"^capital_ratio must be a number, got True$"):
        rules_lending(**{**args, "capital_ratio": True})
    with pytest.raises(ValueError, match=r"^cheat_share must be a number, got True$"):
        lemons_equilibrium(True)
