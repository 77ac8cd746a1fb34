"""The access matrix's objects of the application-based schemes: a directorate call and a call delegated to Oslo,
applications of two organisations (one a draft, one granted and accepted with a document, a review, a payment
and a report), a prize nomination, and the principals that reach them: the directorate's and Oslo's grant
officers, a reviewer and two applicant organisations.

Each application target carries the facts `expected` needs: the applicant organisation, the administering
organisation, whether it is a draft, and who reviews it. Its project title is a secret: no response to someone
who may not see the application may contain it.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from nyinorge.core.models import Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.grants.models import (
    ControlFinding, ControlSample, GrantApplication, GrantApplicationDocument, GrantPayment, GrantReport,
    ReviewAssignment, SchemeDelegation,
)
from tests.grants.schemes_fixtures import call_create, scheme_create
from nyinorge.interpreters.uploads import document_store
from tests.interpreters.documents import pdf_bytes, upload


def _application(call, applicant, title, state, *, amount=None, created_by=None):
    return GrantApplication.objects.create(
        call=call, applicant=applicant, project_title=title, amount_applied=Decimal(200_000), state=state,
        answers={"summary": "Matrise.", "sub_goal": "a"},
        budget={"costs": [{"item": "Lønn", "amount": 200_000}], "income": []},
        amount_granted=amount, created_by=created_by,
        submitted_at=None if state == "draft" else timezone.now(),
        decided_at=timezone.now() if amount is not None else None,
        appeal_deadline=timezone.localdate() + datetime.timedelta(weeks=3) if amount is not None else None)


def _document(application, user):
    def record(checked, name):
        return GrantApplicationDocument.objects.create(
            application=application, stored_name=name, display_name=checked.display_name,
            content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by=user)

    return document_store(upload("vedlegg.pdf", pdf_bytes()), record=record)


def schemes_world_build(login, oslo_org, target_class, principal_class):
    """(principals, targets by family, secrets: title → the application target it belongs to)."""
    officer = login("tilskudd", [Role.GRANT_OFFICER], directorate())
    oslo_officer = login("oslo-tilskudd", [Role.GRANT_OFFICER], oslo_org)
    reviewer = login("fagvurderer", [Role.GRANT_REVIEWER], directorate())
    other_reviewer = login("fagvurderer2", [Role.GRANT_REVIEWER], directorate())
    volunteers = Organisation.objects.create(kind="voluntary", name="Matrise frivillig", organisation_number="974760673")
    employer = Organisation.objects.create(kind="employer", name="Matrise arbeidsgiver AS",
                                           organisation_number="981566378")
    volunteer_user = login("frivillig", [Role.GRANT_APPLICANT], volunteers)
    employer_user = login("arbeidsgiver", [Role.GRANT_APPLICANT], employer)

    scheme = scheme_create("matrix")
    prize = scheme_create("prize", kind="prize")
    national = call_create(scheme, administered_by=directorate(), created_by=officer)
    SchemeDelegation.objects.create(scheme=scheme, organisation=oslo_org, budget_year=national.budget_year,
                                    frame=Decimal(500_000), created_by=officer)
    delegated = call_create(scheme, administered_by=oslo_org, created_by=oslo_officer, kinds=("voluntary",),
                            frame=Decimal(500_000))
    prize_call = call_create(prize, administered_by=directorate(), created_by=officer, kinds=())

    granted = _application(national, volunteers, "Matrisehemmelig innvilget prosjekt", "accepted",
                           amount=Decimal(150_000), created_by=volunteer_user)
    draft = _application(national, volunteers, "Matrisehemmelig utkast", "draft", created_by=volunteer_user)
    employer_app = _application(national, employer, "Matrisehemmelig arbeidsgiverprosjekt", "in_review",
                                created_by=employer_user)
    oslo_app = _application(delegated, volunteers, "Matrisehemmelig Oslo-prosjekt", "in_review",
                            created_by=volunteer_user)
    nomination = GrantApplication.objects.create(
        call=prize_call, applicant=None, project_title="Matrisehemmelig nominasjon", state="in_review",
        answers={}, nominator_name="Nora Nominator", nominator_email="nora@example.org", submitted_at=timezone.now())

    documents = {app.pk: _document(app, app.created_by) for app in (granted, draft, employer_app, oslo_app)}
    reviews = {
        granted.pk: ReviewAssignment.objects.create(application=granted, reviewer=reviewer, assigned_by=officer,
                                                    state="submitted", declared_at=timezone.now(),
                                                    submitted_at=timezone.now(),
                                                    scores={"relevance": {"score": 6, "comment": ""}}),
        employer_app.pk: ReviewAssignment.objects.create(application=employer_app, reviewer=other_reviewer,
                                                         assigned_by=officer),
        oslo_app.pk: ReviewAssignment.objects.create(application=oslo_app, reviewer=reviewer,
                                                     assigned_by=oslo_officer, state="conflict",
                                                     declared_at=timezone.now(), conflict_note="Styremedlem."),
        nomination.pk: ReviewAssignment.objects.create(application=nomination, reviewer=reviewer,
                                                       assigned_by=officer),
    }
    payment = GrantPayment.objects.create(application=granted, number=1, due_on=timezone.localdate(),
                                          amount=Decimal(105_000), created_by=officer)
    report = GrantReport.objects.create(application=granted, kind="progress",
                                        due_on=timezone.localdate() + datetime.timedelta(days=30))
    sample = ControlSample.objects.create(call=national, method="random", size=1, seed=1, drawn_by=officer)
    ControlFinding.objects.create(sample=sample, application=granted, risk=Decimal("1.0"))

    def application_target(label, application, admin_org):
        ids = {"grant_application_id": application.pk}
        if application.pk in documents:
            ids["grant_document_id"] = documents[application.pk].pk
        if application.pk in reviews:
            ids["grant_review_id"] = reviews[application.pk].pk
        if application == granted:
            ids.update(grant_payment_id=payment.pk, grant_report_id=report.pk)
        review = reviews.get(application.pk)
        return target_class(label, ids, organisation=application.applicant_id, admin_organisation=admin_org.pk,
                            draft=application.state == "draft",
                            reviewer=review.reviewer_id if review and review.state in ("impartial", "submitted") else None,
                            review_assignee=review.reviewer_id if review and review.state != "conflict" else None)

    def call_target(label, call, open_=True):
        return target_class(label, {"grant_call_id": call.pk, "grant_scheme_id": call.scheme_id},
                            admin_organisation=call.administered_by_id, call_open=open_,
                            call_kinds=tuple(call.applicant_kinds))

    application_targets = [
        application_target("a volunteer organisation's accepted grant", granted, directorate()),
        application_target("a volunteer organisation's draft", draft, directorate()),
        application_target("an employer's application in review", employer_app, directorate()),
        application_target("an application to Oslo's delegated call (its reviewer declared a conflict)", oslo_app,
                           oslo_org),
        application_target("a prize nomination", nomination, directorate()),
    ]
    targets = {
        "grant_application": application_targets,
        "grant_review": [target for target in application_targets if "grant_review_id" in target.ids],
        "grant_call": [call_target("the directorate's call", national),
                       call_target("Oslo's delegated call", delegated),
                       call_target("the prize's call", prize_call)],
        "control_sample": [target_class("a control sample of the directorate's call",
                                        {"grant_call_id": national.pk, "control_sample_id": sample.pk},
                                        admin_organisation=directorate().pk)],
    }
    for target in targets["grant_review"]:
        target.label = f"the review of {target.label}"
    principals = [
        principal_class("grant officer (directorate)", frozenset({Role.GRANT_OFFICER}), directorate(), officer),
        principal_class("grant officer (Oslo, delegated)", frozenset({Role.GRANT_OFFICER}), oslo_org, oslo_officer),
        principal_class("grant reviewer", frozenset({Role.GRANT_REVIEWER}), directorate(), reviewer),
        principal_class("grant applicant (volunteer organisation)", frozenset({Role.GRANT_APPLICANT}), volunteers,
                        volunteer_user),
        principal_class("grant applicant (employer)", frozenset({Role.GRANT_APPLICANT}), employer, employer_user),
    ]
    secrets = {application.project_title: target
               for application, target in zip((granted, draft, employer_app, oslo_app, nomination), application_targets)}
    return principals, targets, secrets
