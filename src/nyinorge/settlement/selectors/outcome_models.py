"""The stored outcome-model versions and their cards (aggregates only: no personal data)."""

from django.db.models import QuerySet

from nyinorge.core.access import require, user_can
from nyinorge.core.models import User
from nyinorge.core.roles import Capability
from nyinorge.settlement.models import OutcomeModelVersion


def outcome_model_versions(*, actor: User) -> QuerySet[OutcomeModelVersion]:
    """Every stored version, newest first, without the artefact."""
    require(user_can(actor, Capability.MANAGE_OUTCOME_MODEL))
    return OutcomeModelVersion.objects.defer("artefact", "calibration_svg", "card").select_related(
        "created_by", "activated_by")


def outcome_model_active() -> OutcomeModelVersion | None:
    """The version the suggestions use now, or None (the indicator baseline)."""
    return OutcomeModelVersion.objects.defer("artefact").filter(active=True).first()


def outcome_model_label(version: OutcomeModelVersion | None) -> dict:
    """What a page says about the values' model: trained when, on which settlements, its AUC; or the baseline."""
    if version is None:
        return {"trained": False}
    return {"trained": True, "pk": version.pk, "version": version.version, "trained_at": version.trained_at,
            "from_year": version.from_year, "to_year": version.to_year, "auc": version.auc,
            "records": version.record_count}
