"""A small world for the application-based schemes: a scheme with three weighted criteria, an open call with a
form (text, choice, amount, a conditional section, a budget table), the directorate's grant officers (two, for
four eyes), a reviewer, a voluntary organisation and an employer with an applicant each, and a municipality that
administers a delegated call. Import the fixtures into a test module (`from tests.grants.schemes_fixtures import *`).
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from nyinorge.core.models import Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.grants.models import GrantCall, GrantScheme, SchemeCriterion, SchemeDelegation

_serial = itertools.count(1)


def t(nb: str, en: str) -> dict:
    return {"nb": nb, "en": en}


APPLICATION_FORM = {"sections": [
    {"key": "project", "title": t("Prosjektet", "The project"), "fields": [
        {"key": "summary", "type": "textarea", "label": t("Kort beskrivelse", "Short description"), "required": True,
         "max_length": 2000},
        {"key": "sub_goal", "type": "choice", "label": t("Delmål", "Sub-goal"), "required": True, "choices": [
            {"value": "a", "label": t("Del A: Fellesskap og tilhørighet", "Part A: Community and belonging")},
            {"value": "b", "label": t("Del B: Kunnskap og kvalifisering", "Part B: Knowledge and qualification")},
            {"value": "c", "label": t("Del C: Negativ sosial kontroll", "Part C: Negative social control")}]},
        {"key": "participants_planned", "type": "integer", "label": t("Planlagte deltakere", "Planned participants"),
         "min": 0, "max": 100000},
        {"key": "has_partner", "type": "boolean", "label": t("Samarbeidspartner?", "A partner?")},
    ]},
    {"key": "partner", "title": t("Samarbeidspartner", "Partner"), "show_if": {"field": "has_partner", "equals": True},
     "fields": [
         {"key": "partner_name", "type": "text", "label": t("Partnerens navn", "The partner's name"), "required": True},
         {"key": "partner_orgnr", "type": "orgnr", "label": t("Partnerens organisasjonsnummer",
                                                               "The partner's organisation number")},
     ]},
    {"key": "economy", "title": t("Økonomi", "Budget"), "fields": [
        {"key": "budget", "type": "budget", "label": t("Budsjett", "Budget"), "required": True},
    ]},
]}
REVIEW_FORM = {"sections": [
    {"key": "assessment", "title": t("Vurdering", "Assessment"), "fields": [
        {"key": "recommendation", "type": "choice", "label": t("Anbefaling", "Recommendation"), "required": True,
         "choices": [{"value": "grant", "label": t("Innvilg", "Grant")},
                     {"value": "reject", "label": t("Avslå", "Reject")}]},
        {"key": "note", "type": "textarea", "label": t("Merknad", "Note")},
    ]},
]}


def scheme_create(code: str = "volunteer", *, kind: str = "grant", participants: bool = False) -> GrantScheme:
    scheme = GrantScheme.objects.create(
        code=f"{code}-{next(_serial)}", kind=kind, name=t(f"Tilskudd {code}", f"Grant {code}"),
        objective=t("Øke deltakelsen", "Increase participation"), target_group=t("Innvandrere", "Immigrants"),
        result_criteria=t("Deltakere i aktivitet", "Participants in activities"),
        award_rules=t("Rangering etter vektede kriterier; innenfor rammen", "Ranked by weighted criteria"),
        follow_up=t("Rapport og regnskap; stikkprøvekontroll", "Report and accounts; sample control"),
        budget_chapter=821, budget_post=71, reports_participants=participants, statistics_field="sub_goal")
    for order, (key, nb, en, weight) in enumerate([("relevance", "Relevans", "Relevance", "50"),
                                                   ("quality", "Kvalitet", "Quality", "30"),
                                                   ("cost", "Kostnadseffektivitet", "Cost-effectiveness", "20")]):
        SchemeCriterion.objects.create(scheme=scheme, key=key, label=t(nb, en), weight=Decimal(weight), order=order)
    return scheme


def call_create(scheme: GrantScheme, *, administered_by: Organisation, created_by, frame=Decimal(1_000_000),
                kinds=("voluntary", "employer"), opens_in_days=-10, closes_in_days=20, year=None) -> GrantCall:
    now = timezone.now()
    return GrantCall.objects.create(
        scheme=scheme, budget_year=year or timezone.localdate().year, title=t(f"Utlysning {scheme.code}",
                                                                               f"Call {scheme.code}"),
        administered_by=administered_by, opens_at=now + datetime.timedelta(days=opens_in_days),
        deadline=now + datetime.timedelta(days=closes_in_days), frame=frame, applicant_kinds=list(kinds),
        application_form=APPLICATION_FORM, review_form=REVIEW_FORM,
        payment_plan=[{"share": 70, "months_after_acceptance": 0}, {"share": 30, "months_after_acceptance": 6}],
        reporting_plan=[{"kind": "progress", "due": f"{now.year}-09-01"}, {"kind": "accounts", "due": f"{now.year + 1}-03-01"}],
        project_start=datetime.date(now.year, 1, 1), project_end=datetime.date(now.year, 12, 31),
        appeal_body=t("Kunnskapsdepartementet", "The Ministry of Education and Research"), published=True,
        created_by=created_by)


def _organisation(kind: str, name: str, number: str) -> Organisation:
    return Organisation.objects.create(kind=kind, name=name, organisation_number=number)


@pytest.fixture
def officer(db):
    return user_create(username="tilskudd1", organisation=directorate(), roles=[Role.GRANT_OFFICER])


@pytest.fixture
def second_officer(db):
    return user_create(username="tilskudd2", organisation=directorate(), roles=[Role.GRANT_OFFICER])


@pytest.fixture
def reviewer(db):
    return user_create(username="fagvurderer", organisation=directorate(), roles=[Role.GRANT_REVIEWER])


@pytest.fixture
def volunteer_org(db):
    return _organisation("voluntary", "Frivillig forening for inkludering", "974760673")


@pytest.fixture
def employer_org(db):
    return _organisation("employer", "Mangfold Mat AS", "981566378")


@pytest.fixture
def applicant(volunteer_org):
    return user_create(username="soker", organisation=volunteer_org, roles=[Role.GRANT_APPLICANT])


@pytest.fixture
def employer_applicant(employer_org):
    return user_create(username="arbeidsgiver", organisation=employer_org, roles=[Role.GRANT_APPLICANT])


@pytest.fixture
def scheme(db):
    return scheme_create()


@pytest.fixture
def call(scheme, officer):
    return call_create(scheme, administered_by=directorate(), created_by=officer)


@pytest.fixture
def delegated_municipality(db):
    return Organisation.objects.get(kind="municipality", municipality_id="0301")


@pytest.fixture
def municipal_officer(delegated_municipality):
    return user_create(username="oslo-tilskudd", organisation=delegated_municipality, roles=[Role.GRANT_OFFICER])


@pytest.fixture
def delegated_call(scheme, officer, delegated_municipality, municipal_officer):
    SchemeDelegation.objects.create(scheme=scheme, organisation=delegated_municipality,
                                    budget_year=timezone.localdate().year, frame=Decimal(500_000), created_by=officer)
    return call_create(scheme, administered_by=delegated_municipality, created_by=municipal_officer,
                       frame=Decimal(500_000))


def call_close(call: GrantCall) -> GrantCall:
    """The call's deadline passed a minute ago (applications submitted before it stay on time)."""
    GrantCall.objects.filter(pk=call.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    call.refresh_from_db()
    return call


@pytest.fixture
def deadline_passed(request):
    """Grants and prizes are decided after the deadline (the workflow refuses earlier): close the module's calls."""
    for name in ("call", "delegated_call"):
        if name in request.fixturenames:
            call_close(request.getfixturevalue(name))
