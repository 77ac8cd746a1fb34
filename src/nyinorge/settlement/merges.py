"""What settlement says about merging two persons (`core.services.merges`): never two open cases into one person."""

from django.utils.translation import gettext as _

from nyinorge.core.models import Person
from nyinorge.core.services.merges import ConflictRule, register_merge_check, register_merge_conflict


@register_merge_check
def both_in_open_cases(survivor: Person, merged: Person) -> list[str]:
    from nyinorge.settlement.models import CaseMember
    from nyinorge.settlement.workflow import OPEN_STATES

    open_cases = {
        person.pk: sorted(CaseMember.objects.filter(person=person, case__state__in=OPEN_STATES)
                          .values_list("case_id", flat=True))
        for person in (survivor, merged)}
    if open_cases[survivor.pk] and open_cases[merged.pk]:
        return [_("Both persons are in open settlement cases (%(survivor)s for %(survivor_name)s, %(merged)s for "
                  "%(merged_name)s): resolve one case first (settle, withdraw or remove the person), then merge.")
                % {"survivor": ", ".join(map(str, open_cases[survivor.pk])), "survivor_name": survivor.full_name,
                   "merged": ", ".join(map(str, open_cases[merged.pk])), "merged_name": merged.full_name}]
    return []


register_merge_conflict("person_once_per_case", ConflictRule(
    message=lambda survivor, merged: _("Both persons are members of the same settlement case (%(cases)s): remove one "
                                       "of them from the case first.")
    % {"cases": ", ".join(sorted({str(row.case_id) for row in merged}))}))
