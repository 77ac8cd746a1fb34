"""Reading register records for reconciliation: what the register holds for some municipalities, changed since T.

Scoped by municipality (the client's), and by the same rule as every other read for the people hidden from
the reader (`people_hidden_from`: shielded identities): their records are left out, as the person is invisible.
"""

import datetime
import heapq
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from nyinorge.core.access import people_hidden_from
from nyinorge.core.models import Municipality, Person, User
from nyinorge.register.errors import RegisterValidationError
from nyinorge.register.models import RECORD_MODELS, RegisterRecord


def records_for_municipalities(
    *,
    actor: User,
    municipalities: Iterable[Municipality],
    changed_since: datetime.datetime | None,
    kinds: set[str] | None,
) -> Iterator[RegisterRecord]:
    """The municipalities' records of the given kinds (all when None) the actor may see, by (updated_at, kind, id)."""
    kinds = set(RECORD_MODELS) if kinds is None else set(kinds)
    unknown = kinds - set(RECORD_MODELS)
    if unknown:
        raise RegisterValidationError({"kinds": [_("Unknown record kinds: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}]})
    numbers = [m.pk if isinstance(m, Municipality) else m for m in municipalities]
    hidden = people_hidden_from(actor)
    streams = []
    for kind in sorted(kinds):
        model = RECORD_MODELS[kind]
        queryset = model.objects.filter(municipality_id__in=numbers).select_related("person", "client")
        if hidden is not None:
            queryset = queryset.exclude(person__in=Person.objects.filter(hidden).values("pk"))
        if changed_since is not None:
            queryset = queryset.filter(updated_at__gt=changed_since)
        queryset = queryset.order_by("updated_at", "id")
        if model is RECORD_MODELS["participation"]:
            queryset = queryset.prefetch_related("interruptions", "plan_elements")
        streams.append(((record.updated_at, kind, record.pk, record) for record in queryset.iterator(chunk_size=500)))
    for _updated, _kind, _pk, record in heapq.merge(*streams, key=lambda item: item[:3]):
        yield record
