"""The settlement interview (IMDinett mottak): save as a draft, or complete it — and completing feeds the case.

Every save is one transaction: the interview and its network ties, `version` bumped, one audit entry naming the
case's members; completing also writes, in the same transaction, what the case needs to know (one fact entered
once): `needs_summary` (a composed bokmål summary), `special_needs` when health or accessibility needs are given,
and `network_municipality` from the closest family tie. The matching reads the ties and the housing needs from
the completed interview itself (`competence.selectors.interviews`).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from nyinorge.competence.models import NetworkTie, SettlementInterview
from nyinorge.competence.selectors.interviews import CLOSE_FAMILY_ORDER
from nyinorge.core.access import require, user_can
from nyinorge.core.dates import sane_date_refusal
from nyinorge.core.models import AuditEntry, Municipality, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.models import Interpreter, Listing
from nyinorge.settlement.models import Case
from nyinorge.settlement.selectors.cases import cases_visible_to
from nyinorge.settlement.workflow import State

MAX_TIES = 20
# The interview prepares the settlement: it is changed only while the case waits for a municipality.
EDITABLE_STATES = frozenset({State.REGISTERED, State.READY, State.DECLINED})
# The part of `needs_summary` the interview writes begins here; a caseworker's own text before it is kept.
NEEDS_MARKER = "Fra bosettingssamtalen"


@dataclass(frozen=True)
class TieInput:
    municipality: Municipality
    relation: str
    note: str = ""


@dataclass(frozen=True)
class InterviewInput:
    held_on: datetime.date | None = None
    interpreter: Interpreter | None = None
    interpreter_language: str = ""
    family_situation: str = ""
    must_live_together: bool = True
    health_needs: str = ""
    accessible_dwelling: bool = False
    rooms_needed: int | None = None
    wishes: str = ""
    competence_reviewed: bool = False
    ties: Sequence[TieInput] = ()


class StaleInterview(ValidationError):
    """Someone else saved the interview since this form was opened."""


def _problems(*, case: Case, data: InterviewInput, complete: bool, today: datetime.date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if data.held_on is not None:
        refusal = sane_date_refusal(data.held_on)
        if refusal:
            add("held_on", refusal)
        elif data.held_on > today:
            add("held_on", _("The interview cannot be held in the future."))
        elif data.held_on < case.decision_date:
            add("held_on", _("The interview is held after the residence decision (%(date)s).") % {
                "date": case.decision_date.strftime("%d.%m.%Y")})
    elif complete:
        add("held_on", _("Give the date the interview was held."))
    if data.rooms_needed is not None and not 1 <= data.rooms_needed <= 20:
        add("rooms_needed", _("Give a number of bedrooms from 1 to 20."))
    if complete:
        if data.rooms_needed is None:
            add("rooms_needed", _("Give the number of bedrooms the case needs."))
        if not data.family_situation.strip():
            add("family_situation", _("Describe the family situation."))
    if data.interpreter is not None:
        if not data.interpreter_language:
            add("interpreter_language", _("Give the language the interpreter interpreted."))
        elif not Listing.objects.filter(interpreter=data.interpreter, language=data.interpreter_language).exists():
            add("interpreter_language", _("This interpreter is not on the public list for that language."))
    if len(data.ties) > MAX_TIES:
        add("ties", _("At most %(n)d network ties.") % {"n": MAX_TIES})
    seen = set()
    for tie in data.ties:
        if tie.relation not in NetworkTie.Relation.values:
            add("ties", _("Unknown relation “%(value)s”.") % {"value": tie.relation[:20]})
        key = (tie.municipality.pk, tie.relation)
        if key in seen:
            add("ties", _("%(municipality)s is given twice with the same relation.") % {
                "municipality": tie.municipality.name})
        seen.add(key)
    return errors


def interview_save(*, actor: User, case: Case, data: InterviewInput, complete: bool = False,
                   version: int | None = None) -> SettlementInterview:
    """Save the case's interview (creating it on the first save); `complete` validates it fully, marks it
    completed and writes its facts to the case. `version` is the one the form was opened with: a newer save by
    someone else is refused, never overwritten. A completed interview stays completed (it is saved by completing)."""
    require(user_can(actor, Capability.HOLD_SETTLEMENT_INTERVIEWS))
    today = timezone.localdate()
    with transaction.atomic():
        try:
            case = cases_visible_to(actor).select_for_update(of=("self",)).get(pk=case.pk)
        except Case.DoesNotExist:
            raise PermissionDenied(_("No such case, or not one you have access to.")) from None
        if case.state not in EDITABLE_STATES:
            raise ValidationError(_("The interview can be changed only while the case waits for a municipality; "
                                    "this case is “%(state)s”.") % {"state": case.get_state_display()})
        interview = SettlementInterview.objects.select_for_update().filter(case=case).first()
        if interview is not None and version is not None and interview.version != version:
            raise StaleInterview(_("Someone else saved this interview while you had it open. Open it again to see "
                                   "their changes."))
        if interview is not None and interview.status == SettlementInterview.Status.COMPLETED and not complete:
            raise ValidationError(_("The interview is completed; save your changes by completing it again."))
        errors = _problems(case=case, data=data, complete=complete, today=today)
        if errors:
            raise ValidationError(errors)
        created = interview is None
        if created:
            interview = SettlementInterview(case=case, version=1)
        else:
            interview.version += 1
        for name in ("held_on", "interpreter", "interpreter_language", "must_live_together", "accessible_dwelling",
                     "rooms_needed", "competence_reviewed"):
            setattr(interview, name, getattr(data, name))
        for name in ("family_situation", "health_needs", "wishes"):
            setattr(interview, name, getattr(data, name).strip())
        if not data.interpreter_language:
            interview.interpreter = None
        interview.held_by = actor
        if complete:
            interview.status = SettlementInterview.Status.COMPLETED
            interview.completed_at = timezone.now()
        interview.full_clean(exclude=["case", "held_by", "interpreter"])
        interview.save()
        interview.network_ties.all().delete()
        NetworkTie.objects.bulk_create([
            NetworkTie(interview=interview, municipality=tie.municipality, relation=tie.relation, note=tie.note.strip())
            for tie in data.ties])
        fed = interview_feed_case(case=case, interview=interview, ties=data.ties) if complete else []
        audit_record(actor=actor, action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                     object_type="competence.settlement_interview", object_id=interview.pk,
                     persons=[member.person for member in case.members.select_related("person")],
                     detail=(f"case {case.pk}, {'completed' if complete else 'draft'}, version {interview.version}, "
                             f"{len(data.ties)} ties" + (f"; case: {', '.join(fed)}" if fed else "")))
    return interview


def interview_feed_case(*, case: Case, interview: SettlementInterview, ties: Sequence[TieInput]) -> list[str]:
    """Write a completed interview's facts to the (locked) case; returns the names of the fields changed.

    The one rule for the reception's interview and the mission's (KomBo) alike."""
    changed = []
    summary = needs_summary_compose(interview)
    kept = case.needs_summary.split(NEEDS_MARKER, 1)[0].rstrip()
    needs = f"{kept}\n\n{summary}" if kept else summary
    if needs != case.needs_summary:
        case.needs_summary = needs
        changed.append("needs_summary")
    if (interview.accessible_dwelling or interview.health_needs) and not case.special_needs:
        case.special_needs = True
        changed.append("special_needs")
    closest = closest_family_municipality(ties)
    if closest is not None and closest.pk != case.network_municipality_id:
        case.network_municipality = closest
        changed.append("network_municipality")
    if changed:
        case.save(update_fields=changed)
    return changed


def closest_family_municipality(ties: Sequence[TieInput]) -> Municipality | None:
    """The municipality of the closest family tie (spouse, adult child, parent, sibling, in that order), if any."""
    order = {relation: rank for rank, relation in enumerate(CLOSE_FAMILY_ORDER)}
    close = [(order[tie.relation], index, tie) for index, tie in enumerate(ties) if tie.relation in order]
    return min(close, key=lambda item: item[:2])[2].municipality if close else None


def needs_summary_compose(interview: SettlementInterview) -> str:
    """The interview's needs in bokmål, the case file's language, whoever held it: accessibility, bedrooms,
    living together, and the health needs that matter for housing."""
    with override("nb"):
        parts = []
        if interview.accessible_dwelling:
            parts.append(_("Needs a wheelchair-accessible dwelling."))
        if interview.rooms_needed:
            parts.append(_("Bedrooms needed: %(rooms)d.") % {"rooms": interview.rooms_needed})
        if interview.must_live_together and interview.case.persons_count > 1:
            parts.append(_("The whole case must live together."))
        if interview.health_needs:
            parts.append(_("Health needs for housing: %(needs)s") % {"needs": interview.health_needs.rstrip(".") + "."})
        if not parts:
            parts.append(_("No special needs for housing."))
        held_on = interview.held_on.strftime("%d.%m.%Y") if interview.held_on else ""
        return f"{NEEDS_MARKER} {held_on}: " + " ".join(parts)
