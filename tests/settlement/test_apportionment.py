from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nyinorge.settlement.apportionment import ApportionmentError, apportion

keys = st.text(alphabet="0123456789", min_size=4, max_size=4)
weights_strategy = st.dictionaries(keys, st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=60)


@given(target=st.integers(0, 20_000), weights=weights_strategy)
def test_parts_sum_to_the_target_and_stay_within_one_of_the_quota(target, weights):
    total = sum(Fraction(w) for w in weights.values())
    if total == 0 and target > 0:
        with pytest.raises(ApportionmentError):
            apportion(target, weights)
        return
    parts = apportion(target, weights)
    assert sum(parts.values()) == target
    assert set(parts) == set(weights)
    for key, weight in weights.items():
        quota = Fraction(weight) * target / total if total else 0
        assert quota - 1 < parts[key] < quota + 1  # the quota rule of the largest-remainder method


@given(target=st.integers(0, 5_000), weights=weights_strategy, data=st.data())
def test_overrides_and_exclusions_are_honoured(target, weights, data):
    names = sorted(weights)
    overridden = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names) // 2))
    overrides = {key: data.draw(st.integers(0, 50)) for key in overridden}
    excluded = data.draw(st.lists(st.sampled_from([k for k in names if k not in overrides] or names), unique=True, max_size=3))
    excluded = [k for k in excluded if k not in overrides]
    try:
        parts = apportion(target, weights, overrides=overrides, excluded=excluded)
    except ApportionmentError:
        free_weight = sum(w for k, w in weights.items() if k not in overrides and k not in excluded)
        assert sum(overrides.values()) > target or free_weight == 0
        return
    assert sum(parts.values()) == target
    assert all(parts[k] == v for k, v in overrides.items())
    assert all(parts[k] == 0 for k in excluded)


def test_a_worked_example():
    # Quotas 4.2857, 2.8571, 2.8571 of 10: floors 4+2+2, the two largest remainders get one each.
    assert apportion(10, {"a": 3, "b": 2, "c": 2}) == {"a": 4, "b": 3, "c": 3}


def test_ties_are_broken_deterministically():
    assert apportion(1, {"0301": 1, "4601": 1}) == {"0301": 1, "4601": 0}


@pytest.mark.parametrize(
    ("target", "weights", "kwargs"),
    [
        (-1, {"a": 1}, {}),
        (5, {"a": 1}, {"overrides": {"a": 6}}),
        (5, {"a": 1}, {"overrides": {"b": 1}}),
        (5, {"a": -1}, {}),
        (5, {"a": float("nan")}, {}),
        (5, {"a": 1}, {"excluded": ["a"]}),
    ],
)
def test_impossible_inputs_are_refused(target, weights, kwargs):
    with pytest.raises(ApportionmentError):
        apportion(target, weights, **kwargs)
