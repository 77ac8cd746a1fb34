"""The settlement pages, through the test client: who sees what, and every action by form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.core.roles import Role
from nyinorge.settlement.models import Case, HousingNotice
from nyinorge.settlement.services.cases import case_accept, case_make_ready
from nyinorge.settlement.workflow import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def bergen_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))


def _viewed(person, since: int) -> bool:
    return AuditSubject.objects.filter(person=person, entry__id__gt=since, entry__action="view").exists()


def _last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_queue_longest_waiting_first_filters_and_audit(login, caseworker, new_case, make_person):
    old = case_make_ready(actor=caseworker, case=new_case(decision_date=datetime.date(2018, 3, 1)))
    recent = case_make_ready(actor=caseworker, case=new_case(decision_date=datetime.date(2019, 1, 10)))
    minor = case_make_ready(actor=caseworker, case=new_case(minor=True))
    registered_only = new_case()
    since = _last_audit_id()
    response = login(caseworker).get(reverse("settlement:queue"))
    assert response.status_code == 200
    shown = [case.pk for case in response.context["cases"]]
    assert shown == [old.pk, recent.pk, minor.pk]
    assert registered_only.pk not in shown
    assert _viewed(old.members.first().person, since)
    response = login(caseworker).get(reverse("settlement:queue"), {"flag": "unaccompanied_minor"})
    assert [case.pk for case in response.context["cases"]] == [minor.pk]
    response = login(caseworker).get(reverse("settlement:queue"), {"state": "registered"})
    assert [case.pk for case in response.context["cases"]] == [registered_only.pk]
    response = login(caseworker).get(reverse("settlement:queue"), {"flag": "bogus"})
    assert response.status_code == 200  # an invalid filter shows the unfiltered queue, never an error page


def test_directorate_proposes_municipality_accepts_directorate_settles(login, caseworker, oslo_user, oslo_decision, new_case, oslo, year_2019):
    case = case_make_ready(actor=caseworker, case=new_case(size=2))
    page = login(caseworker).get(reverse("settlement:case", args=[case.pk]))
    assert page.status_code == 200 and "propose" in page.context["forms"]
    response = login(caseworker).post(reverse("settlement:case_action", args=[case.pk, "propose"]), {"municipality": "0301"})
    assert response.status_code == 302, response.content
    case.refresh_from_db()
    assert case.state == State.PROPOSED and case.municipality_id == "0301"

    inbox = login(oslo_user).get(reverse("settlement:inbox"))
    assert [c.pk for c in inbox.context["cases"]] == [case.pk]
    names = [m.person.given_name for m in case.members.all()]
    assert all(name not in inbox.content.decode() for name in names)  # need to know: no names before accepting
    response = login(oslo_user).post(reverse("settlement:case_action", args=[case.pk, "accept"]))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACCEPTED

    response = login(caseworker).post(reverse("settlement:case_action", args=[case.pk, "settle"]),
                                      {"settlement_date": "2019-04-15"})
    assert response.status_code == 302
    page = login(caseworker).get(reverse("settlement:case", args=[case.pk]))
    assert f"{90 / (365.25 / 12):.1f}".replace(".", ",") in page.content.decode()  # bokmål decimal comma
    assert [t.name for t in page.context["transitions"]] == ["make_ready", "propose", "accept", "settle"]


def test_another_municipality_can_neither_see_nor_answer(login, bergen_user, proposed):
    case = proposed()
    assert login(bergen_user).get(reverse("settlement:case", args=[case.pk])).status_code == 404
    assert login(bergen_user).post(reverse("settlement:case_action", args=[case.pk, "accept"])).status_code == 404
    assert login(bergen_user).post(reverse("settlement:case_action", args=[case.pk, "decline"]),
                                   {"decline-reason": "no"}).status_code == 404
    assert list(login(bergen_user).get(reverse("settlement:inbox")).context["cases"]) == []
    case.refresh_from_db()
    assert case.state == State.PROPOSED


def test_decline_without_reason_is_a_form_error_not_a_crash(login, oslo_user, proposed):
    case = proposed()
    with translation.override("en"):
        response = login(oslo_user).post(reverse("settlement:case_action", args=[case.pk, "decline"]), {"decline-reason": " "},
                                         HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["forms"]["decline"].errors
    response = login(oslo_user).post(reverse("settlement:case_action", args=[case.pk, "decline"]),
                                     {"decline-reason": "no dwelling of that size"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.DECLINED


def test_quota_refusal_is_a_message(login, oslo_user, oslo_decision, proposed):
    case = proposed(size=5)  # 4 places for others
    response = login(oslo_user).post(reverse("settlement:case_action", args=[case.pk, "accept"]), follow=True)
    assert response.status_code == 200
    assert any("4" in str(m) for m in response.context["messages"])
    case.refresh_from_db()
    assert case.state == State.PROPOSED


def test_propose_form_shows_remaining_places(login, caseworker, oslo_user, oslo_decision, proposed, new_case):
    case_accept(actor=oslo_user, case=proposed(size=3))
    ready = case_make_ready(actor=caseworker, case=new_case())
    form = login(caseworker).get(reverse("settlement:case", args=[ready.pk])).context["forms"]["propose"]
    labels = dict((str(value), label) for value, label in form.fields["municipality"].choices)
    assert "1" in labels["0301"] and "2" in labels["0301"]  # 1 place left for others, 2 for minors
    assert "4601" in labels


def test_unknown_action_and_wrong_method(login, caseworker, new_case):
    case = new_case()
    assert login(caseworker).post(reverse("settlement:case_action", args=[case.pk, "explode"])).status_code == 403
    assert login(caseworker).get(reverse("settlement:case_action", args=[case.pk, "make_ready"])).status_code == 405


def test_overdue_list(login, caseworker, proposed):
    late, on_time = proposed(), proposed()
    Case.objects.filter(pk=late.pk).update(answer_deadline=timezone.localdate() - datetime.timedelta(days=2))
    response = login(caseworker).get(reverse("settlement:overdue"))
    assert [c.pk for c in response.context["cases"]] == [late.pk]


def test_housing_notice_page(login, oslo_user, bergen_user):
    today = timezone.localdate()
    response = login(oslo_user).post(reverse("settlement:housing"), {
        "rooms": "3", "accessible": "on", "ready_date": today.isoformat(),
        "available_until": (today + datetime.timedelta(days=30)).isoformat(), "note": "2. etasje, heis"})
    assert response.status_code == 302
    notice = HousingNotice.objects.get()
    assert notice.accessible and notice.municipality_id == "0301"
    response = login(oslo_user).post(reverse("settlement:housing"), {"rooms": "0", "ready_date": "x", "available_until": ""})
    assert response.status_code == 400 and HousingNotice.objects.count() == 1
    assert login(bergen_user).post(reverse("settlement:housing_withdraw", args=[notice.pk])).status_code == 404
    assert login(oslo_user).post(reverse("settlement:housing_withdraw", args=[notice.pk])).status_code == 302
    notice.refresh_from_db()
    assert notice.state == HousingNotice.State.WITHDRAWN


def test_decision_page_registers_revisions(login, oslo_user, year_2019):
    page = login(oslo_user).get(reverse("settlement:decision"))
    assert page.status_code == 200
    response = login(oslo_user).post(reverse("settlement:decision"),
                                     {"persons": "40", "unaccompanied_minors": "50", "decided_on": "2019-01-10"})
    assert response.status_code == 400  # more minors than persons
    response = login(oslo_user).post(reverse("settlement:decision"),
                                     {"persons": "40", "unaccompanied_minors": "5", "decided_on": "2019-01-10"})
    assert response.status_code == 302
    assert login(oslo_user).get(reverse("settlement:decision")).context["capacity"].decided == 40


def test_year_overview_counts_settled(login, caseworker, oslo_user, oslo_decision, proposed):
    from nyinorge.settlement.services.cases import case_settle

    case = case_accept(actor=oslo_user, case=proposed(size=2))
    case_settle(actor=caseworker, case=case, settlement_date=datetime.date(2019, 3, 1))
    response = login(caseworker).get(reverse("settlement:overview"), {"year": "2019"})
    row = next(r for r in response.context["rows"] if r.municipality.number == "0301")
    assert (row.decided, row.decided_unaccompanied_minors, row.settled) == (6, 2, 2)
    assert response.context["nation"].settled == 2


def test_reception_centre_sees_its_residents_only(login, make_user, caseworker, reception_centre, new_case):
    centre, other = reception_centre("Eget"), reception_centre("Annet", host="4614")
    own_case = new_case(reception_centre=centre)
    new_case(reception_centre=other)
    staff = make_user(Role.RECEPTION_STAFF, centre)
    response = login(staff).get(reverse("settlement:residents"))
    assert [c.pk for c in response.context["cases"]] == [own_case.pk]
    assert login(staff).get(reverse("settlement:queue")).status_code == 403


def test_shielded_names_only_for_the_designated_officer(login, caseworker, make_user, new_case, make_person):
    case = case_make_ready(actor=caseworker, case=new_case(shielded_identity=True))
    name = case.members.first().person.full_name
    assert name not in login(caseworker).get(reverse("settlement:queue")).content.decode()
    assert name not in login(caseworker).get(reverse("settlement:case", args=[case.pk])).content.decode()
    officer = make_user(Role.SHIELDED_IDENTITY_OFFICER)
    officer.role_assignments.create(role=Role.DIRECTORATE_CASEWORKER)
    officer = type(officer).objects.get(pk=officer.pk)
    assert name in login(officer).get(reverse("settlement:case", args=[case.pk])).content.decode()


@pytest.mark.parametrize("url_name", ["settlement:queue", "settlement:overdue", "settlement:overview", "settlement:notices_open",
                                      "settlement:case_create"])
def test_directorate_pages_are_closed_to_municipalities(login, oslo_user, url_name):
    assert login(oslo_user).get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", ["settlement:inbox", "settlement:accepted", "settlement:settled", "settlement:housing",
                                      "settlement:decision"])
def test_municipal_pages_are_closed_to_reception_staff(login, make_user, reception_centre, url_name):
    staff = make_user(Role.RECEPTION_STAFF, reception_centre())
    assert login(staff).get(reverse(url_name)).status_code == 403


def test_register_a_case_by_identifiers(login, caseworker, make_person):
    adult, child = make_person(), make_person(birth_date=datetime.date(2012, 2, 2))
    response = login(caseworker).post(reverse("settlement:case_create"), {
        "category": "resettlement", "members": f"{adult.national_id}\n{child.national_id}", "decision_date": "2019-02-01"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.persons_count == 2 and case.is_family_with_children
    response = login(caseworker).post(reverse("settlement:case_create"), {
        "category": "resettlement", "members": "12345678901", "decision_date": "2019-02-01"})
    assert response.status_code == 200 and response.context["form"].errors["members"]


def test_shielded_people_are_hidden_from_the_person_registry(login, caseworker, make_user, new_case):
    case = new_case(shielded_identity=True)
    person = case.members.first().person
    assert login(caseworker).get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert person not in login(caseworker).get(reverse("people:list")).context["page"].object_list
    officer = make_user(Role.SHIELDED_IDENTITY_OFFICER)
    officer.role_assignments.create(role=Role.DIRECTORATE_CASEWORKER)
    officer = type(officer).objects.get(pk=officer.pk)
    assert login(officer).get(reverse("people:detail", args=[person.pk])).status_code == 200


def test_the_yearly_request_by_pages(login, caseworker):
    manage = reverse("settlement:year_manage")
    assert login(caseworker).get(manage).status_code == 200
    assert login(caseworker).post(reverse("settlement:year_create"), {"year": "2019", "national_target": "100",
                                                                       "answer_deadline_days": "7"}).status_code == 302
    assert login(caseworker).post(reverse("settlement:year_create"), {"year": "2019", "national_target": "100",
                                                                       "answer_deadline_days": "7"}).status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.settlement.conftest import HEADER

    rows = "0301,700000,0.7,0.6,0.30,true,900\n4601,285000,0.7,0.6,0.10,true,500\n5001,205000,0.7,0.6,0.10,true,400\n"
    bad = SimpleUploadedFile("i.csv", (HEADER + "9999,1,0.5,0.5,0.1,true,0\n").encode())
    response = login(caseworker).post(reverse("settlement:year_indicators", args=[2019]), {"file": bad})
    assert response.status_code == 400 and "9999" in str(response.context["import_form"].errors)
    good = SimpleUploadedFile("i.csv", ("\ufeff" + HEADER + rows).encode())
    assert login(caseworker).post(reverse("settlement:year_indicators", args=[2019]), {"file": good}).status_code == 302
    assert login(caseworker).post(reverse("settlement:year_compute", args=[2019])).status_code == 302
    page = login(caseworker).get(manage, {"year": "2019"})
    assert sum(line.requested for line in page.context["lines"]) == 100
    assert "0301" in {line.municipality_id for line in page.context["excluded"]}  # immigrant share 0.30 > 0.25
    response = login(caseworker).post(reverse("settlement:year_override", args=[2019]),
                                      {"municipality": "0301", "requested": "10", "reason": "Oslo offered places"})
    assert response.status_code == 302
    page = login(caseworker).get(manage, {"year": "2019"})
    assert page.context["version"].number == 2
    assert sum(line.requested for line in page.context["lines"]) == 100
    assert {line.municipality_id: line.requested for line in page.context["lines"]}["0301"] == 10


@pytest.mark.parametrize("url_name, who", [
    ("settlement:queue", "directorate"), ("settlement:overdue", "directorate"), ("settlement:inbox", "municipality"),
    ("settlement:accepted", "municipality"), ("settlement:settled", "municipality"), ("settlement:residents", "reception"),
])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_case_list_exports_and_the_export_is_audited(login, caseworker, oslo_user, make_user, reception_centre,
                                                           url_name, who, file_format):
    user = {"directorate": caseworker, "municipality": oslo_user}.get(who) or make_user(Role.RECEPTION_STAFF, reception_centre())
    since = _last_audit_id()
    response = login(user).get(reverse(url_name), {"format": file_format})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert ("text/csv" if file_format == "csv" else "spreadsheetml") in response["Content-Type"]
    assert login(user).get(reverse(url_name), {"format": "pdfx"}).status_code == 400
    # Every export is logged, even of an empty list (which names nobody).
    entry = AuditEntry.objects.get(id__gt=since, action="export")
    assert not AuditSubject.objects.filter(entry=entry).exists()


def test_export_names_exactly_the_people_in_the_list(login, caseworker, new_case, proposed):
    ready = case_make_ready(actor=caseworker, case=new_case(size=2))
    waiting_elsewhere = proposed()
    since = _last_audit_id()
    response = login(caseworker).get(reverse("settlement:queue"), {"format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert str(ready.pk) in body
    entry = AuditEntry.objects.get(id__gt=since, action="export")
    exported = set(AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True))
    assert exported == {m.person_id for m in ready.members.all()}
    assert not exported & {m.person_id for m in waiting_elsewhere.members.all()}


def test_a_municipality_exports_its_own_proposals_without_names(login, oslo_user, bergen_user, proposed):
    case = proposed(size=2)
    body = login(oslo_user).get(reverse("settlement:inbox"), {"format": "csv"}).content.decode("utf-8-sig")
    assert str(case.pk) in body
    assert not any(m.person.full_name in body or m.person.national_id in body for m in case.members.all())
    other = login(bergen_user).get(reverse("settlement:inbox"), {"format": "csv"}).content.decode("utf-8-sig")
    assert len(other.strip().splitlines()) == 1  # the header only
