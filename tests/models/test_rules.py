"""The rules applied to the capital-light model (antbook.models.rules)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from antbook.models.capital_light import platform_lending
from antbook.models.rules import RULES, rule_settings, rules_lending

shares = st.floats(min_value=0.01, max_value=1.0)
ratios = st.floats(min_value=0.01, max_value=1.0)
switches = st.fixed_dictionaries({rule: st.booleans() for rule in RULES})


@given(shares, ratios, st.floats(0, 0.2), st.floats(-0.2, 0.2))
def test_with_no_rule_it_is_the_introductions_model(share, ratio, fee, spread):
    base = platform_lending(2100.0, share, fee, spread, ratio)
    ruled = rules_lending(2100.0, share, fee, spread, ratio)
    for key, value in base.items():
        assert ruled[key] == value, key
    assert ruled["binding"] == 0


@given(shares, ratios, switches)
def test_own_plus_partner_funding_is_the_balance(share, ratio, on):
    r = rules_lending(2100.0, share, 0.0274, 0.03, ratio, **on)
    assert r["own_funded"] + r["partner_funded"] == pytest.approx(2100.0)
    assert r["capital_required"] == pytest.approx(r["own_funded"] * r["capital_ratio"])


@given(shares, ratios, switches, st.sampled_from(RULES))
def test_capital_never_falls_when_a_rule_is_switched_on(share, ratio, on, rule):
    off = rules_lending(2100.0, share, 0.0274, 0.03, ratio, **{**on, rule: False})
    with_rule = rules_lending(2100.0, share, 0.0274, 0.03, ratio, **{**on, rule: True})
    assert with_rule["capital_required"] >= off["capital_required"] - 1e-12
    assert with_rule["own_share"] >= off["own_share"]
    assert with_rule["capital_ratio"] >= off["capital_ratio"]


@given(shares, ratios, switches, st.floats(0.5, 50.0))
def test_capital_available_supports_the_arrangeable_balance(share, ratio, on, capital):
    r = rules_lending(2100.0, share, 0.0274, 0.03, ratio, capital_available=capital, **on)
    again = rules_lending(r["loans_arrangeable"], share, 0.0274, 0.03, ratio, **on)
    assert again["capital_required"] == pytest.approx(capital)


def test_the_chapters_numbers_by_hand():
    # 2 % of RMB 2,100 bn at 10 % capital: 4.2 bn; the co-lending rule's 30 %: 63 bn
    base = rules_lending(2100.0, 0.02, 0.0274, 0.03, 0.10)
    assert base["capital_required"] == pytest.approx(4.2)
    co = rules_lending(2100.0, 0.02, 0.0274, 0.03, 0.10, co_lending=True)
    assert co["capital_required"] == pytest.approx(63.0)
    # leverage cap: loans at most 6x equity, so capital at least 1/6 of own loans
    lev = rules_lending(2100.0, 0.02, 0.0274, 0.03, 0.10, leverage_cap=True)
    assert lev["capital_ratio"] == pytest.approx(1 / 6)
    assert lev["capital_required"] == pytest.approx(42.0 / 6)
    # all three: the holding company's 12 % does not bind once the cap asks for 16.7 %
    every = rules_lending(2100.0, 0.02, 0.0274, 0.03, 0.10, co_lending=True,
                          leverage_cap=True, fhc=True, capital_available=4.2)
    assert every["capital_required"] == pytest.approx(630.0 / 6)
    assert every["binding"] == 2
    assert every["loans_arrangeable"] == pytest.approx(4.2 / (0.3 / 6))


def test_a_rule_that_does_not_bind_changes_nothing():
    above = rules_lending(2100.0, 0.5, 0.0274, 0.03, 0.2, co_lending=True, leverage_cap=True,
                          fhc=True)
    assert above == {**rules_lending(2100.0, 0.5, 0.0274, 0.03, 0.2), "binding": 0.0}


def test_rule_settings_cover_every_combination_once():
    settings = rule_settings()
    assert settings[0] == dict.fromkeys(RULES, False)
    assert len({tuple(s.values()) for s in settings}) == 8


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"own_share": 1.2}, "own_share is a share and must lie in \\[0, 1\\], got 1.2"),
    ({"own_share": -0.1}, "own_share is a share"),
    ({"co_lending_min": 1.5}, "co_lending_min is a share"),
    ({"capital_ratio": -0.1}, "capital_ratio must be positive"),
    ({"capital_ratio": 0.0}, "capital_ratio must be positive"),
    ({"fhc_capital_ratio": -0.05}, "fhc_capital_ratio must lie in \\(0, 1\\]"),
    ({"leverage_multiple": 0.5}, "leverage_multiple .* must exceed 1"),
    ({"capital_available": 0.0}, "capital_available must be positive"),
    ({"co_lending": "yes"}, "co_lending is a switch"),
    ({"own_share": float("nan")}, "own_share must be a number"),
    ({"own_share": 0.0}, "own_share must lie in \\(0.0, 1.0\\]"),
])
def test_invalid_inputs_are_refused_with_the_argument_named(kwargs, message):
    args = {"balance": 2100.0, "own_share": 0.02, "fee_rate": 0.0274, "spread": 0.03,
            "capital_ratio": 0.10, **kwargs}
    with pytest.raises(ValueError, match=message):
        rules_lending(**args)
