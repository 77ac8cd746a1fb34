"""Demo data of the application-based schemes for `nyinorge load_demo`: the directorate's two grant officers (four
eyes), a reviewer (also on the prize jury), a voluntary organisation and an employer that apply, Oslo as a delegated
municipality with its own grant officer, and calls open in today's year (the volunteer scheme by the directorate and
by Oslo, mentor/trainee, Mangfoldsprisen's nominations), with applications in several states so each role sees
something: drafts, submitted, in review with a reviewer assigned, an accepted grant with its instalments and reports,
a rejection, and public nominations. Idempotent; moves go through the workflow (history and audit)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.demo import DEMO_PASSWORD
from nyinorge.core.models import Organisation, User
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.core.workflow import workflow_move
from nyinorge.grants.application_states import A
from nyinorge.grants.application_workflow import GRANT_APPLICATION_WORKFLOW
from nyinorge.grants.models import GrantApplication, GrantCall, GrantScheme, ReviewAssignment, SchemeDelegation
from nyinorge.grants.services.catalogue import catalogue_call_defaults, catalogue_load
from nyinorge.grants.services.followup_plan import followup_plan_create

VOLUNTARY_NAME, VOLUNTARY_NUMBER = "Demo frivillig forening for inkludering", "998877660"
SECOND_VOLUNTARY_NAME, SECOND_VOLUNTARY_NUMBER = "Demo språkvenner Oslo", "998877334"
EMPLOYER_NAME, EMPLOYER_NUMBER = "Demo Mangfold Mat AS", "998877555"


@dataclass(frozen=True)
class SchemeDemoLogin:
    username: str
    description: str
    where: str


def _organisation(kind: str, name: str, number: str, municipality: str | None = None) -> Organisation:
    found = Organisation.objects.filter(kind=kind, name=name).first()
    if found:
        return found
    taken = Organisation.objects.filter(organisation_number=number).exists()
    return Organisation.objects.create(kind=kind, name=name, organisation_number=None if taken else number,
                                       municipality_id=municipality)


def _user(username: str, first: str, last: str, organisation: Organisation, role: Role) -> User:
    return User.objects.filter(username=username).first() or user_create(
        username=username, organisation=organisation, roles=[role], password=DEMO_PASSWORD, first_name=first,
        last_name=last, email=f"{username}@demo.nyinorge.invalid")


def _call(code: str, *, administered_by: Organisation, created_by: User, frame: int, opens: datetime.datetime,
          deadline: datetime.datetime, title: dict, delegated: bool = False) -> GrantCall:
    scheme = GrantScheme.objects.get(code=code)
    year = opens.year if opens.year == deadline.year else timezone.localdate().year
    found = GrantCall.objects.filter(scheme=scheme, administered_by=administered_by, title=title).first()
    return found or GrantCall.objects.create(
        scheme=scheme, budget_year=year, administered_by=administered_by, frame=frame, opens_at=opens,
        deadline=deadline, title=title, published=True, created_by=created_by,
        **catalogue_call_defaults(code=code, budget_year=year, delegated=delegated))


def _answers(call: GrantCall, summary: str, **extra) -> dict:
    year = call.budget_year
    return {"contact_name": "Demo Kontakt", "contact_email": "kontakt@demo.nyinorge.invalid", "summary": summary,
            "goals": "Flere i arbeid og samfunnsliv.", "start_date": f"{year}-01-01", "end_date": f"{year}-12-31",
            **extra}


def _draft(call: GrantCall, applicant: Organisation, by: User, title: str, amount: int, answers: dict) -> GrantApplication:
    own = amount // 5
    return GrantApplication.objects.create(
        call=call, applicant=applicant, project_title=title, amount_applied=amount, answers=answers, created_by=by,
        budget={"costs": [{"item": "Aktiviteter og materiell", "amount": amount + own}],
                "income": [{"source": "Egeninnsats", "amount": own}]})


def _submitted(call, applicant, by, title, amount, answers) -> GrantApplication:
    application = _draft(call, applicant, by, title, amount, answers)
    return workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="submit", actor=by,
                         submitted_at=timezone.now())


def _past_submitted(call, applicant, by, title, amount, answers, at) -> GrantApplication:
    """An application submitted before the deadline of a call that has closed since (history row as `submit`)."""
    application = _draft(call, applicant, by, title, amount, answers)
    GrantApplication.objects.filter(pk=application.pk).update(state=A.SUBMITTED, submitted_at=at)
    application.events.create(name="submit", from_state=A.DRAFT, to_state=A.SUBMITTED, actor=by, at=at)
    application.refresh_from_db()
    return application


def _decide(application, officer, name: str, amount: int, reasons: str) -> GrantApplication:
    now = timezone.now()
    application = workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="start_review",
                                actor=officer)
    return workflow_move(
        workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=name, actor=officer, reason=reasons,
        amount_granted=amount, decision_reasons=reasons, decided_by=officer, decided_at=now,
        decision_criteria=["relevance", "reach"], appeal_deadline=now.date() + datetime.timedelta(days=21),
        period_start=application.call.project_start, period_end=application.call.project_end)


def _nomination(call, name: str, municipality: str, category: str, serial: int) -> GrantApplication:
    now = timezone.now()
    application = GrantApplication.objects.create(
        call=call, project_title=name, state=A.SUBMITTED, submitted_at=now, nominator_name=f"Demo forslagsstiller {serial}",
        nominator_email=f"forslag{serial}@demo.nyinorge.invalid",
        answers={"nominee_name": name, "nominee_municipality": municipality, "category": category,
                 "competence_use": "Rekrutterer etter kompetanse og godkjenner utdanning fra utlandet.",
                 "diversity_levels": "Ansatte med innvandrerbakgrunn i ledelsen og styret.",
                 "strategic_work": "Mål for mangfold i rekrutteringsplanen."})
    application.events.create(name="nominated", from_state="", to_state=A.SUBMITTED, actor=None, at=now)
    return application


def _applications(*, people: dict, orgs: dict, calls: dict) -> None:
    officer, reviewer = people["tilskudd"], people["fagvurderer"]
    volunteer, oslo_call, mentor, prize, earlier = (calls[k] for k in ("volunteer", "oslo", "mentor", "prize",
                                                                       "earlier"))
    frivillig, second = orgs["voluntary"], orgs["second_voluntary"]
    _draft(volunteer, frivillig, people["frivillig"], "Språkkafé og leksehjelp for nye innbyggere", 180_000,
           _answers(volunteer, "Ukentlig språkkafé og leksehjelp.", sub_goal="b", participants_planned=60,
                    activity_municipality="Oslo", has_partner=False))
    in_review = _submitted(volunteer, second, people["sprakvenner"], "Turgrupper og fellesskap i bydelen", 250_000,
                           _answers(volunteer, "Turgrupper hver helg.", sub_goal="a", participants_planned=120,
                                    activity_municipality="Oslo", has_partner=False))
    in_review = workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=in_review, name="start_review",
                              actor=officer)
    ReviewAssignment.objects.create(application=in_review, reviewer=reviewer, assigned_by=officer)
    _submitted(oslo_call, frivillig, people["frivillig"], "Nabolagsmiddager i Grønland og Tøyen", 90_000,
               _answers(oslo_call, "Middager en gang i måneden.", sub_goal="a", participants_planned=80,
                        activity_municipality="Oslo", has_partner=False))
    _draft(mentor, orgs["employer"], people["arbeidsgiver"], "Traineeprogram for ingeniører med utdanning fra "
           "utlandet", 400_000, _answers(mentor, "Tolv måneders traineeløp.", programme_kind="trainee",
                                         sector="private", participants_planned=4, education_level="higher"))
    opened = earlier.opens_at + datetime.timedelta(days=3)
    accepted = _past_submitted(earlier, frivillig, people["frivillig"], "Kvinnenettverk og arbeidstrening", 300_000,
                               _answers(earlier, "Nettverk og arbeidstrening for kvinner.", sub_goal="b",
                                        participants_planned=40, activity_municipality="Oslo", has_partner=False),
                               opened)
    accepted = _decide(accepted, officer, "approve_partly", 240_000, "Godt innrettet mot delmål B; budsjettet for "
                       "lokaler er redusert til rammen (tildelingskriteriene relevans og måloppnåelse).")
    accepted = workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=accepted, name="accept",
                             actor=people["frivillig"], accepted_by=people["frivillig"], accepted_at=timezone.now())
    followup_plan_create(application=accepted, accepted_on=timezone.localdate(), actor=officer)
    rejected = _past_submitted(earlier, second, people["sprakvenner"], "Festival for alle", 500_000,
                               _answers(earlier, "En festival.", sub_goal="a", participants_planned=500,
                                        activity_municipality="Oslo", has_partner=False), opened)
    _decide(rejected, officer, "reject", 0, "Arrangementet er et enkeltstående arrangement og når ikke opp i "
            "rangeringen etter kriteriene relevans og frivillig innsats.")
    for serial, (name, municipality, category) in enumerate([
            ("Demo Bakeri Fjordbyen AS", "Bergen", "small"), ("Demo Sykehjemsdrift AS", "Trondheim", "medium_large"),
            ("Demo Verksted AS", "Ringsaker", "small")], start=1):
        nomination = _nomination(prize, name, municipality, category, serial)
        if serial == 1:
            nomination = workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=nomination, name="start_review",
                                       actor=officer)
            ReviewAssignment.objects.create(application=nomination, reviewer=reviewer, assigned_by=officer)


def _eligibility_store(calls) -> None:
    """The check a submission stores, for the demo's submitted applications (the call page shows it)."""
    from nyinorge.grants.selectors.eligibility import grant_application_eligibility_stored

    for application in (GrantApplication.objects.filter(call__in=list(calls)).exclude(state=A.DRAFT)
                        .select_related("call__scheme", "applicant")):
        if not application.eligibility:
            GrantApplication.objects.filter(pk=application.pk).update(
                eligibility=grant_application_eligibility_stored(application))


def scheme_demo_load() -> list[SchemeDemoLogin]:
    """The schemes' demo users, calls and applications (idempotent); the logins to print."""
    catalogue_load()
    oslo = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="0301")
    imdi = directorate()
    with transaction.atomic():
        orgs = {"voluntary": _organisation(Organisation.Kind.VOLUNTARY, VOLUNTARY_NAME, VOLUNTARY_NUMBER, "0301"),
                "second_voluntary": _organisation(Organisation.Kind.VOLUNTARY, SECOND_VOLUNTARY_NAME,
                                                  SECOND_VOLUNTARY_NUMBER, "0301"),
                "employer": _organisation(Organisation.Kind.EMPLOYER, EMPLOYER_NAME, EMPLOYER_NUMBER)}
        wanted = [("tilskudd", "Tone", "Tilskudd", imdi, Role.GRANT_OFFICER, _("Grant officer (directorate)")),
                  ("tilskudd2", "Tor", "Tilskudd", imdi, Role.GRANT_OFFICER, _("Second grant officer (four eyes)")),
                  ("fagvurderer", "Fride", "Fagvurderer", imdi, Role.GRANT_REVIEWER, _("Reviewer and jury member")),
                  ("frivillig", "Frida", "Frivillig", orgs["voluntary"], Role.GRANT_APPLICANT, _("Applicant")),
                  ("sprakvenner", "Sara", "Språkvenn", orgs["second_voluntary"], Role.GRANT_APPLICANT, _("Applicant")),
                  ("arbeidsgiver", "Arne", "Arbeidsgiver", orgs["employer"], Role.GRANT_APPLICANT, _("Applicant")),
                  ("oslo-tilskudd", "Oda", "Oslo", oslo, Role.GRANT_OFFICER, _("Grant officer (delegated)"))]
        people = {username: _user(username, first, last, org, role) for username, first, last, org, role, _d in wanted}
        logins = [SchemeDemoLogin(username, str(description), org.name) for username, _f, _l, org, _r, description in wanted]
        if GrantCall.objects.filter(created_by=people["tilskudd"]).exists():
            return logins
        now, year = timezone.now(), timezone.localdate().year
        opens, deadline = now - datetime.timedelta(days=14), now + datetime.timedelta(days=30)
        SchemeDelegation.objects.get_or_create(scheme=GrantScheme.objects.get(code="volunteer-integration"),
                                               organisation=oslo, budget_year=year,
                                               defaults={"frame": Decimal(2_000_000), "created_by": people["tilskudd"]})
        calls = {
            "volunteer": _call("volunteer-integration", administered_by=imdi, created_by=people["tilskudd"],
                               frame=12_000_000, opens=opens, deadline=deadline,
                               title={"nb": f"Integreringsarbeid i regi av frivillige organisasjoner {year} (IMDi)",
                                      "en": f"Integration work by voluntary organisations {year} (IMDi)"}),
            "oslo": _call("volunteer-integration", administered_by=oslo, created_by=people["oslo-tilskudd"],
                          frame=2_000_000, opens=opens, deadline=deadline, delegated=True,
                          title={"nb": f"Frivillige organisasjoners integreringsarbeid i Oslo {year}",
                                 "en": f"Integration work by voluntary organisations in Oslo {year}"}),
            "mentor": _call("mentor-trainee", administered_by=imdi, created_by=people["tilskudd"], frame=9_700_000,
                            opens=opens, deadline=deadline,
                            title={"nb": f"Mentor- og traineeordninger {year}", "en": f"Mentor and trainee schemes {year}"}),
            "prize": _call("diversity-prize", administered_by=imdi, created_by=people["tilskudd"], frame=0,
                           opens=opens, deadline=deadline,
                           title={"nb": f"Mangfoldsprisen {year}: foreslå en kandidat",
                                  "en": f"Mangfoldsprisen {year}: nominate a candidate"}),
            "earlier": _call("volunteer-integration", administered_by=imdi, created_by=people["tilskudd"],
                             frame=5_000_000, opens=now - datetime.timedelta(days=120),
                             deadline=now - datetime.timedelta(days=90),
                             title={"nb": f"Integreringsarbeid i regi av frivillige organisasjoner {year}, første runde",
                                    "en": f"Integration work by voluntary organisations {year}, first round"}),
        }
        _applications(people=people, orgs=orgs, calls=calls)
        _eligibility_store(calls.values())
    return logins
