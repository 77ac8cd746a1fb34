"""Competence mapping before settlement (seed ch. 3.1 and SP9): Kompass in reception, KomBo on selection missions.

Definitions (the statistics page repeats them), for year Y (1 January to 31 December):

- the target group in reception during Y (the report's note 14: asylum seekers with a high likelihood of residence
  and refugees granted residence who live in a reception centre), each person once, 16 or older on the last day
  they count in Y:
  - refugees granted residence: members of a case from a reception centre (the case names one), not withdrawn,
    decided on or before 31 December and not settled before 1 January; they count until the settlement date
    (or 31 December);
  - asylum seekers with a high likelihood of residence: persons registered as asylum seekers awaiting a decision
    (a permit fact of that type dated on or before 31 December) who live in a reception centre, are citizens of a
    country in `HIGH_LIKELIHOOD_CITIZENSHIPS` and have no case decided before 1 January; they count until
    31 December. The register keeps only the current reception centre, so for a past year an asylum seeker who has
    since left reception without a permit is not counted (an undercount the page states);
- completed the mapping: the person's competence registration is marked completed on or before the last day they
  count in Y (so a registration completed after settlement does not count for reception). Consent to share is not
  required: the figure counts completions, never their content;
- SP9 = completed / target group; `sp9_completed` is the number who had completed (the report: 1,400 in 2019);
- settled from reception in Y: persons 16 or older on the settlement date in cases from a reception centre settled
  in Y; the share of them whose registration was completed on or before the settlement date (2019: 72 %);
- resettlement refugees settled in Y (16 or older): the share whose competence was mapped (a completed registration
  from a selection mission, or any completed one) before settlement — the report says all are mapped.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nyinorge.competence.models import CompetenceRegistration
from nyinorge.register.models import PermitType, ResidencePermit
from nyinorge.settlement.models import Case, CaseMember
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.workflow import State

TARGET_GROUP_MIN_AGE = 16
# Nationalities whose asylum seekers the directorate treats as likely to be granted residence. An assumption held
# here in one place: the countries with a high share of asylum applications granted in 2019 among the synthetic
# year's countries of origin (Syria, Eritrea, Yemen, Turkey, Sudan).
HIGH_LIKELIHOOD_CITIZENSHIPS: frozenset[str] = frozenset({"SY", "ER", "YE", "TR", "SD"})

COMPETENCE_KPI_KEYS: tuple[str, ...] = (
    "sp9_target_group",
    "sp9_target_group_with_permit",
    "sp9_target_group_asylum_seekers",
    "sp9_completed",
    "sp9_share",
    "sp9_settled_from_reception",
    "sp9_settled_from_reception_share",
    "sp9_resettlement_settled",
    "sp9_resettlement_mapped_share",
)

COMPETENCE_KPI_LABELS: dict[str, Promise] = {
    "sp9_target_group": _("Reception residents in the target group for competence mapping during the year"),
    "sp9_target_group_with_permit": _("Of them, refugees granted residence"),
    "sp9_target_group_asylum_seekers": _("Of them, asylum seekers with a high likelihood of residence"),
    "sp9_completed": _("Residents in the target group who completed the competence mapping"),
    "sp9_share": _("SP9: share of the target group in reception who completed the competence mapping"),
    "sp9_settled_from_reception": _("Persons (16 or older) settled from reception during the year"),
    "sp9_settled_from_reception_share": _("Share of them who had completed the competence mapping before settlement"),
    "sp9_resettlement_settled": _("Resettlement refugees (16 or older) settled during the year"),
    "sp9_resettlement_mapped_share": _("Share of them whose competence was mapped before settlement"),
}

COMPETENCE_TARGETS: dict[str, float] = {"sp9_share": 1.0}

# The group each share describes (for small-number suppression and the table).
COMPETENCE_SHARE_GROUP = {
    "sp9_share": "sp9_target_group",
    "sp9_settled_from_reception_share": "sp9_settled_from_reception",
    "sp9_resettlement_mapped_share": "sp9_resettlement_settled",
}
# The annual report's key for a figure, where its key differs from ours.
REPORT_KEYS = {
    "sp9_share": "competence_mapping_share_target_group",
    "sp9_completed": "competence_mapping_completed",
    "sp9_settled_from_reception_share": "competence_mapping_share_settled_from_reception",
}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _completed_dates() -> dict[int, datetime.date]:
    """Person id → the local date their registration was completed (completed registrations only)."""
    rows = CompetenceRegistration.objects.filter(completed_at__isnull=False).values_list("person_id", "completed_at")
    return {person: timezone.localtime(at).date() for person, at in rows.iterator(chunk_size=5000)}


def _permit_holders(first: datetime.date, last: datetime.date) -> dict[int, datetime.date]:
    """Refugees granted residence in reception during the year: person id → the last day they count in it."""
    rows = (CaseMember.objects
            .filter(case__reception_centre__isnull=False, case__decision_date__lte=last)
            .filter(Q(case__settlement_date__isnull=True) | Q(case__settlement_date__gte=first))
            .exclude(case__state=State.WITHDRAWN)
            .values_list("person_id", "person__birth_date", "case__settlement_date"))
    counted: dict[int, datetime.date] = {}
    for person, born, settled in rows.iterator(chunk_size=5000):
        end = min(settled, last) if settled else last
        if age_on(born, end) >= TARGET_GROUP_MIN_AGE:
            counted[person] = max(end, counted.get(person, end))
    return counted


def _asylum_seekers(first: datetime.date, last: datetime.date) -> set[int]:
    """Asylum seekers with a high likelihood of residence in reception during the year, 16 or older on 31 December."""
    decided_before = Case.objects.filter(members__person=OuterRef("person"), decision_date__lt=first)
    rows = (ResidencePermit.objects
            .filter(permit_type=PermitType.ASYLUM_SEEKER, permit_date__lte=last,
                    person__reception_centre__isnull=False, person__citizenship__in=HIGH_LIKELIHOOD_CITIZENSHIPS)
            .filter(~Exists(decided_before))
            .values_list("person_id", "person__birth_date"))
    return {person for person, born in rows.iterator(chunk_size=5000) if age_on(born, last) >= TARGET_GROUP_MIN_AGE}


def _settled(first: datetime.date, last: datetime.date, *, from_reception: bool) -> dict[int, datetime.date]:
    """Persons 16 or older settled in the year (from reception, or resettlement refugees): person → settlement date."""
    cases = Case.objects.filter(state=State.SETTLED, settlement_date__gte=first, settlement_date__lte=last)
    if from_reception:
        cases = cases.filter(reception_centre__isnull=False)
    else:
        cases = cases.filter(category=Case.Category.RESETTLEMENT)
    rows = CaseMember.objects.filter(case__in=cases).values_list("person_id", "person__birth_date",
                                                                 "case__settlement_date")
    return {person: settled for person, born, settled in rows.iterator(chunk_size=5000)
            if age_on(born, settled) >= TARGET_GROUP_MIN_AGE}


def competence_kpis_compute(*, year: int) -> dict[str, int | float | None]:
    """SP9 and the settled-from-reception share for the year (see the module docstring); shares 0–1, 4 decimals."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    completed = _completed_dates()
    permit = _permit_holders(first, last)
    asylum = {person: last for person in _asylum_seekers(first, last) if person not in permit}
    target = permit | asylum
    done = sum(1 for person, end in target.items() if person in completed and completed[person] <= end)
    from_reception = _settled(first, last, from_reception=True)
    mapped_before = sum(1 for person, settled in from_reception.items()
                        if person in completed and completed[person] <= settled)
    resettled = _settled(first, last, from_reception=False)
    resettled_mapped = sum(1 for person, settled in resettled.items()
                           if person in completed and completed[person] <= settled)
    return {
        "sp9_target_group": len(target),
        "sp9_target_group_with_permit": len(permit),
        "sp9_target_group_asylum_seekers": len(asylum),
        "sp9_completed": done,
        "sp9_share": _share(done, len(target)),
        "sp9_settled_from_reception": len(from_reception),
        "sp9_settled_from_reception_share": _share(mapped_before, len(from_reception)),
        "sp9_resettlement_settled": len(resettled),
        "sp9_resettlement_mapped_share": _share(resettled_mapped, len(resettled)),
    }


def competence_report_figure(figures: dict, key: str, year: int) -> float | None:
    """The annual report's figure for a competence KPI, if it gives one."""
    return figures.get((REPORT_KEYS.get(key, key), year))


def keys_of_kind(kind: str) -> Iterable[str]:
    return [key for key in COMPETENCE_KPI_KEYS if (key in COMPETENCE_SHARE_GROUP) == (kind == "share")]
