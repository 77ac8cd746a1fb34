"""The settlement interview: service rules, what completing feeds to the case, the ready guard, the lists, the
municipality's view of the competence before and after acceptance, and the matching's allowed municipalities."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyinorge.competence.models import CompetenceRegistration, LanguageSkill, SettlementInterview, WorkExperience
from nyinorge.competence.selectors.interviews import preparation_by_case
from nyinorge.competence.services.interviews import InterviewInput, StaleInterview, TieInput, interview_save
from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Role
from nyinorge.core.workflow import IllegalTransition
from nyinorge.settlement.models import Case
from nyinorge.settlement.selectors.cases import _with_members
from nyinorge.settlement.services.cases import case_accept, case_make_ready, case_propose
from nyinorge.settlement.services.cases_bulk import Step, cases_transition_bulk
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.housing import housing_notice_register
from nyinorge.settlement.services.suggestions import allowed_municipalities, instance_build, notice_for_case

pytestmark = pytest.mark.django_db
HELD = datetime.date(2019, 3, 1)


@pytest.fixture
def centre(reception_centre):
    return reception_centre("Mottak Intervju")


@pytest.fixture
def staff(make_user, centre):
    return make_user(Role.RECEPTION_STAFF, centre)


@pytest.fixture
def family_case(caseworker, make_person, centre):
    from nyinorge.settlement.services.cases import case_create
    members = [make_person(given_name="Karim", family_name="Zahedi", centre=centre, birth_date=datetime.date(1980, 1, 1)),
               make_person(given_name="Layla", family_name="Zahedi", centre=centre, birth_date=datetime.date(1984, 2, 2)),
               make_person(given_name="Omid", family_name="Zahedi", centre=centre, birth_date=datetime.date(2015, 3, 3))]
    return case_create(actor=caseworker, category="reception", members=members, decision_date=datetime.date(2019, 1, 15),
                       reception_centre=centre)


def complete_data(**changes) -> InterviewInput:
    values = dict(held_on=HELD, family_situation="To voksne og ett barn.", rooms_needed=2, accessible_dwelling=True,
                  health_needs="Bruker rullestol", ties=[
                      TieInput(municipality=Municipality.objects.get(number="5001"), relation="friend"),
                      TieInput(municipality=Municipality.objects.get(number="4601"), relation="sibling"),
                      TieInput(municipality=Municipality.objects.get(number="0301"), relation="parent")])
    values.update(changes)
    return InterviewInput(**values)


def test_completing_feeds_the_case_in_one_transaction_with_an_audit_entry(staff, family_case):
    draft = interview_save(actor=staff, case=family_case, data=InterviewInput(family_situation="Utkast"))
    assert (draft.status, draft.version) == ("draft", 1)
    before = AuditEntry.objects.count()
    done = interview_save(actor=staff, case=family_case, data=complete_data(), complete=True, version=1)
    assert (done.status, done.version, done.network_ties.count()) == ("completed", 2, 3)
    case = Case.objects.get(pk=family_case.pk)
    # Parent is closer than sibling; a friend never counts.
    assert case.network_municipality_id == "0301"
    assert case.special_needs
    assert "rullestoltilpasset" in case.needs_summary and "Soverom" in case.needs_summary
    assert "Bruker rullestol" in case.needs_summary
    entry = AuditEntry.objects.order_by("-pk").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.object_type == "competence.settlement_interview" and "completed" in entry.detail
    assert entry.subjects.count() + (1 if entry.person_id else 0) == 3


def test_refusals_leave_nothing_half_saved(staff, family_case):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    for data, key in [(complete_data(held_on=tomorrow), "held_on"),
                      (complete_data(held_on=datetime.date(2018, 12, 1)), "held_on"),
                      (complete_data(rooms_needed=None), "rooms_needed"),
                      (complete_data(held_on=None), "held_on"),
                      (complete_data(interpreter_language=""), None)]:
        if key is None:
            continue
        with pytest.raises(ValidationError) as refused:
            interview_save(actor=staff, case=family_case, data=data, complete=True)
        assert key in refused.value.message_dict
    assert not SettlementInterview.objects.filter(case=family_case).exists()
    assert Case.objects.get(pk=family_case.pk).needs_summary == ""


def test_a_stale_version_is_refused_not_overwritten(staff, family_case):
    interview_save(actor=staff, case=family_case, data=InterviewInput(family_situation="Første"))
    interview_save(actor=staff, case=family_case, data=InterviewInput(family_situation="Andre"), version=1)
    with pytest.raises(StaleInterview):
        interview_save(actor=staff, case=family_case, data=InterviewInput(family_situation="Tredje"), version=1)
    assert SettlementInterview.objects.get(case=family_case).family_situation == "Andre"


def test_another_centre_cannot_hold_the_interview(make_user, reception_centre, family_case):
    other = make_user(Role.RECEPTION_STAFF, reception_centre("Annet mottak"))
    with pytest.raises(Exception) as refused:
        interview_save(actor=other, case=family_case, data=InterviewInput())
    assert refused.type.__name__ == "PermissionDenied"


def test_an_interpreter_must_be_listed_in_the_language(staff, family_case, listed):
    interpreter = listed("ar")
    with pytest.raises(ValidationError) as refused:
        interview_save(actor=staff, case=family_case, data=complete_data(interpreter=interpreter,
                                                                         interpreter_language="ti"), complete=True)
    assert "interpreter_language" in refused.value.message_dict
    saved = interview_save(actor=staff, case=family_case, data=complete_data(interpreter=interpreter,
                                                                             interpreter_language="ar"), complete=True)
    assert saved.interpreter == interpreter


# --- The ready guard ---------------------------------------------------------------------------------------


def test_ready_is_refused_without_a_completed_interview_unless_a_reason_is_given(caseworker, staff, family_case):
    with pytest.raises(IllegalTransition, match="Bosettingssamtalen er ikke fullført"):
        case_make_ready(actor=caseworker, case=family_case)
    interview_save(actor=staff, case=family_case, data=InterviewInput(family_situation="Utkast"))
    with pytest.raises(IllegalTransition):
        case_make_ready(actor=caseworker, case=family_case)
    ready = case_make_ready(actor=caseworker, case=family_case, reason="Familien haster: akutt helsebehov.")
    assert ready.state == "ready"
    assert ready.transitions.get(name="make_ready").reason == "Familien haster: akutt helsebehov."


def test_ready_after_a_completed_interview_needs_no_reason(caseworker, staff, family_case):
    interview_save(actor=staff, case=family_case, data=complete_data(), complete=True)
    assert case_make_ready(actor=caseworker, case=family_case).state == "ready"


def test_bulk_loads_pass_the_guard_only_with_a_reason(caseworker, family_case):
    with pytest.raises(IllegalTransition):
        cases_transition_bulk(actor=caseworker, name="make_ready", steps=[Step(case=family_case, on=HELD)])
    moved = cases_transition_bulk(actor=caseworker, name="make_ready",
                                  steps=[Step(case=family_case, on=HELD, reason="Historisk innlasting")])
    assert moved[0].state == "ready"


def test_the_case_page_asks_for_a_reason_and_keeps_it_in_the_history(login, caseworker, family_case):
    client = login(caseworker)
    page = client.get(reverse("settlement:case", args=[family_case.pk])).content.decode()
    assert 'data-testid="ready-refusal"' in page
    url = reverse("settlement:case_action", args=[family_case.pk, "make_ready"])
    refused = client.post(url, {"make_ready-reason": ""})
    assert refused.status_code == 400 and "Bosettingssamtalen er ikke fullført" in refused.content.decode()
    assert Case.objects.get(pk=family_case.pk).state == "registered"
    client.post(url, {"make_ready-reason": "Samtalen holdes etter ankomst."})
    case = Case.objects.get(pk=family_case.pk)
    assert case.state == "ready"
    assert "Samtalen holdes etter ankomst." in client.get(reverse("settlement:case", args=[case.pk])).content.decode()


# --- Lists ------------------------------------------------------------------------------------------------


def test_the_queue_shows_interview_and_competence_in_constant_queries(caseworker, staff, make_person, centre, login):
    from nyinorge.settlement.services.cases import case_create
    cases = []
    for n in range(6):
        adult = make_person(given_name=f"Voksen{n}", centre=centre, birth_date=datetime.date(1985, 1, 1))
        child = make_person(given_name=f"Barn{n}", centre=centre, birth_date=datetime.date(2015, 1, 1))
        case = case_create(actor=caseworker, category="reception", members=[adult, child],
                           decision_date=datetime.date(2019, 1, 15), reception_centre=centre)
        CompetenceRegistration.objects.create(person=adult, sections_done=["languages", "schooling"] if n else
                                              list(CompetenceRegistration.Section.values),
                                              completed_at=None if n else datetime.datetime(2019, 2, 1, tzinfo=datetime.UTC))
        cases.append(case)
    interview_save(actor=staff, case=cases[0], data=complete_data(), complete=True)
    interview_save(actor=staff, case=cases[1], data=InterviewInput())
    shown = list(_with_members(Case.objects.filter(pk__in=[c.pk for c in cases])).order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        preparation = preparation_by_case(shown)
    assert len(queries) == 2
    assert (preparation[cases[0].pk].interview, preparation[cases[0].pk].competence_percent,
            preparation[cases[0].pk].completed) == ("completed", 100, 1)
    assert (preparation[cases[1].pk].interview, preparation[cases[1].pk].competence_percent) == ("draft", 25)
    assert preparation[cases[2].pk].interview is None and preparation[cases[2].pk].eligible == 1
    client = login(caseworker)
    url = reverse("settlement:queue") + "?state=registered"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(6, 12):
        adult = make_person(given_name=f"Voksen{n}", centre=centre, birth_date=datetime.date(1985, 1, 1))
        case_create(actor=caseworker, category="reception", members=[adult], decision_date=datetime.date(2019, 1, 15),
                    reception_centre=centre)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert len(large) == len(small)
    assert "Intervju: fullført" in page and "Kompetanse: 100 %" in page


# --- The municipality's view of the competence -------------------------------------------------------------


@pytest.fixture
def shared_registrations(family_case):
    karim, layla, _omid = [m.person for m in family_case.members.order_by("person__birth_date")]
    registration = CompetenceRegistration.objects.create(person=karim, highest_level="6", consent_share=True,
                                                         driving_licence="B", wish_work="Jobbe på Haukeland sykehus")
    LanguageSkill.objects.create(registration=registration, language="ar", level="native")
    WorkExperience.objects.create(registration=registration, occupation="2221", years=6,
                                  description="Sykepleier ved Al-Shifa i Gaza by")
    CompetenceRegistration.objects.create(person=layla, highest_level="7", consent_share=False)
    return family_case


def test_before_accepting_the_municipality_sees_coded_competence_and_no_names(
        login, caseworker, staff, shared_registrations, year_2019, oslo, oslo_user):
    case = shared_registrations
    municipal_decision_register(actor=caseworker, year=year_2019, municipality=oslo, persons=10,
                                unaccompanied_minors=0, decided_on=datetime.date(2019, 1, 15))
    interview_save(actor=staff, case=case, data=complete_data(), complete=True)
    case = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=case), municipality=oslo,
                        year=year_2019)
    client = login(oslo_user)
    for url in (reverse("settlement:case", args=[case.pk]), reverse("settlement:inbox")):
        page = client.get(url).content.decode()
        assert "STYRK 2221 Sykepleiere" in page and "Arabisk" in page
        for secret in ("Karim", "Layla", "Zahedi", "Haukeland", "Al-Shifa", "Master"):
            assert secret not in page, (url, secret)
    page = client.get(reverse("settlement:case", args=[case.pk])).content.decode()
    assert "Ikke delt" in page
    assert "Trenger rullestoltilpasset bolig" in page
    case_accept(actor=oslo_user, case=case)
    page = client.get(reverse("settlement:case", args=[case.pk])).content.decode()
    assert "Karim Zahedi" in page and "Jobbe på Haukeland sykehus" in page
    # Layla did not consent: after acceptance too, the municipality sees no registration of hers.
    assert "Master" not in page


def test_the_interview_page_for_staff_and_refusals(login, staff, caseworker, oslo_user, family_case, make_user,
                                                   reception_centre):
    url = reverse("competence:interview", args=[family_case.pk])
    client = login(staff)
    page = client.get(url)
    assert page.status_code == 200 and "Karim Zahedi" in page.content.decode()
    added = client.post(url, {"action": "add_tie", "tie-TOTAL_FORMS": "0", "tie-INITIAL_FORMS": "0",
                              "family_situation": "Skrevet"})
    assert added.content.decode().count('data-testid="tie-row"') == 1 and "Skrevet" in added.content.decode()
    assert not SettlementInterview.objects.filter(case=family_case).exists()
    htmx = client.post(url, {"action": "add_tie", "tie-TOTAL_FORMS": "1", "tie-INITIAL_FORMS": "0"},
                       HTTP_HX_REQUEST="true")
    assert htmx.content.decode().count('data-testid="tie-row"') == 2 and "<html" not in htmx.content.decode()
    data = {"action": "complete", "held_on": "2019-03-01", "family_situation": "To voksne og ett barn.",
            "rooms_needed": "25", "tie-TOTAL_FORMS": "1", "tie-INITIAL_FORMS": "0",
            "tie-0-municipality": "0301", "tie-0-relation": "spouse"}
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "rooms_needed": "2"}).status_code == 302
    assert Case.objects.get(pk=family_case.pk).network_municipality_id == "0301"
    assert login(oslo_user).get(url).status_code == 403
    other = make_user(Role.RECEPTION_STAFF, reception_centre("Fremmed mottak"))
    assert login(other).get(url).status_code == 404


# --- Matching and housing ---------------------------------------------------------------------------------


def test_close_family_restricts_the_municipalities_and_housing_needs_pick_the_notice(
        caseworker, staff, family_case, year_2019, oslo, oslo_user, make_user, municipality_org):
    assert allowed_municipalities(["0301", "4601", "5001"], ["4601"]) == ["4601"]
    assert allowed_municipalities(["0301", "5001"], ["4601"]) == ["0301", "5001"]
    for number in ("0301", "4601", "5001"):
        municipal_decision_register(actor=caseworker, year=year_2019, municipality=Municipality.objects.get(number=number),
                                    persons=10, unaccompanied_minors=0, decided_on=datetime.date(2019, 1, 15))
    interview_save(actor=staff, case=family_case, data=complete_data(), complete=True)
    case_make_ready(actor=caseworker, case=family_case)
    instance, _cases, _values = instance_build(year=year_2019, today=datetime.date(2019, 6, 1))
    case = next(c for c in instance.cases if c.id == str(family_case.pk))
    assert set(case.values) == {"0301", "4601"}
    assert case.demand["accessible_dwellings"] == 1
    until = datetime.date.today() + datetime.timedelta(days=60)
    flat = housing_notice_register(actor=oslo_user, municipality=oslo, rooms=4, accessible=False,
                                   ready_date=datetime.date.today(), available_until=until)
    small = housing_notice_register(actor=oslo_user, municipality=oslo, rooms=1, accessible=True,
                                    ready_date=datetime.date.today(), available_until=until)
    fitting = housing_notice_register(actor=oslo_user, municipality=oslo, rooms=3, accessible=True,
                                      ready_date=datetime.date.today(), available_until=until)
    assert notice_for_case(family_case, oslo) == fitting
    for wrong in (flat, small):
        with pytest.raises(ValidationError) as refused:
            case_propose(actor=caseworker, case=family_case, municipality=oslo, year=year_2019, housing_notice=wrong)
        assert "housing_notice" in refused.value.message_dict
    assert case_propose(actor=caseworker, case=family_case, municipality=oslo, year=year_2019,
                        housing_notice=fitting).housing_notice == fitting


def test_the_demo_reception_centre_has_a_completed_and_a_draft_interview(login):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("load_demo", "--force")
    interviews = SettlementInterview.objects.select_related("case__reception_centre")
    assert sorted(interviews.values_list("status", flat=True)) == ["completed", "draft"]
    assert {i.case.reception_centre.name for i in interviews} == {"Demo mottak Lier"}
    completed = interviews.get(status="completed")
    assert completed.case.state == "ready" and not completed.case.transitions.get(name="make_ready").reason
    page = login(get_user_model().objects.get(username="mottak")).get(reverse("settlement:residents")).content.decode()
    assert "Intervju: fullført" in page and "Intervju: startet" in page


def test_the_inbox_reads_the_competence_of_a_page_at_once(login, caseworker, make_person, year_2019, oslo, oslo_user):
    from nyinorge.settlement.services.cases import case_create
    municipal_decision_register(actor=caseworker, year=year_2019, municipality=oslo, persons=40,
                                unaccompanied_minors=0, decided_on=datetime.date(2019, 1, 15))

    def propose_one(n: int) -> None:
        person = make_person(given_name=f"Hemmelig{n}", birth_date=datetime.date(1985, 1, 1))
        registration = CompetenceRegistration.objects.create(person=person, consent_share=True, highest_level="3")
        LanguageSkill.objects.create(registration=registration, language="so", level="B1")
        case = case_create(actor=caseworker, category="resettlement", members=[person],
                           decision_date=datetime.date(2019, 1, 15))
        case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=case), municipality=oslo,
                     year=year_2019)

    propose_one(0)
    client = login(oslo_user)
    url = reverse("settlement:inbox")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 6):
        propose_one(n)
    with CaptureQueriesContext(connection) as six:
        page = client.get(url).content.decode()
    assert len(six) == len(one)
    assert page.count("Somali: B1") == 6 and "Hemmelig" not in page
