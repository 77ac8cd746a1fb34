import datetime

import pytest

from nyinorge.core.models import AuditEntry
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import ProgrammeParticipation, RecordVersion, Source, TrainingHours
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.training import hours_upsert, training_period_upsert

pytestmark = pytest.mark.django_db

START = datetime.date(2019, 2, 1)


def _participation(**extra):
    return {"start": START, "planned_end": datetime.date(2021, 1, 31), **extra}


def test_screen_entry_creates_record_version_and_audit(oslo_user, oslo, resident):
    person = resident()
    record, created = participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person,
                                           municipality=oslo, data=_participation())
    assert created and record.source == Source.SCREEN and record.client_ref is None
    version = RecordVersion.objects.get(model_label="register.programmeparticipation", object_id=record.pk)
    assert version.version == 1 and version.changed_by == oslo_user and version.snapshot["start"] == "2019-02-01"
    assert AuditEntry.objects.filter(object_type="register.programmeparticipation", object_id=str(record.pk),
                                     action="create", person=person).count() == 1


def test_upsert_by_client_ref_updates_and_unchanged_writes_no_version(oslo, resident, oslo_client):
    person = resident()
    client, oslo_user = oslo_client, oslo_client.user
    first, created = hours_upsert(actor=oslo_user, client=client, client_ref="h-1", person=person, municipality=oslo,
                                  data={"month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 20})
    assert created and first.source == Source.API
    same, created = hours_upsert(actor=oslo_user, client=client, client_ref="h-1", person=person, municipality=oslo,
                                 data={"month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": "20.0"})
    assert not created and same.pk == first.pk
    assert RecordVersion.objects.filter(object_id=first.pk, model_label="register.traininghours").count() == 1
    changed, created = hours_upsert(actor=oslo_user, client=client, client_ref="h-1", person=person, municipality=oslo,
                                    data={"month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 24})
    assert not created and changed.hours == 24
    assert list(RecordVersion.objects.filter(object_id=first.pk, model_label="register.traininghours")
                .values_list("version", flat=True)) == [1, 2]
    assert TrainingHours.objects.count() == 1


def test_validation_errors_name_fields(oslo_user, oslo, resident):
    person = resident()
    with pytest.raises(RegisterValidationError) as error:
        participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                             data=_participation(planned_end=datetime.date(2018, 1, 1), colour="red"))
    assert set(error.value.field_errors) == {"planned_end", "colour"}
    with pytest.raises(RegisterValidationError) as error:
        participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                             data=_participation(end=datetime.date(2019, 6, 1)))
    assert "outcome" in error.value.field_errors
    with pytest.raises(RegisterValidationError) as error:
        hours_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                     data={"month": datetime.date(2019, 3, 5), "hours_type": "norwegian", "hours": 10})
    assert "month" in error.value.field_errors
    assert ProgrammeParticipation.objects.count() == 0 and TrainingHours.objects.count() == 0


def test_person_not_resident_on_the_date_is_refused(oslo_user, oslo, resident):
    person = resident(since=datetime.date(2019, 5, 1))
    with pytest.raises(RegisterScopeError) as error:
        training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                               data={"kind": "norwegian", "start": datetime.date(2019, 4, 30)})
    assert person.national_id in error.value.reason and "2019-04-30" in error.value.reason


def test_other_municipality_refused(bergen_user, bergen, oslo, resident):
    person = resident()
    with pytest.raises(RegisterScopeError):
        training_period_upsert(actor=bergen_user, client=None, client_ref=None, person=person, municipality=oslo,
                               data={"kind": "norwegian", "start": START})
    with pytest.raises(RegisterScopeError) as error:
        training_period_upsert(actor=bergen_user, client=None, client_ref=None, person=person, municipality=bergen,
                               data={"kind": "norwegian", "start": START})
    assert "not resident" in error.value.reason or "ikke bosatt" in error.value.reason


def test_plan_elements_and_interruptions_replace_and_are_versioned(oslo_user, oslo, resident):
    person = resident()
    record, _ = participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                                     data=_participation(plan_elements=[{"kind": "primary_education", "start": START}]))
    assert [e.kind for e in record.plan_elements.all()] == ["primary_education"]
    record, created = participation_upsert(
        actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo, instance=record,
        data=_participation(plan_elements=[{"kind": "primary_education", "start": START}]))
    assert not created and RecordVersion.objects.filter(object_id=record.pk).count() == 1
    participation_upsert(
        actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo, instance=record,
        data=_participation(plan_elements=[{"kind": "work_practice", "start": START}],
                            interruptions=[{"start": datetime.date(2019, 6, 1), "reason": "parental_leave"}]))
    assert [e.kind for e in record.plan_elements.all()] == ["work_practice"]
    assert record.interruptions.get().reason == "parental_leave"
    latest = RecordVersion.objects.filter(object_id=record.pk).order_by("-version").first()
    assert latest.version == 2 and latest.snapshot["plan_elements"][0]["kind"] == "work_practice"
    with pytest.raises(RegisterValidationError) as error:
        participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                             instance=record,
                             data=_participation(plan_elements=[{"kind": "nonsense", "start": START}]))
    assert "plan_elements[0].kind" in error.value.field_errors


def test_client_ref_of_another_person_refused(oslo, resident, oslo_client):
    client, oslo_user = oslo_client, oslo_client.user
    first, second = resident(), resident()
    data = {"kind": "norwegian", "start": START}
    training_period_upsert(actor=oslo_user, client=client, client_ref="t-1", person=first, municipality=oslo, data=data)
    with pytest.raises(RegisterValidationError) as error:
        training_period_upsert(actor=oslo_user, client=client, client_ref="t-1", person=second, municipality=oslo,
                               data=data)
    assert "client_ref" in error.value.field_errors


def test_hours_twice_for_the_same_month_refused_clearly(oslo_user, oslo, resident):
    person = resident()
    data = {"month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 20}
    hours_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo, data=data)
    with pytest.raises(RegisterValidationError):
        hours_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo, data=data)


def test_vendor_client_writes_for_its_municipalities_only(oslo, bergen, resident, caseworker):
    from nyinorge.core.models import Organisation
    from nyinorge.core.services.api_clients import api_client_issue

    vendor = Organisation.objects.create(kind=Organisation.Kind.OTHER, name="Fagsystem AS")
    client, _token = api_client_issue(actor=None, organisation=vendor, name="Vendor", scopes=["ws4:write"],
                                      municipalities=[oslo])
    in_oslo, in_bergen = resident(), resident(municipality=bergen)
    data = {"kind": "norwegian", "start": START}
    _, created = training_period_upsert(actor=client.user, client=client, client_ref="v-1", person=in_oslo,
                                        municipality=oslo, data=data)
    assert created
    with pytest.raises(RegisterScopeError):
        training_period_upsert(actor=client.user, client=client, client_ref="v-2", person=in_bergen,
                               municipality=bergen, data=data)
    with pytest.raises(RegisterScopeError):  # the vendor's service user has no rights on screen
        training_period_upsert(actor=client.user, client=None, client_ref=None, person=in_oslo, municipality=oslo,
                               data=data)
    with pytest.raises(RegisterScopeError):  # another client's user
        training_period_upsert(actor=caseworker, client=client, client_ref="v-3", person=in_oslo, municipality=oslo,
                               data=data)
