"""The follow-up pages of the application-based schemes: payments (four eyes), a grant's follow-up (instalments,
reports, repayment claims), reports and their review, control samples and findings, and the call's exports.

Officers reach the grants of the calls their organisation administers (the directorate's officers every call, but
they act only on the directorate's own: the services ask `is_administrator_of`); applicants their own grants.
Every page that shows applications audits the read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import user_can
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors
from nyinorge.grants.application_states import PAYABLE_STATES
from nyinorge.grants.application_workflow import is_administrator_of
from nyinorge.grants.forms_followup import (
    REPORT_FORMS, ControlDrawForm, ControlFindingForm, RepaymentClaimForm, ReportReviewForm,
)
from nyinorge.grants.models import GrantReport, RepaymentClaim
from nyinorge.grants.scheme_exports import EXPORT_LABELS, EXPORTS, scheme_export
from nyinorge.grants.selectors.followup import (
    control_sample_for, grant_followup, grant_payment_for, grant_report_for, payment_queues, report_queues,
)
from nyinorge.grants.selectors.schemes import (
    grant_application_read, grant_applications_shown, grant_call_administered,
)
from nyinorge.grants.services import control as control_service
from nyinorge.grants.services import scheme_payments, scheme_reports
from nyinorge.grants.services.control import RISK_LABELS, RISK_WEIGHTS

ADMINISTER = Capability.ADMINISTER_GRANT_SCHEMES


def _officer_nav(request: HttpRequest) -> bool:
    """The officers' navigation on the pages the recipient sees too (the follow-up, a report)."""
    return bool(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# Payments -----------------------------------------------------------------------------------------------------

@capability_required(ADMINISTER)
def payments(request: HttpRequest) -> HttpResponse:
    queues = payment_queues(actor=request.user)
    grant_applications_shown(actor=request.user, applications=queues.applications, detail="grant payments")
    calls = {}
    for group in (queues.to_prepare, queues.to_approve):
        for payment in group:  # the directorate follows the delegated calls' payments but does not act on them
            call = payment.application.call
            if call.pk not in calls:
                calls[call.pk] = bool(is_administrator_of(request.user, call))
            payment.administers = calls[call.pk]
    return render(request, "grants/schemes/followup/payments.html", {"queues": queues, "user": request.user})


def _payment_action(request: HttpRequest, grant_payment_id: int, action) -> HttpResponse:
    payment = grant_payment_for(actor=request.user, payment_id=grant_payment_id)
    try:
        payment = action(actor=request.user, payment=payment)
    except ValidationError as error:
        _refused(request, error)
    else:
        if payment.state == payment.State.HELD:
            messages.warning(request, payment.note)
        elif payment.state == payment.State.APPROVED:
            messages.success(request, _("Instalment %(number)d approved; it goes into the next payout file.")
                             % {"number": payment.number})
        else:
            messages.success(request, _("Instalment %(number)d is prepared; a second person approves it.")
                             % {"number": payment.number})
    if request.POST.get("next") == "followup":  # the grant's own page, where the button was
        return redirect("grants:followup", grant_application_id=payment.application_id)
    return redirect("grants:payments")


@require_POST
@capability_required(ADMINISTER)
def payment_prepare(request: HttpRequest, grant_payment_id: int) -> HttpResponse:
    return _payment_action(request, grant_payment_id, scheme_payments.grant_payment_prepare)


@require_POST
@capability_required(ADMINISTER)
def payment_approve(request: HttpRequest, grant_payment_id: int) -> HttpResponse:
    return _payment_action(request, grant_payment_id, scheme_payments.grant_payment_approve)


# A grant's follow-up and its repayment claims ------------------------------------------------------------------

@login_required
def followup(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    application = grant_application_read(actor=request.user, application_id=grant_application_id,
                                         detail="follow-up shown")
    administers = bool(is_administrator_of(request.user, application.call))
    return render(request, "grants/schemes/followup/followup.html", {
        "application": application, "followup": grant_followup(application), "administers": administers,
        "payable": application.state in PAYABLE_STATES, "today": timezone.localdate(),
        "is_applicant": application.applicant_id == request.user.organisation_id
        and bool(user_can(request.user, Capability.APPLY_FOR_GRANTS)), "officer_nav": _officer_nav(request)})


@capability_required(ADMINISTER)
def repayment_new(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    application = grant_application_read(actor=request.user, application_id=grant_application_id,
                                         detail="repayment claim form")
    permission = is_administrator_of(request.user, application.call)
    limit = scheme_payments.repayment_claim_limit(application)
    report = None
    report_id = request.POST.get("report") or request.GET.get("report")
    if report_id and str(report_id).isdigit():
        report = application.reports.filter(pk=report_id).first()
    initial = {"report": report.pk if report else None}
    if report is not None and scheme_reports.report_unspent(report):
        initial.update(amount=min(scheme_reports.report_unspent(report), limit) or None,
                       reason=RepaymentClaim.Reason.UNSPENT,
                       explanation=_("The accounts for the grant show %(unspent)s NOK unspent.")
                       % {"unspent": scheme_reports.report_unspent(report)})
    form = RepaymentClaimForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not permission:
            messages.error(request, permission.reason)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                scheme_payments.repayment_claim_create(
                    actor=request.user, application=application, amount=data["amount"], reason=data["reason"],
                    explanation=data["explanation"], due_on=data["due_on"], report=report)
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("The repayment claim is recorded."))
                return redirect("grants:followup", grant_application_id=application.pk)
    return render(request, "grants/schemes/followup/repayment_form.html", {
        "application": application, "form": form, "limit": limit, "report": report,
        "refusal": None if permission else (permission.reason if permission is not None else "")},
        status=400 if form.errors else 200)


@require_POST
@capability_required(ADMINISTER)
def repayment_settle(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    application = grant_application_read(actor=request.user, application_id=grant_application_id,
                                         detail="repayment claim settled")
    claim_id = request.POST.get("claim", "")
    claim = application.repayment_claims.filter(pk=claim_id).first() if claim_id.isdigit() else None
    if claim is None:
        messages.error(request, _("Choose a repayment claim of this grant."))
    else:
        try:
            scheme_payments.repayment_claim_settle(actor=request.user, claim=claim, state=request.POST.get("state", ""))
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("The repayment claim is settled."))
    return redirect("grants:followup", grant_application_id=application.pk)


# Reports ------------------------------------------------------------------------------------------------------

@capability_required(ADMINISTER)
def reports(request: HttpRequest) -> HttpResponse:
    queues = report_queues(actor=request.user)
    grant_applications_shown(actor=request.user, applications=queues.applications, detail="grant reports")
    return render(request, "grants/schemes/followup/reports.html", {"queues": queues})


def _report_page(request: HttpRequest, report: GrantReport, *, form=None, review_form=None, status=200):
    application = report.application
    is_recipient = (application.applicant_id == request.user.organisation_id
                    and bool(user_can(request.user, Capability.APPLY_FOR_GRANTS)))
    fillable = (is_recipient and report.state in scheme_reports.OPEN_REPORT_STATES
                and application.state in PAYABLE_STATES)
    reviewable = report.state == GrantReport.State.SUBMITTED and bool(is_administrator_of(request.user,
                                                                                          application.call))
    if fillable and form is None:
        form = REPORT_FORMS[report.kind](initial=report.content)
    if reviewable and review_form is None:
        review_form = ReportReviewForm()
    labels = {name: field.label for name, field in REPORT_FORMS[report.kind]().fields.items()}
    shown = [(labels.get(key, key), report.content.get(key)) for key in scheme_reports.report_fields(report.kind)
             if key in report.content]
    return render(request, "grants/schemes/followup/report.html", {
        "report": report, "application": application, "form": form if fillable else None,
        "review_form": review_form if reviewable else None, "shown": shown,
        "unspent": scheme_reports.report_unspent(report),
        "may_claim": bool(is_administrator_of(request.user, application.call)),
        "overdue": report.state in scheme_reports.OPEN_REPORT_STATES and report.due_on < timezone.localdate(),
        "officer_nav": _officer_nav(request)},
        status=status)


@login_required
def report(request: HttpRequest, grant_report_id: int) -> HttpResponse:
    found = grant_report_for(actor=request.user, report_id=grant_report_id)
    grant_application_read(actor=request.user, application_id=found.application_id,
                           detail=f"report {found.pk} shown")
    if request.method != "POST":
        return _report_page(request, found)
    form = REPORT_FORMS[found.kind](request.POST)
    if form.is_valid():
        try:
            scheme_reports.grant_report_submit(actor=request.user, report=found, raw=form.cleaned_data)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The report is submitted; the grant officer reviews it."))
            return redirect("grants:report", grant_report_id=found.pk)
    return _report_page(request, found, form=form, status=400)


@require_POST
@capability_required(ADMINISTER)
def report_review(request: HttpRequest, grant_report_id: int) -> HttpResponse:
    found = grant_report_for(actor=request.user, report_id=grant_report_id)
    grant_application_read(actor=request.user, application_id=found.application_id,
                           detail=f"report {found.pk} reviewed")
    form = ReportReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve the report or return it."))
        return redirect("grants:report", grant_report_id=found.pk)
    try:
        reviewed = scheme_reports.grant_report_review(actor=request.user, report=found,
                                                      approve=form.cleaned_data["decision"] == "approve",
                                                      note=form.cleaned_data["note"])
    except ValidationError as error:
        _refused(request, error)
        return redirect("grants:report", grant_report_id=found.pk)
    if reviewed.state == GrantReport.State.APPROVED:
        messages.success(request, _("The report is approved."))
        if scheme_reports.report_unspent(reviewed):
            messages.info(request, _("The accounts show %(unspent)s NOK unspent: claim it back below.")
                          % {"unspent": scheme_reports.report_unspent(reviewed)})
    else:
        messages.success(request, _("The report is returned to the recipient for correction."))
    return redirect("grants:report", grant_report_id=found.pk)


# Control ------------------------------------------------------------------------------------------------------

@capability_required(ADMINISTER)
def control(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    call = grant_call_administered(actor=request.user, call_id=grant_call_id)
    permission = is_administrator_of(request.user, call)
    form = ControlDrawForm(request.POST or None)
    if request.method == "POST":
        if not permission:
            messages.error(request, permission.reason)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                sample = control_service.control_sample_draw(actor=request.user, call=call, method=data["method"],
                                                             size=data["size"], seed=data["seed"])
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("The sample is drawn (seed %(seed)d).") % {"seed": sample.seed})
                return redirect("grants:control_sample", grant_call_id=call.pk, control_sample_id=sample.pk)
    return render(request, "grants/schemes/followup/control.html", {
        "call": call, "form": form, "samples": call.control_samples.select_related("drawn_by"),
        "candidates": len(control_service.control_candidates(call)), "administers": bool(permission),
        "weights": [(RISK_LABELS[key], weight) for key, weight in RISK_WEIGHTS.items()],
        "export_choices": list(EXPORT_LABELS.items())},
        status=400 if form.errors else 200)


def _sample_page(request: HttpRequest, call, sample, bound: dict | None = None, status: int = 200) -> HttpResponse:
    findings = list(sample.findings.select_related("application__applicant", "concluded_by"))
    grant_applications_shown(actor=request.user, applications=[f.application for f in findings],
                             detail=f"control sample {sample.pk}")
    administers = bool(is_administrator_of(request.user, call))
    for finding in findings:
        finding.factor_labels = [RISK_LABELS.get(key, key) for key in finding.risk_factors]
        finding.form = (bound or {}).get(finding.pk) or (ControlFindingForm(
            prefix=f"f{finding.pk}", initial={"outcome": finding.outcome if finding.outcome != "pending" else None,
                                              "finding": finding.finding}) if administers else None)
    return render(request, "grants/schemes/followup/control_sample.html", {
        "call": call, "sample": sample, "findings": findings, "administers": administers}, status=status)


@capability_required(ADMINISTER)
def control_sample(request: HttpRequest, grant_call_id: int, control_sample_id: int) -> HttpResponse:
    call = grant_call_administered(actor=request.user, call_id=grant_call_id)
    return _sample_page(request, call, control_sample_for(call=call, sample_id=control_sample_id))


@require_POST
@capability_required(ADMINISTER)
def control_finding(request: HttpRequest, grant_call_id: int, control_sample_id: int) -> HttpResponse:
    call = grant_call_administered(actor=request.user, call_id=grant_call_id)
    sample = control_sample_for(call=call, sample_id=control_sample_id)
    finding_id = request.POST.get("finding_id", "")
    finding = sample.findings.filter(pk=finding_id).first() if finding_id.isdigit() else None
    if finding is None:
        messages.error(request, _("Choose a grant of this sample."))
        return redirect("grants:control_sample", grant_call_id=call.pk, control_sample_id=sample.pk)
    form = ControlFindingForm(request.POST, prefix=f"f{finding.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            control_service.control_finding_record(
                actor=request.user, finding=finding, outcome=data["outcome"], text=data["finding"],
                claim_amount=data["claim_amount"], claim_due_on=data["claim_due_on"])
        except ValidationError as error:
            if hasattr(error, "error_dict") and set(error.message_dict) & {"amount", "due_on"}:
                errors = error.message_dict
                error = ValidationError({"claim_amount" if key == "amount" else "claim_due_on" if key == "due_on"
                                         else key: value for key, value in errors.items()})
            copy_errors(form, error)
        else:
            messages.success(request, _("The finding is recorded."))
            return redirect("grants:control_sample", grant_call_id=call.pk, control_sample_id=sample.pk)
    return _sample_page(request, call, sample, bound={finding.pk: form}, status=400)


# Exports ------------------------------------------------------------------------------------------------------

@capability_required(ADMINISTER)
def export(request: HttpRequest, grant_call_id: int, what: str, file_format: str) -> HttpResponse:
    call = grant_call_administered(actor=request.user, call_id=grant_call_id)
    if what not in EXPORTS:
        raise Http404(_("No such export."))
    try:
        return scheme_export(actor=request.user, call=call, what=what, file_format=file_format)
    except ValueError:
        raise Http404(_("No such export format: choose csv or xlsx.")) from None

