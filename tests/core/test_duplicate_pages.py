"""The de-duplication pages: the create page's warning (different → remembered; same → the existing person, nothing
created), the review queue and its export, a pair side by side with the decision, the model page, bad input."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from nyinorge.core.models import AuditEntry, DuplicatePair, Person
from nyinorge.settlement.services.cases import case_create

pytestmark = pytest.mark.django_db
BORN = datetime.date(1986, 4, 3)


@pytest.fixture
def muhammad(make_person):
    return make_person(given_name="Muhammad", family_name="Abdullahi", birth_date=BORN, sex="male", citizenship="SO",
                       duf_number="201900000111")


def _form(**changes):
    data = {"duf_number": "202000000222", "given_name": "Mohammed", "family_name": "Abdullahi",
            "birth_date": BORN.isoformat(), "sex": "male", "citizenship": "SO", "languages": "so"}
    return {**data, **changes}


def test_a_likely_duplicate_is_shown_before_registering(client, caseworker, muhammad):
    client.force_login(caseworker)
    response = client.post(reverse("people:create"), _form(), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and Person.objects.count() == 1
    assert "Muhammad Abdullahi" in html and "201900000111" in html and " % " in html
    assert reverse("people:detail", args=[muhammad.pk]) in html
    assert 'name="different_from" value="%d"' % muhammad.pk in html
    assert AuditEntry.objects.filter(object_type="core.person.duplicates", user=caseworker).exists()


def test_different_registers_and_is_remembered(client, caseworker, muhammad):
    client.force_login(caseworker)
    response = client.post(reverse("people:create"), _form(confirm="different", different_from=[muhammad.pk]))
    new = Person.objects.get(duf_number="202000000222")
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[new.pk])
    pair = DuplicatePair.objects.get()
    assert (pair.status, pair.found_by, pair.decided_by) == ("different", "registration", caseworker)
    assert {pair.person_a_id, pair.person_b_id} == {muhammad.pk, new.pk}
    # Not asked again: editing the new person or the batch leaves the decision alone.
    from nyinorge.core.selectors.duplicates import duplicates_for_new, person_record

    assert duplicates_for_new(actor=caseworker, record=person_record(new)) == []


def test_a_confirmation_covers_only_the_candidates_shown(client, caseworker, muhammad, make_person):
    client.force_login(caseworker)
    other = make_person(given_name="Mohamed", family_name="Abdullahi", birth_date=BORN, sex="male", citizenship="SO")
    response = client.post(reverse("people:create"), _form(confirm="different", different_from=[muhammad.pk]))
    assert response.status_code == 200 and f'value="{other.pk}"' in response.content.decode()
    assert not Person.objects.filter(duf_number="202000000222").exists()


def test_same_person_opens_the_existing_one_and_nothing_is_created(client, caseworker, muhammad):
    client.force_login(caseworker)
    html = client.post(reverse("people:create"), _form()).content.decode()
    link = reverse("people:detail", args=[muhammad.pk])
    assert f'href="{link}"' in html
    assert client.get(link).status_code == 200
    assert Person.objects.count() == 1 and not DuplicatePair.objects.exists()


def test_someone_new_is_registered_at_once(client, caseworker, muhammad):
    client.force_login(caseworker)
    response = client.post(reverse("people:create"), _form(given_name="Senait", family_name="Tesfay",
                                                            birth_date="1999-09-09", sex="female", citizenship="ER"))
    assert response.status_code == 302 and Person.objects.count() == 2


@pytest.mark.parametrize("changes, field", [
    ({"given_name": "  "}, "given_name"),
    ({"family_name": ""}, "family_name"),
    ({"birth_date": "1986-02-30"}, "birth_date"),
    ({"birth_date": "2999-01-01"}, "birth_date"),
])
def test_bad_input_is_a_form_error_not_a_warning(client, caseworker, muhammad, changes, field):
    client.force_login(caseworker)
    response = client.post(reverse("people:create"), _form(**changes))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not response.context["candidates"] and Person.objects.count() == 1


def test_arabic_script_warns_and_the_original_is_kept(client, caseworker, make_person):
    existing = make_person(given_name="Mohammed", family_name="Abdullah", birth_date=BORN, sex="male", citizenship="SO")
    client.force_login(caseworker)
    form = _form(given_name="محمد", family_name="عبدالله")
    html = client.post(reverse("people:create"), form).content.decode()
    assert f'value="{existing.pk}"' in html
    client.post(reverse("people:create"), {**form, "confirm": "different", "different_from": [existing.pk]})
    assert Person.objects.get(duf_number="202000000222").given_name == "محمد"


@pytest.fixture
def pair(muhammad, make_person):
    other = make_person(given_name="Mohamed", family_name="Abdulahi", birth_date=datetime.date(1986, 1, 1),
                        sex="male", citizenship="SO", duf_number="202100000333")
    return DuplicatePair.objects.create(person_a=muhammad, person_b=other, match_weight=14.2, match_probability=0.9994,
                                        found_by="batch", cluster="c-7", reasons=[
                                            {"comparison": "name", "level": "phonetic", "weight": 6.1},
                                            {"comparison": "birth_date", "level": "year_partial", "weight": 3.2},
                                            {"comparison": "duf", "level": "else", "weight": -2.5}])


def test_the_queue_lists_filters_and_exports(client, officer, pair):
    client.force_login(officer)
    html = client.get(reverse("people:duplicates"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Muhammad Abdullahi" in html and "Mohamed Abdulahi" in html and "&gt; 99 %" in html
    assert "Mohamed" not in client.get(reverse("people:duplicates"), {"status": "different"}).content.decode()
    assert "Mohamed" not in client.get(reverse("people:duplicates"), {"found_by": "registration"}).content.decode()
    assert "Mohamed" in client.get(reverse("people:duplicates"), {"cluster": "c-7", "min_probability": "99"}).content.decode()
    assert "Mohamed" not in client.get(reverse("people:duplicates"), {"min_probability": "99.99"}).content.decode()
    assert client.get(reverse("people:duplicates"), {"min_probability": "lots"}).status_code == 200
    export = client.get(reverse("people:duplicates"), {"format": "csv"})
    assert export.status_code == 200 and "Mohamed Abdulahi" in export.content.decode("utf-8-sig")
    assert client.get(reverse("people:duplicates"), {"format": "pdf"}).status_code == 400
    assert AuditEntry.objects.filter(object_type="core.duplicatepair.export", action="export").exists()
    assert AuditEntry.objects.filter(object_type="core.duplicatepair.list", user=officer).exists()


def test_the_queue_needs_the_capability(client, caseworker, pair):
    client.force_login(caseworker)
    assert client.get(reverse("people:duplicates")).status_code == 403
    assert client.get(reverse("people:duplicate_pair", args=[pair.pk])).status_code == 403


def test_a_pair_with_a_shielded_person_is_not_shown(client, officer, pair, caseworker):
    case_create(actor=caseworker, category="reception", members=[pair.person_b], shielded_identity=True,
                decision_date=datetime.date(2019, 1, 20))
    client.force_login(officer)
    assert "Abdulahi" not in client.get(reverse("people:duplicates")).content.decode()
    assert client.get(reverse("people:duplicate_pair", args=[pair.pk])).status_code == 404


def test_the_pair_page_shows_the_two_side_by_side_and_the_reasons(client, officer, pair):
    client.force_login(officer)
    html = client.get(reverse("people:duplicate_pair", args=[pair.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Muhammad" in html and "Mohamed" in html and 'class="app-differs"' in html
    assert "Names sound alike (transliteration)" in html and "6.10" in html
    assert "Born the same year; date recorded as 1 January or 1 July" in html and "Against: Different DUF numbers" in html
    entry = AuditEntry.objects.filter(object_type="core.duplicatepair", object_id=str(pair.pk)).latest("pk")
    assert entry.person == pair.person_a


def test_different_is_remembered_and_same_leads_to_the_merge(client, officer, pair):
    client.force_login(officer)
    response = client.post(reverse("people:duplicate_pair", args=[pair.pk]), {"decision": "different", "note": "Brødre"})
    pair.refresh_from_db()
    assert response.status_code == 302 and (pair.status, pair.decided_by, pair.decision_note) == (
        "different", officer, "Brødre")
    DuplicatePair.objects.filter(pk=pair.pk).update(status="open")
    response = client.post(reverse("people:duplicate_pair", args=[pair.pk]), {"decision": "same"})
    pair.refresh_from_db()
    assert pair.status == "same"
    try:
        merge = reverse("people:merge")
    except NoReverseMatch:
        pytest.skip("merging (people:merge) is not in this branch yet")
    assert response["Location"].startswith(merge) and f"survivor={pair.person_a_id}" in response["Location"]


def test_the_person_page_tells_the_officer_of_an_open_pair(client, officer, pair, caseworker):
    client.force_login(officer)
    html = client.get(reverse("people:detail", args=[pair.person_a_id])).content.decode()
    assert reverse("people:duplicate_pair", args=[pair.pk]) in html
    client.force_login(caseworker)
    html = client.get(reverse("people:detail", args=[pair.person_a_id])).content.decode()
    assert reverse("people:duplicate_pair", args=[pair.pk]) not in html


def test_the_model_page_and_training(client, officer, settings):
    client.force_login(officer)
    html = client.get(reverse("people:duplicate_model"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Warning at registration from" in html and "Match weight" in html and "<td>" in html
    # No model trained here yet: the shipped model's own Splink chart is shown.
    assert 'src="data:image/svg+xml;charset=utf-8,%3Csvg' in html
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    from django_tasks.backends.database.models import DBTaskResult

    response = client.post(reverse("people:duplicate_model_train"))
    assert response.status_code == 302
    assert DBTaskResult.objects.get().task_path == "nyinorge.core.tasks.duplicates_train"


def test_the_live_check_answers_as_the_user_types(client, caseworker, muhammad):
    client.force_login(caseworker)
    form = client.get(reverse("people:create")).content.decode()
    assert 'id="duplicate-check"' in form and reverse("people:duplicates_check") in form
    url = reverse("people:duplicates_check")
    html = client.get(url, {"given_name": "Mohammed", "family_name": "Abdullahi", "birth_date": BORN.isoformat(),
                            "sex": "male", "citizenship": "SO"}).content.decode()
    assert "Muhammad Abdullahi" in html and "<html" not in html
    assert "Muhammad" not in client.get(url, {"given_name": "Mohammed", "family_name": "Abdullahi"}).content.decode()
    assert "Muhammad" not in client.get(url, {"given_name": "Mohammed", "family_name": "Abdullahi",
                                              "birth_date": "1986-02-30"}).content.decode()
