"""What anyone may read without a login: the active schemes, the calls that are published and open now, and the
winners of the published prize calls (the businesses' names and municipalities: what the prize announces)."""

from django.db.models import QuerySet
from django.utils import timezone

from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantCall, GrantScheme
from nyinorge.grants.selectors.prize import CategoryWinners, prize_winners

PRIZE_RESULTS_SHOWN = 3  # the latest prize calls with winners


def public_calls_open() -> QuerySet[GrantCall]:
    """Published calls open now, prize nominations included, the nearest deadline first."""
    now = timezone.now()
    return (GrantCall.objects.filter(published=True, opens_at__lte=now, deadline__gte=now)
            .select_related("scheme", "administered_by").order_by("deadline", "id"))


def public_schemes() -> QuerySet[GrantScheme]:
    """The active schemes, for the public description of each (objective, target group, criteria, follow-up)."""
    return GrantScheme.objects.filter(is_active=True).prefetch_related("criteria").order_by("kind", "code")


def public_prize_call(*, call_id: int) -> GrantCall | None:
    """A published prize call (open or not), or None: the nomination page says when it is closed."""
    return (GrantCall.objects.filter(pk=call_id, published=True, scheme__kind="prize")
            .select_related("scheme", "administered_by").first())


def public_prize_results(limit: int = PRIZE_RESULTS_SHOWN) -> list[tuple[GrantCall, list[CategoryWinners]]]:
    """The latest published prize calls with awarded nominations, each with its winners by category and placing."""
    # Only once nominations are closed: a winner is not published while others can still be nominated.
    calls = (GrantCall.objects.filter(published=True, scheme__kind="prize", applications__state=A.AWARDED,
                                      deadline__lt=timezone.now())
             .distinct().select_related("scheme").order_by("-budget_year", "-deadline", "-id")[:limit])
    return [(call, prize_winners(call)) for call in calls]
