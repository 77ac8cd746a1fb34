"""Train, activate and deactivate the platform's outcome model (`settlement.outcome_model`).

Training stores a new version with its model card and does not activate it (unless asked, from the command line):
a person with the capability reads the card first and then activates it, or goes back to the indicator baseline.
Each step is one transaction with its audit entry. The training set holds personal data but the stored card only
aggregates; a group smaller than `MIN_GROUP_RECORDS` shows its count and no rates, as the statistics suppress
small numbers.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.matching.outcomes import ResearchExtraMissing
from nyinorge.settlement import outcome_model
from nyinorge.settlement.models import OutcomeModelVersion
from nyinorge.settlement.outcome_features import CATEGORICAL_FEATURES
from nyinorge.settlement.selectors.outcome_training import outcome_training_set

logger = logging.getLogger(__name__)
MIN_GROUP_RECORDS = 10
CARD_GROUPINGS = ("sex", "country_group")


def _suppress_small(rows: list[dict]) -> list[dict]:
    return [row if row["records"] >= MIN_GROUP_RECORDS else
            {"group": row["group"], "records": row["records"], "suppressed": True} for row in rows]


def outcome_model_train(*, actor: User | None, from_year: int, to_year: int,
                        reference_until: datetime.date | None = None, seed: int = 0,
                        activate: bool = False) -> OutcomeModelVersion:
    """Build the window's training set, cross-fit and store a new version with its card (active only if asked)."""
    if actor is not None:
        require(user_can(actor, Capability.MANAGE_OUTCOME_MODEL))
    started = timezone.now()
    try:
        training = outcome_training_set(from_year=from_year, to_year=to_year, reference_until=reference_until)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    y = training.outcomes()
    try:
        fitted = outcome_model.fit(x=training.matrix(), y=y, cases=training.cases(), features=training.features,
                                   categorical=CATEGORICAL_FEATURES, seed=seed)
    except ResearchExtraMissing as error:
        raise ValidationError(str(error)) from None
    except ValueError as error:
        raise ValidationError(_("No model could be trained on settlements %(from)s–%(to)s: %(reason)s") % {
            "from": from_year, "to": to_year, "reason": error}) from None
    card = outcome_model.model_card(fitted=fitted, y=y, groups={name: training.groups(name) for name in CARD_GROUPINGS})
    card["groups"] = {name: _suppress_small(rows) for name, rows in card["groups"].items()}
    card.update(window=training.window.as_json(), features=list(training.features), excluded=training.excluded,
                seed=seed, seconds=round((timezone.now() - started).total_seconds(), 1),
                params={**outcome_model.PARAMS, "rounds": outcome_model.ROUNDS})
    svg = outcome_model.calibration_svg(reliability=card["reliability"], auc=card["auc"], brier=card["brier"],
                                        title=f"Calibration, settlements {from_year}–{to_year}")
    with transaction.atomic():
        version = _new_version_name(started)
        if activate:
            OutcomeModelVersion.objects.filter(active=True).update(active=False)
        stored = OutcomeModelVersion.objects.create(
            version=version, trained_at=started, created_by=actor, from_year=from_year, to_year=to_year,
            reference_until=reference_until, features=list(training.features), artefact=fitted.booster_text,
            calibration=list(fitted.calibration), record_count=len(training), auc=card["auc"], brier=card["brier"],
            card=card, calibration_svg=svg, active=activate, activated_at=started if activate else None,
            activated_by=actor if activate else None)
        audit_record(actor=actor, username="outcome_model_train", action=AuditEntry.Action.CREATE,
                     object_type="settlement.outcomemodelversion", object_id=stored.pk,
                     detail=f"model {version} trained on {len(training)} settled persons {from_year}-{to_year}"
                            + (", activated" if activate else ""))
    logger.info("outcome model %s: %d records, AUC %s, Brier %.4f", version, len(training), card["auc"], card["brier"])
    return stored


def _new_version_name(at: datetime.datetime) -> str:
    base = at.strftime("%Y%m%dT%H%M%S")
    taken = set(OutcomeModelVersion.objects.filter(version__startswith=base).values_list("version", flat=True))
    number = 1
    while (base if number == 1 else f"{base}-{number}") in taken:
        number += 1
    return base if number == 1 else f"{base}-{number}"


def outcome_model_activate(*, actor: User, version: OutcomeModelVersion) -> OutcomeModelVersion:
    """Make the version the one the suggestions use (the one active before is no longer)."""
    require(user_can(actor, Capability.MANAGE_OUTCOME_MODEL))
    with transaction.atomic():
        version = OutcomeModelVersion.objects.select_for_update().get(pk=version.pk)
        OutcomeModelVersion.objects.filter(active=True).exclude(pk=version.pk).update(active=False)
        version.active, version.activated_at, version.activated_by = True, timezone.now(), actor
        version.save(update_fields=["active", "activated_at", "activated_by"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="settlement.outcomemodelversion",
                     object_id=version.pk, detail=f"activated model {version.version}")
    return version


def outcome_model_deactivate(*, actor: User) -> int:
    """Go back to the indicator baseline: no version is active; how many were."""
    require(user_can(actor, Capability.MANAGE_OUTCOME_MODEL))
    with transaction.atomic():
        active = list(OutcomeModelVersion.objects.select_for_update().filter(active=True))
        OutcomeModelVersion.objects.filter(pk__in=[v.pk for v in active]).update(active=False)
        for version in active:
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="settlement.outcomemodelversion",
                         object_id=version.pk, detail=f"deactivated model {version.version}: the indicator baseline")
    return len(active)
