import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.register.models import OutcomeDelivery, PostProgrammeStatus, RecordVersion, Source
from nyinorge.register.services.outcomes import post_programme_statuses_import
from nyinorge.register.services.programme import participation_upsert

pytestmark = pytest.mark.django_db

LABEL = "register.postprogrammestatus"


def _csv(*lines: str, header: str = "person_id,reference_month,status") -> io.StringIO:
    return io.StringIO("\n".join([header, *lines]) + "\n")


def _import(actor, *lines: str, **kwargs):
    return post_programme_statuses_import(actor=actor, file=_csv(*lines, **kwargs), file_name="ssb-2018.csv")


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


@pytest.fixture
def former(resident, oslo, oslo_user):
    """A person who lived in Oslo from 2015 and whose programme ended on 30 June 2017 (work)."""
    person = resident(since=datetime.date(2015, 1, 5))
    record, _created = participation_upsert(
        actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
        data={"start": datetime.date(2015, 3, 1), "planned_end": datetime.date(2017, 6, 30),
              "end": datetime.date(2017, 6, 30), "outcome": "work"})
    return person, record


def test_a_good_file_stores_each_status_with_version_delivery_and_audit(caseworker, former, make_person):
    person, participation = former
    other = make_person()
    text = f"person_id,reference_month,status\n{person.national_id},2018-11,employed\n{other.national_id},2018-11,neither\n"
    result = post_programme_statuses_import(actor=caseworker, file=io.StringIO(text), file_name="ssb-2018.csv")
    assert (result.created, result.updated, result.unchanged, result.without_participation) == (2, 0, 0, 1)
    mine = PostProgrammeStatus.objects.get(person=person)
    assert mine.reference_month == datetime.date(2018, 11, 1) and mine.status == "employed"
    assert mine.participation_id == participation.pk and mine.in_work_or_education
    assert mine.source == Source.IMPORT and mine.delivery == result.delivery
    assert PostProgrammeStatus.objects.get(person=other).participation_id is None
    delivery = result.delivery
    assert delivery.file_name == "ssb-2018.csv" and delivery.line_count == 2 and delivery.imported_by == caseworker
    assert delivery.checksum == hashlib.sha256(text.encode()).hexdigest()
    version = RecordVersion.objects.get(model_label=LABEL, object_id=mine.pk)
    assert version.version == 1 and version.snapshot["status"] == "employed" and version.source == Source.IMPORT
    assert version.snapshot["participation"] == participation.pk and version.changed_by == caseworker
    assert AuditEntry.objects.filter(object_type=LABEL, action="create", person=person).count() == 1
    assert AuditEntry.objects.filter(object_type="register.outcomedelivery", object_id=str(delivery.pk)).count() == 1


def test_a_d_number_or_duf_number_identifies_the_person(caseworker, make_person):
    person = make_person(national_id=None, duf_number="201512345678")
    result = _import(caseworker, " 2015 1234 5678 ,2019-11,both")
    assert result.created == 1 and PostProgrammeStatus.objects.get().person == person


def test_every_bad_line_is_reported_and_nothing_is_written(caseworker, former):
    person, _participation = former
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _import(caseworker, f"{person.national_id},2018-11,employed", "12345678901,2018-11,employed",
                f"{person.national_id},2018/11,employed", f"{person.national_id},2019-11,working", ",,")
    messages = _errors(error.value)
    assert messages[0] == "Nothing was imported. Correct these lines:"
    assert messages[1].startswith("line 3: person_id: ")
    assert messages[2] == "line 4: reference_month is not a month YYYY-MM: 2018/11"
    assert messages[3] == "line 5: status must be one of employed|education|both|neither, not 'working'"
    assert messages[4].startswith("line 6: person_id is missing; reference_month is missing; status must be")
    assert len(messages) == 5
    assert not PostProgrammeStatus.objects.exists() and not OutcomeDelivery.objects.exists()
    assert not RecordVersion.objects.filter(model_label=LABEL).exists()


def test_a_person_who_is_not_registered_is_an_error(caseworker, make_person):
    from nyinorge.core.identifiers import synthetic_national_identity_number

    number = synthetic_national_identity_number(datetime.date(1980, 1, 1), serial=299)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _import(caseworker, f"{number},2018-11,neither")
    assert _errors(error.value)[1] == f"line 2: no person with the number {number} is registered"
    assert not PostProgrammeStatus.objects.exists()


def test_a_month_in_the_future_is_an_error(caseworker, former):
    person, _participation = former
    month = timezone.localdate().replace(day=1) + datetime.timedelta(days=32)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _import(caseworker, f"{person.national_id},{month:%Y-%m},employed", f"{person.national_id},2018-13,employed")
    assert _errors(error.value)[1:] == [f"line 2: reference_month {month:%Y-%m} is in the future",
                                        "line 3: reference_month is not a month YYYY-MM: 2018-13"]


def test_the_same_person_twice_in_a_month_is_an_error(caseworker, former):
    person, _participation = former
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _import(caseworker, f"{person.national_id},2018-11,employed", f"{person.national_id},2019-11,employed",
                f"{person.national_id},2018-11,employed")
    assert _errors(error.value)[1:] == ["line 4: the person is also on line 2 for 2018-11"]
    assert not PostProgrammeStatus.objects.exists()


def test_missing_columns_and_an_empty_file_are_refused(caseworker):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _import(caseworker, "x,2018-11", header="person_id,reference_month")
    assert _errors(error.value) == ["The file lacks the columns: status."]
    with translation.override("en"), pytest.raises(ValidationError) as error:
        _import(caseworker)
    assert _errors(error.value) == ["The file has no lines after the header."]


def test_re_importing_the_same_file_changes_nothing(caseworker, former):
    person, _participation = former
    first = _import(caseworker, f"{person.national_id},2018-11,employed")
    audit = AuditEntry.objects.count()
    again = _import(caseworker, f"{person.national_id},2018-11,employed")
    assert again.already_imported and again.delivery == first.delivery and again.unchanged == 1
    assert OutcomeDelivery.objects.count() == 1 and PostProgrammeStatus.objects.count() == 1
    assert RecordVersion.objects.filter(model_label=LABEL).count() == 1 and AuditEntry.objects.count() == audit


def test_a_re_delivery_supersedes_the_status_as_a_new_version(caseworker, former):
    person, _participation = former
    first = _import(caseworker, f"{person.national_id},2018-11,neither")
    second = _import(caseworker, f"{person.national_id},2018-11,education")
    assert (second.created, second.updated) == (0, 1) and second.delivery != first.delivery
    status = PostProgrammeStatus.objects.get()
    assert status.status == "education" and status.delivery == second.delivery
    versions = RecordVersion.objects.filter(model_label=LABEL, object_id=status.pk).order_by("version")
    assert [(v.version, v.snapshot["status"]) for v in versions] == [(1, "neither"), (2, "education")]
    assert AuditEntry.objects.filter(object_type=LABEL, action="update", person=person).count() == 1


def test_the_participation_is_the_one_that_ended_before_the_month(caseworker, former):
    person, participation = former
    _import(caseworker, f"{person.national_id},2017-06,employed", f"{person.national_id},2017-07,employed")
    by_month = dict(PostProgrammeStatus.objects.values_list("reference_month", "participation_id"))
    assert by_month == {datetime.date(2017, 6, 1): None, datetime.date(2017, 7, 1): participation.pk}


def test_only_those_who_record_register_facts_may_import(make_user, former):
    person, _participation = former
    with pytest.raises(PermissionDenied):
        _import(make_user(Role.ANALYST), f"{person.national_id},2018-11,employed")
    assert not PostProgrammeStatus.objects.exists()


def test_the_command_imports_a_file_and_reports_bad_lines(former, tmp_path):
    person, _participation = former
    path = tmp_path / "ssb.csv"
    path.write_text(f"\ufeffperson_id,reference_month,status\n{person.national_id},2018-11,both\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import-outcomes", str(path), stdout=out)
    assert "1 new statuses" in out.getvalue()
    assert PostProgrammeStatus.objects.get().delivery.file_name == "ssb.csv"
    out = io.StringIO()
    call_command("import-outcomes", str(path), stdout=out)
    assert "Already imported" in out.getvalue()
    path.write_text(f"person_id,reference_month,status\n{person.national_id},2018-11,retired\n", encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="line 2: status must be one of"):
        call_command("import-outcomes", str(path))
