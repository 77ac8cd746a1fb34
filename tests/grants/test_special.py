"""The special grant for persons with disabilities or behavioural difficulties: the workflow, its refusals and
reasons, the appeal deadline, eligibility, who sees what, and the decided amount in the next grant run."""

import datetime as dt
import io
from decimal import Decimal

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone, translation

from nyinorge.core.dates import deadline_after
from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Role
from nyinorge.core.workflow import IllegalTransition
from nyinorge.grants.models import GrantLine, SpecialGrantApplication
from nyinorge.grants.selectors.special import special_grant_eligibility
from nyinorge.grants.services import special as service
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.register.services.residence import residence_move
from nyinorge.settlement.models import Case
from tests.grants.test_runs import approver, family, run  # noqa: F401  (fixtures shared with the run tests)

pytestmark = pytest.mark.django_db
S = SpecialGrantApplication.State


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Uploaded documents go to a temporary folder, not the checkout's."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched in English (bokmål is the default language)."""
    with translation.override("en"):
        yield


def nb(message: str) -> str:
    """A message as the pages show it (bokmål, the default language)."""
    with translation.override("nb"):
        return translation.gettext(message)


def pdf_upload(name="legeerklaering.pdf") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def oslo_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"), username="oslo")


@pytest.fixture
def bergen_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"), username="bergen")


def draft(actor, person, kind="disability_2", year=2019, years=2, amount=Decimal(800000), document=True):
    application = service.special_grant_create(
        actor=actor, person=person, kind=kind, budget_year=year, years=years, amount_applied=amount,
        needs="Trenger tilrettelagt bolig og døgnbemanning.", costs="Ekstra bemanning 2 årsverk.")
    if document:
        service.special_grant_document_add(actor=actor, application=application, upload=pdf_upload())
    return application


def under_review(actor, caseworker, person, **kwargs):
    application = service.special_grant_submit(actor=actor, application=draft(actor, person, **kwargs))
    return service.special_grant_start_review(actor=caseworker, application=application)


# The workflow


def test_a_full_grant_walks_draft_submitted_under_review_granted_with_history_and_an_appeal_deadline(
        family, oslo_user, caseworker):
    application = draft(oslo_user, family["child"])
    assert application.state == S.DRAFT
    application = service.special_grant_submit(actor=oslo_user, application=application)
    assert application.state == S.SUBMITTED and application.submitted_at is not None
    application = service.special_grant_start_review(actor=caseworker, application=application)
    assert application.state == S.UNDER_REVIEW
    application = service.special_grant_decide(actor=caseworker, application=application,
                                               amount_granted=Decimal(800000), years_granted=2,
                                               reasons="Dokumenterte merkostnader over innslagspunktet.")
    assert application.state == S.GRANTED
    assert application.appeal_deadline == deadline_after(timezone.localdate(), weeks=3)
    assert (application.decided_by, application.decision_reasons) == (
        caseworker, "Dokumenterte merkostnader over innslagspunktet.")
    assert [(e.name, e.from_state, e.to_state) for e in application.events.all()] == [
        ("submit", S.DRAFT, S.SUBMITTED), ("start_review", S.SUBMITTED, S.UNDER_REVIEW),
        ("grant", S.UNDER_REVIEW, S.GRANTED)]
    assert application.events.last().amount_granted == Decimal(800000)
    entries = AuditEntry.objects.filter(object_type="grants.specialgrantapplication", object_id=str(application.pk))
    child = Q(person=family["child"]) | Q(subjects__person=family["child"])
    assert entries.filter(child).distinct().count() == entries.count() == 5  # draft, document, three steps


def test_less_than_applied_for_is_partly_granted_and_an_upheld_appeal_grants_more(family, oslo_user, caseworker):
    application = under_review(oslo_user, caseworker, family["child"])
    application = service.special_grant_decide(actor=caseworker, application=application,
                                               amount_granted=Decimal(500000), years_granted=2, reasons="Delvis.")
    assert application.state == S.PARTLY_GRANTED
    application = service.special_grant_appeal(actor=oslo_user, application=application,
                                               text="Kostnadene til nattbemanning er ikke tatt med.")
    assert (application.state, application.appeal_text) == (S.APPEALED, "Kostnadene til nattbemanning er ikke tatt med.")
    with pytest.raises(ValidationError) as not_more:
        service.special_grant_decide_appeal(actor=caseworker, application=application, uphold=True,
                                            amount_granted=Decimal(500000), years_granted=2, reasons="Medhold.")
    assert "amount_granted" in not_more.value.message_dict
    application = service.special_grant_decide_appeal(actor=caseworker, application=application, uphold=True,
                                                      amount_granted=Decimal(800000), years_granted=2,
                                                      reasons="Nattbemanning dokumentert.")
    assert (application.state, application.amount_granted) == (S.APPEAL_UPHELD, Decimal(800000))


def test_a_refusal_can_be_appealed_and_the_appeal_rejected(family, oslo_user, caseworker):
    application = under_review(oslo_user, caseworker, family["child"])
    application = service.special_grant_decide(actor=caseworker, application=application, amount_granted=Decimal(0),
                                               years_granted=None, reasons="Merkostnadene er ikke dokumentert.")
    assert (application.state, application.amount_granted) == (S.REFUSED, Decimal(0))
    application = service.special_grant_appeal(actor=oslo_user, application=application, text="Se vedlegg.")
    application = service.special_grant_decide_appeal(actor=caseworker, application=application, uphold=False,
                                                      reasons="Vedlegget viser ikke merkostnader.")
    assert application.state == S.APPEAL_REJECTED
    assert application.appeal_reasons == "Vedlegget viser ikke merkostnader."


def test_a_decision_an_appeal_and_an_appeal_decision_need_written_reasons(family, oslo_user, caseworker):
    application = under_review(oslo_user, caseworker, family["child"])
    for amount in (Decimal(800000), Decimal(0)):
        with pytest.raises(ValidationError) as error:
            service.special_grant_decide(actor=caseworker, application=application, amount_granted=amount,
                                         years_granted=2, reasons="  ")
        assert "forvaltningsloven § 24" in error.value.message_dict["reasons"][0]
    application = service.special_grant_decide(actor=caseworker, application=application, amount_granted=Decimal(0),
                                               years_granted=None, reasons="Ikke dokumentert.")
    with pytest.raises(ValidationError) as error:
        service.special_grant_appeal(actor=oslo_user, application=application, text="")
    assert "text" in error.value.message_dict
    application = service.special_grant_appeal(actor=oslo_user, application=application, text="Uenig.")
    with pytest.raises(ValidationError) as error:
        service.special_grant_decide_appeal(actor=caseworker, application=application, uphold=False, reasons="")
    assert "reasons" in error.value.message_dict
    application.refresh_from_db()
    assert application.state == S.APPEALED


def test_the_appeal_is_refused_after_the_three_week_deadline_with_the_reason(family, oslo_user, caseworker):
    application = under_review(oslo_user, caseworker, family["child"])
    application = service.special_grant_decide(actor=caseworker, application=application, amount_granted=Decimal(0),
                                               years_granted=None, reasons="Ikke dokumentert.")
    today = timezone.localdate()
    SpecialGrantApplication.objects.filter(pk=application.pk).update(appeal_deadline=today)
    application.refresh_from_db()
    assert service.transition_permission(oslo_user, application, "appeal")  # the last day still counts
    SpecialGrantApplication.objects.filter(pk=application.pk).update(appeal_deadline=today - dt.timedelta(days=1))
    application.refresh_from_db()
    refusal = service.transition_permission(oslo_user, application, "appeal")
    assert not refusal and "three weeks after the decision" in refusal.reason
    with pytest.raises(IllegalTransition, match="appeal deadline"):
        service.special_grant_appeal(actor=oslo_user, application=application, text="For sent.")
    application.refresh_from_db()
    assert application.state == S.REFUSED


def test_withdrawn_before_the_decision_but_not_after(family, oslo_user, caseworker):
    application = under_review(oslo_user, caseworker, family["child"])
    withdrawn = service.special_grant_withdraw(actor=oslo_user, application=application, reason="Flyttet.")
    assert withdrawn.state == S.WITHDRAWN
    other = under_review(oslo_user, caseworker, family["father"], kind="disability_1", years=1,
                         amount=Decimal(190800))
    granted = service.special_grant_decide(actor=caseworker, application=other, amount_granted=Decimal(190800),
                                           years_granted=1, reasons="Vilkårene er oppfylt.")
    assert granted.state == S.GRANTED
    with pytest.raises(IllegalTransition, match="Granted"):
        service.special_grant_withdraw(actor=oslo_user, application=granted)


def test_each_side_takes_only_its_own_steps(family, oslo_user, bergen_user, caseworker):
    application = draft(oslo_user, family["child"])
    with pytest.raises(PermissionDenied, match="applying municipality"):
        service.special_grant_submit(actor=caseworker, application=application)
    with pytest.raises(PermissionDenied, match="another municipality"):
        service.special_grant_submit(actor=bergen_user, application=application)
    application = service.special_grant_submit(actor=oslo_user, application=application)
    with pytest.raises(PermissionDenied, match="directorate"):
        service.special_grant_start_review(actor=oslo_user, application=application)
    application = service.special_grant_start_review(actor=caseworker, application=application)
    with pytest.raises(PermissionDenied, match="directorate"):
        service.special_grant_decide(actor=oslo_user, application=application, amount_granted=Decimal(800000),
                                     years_granted=2, reasons="Selv.")


def test_submission_needs_documentation(family, oslo_user):
    application = draft(oslo_user, family["child"], document=False)
    with pytest.raises(IllegalTransition, match="documentation"):
        service.special_grant_submit(actor=oslo_user, application=application)


def test_a_document_goes_through_the_upload_checks(family, oslo_user):
    application = draft(oslo_user, family["child"], document=False)
    fake = SimpleUploadedFile("kostnader.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not a PDF, JPEG or PNG"):
        service.special_grant_document_add(actor=oslo_user, application=application, upload=fake)
    assert not application.documents.exists()


# Eligibility


def test_grant_1_only_in_year_1_or_2_after_settlement(family, oslo_user):
    year_two = draft(oslo_user, family["father"], kind="disability_1", year=2020, years=1, amount=Decimal(190800))
    assert service.special_grant_submit(actor=oslo_user, application=year_two).state == S.SUBMITTED
    year_three = draft(oslo_user, family["mother"], kind="disability_1", year=2021, years=1, amount=Decimal(190800))
    with pytest.raises(IllegalTransition, match="2021 is year 3 after the settlement on 04.03.2019"):
        service.special_grant_submit(actor=oslo_user, application=year_three)


def test_grant_2_only_within_five_years_after_settlement(family, oslo_user):
    application = draft(oslo_user, family["child"], year=2022, years=3)
    with pytest.raises(IllegalTransition, match="2024 is year 6"):
        service.special_grant_submit(actor=oslo_user, application=application)


def test_only_the_municipality_the_person_is_settled_in_or_lives_in_may_apply(family, bergen_user, oslo_user,
                                                                              caseworker, make_person):
    # Bergen cannot see the family at all, so it cannot even pick them; the guard still says no on its own.
    application = SpecialGrantApplication.objects.create(
        municipality_id="4601", person=family["child"], kind="disability_2", budget_year=2019, years=1,
        amount_applied=Decimal(500000), needs="x", costs="y", created_by=bergen_user)
    assert "neither settled in nor living in Bergen" in special_grant_eligibility(application).reason
    stranger = make_person(given_name="Ikke", municipality="0301", birth_date=dt.date(1990, 1, 1))
    residence_permit_register(actor=caseworker, person=stranger, permit_type="asylum", permit_date=dt.date(2018, 1, 1))
    unsettled = draft(oslo_user, stranger)
    with pytest.raises(IllegalTransition, match="no settlement registered"):
        service.special_grant_submit(actor=oslo_user, application=unsettled)


def test_the_municipality_the_person_moved_to_may_apply_for_grant_2(family, bergen_user, caseworker):
    bergen = Municipality.objects.get(number="4601")
    residence_move(actor=caseworker, person=family["child"], to_municipality=bergen, moved_on=dt.date(2020, 2, 1))
    application = draft(bergen_user, family["child"], year=2020, years=1)
    assert service.special_grant_submit(actor=bergen_user, application=application).state == S.SUBMITTED


def test_family_reunified_later_count_from_their_arrival_in_the_municipality(oslo_user, caseworker, make_person):
    wife = make_person(given_name="Reem", birth_date=dt.date(1990, 2, 2), sex="female", citizenship="SY")
    residence_permit_register(actor=caseworker, person=wife, permit_type="family_of_refugee",
                              permit_date=dt.date(2021, 3, 1))
    residence_move(actor=caseworker, person=wife, to_municipality=Municipality.objects.get(number="0301"),
                   moved_on=dt.date(2021, 5, 10))
    application = draft(oslo_user, wife, kind="disability_1", year=2022, years=1, amount=Decimal(190800))
    assert special_grant_eligibility(application).allowed
    late = draft(oslo_user, wife, kind="disability_1", year=2023, years=1, amount=Decimal(190800))
    assert "2023 is year 3 after the settlement on 10.05.2021" in special_grant_eligibility(late).reason


def test_the_amount_cannot_exceed_the_rate_for_the_year(family, oslo_user, caseworker):
    with pytest.raises(ValidationError) as applied:
        draft(oslo_user, family["child"], amount=Decimal(1320001))
    assert "1320000" in applied.value.message_dict["amount_applied"][0]
    application = under_review(oslo_user, caseworker, family["father"], kind="disability_1", years=1,
                               amount=Decimal(190800))
    SpecialGrantApplication.objects.filter(pk=application.pk).update(amount_applied=Decimal(250000))
    application.refresh_from_db()
    with pytest.raises(ValidationError) as granted:
        service.special_grant_decide(actor=caseworker, application=application, amount_granted=Decimal(200000),
                                     years_granted=1, reasons="For mye.")
    assert "190800" in " ".join(granted.value.message_dict["amount_granted"])


def test_one_application_per_person_grant_and_year(family, oslo_user):
    service.special_grant_submit(actor=oslo_user, application=draft(oslo_user, family["child"], years=2))
    second = draft(oslo_user, family["child"], year=2020, years=1)
    with pytest.raises(IllegalTransition, match="already covers"):
        service.special_grant_submit(actor=oslo_user, application=second)


# The runs


def test_a_granted_application_is_paid_in_the_next_grant_run_at_the_granted_amount(
        family, oslo_user, caseworker, approver):
    yearly = under_review(oslo_user, caseworker, family["child"], years=2)
    service.special_grant_decide(actor=caseworker, application=yearly, amount_granted=Decimal(600000),
                                 years_granted=2, reasons="Dokumentert.")
    once = under_review(oslo_user, caseworker, family["father"], kind="disability_1", years=1, amount=Decimal(190800))
    once = service.special_grant_decide(actor=caseworker, application=once, amount_granted=Decimal(150000),
                                        years_granted=1, reasons="Delvis dokumentert.")
    assert once.state == S.PARTLY_GRANTED
    first = run(caseworker, approver, 2019, 1)
    [yearly_line] = first.lines.filter(scheme="disability_2")
    assert (yearly_line.person, yearly_line.municipality_id, yearly_line.amount, yearly_line.rate) == (
        family["child"], "0301", Decimal(150000), None)  # a quarter of 600,000 in instalment 1 of 4
    assert (yearly_line.chapter, yearly_line.post, yearly_line.year_after_settlement) == (291, 60, 1)
    assert f"special grant application {yearly.pk}" in yearly_line.reason
    [once_line] = first.lines.filter(scheme="disability_1")
    assert (once_line.person, once_line.amount) == (family["father"], Decimal(150000))
    for instalment in (2, 3, 4):
        run(caseworker, approver, 2019, instalment)
    paid = GrantLine.objects.filter(run__budget_year=2019)
    assert paid.filter(scheme="disability_2").aggregate(s=Sum("amount"))["s"] == Decimal(600000)
    assert paid.filter(scheme="disability_1").aggregate(s=Sum("amount"))["s"] == Decimal(150000)


def test_an_upheld_appeal_pays_the_difference_in_the_next_instalment(family, oslo_user, caseworker, approver):
    application = under_review(oslo_user, caseworker, family["child"], years=1)
    application = service.special_grant_decide(actor=caseworker, application=application,
                                               amount_granted=Decimal(400000), years_granted=1, reasons="Delvis.")
    run(caseworker, approver, 2019, 1)
    application = service.special_grant_appeal(actor=oslo_user, application=application, text="Mer.")
    service.special_grant_decide_appeal(actor=caseworker, application=application, uphold=True,
                                        amount_granted=Decimal(800000), years_granted=1, reasons="Medhold.")
    second = run(caseworker, approver, 2019, 2)
    lines = {(l.kind, l.amount) for l in second.lines.filter(scheme="disability_2")}
    assert lines == {(GrantLine.Kind.REGULAR, Decimal(200000)), (GrantLine.Kind.DIFFERENCE, Decimal(100000))}


def test_a_refused_or_undecided_application_pays_nothing(family, oslo_user, caseworker, approver):
    refused = under_review(oslo_user, caseworker, family["child"])
    service.special_grant_decide(actor=caseworker, application=refused, amount_granted=Decimal(0), years_granted=None,
                                 reasons="Ikke dokumentert.")
    under_review(oslo_user, caseworker, family["father"], kind="disability_1", years=1, amount=Decimal(190800))
    first = run(caseworker, approver, 2019, 1)
    assert not first.lines.filter(scheme__in=["disability_1", "disability_2"]).exists()


# The pages


def test_the_pages_walk_an_application_from_the_municipality_to_the_decision_letter(
        family, oslo_user, caseworker, login):
    client = login(oslo_user)
    assert client.get(reverse("grants:special_create")).status_code == 200
    response = client.post(reverse("grants:special_create"), {
        "person": family["child"].national_id, "kind": "disability_2", "budget_year": 2019, "years": 1,
        "amount_applied": 700000, "needs": "Døgnbemanning.", "costs": "To årsverk."})
    application = SpecialGrantApplication.objects.get()
    assert response.status_code == 302 and application.person == family["child"]
    page = client.get(reverse("grants:special_detail", args=[application.pk])).content.decode()
    assert nb("Upload the documentation of the needs and the extra costs first.") in page
    client.post(reverse("grants:special_document_add", args=[application.pk]), {"document": pdf_upload()})
    assert client.post(reverse("grants:special_action", args=[application.pk, "submit"])).status_code == 302
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VIEW, object_id=str(application.pk),
                                     person=family["child"]).exists()

    client = login(caseworker)
    queue = client.get(reverse("grants:special_list")).content.decode()
    assert f'href="{reverse("grants:special_detail", args=[application.pk])}"' in queue
    listed = AuditEntry.objects.filter(user=caseworker, action=AuditEntry.Action.VIEW,
                                       detail="special grants list (open)").get()
    assert [subject.person_id for subject in listed.subjects.all()] == [family["child"].pk]
    client.post(reverse("grants:special_action", args=[application.pk, "start_review"]))
    refused = client.post(reverse("grants:special_decide", args=[application.pk]),
                          {"amount_granted": 700000, "years_granted": 1, "reasons": ""})
    assert refused.status_code == 400
    decided = client.post(reverse("grants:special_decide", args=[application.pk]),
                          {"amount_granted": 700000, "years_granted": 1, "reasons": "Dokumentert."})
    assert decided.status_code == 302
    application.refresh_from_db()
    assert application.state == S.GRANTED
    letter = client.get(reverse("grants:special_letter", args=[application.pk]))
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_id=str(application.pk)).exists()
    document = application.documents.get()
    download = login(oslo_user).get(reverse("grants:special_document", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_a_municipality_never_sees_another_municipalitys_applications(family, oslo_user, bergen_user, login):
    application = draft(oslo_user, family["child"])
    application = service.special_grant_submit(actor=oslo_user, application=application)
    document = application.documents.get()
    client = login(bergen_user)
    for url in (reverse("grants:special_detail", args=[application.pk]),
                reverse("grants:special_edit", args=[application.pk]),
                reverse("grants:special_letter", args=[application.pk]),
                reverse("grants:special_document", args=[document.pk])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("grants:special_appeal", args=[application.pk]), {"text": "x"}).status_code == 404
    edit = login(oslo_user).get(reverse("grants:special_edit", args=[application.pk]))
    assert edit.status_code == 302  # submitted: no longer a draft to change
    client = login(bergen_user)
    listing = client.get(reverse("grants:special_list"))
    assert listing.status_code == 200 and list(listing.context["applications"]) == []
    own = login(oslo_user).get(reverse("grants:special_list"))
    assert list(own.context["applications"]) == [application]


def test_the_appeal_form_is_closed_after_the_deadline_and_the_page_says_why(family, oslo_user, caseworker, login):
    application = under_review(oslo_user, caseworker, family["child"])
    service.special_grant_decide(actor=caseworker, application=application, amount_granted=Decimal(0),
                                 years_granted=None, reasons="Ikke dokumentert.")
    client = login(oslo_user)
    assert 'name="text"' in client.get(reverse("grants:special_detail", args=[application.pk])).content.decode()
    SpecialGrantApplication.objects.filter(pk=application.pk).update(
        appeal_deadline=timezone.localdate() - dt.timedelta(days=1))
    page = client.get(reverse("grants:special_detail", args=[application.pk])).content.decode()
    deadline = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d.%m.%Y")
    closed = nb("The appeal deadline was %(deadline)s (three weeks after the decision, forvaltningsloven § 29); "
                "the appeal form is closed. A late appeal can only be taken up by the directorate on its own "
                "assessment (§ 31): write to it.") % {"deadline": deadline}
    assert 'name="text"' not in page and closed in page


def test_the_decision_letter_gives_the_decision_its_reasons_and_how_to_appeal(family, oslo_user, caseworker):
    from nyinorge.grants.special_letter import decision_letter_html

    application = under_review(oslo_user, caseworker, family["child"])
    application = service.special_grant_decide(actor=caseworker, application=application,
                                               amount_granted=Decimal(500000), years_granted=2,
                                               reasons="Nattbemanning er ikke dokumentert.")
    letter = decision_letter_html(actor=oslo_user, application=application)
    deadline = application.appeal_deadline.strftime("%d.%m.%Y")
    assert "Partly granted" in letter and "Nattbemanning er ikke dokumentert." in letter
    assert "500000 NOK per year for 2 years" in letter
    assert f"within three weeks of receiving it (forvaltningsloven § 29), at the latest on {deadline}" in letter
    assert "Send the appeal to the directorate" in letter and "the appeal goes to the ministry" in letter
    application = service.special_grant_appeal(actor=oslo_user, application=application, text="Uenig.")
    application = service.special_grant_decide_appeal(actor=caseworker, application=application, uphold=False,
                                                      reasons="Fortsatt ikke dokumentert.")
    final = decision_letter_html(actor=oslo_user, application=application)
    assert "Fortsatt ikke dokumentert." in final and "cannot be appealed" in final and "Right of appeal" not in final


def test_an_assumed_rate_is_marked_on_the_page(family, oslo_user, login):
    verified = draft(oslo_user, family["child"], year=2019, years=1, document=False)
    assumed = draft(oslo_user, family["father"], year=2020, years=1, document=False)
    client = login(oslo_user)
    tag = nb("assumed rate")
    assert tag not in client.get(reverse("grants:special_detail", args=[verified.pk])).content.decode()
    assert tag in client.get(reverse("grants:special_detail", args=[assumed.pk])).content.decode()


def test_the_appeal_and_its_decision_through_the_pages(family, oslo_user, caseworker, login):
    application = under_review(oslo_user, caseworker, family["child"])
    service.special_grant_decide(actor=caseworker, application=application, amount_granted=Decimal(300000),
                                 years_granted=2, reasons="Delvis dokumentert.")
    client = login(oslo_user)
    assert client.post(reverse("grants:special_appeal", args=[application.pk]), {"text": " "}).status_code == 400
    assert client.post(reverse("grants:special_appeal", args=[application.pk]),
                       {"text": "Nattbemanning er dokumentert i vedlegg 2."}).status_code == 302
    client = login(caseworker)
    page = client.get(reverse("grants:special_detail", args=[application.pk])).content.decode()
    assert 'name="outcome"' in page and "Nattbemanning er dokumentert i vedlegg 2." in page
    too_little = client.post(reverse("grants:special_appeal_decide", args=[application.pk]),
                             {"outcome": "uphold", "amount_granted": 300000, "years_granted": 2, "reasons": "Medhold."})
    assert too_little.status_code == 400
    upheld = client.post(reverse("grants:special_appeal_decide", args=[application.pk]),
                         {"outcome": "uphold", "amount_granted": 800000, "years_granted": 2, "reasons": "Medhold."})
    assert upheld.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.amount_granted, application.appeal_reasons) == (
        S.APPEAL_UPHELD, Decimal(800000), "Medhold.")
    assert [e.name for e in application.events.all()][-2:] == ["appeal", "uphold_appeal"]


def test_a_shielded_person_is_not_named_to_those_who_may_not_see_them(family, oslo_user, caseworker, login):
    application = under_review(oslo_user, caseworker, family["child"])
    Case.objects.filter(members__person=family["child"]).update(shielded_identity=True)
    name = family["child"].full_name
    for user in (caseworker, oslo_user):
        client = login(user)
        for url in (reverse("grants:special_list") + "?queue=all",
                    reverse("grants:special_detail", args=[application.pk])):
            body = client.get(url).content.decode()
            assert name not in body and nb("Name not shown to you") in body, (user, url)
