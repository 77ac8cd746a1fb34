"""The ground-truth world: the documented true probability, SP8 calibration, biased history, cases."""

import math
import subprocess
import sys

import numpy as np
import pytest

from nyinorge.matching import simulator as sim


def _one_person(**overrides):
    fields = {"education": 3.0, "norwegian": 1.0, "age": 40.0, "male": 0.0, "sector": 2, "network": 1, "latent": 0.2}
    fields |= overrides
    return sim.Persons(**{k: np.array([v]) for k, v in fields.items()})


def _two_municipalities():
    demand = np.ones((2, len(sim.SECTORS)))
    demand[0, 2], demand[1, 2] = 0.5, 2.0
    return sim.Municipalities(
        ids=("0301", "1101"), employment=np.array([0.70, 0.65]), demand=demand, size=np.array([2.0, -1.0]),
        centrality=np.array([1.0, 0.0]), population=np.array([700000.0, 15000.0]), latent=np.array([0.05, -0.1]),
    )


def test_true_probability_is_the_documented_formula():
    persons, munis = _one_person(), _two_municipalities()
    p = sim.p_true(persons=persons, municipalities=munis, person_index=np.array([0, 0]),
                   municipality_index=np.array([0, 1]))
    common = sim.INTERCEPT + 0.30 * 1.5 + 0.45 * -0.5 - 0.03 * 5 + 1.15 * -0.5 + 0.2
    oslo = common + 6.0 * 0.02 + 1.2 * math.log(0.5) + 0.6 * (0.5 / 1.5) * 1 + 0.40 * 2.0 + 0 + 0.05
    eigersund = common + 6.0 * -0.03 + 1.2 * math.log(2.0) + 0.6 * (0.5 / 1.5) * -1 + 0.40 * -1.0 + 0.8 - 0.1
    assert p == pytest.approx([1 / (1 + math.exp(-oslo)), 1 / (1 + math.exp(-eigersund))], abs=1e-12)


def test_no_work_experience_has_no_sector_term():
    munis = _two_municipalities()
    without = _one_person(sector=-1, network=-1)
    z = sim.true_logit(persons=without, municipalities=munis, person_index=np.array([0, 0]),
                       municipality_index=np.array([0, 1]))
    # Only employment, centrality, size and the latent term differ between the two places.
    expected = (6.0 * 0.05 + 0.6 * (0.5 / 1.5) * 2 + 0.40 * 3.0 + 0.15)
    assert z[0] - z[1] == pytest.approx(expected)


def test_mean_is_calibrated_to_sp8_and_men_above_women():
    world = sim.world_generate(persons=500, seed=3)
    history = sim.history_generate(world, records=20000, seed=4)
    p = sim.p_true(persons=history.persons, municipalities=history.municipalities,
                   person_index=np.arange(len(history)), municipality_index=history.municipality)
    assert p.mean() == pytest.approx(sim.TARGET_MEAN, abs=0.02)
    assert history.outcome.mean() == pytest.approx(0.63, abs=0.02)
    men, women = p[history.persons.male == 1].mean(), p[history.persons.male == 0].mean()
    assert men - women == pytest.approx(0.72 - 0.48, abs=0.06)


def test_history_placements_are_biased_not_random():
    world = sim.world_generate(persons=200, seed=5)
    history = sim.history_generate(world, records=20000, seed=6)
    counts = np.bincount(history.municipality, minlength=len(world.municipalities))
    largest = np.argsort(-world.municipalities.population)[:36]
    assert counts[largest].sum() / len(history) > 0.3  # a uniform draw would give about 0.1
    with_network = history.persons.network >= 0
    at_network = (history.municipality == history.persons.network)[with_network].mean()
    assert at_network > 0.4


def test_world_has_real_municipalities_and_whole_families():
    world = sim.world_generate(persons=3000, seed=7)
    assert len(world.municipalities) == 356
    assert "0301" in world.municipalities.ids and "5401" in world.municipalities.ids
    sizes = np.array([len(c) for c in world.cases])
    assert sizes.sum() == len(world.persons) == 3000
    assert sizes.min() >= 1 and sizes.max() <= 8
    assert sizes.mean() == pytest.approx(2.4, abs=0.3)
    adult = world.persons.adult
    assert all(adult[c[0]] for c in world.cases)
    assert all(len({int(world.persons.network[p]) for p in c}) == 1 for c in world.cases)


def test_case_value_is_the_sum_over_adults():
    world = sim.world_generate(persons=60, municipalities=4, seed=8)
    probabilities = sim.true_adult_probabilities(world)
    values = sim.case_values(world, adult_probabilities=probabilities)
    adults = list(sim.adults_of(world))
    for c, case in enumerate(world.cases):
        expected = sum(probabilities[adults.index(p)] for p in case if world.persons.adult[p])
        assert values[c] == pytest.approx(expected)


def test_bad_arguments_give_clear_errors():
    with pytest.raises(ValueError, match="unknown municipality numbers"):
        sim.world_generate(persons=10, municipalities=["0301", "9999"], seed=1)
    with pytest.raises(ValueError, match="between 1 and 356"):
        sim.world_generate(persons=10, municipalities=400, seed=1)
    with pytest.raises(ValueError, match="persons must be at least 1"):
        sim.world_generate(persons=0, seed=1)


def test_no_django_import():
    code = ("import sys; import nyinorge.matching.simulator, nyinorge.matching.outcomes, nyinorge.matching.oracle, "
            "nyinorge.matching.fairness, nyinorge.matching.protected; "
            "print('django' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_feature_set_holds_a_protected_ground():
    from nyinorge.matching.protected import protected_in

    for name, features in sim.FEATURE_SETS.items():
        assert protected_in(features) == [], name
    assert protected_in(sim.ALL_FEATURES) == []
    # The world itself still depends on sex and age (the world is what it is).
    assert sim.COEF["male"] > 0 and sim.COEF["age"] < 0


def test_country_groups_follow_education_and_leave_every_other_draw_as_it_was():
    world = sim.world_generate(persons=400, municipalities=30, seed=4)
    history = sim.history_generate(world, records=40000, seed=5)
    group = history.persons.country_group
    assert set(np.unique(group)) == set(range(len(sim.COUNTRY_GROUPS)))
    shares = np.bincount(group, minlength=len(sim.COUNTRY_GROUPS)) / len(group)
    assert shares == pytest.approx(sim.COUNTRY_GROUP_SHARES, abs=0.04)
    higher = [(history.persons.education[group == g] == 3).mean() for g in range(len(sim.COUNTRY_GROUPS))]
    assert higher[sim.COUNTRY_GROUPS.index("Syria")] > higher[sim.COUNTRY_GROUPS.index("Eritrea")] + 0.05
    # A family shares its first adult's group.
    assert all(len({int(world.persons.country_group[p]) for p in case}) == 1 for case in world.cases)
    # The group comes from its own stream: another group stream changes nothing else, and the caller's generator
    # ends where it would have without groups.
    munis = world.municipalities
    rngs = [np.random.default_rng(7), np.random.default_rng(7)]
    one = sim.persons_generate(count=500, adults=None, municipalities=munis, rng=rngs[0],
                               group_rng=np.random.default_rng(1))
    two = sim.persons_generate(count=500, adults=None, municipalities=munis, rng=rngs[1],
                               group_rng=np.random.default_rng(2))
    assert not np.array_equal(one.country_group, two.country_group)
    for name in ("education", "norwegian", "age", "male", "sector", "network", "latent"):
        assert np.array_equal(getattr(one, name), getattr(two, name))
    assert rngs[0].random() == rngs[1].random()
    state = np.random.default_rng(7)
    sim.persons_generate(count=500, adults=None, municipalities=munis, rng=state)
    reference = np.random.default_rng(7)
    sim.persons_generate(count=500, adults=None, municipalities=munis, rng=reference,
                         group_rng=np.random.default_rng(3))
    assert state.random() == reference.random()


def test_two_persons_differing_only_in_country_group_have_the_same_true_probability():
    world = sim.world_generate(persons=50, municipalities=10, seed=6)
    persons = world.persons
    swapped = sim.Persons(**{**persons.__dict__, "country_group": (persons.country_group + 1) % 6})
    everyone = np.arange(len(persons))
    for m in range(3):
        place = np.full(len(persons), m)
        assert np.array_equal(
            sim.p_true(persons=persons, municipalities=world.municipalities, person_index=everyone,
                       municipality_index=place),
            sim.p_true(persons=swapped, municipalities=world.municipalities, person_index=everyone,
                       municipality_index=place))
