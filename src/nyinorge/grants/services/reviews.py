"""Reviews of applications: the officers assign reviewers; each reviewer first declares impartiality
(forvaltningsloven §§ 6–10) — a declared conflict of interest removes them from the application (they lose
access, the officers see it and assign another) — and only then scores each criterion with a comment and answers
the call's review form, saving as they go and submitting once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import user_can
from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.roles import Capability, Role
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import A
from nyinorge.grants.application_workflow import is_administrator_of
from nyinorge.grants.formdefs import form_answers_clean
from nyinorge.grants.models import GrantApplication, GrantCall, ReviewAssignment

ASSIGNABLE_STATES = frozenset({A.SUBMITTED, A.IN_REVIEW})
MAX_COMMENT = 4000
R = ReviewAssignment.State


def _audit(*, actor: User, action: str, review: ReviewAssignment, detail: str) -> None:
    application = review.application
    audit_record(actor=actor, action=action, object_type="grants.reviewassignment", object_id=review.pk,
                 detail=f"grant application {application.pk} ({application.call.scheme.code}): {detail}"[:500])


def reviewers_for(call: GrantCall) -> QuerySet[User]:
    """Who may review the call's applications: reviewers of the administering organisation, the directorate's,
    and outside experts or jury members (organisations of kind "other"); a delegated municipality may use its own."""
    own_or_shared = Q(organisation_id=call.administered_by_id) | Q(
        organisation__kind__in=(Organisation.Kind.DIRECTORATE, Organisation.Kind.OTHER))
    return (User.objects.filter(own_or_shared, is_active=True, role_assignments__role=Role.GRANT_REVIEWER)
            .distinct().select_related("organisation").order_by("last_name", "first_name", "username"))


def review_assign(*, actor: User, application: GrantApplication, reviewer: User) -> ReviewAssignment:
    """Assign a reviewer to an application of a call the actor administers."""
    answer = is_administrator_of(actor, application.call)
    if not answer:
        raise PermissionDenied(answer.reason if answer is not None else _("Only grant officers assign reviewers."))
    if application.state not in ASSIGNABLE_STATES:
        raise ValidationError(_("Reviewers are assigned to submitted applications and applications in review; this "
                                "one is “%(state)s”.") % {"state": application.get_state_display()})
    if not reviewers_for(application.call).filter(pk=reviewer.pk).exists():
        raise ValidationError({"reviewer": [_("%(name)s is not a reviewer this call can use.")
                                            % {"name": reviewer.get_full_name() or reviewer.username}]})
    if application.applicant_id and reviewer.organisation_id == application.applicant_id:
        raise ValidationError({"reviewer": [_("A reviewer from the applying organisation is not impartial "
                                              "(forvaltningsloven § 6).")]})
    try:
        with transaction.atomic():
            review = ReviewAssignment.objects.create(application=application, reviewer=reviewer, assigned_by=actor)
            _audit(actor=actor, action=AuditEntry.Action.CREATE, review=review,
                   detail=f"reviewer {reviewer.username} assigned")
    except IntegrityError:
        raise ValidationError({"reviewer": [_("%(name)s is already assigned to this application (or declared a "
                                              "conflict of interest on it).")
                                            % {"name": reviewer.get_full_name() or reviewer.username}]}) from None
    return review


def review_for(*, actor: User, review_id: int) -> ReviewAssignment:
    """The actor's own review (404 for another's, or once they declared a conflict of interest)."""
    from django.http import Http404

    if not user_can(actor, Capability.REVIEW_GRANT_APPLICATIONS):
        raise PermissionDenied(_("Only reviewers open reviews."))
    try:
        return (ReviewAssignment.objects.exclude(state=R.CONFLICT)
                .select_related("application__call__scheme", "application__applicant",
                                "application__call__administered_by")
                .get(pk=review_id, reviewer=actor))
    except ReviewAssignment.DoesNotExist:
        raise Http404(_("No such review, or not one assigned to you.")) from None


def _locked(actor: User, review: ReviewAssignment) -> ReviewAssignment:
    review = (ReviewAssignment.objects.select_for_update(of=("self",))
              .select_related("application__call__scheme").get(pk=review.pk))
    if review.reviewer_id != actor.pk:
        raise PermissionDenied(_("The review is another reviewer's."))
    if review.state == R.CONFLICT:
        raise PermissionDenied(_("You declared a conflict of interest and are removed from this application."))
    return review


def review_declare(*, actor: User, review: ReviewAssignment, impartial: bool, note: str = "") -> ReviewAssignment:
    """The reviewer's declaration (fvl. §§ 6–10): impartial opens the scoring; a conflict (with what it is)
    removes them from the application."""
    with transaction.atomic():
        review = _locked(actor, review)
        if review.state != R.ASSIGNED:
            raise ValidationError(_("The declaration is already given."))
        if impartial:
            review.state = R.IMPARTIAL
        else:
            if not note.strip():
                raise ValidationError({"note": [_("Say what the conflict of interest is (for example a role in the "
                                                  "applying organisation, or a close relation to someone in it).")]})
            review.state, review.conflict_note = R.CONFLICT, note.strip()[:MAX_COMMENT]
        review.declared_at = timezone.now()
        review.save(update_fields=["state", "conflict_note", "declared_at"])
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, review=review,
               detail="declared impartial" if impartial else "declared a conflict of interest; removed")
    return review


def _require_scoring(review: ReviewAssignment) -> None:
    if review.state == R.ASSIGNED:
        raise ValidationError(_("Declare your impartiality first (forvaltningsloven §§ 6–10); then you can score."))
    if review.state == R.SUBMITTED:
        raise ValidationError(_("The review is submitted and can no longer be changed."))
    if review.application.state != A.IN_REVIEW:
        raise ValidationError(_("The application is not in review (it is “%(state)s”).")
                              % {"state": review.application.get_state_display()})


def _clean_scores(review: ReviewAssignment, scores: dict, *, complete: bool) -> tuple[dict, dict[str, list[str]]]:
    cleaned, errors = {}, {}
    for criterion in review.application.call.scheme.criteria.all():
        given = scores.get(criterion.key) or {}
        raw, comment = given.get("score"), str(given.get("comment") or "").strip()
        if len(comment) > MAX_COMMENT:
            errors[f"comment_{criterion.key}"] = [_("At most %(max)d characters.") % {"max": MAX_COMMENT}]
        if raw in (None, ""):
            if complete:
                errors[f"score_{criterion.key}"] = [_("Score every criterion before you submit.")]
            if comment:
                cleaned[criterion.key] = {"score": None, "comment": comment}
            continue
        try:
            score = int(raw)
        except (TypeError, ValueError):
            score = 0
        if not 1 <= score <= criterion.max_score:
            errors[f"score_{criterion.key}"] = [_("Give a score from 1 to %(max)d.") % {"max": criterion.max_score}]
            continue
        cleaned[criterion.key] = {"score": score, "comment": comment}
    return cleaned, errors


def review_score(*, actor: User, review: ReviewAssignment, scores: dict, answers: dict,
                 submit: bool = False) -> ReviewAssignment:
    """Save the scores ({criterion key: {"score", "comment"}}) and the review form's answers; with `submit`, every
    criterion and required answer must be given, and the review is final."""
    with transaction.atomic():
        review = _locked(actor, review)
        _require_scoring(review)
        cleaned, errors = _clean_scores(review, scores, complete=submit)
        form = form_answers_clean(review.application.call.review_form or {}, answers, complete=submit)
        errors.update({f"answer_{key}": messages for key, messages in form.errors.items()})
        if errors:
            raise ValidationError(errors)
        review.scores, review.answers = cleaned, form.answers
        fields = ["scores", "answers"]
        if submit:
            review.state, review.submitted_at = R.SUBMITTED, timezone.now()
            fields += ["state", "submitted_at"]
        review.save(update_fields=fields)
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, review=review,
               detail="review submitted" if submit else "scores saved")
    return review


def review_submit(*, actor: User, review: ReviewAssignment, scores: dict, answers: dict) -> ReviewAssignment:
    """Submit the review: every criterion scored, the review form complete."""
    return review_score(actor=actor, review=review, scores=scores, answers=answers, submit=True)
