"""The merge pages: compare, merge, the list, one merge and its undo; the tombstone's old link; audited reads."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from nyinorge.core.models import AuditEntry, AuditSubject, FamilyRelation, Person, PersonMerge
from nyinorge.core.roles import Role
from nyinorge.core.services.merges import person_merge
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.settlement.services.cases import case_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["nyinorge_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def pair(make_person):
    survivor = make_person(municipality="0301", given_name="Abdirahman", family_name="Hassan")
    merged = make_person(municipality="0301", given_name="Cabdiraxmaan", family_name="Hassan", phone="+47 40000001")
    return survivor, merged


def _merge_url(survivor, merged):
    return reverse("people:merge") + f"?survivor={survivor.pk}&merged={merged.pk}"


def test_the_comparison_shows_both_what_differs_and_what_moves(login, officer, pair):
    survivor, merged = pair
    response = login(officer).get(_merge_url(survivor, merged))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Abdirahman" in text and "Cabdiraxmaan" in text
    assert "Differs" in text
    assert f"survivor={merged.pk}&amp;merged={survivor.pk}" in text  # the swap link
    assert AuditEntry.objects.filter(object_type="core.personmerge.compare", person=survivor).exists()


def test_merge_then_old_link_redirects_then_undo(login, officer, pair):
    survivor, merged = pair
    client = login(officer)
    response = client.post(_merge_url(survivor, merged), {"reason": "Same person, Somali spelling."})
    merge = PersonMerge.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("people:merge_detail", args=[merge.pk])

    response = client.get(reverse("people:detail", args=[merged.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("people:detail", args=[survivor.pk])
    text = response.content.decode()
    assert "was merged into this one" in text and merged.national_id in text
    assert AuditEntry.objects.filter(object_type="core.person.tombstone", object_id=str(merged.pk)).exists()

    listing = client.get(reverse("people:merges")).content.decode()
    assert "In force" in listing and merged.national_id in listing
    people = client.get(reverse("people:list"), {"q": "Hassan"}).content.decode()
    assert "Cabdiraxmaan" not in people and "Abdirahman" in people

    detail = client.get(reverse("people:merge_detail", args=[merge.pk]))
    assert "Undo the merge" in detail.content.decode()
    response = client.post(reverse("people:merge_detail", args=[merge.pk]), {"reason": "Two people."})
    assert response.status_code == 302
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert client.get(reverse("people:detail", args=[merged.pk])).status_code == 200
    assert "Undone" in client.get(reverse("people:merges")).content.decode()


def test_a_refused_merge_shows_the_reason_and_no_button(login, officer, pair, caseworker):
    survivor, merged = pair
    for person in pair:
        case_create(actor=caseworker, category="reception", members=[person], decision_date=datetime.date(2019, 1, 20))
    text = login(officer).get(_merge_url(survivor, merged)).content.decode()
    assert "resolve one case first" in text
    assert "Merge " + merged.national_id not in text
    response = login(officer).post(_merge_url(survivor, merged), {"reason": "Same."})
    assert response.status_code == 200 and not PersonMerge.objects.exists()


def test_choose_by_identifier(login, officer, pair):
    survivor, merged = pair
    response = login(officer).get(reverse("people:merge"), {"survivor_identifier": survivor.national_id,
                                                            "merged_identifier": merged.national_id})
    assert response.status_code == 302 and response["Location"] == _merge_url(survivor, merged)
    response = login(officer).get(reverse("people:merge"), {"survivor_identifier": "123", "merged_identifier": "99999999999"})
    assert response.status_code == 200 and "No person you have access to" in response.content.decode()
    assert login(officer).get(reverse("people:merge") + "?survivor=abc&merged=-1").status_code == 200


def test_only_managers_of_duplicates_reach_the_pages(login, caseworker, pair):
    survivor, merged = pair
    assert login(caseworker).get(_merge_url(survivor, merged)).status_code == 403
    assert login(caseworker).get(reverse("people:merges")).status_code == 403


def test_shielded_persons_and_their_merges_are_hidden_from_an_officer_who_may_not_see_them(login, officer, pair,
                                                                                            caseworker):
    survivor, merged = pair
    case_create(actor=caseworker, category="reception", members=[survivor], decision_date=datetime.date(2019, 1, 20),
                shielded_identity=True)
    assert login(officer).get(_merge_url(survivor, merged)).status_code == 404
    designated = user_create(username="dq-skjerming", organisation=directorate(), password=None,
                             roles=[Role.DATA_QUALITY_OFFICER, Role.SHIELDED_IDENTITY_OFFICER])
    merge = person_merge(actor=designated, survivor=survivor, merged=merged, reason="Same person.")
    assert login(officer).get(reverse("people:merge_detail", args=[merge.pk])).status_code == 404
    assert survivor.family_name not in login(officer).get(reverse("people:merges")).content.decode()
    # The old link of the merged record leads nowhere for someone who may not see the survivor.
    assert login(officer).get(reverse("people:detail", args=[merged.pk])).status_code == 404
    assert login(designated).get(reverse("people:merge_detail", args=[merge.pk])).status_code == 200


def test_the_person_page_links_to_merges_for_managers_only(login, officer, caseworker, pair):
    survivor, _merged = pair
    url = reverse("people:detail", args=[survivor.pk])
    assert "Merges of this person" in login(officer).get(url).content.decode()
    assert "Merges of this person" not in login(caseworker).get(url).content.decode()


def test_the_tombstone_keeps_its_identifier(officer, pair):
    survivor, merged = pair
    person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same.")
    assert Person.objects.get(national_id=merged.national_id).merged_into == survivor


def _naming(person_pks, before):
    counts = {pk: 0 for pk in person_pks}
    for entry in AuditEntry.objects.filter(pk__gt=before):
        named = {entry.person_id, *AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True)}
        for pk in person_pks:
            counts[pk] += pk in named
    return counts


def test_each_page_showing_the_persons_writes_one_entry_naming_each(login, officer, pair):
    survivor, merged = pair
    client = login(officer)
    merge = person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same.")
    for url in (_merge_url(survivor, merged), reverse("people:merges"),
                reverse("people:merge_detail", args=[merge.pk])):
        before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert client.get(url).status_code == 200
        assert _naming([survivor.pk, merged.pk], before) == {survivor.pk: 1, merged.pk: 1}, url


def test_bad_pairs_are_clear(login, officer, pair):
    survivor, _merged = pair
    client = login(officer)
    assert client.get(reverse("people:merge") + f"?survivor={survivor.pk}&merged=999999999").status_code == 404
    text = client.get(_merge_url(survivor, survivor)).content.decode()
    assert "cannot be merged with themselves" in text
    assert client.get(reverse("people:merges") + "?person=abc&page=zz").status_code == 200
    assert client.get(reverse("people:merge_detail", args=[999999999])).status_code == 404


def test_a_relation_by_a_merged_number_reaches_the_survivor(login, officer, caseworker, pair, make_person):
    survivor, merged = pair
    person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same.")
    child = make_person(municipality="0301", given_name="Barn", birth_date=datetime.date(2015, 1, 1))
    response = login(caseworker).post(reverse("people:relation_create", args=[child.pk]),
                                      {"relative_identifier": merged.national_id, "kind": "sibling"})
    assert response.status_code == 302
    assert FamilyRelation.objects.filter(kind="sibling", person=survivor, relative=child).exists()  # lower id first


def test_the_audit_search_for_the_survivor_finds_the_merged_records_entries(officer, pair, make_user):
    from nyinorge.core.selectors.audit import audit_entries

    survivor, merged = pair
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, person=merged)
    person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same.")
    reader = make_user(Role.DIRECTORATE_ADMINISTRATOR)
    assert created in audit_entries(actor=reader, person=survivor.national_id)


def test_a_case_registered_by_a_merged_number_takes_the_survivor(login, officer, caseworker, pair):
    from nyinorge.settlement.models import Case

    survivor, merged = pair
    person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same.")
    response = login(caseworker).post(reverse("settlement:case_create"), {
        "category": "resettlement", "members": f"{merged.national_id}\n{survivor.national_id}",
        "decision_date": "2019-02-01"})
    assert response.status_code == 302
    assert [m.person for m in Case.objects.get().members.all()] == [survivor]
