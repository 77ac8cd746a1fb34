"""The officer's decision on a prize nomination (Mangfoldsprisen), after the jury's scoring: award it a placing in
its category, or not award it. The same workflow as the grants (`award` / `not_award` on
`GRANT_APPLICATION_WORKFLOW`), whose guards refuse a grant decision on a nomination and an award on a grant
application. A prize is no individual decision on a right or duty, so there is no appeal; the jury's reasons are
still written down for an award."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import User
from nyinorge.core.workflow import workflow_move, workflow_require
from nyinorge.grants.application_workflow import GRANT_APPLICATION_WORKFLOW
from nyinorge.grants.models import GrantApplication, GrantCall
from nyinorge.grants.selectors.prize import (
    AWARD_KEY, nomination_category, placing_holder, prize_categories, prize_placings,
)
from nyinorge.grants.translated import translated

PRIZE_DECISIONS = ("award", "not_award")


def _label(choices: list[tuple[str, dict]], value: str) -> str:
    return translated(dict(choices).get(value)) or value


def prize_nomination_decide(*, actor: User, application: GrantApplication, decision: str, reasons: str,
                            placing: str = "") -> GrantApplication:
    """Award the nomination a placing in its category (reasons required; a placing once per category and call), or
    do not award it."""
    if decision not in PRIZE_DECISIONS:
        raise ValidationError({"decision": [_("Choose whether the prize is awarded.")]})
    with transaction.atomic():
        # The call locked: two officers must not award the same placing at once.
        call = GrantCall.objects.select_for_update().get(pk=application.call_id)
        application = GrantApplication.objects.select_related("call__scheme").get(pk=application.pk)
        workflow_require(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=decision, user=actor)
        answers = dict(application.answers or {})
        answers.pop(AWARD_KEY, None)
        errors: dict[str, list[str]] = {}
        if decision == "award":
            if not reasons.strip():
                errors["reasons"] = [_("Give the jury's reasons for the award.")]
            placings = prize_placings(call)
            category = nomination_category(application)
            if placings and placing not in dict(placings):
                errors["placing"] = [_("Choose the placing among the prize's placings.")]
            elif not placings and placing:
                errors["placing"] = [_("This prize has no placings: leave the placing empty.")]
            else:
                holder = placing_holder(call=call, placing=placing, category=category, excluding=application.pk)
                if holder is not None:
                    errors["placing"] = [_("%(placing)s in the category “%(category)s” is already awarded to "
                                           "%(name)s in this call: choose another placing, or do not award.")
                                         % {"placing": _label(placings, placing) or _("The prize"),
                                            "category": _label(prize_categories(call), category) or "–",
                                            "name": holder.project_title}]
            answers[AWARD_KEY] = {"placing": placing, "category": category}
        if errors:
            raise ValidationError(errors)
        return workflow_move(
            workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=decision, actor=actor,
            reason=reasons.strip(), answers=answers, decision_reasons=reasons.strip(), decided_by=actor,
            decided_at=timezone.now())
