"""The trained outcome model's training set, built from the platform's own data.

One row per settled person whose outcome counts (the adults of a case — 18 or more on the settlement date — or
the unaccompanied minor), with:

- the municipality's indicators *at settlement time*: the `MunicipalIndicators` of the case's settlement year
  (`Case.year`, or the settlement date's year when the case has none); a person whose municipality has no
  indicators that year is left out (counted in `excluded["no_indicators"]`);
- close family in the municipality (`Case.network_municipality`);
- the competence registration, only where the person consented to share it (`competence_features`);
- the recorded outcome: the person's first `PostProgrammeStatus` with a reference month after the settlement date
  (and not after `reference_until`, when given); in work or education = employed, in education or both
  (`register.models.WORK_OR_EDUCATION`). A person without one is left out (`excluded["no_outcome"]`).

The data window: cases settled (settlement date) in the calendar years `from_year`…`to_year`, and statuses with a
reference month up to `reference_until` (all recorded ones when None) — so a model can be trained as it could have
been on a past date, and the window is stored on the model card.

Sex, age at settlement and country group are recorded on each row for the card's group metrics and are never
features (`outcome_features`). The country group is the citizenship grouped as in `COUNTRY_GROUPS`: the four
largest countries of origin of refugees settled 2015–2019 (IMDi's annual reports: Syria, Eritrea, DR Congo,
Afghanistan) each a group, then the rest of the Middle East and North Africa, the rest of Africa, everyone else,
and unknown (no citizenship recorded, or stateless).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from nyinorge.competence.selectors.matching_features import competence_features
from nyinorge.register.models import WORK_OR_EDUCATION, PostProgrammeStatus
from nyinorge.settlement.models import Case, CaseMember, MunicipalIndicators
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.outcome_features import FEATURES, MunicipalityRow, feature_row
from nyinorge.settlement.workflow import State

COUNTRY_GROUPS: dict[str, tuple[str, ...]] = {
    "syria": ("SY",),
    "eritrea": ("ER",),
    "dr_congo": ("CD",),
    "afghanistan": ("AF",),
    "middle_east_north_africa": ("IQ", "IR", "TR", "LB", "JO", "PS", "YE", "SA", "KW", "EG", "LY", "TN", "DZ", "MA",
                                 "SD", "BH", "QA", "AE", "OM"),
    "africa_other": ("SO", "ET", "SS", "NG", "CF", "BI", "RW", "UG", "KE", "TZ", "CM", "TD", "ML", "NE", "GN", "CI",
                     "SL", "LR", "GM", "SN", "GH", "TG", "BJ", "BF", "MR", "CG", "AO", "ZM", "ZW", "MW", "MZ", "DJ",
                     "GA", "GQ", "ZA", "NA", "BW", "LS", "SZ", "MG", "KM", "CV", "ST", "SC", "MU"),
}
COUNTRY_GROUP_NAMES = {
    "syria": _("Syria"), "eritrea": _("Eritrea"), "dr_congo": _("DR Congo"), "afghanistan": _("Afghanistan"),
    "middle_east_north_africa": _("Other Middle East and North Africa"), "africa_other": _("Other Africa"),
    "other": _("Other countries"), "unknown": _("Unknown or stateless"),
}
# "XX" is the ISO 3166 user-assigned code the population register uses for stateless persons.
UNKNOWN_CITIZENSHIP = ("", "XX", "XU")
_GROUP_OF = {code: group for group, codes in COUNTRY_GROUPS.items() for code in codes}
CHUNK = 5000


def country_group(citizenship: str) -> str:
    """The documented group of a citizenship (ISO 3166 alpha-2)."""
    code = (citizenship or "").upper()
    if code in UNKNOWN_CITIZENSHIP:
        return "unknown"
    return _GROUP_OF.get(code, "other")


@dataclass(frozen=True)
class DataWindow:
    from_year: int
    to_year: int
    reference_until: datetime.date | None = None

    def as_json(self) -> dict:
        return {"from_year": self.from_year, "to_year": self.to_year,
                "reference_until": self.reference_until.isoformat() if self.reference_until else None}


@dataclass(frozen=True)
class TrainingRow:
    person_id: int
    case_id: int
    municipality: str
    settlement_date: datetime.date
    reference_month: datetime.date
    features: list[float]
    outcome: bool
    # For the model card's group metrics only; never features.
    sex: str
    age: int
    country_group: str


@dataclass
class TrainingSet:
    window: DataWindow
    rows: list[TrainingRow]
    features: tuple[str, ...] = FEATURES
    excluded: dict[str, int] = field(default_factory=lambda: {"no_outcome": 0, "no_indicators": 0})

    def __len__(self) -> int:
        return len(self.rows)

    def matrix(self) -> np.ndarray:
        return np.array([row.features for row in self.rows], dtype=float).reshape(len(self.rows), len(self.features))

    def outcomes(self) -> np.ndarray:
        return np.array([row.outcome for row in self.rows], dtype=int)

    def cases(self) -> np.ndarray:
        return np.array([row.case_id for row in self.rows], dtype=int)

    def groups(self, attribute: str) -> np.ndarray:
        return np.array([getattr(row, attribute) for row in self.rows], dtype=object)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def outcome_persons(case: Case) -> list:
    """The members whose outcome counts: the adults on the settlement date, or the unaccompanied minor."""
    members = sorted(case.members.all(), key=lambda member: member.pk)
    if case.unaccompanied_minor:
        return [member.person for member in members[:1]]
    on = case.settlement_date
    return [member.person for member in members if age_on(member.person.birth_date, on) >= 18]


def first_outcomes(*, person_ids: list[int], reference_until: datetime.date | None,
                   after: dict[int, datetime.date]) -> dict[int, tuple[datetime.date, bool]]:
    """Person → (reference month, in work or education) of the first recorded status after their settlement date."""
    found: dict[int, tuple[datetime.date, bool]] = {}
    for chunk in _chunks(person_ids):
        statuses = PostProgrammeStatus.objects.filter(person_id__in=chunk)
        if reference_until is not None:
            statuses = statuses.filter(reference_month__lte=reference_until)
        for person_id, month, status in statuses.order_by("person_id", "reference_month").values_list(
                "person_id", "reference_month", "status"):
            if person_id not in found and month > after[person_id]:
                found[person_id] = (month, status in WORK_OR_EDUCATION)
    return found


def outcome_training_set(*, from_year: int, to_year: int,
                         reference_until: datetime.date | None = None) -> TrainingSet:
    """The training set of the window (see the module docstring); reads no names, writes nothing."""
    if from_year > to_year:
        raise ValueError("from_year must not be after to_year")
    window = DataWindow(from_year, to_year, reference_until)
    cases = list(
        Case.objects.filter(state=State.SETTLED, municipality__isnull=False, settlement_date__year__gte=from_year,
                            settlement_date__year__lte=to_year)
        .only("id", "municipality_id", "network_municipality_id", "settlement_date", "unaccompanied_minor", "year_id")
        .prefetch_related(_members()))
    persons = {person.pk: (case, person) for case in cases for person in outcome_persons(case)}
    outcomes = first_outcomes(person_ids=sorted(persons), reference_until=reference_until,
                              after={pk: case.settlement_date for pk, (case, _p) in persons.items()})
    years = {_settlement_year(case) for case, _p in persons.values()}
    indicators = {
        (year, number): MunicipalityRow(intro, employment, population)
        for year, number, intro, employment, population in MunicipalIndicators.objects.filter(year_id__in=years)
        .values_list("year_id", "municipality_id", "introduction_results_share", "employment_share", "population")}
    competence = {}
    for chunk in _chunks(sorted(outcomes)):
        competence.update(competence_features(person_ids=chunk))
    training = TrainingSet(window, [])
    for person_id, (case, person) in sorted(persons.items()):
        if person_id not in outcomes:
            training.excluded["no_outcome"] += 1
            continue
        municipality = indicators.get((_settlement_year(case), case.municipality_id))
        if municipality is None:
            training.excluded["no_indicators"] += 1
            continue
        month, outcome = outcomes[person_id]
        training.rows.append(TrainingRow(
            person_id=person_id, case_id=case.pk, municipality=case.municipality_id,
            settlement_date=case.settlement_date, reference_month=month,
            features=feature_row(municipality=municipality, network=case.network_municipality_id == case.municipality_id,
                                 competence=competence.get(person_id)),
            outcome=outcome, sex=person.sex, age=age_on(person.birth_date, case.settlement_date),
            country_group=country_group(person.citizenship)))
    return training


def _settlement_year(case: Case) -> int:
    return case.year_id or case.settlement_date.year


def _members() -> Prefetch:
    return Prefetch("members", queryset=CaseMember.objects.select_related("person").only(
        "id", "case_id", "person_id", *(f"person__{name}" for name in ("birth_date", "sex", "citizenship"))))


__all__ = ["COUNTRY_GROUPS", "DataWindow", "TrainingRow", "TrainingSet", "country_group", "outcome_training_set"]
