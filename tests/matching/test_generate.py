import numpy as np
import pytest

from nyinorge.matching.generate import ASKED_PER_PERSON, MIN_PLACES, generate_instance


def _capacity(instance, resource):
    return np.array([m.capacity.get(resource, 0.0) for m in instance.municipalities])


@pytest.mark.parametrize("persons", [500, 5000])
def test_settling_capacities_are_like_imdi_requests(persons):
    instance = generate_instance(persons=persons, seed=4)
    demand = sum(c.persons for c in instance.cases)
    places = _capacity(instance, "persons")
    asked = places > 0
    assert len(instance.municipalities) == 356
    assert asked.sum() == round(persons * ASKED_PER_PERSON)
    assert places[asked].min() >= MIN_PLACES
    assert places.sum() == np.ceil(1.05 * demand)
    # Every case may only go where there are places.
    allowed = {m for c in instance.cases for m in c.values}
    ids = np.array([m.id for m in instance.municipalities])
    assert allowed <= set(ids[asked])


def test_tight_variant_has_exactly_the_demand_in_every_resource():
    instance = generate_instance(persons=2000, seed=5, tight=True)
    for resource in ("persons", "unaccompanied_minors", "accessible_dwellings"):
        demand = sum(c.demand.get(resource, 0.0) for c in instance.cases)
        assert _capacity(instance, resource).sum() == demand


def test_population_model_spreads_places_over_every_municipality():
    instance = generate_instance(persons=5000, seed=4, capacities="population")
    places = _capacity(instance, "persons")
    assert (places > 0).sum() > 300
    assert np.median(places) < MIN_PLACES


def test_unknown_capacity_model_is_refused():
    with pytest.raises(ValueError, match="capacities must be one of"):
        generate_instance(persons=100, capacities="random")


# --- instance families (issue 19) ---

from nyinorge.matching.generate import (  # noqa: E402
    CONCENTRATED_MUNICIPALITIES,
    FAMILIES,
    LARGE_FAMILY_SIZES,
    SINGLES_SHARE,
    generate_family_instance,
)
from nyinorge.matching.instance import Instance  # noqa: E402


def _places(data, resource="persons"):
    return np.array([m["capacity"].get(resource, 0.0) for m in data["municipalities"]])


def _sizes(data):
    return np.array([c["demand"]["persons"] for c in data["cases"]])


@pytest.mark.parametrize("family", FAMILIES)
def test_every_family_is_deterministic_per_seed_and_valid(family):
    first = generate_family_instance(family, persons=600, seed=3)
    assert generate_family_instance(family, persons=600, seed=3) == first
    assert generate_family_instance(family, persons=600, seed=4) != first
    instance = Instance.from_json(first)
    assert len(instance.municipalities) == 356
    assert sum(c.persons for c in instance.cases) >= 600


def test_settling_and_tight_families_are_the_default_generator():
    settling = generate_instance(persons=500, seed=2).to_json()
    assert generate_family_instance("settling", persons=500, seed=2) == settling
    tight = generate_instance(persons=500, seed=2, tight=True).to_json()
    assert generate_family_instance("tight", persons=500, seed=2) == tight


def test_dense_family_allows_each_case_in_half_the_municipalities():
    data = generate_family_instance("dense", cases=300, seed=1)
    assert len(data["cases"]) == 300
    allowed = np.array([len(c["values"]) for c in data["cases"]])
    assert (allowed == 178).all()
    # Uniformly random: every municipality is allowed for about half of the cases.
    per_municipality = np.zeros(356)
    index = {m["id"]: j for j, m in enumerate(data["municipalities"])}
    for case in data["cases"]:
        for municipality_id in case["values"]:
            per_municipality[index[municipality_id]] += 1
    assert 0.35 < per_municipality.min() / 300 and per_municipality.max() / 300 < 0.65
    for resource in ("persons", "unaccompanied_minors", "accessible_dwellings"):
        demand = sum(c["demand"].get(resource, 0.0) for c in data["cases"])
        assert _places(data, resource).sum() == np.ceil(1.05 * demand)
    assert (_places(data) > 0).mean() > 0.9


def test_singles_family_is_mostly_one_person_cases():
    sizes = _sizes(generate_family_instance("singles", persons=3000, seed=1))
    assert abs((sizes == 1).mean() - SINGLES_SHARE) < 0.03
    assert sizes.max() > 1


def test_large_families_family_has_a_few_very_large_families():
    sizes = _sizes(generate_family_instance("large_families", persons=3000, seed=1))
    low, high = LARGE_FAMILY_SIZES
    large = (sizes >= low) & (sizes <= high)
    assert 0.01 < large.mean() < 0.06
    assert not ((sizes > 8) & ~large).any()
    assert sizes.max() <= high


def test_concentrated_family_puts_most_places_in_few_municipalities():
    data = generate_family_instance("concentrated", persons=2000, seed=1)
    for resource in ("persons", "accessible_dwellings"):
        places = np.sort(_places(data, resource))[::-1]
        demand = sum(c["demand"].get(resource, 0.0) for c in data["cases"])
        assert places.sum() == np.ceil(1.05 * demand)
        assert places[:CONCENTRATED_MUNICIPALITIES].sum() >= 0.89 * places.sum()
    assert (_places(data) > 0).sum() > CONCENTRATED_MUNICIPALITIES


def test_unknown_family_and_ambiguous_size_are_refused():
    with pytest.raises(ValueError, match="family must be one of"):
        generate_family_instance("sparse", persons=100, seed=1)
    with pytest.raises(ValueError, match="exactly one"):
        generate_family_instance("dense", persons=100, cases=100, seed=1)
