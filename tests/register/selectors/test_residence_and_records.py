import datetime

import pytest
from django.utils import timezone

from nyinorge.register.models import TrainingHours, TrainingPeriod
from nyinorge.register.selectors.records import records_for_municipalities
from nyinorge.register.selectors.residence import residence_on
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import hours_upsert, training_period_upsert

pytestmark = pytest.mark.django_db


def test_residence_on_follows_moves(caseworker, resident, oslo, bergen):
    person = resident(since=datetime.date(2019, 1, 10))
    residence_move(actor=caseworker, person=person, to_municipality=bergen, moved_on=datetime.date(2019, 6, 1))
    assert residence_on(person=person, on=datetime.date(2019, 1, 9)) is None
    assert residence_on(person=person, on=datetime.date(2019, 1, 10)) == oslo
    assert residence_on(person=person, on=datetime.date(2019, 5, 31)) == oslo
    assert residence_on(person=person, on=datetime.date(2019, 6, 1)) == bergen
    assert residence_on(person=person, on=datetime.date(2025, 1, 1)) == bergen
    person.refresh_from_db()
    assert person.residence_municipality == bergen


def test_records_for_municipalities_changed_since_and_kinds(oslo_user, resident, oslo, bergen, bergen_user):
    person, other = resident(), resident(municipality=bergen)
    period, _ = training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                                       data={"kind": "norwegian", "start": datetime.date(2019, 2, 1)})
    cut = timezone.now()
    hours, _ = hours_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                            data={"month": datetime.date(2019, 2, 1), "hours_type": "norwegian", "hours": 12})
    training_period_upsert(actor=bergen_user, client=None, client_ref=None, person=other, municipality=bergen,
                           data={"kind": "norwegian", "start": datetime.date(2019, 2, 1)})
    records = list(records_for_municipalities(actor=oslo_user, municipalities=[oslo], changed_since=None, kinds=None))
    assert [(type(r), r.pk) for r in records] == [(TrainingPeriod, period.pk), (TrainingHours, hours.pk)]
    assert list(records_for_municipalities(actor=oslo_user, municipalities=[oslo], changed_since=cut, kinds=None)) == [hours]
    assert list(records_for_municipalities(actor=oslo_user, municipalities=[oslo], changed_since=None, kinds={"training_period"})) == [period]
    assert len(list(records_for_municipalities(actor=oslo_user, municipalities=[oslo, bergen], changed_since=None, kinds=None))) == 3
