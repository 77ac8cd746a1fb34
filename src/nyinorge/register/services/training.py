"""Writing Norwegian and social studies training: periods, monthly hours, absences, exemptions, tests.

Training for asylum seekers in reception (175 hours Norwegian, 50 hours culture and values) is
written the same way with its own kinds; the reception centre's host municipality gives it.
"""

from typing import Any

from nyinorge.core.models import ApiClient, Municipality, Person, User
from nyinorge.register.models import Absence, Exemption, TestResult, TrainingHours, TrainingPeriod
from nyinorge.register.services.records import record_upsert


def training_period_upsert(
    *, actor: User, client: ApiClient | None, client_ref: str | None, person: Person, municipality: Municipality,
    data: dict[str, Any], instance: TrainingPeriod | None = None,
) -> tuple[TrainingPeriod, bool]:
    """Create or update a training period (kind, start, end, end_reason)."""
    return record_upsert(model=TrainingPeriod, actor=actor, client=client, client_ref=client_ref, person=person,
                         municipality=municipality, data=data, instance=instance)


def hours_upsert(
    *, actor: User, client: ApiClient | None, client_ref: str | None, person: Person, municipality: Municipality,
    data: dict[str, Any], instance: TrainingHours | None = None,
) -> tuple[TrainingHours, bool]:
    """Create or update the hours of one type in one month (month = its first day)."""
    return record_upsert(model=TrainingHours, actor=actor, client=client, client_ref=client_ref, person=person,
                         municipality=municipality, data=data, instance=instance)


def absence_upsert(
    *, actor: User, client: ApiClient | None, client_ref: str | None, person: Person, municipality: Municipality,
    data: dict[str, Any], instance: Absence | None = None,
) -> tuple[Absence, bool]:
    """Create or update an absence (date, hours, reason)."""
    return record_upsert(model=Absence, actor=actor, client=client, client_ref=client_ref, person=person,
                         municipality=municipality, data=data, instance=instance)


def exemption_upsert(
    *, actor: User, client: ApiClient | None, client_ref: str | None, person: Person, municipality: Municipality,
    data: dict[str, Any], instance: Exemption | None = None,
) -> tuple[Exemption, bool]:
    """Create or update an exemption (reason_code, decided_on, applies_to)."""
    return record_upsert(model=Exemption, actor=actor, client=client, client_ref=client_ref, person=person,
                         municipality=municipality, data=data, instance=instance)


def test_result_upsert(
    *, actor: User, client: ApiClient | None, client_ref: str | None, person: Person, municipality: Municipality,
    data: dict[str, Any], instance: TestResult | None = None,
) -> tuple[TestResult, bool]:
    """Create or update a test result (test, taken_on, result)."""
    return record_upsert(model=TestResult, actor=actor, client=client, client_ref=client_ref, person=person,
                         municipality=municipality, data=data, instance=instance)


test_result_upsert.__test__ = False  # not a pytest test function
