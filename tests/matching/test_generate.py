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
