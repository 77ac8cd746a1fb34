"""KomBo uploads: the bundle format (built by a Python twin of the kit's encryption), refusals (another mission, a
changed file, a wrong passphrase, invalid records: nothing imported), duplicates, conflicts and re-uploads."""

import copy
import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from nyinorge.competence.bundles import (
    PBKDF2_ITERATIONS,
    BundleError,
    bundle_decrypt,
    bundle_encrypt,
    envelope_read,
)
from nyinorge.competence.mission_samples import duf_numbers, sample_family
from nyinorge.competence.models import (
    CompetenceRegistration,
    MissionBatch,
    MissionRecord,
    SelectionMission,
    SettlementInterview,
)
from nyinorge.competence.services.missions import (
    UploadRefused,
    conflict_resolve,
    duplicate_resolve,
    mission_batch_upload,
    mission_create,
)
from nyinorge.core.models import AuditEntry, FamilyRelation, Person
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.settlement.models import Case, CaseTransition

pytestmark = pytest.mark.django_db
PASSPHRASE = "correct horse battery staple"
DEVICE = "3f1c8a52-7c6e-4d0c-9a39-1d2f4b6e8a10"


def registered(**fields) -> Person:
    """A person registered before (stored directly, as older registrations were), in the candidate index."""
    from nyinorge.core.services.duplicates import person_match_keys_refresh

    person = Person.objects.create(**fields)
    person_match_keys_refresh(persons=[person], new=True)
    return person


@pytest.fixture(autouse=True)
def english():
    """The services' messages in English here (the report in bokmål is tested on its own)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def officer():
    return user_create(username="kombo", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])


@pytest.fixture
def mission(officer):
    return mission_create(actor=officer, name="Libanon 2025", country="LB", code="LB-2025-1",
                          starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 3, 14))


def bundle(mission_code: str, records: list[dict], passphrase: str = PASSPHRASE) -> bytes:
    payload = {"mission": mission_code, "device": DEVICE, "exported_at": "2025-03-14T10:00:00Z", "records": records}
    return bundle_encrypt(payload, passphrase=passphrase, mission=mission_code, device=DEVICE)


def upload(officer, mission, records, passphrase=PASSPHRASE, data=None):
    return mission_batch_upload(actor=officer, mission=mission, data=data or bundle(mission.code, records),
                                passphrase=passphrase)


def test_the_bundle_round_trips_and_its_envelope_is_what_the_kit_writes():
    records = [sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))]
    data = bundle("LB-2025-1", records)
    envelope_json = json.loads(data)
    assert envelope_json["format"] == "kombo-bundle" and envelope_json["version"] == 1
    assert envelope_json["kdf"] == {"name": "PBKDF2", "hash": "SHA-256", "iterations": PBKDF2_ITERATIONS,
                                    "salt": envelope_json["kdf"]["salt"]}
    assert "Haddad" not in data.decode()  # only ciphertext
    payload = bundle_decrypt(envelope_read(data), PASSPHRASE)
    assert payload["records"] == records


def test_a_relabelled_envelope_fails_the_tag():
    data = json.loads(bundle("LB-2025-1", [sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))]))
    data["device"] = "another-device"
    with pytest.raises(BundleError, match="passphrase is wrong or the file has been changed"):
        bundle_decrypt(envelope_read(json.dumps(data).encode()), PASSPHRASE)


def test_too_few_iterations_are_refused():
    payload = {"mission": "X", "records": []}
    data = bundle_encrypt(payload, passphrase=PASSPHRASE, mission="X", device=DEVICE, iterations=1000)
    with pytest.raises(BundleError):
        envelope_read(data)


def test_a_family_becomes_persons_a_case_an_interview_and_registrations(officer, mission):
    record = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    before = AuditEntry.objects.count()
    batch = upload(officer, mission, [record])
    assert batch.status == MissionBatch.Status.IMPORTED and batch.records_imported == 1
    people = {p.given_name: p for p in Person.objects.filter(family_name="Haddad")}
    assert set(people) == {"Ahmad", "Huda", "Sami0"}
    assert people["Ahmad"].duf_number == "202000000001"
    case = Case.objects.get(members__person=people["Ahmad"])
    assert case.category == Case.Category.RESETTLEMENT and case.persons_count == 3
    assert case.network_municipality_id == "0301"
    # The same rule as an interview held in reception writes the case's needs (interview_feed_case).
    assert case.needs_summary.startswith("Fra bosettingssamtalen") and "Soverom som trengs: 2." in case.needs_summary
    history = CaseTransition.objects.get(case=case, name="kombo")
    assert f"LB-2025-1), upload {batch.pk}, device {DEVICE}" in history.reason
    interview = SettlementInterview.objects.get(case=case)
    assert interview.source == "mission" and interview.status == "completed" and interview.rooms_needed == 2
    assert interview.network_ties.get().municipality_id == "0301"
    registration = CompetenceRegistration.objects.get(person=people["Huda"])
    assert registration.source == "mission" and registration.highest_level == "6"
    assert registration.work_experiences.get().occupation == "2221"
    assert {s.language for s in registration.language_skills.all()} == {"ar", "en"}
    assert not CompetenceRegistration.objects.filter(person=people["Sami0"]).exists()
    assert FamilyRelation.objects.filter(person=people["Ahmad"], relative=people["Sami0"], kind="parent").exists()
    row = MissionRecord.objects.get(batch=batch)
    assert row.outcome == "created" and row.client_id == record["client_id"] and row.person == people["Ahmad"]
    entry = AuditEntry.objects.get(object_type="competence.missionbatch", object_id=str(batch.pk))
    named = {entry.person_id, *entry.subjects.values_list("person_id", flat=True)} - {None}
    assert named == {p.pk for p in people.values()}
    assert AuditEntry.objects.count() > before


def test_another_missions_bundle_is_refused_naming_both(officer, mission):
    other = mission_create(actor=officer, name="Uganda 2025", country="UG", code="UG-2025-1",
                           starts_on=datetime.date(2025, 5, 1), ends_on=datetime.date(2025, 5, 9))
    data = bundle(other.code, [sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))])
    with pytest.raises(UploadRefused) as refused:
        upload(officer, mission, [], data=data)
    assert "UG-2025-1" in str(refused.value) and "LB-2025-1" in str(refused.value)
    assert not MissionBatch.objects.exists() and not Person.objects.filter(family_name="Haddad").exists()


@pytest.mark.parametrize("damage", ["flip", "truncate", "not json"])
def test_a_tampered_or_corrupted_file_is_refused(officer, mission, damage):
    data = bundle(mission.code, [sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))])
    envelope = json.loads(data)
    if damage == "flip":
        raw = bytearray(envelope_read(data).ciphertext)
        raw[5] ^= 1
        import base64
        envelope["ciphertext"] = base64.b64encode(bytes(raw)).decode()
        data = json.dumps(envelope).encode()
    elif damage == "truncate":
        data = data[: len(data) // 2]
    else:
        data = b"PK\x03\x04 not a bundle"
    with pytest.raises(UploadRefused):
        upload(officer, mission, [], data=data)
    assert not Person.objects.filter(family_name="Haddad").exists() and not MissionBatch.objects.exists()


def test_a_wrong_passphrase_is_refused(officer, mission):
    data = bundle(mission.code, [sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))])
    with pytest.raises(UploadRefused, match="passphrase"):
        upload(officer, mission, [], data=data, passphrase="not the passphrase at all")
    assert not MissionBatch.objects.exists()


def test_one_invalid_record_imports_nothing_and_the_report_lists_each(officer, mission):
    good = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    future = sample_family(family="Mansour", duf_numbers=duf_numbers(10, 3))
    future["members"][0]["birth_date"] = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    schooling = sample_family(family="Khalil", duf_numbers=duf_numbers(20, 3))
    schooling["members"][1]["competence"]["schooling_years"] = 31
    occupation = sample_family(family="Nasser", duf_numbers=duf_numbers(30, 3))
    occupation["members"][0]["competence"]["work"][0]["occupation"] = "74X1"
    no_duf = sample_family(family="Saleh", duf_numbers=duf_numbers(40, 3))
    no_duf["members"][2]["duf_number"] = ""
    batch = upload(officer, mission, [good, future, schooling, occupation, no_duf])
    assert batch.status == MissionBatch.Status.REJECTED and batch.records_imported == 0
    assert not Person.objects.filter(family_name__in=["Haddad", "Mansour", "Khalil", "Nasser", "Saleh"]).exists()
    assert not Case.objects.exists()
    errors = {line["number"]: " ".join(line["errors"]) for line in batch.labelled_report}
    assert errors[1] == ""
    assert "cannot be in the future" in errors[2]
    assert "from 0 to 30" in errors[3]
    assert "four-digit STYRK-08" in errors[4]
    assert "DUF number is missing" in errors[5]
    # The stored report names no one.
    assert "Mansour" not in json.dumps(MissionBatch.objects.get().report)


def test_the_report_is_in_the_users_language(officer, mission):
    from django.utils import translation

    record = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    record["members"][0]["competence"]["schooling_years"] = 2
    with translation.override("nb"):
        batch = upload(officer, mission, [record])
    message = " ".join(batch.labelled_report[0]["errors"])
    assert "skolegang" in message.lower(), message


def test_an_inconsistent_family_is_refused(officer, mission):
    record = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    record["members"][2]["birth_date"] = "1970-01-01"  # a child older than the principal
    record["members"][1]["relation"] = "principal"  # and two principals
    batch = upload(officer, mission, [record])
    assert batch.status == MissionBatch.Status.REJECTED
    assert "exactly one principal" in " ".join(batch.labelled_report[0]["errors"])


def test_the_same_file_twice_is_already_uploaded(officer, mission):
    data = bundle(mission.code, [sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))])
    upload(officer, mission, [], data=data)
    with pytest.raises(UploadRefused, match="already uploaded"):
        upload(officer, mission, [], data=data)
    assert Person.objects.filter(family_name="Haddad").count() == 3


def test_a_possible_duplicate_is_set_aside_and_the_rest_imports(officer, mission):
    existing = registered(duf_number="202000000099", given_name="Ahmad", family_name="Haddad",
                          birth_date=datetime.date(1984, 3, 2), citizenship="SY")
    same_name = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))  # Ahmad Haddad, 1984-03-02, SY
    other = sample_family(family="Mansour", duf_numbers=duf_numbers(10, 3))
    batch = upload(officer, mission, [same_name, other])
    assert batch.status == MissionBatch.Status.NEEDS_REVIEW and batch.records_imported == 1
    row = MissionRecord.objects.get(batch=batch, client_id=same_name["client_id"])
    assert row.outcome == "duplicate" and row.person == existing
    assert Person.objects.filter(family_name="Haddad").count() == 1  # nothing merged, nothing created
    assert Person.objects.filter(family_name="Mansour").count() == 3
    principal = same_name["members"][0]["client_id"]
    case = duplicate_resolve(actor=officer, row=row, choices={principal: existing.pk})
    assert set(case.members.values_list("person__given_name", flat=True)) == {"Ahmad", "Huda", "Sami0"}
    assert case.members.filter(person=existing).exists()
    batch.refresh_from_db()
    assert batch.status == MissionBatch.Status.IMPORTED and batch.records_imported == 2


def test_a_duplicate_by_duf_number_can_only_be_linked(officer, mission):
    registered(duf_number="202000000001", given_name="A.", family_name="Haddad",
                          birth_date=datetime.date(1984, 3, 2))
    record = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    batch = upload(officer, mission, [record])
    row = batch.records.get()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="cannot be registered again"):
        duplicate_resolve(actor=officer, row=row, choices={record["members"][0]["client_id"]: None})
    assert Person.objects.filter(family_name="Haddad").count() == 1


def test_a_re_upload_updates_unchanged_stays_and_an_online_edit_is_a_conflict(officer, mission):
    record = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    upload(officer, mission, [record])
    case = Case.objects.get(members__person__duf_number="202000000001")

    again = upload(officer, mission, [record], data=bundle(mission.code, [record]))  # a new file, same content
    assert again.records.get().outcome == "unchanged"

    changed = copy.deepcopy(record)
    changed["interview"]["rooms_needed"] = 3
    changed["members"][0]["given_name"] = "Ahmed"
    updated = upload(officer, mission, [changed])
    assert updated.records.get().outcome == "updated"
    interview = SettlementInterview.objects.get(case=case)
    assert interview.rooms_needed == 3
    assert Person.objects.get(duf_number="202000000001").given_name == "Ahmed"
    assert Case.objects.count() == 1

    # Edited online since: the health needs and the schooling, by the interview's and a registration's services.
    interview.health_needs = "Asthma (online)"
    interview.version += 1
    interview.save()
    registration = CompetenceRegistration.objects.get(person__duf_number="202000000001")
    registration.schooling_years = 13
    registration.version += 1
    registration.save()
    offline = copy.deepcopy(changed)
    offline["interview"]["health_needs"] = "Asthma (device)"
    offline["interview"]["wishes"] = "Bergen"
    conflict_batch = upload(officer, mission, [offline])
    row = conflict_batch.records.get()
    assert row.outcome == "conflict" and conflict_batch.status == MissionBatch.Status.NEEDS_REVIEW
    interview.refresh_from_db()
    assert interview.health_needs == "Asthma (online)" and interview.wishes == "Near the sea"  # nothing overwritten
    principal = record["members"][0]["client_id"]
    assert set(row.payload["fields"]) == {"interview.health_needs", "interview.wishes",
                                          f"competence.{principal}.schooling_years"}

    conflict_resolve(actor=officer, row=row, keep_offline=["interview.wishes"])
    interview.refresh_from_db()
    registration.refresh_from_db()
    assert interview.health_needs == "Asthma (online)" and interview.wishes == "Bergen"
    assert registration.schooling_years == 13
    # After the resolution the device's next unchanged upload is no conflict.
    assert upload(officer, mission, [offline], data=bundle(mission.code, [offline])).records.get().outcome in (
        "unchanged", "updated")


def test_the_pages_answer_and_refuse_other_roles(client, officer, mission):
    record = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    client.force_login(officer)
    for name in ("competence:mission_kit", "competence:mission_upload", "competence:mission"):
        assert client.get(reverse(name, args=[mission.code])).status_code == 200
    worker = client.get(reverse("competence:mission_kit_worker", args=[mission.code]))
    assert worker["Content-Type"].startswith("text/javascript") and b"caches.open" in worker.content
    form = client.get(reverse("competence:mission_kit_form", args=[mission.code])).json()
    assert form["mission"] == mission.code and form["kdf"]["iterations"] == PBKDF2_ITERATIONS
    assert {"nb", "en"} <= set(form["codes"]["isced"][0])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("competence:mission_upload", args=[mission.code]), {
        "bundle": SimpleUploadedFile("b.json", bundle(mission.code, [record])), "passphrase": PASSPHRASE})
    batch = MissionBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/uploads/{batch.pk}/")
    page = client.get(response["Location"])
    assert b"Ahmad Haddad" in page.content
    response = client.post(reverse("competence:mission_upload", args=[mission.code]), {
        "bundle": SimpleUploadedFile("b.json", b"{}"), "passphrase": PASSPHRASE})
    assert response.status_code == 400 and "ikke en KomBo-pakke".encode() in response.content

    mottak = user_create(username="mottak-kombo", organisation=directorate(), roles=[Role.ANALYST])
    client.force_login(mottak)
    assert client.get(reverse("competence:mission_kit", args=[mission.code])).status_code == 403
    assert SelectionMission.objects.count() == 1


def _named_by(entries):
    named = {}
    for entry in entries:
        for pk in {entry.person_id, *entry.subjects.values_list("person_id", flat=True)} - {None}:
            named[pk] = named.get(pk, 0) + 1
    return named


def test_the_report_and_the_review_page_write_one_entry_naming_each_person_shown(client, officer, mission):
    existing = registered(duf_number="202000000099", given_name="Ahmad", family_name="Haddad",
                          birth_date=datetime.date(1984, 3, 2), citizenship="SY")
    waiting = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    imported = sample_family(family="Mansour", duf_numbers=duf_numbers(10, 3))
    batch = upload(officer, mission, [waiting, imported])
    client.force_login(officer)
    before = AuditEntry.objects.order_by("-pk").first().pk
    page = client.get(reverse("competence:mission_batch", args=[mission.code, batch.pk]))
    assert page.status_code == 200 and b"Ahmad Mansour" in page.content
    entries = list(AuditEntry.objects.filter(pk__gt=before))
    assert len(entries) == 1
    shown = set(Person.objects.filter(family_name="Mansour").values_list("pk", flat=True)) | {existing.pk}
    assert _named_by(entries) == {pk: 1 for pk in shown}

    row = batch.records.get(outcome="duplicate")
    before = AuditEntry.objects.order_by("-pk").first().pk
    page = client.get(reverse("competence:mission_record", args=[mission.code, row.pk]))
    assert page.status_code == 200 and existing.duf_number.encode() in page.content
    assert _named_by(AuditEntry.objects.filter(pk__gt=before)) == {existing.pk: 1}
    response = client.post(reverse("competence:mission_record", args=[mission.code, row.pk]),
                           {f"member-{waiting['members'][0]['client_id']}": str(existing.pk)})
    assert response.status_code == 302
    assert Case.objects.filter(members__person=existing).exists()


def test_occupation_codes_are_checked_against_the_list_or_the_structure(monkeypatch):
    from types import SimpleNamespace

    from nyinorge.competence import occupation_check

    monkeypatch.setattr(occupation_check, "_listed", lambda: None)
    assert occupation_check.occupation_exists("7411") and occupation_check.occupation_exists("0110")
    assert not occupation_check.occupation_exists("0999") and not occupation_check.occupation_exists("74X1")
    listed = {"7411": SimpleNamespace(level=4), "74": SimpleNamespace(level=2), "22": SimpleNamespace(level=2)}
    monkeypatch.setattr(occupation_check, "_listed", lambda: SimpleNamespace(occupation=listed.get))
    assert occupation_check.occupation_exists("7411")
    assert occupation_check.occupation_exists("2221")  # unlisted unit of a listed sub-major group
    assert not occupation_check.occupation_exists("9999") and not occupation_check.occupation_exists("0074")


def test_an_unknown_occupation_refuses_the_batch(officer, mission):
    record = sample_family(family="Haddad", duf_numbers=duf_numbers(1, 3))
    record["members"][0]["competence"]["work"][0]["occupation"] = "0999"
    batch = upload(officer, mission, [record])
    assert batch.status == MissionBatch.Status.REJECTED
    assert "0999 is not a STYRK-08 occupation code" in " ".join(batch.labelled_report[0]["errors"])
