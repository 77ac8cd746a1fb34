"""The platform's fairness table for one suggestion run: predicted gain by sex and by country group of the suggested
assignment, against the longest-waiting-first order the run computes as its baseline.

Definitions as the matching library's fairness report (`nyinorge.matching.fairness`, issue 19): per adult (the
persons whose outcome counts: adults, or the unaccompanied minor),

- p(a, m): the predicted probability of work or education in municipality m — the trained model's per adult, or,
  with the indicator baseline (which values a case as a whole), the case's value divided by its adults;
- b_a: the mean of p(a, ·) over the municipalities the case may go to, weighted by their places (what placing the
  person anywhere there is room gives in expectation, roughly what random placement gives);
- predicted gain: p(a, m) − b_a at the municipality the placement gives; adults of cases not placed count as not
  placed and are left out of the means.

Sex and country group are read here only to report by them; they are never a feature (`outcome_features`).
"""

import datetime
from collections import defaultdict

from nyinorge.matching import Instance
from nyinorge.settlement.models import Case
from nyinorge.settlement.outcome_values import _adult_persons
from nyinorge.settlement.selectors.outcome_training import country_group

PLACEMENTS = ("suggested", "longest_waiting_first")
ATTRIBUTES = ("sex", "country_group")


def _adult_probabilities(values, case_values: dict[str, float], persons: list[int]) -> dict[int, dict[str, float]]:
    """Person → municipality → p, over the municipalities the case may go to: the model's prediction for the adult
    where it has one, else the case's value shared equally among its adults."""
    shares = {m: value / len(persons) for m, value in case_values.items()}
    return {person: {m: (p if (p := values.probability(person, m)) is not None else share)
                     for m, share in shares.items()}
            for person in persons}


def suggestion_fairness(*, instance: Instance, cases: dict[str, Case], values, placements: dict[str, dict],
                        today: datetime.date) -> dict:
    """Per attribute, group and placement: adults, placed, mean predicted probability and mean predicted gain
    (JSON for the run's result). `placements`: name → the engine's assignment (case id → municipality or None)."""
    places = {municipality.id: float(municipality.capacity.get("persons", 0)) for municipality in instance.municipalities}
    sums: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for instance_case in instance.cases:
        case = cases[instance_case.id]
        persons = _adult_persons(case, today)
        if not persons or not instance_case.values:
            continue
        members = {member.person_id: member.person for member in case.members.all()}
        probabilities = _adult_probabilities(values, dict(instance_case.values), persons)
        weights = {m: places.get(m, 0.0) for m in instance_case.values}
        total_weight = sum(weights.values()) or 1.0
        for person_id in persons:
            person = members[person_id]
            p = probabilities[person_id]
            base = sum(p[m] * weights[m] for m in p) / total_weight
            labels = {"all": "all", "sex": person.sex, "country_group": country_group(person.citizenship)}
            for placement, assignment in placements.items():
                chosen = assignment.get(instance_case.id)
                for attribute, group in labels.items():
                    row = sums[(attribute, group, placement)]
                    row[0] += 1
                    if chosen is not None and chosen in p:
                        row[1] += 1
                        row[2] += p[chosen]
                        row[3] += p[chosen] - base
    table: dict[str, list[dict]] = defaultdict(list)
    for (attribute, group, placement), (adults, placed, predicted, gain) in sorted(sums.items()):
        table[attribute].append({
            "group": group, "placement": placement, "adults": int(adults), "placed": int(placed),
            "predicted": round(predicted / placed, 4) if placed else None,
            "gain": round(gain / placed, 4) if placed else None})
    gaps = {}
    for attribute in ATTRIBUTES:
        for placement in placements:
            gains = [row["gain"] for row in table.get(attribute, []) if row["placement"] == placement
                     and row["gain"] is not None]
            gaps[f"{attribute}:{placement}"] = round(max(gains) - min(gains), 4) if len(gains) > 1 else None
    return {"groups": dict(table), "gaps": gaps}
