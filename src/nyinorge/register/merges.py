"""What the register says about merging two persons: how its one-per-person rows are settled (`core.services.merges`)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.services.merges import ConflictRule, register_merge_conflict

# The survivor's current legal basis stays current; the merged person's becomes history (set back by an unmerge).
register_merge_conflict("one_current_legal_basis_per_person",
                        ConflictRule(resolve=lambda: {"superseded_at": timezone.now()}))
# The same open residence registered twice is one residence; a different one must be ended first.
register_merge_conflict("one_open_residence_per_person", ConflictRule(
    delete_identical=True,
    message=lambda survivor, merged: _(
        "Both persons have an open residence period (%(survivor)s and %(merged)s): record the move or end one of "
        "them first, so the person lives in one place at a time.")
    % {"survivor": survivor[0].municipality_id, "merged": merged[0].municipality_id}))
register_merge_conflict("hours_once_per_month_and_type", ConflictRule(
    message=lambda survivor, merged: _(
        "Both persons have training hours for the same municipality, month and type (%(months)s): correct one of "
        "them first.") % {"months": ", ".join(sorted({f"{row.month:%Y-%m}" for row in merged}))}))
# Two statuses for the same month come from two deliveries about what Statistics Norway saw as two persons.
register_merge_conflict("one_status_per_person_and_month", ConflictRule(
    message=lambda survivor, merged: _(
        "Both persons have a status after the programme for the same month (%(months)s): re-deliver the status for "
        "the person who remains, then merge.") % {"months": ", ".join(sorted({f"{row.reference_month:%Y-%m}"
                                                                              for row in merged}))}))
