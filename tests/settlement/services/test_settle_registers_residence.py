"""Settling a case registers the residence in the introduction register, as a move would, for every member."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nyinorge.core.models import AuditEntry, AuditSubject, Municipality
from nyinorge.core.roles import Role
from nyinorge.register.models import ResidencePeriod, Source, TrainingEndReason, TrainingPeriod
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import training_period_upsert
from nyinorge.settlement.models import Case
from nyinorge.settlement.services.cases import case_accept, case_settle
from nyinorge.settlement.services.cases_bulk import Step, cases_transition_bulk
from nyinorge.settlement.workflow import State

pytestmark = pytest.mark.django_db

SETTLED = datetime.date(2019, 3, 1)


@pytest.fixture
def accepted(oslo_user, oslo_decision, proposed):
    def make(**kwargs) -> Case:
        return case_accept(actor=oslo_user, case=proposed(**kwargs))

    return make


def _periods(person) -> list[tuple]:
    return list(ResidencePeriod.objects.filter(person=person).order_by("valid_from")
                .values_list("municipality_id", "valid_from", "valid_to"))


def test_every_member_lives_in_the_municipality_from_the_settlement_date(oslo_user, accepted):
    case = accepted(size=3)
    case_settle(actor=oslo_user, case=case, settlement_date=SETTLED)
    members = [member.person for member in case.members.select_related("person")]
    for person in members:
        person.refresh_from_db()
        assert _periods(person) == [("0301", SETTLED, None)]
        assert (person.residence_municipality_id, person.reception_centre_id) == ("0301", None)
    assert set(ResidencePeriod.objects.filter(person__in=members).values_list("source", "registered_by")) == {
        (Source.SYSTEM, oslo_user.pk)}
    entry = AuditEntry.objects.get(object_type="register.residenceperiod")
    assert entry.user == oslo_user
    assert set(AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True)) == {p.pk for p in members}


def test_a_registered_residence_elsewhere_ends_the_day_before_with_its_open_training(
        caseworker, oslo_user, make_user, municipality_org, accepted):
    case = accepted()
    person = case.members.get().person
    bergen = Municipality.objects.get(number="4601")
    residence_move(actor=caseworker, person=person, to_municipality=bergen, moved_on=datetime.date(2019, 1, 20))
    training, _created = training_period_upsert(
        actor=make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601")), client=None, client_ref=None,
        person=person, municipality=bergen, data={"kind": "norwegian", "start": datetime.date(2019, 2, 1)})
    case_settle(actor=oslo_user, case=case, settlement_date=SETTLED)
    assert _periods(person) == [("4601", datetime.date(2019, 1, 20), datetime.date(2019, 2, 28)), ("0301", SETTLED, None)]
    training.refresh_from_db()
    assert (training.end, training.end_reason) == (datetime.date(2019, 2, 28), TrainingEndReason.MOVED)


def test_someone_already_living_in_the_municipality_keeps_their_residence(caseworker, oslo_user, oslo, accepted):
    case = accepted()
    person = case.members.get().person
    residence_move(actor=caseworker, person=person, to_municipality=oslo, moved_on=datetime.date(2019, 1, 20))
    case_settle(actor=oslo_user, case=case, settlement_date=SETTLED)
    assert _periods(person) == [("0301", datetime.date(2019, 1, 20), None)]


def test_a_settlement_before_the_residence_the_register_has_is_refused_and_nothing_changes(
        caseworker, oslo_user, accepted):
    case = accepted()
    person = case.members.get().person
    residence_move(actor=caseworker, person=person, to_municipality=Municipality.objects.get(number="4601"),
                   moved_on=datetime.date(2019, 4, 1))
    with pytest.raises(ValidationError) as refused:
        case_settle(actor=oslo_user, case=case, settlement_date=SETTLED)
    assert "settlement_date" in refused.value.message_dict
    assert Case.objects.get(pk=case.pk).state == State.ACCEPTED
    assert _periods(person) == [("4601", datetime.date(2019, 4, 1), None)]


def test_the_bulk_settlement_registers_the_residence_as_one_by_one(caseworker, accepted):
    cases, today = [accepted(size=2), accepted()], timezone.localdate()  # accepted today: settled no earlier
    cases_transition_bulk(actor=caseworker, name="settle", steps=[Step(case=case, on=today) for case in cases])
    for case in cases:
        for member in case.members.select_related("person"):
            assert _periods(member.person) == [("0301", today, None)]
