"""Small-number suppression for published aggregates: no count of 1–4 persons can be seen or worked out.

The rule, as the statistics page states it:

1. primary: a count of 1 to 4 is shown as "<5" (0 is shown: an empty cell says nothing about anyone);
2. secondary: counts are tied by relations (a total and its parts, e.g. settled = unaccompanied minors +
   persons in families + other adults + shielded identities). The unnamed rest of a relation (here the
   shielded identities) counts as a cell the reader can work out. Whenever a relation has exactly one
   hidden cell, the smallest shown part (else the total) is hidden too, and this is repeated until no
   relation has exactly one hidden cell — so no hidden value follows from subtraction;
3. means, medians and shares describe a group: they are hidden when the group has fewer than 5 persons,
   and a share also when the persons it counts, or those it leaves out, are 1 to 4 (share × group gives
   them back).

The suppression is computed once for all figures of a year, so two tables cannot undo each other.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

THRESHOLD = 5
SUPPRESSED = "<5"


def is_small(value: int | float | None) -> bool:
    """Whether a count is a small number that must not be published (1 to THRESHOLD − 1)."""
    return value is not None and 0 < value < THRESHOLD


@dataclass(frozen=True)
class Relation:
    """total = sum(parts) + an unnamed, unpublished rest (0 when the parts add up)."""

    total: str
    parts: tuple[str, ...]


def cells_to_suppress(*, values: Mapping[str, int | None], relations: Iterable[Relation]) -> frozenset[str]:
    """The keys of the counts to hide: primary small numbers plus what hides them from subtraction."""
    relations = [r for r in relations if r.total in values and all(p in values for p in r.parts)]
    hidden = {key for key, value in values.items() if is_small(value)}
    changed = True
    while changed:
        changed = False
        for relation in relations:
            if values[relation.total] is None or any(values[p] is None for p in relation.parts):
                continue
            rest = values[relation.total] - sum(values[p] for p in relation.parts)
            cells = (relation.total, *relation.parts)
            hidden_here = sum(cell in hidden for cell in cells) + is_small(rest)
            if hidden_here != 1:
                continue
            shown_parts = sorted((p for p in relation.parts if p not in hidden), key=lambda p: (values[p] == 0, values[p]))
            candidate = shown_parts[0] if shown_parts else relation.total
            if candidate in hidden:
                continue  # only the rest is small and nothing else can be hidden: the total is already hidden
            hidden.add(candidate)
            changed = True
    return frozenset(hidden)


def share_hidden(*, share: float | None, group: int | None) -> bool:
    """Whether a share of a group must be hidden: small group, or a small count inside or outside the share."""
    if share is None or group is None:
        return False
    if group < THRESHOLD:
        return group > 0
    inside = round(share * group)
    return is_small(inside) or is_small(group - inside)


def mean_hidden(*, group: int | None) -> bool:
    """Whether a mean or median over a group must be hidden: the group has 1 to 4 persons."""
    return is_small(group)
