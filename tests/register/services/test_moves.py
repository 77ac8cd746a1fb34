"""Moves between municipalities: the new one takes over from the move date, the old keeps its history."""

import datetime

import pytest

from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import ProgrammeParticipation, RecordVersion, ResidencePeriod, Source, TrainingPeriod
from nyinorge.register.selectors.residence import residence_history
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import hours_upsert, training_period_upsert

pytestmark = pytest.mark.django_db
D = datetime.date
MOVED = D(2019, 6, 15)


@pytest.fixture
def moved(caseworker, resident, oslo, oslo_user, bergen):
    """A person in Oslo from 10 January 2019 with training and programme there, moved to Bergen on 15 June."""
    person = resident()
    training, _ = training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=person,
                                         municipality=oslo, data={"kind": "norwegian", "start": D(2019, 2, 1)})
    programme, _ = participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person,
                                        municipality=oslo, data={"start": D(2019, 2, 1), "planned_end": D(2021, 1, 31)})
    residence_move(actor=caseworker, person=person, to_municipality=bergen, moved_on=MOVED)
    person.refresh_from_db()
    return person, training, programme


def test_move_closes_the_old_period_and_keeps_person_in_sync(moved, oslo, bergen):
    person, _, _ = moved
    history = residence_history(person=person)
    assert [(p.municipality, p.valid_from, p.valid_to) for p in history] == [
        (oslo, D(2019, 1, 10), D(2019, 6, 14)), (bergen, MOVED, None)]
    assert person.residence_municipality == bergen


def test_old_municipality_records_end_the_day_before_with_a_system_version(moved):
    _, training, programme = moved
    training.refresh_from_db()
    programme.refresh_from_db()
    assert (training.end, training.end_reason) == (D(2019, 6, 14), "moved")
    assert (programme.end, programme.outcome) == (D(2019, 6, 14), "moved")
    versions = RecordVersion.objects.filter(model_label="register.trainingperiod", object_id=training.pk).order_by("version")
    assert [(v.version, v.source, v.snapshot["end"]) for v in versions] == [(1, Source.SCREEN, None), (2, Source.SYSTEM, "2019-06-14")]


def test_old_municipality_refused_after_the_move_but_keeps_its_history(moved, oslo, oslo_user):
    person, training, _ = moved
    with pytest.raises(RegisterScopeError):
        training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                               data={"kind": "social_studies", "start": MOVED})
    with pytest.raises(RegisterScopeError):  # reopening its closed period past the move
        training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                               instance=training, data={"kind": "norwegian", "start": D(2019, 2, 1)})
    # Late reporting for a month it was responsible for is still accepted (nothing valid is lost).
    hours, created = hours_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                                  data={"month": D(2019, 5, 1), "hours_type": "norwegian", "hours": 40})
    assert created
    assert TrainingPeriod.objects.filter(person=person, municipality=oslo).count() == 1


def test_new_municipality_takes_over_from_the_move_date(moved, bergen, bergen_user):
    person, _, _ = moved
    with pytest.raises(RegisterScopeError):
        training_period_upsert(actor=bergen_user, client=None, client_ref=None, person=person, municipality=bergen,
                               data={"kind": "norwegian", "start": MOVED - datetime.timedelta(days=1)})
    training_period_upsert(actor=bergen_user, client=None, client_ref=None, person=person, municipality=bergen,
                           data={"kind": "norwegian", "start": MOVED})
    participation_upsert(actor=bergen_user, client=None, client_ref=None, person=person, municipality=bergen,
                         data={"start": D(2019, 7, 1), "planned_end": D(2021, 1, 31)})
    assert ProgrammeParticipation.objects.filter(person=person).count() == 2


def test_both_municipalities_report_hours_for_the_month_of_the_move(moved, oslo, oslo_user, bergen, bergen_user):
    person, _, _ = moved
    for user, municipality in [(oslo_user, oslo), (bergen_user, bergen)]:
        _, created = hours_upsert(actor=user, client=None, client_ref=None, person=person, municipality=municipality,
                                  data={"month": D(2019, 6, 1), "hours_type": "norwegian", "hours": 10})
        assert created
    with pytest.raises(RegisterScopeError):
        hours_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                     data={"month": D(2019, 7, 1), "hours_type": "norwegian", "hours": 10})


def test_move_refusals(moved, caseworker, bergen, oslo, oslo_user):
    person, _, _ = moved
    with pytest.raises(RegisterValidationError):  # already lives there
        residence_move(actor=caseworker, person=person, to_municipality=bergen, moved_on=D(2019, 8, 1))
    with pytest.raises(RegisterValidationError):  # before the current period began
        residence_move(actor=caseworker, person=person, to_municipality=oslo, moved_on=D(2019, 6, 1))
    with pytest.raises(RegisterScopeError):  # a municipality registers only moves into itself
        residence_move(actor=oslo_user, person=person, to_municipality=bergen, moved_on=D(2019, 8, 1))
    residence_move(actor=oslo_user, person=person, to_municipality=oslo, moved_on=D(2019, 9, 1))  # moving back in
    assert ResidencePeriod.objects.filter(person=person).count() == 3
